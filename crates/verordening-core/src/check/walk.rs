//! Walk one document: its header, the uniqueness of its numbers, every statement's names
//! and types, and the `{placeholders}` in its texts.

use super::context::{scope_of, Checker};
use super::symbols::*;
use super::types::*;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::*;
use std::collections::BTreeMap;

impl<'p> Checker<'p> {
    /// `vo::onbekende-naam` for a voorziening that is not declared, with the nearest one.
    fn unknown_voorziening(&self, file: FileId, span: Span, vz: &str) {
        let vzs = self
            .globals
            .iter()
            .filter(|(_, g)| g.kind == GlobalKind::Voorziening)
            .map(|(n, _)| n.as_str());
        let d = Diagnostic::new(
            Code::OnbekendeNaam,
            file,
            span,
            format!("onbekende voorziening `{vz}`"),
        )
        .label("deze voorziening is niet gedeclareerd");
        self.emit(help_suggesting(
            d,
            vz,
            vzs,
            Some("declareer haar met `voorziening naam \"omschrijving\"`".into()),
        ));
    }

    pub fn walk(&self) {
        self.check_header();
        self.check_slot_duplicates();
        let mut articles: BTreeMap<&str, Span> = BTreeMap::new();
        let mut own_leden: BTreeMap<String, Span> = BTreeMap::new();
        for item in &self.doc.ast.items {
            match &item.kind {
                ItemKind::Artikel(a) => {
                    if let Some(first) = articles.insert(&a.nr.text, a.nr.span) {
                        self.duplicate(a.nr.span, first, &format!("artikel {}", a.nr.text));
                    }
                    if a.optional && self.layer() != Layer::Model {
                        self.wrong_layer(a.nr.span, "een facultatief artikel");
                    }
                    let prefix = art_prefix(&a.nr.text);
                    self.members(&a.members, &prefix);
                }
                ItemKind::Bijlage(b) => {
                    let prefix = format!("bijlage{}", b.id.text);
                    self.members(&b.members, &prefix);
                }
                ItemKind::EigenLid(e) => {
                    let key = format!("{} lid {}", e.artikel.text, e.lid.nr.text);
                    if let Some(first) = own_leden.insert(key, e.lid.nr.span) {
                        self.duplicate(
                            e.lid.nr.span,
                            first,
                            &format!("artikel {}, lid {}", e.artikel.text, e.lid.nr.text),
                        );
                    }
                    if self.model.is_none() || self.layer() != Layer::Verordening {
                        self.emit(
                            Diagnostic::new(Code::Regel, self.file(), e.artikel.span, "een eigen lid van een artikel van het model hoort in een verordening die een model invult")
                                .label("hier")
                                .help("schrijf het lid in zijn artikel, `artikel 7 \"...\" { lid 2 { ... } }`, of noem in de kop het model"),
                        );
                    }
                    let prefix = crate::syntax::place::lid_prefix(
                        &art_prefix(&e.artikel.text),
                        &e.lid.nr.text,
                    );
                    self.members(&e.lid.members, &prefix);
                }
                ItemKind::Aanhef(b) => self.members(&b.members, "aanhef"),
                ItemKind::Slotformule(b) => self.members(&b.members, "slot"),
                ItemKind::Decl(d) => self.decl(d, &[String::new()]),
                ItemKind::Fill(_) | ItemKind::Adoption(_) if self.model_unresolved() => {}
                ItemKind::Fill(f) => {
                    if self.model.is_none() || self.layer() != Layer::Verordening {
                        self.emit(
                            Diagnostic::new(Code::Regel, self.file(), f.slot.span, "een invulling hoort in een verordening die een model invult")
                                .label("hier")
                                .help("noem in de kop het model, bijvoorbeeld `model \"../vng/model-2023.vo\"`"),
                        );
                    }
                }
                ItemKind::Adoption(a) => {
                    if self.model.is_none() || self.layer() != Layer::Verordening {
                        if let Some(s) = a.slots.first() {
                            self.emit(
                                Diagnostic::new(Code::Regel, self.file(), s.span, "`overgenomen` hoort in een verordening die een model invult")
                                    .label("hier")
                                    .help("noem in de kop het model, bijvoorbeeld `model \"../vng/model-2023.vo\"`"),
                            );
                        }
                    }
                }
                ItemKind::Hoofdstuk(_) | ItemKind::Paragraaf(_) | ItemKind::Error(_) => {}
            }
        }
    }

