//! Evaluating a [`Program`] for one case: three-valued (a result is a value or "unknown until
//! these inputs are given"), total (the node graph is acyclic and bounded in depth at
//! lowering), and without allocation on the path that computes outcomes.

use super::compiled::Compiled;
use super::fast::Fast;
use super::lijst::{self, Gekozen, Table};
use super::program::*;
pub use super::state::Case;
use super::state::{Scratch, Tri};
use crate::syntax::{BinOp, CmpOp};
use crate::value::ops::{arith, compare, neg, order, position, round, scale};
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Uitkomst {
    /// The college must grant.
    Plicht,
    /// The college may grant (discretion).
    Bevoegd,
    /// Refused or excluded, with a ground.
    Geweigerd,
    /// The ordinance did not adopt the article.
    NietVanToepassing,
    /// Inputs are missing; `missing` lists exactly which.
    Onbepaald,
    /// The college declared it does not use the power ("Het college maakt geen gebruik van
    /// deze bevoegdheid"); the ground cites that declaration.
    NietGebruikt,
}

impl Uitkomst {
    pub fn as_str(self) -> &'static str {
        match self {
            Uitkomst::Plicht => "plicht",
            Uitkomst::Bevoegd => "bevoegd",
            Uitkomst::Geweigerd => "geweigerd",
            Uitkomst::NietVanToepassing => "niet-van-toepassing",
            Uitkomst::Onbepaald => "onbepaald",
            Uitkomst::NietGebruikt => "niet-gebruikt",
        }
    }
}

/// The outcome for one voorziening, as indices into the program.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub vz: usize,
    pub uitkomst: Uitkomst,
    /// The clause that refuses (geweigerd) or grants (plicht, bevoegd).
    pub ground: Option<CiteId>,
    /// The other clauses that refuse as well (a refusal that fails two leden cites both).
    pub other_grounds: Vec<CiteId>,
    /// The necessary conditions (`uitsluitend`) that held, in order. With the ground and the
    /// value rules they make the chain of clauses behind the outcome: see [`Outcome::chain`].
    pub met: Vec<CiteId>,
    /// Whether the ground heads the chain (a grant, or a refusal by a clause).
    pub ground_first: bool,
    /// Whether the value rules are part of the chain (the voorziening is granted).
    pub values_cited: bool,
    /// Discretionary refusal or termination grounds whose condition holds.
    pub may_refuse: Vec<CiteId>,
    pub may_end: Vec<CiteId>,
    /// Such grounds whose condition is unknown, with the inputs that would settle it: the
    /// college may perhaps refuse or end, depending on those inputs.
    pub may_refuse_open: Vec<(CiteId, Missing)>,
    pub may_end_open: Vec<(CiteId, Missing)>,
    pub missing: Missing,
    /// Computed values, by the index of the value rule.
    pub values: Vec<(usize, R)>,
    /// The texts of the case among the values (a field of a chosen entry that no rule
    /// mentions), by their symbol: a report has the program, not the case.
    pub teksten: Vec<(u32, String)>,
    /// What each `kies` the voorziening's rules read chose in this case (see [`Keuze`]).
    pub gekozen: Vec<Keuze>,
}

/// What a selection with `kies` chose in a case, for the explanation: which entry and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Keuze {
    /// The selection (`Program::selecties`).
    pub selectie: u32,
    /// The entry chosen (from 0), none, a tie, or unknown with the inputs it waits for.
    pub uitkomst: Result<Gekozen, Missing>,
    /// Under a tie: every entry tied for first (from 0).
    pub gelijk: Vec<u32>,
    /// How many entries satisfy the condition (where known), and how many there are.
    pub voldoen: Option<u32>,
    pub vermeldingen: u32,
    /// The fields of the chosen entry (the first of a tie), as a report writes them.
    pub velden: Vec<(String, String)>,
}

