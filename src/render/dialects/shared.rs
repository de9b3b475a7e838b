//! Names several themes share, with one handler that tells the themes apart.
//!
//! `card` is Docsy's, Doks' and Relearn's; its parent decides: inside `cardpane` it is
//! Docsy's, inside `card-grid` Doks', inside `cards` Relearn's. A card alone is Docsy's when it uses one of Docsy's own
//! parameters (`header`, `subtitle`, `footer`, `code`, `lang`, `highlight`), else Doks'.

use crate::html::escape_attr;
use crate::render::RenderContext;
use crate::render::safe::{checked_url, html_param, is_token};
use crate::render::widgets::cards::{Card, write_card};
use crate::render::widgets::code::code_block;
use crate::render::widgets::markup::icon_html;
use crate::shortcode::{Shortcode, Value};

/// Docsy's own card parameters.
const DOCSY_ONLY: &[&str] = &["header", "subtitle", "footer", "code", "lang", "highlight"];

/// `card`, Docsy's or Doks' (see the module documentation).
pub(crate) fn card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    if ctx.parent_name() == Some("cards") {
        let card = super::relearn::card(ctx, sc);
        write_card(ctx, &card, out);
        return;
    }
    let docsy = match ctx.parent_name() {
        Some("cardpane") => true,
        Some("card-grid") => false,
        _ => DOCSY_ONLY.iter().any(|k| sc.params.named(k).is_some()),
    };
    let card = if docsy {
        docsy_card(ctx, sc)
    } else {
        doks_card(ctx, sc)
    };
    write_card(ctx, &card, out);
}

/// A named parameter as HTML for a card part.
fn html_of(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, key: &str) -> Option<String> {
    sc.params
        .named(key)
        .map(|v| html_param(ctx, sc.open.start, "card", &v.as_text()))
}

/// Docsy's `card`: `header`, `title`, `subtitle`, `footer`; with `code=true` the body is a
/// code block in `lang` with `highlight` options.
fn docsy_card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> Card {
    Card {
        header: html_of(ctx, sc, "header"),
        title: html_of(ctx, sc, "title"),
        subtitle: html_of(ctx, sc, "subtitle"),
        footer: html_of(ctx, sc, "footer"),
        body: docsy_card_body(ctx, sc),
        ..Card::default()
    }
}

fn docsy_card_body(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> String {
    let body = ctx.render_inner(sc);
    if !sc.params.named("code").is_some_and(Value::is_truthy) {
        return body;
    }
    let text = |key: &str| {
        sc.params
            .text(key, usize::MAX)
            .unwrap_or_default()
            .into_owned()
    };
    let mut block = String::new();
    let code = body.trim_matches('\n');
    let (lang, options) = (text("lang"), text("highlight"));
    code_block(
        ctx,
        sc.open.start,
        "card",
        &lang,
        &options,
        code,
        &mut block,
    );
    block
}

/// Doks' `card`: `title`, `icon`, `color`; Relearn's card adds `href` (the title links
/// there) and `image` (shown above the card's main part).
fn doks_card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> Card {
    let at = sc.open.start;
    let url = |ctx: &mut RenderContext<'_>, key: &str| {
        let value = sc.params.named(key)?.as_text().into_owned();
        checked_url(ctx, at, "card", key, &value)
    };
    let href = url(ctx, "href");
    let image = url(ctx, "image");
    let title = html_of(ctx, sc, "title").map(|title| match &href {
        Some(href) => format!("<a href=\"{}\">{title}</a>", escape_attr(href)),
        None => title,
    });
    let icon = sc.params.text("icon", usize::MAX).map(|i| i.into_owned());
    let icon = icon.and_then(|i| icon_html(ctx, at, "card", &i));
    let color = sc
        .params
        .text("color", usize::MAX)
        .filter(|c| is_token(c))
        .map(|c| c.to_ascii_lowercase());
    Card {
        image,
        title,
        icon,
        color,
        body: ctx.render_inner(sc),
        ..Card::default()
    }
}
