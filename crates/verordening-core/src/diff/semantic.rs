//! What changed in substance, one line each: values, choices and adoptions of an ordinance
//! that fills in a model; the slots of a model (added, removed, relabelled, another example);
//! and the rules, values and bounds per unit. Units that were renumbered are compared under
//! their new number, so renumbering alone is no change in substance.

use super::matching::Change;
use super::units::UnitKind;
use crate::check::conform::FillTable;
use crate::check::symbols::{Slot, SlotKind};
use crate::check::Checker;
use crate::project::Project;
use crate::render::{fill_text, Names};
use crate::syntax::*;
use std::collections::{BTreeMap, BTreeSet};

/// Old slot ids and rule places translated to the new numbering.
#[derive(Debug, Default)]
pub struct IdMap {
    /// Old article number → new.
    articles: BTreeMap<String, String>,
    /// (new article number, old lid) → new lid.
    leden: BTreeMap<(String, String), String>,
    /// Article numbers of the old version, longest first (numbers may contain dots).
    old_articles: Vec<String>,
}

impl IdMap {
    pub fn new(changes: &[Change], old_doc: &File) -> Self {
        let mut m = IdMap::default();
        for c in changes {
            let Change::Vernummerd { was, wordt, .. } = c else {
                continue;
            };
            match (was.eenheid, &was.lid, &wordt.lid) {
                (UnitKind::Artikel, _, _) => {
                    m.articles
                        .insert(was.article.clone(), wordt.article.clone());
                }
                (UnitKind::Lid, Some(ol), Some(nl)) if was.variant.is_none() => {
                    m.leden
                        .insert((wordt.article.clone(), ol.clone()), nl.clone());
                }
                _ => {}
            }
        }
        m.old_articles = old_doc
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Artikel(a) => Some(a.nr.text.clone()),
                _ => None,
            })
            .collect();
        m.old_articles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        m
    }

    /// `art15.lid2.a.periode` → `art15.lid3.a.periode`; `art15.lid2-4` → `art15.lid3-5`.
    pub fn map(&self, id: &str) -> String {
        let Some(nr) = self.old_articles.iter().find(|nr| {
            id.strip_prefix("art")
                .and_then(|r| r.strip_prefix(nr.as_str()))
                .is_some_and(|r| r.is_empty() || r.starts_with('.'))
        }) else {
            return id.to_string();
        };
        let rest = id.get(3 + nr.len()..).unwrap_or("");
        let new_nr = self.articles.get(nr).unwrap_or(nr);
        let Some(after) = rest.strip_prefix(".lid") else {
            return format!("art{new_nr}{rest}");
        };
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let n1 = digits(after);
        let (first, tail) = after.split_at(n1);
        let lid = |l: &str| {
            self.leden
                .get(&(new_nr.clone(), l.to_string()))
                .cloned()
                .unwrap_or_else(|| l.to_string())
        };
        match tail.strip_prefix('-') {
            Some(t) if digits(t) > 0 => {
                let (second, tail) = t.split_at(digits(t));
                format!("art{new_nr}.lid{}-{}{tail}", lid(first), lid(second))
            }
            _ => format!("art{new_nr}.lid{}{tail}", lid(first)),
        }
    }

    /// Every slot id in a line of canonical text, mapped.
    fn map_text(&self, line: &str) -> String {
        let mut out = String::new();
        let mut token = String::new();
        let is_id_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-');
        for c in line.chars().chain(std::iter::once('\u{0}')) {
            if is_id_char(c) {
                token.push(c);
                continue;
            }
            if token.starts_with("art") {
                out.push_str(&self.map(&token));
            } else {
                out.push_str(&token);
            }
            token.clear();
            if c != '\u{0}' {
                out.push(c);
            }
        }
        out
    }
}

/// The units of a document slots and rules belong to: articles, bijlagen, aanhef, slotformule.
fn homes(file: &File) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a) => Some(crate::check::symbols::art_prefix(&a.nr.text)),
            ItemKind::Bijlage(b) => Some(format!("bijlage{}", b.id.text)),
            ItemKind::Aanhef(_) => Some("aanhef".into()),
            ItemKind::Slotformule(_) => Some("slot".into()),
            _ => None,
        })
        .collect()
}

