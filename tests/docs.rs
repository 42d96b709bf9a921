//! The documentation cannot drift from the tool: every ```verordening block in docs/ and the
//! README parses (a fragment is tried inside a header, an artikel and a lid), and every
//! `verordening <command>` shown exists. Blocks marked ```verordening fout are deliberately
//! wrong examples and are only required not to crash the parser.

use std::path::{Path, PathBuf};
use verordening::diagnostics::FileId;
use verordening::syntax::parse;

const COMMANDS: &[&str] = &[
    "check",
    "eval",
    "schema",
    "test",
    "fmt",
    "render",
    "lsp",
    "--help",
    "--version",
    "help",
];

fn markdown_files() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("README.md")];
    let mut stack = vec![PathBuf::from("docs")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (info string, code, line) of each fenced block.
fn blocks(text: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(b) => out.push(b),
                None => current = Some((info.trim().to_string(), String::new(), n + 1)),
            }
        } else if let Some((_, code, _)) = current.as_mut() {
            code.push_str(line);
            code.push('\n');
        }
    }
    out
}

fn parses_somehow(code: &str) -> bool {
    let header = "model \"voorbeeld\" {\n}\n";
    let candidates = [
        code.to_string(),
        format!("{header}{code}"),
        format!("verordening \"voorbeeld\" {{\n}}\n{code}"),
        format!("{header}artikel 1 \"x\" {{\n{code}\n}}\n"),
        format!("{header}artikel 1 \"x\" {{\nlid 1 {{\n{code}\n}}\n}}\n"),
    ];
    candidates.iter().any(|c| !parse(c, FileId(0)).has_errors())
}

#[test]
fn every_language_example_in_the_docs_parses() {
    let mut failures = Vec::new();
    let mut count = 0;
    for f in markdown_files() {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (info, code, line) in blocks(&text) {
            if !info.starts_with("verordening") {
                continue;
            }
            count += 1;
            if info.contains("fout") {
                let _ = parse(&code, FileId(0));
                continue;
            }
            if !parses_somehow(&code) {
                failures.push(format!("{}:{line}\n{code}", f.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples do not parse:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count > 0);
}

#[test]
fn every_command_in_the_docs_exists() {
    let mut failures = Vec::new();
    for f in markdown_files() {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (info, code, line) in blocks(&text) {
            if !matches!(info.as_str(), "sh" | "bash" | "shell" | "console" | "") {
                continue;
            }
            for l in code.lines() {
                let l = l.trim().trim_start_matches("$ ");
                let Some(rest) = l.strip_prefix("verordening ") else {
                    continue;
                };
                let cmd = rest.split_whitespace().next().unwrap_or("");
                if !COMMANDS.contains(&cmd) {
                    failures.push(format!("{}:{line}: `{l}`", f.display()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "commands that do not exist:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_paths_the_docs_name_exist() {
    for p in [
        "docs/taalreferentie.md",
        "docs/evaluatie.md",
        "docs/design.md",
        "docs/diagnostics/README.md",
        "docs/handleiding.md",
    ] {
        assert!(Path::new(p).exists(), "{p} is missing");
    }
}
