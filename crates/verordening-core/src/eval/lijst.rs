//! Lists in a case (issue 21, item 7): a list fact is a table of entries, one record each, and
//! `kies`, `aantal`, `bestaat` and `alle` read it entry by entry. The counting, the quantifiers
//! and the choice by an order are here once, for the fast path and the exact evaluator alike:
//! each passes the test of its condition for one entry as a closure, so the two paths cannot
//! disagree on which entry is chosen.
//!
//! Three-valued, like the rest of evaluation: a condition that is unknown for an entry (it
//! reads a fact the case does not give) leaves the result unknown only where that entry could
//! change it — `bestaat` is ja as soon as one entry is, `kies` is known when every entry whose
//! condition is unknown comes after the chosen one in the order.
//!
//! A tie (two entries that satisfy the condition and are equal on every key of the order) is
//! not broken by the place in the list: the case file's order is not the regeling's. The
//! choice is then [`Gekozen::Gelijk`]; a field of the chosen entry is known only where all the
//! tied entries agree on it (docs/design.md, "Choosing from a list").

use super::program::{Missing, V};
use std::cmp::Ordering;

/// Symbols from here up are texts of the case (a field of an entry that no rule mentions),
/// kept with the table: distinct texts stay distinct, so that tied entries with different
/// names do not agree on their name.
pub const CASE_TEXT: u32 = 1 << 31;

/// The entries of one list fact: `width` fields per entry, in the order of the declaration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    width: usize,
    cells: Vec<V>,
    texts: Vec<String>,
}

