//! Dutch notation shared by the parser, the formatter, the checker, the evaluator and the
//! renderers: the names of the months, the ordinals that number leden ("het derde lid"), the
//! words a citation uses for a lid, and how dates ("1 juli 2023"), decimals ("1.234,5") and
//! lists ("a, b en c") are written. It sits with the syntax so that every layer above can use it.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Dutch ordinals, for "het derde lid".
pub const ORDINALS: &[&str] = &[
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
];

/// The number words of the grammar's `number_word` (also read by hand in `literal_fast`).
pub(crate) const UNITS: &[&str] = &[
    "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
];
pub(crate) const TEENS: &[&str] = &[
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
];
pub(crate) const TENS: &[&str] = &[
    "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig",
];

/// A whole number from 1 to 100 in Dutch words, as a legal text writes a duration ("zes
/// maanden", "vierentwintig maanden", "tweeëntwintig weken"); None outside that range.
pub fn number_words(n: u32) -> Option<String> {
    let unit = |i: u32| UNITS.get(i.checked_sub(1)? as usize).copied();
    match n {
        1..=9 => unit(n).map(str::to_string),
        10..=19 => TEENS.get((n - 10) as usize).map(|s| s.to_string()),
        100 => Some("honderd".into()),
        20..=99 => {
            let ten = TENS.get((n / 10 - 2) as usize)?;
            match n % 10 {
                0 => Some(ten.to_string()),
                u => {
                    let u = unit(u)?;
                    // "tweeëntwintig", "drieëntwintig": a diaeresis after a closing e.
                    let join = if u.ends_with('e') { "ën" } else { "en" };
                    Some(format!("{u}{join}{ten}"))
                }
            }
        }
        _ => None,
    }
}

/// The number that [`number_words`] writes as `w`.
pub fn number_from_words(w: &str) -> Option<u32> {
    // Every number word starts with a letter; digits ("23 maanden", every quantity a case
    // gives) need not be compared with the hundred spellings, each a fresh String.
    if !w.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    (1..=100).find(|n| number_words(*n).as_deref() == Some(w))
}

pub const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "derde lid" for lid 3; "lid 21" past the ordinals the tables know.
pub fn lid_words(nr: &str) -> String {
    match nr
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| ORDINALS.get(i))
    {
        Some(w) => format!("{w} lid"),
        None => format!("lid {nr}"),
    }
}

/// A citation in a sentence that goes on after it. A subdivision cited after a comma ("artikel
/// 14, derde lid", "artikel 5, lid 2, onderdeel a", "bijlage behorende bij artikel 14b, vijfde
/// lid") is closed by a comma as well, as the Aanwijzingen voor de regelgeving write "artikel 3,
/// eerste lid, van de wet": "Artikel 14, derde lid, vernummerd naar …". A citation without a
/// subdivision ("artikel 14") stays as it is. Every sentence that names a citation and goes on
/// (the was-wordt's summary, the besluit, the messages about a wijzigingsbesluit, `tekst`)
/// phrases it here, so none of them drops the closing comma.
pub fn in_zin(citaat: &str) -> String {
    let citaat = citaat.trim_end();
    if citaat.contains(", ") && !citaat.ends_with(',') {
        format!("{citaat},")
    } else {
        citaat.to_string()
    }
}

pub fn format_decimal(d: Decimal, min_decimals: u32) -> String {
    let d = d.normalize();
    let scale = d.scale().max(min_decimals);
    let s = format!("{:.*}", scale as usize, d.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// "a, b en c".
pub fn join_dutch(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

/// `1 juli 2023`.
pub fn format_date(d: NaiveDate) -> String {
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("?");
    format!("{} {month} {}", d.day(), d.year())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_read_back() {
        assert_eq!(number_words(6).as_deref(), Some("zes"));
        assert_eq!(number_words(17).as_deref(), Some("zeventien"));
        assert_eq!(number_words(24).as_deref(), Some("vierentwintig"));
        assert_eq!(number_words(22).as_deref(), Some("tweeëntwintig"));
        assert_eq!(number_words(60).as_deref(), Some("zestig"));
        assert_eq!(number_words(100).as_deref(), Some("honderd"));
        assert_eq!(number_words(0), None);
        assert_eq!(number_words(101), None);
        for n in 1..=100 {
            assert_eq!(number_from_words(&number_words(n).unwrap()), Some(n));
        }
    }

    #[test]
    fn a_cited_subdivision_is_closed_by_a_comma() {
        assert_eq!(in_zin("Artikel 14, derde lid"), "Artikel 14, derde lid,");
        assert_eq!(
            in_zin("artikel 5, lid 2, onderdeel a"),
            "artikel 5, lid 2, onderdeel a,"
        );
        assert_eq!(
            in_zin("Bijlage behorende bij artikel 14b, vijfde lid"),
            "Bijlage behorende bij artikel 14b, vijfde lid,"
        );
        assert_eq!(in_zin("Artikel 14"), "Artikel 14");
        assert_eq!(in_zin("hoofdstuk 3A"), "hoofdstuk 3A");
        // Already closed: not twice.
        assert_eq!(in_zin("artikel 3, eerste lid,"), "artikel 3, eerste lid,");
    }
}
