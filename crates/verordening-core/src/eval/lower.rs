//! Lowering a checked document chain into a [`Program`]: once per ordinance, so that each
//! case evaluation resolves no names.

use super::program::*;
use crate::check::symbols::{art_prefix, GlobalKind, SlotKind};
use crate::check::types::{builtin_type, DurClass, Ty};
use crate::check::{conform::FillTable, conform::State, Checker};
use crate::diagnostics::{Code, Diagnostic};
use crate::project::Project;
use crate::syntax::*;
use crate::value::{self, Val};
use std::collections::HashMap;

/// Definitions nested deeper than this are refused, so evaluation depth stays bounded.
const MAX_LOWER_DEPTH: u32 = 200;

/// A rule whose evaluation would visit more nodes than this is refused (see `expr`).
const MAX_VISITS: u64 = 100_000;

pub use crate::syntax::notation::lid_words;

pub struct Lowered {
    pub program: Program,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lower document `index` of the project (with the layers it stands on).
pub fn lower(project: &Project, index: usize) -> Option<Lowered> {
    Some(lower_checked(&Checker::new(project, index)?))
}

/// Lower the document a checker was made for.
pub fn lower_checked(checker: &Checker<'_>) -> Lowered {
    let fills = checker.collect_fills();
    let mut l = Lowerer {
        checker,
        fills: &fills,
        program: Program::default(),
        diags: Vec::new(),
        defs: HashMap::new(),
        inputs: HashMap::new(),
        depth: 0,
        fills_lowered: HashMap::new(),
        general: Vec::new(),
        interned: HashMap::new(),
        visits: Vec::new(),
        descriptions: descriptions(checker),
        waarden: waarden(checker),
        groups: crate::check::groups_of(&checker.chain),
        rows: Vec::new(),
        def_file: None,
    };
    l.run();
    super::share::share(&mut l.program);
    Lowered {
        program: l.program,
        diagnostics: l.diags,
    }
}

struct Lowerer<'c, 'p> {
    checker: &'c Checker<'p>,
    fills: &'c FillTable<'p>,
    program: Program,
    diags: Vec<Diagnostic>,
    /// Definitions and voorziening values already lowered (a DAG, not a tree).
    defs: HashMap<String, NodeId>,
    inputs: HashMap<String, u16>,
    depth: u32,
    fills_lowered: HashMap<String, NodeId>,
    /// Rules on `alle voorzieningen`, applied to each once all are known.
    general: Vec<(Modality, Clause)>,
    /// Nodes by their content, so that equal computations share one node.
    interned: HashMap<String, NodeId>,
    /// Per fact, oordeel or parameter its description, from the first layer that gives one.
    descriptions: HashMap<String, String>,
    /// Per `vz.prop` the `waarde` of the lowest layer that sets it.
    waarden: HashMap<String, &'p Expr>,
    /// Per node, how many nodes its evaluation visits at most.
    visits: Vec<u64>,
    /// The named groups of voorzieningen, with their members.
    groups: HashMap<String, Vec<String>>,
    /// While lowering the condition of a selection: the list input and its fields, innermost
    /// last (a bare name that is a field reads the entry being tested).
    rows: Vec<(u16, Vec<String>)>,
    /// The file of the definition being lowered (where a `kies` in it is written).
    def_file: Option<crate::diagnostics::FileId>,
}

/// Where a clause stands while walking: article, lid, onderdeel labels.
#[derive(Clone, Default)]
struct Place {
    artikel: String,
    lid: Option<String>,
    onderdelen: Vec<String>,
    bijlage: Option<String>,
    prefix: String,
    /// Inside an optional part that the ordinance did not adopt.
    dropped: Option<String>,
}

impl Place {
    fn citation(&self) -> String {
        if let Some(b) = &self.bijlage {
            return format!("bijlage {b}");
        }
        let mut s = format!("artikel {}", self.artikel);
        if let Some(l) = &self.lid {
            s.push_str(", ");
            s.push_str(&lid_words(l));
        }
        for o in &self.onderdelen {
            s.push_str(", onder ");
            s.push_str(o);
        }
        s
    }
}

impl<'c, 'p> Lowerer<'c, 'p> {
    fn state(&self) -> State<'c, 'p> {
        State {
            checker: self.checker,
            fills: self.fills,
        }
    }

    fn fills_model(&self) -> bool {
        self.checker.layer() == Layer::Verordening && self.checker.model.is_some()
    }

    /// Whether an optional unit is part of the ordinance being evaluated.
    fn adopted(&self, id: &str) -> bool {
        if !self.fills_model() {
            return true;
        }
        match self.checker.slots.get(id) {
            Some(_) => self.state().adopted(id) == Some(true),
            None => true,
        }
    }

    fn node(&mut self, n: Node) -> NodeId {
        let n = match n {
            Node::Bin(BinOp::Van, pct, x) => self.distribute_van(pct, x),
            n => n,
        };
        let n = super::fold::fold(&self.program, n);
        // The same computation written twice (a deadline in a condition and as a value) is
        // one node, so that evaluation can compute it once per case (see `share`). Constants
        // are not merged: `€ 1,0` and `€ 1,00` are equal but print differently.
        let key = (!matches!(n, Node::Const(_))).then(|| format!("{n:?}"));
        if let Some(&id) = key.as_ref().and_then(|k| self.interned.get(k)) {
            return id;
        }
        let mut visits = 1u64;
        super::share::for_each_child(&n, &self.program, &mut |c| {
            visits = visits.saturating_add(self.visits.get(c as usize).copied().unwrap_or(0));
        });
        self.visits.push(visits);
        let id = u32::try_from(self.program.nodes.len()).unwrap_or(u32::MAX);
        self.program.nodes.push(n);
        if let Some(k) = key {
            self.interned.insert(k, id);
        }
        id
    }

