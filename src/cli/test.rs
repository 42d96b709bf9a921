//! `verordening test [PATH...]`: run the test cases next to the ordinances. The report is laid
//! out like `cargo test`'s, in Dutch; its lines are grepped by CI, so their form is fixed and
//! documented in docs/evaluatie.md ("De uitvoer van `verordening test`").

use super::Exit;
use std::path::PathBuf;
use verordening_core::eval::testing::{find_test_files, run_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Testbestanden of mappen (standaard: ordinances/)
    #[arg(value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Meld ook welke artikelen en leden met een regel de casussen bereikten
    #[arg(long)]
    dekking: bool,
    /// Uitvoerformaat: `json` schrijft één JSON-document met per testbestand de casussen, hun
    /// oordeel en verschillen, het resultaat en (met --dekking) de dekking
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    format: DekkingFormat,
    /// Geen testbestanden gevonden is een fout (exit code 2); zonder deze optie een
    /// waarschuwing en exit code 0, zodat de eerste CI-run van een gemeente groen is
    #[arg(long)]
    vereist: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DekkingFormat {
    /// Leesbaar (ook: `tekst`, en `human` zoals eerder bij `check`)
    #[value(name = "text", alias = "tekst", alias = "human")]
    Text,
    /// JSON voor andere programma's
    Json,
}

/// The document `test --format json` writes.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct TestUitvoer {
    /// How many cases were run.
    pub casussen: usize,
    /// Per test file, in the order they were run.
    pub bestanden: Vec<TestBestand>,
    /// With `--dekking`: per test file that could be run, the articles and leden with a rule
    /// that the cases reached and those they did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dekking: Option<Vec<Dekking>>,
    pub resultaat: Resultaat,
}

/// One test file and its cases.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct TestBestand {
    pub bestand: String,
    /// The file could not be run at all (its ordinance has errors, it does not parse): why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fout: Option<String>,
    pub casussen: Vec<TestCasus>,
}

/// The verdict on a case: as expected, not as expected, or not evaluated.
#[derive(serde::Serialize, schemars::JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Oordeel {
    Geslaagd,
    Mislukt,
    Fout,
}

/// One case of a test file.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct TestCasus {
    pub naam: String,
    pub oordeel: Oordeel,
    /// With `mislukt`: per difference one line (`premie.bedrag: verwacht € 100, kreeg € 150`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verschillen: Vec<String>,
    /// With `fout`: the report `verordening eval` would give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub melding: Option<String>,
}

/// What the cases of one test file reached.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Dekking {
    pub bestand: String,
    pub bereikt: Vec<String>,
    pub niet_bereikt: Vec<String>,
}

/// The closing line, as data.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Resultaat {
    /// `geslaagd` when every case passed and every file ran, else `mislukt`.
    pub oordeel: ResultaatOordeel,
    pub geslaagd: usize,
    /// Cases not as expected, and test files that could not be run.
    pub mislukt: usize,
    pub niet_beoordeeld: usize,
}

/// `geslaagd` or `mislukt`.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResultaatOordeel {
    Geslaagd,
    Mislukt,
}

/// The verdicts, on each case line and in the closing line.
const PASSED: &str = "geslaagd";
const FAILED: &str = "MISLUKT";
/// A case that could not be read or evaluated: no verdict.
const ERROR: &str = "FOUT";

fn casussen(n: usize) -> String {
    if n == 1 {
        "1 casus".into()
    } else {
        format!("{n} casussen")
    }
}

