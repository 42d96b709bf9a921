//! The server loop: lifecycle (initialize, shutdown, exit), the open documents, and dispatch
//! of requests and notifications to the features.
//!
//! Synchronous and single-threaded apart from one reader thread, which lets the loop see
//! whether more messages are waiting: diagnostics are computed once the client stops sending
//! (a burst of `didChange` while typing is checked once, for the last text), and a request
//! always sees the latest text. A handler that panics (a bug, never expected) is answered
//! with an internal error and the server carries on.

use super::analysis::Analysis;
use super::documents::Documents;
use super::position::LineIndex;
use super::transport::{self, Incoming};
use super::{completion, definition, diagnostics, formatting, hover, symbols};
use lsp_server::{ErrorCode, Message, Notification, Request, Response, ResponseError};
use lsp_types::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, TryRecvError};

/// Run the server until `exit` or the end of the input. Returns whether the client asked for
/// `shutdown` first (the process then exits with 0, else with 1, as the protocol says).
pub fn run(input: impl BufRead + Send + 'static, output: impl Write) -> io::Result<bool> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("lsp-lezer".into())
        .spawn(move || {
            let mut input = input;
            while let Ok(Some(m)) = transport::read(&mut input) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        })?;
    let mut server = Server::new(output);
    loop {
        let incoming = if server.stale.is_empty() {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            }
        } else {
            match rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => {
                    server.publish_stale()?;
                    continue;
                }
                Err(TryRecvError::Disconnected) => break,
            }
        };
        if server.handle(incoming)? == Flow::Exit {
            break;
        }
    }
    Ok(server.shutdown)
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

struct Server<W: Write> {
    out: W,
    docs: Documents,
    /// Analyses of open documents, dropped whenever any open document changes (each one's
    /// chain may contain the changed one).
    analyses: BTreeMap<Url, Analysis>,
    /// Open documents whose diagnostics must be published again.
    stale: BTreeSet<Url>,
    initialized: bool,
    shutdown: bool,
}

