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
mod tests {
    use super::in_zin;

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
