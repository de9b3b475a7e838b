//! The pass's raw HTML visitor: HTML blocks (Bootstrap cards, links and icons inside them)
//! and inline HTML fragments (links, icons).

use super::*;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// The searcher for `fa-`, built once: inline HTML comes in many short fragments, for which
/// building a searcher costs more than searching.
static ICON_CLASS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("fa-"));

/// Whether an HTML fragment may hold a URL attribute (an `href` or `src` with a value: a
/// name before a `=`, in any case, as HTML attribute names are) or a Font Awesome icon,
/// whose classes always hold a `fa-` name ([`icons::is_font_awesome`]; attribute values are
/// raw, so it is written so). One look back from each `=`, which tags have few of.
fn may_have_url_or_icon(fragment: &str) -> bool {
    let bytes = fragment.as_bytes();
    let url_attribute = memchr::memchr_iter(b'=', bytes).any(|at| {
        let name = bytes[..at].trim_ascii_end();
        let ends_with = |word: &[u8]| {
            name.len() >= word.len() && name[name.len() - word.len()..].eq_ignore_ascii_case(word)
        };
        ends_with(b"href") || ends_with(b"src")
    });
    url_attribute || ICON_CLASS.find(bytes).is_some()
}

impl Pass<'_> {
    pub(super) fn html_block(&mut self, markdown: &str, range: Range<usize>) {
        let block = &markdown[range.clone()];
        if cards::mentions_cards(block) {
            let converted = cards::convert(block, &mut |url| {
                let at = range.start + block.find(url).unwrap_or(0);
                self.fix_url(url, at)
            });
            if let Some(grid) = converted {
                for message in grid.warnings {
                    self.report(range.start, message);
                }
                let mut html = grid.html;
                if block.ends_with('\n') {
                    html.push('\n');
                }
                self.edits.push((range, html));
                return;
            }
        }
        self.html_fragment(markdown, range);
    }

    /// Fixes `href`/`src` and Font Awesome icons inside HTML we otherwise keep as it is.
    pub(super) fn html_fragment(&mut self, markdown: &str, range: Range<usize>) {
        let fragment = &markdown[range.clone()];
        if !may_have_url_or_icon(fragment) {
            return;
        }
        for tag in html::start_tags(fragment) {
            let base = range.start;
            if self.icon(markdown, base, &tag) {
                continue;
            }
            for attribute in &tag.attributes {
                let is_url = attribute.name.eq_ignore_ascii_case("href")
                    || attribute.name.eq_ignore_ascii_case("src");
                if let (true, Some(value), Some(span)) =
                    (is_url, attribute.value, &attribute.value_span)
                {
                    let span = base + span.start..base + span.end;
                    if let Some(new) = self.fix_url(value, span.start) {
                        self.edits
                            .push((span, html::escape_attr(&new).into_owned()));
                    }
                }
            }
        }
    }

    /// An empty `<i>`/`<span>` with Font Awesome classes becomes the Font Awesome 6 `<i>`.
    pub(super) fn icon(&mut self, markdown: &str, base: usize, tag: &StartTag<'_>) -> bool {
        let Some(edit) = self.icon_edit(markdown, base, tag, None) else {
            return false;
        };
        self.edits.extend(edit);
        true
    }

    /// For `tag` (its spans relative to `base` in `text`) an empty `<i>`/`<span>` with
    /// Font Awesome classes: `Some`, with the Font Awesome 6 `<i>` to put over the element
    /// in `text`, or nothing to change (already that, or an unknown icon, reported at
    /// `report_at`, else at the element). `None` for any other element.
    pub(super) fn icon_edit(
        &mut self,
        text: &str,
        base: usize,
        tag: &StartTag<'_>,
        report_at: Option<usize>,
    ) -> Option<Option<(Range<usize>, String)>> {
        let is_icon_element =
            tag.name.eq_ignore_ascii_case("i") || tag.name.eq_ignore_ascii_case("span");
        let classes = tag.attribute("class").and_then(|a| a.value)?;
        if !is_icon_element || !icons::is_font_awesome(classes) {
            return None;
        }
        let start = base + tag.span.start;
        let end = html::empty_element_end(text, base + tag.span.end, tag.name)?;
        Some(
            match icons::resolve(classes) {
                Ok(Some(icon)) => Some(icon.to_html()).filter(|new| text[start..end] != **new),
                Ok(None) => None,
                Err(unknown) => {
                    self.report(
                        report_at.unwrap_or(start),
                        format!(
                            "icon `{}` has no Font Awesome 6 equivalent in mdBook",
                            unknown.written
                        ),
                    );
                    None
                }
            }
            .map(|new| (start..end, new)),
        )
    }
}
