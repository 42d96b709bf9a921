//! The lowered form of an ordinance: what evaluation runs. Names are resolved to indices,
//! fill-ins and adoption choices are folded in, and every clause keeps its citation.

use crate::diagnostics::FileId;
use crate::syntax::{BinOp, CmpOp, Rounding, Span};
use chrono::NaiveDate;
use serde::Serialize;

// The one scalar of the pipeline lives with the values (`crate::value::V`).
pub use crate::value::V;

/// A set of inputs (facts, judgements) by index: which inputs an unknown result waits for,
/// or which ja/nee inputs of a case are known to be ja (or nee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InputSet(pub [u64; 4]);

/// The inputs an unknown result waits for.
pub type Missing = InputSet;

pub const MAX_INPUTS: usize = 256;

impl InputSet {
    /// The bits of word `w` (inputs `64 w` to `64 w + 63`).
    #[inline]
    pub fn word(&self, w: u8) -> u64 {
        self.0.get(w as usize).copied().unwrap_or(0)
    }

    pub fn remove(&mut self, i: u16) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if let Some(word) = self.0.get_mut(w) {
            *word &= !(1u64 << b);
        }
    }

    pub fn one(i: u16) -> Self {
        let mut m = Missing::default();
        m.insert(i);
        m
    }
    pub fn insert(&mut self, i: u16) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if let Some(word) = self.0.get_mut(w) {
            *word |= 1u64 << b;
        }
    }
    pub fn union(self, o: Missing) -> Missing {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(o.0.iter()) {
            *a |= b;
        }
        out
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    /// The inputs in ascending order, by the set bits of each word: a report walks many sets,
    /// most of them empty or nearly so, and testing all 256 bits of each was 5 % of the
    /// server's time per request (perf, December 2026).
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let b = rest.trailing_zeros() as u16;
                rest &= rest - 1;
                Some(w as u16 * 64 + b)
            })
        })
    }
}

/// The result of evaluating a node: a value, or unknown until some inputs are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum R {
    K(V),
    U(Missing),
}

pub type NodeId = u32;

#[derive(Debug, Clone)]
pub enum Node {
    Const(V),
    Input(u16),
    Not(NodeId),
    Neg(NodeId),
    Bin(BinOp, NodeId, NodeId),
    Cmp(CmpOp, NodeId, NodeId),
    /// x in (items): the items are `len` nodes starting at `first` in `Program::lists`.
    In(NodeId, u32, u32),
    If(NodeId, NodeId, NodeId),
    Round(NodeId, Rounding, NodeId),
    Min(NodeId, NodeId),
    Max(NodeId, NodeId),
    /// A table lookup: the value of the first row whose key equals the key node. The rows
    /// are `len` (key, value) pairs of nodes starting at `first` in `Program::lists`.
    /// `element(lijst, n)` and `opzoeken(lijst, veld = x, resultaat)` lower to this.
    Table(NodeId, u32, u32),
    /// `element(lijst, n)`: the value of row n (from 1) of `len` value nodes starting at
    /// `first` in `Program::lists`.
    Index(NodeId, u32, u32),
    /// A quantity times a fixed factor: `15% van x` with the percentage known at lowering
    /// (the factor is `0.15`, computed once).
    Scale(NodeId, rust_decimal::Decimal),
    /// A computation that several rules use: the fast path computes it once per case and
    /// keeps it in memo slot `slot` (see `share`).
    Memo(NodeId, u16),
    /// `aantal_perioden(van, tot, duur)`: how many moments `van + n × duur` (n ≥ 1) fall on or
    /// before `tot` (`value::periods_reached`).
    Periods(NodeId, NodeId, NodeId),
    /// A construct evaluation cannot compute (already reported at lowering): unknown forever.
    Invalid,
    /// Field `field` of the entry at hand of list input `input`: inside the condition of a
    /// selection over that list, which sets the entry before it tests the condition.
    Field(u16, u16),
    /// `aantal(L waarbij C)`: how many entries of selection `s` satisfy its condition.
    Count(u32),
    /// `bestaat(L waarbij C)`: whether at least one does.
    Any(u32),
    /// `alle(L waarbij C)`: whether every entry does.
    All(u32),
    /// `kies(...)`: the position (from 1) of the chosen entry of selection `s`. A rule reads
    /// the choice through the two nodes below; this one stands for the definition.
    Chosen(u32),
    /// `bestaat(kandidaat)`: whether selection `s` chose an entry (also under a tie).
    ChosenExists(u32),
    /// `kandidaat.veld`: field `field` of the entry selection `s` chose.
    ChosenField(u32, u16),
}

