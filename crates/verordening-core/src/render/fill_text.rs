//! How a fill-in reads in the legal text (render, and the was-wordt table built from it).
//!
//! A value is shown as the ordinance wrote it: `12 maanden` stays "12 maanden" (not "1 jaar"),
//! `50 procent` stays "50 procent". A formula is shown as what it means, never as one of the
//! values it can take: `indien participatieplaats.uren_per_week >= 16 dan € 150 anders € 100`
//! reads "€ 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders
//! € 100". Names are worded by their description where that is a noun phrase ("het aantal uren
//! per week ..."); a formula with a part that has no such wording (a yes/no question, a function,
//! `niet`) is shown as written instead.

use crate::check::Checker;
use crate::syntax::*;
use crate::value::{format_date, join_dutch};
use std::collections::HashMap;

/// The wording of the names a formula may use: facts, judgements and parameters whose
/// description is a noun phrase.
#[derive(Default)]
pub struct Names {
    words: HashMap<String, String>,
}

impl Names {
    pub fn of(checker: &Checker<'_>) -> Self {
        let mut words = HashMap::new();
        // The chain ends with the document itself.
        for doc in &checker.chain {
            crate::check::visit_decls(&doc.ast, &mut |d| {
                let (name, description) = match d {
                    Decl::Feit(f) | Decl::Oordeel(f) => (&f.name, f.description.as_ref()),
                    Decl::Parameter(p) => (&p.name, p.description.as_ref()),
                    _ => return,
                };
                if let Some(text) = description.map(|t| t.value.trim()) {
                    if is_noun_phrase(text) {
                        words.insert(name.text.clone(), text.to_string());
                    }
                }
            });
        }
        Names { words }
    }
}

impl Names {
    /// The name a formula worded by `description` stands for (the inverse of the wording;
    /// `verordening import` reads a formula back with it).
    pub fn name_of(&self, description: &str) -> Option<&str> {
        let mut found: Vec<&str> = self
            .words
            .iter()
            .filter(|(_, d)| d.as_str() == description)
            .map(|(n, _)| n.as_str())
            .collect();
        found.sort_unstable();
        // Two names with one wording: the text does not say which.
        match found.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// "het aantal uren per week", "de loonwaarde van de persoon": a phrase that can stand as the
/// subject of "als ... ten minste 16 is". A question ("verricht de persoon ...?") cannot.
fn is_noun_phrase(text: &str) -> bool {
    !text.ends_with('?')
        && ["de ", "het ", "een "]
            .iter()
            .any(|article| text.starts_with(article))
}

/// The fill-in as legal text. `unit`: the unit the text itself says after the fill-in
/// ("[aantal] weken"), so that a duration in that unit shows only its number.
pub fn fill_text(fv: &FillValue, names: &Names, unit: Option<DurationUnit>) -> String {
    match fv {
        FillValue::Articles(nrs, _) => {
            let n: Vec<String> = nrs.iter().map(|n| n.text.clone()).collect();
            if n.len() == 1 {
                format!("artikel {}", n.join(""))
            } else {
                format!("de artikelen {}", join_dutch(&n))
            }
        }
        FillValue::List(items, _) => {
            let parts: Vec<String> = items.iter().map(|i| item_text(i, names, unit)).collect();
            join_dutch(&parts)
        }
    }
}

/// One item of a list fill-in as legal text.
pub fn item_text(i: &FillItem, names: &Names, unit: Option<DurationUnit>) -> String {
    match i {
        FillItem::Expr(e) => expr_text(e, names, unit),
        FillItem::Record(fields, _) => fields
            .iter()
            .map(|(n, e)| format!("{}: {}", n.text, expr_text(e, names, None)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn expr_text(e: &Expr, names: &Names, unit: Option<DurationUnit>) -> String {
    match &e.kind {
        ExprKind::Lit(l) => literal(l, e.written.spelling, unit),
        _ => words(e, names, 0).unwrap_or_else(|| crate::fmt::expr(e)),
    }
}

/// A literal as written, in the form legal text uses: a date in words, text without quotes.
fn literal(l: &Literal, spelling: Spelling, unit: Option<DurationUnit>) -> String {
    match l {
        Literal::Quantity(n, u) if Some(*u) == unit => crate::fmt::quantity(*n, spelling),
        Literal::Date(d) => format_date(*d),
        Literal::Text(t) => t.value.clone(),
        _ => crate::fmt::literal(l, spelling),
    }
}

/// How deep a formula may nest before it is shown as written (words for deeper nesting are
/// not readable anyway).
const MAX_DEPTH: usize = 8;

/// A formula in Dutch words, or None where a part has no good wording.
fn words(e: &Expr, names: &Names, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let w = |x: &Expr| words(x, names, depth + 1);
    match &e.kind {
        ExprKind::Lit(l) => Some(literal(l, e.written.spelling, None)),
        ExprKind::Ref(n) => names.words.get(&n.text).cloned(),
        ExprKind::If(..) => {
            // `indien a dan x anders indien b dan y anders z`: "x als a, y als b, anders z".
            let mut links = Vec::new();
            let mut rest = e;
            while let ExprKind::If(c, then, otherwise) = &rest.kind {
                links.push(format!("{} als {}", w(then)?, w(c)?));
                rest = otherwise;
            }
            Some(format!("{}, anders {}", links.join(", "), w(rest)?))
        }
        ExprKind::Cmp(op, l, r) => {
            let (l, r) = (w(l)?, w(r)?);
            Some(match op {
                CmpOp::Ge => format!("{l} ten minste {r} is"),
                CmpOp::Gt => format!("{l} meer dan {r} is"),
                CmpOp::Le => format!("{l} ten hoogste {r} is"),
                CmpOp::Lt => format!("{l} minder dan {r} is"),
                CmpOp::Eq => format!("{l} {r} is"),
                CmpOp::Ne => format!("{l} niet {r} is"),
            })
        }
        ExprKind::Binary(op, a, b) => {
            let word = match op {
                BinOp::And => "en",
                BinOp::Or => "of",
                BinOp::Van => "van",
                // Arithmetic in words has no brackets: only between simple terms.
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div if !is_term(a) || !is_term(b) => {
                    return None
                }
                BinOp::Add => "plus",
                BinOp::Sub => "min",
                BinOp::Mul => "maal",
                BinOp::Div => "gedeeld door",
            };
            Some(format!("{} {word} {}", w(a)?, w(b)?))
        }
        ExprKind::Round(x, direction, step) => {
            let how = match direction {
                Rounding::Up => "naar boven afgerond",
                Rounding::Down => "naar beneden afgerond",
                Rounding::Nearest => "afgerond",
            };
            Some(format!("{}, {how} op {}", w(x)?, w(step)?))
        }
        ExprKind::Call(..)
        | ExprKind::Neg(_)
        | ExprKind::Not(_)
        | ExprKind::In(..)
        | ExprKind::Lijst(_) => None,
    }
}

/// A literal, a name, or `P van B`: a term that arithmetic in words can join unambiguously.
fn is_term(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Ref(_) => true,
        ExprKind::Binary(BinOp::Van, a, b) => is_term(a) && is_term(b),
        _ => false,
    }
}
