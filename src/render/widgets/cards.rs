//! Cards: a grid, a content card and a card that is one link, whichever dialect asks for
//! them (Docsy's `cardpane`/`card`, Doks' `card-grid`/`card`/`link-card`, and the stand-ins
//! for embeds that would need the network). They use the grid and card markup of the
//! Bootstrap-card conversion, so `theme/hugo.css` styles them all alike.

use super::markup::{html_block, html_with_markdown};
use crate::card::CardDom;
use crate::html::escape_text;
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
    /// An image above the main part: its `src`, already checked.
    pub image: Option<String>,
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
    let dom = CardDom {
        extra_class: card
            .color
            .as_ref()
            .map(|color| format!("hugo-card-{color}")),
        header: card.header.as_deref(),
        image: card.image.as_deref().map(|src| (src, "")),
        icon: card.icon.as_deref(),
        title: card.title.as_deref(),
        subtitle: card.subtitle.as_deref(),
        footer: card.footer.as_deref(),
        ..CardDom::default()
    };
    let has_body = !card.body.trim().is_empty();
    let (open, close) = dom.split(has_body);
    let (open, close) = in_own_grid(ctx, open, close);
    if has_body {
        html_with_markdown(out, &open, &card.body, &close);
    } else {
        html_block(out, &format!("{open}{close}"));
    }
}

/// Wraps a card that is not an item of a grid in a grid of its own.
fn in_own_grid(ctx: &RenderContext<'_>, open: String, close: String) -> (String, String) {
    if ctx.parent_is_grid() {
        (open, close)
    } else {
        (
            format!("<div class=\"hugo-cards\">\n{open}"),
            format!("{close}</div>\n"),
        )
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
    let (open, close) = in_own_grid(ctx, link_card_html(card), String::new());
    html_block(out, &format!("{open}{close}"));
}

/// The HTML of a link card (one `<a>`, lines ending in `\n`), to go inside a grid.
pub(crate) fn link_card_html(card: &LinkCard) -> String {
    let class = card.class.as_deref().filter(|c| !c.is_empty());
    let title = escape_text(&card.title);
    let dom = CardDom {
        href: Some(&card.href),
        target: card.target.as_deref(),
        rel: card.rel.as_deref(),
        extra_class: Some(class.map_or("hugo-link-card".to_string(), |c| {
            format!("hugo-link-card {c}")
        })),
        icon: card.icon.as_deref(),
        title: Some(&title),
        texts: card
            .description
            .iter()
            .map(|d| escape_text(d).into_owned())
            .collect(),
        actions: card
            .action
            .iter()
            .map(|a| (None, escape_text(a).into_owned()))
            .collect(),
        ..CardDom::default()
    };
    dom.html()
}
