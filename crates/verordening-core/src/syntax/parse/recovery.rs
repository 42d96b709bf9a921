//! Error recovery and input limits: the nesting and length checks that run before pest,
//! the item boundaries a broken file is cut at, re-parsing item by item, and the Dutch
//! description of what the grammar expected.

use super::*;

/// Whether the word `w` stands at byte `i` of `src` (not inside a longer name). Bytes of
/// non-ASCII characters count as letters: they can only be part of a name here.
pub(super) fn word_at(src: &[u8], i: usize, w: &[u8]) -> bool {
    let is_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    src.get(i..).is_some_and(|rest| rest.starts_with(w))
        && i.checked_sub(1)
            .and_then(|p| src.get(p))
            .is_none_or(|b| !is_name(b))
        && src.get(i + w.len()).is_none_or(|b| !is_name(b))
}

pub(super) fn too_deep(src: &str) -> Option<usize> {
    // Over bytes: every delimiter that matters is ASCII, and a byte of a multi-byte
    // character is never one of them.
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (i, &c) in bytes.iter().enumerate() {
        if in_comment {
            in_comment = c != b'\n';
            continue;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'#' => in_comment = true,
            b'(' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b'}' => depth = depth.saturating_sub(1),
            // `indien` opens a nesting that its `anders` closes; in a chain `anders indien`
            // closes one and opens the next, as the grammar repeats the chain.
            b'i' if word_at(bytes, i, b"indien") => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'a' if word_at(bytes, i, b"anders") => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Keywords that start a top-level item at the start of a line: where recovery may resume.
pub(super) const ITEM_STARTS: &[&str] = &[
    "hoofdstuk",
    "paragraaf",
    "artikel",
    "facultatief",
    "bijlage",
    "aanhef",
    "slotformule",
    "invulling",
    "keuze",
    "overgenomen",
    "niet",
    "feit",
    "oordeel",
    "soort",
    "parameter",
    "voorziening",
    "besluit",
    "definitie",
];

pub(super) fn starts_item(line: &str) -> bool {
    ITEM_STARTS.iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.starts_with([' ', '\t']) || rest.is_empty())
    })
}

/// Byte offsets where top-level items start (a keyword at column 0), each moved up over the
/// comment lines directly above it so that they travel with their item.
pub(super) fn item_boundaries(src: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let mut out = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate() {
        if !starts_item(line) {
            continue;
        }
        let mut begin = *start;
        let mut j = i;
        while j > 0 {
            let Some((s, l)) = lines.get(j - 1) else {
                break;
            };
            if l.trim_start().starts_with('#') {
                begin = *s;
                j -= 1;
            } else {
                break;
            }
        }
        out.push(begin);
    }
    out
}

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ recovery

    pub(super) fn recover(&mut self) -> File {
        let src = self.src;
        let bounds = item_boundaries(src);
        let header_end = bounds.first().copied().unwrap_or(src.len());
        let header_src = src.get(..header_end).unwrap_or("");
        let mut file = empty_file(Span::new(0, src.len()));
        match Grammar::parse(Rule::header_only, header_src) {
            Ok(mut pairs) => {
                if let Some(h) = pairs
                    .next()
                    .and_then(|p| p.into_inner().find(|p| p.as_rule() == Rule::header))
                {
                    file.header = self.header(h);
                }
            }
            Err(e) => self.syntax_error(e, 0),
        }
        self.pending.clear();
        for (i, start) in bounds.iter().enumerate() {
            let end = bounds.get(i + 1).copied().unwrap_or(src.len());
            let chunk = src.get(*start..end).unwrap_or("");
            self.base = *start;
            match Grammar::parse(Rule::item_only, chunk) {
                Ok(mut pairs) => {
                    let Some(outer) = pairs.next() else { continue };
                    let kids: Vec<_> = self.kids(outer).collect();
                    for k in kids {
                        if k.as_rule() == Rule::item {
                            let item = self.item(k);
                            file.items.push(item);
                        }
                    }
                    if !self.pending.is_empty() {
                        // Comments at the end of a chunk belong before the next item.
                        let comments = std::mem::take(&mut self.pending);
                        file.trailing.comments.extend(comments);
                    }
                }
                Err(e) => {
                    self.syntax_error(e, *start);
                    let span = Span::new(*start, *start + without_trailing_comment_lines(chunk));
                    file.items.push(Item {
                        kind: ItemKind::Error(chunk.to_string()),
                        trivia: Trivia::default(),
                        span,
                    });
                }
            }
        }
        self.base = 0;
        // Comments collected at chunk ends are attached to the following item where there is one.
        file
    }

    pub(super) fn syntax_error(&mut self, e: pest::error::Error<Rule>, base: usize) {
        use pest::error::{ErrorVariant, InputLocation};
        let (start, end) = match e.location {
            InputLocation::Pos(p) => (base + p, base + p),
            InputLocation::Span((s, e)) => (base + s, base + e),
        };
        // Point at the offending token rather than at nothing.
        let token_len = self
            .src
            .get(start..)
            .map(|rest| {
                rest.char_indices()
                    .find(|(_, c)| c.is_whitespace())
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len())
                    .max(rest.chars().next().map(char::len_utf8).unwrap_or(0))
            })
            .unwrap_or(0);
        let end = end.max(start + token_len).min(self.src.len());
        let found = self.src.get(start..end).unwrap_or("");
        let expected = match &e.variant {
            ErrorVariant::ParsingError { positives, .. } => {
                let mut words: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
                words.sort_unstable();
                words.dedup();
                words
            }
            ErrorVariant::CustomError { .. } => Vec::new(),
        };
        let message = if found.is_empty() {
            "onverwacht einde van het bestand".to_string()
        } else {
            format!(
                "onverwacht `{}`",
                found.chars().take(40).collect::<String>()
            )
        };
        let mut d = Diagnostic::new(Code::Syntaxis, self.file, Span::new(start, end), message)
            .label("hier loopt het lezen vast");
        if !expected.is_empty() {
            d = d.help(format!("verwacht: {}", expected.join(", ")));
        }
        self.diags.push(d);
    }
}

/// A Dutch description of what a grammar rule stands for, for "verwacht: ..." help lines.
pub(super) fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::string => "een tekst tussen aanhalingstekens",
        Rule::ident | Rule::name_path => "een naam",
        Rule::slot_path => "de naam van een invulplek",
        Rule::unit_nr => "een nummer",
        Rule::int => "een lidnummer",
        Rule::onderdeel_label => "een onderdeelletter",
        Rule::bijlage_id => "de naam van de bijlage",
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary
        | Rule::round_expr
        | Rule::primary => "een uitdrukking",
        Rule::literal | Rule::number => "een waarde",
        Rule::date => "een datum",
        Rule::type_expr | Rule::base_type => "een soort (bedrag, percentage, duur, ...)",
        Rule::item => "een artikel, hoofdstuk, paragraaf, bijlage, invulling of declaratie",
        Rule::art_member | Rule::unit_member | Rule::stmt => "een lid, onderdeel, tekst of regel",
        Rule::lid => "`lid`",
        Rule::optie => "`optie`",
        Rule::meta => "een kopregel (gemeente, model, geldig vanaf, ...)",
        Rule::layer => "`wet`, `model`, `verordening` of `beleidsregels`",
        Rule::cmp_op => "een vergelijking (=, <, <=, ...)",
        Rule::condition => "`als`",
        Rule::fill_value => "een waarde",
        Rule::EOI => "het einde van het bestand",
        _ => return None,
    })
}
