//! Emoji shortcodes (`:smile:`), as Hugo reads them: the `emojify` template function and,
//! with the site's `enableEmoji`, the text of every page (Hugo's Goldmark emoji extension,
//! which leaves code, link destinations and HTML alone).
//!
//! The names are GitHub's (gemoji), the set both of Hugo's emoji tables follow; the
//! lookup is the `emojis` crate's.

use std::ops::Range;

/// The emoji a shortcode name stands for (`smile` → `😄`); `None` for an unknown name.
pub fn lookup(name: &str) -> Option<&'static str> {
    emojis::get_by_shortcode(name).map(emojis::Emoji::as_str)
}

/// The `:name:` shortcodes of `text` that name an emoji, with their byte ranges (colons
/// included) and emoji, in order and without overlap. A name is ASCII letters, digits,
/// `_`, `+` and `-`, as Goldmark's emoji extension reads it; `:not-an-emoji:` is left.
pub fn find_shortcodes(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b':', &bytes[at..]) {
        let open = at + offset;
        let name_len = bytes[open + 1..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
            .count();
        let close = open + 1 + name_len;
        let name =
            (name_len > 0 && bytes.get(close) == Some(&b':')).then(|| &text[open + 1..close]);
        if let Some(emoji) = name.and_then(lookup) {
            found.push((open..close + 1, emoji));
            at = close + 1;
            continue;
        }
        at = open + 1;
    }
    found
}

/// Whether `enabled` and `text` has an emoji shortcode to replace.
pub fn applies(enabled: bool, text: &str) -> bool {
    enabled && !find_shortcodes(text).is_empty()
}

/// `text` with its emoji shortcodes replaced by their emoji.
pub fn replace_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, emoji) in find_shortcodes(text) {
        out.push_str(&text[last..range.start]);
        out.push_str(emoji);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_are_found_between_colons_and_unknown_names_are_left() {
        let text = "a :smile: b:+1:c :no_such_emoji: :: :smile";
        let found: Vec<_> = find_shortcodes(text)
            .into_iter()
            .map(|(range, emoji)| (&text[range], emoji))
            .collect();
        assert_eq!(found, [(":smile:", "😄"), (":+1:", "👍")]);
    }

    #[test]
    fn a_colon_that_does_not_close_a_name_can_open_the_next() {
        let text = "time 10:30 :heavy_check_mark:";
        let found: Vec<_> = find_shortcodes(text).into_iter().map(|(r, _)| r).collect();
        assert_eq!(found, vec![11..29]);
    }
}
