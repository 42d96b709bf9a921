//! Pairing the units of two versions: the same unit under the same number, the same unit
//! under another number (renumbered, recognised by its content), a unit whose number stays
//! but whose text was replaced, and units added or removed. Articles are paired first; their
//! leden and begrippen then follow them to their new number.

use super::units::{Unit, UnitKind};
use super::words::{overlap, similarity};
use serde::Serialize;
use std::collections::BTreeMap;

/// How alike two texts must be (share of common words) to count as the same unit moved.
const SAME_UNIT: f64 = 0.6;
/// A shorter text of which this share of words reappears in a longer one, under another
/// number, is the same unit that grew (or shrank).
const CONTAINED: f64 = 0.8;
/// Below this, a unit under the same number is a different unit (replaced, not edited).
const SAME_NUMBER: f64 = 0.25;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

impl Change {
    pub fn was(&self) -> Option<&Unit> {
        match self {
            Change::Gewijzigd { was, .. }
            | Change::Vernummerd { was, .. }
            | Change::Vervallen { was } => Some(was),
            Change::Toegevoegd { .. } => None,
        }
    }

    pub fn wordt(&self) -> Option<&Unit> {
        match self {
            Change::Gewijzigd { wordt, .. }
            | Change::Vernummerd { wordt, .. }
            | Change::Toegevoegd { wordt } => Some(wordt),
            Change::Vervallen { .. } => None,
        }
    }
}

fn assign(to_new: &mut [Option<usize>], taken: &mut [bool], i: usize, j: usize) {
    if let Some(slot) = to_new.get_mut(i) {
        *slot = Some(j);
    }
    if let Some(t) = taken.get_mut(j) {
        *t = true;
    }
}

