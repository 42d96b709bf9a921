//! From a [`Target`] to what it means: a slot of the model, a global of the chain, an option of
//! a choice, an article or lid, a layer file. Resolution uses the checker's own tables, so the
//! server and `verordening check` agree on what every name refers to.

use super::locate::Target;
use verordening_core::check::symbols::{Global, Slot};
use verordening_core::check::{visit_decls, visit_slot_decls, visit_stmts, Checker, SlotDeclRef};
use verordening_core::diagnostics::FileId;
use verordening_core::project::Document;
use verordening_core::syntax::*;

pub enum Resolved<'c, 'p> {
    Slot(&'c Slot),
    Global(&'c str, &'c Global<'p>),
    Option {
        keuze: &'c Slot,
        option: &'p Optie,
    },
    Article(ArticleRef<'p>),
    /// A layer file of the chain: its document.
    Layer(&'p Document),
    /// A begrip without a formal definition (`begrip wet "Participatiewet"`): text only, so
    /// no global of the checker, but a declaration all the same.
    Begrip(&'p Begrip, &'p Document),
    /// A field of the entries of a list fact: in a condition or order (`geschikt`), or of the
    /// entry a definition chooses (`kandidaat.naam`, with that definition's name).
    Field {
        list: &'c str,
        global: &'c Global<'p>,
        field: String,
        ty: verordening_core::check::types::Ty,
        chosen_by: Option<String>,
    },
}

/// `kandidaat.veld`: a field of the entry a definition chooses with `kies`.
fn entry_field<'c, 'p>(checker: &'c Checker<'p>, name: &Name) -> Option<Resolved<'c, 'p>> {
    let (entry, field) = name.text.split_once('.')?;
    let g = checker.globals.get(entry)?;
    let verordening_core::check::types::Ty::Vermelding { lijst, fields } =
        checker.global_ty(entry, name.span, g.file)
    else {
        return None;
    };
    let (_, ty) = fields.into_iter().find(|(f, _)| f == field)?;
    let (list, global) = checker.globals.get_key_value(lijst.as_str())?;
    Some(Resolved::Field {
        list: list.as_str(),
        global,
        field: field.to_string(),
        ty,
        chosen_by: Some(entry.to_string()),
    })
}

/// An article, or one of its leden, in a document of the chain.
pub struct ArticleRef<'p> {
    pub doc: &'p Document,
    pub artikel: &'p Artikel,
    /// The article item's span (from its keyword to its closing brace).
    pub span: Span,
    /// The lid, with the span of its member.
    pub lid: Option<(&'p Lid, Span)>,
}

pub fn resolve<'c, 'p>(checker: &'c Checker<'p>, target: &Target<'_>) -> Option<Resolved<'c, 'p>> {
    match target {
        Target::Name { name, scope } => {
            if let Some(slot) = checker.slot_ref(&name.text, scope) {
                return Some(Resolved::Slot(slot));
            }
            checker
                .globals
                .get_key_value(&name.text)
                .map(|(n, g)| Resolved::Global(n.as_str(), g))
                .or_else(|| entry_field(checker, name))
        }
        Target::Field { name, lists, scope } => {
            for list in lists.iter().rev() {
                let Some((l, g)) = checker.globals.get_key_value(list.as_str()) else {
                    continue;
                };
                let at = Name {
                    text: list.clone(),
                    span: name.span,
                };
                let fields = checker
                    .list_fields(&at, FileId(u32::MAX))
                    .unwrap_or_default();
                if let Some((_, ty)) = fields.into_iter().find(|(f, _)| *f == name.text) {
                    return Some(Resolved::Field {
                        list: l.as_str(),
                        global: g,
                        field: name.text.clone(),
                        ty,
                        chosen_by: None,
                    });
                }
            }
            resolve(
                checker,
                &Target::Name {
                    name,
                    scope: scope.clone(),
                },
            )
        }
        Target::SlotDecl { id, .. } => checker.slots.get(id).map(Resolved::Slot),
        Target::GlobalDecl { name } => checker
            .globals
            .get_key_value(&name.text)
            .map(|(n, g)| Resolved::Global(n.as_str(), g))
            .or_else(|| {
                textual_begrip(checker.doc, name).map(|b| Resolved::Begrip(b, checker.doc))
            }),
        Target::Option {
            keuze,
            scope,
            option,
        } => {
            let slot = checker.slot_ref(keuze, scope)?;
            let decl = keuze_decl(checker, &slot.id)?;
            let option = decl.options.iter().find(|o| o.name.text == option.text)?;
            Some(Resolved::Option {
                keuze: slot,
                option,
            })
        }
        Target::Article { nr, lid, .. } => {
            article(checker, nr, lid.as_deref()).map(Resolved::Article)
        }
        Target::Path { key, .. } => {
            let index = checker
                .project
                .docs
                .iter()
                .position(|d| d.id == checker.doc.id)?;
            let j = checker.project.referenced(index, key)?;
            checker.project.doc(j).map(Resolved::Layer)
        }
    }
}

/// The declaration of a keuze of the model, by slot id.
pub fn keuze_decl<'p>(checker: &Checker<'p>, id: &str) -> Option<&'p Keuze> {
    let model = checker.model?;
    let mut found = None;
    visit_slot_decls(&model.ast, &mut |prefix, d| {
        if let SlotDeclRef::Keuze(k) = d {
            if found.is_none() && format!("{prefix}.{}", k.name.text) == id {
                found = Some(k);
            }
        }
    });
    found
}

/// An article by number: the document's own first (an ordinance's own articles), then the
/// model's (the articles an ordinance fills in).
pub fn article<'p>(checker: &Checker<'p>, nr: &str, lid: Option<&str>) -> Option<ArticleRef<'p>> {
    let docs = std::iter::once(checker.doc).chain(checker.model.filter(|m| m.id != checker.doc.id));
    for doc in docs {
        for item in &doc.ast.items {
            let ItemKind::Artikel(a) = &item.kind else {
                continue;
            };
            if a.nr.text != nr {
                continue;
            }
            let lid = match lid {
                Some(l) => Some(find_lid(&a.members, l)?),
                None => None,
            };
            return Some(ArticleRef {
                doc,
                artikel: a,
                span: item.span,
                lid,
            });
        }
    }
    None
}

