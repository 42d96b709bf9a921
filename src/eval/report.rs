//! Reports of an evaluation: readable Dutch text, and the same as stable JSON.

use super::program::*;
use super::run::{to_val, Outcome, Uitkomst};
use crate::diagnostics::SourceMap;
use crate::value::format_date;
use chrono::NaiveDate;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Why a value with every input known has no result: checked arithmetic overflowed (an amount
/// beyond 79 228 162 514 264 337 593 543 950 335, a date past the year 262 143), a division by
/// zero, or an element beyond the end of a list. Said, never shown as a bare "onbekend".
pub const NO_RESULT: &str =
    "de berekening heeft geen uitkomst: een getal of datum wordt te groot, of een waarde valt buiten het bereik van de regel";

fn cite_text(p: &Program, sources: &SourceMap, c: CiteId) -> String {
    match p.cite(c) {
        Some(cite) => {
            let (line, _) = sources.line_col(cite.file, cite.span.start as usize);
            format!("{} ({}:{line})", cite.text, sources.name(cite.file))
        }
        None => "?".into(),
    }
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

/// "a (feit), b (oordeel)"
fn missing_line(p: &Program, m: &Missing) -> String {
    missing_names(p, m)
        .into_iter()
        .map(|(n, k)| format!("{n} ({k})"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// The report as a JSON tree: the document [`JsonReport`] writes (its one definition).
pub fn json_report(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> Value {
    serde_json::to_value(JsonReport::new(p, sources, peildatum, outcomes)).unwrap_or(Value::Null)
}

pub fn text_report(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> String {
    let mut out = format!("{}\npeildatum: {}\n", p.title, format_date(peildatum));
    for o in outcomes {
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            continue;
        };
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            vz.label,
            vz.name,
            o.uitkomst.as_str()
        ));
        match o.uitkomst {
            Uitkomst::Geweigerd => {
                if let Some(g) = o.ground {
                    out.push_str(&format!("  grond: {}\n", cite_text(p, sources, g)));
                }
                for g in &o.other_grounds {
                    out.push_str(&format!(
                        "  ook op grond van: {}\n",
                        cite_text(p, sources, *g)
                    ));
                }
            }
            Uitkomst::NietVanToepassing => {
                out.push_str("  de gemeente heeft dit artikel niet overgenomen\n")
            }
            Uitkomst::NietGebruikt => {
                if let Some(g) = o.ground {
                    out.push_str(&format!(
                        "  het college maakt geen gebruik van deze bevoegdheid: {}\n",
                        cite_text(p, sources, g)
                    ));
                }
            }
            Uitkomst::Onbepaald => {
                let names = missing_names(p, &o.missing);
                if names.is_empty() {
                    out.push_str(&format!(
                        "  de uitkomst kan niet worden bepaald: {NO_RESULT}\n"
                    ));
                } else {
                    out.push_str("  ontbreekt:\n");
                    for (n, k) in names {
                        out.push_str(&format!("    - {n} ({k})\n"));
                    }
                }
            }
            Uitkomst::Plicht | Uitkomst::Bevoegd => {
                if let Some(g) = o.ground {
                    out.push_str(&format!("  grondslag: {}\n", cite_text(p, sources, g)));
                }
            }
        }
        for (k, r) in &o.values {
            let Some(rule) = vz.values.get(*k) else {
                continue;
            };
            match (value_text(p, rule, r), r) {
                (Some(t), _) if unrounded_amount(r) => out.push_str(&format!(
                    "  {}: {t} (exact; de regeling zegt niet hoe dit bedrag wordt afgerond)\n",
                    rule.name
                )),
                (Some(t), _) => out.push_str(&format!("  {}: {t}\n", rule.name)),
                (None, R::U(m)) if !m.is_empty() => out.push_str(&format!(
                    "  {}: onbekend (ontbreekt: {})\n",
                    rule.name,
                    missing_line(p, m)
                )),
                (None, _) => out.push_str(&format!(
                    "  {}: onbekend: {NO_RESULT} ({})\n",
                    rule.name,
                    cite_text(p, sources, rule.cite)
                )),
            }
        }
        for c in &o.may_refuse {
            out.push_str(&format!(
                "  kan weigeren op grond van {}\n",
                cite_text(p, sources, *c)
            ));
        }
        for c in &o.may_end {
            out.push_str(&format!(
                "  kan beëindigen op grond van {}\n",
                cite_text(p, sources, *c)
            ));
        }
        for (what, open) in [
            ("weigeringsgronden", &o.may_refuse_open),
            ("beëindigingsgronden", &o.may_end_open),
        ] {
            if open.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "  mogelijke {what} (hangt af van wat ontbreekt):\n"
            ));
            for (c, m) in open {
                out.push_str(&format!(
                    "    - {}: {}\n",
                    cite_text(p, sources, *c),
                    missing_line(p, m)
                ));
            }
        }
        let chain = o.chain(p);
        if !chain.is_empty() {
            out.push_str("  uitleg:\n");
            for c in &chain {
                out.push_str(&format!("    - {}\n", cite_text(p, sources, *c)));
            }
        }
    }
    out
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

// ------------------------------------------------------------------ the JSON report

/// The report of one case as JSON: the document of `verordening eval --format json` and of
/// the server's `POST …/beoordelingen`, field for field and in this order. Serialised straight
/// from the outcomes, borrowing names and citations from the program; [`json_report`] is this
/// document as a tree. (A tree per request, some hundred citations each an ordered map of owned
/// strings, cost most of a server request's time in allocation.)
///
/// With [`JsonReport::with_receipt`], `toetsing` (per voorziening) and `ontvangstbewijs` follow
/// the report's own fields (docs/tijd.md).
#[derive(Serialize)]
pub struct JsonReport<'a> {
    regeling: &'a str,
    geldig_vanaf: Option<String>,
    peildatum: String,
    voorzieningen: Vec<JsonOutcome<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toetsing: Option<Vec<super::tijd::ToetsingRegel<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ontvangstbewijs: Option<&'a super::tijd::Ontvangstbewijs>,
}

/// A citation with its place in the ordinance's files.
#[derive(Serialize)]
struct JsonCite<'a> {
    citaat: &'a str,
    bestand: &'a str,
    regel: usize,
    kolom: usize,
    start: u32,
    eind: u32,
}

fn json_cite<'a>(p: &'a Program, sources: &'a SourceMap, c: CiteId) -> Option<JsonCite<'a>> {
    let cite = p.cite(c)?;
    let (regel, kolom) = sources.line_col(cite.file, cite.span.start as usize);
    Some(JsonCite {
        citaat: &cite.text,
        bestand: sources.name(cite.file),
        regel,
        kolom,
        start: cite.span.start,
        eind: cite.span.end,
    })
}

/// Every citation of a program as its JSON object, written once: a server writes the same
/// citations (some hundred) into every answer, and writing each afresh (its place found, its
/// strings escaped) was a large part of an answer's cost. The bytes are those of
/// [`JsonCite`]; `JsonReport::with_cites` uses them.
pub struct CiteJson(Vec<Option<Box<serde_json::value::RawValue>>>);

impl CiteJson {
    pub fn new(p: &Program, sources: &SourceMap) -> CiteJson {
        CiteJson(
            (0..p.citations.len())
                .map(|c| {
                    let cite = json_cite(p, sources, c as CiteId)?;
                    serde_json::value::to_raw_value(&cite).ok()
                })
                .collect(),
        )
    }
}

/// Where a report gets its citations: written from the program, or from a [`CiteJson`] of it.
#[derive(Clone, Copy)]
struct Cites<'a> {
    p: &'a Program,
    sources: &'a SourceMap,
    written: Option<&'a CiteJson>,
}

