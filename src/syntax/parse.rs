//! From source text to the AST: pest does the recognising, this module builds the typed tree
//! in one place, attaches comments as trivia, and recovers from syntax errors per top-level
//! item so that one broken artikel does not hide the diagnostics of the rest.

use super::ast::*;
use super::end_of_line::{blank_line_before, take_after_open_brace};
use crate::diagnostics::{Code, Diagnostic, FileId};
use chrono::NaiveDate;
use pest::iterators::Pair;
use pest::Parser as _;
use pest::Token;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/verordening.pest"]
struct Grammar;

/// Files larger than this are refused before parsing: no ordinance comes near it, and it keeps
/// spans within u32 and memory bounded.
pub const MAX_SOURCE_LEN: usize = 8 * 1024 * 1024;

/// Nesting deeper than this (parentheses, onderdelen) is refused: pest recurses.
const MAX_NESTING: usize = 64;
/// Parts (pest tokens) one expression may have; see `Builder::expr`.
const MAX_EXPR_TOKENS: usize = 2_000;
/// Repeated `niet`/`-` and links of an `indien ... anders indien` chain in one place.
const MAX_CHAIN: usize = 64;

pub struct ParseResult {
    pub file: File,
    pub diagnostics: Vec<Diagnostic>,
    /// The whole file was refused before parsing (too large, nested too deep): its tree is
    /// empty, and nothing more can be said about it.
    pub refused: bool,
}

impl ParseResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }
}

/// Parse one file. Always returns a tree; regions that did not parse are
/// [`ItemKind::Error`] items and each has a diagnostic.
pub fn parse(src: &str, file: FileId) -> ParseResult {
    let mut b = Builder {
        src,
        base: 0,
        file,
        diags: Vec::new(),
        pending: Vec::new(),
        expr_level: 0,
    };
    if src.len() > MAX_SOURCE_LEN {
        b.diags.push(
            Diagnostic::new(
                Code::Bestand,
                file,
                Span::new(0, 0),
                "het bestand is te groot",
            )
            .help(format!(
                "een bestand mag ten hoogste {} MiB zijn",
                MAX_SOURCE_LEN / 1024 / 1024
            )),
        );
        return b.refuse(empty_file(Span::new(0, 0)));
    }
    if let Some(offset) = too_deep(src) {
        b.diags.push(
            Diagnostic::new(
                Code::Syntaxis,
                file,
                Span::new(offset, offset + 1),
                "te diep genest",
            )
            .label("hier")
            .help(format!(
                "haakjes, accolades en indien-uitdrukkingen mogen ten hoogste {MAX_NESTING} diep genest zijn"
            )),
        );
        return b.refuse(empty_file(Span::new(0, src.len())));
    }
    match Grammar::parse(Rule::file, src) {
        Ok(mut pairs) => {
            let Some(pair) = pairs.next() else {
                return b.finish(empty_file(Span::new(0, src.len())));
            };
            let mut tree = b.file(pair);
            super::end_of_line::attach(&mut tree, src);
            b.finish(tree)
        }
        Err(_) => {
            let mut tree = b.recover();
            super::end_of_line::attach(&mut tree, src);
            b.finish(tree)
        }
    }
}

/// Only pest's part of parsing, for measuring (`cargo run --release --example parse_time`).
#[doc(hidden)]
pub fn pest_only(src: &str) -> bool {
    Grammar::parse(Rule::file, src).is_ok()
}

fn empty_file(span: Span) -> File {
    File {
        header: Header {
            layer: Layer::Verordening,
            layer_span: span,
            title: Text {
                value: String::new(),
                span,
                placeholders: Vec::new(),
            },
            meta: Vec::new(),
            trivia: Trivia::default(),
            trailing: Trivia::default(),
            span,
        },
        items: Vec::new(),
        trailing: Trivia::default(),
        span,
    }
}

/// Offset of the first bracket or `indien` nested deeper than [MAX_NESTING], ignoring strings
/// and comments. These are the only constructs the grammar nests by recursion.
/// Whether the word `w` stands at byte `i` of `src` (not inside a longer name).
/// Whether the word `w` stands at byte `i` of `src` (not inside a longer name). Bytes of
/// non-ASCII characters count as letters: they can only be part of a name here.
fn word_at(src: &[u8], i: usize, w: &[u8]) -> bool {
    let is_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    src.get(i..).is_some_and(|rest| rest.starts_with(w))
        && i.checked_sub(1)
            .and_then(|p| src.get(p))
            .is_none_or(|b| !is_name(b))
        && src.get(i + w.len()).is_none_or(|b| !is_name(b))
}

fn too_deep(src: &str) -> Option<usize> {
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
const ITEM_STARTS: &[&str] = &[
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

fn starts_item(line: &str) -> bool {
    ITEM_STARTS.iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.starts_with([' ', '\t']) || rest.is_empty())
    })
}

/// Byte offsets where top-level items start (a keyword at column 0), each moved up over the
/// comment lines directly above it so that they travel with their item.
fn item_boundaries(src: &str) -> Vec<usize> {
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

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_wet
            | Rule::kw_model
            | Rule::kw_verordening
            | Rule::kw_beleidsregels
            | Rule::kw_hoofdstuk
            | Rule::kw_paragraaf
            | Rule::kw_artikel
            | Rule::kw_artikelen
            | Rule::kw_lid
            | Rule::kw_onderdeel
            | Rule::kw_bijlage
            | Rule::kw_aanhef
            | Rule::kw_slotformule
            | Rule::kw_tekst
            | Rule::kw_begrip
            | Rule::kw_facultatief
            | Rule::kw_invulling
            | Rule::kw_keuze
            | Rule::kw_optie
            | Rule::kw_feit
            | Rule::kw_oordeel
            | Rule::kw_soort
            | Rule::kw_parameter
            | Rule::kw_voorziening
            | Rule::kw_voorzieningen
            | Rule::kw_besluit
            | Rule::kw_definitie
            | Rule::kw_kan
            | Rule::kw_kent
            | Rule::kw_toe
            | Rule::kw_toekennen
            | Rule::kw_weigert
            | Rule::kw_weigeren
            | Rule::kw_beeindigen
            | Rule::kw_uitsluitend
            | Rule::kw_als
            | Rule::kw_tenzij
            | Rule::kw_waarde
            | Rule::kw_grens
            | Rule::kw_en
            | Rule::kw_of
            | Rule::kw_niet
            | Rule::kw_van
            | Rule::kw_indien
            | Rule::kw_dan
            | Rule::kw_anders
            | Rule::kw_ja
            | Rule::kw_nee
            | Rule::kw_overgenomen
            | Rule::kw_vervallen
            | Rule::kw_label
            | Rule::kw_voorbeeld
            | Rule::kw_lengte
            | Rule::kw_lijst
            | Rule::kw_vanaf
            | Rule::kw_geldig
            | Rule::kw_tot
            | Rule::kw_alle
            | Rule::kw_afgerond
            | Rule::kw_naar
            | Rule::kw_boven
            | Rule::kw_beneden
            | Rule::kw_op
            | Rule::kw_in
            | Rule::kw_procent
            | Rule::kw_een
            | Rule::kw_beide
            | Rule::kw_toelichting
            | Rule::kw_volgt
            | Rule::kw_samenhang
            | Rule::kw_fout
            | Rule::kw_waarschuwing
            | Rule::kw_bron
            | Rule::kw_onderwerp
            | Rule::kw_regelt
            | Rule::kw_variant
            | Rule::kw_voorbeeldtekst
            | Rule::kw_zonder
            | Rule::kw_haakjes
    )
}

