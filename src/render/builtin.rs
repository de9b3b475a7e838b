//! The built-in handlers: Hugo's own shortcodes and the common theme callouts, each turned
//! into mdBook-native Markdown (admonitions, `<details>`, fenced code) or a little HTML that
//! `theme/hugo.css` styles.

use super::{Registry, RenderContext, start_block};
use crate::html::{escape_attr, escape_text};
use crate::shortcode::{BodyKind, Node, Shortcode};
use crate::site::{LinkTarget, RefError};

/// Registers every built-in handler.
pub(super) fn register_all(registry: &mut Registry) {
    registry.register("lead", BodyKind::Required, lead);
    registry.register("blocks/lead", BodyKind::Required, lead);
    registry.register("ref", BodyKind::None, reference);
    registry.register("relref", BodyKind::None, reference);
    registry.register("param", BodyKind::None, param);
    registry.register("comment", BodyKind::Required, |_, _, _| {});
    registry.register("details", BodyKind::Required, details);
    registry.register("alert", BodyKind::Required, admonition);
    registry.register("notice", BodyKind::Required, admonition);
    registry.register("hint", BodyKind::Required, admonition);
    registry.register("callout", BodyKind::Required, admonition);
    registry.register("figure", BodyKind::None, figure);
    registry.register("highlight", BodyKind::Required, highlight);
    registry.register("tabs", BodyKind::Required, tabs);
    registry.register("tabpane", BodyKind::Required, tabs);
    registry.register("tab", BodyKind::Required, lone_tab);
}

/// `{{< lead >}}`: a larger, lighter intro paragraph; the body stays Markdown.
fn lead(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str("<div class=\"hugo-lead\">\n\n");
    out.push_str(body.trim());
    out.push_str("\n\n</div>\n");
}

/// `{{< ref "x" >}}` / `{{< relref "x#a" >}}`: a relative `.md` link mdBook resolves.
fn reference(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(target) = sc.params.text("path", 0) else {
        ctx.error(
            sc.open.start,
            format!("{}: missing the page to link to", sc.name),
        );
        return;
    };
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target.as_ref(), None),
    };
    match ctx.site.resolve_ref(ctx.page_index, path) {
        Ok(index) => {
            // A bare "#anchor" stays on the page; anything else names the target file.
            if !path.is_empty() || fragment.is_none() {
                out.push_str(
                    &ctx.site
                        .relative_link(ctx.page_index, &LinkTarget::Page(index)),
                );
            }
            if let Some(fragment) = fragment {
                out.push('#');
                out.push_str(fragment);
            }
        }
        Err(RefError::NotFound) => ctx.error(
            sc.open.start,
            format!("REF_NOT_FOUND: Ref {:?}: page not found", target.as_ref()),
        ),
        Err(RefError::Ambiguous(paths)) => ctx.error(
            sc.open.start,
            format!(
                "REF_NOT_FOUND: Ref {:?}: page reference is ambiguous: {}",
                target.as_ref(),
                paths.join(", ")
            ),
        ),
    }
}

/// `{{< param "name" >}}`: the page's front matter first, then the site's params.
fn param(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(name) = sc.params.text("name", 0) else {
        ctx.error(sc.open.start, "param: missing the parameter name");
        return;
    };
    let lookup = |map: &serde_json::Map<String, serde_json::Value>| {
        let mut parts = name.split('.');
        let first = map.get(parts.next()?)?;
        parts
            .try_fold(first, |value, part| value.get(part))
            .cloned()
    };
    let page_fields = &ctx.page().front_matter.fields;
    let page_params = page_fields.get("params").and_then(|p| p.as_object());
    let found = lookup(page_fields)
        .or_else(|| page_params.and_then(lookup))
        .or_else(|| lookup(&ctx.config.params));
    match found {
        Some(serde_json::Value::String(s)) => out.push_str(&s),
        Some(other) => out.push_str(&other.to_string()),
        None => ctx.error(
            sc.open.start,
            format!("Param {:?} not found", name.as_ref()),
        ),
    }
}

