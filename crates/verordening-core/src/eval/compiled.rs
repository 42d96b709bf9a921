//! The program compiled to closures, once per evaluator: each node becomes a function of the
//! case that computes its value (or its truth, for conditions) with its operands already
//! resolved. No `match` on node kinds per evaluation, and the common shapes get a function of
//! their own: an input or a constant as an operand is read in place, a date plus a fixed
//! duration goes straight to the calendar, a fixed percentage of hours is one multiplication.
//!
//! The semantics are those of the exact evaluator in [`super::run`], without the sets of
//! missing inputs (tests/fast_path.rs checks that both agree on every node).

use super::lijst::{self, Gekozen};
use super::plan::{Operand, TruthFn, ValueFn, VzPlan};
use super::program::*;
use super::state::{Case, Scratch, Tri};
use crate::quantity;
use crate::syntax::{BinOp, CmpOp};
use crate::value::ops::{arith, compare, holds, neg, order, position, round, scale};
use std::cmp::Ordering;
use std::sync::Arc;

/// Every node of a program as a value function and as a truth function.
pub struct Compiled {
    values: Vec<ValueFn>,
    truths: Vec<TruthFn>,
    /// Per voorziening, its clauses and value rules as the fast path reads them.
    plans: Vec<VzPlan>,
}

impl Compiled {
    pub fn new(p: &Program) -> Self {
        let mut c = Compiler {
            p,
            values: vec![None; p.nodes.len()],
            truths: vec![None; p.nodes.len()],
        };
        for id in 0..p.nodes.len() {
            if let Ok(id) = NodeId::try_from(id) {
                c.value(id);
                c.truth(id);
            }
        }
        let plans = p
            .voorzieningen
            .iter()
            .map(|vz| VzPlan::new(vz, |n| c.operand(n)))
            .collect();
        let unknown_value: ValueFn = Arc::new(|_, _| None);
        let unknown_truth: TruthFn = Arc::new(|_, _| Tri::Unknown);
        Compiled {
            values: c
                .values
                .into_iter()
                .map(|f| f.unwrap_or_else(|| unknown_value.clone()))
                .collect(),
            truths: c
                .truths
                .into_iter()
                .map(|f| f.unwrap_or_else(|| unknown_truth.clone()))
                .collect(),
            plans,
        }
    }

    /// Voorziening `vz` as the fast path reads it.
    #[inline]
    pub fn plan(&self, vz: usize) -> Option<&VzPlan> {
        self.plans.get(vz)
    }

    #[inline]
    pub fn value(&self, case: &Case, scratch: &Scratch, id: NodeId) -> Option<V> {
        self.values.get(id as usize).and_then(|f| f(case, scratch))
    }

    #[inline]
    pub fn truth(&self, case: &Case, scratch: &Scratch, id: NodeId) -> Tri {
        match self.truths.get(id as usize) {
            Some(f) => f(case, scratch),
            None => Tri::Unknown,
        }
    }
}

/// A selection as the fast path reads it: the list, the compiled condition, the order.
struct Entries {
    input: u16,
    order: Vec<(u16, bool)>,
    cond: Option<TruthFn>,
}

impl Entries {
    /// Run `f` with the test of the condition per entry; the entry of an enclosing test is
    /// restored after.
    #[inline]
    fn over<T>(
        &self,
        c: &Case,
        s: &Scratch,
        f: impl FnOnce(&mut dyn FnMut(u32) -> lijst::Test) -> T,
    ) -> T {
        let saved = s.row(self.input);
        let out = f(&mut |row| match &self.cond {
            None => Ok(true),
            Some(t) => {
                s.set_row(self.input, row);
                match t(c, s) {
                    Tri::True => Ok(true),
                    Tri::False => Ok(false),
                    Tri::Unknown => Err(Missing::default()),
                }
            }
        });
        s.set_row(self.input, saved);
        out
    }

