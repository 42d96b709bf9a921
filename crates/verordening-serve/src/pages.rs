//! The case screen for case workers: server-rendered pages, one embedded stylesheet, no
//! script and nothing loaded from elsewhere. A case is posted as a form (never put in the
//! URL), evaluated, and shown with the form filled in again; nothing of it is kept.

use super::api::{evaluate, regeling};
use super::catalog::{Data, Version};
use super::problem::{Kind, Problem};
use super::{respond, App};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Form;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use verordening_core::eval::case::expected;
use verordening_core::eval::load::Keuze;
use verordening_core::eval::program::{InputKind, InputType, Missing, Program};
use verordening_core::eval::{Outcome, Uitkomst};
use verordening_core::render::Block;
use verordening_core::syntax::{parse_date, Layer};
use verordening_core::value::format_date;

const STYLE: &str = include_str!("stijl.css");

pub(super) use verordening_core::page::esc;

/// A whole page: the shell, a skip link, the navigation and `main`.
pub(super) fn page(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"/stijl.css\">\n</head>\n<body>\n<a class=\"overslaan\" href=\"#inhoud\">Naar de inhoud</a>\n<header><nav aria-label=\"hoofdmenu\"><a href=\"/\">Regelingen</a> <a href=\"/status\">Status</a></nav></header>\n<main id=\"inhoud\">\n{main}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

fn html(body: String) -> Response {
    respond(StatusCode::OK, "text/html; charset=utf-8", body)
}

pub async fn stylesheet() -> Response {
    let mut r = respond(StatusCode::OK, "text/css; charset=utf-8", STYLE.into());
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// A problem on a page route, for a browser: a Dutch page with the same stylesheet and a way
/// back, instead of the problem document an API client gets. The API (`/api/…`, `/health`)
/// and clients that do not ask for HTML (`curl`'s `*/*`) keep `application/problem+json`.
pub async fn html_errors(req: Request, next: Next) -> Response {
    let page_route = {
        let path = req.uri().path();
        !(path == "/api" || path.starts_with("/api/") || path == "/health")
    };
    let wants_html = page_route && accepts_html(req.headers());
    let mut response = next.run(req).await;
    if !wants_html {
        return response;
    }
    let Some(problem) = response.extensions_mut().remove::<Problem>() else {
        return response;
    };
    let status = response.status();
    // The detail without its pointer into the API (`…; GET /api/v1/regelingen geeft ze
    // alle`): the page links to the list instead.
    let detail = problem.detail.split("; GET /api/").next().unwrap_or("");
    let mut main = format!(
        "<h1>{}</h1>\n<p>{}.</p>\n",
        esc(&capitalise(&problem.title)),
        esc(&capitalise(detail.trim_end_matches('.')))
    );
    if !problem.fouten.is_empty() {
        main.push_str("<ul class=\"fouten\">");
        for f in &problem.fouten {
            let _ = write!(main, "<li>{}</li>", esc(&f.bericht));
        }
        main.push_str("</ul>\n");
    }
    let _ = write!(
        main,
        "<p class=\"foutcode\">Foutcode {} ({}).</p>\n<p><a href=\"/\">Terug naar de regelingen</a></p>\n",
        status.as_u16(),
        esc(&problem.code)
    );
    let mut page_response = respond(
        status,
        "text/html; charset=utf-8",
        page(&capitalise(&problem.title), &main),
    );
    // The answers made outside the token guard (a time-out, a panic) lack its headers: set
    // them here, as strict as on every page.
    let h = page_response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(super::PAGE_CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = response.headers().get(header::WWW_AUTHENTICATE) {
        h.insert(header::WWW_AUTHENTICATE, v.clone());
    }
    page_response
}

/// Whether the `Accept` header names `text/html` (not by a wildcard, and not with `q=0`).
fn accepts_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|range| {
            let mut parts = range.split(';').map(str::trim);
            let essence = parts.next().unwrap_or("");
            essence.eq_ignore_ascii_case("text/html")
                && !parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                })
        })
}

/// No icon: an empty answer, so that a browser does not report a missing one.
pub async fn favicon() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `/`: the regelingen, each with its text and its case screen.
pub async fn index(State(app): State<Arc<App>>) -> Response {
    let mut main = String::from("<h1>Regelingen</h1>\n<ul class=\"regelingen\">\n");
    for r in app.catalog.all() {
        let d = &r.data;
        let _ = write!(
            main,
            "<li><h2>{}</h2><p><a href=\"/regelingen/{id}/casus\">Casus beoordelen<span class=\"verborgen\"> met {t}</span></a> · <a href=\"/regelingen/{id}\">Tekst lezen<span class=\"verborgen\"> van {t}</span></a></p>",
            esc(&d.title()),
            id = esc(&d.id),
            t = esc(&d.title()),
        );
        main.push_str("<table><caption>Versies</caption><thead><tr><th scope=\"col\">Bestand</th><th scope=\"col\">Laag</th><th scope=\"col\">Geldig vanaf</th><th scope=\"col\">Geldig tot</th></tr></thead><tbody>");
        for v in d.versions.iter().filter(|v| v.zichtbaar) {
            let _ = write!(
                main,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&v.file),
                layer_word(v.layer),
                v.geldig_vanaf
                    .map(format_date)
                    .unwrap_or_else(|| "—".into()),
                v.geldig_tot.map(format_date).unwrap_or_else(|| "—".into()),
            );
        }
        main.push_str("</tbody></table></li>\n");
    }
    main.push_str("</ul>\n");
    let failing: Vec<String> = app
        .catalog
        .status()
        .into_iter()
        .filter(|(_, _, f)| f.is_some())
        .map(|(id, _, _)| id)
        .collect();
    if !failing.is_empty() {
        let _ = write!(
            main,
            "<p class=\"waarschuwing\">Niet alle regelingen zijn goed geladen ({}); zie de <a href=\"/status\">status</a>.</p>",
            esc(&failing.join(", "))
        );
    }
    html(page("Regelingen", &main))
}

