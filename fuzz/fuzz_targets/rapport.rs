//! The human report (miette, with its windows around long lines and its wrapping) and the
//! SARIF report of the diagnostics of a checked ordinance, on top of the shipped model and wet:
//! what `check` prints in a terminal and writes for code-scanning tools. Split off from the
//! `check` target, which then runs twice as many inputs a second.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (project, diags) = common::checked(text);
    let _ = verordening::diagnostics::render_human(&project.sources, &diags, false, 100);
    let _ = verordening::diagnostics::render_sarif(&project.sources, &diags);
});
