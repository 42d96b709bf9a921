//! Rendering of diagnostics: human (miette), JSON, GitHub workflow commands and SARIF.

use super::{Code, Diagnostic, Label, Level, SourceMap};
use crate::syntax::span::line_col;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use serde_json::{json, Value};
use std::fmt;

/// Adapter that lets miette draw one of our diagnostics.
#[derive(Debug)]
struct Drawn {
    code: Option<Code>,
    level: miette::Severity,
    message: String,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Display for Drawn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Drawn {}

impl miette::Diagnostic for Drawn {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .map(|c| Box::new(c.as_str()) as Box<dyn fmt::Display + 'a>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.level)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn source_of(map: &SourceMap, label: &Label) -> NamedSource<String> {
    NamedSource::new(map.name(label.file), map.text(label.file).to_string())
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let text = if label.text.is_empty() {
        None
    } else {
        Some(label.text.clone())
    };
    if primary {
        LabeledSpan::new_primary_with_span(text, label.span)
    } else {
        LabeledSpan::new_with_span(text, label.span)
    }
}

/// What miette draws of one diagnostic: the clause in its own file. The help and the clauses in
/// other files are drawn by `render_human`, because miette would label them in English
/// (`help:`, `Advice:`).
fn to_drawn(map: &SourceMap, d: &Diagnostic) -> Drawn {
    let labels = std::iter::once(labeled(&d.primary, true))
        .chain(
            d.secondary
                .iter()
                .filter(|s| s.file == d.primary.file)
                .map(|s| labeled(s, false)),
        )
        .collect();
    Drawn {
        code: Some(d.code),
        level: match d.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Note => miette::Severity::Advice,
        },
        message: d.message.clone(),
        source: source_of(map, &d.primary),
        labels,
    }
}

/// A clause in another file (the model slot a fill belongs to), drawn without a header.
fn elsewhere(map: &SourceMap, label: &Label) -> Drawn {
    Drawn {
        code: None,
        level: miette::Severity::Advice,
        message: format!("zie ook {}", map.name(label.file)),
        source: source_of(map, label),
        labels: vec![labeled(label, true)],
    }
}

/// The Dutch word before a help text; as wide as miette's `help: `, so the indentation of the
/// following lines is the same.
const HELP: &str = "  hulp: ";

/// The help line, wrapped and styled like miette's own footer.
fn help_line(theme: &GraphicalTheme, help: &str, width: usize) -> String {
    let indent = theme.styles.help.style(HELP).to_string();
    let options = textwrap::Options::new(width.saturating_sub(2))
        .initial_indent(&indent)
        .subsequent_indent("        ")
        .break_words(true);
    format!("{}\n", textwrap::fill(help, options))
}

/// Human-readable reports. `color` is false for snapshots and pipes.
pub fn render_human(map: &SourceMap, diags: &[Diagnostic], color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme.clone())
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    for d in diags {
        if handler.render_report(&mut out, &to_drawn(map, d)).is_err() {
            out.push_str(&format!("{}: {}\n", d.code.as_str(), d.message));
        }
        if let Some(help) = &d.help {
            out.push_str(&help_line(&theme, help, width));
        }
        for s in d.secondary.iter().filter(|s| s.file != d.primary.file) {
            out.push('\n');
            if handler.render_report(&mut out, &elsewhere(map, s)).is_err() {
                out.push_str(&format!("zie ook {}\n", map.name(s.file)));
            }
        }
        out.push('\n');
    }
    out
}

fn position(map: &SourceMap, label: &Label) -> Value {
    let text = map.text(label.file);
    let (line, column) = line_col(text, label.span.start as usize);
    let (end_line, end_column) = line_col(text, label.span.end as usize);
    json!({
        "file": map.name(label.file),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "start": label.span.start,
        "end": label.span.end,
        "label": label.text,
    })
}

/// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn render_json(map: &SourceMap, diags: &[Diagnostic]) -> String {
    let list: Vec<Value> = diags
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "level": d.level,
                "message": d.message,
                "location": position(map, &d.primary),
                "related": d.secondary.iter().map(|s| position(map, s)).collect::<Vec<_>>(),
                "help": d.help,
            })
        })
        .collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let doc = json!({
        "diagnostics": list,
        "errors": errors,
        "warnings": diags.iter().filter(|d| d.is_warning()).count(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn escape_github(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands (`::error file=...::message`).
pub fn render_github(map: &SourceMap, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let text = map.text(d.primary.file);
        let (line, col) = line_col(text, d.primary.span.start as usize);
        let (end_line, end_col) = line_col(text, d.primary.span.end as usize);
        let kind = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhulp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            escape_github(map.name(d.primary.file), true),
            escape_github(d.code.as_str(), true),
            escape_github(&message, false),
        ));
    }
    out
}

fn sarif_location(map: &SourceMap, label: &Label) -> Value {
    let text = map.text(label.file);
    let (line, col) = line_col(text, label.span.start as usize);
    let (end_line, end_col) = line_col(text, label.span.end as usize);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": map.name(label.file) },
            "region": {
                "startLine": line, "startColumn": col,
                "endLine": end_line, "endColumn": end_col,
            }
        },
        "message": { "text": label.text },
    })
}

/// SARIF 2.1.0 for code-scanning upload.
pub fn render_sarif(map: &SourceMap, diags: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.slug(),
                "shortDescription": { "text": c.title() },
                "helpUri": format!("docs/diagnostics/{}.md", c.slug()),
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            json!({
                "ruleId": d.code.as_str(),
                "level": match d.level { Level::Error => "error", Level::Warning => "warning", Level::Note => "note" },
                "message": { "text": match &d.help {
                    Some(h) => format!("{} (hulp: {h})", d.message),
                    None => d.message.clone(),
                }},
                "locations": [sarif_location(map, &d.primary)],
                "relatedLocations": d.secondary.iter().map(|s| sarif_location(map, s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "verordening",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
