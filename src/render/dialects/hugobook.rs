//! hugo-book's shortcodes: `hint`, `details`, `tabs`/`tab`, `columns`, `button`, `steps`,
//! `katex`, `mermaid`, `image`, `asciinema`, `section` and the older `expand` and `toc`.

use super::children::link_title;
use crate::html::escape_attr;
use crate::math::Display;
use crate::render::registry::Entry;
use crate::render::safe::{checked_url, class_list, markdown_link, markdown_text};
use crate::render::widgets::admonition::{Callout, NOTE};
use crate::render::widgets::markup::html_with_markdown;
use crate::render::widgets::{admonition, button, collapsible, diagram, math, steps, tabs};
use crate::render::{RenderContext, start_block};
use crate::shortcode::{BodyKind, Shortcode};
use crate::site::LinkTarget;

/// hugo-book's shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("hint", BodyKind::Required, hint),
    ("details", BodyKind::Required, collapsible::details),
    ("tabs", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("columns", BodyKind::Required, columns),
    ("button", BodyKind::Required, button::button),
    ("steps", BodyKind::Required, steps::steps),
    ("expand", BodyKind::Required, collapsible::expand),
    ("katex", BodyKind::Required, katex),
    ("mermaid", BodyKind::Required, mermaid),
    ("image", BodyKind::None, image),
    ("asciinema", BodyKind::None, asciinema),
    ("section", BodyKind::None, section),
    ("toc", BodyKind::None, toc),
    ("html", BodyKind::Required, html),
    ("openapi", BodyKind::None, super::relearn::openapi),
];

/// hugo-book `katex`: the body is TeX, inline, or a block with `display` (any value); `class`
/// is kept. Without a body it only turns math on for the page (its `$$…$$`, `\[…\]` and
/// `\(…\)`, which [`crate::markdown`] typesets), as hugo-book's KaTeX auto-render does.
fn katex(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(tex) = sc.inner_source(ctx.source()) else {
        return;
    };
    if tex.trim().is_empty() {
        return;
    }
    let display = if sc.params.named("display").is_some() {
        Display::Block
    } else {
        Display::Inline
    };
    let class = sc
        .params
        .text("class", usize::MAX)
        .map_or(String::new(), |c| class_list(&c));
    math::formula(ctx, sc.open.start, "katex", tex, display, &class, out);
}

/// hugo-book `html`: the body as it is (`.Inner | safeHTML`), placed as HTML.
fn html(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    out.push_str(sc.inner_source(ctx.source()).unwrap_or_default());
}

/// hugo-book `mermaid`: the body is the diagram; `class` is kept.
fn mermaid(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let source = sc.inner_source(ctx.source()).unwrap_or_default();
    let class = sc
        .params
        .text("class", usize::MAX)
        .map_or(String::new(), |c| class_list(&c));
    diagram::mermaid(source, &class, out);
}

/// hugo-book `image`: `src`, with `alt`, `title`, `class`, `id`, `loading`, as an `<img>`
/// (hugo-book's click-to-enlarge toggle needs its own CSS; the image is shown at its size,
/// fitted to the page).
fn image(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = sc.params.text("src", 0) else {
        ctx.error(at, "image: missing the `src` parameter");
        return;
    };
    let Some(src) = checked_url(ctx, at, "image", "src", &src) else {
        return;
    };
    let mut class = String::from("hugo-image");
    if let Some(extra) = sc.params.text("class", usize::MAX) {
        let extra = class_list(&extra);
        if !extra.is_empty() {
            class.push(' ');
            class.push_str(&extra);
        }
    }
    let mut img = format!("<img class=\"{class}\" src=\"{}\"", escape_attr(&src));
    for key in ["alt", "title", "id", "loading"] {
        if let Some(value) = sc.params.text(key, usize::MAX) {
            img.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
        }
    }
    img.push('>');
    out.push_str(&img);
}

/// hugo-book `asciinema`: the recording (`cast`) cannot play without the asciinema player,
/// which the book does not ship: a note with a link to the `.cast` file and how to play it.
fn asciinema(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(cast) = sc.params.text("cast", 0) else {
        ctx.error(at, "asciinema: missing the `cast` parameter");
        return;
    };
    let Some(href) = checked_url(ctx, at, "asciinema", "cast", &cast) else {
        return;
    };
    let name = href.rsplit('/').next().unwrap_or(&href).to_string();
    let body = format!(
        "{} — this book does not include the asciinema player; download the recording and \
         play it in a terminal with `asciinema play {}`.",
        markdown_link(&name, &href),
        name.replace('`', "")
    );
    admonition::write_admonition(NOTE, Some("Terminal recording"), &body, out);
}

