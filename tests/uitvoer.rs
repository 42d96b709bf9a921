//! Command-line conventions and machine output (issue 17, items 3 and 4): shell completions,
//! the man page, one name for the readable format, a missing folder, `test` without test
//! files, the compact batch output, and the links in SARIF.

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
use std::process::Command;

const VIJF_FOUTEN: &str = "tests/fixtures/vijf-fouten.vo";
const VOORBEELD: &str = "ordinances/voorbeeld";
const CASUSSEN: &str = "tests/fixtures/batch/casussen.jsonl";

/// `verordening` with an environment variable set or removed; (exit code, stdout, stderr).
fn run_env(args: &[&str], var: &str, value: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_verordening"));
    cmd.args(args).env("NO_COLOR", "1");
    match value {
        Some(v) => cmd.env(var, v),
        None => cmd.env_remove(var),
    };
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn completions_for_every_documented_shell() {
    // Per shell a marker of its own completion syntax.
    for (shell, marker) in [
        ("bash", "complete -F _verordening"),
        ("zsh", "#compdef verordening"),
        ("fish", "complete -c verordening"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: {out}");
        // The subcommands and their options are in it, as `--help` lists them.
        for word in ["check", "batch", "deny-warnings", "velden"] {
            assert!(out.contains(word), "{shell} misses {word}");
        }
    }
    // The Dutch name does the same.
    assert_eq!(
        run(&["aanvulling", "bash"]).1,
        run(&["completions", "bash"]).1
    );
    let (code, _, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("mogelijke waarden"), "{err}");
}

#[test]
fn the_man_page_is_roff_with_dutch_headings() {
    let (code, out, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH verordening 1"), "{out}");
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with(".SH ")).collect();
    assert_eq!(
        headings,
        [
            ".SH NAAM",
            ".SH GEBRUIK",
            ".SH BESCHRIJVING",
            ".SH OPTIES",
            ".SH OPDRACHTEN",
            ".SH VERSIE"
        ],
        "{out}"
    );
    assert!(out.contains("verordening\\-check(1)"), "{out}");

    // One page per command in a folder: the pages the main page refers to exist.
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, _, err) = run(&["man", "--map", dir_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("pagina's geschreven"), "{err}");
    let check = std::fs::read_to_string(dir.path().join("verordening-check.1")).unwrap();
    assert!(check.contains("deny\\-warnings"), "{check}");
    assert!(check.contains(".SH OPTIES"), "{check}");
    for line in out.lines().filter(|l| l.starts_with("verordening\\-")) {
        let page = line.replace("\\-", "-").replace("(1)", ".1");
        assert!(dir.path().join(&page).is_file(), "{page} is missing");
    }
    // A folder that does not exist: exit code 2 and a message.
    let (code, _, err) = run(&["man", "--map", "/bestaat/niet"]);
    assert_eq!(code, 2);
    assert!(err.contains("kan niet worden geschreven"), "{err}");
}

#[test]
fn the_readable_format_is_text_everywhere_with_its_aliases() {
    let reference = run(&["check", "--format", "text", VIJF_FOUTEN]);
    assert_eq!(reference.0, 1);
    assert!(reference.2.contains("5 fout(en)"), "{}", reference.2);
    for alias in ["tekst", "human"] {
        assert_eq!(
            run(&["check", "--format", alias, VIJF_FOUTEN]),
            reference,
            "{alias}"
        );
    }
    // The default is the readable format.
    assert_eq!(run(&["check", VIJF_FOUTEN]), reference);
    // The other commands with a readable format accept the same names.
    for format in ["text", "tekst", "human"] {
        let (code, _, err) = run(&["dekking", "--format", format, VOORBEELD]);
        assert_eq!(code, 0, "dekking --format {format}: {err}");
        let (code, _, err) = run(&[
            "test",
            "--dekking",
            "--format",
            format,
            "ordinances/voorbeeld/voorbeeldstad-2023.test.yaml",
        ]);
        assert_eq!(code, 0, "test --format {format}: {err}");
    }
    let (_, help, _) = run(&["check", "--help"]);
    assert!(
        help.contains("- text: Leesbaar") && help.contains("[standaard: text]"),
        "{help}"
    );
}

#[test]
fn a_missing_folder_is_called_a_folder_and_not_counted() {
    let (code, _, err) = run(&["check", "tests/fixtures/geen-map/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("de map bestaat niet"), "{err}");
    assert!(err.contains("0 bestand(en) gecontroleerd"), "{err}");
    let (code, _, err) = run(&["check", "tests/fixtures/geen-map", "tests/fixtures/common"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("de map bestaat niet"), "{err}");
    let real = std::fs::read_dir("tests/fixtures/common")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "vo")
        })
        .count();
    assert!(
        err.contains(&format!("\n{real} bestand(en) gecontroleerd")),
        "{real}: {err}"
    );
    // A missing .vo file is still a file.
    let (code, _, err) = run(&["check", "tests/fixtures/bestaat-niet.vo"]);
    assert_eq!(code, 2);
    assert!(err.contains("het bestand bestaat niet"), "{err}");
    assert!(err.contains("0 bestand(en) gecontroleerd"), "{err}");
}

#[test]
fn test_without_test_files_warns_unless_required() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["test", path]);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("waarschuwing: geen testbestanden"), "{err}");
    assert!(err.contains("--vereist"), "{err}");
    assert!(out.is_empty(), "{out}");
    let (code, _, err) = run(&["test", "--vereist", path]);
    assert_eq!(code, 2);
    assert!(err.starts_with("fout: geen testbestanden"), "{err}");
    // With test files, --vereist changes nothing.
    let (code, out, _) = run(&[
        "test",
        "--vereist",
        "ordinances/voorbeeld/voorbeeldstad-2023.test.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("resultaat: geslaagd"), "{out}");
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Bytes per evaluated case (lines with `voorzieningen`; refused lines are the same in every mode).
fn bytes_per_case(out: &str) -> usize {
    let evaluated: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"voorzieningen\""))
        .collect();
    assert!(!evaluated.is_empty());
    evaluated.iter().map(|l| l.len() + 1).sum::<usize>() / evaluated.len()
}

