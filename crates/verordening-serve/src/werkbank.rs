//! The authoring workbench (`verordening serve --bewerken`): a jurist fills in a model in the
//! browser, article by article, sees the text as it will be published and the checker's
//! diagnostics next to the controls they concern, and saves the ordinance in the project
//! folder. The pages work as plain forms (POST, rendered again); the embedded script checks
//! each change live through `POST /api/v1/bewerken/controle`, which takes the same fields.
//!
//! Writing: atomically (crates/verordening-core/src/save.rs), and only over the version that was opened (a version
//! stamp of its bytes travels with the form): a second saver is told the file changed and
//! sees the was-wordt between the two versions; nothing is overwritten silently.

use super::bewerken::{
    entries, field, generate, header_text, merge, new_header, place, read_entries, relative,
    sections, slot_of, ControlKind, Entries, NewHeader, Section,
};
use super::pages::{esc, page, text_html};
use super::problem::{Kind, Problem};
use super::{respond, App};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};
use verordening_core::check::types::Ty;
use verordening_core::diagnostics::{Code, Diagnostic, Level};
use verordening_core::project::Project;
use verordening_core::render::{render, Mode};
use verordening_core::syntax::{parse, File, Layer};

const SCRIPT: &str = include_str!("werkbank.js");

/// The pages of the workbench may run their one script and ask the server (nothing else).
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Per model file: the model and its wet parsed once (a project to clone for each check),
/// and the controls of the form, kept while none of those files changed.
#[derive(Default)]
pub struct Models {
    cache: Mutex<HashMap<PathBuf, Arc<ModelEntry>>>,
}

pub struct ModelEntry {
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    /// A project with the model and the layers under it loaded.
    project: Project,
    sections: Arc<Vec<Section>>,
}

fn stamp(path: &FsPath) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Models {
    /// The entry of the model an ordinance at `path` with text `text` fills in (`model` in its
    /// header, resolved from its folder), loading it if needed; None for a file without a
    /// model, or in a folder that does not exist yet.
    fn entry(&self, app: &App, path: &FsPath, text: &str, file: &File) -> Option<Arc<ModelEntry>> {
        let dir = path.parent().filter(|d| d.exists())?;
        let model = std::fs::canonicalize(dir.join(header_text(file, "model")?)).ok()?;
        if let Ok(cache) = self.cache.lock() {
            if let Some(e) = cache.get(&model) {
                if e.stamps.iter().all(|(p, s)| stamp(p) == *s) {
                    return Some(e.clone());
                }
            }
        }
        let mut project = Project::new();
        project.set_directory(Some(&app.catalog.root));
        project.load(&model)?;
        let stamps = project
            .docs
            .iter()
            .map(|d| (d.path.clone(), stamp(&d.path)))
            .collect();
        let mut with = project.clone();
        let i = with.load_text(path, text);
        let entry = Arc::new(ModelEntry {
            stamps,
            project,
            sections: Arc::new(sections(&with, i)),
        });
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(model, entry.clone());
        }
        Some(entry)
    }
}

/// A version stamp of a file's bytes: its length and a 64-bit hash (SipHash with fixed keys,
/// the same in every run of this binary). Not a security measure: it tells an edit of the
/// opened version from an edit of a later one.
pub fn version_of(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    bytes.hash(&mut h);
    format!("{}-{:016x}", bytes.len(), h.finish())
}

/// A project path (`zandvoorde/zandvoorde-2023.vo`) under the folder, or why not.
fn project_path(app: &App, rel: &str) -> Result<PathBuf, Problem> {
    let p = FsPath::new(rel);
    let safe = !rel.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        && rel.ends_with(".vo");
    if !safe {
        return Err(Problem::new(
            Kind::NotFound,
            format!("`{rel}` is geen pad binnen de map van de server dat eindigt op .vo"),
        ));
    }
    Ok(app.catalog.root.join(p))
}

