//! Case files: JSON, YAML or TOML with `peildatum`, `feiten` and `oordelen`. Values are
//! written in the language's own notation (`"€ 1.234,56"`, `"13 weken"`, `"bijstand"`);
//! plain numbers and booleans are accepted where the type makes their meaning clear.
//! A case with an unknown, mistyped or ill-formed fact is rejected as a whole, with a
//! diagnostic that names the fact and points at it in the case file.

use super::program::*;
use super::run::Case;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::{parse_date, parse_literal, DurationUnit, Literal, Span};
use crate::value::Duration;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::path::Path;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Toml,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }
}

/// Parse a case or test file into a JSON value tree (numbers keep their written digits).
pub fn parse_tree(text: &str, format: Format) -> Result<Value, String> {
    // The readers report in English; say in Dutch where it goes wrong, and give their own
    // words (without their position) for the detail.
    let (name, offset, detail) = match format {
        Format::Json => match serde_json::from_str(text) {
            Ok(v) => return Ok(v),
            Err(e) => {
                let offset = offset_of(text, e.line(), e.column());
                ("JSON", Some(offset), e.to_string())
            }
        },
        Format::Yaml => match serde_yaml_ng::from_str::<Value>(text) {
            Ok(v) => return Ok(v),
            Err(e) => ("YAML", e.location().map(|l| l.index()), e.to_string()),
        },
        Format::Toml => match toml::from_str::<Value>(text) {
            Ok(v) => return Ok(v),
            Err(e) => ("TOML", e.span().map(|s| s.start), e.message().to_string()),
        },
    };
    let detail = detail.split(" at line ").next().unwrap_or("").trim();
    Err(match offset {
        Some(o) => {
            let (line, col) = crate::syntax::span::line_col(text, o);
            format!("regel {line}, kolom {col}: dit is geen geldige {name} (de {name}-lezer meldt: {detail})")
        }
        None => format!("dit is geen geldige {name} (de {name}-lezer meldt: {detail})"),
    })
}

/// The byte offset of a 1-based line and column (as serde_json reports them).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let in_line = text
        .get(start..)
        .unwrap_or("")
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    start + in_line
}

/// The span of the first occurrence of `key` as a key in the file text, for diagnostics.
pub fn locate(text: &str, key: &str) -> Span {
    for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_string()] {
        let mut from = 0;
        while let Some(i) = text
            .get(from..)
            .and_then(|t| t.find(&quoted))
            .map(|i| i + from)
        {
            let after = text.get(i + quoted.len()..).unwrap_or("").trim_start();
            let before_ok = i == 0
                || text
                    .get(..i)
                    .and_then(|b| b.chars().last())
                    .is_some_and(|c| !c.is_alphanumeric() && c != '_' && c != '.');
            if before_ok && (after.starts_with(':') || after.starts_with('=')) {
                return Span::new(i, i + quoted.len());
            }
            from = i + quoted.len();
        }
    }
    Span::new(0, 0)
}

pub struct CaseReader<'a> {
    pub program: &'a Program,
    pub file: FileId,
    pub text: &'a str,
    pub diags: Vec<Diagnostic>,
    /// Where in the file this case starts (test files hold many cases).
    pub from: usize,
}

impl<'a> CaseReader<'a> {
    pub fn new(program: &'a Program, file: FileId, text: &'a str) -> Self {
        CaseReader {
            program,
            file,
            text,
            diags: Vec::new(),
            from: 0,
        }
    }

