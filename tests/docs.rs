//! The documentation cannot drift from the tool: every example in README.md and docs/ is run.
//!
//! Each markdown file is run top to bottom in its own throw-away project directory that holds
//! a copy of `ordinances/` (the wet layer, the VNG model, Voorbeeldstad, ...) and a
//! `verordening.toml`. The files the user guide (docs/handleiding.md) writes are put into
//! every other file's project as well, so a diagnostics page can start from Zandvoorde.
//!
//! # How code blocks are marked (the info string after ```` ``` ````)
//!
//! ```text
//! ```verordening                  must check clean (no errors, no warnings)
//! ```verordening fout=vo::soort   must give exactly these codes (comma-separated);
//!                                 waarschuwing=CODE for warnings, opmerking=CODE for notes
//! ```verordening bestand=PAD      written to PAD (relative to the project root); later
//!                                 blocks with the same PAD in the same markdown file are
//!                                 appended, so a guide can build one file in steps. At the
//!                                 end of the markdown file it must check as its last block
//!                                 says (clean unless that block has fout=/waarschuwing=).
//!                                 A block with fout=/waarschuwing= is checked right away.
//! ```verordening basis=PAD        a change to PAD: a statement about a slot (invulling,
//!                                 keuze, overgenomen) replaces PAD's statements about that
//!                                 slot; an artikel, bijlage, aanhef, slotformule, heading or
//!                                 declaration replaces the one with the same number or name;
//!                                 a header replaces the header; the rest is added at the
//!                                 end. With bestand=PAD2 the result is written to PAD2
//!                                 (bestand=PAD basis=PAD edits PAD in place), otherwise it
//!                                 is checked next to PAD and thrown away.
//!   zonder=SLOT,...               (with basis=) also drop PAD's statements about these slots
//! ```verordening bestand=PAD vervang   replaces PAD (written earlier in this markdown file)
//!                                 instead of appending to it (also for yaml/json/toml)
//! ```verordening laag=model       a fragment without a header gets a minimal header of this
//!                                 layer (default verordening); statements are also tried
//!                                 inside an `artikel` and a `lid`
//! ```verordening uit=PAD          an excerpt: every line (trimmed; `...` skipped) occurs in
//!                                 PAD in this order. Nothing is written or checked.
//! ```verordening codering=windows-1252   written in that encoding (the vo::bestand example)
//! ```verordening illustratie      only parsed (as a file, or inside a header, artikel, lid)
//!
//! ```sh                           every `verordening ...` line is run in the project root
//!                                 and must exit 0; `exit=N` for another exit code. A final
//!                                 `> FILE` writes stdout to FILE. Other lines (cargo, git)
//!                                 are not run. `sh illustratie`: nothing is run.
//! ```text uitvoer                 the output (stdout, then stderr) of the command in the
//!                                 `sh` block directly before it, which must hold exactly
//!                                 one command. Trailing spaces do not count; a line `...`
//!                                 stands for lines left out. Any language can carry
//!                                 `uitvoer` (```markdown uitvoer, ```json uitvoer).
//! ```wijzigingsbesluit bestand=PAD   a .wb file: written to PAD like yaml; it must parse
//! ```yaml bestand=PAD             (also json, jsonl, toml) written to PAD; without bestand= it must
//!                                 still be valid YAML/JSON/TOML. `illustratie`: not checked.
//! ```text  ```  ```markdown       free text (a directory listing, a sketch): not checked;
//!                                 so is any other language (lua, jsonc, an editor's config)
//! ```
//!
//! An unknown marker, or a language that looks like a misspelt `verordening`, fails, so a typo
//! cannot switch a check off.
//! Besides the blocks, every `verordening SUB --option` mentioned anywhere (running text,
//! tables, a CI workflow) must name a subcommand and options that `verordening --help` knows.
//!
//! Shown outputs are generated, not typed: `UPDATE_DOCS=1 cargo test --test docs` rewrites
//! every `uitvoer` block without `...` to the real output (review the change with git diff).
//! The same conventions, for writers, are in docs/voorbeelden.md.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "docs/commands.rs"]
mod commands;
#[path = "docs/markdown.rs"]
mod markdown;
#[path = "docs/merge.rs"]
mod merge;
#[path = "docs/project.rs"]
mod project;
#[path = "docs/session.rs"]
mod session;

