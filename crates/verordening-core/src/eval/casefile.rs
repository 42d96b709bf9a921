//! Reading case and test files (JSON, YAML, TOML) into a value tree together with the place of
//! every key, in one pass over the text.
//!
//! Why not the readers' own value trees alone: a case worker's mistake must be shown where it
//! is, and the readers forget positions. Searching the text for a key afterwards (as this
//! module once did) found the wrong occurrence in a test file with many cases, looped on an
//! empty key and took quadratic time on many unknown keys. So each format is read once with
//! positions:
//! - JSON: a small scanner records every key's place by its JSON pointer, refuses duplicate
//!   keys (serde_json would keep the last one silently) and nesting beyond [`MAX_DEPTH`]
//!   before serde_json builds the tree;
//! - YAML: the events of saphyr-parser, which carry spans, build the tree; anchors, aliases
//!   and merge keys (`<<:`) are resolved here, with a bound on the nodes an alias may copy
//!   (so a "billion laughs" file is refused, not expanded);
//! - TOML: the `toml` crate's spanned tables (TOML refuses duplicate keys itself).
//!
//! A UTF-8 byte-order mark at the start is accepted and ignored (editors on Windows write one).

use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::Span;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// Case and test files are a few levels deep (a test file: casussen → casus → verwacht →
/// voorziening → waarden); deeper nesting is refused before a reader recurses into it.
pub const MAX_DEPTH: usize = 32;

/// The largest case or test file read (a test file with hundreds of cases is well under 1 MB;
/// batches are read line by line and have their own limit per line).
pub const MAX_FILE_LEN: usize = crate::syntax::MAX_SOURCE_LEN;

/// Read a case or test file from disk: a regular file of at most [`MAX_FILE_LEN`] bytes of
/// UTF-8 (the size is asked before reading). The error is a reason in Dutch.
pub fn read_file(path: &std::path::Path) -> Result<String, String> {
    crate::project::read_source(path).map_err(|e| e.reason())
}

/// The most values a YAML file may hold once its aliases are expanded.
pub const MAX_NODES: usize = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Toml,
}