    fn duplicate(&self, span: Span, first: Span, what: &str) {
        self.emit(
            Diagnostic::new(
                Code::DubbeleNaam,
                self.file(),
                span,
                format!("{what} komt twee keer voor"),
            )
            .label("tweede keer")
            .with_secondary(self.file(), first, "eerste keer")
            .help("nummers en namen moeten binnen hun artikel of lid uniek zijn"),
        );
    }

    fn wrong_layer(&self, span: Span, what: &str) {
        self.emit(
            Diagnostic::new(Code::Regel, self.file(), span, format!("{what} hoort in een model"))
                .label("hier")
                .help(format!(
                    "dit bestand is van de laag `{}`; invulplekken, keuzes en facultatieve delen staan in het model, de verordening vult ze in",
                    self.layer().keyword()
                )),
        );
    }

    fn check_slot_duplicates(&self) {
        let Some(model) = self.model else { return };
        if model.id != self.file() {
            return;
        }
        for (id, first, second) in &self.slots.duplicates {
            self.duplicate(*second, *first, &format!("invulplek `{id}`"));
        }
    }

    fn check_header(&self) {
        let h = &self.doc.ast.header;
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut vanaf = None;
        let mut tot = None;
        for m in &h.meta {
            if let Some(first) = seen.insert(m.key.as_str(), m.key_span) {
                self.duplicate(m.key_span, first, &format!("kopregel `{}`", m.key.as_str()));
            }
            let expects_date = matches!(m.key, MetaKey::GeldigVanaf | MetaKey::GeldigTot)
                || matches!(&m.key, MetaKey::Other(k) if k == "inwerkingtreding" || k == "bekendgemaakt");
            match (&m.value, expects_date) {
                (MetaValue::Date(d), true) => {
                    if m.key == MetaKey::GeldigVanaf {
                        vanaf = Some((*d, m.span));
                    } else if m.key == MetaKey::GeldigTot {
                        tot = Some((*d, m.span));
                    }
                }
                (MetaValue::Text(t), true) => self.emit(
                    Diagnostic::new(
                        Code::Kop,
                        self.file(),
                        t.span,
                        format!("`{}` verwacht een datum", m.key.as_str()),
                    )
                    .label("geen datum")
                    .help("schrijf bijvoorbeeld `geldig vanaf 2023-07-01`"),
                ),
                (MetaValue::Date(_), false) => self.emit(
                    Diagnostic::new(
                        Code::Kop,
                        self.file(),
                        m.span,
                        format!("`{}` verwacht een tekst", m.key.as_str()),
                    )
                    .label("hier")
                    .help("zet de waarde tussen aanhalingstekens"),
                ),
                (MetaValue::Text(_), false) => {}
            }
            let allowed = match &m.key {
                MetaKey::Other(k) => matches!(
                    k.as_str(),
                    "gemeente"
                        | "citeertitel"
                        | "versie"
                        | "bron"
                        | "bestuursorgaan"
                        | "inwerkingtreding"
                        | "bekendgemaakt"
                        | "toetsingsdatum"
                        | "uittreksel"
                ),
                _ => true,
            };
            if !allowed {
                self.emit(
                    Diagnostic::new(Code::Kop, self.file(), m.key_span, format!("onbekende kopregel `{}`", m.key.as_str()))
                        .label("deze kopregel bestaat niet")
                        .help("kopregels: gemeente, citeertitel, versie, bron, bestuursorgaan, uittreksel, model, wet, verordening, geldig vanaf, geldig tot"),
                );
            }
            // A layer reference must point at a file of the right layer.
            let expected = match m.key {
                MetaKey::Model => Some(Layer::Model),
                MetaKey::Wet => Some(Layer::Wet),
                MetaKey::Verordening => Some(Layer::Verordening),
                _ => None,
            };
            if let Some(expected) = expected {
                let target = self
                    .project
                    .referenced(self.index(), &m.key)
                    .and_then(|j| self.project.doc(j));
                if let Some(t) = target {
                    if t.ast.header.layer != expected {
                        self.emit(
                            Diagnostic::new(
                                Code::Verwijzing,
                                self.file(),
                                m.span,
                                format!(
                                    "`{}` verwijst naar een bestand van de laag `{}`",
                                    m.key.as_str(),
                                    t.ast.header.layer.keyword()
                                ),
                            )
                            .label("deze verwijzing")
                            .with_secondary(
                                t.id,
                                t.ast.header.layer_span,
                                "de laag van dat bestand",
                            )
                            .help(format!(
                                "`{}` moet verwijzen naar een bestand van de laag `{}`",
                                m.key.as_str(),
                                expected.keyword()
                            )),
                        );
                    }
                }
                let order_ok =
                    crate::project::layer_rank(expected) < crate::project::layer_rank(h.layer);
                if !order_ok {
                    self.emit(
                        Diagnostic::new(Code::Kop, self.file(), m.key_span, format!("een bestand van de laag `{}` kan niet steunen op een `{}`", h.layer.keyword(), m.key.as_str()))
                            .label("hier")
                            .help("een laag steunt alleen op hogere lagen: wet → model → verordening → beleidsregels"),
                    );
                }
            }
        }
        if let (Some((v, _)), Some((t, tspan))) = (vanaf, tot) {
            if t < v {
                self.emit(
                    Diagnostic::new(
                        Code::Kop,
                        self.file(),
                        tspan,
                        "`geldig tot` ligt voor `geldig vanaf`",
                    )
                    .label("deze datum")
                    .help("een regeling geldt vanaf de eerste datum tot en met de tweede"),
                );
            }
        }
        if matches!(h.layer, Layer::Verordening | Layer::Beleidsregels) && vanaf.is_none() {
            self.emit(
                Diagnostic::new(Code::Kop, self.file(), h.title.span, "de datum van inwerkingtreding ontbreekt")
                    .label("deze regeling")
                    .help("voeg in de kop toe: `geldig vanaf 2023-07-01` (nodig om op een peildatum de geldende versie te kiezen)"),
            );
        }
        if h.layer == Layer::Beleidsregels
            && self
                .project
                .referenced(self.index(), &MetaKey::Verordening)
                .is_none()
            && !seen.contains_key("verordening")
        {
            self.emit(
                Diagnostic::new(
                    Code::Kop,
                    self.file(),
                    h.title.span,
                    "beleidsregels noemen niet de verordening waarop ze steunen",
                )
                .label("deze beleidsregels")
                .help("voeg in de kop toe: `verordening \"pad/naar/verordening.vo\"`"),
            );
        }
    }

