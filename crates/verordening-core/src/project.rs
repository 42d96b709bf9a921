//! Loading ordinance files and the layers they build on (`model`, `wet`, `verordening` in the
//! header). References resolve relative to the referring file and only inside the project
//! directory; cycles and over-long chains are diagnostics, not hangs.

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap};
use crate::syntax::{self, File, Layer, MetaKey, MetaValue, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The longest chain of layers a file may build on (beleidsregels → verordening → model → wet).
const MAX_CHAIN: usize = 8;

/// A loaded file. Cloning is cheap: the tree is shared (a fuzzer or a server keeps the model
/// and the wet loaded once and checks each new ordinance against a clone of that project).
#[derive(Debug, Clone)]
pub struct Document {
    pub id: FileId,
    pub path: PathBuf,
    pub ast: std::sync::Arc<File>,
    /// Whether the file parsed without syntax errors (cross-file checks skip broken files).
    pub parsed_ok: bool,
    /// The file was refused whole (too large, nested too deep): there is nothing to check.
    pub refused: bool,
    /// Documents this one builds on, by header key: resolved indices into `Project::docs`.
    pub refs: Vec<(MetaKey, usize)>,
}

#[derive(Debug, Default, Clone)]
pub struct Project {
    pub sources: SourceMap,
    pub docs: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    by_path: BTreeMap<PathBuf, usize>,
    /// Texts that stand in for files on disk (unsaved editor buffers), by canonical path.
    overlays: BTreeMap<PathBuf, String>,
    /// The directory that bounds references, when a command was given a directory (see
    /// [`directory_root`]); otherwise each file's own [`project_root`].
    root: Option<PathBuf>,
    /// Wijzigingsbesluiten (`.wb` files) found beside the loaded regelingen.
    pub besluiten: Vec<BesluitBestand>,
    /// Consolidated states derived from a base text and its besluiten (see
    /// [`Project::afleiden`]): (base, derived) document indices.
    pub afgeleid: Vec<(usize, usize)>,
    /// The directory that bounded each document's references when it was loaded, by index:
    /// a text derived from it is bounded alike.
    doc_roots: Vec<PathBuf>,
}

/// A wijzigingsbesluit file as loaded: its source id, the besluit (None when it did not
/// parse) and the document of the regeling it amends (None when that is not loaded).
#[derive(Debug, Clone)]
pub struct BesluitBestand {
    pub id: FileId,
    pub path: PathBuf,
    pub besluit: Option<std::sync::Arc<syntax::Besluit>>,
    pub regeling: Option<usize>,
}

/// The directory that bounds cross-file references: the nearest ancestor holding `.git` or
/// `verordening.toml`, else the file's own directory.
pub fn project_root(file: &Path) -> PathBuf {
    directory_root(file.parent().unwrap_or(Path::new(".")))
}

/// The project a directory named on the command line belongs to: the nearest directory at or
/// above it holding `.git` or `verordening.toml`, else the directory itself. So a copy of
/// `ordinances/` checks on its own, wherever it is put.
pub fn directory_root(dir: &Path) -> PathBuf {
    let mut at = Some(dir);
    while let Some(d) = at {
        if d.join(".git").exists() || d.join("verordening.toml").exists() {
            return d.to_path_buf();
        }
        at = d.parent();
    }
    dir.to_path_buf()
}

/// Read a file of the project: only a regular file (a pipe or a device would block or never
/// end), and only up to [`syntax::MAX_SOURCE_LEN`] (the size is asked first, and the read is
/// bounded too, in case the file grows meanwhile).
pub fn read_source(path: &Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(ReadFailure::Io)?;
    if meta.is_dir() {
        return Err(ReadFailure::Directory);
    }
    if !meta.is_file() {
        return Err(ReadFailure::NotAFile);
    }
    if meta.len() > syntax::MAX_SOURCE_LEN as u64 {
        return Err(ReadFailure::TooLarge);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(syntax::MAX_SOURCE_LEN as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(ReadFailure::Io)?;
    if bytes.len() > syntax::MAX_SOURCE_LEN {
        return Err(ReadFailure::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ReadFailure::NotUtf8)
}

/// Why a project file could not be read.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    Directory,
    NotAFile,
    TooLarge,
    NotUtf8,
}

impl ReadFailure {
    /// In Dutch, after "`pad` kan niet worden gelezen: ".
    pub fn reason(&self) -> String {
        match self {
            ReadFailure::Io(e) => io_reason(e).to_string(),
            ReadFailure::Directory => "het is een map".into(),
            ReadFailure::NotAFile => {
                "het is geen gewoon bestand (maar een pijp, apparaat of socket)".into()
            }
            ReadFailure::TooLarge => format!(
                "het bestand is groter dan {} MiB",
                syntax::MAX_SOURCE_LEN / 1024 / 1024
            ),
            ReadFailure::NotUtf8 => "het bestand is geen UTF-8-tekst".into(),
        }
    }

    fn help(&self) -> &'static str {
        match self {
            ReadFailure::NotUtf8 => "sla het bestand op als UTF-8",
            ReadFailure::TooLarge => "een regeling past ruim in 8 MiB; is dit het goede bestand?",
            ReadFailure::Directory | ReadFailure::NotAFile => {
                "noem een .vo-bestand (alleen gewone bestanden worden gelezen)"
            }
            ReadFailure::Io(_) => "controleer het pad en de rechten op het bestand",
        }
    }
}

impl Project {
    pub fn new() -> Self {
        Project::default()
    }

    /// Files loaded from now on were found in the directory `dir` named on the command line
    /// (None: named themselves): that directory, or the nearest marker above it, bounds their
    /// references.
    pub fn set_directory(&mut self, dir: Option<&Path>) {
        self.root = dir
            .and_then(|d| std::fs::canonicalize(d).ok())
            .map(|d| directory_root(&d));
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
        let root = match &self.root {
            Some(r) if canonical.starts_with(r) => r.clone(),
            _ => project_root(&canonical),
        };
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
        // A missing path that was meant as a folder (a trailing separator, or no extension)
        // is called a folder: "het bestand bestaat niet" sends the reader looking
        // for a file.
        let diagnostic = if e.kind() == std::io::ErrorKind::NotFound && looks_like_folder(path) {
            Diagnostic::new(
                Code::Bestand,
                id,
                Span::default(),
                format!(
                    "`{}` kan niet worden gelezen: de map bestaat niet",
                    path.display()
                ),
            )
            .help("controleer het pad; een map wordt doorzocht op .vo-bestanden")
        } else {
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
            .help("controleer het pad en de rechten op het bestand")
        };
        self.diagnostics.push(diagnostic);
    }

    fn read_failure(&mut self, path: &Path, failure: &ReadFailure) {
        let id = self.sources.add(path, "");
        self.diagnostics.push(
            Diagnostic::new(
                Code::Bestand,
                id,
                Span::default(),
                match failure {
                    ReadFailure::NotUtf8 => failure.reason(),
                    _ => format!("het bestand kan niet worden gelezen: {}", failure.reason()),
                },
            )
            .help(failure.help()),
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
        let text = match read_source(path) {
            Ok(t) => t,
            Err(failure) => {
                self.read_failure(path, &failure);
                return None;
            }
        };
        Some(self.insert(path, text, root, depth))
    }

    fn insert(&mut self, path: &Path, text: String, root: &Path, depth: usize) -> usize {
        let id = self.sources.add(path, text.as_str());
        let parsed = syntax::parse(&text, id);
        let parsed_ok = !parsed.has_errors();
        let refused = parsed.refused;
        self.diagnostics.extend(parsed.diagnostics);
        let index = self.docs.len();
        self.by_path.insert(path.to_path_buf(), index);
        self.doc_roots.push(root.to_path_buf());
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
            ast: std::sync::Arc::new(parsed.file),
            parsed_ok,
            refused,
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
                    .help(format!("verwijzingen blijven binnen `{}` (de map met `.git` of `verordening.toml`, of de map die u noemde); zolang deze laag ontbreekt, wordt het bestand niet verder gecontroleerd", root.display())),
                );
                continue;
            }
            // Only regular files are layers: a pipe or device would block the read (and the
            // language server's shutdown with it).
            if !self.overlays.contains_key(&resolved) {
                let failure = match std::fs::metadata(&resolved) {
                    Ok(m) if m.is_file() => None,
                    Ok(m) if m.is_dir() => Some(ReadFailure::Directory),
                    Ok(_) => Some(ReadFailure::NotAFile),
                    Err(e) => Some(ReadFailure::Io(e)),
                };
                if let Some(failure) = failure {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Verwijzing,
                            id,
                            span,
                            format!("`{target}` kan niet worden gelezen: {}", failure.reason()),
                        )
                        .label("dit pad")
                        .help(failure.help()),
                    );
                    continue;
                }
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

    /// Whether a layer that document `i` or a layer under it names in its header could not be
    /// loaded (outside the project, missing, not a file): then names from that layer are
    /// unknown, and checking the document would give a cascade of false errors.
    pub fn layer_missing(&self, i: usize) -> bool {
        self.chain(i).into_iter().any(|d| {
            self.doc(d).is_some_and(|doc| {
                let named = doc
                    .ast
                    .header
                    .meta
                    .iter()
                    .filter(|m| {
                        matches!(m.key, MetaKey::Model | MetaKey::Wet | MetaKey::Verordening)
                            && matches!(m.value, MetaValue::Text(_))
                    })
                    .count();
                doc.refs.len() < named
            })
        })
    }

    /// Read the wijzigingsbesluiten (`.wb`) in the folders of the loaded documents `roots`,
    /// and tie each to the document it amends (`regeling` in its header). Parse errors and
    /// problems of a besluit on its own go to `self.diagnostics`.
    pub fn load_besluiten(&mut self, roots: &[usize]) {
        let mut dirs: Vec<PathBuf> = roots
            .iter()
            .filter_map(|&i| self.doc(i)?.path.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "wb"))
                .collect();
            files.sort();
            for path in files {
                if self.besluiten.iter().any(|b| b.path == path) {
                    continue;
                }
                let text = match read_source(&path) {
                    Ok(t) => t,
                    Err(failure) => {
                        self.read_failure(&path, &failure);
                        continue;
                    }
                };
                let id = self.sources.add(&path, text.as_str());
                let parsed = syntax::parse_besluit(&text, id);
                // A besluit amending a regeling that was not named is none of this run's
                // business (another file of the folder); one that names a file that does not
                // exist, or does not parse, is reported.
                let target = parsed.besluit.as_ref().and_then(|b| b.regeling.clone());
                let regeling = match &target {
                    Some(t) => match std::fs::canonicalize(dir.join(&t.value)) {
                        Ok(c) => match self.by_path.get(&c).copied() {
                            Some(i) => Some(i),
                            None => continue,
                        },
                        Err(e) => {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::Wijziging,
                                    id,
                                    t.span,
                                    format!("`{}` kan niet worden gelezen: {}", t.value, io_reason(&e)),
                                )
                                .label("deze regeling")
                                .help("het pad is relatief ten opzichte van het wijzigingsbesluit, bijvoorbeeld \"verordening-2024.vo\""),
                            );
                            None
                        }
                    },
                    None => None,
                };
                self.diagnostics.extend(parsed.diagnostics);
                if let Some(b) = &parsed.besluit {
                    self.diagnostics.extend(crate::wijziging::controleer(b, id));
                }
                self.besluiten.push(BesluitBestand {
                    id,
                    path,
                    besluit: parsed.besluit.map(std::sync::Arc::new),
                    regeling,
                });
            }
        }
    }

    /// The besluiten that amend document `base`.
    pub fn besluiten_van(&self, base: usize) -> Vec<crate::wijziging::Bron<'_>> {
        self.besluiten
            .iter()
            .filter(|b| b.regeling == Some(base))
            .filter_map(|b| {
                Some(crate::wijziging::Bron {
                    file: b.id,
                    besluit: b.besluit.as_deref()?,
                })
            })
            .collect()
    }

    /// Derive every consolidated state of `base` from its besluiten (as known on
    /// `bekend_op`), one per date on which an onderdeel starts to apply, and load each as a
    /// document of its own (path `<dir>/<stem>@<date>.vo`, text printed by `fmt`). Returns
    /// their indices; a besluit that cannot be applied gives diagnostics, not a state.
    pub fn afleiden(&mut self, base: usize, bekend_op: Option<chrono::NaiveDate>) -> Vec<usize> {
        let Some(doc) = self.doc(base) else {
            return Vec::new();
        };
        if !doc.parsed_ok {
            return Vec::new();
        }
        let ast = doc.ast.clone();
        let path = doc.path.clone();
        let bronnen = self.besluiten_van(base);
        let dates = crate::wijziging::wijzigingsdata(&bronnen, bekend_op);
        let mut states = Vec::new();
        let mut diags = Vec::new();
        for d in dates {
            match crate::wijziging::toepassen(&ast, &bronnen, d, bekend_op) {
                Ok(file) => states.push((d, crate::fmt::format_file(&file))),
                Err(mut e) => {
                    diags.append(&mut e);
                    break;
                }
            }
        }
        self.diagnostics.extend(diags);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = self.root_of(base, &path);
        let mut out = Vec::new();
        for (d, text) in states {
            let virtual_path = dir.join(format!("{stem}@{d}.vo"));
            if let Some(&i) = self.by_path.get(&virtual_path) {
                out.push(i);
                continue;
            }
            let i = self.insert(&virtual_path, text, &root, 0);
            self.afgeleid.push((base, i));
            out.push(i);
        }
        out
    }

    /// Load a text made from document `base` (a derived state, a version with rules left
    /// out) under a path of its own beside it; the same path again gives the same document.
    pub fn load_derived(&mut self, base: usize, path: &Path, text: String) -> usize {
        if let Some(&i) = self.by_path.get(path) {
            return i;
        }
        let root = self.root_of(base, path);
        let i = self.insert(path, text, &root, 0);
        self.afgeleid.push((base, i));
        i
    }

    /// The directory that bounds the references of a text derived from document `base`:
    /// the one that bounded the base's.
    fn root_of(&self, base: usize, path: &Path) -> PathBuf {
        match (self.doc_roots.get(base), &self.root) {
            (Some(r), _) => r.clone(),
            (None, Some(r)) if path.starts_with(r) => r.clone(),
            _ => project_root(path),
        }
    }

    /// The base text a derived state was made from (None for a hand-written document).
    pub fn basis_van(&self, i: usize) -> Option<usize> {
        self.afgeleid.iter().find(|(_, d)| *d == i).map(|(b, _)| *b)
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
/// Whether a path that does not exist was meant as a folder: it ends with a separator, or it
/// has no extension at all (ordinances are `.vo` files; what has no extension is a folder).
pub fn looks_like_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with(std::path::MAIN_SEPARATOR) || text.ends_with('/') || path.extension().is_none()
}

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
    Ok(expand_paths_in(paths)?
        .into_iter()
        .map(|(f, _)| f)
        .collect())
}

/// A file to load, with the directory named on the command line it was found in.
pub type FoundFile = (PathBuf, Option<PathBuf>);

/// [`expand_paths`], with the directory named on the command line each file was found in
/// (None for a file named itself), for [`Project::set_directory`].
pub fn expand_paths_in(paths: &[PathBuf]) -> Result<Vec<FoundFile>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files, 0).map_err(|e| (p.clone(), e))?;
            out.extend(files.into_iter().map(|f| (f, Some(p.clone()))));
        } else {
            out.push((p.clone(), None));
        }
    }
    Ok(out)
}

/// Load files found by [`expand_paths_in`], each bounded by the directory it was found in.
/// Returns the indices of those read, and whether any could not be.
pub fn load_all(project: &mut Project, files: &[(PathBuf, Option<PathBuf>)]) -> (Vec<usize>, bool) {
    let mut roots = Vec::new();
    let mut failed = false;
    for (f, dir) in files {
        project.set_directory(dir.as_deref());
        match project.load(f) {
            Some(i) => roots.push(i),
            None => failed = true,
        }
    }
    project.set_directory(None);
    (roots, failed)
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
