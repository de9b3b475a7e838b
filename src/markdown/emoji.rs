//! With `emoji` on (the site's `enableEmoji`), the `:name:` shortcodes of a page's text
//! become their emoji ([`crate::emoji`]), as Hugo's Goldmark emoji extension writes them:
//! in text, link text and headings; never in code, HTML or link destinations.

use super::Pass;
use std::ops::Range;

impl Pass<'_> {
    /// Queues the emoji of the text event at `range` (text outside code blocks).
    pub(super) fn emojify(&mut self, markdown: &str, range: Range<usize>) {
        if !self.emoji {
            return;
        }
        // Another edit of this text (a bare URL made a link) keeps the text as written.
        if self
            .edits
            .last()
            .is_some_and(|(edited, _)| edited.end > range.start)
        {
            return;
        }
        for (found, emoji) in crate::emoji::find_shortcodes(&markdown[range.clone()]) {
            let at = range.start + found.start..range.start + found.end;
            self.edits.push((at, emoji.to_string()));
        }
    }
}
