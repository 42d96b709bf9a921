//! The batch engine: a case as one line of JSON in, its compact report with its receipt as one
//! line of JSON out, or a line with `fouten` for a line that is not a valid case; and the
//! counts for the summary. `verordening batch` (a file or stdin, on one task or many), the
//! server's `POST …/beoordelingen:batch` (a streamed body) and the Python package's
//! `beoordeel_batch` (which wants columns, not lines: [`BatchEngine::evaluate`]) all read,
//! choose the version and evaluate here, so a line is judged and written the same way by
//! each; they differ only in where the versions come from ([`BatchVersions`]) and where the
//! bytes go.

use super::case::{aanvraagdatum, read_document, CaseReader, Format};
use super::fastline;
use super::load::{LoadError, Versions};
use super::program::Program;
use super::report::{compact_report_with, CompactOutcome, CompactReport, Pairs};
use super::run::EvaluatorState;
use super::tijd::{ontvangstbewijs, Ontvangstbewijs};
use super::{Evaluator, Outcome};
use crate::diagnostics::FileId;
use crate::syntax::parse_date;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write as _;

// ------------------------------------------------------------------ what a line is

/// A field of a voorziening in a batch line (see [`CompactOutcome`]), for `--velden`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Veld {
    Naam,
    Uitkomst,
    Grond,
    Waarden,
    OnbekendeWaarden,
    Ontbreekt,
    KanWeigeren,
    KanBeeindigen,
    KanMogelijkWeigeren,
    KanMogelijkBeeindigen,
    Uitleg,
    Gekozen,
}

/// The fields `--compact` keeps.
pub const COMPACT: &[Veld] = &[Veld::Naam, Veld::Uitkomst, Veld::Waarden];

/// One line of output: a case's report, or why the line is not a case.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum BatchRegel<'a, R> {
    Beoordeeld(BatchLine<'a, R>),
    Fout(FoutRegel),
}

/// The line of a case that was evaluated: its number and id with its report (in full, or
/// with `--compact` and `--velden` the chosen fields) and its receipt.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Line")]
pub struct BatchLine<'a, R> {
    /// The line number in the input (from 1).
    pub regel: usize,
    /// The case's `id`, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a Value>,
    #[serde(flatten)]
    pub report: R,
    /// What governed the outcome and the files it rests on (docs/tijd.md).
    pub ontvangstbewijs: &'a Ontvangstbewijs,
}

/// The line of an input line that is not a valid case.
#[derive(Serialize, JsonSchema)]
pub struct FoutRegel {
    pub regel: usize,
    pub fouten: Vec<Fout>,
}

/// Why a line is not a valid case.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Fout {
    /// The diagnostic's code (`vo::casus`, …), where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub bericht: String,
    /// With a diagnostic of the case: its help (`null` if it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hulp: Option<Option<String>>,
}

impl Fout {
    /// A message without a code.
    pub fn bericht(bericht: impl Into<String>) -> Fout {
        Fout {
            code: None,
            bericht: bericht.into(),
            hulp: None,
        }
    }
}

/// A report with, per voorziening, only the chosen fields (`--compact`, `--velden`).
#[derive(Serialize, JsonSchema)]
pub struct SelectedReport<'a> {
    #[schemars(with = "chrono::NaiveDate")]
    pub peildatum: &'a str,
    #[schemars(with = "Option<chrono::NaiveDate>")]
    pub geldig_vanaf: &'a Option<String>,
    pub voorzieningen: Vec<SelectedOutcome<'a>>,
}

impl<'a> SelectedReport<'a> {
    pub fn new(report: &'a CompactReport<'a>, fields: &[Veld]) -> SelectedReport<'a> {
        SelectedReport {
            peildatum: &report.peildatum,
            geldig_vanaf: &report.geldig_vanaf,
            voorzieningen: report
                .voorzieningen
                .iter()
                .map(|o| SelectedOutcome::new(o, fields))
                .collect(),
        }
    }
}

/// A voorziening with only the chosen fields, in the order of the full line: the name
/// always; `waarden` and the lists only when not empty (a short line is what the choice is
/// for).
#[derive(Serialize, JsonSchema)]
pub struct SelectedOutcome<'a> {
    pub naam: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "crate::eval::Uitkomst")]
    pub uitkomst: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub grond: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Pairs<String, String>")]
    pub waarden: Option<&'a Pairs<&'a str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub onbekende_waarden: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub ontbreekt: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub kan_weigeren: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub kan_beeindigen: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub kan_mogelijk_weigeren: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub kan_mogelijk_beeindigen: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub uitleg: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Pairs<String, String>")]
    pub gekozen: Option<&'a Pairs<&'a str, String>>,
}

