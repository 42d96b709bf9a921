//! The JSON of a beoordeling, serialised straight from the outcomes: the same document as
//! `eval::report::json_report` (the shape of `verordening eval --format json`, field for field
//! and in the same order; a test compares the two byte for byte), without building a
//! `serde_json::Value` tree per request. A report names some hundred citations; as a tree each
//! is an ordered map of owned strings, and building and freeing those dominated a request.

use crate::diagnostics::SourceMap;
use crate::eval::program::{CiteId, InputKind, Missing, Program, R};
use crate::eval::report::{unrounded_amount, value_text, NO_RESULT};
use crate::eval::Outcome;
use chrono::NaiveDate;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct Cite<'a> {
    citaat: &'a str,
    bestand: &'a str,
    regel: usize,
    kolom: usize,
    start: u32,
    eind: u32,
}

fn cite<'a>(p: &'a Program, sources: &'a SourceMap, c: CiteId) -> Option<Cite<'a>> {
    let cite = p.cite(c)?;
    let (regel, kolom) = sources.line_col(cite.file, cite.span.start as usize);
    Some(Cite {
        citaat: &cite.text,
        bestand: sources.name(cite.file),
        regel,
        kolom,
        start: cite.span.start,
        eind: cite.span.end,
    })
}

#[derive(Serialize)]
struct Input<'a> {
    naam: &'a str,
    soort: &'static str,
}

struct Inputs<'a>(&'a Program, &'a Missing);

impl Serialize for Inputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for i in self.1.iter() {
            let Some(input) = self.0.inputs.get(i as usize) else {
                continue;
            };
            let soort = match input.kind {
                InputKind::Feit => "feit",
                InputKind::Oordeel => "oordeel",
                InputKind::Parameter => "parameter",
                InputKind::Peildatum => "peildatum",
            };
            seq.serialize_element(&Input {
                naam: &input.name,
                soort,
            })?;
        }
        seq.end()
    }
}

/// A ground whose condition is unknown, with the inputs that would settle it.
#[derive(Serialize)]
struct Open<'a> {
    citaat: &'a str,
    bestand: &'a str,
    regel: usize,
    kolom: usize,
    start: u32,
    eind: u32,
    ontbreekt: Inputs<'a>,
}

struct Opens<'a>(&'a Program, &'a SourceMap, &'a [(CiteId, Missing)]);

impl Serialize for Opens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.2.len()))?;
        for (c, m) in self.2 {
            match cite(self.0, self.1, *c) {
                Some(c) => seq.serialize_element(&Open {
                    citaat: c.citaat,
                    bestand: c.bestand,
                    regel: c.regel,
                    kolom: c.kolom,
                    start: c.start,
                    eind: c.eind,
                    ontbreekt: Inputs(self.0, m),
                })?,
                None => seq.serialize_element(&())?,
            }
        }
        seq.end()
    }
}

/// Citations as a list (a missing one as `null`, as the tree has it).
struct Cites<'a>(&'a Program, &'a SourceMap, Vec<CiteId>);

impl Serialize for Cites<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.2.len()))?;
        for c in &self.2 {
            seq.serialize_element(&cite(self.0, self.1, *c))?;
        }
        seq.end()
    }
}

/// Name → value pairs as an object, in order; a later pair with the same name replaces the
/// earlier one's value in its place (as an ordered map does).
struct Pairs<T>(Vec<(String, T)>);

impl<T> Pairs<T> {
    fn insert(&mut self, k: &str, v: T) {
        match self.0.iter_mut().find(|(n, _)| n == k) {
            Some(slot) => slot.1 = v,
            None => self.0.push((k.to_string(), v)),
        }
    }
}

impl<T: Serialize> Serialize for Pairs<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Voorziening<'a> {
    naam: &'a str,
    soort: &'static str,
    omschrijving: &'a str,
    uitkomst: &'static str,
    grond: Option<Cite<'a>>,
    andere_gronden: Cites<'a>,
    waarden: Pairs<String>,
    niet_afgerond: Vec<&'a str>,
    onbekende_waarden: Vec<&'a str>,
    ontbreekt: Inputs<'a>,
    kan_weigeren: Cites<'a>,
    kan_beeindigen: Cites<'a>,
    kan_mogelijk_weigeren: Opens<'a>,
    kan_mogelijk_beeindigen: Opens<'a>,
    waarden_ontbreekt: Pairs<Inputs<'a>>,
    waarden_zonder_uitkomst: Pairs<NoResult<'a>>,
    uitleg: Cites<'a>,
}

/// A value with every input known but no result (see `eval::report::NO_RESULT`).
#[derive(Serialize)]
struct NoResult<'a> {
    bericht: &'static str,
    bepaling: Option<Cite<'a>>,
}

#[derive(Serialize)]
struct Report<'a> {
    regeling: &'a str,
    geldig_vanaf: Option<String>,
    peildatum: String,
    voorzieningen: Vec<Voorziening<'a>>,
}

