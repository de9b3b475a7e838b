//! Hugo's built-in shortcodes: `figure`, `details`, `highlight`, `param`, `ref`/`relref`,
//! `youtube`, `vimeo`, `x`/`twitter`/`tweet`, `instagram`, `gist`, `qr` and `comment`.

use crate::html::{escape_attr, escape_text};
use crate::render::params::{page_param, param_text};
use crate::render::registry::Entry;
use crate::render::safe::{
    checked_url, class_list, html_param, is_markdown_literal, markdown_text, plain_text,
};
use crate::render::widgets::{code, collapsible, embed, qr};
use crate::render::{RenderContext, start_block};
use crate::shortcode::{BodyKind, Delim, Shortcode};

/// Hugo's shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("figure", BodyKind::None, figure),
    ("details", BodyKind::Required, collapsible::details),
    ("highlight", BodyKind::Required, code::highlight),
    ("param", BodyKind::None, param),
    ("ref", BodyKind::None, reference),
    ("relref", BodyKind::None, reference),
    ("youtube", BodyKind::None, embed::youtube),
    ("vimeo", BodyKind::None, embed::vimeo),
    ("x", BodyKind::None, embed::x_post),
    ("twitter", BodyKind::None, embed::x_post),
    ("tweet", BodyKind::None, embed::x_post),
    ("instagram", BodyKind::None, embed::instagram),
    ("gist", BodyKind::None, embed::gist),
    ("qr", BodyKind::Required, qr::qr),
    ("comment", BodyKind::Required, comment),
];

/// `{{< comment >}}`: nothing.
fn comment(_: &mut RenderContext<'_>, _: &Shortcode<'_>, _: &mut String) {}

/// `{{< ref "x" >}}` / `{{< relref "x#a" >}}`: a relative `.md` link mdBook resolves.
fn reference(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(target) = sc.params.text("path", 0) else {
        ctx.error(
            sc.open.start,
            format!("{}: missing the page to link to", sc.name),
        );
        return;
    };
    if let Some(link) = ctx.resolve_ref(sc.open.start, &target) {
        out.push_str(&link);
    }
}

/// `{{< param "name" >}}`: the page's front matter first, then the site's params.
pub(crate) fn param(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(name) = sc.params.text("name", 0) else {
        ctx.error(sc.open.start, "param: missing the parameter name");
        return;
    };
    let found = page_param(&ctx.page().front_matter.fields, &ctx.config.params, &name);
    match found.map(param_text) {
        // `{{< >}}` output is HTML placed after Markdown: the value shows as written. A
        // value that escaping leaves alone is written alike in code and in text, so the
        // page is not read for its code then.
        Some(text)
            if sc.delim == Delim::Angle
                && !is_markdown_literal(&text)
                && !ctx.in_code(sc.open.start) =>
        {
            out.push_str(&markdown_text(&text));
        }
        Some(text) => out.push_str(&text),
        None => ctx.error(
            sc.open.start,
            format!("Param {:?} not found", name.as_ref()),
        ),
    }
}

/// Hugo's `figure`: a `<figure>` with the image, a title, caption and attribution.
fn figure(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let Some(src) = param("src") else {
        ctx.error(at, "figure: missing the `src` parameter");
        return;
    };
    let Some(src) = checked_url(ctx, at, "figure", "src", &src) else {
        return;
    };
    let caption = param("caption");
    let alt = param("alt").or_else(|| caption.as_deref().map(plain_text));
    let mut img = format!("<img src=\"{}\"", escape_attr(&src));
    if let Some(alt) = alt {
        img.push_str(&format!(" alt=\"{}\"", escape_attr(&alt)));
    }
    for key in ["width", "height", "loading"] {
        if let Some(value) = param(key) {
            img.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
        }
    }
    img.push('>');
    if let Some(link) = param("link").and_then(|l| checked_url(ctx, at, "figure", "link", &l)) {
        let mut anchor = format!("<a href=\"{}\"", escape_attr(&link));
        for key in ["target", "rel"] {
            if let Some(value) = param(key) {
                anchor.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
            }
        }
        img = format!("{anchor}>{img}</a>");
    }
    let class = param("class").map_or(String::new(), |c| format!(" {}", class_list(&c)));
    start_block(out);
    out.push_str(&format!(
        "<figure class=\"hugo-figure{}\">\n{img}\n",
        class.trim_end()
    ));
    let caption_html = figure_caption(ctx, sc, caption.as_deref());
    if !caption_html.is_empty() {
        out.push_str(&format!("<figcaption>{caption_html}</figcaption>\n"));
    }
    out.push_str("</figure>\n");
}

/// The inside of a figure's `<figcaption>`: title, caption, attribution with its link.
fn figure_caption(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    caption: Option<&str>,
) -> String {
    let at = sc.open.start;
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let mut html = String::new();
    if let Some(title) = param("title") {
        html.push_str(&format!(
            "<strong class=\"hugo-figure-title\">{}</strong> ",
            escape_text(&title)
        ));
    }
    if let Some(caption) = caption {
        html.push_str(&html_param(ctx, at, "figure", caption));
    }
    if let Some(attr) = param("attr") {
        let attr_html = html_param(ctx, at, "figure", &attr);
        let link = param("attrlink").and_then(|l| checked_url(ctx, at, "figure", "attrlink", &l));
        let attr_html = match link {
            Some(link) => format!("<a href=\"{}\">{attr_html}</a>", escape_attr(&link)),
            None => attr_html,
        };
        html.push_str(&format!(
            " <span class=\"hugo-figure-attr\">{attr_html}</span>"
        ));
    }
    html.trim().to_string()
}
