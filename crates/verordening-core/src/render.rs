//! Rendering an ordinance as legal text: intitulé, aanhef, hoofdstukken, artikelen, leden and
//! onderdelen in the official numbering, with fill-ins replaced by the chosen values, dropped
//! optional parts absent and the chosen option only. A model renders either the same way
//! (its examples standing in) or, with the leeswijzer, with its brackets as VNG prints them.

mod fill_text;

pub use fill_text::{fill_text, Names};

use crate::check::conform::{FillTable, State};
use crate::check::symbols::{art_prefix, SlotKind};
use crate::check::{scope_of_prefix, Checker};
use crate::page::esc;
use crate::project::Project;
use crate::syntax::*;
use crate::value::join_dutch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The text as adopted: values filled in, optional parts decided.
    Tekst,
    /// The model's brackets as the leeswijzer prints them.
    Leeswijzer,
}

/// A rendered document as blocks; markdown and HTML are two printings of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Article(String),
    /// The heading of a bijlage: a short name (its title without fill-ins) and the title.
    Bijlage(String, String),
    Para(String),
    /// A paragraph of the aanhef or the slotformule, outside any article.
    Formule(String),
    /// A lid: its number and text.
    Lid(String, String),
    /// An onderdeel: depth, label, text.
    Onderdeel(usize, String, String),
    /// The line that opens one of an article's alternative versions: "Variant 1".
    Variant(String),
    Toelichting(String),
}

