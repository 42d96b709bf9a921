//! Importing an ordinance that exists only as a publication: the CVDR XML of
//! lokaleregelgeving.overheid.nl (`cvdr`) or plain text (`tekst`). Both readers build the same
//! [`Regeling`] (the document's structure with its text as published), which is written as a
//! `.vo` file of the `verordening` layer: headings, artikelen with `tekst`, leden and onderdelen.
//! [`model_match`] then compares every article with the VNG model and says which model article it
//! follows and where it deviates.
//!
//! Nothing the reader cannot place is dropped: it is kept as text with a comment and reported as
//! a remark ([`Melding`]). A file that is not what the reader expects (bad XML, an element it
//! does not know where a structure is required) is a located diagnostic and nothing is written.

pub mod cvdr;
pub mod model_match;
pub mod tekst;

use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::Span;

/// The metadata of a publication (CVDR: owmskern, owmsmantel, cvdripm).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub citeertitel: String,
    pub gemeente: Option<String>,
    /// The CVDR identifier with its version, e.g. `CVDR377485_5`.
    pub identifier: Option<String>,
    /// The publication (`isFormatOf`): "Gemeenteblad 2023, 123456".
    pub bekendmaking: Option<String>,
    pub inwerkingtreding: Option<chrono::NaiveDate>,
    pub uitwerkingtreding: Option<chrono::NaiveDate>,
    /// What this version changed (`betreft`): "nieuwe regeling", "art. 3 gewijzigd".
    pub betreft: Option<String>,
    pub bestuursorgaan: Option<String>,
}

/// One published ordinance: aanhef, the body in order, the closing formula.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regeling {
    pub meta: Meta,
    pub aanhef: Vec<String>,
    pub body: Vec<Deel>,
    pub slot: Vec<String>,
}

/// A top-level part of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deel {
    Hoofdstuk {
        nr: String,
        titel: String,
    },
    Paragraaf {
        nr: String,
        titel: String,
    },
    Artikel(Artikel),
    Bijlage {
        id: String,
        titel: String,
        leden: Vec<Lid>,
    },
    /// Text the reader could not place in the structure, with the reason: written as a comment.
    Los {
        tekst: String,
        reden: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artikel {
    pub nr: String,
    pub titel: String,
    pub leden: Vec<Lid>,
    /// Comments written above the article (a deviation from the model, a guess of the reader).
    pub opmerkingen: Vec<String>,
    /// The model article this one corresponds to (`model 14a`), found by [`model_match`].
    pub model: Option<String>,
}

/// A member of an article, lid, onderdeel or bijlage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lid {
    Lid { nr: u32, inhoud: Vec<Lid> },
    Tekst(String),
    Onderdeel { label: String, inhoud: Vec<Lid> },
}

/// A remark about the import: a guess, a deviation, a part kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Melding {
    /// Where in the source: a line (plain text) or an element (XML); none for a remark about
    /// the whole article (a deviation from the model).
    pub span: Option<Span>,
    pub tekst: String,
}