/// The pairing of old units with new ones (index into the new list, or none).
fn pair_level(old: &[&Unit], new: &[&Unit]) -> Vec<Option<usize>> {
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        for (j, n) in new.iter().enumerate() {
            let same_label = o.label == n.label;
            let (bo, bn) = (o.body(), n.body());
            let score = if bo == bn {
                3.0 + if same_label { 0.5 } else { 0.0 }
            } else {
                let sim = similarity(bo, bn);
                let moved = sim >= SAME_UNIT || (overlap(bo, bn) >= CONTAINED && sim >= 0.4);
                match (same_label, moved) {
                    (true, _) if sim >= SAME_NUMBER => sim + 0.3,
                    (false, true) => sim,
                    _ => continue,
                }
            };
            scored.push((score, i, j));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    for (_, i, j) in scored {
        let free_old = to_new.get(i).is_some_and(Option::is_none);
        let free_new = taken.get(j).is_some_and(|t| !t);
        if free_old && free_new {
            assign(&mut to_new, &mut taken, i, j);
        }
    }
    // A number that stays while its text is replaced: one unit under that number, changed.
    for (i, o) in old.iter().enumerate() {
        if to_new.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let j = new
            .iter()
            .enumerate()
            .position(|(j, n)| n.label == o.label && taken.get(j).is_some_and(|t| !t));
        if let Some(j) = j {
            assign(&mut to_new, &mut taken, i, j);
        }
    }
    to_new
}

/// Pair all units: articles first, then the units inside them with their article's new number.
/// Also returns the articles' renumbering (old number → new).
fn pair_all(
    old: &[Unit],
    new: &[Unit],
    declared: &BTreeMap<String, String>,
) -> (Vec<Option<usize>>, BTreeMap<String, String>) {
    let mut result: Vec<Option<usize>> = vec![None; old.len()];
    // Group indices by container.
    let group = |units: &[Unit], article_map: &BTreeMap<String, String>| {
        let mut g: BTreeMap<(UnitKind, String, Option<String>), Vec<usize>> = BTreeMap::new();
        for (i, u) in units.iter().enumerate() {
            let (k, a, v) = u.container();
            let a = article_map.get(&a).cloned().unwrap_or(a);
            g.entry((k, a, v)).or_default().push(i);
        }
        g
    };
    let none = BTreeMap::new();
    // Top level first (articles, headings, bijlagen, aanhef, slotformule).
    let old_top = group(old, &none);
    let new_top = group(new, &none);
    let mut article_map: BTreeMap<String, String> = BTreeMap::new();
    for (key, oi) in old_top.iter().filter(|(k, _)| k.1.is_empty()) {
        let Some(ni) = new_top.get(key) else {
            continue;
        };
        let ou: Vec<&Unit> = oi.iter().filter_map(|&i| old.get(i)).collect();
        let nu: Vec<&Unit> = ni.iter().filter_map(|&j| new.get(j)).collect();
        for (a, b) in pair_level(&ou, &nu).into_iter().enumerate() {
            let (Some(&i), Some(j)) = (oi.get(a), b.and_then(|b| ni.get(b).copied())) else {
                continue;
            };
            if let Some(r) = result.get_mut(i) {
                *r = Some(j);
            }
            if let (Some(o), Some(n)) = (old.get(i), new.get(j)) {
                if o.eenheid == UnitKind::Artikel {
                    article_map.insert(o.article.clone(), n.article.clone());
                }
            }
        }
    }
    pair_moved_articles(old, new, &mut result, &mut article_map);
    // A renumbering the amending decision declares ("artikel 5.7 wordt vernummerd tot artikel
    // 5.6") overrides whatever the content suggested for both numbers.
    for (from, to) in declared {
        let is_art = |u: &Unit, nr: &str| u.eenheid == UnitKind::Artikel && u.article == nr;
        let (Some(i), Some(j)) = (
            old.iter().position(|u| is_art(u, from)),
            new.iter().position(|u| is_art(u, to)),
        ) else {
            continue;
        };
        for r in result.iter_mut() {
            if *r == Some(j) {
                *r = None;
            }
        }
        if let Some(r) = result.get_mut(i) {
            *r = Some(j);
        }
        article_map.retain(|k, v| k != from && v != to);
        article_map.insert(from.clone(), to.clone());
    }
    // Then leden and begrippen, each within its (renumbered) article and variant.
    let old_in = group(old, &article_map);
    for (key, oi) in old_in.iter().filter(|(k, _)| !k.1.is_empty()) {
        let Some(ni) = new_top.get(key) else {
            continue;
        };
        let ou: Vec<&Unit> = oi.iter().filter_map(|&i| old.get(i)).collect();
        let nu: Vec<&Unit> = ni.iter().filter_map(|&j| new.get(j)).collect();
        // Labels of the old leden as they read under the article's new number.
        let relabelled: Vec<Unit> = ou
            .iter()
            .map(|u| relabel(u, article_map.get(&u.article)))
            .collect();
        let ou: Vec<&Unit> = relabelled.iter().collect();
        for (a, b) in pair_level(&ou, &nu).into_iter().enumerate() {
            if let (Some(&i), Some(j)) = (oi.get(a), b.and_then(|b| ni.get(b).copied())) {
                if let Some(r) = result.get_mut(i) {
                    *r = Some(j);
                }
            }
        }
    }
    pair_across_kinds(old, new, &mut result);
    (result, article_map)
}

/// The text of an article with everything in it (its title, then its leden and begrippen):
/// what an article that moved and was partly rewritten still shares with its old self.
fn whole_article(units: &[Unit], a: &Unit) -> String {
    let mut s = a.body().to_string();
    for u in units.iter().filter(|u| {
        matches!(u.eenheid, UnitKind::Lid | UnitKind::Begrip)
            && u.article == a.article
            && u.variant == a.variant
    }) {
        s.push('\n');
        s.push_str(u.body());
    }
    s
}

/// An article renumbered and partly rewritten at once — a new title, some leden the same
/// (issue 22, item 6) — has a title too unlike its old one for the pairing by title; among
/// the articles left unpaired, one whose whole text (title and leden) is still mostly the
/// old one's is that article renumbered and changed, not one removed and another added.
fn pair_moved_articles(
    old: &[Unit],
    new: &[Unit],
    result: &mut [Option<usize>],
    article_map: &mut BTreeMap<String, String>,
) {
    let mut taken: Vec<bool> = vec![false; new.len()];
    for j in result.iter().flatten() {
        if let Some(t) = taken.get_mut(*j) {
            *t = true;
        }
    }
    let is_article = |u: &Unit| u.eenheid == UnitKind::Artikel;
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if !is_article(o) || result.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let wo = whole_article(old, o);
        for (j, n) in new.iter().enumerate() {
            if !is_article(n) || taken.get(j).is_none_or(|t| *t) || n.variant != o.variant {
                continue;
            }
            let wn = whole_article(new, n);
            let sim = similarity(&wo, &wn);
            if sim >= SAME_UNIT || (overlap(&wo, &wn) >= CONTAINED && sim >= 0.4) {
                scored.push((sim, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in scored {
        let free_old = result.get(i).is_some_and(Option::is_none);
        let free_new = taken.get(j).is_some_and(|t| !t);
        if !(free_old && free_new) {
            continue;
        }
        if let Some(r) = result.get_mut(i) {
            *r = Some(j);
        }
        if let Some(t) = taken.get_mut(j) {
            *t = true;
        }
        if let (Some(o), Some(n)) = (old.get(i), new.get(j)) {
            article_map.insert(o.article.clone(), n.article.clone());
        }
    }
}

/// What a lid or an article without leden says, without its number or heading: a lid that
/// becomes an article of its own (or the reverse) keeps this text.
fn content(u: &Unit) -> String {
    match u.eenheid {
        UnitKind::Lid => u.body().to_string(),
        UnitKind::Artikel => u.text.lines().skip(1).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

/// A lid that became an article, or an article that became a lid: recognised by its text
/// among the units left over after pairing.
fn pair_across_kinds(old: &[Unit], new: &[Unit], result: &mut [Option<usize>]) {
    let mut taken: Vec<bool> = vec![false; new.len()];
    for j in result.iter().flatten() {
        if let Some(t) = taken.get_mut(*j) {
            *t = true;
        }
    }
    let across = |a: UnitKind, b: UnitKind| {
        matches!(
            (a, b),
            (UnitKind::Lid, UnitKind::Artikel) | (UnitKind::Artikel, UnitKind::Lid)
        )
    };
    for (i, o) in old.iter().enumerate() {
        if result.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let co = content(o);
        if co.is_empty() {
            continue;
        }
        let best = new
            .iter()
            .enumerate()
            .filter(|(j, n)| taken.get(*j).is_some_and(|t| !t) && across(o.eenheid, n.eenheid))
            .map(|(j, n)| (j, similarity(&co, &content(n))))
            .filter(|(_, s)| *s >= SAME_UNIT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            if let Some(r) = result.get_mut(i) {
                *r = Some(j);
            }
            if let Some(t) = taken.get_mut(j) {
                *t = true;
            }
        }
    }
}

/// Whether two paired units say the same, apart from their numbers.
pub fn same_text(o: &Unit, n: &Unit) -> bool {
    if o.eenheid == n.eenheid {
        o.body() == n.body()
    } else {
        content(o) == content(n)
    }
}

/// A lid or begrip of an article that moved, labelled with the article's new number.
fn relabel(u: &Unit, to: Option<&String>) -> Unit {
    let mut u = u.clone();
    if let Some(to) = to {
        if *to != u.article {
            u.label = u.label.replacen(
                &format!("Artikel {}", u.article),
                &format!("Artikel {to}"),
                1,
            );
            u.article = to.clone();
        }
    }
    u
}

/// The changes between two unit lists, in the order of the new text (removed units stand
/// where they stood, after the unit that preceded them).
pub fn compare_units(old: &[Unit], new: &[Unit]) -> Vec<Change> {
    compare_units_declared(old, new, &BTreeMap::new())
}

/// [`compare_units`], with the renumbering of articles an amending decision declares
/// (old number → new number) taken as given rather than recognised by content.
pub fn compare_units_declared(
    old: &[Unit],
    new: &[Unit],
    declared: &BTreeMap<String, String>,
) -> Vec<Change> {
    let (to_new, article_map) = pair_all(old, new, declared);
    let mut matched_new = vec![false; new.len()];
    let mut keyed: Vec<((usize, u8, usize), Change)> = Vec::new();
    let mut anchor = 0usize;
    for (i, o) in old.iter().enumerate() {
        // Leden follow their article: under the article's new number they are not renumbered.
        let o = &match o.eenheid {
            UnitKind::Lid | UnitKind::Begrip => relabel(o, article_map.get(&o.article)),
            _ => o.clone(),
        };
        match to_new.get(i).copied().flatten() {
            Some(j) => {
                anchor = j;
                if let Some(m) = matched_new.get_mut(j) {
                    *m = true;
                }
                let Some(n) = new.get(j) else { continue };
                let change = if o.label != n.label {
                    Change::Vernummerd {
                        was: o.clone(),
                        wordt: n.clone(),
                        tekst_gewijzigd: !same_text(o, n),
                    }
                } else if o.text != n.text {
                    Change::Gewijzigd {
                        was: o.clone(),
                        wordt: n.clone(),
                    }
                } else {
                    continue;
                };
                keyed.push(((j, 0, 0), change));
            }
            None => keyed.push(((anchor, 1, i), Change::Vervallen { was: o.clone() })),
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !matched_new.get(j).copied().unwrap_or(true) {
            keyed.push(((j, 0, 0), Change::Toegevoegd { wordt: n.clone() }));
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, c)| c).collect()
}
