//! Turning a fragment from the docs into a whole file.
//!
//! - `wrap`: a fragment without a header gets a minimal header (and, if it is made of
//!   statements, an artikel and a lid around it), so that it can be checked on its own.
//! - `merge`: a fragment with `basis=FILE` is a change to FILE, as a jurist would make it in
//!   her own copy: a statement about a slot (`invulling`, `keuze`, `overgenomen`) replaces the
//!   base's statements about that slot, an `artikel`, `bijlage`, `aanhef`, `slotformule`,
//!   heading or declaration replaces the one with the same number or name, a header replaces
//!   the header; everything else is added at the end. `zonder=SLOT,...` removes the base's
//!   statements about those slots without replacing them.

use std::collections::BTreeSet;
use verordening::diagnostics::FileId;
use verordening::syntax::{parse, Decl, Item, ItemKind};

const ARTIKEL: &str = "artikel 900 \"Voorbeeld\" {\n";
const LID: &str = "lid 1 {\n";

/// The minimal header for a fragment of the given layer.
pub fn stub_header(laag: &str) -> String {
    match laag {
        "model" => "model \"Voorbeeld\" {\n  geldig vanaf 2023-07-01\n}\n".to_string(),
        "wet" => "wet \"Voorbeeld\" {\n}\n".to_string(),
        "beleidsregels" => {
            "beleidsregels \"Voorbeeld\" {\n  geldig vanaf 2023-07-01\n}\n".to_string()
        }
        _ => {
            "verordening \"Voorbeeld\" {\n  gemeente \"Voorbeeld\"\n  geldig vanaf 2023-07-01\n}\n"
                .to_string()
        }
    }
}

/// Does the fragment start (after comments) with a header of its own?
pub fn has_header(code: &str) -> bool {
    let first = code
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    ["verordening \"", "model \"", "wet \"", "beleidsregels \""]
        .iter()
        .any(|k| first.starts_with(k))
}

fn parses(text: &str) -> bool {
    !parse(text, FileId(0)).has_errors()
}

/// The candidate whole files for a fragment, most literal first.
pub fn candidates(code: &str, laag: &str) -> Vec<String> {
    if has_header(code) {
        return vec![code.to_string()];
    }
    let header = stub_header(laag);
    vec![
        format!("{header}{code}"),
        format!("{header}{ARTIKEL}{code}}}\n"),
        format!("{header}{ARTIKEL}{LID}{code}}}\n}}\n"),
    ]
}

/// The first candidate that parses, or the most literal one (so that a deliberately broken
/// example still gives its syntax error).
pub fn wrap(code: &str, laag: &str) -> String {
    let all = candidates(code, laag);
    all.iter()
        .find(|c| parses(c))
        .or(all.first())
        .cloned()
        .unwrap_or_default()
}

/// What an item is about: the slots it fills or adopts, or the unit it is.
fn targets(item: &Item) -> Vec<String> {
    match &item.kind {
        ItemKind::Fill(f) => vec![f.slot.text.clone()],
        ItemKind::Adoption(a) => a.slots.iter().map(|s| s.text.clone()).collect(),
        ItemKind::Artikel(a) => vec![format!("artikel {}", a.nr.text)],
        ItemKind::EigenLid(e) => vec![format!("artikel {} lid {}", e.artikel.text, e.lid.nr.text)],
        ItemKind::Bijlage(b) => vec![format!("bijlage {}", b.id.text)],
        ItemKind::Aanhef(_) => vec!["aanhef {}".to_string()],
        ItemKind::Slotformule(_) => vec!["slotformule {}".to_string()],
        ItemKind::Hoofdstuk(h) => vec![format!("hoofdstuk {}", h.nr.text)],
        ItemKind::Paragraaf(h) => vec![format!("paragraaf {}", h.nr.text)],
        ItemKind::Decl(d) => {
            let name = match d {
                Decl::Feit(x) | Decl::Oordeel(x) => &x.name,
                Decl::Soort(x) => &x.name,
                Decl::Parameter(x) => &x.name,
                Decl::Voorziening(x) => &x.name,
                Decl::Definitie(x) => &x.name,
            };
            vec![format!("naam {}", name.text)]
        }
        ItemKind::Error(text) => error_targets(text),
    }
}

/// What a statement that did not parse was about, read from its first words, so that a
/// deliberately broken line (`invulling art8.lid3.bedrag = € 100,-`) takes the place of the
/// line it breaks.
fn error_targets(text: &str) -> Vec<String> {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    let slot = second.split('=').next().unwrap_or("").to_string();
    match first {
        "invulling" | "keuze" if !slot.is_empty() => vec![slot],
        "artikel" | "bijlage" | "hoofdstuk" | "paragraaf" => vec![format!("{first} {second}")],
        _ => Vec::new(),
    }
}