impl Table {
    pub fn new(width: usize) -> Self {
        Table {
            width,
            cells: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// Add an entry: one value per field (a shorter entry is not added).
    pub fn push(&mut self, entry: &[V]) -> bool {
        if entry.len() != self.width {
            return false;
        }
        self.cells.extend_from_slice(entry);
        true
    }

    /// A text of this case as a symbol (the same text, the same symbol).
    pub fn text(&mut self, s: &str) -> V {
        let k = match self.texts.iter().position(|t| t == s) {
            Some(k) => k,
            None => {
                self.texts.push(s.to_string());
                self.texts.len() - 1
            }
        };
        V::Sym(CASE_TEXT.saturating_add(u32::try_from(k).unwrap_or(u32::MAX - CASE_TEXT)))
    }

    /// The text of a symbol made by [`Table::text`].
    pub fn text_of(&self, sym: u32) -> Option<&str> {
        let k = sym.checked_sub(CASE_TEXT)?;
        self.texts.get(k as usize).map(String::as_str)
    }

    /// The number of entries.
    pub fn len(&self) -> u32 {
        let n = self.cells.len().checked_div(self.width).unwrap_or(0);
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Field `field` of entry `row` (both from 0).
    #[inline]
    pub fn cell(&self, row: u32, field: u16) -> Option<V> {
        let f = usize::from(field);
        if f >= self.width {
            return None;
        }
        self.cells
            .get((row as usize).checked_mul(self.width)?.checked_add(f)?)
            .copied()
    }
}

/// Order entries `a` and `b` by the keys of a `kies` (field, smallest first), first key first:
/// `Less` when `a` comes first. Durations that mix months and days compare from `reference`
/// (the peildatum), as everywhere.
pub fn compare_entries(
    table: &Table,
    order: &[(u16, bool)],
    a: u32,
    b: u32,
    reference: Option<chrono::NaiveDate>,
) -> Option<Ordering> {
    for &(field, ascending) in order {
        let o = crate::value::ops::order(table.cell(a, field)?, table.cell(b, field)?, reference)?;
        let o = if ascending { o } else { o.reverse() };
        if o != Ordering::Equal {
            return Some(o);
        }
    }
    Some(Ordering::Equal)
}

/// The test of a condition for one entry: known, or unknown with the inputs it waits for (the
/// fast path, which does not track them, gives an empty set).
pub type Test = Result<bool, Missing>;

/// What `kies` chose, by entry (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gekozen {
    /// No entry satisfies the condition (or the list is empty).
    Geen,
    Een(u32),
    /// The first two of the entries that are equal on every key and first by the order.
    Gelijk(u32, u32),
}

/// How many entries satisfy the condition.
pub fn count(len: u32, mut test: impl FnMut(u32) -> Test) -> Result<u32, Missing> {
    let mut n = 0u32;
    let mut missing: Option<Missing> = None;
    for row in 0..len {
        match test(row) {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(m) => missing = Some(missing.unwrap_or_default().union(m)),
        }
    }
    match missing {
        Some(m) => Err(m),
        None => Ok(n),
    }
}

/// Whether at least one entry satisfies the condition: ja as soon as one does.
pub fn any(len: u32, mut test: impl FnMut(u32) -> Test) -> Test {
    let mut missing: Option<Missing> = None;
    for row in 0..len {
        match test(row) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(m) => missing = Some(missing.unwrap_or_default().union(m)),
        }
    }
    match missing {
        Some(m) => Err(m),
        None => Ok(false),
    }
}

/// Whether every entry satisfies the condition (ja for an empty list): nee as soon as one
/// does not.
pub fn all(len: u32, mut test: impl FnMut(u32) -> Test) -> Test {
    let mut missing: Option<Missing> = None;
    for row in 0..len {
        match test(row) {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(m) => missing = Some(missing.unwrap_or_default().union(m)),
        }
    }
    match missing {
        Some(m) => Err(m),
        None => Ok(true),
    }
}

/// The entry first by the order among those that satisfy the condition. `cmp(a, b)` orders two
/// entries by the keys (`Less`: a comes first); `None` when they cannot be ordered (durations
/// in months and days without a peildatum), which leaves the choice without a result.
pub fn choose(
    len: u32,
    mut test: impl FnMut(u32) -> Test,
    mut cmp: impl FnMut(u32, u32) -> Option<Ordering>,
) -> Result<Gekozen, Missing> {
    let mut best: Option<u32> = None;
    let mut tie: Option<u32> = None;
    let mut open = false;
    for row in 0..len {
        match test(row) {
            Ok(true) => match best {
                None => best = Some(row),
                Some(b) => match cmp(row, b) {
                    Some(Ordering::Less) => {
                        best = Some(row);
                        tie = None;
                    }
                    Some(Ordering::Equal) => {
                        tie.get_or_insert(row);
                    }
                    Some(Ordering::Greater) => {}
                    None => return Err(Missing::default()),
                },
            },
            Ok(false) => {}
            Err(_) => open = true,
        }
    }
    if open {
        // An entry whose condition is unknown matters unless it comes after the chosen one.
        let mut missing: Option<Missing> = None;
        for row in 0..len {
            if let Err(m) = test(row) {
                let after = match best {
                    Some(b) => cmp(row, b) == Some(Ordering::Greater),
                    None => false,
                };
                if !after {
                    missing = Some(missing.unwrap_or_default().union(m));
                }
            }
        }
        if let Some(m) = missing {
            return Err(m);
        }
    }
    Ok(match (best, tie) {
        (None, _) => Gekozen::Geen,
        (Some(b), None) => Gekozen::Een(b),
        (Some(b), Some(t)) => Gekozen::Gelijk(b, t),
    })
}

/// The entries tied with `first` (itself included), in list order: those that satisfy the
/// condition and are equal to it on every key.
pub fn tied(
    len: u32,
    first: u32,
    mut test: impl FnMut(u32) -> Test,
    mut cmp: impl FnMut(u32, u32) -> Option<Ordering>,
) -> Vec<u32> {
    (0..len)
        .filter(|&row| {
            row == first || (test(row) == Ok(true) && cmp(row, first) == Some(Ordering::Equal))
        })
        .collect()
}

/// A field of the chosen entry. Under a tie it is known only where every tied entry has the
/// same value; without an entry it has none. `None` means: no value (and no input would give
/// one).
pub fn field_of(
    chosen: Gekozen,
    len: u32,
    value: impl Fn(u32) -> Option<V>,
    test: impl FnMut(u32) -> Test,
    cmp: impl FnMut(u32, u32) -> Option<Ordering>,
) -> Option<V> {
    match chosen {
        Gekozen::Geen => None,
        Gekozen::Een(row) => value(row),
        Gekozen::Gelijk(first, _) => {
            let v = value(first)?;
            tied(len, first, test, cmp)
                .into_iter()
                .all(|row| value(row) == Some(v))
                .then_some(v)
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::eval::program::InputSet;

    fn key(rows: &[i64]) -> impl Fn(u32, u32) -> Option<Ordering> + '_ {
        move |a, b| Some(rows.get(a as usize)?.cmp(rows.get(b as usize)?))
    }

    #[test]
    fn the_first_by_the_order_among_those_that_pass() {
        let keys = [5, 3, 4, 1];
        let pass = [true, true, true, false];
        let t = |r: u32| Ok(pass[r as usize]);
        assert_eq!(choose(4, t, key(&keys)), Ok(Gekozen::Een(1)));
        assert_eq!(count(4, t), Ok(3));
        assert_eq!(any(4, t), Ok(true));
        assert_eq!(all(4, t), Ok(false));
    }

    #[test]
    fn none_pass_or_an_empty_list() {
        let keys = [1, 2];
        assert_eq!(choose(2, |_| Ok(false), key(&keys)), Ok(Gekozen::Geen));
        assert_eq!(choose(0, |_| Ok(true), key(&keys)), Ok(Gekozen::Geen));
        assert_eq!(all(0, |_| Ok(false)), Ok(true));
        assert_eq!(any(0, |_| Ok(true)), Ok(false));
        assert_eq!(count(0, |_| Ok(true)), Ok(0));
    }

    #[test]
    fn a_tie_is_not_broken_by_the_place_in_the_list() {
        let keys = [2, 1, 3, 1];
        let chosen = choose(4, |_| Ok(true), key(&keys));
        assert_eq!(chosen, Ok(Gekozen::Gelijk(1, 3)));
        assert_eq!(tied(4, 1, |_| Ok(true), key(&keys)), vec![1, 3]);
        // The key itself is the same for both; another field differs.
        let other = [10, 20, 30, 40];
        let v = |r: u32| Some(V::Getal(keys[r as usize].into()));
        let w = |r: u32| Some(V::Getal(other[r as usize].into()));
        let c = Gekozen::Gelijk(1, 3);
        assert_eq!(
            field_of(c, 4, v, |_| Ok(true), key(&keys)),
            Some(V::Getal(1.into()))
        );
        assert_eq!(field_of(c, 4, w, |_| Ok(true), key(&keys)), None);
    }

    #[test]
    fn an_unknown_condition_matters_only_before_the_chosen_entry() {
        let keys = [1, 2, 3];
        let m = InputSet::one(7);
        // Entry 2 (key 3) is unknown but comes after entry 0: the choice stands.
        let t = |r: u32| if r == 2 { Err(m) } else { Ok(true) };
        assert_eq!(choose(3, t, key(&keys)), Ok(Gekozen::Een(0)));
        // Entry 0 (key 1) is unknown and would come first: no choice yet.
        let t = |r: u32| if r == 0 { Err(m) } else { Ok(true) };
        assert_eq!(choose(3, t, key(&keys)), Err(m));
        assert_eq!(any(3, t), Ok(true));
        assert_eq!(all(3, t), Err(m));
        assert_eq!(count(3, t), Err(m));
    }

    #[test]
    fn texts_of_the_case_are_distinct_symbols() {
        let mut t = Table::new(1);
        let a = t.text("Jansen");
        let b = t.text("De Vries");
        assert_ne!(a, b);
        assert_eq!(t.text("Jansen"), a);
        let V::Sym(s) = b else { panic!() };
        assert_eq!(t.text_of(s), Some("De Vries"));
        assert!(t.push(&[a]));
        assert!(!t.push(&[a, b]));
        assert_eq!(t.len(), 1);
        assert_eq!(t.cell(0, 0), Some(a));
        assert_eq!(t.cell(0, 1), None);
        assert_eq!(t.cell(1, 0), None);
    }
}