use session::Session;
use std::path::{Path, PathBuf};
use verordening::diagnostics::{Code, Level};

const GUIDE: &str = "docs/handleiding.md";

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

fn update_mode() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some()
}

/// Run one markdown file; its failures, and the files it wrote.
fn run_markdown(path: &Path, shared: &[(String, Vec<u8>)]) -> (Vec<String>, Files) {
    let name = path.display().to_string();
    let Ok(text) = std::fs::read_to_string(path) else {
        return (vec![format!("{name}: kan niet worden gelezen")], Vec::new());
    };
    let mut s = match Session::new(&name, shared, update_mode()) {
        Ok(s) => s,
        Err(e) => return (vec![e], Vec::new()),
    };
    for b in markdown::blocks(&text) {
        s.block(&b);
    }
    s.finish();
    if !s.updates.is_empty() {
        rewrite(path, &text, &s.updates);
    }
    let files = s.files();
    (std::mem::take(&mut s.failures), files)
}

/// Update mode: put the real outputs into the markdown file.
fn rewrite(path: &Path, text: &str, updates: &[session::Update]) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut updates: Vec<&session::Update> = updates.iter().collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.open));
    for u in updates {
        let new: Vec<String> = u
            .text
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{}{l}", u.indent)
                }
            })
            .collect();
        if u.open < u.close && u.close <= lines.len() {
            lines.splice(u.open + 1..u.close, new);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    let _ = std::fs::write(path, out);
}

type Files = Vec<(String, Vec<u8>)>;

/// The user guide, run once per test process: its failures and the files it wrote
/// (Zandvoorde), which the other pages build on.
fn guide() -> &'static (Vec<String>, Files) {
    static GUIDE_RUN: std::sync::OnceLock<(Vec<String>, Files)> = std::sync::OnceLock::new();
    GUIDE_RUN.get_or_init(|| run_markdown(Path::new(GUIDE), &[]))
}

fn guide_files() -> Files {
    guide().1.clone()
}

fn report(failures: &[String]) -> String {
    format!("{} problemen:\n\n{}", failures.len(), failures.join("\n\n"))
}

#[test]
fn the_user_guide_runs() {
    let (failures, files) = guide();
    assert!(failures.is_empty(), "{}", report(failures));
    assert!(
        files.iter().any(|(n, _)| n.ends_with(".vo")),
        "the guide writes no ordinance"
    );
}

#[test]
fn the_diagnostic_pages_run() {
    let shared = guide_files();
    let mut failures = Vec::new();
    for f in markdown_files() {
        if f.starts_with("docs/diagnostics") {
            failures.extend(run_markdown(&f, &shared).0);
        }
    }
    assert!(failures.is_empty(), "{}", report(&failures));
}

#[test]
fn the_other_docs_run() {
    let shared = guide_files();
    let mut failures = Vec::new();
    for f in markdown_files() {
        if !f.starts_with("docs/diagnostics") && f != Path::new(GUIDE) {
            failures.extend(run_markdown(&f, &shared).0);
        }
    }
    assert!(failures.is_empty(), "{}", report(&failures));
}

