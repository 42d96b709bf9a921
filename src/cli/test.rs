//! `verordening test [PATH...]`: run the test cases next to the ordinances, report like
//! `cargo test`.

use super::Exit;
use crate::eval::testing::{find_test_files, run_file};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Testbestanden of mappen (standaard: ordinances/)
    paths: Vec<PathBuf>,
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
    outln!("\nrunning {total} tests");
    let mut passed = 0;
    let mut failed = Vec::new();
    let mut broken = 0;
    for r in &results {
        if let Some(e) = &r.error {
            outln!("{}: FOUT: {e}", r.path.display());
            broken += 1;
            continue;
        }
        for c in &r.cases {
            if c.failures.is_empty() {
                outln!("test {} ... ok", c.name);
                passed += 1;
            } else {
                outln!("test {} ... FAILED", c.name);
                failed.push((r.path.clone(), c));
            }
        }
    }
    if !failed.is_empty() {
        outln!("\nfailures:\n");
        for (path, c) in &failed {
            outln!("---- {} ({}) ----", c.name, path.display());
            for f in &c.failures {
                outln!("  {f}");
            }
            outln!();
        }
    }
    let ok = failed.is_empty() && broken == 0;
    outln!(
        "\ntest result: {}. {passed} passed; {} failed",
        if ok { "ok" } else { "FAILED" },
        failed.len() + broken
    );
    if ok {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
