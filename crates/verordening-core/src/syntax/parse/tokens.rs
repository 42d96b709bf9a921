//! Tokens: names, numbers, dates and texts (with their escapes and line breaks), and
//! reading a value or date written in the language's notation outside a file.

use super::*;

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ tokens

    pub(super) fn name(&self, pair: &Pair<'_, Rule>) -> Name {
        Name {
            text: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    pub(super) fn name_at(&self, span: Span, text: &str) -> Name {
        Name {
            text: text.to_string(),
            span,
        }
    }

    pub(super) fn empty_text(&self, span: Span) -> Text {
        Text {
            value: String::new(),
            span,
            placeholders: Vec::new(),
        }
    }

    pub(super) fn number(&mut self, text: &str, span: Span) -> Decimal {
        let plain: String = text
            .chars()
            .filter(|c| *c != '.')
            .collect::<String>()
            .replace(',', ".");
        match Decimal::from_str(&plain) {
            Ok(d) => d,
            Err(_) => {
                self.diags.push(
                    Diagnostic::new(Code::Waarde, self.file, span, format!("`{text}` is geen geldig getal"))
                        .label("dit getal")
                        .help("getallen hebben ten hoogste 28 cijfers; schrijf 1.234,56 (punt voor duizendtallen, komma voor decimalen)"),
                );
                Decimal::ZERO
            }
        }
    }

    pub(super) fn date(&mut self, text: &str, span: Span) -> NaiveDate {
        match parse_date(text) {
            Some(d) => d,
            None => {
                self.diags.push(
                    Diagnostic::new(
                        Code::Waarde,
                        self.file,
                        span,
                        format!("`{text}` is geen bestaande datum"),
                    )
                    .label("deze datum")
                    .help("schrijf een datum als 2023-07-01 of 1 juli 2023"),
                );
                NaiveDate::default()
            }
        }
    }

    /// A string literal: unescape, collapse line breaks, find the `{placeholders}`.
    pub(super) fn text(&mut self, pair: Pair<'a, Rule>) -> Text {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let body = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        let body_start = span.start as usize + 1;
        let mut placeholders = Vec::new();
        let mut search = 0;
        while let Some(open) = body
            .get(search..)
            .and_then(|r| r.find('{'))
            .map(|i| i + search)
        {
            // `\{` is a brace of the text itself, not the start of a reference.
            let backslashes = body
                .get(..open)
                .unwrap_or("")
                .bytes()
                .rev()
                .take_while(|b| *b == b'\\')
                .count();
            if backslashes % 2 == 1 {
                search = open + 1;
                continue;
            }
            let rest = body.get(open + 1..).unwrap_or("");
            match rest.find('}') {
                Some(close) if is_placeholder_name(rest.get(..close).unwrap_or("")) => {
                    let name = rest.get(..close).unwrap_or("").to_string();
                    let start = body_start + open + 1;
                    placeholders.push(Name {
                        text: name,
                        span: Span::new(start, start + close),
                    });
                    search = open + 1 + close + 1;
                }
                _ => {
                    let at = body_start + open;
                    self.diags.push(
                        Diagnostic::new(Code::Syntaxis, self.file, Span::new(at, at + 1), "een `{` in een tekst opent geen geldige verwijzing")
                            .label("hier")
                            .help("een verwijzing in een tekst is `{naam}`, bijvoorbeeld `{bedrag}` of `{art16.lid2.citeertitel}`; een accolade die bij de tekst zelf hoort, schrijft u als `\\{`"),
                    );
                    search = open + 1;
                }
            }
        }
        Text {
            value: collapse_line_breaks(&unescape(body)),
            span,
            placeholders,
        }
    }
}

pub(super) fn is_placeholder_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Line breaks in a text literal are layout, not content: a run of whitespace that contains
/// a line break becomes one space.
pub(super) fn collapse_line_breaks(s: &str) -> String {
    if !s.contains('\n') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            if !run.is_empty() {
                if run.contains('\n') {
                    out.push(' ');
                } else {
                    out.push_str(&run);
                }
                run.clear();
            }
            out.push(c);
        }
    }
    if !run.is_empty() && !run.contains('\n') {
        out.push_str(&run);
    }
    out
}

/// Whether the node at `offset` starts a line and the line above it is blank.
/// `end` moved back over the whitespace before it (the grammar's WHITESPACE), not before
/// `start`.
pub(super) fn trim_trivia_end(src: &str, start: usize, end: usize) -> usize {
    match src.get(start..end) {
        Some(text) => {
            start
                + text
                    .trim_end_matches([' ', '\t', '\r', '\n', '\u{a0}'])
                    .len()
        }
        None => end,
    }
}

/// The length of `text` without the whitespace and the whole-line comments at its end (the
/// comments before the next item that a chunk which did not parse runs on into).
pub(super) fn without_trailing_comment_lines(text: &str) -> usize {
    let mut end = trim_trivia_end(text, 0, text.len());
    loop {
        let line_start = text
            .get(..end)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = text.get(line_start..end).unwrap_or("");
        if line_start == 0 || !line.trim_start().starts_with('#') {
            return end;
        }
        end = trim_trivia_end(text, 0, line_start);
    }
}

/// `1 juli 2023` or `2023-07-01`, from a `date` pair.
pub(super) fn date_spelling(pair: &Pair<'_, Rule>) -> Spelling {
    if pair
        .clone()
        .into_inner()
        .any(|p| p.as_rule() == Rule::dutch_date)
    {
        Spelling::Words
    } else {
        Spelling::Usual
    }
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month = words.next()?;
    let year: i32 = words.next()?.parse().ok()?;
    let m = crate::syntax::notation::MONTHS
        .iter()
        .position(|x| *x == month)?;
    NaiveDate::from_ymd_opt(year, u32::try_from(m + 1).ok()?, day)
}

/// A value written in the language's notation (`€ 1.234,56`, `13 weken`, `2023-07-01`, `ja`),
/// as case files use it. A bare name (an enumeration value) comes back as `Err(name)`.
///
/// The common forms are read by hand (`literal_fast`), the rest by pest
/// ([`parse_literal_pest`]); a property test holds the two readings equal.
pub fn parse_literal(text: &str) -> Option<Result<Literal, String>> {
    if let Some(lit) = super::literal_fast::read(text.trim()) {
        return Some(Ok(lit));
    }
    parse_literal_pest(text)
}

/// [`parse_literal`] by pest alone: what the hand-written reader is held equal to (tests,
/// benches).
#[doc(hidden)]
pub fn parse_literal_pest(text: &str) -> Option<Result<Literal, String>> {
    let mut pairs = Grammar::parse(Rule::literal_only, text.trim()).ok()?;
    let outer = pairs.next()?;
    let inner = outer
        .into_inner()
        .find(|p| matches!(p.as_rule(), Rule::literal | Rule::name_path))?;
    if inner.as_rule() == Rule::name_path {
        return Some(Err(inner.as_str().to_string()));
    }
    let mut b = Builder {
        src: text,
        base: 0,
        file: FileId(0),
        diags: Vec::new(),
        pending: Vec::new(),
        expr_level: 0,
    };
    let e = b.literal(inner);
    if !b.diags.is_empty() {
        return None;
    }
    match e.kind {
        ExprKind::Lit(l) => Some(Ok(l)),
        _ => None,
    }
}