#[test]
fn every_command_mentioned_exists() {
    let known = commands::known();
    assert!(
        known.contains_key("check"),
        "cannot read `verordening --help`"
    );
    let mut failures = Vec::new();
    for f in markdown_files() {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let mut mentions: Vec<(Vec<String>, usize)> = markdown::inline_code(&text)
            .into_iter()
            .filter_map(|(code, line)| commands::mention(&code).map(|w| (w, line)))
            .collect();
        for b in markdown::blocks(&text) {
            if b.info.lang == "verordening" || b.info.has("uitvoer") {
                continue;
            }
            for (k, l) in b.code.lines().enumerate() {
                if let Some(w) = commands::mention(l) {
                    mentions.push((w, b.line + 1 + k));
                }
            }
        }
        for (words, line) in mentions {
            for p in commands::problems(&words, &known) {
                failures.push(format!("{}:{line}: {p}", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_page_and_every_page_a_code() {
    let mut failures = Vec::new();
    for code in Code::ALL {
        let page = format!("docs/diagnostics/{}.md", code.slug());
        match std::fs::read_to_string(&page) {
            Err(_) => failures.push(format!("{page} ontbreekt")),
            Ok(text) => {
                if !text.starts_with(&format!("# {}\n", code.as_str())) {
                    failures.push(format!("{page}: de titel is niet `# {}`", code.as_str()));
                }
                // A wrong example that gives the code (a checked block or real output), and a
                // corrected example that checks clean.
                let blocks = markdown::blocks(&text);
                let key = match code.default_level() {
                    Level::Error => "fout",
                    Level::Warning => "waarschuwing",
                    Level::Note => "opmerking",
                };
                let wrong = blocks.iter().any(|b| {
                    b.info.list(key).iter().any(|c| c == code.as_str())
                        || (b.info.has("uitvoer") && b.code.contains(code.as_str()))
                });
                let right = blocks.iter().any(|b| {
                    b.info.lang == "verordening"
                        && !b.info.has("illustratie")
                        && b.info.attr("uit").is_none()
                        && b.info.list("fout").is_empty()
                        && b.info.list("waarschuwing").is_empty()
                }) || blocks.iter().any(|b| {
                    matches!(b.info.lang.as_str(), "yaml" | "json" | "toml")
                        && b.info.attr("bestand").is_some()
                });
                if !wrong {
                    failures.push(format!(
                        "{page}: geen fout voorbeeld dat {} geeft",
                        code.as_str()
                    ));
                }
                if !right {
                    failures.push(format!("{page}: geen verbeterd voorbeeld"));
                }
            }
        }
    }
    let entries = std::fs::read_dir("docs/diagnostics").into_iter().flatten();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug != "README" && !Code::ALL.iter().any(|c| c.slug() == slug) {
            failures.push(format!("docs/diagnostics/{name}: geen bekende code"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_index_of_codes_lists_every_code_once() {
    let text = std::fs::read_to_string("docs/diagnostics/README.md").unwrap_or_default();
    let mut failures = Vec::new();
    for code in Code::ALL {
        let link = format!("[`{}`]({}.md)", code.as_str(), code.slug());
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(&link)).collect();
        let level = match code.default_level() {
            Level::Error => "fout",
            Level::Warning => "waarschuwing",
            Level::Note => "opmerking",
        };
        match rows.as_slice() {
            [row] => {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                if cells.get(2) != Some(&level) || cells.get(3) != Some(&code.title()) {
                    failures.push(format!(
                        "rij voor {}: verwacht `{level}` en `{}`:\n{row}",
                        code.as_str(),
                        code.title()
                    ));
                }
            }
            _ => failures.push(format!("{} rijen voor {}", rows.len(), code.as_str())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_paths_the_docs_name_exist() {
    for p in [
        "docs/taalreferentie.md",
        "docs/evaluatie.md",
        "docs/design.md",
        "docs/diagnostics/README.md",
        "docs/handleiding.md",
        "docs/voorbeelden.md",
    ] {
        assert!(Path::new(p).exists(), "{p} is missing");
    }
}

#[test]
fn fragments_are_merged_like_a_jurist_edits_her_copy() {
    let base = "verordening \"X\" {\n  geldig vanaf 2023-07-01\n}\n\n# keuzes\ninvulling a.b = 1\novergenomen art4, art5, art6\nniet overgenomen art7\n";
    let merged = merge::merge(
        base,
        "invulling a.b = 2\nniet overgenomen art5\n",
        &["art7".to_string()],
    );
    assert_eq!(
        merged,
        "verordening \"X\" {\n  geldig vanaf 2023-07-01\n}\n\n# keuzes\ninvulling a.b = 2\novergenomen art4, art6\nniet overgenomen art5\n"
    );
    let header = merge::merge(
        base,
        "verordening \"Y\" {\n  geldig vanaf 2024-01-01\n}\n",
        &[],
    );
    assert!(header.starts_with("verordening \"Y\" {\n  geldig vanaf 2024-01-01\n}\n\n# keuzes"));
}

#[test]
fn excerpts_match_in_order_with_gaps() {
    let actual = "a\nb\nc\nd";
    assert!(session::excerpt_matches("a\nb\nc\nd\n", actual));
    assert!(!session::excerpt_matches("a\nb\n", actual));
    assert!(session::excerpt_matches("a\n...\nd\n", actual));
    assert!(session::excerpt_matches("...\nb\nc\n...\n", actual));
    assert!(!session::excerpt_matches("...\nc\nb\n...\n", actual));
    assert!(!session::excerpt_matches("b\n...\n", actual));
}
