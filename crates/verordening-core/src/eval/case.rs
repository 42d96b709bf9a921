//! Case files: JSON, YAML or TOML with `peildatum`, `feiten` and `oordelen`. Values are
//! written in the language's own notation (`"€ 1.234,56"`, `"13 weken"`, `"bijstand"`);
//! plain numbers and booleans are accepted where the type makes their meaning clear.
//! A case with an unknown, mistyped or ill-formed fact is rejected as a whole, with a
//! diagnostic that names the fact and points at it in the case file.

use super::lijst::Table;
use super::program::*;
use super::run::Case;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::{parse_date, parse_literal, DurationUnit, Literal, Span};
use crate::value::Duration;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

use super::casefile::shown_key;
pub use super::casefile::{pointer, read as read_document, CaseDocument, Format, Places};

/// The most diagnostics one case file gets: past these, one more says how many were left out
/// (a file with 200 000 unknown keys gives 51 messages, not 200 000).
pub const MAX_DIAGNOSTICS: usize = 50;

/// Parse a case or test file into a JSON value tree (numbers keep their written digits),
/// or say in one line what is wrong and where.
pub fn parse_tree(text: &str, format: Format) -> Result<Value, String> {
    read_document(text, format)
        .map(|d| d.root)
        .map_err(|e| e.one_line(text))
}

/// The span of the first occurrence of `key` as a key in the file text: the fallback for a
/// reader without places (each call scans the text, so readers of whole files use
/// [`read_document`]'s places). An empty key has no place to find.
pub fn locate(text: &str, key: &str) -> Span {
    if key.is_empty() {
        return Span::new(0, 0);
    }
    for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_string()] {
        for (i, _) in text.match_indices(quoted.as_str()) {
            let after = text.get(i + quoted.len()..).unwrap_or("").trim_start();
            let before_ok = i == 0
                || text
                    .get(..i)
                    .and_then(|b| b.chars().last())
                    .is_some_and(|c| !c.is_alphanumeric() && c != '_' && c != '.');
            if before_ok && (after.starts_with(':') || after.starts_with('=')) {
                return Span::new(i, i + quoted.len());
            }
        }
    }
    Span::new(0, 0)
}

pub struct CaseReader<'a> {
    pub program: &'a Program,
    pub file: FileId,
    pub text: &'a str,
    pub diags: Vec<Diagnostic>,
    /// Where each key of the file stands (from [`read_document`]); without it a key is found
    /// by searching the text.
    places: Option<&'a Places>,
    /// The JSON pointer of the case inside the file (`/casussen/3` in a test file).
    base: String,
    /// Diagnostics past [`MAX_DIAGNOSTICS`], counted, not kept.
    left_out: usize,
}

impl<'a> CaseReader<'a> {
    pub fn new(program: &'a Program, file: FileId, text: &'a str) -> Self {
        CaseReader {
            program,
            file,
            text,
            diags: Vec::new(),
            places: None,
            base: String::new(),
            left_out: 0,
        }
    }

    /// Read the case at `base` (a JSON pointer) of a document read with its places.
    pub fn at(mut self, places: &'a Places, base: impl Into<String>) -> Self {
        self.places = Some(places);
        self.base = base.into();
        self
    }

    /// The span of the key at `path` below the case.
    fn span_of(&self, path: &[&str]) -> Span {
        let mut p = self.base.clone();
        for k in path {
            p = pointer(&p, k);
        }
        match self.places {
            Some(places) => places.key(&p).unwrap_or_default(),
            None => path
                .last()
                .map(|k| locate(self.text, k))
                .unwrap_or_default(),
        }
    }