#[test]
fn batch_compact_and_chosen_fields() {
    let (code, full, err) = run(&["batch", VOORBEELD, CASUSSEN]);
    assert_eq!(code, 1, "the fixture has refused lines: {err}");
    let (code2, compact, err2) = run(&["batch", "--compact", VOORBEELD, CASUSSEN]);
    assert_eq!(code2, code);
    // The summary line is the same, and it is the only thing on stderr when stderr is not a
    // terminal (no progress line).
    assert_eq!(err, err2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.ends_with("2 casussen beoordeeld, 3 regels met fouten\n"),
        "{err}"
    );
    assert!(
        !err.contains('\r') && !err.contains("per seconde"),
        "{err:?}"
    );

    let (full_lines, compact_lines) = (lines(&full), lines(&compact));
    assert_eq!(full_lines.len(), compact_lines.len());
    for (f, c) in full_lines.iter().zip(&compact_lines) {
        assert_eq!(f["regel"], c["regel"]);
        assert_eq!(f["id"], c["id"]);
        if f.get("fouten").is_some() {
            assert_eq!(f, c, "a refused line is written whole");
            continue;
        }
        assert_eq!(f["peildatum"], c["peildatum"]);
        let (fv, cv) = (
            f["voorzieningen"].as_array().unwrap(),
            c["voorzieningen"].as_array().unwrap(),
        );
        assert_eq!(fv.len(), cv.len());
        for (a, b) in fv.iter().zip(cv) {
            let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
            assert!(
                keys.iter()
                    .all(|k| ["naam", "uitkomst", "waarden"].contains(k)),
                "{b}"
            );
            assert_eq!(a["naam"], b["naam"]);
            assert_eq!(a["uitkomst"], b["uitkomst"]);
            // The values are the same, an empty object left out.
            if a["waarden"].as_object().unwrap().is_empty() {
                assert!(b.get("waarden").is_none(), "{b}");
            } else {
                assert_eq!(a["waarden"], b["waarden"]);
            }
        }
    }
    // Measured on this fixture: 8 110 bytes per case in full, 1 937 compact.
    let (per_full, per_compact) = (bytes_per_case(&full), bytes_per_case(&compact));
    assert!(per_compact * 3 < per_full, "{per_full} → {per_compact}");

    // --velden: the name and the chosen fields, in the order of the full line.
    let (code, chosen, _) = run(&["batch", "--velden", "uitleg,uitkomst", VOORBEELD, CASUSSEN]);
    assert_eq!(code, 1);
    for line in lines(&chosen)
        .iter()
        .filter(|l| l.get("voorzieningen").is_some())
    {
        for v in line["voorzieningen"].as_array().unwrap() {
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["naam", "uitkomst", "uitleg"], "{v}");
        }
    }
    // An unknown field, or both options: a usage error that names the fields.
    let (code, _, err) = run(&["batch", "--velden", "bedrag", VOORBEELD, CASUSSEN]);
    assert_eq!(code, 2);
    assert!(err.contains("kan_weigeren"), "{err}");
    let (code, _, _) = run(&[
        "batch",
        "--compact",
        "--velden",
        "uitkomst",
        VOORBEELD,
        CASUSSEN,
    ]);
    assert_eq!(code, 2);
}

