//! `verordening compare`: a plain value is shown as the ordinance writes it (`12 maanden`, not
//! "1 jaar"), a formula as written (its value depends on the case, so no single value is right).

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
fn a_formula_is_shown_in_words_and_a_value_as_its_value() {
    let files = [
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/compare/formulestad.vo",
    ];
    let (code, out, err) = run(&[&["compare"], &files[..]].concat());
    assert_eq!(code, 0, "{err}");
    // The premium: € 100 in Teststad; in Formulestad € 150 or € 100 depending on the hours,
    // worded as the legal text (`render`) and the was-wordt (`diff`) word it (issue 17).
    assert!(
        out.contains("| `art8.lid3.bedrag` | € 100 | € 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100 |"),
        "{out}"
    );
    // A list of literals is a value, each spelled as written (Formulestad: `20%, 10 procent, 5%`).
    assert!(
        out.contains("| `art14h.lid2.percentages` | 20%, 10% en 5% | 20%, 10 procent en 5% |"),
        "{out}"
    );
    insta::assert_snapshot!(out);
    let (_, csv, _) = run(&[&["compare", "--format", "csv"], &files[..]].concat());
    assert!(
        csv.contains("\"art8.lid3.bedrag\",\"€ 100\",\"€ 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100\""),
        "{csv}"
    );
    let (_, html, _) = run(&[&["compare", "--format", "html"], &files[..]].concat());
    assert!(
        html.contains(
            "<td>€ 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100</td>"
        ),
        "{html}"
    );
}

/// The case that was reported: Voorbeeldstad's premium (artikel 8, derde lid) is a formula,
/// shown in words (both amounts and the condition), not as one of its values.
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
        out.contains("| `art8.lid3.bedrag` | € 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100 |"),
        "{out}"
    );
}

/// Durations as Voorbeeldstad writes them (artikel 13, tweede en vierde lid, and artikel 15,
/// derde lid, onder a: `12 maanden`, `24 maanden`), not converted to years, in every format.
#[test]
fn a_value_is_shown_as_the_ordinance_writes_it() {
    let files = [
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
    ];
    for f in files {
        let src = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        for line in [
            "invulling art13.lid2.periode_kwetsbaar = 12 maanden",
            "invulling art13.lid2.periode_uiterst_kwetsbaar = 24 maanden",
            "invulling art13.lid4.periode = 24 maanden",
            "invulling art15.lid3.a.periode = 12 maanden",
        ] {
            assert!(src.contains(line), "{f} no longer says `{line}`");
        }
    }
    let (code, md, err) = run(&[&["compare"], &files[..]].concat());
    assert_eq!(code, 0, "{err}");
    for row in [
        "| `art13.lid2.periode_kwetsbaar` | 12 maanden | 12 maanden |",
        "| `art13.lid2.periode_uiterst_kwetsbaar` | 24 maanden | 24 maanden |",
        "| `art13.lid4.periode` | 24 maanden | 24 maanden |",
        "| `art15.lid3.a.periode` | 12 maanden | 12 maanden |",
    ] {
        assert!(md.contains(row), "`{row}` not in\n{md}");
    }
    // Every single duration either version fills in appears in its column word for word.
    let durations = |f: &str| -> std::collections::HashMap<String, String> {
        let src = std::fs::read_to_string(f).unwrap_or_default();
        src.lines()
            .filter_map(|l| l.strip_prefix("invulling ")?.split_once(" = "))
            .filter(|(_, v)| {
                let w: Vec<&str> = v.split_whitespace().collect();
                w.len() == 2
                    && w[0].chars().all(|c| c.is_ascii_digit() || c == ',')
                    && [
                        "dagen",
                        "werkdagen",
                        "weken",
                        "maanden",
                        "maand",
                        "jaar",
                        "uur",
                    ]
                    .contains(&w[1])
            })
            .map(|(id, v)| (id.to_string(), v.to_string()))
            .collect()
    };
    let (old, new) = (durations(files[0]), durations(files[1]));
    assert!(old.len() >= 10, "only {} durations", old.len());
    for (id, v) in &old {
        if let Some(w) = new.get(id) {
            let row = format!("| `{id}` | {v} | {w} |");
            assert!(md.contains(&row), "`{row}` not in\n{md}");
        }
    }
    let (_, csv, _) = run(&[&["compare", "--format", "csv"], &files[..]].concat());
    assert!(
        csv.contains("\"art13.lid2.periode_uiterst_kwetsbaar\",\"24 maanden\",\"24 maanden\""),
        "{csv}"
    );
    let (_, html, _) = run(&[&["compare", "--format", "html"], &files[..]].concat());
    assert!(
        html.contains(
            "<code>art15.lid3.a.periode</code></th><td>12 maanden</td><td>12 maanden</td></tr>"
        ),
        "{html}"
    );
    // The whole table is snapshotted in tests/diff.rs (the_example_versions_side_by_side).
}
