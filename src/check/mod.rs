//! The checker: names, types and units, model conformance, statutory bounds, the
//! verordeningsplicht and the model's own constraints.

use crate::diagnostics::Diagnostic;
use crate::project::Project;

/// Check document `i` of the project against the layers it stands on.
pub fn check_document(project: &Project, i: usize) -> Vec<Diagnostic> {
    let _ = (project, i);
    Vec::new()
}
