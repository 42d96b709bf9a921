//! The report of one case as JSON (`verordening eval --format json`, the server's `POST
//! …/beoordelingen`), written byte by byte into one buffer.
//!
//! A server writes some hundred citations, input names and voorziening names into every
//! answer, the same for every case of a version: [`ReportParts`] writes each of them once as
//! its JSON bytes (escaped, with its place in the files), and a report copies them. What
//! differs per case (the outcome, the values, the dates) is written as it comes. There is no
//! JSON tree and no map per answer, and little is allocated (the value texts, a chain of
//! citations per voorziening).
//!
//! The bytes are those of the typed, owned [`super::report::report`] (the schema's
//! definition) serialised compactly: tests/eval.rs compares the two for every shipped case.
//! The command line prints the same bytes pretty ([`JsonReport::to_string_pretty`]).

use super::program::*;
use super::report::{no_result, unrounded_amount, value_text};
use super::run::Outcome;
use super::tijd::{Ontvangstbewijs, ToetsingRegel};
use crate::diagnostics::SourceMap;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// A string as JSON (escaped as serde_json escapes it).
fn string(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// A value as JSON.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    let _ = serde_json::to_writer(&mut *out, v);
}

/// A citation with its place in the ordinance's files: the object every citation of the
/// report is.
#[derive(Serialize)]
struct JsonCite<'a> {
    citaat: &'a str,
    bestand: &'a str,
    regel: usize,
    kolom: usize,
    start: u32,
    eind: u32,
}

/// The parts of a program's reports that are the same for every case, as JSON bytes: every
/// citation (its text, file, line and column), every input (`{"naam":…,"soort":…}`), every
/// voorziening's name, kind and description, and every value rule's name. A server makes
/// them once per version at loading; `eval` makes them for its one report.
pub struct ReportParts {
    /// `{"citaat":…,"eind":…}` per citation; `None` for one that cannot be found.
    cites: Vec<Option<Box<[u8]>>>,
    /// `{"naam":…,"soort":…}` per input.
    inputs: Vec<Box<[u8]>>,
    /// Per voorziening `{"naam":…,"soort":…,"omschrijving":…,"uitkomst":`.
    heads: Vec<Box<[u8]>>,
    /// Per voorziening its name as a JSON string (for `toetsing`).
    names: Vec<Box<[u8]>>,
    /// Per voorziening, per value rule, its name as a JSON string.
    values: Vec<Vec<Box<[u8]>>>,
    /// `{"regeling":…,"geldig_vanaf":…,"peildatum":`.
    head: Box<[u8]>,
}

impl ReportParts {
    pub fn new(p: &Program, sources: &SourceMap) -> ReportParts {
        let cites = (0..p.citations.len())
            .map(|c| {
                let cite = p.cite(c as CiteId)?;
                let (regel, kolom) = sources.line_col(cite.file, cite.span.start as usize);
                Some(bytes(&JsonCite {
                    citaat: &cite.text,
                    bestand: sources.name(cite.file),
                    regel,
                    kolom,
                    start: cite.span.start,
                    eind: cite.span.end,
                }))
            })
            .collect();
        let inputs = p
            .inputs
            .iter()
            .map(|input| {
                let mut out = Vec::new();
                out.extend_from_slice(b"{\"naam\":");
                string(&mut out, &input.name);
                out.extend_from_slice(b",\"soort\":");
                string(&mut out, kind_word(input.kind));
                out.push(b'}');
                out.into_boxed_slice()
            })
            .collect();
        let heads = p
            .voorzieningen
            .iter()
            .map(|vz| {
                let mut out = Vec::new();
                out.extend_from_slice(b"{\"naam\":");
                string(&mut out, &vz.name);
                out.extend_from_slice(b",\"soort\":");
                string(&mut out, if vz.besluit { "besluit" } else { "voorziening" });
                out.extend_from_slice(b",\"omschrijving\":");
                string(&mut out, &vz.label);
                out.extend_from_slice(b",\"uitkomst\":");
                out.into_boxed_slice()
            })
            .collect();
        let names = p
            .voorzieningen
            .iter()
            .map(|vz| bytes(vz.name.as_str()))
            .collect();
        let values = p
            .voorzieningen
            .iter()
            .map(|vz| vz.values.iter().map(|v| bytes(v.name.as_str())).collect())
            .collect();
        let mut head = Vec::new();
        head.extend_from_slice(b"{\"regeling\":");
        string(&mut head, &p.title);
        head.extend_from_slice(b",\"geldig_vanaf\":");
        json(&mut head, &p.geldig_vanaf.map(|d| d.to_string()));
        head.extend_from_slice(b",\"peildatum\":");
        ReportParts {
            cites,
            inputs,
            heads,
            names,
            values,
            head: head.into_boxed_slice(),
        }
    }