/// One citation (`null` for one the program does not know).
struct CiteOut<'a>(Cites<'a>, CiteId);

impl Serialize for CiteOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Cites {
            p,
            sources,
            written,
        } = self.0;
        match written
            .and_then(|w| w.0.get(self.1 as usize))
            .and_then(Option::as_ref)
        {
            Some(raw) => raw.serialize(s),
            None => json_cite(p, sources, self.1).serialize(s),
        }
    }
}

fn kind_word(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Feit => "feit",
        InputKind::Oordeel => "oordeel",
        InputKind::Parameter => "parameter",
        InputKind::Peildatum => "peildatum",
    }
}

#[derive(Serialize)]
struct JsonInput<'a> {
    naam: &'a str,
    soort: &'static str,
}

/// Missing inputs, each with its kind.
struct JsonInputs<'a>(&'a Program, &'a Missing);

impl Serialize for JsonInputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for i in self.1.iter() {
            let Some(input) = self.0.inputs.get(i as usize) else {
                continue;
            };
            seq.serialize_element(&JsonInput {
                naam: &input.name,
                soort: kind_word(input.kind),
            })?;
        }
        seq.end()
    }
}

/// A ground whose condition is unknown, with the inputs that would settle it.
#[derive(Serialize)]
struct JsonOpen<'a> {
    citaat: &'a str,
    bestand: &'a str,
    regel: usize,
    kolom: usize,
    start: u32,
    eind: u32,
    ontbreekt: JsonInputs<'a>,
}

