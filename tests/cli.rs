//! The command line: exit codes and output formats as the README documents them.

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

/// What clap writes in English unless told otherwise.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "[OPTIONS]",
    "Print help",
    "Print version",
    "Print this message",
    "Possible values",
    "possible values",
    "[default:",
    "error:",
    "For more information",
    "required arguments",
    "unrecognized",
    "unexpected argument",
    "invalid value",
    "similar",
];

fn assert_no_clap_english(what: &str, text: &str) {
    for english in CLAP_ENGLISH {
        assert!(!text.contains(english), "{what}: `{english}` in\n{text}");
    }
}

/// The subcommands as the help lists them (so a command added later is covered too).
fn subcommands() -> Vec<String> {
    let (_, out, _) = run(&["--help"]);
    out.lines()
        .skip_while(|l| *l != "Opdrachten:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn the_help_is_dutch() {
    let (code, out, err) = run(&["--help"]);
    assert_eq!(code, 0, "{err}");
    assert_no_clap_english("--help", &out);
    insta::assert_snapshot!("help", out);
    let commands = subcommands();
    assert!(commands.len() >= 8, "{commands:?}");
    for c in &commands {
        for flag in ["-h", "--help"] {
            let (code, out, err) = run(&[c, flag]);
            assert_eq!(code, 0, "{c} {flag}: {err}");
            assert!(out.contains("Gebruik: verordening "), "{c} {flag}: {out}");
            assert_no_clap_english(&format!("{c} {flag}"), &out);
        }
    }
    let (_, out, _) = run(&["check", "--help"]);
    insta::assert_snapshot!("check_help", out);
}

#[test]
fn help_with_a_command_is_that_commands_help() {
    let (code, out, err) = run(&["help", "check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, run(&["check", "--help"]).1);
    assert_eq!(run(&["help"]).1, run(&["--help"]).1);
    let (code, out, err) = run(&["help", "controleer"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("onbekende opdracht 'controleer'"), "{err}");
}

#[test]
fn usage_errors_are_dutch_and_exit_two() {
    let cases: &[(&str, &[&str])] = &[
        ("without_a_command", &[]),
        ("a_missing_argument", &["check"]),
        ("an_unknown_command", &["chek", "x.vo"]),
        ("an_unknown_option", &["check", "--formaat", "json", "x.vo"]),
        ("an_unknown_value", &["check", "--format", "xml", "x.vo"]),
        ("a_surplus_argument", &["schema", "a.vo", "b.vo"]),
    ];
    let mut all = String::new();
    for (name, args) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: usage errors go to stderr: {out}");
        assert_no_clap_english(name, &err);
        all.push_str(&format!("==== verordening {}\n{err}\n", args.join(" ")));
    }
    insta::assert_snapshot!("usage_errors", all);
}
