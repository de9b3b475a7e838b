//! Renders a shortcode tree into Markdown through a registry of handlers.
//!
//! The built-in library is split in two: `dialects/` says where the shortcodes come from
//! (`hugo`, Hugo's own; `docsy`, `hugobook`, `relearn`, `doks`, the themes') and maps their
//! names and parameters onto `widgets/` (admonitions, tabs, collapsibles, cards, embeds,
//! code, files, buttons, QR codes), which never depend on a dialect. `safe` holds the
//! escaping and URL rules, `refs` Hugo's `ref` lookup, `params` Hugo's params, `placement`
//! where output lands. Books add their own shortcodes as templates
//! ([`user`]) and aliases ([`alias`]). The reference is `docs/shortcodes.md`.

pub mod alias;
mod dialects;
mod handler;
mod params;
pub(crate) mod placement;
mod refs;
mod registry;
mod safe;
pub mod site;
pub mod user;
mod widgets;

pub use dialects::dialects;
pub use handler::{ShortcodeCall, ShortcodeHandler};
pub use registry::{Handler, Registry, Render, RenderFn};
pub use safe::is_script_url;

pub(crate) use safe::without_blank_lines;
pub(crate) use widgets::diagram::mermaid_html;
pub(crate) use widgets::markup::start_block;
pub(crate) use widgets::math::tex_as_code;

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::shortcode::{self, Escaped, Node, Shortcode};
use crate::site::{Page, Site};
use crate::source::SourceFile;
use std::path::Path;

/// How deep included files may include other files.
const MAX_INCLUDE_DEPTH: usize = 8;

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
    /// The text the shortcode spans point into: the page, or a file it includes.
    source: &'a SourceFile,
    next_id: usize,
    /// Names of the shortcodes being rendered, outermost first (Hugo's `.Parent` chain).
    enclosing: Vec<String>,
    /// Strings left by names taken off `enclosing`, reused for the next ones.
    spare_names: Vec<String>,
    /// The nesting depth of the grid widget whose body is being rendered, if any.
    grid_at: Option<usize>,
    /// Docsy blocks (`blocks/cover`, `blocks/section`) seen so far on the page.
    blocks: usize,
    include_depth: usize,
    /// The site-template shortcodes being rendered, as template values (Hugo's `.Parent`),
    /// each with its depth in `enclosing`.
    template_parents: Vec<(usize, crate::template::Value)>,
    /// The fenced code blocks of `source`, read as far as asked.
    code_fences: std::cell::RefCell<placement::CodeFences>,
    /// How many shortcodes each open level has had so far: the page's top level first,
    /// then the body of each shortcode being rendered (Hugo's `.Ordinal` counts
    /// shortcodes among their siblings: in their parent, or in the page).
    ordinals: Vec<i64>,
    /// The `.Ordinal` of each shortcode being rendered, outermost first.
    current_ordinals: Vec<i64>,
    /// `.Page` of the site's templates when it is not the book page's own (a page's
    /// `{{% %}}` shortcodes expanded for its `.Fragments` see the site's page object).
    page_value: Option<crate::template::Value>,
}

impl<'a> RenderContext<'a> {
    /// A context for rendering page `page_index` of `site`.
    pub fn new(
        site: &'a Site,
        page_index: usize,
        source: &'a SourceFile,
        config: &'a HugoConfig,
        registry: &'a Registry,
    ) -> Self {
        RenderContext {
            site,
            page_index,
            config,
            registry,
            diagnostics: Diagnostics::new(),
            source,
            next_id: 0,
            enclosing: Vec::new(),
            spare_names: Vec::new(),
            grid_at: None,
            blocks: 0,
            include_depth: 0,
            template_parents: Vec::new(),
            code_fences: std::cell::RefCell::default(),
            ordinals: vec![0],
            current_ordinals: Vec::new(),
            page_value: None,
        }
    }

    /// This context with `page` as the site templates' `.Page` (instead of the book page's
    /// own, which is shared by the page's conversion and its `.Store`).
    pub(crate) fn with_page_value(mut self, page: crate::template::Value) -> Self {
        self.page_value = Some(page);
        self
    }

