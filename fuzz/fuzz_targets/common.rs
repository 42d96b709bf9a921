//! Shared by the targets: the shipped layers loaded once per process, cloned per input (a
//! clone shares the parsed trees), so a target parses and checks only the mutated file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use verordening::project::Project;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The wet, the VNG model of 2023 and Voorbeeldstad 2023, loaded.
pub fn base() -> &'static (Project, usize) {
    static BASE: OnceLock<(Project, usize)> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut p = Project::new();
        let voorbeeld = repo().join("ordinances/voorbeeld/voorbeeldstad-2023.vo");
        let i = p.load(&voorbeeld).unwrap_or(0);
        (p, i)
    })
}

/// Where a fuzzed ordinance stands: next to Voorbeeldstad, so that its header's
/// `model "../vng/model-2023.vo"` finds the loaded model.
pub fn fuzzed_path() -> PathBuf {
    std::fs::canonicalize(repo().join("ordinances/voorbeeld"))
        .unwrap_or_else(|_| repo().join("ordinances/voorbeeld"))
        .join("fuzz-invoer.vo")
}

/// `text` loaded as an ordinance beside Voorbeeldstad in a clone of the loaded project, and
/// checked: the project and every diagnostic of loading and checking.
pub fn checked(text: &str) -> (Project, Vec<verordening::diagnostics::Diagnostic>) {
    let (base, _) = base();
    let mut project = base.clone();
    let i = project.load_text(&fuzzed_path(), text);
    let mut diags = std::mem::take(&mut project.diagnostics);
    diags.extend(verordening::eval::check_document(&project, i));
    (project, diags)
}