impl Outcome {
    /// The chain of clauses that produced the outcome: the ground (of a grant, or of a
    /// refusal by a clause), the necessary conditions that held, the value rules of a granted
    /// voorziening, and the discretionary grounds to refuse or end that hold. Built when asked
    /// for, so that evaluating a case only records what happened.
    pub fn chain(&self, p: &Program) -> Vec<CiteId> {
        let mut out = Vec::new();
        if self.ground_first {
            out.extend(self.ground);
            out.extend(self.other_grounds.iter().copied());
            // The definitions the ground stands on: "artikel 9.1, begrip “doelgroep”".
            for g in self.ground.iter().chain(&self.other_grounds) {
                out.extend(
                    p.begrip_cites
                        .iter()
                        .filter(|(rule, _)| rule == g)
                        .map(|(_, b)| *b),
                );
            }
        }
        out.extend(self.met.iter().copied());
        if self.values_cited {
            if let Some(vz) = p.voorzieningen.get(self.vz) {
                out.extend(
                    self.values
                        .iter()
                        .filter_map(|(k, _)| vz.values.get(*k))
                        .map(|v| v.cite),
                );
            }
        }
        out.extend(self.may_refuse.iter().copied());
        out.extend(self.may_end.iter().copied());
        // Where each choice from a list that the rules read is written ("artikel 5, eerste
        // lid"): which entry it chose is in `gekozen`.
        for k in &self.gekozen {
            if let Some(c) = p.selecties.get(k.selectie as usize).and_then(|s| s.cite) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    pub fn new(vz: usize) -> Self {
        Outcome {
            vz,
            uitkomst: Uitkomst::Onbepaald,
            ground: None,
            other_grounds: Vec::new(),
            met: Vec::new(),
            ground_first: false,
            values_cited: false,
            may_refuse: Vec::new(),
            may_end: Vec::new(),
            may_refuse_open: Vec::new(),
            may_end_open: Vec::new(),
            missing: Missing::default(),
            values: Vec::new(),
            teksten: Vec::new(),
            gekozen: Vec::new(),
        }
    }

    /// A text among the values: a symbol of the program, or a text of the case.
    pub fn text<'a>(&'a self, p: &'a Program, sym: u32) -> &'a str {
        match self.teksten.iter().find(|(s, _)| *s == sym) {
            Some((_, t)) => t,
            None => p.symbol(sym),
        }
    }

    // Inlined as before the lists (issue 21) made it larger: out of line it cost some 20
    // instructions per voorziening (callgrind, December 2026).
    #[inline(always)]
    fn reset(&mut self, vz: usize) {
        self.vz = vz;
        self.uitkomst = Uitkomst::Onbepaald;
        self.ground = None;
        self.other_grounds.clear();
        self.met.clear();
        self.ground_first = false;
        self.values_cited = false;
        self.may_refuse.clear();
        self.may_end.clear();
        self.may_refuse_open.clear();
        self.may_end_open.clear();
        self.missing = Missing::default();
        self.values.clear();
        // Empty unless the voorziening chose from a list (texts of the case come only with a
        // choice): no drop loop to run otherwise.
        if !self.gekozen.is_empty() {
            self.teksten.clear();
            self.gekozen.clear();
        }
    }
}

/// Evaluates cases against one program. It keeps a scratch memory for the case at hand
/// (interior mutability), so it is `Send` but not `Sync`: move one into each worker thread, or
/// make one per thread; the [`Program`] itself can be shared.
pub struct Evaluator<'p> {
    pub program: &'p Program,
    scratch: Scratch,
    compiled: Compiled,
}

/// What an evaluator keeps of its own (its scratch memory and the program compiled), apart
/// from the program it borrows: a holder that lowers versions lazily keeps this next to the
/// program it owns and makes the evaluator for a case (`eval::batch::VersionChoice`), which
/// would otherwise borrow from itself.
pub(crate) struct EvaluatorState {
    scratch: Scratch,
    compiled: Compiled,
}

impl<'p> Evaluator<'p> {
    pub fn new(program: &'p Program) -> Self {
        Evaluator {
            program,
            scratch: Scratch::new(),
            compiled: Compiled::new(program),
        }
    }

