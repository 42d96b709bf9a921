//! The common forms of a value written as text (`€ 1.234,56`, `7,5%`, `13 weken`, `zes
//! maanden`, `2023-09-01`, `1 januari 2024`, `3`, `ja`) read without pest: reading a case
//! spends most of its time here (design.md, issues 14 and 19).
//!
//! [`read`] answers only when it has recognised the whole text as one of these forms, and then
//! with the literal pest and the builder would give; everything else (texts, names, comments,
//! errors, numbers of more than 28 digits, dates that do not exist, anything unusual) it leaves
//! to pest by answering `None`. A property test holds the two equal
//! (`parse_literal_fast_equals_pest` below).
//!
//! Why each accepted form is pest's too: `literal = { date | money | percent | quantity |
//! boolean | number | string }` commits to the first alternative that matches a prefix, so
//! every form here is accepted only when no earlier alternative matches a prefix of it:
//! - a date has a `-` after four digits or a month name after one or two digits and spaces;
//!   no other form here has either (no unit word is a month name);
//! - money begins with `€`, which nothing earlier does;
//! - a percent, a quantity and a plain number begin with a number and differ in what follows
//!   it (` %`, `%`, ` procent`; spaces and a unit; the end), and `percent` fails on a unit word
//!   and on the end, `quantity` on `%` and on the end;
//! - `ja` and `nee` begin with a letter: no date, money, percent or digit quantity, and no
//!   number word.

use crate::syntax::ast::{DurationUnit, Literal};
use crate::syntax::notation::{number_from_words, MONTHS, TEENS, TENS, UNITS};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The literal `text` (already trimmed) is, if it is one of the common forms; `None` leaves it
/// to pest.
pub(super) fn read(text: &str) -> Option<Literal> {
    let b = text.as_bytes();
    let first = *b.first()?;
    if first.is_ascii_digit() {
        if let Some(d) = date(b) {
            return Some(Literal::Date(d));
        }
        let (n, end) = number(b, 0)?;
        let rest = b.get(end..)?;
        return match rest {
            [] => Some(Literal::Number(n)),
            [b'%'] | [b' ', b'%'] | b" procent" => Some(Literal::Percent(n)),
            [b' ', ..] => Some(Literal::Quantity(n, unit_after_spaces(rest)?)),
            _ => None,
        };
    }
    // `€` is three bytes in UTF-8.
    if let Some(after) = text.strip_prefix('€') {
        let nb = after.as_bytes();
        let start = usize::from(nb.first() == Some(&b' '));
        let (n, end) = number(nb, start)?;
        return (end == nb.len()).then_some(Literal::Money(n));
    }
    match text {
        "ja" => return Some(Literal::Bool(true)),
        "nee" => return Some(Literal::Bool(false)),
        _ => {}
    }
    // A quantity in words: `zes maanden`, `een jaar`, `vierentwintig maanden`.
    let space = b.iter().position(|c| *c == b' ')?;
    let word = text.get(..space)?;
    if !is_number_word(word) {
        return None;
    }
    let n = number_from_words(word)?;
    let unit = unit_after_spaces(b.get(space..)?)?;
    Some(Literal::Quantity(Decimal::from(n), unit))
}