fn find_lid<'p>(members: &'p [Member], nr: &str) -> Option<(&'p Lid, Span)> {
    members.iter().find_map(|m| match &m.kind {
        MemberKind::Lid(l) if l.nr.text == nr => Some((l, m.span)),
        MemberKind::LidGroup(g) => find_lid(&g.leden, nr),
        _ => None,
    })
}

/// The article and lid a span of a file stands in: `("4", Some("1"))`.
pub fn enclosing_unit(file: &File, span: Span) -> Option<(String, Option<String>)> {
    let contains = |outer: Span| outer.start <= span.start && span.end <= outer.end;
    let a = file.items.iter().find_map(|item| match &item.kind {
        ItemKind::Artikel(a) if contains(item.span) => Some(a),
        _ => None,
    })?;
    fn lid_in(members: &[Member], contains: &dyn Fn(Span) -> bool) -> Option<String> {
        members.iter().find_map(|m| match &m.kind {
            MemberKind::Lid(l) if contains(m.span) => Some(l.nr.text.clone()),
            MemberKind::LidGroup(g) if contains(m.span) => lid_in(&g.leden, contains),
            _ => None,
        })
    }
    Some((a.nr.text.clone(), lid_in(&a.members, &contains)))
}

/// The declaration of a global, found by its span in its own file.
pub enum GlobalDecl<'p> {
    Decl(&'p Decl),
    Begrip(&'p Begrip),
    Onderwerp(&'p Onderwerp),
}

pub fn global_decl<'p>(checker: &Checker<'p>, g: &Global<'p>) -> Option<GlobalDecl<'p>> {
    let doc = doc_of(checker, g.file)?;
    let mut found = None;
    visit_decls(&doc.ast, &mut |d| {
        let hit = match d {
            Decl::Feit(f) | Decl::Oordeel(f) => f.name.span.same_range(&g.span),
            Decl::Soort(s) => {
                s.name.span.same_range(&g.span)
                    || s.values.iter().any(|v| v.span.same_range(&g.span))
            }
            Decl::Parameter(p) => p.name.span.same_range(&g.span),
            Decl::Voorziening(v) => v.name.span.same_range(&g.span),
            Decl::Definitie(def) => def.name.span.same_range(&g.span),
        };
        if hit && found.is_none() {
            found = Some(GlobalDecl::Decl(d));
        }
    });
    if found.is_none() {
        visit_stmts(&doc.ast, &mut |s| match s {
            Stmt::Begrip(b) if found.is_none() && b.name.span.same_range(&g.span) => {
                found = Some(GlobalDecl::Begrip(b))
            }
            Stmt::Onderwerp(o) if found.is_none() && o.name.span.same_range(&g.span) => {
                found = Some(GlobalDecl::Onderwerp(o))
            }
            _ => {}
        });
    }
    found
}

/// The begrip declared at `name` in `doc`, if that is what stands there.
fn textual_begrip<'p>(doc: &'p Document, name: &Name) -> Option<&'p Begrip> {
    let mut found = None;
    visit_stmts(&doc.ast, &mut |s| {
        if let Stmt::Begrip(b) = s {
            if found.is_none() && b.name.span.same_range(&name.span) {
                found = Some(b);
            }
        }
    });
    found
}

pub fn doc_of<'p>(checker: &Checker<'p>, file: FileId) -> Option<&'p Document> {
    checker.chain.iter().copied().find(|d| d.id == file)
}