    /// The evaluator of `program` with the state an evaluator of that same program left
    /// ([`Evaluator::into_state`]); a state of another program is not used.
    pub(crate) fn with_state(program: &'p Program, state: Option<EvaluatorState>) -> Self {
        match state {
            Some(EvaluatorState { scratch, compiled }) => Evaluator {
                program,
                scratch,
                compiled,
            },
            None => Evaluator::new(program),
        }
    }

    pub(crate) fn into_state(self) -> EvaluatorState {
        EvaluatorState {
            scratch: self.scratch,
            compiled: self.compiled,
        }
    }

    pub fn node(&self, case: &Case, id: NodeId) -> R {
        let Some(n) = self.program.nodes.get(id as usize) else {
            return R::U(Missing::default());
        };
        match n {
            Node::Const(v) => R::K(*v),
            Node::Input(i) => match case.get(*i) {
                Some(v) => R::K(v),
                None => R::U(Missing::one(*i)),
            },
            Node::Invalid => R::U(Missing::default()),
            Node::Not(x) => match self.node(case, *x) {
                R::K(V::JaNee(b)) => R::K(V::JaNee(!b)),
                R::K(_) => R::U(Missing::default()),
                u => u,
            },
            Node::Neg(x) => match self.node(case, *x) {
                R::K(v) => neg(v).map(R::K).unwrap_or(R::U(Missing::default())),
                u => u,
            },
            Node::Bin(BinOp::And, a, b) => {
                let (ra, rb) = (self.node(case, *a), self.node(case, *b));
                match (ra, rb) {
                    (R::K(V::JaNee(false)), _) | (_, R::K(V::JaNee(false))) => {
                        R::K(V::JaNee(false))
                    }
                    (R::K(V::JaNee(true)), R::K(V::JaNee(true))) => R::K(V::JaNee(true)),
                    (x, y) => R::U(missing_of(x).union(missing_of(y))),
                }
            }
            Node::Bin(BinOp::Or, a, b) => {
                let (ra, rb) = (self.node(case, *a), self.node(case, *b));
                match (ra, rb) {
                    (R::K(V::JaNee(true)), _) | (_, R::K(V::JaNee(true))) => R::K(V::JaNee(true)),
                    (R::K(V::JaNee(false)), R::K(V::JaNee(false))) => R::K(V::JaNee(false)),
                    (x, y) => R::U(missing_of(x).union(missing_of(y))),
                }
            }
            Node::Bin(op, a, b) => match (self.node(case, *a), self.node(case, *b)) {
                (R::K(x), R::K(y)) => arith(*op, x, y)
                    .map(R::K)
                    .unwrap_or(R::U(Missing::default())),
                (x, y) => R::U(missing_of(x).union(missing_of(y))),
            },
            Node::Cmp(op, a, b) => match (self.node(case, *a), self.node(case, *b)) {
                (R::K(x), R::K(y)) => match compare(*op, x, y, case.reference()) {
                    Some(b) => R::K(V::JaNee(b)),
                    None => R::U(Missing::default()),
                },
                (x, y) => R::U(missing_of(x).union(missing_of(y))),
            },
            Node::In(x, first, len) => {
                let rx = self.node(case, *x);
                let R::K(vx) = rx else { return rx };
                let mut missing = Missing::default();
                for k in 0..*len {
                    let Some(item) = self.program.lists.get((*first + k) as usize) else {
                        continue;
                    };
                    match self.node(case, *item) {
                        R::K(v) if v == vx => return R::K(V::JaNee(true)),
                        R::K(_) => {}
                        R::U(m) => missing = missing.union(m),
                    }
                }
                if missing.is_empty() {
                    R::K(V::JaNee(false))
                } else {
                    R::U(missing)
                }
            }
            Node::Index(key, first, len) => match self.node(case, *key) {
                R::K(k) => match position(k, *len)
                    .and_then(|row| self.program.lists.get((*first as usize) + row))
                {
                    Some(v) => self.node(case, *v),
                    // Outside the list: no value, and no input would give one.
                    None => R::U(Missing::default()),
                },
                u => u,
            },
            Node::Scale(x, f) => match self.node(case, *x) {
                R::K(v) => scale(v, *f).map(R::K).unwrap_or(R::U(Missing::default())),
                u => u,
            },
            Node::Memo(x, _) => self.node(case, *x),
            Node::Table(key, first, len) => {
                let rk = self.node(case, *key);
                let R::K(vk) = rk else { return rk };
                let mut missing = Missing::default();
                for row in 0..*len {
                    let at = (*first as usize) + 2 * row as usize;
                    let (Some(k), Some(v)) =
                        (self.program.lists.get(at), self.program.lists.get(at + 1))
                    else {
                        break;
                    };
                    match self.node(case, *k) {
                        R::K(x) if compare(CmpOp::Eq, x, vk, case.reference()) == Some(true) => {
                            return if missing.is_empty() {
                                self.node(case, *v)
                            } else {
                                R::U(missing)
                            };
                        }
                        R::K(_) => {}
                        R::U(m) => missing = missing.union(m),
                    }
                }
                // No row has this key: the table gives no value.
                R::U(missing)
            }
            Node::If(c, t, f) => match self.node(case, *c) {
                R::K(V::JaNee(true)) => self.node(case, *t),
                R::K(V::JaNee(false)) => self.node(case, *f),
                R::K(_) => R::U(Missing::default()),
                R::U(m) => {
                    // If both branches agree, the condition does not matter.
                    match (self.node(case, *t), self.node(case, *f)) {
                        (R::K(a), R::K(b)) if a == b => R::K(a),
                        (x, y) => R::U(m.union(missing_of(x)).union(missing_of(y))),
                    }
                }
            },
            Node::Round(x, dir, step) => match (self.node(case, *x), self.node(case, *step)) {
                (R::K(v), R::K(s)) => round(v, *dir, s)
                    .map(R::K)
                    .unwrap_or(R::U(Missing::default())),
                (x, y) => R::U(missing_of(x).union(missing_of(y))),
            },
            Node::Periods(a, b, p) => {
                match (
                    self.node(case, *a),
                    self.node(case, *b),
                    self.node(case, *p),
                ) {
                    (R::K(V::Datum(x)), R::K(V::Datum(y)), R::K(V::Duur(d))) => {
                        match crate::value::periods_reached(x, y, d) {
                            Some(k) => R::K(V::Getal(k.into())),
                            None => R::U(Missing::default()),
                        }
                    }
                    (x, y, z) => R::U(missing_of(x).union(missing_of(y)).union(missing_of(z))),
                }
            }
            Node::Field(i, k) => {
                match case.list(*i).and_then(|t| t.cell(self.scratch.row(*i), *k)) {
                    Some(v) => R::K(v),
                    None => R::U(Missing::one(*i)),
                }
            }
            Node::Count(s) => match self.selection(case, *s) {
                Ok((sel, t)) => match self.over(case, sel, |test| lijst::count(t.len(), test)) {
                    Ok(n) => R::K(V::Getal(n.into())),
                    Err(m) => R::U(m),
                },
                Err(r) => r,
            },
            Node::Any(s) | Node::All(s) | Node::ChosenExists(s) => match self.selection(case, *s) {
                Ok((sel, t)) => {
                    let all = matches!(n, Node::All(_));
                    let r = self.over(case, sel, |test| {
                        if all {
                            lijst::all(t.len(), test)
                        } else {
                            lijst::any(t.len(), test)
                        }
                    });
                    match r {
                        Ok(b) => R::K(V::JaNee(b)),
                        Err(m) => R::U(m),
                    }
                }
                Err(r) => r,
            },
            Node::Chosen(s) => match self.choice(case, *s) {
                Ok(Gekozen::Een(row)) => R::K(V::Getal((row + 1).into())),
                Ok(_) => R::U(Missing::default()),
                Err(m) => R::U(m),
            },
            Node::ChosenField(s, k) => {
                let (sel, t) = match self.selection(case, *s) {
                    Ok(x) => x,
                    Err(r) => return r,
                };
                match self.choice(case, *s) {
                    Ok(chosen) => {
                        let reference = case.reference();
                        let v = self.over(case, sel, |test| {
                            Ok::<_, Missing>(lijst::field_of(
                                chosen,
                                t.len(),
                                |row| t.cell(row, *k),
                                test,
                                |a, b| lijst::compare_entries(t, &sel.order, a, b, reference),
                            ))
                        });
                        match v {
                            Ok(Some(v)) => R::K(v),
                            _ => R::U(Missing::default()),
                        }
                    }
                    Err(m) => R::U(m),
                }
            }
            Node::Min(a, b) | Node::Max(a, b) => {
                let want = if matches!(n, Node::Min(..)) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                match (self.node(case, *a), self.node(case, *b)) {
                    (R::K(x), R::K(y)) => match order(x, y, case.reference()) {
                        Some(o) if o == want || o == Ordering::Equal => R::K(x),
                        Some(_) => R::K(y),
                        None => R::U(Missing::default()),
                    },
                    (x, y) => R::U(missing_of(x).union(missing_of(y))),
                }
            }
        }
    }

