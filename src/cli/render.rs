//! `verordening render FILE --format markdown|html [--leeswijzer]`

use super::eval::load_failure;
use super::{output, Exit};
use crate::eval::load::LoadError;
use crate::project::Project;
use crate::render::{html, markdown, render, Mode};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling
    #[arg(value_name = "BESTAND")]
    file: PathBuf,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: RenderFormat,
    /// Een model weergeven met de haken van de leeswijzer, zoals de VNG het drukt
    #[arg(long)]
    leeswijzer: bool,
}

pub fn run(args: Args) -> Exit {
    let mut project = Project::new();
    let Some(index) = project.load(&args.file) else {
        output::print(
            &project.sources,
            &project.diagnostics,
            output::Format::Human,
        );
        return Exit::Usage;
    };
    let mut diags = std::mem::take(&mut project.diagnostics);
    for j in project.chain(index) {
        diags.extend(crate::eval::check_document(&project, j));
    }
    if diags.iter().any(|d| d.is_error()) {
        return load_failure(LoadError::Invalid(Box::new(project), diags));
    }
    let mode = if args.leeswijzer {
        Mode::Leeswijzer
    } else {
        Mode::Tekst
    };
    let Some(mut blocks) = render(&project, index, mode) else {
        return Exit::Usage;
    };
    if args.leeswijzer {
        blocks.extend(crate::render::external_references(&project, index));
    }
    match args.format {
        RenderFormat::Markdown => out!("{}", markdown(&blocks)),
        RenderFormat::Html => out!("{}", html(&blocks)),
    }
    Exit::Clean
}
