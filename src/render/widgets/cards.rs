//! Cards: Docsy's `cardpane` + `card`, Doks' `card-grid` + `card` and `link-card`, and the
//! linked cards that stand in for embeds that would need the network (`x`, `instagram`,
//! `gist`). They use the grid and card markup of the Bootstrap-card conversion, so
//! `theme/hugo.css` styles them all alike.
//!
//! `card` is both Docsy's and Doks'; its parent decides: inside `cardpane` it is Docsy's,
//! inside `card-grid` it is Doks'. A card alone is Docsy's when it uses one of Docsy's own
//! parameters (`header`, `subtitle`, `footer`, `code`, `lang`, `highlight`), else Doks'.

use super::code::code_block;
use super::markup::{html_block, html_with_markdown, icon_html};
use crate::html::{escape_attr, escape_text};
use crate::render::RenderContext;
use crate::render::safe::{checked_url, class_list, html_param, is_token};
use crate::shortcode::{Shortcode, Value};

/// Which theme a `card` belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Docsy,
    Doks,
}

/// Docsy's own card parameters.
const DOCSY_ONLY: &[&str] = &["header", "subtitle", "footer", "code", "lang", "highlight"];

/// Docsy `cardpane`, Doks `card-grid`: a grid of the cards inside.
pub(crate) fn card_grid(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    html_with_markdown(out, "<div class=\"hugo-cards\">", &body, "</div>");
}

/// Docsy's or Doks' `card`, decided by its parent (see the module documentation).
pub(crate) fn card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let parent = ctx.parent_name().map(str::to_string);
    let dialect = match parent.as_deref() {
        Some("cardpane") => Dialect::Docsy,
        Some("card-grid") => Dialect::Doks,
        _ if DOCSY_ONLY.iter().any(|k| sc.params.named(k).is_some()) => Dialect::Docsy,
        _ => Dialect::Doks,
    };
    let alone = !matches!(parent.as_deref(), Some("cardpane" | "card-grid"));
    let at = sc.open.start;
    let html_of = |ctx: &mut RenderContext<'_>, key: &str| {
        sc.params
            .named(key)
            .map(|v| html_param(ctx, at, "card", &v.as_text()))
    };
    let title = html_of(ctx, "title");
    let (header, subtitle, footer, icon, color) = match dialect {
        Dialect::Docsy => (
            html_of(ctx, "header"),
            html_of(ctx, "subtitle"),
            html_of(ctx, "footer"),
            None,
            None,
        ),
        Dialect::Doks => {
            let icon = sc.params.text("icon", usize::MAX).map(|i| i.into_owned());
            let icon = icon.and_then(|i| icon_html(ctx, at, "card", &i));
            let color = sc
                .params
                .text("color", usize::MAX)
                .filter(|c| is_token(c))
                .map(|c| c.to_ascii_lowercase());
            (None, None, None, icon, color)
        }
    };
    let body = card_body(ctx, sc, dialect);
    let mut open = String::new();
    if alone {
        open.push_str("<div class=\"hugo-cards\">\n");
    }
    match color {
        Some(color) => open.push_str(&format!("<div class=\"hugo-card hugo-card-{color}\">\n")),
        None => open.push_str("<div class=\"hugo-card\">\n"),
    }
    push_part(&mut open, "hugo-card-header", header.as_deref());
    open.push_str("<div class=\"hugo-card-main\">\n");
    push_part(&mut open, "hugo-card-icon", icon.as_deref());
    open.push_str("<div class=\"hugo-card-body\">\n");
    push_part(&mut open, "hugo-card-title", title.as_deref());
    push_part(&mut open, "hugo-card-subtitle", subtitle.as_deref());
    let mut close = String::from("</div>\n</div>\n");
    push_part(&mut close, "hugo-card-footer", footer.as_deref());
    close.push_str("</div>\n");
    if alone {
        close.push_str("</div>\n");
    }
    if body.trim().is_empty() {
        html_block(out, &format!("{open}{close}"));
    } else {
        open.push_str("<div class=\"hugo-card-text\">");
        html_with_markdown(out, &open, &body, &format!("</div>\n{close}"));
    }
}

/// The card's body: Markdown, or for Docsy's `code=true` a code block in `lang`.
fn card_body(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, dialect: Dialect) -> String {
    let body = ctx.render_inner(sc);
    let is_code =
        dialect == Dialect::Docsy && sc.params.named("code").is_some_and(Value::is_truthy);
    if !is_code {
        return body;
    }
    let lang = sc
        .params
        .text("lang", usize::MAX)
        .unwrap_or_default()
        .into_owned();
    let options = sc
        .params
        .text("highlight", usize::MAX)
        .unwrap_or_default()
        .into_owned();
    let mut block = String::new();
    let code = body.trim_matches('\n');
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

fn push_part(html: &mut String, class: &str, content: Option<&str>) {
    if let Some(content) = content.filter(|c| !c.is_empty()) {
        html.push_str(&format!("<div class=\"{class}\">{content}</div>\n"));
    }
}

/// Doks `link-card`: `title`, `description`, `href`, `target`, `rel`, `class`.
pub(crate) fn link_card_shortcode(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    out: &mut String,
) {
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
    let alone = ctx.parent_name() != Some("card-grid");
    write_link_card(&card, alone, out);
}

/// A card that is one link (Doks' `link-card`, the stand-in for embeds).
pub(crate) struct LinkCard {
    /// Where it leads (already checked).
    pub href: String,
    /// The title, as text.
    pub title: String,
    /// A line under the title, as text.
    pub description: Option<String>,
    /// The call to action, as text (`github.com/… →`).
    pub action: Option<String>,
    /// A Font Awesome 6 `<i>`.
    pub icon: Option<String>,
    /// Extra classes (already filtered).
    pub class: Option<String>,
    /// The link's `target`.
    pub target: Option<String>,
    /// The link's `rel`.
    pub rel: Option<String>,
}

/// Writes a link card; `alone` wraps it in a grid of its own.
pub(crate) fn write_link_card(card: &LinkCard, alone: bool, out: &mut String) {
    let mut html = String::new();
    if alone {
        html.push_str("<div class=\"hugo-cards\">\n");
    }
    let class = card
        .class
        .as_deref()
        .filter(|c| !c.is_empty())
        .map_or(String::new(), |c| format!(" {c}"));
    html.push_str(&format!(
        "<a class=\"hugo-card hugo-link-card{class}\" href=\"{}\"",
        escape_attr(&card.href)
    ));
    for (key, value) in [("target", &card.target), ("rel", &card.rel)] {
        if let Some(value) = value {
            html.push_str(&format!(" {key}=\"{}\"", escape_attr(value)));
        }
    }
    html.push_str(">\n<div class=\"hugo-card-main\">\n");
    push_part(&mut html, "hugo-card-icon", card.icon.as_deref());
    html.push_str("<div class=\"hugo-card-body\">\n");
    push_part(
        &mut html,
        "hugo-card-title",
        Some(&escape_text(&card.title)),
    );
    push_part(
        &mut html,
        "hugo-card-text",
        card.description.as_deref().map(escape_text).as_deref(),
    );
    if let Some(action) = &card.action {
        html.push_str(&format!(
            "<div class=\"hugo-card-actions\"><span class=\"hugo-card-action\">{}</span></div>\n",
            escape_text(action)
        ));
    }
    html.push_str("</div>\n</div>\n</a>\n");
    if alone {
        html.push_str("</div>\n");
    }
    html_block(out, &html);
}