    /// Selection `s` and the entries of its list; unknown when the case does not give the list.
    fn selection<'c>(&self, case: &'c Case, s: u32) -> Result<(&'p Selectie, &'c Table), R> {
        let Some(sel) = self.program.selecties.get(s as usize) else {
            return Err(R::U(Missing::default()));
        };
        match case.list(sel.input) {
            Some(t) => Ok((sel, t)),
            None => Err(R::U(Missing::one(sel.input))),
        }
    }

    /// Run `f` with the exact test of the selection's condition per entry; the entry of an
    /// enclosing test (a condition over the same list) is restored after.
    fn over<T>(
        &self,
        case: &Case,
        sel: &Selectie,
        f: impl FnOnce(&mut dyn FnMut(u32) -> lijst::Test) -> T,
    ) -> T {
        let saved = self.scratch.row(sel.input);
        let out = f(&mut |row| match sel.cond {
            None => Ok(true),
            Some(c) => {
                self.scratch.set_row(sel.input, row);
                match self.node(case, c) {
                    R::K(V::JaNee(b)) => Ok(b),
                    R::K(_) => Err(Missing::default()),
                    R::U(m) => Err(m),
                }
            }
        });
        self.scratch.set_row(sel.input, saved);
        out
    }

    /// What selection `s` chose (exact), or what that waits for.
    pub fn choice(&self, case: &Case, s: u32) -> Result<Gekozen, Missing> {
        let (sel, t) = match self.selection(case, s) {
            Ok(x) => x,
            Err(r) => return Err(missing_of(r)),
        };
        let reference = case.reference();
        self.over(case, sel, |test| {
            lijst::choose(t.len(), test, |a, b| {
                lijst::compare_entries(t, &sel.order, a, b, reference)
            })
        })
    }