/// `{{< details summary="..." open=true >}}`: a native `<details>`, the body in Markdown.
fn details(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let summary = sc
        .params
        .text("summary", 0)
        .unwrap_or_else(|| "Details".into())
        .into_owned();
    let open = sc.params.get("open", 1).is_some_and(|v| v.is_truthy());
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str(if open {
        "<details open>\n"
    } else {
        "<details>\n"
    });
    out.push_str("<summary>");
    out.push_str(&inline_markdown(&summary));
    out.push_str("</summary>\n\n");
    out.push_str(body.trim());
    out.push_str("\n\n</details>\n");
}

/// The mdBook admonition kinds.
const NOTE: &str = "NOTE";
const TIP: &str = "TIP";
const IMPORTANT: &str = "IMPORTANT";
const WARNING: &str = "WARNING";
const CAUTION: &str = "CAUTION";

/// Docsy `alert`, Relearn `notice`, hugo-book `hint`, Doks `callout` → `> [!KIND]`.
/// mdBook's admonitions have no custom title, so a title becomes a bold first line.
fn admonition(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let (style, title) = match sc.name {
        "alert" => (
            sc.params.text("color", usize::MAX),
            sc.params.text("title", usize::MAX),
        ),
        "notice" => (sc.params.text("style", 0), sc.params.text("title", 1)),
        "hint" => (
            sc.params.text("type", 0),
            sc.params.text("title", usize::MAX),
        ),
        _ => (
            sc.params.text("context", 0),
            sc.params.text("title", usize::MAX),
        ),
    };
    let style = style.map(|s| s.to_ascii_lowercase());
    let kind = match style.as_deref() {
        None
        | Some("" | "primary" | "info" | "note" | "secondary" | "light" | "dark" | "default") => {
            NOTE
        }
        Some("success" | "tip" | "green") => TIP,
        Some("important" | "accent") => IMPORTANT,
        Some("warning" | "orange" | "attention") => WARNING,
        Some("danger" | "caution" | "error" | "red") => CAUTION,
        Some(other) => {
            ctx.warn(
                sc.open.start,
                format!("{}: unknown style {other:?}, shown as a note", sc.name),
            );
            NOTE
        }
    };
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str("> [!");
    out.push_str(kind);
    out.push_str("]\n");
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        out.push_str("> **");
        out.push_str(title.trim());
        out.push_str("**\n>\n");
    }
    for line in body.trim().lines() {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Hugo's `figure`: a `<figure>` with the image, a title, caption and attribution.
fn figure(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let Some(src) = param("src") else {
        ctx.error(sc.open.start, "figure: missing the `src` parameter");
        return;
    };
    let alt = param("alt")
        .or_else(|| param("caption"))
        .unwrap_or_default();
    let mut img = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_attr(&src),
        escape_attr(&alt)
    );
    for key in ["width", "height", "loading", "title"] {
        if let Some(value) = param(key) {
            img.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
        }
    }
    img.push('>');
    if let Some(link) = param("link") {
        let mut anchor = format!("<a href=\"{}\"", escape_attr(&link));
        for key in ["target", "rel"] {
            if let Some(value) = param(key) {
                anchor.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
            }
        }
        img = format!("{anchor}>{img}</a>");
    }
    let class = param("class").map_or(String::new(), |c| format!(" {}", escape_attr(&c)));
    start_block(out);
    out.push_str(&format!("<figure class=\"hugo-figure{class}\">\n{img}\n"));
    let title = param("title");
    let caption = param("caption");
    let attr = param("attr");
    if title.is_some() || caption.is_some() || attr.is_some() {
        out.push_str("<figcaption>");
        if let Some(title) = title {
            out.push_str(&format!(
                "<strong class=\"hugo-figure-title\">{}</strong> ",
                escape_text(&title)
            ));
        }
        if let Some(caption) = caption {
            out.push_str(&inline_markdown(&caption));
        }
        if let Some(attr) = attr {
            let attr_html = inline_markdown(&attr);
            let attr_html = match param("attrlink") {
                Some(link) => format!("<a href=\"{}\">{attr_html}</a>", escape_attr(&link)),
                None => attr_html,
            };
            out.push_str(&format!(
                " <span class=\"hugo-figure-attr\">{attr_html}</span>"
            ));
        }
        out.push_str("</figcaption>\n");
    }
    out.push_str("</figure>\n");
}

