//! The authoring workbench's model of an ordinance that fills in a model: the controls (one
//! per slot of the model: a fill-in, an optional unit, a choice), the form state read from an
//! ordinance file, and the ordinance generated from a form state.
//!
//! The generated file is the opened file's tree with the statements of the changed slots
//! replaced, removed or added, printed by `fmt`: the comments of the statements that did not
//! change stay where they were, and opening and saving without a change gives `fmt`'s bytes.
//! A new statement is written as one line of the language and parsed, so that its tree is the
//! parser's, never built by hand.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use verordening_core::check::symbols::SlotKind;
use verordening_core::check::types::Ty;
use verordening_core::check::{visit_slot_decls, Checker, SlotDeclRef};
use verordening_core::diagnostics::{Diagnostic, FileId};
use verordening_core::project::Project;
use verordening_core::render::{render, Block, Mode};
use verordening_core::syntax::{
    parse, parse_date, Adoption, File, Fill, FillItem, FillKind, FillValue, Item, ItemKind, Layer,
    Literal, MetaKey, MetaValue, Span, Text, TypeExpr,
};

/// What a control asks.
#[derive(Debug, Clone)]
pub enum ControlKind {
    /// A fill-in: its type, the unit its type fixes (`duur in weken`), and the number of
    /// elements of a list the model prints as separate parts (`lengte 3`).
    Fill {
        ty: Ty,
        unit: Option<verordening_core::syntax::DurationUnit>,
        lengte: Option<u32>,
    },
    /// An optional article, lid, passage, onderdeel, begrip, bijlage or variant.
    Switch,
    /// A choice between the model's options (one, or one or more).
    Keuze {
        options: Vec<(String, String)>,
        one_or_both: bool,
    },
}

/// One control: a slot of the model.
#[derive(Debug, Clone)]
pub struct Control {
    pub id: String,
    pub kind: ControlKind,
    /// What the slot is, in the model's words (its label, or the noun of its kind).
    pub label: String,
    /// The model's text of an optional part (a passage's words, an option's words).
    pub text: Option<String>,
    pub example: Option<String>,
    /// The model's own bounds (`grens <= € 150`); the wet's bounds come from the checker.
    pub bounds: Vec<String>,
    /// The optional parts and the option this slot depends on.
    pub depends: Vec<String>,
    /// The section (article, aanhef, slot, bijlage) it stands in.
    pub section: String,
}

/// An article (or the aanhef, the slotformule, a bijlage) with its controls.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub key: String,
    /// Headings (hoofdstuk, paragraaf) that come before it.
    pub headings: Vec<String>,
    /// The model's text as the leeswijzer prints it.
    pub blocks: Vec<Block>,
    pub controls: Vec<Control>,
}

