//! The wijzigingsbesluit: from two versions of a regeling, the besluit a council adopts to go
//! from the one to the other, in the conventions of the Aanwijzingen voor de regelgeving
//! (hoofdstuk 6, wijzigingsregelingen): an aanhef, "Artikel I" with onderdelen A, B, C … in the
//! order of the regeling, each one instruction ("komt te luiden:", "wordt … vervangen door …",
//! "vervalt", "Na artikel 14 wordt een artikel ingevoegd, luidende:", "wordt vernummerd tot",
//! "onder vernummering van …"), "Artikel II" with the inwerkingtreding, and the was-wordt table as
//! a bijlage.
//!
//! The instructions are computed from the was-wordt changes of [`crate::diff`] (the structural
//! matching that recognises renumbering): every change lands in exactly one instruction, which
//! records the indices of the changes it carries ([`Instructie::wijzigingen`]). The aanhef and
//! the slotformule of a regeling are not amended by a wijzigingsbesluit; changes to them are
//! listed in [`Besluit::niet_in_besluit`] instead.

use crate::diff::{word_diff, Change, Diff, Unit, UnitKind};
use crate::project::Project;
use crate::syntax::notation::in_zin;
use crate::syntax::MetaKey;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

/// Changes with their place in the order of the text.
type Numbered<'a> = Vec<(usize, &'a Change)>;

/// One instruction of an onderdeel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Instructie {
    /// The sentence: "In artikel 8, derde lid, wordt "€ 150" vervangen door "€ 175"."
    pub zin: String,
    /// The new text after "luidende:" / "komt te luiden:", one printed line each.
    pub tekst: Vec<String>,
    /// Indices into the diff's `wijzigingen` that this instruction carries.
    pub wijzigingen: Vec<usize>,
    /// What it does to the structure (for the besluit in the language).
    pub handeling: Handeling,
}

/// What an instruction does to the structure, for the besluit in the language (`--format vo`,
/// the `.wb` syntax of docs/wijziging: komt te luiden, vervalt, wordt ingevoegd, vernummerd).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "soort")]
pub enum Handeling {
    /// The article, or its lid, is replaced ("komt te luiden").
    KomtTeLuiden {
        artikel: String,
        lid: Option<String>,
    },
    /// The article, or its lid, lapses.
    Vervalt {
        artikel: String,
        lid: Option<String>,
        /// Leden renumbered with it (old, new).
        vernummering: Vec<(String, String)>,
    },
    /// The article, or its lid, is renumbered to `tot`.
    Vernummerd {
        artikel: String,
        lid: Option<String>,
        tot: String,
        /// The renumbered lid's text changes too.
        luidt: bool,
    },
    /// Articles (and headings) inserted after an article, or before one when first.
    Invoegen {
        na: Option<String>,
        voor: String,
        artikelen: Vec<String>,
    },
    /// A lid is inserted in an article.
    LidInvoegen {
        artikel: String,
        lid: String,
        vernummering: Vec<(String, String)>,
    },
    /// A heading or bijlage: no counterpart in the `.wb` syntax.
    Overig,
}

/// The (old, new) numbers of renumbered leden.
fn pairs(list: &[&(usize, &Change)]) -> Vec<(String, String)> {
    list.iter()
        .filter_map(|(_, c)| Some((c.was()?.lid.clone()?, c.wordt()?.lid.clone()?)))
        .collect()
}

/// An onderdeel of Artikel I.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Onderdeel {
    /// A, B, …, Z, AA, BB, …
    pub letter: String,
    /// The article (or heading, bijlage) it amends: "artikel 8", "hoofdstuk 2".
    pub betreft: String,
    /// The article numbers (old and new) this onderdeel touches, for cross-checks.
    pub artikelen: Vec<String>,
    /// The opening sentence when the onderdeel has several instructions ("Artikel 8 wordt als
    /// volgt gewijzigd:"); empty when it has one.
    pub kop: String,
    pub instructies: Vec<Instructie>,
    /// When this onderdeel takes effect.
    pub inwerkingtreding: Option<NaiveDate>,
}

/// The besluit; `besluit --format json` writes it (docs/schemas/besluit.json).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Besluit {
    /// "Verordening tot wijziging van de …".
    pub titel: String,
    /// The citeertitel of the regeling it amends.
    pub citeertitel: String,
    /// The aanhef, a line each (the raad, the voorstel, the grondslag, "besluit vast te stellen").
    pub aanhef: Vec<String>,
    /// The onderdelen of Artikel I, in the order of the regeling.
    pub onderdelen: Vec<Onderdeel>,
    /// The sentences of Artikel II.
    pub inwerkingtreding: Vec<String>,
    /// The slotformule ("Aldus vastgesteld …").
    pub slot: Vec<String>,
    /// Changes of the was-wordt that a wijzigingsbesluit does not make (aanhef, slotformule),
    /// with the reason.
    pub niet_in_besluit: Vec<(usize, String)>,
    /// The was-wordt table (bijlage).
    pub was_wordt: Diff,
    /// The old version's file, as the heading of the was-wordt names it.
    pub oud_naam: String,
    /// The new version's file.
    pub nieuw_naam: String,
}

fn meta_text(project: &Project, i: usize, key: &str) -> Option<String> {
    project.doc(i)?.ast.header.text(key).map(str::to_string)
}

/// The `geldig vanaf` of a version.
pub fn geldig_vanaf(project: &Project, i: usize) -> Option<NaiveDate> {
    project.doc(i)?.ast.header.geldig_vanaf()
}

/// A date as legal text prints it: "1 januari 2024".
pub fn datum(d: NaiveDate) -> String {
    crate::syntax::notation::format_date(d)
}

fn ordinal_lid(nr: &str) -> String {
    crate::eval::lower::lid_words(nr)
}

/// The onderdeel letters: A … Z, then AA, BB, … (Aanwijzing 6.? of the Aanwijzingen).
pub fn letter(i: usize) -> String {
    let l = char::from(b'A' + (i % 26) as u8);
    std::iter::repeat_n(l, i / 26 + 1).collect()
}

