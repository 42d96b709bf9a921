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
