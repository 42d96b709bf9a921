//! Behavioural difference: run the same cases through two versions (or two municipalities)
//! and list the cases whose outcome or values differ, with the clauses responsible.

use super::case::{parse_tree, CaseReader, Format};
use super::lower::lower;
use super::program::{Program, R};
use super::run::{to_val, Evaluator, Outcome};
use crate::project::Project;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Side {
    pub uitkomst: String,
    pub grond: Option<String>,
    pub waarden: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub casus: String,
    pub voorziening: String,
    pub was: Option<Side>,
    pub wordt: Option<Side>,
}

fn side(p: &Program, o: &Outcome) -> Side {
    let vz = p.voorzieningen.get(o.vz);
    let waarden = o
        .values
        .iter()
        .filter_map(|(k, r)| {
            let name = vz?.values.get(*k)?.name.clone();
            Some((
                name,
                match r {
                    R::K(v) => to_val(*v, p).to_string(),
                    R::U(_) => "onbekend".into(),
                },
            ))
        })
        .collect();
    Side {
        uitkomst: o.uitkomst.as_str().to_string(),
        grond: o.ground.and_then(|c| p.cite(c)).map(|c| c.text.clone()),
        waarden,
    }
}

/// Case files in a directory: every .json/.yaml/.yml/.toml file (test files too: each of
/// their `casussen` is a case).
pub fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| Format::of(p).is_some())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn outcomes(
    ev: &Evaluator,
    obj: &serde_json::Map<String, serde_json::Value>,
    text: &str,
) -> Option<Vec<(String, Side)>> {
    let p = ev.program;
    let mut reader = CaseReader::new(p, crate::diagnostics::FileId(u32::MAX), text);
    let (case, _) = reader.read(
        obj,
        &["naam", "bron", "interpretatie", "toelichting", "verwacht"],
    )?;
    Some(
        ev.all(&case)
            .iter()
            .filter_map(|o| Some((p.voorzieningen.get(o.vz)?.name.clone(), side(p, o))))
            .collect(),
    )
}

/// Compare documents `old` and `new` of a project on the cases in `dir`.
pub fn behaviour(project: &Project, old: usize, new: usize, dir: &Path) -> Vec<Difference> {
    let (Some(lo), Some(ln)) = (lower(project, old), lower(project, new)) else {
        return Vec::new();
    };
    // One evaluator per side for all cases (each compiles its program once).
    let (eo, en) = (Evaluator::new(&lo.program), Evaluator::new(&ln.program));
    let mut out = Vec::new();
    for f in case_files(dir) {
        let Some(format) = Format::of(&f) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(tree) = parse_tree(&text, format) else {
            continue;
        };
        let file_name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let cases: Vec<(String, &serde_json::Map<String, serde_json::Value>)> =
            match tree.get("casussen").and_then(|c| c.as_array()) {
                Some(list) => list
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| {
                        let o = c.as_object()?;
                        let name = o
                            .get("naam")
                            .and_then(|n| n.as_str())
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("{file_name} #{}", i + 1));
                        Some((name, o))
                    })
                    .collect(),
                None => tree
                    .as_object()
                    .map(|o| vec![(file_name.clone(), o)])
                    .unwrap_or_default(),
            };
        for (name, obj) in cases {
            let a = outcomes(&eo, obj, &text).unwrap_or_default();
            let b = outcomes(&en, obj, &text).unwrap_or_default();
            let mut names: Vec<&String> = a
                .iter()
                .map(|(n, _)| n)
                .chain(b.iter().map(|(n, _)| n))
                .collect();
            names.sort();
            names.dedup();
            // A case from a test file is about the voorzieningen it expects something of; the
            // others have no facts in it and would only show the ordinance's values changing.
            if let Some(expected) = obj.get("verwacht").and_then(|v| v.as_object()) {
                names.retain(|n| expected.contains_key(n.as_str()));
            }
            for vz in names {
                let was = a.iter().find(|(n, _)| n == vz).map(|(_, s)| s.clone());
                let wordt = b.iter().find(|(n, _)| n == vz).map(|(_, s)| s.clone());
                if was != wordt {
                    out.push(Difference {
                        casus: name.clone(),
                        voorziening: vz.clone(),
                        was,
                        wordt,
                    });
                }
            }
        }
    }
    out
}

fn show(s: &Option<Side>) -> String {
    match s {
        None => "—".into(),
        Some(s) => {
            let mut t = s.uitkomst.clone();
            if let Some(g) = &s.grond {
                t.push_str(&format!(" ({g})"));
            }
            for (k, v) in &s.waarden {
                t.push_str(&format!("; {k}: {v}"));
            }
            t
        }
    }
}

pub fn markdown(diffs: &[Difference]) -> String {
    if diffs.is_empty() {
        return "Geen verschillen in uitkomsten.\n".into();
    }
    let mut out = String::from("## Verschillen in uitkomsten\n\n| casus | voorziening | was | wordt |\n|---|---|---|---|\n");
    for d in diffs {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            d.casus,
            d.voorziening,
            show(&d.was),
            show(&d.wordt)
        ));
    }
    out
}
