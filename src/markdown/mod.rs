//! One pass over a page's rendered Markdown that fixes what Hugo's output model needs:
//! site-absolute links become relative `.md` links, Bootstrap cards become our card grid,
//! Font Awesome 4/5 icons become Font Awesome 6, and headings whose Hugo id differs from
//! mdBook's get an extra anchor with Hugo's id. Edits are collected, then applied once.

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::html::{self, StartTag};
use crate::icons;
use crate::link::{self, UrlFix};
use anchors::{UniqueIds, hugo_id, mdbook_id};

pub(crate) mod anchors;
mod callout;
mod cards;
mod hooks;
mod precheck;
mod typeset;

use crate::render::ESCAPE_MARK;
use crate::site::Site;
use crate::source::SourceFile;
use precheck::needs_pass;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown extensions mdBook 0.5 always turns on, for parsing a fragment's structure
/// (parameters, list items). Whole pages are parsed with [`ParserOptions::parser`], which
/// adds the switches of the book's `[output.html]`.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// The book's Markdown switches, as mdBook 0.5 reads them from `[output.html]`
/// (`smart-punctuation`, `definition-lists`, `admonitions`; each on unless set to false).
/// Pages are parsed through `mdbook-markdown`, mdBook's own parser set-up, with these, so
/// heading text (and so heading ids) is what mdBook sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParserOptions {
    /// `output.html.smart-punctuation`: `--` becomes an en dash, quotes curl.
    pub smart_punctuation: bool,
    /// `output.html.definition-lists`.
    pub definition_lists: bool,
    /// `output.html.admonitions`: `> [!NOTE]` blocks.
    pub admonitions: bool,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions {
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
        }
    }
}

impl ParserOptions {
    /// Reads the switches from mdBook's config; a missing or non-boolean key keeps mdBook's
    /// default (on).
    pub fn from_mdbook(config: &mdbook_preprocessor::config::Config) -> Self {
        let switch = |key: &str| {
            config
                .get::<bool>(&format!("output.html.{key}"))
                .ok()
                .flatten()
                .unwrap_or(true)
        };
        ParserOptions {
            smart_punctuation: switch("smart-punctuation"),
            definition_lists: switch("definition-lists"),
            admonitions: switch("admonitions"),
        }
    }

    /// mdBook's parser for `text` with these switches.
    pub fn parser<'t>(&self, text: &'t str) -> Parser<'t> {
        let mut options = mdbook_markdown::MarkdownOptions::default();
        options.smart_punctuation = self.smart_punctuation;
        options.definition_lists = self.definition_lists;
        options.admonitions = self.admonitions;
        mdbook_markdown::new_cmark_parser(text, &options)
    }
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

/// What the pass needs besides the Markdown: the page, where its text came from, and the
/// options.
#[derive(Clone, Copy)]
pub struct PassInput<'a> {
    /// The whole book (link targets).
    pub site: &'a Site,
    /// The page being fixed (index into `site.pages`).
    pub page_index: usize,
    /// The page's original text and the offset map, for diagnostics.
    pub origin: Origin<'a>,
    /// `strict` and the book's Markdown switches.
    pub config: &'a HugoConfig,
    /// The front matter title: written as the page's H1 when the page has none.
    pub title: Option<&'a str>,
    /// Whether `$$…$$`, `\[…\]`, `\(…\)` and ```` ```math ```` fences are formulas: the book
    /// turns math on (`math` in `[preprocessor.hugo]`, as Hugo's passthrough extension
    /// does) or the page uses a math shortcode (hugo-book's `katex`, Relearn's `math`).
    pub math: bool,
    /// The Hugo site's templates, whose render hooks render links and images.
    pub hooks: Option<&'a crate::render::site_shortcodes::SiteShortcodes>,
}

/// Runs the pass over `markdown`, the rendered body of a page.
pub fn fix_markdown(
    markdown: String,
    input: PassInput<'_>,
    diagnostics: &mut Diagnostics,
) -> String {
    if is_untouched(&markdown, input.title, input.math, input.hooks) {
        let title = input.title.map(|t| title_heading(t, None));
        return apply_edits(markdown, Vec::new(), title.as_deref());
    }
    run_pass(markdown, input, diagnostics)
}

