//! `verordening import` (src/import): CVDR XML and plain text in, a `.vo` file out.
//!
//! The fixtures are in tests/fixtures/import/ (see the README there for what each file is and
//! where its text comes from). For each CVDR fixture: the import checks without errors, and the
//! rendered text of the result equals the published text of the XML up to whitespace, read from
//! the XML independently of the importer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use verordening::diagnostics::{render_human, SourceMap};
use verordening::import::{import, Deel, Kop, Model, Soort, Uitkomst};
use verordening::project::Project;
use verordening::render::{render, Block, Mode};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn with_models<R>(f: impl FnOnce(&[Model]) -> R) -> R {
    let mut p = Project::new();
    let m23 = p.load(Path::new("ordinances/vng/model-2023.vo")).unwrap();
    let m17 = p.load(Path::new("ordinances/vng/model-2017.vo")).unwrap();
    let models = vec![
        Model {
            naam: "het VNG-model (januari 2023)".into(),
            items: &p.doc(m23).unwrap().ast.items,
        },
        Model {
            naam: "het VNG-model (2017)".into(),
            items: &p.doc(m17).unwrap().ast.items,
        },
    ];
    f(&models)
}

fn run(soort: Soort, name: &str, kop: &Kop) -> Uitkomst {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources = SourceMap::default();
    let file = sources.add(&path, text.as_str());
    with_models(|models| import(soort, file, &text, name, kop, models))
        .unwrap_or_else(|d| panic!("{}", render_human(&sources, &[d], false, 100)))
}

/// Check the imported text and render it; panics on an error of the checker.
fn rendered(u: &Uitkomst, name: &str) -> Vec<Block> {
    let mut p = Project::new();
    let path = fixture(name).with_extension("vo");
    let i = p.load_text(&path, &u.vo);
    let mut diags = std::mem::take(&mut p.diagnostics);
    diags.extend(verordening::eval::check_document(&p, i));
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    assert!(
        errors.is_empty(),
        "{}\n{}",
        render_human(&p.sources, &errors, false, 100),
        u.vo
    );
    render(&p, i, Mode::Tekst).unwrap()
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The published text of a CVDR file, read straight from the XML: headings as "label nr
/// titel", then every lid number, list mark and paragraph in document order. The toelichting
/// is not regeling text.
fn published(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let regeling = doc
        .descendants()
        .find(|n| n.tag_name().name() == "regeling")
        .unwrap();
    let mut out = Vec::new();
    fn text(n: roxmltree::Node) -> String {
        words(
            &n.descendants()
                .filter(|d| d.is_text())
                .map(|d| d.text().unwrap_or(""))
                .collect::<String>(),
        )
    }
    fn walk(n: roxmltree::Node, out: &mut Vec<String>) {
        for c in n.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "toelichting" => {}
                "kop" => {
                    let part = |t: &str| {
                        c.children()
                            .find(|k| k.tag_name().name() == t)
                            .map(text)
                            .unwrap_or_default()
                    };
                    let nr = part("nr");
                    let nr = nr.trim_end_matches('.');
                    out.push(words(&format!(
                        "KOP {} {nr} {}",
                        part("label"),
                        part("titel")
                    )));
                }
                "al" | "lidnr" | "li.nr" => out.push(text(c)),
                _ => walk(c, out),
            }
        }
    }
    walk(regeling, &mut out);
    words(&out.join(" "))
}

/// The rendered blocks in the same shape: headings as "label nr titel" (the renderer's
/// "Artikel 1. Titel" without the dot after the number).
fn as_published(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Title(_) => {}
            Block::Heading(t) | Block::Article(t) => {
                let mut w: Vec<String> = t.split_whitespace().map(String::from).collect();
                if let Some(nr) = w.get_mut(1) {
                    *nr = nr.trim_end_matches('.').to_string();
                }
                out.push(format!("KOP {}", w.join(" ")));
            }
            Block::Bijlage(_, t) => out.push(format!("KOP {t}")),
            Block::Lid(n, t) => out.push(format!("{n} {t}")),
            Block::Onderdeel(_, l, t) => out.push(format!("{l} {t}")),
            Block::Para(t) | Block::Formule(t) | Block::Toelichting(t) | Block::Variant(t) => {
                out.push(t.clone())
            }
        }
    }
    words(&out.join(" "))
}