/// For `render --leeswijzer`: the references to other regelingen ("artikel 6 van de Verordening
/// maatregelen"), listed after the text with the place they stand; the checker does not check
/// them against this file. Not part of [`render`], whose blocks the was-wordt table compares.
pub fn external_references(project: &Project, index: usize) -> Vec<Block> {
    let Some(doc) = project.doc(index) else {
        return Vec::new();
    };
    let src = project.sources.text(doc.id);
    let mut found: Vec<String> = Vec::new();
    for item in &doc.ast.items {
        if let ItemKind::Artikel(a) = &item.kind {
            let place = format!("artikel {}", a.nr.text);
            external_in(&a.members, &place, src, &mut found);
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading("Verwijzingen naar andere regelingen".into())];
    out.extend(
        found
            .into_iter()
            .map(|f| Block::Onderdeel(0, "-".into(), f)),
    );
    out
}

pub fn render(project: &Project, index: usize, mode: Mode) -> Option<Vec<Block>> {
    render_modes(project, index, &[mode]).and_then(|mut texts| texts.pop())
}

/// The document rendered in each of `modes`, in that order, from one check of it: the
/// checker, its fill-ins and its names are the same for every mode (a page that shows the
/// text and the leeswijzer, the `render` fuzz target).
pub fn render_modes(project: &Project, index: usize, modes: &[Mode]) -> Option<Vec<Vec<Block>>> {
    let checker = Checker::new(project, index)?;
    let fills = checker.collect_fills();
    let names = Names::of(&checker);
    Some(
        modes
            .iter()
            .map(|&mode| {
                Renderer {
                    checker: &checker,
                    fills: &fills,
                    names: &names,
                    mode,
                }
                .document()
            })
            .collect(),
    )
}

struct Renderer<'c, 'p> {
    checker: &'c Checker<'p>,
    fills: &'c FillTable<'p>,
    names: &'c Names,
    mode: Mode,
}

impl Renderer<'_, '_> {
    fn state(&self) -> State<'_, '_> {
        State {
            checker: self.checker,
            fills: self.fills,
        }
    }

    /// Whether the text is that of an ordinance filling in the model.
    fn filled(&self) -> bool {
        self.checker.layer() == Layer::Verordening && self.checker.model.is_some()
    }

    /// Whether an optional unit appears; None: render it bracketed (leeswijzer).
    fn include(&self, id: &str) -> Option<bool> {
        match self.mode {
            Mode::Leeswijzer => None,
            Mode::Tekst if self.filled() => Some(self.state().adopted(id) == Some(true)),
            Mode::Tekst => Some(true),
        }
    }

    fn bracket(&self, inner: String, include: Option<bool>) -> Option<String> {
        match include {
            // The space that joins a passage to its text stands outside the brackets, as the
            // model prints it: "[ten hoogste] [aantal]", "voor dat werk [of als ...]".
            None => {
                let core = inner.trim();
                let lead = inner
                    .get(..inner.len() - inner.trim_start().len())
                    .unwrap_or("");
                let tail = inner.get(inner.trim_end().len()..).unwrap_or("");
                Some(format!("{lead}[{core}]{tail}"))
            }
            Some(true) => Some(inner),
            Some(false) => None,
        }
    }

    fn document(&self) -> Vec<Block> {
        let doc = self.checker.doc;
        let mut out = vec![Block::Title(doc.ast.header.title.value.clone())];
        // The text source: the model when this ordinance fills one in, else the file itself.
        let source = if self.filled() {
            self.checker.model.unwrap_or(doc)
        } else {
            doc
        };
        let mut items: Vec<&Item> = source.ast.items.iter().collect();
        if self.filled() {
            items = with_own_articles(items, &doc.ast.items, &self.checker.replaced);
            // An aanhef or slotformule of the ordinance's own replaces the model's.
            for item in items.iter_mut() {
                let own = doc.ast.items.iter().find(|i| {
                    matches!(
                        (&i.kind, &item.kind),
                        (ItemKind::Aanhef(_), ItemKind::Aanhef(_))
                            | (ItemKind::Slotformule(_), ItemKind::Slotformule(_))
                    )
                });
                if let Some(own) = own {
                    *item = own;
                }
            }
        }
        for item in items {
            match &item.kind {
                ItemKind::Hoofdstuk(h) => out.push(Block::Heading(format!(
                    "Hoofdstuk {}. {}",
                    h.nr.text, h.title.value
                ))),
                ItemKind::Paragraaf(h) => out.push(Block::Heading(format!(
                    "Paragraaf {}. {}",
                    h.nr.text, h.title.value
                ))),
                ItemKind::Aanhef(b) | ItemKind::Slotformule(b) => {
                    let prefix = if matches!(item.kind, ItemKind::Aanhef(_)) {
                        "aanhef"
                    } else {
                        "slot"
                    };
                    let start = out.len();
                    self.unit(&b.members, prefix, 0, &mut out);
                    for block in out.iter_mut().skip(start) {
                        if let Block::Para(t) = block {
                            *block = Block::Formule(std::mem::take(t));
                        }
                    }
                }
                ItemKind::Artikel(a) => self.artikel(a, &mut out),
                ItemKind::Bijlage(b) => {
                    let id = format!("bijlage{}", b.id.text);
                    let include = if b.optional {
                        self.include(&id)
                    } else {
                        Some(true)
                    };
                    if include == Some(false) {
                        continue;
                    }
                    let title = self.text(&b.title, std::slice::from_ref(&id));
                    // An optional bijlage is bracketed from its title to its last line, as an
                    // optional article is.
                    let bracketed = b.optional && include.is_none();
                    out.push(Block::Bijlage(
                        without_placeholders(&b.title.value),
                        if bracketed {
                            format!("[{title}")
                        } else {
                            title
                        },
                    ));
                    self.unit(&b.members, &id, 0, &mut out);
                    if bracketed {
                        close_bracket(&mut out);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn artikel(&self, a: &Artikel, out: &mut Vec<Block>) {
        let id = art_prefix(&a.nr.text);
        let include = if a.optional {
            self.include(&id)
        } else {
            Some(true)
        };
        if include == Some(false) {
            return;
        }
        let mut head = format!(
            "Artikel {}. {}",
            a.nr.text,
            self.text(&a.title, &scope_of_prefix(&id))
        );
        if a.vervallen {
            head.push_str(" (Vervallen)");
        }
        if a.optional && include.is_none() {
            head = format!("[{head}");
        }
        out.push(Block::Article(head));
        let start = out.len();
        let members = self.with_own_leden(a, &id);
        self.unit(&members, &id, 0, out);
        punctuate_definitions(out, start);
        if a.optional && include.is_none() {
            close_bracket(out);
        }
    }

    fn unit(&self, members: &[Member], prefix: &str, depth: usize, out: &mut Vec<Block>) {
        let scope = scope_of_prefix(prefix);
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => self.lid(l, prefix, false, out),
                MemberKind::LidGroup(g) if g.variant.is_some() => {
                    let id = crate::check::symbols::lid_group_id(prefix, g);
                    let inner = crate::check::symbols::lid_group_prefix(prefix, g);
                    // Variants are printed one after the other under their own line, without
                    // brackets; an ordinance shows only the variant it adopted, unlabelled.
                    match self.include(&id) {
                        Some(false) => {}
                        Some(true) if self.filled() => self.unit(&g.leden, &inner, depth, out),
                        _ => {
                            let nr = g.variant.as_ref().map(|v| v.text.as_str()).unwrap_or("");
                            out.push(Block::Variant(format!("Variant {nr}")));
                            self.unit(&g.leden, &inner, depth, out);
                        }
                    }
                }
                MemberKind::LidGroup(g) => {
                    let id = crate::check::symbols::lid_group_id(prefix, g);
                    match self.include(&id) {
                        Some(false) => {}
                        Some(true) => self.unit(&g.leden, prefix, depth, out),
                        None => {
                            let start = out.len();
                            self.unit(&g.leden, prefix, depth, out);
                            bracket_range(out, start);
                        }
                    }
                }
                MemberKind::Onderdeel(o) => {
                    let id = format!("{prefix}.{}", o.label.text);
                    let include = if o.optional {
                        self.include(&id)
                    } else {
                        Some(true)
                    };
                    if include == Some(false) {
                        continue;
                    }
                    let start = out.len();
                    let own = scope_of_prefix(&id);
                    let text = self.texts(&o.members, &own);
                    out.push(Block::Onderdeel(depth, label(&o.label.text), text));
                    self.unit(
                        &o.members
                            .iter()
                            .filter(|m| !matches!(m.kind, MemberKind::Tekst(_)))
                            .cloned()
                            .collect::<Vec<_>>(),
                        &id,
                        depth + 1,
                        out,
                    );
                    if drop_if_empty(out, start) {
                        continue;
                    }
                    if o.optional && include.is_none() {
                        bracket_range(out, start);
                    }
                }
                MemberKind::Tekst(t) if depth == 0 && !prefix.contains(".lid") => {
                    out.push(Block::Para(self.text(t, &scope)))
                }
                // The text stays as adopted; the leeswijzer says where it has a known defect.
                MemberKind::Brongebrek(t) if self.mode == Mode::Leeswijzer => {
                    out.push(Block::Toelichting(format!(
                        "Brongebrek (de tekst is gelaten zoals vastgesteld): {}",
                        t.value
                    )))
                }
                MemberKind::Stmt(Stmt::Begrip(b)) => {
                    let id = format!("{prefix}.def.{}", b.name.text);
                    let include = if b.optional {
                        self.include(&id)
                    } else {
                        Some(true)
                    };
                    // The term as written (its own spelling if given), the definition without a
                    // closing mark of its own: the list adds ";" and "." (no "werk.;").
                    let term = match &b.term {
                        Some(t) => t.value.clone(),
                        None => b.name.text.replace('_', " "),
                    };
                    let definition = self.text(&b.text, &scope);
                    let line = format!(
                        "{term}: {}",
                        definition.trim_end().trim_end_matches([';', '.', ','])
                    );
                    if let Some(l) = self.bracket(line, include) {
                        out.push(Block::Onderdeel(depth, "-".into(), l));
                    }
                }
                _ => {}
            }
        }
    }

    fn texts(&self, members: &[Member], scope: &[String]) -> String {
        let parts: Vec<String> = members
            .iter()
            .filter_map(|m| match &m.kind {
                MemberKind::Tekst(t) => Some(self.text(t, scope)),
                _ => None,
            })
            .collect();
        parts.join(" ")
    }

    /// The own lid of the ordinance with prefix `id` (`artikel 7 lid 2 { ... }`), in a fill-in.
    fn own_lid(&self, id: &str) -> Option<&Lid> {
        if !self.filled() || self.checker.own_leden.get(id) != Some(&true) {
            return None;
        }
        self.checker
            .doc
            .ast
            .items
            .iter()
            .find_map(|i| match &i.kind {
                ItemKind::EigenLid(e)
                    if crate::syntax::place::lid_prefix(
                        &art_prefix(&e.artikel.text),
                        &e.lid.nr.text,
                    ) == id =>
                {
                    Some(&e.lid)
                }
                _ => None,
            })
    }

    /// The members of a model article with the ordinance's own leden that the model article
    /// does not have, each after the lid numbered before it.
    fn with_own_leden(&self, a: &Artikel, id: &str) -> Vec<Member> {
        let mut members = a.members.clone();
        if !self.filled() || self.checker.replaced.contains(&a.nr.text) {
            return members;
        }
        let mut model_nrs = Vec::new();
        crate::check::symbols::for_each_lid(&a.members, &mut |l| model_nrs.push(l.nr.text.clone()));
        let number = |n: &str| n.parse::<u64>().unwrap_or(u64::MAX);
        let max_nr = |m: &Member| match &m.kind {
            MemberKind::Lid(l) => Some(number(&l.nr.text)),
            MemberKind::LidGroup(g) if g.variant.is_none() => {
                let mut most = None;
                crate::check::symbols::for_each_lid(&g.leden, &mut |l| {
                    most = most.max(Some(number(&l.nr.text)))
                });
                most
            }
            _ => None,
        };
        for item in &self.checker.doc.ast.items {
            let ItemKind::EigenLid(e) = &item.kind else {
                continue;
            };
            if e.artikel.text != a.nr.text || model_nrs.contains(&e.lid.nr.text) {
                continue;
            }
            if self
                .own_lid(&crate::syntax::place::lid_prefix(id, &e.lid.nr.text))
                .is_none()
            {
                continue;
            }
            let n = number(&e.lid.nr.text);
            let at = members
                .iter()
                .rposition(|m| max_nr(m).is_some_and(|k| k < n))
                .map(|i| i + 1)
                .or_else(|| members.iter().position(|m| max_nr(m).is_some()))
                .unwrap_or(members.len());
            members.insert(
                at,
                Member {
                    kind: MemberKind::Lid(e.lid.clone()),
                    trivia: Default::default(),
                    span: e.lid.nr.span,
                },
            );
        }
        members
    }

    fn lid(&self, l: &Lid, prefix: &str, _in_group: bool, out: &mut Vec<Block>) {
        let id = crate::syntax::place::lid_prefix(prefix, &l.nr.text);
        // A lid the ordinance words itself stands in the model lid's place; one it leaves out
        // is not printed.
        if self.filled() && self.checker.lid_left_out(&id) {
            return;
        }
        if let Some(own) = self.own_lid(&id) {
            if !std::ptr::eq(own, l) {
                return self.lid(own, prefix, _in_group, out);
            }
        }
        let include = if l.optional {
            self.include(&id)
        } else {
            Some(true)
        };
        if include == Some(false) {
            return;
        }
        let scope = scope_of_prefix(&id);
        let start = out.len();
        // The text before the onderdelen opens the lid; a text after them is an unnumbered
        // closing paragraph (a slotzin), printed after the list.
        let first_onderdeel = l
            .members
            .iter()
            .position(|m| matches!(m.kind, MemberKind::Onderdeel(_)))
            .unwrap_or(l.members.len());
        let (head, tail) = l.members.split_at(first_onderdeel);
        out.push(Block::Lid(
            format!("{}.", l.nr.text),
            self.texts(head, &scope),
        ));
        let rest: Vec<Member> = head
            .iter()
            .filter(|m| !matches!(m.kind, MemberKind::Tekst(_)))
            .cloned()
            .collect();
        self.unit(&rest, &id, 0, out);
        let mut run: Vec<Member> = Vec::new();
        for m in tail {
            if let MemberKind::Tekst(t) = &m.kind {
                self.unit(&std::mem::take(&mut run), &id, 0, out);
                out.push(Block::Para(self.text(t, &scope)));
            } else {
                run.push(m.clone());
            }
        }
        self.unit(&run, &id, 0, out);
        if drop_if_empty(out, start) {
            return;
        }
        if l.optional && include.is_none() {
            bracket_range(out, start);
        }
    }

    /// A legal text with its `{placeholders}` rendered (a brace of the text itself stays).
    fn text(&self, t: &Text, scope: &[String]) -> String {
        let mut out = String::new();
        for segment in t.segments() {
            match segment {
                Segment::Woorden(w) => out.push_str(w),
                Segment::Verwijzing(name) => out.push_str(&self.placeholder(name, scope)),
            }
        }
        out
    }

    fn placeholder(&self, name: &str, scope: &[String]) -> String {
        let Some(slot) = self.checker.slot_ref(name, scope) else {
            return match self.checker.slots.resolve_element(scope, name) {
                Some((slot, i)) => self.element(slot, i),
                None => format!("[{name}]"),
            };
        };
        let id = slot.id.clone();
        match &slot.kind {
            SlotKind::Fill => {
                let inv = slot.invulling.as_ref();
                let label = inv
                    .and_then(|i| i.label.as_ref())
                    .map(|l| l.value.clone())
                    .unwrap_or_else(|| slot.id.rsplit('.').next().unwrap_or("").replace('_', " "));
                let example = inv.and_then(|i| i.voorbeeld.as_ref()).map(fill_text_of);
                let printed_example = inv.and_then(example_text);
                // "[aantal] weken": the text itself says the unit after the fill-in.
                let unit = match inv.map(|i| &i.ty) {
                    Some(TypeExpr::Base {
                        unit: Some((u, _)), ..
                    }) => Some(*u),
                    _ => None,
                };
                match (self.mode, self.fills.values.get(&id)) {
                    (Mode::Tekst, Some((fv, _))) => fill_text(fv, self.names, unit),
                    (Mode::Tekst, None) if !self.filled() => match example {
                        Some(e) => e,
                        None => bracketed(&label),
                    },
                    _ => match printed_example {
                        Some(e) => format!("[{label} ({e})]"),
                        None => bracketed(&label),
                    },
                }
            }
            SlotKind::Passage => {
                let Some(p) = self.passage_decl(&id) else {
                    return String::new();
                };
                let inner = self.text(&p.text, scope);
                let include = match &slot.volgt {
                    Some(_) if self.mode == Mode::Tekst && self.filled() => {
                        Some(self.state().adopted(&id) == Some(true))
                    }
                    _ => self.include(&id),
                };
                self.bracket(inner, include).unwrap_or_default()
            }
            SlotKind::Keuze { options, .. } => {
                let Some(k) = self.keuze_decl(&id) else {
                    return String::new();
                };
                let chosen = if self.mode == Mode::Tekst && self.filled() {
                    self.state().chosen(&id)
                } else {
                    None
                };
                match chosen {
                    Some(c) => {
                        let texts: Vec<String> = k
                            .options
                            .iter()
                            .filter(|o| c.contains(&o.name.text))
                            .map(|o| self.text(&o.text, scope))
                            .collect();
                        join_dutch(&texts)
                    }
                    None => {
                        let texts: Vec<String> = k
                            .options
                            .iter()
                            .map(|o| self.text(&o.text, scope))
                            .map(|t| {
                                if k.zonder_haakjes {
                                    t
                                } else {
                                    format!("({t})")
                                }
                            })
                            .collect();
                        let _ = options;
                        // `een of beide` too: the model text writes "[(A) OF (B)]" (art. 14f,
                        // eerste lid); only the leeswijzer's legend says "EN/OF".
                        if k.zonder_haakjes {
                            texts.join(" OF ")
                        } else {
                            format!("[{}]", texts.join(" OF "))
                        }
                    }
                }
            }
            _ => String::new(),
        }
    }

    /// One element of a list fill-in (`{eisen.2}`): the filled-in item, the example's item, or
    /// the bracketed label.
    fn element(&self, slot: &crate::check::symbols::Slot, i: usize) -> String {
        let inv = slot.invulling.as_ref();
        let label = inv
            .and_then(|i| i.label.as_ref())
            .map(|l| l.value.clone())
            .unwrap_or_else(|| slot.id.rsplit('.').next().unwrap_or("").replace('_', " "));
        let item = |v: Option<&FillValue>| match v {
            Some(FillValue::List(items, _)) => items
                .get(i)
                .map(|x| fill_text::item_text(x, self.names, None)),
            _ => None,
        };
        let filled = self.fills.values.get(&slot.id).map(|(fv, _)| *fv);
        let example = item(inv.and_then(|i| i.voorbeeld.as_ref()));
        match (self.mode, item(filled)) {
            (Mode::Tekst, Some(v)) => v,
            (Mode::Tekst, None) if !self.filled() => example.unwrap_or(format!("[{label}]")),
            _ => match example {
                Some(e) => format!("[{label} ({e})]"),
                None => format!("[{label}]"),
            },
        }
    }

    fn passage_decl(&self, id: &str) -> Option<&Passage> {
        let model = self.checker.model?;
        let mut found = None;
        crate::check::visit_slot_decls(&model.ast, &mut |prefix, d| {
            if let crate::check::SlotDeclRef::Passage(p) = d {
                if format!("{prefix}.{}", p.name.text) == id {
                    found = Some(p);
                }
            }
        });
        found
    }

    fn keuze_decl(&self, id: &str) -> Option<&Keuze> {
        let model = self.checker.model?;
        let mut found = None;
        crate::check::visit_slot_decls(&model.ast, &mut |prefix, d| {
            if let crate::check::SlotDeclRef::Keuze(k) = d {
                if format!("{prefix}.{}", k.name.text) == id {
                    found = Some(k);
                }
            }
        });
        found
    }
}

/// The model's items with the ordinance's own articles among them, as the ordinance prints
/// them: an article that replaces a model article (`artikel 7 ... model 7`) stands in its
/// place; any other own article follows the last article whose number comes before its own
/// (14p after 14o, before the heading of hoofdstuk 4).
fn with_own_articles<'a>(
    model: Vec<&'a Item>,
    own: &'a [Item],
    replaced: &std::collections::BTreeSet<String>,
) -> Vec<&'a Item> {
    let nr = |i: &Item| match &i.kind {
        ItemKind::Artikel(a) => Some(a.nr.text.clone()),
        _ => None,
    };
    let own: Vec<&Item> = own
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Artikel(_)))
        .collect();
    let mut out: Vec<&Item> = Vec::with_capacity(model.len() + own.len());
    for item in model {
        match nr(item) {
            Some(n) if replaced.contains(&n) => {
                if let Some(o) = own.iter().find(|o| nr(o).as_deref() == Some(n.as_str())) {
                    out.push(o);
                }
            }
            _ => out.push(item),
        }
    }
    for o in own {
        let Some(n) = nr(o) else { continue };
        if replaced.contains(&n) {
            continue;
        }
        let key = article_key(&n);
        let after = out
            .iter()
            .rposition(|i| nr(i).is_some_and(|m| article_key(&m) < key));
        let at = match after {
            Some(i) => i + 1,
            None => out
                .iter()
                .position(|i| nr(i).is_some())
                .unwrap_or(out.len()),
        };
        out.insert(at, o);
    }
    out
}

