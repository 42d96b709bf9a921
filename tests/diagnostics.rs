//! One fixture per diagnostic code under tests/fixtures/diagnostics/: the first line names
//! the expected code (`# verwacht: vo::...`), the second says what is wrong. The rendered
//! report is snapshotted (no colour, fixed width) so the labelled clause is visible in review.
//! To add a case: write the .vo file, run `cargo insta test --review`.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use verordening::cli::check_paths;
use verordening::diagnostics::{render_human, Code};

fn expected_code(path: &Path) -> String {
    let text = std::fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# verwacht: "))
        .unwrap_or("")
        .trim()
        .to_string()
}

/// miette labels the parts of a report in English; the reader is a Dutch jurist.
fn assert_dutch(report: &str) {
    for english in ["help:", "Advice:", "Warning:", "Error:"] {
        assert!(!report.contains(english), "`{english}` in\n{report}");
    }
}

#[test]
fn every_fixture_yields_its_code() {
    insta::glob!("fixtures/diagnostics/*.vo", |path| {
        let report = check_paths(&[path.to_path_buf()]);
        let want = expected_code(path);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&want.as_str()),
            "{}: expected {want}, got {codes:?}",
            path.display()
        );
        let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
        assert_dutch(&text);
        insta::assert_snapshot!(text);
    });
}

/// Every code's page in docs/diagnostics/ (with a wrong and a corrected example that are run)
/// is checked by tests/docs.rs.
#[test]
fn every_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for code in Code::ALL {
        let fixture = match code {
            // Case-file errors come from `eval`, not `check`: see tests/eval.rs.
            Code::Casus => dir.join("tests/fixtures/casus/onjuist.yaml"),
            _ => dir.join(format!("tests/fixtures/diagnostics/{}.vo", code.slug())),
        };
        assert!(fixture.exists(), "no fixture for {}", code.as_str());
    }
}

#[test]
fn five_kinds_of_error_in_one_run() {
    let path = PathBuf::from("tests/fixtures/vijf-fouten.vo");
    let report = check_paths(&[path]);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for want in [
        "vo::soort",
        "vo::ontbrekende-invulling",
        "vo::ongeldige-keuze",
        "vo::wettelijke-grens",
        "vo::syntaxis",
    ] {
        assert!(codes.contains(&want), "missing {want} in {codes:?}");
    }
    let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
    assert_dutch(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn the_common_fixture_checks_clean() {
    let report = check_paths(&[PathBuf::from("tests/fixtures/common")]);
    let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
    assert!(report.diagnostics.is_empty(), "{text}");
}

/// A model article that the ordinance declines leaves its number free for an article of the
/// ordinance's own (the other case, two articles with one number, is a fixture above).
#[test]
fn an_own_article_may_take_the_number_of_a_declined_model_article() {
    let report = check_paths(&[PathBuf::from(
        "tests/fixtures/artikelnummers/eigen-artikel-4.vo",
    )]);
    let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
    assert!(report.diagnostics.is_empty(), "{text}");
}

/// In the VNG model the slot bounds of the two premiums restate the wet's bound (the vrijlating
/// of artikel 31): an amount above it is one violation of one bound, so one diagnostic per fill,
/// with the model's clause and the wet's clause as labels. `vo::model-grens` is for a bound the
/// model sets itself (fixture model-grens.vo).
#[test]
fn a_bound_the_model_restates_from_the_wet_is_reported_once() {
    let path = PathBuf::from("tests/fixtures/grenzen/premie-boven-vrijlating.vo");
    let report = check_paths(&[path]);
    let bounds: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::WettelijkeGrens | Code::ModelGrens))
        .cloned()
        .collect();
    let text = render_human(&report.project.sources, &bounds, false, 100);
    assert_eq!(bounds.len(), 2, "{text}");
    assert!(
        bounds.iter().all(|d| d.code == Code::WettelijkeGrens),
        "{text}"
    );
    for (slot, wet_clause) in [
        (
            "art8.lid3.bedrag",
            "premie_participatieplaats.bedrag <= vrijlating_premie",
        ),
        (
            "art14.lid1.bedrag",
            "uitstroompremie.bedrag <= vrijlating_premie",
        ),
    ] {
        assert_eq!(text.matches(&format!("`{slot}`")).count(), 1, "{text}");
        assert!(
            text.contains(wet_clause),
            "no label at `{wet_clause}`:\n{text}"
        );
    }
    assert_eq!(text.matches("de grens in het model").count(), 2, "{text}");
    assert_eq!(text.matches("de grens in de wet").count(), 2, "{text}");
    insta::assert_snapshot!(text);
}
