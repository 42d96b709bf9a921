//! Reports of an evaluation: readable Dutch text, and the same as stable JSON.

use super::program::*;
use super::run::{to_val, Outcome, Uitkomst};
use crate::diagnostics::SourceMap;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// Why a value with every input known has no result: checked arithmetic overflowed (an amount
/// beyond 79 228 162 514 264 337 593 543 950 335, a date past the year 262 143), a division by
/// zero, or an element beyond the end of a list. Said, never shown as a bare "onbekend".
pub const NO_RESULT: &str =
    "de berekening heeft geen uitkomst: een getal of datum wordt te groot, of een waarde valt buiten het bereik van de regel";

/// Why a value read from the entry `kies` chose has no result: there is no entry that
/// satisfies the condition (`bestaat(kandidaat)` is nee).
pub const NO_ENTRY: &str =
    "er is geen vermelding gekozen: geen vermelding van de lijst voldoet aan de voorwaarde";

/// Why a value read from the entry `kies` chose has no result: two or more entries are first
/// by the order and differ in this field; the regeling does not say which goes first.
pub const TIE: &str = "de keuze uit de lijst staat gelijk: meer vermeldingen gaan volgens de volgorde voor en verschillen hierin, en de regeling zegt niet welke voorgaat";

/// Why a value with every input known has no result: [`NO_RESULT`], or for a value read from
/// a choice that chose no entry or is tied, [`NO_ENTRY`] or [`TIE`].
pub fn no_result(p: &Program, o: &Outcome, rule: &ValueRule) -> &'static str {
    for k in &o.gekozen {
        let why = match k.uitkomst {
            Ok(super::lijst::Gekozen::Geen) => NO_ENTRY,
            Ok(super::lijst::Gekozen::Gelijk(..)) => TIE,
            _ => continue,
        };
        if reads_choice(p, rule.node, k.selectie) {
            return why;
        }
    }
    NO_RESULT
}

/// Why an outcome with nothing missing is undecided: a tie in a choice from a list, a choice
/// without an entry whose field a rule reads, or else [`NO_RESULT`].
pub fn undecided(o: &Outcome) -> &'static str {
    let is = |want: fn(&super::lijst::Gekozen) -> bool| {
        o.gekozen
            .iter()
            .any(|k| k.uitkomst.as_ref().is_ok_and(want))
    };
    if is(|g| matches!(g, super::lijst::Gekozen::Gelijk(..))) {
        TIE
    } else if is(|g| matches!(g, super::lijst::Gekozen::Geen)) {
        NO_ENTRY
    } else {
        NO_RESULT
    }
}

/// Whether node `n` reads a field of the entry selection `s` chose.
pub fn reads_choice(p: &Program, n: NodeId, s: u32) -> bool {
    let mut todo = vec![n];
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = p.nodes.get(id as usize) else {
            continue;
        };
        if matches!(node, Node::ChosenField(x, _) if *x == s) {
            return true;
        }
        super::share::for_each_child(node, p, &mut |c| todo.push(c));
    }
    false
}

/// A clause of the regeling, with where it stands in its files.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bepaling {
    /// `artikel 4, eerste lid`
    pub citaat: String,
    pub bestand: String,
    /// From 1.
    pub regel: usize,
    /// From 1, in characters.
    pub kolom: usize,
    /// Byte offsets in the file.
    pub start: u32,
    pub eind: u32,
}

fn cite_json(p: &Program, sources: &SourceMap, c: CiteId) -> Option<Bepaling> {
    let cite = p.cite(c)?;
    let (line, column) = sources.line_col(cite.file, cite.span.start as usize);
    Some(Bepaling {
        citaat: cite.text.clone(),
        bestand: sources.name(cite.file).to_string(),
        regel: line,
        kolom: column,
        start: cite.span.start,
        eind: cite.span.end,
    })
}

/// What kind of input is missing.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InvoerSoort {
    Feit,
    Oordeel,
    Parameter,
    Peildatum,
}