type Answer = Result<Value, ResponseError>;

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            docs: Documents::default(),
            analyses: BTreeMap::new(),
            stale: BTreeSet::new(),
            initialized: false,
            shutdown: false,
        }
    }

    fn handle(&mut self, incoming: Incoming) -> io::Result<Flow> {
        match incoming {
            Incoming::Invalid { code, message, id } => {
                transport::write_error(&mut self.out, id.as_ref(), code, &message)?;
            }
            Incoming::Message(Message::Request(req)) => {
                let id = req.id.clone();
                let answer = match catch_unwind(AssertUnwindSafe(|| self.request(req))) {
                    Ok(answer) => answer,
                    Err(_) => Err(error(ErrorCode::InternalError, "interne fout in de server")),
                };
                let response = Response {
                    id,
                    response_result: answer,
                };
                transport::write(&mut self.out, &Message::Response(response))?;
            }
            Incoming::Message(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Ok(Flow::Exit);
                }
                // Before `initialize`, notifications are dropped (the protocol says so).
                if self.initialized {
                    let method = n.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                        eprintln!("verordening lsp: interne fout bij `{method}`");
                    }
                }
            }
            // The server sends no requests, so it expects no responses.
            Incoming::Message(Message::Response(_)) => {}
        }
        Ok(Flow::Continue)
    }

    fn request(&mut self, req: Request) -> Answer {
        if !self.initialized && req.method != "initialize" {
            return Err(error(
                ErrorCode::ServerNotInitialized,
                "de server is nog niet geïnitialiseerd",
            ));
        }
        if self.shutdown {
            return Err(error(
                ErrorCode::InvalidRequest,
                "de server wordt afgesloten",
            ));
        }
        match req.method.as_str() {
            "initialize" => {
                if self.initialized {
                    return Err(error(
                        ErrorCode::InvalidRequest,
                        "de server is al geïnitialiseerd",
                    ));
                }
                let _: InitializeParams = params(req.params)?;
                self.initialized = true;
                answer(initialize_result())
            }
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                let p: HoverParams = params(req.params)?;
                answer(
                    self.at(&p.text_document_position_params, hover::hover)
                        .flatten(),
                )
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params(req.params)?;
                let location = self
                    .at(&p.text_document_position_params, definition::definition)
                    .flatten();
                answer(location.map(GotoDefinitionResponse::Scalar))
            }
            "textDocument/completion" => {
                let p: CompletionParams = params(req.params)?;
                let items = self
                    .at(&p.text_document_position, completion::completion)
                    .unwrap_or_default();
                answer(CompletionResponse::Array(items))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params(req.params)?;
                let symbols = self.analysis(&p.text_document.uri).and_then(|a| {
                    let doc = a.doc()?;
                    Some(symbols::document_symbols(&doc.ast, a.text(doc.id)))
                });
                answer(symbols.map(DocumentSymbolResponse::Nested))
            }
            "textDocument/formatting" => {
                let p: DocumentFormattingParams = params(req.params)?;
                let Some(doc) = self.docs.get(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                match formatting::format(&doc.text) {
                    Some(edits) => answer(edits),
                    None => {
                        self.show_message(
                            MessageType::WARNING,
                            "Niet opgemaakt: het bestand bevat syntaxfouten. Los die eerst op.",
                        );
                        Ok(Value::Null)
                    }
                }
            }
            _ => Err(error(
                ErrorCode::MethodNotFound,
                &format!("onbekend verzoek `{}`", req.method),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    self.docs.open(d.uri, d.text, d.version);
                    self.invalidate();
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let mut text = self
                        .docs
                        .get(&uri)
                        .map(|d| d.text.clone())
                        .unwrap_or_default();
                    for change in p.content_changes {
                        apply_change(&mut text, change);
                    }
                    self.docs.change(&uri, text, p.text_document.version);
                    self.invalidate();
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if self.docs.close(&uri).is_some() {
                        self.publish(uri, Vec::new(), None);
                    }
                    self.invalidate();
                }
            }
            // A file on disk changed: a layer that is not open may be different now.
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => self.invalidate(),
            _ => {}
        }
    }

    /// Drop all analyses; every open document gets new diagnostics.
    fn invalidate(&mut self) {
        self.analyses.clear();
        self.stale = self.docs.iter().map(|d| d.uri.clone()).collect();
    }

    fn analysis(&mut self, uri: &Url) -> Option<&Analysis> {
        if !self.analyses.contains_key(uri) {
            let doc = self.docs.get(uri)?;
            let analysis = Analysis::new(&self.docs, &doc.path)?;
            self.analyses.insert(uri.clone(), analysis);
        }
        self.analyses.get(uri)
    }

    /// Run a feature at a position of an open document.
    fn at<T>(
        &mut self,
        pos: &TextDocumentPositionParams,
        feature: impl FnOnce(&Analysis, usize) -> T,
    ) -> Option<T> {
        let analysis = self.analysis(&pos.text_document.uri)?;
        let offset = LineIndex::new(analysis.text(analysis.file()?)).offset(pos.position);
        Some(feature(analysis, offset))
    }

    fn publish_stale(&mut self) -> io::Result<()> {
        let stale = std::mem::take(&mut self.stale);
        for uri in stale {
            let version = self.docs.get(&uri).map(|d| d.version);
            let found = catch_unwind(AssertUnwindSafe(|| {
                self.analysis(&uri).map(diagnostics::for_document)
            }));
            let diags = match found {
                Ok(d) => d.unwrap_or_default(),
                Err(_) => {
                    eprintln!("verordening lsp: interne fout bij het controleren van {uri}");
                    Vec::new()
                }
            };
            self.publish(uri, diags, version);
        }
        Ok(())
    }

    fn publish(&mut self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn show_message(&mut self, typ: MessageType, message: &str) {
        let params = ShowMessageParams {
            typ,
            message: message.to_string(),
        };
        self.notify("window/showMessage", params);
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        let n = Notification::new(method.to_string(), params);
        if let Err(e) = transport::write(&mut self.out, &Message::Notification(n)) {
            eprintln!("verordening lsp: kan niet schrijven: {e}");
        }
    }
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".into(), ",".into(), ".".into()]),
                ..CompletionOptions::default()
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "verordening".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// Apply one content change: a whole new text, or (from clients that send ranges anyway) a
/// replacement of a range.
fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, ResponseError> {
    serde_json::from_value(value).map_err(|e| {
        error(
            ErrorCode::InvalidParams,
            &format!("ongeldige parameters: {e}"),
        )
    })
}

fn answer(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))
}

fn error(code: ErrorCode, message: &str) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.to_string(),
        data: None,
    }
}
