//! `--format docx` for render, diff, compare and besluit (crates/verordening-core/src/docx.rs): each document is opened
//! by a real office suite. LibreOffice (headless) converts it to text and to PDF; the text must
//! equal the text the document was written with, paragraph by paragraph; pdftoppm renders the
//! first page. Outside CI the test is skipped, with a message, where soffice is not installed;
//! on CI (`CI` set) a missing soffice fails it. `.ci/run` installs libreoffice-writer-nogui and
//! poppler-utils where missing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use verordening::besluit::{besluit, Invoer};
use verordening::docx::{from_besluit, from_blocks, from_compare, from_diff, Doc};
use verordening::project::Project;
use verordening::render::{render, Block, Mode};

/// Whether `cmd` runs; `flag` makes it print its version and exit 0 (pdftoppm knows `-v` only:
/// `--version` is an error to it, exit 1).
fn found(cmd: &str, flag: &str) -> bool {
    Command::new(cmd)
        .arg(flag)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether the office suite is there; on CI its absence is a failure.
fn office() -> bool {
    if found("soffice", "--version") && found("pdftoppm", "-v") {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("soffice (libreoffice-writer-nogui) of pdftoppm (poppler-utils) ontbreekt op CI; .ci/run installeert ze");
    }
    eprintln!("overgeslagen: soffice of pdftoppm is niet geïnstalleerd (apt-get install libreoffice-writer-nogui poppler-utils)");
    false
}

fn documents() -> Vec<(&'static str, Doc)> {
    let mut p = Project::new();
    let v23 = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo"))
        .unwrap();
    let v24 = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2024.vo"))
        .unwrap();
    let m17 = p.load(Path::new("ordinances/vng/model-2017.vo")).unwrap();
    let m23 = p.load(Path::new("ordinances/vng/model-2023.vo")).unwrap();
    let render_doc = from_blocks(&render(&p, v24, Mode::Tekst).unwrap());
    let d = verordening::diff::diff(&p, v23, v24);
    let diff_doc = from_diff(&d, "voorbeeldstad-2023.vo", "voorbeeldstad-2024.vo");
    let b = besluit(&Invoer {
        project: &p,
        oud: m17,
        nieuw: m23,
        vastgesteld: None,
        tussen: Vec::new(),
    });
    let besluit_doc = from_besluit(&b);
    let compare_doc = from_compare(
        &["Voorbeeldstad 2023".into(), "Voorbeeldstad 2024".into()],
        &[
            (
                "art8.lid3.bedrag".into(),
                vec!["€ 150 of € 100".into(), "€ 175 of € 125".into()],
            ),
            (
                "art14b.lid4.weken".into(),
                vec!["8 weken".into(), "6 weken".into()],
            ),
        ],
    );
    vec![
        ("render", render_doc),
        ("diff", diff_doc),
        ("besluit", besluit_doc),
        ("compare", compare_doc),
    ]
}

/// The paragraphs of a text, without empty lines and trailing spaces (LibreOffice writes an
/// empty line for the paragraph Word requires after a table).
fn paragraphs(s: &str) -> Vec<String> {
    s.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn convert(dir: &Path, to: &str, files: &[PathBuf]) {
    let out = Command::new("soffice")
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(dir)
        .args(files)
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_docx_opens_in_libreoffice_with_the_rendered_text() {
    if !office() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = documents();
    let mut files = Vec::new();
    for (name, doc) in &docs {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, doc.finish().unwrap()).unwrap();
        files.push(path);
    }
    convert(dir.path(), "txt:Text (encoded):UTF8", &files);
    convert(dir.path(), "pdf", &files);
    for (name, doc) in &docs {
        let txt = std::fs::read_to_string(dir.path().join(format!("{name}.txt"))).unwrap();
        let (got, want) = (paragraphs(&txt), paragraphs(&doc.plain()));
        let first = got.iter().zip(&want).position(|(a, b)| a != b);
        assert!(
            got == want,
            "{name}: LibreOffice reads another text; first difference at paragraph {first:?}:\n{:?}\n{:?}\n({} against {} paragraphs)",
            first.and_then(|i| got.get(i)),
            first.and_then(|i| want.get(i)),
            got.len(),
            want.len()
        );
        if *name == "render" {
            // And the rendered text itself: every block of `render`, number and text.
            let mut p = Project::new();
            let v24 = p
                .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2024.vo"))
                .unwrap();
            let blocks = render(&p, v24, Mode::Tekst).unwrap();
            let rendered: Vec<String> = blocks
                .iter()
                .map(|b| match b {
                    Block::Title(t)
                    | Block::Heading(t)
                    | Block::Article(t)
                    | Block::Bijlage(_, t)
                    | Block::Para(t)
                    | Block::Formule(t)
                    | Block::Toelichting(t)
                    | Block::Variant(t) => t.clone(),
                    Block::Lid(n, t) => format!("{n} {t}"),
                    Block::Onderdeel(_, l, t) => format!("{} {t}", if l == "-" { "–" } else { l }),
                })
                .collect();
            let read: Vec<String> = got.iter().map(|l| l.replace('\t', " ")).collect();
            assert_eq!(read, rendered);
        }
        let pdf = dir.path().join(format!("{name}.pdf"));
        let png = dir.path().join(name);
        let out = Command::new("pdftoppm")
            .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg(&png)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let page = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .find(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(name) && n.ends_with(".png")
            })
            .unwrap_or_else(|| panic!("{name}: no page image"));
        assert!(
            page.metadata().unwrap().len() > 1000,
            "{name}: an empty page image"
        );
    }
}

fn document_xml(doc: &Doc) -> String {
    let bytes = doc.finish().unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The was-wordt table: a header row that repeats on every page, deleted words struck through,
/// new words underlined; leden and onderdelen in their own Word styles.
#[test]
fn the_was_wordt_table_marks_words_and_repeats_its_header() {
    let docs = documents();
    let diff = &docs.iter().find(|(n, _)| *n == "diff").unwrap().1;
    let xml = document_xml(diff);
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(
        xml.contains("<w:rPr><w:strike/></w:rPr><w:t xml:space=\"preserve\">150</w:t>"),
        "{xml}"
    );
    assert!(
        xml.contains("<w:rPr><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">175</w:t>")
    );
    let render = &docs.iter().find(|(n, _)| *n == "render").unwrap().1;
    let xml = document_xml(render);
    for style in ["Title", "Heading1", "Heading2", "Lid", "Onderdeel1"] {
        assert!(
            xml.contains(&format!("<w:pStyle w:val=\"{style}\"/>")),
            "{style}"
        );
    }
}

/// The commands write the document with --uit, and refuse to print it on a terminal.
#[test]
fn the_commands_write_docx_files() {
    let dir = tempfile::tempdir().unwrap();
    let runs: [(&str, Vec<&str>); 4] = [
        (
            "render",
            vec!["render", "ordinances/voorbeeld/voorbeeldstad-2024.vo"],
        ),
        (
            "diff",
            vec![
                "diff",
                "ordinances/voorbeeld/voorbeeldstad-2023.vo",
                "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            ],
        ),
        (
            "compare",
            vec![
                "compare",
                "ordinances/voorbeeld/voorbeeldstad-2023.vo",
                "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            ],
        ),
        (
            "besluit",
            vec![
                "besluit",
                "ordinances/voorbeeld/voorbeeldstad-2023.vo",
                "ordinances/voorbeeld/voorbeeldstad-2024.vo",
            ],
        ),
    ];
    for (name, args) in runs {
        let path = dir.path().join(format!("{name}.docx"));
        let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
            .args(&args)
            .args(["--format", "docx", "--uit"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.code() == Some(0) || (name == "diff" && out.status.code() == Some(1)),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"PK"), "{name}: not a zip");
    }
}
