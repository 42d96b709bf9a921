//! `verordening fmt [--check] FILE...`: rewrite files in the canonical layout.

use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::diagnostics::SourceMap;
use verordening_core::fmt::format_file;
use verordening_core::project::{expand_paths, io_reason, read_source};
use verordening_core::save::replace_file;
use verordening_core::syntax::parse;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Bestanden of mappen
    #[arg(required = true, value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Schrijf niets; exit code 1 als een bestand anders zou worden
    #[arg(long)]
    check: bool,
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
        let text = match read_source(f) {
            Ok(t) => t,
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    f.display(),
                    e.reason()
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
        } else if let Err(e) = replace_file(f, &formatted) {
            errln!(
                "fout: `{}` kan niet worden geschreven: {}",
                f.display(),
                e.reason()
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
