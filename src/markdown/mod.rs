//! One pass over a page's rendered Markdown that fixes what Hugo's output model needs:
//! site-absolute links become relative `.md` links, Bootstrap cards become our card grid,
//! Font Awesome 4/5 icons become Font Awesome 6, and headings whose Hugo id differs from
//! mdBook's get an extra anchor with Hugo's id. Edits are collected, then applied once.
//!
//! One event loop ([`Pass::scan`], over mdBook's own parser set-up) hands each event to
//! the visitor for it, each in its own module as `impl Pass` methods: `links` (inline
//! links, reference definitions, bare URLs), `raw_html` (HTML blocks with Bootstrap cards
//! (`cards`), inline HTML, icons), `headings` (Hugo's ids, the title H1, with `anchors`),
//! `attributes` (Goldmark attribute lines and fence attributes), `callout` (alerts),
//! `typeset` (diagram and formula fences, delimited formulas), `hooks` (the site's render
//! hooks) and `escapes` (escaped shortcodes). `precheck` decides, without parsing, that a
//! page has nothing for any of them.

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::html::{self, StartTag};
use crate::icons;
use crate::link::{self, UrlFix};
use anchors::{UniqueIds, hugo_id, mdbook_id};

pub(crate) mod anchors;
mod attributes;
mod block_hooks;
mod callout;
mod cards;
mod emoji;
mod escapes;
mod headings;
mod hooks;
mod links;
mod precheck;
mod raw_html;
mod typeset;

use crate::render::ESCAPE_MARK;
use crate::site::Site;
use crate::source::SourceFile;
use escapes::escape_marks;
use headings::title_heading;
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
    pub hooks: Option<&'a crate::render::site::shortcodes::SiteShortcodes>,
}

