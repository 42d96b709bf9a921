//! `verordening compare FILE...`: one table, a row per model slot, a column per ordinance.

use super::eval::load_failure;
use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::eval::load::LoadError;
use verordening_core::project::Project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// CSV, voor een rekenblad
    Csv,
    /// Een Word-document (met --uit BESTAND.docx)
    Docx,
    /// JSON voor andere programma's
    Json,
}

/// The document `compare --format json` writes: the table, a row per slot of the model.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct CompareUitvoer<'a> {
    /// A column per ordinance: its municipality (or title), with the file name where two
    /// columns would have the same name.
    pub verordeningen: &'a [String],
    pub invulplekken: Vec<Invulplek<'a>>,
}

/// One slot of the model and what each ordinance made of it.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Invulplek<'a> {
    /// The slot's id in the model.
    pub invulplek: &'a str,
    /// Per ordinance, in the order of `verordeningen`: the value, choice or adoption as the
    /// table shows it (`niet overgenomen`, `—` where it made none).
    pub waarden: &'a [String],
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Verordeningen die hetzelfde model invullen
    #[arg(required = true, value_name = "BESTAND")]
    files: Vec<PathBuf>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: CompareFormat,
    /// Schrijf naar dit bestand (voor --format docx)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    let mut project = Project::new();
    let mut docs = Vec::new();
    for f in &args.files {
        match project.load(f) {
            Some(i) => docs.push(i),
            None => {
                output::print(
                    &project.sources,
                    &project.diagnostics,
                    output::Format::Human,
                );
                return Exit::Usage;
            }
        }
    }
    let mut diags = std::mem::take(&mut project.diagnostics);
    for &i in &docs {
        for j in project.chain(i) {
            diags.extend(verordening_core::eval::check_document(&project, j));
        }
    }
    if diags.iter().any(|d| d.is_error()) {
        return load_failure(LoadError::Invalid(Box::new(project), diags));
    }
    let Some((headers, rows)) = verordening_core::diff::table::table(&project, &docs) else {
        return Exit::Usage;
    };
    match args.format {
        CompareFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&CompareUitvoer {
                verordeningen: &headers,
                invulplekken: rows
                    .iter()
                    .map(|(id, v)| Invulplek {
                        invulplek: id,
                        waarden: v,
                    })
                    .collect(),
            })
            .unwrap_or_default()
        ),
        CompareFormat::Docx => {
            if let Err(e) = verordening_core::docx::write(
                &verordening_core::docx::from_compare(&headers, &rows),
                args.uit.as_deref(),
            ) {
                errln!("{e}");
                return Exit::Usage;
            }
        }
        CompareFormat::Markdown => {
            outln!("| invulplek | {} |", headers.join(" | "));
            outln!("|---|{}", "---|".repeat(headers.len()));
            for (id, v) in &rows {
                outln!(
                    "| `{id}` | {} |",
                    v.iter()
                        .map(|x| x.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
            }
        }
        CompareFormat::Csv => {
            let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            outln!(
                "invulplek,{}",
                headers.iter().map(|h| q(h)).collect::<Vec<_>>().join(",")
            );
            for (id, v) in &rows {
                outln!(
                    "{},{}",
                    q(id),
                    v.iter().map(|x| q(x)).collect::<Vec<_>>().join(",")
                );
            }
        }
        CompareFormat::Html => out!("{}", verordening_core::diff::table::html(&headers, &rows)),
    }
    Exit::Clean
}
