//! Comparing two versions of a regulation: the was-wordt table per artikel and lid (with the
//! changed words marked), and the semantic changes above it (a value changed, a choice made
//! differently, an optional part adopted or dropped, a rule changed, an article added,
//! removed or renumbered). Renumbering is recognised by content, not shown as delete + add.

use crate::check::conform::{fill_values, FillTable, State};
use crate::check::Checker;
use crate::project::Project;
use crate::render::{render, Block, Mode};
use crate::syntax::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How alike two texts must be (share of common words) to count as the same unit moved.
const SAME_UNIT: f64 = 0.6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// "Artikel 14a" or "Artikel 14a, lid 3".
    pub label: String,
    pub article: String,
    pub lid: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "soort")]
pub enum Change {
    /// A unit whose text changed.
    Gewijzigd {
        was: Unit,
        wordt: Unit,
    },
    /// A unit that moved to another number, perhaps with changes.
    Vernummerd {
        was: Unit,
        wordt: Unit,
        tekst_gewijzigd: bool,
    },
    Toegevoegd {
        wordt: Unit,
    },
    Vervallen {
        was: Unit,
    },
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// One line each: what changed in substance.
    pub semantisch: Vec<String>,
    pub wijzigingen: Vec<Change>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.semantisch.is_empty() && self.wijzigingen.is_empty()
    }
}

/// The units of a rendered document: article headings and leden (onderdelen joined into their lid).
pub fn units(blocks: &[Block]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut article = String::new();
    for b in blocks {
        match b {
            Block::Article(t) => {
                let nr = t
                    .trim_start_matches('[')
                    .strip_prefix("Artikel ")
                    .and_then(|r| {
                        r.split_once(". ")
                            .map(|(n, _)| n)
                            .or_else(|| r.split_whitespace().next())
                    })
                    .unwrap_or(t)
                    .to_string();
                article = nr.clone();
                out.push(Unit {
                    label: format!("Artikel {nr}"),
                    article: nr,
                    lid: None,
                    text: t.clone(),
                });
            }
            Block::Lid(n, t) => {
                let nr = n.trim_start_matches('[').trim_end_matches('.').to_string();
                out.push(Unit {
                    label: format!("Artikel {article}, lid {nr}"),
                    article: article.clone(),
                    lid: Some(nr),
                    text: format!("{n} {t}"),
                });
            }
            Block::Onderdeel(_, l, t) if !out.is_empty() => {
                if let Some(last) = out.last_mut() {
                    last.text.push_str(&format!("\n{l} {t}"));
                }
            }
            Block::Para(t) => match out.last_mut() {
                Some(last) if !article.is_empty() => {
                    last.text.push('\n');
                    last.text.push_str(t);
                }
                _ => out.push(Unit {
                    label: "Aanhef".into(),
                    article: String::new(),
                    lid: None,
                    text: t.clone(),
                }),
            },
            _ => {}
        }
    }
    out
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Share of words in common (Dice coefficient over the multisets).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for w in &wa {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0i64;
    for w in &wb {
        if let Some(c) = counts.get_mut(w) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    (2 * common) as f64 / (wa.len() + wb.len()) as f64
}

/// The text without its leading number, for comparing a lid that was renumbered.
fn body(u: &Unit) -> &str {
    match &u.lid {
        Some(_) => u.text.split_once(' ').map(|(_, r)| r).unwrap_or(&u.text),
        None => u.text.split_once(". ").map(|(_, r)| r).unwrap_or(&u.text),
    }
}

/// Compare two unit lists: articles first (by number, then by content to find renumbered
/// ones), then leden, with the leden of a renumbered article following their article.
pub fn compare_units(old: &[Unit], new: &[Unit]) -> Vec<Change> {
    let (old_arts, old_leden): (Vec<Unit>, Vec<Unit>) =
        old.iter().cloned().partition(|u| u.lid.is_none());
    let (new_arts, new_leden): (Vec<Unit>, Vec<Unit>) =
        new.iter().cloned().partition(|u| u.lid.is_none());
    let mut changes = compare_level(&old_arts, &new_arts, new);
    let moved: BTreeMap<String, String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Vernummerd { was, wordt, .. } => {
                Some((was.article.clone(), wordt.article.clone()))
            }
            _ => None,
        })
        .collect();
    let old_leden: Vec<Unit> = old_leden
        .into_iter()
        .map(|mut u| {
            if let (Some(to), Some(l)) = (moved.get(&u.article), &u.lid) {
                u.label = format!("Artikel {to}, lid {l}");
                u.article = to.clone();
            }
            u
        })
        .collect();
    changes.extend(compare_level(&old_leden, &new_leden, new));
    let pos = |label: &str| {
        new.iter()
            .position(|u| u.label == label)
            .or_else(|| old.iter().position(|u| u.label == label))
            .unwrap_or(usize::MAX)
    };
    changes.sort_by_key(|c| match c {
        Change::Gewijzigd { wordt, .. }
        | Change::Vernummerd { wordt, .. }
        | Change::Toegevoegd { wordt } => pos(&wordt.label),
        Change::Vervallen { was } => pos(&was.label),
    });
    changes
}