    /// Citation `c` (`null` for one the program does not know).
    fn cite(&self, out: &mut Vec<u8>, c: CiteId) {
        match self.cites.get(c as usize).and_then(Option::as_ref) {
            Some(bytes) => out.extend_from_slice(bytes),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// Citations as a list.
    fn cite_list(&self, out: &mut Vec<u8>, cs: impl IntoIterator<Item = CiteId>) {
        out.push(b'[');
        for (i, c) in cs.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.cite(out, c);
        }
        out.push(b']');
    }

    /// Missing inputs, each with its kind.
    fn inputs(&self, out: &mut Vec<u8>, m: &Missing) {
        out.push(b'[');
        let mut first = true;
        for i in m.iter() {
            let Some(bytes) = self.inputs.get(i as usize) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(bytes);
        }
        out.push(b']');
    }

    /// Grounds whose condition is unknown, each the citation's object with the inputs that
    /// would settle it added (`null` for a citation the program does not know).
    fn open(&self, out: &mut Vec<u8>, open: &[(CiteId, Missing)]) {
        out.push(b'[');
        for (i, (c, m)) in open.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match self.cites.get(*c as usize).and_then(Option::as_ref) {
                // The citation's object without its closing brace, then `ontbreekt`.
                Some(cite) => {
                    out.extend_from_slice(
                        cite.get(..cite.len().saturating_sub(1)).unwrap_or_default(),
                    );
                    out.extend_from_slice(b",\"ontbreekt\":");
                    self.inputs(out, m);
                    out.push(b'}');
                }
                None => out.extend_from_slice(b"null"),
            }
        }
        out.push(b']');
    }
}

/// A value as JSON bytes, kept.
fn bytes<T: Serialize + ?Sized>(v: &T) -> Box<[u8]> {
    let mut out = Vec::new();
    json(&mut out, v);
    out.into_boxed_slice()
}

fn kind_word(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Feit => "feit",
        InputKind::Oordeel => "oordeel",
        InputKind::Parameter => "parameter",
        InputKind::Peildatum => "peildatum",
    }
}

/// Where a report gets its parts: made for it, or those a server made at loading.
enum Parts<'a> {
    Own(Box<ReportParts>),
    Shared(&'a ReportParts),
}

/// The report of one case as JSON: the document of `verordening eval --format json` and of
/// the server's `POST …/beoordelingen`, field for field and in the order of
/// [`super::report::Rapport`]. With [`JsonReport::with_receipt`], `toetsing` (per
/// voorziening) and `ontvangstbewijs` follow the report's own fields (docs/tijd.md).
pub struct JsonReport<'a> {
    p: &'a Program,
    parts: Parts<'a>,
    peildatum: NaiveDate,
    outcomes: &'a [Outcome],
    bewijs: Option<&'a Ontvangstbewijs>,
}

impl<'a> JsonReport<'a> {
    /// The report, its constant parts made for it.
    pub fn new(
        p: &'a Program,
        sources: &SourceMap,
        peildatum: NaiveDate,
        outcomes: &'a [Outcome],
    ) -> Self {
        JsonReport {
            p,
            parts: Parts::Own(Box::new(ReportParts::new(p, sources))),
            peildatum,
            outcomes,
            bewijs: None,
        }
    }

    /// The report with the constant parts made beforehand (by [`ReportParts::new`] for `p`):
    /// the same bytes.
    pub fn with_parts(
        p: &'a Program,
        parts: &'a ReportParts,
        peildatum: NaiveDate,
        outcomes: &'a [Outcome],
    ) -> Self {
        JsonReport {
            p,
            parts: Parts::Shared(parts),
            peildatum,
            outcomes,
            bewijs: None,
        }
    }

    /// With `toetsing` per voorziening and the `ontvangstbewijs`, after the report's own
    /// fields (as `eval --format json` and the server write them).
    pub fn with_receipt(mut self, bewijs: &'a Ontvangstbewijs) -> Self {
        self.bewijs = Some(bewijs);
        self
    }

