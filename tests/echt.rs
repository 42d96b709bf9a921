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
    assert!(
        out.contains("Werkstage (werkstage): toekennen mogelijk"),
        "{out}"
    );

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

const OUD: &str = "tests/fixtures/gelijkwaardig/oud.vo";
const NIEUW: &str = "tests/fixtures/gelijkwaardig/nieuw.vo";

/// Item 2: a case with a fact neither version knows is reported as `eval` reports it (the
/// vo::casus diagnostic), listed as not evaluated, and the exit code is 2; before, the diff
/// said "Geen verschillen in uitkomsten" and exited 0.
#[test]
fn a_case_the_diff_cannot_evaluate_is_reported_and_exits_two() {
    let (code, out, err) = run(&[
        "diff",
        OUD,
        NIEUW,
        "--cases",
        "tests/fixtures/gelijkwaardig/onleesbaar",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("vo::casus"), "{err}");
    assert!(
        err.contains("de regeling kent geen feit `persoon.leeftijd`"),
        "{err}"
    );
    assert!(
        out.contains("**1 van de 3 casussen niet beoordeeld**"),
        "{out}"
    );
    assert!(out.contains("- onbekend-feit.yaml (tests/fixtures/gelijkwaardig/onleesbaar/onbekend-feit.yaml): niet te beoordelen door was en wordt"), "{out}");
}

/// Item 2: no grant on both sides (a voorziening new in one version and refused in it, or
/// refused in both) and `onbepaald` on both sides for the same missing judgement are no
/// difference; the new provision without effect is mentioned apart; the output says it is a
/// what-if. A fact only the new version knows does not make the old one fail.
#[test]
fn equivalent_outcomes_are_no_difference() {
    let (code, out, err) = run(&[
        "diff",
        OUD,
        NIEUW,
        "--cases",
        "tests/fixtures/gelijkwaardig/casussen",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("Wat-als: beide versies zijn toegepast op dezelfde feiten"),
        "{out}"
    );
    assert!(
        out.contains("Geen verschillen in uitkomsten (2 casussen beoordeeld)."),
        "{out}"
    );
    assert!(out.contains("In één versie alleen, zonder gevolg voor deze casussen (nergens toegekend): stagevergoeding."), "{out}");
    assert!(!out.contains("| onbepaald"), "{out}");
}

/// Item 2: the summary comes first (per voorziening, with the article that caused the
/// change), then the rows; `--voorziening` keeps one voorziening.
#[test]
fn the_behavioural_diff_opens_with_a_summary_and_filters_by_voorziening() {
    let args = [
        "diff",
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        "--cases",
        "ordinances/voorbeeld",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 1, "{err}");
    let summary = out.find("## Samenvatting").unwrap();
    let rows = out.find("## Verschillen in uitkomsten").unwrap();
    assert!(summary < rows, "{out}");
    assert!(
        out.contains("| jobcoaching | 0 | 6 | artikel 14h, tweede lid |"),
        "{out}"
    );
    assert!(
        out.contains("| leerwerktraject | 2 | 0 | artikel 10 |"),
        "{out}"
    );

    let mut filtered = args.to_vec();
    filtered.extend(["--voorziening", "jobcoaching"]);
    let (code, out, _) = run(&filtered);
    assert_eq!(code, 1);
    assert!(out.contains("| jobcoaching |"), "{out}");
    assert!(!out.contains("leerwerktraject"), "{out}");
    assert!(!out.contains("premie_participatieplaats"), "{out}");
}

/// Item 2: `test` reports a case it cannot read as `eval` does, gives no verdict on it, and
/// exits 2 (before: counted as failed, exit 1).
#[test]
fn a_test_case_that_cannot_be_read_exits_two() {
    let (code, out, err) = run(&["test", "tests/fixtures/gelijkwaardig/test"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("casus een feit dat de regeling niet kent ... FOUT"),
        "{out}"
    );
    assert!(
        out.contains("de regeling kent geen feit `persoon.leeftijd`"),
        "{out}"
    );
    assert!(
        out.contains("resultaat: MISLUKT. 1 geslaagd; 0 mislukt; 1 niet beoordeeld"),
        "{out}"
    );
}

/// Item 3: a refusal keeps the values it computed: the deadline that made the application
/// late is in the text report, in the JSON and readable by `test` (before: `"waarden": {}` and
/// "kreeg: onbekend").
#[test]
fn values_survive_a_refusal() {
    let (code, out, err) = run(&["test", "tests/fixtures/waarden"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&[
        "eval",
        "tests/fixtures/waarden/te-laat.vo",
        "tests/fixtures/waarden/te-laat.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("(premie): afwijzen"), "{out}");
    assert!(
        out.contains("  Aanvraag uiterlijk: 26 april 2023\n"),
        "{out}"
    );
    let (_, json, _) = run(&[
        "eval",
        "--format",
        "json",
        "tests/fixtures/waarden/te-laat.vo",
        "tests/fixtures/waarden/te-laat.yaml",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["voorzieningen"][0]["waarden"]["aanvraag_uiterlijk"],
        "26 april 2023"
    );
    // The refusal's chain cites the refusing clause, not the value rules.
    let uitleg = v["voorzieningen"][0]["uitleg"].as_array().unwrap();
    assert_eq!(uitleg.len(), 1, "{json}");
    assert_eq!(uitleg[0]["citaat"], "artikel 5, tweede lid");
}

/// Item 4: `test` compares a compound duration ("6 maanden en 10 dagen"), and reports keep the
/// unit the text uses ("12 maanden", not "1 jaar").
#[test]
fn durations_as_the_text_says_them() {
    let (code, out, err) = run(&["test", "tests/fixtures/waarden"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("casus op tijd aangevraagd: de wachttijd en de herbeoordeling ... geslaagd"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "eval",
        "tests/fixtures/waarden/te-laat.vo",
        "tests/fixtures/waarden/te-laat.yaml",
    ]);
    assert!(out.contains("  Herbeoordeling na: 12 maanden\n"), "{out}");
    assert!(
        out.contains("  Wachttijd: 6 maanden en 10 dagen\n"),
        "{out}"
    );
}

/// Item 7: a power the college declares it does not use is its own outcome, `niet-gebruikt`,
/// citing the declaration; `anders` is a soort value (written `reden_einde.anders` in an
/// expression).
#[test]
fn a_power_not_used_and_anders_as_a_soort_value() {
    let (code, out, err) = run(&["check", "tests/fixtures/constructies/bevoegdheid.vo"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&["test", "tests/fixtures/constructies"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = run(&[
        "eval",
        "tests/fixtures/constructies/bevoegdheid.vo",
        "tests/fixtures/constructies/afgerond.yaml",
    ]);
    assert!(out.contains("(premie): niet toekennen (het college gebruikt deze bevoegdheid niet)\n  Het college maakt geen gebruik van deze bevoegdheid: artikel 3, tweede lid"), "{out}");
    assert!(out.contains("(reiskosten): toekennen (verplicht)"), "{out}");
}

const HAVENDAM: &str = "ordinances/havendam/sociaal-domein-2024.vo";

/// Item 8: the shipped non-model ordinance checks with its acknowledged defect as the only
/// warning, its excerpt header turns the missing verordeningsplicht subjects into notes, and
/// its test cases pass.
#[test]
fn the_integrated_ordinance_checks_and_its_cases_pass() {
    let (code, out, err) = run(&["check", "--format", "json", HAVENDAM]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    let warnings: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["level"] == "warning").collect();
    assert_eq!(warnings.len(), 1, "{out}");
    assert_eq!(warnings[0]["code"], "vo::verwijzing");
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .contains("artikel 4.6"));
    let notes = diags.iter().filter(|d| d["level"] == "note").count();
    assert_eq!(notes, 6, "{out}");
    assert!(diags.iter().all(|d| d["level"] != "error"), "{out}");
    let (code, out, err) = run(&["test", "ordinances/havendam"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("resultaat: geslaagd. 18 geslaagd; 0 mislukt"),
        "{out}"
    );
}

/// Item 8: an excerpt (`uittreksel` in the header) is checked against the wet layer without
/// false verordeningsplicht errors; without the header line the same file has them.
#[test]
fn an_excerpt_turns_missing_subjects_into_notes() {
    let (code, _, err) = run(&["check", "tests/fixtures/uittreksel/hoofdstuk.vo"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("dit uittreksel regelt niet wat")
            && err.contains("verplicht te regelen: de vervoersvoorziening"),
        "{err}"
    );
    assert!(
        err.ends_with(
            "1 bestand(en) gecontroleerd: 0 fout(en), 0 waarschuwing(en), 8 opmerking(en)\n"
        ),
        "{err}"
    );
    let (code, _, err) = run(&["check", "tests/fixtures/uittreksel/zonder-kopregel.vo"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("deze regeling regelt niet wat")
            && err.contains("verplicht te regelen: de vervoersvoorziening"),
        "{err}"
    );
}

/// Item 8: the begrippenlijst prints each term as written (capitals and hyphens kept) with one
/// closing mark, and a closing sentence after the onderdelen of a lid stays after them.
#[test]
fn a_begrippenlijst_as_the_gemeenteblad_prints_it() {
    let (code, out, err) = run(&["render", HAVENDAM]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "- Doelgroep: personen als bedoeld in artikel 7, eerste lid, onder a, van de wet;\n"
        ),
        "{out}"
    );
    assert!(out.contains("- Re-integratievoorziening: een voorziening als bedoeld in hoofdstuk 4, gericht op arbeidsinschakeling;\n"), "{out}");
    assert!(out.contains("- Wet: de Participatiewet.\n"), "{out}");
    assert!(!out.contains(".;"), "{out}");
    assert!(out.contains("  - c. in het derde jaar en de daaropvolgende jaren: 5 procent.\n\nHet college kan in bijzondere gevallen van dit maximum afwijken.\n"), "{out}");
    // The adopted defect is printed as adopted.
    assert!(
        out.contains("als bedoeld in artikel 4.6 wordt ingediend"),
        "{out}"
    );
}

/// Item 5: an amount that can come out finer than cents, with no rounding in the regeling, is
/// a checker warning (`vo::afronding`), and the report shows the exact value with that note.
#[test]
fn an_amount_without_stated_rounding() {
    let file = "tests/fixtures/diagnostics/afronding.vo";
    let (code, out, err) = run(&["check", "--format", "json", file]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "vo::afronding", "{out}");
    assert_eq!(v["diagnostics"][0]["level"], "warning", "{out}");
    let case = "tests/fixtures/waarden/scholing.yaml";
    let (_, out, _) = run(&["eval", file, case]);
    assert!(
        out.contains(
            "  Bedrag: € 246,912 (exact; de regeling zegt niet hoe dit bedrag wordt afgerond)\n"
        ),
        "{out}"
    );
    let (_, json, _) = run(&["eval", "--format", "json", file, case]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["voorzieningen"][0]["niet_afgerond"],
        serde_json::json!(["bedrag"])
    );
    // A rounded amount, or one whose decimals cannot exceed cents, is not reported.
    let (_, out, _) = run(&["check", "ordinances/havendam/sociaal-domein-2024.vo"]);
    assert!(!out.contains("vo::afronding"), "{out}");
}

/// Item 6: a rule can stand on a sentence (`volzin 2`: "tweede volzin") or on the closing
/// sentence after a list (`slotzin`); a grant cites the begrip of the begrippenlijst its
/// condition uses; a refusal on two grounds cites both (before: the first only).
#[test]
fn citations_finer_than_a_lid_and_all_refusal_grounds() {
    let (code, out, err) = run(&["test", "tests/fixtures/constructies"]);
    assert_eq!(code, 0, "{out}{err}");
    let dir = "tests/fixtures/constructies";
    let case = format!("{dir}/zinnen-geweigerd.yaml");
    let (_, out, _) = run(&["eval", &format!("{dir}/zinnen.vo"), &case]);
    assert!(
        out.contains("  Grond: artikel 4.20, eerste lid, tweede volzin"),
        "{out}"
    );
    assert!(
        out.contains("  Ook op grond van artikel 4.20, tweede lid, slotzin"),
        "{out}"
    );
    let (_, json, _) = run(&[
        "eval",
        "--format",
        "json",
        &format!("{dir}/zinnen.vo"),
        &case,
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["voorzieningen"][0]["andere_gronden"][0]["citaat"],
        "artikel 4.20, tweede lid, slotzin"
    );
}

/// The new constructs keep their form under `verordening fmt` (brongebrek, `maakt geen gebruik
/// van`, `volzin`/`slotzin`, a begrip with its term, `reden_einde.anders`, `uittreksel`).
#[test]
fn the_new_constructs_are_in_the_fixed_layout() {
    let (code, out, err) = run(&[
        "fmt",
        "--check",
        "ordinances/havendam/sociaal-domein-2024.vo",
        "tests/fixtures/constructies/bevoegdheid.vo",
        "tests/fixtures/constructies/zinnen.vo",
        "tests/fixtures/artikelverwijzing/gebrek.vo",
        "tests/fixtures/uittreksel/hoofdstuk.vo",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}
