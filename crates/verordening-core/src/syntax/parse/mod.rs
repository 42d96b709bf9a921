//! From source text to the AST: pest does the recognising, this module builds the typed tree
//! in one place, attaches comments as trivia, and recovers from syntax errors per top-level
//! item so that one broken artikel does not hide the diagnostics of the rest.

use super::ast::*;
use super::end_of_line::{blank_line_before, take_after_open_brace};
use crate::diagnostics::{Code, Diagnostic, FileId};
use chrono::NaiveDate;
use pest::iterators::Pair;
use pest::Parser as _;
use rust_decimal::Decimal;
use std::str::FromStr;

mod besluit;
mod expressions;
mod items;
mod literal_fast;
mod recovery;
mod statements;
mod tokens;

use expressions::cmp_op;
use recovery::*;
use tokens::*;
pub use tokens::{parse_date, parse_literal, parse_literal_pest};

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/verordening.pest"]
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

/// A parsed wijzigingsbesluit, or None when it did not parse (the diagnostics say why).
pub struct BesluitParse {
    pub besluit: Option<Besluit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse a wijzigingsbesluit (a `.wb` file). No recovery: a besluit is short, and one that
/// does not parse is not applied at all (half a besluit would give a state nobody adopted).
pub fn parse_besluit(src: &str, file: FileId) -> BesluitParse {
    let mut b = Builder {
        src,
        base: 0,
        file,
        diags: Vec::new(),
        pending: Vec::new(),
        expr_level: 0,
    };
    if src.len() > MAX_SOURCE_LEN || too_deep(src).is_some() {
        b.diags.push(
            Diagnostic::new(
                Code::Bestand,
                file,
                Span::new(0, 0),
                "het wijzigingsbesluit is te groot of te diep genest",
            )
            .help("een wijzigingsbesluit past ruim in 8 MiB en nest niet dieper dan 64"),
        );
        return BesluitParse {
            besluit: None,
            diagnostics: b.diags,
        };
    }
    let besluit = match Grammar::parse(Rule::besluit_file, src) {
        Ok(mut pairs) => pairs.next().map(|p| b.besluit(p)),
        Err(e) => {
            b.syntax_error(e, 0);
            None
        }
    };
    BesluitParse {
        besluit,
        diagnostics: b.diags,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WbKey {
    Regeling,
    Vastgesteld,
    Bekendgemaakt,
    Inwerkingtreding,
    Terugwerkend,
    Onbekend,
}

fn key_span_text(src: &str, span: Span) -> &str {
    src.get(span.start as usize..span.end as usize)
        .unwrap_or("")
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
            | Rule::kw_waarbij
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

/// An edge of a pair in the token stream: where it starts, or its rule and where it ends.
#[derive(Debug, PartialEq)]
enum Edge {
    Start(usize),
    End(Rule, usize),
}

/// The tokens inside a pair from the last one back, as `pair.tokens().rev().skip(1)` gives
/// them (the pair's own end left out, its own start last), walked through the children
/// instead: pest's `tokens()` checks the whole token queue of the file in a build with debug
/// assertions (the tests, the fuzz targets), which made [`Builder::span`] quadratic there
/// (29 % of the `check` fuzz target's time). Lazy: the caller stops after a few tokens.
struct TokensBack<'i> {
    /// Per open pair: its children not yet walked (from the back) and where it starts.
    stack: Vec<(std::iter::Rev<pest::iterators::Pairs<'i, Rule>>, usize)>,
}

impl<'i> TokensBack<'i> {
    fn of(pair: &Pair<'i, Rule>) -> Self {
        let start = pair.as_span().start();
        TokensBack {
            stack: vec![(pair.clone().into_inner().rev(), start)],
        }
    }
}

impl Iterator for TokensBack<'_> {
    type Item = Edge;

    fn next(&mut self) -> Option<Edge> {
        let (children, _) = self.stack.last_mut()?;
        match children.next() {
            Some(child) => {
                let span = child.as_span();
                let rule = child.as_rule();
                self.stack.push((child.into_inner().rev(), span.start()));
                Some(Edge::End(rule, span.end()))
            }
            None => self.stack.pop().map(|(_, start)| Edge::Start(start)),
        }
    }
}

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
        let mut tokens = TokensBack::of(pair);
        while let Some(t) = tokens.next() {
            match t {
                Edge::End(Rule::COMMENT, pos) => {
                    let Some(Edge::Start(from)) = tokens.next() else {
                        break;
                    };
                    if trim_trivia_end(src, from, pos) != end {
                        break;
                    }
                    end = trim_trivia_end(src, start, from);
                }
                Edge::End(_, pos) | Edge::Start(pos) if pos > end => {}
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(t: pest::Token<'_, Rule>) -> Edge {
        match t {
            pest::Token::Start { pos, .. } => Edge::Start(pos.pos()),
            pest::Token::End { rule, pos } => Edge::End(rule, pos.pos()),
        }
    }

    /// `TokensBack` walks every pair of the shipped model and of a file with comments in
    /// trailing trivia exactly as pest's reversed `tokens()` does.
    #[test]
    fn tokens_back_is_tokens_reversed() {
        let model = include_str!("../../../../../ordinances/vng/model-2023.vo");
        let small = "verordening \"x\" {\n  gemeente \"y\" # c\n}\n# a\nartikel 1 \"A\" {\n  lid 1 { tekst \"t\" } # b\n  # c\n}\n";
        for text in [model, small] {
            let parsed = Grammar::parse(Rule::file, text);
            assert!(parsed.is_ok(), "the test text parses");
            let Ok(pairs) = parsed else { return };
            let mut all: Vec<Pair<'_, Rule>> = pairs.collect();
            let mut n = 0;
            while let Some(p) = all.pop() {
                let want: Vec<Edge> = p.clone().tokens().rev().skip(1).map(edges).collect();
                let got: Vec<Edge> = TokensBack::of(&p).collect();
                assert_eq!(got, want, "{:?} at {}", p.as_rule(), p.as_span().start());
                all.extend(p.into_inner());
                n += 1;
            }
            assert!(n > 10);
        }
    }
}
