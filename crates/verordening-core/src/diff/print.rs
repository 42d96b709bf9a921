//! Printing a diff: a markdown was-wordt table, or one self-contained HTML page.

use super::matching::Change;
use super::words::{shown_diff, Piece};
use super::Diff;

/// The pieces of a side as spans: consecutive pieces with one mark, glued together (a word and
/// its comma), each with whether it is glued to the span before and the one after.
fn spans<'a>(ps: &[Piece<'a>]) -> Vec<(String, i8, bool, bool)> {
    let mut out: Vec<(String, i8, bool, bool)> = Vec::new();
    for p in ps {
        match out.last_mut() {
            Some(last) if !p.spaced && last.1 == p.mark => last.0.push_str(p.text),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.3 = !p.spaced;
                }
                out.push((
                    p.text.to_string(),
                    p.mark,
                    !p.spaced && !out.is_empty(),
                    false,
                ));
            }
        }
    }
    out
}

/// The spans joined: a space before each that begins a word.
fn joined(spans: Vec<(String, i8, bool, bool)>, wrap: impl Fn(&str, i8, bool) -> String) -> String {
    let mut out = String::new();
    for (k, (text, mark, glued_before, glued_after)) in spans.into_iter().enumerate() {
        if k > 0 && !glued_before {
            out.push(' ');
        }
        out.push_str(&wrap(&text, mark, glued_before || glued_after));
    }
    out
}

fn marked_md(ps: &[Piece<'_>], del: bool) -> String {
    // `~~` and `**` only open and close next to whitespace or the end (CommonMark's flanking
    // rules): a mark on a comma glued to its word ("doelgroep,") is written as HTML, which
    // GitHub-flavoured markdown keeps.
    joined(spans(ps), |w, mark, glued| match (mark, del, glued) {
        (0, _, _) => w.to_string(),
        (_, true, false) => format!("~~{w}~~"),
        (_, false, false) => format!("**{w}**"),
        (_, true, true) => format!("<del>{w}</del>"),
        (_, false, true) => format!("<b>{w}</b>"),
    })
    .replace('|', "\\|")
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

pub fn markdown(d: &Diff, old_name: &str, new_name: &str) -> String {
    let mut out = format!("# Was-wordt: {old_name} → {new_name}\n\n");
    if d.is_empty() {
        out.push_str("Geen verschillen.\n");
        return out;
    }
    if !d.semantisch.is_empty() {
        out.push_str("## Wijzigingen\n\n");
        for l in &d.semantisch {
            out.push_str(&format!("- {l}\n"));
        }
        out.push('\n');
    }
    out.push_str("## Was-wordt-tabel\n\n| | Was | Wordt |\n|---|---|---|\n");
    for c in &d.wijzigingen {
        match c {
            Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                let (o, n) = shown_diff(&was.text, &wordt.text);
                let label = row_label(was, wordt);
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&label),
                    marked_md(&o, true).replace('\n', "<br>"),
                    marked_md(&n, false).replace('\n', "<br>")
                ));
            }
            Change::Toegevoegd { wordt } => out.push_str(&format!(
                "| {} | | **{}** |\n",
                cell(&wordt.label),
                cell(&wordt.text)
            )),
            Change::Vervallen { was } => out.push_str(&format!(
                "| {} | ~~{}~~ | |\n",
                cell(&was.label),
                cell(&was.text)
            )),
        }
    }
    out
}

/// "Artikel 14, lid 4", or "Artikel 14, lid 3 → Artikel 14, lid 4" for a renumbered unit.
fn row_label(was: &super::Unit, wordt: &super::Unit) -> String {
    if was.label == wordt.label {
        was.label.clone()
    } else {
        format!("{} → {}", was.label, wordt.label)
    }
}

use crate::page::{code_spans, esc};

fn marked_html(ps: &[Piece<'_>], del: bool) -> String {
    joined(spans(ps), |w, mark, _| match (mark, del) {
        (0, _) => esc(w),
        (_, true) => format!("<del>{}</del>", esc(w)),
        (_, false) => format!("<ins>{}</ins>", esc(w)),
    })
}

/// The page: the title, the changes in substance, the was-wordt table; `extra` (HTML) after it
/// (the differences in outcomes of `diff --cases`).
pub fn html(d: &Diff, old_name: &str, new_name: &str) -> String {
    html_with(d, old_name, new_name, "")
}

/// [`html`] with a section of its own after the table.
pub fn html_with(d: &Diff, old_name: &str, new_name: &str, extra: &str) -> String {
    let title = format!("Was-wordt: {old_name} → {new_name}");
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    if d.is_empty() {
        body.push_str("<p>Geen verschillen in de tekst.</p>\n");
    }
    if !d.semantisch.is_empty() {
        body.push_str("<h2>Wijzigingen</h2>\n<ul class=\"wijzigingen\">\n");
        for l in &d.semantisch {
            body.push_str(&format!("<li>{}</li>\n", code_spans(l)));
        }
        body.push_str("</ul>\n");
    }
    if !d.wijzigingen.is_empty() {
        let mut rows = String::new();
        for c in &d.wijzigingen {
            let (label, o, n) = match c {
                Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                    let (o, n) = shown_diff(&was.text, &wordt.text);
                    let label = row_label(was, wordt);
                    (label, marked_html(&o, true), marked_html(&n, false))
                }
                Change::Toegevoegd { wordt } => (
                    wordt.label.clone(),
                    String::new(),
                    format!("<ins>{}</ins>", esc(&wordt.text)),
                ),
                Change::Vervallen { was } => (
                    was.label.clone(),
                    format!("<del>{}</del>", esc(&was.text)),
                    String::new(),
                ),
            };
            rows.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td class=\"tekst\">{o}</td><td class=\"tekst\">{n}</td></tr>\n",
                esc(&label)
            ));
        }
        body.push_str("<h2>Was-wordt-tabel</h2>\n");
        body.push_str(&crate::page::table(
            Some(&format!("Was: {old_name}. Wordt: {new_name}.")),
            &["label", "", ""],
            &["Onderdeel", "Was", "Wordt"],
            &rows,
        ));
    }
    body.push_str(extra);
    crate::page::page(&title, &body)
}