impl<'a> SelectedOutcome<'a> {
    fn new(o: &'a CompactOutcome<'a>, fields: &[Veld]) -> SelectedOutcome<'a> {
        let has = |f: Veld| fields.contains(&f);
        let list = |f: Veld, l: &'a Vec<&'a str>| (has(f) && !l.is_empty()).then_some(l.as_slice());
        SelectedOutcome {
            naam: o.naam,
            uitkomst: has(Veld::Uitkomst).then_some(o.uitkomst),
            grond: has(Veld::Grond).then_some(o.grond),
            waarden: (has(Veld::Waarden) && !o.waarden.0.is_empty()).then_some(&o.waarden),
            onbekende_waarden: list(Veld::OnbekendeWaarden, &o.onbekende_waarden),
            ontbreekt: list(Veld::Ontbreekt, &o.ontbreekt),
            kan_weigeren: list(Veld::KanWeigeren, &o.kan_weigeren),
            kan_beeindigen: list(Veld::KanBeeindigen, &o.kan_beeindigen),
            kan_mogelijk_weigeren: list(Veld::KanMogelijkWeigeren, &o.kan_mogelijk_weigeren),
            kan_mogelijk_beeindigen: list(Veld::KanMogelijkBeeindigen, &o.kan_mogelijk_beeindigen),
            uitleg: has(Veld::Uitleg).then_some(o.uitleg.as_slice()),
            gekozen: (has(Veld::Gekozen) && !o.gekozen.is_empty()).then_some(&o.gekozen),
        }
    }
}

/// How many lines a batch evaluated and how many it refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub evaluated: usize,
    pub refused: usize,
}

impl Summary {
    pub fn add(&mut self, other: Summary) {
        self.evaluated += other.evaluated;
        self.refused += other.refused;
    }
}

// ------------------------------------------------------------------ where versions come from

/// Why a line has no report.
#[derive(Debug)]
pub enum LineFailure<E> {
    /// The line is not a valid case: the messages for its `fouten`.
    Case(Vec<Fout>),
    /// Something beyond the line (the regulation in force cannot be evaluated): the batch
    /// stops.
    Other(E),
}

/// The version chosen for a case: its evaluator, its receipt with the case's dates filled
/// in, and a key that names it for as long as the versions live (with the same receipt apart
/// from the case's dates), under which the engine keeps what it derives from it once (the key
/// table of its inputs, the receipt's constant text); `None`: nothing is kept.
pub struct Chosen<'a> {
    pub evaluator: &'a Evaluator<'a>,
    pub ontvangstbewijs: &'a Ontvangstbewijs,
    pub key: Option<usize>,
}

/// The versions a batch judges by.
pub trait BatchVersions {
    type Error;

    /// Call `f` with the version that governs a case with this peildatum and aanvraagdatum.
    /// A case without such a version is refused with a message (`LineFailure::Case`).
    fn with_version<T>(
        &mut self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
        f: impl FnOnce(Chosen<'_>) -> T,
    ) -> Result<T, LineFailure<Self::Error>>;
}

/// The versions of a regeling read from disk, each lowered on first use and kept with its
/// evaluator's state and its receipt (hashed once): what `verordening batch` and the Python
/// package judge by.
pub struct VersionChoice {
    versions: Versions,
    kept: HashMap<usize, Kept>,
}

struct Kept {
    program: Program,
    state: Option<EvaluatorState>,
    /// The receipt without the case's own dates, filled in place per case.
    bewijs: Option<Ontvangstbewijs>,
}

impl VersionChoice {
    pub fn new(versions: Versions) -> VersionChoice {
        VersionChoice {
            versions,
            kept: HashMap::new(),
        }
    }

    pub fn versions(&self) -> &Versions {
        &self.versions
    }

    pub fn versions_mut(&mut self) -> &mut Versions {
        &mut self.versions
    }

    /// The program of document `index`, lowered now if it was not yet.
    pub fn program(&mut self, index: usize) -> Result<&Program, LoadError> {
        self.kept_mut(index).map(|k| &k.program)
    }

    /// The program of document `index` if it is lowered.
    pub fn lowered(&self, index: usize) -> Option<&Program> {
        self.kept.get(&index).map(|k| &k.program)
    }

