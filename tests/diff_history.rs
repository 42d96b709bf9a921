//! Acceptance on the sources: the was-wordt diff of the 2017 model and the January 2023 model
//! reports exactly the units of Bijlage 1 of the VNG ledenbrief (onderdelen A–R) and finds each
//! of the 88 atomic changes of the catalogue; where it reports more, the source itself differs
//! (tests/data/vng-2017-to-2023-differences.md).
//!
//! Data (all in tests/data/): the catalogue's YAML expectation block, copied verbatim; the 88
//! atomic changes with the evidence to look for; the documented differences.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{markdown_table as table, run};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use verordening::diff::semantic_place;
use verordening::diff::{similarity, word_diff};
use verordening::syntax::notation::lid_words;

const OLD: &str = "ordinances/vng/model-2017.vo";
const NEW: &str = "ordinances/vng/model-2023.vo";
const ORDINALS: [&str; 8] = [
    "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste",
];

fn data(name: &str) -> String {
    let path = format!("tests/data/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn diff_json() -> Value {
    let (code, out, err) = run(&["diff", "--format", "json", OLD, NEW]);
    assert_eq!(code, 1, "the versions differ: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn changes(v: &Value) -> Vec<&Value> {
    v["wijzigingen"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn semantic(v: &Value) -> Vec<&str> {
    v["semantisch"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn soort(c: &Value) -> &str {
    c["soort"].as_str().unwrap_or("")
}

fn label(u: &Value) -> &str {
    u["label"].as_str().unwrap_or("")
}

fn text(u: &Value) -> &str {
    u["text"].as_str().unwrap_or("")
}

/// The unit a change ends up as (or was, when removed).
fn unit(c: &Value) -> &Value {
    if c["wordt"].is_null() {
        &c["was"]
    } else {
        &c["wordt"]
    }
}

/// The changes whose new (or removed) unit carries `label`.
fn changes_of<'a>(cs: &[&'a Value], l: &str) -> Vec<&'a Value> {
    cs.iter().copied().filter(|c| label(unit(c)) == l).collect()
}

/// The home of a unit in the catalogue's path grammar: art14a, H2, 3A.1, bijlage.art14b.lid5,
/// aanhef, slot.
fn home_of_unit(u: &Value) -> String {
    let l = label(u);
    match u["eenheid"].as_str().unwrap_or("") {
        "artikel" | "lid" | "begrip" => format!("art{}", u["article"].as_str().unwrap_or("")),
        "hoofdstuk" => format!("H{}", l.trim_start_matches("Hoofdstuk ")),
        "paragraaf" => l.trim_start_matches("Paragraaf ").to_string(),
        "bijlage" => bijlage_home(l),
        "aanhef" => "aanhef".into(),
        "slotformule" => "slot".into(),
        other => panic!("unknown unit kind {other}"),
    }
}

/// "Bijlage behorende bij artikel 14b, vijfde lid" → "bijlage.art14b.lid5".
fn bijlage_home(l: &str) -> String {
    let rest = l.split("artikel ").nth(1).unwrap_or("");
    let (nr, lid) = rest.split_once(", ").unwrap_or((rest, ""));
    let n = ORDINALS
        .iter()
        .position(|o| lid.starts_with(o))
        .map(|i| i + 1)
        .unwrap_or(0);
    format!("bijlage.art{nr}.lid{n}")
}

/// The home named by a semantic line, if it names one (structure lines mirror the changes).
fn home_of_line(l: &str) -> Option<String> {
    // "Artikel 14, vierde lid (vanaf): …", "Aanhef (…): …", "Slotformule …: …"
    let (place, _) = l.split_once(": ")?;
    if let Some(rest) = place.strip_prefix("Artikel ") {
        let nr: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        return Some(format!("art{nr}"));
    }
    if place.starts_with("Aanhef") {
        return Some("aanhef".into());
    }
    place.starts_with("Slotformule").then(|| "slot".into())
}

/// A unit path of the catalogue as a label of the diff, with the part of it that must differ.
#[derive(Debug)]
struct Target {
    label: String,
    /// The onderdeel letter whose line must differ ("a" for art2.lid3.a).
    line: Option<String>,
    /// Only the article heading (artN.title) or only its body (artN, artN.text).
    title: Option<bool>,
}

fn target(path: &str) -> Target {
    let path = path.split('@').next().unwrap_or(path);
    let parts: Vec<&str> = path.split('.').collect();
    let t = |label: String, line: Option<&str>, title: Option<bool>| Target {
        label,
        line: line.map(str::to_string),
        title,
    };
    match parts.as_slice() {
        [h, "title"] if h.starts_with('H') => t(format!("Hoofdstuk {}", &h[1..]), None, None),
        [a, "title"] => t(format!("Artikel {}", &a[3..]), None, Some(true)),
        [a, "def", term] => t(
            format!("Artikel {}, begrip {}", &a[3..], term.replace('_', " ")),
            None,
            None,
        ),
        [a] => t(format!("Artikel {}", &a[3..]), None, Some(false)),
        [a, "text"] => t(format!("Artikel {}", &a[3..]), None, Some(false)),
        [a, lid] if lid.starts_with("lid") => t(
            format!("Artikel {}, {}", &a[3..], lid_words(&lid[3..])),
            None,
            None,
        ),
        [a, x] => t(format!("Artikel {}", &a[3..]), Some(x), Some(false)),
        [a, lid, x] => t(
            format!("Artikel {}, {}", &a[3..], lid_words(&lid[3..])),
            Some(x),
            None,
        ),
        _ => panic!("unit path not understood: {path}"),
    }
}

fn line_of<'a>(text: &'a str, letter: &str) -> Option<&'a str> {
    text.lines().find(|l| l.starts_with(&format!("{letter}. ")))
}

/// Whether a changed unit differs where the target says.
fn differs_at(c: &Value, t: &Target) -> bool {
    let (was, wordt) = (text(&c["was"]), text(&c["wordt"]));
    if let Some(letter) = &t.line {
        return line_of(was, letter) != line_of(wordt, letter);
    }
    match t.title {
        Some(true) => was.lines().next() != wordt.lines().next(),
        Some(false) => was.lines().skip(1).ne(wordt.lines().skip(1)),
        None => was != wordt,
    }
}

/// A unit that keeps its number but is replaced by another text (a lid that "komt te luiden").
fn replaced(c: &Value) -> bool {
    soort(c) == "gewijzigd" && similarity(text(&c["was"]), text(&c["wordt"])) < 0.5
}

struct Checker<'a> {
    changes: Vec<&'a Value>,
    semantic: Vec<&'a str>,
    names: BTreeMap<String, String>,
    failures: Vec<String>,
}