    /// The report as compact JSON, appended to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        let p = self.p;
        let parts = match &self.parts {
            Parts::Own(b) => b,
            Parts::Shared(r) => *r,
        };
        out.extend_from_slice(&parts.head);
        json(out, &self.peildatum.to_string());
        out.extend_from_slice(b",\"voorzieningen\":[");
        let mut first = true;
        for o in self.outcomes {
            let Some(vz) = p.voorzieningen.get(o.vz) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            write_outcome(out, p, parts, vz, o);
        }
        out.push(b']');
        if let Some(b) = self.bewijs {
            out.extend_from_slice(b",\"toetsing\":[");
            // What follows a voorziening's name in its row is the same for every row unless
            // some rules were not applied to some voorzieningen.
            let shared_tail = b.niet_toegepast.is_empty().then(|| {
                let mut row = Vec::new();
                json(&mut row, &ToetsingRegel::new("", b));
                row.split_off(b"{\"voorziening\":\"\"".len().min(row.len()))
            });
            let mut first = true;
            for o in self.outcomes {
                let Some(vz) = p.voorzieningen.get(o.vz) else {
                    continue;
                };
                if !first {
                    out.push(b',');
                }
                first = false;
                match (&shared_tail, parts.names.get(o.vz)) {
                    (Some(tail), Some(name)) => {
                        out.extend_from_slice(b"{\"voorziening\":");
                        out.extend_from_slice(name);
                        out.extend_from_slice(tail);
                    }
                    _ => json(out, &ToetsingRegel::new(&vz.name, b)),
                }
            }
            out.extend_from_slice(b"],\"ontvangstbewijs\":");
            json(out, b);
        }
        out.push(b'}');
    }

    /// The report as compact JSON.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.write(&mut out);
        out
    }

    /// The report as a JSON tree (for `eval --controleer`).
    pub fn to_value(&self) -> Value {
        serde_json::from_slice(&self.to_vec()).unwrap_or(Value::Null)
    }

    /// The report as `eval --format json` prints it: the same document, indented.
    pub fn to_string_pretty(&self) -> String {
        // The tree keeps the order of the members (serde_json's `preserve_order`) and the
        // digits of the numbers (`arbitrary_precision`), so this is the bytes above, indented.
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }
}

/// Each name of a value of category `same` once, in the place of its first occurrence, with
/// the value of its last (as an ordered map keeps a name inserted twice).
fn write_pairs(
    out: &mut Vec<u8>,
    o: &Outcome,
    vz: &VzProgram,
    names: Option<&Vec<Box<[u8]>>>,
    same: impl Fn(&R) -> bool,
    mut value: impl FnMut(&mut Vec<u8>, &ValueRule, &R),
) {
    out.push(b'{');
    let mut first = true;
    let rule = |k: usize| vz.values.get(k);
    for (i, (k, r)) in o.values.iter().enumerate() {
        let Some(this) = rule(*k) else { continue };
        if !same(r) {
            continue;
        }
        let named = |(k2, r2): &(usize, R)| {
            same(r2) && rule(*k2).is_some_and(|other| other.name == this.name)
        };
        if o.values
            .get(..i)
            .is_some_and(|before| before.iter().any(named))
        {
            continue;
        }
        // The last value under this name (this one, or a later one).
        let (last_k, last_r) = o
            .values
            .get(i..)
            .and_then(|after| after.iter().rev().find(|e| named(e)))
            .map_or((*k, r), |(k2, r2)| (*k2, r2));
        if !first {
            out.push(b',');
        }
        first = false;
        match names.and_then(|n| n.get(*k)) {
            Some(bytes) => out.extend_from_slice(bytes),
            None => string(out, &this.name),
        }
        out.push(b':');
        if let Some(last_rule) = rule(last_k) {
            value(out, last_rule, last_r);
        }
    }
    out.push(b'}');
}

/// Names of values as a list, in order.
fn write_names(
    out: &mut Vec<u8>,
    o: &Outcome,
    vz: &VzProgram,
    names: Option<&Vec<Box<[u8]>>>,
    which: impl Fn(&R) -> bool,
) {
    out.push(b'[');
    let mut first = true;
    for (k, r) in &o.values {
        let Some(rule) = vz.values.get(*k) else {
            continue;
        };
        if !which(r) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        match names.and_then(|n| n.get(*k)) {
            Some(bytes) => out.extend_from_slice(bytes),
            None => string(out, &rule.name),
        }
    }
    out.push(b']');
}