struct Builder<'a> {
    src: &'a str,
    /// Offset of the text being parsed within the file (non-zero while recovering).
    base: usize,
    file: FileId,
    diags: Vec<Diagnostic>,
    /// Comments seen but not yet attached to a node.
    pending: Vec<Comment>,
    /// How deep `expr` is in building one expression (0 outside expressions).
    expr_level: u32,
}

type Kids<'a> = std::vec::IntoIter<Pair<'a, Rule>>;

impl<'a> Builder<'a> {
    fn finish(self, file: File) -> ParseResult {
        ParseResult {
            file,
            diagnostics: self.diags,
            refused: false,
        }
    }

    fn refuse(self, file: File) -> ParseResult {
        ParseResult {
            refused: true,
            ..self.finish(file)
        }
    }

    /// The span of a pair, ending at its last significant character. pest lets a pair end
    /// after the implicit whitespace and comments that follow its last token (a sequence
    /// skips trivia before an optional part that then matches nothing); an underline or a
    /// range built from that would spill onto the next lines.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let start = s.start();
        if matches!(
            pair.as_rule(),
            Rule::COMMENT | Rule::string_body | Rule::string_run
        ) {
            // Atomic: whatever whitespace they end in is theirs.
            return Span::new(self.base + start, self.base + s.end());
        }
        let src = self.src_part();
        let last = s.end().checked_sub(1).and_then(|i| src.as_bytes().get(i));
        let trivia_at_end = matches!(last, None | Some(b' ' | b'\t' | b'\r' | b'\n' | 0xA0));
        if s.end() < src.len() && !trivia_at_end {
            // The usual case, and quick: no whitespace at the pair's end, so no comment ends
            // there either (pest's trivia after a comment takes its line break along). (0xA0
            // ends a no-break space, and other characters too: those take the long way.)
            return Span::new(self.base + start, self.base + s.end());
        }
        let mut end = trim_trivia_end(src, start, s.end());
        // The pair's tokens from the last one back (its own end first): a comment that ends
        // where the text does goes; whatever starts or ends in the trivia after the text (an
        // empty repetition, a child that ran into the same comments) is passed over.
        let mut tokens = pair.clone().tokens().rev().skip(1);
        while let Some(t) = tokens.next() {
            match t {
                Token::End {
                    rule: Rule::COMMENT,
                    pos,
                } => {
                    let Some(Token::Start { pos: from, .. }) = tokens.next() else {
                        break;
                    };
                    if trim_trivia_end(src, from.pos(), pos.pos()) != end {
                        break;
                    }
                    end = trim_trivia_end(src, start, from.pos());
                }
                Token::End { pos, .. } | Token::Start { pos, .. } if pos.pos() > end => {}
                _ => break,
            }
        }
        Span::new(self.base + start, self.base + end)
    }

    /// The text pest is parsing: the whole file, or the chunk from `base` while recovering.
    fn src_part(&self) -> &'a str {
        self.src.get(self.base..).unwrap_or("")
    }

    /// The children of a pair, without keywords; comments go to `pending`.
    fn kids(&mut self, pair: Pair<'a, Rule>) -> Kids<'a> {
        let mut out = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::COMMENT => {
                    let span = self.span(&p);
                    // Byte for byte after the `#` (`#x`, `##`, a tab): only the line's
                    // trailing whitespace goes.
                    let raw = p.as_str();
                    let text = raw.strip_prefix('#').unwrap_or(raw).trim_end().to_string();
                    self.pending.push(Comment { text, span });
                }
                r if is_keyword(r) => {}
                _ => out.push(p),
            }
        }
        out.into_iter()
    }

    /// Trivia for a node starting at `start`: the pending comments and whether a blank line
    /// precedes it (or its first comment).
    fn trivia(&mut self, start: Span) -> Trivia {
        let comments = std::mem::take(&mut self.pending);
        let first = comments
            .first()
            .map(|c| c.span.start)
            .unwrap_or(start.start);
        Trivia {
            blank_line_before: blank_line_before(self.src, first as usize),
            comments,
            ..Trivia::default()
        }
    }

    /// The pending comments that stand before `pos`: the leading comments of the node there.
    fn comments_before(&mut self, pos: u32) -> Trivia {
        let (before, after): (Vec<Comment>, Vec<Comment>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|c| c.span.start < pos);
        self.pending = after;
        let blank = before
            .first()
            .is_some_and(|c| blank_line_before(self.src, c.span.start as usize));
        Trivia {
            comments: before,
            blank_line_before: blank,
            ..Trivia::default()
        }
    }

    /// The pending comment on the line where a node ends at `end`, taken out of `pending`:
    /// used inside options and passages, whose comments the builder holds while it builds
    /// them (elsewhere [`super::end_of_line::attach`] does this on the finished tree).
    fn end_of_line_after(&mut self, end: u32) -> Option<Comment> {
        let at = self.pending.iter().position(|c| {
            c.span.start >= end
                && self
                    .src
                    .get(end as usize..c.span.start as usize)
                    .is_some_and(|between| !between.contains('\n'))
        })?;
        Some(self.pending.remove(at))
    }

    /// Takes the pending comments at or after `pos` out of `pending`.
    fn comments_from(&mut self, pos: u32) -> Vec<Comment> {
        let (before, after): (Vec<Comment>, Vec<Comment>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|c| c.span.start < pos);
        self.pending = before;
        after
    }

    /// Nested slot declarations (inside an option or a passage), each with its own comments.
    fn nested_slots(&mut self, pairs: Vec<Pair<'a, Rule>>) -> Vec<SlotDecl> {
        let mut out = Vec::new();
        for p in pairs {
            let span = self.span(&p);
            let mut trivia = self.comments_before(span.start);
            if out.is_empty() {
                take_after_open_brace(self.src, &mut trivia, Some(span.start));
            }
            if let Some(mut d) = self.slot_decl(p) {
                trivia.end_of_line = self.end_of_line_after(span.end);
                match &mut d {
                    SlotDecl::Invulling(i) => i.trivia = trivia,
                    SlotDecl::Passage(x) => x.trivia = trivia,
                    SlotDecl::Keuze(k) => k.trivia = trivia,
                }
                out.push(d);
            }
        }
        out
    }

    /// Comments collected while building a node whose span is `span`: those inside its
    /// tokens stay with it; those after its last real token (pest folds trailing comments
    /// into a repetition's pair) go back to `pending` for whatever follows.
    fn keep_inner_comments(&mut self, span: Span) -> Vec<Comment> {
        let mut deep = std::mem::take(&mut self.pending);
        deep.sort_by_key(|c| c.span.start);
        let mut end = span.end as usize;
        loop {
            let before = self.src.get(..end).unwrap_or("");
            let trimmed = before.trim_end().len();
            match deep
                .iter()
                .find(|c| c.span.end as usize == trimmed && (c.span.start as usize) < trimmed)
            {
                Some(c) => end = c.span.start as usize,
                None => break,
            }
        }
        let (inside, after): (Vec<Comment>, Vec<Comment>) = deep
            .into_iter()
            .partition(|c| (c.span.start as usize) < end);
        self.pending = after;
        inside
    }

    fn take_trailing(&mut self) -> Trivia {
        let comments = std::mem::take(&mut self.pending);
        self.trailing_trivia(comments)
    }

    /// The pending comments inside `span` (a braced node whose children have taken theirs):
    /// those before its closing brace.
    fn trailing_inside(&mut self, span: Span) -> Trivia {
        let (mut inside, rest): (Vec<Comment>, Vec<Comment>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|c| span.start <= c.span.start && c.span.start < span.end);
        self.pending = rest;
        inside.sort_by_key(|c| c.span.start);
        self.trailing_trivia(inside)
    }

    fn trailing_trivia(&self, comments: Vec<Comment>) -> Trivia {
        let blank = comments
            .first()
            .is_some_and(|c| blank_line_before(self.src, c.span.start as usize));
        Trivia {
            comments,
            blank_line_before: blank,
            ..Trivia::default()
        }
    }

    fn internal(&mut self, span: Span, what: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::Syntaxis,
                self.file,
                span,
                format!("interne fout bij het lezen van {what}"),
            )
            .help("meld dit als fout in verordening, met het bestand erbij"),
        );
    }

    // ------------------------------------------------------------------ recovery

    fn recover(&mut self) -> File {
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

    fn syntax_error(&mut self, e: pest::error::Error<Rule>, base: usize) {
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

    // ------------------------------------------------------------------ file

    fn file(&mut self, pair: Pair<'a, Rule>) -> File {
        let span = self.span(&pair);
        let mut file = empty_file(span);
        let kids: Vec<_> = self.kids(pair).collect();
        let mut comments = std::mem::take(&mut self.pending);
        comments.sort_by_key(|c| c.span.start);
        let mut comments = comments.into_iter().peekable();
        for k in kids {
            let start = self.span(&k);
            while let Some(c) = comments.next_if(|c| c.span.start < start.start) {
                self.pending.push(c);
            }
            match k.as_rule() {
                Rule::header => file.header = self.header(k),
                Rule::item => {
                    let item = self.item(k);
                    file.items.push(item);
                }
                _ => {}
            }
        }
        self.pending.extend(comments);
        file.trailing = self.take_trailing();
        file
    }

    fn header(&mut self, pair: Pair<'a, Rule>) -> Header {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut header = empty_file(span).header;
        header.trivia = trivia;
        header.span = span;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::layer => {
                    header.layer_span = self.span(&k);
                    header.layer = match k.as_str() {
                        "wet" => Layer::Wet,
                        "model" => Layer::Model,
                        "beleidsregels" => Layer::Beleidsregels,
                        _ => Layer::Verordening,
                    };
                }
                Rule::string => header.title = self.text(k),
                Rule::meta => {
                    // kids() collected every comment of the header at once: each meta
                    // takes only those in front of it.
                    let later = self.comments_from(self.span(&k).start);
                    let m = self.meta(k);
                    header.meta.push(m);
                    self.pending = later;
                }
                _ => {}
            }
        }
        header.trailing = self.trailing_inside(span);
        header
    }

    fn meta(&mut self, pair: Pair<'a, Rule>) -> Meta {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut key = MetaKey::Other(String::new());
        let mut key_span = span;
        let mut value = MetaValue::Text(Text {
            value: String::new(),
            span,
            placeholders: Vec::new(),
        });
        let mut spelling = Spelling::Usual;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::meta_key => {
                    key_span = self.span(&k);
                    let words: Vec<&str> = k.as_str().split_whitespace().collect();
                    key = match words.as_slice() {
                        ["geldig", "vanaf"] => MetaKey::GeldigVanaf,
                        ["geldig", "tot"] => MetaKey::GeldigTot,
                        ["model"] => MetaKey::Model,
                        ["wet"] => MetaKey::Wet,
                        ["verordening"] => MetaKey::Verordening,
                        _ => MetaKey::Other(words.join(" ")),
                    };
                }
                Rule::date => {
                    let s = self.span(&k);
                    spelling = date_spelling(&k);
                    value = MetaValue::Date(self.date(k.as_str(), s));
                }
                Rule::string => value = MetaValue::Text(self.text(k)),
                _ => {}
            }
        }
        Meta {
            key,
            key_span,
            value,
            spelling,
            trivia,
            span,
        }
    }

    // ------------------------------------------------------------------ items

    fn item(&mut self, pair: Pair<'a, Rule>) -> Item {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut kids = self.kids(pair);
        let kind = match kids.next() {
            Some(inner) => self.item_kind(inner),
            None => {
                self.internal(span, "een onderdeel");
                ItemKind::Error(String::new())
            }
        };
        let mut trivia = trivia;
        // Comments inside the item's own tokens (not in a nested body) stay with it.
        trivia.comments.append(&mut self.keep_inner_comments(span));
        Item { kind, trivia, span }
    }

    fn item_kind(&mut self, pair: Pair<'a, Rule>) -> ItemKind {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::hoofdstuk => ItemKind::Hoofdstuk(self.heading(pair)),
            Rule::paragraaf => ItemKind::Paragraaf(self.heading(pair)),
            Rule::artikel => ItemKind::Artikel(self.artikel(pair)),
            Rule::bijlage => ItemKind::Bijlage(self.bijlage(pair)),
            Rule::aanhef => ItemKind::Aanhef(self.block(pair)),
            Rule::slotformule => ItemKind::Slotformule(self.block(pair)),
            Rule::fill => ItemKind::Fill(self.fill(pair)),
            Rule::adoption => ItemKind::Adoption(self.adoption(pair)),
            Rule::decl => match self.decl(pair) {
                Some(d) => ItemKind::Decl(d),
                None => ItemKind::Error(String::new()),
            },
            _ => {
                self.internal(span, "een onderdeel");
                ItemKind::Error(String::new())
            }
        }
    }

    fn heading(&mut self, pair: Pair<'a, Rule>) -> Heading {
        let span = self.span(&pair);
        let mut nr = self.name_at(span, "");
        let mut title = self.empty_text(span);
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::unit_nr => nr = self.name(&k),
                Rule::string => title = self.text(k),
                _ => {}
            }
        }
        Heading { nr, title }
    }

    fn artikel(&mut self, pair: Pair<'a, Rule>) -> Artikel {
        let span = self.span(&pair);
        let mut art = Artikel {
            optional: false,
            nr: self.name_at(span, ""),
            title: self.empty_text(span),
            model_nr: None,
            vervallen: false,
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => art.optional = true,
                Rule::unit_nr => art.nr = self.name(&k),
                Rule::string => art.title = self.text(k),
                Rule::art_attr => {
                    let nr = self.kids(k).find(|p| p.as_rule() == Rule::unit_nr);
                    art.model_nr = nr.map(|p| self.name(&p));
                }
                Rule::vervallen => art.vervallen = true,
                Rule::art_body => {
                    let (members, trailing) = self.members(k);
                    art.members = members;
                    art.trailing = trailing;
                }
                _ => {}
            }
        }
        art
    }

    fn bijlage(&mut self, pair: Pair<'a, Rule>) -> Bijlage {
        let span = self.span(&pair);
        let mut bijlage = Bijlage {
            optional: false,
            id: self.name_at(span, ""),
            title: self.empty_text(span),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let kids: Vec<_> = self.kids(pair).collect();
        let mut body = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::facultatief => bijlage.optional = true,
                Rule::bijlage_id => bijlage.id = self.name(&k),
                Rule::string => bijlage.title = self.text(k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        bijlage.members = members;
        bijlage.trailing = trailing;
        bijlage
    }

    fn block(&mut self, pair: Pair<'a, Rule>) -> Block {
        let kids: Vec<_> = self.kids(pair).collect();
        let (members, trailing) = self.member_list(kids);
        Block { members, trailing }
    }

    /// Members of a braced body (art_body): leden, lid groups and unit members.
    fn members(&mut self, pair: Pair<'a, Rule>) -> (Vec<Member>, Trivia) {
        let kids: Vec<_> = self.kids(pair).collect();
        self.member_list(kids)
    }

    fn member_list(&mut self, kids: Vec<Pair<'a, Rule>>) -> (Vec<Member>, Trivia) {
        // Comments were collected up front by kids(); re-split them by position so each
        // attaches to the member that follows it.
        let mut comments = std::mem::take(&mut self.pending);
        comments.sort_by_key(|c| c.span.start);
        let mut comments = comments.into_iter().peekable();
        let mut out = Vec::new();
        for k in kids {
            let start = self.span(&k);
            while let Some(c) = comments.next_if(|c| c.span.start < start.start) {
                self.pending.push(c);
            }
            if let Some(m) = self.member(k) {
                out.push(m);
            }
        }
        self.pending.extend(comments);
        let trailing = self.take_trailing();
        (out, trailing)
    }

    fn member(&mut self, pair: Pair<'a, Rule>) -> Option<Member> {
        let span = self.span(&pair);
        let mut trivia = self.trivia(span);
        let inner = match pair.as_rule() {
            Rule::art_member | Rule::unit_member => self.kids(pair).next(),
            _ => Some(pair),
        };
        let inner = inner?;
        let kind = match inner.as_rule() {
            Rule::lid => MemberKind::Lid(self.lid(inner)),
            Rule::lid_group => {
                let (variants, kids): (Vec<_>, Vec<_>) =
                    self.kids(inner).partition(|p| p.as_rule() == Rule::variant);
                let variant = variants
                    .into_iter()
                    .next()
                    .and_then(|v| self.kids(v).next())
                    .map(|n| self.name(&n));
                let (leden, trailing) = self.member_list(kids);
                MemberKind::LidGroup(LidGroup {
                    leden,
                    trailing,
                    variant,
                })
            }
            Rule::unit_member => {
                return self.member(inner).map(|mut m| {
                    trivia.comments.append(&mut m.trivia.comments);
                    m.trivia = trivia;
                    m
                })
            }
            Rule::onderdeel => MemberKind::Onderdeel(self.onderdeel(inner)),
            Rule::tekst => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Tekst(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::toelichting => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Toelichting(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::brongebrek => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Brongebrek(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::stmt => MemberKind::Stmt(self.stmt(inner)?),
            _ => {
                self.internal(span, "een bepaling");
                return None;
            }
        };
        trivia.comments.append(&mut self.keep_inner_comments(span));
        Some(Member { kind, trivia, span })
    }

    fn lid(&mut self, pair: Pair<'a, Rule>) -> Lid {
        let span = self.span(&pair);
        let mut lid = Lid {
            optional: false,
            nr: self.name_at(span, ""),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let mut body = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => lid.optional = true,
                Rule::int => lid.nr = self.name(&k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        lid.members = members;
        lid.trailing = trailing;
        lid
    }

    fn onderdeel(&mut self, pair: Pair<'a, Rule>) -> Onderdeel {
        let span = self.span(&pair);
        let mut o = Onderdeel {
            optional: false,
            label: self.name_at(span, ""),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let mut body = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => o.optional = true,
                Rule::onderdeel_label => o.label = self.name(&k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        o.members = members;
        o.trailing = trailing;
        o
    }

    // ------------------------------------------------------------------ statements

    fn stmt(&mut self, pair: Pair<'a, Rule>) -> Option<Stmt> {
        let span = self.span(&pair);
        let inner = self.kids(pair).next()?;
        Some(match inner.as_rule() {
            Rule::begrip => Stmt::Begrip(self.begrip(inner)),
            Rule::slot_decl => match self.slot_decl(inner)? {
                SlotDecl::Invulling(i) => Stmt::Invulling(i),
                SlotDecl::Passage(p) => Stmt::Passage(p),
                SlotDecl::Keuze(k) => Stmt::Keuze(k),
            },
            Rule::rule_stmt => Stmt::Rule(self.rule(inner)),
            Rule::waarde => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let expr = self.expr_opt(kids.next(), span);
                Stmt::Waarde(Waarde { name, expr })
            }
            Rule::grens => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let mut next = kids.next();
                let mut per = None;
                if let Some(p) = next.clone().filter(|p| p.as_rule() == Rule::grens_per) {
                    per = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::name_path)
                        .map(|q| self.name(&q));
                    next = kids.next();
                }
                let op = next.map(|p| cmp_op(p.as_str())).unwrap_or(CmpOp::Le);
                let expr = self.expr_opt(kids.next(), span);
                let soort = match (kids.next(), per) {
                    (Some(p), _) if p.as_rule() == Rule::grens_gevolg => {
                        match p.into_inner().find(|q| q.as_rule() == Rule::string) {
                            Some(q) => GrensSoort::Gevolg {
                                tekst: self.text(q),
                            },
                            None => GrensSoort::Maximum,
                        }
                    }
                    (Some(p), Some(per)) if p.as_rule() == Rule::grens_jaar => {
                        GrensSoort::Jaarsom { per }
                    }
                    _ => GrensSoort::Maximum,
                };
                Stmt::Grens(Grens {
                    name,
                    op,
                    expr,
                    soort,
                })
            }
            Rule::samenhang => Stmt::Samenhang(self.samenhang(inner)?),
            Rule::geen_regel => {
                let text = self
                    .kids(inner)
                    .find(|p| p.as_rule() == Rule::string)
                    .map(|p| self.text(p))?;
                Stmt::GeenRegel(text)
            }
            Rule::onderwerp => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let description = kids.next().map(|p| self.text(p))?;
                let vanaf = kids.next().map(|p| {
                    let span = self.span(&p);
                    self.date(p.as_str(), span)
                });
                Stmt::Onderwerp(Onderwerp {
                    name,
                    description,
                    vanaf,
                })
            }
            Rule::regelt => {
                let names = self.kids(inner).map(|p| self.name(&p)).collect();
                Stmt::Regelt(names)
            }
            Rule::decl => Stmt::Decl(self.decl(inner)?),
            _ => {
                self.internal(span, "een bepaling");
                return None;
            }
        })
    }

    fn begrip(&mut self, pair: Pair<'a, Rule>) -> Begrip {
        let span = self.span(&pair);
        let mut b = Begrip {
            optional: false,
            name: self.name_at(span, ""),
            term: None,
            text: self.empty_text(span),
            definition: None,
        };
        let mut strings = 0;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => b.optional = true,
                Rule::word => b.name = self.name(&k),
                Rule::string => {
                    // `begrip naam "Term" "definitie"`: the first of two is the term.
                    strings += 1;
                    let t = self.text(k);
                    if strings == 2 {
                        b.term = Some(std::mem::replace(&mut b.text, t));
                    } else {
                        b.text = t;
                    }
                }
                Rule::expr => b.definition = Some(self.expr(k)),
                _ => {}
            }
        }
        b
    }

    fn slot_decl(&mut self, pair: Pair<'a, Rule>) -> Option<SlotDecl> {
        let inner = self.kids(pair).next()?;
        let span = self.span(&inner);
        Some(match inner.as_rule() {
            Rule::invulling => {
                let mut slot = Invulling {
                    name: self.name_at(span, ""),
                    ty: TypeExpr::Base {
                        name: self.name_at(span, "tekst"),
                        unit: None,
                    },
                    label: None,
                    voorbeeld: None,
                    voorbeeldtekst: None,
                    lengte: None,
                    grens: Vec::new(),
                    trivia: Trivia::default(),
                    span,
                };
                for k in self.kids(inner) {
                    match k.as_rule() {
                        Rule::word => slot.name = self.name(&k),
                        Rule::type_expr => slot.ty = self.type_expr(k),
                        Rule::slot_attr => {
                            let Some(attr) = self.kids(k).next() else {
                                continue;
                            };
                            let attr_span = self.span(&attr);
                            let mut parts = self.kids(attr.clone());
                            match attr.as_rule() {
                                Rule::label_attr => slot.label = parts.next().map(|p| self.text(p)),
                                Rule::voorbeeld_attr => {
                                    slot.voorbeeld = parts.next().map(|p| self.fill_value(p))
                                }
                                Rule::voorbeeldtekst_attr => {
                                    slot.voorbeeldtekst = parts.next().map(|p| self.text(p))
                                }
                                Rule::lengte_attr => {
                                    let n =
                                        parts.next().and_then(|p| p.as_str().parse::<u32>().ok());
                                    slot.lengte = n.map(|n| (n, attr_span));
                                }
                                Rule::grens_attr => {
                                    let op = parts
                                        .next()
                                        .map(|p| cmp_op(p.as_str()))
                                        .unwrap_or(CmpOp::Le);
                                    let e = self.expr_opt(parts.next(), attr_span);
                                    slot.grens.push((op, e));
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                SlotDecl::Invulling(slot)
            }
            Rule::passage => {
                let mut name = None;
                let mut text = None;
                let mut volgt = None;
                let mut nested = Vec::new();
                for p in self.kids(inner) {
                    match p.as_rule() {
                        Rule::word => name = Some(self.name(&p)),
                        Rule::string => text = Some(self.text(p)),
                        Rule::volgt => volgt = self.kids(p).next().map(|p| self.name(&p)),
                        Rule::slot_decl => nested.push(p),
                        _ => {}
                    }
                }
                let slots = self.nested_slots(nested);
                let mut trailing = self.trailing_inside(span);
                if slots.is_empty() {
                    take_after_open_brace(self.src, &mut trailing, None);
                }
                SlotDecl::Passage(Passage {
                    name: name?,
                    text: text?,
                    volgt,
                    slots,
                    trailing,
                    trivia: Trivia::default(),
                    span,
                })
            }
            Rule::keuze => {
                let mut k = Keuze {
                    name: self.name_at(span, ""),
                    one_or_both: false,
                    zonder_haakjes: false,
                    volgt: None,
                    options: Vec::new(),
                    trailing: Trivia::default(),
                    trivia: Trivia::default(),
                    span,
                };
                for p in self.kids(inner) {
                    match p.as_rule() {
                        Rule::word => k.name = self.name(&p),
                        Rule::een_of_beide => k.one_or_both = true,
                        Rule::zonder_haakjes => k.zonder_haakjes = true,
                        Rule::volgt => k.volgt = self.kids(p).next().map(|p| self.name(&p)),
                        Rule::optie => {
                            let ospan = self.span(&p);
                            let mut trivia = self.comments_before(ospan.start);
                            if k.options.is_empty() {
                                take_after_open_brace(self.src, &mut trivia, Some(ospan.start));
                            }
                            let mut kids = self.kids(p);
                            let Some(name) = kids.next().map(|p| self.name(&p)) else {
                                continue;
                            };
                            let Some(text) = kids.next().map(|p| self.text(p)) else {
                                continue;
                            };
                            let rest: Vec<_> = kids.collect();
                            let slots = self.nested_slots(rest);
                            let mut trailing = self.trailing_inside(ospan);
                            if slots.is_empty() {
                                take_after_open_brace(self.src, &mut trailing, None);
                            }
                            trivia.end_of_line = self.end_of_line_after(ospan.end);
                            k.options.push(Optie {
                                name,
                                text,
                                slots,
                                trailing,
                                trivia,
                                span: ospan,
                            });
                        }
                        _ => {}
                    }
                }
                k.trailing = self.trailing_inside(span);
                SlotDecl::Keuze(k)
            }
            _ => {
                self.internal(span, "een invulplek");
                return None;
            }
        })
    }

    fn rule(&mut self, pair: Pair<'a, Rule>) -> crate::syntax::ast::Rule {
        let span = self.span(&pair);
        let mut rule = crate::syntax::ast::Rule {
            modality: Modality::KanToekennen,
            modality_span: span,
            target: Target::All(span),
            condition: None,
            tenzij: None,
            zin: None,
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::zin => {
                    let nr = self
                        .kids(k.clone())
                        .find(|p| p.as_rule() == Rule::int)
                        .and_then(|p| p.as_str().parse::<u32>().ok());
                    rule.zin = Some(match nr {
                        Some(n) => Zin::Volzin(n),
                        None => Zin::Slotzin,
                    });
                }
                Rule::modality => {
                    rule.modality_span = self.span(&k);
                    let Some(m) = self.kids(k).next() else {
                        continue;
                    };
                    rule.modality = match m.as_rule() {
                        Rule::kent_toe => Modality::KentToe,
                        Rule::kan_weigeren => Modality::KanWeigeren,
                        Rule::weigert => Modality::Weigert,
                        Rule::kan_beeindigen => Modality::KanBeeindigen,
                        Rule::uitsluitend => Modality::Uitsluitend,
                        Rule::geen_gebruik => Modality::GeenGebruik,
                        _ => Modality::KanToekennen,
                    };
                }
                Rule::target => {
                    let tspan = self.span(&k);
                    rule.target = match self.kids(k).next() {
                        Some(p) if p.as_rule() == Rule::ident => Target::Voorziening(self.name(&p)),
                        _ => Target::All(tspan),
                    };
                }
                Rule::condition => {
                    for c in self.kids(k) {
                        match c.as_rule() {
                            Rule::expr => rule.condition = Some(self.expr(c)),
                            Rule::tenzij => {
                                let s = self.span(&c);
                                let e = self.kids(c).next();
                                rule.tenzij = Some(self.expr_opt(e, s));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        rule
    }

    fn samenhang(&mut self, pair: Pair<'a, Rule>) -> Option<Samenhang> {
        let span = self.span(&pair);
        let mut id = None;
        let mut severity = Severity::Fout;
        let mut message = None;
        let mut bron = None;
        let mut expr = None;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::ident => id = Some(self.name(&k)),
                Rule::ernst if k.as_str() == "waarschuwing" => severity = Severity::Waarschuwing,
                Rule::string => message = Some(self.text(k)),
                Rule::bron => bron = self.kids(k).next().map(|p| self.text(p)),
                Rule::expr => expr = Some(self.expr(k)),
                _ => {}
            }
        }
        Some(Samenhang {
            id: id?,
            severity,
            message: message?,
            bron,
            expr: expr.unwrap_or_else(|| self.bad_expr(span)),
        })
    }

    fn decl(&mut self, pair: Pair<'a, Rule>) -> Option<Decl> {
        let inner = self.kids(pair).next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let inner_text = inner.as_str();
        let mut kids = self.kids(inner);
        Some(match rule {
            Rule::feit | Rule::oordeel => {
                let name = kids.next().map(|p| self.name(&p))?;
                let ty = kids.next().map(|p| self.type_expr(p))?;
                let description = kids.next().map(|p| self.text(p));
                let f = FactDecl {
                    name,
                    ty,
                    description,
                };
                if rule == Rule::feit {
                    Decl::Feit(f)
                } else {
                    Decl::Oordeel(f)
                }
            }
            Rule::soort => {
                let name = kids.next().map(|p| self.name(&p))?;
                let values = kids.map(|p| self.name(&p)).collect();
                Decl::Soort(Soort { name, values })
            }
            Rule::parameter => {
                let name = kids.next().map(|p| self.name(&p))?;
                let ty = kids.next().map(|p| self.type_expr(p))?;
                let mut description = None;
                let mut entries = Vec::new();
                for k in kids {
                    match k.as_rule() {
                        Rule::string => description = Some(self.text(k)),
                        Rule::param_entry => {
                            let espan = self.span(&k);
                            let mut trivia = self.comments_before(espan.start);
                            if entries.is_empty() {
                                take_after_open_brace(self.src, &mut trivia, Some(espan.start));
                            }
                            let mut parts = self.kids(k);
                            let Some(d) = parts.next() else { continue };
                            let dspan = self.span(&d);
                            let from = self.date(d.as_str(), dspan);
                            let value = self.expr_opt(parts.next(), espan);
                            trivia.end_of_line = self.end_of_line_after(espan.end);
                            entries.push(ParamEntry {
                                trivia,
                                from,
                                from_span: dspan,
                                from_spelling: date_spelling(&d),
                                value,
                            });
                        }
                        _ => {}
                    }
                }
                let mut trailing = self.trailing_inside(span);
                if entries.is_empty() {
                    take_after_open_brace(self.src, &mut trailing, None);
                }
                Decl::Parameter(Parameter {
                    name,
                    ty,
                    description,
                    entries,
                    trailing,
                })
            }
            Rule::voorziening => {
                let besluit = inner_text.starts_with("besluit");
                let name = kids.next().map(|p| self.name(&p))?;
                let label = kids.next().map(|p| self.text(p))?;
                Decl::Voorziening(VoorzieningDecl {
                    name,
                    label,
                    besluit,
                    members: Vec::new(),
                })
            }
            Rule::groep => {
                let name = kids.next().map(|p| self.name(&p))?;
                let label = kids.next().map(|p| self.text(p))?;
                let members = kids.map(|p| self.name(&p)).collect();
                Decl::Voorziening(VoorzieningDecl {
                    name,
                    label,
                    besluit: false,
                    members,
                })
            }
            Rule::definitie => {
                let name = kids.next().map(|p| self.name(&p))?;
                let expr = self.expr_opt(kids.next(), span);
                Decl::Definitie(Definitie { name, expr })
            }
            _ => {
                self.internal(span, "een declaratie");
                return None;
            }
        })
    }

    // ------------------------------------------------------------------ fills

    fn fill(&mut self, pair: Pair<'a, Rule>) -> Fill {
        let span = self.span(&pair);
        let mut fill = Fill {
            slot: self.name_at(span, ""),
            value: FillKind::Choice(Vec::new()),
        };
        let Some(inner) = self.kids(pair).next() else {
            return fill;
        };
        let is_choice = inner.as_rule() == Rule::fill_keuze;
        let mut options = Vec::new();
        for k in self.kids(inner) {
            match k.as_rule() {
                Rule::slot_path => fill.slot = self.name(&k),
                Rule::fill_value => fill.value = FillKind::Value(self.fill_value(k)),
                Rule::ident if is_choice => options.push(self.name(&k)),
                _ => {}
            }
        }
        if is_choice {
            fill.value = FillKind::Choice(options);
        }
        fill
    }

    fn fill_value(&mut self, pair: Pair<'a, Rule>) -> FillValue {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return FillValue::List(Vec::new(), span);
        };
        match inner.as_rule() {
            Rule::art_refs => {
                let names = self.kids(inner).map(|p| self.name(&p)).collect();
                FillValue::Articles(names, span)
            }
            _ => {
                let mut items = Vec::new();
                for item in self.kids(inner) {
                    let Some(x) = self.kids(item).next() else {
                        continue;
                    };
                    match x.as_rule() {
                        Rule::record => {
                            let rspan = self.span(&x);
                            let mut fields = Vec::new();
                            for f in self.kids(x) {
                                let fspan = self.span(&f);
                                let mut parts = self.kids(f);
                                let Some(n) = parts.next() else { continue };
                                let name = self.name(&n);
                                let e = self.expr_opt(parts.next(), fspan);
                                fields.push((name, e));
                            }
                            items.push(FillItem::Record(fields, rspan));
                        }
                        _ => items.push(FillItem::Expr(self.expr(x))),
                    }
                }
                FillValue::List(items, span)
            }
        }
    }

    fn adoption(&mut self, pair: Pair<'a, Rule>) -> Adoption {
        let mut adopted = true;
        let mut slots = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::niet => adopted = false,
                Rule::slot_path => slots.push(self.name(&k)),
                _ => {}
            }
        }
        Adoption { adopted, slots }
    }

    // ------------------------------------------------------------------ types

    fn type_expr(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return self.tekst_type(span);
        };
        match inner.as_rule() {
            Rule::lijst_type => {
                let lspan = self.span(&inner);
                let elem = self.kids(inner).next();
                let elem = match elem {
                    Some(e) if e.as_rule() == Rule::record_type => self.record_type(e),
                    Some(e) => self.base_type(e),
                    None => self.tekst_type(lspan),
                };
                TypeExpr::List(Box::new(elem), lspan)
            }
            Rule::record_type => self.record_type(inner),
            _ => self.base_type(inner),
        }
    }

    fn tekst_type(&self, span: Span) -> TypeExpr {
        TypeExpr::Base {
            name: self.name_at(span, "tekst"),
            unit: None,
        }
    }

    fn record_type(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut fields = Vec::new();
        for f in self.kids(pair) {
            let mut parts = self.kids(f);
            let (Some(n), Some(t)) = (parts.next(), parts.next()) else {
                continue;
            };
            let name = self.name(&n);
            let ty = self.base_type(t);
            fields.push((name, ty));
        }
        TypeExpr::Record(fields, span)
    }

    fn base_type(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut name = self.name_at(span, "tekst");
        let mut unit = None;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::ja_nee | Rule::type_name => name = self.name(&k),
                Rule::unit => {
                    let s = self.span(&k);
                    unit = DurationUnit::from_word(k.as_str()).map(|u| (u, s));
                }
                _ => {}
            }
        }
        TypeExpr::Base { name, unit }
    }

    // ------------------------------------------------------------------ expressions

    fn too_long(&mut self, span: Span, what: &str) -> Expr {
        self.diags.push(
            Diagnostic::new(
                Code::Syntaxis,
                self.file,
                span,
                format!("te veel {what} (ten hoogste {MAX_CHAIN})"),
            )
            .label("hier")
            .help("splits de regel in definities (`definitie naam = ...`)"),
        );
        self.bad_expr(span)
    }

    fn bad_expr(&self, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Lit(Literal::Bool(false)),
            span,
            written: Written::default(),
        }
    }

    fn expr_opt(&mut self, pair: Option<Pair<'a, Rule>>, span: Span) -> Expr {
        match pair {
            Some(p) => self.expr(p),
            None => {
                self.internal(span, "een uitdrukking");
                self.bad_expr(span)
            }
        }
    }

    fn expr(&mut self, pair: Pair<'a, Rule>) -> Expr {
        // The tree of an expression is at most as deep as it has tokens: a bound on tokens
        // bounds every recursive pass over it (checking, lowering, formatting, dropping).
        if self.expr_level == 0 {
            let tokens = pair.clone().into_inner().flatten().count();
            if tokens > MAX_EXPR_TOKENS {
                let span = self.span(&pair);
                self.diags.push(
                    Diagnostic::new(
                        Code::Syntaxis,
                        self.file,
                        span,
                        format!("deze uitdrukking is te lang ({tokens} delen, ten hoogste {MAX_EXPR_TOKENS})"),
                    )
                    .label("hier")
                    .help("splits de regel in definities (`definitie naam = ...`)"),
                );
                return self.bad_expr(span);
            }
        }
        self.expr_level += 1;
        let e = self.expr_tree(pair);
        self.expr_level -= 1;
        e
    }

    fn expr_tree(&mut self, pair: Pair<'a, Rule>) -> Expr {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        match rule {
            Rule::expr
            | Rule::primary
            | Rule::unary
            | Rule::not_expr
            | Rule::round_expr
            | Rule::cmp_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::and_expr
            | Rule::or_expr => {}
            Rule::indien => {
                // indien C1 dan T1 [anders indien C2 dan T2]... anders E: each link of the
                // chain is an `indien` nested in the `anders` of the one before, as written.
                let mut kids = self.kids(pair);
                let c = self.expr_opt(kids.next(), span);
                let t = self.expr_opt(kids.next(), span);
                let mut links = vec![(span.offset(), c, t)];
                let mut otherwise = None;
                for k in kids {
                    if k.as_rule() == Rule::anders_indien {
                        let start = k
                            .clone()
                            .into_inner()
                            .find(|p| p.as_rule() == Rule::kw_indien)
                            .map(|p| p.as_span().start())
                            .unwrap_or(k.as_span().start());
                        let mut inner = self.kids(k);
                        let c = self.expr_opt(inner.next(), span);
                        let t = self.expr_opt(inner.next(), span);
                        links.push((start, c, t));
                    } else {
                        otherwise = Some(self.expr(k));
                    }
                }
                if links.len() > MAX_CHAIN {
                    return self.too_long(span, "`anders indien` in één keten");
                }
                let mut e = otherwise.unwrap_or_else(|| self.bad_expr(span));
                while let Some((start, c, t)) = links.pop() {
                    e = Expr {
                        kind: ExprKind::If(Box::new(c), Box::new(t), Box::new(e)),
                        span: Span::new(start, span.end as usize),
                        written: Written::default(),
                    };
                }
                return e;
            }
            Rule::literal => return self.literal(pair),
            Rule::reference => {
                let name = self.name(&pair);
                return Expr {
                    kind: ExprKind::Ref(name),
                    span,
                    written: Written::default(),
                };
            }
            Rule::call => {
                let mut kids = self.kids(pair);
                let name = match kids.next() {
                    Some(n) => self.name(&n),
                    None => self.name_at(span, ""),
                };
                let args = kids.map(|a| self.expr(a)).collect();
                return Expr {
                    kind: ExprKind::Call(name, args),
                    span,
                    written: Written::default(),
                };
            }
            _ => {
                self.internal(span, "een uitdrukking");
                return self.bad_expr(span);
            }
        }
        // `primary = { ... | "(" ~ expr ~ ")" | ... }`: the author's parentheses are kept.
        let parens = rule == Rule::primary && pair.as_str().starts_with('(');
        let kids: Vec<_> = self.kids(pair).collect();
        match rule {
            Rule::expr | Rule::primary => match kids.into_iter().next() {
                Some(k) => {
                    let mut e = self.expr(k);
                    if parens {
                        // The parentheses belong to the operand: an underline under
                        // `((a + b) * 2) > "x"` or `(x) + y` starts and ends with them.
                        e.written.parens = true;
                        e.span = span;
                    }
                    e
                }
                None => self.bad_expr(span),
            },
            Rule::not_expr | Rule::unary => {
                // `niet niet x`, `- - x`: the operators repeat; each applies to all after it.
                let mut ops = Vec::new();
                let mut operand = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::niet | Rule::neg => ops.push((k.as_rule(), k.as_span().start())),
                        _ => operand = Some(k),
                    }
                }
                if ops.len() > MAX_CHAIN {
                    return self.too_long(span, "`niet` of `-` achter elkaar");
                }
                let mut e = self.expr_opt(operand, span);
                while let Some((op, start)) = ops.pop() {
                    let inner = Box::new(e);
                    e = Expr {
                        kind: if op == Rule::niet {
                            ExprKind::Not(inner)
                        } else {
                            ExprKind::Neg(inner)
                        },
                        span: Span::new(start, span.end as usize),
                        written: Written::default(),
                    };
                }
                e
            }
            Rule::round_expr => {
                let mut it = kids.into_iter();
                let mut e = self.expr_opt(it.next(), span);
                for r in it {
                    let rspan = self.span(&r);
                    let mut dir = Rounding::Nearest;
                    let mut step = None;
                    for p in self.kids(r) {
                        match p.as_rule() {
                            Rule::richting => {
                                dir = if p.as_str().contains("boven") {
                                    Rounding::Up
                                } else {
                                    Rounding::Down
                                };
                            }
                            _ => step = Some(self.expr(p)),
                        }
                    }
                    let step = step.unwrap_or_else(|| self.bad_expr(rspan));
                    let whole = e.span.to(rspan);
                    e = Expr {
                        kind: ExprKind::Round(Box::new(e), dir, Box::new(step)),
                        span: whole,
                        written: Written::default(),
                    };
                }
                e
            }
            Rule::cmp_expr => {
                let mut it = kids.into_iter();
                let left = self.expr_opt(it.next(), span);
                match it.next() {
                    None => left,
                    Some(op) if op.as_rule() == Rule::in_list => {
                        let items = self.kids(op).map(|p| self.expr(p)).collect();
                        Expr {
                            kind: ExprKind::In(Box::new(left), items),
                            span,
                            written: Written::default(),
                        }
                    }
                    Some(op) => {
                        let right = self.expr_opt(it.next(), span);
                        Expr {
                            kind: ExprKind::Cmp(
                                cmp_op(op.as_str()),
                                Box::new(left),
                                Box::new(right),
                            ),
                            span,
                            written: Written::default(),
                        }
                    }
                }
            }
            _ => {
                // Left-associative chains: operand (op operand)*. For and/or the operator
                // keyword was dropped by kids(), so the operator is implied by the rule.
                let implied = match rule {
                    Rule::and_expr => Some(BinOp::And),
                    Rule::or_expr => Some(BinOp::Or),
                    _ => None,
                };
                let mut it = kids.into_iter();
                let mut left = self.expr_opt(it.next(), span);
                while let Some(next) = it.next() {
                    let (op, right_pair) = match implied {
                        Some(op) => (op, Some(next)),
                        None => (bin_op(next.as_str()), it.next()),
                    };
                    let right = self.expr_opt(right_pair, span);
                    let s = left.span.to(right.span);
                    left = Expr {
                        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                        span: s,
                        written: Written::default(),
                    };
                }
                left
            }
        }
    }

    fn literal(&mut self, pair: Pair<'a, Rule>) -> Expr {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return self.bad_expr(span);
        };
        let text = inner.as_str();
        let spelling = match inner.as_rule() {
            Rule::date => date_spelling(&inner),
            Rule::percent if text.ends_with("procent") => Spelling::Words,
            _ => Spelling::Usual,
        };
        let lit = match inner.as_rule() {
            Rule::date => Literal::Date(self.date(text, span)),
            Rule::money => Literal::Money(self.number(text.trim_start_matches('€').trim(), span)),
            Rule::percent => {
                let digits = text
                    .trim_end_matches("procent")
                    .trim_end_matches('%')
                    .trim();
                Literal::Percent(self.number(digits, span))
            }
            Rule::quantity => {
                let mut words = text.split_whitespace();
                let n = words.next().unwrap_or("0");
                let unit = words.next().and_then(DurationUnit::from_word);
                Literal::Quantity(self.number(n, span), unit.unwrap_or(DurationUnit::Dagen))
            }
            Rule::boolean => Literal::Bool(text == "ja"),
            Rule::number => Literal::Number(self.number(text, span)),
            Rule::string => Literal::Text(self.text(inner)),
            _ => {
                self.internal(span, "een waarde");
                Literal::Bool(false)
            }
        };
        Expr {
            kind: ExprKind::Lit(lit),
            span,
            written: Written {
                parens: false,
                spelling,
            },
        }
    }

    // ------------------------------------------------------------------ tokens

    fn name(&self, pair: &Pair<'_, Rule>) -> Name {
        Name {
            text: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    fn name_at(&self, span: Span, text: &str) -> Name {
        Name {
            text: text.to_string(),
            span,
        }
    }

    fn empty_text(&self, span: Span) -> Text {
        Text {
            value: String::new(),
            span,
            placeholders: Vec::new(),
        }
    }

    fn number(&mut self, text: &str, span: Span) -> Decimal {
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

    fn date(&mut self, text: &str, span: Span) -> NaiveDate {
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
    fn text(&mut self, pair: Pair<'a, Rule>) -> Text {
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
                            .help("een verwijzing in een tekst is `{naam}`, bijvoorbeeld `{bedrag}` of `{art16.lid2.citeertitel}`"),
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

fn is_placeholder_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn unescape(s: &str) -> String {
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
fn collapse_line_breaks(s: &str) -> String {
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
fn trim_trivia_end(src: &str, start: usize, end: usize) -> usize {
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
fn without_trailing_comment_lines(text: &str) -> usize {
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

fn cmp_op(s: &str) -> CmpOp {
    match s {
        "=" => CmpOp::Eq,
        "!=" | "≠" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" | "≤" => CmpOp::Le,
        ">" => CmpOp::Gt,
        _ => CmpOp::Ge,
    }
}

fn bin_op(s: &str) -> BinOp {
    match s {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" | "×" => BinOp::Mul,
        "/" => BinOp::Div,
        "van" => BinOp::Van,
        "of" => BinOp::Or,
        _ => BinOp::And,
    }
}

/// `1 juli 2023` or `2023-07-01`, from a `date` pair.
fn date_spelling(pair: &Pair<'_, Rule>) -> Spelling {
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
    let m = super::notation::MONTHS.iter().position(|x| *x == month)?;
    NaiveDate::from_ymd_opt(year, u32::try_from(m + 1).ok()?, day)
}

/// A Dutch description of what a grammar rule stands for, for "verwacht: ..." help lines.
fn describe(rule: Rule) -> Option<&'static str> {
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

/// A value written in the language's notation (`€ 1.234,56`, `13 weken`, `2023-07-01`, `ja`),
/// as case files use it. A bare name (an enumeration value) comes back as `Err(name)`.
pub fn parse_literal(text: &str) -> Option<Result<Literal, String>> {
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
