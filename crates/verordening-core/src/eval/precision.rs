//! Amounts with more decimals than cents. A computed amount that is paid or deducted (20% of
//! € 1.234,56 = € 246,912) must be rounded as the regeling says; the Participatiewet and the
//! Awb do not round for you. This is a static bound on the number of decimals a value rule can
//! produce, over the lowered program (so fill-ins and definitions are resolved): a rule that
//! computes a bedrag with possibly more than two decimals and no rounding is reported.
//!
//! Assumptions, documented in docs/diagnostics/afronding.md: an amount from a case is in cents,
//! a percentage or a number of hours has at most two decimals, a number (getal) is whole; a
//! parameter has the decimals of its values; a division that yields an amount can have any
//! number of decimals.

use super::program::*;
use crate::syntax::BinOp;
use rust_decimal::Decimal;

/// The decimals a value can have: at most `n`, or any number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    AtMost(u32),
    Any,
}

impl Scale {
    fn max(self, o: Scale) -> Scale {
        match (self, o) {
            (Scale::AtMost(a), Scale::AtMost(b)) => Scale::AtMost(a.max(b)),
            _ => Scale::Any,
        }
    }
    fn plus(self, o: Scale) -> Scale {
        match (self, o) {
            (Scale::AtMost(a), Scale::AtMost(b)) => Scale::AtMost(a.saturating_add(b)),
            _ => Scale::Any,
        }
    }
}

/// What a node yields, as far as decimals are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bedrag,
    /// A percentage: its scale is that of the factor (20% is 0,2: one decimal).
    Percentage,
    Getal,
    Other,
}

fn decimals(d: Decimal) -> u32 {
    d.normalize().scale()
}

/// Scale of a literal or parameter value of a kind.
fn value_scale(v: V) -> (Kind, Scale) {
    match v {
        V::Bedrag(d) => (Kind::Bedrag, Scale::AtMost(decimals(d))),
        V::Percentage(d) => (Kind::Percentage, Scale::AtMost(decimals(d) + 2)),
        V::Getal(d) | V::Uren(d) => (Kind::Getal, Scale::AtMost(decimals(d))),
        _ => (Kind::Other, Scale::AtMost(0)),
    }
}

struct Analysis<'p> {
    p: &'p Program,
}

