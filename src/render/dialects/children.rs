//! Learn's and Relearn's `children`: the page's child chapters, taken from the book's own
//! structure (the nesting of `SUMMARY.md`, or the folders without a book), as a list of
//! links, as headings, or as a grid of link cards.

use crate::html::{escape_attr, escape_text};
use crate::render::safe::markdown_link;
use crate::render::widgets::cards::{LinkCard, link_card_html};
use crate::render::widgets::markup::html_block;
use crate::render::{RenderContext, start_block};
use crate::shortcode::{Shortcode, Value};
use crate::site::{LinkTarget, Page};

/// The deepest `children` list.
const MAX_DEPTH: usize = 10;

/// How `children` lists.
struct ChildrenOptions {
    depth: usize,
    description: bool,
    show_hidden: bool,
    /// `Some(n)`: the first level as `<hN>` headings instead of a list.
    heading: Option<usize>,
    /// The order of each level.
    sort: ChildSort,
}

/// The `sort` option: the order of the children at every level, as the themes'
/// templates order them (Learn: `Weight`, `Name`, `Date`, `PublishDate`, `Length`;
/// Relearn adds `title`, `linktitle`, `modifieddate`, `expirydate`, `default`; both
/// case-insensitive here).
#[derive(Clone, Copy, PartialEq)]
enum ChildSort {
    /// The book's order: `SUMMARY.md`, which follows Hugo's weights (`weight`, `default`).
    Book,
    /// By link title, as Hugo's `.ByTitle`/`.ByLinkTitle`: with the language's collation, as
    /// site templates' page sorts compare ([`crate::template::sort_cmp`]).
    Title,
    /// By a front matter date field, oldest first; a page without it first (Hugo's zero time).
    Date(&'static str),
    /// By the length of the page's content, shortest first (Hugo's `.ByLength`; here the
    /// Markdown's length, not the rendered HTML's).
    Length,
}

impl ChildSort {
    /// Reads `sort`; `None` for a value no theme knows.
    fn parse(value: &str) -> Option<ChildSort> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "" | "weight" | "default" => ChildSort::Book,
            "name" | "title" | "linktitle" => ChildSort::Title,
            "date" => ChildSort::Date("date"),
            "publishdate" => ChildSort::Date("publishDate"),
            "modifieddate" | "lastmod" => ChildSort::Date("lastmod"),
            "expirydate" => ChildSort::Date("expiryDate"),
            "length" => ChildSort::Length,
            _ => return None,
        })
    }

    /// Orders `pages` (indexes into `site.pages`) in place; the sort is stable, so equal
    /// keys keep the book's order.
    fn apply(self, site: &crate::site::Site, pages: &mut [usize]) {
        match self {
            ChildSort::Book => {}
            ChildSort::Title => {
                let mut keyed: Vec<(crate::template::Value, usize)> = pages
                    .iter()
                    .map(|&i| (link_title(&site.pages[i]).as_str().into(), i))
                    .collect();
                keyed.sort_by(|(a, _), (b, _)| crate::template::sort_cmp(a, b));
                for (slot, (_, i)) in pages.iter_mut().zip(keyed) {
                    *slot = i;
                }
            }
            ChildSort::Date(field) => pages.sort_by_cached_key(|&i| {
                let fields = &site.pages[i].front_matter.fields;
                let value = fields
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(field))
                    .map(|(_, value)| value);
                value.and_then(|v| v.as_str()).unwrap_or("").to_string()
            }),
            ChildSort::Length => pages.sort_by_key(|&i| site.pages[i].body_len),
        }
    }
}

/// How `children` shows the pages: Relearn's `type`.
#[derive(Clone, Copy, PartialEq)]
enum ChildrenType {
    /// A list of links (`type="list"`, the default).
    List,
    /// A grid of cards, one link card a child (`type="card"`).
    Cards,
}

