//! `verordening lsp`: the language server, over stdio.

use super::Exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Communiceer via stdin en stdout (de standaard; editors geven deze optie vaak mee)
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: Args) -> Exit {
    let _ = args.stdio;
    match verordening_lsp::run_stdio() {
        Ok(true) => Exit::Clean,
        // `exit` without `shutdown`, or the editor went away: exit code 1, as LSP prescribes.
        Ok(false) => Exit::Findings,
        Err(e) => {
            eprintln!("fout: de taalserver stopt: {e}");
            Exit::Usage
        }
    }
}
