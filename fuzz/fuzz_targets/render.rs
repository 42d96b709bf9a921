//! Rendering an ordinance (as adopted, and with the leeswijzer's brackets) to Markdown and
//! HTML, on top of the shipped model and wet.
#![no_main]
use libfuzzer_sys::fuzz_target;
use verordening::render::{html, markdown, render_modes, Mode};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (base, _) = common::base();
    let mut project = base.clone();
    let i = project.load_text(&common::fuzzed_path(), text);
    for blocks in render_modes(&project, i, &[Mode::Tekst, Mode::Leeswijzer]).unwrap_or_default() {
        let _ = markdown(&blocks);
        let _ = html(&blocks);
    }
});