fn layer_word(l: Layer) -> &'static str {
    match l {
        Layer::Wet => "wet",
        Layer::Model => "model",
        Layer::Verordening => "verordening",
        Layer::Beleidsregels => "beleidsregels",
    }
}

/// `/status`: per regeling whether it is in service, and the diagnostics of a failed load.
pub async fn status(State(app): State<Arc<App>>) -> Response {
    let mut main = String::from("<h1>Status</h1>\n<p>De server laadt een gewijzigde regeling opnieuw. Bevat de wijziging fouten, dan blijft de laatste goede versie in dienst en staan de fouten hieronder.</p>\n");
    for (id, up, failure) in app.catalog.status() {
        let state = match (&failure, up) {
            (None, _) => "in dienst",
            (Some(_), true) => "in dienst met de vorige versie: de wijziging bevat fouten",
            (Some(_), false) => "niet in dienst: de regeling bevat fouten",
        };
        let _ = write!(
            main,
            "<section class=\"status\"><h2>{}</h2><p class=\"{}\">{state}</p>",
            esc(&id),
            if failure.is_some() { "fout" } else { "goed" }
        );
        if let Some(f) = failure {
            let _ = write!(main, "<p>{}</p>", esc(&f.message));
            if !f.diagnostics.is_empty() {
                let _ = write!(
                    main,
                    "<pre class=\"meldingen\">{}</pre>",
                    esc(&f.diagnostics)
                );
            }
        }
        main.push_str("</section>\n");
    }
    html(page("Status", &main))
}

#[derive(serde::Deserialize)]
pub struct DateQuery {
    peildatum: Option<String>,
}

fn version_for(data: &Data, date: Option<NaiveDate>) -> Result<(usize, &Version), Problem> {
    let i = data
        .pick(date)
        .map_err(|m| Problem::new(Kind::NoVersion, m))?;
    data.versions
        .get(i)
        .map(|v| (i, v))
        .ok_or_else(|| Problem::new(Kind::Internal, "versie niet gevonden"))
}

/// The anchor of an article heading ("Artikel 14h. Jobcoaching" → `artikel-14h`).
fn article_anchor(heading: &str) -> Option<String> {
    let rest = heading
        .strip_prefix("Artikel ")
        .or_else(|| heading.strip_prefix("artikel "))?;
    // A dotted number (artikel 4.2.3, as integrated verordeningen number) keeps its dots; the
    // heading's full stop after the number does not belong to it.
    let number: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == ':' || *c == '.')
        .collect();
    let number = number.trim_end_matches('.');
    (!number.is_empty()).then(|| format!("artikel-{}", number.to_lowercase()))
}

/// The anchor a citation points at ("artikel 4, derde lid, onder a" → `artikel-4-lid-3`);
/// none for a citation of the wet.
fn cite_anchor(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if lower.contains("van de wet") {
        return None;
    }
    let mut parts = lower.split(',').map(str::trim);
    let article = article_anchor(parts.next()?)?;
    for p in parts {
        if let Some(word) = p.strip_suffix(" lid") {
            if let Some(n) = verordening_core::value::ORDINALS
                .iter()
                .position(|o| *o == word.trim())
            {
                return Some(format!("{article}-lid-{}", n + 1));
            }
        }
    }
    Some(article)
}

