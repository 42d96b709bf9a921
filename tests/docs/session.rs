//! Running one markdown file's blocks, top to bottom, in its own project directory.
//! The conventions are described at the top of tests/docs.rs.

use crate::markdown::Block;
use crate::merge::{candidates, merge, missing_excerpt_line, wrap};
use crate::project::{split_command, windows_1252, Project, Ran};
use std::collections::{BTreeMap, BTreeSet};

/// What `verordening check` must report for a file: exactly these codes (empty: nothing).
#[derive(Debug, Clone, Default)]
struct Expect {
    errors: Vec<String>,
    warnings: Vec<String>,
    /// Notes (level `note`: an excerpt's missing subjects).
    notes: Vec<String>,
}

impl Expect {
    fn of(b: &Block) -> Expect {
        Expect {
            errors: b.info.list("fout"),
            warnings: b.info.list("waarschuwing"),
            notes: b.info.list("opmerking"),
        }
    }

    fn is_clean(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty() && self.notes.is_empty()
    }

    fn set(&self) -> BTreeSet<(String, String)> {
        let e = self.errors.iter().map(|c| (c.clone(), "error".to_string()));
        let w = self
            .warnings
            .iter()
            .map(|c| (c.clone(), "warning".to_string()));
        let n = self.notes.iter().map(|c| (c.clone(), "note".to_string()));
        e.chain(w).chain(n).collect()
    }
}

/// A replacement of a block's content (update mode): lines `open+1..close` of the markdown.
pub struct Update {
    pub open: usize,
    pub close: usize,
    pub text: String,
    pub indent: String,
}

pub struct Session {
    doc: String,
    project: Project,
    /// Files this markdown file wrote, with what the last block that wrote each one expects.
    written: BTreeMap<String, Expect>,
    /// Files written in another encoding (`codering=`), with the text they were written from.
    texts: BTreeMap<String, String>,
    /// The result of the previous block, if it was a `sh` block with one command.
    last: Option<Ran>,
    anon: usize,
    update: bool,
    pub failures: Vec<String>,
    pub updates: Vec<Update>,
}

const ATTRS_VERORDENING: &[&str] = &[
    "bestand",
    "basis",
    "zonder",
    "fout",
    "waarschuwing",
    "opmerking",
    "laag",
    "uit",
    "codering",
];

impl Session {
    /// A session whose project already holds `shared` files (the user guide's example).
    pub fn new(doc: &str, shared: &[(String, Vec<u8>)], update: bool) -> Result<Session, String> {
        let project = Project::new().map_err(|e| format!("{doc}: geen projectmap: {e}"))?;
        for (rel, bytes) in shared {
            project
                .write(rel, bytes)
                .map_err(|e| format!("{doc}: {rel} niet geschreven: {e}"))?;
        }
        Ok(Session {
            doc: doc.to_string(),
            project,
            written: BTreeMap::new(),
            texts: BTreeMap::new(),
            last: None,
            anon: 0,
            update,
            failures: Vec::new(),
            updates: Vec::new(),
        })
    }

    fn fail(&mut self, b: &Block, msg: impl AsRef<str>) {
        self.failures
            .push(format!("{}:{}: {}", self.doc, b.line, msg.as_ref()));
    }

    pub fn block(&mut self, b: &Block) {
        let lang = b.info.lang.as_str();
        if b.info.has("uitvoer") {
            return self.output(b);
        }
        let last = self.last.take();
        match lang {
            "verordening" => self.verordening(b),
            "sh" | "bash" | "shell" | "console" => self.shell(b),
            "yaml" | "yml" | "json" | "jsonl" | "toml" | "xml" | "wijzigingsbesluit" => {
                self.data(b)
            }
            // A misspelt language would switch the checks off without anyone noticing.
            other if other.starts_with("veror") || other == "vo" => {
                self.fail(b, format!("bedoelt u `verordening`? (`{other}`)"))
            }
            // Text, a directory listing, an editor's configuration (lua, jsonc, ...): free.
            _ => self.free(b),
        }
        if lang == "text" && last.is_some() && self.last.is_none() {
            // A plain text block right after a command is probably meant as its output.
            self.fail(
                b,
                "tekst direct na een opdracht: markeer het als `text uitvoer`",
            );
        }
    }

