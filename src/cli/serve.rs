//! `verordening serve [MAP] [--adres 127.0.0.1:8080] [--token-bestand F]`

use super::Exit;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use verordening_serve::{run, Limits, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De map met regelingen (elke submap met .vo-bestanden is een regeling met haar versies);
    /// standaard de huidige map
    #[arg(value_name = "MAP", default_value = ".", hide_default_value = true)]
    folder: PathBuf,
    /// Adres en poort om op te luisteren; standaard 127.0.0.1:8080 (alleen deze machine)
    #[arg(
        long,
        value_name = "ADRES",
        default_value = "127.0.0.1:8080",
        hide_default_value = true
    )]
    adres: SocketAddr,
    /// Een bestand met het token dat elk verzoek moet meesturen (Authorization: Bearer ...)
    #[arg(long, value_name = "BESTAND")]
    token_bestand: Option<PathBuf>,
    /// Grootste inhoud van een verzoek in bytes (een casus, een regel van een batch); standaard
    /// 1048576 (1 MiB)
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024, hide_default_value = true)]
    max_inhoud: usize,
    /// Langste duur van een verzoek in seconden; standaard 10
    #[arg(
        long,
        value_name = "SECONDEN",
        default_value_t = 10,
        hide_default_value = true
    )]
    max_duur: u64,
    /// Hoe vaak (in milliseconden) de server kijkt of een regeling is gewijzigd; standaard
    /// 1000, 0 is nooit
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 1000,
        hide_default_value = true
    )]
    herlaad_ms: u64,
    /// Geen toegangslog op stderr
    #[arg(long)]
    stil: bool,
    /// Zet de werkbank aan (/bewerken): regelingen invullen en bewaren in de map; buiten
    /// deze machine alleen met --token-bestand
    #[arg(long)]
    bewerken: bool,
}

pub fn run_command(args: Args) -> Exit {
    let token = match &args.token_bestand {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Ok(_) => {
                errln!("fout: `{}` bevat geen token", path.display());
                return Exit::Usage;
            }
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    path.display(),
                    verordening_core::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        },
    };
    let options = Options {
        folder: args.folder,
        address: args.adres,
        token,
        limits: Limits {
            body: args.max_inhoud,
            timeout: Duration::from_secs(args.max_duur.max(1)),
        },
        reload: (args.herlaad_ms > 0).then(|| Duration::from_millis(args.herlaad_ms)),
        log: !args.stil,
        bewerken: args.bewerken,
    };
    match run(options) {
        Ok(()) => Exit::Clean,
        Err(m) => {
            errln!("fout: {m}");
            Exit::Usage
        }
    }
}
