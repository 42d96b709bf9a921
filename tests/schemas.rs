//! The JSON Schemas of the JSON outputs (issue 17, item 3): the files in docs/schemas/ are what
//! `verordening schema --uitvoer` generates from the types (so they cannot drift), and what the
//! commands write on the shipped ordinances and their cases validates against them. The
//! schemas are strict (`additionalProperties: false`): a field the schema lacks fails here.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::run;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every published schema: its name on the command line and in docs/schemas/.
const SCHEMAS: &[&str] = &[
    "check",
    "eval",
    "batch",
    "batch-compact",
    "batch-velden",
    "diff",
    "diff-casussen",
    "compare",
    "test",
    "versies",
    "dekking",
    "besluit",
];

/// Set to rewrite docs/schemas/ from the types instead of comparing.
const REGENERATE: &str = "VERORDENING_SCHEMAS_BIJWERKEN";

fn schema_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(format!("{name}.json"))
}

#[test]
fn the_committed_schemas_are_what_the_types_generate() {
    let mut stale = Vec::new();
    for name in SCHEMAS {
        let (code, generated, err) = run(&["schema", "--uitvoer", name]);
        assert_eq!(code, 0, "schema --uitvoer {name}: {err}");
        let path = schema_file(name);
        if std::env::var_os(REGENERATE).is_some() {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            stale.push(name.to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "docs/schemas/ differs from what the types generate for: {}.\n\
         Regenerate with `{REGENERATE}=1 cargo test --test schemas`, or per schema \
         `verordening schema --uitvoer NAAM > docs/schemas/NAAM.json`, and review the change.",
        stale.join(", ")
    );
    // No schema in the folder that no output has.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                SCHEMAS.contains(&stem.as_str()),
                "docs/schemas/{stem}.json is not an output's schema"
            );
        }
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_file(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The errors of `doc` against the schema, one line each (empty: valid).
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(v: &jsonschema::Validator, schema: &str, what: &str, doc: &Value) {
    let errs = errors(v, doc);
    assert!(
        errs.is_empty(),
        "{what} does not validate against docs/schemas/{schema}.json:\n{}",
        errs.join("\n")
    );
}

fn parse(what: &str, out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{out}"))
}

/// The shipped test files: (test file, its regeling, its cases without the test's own keys).
fn shipped_cases() -> Vec<(PathBuf, PathBuf, Vec<Value>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ordinances");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".test.yaml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // The library's own reader: test files may share facts with anchors and merge
            // keys (`<<:`), which it resolves as `verordening test` does.
            let tree: Value =
                verordening::eval::case::parse_tree(&text, verordening::eval::case::Format::Yaml)
                    .unwrap();
            let regeling = dir.join(tree["regeling"].as_str().unwrap());
            let cases = tree["casussen"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let mut c = c.clone();
                    let obj = c.as_object_mut().unwrap();
                    for k in ["naam", "bron", "interpretatie", "toelichting", "verwacht"] {
                        obj.remove(k);
                    }
                    c
                })
                .collect();
            out.push((file, regeling, cases));
        }
    }
    assert!(out.len() >= 5, "only {} test files", out.len());
    out
}

#[test]
fn check_output_validates() {
    let v = validator("check");
    let mut checked = 0;
    for args in [
        vec!["ordinances/"],
        vec!["tests/fixtures/vijf-fouten.vo"],
        vec!["tests/fixtures/diagnostics/"],
        vec!["--dekking", "ordinances/voorbeeld/"],
    ] {
        let mut all = vec!["check", "--format", "json"];
        all.extend(&args);
        let (_, out, err) = run(&all);
        let doc = parse(&format!("check {args:?}: {err}"), &out);
        assert_valid(&v, "check", &format!("check {args:?}"), &doc);
        checked += doc["diagnostics"].as_array().map_or(0, Vec::len);
    }
    assert!(checked > 20, "only {checked} diagnostics validated");
}

