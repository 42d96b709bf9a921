//! The was-wordt diff: renumbering recognised, changed words marked, exit codes as `diff`.

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
fn renumbered_articles_are_recognised() {
    let (code, out, err) = run(&[
        "diff",
        "tests/fixtures/diff/sociaal-domein-2022.vo",
        "tests/fixtures/diff/sociaal-domein-2023.vo",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("Artikel 3.4.5 vernummerd naar artikel 3.3.5\n"),
        "{out}"
    );
    assert!(
        !out.contains("eerste lid vernummerd"),
        "leden follow their article: {out}"
    );
    assert!(
        out.contains("Artikel 3.4.7 vernummerd naar artikel 3.3.6"),
        "{out}"
    );
    assert!(out.contains("Artikel 3.4.6 vervallen"), "{out}");
    assert!(out.contains("Artikel 3.3.7 toegevoegd"), "{out}");
    assert!(
        out.contains("~~drie~~") && out.contains("**twee**"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn renumbered_leden_split_merged_and_a_lid_that_becomes_an_article() {
    let (code, out, err) = run(&[
        "diff",
        "tests/fixtures/diff/vernummering-2023.vo",
        "tests/fixtures/diff/vernummering-2024.vo",
    ]);
    assert_eq!(code, 1, "{err}");
    for line in [
        // A lid inserted: the leden after it move up, one of them also changed ... (a cited
        // lid is closed by a comma when the sentence goes on: Aanwijzingen voor de regelgeving)
        "- Artikel 2, tweede lid, vernummerd naar artikel 2, derde lid (en gewijzigd)\n",
        "- Artikel 2, derde lid, vernummerd naar artikel 2, vierde lid\n",
        // ... while the new lid under the old number is an addition, not a change.
        "| Artikel 2, tweede lid | | **2. Als een persoon jonger is dan 27 jaar",
        // A lid split in two, and two leden merged into one.
        "- Artikel 2, vierde lid, gesplitst in het vijfde en zesde lid\n",
        "- Artikel 5, derde en vierde lid, samengevoegd in het derde lid\n",
        // A lid that becomes an article of its own.
        "- Artikel 3, derde lid, vernummerd naar artikel 3a\n",
        // An article renumbered while its old number is taken by a new article.
        "- Artikel 4 vernummerd naar artikel 5\n",
        "- Artikel 4 toegevoegd\n",
        "- Artikel 5 vernummerd naar artikel 6\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    assert!(
        !out.contains("Artikel 5, eerste lid, vernummerd")
            && !out.contains("Artikel 4, eerste lid, vernummerd"),
        "leden follow their article: {out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_changed_value_is_one_semantic_line() {
    let (code, out, _) = run(&[
        "diff",
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/versies/teststad-2024.vo",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("- Artikel 8, derde lid (bedrag): € 100 → € 150"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn identical_inputs_give_an_empty_diff_and_exit_zero() {
    let (code, out, _) = run(&[
        "diff",
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/versies/teststad-2023.vo",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Geen verschillen."));
}

#[test]
fn json_and_html_formats() {
    let (_, out, _) = run(&[
        "diff",
        "--format",
        "json",
        "tests/fixtures/diff/sociaal-domein-2022.vo",
        "tests/fixtures/diff/sociaal-domein-2023.vo",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(v["wijzigingen"]
        .as_array()
        .is_some_and(|a| a.iter().any(|c| c["soort"] == "vernummerd")));
    let (_, out, _) = run(&[
        "diff",
        "--format",
        "html",
        "tests/fixtures/diff/sociaal-domein-2022.vo",
        "tests/fixtures/diff/sociaal-domein-2023.vo",
    ]);
    assert!(
        out.starts_with("<!DOCTYPE html>")
            && out.contains("<del>drie</del>")
            && !out.contains("http://")
            && !out.contains("src=")
    );
}

#[test]
fn behavioural_diff_lists_cases_whose_outcome_changes() {
    let (code, out, err) = run(&[
        "diff",
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/versies/teststad-2024.vo",
        "--cases",
        "tests/fixtures/versies/casussen",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("| premie.yaml | premie |"), "{out}");
    assert!(
        !out.contains("geen-bijstand.yaml"),
        "unchanged outcomes are not listed: {out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn comparison_table_has_a_row_per_slot_and_a_column_per_ordinance() {
    let (code, out, err) = run(&[
        "compare",
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/versies/teststad-2024.vo",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| `art8.lid3.bedrag` | € 100 | € 150 |"),
        "{out}"
    );
    assert!(
        out.contains("| `art14h.lid2.uren_halfjaar` | niet overgenomen | niet overgenomen |"),
        "{out}"
    );
    insta::assert_snapshot!(out);
    let (_, csv, _) = run(&[
        "compare",
        "--format",
        "csv",
        "tests/fixtures/versies/teststad-2023.vo",
        "tests/fixtures/versies/teststad-2024.vo",
    ]);
    assert!(
        csv.lines()
            .any(|l| l == "\"art8.lid3.bedrag\",\"€ 100\",\"€ 150\""),
        "{csv}"
    );
}

const VOORBEELD_2023: &str = "ordinances/voorbeeld/voorbeeldstad-2023.vo";
const VOORBEELD_2024: &str = "ordinances/voorbeeld/voorbeeldstad-2024.vo";

/// The shipped amendment of the example municipality: the was-wordt table of its five changes.
#[test]
fn the_example_amendment_as_a_was_wordt_table() {
    let (code, out, err) = run(&["diff", VOORBEELD_2023, VOORBEELD_2024]);
    assert_eq!(code, 1, "{err}");
    for line in [
        "- Artikel 14b, vierde lid (weken): 8 weken → 6 weken",
        "- Artikel 10 toegevoegd",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // One line per change: the article adopted is "Artikel 10 toegevoegd", not also an
    // adoption "niet overgenomen → overgenomen" (issue 17).
    assert!(!out.contains("niet overgenomen → overgenomen"), "{out}");
    // The title names the documents and the version, not the files.
    assert!(
        out.starts_with("# Was-wordt: Re-integratieverordening Participatiewet Voorbeeldstad 2023 → gewijzigd per 1 januari 2024\n"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

/// The shipped cases of the example run through both versions: only the cases whose outcome
/// or values change, with the clause responsible on each side.
#[test]
fn the_example_amendment_changes_these_outcomes() {
    let (code, out, err) = run(&[
        "diff",
        VOORBEELD_2023,
        VOORBEELD_2024,
        "--cases",
        "ordinances/voorbeeld",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("| jobcoaching in het eerste jaar: 15% van de uren | jobcoaching |"),
        "{out}"
    );
    assert!(
        out.contains("maximum_uren: 320 uur"),
        "20% van 1.600 uur: {out}"
    );
    assert!(!out.contains("derde jaar"), "5% is unchanged: {out}");
    insta::assert_snapshot!(out
        .split("## Verschillen in uitkomsten")
        .nth(1)
        .unwrap_or(&out));
}

#[test]
fn the_example_versions_side_by_side() {
    let (code, out, err) = run(&["compare", VOORBEELD_2023, VOORBEELD_2024]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| `art14b.lid4.weken` | 8 weken | 6 weken |"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

/// The was-wordt table shows a value as the ordinance wrote it (`12 maanden`, not "1 jaar"),
/// and a fill-in that became a formula as what the formula says, not as one of its values.
#[test]
fn values_as_written_and_formulas_in_words() {
    let (code, out, _) = run(&[
        "diff",
        "tests/fixtures/schrijfwijze/teststad-2023.vo",
        "tests/fixtures/schrijfwijze/teststad-2024.vo",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("- Artikel 4, eerste lid (duur): 6 maanden → 12 maanden"),
        "{out}"
    );
    assert!(out.contains("ten hoogste **12** maanden."), "{out}");
    assert!(!out.contains("jaar"), "{out}");
    assert!(
        out.contains("- Artikel 8, derde lid (bedrag): € 100 → € 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

/// Issue 22, item 6: "an article replaced in part (new title, some leden the same) shows as
/// changed, not as deleted plus added". In the fixture artikel 3 "Proefplaats" becomes artikel 5
/// "Onbeloonde werkzaamheden bij een werkgever": its first lid is rewritten (twee → drie
/// maanden), its second lid is word for word the same. Its title alone is too unlike the old one
/// to pair it; its whole text is not.
#[test]
fn an_article_renumbered_and_partly_rewritten_is_one_change() {
    let (code, out, err) = run(&[
        "diff",
        "tests/fixtures/diff/deels-vervangen-2023.vo",
        "tests/fixtures/diff/deels-vervangen-2024.vo",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("- Artikel 3 vernummerd naar artikel 5 (en gewijzigd)\n"),
        "{out}"
    );
    assert!(!out.contains("vervallen"), "{out}");
    assert!(!out.contains("toegevoegd"), "{out}");
    assert!(
        out.contains("~~twee~~") && out.contains("**drie**"),
        "{out}"
    );
    // The unchanged second lid follows its article and is no row of the table.
    assert!(!out.contains("tweede lid"), "{out}");
    insta::assert_snapshot!(out);
}