fn first_difference(a: &str, b: &str) -> String {
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    let at = wa.iter().zip(&wb).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(12);
    let show = |w: &[&str]| {
        w.iter()
            .skip(from)
            .take(30)
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("published: …{}\nrendered:  …{}", show(&wa), show(&wb))
}

fn round_trip(name: &str) -> Uitkomst {
    let u = run(Soort::Cvdr, name, &Kop::default());
    let blocks = rendered(&u, name);
    let xml = std::fs::read_to_string(fixture(name)).unwrap();
    let want = published(&xml);
    let got = as_published(&blocks);
    assert!(want == got, "{name}:\n{}", first_difference(&want, &got));
    u
}

#[test]
fn a_model_based_ordinance_renders_back_to_its_text_and_follows_the_model() {
    let u = round_trip("voorbeeldstad-2024.xml");
    let (naam, h) = u.herkenning.clone().unwrap();
    assert_eq!(naam, "het VNG-model (januari 2023)");
    assert!(h.volgt_model());
    assert!(h.afwijkend.is_empty(), "{:?}", h.afwijkend);
    // Every article but the vervallen 12 is placed in the model (15 by its title with an
    // optional passage, "Intrekken oude verordeningen{en_overgangsrecht}").
    assert_eq!(h.eigen, ["12"], "{h:?}");
    assert!(u.vo.contains("artikel 14h \"Jobcoaching\" model 14h {"));
    assert!(u.vo.contains("bron \"VOORBEELD-1\""));
    assert!(u.vo.contains("inwerkingtreding 2024-01-01"));
}

#[test]
fn a_deviating_ordinance_names_each_deviation_and_keeps_its_text() {
    let u = round_trip("afwijkdorp-2024.xml");
    let (_, h) = u.herkenning.clone().unwrap();
    assert!(h.volgt_model());
    let afwijkend: Vec<&str> = h.afwijkend.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(afwijkend, ["5", "7"]);
    assert!(h.eigen.contains(&"14o".to_string()));
    let remarks: Vec<&str> = u
        .meldingen
        .iter()
        .filter(|m| m.span.is_none())
        .map(|m| m.tekst.as_str())
        .collect();
    insta::assert_snapshot!(remarks.join("\n"));
    let art7 = u
        .regeling
        .body
        .iter()
        .find_map(|d| match d {
            Deel::Artikel(a) if a.nr == "7" => Some(a),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        art7.opmerkingen,
        ["Afwijking van het VNG-model (januari 2023): eerste lid wijkt af vanaf \"en die jonger is dan 27 jaar een …\"."]
    );
    assert_eq!(art7.model.as_deref(), Some("7"));
    assert!(u
        .vo
        .contains("# Afwijking van het VNG-model (januari 2023): eerste lid wijkt af vanaf"));
}

#[test]
fn an_ordinance_not_based_on_the_model_comes_in_as_its_own_text() {
    let u = round_trip("isd-bol-2023.xml");
    let (_, h) = u.herkenning.clone().unwrap();
    assert!(!h.volgt_model(), "{h:?}");
    assert!(
        !u.vo.contains(" model "),
        "no article is marked as a model article"
    );
    // The toelichting is kept as a comment, with a remark.
    assert!(u.vo.contains("# Niet geplaatst (toelichting):"));
    assert!(u
        .meldingen
        .iter()
        .any(|m| m.tekst.contains("<toelichting>")));
    insta::assert_snapshot!(u.vo);
}

#[test]
fn the_plain_text_reads_as_the_xml_and_reports_its_guesses() {
    let kop = Kop {
        gemeente: Some("ISD BOL".into()),
        inwerkingtreding: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
        ..Kop::default()
    };
    let t = run(Soort::Tekst, "isd-bol-2023.txt", &kop);
    let x = run(Soort::Cvdr, "isd-bol-2023.xml", &Kop::default());
    let articles = |u: &Uitkomst| -> Vec<Deel> {
        u.regeling
            .body
            .iter()
            .filter(|d| !matches!(d, Deel::Los { .. }))
            .cloned()
            .collect()
    };
    assert_eq!(articles(&t), articles(&x));
    rendered(&t, "isd-bol-2023.txt");
    let guesses: Vec<String> = t.meldingen.iter().map(|m| m.tekst.clone()).collect();
    insta::assert_snapshot!(guesses.join("\n"));
}

#[test]
fn bad_xml_and_unknown_structure_are_located_errors() {
    for name in ["onjuist.xml", "onbekend-artikelnummer.xml"] {
        let path = fixture(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sources = SourceMap::default();
        let file = sources.add(
            &PathBuf::from(format!("tests/fixtures/import/{name}")),
            text.as_str(),
        );
        let err = import(Soort::Cvdr, file, &text, name, &Kop::default(), &[]).unwrap_err();
        assert_eq!(err.code.as_str(), "vo::import");
        let report = render_human(&sources, &[err], false, 100);
        insta::assert_snapshot!(name, report);
    }
}

/// The command writes nothing when the publication is bad, and refuses to overwrite.
#[test]
fn the_command_writes_nothing_on_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit.vo");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["import", "cvdr"])
        .arg(fixture("onjuist.xml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(!out.exists());
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["import", "cvdr"])
        .arg(fixture("voorbeeldstad-2024.xml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.exists());
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["import", "cvdr"])
        .arg(fixture("voorbeeldstad-2024.xml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

/// Found by the import fuzz target: a published text with a brace (a formula, a typing error)
/// became a `.vo` whose text opened a reference that does not exist. The importer writes such a
/// brace as `\{`; the result parses, and render gives the brace back.
#[test]
fn a_brace_in_a_published_text_stays_a_brace() {
    let text = "Accoladeverordening\n\nArtikel 1. Premie\n\n1.\n\nDe premie is {a} maal het bedrag van artikel 2, of { minder.\n";
    let kop = Kop {
        citeertitel: Some("Accoladeverordening".into()),
        gemeente: Some("Accoladestad".into()),
        inwerkingtreding: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
    };
    let uit = import(
        Soort::Tekst,
        verordening::diagnostics::FileId(0),
        text,
        "accolade.txt",
        &kop,
        &[],
    )
    .unwrap();
    assert!(uit.vo.contains(r"\{a} maal"), "{}", uit.vo);
    let parsed = verordening::syntax::parse(&uit.vo, verordening::diagnostics::FileId(1));
    assert!(!parsed.has_errors(), "{:?}\n{}", parsed.diagnostics, uit.vo);
    let mut p = Project::new();
    let i = p.load_text(Path::new("accolade.vo"), &uit.vo);
    let blocks = render(&p, i, Mode::Tekst).unwrap();
    let md = verordening::render::markdown(&blocks);
    assert!(md.contains("{a} maal het bedrag"), "{md}");
    assert!(md.contains("of { minder"), "{md}");
}
