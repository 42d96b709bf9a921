//! `verordening completions SHELL` and `verordening man [--map MAP]`: what a shell and `man`
//! need, generated from the same (localised) command definition as `--help`, so they can
//! never disagree with the binary that prints them. See docs/design.md, "Completions and
//! the man page".

use super::{dutch, Cli, Exit};
use clap::CommandFactory;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// De shell: bash, zsh, fish, powershell (of elvish)
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Schrijf een pagina per opdracht (verordening.1, verordening-check.1, …) in deze map
    /// in plaats van de hoofdpagina naar stdout
    #[arg(long, value_name = "MAP")]
    map: Option<PathBuf>,
}

/// The command as `--help` shows it (with our Dutch `help` subcommand).
fn command() -> clap::Command {
    let mut cmd = dutch::localise(Cli::command());
    cmd.build();
    cmd
}

pub fn completions(args: CompletionsArgs) -> Exit {
    let mut cmd = command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "verordening", &mut buf);
    out!("{}", String::from_utf8_lossy(&buf));
    Exit::Clean
}

pub fn man(args: ManArgs) -> Exit {
    let cmd = command();
    let Some(dir) = args.map else {
        return match page(&cmd) {
            Ok(text) => {
                out!("{text}");
                Exit::Clean
            }
            Err(e) => io_failure(&e),
        };
    };
    let mut written = 0;
    let pages = std::iter::once(cmd.clone()).chain(cmd.get_subcommands().cloned());
    for sub in pages {
        let name = format!(
            "{}.1",
            sub.get_display_name().unwrap_or_else(|| sub.get_name())
        );
        let result = page(&sub).and_then(|text| std::fs::write(dir.join(&name), text));
        if let Err(e) = result {
            errln!(
                "fout: `{}` kan niet worden geschreven: {}",
                dir.join(&name).display(),
                verordening_core::project::io_reason(&e)
            );
            return Exit::Usage;
        }
        written += 1;
    }
    errln!("{written} pagina's geschreven in {}", dir.display());
    Exit::Clean
}

/// One page in roff, with the section headings clap_mangen writes in English in Dutch.
fn page(cmd: &clap::Command) -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    Ok(text.lines().fold(String::new(), |mut s, line| {
        match line.strip_prefix(".SH ") {
            Some(heading) => {
                s.push_str(".SH ");
                s.push_str(dutch_heading(&heading.to_uppercase()));
            }
            None => s.push_str(line),
        }
        s.push('\n');
        s
    }))
}

/// clap_mangen's section headings in Dutch (our own headings are already Dutch).
fn dutch_heading(heading: &str) -> &str {
    match heading {
        "NAME" => "NAAM",
        "SYNOPSIS" => "GEBRUIK",
        "DESCRIPTION" => "BESCHRIJVING",
        "OPTIONS" => "OPTIES",
        "SUBCOMMANDS" => "OPDRACHTEN",
        "VERSION" => "VERSIE",
        "AUTHORS" => "AUTEURS",
        "EXTRA" => "ZIE OOK",
        other => other,
    }
}

fn io_failure(e: &std::io::Error) -> Exit {
    errln!(
        "fout: de handleiding kan niet worden gemaakt: {}",
        verordening_core::project::io_reason(e)
    );
    Exit::Usage
}
