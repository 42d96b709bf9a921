//! No input makes the parser or the checker panic: arbitrary bytes, arbitrary text made of
//! the language's own tokens, and mutations of real files (which follow their header
//! references to the shipped model and wet layer).

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use std::path::Path;
use verordening::eval::check_document;
use verordening::project::Project;

fn check_text(path: &str, text: &str) {
    let mut project = Project::new();
    let i = project.load_text(Path::new(path), text);
    for j in 0..project.docs.len() {
        let _ = check_document(&project, j);
    }
    let _ = i;
}

const TOKENS: &[&str] = &[
    "verordening",
    "model",
    "wet",
    "\"t\"",
    "{",
    "}",
    "(",
    ")",
    "artikel",
    "1",
    "14a",
    "lid",
    "onderdeel",
    "a",
    "tekst",
    "\"{x}\"",
    "invulling",
    "x",
    ":",
    "bedrag",
    "=",
    "€ 1.000,50",
    "7,5%",
    "12 maanden",
    "keuze",
    "optie",
    "facultatief",
    "kan",
    "toekennen",
    "als",
    "en",
    "of",
    "niet",
    "tenzij",
    "waarde",
    "x.y",
    "grens",
    "<=",
    "indien",
    "dan",
    "anders",
    "#c\n",
    "\n",
    "voorziening",
    "feit",
    "soort",
    "|",
    "definitie",
    "overgenomen",
    "art4",
    ",",
    "2023-07-01",
    "geldig",
    "vanaf",
    "samenhang",
    "fout",
    "bron",
    "volgt",
    "regelt",
    "onderwerp",
    "+",
    "van",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(s in "\\PC{0,400}") {
        check_text("tests/fixtures/fuzz.vo", &s);
    }

    #[test]
    fn token_soup(tokens in proptest::collection::vec(0..TOKENS.len(), 0..120)) {
        let text: Vec<&str> = tokens.iter().map(|&i| TOKENS.get(i).copied().unwrap_or("")).collect();
        check_text("tests/fixtures/fuzz.vo", &text.join(" "));
    }

    #[test]
    fn mutated_real_file(cut in 0usize..4000, len in 0usize..40, insert in 0..TOKENS.len()) {
        let base = std::fs::read_to_string("tests/fixtures/diagnostics/wettelijke-grens.vo").unwrap_or_default();
        let mut s = base.clone();
        let at = (cut % (s.len() + 1)).min(s.len());
        let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + len).min(s.len());
        let end = (end..=s.len()).find(|i| s.is_char_boundary(*i)).unwrap_or(s.len());
        s.replace_range(at..end, TOKENS.get(insert).copied().unwrap_or(""));
        check_text("tests/fixtures/diagnostics/fuzz.vo", &s);
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!(
        "model \"x\" {{ }}\ndefinitie d = {}1{}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    check_text("tests/fixtures/fuzz.vo", &deep);
}

/// Expressions that nest without brackets (`niet niet ...`, `- - ...`, long sums, long
/// `anders indien` chains, `indien` in `dan`) are bounded before anything recurses over them:
/// they give a diagnostic, on the test thread's ordinary stack, in check and in fmt.
#[test]
fn very_long_or_deep_expressions_are_refused_without_overflowing_the_stack() {
    let header = "verordening \"Diep\" {\n  gemeente \"X\"\n  geldig vanaf 2023-01-01\n}\nfeit x: ja/nee\nfeit g: getal\nvoorziening v \"v\"\n";
    let chain: String = (0..3_000)
        .map(|i| format!("indien g = {i} dan {i} anders "))
        .collect();
    let nested = format!(
        "{}1{}",
        "indien x dan ".repeat(5_000),
        " anders 2".repeat(5_000)
    );
    let conditions = [
        format!("{}x", "niet ".repeat(50_000)),
        format!("{}g > 1", "- ".repeat(50_000)),
        format!("{} > 1", vec!["g"; 20_000].join(" + ")),
        format!("{} > 1", vec!["g"; 900].join(" + ")),
        format!("({chain}0) > 1"),
        format!("({nested}) > 1"),
        format!("{}x", "niet ".repeat(65)),
    ];
    for c in conditions {
        let text = format!("{header}artikel 1 \"Een\" {{\n  kan toekennen v als {c}\n}}\n");
        check_text("diep.vo", &text);
        let parsed = verordening::syntax::parse(&text, verordening::diagnostics::FileId(0));
        let _ = verordening::fmt::format_file(&parsed.file);
    }
}

/// Found by the render fuzz target: `{eisen.0}` (an element index of 0 in a text) computed
/// `0 - 1` before checking that the index is at least 1: a panic in a build with overflow
/// checks (as the tests and the fuzzer have), a wrapped value in a release build.
#[test]
fn an_element_index_of_zero_in_a_text_is_no_underflow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = std::fs::read_to_string(root.join("ordinances/vng/model-2023.vo")).unwrap();
    assert!(model.contains("{eisen.1}"));
    let text = model.replace("{eisen.1}", "{eisen.0}");
    let mut project = Project::new();
    let i = project.load_text(&root.join("ordinances/vng/model-nul.vo"), &text);
    let diags = check_document(&project, i);
    assert!(!diags.is_empty(), "`eisen.0` is no element of the list");
    for mode in [
        verordening::render::Mode::Tekst,
        verordening::render::Mode::Leeswijzer,
    ] {
        let _ = verordening::render::render(&project, i, mode);
    }
}
