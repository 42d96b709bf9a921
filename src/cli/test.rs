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
        eprintln!("fout: geen testbestanden (*.test.yaml, *.test.json, *.test.toml) gevonden");
        return Exit::Usage;
    }
    let results: Vec<_> = files.iter().map(|f| run_file(f)).collect();
    let total: usize = results.iter().map(|r| r.cases.len()).sum();
    println!("\nrunning {total} tests");
    let mut passed = 0;
    let mut failed = Vec::new();
    let mut broken = 0;
    for r in &results {
        if let Some(e) = &r.error {
            println!("{}: FOUT: {e}", r.path.display());
            broken += 1;
            continue;
        }
        for c in &r.cases {
            if c.failures.is_empty() {
                println!("test {} ... ok", c.name);
                passed += 1;
            } else {
                println!("test {} ... FAILED", c.name);
                failed.push((r.path.clone(), c));
            }
        }
    }
    if !failed.is_empty() {
        println!("\nfailures:\n");
        for (path, c) in &failed {
            println!("---- {} ({}) ----", c.name, path.display());
            for f in &c.failures {
                println!("  {f}");
            }
            println!();
        }
    }
    let ok = failed.is_empty() && broken == 0;
    println!(
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
