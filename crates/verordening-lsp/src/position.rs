//! Byte offsets (our spans) ↔ LSP positions (line and UTF-16 code unit column).
//!
//! LSP counts columns in UTF-16 code units by default, so `€`, `ë` and `°` (one code unit,
//! two or three bytes) and characters outside the BMP (two code units) must be converted, not
//! copied. Every conversion clamps: a position past the end of a line lands at its end, a
//! position inside a surrogate pair at the start of the character, an offset that is out of
//! range or inside a character at the nearest character boundary before it.

use lsp_types::{Position, Range};
use verordening_core::syntax::Span;

/// Line starts of one text, for repeated conversions.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line. Lines end at `\n`; a `\r` before it belongs to
    /// the line's end, not its content.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The content of line `line` (without its line break), with its start offset.
    fn line(&self, line: usize) -> Option<(usize, &'a str)> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .map(|next| next.saturating_sub(1))
            .unwrap_or(self.text.len());
        let content = self.text.get(start..end).unwrap_or("");
        Some((start, content.strip_suffix('\r').unwrap_or(content)))
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column: usize = self
            .text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(column))
    }

    /// The byte offset of an LSP position.
    pub fn offset(&self, pos: Position) -> usize {
        let Some((start, content)) = self.line(pos.line as usize) else {
            return self.text.len();
        };
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + content.len()
    }

    pub fn range(&self, span: Span) -> Range {
        let start = self.position(span.start as usize);
        let end = self.position((span.end as usize).max(span.start as usize));
        Range::new(start, end)
    }

    /// The range of the whole text.
    pub fn full_range(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        let text = "invulling a = € 100 # ë\n  \"𝄞x\"\r\nlaatste";
        let idx = LineIndex::new(text);
        let euro_after = text.find(" 100").unwrap_or(0);
        assert_eq!(idx.position(euro_after), Position::new(0, 15));
        assert_eq!(idx.offset(Position::new(0, 15)), euro_after);
        // After the surrogate pair: column 3 + 2.
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.position(x), Position::new(1, 5));
        assert_eq!(idx.offset(Position::new(1, 5)), x);
        // Inside the surrogate pair: the start of the character.
        assert_eq!(idx.offset(Position::new(1, 4)), x - 4);
        // Past the end of a line: its end, before "\r\n".
        assert_eq!(
            idx.offset(Position::new(1, 99)),
            text.find("\r\n").unwrap_or(0)
        );
        // Past the last line: the end of the text.
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
        // Offsets inside a character or out of range are clamped.
        assert_eq!(idx.position(euro_after - 1), Position::new(0, 14));
        assert_eq!(idx.position(10_000), Position::new(2, 7));
    }
}
