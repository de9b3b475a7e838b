//! Safety for shortcode parameters: every value that lands in the output is escaped for
//! where it lands (HTML text, attribute, URL, CSS, Markdown), script URLs are refused with a
//! warning, and Markdown-valued parameters lose their raw HTML.

use super::RenderContext;
use pulldown_cmark::{CowStr, Event, Parser, Tag};

/// Whether following `url` would run script: `javascript:`, `vbscript:`, and `data:` URLs
/// other than raster images. Whitespace and control characters are ignored, as browsers
/// ignore them in a scheme.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return false;
    };
    if scheme.is_empty() || scheme.contains(['/', '?', '#']) {
        return false;
    }
    match scheme {
        "javascript" | "vbscript" | "livescript" | "mocha" => true,
        "data" => ![
            "image/png",
            "image/gif",
            "image/jpeg",
            "image/webp",
            "image/avif",
        ]
        .iter()
        .any(|kind| rest.starts_with(kind)),
        _ => false,
    }
}

/// `url` trimmed, or `None` (with a warning at `offset`) when it is a script URL.
pub fn checked_url(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    shortcode: &str,
    param: &str,
    url: &str,
) -> Option<String> {
    if is_script_url(url) {
        ctx.warn(
            offset,
            format!("{shortcode}: refused the script URL in `{param}` ({url:?})"),
        );
        return None;
    }
    Some(url.trim().to_string())
}

/// The CSS class names in `value` (letters, digits, `_` and `-`); anything else is dropped.
pub fn class_list(value: &str) -> String {
    value
        .split_whitespace()
        .filter(|c| is_token(c))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `value` is a non-empty run of ASCII letters, digits, `_` and `-` (an id, a class,
/// a video id).
pub fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A CSS length such as `100%`, `640`, `20rem`; `None` for anything else.
pub fn css_length(value: &str) -> Option<String> {
    let value = value.trim();
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(number_end);
    let valid_number = !number.is_empty() && number.parse::<f64>().is_ok();
    let valid_unit = matches!(unit, "" | "px" | "em" | "rem" | "%" | "vh" | "vw");
    (valid_number && valid_unit).then(|| value.to_string())
}

/// An inline `style` value made only of plain declarations; `None` when it could load or run
/// anything (`url(`, `expression(`, `@import`, escapes, markup).
pub fn css_style(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let plain = value.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '#' | '%' | '.' | ',' | ':' | ';' | '-' | '(' | ')')
    });
    let dangerous = ["url(", "expression", "javascript", "@import", "image("]
        .iter()
        .any(|word| lower.contains(word));
    (plain && !dangerous).then(|| value.trim().to_string())
}

/// Escapes text so that Markdown shows it literally (a link text, a list item).
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if is_markdown_special(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The characters [`markdown_text`] escapes with a backslash.
fn is_markdown_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&' | '{' | '}'
    )
}

/// Whether [`markdown_text`] gives `text` back as it is: no line break and nothing to
/// escape (all of those are ASCII).
pub fn is_markdown_literal(text: &str) -> bool {
    text.bytes()
        .all(|b| !matches!(b, b'\n' | b'\r') && !is_markdown_special(char::from(b)))
}