    /// The programs lowered so far, in the order of their documents.
    pub fn kept_programs(&self) -> Vec<&Program> {
        let mut kept: Vec<(&usize, &Kept)> = self.kept.iter().collect();
        kept.sort_by_key(|(i, _)| **i);
        kept.into_iter().map(|(_, k)| &k.program).collect()
    }

    fn kept_mut(&mut self, index: usize) -> Result<&mut Kept, LoadError> {
        if !self.kept.contains_key(&index) {
            let lowered = self.versions.lower(index)?;
            self.kept.insert(
                index,
                Kept {
                    program: lowered.program,
                    state: None,
                    bewijs: None,
                },
            );
        }
        self.kept
            .get_mut(&index)
            .ok_or_else(|| LoadError::Io("interne fout bij het laden".into()))
    }

    /// Call `f` with the evaluator of document `index` (lowered now if it was not yet).
    pub fn with_evaluator<T>(
        &mut self,
        index: usize,
        f: impl FnOnce(&Evaluator<'_>) -> T,
    ) -> Result<T, LoadError> {
        let kept = self.kept_mut(index)?;
        let evaluator = Evaluator::with_state(&kept.program, kept.state.take());
        let t = f(&evaluator);
        kept.state = Some(evaluator.into_state());
        Ok(t)
    }
}

impl BatchVersions for VersionChoice {
    type Error = LoadError;

    fn with_version<T>(
        &mut self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
        f: impl FnOnce(Chosen<'_>) -> T,
    ) -> Result<T, LineFailure<LoadError>> {
        let keuze = self
            .versions
            .kies(peildatum, aanvraagdatum)
            .map_err(|e| match e {
                LoadError::NoVersion(m) => LineFailure::Case(vec![Fout::bericht(m)]),
                e => LineFailure::Other(e),
            })?;
        self.kept_mut(keuze.index).map_err(LineFailure::Other)?;
        let (versions, kept) = (&self.versions, &mut self.kept);
        let kept = kept
            .get_mut(&keuze.index)
            .ok_or_else(|| LineFailure::Case(vec![Fout::bericht("interne fout bij het laden")]))?;
        let bewijs = kept
            .bewijs
            .get_or_insert_with(|| ontvangstbewijs(versions, &keuze, None, None, None));
        // The receipt is filled in place with this case's dates (not cloned per line).
        bewijs.peildatum = peildatum;
        bewijs.aanvraagdatum = aanvraagdatum;
        bewijs.toetsingsdatum = keuze.toetsingsdatum;
        bewijs.toetsingsgrond.clear();
        bewijs.toetsingsgrond.push_str(keuze.toetsingsgrond);
        let evaluator = Evaluator::with_state(&kept.program, kept.state.take());
        let t = f(Chosen {
            evaluator: &evaluator,
            ontvangstbewijs: bewijs,
            key: Some(keuze.index),
        });
        kept.state = Some(evaluator.into_state());
        Ok(t)
    }
}

// ------------------------------------------------------------------ the engine

/// A line of input as the reader found it: text, or why it is not.
pub enum InputLine<'b> {
    Text(&'b str),
    NotUtf8,
    /// Longer than the reader takes (`max` bytes).
    TooLong {
        max: usize,
    },
}

/// A case read and evaluated: what a writer of its answer needs.
pub struct Evaluated<'a> {
    pub program: &'a Program,
    pub peildatum: NaiveDate,
    pub outcomes: &'a [Outcome],
    /// The case's `id`, as given.
    pub id: Option<&'a Value>,
    pub ontvangstbewijs: &'a Ontvangstbewijs,
}

/// Turns lines into answer lines and counts them; kept from line to line so that a line
/// allocates little (the outcome buffers are reused).
pub struct BatchEngine {
    /// The fields written per voorziening; None: all.
    fields: Option<Vec<Veld>>,
    outcomes: Vec<Outcome>,
    pub summary: Summary,
    /// How many lines took the fast path.
    pub fast_lines: usize,
    /// Whether a line is first tried on the fast path (eval::fastline); off only to compare.
    fast: bool,
    scan: fastline::Scan,
    /// Per version (by its key, [`Chosen::key`]): its key table and its receipt's text.
    caches: HashMap<usize, fastline::VersionCache>,
    /// The report of the line at hand, written before it is cut into the line.
    scratch: Vec<u8>,
}

impl Default for BatchEngine {
    fn default() -> Self {
        BatchEngine::new(None)
    }
}

impl BatchEngine {
    /// An engine that writes these fields per voorziening (`naam` always); None: all of them.
    pub fn new(fields: Option<&[Veld]>) -> BatchEngine {
        BatchEngine {
            fields: fields.map(<[Veld]>::to_vec),
            outcomes: Vec::new(),
            summary: Summary::default(),
            fast_lines: 0,
            fast: true,
            scan: fastline::Scan::default(),
            caches: HashMap::new(),
            scratch: Vec::new(),
        }
    }

