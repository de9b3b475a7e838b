//! One pass over a page's rendered Markdown that fixes what Hugo's output model needs:
//! site-absolute links become relative `.md` links, Bootstrap cards become our card grid,
//! Font Awesome 4/5 icons become Font Awesome 6, and headings whose Hugo id differs from
//! mdBook's get an extra anchor with Hugo's id. Edits are collected, then applied once.

use crate::anchors::{UniqueIds, hugo_id, mdbook_id};
use crate::cards;
use crate::diagnostic::{Diagnostics, Severity};
use crate::html::{self, StartTag};
use crate::icons;
use crate::render::ESCAPE_MARK;
use crate::site::Site;
use crate::source::SourceFile;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown options mdBook 0.5 parses chapters with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Maps offsets in the rendered Markdown back to offsets in the original file.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// `(output offset, source offset, exact)`: exact segments are copied text; the others
    /// are generated and point at the shortcode that produced them.
    segments: Vec<(usize, usize, bool)>,
}

impl SourceMap {
    /// Records that output from `out_offset` on came from `src_offset`.
    pub fn push(&mut self, out_offset: usize, src_offset: usize, exact: bool) {
        self.segments.push((out_offset, src_offset, exact));
    }

    /// The source offset for an output offset.
    pub fn to_source(&self, out_offset: usize) -> usize {
        let i = self.segments.partition_point(|&(o, _, _)| o <= out_offset);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((o, s, true)) => s + (out_offset - o),
            Some((_, s, false)) => s,
            None => 0,
        }
    }
}

/// Where rendered Markdown came from: the page's original text, and the map from rendered
/// offsets to offsets in it (for diagnostics).
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    /// The page's original file.
    pub source: &'a SourceFile,
    /// Rendered offsets to source offsets.
    pub map: &'a SourceMap,
}

/// Runs the pass over `markdown`, the rendered body of page `page_index`.
///
/// `title_h1` is the `# Title` line to put first when the page has no H1 of its own.
pub fn fix_markdown(
    markdown: String,
    site: &Site,
    page_index: usize,
    origin: Origin<'_>,
    strict: bool,
    title_h1: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> String {
    if !needs_pass(&markdown, title_h1.is_some()) {
        return apply_edits(markdown, Vec::new(), title_h1);
    }
    let mut pass = Pass {
        site,
        page_index,
        source: origin.source,
        map: origin.map,
        warning: if strict {
            Severity::Error
        } else {
            Severity::Warning
        },
        diagnostics,
        edits: Vec::new(),
        code: Vec::new(),
    };
    let has_h1 = pass.scan(&markdown);
    pass.escapes(&markdown);
    let prefix = if has_h1 { None } else { title_h1 };
    let mut markdown = apply_edits(markdown, pass.edits, prefix);
    if escape_marks(&markdown).next().is_some() {
        // A mark inside markup that was rebuilt (a card); show the literal text.
        markdown = markdown.replace(ESCAPE_OPEN, "{{");
    }
    markdown
}

/// A cheap test that skips the Markdown parse for pages with nothing to fix: no escaped
/// shortcode, no link that may be site-absolute or point at a README, no icon or card
/// markup, and no heading whose id could differ between Hugo and mdBook (or, when the
/// caller needs it, no line that could be an H1).
fn needs_pass(markdown: &str, wants_h1: bool) -> bool {
    const TRIGGERS: &[&str] = &["=\"/", "='/", "=/", "README.md", "_index.md", "fa-", "card"];
    let bytes = markdown.as_bytes();
    if escape_marks(markdown).next().is_some()
        || has_site_absolute_destination(bytes)
        || TRIGGERS
            .iter()
            .any(|t| memchr::memmem::find(bytes, t.as_bytes()).is_some())
    {
        return true;
    }
    let mut previous_line = "";
    for line in markdown.lines() {
        let trimmed = line.trim_start_matches([' ', '>', '\t']);
        if let Some(text) = trimmed.strip_prefix('#') {
            let level = 1 + text.len() - text.trim_start_matches('#').len();
            let text = text.trim_start_matches('#').trim();
            if (wants_h1 && level == 1) || !is_plain_heading_text(text) {
                return true;
            }
        } else if !trimmed.is_empty() && trimmed.bytes().all(|b| b == b'=' || b == b'-') {
            let setext_h1 = trimmed.starts_with('=');
            if !previous_line.trim().is_empty()
                && ((wants_h1 && setext_h1) || !is_plain_heading_text(previous_line.trim()))
            {
                return true;
            }
        }
        previous_line = line;
    }
    false
}

/// Whether an inline link (`](`) or a reference definition (`]:`) may have a site-absolute
/// destination: `/` after any whitespace (newlines too) and an optional `<`.
fn has_site_absolute_destination(bytes: &[u8]) -> bool {
    let after = |at: usize| {
        let rest = &bytes[at + 2..];
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let rest = &rest[start..];
        rest.strip_prefix(b"<").unwrap_or(rest).starts_with(b"/")
    };
    memchr::memmem::find_iter(bytes, b"](").any(after)
        || memchr::memmem::find_iter(bytes, b"]:").any(after)
}

/// Text whose Hugo id and mdBook id are surely the same.
fn is_plain_heading_text(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_'))
}

struct Pass<'a> {
    site: &'a Site,
    page_index: usize,
    source: &'a SourceFile,
    map: &'a SourceMap,
    warning: Severity,
    diagnostics: &'a mut Diagnostics,
    edits: Vec<(Range<usize>, String)>,
    /// Code blocks and spans, in order: escapes inside them stay literal.
    code: Vec<Range<usize>>,
}

