//! The checker: names, types and units, model conformance, statutory bounds, the
//! verordeningsplicht and the model's own constraints.

mod bounds;
mod conform;
mod consteval;
mod context;
mod crossref;
mod plicht;
pub mod symbols;
pub mod types;
mod walk;

pub use context::Checker;

use crate::diagnostics::Diagnostic;
use crate::project::Project;

/// Check document `i` of the project against the layers it stands on.
pub fn check_document(project: &Project, i: usize) -> Vec<Diagnostic> {
    let Some(checker) = Checker::new(project, i) else {
        return Vec::new();
    };
    checker.walk();
    if !checker.model_unresolved() {
        checker.conform();
        checker.bounds();
        checker.verordeningsplicht();
    }
    checker.crossrefs();
    checker.diags.into_inner()
}
