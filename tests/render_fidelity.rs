//! Render fidelity: the January 2023 model, rendered with the leeswijzer's brackets, against
//! the text of the ledenbrief it was encoded from (Bijlage 3, the consolidated model; for the
//! units the model file takes from the raadsbesluit, Bijlage 2). Only layout is normalised
//! (whitespace, markdown and the seed's markup, see the steps below); every remaining
//! difference must be listed, with its reason, in tests/data/render-differences.md, and every
//! listed difference must still occur. The same for the 2017 model against the "Bestaande
//! tekst" of Bijlage 1 (tests/data/render-differences-2017.md).

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{markdown_table, run};
use std::collections::BTreeMap;
use verordening::diff::word_diff;

fn data(name: &str) -> String {
    let path = format!("tests/data/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Normalising the seed: the conversion's markup is not text.
/// - `<p>`, `<ul …>`, `<ol …>`, `<li>` (Bijlage 1 is an HTML table) separate lines;
/// - `~~…~~` marks a tracked deletion (Bijlage 3 is printed "met wijzigingen bijgehouden"): the
///   deleted words are not part of the consolidated text;
/// - `**`, `*`, `<u>`, `</u>`, `<i>`, `</i>` are bold, italic and underlining;
/// - `ⁱ` and `^{…}` are footnote and superscript remnants of tracked changes;
/// - `_` is an underlined space (Bijlage 1 marks a spatiëring that changes so);
/// - `- ` at the start of a line is a list bullet of the conversion;
/// - the page footer "Bijlage 3/4 bij VNG ledenbrief, januari 2023" is not text.
fn seed(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for l in text.lines() {
        if l.starts_with('#') || l.trim() == "Bijlage 3/4 bij VNG ledenbrief, januari 2023" {
            continue;
        }
        out.extend(split_blocks(l).iter().map(|part| seed_line(part)));
    }
    out
}

/// A line of Bijlage 1 holds a whole table cell: its HTML block tags are line breaks.
fn split_blocks(l: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut rest = l;
    while let Some(i) = rest.find('<') {
        let tag_end = rest.get(i..).and_then(|r| r.find('>')).map(|j| i + j);
        let tag = tag_end.and_then(|e| rest.get(i + 1..e)).unwrap_or("");
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if let (Some(e), true) = (tag_end, matches!(name, "p" | "ul" | "ol" | "li")) {
            if let Some(last) = parts.last_mut() {
                last.push_str(rest.get(..i).unwrap_or(""));
            }
            parts.push(String::new());
            rest = rest.get(e + 1..).unwrap_or("");
        } else {
            if let Some(last) = parts.last_mut() {
                last.push_str(rest.get(..=i).unwrap_or(""));
            }
            rest = rest.get(i + 1..).unwrap_or("");
        }
    }
    if let Some(last) = parts.last_mut() {
        last.push_str(rest);
    }
    parts
}

fn seed_line(l: &str) -> String {
    let mut s = strip_between(l, "~~", "~~");
    s = strip_between(&s, "^{", "}");
    for m in ["**", "<u>", "</u>", "<i>", "</i>", "ⁱ"] {
        s = s.replace(m, "");
    }
    // An underlined space (a spatiëring that changes, Bijlage 1) is a space.
    s = s.replace('_', " ");
    // Italics: a `*` next to a word (not inside a word like "a*b").
    let chars: Vec<char> = s.chars().collect();
    let mut t = String::new();
    for (i, c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let inside =
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric);
        if *c != '*' || inside {
            t.push(*c);
        }
    }
    bullet(&t)
}

fn strip_between(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + open.len()..).unwrap_or("");
        match after.find(close) {
            Some(j) => rest = after.get(j + close.len()..).unwrap_or(""),
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn bullet(l: &str) -> String {
    let t = l.trim();
    t.strip_prefix("- ").unwrap_or(t).trim().to_string()
}

/// Normalising a line of the rendered markdown: headings, list items and the variant's
/// emphasis are markdown, not text.
fn rendered_line(l: &str) -> Option<String> {
    if l.starts_with("# ") {
        return None; // the title; the extracts start at the aanhef
    }
    // The version block under the title (versie, geldig vanaf/tot, bron: issue 17) says which
    // version is printed; the ledenbrief prints no such block, and it is not the regulation's
    // text.
    if ["Versie: ", "Geldig vanaf: ", "Geldig tot: ", "Bron: "]
        .iter()
        .any(|k| l.starts_with(k))
    {
        return None;
    }
    let t = l.trim_start_matches('#').trim();
    let t = bullet(t);
    Some(
        match t.strip_prefix('*').and_then(|r| r.strip_suffix('*')) {
            Some(v) if v.starts_with("Variant ") => v.to_string(),
            _ => t,
        },
    )
}

/// The section a line opens: "Artikel 14a", "Hoofdstuk 3A", "Paragraaf 3A.1", "Bijlage 14b",
/// "slotformule"; None for other lines.
fn section_of(l: &str) -> Option<String> {
    let t = l.trim_start_matches('[');
    let number = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect::<String>()
            .trim_end_matches('.')
            .to_string()
    };
    if let Some(r) = t.strip_prefix("Artikel ") {
        let nr = number(r);
        // A heading has a period or a capitalised title after its number ("Artikel 3
        // Algemene …"); "Artikel 12 vervalt." and "Artikel 1 komt te luiden:" are instructions.
        let after = r.get(nr.len()..).unwrap_or("");
        let title = after
            .strip_prefix(' ')
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_uppercase);
        return (after.starts_with('.') || title).then(|| format!("Artikel {nr}"));
    }
    for word in ["Hoofdstuk", "Paragraaf"] {
        if let Some(r) = t.strip_prefix(&format!("{word} ")) {
            return Some(format!("{word} {}", number(r)));
        }
    }
    if let Some(r) = t.strip_prefix("Bijlage behorende bij artikel ") {
        return Some(format!(
            "Bijlage {}",
            number(r.split(',').next().unwrap_or(r))
        ));
    }
    t.starts_with("Aldus vastgesteld")
        .then(|| "slotformule".to_string())
}

