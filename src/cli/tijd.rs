//! `verordening versies PAD`: the versions of a regeling, hand-written and derived from
//! wijzigingsbesluiten, with the dates each applies and since when each was law.

use super::eval::load_failure;
use super::Exit;
use std::path::PathBuf;
use verordening_core::eval::load::Versions;
use verordening_core::value::format_date as dutch_date;

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

#[derive(Debug, clap::Args)]
pub struct TekstArgs {
    /// De regeling: een bestand of een map met versies en wijzigingsbesluiten (.wb)
    #[arg(value_name = "REGELING")]
    regeling: PathBuf,
    /// De bepaling: "artikel 5.6", "artikel 5.6, tweede lid", "artikel 5.6, lid 2, onderdeel a"
    #[arg(value_name = "CITAAT")]
    citaat: String,
    /// De datum waarop de bepaling wordt gelezen
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    op: chrono::NaiveDate,
    /// Zoals de regeling bekend was op deze datum: later bekendgemaakte besluiten tellen niet mee
    #[arg(long, value_name = "DATUM", value_parser = super::parse_datum)]
    bekend_op: Option<chrono::NaiveDate>,
}

/// `verordening tekst REGELING CITAAT --op DATUM`: what a citation meant on a date.
/// Exit code 0 with its text, 1 when it had lapsed, been renumbered or did not exist.
pub fn tekst(args: TekstArgs) -> Exit {
    use verordening_core::opzoeken::{lees_citaat, opzoeken, Antwoord};
    let Some(vraag) = lees_citaat(&args.citaat) else {
        errln!(
            "fout: `{}` is geen bepaling; schrijf bijvoorbeeld \"artikel 5.6\" of \"artikel 5.6, tweede lid\"",
            args.citaat
        );
        return Exit::Usage;
    };
    let versions = match Versions::open_bekend(&args.regeling, args.bekend_op) {
        Ok(v) => v,
        Err(e) => return load_failure(e),
    };
    let p = &versions.project;
    let versie = |i: usize| {
        let lijst = versions.lijst();
        let name = p
            .doc(i)
            .map(|d| p.sources.name(d.id).to_string())
            .unwrap_or_default();
        let regel = lijst.into_iter().find(|v| v.bestand == name);
        let periode = match regel.as_ref().map(|r| (r.geldig_vanaf, r.geldig_tot)) {
            Some((Some(f), Some(t))) => {
                format!(", geldig van {} t/m {}", dutch_date(f), dutch_date(t))
            }
            Some((Some(f), None)) => format!(", geldig vanaf {}", dutch_date(f)),
            _ => String::new(),
        };
        format!("versie: {name}{periode}")
    };
    let op = dutch_date(args.op);
    let antwoord = opzoeken(&versions, args.op, &vraag);
    // "artikel 5.4, tweede lid, op 1 oktober 2025": the citation goes on in the sentence.
    let vraag = verordening_core::syntax::notation::in_zin(&vraag.to_string());
    match antwoord {
        Antwoord::Tekst { versie: i, tekst } => {
            outln!("{vraag} op {op} ({})", versie(i));
            outln!();
            outln!("{tekst}");
            Exit::Clean
        }
        Antwoord::Vervallen { versie: i, per } => {
            outln!(
                "{vraag} op {op}: vervallen{} ({})",
                per.map(|d| format!(" per {}", dutch_date(d)))
                    .unwrap_or_default(),
                versie(i)
            );
            Exit::Findings
        }
        Antwoord::Vernummerd {
            versie: i,
            tot,
            per,
        } => {
            outln!(
                "{vraag} op {op}: vernummerd tot {}{} ({})",
                match per {
                    Some(_) => verordening_core::syntax::notation::in_zin(&tot),
                    None => tot,
                },
                per.map(|d| format!(" per {}", dutch_date(d)))
                    .unwrap_or_default(),
                versie(i)
            );
            Exit::Findings
        }
        Antwoord::BestondNiet { versie: i } => {
            match i {
                Some(i) => outln!("{vraag} op {op}: bestond niet ({})", versie(i)),
                None => outln!(
                    "{vraag} op {op}: bestond niet (geen versie van de regeling gold op die dag)"
                ),
            }
            Exit::Findings
        }
    }
}
