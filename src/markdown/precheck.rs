//! The pre-check of the Markdown pass: a cheap scan that says when a page has nothing the
//! pass could change, so that the page skips the Markdown parse. A book with no Hugo
//! markup (or a Hugo page with none left after rendering) costs one scan per page.

use super::escape_marks;
use crate::markdown::anchors::mdbook_id;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// Text whose presence anywhere may give the pass work: a `README` link, a Font Awesome
/// class, card markup, a callout and a bare URL (linkify). [`has_dot_trigger`] looks for
/// the rest (`www.`, a link to a Markdown file) in one scan.
const TRIGGERS: &[&str] = &["README", "readme", "fa-", "card", "[!", "://"];

/// [`TRIGGERS`]' searchers, built once rather than once per page.
static TRIGGER_FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| TRIGGERS.iter().map(Finder::new).collect());

/// A cheap test that skips the Markdown parse for pages with nothing to fix: no escaped
/// shortcode, no link that may be site-absolute or point at a Markdown file, no icon or card
/// markup, no fence whose info string may hold Goldmark attributes, no line that may be a
/// Goldmark attribute line, and no heading whose id could differ between Hugo and mdBook
/// (or, when the caller adds a title H1, no line that could be an H1 and no heading whose
/// id the title would take). It must say yes wherever the pass would edit: a property test
/// holds the output equal with and without it.
pub(super) fn needs_pass(markdown: &str, title: Option<&str>) -> bool {
    let bytes = markdown.as_bytes();
    escape_marks(markdown).next().is_some()
        || has_path_destination(bytes)
        || has_site_absolute_attribute(bytes)
        || TRIGGER_FINDERS.iter().any(|t| t.find(bytes).is_some())
        || has_dot_trigger(bytes)
        || has_braced_line(bytes)
        || has_fence_with_attributes(bytes)
        || has_lone_carriage_return(bytes)
        || has_differing_heading(markdown, title)
}

/// Whether a `.` starts `.md` in any case (a link to a Markdown file, `_index.md` among
/// them: checked, dead ones reported, section files renamed) or ends `www.` (a bare URL):
/// one scan for the dots instead of five substring searches.
fn has_dot_trigger(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'.', bytes).any(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(b"md"))
            || (at >= 3 && &bytes[at - 3..at] == b"www")
    })
}

/// Whether a `\r` ends a line on its own (not as part of `\r\n`): the parser's lines and
/// the scans' lines may then differ, so such a (rare) page always goes through the pass.
fn has_lone_carriage_return(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
}

/// Whether a line holds a `{` with a `}` after it: a Goldmark attribute line (`{.lead}`,
/// which the pass drops) needs both, on the last line of a paragraph. Lines are cut at
/// `\n` only, so a line ended by a lone `\r` is part of a longer one (never missed).
fn has_braced_line(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[from..]) {
        let open = from + found;
        let line_end = memchr::memchr(b'\n', &bytes[open..]).map_or(bytes.len(), |i| open + i);
        if memchr::memchr(b'}', &bytes[open..line_end]).is_some() {
            return true;
        }
        from = line_end;
    }
    false
}

/// Whether a line with a fence (```` ``` ```` or `~~~`) also holds a `{` or an `&` (an info
/// string with Goldmark attributes, written or escaped (`\{`) or as an entity (`&#123;`),
/// which the parser decodes), or names a language the pass typesets (`mermaid`, `math`,
/// `katex`: it looks for the words anywhere on the line, which is never too few).
fn has_fence_with_attributes(bytes: &[u8]) -> bool {
    let fence_lines =
        memchr::memmem::find_iter(bytes, b"```").chain(memchr::memmem::find_iter(bytes, b"~~~"));
    for at in fence_lines {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[start..end];
        if memchr::memchr2(b'{', b'&', line).is_some()
            || [&b"mermaid"[..], b"math", b"katex"]
                .iter()
                .any(|word| memchr::memmem::find(line, word).is_some())
        {
            return true;
        }
    }
    false
}

/// Whether a line may be a heading whose Hugo id differs from mdBook's (or, with `title`,
/// an H1 or a heading whose id the title's heading would take).
fn has_differing_heading(markdown: &str, title: Option<&str>) -> bool {
    let title_id = title.map(mdbook_id);
    let differs = |text: &str, level: usize| {
        (title_id.is_some() && level == 1)
            || !is_plain_heading_text(text)
            || title_id.as_deref() == Some(mdbook_id(text).as_str())
    };
    let bytes = markdown.as_bytes();
    // Line starts of the line before the previous one, the previous one and this one. Lines
    // end at `\n` (a `\r` before it is trimmed below; a lone `\r` sends the page to the pass).
    let mut starts = [None, None, Some(0)];
    let line_of = |start: usize| {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        &markdown[start..end]
    };
    let line_ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for end in line_ends {
        let start = starts[2].expect("the current line always has a start");
        let line = &markdown[start..end];
        // Only a line that starts (after indentation and quote markers) with `#`, a setext
        // underline character or a list marker can be a heading or an underline.
        let first = line.bytes().find(|b| !matches!(b, b' ' | b'\t' | b'>'));
        if first.is_some_and(|b| matches!(b, b'#' | b'=' | b'-' | b'*' | b'+' | b'0'..=b'9')) {
            let previous_line = starts[1].map_or("", line_of);
            let previous_started_block = starts[0].is_none_or(|s| line_of(s).trim().is_empty());
            if is_differing_heading(line, previous_line, previous_started_block, &differs) {
                return true;
            }
        }
        starts = [starts[1], starts[2], Some(end + 1)];
    }
    false
}

