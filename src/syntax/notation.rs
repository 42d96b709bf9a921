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
