//! `verordening serve`: an HTTP server for case systems (a JSON API under `/api/v1`) and for
//! case workers (server-rendered pages). Read-only: the ordinances of a folder are loaded
//! once and shared; a changed file is reloaded atomically, and an edit with errors keeps the
//! last good version in service (its diagnostics on `/status`).
//!
//! Body limits are the handlers' own (a whole body for a case or a text, a line for a batch,
//! whose total is unbounded); axum's default limit bounds a posted form.
//!
//! Privacy: case facts are personal data. They are read from the request, evaluated and
//! answered; they are not logged (the access log has method, path, status and time only),
//! not written to disk and not kept after the response.

// Handlers return `Result<_, Problem>`: a problem document is a few strings, built only on the
// error path, and returning it by value keeps the handlers plain.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod bewerken;
pub mod catalog;
pub mod hulp;
pub mod pages;
pub mod problem;
pub mod werkbank;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use catalog::Catalog;
use problem::{Kind, Problem};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Limits for every request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest body (a case, an ordinance text, one line of a batch).
    pub body: usize,
    /// The longest a request may take (a batch: the longest between two answered lines).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body: 1024 * 1024,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What every request can reach.
pub struct App {
    pub catalog: Arc<Catalog>,
    pub token: Option<String>,
    pub limits: Limits,
    /// Write the access log (method, path, status, time; never a body).
    pub log: bool,
    /// `--bewerken`: the authoring workbench may write the project folder.
    pub bewerken: bool,
    /// The workbench's controls per model (computed once per model version).
    pub models: werkbank::Models,
    /// Held while a save checks the version and writes.
    pub write_lock: std::sync::Mutex<()>,
}

/// The routes with their middleware.
pub fn router(app: Arc<App>) -> Router {
    router_with(app, Router::new())
}

/// The routes, with `extra` routes under the same middleware (for tests).
fn router_with(app: Arc<App>, extra: Router<Arc<App>>) -> Router {
    let extra = if app.bewerken {
        extra
            .route("/bewerken", get(werkbank::index))
            .route("/bewerken/werkbank.js", get(werkbank::script))
            .route(
                "/bewerken/nieuw",
                get(werkbank::nieuw).post(werkbank::nieuw_post),
            )
            .route("/bewerken/vergelijk", get(werkbank::vergelijk))
            .route("/bewerken/hulp/{code}", get(werkbank::hulp))
            .route(
                "/bewerken/{*pad}",
                get(werkbank::open).post(werkbank::open_post),
            )
            .route("/api/v1/bewerken/controle", post(werkbank::controle))
            .route("/api/v1/bewerken/bron", post(werkbank::bron))
    } else {
        extra
    };
    let api = extra
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/regelingen", get(api::regelingen))
        .route("/api/v1/regelingen/{id}/schema", get(api::schema))
        .route(
            "/api/v1/regelingen/{id}/beoordelingen",
            post(api::beoordeling),
        )
        .route(
            "/api/v1/regelingen/{id}/beoordelingen:batch",
            post(api::batch),
        )
        .route("/api/v1/regelingen/{id}/tekst", get(api::tekst))
        .route("/api/v1/regelingen/{id}/bepaling", get(api::bepaling))
        .route("/api/v1/controle", post(api::controle))
        .route("/", get(pages::index))
        .route("/status", get(pages::status))
        .route("/stijl.css", get(pages::stylesheet))
        .route("/favicon.ico", get(pages::favicon))
        .route("/regelingen/{id}", get(pages::text))
        .route(
            "/regelingen/{id}/casus",
            get(pages::case_form).post(pages::case_submit),
        )
        .route("/regelingen/{id}/casus/yaml", post(pages::case_yaml))
        .route("/regelingen/{id}/casus/rapport", post(pages::case_print))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard));
    Router::new()
        .route("/health", get(api::health))
        .merge(api)
        .layer(middleware::from_fn_with_state(app.clone(), timeout))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(pages::html_errors))
        .layer(middleware::from_fn_with_state(app.clone(), access_log))
        .with_state(app)
}