/// The home of a slot id or rule place: its article, bijlage, aanhef or slotformule.
fn home_of<'h>(id: &str, homes: &'h BTreeSet<String>) -> Option<&'h String> {
    homes
        .iter()
        .filter(|h| id == h.as_str() || id.starts_with(&format!("{h}.")))
        .max_by_key(|h| h.len())
}

/// A slot id or rule place in the words of the legal text, capitalised: `art8.lid3.bedrag` →
/// "Artikel 8, derde lid (bedrag)", `art1.def.praktijkroute` → "Artikel 1, begrip
/// praktijkroute", `art12.variant1.lid2` → "Artikel 12, variant 1, tweede lid",
/// `aanhef.grondslag_art10b_lid5` → "Aanhef (grondslag art10b lid5)".
pub fn place_words(id: &str) -> String {
    // A dotted article number (`art5.3.lid2`) is one segment here: artikel 5.3, not artikel 5,
    // onder 3.
    let (nr, rest) = crate::syntax::place::split_article(id);
    let head = match id.split('.').next() {
        Some(first) if first.starts_with("art") && nr.contains('.') => format!("art{nr}"),
        Some(first) => first.to_string(),
        None => String::new(),
    };
    let segs: Vec<&str> = if head.contains('.') {
        std::iter::once(head.as_str()).chain(rest).collect()
    } else {
        id.split('.').collect()
    };
    let mut out = String::new();
    let mut name: Option<String> = None;
    let mut i = 0;
    while let Some(seg) = segs.get(i).copied() {
        let last = i + 1 == segs.len();
        if i == 0 {
            out = match seg {
                "aanhef" => "Aanhef".to_string(),
                "slot" => "Slotformule".to_string(),
                _ => match (seg.strip_prefix("art"), seg.strip_prefix("bijlage")) {
                    (Some(nr), _) if nr.starts_with(|c: char| c.is_ascii_digit()) => {
                        format!("Artikel {nr}")
                    }
                    (_, Some(b)) => format!("Bijlage {b}").trim_end().to_string(),
                    _ => capital(seg),
                },
            };
        } else if seg == "def" {
            if let Some(term) = segs.get(i + 1) {
                out.push_str(&format!(", begrip {}", term.replace('_', " ")));
                i += 1;
            }
        } else if let Some(v) = seg.strip_prefix("variant").filter(|v| !v.is_empty()) {
            out.push_str(&format!(", variant {v}"));
        } else if let Some(nr) = seg
            .strip_prefix("lid")
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            let ordinal = |n: &str| {
                let w = crate::syntax::notation::lid_words(n);
                w.strip_suffix(" lid").map(str::to_string).unwrap_or(w)
            };
            match nr.split_once('-') {
                Some((a, b)) => {
                    let next = a.parse::<u32>().ok().map(|x| x + 1) == b.parse::<u32>().ok();
                    let join = if next { "en" } else { "tot en met" };
                    out.push_str(&format!(
                        ", {} {join} {}",
                        ordinal(a),
                        crate::syntax::notation::lid_words(b)
                    ))
                }
                None => out.push_str(&format!(", {}", crate::syntax::notation::lid_words(nr))),
            }
        } else if is_onderdeel_label(seg) && !(last && seg.len() > 1) {
            out.push_str(&format!(", onder {seg}"));
        } else {
            name = Some(
                segs.get(i..)
                    .unwrap_or_default()
                    .join(".")
                    .replace('_', " "),
            );
            break;
        }
        i += 1;
    }
    match name {
        Some(n) => format!("{out} ({n})"),
        None => out,
    }
}

/// An onderdeel's label in a slot id: `a`, `aa`, `3`, `2°`.
fn is_onderdeel_label(s: &str) -> bool {
    let core = s.trim_end_matches('°');
    !core.is_empty()
        && core.len() <= 2
        && (core.chars().all(|c| c.is_ascii_lowercase())
            || core.chars().all(|c| c.is_ascii_digit()))
}