    /// The `.Page` set by [`RenderContext::with_page_value`], if any.
    pub(crate) fn page_value(&self) -> Option<crate::template::Value> {
        self.page_value.clone()
    }

    /// Hugo's `.Ordinal` of the shortcode being rendered: its number among the shortcodes
    /// of its parent's body (or of the page, at the top level), from 0.
    pub(crate) fn ordinal(&self) -> i64 {
        self.current_ordinals.last().copied().unwrap_or(0)
    }

    /// The page being rendered.
    pub fn page(&self) -> &'a Page {
        &self.site.pages[self.page_index]
    }

    /// The text shortcode spans point into (the page's original text, or an included file).
    pub fn source(&self) -> &'a str {
        &self.source.text
    }

    /// Whether byte `at` of [`RenderContext::source`] is inside code (a fenced block or a
    /// code span), by [`placement::CodeFences`], which reads the text once, as far as asked.
    pub fn in_code(&self, at: usize) -> bool {
        self.code_fences.borrow_mut().in_code(self.source(), at)
    }

    /// The folder files may be read from: the book's root, else its source folder.
    pub fn book_root(&self) -> Option<&'a Path> {
        self.config
            .book_root
            .as_deref()
            .or(self.site.src_dir.as_deref())
    }

    /// Reports a problem that does not stop the conversion (an error under `strict`, which
    /// the conversion applies once at its end).
    pub fn warn(&mut self, offset: usize, message: impl Into<String>) {
        self.report(Severity::Warning, offset, message);
    }

    /// Reports an error: the build will fail.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.report(Severity::Error, offset, message);
    }

    fn report(&mut self, severity: Severity, offset: usize, message: impl Into<String>) {
        self.diagnostics
            .report(severity, self.source, offset, message);
    }

    /// Appends the page's output path as an id fragment, one to one so that two pages never
    /// share an id on the print page: ASCII letters, digits, `-`, `_` and `/` kept (all
    /// valid in an HTML id), every other byte written `.XX` (`guide/my notes.md` →
    /// `guide/my.20notes`; `a/x` and `a-x` stay apart).
    fn push_page_slug(&self, out: &mut String) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut path = self.page().output_path.as_str();
        while let Some(stem) = path.strip_suffix(".md") {
            path = stem; // as `trim_end_matches(".md")`, without its substring searcher
        }
        out.reserve(path.len());
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/') {
                out.push(char::from(b));
            } else {
                out.push('.');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }

    /// An element id unique in the whole book (the print page holds every chapter).
    pub fn unique_id(&mut self, kind: &str) -> String {
        self.next_id += 1;
        self.page_scoped_id(kind, self.next_id)
    }

    /// The book-wide id of item `n` of `kind` on this page.
    pub fn page_scoped_id(&self, kind: &str, n: usize) -> String {
        let mut id = String::with_capacity(kind.len() + self.page().output_path.len() + 16);
        id.push_str("hugo-");
        id.push_str(kind);
        id.push('-');
        self.push_page_slug(&mut id);
        id.push('-');
        push_decimal(&mut id, n);
        id
    }

    /// Counts one more Docsy block on the page and returns its number (from 1).
    pub(crate) fn next_block(&mut self) -> usize {
        self.blocks += 1;
        self.blocks
    }

    /// The number of Docsy blocks seen so far on the page.
    pub(crate) fn blocks_seen(&self) -> usize {
        self.blocks
    }

    /// The name of the shortcode the current one sits in (Hugo's `.Parent`), if any.
    pub fn parent_name(&self) -> Option<&str> {
        let len = self.enclosing.len();
        len.checked_sub(2)
            .and_then(|i| self.enclosing.get(i))
            .map(String::as_str)
    }

    /// The 1-based line and column of byte `offset` of the text being rendered.
    pub fn source_position(&self, offset: usize) -> (usize, usize) {
        let position = self.source.position(offset);
        (position.line, position.col)
    }

    /// Renders the body of a grid widget: the shortcodes directly inside it know, through
    /// [`RenderContext::parent_is_grid`], that they are its items.
    pub(crate) fn render_inner_as_grid(&mut self, shortcode: &Shortcode<'_>) -> String {
        let saved = self.grid_at.replace(self.enclosing.len());
        let out = self.render_inner(shortcode);
        self.grid_at = saved;
        out
    }

    /// Whether the shortcode being rendered sits directly in a grid widget (so a card
    /// needs no grid of its own).
    pub(crate) fn parent_is_grid(&self) -> bool {
        self.grid_at
            .is_some_and(|depth| depth + 1 == self.enclosing.len())
    }

    /// Renames the shortcode being rendered (an alias renders as its target).
    pub(crate) fn rename_current(&mut self, name: &str) {
        if let Some(last) = self.enclosing.last_mut() {
            *last = name.to_string();
        }
    }

    /// Renders the body of the site-template shortcode being rendered, whose template value
    /// (`shortcode`) the site templates directly inside it see as their `.Parent`.
    pub(crate) fn render_inner_of_template(
        &mut self,
        sc: &Shortcode<'_>,
        shortcode: crate::template::Value,
    ) -> String {
        self.template_parents
            .push((self.enclosing.len(), shortcode));
        let out = self.render_inner(sc);
        self.template_parents.pop();
        out
    }

    /// The template value of the site-template shortcode the current one sits directly in
    /// (Hugo's `.Parent`); nil at the page's top level or inside a built-in shortcode.
    pub(crate) fn template_parent(&self) -> crate::template::Value {
        match self.template_parents.last() {
            Some((depth, parent)) if depth + 1 == self.enclosing.len() => parent.clone(),
            _ => crate::template::Value::Nil,
        }
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

    /// Renders a shortcode's body to a new string (empty when it has none), sized for the
    /// body's text.
    pub fn render_inner(&mut self, shortcode: &Shortcode<'_>) -> String {
        let text_length = shortcode.inner_source(self.source()).map_or(0, str::len);
        let mut out = String::with_capacity(text_length);
        if let Some(inner) = &shortcode.inner {
            self.render_nodes(inner, &mut out);
        }
        out
    }

    /// Renders another file's text (an include) as part of the page: its shortcodes are
    /// expanded, and its problems are reported at its own lines. `None` after an error.
    pub fn render_file(&mut self, offset: usize, file: &SourceFile) -> Option<String> {
        if self.include_depth >= MAX_INCLUDE_DEPTH {
            self.error(
                offset,
                format!(
                    "files include each other more than {MAX_INCLUDE_DEPTH} levels deep \
                     (does a file include itself?)"
                ),
            );
            return None;
        }
        let registry = self.registry;
        let nodes = match shortcode::parse(&file.text, 0, &|name| registry.body_kind(name)) {
            Ok(nodes) => nodes,
            Err(error) => {
                self.diagnostics
                    .report(Severity::Error, file, error.offset, error.to_string());
                return None;
            }
        };
        let mut nested = RenderContext {
            site: self.site,
            page_index: self.page_index,
            config: self.config,
            registry: self.registry,
            diagnostics: Diagnostics::new(),
            source: file,
            next_id: self.next_id,
            enclosing: self.enclosing.clone(),
            spare_names: Vec::new(),
            grid_at: self.grid_at,
            blocks: self.blocks,
            include_depth: self.include_depth + 1,
            template_parents: self.template_parents.clone(),
            code_fences: std::cell::RefCell::default(),
            ordinals: vec![0],
            current_ordinals: self.current_ordinals.clone(),
            page_value: self.page_value.clone(),
        };
        let mut out = String::new();
        nested.render_nodes(&nodes, &mut out);
        self.next_id = nested.next_id;
        self.blocks = nested.blocks;
        self.diagnostics.extend(nested.diagnostics);
        Some(out)
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
        let registry = self.registry;
        let Some(handler) = registry.get(shortcode.name) else {
            self.render_unknown(shortcode, out);
            return;
        };
        let ordinal = self.ordinals.last_mut().map_or(0, |level| {
            *level += 1;
            *level - 1
        });
        self.current_ordinals.push(ordinal);
        self.ordinals.push(0);
        let mut name = self.spare_names.pop().unwrap_or_default();
        name.clear();
        name.push_str(shortcode.name);
        self.enclosing.push(name);
        handler.render.call(self, shortcode, out);
        if let Some(name) = self.enclosing.pop() {
            self.spare_names.push(name);
        }
        self.ordinals.pop();
        self.current_ordinals.pop();
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
    ///
    /// A `{{<` or `{{%` inside the escaped text (`{{</* a >}}x{{< /a */>}}` prints two
    /// tags) is marked too, so that output converted again (a `{{% %}}` template's) keeps
    /// it as text, as Hugo prints it.
    fn render_escaped(&mut self, escaped: &Escaped, out: &mut String) {
        let source = self.source();
        out.push_str("{{");
        out.push(ESCAPE_MARK);
        out.push_str(&escaped.delim.open()[2..]);
        push_marking_tags(out, &source[escaped.inner.clone()]);
        out.push_str(escaped.delim.close());
    }
}

/// Appends `inner` with [`ESCAPE_MARK`] after the braces of each `{{<` and `{{%`, taking
/// each `{{` after the one before (as a substring search finds them). The `{{` are found
/// by their first `{`: a short text costs less so than a substring searcher's setup.
fn push_marking_tags(out: &mut String, inner: &str) {
    let bytes = inner.as_bytes();
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[from..]) {
        let at = from + found;
        if bytes.get(at + 1) != Some(&b'{') {
            from = at + 1;
            continue;
        }
        if matches!(bytes.get(at + 2), Some(b'<' | b'%')) {
            out.push_str(&inner[last..at + 2]);
            out.push(ESCAPE_MARK);
            last = at + 2;
        }
        from = at + 2;
    }
    out.push_str(&inner[last..]);
}

