//! `verordening import cvdr BESTAND.xml` and `verordening import tekst BESTAND.txt`: a published
//! ordinance in, a `.vo` file out (src/import). The result is parsed and checked before it is
//! written; with errors nothing is written.

use super::{output, Exit};
use std::path::{Path, PathBuf};
use verordening_core::diagnostics::Diagnostic;
use verordening_core::import::{import, Kop, Model, Soort};
use verordening_core::project::{read_source, Project};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    soort: SoortArg,
}

#[derive(Debug, clap::Subcommand)]
enum SoortArg {
    /// Een CVDR-publicatie (XML van lokaleregelgeving.overheid.nl)
    Cvdr(Common),
    /// Een verordening als platte tekst ("Artikel 3.3.4", "1.", "a." op eigen regels)
    Tekst(Common),
}

#[derive(Debug, clap::Args)]
struct Common {
    /// Het bestand met de publicatie
    #[arg(value_name = "BESTAND")]
    file: PathBuf,
    /// Schrijf de verordening naar dit bestand (anders naar het scherm)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
    /// Een bestaand uitvoerbestand vervangen
    #[arg(long)]
    overschrijven: bool,
    /// Vergelijk met dit model (mag vaker): volgt de verordening het model, dan wordt zij een
    /// invulling ervan (`invulling`, `keuze`, `overgenomen`), met afwijkende artikelen als eigen
    /// tekst; anders krijgen artikelen die het model volgen `model N`
    #[arg(long = "model", value_name = "MODEL")]
    models: Vec<PathBuf>,
    /// De citeertitel (anders: uit de publicatie, of de eerste regel van de tekst)
    #[arg(long, value_name = "TITEL")]
    citeertitel: Option<String>,
    /// De gemeente (anders: uit de publicatie)
    #[arg(long, value_name = "GEMEENTE")]
    gemeente: Option<String>,
    /// De datum van inwerkingtreding, JJJJ-MM-DD (anders: uit de publicatie)
    #[arg(long, value_name = "DATUM")]
    inwerkingtreding: Option<chrono::NaiveDate>,
}

pub fn run(args: Args) -> Exit {
    let (soort, c) = match args.soort {
        SoortArg::Cvdr(c) => (Soort::Cvdr, c),
        SoortArg::Tekst(c) => (Soort::Tekst, c),
    };
    let mut project = Project::new();
    let text = match read_source(&c.file) {
        Ok(t) => t,
        Err(e) => {
            errln!(
                "`{}` kan niet worden gelezen: {}",
                c.file.display(),
                e.reason()
            );
            return Exit::Usage;
        }
    };
    let file = project.sources.add(&c.file, text.as_str());
    // The models: loaded and checked like any regeling; one that does not load is an error.
    let mut model_idx = Vec::new();
    for m in &c.models {
        match project.load(m) {
            Some(i) => model_idx.push((m.clone(), i)),
            None => {
                output::print(
                    &project.sources,
                    &project.diagnostics,
                    output::Format::Human,
                );
                return Exit::Usage;
            }
        }
    }
    let models: Vec<Model> = model_idx
        .iter()
        .filter_map(|(p, i)| {
            project.doc(*i).map(|d| Model {
                naam: model_name(p, d),
                file: &d.ast,
                pad: Some(p.clone()),
            })
        })
        .collect();
    let bron = c
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| c.file.display().to_string());
    // Where the result goes: the model's path in the header is relative to it, and the
    // result is checked there before it is written.
    let target = c.uit.clone().unwrap_or_else(|| c.file.with_extension("vo"));
    let kop = Kop {
        citeertitel: c.citeertitel.clone(),
        gemeente: c.gemeente.clone(),
        inwerkingtreding: c.inwerkingtreding,
        uit: Some(target.clone()),
    };
    let uitkomst = match import(soort, file, &text, &bron, &kop, &models) {
        Ok(u) => u,
        Err(d) => {
            output::print(&project.sources, &[d], output::Format::Human);
            return Exit::Findings;
        }
    };
    drop(models);
    // Remarks: located ones as warnings on the source, the model comparison as lines.
    let located: Vec<Diagnostic> = uitkomst
        .meldingen
        .iter()
        .filter_map(|m| {
            m.span.map(|s| {
                verordening_core::import::error(file, s, m.tekst.clone())
                    .warning()
                    .label("hier")
            })
        })
        .collect();
    if !located.is_empty() {
        output::print(&project.sources, &located, output::Format::Human);
    }
    for m in uitkomst.meldingen.iter().filter(|m| m.span.is_none()) {
        errln!("let op: {}", m.tekst);
    }
    // The result must itself be a valid ordinance before it is written.
    let mut check = Project::new();
    let index = check.load_text(&target, &uitkomst.vo);
    let mut diags = std::mem::take(&mut check.diagnostics);
    diags.extend(verordening_core::eval::check_document(&check, index));
    if diags.iter().any(|d| d.is_error()) {
        errln!("de ingelezen verordening is zelf niet geldig; er is niets geschreven:");
        output::print(&check.sources, &diags, output::Format::Human);
        return Exit::Findings;
    }
    match &c.uit {
        None => out!("{}", uitkomst.vo),
        Some(path) => {
            if let Err(e) = write_new(path, &uitkomst.vo, c.overschrijven) {
                errln!("`{}` kan niet worden geschreven: {e}", path.display());
                return Exit::Usage;
            }
            errln!("geschreven: {}", path.display());
        }
    }
    for line in summary(&uitkomst, &diags) {
        errln!("{line}");
    }
    Exit::Clean
}

