//! Rendering the shipped ordinances as legal text: a snapshot per ordinance (every `.vo` file
//! under `ordinances/`, found by glob, so a new ordinance gets one), each model also with the
//! leeswijzer's brackets, and HTML that needs nothing from outside. Fidelity to the source
//! text is tests/render_fidelity.rs.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

fn render(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .arg("render")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run verordening: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_example_ordinance_as_legal_text() {
    let text = render(&["ordinances/voorbeeld/voorbeeldstad-2023.vo"]);
    assert!(
        text.contains(
            "Het college stelt binnen 8 weken na ontvangst van de aanvraag de loonwaarde vast"
        ),
        "the chosen value is filled in"
    );
    // A fill-in that depends on the case reads as what it says, not as one of its values
    // (art. 8, derde lid: `indien participatieplaats.uren_per_week >= 16 dan € 150 anders € 100`).
    assert!(
        text.contains("De premie, bedoeld in artikel 10a, zesde lid, van de wet bedraagt € 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders € 100 per zes maanden"),
        "the formula in words"
    );
    // A value as the ordinance wrote it (art. 13, tweede lid: `12 maanden`, not "1 jaar").
    assert!(text.contains("gedurende maximaal 12 maanden respectievelijk 24 maanden"));
    assert!(
        !text.contains("Artikel 10. Ondersteuning bij leer-werktraject"),
        "an article not adopted is absent"
    );
    assert!(!text.contains(" OF "), "only the chosen option appears");
}

#[test]
fn the_model_with_the_leeswijzer() {
    let text = render(&["ordinances/vng/model-2023.vo", "--leeswijzer"]);
    assert!(
        text.contains("[bedrag (bijvoorbeeld € 100)] per zes maanden"),
        "fill-ins with their example"
    );
    assert!(text.contains("[(de kwaliteitseisen zoals opgenomen in de Bijlage) OF (een van de in de Bijlage genoemde keurmerken)]"));
    assert!(
        text.contains("[Artikel 4. Werkstage"),
        "optional articles bracketed"
    );
}

/// A keuze `een of beide` (art. 14f, eerste lid: the municipality may choose either or both)
/// prints as the model prints it. The leeswijzer's legend describes such a choice as
/// "[iets EN/OF iets]", but the model text itself, in Bijlage 2 and 3 of the ledenbrief alike,
/// writes "[(de gemeente) OF (een derde, …)]": the rendering follows the text, not the legend.
#[test]
fn a_choice_of_one_or_both_prints_as_the_model_prints_it() {
    let seed = std::fs::read_to_string("tests/data/vng-ledenbrief-bijlage2-artikel-I.txt")
        .unwrap_or_else(|e| panic!("{e}"));
    let model_line = seed
        .lines()
        .find(|l| {
            l.contains("jobcoach die werkzaam is in een dienstverband bij of in opdracht van")
        })
        .unwrap_or_else(|| panic!("art. 14f, eerste lid, not in the seed"));
    assert!(
        model_line.contains("[(de gemeente) OF (een derde,"),
        "{model_line}"
    );
    let text = render(&["ordinances/vng/model-2023.vo", "--leeswijzer"]);
    assert!(
        text.lines().any(|l| l == model_line),
        "not as the model prints it:\n{model_line}"
    );
}

#[test]
fn the_2017_model_prints_its_variants_and_old_notation() {
    let text = render(&["ordinances/vng/model-2017.vo", "--leeswijzer"]);
    assert!(text.contains("*Variant 1*\n\n1. Het college kan werkgevers de kosten"));
    assert!(text.contains("*Variant 2*\n\n1. Een werkgever komt in aanmerking"));
    assert!(text.contains("[periode (bijvoorbeeld 12 maanden)]"));
    assert!(
        text.contains("worden [ten hoogste] [aantal] OF wordt een aantal van"),
        "a choice in the older notation, without parentheses"
    );
    // Without the leeswijzer a model shows its examples and every variant.
    let plain = render(&["ordinances/vng/model-2017.vo"]);
    assert!(plain.contains("tot en met 12 maanden na indiensttreding"));
    assert!(plain.contains("*Variant 2*"));
}

fn is_model(path: &std::path::Path) -> bool {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("model \""))
}