pub fn run(args: Args) -> Exit {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("ordinances")]
    } else {
        args.paths
    };
    let files = find_test_files(&paths);
    if files.is_empty() {
        let what = "geen testbestanden (*.test.yaml, *.test.json, *.test.toml) gevonden";
        if args.vereist {
            errln!("fout: {what}");
            return Exit::Usage;
        }
        errln!("waarschuwing: {what}; met --vereist is dat een fout");
        return Exit::Clean;
    }
    let results: Vec<_> = files.iter().map(|f| run_file(f)).collect();
    let total: usize = results.iter().map(|r| r.cases.len()).sum();
    if args.format == DekkingFormat::Json {
        return run_json(&results, total, args.dekking);
    }
    outln!("\n{}", casussen(total));
    let mut passed = 0;
    let mut failed = Vec::new();
    let mut broken = 0;
    let mut unevaluated = Vec::new();
    for r in &results {
        if let Some(e) = &r.error {
            outln!("{}: {ERROR}: {e}", r.path.display());
            broken += 1;
            continue;
        }
        for c in &r.cases {
            if c.error.is_some() {
                outln!("casus {} ... {ERROR}", c.name);
                unevaluated.push((r.path.clone(), c));
            } else if c.failures.is_empty() {
                outln!("casus {} ... {PASSED}", c.name);
                passed += 1;
            } else {
                outln!("casus {} ... {FAILED}", c.name);
                failed.push((r.path.clone(), c));
            }
        }
    }
    if !failed.is_empty() {
        outln!("\nmislukte casussen:\n");
        for (path, c) in &failed {
            outln!("---- {} ({}) ----", c.name, path.display());
            for f in &c.failures {
                outln!("  {f}");
            }
            outln!();
        }
    }
    // Reported as `eval` reports them (the same diagnostics), each under its case.
    if !unevaluated.is_empty() {
        outln!("\nniet beoordeelde casussen:\n");
        for (path, c) in &unevaluated {
            outln!("---- {} ({}) ----", c.name, path.display());
            if let Some(e) = &c.error {
                outln!("{}\n", e.trim_end());
            }
        }
    }
    if args.dekking {
        match args.format {
            DekkingFormat::Text => {
                outln!("\ndekking:");
                for r in results.iter().filter(|r| r.error.is_none()) {
                    let (reached, missed) = r.dekking();
                    outln!(
                        "{}: {} van {} artikelen en leden met een regel bereikt",
                        r.path.display(),
                        reached.len(),
                        reached.len() + missed.len()
                    );
                    for m in &missed {
                        outln!("  niet bereikt: {m}");
                    }
                }
            }
            // Written by `run_json`.
            DekkingFormat::Json => {}
        }
    }
    let ok = failed.is_empty() && broken == 0 && unevaluated.is_empty();
    let not_run = if unevaluated.is_empty() {
        String::new()
    } else {
        format!("; {} niet beoordeeld", unevaluated.len())
    };
    outln!(
        "\nresultaat: {}. {passed} geslaagd; {} mislukt{not_run}",
        if ok { PASSED } else { FAILED },
        failed.len() + broken
    );
    if broken > 0 || !unevaluated.is_empty() {
        Exit::Usage
    } else if ok {
        Exit::Clean
    } else {
        Exit::Findings
    }
}

/// `test --format json`: one document instead of the lines, with the same exit codes.
fn run_json(
    results: &[verordening_core::eval::testing::FileResult],
    total: usize,
    dekking: bool,
) -> Exit {
    let (mut passed, mut failed, mut broken, mut unevaluated) = (0, 0, 0, 0);
    let bestanden = results
        .iter()
        .map(|r| {
            if r.error.is_some() {
                broken += 1;
            }
            let casussen = r
                .cases
                .iter()
                .map(|c| {
                    let oordeel = if c.error.is_some() {
                        unevaluated += 1;
                        Oordeel::Fout
                    } else if c.failures.is_empty() {
                        passed += 1;
                        Oordeel::Geslaagd
                    } else {
                        failed += 1;
                        Oordeel::Mislukt
                    };
                    TestCasus {
                        naam: c.name.clone(),
                        oordeel,
                        verschillen: c.failures.clone(),
                        melding: c.error.as_ref().map(|e| e.trim_end().to_string()),
                    }
                })
                .collect();
            TestBestand {
                bestand: r.path.display().to_string(),
                fout: r.error.clone(),
                casussen,
            }
        })
        .collect();
    let dekking = dekking.then(|| {
        results
            .iter()
            .filter(|r| r.error.is_none())
            .map(|r| {
                let (bereikt, niet_bereikt) = r.dekking();
                Dekking {
                    bestand: r.path.display().to_string(),
                    bereikt,
                    niet_bereikt,
                }
            })
            .collect()
    });
    let ok = failed == 0 && broken == 0 && unevaluated == 0;
    let uitvoer = TestUitvoer {
        casussen: total,
        bestanden,
        dekking,
        resultaat: Resultaat {
            oordeel: if ok {
                ResultaatOordeel::Geslaagd
            } else {
                ResultaatOordeel::Mislukt
            },
            geslaagd: passed,
            mislukt: failed + broken,
            niet_beoordeeld: unevaluated,
        },
    };
    outln!(
        "{}",
        serde_json::to_string_pretty(&uitvoer).unwrap_or_default()
    );
    if broken > 0 || unevaluated > 0 {
        Exit::Usage
    } else if ok {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
