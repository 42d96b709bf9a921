//! The JSON API under `/api/v1`, with the types that describe it in the OpenAPI document.
//! The shapes are those of the command line's JSON: a beoordeling is `verordening eval
//! --format json`, a batch line is a line of `verordening batch`, a controle is `verordening
//! check --format json`, a schema is `verordening schema`.

use super::catalog::{Data, Regeling};
use super::problem::{Kind, Problem};
use super::App;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use verordening_core::diagnostics::{render_json, FileId};
use verordening_core::eval::batch::{
    BatchEngine, BatchVersions, Chosen, Fout, InputLine, LineFailure,
};
use verordening_core::eval::case::CaseReader;
use verordening_core::eval::load::Keuze;
use verordening_core::eval::report::JsonReport;
use verordening_core::eval::schema::case_schema;
use verordening_core::eval::{Evaluator, Outcome};
use verordening_core::project::Project;
use verordening_core::render::{html_with, markdown_with, Kop};
use verordening_core::syntax::parse_date;

// ------------------------------------------------------------------ types of the document

/// The ordinances the server offers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Regelingen {
    pub regelingen: Vec<RegelingInfo>,
}

/// One regeling: a folder of versions (or a single file).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegelingInfo {
    /// The id in the URLs: the folder's name, or the file's name without `.vo`.
    pub id: String,
    /// The title of the latest version.
    pub titel: String,
    pub versies: Vec<VersieInfo>,
}

/// One version of a regeling.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersieInfo {
    /// The file, relative to the served folder.
    pub bestand: String,
    pub titel: String,
    /// `verordening`, `beleidsregels`, `model` or `wet`.
    pub laag: String,
    pub geldig_vanaf: Option<String>,
    pub geldig_tot: Option<String>,
}

/// A case: the peildatum, the facts and the college's judgements, in the notation of case
/// files (`"€ 1.234,56"`, `"13 weken"`, `"ja"`); see the regeling's schema.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Casus {
    /// The date of assessment (`2023-09-01`); it picks the version in force.
    pub peildatum: String,
    #[serde(default)]
    pub feiten: Map<String, Value>,
    #[serde(default)]
    pub oordelen: Map<String, Value>,
}

/// The place of a clause in the ordinance's files, with its citation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Citaat {
    /// `artikel 4, eerste lid`
    pub citaat: String,
    pub bestand: String,
    pub regel: usize,
    pub kolom: usize,
    pub start: usize,
    pub eind: usize,
}

/// A missing input.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invoer {
    pub naam: String,
    /// `feit`, `oordeel`, `parameter` or `peildatum`.
    pub soort: String,
}

/// A ground whose condition is unknown, with the inputs that would settle it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenGrond {
    pub citaat: String,
    pub bestand: String,
    pub regel: usize,
    pub kolom: usize,
    pub start: usize,
    pub eind: usize,
    pub ontbreekt: Vec<Invoer>,
}

/// The outcome for one voorziening.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoorzieningUitkomst {
    pub naam: String,
    /// `voorziening` or `besluit`.
    pub soort: String,
    pub omschrijving: String,
    /// `plicht`, `bevoegd`, `geweigerd`, `niet-van-toepassing`, `niet-gebruikt` or
    /// `onbepaald`.
    pub uitkomst: String,
    pub grond: Option<Citaat>,
    /// Further grounds that refuse too (a refusal cites every one).
    pub andere_gronden: Vec<Citaat>,
    pub waarden: BTreeMap<String, String>,
    /// Amounts finer than cents for which the regeling states no rounding (`vo::afronding`).
    pub niet_afgerond: Vec<String>,
    pub onbekende_waarden: Vec<String>,
    pub ontbreekt: Vec<Invoer>,
    pub kan_weigeren: Vec<Citaat>,
    pub kan_beeindigen: Vec<Citaat>,
    pub kan_mogelijk_weigeren: Vec<OpenGrond>,
    pub kan_mogelijk_beeindigen: Vec<OpenGrond>,
    pub waarden_ontbreekt: BTreeMap<String, Vec<Invoer>>,
    /// Values with every input known but no result (an overflow, a date out of range, an
    /// element beyond a list), with the clause of the value.
    pub waarden_zonder_uitkomst: BTreeMap<String, GeenUitkomst>,
    pub uitleg: Vec<Citaat>,
    /// What each choice from a list (`kies`) that the rules read chose; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gekozen: Vec<GekozenVermelding>,
}