    /// The entries tied with the chosen one (from 0), for a report.
    pub fn tied(&self, case: &Case, s: u32, first: u32) -> Vec<u32> {
        let Ok((sel, t)) = self.selection(case, s) else {
            return Vec::new();
        };
        let reference = case.reference();
        self.over(case, sel, |test| {
            lijst::tied(t.len(), first, test, |a, b| {
                lijst::compare_entries(t, &sel.order, a, b, reference)
            })
        })
    }

    /// Whether a clause applies: its condition holds and its exception does not.
    pub fn clause(&self, case: &Case, c: &Clause) -> R {
        let cond = match c.cond {
            Some(n) => self.node(case, n),
            None => R::K(V::JaNee(true)),
        };
        let exception = match c.tenzij {
            Some(n) => self.node(case, n),
            None => R::K(V::JaNee(false)),
        };
        match (cond, exception) {
            (R::K(V::JaNee(false)), _) | (_, R::K(V::JaNee(true))) => R::K(V::JaNee(false)),
            (R::K(V::JaNee(true)), R::K(V::JaNee(false))) => R::K(V::JaNee(true)),
            (x, y) => R::U(missing_of(x).union(missing_of(y))),
        }
    }

    /// For `uitsluitend V als C tenzij T`: the requirement is met when C holds or T holds.
    pub fn requirement(&self, case: &Case, c: &Clause) -> R {
        let cond = match c.cond {
            Some(n) => self.node(case, n),
            None => R::K(V::JaNee(true)),
        };
        let exception = match c.tenzij {
            Some(n) => self.node(case, n),
            None => R::K(V::JaNee(false)),
        };
        match (cond, exception) {
            (R::K(V::JaNee(true)), _) | (_, R::K(V::JaNee(true))) => R::K(V::JaNee(true)),
            (R::K(V::JaNee(false)), R::K(V::JaNee(false))) => R::K(V::JaNee(false)),
            (x, y) => R::U(missing_of(x).union(missing_of(y))),
        }
    }

