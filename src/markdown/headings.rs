//! The pass's heading visitor: Hugo's heading ids where mdBook's differ, and the front
//! matter title as the page's H1.

use super::*;

impl Pass<'_> {
    /// Gives each heading whose Hugo id differs from mdBook's an extra anchor with Hugo's
    /// id. `title` is the H1 about to be written first; returns the explicit id it needs
    /// when its own id would take one of Hugo's (a heading with the title's text), so that
    /// links keep landing on the heading as they do in Hugo, where the title is no heading.
    pub(super) fn heading_anchors(
        &mut self,
        markdown: &str,
        headings: &[Heading],
        title: Option<&str>,
    ) -> Option<String> {
        let mut hugo_ids = UniqueIds::default();
        let hugo: Vec<Option<String>> = headings
            .iter()
            .map(|h| match &h.explicit_id {
                Some(id) => {
                    hugo_ids.claim(id.clone());
                    None
                }
                None => Some(hugo_ids.claim(hugo_id(&h.text))),
            })
            .collect();
        let mut mdbook_ids = UniqueIds::default();
        let mut title_id = None;
        if let Some(title) = title {
            let natural = mdbook_id(&self.heading_text(&title_heading(title, None)));
            if hugo_ids.contains(&natural) {
                let id = hugo_ids.claim(format!("{natural}-title"));
                title_id = Some(mdbook_ids.claim(id));
            } else {
                mdbook_ids.claim(natural);
            }
        }
        let mut hooked = Vec::new();
        for (index, (heading, hugo)) in headings.iter().zip(hugo).enumerate() {
            if heading.hooked {
                // The site's hook writes the heading, with Hugo's id as its `.Anchor`.
                let anchor = hugo.or_else(|| heading.explicit_id.clone());
                hooked.push((index, anchor.unwrap_or_default()));
                continue;
            }
            let Some(hugo) = hugo else {
                mdbook_ids.claim(heading.explicit_id.clone().unwrap_or_default());
                continue;
            };
            // Hugo makes the id from the text as written; mdBook from the text it gets,
            // where emoji shortcodes are emoji.
            let mdbook = if self.emoji {
                mdbook_id(&crate::emoji::replace_shortcodes(&heading.text))
            } else {
                mdbook_id(&heading.text)
            };
            let mdbook = mdbook_ids.claim(mdbook);
            if hugo != mdbook {
                self.heading_anchor(markdown, heading, &hugo);
            }
        }
        self.run_heading_hooks(markdown, &hooked);
        title_id
    }

    /// The text of a one-line Markdown heading, as the parser gives it.
    pub(super) fn heading_text(&self, line: &str) -> String {
        self.options
            .parser(line)
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.into_string()),
                _ => None,
            })
            .collect()
    }

    /// Inserts `<span id="ID">` at the start of the heading's text.
    pub(super) fn heading_anchor(&mut self, markdown: &str, heading: &Heading, id: &str) {
        let source = &markdown[heading.start..heading.end];
        let anchor = format!(
            "<span id=\"{}\" class=\"hugo-anchor\"></span>",
            html::escape_attr(id)
        );
        if source.contains(&anchor) {
            return;
        }
        let hashes = source.len() - source.trim_start_matches('#').len();
        let at = if hashes > 0 {
            let after = &source[hashes..];
            heading.start + hashes + (after.len() - after.trim_start_matches([' ', '\t']).len())
        } else {
            heading.start
        };
        self.edits.push((at..at, anchor));
    }
}

/// The `# Title` line for a front matter title: one line (line breaks become spaces), its
/// Markdown punctuation escaped, with an explicit `{#id}` when given.
pub(super) fn title_heading(title: &str, id: Option<&str>) -> String {
    let mut out = String::with_capacity(title.len() + 2);
    out.push_str("# ");
    let one_line = title
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    for (i, line) in one_line.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in line.chars() {
            if matches!(
                c,
                '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '&' | '{' | '}'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    if let Some(id) = id {
        out.push_str(&format!(" {{#{id}}}"));
    }
    out
}
