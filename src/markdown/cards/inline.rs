//! A card part's inline content as HTML: text escaped, runs of whitespace collapsed to one
//! space and trimmed at the part's ends, `<br>` kept as a line break, and a small allowlist
//! of inline elements (`code`, `strong`, `em`, links, …) kept with only the attributes that
//! carry meaning. Any other element keeps its content but not its tag, as the card's plain
//! text did before; Font Awesome icons are left out (the card shows them beside its body).

use crate::html::{escape_attr, escape_text};
use crate::icons;
use scraper::ElementRef;
use scraper::node::Node;

/// Inline elements kept with their content, and the attributes each keeps. `a` is not here:
/// whether a link stays a link is the caller's choice (see [`part_html`]).
const KEPT: &[(&str, &[&str])] = &[
    ("code", &[]),
    ("strong", &[]),
    ("b", &[]),
    ("em", &[]),
    ("i", &[]),
    ("kbd", &[]),
    ("sup", &[]),
    ("sub", &[]),
    ("mark", &[]),
    ("small", &[]),
    ("s", &[]),
    ("del", &[]),
    ("u", &[]),
    ("abbr", &["title"]),
    ("span", &[]),
];

/// The inline HTML of a card part (`card-title`, `card-text`, …).
///
/// `link_href` gives, for an `<a>` of the part, the URL to write it with (already rewritten
/// by the card's `fix_url`), or `None` to keep only the link's content (the whole card is a
/// link, or the link is one of the card's actions).
pub(super) fn part_html<'a, 'h>(
    part: ElementRef<'a>,
    link_href: &dyn Fn(ElementRef<'a>) -> Option<&'h str>,
) -> String {
    let mut writer = Writer {
        html: String::new(),
        space: false,
        after_space: true,
    };
    writer.children(part, link_href);
    writer.html
}

/// The tag and attributes an element is written with, or `None` when only its content is.
fn kept_tag<'a: 'v, 'h: 'v, 'v>(
    element: ElementRef<'a>,
    link_href: &dyn Fn(ElementRef<'a>) -> Option<&'h str>,
) -> Option<(&'static str, Vec<(&'static str, &'v str)>)> {
    let value = element.value();
    if value.name() == "a" {
        return link_href(element).map(|href| {
            let mut attributes = vec![("href", href)];
            attributes.extend(value.attr("title").map(|t| ("title", t)));
            ("a", attributes)
        });
    }
    let (tag, keep) = KEPT.iter().find(|(tag, _)| *tag == value.name())?;
    let attributes = keep
        .iter()
        .filter_map(|key| value.attr(key).map(|v| (*key, v)))
        .collect();
    Some((tag, attributes))
}

/// The HTML written so far and where the next space goes.
struct Writer {
    html: String,
    /// Whitespace was seen since the last word: one space goes before the next word or tag.
    space: bool,
    /// At the part's start, just after a `<br>` or just after a written space: whitespace
    /// here is dropped.
    after_space: bool,
}

impl Writer {
    fn children<'a, 'h>(
        &mut self,
        element: ElementRef<'a>,
        link_href: &dyn Fn(ElementRef<'a>) -> Option<&'h str>,
    ) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    let child = ElementRef::wrap(child).expect("an element node");
                    self.element(child, link_href);
                }
                _ => {}
            }
        }
    }

    fn element<'a, 'h>(
        &mut self,
        element: ElementRef<'a>,
        link_href: &dyn Fn(ElementRef<'a>) -> Option<&'h str>,
    ) {
        let value = element.value();
        let name = value.name();
        if (name == "i" || name == "span")
            && icons::is_font_awesome(value.attr("class").unwrap_or(""))
        {
            // The icon itself shows beside the card's body; words inside it (a screen
            // reader's label) stay, as the part's text.
            self.children(element, link_href);
            return;
        }
        if name == "br" {
            self.space = false;
            self.after_space = true;
            self.html.push_str("<br>");
            return;
        }
        let Some((tag, attributes)) = kept_tag(element, link_href) else {
            self.children(element, link_href);
            return;
        };
        self.flush_space();
        self.html.push('<');
        self.html.push_str(tag);
        for (key, value) in attributes {
            self.html
                .push_str(&format!(" {key}=\"{}\"", escape_attr(value)));
        }
        self.html.push('>');
        self.children(element, link_href);
        self.html.push_str(&format!("</{tag}>"));
    }

    /// Adds a text node's words, escaped, with the whitespace between them collapsed.
    fn text(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) {
            self.space = true;
        }
        for word in text.split_whitespace() {
            self.flush_space();
            self.html.push_str(&escape_text(word));
            self.after_space = false;
            self.space = true;
        }
        self.space = text.ends_with(char::is_whitespace) || (self.space && text.is_empty());
    }

    /// Writes the pending space, unless at the start of a line or after a space.
    fn flush_space(&mut self) {
        if self.space && !self.after_space {
            self.html.push(' ');
            self.after_space = true;
        }
        self.space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    /// The inline HTML of the first `.card-text` in `html`, links written with `/fixed`.
    fn text_part(html: &str, links: bool) -> String {
        let document = Html::parse_fragment(html);
        let selector = Selector::parse(".card-text").unwrap();
        let part = document.select(&selector).next().expect("a card-text");
        let href = |_: ElementRef<'_>| links.then_some("/fixed");
        part_html(part, &href)
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed_around_kept_elements() {
        let html = "<p class=\"card-text\">\n  Run <code> make  </code>\n then <strong>stop</strong>.  </p>";
        assert_eq!(
            text_part(html, true),
            "Run <code>make</code> then <strong>stop</strong>."
        );
    }

    #[test]
    fn an_icon_leaves_its_words_and_not_its_tag() {
        let html = "<p class=\"card-text\"><i class=\"fas fa-check\"></i> Done \
                    <span class=\"fa fa-x\">label</span> end</p>";
        assert_eq!(text_part(html, true), "Done label end");
    }

    #[test]
    fn a_line_break_is_kept_without_the_spaces_around_it() {
        let html = "<p class=\"card-text\">First line <br>\n  second line<br/>third</p>";
        assert_eq!(text_part(html, true), "First line<br>second line<br>third");
    }

    #[test]
    fn kept_elements_lose_their_classes_but_keep_meaningful_attributes() {
        let html = "<p class=\"card-text\"><em class=\"x\" style=\"color:red\">a</em> \
                    <abbr title=\"Hyper &quot;Text&quot;\" class=\"y\">HT</abbr> \
                    <kbd>Ctrl</kbd>+<kbd>C</kbd> x<sup>2</sup> <mark>m</mark></p>";
        assert_eq!(
            text_part(html, true),
            "<em>a</em> <abbr title=\"Hyper &quot;Text&quot;\">HT</abbr> \
             <kbd>Ctrl</kbd>+<kbd>C</kbd> x<sup>2</sup> <mark>m</mark>"
        );
    }

    #[test]
    fn a_link_is_kept_or_reduced_to_its_words_as_the_caller_says() {
        let html = "<p class=\"card-text\">See <a href=\"/what/\" title=\"The role\" class=\"c\">the <b>role</b></a>.</p>";
        assert_eq!(
            text_part(html, true),
            "See <a href=\"/fixed\" title=\"The role\">the <b>role</b></a>."
        );
        assert_eq!(text_part(html, false), "See the <b>role</b>.");
    }

    #[test]
    fn other_elements_keep_their_content_and_icons_are_left_out() {
        let html = "<div class=\"card-text\"><i class=\"fas fa-book\"></i> <q>Quoted</q> \
                    <font>old</font> &lt;tag&gt; &amp; <i>it</i></div>";
        assert_eq!(
            text_part(html, true),
            "Quoted old &lt;tag&gt; &amp; <i>it</i>"
        );
    }
}
