//! Word documents (.docx) for `render`, `diff`, `compare` and `besluit`.
//!
//! The WordprocessingML is written directly and packed with the `zip` crate: the documents need
//! a handful of parts (content types, relationships, document, styles), and a row that repeats as
//! the table's header on every page (`w:tblHeader`), which docx-rs 0.4 cannot set. Every
//! paragraph has a real Word style ("Title", "heading 1", "heading 2", and the Gemeenteblad's
//! own "Lid", "Onderdeel 1" … with a hanging indent after the number), so a jurist can restyle
//! the whole document in Word.
//!
//! [`Doc::plain`] is the text a reader sees, one paragraph (or table cell) per line: the tests
//! compare it with what LibreOffice reads from the file.

use crate::diff::{shown_diff, Change, Diff, Piece};
use crate::render::Block;
use std::io::Write;

/// A run of text with its character formatting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub strike: bool,
    pub underline: bool,
    /// A tab before the text (after a lid or onderdeel number).
    pub tab_before: bool,
}

impl Run {
    pub fn plain(t: impl Into<String>) -> Self {
        Run {
            text: t.into(),
            ..Run::default()
        }
    }
    fn bold(t: impl Into<String>) -> Self {
        Run {
            text: t.into(),
            bold: true,
            ..Run::default()
        }
    }
}

/// A document being built.
#[derive(Debug, Default)]
pub struct Doc {
    body: String,
    plain: Vec<String>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn runs_xml(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        out.push_str("<w:r>");
        if r.bold || r.strike || r.underline {
            out.push_str("<w:rPr>");
            if r.bold {
                out.push_str("<w:b/>");
            }
            if r.strike {
                out.push_str("<w:strike/>");
            }
            if r.underline {
                out.push_str("<w:u w:val=\"single\"/>");
            }
            out.push_str("</w:rPr>");
        }
        if r.tab_before {
            out.push_str("<w:tab/>");
        }
        out.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(&r.text)
        ));
    }
    out
}

fn runs_plain(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| {
            if r.tab_before {
                format!("\t{}", r.text)
            } else {
                r.text.clone()
            }
        })
        .collect()
}

/// A table cell: its paragraphs.
pub type Cell = Vec<Vec<Run>>;

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// A paragraph in `style` (a style id of [`STYLES`]).
    pub fn para(&mut self, style: &str, runs: &[Run]) {
        self.body.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
            runs_xml(runs)
        ));
        self.plain.push(runs_plain(runs));
    }

    pub fn text(&mut self, style: &str, t: &str) {
        self.para(style, &[Run::plain(t)]);
    }

    /// A numbered paragraph: the number, a tab, the text (as the Gemeenteblad prints a lid).
    pub fn numbered(&mut self, style: &str, nr: &str, t: &str) {
        let mut text = Run::plain(t);
        text.tab_before = true;
        self.para(style, &[Run::plain(nr), text]);
    }

    /// A table with `header` as its first row, repeated on every page. A row of one cell spans
    /// all columns (a label row).
    pub fn table(&mut self, widths: &[u32], header: &[&str], rows: &[Vec<Cell>]) {
        let cols = widths.len().max(1);
        let mut x = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabelraster\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
        for w in widths {
            x.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        x.push_str("</w:tblGrid>");
        x.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for h in header {
            x.push_str(&format!(
                "<w:tc><w:p><w:pPr><w:pStyle w:val=\"Tabelkop\"/></w:pPr>{}</w:p></w:tc>",
                runs_xml(&[Run::bold(*h)])
            ));
            self.plain.push(h.to_string());
        }
        x.push_str("</w:tr>");
        for row in rows {
            x.push_str("<w:tr>");
            for cell in row {
                x.push_str("<w:tc>");
                if row.len() == 1 && cols > 1 {
                    x.push_str(&format!("<w:tcPr><w:gridSpan w:val=\"{cols}\"/></w:tcPr>"));
                }
                if cell.is_empty() {
                    x.push_str("<w:p><w:pPr><w:pStyle w:val=\"Tabeltekst\"/></w:pPr></w:p>");
                    self.plain.push(String::new());
                }
                for p in cell {
                    x.push_str(&format!(
                        "<w:p><w:pPr><w:pStyle w:val=\"Tabeltekst\"/></w:pPr>{}</w:p>",
                        runs_xml(p)
                    ));
                    self.plain.push(runs_plain(p));
                }
                x.push_str("</w:tc>");
            }
            x.push_str("</w:tr>");
        }
        x.push_str("</w:tbl>");
        self.body.push_str(&x);
        // Word needs a paragraph after a table before the end of the body.
        self.body.push_str("<w:p/>");
    }

    /// The text a reader sees: one paragraph or table cell paragraph per line.
    pub fn plain(&self) -> String {
        let mut s = self.plain.join("\n");
        s.push('\n');
        s
    }

    /// The .docx file.
    pub fn finish(&self) -> Result<Vec<u8>, String> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
            self.body
        );
        let parts: [(&str, String); 5] = [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", ROOT_RELS.to_string()),
            ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
            ("word/document.xml", document),
            ("word/styles.xml", styles_xml()),
        ];
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, text) in parts {
                z.start_file(name, opts).map_err(|e| e.to_string())?;
                z.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
            }
            z.finish().map_err(|e| e.to_string())?;
        }
        Ok(buf.into_inner())
    }
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";