impl Format {
    pub fn of(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// A case or test file read: its values, and where each key stands.
#[derive(Debug, Clone, Default)]
pub struct CaseDocument {
    pub root: Value,
    pub places: Places,
}

/// The span of each key in the file, by the JSON pointer of its value (`/feiten/leeftijd`,
/// `/casussen/3/peildatum`).
#[derive(Debug, Clone, Default)]
pub struct Places {
    keys: HashMap<String, Span>,
}

impl Places {
    pub fn key(&self, pointer: &str) -> Option<Span> {
        self.keys.get(pointer).copied()
    }

    fn insert(&mut self, pointer: String, span: Span) {
        self.keys.entry(pointer).or_insert(span);
    }
}

/// The JSON pointer of `key` inside the value at `base` (RFC 6901 escaping).
pub fn pointer(base: &str, key: &str) -> String {
    let mut p = String::with_capacity(base.len() + key.len() + 1);
    p.push_str(base);
    p.push('/');
    for c in key.chars() {
        match c {
            '~' => p.push_str("~0"),
            '/' => p.push_str("~1"),
            c => p.push(c),
        }
    }
    p
}

/// Why a file is not a case file, with where.
#[derive(Debug, Clone)]
pub struct ReadError {
    pub message: String,
    pub span: Option<Span>,
    /// A second place (the first occurrence of a duplicate key).
    pub related: Option<(Span, String)>,
    pub help: Option<String>,
}

impl ReadError {
    fn at(span: Option<Span>, message: String) -> Self {
        ReadError {
            message,
            span,
            related: None,
            help: None,
        }
    }

    /// The error as a located diagnostic in `file`.
    pub fn diagnostic(&self, file: FileId) -> Diagnostic {
        let mut d = Diagnostic::new(
            Code::Casus,
            file,
            self.span.unwrap_or_default(),
            self.message.clone(),
        )
        .label("hier");
        if let Some((span, label)) = &self.related {
            d = d.with_secondary(file, *span, label.clone());
        }
        if let Some(h) = &self.help {
            d = d.help(h.clone());
        }
        d
    }

    /// The error in one line of text (for a test file's result and a batch line), with its
    /// line and column in `text`.
    pub fn one_line(&self, text: &str) -> String {
        match self.span {
            Some(s) => {
                let (line, col) = crate::syntax::span::line_col(text, s.start as usize);
                format!("regel {line}, kolom {col}: {}", self.message)
            }
            None => self.message.clone(),
        }
    }
}

/// A key as it may be shown in a message: long keys are cut (a 50 MB key is not repeated in
/// every report line).
pub fn shown_key(key: &str) -> String {
    const MAX: usize = 60;
    if key.chars().count() <= MAX {
        return key.to_string();
    }
    let cut: String = key.chars().take(MAX).collect();
    format!("{cut}…")
}

/// Read a case or test file.
pub fn read(text: &str, format: Format) -> Result<CaseDocument, ReadError> {
    let (body, shift) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let mut doc = match format {
        Format::Json => read_json(body),
        Format::Yaml => read_yaml(body),
        Format::Toml => read_toml(body),
    }
    .map_err(|e| shift_error(e, shift))?;
    if shift > 0 {
        for span in doc.places.keys.values_mut() {
            *span = shifted(*span, shift);
        }
    }
    Ok(doc)
}

fn shifted(s: Span, by: usize) -> Span {
    Span::new(s.start as usize + by, s.end as usize + by)
}

fn shift_error(mut e: ReadError, by: usize) -> ReadError {
    e.span = e.span.map(|s| shifted(s, by));
    if let Some((s, _)) = &mut e.related {
        *s = shifted(*s, by);
    }
    e
}

/// The reader's own words, in Dutch around them, without its position (the span carries it).
fn reader_error(format: Format, offset: Option<usize>, detail: &str) -> ReadError {
    let detail = detail.split(" at line ").next().unwrap_or("").trim();
    let name = format.name();
    let mut e = ReadError::at(
        offset.map(|o| Span::new(o, o)),
        format!("dit is geen geldige {name} (de {name}-lezer meldt: {detail})"),
    );
    e.help = Some(format!("controleer de {name}-opmaak op deze plaats"));
    e
}

fn too_deep(offset: usize) -> ReadError {
    let mut e = ReadError::at(
        Some(Span::new(offset, offset + 1)),
        format!("het bestand is dieper genest dan {MAX_DEPTH} niveaus"),
    );
    e.help = Some("een casus heeft `peildatum`, `feiten` en `oordelen`, elk met namen en waarden: zo diep hoeft een casusbestand niet te zijn".into());
    e
}

fn duplicate(key: &str, first: Span, second: Span) -> ReadError {
    ReadError {
        message: format!(
            "`{}` staat twee keer in hetzelfde onderdeel",
            shown_key(key)
        ),
        span: Some(second),
        related: Some((first, "de eerste keer".into())),
        help: Some("een naam mag per onderdeel één keer voorkomen; verwijder een van beide (welke waarde geldt, zegt het bestand niet)".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

enum JsonFrame {
    Object {
        /// Length of the pointer of this object (children append to it).
        base: usize,
        keys: HashSet<String>,
        first: HashMap<String, Span>,
        /// The key whose value comes next (after `:`).
        key: Option<String>,
    },
    Array {
        base: usize,
        index: usize,
    },
}

fn read_json(text: &str) -> Result<CaseDocument, ReadError> {
    let places = scan_json(text)?;
    match serde_json::from_str::<Value>(text) {
        Ok(root) => Ok(CaseDocument { root, places }),
        Err(e) => {
            let offset = offset_of(text, e.line(), e.column());
            Err(reader_error(Format::Json, Some(offset), &e.to_string()))
        }
    }
}

/// One pass over JSON text: key places, duplicate keys and depth. Stops quietly at anything
/// that is not JSON; serde_json then says what is wrong.
fn scan_json(text: &str) -> Result<Places, ReadError> {
    let bytes = text.as_bytes();
    let mut places = Places::default();
    let mut stack: Vec<JsonFrame> = Vec::new();
    let mut pointer = String::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(i));
                }
                // The pointer of this container: the parent's plus the key or index.
                let child = match stack.last_mut() {
                    Some(JsonFrame::Object { base, key, .. }) => {
                        pointer.truncate(*base);
                        key.take().map(|k| pointer_segment(&k))
                    }
                    Some(JsonFrame::Array { base, index }) => {
                        pointer.truncate(*base);
                        Some(index.to_string())
                    }
                    None => None,
                };
                if let Some(seg) = child {
                    pointer.push('/');
                    pointer.push_str(&seg);
                }
                let base = pointer.len();
                stack.push(if b == b'{' {
                    JsonFrame::Object {
                        base,
                        keys: HashSet::new(),
                        first: HashMap::new(),
                        key: None,
                    }
                } else {
                    JsonFrame::Array { base, index: 0 }
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(JsonFrame::Array { index, .. }) => *index += 1,
                    Some(JsonFrame::Object { key, .. }) => *key = None,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let Some(end) = string_end(bytes, i) else {
                    break;
                };
                let expecting_key =
                    matches!(stack.last(), Some(JsonFrame::Object { key: None, .. }))
                        && next_significant(bytes, end) == Some(b':');
                if expecting_key {
                    let raw = text.get(i..end).unwrap_or("\"\"");
                    let name = if raw.contains('\\') {
                        serde_json::from_str::<String>(raw).unwrap_or_default()
                    } else {
                        raw.get(1..raw.len().saturating_sub(1))
                            .unwrap_or("")
                            .to_string()
                    };
                    let span = Span::new(i, end);
                    if let Some(JsonFrame::Object {
                        base,
                        keys,
                        first,
                        key,
                    }) = stack.last_mut()
                    {
                        if !keys.insert(name.clone()) {
                            let earlier = first.get(&name).copied().unwrap_or_default();
                            return Err(duplicate(&name, earlier, span));
                        }
                        first.insert(name.clone(), span);
                        pointer.truncate(*base);
                        let p = self::pointer(&pointer, &name);
                        places.insert(p, span);
                        *key = Some(name);
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    Ok(places)
}

fn pointer_segment(key: &str) -> String {
    let p = pointer("", key);
    p.get(1..).unwrap_or("").to_string()
}

/// The offset just past the closing quote of the string that starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

fn next_significant(bytes: &[u8], mut i: usize) -> Option<u8> {
    while let Some(&b) = bytes.get(i) {
        if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return Some(b);
        }
        i += 1;
    }
    None
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

// ---------------------------------------------------------------------------------------------
// YAML

/// A YAML value with the span of each mapping key, before aliases are copied into place.
#[derive(Debug, Clone)]
enum YNode {
    Scalar(Value),
    Seq(Vec<YNode>),
    Map(Vec<(String, Span, YNode)>),
}

impl YNode {
    fn size(&self) -> usize {
        match self {
            YNode::Scalar(_) => 1,
            YNode::Seq(items) => 1 + items.iter().map(YNode::size).sum::<usize>(),
            YNode::Map(entries) => 1 + entries.iter().map(|(_, _, v)| v.size()).sum::<usize>(),
        }
    }
}

enum YFrame {
    Seq {
        anchor: usize,
        items: Vec<YNode>,
    },
    Map {
        anchor: usize,
        entries: Vec<(String, Span, YNode)>,
        /// Mappings merged in with `<<:`; explicit keys win over them.
        merged: Vec<YNode>,
        /// The key read, waiting for its value.
        key: Option<(String, Span)>,
        /// Where each key first stood (for duplicates).
        seen: HashMap<String, Span>,
    },
}

/// Converts the parser's positions (characters) to byte offsets, moving forward through the
/// text (events come in order; a jump back restarts from the beginning).
struct Offsets<'t> {
    text: &'t str,
    chars: usize,
    bytes: usize,
}

impl Offsets<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let rest = self.text.get(self.bytes..).unwrap_or("");
        let mut it = rest.char_indices();
        while self.chars < char_index {
            match it.next() {
                Some((_, c)) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.bytes
    }

    fn span(&mut self, s: &saphyr_parser::Span) -> Span {
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index());
        Span::new(start, end.max(start))
    }
}

fn read_yaml(text: &str) -> Result<CaseDocument, ReadError> {
    use saphyr_parser::{Event, Parser};
    let mut offsets = Offsets {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut stack: Vec<YFrame> = Vec::new();
    let mut anchors: HashMap<usize, YNode> = HashMap::new();
    let mut root: Option<YNode> = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                // The scanner has its own, higher, bound on flow nesting.
                if e.info().contains("recursion limit") {
                    return Err(too_deep(at));
                }
                return Err(reader_error(Format::Yaml, Some(at), e.info()));
            }
        };
        let here = offsets.span(&span);
        let done: Option<(YNode, usize)> = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    let mut e = ReadError::at(
                        Some(here),
                        "het bestand bevat meer dan één YAML-document".into(),
                    );
                    e.help = Some("een casusbestand is één document: verwijder de tweede `---`, of zet de casussen in één lijst".into());
                    return Err(e);
                }
                None
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(here.start as usize));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    YFrame::Seq {
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    YFrame::Map {
                        anchor,
                        entries: Vec::new(),
                        merged: Vec::new(),
                        key: None,
                        seen: HashMap::new(),
                    }
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(YFrame::Seq { anchor, items }) => Some((YNode::Seq(items), anchor)),
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(YFrame::Map {
                    anchor,
                    mut entries,
                    merged,
                    ..
                }) => {
                    merge_into(&mut entries, merged);
                    Some((YNode::Map(entries), anchor))
                }
                _ => None,
            },
            Event::Scalar(value, style, anchor, tag) => {
                let is_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let v = if style == saphyr_parser::ScalarStyle::Plain && !is_str {
                    plain_scalar(&value)
                } else {
                    Value::String(value.into_owned())
                };
                Some((YNode::Scalar(v), anchor))
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(node) => {
                    nodes += node.size();
                    if nodes > MAX_NODES {
                        let mut e = ReadError::at(
                            Some(here),
                            format!("het bestand wordt met zijn verwijzingen (`*`) groter dan {MAX_NODES} waarden"),
                        );
                        e.help = Some(
                            "verwijzingen naar verwijzingen vermenigvuldigen het bestand; schrijf de gedeelde feiten één keer uit".into(),
                        );
                        return Err(e);
                    }
                    Some((node.clone(), 0))
                }
                None => return Err(ReadError::at(
                    Some(here),
                    "deze verwijzing (`*`) noemt geen anker (`&`) dat eerder in het bestand staat"
                        .into(),
                )),
            },
            _ => None,
        };
        let Some((node, anchor)) = done else {
            continue;
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(ReadError::at(
                Some(here),
                format!("het bestand heeft meer dan {MAX_NODES} waarden"),
            ));
        }
        if anchor > 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(YFrame::Seq { items, .. }) => items.push(node),
            Some(YFrame::Map {
                entries,
                merged,
                key,
                seen,
                ..
            }) => match key.take() {
                None => {
                    let name = match node {
                        YNode::Scalar(Value::String(s)) => s,
                        YNode::Scalar(Value::Null) => String::new(),
                        YNode::Scalar(v) => v.to_string(),
                        _ => {
                            let mut e = ReadError::at(
                                Some(here),
                                "een sleutel moet een naam zijn, geen lijst of onderdeel".into(),
                            );
                            e.help = Some("schrijf `naam: waarde`".into());
                            return Err(e);
                        }
                    };
                    *key = Some((name, here));
                }
                Some((name, key_span)) => {
                    if name == "<<" {
                        match node {
                            YNode::Map(_) => merged.push(node),
                            YNode::Seq(list) => merged.extend(list),
                            YNode::Scalar(_) => {
                                let mut e = ReadError::at(
                                    Some(key_span),
                                    "`<<` voegt een onderdeel samen en verwacht een verwijzing (`*naam`) naar een onderdeel".into(),
                                );
                                e.help = Some("schrijf `<<: *gedeeld`, waar `&gedeeld` een onderdeel met namen en waarden is".into());
                                return Err(e);
                            }
                        }
                        continue;
                    }
                    if let Some(first) = seen.get(&name) {
                        return Err(duplicate(&name, *first, key_span));
                    }
                    seen.insert(name.clone(), key_span);
                    entries.push((name, key_span, node));
                }
            },
        }
    }
    let root = root.unwrap_or(YNode::Scalar(Value::Null));
    let mut places = Places::default();
    let value = yaml_value(root, &mut String::new(), &mut places);
    Ok(CaseDocument {
        root: value,
        places,
    })
}

