//! Loading an ordinance for evaluation: from a file, or from a directory of versions, the
//! version in force on the peildatum (the lowest layer: beleidsregels before the
//! verordening they rest on; within a layer the latest `geldig vanaf` on or before the date).

use super::lower::Lowered;
use crate::diagnostics::{self, Diagnostic};
use crate::project::{expand_paths_in, layer_rank, Project};
use crate::syntax::{Layer, MetaKey, MetaValue};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

pub struct Loaded {
    pub project: Project,
    pub index: usize,
    pub lowered: Lowered,
}

pub enum LoadError {
    /// The path could not be read (exit code 2).
    Io(String),
    /// The ordinance has errors; evaluation would not be trustworthy (exit code 1).
    Invalid(Box<Project>, Vec<Diagnostic>),
    /// No version is in force on the date.
    NoVersion(String),
}

fn validity(p: &Project, i: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
    p.doc(i).map_or((None, None), |d| {
        (d.ast.header.geldig_vanaf(), d.ast.header.geldig_tot())
    })
}

/// The `bekendgemaakt` date of a version's header: since when it was law.
pub fn bekendgemaakt(p: &Project, i: usize) -> Option<NaiveDate> {
    p.doc(i)?.ast.header.date("bekendgemaakt")
}

/// From when a version applies and until when (its header's `geldig vanaf`, `geldig tot`).
pub fn geldigheid(p: &Project, i: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
    validity(p, i)
}

pub fn load_for_date(path: &Path, date: Option<NaiveDate>) -> Result<Loaded, LoadError> {
    let mut versions = Versions::open(path)?;
    let index = versions.pick(date)?;
    let lowered = versions.lower(index)?;
    Ok(Loaded {
        project: versions.project,
        index,
        lowered,
    })
}

/// The versions of a regulation in a file or directory, loaded once: a batch of cases picks,
/// per case, the version in force on its peildatum without loading the files again.
pub struct Versions {
    pub project: Project,
    /// Documents a case can be evaluated against, by layer and then `geldig vanaf`.
    candidates: Vec<usize>,
    /// Per version and the version in force on an aanvraagdatum (none when the regeling did
    /// not yet apply then): the version without the procedural rules that took effect later,
    /// or `None` when it has none of those. Made once per pair: a batch with a thousand
    /// aanvraagdata derives, checks and lowers each state once, and a server derives them
    /// all when it loads ([`Versions::voorbereiden`]) and then chooses without changing
    /// anything ([`Versions::kies_voorbereid`]).
    zonder_latere_procedure: HashMap<(usize, Option<usize>), Option<Afgeleid>>,
}

/// A version with procedural rules left out: the derived document and the rules.
#[derive(Debug, Clone)]
struct Afgeleid {
    index: usize,
    niet_toegepast: Vec<NietToegepast>,
}

impl Versions {
    pub fn open(path: &Path) -> Result<Versions, LoadError> {
        Versions::open_bekend(path, None)
    }

    /// The versions as the law stood on `bekend_op` (`--bekend-op`): besluiten published
    /// later are left out, and so are hand-written versions whose `bekendgemaakt` is later.
    /// Without it, every besluit counts. Consolidated states derived from the wijzigings-
    /// besluiten beside a base text are candidates like hand-written versions.
    pub fn open_bekend(path: &Path, bekend_op: Option<NaiveDate>) -> Result<Versions, LoadError> {
        let files = expand_paths_in(&[path.to_path_buf()]).map_err(|(p, e)| {
            LoadError::Io(format!(
                "`{}` kan niet worden gelezen: {}",
                p.display(),
                crate::project::io_reason(&e)
            ))
        })?;
        if files.is_empty() {
            return Err(LoadError::Io(format!(
                "geen .vo-bestanden in `{}`",
                path.display()
            )));
        }
        let mut project = Project::new();
        let (roots, failed) = crate::project::load_all(&mut project, &files);
        if failed {
            let d = std::mem::take(&mut project.diagnostics);
            return Err(LoadError::Invalid(Box::new(project), d));
        }
        project.load_besluiten(&roots);
        let mut roots = roots;
        for base in roots.clone() {
            roots.extend(project.afleiden(base, bekend_op));
        }
        if let Some(op) = bekend_op {
            roots.retain(|&i| bekendgemaakt(&project, i).is_none_or(|b| b <= op));
        }
        // Candidates: files of the layers a case is evaluated against.
        let mut candidates: Vec<usize> = roots
            .iter()
            .copied()
            .filter(|&i| {
                project.doc(i).is_some_and(|d| {
                    matches!(
                        d.ast.header.layer,
                        Layer::Verordening | Layer::Beleidsregels
                    )
                })
            })
            .collect();
        if candidates.is_empty() {
            candidates = roots.clone();
        }
        candidates.sort_by_key(|&i| {
            let layer = project
                .doc(i)
                .map(|d| layer_rank(d.ast.header.layer))
                .unwrap_or(0);
            (layer, validity(&project, i).0)
        });
        Ok(Versions {
            project,
            candidates,
            zonder_latere_procedure: HashMap::new(),
        })
    }

