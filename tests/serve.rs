//! `verordening serve` over HTTP: every endpoint with a real client against the server
//! started on a free port, the answers compared with the command line's JSON, every kind of
//! bad request answered with a problem document (and the server serving on), the bearer
//! token, the access log without case facts, hot reload, and the OpenAPI document.

// Tests may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod serve_support;

use reqwest::blocking::{Client, Response};
use serde_json::{json, Value};
use serve_support::{copy_ordinances, root, Server};
use std::process::Command;
use std::time::Duration;
use verordening::serve::api::{Beoordeling, Bepaling, Controle, Gezondheid, Regelingen};
use verordening::serve::problem::Problem;

fn client() -> Client {
    // A fresh connection per request: the tests start CLI processes between requests, and a
    // pooled connection the server has meanwhile closed makes reqwest fail with
    // `IncompleteMessage` (a keep-alive race of the client, not an answer of the server).
    Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

fn post(
    c: &Client,
    url: &str,
    content_type: &str,
    body: impl Into<reqwest::blocking::Body>,
) -> Response {
    c.post(url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .unwrap()
}

/// A problem document with this status and code.
fn problem(r: Response, status: u16, code: &str) -> Problem {
    assert_eq!(r.status().as_u16(), status);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let p: Problem = serde_json::from_str(&r.text().unwrap()).unwrap();
    assert_eq!(p.code, code, "{p:?}");
    assert_eq!(p.status, status);
    assert!(p.kind.ends_with(code));
    assert!(!p.detail.is_empty());
    p
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const CASE: &str = r#"{"peildatum":"2023-09-01","feiten":{"persoon.doelgroep":"ja","persoon.langdurig_werkloos_of_nieuw":"ja","persoon.leeftijd":"30 jaar","persoon.uitkering":"bijstand"},"oordelen":{"verdringing":"nee"}}"#;

fn healthy(c: &Client, s: &Server) {
    let h: Gezondheid = c.get(s.url("/health")).send().unwrap().json().unwrap();
    assert_eq!(h.status, "ok");
    // wet, vng, voorbeeld, isd-bol, havendam and zuiderveen
    assert_eq!(h.regelingen, 6);
}

#[test]
fn every_endpoint_answers_like_the_command_line() {
    let s = Server::start(&root().join("ordinances"), &["--max-inhoud", "100000"]);
    let c = client();
    healthy(&c, &s);

    // GET /api/v1/regelingen: the four folders with their versions.
    let list: Regelingen = c
        .get(s.url("/api/v1/regelingen"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let ids: Vec<&str> = list.regelingen.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "havendam",
            "isd-bol",
            "vng",
            "voorbeeld",
            "wet",
            "zuiderveen"
        ]
    );
    let voorbeeld = &list.regelingen[3];
    let files: Vec<&str> = voorbeeld
        .versies
        .iter()
        .map(|v| v.bestand.as_str())
        .collect();
    assert_eq!(
        files,
        [
            "voorbeeld/voorbeeldstad-2023.vo",
            "voorbeeld/voorbeeldstad-2024.vo"
        ]
    );
    assert_eq!(
        voorbeeld.versies[0].geldig_vanaf.as_deref(),
        Some("2023-07-01")
    );
    assert_eq!(voorbeeld.versies[0].laag, "verordening");

    // GET …/schema: `verordening schema` (the latest version without a peildatum).
    let schema: Value = c
        .get(s.url("/api/v1/regelingen/voorbeeld/schema"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let expected: Value = serde_json::from_str(&cli(&["schema", "ordinances/voorbeeld"])).unwrap();
    assert_eq!(schema, expected);

    // POST …/beoordelingen: `verordening eval --format json`, byte for byte the same JSON.
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
        "application/json",
        CASE,
    );
    assert_eq!(r.status().as_u16(), 200);
    let got: Value = r.json().unwrap();
    let case_file = std::env::temp_dir().join(format!("serve-case-{}.json", std::process::id()));
    std::fs::write(&case_file, CASE).unwrap();
    let expected: Value = serde_json::from_str(&cli(&[
        "eval",
        "ordinances/voorbeeld",
        case_file.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(got, expected);
    // In the same order too (maps keep their order when read).
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    // … and of the shape the OpenAPI document gives (the type rejects unknown fields).
    let typed: Beoordeling = serde_json::from_value(got.clone()).unwrap();
    assert_eq!(typed.geldig_vanaf.as_deref(), Some("2023-07-01"));
    let werkstage = typed
        .voorzieningen
        .iter()
        .find(|v| v.naam == "werkstage")
        .unwrap();
    assert_eq!(werkstage.uitkomst, "bevoegd");
    let pp = typed
        .voorzieningen
        .iter()
        .find(|v| v.naam == "participatieplaats")
        .unwrap();
    assert_eq!(pp.uitkomst, "bevoegd");
    // The peildatum picks the version: 2024 has its own geldig_vanaf.
    let case_2024 = CASE.replace("2023-09-01", "2024-03-01");
    let typed: Beoordeling = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
        "application/json",
        case_2024,
    )
    .json()
    .unwrap();
    assert_eq!(typed.geldig_vanaf.as_deref(), Some("2024-01-01"));

    // POST …/beoordelingen:batch: `verordening batch`, line for line.
    let lines = format!(
        "{}\nnot json\n{{\"peildatum\":\"2023-09-01\",\"feiten\":{{\"persoon.onbekend\":\"ja\"}}}}\n\n{{\"id\":\"b\",\"peildatum\":\"2024-02-01\"}}",
        CASE.replacen('{', "{\"id\":\"a\",", 1)
    );
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen:batch"),
        "application/x-ndjson",
        lines.clone(),
    );
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let got = r.text().unwrap();
    let batch_file = std::env::temp_dir().join(format!("serve-batch-{}.jsonl", std::process::id()));
    std::fs::write(&batch_file, &lines).unwrap();
    let expected = cli(&[
        "batch",
        "ordinances/voorbeeld",
        batch_file.to_str().unwrap(),
    ]);
    let parse = |t: &str| -> Vec<Value> {
        t.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert_eq!(parse(&got), parse(&expected));
    assert_eq!(parse(&got).len(), 4);
    assert_eq!(parse(&got)[2]["fouten"][0]["code"], "vo::casus");

    // GET …/tekst: `verordening render` of the version in force.
    let html = c
        .get(s.url("/api/v1/regelingen/voorbeeld/tekst?peildatum=2023-09-01"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        html,
        cli(&[
            "render",
            "ordinances/voorbeeld/voorbeeldstad-2023.vo",
            "--format",
            "html"
        ])
    );
    let md = c
        .get(s.url("/api/v1/regelingen/voorbeeld/tekst?formaat=markdown"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        md,
        cli(&["render", "ordinances/voorbeeld/voorbeeldstad-2024.vo"])
    );

    // POST /api/v1/controle: `verordening check --format json` of the posted text, against the
    // layers it names from where it would stand.
    let text =
        std::fs::read_to_string(root().join("ordinances/voorbeeld/voorbeeldstad-2024.vo")).unwrap();
    let broken = text.replace(
        "keuze art14h.lid2.regiem = jaarpercentages",
        "keuze art14h.lid2.regiem = maandpercentages",
    );
    assert_ne!(broken, text, "the fixture line is in the file");
    let r = post(
        &c,
        &s.url("/api/v1/controle?pad=voorbeeld/voorbeeldstad-2025.vo"),
        "text/plain",
        broken,
    );
    assert_eq!(r.status().as_u16(), 200);
    let check: Controle = r.json().unwrap();
    assert!(check.errors >= 1, "{check:?}");
    let e = check
        .diagnostics
        .iter()
        .find(|d| d.level == "error")
        .unwrap();
    assert!(e.code.starts_with("vo::"));
    assert!(e.location.file.ends_with("voorbeeldstad-2025.vo"));
    assert!(e.location.line > 1);
    let r = post(
        &c,
        &s.url("/api/v1/controle?pad=voorbeeld/voorbeeldstad-2025.vo"),
        "text/plain",
        text,
    );
    let check: Controle = r.json().unwrap();
    assert_eq!(check.errors, 0);
    problem(
        post(
            &c,
            &s.url("/api/v1/controle?pad=../buiten.vo"),
            "text/plain",
            "x",
        ),
        404,
        "serve::niet-gevonden",
    );

    // Bad requests: each a problem document with a code, and the server serves on.
    let url = s.url("/api/v1/regelingen/voorbeeld/beoordelingen");
    let p = problem(
        post(
            &c,
            &url,
            "application/json",
            "{\"peildatum\": \"2023-09-01\",\n  \"feiten\": {",
        ),
        400,
        "serve::ongeldige-json",
    );
    assert_eq!(p.fouten[0].regel, 2);
    let p = problem(
        post(
            &c,
            &url,
            "application/json",
            r#"{"peildatum":"2023-09-01","feiten":{"persoon.doelgroepp":"ja"}}"#,
        ),
        422,
        "vo::casus",
    );
    assert!(p.fouten[0].bericht.contains("persoon.doelgroepp"));
    assert_eq!(
        p.fouten[0].hulp.as_deref(),
        Some("bedoelde u `persoon.doelgroep`?")
    );
    assert_eq!((p.fouten[0].regel, p.fouten[0].kolom), (1, 37));
    assert_eq!(
        &r#"{"peildatum":"2023-09-01","feiten":{"persoon.doelgroepp":"ja"}}"#
            [p.fouten[0].start..p.fouten[0].eind],
        "\"persoon.doelgroepp\""
    );
    problem(
        post(
            &c,
            &url,
            "application/json",
            r#"{"peildatum":"2023-09-01","feiten":{"persoon.doelgroep":"misschien"}}"#,
        ),
        422,
        "vo::casus",
    );
    problem(
        post(
            &c,
            &url,
            "application/json",
            format!(
                "{{\"peildatum\":\"2023-09-01\",\"x\":\"{}\"}}",
                "a".repeat(200_000)
            ),
        ),
        413,
        "serve::te-groot",
    );
    problem(
        post(&c, &url, "text/plain", CASE),
        415,
        "serve::inhoudstype",
    );
    problem(
        c.post(&url).body(CASE).send().unwrap(),
        415,
        "serve::inhoudstype",
    );
    problem(
        post(
            &c,
            &s.url("/api/v1/regelingen/nergensstad/beoordelingen"),
            "application/json",
            CASE,
        ),
        404,
        "serve::onbekende-regeling",
    );
    problem(
        c.get(s.url("/api/v1/regelingen/nergensstad/schema"))
            .send()
            .unwrap(),
        404,
        "serve::onbekende-regeling",
    );
    problem(
        post(
            &c,
            &url,
            "application/json",
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
        ),
        400,
        "serve::te-diep",
    );
    problem(
        post(
            &c,
            &url,
            "application/json",
            r#"{"peildatum":"1999-01-01"}"#,
        ),
        422,
        "serve::geen-versie",
    );
    problem(
        post(&c, &url, "application/json", r#"[1, 2]"#),
        422,
        "vo::casus",
    );
    problem(
        c.get(s.url("/api/v1/bestaat-niet")).send().unwrap(),
        404,
        "serve::niet-gevonden",
    );
    problem(
        c.get(s.url("/api/v1/regelingen/voorbeeld/tekst?formaat=pdf"))
            .send()
            .unwrap(),
        404,
        "serve::niet-gevonden",
    );
    // A batch line that is too long ends the batch with a line that says so.
    let long = format!("{CASE}\n{{\"peildatum\":\"{}", "9".repeat(300_000));
    let out = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen:batch"),
        "application/x-ndjson",
        long,
    )
    .text()
    .unwrap();
    let out: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["fouten"][0]["code"], "serve::te-groot");
    problem(
        post(
            &c,
            &s.url("/api/v1/regelingen/voorbeeld/beoordelingen:batch"),
            "application/json",
            CASE,
        ),
        415,
        "serve::inhoudstype",
    );
    healthy(&c, &s);
    let r = post(&c, &url, "application/json", CASE);
    assert_eq!(r.status().as_u16(), 200);
}

/// A case with a list fact (issue 21, item 7): the server reads the list from the posted JSON
/// and answers like `eval --format json`, byte for byte, with the chosen entry under
/// `gekozen`; a batch line with a list answers like `verordening batch`; the case schema
/// describes the list as an array of records.
#[test]
fn a_case_with_a_list_is_assessed_like_the_command_line() {
    let s = Server::start(&root().join("ordinances"), &[]);
    let c = client();
    healthy(&c, &s);
    let case = r#"{"peildatum":"2024-03-01","feiten":{"wachtlijst":[{"naam":"Jansen","ingeschreven_op":"2023-02-01","geschikt":true,"urgentie":1},{"naam":"De Vries","ingeschreven_op":"2022-11-15","geschikt":false,"urgentie":3},{"naam":"Öztürk","ingeschreven_op":"2023-01-10","geschikt":"ja","urgentie":2}]}}"#;
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/havendam/beoordelingen"),
        "application/json",
        case,
    );
    assert_eq!(r.status().as_u16(), 200);
    let got = r.text().unwrap();
    let case_file = std::env::temp_dir().join(format!("serve-lijst-{}.json", std::process::id()));
    std::fs::write(&case_file, case).unwrap();
    let expected = cli(&[
        "eval",
        "ordinances/havendam",
        case_file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let (got, expected): (Value, Value) = (
        serde_json::from_str(&got).unwrap(),
        serde_json::from_str(&expected).unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    let typed: Beoordeling = serde_json::from_value(got).unwrap();
    let aanbod = typed
        .voorzieningen
        .iter()
        .find(|v| v.naam == "aanbod_participatieplaats")
        .unwrap();
    assert_eq!(aanbod.uitkomst, "plicht");
    assert_eq!(aanbod.waarden["aan"], "Öztürk");
    let [k] = aanbod.gekozen.as_slice() else {
        panic!("{:?}", aanbod.gekozen)
    };
    assert_eq!(
        (
            k.naam.as_str(),
            k.uitkomst.as_str(),
            k.vermelding,
            k.voldoen,
            k.vermeldingen
        ),
        ("kandidaat", "gekozen", Some(3), Some(2), 3)
    );
    assert_eq!(k.velden["ingeschreven_op"], "10 januari 2023");
    // The other voorzieningen read no list: no `gekozen` at all.
    assert!(typed
        .voorzieningen
        .iter()
        .filter(|v| v.naam != "aanbod_participatieplaats")
        .all(|v| v.gekozen.is_empty()));

    // A wrong field of an entry: a problem document that names it.
    let wrong = case.replace("\"urgentie\":2", "\"urgentie\":\"hoog\"");
    let p = problem(
        post(
            &c,
            &s.url("/api/v1/regelingen/havendam/beoordelingen"),
            "application/json",
            wrong,
        ),
        422,
        "vo::casus",
    );
    assert!(p.detail.contains("urgentie"), "{p:?}");

    // Batch: a line with a list, an empty list and a tie, like `verordening batch`.
    let lines = [
        case.replacen('{', "{\"id\":\"lijst\",", 1),
        r#"{"id":"leeg","peildatum":"2024-03-01","feiten":{"wachtlijst":[]}}"#.to_string(),
        r#"{"id":"gelijk","peildatum":"2024-03-01","feiten":{"wachtlijst":[{"naam":"Smit","ingeschreven_op":"2023-03-01","geschikt":true,"urgentie":2},{"naam":"Visser","ingeschreven_op":"2023-03-01","geschikt":true,"urgentie":2}]}}"#.to_string(),
    ]
    .join("\n");
    let got = post(
        &c,
        &s.url("/api/v1/regelingen/havendam/beoordelingen:batch"),
        "application/x-ndjson",
        lines.clone(),
    )
    .text()
    .unwrap();
    let batch_file = std::env::temp_dir().join(format!("serve-lijst-{}.jsonl", std::process::id()));
    std::fs::write(&batch_file, &lines).unwrap();
    let expected = cli(&["batch", "ordinances/havendam", batch_file.to_str().unwrap()]);
    let parse = |t: &str| -> Vec<Value> {
        t.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (got, expected) = (parse(&got), parse(&expected));
    assert_eq!(got, expected);
    let chosen: Vec<&Value> = got
        .iter()
        .map(|l| {
            let vz = l["voorzieningen"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["naam"] == "aanbod_participatieplaats")
                .unwrap();
            &vz["gekozen"]["kandidaat"]
        })
        .collect();
    assert_eq!(chosen, [&json!("3"), &json!("geen"), &json!("gelijk 1, 2")]);

    // The case schema: the list as an array of records with every field required.
    let schema: Value = c
        .get(s.url("/api/v1/regelingen/havendam/schema"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let lijst = &schema["properties"]["feiten"]["properties"]["wachtlijst"];
    assert_eq!(lijst["type"], "array");
    assert_eq!(
        lijst["items"]["required"],
        json!(["naam", "ingeschreven_op", "geschikt", "urgentie"])
    );
    assert_eq!(lijst["items"]["additionalProperties"], false);

    // The case screen: the list is a text area, one entry per line as in a YAML case file.
    let page = c
        .get(s.url("/regelingen/havendam/casus"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let field = page
        .split("data-invoer=\"wachtlijst\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no field for the list: {page}"));
    assert!(field.contains("<textarea"), "{page}");
    assert!(field.contains("één vermelding per regel"), "{page}");
    let answer = c
        .post(s.url("/regelingen/havendam/casus"))
        .form(&[
            ("peildatum", "2024-03-01"),
            (
                "f:wachtlijst",
                "- { naam: Jansen, ingeschreven_op: 2023-02-01, geschikt: ja, urgentie: 1 }\n- { naam: Öztürk, ingeschreven_op: 2023-01-10, geschikt: ja, urgentie: 2 }",
            ),
        ])
        .send()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let page = answer.text().unwrap();
    assert!(page.contains("aan: Öztürk"), "{page}");
    assert!(
        page.contains("Kandidaat: vermelding 2 van 2 uit wachtlijst"),
        "{page}"
    );
    // Text that is no list: the case reader's message, at the field.
    let page = c
        .post(s.url("/regelingen/havendam/casus"))
        .form(&[("peildatum", "2024-03-01"), ("f:wachtlijst", "Jansen")])
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("is een lijst"), "{page}");
}

#[test]
fn the_openapi_document_describes_every_endpoint() {
    let s = Server::start(&root().join("ordinances/voorbeeld"), &[]);
    let c = client();
    let doc: Value = c
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for p in [
        "/api/v1/regelingen",
        "/api/v1/regelingen/{id}/schema",
        "/api/v1/regelingen/{id}/beoordelingen",
        "/api/v1/regelingen/{id}/beoordelingen:batch",
        "/api/v1/controle",
        "/api/v1/regelingen/{id}/tekst",
        "/health",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    for schema in ["Beoordeling", "Problem", "Casus", "Controle", "BatchRegel"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    // Validated by an OpenAPI validator (openapi-spec-validator, installed by .ci/run into
    // target/openapi-venv). Without it the check is skipped here, and fails on CI.
    let validator = root().join("target/openapi-venv/bin/openapi-spec-validator");
    if !validator.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "openapi-spec-validator is missing on CI: .ci/run installs it"
        );
        eprintln!("openapi-spec-validator niet geïnstalleerd: validatie overgeslagen (.ci/run installeert het)");
        return;
    }
    let file = std::env::temp_dir().join(format!("openapi-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = Command::new(&validator).arg(&file).output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the OpenAPI document does not validate:\n{said}"
    );
    assert!(said.contains("OK"), "{said}");
}

#[test]
fn a_token_guards_everything_but_health() {
    let file = std::env::temp_dir().join(format!("serve-token-{}", std::process::id()));
    std::fs::write(&file, "geheim-token-123\n").unwrap();
    let s = Server::start(
        &root().join("ordinances/voorbeeld"),
        &["--token-bestand", file.to_str().unwrap()],
    );
    let c = client();
    assert_eq!(
        c.get(s.url("/health")).send().unwrap().status().as_u16(),
        200
    );
    let r = c.get(s.url("/api/v1/regelingen")).send().unwrap();
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    problem(r, 401, "serve::geen-toegang");
    let r = c
        .get(s.url("/api/v1/regelingen"))
        .header("authorization", "Bearer fout-token-123")
        .send()
        .unwrap();
    problem(r, 401, "serve::geen-toegang");
    problem(
        c.get(s.url("/")).send().unwrap(),
        401,
        "serve::geen-toegang",
    );
    let r = c
        .get(s.url("/api/v1/regelingen"))
        .header("authorization", "Bearer geheim-token-123")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn the_access_log_holds_no_case_facts() {
    let s = Server::start(&root().join("ordinances/voorbeeld"), &[]);
    let c = client();
    // A recognisable value: a date of birth-like date, an amount, and a wrong fact name.
    let case = r#"{"peildatum":"2023-09-01","feiten":{"aanvraag.datum":"1987-06-05","vervoer.tarief_per_dag":"€ 98.765,43","persoon.doelgroep":"ja"}}"#;
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
        "application/json",
        case,
    );
    assert_eq!(r.status().as_u16(), 200);
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
        "application/json",
        r#"{"peildatum":"2023-09-01","feiten":{"bsn.123456782":"ja"}}"#,
    );
    assert_eq!(r.status().as_u16(), 422);
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen:batch"),
        "application/x-ndjson",
        case,
    );
    assert_eq!(r.status().as_u16(), 200);
    r.text().unwrap();
    // The case screen: the same facts as a form.
    let r = c
        .post(s.url("/regelingen/voorbeeld/casus"))
        .form(&[
            ("peildatum", "2023-09-01"),
            ("f:aanvraag.datum", "1987-06-05"),
            ("f:vervoer.tarief_per_dag", "98.765,43"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().unwrap().contains("98.765,43"));
    assert!(s.wait_log(Duration::from_secs(10), |l| l
        .contains("POST /regelingen/voorbeeld/casus 200")));
    let log = s.log(Duration::from_millis(200));
    for secret in [
        "1987-06-05",
        "98.765",
        "bsn",
        "123456782",
        "doelgroep",
        "tarief",
    ] {
        assert!(!log.contains(secret), "the log holds `{secret}`:\n{log}");
    }
    // What it does hold: method, path, status and time, one line per request.
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(" /")).collect();
    assert_eq!(lines.len(), 4, "{log}");
    for l in &lines {
        let parts: Vec<&str> = l.split(' ').collect();
        assert_eq!(parts.len(), 5, "{l}");
        assert!(parts[0].ends_with('Z'));
        assert!(matches!(parts[1], "GET" | "POST"));
        assert!(parts[3].parse::<u16>().is_ok());
        assert!(parts[4].ends_with("ms"));
    }
    assert!(lines[1].contains("POST /api/v1/regelingen/voorbeeld/beoordelingen 422 "));
}

#[test]
fn a_changed_ordinance_is_reloaded_and_a_broken_edit_keeps_the_last_good_version() {
    let dir = copy_ordinances("reload");
    let s = Server::start(&dir, &["--herlaad-ms", "200"]);
    let c = client();
    let title = |c: &Client| -> String {
        let list: Regelingen = c
            .get(s.url("/api/v1/regelingen"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        list.regelingen
            .iter()
            .find(|r| r.id == "voorbeeld")
            .unwrap()
            .titel
            .clone()
    };
    assert_eq!(
        title(&c),
        "Re-integratieverordening Participatiewet Voorbeeldstad 2023"
    );
    let file = dir.join("voorbeeld/voorbeeldstad-2024.vo");
    let text = std::fs::read_to_string(&file).unwrap();
    // A good edit: the new title is served.
    let edited = text.replace(
        "Participatiewet Voorbeeldstad 2023\"",
        "Participatiewet Voorbeeldstad 2023 (herzien)\"",
    );
    assert_ne!(edited, text);
    std::thread::sleep(Duration::from_millis(1100)); // a new modification time
    std::fs::write(&file, &edited).unwrap();
    assert!(s.wait_log(Duration::from_secs(30), |l| l
        .contains("regeling `voorbeeld` opnieuw geladen")));
    assert_eq!(
        title(&c),
        "Re-integratieverordening Participatiewet Voorbeeldstad 2023 (herzien)"
    );
    // An edit with an error: the last good version stays in service; /status shows why.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(
        &file,
        edited.replace(
            "keuze art14h.lid2.regiem = jaarpercentages",
            "keuze art14h.lid2.regiem = maandpercentages",
        ),
    )
    .unwrap();
    assert!(s.wait_log(Duration::from_secs(30), |l| l
        .contains("de vorige versie blijft in dienst")));
    assert_eq!(
        title(&c),
        "Re-integratieverordening Participatiewet Voorbeeldstad 2023 (herzien)"
    );
    let r = post(
        &c,
        &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
        "application/json",
        CASE,
    );
    assert_eq!(r.status().as_u16(), 200);
    let status = c.get(s.url("/status")).send().unwrap().text().unwrap();
    assert!(
        status.contains("in dienst met de vorige versie"),
        "{status}"
    );
    assert!(status.contains("maandpercentages"), "{status}");
    assert!(status.contains("vo::"), "{status}");
    let h: Gezondheid = c.get(s.url("/health")).send().unwrap().json().unwrap();
    assert_eq!(h.status, "fouten");
    // Repaired: back in order.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&file, &text).unwrap();
    assert!(s.wait_log(Duration::from_secs(30), |l| l
        .matches("regeling `voorbeeld` opnieuw geladen")
        .count()
        == 2));
    assert_eq!(
        title(&c),
        "Re-integratieverordening Participatiewet Voorbeeldstad 2023"
    );
    let h: Gezondheid = c.get(s.url("/health")).send().unwrap().json().unwrap();
    assert_eq!(h.status, "ok");
    // A change to a layer outside the folder (the model) reloads the regelingen on it.
    std::thread::sleep(Duration::from_millis(1100));
    let model = dir.join("vng/model-2023.vo");
    std::fs::write(&model, std::fs::read_to_string(&model).unwrap()).unwrap();
    assert!(s.wait_log(Duration::from_secs(30), |l| l
        .matches("regeling `voorbeeld` opnieuw geladen")
        .count()
        == 3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_case_screen_pages() {
    let s = Server::start(&root().join("ordinances/voorbeeld"), &[]);
    let c = client();
    let index = c.get(s.url("/")).send().unwrap().text().unwrap();
    assert!(
        index.contains("href=\"/regelingen/voorbeeldstad-2023/casus\"") || index.contains("/casus")
    );
    // The rendered text has an anchor per artikel and lid.
    let list: Regelingen = c
        .get(s.url("/api/v1/regelingen"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = &list.regelingen[0].id;
    let text = c
        .get(s.url(&format!("/regelingen/{id}?peildatum=2023-09-01")))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(text.contains("<h3 id=\"artikel-4\">"));
    assert!(text.contains("id=\"artikel-4-lid-3\""));
    // The export: a case file that `verordening eval` reads.
    let r = c
        .post(s.url(&format!("/regelingen/{id}/casus/yaml")))
        .form(&[
            ("peildatum", "2023-09-01"),
            ("f:persoon.doelgroep", "ja"),
            ("f:verdringing", "nee"),
            ("f:persoon.langdurig_werkloos_of_nieuw", "ja"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("casus.yaml"));
    let yaml = r.text().unwrap();
    let file = std::env::temp_dir().join(format!("serve-export-{}.yaml", std::process::id()));
    std::fs::write(&file, &yaml).unwrap();
    let out = cli(&[
        "eval",
        "ordinances/voorbeeld",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let werkstage = report["voorzieningen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["naam"] == "werkstage")
        .unwrap();
    assert_eq!(werkstage["uitkomst"], json!("bevoegd"));
    // The printable report.
    let r = c
        .post(s.url(&format!("/regelingen/{id}/casus/rapport")))
        .form(&[("peildatum", "2023-09-01"), ("f:persoon.doelgroep", "nee")])
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(r.contains("<h1>Rapport:"));
    assert!(!r.contains("<form"));
    assert!(r.contains("uitkomst-geweigerd"));
    // A form that is not a form.
    problem(
        post(
            &c,
            &s.url(&format!("/regelingen/{id}/casus")),
            "application/json",
            "{}",
        ),
        415,
        "serve::inhoudstype",
    );
}

/// Whether `expected` is part of `actual`: every key of an object with a matching value,
/// the elements of an array in order (the actual array may be longer), scalars equal.
fn part_of(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| part_of(v, av))),
        (Value::Array(e), Value::Array(a)) => {
            // Each expected element matches a later actual element than the previous one.
            let mut rest = a.iter();
            e.iter().all(|ev| rest.any(|av| part_of(ev, av)))
        }
        _ => expected == actual,
    }
}

#[test]
fn the_curl_examples_in_the_api_docs_run() {
    let text = std::fs::read_to_string(root().join("docs/api.md")).unwrap();
    // The fenced blocks: (info string, content).
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(info) = line.strip_prefix("```") {
            match open.take() {
                None => open = Some((info.trim().to_string(), String::new())),
                Some(b) => blocks.push(b),
            }
        } else if let Some((_, content)) = open.as_mut() {
            content.push_str(line);
            content.push('\n');
        }
    }
    let s = Server::start(&root().join("ordinances"), &[]);
    let mut ran = 0;
    for (i, (info, content)) in blocks.iter().enumerate() {
        if info != "sh" || !content.contains("curl ") {
            continue;
        }
        let command = content
            .replace("\\\n", " ")
            .replace("http://127.0.0.1:8080", &s.base);
        let out = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.trim().is_empty(), "{command}");
        ran += 1;
        let Some((next_info, shown)) = blocks.get(i + 1) else {
            continue;
        };
        match next_info.as_str() {
            "json" => {
                let expected: Value = serde_json::from_str(shown).unwrap();
                let actual: Value = serde_json::from_str(&stdout).unwrap();
                assert!(
                    part_of(&expected, &actual),
                    "{command}\nshown:\n{shown}\nactual:\n{stdout}"
                );
            }
            "jsonl" => {
                let shown: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
                let actual: Vec<&str> = stdout.lines().collect();
                assert_eq!(shown.len(), actual.len(), "{command}");
                for (e, a) in shown.iter().zip(actual) {
                    let e: Value = serde_json::from_str(e).unwrap();
                    let a: Value = serde_json::from_str(a).unwrap();
                    assert!(part_of(&e, &a), "{command}\nshown: {e}\nactual: {a}");
                }
            }
            _ => {}
        }
    }
    assert!(ran >= 8, "only {ran} curl examples found");
}

// ------------------------------------------------------------------ stopping

/// Read from `stream` until `pred` holds for what came so far (or the stream ends).
fn read_until(stream: &mut std::net::TcpStream, got: &mut Vec<u8>, pred: impl Fn(&str) -> bool) {
    use std::io::Read;
    let mut buf = [0u8; 8192];
    while !pred(&String::from_utf8_lossy(got)) {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// One chunk of a chunked request body.
fn chunk(text: &str) -> String {
    format!("{:x}\r\n{text}\r\n", text.len())
}

/// The batch request's head, with a chunked body to follow.
const BATCH_HEAD: &str = "POST /api/v1/regelingen/voorbeeld/beoordelingen:batch HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";

#[test]
fn sigterm_lets_a_streaming_batch_finish_and_exits_0() {
    use std::io::Write;
    let mut s = Server::start(&root().join("ordinances"), &["--max-duur", "20"]);
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The first line of the batch is sent and answered; the request goes on.
    write!(stream, "{BATCH_HEAD}{}", chunk(&format!("{CASE}\n"))).unwrap();
    let mut got = Vec::new();
    read_until(&mut stream, &mut got, |t| t.contains("\"regel\":1"));
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));

    s.signal("TERM");
    assert!(
        s.wait_log(Duration::from_secs(10), |l| l.contains("stoppen")),
        "{}",
        s.log(Duration::ZERO)
    );
    // No new connections …
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "the server still accepts after SIGTERM"
    );
    // … but the batch in flight is read and answered to its end.
    std::thread::sleep(Duration::from_millis(300));
    write!(
        stream,
        "{}{}0\r\n\r\n",
        chunk(&format!("{CASE}\n")),
        chunk(CASE)
    )
    .unwrap();
    read_until(&mut stream, &mut got, |t| t.ends_with("0\r\n\r\n"));
    let text = String::from_utf8_lossy(&got).into_owned();
    assert!(text.ends_with("0\r\n\r\n"), "the response was cut: {text}");
    for n in 1..=3 {
        assert!(
            text.contains(&format!("{{\"regel\":{n},")),
            "line {n}: {text}"
        );
    }
    let status = s.wait_exit(Duration::from_secs(10)).expect("still running");
    assert_eq!(status.code(), Some(0), "{}", s.log(Duration::ZERO));
    let log = s.log(Duration::ZERO);
    assert!(log.contains("POST /api/v1/regelingen/voorbeeld/beoordelingen:batch 200"));
    assert!(log.trim_end().ends_with("gestopt"), "{log}");
}

#[test]
fn sigterm_after_a_request_exits_0_at_once_and_ctrl_c_too() {
    for signal in ["TERM", "INT"] {
        let mut s = Server::start(&root().join("ordinances/voorbeeld"), &["--max-duur", "30"]);
        // A keep-alive connection left open after its answer does not hold the stop up.
        let c = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let r = post(
            &c,
            &s.url("/api/v1/regelingen/voorbeeld/beoordelingen"),
            "application/json",
            CASE,
        );
        assert_eq!(r.status().as_u16(), 200);
        let _ = r.text().unwrap();
        let t = std::time::Instant::now();
        s.signal(signal);
        let status = s.wait_exit(Duration::from_secs(10)).expect("still running");
        assert_eq!(
            status.code(),
            Some(0),
            "{signal}: {}",
            s.log(Duration::ZERO)
        );
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{signal}: {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn a_request_that_never_ends_holds_the_stop_up_for_the_time_limit_only() {
    use std::io::Write;
    let mut s = Server::start(&root().join("ordinances/voorbeeld"), &["--max-duur", "1"]);
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "{BATCH_HEAD}{}", chunk(&format!("{CASE}\n"))).unwrap();
    let mut got = Vec::new();
    read_until(&mut stream, &mut got, |t| t.contains("\"regel\":1"));
    let t = std::time::Instant::now();
    s.signal("TERM");
    let status = s.wait_exit(Duration::from_secs(10)).expect("still running");
    assert_eq!(status.code(), Some(0));
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t.elapsed()
    );
    assert!(s.log(Duration::ZERO).contains("afgebroken"));
    drop(stream);
}

// ------------------------------------------------------------------ error pages

const BROWSER_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

/// A Dutch HTML error page with this status: the stylesheet, the strict policy, a way back.
fn error_page(r: Response, status: u16, says: &str) -> String {
    assert_eq!(r.status().as_u16(), status);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let body = r.text().unwrap();
    assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
    assert!(body.contains("<html lang=\"nl\">"));
    assert!(body.contains("<link rel=\"stylesheet\" href=\"/stijl.css\">"));
    assert!(body.contains("<a href=\"/\">Terug naar de regelingen</a>"));
    assert!(body.contains(&format!("Foutcode {status}")), "{body}");
    assert!(body.contains(says), "{says} not in {body}");
    assert!(!body.contains("/api/"), "{body}");
    body
}

#[test]
fn a_browser_gets_a_dutch_error_page_and_the_api_its_problem_document() {
    let s = Server::start(&root().join("ordinances"), &["--max-inhoud", "1000"]);
    let c = client();
    let browse = |path: &str| {
        c.get(s.url(path))
            .header("accept", BROWSER_ACCEPT)
            .send()
            .unwrap()
    };
    // An unknown regeling on each page route, and an unknown page.
    let body = error_page(browse("/regelingen/nergensstad"), 404, "Onbekende regeling");
    assert!(
        body.contains("Er is geen regeling `nergensstad`."),
        "{body}"
    );
    error_page(
        browse("/regelingen/nergensstad/casus"),
        404,
        "Onbekende regeling",
    );
    error_page(browse("/bestaat/niet"), 404, "Deze pagina bestaat niet.");
    // What the id says is escaped on the page.
    let body = error_page(browse("/regelingen/%3Cb%3Ex"), 404, "Onbekende regeling");
    assert!(
        body.contains("&lt;b&gt;x") && !body.contains("<b>x"),
        "{body}"
    );
    // A form posted to an unknown regeling, and a posted form that is not a form.
    let r = c
        .post(s.url("/regelingen/nergensstad/casus"))
        .header("accept", BROWSER_ACCEPT)
        .form(&[("peildatum", "2023-09-01")])
        .send()
        .unwrap();
    error_page(r, 404, "Onbekende regeling");
    let r = c
        .post(s.url("/regelingen/voorbeeld/casus"))
        .header("accept", BROWSER_ACCEPT)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .unwrap();
    error_page(r, 415, "Verkeerd inhoudstype");

    // The API keeps its problem documents, also for a client that would take HTML.
    let r = c
        .get(s.url("/api/v1/regelingen/nergensstad/schema"))
        .header("accept", BROWSER_ACCEPT)
        .send()
        .unwrap();
    problem(r, 404, "serve::onbekende-regeling");
    let r = c
        .get(s.url("/api/v1/bestaat-niet"))
        .header("accept", BROWSER_ACCEPT)
        .send()
        .unwrap();
    problem(r, 404, "serve::niet-gevonden");
    // A client that does not ask for HTML (curl's */*, or HTML refused) gets the document on
    // a page route too.
    problem(
        c.get(s.url("/regelingen/nergensstad")).send().unwrap(),
        404,
        "serve::onbekende-regeling",
    );
    let r = c
        .get(s.url("/bestaat/niet"))
        .header("accept", "text/html;q=0, application/json")
        .send()
        .unwrap();
    problem(r, 404, "serve::niet-gevonden");
    // A page that exists is unchanged.
    let r = browse("/regelingen/voorbeeld");
    assert_eq!(r.status().as_u16(), 200);
    healthy(&c, &s);
}

#[test]
fn without_the_token_a_browser_gets_a_page_that_says_so() {
    let dir = std::env::temp_dir().join(format!("serve-token-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token = dir.join("token.txt");
    std::fs::write(&token, "geheim-token-1234\n").unwrap();
    let s = Server::start(
        &root().join("ordinances/voorbeeld"),
        &["--token-bestand", token.to_str().unwrap()],
    );
    let r = client()
        .get(s.url("/regelingen/voorbeeld"))
        .header("accept", BROWSER_ACCEPT)
        .send()
        .unwrap();
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    error_page(r, 401, "Geen toegang");
}

/// The same facts, applied for before and after the application deadline of artikel 5.4,
/// tweede lid, of Zuiderveen took effect (1 July 2025, onderdeel C of the wijzigingsbesluit);
/// both decided on 1 August 2025.
fn zuiderveen_case(aanvraag: &str) -> String {
    format!(
        r#"{{"peildatum":"2025-08-01","aanvraagdatum":"{aanvraag}","feiten":{{"persoon.doelgroep":"ja","dienstbetrekking.maanden":"11","dienstbetrekking.aanvang":"2024-09-01","aanvraag.datum":"{aanvraag}"}}}}"#
    )
}

fn uitstroompremie(report: &Value) -> &Value {
    report["voorzieningen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["naam"] == "uitstroompremie")
        .unwrap()
}

/// Issue 22, item 3 ("validity the same everywhere"): the server judges a case by the version
/// that governs it, as `eval` and `batch` do. A procedural rule binds only applications made
/// after it took effect: "Een termijn die later in werking trad, maakt een eerdere aanvraag
/// niet te laat" (ordinances/zuiderveen/reintegratie.test.yaml, docs/evaluatie.md).
#[test]
fn the_server_judges_an_application_by_the_procedure_in_force_when_it_was_made() {
    let s = Server::start(&root().join("ordinances"), &[]);
    let c = client();
    healthy(&c, &s);
    let url = s.url("/api/v1/regelingen/zuiderveen/beoordelingen");
    let late = zuiderveen_case("2025-07-15");
    let before = zuiderveen_case("2025-06-15");

    // "De aanvraag wordt ingediend binnen drie maanden na afloop van de zesde maand van de
    // dienstbetrekking" (artikel 5.4, tweede lid, in werking 1 juli 2025): aanvang 1 september
    // 2024, the term ended on 1 June 2025; applied for on 15 July 2025, after the rule took
    // effect: too late.
    let got: Value = post(&c, &url, "application/json", late.clone())
        .json()
        .unwrap();
    assert_eq!(uitstroompremie(&got)["uitkomst"], "geweigerd", "{got:#}");
    assert_eq!(
        uitstroompremie(&got)["grond"]["citaat"],
        "artikel 5.4, tweede lid"
    );
    // Applied for on 15 June 2025, before the rule took effect: it does not bind this
    // application; the rest of the version in force on the peildatum applies (€ 750).
    let got: Value = post(&c, &url, "application/json", before.clone())
        .json()
        .unwrap();
    let premie = uitstroompremie(&got);
    assert_eq!(premie["uitkomst"], "bevoegd", "{got:#}");
    assert_eq!(premie["waarden"]["bedrag"], "€ 750");
    let bewijs = &got["ontvangstbewijs"];
    assert_eq!(bewijs["aanvraagdatum"], "2025-06-15");
    assert_eq!(bewijs["toetsingsdatum"], "2025-08-01");
    assert_eq!(bewijs["toetsingsgrond"], "peildatum");
    assert_eq!(
        bewijs["niet_toegepast"][0]["voorziening"],
        "uitstroompremie"
    );
    assert!(bewijs["niet_toegepast"][0]["citaat"]
        .as_str()
        .unwrap()
        .starts_with("artikel 5.4"));

    // Byte for byte what `verordening eval --format json` answers for the same case files.
    for (name, case) in [("laat", &late), ("eerder", &before)] {
        let file =
            std::env::temp_dir().join(format!("serve-aanvraag-{name}-{}.json", std::process::id()));
        std::fs::write(&file, case).unwrap();
        let expected = cli(&[
            "eval",
            "ordinances/zuiderveen",
            file.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let got = post(&c, &url, "application/json", case.clone())
            .text()
            .unwrap();
        let (got, expected): (Value, Value) = (
            serde_json::from_str(&got).unwrap(),
            serde_json::from_str(&expected).unwrap(),
        );
        assert_eq!(got, expected, "{name}");
    }

    // The batch, line for line as `verordening batch`.
    let lines = format!("{late}\n{before}\n");
    let got = post(
        &c,
        &s.url("/api/v1/regelingen/zuiderveen/beoordelingen:batch"),
        "application/x-ndjson",
        lines.clone(),
    )
    .text()
    .unwrap();
    let file = std::env::temp_dir().join(format!("serve-aanvraag-{}.jsonl", std::process::id()));
    std::fs::write(&file, &lines).unwrap();
    let expected = cli(&["batch", "ordinances/zuiderveen", file.to_str().unwrap()]);
    let parse = |t: &str| -> Vec<Value> {
        t.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert_eq!(parse(&got), parse(&expected));
    assert_eq!(parse(&got).len(), 2);

    // The state without the later procedure is chosen, never listed as a version.
    let list: Regelingen = c
        .get(s.url("/api/v1/regelingen"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let zuiderveen = list
        .regelingen
        .iter()
        .find(|r| r.id == "zuiderveen")
        .unwrap();
    assert!(zuiderveen.versies.iter().all(|v| !v.bestand.contains('~')));
    let index = c.get(s.url("/")).send().unwrap().text().unwrap();
    assert!(!index.contains("~aanvraag"));

    // The case screen asks for the aanvraagdatum and says which rule it left out.
    let form = c
        .get(s.url("/regelingen/zuiderveen/casus"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(form.contains("name=\"aanvraagdatum\""));
    let page = c
        .post(s.url("/regelingen/zuiderveen/casus/rapport"))
        .form(&[
            ("peildatum", "2025-08-01"),
            ("aanvraagdatum", "2025-06-15"),
            ("f:persoon.doelgroep", "ja"),
            ("f:dienstbetrekking.maanden", "11"),
            ("f:dienstbetrekking.aanvang", "2024-09-01"),
            ("f:aanvraag.datum", "2025-06-15"),
        ])
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("<dt>Niet toegepast</dt>"), "{page}");
    assert!(page.contains("na de aanvraagdatum in werking trad"));
}

/// Issue 22, item 4: what a citation meant on a date, over the API as `verordening tekst`
/// answers it: the text on 1 October 2025, "vervallen" and "vernummerd" as the Zuiderveen
/// besluit makes them, "bestond niet" before the lid was inserted, and a problem document for a
/// question that is not one.
#[test]
fn the_api_says_what_a_citation_meant_on_a_date() {
    let s = Server::start(&root().join("ordinances"), &[]);
    let c = client();
    let ask = |citaat: &str, op: &str| -> Response {
        c.get(s.url("/api/v1/regelingen/zuiderveen/bepaling"))
            .query(&[("citaat", citaat), ("op", op)])
            .send()
            .unwrap()
    };
    let b: Bepaling = ask("artikel 5.4, tweede lid", "2025-10-01").json().unwrap();
    assert_eq!(b.stand, "tekst");
    assert_eq!(b.citaat, "artikel 5.4, tweede lid");
    let tekst = b.tekst.unwrap();
    assert!(tekst.contains("2. De aanvraag wordt ingediend binnen drie maanden"));
    // The same text as the command line prints under its first line.
    let cli_out = cli(&[
        "tekst",
        "ordinances/zuiderveen",
        "--op",
        "2025-10-01",
        "artikel 5.4, tweede lid",
    ]);
    assert!(cli_out.starts_with("artikel 5.4, tweede lid, op 1 oktober 2025"));
    assert!(cli_out.trim_end().ends_with(tekst.trim_end()), "{cli_out}");
    assert_eq!(
        b.versie.unwrap().geldig_vanaf.as_deref(),
        Some("2025-07-01")
    );

    let b: Bepaling = ask("artikel 5.6", "2025-03-01").json().unwrap();
    assert_eq!(b.stand, "vervallen");
    assert_eq!(b.per.as_deref(), Some("2025-01-01"));
    let b: Bepaling = ask("artikel 5.7", "2025-10-01").json().unwrap();
    assert_eq!(b.stand, "vernummerd");
    assert_eq!(b.tot.as_deref(), Some("artikel 5.6"));
    assert_eq!(b.per.as_deref(), Some("2025-07-01"));
    let b: Bepaling = ask("artikel 5.4, lid 2", "2025-03-01").json().unwrap();
    assert_eq!(b.stand, "bestond_niet");
    let b: Bepaling = ask("artikel 5.4", "2023-03-01").json().unwrap();
    assert_eq!(b.stand, "bestond_niet");
    assert!(b.versie.is_none());

    problem(
        ask("paragraaf 2", "2025-03-01"),
        400,
        "serve::ongeldige-vraag",
    );
    problem(
        ask("artikel 5.4", "gisteren"),
        400,
        "serve::ongeldige-vraag",
    );
}