impl Checker<'_> {
    fn fail(&mut self, onderdeel: &str, what: String) {
        self.failures.push(format!("{onderdeel}: {what}"));
    }

    fn has_line(&self, needle: &str) -> bool {
        self.semantic.iter().any(|l| l.contains(needle))
    }

    fn slot(&self, id: &str) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn changed(&mut self, o: &str, path: &str) {
        let t = target(path);
        let ok = changes_of(&self.changes, &t.label)
            .iter()
            .any(|c| matches!(soort(c), "gewijzigd" | "vernummerd") && differs_at(c, &t));
        if !ok {
            self.fail(o, format!("{path} ({}) is not reported changed", t.label));
        }
    }

    fn added(&mut self, o: &str, path: &str) {
        let t = target(path);
        let ok = changes_of(&self.changes, &t.label)
            .iter()
            .any(|c| soort(c) == "toegevoegd" || (path.contains('@') && replaced(c)));
        if !ok {
            self.fail(o, format!("{path} ({}) is not reported added", t.label));
        }
    }

    fn removed(&mut self, o: &str, path: &str) {
        let t = target(path);
        let ok = self.changes.iter().any(|c| {
            label(&c["was"]) == t.label
                && (soort(c) == "vervallen"
                    || (path.contains('@') && replaced(c))
                    || (t.title == Some(false) && differs_at(c, &t)))
        });
        if !ok {
            self.fail(o, format!("{path} ({}) is not reported removed", t.label));
        }
    }

    fn renumbered(&mut self, o: &str, from: &str, to: &str) {
        let (f, t) = (target(from), target(to));
        let ok = self.changes.iter().any(|c| {
            soort(c) == "vernummerd" && label(&c["was"]) == f.label && label(&c["wordt"]) == t.label
        });
        if !ok {
            self.fail(
                o,
                format!("{} → {} is not reported renumbered", f.label, t.label),
            );
        }
    }

    fn changed_after_renumber(&mut self, o: &str, path: &str) {
        let t = target(path);
        let ok = changes_of(&self.changes, &t.label)
            .iter()
            .any(|c| soort(c) == "vernummerd" && c["tekst_gewijzigd"] == Value::Bool(true));
        if !ok {
            self.fail(o, format!("{} is not renumbered with changes", t.label));
        }
    }

    fn semantic_line(&mut self, o: &str, needle: &str) {
        if !self.has_line(needle) {
            self.fail(o, format!("no semantic line contains {needle:?}"));
        }
    }

    fn onderdeel(&mut self, o: &str, spec: &serde_yaml_ng::Value, expected: &mut BTreeSet<String>) {
        let list = |k: &str| -> Vec<String> {
            spec.get(k)
                .and_then(|v| v.as_sequence())
                .map(|s| {
                    s.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        if let Some(t) = spec.get("target").and_then(|v| v.as_str()) {
            expected.insert(t.to_string());
        }
        for p in list("changed") {
            self.changed(o, &p);
        }
        for p in list("added") {
            if let Some(b) = p.strip_prefix("bijlage.") {
                let home = format!("bijlage.{b}");
                expected.insert(home.clone());
                let ok = self
                    .changes
                    .iter()
                    .any(|c| soort(c) == "toegevoegd" && home_of_unit(unit(c)) == home);
                if !ok {
                    self.fail(o, format!("{p} is not reported added"));
                }
                continue;
            }
            self.added(o, &p);
        }
        for p in list("removed") {
            self.removed(o, &p);
        }
        for p in list("optional_added") {
            let id = p.clone();
            self.semantic_line(o, &format!("{}: facultatieve", semantic_place(&id)));
        }
        for id in list("slots_added") {
            let id = self.slot(&id);
            self.semantic_line(o, &format!("{}: invulplek toegevoegd", semantic_place(&id)));
        }
        for id in list("slots_relabelled") {
            let id = self.slot(&id);
            self.semantic_line(o, &format!("{}: label ", semantic_place(&id)));
        }
        match spec.get("slots_removed") {
            Some(serde_yaml_ng::Value::Number(n)) => {
                let home = spec.get("target").and_then(|v| v.as_str()).unwrap_or("");
                let count = self
                    .semantic
                    .iter()
                    .filter(|l| l.ends_with(": invulplek vervalt"))
                    .filter(|l| home_of_line(l).as_deref() == Some(home))
                    .count();
                if Some(count as u64) != n.as_u64() {
                    self.fail(
                        o,
                        format!("{count} fill-ins of {home} removed, expected {n:?}"),
                    );
                }
            }
            Some(serde_yaml_ng::Value::Sequence(ids)) => {
                for id in ids.iter().filter_map(|v| v.as_str()) {
                    self.semantic_line(o, &format!("{}: invulplek vervalt", semantic_place(id)));
                }
            }
            _ => {}
        }
        if let Some(m) = spec.get("renumbered").and_then(|v| v.as_mapping()) {
            for (from, to) in m {
                if let (Some(f), Some(t)) = (from.as_str(), to.as_str()) {
                    self.renumbered(o, f, t);
                }
            }
        }
        for p in list("changed_after_renumber") {
            self.changed_after_renumber(o, &p);
        }
        if let Some(a) = spec.get("removed_article").and_then(|v| v.as_str()) {
            let t = target(a);
            self.semantic_line(o, &format!("{} vervallen (het nummer blijft)", t.label));
        }
        for v in list("removed_variants") {
            let (art, variant) = v.split_once(".variant").unwrap_or((&v, ""));
            let prefix = format!("Artikel {}, variant {variant}, ", &art[3..]);
            let ok = self
                .changes
                .iter()
                .any(|c| soort(c) == "vervallen" && label(&c["was"]).starts_with(&prefix));
            if !ok {
                self.fail(o, format!("no lid of {v} is reported removed"));
            }
        }
        for a in list("added_articles") {
            expected.insert(a.clone());
            self.added(o, &a);
        }
        if let Some(h) = spec.get("added_chapter").and_then(|v| v.as_str()) {
            expected.insert(h.to_string());
            self.added_heading(o, &format!("Hoofdstuk {}", &h[1..]));
        }
        for p in list("added_paragraphs") {
            expected.insert(p.clone());
            self.added_heading(o, &format!("Paragraaf {p}"));
        }
        if let Some(m) = spec.get("leden").and_then(|v| v.as_mapping()) {
            for (art, n) in m {
                let (Some(art), Some(n)) = (art.as_str(), n.as_u64()) else {
                    continue;
                };
                self.leden_added(o, &art[3..], n);
            }
        }
        if let Some(after) = spec.get("inserted_after").and_then(|v| v.as_str()) {
            self.inserted_after(o, after, &list("added_articles"));
        }
    }

    fn added_heading(&mut self, o: &str, l: &str) {
        if !changes_of(&self.changes, l)
            .iter()
            .any(|c| soort(c) == "toegevoegd")
        {
            self.fail(o, format!("{l} is not reported added"));
        }
    }

    /// An added article with `n` leden; an article of one unnumbered paragraph has none and
    /// its text below the heading.
    fn leden_added(&mut self, o: &str, art: &str, n: u64) {
        let leden = self
            .changes
            .iter()
            .filter(|c| soort(c) == "toegevoegd")
            .filter(|c| c["wordt"]["eenheid"] == "lid" && c["wordt"]["article"] == art)
            .count() as u64;
        let paragraph = changes_of(&self.changes, &format!("Artikel {art}"))
            .iter()
            .any(|c| text(&c["wordt"]).lines().count() > 1);
        if !(leden == n || (leden == 0 && n == 1 && paragraph)) {
            self.fail(
                o,
                format!("artikel {art}: {leden} leden added, expected {n}"),
            );
        }
    }

    /// The added articles stand after the changes of `after` and before those of the next.
    fn inserted_after(&mut self, o: &str, after: &str, added: &[String]) {
        let position = |pred: &dyn Fn(&Value) -> bool| self.changes.iter().position(|c| pred(c));
        let first_added = added
            .first()
            .and_then(|a| position(&|c| label(unit(c)) == target(a).label));
        let last_of_after = self
            .changes
            .iter()
            .rposition(|c| home_of_unit(unit(c)) == after);
        match (last_of_after, first_added) {
            (Some(l), Some(f)) if l < f => {}
            other => self.fail(o, format!("not inserted after {after}: {other:?}")),
        }
    }
}

#[test]
fn the_diff_reports_exactly_the_units_of_bijlage_1() {
    let v = diff_json();
    let expectation: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&data("vng-2017-to-2023-expectation.yaml"))
            .unwrap_or_else(|e| panic!("expectation: {e}"));
    let differences = data("vng-2017-to-2023-differences.md");
    let extra: Vec<Vec<String>> = table(&differences, "Buiten bijlage 1");
    let names: BTreeMap<String, String> = table(&differences, "Andere namen")
        .into_iter()
        .filter_map(|r| Some((r.first()?.clone(), r.get(1)?.clone())))
        .collect();
    let mut c = Checker {
        changes: changes(&v),
        semantic: semantic(&v),
        names,
        failures: Vec::new(),
    };
    let mut expected: BTreeSet<String> = BTreeSet::new();
    let Some(map) = expectation.as_mapping() else {
        panic!("the expectation is a mapping");
    };
    let onderdelen: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(
        onderdelen.iter().filter(|k| k.len() == 1).count(),
        18,
        "onderdelen A to R"
    );
    for (k, spec) in map {
        let Some(o) = k.as_str().filter(|o| o.len() == 1) else {
            continue;
        };
        c.onderdeel(o, spec, &mut expected);
    }
    // Units the source shows changed outside Bijlage 1: each must really be reported.
    let extra_labels: BTreeSet<&str> = extra
        .iter()
        .filter_map(|r| r.first())
        .map(|s| s.as_str())
        .collect();
    let mut extra_homes = BTreeSet::new();
    for l in &extra_labels {
        match changes_of(&c.changes, l).first() {
            Some(ch) => {
                extra_homes.insert(home_of_unit(unit(ch)));
            }
            None => c.fail("differences", format!("{l} is listed but not reported")),
        }
    }
    // Nothing else: every change and every semantic line stays within the expected units.
    for ch in &c.changes {
        let u = unit(ch);
        let home = home_of_unit(u);
        if !expected.contains(&home) && !extra_labels.contains(label(u)) {
            c.failures
                .push(format!("unexpected: {} ({home})", label(u)));
        }
    }
    for l in &c.semantic {
        if let Some(home) = home_of_line(l) {
            if !expected.contains(&home) && !extra_homes.contains(&home) {
                c.failures.push(format!("unexpected semantic line: {l}"));
            }
        }
    }
    // The units no onderdeel touches.
    if let Some(untouched) = expectation.get("untouched").and_then(|u| u.as_sequence()) {
        for u in untouched.iter().filter_map(|u| u.as_str()) {
            let home = match u.strip_suffix(".title") {
                Some(h) => h.to_string(),
                None => u.to_string(),
            };
            for ch in &c.changes {
                let unit = unit(ch);
                if home_of_unit(unit) == home && !extra_labels.contains(label(unit)) {
                    c.failures
                        .push(format!("untouched {u} is reported: {}", label(unit)));
                }
            }
        }
    }
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

/// One row of tests/data/vng-2017-to-2023-atomic.tsv.
struct Atomic {
    id: String,
    soort: String,
    was_label: String,
    label: String,
    was: String,
    wordt: String,
}

fn atomic_rows() -> Vec<Atomic> {
    data("vng-2017-to-2023-atomic.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| f.get(i).copied().unwrap_or("").to_string();
            Atomic {
                id: get(0),
                soort: get(1),
                was_label: get(2),
                label: get(3),
                was: get(4),
                wordt: get(5),
            }
        })
        .collect()
}

/// Whether the words of `fragment` occur in order in the marked words and one of them is marked.
fn marked(words: &[(&str, i8)], fragment: &str) -> bool {
    let f: Vec<&str> = fragment.split_whitespace().collect();
    if f.is_empty() {
        return true;
    }
    words
        .windows(f.len())
        .any(|w| w.iter().map(|(x, _)| *x).eq(f.iter().copied()) && w.iter().any(|(_, k)| *k != 0))
}

fn contains(text: &str, fragment: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    norm(text).contains(&norm(fragment))
}

#[test]
fn each_of_the_88_atomic_changes_is_found() {
    let v = diff_json();
    let cs = changes(&v);
    let sem = semantic(&v);
    let rows = atomic_rows();
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 88, "the catalogue counts 88 atomic changes");
    let mut failures = Vec::new();
    for r in &rows {
        let found = match r.soort.as_str() {
            "gewijzigd" | "vernummerd" => changes_of(&cs, &r.label).iter().any(|c| {
                let kind_ok = if r.soort == "vernummerd" {
                    soort(c) == "vernummerd" && label(&c["was"]) == r.was_label
                } else {
                    matches!(soort(c), "gewijzigd" | "vernummerd")
                };
                let (o, n) = word_diff(text(&c["was"]), text(&c["wordt"]));
                let unchanged_ok = !(r.was.is_empty() && r.wordt.is_empty())
                    || c["tekst_gewijzigd"] == Value::Bool(false);
                kind_ok && unchanged_ok && marked(&o, &r.was) && marked(&n, &r.wordt)
            }),
            "toegevoegd" => changes_of(&cs, &r.label)
                .iter()
                .any(|c| soort(c) == "toegevoegd" && contains(text(&c["wordt"]), &r.wordt)),
            "vervallen" => changes_of(&cs, &r.label)
                .iter()
                .any(|c| soort(c) == "vervallen" && contains(text(&c["was"]), &r.was)),
            "semantisch" => sem.iter().any(|l| l.contains(&r.wordt)),
            other => panic!("{}: unknown soort {other}", r.id),
        };
        if !found {
            failures.push(format!(
                "{} {} {} | {:?} → {:?}",
                r.id, r.soort, r.label, r.was, r.wordt
            ));
        }
    }
    assert!(failures.is_empty(), "not found:\n{}", failures.join("\n"));
}

