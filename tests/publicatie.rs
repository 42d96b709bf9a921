//! Publication in a real browser (issue 17, items 1 and 2): the pages of `render`, `diff`,
//! `diff --cases`, `compare` and `eval --format html` opened headless in Chromium (through
//! chromedriver, as tests/serve_browser.rs does). Each page makes no network request and logs
//! no console error, fits a phone's 390 px, and prints to PDF: the was-wordt of the VNG model
//! 2017 → 2023 repeats its table header on page 2 and has a reasonable number of pages. The
//! text of the pages (the DOM's innerText, not pixels) is a snapshot.
//!
//! `.ci/run` installs chromium, chromium-driver and poppler-utils; where one is missing the
//! test is skipped with a message, except on CI (`CI` set), where it fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod browser_support;
mod common;

use browser_support::{find, free_port, log, Driver};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The pages: (name, arguments of `verordening`, expected exit code).
const PAGES: &[(&str, &[&str], i32)] = &[
    (
        "render-voorbeeldstad-2024",
        &[
            "render",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            "--format",
            "html",
        ],
        0,
    ),
    (
        "wasw-model-2017-2023",
        &[
            "diff",
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
            "--format",
            "html",
        ],
        1,
    ),
    (
        "wasw-teststad-casussen",
        &[
            "diff",
            "tests/fixtures/versies/teststad-2023.vo",
            "tests/fixtures/versies/teststad-2024.vo",
            "--cases",
            "tests/fixtures/versies/casussen",
            "--format",
            "html",
        ],
        1,
    ),
    (
        "compare",
        &[
            "compare",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            "tests/fixtures/compare/formulestad.vo",
            "--format",
            "html",
        ],
        0,
    ),
    (
        "eval",
        &[
            "eval",
            "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            "tests/fixtures/rapport/de-vries.yaml",
            "--format",
            "html",
        ],
        0,
    ),
];

/// The pages whose whole text is a snapshot (the long ones are checked by what they say).
const SNAPSHOT: &[&str] = &["wasw-teststad-casussen", "compare", "eval"];

fn pdf_text(pdf: &Path, page: Option<u32>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo {}: {info}", pdf.display()))
}