/// Merge keys (`<<:`): each merged mapping adds the keys the mapping does not have itself;
/// of several merged mappings, the first that has a key gives it (as YAML's merge type says).
fn merge_into(entries: &mut Vec<(String, Span, YNode)>, merged: Vec<YNode>) {
    for m in merged {
        if let YNode::Map(more) = m {
            for (k, span, v) in more {
                if !entries.iter().any(|(e, _, _)| *e == k) {
                    entries.push((k, span, v));
                }
            }
        }
    }
}

fn yaml_value(node: YNode, pointer: &mut String, places: &mut Places) -> Value {
    match node {
        YNode::Scalar(v) => v,
        YNode::Seq(items) => {
            let base = pointer.len();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(yaml_value(item, pointer, places));
                pointer.truncate(base);
            }
            Value::Array(out)
        }
        YNode::Map(entries) => {
            let base = pointer.len();
            let mut out = Map::new();
            for (k, span, v) in entries {
                let p = self::pointer(pointer, &k);
                places.insert(p.clone(), span);
                *pointer = p;
                let value = yaml_value(v, pointer, places);
                pointer.truncate(base);
                out.insert(k, value);
            }
            Value::Object(out)
        }
    }
}

/// A plain (unquoted) YAML scalar by the core schema of YAML 1.2: null, a boolean, a number
/// (with its digits as written), or text.
fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let looks_numeric = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && s.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        let json = s.strip_prefix('+').unwrap_or(s);
        if let Ok(n) = Number::from_str(json) {
            return Value::Number(n);
        }
    }
    Value::String(s.to_string())
}