/// An article number in its order: `14a` after `14`, `3.3.10` after `3.3.9`.
fn article_key(nr: &str) -> Vec<(u64, String)> {
    nr.split('.')
        .map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            let rest = part.get(digits.len()..).unwrap_or("").to_string();
            (digits.parse().unwrap_or(u64::MAX), rest)
        })
        .collect()
}

/// A lid or onderdeel (the block at `start`) with no text and nothing under it is left out, as
/// when all it says is an optional passage that was not adopted: the legal text has no empty
/// lid. The leden after it keep their numbers (see docs/handleiding.md, "De juridische tekst").
/// Returns whether it was dropped.
fn drop_if_empty(out: &mut Vec<Block>, start: usize) -> bool {
    let empty = out.len() == start + 1
        && matches!(out.get(start), Some(Block::Lid(_, t) | Block::Onderdeel(_, _, t)) if t.trim().is_empty());
    if empty {
        out.truncate(start);
    }
    empty
}

/// A list of begrippen ends each definition with ";" and the last with ".", as printed.
fn punctuate_definitions(out: &mut [Block], start: usize) {
    let idx: Vec<usize> = (start..out.len())
        .filter(|&i| matches!(out.get(i), Some(Block::Onderdeel(_, l, _)) if l == "-"))
        .collect();
    for (n, i) in idx.iter().enumerate() {
        if let Some(Block::Onderdeel(_, _, t)) = out.get_mut(*i) {
            let closing = t.ends_with(']');
            if closing {
                t.pop();
            }
            t.push(if n + 1 == idx.len() { '.' } else { ';' });
            if closing {
                t.push(']');
            }
        }
    }
}