async fn not_found() -> Problem {
    Problem::new(Kind::NotFound, "deze pagina bestaat niet")
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Problem::new(
        Kind::Internal,
        "er ging iets mis bij dit verzoek; de server draait door",
    )
    .into_response()
}

/// The bearer token, when the server has one (every route but `/health`).
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Some(token) = &app.token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
            let mut r = Problem::new(
                Kind::Unauthorized,
                "stuur het token mee: Authorization: Bearer <token>",
            )
            .into_response();
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return r;
        }
    }
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    // Pages load nothing from elsewhere; a case screen is never cached (it holds facts).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// The policy of every page: nothing from elsewhere, no script, no framing.
pub(crate) const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A request that takes longer than the limit gets a problem document. A streamed batch
/// answers as it goes: the limit bounds the time to its first line.
async fn timeout(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(app.limits.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => Problem::new(
            Kind::Timeout,
            format!(
                "het verzoek duurde langer dan {} seconden",
                app.limits.timeout.as_secs()
            ),
        )
        .into_response(),
    }
}

/// The access log: method, path (without query), status and time; nothing of a body.
async fn access_log(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    if app.log {
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        let line = format!(
            "{now} {method} {path} {} {ms:.1}ms\n",
            response.status().as_u16()
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
    response
}

/// Options of `verordening serve`.
pub struct Options {
    pub folder: PathBuf,
    pub address: SocketAddr,
    pub token: Option<String>,
    pub limits: Limits,
    /// How often to look for changed files (`None`: never).
    pub reload: Option<Duration>,
    pub log: bool,
    /// `--bewerken`: serve the authoring workbench, which writes the folder.
    pub bewerken: bool,
}

/// Load the folder, bind, print the address on stdout, and serve until interrupted.
pub fn run(options: Options) -> Result<(), String> {
    let started = Instant::now();
    // Editing writes the folder: beyond this machine only with a token (behind a proxy that
    // signs its users in).
    if options.bewerken && options.token.is_none() && !options.address.ip().is_loopback() {
        return Err(format!(
            "--bewerken op {} vraagt een token (--token-bestand): wie de server kan bereiken, kan de regelingen wijzigen",
            options.address
        ));
    }
    // A panic (caught per request) is reported by its place in the code only: its message
    // could hold data of the case at hand.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("interne fout ({place}); het verzoek kreeg een foutmelding");
    }));
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let catalog = Catalog::open(&options.folder, workers).map_err(|e| {
        format!(
            "`{}` kan niet worden gelezen: {}",
            options.folder.display(),
            verordening_core::project::io_reason(&e)
        )
    })?;
    let catalog = Arc::new(catalog);
    for (id, up, failure) in catalog.status() {
        if let Some(f) = failure {
            eprintln!("regeling `{id}` is niet in dienst: {}", f.message);
            if !f.diagnostics.is_empty() {
                eprintln!("{}", f.diagnostics);
            }
        } else if up {
            eprintln!("regeling `{id}` in dienst");
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("de server kan niet starten: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.address)
            .await
            .map_err(|e| format!("kan niet luisteren op {}: {e}", options.address))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("kan niet luisteren op {}: {e}", options.address))?;
        let app = Arc::new(App {
            catalog: catalog.clone(),
            token: options.token,
            limits: options.limits,
            log: options.log,
            bewerken: options.bewerken,
            models: Default::default(),
            write_lock: Default::default(),
        });
        if let Some(every) = options.reload {
            tokio::spawn(watch(catalog, every));
        }
        let stop = stop_signal().map_err(|e| format!("de server kan niet starten: {e}"))?;
        println!("luistert op http://{local}/");
        eprintln!("gestart in {} ms", started.elapsed().as_millis());
        let _ = std::io::stdout().flush();
        // On SIGTERM or Ctrl-C: stop accepting, let the requests in flight finish (an idle
        // keep-alive connection is closed at once), and wait at most the request time limit
        // for them; then stop anyway, so a slow client cannot hold a stop up.
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let serving = axum::serve(listener, router(app)).with_graceful_shutdown(async move {
            stop.await;
            eprintln!("stoppen: geen nieuwe verbindingen; lopende verzoeken worden afgemaakt");
            let _ = stopping_tx.send(());
        });
        let grace = options.limits.timeout;
        let deadline = async move {
            if stopping_rx.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            served = serving => {
                served.map_err(|e| format!("de server is gestopt: {e}"))?;
                eprintln!("gestopt");
            }
            () = deadline => eprintln!(
                "gestopt na {} seconden; verzoeken die nog liepen zijn afgebroken",
                grace.as_secs()
            ),
        }
        Ok::<(), String>(())
    })?;
    // A blocking task still running (a reload, a controle) is not waited for long.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// SIGTERM (a service manager, a container runtime) or Ctrl-C (SIGINT). The handlers are
