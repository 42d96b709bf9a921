//! Folding at lowering: a node whose operands are fixed by the ordinance (its fill-ins and
//! choices) is computed once, when the ordinance is lowered, not for every case; and
//! `P van x` with a fixed percentage becomes a multiplication by a fixed factor.
//!
//! Folding uses the evaluator's own arithmetic, so a folded node has exactly the value the
//! evaluator would have computed.

use super::program::*;
use crate::quantity::percent_factor;
use crate::syntax::BinOp;
use crate::value::ops::{arith, compare, neg, order, round, scale};
use std::cmp::Ordering;

/// `n`, or a simpler node with the same value in every case.
pub fn fold(p: &Program, n: Node) -> Node {
    let known = |id: NodeId| match p.nodes.get(id as usize) {
        Some(Node::Const(v)) => Some(*v),
        _ => None,
    };
    let folded = match &n {
        Node::Not(x) => match known(*x) {
            Some(V::JaNee(b)) => Some(V::JaNee(!b)),
            _ => None,
        },
        Node::Neg(x) => known(*x).and_then(neg),
        // A fixed `nee` decides `en` and a fixed `ja` decides `of`, whatever the case says.
        Node::Bin(BinOp::And, a, b) => match (known(*a), known(*b)) {
            (Some(V::JaNee(false)), _) | (_, Some(V::JaNee(false))) => Some(V::JaNee(false)),
            (Some(V::JaNee(true)), Some(V::JaNee(true))) => Some(V::JaNee(true)),
            // `ja en x` is `x`, when x is a condition.
            (Some(V::JaNee(true)), None) => return same_condition(p, *b).unwrap_or(n),
            (None, Some(V::JaNee(true))) => return same_condition(p, *a).unwrap_or(n),
            _ => None,
        },
        Node::Bin(BinOp::Or, a, b) => match (known(*a), known(*b)) {
            (Some(V::JaNee(true)), _) | (_, Some(V::JaNee(true))) => Some(V::JaNee(true)),
            (Some(V::JaNee(false)), Some(V::JaNee(false))) => Some(V::JaNee(false)),
            (Some(V::JaNee(false)), None) => return same_condition(p, *b).unwrap_or(n),
            (None, Some(V::JaNee(false))) => return same_condition(p, *a).unwrap_or(n),
            _ => None,
        },
        Node::Bin(BinOp::Van, a, b) => match (known(*a), known(*b)) {
            (Some(x), Some(y)) => arith(BinOp::Van, x, y),
            (Some(V::Percentage(pct)), None) => {
                if let Some(f) = percent_factor(pct) {
                    return Node::Scale(*b, f);
                }
                None
            }
            _ => None,
        },
        Node::Bin(op, a, b) => match (known(*a), known(*b)) {
            (Some(x), Some(y)) => arith(*op, x, y),
            _ => None,
        },
        Node::Cmp(op, a, b) => match (known(*a), known(*b)) {
            // No reference date at lowering: a comparison of months with days waits for the
            // case's peildatum.
            (Some(x), Some(y)) => compare(*op, x, y, None).map(V::JaNee),
            _ => None,
        },
        Node::Round(x, dir, step) => match (known(*x), known(*step)) {
            (Some(x), Some(s)) => round(x, *dir, s),
            _ => None,
        },
        Node::Min(a, b) | Node::Max(a, b) => match (known(*a), known(*b)) {
            (Some(x), Some(y)) => {
                let want = if matches!(n, Node::Min(..)) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                match order(x, y, None) {
                    Some(o) if o == want || o == Ordering::Equal => Some(x),
                    Some(_) => Some(y),
                    None => None,
                }
            }
            _ => None,
        },
        Node::Scale(x, f) => known(*x).and_then(|v| scale(v, *f)),
        _ => None,
    };
    match folded {
        Some(v) => Node::Const(v),
        None => n,
    }
}

/// A copy of node `x` to stand for `ja en x` or `nee of x`: only when `x` is itself logic
/// (`en`, `of`, `niet`), whose value is ja, nee or unknown like the whole; an input or a
/// comparison could hold a value of another soort, and `ja en 5` is unknown, not 5.
fn same_condition(p: &Program, x: NodeId) -> Option<Node> {
    match p.nodes.get(x as usize)? {
        n @ (Node::Bin(BinOp::And | BinOp::Or, ..) | Node::Not(_)) => Some(n.clone()),
        n @ (Node::Cmp(..) | Node::In(..)) => Some(n.clone()),
        // Case files give a ja/nee input only ja or nee.
        n @ Node::Input(i)
            if p.inputs
                .get(*i as usize)
                .is_some_and(|i| i.ty == InputType::JaNee) =>
        {
            Some(n.clone())
        }
        _ => None,
    }
}
