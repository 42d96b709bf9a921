//! `verordening test [PATH...]`: run the test cases next to the ordinances. The report is laid
//! out like `cargo test`'s, in Dutch; its lines are grepped by CI, so their form is fixed and
//! documented in docs/evaluatie.md ("De uitvoer van `verordening test`").

use super::Exit;
use crate::eval::testing::{find_test_files, run_file};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Testbestanden of mappen (standaard: ordinances/)
    #[arg(value_name = "PAD")]
    paths: Vec<PathBuf>,
    /// Meld ook welke artikelen en leden met een regel de casussen bereikten
    #[arg(long)]
    dekking: bool,
    /// Uitvoerformaat van de dekking (met --dekking)
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

/// The lid (or article) a citation stands in: "artikel 3, tweede lid, onder e" → "artikel 3,
/// tweede lid".
fn lid_of(citation: &str) -> String {
    match citation.find(", onder ") {
        Some(i) => citation.get(..i).unwrap_or(citation).to_string(),
        None => citation.to_string(),
    }
}

/// Per test file: the leden with a rule, and which of them the cases reached.
fn coverage(r: &crate::eval::testing::FileResult) -> (Vec<String>, Vec<String>) {
    use std::collections::BTreeSet;
    let with: BTreeSet<String> = r.with_rules.iter().map(|c| lid_of(c)).collect();
    let reached: BTreeSet<String> = r
        .cases
        .iter()
        .flat_map(|c| c.reached.iter().map(|x| lid_of(x)))
        .filter(|l| with.contains(l))
        .collect();
    let mut missed: Vec<String> = with.difference(&reached).cloned().collect();
    let mut reached: Vec<String> = reached.into_iter().collect();
    missed.sort_by_key(|c| natural(c));
    reached.sort_by_key(|c| natural(c));
    (reached, missed)
}

/// A sort key that orders "artikel 3" before "artikel 11" and "artikel 14" before "artikel 14a".
fn natural(s: &str) -> Vec<(u64, String)> {
    // "tweede lid" sorts as lid 2.
    let mut s = s.to_string();
    for (i, w) in crate::value::ORDINALS.iter().enumerate().rev() {
        s = s.replace(&format!("{w} lid"), &format!("lid {}", i + 1));
    }
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !text.is_empty() {
        key.push((0, text));
    }
    key
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
                    let (reached, missed) = coverage(r);
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
            DekkingFormat::Json => {
                let files: Vec<serde_json::Value> = results
                    .iter()
                    .filter(|r| r.error.is_none())
                    .map(|r| {
                        let (reached, missed) = coverage(r);
                        serde_json::json!({
                            "bestand": r.path.display().to_string(),
                            "bereikt": reached,
                            "niet_bereikt": missed,
                        })
                    })
                    .collect();
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "dekking": files }))
                        .unwrap_or_default()
                );
            }
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