/// `children`: the page's child chapters, from the book's structure (`SUMMARY.md`, or the
/// folders), as a list of links: `depth`, `description`, `style` (`li`, `h2`…`h6`),
/// `showhidden`, `type` (`list`, or `card`: the first level as a grid of link cards, where
/// `depth` and `style` do not apply), `sort` (see [`ChildSort`]). Relearn's
/// `containerstyle` keeps a plain list.
pub(crate) fn children(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let flag = |key: &str| sc.params.named(key).is_some_and(Value::is_truthy);
    let depth = match sc
        .params
        .named("depth")
        .map(|d| d.as_text().parse::<usize>())
    {
        None => 1,
        Some(Ok(depth)) if depth >= 1 => depth.min(MAX_DEPTH),
        Some(_) => {
            ctx.warn(
                sc.open.start,
                "children: `depth` must be a whole number from 1; using 1",
            );
            1
        }
    };
    let style = sc
        .params
        .text("style", usize::MAX)
        .map_or_else(|| "li".to_string(), |s| s.to_ascii_lowercase());
    let heading = match style.as_str() {
        // Learn wraps each entry in the tag `style` names; a list is mdBook's form for
        // any block of entries (`div`, `p`, `span`, `card` in Relearn's older names).
        "li" | "div" | "p" | "span" => None,
        "h2" | "h3" | "h4" | "h5" | "h6" => style[1..].parse().ok(),
        other => {
            ctx.warn(
                sc.open.start,
                format!(
                    "children: style {other:?} is not li, div, p, span or h2…h6; shown as a list"
                ),
            );
            None
        }
    };
    let options = ChildrenOptions {
        depth,
        description: flag("description"),
        show_hidden: flag("showhidden"),
        heading,
        sort: child_sort(ctx, sc),
    };
    let mut list = String::new();
    if children_type(ctx, sc) == ChildrenType::Cards {
        write_child_cards(ctx, &options, &mut list);
    } else {
        write_children(ctx, ctx.page_index, 0, &options, &mut list);
        let ends_in_list = list
            .lines()
            .last()
            .is_some_and(|line| line.starts_with([' ', '-']));
        if ends_in_list {
            // A comment ends the list: an indented block after the shortcode would
            // otherwise be read as part of the last item.
            list.push_str("\n<!-- end of children -->\n");
        }
    }
    if !list.trim().is_empty() {
        start_block(out);
        out.push_str(&list);
    }
}