/// The grammar's `number` from `start`: digits, groups of a `.` and exactly three digits, and
/// a `,` with decimals; its value and where it ends. `None` if it has more than 28 digits (let
/// rust_decimal's own reading, through pest, decide) or does not begin with a digit.
///
/// The caller checks what follows (the grammar's `!ident_char`): every form here accepts only
/// the end, a space or `%` after a number.
fn number(b: &[u8], start: usize) -> Option<(Decimal, usize)> {
    let mut i = start;
    let mut mantissa: u128 = 0;
    let mut digits = 0u32;
    let mut push = |c: u8, digits: &mut u32| {
        mantissa = mantissa * 10 + u128::from(c - b'0');
        *digits += 1;
    };
    while let Some(c) = b.get(i).copied().filter(u8::is_ascii_digit) {
        push(c, &mut digits);
        i += 1;
        if digits > 28 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    // `("." ~ ASCII_DIGIT{3})*`: a group that is not a dot and three digits is not taken.
    while let Some(&[b'.', x, y, z]) = b.get(i..i + 4) {
        if !(x.is_ascii_digit() && y.is_ascii_digit() && z.is_ascii_digit()) {
            break;
        }
        for c in [x, y, z] {
            push(c, &mut digits);
        }
        i += 4;
        if digits > 28 {
            return None;
        }
    }
    let mut scale = 0u32;
    if b.get(i) == Some(&b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while let Some(c) = b.get(i).copied().filter(u8::is_ascii_digit) {
            push(c, &mut digits);
            scale += 1;
            i += 1;
            if digits > 28 {
                return None;
            }
        }
    }
    let mantissa = i128::try_from(mantissa).ok()?;
    let d = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    Some((d, i))
}

/// ` weken` (one or more spaces, a unit word, the end) as its unit.
fn unit_after_spaces(rest: &[u8]) -> Option<DurationUnit> {
    let word = rest.get(rest.iter().position(|c| *c != b' ')?..)?;
    if word.len() + 1 > rest.len() {
        return None; // no space before the word
    }
    DurationUnit::from_word(std::str::from_utf8(word).ok()?)
}

/// `2023-09-01` or `1 januari 2024` as the whole text, if that date exists (a date that does
/// not is pest's and the builder's to report).
fn date(b: &[u8]) -> Option<NaiveDate> {
    let digits = |s: &[u8]| -> Option<u32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
    };
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b {
        let y = digits(&[y0, y1, y2, y3])?;
        let m = digits(&[m0, m1])?;
        let d = digits(&[d0, d1])?;
        if y < 1000 {
            return None;
        }
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    // `ASCII_DIGIT{1,2} ~ " "+ ~ month_name ~ " "+ ~ ASCII_DIGIT{4}`
    let day_len = b.iter().position(|c| !c.is_ascii_digit())?;
    if !(1..=2).contains(&day_len) || b.get(day_len) != Some(&b' ') {
        return None;
    }
    let day = digits(b.get(..day_len)?)?;
    let rest = b.get(day_len..)?;
    let rest = rest.get(rest.iter().position(|c| *c != b' ')?..)?;
    let month_len = rest.iter().position(|c| *c == b' ')?;
    let month_word = std::str::from_utf8(rest.get(..month_len)?).ok()?;
    let month = MONTHS.iter().position(|m| *m == month_word)?;
    let rest = rest.get(month_len..)?;
    let year = rest.get(rest.iter().position(|c| *c != b' ')?..)?;
    if year.len() != 4 {
        return None;
    }
    let year = digits(year)?;
    if year < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month + 1).ok()?,
        day,
    )
}

