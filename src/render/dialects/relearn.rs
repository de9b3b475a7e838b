//! Learn/Relearn's shortcodes: `notice`, `expand`, `children`, `button`, `include`,
//! `siteparam`, `tabs`/`tab`, `math`, `mermaid`, `attachments`, `resources`, `badge`,
//! `icon`, `openapi` and `cards`/`card`.

use crate::html::escape_attr;
use crate::math::Display;
use crate::render::RenderContext;
use crate::render::params::{lookup_param, param_text};
use crate::render::registry::Entry;
use crate::render::safe::{
    checked_url, inline_html_param, is_token, markdown_link, markdown_param,
};
use crate::render::widgets::admonition::{Callout, NOTE};
use crate::render::widgets::cards::{self, Card};
use crate::render::widgets::markup::icon_html;
use crate::render::widgets::math as widget_math;
use crate::render::widgets::{admonition, attachments, button, collapsible, diagram, files, tabs};
use crate::shortcode::{BodyKind, Shortcode};

/// Learn/Relearn's shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("notice", BodyKind::Required, notice),
    ("expand", BodyKind::Required, collapsible::expand),
    ("children", BodyKind::None, super::children::children),
    ("button", BodyKind::Required, button::button),
    ("include", BodyKind::None, files::include),
    ("siteparam", BodyKind::None, siteparam),
    ("tabs", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("math", BodyKind::Required, math),
    ("mermaid", BodyKind::Required, mermaid),
    ("attachments", BodyKind::Unknown, attachments),
    ("resources", BodyKind::Unknown, resources),
    ("badge", BodyKind::Unknown, badge),
    ("icon", BodyKind::None, icon),
    ("openapi", BodyKind::None, openapi),
    ("cards", BodyKind::Required, cards::grid),
];

