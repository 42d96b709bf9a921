//! Rendering of diagnostics: human (miette), JSON, GitHub workflow commands and SARIF.

use super::{Code, Diagnostic, Label, Level, SourceFile, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};
use serde_json::{json, Value};
use std::fmt;
use std::sync::Arc;

/// Adapter that lets miette draw one of our diagnostics.
#[derive(Debug)]
struct Drawn {
    code: Option<Code>,
    level: miette::Severity,
    message: String,
    source: NamedSource<Excerpt>,
    labels: Vec<LabeledSpan>,
}

/// Lines longer than this are drawn as a window around the label. miette's renderer panics
/// when a label stands past column 65 535 (a minified JSON case file, a generated `.vo` line),
/// and a reader is not helped by a line of megabytes either.
const LONG_LINE: usize = 400;
/// Characters of context kept on each side of a label in a long line.
const CONTEXT: usize = 60;
/// The longest label drawn in full; a longer one is drawn over its first characters.
const LONG_LABEL: usize = 200;

/// What miette reads: the file's text, or a window of one long line of it, with the line and
/// column where that window stands in the file (so the location printed is the file's).
#[derive(Debug)]
struct Excerpt {
    text: Arc<str>,
    /// The file line (from 0) of the excerpt's first line.
    line: usize,
    /// The file column (from 0, in characters) of the excerpt's first character.
    column: usize,
    /// Where the lines of a whole file start, when it has no `\r` (miette also ends a line
    /// at a lone `\r`): then a span is read from the first line of its context, not from the
    /// start of the file. miette's own reading counts every line before the span, and a report
    /// of sixty diagnostics in the 104 KB model read the model sixty times (issue 12: what made
    /// the check fuzz target slow on small inputs).
    starts: Option<Arc<[usize]>>,
}

impl Excerpt {
    /// `span` read from the line `before` lines above it: the same contents miette reads from
    /// the start of the text, with the line, the span and the line count of the whole text.
    fn read_from_context<'a>(
        &'a self,
        starts: &[usize],
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<Result<Box<dyn SpanContents<'a> + 'a>, MietteError>> {
        let line = starts
            .partition_point(|&s| s <= span.offset())
            .checked_sub(1)?;
        let first = line.checked_sub(before)?;
        let from = *starts.get(first)?;
        if first == 0 || from > span.offset() {
            return None;
        }
        let window = self.text.get(from..)?;
        let shifted = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = match window.read_span(&shifted, before, after) {
            Ok(inner) => inner,
            Err(e) => return Some(Err(e)),
        };
        let data: &'a [u8] = inner.data();
        Some(Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        ))))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if let Some(starts) = &self.starts {
            if let Some(read) = self.read_from_context(starts, span, before, after) {
                return read;
            }
        }
        let inner = (*self.text).read_span(span, before, after)?;
        let column = if inner.line() == 0 {
            inner.column() + self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.line,
            column,
            inner.line_count(),
        )))
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The source and labels miette draws for labels in one file: the whole text, or, when the
/// primary label's line is long, a window of that line (labels outside it are left out).
fn excerpt(file: &SourceFile, labels: Vec<LabeledSpan>) -> (Excerpt, Vec<LabeledSpan>) {
    let text: &str = &file.text;
    let Some(primary) = labels
        .iter()
        .find(|l| l.primary())
        .or(labels.first())
        .cloned()
    else {
        return (whole(file), labels);
    };
    let start = floor_boundary(text, primary.offset());
    let end = ceil_boundary(text, start + primary.len());
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    if line_end - line_start <= LONG_LINE && end - start <= LONG_LABEL {
        return (whole(file), labels);
    }
    let label_end = ceil_boundary(text, end.min(start + LONG_LABEL));
    let from = floor_boundary(text, start.saturating_sub(CONTEXT).max(line_start));
    let to = ceil_boundary(text, (label_end + CONTEXT).min(line_end.max(label_end)));
    let body = text.get(from..to).unwrap_or("");
    let (lead, tail) = (
        if from > line_start { "…" } else { "" },
        if to < line_end { "…" } else { "" },
    );
    let shift = |o: usize| o - from + lead.len();
    let kept = labels
        .into_iter()
        .filter(|l| l.offset() >= from && l.offset() <= to)
        .map(|l| {
            let limit = if l.primary() { label_end } else { to };
            let s = shift(l.offset());
            let e = shift((l.offset() + l.len()).clamp(l.offset(), limit));
            let span = SourceSpan::new(s.into(), e.saturating_sub(s));
            let label = l.label().map(str::to_string);
            if l.primary() {
                LabeledSpan::new_primary_with_span(label, span)
            } else {
                LabeledSpan::new_with_span(label, span)
            }
        })
        .collect();
    let line = text
        .get(..line_start)
        .map_or(0, |t| t.matches('\n').count());
    let column = text
        .get(line_start..from)
        .map_or(0, |t| t.chars().count())
        .saturating_sub(lead.chars().count());
    (
        Excerpt {
            text: format!("{lead}{body}{tail}").into(),
            line,
            column,
            starts: None,
        },
        kept,
    )
}