/// Whether the grammar's `number_word` is exactly `w`: a unit (`zes`), a teen (`zestien`), a ten
/// (`zestig`), `honderd`, or a unit, `en` or `ën` and a ten (`zesentwintig`, `tweeëntwintig`).
/// Which of these `number_from_words` knows decides the rest.
fn is_number_word(w: &str) -> bool {
    if w == "honderd" || UNITS.contains(&w) || TEENS.contains(&w) || TENS.contains(&w) {
        return true;
    }
    UNITS.iter().any(|u| {
        w.strip_prefix(u)
            .and_then(|r| r.strip_prefix("en").or_else(|| r.strip_prefix("ën")))
            .is_some_and(|t| TENS.contains(&t))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{parse_literal, parse_literal_pest};
    use proptest::prelude::*;

    /// Both readings, written out so that a decimal's scale counts (`1,50` is not `1,5`).
    fn both(text: &str) -> (String, String) {
        (
            format!("{:?}", parse_literal(text)),
            format!("{:?}", parse_literal_pest(text)),
        )
    }

    fn same(text: &str) {
        let (fast, pest) = both(text);
        assert_eq!(fast, pest, "{text:?}");
    }

    #[test]
    fn hand_picked_edge_cases() {
        let table = [
            // numbers
            "0",
            "3",
            "007",
            "1,5",
            "1,50",
            "0,00",
            "1.234",
            "1.234,56",
            "1.234.567,890",
            "1.23",
            "1.2345",
            "12.345.6",
            "1,",
            "1,a",
            ",5",
            "1.",
            "1..234",
            "1,5,6",
            "1.234a",
            "3a",
            "3_",
            "3é",
            "1 234",
            "-3",
            "+3",
            "3.000,00",
            "1.000.000.000.000.000.000.000.000",
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "0,0000000000000000000000000001",
            "0,000000000000000000000000001",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "1234567890123456789012345678,9",
            // money
            "€ 1.234,56",
            "€1.234,56",
            "€  1",
            "€",
            "€ ",
            "€ 1,",
            "€ 1.23",
            "€€ 1",
            "€ 1 %",
            "€\u{a0}1",
            "€ 1dagen",
            "€ 0,10",
            "EUR 1",
            // percent
            "7,5%",
            "7,5 %",
            "7,5  %",
            "50 procent",
            "50procent",
            "50 procenten",
            "50 Procent",
            "50 procent x",
            "50%%",
            "50 %a",
            "1.000%",
            "7,5 % ",
            // quantities
            "30 jaar",
            "13 weken",
            "32 uur",
            "32 uren",
            "1 dag",
            "2 dagen",
            "5 werkdagen",
            "1 werkdag",
            "3 maand",
            "3 maanden",
            "1 week",
            "2 jaren",
            "3  dagen",
            "3\tdagen",
            "3 dagenx",
            "3 dagen dagen",
            "3dagen",
            "3 Dagen",
            "1,5 uur",
            "1.000 dagen",
            "zes maanden",
            "een jaar",
            "vierentwintig maanden",
            "tweeëntwintig dagen",
            "tweeentwintig dagen",
            "honderd dagen",
            "honderdeen dagen",
            "nul dagen",
            "Zes maanden",
            "zes  maanden",
            "zes",
            "zesmaanden",
            "elf weken",
            "tien uur",
            "eenentwintig jaar",
            "eenëntwintig jaar",
            "driehonderd jaar",
            // dates
            "2023-09-01",
            "2023-02-29",
            "2024-02-29",
            "2023-13-01",
            "2023-9-01",
            "0999-01-01",
            "0000-01-01",
            "2023-09-01x",
            "2023-09-01 ",
            "20230-09-01",
            "1 januari 2024",
            "01 januari 2024",
            "31 februari 2024",
            "0 januari 2024",
            "1  januari  2024",
            "123 januari 2024",
            "1 Januari 2024",
            "1 januari 24",
            "1 januari 20245",
            "1 januari 0999",
            "29 februari 2023",
            "1 mei 2024",
            "1 maart 2024 x",
            "1 januari2024",
            // booleans and names
            "ja",
            "nee",
            "Ja",
            "jaa",
            "ne",
            "niet",
            "een",
            "bijstand",
            "art4.lid2",
            "_x",
            // texts, comments, whitespace
            "\"tekst\"",
            "\"\"",
            "\"a{b}\"",
            " 3 ",
            "\n3\n",
            "3 # opmerking",
            "# x\n3",
            "\u{a0}3\u{a0}",
            "\u{2003}3",
            "",
            " ",
            "3\r",
            "€ 3 # x",
        ];
        for text in table {
            same(text);
        }
        for n in 1..=100 {
            if let Some(w) = crate::syntax::notation::number_words(n) {
                same(&format!("{w} jaar"));
                same(&format!("{w} werkdagen"));
            }
        }
    }

    /// The forms a case gives are read without pest, scale and unit as written.
    #[test]
    fn common_forms_are_read_without_pest() {
        for (text, want) in [
            ("€ 1.234,56", "Money(1234.56)"),
            ("€1,50", "Money(1.50)"),
            ("3", "Number(3)"),
            ("0,00", "Number(0.00)"),
            ("30 jaar", "Quantity(30, Jaren)"),
            ("13 weken", "Quantity(13, Weken)"),
            ("32 uur", "Quantity(32, Uren)"),
            ("1,5 uren", "Quantity(1.5, Uren)"),
            ("5 werkdagen", "Quantity(5, Werkdagen)"),
            ("zes maanden", "Quantity(6, Maanden)"),
            ("tweeëntwintig dagen", "Quantity(22, Dagen)"),
            ("7,5%", "Percent(7.5)"),
            ("7,50 %", "Percent(7.50)"),
            ("50 procent", "Percent(50)"),
            ("2023-09-01", "Date(2023-09-01)"),
            ("1 januari 2024", "Date(2024-01-01)"),
            ("ja", "Bool(true)"),
            ("nee", "Bool(false)"),
            (
                "9999999999999999999999999999",
                "Number(9999999999999999999999999999)",
            ),
        ] {
            assert_eq!(
                super::read(text).map(|l| format!("{l:?}")).as_deref(),
                Some(want),
                "{text:?}"
            );
        }
    }

    fn literal_shaped() -> impl Strategy<Value = String> {
        let digits = "[0-9]{1,4}";
        let group = prop_oneof![
            Just(String::new()),
            "(\\.[0-9]{3}){1,9}",
            "\\.[0-9]{1,5}",
            "(\\.[0-9]{3}){1,3}\\.[0-9]{1,2}",
        ];
        let decimals = prop_oneof![
            Just(String::new()),
            ",[0-9]{1,3}",
            ",[0-9]{0,30}",
            Just(",".to_string()),
        ];
        let number = (digits, group, decimals, "[0-9]{0,30}").prop_map(|(a, g, d, tail)| {
            if tail.len() > 20 {
                format!("{tail}{a}{g}{d}")
            } else {
                format!("{a}{g}{d}")
            }
        });
        let word = prop_oneof![
            Just("zes"),
            Just("een"),
            Just("vierentwintig"),
            Just("tweeëntwintig"),
            Just("honderd"),
            Just("Zes"),
            Just("nul"),
        ]
        .prop_map(str::to_string);
        let unit = prop_oneof![
            Just("dag"),
            Just("dagen"),
            Just("werkdag"),
            Just("werkdagen"),
            Just("week"),
            Just("weken"),
            Just("maand"),
            Just("maanden"),
            Just("jaar"),
            Just("jaren"),
            Just("uur"),
            Just("uren"),
            Just("Jaar"),
            Just("jaarx"),
            Just("januari"),
            Just("procent"),
            Just("%"),
        ]
        .prop_map(str::to_string);
        let space = prop_oneof![Just(""), Just(" "), Just("  "), Just("\t"), Just("\u{a0}")]
            .prop_map(str::to_string);
        let month = prop::sample::select(crate::syntax::notation::MONTHS)
            .prop_map(str::to_string)
            .boxed();
        let month = prop_oneof![month, Just("Januari".to_string()), Just("jan".to_string())];
        let ends = prop_oneof![
            Just(""),
            Just(""),
            Just(""),
            Just(" "),
            Just("x"),
            Just("_"),
            Just("é"),
            Just(" # c"),
            Just("-"),
            Just("."),
            Just(","),
        ]
        .prop_map(str::to_string);
        let starts = prop_oneof![
            Just(""),
            Just(""),
            Just(""),
            Just(" "),
            Just("-"),
            Just("+"),
            Just("€"),
            Just("€ "),
            Just("€  "),
            Just("x"),
        ]
        .prop_map(str::to_string);
        let body = prop_oneof![
            number.clone(),
            (number.clone(), space.clone(), unit.clone())
                .prop_map(|(n, s, u)| format!("{n}{s}{u}")),
            (word, space.clone(), unit).prop_map(|(n, s, u)| format!("{n}{s}{u}")),
            ("[0-9]{1,3}", space.clone(), month, space, "[0-9]{1,5}")
                .prop_map(|(d, s, m, t, y)| format!("{d}{s}{m}{t}{y}")),
            ("[0-9]{3,5}", "[0-9]{1,3}", "[0-9]{1,3}")
                .prop_map(|(y, m, d)| format!("{y}-{m:0>2}-{d:0>2}")),
            Just("ja".to_string()),
            Just("nee".to_string()),
        ];
        (starts, body, ends).prop_map(|(s, b, e)| format!("{s}{b}{e}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn parse_literal_fast_equals_pest(text in literal_shaped()) {
            let (fast, pest) = both(&text);
            prop_assert_eq!(fast, pest, "{:?}", text);
        }

        #[test]
        fn parse_literal_fast_equals_pest_on_any_text(text in "\\PC{0,12}") {
            let (fast, pest) = both(&text);
            prop_assert_eq!(fast, pest, "{:?}", text);
        }

        #[test]
        fn parse_literal_fast_equals_pest_on_literal_characters(text in "[0-9€ .,%a-z\u{eb}\t-]{0,16}") {
            let (fast, pest) = both(&text);
            prop_assert_eq!(fast, pest, "{:?}", text);
        }
    }
}
