//! Symbol tables built once per document chain: the global names (facts, judgements,
//! soorten, parameters, definitions, voorzieningen, subjects), the model's slots with their
//! derived ids, and the articles with their leden.

use crate::diagnostics::FileId;
use crate::syntax::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalKind {
    Feit,
    Oordeel,
    Parameter,
    Definitie,
    Begrip,
    Soort,
    EnumValue,
    Voorziening,
    /// `vz.prop`, introduced by a `waarde` statement.
    Eigenschap,
    Onderwerp,
    Peildatum,
    /// `datum_inwerkingtreding`: the date of entry into force from the header of the evaluated
    /// ordinance (`inwerkingtreding`, else `geldig vanaf`).
    GeldigVanaf,
}

impl GlobalKind {
    pub fn noun(self) -> &'static str {
        match self {
            GlobalKind::Feit => "feit",
            GlobalKind::Oordeel => "oordeel",
            GlobalKind::Parameter => "parameter",
            GlobalKind::Definitie => "definitie",
            GlobalKind::Begrip => "begrip",
            GlobalKind::Soort => "soort",
            GlobalKind::EnumValue => "waarde van een soort",
            GlobalKind::Voorziening => "voorziening",
            GlobalKind::Eigenschap => "waarde van een voorziening",
            GlobalKind::Onderwerp => "onderwerp",
            GlobalKind::Peildatum => "peildatum",
            GlobalKind::GeldigVanaf => "datum van inwerkingtreding",
        }
    }
}

/// A declaration somewhere in the chain.
#[derive(Debug, Clone)]
pub struct Global<'a> {
    pub kind: GlobalKind,
    pub file: FileId,
    pub layer: Layer,
    pub span: Span,
    /// The declared type, for facts, judgements and parameters.
    pub ty: Option<&'a TypeExpr>,
    /// The defining expression, for definitions and begrippen with a definition.
    pub expr: Option<&'a Expr>,
    /// For enum values: the soort they belong to.
    pub soort: Option<String>,
    /// Where local slot names in `expr` resolve (definitions inside a model article).
    pub scope: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotKind {
    Fill,
    Passage,
    Keuze {
        options: Vec<String>,
        one_or_both: bool,
    },
    OptionalArticle,
    OptionalLid,
    OptionalLidGroup,
    /// One of the alternative versions of an article (`variant 1 { .. }`), adopted or not.
    Variant,
    OptionalOnderdeel,
    OptionalBegrip,
    OptionalBijlage,
}

impl SlotKind {
    pub fn is_optional_unit(&self) -> bool {
        !matches!(self, SlotKind::Fill | SlotKind::Keuze { .. })
    }

    pub fn noun(&self) -> &'static str {
        match self {
            SlotKind::Fill => "invulplek",
            SlotKind::Passage => "facultatieve passage",
            SlotKind::Keuze { .. } => "keuze",
            SlotKind::OptionalArticle => "facultatief artikel",
            SlotKind::OptionalLid => "facultatief lid",
            SlotKind::OptionalLidGroup => "facultatieve leden",
            SlotKind::Variant => "variant",
            SlotKind::OptionalOnderdeel => "facultatief onderdeel",
            SlotKind::OptionalBegrip => "facultatieve begripsbepaling",
            SlotKind::OptionalBijlage => "facultatieve bijlage",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub id: String,
    pub kind: SlotKind,
    pub span: Span,
    pub file: FileId,
    /// Enclosing optional units, outermost first.
    pub parents: Vec<String>,
    /// The keuze and option this slot exists in.
    pub option: Option<(String, String)>,
    /// A slot this one mirrors (`volgt`).
    pub volgt: Option<Name>,
    /// The fill-in's declaration, copied from the model: the table owns what it holds, so
    /// one table serves every check against the same model (see [`SlotTable::of_model`]).
    pub invulling: Option<Invulling>,
    /// Where a slot's local names resolve: its scope prefixes, innermost first.
    pub scope: Vec<String>,
}

/// Articles of a document: number → leden → onderdelen, for cross-references.
#[derive(Debug, Default, Clone)]
pub struct ArticleIndex {
    pub articles: BTreeMap<String, ArticleEntry>,
}

#[derive(Debug, Default, Clone)]
pub struct ArticleEntry {
    pub span: Span,
    pub optional: bool,
    pub vervallen: bool,
    pub leden: BTreeMap<String, Vec<String>>,
    pub model_nr: Option<String>,
}

impl ArticleIndex {
    pub fn build(file: &File) -> Self {
        let mut index = ArticleIndex::default();
        for item in &file.items {
            let ItemKind::Artikel(a) = &item.kind else {
                continue;
            };
            let mut entry = ArticleEntry {
                span: a.nr.span,
                optional: a.optional,
                vervallen: a.vervallen,
                leden: BTreeMap::new(),
                model_nr: a.model_nr.as_ref().map(|n| n.text.clone()),
            };
            for_each_lid(&a.members, &mut |lid| {
                let labels = lid
                    .members
                    .iter()
                    .filter_map(|m| match &m.kind {
                        MemberKind::Onderdeel(o) => Some(o.label.text.clone()),
                        _ => None,
                    })
                    .collect();
                entry.leden.insert(lid.nr.text.clone(), labels);
            });
            index.articles.entry(a.nr.text.clone()).or_insert(entry);
        }
        index
    }
}

pub fn for_each_lid<'a>(members: &'a [Member], f: &mut dyn FnMut(&'a Lid)) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => f(l),
            MemberKind::LidGroup(g) => for_each_lid(&g.leden, f),
            _ => {}
        }
    }
}

