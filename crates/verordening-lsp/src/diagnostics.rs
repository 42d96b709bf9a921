//! The diagnostics of one open document, as LSP diagnostics.
//!
//! A document is shown what concerns it: diagnostics located in it; diagnostics located in
//! another file of its chain that also point into it (shown at that place, with the other file
//! as related information); and, for a layer file with errors of its own (a model with a
//! syntax error), one warning on the header line that names it, since checks against that
//! file are then incomplete. Everything else belongs to the other file and is shown there.

use super::analysis::{trimmed, Analysis};
use super::position::LineIndex;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString};
use std::collections::{BTreeMap, HashSet};
use verordening_core::diagnostics::{docs_base, help_uri, Code, Diagnostic, FileId, Label, Level};
use verordening_core::syntax::{MetaKey, MetaValue};

pub fn for_document(analysis: &Analysis) -> Vec<lsp_types::Diagnostic> {
    let Some(file) = analysis.file() else {
        return Vec::new();
    };
    let index = LineIndex::new(analysis.text(file));
    let mut out = Vec::new();
    let mut elsewhere: BTreeMap<FileId, Vec<&Diagnostic>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for d in &analysis.diagnostics {
        if !seen.insert((
            d.primary.file,
            d.primary.span.start,
            d.primary.span.end,
            d.code,
            &d.message,
        )) {
            continue;
        }
        if d.primary.file == file {
            out.push(convert(analysis, &index, d, &d.primary, &d.message));
        } else if let Some(here) = d.secondary.iter().find(|l| l.file == file) {
            let message = format!(
                "{} (in `{}`)",
                d.message,
                analysis.project.sources.name(d.primary.file)
            );
            out.push(convert(analysis, &index, d, here, &message));
        } else if d.is_error() {
            elsewhere.entry(d.primary.file).or_default().push(d);
        }
    }
    for (other, diags) in elsewhere {
        if let Some(d) = layer_summary(analysis, &index, other, &diags) {
            out.push(d);
        }
    }
    out
}

fn convert(
    analysis: &Analysis,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    at: &Label,
    message: &str,
) -> lsp_types::Diagnostic {
    let mut message = message.to_string();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhulp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = std::iter::once(&d.primary)
        .chain(d.secondary.iter())
        .filter(|l| !std::ptr::eq(*l, at))
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: analysis.location(l.file, l.span)?,
                message: if l.text.is_empty() {
                    d.message.clone()
                } else {
                    l.text.clone()
                },
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: index.range(trimmed(at.span, analysis.text(at.file))),
        severity: Some(severity(d.level)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_description(d.code),
        source: Some("verordening".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The link to the code's page, as in SARIF's `helpUri` (see [`verordening_core::diagnostics::docs_base`]).
fn code_description(code: Code) -> Option<lsp_types::CodeDescription> {
    let href = help_uri(&docs_base(), code);
    lsp_types::Url::parse(&href)
        .ok()
        .map(|href| lsp_types::CodeDescription { href })
}

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// One warning on the header line that names a layer file with errors of its own.
fn layer_summary(
    analysis: &Analysis,
    index: &LineIndex<'_>,
    other: FileId,
    diags: &[&Diagnostic],
) -> Option<lsp_types::Diagnostic> {
    let first = diags.first()?;
    let doc = analysis.doc()?;
    let direct = doc
        .refs
        .iter()
        .find_map(|(key, j)| (analysis.project.doc(*j)?.id == other).then_some(key.clone()));
    let layer_meta = |key: Option<&MetaKey>| {
        doc.ast.header.meta.iter().find(|m| {
            matches!(m.key, MetaKey::Model | MetaKey::Wet | MetaKey::Verordening)
                && key.is_none_or(|k| &m.key == k)
        })
    };
    let meta = direct
        .as_ref()
        .and_then(|k| layer_meta(Some(k)))
        .or_else(|| layer_meta(None));
    let span = match meta.map(|m| &m.value) {
        Some(MetaValue::Text(t)) => t.span,
        Some(MetaValue::Date(_)) | None => doc.ast.header.title.span,
    };
    let name = analysis.project.sources.name(other);
    let line = LineIndex::new(analysis.text(other))
        .position(first.primary.span.offset())
        .line
        + 1;
    let message = format!(
        "`{name}` bevat {} fout(en), de eerste op regel {line}: {}; de controle tegen dat bestand is onvolledig\nhulp: open `{name}` om de fouten te zien",
        diags.len(),
        first.message
    );
    let related = analysis
        .location(other, first.primary.span)
        .map(|location| {
            vec![DiagnosticRelatedInformation {
                location,
                message: first.message.clone(),
            }]
        });
    Some(lsp_types::Diagnostic {
        range: index.range(span),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(first.code.as_str().to_string())),
        code_description: code_description(first.code),
        source: Some("verordening".to_string()),
        message,
        related_information: related,
        tags: None,
        data: None,
    })
}