/// The alignment classes of Relearn's `math` and `mermaid` (`align`: left, center, right).
fn align_class(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> String {
    match sc.params.text("align", usize::MAX).as_deref() {
        None | Some("center") => String::new(),
        Some(align @ ("left" | "right")) => format!("hugo-align-{align}"),
        Some(other) => {
            ctx.warn(
                sc.open.start,
                format!(
                    "{}: `align` {other:?} is not left, center or right; centred",
                    sc.name
                ),
            );
            String::new()
        }
    }
}

/// Relearn `math`: the body is TeX, a block, either bare or between one pair of MathJax's
/// delimiters (`$$…$$`, `\[…\]`; `\(…\)` and `$…$` make it inline); `align`.
fn math(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = sc.inner_source(ctx.source()).unwrap_or_default().trim();
    if body.is_empty() {
        return;
    }
    let (tex, display) = strip_math_delimiters(body);
    let class = align_class(ctx, sc);
    widget_math::formula(ctx, sc.open.start, "math", tex, display, &class, out);
}

/// The TeX inside one pair of delimiters around the whole of `body`, and how it displays;
/// a bare body is a block.
fn strip_math_delimiters(body: &str) -> (&str, Display) {
    const PAIRS: &[(&str, &str, Display)] = &[
        ("$$", "$$", Display::Block),
        ("\\[", "\\]", Display::Block),
        ("\\(", "\\)", Display::Inline),
        ("$", "$", Display::Inline),
    ];
    for &(open, close, display) in PAIRS {
        if let Some(inner) = body.strip_prefix(open).and_then(|b| b.strip_suffix(close))
            && body.len() >= open.len() + close.len()
            && !inner.contains(open)
        {
            return (inner, display);
        }
    }
    (body, Display::Block)
}

/// Learn/Relearn `mermaid`: the body is the diagram; `align`.
fn mermaid(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let source = sc.inner_source(ctx.source()).unwrap_or_default();
    let class = align_class(ctx, sc);
    diagram::mermaid(source, &class, out);
}

/// The box's admonition kind and title: `style` (Relearn's box styles and colours), else a
/// note, and `title`, else `default`.
fn box_style(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    default: &str,
) -> (&'static str, String) {
    let style = sc.params.text("style", usize::MAX);
    let kind = admonition::kind_for(ctx, sc, style.as_deref(), false);
    let title = sc
        .params
        .text("title", usize::MAX)
        .filter(|t| !t.trim().is_empty())
        .map_or_else(
            || default.to_string(),
            |t| markdown_param(ctx, sc.open.start, sc.name, &t),
        );
    (kind, title)
}

/// The `pattern` and `sort` of `attachments`/`resources`; a pattern that is not a regular
/// expression is a warning, and every file is listed.
fn file_filter(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> (Option<regex::Regex>, bool) {
    let pattern = sc
        .params
        .text("pattern", usize::MAX)
        .filter(|p| !p.is_empty());
    let pattern = pattern.and_then(|p| match regex::Regex::new(&p) {
        Ok(regex) => Some(regex),
        Err(error) => {
            ctx.warn(
                sc.open.start,
                format!(
                    "{}: `pattern` is not a regular expression ({error}); every file listed",
                    sc.name
                ),
            );
            None
        }
    });
    let descending = sc
        .params
        .text("sort", usize::MAX)
        .is_some_and(|s| s.eq_ignore_ascii_case("desc"));
    (pattern, descending)
}

/// Learn/Relearn `attachments`: the files of the page's `NAME.files/` folder (`files/` for
/// a bundle's `index.md`), as links with their size, in a box: `title`, `style`, `pattern`,
/// `sort`; the body follows the list.
fn attachments(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let page = ctx.page();
    let stem = page.source_path.rsplit('/').next().unwrap_or("");
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_string();
    let (kind, title) = box_style(ctx, sc, "Attachments");
    let (pattern, descending) = file_filter(ctx, sc);
    let Some(src) = ctx.site.src_dir.clone() else {
        ctx.warn(
            sc.open.start,
            "attachments: the book's source folder is not known; no files listed",
        );
        return;
    };
    let base = src.join(page.source_dir());
    let mut folder = base.join(format!("{stem}.files"));
    if stem == "index" && base.join("files").is_dir() {
        folder = base.join("files");
    }
    if !folder.is_dir() {
        ctx.warn(
            sc.open.start,
            format!(
                "attachments: no folder {} beside the page; no files listed",
                folder.display()
            ),
        );
    }
    let files = attachments::list_files(&folder, &base, false, pattern.as_ref(), descending);
    let body = ctx.render_inner(sc);
    attachments::write_box(ctx, kind, &title, &files, &body, out);
}

/// Relearn `resources`: the files of the page bundle (every file in the page's folder but
/// Markdown, for `index.md` and `_index.md`), as links with their size, in a box: `title`,
/// `style`, `pattern`, `sort`. On a page that is not a bundle it lists nothing, with a
/// warning (Relearn warns too).
fn resources(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let page = ctx.page();
    let (kind, title) = box_style(ctx, sc, "Resources");
    let (pattern, descending) = file_filter(ctx, sc);
    let leaf = page.source_path.rsplit('/').next() == Some("index.md");
    let src = ctx.site.src_dir.clone();
    let files = match (page.is_index(), src) {
        (true, Some(src)) => {
            let base = src.join(page.source_dir());
            attachments::list_files(&base, &base, leaf, pattern.as_ref(), descending)
        }
        _ => {
            ctx.warn(
                sc.open.start,
                "resources: the page is not a page bundle (index.md or _index.md in a folder of \
                 the book's sources); no files listed",
            );
            Vec::new()
        }
    };
    let body = ctx.render_inner(sc);
    attachments::write_box(ctx, kind, &title, &files, &body, out);
}

/// Relearn `badge`: the body (or `content`) after an optional title part (`title`, `icon`),
/// styled by `style` (a box style or a colour name) or `color` (a CSS colour).
fn badge(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let body = ctx.render_inner(sc);
    let content = match body.trim() {
        "" => sc
            .params
            .text("content", usize::MAX)
            .unwrap_or_default()
            .into_owned(),
        body => body.to_string(),
    };
    let content = inline_html_param(ctx, at, "badge", &content);
    let style = sc
        .params
        .text("style", usize::MAX)
        .filter(|s| is_token(s))
        .map(|s| s.to_ascii_lowercase());
    let icon = sc
        .params
        .text("icon", usize::MAX)
        .map(|i| i.into_owned())
        .and_then(|i| icon_html(ctx, at, "badge", &i));
    let title = sc
        .params
        .text("title", usize::MAX)
        .map(|t| t.into_owned())
        .filter(|t| !t.trim().is_empty())
        .map(|t| inline_html_param(ctx, at, "badge", &t));
    let mut html = String::from("<span class=\"hugo-badge");
    if let Some(style) = &style {
        html.push_str(&format!(" hugo-badge-{style}"));
    }
    if let Some(color) = sc.params.text("color", usize::MAX) {
        match css_color(&color) {
            Some(color) => html.push_str(&format!("\" style=\"--hugo-badge-color: {color}")),
            None => ctx.warn(
                at,
                format!(
                    "badge: `color` {:?} is not a CSS colour; ignored",
                    color.as_ref()
                ),
            ),
        }
    }
    html.push_str("\">");
    let label: Vec<String> = [icon, title].into_iter().flatten().collect();
    if !label.is_empty() {
        html.push_str(&format!(
            "<span class=\"hugo-badge-title\">{}</span>",
            label.join(" ")
        ));
    }
    html.push_str(&format!(
        "<span class=\"hugo-badge-content\">{content}</span></span>"
    ));
    out.push_str(&html);
}

/// A CSS colour for a style attribute: a `#hex` or a colour name, else `None`.
fn css_color(value: &str) -> Option<String> {
    let value = value.trim();
    let hex = value.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit())
    });
    let name =
        !value.is_empty() && value.len() <= 24 && value.bytes().all(|b| b.is_ascii_alphabetic());
    (hex || name).then(|| value.to_string())
}

