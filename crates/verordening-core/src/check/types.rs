//! Types and units of the language, and the rules for combining them.

use crate::syntax::{BinOp, DurationUnit, Literal};
use std::fmt;

/// Calendar durations (dagen, weken, maanden, jaren) combine with each other and with dates;
/// werkdagen do not (a working day is not a calendar day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurClass {
    Kalender,
    Werkdagen,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Bedrag,
    Percentage,
    Getal,
    Uren,
    Duur(DurClass),
    Datum,
    JaNee,
    Tekst,
    /// A value of a `soort` (enumeration), by the soort's name.
    Enum(String),
    List(Box<Ty>),
    Record(Vec<(String, Ty)>),
    /// A list of article numbers (`artikelen 4, 5 en 8`).
    Artikelen,
    /// The entry `kies` chooses from a list fact, or none: read through its fields
    /// (`kandidaat.ingeschreven_op`) and `bestaat(kandidaat)`, never as a value itself.
    Vermelding {
        lijst: String,
        fields: Vec<(String, Ty)>,
    },
    /// Already reported, or not knowable: accept anything to avoid cascades.
    Any,
}

impl Ty {
    pub fn is_any(&self) -> bool {
        matches!(self, Ty::Any)
    }

    /// Whether a value of type `other` may stand where `self` is expected.
    pub fn accepts(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::List(a), Ty::List(b)) => a.accepts(b),
            (Ty::Record(a), Ty::Record(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(n, t)| b.iter().any(|(m, u)| n == m && t.accepts(u)))
            }
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bedrag => f.write_str("bedrag"),
            Ty::Percentage => f.write_str("percentage"),
            Ty::Getal => f.write_str("getal"),
            Ty::Uren => f.write_str("uren"),
            Ty::Duur(DurClass::Kalender) => f.write_str("duur"),
            Ty::Duur(DurClass::Werkdagen) => f.write_str("duur in werkdagen"),
            Ty::Datum => f.write_str("datum"),
            Ty::JaNee => f.write_str("ja/nee"),
            Ty::Tekst => f.write_str("tekst"),
            Ty::Enum(s) => write!(f, "{s}"),
            Ty::List(t) => write!(f, "lijst van {t}"),
            Ty::Record(fields) => {
                f.write_str("{ ")?;
                for (i, (n, t)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{n}: {t}")?;
                }
                f.write_str(" }")
            }
            Ty::Artikelen => f.write_str("artikelen"),
            Ty::Vermelding { lijst, .. } => write!(f, "gekozen vermelding uit {lijst}"),
            Ty::Any => f.write_str("onbekend"),
        }
    }
}

/// The built-in type names. `None` means: not built in (perhaps a soort).
pub fn builtin_type(name: &str) -> Option<Ty> {
    Some(match name {
        "bedrag" => Ty::Bedrag,
        "percentage" => Ty::Percentage,
        "getal" | "aantal" => Ty::Getal,
        "uren" => Ty::Uren,
        "duur" | "periode" | "termijn" | "leeftijd" => Ty::Duur(DurClass::Kalender),
        "datum" => Ty::Datum,
        "ja/nee" => Ty::JaNee,
        "tekst" | "citeertitel" => Ty::Tekst,
        "artikelen" => Ty::Artikelen,
        _ => return None,
    })
}

pub const BUILTIN_TYPE_NAMES: &[&str] = &[
    "bedrag",
    "percentage",
    "getal",
    "aantal",
    "uren",
    "duur",
    "periode",
    "termijn",
    "leeftijd",
    "datum",
    "ja/nee",
    "tekst",
    "citeertitel",
    "artikelen",
];

pub fn unit_ty(unit: DurationUnit) -> Ty {
    match unit {
        DurationUnit::Uren => Ty::Uren,
        DurationUnit::Werkdagen => Ty::Duur(DurClass::Werkdagen),
        _ => Ty::Duur(DurClass::Kalender),
    }
}

pub fn literal_ty(lit: &Literal) -> Ty {
    match lit {
        Literal::Money(_) => Ty::Bedrag,
        Literal::Percent(_) => Ty::Percentage,
        Literal::Quantity(_, u) => unit_ty(*u),
        Literal::Number(_) => Ty::Getal,
        Literal::Bool(_) => Ty::JaNee,
        Literal::Date(_) => Ty::Datum,
        Literal::Text(_) => Ty::Tekst,
    }
}

/// The result type of an arithmetic operator, or None if the combination has no meaning
/// (a bedrag plus a percentage, weeks plus a number without unit).
pub fn arith(op: BinOp, l: &Ty, r: &Ty) -> Option<Ty> {
    use Ty::*;
    if l.is_any() || r.is_any() {
        return Some(if l.is_any() { r.clone() } else { l.clone() });
    }
    match op {
        BinOp::Add => match (l, r) {
            (Bedrag, Bedrag) => Some(Bedrag),
            (Percentage, Percentage) => Some(Percentage),
            (Getal, Getal) => Some(Getal),
            (Uren, Uren) => Some(Uren),
            (Duur(a), Duur(b)) if a == b => Some(Duur(*a)),
            (Datum, Duur(DurClass::Kalender)) | (Duur(DurClass::Kalender), Datum) => Some(Datum),
            _ => None,
        },
        BinOp::Sub => match (l, r) {
            (Bedrag, Bedrag) => Some(Bedrag),
            (Percentage, Percentage) => Some(Percentage),
            (Getal, Getal) => Some(Getal),
            (Uren, Uren) => Some(Uren),
            (Duur(a), Duur(b)) if a == b => Some(Duur(*a)),
            (Datum, Duur(DurClass::Kalender)) => Some(Datum),
            (Datum, Datum) => Some(Duur(DurClass::Kalender)),
            _ => None,
        },
        BinOp::Mul => match (l, r) {
            (Getal, x) | (x, Getal) if !matches!(x, Datum | JaNee | Tekst | Enum(_)) => {
                Some(x.clone())
            }
            (Percentage, x) | (x, Percentage) if matches!(x, Bedrag | Uren) => Some(x.clone()),
            _ => None,
        },
        BinOp::Div => match (l, r) {
            (x, Getal) if !matches!(x, Datum | JaNee | Tekst | Enum(_)) => Some(x.clone()),
            (Bedrag, Bedrag) | (Uren, Uren) | (Percentage, Percentage) => Some(Getal),
            _ => None,
        },
        BinOp::Van => match (l, r) {
            (Percentage, x) if matches!(x, Bedrag | Uren | Getal | Duur(_)) => Some(x.clone()),
            _ => None,
        },
        BinOp::And | BinOp::Or => match (l, r) {
            (JaNee, JaNee) => Some(JaNee),
            _ => None,
        },
    }
}

/// Types that can be rounded, and the type the rounding step must have.
pub fn round_step_ok(value: &Ty, step: &Ty) -> bool {
    value.is_any()
        || step.is_any()
        || (value == step && matches!(value, Ty::Bedrag | Ty::Getal | Ty::Uren | Ty::Percentage))
}

/// Whether two types can be ordered with < and >.
pub fn orderable(t: &Ty) -> bool {
    matches!(
        t,
        Ty::Bedrag | Ty::Percentage | Ty::Getal | Ty::Uren | Ty::Duur(_) | Ty::Datum | Ty::Any
    )
}