/// A Markdown-valued parameter (a title) for a Markdown context: formatting kept, raw HTML
/// shown as text, on one line. A script link makes the whole value literal text, with a
/// warning.
pub fn markdown_param(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    text: &str,
) -> String {
    let text = text.trim().replace(['\n', '\r'], " ");
    if let Some(url) = script_link(&text) {
        ctx.warn(
            offset,
            format!("{name}: refused the script URL {url:?} in a parameter"),
        );
        return markdown_text(&text);
    }
    if !text.contains('<') {
        return text; // no raw HTML to show as text
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (event, range) in Parser::new_ext(&text, crate::markdown::options()).into_offset_iter() {
        if let Event::InlineHtml(_) | Event::Html(_) = event {
            out.push_str(&text[copied..range.start]);
            out.push_str(&text[range.clone()].replace('<', "&lt;"));
            copied = range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Renders a Markdown-valued parameter (a caption, a summary) to inline HTML, as Hugo's
/// `markdownify` does: raw HTML is shown as text and script links lose their target, with a
/// warning.
pub fn html_param(ctx: &mut RenderContext<'_>, offset: usize, name: &str, text: &str) -> String {
    if is_plain_words(text) {
        return text.to_string(); // no link to refuse, and no markup
    }
    if let Some(url) = script_link(text) {
        ctx.warn(
            offset,
            format!("{name}: refused the script URL {url:?} in a parameter"),
        );
    }
    markdown_to_html(text, false)
}

/// [`html_param`] for a value written inline in a paragraph, where Markdown still reads
/// the text between tags: its Markdown punctuation and newlines become character
/// references, so it cannot form a link or end the paragraph.
pub fn inline_html_param(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    text: &str,
) -> String {
    markdown_inert(&html_param(ctx, offset, name, text))
}

/// `html` whose text (outside tags) Markdown reads as plain text.
fn markdown_inert(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut in_tag = None;
    for c in html.chars() {
        match (in_tag, c) {
            (_, '\n') => out.push_str("&#10;"),
            (None, '<') => {
                in_tag = Some(None);
                out.push(c);
            }
            (Some(None), '>') => {
                in_tag = None;
                out.push(c);
            }
            (Some(None), '"' | '\'') => {
                in_tag = Some(Some(c));
                out.push(c);
            }
            (Some(Some(quote)), c) if c == quote => {
                in_tag = Some(None);
                out.push(c);
            }
            (None, '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '!' | '|' | '{' | '}') => {
                out.push_str(&format!("&#{};", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Renders Markdown to HTML; one paragraph comes out without its `<p>`. Unless
/// `allow_html`, raw HTML is escaped. Script links always lose their target.
pub fn markdown_to_html(text: &str, allow_html: bool) -> String {
    if is_plain_words(text) {
        return text.to_string();
    }
    parse_to_html(text, allow_html)
}

fn parse_to_html(text: &str, allow_html: bool) -> String {
    let events = Parser::new_ext(text, crate::markdown::options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !allow_html => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: defuse(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: defuse(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let trimmed = html.trim();
    let html = match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => trimmed,
    };
    without_blank_lines(html)
}

/// `html` with no blank line, which would end the HTML block the value is written into and
/// make the rest Markdown: a newline before a blank line (one in code) is written as
/// `&#10;`, which renders the same.
pub(crate) fn without_blank_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut lines = html.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        match lines.peek() {
            Some(next) if next.trim().is_empty() => out.push_str("&#10;"),
            Some(_) => out.push('\n'),
            None => {}
        }
    }
    out
}

/// One line of words and quiet punctuation, which Markdown renders as itself: the common
/// case of a tab label, a summary or a title, which then skips the parser.
fn is_plain_words(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(|b| *b != b' ')
        && bytes.iter().all(|&b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b',' | b'.' | b'?' | b'\'' | b'(' | b')' | b'/' | b';' | b'-'
                )
        })
}

fn defuse(url: CowStr<'_>) -> CowStr<'_> {
    if is_script_url(&url) {
        CowStr::Borrowed("")
    } else {
        url
    }
}

/// The first script URL a Markdown text links to, if any.
pub(super) fn script_link(text: &str) -> Option<String> {
    if !text.contains([':', '&']) {
        // A scheme needs a colon, written as itself or as an entity.
        return None;
    }
    Parser::new_ext(text, crate::markdown::options()).find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
            if is_script_url(&dest_url) =>
        {
            Some(dest_url.into_string())
        }
        _ => None,
    })
}

/// The text of a Markdown string without its markup, for `alt` attributes.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, crate::markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A Markdown link `[text](url)` that shows `text` literally and survives any URL: the
/// link's target is `url` exactly, since entities and backslash escapes, which Markdown
/// decodes in a destination, are escaped.
pub fn markdown_link(text: &str, url: &str) -> String {
    let mut dest = String::with_capacity(url.len() + 8);
    for (i, c) in url.char_indices() {
        match c {
            '&' if !is_entity(&url[i + 1..]) => dest.push('&'),
            '\\' | '&' => {
                dest.push('\\');
                dest.push(c);
            }
            ' ' | '<' | '>' => dest.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_ascii_control() => dest.push_str(&format!("%{:02X}", c as u32)),
            c => dest.push(c),
        }
    }
    format!("[{}](<{dest}>)", markdown_text(text))
}

/// Whether the text after a `&` makes it a character reference (`&colon;`, `&#58;`,
/// `&#x3A;`), which Markdown would decode.
fn is_entity(after: &str) -> bool {
    let Some((name, _)) = after.split_once(';') else {
        return false;
    };
    let digits = name
        .strip_prefix('#')
        .map(|n| n.strip_prefix(['x', 'X']).map_or((n, 10), |hex| (hex, 16)));
    match digits {
        Some((n, radix)) => !n.is_empty() && n.chars().all(|c| c.is_digit(radix)),
        None => !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_skip_the_parser_and_come_out_as_it_would_render_them() {
        for text in [
            "Email",
            "Why does this matter?",
            "Step 2 (optional), then go/no-go; done.",
            "It's the plan",
            "A b",
        ] {
            assert!(is_plain_words(text), "{text:?}");
            assert_eq!(markdown_to_html(text, false), parse_to_html(text, false));
        }
        for text in [
            "1. First",
            "- item",
            "# Title",
            "a *b*",
            "a_b_",
            "x  ",
            " indented",
            "a\nb",
            "a & b",
            "<b>",
            "a: b",
            "",
        ] {
            assert!(!is_plain_words(text), "{text:?}");
        }
    }

    #[test]
    fn script_links_are_found_even_when_the_colon_is_an_entity() {
        assert!(script_link("[x](javascript:alert(1))").is_some());
        assert!(script_link("[x](javascript&#58;alert(1))").is_some());
        assert!(script_link("[x](javascript&colon;alert(1))").is_some());
        assert!(script_link("[x](/safe/) and plain words").is_none());
    }

    #[test]
    fn script_urls_are_recognised_however_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg onload=x>",
        ] {
            assert!(is_script_url(url), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:x",
            "/what/",
            "roles.md#javascript:",
            "data:image/png;base64,AAAA",
            "mailto:a@b.c",
            "?q=javascript:x",
        ] {
            assert!(!is_script_url(url), "{url:?}");
        }
    }

    #[test]
    fn lengths_styles_and_classes_are_filtered() {
        assert_eq!(css_length("100%").as_deref(), Some("100%"));
        assert_eq!(css_length("640").as_deref(), Some("640"));
        assert_eq!(css_length("1e9px"), None);
        assert_eq!(css_length("10px\" onload=\"x"), None);
        assert_eq!(
            css_style("min-height: 80vh; border: none;").as_deref(),
            Some("min-height: 80vh; border: none;")
        );
        assert_eq!(css_style("background: url(x)"), None);
        assert_eq!(css_style("x\"><script>"), None);
        assert_eq!(class_list("a b-c \"><x d_e"), "a b-c d_e");
    }

    #[test]
    fn markdown_to_html_escapes_raw_html_and_defuses_script_links() {
        assert_eq!(markdown_to_html("The *hub*", false), "The <em>hub</em>");
        assert_eq!(
            markdown_to_html("<img src=x onerror=alert(1)>", false),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            markdown_to_html("[x](javascript:alert(1))", false),
            "<a href=\"\">x</a>"
        );
        assert_eq!(plain_text("The *hub* `x`"), "The hub x");
        assert_eq!(
            markdown_inert("<a href=\"a_b\" title='x>y'>[*x*]\n</a>"),
            "<a href=\"a_b\" title='x>y'>&#91;&#42;x&#42;&#93;&#10;</a>"
        );
        assert_eq!(
            markdown_to_html("~~~\na\n\n  \nb\n~~~", false),
            "<pre><code>a&#10;&#10;  \nb\n</code></pre>"
        );
    }

    #[test]
    fn a_markdown_literal_is_what_escaping_leaves_alone() {
        for text in [
            "1.2.3",
            "",
            "héllo wörld",
            "a-b (c) d.e",
            "x\ny",
            "a\rb",
            "a*b",
            "`x`",
            "a_b",
            "[x]",
            "<b>",
            "#1",
            "!",
            "a|b",
            "~",
            "&amp;",
            "{x}",
            "\\",
        ] {
            assert_eq!(
                is_markdown_literal(text),
                markdown_text(text) == text,
                "{text:?}"
            );
        }
    }

    #[test]
    fn markdown_text_is_shown_literally() {
        assert_eq!(markdown_text("a *b* [c]<d>"), "a \\*b\\* \\[c\\]\\<d\\>");
        assert_eq!(
            markdown_link("Roles & more", "a b.md"),
            "[Roles \\& more](<a%20b.md>)"
        );
        assert_eq!(
            markdown_link("x", "a&#58;b\\c\nd&#x3a;&colon;?a=1&b=2"),
            "[x](<a\\&#58;b\\\\c%0Ad\\&#x3a;\\&colon;?a=1&b=2>)"
        );
    }
}
