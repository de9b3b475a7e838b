//! Aliases from `[preprocessor.hugo.aliases]`: a site's own name for a shortcode, with
//! default parameters. `note = { shortcode = "alert", params = { color = "info" } }` makes
//! `{{< note title="x" >}}` render as `{{< alert color="info" title="x" >}}`.
//!
//! The call's parameters win over the defaults. Named defaults cannot combine with
//! positional parameters unless the alias names them (`positional = ["title"]`). An alias
//! stands for a built-in or a template (never another alias) and takes its body rule.

use super::{Handler, Registry, Render, RenderContext};
use crate::config::{AliasConfig, HugoConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::shortcode::{Params, Shortcode, Value};
use std::borrow::Cow;
use std::sync::Arc;

/// An alias, resolved to the handler it stands for.
pub struct Alias {
    /// The name it stands for.
    pub target: String,
    /// That shortcode's handler.
    handler: Handler,
    /// Default parameters, in the config's order.
    defaults: Vec<(String, String, DefaultKind)>,
    /// Names for the call's positional parameters.
    positional: Vec<String>,
}

/// How a default value is typed, as Hugo would type it written bare.
#[derive(Debug, Clone, Copy)]
enum DefaultKind {
    String,
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// Adds `config`'s aliases to `registry`; an alias to a name nothing defines is an error.
pub(super) fn apply_aliases(
    config: &HugoConfig,
    registry: &mut Registry,
    diagnostics: &mut Diagnostics,
) {
    let base = registry.clone();
    for (name, alias) in &config.aliases {
        let Some(handler) = base.get(&alias.shortcode) else {
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                "book.toml",
                format!(
                    "`preprocessor.hugo.aliases.{name}` stands for {:?}, which is neither a built-in shortcode nor a template",
                    alias.shortcode
                ),
            ));
            continue;
        };
        if base
            .get(name)
            .is_some_and(|h| matches!(h.render, Render::Template(_)))
        {
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                "book.toml",
                format!("`preprocessor.hugo.aliases.{name}`: {name:?} is also a template in the shortcodes folder; remove one"),
            ));
            continue;
        }
        let resolved = resolve(alias, handler.clone());
        registry.insert(name, handler.body, Render::Alias(Arc::new(resolved)));
    }
}

fn resolve(alias: &AliasConfig, handler: Handler) -> Alias {
    let defaults = alias
        .params
        .iter()
        .map(|(key, value)| {
            let (text, kind) = match value {
                serde_json::Value::Bool(b) => (b.to_string(), DefaultKind::Bool(*b)),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => (i.to_string(), DefaultKind::Int(i)),
                    None => {
                        let f = n.as_f64().unwrap_or_default();
                        (f.to_string(), DefaultKind::Float(f))
                    }
                },
                serde_json::Value::String(s) => (s.clone(), DefaultKind::String),
                other => (other.to_string(), DefaultKind::String),
            };
            (key.clone(), text, kind)
        })
        .collect();
    Alias {
        target: alias.shortcode.clone(),
        handler,
        defaults,
        positional: alias.positional.clone(),
    }
}

/// Renders a call of an alias as a call of its target.
pub(super) fn render(
    ctx: &mut RenderContext<'_>,
    alias: &Alias,
    sc: &Shortcode<'_>,
    out: &mut String,
) {
    let params = merged_params(ctx, alias, sc);
    let aliased = Shortcode {
        name: &alias.target,
        params,
        ..sc.clone()
    };
    ctx.rename_current(&alias.target);
    alias.handler.render.call(ctx, &aliased, out);
}

/// The call's parameters over the alias's defaults.
fn merged_params<'a>(
    ctx: &mut RenderContext<'_>,
    alias: &'a Alias,
    sc: &Shortcode<'a>,
) -> Params<'a> {
    let named: Vec<(&'a str, Value<'a>)> = match &sc.params {
        Params::Named(pairs) => pairs.clone(),
        Params::Positional(values) if values.is_empty() => Vec::new(),
        Params::Positional(values) if alias.defaults.is_empty() => {
            return Params::Positional(values.clone());
        }
        Params::Positional(values) => {
            if values.len() > alias.positional.len() {
                ctx.warn(
                    sc.open.start,
                    format!(
                        "{}: positional parameters cannot combine with the alias's defaults; \
                         name them in book.toml (`positional = [...]`) or call with names",
                        sc.name
                    ),
                );
                return Params::Positional(values.clone());
            }
            alias
                .positional
                .iter()
                .map(String::as_str)
                .zip(values.iter().cloned())
                .collect()
        }
    };
    let mut merged: Vec<(&'a str, Value<'a>)> = alias
        .defaults
        .iter()
        .filter(|(key, _, _)| !named.iter().any(|(k, _)| k == key))
        .map(|(key, text, kind)| {
            let value = match kind {
                DefaultKind::String => Value::String(Cow::Borrowed(text.as_str())),
                DefaultKind::Int(i) => Value::Int(*i),
                DefaultKind::Float(f) => Value::Float(*f),
                DefaultKind::Bool(b) => Value::Bool(*b),
            };
            (key.as_str(), value)
        })
        .collect();
    merged.extend(named);
    Params::Named(merged)
}