/// What came in, and what the check of the result says: how many articles are a fill-in of the
/// model, which leden and articles are own text, and the check's warnings, one line each.
fn summary(u: &verordening_core::import::Uitkomst, diags: &[Diagnostic]) -> Vec<String> {
    use verordening_core::import::invulling::{Lezing, LidAfwijking};
    let mut out = Vec::new();
    let list = |v: &[String]| {
        if v.is_empty() {
            "geen".to_string()
        } else {
            v.join(", ")
        }
    };
    if let (Some((naam, _)), Some(inv)) = (&u.herkenning, &u.invulling) {
        let mut ingevuld = 0;
        let (mut leden, mut eigen_tekst, mut eigen) = (Vec::new(), Vec::new(), Vec::new());
        for (nr, l) in &inv.artikelen {
            match l {
                Lezing::Ingevuld => ingevuld += 1,
                Lezing::EigenLeden(ls) => {
                    ingevuld += 1;
                    for (lid, w) in ls {
                        let what = match w {
                            LidAfwijking::Vervangen(_) => "",
                            LidAfwijking::Toegevoegd => " (toegevoegd)",
                            LidAfwijking::Weggelaten => " (weggelaten)",
                        };
                        leden.push(format!("artikel {nr} lid {lid}{what}"));
                    }
                }
                Lezing::EigenTekst(_) => eigen_tekst.push(nr.clone()),
                Lezing::Eigen => eigen.push(nr.clone()),
            }
        }
        out.push(format!(
            "invulling van {naam}: {ingevuld} artikelen ingevuld ({} invullingen, {} keuzes, {} overnemingen); eigen leden: {}; eigen tekst in plaats van het model: {}; eigen artikelen: {}",
            inv.invullingen,
            inv.keuzes,
            inv.overnemingen,
            list(&leden),
            list(&eigen_tekst),
            list(&eigen),
        ));
        let blokken: Vec<&str> = inv
            .eigen_blokken
            .iter()
            .map(|(b, _)| {
                if b == "aanhef" {
                    "aanhef"
                } else {
                    "slotformule"
                }
            })
            .collect();
        if !blokken.is_empty() {
            out.push(format!("eigen tekst: {}", blokken.join(" en ")));
        }
    } else if let Some((naam, h)) = &u.herkenning {
        if h.volgt_model() {
            let n = |k: usize, een: &str, meer: &str| {
                format!("{k} {}", if k == 1 { een } else { meer })
            };
            out.push(format!(
                "{naam}: {} het model, {} af, {}",
                n(h.gevolgd.len(), "artikel volgt", "artikelen volgen"),
                n(h.afwijkend.len(), "wijkt", "wijken"),
                n(h.eigen.len(), "eigen artikel", "eigen artikelen")
            ));
        } else {
            out.push(format!("de verordening volgt {naam} niet (minder dan de helft van de artikelen heeft een tegenhanger in het model)"));
        }
    }
    let warnings: Vec<&Diagnostic> = diags.iter().filter(|d| !d.is_error()).collect();
    out.push(format!(
        "controle: 0 fouten, {} waarschuwing{}",
        warnings.len(),
        if warnings.len() == 1 { "" } else { "en" }
    ));
    for w in warnings {
        out.push(format!("  {}: {}", w.code.as_str(), w.message));
    }
    out
}

fn model_name(path: &Path, d: &verordening_core::project::Document) -> String {
    let versie = d
        .ast
        .header
        .meta
        .iter()
        .find_map(|m| match (&m.key, &m.value) {
            (
                verordening_core::syntax::MetaKey::Other(k),
                verordening_core::syntax::MetaValue::Text(t),
            ) if k == "versie" => Some(t.value.clone()),
            _ => None,
        });
    match versie {
        Some(v) => format!("het model \"{}\" ({v})", d.ast.header.title.value),
        None => format!("het model {}", path.display()),
    }
}

/// Write `text` to `path`: a new file, or with `overwrite` a replacement, atomically.
fn write_new(path: &Path, text: &str, overwrite: bool) -> Result<(), String> {
    if path.exists() {
        if !overwrite {
            return Err("het bestand bestaat al (gebruik --overschrijven)".into());
        }
        return verordening_core::save::replace_file(path, text).map_err(|e| e.reason());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A new municipality's folder is made with its first file.
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| e.to_string())?;
    tmp.persist_noclobber(path)
        .map_err(|e| e.error.to_string())?;
    Ok(())
}
