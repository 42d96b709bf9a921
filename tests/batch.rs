//! `verordening batch` at scale (issue 19, item 4): several tasks with the output in input
//! order, byte for byte the output of one task.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::process::Command;

const VOORBEELD: &str = "ordinances/voorbeeld";

/// A YAML value of a test file as the JSON a case line carries (`ja`/`nee` as booleans, dates
/// and texts as strings).
fn as_json(v: &serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Y::String(s) if s == "ja" => Value::Bool(true),
        Y::String(s) if s == "nee" => Value::Bool(false),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(as_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), as_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => as_json(&t.value),
    }
}

/// The cases of the shipped Voorbeeldstad test files as JSON objects, each with its name as
/// `id`.
pub fn voorbeeld_cases() -> Vec<Value> {
    let mut cases = Vec::new();
    for file in [
        "ordinances/voorbeeld/voorbeeldstad-2023.test.yaml",
        "ordinances/voorbeeld/voorbeeldstad-2024.test.yaml",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        for c in doc["casussen"].as_sequence().unwrap() {
            let mut line = Map::new();
            line.insert("id".into(), as_json(&c["naam"]));
            for key in ["peildatum", "feiten", "oordelen"] {
                if let Some(v) = c.get(key) {
                    line.insert(key.into(), as_json(v));
                }
            }
            cases.push(Value::Object(line));
        }
    }
    assert!(cases.len() > 100, "{}", cases.len());
    cases
}

/// A temporary file with this content.
fn temp_file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

/// `verordening` with arguments; (exit code, stdout as bytes, stderr).
fn run_bytes(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shipped cases many times over with bad lines between them (not JSON, not UTF-8, an
/// unknown fact, no version in force, a blank line), so that a batch has many chunks and
/// every kind of refused line.
fn mixed_input(rounds: usize) -> Vec<u8> {
    let cases = voorbeeld_cases();
    let mut input = Vec::new();
    for round in 0..rounds {
        for (i, c) in cases.iter().enumerate() {
            let mut c = c.clone();
            c["id"] = json!(format!("{round}-{i}"));
            input.extend(serde_json::to_vec(&c).unwrap());
            input.push(b'\n');
            match i % 37 {
                5 => input.extend(b"{\"peildatum\": \"2023-09-01\", \"feiten\": {\"x\": ja}}\n"),
                11 => input.extend(
                    b"{\"peildatum\": \"2023-09-01\", \"feiten\": {\"onbekend.feit\": true}}\n",
                ),
                17 => input.extend(b"{\"peildatum\": \"2020-01-01\", \"feiten\": {}}\n"),
                23 => input.extend(b"\xff\xfe niet utf-8\n"),
                29 => input.extend(b"   \n"),
                31 => input.extend(b"[1, 2]\r\n"),
                _ => {}
            }
        }
    }
    input
}

#[test]
fn several_tasks_write_the_output_of_one_in_input_order() {
    let input = mixed_input(3);
    let (_dir, path) = temp_file("casussen.jsonl", &input);
    let path = path.to_str().unwrap();
    for extra in [&[][..], &["--velden", "uitkomst,ontbreekt"][..]] {
        let args = |taken: &'static str| {
            let mut a = vec!["batch", "--taken", taken];
            a.extend_from_slice(extra);
            a.extend([VOORBEELD, path]);
            a
        };
        let (code1, out1, err1) = run_bytes(&args("1"));
        assert_eq!(code1, 1, "there are refused lines: {err1}");
        let lines = out1
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        assert!(lines > 400, "{lines}");
        // The lines are numbered 1, 2, … in order (blank lines have no output line).
        let numbers: Vec<u64> = out1
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                serde_json::from_slice::<Value>(l).unwrap()["regel"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        for taken in ["2", "5"] {
            let (code, out, err) = run_bytes(&args(taken));
            assert_eq!(code, code1, "--taken {taken} {extra:?}");
            assert_eq!(err, err1, "the same summary line");
            assert!(out == out1, "--taken {taken} {extra:?}: the output differs");
        }
        // The default (one task per core) too.
        let mut a: Vec<&str> = vec!["batch"];
        a.extend_from_slice(extra);
        a.extend([VOORBEELD, path]);
        let (code, out, err) = run_bytes(&a);
        assert_eq!((code, &err), (code1, &err1));
        assert!(out == out1, "default --taken {extra:?}: the output differs");
    }
}

#[test]
fn several_tasks_read_stdin_and_refuse_zero_tasks() {
    let input = mixed_input(1);
    let run_stdin = |taken: &str| {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_verordening"))
            .args(["batch", "--taken", taken, "--compact", VOORBEELD, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let bytes = input.clone();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        (out.status.code(), out.stdout)
    };
    assert_eq!(run_stdin("1"), run_stdin("2"));
    let (code, _, err) = common::run(&["batch", "--taken", "0", VOORBEELD, "-"]);
    assert_eq!(code, 2, "{err}");
}
