//! Checking an ordinance against the shipped model and wet (loaded once), and the JSON report
//! of its diagnostics (what the language server, the workbench and `check --format json` give).
//! The human and SARIF reports of the same diagnostics are the `rapport` target's: drawing them
//! takes more than half of an input's time, and apart from the names and places they print it
//! is the same code on the same excerpts of the model for nearly every input, so here it would
//! only slow down the search through the checker (issue 12: executions per second).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (project, diags) = common::checked(text);
    let _ = verordening::diagnostics::render_json(&project.sources, &diags);
});
