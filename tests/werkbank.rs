//! The authoring workbench over HTTP (no browser): `--bewerken` is off by default and needs a
//! token beyond this machine; the live check maps a wet bound to its control; the plain form
//! saves (round trip byte-identical to `fmt`, a new file, work in progress); a stale version
//! is refused with the was-wordt and nothing overwritten; paths outside the folder are
//! refused; the access log holds no entered values.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod serve_support;

use reqwest::blocking::Client;
use serde_json::{json, Value};
use serve_support::{copy_ordinances, root, Server};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use verordening::project::Project;
use verordening::serve::bewerken::{read_entries, sections};

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(300))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

/// The form fields of a file as the form shows them when it is opened.
fn form_of(folder: &Path, rel: &str) -> Vec<(String, String)> {
    let mut project = Project::new();
    project.set_directory(Some(folder));
    let i = project.load(&folder.join(rel)).unwrap();
    let secs = sections(&project, i);
    let e = read_entries(&secs, &project.doc(i).unwrap().ast);
    let mut out = Vec::new();
    for (k, vs) in e {
        for v in vs {
            out.push((k.clone(), v));
        }
    }
    out
}

fn version_of(path: &Path) -> String {
    verordening::serve::werkbank::version_of(&std::fs::read(path).unwrap())
}

fn fmt_of(path: &Path) -> String {
    let src = std::fs::read_to_string(path).unwrap();
    let r = verordening::syntax::parse(&src, verordening::diagnostics::FileId(0));
    verordening::fmt::format_file(&r.file)
}