    fn index(&self) -> usize {
        self.project
            .docs
            .iter()
            .position(|d| d.id == self.doc.id)
            .unwrap_or(usize::MAX)
    }

    fn members(&self, members: &[Member], prefix: &str) {
        let scope = scope_of(prefix);
        let mut leden: BTreeMap<&str, Span> = BTreeMap::new();
        let mut labels: BTreeMap<&str, Span> = BTreeMap::new();
        self.members_inner(members, prefix, &scope, &mut leden, &mut labels);
    }

    fn members_inner<'m>(
        &self,
        members: &'m [Member],
        prefix: &str,
        scope: &[String],
        leden: &mut BTreeMap<&'m str, Span>,
        labels: &mut BTreeMap<&'m str, Span>,
    ) {
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => {
                    if let Some(first) = leden.insert(&l.nr.text, l.nr.span) {
                        self.duplicate(l.nr.span, first, &format!("lid {}", l.nr.text));
                    }
                    if l.optional && self.layer() != Layer::Model {
                        self.wrong_layer(l.nr.span, "een facultatief lid");
                    }
                    self.members(
                        &l.members,
                        &crate::syntax::place::lid_prefix(prefix, &l.nr.text),
                    );
                }
                MemberKind::LidGroup(g) if g.variant.is_some() => {
                    if self.layer() != Layer::Model {
                        self.wrong_layer(m.span, "een variant van een artikel");
                    }
                    // Each variant numbers its own leden.
                    self.members(
                        &g.leden,
                        &crate::check::symbols::lid_group_prefix(prefix, g),
                    );
                }
                MemberKind::LidGroup(g) => {
                    if self.layer() != Layer::Model {
                        self.wrong_layer(m.span, "een facultatieve groep leden");
                    }
                    self.members_inner(&g.leden, prefix, scope, leden, labels);
                }
                MemberKind::Onderdeel(o) => {
                    if let Some(first) = labels.insert(&o.label.text, o.label.span) {
                        self.duplicate(o.label.span, first, &format!("onderdeel {}", o.label.text));
                    }
                    self.members(&o.members, &format!("{prefix}.{}", o.label.text));
                }
                MemberKind::Tekst(t) | MemberKind::Toelichting(t) => self.placeholders(t, scope),
                MemberKind::Brongebrek(_) => {}
                MemberKind::Stmt(s) => self.stmt(s, scope),
            }
        }
    }

    /// Every `{name}` in a text must name a slot, definition, begrip or parameter in scope.
    pub fn placeholders(&self, t: &Text, scope: &[String]) {
        for p in &t.placeholders {
            if self.slot_ref(&p.text, scope).is_some()
                || self.slots.resolve_element(scope, &p.text).is_some()
            {
                continue;
            }
            match self.globals.get(&p.text) {
                Some(g)
                    if !matches!(
                        g.kind,
                        GlobalKind::Soort | GlobalKind::Voorziening | GlobalKind::Onderwerp
                    ) => {}
                _ => {
                    let mut candidates: Vec<&str> =
                        self.slots.slots.iter().map(|s| s.id.as_str()).collect();
                    let locals: Vec<String> = self
                        .slots
                        .slots
                        .iter()
                        .filter_map(|s| {
                            scope.iter().filter(|p| !p.is_empty()).find_map(|p| {
                                s.id.strip_prefix(&format!("{p}.")).map(str::to_string)
                            })
                        })
                        .collect();
                    candidates.extend(locals.iter().map(String::as_str));
                    let mut d = Diagnostic::new(
                        Code::OnbekendeNaam,
                        self.file(),
                        p.span,
                        format!("de tekst verwijst naar `{}`, die hier niet bestaat", p.text),
                    )
                    .label("onbekende verwijzing");
                    d = help_suggesting(d, &p.text, candidates.into_iter(), Some("een verwijzing in een tekst noemt een invulplek of passage van dit artikel, of een volledige naam zoals `art16.lid2.citeertitel`".into()));
                    self.emit(d);
                }
            }
        }
    }

    /// `kies(...)` chooses an entry, which has no value of its own: it stands only as the whole
    /// expression of a definitie or begrip, whose name then reads the entry
    /// (`kandidaat.veld`, `bestaat(kandidaat)`).
    fn choices_placed(&self, e: &Expr, whole: bool) {
        let mut todo = vec![(e, whole)];
        while let Some((e, ok)) = todo.pop() {
            if let ExprKind::Lijst(l) = &e.kind {
                if l.op == LijstOp::Kies && !ok {
                    self.emit(
                        Diagnostic::new(
                            Code::Lijst,
                            self.file(),
                            e.span,
                            "`kies` staat alleen als hele definitie",
                        )
                        .label("hier")
                        .help(format!(
                            "schrijf `definitie kandidaat = {}` en gebruik `bestaat(kandidaat)` en `kandidaat.veld`",
                            crate::fmt::lijst(l)
                        )),
                    );
                }
            }
            todo.extend(e.children().into_iter().map(|c| (c, false)));
        }
    }

    /// The expressions of a statement, and whether `kies` may be the whole of each.
    fn stmt_choices(&self, s: &Stmt) {
        match s {
            Stmt::Begrip(b) => b
                .definition
                .iter()
                .for_each(|e| self.choices_placed(e, true)),
            Stmt::Rule(r) => r
                .condition
                .iter()
                .chain(r.tenzij.iter())
                .for_each(|e| self.choices_placed(e, false)),
            Stmt::Waarde(w) => self.choices_placed(&w.expr, false),
            Stmt::Grens(g) => self.choices_placed(&g.expr, false),
            Stmt::Samenhang(c) => self.choices_placed(&c.expr, false),
            _ => {}
        }
    }

    /// A fact that is a list: a list of records (the entries), whose fields have a soort a
    /// case file can give. Only a fact: a judgement or parameter is one value.
    fn list_decl(&self, f: &FactDecl, judgement: bool) {
        let t = self.resolve_type(&f.ty, false);
        let span = match &f.ty {
            TypeExpr::List(_, s) | TypeExpr::Record(_, s) => *s,
            TypeExpr::Base { name, .. } => name.span,
        };
        let help = "schrijf `feit wachtlijst: lijst van { ingeschreven_op: datum, geschikt: ja/nee }`: per vermelding een record";
        let error = |message: String| {
            self.emit(
                Diagnostic::new(Code::Lijst, self.file(), span, message)
                    .label("hier")
                    .help(help),
            )
        };
        match (&t, judgement) {
            (Ty::List(_) | Ty::Record(_), true) => error(format!(
                "een oordeel is één waarde, geen {}",
                if matches!(t, Ty::List(_)) {
                    "lijst"
                } else {
                    "record"
                }
            )),
            (Ty::Record(_), false) => {
                error("een feit is een waarde of een lijst van records, geen los record".into())
            }
            (Ty::List(inner), false) => match &**inner {
                Ty::Record(fields) => {
                    let mut seen: Vec<&str> = Vec::new();
                    for (n, ft) in fields {
                        if seen.contains(&n.as_str()) {
                            self.emit(
                                Diagnostic::new(
                                    Code::DubbeleNaam,
                                    self.file(),
                                    span,
                                    format!("het veld `{n}` staat twee keer in de vermelding"),
                                )
                                .label("hier")
                                .help("geef elk veld van een vermelding een eigen naam"),
                            );
                        }
                        seen.push(n);
                        if matches!(ft, Ty::Artikelen) {
                            error(format!(
                                "het veld `{n}` is een lijst van artikelen; een vermelding heeft velden met één waarde"
                            ));
                        }
                    }
                }
                Ty::Any => {}
                other => error(format!(
                    "een feit dat een lijst is, heeft per vermelding een record, geen {other}"
                )),
            },
            _ => {}
        }
    }

    fn stmt(&self, s: &Stmt, scope: &[String]) {
        let file = self.file();
        self.stmt_choices(s);
        match s {
            Stmt::GeenRegel(_) => {}
            Stmt::Begrip(b) => {
                self.placeholders(&b.text, scope);
                if b.optional && self.layer() != Layer::Model {
                    self.wrong_layer(b.name.span, "een facultatieve begripsbepaling");
                }
                if b.definition.is_some() {
                    self.global_ty(&b.name.text, b.name.span, file);
                }
            }
            Stmt::Invulling(i) => {
                if self.layer() != Layer::Model {
                    self.wrong_layer(i.name.span, "een invulplek");
                }
                self.invulling(i, scope);
            }
            Stmt::Passage(p) => {
                if self.layer() != Layer::Model {
                    self.wrong_layer(p.name.span, "een facultatieve passage");
                }
                self.placeholders(&p.text, scope);
                if let Some(v) = &p.volgt {
                    self.volgt(v);
                }
                for s in &p.slots {
                    if let SlotDecl::Invulling(i) = s {
                        self.invulling(i, scope);
                    }
                }
            }
            Stmt::Keuze(k) => {
                if self.layer() != Layer::Model {
                    self.wrong_layer(k.name.span, "een keuze");
                }
                self.keuze(k, scope);
            }
            Stmt::Rule(r) => self.rule(r, scope),
            Stmt::Waarde(w) => {
                let t = self.expr_ty(&w.expr, scope, file);
                if let Some(first) = self.globals.get(&w.name.text) {
                    if !first.span.same_range(&w.name.span) && first.kind == GlobalKind::Eigenschap
                    {
                        let ft = self.global_ty(&w.name.text, w.name.span, file);
                        if !ft.accepts(&t) {
                            self.emit(
                                Diagnostic::new(
                                    Code::Soort,
                                    file,
                                    w.expr.span,
                                    format!("`{}` was een {ft}, hier een {t}", w.name.text),
                                )
                                .label("andere soort")
                                .with_secondary(first.file, first.span, "eerder vastgesteld")
                                .help("een waarde van een voorziening heeft overal dezelfde soort"),
                            );
                        }
                    }
                }
                self.voorziening_of(&w.name);
            }
            Stmt::Grens(g) => {
                let t = self.expr_ty(&g.expr, scope, file);
                if self
                    .globals
                    .get(&g.name.text)
                    .is_some_and(|x| x.kind == GlobalKind::Eigenschap)
                {
                    let vt = self.global_ty(&g.name.text, g.name.span, file);
                    if !vt.accepts(&t) {
                        self.emit(
                            Diagnostic::new(
                                Code::Soort,
                                file,
                                g.expr.span,
                                format!("de grens is een {t}, maar `{}` is een {vt}", g.name.text),
                            )
                            .label("andere soort")
                            .help("een grens heeft dezelfde soort als de waarde die ze begrenst"),
                        );
                    }
                }
                if !matches!(g.op, CmpOp::Eq | CmpOp::Ne) && !orderable(&t) {
                    self.emit(
                        Diagnostic::new(Code::Soort, file, g.expr.span, format!("een {t} heeft geen volgorde"))
                            .label("hier")
                            .help("een grens met < of > vraagt een bedrag, percentage, getal, uren, duur of datum"),
                    );
                }
            }
            Stmt::Samenhang(c) => {
                if self.layer() != Layer::Model {
                    self.wrong_layer(c.id.span, "een samenhangsregel");
                }
                let t = self.expr_ty(&c.expr, scope, file);
                if !Ty::JaNee.accepts(&t) {
                    self.emit(
                        Diagnostic::new(Code::Soort, file, c.expr.span, format!("een samenhangsregel moet ja/nee zijn, maar is een {t}"))
                            .label("hier")
                            .help("schrijf een voorwaarde die moet gelden, bijvoorbeeld `overgenomen(art1.def.praktijkroute) = overgenomen(art14b.lid3.praktijkroute)`"),
                    );
                }
            }
            Stmt::Onderwerp(o) => {
                if self.layer() != Layer::Wet {
                    self.emit(
                        Diagnostic::new(Code::Regel, file, o.name.span, "een verplicht onderwerp hoort in de wetslaag")
                            .label("hier")
                            .help("de verordeningsplicht staat in de wet; een artikel zegt met `regelt` welk onderwerp het regelt"),
                    );
                }
            }
            Stmt::Regelt(names) => {
                for n in names {
                    match self.globals.get(&n.text) {
                        Some(g) if g.kind == GlobalKind::Onderwerp => {}
                        _ => {
                            let subjects = self
                                .globals
                                .iter()
                                .filter(|(_, g)| g.kind == GlobalKind::Onderwerp)
                                .map(|(n, _)| n.as_str());
                            let mut d = Diagnostic::new(
                                Code::OnbekendeNaam,
                                file,
                                n.span,
                                format!("`{}` is geen onderwerp van de verordeningsplicht", n.text),
                            )
                            .label("onbekend onderwerp");
                            d = help_suggesting(d, &n.text, subjects, Some("de onderwerpen staan in de wetslaag (`onderwerp`); noem die in de kop met `wet \"...\"`".into()));
                            self.emit(d);
                        }
                    }
                }
            }
            Stmt::Decl(d) => self.decl(d, scope),
        }
    }

    fn voorziening_of(&self, name: &Name) {
        let Some((vz, _)) = name.text.split_once('.') else {
            self.emit(
                Diagnostic::new(
                    Code::Regel,
                    self.file(),
                    name.span,
                    format!("`{}` noemt geen voorziening", name.text),
                )
                .label("hier")
                .help(
                    "een waarde hoort bij een voorziening: `waarde proefplaats.duur = 2 maanden`",
                ),
            );
            return;
        };
        if !self
            .globals
            .get(vz)
            .is_some_and(|g| g.kind == GlobalKind::Voorziening)
        {
            self.unknown_voorziening(self.file(), name.span, vz);
        }
    }

    fn volgt(&self, v: &Name) {
        if self.slots.get(&v.text).is_none() {
            let mut d = Diagnostic::new(
                Code::OnbekendeInvulplek,
                self.file(),
                v.span,
                format!(
                    "`volgt` noemt `{}`, maar die invulplek bestaat niet",
                    v.text
                ),
            )
            .label("onbekende invulplek");
            d = help_suggesting(
                d,
                &v.text,
                self.slots.slots.iter().map(|s| s.id.as_str()),
                None,
            );
            self.emit(d);
        }
    }

    fn keuze(&self, k: &Keuze, scope: &[String]) {
        let mut names: BTreeMap<&str, Span> = BTreeMap::new();
        for o in &k.options {
            if let Some(first) = names.insert(&o.name.text, o.name.span) {
                self.duplicate(o.name.span, first, &format!("optie `{}`", o.name.text));
            }
            self.placeholders(&o.text, scope);
            for s in &o.slots {
                match s {
                    SlotDecl::Invulling(i) => self.invulling(i, scope),
                    SlotDecl::Passage(p) => self.placeholders(&p.text, scope),
                    SlotDecl::Keuze(k2) => self.keuze(k2, scope),
                }
            }
        }
        if k.options.len() < 2 {
            self.emit(
                Diagnostic::new(Code::Regel, self.file(), k.name.span, "een keuze heeft ten minste twee opties")
                    .label("deze keuze")
                    .help("is er maar één mogelijkheid, dan is het een invulplek of een facultatieve passage"),
            );
        }
        if let Some(v) = &k.volgt {
            self.volgt(v);
            if let Some(SlotKind::Keuze { options, .. }) = self.slots.get(&v.text).map(|s| &s.kind)
            {
                for o in &k.options {
                    if !options.contains(&o.name.text) {
                        self.emit(
                            Diagnostic::new(
                                Code::OngeldigeKeuze,
                                self.file(),
                                o.name.span,
                                format!(
                                    "`{}` is geen optie van `{}`, die deze keuze volgt",
                                    o.name.text, v.text
                                ),
                            )
                            .label("deze optie")
                            .help(format!(
                                "een volgende keuze heeft dezelfde opties: {}",
                                options.join(", ")
                            )),
                        );
                    }
                }
            }
        }
    }

    fn invulling(&self, i: &Invulling, scope: &[String]) {
        let file = self.file();
        let ty = self.resolve_type(&i.ty, true);
        if let Some(v) = &i.voorbeeld {
            self.fill_value_ty(v, &ty, scope, &i.name.text);
        }
        for (_, e) in &i.grens {
            let gt = self.expr_ty(e, scope, file);
            let elem = match &ty {
                Ty::List(t) => (**t).clone(),
                t => t.clone(),
            };
            if !elem.accepts(&gt) {
                self.emit(
                    Diagnostic::new(
                        Code::Soort,
                        file,
                        e.span,
                        format!("de grens is een {gt}, maar de invulplek is een {ty}"),
                    )
                    .label("andere soort")
                    .help("een grens heeft dezelfde soort als de invulplek"),
                );
            }
        }
        if let Some((_, span)) = i.lengte {
            if !matches!(ty, Ty::List(_) | Ty::Any) {
                self.emit(
                    Diagnostic::new(Code::Regel, file, span, "`lengte` hoort bij een lijst")
                        .label("hier")
                        .help("schrijf de soort als `lijst van ...`"),
                );
            }
        }
    }

    /// Type-check a fill value (or example) against a slot type; reports in this file.
    pub fn fill_value_ty(&self, v: &FillValue, ty: &Ty, scope: &[String], slot: &str) {
        let file = self.file();
        match v {
            FillValue::Articles(_, span) => {
                if !matches!(ty, Ty::Artikelen | Ty::Any) {
                    self.emit(
                        Diagnostic::new(
                            Code::Soort,
                            file,
                            *span,
                            format!("`{slot}` verwacht een {ty}, geen lijst van artikelen"),
                        )
                        .label("hier")
                        .help("vul een waarde van de juiste soort in"),
                    );
                }
            }
            FillValue::List(items, span) => {
                let (elem, is_list) = match ty {
                    Ty::List(t) => ((**t).clone(), true),
                    t => (t.clone(), false),
                };
                if !is_list && items.len() > 1 {
                    self.emit(
                        Diagnostic::new(
                            Code::Soort,
                            file,
                            *span,
                            format!(
                                "`{slot}` verwacht één {ty}, niet een lijst van {}",
                                items.len()
                            ),
                        )
                        .label("hier")
                        .help("vul één waarde in"),
                    );
                    return;
                }
                if matches!(ty, Ty::Artikelen) {
                    self.emit(
                        Diagnostic::new(
                            Code::Soort,
                            file,
                            *span,
                            format!("`{slot}` verwacht artikelen"),
                        )
                        .label("hier")
                        .help("schrijf bijvoorbeeld `artikel 6` of `artikelen 4, 5 en 8`"),
                    );
                    return;
                }
                for item in items {
                    let it = match item {
                        FillItem::Expr(e) => self.expr_ty(e, scope, file),
                        FillItem::Record(fields, _) => Ty::Record(
                            fields
                                .iter()
                                .map(|(n, e)| (n.text.clone(), self.expr_ty(e, scope, file)))
                                .collect(),
                        ),
                    };
                    if !elem.accepts(&it) {
                        self.emit(
                            Diagnostic::new(
                                Code::Soort,
                                file,
                                item.span(),
                                format!("`{slot}` verwacht een {elem}, maar dit is een {it}"),
                            )
                            .label(format!("een {it}"))
                            .help(fill_help(&elem)),
                        );
                    }
                }
            }
        }
    }

    fn rule(&self, r: &crate::syntax::Rule, scope: &[String]) {
        let file = self.file();
        if let Target::Voorziening(n) = &r.target {
            if !self
                .globals
                .get(&n.text)
                .is_some_and(|g| g.kind == GlobalKind::Voorziening)
            {
                self.unknown_voorziening(file, n.span, &n.text);
            }
        }
        let needs_condition = !matches!(
            r.modality,
            Modality::KanToekennen | Modality::KentToe | Modality::GeenGebruik
        );
        if needs_condition && r.condition.is_none() {
            self.emit(
                Diagnostic::new(
                    Code::Regel,
                    file,
                    r.modality_span,
                    format!("`{}` vraagt een voorwaarde", r.modality.as_str()),
                )
                .label("hier ontbreekt `als ...`")
                .help("schrijf de grond: bijvoorbeeld `weigert proefplaats als verdringing`"),
            );
        }
        for e in r.condition.iter().chain(r.tenzij.iter()) {
            let t = self.expr_ty(e, scope, file);
            if !Ty::JaNee.accepts(&t) {
                self.emit(
                    Diagnostic::new(Code::Soort, file, e.span, format!("een voorwaarde moet ja/nee zijn, maar dit is een {t}"))
                        .label("geen voorwaarde")
                        .help("schrijf een vergelijking (`persoon.leeftijd >= 27 jaar`) of een ja/nee-feit"),
                );
            }
        }
    }

    fn decl(&self, d: &Decl, scope: &[String]) {
        let file = self.file();
        match d {
            Decl::Feit(f) => {
                self.resolve_type(&f.ty, true);
                self.list_decl(f, false);
            }
            Decl::Oordeel(f) => {
                self.resolve_type(&f.ty, true);
                self.list_decl(f, true);
            }
            Decl::Parameter(p) => {
                let ty = self.resolve_type(&p.ty, true);
                if matches!(ty, Ty::List(_) | Ty::Record(_)) {
                    self.emit(
                        Diagnostic::new(Code::Lijst, file, p.name.span, "een parameter is één waarde op een datum, geen lijst of record")
                            .label("hier")
                            .help("een lijst die per casus verschilt, is een feit: `feit wachtlijst: lijst van { ... }`"),
                    );
                }
                let mut last: Option<(chrono::NaiveDate, Span)> = None;
                for e in &p.entries {
                    self.choices_placed(&e.value, false);
                    let t = self.expr_ty(&e.value, scope, file);
                    if !ty.accepts(&t) {
                        self.emit(
                            Diagnostic::new(
                                Code::Soort,
                                file,
                                e.value.span,
                                format!(
                                    "`{}` is een {ty}, maar deze waarde is een {t}",
                                    p.name.text
                                ),
                            )
                            .label("andere soort")
                            .help(fill_help(&ty)),
                        );
                    }
                    if let Some((prev, pspan)) = last {
                        if e.from <= prev {
                            self.emit(
                                Diagnostic::new(
                                    Code::Waarde,
                                    file,
                                    e.from_span,
                                    "de data van een parameter moeten oplopen",
                                )
                                .label("niet later dan de vorige")
                                .with_secondary(file, pspan, "vorige datum")
                                .help(
                                    "zet de waarden in volgorde van de datum waarop ze gaan gelden",
                                ),
                            );
                        }
                    }
                    last = Some((e.from, e.from_span));
                }
                if p.entries.is_empty() {
                    self.emit(
                        Diagnostic::new(
                            Code::Waarde,
                            file,
                            p.name.span,
                            format!("parameter `{}` heeft geen waarde", p.name.text),
                        )
                        .label("hier")
                        .help("geef ten minste één waarde: `vanaf 2023-01-01: € 1.000`"),
                    );
                }
            }
            Decl::Soort(s) => {
                let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
                for v in &s.values {
                    if let Some(first) = seen.insert(&v.text, v.span) {
                        self.duplicate(v.span, first, &format!("waarde `{}`", v.text));
                    }
                }
            }
            Decl::Voorziening(v) => {
                // A group's members are voorzieningen (not groups, not besluiten).
                let groups = crate::check::groups_of(&self.chain);
                for m in &v.members {
                    let is_vz = self
                        .globals
                        .get(&m.text)
                        .is_some_and(|g| g.kind == GlobalKind::Voorziening);
                    if !is_vz || groups.contains_key(&m.text) {
                        self.emit(
                            Diagnostic::new(
                                Code::OnbekendeNaam,
                                file,
                                m.span,
                                format!("`{}` is geen voorziening", m.text),
                            )
                            .label("deze naam")
                            .help("een groep noemt gedeclareerde voorzieningen (`voorziening naam \"omschrijving\"`), geen andere groep"),
                        );
                    }
                }
            }
            Decl::Definitie(def) => {
                self.choices_placed(&def.expr, true);
                self.global_ty(&def.name.text, def.name.span, file);
                // Report errors inside the definition itself (global_ty caches quietly).
                self.expr_ty(&def.expr, scope, file);
            }
        }
    }
}

