//! Cards: a grid, a content card and a card that is one link, whichever dialect asks for
//! them (Docsy's `cardpane`/`card`, Doks' `card-grid`/`card`/`link-card`, and the stand-ins
//! for embeds that would need the network). They use the grid and card markup of the
//! Bootstrap-card conversion, so `theme/hugo.css` styles them all alike.

use super::markup::{html_block, html_with_markdown};
use crate::html::{escape_attr, escape_text};
use crate::render::RenderContext;
use crate::shortcode::Shortcode;

/// A grid of the cards (or other items) in the shortcode's body: Docsy's `cardpane`,
/// Doks' `card-grid`.
pub(crate) fn grid(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner_as_grid(sc);
    html_with_markdown(out, "<div class=\"hugo-cards\">", &body, "</div>");
}

/// A content card, its parts already HTML for where they land.
#[derive(Debug, Default)]
pub(crate) struct Card {
    /// Above the card's main part.
    pub header: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// Under the title.
    pub subtitle: Option<String>,
    /// Below the card's main part.
    pub footer: Option<String>,
    /// A Font Awesome 6 `<i>` beside the body.
    pub icon: Option<String>,
    /// A colour token (`hugo-card-{color}`).
    pub color: Option<String>,
    /// The body, Markdown.
    pub body: String,
}

/// Writes `card`; one that is not an item of a grid gets a grid of its own.
pub(crate) fn write_card(ctx: &RenderContext<'_>, card: &Card, out: &mut String) {
    let alone = !ctx.parent_is_grid();
    let mut open = String::new();
    if alone {
        open.push_str("<div class=\"hugo-cards\">\n");
    }
    match &card.color {
        Some(color) => open.push_str(&format!("<div class=\"hugo-card hugo-card-{color}\">\n")),
        None => open.push_str("<div class=\"hugo-card\">\n"),
    }
    push_part(&mut open, "hugo-card-header", card.header.as_deref());
    open.push_str("<div class=\"hugo-card-main\">\n");
    push_part(&mut open, "hugo-card-icon", card.icon.as_deref());
    open.push_str("<div class=\"hugo-card-body\">\n");
    push_part(&mut open, "hugo-card-title", card.title.as_deref());
    push_part(&mut open, "hugo-card-subtitle", card.subtitle.as_deref());
    let mut close = String::from("</div>\n</div>\n");
    push_part(&mut close, "hugo-card-footer", card.footer.as_deref());
    close.push_str("</div>\n");
    if alone {
        close.push_str("</div>\n");
    }
    if card.body.trim().is_empty() {
        html_block(out, &format!("{open}{close}"));
    } else {
        open.push_str("<div class=\"hugo-card-text\">");
        html_with_markdown(out, &open, &card.body, &format!("</div>\n{close}"));
    }
}

fn push_part(html: &mut String, class: &str, content: Option<&str>) {
    if let Some(content) = content.filter(|c| !c.is_empty()) {
        html.push_str(&format!("<div class=\"{class}\">{content}</div>\n"));
    }
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

/// Writes a link card; one that is not an item of a grid gets a grid of its own.
pub(crate) fn write_link_card(ctx: &RenderContext<'_>, card: &LinkCard, out: &mut String) {
    let html = link_card_html(card);
    if ctx.parent_is_grid() {
        html_block(out, &html);
    } else {
        html_block(out, &format!("<div class=\"hugo-cards\">\n{html}</div>"));
    }
}

/// The HTML of a link card (one `<a>`, lines ending in `\n`), to go inside a grid.
pub(crate) fn link_card_html(card: &LinkCard) -> String {
    let mut html = String::new();
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
    html
}
