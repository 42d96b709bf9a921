//! Loading ordinance files and the layers they build on (`model`, `wet`, `verordening` in the
//! header). References resolve relative to the referring file and only inside the project
//! directory; cycles and over-long chains are diagnostics, not hangs.

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap};
use crate::syntax::{self, File, Layer, MetaKey, MetaValue, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The longest chain of layers a file may build on (beleidsregels → verordening → model → wet).
const MAX_CHAIN: usize = 8;

#[derive(Debug)]
pub struct Document {
    pub id: FileId,
    pub path: PathBuf,
    pub ast: File,
    /// Whether the file parsed without syntax errors (cross-file checks skip broken files).
    pub parsed_ok: bool,
    /// Documents this one builds on, by header key: resolved indices into `Project::docs`.
    pub refs: Vec<(MetaKey, usize)>,
}

#[derive(Debug, Default)]
pub struct Project {
    pub sources: SourceMap,
    pub docs: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    by_path: BTreeMap<PathBuf, usize>,
    /// Texts that stand in for files on disk (unsaved editor buffers), by canonical path.
    overlays: BTreeMap<PathBuf, String>,
}

/// The directory that bounds cross-file references: the nearest ancestor holding `.git` or
/// `verordening.toml`, else the file's own directory.
pub fn project_root(file: &Path) -> PathBuf {
    let start = file.parent().unwrap_or(Path::new("."));
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(".git").exists() || d.join("verordening.toml").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start.to_path_buf()
}

impl Project {
    pub fn new() -> Self {
        Project::default()
    }

    /// A project that reads the given texts instead of the files at those paths (the language
    /// server's open buffers). Paths should be canonical, as [`Project::load`] makes them;
    /// a path that does not exist on disk (a new, unsaved file) is used as given.
    pub fn with_overlays(overlays: BTreeMap<PathBuf, String>) -> Self {
        Project {
            overlays,
            ..Project::default()
        }
    }

    /// The canonical form of a path, or the path itself when only an overlay has it.
    fn canonical(&self, path: &Path) -> std::io::Result<PathBuf> {
        std::fs::canonicalize(path).or_else(|e| {
            let lexical = lexical_normal(path);
            if self.overlays.contains_key(&lexical) {
                Ok(lexical)
            } else {
                Err(e)
            }
        })
    }

    /// Load a file and, recursively, the files its header refers to. Returns its index, or
    /// None (with a diagnostic) if it could not be read.
    pub fn load(&mut self, path: &Path) -> Option<usize> {
        let canonical = match self.canonical(path) {
            Ok(p) => p,
            Err(e) => {
                self.io_error(path, &e);
                return None;
            }
        };
        let root = project_root(&canonical);
        self.load_inner(&canonical, &root, 0)
    }

    /// Load a file from text in memory (an editor buffer, a test), following its header
    /// references on disk relative to `path`.
    pub fn load_text(&mut self, path: &Path, text: &str) -> usize {
        let root = project_root(path);
        self.insert(path, text.to_string(), &root, 0)
    }

    fn io_error(&mut self, path: &Path, e: &std::io::Error) {
        let id = self.sources.add(path, "");
        self.diagnostics.push(
            Diagnostic::new(
                Code::Bestand,
                id,
                Span::default(),
                format!(
                    "`{}` kan niet worden gelezen: {}",
                    path.display(),
                    io_reason(e)
                ),
            )
            .help("controleer het pad en de rechten op het bestand"),
        );
    }

    fn load_inner(&mut self, path: &Path, root: &Path, depth: usize) -> Option<usize> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        if let Some(text) = self.overlays.get(path) {
            let text = text.clone();
            return Some(self.insert(path, text, root, depth));
        }
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    let id = self.sources.add(path, "");
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Bestand,
                            id,
                            Span::default(),
                            "het bestand is geen UTF-8-tekst",
                        )
                        .help("sla het bestand op als UTF-8"),
                    );
                    return None;
                }
            },
            Err(e) => {
                self.io_error(path, &e);
                return None;
            }
        };
        Some(self.insert(path, text, root, depth))
    }

    fn insert(&mut self, path: &Path, text: String, root: &Path, depth: usize) -> usize {
        let id = self.sources.add(path, text.as_str());
        let parsed = syntax::parse(&text, id);
        let parsed_ok = !parsed.has_errors();
        self.diagnostics.extend(parsed.diagnostics);
        let index = self.docs.len();
        self.by_path.insert(path.to_path_buf(), index);
        let references: Vec<(MetaKey, String, Span)> = parsed
            .file
            .header
            .meta
            .iter()
            .filter_map(|m| match (&m.key, &m.value) {
                (MetaKey::Model | MetaKey::Wet | MetaKey::Verordening, MetaValue::Text(t)) => {
                    Some((m.key.clone(), t.value.clone(), t.span))
                }
                _ => None,
            })
            .collect();
        self.docs.push(Document {
            id,
            path: path.to_path_buf(),
            ast: parsed.file,
            parsed_ok,
            refs: Vec::new(),
        });
        for (key, target, span) in references {
            if depth + 1 >= MAX_CHAIN {
                self.diagnostics.push(
                    Diagnostic::new(Code::Verwijzing, id, span, "te veel lagen boven elkaar")
                        .label("deze verwijzing")
                        .help(format!("een bestand kan op ten hoogste {MAX_CHAIN} lagen steunen; controleer of de verwijzingen niet in een kring lopen")),
                );
                continue;
            }
            let base = path.parent().unwrap_or(Path::new("."));
            let wanted = base.join(&target);
            let resolved = match self.canonical(&wanted) {
                Ok(p) => p,
                Err(e) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Verwijzing,
                            id,
                            span,
                            format!("`{target}` kan niet worden gelezen: {}", io_reason(&e)),
                        )
                        .label("dit pad")
                        .help("een pad is relatief ten opzichte van dit bestand, bijvoorbeeld \"../vng/model-2023.vo\""),
                    );
                    continue;
                }
            };
            if !resolved.starts_with(root) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::Verwijzing,
                        id,
                        span,
                        format!("`{target}` ligt buiten de projectmap"),
                    )
                    .label("dit pad")
                    .help(format!("verwijzingen blijven binnen `{}`", root.display())),
                );
                continue;
            }
            if let Some(j) = self.load_inner(&resolved, root, depth + 1) {
                if let Some(doc) = self.docs.get_mut(index) {
                    doc.refs.push((key, j));
                }
            }
        }
        index
    }

    pub fn doc(&self, i: usize) -> Option<&Document> {
        self.docs.get(i)
    }

    /// The layers a document stands on, from the highest (wet) down to the document itself.
    /// Each document appears once; a cycle is cut where it closes.
    pub fn chain(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_chain(i, &mut out, 0);
        out.sort_by_key(|&d| {
            self.doc(d)
                .map(|doc| layer_rank(doc.ast.header.layer))
                .unwrap_or(0)
        });
        out
    }

    fn collect_chain(&self, i: usize, out: &mut Vec<usize>, depth: usize) {
        if out.contains(&i) || depth > MAX_CHAIN {
            return;
        }
        out.push(i);
        if let Some(doc) = self.doc(i) {
            for (_, j) in &doc.refs {
                self.collect_chain(*j, out, depth + 1);
            }
        }
    }

    /// The document a header key of `i` points to (`model`, `wet`, `verordening`).
    pub fn referenced(&self, i: usize, key: &MetaKey) -> Option<usize> {
        self.doc(i)?
            .refs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, j)| *j)
    }
}

/// `a/b/../c` → `a/c` without asking the file system (for paths that exist only in memory).
fn lexical_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub fn layer_rank(layer: Layer) -> u8 {
    match layer {
        Layer::Wet => 0,
        Layer::Model => 1,
        Layer::Verordening => 2,
        Layer::Beleidsregels => 3,
    }
}

/// Why a file could not be read, in Dutch (the system's own text is English).
pub fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "het bestand bestaat niet",
        std::io::ErrorKind::PermissionDenied => "geen toegang",
        std::io::ErrorKind::IsADirectory => "het is een map",
        std::io::ErrorKind::InvalidData => "het is geen UTF-8-tekst",
        _ => "leesfout",
    }
}

/// All `.vo` files under the given paths (directories are walked, sorted for stable output).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, 0).map_err(|e| (p.clone(), e))?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if e.is_dir() {
            walk(&e, out, depth + 1)?;
        } else if e.extension().is_some_and(|x| x == "vo") {
            out.push(e);
        }
    }
    Ok(())
}
