//! `verordening besluit OUD NIEUW [--format markdown|html] [--vastgesteld DATUM]`: the
//! wijzigingsbesluit from OUD to NIEUW (src/besluit.rs), with the was-wordt table as bijlage.

use super::eval::load_failure;
use super::{output, Exit};
use std::path::PathBuf;
use verordening_core::besluit::{besluit, html, markdown, Invoer};
use verordening_core::eval::load::LoadError;
use verordening_core::project::Project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BesluitFormat {
    /// Markdown, voor een wiki of een repository
    Markdown,
    /// Een zelfstandige HTML-pagina
    Html,
    /// JSON voor andere programma's: de onderdelen met hun instructies
    Json,
    /// Een Word-document (met --uit BESTAND.docx), met de was-wordt-tabel als bijlage
    Docx,
    /// Het besluit in de taal (een .wb-bestand: onderdelen met komt te luiden, vervalt, wordt
    /// ingevoegd, wordt vernummerd), alleen voor een regeling met eigen artikelen
    Vo,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De geldende versie, eventueel tussenversies (elk met een eigen `geldig vanaf`), en de
    /// nieuwe versie: een onderdeel treedt in werking op de datum van de eerste versie waarin
    /// het geldt
    #[arg(value_name = "VERSIE", num_args = 1.., required = true)]
    versies: Vec<PathBuf>,
    /// Pas dit besluit (een .wb-bestand) toe op de eerste versie: met één versie wordt de
    /// geconsolideerde tekst geschreven, met twee wordt gecontroleerd dat het besluit precies
    /// de tweede oplevert (exit code 1 bij verschillen)
    #[arg(long, value_name = "BESLUIT.wb")]
    toepassen: Option<PathBuf>,
    /// Uitvoerformaat
    #[arg(long, value_enum, default_value = "markdown", value_name = "FORMAAT")]
    format: BesluitFormat,
    /// De datum waarop de raad besluit (JJJJ-MM-DD): ligt de datum van inwerkingtreding
    /// daarvoor, dan werkt het besluit terug
    #[arg(long, value_name = "DATUM")]
    vastgesteld: Option<chrono::NaiveDate>,
    /// Schrijf naar dit bestand (voor --format docx)
    #[arg(short = 'o', long = "uit", value_name = "UIT")]
    uit: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    if let Some(wb) = &args.toepassen {
        return toepassen(&args, wb);
    }
    if args.versies.len() < 2 {
        errln!("fout: geef de geldende en de nieuwe versie (of --toepassen BESLUIT.wb)");
        return Exit::Usage;
    }
    let mut project = Project::new();
    let mut loaded = Vec::new();
    for v in &args.versies {
        match project.load(v) {
            Some(i) => loaded.push(i),
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
    let (Some(&old), Some(&new)) = (loaded.first(), loaded.last()) else {
        return Exit::Usage;
    };
    let tussen: Vec<usize> = loaded
        .get(1..loaded.len().saturating_sub(1))
        .unwrap_or(&[])
        .to_vec();
    let mut diags = std::mem::take(&mut project.diagnostics);
    for &i in &loaded {
        for j in project.chain(i) {
            diags.extend(verordening_core::eval::check_document(&project, j));
        }
    }
    if diags.iter().any(|d| d.is_error()) {
        return match load_failure(LoadError::Invalid(Box::new(project), diags)) {
            Exit::Findings => Exit::Usage,
            e => e,
        };
    }
    let b = besluit(&Invoer {
        project: &project,
        oud: old,
        nieuw: new,
        vastgesteld: args.vastgesteld,
        tussen,
    });
    if b.onderdelen.is_empty() {
        errln!("de twee versies verschillen niet in hun artikelen: er is niets te besluiten");
    }
    match args.format {
        BesluitFormat::Markdown => out!("{}", markdown(&b)),
        BesluitFormat::Html => out!("{}", html(&b)),
        BesluitFormat::Json => outln!("{}", serde_json::to_string_pretty(&b).unwrap_or_default()),
        BesluitFormat::Vo => {
            match verordening_core::besluit::wb(&b, &project, old, new, args.vastgesteld) {
                Ok((text, niet)) => {
                    for n in &niet {
                        errln!("let op: {n}");
                    }
                    out!("{text}");
                }
                Err(e) => {
                    errln!("{e}");
                    return Exit::Usage;
                }
            }
        }
        BesluitFormat::Docx => {
            if let Err(e) = verordening_core::docx::write(
                &verordening_core::docx::from_besluit(&b),
                args.uit.as_deref(),
            ) {
                errln!("{e}");
                return Exit::Usage;
            }
        }
    }
    Exit::Clean
}

/// `besluit --toepassen BESLUIT.wb OUD [NIEUW]`: the besluit's instructions applied to OUD
/// (every onderdeel, whatever its date), as `wijziging::toepassen` derives a version. With
/// NIEUW, the result must equal it: no difference in the was-wordt between the two, so a
/// council's besluit and the consolidated version cannot drift apart.
fn toepassen(args: &Args, wb: &std::path::Path) -> Exit {
    let (Some(oud), nieuw) = (args.versies.first(), args.versies.get(1)) else {
        return Exit::Usage;
    };
    if args.versies.len() > 2 {
        errln!("fout: met --toepassen: één versie (OUD), of OUD en NIEUW om te vergelijken");
        return Exit::Usage;
    }
    let mut project = Project::new();
    let Some(old) = project.load(oud) else {
        output::print(
            &project.sources,
            &project.diagnostics,
            output::Format::Human,
        );
        return Exit::Usage;
    };
    let text = match verordening_core::project::read_source(wb) {
        Ok(t) => t,
        Err(failure) => {
            errln!(
                "fout: `{}` kan niet worden gelezen: {}",
                wb.display(),
                failure.reason()
            );
            return Exit::Usage;
        }
    };
    let id = project.sources.add(wb, text.as_str());
    let parsed = verordening_core::syntax::parse_besluit(&text, id);
    let (Some(besluit), false) = (
        parsed.besluit.as_ref(),
        parsed.diagnostics.iter().any(|d| d.is_error()),
    ) else {
        output::print(&project.sources, &parsed.diagnostics, output::Format::Human);
        return Exit::Findings;
    };
    let Some(base) = project.doc(old).map(|d| d.ast.clone()) else {
        return Exit::Usage;
    };
    let bronnen = [verordening_core::wijziging::Bron { file: id, besluit }];
    let applied = match verordening_core::wijziging::toepassen(
        &base,
        &bronnen,
        verordening_core::wijziging::ALLES,
        None,
    ) {
        Ok(f) => verordening_core::fmt::format_file(&f),
        Err(diags) => {
            output::print(&project.sources, &diags, output::Format::Human);
            return Exit::Findings;
        }
    };
    let Some(nieuw) = nieuw else {
        out!("{applied}");
        return Exit::Clean;
    };
    let Some(new) = project.load(nieuw) else {
        output::print(
            &project.sources,
            &project.diagnostics,
            output::Format::Human,
        );
        return Exit::Usage;
    };
    let result_path = oud.with_extension("toegepast.vo");
    let result = project.load_text(&result_path, &applied);
    let mut d = verordening_core::diff::diff(&project, result, new);
    // The aanhef and the slotformule belong to the besluit that enacted the regeling; a
    // wijzigingsbesluit does not amend them (see `Besluit::niet_in_besluit`). A difference
    // there is said, but is no failure of the besluit.
    let own_block = |u: Option<&verordening_core::diff::Unit>| {
        u.is_some_and(|u| {
            matches!(
                u.eenheid,
                verordening_core::diff::UnitKind::Aanhef
                    | verordening_core::diff::UnitKind::Slotformule
            )
        })
    };
    let (blocks, rest): (Vec<_>, Vec<_>) = d
        .wijzigingen
        .into_iter()
        .partition(|c| own_block(c.wordt().or(c.was())));
    d.wijzigingen = rest;
    d.semantisch
        .retain(|l| !l.starts_with("Aanhef") && !l.starts_with("Slotformule"));
    for c in &blocks {
        if let Some(u) = c.wordt().or(c.was()) {
            errln!(
                "let op: de {} van {} verschilt van het resultaat; een wijzigingsbesluit wijzigt {} niet",
                u.label.to_lowercase(),
                nieuw.display(),
                if u.eenheid == verordening_core::diff::UnitKind::Aanhef { "de aanhef" } else { "de slotformule" }
            );
        }
    }
    if d.is_empty() {
        outln!(
            "het besluit past op {} en levert precies {} op",
            oud.display(),
            nieuw.display()
        );
        return Exit::Clean;
    }
    outln!(
        "het besluit, toegepast op {}, levert niet precies {} op:",
        oud.display(),
        nieuw.display()
    );
    out!(
        "{}",
        verordening_core::diff::markdown(&d, "toegepast besluit", &nieuw.display().to_string())
    );
    Exit::Findings
}