    /// The documents a case can be evaluated against (their indices in `project`), by layer
    /// and then `geldig vanaf`: the versions a server keeps lowered.
    pub fn candidates(&self) -> &[usize] {
        &self.candidates
    }

    /// The version in force on `date` (the lowest layer, the latest `geldig vanaf`), or the
    /// latest of all without a date.
    pub fn pick(&self, date: Option<NaiveDate>) -> Result<usize, LoadError> {
        let in_force = |&&i: &&usize| match date {
            Some(date) => {
                let (from, to) = validity(&self.project, i);
                from.is_none_or(|f| f <= date) && to.is_none_or(|t| date <= t)
            }
            None => true,
        };
        self.candidates
            .iter()
            .rev()
            .find(|c| in_force(c))
            .copied()
            .ok_or_else(|| {
                LoadError::NoVersion(match date {
                    Some(d) => format!("geen versie van de regeling is in werking op {d}"),
                    None => "geen regeling gevonden".into(),
                })
            })
    }

    /// Check version `index` and the layers it stands on, and lower it for evaluation.
    pub fn lower(&mut self, index: usize) -> Result<Lowered, LoadError> {
        let project = &mut self.project;
        // The ordinance and the layers it stands on must check clean. Each document is
        // checked once; the version itself is lowered with the checker that checked it.
        let mut diags = std::mem::take(&mut project.diagnostics);
        let mut lowered = None;
        for j in project.chain(index) {
            let checked = super::checked::check_and_lower(project, j, j == index);
            diags.extend(checked.diagnostics);
            if j == index {
                lowered = checked.lowered;
            }
        }
        if diags.iter().any(|d| d.is_error()) {
            diagnostics::sort(&mut diags);
            return Err(LoadError::Invalid(Box::new(std::mem::take(project)), diags));
        }
        let Some(lowered) = lowered else {
            return Err(LoadError::Io("interne fout bij het laden".into()));
        };
        // A rule that cannot be evaluated (reported while lowering) makes an ordinance unfit to
        // evaluate, like a checker error. A model evaluated on its own has open fill-ins by
        // nature: its rules that read them stay onbepaald.
        let filled_in = project.doc(index).is_some_and(|d| {
            matches!(
                d.ast.header.layer,
                Layer::Verordening | Layer::Beleidsregels
            )
        });
        if filled_in && lowered.diagnostics.iter().any(|d| d.is_error()) {
            let mut diags = lowered.diagnostics;
            diagnostics::sort(&mut diags);
            return Err(LoadError::Invalid(Box::new(std::mem::take(project)), diags));
        }
        Ok(lowered)
    }
}

/// One version in the list of a regeling's versions (`verordening versies`).
/// `versies --format json` writes a list of these (docs/schemas/versies.json).
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct VersieRegel {
    /// The file, or for a derived state `basis.vo@JJJJ-MM-DD.vo`.
    pub bestand: String,
    /// The regeling's title, as its header gives it.
    pub titel: String,
    /// The `versie` of its header, for a derived state with the onderdelen of the besluiten.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versie: Option<String>,
    /// The first day it applies (`geldig vanaf`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geldig_vanaf: Option<NaiveDate>,
    /// The last day: the day before the next version of the same layer, or its own
    /// `geldig tot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geldig_tot: Option<NaiveDate>,
    /// The day it was made known (its `bekendgemaakt`; a derived state has its besluit's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bekendgemaakt: Option<NaiveDate>,
    /// Derived from a base text and wijzigingsbesluiten (not written by hand).
    pub afgeleid: bool,
}