struct JsonOpens<'a>(&'a Program, &'a SourceMap, &'a [(CiteId, Missing)]);

impl Serialize for JsonOpens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.2.len()))?;
        for (c, m) in self.2 {
            seq.serialize_element(&json_cite(self.0, self.1, *c).map(|c| JsonOpen {
                citaat: c.citaat,
                bestand: c.bestand,
                regel: c.regel,
                kolom: c.kolom,
                start: c.start,
                eind: c.eind,
                ontbreekt: JsonInputs(self.0, m),
            }))?;
        }
        seq.end()
    }
}

/// Citations as a list (one the program does not know as `null`).
struct JsonCites<'a>(Cites<'a>, Vec<CiteId>);

impl Serialize for JsonCites<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for c in &self.1 {
            seq.serialize_element(&CiteOut(self.0, *c))?;
        }
        seq.end()
    }
}

/// Name → value pairs as an object, in order; a later pair with the same name replaces the
/// earlier one's value in its place (as an ordered map does).
struct JsonPairs<'a, T>(Vec<(&'a str, T)>);

impl<'a, T> JsonPairs<'a, T> {
    fn insert(&mut self, k: &'a str, v: T) {
        match self.0.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => self.0.push((k, v)),
        }
    }
}

impl<T: Serialize> Serialize for JsonPairs<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The outcome for one voorziening.
#[derive(Serialize)]
struct JsonOutcome<'a> {
    naam: &'a str,
    soort: &'static str,
    omschrijving: &'a str,
    uitkomst: &'static str,
    grond: Option<CiteOut<'a>>,
    andere_gronden: JsonCites<'a>,
    waarden: JsonPairs<'a, String>,
    niet_afgerond: Vec<&'a str>,
    onbekende_waarden: Vec<&'a str>,
    ontbreekt: JsonInputs<'a>,
    kan_weigeren: JsonCites<'a>,
    kan_beeindigen: JsonCites<'a>,
    kan_mogelijk_weigeren: JsonOpens<'a>,
    kan_mogelijk_beeindigen: JsonOpens<'a>,
    waarden_ontbreekt: JsonPairs<'a, JsonInputs<'a>>,
    waarden_zonder_uitkomst: JsonPairs<'a, JsonNoResult<'a>>,
    uitleg: JsonCites<'a>,
}

/// A value with every input known but no result (see [`NO_RESULT`]).
#[derive(Serialize)]
struct JsonNoResult<'a> {
    bericht: &'static str,
    bepaling: CiteOut<'a>,
}

