//! Doks' shortcodes: `callout`, `details`, `tabs`/`tab`, `card-grid`/`card`, `link-card`,
//! `steps`/`step`, `preview`, `tree`, `kroki`, `video`, and the image shortcodes of the
//! modules Doks mounts (`img`, `picture` from @thulite/images, `inline-svg` from
//! @thulite/inline-svg).

use crate::render::RenderContext;
use crate::render::registry::Entry;
use crate::render::safe::{checked_url, class_list};
use crate::render::widgets::admonition::Callout;
use crate::render::widgets::cards::{LinkCard, write_link_card};
use crate::render::widgets::code::code_block;
use crate::render::widgets::markup::html_with_markdown;
use crate::render::widgets::{admonition, cards, collapsible, diagram, media, steps, tabs, tree};
use crate::shortcode::{BodyKind, Shortcode};

/// Doks' shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("callout", BodyKind::Required, callout),
    ("details", BodyKind::Required, collapsible::details),
    ("tabs", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("card-grid", BodyKind::Required, cards::grid),
    ("card", BodyKind::Required, super::shared::card),
    ("link-card", BodyKind::None, link_card),
    ("steps", BodyKind::Required, steps::steps),
    ("step", BodyKind::Required, steps::lone_step),
    ("preview", BodyKind::Required, preview),
    ("tree", BodyKind::Required, tree::tree),
    ("kroki", BodyKind::Required, kroki),
    ("video", BodyKind::None, media::video),
    ("img", BodyKind::None, media::image),
    ("picture", BodyKind::None, media::image),
    ("inline-svg", BodyKind::None, media::inline_svg),
];

/// Doks `preview`: the body, rendered, in a box captioned "Preview".
fn preview(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    html_with_markdown(
        out,
        "<figure class=\"hugo-preview\">\n<figcaption>Preview</figcaption>\n<div class=\"hugo-preview-content\">",
        &body,
        "</div>\n</figure>",
    );
}

/// Doks `kroki`: `type` and the diagram's source. Kroki draws it on a web service at
/// build time, which the book never calls: the source is shown as code in its language
/// (a `mermaid` one is a Mermaid block), with a warning. `alt`, `class`, `id`, `title`
/// belong to the drawn image.
fn kroki(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let kind = sc
        .params
        .text("type", usize::MAX)
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()));
    let Some(kind) = kind else {
        ctx.error(
            at,
            "kroki: missing or invalid `type` (the diagram's language)",
        );
        return;
    };
    let source = sc
        .inner_source(ctx.source())
        .unwrap_or_default()
        .trim()
        .to_string();
    if kind == "mermaid" {
        // Mermaid draws in the browser, offline, with the script `install` adds.
        diagram::mermaid(&source, "", out);
        return;
    }
    ctx.warn(
        at,
        format!(
            "kroki: the {kind} diagram needs the Kroki web service; its source is shown as code"
        ),
    );
    code_block(ctx, at, "kroki", &kind, "", &source, out);
}

/// `callout`, Doks' (`context`/0, `title`) or Relearn's (`style`/0, `title`/1; `icon`/2
/// is not shown: mdBook draws its own); Doks' caution is amber, a warning.
fn callout(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc
            .params
            .text("context", 0)
            .or_else(|| sc.params.text("style", usize::MAX)),
        title: sc.params.text("title", 1),
        caution_is_warning: true,
    };
    admonition::admonition(ctx, sc, callout, out);
}

/// Doks `link-card`: `title`, `description`, `href`, `target`, `rel`, `class`.
fn link_card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let Some(href) = param("href") else {
        ctx.error(at, "link-card: missing the `href` parameter");
        return;
    };
    let Some(href) = checked_url(ctx, at, "link-card", "href", &href) else {
        return;
    };
    let card = LinkCard {
        href,
        title: param("title").unwrap_or_default(),
        description: param("description"),
        action: None,
        icon: None,
        class: param("class").map(|c| class_list(&c)),
        target: param("target"),
        rel: param("rel"),
    };
    write_link_card(ctx, &card, out);
}