/// The styles: (id, name, based on, paragraph properties, run properties).
pub const STYLES: &[(&str, &str, &str, &str, &str)] = &[
    ("Normal", "Normal", "", "<w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/>", "<w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\"/><w:sz w:val=\"22\"/><w:lang w:val=\"nl-NL\"/>"),
    ("Title", "Title", "Normal", "<w:spacing w:after=\"240\"/><w:outlineLvl w:val=\"0\"/>", "<w:b/><w:sz w:val=\"32\"/>"),
    ("Heading1", "heading 1", "Normal", "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>", "<w:b/><w:sz w:val=\"28\"/>"),
    ("Heading2", "heading 2", "Normal", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>", "<w:b/><w:sz w:val=\"24\"/>"),
    ("Heading3", "heading 3", "Normal", "<w:keepNext/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/>", "<w:b/>"),
    ("Lid", "Lid", "Normal", "<w:tabs><w:tab w:val=\"left\" w:pos=\"426\"/></w:tabs><w:ind w:left=\"426\" w:hanging=\"426\"/>", ""),
    ("Onderdeel1", "Onderdeel 1", "Normal", "<w:tabs><w:tab w:val=\"left\" w:pos=\"851\"/></w:tabs><w:spacing w:after=\"60\"/><w:ind w:left=\"851\" w:hanging=\"425\"/>", ""),
    ("Onderdeel2", "Onderdeel 2", "Normal", "<w:tabs><w:tab w:val=\"left\" w:pos=\"1276\"/></w:tabs><w:spacing w:after=\"60\"/><w:ind w:left=\"1276\" w:hanging=\"425\"/>", ""),
    ("Onderdeel3", "Onderdeel 3", "Normal", "<w:tabs><w:tab w:val=\"left\" w:pos=\"1701\"/></w:tabs><w:spacing w:after=\"60\"/><w:ind w:left=\"1701\" w:hanging=\"425\"/>", ""),
    ("Formule", "Formule", "Normal", "", ""),
    ("Toelichting", "Toelichting", "Normal", "<w:ind w:left=\"426\"/>", "<w:i/>"),
    ("Opsomming", "Opsomming", "Normal", "<w:ind w:left=\"426\" w:hanging=\"284\"/>", ""),
    ("Instructie", "Instructie", "Normal", "<w:keepNext/>", ""),
    ("Citaat", "Citaat", "Normal", "<w:ind w:left=\"709\"/>", ""),
    ("Onderdeelletter", "Onderdeelletter", "Normal", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"60\"/>", "<w:b/>"),
    ("Tabelkop", "Tabelkop", "Normal", "<w:spacing w:after=\"0\"/>", "<w:b/>"),
    ("Tabeltekst", "Tabeltekst", "Normal", "<w:spacing w:after=\"60\"/>", "<w:sz w:val=\"20\"/>"),
];

fn styles_xml() -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">");
    for (id, name, based, ppr, rpr) in STYLES {
        let default = if *id == "Normal" {
            " w:default=\"1\""
        } else {
            ""
        };
        s.push_str(&format!(
            "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>"
        ));
        if !based.is_empty() {
            s.push_str(&format!("<w:basedOn w:val=\"{based}\"/>"));
        }
        s.push_str("<w:qFormat/>");
        if !ppr.is_empty() {
            s.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
        }
        if !rpr.is_empty() {
            s.push_str(&format!("<w:rPr>{rpr}</w:rPr>"));
        }
        s.push_str("</w:style>");
    }
    s.push_str("<w:style w:type=\"table\" w:styleId=\"Tabelraster\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("</w:styles>");
    s
}

