//! Rendering the shipped ordinances as legal text: a snapshot per ordinance (every `.vo` file
//! under `ordinances/`, found by glob, so a new ordinance gets one), each model also with the
//! leeswijzer's brackets, and HTML that needs nothing from outside. Fidelity to the source
//! text is tests/render_fidelity.rs.

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
        text.contains("De premie, bedoeld in artikel 10a, zesde lid, van de wet bedraagt € 150"),
        "the chosen value is filled in"
    );
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
