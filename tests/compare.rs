//! `verordening compare`: a plain value is shown as its value, a formula as written (its value
//! depends on the case, so no single value is right).

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::run;

#[test]
fn a_formula_is_shown_as_written_and_a_value_as_its_value() {
    let files = [
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/compare/formulestad.vo",
    ];
    let (code, out, err) = run(&[&["compare"], &files[..]].concat());
    assert_eq!(code, 0, "{err}");
    // The premium: € 100 in Teststad; in Formulestad € 150 or € 100 depending on the hours.
    assert!(
        out.contains("| `art8.lid3.bedrag` | € 100 | indien (participatieplaats.uren_per_week >= 16) dan € 150 anders € 100 |"),
        "{out}"
    );
    // A list of literals is a value, whichever way a percentage was spelled.
    assert!(
        out.contains("| `art14h.lid2.percentages` | 20%, 10% en 5% | 20%, 10% en 5% |"),
        "{out}"
    );
    insta::assert_snapshot!(out);
    let (_, csv, _) = run(&[&["compare", "--format", "csv"], &files[..]].concat());
    assert!(
        csv.contains("\"art8.lid3.bedrag\",\"€ 100\",\"indien (participatieplaats.uren_per_week >= 16) dan € 150 anders € 100\""),
        "{csv}"
    );
    let (_, html, _) = run(&[&["compare", "--format", "html"], &files[..]].concat());
    assert!(
        html.contains(
            "<td>indien (participatieplaats.uren_per_week &gt;= 16) dan € 150 anders € 100</td>"
        ),
        "{html}"
    );
}

/// The case that was reported: Voorbeeldstad's premium (artikel 8, derde lid) is a formula.
#[test]
fn voorbeeldstads_premium_is_its_formula() {
    let path = "ordinances/voorbeeld/voorbeeldstad-2023.vo";
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let formula = src
        .lines()
        .find_map(|l| l.trim().strip_prefix("invulling art8.lid3.bedrag = "))
        .unwrap_or_else(|| panic!("{path} fills art8.lid3.bedrag"));
    assert!(
        formula.starts_with("indien"),
        "no longer a formula: {formula}"
    );
    let (code, out, err) = run(&["compare", path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("| `art8.lid3.bedrag` | {formula} |")),
        "{out}"
    );
}
