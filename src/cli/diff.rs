//! `verordening diff OLD NEW [--format markdown|html|json]`: the was-wordt table.
//! Exit code 0 when identical, 1 when they differ (as `diff` does), 2 on errors.

use super::eval::load_failure;
use super::{output, Exit};
use crate::diff::{diff, html, markdown};
use crate::eval::load::LoadError;
use crate::project::Project;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// JSON voor andere programma's
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De oude versie
    #[arg(value_name = "OUD")]
    old: PathBuf,
    /// De nieuwe versie
    #[arg(value_name = "NIEUW")]
    new: PathBuf,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: DiffFormat,
    /// Voer de casussen in deze map door beide versies en toon de verschillen in uitkomst
    #[arg(long, value_name = "MAP")]
    cases: Option<PathBuf>,
    /// Met --cases: alleen de verschillen bij deze voorziening
    #[arg(long, value_name = "NAAM", requires = "cases")]
    voorziening: Option<String>,
}

pub fn run(args: Args) -> Exit {
    let mut project = Project::new();
    let (Some(old), Some(new)) = (project.load(&args.old), project.load(&args.new)) else {
        output::print(
            &project.sources,
            &project.diagnostics,
            output::Format::Human,
        );
        return Exit::Usage;
    };
    let mut diags = std::mem::take(&mut project.diagnostics);
    for i in [old, new] {
        for j in project.chain(i) {
            diags.extend(crate::eval::check_document(&project, j));
        }
    }
    if diags.iter().any(|d| d.is_error()) {
        return match load_failure(LoadError::Invalid(Box::new(project), diags)) {
            Exit::Findings => Exit::Usage,
            e => e,
        };
    }
    if let Some(dir) = &args.cases {
        if !dir.is_dir() {
            errln!("fout: `{}` is geen map met casussen", dir.display());
            return Exit::Usage;
        }
        let mut b = crate::eval::compare::behaviour(&project, old, new, dir);
        if let Some(vz) = &args.voorziening {
            b.only(vz);
        }
        // A case that cannot be read or evaluated is reported as `eval` reports it.
        for u in &b.niet_beoordeeld {
            errln!("{}", u.melding.trim_end());
        }
        match args.format {
            DiffFormat::Json => outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "wat_als": crate::eval::compare::WHAT_IF,
                    "casussen": b.casussen,
                    "verschillen": b.verschillen,
                    "zonder_gevolg": b.zonder_gevolg,
                    "niet_beoordeeld": b.niet_beoordeeld,
                }))
                .unwrap_or_default()
            ),
            _ => out!("{}", crate::eval::compare::markdown(&b)),
        }
        return if !b.niet_beoordeeld.is_empty() {
            errln!(
                "fout: {} casus(sen) niet beoordeeld; de vergelijking is onvolledig",
                b.niet_beoordeeld.len()
            );
            Exit::Usage
        } else if b.verschillen.is_empty() {
            Exit::Clean
        } else {
            Exit::Findings
        };
    }
    let d = diff(&project, old, new);
    let name = |i: usize| {
        project
            .doc(i)
            .map(|d| project.sources.name(d.id).to_string())
            .unwrap_or_default()
    };
    let (on, nn) = (name(old), name(new));
    match args.format {
        DiffFormat::Markdown => out!("{}", markdown(&d, &on, &nn)),
        DiffFormat::Html => out!("{}", html(&d, &on, &nn)),
        DiffFormat::Json => outln!("{}", serde_json::to_string_pretty(&serde_json::json!({"was": on, "wordt": nn, "semantisch": d.semantisch, "wijzigingen": d.wijzigingen})).unwrap_or_default()),
    }
    if d.is_empty() {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