#[test]
fn editing_is_off_by_default() {
    let s = Server::start(&root().join("ordinances"), &[]);
    let r = client().get(s.url("/bewerken")).send().unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let r = client()
        .post(s.url("/api/v1/bewerken/controle"))
        .json(&json!({"velden": []}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[test]
fn editing_beyond_this_machine_needs_a_token() {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["serve", "ordinances", "--bewerken", "--adres", "0.0.0.0:0"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--token-bestand"), "{err}");
}

#[test]
fn the_live_check_puts_a_wet_bound_next_to_its_control() {
    let folder = copy_ordinances("werkbank-controle");
    let s = Server::start(&folder, &["--bewerken", "--max-duur", "120"]);
    let r = client()
        .post(s.url("/api/v1/bewerken/controle"))
        .json(&json!({"velden": [
            ["model", "vng/model-2023.vo"],
            ["bestand", "zandvoorde/zandvoorde-2023.vo"],
            ["titel", "Re-integratieverordening Participatiewet Zandvoorde 2023"],
            ["gemeente", "Zandvoorde"],
            ["citeertitel", "Re-integratieverordening Participatiewet Zandvoorde 2023"],
            ["geldig_vanaf", "2023-07-01"],
            ["o:art8.lid1-2", "ja"],
            ["w:art8.lid3.bedrag", "10000"],
            ["w:art13.lid2.percentage", "50 ("],
        ]}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().unwrap();
    let bedrag = &v["meldingen"]["art8.lid3.bedrag"];
    assert_eq!(bedrag[0]["code"], "vo::wettelijke-grens", "{bedrag}");
    assert!(v["meldingen_html"]["art8_lid3_bedrag"]
        .as_str()
        .unwrap()
        .contains("/bewerken/hulp/wettelijke-grens"));
    // A value that cannot be read is reported at its control, not written.
    assert!(
        v["meldingen"]["art13.lid2.percentage"][0]["bericht"]
            .as_str()
            .unwrap()
            .contains("niet te lezen"),
        "{}",
        v["meldingen"]["art13.lid2.percentage"]
    );
    assert!(!v["bron"].as_str().unwrap().contains("50 ("));
    // Still to decide: among others the name of the municipality in the aanhef.
    let open: Vec<&str> = v["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(open.contains(&"aanhef.naam_gemeente"), "{open:?}");
    assert!(!open.contains(&"art8.lid3.bedrag"));
    // The text as it will be published has the value.
    assert!(v["tekst_html"].as_str().unwrap().contains("€ 10.000"));
    // The diagnostic's page is served.
    let page = client()
        .get(s.url("/bewerken/hulp/wettelijke-grens"))
        .send()
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let log = s.log(Duration::from_millis(200));
    assert!(
        !log.contains("10000") && !log.contains("Zandvoorde"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn the_form_saves_round_trips_and_detects_a_concurrent_save() {
    let folder = copy_ordinances("werkbank-bewaar");
    // The ordinance's own test cases, for the behavioural diff shown on save.
    std::fs::copy(
        root().join("ordinances/voorbeeld/voorbeeldstad-2023.test.yaml"),
        folder.join("voorbeeld/voorbeeldstad-2023.test.yaml"),
    )
    .unwrap();
    let s = Server::start(&folder, &["--bewerken", "--max-duur", "120"]);
    let rel = "voorbeeld/voorbeeldstad-2023.vo";
    let path = folder.join(rel);
    let expected = fmt_of(&path);

    // Opened and saved without a change: fmt's bytes.
    let page = client()
        .get(s.url(&format!("/bewerken/{rel}")))
        .send()
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"));
    let version = version_of(&path);
    let mut fields = form_of(&folder, rel);
    fields.push(("versie".into(), version.clone()));
    fields.push(("actie".into(), "bewaar".into()));
    let r = client()
        .post(s.url(&format!("/bewerken/{rel}")))
        .form(&fields)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().unwrap();
    assert!(body.contains("Bewaard"), "{body}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    // No temporary file is left next to it.
    let names: Vec<String> = std::fs::read_dir(folder.join("voorbeeld"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".vo") || n.ends_with(".test.yaml")),
        "{names:?}"
    );

    // A second saver with the old version: refused, with the was-wordt; nothing overwritten.
    let mut stale = form_of(&folder, rel);
    stale.retain(|(k, _)| k != "w:art13.lid2.percentage");
    stale.push(("w:art13.lid2.percentage".into(), "40".into()));
    stale.push(("versie".into(), "0-0000000000000000".into()));
    stale.push(("actie".into(), "bewaar".into()));
    let r = client()
        .post(s.url(&format!("/bewerken/{rel}")))
        .form(&stale)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let body = r.text().unwrap();
    assert!(body.contains("intussen gewijzigd"), "{body}");
    assert!(body.contains("class=\"waswordt\""));
    assert!(
        body.contains("40%") || body.contains("40 procent"),
        "{body}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    // The form now holds the version on disk with this form's change merged in.
    assert!(body.contains("name=\"geopend\""));
    // The page carries the current version: saving again (knowing) writes.
    let current = version_of(&path);
    assert!(body.contains(&current));
    stale.retain(|(k, _)| k != "versie");
    stale.push(("versie".into(), current));
    let r = client()
        .post(s.url(&format!("/bewerken/{rel}")))
        .form(&stale)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // The save shows the behavioural diff over the ordinance's own test file
    // (voorbeeldstad-2023.test.yaml beside it), as `diff --cases` would.
    let body = r.text().unwrap();
    assert!(
        body.contains("Verschillen in uitkomsten (testcasussen en casussen)"),
        "{body}"
    );
    assert!(body.contains("casussen beoordeeld"), "{body}");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("invulling art13.lid2.percentage = 40%"));
    // Only that statement changed; every comment of the file is still there.
    for line in expected.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(saved.contains(line), "{line}");
    }
    assert_eq!(
        saved.lines().count(),
        expected.lines().count(),
        "one statement changed in place"
    );

    // A new file, unfinished: saved as work in progress, with the reason.
    let r = client()
        .post(s.url("/bewerken/nieuw?model=vng/model-2023.vo"))
        .form(&[
            ("model", "vng/model-2023.vo"),
            ("bestand", "zandvoorde/zandvoorde-2023.vo"),
            (
                "titel",
                "Re-integratieverordening Participatiewet Zandvoorde 2023",
            ),
            ("gemeente", "Zandvoorde"),
            (
                "citeertitel",
                "Re-integratieverordening Participatiewet Zandvoorde 2023",
            ),
            ("geldig_vanaf", "2023-07-01"),
            ("w:aanhef.naam_gemeente", "Zandvoorde"),
            ("versie", ""),
            ("actie", "bewaar"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().unwrap();
    assert!(body.contains("werk in uitvoering"), "{body}");
    let new = std::fs::read_to_string(folder.join("zandvoorde/zandvoorde-2023.vo")).unwrap();
    assert!(new.contains("model \"../vng/model-2023.vo\""), "{new}");
    assert!(
        new.contains("invulling aanhef.naam_gemeente = \"Zandvoorde\""),
        "{new}"
    );
    // Creating it again is refused: it exists.
    let r = client()
        .post(s.url("/bewerken/nieuw?model=vng/model-2023.vo"))
        .form(&[
            ("model", "vng/model-2023.vo"),
            ("bestand", "zandvoorde/zandvoorde-2023.vo"),
            ("versie", ""),
            ("actie", "bewaar"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    assert_eq!(
        std::fs::read_to_string(folder.join("zandvoorde/zandvoorde-2023.vo")).unwrap(),
        new
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn paths_outside_the_folder_are_refused() {
    let folder = copy_ordinances("werkbank-pad");
    let s = Server::start(&folder, &["--bewerken"]);
    for p in [
        "/bewerken/..%2Fgeheim.vo",
        "/bewerken/voorbeeld/voorbeeldstad-2023.txt",
        "/bewerken/%2Fetc%2Fpasswd.vo",
    ] {
        let r = client()
            .post(s.url(p))
            .form(&[("actie", "bewaar"), ("versie", "")])
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 404, "{p}");
    }
    assert!(!folder.parent().unwrap().join("geheim.vo").exists());
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn the_compare_page_and_the_source_view() {
    let s = Server::start(
        &root().join("ordinances"),
        &["--bewerken", "--max-duur", "120"],
    );
    let r = client()
        .get(s.url("/bewerken/vergelijk?bestand=voorbeeld/voorbeeldstad-2023.vo&bestand=voorbeeld/voorbeeldstad-2024.vo"))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().unwrap();
    assert!(body.contains("art13.lid2.percentage"), "{body}");
    let r = client()
        .post(s.url("/api/v1/bewerken/bron"))
        .json(&json!({"bestand": "voorbeeld/nieuw.vo", "bron": "verordening \"x\" {\n  model \"../vng/model-2023.vo\"\n}\ninvulling art99.x = 3\n"}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().unwrap();
    let codes: Vec<&str> = v["meldingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"vo::onbekende-invulplek"), "{codes:?}");
}