    /// `element(percentages, n) van x` with fixed percentages becomes a table of `x` times
    /// fixed factors: the row's percentage is not divided by a hundred in every case.
    fn distribute_van(&mut self, pct: NodeId, x: NodeId) -> Node {
        let unchanged = Node::Bin(BinOp::Van, pct, x);
        let Some(Node::Index(key, first, len)) = self.program.nodes.get(pct as usize).cloned()
        else {
            return unchanged;
        };
        let mut rows = Vec::new();
        for k in first..first.saturating_add(len) {
            let Some(&row) = self.program.lists.get(k as usize) else {
                return unchanged;
            };
            match self.program.nodes.get(row as usize) {
                Some(Node::Const(V::Percentage(_))) => rows.push(row),
                _ => return unchanged,
            }
        }
        let scaled: Vec<NodeId> = rows
            .into_iter()
            .map(|row| self.node(Node::Bin(BinOp::Van, row, x)))
            .collect();
        let first = u32::try_from(self.program.lists.len()).unwrap_or(u32::MAX);
        self.program.lists.extend(scaled);
        Node::Index(key, first, len)
    }

    /// If node `n` is a conjunction of ja/nee inputs and negated inputs, those literals.
    fn literals(&mut self, n: NodeId) -> Option<u32> {
        let (mut pos, mut neg) = (InputSet::default(), InputSet::default());
        if !self.collect_literals(n, true, &mut pos, &mut neg, 0) {
            return None;
        }
        self.program.literals.push(Literals::from_sets(&pos, &neg));
        u32::try_from(self.program.literals.len() - 1).ok()
    }

    fn collect_literals(
        &self,
        n: NodeId,
        positive: bool,
        pos: &mut InputSet,
        neg: &mut InputSet,
        depth: u32,
    ) -> bool {
        if depth > MAX_LOWER_DEPTH {
            return false;
        }
        match self.program.nodes.get(n as usize) {
            Some(Node::Input(i))
                if self
                    .program
                    .inputs
                    .get(*i as usize)
                    .is_some_and(|x| x.ty == InputType::JaNee) =>
            {
                if positive {
                    pos.insert(*i);
                } else {
                    neg.insert(*i);
                }
                true
            }
            Some(Node::Not(x)) => match self.program.nodes.get(*x as usize) {
                // Only a negated input: `niet (a en b)` is not a conjunction.
                Some(Node::Input(_)) => self.collect_literals(*x, !positive, pos, neg, depth + 1),
                _ => false,
            },
            Some(Node::Bin(BinOp::And, a, b)) if positive => {
                self.collect_literals(*a, true, pos, neg, depth + 1)
                    && self.collect_literals(*b, true, pos, neg, depth + 1)
            }
            _ => false,
        }
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.program.symbol_id(s) {
            return i;
        }
        self.program.symbols.push(s.to_string());
        u32::try_from(self.program.symbols.len() - 1).unwrap_or(u32::MAX)
    }

    fn cite(&mut self, place: &Place, file: crate::diagnostics::FileId, span: Span) -> CiteId {
        self.program.citations.push(Citation {
            text: place.citation(),
            file,
            span,
        });
        u32::try_from(self.program.citations.len() - 1).unwrap_or(u32::MAX)
    }

