//! The authoring workbench (`verordening serve --bewerken`) in a real browser: headless
//! Chromium (Debian's `chromium`) through chromedriver, on a copy of the project's ordinances
//! in a temporary folder.
//!
//! 1. The handleiding's walk-through (Zandvoorde, docs/handleiding.md §4-5): from the VNG
//!    model to a filled-in ordinance, entered through the form (every statement of the
//!    handleiding becomes a control set in the form), saved; the saved file is equal in
//!    meaning to the handleiding's (no was-wordt between them) and checks clean.
//! 2. A value outside a wet bound shows the diagnostic next to its input, live (the script's
//!    check, without submitting).
//! 3. Round trip: Voorbeeldstad opened and saved without a change gives `fmt`'s bytes.
//! 4. Concurrent saves: the file changed on disk after it was opened; the save is refused,
//!    the was-wordt between the versions is shown, the other edit is still on disk.
//! 5. axe-core finds no WCAG 2.1 AA violation on the form, the source view and the index.
//!
//! Screenshots for docs/werkbank.md are written to docs/werkbank/.
//!
//! `.ci/run` installs chromium, chromium-driver and axe-core; where one is missing the test is
//! skipped with a message, except on CI (`CI` set), where it fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod browser_support;
mod serve_support;

use browser_support::{axe, find, free_port, Driver};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use serve_support::{root, Server};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use verordening::project::Project;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The handleiding's Zandvoorde file: its `bestand=ordinances/zandvoorde/zandvoorde-2023.vo`
/// blocks joined, as tests/docs.rs writes it.
fn handleiding_zandvoorde() -> String {
    let md = std::fs::read_to_string(root().join("docs/handleiding.md")).unwrap();
    let mut out = String::new();
    let mut inside = false;
    for line in md.lines() {
        // The blocks of §4-5 that build the file (later blocks edit it with `basis=`).
        if line.trim_end() == "```verordening bestand=ordinances/zandvoorde/zandvoorde-2023.vo" {
            inside = true;
            continue;
        }
        if inside && line.starts_with("```") {
            inside = false;
            continue;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The statements of a file (lines that decide a slot).
fn statements(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("invulling ")
                || l.starts_with("overgenomen ")
                || l.starts_with("niet overgenomen ")
                || l.starts_with("keuze ")
        })
        .map(str::to_string)
        .collect()
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `29 juni 2023` or `2023-06-29` → `2023-06-29` (what a date picker gives).
fn iso(d: &str) -> String {
    let parts: Vec<&str> = d.split_whitespace().collect();
    if parts.len() == 3 {
        let m = MONTHS.iter().position(|m| *m == parts[1]).unwrap() + 1;
        format!(
            "{}-{m:02}-{:02}",
            parts[2],
            parts[0].parse::<u32>().unwrap()
        )
    } else {
        d.to_string()
    }
}

/// Split a list value at its top-level commas.
fn split_list(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in v.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                cur.push(ch);
            }
            ',' if !quoted => {
                out.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(ch),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn unquote(v: &str) -> String {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .map(|s| s.replace("\\\"", "\""))
        .unwrap_or_else(|| v.to_string())
}

/// Set a field as a jurist would (the script's events are fired once at the end).
async fn set_value(c: &Client, name: &str, values: &[String]) {
    let r = c
        .execute(
            "const els = [...document.getElementsByName(arguments[0])];
             if (!els.length) return 'geen veld';
             const vals = arguments[1];
             if (els.length !== vals.length && !(els.length > 1 && vals.length === 1)) return 'aantal ' + els.length;
             els.forEach((e, i) => { e.value = i < vals.length ? vals[i] : ''; });
             return 'ok';",
            vec![json!(name), json!(values)],
        )
        .await
        .unwrap();
    assert_eq!(r, json!("ok"), "{name} = {values:?}");
}

async fn click_option(c: &Client, name: &str, value: &str) {
    let css = format!("input[name='{name}'][value='{value}']");
    let el = c
        .find(Locator::Css(&css))
        .await
        .unwrap_or_else(|_| panic!("no option {css}"));
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&el).unwrap()],
    )
    .await
    .unwrap();
    el.click().await.unwrap();
}

