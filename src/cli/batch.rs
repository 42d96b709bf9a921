//! `verordening batch REGELING CASUSSEN.jsonl`: many cases, one JSON object per line in and
//! one per line out, in constant memory (a line is read, evaluated and written before the
//! next is read). The regulation is loaded once; each case is evaluated against the version in
//! force on its own peildatum.
//!
//! A line that is not a valid case gives a line with `fouten` and the batch goes on; the exit
//! code is then 1. A closed output (`| head`) ends the batch quietly.

use super::eval::load_failure;
use super::Exit;
use crate::eval::batch::{evaluate_line, failure_line, BatchVersions, LineFailure};
use crate::eval::load::{LoadError, Versions};
use crate::eval::lower::Lowered;
use crate::eval::report::{CompactOutcome, CompactReport};
use crate::eval::{Evaluator, Outcome};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, ErrorKind, IsTerminal, Read, Write};
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
    /// Schrijf per voorziening alleen deze velden (met komma's gescheiden); `naam` staat er
    /// altijd in
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "NAMEN",
        conflicts_with = "compact"
    )]
    velden: Vec<Veld>,
    /// Kort: per voorziening alleen `naam`, `uitkomst` en `waarden` (als --velden uitkomst,waarden)
    #[arg(long)]
    compact: bool,
}

/// A field of a voorziening in a batch line (see `CompactOutcome`), for `--velden`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Veld {
    Naam,
    Uitkomst,
    Grond,
    Waarden,
    #[value(name = "onbekende_waarden")]
    OnbekendeWaarden,
    Ontbreekt,
    #[value(name = "kan_weigeren")]
    KanWeigeren,
    #[value(name = "kan_beeindigen")]
    KanBeeindigen,
    #[value(name = "kan_mogelijk_weigeren")]
    KanMogelijkWeigeren,
    #[value(name = "kan_mogelijk_beeindigen")]
    KanMogelijkBeeindigen,
    Uitleg,
}

/// The fields `--compact` keeps.
pub const COMPACT: &[Veld] = &[Veld::Naam, Veld::Uitkomst, Veld::Waarden];

/// A report with, per voorziening, only the chosen fields (all of them without a choice).
struct Selected<'a> {
    report: &'a CompactReport<'a>,
    fields: Option<&'a [Veld]>,
}

impl serde::Serialize for Selected<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(fields) = self.fields else {
            return self.report.serialize(s);
        };
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("peildatum", &self.report.peildatum)?;
        map.serialize_entry("geldig_vanaf", &self.report.geldig_vanaf)?;
        let voorzieningen: Vec<SelectedOutcome<'_>> = self
            .report
            .voorzieningen
            .iter()
            .map(|outcome| SelectedOutcome { outcome, fields })
            .collect();
        map.serialize_entry("voorzieningen", &voorzieningen)?;
        map.end()
    }
}

struct SelectedOutcome<'a> {
    outcome: &'a CompactOutcome<'a>,
    fields: &'a [Veld],
}

impl serde::Serialize for SelectedOutcome<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let o = self.outcome;
        let has = |f: Veld| self.fields.contains(&f);
        let mut map = s.serialize_map(None)?;
        // In the order of the full line; the name always; `waarden` and the lists only when
        // not empty (a short line is what the choice is for).
        map.serialize_entry("naam", o.naam)?;
        if has(Veld::Uitkomst) {
            map.serialize_entry("uitkomst", o.uitkomst)?;
        }
        if has(Veld::Grond) {
            map.serialize_entry("grond", &o.grond)?;
        }
        if has(Veld::Waarden) && !o.waarden.0.is_empty() {
            map.serialize_entry("waarden", &o.waarden)?;
        }
        let lists = [
            (
                Veld::OnbekendeWaarden,
                "onbekende_waarden",
                &o.onbekende_waarden,
            ),
            (Veld::Ontbreekt, "ontbreekt", &o.ontbreekt),
            (Veld::KanWeigeren, "kan_weigeren", &o.kan_weigeren),
            (Veld::KanBeeindigen, "kan_beeindigen", &o.kan_beeindigen),
            (
                Veld::KanMogelijkWeigeren,
                "kan_mogelijk_weigeren",
                &o.kan_mogelijk_weigeren,
            ),
            (
                Veld::KanMogelijkBeeindigen,
                "kan_mogelijk_beeindigen",
                &o.kan_mogelijk_beeindigen,
            ),
        ];
        for (field, key, list) in lists {
            if has(field) && !list.is_empty() {
                map.serialize_entry(key, list)?;
            }
        }
        if has(Veld::Uitleg) {
            map.serialize_entry("uitleg", &o.uitleg)?;
        }
        map.end()
    }
}

