//! Hostile inputs, as data: every row of `tests/hostile.toml` is run as a user would run it,
//! in a fresh folder, with a time limit, and must give its exit code and message. A hang is a
//! failure, as is a panic (exit 101) or a report larger than the row allows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct Table {
    geval: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    naam: String,
    issue: String,
    #[serde(default)]
    bestanden: BTreeMap<String, String>,
    #[serde(default)]
    maak: BTreeMap<String, String>,
    opdracht: Vec<String>,
    #[serde(default)]
    invoer: Option<String>,
    exit: i32,
    #[serde(default)]
    bevat: Vec<String>,
    #[serde(default)]
    niet: Vec<String>,
    #[serde(default)]
    stderr_max: Option<usize>,
    #[serde(default)]
    nadien: Vec<String>,
}

const LIMIT: Duration = Duration::from_secs(20);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn voorbeeld_case_json() -> &'static str {
    "{\"peildatum\": \"2023-09-01\", \"feiten\": {\"persoon.doelgroep\": true, \"persoon.arbeidsbeperking\": true, \"dienstbetrekking.ingangsdatum\": \"2023-08-01\", \"aanvraag.datum\": \"2023-09-15\", \"dienstbetrekking.jaar\": 1, \"dienstbetrekking.uren_taken_per_jaar\": \"1.600 uur\"}}"
}

/// Files no one writes by hand: the generators named in the table's `maak`.
fn make(dir: &Path, name: &str, generator: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let unknown_keys = |n: usize| {
        let keys: Vec<String> = (0..n).map(|i| format!("\"onbekend.{i}\":1")).collect();
        format!(
            "{{\"peildatum\":\"2023-09-01\",\"feiten\":{{{}}}}}",
            keys.join(",")
        )
    };
    let text: Vec<u8> = match generator {
        "lange-regel" => format!(
            "{{\"peildatum\": \"2023-08-01\", \"feiten\": {{\"{}\": 1, \"zz\": 2}}}}",
            "a".repeat(70_000)
        )
        .into_bytes(),
        "lange-vo-regel" => format!(
            "verordening \"Lang\" {{\n  geldig vanaf 2023-01-01\n}}\n\nartikel 1 \"Lang\" {{{} @@@ }}\n",
            " ".repeat(70_000)
        )
        .into_bytes(),
        "veel-sleutels-2000" => unknown_keys(2_000).into_bytes(),
        "veel-sleutels-200000" => unknown_keys(200_000).into_bytes(),
        "sleutel-5mb" => format!(
            "{{\"peildatum\":\"2023-09-01\",\"feiten\":{{\"{}\":1}}}}",
            "a".repeat(5_000_000)
        )
        .into_bytes(),
        "sleutel-50mb" => format!(
            "{{\"peildatum\":\"2023-09-01\",\"feiten\":{{\"{}\":1}}}}",
            "a".repeat(50_000_000)
        )
        .into_bytes(),
        "diep-yaml" => ("- ".repeat(100_000) + "x\n").into_bytes(),
        "diep-json" => "[".repeat(100_000).into_bytes(),
        "diep-xml" => format!(
            "<cvdr>{}{}</cvdr>",
            "<a>".repeat(200_000),
            "</a>".repeat(200_000)
        )
        .into_bytes(),
        "diep-wb" => format!(
            "wijzigingsbesluit \"x\" {{\n  regeling \"reintegratie-2024.vo\"\n}}\nonderdeel A {{\n  artikel 5.3, lid 2 komt te luiden:\n    lid 2 {{ waarde x.y = {}1{} }}\n}}\n",
            "(".repeat(5_000),
            ")".repeat(5_000)
        )
        .into_bytes(),
        "yaml-bom" => {
            let mut t = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..10 {
                let p = format!("*a{}", i - 1);
                let items = [p.as_str(); 10].join(", ");
                t.push_str(&format!("a{i}: &a{i} [{items}]\n"));
            }
            t.into_bytes()
        }
        "fifo" => {
            let ok = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(ok.success(), "mkfifo");
            return;
        }
        "batch-met-latin1" => {
            let mut t = voorbeeld_case_json().as_bytes().to_vec();
            t.extend_from_slice(b"\n{\"peildatum\": \"2023-09-01\", \"feiten\": {\"caf\xe9\": 1}}\n");
            t.extend_from_slice(voorbeeld_case_json().as_bytes());
            t.push(b'\n');
            t
        }
        "negen-mib" => {
            let mut t = String::from("verordening \"Groot\" {\n  geldig vanaf 2023-01-01\n}\n");
            while t.len() < 9 * 1024 * 1024 {
                t.push_str("# een lange regel commentaar om het bestand groot te maken\n");
            }
            t.into_bytes()
        }
        "diep-vo" => format!(
            "verordening \"Diep\" {{\n  geldig vanaf 2023-01-01\n}}\n\nparameter x: getal = {}1{}\n",
            "(".repeat(200),
            ")".repeat(200)
        )
        .into_bytes(),
        "bom-vo" => {
            let mut t = "\u{feff}".as_bytes().to_vec();
            t.extend(
                std::fs::read(repo().join("ordinances/voorbeeld/voorbeeldstad-2023.vo")).unwrap(),
            );
            t
        }
        "bom-json" => format!("\u{feff}{}", voorbeeld_case_json()).into_bytes(),
        "model-met-tikfout" => {
            let s = std::fs::read_to_string(repo().join("ordinances/vng/model-2023.vo")).unwrap();
            let i = s.find("\nartikel 8 ").unwrap();
            let j = i + s[i..].find('{').unwrap();
            format!("{}{{{}", &s[..j], &s[j..]).into_bytes()
        }
        "kopie-zonder-markering" => {
            copy_dir(&repo().join("ordinances"), &path.join("ordinances"));
            return;
        }
        "modus-444" | "modus-600" | "modus-755" => {
            use std::os::unix::fs::PermissionsExt;
            let mode = u32::from_str_radix(generator.trim_start_matches("modus-"), 8).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            return;
        }
        g if g.starts_with("symlink-naar-") => {
            std::os::unix::fs::symlink(g.trim_start_matches("symlink-naar-"), &path).unwrap();
            return;
        }
        g if g.starts_with("hardlink-naar-") => {
            std::fs::hard_link(dir.join(g.trim_start_matches("hardlink-naar-")), &path).unwrap();
            return;
        }
        other => panic!("unknown generator {other}"),
    };
    std::fs::write(path, text).unwrap();
}