/// Enter one statement of the handleiding in the form.
async fn enter(c: &Client, stmt: &str) {
    if let Some(rest) = stmt.strip_prefix("invulling ") {
        let (id, value) = rest.split_once(" = ").unwrap();
        let name = format!("w:{id}");
        let kind = c
            .execute(
                "const e = document.getElementsByName(arguments[0]); return e.length ? e[0].type + ':' + e.length : 'geen';",
                vec![json!(name)],
            )
            .await
            .unwrap();
        let kind = kind.as_str().unwrap().to_string();
        // What the jurist types: without the € or the unit the control already shows.
        let affixes = c
            .execute(
                "const e = document.getElementsByName(arguments[0])[0]; const t = x => x && x.classList.contains('eenheid') ? x.textContent : ''; return [t(e.previousElementSibling), t(e.nextElementSibling)];",
                vec![json!(name)],
            )
            .await
            .unwrap();
        let (pre, post) = (
            affixes[0].as_str().unwrap().to_string(),
            affixes[1].as_str().unwrap().to_string(),
        );
        let natural = |v: &str| -> String {
            let mut v = v.trim().to_string();
            if !pre.is_empty() {
                if let Some(r) = v.strip_prefix(&format!("{pre} ")) {
                    v = r.to_string();
                }
            }
            if !post.is_empty() {
                for tail in [format!(" {post}"), post.clone()] {
                    if let Some(r) = v.strip_suffix(tail.as_str()) {
                        if r.chars()
                            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                        {
                            v = r.to_string();
                            break;
                        }
                    }
                }
            }
            v
        };
        let values: Vec<String> = if kind == "date:1" {
            vec![iso(value)]
        } else if kind.ends_with(":1") && split_list(value).len() == 1 {
            vec![natural(&unquote(value))]
        } else if kind.ends_with(":1") {
            vec![value.to_string()]
        } else {
            split_list(value)
                .iter()
                .map(|v| natural(&unquote(v)))
                .collect()
        };
        set_value(c, &name, &values).await;
    } else if let Some(rest) = stmt.strip_prefix("niet overgenomen ") {
        for id in rest.split(", ") {
            click_option(c, &format!("o:{id}"), "nee").await;
        }
    } else if let Some(rest) = stmt.strip_prefix("overgenomen ") {
        for id in rest.split(", ") {
            click_option(c, &format!("o:{id}"), "ja").await;
        }
    } else if let Some(rest) = stmt.strip_prefix("keuze ") {
        let (id, value) = rest.split_once(" = ").unwrap();
        for o in value.split(" en ").flat_map(|p| p.split(", ")) {
            click_option(c, &format!("k:{id}"), o.trim()).await;
        }
    }
}

async fn click_button(c: &Client, label: &str) {
    let b = c
        .find(Locator::XPath(&format!(
            "(//button[normalize-space()='{label}'])[1]"
        )))
        .await
        .unwrap();
    b.click().await.unwrap();
}

async fn wait_for(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let dir = root().join("docs/werkbank");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

async fn scroll_to(c: &Client, css: &str) {
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        vec![json!(css)],
    )
    .await
    .unwrap();
}

/// Scroll the published text beside the form to an article.
async fn show_in_text(c: &Client, heading: &str) {
    c.execute(
        "const a = document.querySelector('aside'); const h = [...a.querySelectorAll('h3')].find(x => x.textContent.startsWith(arguments[0])); if (h) { a.scrollTop += h.getBoundingClientRect().top - a.getBoundingClientRect().top; }",
        vec![json!(heading)],
    )
    .await
    .unwrap();
}

