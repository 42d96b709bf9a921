//! Loading an ordinance for evaluation: from a file, or from a directory of versions, the
//! version in force on the peildatum (the lowest layer: beleidsregels before the
//! verordening they rest on; within a layer the latest `geldig vanaf` on or before the date).

use super::lower::Lowered;
use crate::diagnostics::{self, Diagnostic};
use crate::project::{expand_paths_in, layer_rank, Project};
use crate::syntax::{Layer, MetaKey, MetaValue};
use chrono::NaiveDate;
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
    let mut from = None;
    let mut to = None;
    if let Some(doc) = p.doc(i) {
        for m in &doc.ast.header.meta {
            match (&m.key, &m.value) {
                (MetaKey::GeldigVanaf, MetaValue::Date(d)) => from = Some(*d),
                (MetaKey::GeldigTot, MetaValue::Date(d)) => to = Some(*d),
                _ => {}
            }
        }
    }
    (from, to)
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
}

impl Versions {
    pub fn open(path: &Path) -> Result<Versions, LoadError> {
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