/// The rendered text with an anchor per artikel and lid.
pub(super) fn text_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut article: Option<String> = None;
    let mut in_list = false;
    for b in blocks {
        let item = matches!(b, Block::Onderdeel(..));
        if in_list && !item {
            out.push_str("</ul>\n");
        }
        if item && !in_list {
            out.push_str("<ul class=\"onderdelen\">\n");
        }
        in_list = item;
        match b {
            Block::Title(t) => {
                let _ = writeln!(out, "<h1>{}</h1>", esc(t));
            }
            Block::Heading(t) => {
                article = None;
                let _ = writeln!(out, "<h2>{}</h2>", esc(t));
            }
            Block::Article(t) => {
                article = article_anchor(t);
                match &article {
                    Some(a) => {
                        let _ = writeln!(out, "<h3 id=\"{a}\">{}</h3>", esc(t));
                    }
                    None => {
                        let _ = writeln!(out, "<h3>{}</h3>", esc(t));
                    }
                }
            }
            Block::Bijlage(_, t) => {
                article = None;
                let _ = writeln!(out, "<h3>{}</h3>", esc(t));
            }
            Block::Para(t) | Block::Formule(t) => {
                let _ = writeln!(out, "<p>{}</p>", esc(t));
            }
            Block::Lid(n, t) => {
                let number: String = n.chars().take_while(|c| c.is_alphanumeric()).collect();
                match &article {
                    Some(a) if !number.is_empty() => {
                        let _ = writeln!(
                            out,
                            "<p class=\"lid\" id=\"{a}-lid-{}\"><span class=\"nr\">{}</span> {}</p>",
                            number.to_lowercase(),
                            esc(n),
                            esc(t)
                        );
                    }
                    _ => {
                        let _ = writeln!(
                            out,
                            "<p class=\"lid\"><span class=\"nr\">{}</span> {}</p>",
                            esc(n),
                            esc(t)
                        );
                    }
                }
            }
            Block::Onderdeel(d, l, t) => {
                let _ = writeln!(
                    out,
                    "<li class=\"diepte-{}\"><span class=\"nr\">{}</span> {}</li>",
                    d.min(&3),
                    esc(l),
                    esc(t)
                );
            }
            Block::Toelichting(t) => {
                let _ = writeln!(out, "<blockquote>{}</blockquote>", esc(t));
            }
            Block::Variant(t) => {
                let _ = writeln!(out, "<p class=\"variant\"><em>{}</em></p>", esc(t));
            }
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out
}

/// `/regelingen/{id}`: the text in force on the peildatum (the latest without one).
pub async fn text(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<DateQuery>,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    let date = q.peildatum.as_deref().and_then(parse_date);
    let (_, v) = version_for(&reg.data, date)?;
    let mut main = String::new();
    let _ = write!(
        main,
        "<p class=\"kruimel\"><a href=\"/regelingen/{id}/casus\">Casus beoordelen</a> · versie: {} (geldig vanaf {})</p>\n<article class=\"tekst\">\n",
        esc(&v.file),
        v.geldig_vanaf.map(format_date).unwrap_or_else(|| "—".into()),
        id = esc(&id),
    );
    main.push_str(&text_html(&v.blocks));
    main.push_str("</article>\n");
    Ok(html(page(&v.program.title, &main)))
}

// ------------------------------------------------------------------ the case form

use verordening_core::eval::rapport::inputs_of;

fn field_id(name: &str) -> String {
    let mut id = String::from("veld-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

/// The form's groups: (heading, inputs). Inputs that several voorzieningen read come first,
/// then each voorziening's own.
fn groups(p: &Program) -> Vec<(String, Vec<u16>)> {
    let mut users: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
    for vz in 0..p.voorzieningen.len() {
        for i in inputs_of(p, vz) {
            users.entry(i).or_default().push(vz);
        }
    }
    let askable = |i: &u16| {
        p.inputs
            .get(*i as usize)
            .is_some_and(|x| matches!(x.kind, InputKind::Feit | InputKind::Oordeel))
    };
    let mut out = Vec::new();
    let shared: Vec<u16> = users
        .iter()
        .filter(|(i, v)| v.len() > 1 && askable(i))
        .map(|(i, _)| *i)
        .collect();
    if !shared.is_empty() {
        out.push(("Voor meerdere voorzieningen".to_string(), shared));
    }
    for (vz, v) in p.voorzieningen.iter().enumerate() {
        let own: Vec<u16> = users
            .iter()
            .filter(|(i, u)| u.as_slice() == [vz] && askable(i))
            .map(|(i, _)| *i)
            .collect();
        if !own.is_empty() {
            out.push((capitalise(&v.label), own));
        }
    }
    let rest: Vec<u16> = (0..p.inputs.len())
        .filter_map(|i| u16::try_from(i).ok())
        .filter(|i| !users.contains_key(i) && askable(i))
        .collect();
    if !rest.is_empty() {
        out.push(("Overige gegevens".to_string(), rest));
    }
    out
}

use verordening_core::eval::rapport::capital as capitalise;

/// The form as posted: the peildatum, the aanvraagdatum (may be empty) and the answers by
/// input name.
struct Answers {
    peildatum: String,
    aanvraagdatum: String,
    values: BTreeMap<String, String>,
}

impl Answers {
    fn from_form(form: Vec<(String, String)>) -> Answers {
        let mut a = Answers {
            peildatum: String::new(),
            aanvraagdatum: String::new(),
            values: BTreeMap::new(),
        };
        for (k, v) in form {
            let v = v.trim().to_string();
            if k == "peildatum" {
                a.peildatum = v;
            } else if k == "aanvraagdatum" {
                a.aanvraagdatum = v;
            } else if let Some(name) = k.strip_prefix("f:") {
                if !v.is_empty() {
                    a.values.insert(name.to_string(), v);
                }
            }
        }
        a
    }

    /// The case as a case file would hold it: values in the notation of case files.
    fn case(&self, p: &Program) -> Value {
        let mut feiten = Map::new();
        let mut oordelen = Map::new();
        for input in &p.inputs {
            let Some(raw) = self.values.get(&input.name) else {
                continue;
            };
            // A list is written as in a YAML case file, one entry per line: read as such, or
            // kept as text, which the case reader then refuses with its place and help.
            let value = match &input.ty {
                InputType::Lijst(_) => verordening_core::eval::case::parse_tree(
                    raw,
                    verordening_core::eval::case::Format::Yaml,
                )
                .ok()
                .filter(Value::is_array)
                .unwrap_or_else(|| Value::String(raw.clone())),
                ty => Value::String(notation(ty, raw)),
            };
            match input.kind {
                InputKind::Feit => {
                    feiten.insert(input.name.clone(), value);
                }
                InputKind::Oordeel => {
                    oordelen.insert(input.name.clone(), value);
                }
                _ => {}
            }
        }
        let mut case = Map::new();
        case.insert("peildatum".into(), Value::String(self.peildatum.clone()));
        if !self.aanvraagdatum.is_empty() {
            case.insert(
                "aanvraagdatum".into(),
                Value::String(self.aanvraagdatum.clone()),
            );
        }
        if !feiten.is_empty() {
            case.insert("feiten".into(), Value::Object(feiten));
        }
        if !oordelen.is_empty() {
            case.insert("oordelen".into(), Value::Object(oordelen));
        }
        Value::Object(case)
    }
}

/// An example value of a field, for the placeholder of a list.
fn example_of(ty: &InputType) -> String {
    match ty {
        InputType::Datum => "2023-02-01".into(),
        InputType::JaNee => "ja".into(),
        InputType::Getal => "1".into(),
        InputType::Bedrag => "\"€ 100\"".into(),
        InputType::Percentage => "\"10%\"".into(),
        InputType::Uren => "\"8 uur\"".into(),
        InputType::Duur => "\"6 maanden\"".into(),
        InputType::Werkdagen => "\"10 werkdagen\"".into(),
        InputType::Soort(_, values) => values.first().cloned().unwrap_or_default(),
        InputType::Tekst | InputType::Lijst(_) => "\"...\"".into(),
    }
}

/// A form answer in the notation of case files: the unit the input shows is added.
fn notation(ty: &InputType, raw: &str) -> String {
    let has_digit_only = raw
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ' || c == '-');
    match ty {
        InputType::Bedrag if !raw.contains('€') => format!("€ {raw}"),
        InputType::Uren if has_digit_only => format!("{raw} uur"),
        InputType::Percentage if !raw.contains('%') && !raw.contains("procent") => {
            format!("{raw}%")
        }
        InputType::Werkdagen if has_digit_only => format!("{raw} werkdagen"),
        _ => raw.to_string(),
    }
}

/// The value to show back in a field (without the unit the field shows itself).
fn shown(ty: &InputType, raw: &str) -> String {
    match ty {
        InputType::Bedrag => raw.trim_start_matches('€').trim().to_string(),
        _ => raw.to_string(),
    }
}

/// Which inputs would settle the undecided voorzieningen, with the voorzieningen they
/// would settle.
fn needed(p: &Program, outcomes: &[Outcome]) -> BTreeMap<u16, Vec<String>> {
    let mut out: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for o in outcomes {
        if o.uitkomst != Uitkomst::Onbepaald {
            continue;
        }
        let label = p
            .voorzieningen
            .get(o.vz)
            .map(|v| v.label.clone())
            .unwrap_or_default();
        for i in o.missing.iter() {
            out.entry(i).or_default().push(label.clone());
        }
    }
    out
}

fn form_html(
    id: &str,
    p: &Program,
    answers: &Answers,
    needed: &BTreeMap<u16, Vec<String>>,
    errors: &[String],
) -> String {
    let mut f = String::new();
    let _ = writeln!(
        f,
        "<form method=\"post\" action=\"/regelingen/{id}/casus\" class=\"casus\" novalidate>",
        id = esc(id)
    );
    if !needed.is_empty() {
        let _ = writeln!(
            f,
            "<p class=\"nodig-uitleg\" id=\"nodig-uitleg\">De vragen met de markering <strong>nodig</strong> beslissen wat nog open is. Vul die in en beoordeel opnieuw.</p>"
        );
    }
    if !errors.is_empty() {
        f.push_str("<div class=\"fouten\" role=\"alert\"><h2>De casus is onjuist</h2><ul>");
        for e in errors {
            let _ = write!(f, "<li>{}</li>", esc(e));
        }
        f.push_str("</ul></div>\n");
    }
    let _ = write!(
        f,
        "<div class=\"veld\"><label for=\"peildatum\">Peildatum <span class=\"hint\">(de datum waarop wordt beoordeeld; die kiest de versie van de regeling)</span></label>\n<input type=\"date\" id=\"peildatum\" name=\"peildatum\" required value=\"{}\"></div>\n",
        esc(&answers.peildatum)
    );
    let _ = write!(
        f,
        "<div class=\"veld\"><label for=\"aanvraagdatum\">Aanvraagdatum <span class=\"hint\">(als er een aanvraag is: een termijn of andere procedureregel die pas na die datum in werking trad, geldt niet voor deze aanvraag)</span></label>\n<input type=\"date\" id=\"aanvraagdatum\" name=\"aanvraagdatum\" value=\"{}\"></div>\n",
        esc(&answers.aanvraagdatum)
    );
    for (heading, inputs) in groups(p) {
        let _ = writeln!(
            f,
            "<fieldset class=\"groep\"><legend>{}</legend>",
            esc(&heading)
        );
        for i in inputs {
            let Some(input) = p.inputs.get(i as usize) else {
                continue;
            };
            let fid = field_id(&input.name);
            let name = format!("f:{}", input.name);
            let question = input
                .description
                .clone()
                .map(|d| capitalise(&d))
                .unwrap_or_else(|| input.name.clone());
            let value = answers.values.get(&input.name).cloned().unwrap_or_default();
            let need = needed.get(&i);
            let invalid = errors
                .iter()
                .any(|e| e.contains(&format!("`{}`", input.name)));
            let mut describedby = format!("{fid}-hint");
            let mut classes = String::from("veld");
            if need.is_some() {
                classes.push_str(" nodig");
                describedby.push_str(&format!(" {fid}-nodig"));
            }
            let kind = match input.kind {
                InputKind::Oordeel => "oordeel van het college",
                _ => "feit",
            };
            let hint = format!(
                "{kind}: <code>{}</code> — {}",
                esc(&input.name),
                esc(&expected(&input.ty))
            );
            let marker = need
                .map(|vzs| {
                    format!(
                        "<p class=\"markering\" id=\"{fid}-nodig\"><strong>nodig</strong> om te beslissen over {}</p>",
                        esc(&verordening_core::value::join_dutch(vzs))
                    )
                })
                .unwrap_or_default();
            let aria_invalid = if invalid {
                " aria-invalid=\"true\""
            } else {
                ""
            };
            match &input.ty {
                InputType::JaNee => {
                    let _ = write!(
                        f,
                        "<fieldset class=\"{classes} janee\" id=\"{fid}\" data-invoer=\"{}\" aria-describedby=\"{describedby}\"><legend>{}</legend>\n<p class=\"hint\" id=\"{fid}-hint\">{hint}</p>{marker}",
                        esc(&input.name),
                        esc(&question)
                    );
                    for (v, label) in [("ja", "ja"), ("nee", "nee"), ("", "onbekend")] {
                        let checked = if value == v { " checked" } else { "" };
                        let _ = writeln!(
                            f,
                            "<label class=\"keuze\"><input type=\"radio\" name=\"{}\" value=\"{v}\"{checked}> {label}</label>",
                            esc(&name)
                        );
                    }
                    f.push_str("</fieldset>\n");
                }
                InputType::Lijst(fields) => {
                    // One entry per line, as a YAML case file writes it.
                    let example: Vec<String> = fields
                        .iter()
                        .map(|(n, t)| format!("{n}: {}", example_of(t)))
                        .collect();
                    let placeholder = format!("- {{ {} }}", example.join(", "));
                    let _ = write!(
                        f,
                        "<div class=\"{classes}\" data-invoer=\"{}\"><label for=\"{fid}\">{}</label>\n<p class=\"hint\" id=\"{fid}-hint\">{hint}; één vermelding per regel, <code>[]</code> voor een lege lijst</p>{marker}<textarea id=\"{fid}\" name=\"{}\" rows=\"4\" placeholder=\"{}\" aria-describedby=\"{describedby}\"{aria_invalid}>{}</textarea></div>\n",
                        esc(&input.name),
                        esc(&question),
                        esc(&name),
                        esc(&placeholder),
                        esc(&value),
                    );
                }
                InputType::Soort(_, values) => {
                    let _ = write!(
                        f,
                        "<div class=\"{classes}\" data-invoer=\"{}\"><label for=\"{fid}\">{}</label>\n<p class=\"hint\" id=\"{fid}-hint\">{hint}</p>{marker}<select id=\"{fid}\" name=\"{}\" aria-describedby=\"{describedby}\"{aria_invalid}><option value=\"\">onbekend</option>",
                        esc(&input.name),
                        esc(&question),
                        esc(&name)
                    );
                    for v in values {
                        let sel = if value == *v { " selected" } else { "" };
                        let _ = write!(f, "<option value=\"{v}\"{sel}>{v}</option>", v = esc(v));
                    }
                    f.push_str("</select></div>\n");
                }
                ty => {
                    let (kind_attr, prefix, suffix) = match ty {
                        InputType::Datum => ("type=\"date\"", "", ""),
                        InputType::Bedrag => (
                            "type=\"text\" inputmode=\"decimal\" placeholder=\"1.234,56\"",
                            "€",
                            "",
                        ),
                        InputType::Uren => ("type=\"text\" inputmode=\"decimal\"", "", "uur"),
                        InputType::Percentage => ("type=\"text\" inputmode=\"decimal\"", "", "%"),
                        InputType::Werkdagen => {
                            ("type=\"text\" inputmode=\"numeric\"", "", "werkdagen")
                        }
                        InputType::Getal => ("type=\"text\" inputmode=\"decimal\"", "", ""),
                        InputType::Duur => ("type=\"text\" placeholder=\"13 weken\"", "", ""),
                        _ => ("type=\"text\"", "", ""),
                    };
                    let _ = write!(
                        f,
                        "<div class=\"{classes}\" data-invoer=\"{}\"><label for=\"{fid}\">{}</label>\n<p class=\"hint\" id=\"{fid}-hint\">{hint}</p>{marker}<span class=\"invoer\">{}<input {kind_attr} id=\"{fid}\" name=\"{}\" value=\"{}\" aria-describedby=\"{describedby}\"{aria_invalid}>{}</span></div>\n",
                        esc(&input.name),
                        esc(&question),
                        if prefix.is_empty() { String::new() } else { format!("<span class=\"eenheid\" aria-hidden=\"true\">{prefix}</span>") },
                        esc(&name),
                        esc(&shown(ty, &value)),
                        if suffix.is_empty() { String::new() } else { format!("<span class=\"eenheid\" aria-hidden=\"true\">{suffix}</span>") },
                    );
                }
            }
        }
        f.push_str("</fieldset>\n");
    }
    let _ = write!(
        f,
        "<div class=\"knoppen\"><button type=\"submit\">Beoordeel</button>\n<button type=\"submit\" formaction=\"/regelingen/{id}/casus/rapport\" formtarget=\"_blank\">Rapport om af te drukken</button>\n<button type=\"submit\" formaction=\"/regelingen/{id}/casus/yaml\">Exporteer als YAML</button></div>\n</form>\n",
        id = esc(id)
    );
    f
}

/// A citation as a link to the article in the rendered text, where it is in this regeling.
fn cite_link(id: &str, data: &Data, p: &Program, c: u32, peildatum: NaiveDate) -> String {
    let Some(cite) = p.cite(c) else {
        return String::from("?");
    };
    let of_wet = data
        .project()
        .docs
        .iter()
        .find(|d| d.id == cite.file)
        .is_some_and(|d| d.ast.header.layer == Layer::Wet);
    match cite_anchor(&cite.text).filter(|_| !of_wet) {
        Some(anchor) => format!(
            "<a href=\"/regelingen/{}?peildatum={peildatum}#{anchor}\">{}</a>",
            esc(id),
            esc(&cite.text)
        ),
        None => esc(&cite.text),
    }
}

use verordening_core::eval::rapport::question as input_question;

fn missing_links(p: &Program, m: &Missing) -> String {
    let items: Vec<String> = m
        .iter()
        .map(|i| {
            let name = p
                .inputs
                .get(i as usize)
                .map(|x| x.name.as_str())
                .unwrap_or("");
            format!(
                "<a href=\"#{}\">{}</a>",
                field_id(name),
                esc(&input_question(p, i))
            )
        })
        .collect();
    items.join("; ")
}

use verordening_core::eval::rapport::outcome_word;

/// The case worker's report: the summary first, then the reasoning per voorziening.
fn report_html(
    id: &str,
    data: &Data,
    p: &Program,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
    with_links_to_form: bool,
    grondslag: &str,
) -> String {
    let mut r = String::new();
    let _ = write!(
        r,
        "<section class=\"rapport\" aria-labelledby=\"rapport-kop\"><h2 id=\"rapport-kop\">Uitkomst</h2>\n<p>{} — peildatum {} (versie geldig vanaf {})</p>\n",
        esc(&p.title),
        format_date(peildatum),
        p.geldig_vanaf.map(format_date).unwrap_or_else(|| "—".into())
    );
    r.push_str(grondslag);
    r.push_str("<table class=\"samenvatting\"><caption>Samenvatting</caption><thead><tr><th scope=\"col\">Voorziening</th><th scope=\"col\">Uitkomst</th><th scope=\"col\">Grond of wat nog nodig is</th></tr></thead><tbody>\n");
    let shown: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.uitkomst != Uitkomst::NietVanToepassing)
        .collect();
    for o in &shown {
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            continue;
        };
        let why = match o.uitkomst {
            Uitkomst::Geweigerd | Uitkomst::Plicht | Uitkomst::Bevoegd | Uitkomst::NietGebruikt => {
                o.ground
                    .map(|g| cite_link(id, data, p, g, peildatum))
                    .unwrap_or_default()
            }
            Uitkomst::Onbepaald if with_links_to_form => missing_links(p, &o.missing),
            Uitkomst::Onbepaald => o
                .missing
                .iter()
                .map(|i| esc(&input_question(p, i)))
                .collect::<Vec<_>>()
                .join("; "),
            Uitkomst::NietVanToepassing => String::new(),
        };
        let _ = writeln!(
            r,
            "<tr class=\"uitkomst-{}\" data-voorziening=\"{}\"><th scope=\"row\">{}</th><td class=\"uitkomst\">{}</td><td>{}</td></tr>",
            o.uitkomst.as_str(),
            esc(&vz.name),
            esc(&capitalise(&vz.label)),
            outcome_word(o.uitkomst),
            why
        );
    }
    r.push_str("</tbody></table>\n");
    let not_adopted: Vec<String> = outcomes
        .iter()
        .filter(|o| o.uitkomst == Uitkomst::NietVanToepassing)
        .filter_map(|o| p.voorzieningen.get(o.vz).map(|v| v.label.clone()))
        .collect();
    if !not_adopted.is_empty() {
        let _ = writeln!(
            r,
            "<p>Niet overgenomen door de gemeente: {}.</p>",
            esc(&verordening_core::value::join_dutch(&not_adopted))
        );
    }
    r.push_str("<h2>Onderbouwing per voorziening</h2>\n");
    for o in &shown {
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            continue;
        };
        let _ = write!(
            r,
            "<section class=\"onderbouwing\" data-voorziening=\"{}\"><h3>{}: {}</h3>\n<ul>",
            esc(&vz.name),
            esc(&capitalise(&vz.label)),
            outcome_word(o.uitkomst)
        );
        if let Some(g) = o.ground {
            let word = if o.uitkomst == Uitkomst::Geweigerd {
                "Grond"
            } else {
                "Grondslag"
            };
            let _ = write!(
                r,
                "<li>{word}: {}</li>",
                cite_link(id, data, p, g, peildatum)
            );
        }
        for (k, value) in &o.values {
            let Some(rule) = vz.values.get(*k) else {
                continue;
            };
            let text = verordening_core::eval::report::value_text(p, o, rule, value)
                .unwrap_or_else(|| "onbekend".into());
            let _ = write!(
                r,
                "<li>{}: {}</li>",
                esc(&rule.name.replace('_', " ")),
                esc(&text)
            );
        }
        // What each choice from a list chose, with the chosen entry's fields.
        let cite_text = |c: u32| p.cite(c).map(|c| c.text.clone()).unwrap_or_default();
        for l in verordening_core::eval::rapport::keuze_regels(p, o, &cite_text) {
            let _ = write!(r, "<li>{}", esc(&l.tekst));
            if !l.onder.is_empty() {
                r.push_str("<ul>");
                for x in &l.onder {
                    let _ = write!(r, "<li>{}</li>", esc(x));
                }
                r.push_str("</ul>");
            }
            r.push_str("</li>");
        }
        for c in &o.may_refuse {
            let _ = write!(
                r,
                "<li>Het college kan weigeren op grond van {}</li>",
                cite_link(id, data, p, *c, peildatum)
            );
        }
        for c in &o.may_end {
            let _ = write!(
                r,
                "<li>Het college kan beëindigen op grond van {}</li>",
                cite_link(id, data, p, *c, peildatum)
            );
        }
        for (c, _) in o.may_refuse_open.iter().chain(&o.may_end_open) {
            let _ = write!(
                r,
                "<li>Mogelijk een grond om te weigeren of te beëindigen: {} (hangt af van wat nog ontbreekt)</li>",
                cite_link(id, data, p, *c, peildatum)
            );
        }
        let chain = o.chain(p);
        if !chain.is_empty() {
            let links: Vec<String> = chain
                .iter()
                .map(|c| cite_link(id, data, p, *c, peildatum))
                .collect();
            let _ = write!(r, "<li>Toegepast: {}</li>", links.join(", "));
        }
        r.push_str("</ul></section>\n");
    }
    r.push_str("</section>\n");
    r
}