// ---------------------------------------------------------------- the documents

/// A rendered regeling (`render --format docx`).
pub fn from_blocks(blocks: &[Block]) -> Doc {
    let mut d = Doc::new();
    add_blocks(&mut d, blocks, false);
    d
}

fn add_blocks(d: &mut Doc, blocks: &[Block], quoted: bool) {
    for b in blocks {
        match b {
            Block::Title(t) => d.text(if quoted { "Heading2" } else { "Title" }, t),
            Block::Heading(t) => d.text(if quoted { "Heading3" } else { "Heading1" }, t),
            Block::Article(t) | Block::Bijlage(_, t) => {
                d.text(if quoted { "Heading3" } else { "Heading2" }, t)
            }
            Block::Para(t) => d.text("Normal", t),
            Block::Formule(t) => d.text("Formule", t),
            Block::Lid(n, t) => d.numbered("Lid", n, t),
            Block::Onderdeel(depth, l, t) => {
                let style = match depth {
                    0 => "Onderdeel1",
                    1 => "Onderdeel2",
                    _ => "Onderdeel3",
                };
                let label = if l == "-" { "–" } else { l.as_str() };
                d.numbered(style, label, t);
            }
            Block::Toelichting(t) => d.text("Toelichting", t),
            Block::Variant(t) => d.text("Heading3", t),
        }
    }
}

fn marked(ps: &[Piece<'_>], del: bool) -> Vec<Run> {
    // Consecutive pieces of one kind form one run, with the spaces between them; a piece glued
    // to the one before (a comma to its word) comes without a space.
    let mut runs: Vec<Run> = Vec::new();
    for p in ps {
        let changed = p.mark != 0;
        match runs.last_mut() {
            Some(r) if (r.strike || r.underline) == changed => {
                if p.spaced {
                    r.text.push(' ');
                }
                r.text.push_str(p.text);
            }
            last => {
                // The space between two runs stays unmarked: it belongs to the unchanged text.
                let mut text = String::new();
                match last {
                    Some(_) if !changed && p.spaced => text.push(' '),
                    Some(r) if p.spaced => r.text.push(' '),
                    _ => {}
                }
                text.push_str(p.text);
                runs.push(Run {
                    text,
                    strike: changed && del,
                    underline: changed && !del,
                    ..Run::default()
                });
            }
        }
    }
    runs
}

/// The marked pieces of a text, a paragraph per line (a line holds as many words, so as many
/// pieces that begin a word, as it has words).
fn marked_lines(text: &str, ps: &[Piece<'_>], del: bool) -> Cell {
    let mut out = Vec::new();
    let mut rest = ps;
    for line in text.lines() {
        let n = line.split_whitespace().count();
        // The end of the line: where its (n + 1)-th word would begin.
        let end = rest
            .iter()
            .enumerate()
            .filter(|(_, p)| p.spaced)
            .nth(n)
            .map_or(rest.len(), |(k, _)| k);
        let (part, tail) = rest.split_at(end);
        rest = tail;
        out.push(marked(part, del));
    }
    out
}

fn all_lines(text: &str, strike: bool, underline: bool) -> Cell {
    text.lines()
        .map(|l| {
            vec![Run {
                text: l.to_string(),
                strike,
                underline,
                ..Run::default()
            }]
        })
        .collect()
}

/// The rows of a was-wordt table: a label row, then the old and the new text with the deleted
/// words struck through and the new words underlined (as the VNG ledenbrief prints it).
pub fn was_wordt_rows(d: &Diff) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for c in &d.wijzigingen {
        let (label, was, wordt) = match c {
            Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                let (o, n) = shown_diff(&was.text, &wordt.text);
                let label = if was.label == wordt.label {
                    was.label.clone()
                } else {
                    format!("{} → {}", was.label, wordt.label)
                };
                // Only the words outside line breaks count: the pieces follow the whitespace words.
                (
                    label,
                    marked_lines(&was.text, &o, true),
                    marked_lines(&wordt.text, &n, false),
                )
            }
            Change::Toegevoegd { wordt } => (
                wordt.label.clone(),
                Vec::new(),
                all_lines(&wordt.text, false, true),
            ),
            Change::Vervallen { was } => (
                was.label.clone(),
                all_lines(&was.text, true, false),
                Vec::new(),
            ),
        };
        rows.push(vec![vec![vec![Run::bold(label)]]]);
        rows.push(vec![was, wordt]);
    }
    rows
}

