//! Diagnostics as data: every phase produces [`Diagnostic`]s into one list; the CLI renders
//! them as human text (miette), JSON, GitHub annotations or SARIF.

mod codes;
mod render;

pub use codes::Code;
pub use render::{
    controle, render_github, render_human, render_json, render_sarif, render_sarif_with, Controle,
};

use crate::span::Span;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The environment variable that says where the pages of docs/diagnostics/ are published
/// (for SARIF's `helpUri` and the language server's `codeDescription`).
pub const DOCS_URL_VAR: &str = "VERORDENING_DOCS_URL";

/// The base of the links to the diagnostic pages, without a trailing slash:
/// `VERORDENING_DOCS_URL` when it is set, else [`default_docs_base`].
pub fn docs_base() -> String {
    match std::env::var(DOCS_URL_VAR) {
        Ok(v) if !v.trim().is_empty() => v.trim().trim_end_matches('/').to_string(),
        _ => default_docs_base(),
    }
}

/// The pages in the source tree this binary was built from, as an absolute `file://` URL:
/// the documentation of exactly this version, on the machine that built it. CI that
/// publishes results elsewhere sets [`DOCS_URL_VAR`] (docs/ci.md shows how).
pub fn default_docs_base() -> String {
    // This crate stands at crates/verordening-core; the pages at docs/ of the repository.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().and_then(Path::parent).unwrap_or(manifest);
    let dir = root.join("docs").join("diagnostics");
    file_url(&dir).unwrap_or_else(|| "docs/diagnostics".to_string())
}

/// The page of one code under a base from [`docs_base`].
pub fn help_uri(base: &str, code: Code) -> String {
    format!("{}/{}.md", base.trim_end_matches('/'), code.slug())
}

/// An absolute path as a `file://` URL (percent-encoded), without a trailing slash.
pub fn file_url(path: &Path) -> Option<String> {
    let url = url::Url::from_file_path(path).ok()?;
    Some(url.as_str().trim_end_matches('/').to_string())
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    /// Information that is neither an error nor a warning (a missing subject in an excerpt).
    Note,
}

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative where possible).
    pub name: String,
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Where lines start, made the first time a position is asked for: a report of a batch
    /// of cases asks for thousands, and a report of many diagnostics draws an excerpt of the
    /// same file for each. Shared by the clones of the map (the text is immutable), so a
    /// project loaded once and cloned per check — a server, a fuzz target — indexes the 104 KB
    /// model once, not once per clone.
    index: Arc<std::sync::OnceLock<LineIndex>>,
}

/// The line index of a text.
#[derive(Debug)]
struct LineIndex {
    /// Byte offsets where lines start.
    starts: Arc<[usize]>,
    /// Whether the text holds a `\r` (miette also ends a line at a lone one).
    has_cr: bool,
}

impl SourceFile {
    /// An empty file without a name (for a label whose file is not in the map).
    pub fn unnamed() -> SourceFile {
        SourceFile {
            name: String::new(),
            path: PathBuf::new(),
            text: Arc::from(""),
            index: Arc::default(),
        }
    }

    /// Byte offsets where lines start (lines end at `\n`).
    pub fn line_starts(&self) -> &Arc<[usize]> {
        &self.index().starts
    }

    /// Whether the text holds a carriage return.
    pub fn has_cr(&self) -> bool {
        self.index().has_cr
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex {
            starts: std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            has_cr: self.text.contains('\r'),
        })
    }

    /// Line and column (from 1; the column in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count())
            + 1;
        (line, col)
    }
}

/// All source files of one run: ordinance files and case files.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: &Path, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name: display_name(path),
            path: path.to_path_buf(),
            text: text.into(),
            index: Arc::default(),
        });
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map(|f| &*f.text).unwrap_or("")
    }

    /// Line and column of a byte offset in file `id` (see [`SourceFile::line_col`]).
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        self.get(id).map_or((1, 1), |f| f.line_col(offset))
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.name.as_str()).unwrap_or("?")
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }
}

fn display_name(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
}

/// A place in a file with a short Dutch explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    /// The message in Dutch: lowercase, no final full stop, user input in backticks.
    pub message: String,
    /// The offending clause.
    pub primary: Label,
    /// Other clauses involved (the wet bound, the model slot).
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: code.default_level(),
            message: message.into(),
            primary: Label {
                file,
                span,
                text: String::new(),
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.primary.text = text.into();
        self
    }

    pub fn with_secondary(mut self, file: FileId, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            text: text.into(),
        });
        self
    }

    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.level = Level::Warning;
        self
    }

    pub fn note(mut self) -> Self {
        self.level = Level::Note;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// Sort diagnostics by file and position so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.primary.file, a.primary.span.start, a.code.as_str()).cmp(&(
            b.primary.file,
            b.primary.span.start,
            b.code.as_str(),
        ))
    });
}

#[cfg(test)]
mod line_index_tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        let text = "één\nregel twee\n\nbeëindigen ë\nlaatste";
        let mut sources = SourceMap::default();
        let id = sources.add(Path::new("x.vo"), text);
        for offset in 0..=text.len() + 2 {
            if text.is_char_boundary(offset.min(text.len())) {
                assert_eq!(
                    sources.line_col(id, offset),
                    crate::span::line_col(text, offset),
                    "offset {offset}"
                );
            }
        }
    }
}