#[test]
fn each_shipped_ordinance_as_legal_text() {
    insta::glob!("../ordinances", "**/*.vo", |path| {
        let p = path.to_string_lossy();
        insta::assert_snapshot!(render(&[&p]));
    });
}

#[test]
fn each_shipped_model_with_the_leeswijzer() {
    insta::glob!("../ordinances", "**/*.vo", |path| {
        if is_model(path) {
            let p = path.to_string_lossy();
            insta::assert_snapshot!(render(&[&p, "--leeswijzer"]));
        }
    });
}

#[test]
fn html_is_one_self_contained_page() {
    let html = render(&[
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "--format",
        "html",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(external), "external resource: {external}");
    }
    assert!(html.contains("<h3>Artikel 14h. Jobcoaching</h3>"));
}

/// A fill-in that is a formula renders as what it says: in words where every part has a
/// description that can stand in a sentence (an `anders indien` chain, `en`, `van`, rounding),
/// otherwise as written (a yes/no question cannot be the subject of "als ... is"). Never one
/// of its outcomes as if it were the value.
#[test]
fn formulas_render_in_words_or_as_written() {
    let text = render(&["tests/fixtures/schrijfwijze/formules.vo"]);
    assert!(text.contains(
        "3. De premie bedraagt € 200 als het aantal uren per week op de participatieplaats ten minste 24 is, \
         € 150 als het aantal uren per week op de participatieplaats ten minste 16 is en het aantal kinderen van de persoon meer dan 0 is, \
         anders 10% van het loon per maand op de participatieplaats, naar boven afgerond op € 1 per zes maanden."
    ), "{text}");
    assert!(
        text.contains("ten hoogste indien persoon.jong dan 3 maanden anders 6 maanden."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// Lines of a markdown rendering that are a lid or onderdeel number with nothing after it.
fn empty_numbered_lines(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(|l| l.trim().trim_start_matches("- "))
        .filter(|l| {
            let core = l.trim_matches(['[', ']']);
            core.strip_suffix('.')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .map(str::to_string)
        .collect()
}

/// A lid or onderdeel whose whole text is a passage that was not adopted, like an optional lid
/// that was not adopted, is absent from the legal text; the other leden keep the model's
/// numbers (1, 4, 5: see docs/handleiding.md, "De juridische tekst"). In HTML too.
#[test]
fn a_lid_with_nothing_left_is_absent() {
    let path = "tests/fixtures/render/lege-leden.vo";
    let text = render(&[path]);
    assert_eq!(empty_numbered_lines(&text), Vec::<String>::new(), "{text}");
    assert!(text.contains("1. Het college kan een voorziening toekennen."));
    assert!(text
        .contains("\n4. De voorziening, bedoeld in het eerste lid, wordt schriftelijk toegekend."));
    assert!(!text.contains("\n2.") && !text.contains("\n3."), "{text}");
    assert!(text.contains("  - a. de persoonlijke omstandigheden;\n  - c. de mogelijkheden"));
    let html = render(&[path, "--format", "html"]);
    assert!(
        !html.contains("</span> </p>"),
        "an empty lid in HTML:\n{html}"
    );
    insta::assert_snapshot!(text);
}

/// No shipped ordinance, and none of the test ordinances rendered in snapshots, shows a lid or
/// onderdeel number with nothing after it.
#[test]
fn no_rendering_shows_an_empty_lid() {
    let mut paths: Vec<String> =
        verordening::project::expand_paths(&[std::path::PathBuf::from("ordinances")])
            .unwrap_or_default()
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|p| !p.contains("/wet/")) // the law carries its rules, not its text
            .collect();
    paths.push("tests/fixtures/schrijfwijze/formules.vo".into());
    assert!(paths.len() >= 6, "{paths:?}");
    for p in &paths {
        let text = render(&[p]);
        assert_eq!(empty_numbered_lines(&text), Vec::<String>::new(), "{p}");
    }
}