// Where a unit stands is the syntax's notation (`syntax::place`); the checker's callers keep
// reaching it here.
pub use crate::syntax::place::{art_prefix, lid_group_id, lid_group_prefix};

/// The model's slots, keyed by derived id, in document order.
#[derive(Debug, Default)]
pub struct SlotTable {
    pub slots: Vec<Slot>,
    pub by_id: BTreeMap<String, usize>,
    /// Slot ids declared twice: (id, first span, second span).
    pub duplicates: Vec<(String, Span, Span)>,
}

impl SlotTable {
    pub fn get(&self, id: &str) -> Option<&Slot> {
        self.by_id.get(id).and_then(|&i| self.slots.get(i))
    }

    /// Resolve a local name from a scope (innermost prefix first), or a full id.
    pub fn resolve(&self, scope: &[String], name: &str) -> Option<&Slot> {
        for prefix in scope {
            let id = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            if let Some(s) = self.get(&id) {
                return Some(s);
            }
        }
        self.get(name)
    }

    /// `{eisen.2}` in a text: the second element of the list fill-in `eisen`, so that a list
    /// the model prints as onderdelen ("a. [...]; en b. [...].") keeps its structure. The
    /// index counts from 1 and must lie within the list's `lengte`.
    pub fn resolve_element(&self, scope: &[String], name: &str) -> Option<(&Slot, usize)> {
        let (base, nr) = name.rsplit_once('.')?;
        let n: usize = nr.parse().ok()?;
        let slot = self.resolve(scope, base)?;
        let inv = slot.invulling.as_ref()?;
        let within = inv.lengte.is_none_or(|(len, _)| n <= len as usize);
        // `then`, not `then_some`: the index is computed only when `n >= 1` (`{eisen.0}` in a
        // text would underflow; found by the render fuzz target).
        (slot.kind == SlotKind::Fill && matches!(inv.ty, TypeExpr::List(..)) && n >= 1 && within)
            .then(|| (slot, n.saturating_sub(1)))
    }

    /// The slot table of a loaded model, built once and shared: every check of an ordinance
    /// that fills in the same loaded model (a server answering edits, the workbench, a fuzz
    /// target, a project of many municipalities on one model) reads one table instead of
    /// walking the 104 KB model again. Keyed by the model's tree — the same `Arc`, so a
    /// reloaded model, a new tree, gets a table of its own — and its file id, which the
    /// slots' places carry. Tables of models no longer loaded anywhere are dropped.
    pub fn of_model(file: &std::sync::Arc<File>, file_id: FileId) -> std::sync::Arc<SlotTable> {
        use std::sync::{Arc, Mutex, PoisonError, Weak};
        type Made = Vec<(Weak<File>, FileId, Arc<SlotTable>)>;
        static MADE: Mutex<Made> = Mutex::new(Vec::new());
        let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
        made.retain(|(tree, _, _)| tree.strong_count() > 0);
        let found = made
            .iter()
            .find(|(tree, id, _)| *id == file_id && std::ptr::eq(tree.as_ptr(), Arc::as_ptr(file)));
        if let Some((_, _, table)) = found {
            return Arc::clone(table);
        }
        let table = Arc::new(SlotTable::build(file, file_id));
        made.push((Arc::downgrade(file), file_id, Arc::clone(&table)));
        table
    }

