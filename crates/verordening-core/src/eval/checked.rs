//! Checking for evaluation: the checker's passes, then — for an ordinance without errors —
//! lowering with the same checker, so that a rule that cannot be evaluated is reported by
//! `check` (in CI), not first when a case is evaluated. One checker per document: the
//! program lowered here is the one a load evaluates.

use super::lower::{lower_checked, Lowered};
use super::program::Program;
use crate::check::check_parts;
use crate::diagnostics::{Code, Diagnostic};
use crate::project::Project;
use crate::syntax::Layer;
use std::path::PathBuf;

/// A checked document: every diagnostic, and its program when it was lowered.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub lowered: Option<Lowered>,
}

/// Check document `i` of the project against the layers it stands on, with the diagnostics
/// of lowering when it is an ordinance or beleidsregels without errors.
pub fn check_document(project: &Project, i: usize) -> Vec<Diagnostic> {
    check_and_lower(project, i, false).diagnostics
}

/// [`check_document`], keeping the lowered program. `for_evaluation` lowers a document of
/// any layer without errors (a model evaluated on its own); its lowering diagnostics are
/// then the program's, not the checker's: a model has open fill-ins by nature.
pub fn check_and_lower(project: &Project, i: usize, for_evaluation: bool) -> Checked {
    let Some((checker, mut diagnostics)) = check_parts(project, i) else {
        return Checked {
            diagnostics: Vec::new(),
            lowered: None,
        };
    };
    let evaluable = matches!(checker.layer(), Layer::Verordening | Layer::Beleidsregels);
    if !(evaluable || for_evaluation) || diagnostics.iter().any(Diagnostic::is_error) {
        return Checked {
            diagnostics,
            lowered: None,
        };
    }
    let lowered = lower_checked(&checker);
    if evaluable {
        diagnostics.extend(sub_cent_amounts(&lowered.program));
        diagnostics.extend(lowered.diagnostics.iter().cloned());
    }
    Checked {
        diagnostics,
        lowered: Some(lowered),
    }
}

/// A paid amount that can come out finer than cents with no rounding stated (issue 21): the
/// Participatiewet and the Awb do not round for the college.
fn sub_cent_amounts(p: &Program) -> Vec<Diagnostic> {
    super::precision::sub_cent_values(p)
        .into_iter()
        .filter_map(|(i, k)| {
            let vz = p.voorzieningen.get(i)?;
            let rule = vz.values.get(k)?;
            let cite = p.cite(rule.cite)?;
            Some(
                Diagnostic::new(
                    Code::Afronding,
                    cite.file,
                    cite.span,
                    format!(
                        "`{}.{}` kan op minder dan een cent uitkomen, en de regeling zegt niet hoe het bedrag wordt afgerond",
                        vz.name, rule.name
                    ),
                )
                .warning()
                .label("een bedrag zonder afronding")
                .help("zeg hoe het bedrag wordt afgerond, zoals de tekst het doet: `afgerond naar beneden op € 0,01` (of op € 1); de Participatiewet en de Awb ronden niet voor u af"),
            )
        })
        .collect()
}

/// What [`check_paths`] found: the project with every file loaded, and its diagnostics.
pub struct CheckReport {
    pub project: Project,
    pub diagnostics: Vec<Diagnostic>,
    /// A named file could not be read at all (exit code 2).
    pub io_failed: bool,
}

/// Load and check every file; diagnostics are deduplicated (a model shared by many
/// ordinances is reported once) and sorted.
pub fn check_paths(paths: &[PathBuf]) -> CheckReport {
    let mut project = Project::new();
    let mut io_failed = false;
    let files = match crate::project::expand_paths_in(paths) {
        Ok(f) => f,
        Err((p, _)) => {
            io_failed = true;
            vec![(p, None)]
        }
    };
    let (roots, failed) = crate::project::load_all(&mut project, &files);
    io_failed |= failed;
    // Every consolidated state a wijzigingsbesluit beside a regeling derives is checked too.
    project.load_besluiten(&roots);
    for &base in &roots {
        project.afleiden(base, None);
    }
    let mut diags = std::mem::take(&mut project.diagnostics);
    for i in 0..project.docs.len() {
        let mut found = check_document(&project, i);
        // A finding a derived state inherits from its base text is the base's: reported
        // once, there.
        if let Some(base) = project.basis_van(i) {
            let inherited: std::collections::HashSet<(Code, String)> =
                check_document(&project, base)
                    .into_iter()
                    .map(|d| (d.code, d.message))
                    .collect();
            found.retain(|d| !inherited.contains(&(d.code, d.message.clone())));
        }
        diags.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| {
        seen.insert((
            d.primary.file,
            d.primary.span.start,
            d.primary.span.end,
            d.code,
            d.message.clone(),
        ))
    });
    crate::diagnostics::sort(&mut diags);
    CheckReport {
        project,
        diagnostics: diags,
        io_failed,
    }
}