fn whole(file: &SourceFile) -> Excerpt {
    Excerpt {
        text: Arc::clone(&file.text),
        line: 0,
        column: 0,
        starts: (!file.has_cr()).then(|| Arc::clone(file.line_starts())),
    }
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

fn drawn_source(
    map: &SourceMap,
    label: &Label,
    labels: Vec<LabeledSpan>,
) -> (NamedSource<Excerpt>, Vec<LabeledSpan>) {
    let Some(file) = map.get(label.file) else {
        let empty = SourceFile::unnamed();
        let (source, labels) = excerpt(&empty, labels);
        return (NamedSource::new(map.name(label.file), source), labels);
    };
    let (source, labels) = excerpt(file, labels);
    (NamedSource::new(map.name(label.file), source), labels)
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
    let (source, labels) = drawn_source(map, &d.primary, labels);
    Drawn {
        code: Some(d.code),
        level: match d.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Note => miette::Severity::Advice,
        },
        message: d.message.clone(),
        source,
        labels,
    }
}

/// A clause in another file (the model slot a fill belongs to), drawn without a header.
fn elsewhere(map: &SourceMap, label: &Label) -> Drawn {
    let (source, labels) = drawn_source(map, label, vec![labeled(label, true)]);
    Drawn {
        code: None,
        level: miette::Severity::Advice,
        message: format!("zie ook {}", map.name(label.file)),
        source,
        labels,
    }
}

/// The Dutch word before a help text; as wide as miette's `help: `, so the indentation of the
/// following lines is the same.
const HELP: &str = "  hulp: ";

/// The help line, wrapped and styled like miette's own footer.
fn help_line(theme: &GraphicalTheme, help: &str, width: usize) -> String {
    let indent = theme.styles.help.style(HELP).to_string();
    if fits_on_one_line(HELP, help, width.saturating_sub(2)) {
        return format!("{indent}{help}\n");
    }
    let options = textwrap::Options::new(width.saturating_sub(2))
        .initial_indent(&indent)
        .subsequent_indent("        ")
        .break_words(true);
    format!("{}\n", textwrap::fill(help, options))
}

