//! Cross-references in legal text: "bedoeld in artikel 14b, derde lid", "de artikelen 14c tot
//! en met 14h", "het tweede lid". A reference to an article or lid of this regulation that
//! does not exist is reported; the checker does not repair the text. References followed by
//! "van de wet" (or another regulation) point elsewhere and are left alone.

use super::context::Checker;
use super::symbols::ArticleIndex;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::textref::{self, LidRef, NrRef, TextRef};
use crate::syntax::*;

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
        for r in textref::scan(raw, t.span.offset()) {
            match r {
                TextRef::Articles { nrs, lid, sentence } => {
                    let lid = lid.filter(|_| nrs.len() == 1);
                    for nr in &nrs {
                        self.check_ref(nr, lid.as_ref(), index, sentence);
                    }
                }
                TextRef::InformalLid { nr, onderdeel } => {
                    self.informal_lid_ref(&nr, onderdeel.as_ref(), article, index);
                }
                TextRef::OwnLid(l) => {
                    let Some(entry) = index.articles.get(article) else {
                        continue;
                    };
                    if !entry.leden.is_empty() && !entry.leden.contains_key(&l.nr.to_string()) {
                        self.emit(
                            Diagnostic::new(Code::OnbekendArtikel, self.file(), l.span, format!("artikel {article} heeft geen {} lid", l.ordinal))
                                .label("verwijzing naar een lid dat niet bestaat")
                                .help("controleer de verwijzing; na een vernummering verwijzen teksten soms nog naar het oude lid"),
                        );
                    }
                }
            }
        }
    }

    /// "lid 7, sub b" (as written in beleidsregels): the lid must exist in this article, and
    /// the onderdeel in that lid. A warning: the form is informal, and the legal text is kept
    /// as published while the rules are encoded next to it.
    /// "lid 7, sub b" in the text of artikel `article`: a warning if that lid or onderdeel
    /// does not exist (a defect of the source text, which the encoding keeps as enacted).
    fn informal_lid_ref(
        &self,
        nr: &NrRef<'_>,
        onderdeel: Option<&(&str, NrRef<'_>)>,
        article: &str,
        index: &ArticleIndex,
    ) {
        let Some(entry) = index.articles.get(article) else {
            return;
        };
        if entry.leden.is_empty() {
            return;
        }
        let (span, message) = match (entry.leden.get(nr.nr), onderdeel) {
            (None, _) => (
                nr.span,
                format!("artikel {article} heeft geen lid {}", nr.nr),
            ),
            (Some(labels), Some((joint, l))) if !labels.contains(&l.nr.to_string()) => (
                Span::new(nr.span.offset(), l.span.end as usize),
                if labels.is_empty() {
                    format!(
                        "de tekst verwijst naar lid {}, {joint} {}, maar lid {} van artikel {article} heeft geen onderdelen",
                        nr.nr, l.nr, nr.nr
                    )
                } else {
                    format!(
                        "lid {} van artikel {article} heeft geen onderdeel {}",
                        nr.nr, l.nr
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
        nr: &NrRef<'_>,
        lid: Option<&LidRef<'_>>,
        index: &ArticleIndex,
        rest_of_sentence: &str,
    ) {
        let Some(entry) = index.articles.get(nr.nr) else {
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
                Diagnostic::new(Code::OnbekendArtikel, self.file(), nr.span, format!("de tekst verwijst naar artikel {}, dat niet bestaat", nr.nr))
                    .label("onbekend artikel")
                    .help("controleer de verwijzing; staat er `van de wet` achter, dan is het een artikel van de wet"),
            );
            return;
        };
        if let Some(l) = lid {
            if !entry.leden.is_empty() && !entry.leden.contains_key(&l.nr.to_string()) {
                self.emit(
                    Diagnostic::new(
                        Code::OnbekendArtikel,
                        self.file(),
                        l.span,
                        format!("artikel {} heeft geen {} lid", nr.nr, l.ordinal),
                    )
                    .label("verwijzing naar een lid dat niet bestaat")
                    .help("controleer de verwijzing"),
                );
            }
        }
    }
}
