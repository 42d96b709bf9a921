//! `verordening batch REGELING CASUSSEN.jsonl`: many cases, one JSON object per line in and
//! one per line out, in constant memory (a line is read, evaluated and written before the
//! next is read). The regulation is loaded once; each case is evaluated against the version in
//! force on its own peildatum.
//!
//! A line that is not a valid case gives a line with `fouten` and the batch goes on; the exit
//! code is then 1. A closed output (`| head`) ends the batch quietly.

use super::eval::load_failure;
use super::Exit;
use std::io::{BufRead, BufReader, BufWriter, ErrorKind, IsTerminal, Read, Write};
use std::path::PathBuf;
use verordening_core::eval::batch::{BatchEngine, InputLine, VersionChoice};
use verordening_core::eval::load::{LoadError, Versions};

pub use verordening_core::eval::batch::{BatchRegel, SelectedReport, Summary};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De regeling: een bestand, of een map met versies (per casus de versie die op haar
    /// peildatum geldt)
    #[arg(value_name = "REGELING")]
    pub(super) ordinance: PathBuf,
    /// Casussen als JSON Lines: één casus (`peildatum`, `feiten`, `oordelen`, en eventueel
    /// `id`) per regel; `-` leest van stdin
    #[arg(value_name = "CASUSSEN")]
    pub(super) cases: PathBuf,
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
    /// Beoordeel met zoveel taken tegelijk (standaard: het aantal kernen); de uitvoer staat
    /// altijd in de volgorde van de invoer
    #[arg(long, value_name = "N")]
    taken: Option<std::num::NonZeroUsize>,
    /// Schrijf naar dit bestand (anders naar stdout); `.parquet` en `.arrow` kiezen die vorm
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    pub(super) uit: Option<PathBuf>,
    /// De vorm van de uitvoer: jsonl, parquet of arrow (standaard: naar de extensie van --uit,
    /// anders de vorm van de invoer); parquet en arrow alleen bij casussen in parquet of arrow
    #[arg(long, value_enum, value_name = "FORMAAT")]
    format: Option<Vorm>,
}

/// The form of a batch's input (by the file's extension) and output (`--format`, `--uit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Vorm {
    /// JSON Lines: één casus per regel
    Jsonl,
    /// Apache Parquet, met getypeerde kolommen
    Parquet,
    /// Apache Arrow IPC (bestandsvorm), met getypeerde kolommen
    Arrow,
}

impl Vorm {
    /// The form a file's extension names (`.parquet`, `.arrow`/`.ipc`/`.feather`), else JSON
    /// Lines.
    pub fn of(path: &std::path::Path) -> Vorm {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("parquet") => Vorm::Parquet,
            Some("arrow" | "ipc" | "feather") => Vorm::Arrow,
            _ => Vorm::Jsonl,
        }
    }
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
    Gekozen,
}

/// The fields `--compact` keeps.
pub const COMPACT: &[Veld] = &[Veld::Naam, Veld::Uitkomst, Veld::Waarden];

impl From<Veld> for verordening_core::eval::batch::Veld {
    fn from(v: Veld) -> Self {
        use verordening_core::eval::batch::Veld as V;
        match v {
            Veld::Naam => V::Naam,
            Veld::Uitkomst => V::Uitkomst,
            Veld::Grond => V::Grond,
            Veld::Waarden => V::Waarden,
            Veld::OnbekendeWaarden => V::OnbekendeWaarden,
            Veld::Ontbreekt => V::Ontbreekt,
            Veld::KanWeigeren => V::KanWeigeren,
            Veld::KanBeeindigen => V::KanBeeindigen,
            Veld::KanMogelijkWeigeren => V::KanMogelijkWeigeren,
            Veld::KanMogelijkBeeindigen => V::KanMogelijkBeeindigen,
            Veld::Uitleg => V::Uitleg,
            Veld::Gekozen => V::Gekozen,
        }
    }
}