/// A list fact read entry by entry: `kies`, `aantal`, `bestaat`, `alle` (crates/verordening-core/src/eval/lijst.rs).
/// Fields are indices into the list's record, resolved at lowering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selectie {
    /// The list input.
    pub input: u16,
    /// The condition on each entry (it reads `Node::Field`), or none: every entry counts.
    pub cond: Option<NodeId>,
    /// For `kies`: the keys, first to last, each a field and whether the smallest value comes
    /// first (`vroegste`, `laagste`, `kortste`).
    pub order: Vec<(u16, bool)>,
    /// For reports: the definition that chooses (`kandidaat`), the condition and the order
    /// as written (`geschikt`, `vroegste ingeschreven_op`), and where it is written.
    pub name: String,
    pub waarbij: String,
    pub volgorde: String,
    pub cite: Option<CiteId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Feit,
    Oordeel,
    Parameter,
    Peildatum,
}

/// The type of an input, for reading case files and printing the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputType {
    Bedrag,
    Percentage,
    Getal,
    Uren,
    Duur,
    Werkdagen,
    Datum,
    JaNee,
    Tekst,
    /// A soort: its name and its values.
    Soort(String, Vec<String>),
    /// A list of entries, each with these fields (name and type) in the declared order.
    Lijst(Vec<(String, InputType)>),
}

#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub kind: InputKind,
    pub ty: InputType,
    pub description: Option<String>,
    /// For parameters: values by date, ascending.
    pub dated: Vec<(NaiveDate, V)>,
    pub file: FileId,
    pub span: Span,
}

/// Where a clause stands, for explanations: "artikel 14h, tweede lid, onder a".
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub text: String,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

pub type CiteId = u32;

/// A condition that is a conjunction of ja/nee inputs and their negations
/// (`persoon.doelgroep en niet verdringing`): decided from the case's bit sets at once.
/// Kept per 64-input word, only the words it uses (usually one).
#[derive(Debug, Clone, Default)]
pub struct Literals {
    /// (word, inputs that must be ja, inputs that must be nee)
    pub words: Vec<(u8, u64, u64)>,
}

