//! Where a shortcode's output lands in the page's Markdown, and how it is fitted there.
//!
//! Hugo renders a page's Markdown with placeholders where the shortcodes are and puts each
//! shortcode's output in the placeholder's place, so the output stays inside the list item,
//! quote or table cell the shortcode was written in. We write the output into the Markdown
//! instead, so every line after the first must carry the container's prefix (the item's
//! indentation, the quote's `> `), and output in a table row must stay on the row's line.

/// How the output of the shortcode at a given offset must be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement<'a> {
    /// In the page's flow at the top level: written as it comes.
    Flow,
    /// First on its line inside a container: `lead` is the text before the tag on its line
    /// (`"   "`, `"> "`, `"1. "`), `prefix` what each further line needs (`"   "`, `"> "`).
    Container {
        /// The line's text before the tag, already written to the page.
        lead: &'a str,
        /// What continues the container on a new line.
        prefix: String,
    },
    /// In a table row: the output must be one line, its `|` escaped.
    TableRow,
}

/// Where the shortcode starting at byte `at` of `text` lands.
pub fn placement(text: &str, at: usize) -> Placement<'_> {
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let lead = &text[line_start..at];
    let (markers, rest) = split_container_markers(lead);
    if has_pipe(text, line_start, at) {
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        if is_table_row(text, line_start, line_end) {
            return Placement::TableRow;
        }
    }
    let only_indentation = markers.trim_start_matches([' ', '\t']).is_empty();
    if !rest.is_empty()
        || markers.is_empty()
        || (only_indentation && !continues_list_item(&text[..line_start], width(markers)))
    {
        return Placement::Flow;
    }
    Placement::Container {
        lead,
        prefix: continuation(markers),
    }
}

/// Whether the line of byte `at` (starting at `line_start`) has a `|`, which a table row
/// needs: most lines with a shortcode have none, and their end is then not looked for.
fn has_pipe(text: &str, line_start: usize, at: usize) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'|', &bytes[line_start..at]).is_some()
        || memchr::memchr2(b'|', b'\n', &bytes[at..]).is_some_and(|i| bytes[at + i] == b'|')
}

/// Whether the line `text[line_start..line_end]` is a row of a GFM table (with or without
/// outer pipes): it has a `|`, and either the next line is a delimiter row (`--- | :---:`,
/// so this is the header row), or a delimiter row above it, in the same block of
/// non-blank lines and after a header row with a `|`, started the table. A fence line ends
/// the block, so a table inside a code block above does not count. GFM spec, "Tables
/// (extension)".
fn is_table_row(text: &str, line_start: usize, line_end: usize) -> bool {
    if memchr::memchr(b'|', &text.as_bytes()[line_start..line_end]).is_none() {
        return false;
    }
    if text[line_end..]
        .lines()
        .nth(1)
        .is_some_and(is_delimiter_row)
    {
        return true;
    }
    let block: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| !l.trim().is_empty() && !is_fence_line(l))
        .collect();
    block.iter().enumerate().any(|(i, line)| {
        is_delimiter_row(line) && block.get(i + 1).is_some_and(|h| h.contains('|'))
    })
}

/// Whether `line` (after container markers) opens or closes a code fence.
fn is_fence_line(line: &str) -> bool {
    let (_, rest) = split_container_markers(line);
    let rest = rest.trim_start();
    rest.starts_with("```") || rest.starts_with("~~~")
}

/// A GFM table's delimiter row: cells of `-` with optional `:` at either end, split by `|`
/// (at least one `|`, or the row is a thematic break).
fn is_delimiter_row(line: &str) -> bool {
    let (_, line) = split_container_markers(line);
    let line = line.trim();
    if !line.contains('|') {
        return false;
    }
    let cells = line.trim_start_matches('|').trim_end_matches('|');
    cells.split('|').all(|cell| {
        let cell = cell.trim();
        let dashes = cell.trim_start_matches(':').trim_end_matches(':');
        !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
    })
}

/// Whether a line indented by `indent` columns after `before` (the text up to that line)
/// continues a list item: going back over blank lines and lines indented at least as far, the
/// first other line is a list item whose content starts at or before `indent`. Indentation
/// elsewhere (inside an HTML block, say) is not a container.
fn continues_list_item(before: &str, indent: usize) -> bool {
    for line in before.lines().rev() {
        if line.trim().is_empty() {
            continue;
        }
        let (markers, _) = split_container_markers(line);
        let has_marker = !markers.trim_start_matches([' ', '\t', '>']).is_empty();
        if has_marker {
            return width(markers) <= indent;
        }
        let own = width(&line[..line.len() - line.trim_start().len()]);
        if own < indent {
            return false;
        }
    }
    false
}