fn label(l: &str) -> String {
    if l.ends_with('°') {
        l.to_string()
    } else {
        format!("{l}.")
    }
}

/// A fill-in printed by its label: "[datum]"; a label that shows its own brackets
/// ("Re-integratieverordening Participatiewet [naam gemeente en eventueel jaartal]") as it is.
fn bracketed(label: &str) -> String {
    if label.contains('[') {
        label.to_string()
    } else {
        format!("[{label}]")
    }
}

/// The closing bracket of an optional article or bijlage, after its last text.
fn close_bracket(out: &mut [Block]) {
    if let Some(Block::Lid(_, t) | Block::Para(t) | Block::Onderdeel(_, _, t)) = out.last_mut() {
        t.push(']');
    }
}

/// Put brackets around the blocks from `start` on (an optional lid or group in the leeswijzer).
fn bracket_range(out: &mut [Block], start: usize) {
    if let Some(Block::Lid(n, _) | Block::Onderdeel(_, n, _)) = out.get_mut(start) {
        *n = format!("[{n}");
    }
    if let Some(Block::Lid(_, t) | Block::Onderdeel(_, _, t) | Block::Para(t) | Block::Formule(t)) =
        out.last_mut()
    {
        t.push(']');
    }
}

/// A fill-in value with no names to word a formula by (a model's example).
fn fill_text_of(v: &FillValue) -> String {
    fill_text(v, &Names::default(), None)
}

