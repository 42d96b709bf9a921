//! The layering of the library (issue 13), checked over the `crate::` paths of every source
//! file: a module may use only modules on a lower floor, so there is no import cycle between
//! modules and no import from a lower layer to a higher one. The floors are the pipeline of
//! docs/design.md ("Layering"); a new module must be given its floor here.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

/// The floors, lowest first. Modules on one floor do not use each other.
const FLOORS: &[&[&str]] = &[
    &["span", "save", "page"],
    &["diagnostics"],
    &["syntax"],
    &["quantity", "fmt", "wijziging"],
    &["project", "value"],
    &["check"],
    &["eval"],
    &["render", "dekking"],
    &["diff", "import"],
    &["besluit", "opzoeken"],
    &["docx", "lsp", "serve"],
    &["cli"],
];

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

/// The top-level module a source file belongs to (`src/eval/run.rs` → `eval`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The modules a source text names as `crate::m`, outside comments; `use crate::{a, b}` too.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let name = part.trim().split("::").next().unwrap_or("").trim();
                    if !name.is_empty() {
                        out.insert(name.to_string());
                    }
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_floors_below_it() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = floor(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no floor in tests/layers.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&text) {
            if used == module {
                continue;
            }
            match floor(&used) {
                Some(f) if f < own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` uses `{used}`, which is not on a lower floor",
                    file.display()
                )),
                None => {} // a macro or an item of lib.rs (`crate::outln!`)
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_syntax_uses_nothing_of_checking_or_evaluation() {
    let mut files = Vec::new();
    sources(Path::new("src/syntax"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let used = used_modules(&text);
        for above in [
            "check", "eval", "value", "quantity", "project", "render", "cli",
        ] {
            assert!(!used.contains(above), "{} uses {above}", file.display());
        }
    }
}
