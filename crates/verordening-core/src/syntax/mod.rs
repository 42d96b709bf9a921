//! Syntax: grammar → typed AST with spans and trivia.

pub mod ast;
mod end_of_line;
pub mod notation;
mod parse;
pub mod place;
pub mod textref;

pub use ast::*;
pub use parse::{
    parse, parse_besluit, parse_date, parse_literal, parse_literal_pest, pest_only, BesluitParse,
    ParseResult, MAX_SOURCE_LEN,
};
// Positions live on the ground floor (`crate::span`), below diagnostics; the parser's
// users keep reaching them here.
pub use crate::span::{self, Span};
