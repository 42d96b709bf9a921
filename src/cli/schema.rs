//! `verordening schema ORDINANCE`: the JSON Schema of a case file for this ordinance.

use super::eval::load_failure;
use super::Exit;
use crate::eval::load::load_for_date;
pub use crate::eval::schema::case_schema;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling (bestand of map)
    #[arg(value_name = "REGELING")]
    ordinance: PathBuf,
}

pub fn run(args: Args) -> Exit {
    let loaded = match load_for_date(&args.ordinance, None) {
        Ok(l) => l,
        Err(e) => return load_failure(e),
    };
    let schema = case_schema(&loaded.lowered.program);
    outln!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
    Exit::Clean
}