fn write_outcome(out: &mut Vec<u8>, p: &Program, parts: &ReportParts, vz: &VzProgram, o: &Outcome) {
    let names = parts.values.get(o.vz);
    match parts.heads.get(o.vz) {
        Some(head) => out.extend_from_slice(head),
        None => {
            // Cannot happen: the parts have every voorziening of the program.
            out.extend_from_slice(b"{\"naam\":");
            string(out, &vz.name);
            out.extend_from_slice(b",\"soort\":");
            string(out, if vz.besluit { "besluit" } else { "voorziening" });
            out.extend_from_slice(b",\"omschrijving\":");
            string(out, &vz.label);
            out.extend_from_slice(b",\"uitkomst\":");
        }
    }
    string(out, o.uitkomst.as_str());
    out.extend_from_slice(b",\"grond\":");
    match o.ground {
        Some(c) => parts.cite(out, c),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"andere_gronden\":");
    parts.cite_list(out, o.other_grounds.iter().copied());
    out.extend_from_slice(b",\"waarden\":");
    write_pairs(
        out,
        o,
        vz,
        names,
        |r| matches!(r, R::K(_)),
        |out, rule, r| string(out, &value_text(p, o, rule, r).unwrap_or_default()),
    );
    out.extend_from_slice(b",\"niet_afgerond\":");
    write_names(out, o, vz, names, unrounded_amount);
    out.extend_from_slice(b",\"onbekende_waarden\":");
    write_names(out, o, vz, names, |r| matches!(r, R::U(_)));
    out.extend_from_slice(b",\"ontbreekt\":");
    parts.inputs(out, &o.missing);
    out.extend_from_slice(b",\"kan_weigeren\":");
    parts.cite_list(out, o.may_refuse.iter().copied());
    out.extend_from_slice(b",\"kan_beeindigen\":");
    parts.cite_list(out, o.may_end.iter().copied());
    out.extend_from_slice(b",\"kan_mogelijk_weigeren\":");
    parts.open(out, &o.may_refuse_open);
    out.extend_from_slice(b",\"kan_mogelijk_beeindigen\":");
    parts.open(out, &o.may_end_open);
    out.extend_from_slice(b",\"waarden_ontbreekt\":");
    write_pairs(
        out,
        o,
        vz,
        names,
        |r| matches!(r, R::U(m) if !m.is_empty()),
        |out, _, r| {
            if let R::U(m) = r {
                parts.inputs(out, m);
            }
        },
    );
    out.extend_from_slice(b",\"waarden_zonder_uitkomst\":");
    write_pairs(
        out,
        o,
        vz,
        names,
        |r| matches!(r, R::U(m) if m.is_empty()),
        |out, rule, _| {
            out.extend_from_slice(b"{\"bericht\":");
            string(out, no_result(p, o, rule));
            out.extend_from_slice(b",\"bepaling\":");
            parts.cite(out, rule.cite);
            out.push(b'}');
        },
    );
    out.extend_from_slice(b",\"uitleg\":");
    let chain = o.chain(p);
    if chain.is_empty() {
        parts.cite_list(out, o.ground.or(vz.declared));
    } else {
        parts.cite_list(out, chain);
    }
    if !o.gekozen.is_empty() {
        write_gekozen(out, p, parts, o);
    }
    out.push(b'}');
}

/// `gekozen`: what each choice from a list that the rules read chose (absent when none).
fn write_gekozen(out: &mut Vec<u8>, p: &Program, parts: &ReportParts, o: &Outcome) {
    use super::lijst::Gekozen;
    let mut first = true;
    for k in &o.gekozen {
        let Some(sel) = p.selecties.get(k.selectie as usize) else {
            continue;
        };
        out.extend_from_slice(if first {
            b",\"gekozen\":[{\"naam\":".as_slice()
        } else {
            b",{\"naam\":".as_slice()
        });
        first = false;
        string(out, &sel.name);
        out.extend_from_slice(b",\"lijst\":");
        string(
            out,
            p.inputs
                .get(sel.input as usize)
                .map(|i| i.name.as_str())
                .unwrap_or_default(),
        );
        out.extend_from_slice(b",\"waarbij\":");
        string(out, &sel.waarbij);
        out.extend_from_slice(b",\"volgorde\":");
        string(out, &sel.volgorde);
        let (uitkomst, vermelding) = match &k.uitkomst {
            Ok(Gekozen::Een(r)) => ("gekozen", Some(r + 1)),
            Ok(Gekozen::Geen) => ("geen", None),
            Ok(Gekozen::Gelijk(r, _)) => ("gelijk", Some(r + 1)),
            Err(_) => ("onbekend", None),
        };
        out.extend_from_slice(b",\"uitkomst\":");
        string(out, uitkomst);
        out.extend_from_slice(b",\"vermelding\":");
        json(out, &vermelding);
        out.extend_from_slice(b",\"gelijk\":");
        json(out, &k.gelijk.iter().map(|r| r + 1).collect::<Vec<_>>());
        out.extend_from_slice(b",\"voldoen\":");
        json(out, &k.voldoen);
        out.extend_from_slice(b",\"vermeldingen\":");
        json(out, &k.vermeldingen);
        out.extend_from_slice(b",\"velden\":{");
        for (i, (name, value)) in k.velden.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, name);
            out.push(b':');
            string(out, value);
        }
        out.extend_from_slice(b"},\"ontbreekt\":");
        match &k.uitkomst {
            Err(m) => parts.inputs(out, m),
            Ok(_) => out.extend_from_slice(b"[]"),
        }
        out.extend_from_slice(b",\"bepaling\":");
        match sel.cite {
            Some(c) => parts.cite(out, c),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
    if !first {
        out.push(b']');
    }
}
