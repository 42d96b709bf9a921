//! The batch engine's fast path (eval::batch): a line read straight into a case with the key
//! table of its version (built once per version), and the answer written straight from the
//! outcomes, without a `serde_json::Value` tree, a map of key places, or an intermediate
//! report; the receipt's constant text serialised once per version.
//!
//! It takes only what it can read exactly as the full reader reads it (`CaseReader` over
//! `read_document`): an object with `peildatum`, `aanvraagdatum`, `id`, `feiten` and
//! `oordelen`, the facts flat, strings without escapes, plain unsigned numbers, no key twice,
//! every key known to the version and of its section. Anything else — and so every line that
//! is refused — goes the full way, which gives the messages with their places. The two
//! readers are held equal by tests (a line read both ways gives the same bytes).

use super::batch::Veld;
use super::case::text_as;
use super::program::{InputKind, InputType, Program};
use super::report::value_text;
use super::run::{Case, Outcome};
use super::tijd::Ontvangstbewijs;
use crate::syntax::parse_date;
use crate::value::V;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::str::FromStr;

/// A scalar as the scanner found it (ranges into the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A string's content (between its quotes; no escapes in it).
    Str(Range<usize>),
    /// A number as written (`0`, `12`, `3.50`; no sign, no exponent).
    Num(Range<usize>),
    Bool(bool),
    Null,
}

/// A line scanned: its dates, its id and its facts, each as written.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub peildatum: Option<Range<usize>>,
    pub aanvraagdatum: Option<Tok>,
    /// The `id` as written (a string with its quotes, a number, a literal).
    pub id: Option<Range<usize>>,
    /// (in `oordelen`, key, value).
    pub facts: Vec<(bool, Range<usize>, Tok)>,
    feiten: bool,
    oordelen: bool,
}

impl Scan {
    pub fn clear(&mut self) {
        self.peildatum = None;
        self.aanvraagdatum = None;
        self.id = None;
        self.facts.clear();
        self.feiten = false;
        self.oordelen = false;
    }
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// A string at `i` (its opening quote): its content and the index after it.
fn string(b: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        match *b.get(j)? {
            b'"' => return Some((i + 1..j, j + 1)),
            b'\\' => return None,
            c if c < 0x20 => return None,
            _ => j += 1,
        }
    }
}

fn digits(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// A scalar at `i`: the token and the index after it. Objects and arrays are not taken.
fn scalar(b: &[u8], i: usize) -> Option<(Tok, usize)> {
    match *b.get(i)? {
        b'"' => string(b, i).map(|(r, j)| (Tok::Str(r), j)),
        b't' if b.get(i..i + 4) == Some(b"true") => Some((Tok::Bool(true), i + 4)),
        b'f' if b.get(i..i + 5) == Some(b"false") => Some((Tok::Bool(false), i + 5)),
        b'n' if b.get(i..i + 4) == Some(b"null") => Some((Tok::Null, i + 4)),
        b'0'..=b'9' => {
            let mut j = if b.get(i) == Some(&b'0') {
                i + 1
            } else {
                digits(b, i)
            };
            if b.get(j) == Some(&b'.') {
                let k = digits(b, j + 1);
                if k == j + 1 {
                    return None;
                }
                j = k;
            }
            if matches!(b.get(j), Some(b'e' | b'E' | b'0'..=b'9')) {
                return None;
            }
            Some((Tok::Num(i..j), j))
        }
        _ => None,
    }
}

/// Scan a line into `scan`; false: not a line the fast path takes.
pub(crate) fn scan(line: &str, scan: &mut Scan) -> bool {
    scan.clear();
    scan_into(line.as_bytes(), scan).is_some()
}

fn scan_into(b: &[u8], scan: &mut Scan) -> Option<()> {
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        let (key, j) = string(b, i)?;
        i = ws(b, j);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        match b.get(key)? {
            b"peildatum" if scan.peildatum.is_none() => {
                let (r, j) = string(b, i)?;
                scan.peildatum = Some(r);
                i = j;
            }
            b"aanvraagdatum" if scan.aanvraagdatum.is_none() => {
                let (t, j) = scalar(b, i)?;
                if !matches!(t, Tok::Str(_) | Tok::Null) {
                    return None;
                }
                scan.aanvraagdatum = Some(t);
                i = j;
            }
            b"id" if scan.id.is_none() => {
                let (_, j) = scalar(b, i)?;
                scan.id = Some(i..j);
                i = j;
            }
            name @ (b"feiten" | b"oordelen") => {
                let oordeel = name == b"oordelen";
                let seen = if oordeel {
                    &mut scan.oordelen
                } else {
                    &mut scan.feiten
                };
                if std::mem::replace(seen, true) {
                    return None;
                }
                i = section(b, i, oordeel, &mut scan.facts)?;
            }
            _ => return None,
        }
        i = ws(b, i);
        match b.get(i)? {
            b',' => i = ws(b, i + 1),
            b'}' => break,
            _ => return None,
        }
    }
    (ws(b, i + 1) == b.len()).then_some(())
}

