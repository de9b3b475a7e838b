//! The one card DOM, styled by `theme/hugo.css`: every card the converter writes (Bootstrap
//! card markup in a page, Docsy's and Doks' card shortcodes, the link cards that stand in
//! for embeds) is a [`CardDom`] written by [`CardDom::split`], so they look and behave alike.
//!
//! The shape, in order (each part only when present):
//!
//! ```html
//! <a class="hugo-card EXTRA" href="…" target="…" rel="…">   (or <div class="hugo-card EXTRA">)
//! <div class="hugo-card-header">…</div>
//! <img class="hugo-card-img" src="…" alt="…">
//! <div class="hugo-card-main">
//! <div class="hugo-card-icon">…</div>
//! <div class="hugo-card-body">
//! <div class="hugo-card-title">…</div>
//! <div class="hugo-card-subtitle">…</div>
//! <div class="hugo-card-text">…</div>                      (one per text; Markdown goes in the last)
//! <div class="hugo-card-actions">…</div>
//! </div>
//! </div>
//! <div class="hugo-card-footer">…</div>
//! </a>
//! ```

use crate::html::escape_attr;

/// One card's parts. Text parts (header, title, subtitle, texts, action labels, footer) are
/// HTML, written as given: escaped text with any inline markup the caller keeps (`<code>`,
/// `<br>`, links, …); URLs are raw and escaped here.
#[derive(Debug, Default)]
pub(crate) struct CardDom<'a> {
    /// Where the whole card leads: the card is then an `<a>`.
    pub href: Option<&'a str>,
    /// The link's `target` and `rel`, when the card is a link.
    pub target: Option<&'a str>,
    /// See `target`.
    pub rel: Option<&'a str>,
    /// Classes after `hugo-card` (`hugo-card-warning`, `hugo-link-card`), already filtered.
    pub extra_class: Option<String>,
    /// Above the main part.
    pub header: Option<&'a str>,
    /// An image above the main part: (`src`, `alt`), raw.
    pub image: Option<(&'a str, &'a str)>,
    /// Beside the body (a Font Awesome 6 `<i>`).
    pub icon: Option<&'a str>,
    /// The title.
    pub title: Option<&'a str>,
    /// Under the title.
    pub subtitle: Option<&'a str>,
    /// Text parts, each its own `hugo-card-text`.
    pub texts: Vec<String>,
    /// The calls to action: each `(href, label)`; without `href` a label only (the whole
    /// card is the link).
    pub actions: Vec<(Option<&'a str>, String)>,
    /// Below the main part.
    pub footer: Option<&'a str>,
}

impl CardDom<'_> {
    /// The card's HTML around a Markdown body: (`open`, `close`). With `markdown_body`, `open`
    /// ends inside a `hugo-card-text` part, where the caller writes the Markdown; without it
    /// `open + close` is the whole card.
    pub(crate) fn split(&self, markdown_body: bool) -> (String, String) {
        let mut open = self.open_tag();
        push_part(&mut open, "hugo-card-header", self.header);
        if let Some((src, alt)) = self.image {
            open.push_str(&format!(
                "<img class=\"hugo-card-img\" src=\"{}\" alt=\"{}\">\n",
                escape_attr(src),
                escape_attr(alt)
            ));
        }
        open.push_str("<div class=\"hugo-card-main\">\n");
        push_part(&mut open, "hugo-card-icon", self.icon);
        open.push_str("<div class=\"hugo-card-body\">\n");
        push_part(&mut open, "hugo-card-title", self.title);
        push_part(&mut open, "hugo-card-subtitle", self.subtitle);
        for text in &self.texts {
            push_part(&mut open, "hugo-card-text", Some(text));
        }
        let mut close = String::new();
        if markdown_body {
            open.push_str("<div class=\"hugo-card-text\">");
            close.push_str("</div>\n");
        }
        self.push_actions(&mut close);
        close.push_str("</div>\n</div>\n");
        push_part(&mut close, "hugo-card-footer", self.footer);
        close.push_str(if self.href.is_some() {
            "</a>\n"
        } else {
            "</div>\n"
        });
        (open, close)
    }

    /// The whole card, with no Markdown body.
    pub(crate) fn html(&self) -> String {
        let (open, close) = self.split(false);
        open + &close
    }

    fn open_tag(&self) -> String {
        let class = self
            .extra_class
            .as_deref()
            .filter(|c| !c.is_empty())
            .map_or(String::new(), |c| format!(" {c}"));
        let Some(href) = self.href else {
            return format!("<div class=\"hugo-card{class}\">\n");
        };
        let mut tag = format!(
            "<a class=\"hugo-card{class}\" href=\"{}\"",
            escape_attr(href)
        );
        for (key, value) in [("target", self.target), ("rel", self.rel)] {
            if let Some(value) = value {
                tag.push_str(&format!(" {key}=\"{}\"", escape_attr(value)));
            }
        }
        tag.push_str(">\n");
        tag
    }

    fn push_actions(&self, html: &mut String) {
        if self.actions.is_empty() {
            return;
        }
        html.push_str("<div class=\"hugo-card-actions\">");
        for (href, label) in &self.actions {
            match href {
                Some(href) => html.push_str(&format!(
                    "<a class=\"hugo-card-action\" href=\"{}\">{label}</a>",
                    escape_attr(href)
                )),
                None => html.push_str(&format!("<span class=\"hugo-card-action\">{label}</span>")),
            }
        }
        html.push_str("</div>\n");
    }
}

/// Writes `<div class="CLASS">CONTENT</div>` when there is content.
fn push_part(html: &mut String, class: &str, content: Option<&str>) {
    if let Some(content) = content.filter(|c| !c.is_empty()) {
        html.push_str(&format!("<div class=\"{class}\">{content}</div>\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linked_card_is_one_anchor_with_its_parts_in_order() {
        let card = CardDom {
            href: Some("a\"b.md"),
            extra_class: Some("hugo-link-card".into()),
            header: Some("H"),
            title: Some("T"),
            texts: vec!["x".into()],
            actions: vec![(None, "Go".into())],
            footer: Some("F"),
            ..CardDom::default()
        };
        assert_eq!(
            card.html(),
            "<a class=\"hugo-card hugo-link-card\" href=\"a&quot;b.md\">\n\
             <div class=\"hugo-card-header\">H</div>\n<div class=\"hugo-card-main\">\n\
             <div class=\"hugo-card-body\">\n<div class=\"hugo-card-title\">T</div>\n\
             <div class=\"hugo-card-text\">x</div>\n\
             <div class=\"hugo-card-actions\"><span class=\"hugo-card-action\">Go</span></div>\n\
             </div>\n</div>\n<div class=\"hugo-card-footer\">F</div>\n</a>\n"
        );
    }

    #[test]
    fn a_markdown_body_goes_inside_a_text_part() {
        let (open, close) = CardDom::default().split(true);
        assert!(open.ends_with("<div class=\"hugo-card-text\">"), "{open}");
        assert_eq!(close, "</div>\n</div>\n</div>\n</div>\n");
    }
}
