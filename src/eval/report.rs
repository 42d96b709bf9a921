//! Reports of an evaluation: readable Dutch text, and the same as stable JSON.

use super::program::*;
use super::run::{to_val, Outcome};
use crate::diagnostics::SourceMap;
use chrono::NaiveDate;
use serde_json::{json, Value};

/// Why a value with every input known has no result: checked arithmetic overflowed (an amount
/// beyond 79 228 162 514 264 337 593 543 950 335, a date past the year 262 143), a division by
/// zero, or an element beyond the end of a list. Said, never shown as a bare "onbekend".
pub const NO_RESULT: &str =
    "de berekening heeft geen uitkomst: een getal of datum wordt te groot, of een waarde valt buiten het bereik van de regel";

fn cite_json(p: &Program, sources: &SourceMap, c: CiteId) -> Value {
    let Some(cite) = p.cite(c) else {
        return Value::Null;
    };
    let (line, column) = sources.line_col(cite.file, cite.span.start as usize);
    json!({
        "citaat": cite.text,
        "bestand": sources.name(cite.file),
        "regel": line,
        "kolom": column,
        "start": cite.span.start,
        "eind": cite.span.end,
    })
}

fn missing_names(p: &Program, m: &Missing) -> Vec<(String, &'static str)> {
    m.iter()
        .filter_map(|i| p.inputs.get(i as usize))
        .map(|input| {
            let kind = match input.kind {
                InputKind::Feit => "feit",
                InputKind::Oordeel => "oordeel",
                InputKind::Parameter => "parameter",
                InputKind::Peildatum => "peildatum",
            };
            (input.name.clone(), kind)
        })
        .collect()
}

fn missing_json(p: &Program, m: &Missing) -> Value {
    missing_names(p, m)
        .into_iter()
        .map(|(n, k)| json!({"naam": n, "soort": k}))
        .collect()
}

/// Grounds whose condition is unknown, each with the inputs that would settle it.
fn open_json(p: &Program, sources: &SourceMap, open: &[(CiteId, Missing)]) -> Value {
    open.iter()
        .map(|(c, m)| {
            let mut v = cite_json(p, sources, *c);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("ontbreekt".into(), missing_json(p, m));
            }
            v
        })
        .collect()
}

pub fn value_text(p: &Program, rule: &ValueRule, r: &R) -> Option<String> {
    match r {
        R::K(v) => Some(value_as_written(p, rule, *v)),
        R::U(_) => None,
    }
}

/// An amount finer than cents: the regeling states no rounding (`vo::afronding`), so the
/// report shows the exact value and says so.
pub fn unrounded_amount(r: &R) -> bool {
    matches!(r, R::K(V::Bedrag(d)) if super::precision::finer_than_cents(*d))
}

/// A computed value as the text writes it: a duration in the unit of the text (`12 maanden`
/// stays "12 maanden", `14 dagen` stays "14 dagen"); anything else as its value prints.
pub fn value_as_written(p: &Program, rule: &ValueRule, v: V) -> String {
    match (v, rule.unit) {
        (V::Duur(d), Some(unit)) => duration_in(d, unit),
        _ => to_val(v, p).to_string(),
    }
}

/// A duration in the unit the text uses for it, where that unit can say it exactly.
pub fn duration_in(d: crate::value::Duration, unit: crate::syntax::DurationUnit) -> String {
    use crate::syntax::DurationUnit;
    let word = |n: i32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let days = |n: i32| word(n, "dag", "dagen");
    match unit {
        DurationUnit::Maanden if d.months != 0 && d.workdays == 0 => {
            let mut s = word(d.months, "maand", "maanden");
            if d.days != 0 {
                let rest = crate::value::Duration::days(d.days.into()).to_string();
                s.push_str(&format!(" en {rest}"));
            }
            s
        }
        DurationUnit::Dagen if d.months == 0 && d.workdays == 0 && d.days != 0 => days(d.days),
        _ => d.to_string(),
    }
}