    fn run(&mut self) {
        let h = &self.checker.doc.ast.header;
        self.program.title = h
            .meta
            .iter()
            .find_map(|m| match (&m.key, &m.value) {
                (MetaKey::Other(k), MetaValue::Text(t)) if k == "citeertitel" => {
                    Some(t.value.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| h.title.value.clone());
        for m in &h.meta {
            match (&m.key, &m.value) {
                (MetaKey::GeldigVanaf, MetaValue::Date(d)) => self.program.geldig_vanaf = Some(*d),
                (MetaKey::GeldigTot, MetaValue::Date(d)) => self.program.geldig_tot = Some(*d),
                _ => {}
            }
        }
        self.declare_inputs();
        let chain = self.checker.chain.clone();
        for doc in chain {
            for item in &doc.ast.items {
                match &item.kind {
                    ItemKind::Artikel(a) => {
                        let id = art_prefix(&a.nr.text);
                        let is_model = Some(doc.id) == self.checker.model.map(|m| m.id);
                        let mut place = Place {
                            artikel: a.nr.text.clone(),
                            prefix: id.clone(),
                            ..Place::default()
                        };
                        if a.vervallen {
                            continue;
                        }
                        // A model article the ordinance replaces by its own text: the own
                        // article's rules apply, the model's not.
                        if is_model
                            && ((a.optional && !self.adopted(&id))
                                || self.checker.replaced.contains(&a.nr.text))
                        {
                            place.dropped = Some(id.clone());
                        }
                        self.members(&a.members, &place, doc.id, is_model);
                    }
                    // An own lid of a model article: its rules, cited as that lid.
                    ItemKind::EigenLid(e)
                        if self
                            .checker
                            .own_leden
                            .get(&crate::syntax::place::lid_prefix(
                                &art_prefix(&e.artikel.text),
                                &e.lid.nr.text,
                            ))
                            == Some(&true) =>
                    {
                        let place = Place {
                            artikel: e.artikel.text.clone(),
                            lid: Some(e.lid.nr.text.clone()),
                            prefix: crate::syntax::place::lid_prefix(
                                &art_prefix(&e.artikel.text),
                                &e.lid.nr.text,
                            ),
                            ..Place::default()
                        };
                        self.members(&e.lid.members, &place, doc.id, false);
                    }
                    ItemKind::Decl(Decl::Voorziening(v)) => {
                        let place = Place::default();
                        self.voorziening(v, &place, doc.id);
                    }
                    _ => {}
                }
            }
        }
        self.apply_general_rules();
        self.choices_read();
    }

    /// Per voorziening, the selections with `kies` its rules and values read.
    fn choices_read(&mut self) {
        let p = &self.program;
        let mut per_vz = Vec::with_capacity(p.voorzieningen.len());
        for vz in &p.voorzieningen {
            let mut todo: Vec<NodeId> = Vec::new();
            for list in [
                &vz.weigert,
                &vz.uitsluitend,
                &vz.kent_toe,
                &vz.kan_toekennen,
                &vz.kan_weigeren,
                &vz.kan_beeindigen,
                &vz.geen_gebruik,
            ] {
                for c in list {
                    todo.extend(c.cond);
                    todo.extend(c.tenzij);
                }
            }
            todo.extend(vz.values.iter().map(|v| v.node));
            let mut seen = std::collections::HashSet::new();
            let mut found: Vec<u32> = Vec::new();
            while let Some(id) = todo.pop() {
                if !seen.insert(id) {
                    continue;
                }
                let Some(node) = p.nodes.get(id as usize) else {
                    continue;
                };
                if let Node::Chosen(s) | Node::ChosenExists(s) | Node::ChosenField(s, _) = node {
                    if !found.contains(s) {
                        found.push(*s);
                    }
                }
                super::share::for_each_child(node, p, &mut |c| todo.push(c));
            }
            found.sort_unstable();
            per_vz.push(found);
        }
        for (vz, found) in self.program.voorzieningen.iter_mut().zip(per_vz) {
            vz.keuzes = found;
        }
    }

    fn declare_inputs(&mut self) {
        let globals: Vec<(
            String,
            GlobalKind,
            Option<&TypeExpr>,
            crate::diagnostics::FileId,
            Span,
        )> = self
            .checker
            .globals
            .iter()
            .filter(|(_, g)| {
                matches!(
                    g.kind,
                    GlobalKind::Feit
                        | GlobalKind::Oordeel
                        | GlobalKind::Parameter
                        | GlobalKind::Peildatum
                )
            })
            .map(|(n, g)| (n.clone(), g.kind, g.ty, g.file, g.span))
            .collect();
        for (name, kind, ty, file, span) in globals {
            if self.program.inputs.len() >= MAX_INPUTS {
                self.diags.push(
                    Diagnostic::new(
                        Code::Regel,
                        file,
                        span,
                        format!("te veel feiten en oordelen (meer dan {MAX_INPUTS})"),
                    )
                    .label("hier")
                    .help("een regeling kan ten hoogste 256 feiten, oordelen en parameters lezen"),
                );
                break;
            }
            let input_ty = match ty {
                Some(t) => self.input_type(t),
                None => InputType::Datum,
            };
            // Every value of a soort can appear in a case, also those no rule mentions.
            if let InputType::Soort(_, values) = &input_ty {
                for v in values {
                    self.intern(v);
                }
            }
            if let InputType::Lijst(fields) = &input_ty {
                for (_, t) in fields {
                    if let InputType::Soort(_, values) = t {
                        for v in values {
                            self.intern(v);
                        }
                    }
                }
            }
            let description = self.description_of(&name);
            let kind = match kind {
                GlobalKind::Feit => InputKind::Feit,
                GlobalKind::Oordeel => InputKind::Oordeel,
                GlobalKind::Parameter => InputKind::Parameter,
                _ => InputKind::Peildatum,
            };
            let idx = u16::try_from(self.program.inputs.len()).unwrap_or(u16::MAX);
            self.inputs.insert(name.clone(), idx);
            if kind == InputKind::Peildatum {
                self.program.peildatum = Some(idx);
            }
            self.program.inputs.push(Input {
                name,
                kind,
                ty: input_ty,
                description,
                dated: Vec::new(),
                file,
                span,
            });
        }
        // Parameter values by date.
        let chain = self.checker.chain.clone();
        for doc in chain {
            for p in crate::check::consteval_parameters(&doc.ast) {
                let Some(&idx) = self.inputs.get(&p.name.text) else {
                    continue;
                };
                let mut dated = Vec::new();
                for e in &p.entries {
                    if let ExprKind::Lit(l) = &e.value.kind {
                        if let Some(v) = value::literal(l).and_then(|v| self.program_value(&v)) {
                            dated.push((e.from, v));
                        }
                    }
                }
                if let Some(input) = self.program.inputs.get_mut(idx as usize) {
                    input.dated = dated;
                }
            }
        }
    }

    fn description_of(&self, name: &str) -> Option<String> {
        self.descriptions.get(name).cloned()
    }

    fn input_type(&self, t: &TypeExpr) -> InputType {
        self.ty_input(self.checker.resolve_type(t, false))
    }

    fn ty_input(&self, t: Ty) -> InputType {
        match t {
            Ty::Bedrag => InputType::Bedrag,
            Ty::Percentage => InputType::Percentage,
            Ty::Getal => InputType::Getal,
            Ty::Uren => InputType::Uren,
            Ty::Duur(DurClass::Werkdagen) => InputType::Werkdagen,
            Ty::Duur(_) => InputType::Duur,
            Ty::Datum => InputType::Datum,
            Ty::JaNee => InputType::JaNee,
            Ty::Enum(s) => {
                let values = self
                    .checker
                    .globals
                    .iter()
                    .filter(|(n, g)| {
                        g.kind == GlobalKind::EnumValue
                            && g.soort.as_deref() == Some(s.as_str())
                            && !n.contains('.')
                    })
                    .map(|(n, _)| n.clone())
                    .collect();
                InputType::Soort(s, values)
            }
            // A list fact: its entries' fields (the checker refuses a list of anything else).
            Ty::List(inner) => match *inner {
                Ty::Record(fields) => InputType::Lijst(
                    fields
                        .into_iter()
                        .map(|(n, t)| (n, self.ty_input(t)))
                        .collect(),
                ),
                _ => InputType::Lijst(Vec::new()),
            },
            _ => {
                let _ = builtin_type("tekst");
                InputType::Tekst
            }
        }
    }

    /// A constant of the checker as a value of the program: the scalar itself, a text or an
    /// enumeration value interned. A `Sym` of the checker has no meaning here.
    fn program_value(&mut self, v: &Val) -> Option<V> {
        Some(match v {
            Val::Scalar(V::Sym(_)) => return None,
            Val::Scalar(v) => *v,
            Val::Tekst(t) | Val::Enum(t) => V::Sym(self.intern(t)),
            Val::List(_) | Val::Record(_) | Val::Artikelen(_) => return None,
        })
    }

    // ------------------------------------------------------------------ walking clauses

    fn members(
        &mut self,
        members: &[Member],
        place: &Place,
        file: crate::diagnostics::FileId,
        is_model: bool,
    ) {
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => {
                    let mut p = place.clone();
                    p.lid = Some(l.nr.text.clone());
                    p.prefix = crate::syntax::place::lid_prefix(&place.prefix, &l.nr.text);
                    if is_model && l.optional && p.dropped.is_none() && !self.adopted(&p.prefix) {
                        p.dropped = Some(p.prefix.clone());
                    }
                    // A lid the ordinance words itself (its own rules apply) or leaves out.
                    if is_model
                        && p.dropped.is_none()
                        && self.checker.own_leden.contains_key(&p.prefix)
                    {
                        p.dropped = Some(p.prefix.clone());
                    }
                    self.members(&l.members, &p, file, is_model);
                }
                MemberKind::LidGroup(g) => {
                    let id = crate::check::symbols::lid_group_id(&place.prefix, g);
                    let mut p = place.clone();
                    p.prefix = crate::check::symbols::lid_group_prefix(&place.prefix, g);
                    if is_model && p.dropped.is_none() && !self.adopted(&id) {
                        p.dropped = Some(id);
                    }
                    self.members(&g.leden, &p, file, is_model);
                }
                MemberKind::Onderdeel(o) => {
                    let mut p = place.clone();
                    p.onderdelen.push(o.label.text.clone());
                    p.prefix = crate::syntax::place::onderdeel_prefix(&place.prefix, &o.label.text);
                    if is_model && o.optional && p.dropped.is_none() && !self.adopted(&p.prefix) {
                        p.dropped = Some(p.prefix.clone());
                    }
                    self.members(&o.members, &p, file, is_model);
                }
                MemberKind::Stmt(s) => self.stmt(s, place, file, m.span),
                MemberKind::Tekst(_) | MemberKind::Toelichting(_) | MemberKind::Brongebrek(_) => {}
            }
        }
    }

    fn vz_index(&mut self, name: &str) -> usize {
        if let Some(i) = self
            .program
            .voorzieningen
            .iter()
            .position(|v| v.name == name)
        {
            return i;
        }
        self.program.voorzieningen.push(VzProgram {
            name: name.to_string(),
            label: name.replace('_', " "),
            ..VzProgram::default()
        });
        self.program.voorzieningen.len() - 1
    }

    fn voorziening(
        &mut self,
        v: &VoorzieningDecl,
        place: &Place,
        file: crate::diagnostics::FileId,
    ) {
        if !v.members.is_empty() {
            return; // a group, not a voorziening
        }
        let i = self.vz_index(&v.name.text);
        let cite = self.cite(place, file, v.name.span);
        if let Some(vz) = self.program.voorzieningen.get_mut(i) {
            vz.label = v.label.value.clone();
            vz.declared = Some(cite);
            vz.besluit = v.besluit;
            // A voorziening of a replaced article is the own article's to decide on (its own
            // rules may name it); one of an article that is not adopted does not apply.
            if let Some(d) = &place.dropped {
                if self.checker.replaced_prefix(d).as_deref() != Some(d.as_str())
                    || self.checker.lid_left_out(d)
                {
                    vz.not_adopted = Some(cite);
                }
            }
        }
    }

    fn stmt(&mut self, s: &Stmt, place: &Place, file: crate::diagnostics::FileId, span: Span) {
        let scope = crate::check::scope_of_prefix(&place.prefix);
        match s {
            Stmt::Decl(Decl::Voorziening(v)) => self.voorziening(v, place, file),
            Stmt::Rule(r) if place.dropped.is_none() => {
                let cond = r.condition.as_ref().map(|e| self.expr(e, &scope));
                let tenzij = r.tenzij.as_ref().map(|e| self.expr(e, &scope));
                let cite = match r.zin {
                    // "artikel 4.20, tweede volzin", "artikel 4.4, tweede lid, slotzin".
                    Some(z) => {
                        self.program.citations.push(Citation {
                            text: format!("{}, {}", place.citation(), z.citation()),
                            file,
                            span,
                        });
                        u32::try_from(self.program.citations.len() - 1).unwrap_or(u32::MAX)
                    }
                    None => self.cite(place, file, span),
                };
                self.cite_begrippen(cite, r.condition.iter().chain(r.tenzij.iter()));
                let clause = Clause {
                    cond,
                    tenzij,
                    cite,
                    shared: None,
                    cond_lits: cond.and_then(|n| self.literals(n)),
                    tenzij_lits: tenzij.and_then(|n| self.literals(n)),
                    cond_word: None,
                    tenzij_word: None,
                };
                let word = |l: Option<u32>, p: &Program| {
                    l.and_then(|l| p.literals.get(l as usize))
                        .and_then(Literals::single_word)
                };
                let clause = Clause {
                    cond_word: word(clause.cond_lits, &self.program),
                    tenzij_word: word(clause.tenzij_lits, &self.program),
                    ..clause
                };
                match &r.target {
                    Target::Voorziening(n) if self.groups.contains_key(&n.text) => {
                        // A rule on a named group: the clause for each member.
                        let members = self.groups.get(&n.text).cloned().unwrap_or_default();
                        for m in members {
                            let i = self.vz_index(&m);
                            if let Some(vz) = self.program.voorzieningen.get_mut(i) {
                                push_clause(vz, r.modality, clause);
                            }
                        }
                    }
                    Target::Voorziening(n) => {
                        let i = self.vz_index(&n.text);
                        if let Some(vz) = self.program.voorzieningen.get_mut(i) {
                            push_clause(vz, r.modality, clause);
                        }
                    }
                    Target::All(_) => self.general.push((r.modality, clause)),
                }
            }
            Stmt::Waarde(w) if place.dropped.is_none() => {
                let Some((vz, prop)) = w.name.text.split_once('.') else {
                    return;
                };
                let node = self.expr(&w.expr, &scope);
                let unit = self.duration_unit(&w.expr, &scope, 0);
                let kind = match self.checker.expr_ty_silent(&w.expr, &scope) {
                    Ty::Bedrag => ValueKind::Bedrag,
                    Ty::Percentage => ValueKind::Percentage,
                    Ty::Getal => ValueKind::Getal,
                    Ty::Uren => ValueKind::Uren,
                    Ty::Datum => ValueKind::Datum,
                    Ty::JaNee => ValueKind::JaNee,
                    _ => ValueKind::Tekst,
                };
                let cite = self.cite(place, file, span);
                let i = self.vz_index(vz);
                if let Some(v) = self.program.voorzieningen.get_mut(i) {
                    // A lower layer refines: its value replaces the one above it.
                    v.values.retain(|x| x.name != prop);
                    v.values.push(ValueRule {
                        name: prop.to_string(),
                        node,
                        cite,
                        unit,
                        kind,
                    });
                }
            }
            _ => {}
        }
    }

    fn apply_general_rules(&mut self) {
        let mut general = std::mem::take(&mut self.general);
        for (i, (_, c)) in general.iter_mut().enumerate() {
            c.shared = u16::try_from(i).ok();
        }
        for vz in self.program.voorzieningen.iter_mut().filter(|v| !v.besluit) {
            for (m, c) in &general {
                push_clause(vz, *m, *c);
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    fn invalid(&mut self, e: &Expr, what: &str) -> NodeId {
        self.invalid_because(
            e,
            what,
            "pas de regel aan: zolang deze fout er staat, wordt de regeling niet beoordeeld",
        )
    }

    fn invalid_because(&mut self, e: &Expr, what: &str, help: &str) -> NodeId {
        if self.checker.is_mine(self.checker.file()) {
            self.diags.push(
                Diagnostic::new(
                    Code::Regel,
                    self.checker.file(),
                    e.span,
                    format!("{what} kan niet worden geëvalueerd"),
                )
                .label("hier")
                .help(help.to_string()),
            );
        }
        self.node(Node::Invalid)
    }

    fn expr(&mut self, e: &Expr, scope: &[String]) -> NodeId {
        if self.depth > MAX_LOWER_DEPTH {
            return self.invalid(e, "een te diep geneste uitdrukking");
        }
        self.depth += 1;
        let n = self.expr_inner(e, scope);
        self.depth -= 1;
        // Definitions that use each other more than once make a graph whose full evaluation
        // grows exponentially with its depth; refuse such a rule rather than evaluate it.
        if self.visits.get(n as usize).is_some_and(|v| *v > MAX_VISITS) {
            return self.invalid_because(
                e,
                "een uitdrukking die te veel rekenwerk vraagt",
                "definities gebruiken elkaar hier zo vaak dat de berekening exponentieel groeit; vereenvoudig de definities",
            );
        }
        n
    }

    /// `datum ± duur ± duur ...` as `datum + (± duur ± duur ...)`: the durations are added up
    /// before the date moves, so the month-end clamp is done once, on the final date
    /// (`check::consteval::date_chain`, `value::Duration::after`).
    fn date_chain(&mut self, e: &Expr, scope: &[String]) -> Option<NodeId> {
        use crate::check::types::Ty;
        let (first, rest) = crate::check::consteval::date_chain(e)?;
        if self.checker.expr_ty_silent(first, scope) != Ty::Datum
            || !rest
                .iter()
                .all(|(_, t)| matches!(self.checker.expr_ty_silent(t, scope), Ty::Duur(_)))
        {
            return None;
        }
        let start = self.expr(first, scope);
        let mut sum: Option<NodeId> = None;
        for (op, term) in rest {
            let t = self.expr(term, scope);
            sum = Some(match (sum, op) {
                (None, BinOp::Sub) => self.node(Node::Neg(t)),
                (None, _) => t,
                (Some(acc), op) => self.node(Node::Bin(op, acc, t)),
            });
        }
        let sum = sum?;
        Some(self.node(Node::Bin(BinOp::Add, start, sum)))
    }

    fn expr_inner(&mut self, e: &Expr, scope: &[String]) -> NodeId {
        match &e.kind {
            ExprKind::Lit(l) => match value::literal(l).and_then(|v| self.program_value(&v)) {
                Some(v) => self.node(Node::Const(v)),
                None => self.invalid(e, "deze waarde"),
            },
            ExprKind::Ref(name) => self.reference(name, e, scope),
            ExprKind::Lijst(l) => self.lijst(l, e, scope),
            ExprKind::Call(f, args) => match (f.text.as_str(), args.as_slice()) {
                ("aantal_perioden", [a, b, p]) => {
                    let (a, b, p) = (
                        self.expr(a, scope),
                        self.expr(b, scope),
                        self.expr(p, scope),
                    );
                    self.node(Node::Periods(a, b, p))
                }
                ("kleinste", [a, b]) => {
                    let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                    self.node(Node::Min(a, b))
                }
                ("grootste", [a, b]) => {
                    let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                    self.node(Node::Max(a, b))
                }
                ("element", [list, index]) => {
                    let Some(items) = self.list_fill(list, scope) else {
                        return self.invalid(e, "deze lijst");
                    };
                    let key = self.expr(index, scope);
                    let mut rows = Vec::new();
                    for item in items {
                        let FillItem::Expr(x) = item else {
                            return self.invalid(e, "een lijst van records");
                        };
                        rows.push(self.expr(x, &[String::new()]));
                    }
                    let first = u32::try_from(self.program.lists.len()).unwrap_or(u32::MAX);
                    let len = u32::try_from(rows.len()).unwrap_or(0);
                    self.program.lists.extend(rows);
                    self.node(Node::Index(key, first, len))
                }
                ("opzoeken", [list, lookup, result]) => {
                    let (
                        Some(items),
                        ExprKind::Cmp(CmpOp::Eq, key_field, key),
                        ExprKind::Ref(result),
                    ) = (self.list_fill(list, scope), &lookup.kind, &result.kind)
                    else {
                        return self.invalid(e, "deze opzoeking");
                    };
                    let ExprKind::Ref(key_field) = &key_field.kind else {
                        return self.invalid(e, "deze opzoeking");
                    };
                    let key = self.expr(key, scope);
                    let mut rows = Vec::new();
                    for item in items {
                        let FillItem::Record(fields, _) = item else {
                            return self.invalid(e, "een lijst zonder records");
                        };
                        let field = |name: &str| {
                            fields.iter().find(|(n, _)| n.text == name).map(|(_, x)| x)
                        };
                        let (Some(k), Some(v)) = (field(&key_field.text), field(&result.text))
                        else {
                            return self.invalid(e, "een record zonder dit veld");
                        };
                        let top = [String::new()];
                        let (k, v) = (self.expr(k, &top), self.expr(v, &top));
                        rows.push((k, v));
                    }
                    self.table(key, rows)
                }
                ("overgenomen" | "ingevuld" | "gekozen", [first, ..]) => {
                    let ExprKind::Ref(slot) = &first.kind else {
                        return self.invalid(e, "deze functie");
                    };
                    let Some(s) = self.checker.slot_ref(&slot.text, scope) else {
                        return self.invalid(e, "deze functie");
                    };
                    let id = s.id.clone();
                    let option = match args.get(1).map(|a| &a.kind) {
                        Some(ExprKind::Ref(o)) => Some(o.text.clone()),
                        _ => None,
                    };
                    let state = self.state();
                    let b = if self.fills_model() {
                        crate::check::consteval_slot_state(&state, &f.text, &id, option.as_deref())
                    } else {
                        None
                    };
                    match b {
                        Some(b) => self.node(Node::Const(V::JaNee(b))),
                        None => self.invalid(e, "deze functie"),
                    }
                }
                _ => self.invalid(e, "deze functie"),
            },
            ExprKind::Neg(x) => {
                let x = self.expr(x, scope);
                self.node(Node::Neg(x))
            }
            ExprKind::Not(x) => {
                let x = self.expr(x, scope);
                self.node(Node::Not(x))
            }
            ExprKind::Binary(op, a, b) => {
                if let Some(n) = self.date_chain(e, scope) {
                    return n;
                }
                let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                self.node(Node::Bin(*op, a, b))
            }
            ExprKind::Cmp(op, a, b) => {
                let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                self.node(Node::Cmp(*op, a, b))
            }
            ExprKind::In(x, items) => {
                let x = self.expr(x, scope);
                let ids: Vec<NodeId> = items.iter().map(|i| self.expr(i, scope)).collect();
                let first = u32::try_from(self.program.lists.len()).unwrap_or(u32::MAX);
                let len = u32::try_from(ids.len()).unwrap_or(0);
                self.program.lists.extend(ids);
                self.node(Node::In(x, first, len))
            }
            ExprKind::If(c, t, f) => {
                let c = self.expr(c, scope);
                // A condition fixed by the ordinance's choices (`gekozen(...)`) selects its
                // branch now; the other branch may name slots of an option not chosen.
                match self.program.nodes.get(c as usize) {
                    Some(Node::Const(V::JaNee(true))) => return self.expr(t, scope),
                    Some(Node::Const(V::JaNee(false))) => return self.expr(f, scope),
                    _ => {}
                }
                let (t, f) = (self.expr(t, scope), self.expr(f, scope));
                self.node(Node::If(c, t, f))
            }
            ExprKind::Round(x, dir, step) => {
                let (x, s) = (self.expr(x, scope), self.expr(step, scope));
                self.node(Node::Round(x, *dir, s))
            }
        }
    }

    fn reference(&mut self, name: &Name, e: &Expr, scope: &[String]) -> NodeId {
        if !name.text.contains('.') {
            let field = self.rows.iter().rev().find_map(|(input, fields)| {
                let k = fields.iter().position(|f| *f == name.text)?;
                Some((*input, u16::try_from(k).ok()?))
            });
            if let Some((input, k)) = field {
                return self.node(Node::Field(input, k));
            }
        }
        if let Some(slot) = self.checker.slot_ref(&name.text, scope) {
            let id = slot.id.clone();
            return match slot.kind {
                SlotKind::Fill => self.fill(&id, e),
                SlotKind::Keuze { .. } => self.invalid(e, "een keuze als waarde"),
                _ => {
                    let b = self.adopted(&id);
                    self.node(Node::Const(V::JaNee(b)))
                }
            };
        }
        if let Some(&i) = self.inputs.get(&name.text) {
            return self.node(Node::Input(i));
        }
        let Some(g) = self.checker.globals.get(&name.text) else {
            return self.entry_field(name, e, scope);
        };
        match g.kind {
            GlobalKind::EnumValue => {
                // `reden.anders` is the value `anders`.
                let value = name.text.rsplit('.').next().unwrap_or(&name.text);
                let s = self.intern(value);
                self.node(Node::Const(V::Sym(s)))
            }
            // A layer without its own date (a model checked alone): no value.
            GlobalKind::GeldigVanaf => match self.checker.datum_inwerkingtreding() {
                Some(d) => self.node(Node::Const(V::Datum(d))),
                None => self.node(Node::Invalid),
            },
            GlobalKind::Definitie | GlobalKind::Begrip | GlobalKind::Eigenschap => {
                if let Some(&n) = self.defs.get(&name.text) {
                    return n;
                }
                let expr = if g.kind == GlobalKind::Eigenschap {
                    self.most_specific_value(&name.text).or(g.expr)
                } else {
                    g.expr
                };
                let Some(expr) = expr else {
                    return self.invalid(e, "deze naam");
                };
                let scope = g.scope.clone();
                // Guard against cycles (already reported by the checker).
                let placeholder = self.node(Node::Invalid);
                self.defs.insert(name.text.clone(), placeholder);
                // A definition stands on its own: no entry being tested reaches into it.
                let rows = std::mem::take(&mut self.rows);
                let file = self.def_file.replace(g.file);
                let n = self.expr(expr, &scope);
                self.def_file = file;
                self.rows = rows;
                self.defs.insert(name.text.clone(), n);
                // The definition names the entry its `kies` chooses, for the report.
                if let Some(Node::Chosen(s)) = self.program.nodes.get(n as usize) {
                    if let Some(sel) = self.program.selecties.get_mut(*s as usize) {
                        if sel.name.is_empty() {
                            sel.name = name.text.clone();
                        }
                    }
                }
                n
            }
            _ => self.invalid(e, "deze naam"),
        }
    }

    /// The selection a definition made with `kies` lowers to.
    fn chosen_by(&mut self, def: &str, e: &Expr, scope: &[String]) -> Option<u32> {
        let g = self.checker.globals.get(def)?;
        if !matches!(g.kind, GlobalKind::Definitie | GlobalKind::Begrip) {
            return None;
        }
        let name = Name {
            text: def.to_string(),
            span: e.span,
        };
        let n = self.reference(&name, e, scope);
        match self.program.nodes.get(n as usize) {
            Some(Node::Chosen(s)) => Some(*s),
            _ => None,
        }
    }

    /// `kandidaat.veld`: a field of the entry a definition chooses.
    fn entry_field(&mut self, name: &Name, e: &Expr, scope: &[String]) -> NodeId {
        let Some((def, field)) = name.text.split_once('.') else {
            return self.invalid(e, "deze naam");
        };
        let Some(s) = self.chosen_by(def, e, scope) else {
            return self.invalid(e, "deze naam");
        };
        let input = self
            .program
            .selecties
            .get(s as usize)
            .map_or(u16::MAX, |sel| sel.input);
        let k = self
            .program
            .list_fields(input)
            .iter()
            .position(|(f, _)| f == field)
            .and_then(|k| u16::try_from(k).ok());
        match k {
            Some(k) => self.node(Node::ChosenField(s, k)),
            None => self.invalid(e, "dit veld"),
        }
    }

    /// `kies`, `aantal`, `bestaat`, `alle` over a list fact; `bestaat(kandidaat)`.
    fn lijst(&mut self, l: &LijstExpr, e: &Expr, scope: &[String]) -> NodeId {
        if l.op == LijstOp::Bestaat {
            if let Some(s) = self.chosen_by(&l.list.text, e, scope) {
                return self.node(Node::ChosenExists(s));
            }
        }
        let Some(&input) = self.inputs.get(&l.list.text) else {
            return self.invalid(e, "deze lijst");
        };
        let fields: Vec<String> = self
            .program
            .list_fields(input)
            .iter()
            .map(|(f, _)| f.clone())
            .collect();
        if fields.is_empty() {
            return self.invalid(e, "deze lijst");
        }
        let cond = l.waarbij.as_ref().map(|c| {
            self.rows.push((input, fields.clone()));
            let n = self.expr(c, scope);
            self.rows.pop();
            n
        });
        // A list read inside the condition (directly or through a definition) would be read
        // again for every entry: the cost of a case would grow with the product of the lists'
        // lengths. Refused: such a count is a definition of its own, outside the condition.
        if let (Some(c), Some(waarbij)) = (cond, &l.waarbij) {
            if self.reads_a_list(c) {
                if self.checker.is_mine(self.checker.file()) {
                    self.diags.push(
                        Diagnostic::new(
                            Code::Lijst,
                            self.checker.file(),
                            waarbij.span,
                            "de voorwaarde leest zelf een lijst (`kies`, `aantal`, `bestaat` of `alle`)",
                        )
                        .label("hier")
                        .help(format!(
                            "een lijst wordt niet per vermelding opnieuw doorzocht; zet wat niet van de vermelding afhangt buiten de voorwaarde, zoals `indien aantal({0} waarbij ...) > 1 dan aantal({0} waarbij ...) anders 0`",
                            l.list.text
                        )),
                    );
                }
                return self.node(Node::Invalid);
            }
        }
        let mut order = Vec::new();
        for v in &l.volgorde {
            let Some(k) = fields
                .iter()
                .position(|f| *f == v.field.text)
                .and_then(|k| u16::try_from(k).ok())
            else {
                return self.invalid(e, "deze volgorde");
            };
            order.push((k, v.richting.ascending()));
        }
        // Where the choice is written: the unit of the definition that holds it.
        let cite = match (self.def_file, scope.first()) {
            (Some(file), Some(prefix)) if !prefix.is_empty() => {
                self.program.citations.push(Citation {
                    text: crate::syntax::place::citation_of_prefix(prefix),
                    file,
                    span: e.span,
                });
                u32::try_from(self.program.citations.len() - 1).ok()
            }
            _ => None,
        };
        let volgorde = l
            .volgorde
            .iter()
            .map(|v| format!("{} {}", v.richting.as_str(), v.field.text))
            .collect::<Vec<_>>()
            .join(", ");
        let sel = Selectie {
            input,
            cond,
            order,
            name: String::new(),
            waarbij: l.waarbij.as_ref().map(crate::fmt::expr).unwrap_or_default(),
            volgorde,
            cite,
        };
        // The same selection written twice (a condition and a value) is one.
        let s = match self.program.selecties.iter().position(|x| {
            (x.input, x.cond, &x.order, &x.waarbij)
                == (sel.input, sel.cond, &sel.order, &sel.waarbij)
        }) {
            Some(s) => s,
            None => {
                self.program.selecties.push(sel);
                self.program.selecties.len() - 1
            }
        };
        let s = u32::try_from(s).unwrap_or(u32::MAX);
        self.node(match l.op {
            LijstOp::Kies => Node::Chosen(s),
            LijstOp::Aantal => Node::Count(s),
            LijstOp::Bestaat => Node::Any(s),
            LijstOp::Alle => Node::All(s),
        })
    }

    /// Whether node `n` reads a list entry by entry (a selection), itself or below.
    fn reads_a_list(&self, n: NodeId) -> bool {
        let mut todo = vec![n];
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(node) = self.program.nodes.get(id as usize) else {
                continue;
            };
            if matches!(
                node,
                Node::Count(_)
                    | Node::Any(_)
                    | Node::All(_)
                    | Node::Chosen(_)
                    | Node::ChosenExists(_)
                    | Node::ChosenField(..)
            ) {
                return true;
            }
            super::share::for_each_child(node, &self.program, &mut |c| todo.push(c));
        }
        false
    }

    /// Cite the begrippen (with a definition) that the expressions of rule `cite` use, where
    /// the begrippenlijst defines them.
    fn cite_begrippen<'e>(&mut self, cite: CiteId, exprs: impl Iterator<Item = &'e Expr>) {
        let mut names: Vec<String> = Vec::new();
        for e in exprs {
            crate::check::conform::visit_refs(e, &mut |n| {
                if !names.contains(&n.text) {
                    names.push(n.text.clone());
                }
            });
        }
        for name in names {
            let Some(g) = self.checker.globals.get(&name) else {
                continue;
            };
            if g.kind != GlobalKind::Begrip {
                continue;
            }
            let Some(text) = self.begrip_place(&name) else {
                continue;
            };
            let (file, span) = (g.file, g.span);
            let existing = self
                .program
                .citations
                .iter()
                .position(|c| c.file == file && c.span == span && c.text == text);
            let b = match existing {
                Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
                None => {
                    self.program.citations.push(Citation { text, file, span });
                    u32::try_from(self.program.citations.len() - 1).unwrap_or(u32::MAX)
                }
            };
            self.program.begrip_cites.push((cite, b));
        }
    }

    /// "artikel 9.1, begrip “doelgroep”": where a begrip with a definition is declared.
    fn begrip_place(&self, name: &str) -> Option<String> {
        fn find<'a>(members: &'a [Member], name: &str) -> Option<&'a Begrip> {
            members.iter().find_map(|m| match &m.kind {
                MemberKind::Stmt(Stmt::Begrip(b)) if b.name.text == name => Some(b),
                MemberKind::Lid(l) => find(&l.members, name),
                MemberKind::Onderdeel(o) => find(&o.members, name),
                _ => None,
            })
        }
        for doc in &self.checker.chain {
            for item in &doc.ast.items {
                if let ItemKind::Artikel(a) = &item.kind {
                    if let Some(b) = find(&a.members, name) {
                        let term = match &b.term {
                            Some(t) => t.value.clone(),
                            None => b.name.text.replace('_', " "),
                        };
                        return Some(format!("artikel {}, begrip “{term}”", a.nr.text));
                    }
                }
            }
        }
        None
    }

