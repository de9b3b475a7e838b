//! Mermaid diagrams, drawn in the browser by `theme/mermaid.min.js` (Mermaid, pinned, with
//! its licence beside it) and `theme/hugo-mermaid.js`, which `mdbook-hugo install` ships:
//! the diagram's text in a `<pre class="mermaid">`, as mdbook-mermaid writes it.

use super::markup::html_block;
use crate::html::escape_text;

/// Writes `source` (Mermaid's text) as a diagram; `class` (a safe class list) is added.
pub(crate) fn mermaid(source: &str, class: &str, out: &mut String) {
    html_block(out, &mermaid_html(source, class));
}

/// The `<pre class="mermaid">` of `source`, on one line: its line breaks are written
/// `&#10;` (Mermaid reads the element's text, where they are line breaks again), so the
/// block stays whole inside a list item, a quote or a table cell.
pub(crate) fn mermaid_html(source: &str, class: &str) -> String {
    let classes = format!("mermaid hugo-mermaid {class}");
    let text = escape_text(source.trim_matches('\n')).replace('|', "&#124;");
    format!("<pre class=\"{}\">{text}</pre>", classes.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_escaped_on_one_line() {
        let html = mermaid_html("graph LR\n\n  A --> B<br>\n", "");
        assert_eq!(
            html,
            "<pre class=\"mermaid hugo-mermaid\">graph LR&#10;&#10;  A --&gt; B&lt;br&gt;</pre>"
        );
    }
}