impl Versions {
    /// Every version, by layer and then `geldig vanaf`, with the day each ends.
    pub fn lijst(&self) -> Vec<VersieRegel> {
        let p = &self.project;
        let mut out: Vec<(u8, VersieRegel)> = Vec::new();
        for &i in &self.candidates {
            let Some(doc) = p.doc(i) else { continue };
            let (from, to) = validity(p, i);
            let versie = doc
                .ast
                .header
                .meta
                .iter()
                .find_map(|m| match (&m.key, &m.value) {
                    (MetaKey::Other(k), MetaValue::Text(t)) if k == "versie" => {
                        Some(t.value.clone())
                    }
                    _ => None,
                });
            out.push((
                layer_rank(doc.ast.header.layer),
                VersieRegel {
                    bestand: p.sources.name(doc.id).to_string(),
                    titel: doc.ast.header.title.value.clone(),
                    versie,
                    geldig_vanaf: from,
                    geldig_tot: to,
                    bekendgemaakt: bekendgemaakt(p, i),
                    afgeleid: p.basis_van(i).is_some(),
                },
            ));
        }
        // A version without its own end runs to the day before the next one of its layer.
        let next: Vec<Option<NaiveDate>> = (0..out.len())
            .map(|k| {
                let (layer, _) = out.get(k)?;
                let (_, n) = out.get(k + 1)?;
                let same_layer = out.get(k + 1).is_some_and(|(l, _)| l == layer);
                if same_layer {
                    n.geldig_vanaf.and_then(|d| d.pred_opt())
                } else {
                    None
                }
            })
            .collect();
        out.into_iter()
            .zip(next)
            .map(|((_, mut v), n)| {
                v.geldig_tot = match (v.geldig_tot, n) {
                    (Some(t), Some(n)) => Some(t.min(n)),
                    (t, n) => t.or(n),
                };
                v
            })
            .collect()
    }
}

/// Which version governs a case, and why (issue 22, item 2; docs/evaluatie.md).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Keuze {
    /// The document evaluated (a version, or a version with procedural rules left out).
    #[serde(skip)]
    pub index: usize,
    /// The version it is (the one in force on the governing date).
    #[serde(skip)]
    pub versie: usize,
    /// The date that governs: the peildatum, or the aanvraagdatum where the regeling says so.
    pub toetsingsdatum: Option<NaiveDate>,
    /// `peildatum` or `aanvraagdatum`.
    pub toetsingsgrond: &'static str,
    /// Procedural rules of the version that do not bind this application: they took effect
    /// after the aanvraagdatum.
    pub niet_toegepast: Vec<NietToegepast>,
}

/// A procedural rule left out: where it stands and the voorziening it is about.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NietToegepast {
    pub citaat: String,
    /// The voorziening's name, or `alle voorzieningen`.
    pub voorziening: String,
}