/// Runs the pass over `markdown`, the rendered body of a page.
pub fn fix_markdown(
    markdown: String,
    input: PassInput<'_>,
    diagnostics: &mut Diagnostics,
) -> String {
    let untouched = is_untouched(&markdown, input.title, input.math, input.hooks)
        && !crate::emoji::applies(input.config.emoji, &markdown);
    if untouched {
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
    hooks: Option<&crate::render::site::shortcodes::SiteShortcodes>,
) -> bool {
    let has_math = math && has_math_delimiter(markdown);
    !(has_math
        || needs_pass(markdown, title)
        || hooks::may_apply(hooks, markdown)
        || block_hooks::may_apply(hooks, markdown))
}

/// The pass itself, without the pre-check.
fn run_pass(markdown: String, input: PassInput<'_>, diagnostics: &mut Diagnostics) -> String {
    let may_have_bare_urls = links::may_have_bare_urls(&markdown);
    run_pass_with(markdown, input, diagnostics, may_have_bare_urls)
}

/// [`run_pass`], told whether texts may hold bare URLs (`false` skips linkify; the
/// property test runs it with `true` to hold the skip to the full pass).
fn run_pass_with(
    markdown: String,
    input: PassInput<'_>,
    diagnostics: &mut Diagnostics,
    may_have_bare_urls: bool,
) -> String {
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
        emoji: input.config.emoji,
        hooks: input.hooks,
        ordinals: [0; 7],
        hooked_headings: Vec::new(),
        may_have_bare_urls,
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
    /// Whether `:name:` emoji shortcodes become emoji (`emoji` in the config).
    emoji: bool,
    /// The site's render hooks, if any.
    hooks: Option<&'a crate::render::site::shortcodes::SiteShortcodes>,
    /// Whether the page has a `://` or a `www.` at all: without, no text is linkified.
    may_have_bare_urls: bool,
    /// How many elements of each [`HookKind`](crate::render::site::hooks::HookKind) the
    /// hooks have seen (Hugo's `.Ordinal`).
    ordinals: [usize; 7],
    /// The headings a hook renders, run once the page's heading ids are known.
    hooked_headings: Vec<block_hooks::HookedHeading>,
}

/// A heading of the page: where it starts and ends, its level, its text (after smart
/// punctuation, as both tools see it) and its explicit `{#id}`.
struct Heading {
    start: usize,
    end: usize,
    level: HeadingLevel,
    text: String,
    explicit_id: Option<String>,
    /// Whether the site's heading hook renders it.
    hooked: bool,
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
        let mut block: Option<block_hooks::BlockHooked> = None;
        let mut ended_block: Option<block_hooks::BlockHooked> = None;
        let parser = self.options.parser(markdown);
        let mut events = parser.into_offset_iter();
        // Without the site's render hooks no element starts one (checked once, not per event).
        let has_hooks = self.hooks.is_some();
        for (event, range) in events.by_ref() {
            // A hooked heading's events are its hook's only; the other hooked elements'
            // go through the visitors too, whose edits inside count if the hook fails.
            if let Some(element) = ended_block.take() {
                self.end_block_hook(markdown, element, &mut headings);
            }
            if let Some(state) = block.as_mut() {
                let heading_hook = state.is_heading();
                if state.feed(&event, range.start) {
                    ended_block = block.take();
                }
                if heading_hook {
                    continue;
                }
            } else if has_hooks && heading.is_none() && hooked.is_none() {
                block = self.start_block_hook(&event, &range);
                if block.as_ref().is_some_and(|b| b.is_heading()) {
                    continue;
                }
            }
            if let Some(state) = hooked.as_mut() {
                if state.feed(&event) {
                    let state = hooked.take().expect("a hooked link");
                    self.run_hook(markdown, state);
                }
                continue;
            }
            if has_hooks && heading.is_none() {
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
                Event::Text(_) if code_block_start.is_none() => {
                    if self.may_have_bare_urls && link_depth == 0 {
                        self.linkify(markdown, range.clone());
                    }
                    self.emojify(markdown, range.clone());
                }
                _ => {}
            }
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.heading_attribute_quotes(markdown, range.clone());
                    heading = Some(Heading {
                        start: range.start,
                        end: range.end,
                        level,
                        text: String::new(),
                        explicit_id: id.map(|id| id.to_string()),
                        hooked: false,
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
        if let Some(element) = ended_block.take() {
            self.end_block_hook(markdown, element, &mut headings);
        }
        // pulldown-cmark keeps the definitions in a hash map: in page order, their
        // diagnostics come out the same on every run.
        let mut definitions: Vec<_> = events
            .reference_definitions()
            .iter()
            .map(|(_, definition)| definition)
            .collect();
        definitions.sort_by_key(|definition| definition.span.start);
        for definition in definitions {
            let span = definition.span.clone();
            self.reference_definition(markdown, span, &definition.dest);
        }
        headings
    }

    fn report(&mut self, out_offset: usize, message: String) {
        let offset = self.map.to_source(out_offset);
        self.diagnostics
            .report(Severity::Warning, self.source, offset, message);
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
}

/// `{{` followed by the escape mark, as the renderer writes it.
const ESCAPE_OPEN: &str = "{{\u{E000}";

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
            // Relative links resolve against the page's Hugo URL (`../quickstart/`).
            "See [q](../quickstart/).\n",
            "[q]: other/\n",
            "<a href=\"../other/\">x</a>\n",
        ] {
            assert!(needs_pass(needs, None), "{needs:?}");
        }
        for plain in [
            "```rust\nfn main() {\n    run();\n}\n```\n",
            "Braces { alone\n} on lines.\n",
            "## A plain heading\n\nText.\n",
            "An [anchor](#x) and <a href=\"#y\">another</a>.\n",
            // Links with a scheme (without `://`, which linkify looks at) are left as
            // they are: no pass.
            "Write to [us](mailto:team@example.org) or [call](tel:+100).\n",
            "<a href=\"mailto:a@b.c\">x</a> <img src=\"data:image/png;base64,AA\">\n",
            "[mail]: mailto:team@example.org\n",
        ] {
            assert!(!needs_pass(plain, None), "{plain:?}");
        }
    }

    /// A site with a hook of every kind (and Goldmark's passthrough extension), written to
    /// a folder kept for the tests' run and loaded once. The templates are written here,
    /// not read from `tests/fixtures`, which the packaged crate leaves out.
    static HOOKS_SITE: std::sync::LazyLock<crate::render::site::shortcodes::SiteShortcodes> =
        std::sync::LazyLock::new(|| {
            let root = tempfile::tempdir().expect("a temporary folder").keep();
            let markup = root.join("layouts/_markup");
            std::fs::create_dir_all(&markup).expect("the layouts folder");
            let hooks = [
                (
                    "render-heading",
                    r#"<h{{ .Level }} id="{{ .Anchor }}" class="hk h">{{ .Text }}</h{{ .Level }}>"#,
                ),
                (
                    "render-blockquote",
                    r#"<blockquote class="hk-quote">{{ .Text }}</blockquote>"#,
                ),
                (
                    "render-codeblock",
                    r#"<pre class="hk-code"><code>{{ .Inner }}</code></pre>"#,
                ),
                (
                    "render-passthrough",
                    r#"<span class="hk-math">{{ .Inner }}</span>"#,
                ),
                (
                    "render-link",
                    // An external link gets a Font Awesome 5 icon, as gRPC's site writes;
                    // `href` touches `class`, as in Hextra's hook.
                    r#"<a class="hk-link"href="{{ .Destination }}">{{ .Text }}{{ if hasPrefix .Destination "http" }} <i class="fas fa-external-link-alt"></i>{{ end }}</a>"#,
                ),
                (
                    "render-image",
                    r#"<img class="hk-img" src="{{ .Destination }}" alt="{{ .PlainText }}">"#,
                ),
                (
                    "render-table",
                    r#"<table class="hk-table">{{ range .TBody }}<tr>{{ range . }}<td>{{ .Text }}</td>{{ end }}</tr>{{ end }}</table>"#,
                ),
            ];
            for (name, template) in hooks {
                std::fs::write(markup.join(format!("{name}.html")), template).expect("a hook");
            }
            let config = "[markup.goldmark.extensions.passthrough]\nenable = true\n\
                [markup.goldmark.extensions.passthrough.delimiters]\n\
                block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)']]\n";
            std::fs::write(root.join("hugo.toml"), config).expect("the config");
            crate::render::site::shortcodes::SiteShortcodes::load(
                &root,
                &Default::default(),
                "Hooks",
                "/",
            )
            .0
        });

    /// Runs `f` with the pass's input for `markdown` as the only page of a book.
    fn with_input<R>(
        markdown: &str,
        title: Option<&str>,
        hooks: Option<&crate::render::site::shortcodes::SiteShortcodes>,
        f: impl FnOnce(PassInput<'_>) -> R,
    ) -> R {
        let page = Page::new("a.md", std::path::Path::new("a.md"), String::new());
        let site = Site::new(vec![page], None);
        let source = SourceFile::new(std::path::Path::new("a.md"), markdown.to_string());
        let map = SourceMap::default();
        let config = HugoConfig::default();
        f(PassInput {
            site: &site,
            page_index: 0,
            origin: Origin {
                source: &source,
                map: &map,
            },
            config: &config,
            title,
            math: false,
            hooks,
        })
    }

    #[test]
    fn the_hooks_site_hooks_the_soups_elements() {
        let markdown = "## H\n\n> q\n\n```\nc\n```\n";
        let out = with_input(markdown, None, Some(&HOOKS_SITE), |input| {
            fix_markdown(markdown.to_string(), input, &mut Diagnostics::new())
        });
        for class in ["class=\"hk ", "hk-quote", "hk-code"] {
            assert!(out.contains(class), "{class} not in {out}");
        }
    }

    /// The HTML of a site's hook gets Font Awesome 6 icons, as the page's own HTML does
    /// (mdBook 0.5 knows only Font Awesome 6 names: `fa-external-link-alt` was a build
    /// warning for every link of gRPC's site, and no icon).
    #[test]
    fn icons_in_a_hooks_html_become_font_awesome_6() {
        let markdown = "See [the spec](https://example.org/spec).\n";
        let out = with_input(markdown, None, Some(&HOOKS_SITE), |input| {
            fix_markdown(markdown.to_string(), input, &mut Diagnostics::new())
        });
        let icon = crate::icons::resolve("fas fa-external-link-alt")
            .expect("a known icon")
            .expect("an icon")
            .to_html();
        assert!(out.contains("hk-link"), "{out}");
        assert!(out.contains(&icon), "{icon} not in {out}");
        assert!(!out.contains("fa-external-link-alt"), "{out}");
        // mdBook's parser reads the hook's `<a>` as HTML, not as text.
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&out, options()),
        );
        assert!(
            html.contains(r#"<a class="hk-link" href="https://example.org/spec">"#),
            "{html}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// With a site that hooks every kind of element, the pre-check still only skips
        /// work: the output is the same with and without it.
        #[test]
        fn the_pre_check_never_changes_the_output_with_hooks(
            markdown in markdown_soup(),
            extra in prop::sample::select(&["", "\n| a |\n|---|\n", "\n> q\n", "\n    code\n", " \\(x\\) "][..]),
        ) {
            let markdown = format!("{markdown}{extra}");
            let (checked, full) = with_input(&markdown, None, Some(&HOOKS_SITE), |input| {
                let checked = fix_markdown(markdown.clone(), input, &mut Diagnostics::new());
                (checked, run_pass(markdown.clone(), input, &mut Diagnostics::new()))
            });
            prop_assert_eq!(checked, full);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// The pre-check only skips work: the output is the same with and without it, and
        /// so is the pass's own skip of linkify on pages without `://` or `www.`.
        #[test]
        fn the_pre_check_never_changes_the_output(
            markdown in markdown_soup(),
            title in prop::option::of(prop::sample::select(&["GS", "Same", "x", "A -- B"][..])),
        ) {
            let (checked, full, every_text_linkified) = with_input(&markdown, title, None, |input| {
                let checked = fix_markdown(markdown.clone(), input, &mut Diagnostics::new());
                let full = run_pass(markdown.clone(), input, &mut Diagnostics::new());
                let every = run_pass_with(markdown.clone(), input, &mut Diagnostics::new(), true);
                (checked, full, every)
            });
            prop_assert_eq!(&checked, &full);
            prop_assert_eq!(full, every_text_linkified);
        }
    }
}
