//! Cross-references in legal text: "bedoeld in artikel 14b, derde lid", "de artikelen 14c tot
//! en met 14h", "het tweede lid". A reference to an article or lid of this regulation that
//! does not exist is reported; the checker does not repair the text. References followed by
//! "van de wet" (or another regulation) point elsewhere and are left alone.

use super::context::Checker;
use super::symbols::ArticleIndex;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::*;

#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
}

fn words(raw: &str, base: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in raw.char_indices() {
        let sep = c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\\');
        match (sep, start) {
            (true, Some(s)) => {
                out.push(Word {
                    text: raw.get(s..i).unwrap_or(""),
                    start: base + s,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: raw.get(s..).unwrap_or(""),
            start: base + s,
        });
    }
    for w in &mut out {
        w.text = w.text.trim_end_matches('.');
    }
    out
}

fn ordinal(w: &str) -> Option<usize> {
    crate::value::ORDINALS
        .iter()
        .position(|o| *o == w)
        .map(|i| i + 1)
}

fn is_article_nr(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Whether the words from `i` on say that the reference is to another regulation.
fn external(ws: &[Word<'_>], i: usize) -> bool {
    let w = |k: usize| ws.get(k).map(|w| w.text.to_lowercase()).unwrap_or_default();
    let first = w(i);
    if first == "van" || first == "wet" || first.ends_with("wet") || first == "pw" {
        return !(w(i + 1) == "deze" && w(i + 2).starts_with("verordening"));
    }
    // Abbreviated statutes after the number: "artikel 29b Ziektewet", "artikel 4:81 Awb".
    matches!(
        first.as_str(),
        "awb" | "ioaw" | "ioaz" | "wia" | "ziektewet" | "participatiewet" | "leerplichtwet"
    )
}

impl<'p> Checker<'p> {
    pub fn crossrefs(&self) {
        let mut index = ArticleIndex::build(&self.doc.ast);
        if let Some(model) = self.model.filter(|m| m.id != self.doc.id) {
            for (nr, entry) in ArticleIndex::build(&model.ast).articles {
                index.articles.entry(nr).or_insert(entry);
            }
        }
        if self.layer() == Layer::Wet {
            return;
        }
        for item in &self.doc.ast.items {
            if let ItemKind::Artikel(a) = &item.kind {
                self.texts_in(&a.members, &a.nr.text, &index);
            }
        }
    }

    fn texts_in(&self, members: &[Member], article: &str, index: &ArticleIndex) {
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => self.texts_in(&l.members, article, index),
                MemberKind::LidGroup(g) => self.texts_in(&g.leden, article, index),
                MemberKind::Onderdeel(o) => self.texts_in(&o.members, article, index),
                MemberKind::Tekst(t) => self.text_refs(t, article, index),
                _ => {}
            }
        }
    }

    fn text_refs(&self, t: &Text, article: &str, index: &ArticleIndex) {
        let src = self.project.sources.text(self.file());
        let raw = t.span.text(src);
        let ws = words(raw, t.span.start as usize);
        let mut i = 0;
        while i < ws.len() {
            let lower = ws.get(i).map(|w| w.text.to_lowercase()).unwrap_or_default();
            if lower == "artikel" || lower == "artikelen" {
                // Collect the numbers: "4, 5 en 8", "14c tot en met 14h".
                let mut nrs = Vec::new();
                let mut j = i + 1;
                while let Some(w) = ws.get(j) {
                    if is_article_nr(w.text) {
                        nrs.push(w);
                        j += 1;
                    } else if matches!(w.text, "en" | "tot" | "met")
                        && ws.get(j + 1).is_some_and(|n| {
                            is_article_nr(n.text) || n.text == "en" || n.text == "met"
                        })
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                if nrs.is_empty() {
                    i += 1;
                    continue;
                }
                // ", derde lid", ", onderdeel a" / "onder a".
                let mut lid = None;
                if let (Some(o), Some(l)) = (ws.get(j), ws.get(j + 1)) {
                    if let (Some(n), true) = (ordinal(&o.text.to_lowercase()), l.text == "lid") {
                        lid = Some((n, o));
                        j += 2;
                    }
                }
                let mut k = j;
                while ws.get(k).is_some_and(|w| {
                    matches!(w.text, "onder" | "onderdeel" | "aanhef" | "en")
                        || w.text.len() <= 2
                            && w.text.chars().all(|c| c.is_ascii_lowercase() || c == '°')
                }) {
                    k += 1;
                }
                if !external(&ws, k) && !external(&ws, j) {
                    let from = nrs
                        .first()
                        .map(|w| w.start)
                        .unwrap_or(0)
                        .saturating_sub(t.span.start as usize);
                    let rest = raw.get(from..).unwrap_or("");
                    let sentence_end = rest.find(". ").map(|e| e + 1).unwrap_or(rest.len());
                    let sentence = rest.get(..sentence_end).unwrap_or(rest);
                    for nr in &nrs {
                        self.check_ref(nr, lid.filter(|_| nrs.len() == 1), index, sentence);
                    }
                }
                i = k.max(i + 1);
                continue;
            }
            // "in lid 1", "lid 7, sub b": the informal form, a lid of the same article.
            if lower == "lid" {
                self.informal_lid_ref(&ws, i, article, index);
            }
            // "het tweede lid", "in het derde lid": a lid of the same article.
            if let (Some(n), Some(next)) = (ordinal(&lower), ws.get(i + 1)) {
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| ws.get(p))
                    .map(|w| w.text.to_lowercase());
                let after = ws
                    .get(i + 2)
                    .map(|w| w.text.to_lowercase())
                    .unwrap_or_default();
                if next.text == "lid"
                    && matches!(prev.as_deref(), Some("het" | "dit"))
                    && after != "van"
                {
                    if let (Some(entry), Some(w)) = (index.articles.get(article), ws.get(i)) {
                        if !entry.leden.is_empty() && !entry.leden.contains_key(&n.to_string()) {
                            let span = Span::new(w.start, next.start + next.text.len());
                            self.emit(
                                Diagnostic::new(Code::OnbekendArtikel, self.file(), span, format!("artikel {article} heeft geen {} lid", w.text))
                                    .label("verwijzing naar een lid dat niet bestaat")
                                    .help("controleer de verwijzing; na een vernummering verwijzen teksten soms nog naar het oude lid"),
                            );
                        }
                    }
                }
            }
            i += 1;
        }
    }

    /// "lid 7, sub b" (as written in beleidsregels): the lid must exist in this article, and
    /// the onderdeel in that lid. A warning: the form is informal, and the legal text is kept
    /// as published while the rules are encoded next to it.
    fn informal_lid_ref(&self, ws: &[Word<'_>], i: usize, article: &str, index: &ArticleIndex) {
        let Some(nr) = ws
            .get(i + 1)
            .filter(|w| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit()))
        else {
            return;
        };
        let after_article = i
            .checked_sub(1)
            .and_then(|p| ws.get(p))
            .is_some_and(|w| is_article_nr(w.text) || w.text.to_lowercase() == "artikel");
        let joint = ws.get(i + 2).map(|w| w.text).unwrap_or("");
        let label = match joint {
            "sub" | "onder" | "onderdeel" => ws.get(i + 3).filter(|w| {
                w.text.len() <= 2 && w.text.chars().all(|c| c.is_ascii_lowercase() || c == '°')
            }),
            _ => None,
        };
        let next = if label.is_some() { i + 4 } else { i + 2 };
        if after_article || external(ws, next) {
            return;
        }
        let Some(entry) = index.articles.get(article) else {
            return;
        };
        if entry.leden.is_empty() {
            return;
        }
        let (span, message) = match (entry.leden.get(nr.text), label) {
            (None, _) => (
                Span::new(nr.start, nr.start + nr.text.len()),
                format!("artikel {article} heeft geen lid {}", nr.text),
            ),
            (Some(labels), Some(l)) if !labels.contains(&l.text.to_string()) => (
                Span::new(nr.start, l.start + l.text.len()),
                if labels.is_empty() {
                    format!(
                        "de tekst verwijst naar lid {}, {joint} {}, maar lid {} van artikel {article} heeft geen onderdelen",
                        nr.text, l.text, nr.text
                    )
                } else {
                    format!(
                        "lid {} van artikel {article} heeft geen onderdeel {}",
                        nr.text, l.text
                    )
                },
            ),
            _ => return,
        };
        self.emit(
            Diagnostic::new(Code::OnbekendArtikel, self.file(), span, message)
                .warning()
                .label("verwijzing naar een deel dat niet bestaat")
                .help("een gebrek in de brontekst: laat de tekst zoals hij is vastgesteld, en herstel de verwijzing bij de volgende wijziging"),
        );
    }

    fn check_ref(
        &self,
        nr: &Word<'_>,
        lid: Option<(usize, &Word<'_>)>,
        index: &ArticleIndex,
        rest_of_sentence: &str,
    ) {
        let Some(entry) = index.articles.get(nr.text) else {
            // "bedoeld in artikel 8a, tweede lid, onder g, onderdeel 1, of ..., van de wet": the
            // statute is named further on in the sentence.
            let lower = rest_of_sentence.to_lowercase();
            if [
                "van de wet",
                "participatiewet",
                "van de wet ",
                "leerplichtwet",
                "ziektewet",
                "awb",
            ]
            .iter()
            .any(|w| lower.contains(w))
            {
                return;
            }
            self.emit(
                Diagnostic::new(Code::OnbekendArtikel, self.file(), Span::new(nr.start, nr.start + nr.text.len()), format!("de tekst verwijst naar artikel {}, dat niet bestaat", nr.text))
                    .label("onbekend artikel")
                    .help("controleer de verwijzing; staat er `van de wet` achter, dan is het een artikel van de wet"),
            );
            return;
        };
        if let Some((n, w)) = lid {
            if !entry.leden.is_empty() && !entry.leden.contains_key(&n.to_string()) {
                self.emit(
                    Diagnostic::new(
                        Code::OnbekendArtikel,
                        self.file(),
                        Span::new(w.start, w.start + w.text.len() + 4),
                        format!("artikel {} heeft geen {} lid", nr.text, w.text),
                    )
                    .label("verwijzing naar een lid dat niet bestaat")
                    .help("controleer de verwijzing"),
                );
            }
        }
    }
}