/// A count in words ("geen", "twee", "vierentwintig"), as a besluit writes it; digits past
/// a hundred.
fn count_word(n: usize) -> String {
    if n == 0 {
        return "geen".into();
    }
    u32::try_from(n)
        .ok()
        .and_then(crate::syntax::notation::number_words)
        .unwrap_or_else(|| n.to_string())
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

/// The printed lines of a unit (a lid prints "3. …" and its onderdelen on their own lines).
fn lines(u: &Unit) -> Vec<String> {
    u.text.lines().map(str::to_string).collect()
}

/// The article of a unit in the new text, with all of its units, printed.
fn article_lines(new_units: &[Unit], nr: &str) -> Vec<String> {
    new_units
        .iter()
        .filter(|u| {
            u.article == nr
                && matches!(
                    u.eenheid,
                    UnitKind::Artikel | UnitKind::Lid | UnitKind::Begrip
                )
        })
        .flat_map(lines)
        .collect()
}

/// "wordt … vervangen door …" for a lid whose words changed in a few places; None when the
/// change is better written as "komt te luiden".
fn replacements(was: &str, wordt: &str) -> Option<Vec<(String, String)>> {
    let (o, n) = word_diff(was, wordt);
    // Walk the common words in step: between two common words, the old run and the new run.
    let mut regions: Vec<(usize, Vec<&str>, Vec<&str>)> = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    let mut common_before: usize = 0; // index in `o` of the last common word + 1
    while i < o.len() || j < n.len() {
        let mut old_run = Vec::new();
        let start = i;
        while let Some((w, -1)) = o.get(i) {
            old_run.push(*w);
            i += 1;
        }
        let mut new_run = Vec::new();
        while let Some((w, 1)) = n.get(j) {
            new_run.push(*w);
            j += 1;
        }
        if !old_run.is_empty() || !new_run.is_empty() {
            regions.push((start, old_run, new_run));
        }
        // Both now stand on a common word (or at the end).
        if i < o.len() && j < n.len() {
            i += 1;
            j += 1;
            common_before = i;
        } else if i >= o.len() && j >= n.len() {
            break;
        } else if i < o.len() {
            // Only old words left (deleted at the end): handled next round.
            if matches!(o.get(i), Some((_, 0))) {
                i += 1;
            }
        } else if matches!(n.get(j), Some((_, 0))) {
            j += 1;
        }
    }
    let _ = common_before;
    let total = o.len().max(1);
    let changed: usize = regions.iter().map(|(_, a, b)| a.len().max(b.len())).sum();
    if regions.is_empty() || regions.len() > 3 || changed * 5 > total * 2 {
        return None;
    }
    let old_words: Vec<&str> = o.iter().map(|(w, _)| *w).collect();
    let occurs = |phrase: &[&str]| {
        if phrase.is_empty() {
            return 0;
        }
        old_words
            .windows(phrase.len())
            .filter(|w| *w == phrase)
            .count()
    };
    let mut out = Vec::new();
    for (start, old_run, new_run) in regions {
        // Widen with context until the old phrase is unique in the lid (and not empty).
        let (mut from, mut to) = (start, start + old_run.len());
        let mut before: Vec<&str> = Vec::new();
        let mut after: Vec<&str> = Vec::new();
        loop {
            let mut phrase: Vec<&str> = before.iter().rev().copied().collect();
            phrase.extend(old_run.iter().copied());
            phrase.extend(after.iter().copied());
            // An amount is quoted with its euro sign: "€ 150", not "150".
            let euro_before =
                before.is_empty() && from > 0 && old_words.get(from - 1) == Some(&"€");
            if !phrase.is_empty() && occurs(&phrase) == 1 && !euro_before {
                let mut new_phrase: Vec<&str> = before.iter().rev().copied().collect();
                new_phrase.extend(new_run.iter().copied());
                new_phrase.extend(after.iter().copied());
                out.push((phrase.join(" "), new_phrase.join(" ")));
                break;
            }
            if from > 0 {
                from -= 1;
                match old_words.get(from) {
                    Some(w) => before.push(w),
                    None => return None,
                }
            } else if to < old_words.len() {
                match old_words.get(to) {
                    Some(w) => after.push(w),
                    None => return None,
                }
                to += 1;
            } else {
                return None;
            }
        }
    }
    Some(out)
}

/// What the besluit is built from.
pub struct Invoer<'a> {
    pub project: &'a Project,
    pub oud: usize,
    pub nieuw: usize,
    /// The date the council decides (for the retroactive wording); None: the date of
    /// inwerkingtreding is taken as in the future.
    pub vastgesteld: Option<NaiveDate>,
    /// Consolidated versions between `oud` and `nieuw`, in order, each with its own `geldig
    /// vanaf`: an onderdeel takes effect on the date of the first version from which its
    /// changes hold. Empty: every onderdeel takes effect on `nieuw`'s date.
    pub tussen: Vec<usize>,
}

/// Draft the wijzigingsbesluit from `oud` to `nieuw`.
pub fn besluit(inv: &Invoer) -> Besluit {
    let project = inv.project;
    let d = crate::diff::diff(project, inv.oud, inv.nieuw);
    let mode_for = |i: usize| match project.doc(i).map(|d| d.ast.header.layer) {
        Some(crate::syntax::Layer::Model) => crate::render::Mode::Leeswijzer,
        _ => crate::render::Mode::Tekst,
    };
    let new_units = crate::diff::units(
        &crate::render::render(project, inv.nieuw, mode_for(inv.nieuw)).unwrap_or_default(),
    );
    let citeertitel = meta_text(project, inv.oud, "citeertitel")
        .or_else(|| {
            project
                .doc(inv.oud)
                .map(|d| d.ast.header.title.value.clone())
        })
        .unwrap_or_default();
    let gemeente =
        meta_text(project, inv.nieuw, "gemeente").unwrap_or_else(|| "[naam gemeente]".into());
    let titel = format!("Verordening tot wijziging van de {citeertitel}");
    let vanaf = geldig_vanaf(project, inv.nieuw);

    let mut niet_in_besluit = Vec::new();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, c) in d.wijzigingen.iter().enumerate() {
        let u = c.wordt().or(c.was());
        let Some(u) = u else { continue };
        let key = match u.eenheid {
            UnitKind::Aanhef | UnitKind::Slotformule => {
                niet_in_besluit.push((
                    k,
                    format!(
                        "{}: een wijzigingsbesluit wijzigt de {} van de regeling niet; de grondslag staat in de aanhef van het besluit zelf",
                        u.label,
                        u.label.to_lowercase()
                    ),
                ));
                continue;
            }
            _ if matches!(c, Change::Toegevoegd { .. })
                && matches!(
                    u.eenheid,
                    UnitKind::Artikel | UnitKind::Hoofdstuk | UnitKind::Paragraaf
                ) =>
            {
                "+invoegen".to_string()
            }
            // A lid of an article inserted in the same run goes with it.
            UnitKind::Lid | UnitKind::Begrip
                if matches!(c, Change::Toegevoegd { .. })
                    && groups.last().is_some_and(|(g, ks)| {
                        g == "+invoegen"
                            && ks.iter().any(|k| {
                                d.wijzigingen
                                    .get(*k)
                                    .and_then(|c| c.wordt())
                                    .is_some_and(|w| {
                                        w.eenheid == UnitKind::Artikel && w.article == u.article
                                    })
                            })
                    }) =>
            {
                "+invoegen".to_string()
            }
            UnitKind::Artikel | UnitKind::Lid | UnitKind::Begrip => {
                format!("artikel {}", u.article)
            }
            UnitKind::Hoofdstuk | UnitKind::Paragraaf | UnitKind::Bijlage => u.label.to_lowercase(),
        };
        match groups.last_mut() {
            Some((g, ks)) if *g == key => ks.push(k),
            _ => groups.push((key, vec![k])),
        }
    }

    let mut onderdelen = Vec::new();
    for (key, ks) in groups {
        let changes: Vec<(usize, &Change)> = ks
            .iter()
            .filter_map(|k| d.wijzigingen.get(*k).map(|c| (*k, c)))
            .collect();
        let (betreft, kop, instructies, artikelen) = if key == "+invoegen" {
            invoegen(&changes, &new_units)
        } else if key.starts_with("artikel ") {
            artikel(&changes, &new_units)
        } else {
            overig(&changes)
        };
        onderdelen.push(Onderdeel {
            letter: letter(onderdelen.len()),
            betreft,
            artikelen,
            kop,
            instructies,
            inwerkingtreding: vanaf,
        });
    }
    if !inv.tussen.is_empty() {
        dates_per_onderdeel(inv, &d, &mut onderdelen, mode_for);
    }

    let grondslag = gelet_op(project, inv.nieuw);
    let aanhef = vec![
        format!("De raad van de gemeente {gemeente};"),
        "gelezen het voorstel van burgemeester en wethouders van [datum en nummer];".into(),
        format!("{grondslag};"),
        "besluit vast te stellen de volgende verordening:".into(),
        titel.clone(),
    ];
    let inwerkingtreding = artikel_ii(&onderdelen, vanaf, inv.vastgesteld);
    let slot = vec![
        match inv.vastgesteld {
            Some(s) => format!(
                "Aldus vastgesteld in de openbare vergadering van {}.",
                datum(s)
            ),
            None => "Aldus vastgesteld in de openbare vergadering van [datum].".into(),
        },
        "De voorzitter,".into(),
        "De griffier,".into(),
    ];
    let name = |i: usize| {
        project
            .doc(i)
            .map(|d| project.sources.name(d.id).to_string())
            .unwrap_or_default()
    };
    Besluit {
        titel,
        citeertitel,
        aanhef,
        onderdelen,
        inwerkingtreding,
        slot,
        niet_in_besluit,
        was_wordt: d,
        oud_naam: name(inv.oud),
        nieuw_naam: name(inv.nieuw),
    }
}

