//! A page's `.TableOfContents` (and `.Fragments.ToHTML`) as Hugo 0.168 writes it: a
//! `<nav id="TableOfContents">` holding nested `<ul>` (`<ol>` when ordered) lists of
//! `<li><a href="#ID">TITLE</a>` for the page's headings from the start level to the end
//! level (`markup.tableOfContents`: 2, 3, unordered by default; an end level of -1 has no
//! end). The layout is Hugo's `tableofcontents` builder's, to the byte: two spaces of
//! indent a level, a heading whose level is skipped (an `h4` under an `h2`) sits in an
//! empty `<li>`, and a page without headings in the range gets
//! `<nav id="TableOfContents"></nav>` (checked with Hugo 0.168, which also nests them so).
//!
//! A title is the heading's inline HTML as Hugo's typographer renders it (curled quotes
//! as characters), without link tags (their text stays) or raw HTML, trimmed.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A heading node of Hugo's tree: a heading (`None` for the empty place of a skipped
/// level) and the headings under it.
#[derive(Default)]
struct Node<'a> {
    heading: Option<(&'a str, &'a str)>,
    children: Vec<Node<'a>>,
}

/// The `<nav>` for `headings` (`(id, level, title HTML)` in page order) from level `start`
/// to level `end` (-1: no end), as `<ol>` lists when `ordered`.
pub(super) fn to_html(
    headings: &[(&str, u32, String)],
    start: i64,
    end: i64,
    ordered: bool,
) -> String {
    let rows = tree(headings);
    let mut writer = Writer {
        out: String::from("<nav id=\"TableOfContents\">"),
        start,
        end,
        list: if ordered { "ol" } else { "ul" },
    };
    writer.headings(1, 0, &rows);
    writer.out.push_str("</nav>");
    writer.out
}

/// Hugo's tree (`Fragments.addAt`): an `h1` starts a row; a heading of level `n` goes under
/// the last heading `n - 1` levels down the current row, empty places filling skipped
/// levels.
fn tree<'a>(headings: &'a [(&'a str, u32, String)]) -> Vec<Node<'a>> {
    let mut rows: Vec<Node> = Vec::new();
    for (id, level, title) in headings {
        if *level == 1 || rows.is_empty() {
            rows.push(Node::default());
        }
        let node = Node {
            heading: Some((id, title.as_str())),
            children: Vec::new(),
        };
        let row = rows.len() - 1;
        if *level == 1 {
            rows[row] = node;
            continue;
        }
        let mut parent = &mut rows[row];
        for _ in 1..level - 1 {
            if parent.children.is_empty() {
                parent.children.push(Node::default());
            }
            parent = parent.children.last_mut().expect("pushed above");
        }
        parent.children.push(node);
    }
    rows
}

/// Hugo's `tocBuilder`.
struct Writer {
    out: String,
    start: i64,
    end: i64,
    list: &'static str,
}

impl Writer {
    /// The list of `nodes`, headings of `level`, indented `indent` steps.
    fn headings(&mut self, level: i64, indent: usize, nodes: &[Node]) {
        if level < self.start {
            for node in nodes {
                self.headings(level + 1, indent, &node.children);
            }
            return;
        }
        if self.end != -1 && level > self.end {
            return;
        }
        if nodes.is_empty() {
            return;
        }
        self.out.push('\n');
        self.indent(indent + 1);
        self.out.push_str(&format!("<{}>\n", self.list));
        for node in nodes {
            self.heading(level + 1, indent + 2, node);
        }
        self.indent(indent + 1);
        self.out.push_str(&format!("</{}>\n", self.list));
        self.indent(indent);
    }

    fn heading(&mut self, level: i64, indent: usize, node: &Node) {
        self.indent(indent);
        self.out.push_str("<li>");
        if let Some((id, title)) = node
            .heading
            .filter(|(id, title)| !id.is_empty() || !title.is_empty())
        {
            self.out.push_str(&format!("<a href=\"#{id}\">{title}</a>"));
        }
        self.headings(level, indent, &node.children);
        self.out.push_str("</li>\n");
    }

    fn indent(&mut self, steps: usize) {
        self.out.push_str(&"  ".repeat(steps));
    }
}

/// The inline HTML of the heading written `source` (`## A *b*`), as a table of contents
/// shows it.
pub(super) fn title_html(source: &str) -> String {
    let options = crate::markdown::options() | Options::ENABLE_SMART_PUNCTUATION;
    let inline = Parser::new_ext(source, options).filter(|event| {
        !matches!(
            event,
            Event::Start(Tag::Heading { .. } | Tag::Link { .. })
                | Event::End(TagEnd::Heading(_) | TagEnd::Link)
                | Event::Html(_)
                | Event::InlineHtml(_)
        )
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, inline);
    html.replace(" />", ">").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_level_sits_in_an_empty_item() {
        let headings = [
            ("only-h1", 1, "Only h1".to_string()),
            ("only-h4", 4, "Only h4".to_string()),
        ];
        assert_eq!(
            to_html(&headings, 2, 3, false),
            "<nav id=\"TableOfContents\">\n  <ul>\n    <li>\n      <ul>\n        <li></li>\n      </ul>\n    </li>\n  </ul>\n</nav>"
        );
        assert_eq!(
            to_html(&[], 2, 3, false),
            "<nav id=\"TableOfContents\"></nav>"
        );
    }

    #[test]
    fn titles_keep_inline_markup_but_not_links_or_raw_html() {
        assert_eq!(
            title_html("## Second *emph* and `code` &amp; <b>x</b>"),
            "Second <em>emph</em> and <code>code</code> &amp; x"
        );
        assert_eq!(
            title_html("## Link [text](http://x.org) and ![img](a.png)"),
            "Link text and <img src=\"a.png\" alt=\"img\">"
        );
        assert_eq!(
            title_html("### Three \"quotes\" & 'apos' <tag>"),
            "Three “quotes” &amp; ‘apos’"
        );
    }
}