struct OpenHeading {
    start: usize,
    text: String,
    explicit_id: bool,
}

impl Pass<'_> {
    /// Walks the Markdown once; returns whether it has an H1.
    fn scan(&mut self, markdown: &str) -> bool {
        let mut has_h1 = false;
        let mut heading: Option<OpenHeading> = None;
        let mut code_block_start = None;
        let mut hugo_ids = UniqueIds::default();
        let mut mdbook_ids = UniqueIds::default();
        let parser = Parser::new_ext(markdown, options());
        let mut events = parser.into_offset_iter();
        for (event, range) in events.by_ref() {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    has_h1 |= level == HeadingLevel::H1;
                    heading = Some(OpenHeading {
                        start: range.start,
                        text: String::new(),
                        explicit_id: id.is_some(),
                    });
                }
                Event::Text(text) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&text);
                    }
                }
                Event::Code(text) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&text);
                    }
                    self.code.push(range);
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        self.heading_anchor(markdown, h, range.end, &mut hugo_ids, &mut mdbook_ids);
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                })
                | Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    ..
                }) if link_type == LinkType::Inline => {
                    self.inline_link(markdown, range, &dest_url);
                }
                Event::Start(Tag::HtmlBlock) => self.html_block(markdown, range),
                Event::Start(Tag::CodeBlock(_)) => code_block_start = Some(range.start),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(start) = code_block_start.take() {
                        self.code.push(start..range.end);
                    }
                }
                Event::InlineHtml(_) => self.html_fragment(markdown, range),
                _ => {}
            }
        }
        for (_, definition) in events.reference_definitions().iter() {
            let span = definition.span.clone();
            self.reference_definition(markdown, span, &definition.dest);
        }
        has_h1
    }

    /// Turns each escape mark into its final text: dropped in code, an entity elsewhere.
    fn escapes(&mut self, markdown: &str) {
        for (at, delim) in escape_marks(markdown) {
            let mark = at + 2..at + 2 + ESCAPE_MARK.len_utf8();
            if self.code.iter().any(|r| r.start <= at && at < r.end) {
                self.edits.push((mark, String::new()));
            } else {
                let entity = if delim == b'%' { "&#37;" } else { "&lt;" };
                self.edits
                    .push((mark.start..mark.end + 1, entity.to_string()));
            }
        }
    }

    fn report(&mut self, out_offset: usize, message: String) {
        let offset = self.map.to_source(out_offset);
        self.diagnostics
            .report(self.warning, self.source, offset, message);
    }

    /// Rewrites one URL if it needs it; `None` when it stays as it is.
    fn fix_url(&mut self, url: &str, out_offset: usize) -> Option<String> {
        match rewrite_url(self.site, self.page_index, url) {
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

    fn inline_link(&mut self, markdown: &str, range: Range<usize>, dest: &str) {
        if let Some(span) = find_inline_destination(markdown, range, dest)
            && let Some(new) = self.fix_url(dest, span.start)
        {
            self.edits.push((span, new));
        }
    }

    fn reference_definition(&mut self, markdown: &str, span: Range<usize>, dest: &str) {
        let text = &markdown[span.clone()];
        let Some(colon) = text.find("]:") else { return };
        let after = &text[colon + 2..];
        let skipped = after.len() - after.trim_start().len();
        let mut start = span.start + colon + 2 + skipped;
        if markdown[start..].starts_with('<') {
            start += 1;
        }
        if markdown[start..].starts_with(dest)
            && let Some(new) = self.fix_url(dest, start)
        {
            self.edits.push((start..start + dest.len(), new));
        }
    }

    fn html_block(&mut self, markdown: &str, range: Range<usize>) {
        let block = &markdown[range.clone()];
        if cards::mentions_cards(block) {
            let converted = cards::convert(block, &mut |url| {
                let at = range.start + block.find(url).unwrap_or(0);
                self.fix_url(url, at)
            });
            if let Some(grid) = converted {
                for message in grid.warnings {
                    self.report(range.start, message);
                }
                let mut html = grid.html;
                if block.ends_with('\n') {
                    html.push('\n');
                }
                self.edits.push((range, html));
                return;
            }
        }
        self.html_fragment(markdown, range);
    }

    /// Fixes `href`/`src` and Font Awesome icons inside HTML we otherwise keep as it is.
    fn html_fragment(&mut self, markdown: &str, range: Range<usize>) {
        let fragment = &markdown[range.clone()];
        if !fragment.contains("href") && !fragment.contains("src") && !fragment.contains("fa") {
            return;
        }
        for tag in html::start_tags(fragment) {
            let base = range.start;
            if self.icon(markdown, base, &tag) {
                continue;
            }
            for attribute in &tag.attributes {
                let is_url = attribute.name.eq_ignore_ascii_case("href")
                    || attribute.name.eq_ignore_ascii_case("src");
                if let (true, Some(value), Some(span)) =
                    (is_url, attribute.value, &attribute.value_span)
                {
                    let span = base + span.start..base + span.end;
                    if let Some(new) = self.fix_url(value, span.start) {
                        self.edits
                            .push((span, html::escape_attr(&new).into_owned()));
                    }
                }
            }
        }
    }

    /// An empty `<i>`/`<span>` with Font Awesome classes becomes the Font Awesome 6 `<i>`.
    fn icon(&mut self, markdown: &str, base: usize, tag: &StartTag<'_>) -> bool {
        let is_icon_element =
            tag.name.eq_ignore_ascii_case("i") || tag.name.eq_ignore_ascii_case("span");
        let Some(classes) = tag.attribute("class").and_then(|a| a.value) else {
            return false;
        };
        if !is_icon_element || !icons::is_font_awesome(classes) {
            return false;
        }
        let start = base + tag.span.start;
        let Some(end) = html::empty_element_end(markdown, base + tag.span.end, tag.name) else {
            return false;
        };
        match icons::resolve(classes) {
            Ok(Some(icon)) => {
                let new = icon.to_html();
                if markdown[start..end] != new {
                    self.edits.push((start..end, new));
                }
            }
            Ok(None) => {}
            Err(unknown) => self.report(
                start,
                format!(
                    "icon `{}` has no Font Awesome 6 equivalent in mdBook",
                    unknown.written
                ),
            ),
        }
        true
    }

    fn heading_anchor(
        &mut self,
        markdown: &str,
        heading: OpenHeading,
        end: usize,
        hugo_ids: &mut UniqueIds,
        mdbook_ids: &mut UniqueIds,
    ) {
        if heading.explicit_id {
            return;
        }
        let hugo = hugo_ids.claim(hugo_id(&heading.text));
        let mdbook = mdbook_ids.claim(mdbook_id(&heading.text));
        if hugo == mdbook {
            return;
        }
        let source = &markdown[heading.start..end];
        let anchor = format!(
            "<span id=\"{}\" class=\"hugo-anchor\"></span>",
            html::escape_attr(&hugo)
        );
        if source.contains(&anchor) {
            return;
        }
        let hashes = source.len() - source.trim_start_matches('#').len();
        let at = if hashes > 0 {
            let after = &source[hashes..];
            heading.start + hashes + (after.len() - after.trim_start_matches([' ', '\t']).len())
        } else {
            heading.start
        };
        self.edits.push((at..at, anchor));
    }
}

/// `{{` followed by the escape mark, as the renderer writes it.
const ESCAPE_OPEN: &str = "{{\u{E000}";

/// Where the renderer marked an escaped shortcode: the offset of its `{{` and the
/// delimiter byte (`<` or `%`) after the mark. A U+E000 the author wrote is not a mark.
fn escape_marks(markdown: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = markdown.as_bytes();
    memchr::memmem::find_iter(bytes, ESCAPE_OPEN.as_bytes()).filter_map(move |at| {
        match bytes.get(at + ESCAPE_OPEN.len()) {
            Some(&delim @ (b'<' | b'%')) => Some((at, delim)),
            _ => None,
        }
    })
}

/// What to do with one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlFix {
    /// Not ours to change (external, relative to a real file, an anchor).
    Keep,
    /// Use this instead.
    Replace(String),
    /// Site-absolute but leads nowhere.
    Dead,
}

