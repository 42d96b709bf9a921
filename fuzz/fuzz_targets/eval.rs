//! A case file (JSON, YAML or TOML, chosen by the first byte) read against Voorbeeldstad 2023,
//! evaluated, and written in every report format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use verordening::eval::case::{read_document, CaseReader, Format};
use verordening::eval::rapport;
use verordening::eval::report::{compact_report, json_report};
use verordening::eval::{Evaluator, Program};
use verordening::project::Project;

#[path = "common.rs"]
mod common;

fn loaded() -> &'static Option<(Project, Program)> {
    static LOADED: OnceLock<Option<(Project, Program)>> = OnceLock::new();
    LOADED.get_or_init(|| {
        let path = common::repo().join("ordinances/voorbeeld/voorbeeldstad-2023.vo");
        let l = verordening::eval::load::load_for_date(&path, None).ok()?;
        Some((l.project, l.lowered.program))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = match first % 3 {
        0 => Format::Json,
        1 => Format::Yaml,
        _ => Format::Toml,
    };
    let Some((project, program)) = loaded() else {
        return;
    };
    let Ok(doc) = read_document(text, format) else {
        return;
    };
    let Some(obj) = doc.root.as_object() else {
        return;
    };
    let mut reader = CaseReader::new(program, verordening::diagnostics::FileId(u32::MAX), text)
        .at(&doc.places, "");
    let Some((case, peildatum)) = reader.read(obj, &[]) else {
        return;
    };
    let outcomes = Evaluator::new(program).all(&case);
    // The case worker's report, with and without file and line, in text and HTML.
    let given = rapport::given_in(&case);
    for bronnen in [false, true] {
        let cx = rapport::Context {
            program,
            sources: &project.sources,
            peildatum,
            given: &given,
            bronnen,
        };
        let _ = rapport::text(&cx, &outcomes);
        let _ = rapport::html(&cx, &outcomes, &[], "");
    }
    let _ = json_report(program, &project.sources, peildatum, &outcomes);
    // The byte writer that `eval --format json` and the server use (eval/jsonreport.rs).
    let _ = verordening::eval::jsonreport::JsonReport::new(
        program,
        &project.sources,
        peildatum,
        &outcomes,
    )
    .to_vec();
    let _ = serde_json::to_string(&compact_report(program, peildatum, &outcomes));
});
