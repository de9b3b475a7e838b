//! The book's own shortcodes: one template file per shortcode name in `shortcodes-dir`
//! (default `shortcodes/` next to `book.toml`), rendered with [MiniJinja] (Jinja syntax).
//!
//! `shortcodes/note.md` defines `note`; `shortcodes/blocks/hero.html` defines
//! `blocks/hero`. A template sees:
//!
//! - `name`: the shortcode's name;
//! - `params`: the parameters, by name (`params.title`) when the call names them, by
//!   position (`params[0]`) when it does not; `is_named_params` tells which;
//! - `inner`: the body as written; `inner_markdown`: the body with its shortcodes
//!   converted; `inner_html`: that Markdown rendered to HTML;
//! - `page`: `title`, `path` (source path), `output_path`, `url` (Hugo URL) and `params`
//!   (every front matter field); `site.params`: `[preprocessor.hugo.params]`;
//! - `id`: an id unique in the book, for elements that need one.
//!
//! Every value is HTML-escaped where it is printed (`{{ x | safe }}` opts out). Filters:
//! `markdownify` (Markdown to HTML, raw HTML shown as text) and `safe_url` (refuses script
//! URLs with a warning). A template that uses `inner` (in any form) takes a body, as in
//! Hugo. Templates may `{% include %}` or `{% import %}` each other by file name.
//!
//! [MiniJinja]: https://docs.rs/minijinja

use super::safe::{is_script_url, markdown_to_html, script_link};
use super::{Registry, Render, RenderContext};
use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::html::escape_keeping_lines;
use crate::shortcode::{BodyKind, Params, Shortcode};
use crate::source::SourceFile;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Extensions a template file may have.
const EXTENSIONS: &[&str] = &["md", "html"];

/// How deep the shortcodes folder is searched.
const MAX_DEPTH: usize = 8;

/// One shortcode defined by a template file.
#[derive(Debug)]
pub struct Template {
    /// The environment holding every template of the book.
    env: Arc<Environment<'static>>,
    /// The template's name in the environment (its path in the folder).
    template: String,
    /// The file, as diagnostics show it.
    pub display_path: PathBuf,
}

/// Warnings raised while a template renders (by `safe_url`).
#[derive(Default)]
struct Warnings(Vec<String>);

/// Loads every template of `config`'s shortcodes folder into `registry`; a template wins
/// over a built-in of the same name. Problems go to `diagnostics`.
pub(super) fn load_templates(
    config: &HugoConfig,
    registry: &mut Registry,
    diagnostics: &mut Diagnostics,
) {
    let Some(dir) = config.shortcodes_path() else {
        return;
    };
    if !dir.is_dir() {
        if config.shortcodes_dir.is_some() {
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                "book.toml",
                format!(
                    "`preprocessor.hugo.shortcodes-dir` is {}, which is not a folder",
                    dir.display()
                ),
            ));
        }
        return;
    }
    let root = config.book_root.clone().unwrap_or_default();
    let mut files = Vec::new();
    collect(&dir, &dir, 0, &mut files);
    files.sort();
    let mut env = environment();
    let mut loaded: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for (name, relative, path) in files {
        let display = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
        if let Some((_, first)) = loaded.get(&name) {
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                &display,
                format!(
                    "shortcode {name:?} is defined twice: by {} and by this file",
                    first.display()
                ),
            ));
            continue;
        }
        if !is_shortcode_name(&name) {
            diagnostics.push(Diagnostic::for_file(
                Severity::Warning,
                &display,
                format!("{name:?} is not a shortcode name Hugo accepts; the template is ignored"),
            ));
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                diagnostics.push(Diagnostic::for_file(
                    Severity::Error,
                    &display,
                    format!("cannot read the shortcode template: {error}"),
                ));
                continue;
            }
        };
        if let Err(error) = env.add_template_owned(relative.clone(), text.clone()) {
            diagnostics.push(template_error(&display, text, &error));
            continue;
        }
        loaded.insert(name, (relative, display));
    }
    let env = Arc::new(env);
    for (name, (relative, display)) in loaded {
        let body = body_kind(&env, &relative);
        let template = Template {
            env: Arc::clone(&env),
            template: relative,
            display_path: display,
        };
        registry.insert(&name, body, Render::Template(Arc::new(template)));
    }
}