fn html_page(status: StatusCode, body: String) -> Response {
    let mut r = respond(status, "text/html; charset=utf-8", body);
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

pub async fn script() -> Response {
    let mut r = respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        SCRIPT.into(),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

// ---------------------------------------------------------------- one round: form → check

/// What the form posts besides the controls.
#[derive(Debug, Default, Clone)]
struct Meta {
    /// The file (relative to the folder); for a new ordinance the name it will get.
    bestand: String,
    /// The version stamp of the file as opened ("" for a new file).
    versie: String,
    /// The text of the file as opened (the base the form's changes apply to).
    geopend: Option<String>,
    /// A new ordinance: the model (relative to the folder) and the header fields.
    model: Option<String>,
    titel: String,
    gemeente: String,
    citeertitel: String,
    geldig_vanaf: String,
}

fn one(e: &Entries, k: &str) -> String {
    e.get(k)
        .and_then(|v| v.first())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

impl Meta {
    fn of(e: &Entries) -> Meta {
        Meta {
            bestand: one(e, "bestand"),
            versie: one(e, "versie"),
            geopend: e.get("geopend").and_then(|v| v.first()).cloned(),
            model: Some(one(e, "model")).filter(|m| !m.is_empty()),
            titel: one(e, "titel"),
            gemeente: one(e, "gemeente"),
            citeertitel: one(e, "citeertitel"),
            geldig_vanaf: one(e, "geldig_vanaf"),
        }
    }
}

/// A diagnostic as the workbench shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Melding {
    pub code: String,
    pub ernst: &'static str,
    pub bericht: String,
    pub hulp: Option<String>,
}

fn melding(d: &Diagnostic) -> Melding {
    Melding {
        code: d.code.as_str().to_string(),
        ernst: match d.level {
            Level::Error => "fout",
            Level::Warning => "waarschuwing",
            Level::Note => "opmerking",
        },
        bericht: d.message.clone(),
        hulp: d.help.clone(),
    }
}

/// The result of checking a form state.
struct Round {
    meta: Meta,
    sections: Arc<Vec<Section>>,
    form: Entries,
    /// The generated ordinance.
    text: String,
    /// What the base file said (the opened file as on disk, or the new header).
    base_text: String,
    /// Whether entries could not be written (their diagnostics are among `by_slot`).
    unreadable: bool,
    by_slot: BTreeMap<String, Vec<Melding>>,
    general: Vec<Melding>,
    /// Slots still to be decided, with the message.
    open: Vec<(String, String)>,
    errors: usize,
    warnings: usize,
    tekst_html: String,
}

fn code_is_open(c: Code) -> bool {
    matches!(
        c,
        Code::OntbrekendeInvulling | Code::OntbrekendeKeuze | Code::OntbrekendeOverneming
    )
}

/// The base file of a round: the opened file from disk, or a new file's header.
fn base_of(app: &App, meta: &Meta) -> Result<(PathBuf, String), Problem> {
    let path = project_path(app, &meta.bestand)?;
    if let Some(model) = &meta.model {
        let model_path = project_path(app, model)?;
        let dir = path.parent().unwrap_or(&app.catalog.root);
        let model_rel = relative(dir, &model_path);
        // The model's wet, relative to the new file.
        let wet = std::fs::read_to_string(&model_path)
            .ok()
            .and_then(|src| {
                header_text(
                    &parse(&src, verordening_core::diagnostics::FileId(0)).file,
                    "wet",
                )
            })
            .map(|w| {
                let abs = model_path.parent().unwrap_or(&app.catalog.root).join(w);
                relative(dir, &lexical(&abs))
            });
        let text = new_header(&NewHeader {
            title: &meta.titel,
            gemeente: &meta.gemeente,
            citeertitel: &meta.citeertitel,
            model: &model_rel,
            wet: wet.as_deref(),
            geldig_vanaf: &meta.geldig_vanaf,
        });
        return Ok((path, text));
    }
    if let Some(t) = &meta.geopend {
        return Ok((path, t.clone()));
    }
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok((path, t)),
        Err(e) => Err(Problem::new(
            Kind::NotFound,
            format!(
                "`{}` kan niet worden gelezen: {}",
                meta.bestand,
                verordening_core::project::io_reason(&e)
            ),
        )),
    }
}

/// `a/b/../c` → `a/c`, without asking the file system.
fn lexical(p: &FsPath) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn load(app: &App, path: &FsPath, text: &str) -> (Project, usize) {
    // A new ordinance in a folder that does not exist yet: its model and wet are found by
    // their paths written out (`nieuw/../vng/model-2023.vo`), which the file system cannot
    // resolve; they are given to the project as texts under those paths.
    let mut project = match path.parent() {
        Some(dir) if !dir.exists() => {
            let file = parse(text, verordening_core::diagnostics::FileId(0)).file;
            let mut overlays = BTreeMap::new();
            for key in ["model", "wet"] {
                if let Some(rel) = header_text(&file, key) {
                    let abs = lexical(&dir.join(rel));
                    if let Ok(t) = std::fs::read_to_string(&abs) {
                        overlays.insert(abs, t);
                    }
                }
            }
            Project::with_overlays(overlays)
        }
        _ => Project::new(),
    };
    project.set_directory(Some(&app.catalog.root));
    let i = project.load_text(path, text);
    (project, i)
}

/// Check a form state: generate the ordinance from it and check that.
fn round(
    app: &App,
    models: &Models,
    fields: &[(String, String)],
    from_file: bool,
) -> Result<Round, Problem> {
    let posted = entries(fields);
    let meta = Meta::of(&posted);
    let (path, base_text) = base_of(app, &meta)?;
    let base_file = parse(&base_text, verordening_core::diagnostics::FileId(0)).file;
    let entry = models.entry(app, &path, &base_text, &base_file);
    let secs = match &entry {
        Some(e) => e.sections.clone(),
        None => {
            let (p, i) = load(app, &path, &base_text);
            Arc::new(sections(&p, i))
        }
    };
    // Opening a file: the form is what the file says.
    let form = if from_file {
        read_entries(&secs, &base_file)
    } else {
        posted
    };
    let g = generate(&secs, &base_file, &base_text, &form);
    let mut r = check_text(app, entry.as_deref(), &path, &g.text, &secs)?;
    for (slot, d) in &g.unreadable {
        let mut m = melding(d);
        m.bericht = format!("deze waarde is niet te lezen: {}", d.message);
        r.by_slot.entry(slot.clone()).or_default().push(m);
        r.errors += 1;
    }
    Ok(Round {
        meta,
        sections: secs,
        form,
        text: g.text,
        base_text,
        unreadable: !g.unreadable.is_empty(),
        by_slot: r.by_slot,
        general: r.general,
        open: r.open,
        errors: r.errors,
        warnings: r.warnings,
        tekst_html: r.tekst_html,
    })
}

/// The diagnostics of a text, by slot.
struct Checked {
    by_slot: BTreeMap<String, Vec<Melding>>,
    general: Vec<Melding>,
    open: Vec<(String, String)>,
    errors: usize,
    warnings: usize,
    tekst_html: String,
}

fn check_text(
    app: &App,
    entry: Option<&ModelEntry>,
    path: &FsPath,
    text: &str,
    secs: &[Section],
) -> Result<Checked, Problem> {
    let (project, i) = match entry {
        Some(e) => {
            let mut p = e.project.clone();
            let i = p.load_text(path, text);
            (p, i)
        }
        None => load(app, path, text),
    };
    let Some(doc) = project.doc(i) else {
        return Err(Problem::new(Kind::Internal, "het bestand is niet geladen"));
    };
    let mut diags: Vec<Diagnostic> = project
        .diagnostics
        .iter()
        .filter(|d| d.primary.file == doc.id)
        .cloned()
        .collect();
    diags.extend(verordening_core::eval::check_document(&project, i));
    verordening_core::diagnostics::sort(&mut diags);
    let controls: HashMap<String, usize> = secs
        .iter()
        .flat_map(|s| &s.controls)
        .enumerate()
        .map(|(k, c)| (c.id.clone(), k))
        .collect();
    let mut c = Checked {
        by_slot: BTreeMap::new(),
        general: Vec::new(),
        open: Vec::new(),
        errors: 0,
        warnings: 0,
        tekst_html: String::new(),
    };
    for d in &diags {
        match d.level {
            Level::Error => c.errors += 1,
            Level::Warning => c.warnings += 1,
            Level::Note => {}
        }
        let slot = slot_of(d, &project, i, &controls).filter(|s| controls.contains_key(s));
        match slot {
            Some(s) => {
                if code_is_open(d.code) {
                    c.open.push((s.clone(), d.message.clone()));
                }
                c.by_slot.entry(s).or_default().push(melding(d));
            }
            None => c.general.push(melding(d)),
        }
    }
    c.open
        .sort_by_key(|(s, _)| controls.get(s).copied().unwrap_or(usize::MAX));
    if let Some(blocks) = render(&project, i, Mode::Tekst) {
        c.tekst_html = text_html(&blocks);
    }
    Ok(c)
}

// ---------------------------------------------------------------- HTML

fn meldingen_html(ms: &[Melding]) -> String {
    let mut out = String::new();
    for m in ms {
        let _ = write!(
            out,
            "<div class=\"melding melding-{ernst}\"><p><strong>{Ernst}</strong>: {b} <a href=\"/bewerken/hulp/{slug}\" target=\"_blank\">{code}<span class=\"verborgen\"> (uitleg in een nieuw venster)</span></a></p>{hulp}</div>",
            ernst = m.ernst,
            Ernst = capital(m.ernst),
            b = esc(&m.bericht),
            slug = esc(m.code.strip_prefix("vo::").unwrap_or(&m.code)),
            code = esc(&m.code),
            hulp = m
                .hulp
                .as_ref()
                .map(|h| format!("<p class=\"hulp\">hulp: {}</p>", esc(h)))
                .unwrap_or_default(),
        );
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn anchor(id: &str) -> String {
    id.replace(['.', '#'], "_")
}

fn open_html(r: &Round) -> String {
    if r.open.is_empty() {
        return if r.errors == 0 {
            "<p class=\"goed\">Alles is beslist.</p>".into()
        } else {
            "<p>Alles is beslist; er zijn nog meldingen.</p>".into()
        };
    }
    let mut out = format!(
        "<p>Nog te beslissen: {} punt(en).</p><ul class=\"open\">",
        r.open.len()
    );
    for (slot, msg) in &r.open {
        let _ = write!(
            out,
            "<li><a href=\"#c-{}\">{}</a>: {}</li>",
            anchor(slot),
            esc(&place(slot)),
            esc(msg)
        );
    }
    out.push_str("</ul>");
    out
}

fn counts_html(r: &Round) -> String {
    format!(
        "<p id=\"tellers\">{} fout(en), {} waarschuwing(en)</p>",
        r.errors, r.warnings
    )
}

fn general_html(r: &Round) -> String {
    meldingen_html(&r.general)
}

fn notation(
    ty: &Ty,
    unit: Option<verordening_core::syntax::DurationUnit>,
) -> (&'static str, String, &'static str) {
    // (prefix, hint, suffix)
    match ty {
        Ty::Bedrag => (
            "€",
            "een bedrag: 100 of 1.250,50 (of een berekening, zoals in een .vo-bestand)".into(),
            "",
        ),
        Ty::Percentage => ("", "een percentage: 50 of 7,5".into(), "%"),
        Ty::Duur(_) | Ty::Uren => match unit {
            Some(u) => ("", format!("een aantal {}", u.word(false)), u.word(false)),
            None => ("", "een getal met eenheid: 6 maanden, 13 weken".into(), ""),
        },
        Ty::Getal => ("", "een getal".into(), ""),
        Ty::Tekst => ("", "tekst, zoals hij in de verordening komt".into(), ""),
        Ty::Datum => ("", "een datum".into(), ""),
        Ty::Artikelen => ("", "artikelen: artikel 4, artikelen 5 en 8".into(), ""),
        Ty::List(_) => (
            "",
            "een opsomming, gescheiden door komma's, zoals in een .vo-bestand".into(),
            "",
        ),
        _ => ("", "een waarde, zoals in een .vo-bestand".into(), ""),
    }
}

fn control_html(c: &super::bewerken::Control, r: &Round, out: &mut String) {
    let a = anchor(&c.id);
    let name = field(c);
    let values = r.form.get(&name).cloned().unwrap_or_default();
    let ms = r.by_slot.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
    let invalid = ms.iter().any(|m| m.ernst == "fout");
    let open = r.open.iter().any(|(s, _)| s == &c.id);
    let meldingen = format!(
        "<div class=\"meldingen\" id=\"m-{a}\" aria-live=\"polite\">{}</div>",
        meldingen_html(ms)
    );
    let depends = if c.depends.is_empty() {
        String::new()
    } else {
        format!(
            " · alleen als {} is overgenomen of gekozen",
            c.depends
                .iter()
                .map(|d| place(d))
                .collect::<Vec<_>>()
                .join(" en ")
        )
    };
    let class = if open { "veld open" } else { "veld" };
    let aria_invalid = if invalid {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    match &c.kind {
        ControlKind::Fill { ty, unit, lengte } => {
            let (pre, hint, post) = notation(ty, *unit);
            let mut hint = hint;
            if let Some(e) = &c.example {
                hint = format!("voorbeeld: {e} · {hint}");
            }
            for b in &c.bounds {
                hint.push_str(&format!(" · {b}"));
            }
            hint.push_str(&depends);
            let n = match (ty, lengte) {
                (Ty::List(_), Some(n)) => (*n).max(1) as usize,
                _ => 1,
            };
            let input_type = if matches!(ty, Ty::Datum) {
                "date"
            } else {
                "text"
            };
            let _ = write!(
                out,
                "<div class=\"{class}\" id=\"c-{a}\" data-slot=\"{id}\">",
                id = esc(&c.id)
            );
            if n == 1 {
                let v = values.first().cloned().unwrap_or_default();
                let _ = write!(
                    out,
                    "<label for=\"w-{a}\">{label} <span class=\"plek\">({p})</span></label><p class=\"hint\" id=\"h-{a}\">{hint}</p><span class=\"eenheid\">{pre}</span><input type=\"{input_type}\" id=\"w-{a}\" name=\"{name}\" value=\"{v}\" aria-describedby=\"h-{a} m-{a}\"{aria_invalid}><span class=\"eenheid\">{post}</span>",
                    label = esc(&c.label),
                    p = esc(&place(&c.id)),
                    hint = esc(&hint),
                    pre = esc(pre),
                    post = esc(post),
                    name = esc(&name),
                    v = esc(&v),
                );
            } else {
                let _ = write!(
                    out,
                    "<fieldset class=\"lijst\"><legend>{label} <span class=\"plek\">({p})</span></legend><p class=\"hint\" id=\"h-{a}\">{hint}</p>",
                    label = esc(&c.label),
                    p = esc(&place(&c.id)),
                    hint = esc(&hint),
                );
                // A list value the form cannot split stands whole in the first field.
                for k in 0..n {
                    let v = values.get(k).cloned().unwrap_or_default();
                    let _ = write!(
                        out,
                        "<div><label for=\"w-{a}-{k}\">{nr}.</label> <span class=\"eenheid\">{pre}</span><input type=\"text\" id=\"w-{a}-{k}\" name=\"{name}\" value=\"{v}\" aria-describedby=\"h-{a} m-{a}\"{aria_invalid}><span class=\"eenheid\">{post}</span></div>",
                        nr = k + 1,
                        pre = esc(pre),
                        post = esc(post),
                        name = esc(&name),
                        v = esc(&v),
                    );
                }
                out.push_str("</fieldset>");
            }
            out.push_str(&meldingen);
            out.push_str("</div>");
        }
        ControlKind::Switch => {
            let v = values.first().cloned().unwrap_or_default();
            let _ = write!(
                out,
                "<fieldset class=\"{class} janee\" id=\"c-{a}\" data-slot=\"{id}\" aria-describedby=\"m-{a}\"><legend>{label} {p}: overnemen?</legend>",
                id = esc(&c.id),
                label = esc(&capital(&c.label)),
                p = esc(&place(&c.id)),
            );
            if let Some(t) = &c.text {
                let _ = write!(out, "<p class=\"hint\">“{}”{}</p>", esc(t), esc(&depends));
            } else if !depends.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"hint\">{}</p>",
                    esc(depends.trim_start_matches(" · "))
                );
            }
            for (val, word) in [
                ("ja", "overgenomen"),
                ("nee", "niet overgenomen"),
                ("", "nog niet besloten"),
            ] {
                let _ = write!(
                    out,
                    "<label class=\"keuze\"><input type=\"radio\" name=\"{name}\" value=\"{val}\"{checked}> {word}</label>",
                    name = esc(&name),
                    checked = if v == val { " checked" } else { "" },
                );
            }
            out.push_str(&meldingen);
            out.push_str("</fieldset>");
        }
        ControlKind::Keuze {
            options,
            one_or_both,
        } => {
            let _ = write!(
                out,
                "<fieldset class=\"{class} janee\" id=\"c-{a}\" data-slot=\"{id}\" aria-describedby=\"m-{a}\"><legend>Keuze {p}{how}</legend>",
                id = esc(&c.id),
                p = esc(&place(&c.id)),
                how = if *one_or_both { " (een of meer)" } else { "" },
            );
            if !depends.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"hint\">{}</p>",
                    esc(depends.trim_start_matches(" · "))
                );
            }
            let kind = if *one_or_both { "checkbox" } else { "radio" };
            for (o, text) in options {
                let _ = write!(
                    out,
                    "<label class=\"optie\"><input type=\"{kind}\" name=\"{name}\" value=\"{o}\"{checked}> <strong>{o}</strong>{t}</label>",
                    name = esc(&name),
                    o = esc(o),
                    checked = if values.contains(o) { " checked" } else { "" },
                    t = if text.is_empty() { String::new() } else { format!(": “{}”", esc(text)) },
                );
            }
            if !*one_or_both {
                let _ = write!(
                    out,
                    "<label class=\"optie\"><input type=\"radio\" name=\"{name}\" value=\"\"{checked}> nog niet gekozen</label>",
                    name = esc(&name),
                    checked = if values.is_empty() { " checked" } else { "" },
                );
            }
            out.push_str(&meldingen);
            out.push_str("</fieldset>");
        }
    }
}

