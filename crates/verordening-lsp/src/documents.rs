//! The open documents: the editor's text of each, which stands in for the file on disk when
//! any document's chain (model, wet) is loaded.

use lsp_types::Url;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct OpenDocument {
    /// The URI as the client wrote it (answers use the client's spelling).
    pub uri: Url,
    /// The path the project loader uses: canonical when the file exists on disk.
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<Url, OpenDocument>,
}

impl Documents {
    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        let path = path_of(&uri);
        self.open.insert(
            uri.clone(),
            OpenDocument {
                uri,
                path,
                text,
                version,
            },
        );
    }

    /// Replace the text of an open document (full synchronisation). Unknown documents are
    /// opened: a client that missed `didOpen` still gets an answer.
    pub fn change(&mut self, uri: &Url, text: String, version: i32) {
        match self.open.get_mut(uri) {
            Some(doc) => {
                doc.text = text;
                doc.version = version;
            }
            None => self.open(uri.clone(), text, version),
        }
    }

    pub fn close(&mut self, uri: &Url) -> Option<OpenDocument> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Url) -> Option<&OpenDocument> {
        self.open.get(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = &OpenDocument> {
        self.open.values()
    }

    /// The texts of all open documents by path, for [`verordening_core::project::Project::with_overlays`].
    pub fn overlays(&self) -> BTreeMap<PathBuf, String> {
        self.open
            .values()
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect()
    }

    /// The URI for a path: the client's own URI when the document is open.
    pub fn uri_for(&self, path: &Path) -> Option<Url> {
        self.open
            .values()
            .find(|d| d.path == path)
            .map(|d| d.uri.clone())
            .or_else(|| Url::from_file_path(path).ok())
    }
}

/// The path of a document. A URI that is not a file (an unsaved `untitled:` buffer) gets a
/// path in the working directory, so that its header references resolve from there.
fn path_of(uri: &Url) -> PathBuf {
    match uri.to_file_path() {
        Ok(p) => std::fs::canonicalize(&p).unwrap_or(p),
        Err(()) => {
            let name = uri
                .path_segments()
                .and_then(|mut s| s.next_back())
                .filter(|s| !s.is_empty())
                .unwrap_or("naamloos.vo")
                .replace(['/', '\\'], "_");
            std::env::current_dir()
                .unwrap_or_else(|_| PathBuf::from("."))
                .join(name)
        }
    }
}