/// Collapse runs of whitespace (including non-breaking spaces) to one space and trim.
pub fn normalise(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An import error at a place in the source file.
pub fn error(file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::Import, file, span, message)
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // A published text has no references: every brace is the text's own.
            '{' => out.push_str("\\{"),
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn comment_lines(out: &mut String, indent: &str, text: &str) {
    for line in textwrap::wrap(text, 96) {
        out.push_str(indent);
        out.push_str("# ");
        out.push_str(&line);
        out.push('\n');
    }
}

/// The `.vo` text of an imported regeling. `bron` says where it came from (the file name).
pub fn write_vo(r: &Regeling, bron: &str) -> String {
    let m = &r.meta;
    let mut out = String::new();
    comment_lines(
        &mut out,
        "",
        &format!("Geïmporteerd uit {bron} met `verordening import`. De tekst is de gepubliceerde tekst; regels (voorzieningen, voorwaarden, bedragen) zijn nog niet gecodeerd."),
    );
    if let Some(b) = &m.betreft {
        comment_lines(&mut out, "", &format!("Deze versie betreft: {b}."));
    }
    if let Some(d) = m.uitwerkingtreding {
        comment_lines(
            &mut out,
            "",
            &format!("Volgens de publicatie vervalt deze versie op {d}."),
        );
    }
    out.push_str(&format!("verordening {} {{\n", quote(&m.citeertitel)));
    if let Some(g) = &m.gemeente {
        out.push_str(&format!("  gemeente {}\n", quote(g)));
    }
    out.push_str(&format!("  citeertitel {}\n", quote(&m.citeertitel)));
    if let Some(o) = &m.bestuursorgaan {
        out.push_str(&format!("  bestuursorgaan {}\n", quote(o)));
    }
    let bron_meta = match (&m.identifier, &m.bekendmaking) {
        (Some(id), Some(b)) => Some(format!("{id}; {b}")),
        (Some(id), None) => Some(id.clone()),
        (None, Some(b)) => Some(b.clone()),
        (None, None) => None,
    };
    if let Some(b) = bron_meta {
        out.push_str(&format!("  bron {}\n", quote(&b)));
    }
    if let Some(d) = m.inwerkingtreding {
        out.push_str(&format!("  inwerkingtreding {d}\n"));
        out.push_str(&format!("  geldig vanaf {d}\n"));
    }
    if let Some(d) = m.uitwerkingtreding {
        if m.inwerkingtreding.is_some_and(|v| v < d) {
            out.push_str(&format!("  geldig tot {d}\n"));
        }
    }
    out.push_str("}\n");
    if !r.aanhef.is_empty() {
        out.push_str("\naanhef {\n");
        for t in &r.aanhef {
            out.push_str(&format!("  tekst {}\n", quote(t)));
        }
        out.push_str("}\n");
    }
    for d in &r.body {
        match d {
            Deel::Hoofdstuk { nr, titel } => {
                out.push_str(&format!("\nhoofdstuk {nr} {}\n", quote(titel)))
            }
            Deel::Paragraaf { nr, titel } => {
                out.push_str(&format!("\nparagraaf {nr} {}\n", quote(titel)))
            }
            Deel::Artikel(a) => {
                out.push('\n');
                for o in &a.opmerkingen {
                    comment_lines(&mut out, "", o);
                }
                let model = a
                    .model
                    .as_ref()
                    .map(|m| format!(" model {m}"))
                    .unwrap_or_default();
                out.push_str(&format!("artikel {} {}{model} {{\n", a.nr, quote(&a.titel)));
                members(&mut out, &a.leden, 1);
                out.push_str("}\n");
            }
            // Bijlagen follow the slotformule, as in the publication.
            Deel::Bijlage { .. } => {}
            Deel::Los { tekst, reden } => {
                out.push('\n');
                comment_lines(&mut out, "", &format!("Niet geplaatst ({reden}):"));
                comment_lines(&mut out, "", tekst);
            }
        }
    }
    if !r.slot.is_empty() {
        out.push_str("\nslotformule {\n");
        for t in &r.slot {
            out.push_str(&format!("  tekst {}\n", quote(t)));
        }
        out.push_str("}\n");
    }
    for d in &r.body {
        if let Deel::Bijlage { id, titel, leden } = d {
            out.push_str(&format!("\nbijlage {id} {} {{\n", quote(titel)));
            members(&mut out, leden, 1);
            out.push_str("}\n");
        }
    }
    out
}

fn members(out: &mut String, leden: &[Lid], depth: usize) {
    let indent = "  ".repeat(depth);
    for l in leden {
        match l {
            Lid::Tekst(t) => out.push_str(&format!("{indent}tekst {}\n", quote(t))),
            Lid::Lid { nr, inhoud } => {
                out.push_str(&format!("{indent}lid {nr} {{\n"));
                members(out, inhoud, depth + 1);
                out.push_str(&format!("{indent}}}\n"));
            }
            Lid::Onderdeel { label, inhoud } => {
                out.push_str(&format!("{indent}onderdeel {label} {{\n"));
                members(out, inhoud, depth + 1);
                out.push_str(&format!("{indent}}}\n"));
            }
        }
    }
}

/// The label of an onderdeel as the language writes it ("a", "1°"), from the printed one
/// ("a.", "1°.", "a)"); `None` when the printed label is no onderdeel label (a dash, "i.").
pub fn onderdeel_label(printed: &str) -> Option<String> {
    let l = printed.trim().trim_end_matches(['.', ')']).trim();
    let letters = !l.is_empty() && l.len() <= 2 && l.chars().all(|c| c.is_ascii_lowercase());
    let degree = l
        .strip_suffix('°')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    (letters || degree).then(|| l.to_string())
}

/// An article or heading number the language accepts (`1`, `14a`, `3.3.10`).
pub fn unit_nr(printed: &str) -> Option<String> {
    let n = printed.trim().trim_end_matches('.').trim();
    let ok = !n.is_empty()
        && n.split('.').all(|part| {
            let digits = part.chars().take_while(|c| c.is_ascii_digit()).count();
            digits > 0 && part.chars().skip(digits).all(|c| c.is_ascii_alphabetic())
        });
    ok.then(|| n.to_string())
}

/// A lid number ("1." → 1).
pub fn lid_nr(printed: &str) -> Option<u32> {
    printed.trim().trim_end_matches('.').trim().parse().ok()
}

/// Which reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Cvdr,
    Tekst,
}