/// What a choice from a list chose (`definitie kandidaat = kies(...)`): which entry and why.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GekozenVermelding {
    /// The definition that chooses.
    pub naam: String,
    /// The list fact.
    pub lijst: String,
    /// The condition and the order, as written.
    pub waarbij: String,
    pub volgorde: String,
    /// `gekozen`, `geen`, `gelijk` or `onbekend`.
    pub uitkomst: String,
    /// The chosen entry's place in the list (from 1); under a tie the first of the tied.
    pub vermelding: Option<u32>,
    /// Under a tie: the places of every entry first by the order.
    pub gelijk: Vec<u32>,
    /// How many entries satisfy the condition (null when unknown), and how many there are.
    pub voldoen: Option<u32>,
    pub vermeldingen: u32,
    /// The fields of the chosen entry (under a tie: those the tied entries share).
    pub velden: BTreeMap<String, String>,
    /// What the choice waits for, when it is unknown.
    pub ontbreekt: Vec<Invoer>,
    /// Where the choice is written.
    pub bepaling: Option<Citaat>,
}

/// Why a value has no result although its inputs are known.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeenUitkomst {
    pub bericht: String,
    pub bepaling: Option<Citaat>,
}

/// The assessment of a case: `verordening eval --format json`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Beoordeling {
    pub regeling: String,
    pub geldig_vanaf: Option<String>,
    pub peildatum: String,
    pub voorzieningen: Vec<VoorzieningUitkomst>,
    /// Per voorziening the version and the date that governed it (docs/tijd.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub toetsing: Option<Vec<Value>>,
    /// What governed the outcome and the sha256 of every file it rests on, as in
    /// `verordening eval --format json` (docs/tijd.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub ontvangstbewijs: Option<Value>,
}

/// One line of a batch answer: `verordening batch`. Either the report (`peildatum`,
/// `geldig_vanaf`, `voorzieningen`, citations by their text only) or `fouten`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BatchRegel {
    /// The line number in the request (from 1).
    pub regel: usize,
    /// The case's `id`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peildatum: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geldig_vanaf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voorzieningen: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fouten: Option<Vec<BatchFout>>,
}

/// Why a batch line is not a valid case.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BatchFout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub bericht: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
}

/// A place in a file of the check.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Plaats {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// One diagnostic of a check: `verordening check --format json`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnose {
    pub code: String,
    /// `error` or `warning`.
    pub level: String,
    pub message: String,
    pub location: Plaats,
    pub related: Vec<Plaats>,
    pub help: Option<String>,
}

/// The result of a check: `verordening check --format json`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Controle {
    pub diagnostics: Vec<Diagnose>,
    pub errors: usize,
    pub warnings: usize,
}