    /// Every line the full way (read into a tree with the places of its keys, the report
    /// built, then serialised): what the fast path is compared with.
    pub fn full_path_only(mut self) -> BatchEngine {
        self.fast = false;
        self
    }

    pub fn fields(&self) -> Option<&[Veld]> {
        self.fields.as_deref()
    }

    /// Read `line` as a case (with the places of its keys, duplicate keys refused, nesting
    /// bounded), choose its version, evaluate it and hand the result to `f`. Not counted.
    pub fn evaluate<V: BatchVersions, T>(
        &mut self,
        versions: &mut V,
        line: &str,
        f: impl FnOnce(Evaluated<'_>) -> T,
    ) -> Result<T, LineFailure<V::Error>> {
        let document = read_document(line, Format::Json).map_err(|e| {
            LineFailure::Case(vec![Fout {
                code: Some("vo::casus"),
                bericht: e.one_line(line),
                hulp: None,
            }])
        })?;
        let Some(obj) = document.root.as_object() else {
            return Err(LineFailure::Case(vec![Fout::bericht(
                "een casus is een object met `peildatum`, `feiten` en `oordelen`",
            )]));
        };
        let date = obj
            .get("peildatum")
            .and_then(|v| v.as_str())
            .and_then(parse_date);
        let outcomes = &mut self.outcomes;
        versions
            .with_version(date, aanvraagdatum(obj), |chosen| {
                let (evaluator, bewijs) = (chosen.evaluator, chosen.ontvangstbewijs);
                let program = evaluator.program;
                let mut reader =
                    CaseReader::new(program, FileId(u32::MAX), line).at(&document.places, "");
                let Some((case, peildatum)) = reader.read(obj, &["id"]) else {
                    return Err(LineFailure::Case(
                        reader
                            .diags
                            .iter()
                            .map(|d| Fout {
                                code: Some(d.code.as_str()),
                                bericht: d.message.clone(),
                                hulp: Some(d.help.clone()),
                            })
                            .collect(),
                    ));
                };
                evaluator.all_into(&case, outcomes);
                Ok(f(Evaluated {
                    program,
                    peildatum,
                    outcomes,
                    id: obj.get("id"),
                    ontvangstbewijs: bewijs,
                }))
            })
            .and_then(|r| r)
    }

    /// One line of input: its answer, or the line with its `fouten`, appended to `out` with
    /// its newline (nothing for a blank line), and counted. An error only when the batch must
    /// stop (the regulation in force cannot be evaluated); `out` then holds nothing of the
    /// line.
    pub fn line<V: BatchVersions>(
        &mut self,
        versions: &mut V,
        number: usize,
        line: InputLine<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), V::Error> {
        let before = out.len();
        let result = match line {
            InputLine::Text(text) if text.trim().is_empty() => return Ok(()),
            InputLine::Text(text) => self.answer(versions, number, text, out),
            InputLine::NotUtf8 => Err(LineFailure::Case(vec![Fout::bericht(
                "deze regel is geen UTF-8-tekst",
            )])),
            InputLine::TooLong { max } => Err(LineFailure::Case(vec![Fout::bericht(format!(
                "deze regel is langer dan {} MiB en is overgeslagen",
                max / (1024 * 1024)
            ))])),
        };
        let fouten = match result {
            Ok(()) => {
                self.summary.evaluated += 1;
                out.push(b'\n');
                return Ok(());
            }
            Err(LineFailure::Case(fouten)) => fouten,
            Err(LineFailure::Other(e)) => {
                out.truncate(before);
                return Err(e);
            }
        };
        out.truncate(before);
        self.summary.refused += 1;
        let line: BatchRegel<'_, ()> = BatchRegel::Fout(FoutRegel {
            regel: number,
            fouten,
        });
        // Writing to memory fails only if a value cannot be written as JSON, which a list of
        // messages always can.
        let _ = serde_json::to_writer(&mut *out, &line);
        out.push(b'\n');
        Ok(())
    }

