//! Comparing two versions of a regulation: the was-wordt table per unit (heading, article,
//! begrip, lid, bijlage) with the changed words marked, and the semantic changes above it (a
//! value changed, a choice made differently, an optional part adopted or dropped, a slot of
//! the model added, removed or relabelled, a rule changed, a unit added, removed or
//! renumbered). Renumbering is recognised by content, not shown as delete + add.
//!
//! The JSON form (`verordening diff --format json`) is documented in docs/vergelijken.md.

mod matching;
mod print;
mod semantic;
pub mod table;
mod units;
mod words;

pub use matching::{compare_units, compare_units_declared, Change};
pub use print::{html, html_with, markdown};
pub use semantic::place_words as semantic_place;
pub use units::{units, Unit, UnitKind};
pub use words::{shown_diff, similarity, word_diff, Piece};

use crate::project::Project;
use crate::render::{render, Mode};
use crate::syntax::Layer;
use serde::Serialize;

/// The was-wordt of two texts (in `besluit --format json` as `was_wordt`).
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
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

/// The structural line for a change of a whole unit (not a lid or begrip): renumbered, added,
/// removed, or an article that lapses and keeps its number.
fn structure_line(c: &Change) -> Option<String> {
    let whole = |u: &Unit| !matches!(u.eenheid, UnitKind::Lid | UnitKind::Begrip);
    let in_zin = crate::syntax::notation::in_zin;
    match c {
        Change::Vernummerd {
            was,
            wordt,
            tekst_gewijzigd,
        } => Some(format!(
            "{} vernummerd naar {}{}",
            in_zin(&was.label),
            semantic::lower_first(&wordt.label),
            if *tekst_gewijzigd {
                " (en gewijzigd)"
            } else {
                ""
            }
        )),
        Change::Toegevoegd { wordt } if whole(wordt) => {
            Some(format!("{} toegevoegd", in_zin(&wordt.label)))
        }
        Change::Vervallen { was } if whole(was) => {
            Some(format!("{} vervallen", in_zin(&was.label)))
        }
        Change::Gewijzigd { was, wordt }
            if wordt.eenheid == UnitKind::Artikel
                && wordt.text.ends_with("(Vervallen)")
                && !was.text.ends_with("(Vervallen)") =>
        {
            Some(format!(
                "{} vervallen (het nummer blijft)",
                in_zin(&wordt.label)
            ))
        }
        _ => None,
    }
}

/// Share of a lid's words that must reappear in another for a split or merge.
const PART_OF: f64 = 0.8;