pub fn fill_help(ty: &Ty) -> String {
    match ty {
        Ty::Bedrag => "een bedrag schrijft u als `€ 1.234,56`".into(),
        Ty::Percentage => "een percentage schrijft u als `7,5%` of `50 procent`".into(),
        Ty::Duur(_) => "een duur schrijft u met eenheid: `12 maanden`, `8 weken`, `2 jaar`".into(),
        Ty::Uren => "uren schrijft u als `36 uur`".into(),
        Ty::Datum => "een datum schrijft u als `2023-07-01`".into(),
        Ty::Getal => "een getal schrijft u zonder eenheid: `3` of `1,5`".into(),
        Ty::JaNee => "schrijf `ja` of `nee`".into(),
        Ty::Tekst => "een tekst staat tussen aanhalingstekens".into(),
        Ty::Enum(s) => format!("kies een waarde van de soort `{s}`"),
        Ty::Artikelen => "schrijf bijvoorbeeld `artikel 6` of `artikelen 4, 5 en 8`".into(),
        Ty::List(t) => format!("een lijst van {t}, gescheiden door komma's"),
        Ty::Record(_) => "een record schrijft u als `{ naam: waarde, ... }`".into(),
        Ty::Vermelding { .. } => {
            "een gekozen vermelding heeft geen waarde; gebruik een van haar velden".into()
        }
        Ty::Any => "controleer de soort".into(),
    }
}