/// Hugo's `highlight`: a fenced code block; mdBook cannot number or highlight lines.
fn highlight(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let lang = sc.params.text("lang", 0).unwrap_or_default().into_owned();
    if let Some(options) = sc.params.text("options", 1).filter(|o| !o.is_empty()) {
        ctx.warn(
            sc.open.start,
            format!(
                "highlight: mdBook cannot apply the options {:?}; the code is shown without them",
                options.as_ref()
            ),
        );
    }
    let body = ctx.render_inner(sc);
    let code = deindent(body.trim_start_matches('\n').trim_end(), sc.indent);
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    start_block(out);
    out.push_str(&format!("{fence}{lang}\n{code}\n{fence}\n"));
}

/// Hugo's `.InnerDeindent`: removes the tag's indentation from every body line.
fn deindent(body: &str, indent: &str) -> String {
    if indent.is_empty() {
        return body.to_string();
    }
    body.lines()
        .map(|line| line.strip_prefix(indent).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// hugo-book/Doks `tabs` + `tab`, Docsy `tabpane` + `tab`: keyboard-accessible tabs driven
/// by `theme/hugo-tabs.js`; without the script (and in print) every panel shows, labelled.
fn tabs(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let group = ctx.unique_id("tabs");
    let mut panels = Vec::new();
    let mut stray = String::new();
    for node in sc.inner.as_deref().unwrap_or_default() {
        match node {
            Node::Shortcode(tab) if tab.name == "tab" => {
                let label = tab
                    .params
                    .text("header", 0)
                    .or_else(|| tab.params.text("name", usize::MAX))
                    .or_else(|| tab.params.text("title", usize::MAX))
                    .map_or_else(|| format!("Tab {}", panels.len() + 1), |l| l.into_owned());
                let body = ctx.render_inner(tab);
                panels.push((label, body));
            }
            Node::Text(span) if ctx.source()[span.clone()].trim().is_empty() => {}
            other => ctx.render_nodes(std::slice::from_ref(other), &mut stray),
        }
    }
    if !stray.trim().is_empty() {
        ctx.warn(
            sc.open.start,
            format!(
                "{}: content outside a `tab` is shown before the tabs",
                sc.name
            ),
        );
        start_block(out);
        out.push_str(stray.trim());
        out.push('\n');
    }
    start_block(out);
    out.push_str(&format!(
        "<div class=\"hugo-tabs\" id=\"{group}\">\n<div class=\"hugo-tablist\" role=\"tablist\">\n"
    ));
    for (i, (label, _)) in panels.iter().enumerate() {
        let selected = i == 0;
        out.push_str(&format!(
            "<button type=\"button\" role=\"tab\" class=\"hugo-tab\" id=\"{group}-tab-{i}\" aria-controls=\"{group}-panel-{i}\" aria-selected=\"{selected}\" tabindex=\"{}\">{}</button>\n",
            if selected { 0 } else { -1 },
            escape_text(label)
        ));
    }
    out.push_str("</div>\n");
    for (i, (label, body)) in panels.iter().enumerate() {
        out.push_str(&format!(
            "<div class=\"hugo-tabpanel\" role=\"tabpanel\" id=\"{group}-panel-{i}\" aria-labelledby=\"{group}-tab-{i}\" tabindex=\"0\">\n<p class=\"hugo-tab-label\">{}</p>\n\n{}\n\n</div>\n",
            escape_text(label),
            body.trim()
        ));
    }
    out.push_str("</div>\n");
}

/// A `tab` outside `tabs`: shown as a labelled section so nothing is lost.
fn lone_tab(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    ctx.warn(
        sc.open.start,
        "tab: used outside `tabs`; shown as a labelled section",
    );
    let label = sc
        .params
        .text("header", 0)
        .unwrap_or_else(|| "Tab".into())
        .into_owned();
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str(&format!("**{}**\n\n{}\n", label.trim(), body.trim()));
}

/// Renders a short Markdown string (a summary, a caption) to inline HTML.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(text, crate::markdown::options()),
    );
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_string()
}
