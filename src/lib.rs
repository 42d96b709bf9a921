//! The command-line program `verordening`: one module per command in [`cli`], each a thin
//! consumer of the library crates.
//!
//! The library crates are re-exported here under the program's name, so that the tests,
//! benchmarks, examples and fuzz targets of this package reach the whole pipeline as
//! `verordening::…`: [`verordening_core`] (syntax, check, eval, render, diff, fmt, import,
//! besluit, diagnostics) at the root, the language server as [`lsp`] and the HTTP server as
//! [`serve`].

pub mod cli;

pub use verordening_core::*;
pub use verordening_lsp as lsp;
pub use verordening_serve as serve;