/// `feiten` or `oordelen` at `i`: `null` or a flat object; the index after it.
fn section(
    b: &[u8],
    i: usize,
    oordeel: bool,
    facts: &mut Vec<(bool, Range<usize>, Tok)>,
) -> Option<usize> {
    if b.get(i..i + 4) == Some(b"null") {
        return Some(i + 4);
    }
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut i = ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Some(i + 1);
    }
    loop {
        let (key, j) = string(b, i)?;
        i = ws(b, j);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        let (t, j) = scalar(b, i)?;
        facts.push((oordeel, key, t));
        i = ws(b, j);
        match b.get(i)? {
            b',' => i = ws(b, i + 1),
            b'}' => return Some(i + 1),
            _ => return None,
        }
    }
}

/// What the fast path keeps per version: the key table of its inputs, and the receipt's
/// constant text before and after the case's dates.
pub(crate) struct VersionCache {
    keys: HashMap<Box<str>, u16>,
    receipt: Option<(Vec<u8>, Vec<u8>)>,
    /// Per input, whether the line at hand gave it (a key twice is the full reader's case).
    seen: Vec<bool>,
}

impl VersionCache {
    pub fn new(p: &Program, bewijs: &Ontvangstbewijs) -> VersionCache {
        let mut keys = HashMap::with_capacity(p.inputs.len());
        for (i, input) in p.inputs.iter().enumerate() {
            if let Ok(i) = u16::try_from(i) {
                // The first input of a name, as `Program::input_index` finds it.
                keys.entry(input.name.as_str().into()).or_insert(i);
            }
        }
        VersionCache {
            keys,
            receipt: receipt_parts(bewijs),
            seen: vec![false; p.inputs.len()],
        }
    }

    /// The case of a scanned line, or None where the full reader must read it.
    pub fn case(&mut self, p: &Program, line: &str, scan: &Scan, date: NaiveDate) -> Option<Case> {
        let mut case = Case::empty(p);
        self.seen.iter_mut().for_each(|s| *s = false);
        for (oordeel, key, tok) in &scan.facts {
            let &i = self.keys.get(line.get(key.clone())?)?;
            let input = p.inputs.get(i as usize)?;
            let kind = if *oordeel {
                InputKind::Oordeel
            } else {
                InputKind::Feit
            };
            if input.kind != kind || std::mem::replace(self.seen.get_mut(i as usize)?, true) {
                return None;
            }
            let v = match tok {
                Tok::Null => continue,
                _ if matches!(input.ty, InputType::Lijst(_)) => return None,
                Tok::Bool(b) if input.ty == InputType::JaNee => V::JaNee(*b),
                Tok::Bool(_) => return None,
                Tok::Num(r) => {
                    let d = Decimal::from_str(line.get(r.clone())?).ok()?;
                    match input.ty {
                        InputType::Getal => V::Getal(d),
                        InputType::Bedrag => V::Bedrag(d),
                        InputType::Percentage => V::Percentage(d),
                        InputType::Uren => V::Uren(d),
                        _ => return None,
                    }
                }
                Tok::Str(r) => text_as(p, &input.ty, line.get(r.clone())?)?,
            };
            case.set(i, v);
        }
        case.set_peildatum(p, date);
        Some(case)
    }

    /// Write the receipt: the constant text with the case's dates between.
    pub fn write_receipt(&self, bewijs: &Ontvangstbewijs, out: &mut Vec<u8>) {
        match &self.receipt {
            Some((head, tail)) => {
                out.extend_from_slice(head);
                for (name, date) in [
                    ("peildatum", bewijs.peildatum),
                    ("aanvraagdatum", bewijs.aanvraagdatum),
                    ("bekend_op", bewijs.bekend_op),
                    ("toetsingsdatum", bewijs.toetsingsdatum),
                ] {
                    if let Some(d) = date {
                        let _ = write!(out, "\"{name}\":\"{d}\",");
                    }
                }
                out.extend_from_slice(b"\"toetsingsgrond\":");
                json_str(out, &bewijs.toetsingsgrond);
                out.extend_from_slice(tail);
            }
            None => {
                let _ = serde_json::to_writer(&mut *out, bewijs);
            }
        }
    }
}

