//! `verordening besluit OUD NIEUW [--format markdown|html] [--vastgesteld DATUM]`: the
//! wijzigingsbesluit from OUD to NIEUW (src/besluit.rs), with the was-wordt table as bijlage.

use super::eval::load_failure;
use super::{output, Exit};
use crate::besluit::{besluit, html, markdown, Invoer};
use crate::eval::load::LoadError;
use crate::project::Project;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BesluitFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// JSON voor andere programma's: de onderdelen met hun instructies
    Json,
    /// Een Word-document (met --uit BESTAND.docx), met de was-wordt-tabel als bijlage
    Docx,
    /// Het besluit in de taal (een .wb-bestand: onderdelen met komt te luiden, vervalt, wordt
    /// ingevoegd, wordt vernummerd), alleen voor een regeling met eigen artikelen
    Vo,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De geldende versie, eventueel tussenversies (elk met een eigen `geldig vanaf`), en de
    /// nieuwe versie: een onderdeel treedt in werking op de datum van de eerste versie waarin
    /// het geldt
    #[arg(value_name = "VERSIE", num_args = 2.., required = true)]
    versies: Vec<PathBuf>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: BesluitFormat,
    /// De datum waarop de raad besluit (JJJJ-MM-DD): ligt de datum van inwerkingtreding
    /// daarvoor, dan werkt het besluit terug
    #[arg(long, value_name = "DATUM")]
    vastgesteld: Option<chrono::NaiveDate>,
    /// Schrijf naar dit bestand (voor --format docx)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    let mut project = Project::new();
    let mut loaded = Vec::new();
    for v in &args.versies {
        match project.load(v) {
            Some(i) => loaded.push(i),
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
    let (Some(&old), Some(&new)) = (loaded.first(), loaded.last()) else {
        return Exit::Usage;
    };
    let tussen: Vec<usize> = loaded
        .get(1..loaded.len().saturating_sub(1))
        .unwrap_or(&[])
        .to_vec();
    let mut diags = std::mem::take(&mut project.diagnostics);
    for &i in &loaded {
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
    let b = besluit(&Invoer {
        project: &project,
        oud: old,
        nieuw: new,
        vastgesteld: args.vastgesteld,
        tussen,
    });
    if b.onderdelen.is_empty() {
        errln!("de twee versies verschillen niet in hun artikelen: er is niets te besluiten");
    }
    match args.format {
        BesluitFormat::Markdown => out!("{}", markdown(&b)),
        BesluitFormat::Html => out!("{}", html(&b)),
        BesluitFormat::Json => outln!("{}", serde_json::to_string_pretty(&b).unwrap_or_default()),
        BesluitFormat::Vo => match crate::besluit::wb(&b, &project, old, new, args.vastgesteld) {
            Ok((text, niet)) => {
                for n in &niet {
                    errln!("let op: {n}");
                }
                out!("{text}");
            }
            Err(e) => {
                errln!("{e}");
                return Exit::Usage;
            }
        },
        BesluitFormat::Docx => {
            if let Err(e) = crate::docx::write(&crate::docx::from_besluit(&b), args.uit.as_deref())
            {
                errln!("{e}");
                return Exit::Usage;
            }
        }
    }
    Exit::Clean
}