    fn error(&mut self, path: &[&str], message: String, help: String) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.left_out += 1;
            return;
        }
        let span = self.span_of(path);
        self.diags.push(
            Diagnostic::new(Code::Casus, self.file, span, message)
                .label("hier")
                .help(help),
        );
    }

    /// Read `peildatum`, `feiten` and `oordelen` from an object. Other keys are allowed only
    /// where `extra_keys` lists them (test files carry names and expectations).
    pub fn read(
        &mut self,
        obj: &Map<String, Value>,
        extra_keys: &[&str],
    ) -> Option<(Case, NaiveDate)> {
        let before = self.diags.len();
        let result = self.read_case(obj, extra_keys);
        if self.left_out > 0 {
            let n = std::mem::take(&mut self.left_out);
            self.diags.push(
                Diagnostic::new(
                    Code::Casus,
                    self.file,
                    self.span_of(&[]),
                    format!("en nog {n} meldingen over deze casus"),
                )
                .help(format!(
                    "alleen de eerste {MAX_DIAGNOSTICS} meldingen worden getoond; los die eerst op"
                )),
            );
        }
        if self.diags.len() > before {
            return None;
        }
        result
    }

    fn read_case(
        &mut self,
        obj: &Map<String, Value>,
        extra_keys: &[&str],
    ) -> Option<(Case, NaiveDate)> {
        for k in obj.keys() {
            if !matches!(
                k.as_str(),
                "peildatum" | "aanvraagdatum" | "feiten" | "oordelen"
            ) && !extra_keys.contains(&k.as_str())
            {
                self.error(
                    &[k],
                    format!("onbekend onderdeel `{}` in het casusbestand", shown_key(k)),
                    "een casus heeft `peildatum`, `feiten` en `oordelen`".into(),
                );
            }
        }
        let peildatum = match obj.get("peildatum") {
            Some(Value::String(s)) => match parse_date(s) {
                Some(d) => Some(d),
                None => {
                    self.error(
                        &["peildatum"],
                        format!("`{}` is geen datum", shown_key(s)),
                        "schrijf de peildatum als 2023-09-01".into(),
                    );
                    None
                }
            },
            Some(_) => {
                self.error(
                    &["peildatum"],
                    "de peildatum moet een datum zijn".into(),
                    "schrijf de peildatum als \"2023-09-01\"".into(),
                );
                None
            }
            None => {
                let span = self.span_of(&[]);
                self.diags.push(
                    Diagnostic::new(
                        Code::Casus,
                        self.file,
                        span,
                        "de casus heeft geen peildatum",
                    )
                    .label("hier")
                    .help("voeg toe: `peildatum: 2023-09-01` — de datum waarop wordt beoordeeld"),
                );
                None
            }
        };
        // The aanvraagdatum picks the governing version before the case is read (see
        // `aanvraagdatum`); here it is only checked to be a date.
        match obj.get("aanvraagdatum") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if parse_date(s).is_some() => {}
            Some(_) => self.error(
                &["aanvraagdatum"],
                "de aanvraagdatum moet een datum zijn".into(),
                "schrijf de aanvraagdatum als \"2025-03-15\": de dag waarop de aanvraag is ontvangen".into(),
            ),
        }
        let mut case = Case::empty(self.program);
        for (section, kind) in [
            ("feiten", InputKind::Feit),
            ("oordelen", InputKind::Oordeel),
        ] {
            match obj.get(section) {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) => {
                    for (name, v) in m {
                        self.fact(&mut case, section, name, v, kind);
                    }
                }
                Some(_) => self.error(
                    &[section],
                    format!("`{section}` moet een lijst van namen met waarden zijn"),
                    format!("schrijf `{section}:` met daaronder `naam: waarde`"),
                ),
            }
        }
        let date = peildatum?;
        case.set_peildatum(self.program, date);
        Some((case, date))
    }

    fn fact(
        &mut self,
        case: &mut Case,
        section_key: &str,
        name: &str,
        v: &Value,
        section: InputKind,
    ) {
        let path = [section_key, name];
        let Some(i) = self.program.input_index(name) else {
            if self.diags.len() >= MAX_DIAGNOSTICS {
                self.left_out += 1;
                return;
            }
            let candidates = self
                .program
                .inputs
                .iter()
                .filter(|i| i.kind == section)
                .map(|i| i.name.as_str());
            let help = match crate::check::symbols::suggest(name, candidates) {
                Some(s) => format!("bedoelde u `{s}`?"),
                None => {
                    "gebruik `verordening schema` voor de feiten en oordelen die de regeling leest"
                        .into()
                }
            };
            self.error(
                &path,
                format!(
                    "de regeling kent geen {} `{}`",
                    noun(section),
                    shown_key(name)
                ),
                help,
            );
            return;
        };
        let Some(input) = self.program.inputs.get(i as usize) else {
            return;
        };
        if input.kind != section {
            self.error(
                &path,
                format!(
                    "`{name}` is een {}, geen {}",
                    noun(input.kind),
                    noun(section)
                ),
                format!(
                    "zet `{name}` onder `{}`",
                    if input.kind == InputKind::Oordeel {
                        "oordelen"
                    } else {
                        "feiten"
                    }
                ),
            );
            return;
        }
        if v.is_null() {
            return; // explicitly unknown
        }
        if let InputType::Lijst(fields) = &input.ty {
            if let Some(t) = self.list(&path, fields, v) {
                case.set_list(i, t);
            }
            return;
        }
        match self.value(&input.ty, v) {
            Ok(val) => case.set(i, val),
            Err(expected) => {
                let shown = match v {
                    Value::String(s) => format!("`{}`", shown_key(s)),
                    other => format!("`{}`", shown_key(&other.to_string())),
                };
                self.error(
                    &path,
                    format!("{shown} is geen geldige waarde voor `{name}`"),
                    format!("verwacht {expected}"),
                );
            }
        }
    }

    /// A list fact: an array of entries, each an object with every field of the record (no
    /// more). An empty array is a list without entries; a missing or `null` list is unknown.
    fn list(&mut self, path: &[&str], fields: &[(String, InputType)], v: &Value) -> Option<Table> {
        let name = path.last().copied().unwrap_or("");
        let shape = || {
            fields
                .iter()
                .map(|(f, t)| format!("{f}: {}", short(t)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Value::Array(entries) = v else {
            self.error(
                path,
                format!(
                    "`{}` is een lijst: schrijf de vermeldingen tussen [ ]",
                    shown_key(name)
                ),
                format!(
                    "elke vermelding heeft de velden {{ {} }}; een lege lijst is []",
                    shape()
                ),
            );
            return None;
        };
        let mut table = Table::new(fields.len());
        let mut ok = true;
        for (n, entry) in entries.iter().enumerate() {
            let index = n.to_string();
            let at: Vec<&str> = path.iter().copied().chain([index.as_str()]).collect();
            let Value::Object(obj) = entry else {
                self.error(
                    path,
                    format!(
                        "vermelding {} van `{}` is geen record",
                        n + 1,
                        shown_key(name)
                    ),
                    format!("schrijf elke vermelding als {{ {} }}", shape()),
                );
                ok = false;
                continue;
            };
            for k in obj.keys() {
                if !fields.iter().any(|(f, _)| f == k) {
                    let help = match crate::check::symbols::suggest(
                        k,
                        fields.iter().map(|(f, _)| f.as_str()),
                    ) {
                        Some(s) => format!("bedoelde u `{s}`?"),
                        None => format!("de velden zijn: {}", shape()),
                    };
                    let key_at: Vec<&str> = at.iter().copied().chain([k.as_str()]).collect();
                    self.error(
                        &key_at,
                        format!(
                            "vermelding {} van `{}` heeft een onbekend veld `{}`",
                            n + 1,
                            shown_key(name),
                            shown_key(k)
                        ),
                        help,
                    );
                    ok = false;
                }
            }
            let mut cells = Vec::with_capacity(fields.len());
            for (f, ty) in fields {
                let key_at: Vec<&str> = at.iter().copied().chain([f.as_str()]).collect();
                let cell = match obj.get(f) {
                    None | Some(Value::Null) => {
                        // An absent field has no place: the entry is shown by its first field
                        // (an entry has no key of its own), or else the list's key.
                        let first: Option<Vec<&str>> = obj
                            .keys()
                            .next()
                            .map(|k| at.iter().copied().chain([k.as_str()]).collect());
                        let place: &[&str] = if obj.contains_key(f) {
                            &key_at
                        } else {
                            first.as_deref().unwrap_or(path)
                        };
                        self.error(
                            place,
                            format!(
                                "vermelding {} van `{}` mist het veld `{f}`",
                                n + 1,
                                shown_key(name)
                            ),
                            format!(
                                "elke vermelding heeft alle velden: {}; verwacht bij `{f}` {}",
                                shape(),
                                expected(ty)
                            ),
                        );
                        None
                    }
                    Some(Value::String(s)) if *ty == InputType::Tekst => {
                        // A text a rule mentions is that rule's symbol; any other a text of
                        // this case.
                        Some(match self.program.symbol_id(s) {
                            Some(id) => V::Sym(id),
                            None => table.text(s),
                        })
                    }
                    Some(x) => match self.value(ty, x) {
                        Ok(v) => Some(v),
                        Err(exp) => {
                            let shown = match x {
                                Value::String(s) => format!("`{}`", shown_key(s)),
                                other => format!("`{}`", shown_key(&other.to_string())),
                            };
                            self.error(
                                &key_at,
                                format!(
                                    "{shown} is geen geldige waarde voor `{f}` in vermelding {} van `{}`",
                                    n + 1,
                                    shown_key(name)
                                ),
                                format!("verwacht {exp}"),
                            );
                            None
                        }
                    },
                };
                match cell {
                    Some(c) => cells.push(c),
                    None => ok = false,
                }
            }
            if ok {
                table.push(&cells);
            }
        }
        ok.then_some(table)
    }

    fn value(&self, ty: &InputType, v: &Value) -> Result<V, String> {
        // Worded only for a value that does not fit (a request reads many that do).
        let want = || expected(ty);
        match v {
            Value::Bool(b) if *ty == InputType::JaNee => Ok(V::JaNee(*b)),
            Value::Number(n) => {
                let d = Decimal::from_str(&n.to_string()).map_err(|_| want())?;
                // The language writes no negative values (`-3 uur` is refused as text), so a
                // number is held to the same domain: the notation must not decide validity.
                if d.is_sign_negative() && !d.is_zero() {
                    return Err(format!("{}; een negatieve waarde kan niet", want()));
                }
                match ty {
                    InputType::Getal => Ok(V::Getal(d)),
                    InputType::Bedrag => Ok(V::Bedrag(d)),
                    InputType::Percentage => Ok(V::Percentage(d)),
                    InputType::Uren => Ok(V::Uren(d)),
                    _ => Err(want()),
                }
            }
            Value::String(s) => text_as(self.program, ty, s).ok_or_else(want),
            _ => Err(want()),
        }
    }
}

/// `ja` or `nee` (around them white space), as `parse_literal` reads it.
fn ja_nee(s: &str) -> Option<bool> {
    match s.trim() {
        "ja" => Some(true),
        "nee" => Some(false),
        _ => None,
    }
}

/// A fact written as text (`"€ 1.234,56"`, `"13 weken"`, `"bijstand"`) as a value of its
/// input type: the JSON reader's rule, also used for text columns (`eval::kolommen`).
pub fn text_as(program: &Program, ty: &InputType, s: &str) -> Option<V> {
    if let InputType::Soort(_, values) = ty {
        return match values.iter().position(|x| x == s.trim()) {
            Some(_) => program.symbol_id(s.trim()).map(V::Sym),
            None => None,
        };
    }
    if *ty == InputType::Tekst {
        // A text no rule mentions compares unequal to every text in the rules.
        return Some(V::Sym(program.symbol_id(s).unwrap_or(u32::MAX)));
    }
    // `ja` and `nee` as the grammar reads them (`parse_literal`), without the parser: most
    // facts of a case are these.
    if *ty == InputType::JaNee {
        if let Some(b) = ja_nee(s) {
            return Some(V::JaNee(b));
        }
    }
    let lit = match parse_literal(s) {
        Some(Ok(l)) => l,
        _ => return None,
    };
    literal_as(ty, &lit)
}

fn noun(k: InputKind) -> &'static str {
    match k {
        InputKind::Feit => "feit",
        InputKind::Oordeel => "oordeel",
        InputKind::Parameter => "parameter",
        InputKind::Peildatum => "peildatum",
    }
}

/// A literal as a value of the given input type, or None if it is of another kind.
pub fn literal_as(ty: &InputType, lit: &Literal) -> Option<V> {
    Some(match (ty, lit) {
        (InputType::Bedrag, Literal::Money(d)) => V::Bedrag(*d),
        (InputType::Percentage, Literal::Percent(d)) => V::Percentage(*d),
        (InputType::Getal, Literal::Number(d)) => V::Getal(*d),
        (InputType::Uren, Literal::Quantity(d, DurationUnit::Uren)) => V::Uren(*d),
        (InputType::Duur | InputType::Werkdagen, Literal::Quantity(n, unit))
            if *unit != DurationUnit::Uren =>
        {
            if !n.fract().is_zero() {
                return None;
            }
            let n: i64 = (*n).try_into().ok()?;
            let d = Duration::checked_of(n, *unit)?;
            if (*ty == InputType::Werkdagen) != (*unit == DurationUnit::Werkdagen) {
                return None;
            }
            V::Duur(d)
        }
        (InputType::Datum, Literal::Date(d)) => V::Datum(*d),
        (InputType::JaNee, Literal::Bool(b)) => V::JaNee(*b),
        _ => return None,
    })
}

pub fn expected(ty: &InputType) -> String {
    match ty {
        InputType::Bedrag => "een bedrag, zoals \"€ 1.234,56\"".into(),
        InputType::Percentage => "een percentage, zoals \"7,5%\"".into(),
        InputType::Getal => "een getal, zoals 3 of \"1,5\"".into(),
        InputType::Uren => "uren, zoals \"32 uur\"".into(),
        InputType::Duur => "een duur met eenheid, zoals \"13 weken\" of \"30 jaar\"".into(),
        InputType::Werkdagen => "een aantal werkdagen, zoals \"10 werkdagen\"".into(),
        InputType::Datum => "een datum, zoals \"2023-09-01\"".into(),
        InputType::JaNee => "ja of nee".into(),
        InputType::Tekst => "een tekst".into(),
        InputType::Soort(s, values) => format!("een {s}: {}", values.join(", ")),
        InputType::Lijst(fields) => format!(
            "een lijst van vermeldingen, elk {{ {} }}",
            fields
                .iter()
                .map(|(f, t)| format!("{f}: {}", short(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The soort of a field in one word, as the declaration writes it.
pub fn short(ty: &InputType) -> String {
    match ty {
        InputType::Bedrag => "bedrag".into(),
        InputType::Percentage => "percentage".into(),
        InputType::Getal => "getal".into(),
        InputType::Uren => "uren".into(),
        InputType::Duur => "duur".into(),
        InputType::Werkdagen => "duur in werkdagen".into(),
        InputType::Datum => "datum".into(),
        InputType::JaNee => "ja/nee".into(),
        InputType::Tekst => "tekst".into(),
        InputType::Soort(s, _) => s.clone(),
        InputType::Lijst(_) => "lijst".into(),
    }
}

/// The `aanvraagdatum` of a case object, when it is a date.
pub fn aanvraagdatum(obj: &Map<String, Value>) -> Option<NaiveDate> {
    obj.get("aanvraagdatum")
        .and_then(|v| v.as_str())
        .and_then(parse_date)
}

#[cfg(test)]
mod tests {
    use super::ja_nee;
    use crate::syntax::{parse_literal, Literal};

    /// `CaseReader::value` reads `ja` and `nee` without the parser: as the parser reads them.
    #[test]
    fn ja_and_nee_read_without_the_parser_as_the_parser_reads_them() {
        for text in [
            "ja", "nee", " ja ", "nee\n", "Ja", "jaa", "ne", "niet", "j a", "",
        ] {
            let parsed = match parse_literal(text) {
                Some(Ok(Literal::Bool(b))) => Some(b),
                _ => None,
            };
            assert_eq!(ja_nee(text), parsed, "{text:?}");
        }
        assert_eq!(ja_nee(" ja "), Some(true));
        assert_eq!(ja_nee("nee"), Some(false));
    }
}
