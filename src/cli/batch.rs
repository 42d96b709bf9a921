//! `verordening batch REGELING CASUSSEN.jsonl`: many cases, one JSON object per line in and
//! one per line out, in constant memory (a line is read, evaluated and written before the
//! next is read). The regulation is loaded once; each case is evaluated against the version in
//! force on its own peildatum.
//!
//! A line that is not a valid case gives a line with `fouten` and the batch goes on; the exit
//! code is then 1. A closed output (`| head`) ends the batch quietly.

use super::eval::load_failure;
use super::Exit;
use crate::diagnostics::FileId;
use crate::eval::case::CaseReader;
use crate::eval::load::{LoadError, Versions};
use crate::eval::lower::Lowered;
use crate::eval::report::{compact_report, CompactReport};
use crate::eval::{Evaluator, Outcome};
use crate::syntax::parse_date;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, ErrorKind, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling: een bestand, of een map met versies (per casus de versie die op haar
    /// peildatum geldt)
    #[arg(value_name = "REGELING")]
    ordinance: PathBuf,
    /// Casussen als JSON Lines: één casus (`peildatum`, `feiten`, `oordelen`, en eventueel
    /// `id`) per regel; `-` leest van stdin
    #[arg(value_name = "CASUSSEN")]
    cases: PathBuf,
}

/// One line of output: the case's number and id with its report.
#[derive(serde::Serialize)]
struct Line<'a> {
    regel: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(flatten)]
    report: &'a CompactReport<'a>,
}

enum Failure {
    /// The line is not a valid case: the messages.
    Case(Vec<Value>),
    /// The regulation in force cannot be evaluated: the batch stops.
    Regulation(LoadError),
    /// The output cannot be written.
    Write(std::io::Error),
}

/// What a batch keeps between lines: the versions, an evaluator per version used so far, and
/// the outcome buffers (reused, so a line allocates little).
struct Batch {
    versions: Versions,
    evaluators: HashMap<usize, Evaluator<'static>>,
    outcomes: Vec<Outcome>,
}

pub fn run(args: Args) -> Exit {
    let input: Box<dyn BufRead> = if args.cases.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        match std::fs::File::open(&args.cases) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    args.cases.display(),
                    crate::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        }
    };
    let versions = match Versions::open(&args.ordinance) {
        Ok(v) => v,
        Err(e) => return load_failure(e),
    };
    let mut batch = Batch {
        versions,
        evaluators: HashMap::new(),
        outcomes: Vec::new(),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut exit = Exit::Clean;
    for (n, line) in input.lines().enumerate() {
        let number = n + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet verder worden gelezen (regel {number}): {}",
                    args.cases.display(),
                    crate::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let written = match batch.line(&line, number, &mut out) {
            Ok(()) => Ok(()),
            Err(Failure::Case(fouten)) => {
                exit = Exit::Findings;
                serde_json::to_writer(&mut out, &json!({ "regel": number, "fouten": fouten }))
                    .map_err(std::io::Error::from)
            }
            Err(Failure::Regulation(e)) => return load_failure(e),
            Err(Failure::Write(e)) => Err(e),
        };
        if let Err(e) = written.and_then(|()| out.write_all(b"\n")) {
            return write_failure(&e, exit);
        }
    }
    match out.flush() {
        Ok(()) => exit,
        Err(e) => write_failure(&e, exit),
    }
}

fn write_failure(e: &std::io::Error, exit: Exit) -> Exit {
    if e.kind() == ErrorKind::BrokenPipe {
        return exit;
    }
    errln!(
        "fout: de uitvoer kan niet worden geschreven: {}",
        super::console::write_reason(e)
    );
    Exit::Usage
}

impl Batch {
    /// Evaluate one line and write its report (without the newline).
    fn line(&mut self, line: &str, number: usize, out: &mut impl Write) -> Result<(), Failure> {
        let message = |m: String| Failure::Case(vec![json!({ "bericht": m })]);
        let tree: Value =
            serde_json::from_str(line).map_err(|e| message(format!("geen geldige JSON: {e}")))?;
        let Some(obj) = tree.as_object() else {
            return Err(message(
                "een casus is een object met `peildatum`, `feiten` en `oordelen`".into(),
            ));
        };
        let date = obj
            .get("peildatum")
            .and_then(|v| v.as_str())
            .and_then(parse_date);
        let index = self.versions.pick(date).map_err(|e| match e {
            LoadError::NoVersion(m) => message(m),
            e => Failure::Regulation(e),
        })?;
        if !self.evaluators.contains_key(&index) {
            let lowered: Lowered = self.versions.lower(index).map_err(Failure::Regulation)?;
            // A version's program lives as long as the command: it is kept, not freed, so
            // that its evaluator (which borrows it) can be kept with it.
            let program: &'static _ = Box::leak(Box::new(lowered.program));
            self.evaluators.insert(index, Evaluator::new(program));
        }
        let Some(evaluator) = self.evaluators.get(&index) else {
            return Err(message("interne fout bij het laden".into()));
        };
        let program = evaluator.program;
        let mut reader = CaseReader::new(program, FileId(u32::MAX), line);
        let Some((case, peildatum)) = reader.read(obj, &["id"]) else {
            let fouten = reader
                .diags
                .iter()
                .map(|d| json!({ "code": d.code.as_str(), "bericht": d.message, "hulp": d.help }))
                .collect();
            return Err(Failure::Case(fouten));
        };
        evaluator.all_into(&case, &mut self.outcomes);
        let report = compact_report(program, peildatum, &self.outcomes);
        let line = Line {
            regel: number,
            id: obj.get("id"),
            report: &report,
        };
        serde_json::to_writer(out, &line).map_err(|e| Failure::Write(e.into()))
    }
}
