//! Real ordinances that are not the VNG model (issue 21): adopted texts kept verbatim, a
//! behavioural diff that says what it could not evaluate, and the constructs real texts use.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::run;

const GEBREK: &str = "tests/fixtures/artikelverwijzing/gebrek.vo";

/// Item 1: a reference to an article that does not exist, a lid that does not exist and a
/// `brongebrek` without a defect are all warnings of one code; the file checks (exit 0).
#[test]
fn a_reference_to_a_missing_article_is_a_warning_like_a_missing_lid() {
    let (code, out, err) = run(&["check", "--format", "json", GEBREK]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    let summary: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(summary.len(), 3, "{out}");
    assert!(
        summary
            .iter()
            .all(|(c, l)| c == "vo::verwijzing" && l == "warning"),
        "{out}"
    );
    // The acknowledged defect carries its reason; the other one says how to acknowledge.
    let text = out.as_str();
    assert!(
        text.contains("erkend gebrek in de brontekst: bij de vernummering"),
        "{out}"
    );
    assert!(
        text.contains("brongebrek \\\"bedoeld is artikel ...\\\""),
        "{out}"
    );
    // The reference to another regeling is neither checked nor reported.
    assert!(!text.contains("artikel 6"), "{out}");
}

/// Item 1: the rules of a regeling with such a defect are evaluated; render prints the text
/// as adopted; the leeswijzer shows the acknowledgement and lists the external reference.
#[test]
fn a_regeling_with_a_defect_is_evaluated_and_rendered_as_adopted() {
    let case = "tests/fixtures/artikelverwijzing/casus.yaml";
    let (code, out, err) = run(&["eval", GEBREK, case]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("werkstage (werkstage): bevoegd"), "{out}");

    let (code, out, _) = run(&["render", GEBREK]);
    assert_eq!(code, 0);
    assert!(out.contains("als bedoeld in artikel 4.15."), "{out}");
    assert!(!out.contains("Brongebrek"), "{out}");

    let (code, out, _) = run(&["render", "--leeswijzer", GEBREK]);
    assert_eq!(code, 0);
    assert!(out.contains("als bedoeld in artikel 4.15."), "{out}");
    assert!(
        out.contains(
            "> Brongebrek (de tekst is gelaten zoals vastgesteld): bij de vernummering van 2024"
        ),
        "{out}"
    );
    assert!(out.contains("## Verwijzingen naar andere regelingen\n\n- artikel 6 van de Verordening maatregelen Participatiewet (artikel 4.1, tweede lid)"), "{out}");
}