/// The example of a fill-in as the model prints it (`voorbeeldtekst`, else the value).
pub fn example_text(inv: &Invulling) -> Option<String> {
    inv.voorbeeldtekst
        .as_ref()
        .map(|t| t.value.clone())
        .or_else(|| inv.voorbeeld.as_ref().map(fill_text_of))
}

/// A title with its `{placeholders}` left out: "Bijlage behorende bij artikel 14b, vijfde lid".
pub fn without_placeholders(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- printing

/// Which version a rendered text is: its title, `versie`, `geldig vanaf` and `tot`, `bron`.
/// Printed under the title, so that a text of 2024 that keeps the citeertitel of 2023 says
/// that it is the version of 2024.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kop {
    pub titel: String,
    pub versie: Option<String>,
    pub geldig_vanaf: Option<chrono::NaiveDate>,
    pub geldig_tot: Option<chrono::NaiveDate>,
    pub bron: Option<String>,
}

impl Kop {
    /// The header of document `index` (dates of a version derived from besluiten included).
    pub fn of(project: &Project, index: usize) -> Kop {
        let Some(doc) = project.doc(index) else {
            return Kop::default();
        };
        let h = &doc.ast.header;
        let (geldig_vanaf, geldig_tot) = crate::eval::load::geldigheid(project, index);
        Kop {
            titel: h.title.value.clone(),
            versie: h.text("versie").map(str::to_string),
            geldig_vanaf,
            geldig_tot,
            bron: h.text("bron").map(str::to_string),
        }
    }