/// An input that is missing.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Invoer {
    pub naam: String,
    pub soort: InvoerSoort,
}

fn missing_json(p: &Program, m: &Missing) -> Vec<Invoer> {
    m.iter()
        .filter_map(|i| p.inputs.get(i as usize))
        .map(|input| Invoer {
            naam: input.name.clone(),
            soort: match input.kind {
                InputKind::Feit => InvoerSoort::Feit,
                InputKind::Oordeel => InvoerSoort::Oordeel,
                InputKind::Parameter => InvoerSoort::Parameter,
                InputKind::Peildatum => InvoerSoort::Peildatum,
            },
        })
        .collect()
}

/// A ground whose condition is unknown, with the inputs that would settle it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OpenGrond {
    pub citaat: String,
    pub bestand: String,
    pub regel: usize,
    pub kolom: usize,
    pub start: u32,
    pub eind: u32,
    pub ontbreekt: Vec<Invoer>,
}

/// Grounds whose condition is unknown, each with the inputs that would settle it.
fn open_json(
    p: &Program,
    sources: &SourceMap,
    open: &[(CiteId, Missing)],
) -> Vec<Option<OpenGrond>> {
    open.iter()
        .map(|(c, m)| {
            cite_json(p, sources, *c).map(|b| OpenGrond {
                citaat: b.citaat,
                bestand: b.bestand,
                regel: b.regel,
                kolom: b.kolom,
                start: b.start,
                eind: b.eind,
                ontbreekt: missing_json(p, m),
            })
        })
        .collect()
}

pub fn value_text(p: &Program, o: &Outcome, rule: &ValueRule, r: &R) -> Option<String> {
    match r {
        // A text of the case (a field of a chosen entry) by its text.
        R::K(V::Sym(s)) => Some(o.text(p, *s).to_string()),
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

/// Whether a voorziening is a provision or a decision (`besluit`).
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VoorzieningSoort {
    Voorziening,
    Besluit,
}

/// A value with every input known but no result (an overflow, a date out of range, an
/// element beyond a list: `NO_RESULT`), with the clause of the value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GeenUitkomst {
    pub bericht: &'static str,
    pub bepaling: Option<Bepaling>,
}

/// The outcome for one voorziening in the report of `eval --format json`. A citation that
/// cannot be found would be `null` (it cannot happen for a lowered program).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Voorziening {
    pub naam: String,
    pub soort: VoorzieningSoort,
    pub omschrijving: String,
    pub uitkomst: Uitkomst,
    /// The clause that refuses, or grants.
    pub grond: Option<Bepaling>,
    /// Further clauses that refuse too.
    pub andere_gronden: Vec<Option<Bepaling>>,
    /// The known values, by name, as the text writes them (`€ 1.619`, `12 maanden`).
    pub waarden: Pairs<String, String>,
    /// Amounts finer than cents for which the regeling states no rounding (`vo::afronding`).
    pub niet_afgerond: Vec<String>,
    pub onbekende_waarden: Vec<String>,
    /// The inputs an `onbepaald` outcome lacks.
    pub ontbreekt: Vec<Invoer>,
    pub kan_weigeren: Vec<Option<Bepaling>>,
    pub kan_beeindigen: Vec<Option<Bepaling>>,
    pub kan_mogelijk_weigeren: Vec<Option<OpenGrond>>,
    pub kan_mogelijk_beeindigen: Vec<Option<OpenGrond>>,
    /// Per unknown value the inputs that would settle it.
    pub waarden_ontbreekt: Pairs<String, Vec<Invoer>>,
    pub waarden_zonder_uitkomst: Pairs<String, GeenUitkomst>,
    /// The chain of clauses behind the outcome.
    pub uitleg: Vec<Option<Bepaling>>,
    /// What each choice from a list (`kies`) that the rules read chose; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gekozen: Vec<GekozenVermelding>,
}