/// The server is up.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Gezondheid {
    /// `ok`, or `fouten` when a regeling could not be (re)loaded.
    pub status: String,
    /// The number of regelingen in service.
    pub regelingen: usize,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeildatumQuery {
    /// The version in force on this date (`2024-03-01`); without it, the latest.
    pub peildatum: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TekstQuery {
    /// `html` (a self-contained page) or `markdown`.
    pub formaat: Option<String>,
    /// The version in force on this date; without it, the latest.
    pub peildatum: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ControleQuery {
    /// Where the posted text would stand, relative to the served folder
    /// (`voorbeeld/voorbeeldstad-2025.vo`): its `model` and `wet` are found from there.
    pub pad: Option<String>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "verordening",
        description = "Beoordeel casussen tegen re-integratieverordeningen, lees hun tekst en controleer een regeling. Fouten komen als application/problem+json (RFC 9457) met een vaste code.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(regelingen, schema, beoordeling, batch, controle, tekst, bepaling, health),
    components(schemas(
        Regelingen, RegelingInfo, VersieInfo, Casus, Citaat, Invoer, OpenGrond,
        VoorzieningUitkomst, GeenUitkomst, GekozenVermelding, Beoordeling, BatchRegel, BatchFout, Plaats, Diagnose, Controle,
        Gezondheid, Bepaling, Problem, super::problem::Fout
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

pub async fn openapi() -> Response {
    let text = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

// ------------------------------------------------------------------ handlers

fn unknown(id: &str) -> Problem {
    Problem::new(
        Kind::UnknownRegeling,
        format!("er is geen regeling `{id}`; GET /api/v1/regelingen geeft ze alle"),
    )
}

pub fn regeling(app: &App, id: &str) -> Result<Arc<Regeling>, Problem> {
    app.catalog.get(id).ok_or_else(|| {
        let failed = app
            .catalog
            .status()
            .into_iter()
            .any(|(i, _, f)| i == id && f.is_some());
        if failed {
            Problem::new(
                Kind::Unavailable,
                format!("de regeling `{id}` bevat fouten en is niet in dienst; zie /status"),
            )
        } else {
            unknown(id)
        }
    })
}

fn date_param(p: Option<&str>) -> Result<Option<NaiveDate>, Problem> {
    match p {
        None => Ok(None),
        Some(s) => parse_date(s).map(Some).ok_or_else(|| {
            Problem::new(
                Kind::NoVersion,
                format!("`{s}` is geen datum; schrijf de peildatum als 2023-09-01"),
            )
        }),
    }
}

pub fn info(data: &Data) -> RegelingInfo {
    RegelingInfo {
        id: data.id.clone(),
        titel: data.title(),
        versies: data
            .versions
            .iter()
            .filter(|v| v.zichtbaar)
            .map(version_info)
            .collect(),
    }
}

fn version_info(v: &super::catalog::Version) -> VersieInfo {
    VersieInfo {
        bestand: v.file.clone(),
        titel: v.program.title.clone(),
        laag: layer_name(v.layer).into(),
        geldig_vanaf: v.geldig_vanaf.map(|d| d.to_string()),
        geldig_tot: v.geldig_tot.map(|d| d.to_string()),
    }
}

fn layer_name(l: verordening_core::syntax::Layer) -> &'static str {
    use verordening_core::syntax::Layer;
    match l {
        Layer::Wet => "wet",
        Layer::Model => "model",
        Layer::Verordening => "verordening",
        Layer::Beleidsregels => "beleidsregels",
    }
}

/// The ordinances and their versions.
#[utoipa::path(get, path = "/api/v1/regelingen", tag = "regelingen",
    responses((status = 200, description = "de regelingen", body = Regelingen)),
    security((), ("token" = [])))]
pub async fn regelingen(State(app): State<Arc<App>>) -> Response {
    let list = Regelingen {
        regelingen: app.catalog.all().iter().map(|r| info(&r.data)).collect(),
    };
    axum::Json(list).into_response()
}

/// The JSON Schema of a case for this regeling (`verordening schema`).
#[utoipa::path(get, path = "/api/v1/regelingen/{id}/schema", tag = "regelingen",
    params(("id" = String, Path, description = "de regeling"), PeildatumQuery),
    responses((status = 200, description = "JSON Schema (draft 2020-12) van een casus", body = Object),
              (status = 404, description = "onbekende regeling", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn schema(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<PeildatumQuery>,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    let date = date_param(q.peildatum.as_deref())?;
    let i = reg
        .data
        .pick(date)
        .map_err(|m| Problem::new(Kind::NoVersion, m))?;
    let Some(v) = reg.data.versions.get(i) else {
        return Err(Problem::new(Kind::Internal, "versie niet gevonden"));
    };
    Ok(axum::Json(case_schema(&v.program)).into_response())
}

/// Whether the request says its body is of one of `types`.
fn content_type_is(headers: &HeaderMap, types: &[&str]) -> Result<(), Problem> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = given
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if types.contains(&essence.as_str()) {
        Ok(())
    } else {
        Err(Problem::new(
            Kind::ContentType,
            format!(
                "stuur de inhoud als {} (Content-Type was `{}`)",
                types.join(" of "),
                if given.is_empty() { "leeg" } else { given }
            ),
        ))
    }
}

/// Read the whole body, at most `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, Problem> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        Problem::new(
            Kind::TooLarge,
            format!("de inhoud is groter dan {limit} bytes"),
        )
    })
}

