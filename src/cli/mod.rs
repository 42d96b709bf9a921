//! The command-line interface: one file per command; this module dispatches.

#[macro_use]
mod console;
pub mod batch;
#[cfg(feature = "kolommen")]
mod batch_kolommen;
mod besluit;
pub mod check;
mod compare;
mod dekking;
mod diff;
mod dutch;
mod eval;
mod fmt;
mod import;
mod lsp;
mod output;
mod render;
pub mod schema;
mod serve;
mod shell;
mod test;
mod tijd;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

pub use output::Format;

/// Exit codes, as documented in the README: 0 clean, 1 errors found, 2 usage or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "verordening",
    version,
    about = "Controleer, evalueer, vergelijk en publiceer re-integratieverordeningen"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Controleer verordeningen (bestanden of mappen) op fouten
    Check(check::Args),
    /// Beoordeel een casus: per voorziening de uitkomst, de waarden en de bepalingen
    Eval(eval::Args),
    /// Beoordeel veel casussen: JSON Lines in, JSON Lines uit (één casus per regel)
    Batch(batch::Args),
    /// Het JSON Schema van een casusbestand voor een regeling, of (--uitvoer) van de
    /// JSON-uitvoer van een opdracht
    Schema(schema::Args),
    /// Draai de testcasussen (*.test.yaml) die naast de regelingen staan
    Test(test::Args),
    /// Zet bestanden in de vaste opmaak (commentaar en juridische tekst blijven behouden)
    Fmt(fmt::Args),
    /// Geef een regeling weer als juridische tekst (markdown of html)
    Render(render::Args),
    /// Was-wordt: vergelijk twee versies of twee gemeenten (exit code 1 bij verschillen)
    Diff(diff::Args),
    /// Lees een gepubliceerde verordening in (CVDR-XML of platte tekst) als .vo-bestand
    Import(import::Args),
    /// Het wijzigingsbesluit van OUD naar NIEUW (Artikel I met onderdelen, Artikel II, was-wordt als bijlage)
    Besluit(besluit::Args),
    /// De versies van een regeling, ook die uit wijzigingsbesluiten zijn afgeleid, met hun data
    Versies(tijd::VersiesArgs),
    /// Wat een bepaling op een datum betekende: haar tekst, of vervallen, vernummerd, of
    /// bestond niet
    Tekst(tijd::TekstArgs),
    /// Eén tabel: per invulplek van het model wat elke verordening koos
    Compare(compare::Args),
    /// Dekking: per artikel, lid en onderdeel met normatieve tekst de regels, of de reden waarom er geen is
    Dekking(dekking::Args),
    /// Start de taalserver (LSP via stdin/stdout) voor editors zoals VS Code
    Lsp(lsp::Args),
    /// Start de webserver: een JSON-API voor zaaksystemen en een casusscherm voor
    /// klantmanagers
    Serve(serve::Args),
    /// Schrijf de aanvulling van opdrachten en opties voor een shell (bash, zsh, fish, powershell)
    #[command(alias = "aanvulling")]
    Completions(shell::CompletionsArgs),
    /// Schrijf de handleiding in man-opmaak (roff)
    #[command(alias = "handleiding")]
    Man(shell::ManArgs),
}

pub fn main() -> ExitCode {
    let mut cmd = dutch::localise(Cli::command());
    let matches = cmd.try_get_matches_from_mut(std::env::args_os());
    if let Ok(Some(help)) = matches.as_ref().map(|m| m.subcommand_matches(dutch::HELP)) {
        let exit = match dutch::help_text(&mut cmd, help) {
            Ok(text) => {
                out!("{text}");
                Exit::Clean
            }
            Err(text) => {
                err!("{text}");
                Exit::Usage
            }
        };
        return console::finish(exit).into();
    }
    let parsed = matches
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| e.apply::<dutch::Dutch>());
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Clean
            };
            let _ = e.print();
            return code.into();
        }
    };
    let exit = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Test(args) => test::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Render(args) => render::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(args) => import::run(args),
        Command::Besluit(args) => besluit::run(args),
        Command::Versies(args) => tijd::versies(args),
        Command::Tekst(args) => tijd::tekst(args),
        Command::Compare(args) => compare::run(args),
        Command::Dekking(args) => dekking::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Serve(args) => serve::run_command(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
    };
    console::finish(exit).into()
}

/// A date on the command line (`--op`, `--bekend-op`): 2025-10-01 or "1 oktober 2025".
pub fn parse_datum(s: &str) -> Result<chrono::NaiveDate, String> {
    verordening_core::syntax::parse_date(s.trim())
        .ok_or_else(|| format!("`{s}` is geen datum; schrijf bijvoorbeeld 2025-10-01"))
}
