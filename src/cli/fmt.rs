//! `verordening fmt [--check] FILE...`: rewrite files in the canonical layout.

use super::console::write_reason;
use super::{output, Exit};
use crate::diagnostics::SourceMap;
use crate::fmt::format_file;
use crate::project::{expand_paths, io_reason};
use crate::syntax::parse;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Bestanden of mappen
    #[arg(required = true, value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Schrijf niets; exit code 1 als een bestand anders zou worden
    #[arg(long)]
    check: bool,
}

/// Write atomically: a temporary file next to the target, then a rename, so a file is never
/// left half-written.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("bestand");
    let tmp = dir.join(format!(".{name}.fmt-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn run(args: Args) -> Exit {
    let files = match expand_paths(&args.paths) {
        Ok(f) => f,
        Err((p, e)) => {
            errln!(
                "fout: `{}` kan niet worden gelezen: {}",
                p.display(),
                io_reason(&e)
            );
            return Exit::Usage;
        }
    };
    let mut sources = SourceMap::default();
    let mut failed = false;
    let mut would_change = Vec::new();
    let mut io_error = false;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    f.display(),
                    io_reason(&e)
                );
                io_error = true;
                continue;
            }
        };
        let id = sources.add(f, text.as_str());
        let parsed = parse(&text, id);
        if parsed.has_errors() {
            output::print(&sources, &parsed.diagnostics, output::Format::Human);
            errln!(
                "`{}` niet geformatteerd: het bestand bevat fouten",
                f.display()
            );
            failed = true;
            continue;
        }
        let formatted = format_file(&parsed.file);
        if formatted == text {
            continue;
        }
        if args.check {
            would_change.push(f.clone());
        } else if let Err(e) = write_atomic(f, &formatted) {
            errln!(
                "fout: `{}` kan niet worden geschreven: {}",
                f.display(),
                write_reason(&e)
            );
            io_error = true;
        } else {
            errln!("geformatteerd: {}", f.display());
        }
    }
    for f in &would_change {
        outln!("{}", f.display());
    }
    if io_error {
        Exit::Usage
    } else if failed || !would_change.is_empty() {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
