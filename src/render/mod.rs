//! Renders a shortcode tree into Markdown through a registry of handlers.

mod builtin;
mod registry;

pub use registry::{Handler, Registry, RenderFn};

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::shortcode::{Escaped, Node, Shortcode};
use crate::site::{Page, Site};

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

    /// `{{</* x */>}}` prints `{{< x >}}`. It is written with [`ESCAPE_MARK`] after the
    /// braces; the Markdown pass, which knows what is code, makes the final text.
    fn render_escaped(&mut self, escaped: &Escaped, out: &mut String) {
        let source = self.source();
        out.push_str("{{");
        out.push(ESCAPE_MARK);
        out.push_str(&escaped.delim.open()[2..]);
        out.push_str(&source[escaped.inner.clone()]);
        out.push_str(escaped.delim.close());
    }
}

/// Marks the `{{<`/`{{%` of an escaped shortcode between rendering and the Markdown pass.
///
/// Inside code the mark is dropped (the literal `{{<` shows); elsewhere the `<`/`%` becomes
/// an entity, which renders the same but is not read as a shortcode if converted again.
pub const ESCAPE_MARK: char = '\u{E000}';

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
