//! Formulas: TeX typeset into MathML at build time ([`crate::math`]), for hugo-book's
//! `katex` and Learn/Relearn's `math`.

use super::markup::start_block;
use crate::html::escape_text;
use crate::math::{Display, to_mathml};
use crate::render::RenderContext;

/// Writes the formula `tex` as MathML with the class `hugo-math` (plus `class`, already a
/// safe class list). TeX that does not parse is a warning at `offset` (`shortcode` names
/// the caller) and stays visible as code. A block formula is a paragraph of its own.
pub(crate) fn formula(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    shortcode: &str,
    tex: &str,
    display: Display,
    class: &str,
    out: &mut String,
) {
    let classes = format!("hugo-math {class}");
    let html = match to_mathml(tex, display, classes.trim()) {
        Ok(html) => html,
        Err(error) => {
            ctx.warn(
                offset,
                format!("{shortcode}: the TeX does not parse ({error}); shown as written"),
            );
            tex_as_code(tex)
        }
    };
    if display == Display::Block {
        start_block(out);
        out.push_str(&html);
        out.push_str("\n\n");
    } else {
        out.push_str(&html);
    }
}

/// TeX that could not be typeset, as a code element (one line, so it stays in its
/// paragraph or table cell).
pub(crate) fn tex_as_code(tex: &str) -> String {
    let text = escape_text(tex.trim())
        .replace('|', "&#124;")
        .replace('\n', "&#10;");
    format!("<code class=\"hugo-math-error\">{text}</code>")
}