fn compare_level(old: &[Unit], new: &[Unit], _all_new: &[Unit]) -> Vec<Change> {
    let mut changes = Vec::new();
    let new_by_label: BTreeMap<&str, &Unit> = new.iter().map(|u| (u.label.as_str(), u)).collect();
    let old_labels: BTreeSet<&str> = old.iter().map(|u| u.label.as_str()).collect();
    let mut unmatched_old: Vec<&Unit> = Vec::new();
    for o in old {
        match new_by_label.get(o.label.as_str()) {
            Some(n) if body(o) == body(n) => {}
            Some(n) if similarity(body(o), body(n)) >= 0.25 || o.lid.is_none() => {
                changes.push(Change::Gewijzigd {
                    was: o.clone(),
                    wordt: (*n).clone(),
                })
            }
            Some(_) => unmatched_old.push(o),
            None => unmatched_old.push(o),
        }
    }
    let mut unmatched_new: Vec<&Unit> = new
        .iter()
        .filter(|n| {
            !old_labels.contains(n.label.as_str())
                || unmatched_old.iter().any(|o| o.label == n.label)
        })
        .collect();
    // Renumbering: an old unit whose content reappears under another number.
    let mut removed = Vec::new();
    for o in unmatched_old {
        let best = unmatched_new
            .iter()
            .enumerate()
            .filter(|(_, n)| n.lid.is_some() == o.lid.is_some() && n.label != o.label)
            .map(|(i, n)| (i, similarity(body(o), body(n))))
            .filter(|(_, s)| *s >= SAME_UNIT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) => {
                let n = unmatched_new.remove(i);
                changes.push(Change::Vernummerd {
                    was: o.clone(),
                    wordt: n.clone(),
                    tekst_gewijzigd: body(o) != body(n),
                });
            }
            None => removed.push(o),
        }
    }
    for o in removed {
        // Same label still present in new (content replaced entirely): a change, not a removal.
        match unmatched_new.iter().position(|n| n.label == o.label) {
            Some(i) => {
                let n = unmatched_new.remove(i);
                changes.push(Change::Gewijzigd {
                    was: o.clone(),
                    wordt: n.clone(),
                });
            }
            None => changes.push(Change::Vervallen { was: o.clone() }),
        }
    }
    for n in unmatched_new {
        changes.push(Change::Toegevoegd { wordt: n.clone() });
    }
    changes
}

/// Word-level difference: (word, kind) with kind 0 = same, -1 = only in old, 1 = only in new.
pub fn word_diff<'a>(old: &'a str, new: &'a str) -> (Vec<(&'a str, i8)>, Vec<(&'a str, i8)>) {
    let a = words(old);
    let b = words(new);
    // LCS table; texts of a lid are short, so quadratic is fine (bounded: 4000 words).
    if a.len() * b.len() > 16_000_000 {
        return (
            a.iter().map(|w| (*w, -1)).collect(),
            b.iter().map(|w| (*w, 1)).collect(),
        );
    }
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let idx = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if a.get(i) == b.get(j) {
                t.get(idx(i + 1, j + 1)).copied().unwrap_or(0) + 1
            } else {
                t.get(idx(i + 1, j))
                    .copied()
                    .unwrap_or(0)
                    .max(t.get(idx(i, j + 1)).copied().unwrap_or(0))
            };
            if let Some(cell) = t.get_mut(idx(i, j)) {
                *cell = v;
            }
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut ro, mut rn) = (Vec::new(), Vec::new());
    while i < n || j < m {
        let (wa, wb) = (a.get(i), b.get(j));
        if i < n && j < m && wa == wb {
            ro.push((*wa.unwrap_or(&""), 0));
            rn.push((*wb.unwrap_or(&""), 0));
            i += 1;
            j += 1;
        } else if j < m
            && (i >= n
                || t.get(idx(i, j + 1)).copied().unwrap_or(0)
                    >= t.get(idx(i + 1, j)).copied().unwrap_or(0))
        {
            rn.push((*wb.unwrap_or(&""), 1));
            j += 1;
        } else {
            ro.push((*wa.unwrap_or(&""), -1));
            i += 1;
        }
    }
    (ro, rn)
}

