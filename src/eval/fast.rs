//! The fast path of evaluation: a node is a value or unknown (`None`), without the set of
//! inputs it waits for. Almost every case in a batch is decided on this path; the exact
//! evaluator in [`super::run`] (which tracks missing inputs) runs only for what remains
//! unknown, to name exactly the facts and judgements that would settle it.
//!
//! Both paths share the value arithmetic, so they cannot disagree on a known value; a property
//! test (tests/fast_path.rs) checks that they agree on outcomes for random cases.

use super::fold::scale;
use super::program::*;
use super::share::MAX_MEMO;
use std::cell::Cell;
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

/// What one case's evaluation remembers: the results of the rules on `alle voorzieningen`
/// (the same clause for every voorziening) and of computations several rules share
/// (`Node::Memo`). Made once per evaluator and [`Scratch::reset`] for each case: a reset
/// clears three bit masks, not the slots.
pub struct Scratch {
    clauses_done: Cell<u64>,
    clauses_true: Cell<u64>,
    clauses_unknown: Cell<u64>,
    memo_done: Cell<u64>,
    memo: [Cell<Option<V>>; MAX_MEMO],
    /// Whether several voorzieningen are evaluated for this case, so that remembering the
    /// shared clauses pays.
    many: Cell<bool>,
}

/// Shared clauses beyond this many are evaluated each time (still correct, only slower).
pub const MAX_SHARED: usize = 64;

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            clauses_done: Cell::new(0),
            clauses_true: Cell::new(0),
            clauses_unknown: Cell::new(0),
            memo_done: Cell::new(0),
            memo: std::array::from_fn(|_| Cell::new(None)),
            many: Cell::new(true),
        }
    }

    /// Forget the previous case; `many`: several voorzieningen will be evaluated for it.
    pub fn reset(&self, many: bool) {
        self.clauses_done.set(0);
        self.memo_done.set(0);
        self.many.set(many);
    }

    fn clause(&self, i: u16) -> Option<Tri> {
        let bit = 1u64.checked_shl(u32::from(i))?;
        if self.clauses_done.get() & bit == 0 {
            return None;
        }
        Some(if self.clauses_true.get() & bit != 0 {
            Tri::True
        } else if self.clauses_unknown.get() & bit != 0 {
            Tri::Unknown
        } else {
            Tri::False
        })
    }

    fn set_clause(&self, i: u16, t: Tri) {
        let Some(bit) = 1u64.checked_shl(u32::from(i)) else {
            return;
        };
        let with = |mask: &Cell<u64>, on: bool| {
            mask.set(if on { mask.get() | bit } else { mask.get() & !bit })
        };
        with(&self.clauses_done, true);
        with(&self.clauses_true, t == Tri::True);
        with(&self.clauses_unknown, t == Tri::Unknown);
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Fast<'p, 's> {
    program: &'p Program,
    scratch: &'s Scratch,
}

impl<'p, 's> Fast<'p, 's> {
    pub fn new(program: &'p Program, scratch: &'s Scratch) -> Self {
        Fast { program, scratch }
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
        // The common nodes are handled here; the others in functions of their own, so that
        // this function, which every node passes through, stays small.
        match self.program.nodes.get(id as usize)? {
            Node::Const(v) => Some(*v),
            Node::Input(i) => case.get(*i),
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
            Node::Scale(x, f) => scale(self.value(case, *x)?, *f),
            Node::Memo(x, slot) => self.memo(case, *x, *slot),
            n => self.other(case, n),
        }
    }

    #[inline(never)]
    fn memo(&self, case: &Case, x: NodeId, slot: u16) -> Option<V> {
        let (Some(cell), Some(bit)) = (
            self.scratch.memo.get(slot as usize),
            1u64.checked_shl(u32::from(slot)),
        ) else {
            return self.value(case, x);
        };
        let done = &self.scratch.memo_done;
        if done.get() & bit != 0 {
            return cell.get();
        }
        let v = self.value(case, x);
        cell.set(v);
        done.set(done.get() | bit);
        v
    }

    #[inline(never)]
    fn other(&self, case: &Case, n: &Node) -> Option<V> {
        match n {
            Node::Const(_)
            | Node::Input(_)
            | Node::Bin(..)
            | Node::Not(_)
            | Node::Cmp(..)
            | Node::Scale(..)
            | Node::Memo(..)
            | Node::Invalid => None,
            Node::Neg(x) => neg(self.value(case, *x)?),
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
    pub fn clause(&self, case: &Case, c: &Clause) -> Tri {
        // Remembered only when more than one voorziening is evaluated for the case.
        let shared = c.shared.filter(|_| self.scratch.many.get());
        if let Some(t) = shared.and_then(|i| self.scratch.clause(i)) {
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
        if let Some(i) = shared {
            self.scratch.set_clause(i, t);
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
    for &(w, pos, neg) in &l.words {
        let (yes, no) = (case.yes.word(w), case.no.word(w));
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