    /// The outcome for voorziening `i`.
    pub fn voorziening(&self, case: &Case, i: usize) -> Option<Outcome> {
        let mut out = Outcome::new(i);
        self.voorziening_into(case, i, &mut out).then_some(out)
    }

    /// The outcome for voorziening `i`, written into `out` (whose buffers are reused, so a
    /// warm evaluation allocates nothing). False if there is no such voorziening.
    pub fn voorziening_into(&self, case: &Case, i: usize, out: &mut Outcome) -> bool {
        self.scratch.reset(false);
        self.decide::<false>(case, i, out, &self.scratch)
    }

    /// Decide one voorziening on the fast path; the exact evaluator runs only for what stays
    /// unknown, to name the inputs that would settle it.
    /// `MANY`: several voorzieningen are evaluated for this case (see [`Fast::clause`]).
    fn decide<const MANY: bool>(
        &self,
        case: &Case,
        i: usize,
        out: &mut Outcome,
        scratch: &Scratch,
    ) -> bool {
        let Some(vz) = self.program.voorzieningen.get(i) else {
            return false;
        };
        let done = self.decide_outcome::<MANY>(case, vz, i, out, scratch);
        // Only a voorziening whose rules choose from a list pays for saying what was chosen.
        if !vz.keuzes.is_empty() && done && out.uitkomst != Uitkomst::NietVanToepassing {
            self.choices_into(case, vz, out);
        }
        done
    }

    /// What each `kies` of the voorziening chose, and the texts of the case among its values.
    /// Out of line: most ordinances choose from no list, and their decision stays as small.
    #[cold]
    #[inline(never)]
    fn choices_into(&self, case: &Case, vz: &VzProgram, out: &mut Outcome) {
        for &s in &vz.keuzes {
            let Some(sel) = self.program.selecties.get(s as usize) else {
                continue;
            };
            let table = case.list(sel.input);
            let uitkomst = self.choice(case, s);
            let voldoen = match self.selection(case, s) {
                Ok((sel, t)) => self
                    .over(case, sel, |test| lijst::count(t.len(), test))
                    .ok(),
                Err(_) => None,
            };
            let first = match uitkomst {
                Ok(Gekozen::Een(r) | Gekozen::Gelijk(r, _)) => Some(r),
                _ => None,
            };
            let gelijk = match uitkomst {
                Ok(Gekozen::Gelijk(r, _)) => self.tied(case, s, r),
                _ => Vec::new(),
            };
            // The chosen entry's fields; under a tie those the tied entries share.
            let mut velden = Vec::new();
            if let (Some(t), Some(row)) = (table, first) {
                for (k, (name, _)) in self.program.list_fields(sel.input).iter().enumerate() {
                    let Some(k) = u16::try_from(k).ok() else {
                        continue;
                    };
                    let Some(v) = t.cell(row, k) else {
                        continue;
                    };
                    if gelijk.iter().all(|r| t.cell(*r, k) == Some(v)) {
                        velden.push((name.clone(), shown(self.program, case, v)));
                    }
                }
            }
            out.gekozen.push(Keuze {
                selectie: s,
                uitkomst,
                gelijk,
                voldoen,
                vermeldingen: table.map_or(0, Table::len),
                velden,
            });
        }
        for (_, r) in &out.values {
            if let R::K(V::Sym(sym)) = r {
                if *sym >= lijst::CASE_TEXT && !out.teksten.iter().any(|(s, _)| s == sym) {
                    out.teksten
                        .push((*sym, case.text_of(self.program, *sym).to_string()));
                }
            }
        }
    }

