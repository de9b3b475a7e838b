//! What the pass typesets: ```` ```mermaid ```` fences become Mermaid diagrams (as
//! mdbook-mermaid writes them), ```` ```math ```` and ```` ```katex ```` fences formulas
//! (Relearn's and hugo-book's render hooks; either turns math on for the page), and, on a
//! page with math, the `$$…$$`, `\[…\]` and `\(…\)` formulas outside code become MathML
//! ([`crate::math`]).

use super::Pass;
use crate::math::{Display, find_delimited, to_mathml};
use crate::render::{mermaid_html, tex_as_code};
use std::ops::Range;

/// The language of a fence's info string (its first word, before any `{` or `,`).
fn fence_language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .unwrap_or("")
}

impl Pass<'_> {
    /// Replaces a fenced code block that is a diagram or (on a page with math) a formula;
    /// `range` is the whole block, `code` its text.
    pub(super) fn typeset_fence(
        &mut self,
        markdown: &str,
        range: Range<usize>,
        info: &str,
        code: &str,
    ) {
        let html = match fence_language(info) {
            "mermaid" => mermaid_html(code, ""),
            "math" | "katex" => {
                // hugo-book's and Relearn's code block render hooks: always a formula,
                // and math for the whole page, as their scripts then load.
                self.math = true;
                let math = self.formula(range.start, code, Display::Block);
                format!("<div class=\"hugo-math-block\">{math}</div>\n")
            }
            _ => return,
        };
        let ends_line = markdown[range.clone()].ends_with('\n');
        let replacement = if ends_line { format!("{html}\n") } else { html };
        self.edits.push((range, replacement));
    }

    /// Replaces each delimited formula outside code and HTML blocks (on a page with math).
    /// A formula the site's passthrough hook renders is left to it.
    pub(super) fn typeset_delimited(&mut self, markdown: &str) {
        let passthrough = self
            .hooks
            .is_some_and(|h| h.has_hook(crate::render::site::hooks::HookKind::Passthrough));
        if !self.math && !passthrough {
            return;
        }
        let mut skip = self.code.clone();
        skip.extend(self.html_blocks.iter().cloned());
        skip.sort_by_key(|r| r.start);
        for formula in find_delimited(markdown, &skip) {
            let tex = &markdown[formula.tex.clone()];
            if passthrough && self.passthrough_hook(markdown, &formula) {
                continue;
            }
            if !self.math {
                continue;
            }
            let html = self.formula(formula.span.start, tex, formula.display);
            self.edits.push((formula.span, html));
        }
    }

    /// The MathML of `tex`; TeX that does not parse is a warning at `at` and shown as code.
    fn formula(&mut self, at: usize, tex: &str, display: Display) -> String {
        match to_mathml(tex, display, "hugo-math") {
            Ok(html) => html,
            Err(error) => {
                self.report(
                    at,
                    format!("math: the TeX does not parse ({error}); shown as written"),
                );
                tex_as_code(tex)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fence_language;

    #[test]
    fn the_language_is_the_first_word() {
        assert_eq!(fence_language("mermaid"), "mermaid");
        assert_eq!(fence_language("mermaid {align=center}"), "mermaid");
        assert_eq!(fence_language("math,hidelines"), "math");
    }
}
