//! Each voorziening's clauses and value rules in the form the fast path reads them, made once
//! per evaluator: a clause's condition and exception are one small tagged value each (a word
//! of ja/nee literals in the common case), so that deciding a clause is one match and a few
//! bit operations, not a walk through the options of [`Clause`].

use super::program::*;
use super::state::{Case, Scratch, Tri, MAX_SHARED};
use std::sync::Arc;

/// The value of a node in a case: `None` when it is unknown.
pub type ValueFn = Arc<dyn Fn(&Case, &Scratch) -> Option<V> + Send + Sync>;
/// The truth of a condition in a case.
pub type TruthFn = Arc<dyn Fn(&Case, &Scratch) -> Tri + Send + Sync>;

/// An operand as the compiled function reads it: constants and inputs in place.
#[derive(Clone)]
pub enum Operand {
    Const(V),
    Input(u16),
    Node(ValueFn),
}

impl Operand {
    #[inline(always)]
    pub fn get(&self, case: &Case, s: &Scratch) -> Option<V> {
        match self {
            Operand::Const(v) => Some(*v),
            Operand::Input(i) => case.get(*i),
            Operand::Node(f) => f(case, s),
        }
    }
}

/// How the fast path decides the condition or the exception of a clause.
#[derive(Debug, Clone, Copy)]
pub enum Test {
    /// No condition (it holds) or no exception (it does not hold).
    Absent,
    /// A conjunction of ja/nee inputs within one word: (word, must be ja, must be nee).
    Word(u8, u64, u64),
    /// A conjunction of ja/nee inputs over several words: an index into `Program::literals`.
    Literals(u32),
    /// Any other condition, through its compiled truth function.
    Node(NodeId),
}

impl Test {
    fn of(word: Option<WordLiterals>, lits: Option<u32>, node: Option<NodeId>) -> Test {
        match (word, lits, node) {
            (Some((w, pos, neg)), _, _) => Test::Word(w, pos, neg),
            (None, Some(l), _) => Test::Literals(l),
            (None, None, Some(n)) => Test::Node(n),
            (None, None, None) => Test::Absent,
        }
    }
}

/// Marks a clause that is not remembered per case (not shared, or beyond [`MAX_SHARED`]).
pub const NOT_SHARED: u16 = u16::MAX;

/// A clause as the fast path tests it.
#[derive(Debug, Clone, Copy)]
pub struct FastClause {
    pub cond: Test,
    pub tenzij: Test,
    /// Its index among the rules on `alle voorzieningen`, or [`NOT_SHARED`].
    pub shared: u16,
    pub cite: CiteId,
}

impl FastClause {
    pub fn of(c: &Clause) -> Self {
        FastClause {
            cond: Test::of(c.cond_word, c.cond_lits, c.cond),
            tenzij: Test::of(c.tenzij_word, c.tenzij_lits, c.tenzij),
            shared: c
                .shared
                .filter(|i| usize::from(*i) < MAX_SHARED)
                .unwrap_or(NOT_SHARED),
            cite: c.cite,
        }
    }
}

/// One voorziening, in the order of [`VzProgram`]'s lists.
pub struct VzPlan {
    pub weigert: Vec<FastClause>,
    pub uitsluitend: Vec<FastClause>,
    pub kent_toe: Vec<FastClause>,
    pub kan_toekennen: Vec<FastClause>,
    pub kan_weigeren: Vec<FastClause>,
    pub kan_beeindigen: Vec<FastClause>,
    /// The value rules as operands: a constant or an input is read in place.
    pub values: Vec<Operand>,
}

impl VzPlan {
    pub fn new(vz: &VzProgram, operand: impl FnMut(NodeId) -> Operand) -> Self {
        let clauses = |cs: &[Clause]| cs.iter().map(FastClause::of).collect();
        VzPlan {
            weigert: clauses(&vz.weigert),
            uitsluitend: clauses(&vz.uitsluitend),
            kent_toe: clauses(&vz.kent_toe),
            kan_toekennen: clauses(&vz.kan_toekennen),
            kan_weigeren: clauses(&vz.kan_weigeren),
            kan_beeindigen: clauses(&vz.kan_beeindigen),
            values: vz.values.iter().map(|v| v.node).map(operand).collect(),
        }
    }
}