/// What a batch keeps between lines: the versions (each lowered on first use, with its
/// evaluator) and the engine that turns a line into its answer line (eval::batch).
pub struct Batch {
    pub(super) choice: VersionChoice,
    engine: BatchEngine,
    /// The answer of the line at hand (reused).
    buffer: Vec<u8>,
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
    let invoer = Vorm::of(&args.cases);
    let uitvoer = args
        .format
        .or_else(|| args.uit.as_deref().map(Vorm::of))
        .unwrap_or(invoer);
    match (invoer, uitvoer) {
        (Vorm::Jsonl, Vorm::Jsonl) => {}
        (Vorm::Jsonl, _) | (_, Vorm::Jsonl) => {
            errln!(
                "fout: parquet- en arrow-uitvoer gaan samen met casussen in parquet of arrow, JSON Lines met JSON Lines"
            );
            return Exit::Usage;
        }
        #[cfg(feature = "kolommen")]
        (_, uit) => return super::batch_kolommen::run(&args, invoer, uit),
        // A build without the `kolommen` feature (the fuzz targets') reads JSON Lines only.
        #[cfg(not(feature = "kolommen"))]
        (_, _) => {
            errln!("fout: deze build van verordening leest en schrijft geen parquet of arrow");
            return Exit::Usage;
        }
    }
    if let Some(uit) = &args.uit {
        let file = match std::fs::File::create(uit) {
            Ok(f) => f,
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden geschreven: {}",
                    uit.display(),
                    verordening_core::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        };
        return run_jsonl(&args, BufWriter::new(file));
    }
    run_jsonl(&args, BufWriter::new(std::io::stdout().lock()))
}