// ---------------------------------------------------------------------------------------------
// TOML

fn read_toml(text: &str) -> Result<CaseDocument, ReadError> {
    check_bracket_depth(text)?;
    let root = match toml::from_str::<Value>(text) {
        Ok(mut v) => {
            dates_as_text(&mut v, 0);
            v
        }
        Err(e) => {
            return Err(reader_error(
                Format::Toml,
                e.span().map(|s| s.start),
                e.message(),
            ))
        }
    };
    let mut places = Places::default();
    if let Ok(table) = toml::de::DeTable::parse(text) {
        toml_places(table.get_ref(), &mut String::new(), &mut places);
    }
    Ok(CaseDocument { root, places })
}

/// A TOML date (`ingeschreven_op = 2023-02-01`, natural in a table of entries) as the text a
/// case file writes a date in: the `toml` crate gives it as a private one-key object.
fn dates_as_text(v: &mut Value, depth: usize) {
    const KEY: &str = "$__toml_private_datetime";
    if depth > 64 {
        return; // deeper than any case: refused by the depth check before this
    }
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key(KEY) => {
            if let Some(Value::String(s)) = m.remove(KEY) {
                *v = Value::String(s);
            }
        }
        Value::Object(m) => m.values_mut().for_each(|x| dates_as_text(x, depth + 1)),
        Value::Array(a) => a.iter_mut().for_each(|x| dates_as_text(x, depth + 1)),
        _ => {}
    }
}

