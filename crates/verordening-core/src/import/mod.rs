//! Importing an ordinance that exists only as a publication: the CVDR XML of
//! lokaleregelgeving.overheid.nl (`cvdr`) or plain text (`tekst`). Both readers build the same
//! [`Regeling`] (the document's structure with its text as published), which is written as a
//! `.vo` file of the `verordening` layer: headings, artikelen with `tekst`, leden and onderdelen.
//! [`model_match`] then compares every article with the VNG model and says which model article it
//! follows and where it deviates. When the ordinance follows a model and the importer knows where
//! the model file is and where the result goes, [`invulling`] writes it as a fill-in of the
//! model instead (`invulling`, `keuze`, `overgenomen`), with the deviating articles as own text;
//! that fill-in is checked and rendered, and an article whose rendered text is not the published
//! text is kept as own text too. A fill-in that cannot be made (a mandatory model article is
//! missing, the aanhef differs) leaves the standalone text with the marks, and says why.
//!
//! Nothing the reader cannot place is dropped: it is kept as text with a comment and reported as
//! a remark ([`Melding`]). A file that is not what the reader expects (bad XML, an element it
//! does not know where a structure is required) is a located diagnostic and nothing is written.

pub mod cvdr;
pub mod invulling;
pub mod model_match;
pub mod tekst;

use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::Span;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    let mut out = header(
        r,
        &format!("Geïmporteerd uit {bron} met `verordening import`. De tekst is de gepubliceerde tekst; regels (voorzieningen, voorwaarden, bedragen) zijn nog niet gecodeerd."),
        None,
    );
    body(&mut out, r);
    out
}

/// The comments and the `verordening` block of an imported regeling; `model`: the path of the
/// model it fills in, as the header writes it.
fn header(r: &Regeling, intro: &str, model: Option<&str>) -> String {
    let m = &r.meta;
    let mut out = String::new();
    comment_lines(&mut out, "", intro);
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
    if let Some(p) = model {
        out.push_str(&format!("  model {}\n", quote(p)));
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
        // A later version of an ordinance is published with its own date; the ordinance
        // itself entered into force on the date its text says ("Deze verordening treedt in
        // werking op 1 juli 2023"), which the overgangsrecht counts from.
        let own = in_force_by_text(r).filter(|t| *t < d).unwrap_or(d);
        out.push_str(&format!("  inwerkingtreding {own}\n"));
        out.push_str(&format!("  geldig vanaf {d}\n"));
    }
    if let Some(d) = m.uitwerkingtreding {
        if m.inwerkingtreding.is_some_and(|v| v < d) {
            out.push_str(&format!("  geldig tot {d}\n"));
        }
    }
    out.push_str("}\n");
    out
}

/// The date the text says the regeling enters into force: "treedt in werking op 1 juli 2023".
fn in_force_by_text(r: &Regeling) -> Option<chrono::NaiveDate> {
    fn texts<'a>(leden: &'a [Lid], out: &mut Vec<&'a str>) {
        for l in leden {
            match l {
                Lid::Tekst(t) => out.push(t),
                Lid::Lid { inhoud, .. } | Lid::Onderdeel { inhoud, .. } => texts(inhoud, out),
            }
        }
    }
    let mut all = Vec::new();
    for d in &r.body {
        if let Deel::Artikel(a) = d {
            texts(&a.leden, &mut all);
        }
    }
    all.iter().find_map(|t| {
        let at = t.find(" in werking op ")?;
        let rest = t.get(at + " in werking op ".len()..)?;
        let date: Vec<&str> = rest
            .split_whitespace()
            .take(3)
            .map(|w| w.trim_end_matches(['.', ',', ';']))
            .collect();
        crate::syntax::parse_date(&date.join(" "))
    })
}

/// Aanhef, body, slotformule and bijlagen of an imported regeling, as own text.
fn body(out: &mut String, r: &Regeling) {
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
                    comment_lines(out, "", o);
                }
                let model = a
                    .model
                    .as_ref()
                    .map(|m| format!(" model {m}"))
                    .unwrap_or_default();
                out.push_str(&format!("artikel {} {}{model} {{\n", a.nr, quote(&a.titel)));
                members(out, &a.leden, 1);
                out.push_str("}\n");
            }
            // Bijlagen follow the slotformule, as in the publication.
            Deel::Bijlage { .. } => {}
            Deel::Los { tekst, reden } => {
                out.push('\n');
                comment_lines(out, "", &format!("Niet geplaatst ({reden}):"));
                comment_lines(out, "", tekst);
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
            members(out, leden, 1);
            out.push_str("}\n");
        }
    }
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

