//! A Hugo site's Markdown render hooks (`layouts/_markup/render-KIND.html`, or the older
//! `layouts/_default/_markup/`, the site's before its themes'), run as Hugo 0.168 runs
//! them for each link, image, heading, code block, blockquote, passthrough element and
//! table of a page.
//!
//! Which template renders an element, as in Hugo's lookup: a code block in `LANG` takes
//! `render-codeblock-LANG`, else `render-codeblock`; a blockquote takes
//! `render-blockquote-alert` or `render-blockquote-regular` (by its `.Type`), else
//! `render-blockquote`; a passthrough element `render-passthrough-block` or
//! `render-passthrough-inline`, else `render-passthrough`. Links, images, headings and
//! tables have one template each. The book's `render-hooks` option (in
//! `[preprocessor.hugo]`) lists the kinds that apply (all by default).
//!
//! What a hook gets: the context fields the Markdown pass gathers ([`crate::markdown`]'s
//! `hooks` and `block_hooks` modules say which), with `.Page` and `.PageInner` (the same
//! page: a page's own elements only) added here. Its output is HTML that takes the
//! element's place in the page.

use crate::render::site::shortcodes::{SiteHost, SiteShortcodes};
use crate::template::{Map, Object, SafeKind, Value};
use serde::Deserialize;
use std::sync::Arc;

/// The Markdown element a hook renders; in `render-hooks` it is written in lowercase
/// (`link`, `image`, `heading`, `codeblock`, `blockquote`, `passthrough`, `table`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HookKind {
    /// `[text](destination)`: `render-link`.
    Link,
    /// `![text](destination)`: `render-image`.
    Image,
    /// `## Heading`: `render-heading`.
    Heading,
    /// A fenced code block (Hugo hooks no indented code): `render-codeblock-LANG`,
    /// `render-codeblock`.
    Codeblock,
    /// `> quote` and `> [!NOTE]` alerts: `render-blockquote-TYPE`, `render-blockquote`.
    Blockquote,
    /// `$$…$$`, `\[…\]`, `\(…\)` (Goldmark's passthrough extension):
    /// `render-passthrough-TYPE`, `render-passthrough`.
    Passthrough,
    /// A pipe table: `render-table`.
    Table,
}

impl HookKind {
    /// Every kind, in the order of [`HookKind`].
    pub const ALL: [HookKind; 7] = [
        HookKind::Link,
        HookKind::Image,
        HookKind::Heading,
        HookKind::Codeblock,
        HookKind::Blockquote,
        HookKind::Passthrough,
        HookKind::Table,
    ];

    /// The template's name without a variant (`render-codeblock`).
    pub fn template(self) -> &'static str {
        match self {
            HookKind::Link => "render-link",
            HookKind::Image => "render-image",
            HookKind::Heading => "render-heading",
            HookKind::Codeblock => "render-codeblock",
            HookKind::Blockquote => "render-blockquote",
            HookKind::Passthrough => "render-passthrough",
            HookKind::Table => "render-table",
        }
    }

    /// Whether the kind has variants (`render-codeblock-LANG`, …).
    fn has_variants(self) -> bool {
        matches!(
            self,
            HookKind::Codeblock | HookKind::Blockquote | HookKind::Passthrough
        )
    }

    /// The kind a template file named `name` (`render-codeblock-mermaid`) renders.
    pub fn of_template(name: &str) -> Option<HookKind> {
        HookKind::ALL.into_iter().find(|kind| {
            let base = kind.template();
            name == base
                || (kind.has_variants()
                    && name
                        .strip_prefix(base)
                        .is_some_and(|rest| rest.len() > 1 && rest.starts_with('-')))
        })
    }

    /// Hugo's Go type of the context (`hooks.LinkContext`), for `printf "%T"`.
    fn context_type(self) -> &'static str {
        match self {
            HookKind::Link | HookKind::Image => "hooks.LinkContext",
            HookKind::Heading => "hooks.HeadingContext",
            HookKind::Codeblock => "hooks.CodeblockContext",
            HookKind::Blockquote => "hooks.BlockquoteContext",
            HookKind::Passthrough => "hooks.PassthroughContext",
            HookKind::Table => "hooks.TableContext",
        }
    }
}

/// One link or image, as the hook sees it.
pub struct HookCall<'a> {
    /// Link or image.
    pub kind: HookKind,
    /// The destination as written.
    pub destination: &'a str,
    /// The title (`[t](d "title")`), empty when there is none.
    pub title: &'a str,
    /// The text, rendered to HTML.
    pub text_html: &'a str,
    /// The text without markup.
    pub plain_text: &'a str,
    /// The element's number among the page's links (or images), from 0.
    pub ordinal: usize,
}

/// What a hook produced: its HTML, or why it failed; and the warnings it printed (`warnf`).
pub struct HookOutput {
    /// The template that ran (`render-codeblock-go`).
    pub template: String,
    /// The HTML, or the engine's located message.
    pub html: Result<String, String>,
    /// `warnf` messages.
    pub warnings: Vec<String>,
}