enum Failure {
    /// The line is not a valid case: the messages.
    Case(Vec<Value>),
    /// The regulation in force cannot be evaluated: the batch stops.
    Regulation(LoadError),
    /// The output cannot be written (what was done until then).
    Write(std::io::Error),
}

/// What a batch keeps between lines: the versions, an evaluator per version used so far, and
/// the outcome buffers (reused, so a line allocates little).
pub struct Batch {
    versions: Loaded,
    outcomes: Vec<Outcome>,
    /// The fields written per voorziening; None: all.
    fields: Option<Vec<Veld>>,
    /// The progress line on stderr (only when stderr is a terminal).
    progress: Option<Progress>,
}

/// The progress line: cases done, the rate and the refused lines, redrawn at most every
/// [`Progress::EVERY`] so that a fast batch does not spend its time on the terminal.
pub struct Progress {
    start: std::time::Instant,
    last: std::time::Instant,
    shown: bool,
}

impl Progress {
    pub const EVERY: std::time::Duration = std::time::Duration::from_millis(500);

    pub fn new() -> Progress {
        let now = std::time::Instant::now();
        Progress {
            start: now,
            last: now,
            shown: false,
        }
    }

    /// After a line: redraw when the last drawing is older than [`Progress::EVERY`].
    fn tick(&mut self, summary: Summary) {
        let now = std::time::Instant::now();
        if now.duration_since(self.last) < Self::EVERY {
            return;
        }
        self.last = now;
        self.shown = true;
        err!(
            "\r\x1b[2K{}",
            progress_line(summary, now.duration_since(self.start))
        );
    }