/// Every template file under `dir`: (shortcode name, path in the folder, full path).
fn collect(base: &Path, dir: &Path, depth: usize, out: &mut Vec<(String, String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth < MAX_DEPTH {
                collect(base, &path, depth + 1, out);
            }
            continue;
        }
        let is_template = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e));
        let Some(relative) = path
            .strip_prefix(base)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
        else {
            continue;
        };
        if is_template && let Some((name, _)) = relative.rsplit_once('.') {
            out.push((name.to_string(), relative.clone(), path));
        }
    }
}

/// Hugo's shortcode names: a letter, digit or `_`, then also `-` and `/`.
fn is_shortcode_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
}

/// Whether the template uses the body.
fn body_kind(env: &Environment<'static>, template: &str) -> BodyKind {
    let uses_inner = env.get_template(template).is_ok_and(|t| {
        t.undeclared_variables(false)
            .iter()
            .any(|v| v.starts_with("inner"))
    });
    if uses_inner {
        BodyKind::Required
    } else {
        BodyKind::None
    }
}

/// The environment every template of a book shares.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(format_value);
    env.add_filter("markdownify", |text: String| {
        Value::from_safe_string(markdown_to_html(&text, false))
    });
    env.add_filter("safe_url", safe_url);
    env
}

/// Prints a value: nothing for none/undefined, HTML-escaped unless marked safe.
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let text = value.to_string();
    let escaped = !value.is_safe() && *state.auto_escape() == AutoEscape::Html;
    let text = if escaped {
        let html = escape_keeping_lines(&text).into_owned();
        match script_link(&text) {
            // The output is read as Markdown: a link written in a value would be live.
            // Brackets as character references cannot form a link, in Markdown or HTML.
            Some(url) => {
                let warnings = state.get_or_insert_extension(Warnings::default());
                warnings.0.push(format!(
                    "refused the script URL {url:?} in a parameter; its link is shown as text"
                ));
                html.replace('[', "&#91;").replace(']', "&#93;")
            }
            None => html,
        }
    } else {
        text
    };
    out.write_str(&text)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))
}

/// `{{ url | safe_url }}`: the URL, or `#` with a warning when it is a script URL.
fn safe_url(state: &mut State, url: String) -> String {
    if is_script_url(&url) {
        let warnings = state.get_or_insert_extension(Warnings::default());
        warnings
            .0
            .push(format!("refused the script URL {url:?} (safe_url)"));
        return "#".to_string();
    }
    url
}

/// A template error as a diagnostic at its line in the file.
fn template_error(display: &Path, text: String, error: &Error) -> Diagnostic {
    let source = SourceFile::new(display, text);
    let offset = error
        .line()
        .map_or(0, |line| line_start(&source.text, line));
    let message = match error.detail() {
        Some(detail) => format!("shortcode template: {}: {detail}", error.kind()),
        None => format!("shortcode template: {}", error.kind()),
    };
    Diagnostic::at(Severity::Error, &source, offset, message)
}

/// The byte offset where 1-based `line` starts.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Renders a call of a template shortcode.
pub(super) fn render(
    ctx: &mut RenderContext<'_>,
    template: &Template,
    sc: &Shortcode<'_>,
    out: &mut String,
) {
    let inner = sc.inner_source(ctx.source()).unwrap_or("").to_string();
    let inner_markdown = ctx.render_inner(sc);
    let context = context_value(ctx, sc, inner, &inner_markdown);
    let rendered = template
        .env
        .get_template(&template.template)
        .and_then(|t| t.render_captured(context));
    match rendered {
        Ok(captured) => {
            let warnings = captured
                .state()
                .get_extension::<Warnings>()
                .map(|w| w.0.clone())
                .unwrap_or_default();
            for warning in warnings {
                ctx.warn(
                    sc.open.start,
                    format!(
                        "{} ({}): {warning}",
                        sc.name,
                        template.display_path.display()
                    ),
                );
            }
            out.push_str(captured.output());
        }
        Err(error) => {
            let line = error.line().map_or(String::new(), |l| format!(":{l}"));
            let detail = error.detail().unwrap_or_default();
            ctx.error(
                sc.open.start,
                format!(
                    "shortcode template {}{line}: {}{}{detail}",
                    template.display_path.display(),
                    error.kind(),
                    if detail.is_empty() { "" } else { ": " }
                ),
            );
        }
    }
}

