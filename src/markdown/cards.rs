//! Bootstrap card markup (`row`/`col`/`card`/`card-body`/`card-title`/`card-text`, icons,
//! `stretched-link`, `card-header`/`card-footer`, `card-img-top`, button links,
//! `card-deck`/`card-group`) becomes a grid of cards styled by `theme/hugo.css`. A card with
//! one link target becomes one real link, as `stretched-link` means. Markup that is not
//! only cards and layout wrappers is left for the caller to keep.
//!
//! Each part keeps its inline markup (`code`, `strong`, `em`, `<br>`, links in its text, …;
//! see [`inline`]); a link inside the text of a card that is itself one link keeps only its
//! words, as an `<a>` cannot hold another.

mod inline;

use crate::card::CardDom;
use crate::html::escape_text;
use crate::icons;
use scraper::node::Node;
use scraper::{ElementRef, Html};

/// Classes whose text is part of a card we understand.
const CARD_PARTS: &[&str] = &[
    "card-header",
    "card-title",
    "card-subtitle",
    "card-text",
    "card-footer",
];

/// Whether an HTML block may hold Bootstrap cards (a cheap test before parsing).
pub fn mentions_cards(block: &str) -> bool {
    block.contains("card")
}

/// The converted grid and what to warn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardGrid {
    /// The grid's HTML, one HTML block without blank lines.
    pub html: String,
    /// Problems found (icons without a Font Awesome 6 equivalent).
    pub warnings: Vec<String>,
}

/// One card's content: its parts are the elements whose inline HTML is written.
#[derive(Debug, Default)]
struct Card<'a> {
    header: Option<ElementRef<'a>>,
    image: Option<(String, String)>,
    icon: Option<String>,
    title: Option<ElementRef<'a>>,
    subtitle: Option<ElementRef<'a>>,
    texts: Vec<ElementRef<'a>>,
    footer: Option<ElementRef<'a>>,
    links: Vec<CardLink<'a>>,
}

#[derive(Debug)]
struct CardLink<'a> {
    /// The `<a>` itself.
    element: ElementRef<'a>,
    /// The `href`, rewritten by `fix_url` (called once per link).
    href: String,
    /// The words of an action (a link outside the card's text); empty for a link inside it.
    text: String,
    stretched: bool,
}

/// Converts a block of card markup; `None` when it is not (only) cards.
///
/// `fix_url` rewrites a URL (site-absolute to relative) or returns `None` to keep it.
pub fn convert(block: &str, fix_url: &mut dyn FnMut(&str) -> Option<String>) -> Option<CardGrid> {
    let document = Html::parse_fragment(block);
    let root = document.root_element();
    let mut cards = Vec::new();
    if !collect_cards(root, &mut cards) || cards.is_empty() {
        return None;
    }
    let mut warnings = Vec::new();
    let mut parsed = Vec::with_capacity(cards.len());
    for card in cards {
        parsed.push(read_card(card, fix_url, &mut warnings)?);
    }
    let mut html = String::from("<div class=\"hugo-cards\">\n");
    for card in &parsed {
        write_card(card, &mut html);
    }
    html.push_str("</div>");
    Some(CardGrid { html, warnings })
}