/// An onderdeel letter of the raadsbesluit ("A", "[E") or its Artikel I / II: the text after
/// it up to the next heading is an instruction, not model text.
fn instruction_start(l: &str) -> bool {
    let t = l.trim_start_matches('[').trim_end_matches(']');
    (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
        || t == "Artikel I"
        || t == "Artikel II"
}

/// Split normalised lines into sections (the aanhef before the first heading).
fn sections(
    lines: impl Iterator<Item = String>,
    instructions: bool,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = Some("aanhef".to_string());
    for l in lines.filter(|l| !l.is_empty()) {
        if let Some(s) = section_of(&l) {
            current = Some(s);
        } else if instructions && instruction_start(&l) {
            current = None;
        }
        if let Some(c) = &current {
            out.entry(c.clone()).or_default().push(l);
        }
    }
    out
}

/// The words of a section; a space before a punctuation mark is whitespace (the seed leaves
/// one where a tracked deletion stood).
fn words(lines: &[String]) -> String {
    let mut s = lines.join(" ");
    for p in [",", ";", ".", ":"] {
        while s.contains(&format!(" {p}")) {
            s = s.replace(&format!(" {p}"), p);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A difference: the section, the rendered words, the source's words.
type Hunk = (String, String, String);

fn hunks(section: &str, rendered: &str, source: &str) -> Vec<Hunk> {
    let (r, s) = word_diff(rendered, source);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < r.len() || j < s.len() {
        if r.get(i).is_some_and(|w| w.1 == 0) && s.get(j).is_some_and(|w| w.1 == 0) {
            i += 1;
            j += 1;
            continue;
        }
        let mut a = Vec::new();
        while let Some((w, k)) = r.get(i).filter(|w| w.1 != 0) {
            let _ = k;
            a.push(*w);
            i += 1;
        }
        let mut b = Vec::new();
        while let Some((w, _)) = s.get(j).filter(|w| w.1 != 0) {
            b.push(*w);
            j += 1;
        }
        out.push((section.to_string(), a.join(" "), b.join(" ")));
    }
    out
}

/// The listed differences: a table whose cells are `section`, `rendered`, `source`, reason; a
/// source cell ending in " …" matches any text that starts so.
fn listed(md: &str, heading: &str) -> Vec<Hunk> {
    markdown_table(md, heading)
        .into_iter()
        .map(|cells| {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default().replace('—', "");
            (cell(0), cell(1), cell(2))
        })
        .collect()
}

fn matches(listed: &Hunk, found: &Hunk) -> bool {
    let text = |pattern: &str, actual: &str| match pattern.strip_suffix(" …") {
        Some(prefix) => actual.starts_with(prefix),
        None => pattern == actual,
    };
    listed.0 == found.0 && text(&listed.1, &found.1) && text(&listed.2, &found.2)
}

/// Compare a rendering with its source; report differences not listed and listed ones gone.
/// With `only_source`, only the sections the source has are compared (Bijlage 1 shows only the
/// articles it changes).
fn compare(
    rendered: &str,
    sources: &BTreeMap<String, Vec<String>>,
    differences: &str,
    only_source: bool,
) -> Vec<String> {
    let mine = sections(rendered.lines().filter_map(rendered_line), false);
    let mut found: Vec<Hunk> = Vec::new();
    let names: Vec<&String> = if only_source {
        sources.keys().collect()
    } else {
        mine.keys()
            .chain(sources.keys().filter(|k| !mine.contains_key(*k)))
            .collect()
    };
    for name in names {
        let r = words(mine.get(name).map(Vec::as_slice).unwrap_or(&[]));
        let s = words(sources.get(name).map(Vec::as_slice).unwrap_or(&[]));
        found.extend(hunks(name, &r, &s));
    }
    // Each listed difference explains one occurrence.
    let mut expected: Vec<Option<Hunk>> = listed(differences, "Verschillen")
        .into_iter()
        .map(Some)
        .collect();
    let mut problems = Vec::new();
    for f in &found {
        match expected
            .iter_mut()
            .find(|e| e.as_ref().is_some_and(|e| matches(e, f)))
        {
            Some(e) => *e = None,
            None => problems.push(format!(
                "niet verklaard: | `{}` | `{}` | `{}` | … |",
                f.0, f.1, f.2
            )),
        }
    }
    for e in expected.into_iter().flatten() {
        problems.push(format!("verklaard maar niet (meer) gevonden: {e:?}"));
    }
    problems
}

fn render_leeswijzer(path: &str) -> String {
    let (code, out, err) = run(&["render", path, "--leeswijzer"]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn the_2023_model_renders_as_the_ledenbrief_prints_it() {
    let differences = data("render-differences.md");
    let b3 = sections(
        seed(&data("vng-ledenbrief-bijlage3-model.txt")).into_iter(),
        false,
    );
    let b2 = sections(
        seed(&data("vng-ledenbrief-bijlage2-artikel-I.txt")).into_iter(),
        true,
    );
    // Per section the source the model file follows (its header comment): the raadsbesluit
    // for the units listed, Bijlage 3 for the rest.
    let from_b2: Vec<String> = listed(&differences, "Bron per eenheid")
        .into_iter()
        .map(|(s, _, _)| s)
        .collect();
    let mut source = b3.clone();
    for s in &from_b2 {
        match b2.get(s) {
            Some(lines) => {
                source.insert(s.clone(), lines.clone());
            }
            None => panic!("{s} is not in bijlage 2"),
        }
    }
    let problems = compare(
        &render_leeswijzer("ordinances/vng/model-2023.vo"),
        &source,
        &differences,
        false,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_2017_model_renders_as_bijlage_1_prints_its_bestaande_tekst() {
    let differences = data("render-differences-2017.md");
    let source = sections(
        seed(&data("vng-ledenbrief-bijlage1-bestaande-tekst.txt")).into_iter(),
        false,
    );
    assert!(source.contains_key("Artikel 15") && source.contains_key("Hoofdstuk 2"));
    let problems = compare(
        &render_leeswijzer("ordinances/vng/model-2017.vo"),
        &source,
        &differences,
        true,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
