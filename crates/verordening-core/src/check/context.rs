//! The checking context of one document: its layer chain, the global names declared along
//! it, the model's slots, and expression typing with name resolution.

use super::symbols::help_suggesting;
use super::symbols::*;
use super::types::*;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::project::{Document, Project};
use crate::syntax::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub struct Checker<'p> {
    pub project: &'p Project,
    /// The document being checked.
    pub doc: &'p Document,
    /// Documents of the chain, highest layer first (the target is last).
    pub chain: Vec<&'p Document>,
    pub globals: BTreeMap<String, Global<'p>>,
    /// The model this document fills in (or the document itself when it is a model).
    pub model: Option<&'p Document>,
    /// The model's slots: one table per loaded model, shared by every check against it.
    pub slots: std::sync::Arc<SlotTable>,
    /// The numbers of the model's articles this ordinance replaces by an own article of the
    /// same number that says `model N` (see [`replaced_articles`]).
    pub replaced: BTreeSet<String>,
    /// `aanhef` and `slot` when the ordinance writes its own aanhef or slotformule, which then
    /// replaces the model's (with its fill-ins and passages).
    pub own_blocks: BTreeSet<&'static str>,
    /// Leden of model articles the ordinance words itself (`artikel 7 lid 2 { ... }`: true) or
    /// leaves out (`niet overgenomen art7.lid3` for a lid the model does not make facultatief:
    /// false), by prefix (`art7.lid2`); see [`own_leden`].
    pub own_leden: BTreeMap<String, bool>,
    pub diags: RefCell<Vec<Diagnostic>>,
    derived: RefCell<HashMap<String, Ty>>,
    visiting: RefCell<HashSet<String>>,
    /// While typing the condition of `kies`/`aantal`/`bestaat`/`alle`: the fields of the entry
    /// at hand, innermost last. A bare name that is one of its fields names that field.
    rows: RefCell<Vec<Vec<(String, Ty)>>>,
}

