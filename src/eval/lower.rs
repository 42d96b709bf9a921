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

pub fn lid_words(nr: &str) -> String {
    match nr
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| crate::value::ORDINALS.get(i))
    {
        Some(w) => format!("{w} lid"),
        None => format!("lid {nr}"),
    }
}

pub struct Lowered {
    pub program: Program,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lower document `index` of the project (with the layers it stands on).
pub fn lower(project: &Project, index: usize) -> Option<Lowered> {
    let checker = Checker::new(project, index)?;
    let fills = checker.collect_fills();
    let mut l = Lowerer {
        checker: &checker,
        fills: &fills,
        program: Program::default(),
        diags: Vec::new(),
        defs: HashMap::new(),
        inputs: HashMap::new(),
        depth: 0,
        fills_lowered: HashMap::new(),
        general: Vec::new(),
    };
    l.run();
    Some(Lowered {
        program: l.program,
        diagnostics: l.diags,
    })
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
        let id = u32::try_from(self.program.nodes.len()).unwrap_or(u32::MAX);
        self.program.nodes.push(n);
        id
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
                        if is_model && a.optional && !self.adopted(&id) {
                            place.dropped = Some(id.clone());
                        }
                        self.members(&a.members, &place, doc.id, is_model);
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
                        if let Some(v) = value::literal(l).and_then(|v| self.to_v(&v)) {
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
        for doc in &self.checker.chain {
            let mut found = None;
            crate::check::visit_decls(&doc.ast, &mut |d| match d {
                Decl::Feit(f) | Decl::Oordeel(f) if f.name.text == name => {
                    found = f.description.as_ref().map(|t| t.value.clone())
                }
                Decl::Parameter(p) if p.name.text == name => {
                    found = p.description.as_ref().map(|t| t.value.clone())
                }
                _ => {}
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }

    fn input_type(&self, t: &TypeExpr) -> InputType {
        match self.checker.resolve_type(t, false) {
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
                    .filter(|(_, g)| {
                        g.kind == GlobalKind::EnumValue && g.soort.as_deref() == Some(s.as_str())
                    })
                    .map(|(n, _)| n.clone())
                    .collect();
                InputType::Soort(s, values)
            }
            _ => {
                let _ = builtin_type("tekst");
                InputType::Tekst
            }
        }
    }

    fn to_v(&mut self, v: &Val) -> Option<V> {
        Some(match v {
            Val::Getal(d) => V::Getal(*d),
            Val::Bedrag(d) => V::Bedrag(*d),
            Val::Percentage(d) => V::Percentage(*d),
            Val::Uren(d) => V::Uren(*d),
            Val::Duur(d) => V::Duur(*d),
            Val::Datum(d) => V::Datum(*d),
            Val::JaNee(b) => V::JaNee(*b),
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
                    p.prefix = format!("{}.lid{}", place.prefix, l.nr.text);
                    if is_model && l.optional && p.dropped.is_none() && !self.adopted(&p.prefix) {
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
                    p.prefix = format!("{}.{}", place.prefix, o.label.text);
                    if is_model && o.optional && p.dropped.is_none() && !self.adopted(&p.prefix) {
                        p.dropped = Some(p.prefix.clone());
                    }
                    self.members(&o.members, &p, file, is_model);
                }
                MemberKind::Stmt(s) => self.stmt(s, place, file, m.span),
                MemberKind::Tekst(_) | MemberKind::Toelichting(_) => {}
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
        let i = self.vz_index(&v.name.text);
        let cite = self.cite(place, file, v.name.span);
        if let Some(vz) = self.program.voorzieningen.get_mut(i) {
            vz.label = v.label.value.clone();
            vz.declared = Some(cite);
            if place.dropped.is_some() {
                vz.not_adopted = Some(cite);
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
                let cite = self.cite(place, file, span);
                let clause = Clause { cond, tenzij, cite };
                match &r.target {
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
                let cite = self.cite(place, file, span);
                let i = self.vz_index(vz);
                if let Some(v) = self.program.voorzieningen.get_mut(i) {
                    // A lower layer refines: its value replaces the one above it.
                    v.values.retain(|x| x.name != prop);
                    v.values.push(ValueRule {
                        name: prop.to_string(),
                        node,
                        cite,
                    });
                }
            }
            _ => {}
        }
    }

    fn apply_general_rules(&mut self) {
        let general = std::mem::take(&mut self.general);
        for vz in &mut self.program.voorzieningen {
            for (m, c) in &general {
                push_clause(vz, *m, *c);
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    fn invalid(&mut self, e: &Expr, what: &str) -> NodeId {
        if self.checker.is_mine(self.checker.file()) {
            self.diags.push(
                Diagnostic::new(
                    Code::Regel,
                    self.checker.file(),
                    e.span,
                    format!("{what} kan niet worden geëvalueerd"),
                )
                .label("hier")
                .help("de uitkomst van een regel die dit gebruikt blijft onbepaald"),
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
        n
    }

    fn expr_inner(&mut self, e: &Expr, scope: &[String]) -> NodeId {
        match &e.kind {
            ExprKind::Lit(l) => match value::literal(l).and_then(|v| self.to_v(&v)) {
                Some(v) => self.node(Node::Const(v)),
                None => self.invalid(e, "deze waarde"),
            },
            ExprKind::Ref(name) => self.reference(name, e, scope),
            ExprKind::Call(f, args) => match (f.text.as_str(), args.as_slice()) {
                ("kleinste", [a, b]) => {
                    let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                    self.node(Node::Min(a, b))
                }
                ("grootste", [a, b]) => {
                    let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                    self.node(Node::Max(a, b))
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
                let (c, t, f) = (
                    self.expr(c, scope),
                    self.expr(t, scope),
                    self.expr(f, scope),
                );
                self.node(Node::If(c, t, f))
            }
            ExprKind::Round(x, dir, step) => {
                let (x, s) = (self.expr(x, scope), self.expr(step, scope));
                self.node(Node::Round(x, *dir, s))
            }
        }
    }

    fn reference(&mut self, name: &Name, e: &Expr, scope: &[String]) -> NodeId {
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
            return self.invalid(e, "deze naam");
        };
        match g.kind {
            GlobalKind::EnumValue => {
                let s = self.intern(&name.text);
                self.node(Node::Const(V::Sym(s)))
            }
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
                let n = self.expr(expr, &scope);
                self.defs.insert(name.text.clone(), n);
                n
            }
            _ => self.invalid(e, "deze naam"),
        }
    }

    /// The `waarde` for `vz.prop` from the lowest layer that sets it.
    fn most_specific_value(&self, name: &str) -> Option<&'p Expr> {
        let mut found = None;
        for doc in self.checker.chain.iter() {
            crate::check::visit_stmts(&doc.ast, &mut |s| {
                if let Stmt::Waarde(w) = s {
                    if w.name.text == name {
                        found = Some(&w.expr);
                    }
                }
            });
        }
        found
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

fn push_clause(vz: &mut VzProgram, m: Modality, c: Clause) {
    match m {
        Modality::KanToekennen => vz.kan_toekennen.push(c),
        Modality::KentToe => vz.kent_toe.push(c),
        Modality::KanWeigeren => vz.kan_weigeren.push(c),
        Modality::Weigert => vz.weigert.push(c),
        Modality::KanBeeindigen => vz.kan_beeindigen.push(c),
        Modality::Uitsluitend => vz.uitsluitend.push(c),
    }
}