pub fn json_report(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> Value {
    let vzs: Vec<Value> = outcomes
        .iter()
        .filter_map(|o| {
            let vz = p.voorzieningen.get(o.vz)?;
            let mut values = serde_json::Map::new();
            let mut unknown = Vec::new();
            let mut values_missing = serde_json::Map::new();
            let mut values_failed = serde_json::Map::new();
            let mut unrounded = Vec::new();
            for (k, r) in &o.values {
                let Some(rule) = vz.values.get(*k) else { continue };
                if unrounded_amount(r) {
                    unrounded.push(rule.name.clone());
                }
                match (value_text(p, rule, r), r) {
                    (Some(t), _) => {
                        values.insert(rule.name.clone(), Value::String(t));
                    }
                    (None, R::U(m)) if !m.is_empty() => {
                        unknown.push(rule.name.clone());
                        values_missing.insert(rule.name.clone(), missing_json(p, m));
                    }
                    (None, _) => {
                        unknown.push(rule.name.clone());
                        values_failed.insert(
                            rule.name.clone(),
                            json!({
                                "bericht": NO_RESULT,
                                "bepaling": cite_json(p, sources, rule.cite),
                            }),
                        );
                    }
                }
            }
            let mut chain: Vec<Value> = o.chain(p).iter().map(|c| cite_json(p, sources, *c)).collect();
            if chain.is_empty() {
                if let Some(c) = o.ground.or(vz.declared) {
                    chain.push(cite_json(p, sources, c));
                }
            }
            Some(json!({
                "naam": vz.name,
                "soort": if vz.besluit { "besluit" } else { "voorziening" },
                "omschrijving": vz.label,
                "uitkomst": o.uitkomst.as_str(),
                "grond": o.ground.map(|c| cite_json(p, sources, c)),
                "andere_gronden": o.other_grounds.iter().map(|c| cite_json(p, sources, *c)).collect::<Vec<_>>(),
                "waarden": values,
                "niet_afgerond": unrounded,
                "onbekende_waarden": unknown,
                "ontbreekt": missing_json(p, &o.missing),
                "kan_weigeren": o.may_refuse.iter().map(|c| cite_json(p, sources, *c)).collect::<Vec<_>>(),
                "kan_beeindigen": o.may_end.iter().map(|c| cite_json(p, sources, *c)).collect::<Vec<_>>(),
                "kan_mogelijk_weigeren": open_json(p, sources, &o.may_refuse_open),
                "kan_mogelijk_beeindigen": open_json(p, sources, &o.may_end_open),
                "waarden_ontbreekt": values_missing,
                "waarden_zonder_uitkomst": values_failed,
                "uitleg": chain,
            }))
        })
        .collect();
    json!({
        "regeling": p.title,
        "geldig_vanaf": p.geldig_vanaf.map(|d| d.to_string()),
        "peildatum": peildatum.to_string(),
        "voorzieningen": vzs,
    })
}

/// The report of one case in the compact form of `verordening batch`: the same outcomes,
/// values and missing inputs as [`json_report`], with clauses cited by their text only (their
/// file positions are the same for every case: `eval --format json` gives them). Two clauses
/// in one lid have the same text, so each list of citations names a lid once, in the order of
/// its first clause. Serialised straight from the outcomes, without building a JSON tree per
/// case.
#[derive(serde::Serialize)]
pub struct CompactReport<'a> {
    pub peildatum: String,
    pub geldig_vanaf: Option<String>,
    pub voorzieningen: Vec<CompactOutcome<'a>>,
}

#[derive(serde::Serialize)]
pub struct CompactOutcome<'a> {
    pub naam: &'a str,
    pub uitkomst: &'static str,
    pub grond: Option<&'a str>,
    pub waarden: Pairs<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub onbekende_waarden: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ontbreekt: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kan_weigeren: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kan_beeindigen: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kan_mogelijk_weigeren: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kan_mogelijk_beeindigen: Vec<&'a str>,
    pub uitleg: Vec<&'a str>,
}

/// Names and values, written as a JSON object in their order.
pub struct Pairs<'a>(pub Vec<(&'a str, String)>);

impl serde::Serialize for Pairs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

pub fn compact_report<'a>(
    p: &'a Program,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> CompactReport<'a> {
    let cite = |c: &CiteId| p.cite(*c).map(|c| c.text.as_str());
    let names = |m: &Missing| -> Vec<&'a str> {
        m.iter()
            .filter_map(|i| p.inputs.get(i as usize))
            .map(|i| i.name.as_str())
            .collect()
    };
    let voorzieningen = outcomes
        .iter()
        .filter_map(|o| {
            let vz = p.voorzieningen.get(o.vz)?;
            let mut waarden = Vec::new();
            let mut onbekende_waarden = Vec::new();
            for (k, r) in &o.values {
                let Some(rule) = vz.values.get(*k) else {
                    continue;
                };
                match value_text(p, rule, r) {
                    Some(t) => waarden.push((rule.name.as_str(), t)),
                    None => onbekende_waarden.push(rule.name.as_str()),
                }
            }
            let mut uitleg = distinct(o.chain(p).iter().filter_map(cite));
            if uitleg.is_empty() {
                uitleg.extend(o.ground.or(vz.declared).as_ref().and_then(cite));
            }
            Some(CompactOutcome {
                naam: &vz.name,
                uitkomst: o.uitkomst.as_str(),
                grond: o.ground.as_ref().and_then(cite),
                waarden: Pairs(waarden),
                onbekende_waarden,
                ontbreekt: names(&o.missing),
                kan_weigeren: distinct(o.may_refuse.iter().filter_map(cite)),
                kan_beeindigen: distinct(o.may_end.iter().filter_map(cite)),
                kan_mogelijk_weigeren: distinct(
                    o.may_refuse_open.iter().filter_map(|(c, _)| cite(c)),
                ),
                kan_mogelijk_beeindigen: distinct(
                    o.may_end_open.iter().filter_map(|(c, _)| cite(c)),
                ),
                uitleg,
            })
        })
        .collect();
    CompactReport {
        peildatum: peildatum.to_string(),
        geldig_vanaf: p.geldig_vanaf.map(|d| d.to_string()),
        voorzieningen,
    }
}

/// The citations in order, each once (where it first occurs).
fn distinct<'a>(cites: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    cites.filter(|c| seen.insert(*c)).collect()
}
