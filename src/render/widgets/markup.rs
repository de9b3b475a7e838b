//! Writing blocks into the page: HTML that carries Markdown (with the blank lines mdBook
//! needs around the Markdown), fenced code, icons, and Hugo's de-indentation of bodies.

use crate::icons;
use crate::render::RenderContext;
use crate::render::safe::class_list;

/// Ends `out` with a blank line (or leaves it empty), so a block can start there.
pub(crate) fn start_block(out: &mut String) {
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        if out.ends_with('\n') || !out.ends_with([' ', '\t']) {
            out.push('\n');
        } else {
            out.pop();
        }
    }
}

/// Writes `open` (HTML, one or more lines), the Markdown `body`, and `close` as one block:
/// mdBook renders Markdown inside HTML only with a blank line on each side of it.
pub(crate) fn html_with_markdown(out: &mut String, open: &str, body: &str, close: &str) {
    start_block(out);
    out.push_str(open.trim_end_matches('\n'));
    out.push('\n');
    let body = trim_blank_lines(body);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push_str("\n\n");
    }
    out.push_str(close.trim_end_matches('\n'));
    out.push('\n');
}

/// `text` without its leading and trailing blank lines; the first line keeps its
/// indentation, so an indented fence or code block in a body stays what it is (Hugo's
/// templates hand `.Inner` to Markdown as written).
pub(crate) fn trim_blank_lines(text: &str) -> &str {
    // The first line kept starts after the last line break before the first character
    // that is not whitespace.
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            start = i + 1;
        } else if !c.is_whitespace() {
            break;
        }
    }
    text[start..].trim_end()
}

/// The lines of `text` as [`str::lines`] gives them (a `\r` before a `\n` dropped too),
/// each line break found with `memchr`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Writes a block of HTML that holds no Markdown.
pub(crate) fn html_block(out: &mut String, html: &str) {
    start_block(out);
    out.push_str(html.trim_end_matches('\n'));
    out.push('\n');
}

/// Writes a fenced code block whose fence is longer than any backtick run in `code`.
pub(crate) fn fenced_code(out: &mut String, info: &str, code: &str) {
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    start_block(out);
    out.push_str(&fence);
    out.push_str(info);
    out.push('\n');
    out.push_str(code);
    if !code.is_empty() {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
}

/// Hugo's `.InnerDeindent`: removes the tag's indentation from every body line.
pub(crate) fn deindent(body: &str, indent: &str) -> String {
    if indent.is_empty() {
        return body.to_string();
    }
    body.lines()
        .map(|line| line.strip_prefix(indent).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Font Awesome 6 `<i>` mdBook draws for an icon parameter: a bare name (`rocket`,
/// Doks' `brand-github`) or Font Awesome classes (`fab fa-github`). An icon mdBook does not
/// have is a warning at `offset`.
pub(crate) fn icon_html(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    shortcode: &str,
    icon: &str,
) -> Option<String> {
    let icon = icon.trim();
    if icon.is_empty() {
        return None;
    }
    let classes = if icon.contains("fa-") {
        class_list(icon)
    } else if let Some(brand) = icon.strip_prefix("brand-") {
        class_list(&format!("fa-brands fa-{brand}"))
    } else {
        class_list(&format!("fa-solid fa-{icon}"))
    };
    let classes = if icons::is_font_awesome(&classes) {
        classes
    } else {
        format!("fa-solid {classes}")
    };
    match icons::resolve(&classes) {
        Ok(Some(found)) => Some(found.to_html()),
        Ok(None) => None,
        Err(unknown) => {
            ctx.warn(
                offset,
                format!(
                    "{shortcode}: icon `{}` has no Font Awesome 6 equivalent in mdBook; \
                     left out",
                    unknown.written
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_inside_html_gets_blank_lines() {
        let mut out = String::from("Text");
        html_with_markdown(&mut out, "<div class=\"x\">", "\n*body*\n", "</div>");
        assert_eq!(out, "Text\n\n<div class=\"x\">\n\n*body*\n\n</div>\n");
    }

    /// `trim_blank_lines` as it read the text line by line, before it was one scan.
    fn trim_blank_lines_by_lines(text: &str) -> &str {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if !line.trim().is_empty() {
                break;
            }
            start += line.len();
        }
        text[start..].trim_end()
    }

    proptest::proptest! {
        /// `lines` splits as `str::lines` does, and `trim_blank_lines` trims as reading
        /// line by line does, on text of blanks, line breaks and carriage returns.
        #[test]
        fn line_helpers_agree_with_the_standard_ones(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "\n", "\r", "\r\n", " ", "\t", "\u{a0}", "\u{2028}", "x", "é",
            ][..]), 0..24),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
            proptest::prop_assert_eq!(trim_blank_lines(&text), trim_blank_lines_by_lines(&text));
        }
    }

    #[test]
    fn fences_outgrow_backticks_in_the_code() {
        let mut out = String::new();
        fenced_code(&mut out, "md", "````\nx\n````");
        assert!(out.starts_with("`````md\n"), "{out}");
    }
}