fn run_jsonl(args: &Args, mut out: impl Write) -> Exit {
    let input: Box<dyn BufRead> = if args.cases.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        match std::fs::File::open(&args.cases) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    args.cases.display(),
                    verordening_core::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        }
    };
    let versions = match Versions::open(&args.ordinance) {
        Ok(v) => v,
        Err(e) => return load_failure(e),
    };
    let fields: Option<Vec<verordening_core::eval::batch::Veld>> = if args.compact {
        Some(COMPACT.iter().map(|&v| v.into()).collect())
    } else if !args.velden.is_empty() {
        Some(args.velden.iter().map(|&v| v.into()).collect())
    } else {
        None
    };
    let mut batch = Batch::new(versions, fields.as_deref());
    if std::io::stderr().is_terminal() {
        batch.progress = Some(Progress::new());
    }
    let taken = args
        .taken
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, std::num::NonZeroUsize::get);
    let result = if taken <= 1 {
        batch.run_lines(input, &mut out)
    } else {
        let ordinance = args.ordinance.clone();
        // Each task loads the versions itself: an evaluator is not shared between threads
        // (its scratch space is per case), and loading is a few milliseconds.
        let make = move || Ok(Batch::new(Versions::open(&ordinance)?, fields.as_deref()));
        batch.run_parallel(taken, make, input, &mut out)
    };
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
        Ok(summary) => finished(summary),
        Err(Stop::Read(e, after)) => {
            errln!(
                "fout: `{}` kan niet verder worden gelezen (na regel {after}): {}",
                args.cases.display(),
                verordening_core::project::io_reason(&e)
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
    /// A batch that writes these fields per voorziening (`naam` always); None: all.
    pub fn new(
        versions: Versions,
        fields: Option<&[verordening_core::eval::batch::Veld]>,
    ) -> Batch {
        Batch {
            choice: VersionChoice::new(versions),
            engine: BatchEngine::new(fields),
            buffer: Vec::new(),
            progress: None,
        }
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
            self.input_line(number, line, out, &mut summary)?;
            if let Some(p) = &mut self.progress {
                p.tick(summary);
            }
        }
        Ok(summary)
    }

    /// One line of input: its report or its errors written as one line of output (nothing
    /// for a blank line), counted in `summary`.
    fn input_line(
        &mut self,
        number: usize,
        line: InputLine<'_>,
        out: &mut impl Write,
        summary: &mut Summary,
    ) -> Result<(), Stop> {
        self.buffer.clear();
        let before = self.engine.summary;
        let result = self
            .engine
            .line(&mut self.choice, number, line, &mut self.buffer);
        let after = self.engine.summary;
        summary.evaluated += after.evaluated - before.evaluated;
        summary.refused += after.refused - before.refused;
        result.map_err(Stop::Regulation)?;
        out.write_all(&self.buffer)
            .map_err(|e| Stop::Write(e, *summary))
    }

    /// [`Batch::run_lines`] on `taken` threads: this thread reads the input in chunks of
    /// lines and hands them out, each task (with its own evaluators, from `make`) writes a
    /// chunk's output into a buffer, and this thread writes the buffers in the order of the
    /// input. At most [`IN_FLIGHT_PER_TASK`] chunks per task are read and not yet written,
    /// so memory stays bounded whatever the size of the input; the output is byte for byte
    /// that of `run_lines`.
    pub fn run_parallel<F>(
        &mut self,
        taken: usize,
        make: F,
        input: impl BufRead,
        out: &mut impl Write,
    ) -> Result<Summary, Stop>
    where
        F: Fn() -> Result<Batch, LoadError> + Sync,
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::mpsc;
        use std::sync::{Arc, Mutex};

        let limit = taken.saturating_mul(IN_FLIGHT_PER_TASK).max(2);
        let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(limit);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let stopped = AtomicBool::new(false);
        std::thread::scope(|scope| {
            for _ in 0..taken {
                let (job_rx, done_tx, make, stopped) = (&job_rx, done_tx.clone(), &make, &stopped);
                scope.spawn(move || work(make, job_rx, done_tx, stopped));
            }
            drop(done_tx);
            let result = self.hand_out(limit, &job_tx, &done_rx, input, out);
            // Tell the tasks to stop (after an error nothing more is written) and let them
            // end: no more chunks will come.
            stopped.store(true, Ordering::Relaxed);
            drop(job_tx);
            result
        })
    }

    /// The reading and writing side of [`Batch::run_parallel`].
    fn hand_out(
        &mut self,
        limit: usize,
        jobs: &std::sync::mpsc::SyncSender<Chunk>,
        done: &std::sync::mpsc::Receiver<Done>,
        input: impl BufRead,
        out: &mut impl Write,
    ) -> Result<Summary, Stop> {
        let mut lines = Lines::new(input);
        let mut summary = Summary::default();
        let mut waiting: std::collections::BTreeMap<u64, Done> = Default::default();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut read_error: Option<std::io::Error> = None;
        let mut end = false;
        loop {
            // Read while fewer than `limit` chunks are on their way.
            while !end && sent - next < limit as u64 {
                let mut chunk = Chunk::new(sent);
                loop {
                    match lines.next() {
                        Ok(Some((number, line))) => chunk.push(number, line),
                        Ok(None) => {
                            end = true;
                            break;
                        }
                        Err(e) => {
                            read_error = Some(e);
                            end = true;
                            break;
                        }
                    }
                    if chunk.is_full() {
                        break;
                    }
                }
                if chunk.lines.is_empty() {
                    break;
                }
                if jobs.send(chunk).is_err() {
                    break;
                }
                sent += 1;
            }
            if next == sent {
                break;
            }
            // Write every chunk that is next in line.
            while let Some(d) = waiting.remove(&next) {
                out.write_all(&d.out).map_err(|e| Stop::Write(e, summary))?;
                summary.evaluated += d.summary.evaluated;
                summary.refused += d.summary.refused;
                next += 1;
                if let Some(stop) = d.stop {
                    return Err(match stop {
                        Stop::Write(e, _) => Stop::Write(e, summary),
                        other => other,
                    });
                }
                if let Some(p) = &mut self.progress {
                    p.tick(summary);
                }
            }
            if next == sent && end {
                break;
            }
            if next == sent {
                continue;
            }
            match done.recv() {
                Ok(d) => {
                    waiting.insert(d.seq, d);
                }
                // Every task has ended before its chunk was done: a task could not load the
                // versions (the first load succeeded, so the files changed), or it ended
                // unexpectedly.
                Err(_) => {
                    return Err(Stop::Write(
                        std::io::Error::other("een taak van de batch is onverwacht gestopt"),
                        summary,
                    ))
                }
            }
        }
        match read_error {
            Some(e) => Err(Stop::Read(e, lines.number)),
            None => Ok(summary),
        }
    }
}