fn section_html(s: &Section, r: &Round, out: &mut String) {
    for h in &s.headings {
        let _ = write!(out, "<h2>{}</h2>", esc(h));
    }
    let title = s
        .blocks
        .iter()
        .find_map(|b| match b {
            verordening_core::render::Block::Article(t) => {
                Some(t.trim_start_matches('[').to_string())
            }
            verordening_core::render::Block::Bijlage(_, t) => {
                Some(t.trim_start_matches('[').to_string())
            }
            _ => None,
        })
        .unwrap_or_else(|| match s.key.as_str() {
            "aanhef" => "Aanhef".into(),
            "slot" => "Slotformule".into(),
            k => place(k),
        });
    let a = anchor(&s.key);
    let _ = write!(
        out,
        "<section class=\"artikel\" id=\"s-{a}\" aria-labelledby=\"t-{a}\"><h3 id=\"t-{a}\">{}</h3>",
        esc(&title)
    );
    let (toelichting, text): (Vec<_>, Vec<_>) = s
        .blocks
        .iter()
        .filter(|b| {
            !matches!(
                b,
                verordening_core::render::Block::Article(_)
                    | verordening_core::render::Block::Bijlage(..)
            )
        })
        .cloned()
        .partition(|b| matches!(b, verordening_core::render::Block::Toelichting(_)));
    out.push_str("<div class=\"leeswijzer\">");
    out.push_str(&text_html(&text));
    out.push_str("</div>");
    if !toelichting.is_empty() {
        out.push_str("<details><summary>Toelichting</summary>");
        out.push_str(&text_html(&toelichting));
        out.push_str("</details>");
    }
    if !s.controls.is_empty() {
        out.push_str("<div class=\"invulplekken\">");
        for c in &s.controls {
            control_html(c, r, out);
        }
        out.push_str("</div>");
    }
    out.push_str("</section>\n");
}

fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
        esc(name),
        esc(value)
    )
}

fn text_field(name: &str, label: &str, value: &str, hint: &str, kind: &str) -> String {
    format!(
        "<div class=\"veld\"><label for=\"f-{name}\">{}</label><p class=\"hint\" id=\"h-f-{name}\">{}</p><input type=\"{kind}\" id=\"f-{name}\" name=\"{name}\" value=\"{}\" aria-describedby=\"h-f-{name}\"></div>",
        esc(label),
        esc(hint),
        esc(value)
    )
}

/// The form page. `notice`: what happened (saved, conflict), as HTML.
fn form_page(r: &Round, action: &str, notice: &str) -> String {
    let mut main = String::new();
    let title = if r.meta.model.is_some() {
        "Nieuwe verordening".to_string()
    } else {
        format!("Bewerken: {}", r.meta.bestand)
    };
    let _ = write!(
        main,
        "<h1>{}</h1><p class=\"kruimel\"><a href=\"/bewerken\">Werkbank</a>{}</p>",
        esc(&title),
        if r.meta.model.is_none() {
            format!(
                " · <a href=\"/bewerken/{f}/bron\">Broncode bewerken</a>",
                f = esc(&r.meta.bestand)
            )
        } else {
            String::new()
        }
    );
    main.push_str(notice);
    let _ = write!(
        main,
        "<form method=\"post\" action=\"{}\" id=\"werkbank\" class=\"werkbank\" novalidate>",
        esc(action)
    );
    main.push_str(&hidden("versie", &r.meta.versie));
    if let Some(m) = &r.meta.model {
        main.push_str(&hidden("model", m));
        main.push_str("<fieldset class=\"groep\"><legend>Het bestand en de kop</legend>");
        main.push_str(&text_field(
            "bestand",
            "Bestand",
            &r.meta.bestand,
            "de map en de naam in de projectmap, zoals zandvoorde/zandvoorde-2023.vo",
            "text",
        ));
        main.push_str(&text_field(
            "titel",
            "Titel",
            &r.meta.titel,
            "de titel van de verordening",
            "text",
        ));
        main.push_str(&text_field(
            "gemeente",
            "Gemeente",
            &r.meta.gemeente,
            "de naam van de gemeente",
            "text",
        ));
        main.push_str(&text_field(
            "citeertitel",
            "Citeertitel",
            &r.meta.citeertitel,
            "de citeertitel (artikel 16 van het model)",
            "text",
        ));
        main.push_str(&text_field(
            "geldig_vanaf",
            "Geldig vanaf",
            &r.meta.geldig_vanaf,
            "de datum van inwerkingtreding",
            "date",
        ));
        main.push_str("</fieldset>");
    } else {
        main.push_str(&hidden("bestand", &r.meta.bestand));
        // The text as opened: what the form's changes apply to, also after someone else saved.
        let _ = write!(
            main,
            "<textarea name=\"geopend\" hidden aria-hidden=\"true\" tabindex=\"-1\">{}</textarea>",
            esc(&r.base_text)
        );
    }
    let _ = write!(
        main,
        "<div class=\"samenvatting\" id=\"samenvatting\" aria-live=\"polite\"><h2>Stand van zaken</h2>{}<div id=\"open\">{}</div><div id=\"algemeen\">{}</div></div>",
        counts_html(r),
        open_html(r),
        general_html(r)
    );
    main.push_str("<div class=\"knoppen\"><button type=\"submit\" name=\"actie\" value=\"controleer\">Controleer</button><button type=\"submit\" name=\"actie\" value=\"bewaar\">Bewaar</button></div>");
    main.push_str("<div class=\"twee\"><div class=\"invullen\">");
    for s in r.sections.iter() {
        section_html(s, r, &mut main);
    }
    main.push_str("</div><aside class=\"voorbeeld\" aria-labelledby=\"vb-kop\" tabindex=\"0\"><h2 id=\"vb-kop\">De tekst zoals hij wordt gepubliceerd</h2><div id=\"tekst\" class=\"tekst\">");
    main.push_str(&r.tekst_html);
    main.push_str("</div></aside></div>");
    main.push_str("<div class=\"knoppen\"><button type=\"submit\" name=\"actie\" value=\"controleer\">Controleer</button><button type=\"submit\" name=\"actie\" value=\"bewaar\">Bewaar</button></div></form>");
    main.push_str("<script src=\"/bewerken/werkbank.js\" defer></script>");
    page(&title, &main)
}

