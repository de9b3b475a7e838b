//! The table of shortcode handlers: name → whether it takes a body, and how it renders.

use super::RenderContext;
use crate::shortcode::{BodyKind, Shortcode};
use std::collections::HashMap;

/// Renders one shortcode call into Markdown appended to the output.
pub type RenderFn = fn(&mut RenderContext<'_>, &Shortcode<'_>, &mut String);

/// One registered shortcode.
#[derive(Clone, Copy)]
pub struct Handler {
    /// Whether its template would use `.Inner`.
    pub body: BodyKind,
    /// How it renders.
    pub render: RenderFn,
}

/// Shortcode name → handler.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Handler>,
}

impl Registry {
    /// An empty registry: every shortcode is unknown.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in handlers.
    pub fn builtin() -> Self {
        let mut registry = Self::empty();
        super::builtin::register_all(&mut registry);
        registry
    }

    /// Adds or replaces the handler for `name`.
    pub fn register(&mut self, name: &str, body: BodyKind, render: RenderFn) {
        self.handlers
            .insert(name.to_string(), Handler { body, render });
    }

    /// The handler for `name`.
    pub fn get(&self, name: &str) -> Option<&Handler> {
        self.handlers.get(name)
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
