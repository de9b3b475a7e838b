//! The site's render hooks in the Markdown pass: a link or image the site's
//! `render-link`/`render-image` renders is replaced by the hook's HTML
//! ([`crate::render::site::hooks`] says what the hook sees). The HTML is written as inline
//! HTML whose text Markdown leaves as it is; its `href`/`src` are resolved to the book's
//! relative links and checked like every link. A hook that fails leaves the link to
//! Markdown, with a warning at the link.

use super::Pass;
use crate::html;
use crate::render::site::hooks::{HookCall, HookKind};
use crate::render::site::shortcodes::{SiteShortcodes, literal_text};
use crate::template::html_unescape;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// Whether a page may hold a link or image a hook renders (so the pass must run).
pub(super) fn may_apply(hooks: Option<&SiteShortcodes>, markdown: &str) -> bool {
    hooks.is_some_and(|h| h.has_hook(HookKind::Link) || h.has_hook(HookKind::Image))
        && markdown.contains('[')
}

/// A link or image being read for its hook: where it is, what it says.
pub(super) struct Hooked {
    kind: HookKind,
    range: Range<usize>,
    link_type: LinkType,
    destination: String,
    title: String,
    /// The events of its text.
    text: Vec<Event<'static>>,
    plain: String,
    depth: usize,
}

impl Hooked {
    /// Takes the next event of the element; `true` at its end.
    pub(super) fn feed(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.depth -= 1;
                if self.depth == 0 {
                    return true;
                }
            }
            Event::Text(text) | Event::Code(text) => self.plain.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.plain.push('\n'),
            _ => {}
        }
        self.text.push(event.clone().into_static());
        false
    }
}

impl Pass<'_> {
    /// Starts reading a link or image when the site has a hook for it (autolinks and
    /// e-mail autolinks keep Markdown's rendering).
    pub(super) fn start_hook(&self, event: &Event<'_>, range: &Range<usize>) -> Option<Hooked> {
        let hooks = self.hooks?;
        let (kind, link_type, destination, title) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => (HookKind::Link, *link_type, dest_url, title),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => (HookKind::Image, *link_type, dest_url, title),
            _ => return None,
        };
        let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
        if autolink || !hooks.has_hook(kind) {
            return None;
        }
        Some(Hooked {
            kind,
            range: range.clone(),
            link_type,
            destination: destination.to_string(),
            title: title.to_string(),
            text: Vec::new(),
            plain: String::new(),
            depth: 1,
        })
    }

    /// Runs the hook for a link or image that has been read, queueing its replacement.
    pub(super) fn run_hook(&mut self, markdown: &str, hooked: Hooked) {
        match self.link_hook_html(&hooked) {
            Some(html) => {
                self.edits.push((hooked.range, html));
            }
            None => {
                if hooked.link_type == LinkType::Inline {
                    self.inline_link(markdown, hooked.range, &hooked.destination);
                }
            }
        }
    }

    /// The hook's HTML for a link or image that has been read, as inline HTML whose text
    /// Markdown leaves alone; `None` when the hook failed (reported).
    pub(super) fn link_hook_html(&mut self, hooked: &Hooked) -> Option<String> {
        let hooks = self.hooks?;
        let mut text_html = String::new();
        pulldown_cmark::html::push_html(&mut text_html, hooked.text.iter().cloned());
        let ordinal = self.next_ordinal(hooked.kind);
        let call = HookCall {
            kind: hooked.kind,
            destination: &hooked.destination,
            title: &hooked.title,
            text_html: &text_html,
            plain_text: &hooked.plain,
            ordinal,
        };
        let output = hooks.render_hook(self.site, self.page_index, &call)?;
        let html = self.hook_html(hooked.range.start, output)?;
        let lines: Vec<&str> = html.lines().filter(|l| !l.trim().is_empty()).collect();
        Some(literal_text(&lines.join("\n")))
    }

    /// `events` (an element's text, read for a block hook, each with where it starts in
    /// the page, for reports) as HTML, each link and image rendered by the site's hook as
    /// in the page (a failing one as Markdown renders it).
    pub(super) fn html_with_link_hooks<'e>(
        &mut self,
        events: impl Iterator<Item = (Event<'e>, usize)>,
    ) -> String {
        let mut out: Vec<Event<'e>> = Vec::new();
        let mut hooked: Option<(Hooked, Vec<Event<'e>>)> = None;
        for (event, at) in events {
            if let Some((state, raw)) = hooked.as_mut() {
                raw.push(event.clone());
                if state.feed(&event) {
                    let (state, raw) = hooked.take().expect("a hooked link");
                    match self.link_hook_html(&state) {
                        Some(html) => out.push(Event::InlineHtml(html.into())),
                        None => out.extend(raw),
                    }
                }
                continue;
            }
            if let Some(state) = self.start_hook(&event, &(at..at)) {
                hooked = Some((state, vec![event]));
                continue;
            }
            match event {
                // The page's emoji shortcodes, as its text outside hooks gets them.
                Event::Text(text) if self.emoji => {
                    out.push(Event::Text(crate::emoji::replace_shortcodes(&text).into()));
                }
                other => out.push(other),
            }
        }
        if let Some((_, raw)) = hooked {
            out.extend(raw);
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    /// `html` with each `href`/`src` resolved as the book's links are (and checked), and
    /// each Font Awesome icon as Font Awesome 6 (the version mdBook renders), as in the
    /// page's own HTML.
    pub(super) fn fix_html_urls(&mut self, html: &str, at: usize) -> String {
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for tag in html::start_tags(html) {
            if let Some(icon) = self.icon_edit(html, 0, &tag, Some(at)) {
                edits.extend(icon);
                continue;
            }
            for attribute in &tag.attributes {
                let is_url = attribute.name.eq_ignore_ascii_case("href")
                    || attribute.name.eq_ignore_ascii_case("src");
                if let (true, Some(value), Some(span)) =
                    (is_url, attribute.value, &attribute.value_span)
                    && let Some(new) = self.fix_url(&html_unescape(value), at)
                {
                    edits.push((span.clone(), html::escape_attr(&new).into_owned()));
                }
            }
        }
        let mut out = html.to_string();
        for (span, new) in edits.into_iter().rev() {
            out.replace_range(span, &new);
        }
        out
    }
}