#[test]
fn the_2017_to_2023_diff_as_markdown() {
    let (code, out, err) = run(&["diff", OLD, NEW]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(out);
}

/// Issue 18, item 6: onderdeel D of Bijlage 1 marks punctuation that changes in artikel 3,
/// tweede lid: the spatiëring before the comma of onder a and the semicolon of onder c
/// ("van de wet_, de artikelen", "van de wet_;"), and "; of" after onder f. The was-wordt shows
/// each, with the mark on the punctuation and not on the word it closes up to.
#[test]
fn the_punctuation_of_onderdeel_d_is_marked_on_the_punctuation() {
    let (code, out, err) = run(&["diff", OLD, NEW]);
    assert_eq!(code, 1, "{err}");
    let row = out
        .lines()
        .find(|l| l.starts_with("| Artikel 3, tweede lid |"))
        .unwrap_or_else(|| panic!("no row for artikel 3, tweede lid:\n{out}"));
    let cells: Vec<&str> = row.split(" | ").collect();
    let (was, wordt) = (cells[1], cells[2]);
    for (cell, fragment) in [
        (was, "artikelen 9 en 17 van de wet ~~,~~ de artikelen 13"),
        (was, "onder 2°, van de wet ~~;~~ d. naar"),
        (
            wordt,
            "artikelen 9 en 17 van de wet<b>,</b> de artikelen 13",
        ),
        (wordt, "onder 2°, van de wet<b>;</b> d. **de**"),
        (wordt, "aangeboden voorziening; **of** g."),
    ] {
        assert!(cell.contains(fragment), "missing {fragment:?} in\n{cell}");
    }
    // The word itself is unchanged: no mark on "wet".
    assert!(!row.contains("~~wet~~") && !row.contains("**wet"), "{row}");
    // The same in HTML.
    let (_, html, _) = run(&["diff", "--format", "html", OLD, NEW]);
    for fragment in [
        "van de wet <del>,</del> de artikelen 13",
        "van de wet<ins>,</ins> de artikelen 13",
        "van de wet <del>;</del> d.",
        "van de wet<ins>;</ins> d.",
    ] {
        assert!(html.contains(fragment), "missing {fragment:?} in the HTML");
    }
}

#[test]
fn the_2017_to_2023_diff_as_json() {
    // As text: insta's JSON serialiser writes a number of serde_json's arbitrary precision
    // (`"versie": 2`) as its private token.
    insta::assert_snapshot!(serde_json::to_string_pretty(&diff_json()).unwrap());
}

#[test]
fn both_versions_check_clean() {
    for f in [OLD, NEW] {
        let (code, _, err) = run(&["check", "--deny-warnings", f]);
        assert_eq!(code, 0, "{f}: {err}");
    }
}

#[test]
fn a_case_is_evaluated_against_the_model_in_force_on_its_peildatum() {
    let (code, out, err) = run(&[
        "eval",
        "ordinances/vng/",
        "tests/fixtures/geschiedenis/casus-2020.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("vergoeding van een no-riskpolis") && !out.contains("proefplaats"),
        "{out}"
    );
    let (code, out, err) = run(&[
        "eval",
        "ordinances/vng/",
        "tests/fixtures/geschiedenis/casus-2024.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("(proefplaats)") && !out.contains("(no_riskpolis)"),
        "{out}"
    );
}

/// The 2017 model's article 12 has two variants; an ordinance adopts exactly one, and only
/// that one counts in the text and in the rules.
#[test]
fn an_ordinance_adopts_one_variant_of_an_article() {
    let (code, _, err) = run(&["check", "tests/fixtures/geschiedenis/varianten-een.vo"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["check", "tests/fixtures/geschiedenis/varianten-beide.vo"]);
    assert_eq!(code, 1);
    let report = format!("{out}{err}");
    assert!(report.contains("neem er precies één over"), "{report}");
    let (_, text, _) = run(&["render", "tests/fixtures/geschiedenis/varianten-een.vo"]);
    assert!(text.contains("Een werkgever komt in aanmerking"), "{text}");
    assert!(
        !text.contains("Het college kan werkgevers") && !text.contains("*Variant"),
        "{text}"
    );
    let (code, out, err) = run(&[
        "eval",
        "tests/fixtures/geschiedenis/varianten-een.vo",
        "tests/fixtures/geschiedenis/casus-varianten.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    // Variant 2 says "komt in aanmerking" (kent toe): a duty, not the discretion of variant 1.
    assert!(
        out.contains("(no_riskpolis): toekennen (verplicht)"),
        "{out}"
    );
}
