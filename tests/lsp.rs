//! The language server, driven as an editor drives it: `verordening lsp` as a child process,
//! JSON-RPC over its stdin and stdout, with a small LSP client written here. Expected
//! positions are computed by the test from the fixture texts (UTF-16 columns), not taken from
//! the server.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use lsp_types::Url;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// Long enough for a debug build on a busy machine; a hang fails instead of blocking forever.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications that arrived while waiting for something else.
    pending: Vec<Value>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn file(rel: &str) -> PathBuf {
    let p = root().join(rel);
    std::fs::canonicalize(&p).unwrap_or(p)
}

fn uri(path: &Path) -> String {
    Url::from_file_path(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|()| panic!("no file URI for {}", path.display()))
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Read frames from the server's stdout into a channel.
fn reader(out: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.parse::<usize>().ok();
                }
            }
            let Some(n) = length else { return };
            let mut body = vec![0; n];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) => {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
                Err(e) => panic!("the server sent invalid JSON: {e}"),
            }
        }
    });
    rx
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_verordening"))
            .arg("lsp")
            .env_remove("VERORDENING_DOCS_URL")
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start verordening lsp: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        Client {
            child,
            stdin,
            rx: reader(stdout),
            next_id: 0,
            pending: Vec::new(),
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin
            .write_all(bytes)
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to the server: {e}"));
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn next(&mut self) -> Value {
        self.rx
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|e| panic!("no message from the server: {e}"))
    }

    /// Send a request and wait for its response (the whole response object).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&json!(id))
    }

    fn response(&mut self, id: &Value) -> Value {
        loop {
            let m = self.next();
            if m.get("method").is_none() && m.get("id") == Some(id) {
                return m;
            }
            self.pending.push(m);
        }
    }

    /// The result of a request that must succeed.
    fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r.get("result").cloned().unwrap_or(Value::Null)
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification with this method (and matching `pred`), in arrival order.
    fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let wanted = |m: &Value| m["method"] == method && pred(&m["params"]);
        if let Some(i) = self.pending.iter().position(wanted) {
            return self.pending.remove(i)["params"].clone();
        }
        loop {
            let m = self.next();
            if wanted(&m) {
                return m["params"].clone();
            }
            self.pending.push(m);
        }
    }

    /// The next diagnostics published for a document.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let p = self.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn initialize(&mut self) -> Value {
        let r = self.result(
            "initialize",
            json!({"processId": null, "rootUri": uri(&root()), "capabilities": {}}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Open a file with its text from disk; returns (uri, text).
    fn open(&mut self, rel: &str) -> (String, String) {
        let path = file(rel);
        let text = read_text(&path);
        let u = uri(&path);
        self.open_text(&u, &text);
        (u, text)
    }

    fn open_text(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "verordening", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, pos: Value) -> Value {
        self.result(
            method,
            json!({"textDocument": {"uri": uri}, "position": pos}),
        )
    }

    fn hover(&mut self, uri: &str, pos: Value) -> String {
        let h = self.at("textDocument/hover", uri, pos.clone());
        h["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no hover at {pos}: {h}"))
            .to_string()
    }

    fn formatting(&mut self, uri: &str) -> Value {
        self.result(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
    }

    fn completion_labels(&mut self, uri: &str, pos: Value) -> Vec<String> {
        let items = self.at("textDocument/completion", uri, pos);
        items
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["label"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Shut down properly; returns the exit code.
    fn shutdown_and_exit(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(mut self) -> i32 {
        drop(self.stdin);
        let status = self
            .child
            .wait()
            .unwrap_or_else(|e| panic!("the server did not exit: {e}"));
        status.code().unwrap_or(-1)
    }
}

/// The LSP position (UTF-16 column) of the `n`-th character after the start of `needle`.
fn pos(text: &str, needle: &str, chars_in: usize) -> Value {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let offset = start
        + needle
            .char_indices()
            .nth(chars_in)
            .map(|(i, _)| i)
            .unwrap_or(needle.len());
    position(text, offset)
}

fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// The LSP range of `needle` (the first occurrence after `after`).
fn range_of(text: &str, after: &str, needle: &str) -> Value {
    let from = text
        .find(after)
        .unwrap_or_else(|| panic!("`{after}` not in the text"));
    let start = from
        + text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not after `{after}`"));
    json!({"start": position(text, start), "end": position(text, start + needle.len())})
}

/// Replace the URI of the repository with `file:///ROOT` (snapshots do not depend on where the
/// repository is checked out).
fn relative(v: &Value) -> Value {
    let text = v.to_string().replace(&uri(&root()), "file:///ROOT");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// An outline as indented lines: name, detail, line range.
fn outline(symbols: &Value, depth: usize, max_depth: usize, out: &mut String) {
    for s in symbols.as_array().into_iter().flatten() {
        out.push_str(&format!(
            "{}{} | {} | {}-{}\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or("?"),
            s["detail"].as_str().unwrap_or(""),
            s["range"]["start"]["line"],
            s["range"]["end"]["line"],
        ));
        if depth < max_depth {
            outline(&s["children"], depth + 1, max_depth, out);
        }
    }
}

const TESTSTAD: &str = "tests/fixtures/lsp/teststad.vo";
const MODEL: &str = "tests/fixtures/common/model.vo";

#[test]
fn a_session_on_a_fixture() {
    let mut c = Client::start();
    let init = c.initialize();
    let caps = &init["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(caps[cap], true, "{cap}: {init}");
    }
    assert_eq!(
        caps["textDocumentSync"]["change"], 1,
        "full synchronisation"
    );

    // Diagnostics on open: the one error, at the value that breaks the model's bound.
    let (u, text) = c.open(TESTSTAD);
    let model_path = file(MODEL);
    let model_text = read_text(&model_path);
    let model_uri = uri(&model_path);
    let diags = c.diagnostics(&u);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "vo::model-grens");
    // The code links to its page, as SARIF's helpUri does: by default the page in the source
    // tree this binary was built from.
    let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
    assert!(
        href.starts_with("file://") && href.ends_with("/docs/diagnostics/model-grens.md"),
        "{d}"
    );
    let page = lsp_types::Url::parse(href)
        .ok()
        .and_then(|u| u.to_file_path().ok());
    assert!(page.is_some_and(|p| p.is_file()), "{href}");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"], range_of(&text, "art14b.lid4.weken", "20 weken"));
    let related = &d["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], model_uri.as_str());
    assert_eq!(
        related["range"],
        range_of(&model_text, "invulling weken", "13 weken")
    );
    insta::assert_snapshot!(
        "diagnostics_of_the_fixture",
        pretty(&relative(&Value::from(diags)))
    );

    // Hover on a slot id in a fill: kind, label, example, the value, and the legal text with
    // the value filled in.
    let h = c.hover(&u, pos(&text, "art8.lid3.bedrag = ", 3));
    assert!(h.contains("**invulplek** `art8.lid3.bedrag`"), "{h}");
    assert!(h.contains("Label *bedrag*"), "{h}");
    assert!(h.contains("voorbeeld `€ 100`"), "{h}");
    assert!(h.contains("**Ingevuld:** `€ 100`"), "{h}");
    assert!(
        h.contains("3. De premie bedraagt € 100 per zes maanden."),
        "{h}"
    );
    insta::assert_snapshot!("hover_on_a_slot_id", h);

    // Hover on a `{placeholder}` in a tekst: the slot it names.
    let h = c.hover(&u, pos(&text, "{art8.lid3.bedrag}", 5));
    assert!(h.contains("**invulplek** `art8.lid3.bedrag`"), "{h}");

    // Hover on a cross-reference in legal text: the lid's text as published.
    let hover = c.at(
        "textDocument/hover",
        &u,
        pos(&text, "artikel 8, derde lid", 8),
    );
    let h = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(h.contains("### Artikel 8. Participatieplaats"), "{h}");
    assert!(
        h.contains("3. De premie bedraagt € 100 per zes maanden."),
        "{h}"
    );
    assert_eq!(
        hover["range"],
        range_of(&text, "bedoeld in", "8, derde lid")
    );
    insta::assert_snapshot!("hover_on_a_cross_reference", h);

    // Hover on a reference to an oordeel and on a voorziening.
    let h = c.hover(&u, pos(&text, "verdringing en", 2));
    assert!(h.contains("**oordeel** `verdringing`: ja/nee"), "{h}");
    assert!(h.contains("leidt de voorziening tot verdringing?"), "{h}");
    let h = c.hover(&u, pos(&text, "premie als", 1));
    assert!(h.contains("**voorziening** `premie`"), "{h}");
    assert!(
        h.contains("De premie bedraagt € 100 per zes maanden."),
        "{h}"
    );

    // Go to definition: slot id → the slot in the model.
    let def = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "art8.lid3.bedrag = ", 10),
    );
    assert_eq!(def["uri"], model_uri.as_str());
    assert_eq!(
        def["range"],
        range_of(&model_text, "invulling bedrag", "bedrag")
    );
    // "artikel 8, derde lid" in a text → that lid.
    let def = c.at("textDocument/definition", &u, pos(&text, "8, derde lid", 6));
    assert_eq!(def["uri"], model_uri.as_str());
    let lid3 = model_text
        .find("lid 3 {\n    tekst \"De premie")
        .unwrap_or(0);
    let lid3_end = lid3 + model_text[lid3..].find("\n  }").unwrap_or(0) + "\n  }".len();
    assert_eq!(def["range"]["start"], position(&model_text, lid3));
    assert_eq!(def["range"]["end"], position(&model_text, lid3_end));
    // A name → its declaration; an option → its `optie`; "het eerste lid" → this article's lid.
    let def = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "verdringing en", 0),
    );
    assert_eq!(
        def["range"],
        range_of(&model_text, "oordeel verdringing", "verdringing")
    );
    let def = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "= werkervaring", 3),
    );
    assert_eq!(
        def["range"],
        range_of(&model_text, "optie werkervaring", "werkervaring")
    );
    let def = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "Het eerste lid", 6),
    );
    assert_eq!(def["uri"], u.as_str());
    assert_eq!(def["range"]["start"], pos(&text, "lid 1 {", 0));

    // Completion: the options of a choice, slot ids, fact and oordeel names.
    let typing = text.replace(
        "keuze art14a.lid2.doel = werkervaring",
        "keuze art14a.lid2.doel = ",
    );
    c.change(&u, 2, &typing);
    let labels = c.completion_labels(&u, pos(&typing, "keuze art14a.lid2.doel = ", 25));
    assert_eq!(labels, vec!["werkervaring", "inschakeling"]);
    let diags = c.diagnostics(&u);
    assert!(
        diags.iter().any(|d| d["code"] == "vo::syntaxis"),
        "an unfinished line is a syntax error: {diags:?}"
    );
    let typing = format!("{text}invulling ");
    c.change(&u, 3, &typing);
    let end = position(&typing, typing.len());
    let labels = c.completion_labels(&u, end);
    assert!(
        labels.contains(&"art8.lid3.bedrag".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.iter().all(|l| l != "art4"),
        "only fill-ins: {labels:?}"
    );
    let typing = text.replace("als verdringing en", "als ");
    c.change(&u, 4, &typing);
    let labels = c.completion_labels(&u, pos(&typing, "premie als ", 11));
    for name in ["verdringing", "persoon.leeftijd", "persoon.uitkering"] {
        assert!(labels.contains(&name.to_string()), "{name}: {labels:?}");
    }

    // didChange producing new diagnostics: a value of the wrong kind.
    let wrong = text.replace("art8.lid3.bedrag = € 100", "art8.lid3.bedrag = 8 weken");
    c.change(&u, 5, &wrong);
    let diags = loop {
        // Diagnostics of the earlier changes may still be on their way.
        let p = c.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == u.as_str()
        });
        if p["version"] == 5 {
            break p["diagnostics"].as_array().cloned().unwrap_or_default();
        }
    };
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"vo::soort"), "{diags:?}");
    let soort = diags
        .iter()
        .find(|d| d["code"] == "vo::soort")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        soort["range"],
        range_of(&wrong, "art8.lid3.bedrag", "8 weken")
    );

    // The outline of the model: hoofdstuk/artikel → lid, with its fill-ins.
    c.open(MODEL);
    let symbols = c.result(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": model_uri}}),
    );
    let mut text_outline = String::new();
    outline(&symbols, 0, 3, &mut text_outline);
    insta::assert_snapshot!("outline_of_the_test_model", text_outline);

    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn formatting_gives_the_canonical_layout_and_refuses_broken_files() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("tests/fixtures/lsp/opmaak.vo");
    let edits = c.formatting(&u);
    let edits = edits.as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 1, "one edit replacing the document: {edits:?}");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(edits[0]["range"]["end"], position(&text, text.len()));
    let formatted = edits[0]["newText"].as_str().unwrap_or("").to_string();
    assert!(
        formatted.contains("# zes maanden, zoals het voorbeeld"),
        "comments stay"
    );
    insta::assert_snapshot!("formatted_fixture", formatted);

    // Formatted text needs no edits.
    c.change(&u, 2, &formatted);
    let edits = c.formatting(&u);
    assert_eq!(edits, json!([]));

    // A file with a syntax error is left alone, and the user is told why.
    c.change(&u, 3, &formatted.replace("€ 100", "€"));
    let edits = c.formatting(&u);
    assert_eq!(edits, Value::Null);
    let message = c.notification("window/showMessage", |_| true);
    assert!(
        message["message"]
            .as_str()
            .unwrap_or("")
            .contains("syntaxfouten"),
        "{message}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn the_shipped_example_ordinance() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("ordinances/voorbeeld/voorbeeldstad-2023.vo");
    let model_path = file("ordinances/vng/model-2023.vo");
    let model_text = read_text(&model_path);

    // The two advisory warnings the example keeps on purpose (README), on the slots involved.
    let diags = c.diagnostics(&u);
    let mut found: Vec<(String, String, i64)> = diags
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap_or("");
            (
                d["code"].as_str().unwrap_or("").to_string(),
                message.split(':').next().unwrap_or("").to_string(),
                d["severity"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("vo::samenhang-advies".into(), "K58".into(), 2),
            ("vo::samenhang-advies".into(), "K59".into(), 2),
        ],
        "{diags:?}"
    );
    for d in &diags {
        let start = &d["range"]["start"];
        let line = text
            .lines()
            .nth(start["line"].as_u64().unwrap_or(0) as usize)
            .unwrap_or("");
        assert!(
            line.starts_with("overgenomen") || line.starts_with("keuze"),
            "a constraint's warning points at a decision of the ordinance: {line}"
        );
    }

    // Hover on a fill: the value as written (a formula), and the article's legal text.
    let h = c.hover(&u, pos(&text, "invulling art8.lid3.bedrag", 12));
    assert!(
        h.contains(
            "**Ingevuld:** `indien participatieplaats.uren_per_week >= 16 dan € 150 anders € 100`"
        ),
        "{h}"
    );
    assert!(h.contains("### Artikel 8. Participatieplaats"), "{h}");
    assert!(
        h.contains("De premie, bedoeld in artikel 10a, zesde lid, van de wet bedraagt"),
        "{h}"
    );

    // Hover on a choice: the options, what was chosen, the text with that option.
    let h = c.hover(&u, pos(&text, "keuze art14h.lid2.regiem", 8));
    assert!(h.contains("**Gekozen:** `jaarpercentages`"), "{h}");
    assert!(h.contains("### Artikel 14h. Jobcoaching"), "{h}");
    assert!(
        h.contains("15%, 10% en 5%"),
        "the filled-in percentages: {h}"
    );

    // Definition of a slot id: its declaration in the model, in artikel 8.
    let def = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "invulling art8.lid3.bedrag", 14),
    );
    assert_eq!(def["uri"], uri(&model_path).as_str());
    let art8 = model_text.find("artikel 8 \"").unwrap_or(0);
    let name = art8 + model_text[art8..].find("invulling bedrag").unwrap_or(0) + "invulling ".len();
    assert_eq!(
        def["range"],
        json!({"start": position(&model_text, name), "end": position(&model_text, name + "bedrag".len())})
    );

    // Completion of the options of a choice.
    let typing = text.replace(
        "keuze art14h.lid2.regiem = jaarpercentages",
        "keuze art14h.lid2.regiem = ",
    );
    c.change(&u, 2, &typing);
    let labels = c.completion_labels(&u, pos(&typing, "keuze art14h.lid2.regiem = ", 27));
    assert_eq!(labels, vec!["regiems", "jaarpercentages", "halfjaren"]);

    // The model's outline: hoofdstuk → paragraaf → artikel.
    let model_uri = uri(&model_path);
    c.open_text(&model_uri, &model_text);
    // In the model: a begrip with its legal definition; "het eerste lid" in a text.
    let h = c.hover(&model_uri, pos(&model_text, "begrip doelgroep", 9));
    assert!(h.contains("**begrip** `doelgroep`"), "{h}");
    assert!(
        h.contains(
            "*doelgroep*: personen als bedoeld in artikel 7, eerste lid, onder a, van de wet"
        ),
        "{h}"
    );
    assert!(h.contains("In regels: `persoon.doelgroep`"), "{h}");
    let h = c.hover(
        &model_uri,
        pos(&model_text, "in het eerste lid bedoelde", 9),
    );
    assert!(h.contains("Artikel 5. Sociale activering"), "{h}");
    assert!(
        h.contains(
            "1. Het college kan een persoon die behoort tot de doelgroep activiteiten aanbieden"
        ),
        "{h}"
    );

    let symbols = c.result(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": model_uri}}),
    );
    let mut text_outline = String::new();
    outline(&symbols, 0, 2, &mut text_outline);
    let chapters: Vec<&str> = text_outline
        .lines()
        .filter(|l| l.starts_with("Hoofdstuk"))
        .collect();
    assert_eq!(chapters.len(), 5, "{text_outline}");
    assert!(
        text_outline.contains("Hoofdstuk 3A |")
            && text_outline
                .contains("\n  Paragraaf 3A.1 | Administratief proces loonkostensubsidie")
            && text_outline
                .contains("\n    Artikel 14b | Specifiek aanvraagproces loonkostensubsidie"),
        "{text_outline}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn an_open_model_buffer_is_what_the_ordinance_is_checked_against() {
    let mut c = Client::start();
    c.initialize();
    let (u, _) = c.open(TESTSTAD);
    assert_eq!(c.diagnostics(&u).len(), 1);
    // An unsaved edit of the model lifts the bound: the ordinance is clean.
    let model_path = file(MODEL);
    let model_uri = uri(&model_path);
    let loosened = read_text(&model_path).replace("grens <= 13 weken", "grens <= 26 weken");
    c.open_text(&model_uri, &loosened);
    let diags = c.diagnostics(&u);
    assert_eq!(diags, Vec::<Value>::new());
    // Closing the buffer: back to the model on disk.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": model_uri}}),
    );
    let closed = c.diagnostics(&model_uri);
    assert_eq!(
        closed,
        Vec::<Value>::new(),
        "a closed document's diagnostics are cleared"
    );
    let diags = c.diagnostics(&u);
    assert_eq!(diags.len(), 1, "{diags:?}");
    // A syntax error in the open model is shown once, on the header line naming the model.
    let broken =
        read_text(&model_path).replace("artikel 8 \"Participatieplaats\" {", "artikel 8 {");
    c.open_text(&model_uri, &broken);
    let diags = c.diagnostics(&u);
    let on_header: Vec<&Value> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 4)
        .collect();
    assert_eq!(on_header.len(), 1, "{diags:?}");
    assert!(
        on_header[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("model.vo` bevat 1 fout(en)"),
        "{diags:?}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn malformed_input_does_not_stop_the_server() {
    let mut c = Client::start();
    // Before initialize: refused, not crashed.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    // Not JSON; JSON that is not a message; a header without a length.
    c.send_raw(b"Content-Length: 5\r\n\r\n{nee}");
    let r = c.response(&Value::Null);
    assert_eq!(r["error"]["code"], -32700, "{r}");
    c.send(&json!({"jsonrpc": "2.0", "id": 99, "foo": 1}));
    let r = c.response(&json!(99));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.send_raw(b"Content-Type: x\r\n\r\n");
    let r = c.response(&Value::Null);
    assert_eq!(r["error"]["code"], -32700, "{r}");

    c.initialize();
    let r = c.request("textDocument/hover", json!("geen parameters"));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request("textDocument/bestaatNiet", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600, "a second initialize: {r}");
    // A notification with nonsense parameters is ignored.
    c.notify("textDocument/didOpen", json!({"textDocument": 5}));

    // Texts no editor should send still get diagnostics and answers.
    let texts = [
        String::new(),
        "\u{0}\u{1}€€€ 𝄞".to_string(),
        "(".repeat(5000),
        "verordening \"x\" { model \"../../../../../../etc/passwd\" }\n".to_string(),
        format!("artikel 1 \"{}\n", "\"".repeat(100)),
        "# alleen commentaar\r\n\r\n".to_string(),
    ];
    let u = uri(&root().join("tests/fixtures/lsp/naamloos.vo"));
    c.open_text(&u, "");
    for (i, t) in texts.iter().enumerate() {
        c.change(&u, i as i64 + 2, t);
        for p in [
            json!({"line": 0, "character": 0}),
            json!({"line": 0, "character": 3}),
            json!({"line": 99, "character": 99}),
        ] {
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                let r = c.request(method, json!({"textDocument": {"uri": u}, "position": p}));
                assert!(r.get("error").is_none(), "{method} on {t:?}: {r}");
            }
        }
        let r = c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    let last = c.notification("textDocument/publishDiagnostics", |p| {
        p["version"] == texts.len() as i64 + 1
    });
    assert_eq!(last["uri"], u.as_str());
    // `exit` without `shutdown`: exit code 1, as the protocol says.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn any_text_and_any_position_gets_an_answer() {
    const SNIPPETS: &[&str] = &[
        "{",
        "}",
        "\"",
        "\n",
        "artikel ",
        "lid 1 { ",
        "keuze art14a.lid2.doel = ",
        "invulling ",
        "€",
        "𝄞",
        "ë",
        "#",
        "=",
        " als ",
        "{art8.lid3.bedrag}",
        "(",
        "overgenomen(",
        ", ",
        "facultatief ",
        "tekst \"artikel 14b, derde lid",
        "\r\n",
    ];
    let mut c = Client::start();
    c.initialize();
    let (u, base) = c.open(TESTSTAD);
    let mut rng = Lcg(2023);
    for version in 2..42 {
        // Mutate: delete a range, insert snippets, at character boundaries.
        let mut text = base.clone();
        for _ in 0..1 + rng.next(4) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let at = chars
                .get(rng.next(chars.len()))
                .map(|(i, _)| *i)
                .unwrap_or(0);
            if rng.next(2) == 0 {
                let len = rng.next(40);
                let end = text[at..]
                    .char_indices()
                    .nth(len)
                    .map(|(i, _)| at + i)
                    .unwrap_or(text.len());
                text.replace_range(at..end, "");
            } else {
                text.insert_str(at, SNIPPETS[rng.next(SNIPPETS.len())]);
            }
        }
        c.change(&u, version, &text);
        let lines = text.lines().count().max(1);
        for _ in 0..6 {
            let p = json!({"line": rng.next(lines + 2), "character": rng.next(120)});
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                let r = c.request(method, json!({"textDocument": {"uri": u}, "position": p}));
                assert!(
                    r.get("error").is_none(),
                    "{method} at {p} on version {version}: {r}\n{text}"
                );
            }
        }
        for method in ["textDocument/documentSymbol", "textDocument/formatting"] {
            let r = c.request(method, json!({"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": true}}));
            assert!(
                r.get("error").is_none(),
                "{method} on version {version}: {r}\n{text}"
            );
        }
    }
    let last = c.notification("textDocument/publishDiagnostics", |p| p["version"] == 41);
    assert_eq!(last["uri"], u.as_str());
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Every keyword of the grammar is highlighted by the VS Code extension's TextMate grammar, so
/// the two cannot drift apart.
#[test]
fn the_textmate_grammar_covers_every_keyword() {
    let pest = read_text(&root().join("grammar/verordening.pest"));
    let mut keywords = Vec::new();
    for line in pest.lines().filter(|l| l.starts_with("kw_")) {
        let Some((_, rule)) = line.split_once("@{") else {
            continue;
        };
        // `("beëindigen" | "beeindigen")`: every quoted word.
        for (i, part) in rule.split('"').enumerate() {
            if i % 2 == 1 {
                keywords.push(part.to_string());
            }
        }
    }
    assert!(
        keywords.len() > 70,
        "keywords read from the grammar: {keywords:?}"
    );

    let grammar_path = root().join("editors/vscode/syntaxes/verordening.tmLanguage.json");
    let grammar: Value = serde_json::from_str(&read_text(&grammar_path))
        .unwrap_or_else(|e| panic!("{}: {e}", grammar_path.display()));
    // Words in the patterns of every rule whose scope is a keyword.
    let mut highlighted = std::collections::BTreeSet::new();
    fn collect(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                let is_keyword = map.get("name").and_then(Value::as_str).is_some_and(|n| {
                    n.starts_with("keyword")
                        || n.starts_with("storage")
                        || n.starts_with("constant.language")
                });
                if is_keyword {
                    if let Some(m) = map.get("match").and_then(Value::as_str) {
                        for w in m.split(|c: char| !(c.is_alphanumeric() || c == 'ë')) {
                            if !w.is_empty() {
                                out.insert(w.to_string());
                            }
                        }
                    }
                }
                map.values().for_each(|x| collect(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&grammar, &mut highlighted);
    let missing: Vec<&String> = keywords
        .iter()
        .filter(|k| !highlighted.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords not highlighted by the TextMate grammar: {missing:?}"
    );
}

/// Hovering the declaration of a begrip shows its text, also when it has no formal definition
/// (`begrip wet "Participatiewet"` in the VNG model: text only, used in no rule).
#[test]
fn hover_on_a_begrip_without_a_definition_shows_its_text() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("tests/fixtures/lsp/begrippen.vo");
    let h = c.hover(&u, pos(&text, "  begrip wet \"", 10));
    assert!(h.contains("**begrip** `wet`"), "{h}");
    assert!(h.contains("*wet*: Participatiewet"), "{h}");
    insta::assert_snapshot!("hover_on_a_begrip_without_a_definition", h);
    // A begrip with a definition still shows that.
    let h = c.hover(&u, pos(&text, "begrip jongere", 8));
    assert!(
        h.contains("*jongere*: een persoon jonger dan 27 jaar"),
        "{h}"
    );
    assert!(h.contains("In regels: `persoon.leeftijd < 27 jaar`"), "{h}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A defect of the adopted text (issue 21, item 1): the language server shows the warning
/// `vo::verwijzing`, and with an acknowledgement the reason as related information.
#[test]
fn a_defect_of_the_adopted_text_is_a_warning_with_its_acknowledgement() {
    let mut c = Client::start();
    c.initialize();
    let (u, _) = c.open("tests/fixtures/artikelverwijzing/gebrek.vo");
    let diags = c.diagnostics(&u);
    assert_eq!(diags.len(), 3, "{}", pretty(&Value::Array(diags.clone())));
    assert!(diags
        .iter()
        .all(|d| d["code"] == "vo::verwijzing" && d["severity"] == 2));
    let acknowledged = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("artikel 4.15"))
        .unwrap();
    assert!(
        acknowledged.to_string().contains("bedoeld is artikel 4.12"),
        "{}",
        pretty(acknowledged)
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Issue 22, item 4: a citation's meaning through time, in the hover. Zuiderveen's
/// wijzigingsbesluit 2025 (ordinances/zuiderveen/wijzigingsbesluit-2025.wb): "B. Artikel 5.6
/// vervalt." (with retroactive effect to 1 januari 2025) and "D. Artikel 5.7 wordt vernummerd
/// tot artikel 5.6." (in force from 1 juli 2025). So artikel 5.7 (Jobcoaching) is renumbered
/// per 1 juli 2025, and the number 5.6 is vacant from 1 januari to 30 juni 2025 and then holds
/// the jobcoaching text.
#[test]
fn hover_on_an_article_shows_it_through_time() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("ordinances/zuiderveen/reintegratie-2024.vo");
    let h = c.hover(&u, pos(&text, "artikel 5.7 \"Jobcoaching\"", 9));
    assert!(h.contains("Artikel 5.7. Jobcoaching"), "{h}");
    assert!(h.contains("**Door de tijd** (artikel 5.7"), "{h}");
    assert!(
        h.contains("(`reintegratie-2024.vo`, deze versie): Artikel 5.7. Jobcoaching"),
        "{h}"
    );
    assert!(
        h.contains("- vanaf 1 januari 2025 (`reintegratie-2024@2025-01-01.vo`): dezelfde tekst"),
        "{h}"
    );
    assert!(
        h.contains("vernummerd tot artikel 5.6 per 1 juli 2025"),
        "{h}"
    );

    let h = c.hover(&u, pos(&text, "artikel 5.6 \"Scholing\"", 9));
    assert!(h.contains("vervallen per 1 januari 2025"), "{h}");
    assert!(
        h.contains("(`reintegratie-2024@2025-07-01.vo`): andere tekst: Artikel 5.6. Jobcoaching"),
        "{h}"
    );
    insta::assert_snapshot!("hover_through_time", h);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Lists (issue 21, item 7) in the editor: hovering a field in the condition of `kies` or of
/// the chosen entry says whose field it is, going to its definition lands on the list fact,
/// and completion offers the list functions and the chosen entry's fields.
#[test]
fn hover_and_completion_know_the_fields_of_a_list() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("tests/fixtures/lijsten/wachtlijst.vo");
    // `geschikt` in `kies(wachtlijst waarbij geschikt en ...)`: a field of each entry.
    let h = c.hover(&u, pos(&text, "waarbij geschikt en urgentie", 10));
    assert!(h.contains("**veld** `geschikt`: ja/nee"), "{h}");
    assert!(h.contains("Van elke vermelding van `wachtlijst`"), "{h}");
    assert!(h.contains("de personen op de wachtlijst"), "{h}");
    // A key of the order.
    let h = c.hover(&u, pos(&text, "vroegste ingeschreven_op", 10));
    assert!(h.contains("**veld** `ingeschreven_op`: datum"), "{h}");
    // `plek.minimum_urgentie` in the same condition is a fact, not a field.
    let h = c.hover(&u, pos(&text, "plek.minimum_urgentie, vroegste", 2));
    assert!(h.contains("**feit** `plek.minimum_urgentie`"), "{h}");
    // `kandidaat.naam`: the field of the chosen entry, and what happens without one.
    let h = c.hover(&u, pos(&text, "aanbod.aan = kandidaat.naam", 16));
    assert!(h.contains("**veld** `naam`: tekst"), "{h}");
    assert!(h.contains("die `kandidaat` kiest"), "{h}");
    assert!(h.contains("`bestaat(kandidaat)`"), "{h}");
    // Go to definition from a field: the list fact.
    let d = c.at(
        "textDocument/definition",
        &u,
        pos(&text, "aanbod.aan = kandidaat.naam", 16),
    );
    let line = text[..text.find("feit wachtlijst").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(d["range"]["start"]["line"], line, "{d}");
    // Completion in an expression: the list functions and the chosen entry's fields.
    let at_end = pos(&text, "waarde aanbod.aan = ", 20);
    let labels = c.completion_labels(&u, at_end);
    for want in [
        "kies",
        "aantal",
        "bestaat",
        "alle",
        "kandidaat.naam",
        "langst.wachttijd",
    ] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A `{placeholder}` inside a variant (`variant 2 { lid 1 { ... } }`) names the slot of that
/// variant, `art12.variant2.lid1.periode`, as the checker scopes it: the language server's
/// locator once left the variant out of the prefix and found nothing there.
#[test]
fn hover_on_a_placeholder_in_a_variant_finds_the_variants_slot() {
    let mut c = Client::start();
    c.initialize();
    let (u, text) = c.open("tests/fixtures/geschiedenis/varianten-model.vo");
    let h = c.hover(
        &u,
        pos(&text, "{periode} een arbeidsovereenkomst aangaat.\"\n      invulling periode: duur label \"periode\" voorbeeld 6 maanden voorbeeldtekst \"bijvoorbeeld zes maanden\"\n      kent", 3),
    );
    assert!(
        h.contains("**invulplek** `art12.variant2.lid1.periode`"),
        "{h}"
    );
    let h = c.hover(&u, pos(&text, "{verzekeraar}", 3));
    assert!(
        h.contains("**invulplek** `art12.variant2.lid2.verzekeraar`"),
        "{h}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}
