//! One line of a batch: a case as one line of JSON in, its compact report with its receipt as
//! one line of JSON out. `verordening batch` (which reads a file) and the server's
//! `POST …/beoordelingen:batch` (which reads a streamed body) both evaluate their lines here,
//! so a line is read, judged and written the same way by both; they differ only in where the
//! versions come from ([`BatchVersions`]).

use super::case::{aanvraagdatum, read_document, CaseReader, Format};
use super::report::{compact_report, CompactReport};
use super::tijd::Ontvangstbewijs;
use super::{Evaluator, Outcome};
use crate::diagnostics::FileId;
use crate::syntax::parse_date;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};

/// Why a line has no report.
#[derive(Debug)]
pub enum LineFailure<E> {
    /// The line is not a valid case: the messages for its `fouten`.
    Case(Vec<Value>),
    /// Something beyond the line (the regulation in force cannot be evaluated).
    Other(E),
}

/// The evaluator for a case's dates, and the receipt of the version it evaluates.
pub trait BatchVersions {
    type Error;

    /// The version that governs a case with this peildatum and aanvraagdatum: its evaluator,
    /// and its receipt with the case's dates filled in. A case without such a version is
    /// refused with a message (`LineFailure::Case`).
    fn choose(
        &mut self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Result<(&Evaluator<'_>, Ontvangstbewijs), LineFailure<Self::Error>>;
}

/// One output line: the line's number and the case's `id`, the report's fields, and the
/// receipt (docs/tijd.md). `report` is the [`CompactReport`], or a selection of its fields
/// (`batch --velden`) that serialises as a map.
#[derive(Serialize)]
pub struct BatchLine<'a, R = &'a CompactReport<'a>> {
    pub regel: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a Value>,
    #[serde(flatten)]
    pub report: R,
    pub ontvangstbewijs: &'a Ontvangstbewijs,
}

impl<'a, R> BatchLine<'a, R> {
    /// The same line with another form of its report.
    pub fn with_report<T: Serialize>(&self, report: T) -> BatchLine<'a, T> {
        BatchLine {
            regel: self.regel,
            id: self.id,
            report,
            ontvangstbewijs: self.ontvangstbewijs,
        }
    }
}

/// The line written for a line that is not a valid case.
pub fn failure_line(number: usize, fouten: &[Value]) -> Value {
    json!({ "regel": number, "fouten": fouten })
}

/// Read a line as a case (with the places of its keys, duplicate keys refused, nesting
/// bounded), choose its version, evaluate it into `outcomes` and hand the line to `write`.
pub fn evaluate_line<V: BatchVersions, T>(
    versions: &mut V,
    number: usize,
    line: &str,
    outcomes: &mut Vec<Outcome>,
    write: impl FnOnce(&BatchLine<'_>) -> T,
) -> Result<T, LineFailure<V::Error>> {
    let message = |m: String| LineFailure::Case(vec![json!({ "bericht": m })]);
    let document = read_document(line, Format::Json).map_err(|e| {
        LineFailure::Case(vec![json!({
            "code": "vo::casus",
            "bericht": e.one_line(line),
        })])
    })?;
    let Some(obj) = document.root.as_object() else {
        return Err(message(
            "een casus is een object met `peildatum`, `feiten` en `oordelen`".into(),
        ));
    };
    let date = obj
        .get("peildatum")
        .and_then(|v| v.as_str())
        .and_then(parse_date);
    let (evaluator, bewijs) = versions.choose(date, aanvraagdatum(obj))?;
    let program = evaluator.program;
    let mut reader = CaseReader::new(program, FileId(u32::MAX), line).at(&document.places, "");
    let Some((case, peildatum)) = reader.read(obj, &["id"]) else {
        let fouten = reader
            .diags
            .iter()
            .map(|d| json!({ "code": d.code.as_str(), "bericht": d.message, "hulp": d.help }))
            .collect();
        return Err(LineFailure::Case(fouten));
    };
    evaluator.all_into(&case, outcomes);
    let report = compact_report(program, peildatum, outcomes);
    Ok(write(&BatchLine {
        regel: number,
        id: obj.get("id"),
        report: &report,
        ontvangstbewijs: &bewijs,
    }))
}