impl SiteShortcodes {
    /// Whether the site has a hook (of any variant) for `kind`, and the book applies it.
    pub fn has_hook(&self, kind: HookKind) -> bool {
        self.hook_kinds.contains(&kind)
    }

    /// The template that renders an element of `kind` whose variant (a code block's
    /// language, a blockquote's or passthrough element's `.Type`) is `variant`, in Hugo's
    /// lookup order; `None` when the site has none (or the book leaves the kind out).
    pub fn hook_template(&self, kind: HookKind, variant: &str) -> Option<String> {
        if !self.has_hook(kind) {
            return None;
        }
        let base = kind.template();
        let specific = format!("{base}-{}", variant.to_lowercase());
        if kind.has_variants() && !variant.is_empty() && self.hooks.contains_key(&specific) {
            return Some(specific);
        }
        self.hooks.contains_key(base).then(|| base.to_string())
    }

    /// Runs the site's hook for `call` on page `page_index` of `book`; `None` when the site
    /// has no hook for it.
    pub fn render_hook(
        &self,
        book: &crate::site::Site,
        page_index: usize,
        call: &HookCall<'_>,
    ) -> Option<HookOutput> {
        let template = self.hook_template(call.kind, "")?;
        let fields = Map::from([
            ("Destination".to_string(), Value::from(call.destination)),
            ("Title".to_string(), Value::from(call.title)),
            (
                "Text".to_string(),
                Value::Safe(SafeKind::Html, call.text_html.into()),
            ),
            ("PlainText".to_string(), Value::from(call.plain_text)),
            ("Ordinal".to_string(), Value::from(call.ordinal as i64)),
            ("IsBlock".to_string(), Value::from(false)),
            ("Attributes".to_string(), Value::from(Map::new())),
        ]);
        Some(self.run_hook(book, page_index, call.kind, &template, fields))
    }

    /// Runs the hook `template` (from [`SiteShortcodes::hook_template`]) of `kind` on page
    /// `page_index` with the context `fields`; `.Page` and `.PageInner` are added.
    pub fn run_hook(
        &self,
        book: &crate::site::Site,
        page_index: usize,
        kind: HookKind,
        template: &str,
        mut fields: Map,
    ) -> HookOutput {
        let page = self.page_value(book, page_index);
        fields.insert("Page".to_string(), page.clone());
        fields.insert("PageInner".to_string(), page.clone());
        let context = Value::Object(Arc::new(HookContext {
            type_name: kind.context_type(),
            fields,
        }));
        let host = SiteHost::new(book, page_index, self, page);
        let name = format!("_markup/{template}");
        let html = self.templates.execute(&name, &context, &host).map_err(|e| {
            // The engine's messages name the template; the author knows its file.
            match self.hooks.get(template) {
                Some(file) => {
                    let shown = file.strip_prefix(&self.root).unwrap_or(file);
                    e.to_string()
                        .replace(&format!("{name}:"), &format!("{}:", shown.display()))
                }
                None => e.to_string(),
            }
        });
        HookOutput {
            template: template.to_string(),
            html,
            warnings: host.take_warnings(),
        }
    }
}

/// `.Position` of a hook's element: Hugo's `text.Position` (`"file:line:col"`).
pub fn position(file: &str, line: usize, col: usize) -> Value {
    Value::Object(Arc::new(super::shortcodes::PositionObject {
        file: file.to_string(),
        line: line as i64,
        col: col as i64,
    }))
}

/// The context a hook template gets (`hooks.LinkContext`, `hooks.HeadingContext`, …).
struct HookContext {
    type_name: &'static str,
    fields: Map,
}

impl Object for HookContext {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn field(&self, name: &str) -> Option<Value> {
        self.fields.get(name).cloned()
    }
}

/// Hugo's `transform.HighlightCodeBlock CONTEXT [OPTIONS]`: the code block's `.Inner` in
/// its `.Type`, as [`crate::render::site::shortcodes`]' `highlight` shows code (a
/// `<pre><code>` that mdBook's highlighter colours): `.Wrapped` is the whole block, `.Inner`
/// the code's escaped text.
pub(super) fn highlight_code_block(args: &[Value]) -> Result<Value, String> {
    let context = args
        .first()
        .ok_or("transform.HighlightCodeBlock needs a code block context")?;
    let code = context
        .get_field("Inner")
        .unwrap_or_default()
        .to_go_string();
    let lang = context.get_field("Type").unwrap_or_default().to_go_string();
    let wrapped = super::shortcodes::highlight(&[Value::from(code.as_str()), Value::from(lang)]);
    let inner = crate::html::escape_keeping_lines(code.trim_end_matches('\n')).to_string();
    Ok(Value::from(Map::from([
        ("Wrapped".to_string(), wrapped),
        (
            "Inner".to_string(),
            Value::Safe(SafeKind::Html, inner.into()),
        ),
    ])))
}
