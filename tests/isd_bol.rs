//! The ISD BOL beleidsregels (ordinances/isd-bol/): every case of their test file evaluates to
//! a JSON report in which each outcome cites at least one clause with a source span; the
//! version in force follows the peildatum (S65); the checker reports the broken reference of
//! artikel 6, achtste lid, onder b, as a warning and nothing about the verordeningsplicht of
//! the stub ordinance; and a `besluit` is not subject to rules on `alle voorzieningen`.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::run;
use std::path::{Path, PathBuf};
use verordening::check_paths;
use verordening::eval::case::{parse_tree, CaseReader, Format};
use verordening::eval::load::load_for_date;
use verordening::eval::report::json_report;
use verordening::eval::Evaluator;
use verordening::syntax::parse_date;

const BELEIDSREGELS: &str = "ordinances/isd-bol/beleidsregels-reintegratie-2023.vo";
const CASES: &str = "ordinances/isd-bol/beleidsregels-reintegratie-2023.test.yaml";

#[test]
fn every_outcome_of_every_case_cites_a_clause_with_a_span() {
    let text = std::fs::read_to_string(CASES).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    let tree = parse_tree(&text, Format::Yaml).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    let cases = tree["casussen"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 68, "only {} cases", cases.len());
    // One version, in force from 1 January 2023 on; every case is dated in it (the test
    // runner checks that), so the ordinance is loaded once.
    let loaded = load_for_date(Path::new(BELEIDSREGELS), parse_date("2023-01-01"))
        .unwrap_or_else(|_| panic!("the beleidsregels do not load"));
    let program = &loaded.lowered.program;
    let mut sources = loaded.project.sources.clone();
    let file = sources.add(Path::new(CASES), text.as_str());
    for case in &cases {
        let name = case["naam"].as_str().unwrap_or("?");
        let obj = case
            .as_object()
            .unwrap_or_else(|| panic!("{name}: not an object"));
        let mut reader = CaseReader::new(program, file, &text);
        let (facts, peildatum) = reader
            .read(obj, &["naam", "bron", "interpretatie", "verwacht"])
            .unwrap_or_else(|| panic!("{name}: the case does not read: {:?}", reader.diags));
        let outcomes = Evaluator::new(program).all(&facts);
        let report = json_report(program, &sources, peildatum, &outcomes);
        let vzs = report["voorzieningen"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!vzs.is_empty(), "{name}: no outcomes");
        for vz in &vzs {
            let uitleg = vz["uitleg"].as_array().cloned().unwrap_or_default();
            assert!(!uitleg.is_empty(), "{name}: {} has no citation", vz["naam"]);
            for c in &uitleg {
                let (start, end) = (c["start"].as_u64(), c["eind"].as_u64());
                assert!(
                    matches!((start, end), (Some(s), Some(e)) if e > s),
                    "{name}: {} cites {c} without a span",
                    vz["naam"]
                );
                assert!(
                    c["citaat"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("artikel ")),
                    "{name}: {c}"
                );
            }
        }
    }
}

fn temp_case(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("verordening-isd-bol");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, body);
    path
}

