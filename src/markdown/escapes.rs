//! The pass's escape-mark visitor: the marks the shortcode renderer leaves for escaped
//! shortcodes become their final text (dropped in code, an entity elsewhere).

use super::*;

impl Pass<'_> {
    /// Turns each escape mark into its final text: dropped in code, an entity elsewhere.
    pub(super) fn escapes(&mut self, markdown: &str) {
        for (at, delim) in escape_marks(markdown) {
            let mark = at + 2..at + 2 + ESCAPE_MARK.len_utf8();
            if self.code.iter().any(|r| r.start <= at && at < r.end) {
                self.edits.push((mark, String::new()));
            } else {
                let entity = if delim == b'%' { "&#37;" } else { "&lt;" };
                self.edits
                    .push((mark.start..mark.end + 1, entity.to_string()));
            }
        }
    }
}

/// Where the renderer marked an escaped shortcode: the offset of its `{{` and the
/// delimiter byte (`<` or `%`) after the mark. A U+E000 the author wrote is not a mark.
pub(super) fn escape_marks(markdown: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = markdown.as_bytes();
    memchr::memmem::find_iter(bytes, ESCAPE_OPEN.as_bytes()).filter_map(move |at| {
        match bytes.get(at + ESCAPE_OPEN.len()) {
            Some(&delim @ (b'<' | b'%')) => Some((at, delim)),
            _ => None,
        }
    })
}