/// For each onderdeel, the date of the first version (of `tussen`, then `nieuw`) from which
/// every change it carries holds in that version and all later ones.
fn dates_per_onderdeel(
    inv: &Invoer,
    d: &Diff,
    onderdelen: &mut [Onderdeel],
    mode_for: impl Fn(usize) -> crate::render::Mode,
) {
    let versions: Vec<usize> = inv.tussen.iter().copied().chain([inv.nieuw]).collect();
    let units: Vec<Vec<Unit>> = versions
        .iter()
        .map(|v| {
            crate::diff::units(
                &crate::render::render(inv.project, *v, mode_for(*v)).unwrap_or_default(),
            )
        })
        .collect();
    let holds = |c: &Change, us: &[Unit]| match c {
        Change::Vervallen { was } => !us
            .iter()
            .any(|u| u.label == was.label && u.text == was.text),
        other => other
            .wordt()
            .is_some_and(|w| us.iter().any(|u| u.label == w.label && u.text == w.text)),
    };
    for o in onderdelen.iter_mut() {
        let ks: Vec<usize> = o
            .instructies
            .iter()
            .flat_map(|i| i.wijzigingen.iter().copied())
            .collect();
        let changes: Vec<&Change> = ks.iter().filter_map(|k| d.wijzigingen.get(*k)).collect();
        let first = (0..versions.len()).find(|&v| {
            units
                .get(v..)
                .unwrap_or(&[])
                .iter()
                .all(|us| changes.iter().all(|c| holds(c, us)))
        });
        if let Some(v) = first.and_then(|v| versions.get(v)) {
            if let Some(date) = geldig_vanaf(inv.project, *v) {
                o.inwerkingtreding = Some(date);
            }
        }
    }
}

/// The sentences of Artikel II: one date for all, or the main date with the exceptions
/// (Aanwijzing 4.? on gedifferentieerde inwerkingtreding), each said as retroactive when the
/// council decides on or after it.
fn artikel_ii(
    onderdelen: &[Onderdeel],
    vanaf: Option<NaiveDate>,
    vastgesteld: Option<NaiveDate>,
) -> Vec<String> {
    let treedt = |d: NaiveDate| {
        if vastgesteld.is_some_and(|s| s >= d) {
            format!(
                "in werking met ingang van de dag na die van de bekendmaking en werkt terug tot en met {}",
                datum(d)
            )
        } else {
            format!("in werking op {}", datum(d))
        }
    };
    let mut groups: Vec<(NaiveDate, Vec<String>)> = Vec::new();
    for o in onderdelen {
        if let Some(d) = o.inwerkingtreding {
            match groups.iter_mut().find(|(g, _)| *g == d) {
                Some((_, ls)) => ls.push(o.letter.clone()),
                None => groups.push((d, vec![o.letter.clone()])),
            }
        }
    }
    groups.sort_by_key(|(d, _)| *d);
    let list = |ls: &[String]| {
        let (last, rest) = match ls.split_last() {
            Some((l, r)) => (l.clone(), r),
            None => (String::new(), &[][..]),
        };
        if rest.is_empty() {
            format!("onderdeel {last}")
        } else {
            format!("onderdelen {} en {last}", rest.join(", "))
        }
    };
    match groups.len() {
        0 => match vanaf {
            Some(v) => vec![format!("Deze verordening treedt {}.", treedt(v))],
            None => vec!["Deze verordening treedt in werking met ingang van de dag na die van de bekendmaking.".into()],
        },
        1 => groups
            .first()
            .map(|(d, _)| vec![format!("Deze verordening treedt {}.", treedt(*d))])
            .unwrap_or_default(),
        _ => {
            // The largest group is the rule, the others the exceptions.
            let main = groups
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, ls))| (ls.len(), usize::MAX - i))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let mut out = Vec::new();
            let others: Vec<&(NaiveDate, Vec<String>)> =
                groups.iter().enumerate().filter(|(i, _)| *i != main).map(|(_, g)| g).collect();
            if let Some((d, _)) = groups.get(main) {
                let except: Vec<String> = others.iter().map(|(_, ls)| format!("artikel I, {}", list(ls))).collect();
                out.push(format!(
                    "Deze verordening treedt {}, met uitzondering van {}.",
                    treedt(*d),
                    except.join(" en ")
                ));
            }
            for (d, ls) in others {
                let verb = if ls.len() == 1 { "treedt" } else { "treden" };
                out.push(format!("Artikel I, {}, {verb} {}.", list(ls), treedt(*d)));
            }
            out
        }
    }
}

/// "gelet op …" from the new version's aanhef, else a placeholder.
fn gelet_op(project: &Project, i: usize) -> String {
    let blocks = crate::render::render(project, i, crate::render::Mode::Tekst).unwrap_or_default();
    for b in &blocks {
        if let crate::render::Block::Formule(t) = b {
            if let Some(at) = t.find("gelet op") {
                let rest = t.get(at..).unwrap_or("");
                let end = rest.find(';').unwrap_or(rest.len());
                return rest.get(..end).unwrap_or(rest).trim().to_string();
            }
        }
    }
    "gelet op [de artikelen van de wet]".into()
}

type Built = (String, String, Vec<Instructie>, Vec<String>);

