//! The fast path of evaluation: a node is a value or unknown (`None`), without the set of
//! inputs it waits for (the nodes run as the closures of [`super::compiled`]). Almost every case in a batch is decided on this path; the exact
//! evaluator in [`super::run`] (which tracks missing inputs) runs only for what remains
//! unknown, to name exactly the facts and judgements that would settle it.
//!
//! Both paths share the value arithmetic, so they cannot disagree on a known value; a property
//! test (tests/fast_path.rs) checks that they agree on outcomes for random cases.

use super::compiled::Compiled;
use super::plan::{FastClause, Test, NOT_SHARED};
use super::program::*;
use super::state::Case;
pub use super::state::{Scratch, Tri};

pub struct Fast<'p, 's> {
    program: &'p Program,
    scratch: &'s Scratch,
    compiled: &'s Compiled,
}

impl<'p, 's> Fast<'p, 's> {
    pub fn new(program: &'p Program, scratch: &'s Scratch, compiled: &'s Compiled) -> Self {
        Fast {
            program,
            scratch,
            compiled,
        }
    }

    /// The value of a node, or `None` when it is unknown.
    #[inline]
    pub fn value(&self, case: &Case, id: NodeId) -> Option<V> {
        self.compiled.value(case, self.scratch, id)
    }

    #[inline]
    fn truth(&self, case: &Case, id: NodeId) -> Tri {
        self.compiled.truth(case, self.scratch, id)
    }

    /// Whether a clause applies: its condition holds and its exception does not. `MANY`:
    /// several voorzieningen are evaluated for this case, so the rules on `alle
    /// voorzieningen` are remembered (a compile-time choice, so that evaluating one
    /// voorziening does not test for it per clause).
    #[inline(always)]
    pub fn clause<const MANY: bool>(&self, case: &Case, c: &FastClause) -> Tri {
        let shared = MANY && c.shared != NOT_SHARED;
        if shared {
            if let Some(t) = self.scratch.clause(c.shared) {
                return t;
            }
        }
        let t = match self.test(case, c.cond, Tri::True) {
            Tri::False => Tri::False,
            cond => match (cond, self.test(case, c.tenzij, Tri::False)) {
                (_, Tri::True) => Tri::False,
                (Tri::True, Tri::False) => Tri::True,
                _ => Tri::Unknown,
            },
        };
        if shared {
            self.scratch.set_clause(c.shared, t);
        }
        t
    }

    /// For `uitsluitend V als C tenzij T`: the requirement is met when C holds or T holds.
    pub fn requirement(&self, case: &Case, c: &FastClause) -> Tri {
        match self.test(case, c.cond, Tri::True) {
            Tri::True => Tri::True,
            cond => match (cond, self.test(case, c.tenzij, Tri::False)) {
                (_, Tri::True) => Tri::True,
                (Tri::False, Tri::False) => Tri::False,
                _ => Tri::Unknown,
            },
        }
    }

    /// A condition or an exception; `absent`: its truth when the clause has none.
    #[inline(always)]
    fn test(&self, case: &Case, t: Test, absent: Tri) -> Tri {
        match t {
            Test::Word(w, pos, neg) => word_literals((w, pos, neg), case),
            Test::Absent => absent,
            Test::Literals(l) => match self.program.literals.get(l as usize) {
                Some(l) => literals(l, case),
                None => Tri::Unknown,
            },
            Test::Node(n) => self.truth(case, n),
        }
    }
}

/// Literals within one word of inputs: the common case of [`literals`].
#[inline(always)]
fn word_literals((w, pos, neg): WordLiterals, case: &Case) -> Tri {
    let (yes, no) = (case.yes.word(w), case.no.word(w));
    if (pos & no) | (neg & yes) != 0 {
        Tri::False
    } else if (pos & !yes) | (neg & !no) != 0 {
        Tri::Unknown
    } else {
        Tri::True
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
