//! What the browser tests share: chromedriver started on a free port and killed when
//! dropped, a path among candidates, chromedriver's logs (the console and the DevTools
//! events), and axe-core run on a page (WCAG 2.1 A and AA).
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use fantoccini::Client;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Child;

pub struct Driver(pub Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn find(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
}

/// `/session/{id}/se/log`: chromedriver's log of a kind (browser: the console; performance:
/// the DevTools events, among them every network request).
#[derive(Debug)]
pub struct GetLog(pub &'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

pub async fn log(c: &Client, kind: &'static str) -> Vec<Value> {
    match c.issue_cmd(GetLog(kind)).await.unwrap() {
        Value::Array(a) => a,
        other => panic!("unexpected log {other}"),
    }
}

/// Run axe-core (its source given) on the page and fail on any WCAG 2.1 A/AA violation.
pub async fn axe(c: &Client, source: &str, page: &str) {
    c.execute(source, vec![]).await.unwrap();
    let violations = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
               .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(violations, json!([]), "axe-core on {page}");
}