/// What a choice from a list chose (`definitie kandidaat = kies(...)`): which entry, why (the
/// order and how many entries satisfied the condition), and its fields.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GekozenVermelding {
    /// The definition that chooses (`kandidaat`).
    pub naam: String,
    /// The list fact.
    pub lijst: String,
    /// The condition and the order as written.
    pub waarbij: String,
    pub volgorde: String,
    pub uitkomst: KeuzeUitkomst,
    /// The chosen entry's place in the list (from 1); under a tie the first of the tied.
    pub vermelding: Option<u32>,
    /// Under a tie: the places of every entry first by the order.
    pub gelijk: Vec<u32>,
    /// How many entries satisfy the condition (null when unknown), and how many there are.
    pub voldoen: Option<u32>,
    pub vermeldingen: u32,
    /// The fields of the chosen entry, as the report writes them; under a tie, the fields
    /// the tied entries have in common.
    pub velden: Pairs<String, String>,
    /// What the choice waits for, when it is unknown.
    pub ontbreekt: Vec<Invoer>,
    /// Where the choice is written.
    pub bepaling: Option<Bepaling>,
}

/// A choice in a few words, as a test file and a batch line write it: the place of the chosen
/// entry (from 1), `geen`, `onbekend`, or `gelijk 1, 3` (the places tied).
pub fn keuze_tekst(k: &super::run::Keuze) -> String {
    use super::lijst::Gekozen;
    match k.uitkomst {
        Ok(Gekozen::Een(r)) => (r + 1).to_string(),
        Ok(Gekozen::Geen) => "geen".into(),
        Ok(Gekozen::Gelijk(..)) => format!(
            "gelijk {}",
            k.gelijk
                .iter()
                .map(|r| (r + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(_) => "onbekend".into(),
    }
}

/// The outcome of a choice from a list.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeuzeUitkomst {
    /// One entry is first by the order among those that satisfy the condition.
    Gekozen,
    /// No entry satisfies the condition (or the list is empty).
    Geen,
    /// Two or more entries are first by the order and equal on every key.
    Gelijk,
    /// The list, or the condition for an entry that could come first, is unknown.
    Onbekend,
}

/// The choices an outcome records, for a report.
pub fn gekozen_json(p: &Program, sources: &SourceMap, o: &Outcome) -> Vec<GekozenVermelding> {
    use super::lijst::Gekozen;
    o.gekozen
        .iter()
        .filter_map(|k| {
            let sel = p.selecties.get(k.selectie as usize)?;
            let (uitkomst, vermelding, ontbreekt) = match &k.uitkomst {
                Ok(Gekozen::Een(r)) => (KeuzeUitkomst::Gekozen, Some(r + 1), Vec::new()),
                Ok(Gekozen::Geen) => (KeuzeUitkomst::Geen, None, Vec::new()),
                Ok(Gekozen::Gelijk(r, _)) => (KeuzeUitkomst::Gelijk, Some(r + 1), Vec::new()),
                Err(m) => (KeuzeUitkomst::Onbekend, None, missing_json(p, m)),
            };
            Some(GekozenVermelding {
                naam: sel.name.clone(),
                lijst: p
                    .inputs
                    .get(sel.input as usize)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                waarbij: sel.waarbij.clone(),
                volgorde: sel.volgorde.clone(),
                uitkomst,
                vermelding,
                gelijk: k.gelijk.iter().map(|r| r + 1).collect(),
                voldoen: k.voldoen,
                vermeldingen: k.vermeldingen,
                velden: Pairs(k.velden.clone()),
                ontbreekt,
                bepaling: sel.cite.and_then(|c| cite_json(p, sources, c)),
            })
        })
        .collect()
}

/// The report of `eval --format json` without what governed it (`toetsing`,
/// `ontvangstbewijs`: see [`EvalRapport`]).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Rapport {
    pub regeling: String,
    #[schemars(with = "Option<NaiveDate>")]
    pub geldig_vanaf: Option<String>,
    #[schemars(with = "NaiveDate")]
    pub peildatum: String,
    pub voorzieningen: Vec<Voorziening>,
}

/// The report as a JSON tree (for `eval --controleer`, which compares two).
pub fn json_report(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> Value {
    serde_json::to_value(report(p, sources, peildatum, outcomes)).unwrap_or(Value::Null)
}

/// The report of `eval --format json`, typed.
pub fn report(
    p: &Program,
    sources: &SourceMap,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> Rapport {
    let voorzieningen = outcomes
        .iter()
        .filter_map(|o| {
            let vz = p.voorzieningen.get(o.vz)?;
            let mut values = Pairs(Vec::new());
            let mut unknown = Vec::new();
            let mut values_missing = Pairs(Vec::new());
            let mut values_failed = Pairs(Vec::new());
            let mut unrounded = Vec::new();
            for (k, r) in &o.values {
                let Some(rule) = vz.values.get(*k) else {
                    continue;
                };
                if unrounded_amount(r) {
                    unrounded.push(rule.name.clone());
                }
                match (value_text(p, o, rule, r), r) {
                    (Some(t), _) => values.insert(rule.name.clone(), t),
                    (None, R::U(m)) if !m.is_empty() => {
                        unknown.push(rule.name.clone());
                        values_missing.insert(rule.name.clone(), missing_json(p, m));
                    }
                    (None, _) => {
                        unknown.push(rule.name.clone());
                        values_failed.insert(
                            rule.name.clone(),
                            GeenUitkomst {
                                bericht: no_result(p, o, rule),
                                bepaling: cite_json(p, sources, rule.cite),
                            },
                        );
                    }
                }
            }
            let cites = |cs: &[CiteId]| -> Vec<Option<Bepaling>> {
                cs.iter().map(|c| cite_json(p, sources, *c)).collect()
            };
            let mut chain = cites(&o.chain(p));
            if chain.is_empty() {
                if let Some(c) = o.ground.or(vz.declared) {
                    chain.push(cite_json(p, sources, c));
                }
            }
            Some(Voorziening {
                naam: vz.name.clone(),
                soort: if vz.besluit {
                    VoorzieningSoort::Besluit
                } else {
                    VoorzieningSoort::Voorziening
                },
                omschrijving: vz.label.clone(),
                uitkomst: o.uitkomst,
                grond: o.ground.and_then(|c| cite_json(p, sources, c)),
                andere_gronden: cites(&o.other_grounds),
                waarden: values,
                niet_afgerond: unrounded,
                onbekende_waarden: unknown,
                ontbreekt: missing_json(p, &o.missing),
                kan_weigeren: cites(&o.may_refuse),
                kan_beeindigen: cites(&o.may_end),
                kan_mogelijk_weigeren: open_json(p, sources, &o.may_refuse_open),
                kan_mogelijk_beeindigen: open_json(p, sources, &o.may_end_open),
                waarden_ontbreekt: values_missing,
                waarden_zonder_uitkomst: values_failed,
                uitleg: chain,
                gekozen: gekozen_json(p, sources, o),
            })
        })
        .collect();
    Rapport {
        regeling: p.title.clone(),
        geldig_vanaf: p.geldig_vanaf.map(|d| d.to_string()),
        peildatum: peildatum.to_string(),
        voorzieningen,
    }
}

/// The report of one case in the compact form of `verordening batch`: the same outcomes,
/// values and missing inputs as [`json_report`], with clauses cited by their text only (their
/// file positions are the same for every case: `eval --format json` gives them). Two clauses
/// in one lid have the same text, so each list of citations names a lid once, in the order of
/// its first clause. Serialised straight from the outcomes, without building a JSON tree per
/// case.
#[derive(serde::Serialize, JsonSchema)]
pub struct CompactReport<'a> {
    #[schemars(with = "NaiveDate")]
    pub peildatum: String,
    #[schemars(with = "Option<NaiveDate>")]
    pub geldig_vanaf: Option<String>,
    pub voorzieningen: Vec<CompactOutcome<'a>>,
}

#[derive(serde::Serialize, JsonSchema)]
pub struct CompactOutcome<'a> {
    pub naam: &'a str,
    #[schemars(with = "Uitkomst")]
    pub uitkomst: &'static str,
    pub grond: Option<&'a str>,
    pub waarden: Pairs<&'a str, String>,
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
    /// Per choice from a list (by the definition's name): the place of the chosen entry,
    /// `geen`, `onbekend` or `gelijk 1, 3`. Absent when the rules choose nothing.
    #[serde(skip_serializing_if = "Pairs::is_empty")]
    pub gekozen: Pairs<&'a str, String>,
}

/// Names and values, written as a JSON object in their order.
#[derive(Debug, Clone)]
pub struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Pairs<K, V> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: PartialEq, V> Pairs<K, V> {
    /// A later pair with the same name replaces the earlier one's value in its place (as an
    /// ordered map does).
    fn insert(&mut self, k: K, v: V) {
        match self.0.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => self.0.push((k, v)),
        }
    }
}

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// An object whose every member has the schema of `V` (the names are the regeling's).
impl<K, V: JsonSchema> JsonSchema for Pairs<K, V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Pairs_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": g.subschema_for::<V>(),
        })
    }
}