/// Whether `text` after `indent` fits in `width` columns as it is, so that wrapping it (with
/// textwrap, as miette does) would give the indent and the text unchanged: one line, no
/// whitespace at either end for textwrap to trim, no wider than the width. Most messages
/// and help texts are such lines, and textwrap's Unicode line breaking was a third of the
/// time a report of many diagnostics took (issue 12); tests below hold the equality.
fn fits_on_one_line(indent: &str, text: &str, width: usize) -> bool {
    !text.is_empty()
        && !text.contains(['\n', '\r', '\t'])
        && text.trim() == text
        && textwrap::core::display_width(indent) + textwrap::core::display_width(text) <= width
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
    // The same handler without wrapping, for a report whose message fits on its line as it
    // is (miette wraps the message after "  <icon> ", within the width less two). Chosen per
    // report, with the icon of its severity.
    let unwrapped = handler.clone().with_wrap_lines(false);
    let pick = |drawn: &Drawn| {
        let icon = match drawn.level {
            miette::Severity::Error => &theme.characters.error,
            miette::Severity::Warning => &theme.characters.warning,
            miette::Severity::Advice => &theme.characters.advice,
        };
        let indent = format!("  {icon} ");
        if fits_on_one_line(&indent, &drawn.message, width.saturating_sub(2)) {
            &unwrapped
        } else {
            &handler
        }
    };
    let mut out = String::new();
    for d in diags {
        let drawn = to_drawn(map, d);
        if pick(&drawn).render_report(&mut out, &drawn).is_err() {
            out.push_str(&format!("{}: {}\n", d.code.as_str(), d.message));
        }
        if let Some(help) = &d.help {
            out.push_str(&help_line(&theme, help, width));
        }
        for s in d.secondary.iter().filter(|s| s.file != d.primary.file) {
            out.push('\n');
            let drawn = elsewhere(map, s);
            if pick(&drawn).render_report(&mut out, &drawn).is_err() {
                out.push_str(&format!("zie ook {}\n", map.name(s.file)));
            }
        }
        out.push('\n');
    }
    out
}

/// A place in a file, in the JSON of `check --format json`.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Plaats<'a> {
    pub file: &'a str,
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offsets in the file.
    pub start: u32,
    pub end: u32,
    pub label: &'a str,
}

/// One diagnostic in the JSON of `check --format json`.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Diagnose<'a> {
    /// `vo::…`, with a page in docs/diagnostics/.
    #[schemars(regex(pattern = r"^vo::[a-z0-9-]+$"))]
    pub code: &'static str,
    pub level: Level,
    pub message: &'a str,
    pub location: Plaats<'a>,
    pub related: Vec<Plaats<'a>>,
    pub help: Option<&'a str>,
}

/// The document `check --format json` writes: `{"diagnostics": [...], "errors": N,
/// "warnings": N}`.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Controle<'a> {
    pub diagnostics: Vec<Diagnose<'a>>,
    pub errors: usize,
    pub warnings: usize,
}

fn position<'a>(map: &'a SourceMap, label: &'a Label) -> Plaats<'a> {
    let (line, column) = map.line_col(label.file, label.span.start as usize);
    let (end_line, end_column) = map.line_col(label.file, label.span.end as usize);
    Plaats {
        file: map.name(label.file),
        line,
        column,
        end_line,
        end_column,
        start: label.span.start,
        end: label.span.end,
        label: &label.text,
    }
}

/// The JSON document of a check, typed (see [`render_json`]).
pub fn controle<'a>(map: &'a SourceMap, diags: &'a [Diagnostic]) -> Controle<'a> {
    Controle {
        diagnostics: diags
            .iter()
            .map(|d| Diagnose {
                code: d.code.as_str(),
                level: d.level,
                message: &d.message,
                location: position(map, &d.primary),
                related: d.secondary.iter().map(|s| position(map, s)).collect(),
                help: d.help.as_deref(),
            })
            .collect(),
        errors: diags.iter().filter(|d| d.is_error()).count(),
        warnings: diags.iter().filter(|d| d.is_warning()).count(),
    }
}

/// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn render_json(map: &SourceMap, diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(&controle(map, diags)).unwrap_or_default()
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
        let (line, col) = map.line_col(d.primary.file, d.primary.span.start as usize);
        let (end_line, end_col) = map.line_col(d.primary.file, d.primary.span.end as usize);
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

fn sarif_location<'a>(map: &'a SourceMap, label: &'a Label) -> SarifLocation<'a> {
    let (line, col) = map.line_col(label.file, label.span.start as usize);
    let (end_line, end_col) = map.line_col(label.file, label.span.end as usize);
    SarifLocation {
        physical_location: SarifPhysical {
            artifact_location: artifact_location(map.name(label.file)),
            region: SarifRegion {
                start_line: line,
                start_column: col,
                end_line,
                end_column: end_col,
            },
        },
        message: SarifText { text: &label.text },
    }
}

/// The base that relative file names in SARIF are resolved against: the working directory
/// (the names are relative to it), declared in the run's `originalUriBaseIds`.
const SRCROOT: &str = "%SRCROOT%";