    /// The answer line of a case (without its newline).
    fn answer<V: BatchVersions>(
        &mut self,
        versions: &mut V,
        number: usize,
        text: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), LineFailure<V::Error>> {
        if self.fast && self.fast_answer(versions, number, text, out) {
            self.fast_lines += 1;
            return Ok(());
        }
        let fields = self.fields.take();
        let written = self.evaluate(versions, text, |e| {
            write_answer(number, fields.as_deref(), &e, &mut *out)
        });
        self.fields = fields;
        match written {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(LineFailure::Case(vec![Fout::bericht(
                "interne fout bij het schrijven",
            )])),
            Err(e) => Err(e),
        }
    }
}

impl BatchEngine {
    /// The answer line of a case on the fast path; false (and nothing written) where the line
    /// must go the full way.
    fn fast_answer<V: BatchVersions>(
        &mut self,
        versions: &mut V,
        number: usize,
        text: &str,
        out: &mut Vec<u8>,
    ) -> bool {
        if !fastline::scan(text, &mut self.scan) {
            return false;
        }
        let Some(date) = self
            .scan
            .peildatum
            .as_ref()
            .and_then(|r| fastline::date(text, r))
        else {
            return false;
        };
        let Ok(aanvraag) = fastline::aanvraagdatum(text, &self.scan.aanvraagdatum) else {
            return false;
        };
        let before = out.len();
        let (scan, caches, outcomes, scratch) = (
            &self.scan,
            &mut self.caches,
            &mut self.outcomes,
            &mut self.scratch,
        );
        let fields = self.fields.as_deref();
        let written = versions.with_version(Some(date), aanvraag, |chosen| {
            let Some(key) = chosen.key else {
                return false;
            };
            let p = chosen.evaluator.program;
            let cache = caches
                .entry(key)
                .or_insert_with(|| fastline::VersionCache::new(p, chosen.ontvangstbewijs));
            let Some(case) = cache.case(p, text, scan, date) else {
                return false;
            };
            chosen.evaluator.all_into(&case, outcomes);
            let _ = write!(out, "{{\"regel\":{number}");
            if let Some(id) = scan.id.as_ref().and_then(|r| text.get(r.clone())) {
                out.extend_from_slice(b",\"id\":");
                out.extend_from_slice(id.as_bytes());
            }
            out.push(b',');
            match fields {
                Some(f) if fastline::writes(f) => {
                    fastline::write_selected(p, date, outcomes, f, out);
                }
                _ => {
                    // The report's members as the serialiser writes them, without its braces
                    // (the line flattens it).
                    let lists = fields.is_none_or(|f| !fastline::writes(f));
                    let report = compact_report_with(p, date, outcomes, lists);
                    scratch.clear();
                    let ok = match fields {
                        None => serde_json::to_writer(&mut *scratch, &report),
                        Some(f) => {
                            serde_json::to_writer(&mut *scratch, &SelectedReport::new(&report, f))
                        }
                    };
                    match scratch.get(1..scratch.len().saturating_sub(1)) {
                        Some(members) if ok.is_ok() => out.extend_from_slice(members),
                        _ => return false,
                    }
                }
            }
            out.extend_from_slice(b",\"ontvangstbewijs\":");
            cache.write_receipt(chosen.ontvangstbewijs, out);
            out.push(b'}');
            true
        });
        if matches!(written, Ok(true)) {
            return true;
        }
        out.truncate(before);
        false
    }
}

/// The answer line of an evaluated case (without its newline): the report, or with `fields`
/// the chosen fields per voorziening.
fn write_answer(
    number: usize,
    fields: Option<&[Veld]>,
    e: &Evaluated<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    // Only the fields a line writes: the citation lists are left out when none is chosen.
    let lists = fields.is_none_or(|f| {
        f.iter()
            .any(|v| !matches!(v, Veld::Naam | Veld::Uitkomst | Veld::Grond | Veld::Waarden))
    });
    let report = compact_report_with(e.program, e.peildatum, e.outcomes, lists);
    match fields {
        None => serde_json::to_writer(
            out,
            &BatchLine {
                regel: number,
                id: e.id,
                report: &report,
                ontvangstbewijs: e.ontvangstbewijs,
            },
        ),
        Some(fields) => serde_json::to_writer(
            out,
            &BatchLine {
                regel: number,
                id: e.id,
                report: SelectedReport::new(&report, fields),
                ontvangstbewijs: e.ontvangstbewijs,
            },
        ),
    }
}
