//! Source files and the mapping from byte offsets to `line:column` positions.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A chapter's original text plus what is needed to point into it.
///
/// Line starts are computed lazily, on the first position lookup, because most chapters
/// never produce a diagnostic.
#[derive(Debug)]
pub struct SourceFile {
    /// Path shown in diagnostics (relative to the book root where possible).
    pub display_path: PathBuf,
    /// The full original text, front matter included.
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl SourceFile {
    /// Wraps `text` read from `display_path`, with its line endings made `\n` and a byte
    /// order mark dropped ([`normalize`]).
    pub fn new(display_path: impl AsRef<Path>, text: String) -> Self {
        SourceFile {
            display_path: display_path.as_ref().to_path_buf(),
            text: normalize(text),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The position of byte `offset` (clamped to the text and to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line_index = starts.partition_point(|&start| start <= offset) - 1;
        let line_start = starts[line_index];
        let col = self.text[line_start..offset].chars().count() + 1;
        Position {
            line: line_index + 1,
            col,
        }
    }

    /// The byte offset of `position` (the inverse of [`SourceFile::position`]), clamped to
    /// its line.
    pub fn offset(&self, position: Position) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(position.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        start
            + line
                .char_indices()
                .nth(position.col.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// `text` with Windows line endings (`\r\n`) made `\n` and a leading byte order mark
/// dropped, so that a file saved on Windows converts exactly as the same file with `\n`
/// does (Hugo reads both alike). Line numbers are unchanged; columns too, since a `\r`
/// only ever stood at the end of a line. Text without either is returned as it is.
pub fn normalize(text: String) -> String {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // Most files have no `\r` at all, which one byte's search finds fastest.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n")
}

/// A relative path with `/` separators, as chapters are keyed and Hugo names files
/// (`what/_index.md` on every platform).
pub fn path_to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest char boundary at or before `index`.
pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let file = SourceFile::new("a.md", "ab\néé x\n\nlast".to_string());
        assert_eq!(file.position(0), Position { line: 1, col: 1 });
        assert_eq!(file.position(3), Position { line: 2, col: 1 });
        // "éé " is 5 bytes and 3 characters.
        assert_eq!(file.position(8), Position { line: 2, col: 4 });
        assert_eq!(file.position(11), Position { line: 4, col: 1 });
        assert_eq!(file.line_text(2), "éé x");
        assert_eq!(file.line_text(3), "");
        assert_eq!(file.line_text(4), "last");
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let file = SourceFile::new("a.md", "é".to_string());
        assert_eq!(file.position(1), Position { line: 1, col: 1 });
        assert_eq!(file.position(99), Position { line: 1, col: 2 });
    }
}
