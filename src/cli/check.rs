//! `verordening check FILE...`

use super::{output, Exit, Format};
use std::path::PathBuf;
use verordening_core::check_paths;
use verordening_core::diagnostics;
use verordening_core::project::{expand_paths, io_reason};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Bestanden of mappen (mappen worden doorzocht op .vo-bestanden)
    #[arg(required = true, value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    format: Format,
    /// Ook waarschuwingen laten de controle mislukken
    #[arg(long)]
    deny_warnings: bool,
    /// Waarschuw ook bij normatieve tekst zonder regel en zonder reden (zie `verordening dekking`)
    #[arg(long)]
    dekking: bool,
    /// Waar de pagina's van docs/diagnostics/ staan, voor de links in SARIF (`helpUri`);
    /// standaard de omgevingsvariabele VERORDENING_DOCS_URL, anders de map docs/diagnostics/
    /// van de broncode waaruit verordening is gebouwd (een file://-adres)
    #[arg(long, value_name = "URL")]
    docs_url: Option<String>,
}

pub fn run(args: Args) -> Exit {
    let files = match expand_paths(&args.paths) {
        Ok(f) => f,
        Err((path, e)) => {
            errln!(
                "fout: `{}` kan niet worden gelezen: {}",
                path.display(),
                io_reason(&e)
            );
            return Exit::Usage;
        }
    };
    if files.is_empty() {
        errln!("fout: geen .vo-bestanden gevonden");
        return Exit::Usage;
    }
    let mut report = check_paths(&args.paths);
    if args.dekking {
        for doc in report.project.docs.iter().filter(|d| d.parsed_ok) {
            let src = report.project.sources.text(doc.id);
            report
                .diagnostics
                .extend(verordening_core::dekking::diagnostics(
                    &doc.ast, src, doc.id,
                ));
        }
        diagnostics::sort(&mut report.diagnostics);
    }
    match (&args.docs_url, args.format) {
        (Some(base), Format::Sarif) => outln!(
            "{}",
            diagnostics::render_sarif_with(&report.project.sources, &report.diagnostics, base)
        ),
        _ => output::print(&report.project.sources, &report.diagnostics, args.format),
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.iter().filter(|d| d.is_warning()).count();
    let notes = report.diagnostics.len() - errors - warnings;
    if args.format == Format::Human {
        // Notes (an excerpt's missing subjects) are counted only where there are any, so the
        // line keeps its documented form otherwise.
        let notes = if notes > 0 {
            format!(", {notes} opmerking(en)")
        } else {
            String::new()
        };
        // A path that does not exist (a missing folder is named as given) was not checked.
        let checked = files.iter().filter(|f| f.is_file()).count();
        errln!(
            "{checked} bestand(en) gecontroleerd: {errors} fout(en), {warnings} waarschuwing(en){notes}"
        );
    }
    if report.io_failed {
        Exit::Usage
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