/// What a batch line shows of a case's outcomes: each voorziening's outcome, and per outcome
/// the fields that are not empty (the shapes a report can take).
fn shapes(line: &Value) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for vz in line["voorzieningen"].as_array().into_iter().flatten() {
        let naam = vz["naam"].as_str().unwrap_or("");
        let uitkomst = vz["uitkomst"].as_str().unwrap_or("");
        for (k, v) in vz.as_object().unwrap() {
            let shown = match v {
                Value::Null => false,
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => true,
            };
            if k == "uitkomst" {
                out.insert(format!("{naam}: {v}"));
            } else if shown && k != "naam" {
                out.insert(format!("{uitkomst}: {k}"));
            }
        }
    }
    out
}

/// The cases of a test file that between them show every shape its cases show (greedily, the
/// case that adds the most first). All cases with `VERORDENING_SCHEMAS_ALLE` set.
fn covering(regeling: &Path, cases: &[Value], dir: &Path) -> Vec<usize> {
    if std::env::var_os("VERORDENING_SCHEMAS_ALLE").is_some() {
        return (0..cases.len()).collect();
    }
    let input = dir.join("dekking.jsonl");
    let lines: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let (_, out, err) = run(&[
        "batch",
        &regeling.to_string_lossy(),
        &input.to_string_lossy(),
    ]);
    let mut todo: Vec<(usize, std::collections::BTreeSet<String>)> = out
        .lines()
        .map(|l| parse(&format!("batch: {err}"), l))
        .filter(|l| l.get("fouten").is_none())
        .map(|l| (l["regel"].as_u64().unwrap() as usize - 1, shapes(&l)))
        .collect();
    let mut chosen = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let best = todo
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, s))| s.difference(&seen).count())
            .map(|(i, (_, s))| (i, s.difference(&seen).count()));
        match best {
            Some((i, n)) if n > 0 => {
                let (case, s) = todo.swap_remove(i);
                seen.extend(s);
                chosen.push(case);
            }
            _ => break,
        }
    }
    chosen.sort();
    chosen
}

/// `eval --format json` on the shipped cases and the case folders of the fixtures. A debug
/// `eval` loads and checks its regeling each time (about a second of CPU), so of each shipped
/// test file the cases are run that between them show every outcome and every field its cases
/// show (the batch test below writes every case); `VERORDENING_SCHEMAS_ALLE=1` runs them all.
#[test]
fn eval_output_validates_for_the_shipped_cases() {
    let v = validator("eval");
    let dir = tempfile::tempdir().unwrap();
    let mut jobs = Vec::new();
    let mut shipped = 0;
    for (file, regeling, cases) in shipped_cases() {
        for i in covering(&regeling, &cases, dir.path()) {
            let path = dir.path().join(format!(
                "{}-{i}.json",
                file.file_name().unwrap().to_string_lossy()
            ));
            std::fs::write(&path, serde_json::to_string(&cases[i]).unwrap()).unwrap();
            jobs.push((regeling.clone(), path));
            shipped += 1;
        }
    }
    eprintln!("{shipped} shipped cases cover every shape");
    assert!(shipped >= 20, "only {shipped} shipped cases chosen");
    // The case folders of the fixtures, against the versions beside them.
    for (regeling, folder) in [
        ("tests/fixtures/versies", "tests/fixtures/versies/casussen"),
        ("ordinances/voorbeeld", "tests/fixtures/casus"),
    ] {
        for entry in std::fs::read_dir(folder).unwrap() {
            jobs.push((PathBuf::from(regeling), entry.unwrap().path()));
        }
    }
    let total = jobs.len();
    // Two at a time: each is a process of its own.
    let half = jobs.split_off(total / 2);
    fn work(jobs: Vec<(PathBuf, PathBuf)>) -> Vec<(String, i32, String, String)> {
        jobs.into_iter()
            .map(|(regeling, case)| {
                let (r, c) = (regeling.to_string_lossy(), case.to_string_lossy());
                let (code, out, err) = run(&["eval", "--format", "json", &r, &c]);
                (format!("eval {r} {c}"), code, out, err)
            })
            .collect()
    }
    let results: Vec<(String, i32, String, String)> = std::thread::scope(|s| {
        let a = s.spawn(move || work(jobs));
        let b = s.spawn(move || work(half));
        let mut all = a.join().unwrap();
        all.extend(b.join().unwrap());
        all
    });
    let mut validated = 0;
    for (what, code, out, err) in results {
        if what.ends_with("onjuist.yaml") {
            // The fixture of an invalid case: a diagnostic, no report.
            assert!(code == 1 && out.is_empty(), "{what}: exit {code}: {out}");
            continue;
        }
        assert_eq!(code, 0, "{what}: {err}");
        let doc = parse(&format!("{what}: {err}"), &out);
        assert_valid(&v, "eval", &what, &doc);
        validated += 1;
    }
    assert_eq!(validated + 1, total);
}