/// A file as a SARIF artifact location: a relative name as a URI reference under
/// [`SRCROOT`], an absolute one as a `file://` URL.
fn artifact_location(name: &str) -> Value {
    let path = std::path::Path::new(name);
    if path.is_absolute() {
        if let Some(url) = super::file_url(path) {
            return json!({ "uri": url });
        }
    }
    let uri: String = name
        .replace('\\', "/")
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect();
    json!({ "uri": uri, "uriBaseId": SRCROOT })
}

/// SARIF 2.1.0 for code-scanning upload, with links to the pages under [`super::docs_base`].
pub fn render_sarif(map: &SourceMap, diags: &[Diagnostic]) -> String {
    render_sarif_with(map, diags, &super::docs_base())
}

/// SARIF 2.1.0 with `helpUri` under the given base (an absolute URL).
pub fn render_sarif_with(map: &SourceMap, diags: &[Diagnostic], docs_base: &str) -> String {
    let rules = sarif_rules(docs_base);
    let results: Vec<SarifResult> = diags
        .iter()
        .map(|d| SarifResult {
            rule_id: d.code.as_str(),
            level: match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Note => "note",
            },
            message: SarifText {
                text: match &d.help {
                    Some(h) => std::borrow::Cow::Owned(format!("{} (hulp: {h})", d.message)),
                    None => std::borrow::Cow::Borrowed(d.message.as_str()),
                },
            },
            locations: [sarif_location(map, &d.primary)],
            related_locations: d.secondary.iter().map(|s| sarif_location(map, s)).collect(),
        })
        .collect();
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "verordening",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: &rules,
                },
            },
            original_uri_base_ids: json!({
                SRCROOT: std::env::current_dir()
                    .ok()
                    .and_then(|d| super::file_url(&d))
                    .map_or_else(|| json!({}), |u| json!({ "uri": format!("{u}/") })),
            }),
            results,
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// The SARIF log, written field by field in this order (the order of the old `json!` tree,
/// so the output is unchanged) with the rule table borrowed rather than copied.
#[derive(serde::Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<'a>; 1],
}

#[derive(serde::Serialize)]
struct SarifRun<'a> {
    tool: SarifTool<'a>,
    #[serde(rename = "originalUriBaseIds")]
    original_uri_base_ids: Value,
    results: Vec<SarifResult<'a>>,
}

// One result and its places, written straight from the diagnostics (no `Value` tree per
// result: a report of sixty diagnostics spent most of its time building and dropping them).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    level: &'static str,
    message: SarifText<std::borrow::Cow<'a, str>>,
    locations: [SarifLocation<'a>; 1],
    related_locations: Vec<SarifLocation<'a>>,
}

#[derive(serde::Serialize)]
struct SarifText<T> {
    text: T,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: SarifPhysical,
    message: SarifText<&'a str>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: Value,
    region: SarifRegion,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(serde::Serialize)]
struct SarifTool<'a> {
    driver: SarifDriver<'a>,
}

#[derive(serde::Serialize)]
struct SarifDriver<'a> {
    name: &'static str,
    version: &'static str,
    rules: &'a [Value],
}