/// The section key of a slot id: its first part (`art8`, `aanhef`, `bijlage14h1`).
pub fn section_of(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

/// The key of an article heading as the leeswijzer prints it ("[Artikel 8. ...").
fn article_key(heading: &str) -> Option<String> {
    let h = heading.trim_start_matches('[');
    let rest = h.strip_prefix("Artikel ")?;
    let nr: String = rest
        .chars()
        .take_while(|c| *c != '.' && *c != ' ')
        .collect();
    (!nr.is_empty()).then(|| verordening_core::check::symbols::art_prefix(&nr))
}

/// The sections of a model, from its leeswijzer rendering and its slots as the ordinance at
/// `index` sees them.
pub fn sections(project: &Project, index: usize) -> Vec<Section> {
    let Some(checker) = Checker::new(project, index) else {
        return Vec::new();
    };
    let Some(model) = checker.model else {
        return Vec::new();
    };
    let model_index = project.chain(index).into_iter().find(|&j| {
        project
            .doc(j)
            .is_some_and(|d| d.ast.header.layer == Layer::Model)
    });
    let blocks = model_index
        .and_then(|j| render(project, j, Mode::Leeswijzer))
        .unwrap_or_default();
    let bijlagen: Vec<String> = model
        .ast
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Bijlage(b) => Some(format!("bijlage{}", b.id.text)),
            _ => None,
        })
        .collect();
    let mut out: Vec<Section> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut seen_article = false;
    let mut bijlage_nr = 0usize;
    let mut current: Option<usize> = None;
    for b in blocks {
        let key = match &b {
            Block::Title(_) => continue,
            Block::Heading(h) => {
                pending.push(h.clone());
                current = None;
                continue;
            }
            Block::Formule(_) => Some(if seen_article { "slot" } else { "aanhef" }.to_string()),
            Block::Article(h) => {
                seen_article = true;
                article_key(h)
            }
            Block::Bijlage(..) => {
                let k = bijlagen.get(bijlage_nr).cloned();
                bijlage_nr += 1;
                k
            }
            _ => None,
        };
        if let Some(key) = key {
            if current.and_then(|c| out.get(c)).map(|s| s.key.as_str()) != Some(key.as_str()) {
                out.push(Section {
                    key,
                    headings: std::mem::take(&mut pending),
                    ..Section::default()
                });
                current = Some(out.len() - 1);
            }
        }
        if let Some(s) = current.and_then(|c| out.get_mut(c)) {
            s.blocks.push(b);
        }
    }
    // The words of passages and options, by slot id.
    let mut texts: HashMap<String, String> = HashMap::new();
    visit_slot_decls(&model.ast, &mut |prefix, d| {
        let join = |n: &str| {
            if prefix.is_empty() {
                n.to_string()
            } else {
                format!("{prefix}.{n}")
            }
        };
        match d {
            SlotDeclRef::Passage(p) => {
                texts.insert(join(&p.name.text), p.text.value.clone());
            }
            SlotDeclRef::Keuze(k) => {
                for o in &k.options {
                    texts.insert(
                        format!("{}#{}", join(&k.name.text), o.name.text),
                        o.text.value.clone(),
                    );
                }
            }
            SlotDeclRef::Invulling(_) => {}
        }
    });
    for slot in &checker.slots.slots {
        if slot.volgt.is_some() {
            continue;
        }
        let kind = match &slot.kind {
            SlotKind::Fill => {
                let (unit, lengte) = match slot.invulling.as_ref() {
                    Some(inv) => (
                        match &inv.ty {
                            TypeExpr::Base { unit, .. } => unit.map(|(u, _)| u),
                            _ => None,
                        },
                        inv.lengte.map(|(n, _)| n),
                    ),
                    None => (None, None),
                };
                ControlKind::Fill {
                    ty: checker.slot_ty(slot),
                    unit,
                    lengte,
                }
            }
            SlotKind::Keuze {
                options,
                one_or_both,
            } => ControlKind::Keuze {
                options: options
                    .iter()
                    .map(|o| {
                        let t = texts
                            .get(&format!("{}#{o}", slot.id))
                            .cloned()
                            .unwrap_or_default();
                        (o.clone(), t)
                    })
                    .collect(),
                one_or_both: *one_or_both,
            },
            _ => ControlKind::Switch,
        };
        let label = match (&slot.kind, slot.invulling.as_ref()) {
            (SlotKind::Fill, Some(inv)) => inv
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .filter(|l| l != "...")
                .unwrap_or_else(|| last_part(&slot.id).replace('_', " ")),
            (k, _) => k.noun().to_string(),
        };
        let bounds = slot
            .invulling
            .as_ref()
            .map(|inv| {
                inv.grens
                    .iter()
                    .map(|(op, e)| format!("{} {}", op_word(*op), verordening_core::fmt::expr(e)))
                    .collect()
            })
            .unwrap_or_default();
        let mut depends: Vec<String> = slot.parents.clone();
        if let Some((k, o)) = &slot.option {
            depends.push(format!("{k} = {o}"));
        }
        let control = Control {
            id: slot.id.clone(),
            kind,
            label,
            text: texts.get(&slot.id).cloned(),
            example: slot
                .invulling
                .as_ref()
                .and_then(verordening_core::render::example_text),
            bounds,
            depends,
            section: section_of(&slot.id).to_string(),
        };
        match out.iter_mut().find(|s| s.key == control.section) {
            Some(s) => s.controls.push(control),
            None => out.push(Section {
                key: control.section.clone(),
                controls: vec![control],
                ..Section::default()
            }),
        }
    }
    out
}

fn last_part(id: &str) -> &str {
    id.rsplit('.').next().unwrap_or(id)
}

fn op_word(op: verordening_core::syntax::CmpOp) -> &'static str {
    use verordening_core::syntax::CmpOp::*;
    match op {
        Eq => "gelijk aan",
        Ne => "niet",
        Lt => "minder dan",
        Le => "ten hoogste",
        Gt => "meer dan",
        Ge => "ten minste",
    }
}