    #[inline(always)]
    fn decide_outcome<const MANY: bool>(
        &self,
        case: &Case,
        vz: &VzProgram,
        i: usize,
        out: &mut Outcome,
        scratch: &Scratch,
    ) -> bool {
        out.reset(i);
        if let Some(c) = vz.not_adopted {
            out.uitkomst = Uitkomst::NietVanToepassing;
            out.ground = Some(c);
            return true;
        }
        let Some(plan) = self.compiled.plan(i) else {
            return false;
        };
        let fast = Fast::new(self.program, scratch, &self.compiled);
        let mut undecided = false;
        // A power the college declared it does not use decides before anything else.
        for c in &vz.geen_gebruik {
            match self.clause(case, c) {
                R::K(V::JaNee(true)) => {
                    out.uitkomst = Uitkomst::NietGebruikt;
                    out.ground = Some(c.cite);
                    out.ground_first = true;
                    return true;
                }
                R::U(_) => undecided = true,
                R::K(_) => {}
            }
        }
        // Mandatory refusals and necessary conditions decide first; every ground that refuses
        // is cited, the first as the ground.
        let mut refusals: Vec<CiteId> = Vec::new();
        for c in &plan.weigert {
            match fast.clause::<MANY>(case, c) {
                Tri::True => refusals.push(c.cite),
                Tri::False => {}
                Tri::Unknown => undecided = true,
            }
        }
        for c in &plan.uitsluitend {
            match fast.requirement(case, c) {
                Tri::False => refusals.push(c.cite),
                Tri::True => out.met.push(c.cite),
                Tri::Unknown => undecided = true,
            }
        }
        if let Some((&first, rest)) = refusals.split_first() {
            refused(out, first);
            out.other_grounds = rest.to_vec();
            // The conditions that held are no reason for a refusal.
            out.met.clear();
            self.values_into(case, vz, plan, out, scratch);
            return true;
        }
        // Then the grant: a duty before a power.
        let mut granted = None;
        let mut grant_unknown = false;
        for (clauses, kind) in [
            (&plan.kent_toe, Uitkomst::Plicht),
            (&plan.kan_toekennen, Uitkomst::Bevoegd),
        ] {
            for c in clauses {
                match fast.clause::<MANY>(case, c) {
                    Tri::True if granted.is_none() => granted = Some((kind, c.cite)),
                    Tri::Unknown => grant_unknown = true,
                    _ => {}
                }
            }
            if granted.is_some() {
                break;
            }
        }
        for (c, exact) in plan.kan_weigeren.iter().zip(&vz.kan_weigeren) {
            match fast.clause::<MANY>(case, c) {
                Tri::True => out.may_refuse.push(c.cite),
                Tri::Unknown => out
                    .may_refuse_open
                    .push((c.cite, missing_of(self.clause(case, exact)))),
                Tri::False => {}
            }
        }
        for (c, exact) in plan.kan_beeindigen.iter().zip(&vz.kan_beeindigen) {
            match fast.clause::<MANY>(case, c) {
                Tri::True => out.may_end.push(c.cite),
                Tri::Unknown => out
                    .may_end_open
                    .push((c.cite, missing_of(self.clause(case, exact)))),
                Tri::False => {}
            }
        }
        match granted {
            Some((kind, cite)) if !undecided => {
                out.uitkomst = if kind == Uitkomst::Plicht && !out.may_refuse.is_empty() {
                    Uitkomst::Bevoegd
                } else {
                    kind
                };
                out.ground = Some(cite);
                out.ground_first = true;
            }
            Some(_) => {
                out.uitkomst = Uitkomst::Onbepaald;
                out.missing = self.pending(case, vz, false);
            }
            None if grant_unknown || undecided => {
                out.uitkomst = Uitkomst::Onbepaald;
                out.missing = self.pending(case, vz, true);
            }
            None => {
                // No clause grants it: refused for want of a basis.
                out.uitkomst = Uitkomst::Geweigerd;
                out.ground = vz
                    .kan_toekennen
                    .first()
                    .or(vz.kent_toe.first())
                    .map(|c| c.cite);
            }
        }
        if !matches!(out.uitkomst, Uitkomst::Plicht | Uitkomst::Bevoegd) {
            // Open discretionary grounds matter only next to a grant.
            out.may_refuse_open.clear();
            out.may_end_open.clear();
        }
        out.values_cited = matches!(out.uitkomst, Uitkomst::Plicht | Uitkomst::Bevoegd);
        self.values_into(case, vz, plan, out, scratch);
        true
    }

