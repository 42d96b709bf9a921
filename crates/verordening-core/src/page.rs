//! The one HTML page shell of every document the tool prints (`render`, `diff`, `compare`,
//! `eval --format html`): escaping, the stylesheet for the screen, a narrow screen and print,
//! and nothing loaded from elsewhere, so that a page can be mailed, archived or attached to a
//! decision as it is. A small module rather than a template crate: the pages are a handful of
//! headings, lists and tables built from strings the library already words.

/// Text escaped for HTML, in element content and in attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A line that marks identifiers and rules with backticks (as the Markdown output shows them),
/// escaped, with each `quoted` part as `<code>`: an HTML page shows no literal backtick.
pub fn code_spans(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push_str(if inside { "</code>" } else { "<code>" });
            inside = !inside;
        }
        out.push_str(&esc(part));
    }
    // An odd backtick has no partner: close the element so the page stays well formed.
    if inside {
        out.push_str("</code>");
    }
    out
}

/// The stylesheet of every page. Tables have a fixed layout and words may break anywhere, so
/// a table fits a phone's 390 px; printed, each table repeats its header on every page, rows
/// stay whole where they fit on a page, and the page number stands at the foot.
pub const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6em; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.25em; margin-top: 2em; } h3 { font-size: 1.05em; margin-top: 1.5em; }
p.lid { margin: .4em 0; } p.onderdeel { margin: .2em 0; } .nr { display: inline-block; min-width: 2em; }
dl.kop { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 0 1.5em; color: #333; }
dl.kop dt { font-weight: bold; } dl.kop dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #bbb; padding: .4em .6em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f0f0f0; }
td.tekst { white-space: pre-wrap; }
col.label { width: 22%; }
del { background: #fdd; } ins { background: #dfd; text-decoration: none; font-weight: bold; }
tr.verschil td, tr.verschil th { background: #fff4cc; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
ul.samenvatting li, ul.wijzigingen li { margin: .25em 0; }
.onderbouwing { margin-top: 1.2em; }
.toelichting { color: #444; }
@media (max-width: 40em) {
  body { margin: 1em auto; padding: 0 .5em; font-size: .95em; }
  th, td { padding: .25em .3em; }
  col.label { width: 28%; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr, li, p.lid, p.onderdeel { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  tr.verschil td, tr.verschil th, thead th, del, ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: "pagina " counter(page) " van " counter(pages); font-family: Georgia, serif; font-size: 8pt; } }
"#;

/// A whole self-contained page: the title (escaped here) and the body (HTML already).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// A table with a header row in `<thead>` (repeated on every printed page) and the rows as
/// given (`<tr>…</tr>` each, HTML already). `cols` are the classes of the columns (empty: none).
pub fn table(caption: Option<&str>, cols: &[&str], head: &[&str], rows: &str) -> String {
    let mut out = String::from("<table>\n");
    if let Some(c) = caption {
        out.push_str(&format!("<caption>{}</caption>\n", esc(c)));
    }
    if cols.iter().any(|c| !c.is_empty()) {
        out.push_str("<colgroup>");
        for c in cols {
            if c.is_empty() {
                out.push_str("<col>");
            } else {
                out.push_str(&format!("<col class=\"{}\">", esc(c)));
            }
        }
        out.push_str("</colgroup>\n");
    }
    out.push_str("<thead><tr>");
    for h in head {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    out.push_str(rows);
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The lines under a title that say which version a document is (`versie`, `geldig vanaf`,
/// `bron`), as a definition list.
pub fn kop(lines: &[(String, String)]) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("<dl class=\"kop\">\n");
    for (k, v) in lines {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
    }
    out.push_str("</dl>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_code_spans() {
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(
            code_spans("`art8.lid3`: regel `a < b`"),
            "<code>art8.lid3</code>: regel <code>a &lt; b</code>"
        );
        assert_eq!(code_spans("één ` alleen"), "één <code> alleen</code>");
    }
}
