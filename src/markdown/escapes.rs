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
    // The mark's first byte (0xEE, after the `{{`) is rare in text, and one byte is the
    // fastest search: the search for the whole `{{` and mark starts two bytes before it.
    let mark_start = ESCAPE_OPEN.as_bytes()[2];
    let from = memchr::memchr(mark_start, bytes).map_or(bytes.len(), |at| at.saturating_sub(2));
    memchr::memmem::find_iter(&bytes[from..], ESCAPE_OPEN.as_bytes()).filter_map(move |found| {
        let at = from + found;
        match bytes.get(at + ESCAPE_OPEN.len()) {
            Some(&delim @ (b'<' | b'%')) => Some((at, delim)),
            _ => None,
        }
    })
}
