//! Numbered steps: hugo-book's `steps` (around an ordered list) and Doks' `steps` with a
//! `step` for each step.
//!
//! Both become `<div class="hugo-steps">` around an ordered list, which `theme/hugo.css`
//! draws as numbered steps. Doks' `step` bodies are Markdown: each is a list item whose
//! Markdown (code blocks, tabs) stays Markdown.

use super::markup::{html_with_markdown, start_block};
use crate::render::RenderContext;
use crate::shortcode::{Node, Shortcode};

/// `steps`: with `step` children (Doks), one list item a step; else (hugo-book) the body,
/// whose own ordered list is drawn as steps.
pub(crate) fn steps(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let nodes = sc.inner.as_deref().unwrap_or_default();
    let has_steps = nodes
        .iter()
        .any(|node| matches!(node, Node::Shortcode(child) if child.name == "step"));
    if !has_steps {
        let body = ctx.render_inner(sc);
        html_with_markdown(out, "<div class=\"hugo-steps\">", &body, "</div>");
        return;
    }
    start_block(out);
    out.push_str("<div class=\"hugo-steps\">\n<ol class=\"hugo-steps-list\">\n");
    let mut stray = false;
    for node in nodes {
        match node {
            Node::Shortcode(step) if step.name == "step" => {
                let body = ctx.render_inner(step);
                html_with_markdown(out, "<li class=\"hugo-step\">", &body, "</li>");
            }
            Node::Text(span) if ctx.source()[span.clone()].trim().is_empty() => {}
            other => {
                stray = true;
                let mut text = String::new();
                ctx.render_nodes(std::slice::from_ref(other), &mut text);
                html_with_markdown(out, "<li class=\"hugo-step\">", &text, "</li>");
            }
        }
    }
    if stray {
        ctx.warn(
            sc.open.start,
            "steps: content outside a `step` is shown as a step of its own",
        );
    }
    start_block(out);
    out.push_str("</ol>\n</div>\n");
}

/// A `step` that `steps` did not render itself: inside a `steps` rendered otherwise (the
/// site's own template), one list item; outside `steps`, one numbered step, with a
/// warning.
pub(crate) fn lone_step(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    if ctx.parent_name() == Some("steps") {
        let body = ctx.render_inner(sc);
        html_with_markdown(out, "<li class=\"hugo-step\">", &body, "</li>");
        return;
    }
    ctx.warn(
        sc.open.start,
        "step: used outside `steps`; shown as a step of its own",
    );
    let body = ctx.render_inner(sc);
    html_with_markdown(
        out,
        "<div class=\"hugo-steps\">\n<ol class=\"hugo-steps-list\">\n<li class=\"hugo-step\">",
        &body,
        "</li>\n</ol>\n</div>",
    );
}