    fn allow(&mut self, b: &Block, attrs: &[&str], flags: &[&str]) -> bool {
        let bad: Vec<String> = b
            .info
            .attrs
            .keys()
            .filter(|k| !attrs.contains(&k.as_str()))
            .cloned()
            .chain(
                b.info
                    .flags
                    .iter()
                    .filter(|f| !flags.contains(&f.as_str()))
                    .cloned(),
            )
            .collect();
        if bad.is_empty() {
            true
        } else {
            self.fail(b, format!("onbekende markering {bad:?}"));
            false
        }
    }

    fn free(&mut self, b: &Block) {
        self.allow(b, &[], &["illustratie"]);
    }

    fn verordening(&mut self, b: &Block) {
        if !self.allow(b, ATTRS_VERORDENING, &["illustratie", "vervang"]) {
            return;
        }
        let laag = b.info.attr("laag").unwrap_or("verordening");
        if b.info.has("illustratie") {
            let parses = candidates(&b.code, laag).iter().any(|c| {
                !verordening::syntax::parse(c, verordening::diagnostics::FileId(0)).has_errors()
            });
            if !parses {
                self.fail(b, format!("illustratie parseert niet:\n{}", b.code));
            }
            return;
        }
        if let Some(src) = b.info.attr("uit") {
            match self.project.read(src) {
                None => self.fail(b, format!("`uit={src}`: bestand bestaat niet")),
                Some(file) => {
                    if let Some(line) = missing_excerpt_line(&b.code, &file) {
                        self.fail(b, format!("deze regel staat niet in {src}: `{line}`"));
                    }
                }
            }
            return;
        }
        let expect = Expect::of(b);
        let named = b.info.attr("bestand").map(str::to_string);
        let zonder = b.info.list("zonder");
        let text = if let Some(base) = b.info.attr("basis") {
            match self
                .texts
                .get(base)
                .cloned()
                .or_else(|| self.project.read(base))
            {
                Some(base_text) => merge(&base_text, &b.code, &zonder),
                None => return self.fail(b, format!("`basis={base}` bestaat niet")),
            }
        } else if !zonder.is_empty() {
            return self.fail(b, "`zonder=` hoort bij `basis=`");
        } else if let Some(name) = &named {
            match (self.written.contains_key(name), self.project.read(name)) {
                (true, Some(_)) if b.info.has("vervang") => b.code.clone(),
                (true, Some(before)) => format!("{before}{}", b.code),
                (false, Some(_)) => {
                    return self.fail(
                        b,
                        format!("{name} bestaat al: gebruik `basis={name}` om het te wijzigen"),
                    )
                }
                _ => b.code.clone(),
            }
        } else {
            wrap(&b.code, laag)
        };
        let rel = match &named {
            Some(n) => n.clone(),
            None => {
                self.anon += 1;
                let dir = b
                    .info
                    .attr("basis")
                    .and_then(|p| p.rsplit_once('/'))
                    .map_or("ordinances/.docs", |(d, _)| d);
                format!("{dir}/.docs-blok-{}.vo", self.anon)
            }
        };
        // A file written in another encoding is read back, as a base, in the text it was
        // written from; any other file is read from disk (a command such as fmt may change it).
        if b.info.attr("codering").is_some() {
            self.texts.insert(rel.clone(), text.clone());
        } else {
            self.texts.remove(&rel);
        }
        let bytes = match b.info.attr("codering") {
            None => text.into_bytes(),
            Some("windows-1252") => match windows_1252(&text) {
                Ok(bytes) => bytes,
                Err(c) => return self.fail(b, format!("`{c}` bestaat niet in windows-1252")),
            },
            Some(other) => return self.fail(b, format!("onbekende codering `{other}`")),
        };
        if let Err(e) = self.project.write(&rel, &bytes) {
            return self.fail(b, format!("{rel} niet geschreven: {e}"));
        }
        match named {
            Some(name) => {
                if !expect.is_clean() {
                    self.expect_check(b.line, &name, &expect);
                }
                self.written.insert(name, expect);
            }
            None => {
                self.expect_check(b.line, &rel, &expect);
                let _ = std::fs::remove_file(self.project.path(&rel));
            }
        }
    }

