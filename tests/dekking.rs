//! Coverage (`verordening dekking`, `check --dekking`): every normative artikel, lid and
//! onderdeel of the shipped model, example and ISD BOL files has a rule or a written reason;
//! the report names the rules per unit; a unit without either is a warning.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::run;
use verordening::dekking::{coverage, modal};
use verordening::syntax::parse;

const SHIPPED: &[&str] = &[
    "ordinances/vng/model-2023.vo",
    "ordinances/vng/model-2017.vo",
    "ordinances/wet/participatiewet.vo",
    "ordinances/voorbeeld/voorbeeldstad-2023.vo",
    "ordinances/voorbeeld/voorbeeldstad-2024.vo",
    "ordinances/isd-bol/beleidsregels-reintegratie-2023.vo",
    "ordinances/isd-bol/participatieverordening-2023.vo",
    "ordinances/havendam/sociaal-domein-2024.vo",
    "ordinances/zuiderveen/reintegratie-2024.vo",
];

#[test]
fn the_shipped_ordinances_are_fully_covered() {
    for path in SHIPPED {
        let src = std::fs::read_to_string(path).unwrap();
        let parsed = parse(&src, verordening::diagnostics::FileId(0));
        let units = coverage(&parsed.file, &src);
        let missing: Vec<&str> = units
            .iter()
            .filter(|u| !u.covered())
            .map(|u| u.citation.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "{path}: no rule and no reason: {missing:?}"
        );
    }
    // The model has many normative units, each with a rule or a reason.
    let src = std::fs::read_to_string("ordinances/vng/model-2023.vo").unwrap();
    let parsed = parse(&src, verordening::diagnostics::FileId(0));
    let units = coverage(&parsed.file, &src);
    let normative = units.iter().filter(|u| u.normative).count();
    let with_rules = units
        .iter()
        .filter(|u| u.normative && !u.rules.is_empty())
        .count();
    assert!(normative > 100, "{normative}");
    assert!(with_rules > 70, "{with_rules}");
}

#[test]
fn the_report_names_the_rules_of_each_unit() {
    let (code, out, err) = run(&["dekking", "ordinances/vng/model-2023.vo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ordinances/vng/model-2023.vo: "), "{out}");
    assert!(
        out.contains("normatieve onderdelen gedekt (100 %)"),
        "{out}"
    );
    // Artikel 3, tweede lid, onder e: "de voorziening naar het oordeel van het college niet meer
    // geschikt is" — one rule (kan beëindigen).
    let line = out
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("artikel 3, tweede lid, onder e:")
        })
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("1 regel (regel "), "{line}");
    // A reason is shown as written.
    assert!(
        out.contains("artikel 14d, vierde lid: geen regel: \"procedureel (aanvraag)\""),
        "{out}"
    );
    let (code, json, _) = run(&[
        "dekking",
        "--format",
        "json",
        "ordinances/vng/model-2023.vo",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let file = &v["bestanden"][0];
    assert_eq!(file["normatief"], file["gedekt"]);
    let units = file["onderdelen"].as_array().unwrap();
    let e = units
        .iter()
        .find(|u| u["plaats"] == "artikel 3, tweede lid, onder e")
        .unwrap();
    assert_eq!(e["id"], "art3.lid2.e");
    assert!(e["regels"][0]["tekst"]
        .as_str()
        .unwrap()
        .starts_with("kan beëindigen alle voorzieningen"));
}

#[test]
fn a_normative_unit_without_rule_or_reason_is_reported() {
    let f = "tests/fixtures/diagnostics/dekking.vo";
    let (code, out, _) = run(&["dekking", f]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("4 van 5 normatieve onderdelen gedekt (80 %)"),
        "{out}"
    );
    assert!(
        out.contains("artikel 1, tweede lid, onder b: GEEN REGEL"),
        "{out}"
    );
    assert!(
        out.contains("artikel 1, derde lid: geen regel: \"procedureel\""),
        "{out}"
    );
    // `check` warns only when asked.
    let (code, _, err) = run(&["check", f]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("vo::dekking"), "{err}");
    let (code, _, err) = run(&["check", "--dekking", f]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 fout(en), 1 waarschuwing(en)"), "{err}");
    let (code, _, _) = run(&["check", "--dekking", "--deny-warnings", f]);
    assert_eq!(code, 1);
}

#[test]
fn modal_words_make_a_text_normative() {
    assert!(modal("Het college kan een werkstage aanbieden."));
    assert!(modal("de persoon niet naar behoren gebruik maakt"));
    assert!(modal("mag maximaal dertien weken worden ingezet"));
    assert!(modal("een premie van ten hoogste € 2.699"));
    assert!(!modal("In deze verordening wordt verstaan onder:"));
    assert!(!modal(
        "Deze verordening wordt aangehaald als: {citeertitel}."
    ));
    // Whole words only: "kanaal" is not "kan".
    assert!(!modal("het kanaal"));
}

/// A variant's leden are units of their own (artikel 12 of the 2017 model has two variants, each
/// with a first lid): each is cited with its variant, and a rule that names a slot by its full id
/// (`art12.variant1.lid1.a.periode`) counts for the onderdeel that holds the slot.
#[test]
fn the_units_of_a_variant_are_cited_with_their_variant() {
    let (code, out, err) = run(&["dekking", "ordinances/vng/model-2017.vo"]);
    assert_eq!(code, 0, "{err}");
    for unit in [
        "artikel 12, variant 1, eerste lid, onder a: ",
        "artikel 12, variant 2, eerste lid, onder a: ",
        "artikel 12, variant 2, derde lid: geen regel",
    ] {
        assert!(out.contains(unit), "{unit}: {out}");
    }
    // No unit of a variant is reported without its variant.
    assert!(!out.contains("artikel 12, eerste lid"), "{out}");
}
