//! The CVDR XML of a decentrale regeling (lokaleregelgeving.overheid.nl): `<cvdr>` with `<meta>`
//! (owmskern, owmsmantel, cvdripm) and `<body><regeling>` holding `<aanhef>`, `<regeling-tekst>`
//! (hoofdstuk, paragraaf, artikel, lid, lijst/li, al) and `<regeling-sluiting>`.
//!
//! roxmltree reads the whole document into a read-only tree with byte positions, so every error
//! points at its element. Names are compared without their namespace: publications differ in
//! the prefixes they declare.

use super::{
    error, lid_nr, normalise, onderdeel_label, unit_nr, Artikel, Deel, Lid, Melding, Meta, Regeling,
};
use crate::diagnostics::{Diagnostic, FileId};
use crate::syntax::Span;
use roxmltree::{Document, Node};

/// The result of reading a publication: the regeling and the remarks about what was guessed or
/// kept as text.
#[derive(Debug)]
pub struct Gelezen {
    pub regeling: Regeling,
    pub meldingen: Vec<Melding>,
}

struct Reader {
    file: FileId,
    meldingen: Vec<Melding>,
}

fn span_of(n: Node) -> Span {
    let r = n.range();
    Span::new(r.start, r.end.min(r.start + 1).max(r.start))
}

fn name<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn child<'a, 'i>(n: Node<'a, 'i>, tag: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && name(c) == tag)
}

fn descendant<'a, 'i>(n: Node<'a, 'i>, tag: &str) -> Option<Node<'a, 'i>> {
    n.descendants().find(|c| c.is_element() && name(c) == tag)
}

/// All text of an element (inline markup such as `extref`, `nadruk`, `sup` included), with
/// whitespace collapsed. A `<br/>` is a space.
pub fn text_of(n: Node) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if d.is_text() {
            s.push_str(d.text().unwrap_or(""));
        } else if d.is_element() && name(&d) == "br" {
            s.push(' ');
        }
    }
    normalise(&s)
}

fn date(n: Option<Node>) -> Option<chrono::NaiveDate> {
    let t = text_of(n?);
    chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()
}

fn nonempty(n: Option<Node>) -> Option<String> {
    n.map(text_of).filter(|t| !t.is_empty())
}