/// A model to recognise: its name for the comments and its items.
pub struct Model<'a> {
    pub naam: String,
    pub items: &'a [crate::syntax::Item],
}

/// The result of an import: the `.vo` text, the remarks, and what the model comparison found.
#[derive(Debug)]
pub struct Uitkomst {
    pub regeling: Regeling,
    pub vo: String,
    pub meldingen: Vec<Melding>,
    /// The best-matching model's name and its comparison, when a model was given.
    pub herkenning: Option<(String, model_match::Herkenning)>,
}

/// Header data given on the command line; they take precedence over what the source says (a
/// plain text has no metadata at all).
#[derive(Debug, Clone, Default)]
pub struct Kop {
    pub citeertitel: Option<String>,
    pub gemeente: Option<String>,
    pub inwerkingtreding: Option<chrono::NaiveDate>,
}

/// Read `text` (the content of `file`, named `bron` in the output) and write it as `.vo`,
/// compared with each of `models`; the model that most articles follow is kept.
pub fn import(
    soort: Soort,
    file: FileId,
    text: &str,
    bron: &str,
    kop: &Kop,
    models: &[Model],
) -> Result<Uitkomst, Diagnostic> {
    let (mut regeling, mut meldingen) = match soort {
        Soort::Cvdr => {
            let g = cvdr::read(file, text)?;
            (g.regeling, g.meldingen)
        }
        Soort::Tekst => {
            let g = tekst::read(text);
            if !g
                .regeling
                .body
                .iter()
                .any(|d| matches!(d, Deel::Artikel(_)))
            {
                return Err(error(file, Span::new(0, 0), "geen enkel artikel gevonden")
                    .label("in dit bestand")
                    .help("een artikel begint op een eigen regel met \"Artikel\" en een nummer: \"Artikel 3.3.4 Jobcoaching\""));
            }
            (g.regeling, g.meldingen)
        }
    };
    if let Some(t) = &kop.citeertitel {
        regeling.meta.citeertitel = t.clone();
    }
    if let Some(g) = &kop.gemeente {
        regeling.meta.gemeente = Some(g.clone());
    }
    if let Some(d) = kop.inwerkingtreding {
        regeling.meta.inwerkingtreding = Some(d);
    }
    let mut herkenning = None;
    let mut best: Option<(
        usize,
        Regeling,
        Vec<Melding>,
        String,
        model_match::Herkenning,
    )> = None;
    for m in models {
        let mut r = regeling.clone();
        let mut ms = Vec::new();
        let h = model_match::herken(&mut r, m.items, &m.naam, &mut ms);
        let score = h.gevolgd.len() * 2 + h.afwijkend.len();
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, r, ms, m.naam.clone(), h));
        }
    }
    if let Some((_, r, ms, naam, h)) = best {
        if h.volgt_model() {
            regeling = r;
            meldingen.extend(ms);
        }
        herkenning = Some((naam, h));
    }
    let mut vo = String::new();
    if let Some((naam, h)) = &herkenning {
        if h.volgt_model() {
            let mut s = String::new();
            comment_lines(
                &mut s,
                "",
                &format!(
                    "Deze verordening volgt {naam}: artikelen letterlijk (met eigen invullingen): {}; met afwijkingen: {}; eigen artikelen: {}. Bij elk artikel staat het modelartikel (`model N`); bij een afwijking staat waar.",
                    h.gevolgd.len(),
                    h.afwijkend.len(),
                    h.eigen.len()
                ),
            );
            vo.push_str(&s);
        }
    }
    vo.push_str(&write_vo(&regeling, bron));
    Ok(Uitkomst {
        regeling,
        vo,
        meldingen,
        herkenning,
    })
}
