//! `verordening diff OLD NEW [--format markdown|html|json]`: the was-wordt table.
//! Exit code 0 when identical, 1 when they differ (as `diff` does), 2 on errors.

use super::eval::load_failure;
use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::diff::{diff, html, html_with, markdown, titles};
use verordening_core::eval::load::LoadError;
use verordening_core::project::Project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// JSON voor andere programma's
    Json,
    /// Een Word-document (met --uit BESTAND.docx): de was-wordt-tabel met doorgehaalde en
    /// onderstreepte woorden
    Docx,
}

/// The version of the JSON that `diff --format json` writes (with and without `--cases`): 2
/// since `waarden` of a `--cases` difference is an object rather than a list of
/// `[naam, waarde]` pairs (the JSON without `versie` is version 1). docs/vergelijken.md.
pub const JSON_VERSIE: u32 = 2;

/// The document `diff --format json` writes: the was-wordt of two texts.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DiffUitvoer<'a> {
    /// The version of this JSON format (2; without it: 1).
    pub versie: u32,
    /// The old file.
    pub was: &'a str,
    /// The new file.
    pub wordt: &'a str,
    /// One line each: what changed in substance.
    pub semantisch: &'a [String],
    pub wijzigingen: &'a [verordening_core::diff::Change],
}

/// The document `diff --cases MAP --format json` writes: the cases whose outcome differs.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DiffCasussenUitvoer<'a> {
    /// The version of this JSON format (2; without it: 1).
    pub versie: u32,
    /// What the comparison is: both versions applied to the same facts.
    pub wat_als: &'static str,
    /// How many cases were run.
    pub casussen: usize,
    pub verschillen: &'a [verordening_core::eval::compare::Difference],
    /// Voorzieningen in one version only that gave no grant in any case.
    pub zonder_gevolg: &'a [String],
    pub niet_beoordeeld: &'a [verordening_core::eval::compare::Unevaluated],
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De oude versie
    #[arg(value_name = "OUD")]
    old: PathBuf,
    /// De nieuwe versie (niet nodig met twee keer --op)
    #[arg(value_name = "NIEUW", required_unless_present = "op")]
    new: Option<PathBuf>,
    /// Vergelijk de versies van OUD (een regeling of map) die op twee data golden, ook
    /// versies die uit wijzigingsbesluiten zijn afgeleid: `--op 2024-12-31 --op 2025-07-01`
    #[arg(long, value_name = "DATUM", num_args = 1, action = clap::ArgAction::Append, value_parser = super::parse_datum)]
    op: Vec<chrono::NaiveDate>,
    /// Met --op: zoals de regeling bekend was op deze datum
    #[arg(long, value_name = "DATUM", requires = "op", value_parser = super::parse_datum)]
    bekend_op: Option<chrono::NaiveDate>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: DiffFormat,
    /// Voer de casussen in deze map door beide versies en toon de verschillen in uitkomst
    #[arg(long, value_name = "MAP")]
    cases: Option<PathBuf>,
    /// Schrijf naar dit bestand (voor --format docx)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
    /// Met --cases: alleen de verschillen bij deze voorziening
    #[arg(long, value_name = "NAAM", requires = "cases")]
    voorziening: Option<String>,
}

pub fn run(args: Args) -> Exit {
    let (project, old, new) = match args.op.as_slice() {
        [] => {
            let Some(new_path) = &args.new else {
                errln!("fout: noem de nieuwe versie, of geef twee data met --op");
                return Exit::Usage;
            };
            let mut project = Project::new();
            match (project.load(&args.old), project.load(new_path)) {
                (Some(o), Some(n)) => (project, o, n),
                _ => {
                    output::print(
                        &project.sources,
                        &project.diagnostics,
                        output::Format::Human,
                    );
                    return Exit::Usage;
                }
            }
        }
        [from, to] if args.new.is_none() => {
            let versions = match verordening_core::eval::load::Versions::open_bekend(
                &args.old,
                args.bekend_op,
            ) {
                Ok(v) => v,
                Err(e) => return load_failure(e),
            };
            let (o, n) = match (versions.pick(Some(*from)), versions.pick(Some(*to))) {
                (Ok(o), Ok(n)) => (o, n),
                (Err(e), _) | (_, Err(e)) => return load_failure(e),
            };
            (versions.project, o, n)
        }
        _ => {
            errln!(
                "fout: --op wordt twee keer gegeven (de oude en de nieuwe datum), met alleen OUD"
            );
            return Exit::Usage;
        }
    };
    run_on(args, project, old, new)
}

fn run_on(args: Args, mut project: Project, old: usize, new: usize) -> Exit {
    let mut diags = std::mem::take(&mut project.diagnostics);
    for i in [old, new] {
        for j in project.chain(i) {
            diags.extend(verordening_core::eval::check_document(&project, j));
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
        let mut b = verordening_core::eval::compare::behaviour(&project, old, new, dir);
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
                serde_json::to_string_pretty(&DiffCasussenUitvoer {
                    versie: JSON_VERSIE,
                    wat_als: verordening_core::eval::compare::WHAT_IF,
                    casussen: b.casussen,
                    verschillen: &b.verschillen,
                    zonder_gevolg: &b.zonder_gevolg,
                    niet_beoordeeld: &b.niet_beoordeeld,
                })
                .unwrap_or_default()
            ),
            // One page: the was-wordt table and, after it, the differences in outcomes.
            DiffFormat::Html => {
                let d = diff(&project, old, new);
                let (on, nn) = titles(&project, old, new);
                out!(
                    "{}",
                    html_with(
                        &d,
                        &on,
                        &nn,
                        &verordening_core::eval::compare::html_section(&b)
                    )
                )
            }
            _ => out!("{}", verordening_core::eval::compare::markdown(&b)),
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
    // JSON names the files (its shape is documented); the printed forms name the documents.
    let (on, nn) = titles(&project, old, new);
    match args.format {
        DiffFormat::Markdown => out!("{}", markdown(&d, &on, &nn)),
        DiffFormat::Html => out!("{}", html(&d, &on, &nn)),
        DiffFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&DiffUitvoer {
                versie: JSON_VERSIE,
                was: &name(old),
                wordt: &name(new),
                semantisch: &d.semantisch,
                wijzigingen: &d.wijzigingen,
            })
            .unwrap_or_default()
        ),
        DiffFormat::Docx => {
            if let Err(e) = verordening_core::docx::write(
                &verordening_core::docx::from_diff(&d, &on, &nn),
                args.uit.as_deref(),
            ) {
                errln!("{e}");
                return Exit::Usage;
            }
        }
    }
    if d.is_empty() {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
