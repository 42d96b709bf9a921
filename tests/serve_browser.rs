//! The case screen in a real browser: headless Chromium (Debian's `chromium`) driven through
//! chromedriver. A case worker opens the case screen for Voorbeeldstad, fills in cases from
//! `ordinances/voorbeeld/voorbeeldstad-2023.test.yaml`, submits, and sees the outcome and the
//! cited articles (the links lead to the anchors in the text); with too little filled in, the
//! form marks exactly the questions that would settle what is open (the same inputs the API
//! reports missing). No request leaves the server, the console stays free of errors, and
//! axe-core finds no WCAG 2.1 AA violation on any page.
//!
//! `.ci/run` installs chromium, chromium-driver and axe-core (npm ci in tests/browser); where
//! one is missing the test is skipped with a message, except on CI (`CI` set), where it fails.

// Tests may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod browser_support;
mod serve_support;

use browser_support::{axe, find, free_port, log, Driver};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use serve_support::{root, Server};
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Fill in the form from a case of the test file (peildatum, feiten, oordelen).
async fn fill(c: &Client, case: &Value) {
    let date = case["peildatum"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            serde_yaml_ng::to_string(&case["peildatum"])
                .unwrap()
                .trim()
                .to_string()
        });
    // The date field is set as the browser would after picking a date (its typed format
    // depends on the browser's locale).
    c.execute(
        "document.getElementById('peildatum').value = arguments[0];",
        vec![json!(date)],
    )
    .await
    .unwrap();
    for section in ["feiten", "oordelen"] {
        let Some(facts) = case[section].as_object() else {
            continue;
        };
        for (name, value) in facts {
            let text = match value {
                Value::Bool(true) => "ja".to_string(),
                Value::Bool(false) => "nee".to_string(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let field = format!("f:{name}");
            let radio = format!("input[type=radio][name='{field}'][value='{text}']");
            if let Ok(r) = c.find(Locator::Css(&radio)).await {
                r.click().await.unwrap();
                continue;
            }
            let el = c
                .find(Locator::Css(&format!("[name='{field}']")))
                .await
                .unwrap_or_else(|_| panic!("no field for {name}"));
            if el.tag_name().await.unwrap() == "select" {
                el.select_by_value(&text).await.unwrap();
            } else {
                el.clear().await.unwrap();
                el.send_keys(&text).await.unwrap();
            }
        }
    }
}

async fn submit(c: &Client) {
    c.find(Locator::XPath("//button[normalize-space()='Beoordeel']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("section.rapport, div.fouten"))
        .await
        .unwrap();
}

/// The outcome class of a voorziening's summary row.
async fn outcome(c: &Client, vz: &str) -> String {
    // Waits for the report page: on a loaded machine the submit's page may not be there yet.
    let row = c
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "table.samenvatting tr[data-voorziening='{vz}']"
        )))
        .await
        .unwrap();
    row.attr("class")
        .await
        .unwrap()
        .unwrap_or_default()
        .trim_start_matches("uitkomst-")
        .to_string()
}

/// The citations linked in a voorziening's reasoning: (text, href).
async fn cited(c: &Client, vz: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in c
        .find_all(Locator::Css(&format!(
            "section.onderbouwing[data-voorziening='{vz}'] a"
        )))
        .await
        .unwrap()
    {
        out.push((
            a.text().await.unwrap(),
            a.attr("href").await.unwrap().unwrap_or_default(),
        ));
    }
    out
}

