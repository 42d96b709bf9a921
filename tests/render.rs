//! Rendering the shipped ordinances as legal text: a snapshot per ordinance, the model also
//! with the leeswijzer's brackets, and HTML that needs nothing from outside.

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
    insta::assert_snapshot!(text);
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
    insta::assert_snapshot!(text);
}

#[test]
fn the_wet_layer() {
    insta::assert_snapshot!(render(&["ordinances/wet/participatiewet.vo"]));
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