impl Literals {
    pub fn from_sets(pos: &InputSet, neg: &InputSet) -> Self {
        let words = pos
            .0
            .iter()
            .zip(&neg.0)
            .enumerate()
            .filter(|(_, (p, n))| **p != 0 || **n != 0)
            .map(|(w, (p, n))| (u8::try_from(w).unwrap_or(u8::MAX), *p, *n))
            .collect();
        Literals { words }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub cond: Option<NodeId>,
    pub tenzij: Option<NodeId>,
    pub cite: CiteId,
    /// For a rule on `alle voorzieningen`: its index among those rules, so that evaluating
    /// every voorziening of a case evaluates it once.
    pub shared: Option<u16>,
    /// The condition and the exception as literals, where they are conjunctions of ja/nee
    /// inputs (indices into `Program::literals`).
    pub cond_lits: Option<u32>,
    pub tenzij_lits: Option<u32>,
    /// The same, inline, when the literals lie in one 64-input word (almost always): the
    /// clause is then decided without following an index.
    pub cond_word: Option<WordLiterals>,
    pub tenzij_word: Option<WordLiterals>,
}

/// Literals within one word of inputs: (word, inputs that must be ja, inputs that must be nee).
pub type WordLiterals = (u8, u64, u64);

impl Literals {
    /// The literals as one word, if they lie in one.
    pub fn single_word(&self) -> Option<WordLiterals> {
        match self.words.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ValueRule {
    pub name: String,
    pub node: NodeId,
    pub cite: CiteId,
    /// The unit the text writes a duration in (`12 maanden`, `14 dagen`): reports keep it
    /// rather than normalising to years or weeks.
    pub unit: Option<crate::syntax::DurationUnit>,
    /// The value's type as the checker sees it: typed output (Arrow and Parquet columns of
    /// `batch`) needs it before any case is evaluated.
    pub kind: ValueKind,
}

/// The type of a computed value, as far as typed output needs it; a duration, a text and an
/// enumeration value are written as text (as the report writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueKind {
    Bedrag,
    Percentage,
    Getal,
    Uren,
    Datum,
    JaNee,
    #[default]
    Tekst,
}

#[derive(Debug, Clone, Default)]
pub struct VzProgram {
    pub name: String,
    pub label: String,
    /// Where the voorziening is declared.
    pub declared: Option<CiteId>,
    /// Declared in a part of the model the ordinance did not adopt.
    pub not_adopted: Option<CiteId>,
    /// Declared with `besluit`: rules on `alle voorzieningen` do not apply.
    pub besluit: bool,
    pub weigert: Vec<Clause>,
    pub uitsluitend: Vec<Clause>,
    pub kent_toe: Vec<Clause>,
    pub kan_toekennen: Vec<Clause>,
    pub kan_weigeren: Vec<Clause>,
    pub kan_beeindigen: Vec<Clause>,
    /// `maakt geen gebruik van`: the college does not use the power (outcome niet-gebruikt).
    pub geen_gebruik: Vec<Clause>,
    pub values: Vec<ValueRule>,
    /// The selections with `kies` its rules and values read: the report says which entry
    /// each chose.
    pub keuzes: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct Program {
    pub nodes: Vec<Node>,
    pub lists: Vec<NodeId>,
    pub inputs: Vec<Input>,
    pub symbols: Vec<String>,
    pub citations: Vec<Citation>,
    /// For a rule's citation, the begrippen its condition uses, each cited where the
    /// begrippenlijst defines it: `(rule, begrip)`.
    pub begrip_cites: Vec<(CiteId, CiteId)>,
    pub voorzieningen: Vec<VzProgram>,
    pub literals: Vec<Literals>,
    /// The list facts read entry by entry (`Node::Count`, `Node::Chosen`, ...).
    pub selecties: Vec<Selectie>,
    /// How many memo slots the fast path needs (one per `Node::Memo`).
    pub memo_slots: u16,
    /// The input index of `peildatum`.
    pub peildatum: Option<u16>,
    /// The regulation evaluated (its citeertitel) and when it is in force.
    pub title: String,
    pub geldig_vanaf: Option<NaiveDate>,
    pub geldig_tot: Option<NaiveDate>,
}

impl Program {
    pub fn input_index(&self, name: &str) -> Option<u16> {
        self.inputs
            .iter()
            .position(|i| i.name == name)
            .and_then(|i| u16::try_from(i).ok())
    }

    pub fn symbol(&self, s: u32) -> &str {
        self.symbols
            .get(s as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    pub fn symbol_id(&self, s: &str) -> Option<u32> {
        self.symbols
            .iter()
            .position(|x| x == s)
            .and_then(|i| u32::try_from(i).ok())
    }

    pub fn cite(&self, c: CiteId) -> Option<&Citation> {
        self.citations.get(c as usize)
    }

    /// The fields of list input `i`.
    pub fn list_fields(&self, i: u16) -> &[(String, InputType)] {
        match self.inputs.get(i as usize).map(|x| &x.ty) {
            Some(InputType::Lijst(fields)) => fields,
            _ => &[],
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod input_set_tests {
    use super::InputSet;

    #[test]
    fn iter_gives_the_members_in_ascending_order() {
        let mut s = InputSet([0; 4]);
        for i in [255u16, 0, 64, 63, 200, 1] {
            s.0[(i / 64) as usize] |= 1 << (i % 64);
        }
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 1, 63, 64, 200, 255]);
        assert_eq!(InputSet([0; 4]).iter().count(), 0);
        assert_eq!(InputSet([u64::MAX; 4]).iter().count(), 256);
    }
}
