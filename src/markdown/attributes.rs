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

impl Pass<'_> {
    /// A heading's Goldmark attributes with quoted values (`### A {class="x y"}`): mdBook's
    /// parser reads only unquoted ones (it would write `class="&quot;x"`), so they are
    /// rewritten in its syntax (`{.x .y}`, `{#id}`, `{key=value}`). A quoted value with a
    /// space under another key cannot be written so, and stays as it is.
    pub(super) fn heading_attribute_quotes(&mut self, markdown: &str, range: Range<usize>) {
        let text = &markdown[range.clone()];
        let line = text.split('\n').next().unwrap_or("").trim_end();
        if !line.ends_with('}') || !line.contains('"') {
            return;
        }
        let Some(open) = line.rfind(" {").map(|at| at + 1) else {
            return;
        };
        let block = &line[open..];
        if !is_attribute_block(block) {
            return;
        }
        if let Some(rewritten) = unquoted_attributes(block) {
            self.edits
                .push((range.start + open..range.start + line.len(), rewritten));
        }
    }
}

/// An attribute block (`{class="a b" #x}`) in pulldown-cmark's heading syntax
/// (`{.a .b #x}`); `None` when a value other than a class list has whitespace.
fn unquoted_attributes(block: &str) -> Option<String> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':');
    let mut rest = block[1..block.len() - 1].trim_start();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let after = attribute_entry(rest, is_name_char)?;
        let entry = &rest[..rest.len() - after.len()];
        rest = after.trim_start();
        let Some((key, value)) = entry
            .split_once('=')
            .filter(|_| !entry.starts_with(['.', '#']))
        else {
            out.push(entry.to_string());
            continue;
        };
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        match key {
            "class" => out.extend(value.split_whitespace().map(|c| format!(".{c}"))),
            "id" if !value.contains(char::is_whitespace) => out.push(format!("#{value}")),
            _ if value.contains(char::is_whitespace) || value.is_empty() => return None,
            _ => out.push(format!("{key}={value}")),
        }
    }
    Some(format!("{{{}}}", out.join(" ")))
}

/// Goldmark's attribute syntax: `{`, then `.class`, `#id` or `key=value` entries apart by
/// whitespace, then `}`; a value is a `"…"` string (spaces and `\"` escapes inside) or
/// a run of other characters (Goldmark's `parser/attribute.go`: a `'` is no quote).
pub(super) fn is_attribute_block(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return false;
    };
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':');
    let mut rest = inner.trim_start();
    let mut entries = 0;
    while !rest.is_empty() {
        let Some(after) = attribute_entry(rest, is_name_char) else {
            return false;
        };
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            return false;
        }
        rest = after.trim_start();
        entries += 1;
    }
    entries > 0
}

/// Reads one attribute entry at the start of `text`; the text after it, or `None` when
/// `text` does not start with one.
fn attribute_entry(text: &str, is_name_char: impl Fn(char) -> bool) -> Option<&str> {
    let name_end = |t: &str| t.find(|c: char| !is_name_char(c)).unwrap_or(t.len());
    if let Some(name) = text.strip_prefix('.').or_else(|| text.strip_prefix('#')) {
        let end = name_end(name);
        return (end > 0).then(|| &name[end..]);
    }
    let key_end = name_end(text);
    let value = text[key_end..].strip_prefix('=').filter(|_| key_end > 0)?;
    match value.chars().next()? {
        quote @ '"' => {
            let mut escaped = false;
            for (at, c) in value.char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    c if c == quote && !escaped => return Some(&value[at + 1..]),
                    _ => escaped = false,
                }
            }
            None
        }
        c if c.is_whitespace() => None,
        _ => Some(
            value
                .find(char::is_whitespace)
                .map_or("", |at| &value[at..]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_attribute_block, unquoted_attributes};

    #[test]
    fn quoted_heading_attributes_are_written_unquoted() {
        let cases = [
            (r#"{class="!mt-7 !mb-6"}"#, Some("{.!mt-7 .!mb-6}")),
            (r#"{#top class="a" data-x="1"}"#, Some("{#top .a data-x=1}")),
            (r#"{title="two words"}"#, None),
        ];
        for (block, expected) in cases {
            assert_eq!(unquoted_attributes(block).as_deref(), expected, "{block}");
        }
    }

    #[test]
    fn attribute_blocks_are_read_as_goldmark_reads_them() {
        for block in [
            "{.lead}",
            "{#id .a key=v}",
            r#"{class="!mb-8 !-mt-3"}"#,
            r#"{class="text-sm !-mt-3 !-mb-5" data-x='a'}"#,
            r#"{title="say \"hi\""}"#,
        ] {
            assert!(is_attribute_block(block), "{block}");
        }
        for text in [
            "{}",
            "{ }",
            "{.}",
            r#"{class="open}"#,
            "{a = b}",
            "{=x}",
            "{not an attribute}",
            "{.a}{.b}",
            r#"{title='say "hi"' .note}"#,
            "plain",
        ] {
            assert!(!is_attribute_block(text), "{text}");
        }
    }
}
