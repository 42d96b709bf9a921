//! One open document, loaded with its layers (open buffers in place of files on disk) and
//! checked. Every feature reads from this; it is rebuilt when any open document changes.

use super::documents::Documents;
use super::position::LineIndex;
use lsp_types::{Location, Url};
use std::path::Path;
use verordening_core::check::Checker;
use verordening_core::diagnostics::{Diagnostic, FileId};
use verordening_core::eval::check_document;
use verordening_core::project::{Document, Project};

pub struct Analysis {
    pub project: Project,
    /// Index of the open document in `project.docs`.
    pub index: usize,
    /// Load, syntax and check diagnostics of this run, all files.
    pub diagnostics: Vec<Diagnostic>,
    /// URIs of the files of the project, by file id (open documents keep the client's URI).
    uris: Vec<Option<Url>>,
}

impl Analysis {
    /// Load and check the document at `path`. None if it cannot be loaded at all (it is open,
    /// so its text is an overlay: this happens only for paths the loader refuses).
    pub fn new(docs: &Documents, path: &Path) -> Option<Analysis> {
        let mut project = Project::with_overlays(docs.overlays());
        let index = project.load(path)?;
        let mut diagnostics = std::mem::take(&mut project.diagnostics);
        diagnostics.extend(check_document(&project, index));
        let uris = (0u32..)
            .map(|i| project.sources.get(FileId(i)))
            .take_while(Option::is_some)
            .map(|f| f.and_then(|f| docs.uri_for(&f.path)))
            .collect();
        Some(Analysis {
            project,
            index,
            diagnostics,
            uris,
        })
    }

    pub fn doc(&self) -> Option<&Document> {
        self.project.doc(self.index)
    }

    pub fn file(&self) -> Option<FileId> {
        self.doc().map(|d| d.id)
    }

    /// The text of a file of this run.
    pub fn text(&self, file: FileId) -> &str {
        self.project.sources.text(file)
    }

    pub fn checker(&self) -> Option<Checker<'_>> {
        Checker::new(&self.project, self.index)
    }

    pub fn uri(&self, file: FileId) -> Option<Url> {
        self.uris.get(file.0 as usize).cloned().flatten()
    }

    /// An LSP location for a span in any file of this run.
    pub fn location(&self, file: FileId, span: verordening_core::syntax::Span) -> Option<Location> {
        let uri = self.uri(file)?;
        let range = LineIndex::new(self.text(file)).range(span);
        Some(Location::new(uri, range))
    }
}

/// The source text of a span as written, without the blank lines and comments that the
/// grammar's implicit whitespace leaves at the end of a value's span.
pub fn written(span: verordening_core::syntax::Span, src: &str) -> String {
    let mut lines: Vec<&str> = span.text(src).lines().collect();
    while lines.last().is_some_and(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        lines.pop();
    }
    lines.join("\n").trim_end().to_string()
}

/// A span without whitespace at its end. The parser's spans already end at the last
/// significant character; this keeps editor ranges tidy for spans made elsewhere.
pub fn trimmed(span: verordening_core::syntax::Span, src: &str) -> verordening_core::syntax::Span {
    let text = span.text(src);
    let kept = text.trim_end();
    if kept.is_empty() {
        return span;
    }
    verordening_core::syntax::Span::new(span.offset(), span.offset() + kept.len())
}