    fn expect_check(&mut self, line: usize, rel: &str, expect: &Expect) {
        let got = match self.project.check_codes(rel) {
            Ok(g) => g,
            Err(e) => {
                self.failures.push(format!("{}:{line}: {e}", self.doc));
                return;
            }
        };
        if got != expect.set() {
            let want: Vec<_> = expect.set().into_iter().collect();
            let got_list: Vec<_> = got.into_iter().collect();
            let report = self.project.check_report(rel);
            self.failures.push(format!(
                "{}:{line}: verwacht {want:?}, gemeld {got_list:?}\n{report}",
                self.doc
            ));
        }
    }

    fn shell(&mut self, b: &Block) {
        if !self.allow(b, &["exit"], &["illustratie"]) {
            return;
        }
        let exit: i32 = match b.info.attr("exit").map(str::parse) {
            None => 0,
            Some(Ok(n)) => n,
            Some(Err(_)) => return self.fail(b, "`exit=` is geen getal"),
        };
        let mut ran = Vec::new();
        for line in b.code.lines() {
            let line = line.trim().trim_start_matches("$ ");
            let words = split_command(line);
            if words.first().map(String::as_str) != Some("verordening") || b.info.has("illustratie")
            {
                // Other tools (cargo, git) are not run; their mentions are checked elsewhere.
                continue;
            }
            let r = self.project.run(words.get(1..).unwrap_or_default());
            if r.code != exit {
                self.fail(
                    b,
                    format!(
                        "`{line}` eindigde met exit code {} (verwacht {exit}):\n{}",
                        r.code, r.output
                    ),
                );
            }
            ran.push(r);
        }
        self.last = if ran.len() == 1 { ran.pop() } else { None };
    }

    fn output(&mut self, b: &Block) {
        if !self.allow(b, &[], &["uitvoer"]) {
            return;
        }
        let Some(ran) = self.last.take() else {
            return self.fail(
                b,
                "uitvoer zonder een `sh`-blok met één opdracht direct ervoor",
            );
        };
        let shown: Vec<&str> = b
            .code
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !shown.is_empty() && shown.iter().all(|l| *l == "...") {
            return self.fail(b, "uitvoer met alleen `...` toont niets");
        }
        let actual = normalize(&ran.output);
        if excerpt_matches(&b.code, &actual) {
            return;
        }
        let has_gaps = b.code.lines().any(|l| l.trim() == "...");
        if self.update && !has_gaps {
            self.updates.push(Update {
                open: b.open,
                close: b.close,
                text: actual,
                indent: b.indent.clone(),
            });
        } else {
            self.fail(
                b,
                format!(
                    "de uitvoer is anders{}:\n--- in de documentatie\n{}\n--- werkelijk\n{actual}",
                    if has_gaps {
                        ""
                    } else {
                        " (UPDATE_DOCS=1 werkt het bij)"
                    },
                    normalize(&b.code)
                ),
            );
        }
    }

