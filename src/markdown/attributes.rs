//! The pass's Goldmark attribute visitor: attribute lines after a paragraph (`{.lead}`) and
//! attributes in a fence's info string.

use super::*;

impl Pass<'_> {
    /// A Goldmark block attribute line (`{.lead}`, `{#id .a key="v"}`) that ends a
    /// paragraph: Hugo applies it to the paragraph and shows nothing; mdBook has no such
    /// syntax and would show it, so the line is dropped.
    pub(super) fn attribute_line(&mut self, markdown: &str, range: Range<usize>) {
        let paragraph = markdown[range.clone()].trim_end_matches(['\n', '\r']);
        if !paragraph.trim_end().ends_with('}') {
            return; // the last line cannot be `{…}`: skip looking for it
        }
        let last_start = paragraph.rfind('\n').map_or(0, |i| i + 1);
        let last = &paragraph[last_start..];
        if !is_attribute_block(last.trim()) {
            return;
        }
        let start = if last_start == 0 {
            range.start
        } else {
            range.start + last_start - 1 // the line break before it goes too
        };
        self.edits
            .push((start..range.start + paragraph.len(), String::new()));
    }

    /// A fence with Goldmark attributes (```` ```go {title="main.go" hl_lines=[2]} ````):
    /// the options become fence classes as for Hugo's `highlight` (the rest warnings), and
    /// the title a caption line above the code.
    pub(super) fn fence_attributes(&mut self, markdown: &str, start: usize, info: &str) {
        let line_end = markdown[start..]
            .find('\n')
            .map_or(markdown.len(), |i| start + i);
        let line = &markdown[start..line_end];
        let marker = line.len() - line.trim_start_matches(['`', '~']).len();
        let Some(brace) = info.find('{') else { return };
        let (options, title) = crate::highlight::fence_attributes(&info[brace..]);
        let (new_info, warnings) = crate::highlight::fence_info(&info[..brace], &options);
        for warning in warnings {
            self.report(start, format!("code fence: {warning}"));
        }
        self.edits.push((start + marker..line_end, new_info));
        if let Some(title) = title {
            let line_start = markdown[..start].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &markdown[line_start..start];
            let caption = format!(
                "<div class=\"hugo-code-title\">{}</div>\n{}\n{prefix}",
                html::escape_text(&title),
                prefix.trim_end()
            );
            self.edits.push((start..start, caption));
        }
    }
}

/// Goldmark's attribute syntax: `{` then `.class`, `#id` or `key=value` entries, `}`.
pub(super) fn is_attribute_block(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return false;
    };
    let entries: Vec<&str> = inner.split_whitespace().collect();
    !entries.is_empty()
        && entries.iter().all(|entry| {
            let name = |n: &str| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
            };
            match entry.split_once('=') {
                Some((key, value)) => name(key) && !value.is_empty(),
                None => entry
                    .strip_prefix('.')
                    .or_else(|| entry.strip_prefix('#'))
                    .is_some_and(name),
            }
        })
}