/// Run with a time limit; (exit code, stdout, stderr), or None if it did not finish in time.
fn run_limited(
    dir: &Path,
    args: &[String],
    input: Option<&str>,
) -> Option<(i32, Vec<u8>, Vec<u8>)> {
    // VERORDENING_BIN runs the table against another build (to see which rows an older
    // version fails).
    let bin = std::env::var_os("VERORDENING_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_verordening")));
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.unwrap_or("").to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let reader_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    let out = reader_out.join().unwrap();
    let err = reader_err.join().unwrap();
    status.map(|s| (s.code().unwrap_or(-1), out, err))
}

fn after(dir: &Path, check: &str) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mut words = check.splitn(3, ' ');
    let what = words.next().unwrap_or("");
    let name = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    let path = dir.join(name);
    match what {
        "modus" => {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let want = u32::from_str_radix(rest, 8).unwrap();
            (mode == want)
                .then_some(())
                .ok_or(format!("{name}: mode {mode:o}, want {want:o}"))
        }
        "koppeling" => std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
            .then_some(())
            .ok_or(format!("{name} is no longer a symbolic link")),
        "inhoud" => {
            let text = std::fs::read_to_string(&path).unwrap();
            text.contains(rest)
                .then_some(())
                .ok_or(format!("{name} does not contain {rest:?}: {text}"))
        }
        "geen-tijdelijke" => {
            let left: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.'))
                .collect();
            left.is_empty()
                .then_some(())
                .ok_or(format!("temporary files left: {left:?}"))
        }
        other => Err(format!("unknown check {other}")),
    }
}

fn run_row(row: &Row) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("ordinances"), &root.join("ord"));
    std::fs::write(root.join("ord/verordening.toml"), "").unwrap();
    for (name, text) in &row.bestanden {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    for (name, generator) in &row.maak {
        make(root, name, generator);
    }
    let Some((code, out, err)) = run_limited(root, &row.opdracht, row.invoer.as_deref()) else {
        return Err(format!("did not finish within {LIMIT:?}"));
    };
    let (out, err_bytes) = (String::from_utf8_lossy(&out), err.len());
    let err = String::from_utf8_lossy(&err);
    let both = format!("{out}\n{err}");
    let shown: String = both.chars().take(3000).collect();
    if code != row.exit {
        return Err(format!("exit {code}, want {}:\n{shown}", row.exit));
    }
    for b in &row.bevat {
        if !both.contains(b.as_str()) {
            return Err(format!("output lacks {b:?}:\n{shown}"));
        }
    }
    for n in &row.niet {
        if both.contains(n.as_str()) {
            return Err(format!("output contains {n:?}:\n{shown}"));
        }
    }
    if let Some(max) = row.stderr_max {
        if err_bytes > max {
            return Err(format!("{err_bytes} bytes of report, at most {max}"));
        }
    }
    for check in &row.nadien {
        after(root, check)?;
    }
    Ok(())
}

#[test]
fn every_hostile_input_gets_its_exit_code_and_message() {
    let text = std::fs::read_to_string(repo().join("tests/hostile.toml")).unwrap();
    let table: Table = toml::from_str(&text).unwrap();
    assert!(table.geval.len() >= 25, "the table lost rows");
    // Two rows at a time: the machines running this have two cores.
    let rows: Vec<&Row> = table.geval.iter().collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let mut failures = Vec::new();
        for pair in rows.chunks(2) {
            let handles: Vec<_> = pair
                .iter()
                .map(|row| s.spawn(move || (row, run_row(row))))
                .collect();
            for h in handles {
                let (row, result) = h.join().unwrap();
                if let Err(e) = result {
                    failures.push(format!("{} (issue 12, {}): {e}", row.naam, row.issue));
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