    fn data(&mut self, b: &Block) {
        if !self.allow(b, &["bestand"], &["illustratie", "vervang"]) {
            return;
        }
        if b.info.has("illustratie") {
            return;
        }
        if let Err(e) = parse_data(&b.info.lang, &b.code) {
            self.fail(b, format!("geen geldige {}: {e}", b.info.lang));
        }
        let Some(name) = b.info.attr("bestand").map(str::to_string) else {
            return;
        };
        let text = match (self.written.contains_key(&name), self.project.read(&name)) {
            (true, Some(_)) if b.info.has("vervang") => b.code.clone(),
            (true, Some(before)) => format!("{before}{}", b.code),
            (false, Some(_)) => return self.fail(b, format!("{name} bestaat al")),
            _ => b.code.clone(),
        };
        if let Err(e) = self.project.write(&name, text.as_bytes()) {
            return self.fail(b, format!("{name} niet geschreven: {e}"));
        }
        self.written.insert(name, Expect::default());
    }

    /// The end of the markdown file: every ordinance it wrote must check as its last block
    /// said (clean, unless that block named codes).
    pub fn finish(&mut self) {
        let files: Vec<(String, Expect)> = self
            .written
            .iter()
            .filter(|(n, _)| n.ends_with(".vo"))
            .map(|(n, e)| (n.clone(), e.clone()))
            .collect();
        for (name, expect) in files {
            let before = self.failures.len();
            self.expect_check(0, &name, &expect);
            if let Some(f) = self.failures.get_mut(before..) {
                for msg in f {
                    msg.insert_str(0, &format!("(einde, {name}) "));
                }
            }
        }
    }

    /// The files this markdown file wrote, for other sessions.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.written
            .keys()
            .filter_map(|n| {
                std::fs::read(self.project.path(n))
                    .ok()
                    .map(|b| (n.clone(), b))
            })
            .collect()
    }
}

fn parse_data(lang: &str, code: &str) -> Result<(), String> {
    match lang {
        // A CVDR publication for `verordening import`: not checked here, since the page of
        // vo::import shows a broken one on purpose; the import reads and checks it.
        "xml" => Ok(()),
        // A wijzigingsbesluit (.wb) must parse; whether it applies is for `check` to say.
        "wijzigingsbesluit" => {
            let parsed =
                verordening::syntax::parse_besluit(code, verordening::diagnostics::FileId(0));
            match parsed.diagnostics.first() {
                Some(d) if parsed.besluit.is_none() || d.is_error() => Err(d.message.clone()),
                _ => Ok(()),
            }
        }
        // JSON Lines: every non-empty line one JSON value.
        "jsonl" => code
            .lines()
            .filter(|l| !l.trim().is_empty())
            .try_for_each(|l| serde_json::from_str::<serde_json::Value>(l).map(|_| ()))
            .map_err(|e| e.to_string()),
        "json" => serde_json::from_str::<serde_json::Value>(code)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        "toml" => toml::from_str::<toml::Value>(code)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        _ => serde_yaml_ng::from_str::<serde_yaml_ng::Value>(code)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

/// Output as compared: trailing spaces and trailing blank lines do not count.
pub fn normalize(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines.get(..end).unwrap_or_default().join("\n")
}

/// The shown output equals the real one; a line `...` stands for lines left out.
pub fn excerpt_matches(shown: &str, actual: &str) -> bool {
    let shown = normalize(shown);
    let actual: Vec<&str> = actual.lines().collect();
    let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
    for l in shown.lines() {
        if l.trim() == "..." {
            pieces.push(Vec::new());
        } else if let Some(p) = pieces.last_mut() {
            p.push(l);
        }
    }
    let open_start = pieces.first().is_some_and(Vec::is_empty);
    let open_end = pieces.len() > 1 && pieces.last().is_some_and(Vec::is_empty);
    let pieces: Vec<&Vec<&str>> = pieces.iter().filter(|p| !p.is_empty()).collect();
    let mut pos = 0;
    for (k, piece) in pieces.iter().enumerate() {
        let anchored = k == 0 && !open_start;
        let found = (pos..=actual.len().saturating_sub(piece.len()))
            .take(if anchored { 1 } else { usize::MAX })
            .find(|&i| actual.get(i..i + piece.len()) == Some(piece.as_slice()));
        match found {
            Some(i) => pos = i + piece.len(),
            None => return false,
        }
    }
    open_end || pos == actual.len()
}