/// The first letter in lower case: "artikel 14" inside a sentence.
pub fn lower_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_lowercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// The first letter as a capital: every line of the summary starts as a sentence does.
pub fn capital(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// The semantic lines, by kind.
#[derive(Debug, Default)]
pub struct Semantic {
    /// Values, choices and adoptions of an ordinance that fills in a model, with the slot id
    /// (an adoption of a whole article says no more than the line that adds the article).
    pub fills: Vec<(String, String)>,
    /// The slots of a model.
    pub slots: Vec<String>,
    /// Rules, values and bounds.
    pub rules: Vec<String>,
}

/// Semantic differences between two ordinances that fill in a model, or two models.
pub fn semantic(project: &Project, old: usize, new: usize, map: &IdMap) -> Semantic {
    let mut s = Semantic::default();
    let (Some(co), Some(cn)) = (Checker::new(project, old), Checker::new(project, new)) else {
        return s;
    };
    if co.model.is_some()
        && cn.model.is_some()
        && co.layer() == Layer::Verordening
        && cn.layer() == Layer::Verordening
    {
        s.fills = fill_lines(&co, &cn);
    }
    let (ho, hn) = (homes(&co.doc.ast), homes(&cn.doc.ast));
    // Only units present in both versions: an added or removed article is one line of its own.
    let in_both =
        |new_id: &str| home_of(new_id, &hn).is_some_and(|h| ho.iter().any(|o| map.map(o) == *h));
    if co.layer() == Layer::Model && cn.layer() == Layer::Model {
        s.slots = slot_lines(&co, &cn, map, &in_both);
    }
    let out = &mut s.rules;
    let ro: BTreeMap<String, Vec<String>> = rule_lines(&co)
        .into_iter()
        .map(|(p, ls)| (map.map(&p), ls.iter().map(|l| map.map_text(l)).collect()))
        .collect();
    let rn = rule_lines(&cn);
    for (place, lines) in &ro {
        let other = rn.get(place);
        for l in lines.iter().filter(|_| in_both(place)) {
            if !other.is_some_and(|o| o.contains(l)) {
                out.push(format!("{}: regel vervalt: `{l}`", place_words(place)));
            }
        }
    }
    for (place, lines) in &rn {
        let other = ro.get(place);
        for l in lines.iter().filter(|_| in_both(place)) {
            if !other.is_some_and(|o| o.contains(l)) {
                out.push(format!("{}: nieuwe regel: `{l}`", place_words(place)));
            }
        }
    }
    s
}

fn fill_lines(co: &Checker<'_>, cn: &Checker<'_>) -> Vec<(String, String)> {
    let fo = co.collect_fills();
    let fnw = cn.collect_fills();
    let (no, nn) = (Names::of(co), Names::of(cn));
    let ids: BTreeSet<&String> = fo
        .values
        .keys()
        .chain(fnw.values.keys())
        .chain(fo.choices.keys())
        .chain(fnw.choices.keys())
        .chain(fo.adoptions.keys())
        .chain(fnw.adoptions.keys())
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let vo = show_fill(&fo, &no, id);
        let vn = show_fill(&fnw, &nn, id);
        if vo != vn {
            let place = place_words(id);
            let line = match (vo, vn) {
                (Some(a), Some(b)) => format!("{place}: {a} → {b}"),
                (None, Some(b)) => format!("{place}: nieuw {b}"),
                (Some(a), None) => format!("{place}: {a} vervalt"),
                (None, None) => continue,
            };
            out.push((id.clone(), line));
        }
    }
    // In the order of the text: artikel 8 before artikel 14.
    out.sort_by_key(|(id, _)| natural(id));
    out
}

