//! Replacing a source file with new text (the formatter, and any tool that saves an
//! ordinance): atomically, and keeping what the file was.
//!
//! - The new text goes to a temporary file created exclusively (`O_EXCL`, a random name, by
//!   the `tempfile` crate) next to the target, is synced, and is renamed over the target, so a
//!   reader sees the old file or the new one, never half of it, and nobody can plant a file or
//!   link at a predictable temporary name.
//! - The file keeps its permissions (a 0600 file stays private; exec bits stay) and, on Unix,
//!   its owner and group; if the owner cannot be kept, nothing is written.
//! - A symbolic link is written through: its target is replaced, the link stays a link.
//! - A file that may not be written (no write bit, even for root) is refused, as is a file
//!   with several hard links: renaming would give this name a new file and leave the others
//!   with the old text.
//! - Anything that is not a regular file is refused.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not replaced. Nothing was changed.
#[derive(Debug)]
pub enum SaveError {
    NotAFile,
    ReadOnly,
    HardLinks(u64),
    Owner,
    Io(std::io::Error),
}

impl SaveError {
    /// In Dutch, after "`pad` kan niet worden geschreven: ".
    pub fn reason(&self) -> String {
        match self {
            SaveError::NotAFile => "het is geen gewoon bestand".into(),
            SaveError::ReadOnly => {
                "het bestand is alleen-lezen (geef schrijfrecht als het mag worden gewijzigd)"
                    .into()
            }
            SaveError::HardLinks(n) => format!(
                "het bestand heeft {n} harde koppelingen; vervangen zou de andere namen de oude tekst laten houden"
            ),
            SaveError::Owner => {
                "de eigenaar van het bestand kan niet worden behouden (schrijf als de eigenaar)"
                    .into()
            }
            SaveError::Io(e) => match e.kind() {
                std::io::ErrorKind::StorageFull => "de schijf is vol".into(),
                std::io::ErrorKind::PermissionDenied => "geen toegang".into(),
                std::io::ErrorKind::ReadOnlyFilesystem => {
                    "het bestandssysteem is alleen-lezen".into()
                }
                std::io::ErrorKind::NotFound => "het bestand bestaat niet".into(),
                _ => "schrijffout".into(),
            },
        }
    }
}

impl From<std::io::Error> for SaveError {
    fn from(e: std::io::Error) -> Self {
        SaveError::Io(e)
    }
}

/// Replace the file at `path` (or, for a symbolic link, its target) with `text`.
pub fn replace_file(path: &Path, text: &str) -> Result<(), SaveError> {
    let target: PathBuf = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(SaveError::NotAFile);
    }
    if meta.permissions().readonly() {
        return Err(SaveError::ReadOnly);
    }
    // The kernel's own judgement of write access (for a user other than root); opening for
    // writing without truncating changes nothing.
    std::fs::OpenOptions::new().write(true).open(&target)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(SaveError::HardLinks(meta.nlink()));
        }
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("bestand");
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.as_file_mut().write_all(text.as_bytes())?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = tmp.as_file().metadata()?;
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return Err(SaveError::Owner);
        }
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| SaveError::Io(e.error))?;
    Ok(())
}