/// Whether `line` (after `previous_line`; `previous_started_block` when the line before
/// that was blank) is a heading, or the underline of a one-line setext heading, whose text
/// `differs` says may get different ids, or the underline of a setext heading that may span
/// lines (not checked further).
fn is_differing_heading(
    line: &str,
    previous_line: &str,
    previous_started_block: bool,
    differs: &dyn Fn(&str, usize) -> bool,
) -> bool {
    let underline = line.trim_start_matches([' ', '\t', '>']).trim_end();
    if !underline.is_empty() && underline.bytes().all(|b| b == b'=' || b == b'-') {
        let level = if underline.starts_with('=') { 1 } else { 2 };
        let text = strip_container_markers(previous_line).trim();
        // A setext heading may span lines: only a one-line one is checked here.
        if !text.is_empty() && (!previous_started_block || differs(text, level)) {
            return true;
        }
    }
    let trimmed = strip_container_markers(line).trim_end();
    trimmed.strip_prefix('#').is_some_and(|text| {
        let level = 1 + text.len() - text.trim_start_matches('#').len();
        differs(text.trim_start_matches('#').trim(), level)
    })
}

/// A line without the markers of the blocks it sits in: indentation, quote `>`s and list
/// item markers (`-`, `*`, `+`, `1.`, `1)`), so `- ## x` and `> 1. # x` are seen as headings.
fn strip_container_markers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '>']);
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let after_marker = if trimmed.starts_with(['-', '*', '+']) {
            &trimmed[1..]
        } else if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
            &trimmed[digits + 1..]
        } else {
            return trimmed;
        };
        if !after_marker.starts_with([' ', '\t']) {
            return trimmed;
        }
        rest = after_marker;
    }
}

/// Whether an inline link (`](`) or a reference definition (`]:`) may have a destination
/// the pass resolves: a path, site-absolute or relative (a relative one naming no file
/// beside the page resolves against the page's Hugo URL, [`crate::link::rewrite`]), after
/// any whitespace (newlines too) and an optional `<`; not an anchor alone, nothing, or a URL
/// with a scheme ([`is_path`]).
fn has_path_destination(bytes: &[u8]) -> bool {
    let after = |at: usize| {
        let rest = &bytes[at + 2..];
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let rest = &rest[start..];
        is_path(rest.strip_prefix(b"<").unwrap_or(rest))
    };
    memchr::memmem::find_iter(bytes, b"](").any(after)
        || memchr::memmem::find_iter(bytes, b"]:").any(after)
}

/// Whether an HTML attribute may hold a URL the pass resolves: `=`, optional whitespace,
/// an optional quote, then `/` (any attribute), or, for `href` and `src`, a relative path
/// ([`is_path`]). One scan of the `=` signs.
fn has_site_absolute_attribute(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'=', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let rest = &rest[start..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let name = &bytes[..at];
        let is_link_attribute = [&b"href"[..], b"src"]
            .iter()
            .any(|n| name.len() >= n.len() && name[name.len() - n.len()..].eq_ignore_ascii_case(n));
        rest.starts_with(b"/") || (is_link_attribute && is_path(rest))
    })
}

/// Whether a destination (its start in `rest`) is a path: not empty, not an anchor alone,
/// not protocol-relative (`//host`), and without a scheme (`https:`, `mailto:`: a `:`
/// before the first `/`, `?`, `#` or the end).
fn is_path(rest: &[u8]) -> bool {
    let is_end = |b: &u8| matches!(b, b')' | b'>' | b'"' | b'\'' | b' ' | b'\t' | b'\n' | b'\r');
    match rest.first() {
        None | Some(b'#') => false,
        Some(b) if is_end(b) => false,
        _ if rest.starts_with(b"//") => false,
        _ => !rest
            .iter()
            .take_while(|b| !is_end(b) && !matches!(b, b'/' | b'?' | b'#'))
            .any(|b| *b == b':'),
    }
}

/// Text whose Hugo id and mdBook id are surely the same: ASCII letters, digits, spaces, `_`
/// and single `-` (smart punctuation turns `--` into a dash both drop), with at least one
/// letter or digit (an empty id is `heading` for Hugo only).
fn is_plain_heading_text(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphanumeric())
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_'))
}
