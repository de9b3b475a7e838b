//! `SUMMARY.md` from the section tree, in Hugo's order.
//!
//! - The home page (`_index.md` at the root) is the book's first, unnumbered chapter.
//! - Each section's `_index.md` is the section's chapter; its pages and subsections nest
//!   under it in Hugo's `.Pages` order; pages with `build.list: never` that still render
//!   follow their listed siblings (a book can only show chapters it lists).
//! - A section whose page is not rendered (`build.render: never`), and a top-level folder
//!   without `_index.md` (a section Hugo makes up), become draft chapters: a title without a
//!   page, with the pages nested under it. They follow the home page's own children.
//! - The label is `linkTitle`, else `title`, else (home page) the site's title, else the
//!   file name.
//! - `404.md` at the root is not a chapter (mdBook makes its own 404 page).

use super::HugoSite;
use super::content::{ContentPage, Kind, Render};
use crate::template::{ap_title, humanize_text};
use std::fmt::Write as _;

/// Whether a page becomes a chapter of the book.
pub fn is_chapter(page: &ContentPage) -> bool {
    page.render == Render::Always && page.path != "404.md"
}

/// The `SUMMARY.md` of `site`; `book_path(i)` is page `i`'s path in the book's source folder.
pub fn render(site: &HugoSite, book_path: &dyn Fn(usize) -> String) -> String {
    let mut out = String::from("# Summary\n\n");
    let writer = Writer { site, book_path };
    let tree = &site.tree;
    if let Some(home) = tree.home {
        if is_chapter(&site.content.pages[home]) {
            let _ = writeln!(out, "[{}]({})\n", writer.label(home), writer.link(home));
        }
        writer.children(&mut out, home, 0);
    }
    for (folder, pages) in &tree.orphans {
        if folder.is_empty() {
            for &page in pages {
                writer.entry(&mut out, page, 0);
            }
            continue;
        }
        let _ = writeln!(out, "- [{}]()", escape_label(&title_case(folder)));
        for &page in pages {
            writer.entry(&mut out, page, 1);
        }
    }
    out
}

struct Writer<'a> {
    site: &'a HugoSite,
    book_path: &'a dyn Fn(usize) -> String,
}

impl Writer<'_> {
    /// The children of `parent`: listed ones, then rendered unlisted ones.
    fn children(&self, out: &mut String, parent: usize, depth: usize) {
        let tree = &self.site.tree;
        for &child in tree.children[parent].iter().chain(&tree.unlisted[parent]) {
            self.entry(out, child, depth);
        }
    }

    /// One chapter line (a draft chapter when the page is not rendered) and its children.
    fn entry(&self, out: &mut String, index: usize, depth: usize) {
        let page = &self.site.content.pages[index];
        let has_children = !self.site.tree.children[index].is_empty()
            || !self.site.tree.unlisted[index].is_empty();
        let indent = "  ".repeat(depth);
        if is_chapter(page) {
            let _ = writeln!(
                out,
                "{indent}- [{}]({})",
                self.label(index),
                self.link(index)
            );
        } else if has_children {
            let _ = writeln!(out, "{indent}- [{}]()", self.label(index));
        } else {
            return;
        }
        self.children(out, index, depth + 1);
    }

    fn label(&self, index: usize) -> String {
        let page = &self.site.content.pages[index];
        let mut label = page.link_title();
        if label.trim().is_empty() && page.kind == Kind::Home {
            label = self.site.config.string("title").unwrap_or_default();
        }
        if label.trim().is_empty() {
            // As the themes label an untitled page (hugo-book's `docs/title` partial,
            // Docsy's and Relearn's menus): its file or folder name, humanized and
            // title-cased.
            label = ap_title(&humanize_text(page.base_name()));
        }
        escape_label(label.trim())
    }

    fn link(&self, index: usize) -> String {
        let path = (self.book_path)(index);
        if path.contains([' ', '(', ')', '<', '>']) {
            format!("<{}>", path.replace('<', "%3C").replace('>', "%3E"))
        } else {
            path
        }
    }
}

/// A label safe inside `[...]` of a Markdown link.
fn escape_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// `getting-started` → `Getting-started`: Hugo's title for a section without a page.
fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