/// A run of inserted headings and articles.
fn invoegen(changes: &[(usize, &Change)], new_units: &[Unit]) -> Built {
    let first = changes.first().and_then(|(_, c)| c.wordt());
    // The article before the first inserted unit in the new text.
    let pos = first
        .and_then(|f| new_units.iter().position(|u| u == f))
        .unwrap_or(0);
    let prev = new_units
        .get(..pos)
        .unwrap_or(&[])
        .iter()
        .rev()
        .find(|u| u.eenheid == UnitKind::Artikel)
        .map(|u| u.article.clone());
    let next_art = changes
        .iter()
        .filter_map(|(_, c)| c.wordt())
        .find(|u| u.eenheid == UnitKind::Artikel)
        .map(|u| u.article.clone())
        .unwrap_or_default();
    let n_h = changes
        .iter()
        .filter(|(_, c)| c.wordt().is_some_and(|u| u.eenheid == UnitKind::Hoofdstuk))
        .count();
    let n_p = changes
        .iter()
        .filter(|(_, c)| c.wordt().is_some_and(|u| u.eenheid == UnitKind::Paragraaf))
        .count();
    let n_a = changes
        .iter()
        .filter(|(_, c)| c.wordt().is_some_and(|u| u.eenheid == UnitKind::Artikel))
        .count();
    let mut parts = Vec::new();
    if n_h > 0 {
        parts.push(format!(
            "{} {}",
            count_word(n_h),
            if n_h == 1 {
                "hoofdstuk"
            } else {
                "hoofdstukken"
            }
        ));
    }
    if n_p > 0 {
        parts.push(format!(
            "{} {}",
            count_word(n_p),
            if n_p == 1 { "paragraaf" } else { "paragrafen" }
        ));
    }
    if n_a > 0 {
        parts.push(format!(
            "{} {}",
            count_word(n_a),
            if n_a == 1 { "artikel" } else { "artikelen" }
        ));
    }
    let what = match parts.len() {
        0 => String::new(),
        1 => parts.concat(),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} en {last}", parts.join(", "))
        }
    };
    let verb = if n_h + n_p + n_a > 1 {
        "worden"
    } else {
        "wordt"
    };
    let zin = match &prev {
        Some(p) => format!("Na artikel {p} {verb} {what} ingevoegd, luidende:"),
        None => format!("Voor artikel {next_art} {verb} {what} ingevoegd, luidende:"),
    };
    let tekst = changes
        .iter()
        .filter_map(|(_, c)| c.wordt())
        .flat_map(lines)
        .collect();
    let artikelen: Vec<String> = changes
        .iter()
        .filter_map(|(_, c)| c.wordt())
        .filter(|u| u.eenheid == UnitKind::Artikel)
        .map(|u| u.article.clone())
        .collect();
    let betreft = match &prev {
        Some(p) => format!("na artikel {p}"),
        None => format!("voor artikel {next_art}"),
    };
    (
        betreft,
        String::new(),
        vec![Instructie {
            handeling: Handeling::Invoegen {
                na: prev.clone(),
                voor: next_art.clone(),
                artikelen: artikelen.clone(),
            },
            zin,
            tekst,
            wijzigingen: changes.iter().map(|(k, _)| *k).collect(),
        }],
        artikelen,
    )
}