    /// "1 januari 2024" or "1 januari 2024 tot en met 30 juni 2024".
    pub fn geldigheid(&self) -> Option<String> {
        let d = crate::value::format_date;
        match (self.geldig_vanaf, self.geldig_tot) {
            (Some(a), Some(b)) => Some(format!("{} tot en met {}", d(a), d(b))),
            (Some(a), None) => Some(d(a)),
            (None, Some(b)) => Some(format!("tot en met {}", d(b))),
            (None, None) => None,
        }
    }

    /// The lines under the title: (what, value).
    pub fn lines(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(v) = &self.versie {
            out.push(("Versie".to_string(), v.clone()));
        }
        if let Some(g) = self.geldigheid() {
            let what = if self.geldig_vanaf.is_some() {
                "Geldig vanaf"
            } else {
                "Geldig"
            };
            out.push((what.to_string(), g));
        }
        if let Some(b) = &self.bron {
            out.push(("Bron".to_string(), b.clone()));
        }
        out
    }

    /// The version in words, for a title: its `versie`, else from when it applies.
    pub fn version_words(&self) -> Option<String> {
        self.versie.clone().or_else(|| {
            self.geldig_vanaf
                .map(|d| format!("geldig vanaf {}", crate::value::format_date(d)))
        })
    }
}

