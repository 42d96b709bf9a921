//! Behavioural difference: run the same cases through two versions (or two municipalities)
//! and list the cases whose outcome or values differ, with the clauses responsible.

use super::case::{parse_tree, CaseReader, Format};
use super::lower::lower;
use super::program::Program;
use super::run::{Evaluator, Outcome};
use crate::diagnostics::{render_human, Diagnostic, SourceMap};
use crate::project::Project;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Side {
    #[schemars(with = "super::Uitkomst")]
    pub uitkomst: String,
    /// The clause that refuses or grants, by its citation.
    pub grond: Option<String>,
    /// The values by name, as the text writes them (`onbekend` when unknown); in the JSON an
    /// object (format version 2; version 1 had a list of `[naam, waarde]` pairs).
    #[serde(serialize_with = "as_object")]
    #[schemars(with = "super::report::Pairs<String, String>")]
    pub waarden: Vec<(String, String)>,
    /// The inputs an `onbepaald` outcome lacks, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ontbreekt: Vec<String>,
    /// The clause of each value rule, by value name (the article behind a changed value).
    #[serde(skip)]
    pub value_cites: Vec<(String, String)>,
}

/// Name-value pairs as one object, in their order.
fn as_object<S: serde::Serializer>(pairs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

impl Side {
    /// No grant: refused or not applicable (a voorziening absent from a version is no grant
    /// either: see [`equivalent`]).
    fn no_grant(&self) -> bool {
        matches!(
            self.uitkomst.as_str(),
            "geweigerd" | "niet-van-toepassing" | "niet-gebruikt"
        )
    }
}

/// Whether two outcomes of one case are the same outcome (docs/vergelijken.md, "Wanneer is een
/// uitkomst gelijk"): no grant on both sides (absent, refused or not applicable, whatever the
/// ground), `onbepaald` on both sides for the same missing inputs, or identical.
pub fn equivalent(was: Option<&Side>, wordt: Option<&Side>) -> bool {
    match (was, wordt) {
        (None, None) => true,
        (None, Some(s)) | (Some(s), None) => s.no_grant(),
        (Some(a), Some(b)) if a.no_grant() && b.no_grant() => true,
        (Some(a), Some(b)) if a.uitkomst == "onbepaald" && b.uitkomst == "onbepaald" => {
            a.ontbreekt == b.ontbreekt
        }
        (Some(a), Some(b)) => a == b,
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Difference {
    pub casus: String,
    pub voorziening: String,
    pub was: Option<Side>,
    pub wordt: Option<Side>,
    /// Whether the outcome itself changed (not only a value or the ground).
    pub uitkomst_gewijzigd: bool,
    /// The articles that caused the difference: the ground of the new (or old) outcome, or the
    /// value rules whose value changed.
    pub oorzaak: Vec<String>,
}

/// A case that could not be read or evaluated by one or both versions, with the report
/// `verordening eval` would give.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Unevaluated {
    pub casus: String,
    pub bestand: String,
    /// `was`, `wordt` or both: the version(s) that could not evaluate it.
    pub versies: Vec<&'static str>,
    pub melding: String,
}

/// The result of running the cases of a directory through two versions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Behaviour {
    /// How many cases were run.
    pub casussen: usize,
    pub verschillen: Vec<Difference>,
    pub niet_beoordeeld: Vec<Unevaluated>,
    /// Voorzieningen that exist in one version only and gave no grant in any case: a new (or
    /// dropped) provision without effect on these cases.
    pub zonder_gevolg: Vec<String>,
}

fn side(p: &Program, o: &Outcome) -> Side {
    let vz = p.voorzieningen.get(o.vz);
    let waarden = o
        .values
        .iter()
        .filter_map(|(k, r)| {
            let rule = vz?.values.get(*k)?;
            Some((
                rule.name.clone(),
                super::report::value_text(p, o, rule, r).unwrap_or_else(|| "onbekend".into()),
            ))
        })
        .collect();
    let mut ontbreekt: Vec<String> = o
        .missing
        .iter()
        .filter_map(|m| p.inputs.get(m as usize))
        .map(|i| i.name.clone())
        .collect();
    ontbreekt.sort();
    let value_cites = vz
        .map(|vz| {
            vz.values
                .iter()
                .filter_map(|v| Some((v.name.clone(), p.cite(v.cite)?.text.clone())))
                .collect()
        })
        .unwrap_or_default();
    Side {
        uitkomst: o.uitkomst.as_str().to_string(),
        grond: o.ground.and_then(|c| p.cite(c)).map(|c| c.text.clone()),
        waarden,
        ontbreekt,
        value_cites,
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

/// The outcomes of one case, or the diagnostics of reading it (as `eval` gives them).
fn outcomes(
    ev: &Evaluator,
    obj: &serde_json::Map<String, serde_json::Value>,
    file: crate::diagnostics::FileId,
    text: &str,
) -> Result<Vec<(String, Side)>, Vec<Diagnostic>> {
    let p = ev.program;
    let mut reader = CaseReader::new(p, file, text);
    let read = reader.read(
        obj,
        &["naam", "bron", "interpretatie", "toelichting", "verwacht"],
    );
    let Some((case, _)) = read else {
        return Err(std::mem::take(&mut reader.diags));
    };
    Ok(ev
        .all(&case)
        .iter()
        .filter_map(|o| Some((p.voorzieningen.get(o.vz)?.name.clone(), side(p, o))))
        .collect())
}

/// The case as one version reads it: a fact or judgement that this version does not know but
/// the other does (an amendment adds a fact) is left out, as irrelevant to this version's
/// rules; a name neither version knows stays, and is reported as `eval` reports it.
fn for_version(
    obj: &serde_json::Map<String, serde_json::Value>,
    this: &Program,
    other: &Program,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = obj.clone();
    for section in ["feiten", "oordelen"] {
        if let Some(serde_json::Value::Object(m)) = out.get_mut(section) {
            m.retain(|name, _| {
                this.input_index(name).is_some() || other.input_index(name).is_none()
            });
        }
    }
    out
}

/// The articles behind a difference: the grounds that differ, else the value rules whose value
/// differs.
fn causes(was: Option<&Side>, wordt: Option<&Side>) -> Vec<String> {
    let mut out = Vec::new();
    let g = |s: Option<&Side>| s.and_then(|s| s.grond.clone());
    if g(was) != g(wordt) {
        out.extend(g(wordt).or_else(|| g(was)));
    }
    if out.is_empty() {
        if let (Some(a), Some(b)) = (was, wordt) {
            for (name, v) in &b.waarden {
                if a.waarden.iter().find(|(n, _)| n == name).map(|(_, w)| w) != Some(v) {
                    if let Some((_, c)) = b.value_cites.iter().find(|(n, _)| n == name) {
                        if !out.contains(c) {
                            out.push(c.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

/// Compare documents `old` and `new` of a project on the cases in `dir`: both versions are
/// applied to the same facts whatever the peildatum (a what-if).
pub fn behaviour(project: &Project, old: usize, new: usize, dir: &Path) -> Behaviour {
    behaviour_of_files(project, old, new, &case_files(dir))
}

/// [`behaviour`] over the given case and test files (the workbench passes an ordinance's own
/// test file, `NAAM.test.yaml` beside `NAAM.vo`).
pub fn behaviour_of_files(
    project: &Project,
    old: usize,
    new: usize,
    files: &[PathBuf],
) -> Behaviour {
    let mut result = Behaviour::default();
    let (Some(lo), Some(ln)) = (lower(project, old), lower(project, new)) else {
        return result;
    };
    // One evaluator per side for all cases (each compiles its program once).
    let (eo, en) = (Evaluator::new(&lo.program), Evaluator::new(&ln.program));
    let mut sources = SourceMap::default();
    // Per voorziening that exists in one version only: whether it granted in any case.
    let mut one_sided: std::collections::BTreeMap<String, bool> = Default::default();
    for f in files {
        let f = f.as_path();
        let Some(format) = Format::of(f) else {
            continue;
        };
        let file_name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let mut unreadable = |melding: String| {
            result.niet_beoordeeld.push(Unevaluated {
                casus: file_name.clone(),
                bestand: f.display().to_string(),
                versies: vec!["was", "wordt"],
                melding,
            })
        };
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                unreadable(format!(
                    "fout: `{}` kan niet worden gelezen: {}",
                    f.display(),
                    crate::project::io_reason(&e)
                ));
                continue;
            }
        };
        let tree = match parse_tree(&text, format) {
            Ok(t) => t,
            Err(e) => {
                unreadable(format!(
                    "fout: `{}` is geen geldig casusbestand: {e}",
                    f.display()
                ));
                continue;
            }
        };
        let cases: Vec<(String, &serde_json::Map<String, serde_json::Value>)> = match tree
            .get("casussen")
            .and_then(|c| c.as_array())
        {
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
            None => match tree.as_object() {
                Some(o) => vec![(file_name.clone(), o)],
                None => {
                    unreadable(format!(
                            "fout: `{}`: een casus is een object met `peildatum`, `feiten` en `oordelen`",
                            f.display()
                        ));
                    continue;
                }
            },
        };
        let file = sources.add(f, text.as_str());
        for (name, obj) in cases {
            result.casussen += 1;
            let (a, b) = match (
                outcomes(&eo, &for_version(obj, eo.program, en.program), file, &text),
                outcomes(&en, &for_version(obj, en.program, eo.program), file, &text),
            ) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    let mut versies = Vec::new();
                    let mut diags = Vec::new();
                    for (label, r) in [("was", a), ("wordt", b)] {
                        if let Err(d) = r {
                            versies.push(label);
                            for d in d {
                                if !diags.contains(&d) {
                                    diags.push(d);
                                }
                            }
                        }
                    }
                    result.niet_beoordeeld.push(Unevaluated {
                        casus: name,
                        bestand: f.display().to_string(),
                        versies,
                        melding: render_human(&sources, &diags, false, 100),
                    });
                    continue;
                }
            };
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
                if was.is_none() || wordt.is_none() {
                    let granted = was.iter().chain(wordt.iter()).any(|s| !s.no_grant());
                    *one_sided.entry(vz.clone()).or_default() |= granted;
                }
                if equivalent(was.as_ref(), wordt.as_ref()) {
                    continue;
                }
                let uitkomst_gewijzigd = was.as_ref().map(|s| s.uitkomst.as_str())
                    != wordt.as_ref().map(|s| s.uitkomst.as_str())
                    || was.as_ref().map(|s| &s.ontbreekt) != wordt.as_ref().map(|s| &s.ontbreekt);
                let oorzaak = causes(was.as_ref(), wordt.as_ref());
                result.verschillen.push(Difference {
                    casus: name.clone(),
                    voorziening: vz.clone(),
                    was,
                    wordt,
                    uitkomst_gewijzigd,
                    oorzaak,
                });
            }
        }
    }
    result.zonder_gevolg = one_sided
        .into_iter()
        .filter(|(_, granted)| !granted)
        .map(|(vz, _)| vz)
        .collect();
    result
}

impl Behaviour {
    /// Keep only the differences (and provisions without effect) of one voorziening.
    pub fn only(&mut self, voorziening: &str) {
        self.verschillen.retain(|d| d.voorziening == voorziening);
        self.zonder_gevolg.retain(|v| v == voorziening);
    }
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
            if !s.ontbreekt.is_empty() {
                t.push_str(&format!("; ontbreekt: {}", s.ontbreekt.join(", ")));
            }
            t
        }
    }
}

/// The line that opens every behavioural diff: what the comparison is.
pub const WHAT_IF: &str = "Wat-als: beide versies zijn toegepast op dezelfde feiten van elke casus, ongeacht de peildatum en de datums waarop de versies gelden (`verordening eval` past alleen de versie toe die op de peildatum geldt).";

pub fn markdown(b: &Behaviour) -> String {
    let mut out = format!("{WHAT_IF}\n\n");
    let beoordeeld = b.casussen - b.niet_beoordeeld.len().min(b.casussen);
    if !b.niet_beoordeeld.is_empty() {
        out.push_str(&format!(
            "**{} van de {} casussen niet beoordeeld** (zie hieronder): de vergelijking is onvolledig.\n\n",
            b.niet_beoordeeld.len(),
            b.casussen
        ));
    }
    if b.verschillen.is_empty() {
        out.push_str(&format!(
            "Geen verschillen in uitkomsten ({beoordeeld} casussen beoordeeld).\n"
        ));
    } else {
        // The summary: per voorziening the cases whose outcome changed, those whose values
        // or ground changed, and the articles that caused it.
        let mut per: Vec<(&str, usize, usize, Vec<&str>)> = Vec::new();
        for d in &b.verschillen {
            let i = match per.iter().position(|p| p.0 == d.voorziening) {
                Some(i) => i,
                None => {
                    per.push((&d.voorziening, 0, 0, Vec::new()));
                    per.len() - 1
                }
            };
            if let Some(p) = per.get_mut(i) {
                if d.uitkomst_gewijzigd {
                    p.1 += 1;
                } else {
                    p.2 += 1;
                }
                for c in &d.oorzaak {
                    if !p.3.contains(&c.as_str()) {
                        p.3.push(c);
                    }
                }
            }
        }
        let changed: std::collections::BTreeSet<&str> = b
            .verschillen
            .iter()
            .filter(|d| d.uitkomst_gewijzigd)
            .map(|d| d.casus.as_str())
            .collect();
        out.push_str(&format!(
            "## Samenvatting\n\n{beoordeeld} casussen beoordeeld; bij {} een andere uitkomst.\n\n| voorziening | andere uitkomst | andere waarden of grond | oorzaak |\n|---|---|---|---|\n",
            changed.len()
        ));
        for (vz, u, w, c) in &per {
            out.push_str(&format!("| {vz} | {u} | {w} | {} |\n", c.join("; ")));
        }
        out.push_str("\n## Verschillen in uitkomsten\n\n| casus | voorziening | was | wordt |\n|---|---|---|---|\n");
        for d in &b.verschillen {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                d.casus,
                d.voorziening,
                show(&d.was),
                show(&d.wordt)
            ));
        }
    }
    if !b.zonder_gevolg.is_empty() {
        out.push_str(&format!(
            "\nIn één versie alleen, zonder gevolg voor deze casussen (nergens toegekend): {}.\n",
            b.zonder_gevolg.join(", ")
        ));
    }
    if !b.niet_beoordeeld.is_empty() {
        out.push_str("\n## Niet beoordeeld\n\n");
        for u in &b.niet_beoordeeld {
            out.push_str(&format!(
                "- {} ({}): niet te beoordelen door {}\n",
                u.casus,
                u.bestand,
                u.versies.join(" en ")
            ));
        }
    }
    out
}

/// The differences in outcomes as a section of an HTML page (`diff --cases --format html`,
/// after the was-wordt table): what was compared, the summary per voorziening, the cases.
pub fn html_section(b: &Behaviour) -> String {
    use crate::page::{code_spans, esc, table};
    let mut out = format!(
        "<h2>Verschillen in uitkomsten</h2>\n<p class=\"toelichting\">{}</p>\n",
        code_spans(WHAT_IF)
    );
    let beoordeeld = b.casussen - b.niet_beoordeeld.len().min(b.casussen);
    if !b.niet_beoordeeld.is_empty() {
        out.push_str(&format!(
            "<p><strong>{} van de {} casussen niet beoordeeld</strong>: de vergelijking is onvolledig.</p>\n",
            b.niet_beoordeeld.len(),
            b.casussen
        ));
    }
    if b.verschillen.is_empty() {
        out.push_str(&format!(
            "<p>Geen verschillen in uitkomsten ({beoordeeld} casussen beoordeeld).</p>\n"
        ));
    } else {
        let changed: std::collections::BTreeSet<&str> = b
            .verschillen
            .iter()
            .filter(|d| d.uitkomst_gewijzigd)
            .map(|d| d.casus.as_str())
            .collect();
        out.push_str(&format!(
            "<p>{beoordeeld} casussen beoordeeld; bij {} een andere uitkomst.</p>\n",
            changed.len()
        ));
        let mut rows = String::new();
        for d in &b.verschillen {
            let class = if d.uitkomst_gewijzigd {
                " class=\"verschil\""
            } else {
                ""
            };
            rows.push_str(&format!(
                "<tr{class}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&d.casus),
                esc(&d.voorziening),
                esc(&show(&d.was)),
                esc(&show(&d.wordt)),
                esc(&d.oorzaak.join("; "))
            ));
        }
        out.push_str(&table(
            Some("Casussen met een andere uitkomst, andere waarden of een andere grond"),
            &[],
            &["Casus", "Voorziening", "Was", "Wordt", "Oorzaak"],
            &rows,
        ));
    }
    if !b.zonder_gevolg.is_empty() {
        out.push_str(&format!(
            "<p>In één versie alleen, zonder gevolg voor deze casussen (nergens toegekend): {}.</p>\n",
            esc(&b.zonder_gevolg.join(", "))
        ));
    }
    if !b.niet_beoordeeld.is_empty() {
        out.push_str("<h3>Niet beoordeeld</h3>\n<ul>\n");
        for u in &b.niet_beoordeeld {
            out.push_str(&format!(
                "<li>{} ({}): niet te beoordelen door {}</li>\n",
                esc(&u.casus),
                esc(&u.bestand),
                esc(&u.versies.join(" en "))
            ));
        }
        out.push_str("</ul>\n");
    }
    out
}