/// Changes within one article.
fn artikel(changes: &[(usize, &Change)], new_units: &[Unit]) -> Built {
    let all: Vec<usize> = changes.iter().map(|(k, _)| *k).collect();
    let was_nr = changes
        .iter()
        .find_map(|(_, c)| c.was().map(|u| u.article.clone()))
        .unwrap_or_default();
    let new_nr = changes
        .iter()
        .find_map(|(_, c)| c.wordt().map(|u| u.article.clone()))
        .unwrap_or_else(|| was_nr.clone());
    let mut artikelen = vec![was_nr.clone()];
    if new_nr != was_nr && !new_nr.is_empty() {
        artikelen.push(new_nr.clone());
    }
    let art = |k: &Change| {
        k.was()
            .or(k.wordt())
            .is_some_and(|u| u.eenheid == UnitKind::Artikel)
    };
    // The whole article lapses: removed, or marked "(Vervallen)" with its number kept.
    let lapses = changes.iter().any(|(_, c)| match c {
        Change::Vervallen { was } => was.eenheid == UnitKind::Artikel,
        Change::Gewijzigd { was, wordt } => {
            wordt.eenheid == UnitKind::Artikel
                && wordt.text.ends_with("(Vervallen)")
                && !was.text.ends_with("(Vervallen)")
        }
        _ => false,
    });
    if lapses {
        // The changes of the lapsing article itself; another article renumbered onto its
        // number ("artikel 5.7 wordt vernummerd tot artikel 5.6") is an instruction of its own,
        // after the lapse, not part of it.
        let (own, others): (Numbered<'_>, Numbered<'_>) =
            changes.iter().copied().partition(|(_, c)| {
                !matches!(c, Change::Vernummerd { .. })
                    && c.was().is_some_and(|u| u.article == was_nr)
            });
        let mut instructies = vec![Instructie {
            handeling: Handeling::Vervalt {
                artikel: was_nr.clone(),
                lid: None,
                vernummering: Vec::new(),
            },
            zin: format!("Artikel {was_nr} vervalt."),
            tekst: Vec::new(),
            wijzigingen: own.iter().map(|(k, _)| *k).collect(),
        }];
        if !others.is_empty() && others.len() < changes.len() {
            let (_, _, more, more_artikelen) = artikel(&others, new_units);
            instructies.extend(more);
            for a in more_artikelen {
                if !artikelen.contains(&a) {
                    artikelen.push(a);
                }
            }
        } else if let Some(first) = instructies.first_mut() {
            first.wijzigingen = all;
        }
        return (
            format!("artikel {was_nr}"),
            String::new(),
            instructies,
            artikelen,
        );
    }
    let renumbered_article = changes.iter().find(
        |(_, c)| matches!(c, Change::Vernummerd { was, .. } if was.eenheid == UnitKind::Artikel),
    );
    let variants = changes
        .iter()
        .any(|(_, c)| c.was().or(c.wordt()).is_some_and(|u| u.variant.is_some()));
    let heading_changed = changes
        .iter()
        .any(|(_, c)| art(c) && matches!(c, Change::Gewijzigd { .. }));
    let content: Vec<&(usize, &Change)> = changes.iter().filter(|(_, c)| !art(c)).collect();
    let whole = variants || changes.len() > 3 || (heading_changed && !title_only(changes));
    let mut instr: Vec<Instructie> = Vec::new();
    if let Some((k, _)) = renumbered_article {
        instr.push(Instructie {
            handeling: Handeling::Vernummerd {
                artikel: was_nr.clone(),
                lid: None,
                tot: new_nr.clone(),
                luidt: false,
            },
            zin: format!("Artikel {was_nr} wordt vernummerd tot artikel {new_nr}."),
            tekst: Vec::new(),
            wijzigingen: vec![*k],
        });
    }
    let rest: Vec<usize> = all
        .iter()
        .copied()
        .filter(|k| !instr.iter().any(|i| i.wijzigingen.contains(k)))
        .collect();
    if whole {
        instr.push(Instructie {
            handeling: Handeling::KomtTeLuiden {
                artikel: new_nr.clone(),
                lid: None,
            },
            zin: format!("Artikel {new_nr} komt te luiden:"),
            tekst: article_lines(new_units, &new_nr),
            wijzigingen: rest,
        });
    } else {
        if heading_changed {
            if let Some((k, Change::Gewijzigd { wordt, .. })) = changes.iter().find(|(_, c)| art(c))
            {
                let titel = wordt.body().to_string();
                instr.push(Instructie {
                    handeling: Handeling::KomtTeLuiden {
                        artikel: new_nr.clone(),
                        lid: None,
                    },
                    zin: format!(
                        "Het opschrift van artikel {new_nr} komt te luiden: {}.",
                        quote(&titel)
                    ),
                    tekst: Vec::new(),
                    wijzigingen: vec![*k],
                });
            }
        }
        // Leden and begrippen; renumbered leden go with an insertion or removal.
        let renumbered: Vec<&(usize, &Change)> = content
            .iter()
            .copied()
            .filter(|(_, c)| {
                matches!(
                    c,
                    Change::Vernummerd {
                        tekst_gewijzigd: false,
                        ..
                    }
                )
            })
            .collect();
        let vernummering = |list: &[&(usize, &Change)]| -> Option<String> {
            if list.is_empty() {
                return None;
            }
            let pairs: Vec<String> = list
                .iter()
                .filter_map(|(_, c)| {
                    let (Some(w), Some(n)) = (c.was(), c.wordt()) else {
                        return None;
                    };
                    Some(format!(
                        "{} tot {}",
                        ordinal_lid(w.lid.as_deref().unwrap_or("")),
                        ordinal_lid(n.lid.as_deref().unwrap_or(""))
                    ))
                })
                .collect();
            Some(format!(
                "onder vernummering van het {}",
                pairs.join(" en het ")
            ))
        };
        let has_insert_or_remove = content.iter().any(|(_, c)| {
            matches!(c, Change::Toegevoegd { .. } | Change::Vervallen { .. })
                && c.was()
                    .or(c.wordt())
                    .is_some_and(|u| u.eenheid == UnitKind::Lid)
        });
        let mut renumbering_used = false;
        for (k, c) in content.iter().copied() {
            if renumbered.iter().any(|(r, _)| r == k) && has_insert_or_remove {
                continue;
            }
            let mut ks = vec![*k];
            match c {
                Change::Gewijzigd { was, wordt } if was.eenheid == UnitKind::Begrip => {
                    let term = wordt.begrip.clone().unwrap_or_default();
                    instr.push(Instructie {
handeling: Handeling::KomtTeLuiden { artikel: new_nr.clone(), lid: None },
                        zin: format!("In artikel {new_nr} komt de omschrijving van {} te luiden:", quote(&term)),
                        tekst: lines(wordt),
                        wijzigingen: ks,
                    });
                }
                Change::Toegevoegd { wordt } if wordt.eenheid == UnitKind::Begrip => instr.push(Instructie {
handeling: Handeling::KomtTeLuiden { artikel: new_nr.clone(), lid: None },
                    zin: format!("In artikel {new_nr} wordt, in alfabetische volgorde, een begripsomschrijving ingevoegd, luidende:"),
                    tekst: lines(wordt),
                    wijzigingen: ks,
                }),
                Change::Vervallen { was } if was.eenheid == UnitKind::Begrip => instr.push(Instructie {
handeling: Handeling::KomtTeLuiden { artikel: new_nr.clone(), lid: None },
                    zin: format!(
                        "In artikel {new_nr} vervalt de begripsomschrijving van {}.",
                        quote(was.begrip.as_deref().unwrap_or(""))
                    ),
                    tekst: Vec::new(),
                    wijzigingen: ks,
                }),
                Change::Gewijzigd { was, wordt } => {
                    let lid = ordinal_lid(wordt.lid.as_deref().unwrap_or(""));
                    match replacements(was.body(), wordt.body()) {
                        Some(reps) => {
                            let parts: Vec<String> = reps
                                .iter()
                                .map(|(a, b)| {
                                    if b.is_empty() {
                                        format!("vervalt {}", quote(a))
                                    } else {
                                        format!("wordt {} vervangen door {}", quote(a), quote(b))
                                    }
                                })
                                .collect();
                            instr.push(Instructie {
handeling: Handeling::KomtTeLuiden { artikel: new_nr.clone(), lid: wordt.lid.clone() },
                                zin: format!("In artikel {new_nr}, {lid}, {}.", parts.join(" en ")),
                                tekst: Vec::new(),
                                wijzigingen: ks,
                            });
                        }
                        None => instr.push(Instructie {
handeling: Handeling::KomtTeLuiden { artikel: new_nr.clone(), lid: wordt.lid.clone() },
                            zin: format!("Artikel {new_nr}, {lid}, komt te luiden:"),
                            tekst: lines(wordt),
                            wijzigingen: ks,
                        }),
                    }
                }
                Change::Vernummerd { was, wordt, tekst_gewijzigd } => {
                    let (a, b) = (
                        ordinal_lid(was.lid.as_deref().unwrap_or("")),
                        ordinal_lid(wordt.lid.as_deref().unwrap_or("")),
                    );
                    if *tekst_gewijzigd {
                        instr.push(Instructie {
handeling: Handeling::Vernummerd { artikel: new_nr.clone(), lid: was.lid.clone(), tot: wordt.lid.clone().unwrap_or_default(), luidt: true },
                            zin: format!("Artikel {new_nr}, {a}, wordt vernummerd tot {b} en komt te luiden:"),
                            tekst: lines(wordt),
                            wijzigingen: ks,
                        });
                    } else {
                        instr.push(Instructie {
handeling: Handeling::Vernummerd { artikel: new_nr.clone(), lid: was.lid.clone(), tot: wordt.lid.clone().unwrap_or_default(), luidt: false },
                            zin: format!("Artikel {new_nr}, {a}, wordt vernummerd tot {b}."),
                            tekst: Vec::new(),
                            wijzigingen: ks,
                        });
                    }
                }
                Change::Toegevoegd { wordt } => {
                    let nr: u32 = wordt.lid.as_deref().and_then(|l| l.parse().ok()).unwrap_or(1);
                    let plaats = if nr > 1 {
                        format!("na het {}", ordinal_lid(&(nr - 1).to_string()))
                    } else {
                        "voor het eerste lid".into()
                    };
                    let mut lead = format!("In artikel {new_nr} wordt");
                    if !renumbering_used && has_insert_or_remove {
                        if let Some(v) = vernummering(&renumbered) {
                            lead = format!("In artikel {new_nr} wordt, {v}, ");
                            lead = lead.trim_end().to_string();
                            ks.extend(renumbered.iter().map(|(r, _)| *r));
                            renumbering_used = true;
                        }
                    }
                    instr.push(Instructie {
handeling: Handeling::LidInvoegen { artikel: new_nr.clone(), lid: wordt.lid.clone().unwrap_or_default(), vernummering: if ks.len() > 1 { pairs(&renumbered) } else { Vec::new() } },
                        zin: format!("{lead} {plaats} een lid ingevoegd, luidende:"),
                        tekst: lines(wordt),
                        wijzigingen: ks,
                    });
                }
                Change::Vervallen { was } => {
                    let lid = ordinal_lid(was.lid.as_deref().unwrap_or(""));
                    let mut zin = format!("Artikel {new_nr}, {lid}, vervalt");
                    if !renumbering_used && has_insert_or_remove {
                        if let Some(v) = vernummering(&renumbered) {
                            zin = format!("{zin}, {v}");
                            ks.extend(renumbered.iter().map(|(r, _)| *r));
                            renumbering_used = true;
                        }
                    }
                    instr.push(Instructie {
handeling: Handeling::Vervalt { artikel: new_nr.clone(), lid: was.lid.clone(), vernummering: if ks.len() > 1 { pairs(&renumbered) } else { Vec::new() } },
                        zin: format!("{zin}."),
                        tekst: Vec::new(),
                        wijzigingen: ks,
                    });
                }
            }
        }
    }
    let kop = if instr.len() > 1 {
        format!("Artikel {was_nr} wordt als volgt gewijzigd:")
    } else {
        String::new()
    };
    (format!("artikel {was_nr}"), kop, instr, artikelen)
}