/// `diff --format docx`.
pub fn from_diff(d: &Diff, old_name: &str, new_name: &str) -> Doc {
    let mut doc = Doc::new();
    add_diff(&mut doc, d, old_name, new_name, "Title", "Heading1");
    doc
}

fn add_diff(doc: &mut Doc, d: &Diff, old_name: &str, new_name: &str, title: &str, heading: &str) {
    doc.text(title, &format!("Was-wordt: {old_name} → {new_name}"));
    if d.is_empty() {
        doc.text("Normal", "Geen verschillen.");
        return;
    }
    if !d.semantisch.is_empty() {
        doc.text(heading, "Wijzigingen");
        for l in &d.semantisch {
            doc.numbered("Opsomming", "–", l);
        }
    }
    doc.text(heading, "Was-wordt-tabel");
    doc.table(&[4536, 4536], &["Was", "Wordt"], &was_wordt_rows(d));
}

/// `compare --format docx`: one row per slot, one column per regeling.
pub fn from_compare(headers: &[String], rows: &[(String, Vec<String>)]) -> Doc {
    let mut doc = Doc::new();
    doc.text("Title", "Vergelijking van invullingen");
    let mut head: Vec<&str> = vec!["invulplek"];
    head.extend(headers.iter().map(String::as_str));
    let n = head.len().max(1) as u32;
    let widths = vec![9072 / n; n as usize];
    let body: Vec<Vec<Cell>> = rows
        .iter()
        .map(|(id, vs)| {
            let mut r = vec![vec![vec![Run::plain(id.clone())]]];
            r.extend(vs.iter().map(|v| vec![vec![Run::plain(v.clone())]]));
            r
        })
        .collect();
    doc.table(&widths, &head, &body);
    doc
}

/// `besluit --format docx`: the besluit, then the was-wordt table as bijlage.
pub fn from_besluit(b: &crate::besluit::Besluit) -> Doc {
    let mut doc = Doc::new();
    doc.text("Title", &b.titel);
    for a in &b.aanhef {
        doc.text("Formule", a);
    }
    doc.text("Heading2", "Artikel I");
    doc.text(
        "Normal",
        &format!("De {} wordt als volgt gewijzigd:", b.citeertitel),
    );
    for o in &b.onderdelen {
        doc.text("Onderdeelletter", &o.letter);
        if !o.kop.is_empty() {
            doc.text("Instructie", &o.kop);
        }
        let numbered = o.instructies.len() > 1;
        for (n, i) in o.instructies.iter().enumerate() {
            if numbered {
                doc.numbered("Lid", &format!("{}.", n + 1), &i.zin);
            } else {
                doc.text("Instructie", &i.zin);
            }
            for l in &i.tekst {
                doc.text("Citaat", l);
            }
        }
    }
    doc.text("Heading2", "Artikel II");
    for s in &b.inwerkingtreding {
        doc.text("Normal", s);
    }
    for s in &b.slot {
        doc.text("Formule", s);
    }
    if !b.niet_in_besluit.is_empty() {
        doc.text("Heading2", "Niet in dit besluit");
        for (_, r) in &b.niet_in_besluit {
            doc.numbered("Opsomming", "–", r);
        }
    }
    doc.text("Heading1", "Bijlage: was-wordt-tabel");
    add_diff(
        &mut doc,
        &b.was_wordt,
        &b.oud_naam,
        &b.nieuw_naam,
        "Heading2",
        "Heading3",
    );
    doc
}

/// Write a .docx to `path`, or to stdout when stdout is not a terminal.
pub fn write(doc: &Doc, path: Option<&std::path::Path>) -> Result<(), String> {
    let bytes = doc.finish()?;
    match path {
        Some(p) => std::fs::write(p, bytes)
            .map_err(|e| format!("`{}` kan niet worden geschreven: {e}", p.display())),
        None => {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() {
                return Err(
                    "een Word-document is geen tekst voor het scherm: geef --uit BESTAND.docx"
                        .into(),
                );
            }
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .map_err(|e| e.to_string())
        }
    }
}