    /// The unit in which the text writes the duration an expression computes: that of the
    /// first duration literal in it, following fill-ins and definitions (`12 maanden` in the
    /// fill of `art14.lid3.periode`). Only used to print a duration as the text says it.
    fn duration_unit(&mut self, e: &Expr, scope: &[String], depth: u32) -> Option<DurationUnit> {
        if depth > 32 {
            return None;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Lit(Literal::Quantity(_, u)) if *u != DurationUnit::Uren => Some(*u),
            ExprKind::Lit(_) | ExprKind::Cmp(..) | ExprKind::In(..) | ExprKind::Not(_) => None,
            ExprKind::Ref(name) => {
                if let Some(slot) = self.checker.slot_ref(&name.text, scope) {
                    return match self.fills.values.get(&slot.id) {
                        Some((FillValue::List(items, _), _)) if items.len() == 1 => {
                            match items.first() {
                                Some(FillItem::Expr(x)) => {
                                    self.duration_unit(x, &[String::new()], d)
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                }
                let g = self.checker.globals.get(&name.text)?;
                let expr = match g.kind {
                    GlobalKind::Eigenschap => self.most_specific_value(&name.text).or(g.expr),
                    GlobalKind::Definitie | GlobalKind::Begrip => g.expr,
                    _ => None,
                }?;
                self.duration_unit(expr, &g.scope, d)
            }
            ExprKind::Neg(x) => self.duration_unit(x, scope, d),
            ExprKind::Binary(_, a, b) => self
                .duration_unit(a, scope, d)
                .or_else(|| self.duration_unit(b, scope, d)),
            ExprKind::If(c, a, b) => {
                // A branch fixed by the ordinance's choices is the one that counts.
                let c = self.expr(c, scope);
                match self.program.nodes.get(c as usize) {
                    Some(Node::Const(V::JaNee(true))) => self.duration_unit(a, scope, d),
                    Some(Node::Const(V::JaNee(false))) => self.duration_unit(b, scope, d),
                    _ => self
                        .duration_unit(a, scope, d)
                        .or_else(|| self.duration_unit(b, scope, d)),
                }
            }
            ExprKind::Round(x, _, _) => self.duration_unit(x, scope, d),
            ExprKind::Call(_, args) => args.iter().find_map(|a| self.duration_unit(a, scope, d)),
            ExprKind::Lijst(_) => None,
        }
    }

    /// The `waarde` for `vz.prop` from the lowest layer that sets it.
    fn most_specific_value(&self, name: &str) -> Option<&'p Expr> {
        self.waarden.get(name).copied()
    }

    /// The items of a list fill-in named by `list` (`percentages`, `regiems`).
    fn list_fill(&self, list: &Expr, scope: &[String]) -> Option<&'p [FillItem]> {
        let ExprKind::Ref(name) = &list.kind else {
            return None;
        };
        let slot = self.checker.slot_ref(&name.text, scope)?;
        match self.fills.values.get(&slot.id)? {
            (FillValue::List(items, _), _) => Some(items.as_slice()),
            _ => None,
        }
    }

    fn table(&mut self, key: NodeId, rows: Vec<(NodeId, NodeId)>) -> NodeId {
        let first = u32::try_from(self.program.lists.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(rows.len()).unwrap_or(0);
        for (k, v) in rows {
            self.program.lists.push(k);
            self.program.lists.push(v);
        }
        self.node(Node::Table(key, first, len))
    }

    fn fill(&mut self, id: &str, e: &Expr) -> NodeId {
        if let Some(&n) = self.fills_lowered.get(id) {
            return n;
        }
        let Some((fv, _)) = self.fills.values.get(id) else {
            return self.invalid(e, &format!("invulplek `{id}` (niet ingevuld)"));
        };
        let n = match fv {
            FillValue::List(items, _) if items.len() == 1 => match items.first() {
                Some(FillItem::Expr(x)) => self.expr(x, &[String::new()]),
                _ => self.invalid(e, "een record als waarde"),
            },
            _ => self.invalid(e, "een lijst als waarde"),
        };
        self.fills_lowered.insert(id.to_string(), n);
        n
    }
}

/// One pass over the layers for the descriptions of inputs: within a file the last
/// declaration, across files the first (the highest layer) that has one.
fn descriptions(checker: &Checker<'_>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for doc in &checker.chain {
        let mut in_doc: HashMap<String, Option<String>> = HashMap::new();
        crate::check::visit_decls(&doc.ast, &mut |d| match d {
            Decl::Feit(f) | Decl::Oordeel(f) => {
                in_doc.insert(
                    f.name.text.clone(),
                    f.description.as_ref().map(|t| t.value.clone()),
                );
            }
            Decl::Parameter(p) => {
                in_doc.insert(
                    p.name.text.clone(),
                    p.description.as_ref().map(|t| t.value.clone()),
                );
            }
            _ => {}
        });
        for (name, d) in in_doc {
            if let Some(d) = d {
                out.entry(name).or_insert(d);
            }
        }
    }
    out
}

/// One pass over the layers for the `waarde` rules: a lower layer's replaces a higher one's.
fn waarden<'p>(checker: &Checker<'p>) -> HashMap<String, &'p Expr> {
    let mut out = HashMap::new();
    for doc in checker.chain.iter() {
        crate::check::visit_stmts(&doc.ast, &mut |s| {
            if let Stmt::Waarde(w) = s {
                out.insert(w.name.text.clone(), &w.expr);
            }
        });
    }
    out
}

fn push_clause(vz: &mut VzProgram, m: Modality, c: Clause) {
    match m {
        Modality::KanToekennen => vz.kan_toekennen.push(c),
        Modality::KentToe => vz.kent_toe.push(c),
        Modality::KanWeigeren => vz.kan_weigeren.push(c),
        Modality::Weigert => vz.weigert.push(c),
        Modality::KanBeeindigen => vz.kan_beeindigen.push(c),
        Modality::Uitsluitend => vz.uitsluitend.push(c),
        Modality::GeenGebruik => vz.geen_gebruik.push(c),
    }
}