/// The columns `text` covers (a tab to the next multiple of 4).
fn width(text: &str) -> usize {
    text.chars().fold(0, |col, c| {
        if c == '\t' {
            col + 4 - col % 4
        } else {
            col + 1
        }
    })
}

/// Whether byte `at` of `text` is inside code: a fenced code block opened on an earlier line,
/// or a code span on its own line. Hugo puts a `{{< >}}` shortcode's output into code as it
/// is, and into text as HTML, so the caller needs to know which it writes into.
///
/// It reads the text up to `at`: the reference [`CodeFences`] is tested against, which reads
/// a text once for all offsets.
#[cfg(test)]
pub fn in_code(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut fence: Option<(char, usize)> = None;
    for line in text[..line_start].lines() {
        fence = next_fence(fence, line);
    }
    fence.is_some() || in_code_span(&text[line_start..], at - line_start)
}

/// The open fence (its character and length) after `line`, given the one before it.
fn next_fence(fence: Option<(char, usize)>, line: &str) -> Option<(char, usize)> {
    let (_, rest) = split_container_markers(line);
    let rest = rest.trim_start();
    let Some(c) = rest.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return fence;
    };
    let run = rest.len() - rest.trim_start_matches(c).len();
    match fence {
        None if run >= 3 => Some((c, run)),
        Some((open, len)) if open == c && run >= len && rest[run..].trim().is_empty() => None,
        _ => fence,
    }
}

/// The fenced code blocks of one text, read as far as asked, once: [`CodeFences::in_code`]
/// answers as `in_code` (the reference, in tests) does, in `O(log n)` per offset instead of
/// a scan of the text up to it (a page with many `param` shortcodes asked once per
/// shortcode), and never reads past the line of the last offset asked.
#[derive(Debug, Default)]
pub struct CodeFences {
    /// Byte offsets of the line starts where a fence opens or closes (the line after the
    /// fence line), ascending: a line is fenced when an odd number are at or before it.
    toggles: Vec<usize>,
    /// Where reading goes on: every fence line before it is in `toggles`.
    read_to: usize,
    /// The fence open at `read_to`, its character and length.
    fence: Option<(char, usize)>,
}

impl CodeFences {
    /// Reads the fences of `text` (the same text each time) on the lines before
    /// `line_start`, line by line as `in_code` does. Only a line with three `` ` `` or
    /// three `~` in a row can open or close a fence, so only those lines are read: a
    /// `memchr2` scan finds the candidates, and goes on after the line it read.
    fn read_until(&mut self, text: &str, line_start: usize) {
        let bytes = text.as_bytes();
        while self.read_to < line_start {
            let from = self.read_to;
            let Some(found) = memchr::memchr2(b'`', b'~', &bytes[from..line_start]) else {
                self.read_to = line_start;
                return;
            };
            let at = from + found;
            self.read_to = at + 1;
            if bytes.get(at..at + 3).is_none_or(|run| run[1..] != run[..2]) {
                continue; // no run of three here
            }
            // A line before `line_start` ends with a line break before it.
            let end = memchr::memchr(b'\n', &bytes[at..line_start]).map_or(line_start, |i| at + i);
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let line = &text[start..end];
            let line = line.strip_suffix('\r').unwrap_or(line);
            let next = next_fence(self.fence, line);
            self.read_to = end + 1;
            if next.is_some() != self.fence.is_some() {
                self.toggles.push(self.read_to);
            }
            self.fence = next;
        }
    }

    /// Whether byte `at` of `text` (the same text each time) is inside code.
    pub fn in_code(&mut self, text: &str, at: usize) -> bool {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.read_until(text, line_start);
        let fenced = self.toggles.partition_point(|&t| t <= line_start) % 2 == 1;
        fenced || in_code_span(&text[line_start..], at - line_start)
    }
}

/// Whether byte `at` of `line` sits between a backtick run and the next run of the same
/// length.
fn in_code_span(line: &str, at: usize) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < at {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let mut j = i + run;
        let close = loop {
            match bytes[j..].iter().position(|&b| b == b'`') {
                None => break None,
                Some(p) => {
                    let start = j + p;
                    let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
                    if len == run {
                        break Some(start);
                    }
                    j = start + len;
                }
            }
        };
        match close {
            Some(close) if close > at => return true,
            Some(close) => i = close + run,
            None => i += run,
        }
    }
    false
}

