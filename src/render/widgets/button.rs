//! Link buttons: hugo-book's `button` (`href`, `relref`, `class`) and Relearn's (`href`,
//! `style`, `color`, `icon`, `iconposition`, `target`, `title`, `type`), as one styled link.
//!
//! Relearn's `style` picks the colour (`theme/hugo.css`) and, for `info`, `note`, `tip` and
//! `warning`, a default icon; a button with neither body nor `title` says its style's name.
//!
//! Relearn turns a `javascript:` href into a script button; that is refused here, with a
//! warning, and the button is shown without an action.

use crate::render::RenderContext;

use super::markup::icon_html;
use crate::html::escape_attr;
use crate::render::safe::{checked_url, class_list, inline_html_param, is_token};
use crate::shortcode::Shortcode;

/// `button`: an `<a class="hugo-button">` around the body (or `title`).
pub(crate) fn button(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let href = match (param("href"), param("relref")) {
        (_, Some(reference)) => ctx.resolve_ref(at, &reference),
        (Some(href), None) => checked_url(ctx, at, "button", "href", &href),
        (None, None) => None,
    };
    let body = ctx.render_inner(sc);
    let style = param("style")
        .filter(|s| is_token(s))
        .map(|s| s.to_ascii_lowercase());
    let label = match body.trim() {
        "" => param("title")
            .or_else(|| style.as_deref().map(style_label))
            .unwrap_or_default(),
        body => body.to_string(),
    };
    let label = inline_html_param(ctx, at, "button", &label);
    let mut classes = String::from("hugo-button");
    if let Some(style) = &style {
        classes.push_str(&format!(" hugo-button-{style}"));
    }
    if let Some(class) = param("class") {
        let class = class_list(&class);
        if !class.is_empty() {
            classes.push(' ');
            classes.push_str(&class);
        }
    }
    let icon = param("icon")
        .or_else(|| style.as_deref().and_then(style_icon).map(str::to_string))
        .and_then(|icon| icon_html(ctx, at, "button", &icon));
    // Relearn writes `iconposition`, Learn `icon-position`.
    let position = param("iconposition").or_else(|| param("icon-position"));
    let content = match (icon, position.as_deref()) {
        (Some(icon), Some("right")) => format!("{label} {icon}"),
        (Some(icon), _) => format!("{icon} {label}"),
        (None, _) => label,
    };
    let Some(href) = href else {
        out.push_str(&format!("<span class=\"{classes}\">{content}</span>"));
        return;
    };
    let mut anchor = format!("<a class=\"{classes}\" href=\"{}\"", escape_attr(&href));
    let external = href.starts_with("http://") || href.starts_with("https://");
    match param("target") {
        Some(target) => anchor.push_str(&format!(" target=\"{}\"", escape_attr(&target))),
        None if external => anchor.push_str(" target=\"_blank\" rel=\"noopener\""),
        None => {}
    }
    out.push_str(&format!("{anchor}>{content}</a>"));
}

/// Relearn's label for a button with neither body nor `title`: its style's name.
fn style_label(style: &str) -> String {
    let mut chars = style.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Relearn's default icon for a box style (`info`, `warning`, `note`, `tip`).
fn style_icon(style: &str) -> Option<&'static str> {
    match style {
        "info" => Some("circle-info"),
        "warning" => Some("triangle-exclamation"),
        "note" => Some("circle-exclamation"),
        "tip" => Some("lightbulb"),
        _ => None,
    }
}