/// A JSON parse error as a problem, located in the text.
fn json_problem(text: &str, e: &serde_json::Error) -> Problem {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let start = line_start + e.column().saturating_sub(1);
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or("").to_string();
    let (kind, bericht) = if message.contains("recursion limit") {
        (
            Kind::TooDeep,
            "de JSON is dieper genest dan 128 niveaus".to_string(),
        )
    } else {
        (
            Kind::MalformedJson,
            format!("dit is geen geldige JSON (de JSON-lezer meldt: {message})"),
        )
    };
    let mut p = Problem::new(kind, bericht.clone());
    p.fouten.push(super::problem::Fout {
        code: kind.code().into(),
        bericht,
        hulp: None,
        regel: e.line(),
        kolom: e.column(),
        start,
        eind: start,
    });
    p
}

/// Evaluate one case (the whole body) on a worker: the JSON report, or a problem.
pub fn assess(data: &Data, evaluators: &[Evaluator<'_>], text: &str) -> Result<Vec<u8>, Problem> {
    let (tree, i, keuze) = parse_case(data, text)?;
    let ev = evaluators
        .get(i)
        .ok_or_else(|| Problem::new(Kind::Internal, "geen beoordelaar"))?;
    let (outcomes, peildatum) = evaluate(ev, &tree, text)?;
    let v = data
        .versions
        .get(i)
        .ok_or_else(|| Problem::new(Kind::Internal, "versie niet gevonden"))?;
    let aanvraag = tree
        .as_object()
        .and_then(verordening_core::eval::case::aanvraagdatum);
    let bewijs = v.bewijs_voor(&keuze, Some(peildatum), aanvraag);
    let report =
        JsonReport::with_parts(ev.program, &v.parts, peildatum, &outcomes).with_receipt(&bewijs);
    Ok(report.to_vec())
}

/// Parse a case and choose the version that governs it: by its peildatum, and by its
/// aanvraagdatum where the regeling or a procedural rule says so (as `verordening eval`).
pub fn parse_case(data: &Data, text: &str) -> Result<(Value, usize, Keuze), Problem> {
    let tree: Value = serde_json::from_str(text).map_err(|e| json_problem(text, &e))?;
    let date = tree
        .get("peildatum")
        .and_then(|v| v.as_str())
        .and_then(parse_date);
    let aanvraag = tree
        .as_object()
        .and_then(verordening_core::eval::case::aanvraagdatum);
    let (i, keuze) = data
        .kies(date, aanvraag)
        .map_err(|m| Problem::new(Kind::NoVersion, m))?;
    Ok((tree, i, keuze))
}

/// Read and evaluate a case tree; `text` is where its diagnostics point.
pub fn evaluate(
    ev: &Evaluator<'_>,
    tree: &Value,
    text: &str,
) -> Result<(Vec<Outcome>, NaiveDate), Problem> {
    let Some(obj) = tree.as_object() else {
        return Err(Problem::new(
            Kind::Case,
            "een casus is een object met `peildatum`, `feiten` en `oordelen`",
        ));
    };
    let mut reader = CaseReader::new(ev.program, FileId(u32::MAX), text);
    let Some((case, peildatum)) = reader.read(obj, &[]) else {
        let detail = reader
            .diags
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "de casus is onjuist".into());
        return Err(Problem::new(Kind::Case, detail).with_diagnostics(text, &reader.diags));
    };
    Ok((ev.all(&case), peildatum))
}

/// Evaluate one case: the outcome per voorziening with its values, missing inputs and
/// citations (`verordening eval --format json`). The version is the one in force on the
/// case's peildatum.
#[utoipa::path(post, path = "/api/v1/regelingen/{id}/beoordelingen", tag = "beoordelingen",
    params(("id" = String, Path, description = "de regeling")),
    request_body(content = Casus, content_type = "application/json"),
    responses((status = 200, description = "de beoordeling", body = Beoordeling),
              (status = 400, description = "geen geldige JSON", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "onbekende regeling", body = Problem, content_type = "application/problem+json"),
              (status = 413, description = "te groot", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "geen application/json", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "onjuiste casus (code vo::casus) of geen versie op de peildatum", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn beoordeling(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    content_type_is(&headers, &["application/json"])?;
    let bytes = read_body(body, app.limits.body).await?;
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| Problem::new(Kind::MalformedJson, "de inhoud is geen UTF-8"))?;
    let result = reg
        .run(move |data, evs| assess(data, evs, &text))
        .await
        .ok_or_else(|| Problem::new(Kind::Internal, "de beoordeling is mislukt"))??;
    Ok(([(header::CONTENT_TYPE, "application/json")], result).into_response())
}

/// The versions of a regeling as a worker holds them: all lowered, each with its evaluator.
/// A case is judged by the version that governs it, as `verordening batch` judges it
/// ([`Data::kies`]).
struct Served<'d, 'e> {
    data: &'d Data,
    evaluators: &'d [Evaluator<'e>],
}

