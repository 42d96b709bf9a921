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
        errln!("fout: geen testbestanden (*.test.yaml, *.test.json, *.test.toml) gevonden");
        return Exit::Usage;
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