/// The text as Markdown with the lines that say which version it is under the title.
pub fn markdown_with(kop: &Kop, blocks: &[Block]) -> String {
    let text = markdown(blocks);
    let lines = kop.lines();
    if lines.is_empty() {
        return text;
    }
    let extra: String = lines
        .iter()
        .map(|(k, v)| format!("{k}: {v}  \n"))
        .collect::<String>()
        .trim_end()
        .to_string();
    // After the title line ("# ...\n\n"), or first when there is no title.
    match text.strip_prefix("# ").and_then(|_| text.find("\n\n")) {
        Some(at) => format!("{}\n\n{extra}\n\n{}", &text[..at], &text[at + 2..]),
        None => format!("{extra}\n\n{text}"),
    }
}

pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for b in blocks {
        let is_item = matches!(b, Block::Onderdeel(..));
        if in_list && !is_item {
            out.push('\n');
        }
        in_list = is_item;
        match b {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Heading(t) => out.push_str(&format!("## {t}\n\n")),
            Block::Article(t) | Block::Bijlage(_, t) => out.push_str(&format!("### {t}\n\n")),
            Block::Para(t) | Block::Formule(t) => out.push_str(&format!("{t}\n\n")),
            Block::Lid(n, t) => out.push_str(&format!("{n} {t}\n\n")),
            Block::Onderdeel(d, l, t) if l == "-" => {
                out.push_str(&format!("{}- {t}\n", "  ".repeat(*d)))
            }
            Block::Onderdeel(d, l, t) => {
                out.push_str(&format!("{}- {l} {t}\n", "  ".repeat(*d + 1)))
            }
            Block::Toelichting(t) => out.push_str(&format!("> {t}\n\n")),
            Block::Variant(t) => out.push_str(&format!("*{t}*\n\n")),
        }
    }
    out.trim_end().to_string() + "\n"
}

