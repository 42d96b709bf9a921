//! Cross-references in legal text: "bedoeld in artikel 14b, derde lid", "de artikelen 14c tot
//! en met 14h", "het tweede lid". A reference to an article or lid of this regulation that
//! does not exist is a warning (`vo::verwijzing`): adopted texts contain such defects (an
//! amendment renumbers and forgets a cross-reference), the encoding keeps the text as adopted,
//! and the rules do not depend on the wording of a reference. A `brongebrek "reden"` in the same
//! unit acknowledges the defect; the warning stays and says so. References followed by "van de
//! wet" point to the wet and are left alone; "van de Verordening maatregelen" names another
//! regeling: listed by `render --leeswijzer`, never checked against this file.

use super::context::Checker;
use super::symbols::ArticleIndex;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::textref::{self, LidRef, NrRef, TextRef};
use crate::syntax::*;
use std::cell::Cell;

/// The acknowledgements (`brongebrek`) of one unit, and whether each was used.
struct Acks<'a> {
    acks: Vec<(&'a Text, Cell<bool>)>,
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

    /// The texts of one unit (artikel, lid, onderdeel) with the `brongebrek` lines that stand
    /// in that unit; then the units inside it.
    fn texts_in(&self, members: &[Member], article: &str, index: &ArticleIndex) {
        let acks = Acks {
            acks: members
                .iter()
                .filter_map(|m| match &m.kind {
                    MemberKind::Brongebrek(t) => Some((t, Cell::new(false))),
                    _ => None,
                })
                .collect(),
        };
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => self.texts_in(&l.members, article, index),
                MemberKind::LidGroup(g) => self.texts_in(&g.leden, article, index),
                MemberKind::Onderdeel(o) => self.texts_in(&o.members, article, index),
                MemberKind::Tekst(t) => self.text_refs(t, article, index, &acks),
                _ => {}
            }
        }
        for (t, used) in &acks.acks {
            if !used.get() {
                self.emit(
                    Diagnostic::new(Code::Verwijzing, self.file(), t.span, "`brongebrek` zonder gebrek: de tekst van deze eenheid verwijst nergens naar een artikel of lid dat niet bestaat")
                        .warning()
                        .label("erkend gebrek dat de controle niet vindt")
                        .help("is de verwijzing hersteld, verwijder dan de regel `brongebrek`; zij hoort in dezelfde eenheid (artikel, lid of onderdeel) als de tekst met het gebrek"),
                );
            }
        }
    }

    /// Emits a defective reference: a warning, acknowledged when the unit has a `brongebrek`.
    fn defect(&self, span: Span, message: String, label: &str, acks: &Acks<'_>) {
        let mut d = Diagnostic::new(Code::Verwijzing, self.file(), span, message)
            .warning()
            .label(label);
        match acks.acks.first() {
            Some((ack, _)) => {
                for (_, used) in &acks.acks {
                    used.set(true);
                }
                d = d
                    .with_secondary(self.file(), ack.span, format!("erkend gebrek in de brontekst: {}", ack.value))
                    .help("een erkend gebrek in de vastgestelde tekst: de tekst blijft zoals hij is vastgesteld, de regels gelden zoals gecodeerd; herstel de verwijzing bij de volgende wijziging");
            }
            None => {
                d = d.help("een gebrek in de vastgestelde tekst? laat de tekst zoals hij is vastgesteld en erken het gebrek met de reden in dezelfde eenheid: `brongebrek \"bedoeld is artikel ...\"`; anders: herstel de verwijzing (na een vernummering verwijzen teksten soms nog naar het oude nummer)");
            }
        }
        self.emit(d);
    }

    fn text_refs(&self, t: &Text, article: &str, index: &ArticleIndex, acks: &Acks<'_>) {
        let src = self.project.sources.text(self.file());
        let raw = t.span.text(src);
        for r in textref::scan(raw, t.span.offset()) {
            match r {
                TextRef::Articles { nrs, lid, sentence } => {
                    let lid = lid.filter(|_| nrs.len() == 1);
                    for nr in &nrs {
                        self.check_ref(nr, lid.as_ref(), index, sentence, acks);
                    }
                }
                TextRef::InformalLid { nr, onderdeel } => {
                    self.informal_lid_ref(&nr, onderdeel.as_ref(), article, index, acks);
                }
                TextRef::External { .. } => {}
                TextRef::OwnLid(l) => {
                    let Some(entry) = index.articles.get(article) else {
                        continue;
                    };
                    if !entry.leden.is_empty() && !entry.leden.contains_key(&l.nr.to_string()) {
                        self.defect(
                            l.span,
                            format!("artikel {article} heeft geen {} lid", l.ordinal),
                            "verwijzing naar een lid dat niet bestaat",
                            acks,
                        );
                    }
                }
            }
        }
    }

    /// "lid 7, sub b" (as written in beleidsregels) in the text of artikel `article`: the lid
    /// must exist in this article, and the onderdeel in that lid.
    fn informal_lid_ref(
        &self,
        nr: &NrRef<'_>,
        onderdeel: Option<&(&str, NrRef<'_>)>,
        article: &str,
        index: &ArticleIndex,
        acks: &Acks<'_>,
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
        self.defect(
            span,
            message,
            "verwijzing naar een deel dat niet bestaat",
            acks,
        );
    }

    fn check_ref(
        &self,
        nr: &NrRef<'_>,
        lid: Option<&LidRef<'_>>,
        index: &ArticleIndex,
        rest_of_sentence: &str,
        acks: &Acks<'_>,
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
            self.defect(
                nr.span,
                format!("de tekst verwijst naar artikel {}, dat niet bestaat", nr.nr),
                "onbekend artikel",
                acks,
            );
            return;
        };
        if let Some(l) = lid {
            if !entry.leden.is_empty() && !entry.leden.contains_key(&l.nr.to_string()) {
                self.defect(
                    l.span,
                    format!("artikel {} heeft geen {} lid", nr.nr, l.ordinal),
                    "verwijzing naar een lid dat niet bestaat",
                    acks,
                );
            }
        }
    }
}
