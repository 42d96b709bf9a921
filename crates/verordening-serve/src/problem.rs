//! Errors as `application/problem+json` (RFC 9457): a status, a stable code, a Dutch title
//! and detail, and for a case or an ordinance text the diagnostics with their place in the
//! request body (the same codes as the command line, `vo::casus` and the checker's codes).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verordening_core::diagnostics::{Diagnostic, SourceMap};

/// The media type of a problem document.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem document (RFC 9457) with the extension members `code` and `fouten`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// A URI that names the kind of problem: `urn:verordening:probleem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short Dutch description of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, in Dutch.
    pub detail: String,
    /// The stable code: `serve::…` for a fault of the request itself, or the diagnostic code
    /// (`vo::casus`, a checker code) when the body was read and found wanting.
    pub code: String,
    /// The diagnostics, each located in the request body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fouten: Vec<Fout>,
}

/// One diagnostic in a problem document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Fout {
    /// The diagnostic code, as `verordening check` and `verordening eval` give it.
    pub code: String,
    /// The message in Dutch.
    pub bericht: String,
    /// What to do about it, where the diagnostic says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
    /// Line in the request body (from 1).
    pub regel: usize,
    /// Column in the request body (from 1, in characters).
    pub kolom: usize,
    /// Byte offsets of the place in the request body.
    pub start: usize,
    pub eind: usize,
}

/// The kinds of problem the server itself reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MalformedJson,
    TooLarge,
    TooDeep,
    ContentType,
    UnknownRegeling,
    NoVersion,
    Case,
    Ordinance,
    Unauthorized,
    Timeout,
    Internal,
    NotFound,
    Unavailable,
    /// A query parameter that cannot be read (a citation, a date).
    Query,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::MalformedJson => "serve::ongeldige-json",
            Kind::TooLarge => "serve::te-groot",
            Kind::TooDeep => "serve::te-diep",
            Kind::ContentType => "serve::inhoudstype",
            Kind::UnknownRegeling => "serve::onbekende-regeling",
            Kind::NoVersion => "serve::geen-versie",
            Kind::Case => "vo::casus",
            Kind::Ordinance => "serve::regeling-met-fouten",
            Kind::Unauthorized => "serve::geen-toegang",
            Kind::Timeout => "serve::te-traag",
            Kind::Internal => "serve::interne-fout",
            Kind::NotFound => "serve::niet-gevonden",
            Kind::Unavailable => "serve::niet-beschikbaar",
            Kind::Query => "serve::ongeldige-vraag",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Kind::MalformedJson | Kind::TooDeep | Kind::Query => StatusCode::BAD_REQUEST,
            Kind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::UnknownRegeling | Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::NoVersion | Kind::Case | Kind::Ordinance => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::MalformedJson => "de inhoud is geen geldige JSON",
            Kind::TooLarge => "het verzoek is te groot",
            Kind::TooDeep => "de JSON is te diep genest",
            Kind::ContentType => "verkeerd inhoudstype",
            Kind::UnknownRegeling => "onbekende regeling",
            Kind::NoVersion => "geen versie in werking",
            Kind::Case => "de casus is onjuist",
            Kind::Ordinance => "de regeling bevat fouten",
            Kind::Unauthorized => "geen toegang",
            Kind::Timeout => "het verzoek duurde te lang",
            Kind::Internal => "interne fout",
            Kind::NotFound => "niet gevonden",
            Kind::Unavailable => "de regeling is niet beschikbaar",
            Kind::Query => "de vraag is onjuist",
        }
    }
}

impl Problem {
    pub fn new(kind: Kind, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:verordening:probleem:{}", kind.code()),
            title: kind.title().into(),
            status: kind.status().as_u16(),
            detail: detail.into(),
            code: kind.code().into(),
            fouten: Vec::new(),
        }
    }

    /// A problem whose diagnostics point into `text`, the request body (or one line of it).
    pub fn with_diagnostics(mut self, text: &str, diags: &[Diagnostic]) -> Problem {
        self.fouten = diags.iter().map(|d| fout(text, d)).collect();
        if let Some(first) = self.fouten.first() {
            self.code = first.code.clone();
            self.kind = format!("urn:verordening:probleem:{}", first.code);
        }
        self
    }

    /// A problem whose diagnostics lie in files of a project (a posted ordinance).
    pub fn with_project_diagnostics(mut self, sources: &SourceMap, diags: &[Diagnostic]) -> Self {
        self.fouten = diags
            .iter()
            .map(|d| {
                let start = d.primary.span.start as usize;
                let (regel, kolom) = sources.line_col(d.primary.file, start);
                Fout {
                    code: d.code.as_str().into(),
                    bericht: format!("{}: {}", sources.name(d.primary.file), d.message),
                    hulp: d.help.clone(),
                    regel,
                    kolom,
                    start,
                    eind: d.primary.span.end as usize,
                }
            })
            .collect();
        self
    }
}

/// A diagnostic located in `text`.
pub fn fout(text: &str, d: &Diagnostic) -> Fout {
    let start = d.primary.span.start as usize;
    let (regel, kolom) = verordening_core::syntax::span::line_col(text, start.min(text.len()));
    Fout {
        code: d.code.as_str().into(),
        bericht: d.message.clone(),
        hulp: d.help.clone(),
        regel,
        kolom,
        start,
        eind: d.primary.span.end as usize,
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        // For `pages::html_errors`, which answers a browser on a page route with a page.
        response.extensions_mut().insert(self);
        response
    }
}