/// A lid split in two (a new lid whose words the old lid had, while its successor lost
/// them) and leden merged into one (a removed lid whose words another lid took over).
fn split_and_merge_lines(changes: &[Change]) -> Vec<String> {
    let leden = |c: &Change| {
        matches!(c, Change::Gewijzigd { .. } | Change::Vernummerd { .. })
            && c.was().is_some_and(|u| u.eenheid == UnitKind::Lid)
            && c.wordt().is_some_and(|u| u.eenheid == UnitKind::Lid)
    };
    let long_enough = |u: &Unit| words::words(u.body()).len() >= 4;
    let lid_words = crate::syntax::notation::lid_words;
    let nr = |u: &Unit| u.lid.clone().unwrap_or_default();
    let mut out = Vec::new();
    for c in changes {
        match c {
            Change::Toegevoegd { wordt: n } if n.eenheid == UnitKind::Lid && long_enough(n) => {
                for p in changes.iter().filter(|p| leden(p)) {
                    let (Some(o), Some(m)) = (p.was(), p.wordt()) else {
                        continue;
                    };
                    if m.article == n.article
                        && words::overlap(n.body(), o.body()) >= PART_OF
                        && words::overlap(n.body(), m.body()) < PART_OF
                    {
                        out.push(format!(
                            "{} gesplitst in het {} en {}",
                            crate::syntax::notation::in_zin(&o.label),
                            lid_words(&nr(m)).trim_end_matches(" lid"),
                            lid_words(&nr(n))
                        ));
                    }
                }
            }
            Change::Vervallen { was: o } if o.eenheid == UnitKind::Lid && long_enough(o) => {
                for p in changes.iter().filter(|p| leden(p)) {
                    let (Some(k), Some(m)) = (p.was(), p.wordt()) else {
                        continue;
                    };
                    if k.article == o.article
                        && words::overlap(o.body(), m.body()) >= PART_OF
                        && words::overlap(o.body(), k.body()) < PART_OF
                    {
                        let leden = format!(
                            "Artikel {}, {} en {}",
                            o.article,
                            lid_words(&nr(k)).trim_end_matches(" lid"),
                            lid_words(&nr(o)),
                        );
                        out.push(format!(
                            "{} samengevoegd in het {}",
                            crate::syntax::notation::in_zin(&leden),
                            lid_words(&nr(m))
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The two sides of a was-wordt title, from the documents rather than their paths: the same
/// regeling twice is named once, then its versions ("Re-integratieverordening Participatiewet
/// Voorbeeldstad 2023" → "gewijzigd per 1 januari 2024"); two regelingen by their titles (and
/// versions). The file name stands in where the documents do not tell two versions apart.
pub fn titles(project: &Project, old: usize, new: usize) -> (String, String) {
    let (ko, kn) = (
        crate::render::Kop::of(project, old),
        crate::render::Kop::of(project, new),
    );
    let file = |i: usize| {
        project
            .doc(i)
            .map(|d| project.sources.name(d.id).to_string())
            .unwrap_or_default()
    };
    let with_version = |k: &crate::render::Kop, v: Option<String>| match v {
        Some(v) => format!("{}, {v}", k.titel),
        None => k.titel.clone(),
    };
    if ko.titel != kn.titel {
        return (
            with_version(&ko, ko.versie.clone()),
            with_version(&kn, kn.versie.clone()),
        );
    }
    let (vo, vn) = (ko.version_words(), kn.version_words());
    match vn {
        Some(n) if vo.as_ref() != Some(&n) => (with_version(&ko, ko.versie.clone()), n),
        _ => (
            format!("{} ({})", ko.titel, file(old)),
            format!("{} ({})", kn.titel, file(new)),
        ),
    }
}

/// Diff two documents loaded in one project.
pub fn diff(project: &Project, old: usize, new: usize) -> Diff {
    let mode_for = |i: usize| match project.doc(i).map(|d| d.ast.header.layer) {
        Some(Layer::Model) => Mode::Leeswijzer,
        _ => Mode::Tekst,
    };
    let bo = render(project, old, mode_for(old)).unwrap_or_default();
    let bn = render(project, new, mode_for(new)).unwrap_or_default();
    let declared = declared_renumbering(project, old, new);
    let wijzigingen = compare_units_declared(&units(&bo), &units(&bn), &declared);
    let map = match project.doc(old) {
        Some(d) => semantic::IdMap::new(&wijzigingen, &d.ast),
        None => semantic::IdMap::default(),
    };
    let sem = semantic::semantic(project, old, new, &map);
    // Values and choices of an ordinance first, then the structure, then slots and rules.
    // One line per change: an article (or bijlage) adopted or dropped is said by the line
    // that adds or removes it, not also as "niet overgenomen → overgenomen".
    let whole: std::collections::BTreeSet<String> = wijzigingen
        .iter()
        .filter_map(|c| match c {
            Change::Toegevoegd { wordt: u } | Change::Vervallen { was: u } => Some(u),
            _ => None,
        })
        .filter(|u| u.eenheid == UnitKind::Artikel)
        .map(|u| crate::syntax::place::art_prefix(&u.article))
        .collect();
    let mut semantisch: Vec<String> = sem
        .fills
        .into_iter()
        .filter(|(id, _)| !whole.contains(id))
        .map(|(_, line)| line)
        .collect();
    semantisch.extend(wijzigingen.iter().filter_map(structure_line));
    semantisch.extend(split_and_merge_lines(&wijzigingen));
    semantisch.extend(sem.slots);
    semantisch.extend(sem.rules);
    Diff {
        semantisch,
        wijzigingen,
    }
}

/// The articles that wijzigingsbesluiten renumber between two states of one regeling (old
/// number → new number, chains composed), from the onderdelen that start to apply after the
/// old state's `geldig vanaf` and on or before the new one's. Empty for two hand-written files.
pub fn declared_renumbering(
    project: &Project,
    old: usize,
    new: usize,
) -> std::collections::BTreeMap<String, String> {
    use crate::syntax::Opdracht;
    let mut map = std::collections::BTreeMap::new();
    let base = |i: usize| project.basis_van(i).unwrap_or(i);
    if base(old) != base(new) {
        return map;
    }
    let from = crate::eval::load::geldigheid(project, old).0;
    let to = crate::eval::load::geldigheid(project, new).0;
    let (Some(from), Some(to)) = (from, to) else {
        return map;
    };
    for bron in project.besluiten_van(base(new)) {
        for o in &bron.besluit.onderdelen {
            let Some(d) = crate::wijziging::geldt_vanaf(bron.besluit, o) else {
                continue;
            };
            if d <= from || d > to {
                continue;
            }
            for ins in &o.instructies {
                let Opdracht::Vernummerd(naar) = &ins.opdracht else {
                    continue;
                };
                if ins.citaat.lid.is_some() || naar.lid.is_some() {
                    continue;
                }
                let was = ins.citaat.artikel.text.clone();
                let wordt = naar.artikel.text.clone();
                // An article renumbered twice: the first number maps to the last.
                let first = map
                    .iter()
                    .find(|(_, v)| **v == was)
                    .map(|(k, _): (&String, &String)| k.clone());
                match first {
                    Some(k) => {
                        map.insert(k, wordt);
                    }
                    None => {
                        map.insert(was, wordt);
                    }
                }
            }
        }
    }
    map
}