/// `GET /regelingen/{id}/casus`: the empty form (peildatum today).
pub async fn case_form(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let reg = regeling(&app, &id)?;
    let today = chrono::Local::now().date_naive();
    let (_, v) = version_for(&reg.data, Some(today)).or_else(|_| version_for(&reg.data, None))?;
    let answers = Answers {
        peildatum: today.to_string(),
        aanvraagdatum: String::new(),
        values: BTreeMap::new(),
    };
    let mut main = format!(
        "<h1>Casus beoordelen</h1>\n<p class=\"kruimel\">{} · <a href=\"/regelingen/{}\">tekst</a></p>\n<p>Vul in wat bekend is; laat open wat u nog niet weet. De gegevens worden niet bewaard.</p>\n",
        esc(&v.program.title),
        esc(&id)
    );
    main.push_str(&form_html(&id, &v.program, &answers, &BTreeMap::new(), &[]));
    Ok(html(page(&format!("Casus — {}", v.program.title), &main)))
}

/// Evaluate the posted form: the version, the answers, and the outcomes or the errors.
/// Which version was applied and why, as the CLI's report says it under the peildatum
/// ([`verordening_core::eval::tijd::head_lines`]): the aanvraagdatum, the version, the date that
/// governed, and each procedural rule left out because it took effect after the aanvraag.
fn grondslag_html(v: &Version, a: &Assessed, peildatum: NaiveDate) -> String {
    let Some(keuze) = &a.keuze else {
        return String::new();
    };
    let aanvraag = parse_date(&a.answers.aanvraagdatum);
    let bewijs = v.bewijs_voor(keuze, Some(peildatum), aanvraag);
    let mut out = String::from("<dl class=\"grondslag\">");
    for (what, value) in verordening_core::eval::tijd::head_lines(&bewijs) {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            esc(&capitalise(&what)),
            esc(&value)
        );
    }
    out.push_str("</dl>\n");
    out
}