    /// The values of the voorziening, whatever the outcome: a refusal keeps the deadline that
    /// made the application late, or the date of the next reassessment (they are part of the
    /// decision's motivation). Only a grant cites the value rules in its chain.
    fn values_into(
        &self,
        case: &Case,
        vz: &VzProgram,
        plan: &super::plan::VzPlan,
        out: &mut Outcome,
        scratch: &Scratch,
    ) {
        for (k, (v, o)) in vz.values.iter().zip(&plan.values).enumerate() {
            let r = match o.get(case, scratch) {
                Some(x) => R::K(x),
                None => self.node(case, v.node),
            };
            out.values.push((k, r));
        }
    }

    /// The inputs an undecided voorziening waits for: those of its refusals and requirements
    /// that are unknown, and (when no grant holds) of its unknown grants. Exact evaluation.
    fn pending(&self, case: &Case, vz: &VzProgram, with_grants: bool) -> Missing {
        let mut m = Missing::default();
        for c in vz.geen_gebruik.iter().chain(&vz.weigert) {
            m = m.union(missing_of(self.clause(case, c)));
        }
        for c in &vz.uitsluitend {
            m = m.union(missing_of(self.requirement(case, c)));
        }
        if with_grants {
            for c in vz.kent_toe.iter().chain(&vz.kan_toekennen) {
                m = m.union(missing_of(self.clause(case, c)));
            }
        }
        m
    }

    pub fn all(&self, case: &Case) -> Vec<Outcome> {
        let mut outs = Vec::new();
        self.all_into(case, &mut outs);
        outs
    }

    /// All outcomes into reused buffers (one per voorziening). The rules on `alle
    /// voorzieningen` are evaluated once for the case, not once per voorziening.
    pub fn all_into(&self, case: &Case, outs: &mut Vec<Outcome>) {
        let n = self.program.voorzieningen.len();
        outs.resize_with(n, || Outcome::new(0));
        self.scratch.reset(true);
        for (i, out) in outs.iter_mut().enumerate() {
            self.decide::<true>(case, i, out, &self.scratch);
        }
    }
}

fn refused(out: &mut Outcome, cite: CiteId) {
    out.uitkomst = Uitkomst::Geweigerd;
    out.ground = Some(cite);
    out.ground_first = true;
}
fn missing_of(r: R) -> Missing {
    match r {
        R::U(m) => m,
        R::K(_) => Missing::default(),
    }
}

/// A value as a report writes it, a text of the case by its text.
pub fn shown(p: &Program, case: &Case, v: V) -> String {
    match v {
        V::Sym(s) => case.text_of(p, s).to_string(),
        v => to_val(v, p).to_string(),
    }
}

/// A value of the program as a value of the checker: a symbol by its name.
pub fn to_val(v: V, p: &Program) -> crate::value::Val {
    use crate::value::Val;
    match v {
        V::Sym(s) => Val::Enum(p.symbol(s).to_string()),
        v => Val::Scalar(v),
    }
}