pub fn compact_report<'a>(
    p: &'a Program,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
) -> CompactReport<'a> {
    compact_report_with(p, peildatum, outcomes, true)
}

/// [`compact_report`], with `lists` false only `naam`, `uitkomst`, `grond`, `waarden` and
/// `onbekende_waarden` (the rest left empty): what `batch --compact` writes, without the
/// citation lists it would throw away (about half of a compact line's cost).
pub fn compact_report_with<'a>(
    p: &'a Program,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
    lists: bool,
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
                match value_text(p, o, rule, r) {
                    Some(t) => waarden.push((rule.name.as_str(), t)),
                    None => onbekende_waarden.push(rule.name.as_str()),
                }
            }
            if !lists {
                return Some(CompactOutcome {
                    naam: &vz.name,
                    uitkomst: o.uitkomst.as_str(),
                    grond: o.ground.as_ref().and_then(cite),
                    waarden: Pairs(waarden),
                    onbekende_waarden,
                    ontbreekt: Vec::new(),
                    kan_weigeren: Vec::new(),
                    kan_beeindigen: Vec::new(),
                    kan_mogelijk_weigeren: Vec::new(),
                    kan_mogelijk_beeindigen: Vec::new(),
                    uitleg: Vec::new(),
                    gekozen: Pairs(Vec::new()),
                });
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
                gekozen: Pairs(
                    o.gekozen
                        .iter()
                        .filter_map(|k| {
                            let sel = p.selecties.get(k.selectie as usize)?;
                            Some((sel.name.as_str(), keuze_tekst(k)))
                        })
                        .collect(),
                ),
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

/// The report written byte by byte, its constant parts written once (eval/jsonreport.rs).
pub use super::jsonreport::{JsonReport, ReportParts};

/// The document `eval --format json` writes: the report, then what governed it per
/// voorziening and the receipt.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EvalRapport {
    #[serde(flatten)]
    pub rapport: Rapport,
    pub toetsing: Vec<super::tijd::Toetsing>,
    pub ontvangstbewijs: super::tijd::Ontvangstbewijs,
}

impl EvalRapport {
    pub fn new(rapport: Rapport, b: &super::tijd::Ontvangstbewijs) -> EvalRapport {
        let toetsing =
            super::tijd::toetsing(rapport.voorzieningen.iter().map(|v| v.naam.as_str()), b);
        EvalRapport {
            rapport,
            toetsing,
            ontvangstbewijs: b.clone(),
        }
    }
}