/// Whether `markdown` has an opening math delimiter.
fn has_math_delimiter(markdown: &str) -> bool {
    ["$$", "\\(", "\\["]
        .iter()
        .any(|d| memchr::memmem::find(markdown.as_bytes(), d.as_bytes()).is_some())
}

/// Whether the pass leaves `markdown` (a page's rendered body, with `title` as its front
/// matter title, `math` whether formulas are typeset, `hooks` the site's render hooks) as
/// it is, as far as the pre-check can tell without parsing it: when this says yes,
/// [`fix_markdown`] returns its input unchanged (with no title to add).
pub fn is_untouched(
    markdown: &str,
    title: Option<&str>,
    math: bool,
    hooks: Option<&crate::render::site_shortcodes::SiteShortcodes>,
) -> bool {
    let has_math = math && has_math_delimiter(markdown);
    !(has_math || needs_pass(markdown, title) || hooks::may_apply(hooks, markdown))
}

/// The pass itself, without the pre-check.
fn run_pass(markdown: String, input: PassInput<'_>, diagnostics: &mut Diagnostics) -> String {
    let mut pass = Pass {
        site: input.site,
        page_index: input.page_index,
        source: input.origin.source,
        map: input.origin.map,
        options: input.config.markdown,
        diagnostics,
        edits: Vec::new(),
        code: Vec::new(),
        html_blocks: Vec::new(),
        math: input.math,
        hooks: input.hooks,
        ordinals: [0, 0],
    };
    let headings = pass.scan(&markdown);
    pass.typeset_delimited(&markdown);
    let has_h1 = headings.iter().any(|h| h.level == HeadingLevel::H1);
    let title = input.title.filter(|_| !has_h1);
    let title_id = pass.heading_anchors(&markdown, &headings, title);
    pass.escapes(&markdown);
    let title = title.map(|t| title_heading(t, title_id.as_deref()));
    let mut markdown = apply_edits(markdown, pass.edits, title.as_deref());
    if escape_marks(&markdown).next().is_some() {
        // A mark inside markup that was rebuilt (a card); show the literal text.
        markdown = markdown.replace(ESCAPE_OPEN, "{{");
    }
    markdown
}

