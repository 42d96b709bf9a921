//! The language server (`verordening lsp`): diagnostics as you type, hover with the legal
//! text, go to definition, completion, the outline and formatting, over stdio.
//!
//! Built on the same pipeline as the command line: an open document is loaded with its layers
//! by [`verordening_core::project::Project`] (open buffers stand in for files on disk), checked by
//! [`verordening_core::check`], and every answer is read from that one analysis.
//!
//! | module | what |
//! |---|---|
//! | `server` | lifecycle and dispatch |
//! | `transport` | JSON-RPC framing, tolerant of malformed input |
//! | `documents` | the open documents |
//! | `position` | byte offsets ↔ LSP positions (UTF-16 columns) |
//! | `analysis` | one document loaded and checked |
//! | `locate`, `resolve` | what is at a position, and what it refers to |
//! | `legal` | the rendered legal text of an article or lid |
//! | `diagnostics`, `hover`, `definition`, `completion`, `symbols`, `formatting` | the features |

mod analysis;
mod completion;
mod definition;
mod diagnostics;
mod documents;
mod formatting;
mod history;
mod hover;
mod legal;
mod locate;
mod position;
mod resolve;
mod server;
mod symbols;
mod transport;

pub use server::run;

/// Serve over stdin and stdout. Returns whether the client shut the server down properly.
pub fn run_stdio() -> std::io::Result<bool> {
    let stdin = std::io::BufReader::new(std::io::stdin());
    run(stdin, std::io::stdout().lock())
}