/// Writes `rendered`, the output of a shortcode placed as `placement`, to `out`; `out` ends
/// with the `lead` of a [`Placement::Container`] (the text before the tag was copied).
pub fn place(out: &mut String, placement: &Placement<'_>, rendered: &str) {
    match placement {
        Placement::Flow => out.push_str(rendered),
        Placement::TableRow => out.push_str(&one_line(rendered)),
        Placement::Container { prefix, .. } => {
            let mut lines = rendered.split_inclusive('\n');
            if let Some(first) = lines.next() {
                out.push_str(first);
            }
            for line in lines {
                if line.trim().is_empty() {
                    out.push_str(prefix.trim_end());
                    out.push_str(line.trim_start_matches([' ', '\t']));
                } else {
                    out.push_str(prefix);
                    out.push_str(line);
                }
            }
        }
    }
}

/// Output for a table cell: trimmed, line breaks as spaces, `|` escaped (GFM reads `\|` as
/// a pipe inside the cell, in text, code and HTML alike). A fenced code block becomes a
/// `<pre><code>` whose line breaks are `&#10;`, so it keeps its lines inside the cell, as
/// Hugo's does.
fn one_line(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    let mut lines = rendered.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        match fence_of(trimmed) {
            Some(fence) => out.push_str(&code_in_a_cell(line, fence, &mut lines)),
            None => out.push_str(&trimmed.replace('|', "\\|")),
        }
    }
    out
}

/// The fence (its character and length) that `line` opens, if it opens one.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let run = line.len() - line.trim_start_matches(c).len();
    (run >= 3 && !(c == '`' && line[run..].contains('`'))).then_some((c, run))
}

/// The fenced code block opened by `open` (the rest read from `lines` up to its closing
/// fence) as one line of HTML: `<pre><code class="language-LANG">` with the code escaped,
/// its line breaks `&#10;` and its pipes `&#124;`.
fn code_in_a_cell<'a>(
    open: &str,
    (c, run): (char, usize),
    lines: &mut impl Iterator<Item = &'a str>,
) -> String {
    let indent = open.len() - open.trim_start().len();
    let info = open.trim()[run..].trim();
    let lang = info
        .split(|ch: char| ch.is_whitespace() || ch == '{' || ch == ',')
        .next()
        .unwrap_or_default();
    let mut code = Vec::new();
    for line in lines.by_ref() {
        let t = line.trim();
        if t.starts_with(&c.to_string().repeat(run)) && t.trim_start_matches(c).is_empty() {
            break;
        }
        let strip = line.len() - line.trim_start().len();
        code.push(&line[strip.min(indent)..]);
    }
    let escaped = crate::html::escape_keeping_lines(&code.join("\n"))
        .replace('\n', "&#10;")
        .replace('|', "&#124;");
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", crate::html::escape_attr(lang))
    };
    format!("<pre><code{class}>{escaped}</code></pre>")
}
/// Splits `lead` into its container markers (indentation, `>`, list item markers) and the
/// rest of the line before the tag.
fn split_container_markers(lead: &str) -> (&str, &str) {
    let mut end = 0;
    loop {
        let rest = &lead[end..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '>']).len();
        end += skipped;
        let rest = &lead[end..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = if rest.starts_with(['-', '*', '+']) {
            1
        } else if digits > 0 && digits < 10 && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        let after = &rest[marker..];
        if marker == 0 || !after.starts_with([' ', '\t']) {
            return (&lead[..end], &lead[end..]);
        }
        end += marker;
    }
}