/// Read a CVDR publication. `text` is the file's content; errors are located in `file`.
pub fn read(file: FileId, text: &str) -> Result<Gelezen, Diagnostic> {
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        let offset = offset_of(text, pos.row as usize, pos.col as usize);
        error(file, Span::new(offset, offset), format!("geen geldige XML: {}", xml_error(&e)))
            .label("hier")
            .help("een CVDR-publicatie is een XML-bestand zoals lokaleregelgeving.overheid.nl het levert (CVDR…_n.xml)")
    })?;
    let root = doc.root_element();
    if name(&root) != "cvdr" {
        return Err(error(
            file,
            span_of(root),
            format!("het bestand is geen CVDR-publicatie: het hoofdelement is <{}>", name(&root)),
        )
        .label("verwacht <cvdr>")
        .help("download de XML van de regeling op lokaleregelgeving.overheid.nl; het hoofdelement is <cvdr>"));
    }
    let mut r = Reader {
        file,
        meldingen: Vec::new(),
    };
    let meta = r.meta(root)?;
    let regeling_el = child(root, "body")
        .and_then(|b| child(b, "regeling"))
        .ok_or_else(|| {
            error(
                file,
                span_of(root),
                "de publicatie heeft geen <body><regeling>",
            )
            .label("hier verwacht")
            .help("een CVDR-publicatie bevat de tekst in <body><regeling>")
        })?;
    let mut regeling = Regeling {
        meta,
        ..Regeling::default()
    };
    let mut tekst_seen = false;
    for c in regeling_el.children().filter(|c| c.is_element()) {
        match name(&c) {
            "aanhef" => regeling.aanhef = paragraphs(c),
            "regeling-tekst" => {
                tekst_seen = true;
                r.body(c, &mut regeling.body)?;
            }
            "regeling-sluiting" => regeling.slot = paragraphs(c),
            "bijlage" => {
                let id = (regeling
                    .body
                    .iter()
                    .filter(|d| matches!(d, Deel::Bijlage { .. }))
                    .count()
                    + 1)
                .to_string();
                let titel = child(c, "kop").map(text_of).unwrap_or_default();
                let mut leden = Vec::new();
                for k in c.children().filter(|k| k.is_element() && name(k) != "kop") {
                    r.unit_member(k, &mut leden)?;
                }
                regeling.body.push(Deel::Bijlage { id, titel, leden });
            }
            "toelichting" | "considerans" => {
                let t = text_of(c);
                if !t.is_empty() {
                    r.melding(
                        c,
                        format!(
                            "<{}> bewaard als opmerking; het is geen regeltekst",
                            name(&c)
                        ),
                    );
                    regeling.body.push(Deel::Los {
                        tekst: t,
                        reden: name(&c).to_string(),
                    });
                }
            }
            "meta-data" => {}
            other => {
                let t = text_of(c);
                if !t.is_empty() {
                    r.melding(
                        c,
                        format!("onbekend onderdeel <{other}> bewaard als opmerking"),
                    );
                    regeling.body.push(Deel::Los {
                        tekst: t,
                        reden: format!("onbekend element <{other}>"),
                    });
                }
            }
        }
    }
    if !tekst_seen {
        return Err(error(
            file,
            span_of(regeling_el),
            "de regeling heeft geen <regeling-tekst>",
        )
        .label("hier verwacht")
        .help("de artikelen van een regeling staan in <regeling-tekst>"));
    }
    Ok(Gelezen {
        regeling,
        meldingen: r.meldingen,
    })
}

/// The parser's error in Dutch; the rarer kinds keep the parser's own (English) detail.
fn xml_error(e: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    match e {
        E::UnexpectedCloseTag(expected, actual, _) => {
            format!("sluitlabel </{actual}> waar </{expected}> werd verwacht")
        }
        E::NoRootNode => "het bestand bevat geen element".into(),
        E::UnclosedRootNode => "het hoofdelement wordt niet gesloten".into(),
        E::UnknownNamespace(prefix, _) => format!("onbekend voorvoegsel `{prefix}:`"),
        E::DuplicatedAttribute(name, _) => format!("attribuut `{name}` staat er twee keer"),
        other => format!("de opbouw klopt niet ({other})"),
    }
}

fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == row {
            let in_line: usize = line
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + in_line;
        }
        offset += line.len();
    }
    text.len()
}

/// The paragraphs (`al`) of an aanhef or sluiting, in order; an `al` inside a `li` is printed
/// with its number.
fn paragraphs(n: Node) -> Vec<String> {
    let mut out = Vec::new();
    for d in n.descendants().filter(|d| d.is_element()) {
        if matches!(name(&d), "al" | "dagtekening" | "functie" | "naam") {
            // An al nested in another collected element was counted with it.
            if d.ancestors().skip(1).take_while(|a| *a != n).any(|a| {
                a.is_element() && matches!(name(&a), "al" | "dagtekening" | "functie" | "naam")
            }) {
                continue;
            }
            let mut t = text_of(d);
            if let Some(li) = d.parent().filter(|p| name(p) == "li") {
                if li.children().find(|c| c.is_element() && name(c) == "al") == Some(d) {
                    if let Some(nr) = child(li, "li.nr") {
                        t = normalise(&format!("{} {t}", text_of(nr)));
                    }
                }
            }
            if !t.is_empty() {
                out.push(t);
            }
        }
    }
    out
}

impl Reader {
    fn melding(&mut self, n: Node, tekst: String) {
        self.meldingen.push(Melding {
            span: Some(span_of(n)),
            tekst,
        });
    }

