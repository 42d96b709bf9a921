//! Syntax: grammar → typed AST with spans and trivia.

pub mod ast;
mod end_of_line;
mod parse;
pub mod span;
pub mod textref;

pub use ast::*;
pub use parse::{
    parse, parse_besluit, parse_date, parse_literal, pest_only, BesluitParse, ParseResult,
    MAX_SOURCE_LEN,
};
pub use span::Span;