/// Whether the only change of the article unit is its title (no unnumbered text changed).
fn title_only(changes: &[(usize, &Change)]) -> bool {
    changes.iter().all(|(_, c)| match c {
        Change::Gewijzigd { was, wordt } if wordt.eenheid == UnitKind::Artikel => {
            !was.text.contains('\n') && !wordt.text.contains('\n')
        }
        _ => true,
    })
}

/// Headings and bijlagen.
fn overig(changes: &[(usize, &Change)]) -> Built {
    let mut instr = Vec::new();
    let mut betreft = String::new();
    for (k, c) in changes {
        let u = c.wordt().or(c.was());
        let Some(u) = u else { continue };
        betreft = u.label.to_lowercase();
        let (zin, tekst) = match (c, u.eenheid) {
            (Change::Vervallen { was }, UnitKind::Bijlage) => (
                format!("De {} vervalt.", in_zin(&lower_first(&was.label))),
                Vec::new(),
            ),
            (Change::Toegevoegd { wordt }, UnitKind::Bijlage) => (
                "Er wordt een bijlage toegevoegd, luidende:".to_string(),
                lines(wordt),
            ),
            (_, UnitKind::Bijlage) => (
                format!("De {} komt te luiden:", in_zin(&lower_first(&u.label))),
                lines(u),
            ),
            (Change::Vervallen { was }, _) => (
                format!(
                    "Het opschrift van {} vervalt.",
                    in_zin(&was.label.to_lowercase())
                ),
                Vec::new(),
            ),
            (Change::Toegevoegd { wordt }, _) => (
                "Er wordt een opschrift ingevoegd, luidende:".to_string(),
                lines(wordt),
            ),
            (Change::Vernummerd { was, wordt, .. }, _) => (
                format!(
                    "{} wordt vernummerd tot {}.",
                    in_zin(&was.label),
                    wordt.label.to_lowercase()
                ),
                Vec::new(),
            ),
            (Change::Gewijzigd { wordt, .. }, _) => (
                format!(
                    "Het opschrift van {} komt te luiden:",
                    in_zin(&wordt.label.to_lowercase())
                ),
                lines(wordt),
            ),
        };
        instr.push(Instructie {
            handeling: Handeling::Overig,
            zin,
            tekst,
            wijzigingen: vec![*k],
        });
    }
    let kop = if instr.len() > 1 {
        format!(
            "{} wordt als volgt gewijzigd:",
            in_zin(&upper_first(&betreft))
        )
    } else {
        String::new()
    };
    (betreft, kop, instr, Vec::new())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------- printing

/// The besluit as markdown, with the was-wordt table as its bijlage.
pub fn markdown(b: &Besluit) -> String {
    let mut out = format!("# {}\n\n", b.titel);
    for a in &b.aanhef {
        out.push_str(&format!("{a}\n\n"));
    }
    out.push_str("## Artikel I\n\n");
    out.push_str(&format!(
        "De {} wordt als volgt gewijzigd:\n\n",
        b.citeertitel
    ));
    for o in &b.onderdelen {
        out.push_str(&format!("**{}**\n\n", o.letter));
        if !o.kop.is_empty() {
            out.push_str(&format!("{}\n\n", o.kop));
        }
        let numbered = o.instructies.len() > 1;
        for (n, i) in o.instructies.iter().enumerate() {
            if numbered {
                out.push_str(&format!("{}. {}\n\n", n + 1, i.zin));
            } else {
                out.push_str(&format!("{}\n\n", i.zin));
            }
            for l in &i.tekst {
                out.push_str(&format!("> {l}\n>\n"));
            }
            if !i.tekst.is_empty() {
                out.truncate(out.len() - 2);
                out.push('\n');
            }
        }
    }
    out.push_str("## Artikel II\n\n");
    for s in &b.inwerkingtreding {
        out.push_str(&format!("{s}\n\n"));
    }
    for s in &b.slot {
        out.push_str(&format!("{s}\n\n"));
    }
    if !b.niet_in_besluit.is_empty() {
        out.push_str("## Niet in dit besluit\n\n");
        for (_, r) in &b.niet_in_besluit {
            out.push_str(&format!("- {r}\n"));
        }
        out.push('\n');
    }
    out.push_str("## Bijlage: was-wordt-tabel\n\n");
    let table = crate::diff::markdown(&b.was_wordt, &b.oud_naam, &b.nieuw_naam);
    // The table's own headings one level down.
    for line in table.lines() {
        if line.starts_with('#') {
            out.push_str(&format!("##{line}\n"));
        } else {
            out.push_str(&format!("{line}\n"));
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained HTML page; the was-wordt table follows as the bijlage.
pub fn html(b: &Besluit) -> String {
    let mut body = format!("<h1>{}</h1>\n", esc(&b.titel));
    for a in &b.aanhef {
        body.push_str(&format!("<p>{}</p>\n", esc(a)));
    }
    body.push_str("<h2>Artikel I</h2>\n");
    body.push_str(&format!(
        "<p>De {} wordt als volgt gewijzigd:</p>\n",
        esc(&b.citeertitel)
    ));
    for o in &b.onderdelen {
        body.push_str(&format!(
            "<h3 class=\"onderdeel\">{}</h3>\n",
            esc(&o.letter)
        ));
        if !o.kop.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", esc(&o.kop)));
        }
        let numbered = o.instructies.len() > 1;
        for (n, i) in o.instructies.iter().enumerate() {
            let nr = if numbered {
                format!("{}. ", n + 1)
            } else {
                String::new()
            };
            body.push_str(&format!("<p>{}{}</p>\n", nr, esc(&i.zin)));
            if !i.tekst.is_empty() {
                body.push_str("<blockquote>\n");
                for l in &i.tekst {
                    body.push_str(&format!("<p>{}</p>\n", esc(l)));
                }
                body.push_str("</blockquote>\n");
            }
        }
    }
    body.push_str("<h2>Artikel II</h2>\n");
    for s in b.inwerkingtreding.iter().chain(&b.slot) {
        body.push_str(&format!("<p>{}</p>\n", esc(s)));
    }
    if !b.niet_in_besluit.is_empty() {
        body.push_str("<h2>Niet in dit besluit</h2>\n<ul>\n");
        for (_, r) in &b.niet_in_besluit {
            body.push_str(&format!("<li>{}</li>\n", esc(r)));
        }
        body.push_str("</ul>\n");
    }
    let table = crate::diff::html(&b.was_wordt, &b.oud_naam, &b.nieuw_naam);
    // The table page's body, as the bijlage.
    let inner = table
        .split_once("<body>")
        .and_then(|(_, r)| r.rsplit_once("</body>"))
        .map(|(t, _)| t.to_string())
        .unwrap_or(table);
    body.push_str("<h2>Bijlage: was-wordt-tabel</h2>\n");
    body.push_str(&inner);
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody {{ font-family: Georgia, 'Times New Roman', serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}\nblockquote {{ margin-left: 2em; }} h3.onderdeel {{ font-size: 1em; }}\ntable {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: .3em; vertical-align: top; }} del {{ color: #a00; }} ins {{ color: #060; }}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        esc(&b.titel),
        body
    )
}

// ---------------------------------------------------------------- the besluit in the language

/// The source text of a unit, dedented and indented by `indent` spaces.
fn reindent(src: &str, indent: usize) -> String {
    let lines: Vec<&str> = src.lines().collect();
    let base = lines
        .last()
        .map(|l| l.len() - l.trim_start().len())
        .unwrap_or(0);
    let pad = " ".repeat(indent);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let body = if i == 0 {
                l.trim_start()
            } else {
                let lead = l.len() - l.trim_start().len();
                l.get(lead.min(base)..).unwrap_or(l)
            };
            format!("{pad}{body}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn artikel_source(project: &Project, i: usize, nr: &str) -> Option<String> {
    let d = project.doc(i)?;
    let src = project.sources.text(d.id);
    d.ast.items.iter().find_map(|it| match &it.kind {
        crate::syntax::ItemKind::Artikel(a) if a.nr.text == nr => {
            Some(it.span.text(src).to_string())
        }
        _ => None,
    })
}

/// The source of the headings that stand in version `nieuw` between article `nr` and the
/// article before it, and that version `oud` does not have (a hoofdstuk or paragraaf inserted
/// with the article).
fn new_headings_before(project: &Project, oud: usize, nieuw: usize, nr: &str) -> Vec<String> {
    use crate::syntax::ItemKind;
    let key = |k: &ItemKind| match k {
        ItemKind::Hoofdstuk(h) => Some(format!("hoofdstuk {}", h.nr.text)),
        ItemKind::Paragraaf(h) => Some(format!("paragraaf {}", h.nr.text)),
        _ => None,
    };
    let Some(d) = project.doc(nieuw) else {
        return Vec::new();
    };
    let in_oud: Vec<String> = project
        .doc(oud)
        .map(|o| o.ast.items.iter().filter_map(|i| key(&i.kind)).collect())
        .unwrap_or_default();
    let src = project.sources.text(d.id);
    let Some(at) = d
        .ast
        .items
        .iter()
        .position(|i| matches!(&i.kind, ItemKind::Artikel(a) if a.nr.text == nr))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for it in d.ast.items.iter().take(at).rev() {
        match key(&it.kind) {
            Some(k) if !in_oud.contains(&k) => out.push(it.span.text(src).to_string()),
            Some(_) => {}
            None => break,
        }
    }
    out.reverse();
    out
}

/// The `.wb` instruction for a change of a heading's title or of a bijlage: `hoofdstuk 2 komt
/// te luiden: ...`, `bijlage 14b5 wordt ingevoegd: ...`, `bijlage 3 vervalt`. None for what
/// the syntax cannot say (a heading that lapses or is renumbered on its own).
fn kop_of_bijlage(
    project: &Project,
    oud: usize,
    nieuw: usize,
    c: &crate::diff::Change,
) -> Option<String> {
    use crate::diff::{Change, UnitKind};
    use crate::syntax::ItemKind;
    let find = |i: usize, u: &crate::diff::Unit| -> Option<(String, String)> {
        let d = project.doc(i)?;
        let src = project.sources.text(d.id);
        d.ast.items.iter().find_map(|it| {
            let id = match (&it.kind, u.eenheid) {
                (ItemKind::Hoofdstuk(h), UnitKind::Hoofdstuk)
                    if u.label == format!("Hoofdstuk {}", h.nr.text) =>
                {
                    format!("hoofdstuk {}", h.nr.text)
                }
                (ItemKind::Paragraaf(h), UnitKind::Paragraaf)
                    if u.label == format!("Paragraaf {}", h.nr.text) =>
                {
                    format!("paragraaf {}", h.nr.text)
                }
                (ItemKind::Bijlage(b), UnitKind::Bijlage)
                    if crate::render::without_placeholders(&b.title.value).trim()
                        == u.label.trim() =>
                {
                    format!("bijlage {}", b.id.text)
                }
                _ => return None,
            };
            Some((id, it.span.text(src).to_string()))
        })
    };
    match c {
        Change::Gewijzigd { wordt, .. } => {
            let (id, src) = find(nieuw, wordt)?;
            Some(format!("  {id} komt te luiden:\n{}\n", reindent(&src, 4)))
        }
        Change::Toegevoegd { wordt } if wordt.eenheid == UnitKind::Bijlage => {
            let (id, src) = find(nieuw, wordt)?;
            Some(format!("  {id} wordt ingevoegd:\n{}\n", reindent(&src, 4)))
        }
        Change::Vervallen { was } if was.eenheid == UnitKind::Bijlage => {
            let (id, _) = find(oud, was)?;
            Some(format!("  {id} vervalt\n"))
        }
        _ => None,
    }
}

fn lid_source(project: &Project, i: usize, art: &str, lid: &str) -> Option<String> {
    use crate::syntax::{ItemKind, Member, MemberKind};
    fn find<'a>(ms: &'a [Member], lid: &str) -> Option<&'a Member> {
        ms.iter().find_map(|m| match &m.kind {
            MemberKind::Lid(l) if l.nr.text == lid => Some(m),
            MemberKind::LidGroup(g) => find(&g.leden, lid),
            _ => None,
        })
    }
    let d = project.doc(i)?;
    let src = project.sources.text(d.id);
    d.ast.items.iter().find_map(|it| match &it.kind {
        ItemKind::Artikel(a) if a.nr.text == art => {
            find(&a.members, lid).map(|m| m.span.text(src).to_string())
        }
        _ => None,
    })
}

fn citatie(artikel: &str, lid: Option<&str>) -> String {
    match lid {
        Some(l) => format!("artikel {artikel}, lid {l}"),
        None => format!("artikel {artikel}"),
    }
}

/// The besluit in the language's `.wb` syntax (the wijzigingsbesluit of issue 22, whose syntax
/// is fixed in its note): one `onderdeel` per onderdeel, with the new artikel or lid as the new
/// version's source text. Only for a regeling with its own articles: a fill-in of the model
/// has its articles in the model, and a change of an `invulling` is no instruction of this
/// syntax. Returns the text and the onderdelen it could not express (headings, bijlagen).
pub fn wb(
    b: &Besluit,
    project: &Project,
    oud: usize,
    nieuw: usize,
    vastgesteld: Option<NaiveDate>,
) -> Result<(String, Vec<String>), String> {
    let fills_model = project
        .doc(nieuw)
        .is_some_and(|d| d.ast.header.meta.iter().any(|m| m.key == MetaKey::Model));
    if fills_model {
        return Err("--format vo kan alleen een besluit schrijven voor een regeling met eigen artikelen; deze regeling vult het model in (haar artikelen staan in het model) en een gewijzigde invulling is geen instructie van een wijzigingsbesluit in de taal".into());
    }
    let regeling = project
        .doc(oud)
        .and_then(|d| d.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let vanaf = geldig_vanaf(project, nieuw);
    let mut out = format!(
        "wijzigingsbesluit \"{}\" {{\n  regeling \"{regeling}\"\n",
        b.titel.replace('"', "\\\"")
    );
    if let Some(v) = vastgesteld {
        out.push_str(&format!("  vastgesteld {v}\n"));
    }
    match vanaf {
        Some(v) if vastgesteld.is_some_and(|s| s >= v) => {
            out.push_str(&format!("  werkt terug tot en met {v}\n"))
        }
        Some(v) => out.push_str(&format!("  inwerkingtreding {v}\n")),
        None => {}
    }
    out.push_str("}\n");
    let mut niet = Vec::new();
    for o in &b.onderdelen {
        let mut body = String::new();
        for i in &o.instructies {
            match &i.handeling {
                Handeling::KomtTeLuiden { artikel, lid } => {
                    let src = match lid {
                        Some(l) => lid_source(project, nieuw, artikel, l),
                        None => artikel_source(project, nieuw, artikel),
                    };
                    let Some(src) = src else {
                        niet.push(format!(
                            "onderdeel {}: {} niet gevonden in de nieuwe versie",
                            o.letter,
                            in_zin(&citatie(artikel, lid.as_deref()))
                        ));
                        continue;
                    };
                    body.push_str(&format!(
                        "  {} komt te luiden:\n{}\n",
                        citatie(artikel, lid.as_deref()),
                        reindent(&src, 4)
                    ));
                }
                Handeling::Vervalt {
                    artikel,
                    lid,
                    vernummering,
                } => {
                    body.push_str(&format!("  {} vervalt\n", citatie(artikel, lid.as_deref())));
                    for (a, n) in vernummering {
                        body.push_str(&format!(
                            "  {} wordt vernummerd tot {}\n",
                            citatie(artikel, Some(a)),
                            citatie(artikel, Some(n))
                        ));
                    }
                }
                Handeling::Vernummerd {
                    artikel,
                    lid,
                    tot,
                    luidt,
                } => {
                    match lid {
                        Some(l) => body.push_str(&format!(
                            "  {} wordt vernummerd tot {}\n",
                            citatie(artikel, Some(l)),
                            citatie(artikel, Some(tot))
                        )),
                        None => body.push_str(&format!(
                            "  artikel {artikel} wordt vernummerd tot artikel {tot}\n"
                        )),
                    }
                    if *luidt {
                        if let Some(src) = lid
                            .as_ref()
                            .and_then(|_| lid_source(project, nieuw, artikel, tot))
                        {
                            body.push_str(&format!(
                                "  {} komt te luiden:\n{}\n",
                                citatie(artikel, Some(tot)),
                                reindent(&src, 4)
                            ));
                        }
                    }
                }
                Handeling::Invoegen {
                    na,
                    voor,
                    artikelen,
                } => {
                    let plaats = match na {
                        Some(p) => format!("na artikel {p}"),
                        None => format!("voor artikel {voor}"),
                    };
                    // Each article with the new headings that stand before it in NIEUW.
                    let mut items: Vec<String> = Vec::new();
                    for a in artikelen {
                        for h in new_headings_before(project, oud, nieuw, a) {
                            items.push(reindent(&h, 4));
                        }
                        if let Some(src) = artikel_source(project, nieuw, a) {
                            items.push(reindent(&src, 4));
                        }
                    }
                    body.push_str(&format!(
                        "  {plaats} wordt ingevoegd:\n{}\n",
                        items.join("\n")
                    ));
                }
                Handeling::LidInvoegen {
                    artikel,
                    lid,
                    vernummering,
                } => {
                    // Renumber from the last lid down, so that no number is taken twice.
                    for (a, n) in vernummering.iter().rev() {
                        body.push_str(&format!(
                            "  {} wordt vernummerd tot {}\n",
                            citatie(artikel, Some(a)),
                            citatie(artikel, Some(n))
                        ));
                    }
                    let nr: u32 = lid.parse().unwrap_or(1);
                    let plaats = if nr > 1 {
                        format!("na {}", citatie(artikel, Some(&(nr - 1).to_string())))
                    } else {
                        format!("voor {}", citatie(artikel, Some("2")))
                    };
                    match lid_source(project, nieuw, artikel, lid) {
                        Some(src) => body.push_str(&format!(
                            "  {plaats} wordt ingevoegd:\n{}\n",
                            reindent(&src, 4)
                        )),
                        None => niet.push(format!(
                            "onderdeel {}: {} niet gevonden in de nieuwe versie",
                            o.letter,
                            in_zin(&citatie(artikel, Some(lid)))
                        )),
                    }
                }
                Handeling::Overig => {
                    for k in &i.wijzigingen {
                        let Some(c) = b.was_wordt.wijzigingen.get(*k) else {
                            continue;
                        };
                        match kop_of_bijlage(project, oud, nieuw, c) {
                            Some(instructie) => body.push_str(&instructie),
                            None => niet.push(format!("onderdeel {} ({}): deze wijziging van een kop of bijlage kent een wijzigingsbesluit in de taal niet", o.letter, o.betreft)),
                        }
                    }
                }
            }
        }
        if body.is_empty() {
            out.push_str(&format!(
                "\n# onderdeel {} ({}) staat niet in de taal: zie de melding\n",
                o.letter, o.betreft
            ));
            continue;
        }
        let own_date = match (o.inwerkingtreding, vanaf) {
            (Some(d), Some(v)) if d != v => {
                if vastgesteld.is_some_and(|s| s >= d) {
                    format!("  werkt terug tot en met {d}\n")
                } else {
                    format!("  inwerkingtreding {d}\n")
                }
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "\nonderdeel {} {{\n{own_date}{body}}}\n",
            o.letter
        ));
    }
    Ok((out, niet))
}