/// Semantic differences between two ordinances that fill in a model, or two models.
fn semantic(project: &Project, old: usize, new: usize) -> Vec<String> {
    let (Some(co), Some(cn)) = (Checker::new(project, old), Checker::new(project, new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let fo = co.collect_fills();
    let fnw = cn.collect_fills();
    if co.model.is_some()
        && cn.model.is_some()
        && co.layer() == Layer::Verordening
        && cn.layer() == Layer::Verordening
    {
        let so = State {
            checker: &co,
            fills: &fo,
        };
        let sn = State {
            checker: &cn,
            fills: &fnw,
        };
        let ids: BTreeSet<&String> = fo
            .values
            .keys()
            .chain(fnw.values.keys())
            .chain(fo.choices.keys())
            .chain(fnw.choices.keys())
            .chain(fo.adoptions.keys())
            .chain(fnw.adoptions.keys())
            .collect();
        for id in ids {
            let vo = show_fill(&co, &fo, &so, id);
            let vn = show_fill(&cn, &fnw, &sn, id);
            if vo != vn {
                let line = match (vo, vn) {
                    (Some(a), Some(b)) => format!("`{id}`: {a} → {b}"),
                    (None, Some(b)) => format!("`{id}`: nieuw {b}"),
                    (Some(a), None) => format!("`{id}`: {a} vervalt"),
                    (None, None) => continue,
                };
                out.push(line);
            }
        }
    }
    // Rules and values per article, compared as canonical text.
    let ro = rule_lines(&co);
    let rn = rule_lines(&cn);
    for (place, lines) in &ro {
        let other = rn.get(place);
        for l in lines {
            if !other.is_some_and(|o| o.contains(l)) {
                out.push(format!("{place}: regel vervalt: `{l}`"));
            }
        }
    }
    for (place, lines) in &rn {
        let other = ro.get(place);
        for l in lines {
            if !other.is_some_and(|o| o.contains(l)) {
                out.push(format!("{place}: nieuwe regel: `{l}`"));
            }
        }
    }
    out
}

fn show_fill(c: &Checker<'_>, f: &FillTable<'_>, s: &State<'_, '_>, id: &str) -> Option<String> {
    if let Some((fv, _)) = f.values.get(id) {
        let ty = c
            .slots
            .get(id)
            .map(|slot| c.slot_ty(slot))
            .unwrap_or(crate::check::types::Ty::Any);
        let ev = crate::check::consteval::ConstEval::new(c, s, c.reference_date());
        return Some(
            match fill_values(fv, &ty, &ev).and_then(|v| v.into_iter().next()) {
                Some(v) => v.to_string(),
                None => format!("{fv:?}").chars().take(60).collect(),
            },
        );
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

/// Rules, values and bounds per article of a document itself (not of the model it fills).
fn rule_lines(c: &Checker<'_>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    crate::check::visit_stmts_with_place(&c.doc.ast, &mut |place, s| {
        let line = match s {
            Stmt::Rule(r) => {
                let target = match &r.target {
                    Target::All(_) => "alle voorzieningen".to_string(),
                    Target::Voorziening(n) => n.text.clone(),
                };
                let mut l = format!("{} {target}", r.modality.as_str());
                if let Some(e) = &r.condition {
                    l.push_str(&format!(" als {}", crate::fmt::expr(e)));
                }
                if let Some(e) = &r.tenzij {
                    l.push_str(&format!(" tenzij {}", crate::fmt::expr(e)));
                }
                l
            }
            Stmt::Waarde(w) => format!("waarde {} = {}", w.name.text, crate::fmt::expr(&w.expr)),
            Stmt::Grens(g) => format!(
                "grens {} {} {}",
                g.name.text,
                g.op.as_str(),
                crate::fmt::expr(&g.expr)
            ),
            _ => return,
        };
        out.entry(place.to_string()).or_default().push(line);
    });
    out
}

/// Diff two documents loaded in one project.
pub fn diff(project: &Project, old: usize, new: usize) -> Diff {
    let mode_for = |i: usize| match project.doc(i).map(|d| d.ast.header.layer) {
        Some(Layer::Model) => Mode::Leeswijzer,
        _ => Mode::Tekst,
    };
    let bo = render(project, old, mode_for(old)).unwrap_or_default();
    let bn = render(project, new, mode_for(new)).unwrap_or_default();
    let (uo, un) = (units(&bo), units(&bn));
    let mut d = Diff {
        semantisch: semantic(project, old, new),
        wijzigingen: compare_units(&uo, &un),
    };
    for c in &d.wijzigingen {
        let line = match c {
            Change::Vernummerd {
                was,
                wordt,
                tekst_gewijzigd,
            } => Some(format!(
                "{} vernummerd naar {}{}",
                was.label.to_lowercase().replacen("artikel", "artikel", 1),
                wordt.label.to_lowercase(),
                if *tekst_gewijzigd {
                    " (en gewijzigd)"
                } else {
                    ""
                }
            )),
            Change::Toegevoegd { wordt } if wordt.lid.is_none() => {
                Some(format!("{} toegevoegd", wordt.label))
            }
            Change::Vervallen { was } if was.lid.is_none() => {
                Some(format!("{} vervallen", was.label))
            }
            _ => None,
        };
        if let Some(l) = line {
            d.semantisch.push(l);
        }
    }
    d
}

// ---------------------------------------------------------------- printing

fn marked_md(ws: &[(&str, i8)], del: bool) -> String {
    let mut out = Vec::new();
    for (w, k) in ws {
        out.push(match (k, del) {
            (0, _) => w.to_string(),
            (_, true) => format!("~~{w}~~"),
            (_, false) => format!("**{w}**"),
        });
    }
    out.join(" ").replace('|', "\\|")
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

pub fn markdown(d: &Diff, old_name: &str, new_name: &str) -> String {
    let mut out = format!("# Was-wordt: {old_name} → {new_name}\n\n");
    if d.is_empty() {
        out.push_str("Geen verschillen.\n");
        return out;
    }
    if !d.semantisch.is_empty() {
        out.push_str("## Wijzigingen\n\n");
        for l in &d.semantisch {
            out.push_str(&format!("- {l}\n"));
        }
        out.push('\n');
    }
    out.push_str("## Was-wordt-tabel\n\n| | Was | Wordt |\n|---|---|---|\n");
    for c in &d.wijzigingen {
        match c {
            Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                let (o, n) = word_diff(&was.text, &wordt.text);
                let label = if was.label == wordt.label {
                    was.label.clone()
                } else {
                    format!("{} → {}", was.label, wordt.label)
                };
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&label),
                    marked_md(&o, true).replace('\n', "<br>"),
                    marked_md(&n, false).replace('\n', "<br>")
                ));
            }
            Change::Toegevoegd { wordt } => out.push_str(&format!(
                "| {} | | **{}** |\n",
                cell(&wordt.label),
                cell(&wordt.text)
            )),
            Change::Vervallen { was } => out.push_str(&format!(
                "| {} | ~~{}~~ | |\n",
                cell(&was.label),
                cell(&was.text)
            )),
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn marked_html(ws: &[(&str, i8)], del: bool) -> String {
    ws.iter()
        .map(|(w, k)| match (k, del) {
            (0, _) => esc(w),
            (_, true) => format!("<del>{}</del>", esc(w)),
            (_, false) => format!("<ins>{}</ins>", esc(w)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn html(d: &Diff, old_name: &str, new_name: &str) -> String {
    let mut rows = String::new();
    for c in &d.wijzigingen {
        let (label, o, n) = match c {
            Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                let (o, n) = word_diff(&was.text, &wordt.text);
                let label = if was.label == wordt.label {
                    was.label.clone()
                } else {
                    format!("{} → {}", was.label, wordt.label)
                };
                (label, marked_html(&o, true), marked_html(&n, false))
            }
            Change::Toegevoegd { wordt } => (
                wordt.label.clone(),
                String::new(),
                format!("<ins>{}</ins>", esc(&wordt.text)),
            ),
            Change::Vervallen { was } => (
                was.label.clone(),
                format!("<del>{}</del>", esc(&was.text)),
                String::new(),
            ),
        };
        rows.push_str(&format!(
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n",
            esc(&label),
            o,
            n
        ));
    }
    let semantic: String = d
        .semantisch
        .iter()
        .map(|l| format!("<li>{}</li>\n", esc(l)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Was-wordt: {} → {}</title>\n<style>\nbody {{ font-family: Georgia, serif; margin: 2em; }} table {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #bbb; padding: .4em .6em; vertical-align: top; text-align: left; white-space: pre-wrap; }}\ndel {{ background: #fdd; }} ins {{ background: #dfd; text-decoration: none; font-weight: bold; }}\n</style>\n</head>\n<body>\n<h1>Was-wordt: {} → {}</h1>\n<h2>Wijzigingen</h2>\n<ul>\n{}</ul>\n<table>\n<tr><th></th><th>Was</th><th>Wordt</th></tr>\n{}</table>\n</body>\n</html>\n",
        esc(old_name), esc(new_name), esc(old_name), esc(new_name), semantic, rows
    )
}