struct Assessed {
    version: usize,
    /// Why that version: the date that governed and the procedural rules left out.
    keuze: Option<Keuze>,
    answers: Answers,
    result: Result<(Vec<Outcome>, NaiveDate), Vec<String>>,
}

async fn assess_form(
    app: &App,
    id: &str,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<(Arc<super::catalog::Regeling>, Assessed), Problem> {
    let reg = regeling(app, id)?;
    let Form(form) = form.map_err(|e| {
        Problem::new(
            Kind::ContentType,
            format!("stuur het formulier als application/x-www-form-urlencoded ({e})"),
        )
    })?;
    let answers = Answers::from_form(form);
    let date = parse_date(&answers.peildatum);
    let aanvraag = parse_date(&answers.aanvraagdatum);
    let assessed = reg
        .run(move |data, evs| {
            let (version, keuze) = match data.kies(date, aanvraag) {
                Ok((i, k)) => (i, Some(k)),
                Err(_) => (data.pick(None).unwrap_or(0), None),
            };
            let Some(ev) = evs.get(version) else {
                return Assessed {
                    version,
                    keuze,
                    answers,
                    result: Err(vec!["geen versie van de regeling".into()]),
                };
            };
            let tree = answers.case(ev.program);
            let text = serde_json::to_string_pretty(&tree).unwrap_or_default();
            let result = match date {
                None => Err(vec![
                    "vul de peildatum in: de datum waarop wordt beoordeeld".to_string(),
                ]),
                Some(_) => evaluate(ev, &tree, &text).map_err(|p| {
                    if p.fouten.is_empty() {
                        vec![p.detail]
                    } else {
                        p.fouten
                            .into_iter()
                            .map(|f| match f.hulp {
                                Some(h) => format!("{} ({h})", f.bericht),
                                None => f.bericht,
                            })
                            .collect()
                    }
                }),
            };
            Assessed {
                version,
                keuze,
                answers,
                result,
            }
        })
        .await
        .ok_or_else(|| Problem::new(Kind::Internal, "de beoordeling is mislukt"))?;
    Ok((reg, assessed))
}

/// `POST /regelingen/{id}/casus`: the report above the form, filled in again, with the
/// questions that would settle what is open marked.
pub async fn case_submit(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    let (reg, a) = assess_form(&app, &id, form).await?;
    let data = &reg.data;
    let Some(v) = data.versions.get(a.version) else {
        return Err(Problem::new(Kind::Internal, "versie niet gevonden"));
    };
    let p = &v.program;
    let mut main = format!(
        "<h1>Casus beoordelen</h1>\n<p class=\"kruimel\">{} · <a href=\"/regelingen/{}\">tekst</a></p>\n",
        esc(&p.title),
        esc(&id)
    );
    let (needed, errors) = match &a.result {
        Ok((outcomes, peildatum)) => {
            let grond = grondslag_html(v, &a, *peildatum);
            main.push_str(&report_html(
                &id, data, p, *peildatum, outcomes, true, &grond,
            ));
            (needed(p, outcomes), Vec::new())
        }
        Err(e) => (BTreeMap::new(), e.clone()),
    };
    main.push_str("<h2>Gegevens van de casus</h2>\n");
    main.push_str(&form_html(&id, p, &a.answers, &needed, &errors));
    Ok(html(page(&format!("Uitkomst — {}", p.title), &main)))
}

/// `POST /regelingen/{id}/casus/rapport`: the report alone, for printing.
pub async fn case_print(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    let (reg, a) = assess_form(&app, &id, form).await?;
    let data = &reg.data;
    let Some(v) = data.versions.get(a.version) else {
        return Err(Problem::new(Kind::Internal, "versie niet gevonden"));
    };
    let p = &v.program;
    let mut main = format!("<h1>Rapport: {}</h1>\n", esc(&p.title));
    match &a.result {
        Ok((outcomes, peildatum)) => {
            let grond = grondslag_html(v, &a, *peildatum);
            main.push_str(&report_html(
                &id, data, p, *peildatum, outcomes, false, &grond,
            ));
            main.push_str("<h2>Gegevens</h2>\n<dl class=\"gegevens\">");
            for (name, value) in &a.answers.values {
                let question = p
                    .input_index(name)
                    .map(|i| input_question(p, i))
                    .unwrap_or_else(|| name.clone());
                let _ = write!(main, "<dt>{}</dt><dd>{}</dd>", esc(&question), esc(value));
            }
            main.push_str("</dl>\n");
        }
        Err(errors) => {
            main.push_str("<div class=\"fouten\" role=\"alert\"><h2>De casus is onjuist</h2><ul>");
            for e in errors {
                let _ = write!(main, "<li>{}</li>", esc(e));
            }
            main.push_str("</ul></div>\n");
        }
    }
    Ok(html(page(&format!("Rapport — {}", p.title), &main)))
}

/// `POST /regelingen/{id}/casus/yaml`: the case as a YAML case file (for `verordening eval`,
/// or, with a name and what is expected, as a case in a `*.test.yaml`).
pub async fn case_yaml(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    let (reg, a) = assess_form(&app, &id, form).await?;
    let Some(v) = reg.data.versions.get(a.version) else {
        return Err(Problem::new(Kind::Internal, "versie niet gevonden"));
    };
    let tree = a.answers.case(&v.program);
    let yaml =
        serde_yaml_ng::to_string(&tree).map_err(|e| Problem::new(Kind::Internal, e.to_string()))?;
    let text = format!(
        "# Casus voor {} (versie {}), gemaakt met het casusscherm.\n# Beoordelen: verordening eval {} casus.yaml\n{yaml}",
        v.program.title, v.file, v.file
    );
    let mut r = respond(StatusCode::OK, "application/yaml; charset=utf-8", text);
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"casus.yaml\""),
    );
    Ok(r)
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn anchors_of_citations() {
        assert_eq!(
            cite_anchor("artikel 4, derde lid").as_deref(),
            Some("artikel-4-lid-3")
        );
        assert_eq!(
            cite_anchor("artikel 14h, tweede lid, onder a").as_deref(),
            Some("artikel-14h-lid-2")
        );
        assert_eq!(cite_anchor("artikel 9").as_deref(), Some("artikel-9"));
        // A dotted number is one number (the heading and the citation agree).
        assert_eq!(
            cite_anchor("artikel 4.2.3, tweede lid").as_deref(),
            Some("artikel-4.2.3-lid-2")
        );
        assert_eq!(
            article_anchor("Artikel 4.2.3. Wachtlijst").as_deref(),
            Some("artikel-4.2.3")
        );
        assert_eq!(
            cite_anchor("artikel 7, derde lid, onderdeel a, van de wet"),
            None
        );
        assert_eq!(
            article_anchor("Artikel 14h. Jobcoaching").as_deref(),
            Some("artikel-14h")
        );
    }

    #[test]
    fn form_answers_in_case_notation() {
        assert_eq!(notation(&InputType::Bedrag, "1.234,56"), "€ 1.234,56");
        assert_eq!(notation(&InputType::Bedrag, "€ 12"), "€ 12");
        assert_eq!(notation(&InputType::Uren, "20"), "20 uur");
        assert_eq!(notation(&InputType::Percentage, "7,5"), "7,5%");
        assert_eq!(notation(&InputType::Duur, "13 weken"), "13 weken");
    }
}