/// A model to recognise: its name for the comments, its text, and where its file is (without
/// a path the ordinance can be compared with the model but not written as its fill-in).
pub struct Model<'a> {
    pub naam: String,
    pub file: &'a crate::syntax::File,
    pub pad: Option<PathBuf>,
}

/// The result of an import: the `.vo` text, the remarks, and what the model comparison found.
#[derive(Debug)]
pub struct Uitkomst {
    pub regeling: Regeling,
    pub vo: String,
    pub meldingen: Vec<Melding>,
    /// The best-matching model's name and its comparison, when a model was given.
    pub herkenning: Option<(String, model_match::Herkenning)>,
    /// The fill-in of that model, when the ordinance was written as one.
    pub invulling: Option<invulling::Invulling>,
}

/// Header data given on the command line; they take precedence over what the source says (a
/// plain text has no metadata at all).
#[derive(Debug, Clone, Default)]
pub struct Kop {
    pub citeertitel: Option<String>,
    pub gemeente: Option<String>,
    pub inwerkingtreding: Option<chrono::NaiveDate>,
    /// Where the result will be written: the model's path in the header is relative to it,
    /// and the fill-in is checked there. Without it no fill-in is written.
    pub uit: Option<PathBuf>,
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
    let mut best_model = None;
    for m in models {
        let mut r = regeling.clone();
        let mut ms = Vec::new();
        let h = model_match::herken(&mut r, &m.file.items, &m.naam, &mut ms);
        let score = h.gevolgd.len() * 2 + h.afwijkend.len();
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, r, ms, m.naam.clone(), h));
            best_model = Some(m);
        }
    }
    if let Some((_, r, ms, naam, h)) = best {
        if h.volgt_model() {
            // The fill-in reads the published text itself; the marks are for the standalone
            // text it falls back to.
            if let (Some(m), Some(uit)) = (best_model.filter(|m| m.pad.is_some()), &kop.uit) {
                match fill_in(&regeling, m, bron, uit) {
                    Ok((vo, inv, ms)) => {
                        meldingen.extend(ms);
                        return Ok(Uitkomst {
                            regeling,
                            vo,
                            meldingen,
                            herkenning: Some((naam, h)),
                            invulling: Some(inv),
                        });
                    }
                    Err(reden) => meldingen.push(Melding {
                        span: None,
                        tekst: format!(
                            "de verordening is niet als invulling van {naam} geschreven: {reden}; zij staat er als eigen tekst, met bij elk artikel het modelartikel"
                        ),
                    }),
                }
            }
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
        invulling: None,
    })
}

