//! `verordening eval ORDINANCE CASE`

use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::eval::case::{read_document, CaseReader, Format as CaseFormat};
use verordening_core::eval::load::{LoadError, Loaded, Versions};
use verordening_core::eval::report::JsonReport;
use verordening_core::eval::tijd::{ontvangstbewijs, Ontvangstbewijs};
use verordening_core::eval::Evaluator;
use verordening_core::syntax::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Leesbaar Nederlands rapport
    #[value(name = "text", alias = "tekst", alias = "human")]
    Text,
    /// Stabiele JSON
    Json,
}

/// The formats of `eval`: those of [`ReportFormat`] and a page to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// Leesbaar Nederlands rapport
    #[value(name = "text", alias = "tekst", alias = "human")]
    Text,
    /// Stabiele JSON
    Json,
    /// Een zelfstandige HTML-pagina om te printen of bij een besluit te voegen
    Html,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling: een bestand, of een map met versies (de versie die op de peildatum geldt)
    #[arg(value_name = "REGELING")]
    ordinance: PathBuf,
    /// Het casusbestand (.json, .yaml of .toml)
    #[arg(value_name = "CASUS")]
    case: PathBuf,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    format: EvalFormat,
    /// Beoordeel naar de regeling zoals die bekend was op deze datum (later bekendgemaakte
    /// wijzigingsbesluiten, ook met terugwerkende kracht, tellen niet mee)
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    bekend_op: Option<chrono::NaiveDate>,
    /// Beoordeel opnieuw en vergelijk met een eerder rapport (`eval --format json`) en zijn
    /// ontvangstbewijs: exit code 0 als de uitkomst dezelfde is, 1 als die verschilt
    #[arg(long, value_name = "ONTVANGSTBEWIJS")]
    controleer: Option<PathBuf>,
    /// Noem bij elke bepaling ook bestand en regel (de JSON noemt ze altijd)
    #[arg(long)]
    bronnen: bool,
}

/// Report a load failure; returns the exit code.
pub fn load_failure(e: LoadError) -> Exit {
    match e {
        LoadError::Io(m) | LoadError::NoVersion(m) => {
            errln!("fout: {m}");
            Exit::Usage
        }
        LoadError::Invalid(project, diags) => {
            output::print(&project.sources, &diags, output::Format::Human);
            errln!("fout: de regeling bevat fouten; los die eerst op (`verordening check`)");
            Exit::Findings
        }
    }
}