    pub fn build(file: &File, file_id: FileId) -> Self {
        let mut table = SlotTable::default();
        let mut b = SlotBuilder {
            table: &mut table,
            file: file_id,
        };
        for item in &file.items {
            match &item.kind {
                ItemKind::Aanhef(block) => {
                    let ctx = Ctx::root(vec!["aanhef".into(), String::new()]);
                    b.members(&block.members, &ctx, "aanhef");
                }
                ItemKind::Slotformule(block) => {
                    let ctx = Ctx::root(vec!["slot".into(), String::new()]);
                    b.members(&block.members, &ctx, "slot");
                }
                ItemKind::Bijlage(bij) => {
                    let id = format!("bijlage{}", bij.id.text);
                    let mut ctx = Ctx::root(vec![id.clone(), String::new()]);
                    if bij.optional {
                        b.add(
                            &id,
                            SlotKind::OptionalBijlage,
                            bij.id.span,
                            &ctx,
                            None,
                            None,
                        );
                        ctx.parents.push(id.clone());
                    }
                    b.members(&bij.members, &ctx, &id);
                }
                ItemKind::Artikel(a) => {
                    let id = art_prefix(&a.nr.text);
                    let mut ctx = Ctx::root(vec![id.clone(), String::new()]);
                    if a.optional {
                        b.add(&id, SlotKind::OptionalArticle, a.nr.span, &ctx, None, None);
                        ctx.parents.push(id.clone());
                    }
                    b.members(&a.members, &ctx, &id);
                }
                _ => {}
            }
        }
        table
    }
}

#[derive(Clone)]
struct Ctx {
    parents: Vec<String>,
    option: Option<(String, String)>,
    scope: Vec<String>,
}

impl Ctx {
    fn root(scope: Vec<String>) -> Self {
        Ctx {
            parents: Vec::new(),
            option: None,
            scope,
        }
    }

    fn inner(&self, prefix: &str) -> Ctx {
        let mut c = self.clone();
        c.scope.insert(0, prefix.to_string());
        c
    }
}

struct SlotBuilder<'t> {
    table: &'t mut SlotTable,
    file: FileId,
}

impl<'a> SlotBuilder<'_> {
    fn add(
        &mut self,
        id: &str,
        kind: SlotKind,
        span: Span,
        ctx: &Ctx,
        volgt: Option<&'a Name>,
        invulling: Option<&'a Invulling>,
    ) {
        if let Some(&first) = self.table.by_id.get(id) {
            let first_span = self
                .table
                .slots
                .get(first)
                .map(|s| s.span)
                .unwrap_or_default();
            self.table
                .duplicates
                .push((id.to_string(), first_span, span));
            return;
        }
        self.table
            .by_id
            .insert(id.to_string(), self.table.slots.len());
        self.table.slots.push(Slot {
            id: id.to_string(),
            kind,
            span,
            file: self.file,
            parents: ctx.parents.clone(),
            option: ctx.option.clone(),
            volgt: volgt.cloned(),
            invulling: invulling.cloned(),
            scope: ctx.scope.clone(),
        });
    }

    fn members(&mut self, members: &'a [Member], ctx: &Ctx, prefix: &str) {
        for m in members {
            match &m.kind {
                MemberKind::Lid(lid) => self.lid(lid, ctx, prefix),
                MemberKind::LidGroup(g) => {
                    let id = lid_group_id(prefix, g);
                    let kind = match g.variant {
                        Some(_) => SlotKind::Variant,
                        None => SlotKind::OptionalLidGroup,
                    };
                    self.add(&id, kind, m.span, ctx, None, None);
                    let inner_prefix = lid_group_prefix(prefix, g);
                    let mut inner = match g.variant {
                        Some(_) => ctx.inner(&inner_prefix),
                        None => ctx.clone(),
                    };
                    inner.parents.push(id);
                    for l in &g.leden {
                        if let MemberKind::Lid(lid) = &l.kind {
                            self.lid(lid, &inner, &inner_prefix);
                        }
                    }
                }
                MemberKind::Onderdeel(o) => {
                    let id = format!("{prefix}.{}", o.label.text);
                    let mut inner = ctx.inner(&id);
                    if o.optional {
                        self.add(
                            &id,
                            SlotKind::OptionalOnderdeel,
                            o.label.span,
                            ctx,
                            None,
                            None,
                        );
                        inner.parents.push(id.clone());
                    }
                    self.members(&o.members, &inner, &id);
                }
                MemberKind::Stmt(s) => self.stmt(s, ctx, prefix),
                MemberKind::Tekst(_) | MemberKind::Toelichting(_) | MemberKind::Brongebrek(_) => {}
            }
        }
    }

    fn lid(&mut self, lid: &'a Lid, ctx: &Ctx, prefix: &str) {
        let id = crate::syntax::place::lid_prefix(prefix, &lid.nr.text);
        let mut inner = ctx.inner(&id);
        if lid.optional {
            self.add(&id, SlotKind::OptionalLid, lid.nr.span, ctx, None, None);
            inner.parents.push(id.clone());
        }
        self.members(&lid.members, &inner, &id);
    }

