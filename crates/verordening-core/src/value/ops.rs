//! The operations on values, one table for the whole pipeline: arithmetic, rounding,
//! comparison and the order of values (durations through `value::Duration::compare`, with
//! the reference date as a parameter). Constant evaluation in the checker, folding at lowering,
//! the closures of the fast path and the exact evaluator all compute with these, so they
//! cannot disagree on a value.

use super::{Duration, V};
use crate::quantity::{self, Qty};
use crate::syntax::{BinOp, CmpOp, Rounding};
use rust_decimal::Decimal;
use std::cmp::Ordering;

#[inline]
pub fn neg(v: V) -> Option<V> {
    Some(match v {
        V::Getal(d) => V::Getal(-d),
        V::Bedrag(d) => V::Bedrag(-d),
        V::Percentage(d) => V::Percentage(-d),
        V::Uren(d) => V::Uren(-d),
        V::Duur(d) => V::Duur(d.checked_neg()?),
        _ => return None,
    })
}

/// Order two values of one kind. Durations that mix months and days are compared from
/// `reference` (the case's peildatum; see `Duration::compare`, which the checker uses too);
/// without one they have no order.
#[inline]
pub fn order(a: V, b: V, reference: Option<chrono::NaiveDate>) -> Option<Ordering> {
    match (a, b) {
        (V::Getal(x), V::Getal(y))
        | (V::Bedrag(x), V::Bedrag(y))
        | (V::Percentage(x), V::Percentage(y))
        | (V::Uren(x), V::Uren(y)) => Some(x.cmp(&y)),
        (V::Duur(x), V::Duur(y)) => x.compare(y, reference),
        (V::Datum(x), V::Datum(y)) => Some(x.cmp(&y)),
        (V::JaNee(x), V::JaNee(y)) => Some(x.cmp(&y)),
        (V::Sym(x), V::Sym(y)) if x == y => Some(Ordering::Equal),
        _ => None,
    }
}

#[inline]
pub fn compare(op: CmpOp, a: V, b: V, reference: Option<chrono::NaiveDate>) -> Option<bool> {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let eq = match order(a, b, reference) {
            Some(o) => o == Ordering::Equal,
            None => a == b,
        };
        return Some((op == CmpOp::Eq) == eq);
    }
    Some(holds(op, order(a, b, reference)?))
}

/// Whether `a op b` holds for two ordered values, given how they compare.
#[inline]
pub fn holds(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
    }
}

impl V {
    /// The kind and amount of a getal, bedrag, percentage or uren.
    pub fn quantity(self) -> Option<(Qty, Decimal)> {
        Some(match self {
            V::Getal(d) => (Qty::Getal, d),
            V::Bedrag(d) => (Qty::Bedrag, d),
            V::Percentage(d) => (Qty::Percentage, d),
            V::Uren(d) => (Qty::Uren, d),
            _ => return None,
        })
    }

    pub fn from_quantity((k, d): (Qty, Decimal)) -> V {
        match k {
            Qty::Getal => V::Getal(d),
            Qty::Bedrag => V::Bedrag(d),
            Qty::Percentage => V::Percentage(d),
            Qty::Uren => V::Uren(d),
        }
    }
}

/// `a op b` for two scalars; `en`/`of` are not here: the evaluator decides them three-valued.
#[inline]
pub fn arith(op: BinOp, a: V, b: V) -> Option<V> {
    use V::*;
    if let (Some(x), Some(y)) = (a.quantity(), b.quantity()) {
        return quantity::arith(op, x, y).map(V::from_quantity);
    }
    match (op, a, b) {
        (BinOp::Add, Duur(x), Duur(y)) => Some(Duur(x.checked_add(y)?)),
        (BinOp::Add, Datum(d), Duur(x)) | (BinOp::Add, Duur(x), Datum(d)) => {
            Some(Datum(x.after(d)?))
        }
        (BinOp::Sub, Duur(x), Duur(y)) => Some(Duur(x.checked_add(y.checked_neg()?)?)),
        (BinOp::Sub, Datum(d), Duur(x)) => Some(Datum(x.checked_neg()?.after(d)?)),
        (BinOp::Sub, Datum(x), Datum(y)) => {
            Some(Duur(Duration::days(x.signed_duration_since(y).num_days())))
        }
        (BinOp::Mul, Getal(n), Duur(d)) | (BinOp::Mul, Duur(d), Getal(n)) => {
            Some(Duur(d.scaled(n)?))
        }
        (BinOp::Van, Percentage(p), Duur(d)) => Some(Duur(d.scaled(quantity::percent_factor(p)?)?)),
        _ => None,
    }
}

#[inline]
pub fn round(v: V, dir: Rounding, step: V) -> Option<V> {
    match (v.quantity(), step.quantity()) {
        (Some((k, x)), Some((ks, s))) if k == ks => {
            Some(V::from_quantity((k, quantity::round(x, dir, s)?)))
        }
        _ => None,
    }
}

/// The row (from 0) that a position (from 1) in a list of `len` selects, if it is one.
#[inline]
pub fn position(k: V, len: u32) -> Option<usize> {
    let V::Getal(d) = k else { return None };
    let n = if d.scale() == 0 {
        d.mantissa()
    } else {
        let n = d.normalize();
        if n.scale() != 0 {
            return None;
        }
        n.mantissa()
    };
    let row = usize::try_from(n.checked_sub(1)?).ok()?;
    (row < len as usize).then_some(row)
}

/// A quantity times a factor (the value of `Node::Scale`): what `P van x` is with `f = P/100`.
#[inline]
pub fn scale(v: V, f: rust_decimal::Decimal) -> Option<V> {
    arith(BinOp::Mul, v, V::Getal(f))
}