/// The receipt's text before its case dates and after its `toetsingsgrond`: serialised once
/// with the dates left out and a marker for the ground, and cut at the marker. None when the
/// marker is not found as expected (then the receipt is serialised per line).
fn receipt_parts(bewijs: &Ontvangstbewijs) -> Option<(Vec<u8>, Vec<u8>)> {
    const MARK: &str = "\u{1}toetsingsgrond\u{1}";
    let mut b = bewijs.clone();
    b.peildatum = None;
    b.aanvraagdatum = None;
    b.bekend_op = None;
    b.toetsingsdatum = None;
    b.toetsingsgrond = MARK.to_string();
    let text = serde_json::to_vec(&b).ok()?;
    let needle = serde_json::to_vec(&MARK).ok()?;
    let key = b"\"toetsingsgrond\":";
    let at = text.windows(needle.len()).position(|w| w == needle)?;
    let head_end = at.checked_sub(key.len())?;
    if text.get(head_end..at)? != key {
        return None;
    }
    Some((
        text.get(..head_end)?.to_vec(),
        text.get(at + needle.len()..)?.to_vec(),
    ))
}

/// A string as JSON (serde_json's escaping).
pub(crate) fn json_str(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Whether the fast writer writes these fields: only `naam`, `uitkomst`, `grond`, `waarden`
/// (no citation lists).
pub(crate) fn writes(fields: &[Veld]) -> bool {
    fields
        .iter()
        .all(|v| matches!(v, Veld::Naam | Veld::Uitkomst | Veld::Grond | Veld::Waarden))
}

/// The selected report's members (`SelectedReport` for fields the fast writer writes), without
/// braces: `"peildatum":…,"geldig_vanaf":…,"voorzieningen":[…]`.
pub(crate) fn write_selected(
    p: &Program,
    peildatum: NaiveDate,
    outcomes: &[Outcome],
    fields: &[Veld],
    out: &mut Vec<u8>,
) {
    let has = |f: Veld| fields.contains(&f);
    let (uitkomst, grond, waarden) = (has(Veld::Uitkomst), has(Veld::Grond), has(Veld::Waarden));
    let _ = write!(out, "\"peildatum\":\"{peildatum}\",\"geldig_vanaf\":");
    match p.geldig_vanaf {
        Some(d) => {
            let _ = write!(out, "\"{d}\"");
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"voorzieningen\":[");
    let mut first = true;
    for o in outcomes {
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            continue;
        };
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"naam\":");
        json_str(out, &vz.name);
        if uitkomst {
            out.extend_from_slice(b",\"uitkomst\":");
            json_str(out, o.uitkomst.as_str());
        }
        if grond {
            out.extend_from_slice(b",\"grond\":");
            match o
                .ground
                .as_ref()
                .and_then(|c| p.cite(*c))
                .map(|c| c.text.as_str())
            {
                Some(t) => json_str(out, t),
                None => out.extend_from_slice(b"null"),
            }
        }
        if waarden {
            let mut any = false;
            for (k, r) in &o.values {
                let Some(rule) = vz.values.get(*k) else {
                    continue;
                };
                let Some(t) = value_text(p, o, rule, r) else {
                    continue;
                };
                out.extend_from_slice(if std::mem::replace(&mut any, true) {
                    b","
                } else {
                    b",\"waarden\":{"
                });
                json_str(out, &rule.name);
                out.push(b':');
                json_str(out, &t);
            }
            if any {
                out.push(b'}');
            }
        }
        out.push(b'}');
    }
    out.push(b']');
}

/// The fast path's date: `peildatum` as the full reader parses it.
pub(crate) fn date(line: &str, r: &Range<usize>) -> Option<NaiveDate> {
    parse_date(line.get(r.clone())?)
}

/// The `aanvraagdatum` of a scanned line: Ok(None) for none or `null`; Err where the full
/// reader must decide (a text that is no date).
pub(crate) fn aanvraagdatum(line: &str, t: &Option<Tok>) -> Result<Option<NaiveDate>, ()> {
    match t {
        None | Some(Tok::Null) => Ok(None),
        Some(Tok::Str(r)) => line.get(r.clone()).and_then(parse_date).map(Some).ok_or(()),
        Some(_) => Err(()),
    }
}
