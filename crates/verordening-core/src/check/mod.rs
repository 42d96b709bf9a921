//! The checker: names, types and units, model conformance, statutory bounds, the
//! verordeningsplicht and the model's own constraints.

mod bounds;
pub mod conform;
pub mod consteval;
mod context;
mod crossref;
mod plicht;
pub mod symbols;
pub mod types;
mod walk;

pub use context::{checkers_built_on_this_thread, replaced_articles, Checker};

use crate::syntax::{Decl, File, Stmt};

/// Scope prefixes of a unit (`art8.lid3` → art8.lid3, art8, file).
pub fn scope_of_prefix(prefix: &str) -> Vec<String> {
    context::scope_of(prefix)
}

/// All parameter declarations of a file.
pub fn consteval_parameters(file: &File) -> Vec<&crate::syntax::Parameter> {
    consteval::parameters(file)
}

/// `overgenomen` / `ingevuld` / `gekozen` of a slot, as the ordinance decided it.
pub fn consteval_slot_state(
    state: &conform::State<'_, '_>,
    function: &str,
    id: &str,
    option: Option<&str>,
) -> Option<bool> {
    use consteval::SlotSource;
    state.slot_state(function, id, option)
}

/// Visit every statement of a file.
pub fn visit_stmts<'a>(file: &'a File, f: &mut dyn FnMut(&'a Stmt)) {
    bounds::collect(file, &mut |s, _| f(s));
}

/// Visit every declaration of a file, top level and inside articles.
pub fn visit_decls<'a>(file: &'a File, f: &mut dyn FnMut(&'a Decl)) {
    for item in &file.items {
        if let crate::syntax::ItemKind::Decl(d) = &item.kind {
            f(d);
        }
    }
    bounds::collect(file, &mut |s, _| {
        if let Stmt::Decl(d) = s {
            f(d);
        }
    });
}

use crate::diagnostics::Diagnostic;
use crate::project::Project;

/// Check document `i` of the project against the layers it stands on: the checker (the
/// document's resolved names, slots and layers) with every diagnostic of the checking
/// passes. None for a document with nothing to check: a refused file has no tree, and one
/// whose layers could not be loaded has had its one diagnostic (`vo::verwijzing`): names
/// from the missing layer would all be unknown.
///
/// Checking for evaluation (lowering the rules too) is `eval::check_document`, one floor up.
pub fn check_parts(project: &Project, i: usize) -> Option<(Checker<'_>, Vec<Diagnostic>)> {
    if project
        .doc(i)
        .is_none_or(|d| d.refused || project.layer_missing(i))
    {
        return None;
    }
    let checker = Checker::new(project, i)?;
    checker.walk();
    if !checker.model_unresolved() {
        checker.conform();
        checker.bounds();
        checker.verordeningsplicht();
    }
    checker.crossrefs();
    let diags = checker.diags.take();
    Some((checker, diags))
}

/// A slot declaration of the model, wherever it stands.
pub enum SlotDeclRef<'a> {
    Invulling(&'a crate::syntax::Invulling),
    Passage(&'a crate::syntax::Passage),
    Keuze(&'a crate::syntax::Keuze),
}

/// Visit every slot declaration with the id prefix of the unit it stands in.
pub fn visit_slot_decls<'a>(file: &'a File, f: &mut dyn FnMut(&str, SlotDeclRef<'a>)) {
    bounds::collect(file, &mut |s, prefix| match s {
        Stmt::Invulling(i) => f(prefix, SlotDeclRef::Invulling(i)),
        Stmt::Passage(p) => visit_passage(p, prefix, f),
        Stmt::Keuze(k) => visit_keuze(k, prefix, f),
        _ => {}
    });
}

fn visit_passage<'a>(
    p: &'a crate::syntax::Passage,
    prefix: &str,
    f: &mut dyn FnMut(&str, SlotDeclRef<'a>),
) {
    f(prefix, SlotDeclRef::Passage(p));
    for s in &p.slots {
        match s {
            crate::syntax::SlotDecl::Invulling(i) => f(prefix, SlotDeclRef::Invulling(i)),
            crate::syntax::SlotDecl::Passage(p2) => visit_passage(p2, prefix, f),
            crate::syntax::SlotDecl::Keuze(k2) => visit_keuze(k2, prefix, f),
        }
    }
}

fn visit_keuze<'a>(
    k: &'a crate::syntax::Keuze,
    prefix: &str,
    f: &mut dyn FnMut(&str, SlotDeclRef<'a>),
) {
    f(prefix, SlotDeclRef::Keuze(k));
    for o in &k.options {
        for s in &o.slots {
            match s {
                crate::syntax::SlotDecl::Invulling(i) => f(prefix, SlotDeclRef::Invulling(i)),
                crate::syntax::SlotDecl::Passage(p) => visit_passage(p, prefix, f),
                crate::syntax::SlotDecl::Keuze(k2) => visit_keuze(k2, prefix, f),
            }
        }
    }
}

/// Visit every statement with the slot-id prefix of its unit (`art14a.lid3`).
pub fn visit_stmts_with_place<'a>(file: &'a File, f: &mut dyn FnMut(&str, &'a Stmt)) {
    bounds::collect(file, &mut |s, prefix| f(prefix, s));
}

/// The named groups of voorzieningen (`voorzieningen NAAM "..." = a, b`) along a chain, by
/// name, with their members.
pub fn groups_of(
    chain: &[&crate::project::Document],
) -> std::collections::HashMap<String, Vec<String>> {
    use crate::syntax::{Decl, ItemKind, Stmt};
    let mut out = std::collections::HashMap::new();
    for doc in chain {
        let mut add = |v: &crate::syntax::VoorzieningDecl| {
            if !v.members.is_empty() {
                out.insert(
                    v.name.text.clone(),
                    v.members.iter().map(|m| m.text.clone()).collect(),
                );
            }
        };
        for item in &doc.ast.items {
            if let ItemKind::Decl(Decl::Voorziening(v)) = &item.kind {
                add(v);
            }
        }
        bounds::collect(&doc.ast, &mut |s, _| {
            if let Stmt::Decl(Decl::Voorziening(v)) = s {
                add(v);
            }
        });
    }
    out
}
