//! `verordening schema REGELING`: the JSON Schema of a case file for this ordinance (input).
//! `verordening schema --uitvoer SOORT`: the JSON Schema of a JSON output, generated from the
//! types that write it (schemars); the same schemas are committed in docs/schemas/, and
//! tests/schemas.rs fails when they differ or when an output does not validate.

use super::eval::load_failure;
use super::Exit;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;
use std::path::PathBuf;
use verordening_core::eval::load::load_for_date;
pub use verordening_core::eval::schema::case_schema;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling (bestand of map): het schema van een casusbestand
    #[arg(
        value_name = "REGELING",
        required_unless_present = "uitvoer",
        conflicts_with = "uitvoer"
    )]
    ordinance: Option<PathBuf>,
    /// In plaats daarvan: het schema van de JSON-uitvoer van een opdracht (zoals in
    /// docs/schemas/)
    #[arg(long, value_enum, value_name = "SOORT")]
    uitvoer: Option<Uitvoer>,
}

/// A JSON output with a published schema (`docs/schemas/NAAM.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Uitvoer {
    /// `check --format json`
    Check,
    /// `eval --format json`
    Eval,
    /// een regel van `batch`
    Batch,
    /// een regel van `batch --compact`
    BatchCompact,
    /// een regel van `batch --velden …`
    BatchVelden,
    /// `diff --format json`
    Diff,
    /// `diff --cases MAP --format json`
    DiffCasussen,
    /// `compare --format json`
    Compare,
    /// `test --format json`
    Test,
    /// `versies --format json`
    Versies,
    /// `dekking --format json`
    Dekking,
    /// `besluit --format json`
    Besluit,
}

impl Uitvoer {
    pub const ALL: &'static [Uitvoer] = &[
        Uitvoer::Check,
        Uitvoer::Eval,
        Uitvoer::Batch,
        Uitvoer::BatchCompact,
        Uitvoer::BatchVelden,
        Uitvoer::Diff,
        Uitvoer::DiffCasussen,
        Uitvoer::Compare,
        Uitvoer::Test,
        Uitvoer::Versies,
        Uitvoer::Dekking,
        Uitvoer::Besluit,
    ];

    /// The name on the command line and of the file in docs/schemas/ (without `.json`).
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

    /// The command whose output the schema describes.
    fn command(self) -> &'static str {
        match self {
            Uitvoer::Check => "verordening check --format json",
            Uitvoer::Eval => "verordening eval --format json",
            Uitvoer::Batch => "verordening batch (one line)",
            Uitvoer::BatchCompact => "verordening batch --compact (one line)",
            Uitvoer::BatchVelden => "verordening batch --velden NAMEN (one line)",
            Uitvoer::Diff => "verordening diff --format json",
            Uitvoer::DiffCasussen => "verordening diff --cases MAP --format json",
            Uitvoer::Compare => "verordening compare --format json",
            Uitvoer::Test => "verordening test --format json",
            Uitvoer::Versies => "verordening versies --format json",
            Uitvoer::Dekking => "verordening dekking --format json",
            Uitvoer::Besluit => "verordening besluit --format json",
        }
    }
}

/// The schema of an output, from the type that writes it: draft 2020-12, describing what is
/// serialised (a field skipped when empty is optional, every other field required), and
/// strict: an object has no members beyond those of its type (`additionalProperties: false`),
/// so an output with a field the schema lacks does not validate.
pub fn output_schema(u: Uitvoer) -> Value {
    use crate::cli::batch::{BatchRegel, SelectedReport};
    use verordening_core::eval::report::CompactReport;
    fn of<T: JsonSchema>() -> Schema {
        SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<T>()
    }
    let schema = match u {
        Uitvoer::Check => of::<verordening_core::diagnostics::Controle<'static>>(),
        Uitvoer::Eval => of::<verordening_core::eval::report::EvalRapport>(),
        Uitvoer::Batch => of::<BatchRegel<'static, &'static CompactReport<'static>>>(),
        Uitvoer::BatchCompact | Uitvoer::BatchVelden => {
            of::<BatchRegel<'static, SelectedReport<'static>>>()
        }
        Uitvoer::Diff => of::<super::diff::DiffUitvoer<'static>>(),
        Uitvoer::DiffCasussen => of::<super::diff::DiffCasussenUitvoer<'static>>(),
        Uitvoer::Compare => of::<super::compare::CompareUitvoer<'static>>(),
        Uitvoer::Test => of::<super::test::TestUitvoer>(),
        Uitvoer::Versies => of::<Vec<verordening_core::eval::load::VersieRegel>>(),
        Uitvoer::Dekking => of::<super::dekking::DekkingUitvoer>(),
        Uitvoer::Besluit => of::<verordening_core::besluit::Besluit>(),
    };
    let mut schema = schema.to_value();
    if u == Uitvoer::BatchCompact {
        // `--compact` is `--velden uitkomst,waarden`: only those members (and `naam`).
        let keep: Vec<String> = super::batch::COMPACT
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_string())
            .collect();
        if let Some(Value::Object(props)) = schema.pointer_mut("/$defs/SelectedOutcome/properties")
        {
            props.retain(|k, _| keep.contains(k));
        }
    }
    strict(&mut schema);
    // `$schema` and the title first, for the reader of the file.
    let mut out = serde_json::Map::new();
    if let Value::Object(mut obj) = schema {
        out.extend(obj.remove("$schema").map(|v| ("$schema".to_string(), v)));
        obj.remove("title");
        out.insert("title".into(), Value::String(u.command().to_string()));
        out.extend(obj);
    }
    Value::Object(out)
}

/// Every object schema with named members admits no others.
fn strict(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if obj.contains_key("properties")
                && !obj.contains_key("additionalProperties")
                && !obj.contains_key("unevaluatedProperties")
            {
                obj.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (k, child) in obj.iter_mut() {
                // A member named `properties` is a map of names, not a schema; its values are.
                if k == "properties" || k == "$defs" {
                    if let Value::Object(m) = child {
                        m.values_mut().for_each(strict);
                    }
                } else {
                    strict(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// The schema as the file in docs/schemas/ holds it: indented, with a final newline.
pub fn output_schema_text(u: Uitvoer) -> String {
    let mut text = serde_json::to_string_pretty(&output_schema(u)).unwrap_or_default();
    text.push('\n');
    text
}

pub fn run(args: Args) -> Exit {
    if let Some(u) = args.uitvoer {
        out!("{}", output_schema_text(u));
        return Exit::Clean;
    }
    let Some(ordinance) = args.ordinance else {
        errln!("fout: noem een regeling, of kies met --uitvoer de uitvoer van een opdracht");
        return Exit::Usage;
    };
    let loaded = match load_for_date(&ordinance, None) {
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