fn toml_places(table: &toml::de::DeTable<'_>, pointer: &mut String, places: &mut Places) {
    for (k, v) in table {
        let base = pointer.len();
        let p = self::pointer(pointer, k.get_ref());
        let span = k.span();
        places.insert(p.clone(), Span::new(span.start, span.end));
        *pointer = p;
        toml_value_places(v.get_ref(), pointer, places);
        pointer.truncate(base);
    }
}

fn toml_value_places(v: &toml::de::DeValue<'_>, pointer: &mut String, places: &mut Places) {
    match v {
        toml::de::DeValue::Table(t) => toml_places(t, pointer, places),
        toml::de::DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let base = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                toml_value_places(item.get_ref(), pointer, places);
                pointer.truncate(base);
            }
        }
        _ => {}
    }
}

/// TOML's inline arrays and tables nest by brackets: refuse a file nested deeper than
/// [`MAX_DEPTH`] before the reader recurses into it. Strings and comments are skipped.
fn check_bracket_depth(text: &str) -> Result<(), ReadError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                i += if triple { 3 } else { 1 };
                loop {
                    match bytes.get(i) {
                        None => return Ok(()),
                        Some(b'\\') if b == b'"' => i += 2,
                        Some(&c) if c == b => {
                            if !triple {
                                i += 1;
                                break;
                            }
                            if bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b) {
                                i += 3;
                                break;
                            }
                            i += 1;
                        }
                        Some(b'\n') if !triple => break,
                        Some(_) => i += 1,
                    }
                }
                line_start = false;
                continue;
            }
            // A table header (`[feiten]`, `[[casussen]]`) at the start of a line is no nesting.
            b'[' if line_start => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if b == b'\n' {
            line_start = true;
        } else if !matches!(b, b' ' | b'\t' | b'\r') {
            line_start = false;
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn place(doc: &CaseDocument, text: &str, p: &str) -> String {
        let s = doc.places.key(p).unwrap();
        text[s.start as usize..s.end as usize].to_string()
    }

    #[test]
    fn json_places_follow_the_pointer_not_the_first_occurrence() {
        let text = r#"{"casussen": [{"feiten": {"a": 1}}, {"feiten": {"a": 2, "b~/c": 3}}]}"#;
        let doc = read(text, Format::Json).unwrap();
        let s = doc.places.key("/casussen/1/feiten/a").unwrap();
        assert!(s.start as usize > text.find("\"a\"").unwrap());
        assert_eq!(place(&doc, text, "/casussen/1/feiten/b~0~1c"), "\"b~/c\"");
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_places() {
        for (text, format) in [
            ("{\"feiten\": {\"a\": 1, \"a\": 2}}", Format::Json),
            ("feiten:\n  a: 1\n  a: 2\n", Format::Yaml),
        ] {
            let e = read(text, format).unwrap_err();
            assert!(e.message.contains("twee keer"), "{}", e.message);
            let (first, _) = e.related.unwrap();
            assert!(first.start < e.span.unwrap().start);
        }
    }

    #[test]
    fn yaml_anchors_and_merge_keys() {
        let text = "basis: &b\n  a: 1\n  b: 2\ncasus:\n  <<: *b\n  b: 3\n";
        let doc = read(text, Format::Yaml).unwrap();
        assert_eq!(doc.root["casus"]["a"], 1);
        assert_eq!(doc.root["casus"]["b"], 3);
        assert_eq!(place(&doc, text, "/casus/b"), "b");
        assert!(doc.places.key("/casus/a").is_some());
    }

    #[test]
    fn yaml_alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = read(&text, Format::Yaml).unwrap_err();
        assert!(e.message.contains("groter dan"), "{}", e.message);
    }

    #[test]
    fn a_toml_date_is_read_as_the_date_a_case_file_writes() {
        let text =
            "peildatum = 2024-03-01\n\n[[feiten.wachtlijst]]\ningeschreven_op = 2023-02-01\n";
        let d = read(text, Format::Toml).unwrap();
        assert_eq!(d.root["peildatum"], "2024-03-01");
        assert_eq!(
            d.root["feiten"]["wachtlijst"][0]["ingeschreven_op"],
            "2023-02-01"
        );
    }

    #[test]
    fn depth_is_refused_early_in_every_format() {
        let deep_json = "[".repeat(100_000);
        assert!(read(&deep_json, Format::Json)
            .unwrap_err()
            .message
            .contains("genest"));
        let deep_yaml = "[".repeat(100_000);
        assert!(read(&deep_yaml, Format::Yaml)
            .unwrap_err()
            .message
            .contains("genest"));
        let block = "- ".repeat(100_000) + "x\n";
        assert!(read(&block, Format::Yaml)
            .unwrap_err()
            .message
            .contains("genest"));
        let deep_toml = format!("a = {}", "[".repeat(100_000));
        assert!(read(&deep_toml, Format::Toml)
            .unwrap_err()
            .message
            .contains("genest"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored_and_places_stay_right() {
        for (text, format) in [
            ("\u{feff}{\"peildatum\": \"2023-01-01\"}", Format::Json),
            ("\u{feff}peildatum: 2023-01-01\n", Format::Yaml),
            ("\u{feff}peildatum = \"2023-01-01\"\n", Format::Toml),
        ] {
            let doc = read(text, format).unwrap();
            assert!(doc.root.get("peildatum").is_some(), "{format:?}");
            let p = place(&doc, text, "/peildatum");
            assert!(p.contains("peildatum"), "{format:?}: {p}");
        }
    }

    #[test]
    fn an_empty_yaml_key_is_read_not_searched() {
        let doc = read("?\n", Format::Yaml).unwrap();
        assert!(doc.root.get("").is_some());
    }

    #[test]
    fn yaml_scalars_keep_their_digits() {
        let doc = read("a: 12.50\nb: '12'\nc: ja\nd: true\ne: ~\n", Format::Yaml).unwrap();
        assert_eq!(doc.root["a"].to_string(), "12.50");
        assert_eq!(doc.root["b"], "12");
        assert_eq!(doc.root["c"], "ja");
        assert_eq!(doc.root["d"], true);
        assert!(doc.root["e"].is_null());
    }
}