/// How many chunks per task may be read and not yet written.
const IN_FLIGHT_PER_TASK: usize = 4;
/// A chunk ends after this many lines, or once it holds this many bytes.
const CHUNK_LINES: usize = 64;
const CHUNK_BYTES: usize = 256 * 1024;

/// Lines of input handed to a task, with their numbers: the bytes of the valid lines one after
/// another, and per line where it is (or why it is not a case).
struct Chunk {
    seq: u64,
    data: String,
    lines: Vec<(usize, ChunkLine)>,
}

enum ChunkLine {
    Text(std::ops::Range<usize>),
    NotUtf8,
    TooLong { max: usize },
}

impl Chunk {
    fn new(seq: u64) -> Chunk {
        Chunk {
            seq,
            data: String::new(),
            lines: Vec::new(),
        }
    }

    fn push(&mut self, number: usize, line: InputLine<'_>) {
        let entry = match line {
            InputLine::Text(t) => {
                let start = self.data.len();
                self.data.push_str(t);
                ChunkLine::Text(start..self.data.len())
            }
            InputLine::NotUtf8 => ChunkLine::NotUtf8,
            InputLine::TooLong { max } => ChunkLine::TooLong { max },
        };
        self.lines.push((number, entry));
    }

    fn is_full(&self) -> bool {
        self.lines.len() >= CHUNK_LINES || self.data.len() >= CHUNK_BYTES
    }
}

/// A chunk's output: its lines, what they counted, and why the batch stops after them.
struct Done {
    seq: u64,
    out: Vec<u8>,
    summary: Summary,
    stop: Option<Stop>,
}

/// A task of [`Batch::run_parallel`]: evaluate chunks until there are none.
fn work<F>(
    make: &F,
    jobs: &std::sync::Mutex<std::sync::mpsc::Receiver<Chunk>>,
    done: std::sync::mpsc::Sender<Done>,
    stopped: &std::sync::atomic::AtomicBool,
) where
    F: Fn() -> Result<Batch, LoadError>,
{
    let mut batch = match make() {
        Ok(b) => Some(b),
        Err(e) => {
            // Report the failure with the first chunk this task takes.
            let chunk = match jobs.lock() {
                Ok(rx) => rx.recv().ok(),
                Err(_) => None,
            };
            if let Some(c) = chunk {
                let _ = done.send(Done {
                    seq: c.seq,
                    out: Vec::new(),
                    summary: Summary::default(),
                    stop: Some(Stop::Regulation(e)),
                });
            }
            None
        }
    };
    let Some(batch) = batch.as_mut() else {
        return;
    };
    loop {
        if stopped.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let chunk = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = chunk else {
            return;
        };
        let mut result = Done {
            seq: chunk.seq,
            out: Vec::with_capacity(chunk.data.len() * 4),
            summary: Summary::default(),
            stop: None,
        };
        for (number, entry) in &chunk.lines {
            let line = match entry {
                ChunkLine::Text(r) => InputLine::Text(chunk.data.get(r.clone()).unwrap_or("")),
                ChunkLine::NotUtf8 => InputLine::NotUtf8,
                ChunkLine::TooLong { max } => InputLine::TooLong { max: *max },
            };
            if let Err(stop) = batch.input_line(*number, line, &mut result.out, &mut result.summary)
            {
                result.stop = Some(stop);
                break;
            }
        }
        if done.send(result).is_err() {
            return;
        }
    }
}

/// The summary line of a batch that went to the end, and its exit code.
pub(super) fn finished(Summary { evaluated, refused }: Summary) -> Exit {
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
const MAX_LINE: usize = verordening_core::syntax::MAX_SOURCE_LEN;

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
            return Ok(Some((self.number, InputLine::TooLong { max: MAX_LINE })));
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
