//! `verordening render FILE --format markdown|html [--leeswijzer]`

use super::eval::load_failure;
use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::eval::load::LoadError;
use verordening_core::project::Project;
use verordening_core::render::{html_with, markdown_with, render, Kop, Mode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// Een Word-document (met --uit BESTAND.docx)
    Docx,
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
    /// Schrijf naar dit bestand (voor --format docx)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
    /// De versie die op deze datum gold (ook afgeleid uit wijzigingsbesluiten in de map);
    /// BESTAND mag dan ook een map met versies zijn
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    op: Option<chrono::NaiveDate>,
    /// Zoals de regeling bekend was op deze datum: later bekendgemaakte besluiten tellen niet mee
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    bekend_op: Option<chrono::NaiveDate>,
}

pub fn run(args: Args) -> Exit {
    if args.op.is_some() || args.bekend_op.is_some() || args.file.is_dir() {
        return run_op(&args);
    }
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
        diags.extend(verordening_core::eval::check_document(&project, j));
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
        blocks.extend(verordening_core::render::external_references(
            &project, index,
        ));
    }
    write_blocks(&args, &Kop::of(&project, index), &blocks)
}

/// Print the rendered text in the asked format (a Word document to `--uit` or stdout).
fn write_blocks(args: &Args, kop: &Kop, blocks: &[verordening_core::render::Block]) -> Exit {
    match args.format {
        RenderFormat::Markdown => out!("{}", markdown_with(kop, blocks)),
        RenderFormat::Html => out!("{}", html_with(kop, blocks)),
        RenderFormat::Docx => {
            if let Err(e) = verordening_core::docx::write(
                &verordening_core::docx::from_blocks(blocks),
                args.uit.as_deref(),
            ) {
                errln!("{e}");
                return Exit::Usage;
            }
        }
    }
    Exit::Clean
}

/// `render --op DATUM`: the version in force on that date (hand-written or derived), as the
/// law stood on `--bekend-op`.
fn run_op(args: &Args) -> Exit {
    let mut versions =
        match verordening_core::eval::load::Versions::open_bekend(&args.file, args.bekend_op) {
            Ok(v) => v,
            Err(e) => return load_failure(e),
        };
    let index = match versions.pick(args.op) {
        Ok(i) => i,
        Err(e) => return load_failure(e),
    };
    if let Err(e) = versions.lower(index) {
        return load_failure(e);
    }
    let project = &versions.project;
    let mode = if args.leeswijzer {
        Mode::Leeswijzer
    } else {
        Mode::Tekst
    };
    let Some(mut blocks) = render(project, index, mode) else {
        return Exit::Usage;
    };
    if args.leeswijzer {
        blocks.extend(verordening_core::render::external_references(
            project, index,
        ));
    }
    write_blocks(args, &Kop::of(project, index), &blocks)
}