/// A place in words: `art8.lid1-2` → "artikel 8, lid 1-2".
pub fn place(id: &str) -> String {
    let mut parts = Vec::new();
    for p in id.split('.') {
        let numbered = |prefix: &str| {
            p.strip_prefix(prefix)
                .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
                .map(|n| format!("{} {n}", if prefix == "art" { "artikel" } else { prefix }))
        };
        let w = if let Some(w) = numbered("art")
            .or_else(|| numbered("lid"))
            .or_else(|| numbered("bijlage"))
        {
            w
        } else if p.len() == 1 {
            format!("onder {p}")
        } else {
            p.replace('_', " ")
        };
        parts.push(w);
    }
    parts.join(", ")
}

// ---------------------------------------------------------------- form state

/// What the form says about one slot, as entered (list elements in order). A slot without
/// an entry, or with only empty entries, is still open.
pub type Entries = BTreeMap<String, Vec<String>>;

/// The field name of a slot's control.
pub fn field(c: &Control) -> String {
    let prefix = match c.kind {
        ControlKind::Fill { .. } => "w",
        ControlKind::Switch => "o",
        ControlKind::Keuze { .. } => "k",
    };
    format!("{prefix}:{}", c.id)
}

/// Collect posted fields (`name=value` pairs, repeated names in order) by name.
pub fn entries(fields: &[(String, String)]) -> Entries {
    let mut out: Entries = BTreeMap::new();
    for (k, v) in fields {
        out.entry(k.clone()).or_default().push(v.clone());
    }
    out
}

/// One slot's decision in an ordinance file.
#[derive(Debug, Clone)]
enum Decision<'a> {
    Value(&'a FillValue),
    Choice(Vec<String>),
    Adopted(bool),
}

