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

/// Run `verordening` with its stdout (or stderr) a pipe whose reader has already gone, as in
/// `verordening render x | head` once `head` has read enough; (exit code, the other stream).
fn run_into_closed_pipe(args: &[&str], close_stderr: bool) -> (i32, String) {
    use std::process::{Command, Stdio};
    let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("no pipe: {e}"));
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_verordening"));
    cmd.args(args).env("NO_COLOR", "1");
    if close_stderr {
        cmd.stderr(writer).stdout(Stdio::piped());
    } else {
        cmd.stdout(writer).stderr(Stdio::piped());
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run verordening: {e}"));
    let other = if close_stderr { out.stdout } else { out.stderr };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_with_the_commands_own_code() {
    let vb = "ordinances/voorbeeld/voorbeeldstad-2023.vo";
    let cases: &[(&[&str], i32)] = &[
        (&["schema", vb], 0),
        (&["render", vb], 0),
        (&["render", "--format", "html", vb], 0),
        (
            &[
                "compare",
                vb,
                "ordinances/isd-bol/participatieverordening-2023.vo",
            ],
            0,
        ),
        (
            &[
                "diff",
                "tests/fixtures/diff/sociaal-domein-2022.vo",
                "tests/fixtures/diff/sociaal-domein-2023.vo",
            ],
            1,
        ),
        (&["eval", vb, "tests/fixtures/casus/goed.yaml"], 0),
        (
            &[
                "eval",
                "--format",
                "json",
                vb,
                "tests/fixtures/casus/goed.yaml",
            ],
            0,
        ),
        (
            &["check", "--format", "json", "tests/fixtures/vijf-fouten.vo"],
            1,
        ),
        (
            &[
                "check",
                "--format",
                "sarif",
                "tests/fixtures/vijf-fouten.vo",
            ],
            1,
        ),
        (
            &[
                "check",
                "--format",
                "github",
                "tests/fixtures/vijf-fouten.vo",
            ],
            1,
        ),
        (&["test", "ordinances/voorbeeld"], 0),
        (&["--help"], 0),
    ];
    for (args, want) in cases {
        let (code, err) = run_into_closed_pipe(args, false);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(code, *want, "{args:?}: {err}");
        assert!(
            err.is_empty(),
            "{args:?} says something about the pipe: {err}"
        );
    }
}

#[test]
fn a_closed_stderr_does_not_panic_either() {
    // Human diagnostics go to stderr: `verordening check x 2>&1 | head`.
    let (code, out) = run_into_closed_pipe(&["check", "tests/fixtures/vijf-fouten.vo"], true);
    assert_eq!(code, 1, "{out}");
    let (code, out) = run_into_closed_pipe(&["check", "tests/fixtures/bestaat-niet.vo"], true);
    assert_eq!(code, 2, "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_error() {
    use std::process::Command;
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap_or_else(|e| panic!("no /dev/full: {e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["schema", "ordinances/voorbeeld/voorbeeldstad-2023.vo"])
        .stdout(full)
        .output()
        .unwrap_or_else(|e| panic!("cannot run verordening: {e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("de uitvoer kan niet worden geschreven"),
        "{err}"
    );
}