#[test]
fn the_command_line_reports_a_case_as_json_with_spans() {
    let case = temp_case(
        "s01.yaml",
        "peildatum: 2023-03-06\nfeiten:\n  persoon.doelgroep: ja\n  persoon.uitkering: bijstand\n  wmbu.begindatum: 2023-03-06\n  wmbu.geplande_einddatum: 2023-06-04\n  wmbu.eerdere_werkgevers: 0\n  wmbu.voor_loonwaardebepaling: nee\n  wmbu.plan_doel_en_begeleiding: ja\n  wmbu.overeenkomst_verzekeringen: ja\noordelen:\n  verdringing: nee\n",
    );
    let (code, out, err) = run(&[
        "eval",
        BELEIDSREGELS,
        case.to_str().unwrap_or(""),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(json["regeling"], "Beleidsregels Re-integratie ISD BOL 2023");
    let wmbu = json["voorzieningen"]
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|x| x["naam"] == "werken_met_behoud_van_uitkering")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(wmbu["uitkomst"], "bevoegd", "{out}");
    assert_eq!(
        wmbu["waarden"]["uiterste_einddatum"], "4 juni 2023",
        "{out}"
    );
    assert_eq!(wmbu["grond"]["citaat"], "artikel 4, eerste lid");
    assert!(wmbu["grond"]["eind"].as_u64() > wmbu["grond"]["start"].as_u64());
    // A besluit says so in the report.
    let besluit = json["voorzieningen"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["naam"] == "budgetplafond"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(besluit["soort"], "besluit");
}

/// S65: an application received on 20 December 2022 and decided on 5 January 2023. On the
/// date of receipt no version of these beleidsregels is in force (the 2018 rules are not among
/// the sources); on the date of the decision the 2023 rules are.
#[test]
fn the_version_in_force_follows_the_peildatum() {
    let before = temp_case("s65-ontvangst.yaml", "peildatum: 2022-12-20\nfeiten: {}\n");
    let (code, _, err) = run(&["eval", BELEIDSREGELS, before.to_str().unwrap_or("")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("geen versie"), "{err}");
    let after = temp_case("s65-besluit.yaml", "peildatum: 2023-01-05\nfeiten: {}\n");
    let (code, out, err) = run(&["eval", "ordinances/isd-bol", after.to_str().unwrap_or("")]);
    assert_eq!(code, 0, "{err}");
    // From a directory the beleidsregels go before the verordening they rest on.
    assert!(
        out.starts_with("Beleidsregels Re-integratie ISD BOL 2023"),
        "{out}"
    );
}

#[test]
fn the_checker_reports_the_broken_reference_and_no_verordeningsplicht() {
    let report = check_paths(&[PathBuf::from("ordinances/isd-bol")]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["vo::verwijzing"], "{:?}", report.diagnostics);
    let Some(d) = report.diagnostics.first() else {
        return;
    };
    assert!(d.message.contains("lid 7, sub b"), "{}", d.message);
    assert!(
        d.message
            .contains("lid 7 van artikel 6 heeft geen onderdelen"),
        "{}",
        d.message
    );
    let src = report.project.sources.text(d.primary.file);
    let line_start = src
        .get(..d.primary.span.start as usize)
        .and_then(|s| s.rfind('\n'))
        .unwrap_or(0);
    let line = src
        .get(line_start..d.primary.span.end as usize)
        .unwrap_or("");
    assert!(
        line.contains("Gedurende de periode zoals genoemd in lid 7, sub b"),
        "{line}"
    );
}

#[test]
fn informal_references_to_a_lid_or_onderdeel_are_checked() {
    let dir = std::env::temp_dir().join("verordening-isd-bol");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("verwijzingen.vo");
    let _ = std::fs::write(
        &file,
        "beleidsregels \"Test\" {\n  geldig vanaf 2023-01-01\n  verordening \"v.vo\"\n}\n\
         artikel 1 \"A\" {\n  lid 1 { tekst \"Zoals genoemd in lid 2, onder a en in lid 2, onder c, en in lid 3 en in artikel 7, lid 9, van de wet.\" }\n  lid 2 {\n    tekst \"Dit:\"\n    onderdeel a { tekst \"x\" }\n    onderdeel b { tekst \"y\" }\n  }\n}\n",
    );
    let _ = std::fs::write(
        dir.join("v.vo"),
        "verordening \"V\" {\n  geldig vanaf 2023-01-01\n}\n",
    );
    let report = check_paths(&[file]);
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "lid 2 van artikel 1 heeft geen onderdeel c",
            "artikel 1 heeft geen lid 3"
        ],
        "{:?}",
        report.diagnostics
    );
    assert!(report.diagnostics.iter().all(|d| !d.is_error()));
}

/// A `besluit` is evaluated like a voorziening, but rules on `alle voorzieningen` (here the
/// refusal of artikel 2, eerste lid, onder b, for persons outside the doelgroep) skip it.
#[test]
fn rules_on_all_voorzieningen_skip_a_besluit() {
    let case = temp_case(
        "terugvordering.yaml",
        "peildatum: 2023-10-01\nfeiten:\n  persoon.doelgroep: nee\n  persoon.uitkering: bijstand\n  subsidie.onverschuldigd_betaald: \"€ 300\"\n  plan.stappen_beschreven: ja\n  plan.in_samenwerking: ja\n",
    );
    let (code, out, err) = run(&[
        "eval",
        BELEIDSREGELS,
        case.to_str().unwrap_or(""),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let by_name = |n: &str| {
        json["voorzieningen"]
            .as_array()
            .and_then(|v| v.iter().find(|x| x["naam"] == n))
            .cloned()
            .unwrap_or_default()
    };
    let traject = by_name("re_integratietraject");
    assert_eq!(traject["uitkomst"], "geweigerd");
    assert_eq!(traject["grond"]["citaat"], "artikel 2, eerste lid, onder b");
    let terug = by_name("terugvordering");
    assert_eq!(terug["uitkomst"], "plicht", "{out}");
    assert_eq!(terug["waarden"]["bedrag"], "€ 300", "{out}");
}

/// The expectations `kan_weigeren` and `kan_beeindigen` are exact: a ground that holds but is
/// not expected, or an expected ground that does not hold, fails the case.
#[test]
fn discretionary_grounds_are_expected_exactly() {
    let ordinance = std::fs::canonicalize(BELEIDSREGELS).unwrap_or_default();
    let file = temp_case(
        "gronden.test.yaml",
        &format!(
            "regeling: {}\ncasussen:\n  - naam: \"verkeerde gronden\"\n    peildatum: 2023-09-01\n    feiten:\n      persoon.doelgroep: ja\n      persoon.uitkering: bijstand\n      persoon.verplichtingen_nagekomen: nee\n      plan.stappen_beschreven: ja\n      plan.in_samenwerking: ja\n    verwacht:\n      re_integratietraject: {{ uitkomst: bevoegd, kan_weigeren: [\"artikel 13, tweede lid\"], kan_beeindigen: [] }}\n",
            ordinance.display()
        ),
    );
    let (code, out, _) = run(&["test", file.to_str().unwrap_or("")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("kan_weigeren verwacht [\"artikel 13, tweede lid\"], kreeg []"),
        "{out}"
    );
    assert!(
        out.contains("kan_beeindigen verwacht [], kreeg [\"artikel 2, tweede lid, onder a\"]"),
        "{out}"
    );
}
