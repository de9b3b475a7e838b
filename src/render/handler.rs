//! The public way to add a shortcode: a type that implements [`ShortcodeHandler`], given to
//! [`Registry::register_handler`](super::Registry::register_handler). The handler sees one
//! call as a [`ShortcodeCall`] (its name, parameters as text, its body already converted,
//! the page) and returns Markdown, or an error the converter reports at the call's
//! `file:line:col` while the call's source stays visible in the page.

use super::RenderContext;
use crate::shortcode::{Params, Shortcode};

/// A shortcode renderer supplied by a user of the library.
///
/// Whether the shortcode takes a body is given at registration (Hugo decides it by whether
/// the template uses `.Inner`); see [`crate::shortcode::BodyKind`].
pub trait ShortcodeHandler: Send + Sync {
    /// Renders one call into Markdown (HTML blocks allowed, as for any chapter).
    ///
    /// # Errors
    ///
    /// A message for the reader of the build log; the converter reports it as a warning
    /// (an error under `strict`) at the call, and keeps the call's source in the page.
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, String>;
}

/// One call of a shortcode, as a [`ShortcodeHandler`] sees it.
#[derive(Debug, Clone)]
pub struct ShortcodeCall<'a> {
    /// The shortcode's name (`note`, `blocks/lead`).
    pub name: &'a str,
    /// Positional parameters as text, in order (empty when they are named).
    pub positional: Vec<String>,
    /// Named parameters as text, in source order (empty when they are positional).
    pub named: Vec<(String, String)>,
    /// The body, converted to Markdown (shortcodes inside it rendered); `None` when the
    /// call has no closing tag.
    pub inner: Option<String>,
    /// The chapter's path in the book's source folder (`what/_index.md`).
    pub page: &'a str,
}

impl ShortcodeCall<'_> {
    /// Hugo's `.Get`: the named parameter `key`, else the positional one at `index`.
    pub fn get(&self, key: &str, index: usize) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .or_else(|| self.positional.get(index).map(String::as_str))
    }
}

/// Runs `handler` for `shortcode`: builds the call, renders the body first, reports an
/// error at the call and writes the call's source instead.
pub(crate) fn render(
    ctx: &mut RenderContext<'_>,
    handler: &dyn ShortcodeHandler,
    shortcode: &Shortcode<'_>,
    out: &mut String,
) {
    let (positional, named) = match &shortcode.params {
        Params::Positional(values) => (
            values.iter().map(|v| v.as_text().into_owned()).collect(),
            Vec::new(),
        ),
        Params::Named(pairs) => (
            Vec::new(),
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_text().into_owned()))
                .collect(),
        ),
    };
    let inner = shortcode
        .inner
        .is_some()
        .then(|| ctx.render_inner(shortcode));
    let page = ctx.page().source_path.clone();
    let call = ShortcodeCall {
        name: shortcode.name,
        positional,
        named,
        inner,
        page: &page,
    };
    match handler.render(&call) {
        Ok(markdown) => out.push_str(&markdown),
        Err(message) => {
            ctx.warn(
                shortcode.open.start,
                format!("{}: {message}", shortcode.name),
            );
            out.push_str(&ctx.source()[shortcode.span()]);
        }
    }
}
