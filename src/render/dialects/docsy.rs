//! Docsy's shortcodes: `alert`, `pageinfo`, `tabpane`/`tab`, `cardpane`/`card`, the
//! landing-page blocks (`blocks/lead`, `blocks/section`, `blocks/feature`, `blocks/cover`,
//! `blocks/link-down`), `imgproc`, `readfile`, `iframe`, `conditional-text`, the API
//! references `swaggerui` and `redoc`, and `td/site-build-info/netlify`.

use crate::html::{escape_attr, escape_text};
use crate::render::RenderContext;
use crate::render::params::{lookup_param, page_param, param_text};
use crate::render::registry::Entry;
use crate::render::safe::{checked_url, html_param, is_token, plain_text};
use crate::render::widgets::admonition::Callout;
use crate::render::widgets::markup::{html_block, html_with_markdown, icon_html};
use crate::render::widgets::{admonition, cards, embed, files, openapi, tabs};
use crate::shortcode::{BodyKind, Shortcode};
use crate::site::LinkTarget;
use std::path::Path;

/// Docsy's shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("_param", BodyKind::None, docsy_param),
    ("alert", BodyKind::Required, alert),
    ("pageinfo", BodyKind::Required, pageinfo),
    ("tabpane", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("cardpane", BodyKind::Required, cards::grid),
    ("card", BodyKind::Required, super::shared::card),
    ("lead", BodyKind::Required, lead),
    ("blocks/lead", BodyKind::Required, lead),
    ("blocks/section", BodyKind::Required, section),
    ("blocks/feature", BodyKind::Required, feature),
    ("blocks/cover", BodyKind::Required, cover),
    ("blocks/link-down", BodyKind::None, link_down),
    ("imgproc", BodyKind::Required, imgproc),
    ("readfile", BodyKind::None, files::readfile),
    ("iframe", BodyKind::None, embed::iframe),
    ("conditional-text", BodyKind::Required, conditional_text),
    ("swaggerui", BodyKind::None, openapi::swaggerui),
    ("redoc", BodyKind::None, openapi::redoc),
    (
        "td/site-build-info/netlify",
        BodyKind::None,
        super::netlify::site_build_info,
    ),
];

/// Docsy `alert`: `color`, `title` (named only).
fn alert(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc.params.text("color", usize::MAX),
        title: sc.params.text("title", usize::MAX),
        caution_is_warning: false,
    };
    admonition::admonition(ctx, sc, callout, out);
}

/// Image files `imgproc` may show.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// `lead`, `blocks/lead`: a larger, lighter intro paragraph; the body stays Markdown.
fn lead(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    html_with_markdown(out, "<div class=\"hugo-lead\">", &body, "</div>");
}

/// `pageinfo`: a coloured box (`color`, default primary) around Markdown.
fn pageinfo(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let color = color_class(sc, "primary");
    let body = ctx.render_inner(sc);
    html_with_markdown(
        out,
        &format!("<div class=\"hugo-pageinfo hugo-pageinfo-{color}\">"),
        &body,
        "</div>",
    );
}

/// The `color` parameter as a class suffix (letters, digits, `-`), or `default`.
fn color_class(sc: &Shortcode<'_>, default: &str) -> String {
    sc.params
        .text("color", usize::MAX)
        .filter(|c| is_token(c))
        .map_or_else(|| default.to_string(), |c| c.to_ascii_lowercase())
}

/// `blocks/section`: a full-width band (`color`, `type="row"` lays features out in a row).
fn section(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let number = ctx.next_block();
    let id = ctx.page_scoped_id("block", number);
    let color = color_class(sc, "default");
    let row = sc
        .params
        .text("type", usize::MAX)
        .is_some_and(|t| t.split_whitespace().any(|c| c == "row"));
    let body = ctx.render_inner(sc);
    let row_class = if row { " hugo-section-row" } else { "" };
    html_with_markdown(
        out,
        &format!("<div class=\"hugo-section hugo-section-{color}{row_class}\" id=\"{id}\">"),
        &body,
        "</div>",
    );
}