impl BatchVersions for Served<'_, '_> {
    type Error = std::convert::Infallible;

    fn with_version<T>(
        &mut self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
        f: impl FnOnce(Chosen<'_>) -> T,
    ) -> Result<T, LineFailure<Self::Error>> {
        let message = |m: String| LineFailure::Case(vec![Fout::bericht(m)]);
        let (i, keuze) = self.data.kies(peildatum, aanvraagdatum).map_err(message)?;
        let (Some(ev), Some(v)) = (self.evaluators.get(i), self.data.versions.get(i)) else {
            return Err(message("interne fout bij het laden".into()));
        };
        // The receipt is made per case here (`key: None`): the server's versions are shared
        // between workers and the choice can differ per case in more than the dates.
        Ok(f(Chosen {
            evaluator: ev,
            ontvangstbewijs: &v.bewijs_voor(&keuze, peildatum, aanvraagdatum),
            key: None,
        }))
    }
}

/// Evaluate batch lines on a worker; each gives one output line (with its newline), written
/// by the batch engine of the core as `verordening batch` writes it.
fn batch_lines(
    data: &Data,
    evaluators: &[Evaluator<'_>],
    lines: &[(usize, String)],
    out: &mut Vec<u8>,
) {
    let mut engine = BatchEngine::new(None);
    let mut versions = Served { data, evaluators };
    for (number, line) in lines {
        match engine.line(&mut versions, *number, InputLine::Text(line), out) {
            Ok(()) => {}
            Err(never) => match never {},
        }
    }
}

/// Evaluate many cases: JSON Lines in, JSON Lines out (`verordening batch`), streamed: each
/// line's answer is sent while later lines are still being read, in constant memory. A line
/// that is not a valid case gives a line with `fouten`, and the batch goes on.
#[utoipa::path(post, path = "/api/v1/regelingen/{id}/beoordelingen:batch", tag = "beoordelingen",
    params(("id" = String, Path, description = "de regeling")),
    request_body(content = Casus, content_type = "application/x-ndjson", description = "één casus per regel (met eventueel een `id`)"),
    responses((status = 200, description = "één regel per casus", body = BatchRegel, content_type = "application/x-ndjson"),
              (status = 404, description = "onbekende regeling", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "geen JSON Lines", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn batch(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    content_type_is(
        &headers,
        &[
            "application/x-ndjson",
            "application/jsonl",
            "application/json-lines",
        ],
    )?;
    let line_limit = app.limits.body;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut stream = body.into_data_stream();
        let mut pending: Vec<u8> = Vec::new();
        let mut number = 0usize;
        loop {
            let chunk = stream.next().await;
            let done = chunk.is_none();
            match chunk {
                Some(Ok(c)) => pending.extend_from_slice(&c),
                Some(Err(e)) => {
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
                None => {}
            }
            // The complete lines (all of them at the end).
            let cut = if done {
                pending.len()
            } else {
                pending
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1)
            };
            if cut == 0 && !done {
                if pending.len() > line_limit {
                    number += 1;
                    let msg = json!({ "regel": number, "fouten": [{ "code": Kind::TooLarge.code(), "bericht": format!("de regel is langer dan {line_limit} bytes; de rest van het verzoek is niet gelezen") }] });
                    let _ = tx.send(Ok(Bytes::from(format!("{msg}\n")))).await;
                    return;
                }
                continue;
            }
            let rest = pending.split_off(cut);
            let complete = std::mem::replace(&mut pending, rest);
            let mut lines = Vec::new();
            for raw in complete.split(|&b| b == b'\n') {
                number += 1;
                lines.push((number, String::from_utf8_lossy(raw).into_owned()));
            }
            // `split` yields one piece after the last newline: that piece is empty (it is
            // what `cut` kept out) and is not a line.
            if complete.last() == Some(&b'\n') {
                lines.pop();
                number -= 1;
            }
            if !lines.is_empty() {
                let out = reg
                    .run(move |data, evs| {
                        let mut out = Vec::new();
                        batch_lines(data, evs, &lines, &mut out);
                        out
                    })
                    .await;
                let Some(out) = out else {
                    let _ = tx
                        .send(Err(std::io::Error::other("de beoordeling is mislukt")))
                        .await;
                    return;
                };
                if !out.is_empty() && tx.send(Ok(Bytes::from(out))).await.is_err() {
                    return; // the client went away
                }
            }
            if done {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Check an ordinance text against the layers it stands on in the served folder
/// (`verordening check --format json`). The answer is 200 with the diagnostics, also when
/// there are errors: they are the result.
#[utoipa::path(post, path = "/api/v1/controle", tag = "controle",
    params(ControleQuery),
    request_body(content = String, content_type = "text/plain", description = "de tekst van een .vo-bestand"),
    responses((status = 200, description = "de meldingen", body = Controle),
              (status = 400, description = "ongeldig pad of geen UTF-8", body = Problem, content_type = "application/problem+json"),
              (status = 413, description = "te groot", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "geen text/plain", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn controle(
    State(app): State<Arc<App>>,
    Query(q): Query<ControleQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    content_type_is(&headers, &["text/plain"])?;
    let bytes = read_body(body, app.limits.body).await?;
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| Problem::new(Kind::MalformedJson, "de inhoud is geen UTF-8"))?;
    let rel = q.pad.unwrap_or_else(|| "ingezonden.vo".into());
    let rel_path = std::path::Path::new(&rel);
    let safe = rel_path
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        && rel.ends_with(".vo");
    if !safe {
        return Err(Problem::new(
            Kind::NotFound,
            format!("`{rel}` is geen pad binnen de map van de server dat eindigt op .vo"),
        ));
    }
    let path = app.catalog.root.join(rel_path);
    let result = tokio::task::spawn_blocking(move || {
        let mut project = Project::new();
        let index = project.load_text(&path, &text);
        let mut diags = std::mem::take(&mut project.diagnostics);
        for j in project.chain(index) {
            diags.extend(verordening_core::eval::check_document(&project, j));
        }
        verordening_core::diagnostics::sort(&mut diags);
        render_json(&project.sources, &diags)
    })
    .await
    .map_err(|_| Problem::new(Kind::Internal, "de controle is mislukt"))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], result).into_response())
}

/// The rendered legal text of a regeling (`verordening render`).
#[utoipa::path(get, path = "/api/v1/regelingen/{id}/tekst", tag = "regelingen",
    params(("id" = String, Path, description = "de regeling"), TekstQuery),
    responses((status = 200, description = "de tekst", content_type = "text/html", body = String),
              (status = 404, description = "onbekende regeling", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn tekst(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<TekstQuery>,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    let date = date_param(q.peildatum.as_deref())?;
    let i = reg
        .data
        .pick(date)
        .map_err(|m| Problem::new(Kind::NoVersion, m))?;
    let Some(v) = reg.data.versions.get(i) else {
        return Err(Problem::new(Kind::Internal, "versie niet gevonden"));
    };
    match q.formaat.as_deref().unwrap_or("html") {
        // The page of `verordening render` carries its stylesheet inline; nothing else.
        "html" => Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                ),
            ],
            html_with(&Kop::of(reg.data.project(), v.doc), &v.blocks),
        )
            .into_response()),
        "markdown" => Ok((
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            markdown_with(&Kop::of(reg.data.project(), v.doc), &v.blocks),
        )
            .into_response()),
        other => Err(Problem::new(
            Kind::NotFound,
            format!("onbekend formaat `{other}`: kies html of markdown"),
        )),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BepalingQuery {
    /// The citation as a jurist writes it: `artikel 5.4`, `artikel 5.4, tweede lid`,
    /// `artikel 5.4, lid 2, onder a`.
    pub citaat: Option<String>,
    /// The date (JJJJ-MM-DD) on which the citation is read.
    pub op: Option<String>,
}

/// What a citation meant on a date (`verordening tekst REGELING CITAAT --op DATUM`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bepaling {
    /// The citation asked for.
    pub citaat: String,
    pub op: String,
    /// `tekst` (it stood in the version then in force), `vervallen`, `vernummerd` or
    /// `bestond_niet`.
    pub stand: String,
    /// Its text, when it stood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tekst: Option<String>,
    /// Since when it had lapsed or been renumbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// The citation it was renumbered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tot: Option<String>,
    /// The version the answer comes from (absent when no version was in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versie: Option<VersieInfo>,
}

/// What a citation meant on a date: its text in the version then in force, or that it had
/// lapsed, been renumbered, or did not exist (issue 22, item 4; docs/tijd.md).
#[utoipa::path(get, path = "/api/v1/regelingen/{id}/bepaling", tag = "regelingen",
    params(("id" = String, Path, description = "de regeling"), BepalingQuery),
    responses((status = 200, description = "wat de bepaling op die datum was", body = Bepaling),
              (status = 400, description = "geen bepaling of geen datum", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "onbekende regeling", body = Problem, content_type = "application/problem+json")),
    security((), ("token" = [])))]
pub async fn bepaling(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<BepalingQuery>,
) -> Result<Response, Problem> {
    use verordening_core::opzoeken::{lees_citaat, opzoeken, Antwoord};
    let reg = regeling(&app, &id)?;
    let citaat = q.citaat.unwrap_or_default();
    let Some(vraag) = lees_citaat(&citaat) else {
        return Err(Problem::new(
            Kind::Query,
            format!(
                "`{citaat}` is geen bepaling; vraag bijvoorbeeld ?citaat=artikel 5.6, tweede lid"
            ),
        ));
    };
    let Some(op) = q.op.as_deref().and_then(parse_date) else {
        return Err(Problem::new(
            Kind::Query,
            "geef de datum waarop de bepaling wordt gelezen: ?op=2025-10-01",
        ));
    };
    let answer = reg
        .run(move |data, _| {
            let versie = |i: usize| data.versions.iter().find(|v| v.doc == i).map(version_info);
            let mut b = Bepaling {
                citaat: vraag.to_string(),
                op: op.to_string(),
                stand: String::new(),
                tekst: None,
                per: None,
                tot: None,
                versie: None,
            };
            match opzoeken(&data.versions_index, op, &vraag) {
                Antwoord::Tekst { versie: i, tekst } => {
                    b.stand = "tekst".into();
                    b.tekst = Some(tekst);
                    b.versie = versie(i);
                }
                Antwoord::Vervallen { versie: i, per } => {
                    b.stand = "vervallen".into();
                    b.per = per.map(|d| d.to_string());
                    b.versie = versie(i);
                }
                Antwoord::Vernummerd {
                    versie: i,
                    tot,
                    per,
                } => {
                    b.stand = "vernummerd".into();
                    b.tot = Some(tot);
                    b.per = per.map(|d| d.to_string());
                    b.versie = versie(i);
                }
                Antwoord::BestondNiet { versie: i } => {
                    b.stand = "bestond_niet".into();
                    b.versie = i.and_then(versie);
                }
            }
            b
        })
        .await
        .ok_or_else(|| Problem::new(Kind::Internal, "het opzoeken is mislukt"))?;
    Ok(axum::Json(answer).into_response())
}

/// Whether the server is up, and how many regelingen are in service. Needs no token.
#[utoipa::path(get, path = "/health", tag = "server",
    responses((status = 200, description = "de server draait", body = Gezondheid)))]
pub async fn health(State(app): State<Arc<App>>) -> Response {
    let status = app.catalog.status();
    let failing = status.iter().any(|(_, _, f)| f.is_some());
    let body = Gezondheid {
        status: if failing { "fouten" } else { "ok" }.into(),
        regelingen: status.iter().filter(|(_, up, _)| *up).count(),
    };
    let mut r = axum::Json(body).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    *r.status_mut() = StatusCode::OK;
    r
}