    fn choose(&self, c: &Case, s: &Scratch) -> Option<Gekozen> {
        let t = c.list(self.input)?;
        let reference = c.reference();
        self.over(c, s, |test| {
            lijst::choose(t.len(), test, |a, b| {
                lijst::compare_entries(t, &self.order, a, b, reference)
            })
        })
        .ok()
    }
}

fn of_tri(t: Tri) -> Option<V> {
    match t {
        Tri::True => Some(V::JaNee(true)),
        Tri::False => Some(V::JaNee(false)),
        Tri::Unknown => None,
    }
}

struct Compiler<'p> {
    p: &'p Program,
    values: Vec<Option<ValueFn>>,
    truths: Vec<Option<TruthFn>>,
}

impl Compiler<'_> {
    fn node(&self, id: NodeId) -> Option<Node> {
        self.p.nodes.get(id as usize).cloned()
    }

    fn list(&self, first: u32, len: u32) -> Vec<NodeId> {
        self.p
            .lists
            .iter()
            .skip(first as usize)
            .take(len as usize)
            .copied()
            .collect()
    }

    fn operand(&mut self, id: NodeId) -> Operand {
        match self.node(id) {
            Some(Node::Const(v)) => Operand::Const(v),
            Some(Node::Input(i)) => Operand::Input(i),
            _ => Operand::Node(self.value(id)),
        }
    }

    fn value(&mut self, id: NodeId) -> ValueFn {
        if let Some(Some(f)) = self.values.get(id as usize) {
            return f.clone();
        }
        let f = self.compile_value(id);
        if let Some(slot) = self.values.get_mut(id as usize) {
            *slot = Some(f.clone());
        }
        f
    }

    fn truth(&mut self, id: NodeId) -> TruthFn {
        if let Some(Some(f)) = self.truths.get(id as usize) {
            return f.clone();
        }
        let f = self.compile_truth(id);
        if let Some(slot) = self.truths.get_mut(id as usize) {
            *slot = Some(f.clone());
        }
        f
    }

    /// Conditions: the logic around comparisons is computed on truth values directly.
    fn compile_truth(&mut self, id: NodeId) -> TruthFn {
        match self.node(id) {
            Some(Node::Input(i)) => Arc::new(move |c, _| Tri::of(c.get(i))),
            Some(Node::Not(x)) => {
                let t = self.truth(x);
                Arc::new(move |c, s| match t(c, s) {
                    Tri::True => Tri::False,
                    Tri::False => Tri::True,
                    Tri::Unknown => Tri::Unknown,
                })
            }
            // Kleene logic: a known `nee` decides `en`, a known `ja` decides `of`.
            Some(Node::Bin(BinOp::And, a, b)) => {
                let (ta, tb) = (self.truth(a), self.truth(b));
                Arc::new(move |c, s| match ta(c, s) {
                    Tri::False => Tri::False,
                    x => match (x, tb(c, s)) {
                        (_, Tri::False) => Tri::False,
                        (Tri::True, Tri::True) => Tri::True,
                        _ => Tri::Unknown,
                    },
                })
            }
            Some(Node::Bin(BinOp::Or, a, b)) => {
                let (ta, tb) = (self.truth(a), self.truth(b));
                Arc::new(move |c, s| match ta(c, s) {
                    Tri::True => Tri::True,
                    x => match (x, tb(c, s)) {
                        (_, Tri::True) => Tri::True,
                        (Tri::False, Tri::False) => Tri::False,
                        _ => Tri::Unknown,
                    },
                })
            }
            Some(Node::Cmp(op, a, b)) => {
                let (oa, ob) = (self.operand(a), self.operand(b));
                Arc::new(move |c, s| {
                    let (Some(x), Some(y)) = (oa.get(c, s), ob.get(c, s)) else {
                        return Tri::Unknown;
                    };
                    // Deadlines compare dates: without the dispatch of `compare`.
                    let r = match (x, y) {
                        (V::Datum(a), V::Datum(b)) => Some(holds(op, a.cmp(&b))),
                        _ => compare(op, x, y, c.reference()),
                    };
                    match r {
                        Some(true) => Tri::True,
                        Some(false) => Tri::False,
                        None => Tri::Unknown,
                    }
                })
            }
            _ => {
                let f = self.value(id);
                Arc::new(move |c, s| Tri::of(f(c, s)))
            }
        }
    }

    fn compile_value(&mut self, id: NodeId) -> ValueFn {
        let Some(node) = self.node(id) else {
            return Arc::new(|_, _| None);
        };
        match node {
            Node::Const(v) => Arc::new(move |_, _| Some(v)),
            Node::Input(i) => Arc::new(move |c, _| c.get(i)),
            Node::Invalid => Arc::new(|_, _| None),
            Node::Not(_) | Node::Bin(BinOp::And | BinOp::Or, ..) | Node::Cmp(..) => {
                let t = self.truth(id);
                Arc::new(move |c, s| of_tri(t(c, s)))
            }
            Node::Neg(x) => {
                let ox = self.operand(x);
                Arc::new(move |c, s| neg(ox.get(c, s)?))
            }
            Node::Bin(op, a, b) => self.binary(op, a, b),
            Node::Scale(x, f) => {
                let ox = self.operand(x);
                Arc::new(move |c, s| match ox.get(c, s)? {
                    V::Uren(u) => Some(V::Uren(quantity::mul(u, f)?)),
                    V::Bedrag(b) => Some(V::Bedrag(quantity::mul(b, f)?)),
                    v => scale(v, f),
                })
            }
            Node::In(x, first, len) => {
                let ox = self.operand(x);
                let items: Vec<Operand> = self
                    .list(first, len)
                    .into_iter()
                    .map(|i| self.operand(i))
                    .collect();
                Arc::new(move |c, s| {
                    let vx = ox.get(c, s)?;
                    let mut unknown = false;
                    for item in &items {
                        match item.get(c, s) {
                            Some(v) if v == vx => return Some(V::JaNee(true)),
                            Some(_) => {}
                            None => unknown = true,
                        }
                    }
                    (!unknown).then_some(V::JaNee(false))
                })
            }
            Node::If(cond, t, f) => {
                let (fc, ft, ff) = (self.value(cond), self.value(t), self.value(f));
                Arc::new(move |c, s| match fc(c, s) {
                    Some(V::JaNee(true)) => ft(c, s),
                    Some(V::JaNee(false)) => ff(c, s),
                    Some(_) => None,
                    // Unknown condition: known only if both branches agree.
                    None => {
                        let a = ft(c, s)?;
                        (ff(c, s)? == a).then_some(a)
                    }
                })
            }
            Node::Round(x, dir, step) => {
                let (ox, os) = (self.operand(x), self.operand(step));
                Arc::new(move |c, s| round(ox.get(c, s)?, dir, os.get(c, s)?))
            }
            Node::Periods(a, b, p) => {
                let (oa, ob, op) = (self.operand(a), self.operand(b), self.operand(p));
                Arc::new(
                    move |c, s| match (oa.get(c, s)?, ob.get(c, s)?, op.get(c, s)?) {
                        (V::Datum(x), V::Datum(y), V::Duur(d)) => {
                            Some(V::Getal(crate::value::periods_reached(x, y, d)?.into()))
                        }
                        _ => None,
                    },
                )
            }
            Node::Min(a, b) => self.pick(a, b, Ordering::Less),
            Node::Max(a, b) => self.pick(a, b, Ordering::Greater),
            Node::Index(key, first, len) => {
                let ok = self.operand(key);
                let rows: Vec<Operand> = self
                    .list(first, len)
                    .into_iter()
                    .map(|r| self.operand(r))
                    .collect();
                Arc::new(move |c, s| {
                    let row = position(ok.get(c, s)?, len)?;
                    rows.get(row)?.get(c, s)
                })
            }
            Node::Table(key, first, len) => {
                let ok = self.operand(key);
                let cells = self.list(first, len.saturating_mul(2));
                let rows: Vec<(Operand, Operand)> = cells
                    .chunks(2)
                    .filter_map(|pair| match pair {
                        [k, v] => Some((*k, *v)),
                        _ => None,
                    })
                    .map(|(k, v)| (self.operand(k), self.operand(v)))
                    .collect();
                Arc::new(move |c, s| {
                    let vk = ok.get(c, s)?;
                    for (k, v) in &rows {
                        // An unknown key cell before the match leaves the result unknown.
                        if compare(CmpOp::Eq, k.get(c, s)?, vk, c.reference()) == Some(true) {
                            return v.get(c, s);
                        }
                    }
                    None
                })
            }
            Node::Memo(x, slot) => {
                let fx = self.value(x);
                Arc::new(move |c, s| s.remember(slot, || fx(c, s)))
            }
            Node::Field(i, k) => Arc::new(move |c, s| c.list(i)?.cell(s.row(i), k)),
            Node::Count(sel) => {
                let e = self.entries(sel);
                Arc::new(move |c, s| {
                    let t = c.list(e.input)?;
                    let n = e.over(c, s, |test| lijst::count(t.len(), test)).ok()?;
                    Some(V::Getal(n.into()))
                })
            }
            Node::Any(sel) | Node::All(sel) | Node::ChosenExists(sel) => {
                let e = self.entries(sel);
                let all = matches!(node, Node::All(_));
                Arc::new(move |c, s| {
                    let t = c.list(e.input)?;
                    let b = e
                        .over(c, s, |test| {
                            if all {
                                lijst::all(t.len(), test)
                            } else {
                                lijst::any(t.len(), test)
                            }
                        })
                        .ok()?;
                    Some(V::JaNee(b))
                })
            }
            Node::Chosen(sel) => {
                let e = self.entries(sel);
                Arc::new(move |c, s| match e.choose(c, s)? {
                    Gekozen::Een(row) => Some(V::Getal((row + 1).into())),
                    _ => None,
                })
            }
            Node::ChosenField(sel, k) => {
                let e = self.entries(sel);
                Arc::new(move |c, s| {
                    let chosen = e.choose(c, s)?;
                    let t = c.list(e.input)?;
                    let reference = c.reference();
                    e.over(c, s, |test| {
                        lijst::field_of(
                            chosen,
                            t.len(),
                            |row| t.cell(row, k),
                            test,
                            |a, b| lijst::compare_entries(t, &e.order, a, b, reference),
                        )
                    })
                })
            }
        }
    }

    /// Selection `sel` with its condition compiled.
    fn entries(&mut self, sel: u32) -> Arc<Entries> {
        let s = self.p.selecties.get(sel as usize);
        let cond = s.and_then(|s| s.cond).map(|n| self.truth(n));
        Arc::new(Entries {
            input: s.map_or(u16::MAX, |s| s.input),
            order: s.map(|s| s.order.clone()).unwrap_or_default(),
            cond,
        })
    }

    fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId) -> ValueFn {
        let (oa, ob) = (self.operand(a), self.operand(b));
        // A date plus or minus a fixed duration: the calendar, without the dispatch of `arith`.
        if let (BinOp::Add | BinOp::Sub, Operand::Const(V::Duur(dur))) = (op, &ob) {
            let dur = *dur;
            let step = if op == BinOp::Add {
                Some(dur)
            } else {
                dur.checked_neg()
            };
            if let Some(step) = step {
                return Arc::new(move |c, s| match oa.get(c, s)? {
                    V::Datum(x) => step.after(x).map(V::Datum),
                    v => arith(op, v, V::Duur(dur)),
                });
            }
        }
        Arc::new(move |c, s| arith(op, oa.get(c, s)?, ob.get(c, s)?))
    }

    /// `kleinste` (want `Less`) or `grootste` (want `Greater`); the first on a tie.
    fn pick(&mut self, a: NodeId, b: NodeId, want: Ordering) -> ValueFn {
        let (oa, ob) = (self.operand(a), self.operand(b));
        Arc::new(move |c, s| {
            let (x, y) = (oa.get(c, s)?, ob.get(c, s)?);
            match order(x, y, c.reference())? {
                o if o == want || o == Ordering::Equal => Some(x),
                _ => Some(y),
            }
        })
    }
}
