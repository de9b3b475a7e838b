//! Small HTML helpers: escaping for text and attributes, and a start-tag scanner that gives
//! the byte spans of attribute values so links and icons can be fixed in place inside HTML
//! we do not otherwise touch.

use std::borrow::Cow;
use std::ops::Range;

/// Escapes text content (`&`, `<`, `>`, and line breaks, so that a value with a blank line
/// cannot end the Markdown HTML block it is written into).
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Escapes an attribute value (also `"` and `'`).
pub fn escape_attr(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Escapes `&`, `<`, `>`, `"` and `'` but keeps line breaks: for a template, whose author
/// knows where the value lands (in a code block a `&#10;` would show).
pub fn escape_keeping_lines(text: &str) -> Cow<'_, str> {
    escape_with(text, true, false)
}

fn escape(text: &str, quotes: bool) -> Cow<'_, str> {
    escape_with(text, quotes, true)
}

fn escape_with(text: &str, quotes: bool, lines: bool) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>')
            || (lines && matches!(c, '\n' | '\r'))
            || (quotes && matches!(c, '"' | '\''))
    };
    if !text.contains(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' if lines => out.push_str("&#10;"),
            '\r' if lines => out.push_str("&#13;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The raw value (entities not decoded), if the attribute has one.
    pub value: Option<&'a str>,
    /// Where the raw value sits in the scanned text.
    pub value_span: Option<Range<usize>>,
}

/// A start tag found by [`start_tags`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// The element name, as written.
    pub name: &'a str,
    /// From `<` to `>` inclusive.
    pub span: Range<usize>,
    /// The attributes in source order.
    pub attributes: Vec<Attribute<'a>>,
}

impl<'a> StartTag<'a> {
    /// The attribute called `name` (ASCII case-insensitive).
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Every start tag in an HTML fragment, skipping comments, end tags and declarations.
pub fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + found;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            pos = rest.find("-->").map_or(html.len(), |i| at + i + 3);
            continue;
        }
        match bytes.get(at + 1) {
            Some(b) if b.is_ascii_alphabetic() => {
                let (tag, end) = scan_start_tag(html, at);
                tags.extend(tag);
                pos = end;
            }
            _ => pos = at + 1,
        }
    }
    tags
}

/// The index just past the end tag `</name>` if only whitespace separates `from` from it.
pub fn empty_element_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let rest = &html[from..];
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    let close = trimmed.strip_prefix("</")?;
    let after_name = close.get(..name.len())?;
    if !after_name.eq_ignore_ascii_case(name) {
        return None;
    }
    let tail = close[name.len()..].trim_start();
    tail.starts_with('>')
        .then(|| html.len() - tail.len() + 1)
        .filter(|_| skipped <= rest.len())
}

fn scan_start_tag(html: &str, at: usize) -> (Option<StartTag<'_>>, usize) {
    let bytes = html.as_bytes();
    let name_end = (at + 1..bytes.len())
        .find(|&i| !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-'))
        .unwrap_or(bytes.len());
    let name = &html[at + 1..name_end];
    let mut attributes = Vec::new();
    let mut i = name_end;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (None, bytes.len()),
            Some(b'>') => {
                let tag = StartTag {
                    name,
                    span: at..i + 1,
                    attributes,
                };
                return (Some(tag), i + 1);
            }
            Some(_) => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' | b'=')
        {
            i += 1;
        }
        let attr_name = &html[attr_start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attributes.push(Attribute {
                name: attr_name,
                value: None,
                value_span: None,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value_span, next) = match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(quote, &bytes[j + 1..]).map_or(bytes.len(), |e| j + 1 + e);
                (j + 1..end, (end + 1).min(bytes.len()))
            }
            _ => {
                let end = (j..bytes.len())
                    .find(|&k| bytes[k].is_ascii_whitespace() || bytes[k] == b'>')
                    .unwrap_or(bytes.len());
                (j..end, end)
            }
        };
        attributes.push(Attribute {
            name: attr_name,
            value: Some(&html[value_span.clone()]),
            value_span: Some(value_span),
        });
        i = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_text_and_attributes() {
        assert_eq!(escape_text("a < b & c"), "a &lt; b &amp; c");
        assert_eq!(escape_text("a\n\nb"), "a&#10;&#10;b");
        assert_eq!(
            escape_attr("say \"hi\" 'x'"),
            "say &quot;hi&quot; &#39;x&#39;"
        );
        assert!(matches!(escape_text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn scans_attributes_with_spans() {
        let html = "<!-- <a href=\"/no\"> --><a class=x href=\"/what\" data-x='1' hidden>t</a><img src=/a.png>";
        let tags = start_tags(html);
        assert_eq!(tags.len(), 2);
        let href = tags[0].attribute("HREF").unwrap();
        assert_eq!(href.value, Some("/what"));
        assert_eq!(&html[href.value_span.clone().unwrap()], "/what");
        assert_eq!(tags[0].attribute("class").unwrap().value, Some("x"));
        assert_eq!(tags[0].attribute("hidden").unwrap().value, None);
        assert_eq!(tags[1].attribute("src").unwrap().value, Some("/a.png"));
    }

    #[test]
    fn finds_the_end_of_empty_elements() {
        let html = "<span class=\"fas fa-x\"> </span>rest";
        let tag = &start_tags(html)[0];
        let end = empty_element_end(html, tag.span.end, "span").unwrap();
        assert_eq!(&html[end..], "rest");
        assert_eq!(empty_element_end("<i>x</i>", 3, "i"), None);
    }
}
