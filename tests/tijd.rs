//! Time in law (issue 22): consolidated states derived from a base text and a
//! wijzigingsbesluit (ordinances/zuiderveen), bitemporal look-ups, governing dates.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use chrono::NaiveDate;
use common::run;
use verordening::diagnostics::FileId;
use verordening::syntax::{parse, parse_besluit, File, ItemKind, MemberKind};
use verordening::wijziging::{toepassen, wijzigingsdata, Bron, ALLES};

const BASIS: &str = "ordinances/zuiderveen/reintegratie-2024.vo";
const BESLUIT: &str = "ordinances/zuiderveen/wijzigingsbesluit-2025.wb";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn load() -> (File, verordening::syntax::Besluit) {
    let base = parse(&std::fs::read_to_string(BASIS).unwrap(), FileId(0));
    assert!(!base.has_errors());
    let b = parse_besluit(&std::fs::read_to_string(BESLUIT).unwrap(), FileId(1));
    assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
    (base.file, b.besluit.unwrap())
}

/// (nr, vervallen) of every artikel.
fn artikelen(f: &File) -> Vec<(String, bool)> {
    f.items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a) => Some((a.nr.text.clone(), a.vervallen)),
            _ => None,
        })
        .collect()
}

fn leden(f: &File, nr: &str) -> Vec<String> {
    f.items
        .iter()
        .find_map(|i| match &i.kind {
            ItemKind::Artikel(a) if a.nr.text == nr => Some(
                a.members
                    .iter()
                    .filter_map(|m| match &m.kind {
                        MemberKind::Lid(l) => Some(l.nr.text.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn the_besluit_reads_as_written() {
    let (_, b) = load();
    assert_eq!(b.regeling.unwrap().value, "reintegratie-2024.vo");
    assert_eq!(b.vastgesteld, Some(d("2025-02-11")));
    assert_eq!(b.bekendgemaakt, Some(d("2025-02-18")));
    let labels: Vec<&str> = b.onderdelen.iter().map(|o| o.label.text.as_str()).collect();
    assert_eq!(labels, ["A", "B", "C", "D"]);
    assert_eq!(b.onderdelen[2].inwerkingtreding, Some(d("2025-07-01")));
}

#[test]
fn onderdelen_take_effect_on_their_own_dates() {
    let (base, b) = load();
    let bronnen = [Bron {
        file: FileId(1),
        besluit: &b,
    }];
    // A and B work back to 1 January; C and D start on 1 July.
    assert_eq!(
        wijzigingsdata(&bronnen, None),
        [d("2025-01-01"), d("2025-07-01")]
    );
    // Known on 1 February 2025 (before the bekendmaking), the besluit did not exist yet.
    assert!(wijzigingsdata(&bronnen, Some(d("2025-02-01"))).is_empty());

    let before = toepassen(&base, &bronnen, d("2024-12-31"), None).unwrap();
    assert_eq!(before, base, "nothing applies before 1 January 2025");

    let januari = toepassen(&base, &bronnen, d("2025-01-01"), None).unwrap();
    let arts = artikelen(&januari);
    assert!(arts.contains(&("5.6".into(), true)), "5.6 vacant: {arts:?}");
    assert!(arts.contains(&("5.7".into(), false)), "{arts:?}");
    assert_eq!(leden(&januari, "5.4"), ["1"]);

    let juli = toepassen(&base, &bronnen, d("2025-07-01"), None).unwrap();
    let arts = artikelen(&juli);
    assert!(arts.contains(&("5.6".into(), false)), "{arts:?}");
    assert!(!arts.iter().any(|(n, _)| n == "5.7"), "{arts:?}");
    assert_eq!(leden(&juli, "5.4"), ["1", "2"]);
    assert_eq!(toepassen(&base, &bronnen, ALLES, None).unwrap(), juli);
}

#[test]
fn a_derived_state_says_where_it_comes_from() {
    let (base, b) = load();
    let bronnen = [Bron {
        file: FileId(1),
        besluit: &b,
    }];
    let januari = toepassen(&base, &bronnen, d("2025-03-01"), None).unwrap();
    let text = verordening::fmt::format_file(&januari);
    assert!(text.contains("geldig vanaf 2025-01-01"), "{text}");
    assert!(text.contains("bekendgemaakt 2025-02-18"), "{text}");
    assert!(
        text.contains(
            "gewijzigd bij Wijzigingsbesluit re-integratie Zuiderveen 2025, onderdelen A en B"
        ),
        "{text}"
    );
    // The printed state parses back to the same tree: it is an ordinary version.
    let again = parse(&text, FileId(2));
    assert!(!again.has_errors());
    assert_eq!(again.file, januari);
}

#[test]
fn an_instruction_that_does_not_fit_is_refused() {
    let (base, _) = load();
    let src = "wijzigingsbesluit \"W\" {\n  regeling \"x.vo\"\n  inwerkingtreding 2025-01-01\n}\n\nonderdeel A {\n  artikel 5.9 vervalt\n}\n\nonderdeel B {\n  artikel 5.3 wordt vernummerd tot artikel 5.4\n}\n";
    let b = parse_besluit(src, FileId(1)).besluit.unwrap();
    let bronnen = [Bron {
        file: FileId(1),
        besluit: &b,
    }];
    let errs = toepassen(&base, &bronnen, d("2025-02-01"), None).unwrap_err();
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("artikel 5.9"), "{messages:?}");
    assert!(
        messages[1].contains("artikel 5.4 bestaat al"),
        "{messages:?}"
    );
}

#[test]
fn render_op_shows_the_state_of_that_date() {
    let (code, out, err) = run(&["render", BASIS, "--op", "2024-12-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("De uitstroompremie bedraagt € 500."), "{out}");
    assert!(out.contains("Artikel 5.6. Scholing\n"), "{out}");
    let (code, out, err) = run(&["render", "ordinances/zuiderveen", "--op", "2025-03-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("De uitstroompremie bedraagt € 750."), "{out}");
    assert!(out.contains("Artikel 5.6. Scholing (Vervallen)"), "{out}");
    let (code, out, err) = run(&["render", BASIS, "--op", "2025-07-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Artikel 5.6. Jobcoaching"), "{out}");
    assert!(!out.contains("Artikel 5.7"), "{out}");
}

#[test]
fn render_bekend_op_shows_the_law_as_it_stood_that_day() {
    // On 1 March 2025, as known on 1 February 2025 (before the bekendmaking of 18 February),
    // the premium was still € 500; as known later, it was € 750 from 1 January.
    let (code, out, err) = run(&[
        "render",
        BASIS,
        "--op",
        "2025-03-01",
        "--bekend-op",
        "2025-02-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("bedraagt € 500."), "{out}");
    let (_, out, _) = run(&[
        "render",
        BASIS,
        "--op",
        "2025-03-01",
        "--bekend-op",
        "2025-02-18",
    ]);
    assert!(out.contains("bedraagt € 750."), "{out}");
}

#[test]
fn check_checks_every_derived_state() {
    let (code, _, err) = run(&["check", "ordinances/zuiderveen"]);
    assert_eq!(code, 0, "{err}");
    // A besluit that does not fit its regeling makes check fail, pointing into the besluit.
    let (code, _, err) = run(&["check", "tests/fixtures/diagnostics/wijziging.vo"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("wijziging.wb"), "{err}");
}

#[test]
fn tekst_op_says_what_a_citation_meant_on_a_date() {
    let tekst = |op: &str, c: &str| run(&["tekst", "ordinances/zuiderveen", "--op", op, c]);
    let (code, out, err) = tekst("2024-12-01", "artikel 5.6");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("artikel 5.6 op 1 december 2024 (versie: ordinances/zuiderveen/reintegratie-2024.vo, geldig van 1 januari 2024 t/m 31 december 2024)"), "{out}");
    assert!(out.contains("Artikel 5.6. Scholing"), "{out}");
    // Vacant between the two dates.
    let (code, out, _) = tekst("2025-03-01", "artikel 5.6");
    assert_eq!(code, 1);
    assert!(out.contains("vervallen per 1 januari 2025"), "{out}");
    assert!(out.contains("reintegratie-2024@2025-01-01.vo"), "{out}");
    // Renumbered, as the besluit declares.
    let (code, out, _) = tekst("2025-10-01", "artikel 5.7");
    assert_eq!(code, 1);
    assert!(
        out.contains("vernummerd tot artikel 5.6 per 1 juli 2025"),
        "{out}"
    );
    let (code, out, _) = tekst("2025-10-01", "artikel 5.6");
    assert_eq!(code, 0);
    assert!(out.contains("Artikel 5.6. Jobcoaching"), "{out}");
    // A lid by its ordinal, and one that did not yet exist.
    let (code, out, _) = tekst("2025-10-01", "artikel 5.4, tweede lid");
    assert_eq!(code, 0);
    assert!(
        out.contains("2. De aanvraag wordt ingediend binnen drie maanden"),
        "{out}"
    );
    let (code, out, _) = tekst("2025-03-01", "artikel 5.4, lid 2");
    assert_eq!(code, 1);
    assert!(out.contains("bestond niet"), "{out}");
    let (code, out, _) = tekst("2023-03-01", "artikel 5.4");
    assert_eq!(code, 1);
    assert!(
        out.contains("geen versie van de regeling gold op die dag"),
        "{out}"
    );
    // As known on 1 February 2025, artikel 5.6 still stood on 1 March 2025.
    let (code, out, _) = run(&[
        "tekst",
        "ordinances/zuiderveen",
        "--op",
        "2025-03-01",
        "--bekend-op",
        "2025-02-01",
        "artikel 5.6",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Scholing"), "{out}");
    let (code, _, err) = tekst("2025-03-01", "paragraaf 2");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn versies_lists_hand_written_and_derived_versions() {
    let (code, out, err) = run(&["versies", "ordinances/zuiderveen", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 3, "{out}");
    assert_eq!(list[0]["geldig_tot"], "2024-12-31");
    assert_eq!(list[1]["geldig_vanaf"], "2025-01-01");
    assert_eq!(list[1]["geldig_tot"], "2025-06-30");
    assert_eq!(list[1]["afgeleid"], true);
    assert_eq!(list[1]["bekendgemaakt"], "2025-02-18");
    assert_eq!(list[2]["geldig_vanaf"], "2025-07-01");
    // Hand-written versions as before.
    let (code, out, _) = run(&["versies", "ordinances/voorbeeld"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "1 juli 2023 t/m 31 december 2023: ordinances/voorbeeld/voorbeeldstad-2023.vo"
        ),
        "{out}"
    );
}

#[test]
fn diff_between_two_dates_uses_the_derived_states() {
    let (code, out, err) = run(&[
        "diff",
        "ordinances/zuiderveen",
        "--op",
        "2024-12-31",
        "--op",
        "2025-07-01",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("Artikel 5.7 vernummerd naar artikel 5.6"),
        "{out}"
    );
    assert!(out.contains("Artikel 5.6 vervallen"), "{out}");
    assert!(out.contains("€ **750.**"), "{out}");
    // A dotted article number is one number in the summary, not "artikel 5, onder 3".
    assert!(
        out.contains(
            "- Artikel 5.3, tweede lid: regel vervalt: `waarde uitstroompremie.bedrag = € 500`"
        ),
        "{out}"
    );
}

fn write_case(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("verordening-tijd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const JUNI: &str = "peildatum: 2025-08-01\naanvraagdatum: 2025-06-15\nfeiten:\n  persoon.doelgroep: ja\n  dienstbetrekking.maanden: 11\n  dienstbetrekking.aanvang: 2024-09-01\n  aanvraag.datum: 2025-06-15\n";

#[test]
fn the_report_says_what_governed_and_carries_a_receipt() {
    let case = write_case("juni.yaml", JUNI);
    let c = case.to_str().unwrap();
    let (code, out, err) = run(&["eval", "ordinances/zuiderveen", c]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("aanvraagdatum: 15 juni 2025"), "{out}");
    assert!(
        out.contains("toetsingsdatum: 1 augustus 2025 (peildatum)"),
        "{out}"
    );
    assert!(
        out.contains("niet toegepast: artikel 5.4, tweede lid (uitstroompremie)"),
        "{out}"
    );
    assert!(
        out.contains("Uitstroompremie (uitstroompremie): toekennen mogelijk"),
        "{out}"
    );
    let (code, out, err) = run(&["eval", "ordinances/zuiderveen", c, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let b = &v["ontvangstbewijs"];
    assert_eq!(
        b["citeertitel"],
        "Verordening sociaal domein Zuiderveen 2024"
    );
    assert_eq!(b["geldig_vanaf"], "2025-07-01");
    assert_eq!(b["afgeleid"], true);
    assert_eq!(b["toetsingsgrond"], "peildatum");
    assert_eq!(
        b["engine"],
        format!("verordening {}", env!("CARGO_PKG_VERSION"))
    );
    let files: Vec<&str> = b["bestanden"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["pad"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "ordinances/wet/participatiewet.vo",
            "ordinances/zuiderveen/reintegratie-2024.vo",
            "ordinances/zuiderveen/wijzigingsbesluit-2025.wb"
        ]
    );
    // The hash is the sha256 of the file's bytes.
    let want = {
        use sha2::Digest;
        let bytes = std::fs::read("ordinances/zuiderveen/reintegratie-2024.vo").unwrap();
        sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(b["bestanden"][1]["sha256"], want.as_str());
    let vz = &v["voorzieningen"][0];
    assert_eq!(vz["naam"], "uitstroompremie");
    let t = &v["toetsing"][0];
    assert_eq!(t["voorziening"], "uitstroompremie");
    assert_eq!(t["datum"], "2025-08-01");
    assert_eq!(t["niet_toegepast"][0], "artikel 5.4, tweede lid");
}

#[test]
fn controleer_reproduces_an_outcome_from_its_receipt() {
    let case = write_case("controle.yaml", JUNI);
    let c = case.to_str().unwrap();
    let (_, report, _) = run(&["eval", "ordinances/zuiderveen", c, "--format", "json"]);
    let bewijs = write_case("bewijs.json", &report);
    let (code, out, err) = run(&[
        "eval",
        "ordinances/zuiderveen",
        c,
        "--controleer",
        bewijs.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("ongewijzigd: ordinances/zuiderveen/wijzigingsbesluit-2025.wb"),
        "{out}"
    );
    assert!(out.ends_with("de uitkomst is dezelfde\n"), "{out}");
    // A decision taken on 1 February 2025, before the besluit was published: its receipt says
    // bekend_op; checking it again reproduces the law as it stood (no retroactive € 750).
    let feb = write_case(
        "feb.yaml",
        "peildatum: 2025-02-01\nfeiten:\n  persoon.doelgroep: ja\n  dienstbetrekking.maanden: 8\n  dienstbetrekking.aanvang: 2024-05-01\n  aanvraag.datum: 2025-01-15\n",
    );
    let f = feb.to_str().unwrap();
    let (_, then, _) = run(&[
        "eval",
        "ordinances/zuiderveen",
        f,
        "--format",
        "json",
        "--bekend-op",
        "2025-02-01",
    ]);
    assert!(then.contains("\"bedrag\": \"€ 500\""), "{then}");
    let then_path = write_case("feb-bewijs.json", &then);
    let (code, out, _) = run(&[
        "eval",
        "ordinances/zuiderveen",
        f,
        "--controleer",
        then_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    // Against today's knowledge the outcome differs: exit code 1, and it says what.
    let (code, out, _) = run(&[
        "eval",
        "ordinances/zuiderveen",
        f,
        "--controleer",
        then_path.to_str().unwrap(),
        "--bekend-op",
        "2025-03-01",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("waarden toen {\"bedrag\":\"€ 500\"}, nu {\"bedrag\":\"€ 750\"}"),
        "{out}"
    );
    assert!(
        out.contains("nu ook gebruikt: ordinances/zuiderveen/wijzigingsbesluit-2025.wb"),
        "{out}"
    );
    assert!(out.ends_with("de uitkomst is anders\n"), "{out}");
}

#[test]
fn every_batch_line_carries_its_receipt() {
    let input = write_case(
        "batch.jsonl",
        "{\"id\":\"a\",\"peildatum\":\"2025-08-01\",\"aanvraagdatum\":\"2025-06-15\",\"feiten\":{\"persoon.doelgroep\":true,\"dienstbetrekking.maanden\":11,\"dienstbetrekking.aanvang\":\"2024-09-01\",\"aanvraag.datum\":\"2025-06-15\"}}\n{\"id\":\"b\",\"peildatum\":\"2024-12-31\",\"feiten\":{}}\n",
    );
    let (code, out, err) = run(&[
        "batch",
        "ordinances/zuiderveen",
        input.to_str().unwrap(),
        "--compact",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["voorzieningen"][0]["uitkomst"], "bevoegd");
    assert_eq!(lines[0]["ontvangstbewijs"]["aanvraagdatum"], "2025-06-15");
    assert_eq!(
        lines[0]["ontvangstbewijs"]["niet_toegepast"][0]["citaat"],
        "artikel 5.4, tweede lid"
    );
    assert_eq!(
        lines[1]["ontvangstbewijs"]["versiebestand"],
        "ordinances/zuiderveen/reintegratie-2024.vo"
    );
    assert_eq!(
        lines[1]["ontvangstbewijs"]["bestanden"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// Item 6: a renumbering the besluit declares is a renumbering in the diff, even where the
/// text changed too much to recognise it by content.
#[test]
fn diff_follows_a_declared_renumbering() {
    let dir = std::env::temp_dir().join(format!(
        "verordening-tijd-vernummerd-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("verordening.toml"), "").unwrap();
    std::fs::write(
        dir.join("basis.vo"),
        "verordening \"Verordening Proefstad\" {\n  geldig vanaf 2024-01-01\n}\n\nartikel 1 \"Doel\" {\n  tekst \"Deze verordening regelt de ondersteuning bij arbeidsinschakeling.\"\n}\n\nartikel 2 \"Scholing\" {\n  tekst \"Het college kan een scholing aanbieden aan personen die daarmee sneller werk vinden.\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("wijziging.wb"),
        "wijzigingsbesluit \"Wijziging Proefstad\" {\n  regeling \"basis.vo\"\n  bekendgemaakt 2024-12-01\n  inwerkingtreding 2025-01-01\n}\n\nonderdeel A {\n  artikel 2 wordt vernummerd tot artikel 3\n}\n\nonderdeel B {\n  artikel 3 komt te luiden:\n    artikel 3 \"Leerwerktraject\" {\n      tekst \"Een leerwerktraject combineert betaald werk bij een erkend leerbedrijf met een opleiding van ten hoogste twee jaar.\"\n    }\n}\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let (code, out, err) = run(&["diff", d, "--op", "2024-06-01", "--op", "2025-01-01"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("Artikel 2 vernummerd naar artikel 3"), "{out}");
    assert!(!out.contains("Artikel 2 vervallen"), "{out}");
}

/// The regeling's overgangsrecht can say that an application is judged by the law on its
/// aanvraagdatum (`toetsingsdatum "aanvraagdatum"` in the header).
#[test]
fn the_overgangsrecht_can_make_the_aanvraagdatum_govern() {
    let root =
        std::env::temp_dir().join(format!("verordening-tijd-aanvraag-{}", std::process::id()));
    let dir = root.join("zuiderveen");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(root.join("wet")).unwrap();
    std::fs::write(root.join("verordening.toml"), "").unwrap();
    std::fs::copy(
        "ordinances/wet/participatiewet.vo",
        root.join("wet/participatiewet.vo"),
    )
    .unwrap();
    let base = std::fs::read_to_string(BASIS).unwrap().replace(
        "  bekendgemaakt 2023-12-20\n",
        "  bekendgemaakt 2023-12-20\n  toetsingsdatum \"aanvraagdatum\"\n",
    );
    std::fs::write(dir.join("reintegratie-2024.vo"), base).unwrap();
    std::fs::copy(BESLUIT, dir.join("wijzigingsbesluit-2025.wb")).unwrap();
    let case = dir.join("december.yaml");
    // Applied for on 20 December 2024, decided on 1 March 2025: the premium of the law on the
    // aanvraagdatum (€ 500), not the retroactive € 750 in force on the peildatum.
    std::fs::write(
        &case,
        "peildatum: 2025-03-01\naanvraagdatum: 2024-12-20\nfeiten:\n  persoon.doelgroep: ja\n  dienstbetrekking.maanden: 7\n  dienstbetrekking.aanvang: 2024-05-01\n  aanvraag.datum: 2024-12-20\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "eval",
        dir.to_str().unwrap(),
        case.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["voorzieningen"][0]["waarden"]["bedrag"], "€ 500");
    assert_eq!(v["ontvangstbewijs"]["toetsingsgrond"], "aanvraagdatum");
    assert_eq!(v["ontvangstbewijs"]["toetsingsdatum"], "2024-12-20");
    // Without an aanvraagdatum the peildatum governs.
    std::fs::write(
        &case,
        "peildatum: 2025-03-01\nfeiten:\n  persoon.doelgroep: ja\n  dienstbetrekking.maanden: 7\n  dienstbetrekking.aanvang: 2024-05-01\n  aanvraag.datum: 2024-12-20\n",
    )
    .unwrap();
    let (_, out, _) = run(&[
        "eval",
        dir.to_str().unwrap(),
        case.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["voorzieningen"][0]["waarden"]["bedrag"], "€ 750");
    assert_eq!(v["ontvangstbewijs"]["toetsingsgrond"], "peildatum");
}