pub fn run(args: Args) -> Exit {
    let Some(format) = CaseFormat::of(&args.case) else {
        errln!(
            "fout: `{}`: een casusbestand eindigt op .json, .yaml, .yml of .toml",
            args.case.display()
        );
        return Exit::Usage;
    };
    let text = match verordening_core::eval::casefile::read_file(&args.case) {
        Ok(t) => t,
        Err(reason) => {
            errln!(
                "fout: `{}` kan niet worden gelezen: {reason}",
                args.case.display()
            );
            return Exit::Usage;
        }
    };
    let document = match read_document(&text, format) {
        Ok(d) => d,
        Err(e) => {
            let mut sources = verordening_core::diagnostics::SourceMap::default();
            let file = sources.add(&args.case, text.as_str());
            output::print(&sources, &[e.diagnostic(file)], output::Format::Human);
            errln!(
                "fout: `{}` is geen geldig casusbestand",
                args.case.display()
            );
            return Exit::Findings;
        }
    };
    let Some(obj) = document.root.as_object() else {
        errln!(
            "fout: `{}`: een casus is een object met `peildatum`, `feiten` en `oordelen`",
            args.case.display()
        );
        return Exit::Findings;
    };
    let date = obj
        .get("peildatum")
        .and_then(|v| v.as_str())
        .and_then(parse_date);
    let aanvraag = verordening_core::eval::case::aanvraagdatum(obj);
    // With --controleer: the recorded report, and the law as it was known then.
    let oud = match &args.controleer {
        Some(p) => match std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        {
            Some(v) if v.get("ontvangstbewijs").is_some() => Some(v),
            _ => {
                errln!(
                    "fout: `{}` is geen rapport met ontvangstbewijs (maak het met `verordening eval --format json`)",
                    p.display()
                );
                return Exit::Usage;
            }
        },
        None => None,
    };
    let bekend_op = args.bekend_op.or_else(|| {
        oud.as_ref()
            .and_then(|v| v["ontvangstbewijs"].get("bekend_op"))
            .and_then(|d| d.as_str())
            .and_then(parse_date)
    });
    let (loaded, toetsing) = match load_for_case(&args.ordinance, date, aanvraag, bekend_op) {
        Ok(l) => l,
        Err(e) => return load_failure(e),
    };
    let mut loaded = loaded;
    let case_file = loaded.project.sources.add(&args.case, text.as_str());
    let program = &loaded.lowered.program;
    let mut reader = CaseReader::new(program, case_file, &text).at(&document.places, "");
    let read = reader.read(obj, &[]);
    let diags = std::mem::take(&mut reader.diags);
    let Some((case, peildatum)) = read else {
        output::print(&loaded.project.sources, &diags, output::Format::Human);
        return Exit::Findings;
    };
    let outcomes = Evaluator::new(program).all(&case);
    if let Some(oud) = &oud {
        let nieuw = JsonReport::new(program, &loaded.project.sources, peildatum, &outcomes)
            .with_receipt(&toetsing)
            .to_value();
        let controle = verordening_core::eval::tijd::controleer(oud, &nieuw);
        for r in &controle.regels {
            outln!("{r}");
        }
        return if controle.zelfde_uitkomst {
            outln!("de uitkomst is dezelfde");
            Exit::Clean
        } else {
            outln!("de uitkomst is anders");
            Exit::Findings
        };
    }
    match args.format {
        EvalFormat::Text | EvalFormat::Html => {
            let given = verordening_core::eval::rapport::given_in(&case);
            let cx = verordening_core::eval::rapport::Context {
                program,
                sources: &loaded.project.sources,
                peildatum,
                given: &given,
                bronnen: args.bronnen,
            };
            if args.format == EvalFormat::Html {
                let head: Vec<(String, String)> =
                    verordening_core::eval::tijd::head_lines(&toetsing)
                        .into_iter()
                        .map(|(k, v)| (verordening_core::eval::rapport::capital(&k), v))
                        .collect();
                out!(
                    "{}",
                    verordening_core::eval::rapport::html(
                        &cx,
                        &outcomes,
                        &head,
                        &verordening_core::eval::tijd::receipt_html(&toetsing)
                    )
                )
            } else {
                let report = verordening_core::eval::rapport::text(&cx, &outcomes);
                out!(
                    "{}",
                    verordening_core::eval::tijd::with_text(&report, &toetsing)
                )
            }
        }
        EvalFormat::Json => {
            let report = JsonReport::new(program, &loaded.project.sources, peildatum, &outcomes)
                .with_receipt(&toetsing);
            outln!("{}", report.to_string_pretty())
        }
    }
    let _ = &mut loaded;
    Exit::Clean
}

/// The version that governs a case (peildatum, aanvraagdatum), as known on `bekend_op`,
/// checked and lowered; with the choice, for the report.
pub fn load_for_case(
    path: &std::path::Path,
    peildatum: Option<chrono::NaiveDate>,
    aanvraag: Option<chrono::NaiveDate>,
    bekend_op: Option<chrono::NaiveDate>,
) -> Result<(Loaded, Ontvangstbewijs), LoadError> {
    let mut versions = Versions::open_bekend(path, bekend_op)?;
    let keuze = versions.kies(peildatum, aanvraag)?;
    let lowered = versions.lower(keuze.index)?;
    let bewijs = ontvangstbewijs(&versions, &keuze, peildatum, aanvraag, bekend_op);
    Ok((
        Loaded {
            project: versions.project,
            index: keuze.index,
            lowered,
        },
        bewijs,
    ))
}