impl Analysis<'_> {
    fn node(&self, n: NodeId, depth: u32) -> (Kind, Scale) {
        if depth > 200 {
            return (Kind::Other, Scale::Any);
        }
        let d = depth + 1;
        let Some(node) = self.p.nodes.get(n as usize) else {
            return (Kind::Other, Scale::AtMost(0));
        };
        match node {
            Node::Const(v) => value_scale(*v),
            Node::Input(i) => self.input(*i),
            Node::Neg(x) | Node::Memo(x, _) => self.node(*x, d),
            Node::Bin(op, a, b) => {
                let (ka, sa) = self.node(*a, d);
                let (kb, sb) = self.node(*b, d);
                let kind = if ka == Kind::Bedrag || kb == Kind::Bedrag {
                    Kind::Bedrag
                } else if ka == Kind::Percentage && kb == Kind::Percentage {
                    Kind::Percentage
                } else if matches!(op, BinOp::Van) {
                    kb
                } else {
                    ka
                };
                let scale = match op {
                    BinOp::Add | BinOp::Sub => sa.max(sb),
                    BinOp::Mul | BinOp::Van => sa.plus(sb),
                    // An amount divided by a number can have any number of decimals.
                    BinOp::Div => Scale::Any,
                    BinOp::And | BinOp::Or => Scale::AtMost(0),
                };
                (kind, scale)
            }
            Node::Scale(x, f) => {
                let (k, s) = self.node(*x, d);
                (k, s.plus(Scale::AtMost(decimals(*f))))
            }
            Node::Round(_, _, step) => {
                let (k, s) = self.node(*step, d);
                (k, s)
            }
            Node::If(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
                let (ka, sa) = self.node(*a, d);
                let (kb, sb) = self.node(*b, d);
                (if ka == Kind::Other { kb } else { ka }, sa.max(sb))
            }
            Node::Table(_, first, len) => self.rows(first.saturating_add(1), *len, 2, d),
            Node::Index(_, first, len) => self.rows(*first, *len, 1, d),
            // A count of periods reached is a whole number.
            Node::Not(_) | Node::Cmp(..) | Node::In(..) | Node::Invalid | Node::Periods(..) => {
                (Kind::Other, Scale::AtMost(0))
            }
            // Counts, truths and positions are whole; a field is as its type is from a case.
            Node::Count(_)
            | Node::Any(_)
            | Node::All(_)
            | Node::Chosen(_)
            | Node::ChosenExists(_) => (Kind::Other, Scale::AtMost(0)),
            Node::Field(i, k) => self.field(*i, *k),
            Node::ChosenField(s, k) => match self.p.selecties.get(*s as usize) {
                Some(sel) => self.field(sel.input, *k),
                None => (Kind::Other, Scale::AtMost(0)),
            },
        }
    }

    /// The value nodes of a table or list: `len` rows from `first`, every `step`-th entry.
    fn rows(&self, first: u32, len: u32, step: u32, depth: u32) -> (Kind, Scale) {
        let mut kind = Kind::Other;
        let mut scale = Scale::AtMost(0);
        for r in 0..len {
            let at = first.saturating_add(r.saturating_mul(step)) as usize;
            let Some(&n) = self.p.lists.get(at) else {
                continue;
            };
            let (k, s) = self.node(n, depth);
            if kind == Kind::Other {
                kind = k;
            }
            scale = scale.max(s);
        }
        (kind, scale)
    }

    /// Field `k` of the entries of list input `i`: as an input of its type.
    fn field(&self, i: u16, k: u16) -> (Kind, Scale) {
        match self.p.list_fields(i).get(k as usize) {
            Some((_, ty)) => case_scale(ty),
            None => (Kind::Other, Scale::AtMost(0)),
        }
    }

    fn input(&self, i: u16) -> (Kind, Scale) {
        let Some(input) = self.p.inputs.get(i as usize) else {
            return (Kind::Other, Scale::AtMost(0));
        };
        if input.kind == InputKind::Parameter && !input.dated.is_empty() {
            return input
                .dated
                .iter()
                .map(|(_, v)| value_scale(*v))
                .fold((Kind::Other, Scale::AtMost(0)), |(k, s), (k2, s2)| {
                    (if k == Kind::Other { k2 } else { k }, s.max(s2))
                });
        }
        case_scale(&input.ty)
    }
}

/// A value from a case: an amount in cents, a percentage with at most two decimals (7,25%), a
/// number of hours with two (1,5 uur), and a number (getal, aantal) whole: the number of days
/// or months a rule multiplies an amount by.
fn case_scale(ty: &InputType) -> (Kind, Scale) {
    match ty {
        InputType::Bedrag => (Kind::Bedrag, Scale::AtMost(2)),
        InputType::Percentage => (Kind::Percentage, Scale::AtMost(4)),
        InputType::Uren => (Kind::Getal, Scale::AtMost(2)),
        InputType::Getal => (Kind::Getal, Scale::AtMost(0)),
        _ => (Kind::Other, Scale::AtMost(0)),
    }
}

/// The value rules `(voorziening, value)` that compute an amount that can have more decimals
/// than cents, with no rounding that says otherwise.
pub fn sub_cent_values(p: &Program) -> Vec<(usize, usize)> {
    let a = Analysis { p };
    let mut out = Vec::new();
    for (i, vz) in p.voorzieningen.iter().enumerate() {
        for (k, rule) in vz.values.iter().enumerate() {
            let (kind, scale) = a.node(rule.node, 0);
            let finer = match scale {
                Scale::Any => true,
                Scale::AtMost(n) => n > 2,
            };
            if kind == Kind::Bedrag && finer {
                out.push((i, k));
            }
        }
    }
    out
}

/// Whether an amount has more decimals than cents.
pub fn finer_than_cents(d: Decimal) -> bool {
    decimals(d) > 2
}