/// The prefix that continues the containers opened by `markers` on a new line: quote `>`s
/// kept, list markers and the rest turned into spaces of the same width.
fn continuation(markers: &str) -> String {
    let mut prefix = String::with_capacity(markers.len());
    for c in markers.chars() {
        match c {
            '>' | '\t' => prefix.push(c),
            _ => prefix.push(' '),
        }
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix_at(text: &str) -> Placement<'_> {
        placement(text, text.find("{{").unwrap())
    }

    #[test]
    fn containers_give_their_continuation_prefix() {
        let container = |lead: &'static str, prefix: &str| Placement::Container {
            lead,
            prefix: prefix.to_string(),
        };
        assert_eq!(prefix_at("1. a\n\n   {{< x >}}"), container("   ", "   "));
        assert_eq!(prefix_at("> {{< x >}}"), container("> ", "> "));
        assert_eq!(prefix_at("- {{< x >}}"), container("- ", "  "));
        assert_eq!(prefix_at("> 10. {{< x >}}"), container("> 10. ", ">     "));
        assert_eq!(prefix_at("{{< x >}}"), Placement::Flow);
        assert_eq!(prefix_at("  {{< x >}}"), Placement::Flow);
        assert_eq!(prefix_at("<div>\n\t{{< x >}}"), Placement::Flow);
        assert_eq!(
            prefix_at("- a\n  more\n\n  {{< x >}}"),
            container("  ", "  ")
        );
        assert_eq!(prefix_at("text {{< x >}}"), Placement::Flow);
        assert_eq!(
            prefix_at("| a | {{< x >}} |\n| - | - |"),
            Placement::TableRow
        );
        assert_eq!(
            prefix_at("> | h |\n> | - |\n> | {{< x >}} |"),
            Placement::TableRow
        );
        assert_eq!(
            prefix_at("h | i\n- | -\na | {{< x >}}"),
            Placement::TableRow
        );
        // A line with pipes is a row only in a table (GFM needs the delimiter row).
        assert_eq!(prefix_at("| a | {{< x >}} |"), Placement::Flow);
        assert_eq!(
            prefix_at("```\na | b\n--- | ---\n```\nc | {{< x >}}"),
            Placement::Flow
        );
    }

    #[test]
    fn code_is_told_from_text() {
        let at = |text: &str| in_code(text, text.find("{{").unwrap());
        assert!(at("```sh\ncurl {{< param x >}}\n```\n"));
        assert!(at("- x\n\n  ~~~~\n  {{< param x >}}\n"));
        assert!(!at("```\ncode\n```\n{{< param x >}}"));
        assert!(at("Run `v{{< param x >}}` now"));
        assert!(!at("Run `v` {{< param x >}} `now`"));
        assert!(!at("A ``{{< param x >}}"));
    }

    proptest::proptest! {
        /// Reading the fences once, as far as asked, answers as scanning up to each offset
        /// does, whether the offsets come in order, backwards, or one after a jump ahead.
        #[test]
        fn code_fences_agree_with_in_code(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "```", "~~~", "````", "`", "x", " ", "  ", "> ", "- ", "1. ", "\n", "\r\n",
                "\r", "{{", "go",
            ][..]), 0..40),
            jump in 0usize..200,
        ) {
            let text = pieces.concat();
            let offsets: Vec<usize> =
                (0..=text.len()).filter(|&at| text.is_char_boundary(at)).collect();
            let mut fences = CodeFences::default();
            for &at in &offsets {
                proptest::prop_assert_eq!(fences.in_code(&text, at), in_code(&text, at), "at {}", at);
            }
            let mut backwards = CodeFences::default();
            for &at in offsets.iter().rev() {
                proptest::prop_assert_eq!(backwards.in_code(&text, at), in_code(&text, at), "at {}", at);
            }
            let mut jumped = CodeFences::default();
            let first = offsets[jump % offsets.len()];
            proptest::prop_assert_eq!(jumped.in_code(&text, first), in_code(&text, first));
            for &at in &offsets {
                proptest::prop_assert_eq!(jumped.in_code(&text, at), in_code(&text, at), "at {}", at);
            }
        }
    }

    #[test]
    fn output_is_fitted_to_its_place() {
        let mut out = String::from("   ");
        let placement = Placement::Container {
            lead: "   ",
            prefix: "   ".into(),
        };
        place(&mut out, &placement, "> [!NOTE]\n>\n> x\n\nafter\n");
        assert_eq!(out, "   > [!NOTE]\n   >\n   > x\n\n   after\n");
        let mut out = String::from("> ");
        let quoted = Placement::Container {
            lead: "> ",
            prefix: "> ".into(),
        };
        place(&mut out, &quoted, "<div>\n\nx\n\n</div>\n");
        assert_eq!(out, "> <div>\n>\n> x\n>\n> </div>\n");
        let mut out = String::new();
        place(
            &mut out,
            &Placement::TableRow,
            "<figure>\n<img src=\"a|b\">\n</figure>\n",
        );
        assert_eq!(out, "<figure> <img src=\"a\\|b\"> </figure>");
    }
}