/// The shipped cases of one regeling folder as JSON Lines, with an id, and bad lines among
/// them (not JSON, an unknown fact, no version in force, not UTF-8).
fn batch_input(dir: &Path, regeling: &str) -> PathBuf {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut n = 0;
    for (_, r, cases) in shipped_cases() {
        if !r.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join(regeling)) {
            continue;
        }
        for mut case in cases {
            n += 1;
            case.as_object_mut()
                .unwrap()
                .insert("id".into(), Value::from(n));
            lines.push(serde_json::to_vec(&case).unwrap());
        }
    }
    lines.push(b"{ dit is geen json".to_vec());
    lines.push(br#"{"peildatum": "2023-09-01", "feiten": {"onbekend.feit": true}}"#.to_vec());
    lines.push(br#"{"peildatum": "1990-01-01", "feiten": {}}"#.to_vec());
    lines.push(b"{\"peildatum\": \"2023-09-01\", \"id\": \"\xff\"}".to_vec());
    let path = dir.join(format!("{}.jsonl", regeling.replace('/', "-")));
    std::fs::write(&path, lines.join(&b"\n"[..])).unwrap();
    path
}

#[test]
fn batch_lines_validate_full_compact_and_chosen_fields() {
    let dir = tempfile::tempdir().unwrap();
    let all_fields = "uitkomst,grond,waarden,onbekende_waarden,ontbreekt,kan_weigeren,kan_beeindigen,kan_mogelijk_weigeren,kan_mogelijk_beeindigen,uitleg";
    for regeling in ["ordinances/voorbeeld", "ordinances/isd-bol"] {
        let input = batch_input(dir.path(), regeling);
        let input = input.to_string_lossy();
        for (schema, extra) in [
            ("batch", vec![]),
            ("batch-compact", vec!["--compact"]),
            ("batch-velden", vec!["--velden", all_fields]),
            ("batch-velden", vec!["--velden", "grond,uitleg"]),
        ] {
            let v = validator(schema);
            let mut args = vec!["batch", regeling, &input];
            args.extend(&extra);
            let (code, out, err) = run(&args);
            assert_eq!(
                code, 1,
                "batch {extra:?}: the bad lines give exit code 1: {err}"
            );
            let (mut reports, mut refused) = (0, 0);
            for line in out.lines() {
                let doc = parse(&format!("batch {regeling} {extra:?}"), line);
                assert_valid(
                    &v,
                    schema,
                    &format!("batch {regeling} {extra:?}: {line}"),
                    &doc,
                );
                if doc.get("fouten").is_some() {
                    refused += 1;
                } else {
                    reports += 1;
                }
            }
            assert_eq!(refused, 4, "batch {regeling} {extra:?}");
            assert!(reports > 8, "batch {regeling} {extra:?}: {reports} reports");
        }
    }
}

/// `--compact` keeps naam, uitkomst and waarden: a line of the full batch is no compact line.
#[test]
fn a_full_batch_line_is_not_a_compact_one() {
    let (_, out, _) = run(&[
        "batch",
        "ordinances/voorbeeld",
        "tests/fixtures/batch/casussen.jsonl",
    ]);
    let first: Value = parse("batch", out.lines().next().unwrap());
    assert!(errors(&validator("batch"), &first).is_empty());
    assert!(!errors(&validator("batch-compact"), &first).is_empty());
}

#[test]
fn diff_output_validates() {
    let v = validator("diff");
    for args in [
        vec![
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        ],
        vec![
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
        ],
        vec![
            "ordinances/zuiderveen",
            "--op",
            "2024-06-01",
            "--op",
            "2025-06-01",
        ],
        vec![
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        ],
    ] {
        let mut all = vec!["diff", "--format", "json"];
        all.extend(&args);
        let (code, out, err) = run(&all);
        assert!(code == 0 || code == 1, "diff {args:?}: {err}");
        let doc = parse(&format!("diff {args:?}"), &out);
        assert_valid(&v, "diff", &format!("diff {args:?}"), &doc);
        assert_eq!(doc["versie"], 2);
    }
}

#[test]
fn diff_of_cases_validates_and_gives_values_as_an_object() {
    let v = validator("diff-casussen");
    let mut differences = 0;
    for (old, new, cases) in [
        (
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            "ordinances/voorbeeld",
        ),
        (
            "tests/fixtures/versies/teststad-2023.vo",
            "tests/fixtures/versies/teststad-2024.vo",
            "tests/fixtures/versies/casussen",
        ),
        (
            "tests/fixtures/gelijkwaardig/oud.vo",
            "tests/fixtures/gelijkwaardig/nieuw.vo",
            "tests/fixtures/gelijkwaardig/onleesbaar",
        ),
    ] {
        let what = format!("diff {old} {new} --cases {cases}");
        let (_, out, err) = run(&["diff", old, new, "--cases", cases, "--format", "json"]);
        let doc = parse(&format!("{what}: {err}"), &out);
        assert_valid(&v, "diff-casussen", &what, &doc);
        assert_eq!(doc["versie"], 2);
        for d in doc["verschillen"].as_array().unwrap() {
            for side in ["was", "wordt"] {
                if let Some(s) = d[side].as_object() {
                    assert!(s["waarden"].is_object(), "{what}: {d}");
                }
            }
            differences += 1;
        }
    }
    assert!(differences > 3, "only {differences} differences");
}

#[test]
fn compare_output_validates() {
    let v = validator("compare");
    let files = [
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        "ordinances/zuiderveen/reintegratie-2024.vo",
    ];
    let mut args = vec!["compare", "--format", "json"];
    args.extend(files);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let doc = parse("compare", &out);
    assert_valid(&v, "compare", "compare", &doc);
    let rows = doc["invulplekken"].as_array().unwrap();
    assert!(rows.len() > 20);
    assert!(rows
        .iter()
        .all(|r| r["waarden"].as_array().unwrap().len() == files.len()));
}

#[test]
fn test_output_validates() {
    let v = validator("test");
    for args in [
        vec!["ordinances"],
        vec!["--dekking", "ordinances"],
        vec!["--dekking", "tests/fixtures/testuitvoer"],
        vec!["tests/fixtures/gelijkwaardig/test"],
    ] {
        let mut all = vec!["test", "--format", "json"];
        all.extend(&args);
        let (_, out, err) = run(&all);
        let doc = parse(&format!("test {args:?}: {err}"), &out);
        assert_valid(&v, "test", &format!("test {args:?}"), &doc);
        assert_eq!(doc["dekking"].is_array(), args.contains(&"--dekking"));
    }
}

/// The regelingen in ordinances/: every folder and every .vo file in one, sorted.
fn shipped_regelingen() -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("ordinances")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "vo"))
            .collect();
        files.sort();
        out.push(dir.to_string_lossy().to_string());
        out.extend(files.iter().map(|f| f.to_string_lossy().to_string()));
    }
    assert!(out.len() >= 15, "only {} regelingen", out.len());
    out
}

