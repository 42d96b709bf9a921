//! The was-wordt comparison of Voorbeeldstad 2023 with a fuzzed version (or, when the input
//! holds a NUL byte, of two fuzzed versions), printed in every format.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (base, voorbeeld) = common::base();
    let mut project = base.clone();
    let path = common::fuzzed_path();
    let (old, new) = match text.split_once('\0') {
        Some((a, b)) => {
            let old = project.load_text(&path.with_file_name("fuzz-oud.vo"), a);
            (old, project.load_text(&path, b))
        }
        None => (*voorbeeld, project.load_text(&path, text)),
    };
    let d = verordening::diff::diff(&project, old, new);
    let _ = verordening::diff::markdown(&d, "oud", "nieuw");
    let _ = verordening::diff::html(&d, "oud", "nieuw");
    let _ = serde_json::to_string(&d.wijzigingen);
});