/// The `# Title` line for a front matter title: one line (line breaks become spaces), its
/// Markdown punctuation escaped, with an explicit `{#id}` when given.
fn title_heading(title: &str, id: Option<&str>) -> String {
    let mut out = String::with_capacity(title.len() + 2);
    out.push_str("# ");
    let one_line = title
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    for (i, line) in one_line.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in line.chars() {
            if matches!(
                c,
                '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '&' | '{' | '}'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    if let Some(id) = id {
        out.push_str(&format!(" {{#{id}}}"));
    }
    out
}

/// How much of `text` (starting with a URL) the URL takes: up to whitespace or `<`, less
/// trailing punctuation and an unbalanced `)`.
fn url_length(text: &str) -> usize {
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

/// Goldmark's attribute syntax: `{` then `.class`, `#id` or `key=value` entries, `}`.
fn is_attribute_block(text: &str) -> bool {
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

struct Pass<'a> {
    site: &'a Site,
    page_index: usize,
    source: &'a SourceFile,
    map: &'a SourceMap,
    options: ParserOptions,
    diagnostics: &'a mut Diagnostics,
    edits: Vec<(Range<usize>, String)>,
    /// Code blocks and spans, in order: escapes inside them stay literal.
    code: Vec<Range<usize>>,
    /// HTML blocks: no formula is looked for inside them.
    html_blocks: Vec<Range<usize>>,
    /// Whether the page has math ([`PassInput::math`]).
    math: bool,
    /// The site's render hooks, if any.
    hooks: Option<&'a crate::render::site_shortcodes::SiteShortcodes>,
    /// How many links and images the hooks have seen (Hugo's `.Ordinal`).
    ordinals: [usize; 2],
}

/// A heading of the page: where it starts and ends, its level, its text (after smart
/// punctuation, as both tools see it) and its explicit `{#id}`.
struct Heading {
    start: usize,
    end: usize,
    level: HeadingLevel,
    text: String,
    explicit_id: Option<String>,
}

impl Pass<'_> {
    /// Walks the Markdown once, queueing link, HTML and icon edits; returns the headings.
    fn scan(&mut self, markdown: &str) -> Vec<Heading> {
        let mut headings = Vec::new();
        let mut heading: Option<Heading> = None;
        let mut code_block_start = None;
        let mut fence_info: Option<String> = None;
        let mut html_block_start = None;
        let mut code_text = String::new();
        let mut link_depth = 0usize;
        let mut hooked: Option<hooks::Hooked> = None;
        let parser = self.options.parser(markdown);
        let mut events = parser.into_offset_iter();
        for (event, range) in events.by_ref() {
            if let Some(state) = hooked.as_mut() {
                if state.feed(&event) {
                    let state = hooked.take().expect("a hooked link");
                    self.run_hook(markdown, state);
                }
                continue;
            }
            if heading.is_none() {
                hooked = self.start_hook(&event, &range);
                if hooked.is_some() {
                    continue;
                }
            }
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link_depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    link_depth = link_depth.saturating_sub(1)
                }
                Event::Text(_) if link_depth == 0 && code_block_start.is_none() => {
                    self.linkify(markdown, range.clone());
                }
                _ => {}
            }
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some(Heading {
                        start: range.start,
                        end: range.end,
                        level,
                        text: String::new(),
                        explicit_id: id.map(|id| id.to_string()),
                    });
                }
                Event::Text(text) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&text);
                    }
                    if code_block_start.is_some() {
                        code_text.push_str(&text);
                    }
                }
                Event::Code(text) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&text);
                    }
                    self.code.push(range);
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(mut h) = heading.take() {
                        h.end = range.end;
                        headings.push(h);
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
                Event::Start(Tag::HtmlBlock) => {
                    html_block_start = Some(range.start);
                    self.html_block(markdown, range)
                }
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some(start) = html_block_start.take() {
                        self.html_blocks.push(start..range.end);
                    }
                }
                Event::Start(Tag::Paragraph) => self.attribute_line(markdown, range),
                Event::Start(Tag::BlockQuote(_)) => self.callout(markdown, range),
                Event::Start(Tag::CodeBlock(kind)) => {
                    if let CodeBlockKind::Fenced(info) = &kind
                        && info.contains('{')
                        && !info.starts_with("mermaid")
                    {
                        self.fence_attributes(markdown, range.start, info);
                    }
                    fence_info = match kind {
                        CodeBlockKind::Fenced(info) => Some(info.into_string()),
                        CodeBlockKind::Indented => None,
                    };
                    code_text.clear();
                    code_block_start = Some(range.start);
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(start) = code_block_start.take() {
                        self.code.push(start..range.end);
                        if let Some(info) = fence_info.take() {
                            self.typeset_fence(markdown, start..range.end, &info, &code_text);
                        }
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
        headings
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
            .report(Severity::Warning, self.source, offset, message);
    }

    /// Rewrites one URL if it needs it; `None` when it stays as it is.
    fn fix_url(&mut self, url: &str, out_offset: usize) -> Option<String> {
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

    fn inline_link(&mut self, markdown: &str, range: Range<usize>, dest: &str) {
        if let Some(span) = inline_destination(markdown, range)
            && let Some(new) = self.fix_url(dest, span.start)
        {
            self.edits.push((span, new));
        }
    }

    fn reference_definition(&mut self, markdown: &str, span: Range<usize>, dest: &str) {
        let text = &markdown[span.clone()];
        let Some(colon) = text.find("]:") else { return };
        let start = span.start + colon + 2;
        if let Some((found, _)) = destination_at(markdown, start)
            && let Some(new) = self.fix_url(dest, found.start)
        {
            self.edits.push((found, new));
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

    /// Bare URLs in text (`https://x.org/a`, `www.x.org`, which Hugo 0.168 links to
    /// `https://`) become links, as Hugo's Goldmark linkify (on by default) makes them; mdBook's parser has no linkify. Trailing
    /// punctuation and an unbalanced `)` stay outside, as in GFM's autolink extension.
    fn linkify(&mut self, markdown: &str, range: Range<usize>) {
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

    /// A Goldmark block attribute line (`{.lead}`, `{#id .a key="v"}`) that ends a
    /// paragraph: Hugo applies it to the paragraph and shows nothing; mdBook has no such
    /// syntax and would show it, so the line is dropped.
    fn attribute_line(&mut self, markdown: &str, range: Range<usize>) {
        let paragraph = markdown[range.clone()].trim_end_matches(['\n', '\r']);
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

    /// A callout beyond what mdBook reads (`> [!INFO]`, a custom title `> [!CAUTION] Title`,
    /// a foldable `> [!NOTE]-`) becomes the nearest of mdBook's five admonitions, with the
    /// title as a bold first line; a foldable one becomes a `<details>` with the title as
    /// its summary (`+` open), as the Obsidian-style callouts of Hugo themes render.
    fn callout(&mut self, markdown: &str, range: Range<usize>) {
        let quote = &markdown[range.clone()];
        let first_end = quote.find('\n').unwrap_or(quote.len());
        let first = &quote[..first_end];
        let Some(callout) = callout::parse(first) else {
            return;
        };
        if !callout.needs_rewrite() {
            return;
        }
        match callout.fold {
            None => {
                let head = callout::admonition_head(&callout, first);
                self.edits
                    .push((range.start..range.start + first_end, head));
            }
            Some(open) => {
                for (span, text) in callout::details(&callout, open, quote) {
                    self.edits
                        .push((range.start + span.start..range.start + span.end, text));
                }
            }
        }
    }

    /// A fence with Goldmark attributes (```` ```go {title="main.go" hl_lines=[2]} ````):
    /// the options become fence classes as for Hugo's `highlight` (the rest warnings), and
    /// the title a caption line above the code.
    fn fence_attributes(&mut self, markdown: &str, start: usize, info: &str) {
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

    /// Gives each heading whose Hugo id differs from mdBook's an extra anchor with Hugo's
    /// id. `title` is the H1 about to be written first; returns the explicit id it needs
    /// when its own id would take one of Hugo's (a heading with the title's text), so that
    /// links keep landing on the heading as they do in Hugo, where the title is no heading.
    fn heading_anchors(
        &mut self,
        markdown: &str,
        headings: &[Heading],
        title: Option<&str>,
    ) -> Option<String> {
        let mut hugo_ids = UniqueIds::default();
        let hugo: Vec<Option<String>> = headings
            .iter()
            .map(|h| match &h.explicit_id {
                Some(id) => {
                    hugo_ids.claim(id.clone());
                    None
                }
                None => Some(hugo_ids.claim(hugo_id(&h.text))),
            })
            .collect();
        let mut mdbook_ids = UniqueIds::default();
        let mut title_id = None;
        if let Some(title) = title {
            let natural = mdbook_id(&self.heading_text(&title_heading(title, None)));
            if hugo_ids.contains(&natural) {
                let id = hugo_ids.claim(format!("{natural}-title"));
                title_id = Some(mdbook_ids.claim(id));
            } else {
                mdbook_ids.claim(natural);
            }
        }
        for (heading, hugo) in headings.iter().zip(hugo) {
            let Some(hugo) = hugo else {
                mdbook_ids.claim(heading.explicit_id.clone().unwrap_or_default());
                continue;
            };
            let mdbook = mdbook_ids.claim(mdbook_id(&heading.text));
            if hugo != mdbook {
                self.heading_anchor(markdown, heading, &hugo);
            }
        }
        title_id
    }

    /// The text of a one-line Markdown heading, as the parser gives it.
    fn heading_text(&self, line: &str) -> String {
        self.options
            .parser(line)
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.into_string()),
                _ => None,
            })
            .collect()
    }

    /// Inserts `<span id="ID">` at the start of the heading's text.
    fn heading_anchor(&mut self, markdown: &str, heading: &Heading, id: &str) {
        let source = &markdown[heading.start..heading.end];
        let anchor = format!(
            "<span id=\"{}\" class=\"hugo-anchor\"></span>",
            html::escape_attr(id)
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

/// The source span of the destination of the inline link or image `[text](dest "title")`
/// that spans `range`, found by its syntax: the first `](` after which a destination, an
/// optional title and `)` end the link exactly (a `](` inside the text or the title is
/// not taken for it). The destination as written may differ from the parsed one (escapes,
/// entities), so it is never searched for by its text.
fn inline_destination(markdown: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = &markdown[range.clone()];
    memchr::memmem::find_iter(text.as_bytes(), b"](").find_map(|open| {
        let (span, after) = destination_at(markdown, range.start + open + 2)?;
        let rest = markdown[after..range.end].trim_start();
        let rest = skip_title(rest).trim_start();
        (rest == ")").then_some(span)
    })
}

/// The destination starting at `at` after optional whitespace: `<...>` (span inside the
/// brackets) or a run without spaces whose parentheses balance. Returns the span and the
/// offset just past the destination.
fn destination_at(markdown: &str, at: usize) -> Option<(Range<usize>, usize)> {
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
fn skip_title(text: &str) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Page;
    use proptest::prelude::*;

    /// Pieces of Markdown that touch everything the pass looks at.
    const PIECES: &[&str] = &[
        "## ",
        "# ",
        "- ",
        "1. ",
        "> ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "===",
        "---",
        "x",
        "GS",
        "Same",
        "!!!",
        "²",
        "--",
        "a b",
        "[l](",
        "/",
        ")",
        "](/a/)",
        "<a href=",
        "\"/a/\"",
        "<i class=\"fa fa-home\"></i>",
        "README.md",
        "_index.md",
        "{#id}",
        "`c`",
        "```\n",
        "{{\u{E000}<",
        "card",
        "*",
        "_",
        "[!INFO]",
        "[!NOTE]",
        "- T",
        "+ T",
        "{.lead}",
        "{#x .y}",
        "https://a.b/c.",
        "www.x.org",
        "```go {title=\"t\"}\n",
        "~~~ &#123;linenos=true}\n",
        "```rust\n",
        "~~~\n",
        "fn f() {",
        "{",
        "}",
        "&#123;.x}",
        "\r",
    ];

    fn markdown_soup() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
    }

    #[test]
    fn the_pre_check_looks_at_fences_and_braces_by_line() {
        for needs in [
            "```go {title=\"x\"}\ncode\n```\n",
            "~~~go &#123;linenos=true}\ncode\n~~~\n",
            "A paragraph.\n{.lead}\n",
            "- item {#x}\n",
        ] {
            assert!(needs_pass(needs, None), "{needs:?}");
        }
        for plain in [
            "```rust\nfn main() {\n    run();\n}\n```\n",
            "Braces { alone\n} on lines.\n",
            "## A plain heading\n\nText.\n",
        ] {
            assert!(!needs_pass(plain, None), "{plain:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// The pre-check only skips work: the output is the same with and without it.
        #[test]
        fn the_pre_check_never_changes_the_output(
            markdown in markdown_soup(),
            title in prop::option::of(prop::sample::select(&["GS", "Same", "x", "A -- B"][..])),
        ) {
            let page = Page::new("a.md", std::path::Path::new("a.md"), String::new());
            let site = Site::new(vec![page], None);
            let source = SourceFile::new(std::path::Path::new("a.md"), markdown.clone());
            let map = SourceMap::default();
            let config = HugoConfig::default();
            let input = PassInput {
                site: &site,
                page_index: 0,
                origin: Origin { source: &source, map: &map },
                config: &config,
                title,
                math: false,
                hooks: None,
            };
            let mut diagnostics = Diagnostics::new();
            let checked = fix_markdown(markdown.clone(), input, &mut diagnostics);
            let full = run_pass(markdown, input, &mut Diagnostics::new());
            prop_assert_eq!(checked, full);
        }
    }
}