    fn error(&mut self, key: &str, message: String, help: String) {
        let rest = self.text.get(self.from..).unwrap_or("");
        let found = locate(rest, key);
        let span = if found.is_empty() && self.from > 0 {
            locate(self.text, key)
        } else {
            Span::new(
                found.start as usize + self.from,
                found.end as usize + self.from,
            )
        };
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
        for k in obj.keys() {
            if !matches!(k.as_str(), "peildatum" | "feiten" | "oordelen")
                && !extra_keys.contains(&k.as_str())
            {
                self.error(
                    k,
                    format!("onbekend onderdeel `{k}` in het casusbestand"),
                    "een casus heeft `peildatum`, `feiten` en `oordelen`".into(),
                );
            }
        }
        let peildatum = match obj.get("peildatum") {
            Some(Value::String(s)) => match parse_date(s) {
                Some(d) => Some(d),
                None => {
                    self.error(
                        "peildatum",
                        format!("`{s}` is geen datum"),
                        "schrijf de peildatum als 2023-09-01".into(),
                    );
                    None
                }
            },
            Some(_) => {
                self.error(
                    "peildatum",
                    "de peildatum moet een datum zijn".into(),
                    "schrijf de peildatum als \"2023-09-01\"".into(),
                );
                None
            }
            None => {
                self.diags.push(
                    Diagnostic::new(
                        Code::Casus,
                        self.file,
                        Span::new(0, 0),
                        "de casus heeft geen peildatum",
                    )
                    .label("hier")
                    .help("voeg toe: `peildatum: 2023-09-01` — de datum waarop wordt beoordeeld"),
                );
                None
            }
        };
        let mut case = Case::empty(self.program);
        for (section, kind) in [
            ("feiten", InputKind::Feit),
            ("oordelen", InputKind::Oordeel),
        ] {
            match obj.get(section) {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) => {
                    for (name, v) in m {
                        self.fact(&mut case, name, v, kind);
                    }
                }
                Some(_) => self.error(
                    section,
                    format!("`{section}` moet een lijst van namen met waarden zijn"),
                    format!("schrijf `{section}:` met daaronder `naam: waarde`"),
                ),
            }
        }
        let date = peildatum?;
        if self.diags.len() > before {
            return None;
        }
        case.set_peildatum(self.program, date);
        Some((case, date))
    }

    fn fact(&mut self, case: &mut Case, name: &str, v: &Value, section: InputKind) {
        let Some(i) = self.program.input_index(name) else {
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
                name,
                format!("de regeling kent geen {} `{name}`", noun(section)),
                help,
            );
            return;
        };
        let Some(input) = self.program.inputs.get(i as usize) else {
            return;
        };
        if input.kind != section {
            self.error(
                name,
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
        match self.value(&input.ty, v) {
            Ok(val) => case.set(i, val),
            Err(expected) => {
                let shown = match v {
                    Value::String(s) => format!("`{s}`"),
                    other => format!("`{other}`"),
                };
                self.error(
                    name,
                    format!("{shown} is geen geldige waarde voor `{name}`"),
                    format!("verwacht {expected}"),
                );
            }
        }
    }

    fn value(&self, ty: &InputType, v: &Value) -> Result<V, String> {
        let expected = expected(ty);
        match v {
            Value::Bool(b) if *ty == InputType::JaNee => Ok(V::JaNee(*b)),
            Value::Number(n) => {
                let d = Decimal::from_str(&n.to_string()).map_err(|_| expected.clone())?;
                match ty {
                    InputType::Getal => Ok(V::Getal(d)),
                    InputType::Bedrag => Ok(V::Bedrag(d)),
                    InputType::Percentage => Ok(V::Percentage(d)),
                    InputType::Uren => Ok(V::Uren(d)),
                    _ => Err(expected),
                }
            }
            Value::String(s) => {
                if let InputType::Soort(_, values) = ty {
                    return match values.iter().position(|x| x == s.trim()) {
                        Some(_) => self.program.symbol_id(s.trim()).map(V::Sym).ok_or(expected),
                        None => Err(expected),
                    };
                }
                if *ty == InputType::Tekst {
                    // A text no rule mentions compares unequal to every text in the rules.
                    return Ok(V::Sym(self.program.symbol_id(s).unwrap_or(u32::MAX)));
                }
                let lit = match parse_literal(s) {
                    Some(Ok(l)) => l,
                    _ => return Err(expected),
                };
                literal_as(ty, &lit).ok_or(expected)
            }
            _ => Err(expected),
        }
    }
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
    }
}