    fn meta(&mut self, root: Node) -> Result<Meta, Diagnostic> {
        let meta = child(root, "meta").ok_or_else(|| {
            error(self.file, span_of(root), "de publicatie heeft geen <meta>")
                .label("hier verwacht")
                .help("de citeertitel en de data van inwerkingtreding staan in <meta>")
        })?;
        let title = nonempty(descendant(meta, "title")).ok_or_else(|| {
            error(
                self.file,
                span_of(meta),
                "de publicatie noemt geen titel (dcterms:title)",
            )
            .label("hier verwacht")
            .help("zonder titel is de regeling niet te benoemen")
        })?;
        // The citeertitel is `dcterms:alternative` when present, else the official title.
        let citeertitel = nonempty(descendant(meta, "alternative")).unwrap_or(title);
        Ok(Meta {
            citeertitel,
            gemeente: nonempty(descendant(meta, "creator")),
            identifier: nonempty(descendant(meta, "identifier")),
            bekendmaking: nonempty(descendant(meta, "isFormatOf")),
            inwerkingtreding: date(descendant(meta, "inwerkingtredingDatum")),
            uitwerkingtreding: date(descendant(meta, "uitwerkingtredingDatum")),
            betreft: nonempty(descendant(meta, "betreft")),
            bestuursorgaan: nonempty(descendant(meta, "orgaan"))
                .or_else(|| nonempty(descendant(meta, "bestuursorgaan"))),
        })
    }