#[test]
fn sarif_links_are_absolute_and_files_have_a_base() {
    let args = ["check", "--format", "sarif", VIJF_FOUTEN];
    let sarif = |out: &str| -> Value { serde_json::from_str(out).unwrap() };

    // Default: the pages in the source tree the tool was built from.
    let (_, out, _) = run_env(&args, "VERORDENING_DOCS_URL", None);
    let v = sarif(&out);
    let run0 = &v["runs"][0];
    for rule in run0["tool"]["driver"]["rules"].as_array().unwrap() {
        let uri = rule["helpUri"].as_str().unwrap();
        let url = lsp_types::Url::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        assert_eq!(url.scheme(), "file");
        assert!(url.to_file_path().unwrap().is_file(), "{uri}");
        assert!(uri.ends_with(&format!(
            "/docs/diagnostics/{}.md",
            rule["name"].as_str().unwrap()
        )));
    }
    // The files are relative to %SRCROOT%, which the run declares as the working directory.
    let base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(base.starts_with("file://") && base.ends_with('/'), "{base}");
    let cwd = lsp_types::Url::parse(base).unwrap().to_file_path().unwrap();
    assert_eq!(cwd, std::env::current_dir().unwrap());
    for result in run0["results"].as_array().unwrap() {
        let loc = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uriBaseId"], "%SRCROOT%", "{loc}");
        assert_eq!(loc["uri"], VIJF_FOUTEN);
    }

    // The environment variable, and the option (which wins), set the base.
    let site = "https://voorbeeld.nl/verordening/docs/diagnostics/";
    let (_, out, _) = run_env(&args, "VERORDENING_DOCS_URL", Some(site));
    let v = sarif(&out);
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
        format!(
            "{site}{}.md",
            v["runs"][0]["tool"]["driver"]["rules"][0]["name"]
                .as_str()
                .unwrap()
        )
    );
    let mut with_option = args.to_vec();
    with_option.extend(["--docs-url", "https://elders.nl/d"]);
    let (_, out, _) = run_env(&with_option, "VERORDENING_DOCS_URL", Some(site));
    let v = sarif(&out);
    assert!(v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://elders.nl/d/")));
}

/// On a terminal (a pseudo-terminal from util-linux's `script`), `batch` redraws a progress
/// line on stderr and wipes it before the summary.
#[test]
fn batch_shows_progress_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("`script` (util-linux) ontbreekt: de voortgang op een terminal is niet getest");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let line = std::fs::read_to_string(CASUSSEN)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let cases = dir.path().join("veel.jsonl");
    std::fs::write(&cases, format!("{line}\n").repeat(1500)).unwrap();
    let bin = env!("CARGO_BIN_EXE_verordening");
    let command = format!(
        "'{bin}' batch --compact {VOORBEELD} '{}' > /dev/null",
        cases.display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{terminal}");
    assert!(
        terminal.contains("per seconde), 0 regels met fouten"),
        "{terminal:?}"
    );
    assert!(terminal.contains("\r\x1b[2K"), "{terminal:?}");
    assert!(
        terminal.contains("\r\x1b[2K1 500 casussen beoordeeld, 0 regels met fouten"),
        "the summary follows the wiped line: {terminal:?}"
    );
}
