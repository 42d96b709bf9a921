//! The verordeningsplicht (artikel 8a Participatiewet): each subject the wet layer declares
//! with `onderwerp` must be regulated (`regelt`) by an article that is part of the ordinance.

use super::conform::{FillTable, State};
use super::context::Checker;
use super::symbols::art_prefix;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::*;
use std::collections::BTreeSet;

impl<'p> Checker<'p> {
    pub fn verordeningsplicht(&self) {
        if !matches!(self.layer(), Layer::Verordening | Layer::Model) {
            return;
        }
        let mut subjects: Vec<(&Onderwerp, FileId, String)> = Vec::new();
        for doc in &self.chain {
            if doc.ast.header.layer == Layer::Wet {
                let title = wet_title(&doc.ast.header);
                super::bounds::collect(&doc.ast, &mut |s, prefix| {
                    if let Stmt::Onderwerp(o) = s {
                        subjects.push((o, doc.id, citation(prefix, &title)));
                    }
                });
            }
        }
        if subjects.is_empty() {
            return;
        }
        let mut regulated = BTreeSet::new();
        // The document's own articles.
        regulated_in(&self.doc.ast, &mut regulated, &|_| true);
        // The model's articles this ordinance adopts, or that its own articles correspond to.
        if self.layer() == Layer::Verordening {
            if let Some(model) = self.model {
                let fills: FillTable<'_> = self.collect_fills_quiet();
                let state = State {
                    checker: self,
                    fills: &fills,
                };
                let adopted = |id: &str| match self.slots.get(id) {
                    Some(_) => state.adopted(id) == Some(true),
                    None => true,
                };
                regulated_in(&model.ast, &mut regulated, &adopted);
                let corresponding: BTreeSet<String> = self
                    .doc
                    .ast
                    .items
                    .iter()
                    .filter_map(|i| match &i.kind {
                        ItemKind::Artikel(a) => a.model_nr.as_ref().map(|n| n.text.clone()),
                        _ => None,
                    })
                    .collect();
                for item in &model.ast.items {
                    if let ItemKind::Artikel(a) = &item.kind {
                        if corresponding.contains(&a.nr.text) {
                            regulated_in_members(
                                &a.members,
                                &art_prefix(&a.nr.text),
                                &mut regulated,
                                &|_| true,
                            );
                        }
                    }
                }
            }
        }
        // A plicht that starts after this document stops being in force does not bind it
        // (the 2017 model predates the Wet uitvoeren breed offensief).
        let until = self
            .doc
            .ast
            .header
            .meta
            .iter()
            .find_map(|m| match (&m.key, &m.value) {
                (MetaKey::GeldigTot, MetaValue::Date(d)) => Some(*d),
                _ => None,
            });
        // `uittreksel "..."`: the file is an excerpt (a chapter) of a larger regeling, which
        // may regulate the subject elsewhere: a note, not an error.
        let excerpt = self
            .doc
            .ast
            .header
            .meta
            .iter()
            .find_map(|m| match (&m.key, &m.value) {
                (MetaKey::Other(k), MetaValue::Text(t)) if k == "uittreksel" => Some(t),
                _ => None,
            });
        for (o, file, article) in subjects {
            if regulated.contains(&o.name.text) {
                continue;
            }
            if o.vanaf.zip(until).is_some_and(|(from, until)| until < from) {
                continue;
            }
            if let Some(t) = excerpt {
                self.emit(
                    Diagnostic::new(
                        Code::Verordeningsplicht,
                        self.file(),
                        t.span,
                        format!(
                            "dit uittreksel regelt niet wat {article} verplicht te regelen: {}",
                            o.description.value
                        ),
                    )
                    .note()
                    .label("een uittreksel: het onderwerp kan elders in de regeling staan")
                    .with_secondary(file, o.name.span, "de verordeningsplicht in de wet")
                    .help(format!(
                        "controleer dat de volledige regeling `{}` regelt; in dit bestand is het geen fout",
                        o.name.text
                    )),
                );
                continue;
            }
            self.emit(
                Diagnostic::new(
                    Code::Verordeningsplicht,
                    self.file(),
                    self.doc.ast.header.title.span,
                    format!(
                        "deze regeling regelt niet wat {article} verplicht te regelen: {}",
                        o.description.value
                    ),
                )
                .label("hier ontbreekt een verplicht onderwerp")
                .with_secondary(file, o.name.span, "de verordeningsplicht in de wet")
                .help(format!(
                    "neem het artikel van het model over dat `{}` regelt, of schrijf een eigen artikel met `regelt {}`",
                    o.name.text, o.name.text
                )),
            );
        }
    }
}

/// The citation title of a wet layer (`citeertitel`, else its title).
fn wet_title(h: &Header) -> String {
    h.meta
        .iter()
        .find_map(|m| match (&m.key, &m.value) {
            (MetaKey::Other(k), MetaValue::Text(t)) if k == "citeertitel" => Some(t.value.clone()),
            _ => None,
        })
        .unwrap_or_else(|| h.title.value.clone())
}

/// "artikel 8a, tweede lid, onder c, van de Participatiewet" for the slot prefix of the unit
/// an `onderwerp` stands in (`art8a.lid2.c`).
fn citation(prefix: &str, title: &str) -> String {
    format!(
        "{}, van de {title}",
        crate::syntax::place::citation_of_prefix(prefix)
    )
}

fn regulated_in(file: &File, out: &mut BTreeSet<String>, adopted: &dyn Fn(&str) -> bool) {
    for item in &file.items {
        if let ItemKind::Artikel(a) = &item.kind {
            let id = art_prefix(&a.nr.text);
            if a.vervallen || (a.optional && !adopted(&id)) {
                continue;
            }
            regulated_in_members(&a.members, &id, out, adopted);
        }
    }
}

fn regulated_in_members(
    members: &[Member],
    prefix: &str,
    out: &mut BTreeSet<String>,
    adopted: &dyn Fn(&str) -> bool,
) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => {
                let id = crate::syntax::place::lid_prefix(prefix, &l.nr.text);
                if !l.optional || adopted(&id) {
                    regulated_in_members(&l.members, &id, out, adopted);
                }
            }
            MemberKind::LidGroup(g) => {
                let id = crate::check::symbols::lid_group_id(prefix, g);
                if adopted(&id) {
                    let inner = crate::check::symbols::lid_group_prefix(prefix, g);
                    regulated_in_members(&g.leden, &inner, out, adopted);
                }
            }
            MemberKind::Onderdeel(o) => {
                let id = format!("{prefix}.{}", o.label.text);
                if !o.optional || adopted(&id) {
                    regulated_in_members(&o.members, &id, out, adopted);
                }
            }
            MemberKind::Stmt(Stmt::Regelt(names)) => {
                out.extend(names.iter().map(|n| n.text.clone()));
            }
            _ => {}
        }
    }
}