    /// Wipe the line before the summary is written.
    fn clear(&mut self) {
        if self.shown {
            err!("\r\x1b[2K");
            self.shown = false;
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

/// "12 345 casussen beoordeeld (4 115 per seconde), 2 regels met fouten".
pub fn progress_line(summary: Summary, elapsed: std::time::Duration) -> String {
    let done = summary.evaluated + summary.refused;
    let millis = elapsed.as_millis().max(1);
    let rate = (done as u128 * 1000) / millis;
    format!(
        "{} {} beoordeeld ({} per seconde), {} {} met fouten",
        grouped(summary.evaluated as u128),
        if summary.evaluated == 1 {
            "casus"
        } else {
            "casussen"
        },
        grouped(rate),
        grouped(summary.refused as u128),
        if summary.refused == 1 {
            "regel"
        } else {
            "regels"
        }
    )
}

/// A count with a space between thousands, as Dutch text writes it ("199 999").
fn grouped(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// How many lines a batch evaluated and how many it refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub evaluated: usize,
    pub refused: usize,
}

/// Why a batch stopped before the end of its input.
pub enum Stop {
    /// The input could not be read further (after this many lines).
    Read(std::io::Error, usize),
    /// The version in force cannot be evaluated.
    Regulation(LoadError),
    /// The output cannot be written (what was done until then).
    Write(std::io::Error, Summary),
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
    let mut batch = Batch::new(versions);
    if args.compact {
        batch.fields = Some(COMPACT.to_vec());
    } else if !args.velden.is_empty() {
        batch.fields = Some(args.velden.clone());
    }
    if std::io::stderr().is_terminal() {
        batch.progress = Some(Progress::new());
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let result = batch.run_lines(input, &mut out);
    // Whatever ended the batch, its messages start on a line of their own.
    if let Some(p) = &mut batch.progress {
        p.clear();
    }
    let result = result.and_then(|summary| {
        out.flush()
            .map(|()| summary)
            .map_err(|e| Stop::Write(e, summary))
    });
    match result {
        Ok(Summary { evaluated, refused }) => {
            errln!(
                "{} {} beoordeeld, {} {} met fouten",
                grouped(evaluated as u128),
                if evaluated == 1 { "casus" } else { "casussen" },
                grouped(refused as u128),
                if refused == 1 { "regel" } else { "regels" }
            );
            if refused > 0 {
                Exit::Findings
            } else {
                Exit::Clean
            }
        }
        Err(Stop::Read(e, after)) => {
            errln!(
                "fout: `{}` kan niet verder worden gelezen (na regel {after}): {}",
                args.cases.display(),
                crate::project::io_reason(&e)
            );
            Exit::Usage
        }
        Err(Stop::Regulation(e)) => load_failure(e),
        Err(Stop::Write(e, summary)) => write_failure(
            &e,
            if summary.refused > 0 {
                Exit::Findings
            } else {
                Exit::Clean
            },
        ),
    }
}

impl Batch {
    pub fn new(versions: Versions) -> Batch {
        Batch {
            versions: Loaded {
                versions,
                evaluators: HashMap::new(),
                bewijzen: HashMap::new(),
            },
            outcomes: Vec::new(),
            fields: None,
            progress: None,
        }
    }

    /// Write only these fields per voorziening (`naam` always); all of them by default.
    pub fn with_fields(mut self, fields: &[Veld]) -> Batch {
        self.fields = Some(fields.to_vec());
        self
    }

    /// Evaluate every line of `input` and write a line of output for each: the report, or
    /// the line's errors. A bad line (not JSON, not UTF-8, too long, not a valid case) is
    /// reported and the batch goes on.
    pub fn run_lines(
        &mut self,
        input: impl BufRead,
        out: &mut impl Write,
    ) -> Result<Summary, Stop> {
        let mut lines = Lines::new(input);
        let mut summary = Summary::default();
        loop {
            let (number, line) = match lines.next() {
                Ok(Some(l)) => l,
                Ok(None) => break,
                Err(e) => return Err(Stop::Read(e, lines.number)),
            };
            let result = match line {
                InputLine::Text(text) if text.trim().is_empty() => continue,
                InputLine::Text(text) => self.line(text, number, out),
                InputLine::NotUtf8 => Err(Failure::Case(vec![json!({
                    "bericht": "deze regel is geen UTF-8-tekst"
                })])),
                InputLine::TooLong => Err(Failure::Case(vec![json!({
                    "bericht": format!(
                        "deze regel is langer dan {} MiB en is overgeslagen",
                        MAX_LINE / (1024 * 1024)
                    )
                })])),
            };
            let written = match result {
                Ok(()) => {
                    summary.evaluated += 1;
                    Ok(())
                }
                Err(Failure::Case(fouten)) => {
                    summary.refused += 1;
                    serde_json::to_writer(&mut *out, &failure_line(number, &fouten))
                        .map_err(std::io::Error::from)
                }
                Err(Failure::Regulation(e)) => return Err(Stop::Regulation(e)),
                Err(Failure::Write(e)) => Err(e),
            };
            written
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|e| Stop::Write(e, summary))?;
            if let Some(p) = &mut self.progress {
                p.tick(summary);
            }
        }
        Ok(summary)
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

/// The longest line a batch reads; a longer one is skipped (and reported), so one broken
/// export line cannot take the memory of the whole machine.
const MAX_LINE: usize = crate::syntax::MAX_SOURCE_LEN;

enum InputLine<'b> {
    Text(&'b str),
    NotUtf8,
    TooLong,
}

/// Lines of bytes: a line that is not UTF-8, or too long, is one bad line, not the end of the
/// batch (`BufRead::lines` stops at the first invalid byte).
struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Lines {
            input,
            buffer: Vec::new(),
            number: 0,
        }
    }

    fn next(&mut self) -> std::io::Result<Option<(usize, InputLine<'_>)>> {
        self.buffer.clear();
        let limit = MAX_LINE as u64 + 1;
        let n = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buffer)?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        if self.buffer.last() != Some(&b'\n') && n as u64 == limit {
            // Skip the rest of the line without keeping it.
            loop {
                let chunk = self.input.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.input.consume(i + 1);
                        break;
                    }
                    None => {
                        let len = chunk.len();
                        self.input.consume(len);
                    }
                }
            }
            return Ok(Some((self.number, InputLine::TooLong)));
        }
        let mut bytes = self.buffer.as_slice();
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        Ok(Some((
            self.number,
            match std::str::from_utf8(bytes) {
                Ok(t) => InputLine::Text(t),
                Err(_) => InputLine::NotUtf8,
            },
        )))
    }
}