    fn stmt(&mut self, s: &'a Stmt, ctx: &Ctx, prefix: &str) {
        match s {
            Stmt::Begrip(b) if b.optional => {
                let id = format!("{prefix}.def.{}", b.name.text);
                self.add(&id, SlotKind::OptionalBegrip, b.name.span, ctx, None, None);
            }
            Stmt::Invulling(i) => self.slot_decl_invulling(i, ctx, prefix),
            Stmt::Passage(p) => self.passage(p, ctx, prefix),
            Stmt::Keuze(k) => self.keuze(k, ctx, prefix),
            _ => {}
        }
    }

    fn slot_decl_invulling(&mut self, i: &'a Invulling, ctx: &Ctx, prefix: &str) {
        let id = format!("{prefix}.{}", i.name.text);
        self.add(&id, SlotKind::Fill, i.name.span, ctx, None, Some(i));
    }

    fn passage(&mut self, p: &'a Passage, ctx: &Ctx, prefix: &str) {
        let id = format!("{prefix}.{}", p.name.text);
        self.add(
            &id,
            SlotKind::Passage,
            p.name.span,
            ctx,
            p.volgt.as_ref(),
            None,
        );
        let mut inner = ctx.clone();
        inner.parents.push(id);
        for s in &p.slots {
            match s {
                SlotDecl::Invulling(i) => self.slot_decl_invulling(i, &inner, prefix),
                SlotDecl::Passage(p2) => self.passage(p2, &inner, prefix),
                SlotDecl::Keuze(k) => self.keuze(k, &inner, prefix),
            }
        }
    }

    fn keuze(&mut self, k: &'a Keuze, ctx: &Ctx, prefix: &str) {
        let id = format!("{prefix}.{}", k.name.text);
        let options = k.options.iter().map(|o| o.name.text.clone()).collect();
        self.add(
            &id,
            SlotKind::Keuze {
                options,
                one_or_both: k.one_or_both,
            },
            k.name.span,
            ctx,
            k.volgt.as_ref(),
            None,
        );
        for o in &k.options {
            let mut inner = ctx.clone();
            inner.option = Some((id.clone(), o.name.text.clone()));
            for s in &o.slots {
                match s {
                    SlotDecl::Invulling(i) => self.slot_decl_invulling(i, &inner, prefix),
                    SlotDecl::Passage(p) => self.passage(p, &inner, prefix),
                    SlotDecl::Keuze(k2) => self.keuze(k2, &inner, prefix),
                }
            }
        }
    }
}

/// `d` with the help line every "unknown name" diagnostic gives: "bedoelde u `x`?" for the
/// nearest candidate, else `otherwise` (when there is one). One wording for all of them.
pub fn help_suggesting<'c>(
    d: crate::diagnostics::Diagnostic,
    typed: &str,
    candidates: impl Iterator<Item = &'c str>,
    otherwise: Option<String>,
) -> crate::diagnostics::Diagnostic {
    match (suggest(typed, candidates), otherwise) {
        (Some(s), _) => d.help(format!("bedoelde u `{s}`?")),
        (None, Some(o)) => d.help(o),
        (None, None) => d,
    }
}

/// Levenshtein distance, for "bedoelde u ...?" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // Two rows, allocated once: a suggestion compares a name with every candidate.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest candidate within a small distance.
pub fn suggest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let len = name.chars().count();
    let limit = (len / 3).max(2);
    candidates
        // The distance is at least the difference in length: most candidates need no table.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances_are_levenshtein_over_characters() {
        for (a, b, d) in [
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("abc", "", 3),
            ("gelijk", "gelijk", 0),
            ("persoon.doelgrp", "persoon.doelgroep", 2),
            ("beëindigen", "beeindigen", 1),
            ("verdringing", "verdringen", 2),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} ~ {b}");
            assert_eq!(edit_distance(b, a), d, "{b} ~ {a}");
        }
    }

    #[test]
    fn a_suggestion_is_the_closest_name_within_reach() {
        let names = [
            "persoon.doelgroep",
            "persoon.arbeidsbeperking",
            "verdringing",
        ];
        assert_eq!(
            suggest("persoon.doelgrp", names.iter().copied()),
            Some("persoon.doelgroep")
        );
        assert_eq!(
            suggest("verdringen", names.iter().copied()),
            Some("verdringing")
        );
        assert_eq!(suggest("iets.heel.anders", names.iter().copied()), None);
    }
}
