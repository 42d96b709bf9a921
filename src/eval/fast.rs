//! The fast path of evaluation: a node is a value or unknown (`None`), without the set of
//! inputs it waits for. Almost every case in a batch is decided on this path; the exact
//! evaluator in [`super::run`] (which tracks missing inputs) runs only for what remains
//! unknown, to name exactly the facts and judgements that would settle it.
//!
//! Both paths share the value arithmetic, so they cannot disagree on a known value; a property
//! test (tests/fast_path.rs) checks that they agree on outcomes for random cases.

use super::fold::scale;
use super::program::*;
use super::run::{arith, compare, neg, order, position, round, Case};
use crate::syntax::{BinOp, CmpOp};
use std::cmp::Ordering;

/// Three-valued truth: known true, known false, unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn of(v: Option<V>) -> Tri {
        match v {
            Some(V::JaNee(true)) => Tri::True,
            Some(V::JaNee(false)) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

/// Results of the clauses shared by every voorziening (`alle voorzieningen`), computed once
/// per case when all voorzieningen are evaluated.
pub struct SharedMemo {
    results: [Option<Tri>; MAX_SHARED],
}

/// Shared clauses beyond this many are evaluated each time (still correct, only slower).
pub const MAX_SHARED: usize = 64;

impl SharedMemo {
    pub fn new() -> Self {
        SharedMemo {
            results: [None; MAX_SHARED],
        }
    }

    fn get(&self, i: u16) -> Option<Tri> {
        self.results.get(i as usize).copied().flatten()
    }

    fn set(&mut self, i: u16, t: Tri) {
        if let Some(slot) = self.results.get_mut(i as usize) {
            *slot = Some(t);
        }
    }
}

impl Default for SharedMemo {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Fast<'p> {
    program: &'p Program,
}

impl<'p> Fast<'p> {
    pub fn new(program: &'p Program) -> Self {
        Fast { program }
    }

    /// The truth of a condition. Conditions are most of what a voorziening's rules evaluate,
    /// so they have their own walk that builds no values for the logic around comparisons.
    fn truth(&self, case: &Case, id: NodeId) -> Tri {
        match self.program.nodes.get(id as usize) {
            Some(Node::Input(i)) => match case.get(*i) {
                Some(V::JaNee(true)) => Tri::True,
                Some(V::JaNee(false)) => Tri::False,
                _ => Tri::Unknown,
            },
            Some(Node::Not(x)) => match self.truth(case, *x) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                Tri::Unknown => Tri::Unknown,
            },
            Some(Node::Bin(BinOp::And, a, b)) => match self.truth(case, *a) {
                Tri::False => Tri::False,
                ta => match (ta, self.truth(case, *b)) {
                    (_, Tri::False) => Tri::False,
                    (Tri::True, Tri::True) => Tri::True,
                    _ => Tri::Unknown,
                },
            },
            Some(Node::Bin(BinOp::Or, a, b)) => match self.truth(case, *a) {
                Tri::True => Tri::True,
                ta => match (ta, self.truth(case, *b)) {
                    (_, Tri::True) => Tri::True,
                    (Tri::False, Tri::False) => Tri::False,
                    _ => Tri::Unknown,
                },
            },
            _ => Tri::of(self.value(case, id)),
        }
    }

    /// The value of a node, or `None` when it is unknown.
    pub fn value(&self, case: &Case, id: NodeId) -> Option<V> {
        match self.program.nodes.get(id as usize)? {
            Node::Const(v) => Some(*v),
            Node::Input(i) => case.get(*i),
            Node::Invalid => None,
            Node::Neg(x) => neg(self.value(case, *x)?),
            // Kleene logic: a known `nee` decides `en`, a known `ja` decides `of`.
            Node::Bin(BinOp::And | BinOp::Or, ..) | Node::Not(_) => match self.truth(case, id) {
                Tri::True => Some(V::JaNee(true)),
                Tri::False => Some(V::JaNee(false)),
                Tri::Unknown => None,
            },
            Node::Bin(op, a, b) => {
                let x = self.value(case, *a)?;
                arith(*op, x, self.value(case, *b)?)
            }
            Node::Cmp(op, a, b) => {
                let x = self.value(case, *a)?;
                compare(*op, x, self.value(case, *b)?).map(V::JaNee)
            }
            Node::In(x, first, len) => {
                let vx = self.value(case, *x)?;
                let mut unknown = false;
                for k in 0..*len {
                    let item = self.program.lists.get((*first + k) as usize)?;
                    match self.value(case, *item) {
                        Some(v) if v == vx => return Some(V::JaNee(true)),
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(V::JaNee(false))
            }
            Node::If(c, t, f) => match self.value(case, *c) {
                Some(V::JaNee(true)) => self.value(case, *t),
                Some(V::JaNee(false)) => self.value(case, *f),
                Some(_) => None,
                // Unknown condition: known only if both branches agree.
                None => {
                    let a = self.value(case, *t)?;
                    (self.value(case, *f)? == a).then_some(a)
                }
            },
            Node::Round(x, dir, step) => {
                let v = self.value(case, *x)?;
                round(v, *dir, self.value(case, *step)?)
            }
            Node::Min(a, b) => self.pick(case, *a, *b, Ordering::Less),
            Node::Max(a, b) => self.pick(case, *a, *b, Ordering::Greater),
            Node::Index(key, first, len) => {
                let row = position(self.value(case, *key)?, *len)?;
                self.value(case, *self.program.lists.get((*first as usize) + row)?)
            }
            Node::Scale(x, f) => scale(self.value(case, *x)?, *f),
            Node::Table(key, first, len) => {
                let vk = self.value(case, *key)?;
                for row in 0..*len {
                    let at = (*first as usize) + 2 * row as usize;
                    let k = *self.program.lists.get(at)?;
                    // An unknown key cell before the match leaves the result unknown.
                    if compare(CmpOp::Eq, self.value(case, k)?, vk) == Some(true) {
                        return self.value(case, *self.program.lists.get(at + 1)?);
                    }
                }
                None
            }
        }
    }

    /// `kleinste` (want `Less`) or `grootste` (want `Greater`); the first on a tie.
    fn pick(&self, case: &Case, a: NodeId, b: NodeId, want: Ordering) -> Option<V> {
        let (x, y) = (self.value(case, a)?, self.value(case, b)?);
        match order(x, y)? {
            o if o == want || o == Ordering::Equal => Some(x),
            _ => Some(y),
        }
    }

    /// Whether a clause applies: its condition holds and its exception does not.
    pub fn clause(&self, case: &Case, c: &Clause, memo: &mut SharedMemo) -> Tri {
        if let Some(t) = c.shared.and_then(|i| memo.get(i)) {
            return t;
        }
        let cond = self.condition(case, c);
        let t = if cond == Tri::False {
            Tri::False
        } else {
            match (cond, self.exception(case, c)) {
                (_, Tri::True) => Tri::False,
                (Tri::True, Tri::False) => Tri::True,
                _ => Tri::Unknown,
            }
        };
        if let Some(i) = c.shared {
            memo.set(i, t);
        }
        t
    }

    /// For `uitsluitend V als C tenzij T`: the requirement is met when C holds or T holds.
    pub fn requirement(&self, case: &Case, c: &Clause) -> Tri {
        let cond = self.condition(case, c);
        if cond == Tri::True {
            return Tri::True;
        }
        match (cond, self.exception(case, c)) {
            (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    fn condition(&self, case: &Case, c: &Clause) -> Tri {
        match (
            c.cond_lits
                .and_then(|l| self.program.literals.get(l as usize)),
            c.cond,
        ) {
            (Some(l), _) => literals(l, case),
            (None, Some(n)) => self.truth(case, n),
            (None, None) => Tri::True,
        }
    }

    fn exception(&self, case: &Case, c: &Clause) -> Tri {
        match (
            c.tenzij_lits
                .and_then(|l| self.program.literals.get(l as usize)),
            c.tenzij,
        ) {
            (Some(l), _) => literals(l, case),
            (None, Some(n)) => self.truth(case, n),
            (None, None) => Tri::False,
        }
    }
}

/// A conjunction of literals in Kleene logic: false as soon as one literal is known false,
/// true when all are known true, else unknown.
fn literals(l: &Literals, case: &Case) -> Tri {
    let mut unknown = 0u64;
    let words = l
        .pos
        .0
        .iter()
        .zip(&l.neg.0)
        .zip(case.yes.0.iter().zip(&case.no.0));
    for ((pos, neg), (yes, no)) in words {
        if (pos & no) | (neg & yes) != 0 {
            return Tri::False;
        }
        unknown |= (pos & !yes) | (neg & !no);
    }
    if unknown == 0 {
        Tri::True
    } else {
        Tri::Unknown
    }
}