/// `blocks/cover`: the landing banner: `title`, `subtitle`, the body. Its background image
/// (a page resource in Hugo) is not carried over.
fn cover(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let number = ctx.next_block();
    let id = ctx.page_scoped_id("block", number);
    let color = color_class(sc, "dark");
    let mut open = format!("<div class=\"hugo-cover hugo-cover-{color}\" id=\"{id}\">\n");
    for (key, class) in [
        ("title", "hugo-cover-title"),
        ("subtitle", "hugo-cover-subtitle"),
    ] {
        if let Some(text) = sc.params.text(key, usize::MAX) {
            open.push_str(&format!(
                "<p class=\"{class}\">{}</p>\n",
                escape_text(text.trim())
            ));
        }
    }
    let body = ctx.render_inner(sc);
    open.push_str("<div class=\"hugo-cover-body\">");
    html_with_markdown(out, &open, &body, "</div>\n</div>");
}

/// `blocks/link-down`: an arrow to the next block (or to `id`).
fn link_down(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let target = match sc.params.text("id", usize::MAX) {
        Some(id) => id.into_owned(),
        None => ctx.page_scoped_id("block", ctx.blocks_seen() + 1),
    };
    html_block(
        out,
        &format!(
            "<div class=\"hugo-link-down\"><a href=\"#{}\"><i class=\"fa-solid fa-chevron-down\" aria-hidden=\"true\"></i><span class=\"hugo-sr-only\">Read more</span></a></div>",
            escape_attr(&target)
        ),
    );
}

/// `blocks/feature`: `icon` (default `fa-lightbulb`), `title`, `url`, `url_text`, the body.
fn feature(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let icon = param("icon").unwrap_or_else(|| "fa-lightbulb".to_string());
    let icon = icon_html(ctx, at, "blocks/feature", &icon);
    let url = param("url").and_then(|u| checked_url(ctx, at, "blocks/feature", "url", &u));
    let title = param("title").map(|t| html_param(ctx, at, "blocks/feature", &t));
    let mut open = String::from("<div class=\"hugo-feature\">\n");
    if let Some(icon) = icon {
        open.push_str(&format!("<div class=\"hugo-feature-icon\">{icon}</div>\n"));
    }
    if let Some(title) = title {
        let title = match &url {
            Some(url) => format!("<a href=\"{}\">{title}</a>", escape_attr(url)),
            None => title,
        };
        open.push_str(&format!("<p class=\"hugo-feature-title\">{title}</p>"));
    }
    let mut close = String::new();
    if let Some(url) = &url {
        let text = param("url_text").unwrap_or_else(|| "Read more".to_string());
        close.push_str(&format!(
            "<p class=\"hugo-feature-more\"><a href=\"{}\">{} …</a></p>\n",
            escape_attr(url),
            escape_text(&text)
        ));
    }
    close.push_str("</div>");
    let body = ctx.render_inner(sc);
    html_with_markdown(out, &open, &body, &close);
}