/// The versions of the regulation, each checked and lowered when a case first needs it.
struct Loaded {
    versions: Versions,
    evaluators: HashMap<usize, Evaluator<'static>>,
    /// Per evaluated document, its receipt without the case's own dates (hashed once).
    bewijzen: HashMap<usize, crate::eval::tijd::Ontvangstbewijs>,
}

impl BatchVersions for Loaded {
    type Error = LoadError;

    fn choose(
        &mut self,
        date: Option<chrono::NaiveDate>,
        aanvraag: Option<chrono::NaiveDate>,
    ) -> Result<(&Evaluator<'_>, crate::eval::tijd::Ontvangstbewijs), LineFailure<LoadError>> {
        let message = |m: String| LineFailure::Case(vec![json!({ "bericht": m })]);
        let keuze = self.versions.kies(date, aanvraag).map_err(|e| match e {
            LoadError::NoVersion(m) => message(m),
            e => LineFailure::Other(e),
        })?;
        let index = keuze.index;
        if !self.bewijzen.contains_key(&index) {
            let b = crate::eval::tijd::ontvangstbewijs(&self.versions, &keuze, None, None, None);
            self.bewijzen.insert(index, b);
        }
        let mut bewijs = self
            .bewijzen
            .get(&index)
            .cloned()
            .ok_or_else(|| message("interne fout bij het laden".into()))?;
        bewijs.peildatum = date;
        bewijs.aanvraagdatum = aanvraag;
        bewijs.toetsingsdatum = keuze.toetsingsdatum;
        bewijs.toetsingsgrond = keuze.toetsingsgrond.to_string();
        if !self.evaluators.contains_key(&index) {
            let lowered: Lowered = self.versions.lower(index).map_err(LineFailure::Other)?;
            // A version's program lives as long as the command: it is kept, not freed, so
            // that its evaluator (which borrows it) can be kept with it.
            let program: &'static _ = Box::leak(Box::new(lowered.program));
            self.evaluators.insert(index, Evaluator::new(program));
        }
        match self.evaluators.get(&index) {
            Some(evaluator) => Ok((evaluator, bewijs)),
            None => Err(message("interne fout bij het laden".into())),
        }
    }
}

impl Batch {
    /// Evaluate one line and write its report (without the newline).
    fn line(&mut self, line: &str, number: usize, out: &mut impl Write) -> Result<(), Failure> {
        let fields = self.fields.as_deref();
        let written =
            evaluate_line(
                &mut self.versions,
                number,
                line,
                &mut self.outcomes,
                |l| match fields {
                    None => serde_json::to_writer(out, l),
                    Some(fields) => serde_json::to_writer(
                        out,
                        &l.with_report(Selected {
                            report: l.report,
                            fields: Some(fields),
                        }),
                    ),
                },
            );
        match written {
            Ok(w) => w.map_err(|e| Failure::Write(e.into())),
            Err(LineFailure::Case(fouten)) => Err(Failure::Case(fouten)),
            Err(LineFailure::Other(e)) => Err(Failure::Regulation(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1 000");
        assert_eq!(grouped(199_999), "199 999");
        assert_eq!(grouped(1_234_567), "1 234 567");
    }

    #[test]
    fn the_progress_line_gives_cases_rate_and_errors() {
        let summary = Summary {
            evaluated: 12_345,
            refused: 1,
        };
        assert_eq!(
            progress_line(summary, std::time::Duration::from_secs(3)),
            "12 345 casussen beoordeeld (4 115 per seconde), 1 regel met fouten"
        );
        // No division by zero at the very start.
        let one = Summary {
            evaluated: 1,
            refused: 0,
        };
        assert_eq!(
            progress_line(one, std::time::Duration::ZERO),
            "1 casus beoordeeld (1 000 per seconde), 0 regels met fouten"
        );
    }

    #[test]
    fn progress_is_redrawn_at_most_every_half_second() {
        let mut p = Progress::new();
        p.tick(Summary::default());
        assert!(!p.shown, "not before half a second has passed");
        p.last -= Progress::EVERY;
        p.tick(Summary::default());
        assert!(p.shown);
        p.clear();
        assert!(!p.shown);
    }
}
