//! The table of shortcode handlers: name → whether it takes a body, and how it renders.

use super::RenderContext;
use super::alias::{self, Alias};
use super::handler::{self, ShortcodeHandler};
use super::site::shortcodes::{self, SiteShortcodes};
use super::user::{self, Template};
use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::shortcode::{BodyKind, Shortcode};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

/// Renders one shortcode call into Markdown appended to the output.
pub type RenderFn = fn(&mut RenderContext<'_>, &Shortcode<'_>, &mut String);

/// One built-in shortcode of a dialect's table: its name, whether it takes a body, and its
/// handler.
pub(crate) type Entry = (&'static str, BodyKind, RenderFn);

/// How a registered shortcode renders.
#[derive(Clone)]
pub enum Render {
    /// A handler written in Rust.
    Builtin(RenderFn),
    /// A template from the book's shortcodes folder.
    Template(Arc<Template>),
    /// Another name for a handler, with default parameters.
    Alias(Arc<Alias>),
    /// A handler supplied by a user of the library ([`Registry::register_handler`]).
    Custom(Arc<dyn ShortcodeHandler>),
    /// A template of the Hugo site (`site` in `[preprocessor.hugo]`), run as Hugo runs it;
    /// the handler it replaced renders the call when the template cannot.
    Site(Arc<SiteShortcodes>, Option<Arc<Render>>),
}

impl Render {
    /// Renders `shortcode` into `out`.
    pub fn call(&self, ctx: &mut RenderContext<'_>, shortcode: &Shortcode<'_>, out: &mut String) {
        match self {
            Render::Builtin(render) => render(ctx, shortcode, out),
            Render::Template(template) => user::render(ctx, template, shortcode, out),
            Render::Alias(alias) => alias::render(ctx, alias, shortcode, out),
            Render::Custom(handler) => handler::render(ctx, handler.as_ref(), shortcode, out),
            Render::Site(site, fallback) => {
                shortcodes::render(ctx, site, fallback.as_deref(), shortcode, out);
            }
        }
    }
}

/// One registered shortcode.
#[derive(Clone)]
pub struct Handler {
    /// Whether its template would use `.Inner`.
    pub body: BodyKind,
    /// How it renders.
    pub render: Render,
}

/// Shortcode name → handler.
#[derive(Clone, Default)]
pub struct Registry {
    /// Hashed with rustc's Fx hash: every tag of every page asks for its name (twice, for
    /// the parser and the renderer), and the keys are the registered names, not page text.
    handlers: FxHashMap<String, Handler>,
    /// The Hugo site's templates (`site` in `[preprocessor.hugo]`), for its render hooks.
    site_templates: Option<Arc<SiteShortcodes>>,
}

impl Registry {
    /// An empty registry: every shortcode is unknown.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in handlers.
    pub fn builtin() -> Self {
        let mut registry = Self::empty();
        super::dialects::register_all(&mut registry);
        registry
    }

    /// These handlers plus the book's own: templates from `shortcodes-dir` (which win over
    /// a built-in of the same name) and the aliases of `book.toml`. Problems with them are
    /// added to `diagnostics`.
    pub fn for_book(&self, config: &HugoConfig, diagnostics: &mut Diagnostics) -> Registry {
        let mut registry = self.clone();
        if let Some(site) = &config.site {
            registry.add_site(site, config, diagnostics);
        }
        user::load_templates(config, &mut registry, diagnostics);
        alias::apply_aliases(config, &mut registry, diagnostics);
        registry
    }

    /// Adds the shortcode templates of the Hugo site at `site` (winning over built-ins of
    /// the same name, as the site's own templates do in Hugo); a template that does not
    /// parse is a warning at its file, and its shortcode is then unknown.
    fn add_site(&mut self, site: &Path, config: &HugoConfig, diagnostics: &mut Diagnostics) {
        if !site.is_dir() {
            let book_toml = config.book_root.as_deref().map_or_else(
                || Path::new("book.toml").to_path_buf(),
                |root| root.join("book.toml"),
            );
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                &book_toml,
                format!(
                    "`preprocessor.hugo.site` names {}, which is not a folder: the site's templates are not used",
                    site.display()
                ),
            ));
            return;
        }
        let title = config
            .params
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        let (mut shortcodes, problems) = SiteShortcodes::load(site, &config.params, title, "/");
        shortcodes.retain_hooks(&config.render_hooks);
        for problem in problems {
            diagnostics.push(Diagnostic::for_file(
                Severity::Warning,
                &problem.file,
                format!("the site's template cannot be used: {}", problem.message),
            ));
        }
        let shortcodes = Arc::new(shortcodes);
        self.site_templates = Some(Arc::clone(&shortcodes));
        let names: Vec<(String, BodyKind)> = shortcodes
            .names()
            .map(|(name, kind)| (name.to_string(), kind))
            .collect();
        for (name, kind) in names {
            let fallback = self.get(&name).map(|h| Arc::new(h.render.clone()));
            self.insert(&name, kind, Render::Site(Arc::clone(&shortcodes), fallback));
        }
    }

    /// The Hugo site's templates, when the book has a site: its render hooks apply.
    pub fn site_templates(&self) -> Option<&SiteShortcodes> {
        self.site_templates.as_deref()
    }

    /// Adds or replaces the Rust handler for `name`.
    pub(crate) fn register(&mut self, name: &str, body: BodyKind, render: RenderFn) {
        self.insert(name, body, Render::Builtin(render));
    }

    /// Adds or replaces the handler for `name` with one of the library user's; `body` says
    /// whether the shortcode takes a body ([`BodyKind::Required`]), never does
    /// ([`BodyKind::None`]), or is paired when a closing tag follows ([`BodyKind::Unknown`]).
    pub fn register_handler(
        &mut self,
        name: &str,
        body: BodyKind,
        handler: Arc<dyn ShortcodeHandler>,
    ) {
        self.insert(name, body, Render::Custom(handler));
    }

    /// Adds or replaces the handler for `name` (in any case: see [`name_key`]).
    pub(crate) fn insert(&mut self, name: &str, body: BodyKind, render: Render) {
        self.handlers
            .insert(name_key(name).into_owned(), Handler { body, render });
    }

    /// The handler for `name`, in any case: `{{< relRef >}}` is `relref`.
    pub(crate) fn get(&self, name: &str) -> Option<&Handler> {
        self.handlers.get(&*name_key(name))
    }

    /// Whether `name` takes a body, for the parser.
    pub fn body_kind(&self, name: &str) -> BodyKind {
        self.get(name).map_or(BodyKind::Unknown, |h| h.body)
    }

    /// The registered names, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.handlers.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// The key a shortcode name is looked up by: the name in lower case, as Hugo 0.168 finds
/// a shortcode's template whatever the case of the call (`{{< relRef "x" >}}` runs
/// `relref`, `{{< MyBox >}}` runs `layouts/_shortcodes/myBox.html`).
pub(crate) fn name_key(name: &str) -> std::borrow::Cow<'_, str> {
    // Most names are ASCII in lower case already: one pass over the bytes says so.
    if name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.to_lowercase())
    }
}