/// The inputs whose questions are marked as needed.
async fn marked(c: &Client) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for el in c.find_all(Locator::Css(".nodig")).await.unwrap() {
        out.insert(el.attr("data-invoer").await.unwrap().unwrap_or_default());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_worker_assesses_cases_in_the_browser() {
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

    let server = Server::start(&root().join("ordinances"), &[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = std::env::temp_dir().join(format!("verordening-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    caps.insert(
        "goog:loggingPrefs".into(),
        json!({ "browser": "ALL", "performance": "ALL" }),
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
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver: {e}"),
        }
    };

    let tests: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(root().join("ordinances/voorbeeld/voorbeeldstad-2023.test.yaml"))
            .unwrap(),
    )
    .unwrap();
    let cases = tests["casussen"].as_array().unwrap();
    let by_name = |n: &str| {
        cases
            .iter()
            .find(|c| c["naam"] == n)
            .unwrap_or_else(|| panic!("case {n}"))
    };
    let form = server.url("/regelingen/voorbeeld/casus");

    // The list and the empty form are accessible.
    c.goto(&server.url("/")).await.unwrap();
    axe(&c, &axe_source, "/").await;
    c.goto(&form).await.unwrap();
    axe(&c, &axe_source, "the form").await;
    // Every input has a label (or, for a radio button, a label around it).
    let unlabelled = c
        .execute(
            "return [...document.querySelectorAll('input, select')].filter(e => !(e.labels && e.labels.length)).map(e => e.name);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(unlabelled, json!([]));

    // Granted: werkstage, with its articles cited and linked to the text.
    for (name, vz) in [
        ("werkstage voor een langdurig werkloze", "werkstage"),
        ("werkstage die tot verdringing leidt", "werkstage"),
        (
            "sociale activering zonder perspectief op arbeid",
            "sociale_activering",
        ),
    ] {
        let case = by_name(name);
        let expected = &case["verwacht"][vz];
        c.goto(&form).await.unwrap();
        fill(&c, case).await;
        submit(&c).await;
        assert_eq!(
            outcome(&c, vz).await,
            expected["uitkomst"].as_str().unwrap(),
            "{name}"
        );
        let links = cited(&c, vz).await;
        let texts: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
        for cite in expected["citeert"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(expected.get("grond"))
        {
            let cite = cite.as_str().unwrap();
            assert!(texts.contains(&cite), "{name}: {cite} not in {texts:?}");
        }
        // The summary names the ground of a refusal.
        if let Some(grond) = expected["grond"].as_str() {
            let row = c
                .find(Locator::Css(&format!(
                    "table.samenvatting tr[data-voorziening='{vz}']"
                )))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(row.contains(grond), "{row}");
        }
        axe(&c, &axe_source, &format!("the report of {name}")).await;
        // The first citation leads to its lid in the text.
        let (cite, href) = links.first().cloned().unwrap();
        let anchor = href.split('#').nth(1).unwrap().to_string();
        c.find(Locator::LinkText(&cite))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait().for_element(Locator::Id(&anchor)).await.unwrap();
        assert!(c
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with(&format!("#{anchor}")));
    }
    axe(&c, &axe_source, "the text").await;

    // Too little: the form marks exactly the inputs the API reports missing for what is open.
    let case = by_name("werkstage: onbekend of de persoon langdurig werkloos is");
    c.goto(&form).await.unwrap();
    fill(&c, case).await;
    submit(&c).await;
    assert_eq!(outcome(&c, "werkstage").await, "onbepaald");
    let api_case = json!({
        "peildatum": serde_yaml_ng::to_string(&case["peildatum"]).unwrap().trim(),
        "feiten": case["feiten"], "oordelen": case["oordelen"],
    });
    let report: Value = reqwest::Client::new()
        .post(server.url("/api/v1/regelingen/voorbeeld/beoordelingen"))
        .json(&api_case)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut expected = BTreeSet::new();
    for vz in report["voorzieningen"].as_array().unwrap() {
        if vz["uitkomst"] == "onbepaald" {
            for m in vz["ontbreekt"].as_array().unwrap() {
                if m["soort"] == "feit" || m["soort"] == "oordeel" {
                    expected.insert(m["naam"].as_str().unwrap().to_string());
                }
            }
        }
    }
    assert!(expected.contains("persoon.langdurig_werkloos_of_nieuw"));
    assert_eq!(marked(&c).await, expected);
    axe(&c, &axe_source, "the form with marked questions").await;
    // The worker answers the marked question for werkstage and submits again.
    c.find(Locator::Css(
        "input[type=radio][name='f:persoon.langdurig_werkloos_of_nieuw'][value='ja']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    submit(&c).await;
    assert_eq!(outcome(&c, "werkstage").await, "bevoegd");
    assert!(!marked(&c)
        .await
        .contains("persoon.langdurig_werkloos_of_nieuw"));

    // The keyboard reaches the form: tabbing from the top lands on the skip link, then the menu.
    c.goto(&form).await.unwrap();
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("\u{E004}").await.unwrap(); // Tab
    let focused = c
        .execute("return document.activeElement.className;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("overslaan"));

    // An unknown regeling and an unknown page: a Dutch page (accessible, in the same style),
    // with a way back to the list.
    let error_pages = [
        server.url("/regelingen/nergensstad/casus"),
        server.url("/bestaat/niet"),
    ];
    for url in &error_pages {
        c.goto(url).await.unwrap();
        let h1 = c.find(Locator::Css("main h1")).await.unwrap();
        let heading = h1.text().await.unwrap();
        assert!(
            heading == "Onbekende regeling" || heading == "Niet gevonden",
            "{url}: {heading}"
        );
        // The stylesheet applies (the page is not unstyled).
        let font = c
            .execute("return getComputedStyle(document.body).fontFamily;", vec![])
            .await
            .unwrap();
        assert_ne!(font, json!("\"Times New Roman\""), "{url}");
        axe(&c, &axe_source, url).await;
        c.find(Locator::LinkText("Terug naar de regelingen"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css("ul.regelingen"))
            .await
            .unwrap();
        assert_eq!(c.current_url().await.unwrap().as_str(), server.url("/"));
    }

    // Nothing went to another host; the console has no errors.
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
    assert!(requests.len() > 10, "{requests:?}");
    let outside: Vec<&String> = requests
        .iter()
        // Network requests (the browser's own chrome:// pages are no network traffic).
        .filter(|u| u.starts_with("http") || u.starts_with("ws") || u.starts_with("ftp"))
        .filter(|u| !u.starts_with(&format!("{}/", server.base)))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside the server: {outside:?}"
    );
    // Chromium reports the status of an error page itself on the console ("the server
    // responded with a status of 404"): that is the page's purpose, not a fault in it.
    let errors: Vec<Value> = log(&c, "browser")
        .await
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .filter(|e| {
            let message = e["message"].as_str().unwrap_or("");
            !(e["source"] == "network"
                && error_pages
                    .iter()
                    .any(|u| message.starts_with(&format!("{u} ")))
                && message.contains("status of 404"))
        })
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    c.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&profile);
}
