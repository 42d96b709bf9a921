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
