//! `verordening dekking FILE...`: per artikel, lid and onderdeel with normative text, the rules
//! that stand on it or the reason why it has none (see `verordening_core::dekking`).

use super::Exit;
use std::path::PathBuf;
use verordening_core::dekking::{coverage, Unit};
use verordening_core::project::{expand_paths, io_reason, Project};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DekkingFormat {
    /// Leesbaar (ook: `tekst`, en `human` zoals eerder bij `check`)
    #[value(name = "text", alias = "tekst", alias = "human")]
    Text,
    /// JSON voor andere programma's
    Json,
}

/// The document `dekking --format json` writes (docs/schemas/dekking.json).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DekkingUitvoer {
    /// One per file, in the order of the command line (a folder's files sorted).
    pub bestanden: Vec<DekkingBestand>,
}

/// The coverage of one file.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DekkingBestand {
    pub bestand: String,
    /// How many units have normative text.
    pub normatief: usize,
    /// How many of those are covered: a rule stands on them, or a reason says why none does.
    pub gedekt: usize,
    /// The units with normative text (with `--alles`: every unit with text).
    pub onderdelen: Vec<DekkingOnderdeel>,
}

/// One artikel, lid or onderdeel with text.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DekkingOnderdeel {
    /// Its citation: "artikel 3, tweede lid, onder a".
    pub plaats: String,
    /// Its slot-style id: `art3.lid2.a`.
    pub id: String,
    /// The line (from 1) of its text in the file.
    pub tekstregel: usize,
    pub normatief: bool,
    pub gedekt: bool,
    /// The rules that stand on it.
    pub regels: Vec<DekkingRegel>,
    /// Why it has no rule (`geen regel "…"`), or null.
    pub reden: Option<String>,
}

/// A rule as written, with the line it starts on.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct DekkingRegel {
    pub regel: u32,
    pub tekst: String,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Bestanden of mappen (mappen worden doorzocht op .vo-bestanden)
    #[arg(required = true, value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    format: DekkingFormat,
    /// Ook de onderdelen zonder normatieve tekst tonen
    #[arg(long)]
    alles: bool,
}

/// The line (from 1) of a byte offset.
fn line_of(src: &str, offset: u32) -> usize {
    let end = (offset as usize).min(src.len());
    src.get(..end)
        .map(|s| s.bytes().filter(|b| *b == b'\n').count())
        .unwrap_or(0)
        + 1
}

fn status(u: &Unit) -> String {
    if let Some(r) = &u.reason {
        if u.rules.is_empty() {
            return format!("geen regel: \"{r}\"");
        }
    }
    match u.rules.len() {
        0 if !u.normative => "geen normatieve tekst".to_string(),
        0 => "GEEN REGEL".to_string(),
        n => {
            let lines: Vec<String> = u.rules.iter().map(|(l, _)| l.to_string()).collect();
            let noun = if n == 1 { "regel" } else { "regels" };
            format!("{n} {noun} (regel {})", lines.join(", "))
        }
    }
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
    let mut project = Project::new();
    let mut json_files = Vec::new();
    let mut uncovered_total = 0usize;
    for f in &files {
        let Some(i) = project.load(f) else {
            errln!("fout: `{}` kan niet worden gelezen", f.display());
            return Exit::Usage;
        };
        let Some(doc) = project.docs.get(i) else {
            return Exit::Usage;
        };
        if !doc.parsed_ok {
            errln!(
                "fout: `{}` bevat syntaxisfouten; draai eerst `verordening check`",
                f.display()
            );
            return Exit::Findings;
        }
        let src = project.sources.text(doc.id);
        let units = coverage(&doc.ast, src);
        let normative: Vec<&Unit> = units.iter().filter(|u| u.normative).collect();
        let covered = normative.iter().filter(|u| u.covered()).count();
        let uncovered = normative.len() - covered;
        uncovered_total += uncovered;
        let percent = if normative.is_empty() {
            100
        } else {
            covered * 100 / normative.len()
        };
        match args.format {
            DekkingFormat::Text => {
                outln!(
                    "{}: {covered} van {} normatieve onderdelen gedekt ({percent} %)",
                    f.display(),
                    normative.len()
                );
                for u in units.iter().filter(|u| args.alles || u.normative) {
                    outln!("  {}: {}", u.citation, status(u));
                }
            }
            DekkingFormat::Json => {
                let onderdelen = units
                    .iter()
                    .filter(|u| args.alles || u.normative)
                    .map(|u| DekkingOnderdeel {
                        plaats: u.citation.clone(),
                        id: u.id.clone(),
                        tekstregel: line_of(src, u.span.start),
                        normatief: u.normative,
                        gedekt: u.covered(),
                        regels: u
                            .rules
                            .iter()
                            .map(|(l, t)| DekkingRegel {
                                regel: *l,
                                tekst: t.clone(),
                            })
                            .collect(),
                        reden: u.reason.clone(),
                    })
                    .collect();
                json_files.push(DekkingBestand {
                    bestand: f.display().to_string(),
                    normatief: normative.len(),
                    gedekt: covered,
                    onderdelen,
                });
            }
        }
    }
    if args.format == DekkingFormat::Json {
        let uitvoer = DekkingUitvoer {
            bestanden: json_files,
        };
        outln!(
            "{}",
            serde_json::to_string_pretty(&uitvoer).unwrap_or_default()
        );
    }
    if uncovered_total > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