async fn connect(port: u16, chromium: &str, profile: &Path, width: u32) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
            ],
            // A phone's viewport: 390 CSS pixels wide.
            "mobileEmulation": { "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 1.0 } },
        }),
    );
    caps.insert(
        "goog:loggingPrefs".into(),
        json!({ "browser": "ALL", "performance": "ALL" }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let start = Instant::now();
    loop {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_print_fit_a_phone_and_load_nothing() {
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let poppler = find(&["/usr/bin/pdftotext"]).and(find(&["/usr/bin/pdfinfo"]));
    let (Some(chromium), Some(driver), Some(_)) = (chromium, driver, poppler) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium, chromedriver or poppler-utils missing on CI: .ci/run installs them"
        );
        eprintln!("browsertest overgeslagen: chromium, chromedriver of poppler-utils ontbreekt");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(&str, PathBuf)> = Vec::new();
    for (name, args, exit) in PAGES {
        let (code, out, err) = common::run(args);
        assert_eq!(code, *exit, "{name}: {err}");
        assert!(out.starts_with("<!DOCTYPE html>"), "{name}: {out}");
        let path = dir.path().join(format!("{name}.html"));
        std::fs::write(&path, out).unwrap();
        files.push((name, path));
    }

    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = dir.path().join("profiel");
    let c = connect(port, &chromium, &profile, 390).await;
    for (name, path) in &files {
        let url = url::Url::from_file_path(path).unwrap();
        // What the browser did before (its new tab page) is not this page's doing.
        log(&c, "performance").await;
        log(&c, "browser").await;
        c.goto(url.as_str()).await.unwrap();
        // Fits 390 px: nothing wider than the viewport, so no sideways scrolling.
        let widths = c
            .execute(
                "return [window.innerWidth, document.documentElement.scrollWidth, document.body.scrollWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(widths[0], json!(390), "{name}: the viewport is a phone's");
        assert!(
            widths[1].as_u64().unwrap() <= 390 && widths[2].as_u64().unwrap() <= 390,
            "{name} is wider than 390 px: {widths}"
        );
        // Every table has its header in a <thead> (repeated on each printed page).
        let tables = c
            .execute(
                "return [...document.querySelectorAll('table')].map(t => !!t.tHead);",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            tables.as_array().unwrap().iter().all(|t| t == &json!(true)),
            "{name}: a table without thead: {tables}"
        );
        if SNAPSHOT.contains(name) {
            let text = c
                .execute("return document.body.innerText;", vec![])
                .await
                .unwrap();
            // The receipt's hashes change with every edit of an ordinance: not part of it.
            let text: String = text
                .as_str()
                .unwrap()
                .lines()
                .map(|l| {
                    if l.len() == 64 && l.chars().all(|c| c.is_ascii_hexdigit()) {
                        "[sha256]"
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            insta::assert_snapshot!(format!("dom-{name}"), text);
        }
        // No request but the page itself; no console error.
        let mut requests = Vec::new();
        for entry in log(&c, "performance").await {
            let message: Value =
                serde_json::from_str(entry["message"].as_str().unwrap_or("{}")).unwrap_or_default();
            if message["message"]["method"] == "Network.requestWillBeSent" {
                requests.push(
                    message["message"]["params"]["request"]["url"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                );
            }
        }
        // The browser's own chrome:// pages (its new tab) are no network traffic.
        let other: Vec<&String> = requests
            .iter()
            .filter(|u| {
                ["http", "ws", "ftp", "file"]
                    .iter()
                    .any(|s| u.starts_with(s))
            })
            .filter(|u| *u != url.as_str())
            .collect();
        assert!(other.is_empty(), "{name} requests {other:?}");
        let errors: Vec<Value> = log(&c, "browser")
            .await
            .into_iter()
            .filter(|e| e["level"] == "SEVERE" || e["level"] == "WARNING")
            .collect();
        assert!(errors.is_empty(), "{name}: console: {errors:?}");
    }
    c.close().await.unwrap();

    // Printed to PDF (A4, the page's own @page rules).
    for (name, path) in &files {
        let pdf = dir.path().join(format!("{name}.pdf"));
        let status = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("pdf").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(url::Url::from_file_path(path).unwrap().as_str())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success() && pdf.exists(), "{name}: no PDF");
        let pages = pdf_pages(&pdf);
        let first = pdf_text(&pdf, Some(1));
        // The page number at the foot: "pagina 1 van N".
        assert!(
            first.contains(&format!("pagina 1 van {pages}")),
            "{name}: no page number on page 1:\n{first}"
        );
        match *name {
            "wasw-model-2017-2023" => {
                // The was-wordt of the whole model: more than a page, fewer than 80.
                assert!((2..80).contains(&pages), "{name}: {pages} pages");
                // From the page where the table starts, every page opens with its header.
                let start = (1..=pages)
                    .find(|p| pdf_text(&pdf, Some(*p)).contains("Was-wordt-tabel"))
                    .unwrap_or_else(|| panic!("{name}: no was-wordt table"));
                assert!(start < pages, "{name}: the table fits on one page");
                for p in start + 1..=pages {
                    let text = pdf_text(&pdf, Some(p));
                    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                    assert!(
                        header.contains("Onderdeel")
                            && header.contains("Was")
                            && header.contains("Wordt"),
                        "the table header is not repeated on page {p}:\n{text}"
                    );
                }
            }
            "render-voorbeeldstad-2024" => {
                assert!((5..80).contains(&pages), "{name}: {pages} pages");
                assert!(
                    first.contains("gewijzigd per 1 januari 2024")
                        && first.contains("1 januari 2024"),
                    "{name} does not say it is the version of 2024:\n{first}"
                );
            }
            "eval" => {
                assert!((1..6).contains(&pages), "{name}: {pages} pages");
                assert!(first.contains("Samenvatting"), "{first}");
            }
            _ => assert!((1..30).contains(&pages), "{name}: {pages} pages"),
        }
    }
}