/// A sort key that orders the numbers in an id by value: `art8` before `art14`.
fn natural(id: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut rest = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            if !rest.is_empty() {
                out.push((0, std::mem::take(&mut rest)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            rest.push(c);
        }
    }
    if !digits.is_empty() {
        out.push((digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !rest.is_empty() {
        out.push((0, rest));
    }
    out
}

/// The model's own slots: which were added or removed, and which got another label or example.
fn slot_lines(
    co: &Checker<'_>,
    cn: &Checker<'_>,
    map: &IdMap,
    in_both: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    // A mirror (`volgt`) is no choice of its own (a Toelichting passage, say): left out.
    let own = |s: &&Slot| s.volgt.is_none();
    let old: BTreeMap<String, &Slot> = co
        .slots
        .slots
        .iter()
        .filter(own)
        .map(|s| (map.map(&s.id), s))
        .collect();
    let new: BTreeMap<String, &Slot> = cn
        .slots
        .slots
        .iter()
        .filter(own)
        .map(|s| (s.id.clone(), s))
        .collect();
    // Lines in the order of the new document (a removed slot where it stood).
    let position = |id: &str| {
        cn.slots
            .by_id
            .get(id)
            .copied()
            .or_else(|| {
                co.slots
                    .slots
                    .iter()
                    .position(|s| map.map(&s.id) == id)
                    .and_then(|i| {
                        // After the last new slot that precedes it in the old order.
                        co.slots
                            .slots
                            .iter()
                            .take(i)
                            .rev()
                            .find_map(|s| cn.slots.by_id.get(&map.map(&s.id)).copied())
                    })
            })
            .unwrap_or(0)
    };
    let mut out: Vec<(usize, String)> = Vec::new();
    let name = |id: &str, was: &str| {
        if id == was {
            place_words(id)
        } else {
            format!(
                "{}, was {}",
                place_words(id),
                lower_first(&place_words(was))
            )
        }
    };
    for (id, o) in &old {
        if !in_both(id) {
            continue;
        }
        let Some(n) = new.get(id) else {
            out.push((
                position(id),
                format!("{}: {} vervalt", place_words(&o.id), o.kind.noun()),
            ));
            continue;
        };
        if o.kind != n.kind
            && !matches!(
                (&o.kind, &n.kind),
                (SlotKind::Keuze { .. }, SlotKind::Keuze { .. })
            )
        {
            out.push((
                position(id),
                format!("{}: {} → {}", name(id, &o.id), o.kind.noun(), n.kind.noun()),
            ));
        }
        let label = |s: &Slot| {
            s.invulling
                .as_ref()
                .and_then(|i| i.label.as_ref())
                .map(|l| l.value.clone())
        };
        let example = |s: &Slot| s.invulling.as_ref().and_then(crate::render::example_text);
        if let (Some(a), Some(b)) = (label(o), label(n)) {
            if a != b {
                out.push((
                    position(id),
                    format!("{}: label \"{a}\" → \"{b}\"", name(id, &o.id)),
                ));
            }
        }
        match (example(o), example(n)) {
            (Some(a), Some(b)) if a != b => out.push((
                position(id),
                format!("{}: voorbeeld \"{a}\" → \"{b}\"", name(id, &o.id)),
            )),
            (Some(a), None) => out.push((
                position(id),
                format!("{}: voorbeeld \"{a}\" vervalt", name(id, &o.id)),
            )),
            (None, Some(b)) => out.push((
                position(id),
                format!("{}: nieuw voorbeeld \"{b}\"", name(id, &o.id)),
            )),
            _ => {}
        }
    }
    for (id, n) in &new {
        if in_both(id) && !old.contains_key(id) {
            out.push((
                position(id),
                format!("{}: {} toegevoegd", place_words(id), n.kind.noun()),
            ));
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, l)| l).collect()
}

fn show_fill(f: &FillTable<'_>, names: &Names, id: &str) -> Option<String> {
    if let Some((fv, _)) = f.values.get(id) {
        // As in the legal text: a value as written, a formula in words.
        return Some(fill_text(fv, names, None));
    }
    if let Some((opts, _)) = f.choices.get(id) {
        let o: Vec<&str> = opts.iter().map(|n| n.text.as_str()).collect();
        return Some(format!("keuze {}", o.join(" en ")));
    }
    f.adoptions.get(id).map(|(b, _)| {
        if *b {
            "overgenomen".to_string()
        } else {
            "niet overgenomen".to_string()
        }
    })
}

/// Rules, values and bounds per unit of a document itself (not of the model it fills).
fn rule_lines(c: &Checker<'_>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    crate::check::visit_stmts_with_place(&c.doc.ast, &mut |place, s| {
        let line = match s {
            Stmt::Rule(r) => crate::fmt::rule(r),
            Stmt::Waarde(w) => format!("waarde {} = {}", w.name.text, crate::fmt::expr(&w.expr)),
            Stmt::Grens(g) => crate::fmt::grens(g),
            _ => return,
        };
        out.entry(place.to_string()).or_default().push(line);
    });
    out
}