/// installed when this is called, before the address is printed: a signal that comes as soon
/// as a supervisor sees the address is not lost (nor does it kill the process outright).
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

/// Look for changed ordinances every `every` and reload them (off the async threads).
async fn watch(catalog: Arc<Catalog>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        let c = catalog.clone();
        let reloaded = tokio::task::spawn_blocking(move || c.reload_changed()).await;
        if let Ok(ids) = reloaded {
            for id in ids {
                let failed = catalog
                    .status()
                    .into_iter()
                    .find(|(i, _, _)| *i == id)
                    .and_then(|(_, _, f)| f);
                match failed {
                    None => eprintln!("regeling `{id}` opnieuw geladen"),
                    Some(f) => eprintln!(
                        "regeling `{id}` gewijzigd maar niet geladen ({}); de vorige versie blijft in dienst",
                        f.message
                    ),
                }
            }
        }
    }
}

/// A plain-text or HTML response with a status.
pub fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut r = (status, Body::from(body)).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    async fn start(limits: Limits) -> String {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("ordinances/wet");
        let catalog = Arc::new(Catalog::open(&root, 1).unwrap_or_else(|e| panic!("{e}")));
        let app = Arc::new(App {
            catalog,
            token: None,
            limits,
            log: false,
            bewerken: false,
            models: Default::default(),
            write_lock: Default::default(),
        });
        let extra = Router::new()
            .route(
                "/test/paniek",
                get(|| async {
                    let v: Vec<u8> = Vec::new();
                    // An index out of bounds, as a bug would.
                    #[allow(clippy::indexing_slicing)]
                    let b = v[v.len()];
                    b.to_string()
                }),
            )
            .route(
                "/test/traag",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "te laat"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, router_with(app, extra)).await;
        });
        format!("http://{addr}")
    }

    async fn problem_code(url: &str) -> (u16, String) {
        let r = reqwest::get(url).await.unwrap_or_else(|e| panic!("{e}"));
        let status = r.status().as_u16();
        let body: serde_json::Value = r.json().await.unwrap_or_else(|e| panic!("{e}"));
        (status, body["code"].as_str().unwrap_or("").to_string())
    }

    #[tokio::test]
    async fn a_panic_fails_one_request_and_the_server_serves_on() {
        let base = start(Limits::default()).await;
        for _ in 0..3 {
            assert_eq!(
                problem_code(&format!("{base}/test/paniek")).await,
                (500, "serve::interne-fout".to_string())
            );
        }
        let health = reqwest::get(format!("{base}/health"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(health.status().as_u16(), 200);
    }

    #[tokio::test]
    async fn a_slow_request_gets_a_problem_after_the_time_limit() {
        let base = start(Limits {
            body: 1024,
            timeout: Duration::from_millis(300),
        })
        .await;
        let t = Instant::now();
        assert_eq!(
            problem_code(&format!("{base}/test/traag")).await,
            (503, "serve::te-traag".to_string())
        );
        assert!(t.elapsed() < Duration::from_secs(3));
    }
}
