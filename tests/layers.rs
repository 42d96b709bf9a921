//! The layering of the workspace (issue 13), checked over the paths of every source file: a
//! module may use only modules on a lower floor, so there is no import cycle between modules or
//! crates and no import from a lower layer to a higher one. The floors are the pipeline of
//! docs/design.md ("Layering"); a new module must be given its floor here.
//!
//! The crates: `crates/verordening-core` holds the floors up to `besluit`/`opzoeken` and
//! `docx`, each top-level module of it a room of its own; `crates/verordening-lsp` is the
//! module `lsp` and `crates/verordening-serve` the module `serve` (floor 10); the package at the
//! top holds only the command line, `cli` (floor 11). A path names a module as `crate::m`
//! inside the core, as `verordening_core::m` from the other crates, and the two servers as
//! `verordening_lsp` and `verordening_serve`.

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

/// The crates of the workspace: their source folder, and the module every file of it belongs to
/// (`None`: each top-level file or folder is a module of its own).
const CRATES: &[(&str, Option<&str>)] = &[
    ("crates/verordening-core/src", None),
    ("crates/verordening-lsp/src", Some("lsp")),
    ("crates/verordening-serve/src", Some("serve")),
    ("src", None),
];

/// The module a source file belongs to (`crates/verordening-core/src/eval/run.rs` → `eval`,
/// `crates/verordening-serve/src/api.rs` → `serve`, `src/cli/eval.rs` → `cli`).
fn module_of(path: &Path) -> String {
    for (dir, whole) in CRATES {
        if let Ok(rel) = path.strip_prefix(dir) {
            if let Some(m) = whole {
                return m.to_string();
            }
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            return first.trim_end_matches(".rs").to_string();
        }
    }
    panic!("{} is in no crate of tests/layers.rs", path.display())
}

/// The modules a source text names, outside comments: `crate::m` (a module of the same crate;
/// in a crate that is one module, that module itself), `verordening_core::m`,
/// `verordening_lsp`, `verordening_serve`; `use crate::{a, b}` too.
fn used_modules(text: &str, own: &str, whole_crate: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (prefix, inside) in [("crate::", true), ("verordening_core::", false)] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                // `verordening_core::` inside a longer name is not this prefix.
                let before = rest[..at].chars().next_back();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                if inside && whole_crate {
                    out.insert(own.to_string());
                    continue;
                }
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
        for (krate, module) in [("verordening_lsp", "lsp"), ("verordening_serve", "serve")] {
            if code.contains(krate) {
                out.insert(module.to_string());
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
    for (dir, _) in CRATES {
        sources(Path::new(dir), &mut files);
    }
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
        let whole_crate = CRATES
            .iter()
            .any(|(dir, whole)| whole.is_some() && file.starts_with(dir));
        for used in used_modules(&text, &module, whole_crate) {
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
    sources(Path::new("crates/verordening-core/src/syntax"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let used = used_modules(&text, "syntax", false);
        for above in [
            "check", "eval", "value", "quantity", "project", "render", "cli",
        ] {
            assert!(!used.contains(above), "{} uses {above}", file.display());
        }
    }
}

/// The crates depend on each other as the floors say: the core on neither server, the two
/// servers on the core only, and the command line on all three.
#[test]
fn the_crates_depend_only_downwards() {
    let manifest = |p: &str| std::fs::read_to_string(p).unwrap();
    let deps = |text: &str| -> BTreeSet<String> {
        let section = text
            .split("[dependencies]")
            .nth(1)
            .unwrap_or("")
            .split("\n[")
            .next()
            .unwrap_or("");
        section
            .lines()
            .filter_map(|l| l.trim().split(['=', '.']).next())
            .map(|n| n.trim().to_string())
            .filter(|n| n.starts_with("verordening"))
            .collect()
    };
    let none: BTreeSet<String> = BTreeSet::new();
    let core: BTreeSet<String> = ["verordening-core".to_string()].into();
    assert_eq!(deps(&manifest("crates/verordening-core/Cargo.toml")), none);
    assert_eq!(deps(&manifest("crates/verordening-lsp/Cargo.toml")), core);
    assert_eq!(deps(&manifest("crates/verordening-serve/Cargo.toml")), core);
    let cli = deps(&manifest("Cargo.toml"));
    assert_eq!(
        cli,
        ["verordening-core", "verordening-lsp", "verordening-serve"]
            .map(String::from)
            .into()
    );
}

/// The program's package holds the command line and nothing else: `src/` is `main.rs`,
/// `lib.rs` (which only declares `cli` and re-exports the library crates) and `cli/`.
#[test]
fn the_command_line_crate_holds_no_domain_logic() {
    let mut top: Vec<String> = std::fs::read_dir("src")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["cli", "lib.rs", "main.rs"]);
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    for line in lib.lines() {
        let line = line.trim();
        assert!(
            line.is_empty()
                || line.starts_with("//")
                || line == "pub mod cli;"
                || line.starts_with("pub use verordening_"),
            "src/lib.rs holds more than the command line and the re-exports: {line}"
        );
    }
}