/// The byte range of the whole lines from `start` to `end`, including the final newline.
fn line_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    // A span may already include its line's newline.
    let end = match text.get(start..end) {
        Some(s) if s.ends_with('\n') => end - 1,
        _ => end,
    };
    let to = text
        .get(end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| end + i + 1);
    (from, to)
}

/// An item's text with its leading comments, as whole lines.
fn item_text(text: &str, item: &Item) -> String {
    let start = item
        .trivia
        .comments
        .first()
        .map_or(item.span.start, |c| c.span.start) as usize;
    let (from, to) = line_range(text, start, item.span.end as usize);
    let mut s = text.get(from..to).unwrap_or("").to_string();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Apply the fragment to the base file, as described in the module comment.
pub fn merge(base: &str, fragment: &str, zonder: &[String]) -> String {
    let b = parse(base, FileId(0));
    let (ftext, own_header) = if has_header(fragment) {
        (fragment.to_string(), true)
    } else {
        (format!("{}{fragment}", stub_header("verordening")), false)
    };
    let f = parse(&ftext, FileId(1));

    let pieces: Vec<(Vec<String>, String)> = f
        .file
        .items
        .iter()
        .map(|i| (targets(i), item_text(&ftext, i)))
        .collect();
    let mut remove: BTreeSet<String> = zonder.iter().cloned().collect();
    for (t, _) in &pieces {
        remove.extend(t.iter().cloned());
    }

    let mut edits = Vec::new();
    if own_header {
        let h = &b.file.header.span;
        let fh = &f.file.header.span;
        edits.push(Edit {
            start: h.start as usize,
            end: h.end as usize,
            text: ftext
                .get(fh.start as usize..fh.end as usize)
                .unwrap_or("")
                .to_string(),
        });
    }
    let mut placed = vec![false; pieces.len()];
    // Where a line dropped with `zonder=` stood: a new line that replaces nothing goes there
    // (`zonder=art8.lid3.bedrag` with `invulling art8.lid2.bedrag = ...` is a mistyped line).
    let mut dropped_at: Option<usize> = None;
    for item in &b.file.items {
        let t = targets(item);
        if !t.iter().any(|x| remove.contains(x)) {
            continue;
        }
        // The fragment's items that take this one's place.
        let mut replacement = String::new();
        for (k, (ft, text)) in pieces.iter().enumerate() {
            if !placed.get(k).copied().unwrap_or(true) && ft.iter().any(|x| t.contains(x)) {
                replacement.push_str(text);
                if let Some(p) = placed.get_mut(k) {
                    *p = true;
                }
            }
        }
        let (from, to) = line_range(base, item.span.start as usize, item.span.end as usize);
        if let ItemKind::Adoption(a) = &item.kind {
            let kept: Vec<&str> = a
                .slots
                .iter()
                .map(|s| s.text.as_str())
                .filter(|s| !remove.contains(*s))
                .collect();
            if !kept.is_empty() {
                let kw = if a.adopted {
                    "overgenomen"
                } else {
                    "niet overgenomen"
                };
                replacement.insert_str(0, &format!("{kw} {}\n", kept.join(", ")));
            }
        }
        if replacement.is_empty() && dropped_at.is_none() && t.iter().any(|x| zonder.contains(x)) {
            dropped_at = Some(edits.len());
        }
        edits.push(Edit {
            start: from,
            end: to,
            text: replacement,
        });
    }
    if let Some(edit) = dropped_at.and_then(|i| edits.get_mut(i)) {
        for (k, (_, text)) in pieces.iter().enumerate() {
            if let Some(p) = placed.get_mut(k).filter(|p| !**p) {
                edit.text.push_str(text);
                *p = true;
            }
        }
    }
    let mut out = base.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    for e in edits {
        out.replace_range(e.start..e.end, &e.text);
    }
    // What replaces nothing is added at the end, keeping the fragment's blank lines.
    let rest: String = f
        .file
        .items
        .iter()
        .zip(pieces.iter().zip(&placed))
        .filter(|(_, (_, p))| !**p)
        .map(|(item, ((_, text), _))| {
            let blank = if item.trivia.blank_line_before {
                "\n"
            } else {
                ""
            };
            format!("{blank}{text}")
        })
        .collect();
    if !rest.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(rest.trim_start_matches('\n'));
    }
    out
}

/// Every line of the excerpt (trimmed, `...` and blank lines skipped) occurs in `file`, in
/// order. Returns the first line that does not.
pub fn missing_excerpt_line(excerpt: &str, file: &str) -> Option<String> {
    let mut lines = file.lines().map(str::trim);
    for want in excerpt.lines().map(str::trim) {
        if want.is_empty() || want == "..." {
            continue;
        }
        if !lines.any(|l| l == want) {
            return Some(want.to_string());
        }
    }
    None
}