/// A procedural rule and where it stands: its citation and its text as `fmt` prints it.
fn procedural_rules(file: &crate::syntax::File) -> Vec<(NietToegepast, String)> {
    use crate::syntax::{ItemKind, Member, MemberKind, Stmt, Target};
    fn walk(members: &[Member], cite: &str, out: &mut Vec<(NietToegepast, String)>) {
        for m in members {
            match &m.kind {
                MemberKind::Stmt(Stmt::Rule(r)) if r.procedureel => {
                    let voorziening = match &r.target {
                        Target::All(_) => "alle voorzieningen".to_string(),
                        Target::Voorziening(n) => n.text.clone(),
                    };
                    out.push((
                        NietToegepast {
                            citaat: cite.to_string(),
                            voorziening,
                        },
                        crate::fmt::rule(r),
                    ));
                }
                MemberKind::Lid(l) => walk(
                    &l.members,
                    &format!("{cite}, {}", crate::syntax::notation::lid_words(&l.nr.text)),
                    out,
                ),
                MemberKind::LidGroup(g) => walk(&g.leden, cite, out),
                MemberKind::Onderdeel(o) => {
                    walk(&o.members, &format!("{cite}, onder {}", o.label.text), out)
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for item in &file.items {
        if let ItemKind::Artikel(a) = &item.kind {
            walk(&a.members, &format!("artikel {}", a.nr.text), &mut out);
        }
    }
    out
}

/// `file` without the procedural rules whose text is in `drop`.
fn without_rules(file: &crate::syntax::File, drop: &[String]) -> crate::syntax::File {
    use crate::syntax::{ItemKind, Member, MemberKind, Stmt};
    fn walk(members: &mut Vec<Member>, drop: &[String]) {
        members.retain(|m| match &m.kind {
            MemberKind::Stmt(Stmt::Rule(r)) if r.procedureel => {
                !drop.contains(&crate::fmt::rule(r))
            }
            _ => true,
        });
        for m in members.iter_mut() {
            match &mut m.kind {
                MemberKind::Lid(l) => walk(&mut l.members, drop),
                MemberKind::LidGroup(g) => walk(&mut g.leden, drop),
                MemberKind::Onderdeel(o) => walk(&mut o.members, drop),
                _ => {}
            }
        }
    }
    let mut file = file.clone();
    for item in &mut file.items {
        if let ItemKind::Artikel(a) = &mut item.kind {
            walk(&mut a.members, drop);
        }
    }
    file
}

/// The header's `toetsingsdatum "aanvraagdatum"`: applications are judged by the law in
/// force on their aanvraagdatum (the regeling's overgangsrecht says so).
fn judged_by_aanvraagdatum(p: &Project, i: usize) -> bool {
    p.doc(i).is_some_and(|d| {
        d.ast.header.meta.iter().any(|m| {
            matches!((&m.key, &m.value), (MetaKey::Other(k), MetaValue::Text(t))
                if k == "toetsingsdatum" && t.value.trim() == "aanvraagdatum")
        })
    })
}

impl Versions {
    /// The version that governs a case with this peildatum and (optionally) aanvraagdatum.
    /// By default the version in force on the peildatum (immediate effect of new law); the
    /// aanvraagdatum's version where that version's header says `toetsingsdatum
    /// "aanvraagdatum"`; and a procedural rule binds only applications made on or after the
    /// day it took effect: one that the aanvraagdatum's version does not have is left out
    /// (the version without it is derived once per pair of versions and kept).
    pub fn kies(
        &mut self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Result<Keuze, LoadError> {
        let plan = self.plan(peildatum, aanvraagdatum)?;
        if let Plan::Afleiden(key, _) = &plan {
            if !self.zonder_latere_procedure.contains_key(key) {
                let afgeleid = self.afleiden(key.0, key.1);
                self.zonder_latere_procedure.insert(*key, afgeleid);
            }
        }
        self.keuze(plan)
    }

    /// As [`Versions::kies`], for versions prepared by [`Versions::voorbereiden`]: nothing is
    /// derived or loaded, so versions shared between threads (a server) can choose.
    pub fn kies_voorbereid(
        &self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Result<Keuze, LoadError> {
        let plan = self.plan(peildatum, aanvraagdatum)?;
        if let Plan::Afleiden(key, _) = &plan {
            if !self.zonder_latere_procedure.contains_key(key) {
                return Err(LoadError::Io(
                    "interne fout: de versie voor deze aanvraagdatum is niet voorbereid".into(),
                ));
            }
        }
        self.keuze(plan)
    }

    /// Derive every version a case can need: each candidate without the procedural rules
    /// that any earlier state (or none) lacks. Returns the derived documents (to lower).
    pub fn voorbereiden(&mut self) -> Vec<usize> {
        let candidates = self.candidates.clone();
        let mut made = Vec::new();
        for &p in &candidates {
            if judged_by_aanvraagdatum(&self.project, p) {
                continue;
            }
            for a in candidates.iter().copied().map(Some).chain([None]) {
                let key = (p, a);
                if self.zonder_latere_procedure.contains_key(&key) {
                    continue;
                }
                let afgeleid = self.afleiden(p, a);
                if let Some(d) = &afgeleid {
                    if !made.contains(&d.index) {
                        made.push(d.index);
                    }
                }
                self.zonder_latere_procedure.insert(key, afgeleid);
            }
        }
        made
    }

    /// The choice that leads to derived document `doc` (made by [`Versions::voorbereiden`]
    /// or [`Versions::kies`]): its version and the procedural rules it leaves out.
    pub fn keuze_van(&self, doc: usize) -> Option<Keuze> {
        self.zonder_latere_procedure
            .iter()
            .find_map(|((p, _), a)| match a {
                Some(a) if a.index == doc => Some(Keuze {
                    index: doc,
                    versie: *p,
                    toetsingsdatum: None,
                    toetsingsgrond: "peildatum",
                    niet_toegepast: a.niet_toegepast.clone(),
                }),
                _ => None,
            })
    }

    /// What a case with these dates needs, without deriving anything.
    fn plan(
        &self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Result<Plan, LoadError> {
        let p = self.pick(peildatum)?;
        let Some(aanvraag) = aanvraagdatum else {
            return Ok(Plan::Op(p, peildatum, "peildatum"));
        };
        if judged_by_aanvraagdatum(&self.project, p) {
            let a = self.pick(Some(aanvraag))?;
            return Ok(Plan::Op(a, Some(aanvraag), "aanvraagdatum"));
        }
        let then = self.pick(Some(aanvraag)).ok();
        if then == Some(p) {
            return Ok(Plan::Op(p, peildatum, "peildatum"));
        }
        Ok(Plan::Afleiden((p, then), peildatum))
    }

    fn keuze(&self, plan: Plan) -> Result<Keuze, LoadError> {
        Ok(match plan {
            Plan::Op(index, toetsingsdatum, toetsingsgrond) => Keuze {
                index,
                versie: index,
                toetsingsdatum,
                toetsingsgrond,
                niet_toegepast: Vec::new(),
            },
            Plan::Afleiden((p, then), peildatum) => {
                let afgeleid = self
                    .zonder_latere_procedure
                    .get(&(p, then))
                    .cloned()
                    .flatten();
                let (index, niet_toegepast) = match afgeleid {
                    Some(a) => (a.index, a.niet_toegepast),
                    None => (p, Vec::new()),
                };
                Keuze {
                    index,
                    versie: p,
                    toetsingsdatum: peildatum,
                    toetsingsgrond: "peildatum",
                    niet_toegepast,
                }
            }
        })
    }

    /// Version `p` without its procedural rules that version `then` (in force on the
    /// aanvraagdatum; `None`: the regeling did not yet apply) does not have; `None` when
    /// there are none.
    fn afleiden(&mut self, p: usize, then: Option<usize>) -> Option<Afgeleid> {
        let doc = self.project.doc(p)?;
        let ast = doc.ast.clone();
        let path = doc.path.clone();
        let now = procedural_rules(&ast);
        if now.is_empty() {
            return None;
        }
        let earlier: Vec<String> = then
            .and_then(|a| self.project.doc(a))
            .map(|d| {
                procedural_rules(&d.ast)
                    .into_iter()
                    .map(|(_, r)| r)
                    .collect()
            })
            .unwrap_or_default();
        let later: Vec<(NietToegepast, String)> = now
            .into_iter()
            .filter(|(_, r)| !earlier.contains(r))
            .collect();
        if later.is_empty() {
            return None;
        }
        let drop: Vec<String> = later.iter().map(|(_, r)| r.clone()).collect();
        let text = crate::fmt::format_file(&without_rules(&ast, &drop));
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Named after the state whose procedure still applied: every aanvraagdatum in it
        // shares this document.
        let sinds = then
            .and_then(|a| validity(&self.project, a).0)
            .map_or_else(|| "voor-inwerkingtreding".to_string(), |d| d.to_string());
        let virtual_path = path.with_file_name(format!("{stem}~aanvraag-{sinds}.vo"));
        let index = self.project.load_derived(p, &virtual_path, text);
        Some(Afgeleid {
            index,
            niet_toegepast: later.into_iter().map(|(c, _)| c).collect(),
        })
    }
}

/// What a case's dates ask for: a version as it is (with the date that governs and why), or
/// a version without the procedural rules that took effect after the aanvraagdatum (keyed by
/// the version and the one in force on the aanvraagdatum).
enum Plan {
    Op(usize, Option<NaiveDate>, &'static str),
    Afleiden((usize, Option<usize>), Option<NaiveDate>),
}
