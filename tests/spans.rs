//! Every span in the tree ends at the last significant character of its node: never after the
//! whitespace, blank lines or comments that follow it, so an underline in `verordening check`
//! or a range in the editor stays on the node's own text.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use verordening::check_paths;
use verordening::diagnostics::{render_human, FileId};
use verordening::syntax::parse;

/// The spans in a tree's `Debug` text (`start..end`), outside its quoted strings.
fn spans_in(debug: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = debug.char_indices().peekable();
    let bytes = debug.as_bytes();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                // Skip the quoted string, escapes included.
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            c if c.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                let rest = &debug[i..];
                let digits =
                    |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let a = digits(rest);
                if let Some(after) = rest[a..].strip_prefix("..") {
                    let b = digits(after);
                    if b > 0 {
                        out.push((rest[..a].parse().unwrap(), after[..b].parse().unwrap()));
                        for _ in 0..a + 2 + b - 1 {
                            chars.next();
                        }
                        continue;
                    }
                }
                for _ in 0..a - 1 {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether the text ends inside a `#` comment (quotes tracked, so `#` in a string is text).
fn ends_in_comment(text: &str) -> bool {
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    for c in text.chars() {
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '#' => in_comment = true,
                _ => {}
            }
        }
    }
    in_comment
}

fn vo_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            vo_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "vo") {
            out.push(p);
        }
    }
}

#[test]
fn no_span_ends_in_whitespace_or_a_comment() {
    let mut files = Vec::new();
    vo_files(Path::new("ordinances"), &mut files);
    vo_files(Path::new("tests/fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 20, "found only {} files", files.len());
    let mut checked = 0;
    let mut wrong = Vec::new();
    for path in &files {
        let Ok(src) = std::fs::read_to_string(path) else {
            continue; // the fixture of a file that is not UTF-8
        };
        let parsed = parse(&src, FileId(0));
        for (start, end) in spans_in(&format!("{:?}", parsed.file)) {
            let Some(text) = src.get(start..end) else {
                continue;
            };
            if text.is_empty() || text.starts_with('#') {
                continue; // a comment's own span, or a placeholder for something absent
            }
            checked += 1;
            if text.ends_with(char::is_whitespace) || ends_in_comment(text) {
                let tail: String = text
                    .chars()
                    .rev()
                    .take(60)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                wrong.push(format!("{}:{start}..{end}: …{tail:?}", path.display()));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} spans checked");
    assert!(
        wrong.is_empty(),
        "{} spans too long:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn an_underline_stops_before_the_comments_after_a_fill() {
    let path = PathBuf::from("tests/fixtures/spans/commentaar-na-invulling.vo");
    let report = check_paths(&[path]);
    let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
    assert!(
        !text.contains("╭─▶"),
        "the underline spans several lines:\n{text}"
    );
    insta::assert_snapshot!(text);
}