    fn body(&mut self, n: Node, out: &mut Vec<Deel>) -> Result<(), Diagnostic> {
        for c in n.children().filter(|c| c.is_element()) {
            match name(&c) {
                "hoofdstuk" | "paragraaf" | "afdeling" | "titeldeel" | "divisie" => {
                    self.heading(c, out);
                    self.body(c, out)?;
                }
                "artikel" => out.push(Deel::Artikel(self.artikel(c)?)),
                "kop" | "meta-data" => {}
                other => {
                    let t = text_of(c);
                    if !t.is_empty() {
                        self.melding(
                            c,
                            format!("<{other}> buiten een artikel bewaard als opmerking"),
                        );
                        out.push(Deel::Los {
                            tekst: t,
                            reden: format!("<{other}> buiten een artikel"),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn heading(&mut self, n: Node, out: &mut Vec<Deel>) {
        let Some(kop) = child(n, "kop") else {
            return;
        };
        let label = child(kop, "label").map(text_of).unwrap_or_default();
        let nr = child(kop, "nr").map(text_of).unwrap_or_default();
        let titel = child(kop, "titel").map(text_of).unwrap_or_default();
        let kind = match (name(&n), label.to_lowercase().as_str()) {
            ("hoofdstuk", _) | (_, "hoofdstuk") => Some(true),
            ("paragraaf", _) | (_, "paragraaf" | "§") => Some(false),
            _ => None,
        };
        match (kind, unit_nr(&nr)) {
            (Some(true), Some(nr)) => out.push(Deel::Hoofdstuk { nr, titel }),
            (Some(false), Some(nr)) => out.push(Deel::Paragraaf { nr, titel }),
            _ => {
                self.melding(
                    kop,
                    format!("kop \"{}\" is geen hoofdstuk of paragraaf met een nummer dat de taal kent; bewaard als opmerking", text_of(kop)),
                );
                out.push(Deel::Los {
                    tekst: text_of(kop),
                    reden: "kop zonder bruikbaar nummer".into(),
                });
            }
        }
    }

    fn artikel(&mut self, n: Node) -> Result<Artikel, Diagnostic> {
        let kop = child(n, "kop");
        let printed = kop
            .and_then(|k| child(k, "nr"))
            .map(text_of)
            .unwrap_or_default();
        let nr = unit_nr(&printed).ok_or_else(|| {
            error(
                self.file,
                span_of(kop.unwrap_or(n)),
                format!("artikelnummer \"{printed}\" kan de taal niet schrijven"),
            )
            .label("dit artikel")
            .help("een artikelnummer bestaat uit cijfers, eventueel met letters en punten: 1, 14a, 3.3.10")
        })?;
        let titel = kop
            .and_then(|k| child(k, "titel"))
            .map(text_of)
            .unwrap_or_default();
        let mut leden = Vec::new();
        for c in n.children().filter(|c| c.is_element() && name(c) != "kop") {
            self.unit_member(c, &mut leden)?;
        }
        Ok(Artikel {
            nr,
            titel,
            leden,
            opmerkingen: Vec::new(),
            model: None,
        })
    }

    /// One child of an artikel, lid, li or bijlage.
    fn unit_member(&mut self, c: Node, out: &mut Vec<Lid>) -> Result<(), Diagnostic> {
        match name(&c) {
            "lid" => {
                let printed = child(c, "lidnr").map(text_of).unwrap_or_default();
                let mut inhoud = Vec::new();
                for k in c
                    .children()
                    .filter(|k| k.is_element() && name(k) != "lidnr")
                {
                    self.unit_member(k, &mut inhoud)?;
                }
                match lid_nr(&printed) {
                    Some(nr)
                        if !out
                            .iter()
                            .any(|l| matches!(l, Lid::Lid { nr: m, .. } if *m == nr)) =>
                    {
                        out.push(Lid::Lid { nr, inhoud })
                    }
                    _ => {
                        // An unnumbered lid (or "1a."): its text stays, with the number printed.
                        self.melding(c, format!("lid met nummer \"{printed}\" is geen genummerd lid; de tekst is bewaard als tekst van het artikel"));
                        let mut first = true;
                        for l in inhoud {
                            match l {
                                Lid::Tekst(t) if first && !printed.is_empty() => {
                                    out.push(Lid::Tekst(normalise(&format!("{printed} {t}"))))
                                }
                                other => out.push(other),
                            }
                            first = false;
                        }
                    }
                }
            }
            "al" | "tussenkop" | "al-groep" => {
                let t = text_of(c);
                if !t.is_empty() {
                    out.push(Lid::Tekst(t));
                }
            }
            "lijst" => {
                for li in c.children().filter(|k| k.is_element()) {
                    if name(&li) != "li" {
                        continue;
                    }
                    let printed = child(li, "li.nr").map(text_of).unwrap_or_default();
                    let mut inhoud = Vec::new();
                    for k in li
                        .children()
                        .filter(|k| k.is_element() && name(k) != "li.nr")
                    {
                        self.unit_member(k, &mut inhoud)?;
                    }
                    match onderdeel_label(&printed) {
                        Some(label) => out.push(Lid::Onderdeel { label, inhoud }),
                        None => {
                            // A dash or roman item: printed with its mark, as text.
                            let mut first = true;
                            for l in inhoud {
                                match l {
                                    Lid::Tekst(t) if first => {
                                        out.push(Lid::Tekst(normalise(&format!("{printed} {t}"))))
                                    }
                                    other => out.push(other),
                                }
                                first = false;
                            }
                        }
                    }
                }
            }
            "meta-data" | "redactie" | "lidnr" | "li.nr" | "kop" => {}
            "tabel" | "table" => {
                let t = text_of(c);
                if !t.is_empty() {
                    self.melding(
                        c,
                        "tabel bewaard als doorlopende tekst; de kolommen zijn niet overgenomen"
                            .into(),
                    );
                    out.push(Lid::Tekst(t));
                }
            }
            other => {
                let t = text_of(c);
                if !t.is_empty() {
                    self.melding(c, format!("onbekend element <{other}> bewaard als tekst"));
                    out.push(Lid::Tekst(t));
                }
            }
        }
        Ok(())
    }
}