/// The path of `target` as seen from the folder `from`, with `/` (as a header writes it):
/// `../vng/model-2023.vo`.
fn relative(target: &Path, from: &Path) -> Option<String> {
    let target = std::path::absolute(target).ok()?;
    let from = std::path::absolute(from).ok()?;
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for _ in common..f.len() {
        parts.push("..".into());
    }
    for c in t.iter().skip(common) {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    Some(parts.join("/"))
}

/// The regeling as a fill-in of `model`, checked and rendered at `uit`: its `.vo` text, the
/// fill-in, and a remark per article kept as own text. Articles whose rendered text is not the
/// published text are kept as own text and the fill-in is made again (a few rounds at most).
fn fill_in(
    r: &Regeling,
    model: &Model,
    bron: &str,
    uit: &Path,
) -> Result<(String, invulling::Invulling, Vec<Melding>), String> {
    let pad = model.pad.as_deref().ok_or("het model heeft geen pad")?;
    let dir = uit
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let rel = relative(pad, dir).ok_or("het pad van het model is niet relatief te schrijven")?;
    // The wording of the names of the model and its wet, to read a formula back.
    let mut mp = crate::project::Project::new();
    let names = match mp.load(pad) {
        Some(i) => crate::check::Checker::new(&mp, i)
            .map(|c| crate::render::Names::of(&c))
            .unwrap_or_default(),
        None => {
            return Err(format!(
                "het model `{}` kan niet worden gelezen",
                pad.display()
            ))
        }
    };
    let intro = format!(
        "Geïmporteerd uit {bron} met `verordening import`: een invulling van {}. Wat het model openlaat, staat hieronder als invulling, keuze of overneming; een artikel dat van het model afwijkt, staat als eigen tekst (zonder regels) met waar het afwijkt.",
        model.naam
    );
    let head = header(r, &intro, Some(&rel));
    let mut eigen: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..4 {
        let inv = invulling::vul_in(r, model.file, &names, &model.naam, &eigen, &head)?;
        let mut p = crate::project::Project::new();
        let i = p.load_text(uit, &inv.vo);
        let mut diags = std::mem::take(&mut p.diagnostics);
        diags.extend(crate::eval::check_document(&p, i));
        if let Some(e) = diags.iter().find(|d| d.is_error()) {
            // An error on the statement of one article's slot (a formula read back whose type
            // is not the slot's): that article is own text, the rest stays a fill-in.
            let line = (e.primary.file == i_file(&p, i))
                .then(|| {
                    let start = (e.primary.span.start as usize).min(inv.vo.len());
                    let from = inv.vo.get(..start)?.rfind('\n').map(|n| n + 1).unwrap_or(0);
                    inv.vo.get(from..)?.lines().next()
                })
                .flatten()
                .unwrap_or("");
            let nr = ["invulling art", "keuze art"]
                .iter()
                .find_map(|kw| line.strip_prefix(kw))
                .and_then(|rest| rest.split([' ', '=']).next())
                .map(|id| crate::syntax::place::split_article(&format!("art{id}")).0);
            match nr {
                Some(nr) if !eigen.contains_key(&nr) => {
                    eigen.insert(
                        nr,
                        format!(
                            "de invulling geeft een fout ({}: {})",
                            e.code.as_str(),
                            e.message
                        ),
                    );
                    continue;
                }
                _ => {
                    return Err(format!(
                        "de invulling geeft een fout ({}: {})",
                        e.code.as_str(),
                        e.message
                    ))
                }
            }
        }
        let blocks = crate::render::render(&p, i, crate::render::Mode::Tekst)
            .ok_or("de invulling kan niet worden weergegeven")?;
        let differ = compare(r, &blocks)?;
        if differ.is_empty() {
            let mut meldingen: Vec<Melding> = inv
                .eigen_blokken
                .iter()
                .map(|(p, e)| Melding {
                    span: None,
                    tekst: format!(
                        "{} volgt het model niet: {e}; als eigen tekst overgenomen",
                        if p == "aanhef" {
                            "de aanhef"
                        } else {
                            "de slotformule"
                        }
                    ),
                })
                .collect();
            meldingen.extend(inv.artikelen.iter().flat_map(|(nr, l)| match l {
                invulling::Lezing::EigenTekst(e) => vec![Melding {
                    span: None,
                    tekst: format!(
                        "artikel {nr} volgt artikel {nr} van {} niet: {e}; als eigen tekst overgenomen",
                        model.naam
                    ),
                }],
                invulling::Lezing::EigenLeden(leden) => leden
                    .iter()
                    .map(|(lid, w)| {
                        let lid = crate::syntax::notation::lid_words(lid);
                        Melding {
                            span: None,
                            tekst: match w {
                                invulling::LidAfwijking::Vervangen(e) => format!(
                                    "artikel {nr}, {lid}, volgt {} niet: {e}; dat lid als eigen tekst overgenomen, de rest van het artikel als invulling",
                                    model.naam
                                ),
                                invulling::LidAfwijking::Toegevoegd => format!(
                                    "artikel {nr}, {lid}, staat niet in {}; als eigen lid overgenomen",
                                    model.naam
                                ),
                                invulling::LidAfwijking::Weggelaten => format!(
                                    "artikel {nr}, {lid}, van {} staat niet in de verordening; niet overgenomen",
                                    model.naam
                                ),
                            },
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            }));
            return Ok((inv.vo.clone(), inv, meldingen));
        }
        for (nr, why) in differ {
            if eigen.insert(nr.clone(), why).is_some() {
                return Err(format!(
                    "artikel {nr} luidt als eigen tekst anders dan gepubliceerd"
                ));
            }
        }
    }
    Err("de weergave van de invulling blijft afwijken van de publicatie".into())
}

/// The file id of document `i` of a project.
fn i_file(p: &crate::project::Project, i: usize) -> crate::diagnostics::FileId {
    p.doc(i)
        .map(|d| d.id)
        .unwrap_or(crate::diagnostics::FileId(u32::MAX))
}

/// One unit of printed text: its key ("artikel 7", "aanhef") and its words.
fn units_of_regeling(r: &Regeling) -> Vec<(String, String)> {
    fn flat(leden: &[Lid], out: &mut Vec<String>) {
        for l in leden {
            match l {
                Lid::Tekst(t) => out.push(t.clone()),
                Lid::Lid { nr, inhoud } => {
                    out.push(format!("{nr}."));
                    flat(inhoud, out);
                }
                Lid::Onderdeel { label, inhoud } => {
                    out.push(if label.ends_with('°') {
                        label.clone()
                    } else {
                        format!("{label}.")
                    });
                    flat(inhoud, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    if !r.aanhef.is_empty() {
        out.push(("aanhef".to_string(), printed(&r.aanhef.join(" "))));
    }
    for d in &r.body {
        match d {
            Deel::Hoofdstuk { nr, titel } => out.push((
                format!("hoofdstuk {nr}"),
                printed(&format!("{nr}. {titel}")),
            )),
            Deel::Paragraaf { nr, titel } => out.push((
                format!("paragraaf {nr}"),
                printed(&format!("{nr}. {titel}")),
            )),
            Deel::Artikel(a) => {
                let mut w = vec![format!("{}. {}", a.nr, a.titel)];
                flat(&a.leden, &mut w);
                out.push((format!("artikel {}", a.nr), printed(&w.join(" "))));
            }
            Deel::Bijlage { .. } | Deel::Los { .. } => {}
        }
    }
    if !r.slot.is_empty() {
        out.push(("slotformule".to_string(), printed(&r.slot.join(" "))));
    }
    for d in &r.body {
        if let Deel::Bijlage { titel, leden, .. } = d {
            let mut w = vec![titel.clone()];
            flat(leden, &mut w);
            out.push(("bijlage".to_string(), printed(&w.join(" "))));
        }
    }
    out
}

fn units_of_blocks(blocks: &[crate::render::Block]) -> Vec<(String, String)> {
    use crate::render::Block;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut seen_article = false;
    for b in blocks {
        match b {
            Block::Title(_) => {}
            Block::Heading(t) => {
                let (kind, rest) = t.split_once(' ').unwrap_or((t, ""));
                let nr = rest.split_once(". ").map(|(n, _)| n).unwrap_or(rest);
                out.push((
                    format!("{} {nr}", kind.to_lowercase()),
                    vec![rest.to_string()],
                ));
            }
            Block::Article(t) => {
                seen_article = true;
                let rest = t.strip_prefix("Artikel ").unwrap_or(t);
                let nr = rest.split_once(". ").map(|(n, _)| n).unwrap_or(rest);
                out.push((format!("artikel {nr}"), vec![rest.to_string()]));
            }
            Block::Bijlage(_, t) => out.push(("bijlage".into(), vec![t.clone()])),
            Block::Formule(t) => {
                let key = if seen_article {
                    "slotformule"
                } else {
                    "aanhef"
                };
                match out.last_mut() {
                    Some((k, w)) if k == key => w.push(t.clone()),
                    _ => out.push((key.into(), vec![t.clone()])),
                }
            }
            Block::Lid(n, t) => push_unit(&mut out, format!("{n} {t}")),
            Block::Onderdeel(_, l, t) => push_unit(&mut out, format!("{l} {t}")),
            Block::Para(t) | Block::Toelichting(t) | Block::Variant(t) => {
                push_unit(&mut out, t.clone())
            }
        }
    }
    out.into_iter()
        .map(|(k, w)| (k, printed(&w.join(" "))))
        .collect()
}

fn push_unit(out: &mut Vec<(String, Vec<String>)>, t: String) {
    match out.last_mut() {
        Some((_, w)) => w.push(t),
        None => out.push(("tekst".into(), vec![t])),
    }
}

/// Words as compared: whitespace aside, a list dash in one spelling.
fn printed(s: &str) -> String {
    s.split_whitespace()
        .map(|w| if matches!(w, "–" | "—") { "-" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The articles whose rendered fill-in differs from the published text, with where; an error
/// when anything else differs (a heading, the aanhef, the order).
fn compare(r: &Regeling, blocks: &[crate::render::Block]) -> Result<Vec<(String, String)>, String> {
    let want = units_of_regeling(r);
    let got = units_of_blocks(blocks);
    let keys = |u: &[(String, String)]| u.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    if keys(&want) != keys(&got) {
        let at = keys(&want)
            .iter()
            .zip(keys(&got))
            .position(|(a, b)| *a != b)
            .unwrap_or(want.len().min(got.len()));
        return Err(format!(
            "de indeling verschilt: in de publicatie {}, in de invulling {}",
            want.get(at).map(|u| u.0.as_str()).unwrap_or("niets meer"),
            got.get(at).map(|u| u.0.as_str()).unwrap_or("niets meer")
        ));
    }
    let mut differ = Vec::new();
    for ((k, w), (_, g)) in want.iter().zip(&got) {
        if w == g {
            continue;
        }
        let ww: Vec<&str> = w.split(' ').collect();
        let gw: Vec<&str> = g.split(' ').collect();
        let at = ww.iter().zip(&gw).take_while(|(a, b)| a == b).count();
        let from: Vec<&str> = ww.iter().skip(at).take(8).copied().collect();
        let why = format!(
            "het ingevulde model luidt anders vanaf \"{}\"",
            from.join(" ")
        );
        match (k.strip_prefix("artikel "), k.as_str()) {
            (Some(nr), _) => differ.push((nr.to_string(), why)),
            (None, "aanhef") => differ.push(("aanhef".into(), why)),
            (None, "slotformule") => differ.push(("slot".into(), why)),
            (None, _) => return Err(format!("{k}: {why}")),
        }
    }
    Ok(differ)
}
