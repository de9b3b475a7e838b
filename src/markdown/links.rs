//! The pass's link visitor: inline links and images, reference definitions and bare URLs
//! (linkify), whose destinations [`crate::link`] resolves; and the helpers that find a
//! destination in the source.

use super::*;

impl Pass<'_> {
    /// Rewrites one URL if it needs it; `None` when it stays as it is.
    pub(super) fn fix_url(&mut self, url: &str, out_offset: usize) -> Option<String> {
        match link::rewrite(self.site, self.page_index, url) {
            UrlFix::Keep => None,
            UrlFix::Replace(new) => Some(new),
            UrlFix::Dead => {
                self.report(
                    out_offset,
                    format!("link to `{url}` does not lead to any page or file of the book"),
                );
                None
            }
        }
    }

    pub(super) fn inline_link(&mut self, markdown: &str, range: Range<usize>, dest: &str) {
        if let Some(span) = inline_destination(markdown, range)
            && let Some(new) = self.fix_url(dest, span.start)
        {
            self.edits.push((span, new));
        }
    }

    pub(super) fn reference_definition(&mut self, markdown: &str, span: Range<usize>, dest: &str) {
        let text = &markdown[span.clone()];
        let Some(colon) = text.find("]:") else { return };
        let start = span.start + colon + 2;
        if let Some((found, _)) = destination_at(markdown, start)
            && let Some(new) = self.fix_url(dest, found.start)
        {
            self.edits.push((found, new));
        }
    }

    /// Bare URLs in text (`https://x.org/a`, `www.x.org`, which Hugo 0.168 links to
    /// `https://`) become links, as Hugo's Goldmark linkify (on by default) makes them; mdBook's parser has no linkify. Trailing
    /// punctuation and an unbalanced `)` stay outside, as in GFM's autolink extension.
    /// (Pages without a `://` or `www.` at all skip it: [`may_have_bare_urls`].)
    pub(super) fn linkify(&mut self, markdown: &str, range: Range<usize>) {
        let text = &markdown[range.clone()];
        if !text.contains("://") && !text.contains("www.") {
            return;
        }
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let Some(found) = ["https://", "http://", "www."]
                .iter()
                .filter_map(|p| rest.find(p))
                .min()
            else {
                break;
            };
            let start = at + found;
            let boundary = markdown[..range.start + start]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '*' | '_' | '~'));
            let end = start + url_length(&text[start..]);
            // A URL the parser split into several text pieces (`a_(b)`) is left alone.
            let cut = end == text.len()
                && markdown[range.end..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '<');
            let url = &text[start..end];
            let host_ok = url
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .contains('.')
                || url.starts_with("http");
            if boundary && !cut && end > start + 4 && host_ok {
                let link = if url.starts_with("www.") {
                    format!("[{url}](https://{url})")
                } else {
                    format!("<{url}>")
                };
                self.edits
                    .push((range.start + start..range.start + end, link));
            }
            at = end.max(start + 1);
        }
    }
}

/// How much of `text` (starting with a URL) the URL takes: up to whitespace or `<`, less
/// trailing punctuation and an unbalanced `)`.
pub(super) fn url_length(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let Some(last) = url.chars().next_back() else {
            return 0;
        };
        let unbalanced = last == ')' && url.matches(')').count() > url.matches('(').count();
        if matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '*' | '_' | '~' | '\'' | '"'
        ) || unbalanced
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// The source span of the destination of the inline link or image `[text](dest "title")`
/// that spans `range`, found by its syntax: the first `](` after which a destination, an
/// optional title and `)` end the link exactly (a `](` inside the text or the title is
/// not taken for it). The destination as written may differ from the parsed one (escapes,
/// entities), so it is never searched for by its text.
pub(super) fn inline_destination(markdown: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = &markdown[range.clone()];
    // Each `]` followed by `(`: cheaper than building a `memmem` searcher per link.
    let bytes = text.as_bytes();
    let mut opens = memchr::memchr_iter(b']', bytes).filter(|&at| bytes.get(at + 1) == Some(&b'('));
    opens.find_map(|open| {
        let (span, after) = destination_at(markdown, range.start + open + 2)?;
        let rest = markdown[after..range.end].trim_start();
        let rest = skip_title(rest).trim_start();
        (rest == ")").then_some(span)
    })
}

/// The destination starting at `at` after optional whitespace: `<...>` (span inside the
/// brackets) or a run without spaces whose parentheses balance. Returns the span and the
/// offset just past the destination.
pub(super) fn destination_at(markdown: &str, at: usize) -> Option<(Range<usize>, usize)> {
    let rest = &markdown[at..];
    let start = at + (rest.len() - rest.trim_start().len());
    let bytes = markdown.as_bytes();
    if bytes.get(start) == Some(&b'<') {
        let mut i = start + 1;
        while i < bytes.len() && !matches!(bytes[i], b'>' | b'\n' | b'<') {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        return (bytes.get(i) == Some(&b'>')).then(|| (start + 1..i, i + 1));
    }
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            _ => {}
        }
        i += 1;
    }
    let end = i.min(bytes.len());
    (end > start).then_some((start..end, end))
}

/// `text` after a link title (`"..."`, `'...'` or `(...)`) at its start, if it has one.
pub(super) fn skip_title(text: &str) -> &str {
    let (open, close) = match text.as_bytes().first() {
        Some(b'"') => ('"', '"'),
        Some(b'\'') => ('\'', '\''),
        Some(b'(') => ('(', ')'),
        _ => return text,
    };
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == close && !escaped => return &text[i + 1..],
            c if c == open && open == '(' && !escaped => return text,
            _ => escaped = false,
        }
    }
    text
}

/// Whether `markdown` has a `://` or a `www.` anywhere: only then can
/// [`Pass::linkify`] find a bare URL in one of its texts.
pub(super) fn may_have_bare_urls(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    // A `:` is rare in prose: finding each with `memchr` costs less than a three-byte search.
    memchr::memchr_iter(b':', bytes).any(|at| bytes[at + 1..].starts_with(b"//"))
        || memchr::memmem::find(bytes, b"www.").is_some()
}
