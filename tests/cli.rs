//! The command line: exit codes and output formats as the README documents them.

mod common;
use common::run;

#[test]
fn clean_files_exit_zero() {
    let (code, _, err) = run(&["check", "tests/fixtures/common"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn errors_exit_one() {
    let (code, _, _) = run(&["check", "tests/fixtures/vijf-fouten.vo"]);
    assert_eq!(code, 1);
}

#[test]
fn missing_file_exits_two() {
    let (code, _, err) = run(&["check", "tests/fixtures/bestaat-niet.vo"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bestaat niet"), "{err}");
}

#[test]
fn usage_error_exits_two() {
    let (code, _, _) = run(&["check"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["check", "--format", "xml", "tests/fixtures/common"]);
    assert_eq!(code, 2);
}

#[test]
fn json_output_is_one_document() {
    let (code, out, _) = run(&["check", "--format", "json", "tests/fixtures/vijf-fouten.vo"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(v["errors"].as_u64().unwrap_or(0) >= 5);
    let first = &v["diagnostics"][0];
    assert!(first["code"]
        .as_str()
        .is_some_and(|c| c.starts_with("vo::")));
    assert!(first["location"]["line"].as_u64().is_some());
}

#[test]
fn github_output_has_annotations() {
    let (_, out, _) = run(&[
        "check",
        "--format",
        "github",
        "tests/fixtures/vijf-fouten.vo",
    ]);
    assert!(
        out.lines()
            .any(|l| l.starts_with("::error file=tests/fixtures/vijf-fouten.vo,line=")),
        "{out}"
    );
}

#[test]
fn sarif_output_is_valid_json() {
    let (_, out, _) = run(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/vijf-fouten.vo",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["version"], "2.1.0");
    assert!(v["runs"][0]["results"]
        .as_array()
        .is_some_and(|r| r.len() >= 5));
}
