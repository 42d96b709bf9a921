//! verordening: a declarative rule language for the Re-integratieverordening
//! Participatiewet, with its checker, interpreter and tools.
//!
//! The pipeline: [`syntax`] (grammar → AST with spans) → [`project`] (load a file and the
//! layers it builds on) → [`check`] (names, types, units, model conformance, bounds) →
//! the tools. Diagnostics from every phase are [`diagnostics::Diagnostic`]s.

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod project;
pub mod quantity;
pub mod render;
pub mod syntax;
pub mod value;