// ---------------------------------------------------------------- handlers

#[derive(Debug, Deserialize)]
pub struct NieuwQuery {
    model: Option<String>,
}

/// `/bewerken`: the ordinances of the folder that fill in a model, and the models.
pub async fn index(State(app): State<Arc<App>>) -> Result<Response, Problem> {
    let root = app.catalog.root.clone();
    let files = tokio::task::spawn_blocking(move || vo_files(&root))
        .await
        .map_err(|_| Problem::new(Kind::Internal, "de map kon niet worden gelezen"))?;
    let mut main = String::from("<h1>Werkbank</h1><p>Vul een model in, of bewerk een verordening van deze map. Elke wijziging wordt meteen gecontroleerd; bewaren schrijft het bestand in de projectmap.</p>");
    main.push_str("<h2>Verordeningen</h2><ul>");
    for (rel, layer, title) in &files {
        if *layer == Layer::Verordening {
            let _ = write!(
                main,
                "<li>{t} ({r}): <a href=\"/bewerken/{r}\">invullen<span class=\"verborgen\"> {t}</span></a> · <a href=\"/bewerken/{r}/bron\">broncode<span class=\"verborgen\"> van {t}</span></a></li>",
                t = esc(title),
                r = esc(rel)
            );
        }
    }
    main.push_str("</ul><h2>Een nieuwe verordening naar een model</h2><ul>");
    for (rel, layer, title) in &files {
        if *layer == Layer::Model {
            let _ = write!(
                main,
                "<li><a href=\"/bewerken/nieuw?model={r}\">{t} ({r})</a></li>",
                t = esc(title),
                r = esc(rel)
            );
        }
    }
    main.push_str("</ul><h2>Vergelijken</h2><form method=\"get\" action=\"/bewerken/vergelijk\"><fieldset class=\"groep\"><legend>Kies de verordeningen om te vergelijken</legend>");
    for (k, (rel, layer, title)) in files.iter().enumerate() {
        if *layer == Layer::Verordening {
            let _ = write!(
                main,
                "<div><input type=\"checkbox\" id=\"v-{k}\" name=\"bestand\" value=\"{r}\"> <label for=\"v-{k}\">{t} ({r})</label></div>",
                t = esc(title),
                r = esc(rel)
            );
        }
    }
    main.push_str("</fieldset><button type=\"submit\">Vergelijk</button></form>");
    Ok(html_page(StatusCode::OK, page("Werkbank", &main)))
}

/// The `.vo` files under the folder, with their layer and title.
fn vo_files(root: &FsPath) -> Vec<(String, Layer, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".vo") {
                let Ok(src) = std::fs::read_to_string(&p) else {
                    continue;
                };
                let r = parse(&src, verordening_core::diagnostics::FileId(0));
                let rel = p
                    .strip_prefix(root)
                    .map(|x| x.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                out.push((rel, r.file.header.layer, r.file.header.title.value.clone()));
            }
        }
    }
    out.sort();
    out
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| Problem::new(Kind::Internal, "de controle is mislukt"))?
}

/// `GET /bewerken/nieuw?model=vng/model-2023.vo`: the model as an empty form.
pub async fn nieuw(
    State(app): State<Arc<App>>,
    Query(q): Query<NieuwQuery>,
) -> Result<Response, Problem> {
    let Some(model) = q.model else {
        return Err(Problem::new(
            Kind::NotFound,
            "kies een model: /bewerken/nieuw?model=...",
        ));
    };
    let fields = vec![
        ("model".to_string(), model.clone()),
        ("bestand".to_string(), "nieuw/verordening.vo".to_string()),
    ];
    let a = app.clone();
    let r = blocking(move || round(&a, &a.models, &fields, false)).await?;
    let action = format!("/bewerken/nieuw?model={}", model);
    Ok(html_page(StatusCode::OK, form_page(&r, &action, "")))
}

/// `POST /bewerken/nieuw?model=...`: check or save the new ordinance.
pub async fn nieuw_post(
    State(app): State<Arc<App>>,
    Query(q): Query<NieuwQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let action = format!("/bewerken/nieuw?model={}", q.model.unwrap_or_default());
    submit(app, fields, action).await
}

/// `GET /bewerken/{bestand}` (the form) and `/bewerken/{bestand}/bron` (the source view).
pub async fn open(
    State(app): State<Arc<App>>,
    Path(pad): Path<String>,
) -> Result<Response, Problem> {
    if let Some(file) = pad.strip_suffix("/bron") {
        return source_open(app, file.to_string()).await;
    }
    let path = project_path(&app, &pad)?;
    let a = app.clone();
    let r = blocking(move || {
        let bytes = std::fs::read(&path).map_err(|e| {
            Problem::new(
                Kind::NotFound,
                format!(
                    "`{}` kan niet worden gelezen: {}",
                    path.display(),
                    verordening_core::project::io_reason(&e)
                ),
            )
        })?;
        let fields = vec![
            ("bestand".to_string(), pad.clone()),
            ("versie".to_string(), version_of(&bytes)),
        ];
        round(&a, &a.models, &fields, true)
    })
    .await?;
    let action = format!("/bewerken/{}", r.meta.bestand);
    Ok(html_page(StatusCode::OK, form_page(&r, &action, "")))
}

/// `POST /bewerken/{bestand}`: check or save.
pub async fn open_post(
    State(app): State<Arc<App>>,
    Path(pad): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    if let Some(file) = pad.strip_suffix("/bron") {
        return source_post(app, file.to_string(), fields).await;
    }
    let mut fields: Vec<(String, String)> =
        fields.into_iter().filter(|(k, _)| k != "bestand").collect();
    fields.push(("bestand".into(), pad.clone()));
    submit(app, fields, format!("/bewerken/{pad}")).await
}

/// The result of a save.
enum Saved {
    /// Written; the previous text ("" for a new file).
    Written { previous: String },
    /// Not written: the file changed since it was opened (its current text), or exists.
    Conflict { current: String },
    /// Not written, and why.
    Refused(String),
}

/// Write `text` to `path` if the file is still the version `versie` ("" for a new file).
/// The check and the write are under one lock, so that two saves in this server cannot
/// both pass the check.
fn save(app: &App, path: &FsPath, versie: &str, text: &str) -> Saved {
    let _guard = app.write_lock.lock();
    let current = std::fs::read(path).ok();
    match (&current, versie.is_empty()) {
        (None, true) => {}
        (Some(c), false) if version_of(c) == versie => {}
        (Some(c), _) => {
            return Saved::Conflict {
                current: String::from_utf8_lossy(c).into_owned(),
            }
        }
        (None, false) => {
            return Saved::Conflict {
                current: String::new(),
            }
        }
    }
    if let Some(dir) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Saved::Refused(format!(
                "de map kan niet worden gemaakt: {}",
                verordening_core::project::io_reason(&e)
            ));
        }
    }
    let written = match &current {
        Some(_) => verordening_core::save::replace_file(path, text).map_err(|e| e.reason()),
        None => create_file(path, text),
    };
    match written {
        Ok(()) => Saved::Written {
            previous: current
                .map(|c| String::from_utf8_lossy(&c).into_owned())
                .unwrap_or_default(),
        },
        Err(why) => Saved::Refused(why),
    }
}