/// `imgproc`: the image (0) found next to the page, shown as a figure of the original; the
/// processing command (1: Fit, Fill, Crop, Resize) and its options (2) are not applied.
fn imgproc(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(name) = sc.params.text("src", 0).map(|n| n.into_owned()) else {
        ctx.error(at, "imgproc: missing the image name");
        return;
    };
    let command = sc
        .params
        .text("command", 1)
        .unwrap_or_default()
        .into_owned();
    if !matches!(command.as_str(), "Fit" | "Fill" | "Crop" | "Resize") {
        ctx.error(
            at,
            format!("imgproc: invalid image processing command {command:?}: must be one of Fit, Fill, Crop or Resize"),
        );
        return;
    }
    let Some(image) = find_image(ctx, &name) else {
        ctx.error(
            at,
            format!("imgproc: no image matching {name:?} next to the page"),
        );
        return;
    };
    let src = ctx
        .site
        .relative_link(ctx.page_index, &LinkTarget::File(image));
    let caption = ctx.render_inner(sc);
    let alt = plain_text(caption.trim());
    let mut html = format!(
        "<figure class=\"hugo-figure hugo-imgproc\">\n<img src=\"{}\" alt=\"{}\">\n",
        escape_attr(&src),
        escape_attr(&alt)
    );
    if !caption.trim().is_empty() {
        html.push_str(&format!(
            "<figcaption>{}</figcaption>\n",
            html_param(ctx, at, "imgproc", caption.trim())
        ));
    }
    html.push_str("</figure>");
    html_block(out, &html);
}

/// The first image (by name) in the page's folder whose file name contains `name`, as a
/// path relative to the source folder.
fn find_image(ctx: &RenderContext<'_>, name: &str) -> Option<String> {
    let src_dir = ctx.site.src_dir.as_deref()?;
    let page_dir = ctx.page().source_dir();
    let dir = if page_dir.is_empty() {
        src_dir.to_path_buf()
    } else {
        src_dir.join(page_dir)
    };
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|file| file.contains(name) && is_image(file))
        .collect();
    found.sort();
    let file = found.into_iter().next()?;
    Some(if page_dir.is_empty() {
        file
    } else {
        format!("{page_dir}/{file}")
    })
}

fn is_image(file: &str) -> bool {
    Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// `conditional-text`: the body when the site param `buildCondition` is in `include-if`, or
/// not in `exclude-if`; nothing when `buildCondition` is not set, as in Docsy.
fn conditional_text(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let condition = lookup_param(&ctx.config.params, "buildCondition")
        .map(param_text)
        .unwrap_or_default()
        .to_lowercase();
    if condition.is_empty() {
        return;
    }
    let include_if = sc
        .params
        .named("include-if")
        .map(|v| v.as_text().to_lowercase());
    let exclude_if = sc
        .params
        .named("exclude-if")
        .map(|v| v.as_text().to_lowercase());
    let included = include_if
        .as_deref()
        .is_some_and(|i| i.contains(&condition));
    let excluded = exclude_if
        .as_deref()
        .is_some_and(|e| e.contains(&condition));
    if included && excluded {
        ctx.error(
            sc.open.start,
            format!("conditional-text: build condition {condition:?} is in both include-if and exclude-if"),
        );
        return;
    }
    let show = match (&include_if, &exclude_if) {
        (Some(_), _) => included,
        (None, Some(_)) => !excluded,
        (None, None) => false,
    };
    if show {
        let body = ctx.render_inner(sc);
        out.push_str(body.trim_matches('\n'));
    }
}

/// Docsy's `_param` (0: the param's name, then arguments): the page's or the site's param
/// as raw HTML, with `{0}` replaced by the name and `{1}`, `{2}`, ... by the arguments.
fn docsy_param(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(name) = sc.params.text("name", 0) else {
        ctx.error(sc.open.start, "_param: parameter name is missing");
        return;
    };
    let found = page_param(&ctx.page().front_matter.fields, &ctx.config.params, &name)
        .map(|value| param_text(value).into_owned())
        // Docsy's `_param baseURL` is the site's base URL: the book's root.
        .or_else(|| (name == "baseURL").then(|| "/".to_string()));
    let Some(mut value) = found.filter(|v| !v.is_empty()) else {
        ctx.error(
            sc.open.start,
            format!("_param: parameter {name:?} not found in page or site params"),
        );
        return;
    };
    if let crate::shortcode::Params::Positional(args) = &sc.params {
        for (i, arg) in args.iter().enumerate() {
            value = value.replace(&format!("{{{i}}}"), &arg.as_text());
        }
    }
    out.push_str(&value);
}