/// Finds the outermost cards; false if anything outside them is more than layout.
fn collect_cards<'a>(element: ElementRef<'a>, cards: &mut Vec<ElementRef<'a>>) -> bool {
    for child in element.children() {
        match child.value() {
            Node::Text(text) if text.trim().is_empty() => {}
            Node::Comment(_) => {}
            Node::Element(_) => {
                let child = ElementRef::wrap(child).expect("an element node");
                if has_class(child, "card") {
                    cards.push(child);
                } else if is_layout(child) {
                    if !collect_cards(child, cards) {
                        return false;
                    }
                } else {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

fn is_layout(element: ElementRef<'_>) -> bool {
    matches!(
        element.value().name(),
        "div" | "section" | "article" | "main" | "html" | "body"
    )
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(element: ElementRef<'_>) -> String {
    collapse(&element.text().collect::<String>())
}

/// Reads one card; `None` when it holds content we would lose (text outside its parts, an
/// image's size).
fn read_card<'a>(
    card: ElementRef<'a>,
    fix_url: &mut dyn FnMut(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Option<Card<'a>> {
    let mut out = Card::default();
    for element in card.descendants().filter_map(ElementRef::wrap) {
        let name = element.value().name();
        let classes = element.value().attr("class").unwrap_or("");
        if (name == "i" || name == "span") && icons::is_font_awesome(classes) {
            match icons::resolve(classes) {
                Ok(Some(mut icon)) => {
                    icon.other_classes.clear();
                    out.icon.get_or_insert(icon.to_html());
                }
                Ok(None) => {}
                Err(unknown) => warnings.push(format!(
                    "icon `{}` has no Font Awesome 6 equivalent in mdBook",
                    unknown.written
                )),
            }
        } else if name == "img" {
            // The card DOM has no room for a size (Docsy's `imgproc` writes the processed
            // image's `width`/`height`): such a card is left as written.
            if ["width", "height"]
                .iter()
                .any(|a| element.value().attr(a).is_some())
            {
                return None;
            }
            // A book card has room for one image: a second (Docsy's signature in the
            // footer) would be lost, so such a card is left as written.
            if out.image.is_some() {
                return None;
            }
            let src = element.value().attr("src").unwrap_or_default();
            let src = fix_url(src).unwrap_or_else(|| src.to_string());
            let alt = element.value().attr("alt").unwrap_or_default().to_string();
            out.image = Some((src, alt));
        } else if name == "a"
            && let Some(href) = element.value().attr("href")
        {
            // A link inside a sentence of the card's text keeps its words there; only
            // the words of links outside the text (buttons) are the card's actions.
            let in_text = element
                .ancestors()
                .any(|a| ElementRef::wrap(a).is_some_and(|e| has_class(e, "card-text")));
            out.links.push(CardLink {
                element,
                href: fix_url(href).unwrap_or_else(|| href.to_string()),
                text: if in_text {
                    String::new()
                } else {
                    text_of(element)
                },
                stretched: has_class(element, "stretched-link"),
            });
        }
        let text = || Some(element).filter(|e| !text_of(*e).is_empty());
        // A part given twice (Docsy's `card` writes its subtitle as a second
        // `card-title`) would replace the first: the second title is the subtitle when
        // there is none, and otherwise the card is left as written.
        if has_class(element, "card-header") {
            set_once(&mut out.header, text())?;
        } else if has_class(element, "card-title") && out.title.is_some() {
            set_once(&mut out.subtitle, text())?;
        } else if has_class(element, "card-title") {
            out.title = text();
        } else if has_class(element, "card-subtitle") {
            set_once(&mut out.subtitle, text())?;
        } else if has_class(element, "card-text") {
            if !text_of(element).is_empty() {
                out.texts.push(element);
            }
        } else if has_class(element, "card-footer") {
            set_once(&mut out.footer, text())?;
        }
    }
    has_only_known_text(card).then_some(out)
}

/// Puts `value` in an empty `slot`; `None` when the slot already holds text (the card has
/// that part twice, and one of them would be lost).
fn set_once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    match (slot.as_ref(), value) {
        (Some(_), Some(_)) => None,
        (None, value) => {
            *slot = value;
            Some(())
        }
        (Some(_), None) => Some(()),
    }
}

/// Every piece of text in the card sits in a part we output.
fn has_only_known_text(card: ElementRef<'_>) -> bool {
    card.descendants().all(|node| {
        let Node::Text(text) = node.value() else {
            return true;
        };
        text.trim().is_empty()
            || node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.name() == "a"
                        || e.name() == "button"
                        || e.classes().any(|c| CARD_PARTS.contains(&c))
                })
            })
    })
}

/// The one URL the whole card leads to, if it has one.
fn card_target<'c, 'a>(card: &'c Card<'a>) -> Option<&'c CardLink<'a>> {
    if let Some(stretched) = card.links.iter().find(|l| l.stretched) {
        return Some(stretched);
    }
    let first = card.links.first()?;
    card.links
        .iter()
        .all(|l| l.href == first.href)
        .then_some(first)
}

fn write_card(card: &Card, html: &mut String) {
    let target = card_target(card);
    // A link inside the card's text stays a link, unless the whole card is one.
    let link_href = |a: ElementRef<'_>| {
        card.links
            .iter()
            .find(|l| target.is_none() && l.element == a && l.text.is_empty())
            .map(|l| l.href.as_str())
    };
    let part = |element: &Option<ElementRef<'_>>| element.map(|e| inline::part_html(e, &|_| None));
    let (header, title, subtitle, footer) = (
        part(&card.header),
        part(&card.title),
        part(&card.subtitle),
        part(&card.footer),
    );
    let dom = CardDom {
        href: target.map(|link| link.href.as_str()),
        header: header.as_deref(),
        image: card
            .image
            .as_ref()
            .map(|(src, alt)| (src.as_str(), alt.as_str())),
        icon: card.icon.as_deref(),
        title: title.as_deref(),
        subtitle: subtitle.as_deref(),
        texts: card
            .texts
            .iter()
            .map(|t| inline::part_html(*t, &link_href))
            .collect(),
        actions: card
            .links
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| {
                let href = target.is_none().then_some(l.href.as_str());
                (href, escape_text(&l.text).into_owned())
            })
            .collect(),
        footer: footer.as_deref(),
        ..CardDom::default()
    };
    html.push_str(&dom.html());
}