/// Create a new file atomically: written to a temporary file next to it, then linked into
/// place only if no file of that name exists meanwhile.
fn create_file(path: &FsPath, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(FsPath::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("bestand");
    let io = |e: std::io::Error| verordening_core::project::io_reason(&e).to_string();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.as_file_mut().write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist_noclobber(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The cases an ordinance's behaviour is compared on: its own test file beside it
/// (`NAAM.test.yaml`, `.json` or `.toml` for `NAAM.vo`, as `verordening test` finds it) and
/// the case files in the folder `casussen` next to it (the handleiding's layout for
/// `diff --cases`).
fn cases_of(path: &FsPath) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) {
        let stem = stem.to_string_lossy();
        for ext in ["yaml", "yml", "json", "toml"] {
            let f = dir.join(format!("{stem}.test.{ext}"));
            if f.is_file() {
                out.push(f);
            }
        }
        let casussen = dir.join("casussen");
        if casussen.is_dir() {
            out.extend(verordening_core::eval::compare::case_files(&casussen));
        }
    }
    out
}

/// The was-wordt of two texts of the same file, as an HTML fragment (and the behavioural
/// diff over its test cases and the cases in the folder `casussen` next to it).
fn was_wordt(
    app: &App,
    path: &FsPath,
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
) -> String {
    let mut project = Project::new();
    project.set_directory(Some(&app.catalog.root));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let old_path = path.with_file_name(format!("{stem}.was.vo"));
    let o = project.load_text(&old_path, old);
    let n = project.load_text(path, new);
    let d = verordening_core::diff::diff(&project, o, n);
    let mut out = String::from(
        "<section class=\"waswordt\" aria-labelledby=\"ww-kop\"><h2 id=\"ww-kop\">Was-wordt</h2>",
    );
    if d.is_empty() {
        out.push_str("<p>Geen verschil in de tekst.</p>");
    } else {
        let full = verordening_core::diff::html(&d, old_name, new_name);
        let body = full
            .split_once("<h2>Wijzigingen</h2>")
            .map(|(_, b)| b)
            .and_then(|b| b.split_once("</body>").map(|(b, _)| b))
            .unwrap_or("");
        out.push_str("<h3>Wijzigingen</h3>");
        out.push_str(&body.replace("<table>", "<table class=\"waswordt-tabel\"><caption>Was-wordt-tabel</caption>").replace("<tr><th></th><th>Was</th><th>Wordt</th></tr>", "<thead><tr><th scope=\"col\">Eenheid</th><th scope=\"col\">Was</th><th scope=\"col\">Wordt</th></tr></thead>"));
    }
    let cases = cases_of(path);
    if !cases.is_empty() {
        let any_errors = [o, n].iter().any(|&i| {
            verordening_core::eval::check_document(&project, i)
                .iter()
                .any(Diagnostic::is_error)
        });
        out.push_str("<h3>Verschillen in uitkomsten (testcasussen en casussen)</h3>");
        if any_errors {
            out.push_str("<p>Een van de versies heeft nog fouten; de uitkomsten worden vergeleken zodra beide foutloos zijn.</p>");
        } else {
            let b = verordening_core::eval::compare::behaviour_of_files(&project, o, n, &cases);
            let _ = write!(
                out,
                "<pre class=\"gedrag\">{}</pre>",
                esc(&verordening_core::eval::compare::markdown(&b))
            );
        }
    }
    out.push_str("</section>");
    out
}

async fn submit(
    app: Arc<App>,
    fields: Vec<(String, String)>,
    action: String,
) -> Result<Response, Problem> {
    let bewaar = fields.iter().any(|(k, v)| k == "actie" && v == "bewaar");
    let a = app.clone();
    let (page_html, status) = blocking(move || {
        let mut r = round(&a, &a.models, &fields, false)?;
        if !bewaar {
            return Ok((form_page(&r, &action, ""), StatusCode::OK));
        }
        let path = project_path(&a, &r.meta.bestand)?;
        if r.unreadable {
            let notice = "<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard</h2><p>Een of meer waarden zijn niet te lezen (zie de meldingen bij de invulplekken). Er is niets geschreven; uw invoer staat nog in het formulier.</p></div>";
            return Ok((form_page(&r, &action, notice), StatusCode::UNPROCESSABLE_ENTITY));
        }
        match save(&a, &path, &r.meta.versie, &r.text) {
            Saved::Written { previous } => {
                r.meta.versie = version_of(r.text.as_bytes());
                let was_new = r.meta.model.is_some();
                let state = if r.errors == 0 {
                    "Het bestand is foutloos.".to_string()
                } else {
                    format!(
                        "Het bestand is bewaard als werk in uitvoering: het heeft nog {} fout(en) en {} open punt(en); zie de meldingen hieronder.",
                        r.errors,
                        r.open.len()
                    )
                };
                let ww = was_wordt(&a, &path, &previous, &r.text, if was_new { "leeg" } else { "vorige versie" }, "bewaarde versie");
                let notice = format!(
                    "<div class=\"bericht\" role=\"status\"><h2>Bewaard</h2><p>Bewaard in {}. {}</p></div>{ww}",
                    esc(&r.meta.bestand),
                    esc(&state)
                );
                // After the first save a new ordinance is an existing file.
                let action = if was_new {
                    r.meta.model = None;
                    format!("/bewerken/{}", r.meta.bestand)
                } else {
                    action
                };
                r.base_text = r.text.clone();
                Ok((form_page(&r, &action, &notice), StatusCode::OK))
            }
            Saved::Conflict { current } if r.meta.model.is_none() && !current.is_empty() => {
                // Someone else saved meanwhile: their changes and this form's are merged
                // slot by slot; nothing is written until the jurist saves again.
                let opened = parse(&r.base_text, verordening_core::diagnostics::FileId(0)).file;
                let now = parse(&current, verordening_core::diagnostics::FileId(0)).file;
                let (merged, conflicts) = merge(&r.sections, &opened, &now, &r.form);
                let mut fields = vec![
                    ("bestand".to_string(), r.meta.bestand.clone()),
                    ("versie".to_string(), version_of(current.as_bytes())),
                    ("geopend".to_string(), current.clone()),
                ];
                for (k, vs) in merged {
                    for v in vs {
                        fields.push((k.clone(), v));
                    }
                }
                let r2 = round(&a, &a.models, &fields, false)?;
                let ww = was_wordt(&a, &path, &current, &r2.text, "versie in de map", "uw versie");
                let both = if conflicts.is_empty() {
                    "<p>Geen invulplek is door u beiden gewijzigd.</p>".to_string()
                } else {
                    let mut b = String::from("<p>Door u beiden gewijzigd (uw keuze staat in het formulier; kijk of die blijft):</p><ul>");
                    for id in &conflicts {
                        let _ = write!(b, "<li><a href=\"#c-{}\">{}</a></li>", anchor(id), esc(&place(id)));
                    }
                    b.push_str("</ul>");
                    b
                };
                let notice = format!(
                    "<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard: het bestand is intussen gewijzigd</h2><p>Iemand anders heeft {} bewaard nadat u het opende. Het formulier bevat nu die versie met uw wijzigingen erin. Hieronder staat wat uw wijzigingen veranderen ten opzichte van de versie in de map. Kies opnieuw Bewaar om ze te bewaren.</p>{both}</div>{ww}",
                    esc(&r.meta.bestand),
                );
                Ok((form_page(&r2, &action, &notice), StatusCode::CONFLICT))
            }
            Saved::Conflict { current } if current.is_empty() => {
                // Opened, then removed or moved by someone else: saving again recreates it.
                r.meta.versie = String::new();
                let notice = format!(
                    "<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard: het bestand is intussen verwijderd</h2><p>{} staat niet meer in de map. Uw invoer staat nog in het formulier; kies opnieuw Bewaar om het bestand opnieuw te maken.</p></div>",
                    esc(&r.meta.bestand),
                );
                Ok((form_page(&r, &action, &notice), StatusCode::CONFLICT))
            }
            Saved::Conflict { current } => {
                let ww = was_wordt(&a, &path, &current, &r.text, "versie in de map", "uw versie");
                let notice = format!(
                    "<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard: het bestand bestaat al</h2><p>Er staat al een bestand {} in de map. Hieronder staat wat uw versie daaraan verandert. Uw invoer staat nog in het formulier. Kies een andere naam, of open het bestaande bestand.</p></div>{ww}",
                    esc(&r.meta.bestand),
                );
                Ok((form_page(&r, &action, &notice), StatusCode::CONFLICT))
            }
            Saved::Refused(why) => {
                let notice = format!(
                    "<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard</h2><p>{}. Uw invoer staat nog in het formulier.</p></div>",
                    esc(&why)
                );
                Ok((form_page(&r, &action, &notice), StatusCode::INTERNAL_SERVER_ERROR))
            }
        }
    })
    .await?;
    Ok(html_page(status, page_html))
}

// ---------------------------------------------------------------- the live check

/// The body of `POST /api/v1/bewerken/controle`: the form's fields as name-value pairs.
#[derive(Debug, Deserialize)]
pub struct ControleVerzoek {
    pub velden: Vec<(String, String)>,
}

/// The answer: diagnostics by slot (as HTML for the page, and as data), the summary and the
/// text as it will be published.
#[derive(Debug, Serialize)]
pub struct ControleAntwoord {
    pub fouten: usize,
    pub waarschuwingen: usize,
    pub meldingen: BTreeMap<String, Vec<Melding>>,
    pub meldingen_html: BTreeMap<String, String>,
    pub algemeen: Vec<Melding>,
    pub open: Vec<String>,
    pub samenvatting_html: String,
    pub algemeen_html: String,
    pub tellers_html: String,
    pub tekst_html: String,
    pub bron: String,
    pub duur_ms: f64,
}

pub async fn controle(
    State(app): State<Arc<App>>,
    Json(v): Json<ControleVerzoek>,
) -> Result<Response, Problem> {
    let a = app.clone();
    let answer = blocking(move || {
        let start = Instant::now();
        let r = round(&a, &a.models, &v.velden, false)?;
        Ok(ControleAntwoord {
            fouten: r.errors,
            waarschuwingen: r.warnings,
            meldingen_html: r
                .by_slot
                .iter()
                .map(|(k, v)| (anchor(k), meldingen_html(v)))
                .collect(),
            samenvatting_html: open_html(&r),
            algemeen_html: general_html(&r),
            tellers_html: counts_html(&r),
            meldingen: r.by_slot,
            algemeen: r.general,
            open: r.open.into_iter().map(|(s, _)| s).collect(),
            tekst_html: r.tekst_html,
            bron: r.text,
            duur_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    })
    .await?;
    Ok(Json(answer).into_response())
}

/// Check a form state as the live check does (for the benchmark and tests).
pub fn check_fields(
    app: &App,
    fields: &[(String, String)],
) -> Result<(usize, usize, String), String> {
    round(app, &app.models, fields, false)
        .map(|r| (r.errors, r.warnings, r.text))
        .map_err(|p| p.detail)
}

// ---------------------------------------------------------------- source view

fn source_page(file: &str, text: &str, versie: &str, ms: &[Melding], notice: &str) -> String {
    let mut main = format!(
        "<h1>Broncode: {f}</h1><p class=\"kruimel\"><a href=\"/bewerken\">Werkbank</a> · <a href=\"/bewerken/{f}\">Invullen met het formulier</a></p>{notice}",
        f = esc(file)
    );
    let _ = write!(
        main,
        "<form method=\"post\" action=\"/bewerken/{f}/bron\" id=\"bronform\">{v}{b}<label for=\"bron\">De tekst van het bestand</label><textarea id=\"bron\" name=\"bron\" rows=\"30\" spellcheck=\"false\" aria-describedby=\"bron-meldingen\">{t}</textarea><div id=\"bron-meldingen\" class=\"meldingen\" aria-live=\"polite\">{m}</div><div class=\"knoppen\"><button type=\"submit\" name=\"actie\" value=\"controleer\">Controleer</button><button type=\"submit\" name=\"actie\" value=\"bewaar\">Bewaar</button></div></form><script src=\"/bewerken/werkbank.js\" defer></script>",
        f = esc(file),
        v = hidden("versie", versie),
        b = hidden("bestand", file),
        t = esc(text),
        m = source_meldingen(ms),
    );
    page(&format!("Broncode {file}"), &main)
}

fn source_meldingen(ms: &[Melding]) -> String {
    if ms.is_empty() {
        return "<p class=\"goed\">Geen meldingen.</p>".into();
    }
    meldingen_html(ms)
}

/// Diagnostics of a source text, with the line each stands on.
fn source_check(app: &App, path: &FsPath, text: &str) -> Vec<Melding> {
    let file = parse(text, verordening_core::diagnostics::FileId(0)).file;
    let (project, i) = match app.models.entry(app, path, text, &file) {
        Some(e) => {
            let mut p = e.project.clone();
            let i = p.load_text(path, text);
            (p, i)
        }
        None => load(app, path, text),
    };
    let Some(doc) = project.doc(i) else {
        return Vec::new();
    };
    let mut diags: Vec<Diagnostic> = project
        .diagnostics
        .iter()
        .filter(|d| d.primary.file == doc.id)
        .cloned()
        .collect();
    diags.extend(verordening_core::eval::check_document(&project, i));
    verordening_core::diagnostics::sort(&mut diags);
    diags
        .iter()
        .map(|d| {
            let mut m = melding(d);
            if d.primary.file == doc.id {
                let (line, _) = project
                    .sources
                    .line_col(doc.id, d.primary.span.start as usize);
                m.bericht = format!("regel {line}: {}", m.bericht);
            }
            m
        })
        .collect()
}

async fn source_open(app: Arc<App>, file: String) -> Result<Response, Problem> {
    let path = project_path(&app, &file)?;
    let a = app.clone();
    let body = blocking(move || {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Problem::new(
                Kind::NotFound,
                format!(
                    "`{file}` kan niet worden gelezen: {}",
                    verordening_core::project::io_reason(&e)
                ),
            )
        })?;
        let ms = source_check(&a, &path, &text);
        Ok(source_page(
            &file,
            &text,
            &version_of(text.as_bytes()),
            &ms,
            "",
        ))
    })
    .await?;
    Ok(html_page(StatusCode::OK, body))
}

async fn source_post(
    app: Arc<App>,
    file: String,
    fields: Vec<(String, String)>,
) -> Result<Response, Problem> {
    let path = project_path(&app, &file)?;
    let e = entries(&fields);
    let text = one_raw(&e, "bron");
    let versie = one(&e, "versie");
    let bewaar = one(&e, "actie") == "bewaar";
    let a = app.clone();
    let (body, status) = blocking(move || {
        let ms = source_check(&a, &path, &text);
        if !bewaar {
            return Ok((source_page(&file, &text, &versie, &ms, ""), StatusCode::OK));
        }
        Ok(match save(&a, &path, &versie, &text) {
            Saved::Written { previous } => {
                let ww = was_wordt(&a, &path, &previous, &text, "vorige versie", "bewaarde versie");
                let notice = format!("<div class=\"bericht\" role=\"status\"><h2>Bewaard</h2><p>Bewaard in {}.</p></div>{ww}", esc(&file));
                (source_page(&file, &text, &version_of(text.as_bytes()), &ms, &notice), StatusCode::OK)
            }
            Saved::Conflict { current } => {
                let ww = was_wordt(&a, &path, &current, &text, "versie in de map", "uw versie");
                let notice = format!("<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard: het bestand is intussen gewijzigd</h2><p>Hieronder staat wat uw tekst verandert ten opzichte van die in de map. Kiest u opnieuw Bewaar, dan vervangt uw tekst die in de map.</p></div>{ww}");
                (source_page(&file, &text, &version_of(current.as_bytes()), &ms, &notice), StatusCode::CONFLICT)
            }
            Saved::Refused(why) => {
                let notice = format!("<div class=\"bericht fout-bericht\" role=\"alert\"><h2>Niet bewaard</h2><p>{}.</p></div>", esc(&why));
                (source_page(&file, &text, &versie, &ms, &notice), StatusCode::INTERNAL_SERVER_ERROR)
            }
        })
    })
    .await?;
    Ok(html_page(status, body))
}

fn one_raw(e: &Entries, k: &str) -> String {
    e.get(k)
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default()
}

/// `POST /api/v1/bewerken/bron`: the diagnostics of a source text (the source view's live
/// check): `{"bestand": ..., "bron": ...}`.
#[derive(Debug, Deserialize)]
pub struct BronVerzoek {
    pub bestand: String,
    pub bron: String,
}

#[derive(Debug, Serialize)]
pub struct BronAntwoord {
    pub meldingen: Vec<Melding>,
    pub meldingen_html: String,
}

pub async fn bron(
    State(app): State<Arc<App>>,
    Json(v): Json<BronVerzoek>,
) -> Result<Response, Problem> {
    let path = project_path(&app, &v.bestand)?;
    let a = app.clone();
    let ms = blocking(move || Ok(source_check(&a, &path, &v.bron))).await?;
    Ok(Json(BronAntwoord {
        meldingen_html: source_meldingen(&ms),
        meldingen: ms,
    })
    .into_response())
}

// ---------------------------------------------------------------- help and compare

/// `/bewerken/hulp/{code}`: the page of a diagnostic code (docs/diagnostics/, embedded).
pub async fn hulp(Path(slug): Path<String>) -> Result<Response, Problem> {
    let Some(text) = super::hulp::page(&slug) else {
        return Err(Problem::new(
            Kind::NotFound,
            format!("geen uitleg voor `{slug}`"),
        ));
    };
    let main = format!(
        "<p class=\"kruimel\"><a href=\"/bewerken\">Werkbank</a></p><h1>Melding vo::{}</h1><pre class=\"uitleg\">{}</pre>",
        esc(&slug),
        esc(text)
    );
    Ok(html_page(
        StatusCode::OK,
        page(&format!("Melding {slug}"), &main),
    ))
}

#[derive(Debug, Deserialize)]
pub struct VergelijkQuery {
    #[serde(default)]
    bestand: Vec<String>,
}

/// `/bewerken/vergelijk?bestand=a&bestand=b`: the choices of several ordinances side by side
/// (as `verordening compare`).
pub async fn vergelijk(
    State(app): State<Arc<App>>,
    raw: axum::extract::RawQuery,
) -> Result<Response, Problem> {
    let pairs: Vec<(String, String)> = raw.0.as_deref().map(url_decode_pairs).unwrap_or_default();
    let q = VergelijkQuery {
        bestand: pairs
            .into_iter()
            .filter(|(k, _)| k == "bestand")
            .map(|(_, v)| v)
            .collect(),
    };
    if q.bestand.is_empty() {
        return Err(Problem::new(
            Kind::NotFound,
            "kies een of meer verordeningen: /bewerken/vergelijk?bestand=...&bestand=...",
        ));
    }
    let paths = q
        .bestand
        .iter()
        .map(|b| project_path(&app, b))
        .collect::<Result<Vec<_>, _>>()?;
    let a = app.clone();
    let table = blocking(move || {
        let mut project = Project::new();
        project.set_directory(Some(&a.catalog.root));
        let mut docs = Vec::new();
        for p in &paths {
            match project.load(p) {
                Some(i) => docs.push(i),
                None => {
                    return Err(Problem::new(
                        Kind::NotFound,
                        format!("`{}` kan niet worden gelezen", p.display()),
                    ))
                }
            }
        }
        Ok(verordening_core::diff::table::table(&project, &docs))
    })
    .await?;
    let Some((headers, rows)) = table else {
        return Err(Problem::new(Kind::Ordinance, "deze verordeningen zijn niet te vergelijken (een ervan heeft fouten, of vult geen model in)"));
    };
    let mut main = String::from("<p class=\"kruimel\"><a href=\"/bewerken\">Werkbank</a></p><h1>Vergelijken</h1><table><caption>De invulplekken van het model en wat elke verordening koos</caption><thead><tr><th scope=\"col\">Invulplek</th>");
    for h in &headers {
        let _ = write!(main, "<th scope=\"col\">{}</th>", esc(h));
    }
    main.push_str("</tr></thead><tbody>");
    for (id, vals) in &rows {
        let _ = write!(main, "<tr><th scope=\"row\"><code>{}</code></th>", esc(id));
        for v in vals {
            let _ = write!(main, "<td>{}</td>", esc(v));
        }
        main.push_str("</tr>");
    }
    main.push_str("</tbody></table>");
    Ok(html_page(StatusCode::OK, page("Vergelijken", &main)))
}

/// `a=1&b=2` decoded (form encoding).
fn url_decode_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
