//! Whole-document formatting with `verordening fmt`'s formatter: one edit replacing the text,
//! none when it is already in the canonical layout. A file with syntax errors is not formatted
//! (the formatter would have to guess at the broken part).

use super::position::LineIndex;
use lsp_types::TextEdit;
use verordening_core::diagnostics::FileId;
use verordening_core::fmt::format_file;
use verordening_core::syntax::parse;

/// The edits that format `text`, or None if it has syntax errors.
pub fn format(text: &str) -> Option<Vec<TextEdit>> {
    let parsed = parse(text, FileId(0));
    if parsed.has_errors() {
        return None;
    }
    let formatted = format_file(&parsed.file);
    if formatted == text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(
        LineIndex::new(text).full_range(),
        formatted,
    )])
}
