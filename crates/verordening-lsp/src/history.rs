//! An article through time, for the hover (issue 22, item 4): what the citation meant from the
//! first day of each version of the regeling in the document's folder — hand-written versions
//! and the states derived from its wijzigingsbesluiten — as `verordening tekst --op` says it.
//! Read from the files on disk: the history is that of the saved versions, not of the buffer.

use super::analysis::Analysis;
use verordening_core::eval::load::{geldigheid, Versions};
use verordening_core::opzoeken::{opzoeken, Antwoord, Vraag};
use verordening_core::syntax::notation::format_date;

/// The lines "vanaf DATUM (bestand): …" for article `nr` (and `lid`), or None when the folder
/// holds a single version of the document's layer (nothing to tell) or cannot be loaded.
pub fn door_de_tijd(analysis: &Analysis, nr: &str, lid: Option<&str>) -> Option<String> {
    let doc = analysis.doc()?;
    let here = analysis.project.sources.get(doc.id)?.path.clone();
    let here = std::fs::canonicalize(&here).unwrap_or(here);
    let folder = here.parent()?;
    let versions = Versions::open(folder).ok()?;
    let p = &versions.project;
    let layer = doc.ast.header.layer;
    let same_layer: Vec<usize> = versions
        .candidates()
        .iter()
        .copied()
        .filter(|&j| p.doc(j).is_some_and(|d| d.ast.header.layer == layer))
        .collect();
    if same_layer.len() < 2 {
        return None;
    }
    // Versions of one regeling follow each other: each is the one in force on its own first
    // day. A folder of unrelated files (two with the same geldig vanaf, or none) is no history.
    let follow_each_other = same_layer.iter().all(|&j| {
        geldigheid(p, j)
            .0
            .is_some_and(|from| versions.pick(Some(from)).ok() == Some(j))
    });
    if !follow_each_other {
        return None;
    }
    let vraag = Vraag {
        artikel: nr.to_string(),
        lid: lid.map(str::to_string),
        onderdeel: None,
    };
    let is_here = |j: usize| {
        p.doc(j)
            .and_then(|d| p.sources.get(d.id))
            .is_some_and(|f| std::fs::canonicalize(&f.path).unwrap_or(f.path.clone()) == here)
    };
    // The text of the hovered version, to say of the others whether theirs is the same.
    let own_text = same_layer.iter().find(|&&j| is_here(j)).and_then(|&j| {
        let from = geldigheid(p, j).0?;
        match opzoeken(&versions, from, &vraag) {
            Antwoord::Tekst { tekst, .. } => Some(tekst),
            _ => None,
        }
    });
    let mut lines = Vec::new();
    for &j in &same_layer {
        let Some(from) = geldigheid(p, j).0 else {
            continue;
        };
        let Some(d) = p.doc(j) else { continue };
        let name = p.sources.name(d.id);
        let file = name.rsplit('/').next().unwrap_or(name);
        let label = if is_here(j) {
            format!("`{file}`, deze versie")
        } else {
            format!("`{file}`")
        };
        let what = match opzoeken(&versions, from, &vraag) {
            Antwoord::Tekst { tekst, .. } if is_here(j) => first_line(&tekst),
            Antwoord::Tekst { tekst, .. } if own_text.as_deref() == Some(tekst.as_str()) => {
                "dezelfde tekst".to_string()
            }
            Antwoord::Tekst { tekst, .. } => format!("andere tekst: {}", first_line(&tekst)),
            Antwoord::Vervallen { per, .. } => match per {
                Some(d) => format!("vervallen per {}", format_date(d)),
                None => "vervallen".to_string(),
            },
            Antwoord::Vernummerd { tot, per, .. } => match per {
                Some(d) => format!("vernummerd tot {tot} per {}", format_date(d)),
                None => format!("vernummerd tot {tot}"),
            },
            Antwoord::BestondNiet { .. } => "bestond niet".to_string(),
        };
        lines.push(format!("- vanaf {} ({label}): {what}", format_date(from)));
    }
    if lines.is_empty() {
        return None;
    }
    Some(format!(
        "**Door de tijd** ({vraag}, per versie in deze map)\n\n{}",
        lines.join("\n")
    ))
}

/// The heading and the start of the text, short enough for one line of a hover.
fn first_line(tekst: &str) -> String {
    let flat: String = tekst
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("**", "");
    let mut out: String = flat.chars().take(160).collect();
    if flat.chars().count() > 160 {
        out.push('…');
    }
    out
}
