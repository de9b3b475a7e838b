//! A Hugo site's Markdown render hooks (`layouts/_markup/render-link.html`,
//! `render-image.html`, or the older `layouts/_default/_markup/`), run as Hugo runs them
//! for each link and image of a page.
//!
//! What a hook gets, as in Hugo 0.168's `LinkContext`: `.Destination`, `.Title`, `.Text`
//! (the link's text as HTML), `.PlainText`, `.Page`, `.PageInner` (the same page: a page's
//! own links only), `.Ordinal` (the link's or image's number on the page, from 0),
//! `.IsBlock` (false), `.Attributes` (empty). Its output is HTML that takes the place of
//! the Markdown link in the page: the Markdown pass ([`crate::markdown`]) writes it as
//! inline HTML whose text Markdown leaves as it is, and resolves and checks its `href` and
//! `src` as it does every link's. Autolinks (`<https://…>`) keep Markdown's rendering.

use crate::render::site::shortcodes::{SiteHost, SiteShortcodes};
use crate::template::{Map, Object, SafeKind, Value};
use std::sync::Arc;

/// The Markdown element a hook renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookKind {
    /// `[text](destination)`: `render-link`.
    Link,
    /// `![text](destination)`: `render-image`.
    Image,
}

impl HookKind {
    fn template(self) -> &'static str {
        match self {
            HookKind::Link => "render-link",
            HookKind::Image => "render-image",
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
    /// The HTML, or the engine's located message.
    pub html: Result<String, String>,
    /// `warnf` messages.
    pub warnings: Vec<String>,
}

impl SiteShortcodes {
    /// Whether the site has a hook for `kind`.
    pub fn has_hook(&self, kind: HookKind) -> bool {
        self.hooks.contains(kind.template())
    }

    /// Runs the site's hook for `call` on page `page_index` of `book`; `None` when the site
    /// has no hook for it.
    pub fn render_hook(
        &self,
        book: &crate::site::Site,
        page_index: usize,
        call: &HookCall<'_>,
    ) -> Option<HookOutput> {
        if !self.has_hook(call.kind) {
            return None;
        }
        let page = self.page_value(book, page_index);
        let context = Value::Object(Arc::new(HookContext {
            fields: Map::from([
                ("Destination".to_string(), Value::from(call.destination)),
                ("Title".to_string(), Value::from(call.title)),
                (
                    "Text".to_string(),
                    Value::Safe(SafeKind::Html, call.text_html.into()),
                ),
                ("PlainText".to_string(), Value::from(call.plain_text)),
                ("Page".to_string(), page.clone()),
                ("PageInner".to_string(), page.clone()),
                ("Ordinal".to_string(), Value::from(call.ordinal as i64)),
                ("IsBlock".to_string(), Value::from(false)),
                ("Attributes".to_string(), Value::from(Map::new())),
            ]),
        }));
        let host = SiteHost::new(book, page_index, self, page);
        let name = format!("_markup/{}", call.kind.template());
        let html = self
            .templates
            .execute(&name, &context, &host)
            .map_err(|e| e.to_string());
        Some(HookOutput {
            html,
            warnings: host.take_warnings(),
        })
    }
}

/// Hugo's `hooks.LinkContext`.
struct HookContext {
    fields: Map,
}

impl Object for HookContext {
    fn type_name(&self) -> &str {
        "hooks.LinkContext"
    }

    fn field(&self, name: &str) -> Option<Value> {
        self.fields.get(name).cloned()
    }
}