/// hugo-book `section` (deprecated there): the page's child chapters as links; with
/// `summary`, a definition list of the links and their descriptions, as hugo-book writes
/// (a list with `: description` when the book turns definition lists off).
fn section(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let summary = sc.params.named("summary").is_some()
        || (0..4).any(|i| {
            sc.params
                .positional(i)
                .is_some_and(|v| v.as_text() == "summary")
        });
    // hugo-book writes a definition list; mdBook has them unless the book turns them off.
    let definitions = summary && ctx.config.markdown.definition_lists;
    let mut list = String::new();
    for child in ctx.site.children(ctx.page_index) {
        let page = &ctx.site.pages[child];
        let link = ctx
            .site
            .relative_link(ctx.page_index, &LinkTarget::Page(child));
        let entry = markdown_link(&link_title(page), &link);
        let description = page.front_matter.description.as_deref();
        match description.filter(|d| summary && !d.trim().is_empty()) {
            Some(description) if definitions => {
                list.push_str(&format!("{entry}\n: {}\n\n", markdown_text(description)));
            }
            Some(description) => {
                list.push_str(&format!("- {entry}: {}\n", markdown_text(description)));
            }
            None if definitions => list.push_str(&format!("{entry}\n\n")),
            None => list.push_str(&format!("- {entry}\n")),
        }
    }
    if !list.is_empty() {
        start_block(out);
        out.push_str(&list);
    }
}

/// hugo-book's older `toc`: the page's table of contents (Hugo's default levels, `##` and
/// `###`), as a list of links to the headings, from the page's own Markdown.
fn toc(ctx: &mut RenderContext<'_>, _: &Shortcode<'_>, out: &mut String) {
    let page = ctx.page();
    let text = &ctx.source()[page.body_start.min(ctx.source().len())..];
    let list = toc_list(text, ctx.config.markdown);
    if !list.is_empty() {
        start_block(out);
        out.push_str(&list);
    }
}

/// The `##`/`###` headings of `markdown` as a nested list of links to their mdBook ids.
fn toc_list(markdown: &str, options: crate::markdown::ParserOptions) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    let mut list = String::new();
    let mut ids = crate::markdown::anchors::UniqueIds::default();
    let mut heading: Option<(HeadingLevel, String, Option<String>)> = None;
    for event in options.parser(markdown) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, String::new(), id.map(|i| i.to_string())));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, title, _)) = heading.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, title, explicit)) = heading.take() else {
                    continue;
                };
                let id = ids
                    .claim(explicit.unwrap_or_else(|| crate::markdown::anchors::mdbook_id(&title)));
                let indent = match level {
                    HeadingLevel::H2 => "",
                    HeadingLevel::H3 => "  ",
                    _ => continue,
                };
                list.push_str(&format!(
                    "{indent}- {}\n",
                    markdown_link(title.trim(), &format!("#{id}"))
                ));
            }
            _ => {}
        }
    }
    list
}

/// hugo-book `hint`: the kind/0 (`type`), `title` (named only).
fn hint(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc.params.text("type", 0),
        title: sc.params.text("title", usize::MAX),
        caution_is_warning: false,
    };
    admonition::admonition(ctx, sc, callout, out);
}

/// `columns`: the body split at `<--->` lines (or, in newer hugo-book, one column per
/// top-level list item), side by side; `ratio="1:2"` sizes them, `class` is kept.
fn columns(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    let parts = split_columns(&body);
    let ratio: Vec<u32> = sc
        .params
        .text("ratio", usize::MAX)
        .map(|r| r.split(':').filter_map(|p| p.trim().parse().ok()).collect())
        .unwrap_or_default();
    let class = sc
        .params
        .text("class", usize::MAX)
        .map_or(String::new(), |c| {
            format!(" {}", crate::render::safe::class_list(&c))
        });
    crate::render::start_block(out);
    out.push_str(&format!(
        "<div class=\"hugo-columns{}\">\n",
        class.trim_end()
    ));
    for (i, part) in parts.iter().enumerate() {
        let open = match ratio.get(i).filter(|r| (1..=12).contains(*r)) {
            Some(grow) => format!("<div class=\"hugo-column\" style=\"flex-grow: {grow}\">"),
            None => "<div class=\"hugo-column\">".to_string(),
        };
        html_with_markdown(out, &open, part, "</div>");
    }
    out.push_str("</div>\n");
}

/// The columns of a body: `<--->` separators, else top-level `-` list items, else one.
fn split_columns(body: &str) -> Vec<String> {
    if body.lines().any(|l| l.trim() == "<--->") {
        let mut parts = vec![String::new()];
        for line in body.lines() {
            if line.trim() == "<--->" {
                parts.push(String::new());
            } else if let Some(last) = parts.last_mut() {
                last.push_str(line);
                last.push('\n');
            }
        }
        return parts;
    }
    let trimmed = body.trim_matches('\n');
    if !trimmed.starts_with("- ") {
        return vec![body.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    for line in trimmed.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            parts.push(format!("{item}\n"));
        } else if let Some(last) = parts.last_mut() {
            last.push_str(line.strip_prefix("  ").unwrap_or(line));
            last.push('\n');
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_split_at_separators_or_list_items() {
        assert_eq!(split_columns("a\n<--->\nb\n"), ["a\n", "b\n"]);
        assert_eq!(
            split_columns("- ## A\n  text\n- ## B\n"),
            ["## A\ntext\n", "## B\n"]
        );
        assert_eq!(split_columns("just text\n"), ["just text\n"]);
    }

    #[test]
    fn toc_lists_second_and_third_level_headings() {
        let list = toc_list(
            "# Top\n\n## One\n\n### Sub `x`\n\n#### Deep\n\n## One\n",
            crate::markdown::ParserOptions::default(),
        );
        assert_eq!(
            list,
            "- [One](<#one>)\n  - [Sub x](<#sub-x>)\n- [One](<#one-1>)\n"
        );
    }
}
