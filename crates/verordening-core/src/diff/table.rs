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
/// the legal text (as `render` shows it); a formula in words, as `render` and `diff` word it
/// ("€ 150 als het aantal uren per week op de participatieplaats ten minste 16 is, anders
/// € 100"), not in the notation of the rule language.
fn cell(c: &Checker<'_>, state: &State<'_, '_>, names: &Names, id: &str) -> String {
    let Some(slot) = c.slots.get(id) else {
        return String::new();
    };
    if state.in_scope(slot) == Some(false) {
        return "niet overgenomen".into();
    }
    match &slot.kind {
        SlotKind::Fill => match state.fills.values.get(id) {
            Some((fv, _)) if is_formula(fv) => fill_text(fv, names, None),
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
    let names: Vec<Names> = checkers.iter().map(Names::of).collect();
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
            .zip(names.iter())
            .map(|((c, f), n)| {
                cell(
                    c,
                    &State {
                        checker: c,
                        fills: f,
                    },
                    n,
                    &slot.id,
                )
            })
            .collect();
        rows.push((slot.id.clone(), values));
    }
    Some((headers, rows))
}

/// The compare table as a page (`compare --format html`): a heading, a caption, a row per slot
/// named by its place in the legal text, and the rows where the ordinances differ marked.
pub fn html(headers: &[String], rows: &[(String, Vec<String>)]) -> String {
    use crate::page::esc;
    let title = format!("Vergelijking: {}", crate::value::join_dutch(headers));
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    let differ = |v: &[String]| v.iter().any(|x| Some(x) != v.first());
    let n = rows.iter().filter(|(_, v)| differ(v)).count();
    body.push_str(&format!(
        "<p>{} invulplekken van het model; bij {n} verschillen de keuzes (gemarkeerd).</p>\n",
        rows.len()
    ));
    let mut trs = String::new();
    for (id, v) in rows {
        let class = if differ(v) { " class=\"verschil\"" } else { "" };
        trs.push_str(&format!(
            "<tr{class}><th scope=\"row\">{}<br><code>{}</code></th>{}</tr>\n",
            esc(&crate::diff::semantic_place(id)),
            esc(id),
            v.iter()
                .map(|x| format!("<td>{}</td>", esc(x)))
                .collect::<String>()
        ));
    }
    let mut head: Vec<&str> = vec!["Invulplek"];
    head.extend(headers.iter().map(String::as_str));
    let mut cols = vec!["label"];
    cols.extend(headers.iter().map(|_| ""));
    body.push_str(&crate::page::table(
        Some("Per invulplek van het model de waarde, keuze of overname van elke verordening"),
        &cols,
        &head,
        &trs,
    ));
    crate::page::page(&title, &body)
}