/// The fmt bytes of a file.
fn fmt_of(path: &Path) -> String {
    let src = std::fs::read_to_string(path).unwrap();
    let r = verordening::syntax::parse(&src, verordening::diagnostics::FileId(0));
    verordening::fmt::format_file(&r.file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jurist_fills_in_the_model_in_the_browser() {
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let axe_path = root().join("tests/browser/node_modules/axe-core/axe.min.js");
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromedriver missing on CI: .ci/run installs them"
        );
        eprintln!("browsertest overgeslagen: chromium of chromedriver ontbreekt (apt-get install chromium chromium-driver)");
        return;
    };
    let Ok(axe_source) = std::fs::read_to_string(&axe_path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "axe-core missing on CI: .ci/run runs npm ci in tests/browser"
        );
        eprintln!("browsertest overgeslagen: axe-core ontbreekt (cd tests/browser && npm ci)");
        return;
    };

    // A project folder of its own: the model, the wet and Voorbeeldstad.
    let tmp = tempfile::tempdir().unwrap();
    let folder: PathBuf = tmp.path().canonicalize().unwrap();
    for d in ["vng", "wet", "voorbeeld"] {
        copy_dir(&root().join("ordinances").join(d), &folder.join(d));
    }
    std::fs::write(folder.join("verordening.toml"), "").unwrap();
    let server = Server::start(
        &folder,
        &["--bewerken", "--herlaad-ms", "0", "--max-duur", "120"],
    );

    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = std::env::temp_dir().join(format!("verordening-werkbank-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=nl",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let start = Instant::now();
    let c = loop {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(_) if start.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver: {e}"),
        }
    };
    c.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
        Some(Duration::from_secs(60)),
        Some(Duration::from_secs(300)),
        Some(Duration::from_secs(0)),
    ))
    .await
    .unwrap();

    // The index of the workbench.
    c.goto(&server.url("/bewerken")).await.unwrap();
    axe(&c, &axe_source, "/bewerken").await;

    // 1. The walk-through: a new ordinance from the VNG model of January 2023.
    c.goto(&server.url("/bewerken/nieuw?model=vng/model-2023.vo"))
        .await
        .unwrap();
    wait_for(&c, "form#werkbank").await;
    axe(&c, &axe_source, "the empty form").await;
    screenshot(&c, "1-nieuw.png").await;
    set_value(&c, "bestand", &["zandvoorde/zandvoorde-2023.vo".into()]).await;
    set_value(
        &c,
        "titel",
        &["Re-integratieverordening Participatiewet Zandvoorde 2023".into()],
    )
    .await;
    set_value(&c, "gemeente", &["Zandvoorde".into()]).await;
    set_value(
        &c,
        "citeertitel",
        &["Re-integratieverordening Participatiewet Zandvoorde 2023".into()],
    )
    .await;
    set_value(&c, "geldig_vanaf", &["2023-07-01".into()]).await;
    let expected_text = handleiding_zandvoorde();
    let stmts = statements(&expected_text);
    assert!(stmts.len() > 40, "{stmts:?}");
    for s in &stmts {
        enter(&c, s).await;
    }
    // The live check of the whole form: nothing left to decide, no errors.
    c.execute(
        "document.getElementById('werkbank').dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await
    .unwrap();
    c.wait()
        .at_most(Duration::from_secs(180))
        .for_element(Locator::XPath(
            "//div[@id='open']/p[@class='goed' and contains(., 'Alles is beslist')]",
        ))
        .await
        .unwrap();
    let counts = c
        .find(Locator::Css("#tellers"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(counts.starts_with("0 fout(en)"), "{counts}");
    let published = c
        .find(Locator::Css("#tekst"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        published.contains("De raad van de gemeente Zandvoorde"),
        "{published}"
    );
    assert!(published.contains("€ 100 per zes maanden"), "{published}");
    scroll_to(&c, "#c-art8_lid3_bedrag").await;
    show_in_text(&c, "Artikel 8").await;
    screenshot(&c, "2-ingevuld.png").await;
    click_button(&c, "Bewaar").await;
    wait_for(&c, "div.bericht h2").await;
    let notice = c
        .find(Locator::Css("div.bericht"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("Bewaard"), "{notice}");
    assert!(notice.contains("foutloos"), "{notice}");
    screenshot(&c, "3-bewaard.png").await;

    // The saved file means what the handleiding's file means, and checks clean.
    let saved = folder.join("zandvoorde/zandvoorde-2023.vo");
    let reference = folder.join("zandvoorde/handleiding.vo");
    std::fs::write(&reference, &expected_text).unwrap();
    let mut project = Project::new();
    project.set_directory(Some(&folder));
    let a = project.load(&saved).unwrap();
    let b = project.load(&reference).unwrap();
    for i in [a, b] {
        let diags = verordening::eval::check_document(&project, i);
        assert!(
            !diags.iter().any(|d| d.is_error()),
            "{:?}",
            diags.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
    let d = verordening::diff::diff(&project, b, a);
    assert!(d.is_empty(), "{:?}", d.semantisch);
    std::fs::remove_file(&reference).unwrap();

    // 2. A value outside the wet's bound: the diagnostic appears next to its input, live.
    c.goto(&server.url("/bewerken/zandvoorde/zandvoorde-2023.vo"))
        .await
        .unwrap();
    wait_for(&c, "form#werkbank").await;
    let input = c.find(Locator::Css("#w-art8_lid3_bedrag")).await.unwrap();
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some("100"));
    scroll_to(&c, "#c-art8_lid3_bedrag").await;
    input.clear().await.unwrap();
    input.send_keys("10000").await.unwrap();
    wait_for(&c, "#m-art8_lid3_bedrag .melding-fout").await;
    let m = c
        .find(Locator::Css("#m-art8_lid3_bedrag"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("wettelijke grens"), "{m}");
    assert!(m.contains("vo::wettelijke-grens"), "{m}");
    assert_eq!(
        input.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    show_in_text(&c, "Artikel 8").await;
    screenshot(&c, "4-wettelijke-grens.png").await;
    axe(&c, &axe_source, "the form with a diagnostic").await;
    // The link leads to the diagnostic's page.
    let href = c
        .find(Locator::Css("#m-art8_lid3_bedrag a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(href, "/bewerken/hulp/wettelijke-grens");

    // 3. Round trip: Voorbeeldstad opened and saved without a change is fmt's bytes.
    let vb = folder.join("voorbeeld/voorbeeldstad-2023.vo");
    let expected = fmt_of(&vb);
    c.goto(&server.url("/bewerken/voorbeeld/voorbeeldstad-2023.vo"))
        .await
        .unwrap();
    wait_for(&c, "form#werkbank").await;
    click_button(&c, "Bewaar").await;
    wait_for(&c, "div.bericht h2").await;
    assert_eq!(std::fs::read_to_string(&vb).unwrap(), expected);

    // 4. Concurrent saves: someone else saves the file after it was opened here.
    let vb24 = folder.join("voorbeeld/voorbeeldstad-2024.vo");
    c.goto(&server.url("/bewerken/voorbeeld/voorbeeldstad-2024.vo"))
        .await
        .unwrap();
    wait_for(&c, "form#werkbank").await;
    let theirs = std::fs::read_to_string(&vb24).unwrap().replace(
        "invulling art13.lid2.percentage = 50%",
        "invulling art13.lid2.percentage = 45%",
    );
    assert!(theirs.contains("45%"));
    std::fs::write(&vb24, &theirs).unwrap();
    set_value(&c, "w:art13.lid2.periode_kwetsbaar", &["18 maanden".into()]).await;
    click_button(&c, "Bewaar").await;
    wait_for(&c, "div.bericht h2").await;
    let notice = c
        .find(Locator::Css("div.bericht"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("intussen gewijzigd"), "{notice}");
    let ww = c
        .find(Locator::Css("section.waswordt"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ww.contains("18"), "{ww}");
    // The was-wordt against the version on disk shows only this form's change: the other
    // edit is merged in, not undone.
    assert!(!ww.contains("art13.lid2.percentage"), "{ww}");
    assert_eq!(std::fs::read_to_string(&vb24).unwrap(), theirs);
    screenshot(&c, "5-gelijktijdig.png").await;
    // Saving again, knowing, replaces it.
    click_button(&c, "Bewaar").await;
    wait_for(&c, "div.bericht[role=status]").await;
    let now = std::fs::read_to_string(&vb24).unwrap();
    // Both edits are in: theirs (45%) and this form's (18 maanden).
    assert!(
        now.contains("invulling art13.lid2.percentage = 45%"),
        "{now}"
    );
    assert!(
        now.contains("invulling art13.lid2.periode_kwetsbaar = 18 maanden"),
        "{now}"
    );

    // 5. The source view, with its live diagnostics.
    c.goto(&server.url("/bewerken/zandvoorde/zandvoorde-2023.vo/bron"))
        .await
        .unwrap();
    wait_for(&c, "textarea#bron").await;
    axe(&c, &axe_source, "the source view").await;
    let area = c.find(Locator::Css("textarea#bron")).await.unwrap();
    area.send_keys("\ninvulling art99.lid1.x = 3")
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::XPath(
            "//div[@id='bron-meldingen']//a[contains(., 'onbekende-invulplek')]",
        ))
        .await
        .unwrap();
    screenshot(&c, "6-broncode.png").await;

    c.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&profile);
}
