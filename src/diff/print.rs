//! Printing a diff: a markdown was-wordt table, or one self-contained HTML page.

use super::matching::Change;
use super::words::word_diff;
use super::Diff;

fn marked_md(ws: &[(&str, i8)], del: bool) -> String {
    let mut out = Vec::new();
    for (w, k) in ws {
        out.push(match (k, del) {
            (0, _) => w.to_string(),
            (_, true) => format!("~~{w}~~"),
            (_, false) => format!("**{w}**"),
        });
    }
    out.join(" ").replace('|', "\\|")
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
                let (o, n) = word_diff(&was.text, &wordt.text);
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

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn marked_html(ws: &[(&str, i8)], del: bool) -> String {
    ws.iter()
        .map(|(w, k)| match (k, del) {
            (0, _) => esc(w),
            (_, true) => format!("<del>{}</del>", esc(w)),
            (_, false) => format!("<ins>{}</ins>", esc(w)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn html(d: &Diff, old_name: &str, new_name: &str) -> String {
    let mut rows = String::new();
    for c in &d.wijzigingen {
        let (label, o, n) = match c {
            Change::Gewijzigd { was, wordt } | Change::Vernummerd { was, wordt, .. } => {
                let (o, n) = word_diff(&was.text, &wordt.text);
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
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n",
            esc(&label),
            o,
            n
        ));
    }
    let semantic: String = d
        .semantisch
        .iter()
        .map(|l| format!("<li>{}</li>\n", esc(l)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Was-wordt: {} → {}</title>\n<style>\nbody {{ font-family: Georgia, serif; margin: 2em; }} table {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #bbb; padding: .4em .6em; vertical-align: top; text-align: left; white-space: pre-wrap; }}\ndel {{ background: #fdd; }} ins {{ background: #dfd; text-decoration: none; font-weight: bold; }}\n</style>\n</head>\n<body>\n<h1>Was-wordt: {} → {}</h1>\n<h2>Wijzigingen</h2>\n<ul>\n{}</ul>\n<table>\n<tr><th></th><th>Was</th><th>Wordt</th></tr>\n{}</table>\n</body>\n</html>\n",
        esc(old_name), esc(new_name), esc(old_name), esc(new_name), semantic, rows
    )
}