impl<'a> JsonReport<'a> {
    pub fn new(
        p: &'a Program,
        sources: &'a SourceMap,
        peildatum: NaiveDate,
        outcomes: &'a [Outcome],
    ) -> Self {
        Self::with_cites(p, sources, peildatum, outcomes, None)
    }

    /// The report, with the citations taken from `written` (made for `p` and `sources`)
    /// where given: the same bytes, written faster.
    pub fn with_cites(
        p: &'a Program,
        sources: &'a SourceMap,
        peildatum: NaiveDate,
        outcomes: &'a [Outcome],
        written: Option<&'a CiteJson>,
    ) -> Self {
        let cites = Cites {
            p,
            sources,
            written,
        };
        let voorzieningen = outcomes
            .iter()
            .filter_map(|o| {
                let vz = p.voorzieningen.get(o.vz)?;
                let mut waarden = JsonPairs(Vec::new());
                let mut onbekende_waarden = Vec::new();
                let mut waarden_ontbreekt = JsonPairs(Vec::new());
                let mut waarden_zonder_uitkomst = JsonPairs(Vec::new());
                let mut niet_afgerond = Vec::new();
                for (k, r) in &o.values {
                    let Some(rule) = vz.values.get(*k) else {
                        continue;
                    };
                    let name = rule.name.as_str();
                    if unrounded_amount(r) {
                        niet_afgerond.push(name);
                    }
                    match (value_text(p, rule, r), r) {
                        (Some(t), _) => waarden.insert(name, t),
                        (None, R::U(m)) if !m.is_empty() => {
                            onbekende_waarden.push(name);
                            waarden_ontbreekt.insert(name, JsonInputs(p, m));
                        }
                        (None, _) => {
                            onbekende_waarden.push(name);
                            waarden_zonder_uitkomst.insert(
                                name,
                                JsonNoResult {
                                    bericht: NO_RESULT,
                                    bepaling: CiteOut(cites, rule.cite),
                                },
                            );
                        }
                    }
                }
                let mut chain = o.chain(p);
                if chain.is_empty() {
                    chain.extend(o.ground.or(vz.declared));
                }
                Some(JsonOutcome {
                    naam: &vz.name,
                    soort: if vz.besluit { "besluit" } else { "voorziening" },
                    omschrijving: &vz.label,
                    uitkomst: o.uitkomst.as_str(),
                    grond: o.ground.map(|c| CiteOut(cites, c)),
                    andere_gronden: JsonCites(cites, o.other_grounds.clone()),
                    waarden,
                    niet_afgerond,
                    onbekende_waarden,
                    ontbreekt: JsonInputs(p, &o.missing),
                    kan_weigeren: JsonCites(cites, o.may_refuse.clone()),
                    kan_beeindigen: JsonCites(cites, o.may_end.clone()),
                    kan_mogelijk_weigeren: JsonOpens(p, sources, &o.may_refuse_open),
                    kan_mogelijk_beeindigen: JsonOpens(p, sources, &o.may_end_open),
                    waarden_ontbreekt,
                    waarden_zonder_uitkomst,
                    uitleg: JsonCites(cites, chain),
                })
            })
            .collect();
        JsonReport {
            regeling: &p.title,
            geldig_vanaf: p.geldig_vanaf.map(|d| d.to_string()),
            peildatum: peildatum.to_string(),
            voorzieningen,
            toetsing: None,
            ontvangstbewijs: None,
        }
    }

    /// With `toetsing` per voorziening and the `ontvangstbewijs`, after the report's own
    /// fields (as `eval --format json` and the server write them).
    pub fn with_receipt(mut self, bewijs: &'a super::tijd::Ontvangstbewijs) -> Self {
        self.toetsing = Some(
            self.voorzieningen
                .iter()
                .map(|v| super::tijd::ToetsingRegel::new(v.naam, bewijs))
                .collect(),
        );
        self.ontvangstbewijs = Some(bewijs);
        self
    }
}