/// The report as JSON bytes: the document `json_report` builds.
pub fn report_json(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> serde_json::Result<Vec<u8>> {
    let voorzieningen = outcomes
        .iter()
        .filter_map(|o| {
            let vz = p.voorzieningen.get(o.vz)?;
            let mut waarden = Pairs(Vec::new());
            let mut unknown = Vec::new();
            let mut waarden_ontbreekt = Pairs(Vec::new());
            let mut waarden_zonder_uitkomst = Pairs(Vec::new());
            let mut niet_afgerond = Vec::new();
            for (k, r) in &o.values {
                let Some(rule) = vz.values.get(*k) else {
                    continue;
                };
                if unrounded_amount(r) {
                    niet_afgerond.push(rule.name.as_str());
                }
                match (value_text(p, rule, r), r) {
                    (Some(t), _) => waarden.insert(&rule.name, t),
                    (None, R::U(m)) if !m.is_empty() => {
                        unknown.push(rule.name.as_str());
                        waarden_ontbreekt.insert(&rule.name, Inputs(p, m));
                    }
                    (None, _) => {
                        unknown.push(rule.name.as_str());
                        waarden_zonder_uitkomst.insert(
                            &rule.name,
                            NoResult {
                                bericht: NO_RESULT,
                                bepaling: cite(p, sources, rule.cite),
                            },
                        );
                    }
                }
            }
            let mut chain = o.chain(p);
            if chain.is_empty() {
                chain.extend(o.ground.or(vz.declared));
            }
            Some(Voorziening {
                naam: &vz.name,
                soort: if vz.besluit { "besluit" } else { "voorziening" },
                omschrijving: &vz.label,
                uitkomst: o.uitkomst.as_str(),
                grond: o.ground.and_then(|c| cite(p, sources, c)),
                andere_gronden: Cites(p, sources, o.other_grounds.clone()),
                waarden,
                niet_afgerond,
                onbekende_waarden: unknown,
                ontbreekt: Inputs(p, &o.missing),
                kan_weigeren: Cites(p, sources, o.may_refuse.clone()),
                kan_beeindigen: Cites(p, sources, o.may_end.clone()),
                kan_mogelijk_weigeren: Opens(p, sources, &o.may_refuse_open),
                kan_mogelijk_beeindigen: Opens(p, sources, &o.may_end_open),
                waarden_ontbreekt,
                waarden_zonder_uitkomst,
                uitleg: Cites(p, sources, chain),
            })
        })
        .collect();
    serde_json::to_vec(&Report {
        regeling: &p.title,
        geldig_vanaf: p.geldig_vanaf.map(|d| d.to_string()),
        peildatum: peildatum.to_string(),
        voorzieningen,
    })
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::diagnostics::FileId;
    use crate::eval::case::CaseReader;
    use crate::eval::load::Versions;
    use crate::eval::report::json_report;
    use crate::eval::Evaluator;
    use crate::syntax::parse_date;
    use serde_json::Value;
    use std::path::Path;

    /// Every case next to the shipped ordinances: the same bytes as `json_report`.
    #[test]
    fn the_same_document_as_the_report_tree() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ordinances");
        let mut compared = 0;
        for (folder, tests) in [
            ("voorbeeld", "voorbeeldstad-2023.test.yaml"),
            ("isd-bol", "beleidsregels-reintegratie-2023.test.yaml"),
        ] {
            let Ok(mut versions) = Versions::open(&root.join(folder)) else {
                panic!("{folder} does not load");
            };
            let text = std::fs::read_to_string(root.join(folder).join(tests)).unwrap_or_default();
            let tree: Value = serde_yaml_ng::from_str(&text).unwrap_or(Value::Null);
            let cases = tree["casussen"].as_array().cloned().unwrap_or_default();
            for case in &cases {
                let Some(obj) = case.as_object() else {
                    continue;
                };
                let date = match &obj.get("peildatum") {
                    Some(Value::String(s)) => parse_date(s),
                    _ => None,
                };
                let Ok(index) = versions.pick(date) else {
                    continue;
                };
                let Ok(lowered) = versions.lower(index) else {
                    panic!("{folder}: version does not lower");
                };
                let program = &lowered.program;
                let mut reader = CaseReader::new(program, FileId(u32::MAX), "");
                let Some((c, peildatum)) = reader.read(obj, &["naam", "bron", "verwacht"]) else {
                    continue;
                };
                let outcomes = Evaluator::new(program).all(&c);
                let sources = &versions.project.sources;
                let tree = json_report(program, sources, peildatum, &outcomes);
                let fast = report_json(program, sources, peildatum, &outcomes).unwrap_or_default();
                assert_eq!(
                    String::from_utf8(fast).unwrap_or_default(),
                    serde_json::to_string(&tree).unwrap_or_default(),
                    "{folder}: {}",
                    case["naam"]
                );
                compared += 1;
            }
        }
        assert!(compared > 100, "only {compared} cases compared");
    }
}
