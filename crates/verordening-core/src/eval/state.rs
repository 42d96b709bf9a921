//! What one evaluation reads and remembers: the [`Case`] (one optional value per input of
//! the program) and the [`Scratch`] memory of the case at hand, with the three-valued truth
//! [`Tri`] both paths decide conditions in. Below the compiled closures, the fast path and
//! the exact evaluator, which all read them.

use super::lijst::Table;
use super::program::*;
use super::share::MAX_MEMO;
use std::cell::Cell;

/// The case: one optional value per input of the program, and which ja/nee inputs are ja
/// and which nee (so that conditions on them are decided with a few bit operations).
#[derive(Debug, Clone)]
pub struct Case {
    values: Vec<Option<V>>,
    /// The input that holds the peildatum, and its value: the reference date from which
    /// durations that mix months and days are compared (see `Duration::compare`).
    peildatum_input: Option<u16>,
    reference: Option<chrono::NaiveDate>,
    pub(crate) yes: InputSet,
    pub(crate) no: InputSet,
    /// The list facts the case gives, by input (a few at most: found by a short scan).
    lists: Vec<(u16, Table)>,
}

impl Case {
    pub fn empty(p: &Program) -> Self {
        Case {
            values: vec![None; p.inputs.len()],
            peildatum_input: p.peildatum,
            reference: None,
            yes: InputSet::default(),
            no: InputSet::default(),
            lists: Vec::new(),
        }
    }

    /// The entries of list input `i`, if the case gives the list (an empty list is given).
    #[inline]
    pub fn list(&self, i: u16) -> Option<&Table> {
        self.lists.iter().find(|(k, _)| *k == i).map(|(_, t)| t)
    }

    pub fn set_list(&mut self, i: u16, t: Table) {
        self.lists.retain(|(k, _)| *k != i);
        self.lists.push((i, t));
    }

    /// Whether the case gives input `i` (a value, or a list).
    pub fn given(&self, i: u16) -> bool {
        self.get(i).is_some() || self.list(i).is_some()
    }

    /// A text of the case: a symbol of the program, or a text of one of its lists.
    pub fn text_of<'a>(&'a self, p: &'a Program, sym: u32) -> &'a str {
        if sym >= super::lijst::CASE_TEXT {
            if let Some(t) = self.lists.iter().find_map(|(_, t)| t.text_of(sym)) {
                return t;
            }
        }
        p.symbol(sym)
    }

    /// The date from which this case compares durations that mix months and days: its
    /// peildatum. None without one (such a comparison then stays unknown).
    pub fn reference(&self) -> Option<chrono::NaiveDate> {
        self.reference
    }

    pub fn get(&self, i: u16) -> Option<V> {
        self.values.get(i as usize).copied().flatten()
    }

    pub fn set(&mut self, i: u16, v: V) {
        if let Some(slot) = self.values.get_mut(i as usize) {
            *slot = Some(v);
            if self.peildatum_input == Some(i) {
                self.reference = match v {
                    V::Datum(d) => Some(d),
                    _ => None,
                };
            }
            self.yes.remove(i);
            self.no.remove(i);
            match v {
                V::JaNee(true) => self.yes.insert(i),
                V::JaNee(false) => self.no.insert(i),
                _ => {}
            }
        }
    }

    /// Forget the value of input `i`.
    pub fn clear(&mut self, i: u16) {
        self.lists.retain(|(k, _)| *k != i);
        if let Some(slot) = self.values.get_mut(i as usize) {
            *slot = None;
            if self.peildatum_input == Some(i) {
                self.reference = None;
            }
            self.yes.remove(i);
            self.no.remove(i);
        }
    }

    /// Set the peildatum and the parameters in force on it.
    pub fn set_peildatum(&mut self, p: &Program, date: chrono::NaiveDate) {
        if let Some(i) = p.peildatum {
            self.set(i, V::Datum(date));
        }
        for (i, input) in p.inputs.iter().enumerate() {
            if input.kind != InputKind::Parameter || input.dated.is_empty() {
                continue;
            }
            if let Some((_, v)) = input.dated.iter().rev().find(|(from, _)| *from <= date) {
                self.set(u16::try_from(i).unwrap_or(u16::MAX), *v);
            }
        }
    }
}

/// Three-valued truth: known true, known false, unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub(crate) fn of(v: Option<V>) -> Tri {
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
/// clears the shared clauses' 64 bytes and one bit mask, not the memo slots.
pub struct Scratch {
    /// Per shared clause: 0 not yet decided for this case, else 1 + the `Tri` (see `code`).
    clauses: [Cell<u8>; MAX_SHARED],
    memo_done: Cell<u64>,
    memo: [Cell<Option<V>>; MAX_MEMO],
    /// Per list input, the entry whose condition is being tested (see `Node::Field`).
    rows: [Cell<u32>; MAX_INPUTS],
}

/// Shared clauses beyond this many are evaluated each time (still correct, only slower).
pub const MAX_SHARED: usize = 64;

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            clauses: std::array::from_fn(|_| Cell::new(0)),
            memo_done: Cell::new(0),
            memo: std::array::from_fn(|_| Cell::new(None)),
            rows: std::array::from_fn(|_| Cell::new(0)),
        }
    }

    /// The entry of list input `i` being tested.
    #[inline]
    pub fn row(&self, i: u16) -> u32 {
        self.rows.get(i as usize).map_or(0, Cell::get)
    }

    /// Set the entry of list input `i` being tested (the caller restores the entry of an
    /// enclosing test after its own: [`Scratch::row`] before, this after).
    #[inline]
    pub fn set_row(&self, i: u16, row: u32) {
        if let Some(c) = self.rows.get(i as usize) {
            c.set(row);
        }
    }

    /// Forget the previous case; `many`: several voorzieningen will be evaluated for it.
    pub fn reset(&self, many: bool) {
        if many {
            // The shared clauses are remembered only when several voorzieningen are evaluated.
            for c in &self.clauses {
                c.set(0);
            }
        }
        self.memo_done.set(0);
    }

    #[inline(always)]
    pub(crate) fn clause(&self, i: u16) -> Option<Tri> {
        match self.clauses.get(i as usize)?.get() {
            1 => Some(Tri::False),
            2 => Some(Tri::True),
            3 => Some(Tri::Unknown),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn set_clause(&self, i: u16, t: Tri) {
        if let Some(c) = self.clauses.get(i as usize) {
            c.set(match t {
                Tri::False => 1,
                Tri::True => 2,
                Tri::Unknown => 3,
            });
        }
    }
}

impl Scratch {
    /// The value in memo slot `slot` for this case, computed by `f` the first time.
    #[inline]
    pub fn remember(&self, slot: u16, f: impl FnOnce() -> Option<V>) -> Option<V> {
        let (Some(cell), Some(bit)) = (
            self.memo.get(slot as usize),
            1u64.checked_shl(u32::from(slot)),
        ) else {
            return f();
        };
        if self.memo_done.get() & bit != 0 {
            return cell.get();
        }
        let v = f();
        cell.set(v);
        self.memo_done.set(self.memo_done.get() | bit);
        v
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}
