//! Model conformance of an ordinance that fills in the model: every required slot filled
//! with a value of its kind, every choice made with a valid option, every optional part
//! explicitly adopted or declined, nothing filled in a part that was not adopted, the
//! model's own bounds, and the constraints (`samenhang`) the model states.

use super::consteval::{compare, ConstEval, SlotSource};
use super::context::Checker;
use super::symbols::help_suggesting;
use super::symbols::*;
use super::types::Ty;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::*;
use crate::value::Val;
use crate::value::V;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The ordinance's fills, choices and adoptions, by slot id.
#[derive(Default)]
pub struct FillTable<'p> {
    pub values: BTreeMap<String, (&'p FillValue, Span)>,
    pub choices: BTreeMap<String, (Vec<&'p Name>, Span)>,
    pub adoptions: BTreeMap<String, (bool, Span)>,
}

impl<'p> FillTable<'p> {
    /// Where the ordinance speaks about a slot, if it does.
    pub fn span_of(&self, id: &str) -> Option<Span> {
        self.values
            .get(id)
            .map(|(_, s)| *s)
            .or_else(|| self.choices.get(id).map(|(_, s)| *s))
            .or_else(|| self.adoptions.get(id).map(|(_, s)| *s))
    }
}

/// Fill state seen through the model: mirrors (`volgt`) follow their target.
pub struct State<'c, 'p> {
    pub checker: &'c Checker<'p>,
    pub fills: &'c FillTable<'p>,
}

impl State<'_, '_> {
    /// Some(true/false) if adopted/declined (directly or by mirroring), None if not stated.
    pub fn adopted(&self, id: &str) -> Option<bool> {
        self.adopted_depth(id, 0)
    }

    fn adopted_depth(&self, id: &str, depth: u32) -> Option<bool> {
        if depth > 16 {
            return None;
        }
        // A replaced article is in the ordinance, in its own words; what the model says inside
        // it is not decided (the own text may or may not have it).
        if let Some(prefix) = self.checker.replaced_prefix(id) {
            return (prefix == id).then_some(!self.checker.lid_left_out(id));
        }
        let slot = self.checker.slots.get(id)?;
        if let Some(target) = &slot.volgt {
            return match self.checker.slots.get(&target.text).map(|s| &s.kind) {
                Some(SlotKind::Keuze { .. }) => self.chosen(&target.text).map(|c| !c.is_empty()),
                _ => self.adopted_depth(&target.text, depth + 1),
            };
        }
        match slot.kind {
            SlotKind::Fill => Some(self.fills.values.contains_key(id)),
            SlotKind::Keuze { .. } => self.chosen(id).map(|c| !c.is_empty()),
            _ => self.fills.adoptions.get(id).map(|(b, _)| *b),
        }
    }

    /// The options chosen for a keuze. None if not chosen, or if a chosen option is not
    /// valid (that is reported once; the slots depending on it are then left alone).
    pub fn chosen(&self, id: &str) -> Option<Vec<String>> {
        let slot = self.checker.slots.get(id)?;
        let source = match &slot.volgt {
            Some(target) if target.text != id => target.text.as_str(),
            _ => id,
        };
        let (names, _) = self.fills.choices.get(source)?;
        let options = match &self.checker.slots.get(source)?.kind {
            SlotKind::Keuze { options, .. } => options,
            _ => return None,
        };
        let chosen: Vec<String> = names.iter().map(|n| n.text.clone()).collect();
        chosen.iter().all(|c| options.contains(c)).then_some(chosen)
    }

    /// Whether a slot is part of the ordinance: all enclosing optional units adopted and, for
    /// a slot inside an option, that option chosen. None where that is not stated.
    pub fn in_scope(&self, slot: &Slot) -> Option<bool> {
        if self
            .checker
            .replaced_prefix(&slot.id)
            .is_some_and(|p| p != slot.id)
        {
            return Some(false);
        }
        for p in &slot.parents {
            match self.adopted(p) {
                Some(true) => {}
                Some(false) => return Some(false),
                None => return None,
            }
        }
        if let Some((keuze, option)) = &slot.option {
            let parent = self.checker.slots.get(keuze)?;
            match self.in_scope(parent) {
                Some(true) => {}
                other => return other,
            }
            return self.chosen(keuze).map(|c| c.contains(option));
        }
        Some(true)
    }
}

impl SlotSource for State<'_, '_> {
    fn slot_value(&self, id: &str, ev: &ConstEval<'_, '_>) -> Option<Vec<Val>> {
        let slot = self.checker.slots.get(id)?;
        match slot.kind {
            SlotKind::Fill => {}
            _ => return Some(vec![Val::Scalar(V::JaNee(self.adopted(id)?))]),
        }
        let (fv, _) = self.fills.values.get(id)?;
        let ty = self.checker.slot_ty(slot);
        fill_values(fv, &ty, ev)
    }

    fn slot_state(&self, function: &str, id: &str, option: Option<&str>) -> Option<bool> {
        match function {
            "ingevuld" => {
                Some(self.fills.values.contains_key(id) || self.fills.choices.contains_key(id))
            }
            "gekozen" => Some(self.chosen(id)?.iter().any(|c| Some(c.as_str()) == option)),
            _ => match self.checker.slots.get(id)?.kind {
                SlotKind::Fill => Some(self.fills.values.contains_key(id)),
                _ => self.adopted(id),
            },
        }
    }
}

/// The possible values of a fill: one list value for list slots, else the single item's.
pub fn fill_values(fv: &FillValue, ty: &Ty, ev: &ConstEval<'_, '_>) -> Option<Vec<Val>> {
    let top = [String::new()];
    match fv {
        FillValue::Articles(names, _) => Some(vec![Val::Artikelen(
            names.iter().map(|n| n.text.clone()).collect(),
        )]),
        FillValue::List(items, _) => {
            let mut vals = Vec::new();
            for item in items {
                let v = match item {
                    FillItem::Expr(e) => ev.eval(e, &top)?,
                    FillItem::Record(fields, _) => {
                        let mut rec = Vec::new();
                        for (n, e) in fields {
                            rec.push((n.text.clone(), ev.eval(e, &top)?.into_iter().next()?));
                        }
                        vec![Val::Record(rec)]
                    }
                };
                vals.push(v);
            }
            if matches!(ty, Ty::List(_)) {
                let items: Option<Vec<Val>> =
                    vals.into_iter().map(|v| v.into_iter().next()).collect();
                Some(vec![Val::List(items?)])
            } else {
                vals.into_iter().next()
            }
        }
    }
}

impl<'p> Checker<'p> {
    /// The reference date: when the ordinance takes effect, else its model's, else 1 juli 2023
    /// (the date the Wet uitvoeren breed offensief obligations apply).
    pub fn reference_date(&self) -> NaiveDate {
        self.chain
            .iter()
            .rev()
            .find_map(|doc| doc.ast.header.geldig_vanaf())
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2023, 7, 1).unwrap_or_default())
    }

    pub fn collect_fills(&self) -> FillTable<'p> {
        let mut t = FillTable::default();
        let file = self.file();
        let doc: &'p crate::project::Document = self.doc;
        for item in &doc.ast.items {
            match &item.kind {
                ItemKind::Fill(f) => {
                    let id = &f.slot.text;
                    if let Some(first) = t
                        .span_of(id)
                        .filter(|_| t.values.contains_key(id) || t.choices.contains_key(id))
                    {
                        self.emit(
                            Diagnostic::new(
                                Code::DubbeleInvulling,
                                file,
                                f.slot.span,
                                format!("`{id}` is al ingevuld"),
                            )
                            .label("tweede invulling")
                            .with_secondary(file, first, "eerste invulling")
                            .help("vul elke invulplek één keer in; verwijder een van beide"),
                        );
                        continue;
                    }
                    match &f.value {
                        FillKind::Value(v) => {
                            t.values.insert(id.clone(), (v, f.slot.span));
                        }
                        FillKind::Choice(opts) => {
                            t.choices
                                .insert(id.clone(), (opts.iter().collect(), f.slot.span));
                        }
                    }
                }
                ItemKind::Adoption(a) => {
                    for s in &a.slots {
                        if let Some((_, first)) = t.adoptions.get(&s.text) {
                            self.emit(
                                Diagnostic::new(
                                    Code::DubbeleInvulling,
                                    file,
                                    s.span,
                                    format!("over `{}` is al beslist", s.text),
                                )
                                .label("tweede keer")
                                .with_secondary(file, *first, "eerste keer")
                                .help("zeg één keer of een facultatief deel wordt overgenomen"),
                            );
                            continue;
                        }
                        t.adoptions.insert(s.text.clone(), (a.adopted, s.span));
                    }
                }
                _ => {}
            }
        }
        t
    }

    fn model_file_label(&self, slot: &Slot, d: Diagnostic, text: &str) -> Diagnostic {
        d.with_secondary(slot.file, slot.span, text.to_string())
    }

    fn unknown_slot(&self, name: &Name) {
        if self.model_part_broken(&name.text) {
            return;
        }
        let mut d = Diagnostic::new(
            Code::OnbekendeInvulplek,
            self.file(),
            name.span,
            format!("het model heeft geen invulplek `{}`", name.text),
        )
        .label("onbekende invulplek");
        d = help_suggesting(d, &name.text, self.slots.slots.iter().map(|s| s.id.as_str()), Some("de namen volgen het model: `art8.lid3.bedrag`, `art4`, `art9.lid3-4`; zie de taalreferentie".into()));
        self.emit(d);
    }

    /// All conformance checks of an ordinance that fills in a model.
    pub fn conform(&self) {
        if self.layer() != Layer::Verordening || self.model.is_none() {
            return;
        }
        let fills = self.collect_fills();
        let file = self.file();
        let header = self.doc.ast.header.title.span;
        let state = State {
            checker: self,
            fills: &fills,
        };
        let reference = self.reference_date();
        let ev = ConstEval::new(self, &state, reference);

        // What the ordinance says about slots.
        for (id, (fv, span)) in &fills.values {
            let name = Name {
                text: id.clone(),
                span: *span,
            };
            let Some(slot) = self.slots.get(id) else {
                self.unknown_slot(&name);
                continue;
            };
            if slot.kind != SlotKind::Fill {
                self.emit(
                    self.model_file_label(
                        slot,
                        Diagnostic::new(
                            Code::Regel,
                            file,
                            *span,
                            format!("`{id}` is een {}, geen invulplek", slot.kind.noun()),
                        )
                        .label("hier")
                        .help(match slot.kind {
                            SlotKind::Keuze { .. } => format!("maak een keuze: `keuze {id} = ...`"),
                            _ => format!("zeg `overgenomen {id}` of `niet overgenomen {id}`"),
                        }),
                        "in het model",
                    ),
                );
                continue;
            }
            let ty = self.slot_ty(slot);
            self.fill_value_ty(fv, &ty, &[String::new()], id);
            self.fill_unit(slot, fv);
            self.fill_length(slot, fv);
            self.fill_bounds(slot, fv, &ty, &ev);
            if fv_is_articles(fv) {
                self.fill_articles(fv, &state);
            }
        }
        for (id, (opts, span)) in &fills.choices {
            let name = Name {
                text: id.clone(),
                span: *span,
            };
            let Some(slot) = self.slots.get(id) else {
                self.unknown_slot(&name);
                continue;
            };
            let SlotKind::Keuze {
                options,
                one_or_both,
            } = &slot.kind
            else {
                self.emit(
                    self.model_file_label(
                        slot,
                        Diagnostic::new(
                            Code::Regel,
                            file,
                            *span,
                            format!("`{id}` is een {}, geen keuze", slot.kind.noun()),
                        )
                        .label("hier")
                        .help(format!("vul een waarde in: `invulling {id} = ...`")),
                        "in het model",
                    ),
                );
                continue;
            };
            for o in opts {
                if !options.contains(&o.text) {
                    let mut d = Diagnostic::new(
                        Code::OngeldigeKeuze,
                        file,
                        o.span,
                        format!("`{}` is geen optie van `{id}`", o.text),
                    )
                    .label("onbekende optie")
                    .help(format!("de opties zijn: {}", options.join(", ")));
                    if let Some(s) = suggest(&o.text, options.iter().map(String::as_str)) {
                        d = d.help(format!(
                            "bedoelde u `{s}`? De opties zijn: {}",
                            options.join(", ")
                        ));
                    }
                    self.emit(self.model_file_label(slot, d, "de keuze in het model"));
                }
            }
            if opts.len() > 1 && !one_or_both {
                let extra = opts.get(1).map(|o| o.span).unwrap_or(*span);
                self.emit(self.model_file_label(slot, Diagnostic::new(Code::OngeldigeKeuze, file, extra, format!("bij `{id}` kiest u één optie"))
                    .label("tweede optie")
                    .help("het model laat hier één optie toe; alleen een keuze `een of beide` laat twee opties toe"), "de keuze in het model"));
            }
            if slot.volgt.is_some() {
                self.mirror_chosen(slot, *span);
            }
        }
        for (id, (_, span)) in &fills.adoptions {
            let name = Name {
                text: id.clone(),
                span: *span,
            };
            // A lid the model does not make facultatief, left out: see `own_leden_checks`.
            if self.lid_left_out(id) {
                continue;
            }
            let Some(slot) = self.slots.get(id) else {
                self.unknown_slot(&name);
                continue;
            };
            if !slot.kind.is_optional_unit() {
                self.emit(self.model_file_label(slot, Diagnostic::new(Code::Regel, file, *span, format!("`{id}` is een {}, geen facultatief deel", slot.kind.noun()))
                    .label("hier")
                    .help("alleen facultatieve artikelen, leden, passages en bijlagen worden overgenomen of niet"), "in het model"));
            } else if slot.volgt.is_some() {
                self.mirror_chosen(slot, *span);
            }
        }

        // What the model requires.
        for slot in &self.slots.slots {
            // A replaced facultatief article needs no `overgenomen`: the own article is it.
            if slot.volgt.is_some() || self.replaced_prefix(&slot.id).as_deref() == Some(&slot.id) {
                continue;
            }
            let said = fills.span_of(&slot.id);
            match state.in_scope(slot) {
                Some(true) => {
                    if said.is_some() {
                        continue;
                    }
                    let (code, message, help) = match &slot.kind {
                        SlotKind::Fill => (
                            Code::OntbrekendeInvulling,
                            format!("`{}` is niet ingevuld", slot.id),
                            format!("vul in: `invulling {} = ...`", slot.id),
                        ),
                        SlotKind::Keuze { options, .. } => (
                            Code::OntbrekendeKeuze,
                            format!("de keuze `{}` is niet gemaakt", slot.id),
                            format!(
                                "kies een van: {} (`keuze {} = {}`)",
                                options.join(", "),
                                slot.id,
                                options.first().map(String::as_str).unwrap_or("...")
                            ),
                        ),
                        kind => (
                            Code::OntbrekendeOverneming,
                            format!(
                                "niet gezegd of {} `{}` wordt overgenomen",
                                kind.noun(),
                                slot.id
                            ),
                            format!(
                                "schrijf `overgenomen {0}` of `niet overgenomen {0}`",
                                slot.id
                            ),
                        ),
                    };
                    self.emit(
                        Diagnostic::new(code, file, header, message)
                            .label("in deze verordening")
                            .with_secondary(slot.file, slot.span, "de invulplek in het model")
                            .help(help),
                    );
                }
                Some(false) => {
                    if let Some(span) = said {
                        let why = slot
                            .parents
                            .iter()
                            .find(|p| state.adopted(p) == Some(false))
                            .and_then(|p| fills.adoptions.get(p).map(|(_, s)| (p.clone(), *s)));
                        let mut d = Diagnostic::new(
                            Code::NietOvergenomen,
                            file,
                            span,
                            format!("`{}` hoort bij een deel dat niet is overgenomen", slot.id),
                        )
                        .label("deze invulling geldt niet");
                        d = match (&why, &slot.option) {
                            (Some((p, s)), _) => d
                                .with_secondary(file, *s, format!("`{p}` is niet overgenomen"))
                                .help(format!("verwijder deze invulling, of neem `{p}` over")),
                            (None, Some((k, o))) => {
                                let chosen = fills.choices.get(k).map(|(_, s)| *s);
                                let d = d.help(format!("`{}` bestaat alleen bij optie `{o}` van `{k}`; verwijder de invulling of kies die optie", slot.id));
                                match chosen {
                                    Some(s) => {
                                        d.with_secondary(file, s, "een andere optie gekozen")
                                    }
                                    None => d,
                                }
                            }
                            (None, None) => d.help("verwijder deze invulling"),
                        };
                        self.emit(d);
                    }
                }
                None => {}
            }
        }

        self.own_article_numbers(&state);
        self.own_leden_checks(&state);
        self.samenhang(&state, &fills, &ev);
    }

    /// An article of the ordinance whose number an article of the model that it adopts already
    /// has: the ordinance would have two articles with one number (and `render` prints both).
    /// A model article that is declined (`niet overgenomen`) leaves its number free.
    fn own_article_numbers(&self, state: &State<'_, '_>) {
        let Some(model) = self.model else { return };
        let in_model = ArticleIndex::build(&model.ast);
        for item in &self.doc.ast.items {
            let ItemKind::Artikel(a) = &item.kind else {
                continue;
            };
            let Some(entry) = in_model.articles.get(&a.nr.text) else {
                continue;
            };
            if self.replaced.contains(&a.nr.text) {
                self.own_text_without_rules(a, model);
                continue;
            }
            let adopted = state.adopted(&art_prefix(&a.nr.text));
            if entry.optional && adopted == Some(false) {
                continue;
            }
            let help = if entry.optional {
                format!(
                    "geef uw artikel een eigen nummer, of neem artikel {0} van het model niet over (`niet overgenomen art{0}`)",
                    a.nr.text
                )
            } else {
                format!(
                    "artikel {} van het model geldt al in uw verordening: geef uw artikel een eigen nummer",
                    a.nr.text
                )
            };
            self.emit(
                Diagnostic::new(
                    Code::DubbeleNaam,
                    self.file(),
                    a.nr.span,
                    format!("artikel {} staat al in het model", a.nr.text),
                )
                .label("tweede artikel met dit nummer")
                .with_secondary(
                    model.id,
                    entry.span,
                    match (entry.optional, adopted) {
                        (false, _) => "artikel van het model",
                        (true, Some(true)) => "overgenomen uit het model",
                        (true, _) => "facultatief in het model",
                    },
                )
                .help(help),
            );
        }
    }

    /// Own leden of model articles (`artikel 7 lid 2 { ... }`) and leden left out: the article
    /// must be one of the model's that the ordinance has (not replaced as a whole, not
    /// declined, without variants), and an own or left-out lid whose model lid had rules gets
    /// `vo::eigen-tekst`, as an own article does.
    fn own_leden_checks(&self, state: &State<'_, '_>) {
        let Some(model) = self.model else { return };
        let model_article = |nr: &str| {
            model.ast.items.iter().find_map(|i| match &i.kind {
                ItemKind::Artikel(a) if a.nr.text == nr && !a.vervallen => Some(a),
                _ => None,
            })
        };
        let model_lid = |a: &'p crate::syntax::Artikel, nr: &str| {
            let mut found = None;
            crate::check::symbols::for_each_lid(&a.members, &mut |l| {
                if l.nr.text == nr && found.is_none() {
                    found = Some(l);
                }
            });
            found
        };
        let encodes = |members: &[crate::syntax::Member], prefix: &str| {
            let mut found = false;
            crate::syntax::place::statements_in(members, prefix, &mut |s, _| {
                found |= matches!(
                    s,
                    Stmt::Rule(_)
                        | Stmt::Waarde(_)
                        | Stmt::Decl(Decl::Definitie(_))
                        | Stmt::GeenRegel(_)
                );
            });
            found
        };
        for item in &self.doc.ast.items {
            match &item.kind {
                ItemKind::EigenLid(e) => {
                    let nr = &e.artikel.text;
                    let lid = &e.lid.nr.text;
                    let fault = |message: String, help: &str| {
                        self.emit(
                            Diagnostic::new(Code::Regel, self.file(), e.artikel.span, message)
                                .label("hier")
                                .help(help),
                        )
                    };
                    let Some(m) = model_article(nr) else {
                        fault(
                            format!("artikel {nr} staat niet in het model"),
                            "een eigen lid hoort bij een artikel van het model; in een eigen artikel schrijft u het lid in het artikel",
                        );
                        continue;
                    };
                    if self.replaced.contains(nr) {
                        fault(
                            format!("artikel {nr} staat al als eigen tekst in de verordening"),
                            "schrijf het lid in dat artikel",
                        );
                        continue;
                    }
                    if m.members
                        .iter()
                        .any(|x| matches!(&x.kind, MemberKind::LidGroup(g) if g.variant.is_some()))
                    {
                        fault(
                            format!("artikel {nr} van het model heeft varianten; een eigen lid kan daar niet"),
                            "schrijf het hele artikel als eigen tekst (`artikel N \"...\" model N { ... }`)",
                        );
                        continue;
                    }
                    let prefix = art_prefix(nr);
                    if m.optional && state.adopted(&prefix) == Some(false) {
                        fault(
                            format!("artikel {nr} van het model is niet overgenomen"),
                            "een eigen lid hoort bij een artikel dat de verordening heeft",
                        );
                        continue;
                    }
                    let lid_prefix = crate::syntax::place::lid_prefix(&prefix, lid);
                    let Some(ml) = model_lid(m, lid) else {
                        continue; // a lid the model article does not have: added
                    };
                    if !encodes(&e.lid.members, &lid_prefix) && encodes(&ml.members, &lid_prefix) {
                        self.emit(
                            Diagnostic::new(
                                Code::EigenTekst,
                                self.file(),
                                e.lid.nr.span,
                                format!(
                                    "artikel {nr}, {}, vervangt dat lid van het model door eigen tekst zonder regels",
                                    crate::syntax::notation::lid_words(lid)
                                ),
                            )
                            .label("eigen tekst")
                            .with_secondary(model.id, ml.nr.span, "het lid van het model, met regels")
                            .help("de regels van dit lid van het model gelden niet in deze verordening; schrijf de regels van de eigen tekst in het lid (of `geen regel \"reden\"`), of neem het lid van het model over"),
                        );
                    }
                }
                ItemKind::Adoption(a) if !a.adopted => {
                    for s in &a.slots {
                        if !self.lid_left_out(&s.text) {
                            continue;
                        }
                        let (nr, parts) = crate::syntax::place::split_article(&s.text);
                        let lid = parts
                            .first()
                            .and_then(|p| p.strip_prefix("lid"))
                            .unwrap_or("");
                        let Some(ml) = model_article(&nr).and_then(|m| model_lid(m, lid)) else {
                            continue;
                        };
                        if encodes(&ml.members, &s.text) {
                            self.emit(
                                Diagnostic::new(
                                    Code::EigenTekst,
                                    self.file(),
                                    s.span,
                                    format!(
                                        "artikel {nr}, {}, van het model is niet overgenomen; de regels ervan gelden niet",
                                        crate::syntax::notation::lid_words(lid)
                                    ),
                                )
                                .label("lid weggelaten")
                                .with_secondary(model.id, ml.nr.span, "het lid van het model, met regels")
                                .help("de regels van dit lid van het model gelden niet in deze verordening; neem het lid over, of schrijf een eigen lid met regels (`artikel N lid M { ... }`)"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// An own article that replaces a model article with rules but has none itself: the
    /// model's rules for that article do not apply, and nothing takes their place.
    fn own_text_without_rules(
        &self,
        own: &crate::syntax::Artikel,
        model: &crate::project::Document,
    ) {
        let encodes = |members: &[crate::syntax::Member], prefix: &str| {
            let mut found = false;
            crate::syntax::place::statements_in(members, prefix, &mut |s, _| {
                found |= matches!(
                    s,
                    Stmt::Rule(_)
                        | Stmt::Waarde(_)
                        | Stmt::Decl(Decl::Definitie(_))
                        | Stmt::GeenRegel(_)
                );
            });
            found
        };
        let prefix = art_prefix(&own.nr.text);
        if encodes(&own.members, &prefix) {
            return;
        }
        let Some(m) = model.ast.items.iter().find_map(|i| match &i.kind {
            ItemKind::Artikel(a) if a.nr.text == own.nr.text && !a.vervallen => Some(a),
            _ => None,
        }) else {
            return;
        };
        if !encodes(&m.members, &prefix) {
            return;
        }
        self.emit(
            Diagnostic::new(
                Code::EigenTekst,
                self.file(),
                own.nr.span,
                format!(
                    "artikel {} vervangt artikel {} van het model door eigen tekst zonder regels",
                    own.nr.text, own.nr.text
                ),
            )
            .label("eigen tekst")
            .with_secondary(model.id, m.nr.span, "het artikel van het model, met regels")
            .help(format!(
                "de regels van artikel {} van het model gelden niet in deze verordening; schrijf de regels van de eigen tekst in het artikel (of `geen regel \"reden\"`), of neem het artikel van het model over",
                own.nr.text
            )),
        );
    }

    /// A mirrored slot (`volgt`) is not chosen on its own.
    fn mirror_chosen(&self, slot: &Slot, span: Span) {
        let target = slot
            .volgt
            .as_ref()
            .map(|v| v.text.clone())
            .unwrap_or_default();
        self.emit(
            Diagnostic::new(
                Code::Samenhang,
                self.file(),
                span,
                format!("`{}` volgt `{target}` en wordt niet apart gekozen", slot.id),
            )
            .label("hier")
            .with_secondary(slot.file, slot.span, format!("volgt `{target}`"))
            .help(format!(
                "beslis over `{target}`; `{}` gaat daarin mee",
                slot.id
            )),
        );
    }

    fn fill_unit(&self, slot: &Slot, fv: &FillValue) {
        let Some(TypeExpr::Base {
            unit: Some((unit, _)),
            ..
        }) = slot.invulling.as_ref().map(|i| &i.ty)
        else {
            return;
        };
        let FillValue::List(items, _) = fv else {
            return;
        };
        for item in items {
            if let FillItem::Expr(Expr {
                kind: ExprKind::Lit(Literal::Quantity(_, u)),
                span,
                ..
            }) = item
            {
                if u != unit {
                    self.emit(
                        Diagnostic::new(
                            Code::Soort,
                            self.file(),
                            *span,
                            format!("`{}` is een duur in {}", slot.id, unit.word(false)),
                        )
                        .label(format!("in {}", u.word(false)))
                        .with_secondary(slot.file, slot.span, "de invulplek in het model")
                        .help(format!(
                            "schrijf de duur in {}, zoals het model het vraagt",
                            unit.word(false)
                        )),
                    );
                }
            }
        }
    }

    fn fill_length(&self, slot: &Slot, fv: &FillValue) {
        let Some((n, _)) = slot.invulling.as_ref().and_then(|i| i.lengte) else {
            return;
        };
        let FillValue::List(items, span) = fv else {
            return;
        };
        if items.len() != n as usize {
            self.emit(
                Diagnostic::new(
                    Code::Waarde,
                    self.file(),
                    *span,
                    format!("`{}` vraagt {n} waarden, niet {}", slot.id, items.len()),
                )
                .label("hier")
                .with_secondary(slot.file, slot.span, format!("lengte {n} in het model"))
                .help(format!("geef precies {n} waarden, gescheiden door komma's")),
            );
        }
    }

    /// The slot's own `grens` attributes; a bound that names a wet-layer parameter is a
    /// statutory bound.
    fn fill_bounds(&self, slot: &Slot, fv: &FillValue, ty: &Ty, ev: &ConstEval<'_, '_>) {
        let Some(inv) = slot.invulling.as_ref() else {
            return;
        };
        if inv.grens.is_empty() {
            return;
        }
        let Some(values) = fill_values(fv, ty, ev) else {
            return;
        };
        let flat: Vec<Val> = values
            .into_iter()
            .flat_map(|v| match v {
                Val::List(items) => items,
                other => vec![other],
            })
            .collect();
        for (op, bound) in &inv.grens {
            let Some(bounds) = ev.eval(bound, &slot.scope) else {
                continue;
            };
            let Some(b) = bounds.first() else { continue };
            let Some(bad) = flat
                .iter()
                .find(|v| compare(*op, v, b, ev.reference) == Some(false))
            else {
                continue;
            };
            // The same bound in the wet (`grens vz.prop <= ...` where `waarde vz.prop = SLOT`):
            // one violation, reported here with both clauses (bounds() leaves it).
            let clause = self.wet_bounds_on_slot(&slot.id).into_iter().find(|c| {
                c.grens.op == *op
                    && super::consteval::same_limit(ev, &c.grens.expr, &[String::new()], b)
            });
            let parameter = self.wet_name_in(bound);
            let statutory = clause.is_some() || parameter.is_some();
            let (code, message, help) = if statutory {
                (
                    Code::WettelijkeGrens,
                    "de wettelijke grens",
                    format!(
                        "een lagere regeling blijft binnen de wet: kies een waarde {} {b}",
                        op.as_str()
                    ),
                )
            } else {
                (
                    Code::ModelGrens,
                    "de grens",
                    format!("kies een waarde {} {b}", op.as_str()),
                )
            };
            let mut d = Diagnostic::new(
                code,
                self.file(),
                fv.span(),
                format!(
                    "`{}` = {bad} ligt buiten {message} {} {b}",
                    slot.id,
                    op.as_str()
                ),
            )
            .label("deze waarde")
            .with_secondary(slot.file, bound.span, "de grens in het model");
            match (clause, parameter) {
                (Some(c), _) => d = d.with_secondary(c.file, c.clause_span(), "de grens in de wet"),
                (None, Some((file, span))) => d = d.with_secondary(file, span, "in de wet"),
                (None, None) => {}
            }
            self.emit(d.help(help));
        }
    }

    /// If the expression names something declared in the wet layer, where.
    pub fn wet_name_in(&self, e: &Expr) -> Option<(crate::diagnostics::FileId, Span)> {
        let mut found = None;
        visit_refs(e, &mut |n| {
            if found.is_none() {
                if let Some(g) = self.globals.get(&n.text) {
                    if g.layer == Layer::Wet {
                        found = Some((g.file, g.span));
                    }
                }
            }
        });
        found
    }

    fn fill_articles(&self, fv: &FillValue, state: &State<'_, '_>) {
        let FillValue::Articles(names, _) = fv else {
            return;
        };
        let Some(model) = self.model else { return };
        let index = ArticleIndex::build(&model.ast);
        let own = ArticleIndex::build(&self.doc.ast);
        for n in names {
            let in_model = index.articles.get(&n.text);
            if in_model.is_none()
                && !own.articles.contains_key(&n.text)
                && !self.model_part_broken(&n.text)
            {
                self.emit(
                    Diagnostic::new(
                        Code::OnbekendArtikel,
                        self.file(),
                        n.span,
                        format!("artikel {} bestaat niet", n.text),
                    )
                    .label("onbekend artikel")
                    .help("noem een artikel van het model of van deze verordening"),
                );
                continue;
            }
            if let Some(entry) = in_model {
                if entry.optional && state.adopted(&art_prefix(&n.text)) == Some(false) {
                    self.emit(
                        Diagnostic::new(Code::NietOvergenomen, self.file(), n.span, format!("artikel {} is niet overgenomen", n.text))
                            .label("verwijzing naar een artikel dat niet geldt")
                            .with_secondary(model.id, entry.span, "facultatief in het model")
                            .help(format!("neem artikel {0} over (`overgenomen art{0}`) of verwijder de verwijzing (K07)", n.text)),
                    );
                } else if entry.vervallen {
                    self.emit(
                        Diagnostic::new(
                            Code::OnbekendArtikel,
                            self.file(),
                            n.span,
                            format!("artikel {} is vervallen", n.text),
                        )
                        .label("vervallen artikel")
                        .with_secondary(model.id, entry.span, "vervallen in het model")
                        .help("verwijs naar een artikel dat geldt"),
                    );
                }
            }
        }
    }

    /// The model's `samenhang` constraints, evaluated on this ordinance's choices.
    fn samenhang(&self, state: &State<'_, '_>, fills: &FillTable<'_>, ev: &ConstEval<'_, '_>) {
        let Some(model) = self.model else { return };
        let mut constraints = Vec::new();
        collect_samenhang(&model.ast, &mut constraints);
        for (c, scope) in constraints {
            // A constraint of a replaced article speaks of text the ordinance does not have.
            if scope
                .first()
                .is_some_and(|p| self.replaced_prefix(p).is_some())
            {
                continue;
            }
            let Some(values) = ev.eval(&c.expr, &scope) else {
                continue;
            };
            if !values.contains(&Val::Scalar(V::JaNee(false))) {
                continue;
            }
            let _ = state;
            // Point at what this ordinance says about the slots the constraint names.
            let mut primary = None;
            visit_refs(&c.expr, &mut |n| {
                if primary.is_none() {
                    if let Some(slot) = self.slot_ref(&n.text, &scope) {
                        primary = fills.span_of(&slot.id);
                    }
                }
            });
            let span = primary.unwrap_or(self.doc.ast.header.title.span);
            let (code, level_warning) = match c.severity {
                Severity::Fout => (Code::Samenhang, false),
                Severity::Waarschuwing => (Code::Samenhangadvies, true),
            };
            let mut d = Diagnostic::new(
                code,
                self.file(),
                span,
                format!("{}: {}", c.id.text, c.message.value),
            )
            .label("deze keuze")
            .with_secondary(
                model.id,
                c.id.span,
                format!("samenhang {} in het model", c.id.text),
            );
            if let Some(b) = &c.bron {
                d = d.help(format!("bron: {}", b.value));
            }
            if level_warning {
                d = d.warning();
            }
            self.emit(d);
        }
    }
}

fn fv_is_articles(fv: &FillValue) -> bool {
    matches!(fv, FillValue::Articles(..))
}

pub fn visit_refs(e: &Expr, f: &mut dyn FnMut(&Name)) {
    match &e.kind {
        ExprKind::Lit(_) => {}
        ExprKind::Ref(n) => f(n),
        // The field names of `opzoeken(lijst, veld = sleutel, resultaat)` name record fields,
        // not facts or slots.
        ExprKind::Call(name, args) if name.text == "opzoeken" => {
            if let Some(list) = args.first() {
                visit_refs(list, f);
            }
            match args.get(1).map(|a| &a.kind) {
                Some(ExprKind::Cmp(_, _, key)) => visit_refs(key, f),
                Some(_) => args.iter().skip(1).for_each(|a| visit_refs(a, f)),
                None => {}
            }
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| visit_refs(a, f)),
        ExprKind::Neg(x) | ExprKind::Not(x) => visit_refs(x, f),
        ExprKind::Binary(_, a, b) | ExprKind::Cmp(_, a, b) | ExprKind::Round(a, _, b) => {
            visit_refs(a, f);
            visit_refs(b, f);
        }
        ExprKind::In(x, items) => {
            visit_refs(x, f);
            items.iter().for_each(|i| visit_refs(i, f));
        }
        ExprKind::If(a, b, c) => {
            visit_refs(a, f);
            visit_refs(b, f);
            visit_refs(c, f);
        }
        // The list fact, and the names in the condition (some of which are the entry's fields,
        // which resolve to no fact or slot).
        ExprKind::Lijst(l) => {
            f(&l.list);
            if let Some(c) = &l.waarbij {
                visit_refs(c, f);
            }
        }
    }
}

fn collect_samenhang<'a>(file: &'a File, out: &mut Vec<(&'a Samenhang, Vec<String>)>) {
    for item in &file.items {
        match &item.kind {
            ItemKind::Artikel(a) => walk_members(&a.members, &art_prefix(&a.nr.text), out),
            ItemKind::Bijlage(b) => walk_members(&b.members, &format!("bijlage{}", b.id.text), out),
            _ => {}
        }
    }
}

fn walk_members<'a>(
    members: &'a [Member],
    prefix: &str,
    out: &mut Vec<(&'a Samenhang, Vec<String>)>,
) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => walk_members(
                &l.members,
                &crate::syntax::place::lid_prefix(prefix, &l.nr.text),
                out,
            ),
            MemberKind::LidGroup(g) => walk_members(&g.leden, &lid_group_prefix(prefix, g), out),
            MemberKind::Onderdeel(o) => {
                walk_members(&o.members, &format!("{prefix}.{}", o.label.text), out)
            }
            MemberKind::Stmt(Stmt::Samenhang(s)) => out.push((s, super::context::scope_of(prefix))),
            _ => {}
        }
    }
}