/// A single self-contained HTML page (no external resources).
pub fn html(blocks: &[Block]) -> String {
    html_with(&Kop::default(), blocks)
}

/// The page with the lines that say which version it is under the title.
pub fn html_with(kop: &Kop, blocks: &[Block]) -> String {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => {
                body.push_str(&format!("<h1>{}</h1>\n", esc(t)));
                body.push_str(&crate::page::kop(&kop.lines()));
            }
            Block::Heading(t) => body.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Article(t) | Block::Bijlage(_, t) => body.push_str(&format!("<h3>{}</h3>\n", esc(t))),
            Block::Para(t) | Block::Formule(t) => body.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Lid(n, t) => body.push_str(&format!("<p class=\"lid\"><span class=\"nr\">{}</span> {}</p>\n", esc(n), esc(t))),
            Block::Onderdeel(d, l, t) => body.push_str(&format!(
                "<p class=\"onderdeel\" style=\"margin-left:{}em\"><span class=\"nr\">{}</span> {}</p>\n",
                2 + 2 * d,
                esc(l),
                esc(t)
            )),
            Block::Toelichting(t) => body.push_str(&format!("<blockquote>{}</blockquote>\n", esc(t))),
            Block::Variant(t) => body.push_str(&format!("<p class=\"variant\"><em>{}</em></p>\n", esc(t))),
        }
    }
    let title = match kop.version_words() {
        Some(v) if kop.versie.is_some() => format!("{title} ({v})"),
        _ => title,
    };
    crate::page::page(&title, &body)
}

/// The references to other regelingen in the texts of `members`, with their place: "artikel 6
/// van de Verordening maatregelen (artikel 4.1, tweede lid)".
fn external_in(members: &[Member], place: &str, src: &str, out: &mut Vec<String>) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => external_in(
                &l.members,
                &format!(
                    "{place}, {}",
                    crate::syntax::notation::lid_words(&l.nr.text)
                ),
                src,
                out,
            ),
            MemberKind::LidGroup(g) => external_in(&g.leden, place, src, out),
            MemberKind::Onderdeel(o) => external_in(
                &o.members,
                &format!("{place}, onder {}", o.label.text),
                src,
                out,
            ),
            MemberKind::Tekst(t) => {
                for r in crate::syntax::textref::scan(t.span.text(src), t.span.offset()) {
                    if let crate::syntax::textref::TextRef::External { written, .. } = r {
                        let line = format!("{written} ({place})");
                        if !out.contains(&line) {
                            out.push(line);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