thread_local! {
    /// How many checkers this thread has built: the symbol tables and the model's slots are
    /// built once per document of a load, and a test holds the pipeline to that.
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The number of [`Checker`]s built on this thread so far (see `BUILDS`).
pub fn checkers_built_on_this_thread() -> usize {
    BUILDS.with(std::cell::Cell::get)
}

impl<'p> Checker<'p> {
    pub fn new(project: &'p Project, index: usize) -> Option<Self> {
        let doc = project.doc(index)?;
        BUILDS.with(|b| b.set(b.get().saturating_add(1)));
        let chain: Vec<&Document> = project
            .chain(index)
            .into_iter()
            .filter_map(|i| project.doc(i))
            .collect();
        let model = chain
            .iter()
            .copied()
            .rev()
            .find(|d| d.ast.header.layer == Layer::Model);
        let slots = match model {
            Some(m) => SlotTable::of_model(&m.ast, m.id),
            None => std::sync::Arc::default(),
        };
        let replaced = match model {
            Some(m) if m.id != doc.id && doc.ast.header.layer == Layer::Verordening => {
                replaced_articles(&doc.ast, &m.ast)
            }
            _ => BTreeSet::new(),
        };
        let own_blocks = match model {
            Some(m) if m.id != doc.id && doc.ast.header.layer == Layer::Verordening => doc
                .ast
                .items
                .iter()
                .filter_map(|i| match i.kind {
                    ItemKind::Aanhef(_) => Some("aanhef"),
                    ItemKind::Slotformule(_) => Some("slot"),
                    _ => None,
                })
                .collect(),
            _ => BTreeSet::new(),
        };
        let own_leden = match model {
            Some(m) if m.id != doc.id && doc.ast.header.layer == Layer::Verordening => {
                own_leden(&doc.ast, &m.ast, &replaced)
            }
            _ => BTreeMap::new(),
        };
        let mut c = Checker {
            project,
            doc,
            chain,
            globals: BTreeMap::new(),
            model,
            slots,
            replaced,
            own_blocks,
            own_leden,
            diags: RefCell::new(Vec::new()),
            derived: RefCell::new(HashMap::new()),
            visiting: RefCell::new(HashSet::new()),
            rows: RefCell::new(Vec::new()),
        };
        c.collect_globals();
        Some(c)
    }

    pub fn file(&self) -> FileId {
        self.doc.id
    }

    /// The prefix (`art7`) of the replaced model article that holds slot or unit `id`
    /// (`art7`, `art7.lid2.eisen`), if any.
    pub fn replaced_prefix(&self, id: &str) -> Option<String> {
        let first = id.split('.').next()?;
        if self.own_blocks.contains(first) {
            return Some(first.to_string());
        }
        let nr = first.strip_prefix("art")?;
        if self.replaced.contains(nr) {
            return Some(art_prefix(nr));
        }
        self.own_leden
            .keys()
            .find(|p| {
                id.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .cloned()
    }

    /// Whether the model's lid with prefix `id` (`art7.lid3`) is left out by the ordinance
    /// (`niet overgenomen` of a lid the model does not make facultatief).
    pub fn lid_left_out(&self, id: &str) -> bool {
        self.own_leden.get(id) == Some(&false)
    }

    /// Whether the model's part that holds `id` (a slot id such as `art8.lid3.bedrag`, or an
    /// article number such as `8`) failed to parse in the model itself. That failure has its
    /// own syntax diagnostic in the model; reporting the fill-ins of that part as unknown
    /// would send the author of the ordinance after slots that do exist.
    pub fn model_part_broken(&self, id: &str) -> bool {
        let Some(model) = self.model else {
            return false;
        };
        if model.parsed_ok || self.doc.id == model.id {
            return false;
        }
        let number = id
            .strip_prefix("art")
            .unwrap_or(id)
            .split('.')
            .next()
            .unwrap_or("");
        model.ast.items.iter().any(|item| match &item.kind {
            ItemKind::Error(chunk) => match broken_article(chunk) {
                Some(n) => n == number,
                // A broken part that is not an article may hold any slot.
                None => true,
            },
            _ => false,
        })
    }

    /// The header names a model that could not be loaded (already reported): checks that
    /// need the model are skipped rather than reporting every fill-in as misplaced.
    pub fn model_unresolved(&self) -> bool {
        let index = self.project.docs.iter().position(|d| d.id == self.doc.id);
        self.doc
            .ast
            .header
            .meta
            .iter()
            .any(|m| m.key == MetaKey::Model)
            && index
                .and_then(|i| self.project.referenced(i, &MetaKey::Model))
                .is_none()
    }

    /// The date of entry into force of the document being checked, what
    /// `datum_inwerkingtreding` stands for in its rules: `inwerkingtreding` in the header (a
    /// later version of an ordinance keeps the date of the ordinance itself), else its
    /// `geldig vanaf`.
    pub fn datum_inwerkingtreding(&self) -> Option<chrono::NaiveDate> {
        let meta = &self.doc.ast.header.meta;
        let date = |want: &dyn Fn(&MetaKey) -> bool| {
            meta.iter().find_map(|m| match &m.value {
                MetaValue::Date(d) if want(&m.key) => Some(*d),
                _ => None,
            })
        };
        date(&|k| matches!(k, MetaKey::Other(s) if s == "inwerkingtreding"))
            .or_else(|| date(&|k| *k == MetaKey::GeldigVanaf))
    }

    pub fn layer(&self) -> Layer {
        self.doc.ast.header.layer
    }

    pub fn emit(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    /// Whether a diagnostic located in `file` belongs to this document's check.
    pub fn is_mine(&self, file: FileId) -> bool {
        file == self.doc.id
    }

    // ------------------------------------------------------------------ globals

    fn collect_globals(&mut self) {
        let chain = self.chain.clone();
        for doc in chain {
            let layer = doc.ast.header.layer;
            let mut found: Vec<(String, Global<'p>)> = Vec::new();
            for item in &doc.ast.items {
                match &item.kind {
                    ItemKind::Decl(d) => {
                        collect_decl(d, doc.id, layer, &[String::new()], &mut found)
                    }
                    ItemKind::Artikel(a) => {
                        let prefix = art_prefix(&a.nr.text);
                        collect_members(&a.members, doc.id, layer, &prefix, &mut found);
                    }
                    ItemKind::Bijlage(b) => {
                        let prefix = format!("bijlage{}", b.id.text);
                        collect_members(&b.members, doc.id, layer, &prefix, &mut found);
                    }
                    ItemKind::Aanhef(b) => {
                        collect_members(&b.members, doc.id, layer, "aanhef", &mut found)
                    }
                    ItemKind::Slotformule(b) => {
                        collect_members(&b.members, doc.id, layer, "slot", &mut found)
                    }
                    _ => {}
                }
            }
            for (name, g) in found {
                self.insert_global(name, g);
            }
        }
        self.globals
            .entry("datum_inwerkingtreding".into())
            .or_insert(Global {
                kind: GlobalKind::GeldigVanaf,
                file: self.doc.id,
                layer: Layer::Wet,
                span: Span::default(),
                ty: None,
                expr: None,
                soort: None,
                scope: Vec::new(),
            });
        self.globals.entry("peildatum".into()).or_insert(Global {
            kind: GlobalKind::Peildatum,
            file: self.doc.id,
            layer: Layer::Wet,
            span: Span::default(),
            ty: None,
            expr: None,
            soort: None,
            scope: Vec::new(),
        });
    }

    fn insert_global(&mut self, name: String, g: Global<'p>) {
        match self.globals.get(&name) {
            None => {
                self.globals.insert(name, g);
            }
            // A voorziening's value may be set in several places (per lid, refined by
            // beleidsregels): the first fixes its type, the others are checked against it.
            Some(first)
                if first.kind == GlobalKind::Eigenschap && g.kind == GlobalKind::Eigenschap => {}
            Some(first) => {
                if self.is_mine(g.file) {
                    let mut d = Diagnostic::new(
                        Code::DubbeleNaam,
                        g.file,
                        g.span,
                        format!("`{name}` is al gedeclareerd als {}", first.kind.noun()),
                    )
                    .label("tweede declaratie")
                    .help("geef elke naam één betekenis; kies een andere naam of verwijder een van beide");
                    d = d.with_secondary(first.file, first.span, "eerste declaratie");
                    self.emit(d);
                }
            }
        }
    }

    // ------------------------------------------------------------------ types

    /// Resolve a written type to a [`Ty`].
    pub fn resolve_type(&self, t: &TypeExpr, report: bool) -> Ty {
        match t {
            TypeExpr::Base { name, unit } => {
                if let Some(ty) = builtin_type(&name.text) {
                    // `duur in werkdagen` is a count of working days, not calendar time.
                    return match (ty, unit) {
                        (Ty::Duur(_), Some((u, _))) => unit_ty(*u),
                        (ty, _) => ty,
                    };
                }
                match self.globals.get(&name.text) {
                    Some(g) if g.kind == GlobalKind::Soort => Ty::Enum(name.text.clone()),
                    _ => {
                        if report {
                            let mut candidates: Vec<&str> = BUILTIN_TYPE_NAMES.to_vec();
                            candidates.extend(
                                self.globals
                                    .iter()
                                    .filter(|(_, g)| g.kind == GlobalKind::Soort)
                                    .map(|(n, _)| n.as_str()),
                            );
                            let mut d = Diagnostic::new(
                                Code::OnbekendeNaam,
                                self.file(),
                                name.span,
                                format!("onbekende soort `{}`", name.text),
                            )
                            .label("deze soort bestaat niet");
                            d = help_suggesting(d, &name.text, candidates.into_iter(), Some("soorten zijn bedrag, percentage, getal, aantal, uren, duur, leeftijd, datum, ja/nee, tekst, of een zelf gedeclareerde `soort`".into()));
                            self.emit(d);
                        }
                        Ty::Any
                    }
                }
            }
            TypeExpr::List(inner, _) => Ty::List(Box::new(self.resolve_type(inner, report))),
            TypeExpr::Record(fields, _) => Ty::Record(
                fields
                    .iter()
                    .map(|(n, t)| (n.text.clone(), self.resolve_type(t, report)))
                    .collect(),
            ),
        }
    }

    /// The type of a slot's value.
    pub fn slot_ty(&self, slot: &Slot) -> Ty {
        match (&slot.kind, slot.invulling.as_ref()) {
            (SlotKind::Fill, Some(i)) => self.resolve_type(&i.ty, false),
            (SlotKind::Keuze { .. }, _) => Ty::Any,
            // In a rule, an optional passage stands for whether it was adopted.
            (SlotKind::Passage, _) => Ty::JaNee,
            _ => Ty::JaNee,
        }
    }

    /// The type of a global name (computing definitions lazily, detecting cycles).
    pub fn global_ty(&self, name: &str, at: Span, file: FileId) -> Ty {
        let Some(g) = self.globals.get(name) else {
            return Ty::Any;
        };
        match g.kind {
            GlobalKind::Feit | GlobalKind::Oordeel | GlobalKind::Parameter => {
                g.ty.map(|t| self.resolve_type(t, false)).unwrap_or(Ty::Any)
            }
            GlobalKind::Peildatum | GlobalKind::GeldigVanaf => Ty::Datum,
            GlobalKind::EnumValue => g.soort.clone().map(Ty::Enum).unwrap_or(Ty::Any),
            GlobalKind::Definitie | GlobalKind::Begrip | GlobalKind::Eigenschap => {
                if let Some(t) = self.derived.borrow().get(name) {
                    return t.clone();
                }
                let Some(expr) = g.expr else {
                    return Ty::JaNee;
                };
                if !self.visiting.borrow_mut().insert(name.to_string()) {
                    if self.is_mine(g.file) || self.is_mine(file) {
                        self.emit(
                            Diagnostic::new(
                                Code::Kringverwijzing,
                                g.file,
                                g.span,
                                format!("`{name}` verwijst via andere definities naar zichzelf"),
                            )
                            .label("deze definitie")
                            .with_secondary(file, at, "hier sluit de kring")
                            .help("een definitie mag niet (via andere) van zichzelf afhangen; zo kan de uitkomst niet worden bepaald"),
                        );
                    }
                    return Ty::Any;
                }
                // Errors inside a definition are reported where it is declared. A definition
                // stands on its own: the fields of an entry being tested do not reach into it.
                let rows = self.rows.take();
                let t = self.expr_ty_quiet(expr, &g.scope, g.file);
                *self.rows.borrow_mut() = rows;
                self.visiting.borrow_mut().remove(name);
                self.derived
                    .borrow_mut()
                    .insert(name.to_string(), t.clone());
                t
            }
            GlobalKind::Soort | GlobalKind::Voorziening | GlobalKind::Onderwerp => Ty::Any,
        }
    }

    /// The type of an expression, reporting nothing (for lowering, after the check).
    pub fn expr_ty_silent(&self, e: &Expr, scope: &[String]) -> Ty {
        let before = self.diags.borrow().len();
        let t = self.expr_ty(e, scope, self.doc.id);
        self.diags.borrow_mut().truncate(before);
        t
    }

    fn expr_ty_quiet(&self, e: &Expr, scope: &[String], file: FileId) -> Ty {
        let before = self.diags.borrow().len();
        let t = self.expr_ty(e, scope, file);
        if file != self.doc.id {
            self.diags.borrow_mut().truncate(before);
        }
        t
    }

    fn unknown_name(&self, name: &Name, scope: &[String], file: FileId) {
        if !self.is_mine(file) {
            return;
        }
        let mut candidates: Vec<String> = self.globals.keys().cloned().collect();
        for s in &self.slots.slots {
            candidates.push(s.id.clone());
            if let Some(local) = scope
                .iter()
                .filter(|p| !p.is_empty())
                .find_map(|p| s.id.strip_prefix(&format!("{p}.")))
            {
                candidates.push(local.to_string());
            }
        }
        let mut d = Diagnostic::new(
            Code::OnbekendeNaam,
            file,
            name.span,
            format!("onbekende naam `{}`", name.text),
        )
        .label("deze naam is nergens gedeclareerd");
        d = help_suggesting(d, &name.text, candidates.iter().map(String::as_str), Some("declareer de naam als feit, oordeel, parameter, definitie of invulplek, of controleer de spelling".into()));
        self.emit(d);
    }

    fn type_error(&self, file: FileId, span: Span, message: String, help: &str) -> Ty {
        if self.is_mine(file) {
            self.emit(
                Diagnostic::new(Code::Soort, file, span, message)
                    .label("hier")
                    .help(help.to_string()),
            );
        }
        Ty::Any
    }

    /// The slot a reference names, from the given scope.
    pub fn slot_ref(&self, name: &str, scope: &[String]) -> Option<&Slot> {
        self.slots.resolve(scope, name)
    }

    /// Type an expression, reporting unknown names and unit errors in `file`.
    pub fn expr_ty(&self, e: &Expr, scope: &[String], file: FileId) -> Ty {
        match &e.kind {
            ExprKind::Lit(l) => literal_ty(l),
            ExprKind::Ref(name) => {
                if let Some(t) = self.row_field(&name.text) {
                    return t;
                }
                if let Some(slot) = self.slot_ref(&name.text, scope) {
                    return self.slot_ty(slot);
                }
                if self.globals.contains_key(&name.text) {
                    let g = self.globals.get(&name.text);
                    if let Some(g) = g {
                        if matches!(
                            g.kind,
                            GlobalKind::Soort | GlobalKind::Voorziening | GlobalKind::Onderwerp
                        ) {
                            return self.type_error(
                                file,
                                name.span,
                                format!(
                                    "`{}` is een {} en heeft geen waarde",
                                    name.text,
                                    g.kind.noun()
                                ),
                                "gebruik een feit, oordeel, parameter, definitie of invulplek",
                            );
                        }
                    }
                    let t = self.global_ty(&name.text, name.span, file);
                    return self.whole_list_or_entry(name, t, file);
                }
                if let Some(t) = self.entry_field(name, file) {
                    return t;
                }
                self.unknown_name(name, scope, file);
                Ty::Any
            }
            ExprKind::Lijst(l) => self.lijst_ty(l, scope, file),
            ExprKind::Call(f, args) => self.call_ty(f, args, scope, file, e.span),
            ExprKind::Neg(x) => {
                let t = self.expr_ty(x, scope, file);
                if matches!(
                    t,
                    Ty::Bedrag | Ty::Percentage | Ty::Getal | Ty::Uren | Ty::Duur(_) | Ty::Any
                ) {
                    t
                } else {
                    self.type_error(
                        file,
                        e.span,
                        format!("een {t} kan niet negatief worden gemaakt"),
                        "alleen bedragen, percentages, getallen, uren en duren hebben een teken",
                    )
                }
            }
            ExprKind::Not(x) => {
                let t = self.expr_ty(x, scope, file);
                if !Ty::JaNee.accepts(&t) {
                    self.type_error(
                        file,
                        x.span,
                        format!("`niet` verwacht ja/nee, maar dit is een {t}"),
                        "`niet` keert een voorwaarde om",
                    );
                }
                Ty::JaNee
            }
            ExprKind::Binary(op, l, r) => {
                let lt = self.expr_ty(l, scope, file);
                let rt = self.expr_ty(r, scope, file);
                match arith(*op, &lt, &rt) {
                    Some(t) => t,
                    None => self.type_error(
                        file,
                        e.span,
                        format!("{lt} {} {rt} heeft geen betekenis", op.as_str()),
                        binop_help(*op),
                    ),
                }
            }
            ExprKind::Cmp(op, l, r) => {
                let lt = self.expr_ty(l, scope, file);
                let rt = self.expr_ty(r, scope, file);
                if !lt.accepts(&rt) {
                    self.type_error(file, e.span, format!("een {lt} kan niet worden vergeleken met een {rt}"), "vergelijk waarden van dezelfde soort, bijvoorbeeld een leeftijd met `27 jaar`");
                } else if !matches!(op, CmpOp::Eq | CmpOp::Ne)
                    && (!orderable(&lt) || !orderable(&rt))
                {
                    self.type_error(
                        file,
                        e.span,
                        format!("een {lt} heeft geen volgorde"),
                        "gebruik `=` of `!=` voor deze soort",
                    );
                }
                Ty::JaNee
            }
            ExprKind::In(x, items) => {
                let xt = self.expr_ty(x, scope, file);
                for i in items {
                    let it = self.expr_ty(i, scope, file);
                    if !xt.accepts(&it) {
                        self.type_error(
                            file,
                            i.span,
                            format!("een {xt} kan niet gelijk zijn aan een {it}"),
                            "alle waarden in de lijst moeten van dezelfde soort zijn",
                        );
                    }
                }
                Ty::JaNee
            }
            ExprKind::If(c, t, f) => {
                let ct = self.expr_ty(c, scope, file);
                if !Ty::JaNee.accepts(&ct) {
                    self.type_error(
                        file,
                        c.span,
                        format!("de voorwaarde van `indien` moet ja/nee zijn, maar is een {ct}"),
                        "schrijf een vergelijking of een ja/nee-feit",
                    );
                }
                let tt = self.expr_ty(t, scope, file);
                let ft = self.expr_ty(f, scope, file);
                if !tt.accepts(&ft) {
                    return self.type_error(
                        file,
                        e.span,
                        format!("de takken van `indien` verschillen van soort: {tt} en {ft}"),
                        "beide uitkomsten moeten van dezelfde soort zijn",
                    );
                }
                if tt.is_any() {
                    ft
                } else {
                    tt
                }
            }
            ExprKind::Round(x, _, step) => {
                let xt = self.expr_ty(x, scope, file);
                let st = self.expr_ty(step, scope, file);
                if !round_step_ok(&xt, &st) {
                    return self.type_error(
                        file,
                        step.span,
                        format!("een {xt} kan niet worden afgerond op een {st}"),
                        "rond een bedrag af op een bedrag (`op € 1`), een getal op een getal",
                    );
                }
                xt
            }
        }
    }

    fn call_ty(&self, f: &Name, args: &[Expr], scope: &[String], file: FileId, span: Span) -> Ty {
        let arity = |n: usize| -> bool {
            if args.len() != n {
                self.type_error(
                    file,
                    span,
                    format!(
                        "`{}` verwacht {n} argument(en), niet {}",
                        f.text,
                        args.len()
                    ),
                    "zie de taalreferentie voor de functies",
                );
                false
            } else {
                true
            }
        };
        match f.text.as_str() {
            "kleinste" | "grootste" => {
                if !arity(2) {
                    return Ty::Any;
                }
                let ts: Vec<Ty> = args.iter().map(|a| self.expr_ty(a, scope, file)).collect();
                let (Some(a), Some(b)) = (ts.first(), ts.get(1)) else {
                    return Ty::Any;
                };
                if !a.accepts(b) || !orderable(a) {
                    return self.type_error(
                        file,
                        span,
                        format!("`{}` van een {a} en een {b} heeft geen betekenis", f.text),
                        "vergelijk twee waarden van dezelfde soort",
                    );
                }
                if a.is_any() {
                    b.clone()
                } else {
                    a.clone()
                }
            }
            "overgenomen" | "ingevuld" | "gekozen" => {
                let n = if f.text == "gekozen" { 2 } else { 1 };
                if !arity(n) {
                    return Ty::JaNee;
                }
                let Some(ExprKind::Ref(slot_name)) = args.first().map(|a| &a.kind) else {
                    self.type_error(
                        file,
                        span,
                        format!("`{}` verwacht de naam van een invulplek", f.text),
                        "bijvoorbeeld `overgenomen(art4)`",
                    );
                    return Ty::JaNee;
                };
                let Some(slot) = self.slot_ref(&slot_name.text, scope) else {
                    if self.is_mine(file) && !self.model_part_broken(&slot_name.text) {
                        let mut d = Diagnostic::new(
                            Code::OnbekendeInvulplek,
                            file,
                            slot_name.span,
                            format!("het model heeft geen invulplek `{}`", slot_name.text),
                        )
                        .label("deze invulplek bestaat niet");
                        d = help_suggesting(
                            d,
                            &slot_name.text,
                            self.slots.slots.iter().map(|s| s.id.as_str()),
                            None,
                        );
                        self.emit(d);
                    }
                    return Ty::JaNee;
                };
                if f.text == "gekozen" {
                    let option = args.get(1).and_then(|a| match &a.kind {
                        ExprKind::Ref(n) => Some(n),
                        _ => None,
                    });
                    match (&slot.kind, option) {
                        (SlotKind::Keuze { options, .. }, Some(o)) => {
                            if !options.contains(&o.text) && self.is_mine(file) {
                                self.emit(
                                    Diagnostic::new(
                                        Code::OngeldigeKeuze,
                                        file,
                                        o.span,
                                        format!("`{}` is geen optie van `{}`", o.text, slot.id),
                                    )
                                    .label("onbekende optie")
                                    .with_secondary(slot.file, slot.span, "de keuze")
                                    .help(format!("de opties zijn: {}", options.join(", "))),
                                );
                            }
                        }
                        _ => {
                            self.type_error(
                                file,
                                span,
                                format!(
                                    "`gekozen` verwacht een keuze en een optie; `{}` is een {}",
                                    slot.id,
                                    slot.kind.noun()
                                ),
                                "bijvoorbeeld `gekozen(art14h.lid2.regiem, jaarpercentages)`",
                            );
                        }
                    }
                }
                Ty::JaNee
            }
            "element" => {
                if !arity(2) {
                    return Ty::Any;
                }
                let (Some(list), Some(index)) = (args.first(), args.get(1)) else {
                    return Ty::Any;
                };
                let it = self.expr_ty(index, scope, file);
                if !Ty::Getal.accepts(&it) {
                    self.type_error(
                        file,
                        index.span,
                        format!("de plaats in de lijst moet een getal zijn, maar is een {it}"),
                        "bijvoorbeeld `element(percentages, dienstbetrekking.jaar)`: 1 is het eerste element",
                    );
                }
                match self.expr_ty(list, scope, file) {
                    Ty::List(t) => *t,
                    Ty::Any => Ty::Any,
                    t => self.type_error(
                        file,
                        list.span,
                        format!("`element` verwacht een lijst, maar dit is een {t}"),
                        "gebruik een invulplek die een lijst is, zoals `percentages`",
                    ),
                }
            }
            "opzoeken" => self.lookup_ty(args, scope, file, span),
            "aantal_perioden" => {
                if !arity(3) {
                    return Ty::Getal;
                }
                let want = [
                    (Ty::Datum, "de begindatum"),
                    (Ty::Datum, "de datum tot en met wanneer wordt geteld"),
                ];
                for (arg, (ty, what)) in args.iter().zip(want) {
                    let t = self.expr_ty(arg, scope, file);
                    if !ty.accepts(&t) {
                        self.type_error(
                            file,
                            arg.span,
                            format!("{what} moet een datum zijn, maar is een {t}"),
                            "bijvoorbeeld `aantal_perioden(participatieplaats.begindatum, peildatum, 6 maanden)`",
                        );
                    }
                }
                if let Some(p) = args.get(2) {
                    let t = self.expr_ty(p, scope, file);
                    if !matches!(t, Ty::Duur(_) | Ty::Any) {
                        self.type_error(
                            file,
                            p.span,
                            format!("de periode moet een duur zijn, maar is een {t}"),
                            "bijvoorbeeld `6 maanden`",
                        );
                    }
                }
                Ty::Getal
            }
            _ => {
                if self.is_mine(file) {
                    let known = FUNCTIONS;
                    let mut d = Diagnostic::new(
                        Code::OnbekendeNaam,
                        file,
                        f.span,
                        format!("onbekende functie `{}`", f.text),
                    )
                    .label("deze functie bestaat niet");
                    d = help_suggesting(
                        d,
                        &f.text,
                        known.into_iter(),
                        Some(format!("functies: {}", FUNCTIONS.join(", "))),
                    );
                    self.emit(d);
                }
                Ty::Any
            }
        }
    }

    /// The type of field `name` of the innermost entry being tested, if it is one.
    fn row_field(&self, name: &str) -> Option<Ty> {
        if name.contains('.') {
            return None;
        }
        let rows = self.rows.borrow();
        rows.iter()
            .rev()
            .find_map(|fields| fields.iter().find(|(f, _)| f == name))
            .map(|(_, t)| t.clone())
    }

    /// A list fact or a chosen entry named where a value is expected: neither has one.
    fn whole_list_or_entry(&self, name: &Name, t: Ty, file: FileId) -> Ty {
        let fact = self
            .globals
            .get(&name.text)
            .is_some_and(|g| matches!(g.kind, GlobalKind::Feit | GlobalKind::Oordeel));
        match &t {
            Ty::List(_) if fact => self.list_error(
                file,
                name.span,
                format!("`{}` is een lijst en heeft geen waarde", name.text),
                &format!(
                    "gebruik `aantal({0} waarbij ...)`, `bestaat({0} waarbij ...)`, `alle({0} waarbij ...)` of `kies({0} waarbij ..., vroegste veld)`",
                    name.text
                ),
            ),
            Ty::Vermelding { fields, .. } => {
                let example = fields
                    .first()
                    .map(|(f, _)| format!("`{}.{f}`", name.text))
                    .unwrap_or_else(|| "een veld".into());
                self.list_error(
                    file,
                    name.span,
                    format!(
                        "`{}` is een gekozen vermelding (misschien geen) en heeft zelf geen waarde",
                        name.text
                    ),
                    &format!(
                        "gebruik `bestaat({})` (is er een?) of een veld, zoals {example}",
                        name.text
                    ),
                )
            }
            _ => t,
        }
    }

    /// `kandidaat.veld`: a field of the entry a definition chooses with `kies`.
    fn entry_field(&self, name: &Name, file: FileId) -> Option<Ty> {
        let (entry, field) = name.text.split_once('.')?;
        let g = self.globals.get(entry)?;
        if !matches!(g.kind, GlobalKind::Definitie | GlobalKind::Begrip) {
            return None;
        }
        let Ty::Vermelding { lijst, fields } = self.global_ty(entry, name.span, file) else {
            return None;
        };
        if let Some((_, t)) = fields.iter().find(|(f, _)| f == field) {
            return Some(t.clone());
        }
        if self.is_mine(file) {
            let d = Diagnostic::new(
                Code::OnbekendeNaam,
                file,
                name.span,
                format!("de vermeldingen van `{lijst}` hebben geen veld `{field}`"),
            )
            .label("onbekend veld");
            let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
            let d = help_suggesting(
                d,
                field,
                names.iter().copied(),
                Some(format!("de velden zijn: {}", names.join(", "))),
            );
            self.emit(d);
        }
        Some(Ty::Any)
    }

    fn list_error(&self, file: FileId, span: Span, message: String, help: &str) -> Ty {
        if self.is_mine(file) {
            self.emit(
                Diagnostic::new(Code::Lijst, file, span, message)
                    .label("hier")
                    .help(help.to_string()),
            );
        }
        Ty::Any
    }

    fn order_error(&self, file: FileId, span: Span, message: String, help: &str) {
        if self.is_mine(file) {
            self.emit(
                Diagnostic::new(Code::Volgorde, file, span, message)
                    .label("hier")
                    .help(help.to_string()),
            );
        }
    }

    /// The fields of the entries of list fact `name`, or why it has none (reported).
    pub fn list_fields(&self, name: &Name, file: FileId) -> Option<Vec<(String, Ty)>> {
        let Some(g) = self.globals.get(&name.text) else {
            if self.is_mine(file) {
                let mut d = Diagnostic::new(
                    Code::OnbekendeNaam,
                    file,
                    name.span,
                    format!("onbekende lijst `{}`", name.text),
                )
                .label("deze naam is nergens gedeclareerd");
                let lists: Vec<&str> = self
                    .globals
                    .iter()
                    .filter(|(_, g)| g.kind == GlobalKind::Feit)
                    .filter(|(n, _)| matches!(self.global_ty(n, name.span, file), Ty::List(_)))
                    .map(|(n, _)| n.as_str())
                    .collect();
                d = help_suggesting(
                    d,
                    &name.text,
                    lists.iter().copied(),
                    Some("declareer de lijst als feit: `feit wachtlijst: lijst van { ingeschreven_op: datum, geschikt: ja/nee }`".into()),
                );
                self.emit(d);
            }
            return None;
        };
        let t = self.global_ty(&name.text, name.span, file);
        match (g.kind, t) {
            (GlobalKind::Feit, Ty::List(inner)) => match *inner {
                Ty::Record(fields) => Some(fields),
                // Reported at the declaration.
                _ => None,
            },
            (_, Ty::Any) => None,
            (kind, t) => {
                self.list_error(
                    file,
                    name.span,
                    format!("`{}` is een {} ({t}), geen lijst", name.text, kind.noun()),
                    "`kies`, `aantal`, `bestaat` en `alle` lezen een feit dat een lijst van records is",
                );
                None
            }
        }
    }

    /// `kies(L waarbij C, vroegste veld)`, `aantal(L waarbij C)`, `bestaat(...)`, `alle(...)`.
    fn lijst_ty(&self, l: &LijstExpr, scope: &[String], file: FileId) -> Ty {
        // `bestaat(kandidaat)`: whether a definition with `kies` chose an entry.
        if l.op == LijstOp::Bestaat
            && self
                .globals
                .get(&l.list.text)
                .is_some_and(|g| matches!(g.kind, GlobalKind::Definitie | GlobalKind::Begrip))
        {
            let t = self.global_ty(&l.list.text, l.list.span, file);
            if !matches!(t, Ty::Vermelding { .. } | Ty::Any) {
                self.list_error(
                    file,
                    l.list.span,
                    format!("`{}` is een {t}, geen gekozen vermelding", l.list.text),
                    "`bestaat(naam)` vraagt een definitie met `kies(...)`; bij een lijst: `bestaat(lijst waarbij ...)`",
                );
            }
            if let Some(c) = &l.waarbij {
                self.list_error(
                    file,
                    c.span,
                    "een gekozen vermelding heeft geen voorwaarde".into(),
                    &format!(
                        "schrijf de voorwaarde bij `kies`, of gebruik `bestaat({}) en ...`",
                        l.list.text
                    ),
                );
            }
            self.no_order(l, file);
            return Ty::JaNee;
        }
        let fields = self.list_fields(&l.list, file);
        if let Some(c) = &l.waarbij {
            self.rows
                .borrow_mut()
                .push(fields.clone().unwrap_or_default());
            // Without the fields (an unknown list) every bare name in the condition may be
            // one: report nothing about them.
            let t = if fields.is_some() {
                self.expr_ty(c, scope, file)
            } else {
                self.expr_ty_silent(c, scope)
            };
            self.rows.borrow_mut().pop();
            if !Ty::JaNee.accepts(&t) {
                self.type_error(
                    file,
                    c.span,
                    format!("de voorwaarde na `waarbij` moet ja/nee zijn, maar is een {t}"),
                    "schrijf een voorwaarde over de velden van een vermelding, zoals `geschikt` of `urgentie >= 2`",
                );
            }
        }
        match l.op {
            LijstOp::Kies => {
                if l.volgorde.is_empty() {
                    self.order_error(
                        file,
                        l.op_span,
                        "`kies` zegt niet welke vermelding voorgaat".into(),
                        &format!(
                            "noem na de lijst de volgorde, zoals `kies({} waarbij ..., vroegste ingeschreven_op)`",
                            l.list.text
                        ),
                    );
                }
                if let Some(fields) = &fields {
                    self.order_keys(l, fields, file);
                }
                match fields {
                    Some(fields) => Ty::Vermelding {
                        lijst: l.list.text.clone(),
                        fields,
                    },
                    None => Ty::Any,
                }
            }
            LijstOp::Aantal => {
                self.no_order(l, file);
                Ty::Getal
            }
            LijstOp::Bestaat | LijstOp::Alle => {
                self.no_order(l, file);
                Ty::JaNee
            }
        }
    }

    /// Only `kies` has an order.
    fn no_order(&self, l: &LijstExpr, file: FileId) {
        if let (Some(first), Some(last)) = (l.volgorde.first(), l.volgorde.last()) {
            self.order_error(
                file,
                first.span.to(last.span),
                format!("`{}` heeft geen volgorde", l.op.as_str()),
                "alleen `kies` kiest een vermelding op volgorde; laat de volgorde hier weg",
            );
        }
    }

    /// The keys of `kies`: fields of the entry, each with an order, each once, with the word
    /// that fits the field's soort.
    fn order_keys(&self, l: &LijstExpr, fields: &[(String, Ty)], file: FileId) {
        let mut seen: Vec<&str> = Vec::new();
        for v in &l.volgorde {
            let Some((_, t)) = fields.iter().find(|(f, _)| *f == v.field.text) else {
                if self.is_mine(file) {
                    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
                    let d = Diagnostic::new(
                        Code::OnbekendeNaam,
                        file,
                        v.field.span,
                        format!(
                            "de vermeldingen van `{}` hebben geen veld `{}`",
                            l.list.text, v.field.text
                        ),
                    )
                    .label("onbekend veld");
                    let d = help_suggesting(
                        d,
                        &v.field.text,
                        names.iter().copied(),
                        Some(format!("de velden zijn: {}", names.join(", "))),
                    );
                    self.emit(d);
                }
                continue;
            };
            if seen.contains(&v.field.text.as_str()) {
                self.order_error(
                    file,
                    v.span,
                    format!("`{}` staat twee keer in de volgorde", v.field.text),
                    "elk veld telt één keer; een gelijke stand breekt pas op het volgende veld",
                );
                continue;
            }
            seen.push(&v.field.text);
            let words = match t {
                Ty::Datum => Some(["vroegste", "laatste"]),
                Ty::Bedrag | Ty::Percentage | Ty::Getal | Ty::Uren => Some(["hoogste", "laagste"]),
                Ty::Duur(_) => Some(["langste", "kortste"]),
                _ => None,
            };
            match words {
                None => self.order_error(
                    file,
                    v.field.span,
                    format!(
                        "het veld `{}` is een {t} en heeft geen volgorde",
                        v.field.text
                    ),
                    "kies op een datum (vroegste, laatste), een getal, bedrag, percentage of uren (hoogste, laagste) of een duur (langste, kortste)",
                ),
                Some(words) if !words.contains(&v.richting.as_str()) => self.order_error(
                    file,
                    v.span,
                    format!(
                        "`{}` past niet bij `{}`, een {t}",
                        v.richting.as_str(),
                        v.field.text
                    ),
                    &format!(
                        "schrijf bij een {t} `{} {}` of `{} {}`",
                        words[0], v.field.text, words[1], v.field.text
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    /// `opzoeken(LIJST, veld = SLEUTEL, RESULTAAT)`: the field `RESULTAAT` of the first record
    /// of the list whose field `veld` equals the key (a row of a table such as the
    /// begeleidingsregiems of artikel 14h).
    fn lookup_ty(&self, args: &[Expr], scope: &[String], file: FileId, span: Span) -> Ty {
        const HELP: &str = "bijvoorbeeld `opzoeken(regiems, regiem = dienstbetrekking.begeleidingsregiem, percentage)`";
        let [list, key, result] = args else {
            return self.type_error(
                file,
                span,
                format!("`opzoeken` verwacht 3 argument(en), niet {}", args.len()),
                HELP,
            );
        };
        let fields = match self.expr_ty(list, scope, file) {
            Ty::List(t) => match *t {
                Ty::Record(fields) => fields,
                Ty::Any => return Ty::Any,
                t => {
                    return self.type_error(
                        file,
                        list.span,
                        format!(
                        "`opzoeken` verwacht een lijst van records, maar dit is een lijst van {t}"
                    ),
                        HELP,
                    )
                }
            },
            Ty::Any => return Ty::Any,
            t => {
                return self.type_error(
                    file,
                    list.span,
                    format!("`opzoeken` verwacht een lijst van records, maar dit is een {t}"),
                    HELP,
                )
            }
        };
        let field = |e: &Expr| -> Option<Ty> {
            let ExprKind::Ref(n) = &e.kind else {
                self.type_error(
                    file,
                    e.span,
                    "hier hoort de naam van een veld".to_string(),
                    HELP,
                );
                return None;
            };
            match fields.iter().find(|(f, _)| *f == n.text) {
                Some((_, t)) => Some(t.clone()),
                None => {
                    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
                    self.type_error(
                        file,
                        n.span,
                        format!("de records hebben geen veld `{}`", n.text),
                        &format!("de velden zijn: {}", names.join(", ")),
                    );
                    None
                }
            }
        };
        match &key.kind {
            ExprKind::Cmp(CmpOp::Eq, f, k) => {
                if let Some(ft) = field(f) {
                    let kt = self.expr_ty(k, scope, file);
                    if !ft.accepts(&kt) {
                        self.type_error(
                            file,
                            k.span,
                            format!("het veld is een {ft}, de sleutel een {kt}"),
                            "zoek met een waarde van dezelfde soort als het veld",
                        );
                    }
                }
            }
            _ => {
                self.type_error(
                    file,
                    key.span,
                    "hier hoort `veld = waarde`".to_string(),
                    HELP,
                );
            }
        }
        field(result).unwrap_or(Ty::Any)
    }
}

/// The functions an expression can call.
pub const FUNCTIONS: [&str; 8] = [
    "aantal_perioden",
    "kleinste",
    "grootste",
    "element",
    "opzoeken",
    "overgenomen",
    "ingevuld",
    "gekozen",
];

fn binop_help(op: BinOp) -> &'static str {
    match op {
        BinOp::Add | BinOp::Sub => "tel alleen waarden van dezelfde soort op; bij een datum hoort een duur met eenheid, zoals `8 weken`",
        BinOp::Mul | BinOp::Div => "vermenigvuldig met een getal of een percentage; een percentage van een bedrag schrijft u als `10% van bedrag`",
        BinOp::Van => "`P van B` verwacht links een percentage en rechts een bedrag, uren of getal",
        BinOp::And | BinOp::Or => "`en` en `of` verbinden voorwaarden (ja/nee)",
    }
}

fn collect_members<'p>(
    members: &'p [Member],
    file: FileId,
    layer: Layer,
    prefix: &str,
    out: &mut Vec<(String, Global<'p>)>,
) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => {
                let p = crate::syntax::place::lid_prefix(prefix, &l.nr.text);
                collect_members(&l.members, file, layer, &p, out);
            }
            MemberKind::LidGroup(g) => {
                let p = super::symbols::lid_group_prefix(prefix, g);
                collect_members(&g.leden, file, layer, &p, out);
            }
            MemberKind::Onderdeel(o) => {
                let p = format!("{prefix}.{}", o.label.text);
                collect_members(&o.members, file, layer, &p, out);
            }
            MemberKind::Stmt(s) => {
                let scope = scope_of(prefix);
                match s {
                    Stmt::Decl(d) => collect_decl(d, file, layer, &scope, out),
                    // A begrip without a formal definition is text only: it names nothing a rule
                    // can read, so it does not take a name from the rules.
                    Stmt::Begrip(b) if b.definition.is_some() => out.push((
                        b.name.text.clone(),
                        Global {
                            kind: GlobalKind::Begrip,
                            file,
                            layer,
                            span: b.name.span,
                            ty: None,
                            expr: b.definition.as_ref(),
                            soort: None,
                            scope,
                        },
                    )),
                    Stmt::Waarde(w) => out.push((
                        w.name.text.clone(),
                        Global {
                            kind: GlobalKind::Eigenschap,
                            file,
                            layer,
                            span: w.name.span,
                            ty: None,
                            expr: Some(&w.expr),
                            soort: None,
                            scope,
                        },
                    )),
                    Stmt::Onderwerp(o) => out.push((
                        o.name.text.clone(),
                        Global {
                            kind: GlobalKind::Onderwerp,
                            file,
                            layer,
                            span: o.name.span,
                            ty: None,
                            expr: None,
                            soort: None,
                            scope,
                        },
                    )),
                    _ => {}
                }
            }
            MemberKind::Tekst(_) | MemberKind::Toelichting(_) | MemberKind::Brongebrek(_) => {}
        }
    }
}

/// Scope prefixes for a unit: `art8.lid3.a` → [art8.lid3.a, art8.lid3, art8, ""].
pub fn scope_of(prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = prefix.to_string();
    loop {
        out.push(p.clone());
        match p.rfind('.') {
            Some(i) => p.truncate(i),
            None => break,
        }
    }
    out.push(String::new());
    out
}

fn collect_decl<'p>(
    d: &'p Decl,
    file: FileId,
    layer: Layer,
    scope: &[String],
    out: &mut Vec<(String, Global<'p>)>,
) {
    let g = |kind, span, ty, expr| Global {
        kind,
        file,
        layer,
        span,
        ty,
        expr,
        soort: None,
        scope: scope.to_vec(),
    };
    match d {
        Decl::Feit(f) => out.push((
            f.name.text.clone(),
            g(GlobalKind::Feit, f.name.span, Some(&f.ty), None),
        )),
        Decl::Oordeel(f) => out.push((
            f.name.text.clone(),
            g(GlobalKind::Oordeel, f.name.span, Some(&f.ty), None),
        )),
        Decl::Parameter(p) => out.push((
            p.name.text.clone(),
            g(GlobalKind::Parameter, p.name.span, Some(&p.ty), None),
        )),
        Decl::Voorziening(v) => out.push((
            v.name.text.clone(),
            g(GlobalKind::Voorziening, v.name.span, None, None),
        )),
        Decl::Definitie(def) => out.push((
            def.name.text.clone(),
            g(GlobalKind::Definitie, def.name.span, None, Some(&def.expr)),
        )),
        Decl::Soort(s) => {
            out.push((
                s.name.text.clone(),
                g(GlobalKind::Soort, s.name.span, None, None),
            ));
            for v in &s.values {
                let mut value = g(GlobalKind::EnumValue, v.span, None, None);
                value.soort = Some(s.name.text.clone());
                // Also by its full name, `reden.anders`: the only way to write a value that is
                // a keyword in an expression.
                out.push((format!("{}.{}", s.name.text, v.text), value.clone()));
                out.push((v.text.clone(), value));
            }
        }
    }
}

/// The number of the article a chunk that failed to parse begins (`artikel 8 "…" {{` → `8`),
/// or None if the chunk is not an article.
fn broken_article(chunk: &str) -> Option<&str> {
    let line = chunk
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let mut words = line.split_whitespace();
    if words.next()? != "artikel" {
        return None;
    }
    words.next().map(|n| n.trim_matches('"'))
}

/// The model articles an ordinance replaces: an own article with the number of a model article
/// that says it corresponds to that very article (`artikel 7 "Scholing" model 7 { ... }`). The
/// own text stands in the model article's place; the model article's text, slots and rules do
/// not apply. A facultatief article the ordinance declines (`niet overgenomen art5`) is not
/// replaced: its number is simply free.
pub fn replaced_articles(doc: &File, model: &File) -> BTreeSet<String> {
    let declined: BTreeSet<&str> = doc
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Adoption(a) if !a.adopted => Some(a.slots.iter().map(|s| s.text.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    let in_model: BTreeSet<&str> = model
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a) if !a.vervallen => Some(a.nr.text.as_str()),
            _ => None,
        })
        .collect();
    doc.items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a)
                if a.model_nr.as_ref().is_some_and(|m| m.text == a.nr.text)
                    && in_model.contains(a.nr.text.as_str())
                    && !declined.contains(art_prefix(&a.nr.text).as_str()) =>
            {
                Some(a.nr.text.clone())
            }
            _ => None,
        })
        .collect()
}

/// The leden of model articles an ordinance words itself or leaves out, by prefix
/// (`art7.lid2`): true for an own lid (`artikel 7 lid 2 { ... }`) of a model article that is not
/// replaced as a whole, false for `niet overgenomen art7.lid3` where the model's lid 3 is not
/// facultatief (a facultatief lid is declined as before, through its slot).
pub fn own_leden(doc: &File, model: &File, replaced: &BTreeSet<String>) -> BTreeMap<String, bool> {
    let mut model_leden: BTreeMap<String, bool> = BTreeMap::new();
    for item in &model.items {
        let ItemKind::Artikel(a) = &item.kind else {
            continue;
        };
        if a.vervallen || replaced.contains(&a.nr.text) {
            continue;
        }
        let prefix = art_prefix(&a.nr.text);
        // Leden directly in the article, and those of a group of facultatieve leden (which is
        // declined as a group); a variant's leden have prefixes of their own.
        for m in &a.members {
            match &m.kind {
                MemberKind::Lid(l) => {
                    model_leden.insert(
                        crate::syntax::place::lid_prefix(&prefix, &l.nr.text),
                        l.optional,
                    );
                }
                MemberKind::LidGroup(g) if g.variant.is_none() => {
                    crate::check::symbols::for_each_lid(&g.leden, &mut |l| {
                        model_leden
                            .insert(crate::syntax::place::lid_prefix(&prefix, &l.nr.text), true);
                    });
                }
                _ => {}
            }
        }
    }
    let in_model: BTreeSet<&str> = model
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a) if !a.vervallen => Some(a.nr.text.as_str()),
            _ => None,
        })
        .collect();
    let mut out = BTreeMap::new();
    for item in &doc.items {
        match &item.kind {
            ItemKind::EigenLid(e)
                if in_model.contains(e.artikel.text.as_str())
                    && !replaced.contains(&e.artikel.text) =>
            {
                out.insert(
                    crate::syntax::place::lid_prefix(&art_prefix(&e.artikel.text), &e.lid.nr.text),
                    true,
                );
            }
            ItemKind::Adoption(a) if !a.adopted => {
                for s in &a.slots {
                    if model_leden.get(&s.text) == Some(&false) {
                        out.insert(s.text.clone(), false);
                    }
                }
            }
            _ => {}
        }
    }
    out
}