/// Learn/Relearn `icon`: the Font Awesome icon `icon`/0 (`rocket`, `fa-solid fa-rocket`).
fn icon(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(name) = sc.params.text("icon", 0).map(|i| i.into_owned()) else {
        ctx.error(sc.open.start, "icon: missing the icon's name");
        return;
    };
    if let Some(html) = icon_html(ctx, sc.open.start, "icon", &name) {
        out.push_str(&html);
    }
}

/// Relearn `openapi` (and hugo-book's): the Swagger UI it draws needs scripts the book does
/// not ship; a note with a link to the specification (`src`) instead.
pub(crate) fn openapi(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = sc.params.text("src", 0) else {
        ctx.error(at, "openapi: missing the `src` parameter");
        return;
    };
    let Some(href) = checked_url(ctx, at, "openapi", "src", &src) else {
        return;
    };
    let name = href.rsplit('/').next().unwrap_or(&href).to_string();
    let body = format!(
        "{} — this book does not include an OpenAPI viewer; open the specification in a \
         viewer such as Swagger UI or Redoc, or read it as it is.",
        markdown_link(&name, &href)
    );
    admonition::write_admonition(NOTE, Some("OpenAPI specification"), &body, out);
}

/// Relearn's `card` (in `cards`): `title`, `icon`, `image`, `href`, `style`/`color`, and the
/// body.
pub(crate) fn card(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> Card {
    let at = sc.open.start;
    let text = |key: &str| sc.params.text(key, usize::MAX).map(|v| v.into_owned());
    let href = text("href").and_then(|h| checked_url(ctx, at, "card", "href", &h));
    let title = text("title").map(|t| inline_html_param(ctx, at, "card", &t));
    let title = match (title, &href) {
        (Some(title), Some(href)) => Some(format!("<a href=\"{}\">{title}</a>", escape_attr(href))),
        (title, _) => title,
    };
    let icon = text("icon").and_then(|i| icon_html(ctx, at, "card", &i));
    let image = text("image").and_then(|i| checked_url(ctx, at, "card", "image", &i));
    let header = image.map(|src| {
        format!(
            "<img class=\"hugo-card-img\" src=\"{}\" alt=\"\">",
            escape_attr(&src)
        )
    });
    let color = text("style")
        .or_else(|| text("color"))
        .filter(|c| is_token(c))
        .map(|c| c.to_ascii_lowercase());
    Card {
        header,
        title,
        icon,
        color,
        body: ctx.render_inner(sc),
        ..Card::default()
    }
}

/// Relearn `notice`: `style`/0, `title`/1 (`icon`/2 is not shown: mdBook draws its own).
fn notice(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc.params.text("style", 0),
        title: sc.params.text("title", 1),
        caution_is_warning: false,
    };
    admonition::admonition(ctx, sc, callout, out);
}

/// `siteparam`: a site parameter (`name`/0) from `[preprocessor.hugo.params]`.
fn siteparam(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(name) = sc.params.text("name", 0) else {
        ctx.error(sc.open.start, "siteparam: missing the parameter name");
        return;
    };
    match lookup_param(&ctx.config.params, &name) {
        Some(value) => out.push_str(&param_text(value)),
        None => ctx.warn(
            sc.open.start,
            format!(
                "siteparam: site param {:?} not found in [preprocessor.hugo.params]; nothing shown",
                name.as_ref()
            ),
        ),
    }
}