/// What the template sees (see the module documentation).
fn context_value(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    inner: String,
    inner_markdown: &str,
) -> Value {
    let page = ctx.page();
    let (params, named) = match &sc.params {
        Params::Named(pairs) => (
            Value::from(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), param_value(v)))
                    .collect::<BTreeMap<String, Value>>(),
            ),
            true,
        ),
        Params::Positional(values) => (
            Value::from(values.iter().map(param_value).collect::<Vec<Value>>()),
            false,
        ),
    };
    let page_value = BTreeMap::from([
        ("title", Value::from(page.front_matter.title.clone())),
        ("path", Value::from(page.source_path.clone())),
        ("output_path", Value::from(page.output_path.clone())),
        ("url", Value::from(page.hugo_url())),
        (
            "params",
            json_value(&serde_json::Value::Object(page.front_matter.fields.clone())),
        ),
    ]);
    let site = BTreeMap::from([(
        "params",
        json_value(&serde_json::Value::Object(ctx.config.params.clone())),
    )]);
    let id = ctx.unique_id("sc");
    Value::from(BTreeMap::from([
        ("name", Value::from(sc.name)),
        ("params", params),
        ("is_named_params", Value::from(named)),
        ("inner", Value::from(inner)),
        ("inner_markdown", Value::from(inner_markdown)),
        (
            "inner_html",
            Value::from_safe_string(markdown_to_html(inner_markdown, true)),
        ),
        ("page", Value::from(page_value)),
        ("site", Value::from(site)),
        ("id", Value::from(id)),
    ]))
}

fn param_value(value: &crate::shortcode::Value<'_>) -> Value {
    use crate::shortcode::Value as P;
    match value {
        P::String(s) => Value::from(s.as_ref()),
        P::Int(i) => Value::from(*i),
        P::Float(f) => Value::from(*f),
        P::Bool(b) => Value::from(*b),
    }
}

/// A front matter or site value as a template value.
fn json_value(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::from(()),
        serde_json::Value::Bool(b) => Value::from(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(items) => {
            Value::from(items.iter().map(json_value).collect::<Vec<_>>())
        }
        serde_json::Value::Object(map) => Value::from(
            map.iter()
                .map(|(k, v)| (k.clone(), json_value(v)))
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_hugos_grammar() {
        assert!(is_shortcode_name("note"));
        assert!(is_shortcode_name("blocks/hero-2"));
        assert!(!is_shortcode_name("-x"));
        assert!(!is_shortcode_name("a b"));
        assert!(!is_shortcode_name(""));
    }

    #[test]
    fn values_print_escaped_and_none_prints_nothing() {
        let env = environment();
        let out = env
            .render_str(
                "{{ a }}|{{ b }}|{{ c | safe }}|{{ d | safe_url }}|{{ e | markdownify }}",
                minijinja::context! {a => "<x \"y\">", b => (), c => "<b>", d => "javascript:x", e => "*e* <i>"},
            )
            .unwrap();
        assert_eq!(out, "&lt;x &quot;y&quot;&gt;||<b>|#|<em>e</em> &lt;i&gt;");
    }

    #[test]
    fn line_starts_are_found() {
        assert_eq!(line_start("a\nbc\nd", 1), 0);
        assert_eq!(line_start("a\nbc\nd", 3), 5);
        assert_eq!(line_start("a", 9), 1);
    }
}