/// The decisions of an ordinance file by slot id, with the index of the item that holds each.
fn decisions(file: &File) -> BTreeMap<String, (Decision<'_>, usize)> {
    let mut out = BTreeMap::new();
    for (i, item) in file.items.iter().enumerate() {
        match &item.kind {
            ItemKind::Fill(f) => {
                let d = match &f.value {
                    FillKind::Value(v) => Decision::Value(v),
                    FillKind::Choice(names) => {
                        Decision::Choice(names.iter().map(|n| n.text.clone()).collect())
                    }
                };
                out.insert(f.slot.text.clone(), (d, i));
            }
            ItemKind::Adoption(a) => {
                for s in &a.slots {
                    out.insert(s.text.clone(), (Decision::Adopted(a.adopted), i));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a text is a number as a jurist types it: `100`, `1.250,50`, `7,5`.
fn is_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn text_literal(value: &str) -> String {
    verordening_core::fmt::text(&Text {
        value: value.to_string(),
        span: Span::default(),
        placeholders: Vec::new(),
    })
}

/// The language's spelling of one entered value of type `ty`, or None when it is empty.
fn spell_one(
    ty: &Ty,
    unit: Option<verordening_core::syntax::DurationUnit>,
    entry: &str,
) -> Option<String> {
    let e = entry.trim();
    if e.is_empty() {
        return None;
    }
    Some(match ty {
        Ty::Tekst => text_literal(e),
        Ty::Bedrag if is_number(e) => format!("€ {e}"),
        Ty::Percentage if is_number(e) => format!("{e}%"),
        Ty::Duur(_) | Ty::Uren if is_number(e) && unit.is_some() => {
            let u = unit.map(|u| u.word(e == "1")).unwrap_or("");
            format!("{e} {u}")
        }
        _ => e.to_string(),
    })
}

/// What the form shows for one value written in the language (the inverse of [`spell_one`]
/// where the value is plain; anything else, a formula, is shown as written).
fn entry_of(
    ty: &Ty,
    unit: Option<verordening_core::syntax::DurationUnit>,
    item: &FillItem,
) -> String {
    if let (Ty::Tekst, FillItem::Expr(e)) = (ty, item) {
        if let verordening_core::syntax::ExprKind::Lit(Literal::Text(t)) = &e.kind {
            return t.value.clone();
        }
    }
    let s = match item {
        FillItem::Expr(e) => verordening_core::fmt::expr(e),
        FillItem::Record(..) => {
            verordening_core::fmt::fill_value(&FillValue::List(vec![item.clone()], Span::default()))
        }
    };
    match ty {
        Ty::Bedrag => match s.strip_prefix("€ ") {
            Some(n) if is_number(n) => n.to_string(),
            _ => s,
        },
        Ty::Percentage => match s.strip_suffix('%') {
            Some(n) if is_number(n) => n.to_string(),
            _ => s,
        },
        Ty::Duur(_) | Ty::Uren => match (unit, s.split_once(' ')) {
            (Some(u), Some((n, w)))
                if is_number(n)
                    && verordening_core::syntax::DurationUnit::from_word(w) == Some(u) =>
            {
                n.to_string()
            }
            _ => s,
        },
        Ty::Datum => parse_date(&s)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or(s),
        _ => s,
    }
}

/// The form's entries for a control from a decision of the file.
fn entries_of(c: &Control, d: Option<&Decision<'_>>) -> Vec<String> {
    match (&c.kind, d) {
        (ControlKind::Fill { ty, unit, lengte }, Some(Decision::Value(v))) => {
            let whole = || vec![verordening_core::fmt::fill_value(v)];
            match (ty, v) {
                (Ty::List(inner), FillValue::List(items, _))
                    if lengte.is_some_and(|n| n as usize == items.len()) =>
                {
                    items.iter().map(|i| entry_of(inner, *unit, i)).collect()
                }
                (Ty::List(_), _) => whole(),
                (Ty::Artikelen, _) => whole(),
                (_, FillValue::List(items, _)) if items.len() == 1 => {
                    items.iter().map(|i| entry_of(ty, *unit, i)).collect()
                }
                _ => whole(),
            }
        }
        (ControlKind::Switch, Some(Decision::Adopted(b))) => {
            vec![if *b { "ja" } else { "nee" }.to_string()]
        }
        (ControlKind::Keuze { .. }, Some(Decision::Choice(c))) => c.clone(),
        _ => Vec::new(),
    }
}

/// Entries with the empty ones dropped (for lists: all empty is open).
fn normal(c: &Control, e: &[String]) -> Vec<String> {
    let trimmed: Vec<String> = e.iter().map(|s| s.trim().to_string()).collect();
    if trimmed.iter().all(String::is_empty) {
        return Vec::new();
    }
    match c.kind {
        ControlKind::Fill { .. } => trimmed,
        _ => trimmed.into_iter().filter(|s| !s.is_empty()).collect(),
    }
}

/// The statement (one line of the language) that says what the entries decide, or None when
/// they leave the slot open.
fn statement(c: &Control, e: &[String]) -> Option<String> {
    let e = normal(c, e);
    if e.is_empty() {
        return None;
    }
    match &c.kind {
        ControlKind::Fill { ty, unit, lengte } => {
            let value = match (ty, lengte) {
                (Ty::List(inner), Some(_)) if e.len() > 1 => e
                    .iter()
                    .map(|x| spell_one(inner, *unit, x).unwrap_or_else(|| "\"\"".into()))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => spell_one(ty, *unit, e.first()?)?,
            };
            Some(format!("invulling {} = {value}", c.id))
        }
        ControlKind::Switch => match e.first().map(String::as_str) {
            Some("ja") => Some(format!("overgenomen {}", c.id)),
            Some("nee") => Some(format!("niet overgenomen {}", c.id)),
            _ => None,
        },
        ControlKind::Keuze { .. } => Some(format!(
            "keuze {} = {}",
            c.id,
            verordening_core::value::join_dutch(&e)
        )),
    }
}

/// The form's entries for every control, read from an ordinance file.
pub fn read_entries(sections: &[Section], file: &File) -> Entries {
    let ds = decisions(file);
    let mut out = Entries::new();
    for c in sections.iter().flat_map(|s| &s.controls) {
        let e = entries_of(c, ds.get(&c.id).map(|(d, _)| d));
        if !e.is_empty() {
            out.insert(field(c), e);
        }
    }
    out
}

/// Merge a form edited against `opened` onto `current` (the file as someone else saved it
/// meanwhile): the slots the form changed keep the form's entries, the others take what
/// `current` says. Returns the merged entries and the slots both changed differently (the
/// form's entries win there; the caller shows them).
pub fn merge(
    sections: &[Section],
    opened: &File,
    current: &File,
    form: &Entries,
) -> (Entries, Vec<String>) {
    let o = read_entries(sections, opened);
    let c = read_entries(sections, current);
    let empty = Vec::new();
    let mut out = Entries::new();
    let mut conflicts = Vec::new();
    for ctl in sections.iter().flat_map(|s| &s.controls) {
        let k = field(ctl);
        let (ov, cv, fv) = (
            normal(ctl, o.get(&k).unwrap_or(&empty)),
            normal(ctl, c.get(&k).unwrap_or(&empty)),
            normal(ctl, form.get(&k).unwrap_or(&empty)),
        );
        let chosen = if fv != ov {
            if cv != ov && cv != fv {
                conflicts.push(ctl.id.clone());
            }
            fv
        } else {
            cv
        };
        if !chosen.is_empty() {
            out.insert(k, chosen);
        }
    }
    (out, conflicts)
}

/// A generated ordinance: its text, and the entries that could not be read (by slot id, with
/// the parser's message).
pub struct Generated {
    pub text: String,
    pub unreadable: Vec<(String, Diagnostic)>,
}

/// Parse one statement under a header; its item, or the parser's first diagnostic.
fn parse_statement(header: &str, line: &str) -> Result<Item, Diagnostic> {
    let src = format!("{header}\n{line}\n");
    let mut r = parse(&src, FileId(0));
    if let Some(d) = r.diagnostics.into_iter().find(|d| d.is_error()) {
        return Err(d);
    }
    match r.file.items.pop() {
        Some(item) if r.file.items.is_empty() => Ok(item),
        _ => Err(Diagnostic::new(
            verordening_core::diagnostics::Code::Syntaxis,
            FileId(0),
            Span::default(),
            "de waarde is niet als één invulling te lezen",
        )),
    }
}

/// The slot ids an item decides.
fn item_slots(item: &Item) -> Vec<String> {
    match &item.kind {
        ItemKind::Fill(f) => vec![f.slot.text.clone()],
        ItemKind::Adoption(a) => a.slots.iter().map(|s| s.text.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Generate the ordinance: `base` (the opened file, or a new file's header) with the
/// statements of the slots whose entries differ from what `base` says replaced, removed or
/// added, printed by `fmt`.
pub fn generate(sections: &[Section], base: &File, base_src: &str, form: &Entries) -> Generated {
    let mut file = base.clone();
    let header_src = base_src
        .get(..(base.header.span.end as usize).min(base_src.len()))
        .unwrap_or("")
        .to_string();
    let order: HashMap<String, usize> = sections
        .iter()
        .flat_map(|s| &s.controls)
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let ds = decisions(base);
    let mut unreadable = Vec::new();
    let empty = Vec::new();
    for c in sections.iter().flat_map(|s| &s.controls) {
        let now = normal(c, form.get(&field(c)).unwrap_or(&empty));
        let before = normal(c, &entries_of(c, ds.get(&c.id).map(|(d, _)| d)));
        if now == before {
            continue;
        }
        let new_item = match statement(c, &now) {
            None => None,
            Some(line) => match parse_statement(&header_src, &line) {
                Ok(item) => Some(item),
                Err(d) => {
                    unreadable.push((c.id.clone(), d));
                    continue;
                }
            },
        };
        replace(&mut file, &c.id, new_item, &order);
    }
    Generated {
        text: verordening_core::fmt::format_file(&file),
        unreadable,
    }
}

/// Take slot `id` out of the file's statements and put `new` (if any) in its place: in the
/// place of a statement that decided only this slot (keeping its comments), else after the
/// last statement about a slot that comes before it in the model.
fn replace(file: &mut File, id: &str, new: Option<Item>, order: &HashMap<String, usize>) {
    let own = file.items.iter().position(|i| item_slots(i) == [id]);
    if let Some(pos) = own {
        match new {
            Some(mut item) => {
                if let Some(old) = file.items.get(pos) {
                    item.trivia = old.trivia.clone();
                }
                if let Some(slot) = file.items.get_mut(pos) {
                    *slot = item;
                }
            }
            None => {
                let removed = file.items.remove(pos);
                // The comments in front of a removed statement stay, in front of the next.
                if !removed.trivia.comments.is_empty() {
                    if let Some(next) = file.items.get_mut(pos) {
                        let mut t = removed.trivia.comments.clone();
                        t.append(&mut next.trivia.comments);
                        next.trivia.comments = t;
                        next.trivia.blank_line_before |= removed.trivia.blank_line_before;
                    } else {
                        file.trailing.comments.splice(0..0, removed.trivia.comments);
                    }
                }
            }
        }
        return;
    }
    // A shared statement (`overgenomen art4, art5`): take the name out of it.
    for item in &mut file.items {
        if let ItemKind::Adoption(Adoption { slots, .. }) = &mut item.kind {
            slots.retain(|s| s.text != id);
        }
    }
    file.items
        .retain(|i| !matches!(&i.kind, ItemKind::Adoption(a) if a.slots.is_empty()));
    let Some(item) = new else {
        return;
    };
    let rank = order.get(id).copied().unwrap_or(usize::MAX);
    let before = |i: &Item| {
        item_slots(i)
            .iter()
            .filter_map(|s| order.get(s))
            .any(|&r| r < rank)
    };
    let pos = file
        .items
        .iter()
        .rposition(before)
        .map(|p| p + 1)
        .unwrap_or_else(|| {
            file.items
                .iter()
                .position(|i| !item_slots(i).is_empty())
                .unwrap_or(file.items.len())
        });
    file.items.insert(pos.min(file.items.len()), item);
}

/// The header of a new ordinance that fills in `model` (a path relative to the new file).
pub struct NewHeader<'a> {
    pub title: &'a str,
    pub gemeente: &'a str,
    pub citeertitel: &'a str,
    pub model: &'a str,
    pub wet: Option<&'a str>,
    pub geldig_vanaf: &'a str,
}

/// The text of a new ordinance's header (parsed and printed by `fmt`).
pub fn new_header(h: &NewHeader<'_>) -> String {
    let mut s = format!(
        "verordening {} {{\n  gemeente {}\n  citeertitel {}\n  model {}\n",
        text_literal(h.title),
        text_literal(h.gemeente),
        text_literal(h.citeertitel),
        text_literal(h.model)
    );
    if let Some(w) = h.wet {
        s.push_str(&format!("  wet {}\n", text_literal(w)));
    }
    if !h.geldig_vanaf.trim().is_empty() {
        s.push_str(&format!("  geldig vanaf {}\n", h.geldig_vanaf.trim()));
    }
    s.push_str("}\n");
    s
}

/// A header value of a file (`gemeente`, `citeertitel`, `model`, `wet`).
pub fn header_text(file: &File, key: &str) -> Option<String> {
    file.header.meta.iter().find_map(|m| {
        let k = match &m.key {
            MetaKey::Other(k) => k.as_str(),
            MetaKey::Model => "model",
            MetaKey::Wet => "wet",
            _ => return None,
        };
        match &m.value {
            MetaValue::Text(t) if k == key => Some(t.value.clone()),
            _ => None,
        }
    })
}

/// The path of `to` relative to the folder `from` (both absolute, or both relative to the
/// same root): `../vng/model-2023.vo`.
pub fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let mut p = PathBuf::new();
    for _ in common..a.len() {
        p.push("..");
    }
    for c in b.iter().skip(common) {
        p.push(c.as_os_str());
    }
    p.to_string_lossy().replace('\\', "/")
}

// ---------------------------------------------------------------- diagnostics by slot

/// The slot a diagnostic concerns: the statement it points at in the ordinance, else the
/// model slot among its labels, else a slot id it names.
pub fn slot_of(
    d: &Diagnostic,
    project: &Project,
    index: usize,
    controls: &HashMap<String, usize>,
) -> Option<String> {
    let doc = project.doc(index)?;
    if d.primary.file == doc.id {
        let at = d.primary.span.start;
        for item in &doc.ast.items {
            if item.span.start <= at && at < item.span.end.max(item.span.start + 1) {
                match &item.kind {
                    ItemKind::Fill(Fill { slot, .. }) => return Some(slot.text.clone()),
                    ItemKind::Adoption(a) => {
                        let hit = a
                            .slots
                            .iter()
                            .find(|s| s.span.start <= at && at < s.span.end)
                            .or(a.slots.first());
                        return hit.map(|s| s.text.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    // A slot named in the message (`art8.lid3.bedrag`), the first that has a control.
    for part in d.message.split('`').skip(1).step_by(2) {
        let id = part.split(' ').next().unwrap_or(part);
        if controls.contains_key(id) {
            return Some(id.to_string());
        }
    }
    let checker = Checker::new(project, index)?;
    for l in std::iter::once(&d.primary).chain(&d.secondary) {
        if let Some(s) =
            checker.slots.slots.iter().find(|s| {
                s.file == l.file && s.span.start <= l.span.start && l.span.end <= s.span.end
            })
        {
            return Some(s.id.clone());
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_the_model_numbers_them() {
        assert_eq!(place("art8.lid1-2"), "artikel 8, lid 1-2");
        assert_eq!(
            place("art9.lid2.a.artikel"),
            "artikel 9, lid 2, onder a, artikel"
        );
    }

    #[test]
    fn relative_paths_go_up_and_down() {
        assert_eq!(
            relative(
                Path::new("/r/zandvoorde"),
                Path::new("/r/vng/model-2023.vo")
            ),
            "../vng/model-2023.vo"
        );
    }

    fn open(rel: &str) -> (Project, usize) {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(rel);
        let mut p = Project::new();
        let i = p.load(&path).unwrap();
        (p, i)
    }

    #[test]
    fn open_and_save_without_change_gives_fmt() {
        for rel in [
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        ] {
            let (p, i) = open(rel);
            let secs = sections(&p, i);
            assert!(
                secs.iter().map(|s| s.controls.len()).sum::<usize>() > 50,
                "{rel}"
            );
            let doc = p.doc(i).unwrap();
            let src = p.sources.text(doc.id);
            let e = read_entries(&secs, &doc.ast);
            let g = generate(&secs, &doc.ast, src, &e);
            assert!(g.unreadable.is_empty(), "{rel}");
            assert_eq!(
                g.text,
                verordening_core::fmt::format_file(&doc.ast),
                "{rel}"
            );
        }
    }

    #[test]
    fn a_changed_value_changes_only_its_statement() {
        let (p, i) = open("ordinances/voorbeeld/voorbeeldstad-2023.vo");
        let secs = sections(&p, i);
        let doc = p.doc(i).unwrap();
        let src = p.sources.text(doc.id);
        let mut e = read_entries(&secs, &doc.ast);
        e.insert("w:art13.lid2.percentage".into(), vec!["40".into()]);
        e.insert("o:art10".into(), vec!["ja".into()]);
        e.remove("o:art14o");
        let g = generate(&secs, &doc.ast, src, &e);
        let before = verordening_core::fmt::format_file(&doc.ast);
        assert!(g.text.contains("invulling art13.lid2.percentage = 40%"));
        assert!(g.text.contains("overgenomen art10\n"), "{}", g.text);
        assert!(!g.text.contains("art14o"));
        // Every comment of the file is still there.
        for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(g.text.contains(line), "{line}");
        }
    }

    #[test]
    fn a_concurrent_edit_is_merged_slot_by_slot() {
        let (p, i) = open("ordinances/voorbeeld/voorbeeldstad-2023.vo");
        let secs = sections(&p, i);
        let doc = p.doc(i).unwrap();
        let src = p.sources.text(doc.id);
        // Someone else changed the percentage and the period; this form changed the period
        // and the premie's article 13 age.
        let mut theirs = read_entries(&secs, &doc.ast);
        theirs.insert("w:art13.lid2.percentage".into(), vec!["45".into()]);
        theirs.insert("w:art13.lid4.periode".into(), vec!["30 maanden".into()]);
        let their_text = generate(&secs, &doc.ast, src, &theirs).text;
        let current = parse(&their_text, FileId(0)).file;
        let mut mine = read_entries(&secs, &doc.ast);
        mine.insert("w:art13.lid4.periode".into(), vec!["36 maanden".into()]);
        mine.insert("w:art13.lid3.c.leeftijd".into(), vec!["55 jaar".into()]);
        let (merged, conflicts) = merge(&secs, &doc.ast, &current, &mine);
        assert_eq!(conflicts, vec!["art13.lid4.periode".to_string()]);
        let text = generate(&secs, &current, &their_text, &merged).text;
        assert!(
            text.contains("invulling art13.lid2.percentage = 45%"),
            "{text}"
        );
        assert!(text.contains("invulling art13.lid4.periode = 36 maanden"));
        assert!(text.contains("invulling art13.lid3.c.leeftijd = 55 jaar"));
    }

    #[test]
    fn numbers_as_a_jurist_types_them() {
        assert!(is_number("1.250,50"));
        assert!(!is_number("€ 100"));
        assert_eq!(spell_one(&Ty::Bedrag, None, "100").unwrap(), "€ 100");
        assert_eq!(
            spell_one(&Ty::Tekst, None, "zeg \"ja\"").unwrap(),
            "\"zeg \\\"ja\\\"\""
        );
    }
}
