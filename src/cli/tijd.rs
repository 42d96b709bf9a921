//! `verordening versies PAD`: the versions of a regeling, hand-written and derived from
//! wijzigingsbesluiten, with the dates each applies and since when each was law.

use super::eval::load_failure;
use super::Exit;
use crate::eval::load::Versions;
use crate::value::format_date as dutch_date;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct VersiesArgs {
    /// De regeling: een bestand of een map met versies en wijzigingsbesluiten (.wb)
    #[arg(value_name = "REGELING")]
    regeling: PathBuf,
    /// Zoals de regeling bekend was op deze datum: later bekendgemaakte besluiten tellen niet mee
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    bekend_op: Option<chrono::NaiveDate>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    format: super::eval::ReportFormat,
}

pub fn versies(args: VersiesArgs) -> Exit {
    let versions = match Versions::open_bekend(&args.regeling, args.bekend_op) {
        Ok(v) => v,
        Err(e) => return load_failure(e),
    };
    let lijst = versions.lijst();
    match args.format {
        super::eval::ReportFormat::Json => {
            outln!(
                "{}",
                serde_json::to_string_pretty(&lijst).unwrap_or_default()
            )
        }
        super::eval::ReportFormat::Text => {
            for v in &lijst {
                let periode = match (v.geldig_vanaf, v.geldig_tot) {
                    (Some(f), Some(t)) => format!("{} t/m {}", dutch_date(f), dutch_date(t)),
                    (Some(f), None) => format!("vanaf {}", dutch_date(f)),
                    (None, Some(t)) => format!("t/m {}", dutch_date(t)),
                    (None, None) => "zonder datum".into(),
                };
                outln!("{periode}: {}", v.bestand);
                if let Some(versie) = &v.versie {
                    outln!("  versie: {versie}");
                }
                if let Some(b) = v.bekendgemaakt {
                    outln!("  bekendgemaakt: {}", dutch_date(b));
                }
                if v.afgeleid {
                    outln!("  afgeleid uit de basistekst en de wijzigingsbesluiten");
                }
            }
        }
    }
    Exit::Clean
}