/// Rewrites site-absolute URLs to relative `.md` links, and links to `README.md`/`_index.md`
/// to the `index.md` mdBook writes.
pub fn rewrite_url(site: &Site, page_index: usize, url: &str) -> UrlFix {
    let url = url.trim();
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let with_fragment = |mut link: String| {
        if let Some(fragment) = fragment {
            link.push('#');
            link.push_str(fragment);
        }
        link
    };
    if path.starts_with('/') && !path.starts_with("//") {
        return match site.resolve_site_path(path) {
            Some(target) => UrlFix::Replace(with_fragment(site.relative_link(page_index, &target))),
            None => UrlFix::Dead,
        };
    }
    let is_relative_file = !path.is_empty() && !path.contains(':');
    let file = path.rsplit('/').next().unwrap_or(path);
    if is_relative_file && matches!(file, "README.md" | "_index.md") {
        let dir = &path[..path.len() - file.len()];
        return UrlFix::Replace(with_fragment(format!("{dir}index.md")));
    }
    UrlFix::Keep
}

/// Finds the destination of an inline link `[text](dest "title")` inside its range.
fn find_inline_destination(
    markdown: &str,
    range: Range<usize>,
    dest: &str,
) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let text = &markdown[range.clone()];
    let mut search_end = text.len();
    while let Some(open) = text[..search_end].rfind("](") {
        let after = &text[open + 2..];
        let skipped = after.len() - after.trim_start().len();
        let mut start = open + 2 + skipped;
        if text[start..].starts_with('<') {
            start += 1;
        }
        if text[start..].starts_with(dest) {
            let start = range.start + start;
            return Some(start..start + dest.len());
        }
        search_end = open;
    }
    None
}

/// Applies non-overlapping edits (sorted here) to `text`, after `prefix` (then followed by
/// a blank line, with the text's leading newlines dropped) when there is one.
fn apply_edits(
    text: String,
    mut edits: Vec<(Range<usize>, String)>,
    prefix: Option<&str>,
) -> String {
    let mut copied = 0;
    let mut out = match prefix {
        None if edits.is_empty() => return text,
        None => String::with_capacity(text.len() + edits.len() * 16),
        Some(prefix) => {
            let mut out = String::with_capacity(prefix.len() + 2 + text.len() + edits.len() * 16);
            out.push_str(prefix);
            out.push_str("\n\n");
            copied = text.len() - text.trim_start_matches('\n').len();
            out
        }
    };
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    for (range, replacement) in edits {
        if range.start < copied {
            continue; // overlaps an earlier edit (an icon inside a converted card block)
        }
        out.push_str(&text[copied..range.start]);
        out.push_str(&replacement);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}