/// The `sort` option; another value is a warning and the book's order.
fn child_sort(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> ChildSort {
    let Some(value) = sc.params.text("sort", usize::MAX) else {
        return ChildSort::Book;
    };
    ChildSort::parse(&value).unwrap_or_else(|| {
        ctx.warn(
            sc.open.start,
            format!(
                "children: sort {value:?} is not weight, title, name, linktitle, date, \
                 publishdate, modifieddate, expirydate or length; the book's order is kept"
            ),
        );
        ChildSort::Book
    })
}

/// Relearn's `type`: `list` (the default) or `card`; another is a warning and a list.
fn children_type(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> ChildrenType {
    let Some(kind) = sc.params.text("type", usize::MAX) else {
        return ChildrenType::List;
    };
    match kind.trim().to_ascii_lowercase().as_str() {
        "list" | "" => ChildrenType::List,
        "card" | "cards" => ChildrenType::Cards,
        other => {
            ctx.warn(
                sc.open.start,
                format!("children: type {other:?} is not list or card; shown as a list"),
            );
            ChildrenType::List
        }
    }
}

/// The page's children (the first level) as a grid of link cards, with their
/// descriptions when asked.
fn write_child_cards(ctx: &RenderContext<'_>, options: &ChildrenOptions, out: &mut String) {
    let mut html = String::from("<div class=\"hugo-cards\">\n");
    let mut any = false;
    for child in visible_children(ctx, ctx.page_index, options) {
        let page = &ctx.site.pages[child];
        let href = ctx
            .site
            .relative_link(ctx.page_index, &LinkTarget::Page(child));
        let card = LinkCard {
            href,
            title: link_title(page),
            description: child_description(page, options),
            action: None,
            icon: None,
            class: None,
            target: None,
            rel: None,
        };
        html.push_str(&link_card_html(&card));
        any = true;
    }
    html.push_str("</div>");
    if any {
        html_block(out, &html);
    }
}

/// The children of `parent` that `options` shows (hidden ones only with `showhidden`).
fn visible_children(
    ctx: &RenderContext<'_>,
    parent: usize,
    options: &ChildrenOptions,
) -> Vec<usize> {
    let mut children: Vec<usize> = ctx
        .site
        .children(parent)
        .into_iter()
        .filter(|&child| {
            let hidden = ctx.site.pages[child]
                .front_matter
                .fields
                .get("hidden")
                .is_some_and(|h| h.as_bool() == Some(true));
            options.show_hidden || !hidden
        })
        .collect();
    options.sort.apply(ctx.site, &mut children);
    children
}

/// A child's front matter `description`, when `description` is asked for.
fn child_description(page: &Page, options: &ChildrenOptions) -> Option<String> {
    options
        .description
        .then(|| page.front_matter.description.clone())
        .flatten()
        .filter(|d| !d.trim().is_empty())
}

fn write_children(
    ctx: &RenderContext<'_>,
    parent: usize,
    level: usize,
    options: &ChildrenOptions,
    out: &mut String,
) {
    if level >= options.depth {
        return;
    }
    for child in visible_children(ctx, parent, options) {
        let page = &ctx.site.pages[child];
        let link = ctx
            .site
            .relative_link(ctx.page_index, &LinkTarget::Page(child));
        let entry = markdown_link(&link_title(page), &link);
        let description = child_description(page, options);
        match options.heading.filter(|_| level == 0) {
            Some(n) => {
                // A raw heading: mdBook makes a Markdown heading a link to itself, and a
                // link inside it would be a link inside a link.
                start_block(out);
                out.push_str(&format!(
                    "<h{n} class=\"hugo-children-heading\"><a href=\"{}\">{}</a></h{n}>\n",
                    escape_attr(&link),
                    escape_text(&link_title(page))
                ));
                if let Some(description) = description {
                    out.push_str(&format!(
                        "\n{}\n",
                        crate::render::safe::markdown_text(&description)
                    ));
                }
                out.push('\n');
            }
            None => {
                let indent = "  ".repeat(if options.heading.is_some() {
                    level - 1
                } else {
                    level
                });
                out.push_str(&format!("{indent}- {entry}\n"));
                if let Some(description) = description {
                    out.push_str(&format!(
                        "{indent}  {}\n",
                        crate::render::safe::markdown_text(&description)
                    ));
                }
            }
        }
        write_children(ctx, child, level + 1, options, out);
    }
}

/// What a link to `page` says: `linkTitle`, `title`, else its file name.
pub(crate) fn link_title(page: &Page) -> String {
    let link_title =
        crate::frontmatter::field(&page.front_matter.fields, "linktitle").and_then(|v| v.as_str());
    if let Some(title) = link_title.or(page.front_matter.title.as_deref()) {
        return title.to_string();
    }
    let file = if page.is_index() {
        page.source_dir().rsplit('/').next().unwrap_or("")
    } else {
        let name = page.source_path.rsplit('/').next().unwrap_or("");
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    };
    let words = file.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hugo's `linkTitle` key ignores case like every front matter key (`LinkTitle`,
    /// `linktitle`), and falls back to the title, then to the file name (capitalised).
    #[test]
    fn a_link_title_is_read_in_any_spelling() {
        let path = std::path::Path::new("docs/a.md");
        let page = |text: &str| Page::new("docs/a.md", path, text.into());
        for (front, expected) in [
            ("---\nLinkTitle: Short\ntitle: Long\n---\n", "Short"),
            ("---\nlinktitle: short\ntitle: Long\n---\n", "short"),
            ("---\nlinkTitle: Camel\n---\n", "Camel"),
            ("---\ntitle: Long\n---\n", "Long"),
            ("Body\n", "A"),
        ] {
            assert_eq!(link_title(&page(front)), expected, "{front:?}");
        }
    }
}