/// The rule table of a SARIF log: one entry per diagnostic code, the same for every report
/// with the same documentation base. Made once per base and kept: a report of one diagnostic
/// used to build all of them afresh (issue 12: most of what the check fuzz target spent on
/// SARIF).
fn sarif_rules(docs_base: &str) -> Arc<[Value]> {
    use std::sync::Mutex;
    static MADE: Mutex<Vec<(String, Arc<[Value]>)>> = Mutex::new(Vec::new());
    let mut made = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, rules)) = made.iter().find(|(base, _)| base == docs_base) {
        return Arc::clone(rules);
    }
    let rules: Arc<[Value]> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.slug(),
                "shortDescription": { "text": c.title() },
                "helpUri": super::help_uri(docs_base, *c),
            })
        })
        .collect();
    // A process asks for one or two bases (the default and the environment's); a bound keeps
    // a caller that varies it from growing the list.
    if made.len() >= 8 {
        made.remove(0);
    }
    made.push((docs_base.to_string(), Arc::clone(&rules)));
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette and textwrap make of a message, against the shortcut taken when it fits.
    #[test]
    fn a_message_that_fits_is_drawn_as_wrapping_would_draw_it() {
        let long = "woord ".repeat(30);
        let samples = [
            "de datum van inwerkingtreding ontbreekt",
            "`percentage` is al gedeclareerd als parameter",
            "het bedrag € 1.234,56 ligt boven de grens uit artikel 8, derde lid, onder a",
            "één, twee — drie: ‘aanhalingstekens’ en een no-break\u{a0}space",
            "x",
            long.trim(),
            "a / b-c / d-e / f-g / h-i / j-k / l-m / n-o / p-q / r-s / t-u / v-w / x-y / z-a / b-c / d-e / f",
            "een regel van precies de breedte van het venster, niet langer en niet korter dan...",
        ];
        for width in [20, 40, 60, 80, 100] {
            for text in samples {
                for indent in ["  × ", HELP] {
                    if !fits_on_one_line(indent, text, width) {
                        continue;
                    }
                    let options = textwrap::Options::new(width)
                        .initial_indent(indent)
                        .subsequent_indent("    ")
                        .break_words(true);
                    assert_eq!(
                        textwrap::fill(text, options),
                        format!("{indent}{text}"),
                        "{text:?} at width {width}"
                    );
                }
            }
        }
        assert!(!fits_on_one_line("  × ", long.trim(), 100));
        assert!(!fits_on_one_line("  × ", "twee\nregels", 100));
        assert!(!fits_on_one_line("  × ", "spatie aan het eind ", 100));
    }

    /// The whole report, wrapped or not, for diagnostics whose message fits.
    #[test]
    fn reports_of_fitting_messages_are_the_same_without_wrapping() {
        let mut map = SourceMap::default();
        let text = "verordening \"Voorbeeld\"\nartikel 1 {\n  lid 1: \"Tekst.\"\n}\n";
        let file = map.add(std::path::Path::new("voorbeeld.vo"), text);
        let d = Diagnostic::new(
            Code::DubbeleNaam,
            file,
            crate::span::Span::new(13, 22),
            "`Voorbeeld` is al gedeclareerd als begrip — één naam, één betekenis".to_string(),
        )
        .label("tweede declaratie")
        .help("geef elke naam één betekenis; kies een andere naam of verwijder een van beide");
        for color in [false, true] {
            let theme = if color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let wrapping = GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(false);
            let mut a = String::new();
            let mut b = String::new();
            let _ = wrapping.render_report(&mut a, &to_drawn(&map, &d));
            let _ = wrapping
                .clone()
                .with_wrap_lines(false)
                .render_report(&mut b, &to_drawn(&map, &d));
            assert_eq!(a, b);
            assert!(render_human(&map, std::slice::from_ref(&d), color, 100).starts_with(&a));
        }
    }

    /// A report about another file ("zie ook <file>") is wrapped when its own message does
    /// not fit, whatever the main message does: a long path is drawn as before.
    #[test]
    fn a_long_see_also_line_is_still_wrapped() {
        let mut map = SourceMap::default();
        let here = map.add(std::path::Path::new("kort.vo"), "artikel 1 {}\n");
        let long = format!("{}/model.vo", "een/heel/diepe/map".repeat(8));
        let there = map.add(std::path::Path::new(&long), "artikel 2 {}\n");
        let label = Label {
            file: there,
            span: crate::span::Span::new(0, 9),
            text: "hier".into(),
        };
        let d = Diagnostic::new(
            Code::DubbeleNaam,
            here,
            crate::span::Span::new(0, 9),
            "kort",
        )
        .with_secondary(there, label.span, "hier");
        let wrapping = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
        let mut see_also = String::new();
        let _ = wrapping.render_report(&mut see_also, &elsewhere(&map, &label));
        let out = render_human(&map, &[d], false, 100);
        assert!(out.contains(&see_also), "{out}\n---\n{see_also}");
    }
}
