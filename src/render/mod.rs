//! Renders a shortcode tree into Markdown through a registry of handlers.

mod builtin;
mod registry;

pub use registry::{Handler, Registry, RenderFn};

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::shortcode::{Delim, Escaped, Node, Shortcode, Span};
use crate::site::{Page, Site};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::cell::OnceCell;

/// Everything a handler can see and do while one page renders.
pub struct RenderContext<'a> {
    /// The whole book.
    pub site: &'a Site,
    /// Which page is rendering (index into `site.pages`).
    pub page_index: usize,
    /// The `[preprocessor.hugo]` options.
    pub config: &'a HugoConfig,
    /// The handlers.
    pub registry: &'a Registry,
    /// What went wrong so far.
    pub diagnostics: Diagnostics,
    code_ranges: OnceCell<Vec<Span>>,
    next_id: usize,
}

impl<'a> RenderContext<'a> {
    /// A context for rendering page `page_index` of `site`.
    pub fn new(
        site: &'a Site,
        page_index: usize,
        config: &'a HugoConfig,
        registry: &'a Registry,
    ) -> Self {
        RenderContext {
            site,
            page_index,
            config,
            registry,
            diagnostics: Diagnostics::new(),
            code_ranges: OnceCell::new(),
            next_id: 0,
        }
    }

    /// The page being rendered.
    pub fn page(&self) -> &'a Page {
        &self.site.pages[self.page_index]
    }

    /// The page's original text (spans point into it).
    pub fn source(&self) -> &'a str {
        &self.page().source.text
    }

    /// Reports a problem that does not stop the conversion; an error under `strict`.
    pub fn warn(&mut self, offset: usize, message: impl Into<String>) {
        let severity = if self.config.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.report(severity, offset, message);
    }

    /// Reports an error: the build will fail.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.report(Severity::Error, offset, message);
    }

    fn report(&mut self, severity: Severity, offset: usize, message: impl Into<String>) {
        let source = &self.site.pages[self.page_index].source;
        self.diagnostics.report(severity, source, offset, message);
    }

    /// An element id unique in the whole book (the print page holds every chapter).
    pub fn unique_id(&mut self, kind: &str) -> String {
        self.next_id += 1;
        let page: String = self
            .page()
            .output_path
            .trim_end_matches(".md")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("hugo-{kind}-{page}-{}", self.next_id)
    }

    /// Renders `nodes` into `out`.
    pub fn render_nodes(&mut self, nodes: &[Node<'_>], out: &mut String) {
        let source = self.source();
        for node in nodes {
            match node {
                Node::Text(span) => out.push_str(&source[span.clone()]),
                Node::Escaped(escaped) => self.render_escaped(escaped, out),
                Node::Shortcode(shortcode) => self.render_shortcode(shortcode, out),
            }
        }
    }

    /// Renders a shortcode's body to a new string (empty when it has none).
    pub fn render_inner(&mut self, shortcode: &Shortcode<'_>) -> String {
        let mut out = String::new();
        if let Some(inner) = &shortcode.inner {
            self.render_nodes(inner, &mut out);
        }
        out
    }

    fn render_shortcode(&mut self, shortcode: &Shortcode<'_>, out: &mut String) {
        if shortcode.inline {
            self.warn(
                shortcode.open.start,
                format!(
                    "inline shortcode {:?} is disabled (as in Hugo without \
                     enableInlineShortcodes), so it renders nothing",
                    shortcode.name
                ),
            );
            return;
        }
        match self.registry.get(shortcode.name) {
            Some(handler) => (handler.render)(self, shortcode, out),
            None => self.render_unknown(shortcode, out),
        }
    }

    /// An unknown shortcode stays visible as written, with a warning.
    fn render_unknown(&mut self, shortcode: &Shortcode<'_>, out: &mut String) {
        self.warn(
            shortcode.open.start,
            format!(
                "unknown shortcode {:?}: left in the page as written",
                shortcode.name
            ),
        );
        let source = self.source();
        out.push_str(&source[shortcode.open.clone()]);
        if let Some(inner) = &shortcode.inner {
            self.render_nodes(inner, out);
        }
        if let Some(close) = &shortcode.close {
            out.push_str(&source[close.clone()]);
        }
    }

    /// `{{</* x */>}}` prints `{{< x >}}`. Outside code the `<`/`%` is written as an entity
    /// so that converting the output again does not read it as a shortcode.
    fn render_escaped(&mut self, escaped: &Escaped, out: &mut String) {
        let source = self.source();
        if self.in_code(escaped.span.start) {
            out.push_str(&escaped.literal(source));
            return;
        }
        out.push_str(match escaped.delim {
            Delim::Angle => "{{&lt;",
            Delim::Percent => "{{&#37;",
        });
        out.push_str(&source[escaped.inner.clone()]);
        out.push_str(escaped.delim.close());
    }

    fn in_code(&self, offset: usize) -> bool {
        let ranges = self.code_ranges.get_or_init(|| {
            let page = self.page();
            code_ranges(&page.source.text[page.body_start..], page.body_start)
        });
        let i = ranges.partition_point(|r| r.end <= offset);
        ranges.get(i).is_some_and(|r| r.start <= offset)
    }
}

/// Byte ranges of code blocks and code spans in `markdown` (shifted by `base`).
fn code_ranges(markdown: &str, base: usize) -> Vec<Span> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(base + start..base + range.end);
                }
            }
            Event::Code(_) => ranges.push(base + range.start..base + range.end),
            _ => {}
        }
    }
    ranges
}

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
