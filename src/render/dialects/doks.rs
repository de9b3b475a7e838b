//! Doks' shortcodes: `callout`, `details`, `tabs`/`tab`, `card-grid`/`card` and
//! `link-card`.

use crate::render::RenderContext;
use crate::render::registry::Entry;
use crate::render::safe::{checked_url, class_list};
use crate::render::widgets::admonition::Callout;
use crate::render::widgets::cards::{LinkCard, write_link_card};
use crate::render::widgets::{admonition, cards, collapsible, tabs};
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
];

/// Doks `callout`: `context`/0, `title` (named only); Doks' caution is amber, a warning.
fn callout(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc.params.text("context", 0),
        title: sc.params.text("title", usize::MAX),
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
