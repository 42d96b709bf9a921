//! The units a was-wordt table compares, read from a rendered document: headings (hoofdstuk,
//! paragraaf), the aanhef and slotformule, articles (heading with any unnumbered text and
//! article-level onderdelen), begrippen, leden (with their onderdelen; in a variant labelled
//! with it) and bijlagen.

use crate::render::Block;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Aanhef,
    Hoofdstuk,
    Paragraaf,
    Artikel,
    Begrip,
    Lid,
    Bijlage,
    Slotformule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Unit {
    /// "Artikel 14a", "Artikel 14a, lid 3", "Artikel 12, variant 1, lid 2",
    /// "Artikel 1, begrip jobcoaching", "Hoofdstuk 3A", "Bijlage behorende bij ...".
    pub label: String,
    pub eenheid: UnitKind,
    /// The article number ("" outside articles).
    pub article: String,
    /// The variant of the article the lid belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub lid: Option<String>,
    /// The defined term of a begrip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub begrip: Option<String>,
    pub text: String,
}

impl Unit {
    fn new(eenheid: UnitKind, label: String, text: String) -> Self {
        Unit {
            label,
            eenheid,
            article: String::new(),
            variant: None,
            lid: None,
            begrip: None,
            text,
        }
    }

    /// The text without its own number, for recognising a unit that was renumbered.
    pub fn body(&self) -> &str {
        match self.eenheid {
            UnitKind::Lid => self
                .text
                .split_once(' ')
                .map(|(_, r)| r)
                .unwrap_or(&self.text),
            UnitKind::Artikel | UnitKind::Hoofdstuk | UnitKind::Paragraaf => self
                .text
                .split_once(". ")
                .map(|(_, r)| r)
                .unwrap_or(&self.text),
            _ => &self.text,
        }
    }

    /// Where the unit sits, for matching: leden and begrippen within their article (and
    /// variant), everything else at the top.
    pub fn container(&self) -> (UnitKind, String, Option<String>) {
        match self.eenheid {
            UnitKind::Lid | UnitKind::Begrip => {
                (self.eenheid, self.article.clone(), self.variant.clone())
            }
            k => (k, String::new(), None),
        }
    }
}

/// "Hoofdstuk 3A. Specifieke ..." → ("Hoofdstuk", "3A"); "[Artikel 4. Werkstage" → "4".
fn number_after(t: &str, word: &str) -> Option<String> {
    let rest = t.trim_start_matches('[').strip_prefix(word)?.trim_start();
    let nr = rest
        .split_once(". ")
        .map(|(n, _)| n)
        .or_else(|| rest.split_whitespace().next())
        .unwrap_or(rest);
    Some(nr.trim_end_matches('.').to_string())
}

struct Reader {
    out: Vec<Unit>,
    article: String,
    variant: Option<String>,
    /// Whether the current article or bijlage is printed in brackets (optional).
    optional: bool,
    in_lid: bool,
}

impl Reader {
    /// An optional article (or bijlage) prints its closing bracket after its last text; that
    /// bracket belongs to the article, not to that lid, so it is taken off (a lid added after
    /// it would otherwise show the bracket moving as a change).
    fn close_article(&mut self) {
        if std::mem::take(&mut self.optional) {
            if let Some(last) = self.out.last_mut() {
                if last.text.ends_with(']') {
                    last.text.pop();
                }
            }
        }
        self.article.clear();
        self.variant = None;
        self.in_lid = false;
    }

    fn append(&mut self, line: &str) {
        if let Some(last) = self.out.last_mut() {
            last.text.push('\n');
            last.text.push_str(line);
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Title(_) | Block::Toelichting(_) => {}
            Block::Heading(t) => {
                self.close_article();
                let (kind, word) = if t.starts_with("Paragraaf") {
                    (UnitKind::Paragraaf, "Paragraaf")
                } else {
                    (UnitKind::Hoofdstuk, "Hoofdstuk")
                };
                let nr = number_after(t, word).unwrap_or_default();
                self.out
                    .push(Unit::new(kind, format!("{word} {nr}"), t.clone()));
            }
            Block::Formule(t) => {
                let kind = if self.out.iter().any(|u| u.eenheid == UnitKind::Artikel) {
                    UnitKind::Slotformule
                } else {
                    UnitKind::Aanhef
                };
                if !self.article.is_empty() {
                    self.close_article();
                }
                match self.out.last() {
                    Some(last) if last.eenheid == kind => self.append(t),
                    _ => {
                        let label = if kind == UnitKind::Aanhef {
                            "Aanhef"
                        } else {
                            "Slotformule"
                        };
                        self.out.push(Unit::new(kind, label.into(), t.clone()));
                    }
                }
            }
            Block::Article(t) => {
                self.close_article();
                let nr = number_after(t, "Artikel").unwrap_or_else(|| t.clone());
                self.optional = t.starts_with('[');
                let mut u = Unit::new(UnitKind::Artikel, format!("Artikel {nr}"), t.clone());
                u.article = nr.clone();
                self.article = nr;
                self.out.push(u);
            }
            Block::Bijlage(label, t) => {
                self.close_article();
                self.optional = t.starts_with('[');
                self.out
                    .push(Unit::new(UnitKind::Bijlage, label.clone(), t.clone()));
            }
            Block::Variant(t) => {
                self.variant = t.strip_prefix("Variant ").map(str::to_string);
                self.in_lid = false;
            }
            Block::Lid(n, t) => {
                let nr = n.trim_start_matches('[').trim_end_matches('.').to_string();
                // In the words of the legal text: "Artikel 8, derde lid".
                let lid = crate::syntax::notation::lid_words(&nr);
                let label = match &self.variant {
                    Some(v) => format!("Artikel {}, variant {v}, {lid}", self.article),
                    None => format!("Artikel {}, {lid}", self.article),
                };
                let mut u = Unit::new(UnitKind::Lid, label, format!("{n} {t}"));
                u.article = self.article.clone();
                u.variant = self.variant.clone();
                u.lid = Some(nr);
                self.out.push(u);
                self.in_lid = true;
            }
            // A definition in a list of begrippen (outside a lid) is a unit of its own.
            Block::Onderdeel(0, l, t) if l == "-" && !self.in_lid && !self.article.is_empty() => {
                let term = t
                    .trim_start_matches('[')
                    .split_once(':')
                    .map(|(n, _)| n.trim().to_string())
                    .unwrap_or_else(|| t.clone());
                let mut u = Unit::new(
                    UnitKind::Begrip,
                    format!("Artikel {}, begrip {term}", self.article),
                    format!("- {t}"),
                );
                u.article = self.article.clone();
                u.begrip = Some(term);
                self.out.push(u);
            }
            Block::Onderdeel(_, l, t) => self.append(&format!("{l} {t}")),
            Block::Para(t) => match self.out.last() {
                Some(_) => self.append(t),
                None => self
                    .out
                    .push(Unit::new(UnitKind::Aanhef, "Aanhef".into(), t.clone())),
            },
        }
    }
}

/// The units of a rendered document, in document order.
pub fn units(blocks: &[Block]) -> Vec<Unit> {
    let mut r = Reader {
        out: Vec::new(),
        article: String::new(),
        variant: None,
        optional: false,
        in_lid: false,
    };
    for b in blocks {
        r.block(b);
    }
    r.close_article();
    r.out
}