#[test]
fn versies_output_validates() {
    let v = validator("versies");
    let mut jobs: Vec<Vec<String>> = shipped_regelingen().into_iter().map(|r| vec![r]).collect();
    jobs.push(vec!["ordinances".into()]);
    jobs.push(vec!["tests/fixtures/versies".into()]);
    // Before the wijzigingsbesluit of Zuiderveen was made known: no derived versions.
    jobs.push(vec![
        "ordinances/zuiderveen".into(),
        "--bekend-op".into(),
        "2025-01-01".into(),
    ]);
    let mut afgeleid = 0;
    for args in jobs {
        let mut all = vec!["versies", "--format", "json"];
        all.extend(args.iter().map(String::as_str));
        let (code, out, err) = run(&all);
        assert_eq!(code, 0, "versies {args:?}: {err}");
        let doc = parse(&format!("versies {args:?}"), &out);
        assert_valid(&v, "versies", &format!("versies {args:?}"), &doc);
        let list = doc.as_array().unwrap();
        assert!(!list.is_empty(), "versies {args:?}: no version");
        afgeleid += list.iter().filter(|r| r["afgeleid"] == true).count();
    }
    // Zuiderveen's two derived states, in the folder and in ordinances/.
    assert!(afgeleid >= 4, "only {afgeleid} derived versions");
}

