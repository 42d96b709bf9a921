//! Evaluation on the test model: outcomes, missing inputs, case-file diagnostics.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::run;

fn proefplaats(v: &serde_json::Value) -> serde_json::Value {
    v["voorzieningen"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["naam"] == "proefplaats"))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_wrong_case_file_is_rejected_with_a_located_diagnostic() {
    let (code, out, err) = run(&[
        "eval",
        "tests/fixtures/common/goed.vo",
        "tests/fixtures/casus/onjuist.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "nothing is evaluated half: {out}");
    assert!(
        err.contains("vo::casus") && err.contains("onjuist.yaml:5:3"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn a_complete_case_is_decided_with_citations() {
    let (code, out, err) = run(&[
        "eval",
        "--format",
        "json",
        "tests/fixtures/common/goed.vo",
        "tests/fixtures/casus/goed.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let vz = proefplaats(&v);
    assert_eq!(vz["uitkomst"], "bevoegd");
    assert_eq!(vz["waarden"]["duur"], "2 maanden");
    assert_eq!(vz["grond"]["citaat"], "artikel 14a, eerste lid");
    assert!(vz["uitleg"]
        .as_array()
        .is_some_and(|a| a.iter().all(|c| c["start"].is_u64())));
}

#[test]
fn a_missing_judgement_makes_the_outcome_onbepaald_and_names_it() {
    let dir = std::env::temp_dir().join("verordening-eval-test");
    let _ = std::fs::create_dir_all(&dir);
    let case = dir.join("casus.json");
    let _ = std::fs::write(
        &case,
        r#"{"peildatum": "2023-09-01", "feiten": {"persoon.uitkering": "bijstand"}}"#,
    );
    let (code, out, err) = run(&[
        "eval",
        "--format",
        "json",
        "tests/fixtures/common/goed.vo",
        case.to_str().unwrap_or(""),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let vz = proefplaats(&v);
    assert_eq!(vz["uitkomst"], "onbepaald");
    assert_eq!(
        vz["ontbreekt"],
        serde_json::json!([{"naam": "verdringing", "soort": "oordeel"}])
    );
}

#[test]
fn a_refusal_names_its_ground() {
    let dir = std::env::temp_dir().join("verordening-eval-test-2");
    let _ = std::fs::create_dir_all(&dir);
    let case = dir.join("casus.toml");
    let _ = std::fs::write(&case, "peildatum = \"2023-09-01\"\n[feiten]\n\"persoon.uitkering\" = \"bijstand\"\n[oordelen]\nverdringing = true\n");
    let (code, out, err) = run(&[
        "eval",
        "tests/fixtures/common/goed.vo",
        case.to_str().unwrap_or(""),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Proefplaats (proefplaats): afwijzen"), "{out}");
    assert!(out.contains("Grond: artikel 14a, derde lid"), "{out}");
}

#[test]
fn the_version_in_force_on_the_peildatum_is_evaluated() {
    let dir = std::env::temp_dir().join("verordening-eval-versies");
    let _ = std::fs::create_dir_all(&dir);
    for (date, want) in [("2023-09-01", "€ 100"), ("2024-02-01", "€ 150")] {
        let case = dir.join(format!("casus-{date}.yaml"));
        let _ = std::fs::write(
            &case,
            format!("peildatum: {date}\nfeiten:\n  persoon.uitkering: bijstand\n"),
        );
        let (code, out, err) = run(&[
            "eval",
            "--format",
            "json",
            "tests/fixtures/versies",
            case.to_str().unwrap_or(""),
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        let premie = v["voorzieningen"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["naam"] == "premie"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(premie["waarden"]["bedrag"], want, "{date}: {out}");
    }
    let case = dir.join("casus-2022.yaml");
    let _ = std::fs::write(&case, "peildatum: 2022-01-01\nfeiten: {}\n");
    let (code, _, err) = run(&[
        "eval",
        "tests/fixtures/versies",
        case.to_str().unwrap_or(""),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("geen versie"), "{err}");
}

#[test]
fn the_cases_next_to_the_shipped_ordinances_pass() {
    let (code, out, err) = run(&["test", "ordinances"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("resultaat: geslaagd."), "{out}");
    let passed: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("resultaat: geslaagd. "))
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(passed >= 30, "only {passed} cases");
}

#[test]
fn a_failing_case_shows_expected_and_actual_and_exits_one() {
    let dir = std::env::temp_dir().join("verordening-test-runner");
    let _ = std::fs::create_dir_all(&dir);
    let model = std::fs::canonicalize("tests/fixtures/common/goed.vo").unwrap_or_default();
    let file = dir.join("fout.test.yaml");
    let _ = std::fs::write(&file, format!(
        "regeling: {}\ncasussen:\n  - naam: \"verkeerd verwacht\"\n    peildatum: 2023-09-01\n    feiten: {{ persoon.uitkering: bijstand }}\n    oordelen: {{ verdringing: nee }}\n    verwacht:\n      proefplaats: {{ uitkomst: plicht, waarden: {{ duur: \"3 maanden\" }} }}\n",
        model.display()
    ));
    let (code, out, _) = run(&["test", file.to_str().unwrap_or("")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("uitkomst verwacht `plicht`, kreeg `bevoegd`"),
        "{out}"
    );
    assert!(
        out.contains("proefplaats.duur: verwacht 3 maanden, kreeg 2 maanden"),
        "{out}"
    );
    assert!(
        out.contains("resultaat: MISLUKT. 0 geslaagd; 1 mislukt"),
        "{out}"
    );
}

/// The report of `verordening test` is Dutch, and its lines keep the form that
/// docs/evaluatie.md promises to CI ("De uitvoer van `verordening test`").
#[test]
fn the_test_report_is_dutch_and_keeps_its_documented_lines() {
    let (code, out, err) = run(&["test", "tests/fixtures/testuitvoer"]);
    assert_eq!(code, 1, "{out}{err}");
    for english in [
        "running",
        "test result",
        "passed",
        "failed",
        "FAILED",
        "failures",
        " ok",
    ] {
        assert!(!out.contains(english), "`{english}` in {out}");
    }
    let verdicts: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("casus "))
        .filter_map(|l| l.rsplit_once(" ... ").map(|(_, v)| v))
        .collect();
    assert_eq!(verdicts, ["geslaagd", "MISLUKT"], "{out}");
    assert!(
        out.lines()
            .any(|l| l == "resultaat: MISLUKT. 1 geslaagd; 1 mislukt"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn the_jobcoaching_regimes_are_read_from_the_tables_the_ordinance_filled_in() {
    // Each of the three options of artikel 14h, tweede lid: a table of regimes looked up by
    // name, percentages per year by position, hours per half-year.
    let (code, out, err) = run(&["test", "tests/fixtures/regiems"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("resultaat: geslaagd. 7 geslaagd; 0 mislukt"),
        "{out}"
    );
}

#[test]
fn a_lookup_in_a_table_names_the_fields_it_has() {
    let (code, _, err) = run(&["check", "tests/fixtures/regiems/fout-veld.vo"]);
    assert_eq!(code, 1);
    assert!(err.contains("vo::soort"), "{err}");
    assert!(err.contains("de records hebben geen veld `naam`"), "{err}");
    assert!(
        err.contains("de velden zijn: regiem, percentage, duur"),
        "{err}"
    );
    assert!(
        err.contains("`element` verwacht een lijst, maar dit is een getal"),
        "{err}"
    );
}

/// A case file that is not valid YAML, JSON or TOML: where, in Dutch.
#[test]
fn a_case_file_that_does_not_read_says_where_in_dutch() {
    let dir = std::env::temp_dir().join("verordening-kapotte-casus");
    let _ = std::fs::create_dir_all(&dir);
    for (name, text, at) in [
        (
            "kapot.yaml",
            "peildatum: [2023\nfeiten: {\n",
            ("kapot.yaml:2:7]", "dit is geen geldige YAML"),
        ),
        (
            "kapot.json",
            "{\"peildatum\": }",
            ("kapot.json:1:15]", "dit is geen geldige JSON"),
        ),
        (
            "kapot.toml",
            "peildatum = \n",
            ("kapot.toml:1:13]", "dit is geen geldige TOML"),
        ),
    ] {
        let file = dir.join(name);
        let _ = std::fs::write(&file, text);
        let (code, _, err) = run(&[
            "eval",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            file.to_str().unwrap_or(""),
        ]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains("is geen geldig casusbestand"), "{name}: {err}");
        // The place is shown as the file's line and column, the reader's own words in Dutch.
        assert!(err.contains(at.0) && err.contains(at.1), "{name}: {err}");
    }
}

/// Every outcome of every case shipped next to an ordinance, as JSON, cites at least one
/// clause with its source span (the ISD BOL file has its own, stricter test in isd_bol.rs).
/// The report written straight from the outcomes (as the server sends it) is byte for byte
/// its tree (as `eval --format json` prints it): no field twice, in the same order.
#[test]
fn every_outcome_of_every_shipped_case_cites_a_clause_with_a_span() {
    use verordening::eval::case::{parse_tree, CaseReader, Format};
    use verordening::eval::report::{json_report, EvalRapport, JsonReport, ReportParts};
    use verordening::eval::Evaluator;
    let files = verordening::project::expand_paths(&[std::path::PathBuf::from("ordinances")])
        .unwrap_or_default();
    let dirs: std::collections::BTreeSet<_> = files
        .iter()
        .filter_map(|f| f.parent().map(|p| p.to_path_buf()))
        .collect();
    let mut checked = 0;
    let mut compared = 0;
    let (mut with_receipt, mut not_applied) = (0, 0);
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if !path.to_string_lossy().ends_with(".test.yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let tree = parse_tree(&text, Format::Yaml).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let regeling = dir.join(tree["regeling"].as_str().unwrap_or_default());
            let mut versions = verordening::eval::load::Versions::open(&regeling)
                .unwrap_or_else(|_| panic!("{regeling:?} does not load"));
            let mut lowered = std::collections::HashMap::new();
            for case in tree["casussen"].as_array().cloned().unwrap_or_default() {
                let name = case["naam"].as_str().unwrap_or("?").to_string();
                let Some(obj) = case.as_object() else {
                    continue;
                };
                // The version in force on the case's peildatum (a regeling with versions,
                // derived from wijzigingsbesluiten, names other facts before and after).
                let date = obj
                    .get("peildatum")
                    .and_then(|v| v.as_str())
                    .and_then(verordening::syntax::parse_date);
                let Ok(index) = versions.pick(date) else {
                    panic!("{name}: no version on {date:?}")
                };
                // The choice a receipt records (by the aanvraagdatum too, as `eval` makes it).
                let aanvraag = verordening::eval::case::aanvraagdatum(obj);
                let keuze = versions.kies(date, aanvraag).ok();
                let program = &lowered
                    .entry(index)
                    .or_insert_with(|| {
                        versions
                            .lower(index)
                            .unwrap_or_else(|_| panic!("{regeling:?} does not load"))
                    })
                    .program;
                let mut sources = versions.project.sources.clone();
                let file = sources.add(&path, text.as_str());
                let mut reader = CaseReader::new(program, file, &text);
                let Some((facts, peildatum)) =
                    reader.read(obj, &["naam", "bron", "interpretatie", "verwacht"])
                else {
                    panic!("{name}: {:?}", reader.diags)
                };
                let outcomes = Evaluator::new(program).all(&facts);
                let report = json_report(program, &sources, peildatum, &outcomes);
                let direct = JsonReport::new(program, &sources, peildatum, &outcomes);
                let tree = serde_json::to_string(&report).unwrap_or_default();
                assert_eq!(
                    String::from_utf8(direct.to_vec()).unwrap_or_default(),
                    tree,
                    "{path:?} {name}"
                );
                // … and with the constant parts written once beforehand, as the server does.
                let parts = ReportParts::new(program, &sources);
                let fast = JsonReport::with_parts(program, &parts, peildatum, &outcomes);
                assert_eq!(
                    String::from_utf8(fast.to_vec()).unwrap_or_default(),
                    tree,
                    "{path:?} {name}"
                );
                // … and indented, as `eval --format json` prints it.
                assert_eq!(
                    direct.to_string_pretty(),
                    serde_json::to_string_pretty(&report).unwrap_or_default(),
                    "{path:?} {name}"
                );
                // … and with the receipt after it, as `eval --format json` and the server
                // write it: the bytes of the typed document `EvalRapport`.
                if let Some(keuze) = &keuze {
                    let bewijs = verordening::eval::tijd::ontvangstbewijs(
                        &versions,
                        keuze,
                        Some(peildatum),
                        aanvraag,
                        None,
                    );
                    let owned = EvalRapport::new(
                        verordening::eval::report::report(program, &sources, peildatum, &outcomes),
                        &bewijs,
                    );
                    assert_eq!(
                        String::from_utf8(fast.with_receipt(&bewijs).to_vec()).unwrap_or_default(),
                        serde_json::to_string(&owned).unwrap_or_default(),
                        "{path:?} {name}"
                    );
                    with_receipt += 1;
                    if !bewijs.niet_toegepast.is_empty() {
                        not_applied += 1;
                    }
                }
                compared += 1;
                for vz in report["voorzieningen"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                {
                    let uitleg = vz["uitleg"].as_array().cloned().unwrap_or_default();
                    assert!(
                        uitleg.iter().any(|c| matches!((c["start"].as_u64(), c["eind"].as_u64()), (Some(s), Some(e)) if e > s)),
                        "{path:?} {name}: {} has no citation with a span: {uitleg:?}",
                        vz["naam"]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1_000, "only {checked} outcomes checked");
    assert!(compared >= 200, "only {compared} reports compared");
    assert!(
        with_receipt >= 200,
        "only {with_receipt} reports compared with a receipt"
    );
    // Rules left out for an aanvraagdatum make the `toetsing` rows differ per voorziening.
    assert!(
        not_applied > 0,
        "no report with a rule not applied ({with_receipt} with a receipt)"
    );
}

/// The JSON report of `eval --format json`, field for field (its receipt's file hashes and
/// engine version left out: they change with every edit and release), on a small fixture
/// that does not change with the shipped ordinances: a change to the shape of what case
/// systems read shows here.
#[test]
fn the_json_report_keeps_its_shape() {
    let (code, out, err) = run(&[
        "eval",
        "tests/fixtures/common/goed.vo",
        "tests/fixtures/casus/goed.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let bewijs = v["ontvangstbewijs"]
        .as_object_mut()
        .unwrap_or_else(|| panic!("no receipt: {out}"));
    assert!(bewijs.remove("bestanden").is_some_and(|b| b.is_array()));
    assert!(bewijs.remove("engine").is_some_and(|e| e.is_string()));
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap_or_default());
}

/// `verordening batch`: JSON Lines in and out; each case against the version in force on its
/// peildatum; a bad line gives a line with `fouten`, the rest goes on, exit code 1.
#[test]
fn a_batch_of_cases_is_evaluated_line_by_line_against_the_version_in_force() {
    let (code, out, err) = run(&[
        "batch",
        "ordinances/voorbeeld",
        "tests/fixtures/batch/casussen.jsonl",
    ]);
    assert_eq!(code, 1, "one line is not a valid case: {err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    let jobcoaching = |v: &serde_json::Value| {
        v["voorzieningen"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["naam"] == "jobcoaching"))
            .map(|x| x["waarden"]["maximum_uren"].clone())
            .unwrap_or_default()
    };
    // 15% of 1.600 hours under the 2023 version, 20% under the amendment of 2024.
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[0]["geldig_vanaf"], "2023-07-01");
    assert_eq!(jobcoaching(&lines[0]), "240 uur");
    assert_eq!(lines[1]["geldig_vanaf"], "2024-01-01");
    assert_eq!(jobcoaching(&lines[1]), "320 uur");
    assert!(lines[2]["fouten"][0]["bericht"]
        .as_str()
        .is_some_and(|m| m.contains("geen geldige JSON")));
    assert_eq!(lines[3]["fouten"][0]["code"], "vo::casus");
    assert_eq!(lines[3]["regel"], 4);
    assert!(lines[4]["fouten"][0]["bericht"]
        .as_str()
        .is_some_and(|m| m.contains("geen versie")));
}

/// The compact report cites a clause by its lid only, so two clauses of the chain in one lid
/// would name it twice: each list names a lid once, in the order of its first clause. For
/// jobcoaching: the grant (artikel 14h, eerste lid), the conditions of artikel 14c, tweede lid,
/// that hold for all persoonlijke ondersteuning bij werk (issue 18, item 1), its deadline
/// (artikel 14g, eerste lid, two clauses) and the maximum of the regiem (artikel 14h, tweede
/// lid, three values).
#[test]
fn the_compact_report_names_each_lid_once() {
    let (_, out, err) = run(&[
        "batch",
        "ordinances/voorbeeld",
        "tests/fixtures/batch/casussen.jsonl",
    ]);
    let mut lists = 0;
    for line in out.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        for vz in v["voorzieningen"].as_array().into_iter().flatten() {
            for key in [
                "uitleg",
                "kan_weigeren",
                "kan_beeindigen",
                "kan_mogelijk_weigeren",
                "kan_mogelijk_beeindigen",
            ] {
                let cites: Vec<&str> = vz[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.as_str())
                    .collect();
                let mut seen = std::collections::HashSet::new();
                assert!(
                    cites.iter().all(|c| seen.insert(*c)),
                    "{} {key}: {cites:?}",
                    vz["naam"]
                );
                lists += 1;
            }
            if vz["naam"] == "jobcoaching" {
                assert_eq!(
                    vz["uitleg"],
                    serde_json::json!([
                        "artikel 14h, eerste lid",
                        "artikel 14c, tweede lid, onder a",
                        "artikel 14c, tweede lid, onder b",
                        "artikel 14c, tweede lid, onder c",
                        "artikel 14c, tweede lid, onder d",
                        "artikel 14c, tweede lid, onder g",
                        "artikel 14g, eerste lid",
                        "artikel 14h, tweede lid"
                    ]),
                    "{err}"
                );
            }
        }
    }
    assert!(lists > 20, "only {lists} lists in\n{out}");
}

/// A test file is run against each version once (not loaded again per case); a version with
/// errors leaves only the cases on its dates unevaluated (FOUT, exit code 2: no verdict), and
/// the cases after it still run.
#[test]
fn a_version_with_errors_fails_only_its_own_cases() {
    let (code, out, err) = run(&["test", "tests/fixtures/versie-met-fouten"]);
    assert_eq!(code, 2, "{out}{err}");
    let verdicts: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("casus "))
        .filter_map(|l| l.rsplit_once(" ... ").map(|(_, v)| v))
        .collect();
    assert_eq!(verdicts, ["geslaagd", "FOUT", "geslaagd"], "{out}");
    assert!(out.contains("de regeling bevat fouten:"), "{out}");
    assert!(
        out.contains("`art8.lid3.bedrag` verwacht een bedrag, maar dit is een duur"),
        "{out}"
    );
    assert!(
        out.contains("resultaat: MISLUKT. 2 geslaagd; 0 mislukt; 1 niet beoordeeld"),
        "{out}"
    );
}

/// Issue 18, item 5: the overgangsrecht counts from the ordinance's own date of entry into force
/// (its header), not from a fixed 1 July 2023, and reports the last day of the period.
#[test]
fn the_transitional_period_follows_the_header_date() {
    let result = verordening::eval::testing::run_file(std::path::Path::new(
        "tests/fixtures/overgangsrecht/later.test.yaml",
    ));
    assert!(result.error.is_none(), "{:?}", result.error);
    assert_eq!(result.cases.len(), 1);
    for c in &result.cases {
        assert!(c.failures.is_empty(), "{}: {:?}", c.name, c.failures);
    }
}

/// Issue 13: one comparison of durations. "1 maand" against "30 dagen" depends on the month:
/// the checker compares from the version's `geldig vanaf`, the evaluator from the case's
/// peildatum, both with `value::Duration::compare`. From 1 februari 2023 a month is 28 days
/// (shorter than thirty), from 1 maart 31 (not shorter).
#[test]
fn months_and_days_compare_from_geldig_vanaf_in_the_checker_and_the_peildatum_in_eval() {
    let dir = "tests/fixtures/duur";
    // Checker: the wet's `grens stage.proef < 30 dagen` against `waarde stage.proef = 1 maand`.
    let (code, out, err) = run(&["check", &format!("{dir}/februari.vo")]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&["check", &format!("{dir}/maart.vo")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        format!("{out}{err}")
            .contains("`stage.proef` = 1 maand ligt buiten de wettelijke grens < 30 dagen"),
        "{out}{err}"
    );
    // Evaluator: `kan toekennen stage als stage.termijn < 30 dagen` with a termijn of 1 maand.
    let outcome = |case: &str| {
        let (code, out, err) = run(&[
            "eval",
            "--format",
            "json",
            &format!("{dir}/februari.vo"),
            &format!("{dir}/{case}"),
        ]);
        assert_eq!(code, 0, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["voorzieningen"][0]["uitkomst"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(outcome("peildatum-februari.yaml"), "bevoegd");
    assert_eq!(outcome("peildatum-maart.yaml"), "geweigerd");
}

/// An own article with the number of a model article and `model N` replaces that article
/// (tests/fixtures/artikelnummers/vervangen-artikel.vo): it stands in the model article's place
/// in the text, the model's text and rules for it are gone, its own rules apply. Teststad's
/// proefplaats is for persons of 27 or older; the model's grants it at any age and refuses it
/// on verdringing, which Teststad's text does not say.
#[test]
fn an_own_article_replaces_the_model_article_with_its_number() {
    let vo = "tests/fixtures/artikelnummers/vervangen-artikel.vo";
    let (code, _, err) = run(&["check", vo]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 fout(en), 0 waarschuwing(en)"), "{err}");
    let (code, text, err) = run(&["render", vo]);
    assert_eq!(code, 0, "{err}");
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        heads,
        [
            "### Artikel 1. Definities",
            "### Artikel 4. Werkstage",
            "### Artikel 8. Participatieplaats",
            "### Artikel 14a. Proefplaats",
            "### Artikel 14b. Aanvraagproces",
            "### Artikel 14c. Eigen bepaling",
            "### Artikel 14h. Jobcoaching",
        ]
    );
    assert!(text.contains("van 27 jaar of ouder"), "{text}");
    assert!(
        !text.contains("voor de duur van"),
        "the model's text is gone: {text}"
    );
    let dir = tempfile::tempdir().unwrap();
    for (leeftijd, want) in [("20 jaar", "geweigerd"), ("30 jaar", "bevoegd")] {
        let case = dir.path().join("casus.json");
        std::fs::write(
            &case,
            format!(
                r#"{{"peildatum": "2023-09-01", "feiten": {{"persoon.uitkering": "bijstand", "persoon.leeftijd": "{leeftijd}"}}}}"#
            ),
        )
        .unwrap();
        let (code, out, err) = run(&["eval", "--format", "json", vo, case.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        let vz = proefplaats(&v);
        assert_eq!(vz["uitkomst"], want, "{leeftijd}: {vz}");
        // No judgement on verdringing is asked: the model's refusal does not apply.
        assert!(!vz["ontbreekt"].to_string().contains("verdringing"), "{vz}");
    }
}

const LIJSTEN: &str = "tests/fixtures/lijsten/wachtlijst.vo";

/// Issue 21, item 7: the hand-derived cases of the lists fixture pass (choosing with an unknown
/// condition, a choice the outcome does not reach, a tie on every key, counts, quantifiers).
#[test]
fn the_cases_of_the_lists_fixture_pass() {
    let (code, out, err) = run(&["test", "tests/fixtures/lijsten"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("resultaat: geslaagd. 4 geslaagd"), "{out}");
}

/// A list in a case file: an unknown field, a value of the wrong soort, a missing field and an
/// entry that is no record are each reported at the entry, and nothing is evaluated; a list
/// written as a text is reported at its key.
#[test]
fn a_wrong_list_in_a_case_file_is_reported_entry_by_entry() {
    let (code, out, err) = run(&["eval", LIJSTEN, "tests/fixtures/lijsten/onjuist.yaml"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    for (want, place) in [
        (
            "vermelding 1 van `wachtlijst` heeft een onbekend veld `leeftijd`",
            "onjuist.yaml:7:",
        ),
        (
            "`misschien` is geen geldige waarde voor `geschikt` in vermelding 2",
            "onjuist.yaml:8:",
        ),
        (
            "vermelding 3 van `wachtlijst` mist het veld `urgentie`",
            "onjuist.yaml:9:",
        ),
        (
            "vermelding 4 van `wachtlijst` is geen record",
            "onjuist.yaml:6:",
        ),
    ] {
        let at = err
            .find(want)
            .unwrap_or_else(|| panic!("`{want}` in {err}"));
        assert!(err[at..].contains(place), "`{want}` at {place}: {err}");
    }
    insta::assert_snapshot!(err);
    let (code, _, err) = run(&["eval", LIJSTEN, "tests/fixtures/lijsten/geen-lijst.yaml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`wachtlijst` is een lijst: schrijf de vermeldingen tussen [ ]")
            && err.contains("geen-lijst.yaml:4:3"),
        "{err}"
    );
}

/// The JSON report says what each choice chose: a tie with the tied places and the fields the
/// tied entries share; a value read from a tie or from no entry says why it has no result.
#[test]
fn the_json_report_shows_the_chosen_entry_and_why_a_value_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let gelijk = dir.path().join("gelijk.json");
    std::fs::write(
        &gelijk,
        r#"{"peildatum":"2024-03-01","feiten":{"plek.minimum_urgentie":1,"wachtlijst":[
          {"naam":"Smit","ingeschreven_op":"2023-03-01","geschikt":true,"urgentie":2,"wachttijd":"12 maanden","inkomen":"€ 100","doel":"werk"},
          {"naam":"Visser","ingeschreven_op":"2023-03-01","geschikt":true,"urgentie":2,"wachttijd":"10 maanden","inkomen":"€ 90","doel":"participatie"}]},
          "oordelen":{"plek.beschikbaar":true}}"#,
    )
    .unwrap();
    let (code, out, err) = run(&[
        "eval",
        "--format",
        "json",
        LIJSTEN,
        gelijk.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let aanbod = &v["voorzieningen"][0];
    assert_eq!(aanbod["uitkomst"], "plicht");
    let kandidaat = aanbod["gekozen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["naam"] == "kandidaat")
        .unwrap();
    assert_eq!(kandidaat["uitkomst"], "gelijk");
    assert_eq!(kandidaat["gelijk"], serde_json::json!([1, 2]));
    assert_eq!(
        kandidaat["volgorde"],
        "vroegste ingeschreven_op, hoogste urgentie"
    );
    assert_eq!(
        kandidaat["waarbij"],
        "geschikt en urgentie >= plek.minimum_urgentie"
    );
    assert_eq!(kandidaat["voldoen"], 2);
    assert_eq!(kandidaat["bepaling"]["citaat"], "artikel 1, eerste lid");
    // The shared fields only: the date and the urgency, not the name.
    let velden = kandidaat["velden"].as_object().unwrap();
    assert_eq!(velden["ingeschreven_op"], "1 maart 2023");
    assert!(velden.get("naam").is_none(), "{velden:?}");
    assert!(aanbod["waarden_zonder_uitkomst"]["aan"]["bericht"]
        .as_str()
        .unwrap()
        .starts_with("de keuze uit de lijst staat gelijk"));
    // No entry at all: `bestaat` is nee, refused on the second lid, and the value says why.
    let leeg = dir.path().join("leeg.json");
    std::fs::write(
        &leeg,
        r#"{"peildatum":"2024-03-01","feiten":{"plek.minimum_urgentie":1,"wachtlijst":[]},"oordelen":{"plek.beschikbaar":true}}"#,
    )
    .unwrap();
    let (_, out, _) = run(&["eval", "--format", "json", LIJSTEN, leeg.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let aanbod = &v["voorzieningen"][0];
    assert_eq!(aanbod["uitkomst"], "geweigerd");
    assert_eq!(aanbod["grond"]["citaat"], "artikel 1, tweede lid");
    assert_eq!(aanbod["waarden"]["allen_geschikt"], "ja");
    assert!(aanbod["waarden_zonder_uitkomst"]["aan"]["bericht"]
        .as_str()
        .unwrap()
        .starts_with("er is geen vermelding gekozen"));
    // The text report says it in words.
    let (_, out, _) = run(&["eval", LIJSTEN, leeg.to_str().unwrap()]);
    assert!(
        out.contains(
            "Kandidaat: niets gekozen uit wachtlijst (artikel 1, eerste lid): de lijst is leeg"
        ),
        "{out}"
    );
}

/// `verordening schema` describes a list fact as an array of records with every field.
#[test]
fn the_case_schema_describes_a_list() {
    let (code, out, err) = run(&["schema", LIJSTEN]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lijst = &v["properties"]["feiten"]["properties"]["wachtlijst"];
    assert_eq!(lijst["type"], "array");
    assert_eq!(lijst["items"]["type"], "object");
    assert_eq!(lijst["items"]["additionalProperties"], false);
    assert_eq!(
        lijst["items"]["required"],
        serde_json::json!([
            "naam",
            "ingeschreven_op",
            "geschikt",
            "urgentie",
            "wachttijd",
            "inkomen",
            "doel"
        ])
    );
    assert_eq!(
        lijst["items"]["properties"]["doel"]["enum"],
        serde_json::json!(["participatie", "werk"])
    );
    assert!(lijst["description"]
        .as_str()
        .unwrap()
        .starts_with("de personen op de wachtlijst — een lijst van vermeldingen"));
}

/// A list in a TOML case file: an array of tables, dates as TOML dates. With urgency 3 the
/// second entry, De Vries, is chosen (artikel 1, eerste lid, of the fixture).
#[test]
fn a_list_in_a_toml_case_file() {
    let (code, out, err) = run(&[
        "eval",
        "--format",
        "json",
        LIJSTEN,
        "tests/fixtures/lijsten/casus.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let aanbod = &v["voorzieningen"][0];
    assert_eq!(aanbod["uitkomst"], "plicht");
    assert_eq!(aanbod["waarden"]["aan"], "De Vries");
    assert_eq!(aanbod["waarden"]["ingeschreven_op"], "15 november 2022");
}
