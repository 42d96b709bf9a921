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

pub use context::Checker;

use crate::syntax::{Decl, File, Layer, Stmt};

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

/// Check document `i` of the project against the layers it stands on.
pub fn check_document(project: &Project, i: usize) -> Vec<Diagnostic> {
    // A refused file has no tree to check; one whose layers could not be loaded has had its
    // one diagnostic (`vo::verwijzing`): names from the missing layer would all be unknown.
    if project
        .doc(i)
        .is_none_or(|d| d.refused || project.layer_missing(i))
    {
        return Vec::new();
    }
    let Some(checker) = Checker::new(project, i) else {
        return Vec::new();
    };
    checker.walk();
    if !checker.model_unresolved() {
        checker.conform();
        checker.bounds();
        checker.verordeningsplicht();
    }
    checker.crossrefs();
    let mut diags = checker.diags.take();
    // An ordinance without errors is lowered as for evaluation, so that a rule that could
    // not be evaluated is reported by `check` (in CI), not first when a case is evaluated.
    let evaluable = matches!(checker.layer(), Layer::Verordening | Layer::Beleidsregels);
    if evaluable && !diags.iter().any(Diagnostic::is_error) {
        let lowered = crate::eval::lower::lower_checked(&checker);
        diags.extend(sub_cent_amounts(&lowered.program));
        diags.extend(lowered.diagnostics);
    }
    diags
}

/// A paid amount that can come out finer than cents with no rounding stated (issue 21): the
/// Participatiewet and the Awb do not round for the college.
fn sub_cent_amounts(p: &crate::eval::program::Program) -> Vec<Diagnostic> {
    use crate::diagnostics::Code;
    crate::eval::precision::sub_cent_values(p)
        .into_iter()
        .filter_map(|(i, k)| {
            let vz = p.voorzieningen.get(i)?;
            let rule = vz.values.get(k)?;
            let cite = p.cite(rule.cite)?;
            Some(
                Diagnostic::new(
                    Code::Afronding,
                    cite.file,
                    cite.span,
                    format!(
                        "`{}.{}` kan op minder dan een cent uitkomen, en de regeling zegt niet hoe het bedrag wordt afgerond",
                        vz.name, rule.name
                    ),
                )
                .warning()
                .label("een bedrag zonder afronding")
                .help("zeg hoe het bedrag wordt afgerond, zoals de tekst het doet: `afgerond naar beneden op € 0,01` (of op € 1); de Participatiewet en de Awb ronden niet voor u af"),
            )
        })
        .collect()
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