#[test]
fn dekking_output_validates() {
    let v = validator("dekking");
    let mut units = 0;
    let mut uncovered = 0;
    let mut jobs: Vec<Vec<String>> = shipped_regelingen().into_iter().map(|r| vec![r]).collect();
    jobs.push(vec!["--alles".into(), "ordinances".into()]);
    jobs.push(vec!["tests/fixtures/diagnostics/dekking.vo".into()]);
    for args in jobs {
        let mut all = vec!["dekking", "--format", "json"];
        all.extend(args.iter().map(String::as_str));
        let (code, out, err) = run(&all);
        assert!(code == 0 || code == 1, "dekking {args:?}: {err}");
        let doc = parse(&format!("dekking {args:?}: {err}"), &out);
        assert_valid(&v, "dekking", &format!("dekking {args:?}"), &doc);
        for file in doc["bestanden"].as_array().unwrap() {
            for u in file["onderdelen"].as_array().unwrap() {
                units += 1;
                uncovered += usize::from(u["gedekt"] == false);
            }
        }
    }
    assert!(units > 200, "only {units} units validated");
    assert!(uncovered > 0, "no uncovered unit among them");
}

#[test]
fn besluit_output_validates() {
    let v = validator("besluit");
    let mut soorten = std::collections::BTreeSet::new();
    for args in [
        vec![
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        ],
        vec![
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
        ],
        vec![
            "tests/fixtures/besluit/isd-bol-2023.vo",
            "tests/fixtures/besluit/isd-bol-2024.vo",
        ],
        // A tussenversie: the onderdelen get dates of their own.
        vec![
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            "tests/fixtures/besluit/voorbeeldstad-2024-07.vo",
        ],
        vec![
            "--vastgesteld",
            "2024-02-01",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        ],
        // Nothing to decide: an empty besluit.
        vec![
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        ],
    ] {
        let mut all = vec!["besluit", "--format", "json"];
        all.extend(&args);
        let (code, out, err) = run(&all);
        assert_eq!(code, 0, "besluit {args:?}: {err}");
        let doc = parse(&format!("besluit {args:?}"), &out);
        assert_valid(&v, "besluit", &format!("besluit {args:?}"), &doc);
        for o in doc["onderdelen"].as_array().unwrap() {
            for i in o["instructies"].as_array().unwrap() {
                soorten.insert(i["handeling"]["soort"].as_str().unwrap().to_string());
            }
        }
    }
    for soort in [
        "komt-te-luiden",
        "vervalt",
        "invoegen",
        "lid-invoegen",
        "overig",
    ] {
        assert!(
            soorten.contains(soort),
            "no instruction `{soort}`: {soorten:?}"
        );
    }
}

/// Strict: a field that the schema lacks, anywhere, fails validation.
#[test]
fn a_field_the_schema_lacks_does_not_validate() {
    let v = validator("eval");
    let (code, out, err) = run(&[
        "eval",
        "--format",
        "json",
        "ordinances/voorbeeld",
        "tests/fixtures/casus/goed.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc = parse("eval", &out);
    assert_valid(&v, "eval", "eval", &doc);
    for pointer in ["", "/voorzieningen/0", "/ontvangstbewijs", "/toetsing/0"] {
        let mut extra = doc.clone();
        extra
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {pointer}"))
            .insert("nieuw_veld".into(), Value::from(1));
        assert!(
            !errors(&v, &extra).is_empty(),
            "an unknown field at `{pointer}` validates"
        );
    }
    // A value of the wrong kind fails too.
    let mut wrong = doc.clone();
    wrong["voorzieningen"][0]["uitkomst"] = Value::from("misschien");
    assert!(!errors(&v, &wrong).is_empty());
}
