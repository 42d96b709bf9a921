//! The compare table of several ordinances that fill in one model (`verordening compare`, and
//! the workbench's compare page): a row per model slot, a column per ordinance.

use crate::check::conform::State;
use crate::check::symbols::SlotKind;
use crate::check::Checker;
use crate::project::Project;
use crate::render::{fill_text, Names};
use crate::syntax::{Expr, ExprKind, FillItem, FillValue};

/// A fill that is more than literal values: its value depends on the case (or on the date),
/// so the table shows it as written rather than one of the values it can take.
fn is_formula(fv: &FillValue) -> bool {
    fn literal(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Lit(_) => true,
            ExprKind::Neg(x) => literal(x),
            _ => false,
        }
    }
    match fv {
        FillValue::Articles(..) => false,
        FillValue::List(items, _) => !items.iter().all(|i| match i {
            FillItem::Expr(e) => literal(e),
            FillItem::Record(fields, _) => fields.iter().all(|(_, e)| literal(e)),
        }),
    }
}

/// The value, choice or adoption an ordinance made for a slot, as shown in the table: a plain
/// value as the ordinance writes it (`12 maanden`, not "1 jaar"; `10 procent`), in the form of
/// the legal text (as `render` shows it); a formula as written.
fn cell(c: &Checker<'_>, state: &State<'_, '_>, id: &str) -> String {
    let Some(slot) = c.slots.get(id) else {
        return String::new();
    };
    if state.in_scope(slot) == Some(false) {
        return "niet overgenomen".into();
    }
    match &slot.kind {
        SlotKind::Fill => match state.fills.values.get(id) {
            Some((fv, _)) if is_formula(fv) => crate::fmt::fill_value(fv),
            Some((fv, _)) => fill_text(fv, &Names::default(), None),
            None => "—".into(),
        },
        SlotKind::Keuze { .. } => state
            .chosen(id)
            .map(|o| o.join(" en "))
            .unwrap_or_else(|| "—".into()),
        _ => match state.adopted(id) {
            Some(true) => "overgenomen".into(),
            Some(false) => "niet overgenomen".into(),
            None => "—".into(),
        },
    }
}

/// Column headers, and per slot its id and a cell per document.
pub type Table = (Vec<String>, Vec<(String, Vec<String>)>);

/// The compare table of documents `docs` (checked, without errors): a column header per
/// document and a row per slot of the first one's model. The server's compare page shows
/// the same table.
pub fn table(project: &Project, docs: &[usize]) -> Option<Table> {
    let checkers: Vec<Checker<'_>> = docs
        .iter()
        .filter_map(|&i| Checker::new(project, i))
        .collect();
    let first = checkers.first()?;
    let fills: Vec<_> = checkers.iter().map(|c| c.collect_fills()).collect();
    let headers: Vec<String> = checkers
        .iter()
        .map(|c| {
            c.doc
                .ast
                .header
                .meta
                .iter()
                .find_map(|m| match (&m.key, &m.value) {
                    (crate::syntax::MetaKey::Other(k), crate::syntax::MetaValue::Text(t))
                        if k == "gemeente" =>
                    {
                        Some(t.value.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| c.doc.ast.header.title.value.clone())
        })
        .collect();
    // Same municipality twice (two versions): tell the columns apart by file name.
    let headers: Vec<String> = headers
        .iter()
        .zip(docs.iter())
        .map(|(h, &i)| {
            if headers.iter().filter(|x| *x == h).count() > 1 {
                let stem = project
                    .doc(i)
                    .and_then(|d| d.path.file_stem())
                    .and_then(|s| s.to_str())
                    .unwrap_or("");
                format!("{h} ({stem})")
            } else {
                h.clone()
            }
        })
        .collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for slot in first.slots.slots.iter().filter(|s| s.volgt.is_none()) {
        let values = checkers
            .iter()
            .zip(fills.iter())
            .map(|(c, f)| {
                cell(
                    c,
                    &State {
                        checker: c,
                        fills: f,
                    },
                    &slot.id,
                )
            })
            .collect();
        rows.push((slot.id.clone(), values));
    }
    Some((headers, rows))
}
