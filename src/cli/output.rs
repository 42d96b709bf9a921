//! Printing diagnostics in the chosen format.

use std::io::IsTerminal;
use verordening_core::diagnostics::{self, Diagnostic, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Leesbaar, met de bepaling aangewezen in de tekst (ook: `tekst`, en het oudere `human`)
    #[value(name = "text", alias = "tekst", alias = "human")]
    Human,
    /// JSON voor andere programma's
    Json,
    /// GitHub Actions-annotaties
    Github,
    /// SARIF 2.1.0 voor code scanning
    Sarif,
}

/// Print diagnostics; human output goes to stderr, machine formats to stdout.
pub fn print(sources: &SourceMap, diags: &[Diagnostic], format: Format) {
    match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = diagnostics::render_human(sources, diags, color, 100);
            err!("{text}");
        }
        Format::Json => outln!("{}", diagnostics::render_json(sources, diags)),
        Format::Github => out!("{}", diagnostics::render_github(sources, diags)),
        Format::Sarif => outln!("{}", diagnostics::render_sarif(sources, diags)),
    }
}