/// Marks the `{{<`/`{{%` of an escaped shortcode between rendering and the Markdown pass.
///
/// Inside code the mark is dropped (the literal `{{<` shows); elsewhere the `<`/`%` becomes
/// an entity, which renders the same but is not read as a shortcode if converted again.
pub const ESCAPE_MARK: char = '\u{E000}';

/// Appends `n` in decimal, as `n.to_string()` writes it, without a string of its own.
pub(crate) fn push_decimal(out: &mut String, n: usize) {
    if let Ok(digit) = u8::try_from(n)
        && digit < 10
    {
        out.push(char::from(b'0' + digit)); // most numbers (a tab's index) have one digit
        return;
    }
    // Writing to a `String` cannot fail.
    let _ = std::fmt::Write::write_fmt(out, format_args!("{n}"));
}

/// `text` with ASCII letters and digits lowercased and every other character a `-`: safe in
/// an id or a URL fragment.
pub(crate) fn ascii_slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marking as a substring search for `{{` reads it.
    fn marked_by_substring_search(inner: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for at in memchr::memmem::find_iter(inner.as_bytes(), b"{{") {
            if matches!(inner.as_bytes().get(at + 2), Some(b'<' | b'%')) {
                out.push_str(&inner[last..at + 2]);
                out.push(ESCAPE_MARK);
                last = at + 2;
            }
        }
        out.push_str(&inner[last..]);
        out
    }

    #[test]
    fn numbers_are_written_as_to_string_writes_them() {
        for n in [0, 1, 9, 10, 11, 99, 100, 255, 256, 12345, usize::MAX] {
            let mut out = String::from("id-");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("id-{n}"));
        }
    }

    proptest::proptest! {
        /// Finding each `{{` by its first `{` marks the tags a substring search would.
        #[test]
        fn tags_in_escaped_text_are_marked_as_a_substring_search_finds_them(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "{", "{{", "<", "%", "x", " ", "é", "}}", ">",
            ][..]), 0..30),
        ) {
            let inner = pieces.concat();
            let mut out = String::new();
            push_marking_tags(&mut out, &inner);
            proptest::prop_assert_eq!(out, marked_by_substring_search(&inner));
        }
    }
}
