//! Collapsible sections: Hugo's, hugo-book's and Doks' `details`, hugo-book's and
//! Relearn's `expand`, all as a native `<details>` whose body stays Markdown.

use super::markup::html_with_markdown;
use crate::html::escape_attr;
use crate::render::RenderContext;
use crate::render::safe::{class_list, html_param};
use crate::shortcode::{Params, Shortcode, Value};

/// `details`: Hugo's `summary`, `open`, `class`, `name`, `title`; hugo-book's and Doks'
/// summary as `title` or first positional, and a bare `open`.
///
/// `title` is the summary unless `summary` is given, in which case it is Hugo's tooltip.
pub(crate) fn details(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let (summary, tooltip) = match sc.params.named("summary") {
        Some(summary) => (Some(summary), sc.params.named("title")),
        None => (sc.params.get("title", 0), None),
    };
    let summary = summary.map_or_else(|| "Details".to_string(), |s| s.as_text().into_owned());
    let mut attributes = String::new();
    if let Some(class) = sc.params.named("class") {
        attributes.push_str(&format!(" class=\"{}\"", class_list(&class.as_text())));
    }
    for key in ["name", "title"] {
        let value = if key == "title" {
            tooltip
        } else {
            sc.params.named(key)
        };
        if let Some(value) = value {
            attributes.push_str(&format!(" {key}=\"{}\"", escape_attr(&value.as_text())));
        }
    }
    let open = is_open(&sc.params, &["open"]);
    write(ctx, sc, &summary, &attributes, open, out);
}

/// `expand`: hugo-book's label (0); Relearn's `title` (0) and `open`/`expanded` (1);
/// Learn's label as `default`.
pub(crate) fn expand(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    // Learn names its label `default`.
    let title = sc
        .params
        .text("title", 0)
        .or_else(|| sc.params.text("default", usize::MAX))
        .map_or_else(|| "Expand".to_string(), |t| t.into_owned());
    let open = is_open(&sc.params, &["open", "expanded"]);
    write(ctx, sc, &title, " class=\"hugo-expand\"", open, out);
}

/// Whether a named flag is truthy, or a positional one (after the first) says `open`/`true`.
fn is_open(params: &Params<'_>, keys: &[&str]) -> bool {
    match params {
        Params::Named(_) => keys
            .iter()
            .any(|key| params.named(key).is_some_and(Value::is_truthy)),
        Params::Positional(values) => values.iter().skip(1).any(|value| match value {
            Value::Bool(b) => *b,
            Value::String(s) => s == "open" || s == "true",
            _ => false,
        }),
    }
}

fn write(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    summary: &str,
    attributes: &str,
    open: bool,
    out: &mut String,
) {
    let summary = html_param(ctx, sc.open.start, sc.name, summary);
    let body = ctx.render_inner(sc);
    let mut open_tag = String::with_capacity(attributes.len() + summary.len() + 40);
    open_tag.push_str("<details");
    open_tag.push_str(attributes);
    if open {
        open_tag.push_str(" open");
    }
    open_tag.push_str(">\n<summary>");
    open_tag.push_str(&summary);
    open_tag.push_str("</summary>");
    html_with_markdown(out, &open_tag, &body, "</details>");
}
