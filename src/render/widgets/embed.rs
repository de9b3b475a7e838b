//! Embedded media: Hugo's `youtube` and `vimeo` and Docsy's `iframe` as privacy-friendly
//! frames (YouTube's no-cookie domain, Vimeo's do-not-track, lazy loading, no referrer
//! beyond the origin) with a title and a plain link under them, which is what print and
//! renderers other than HTML show. `x`/`twitter`/`tweet`, `instagram` and `gist` would need
//! the network at build time; they become a linked card to the original instead.

use super::cards::{LinkCard, write_link_card};
use super::markup::html_with_markdown;
use crate::html::escape_attr;
use crate::icons;
use crate::render::RenderContext;
use crate::render::safe::{
    checked_url, class_list, css_length, css_style, is_token, markdown_link,
};
use crate::shortcode::{Shortcode, Value};

/// What the frame's `allow` attribute grants a video player.
const VIDEO_ALLOW: &str = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";

/// A video or page frame ready to write.
struct Frame {
    /// `youtube`, `vimeo`, `iframe`: a class suffix.
    kind: &'static str,
    src: String,
    title: String,
    /// Extra `<iframe>` attributes, already escaped.
    attributes: String,
    class: String,
    /// The Markdown under the frame.
    caption: String,
}

/// Hugo's `youtube`: `id` (0), `title`, `start`, `end`, `autoplay`, `controls`, `loop`,
/// `mute`, `loading`, `allowFullScreen`, `class`.
pub(crate) fn youtube(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(id) = video_id(ctx, sc) else { return };
    let start = seconds(ctx, sc, "start");
    let end = seconds(ctx, sc, "end");
    let mut query = Vec::new();
    for (name, value) in [("start", start), ("end", end)] {
        if let Some(seconds) = value {
            query.push(format!("{name}={seconds}"));
        }
    }
    for (key, on) in [("autoplay", "autoplay=1"), ("mute", "mute=1")] {
        if flag(sc, key, false) {
            query.push(on.to_string());
        }
    }
    if !flag(sc, "controls", true) {
        query.push("controls=0".to_string());
    }
    if flag(sc, "loop", false) {
        query.push(format!("loop=1&playlist={id}"));
    }
    let src = with_query(
        format!("https://www.youtube-nocookie.com/embed/{id}"),
        &query,
    );
    let title = named_text(sc, "title").unwrap_or_else(|| "YouTube video".to_string());
    let watch = match start {
        Some(start) => format!("https://www.youtube.com/watch?v={id}&t={start}s"),
        None => format!("https://www.youtube.com/watch?v={id}"),
    };
    let caption = format!("{} (YouTube)", markdown_link(&title, &watch));
    write_video(sc, "youtube", src, title, caption, out);
}

/// Hugo's `vimeo`: `id` (0), `title`, `loading`, `allowFullScreen`, `class`.
pub(crate) fn vimeo(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(id) = video_id(ctx, sc) else { return };
    let src = format!("https://player.vimeo.com/video/{id}?dnt=1");
    let title = named_text(sc, "title").unwrap_or_else(|| "Vimeo video".to_string());
    let caption = format!(
        "{} (Vimeo)",
        markdown_link(&title, &format!("https://vimeo.com/{id}"))
    );
    write_video(sc, "vimeo", src, title, caption, out);
}

fn write_video(
    sc: &Shortcode<'_>,
    kind: &'static str,
    src: String,
    title: String,
    caption: String,
    out: &mut String,
) {
    let loading = named_text(sc, "loading")
        .filter(|l| l == "eager")
        .unwrap_or_else(|| "lazy".to_string());
    let mut attributes = format!(
        " loading=\"{loading}\" allow=\"{VIDEO_ALLOW}\" referrerpolicy=\"strict-origin-when-cross-origin\""
    );
    if flag(sc, "allowFullScreen", true) {
        attributes.push_str(" allowfullscreen");
    }
    let frame = Frame {
        kind,
        src,
        title,
        attributes,
        class: named_text(sc, "class").map_or(String::new(), |c| class_list(&c)),
        caption,
    };
    write_frame(&frame, out);
}

/// Docsy's `iframe`: `src`, `width`, `style`, `name`, `id`, `class`, `sub`, `title`.
pub(crate) fn iframe(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = named_text(sc, "src") else {
        ctx.error(at, "iframe: missing the `src` parameter");
        return;
    };
    let Some(src) = checked_url(ctx, at, "iframe", "src", &src) else {
        return;
    };
    let mut attributes = String::from(" loading=\"lazy\"");
    if let Some(width) = named_text(sc, "width") {
        match css_length(&width) {
            Some(width) => attributes.push_str(&format!(" width=\"{width}\"")),
            None => ctx.warn(
                at,
                format!("iframe: `width` {width:?} is not a length; ignored"),
            ),
        }
    }
    if let Some(style) = named_text(sc, "style") {
        match css_style(&style) {
            Some(style) => attributes.push_str(&format!(" style=\"{}\"", escape_attr(&style))),
            None => ctx.warn(at, format!("iframe: refused the `style` {style:?}")),
        }
    }
    for key in ["name", "id"] {
        if let Some(value) = named_text(sc, key) {
            attributes.push_str(&format!(" {key}=\"{}\"", escape_attr(&value)));
        }
    }
    let title = named_text(sc, "title")
        .or_else(|| named_text(sc, "name"))
        .unwrap_or_else(|| "Embedded page".to_string());
    let sub = named_text(sc, "sub").unwrap_or_else(|| "Open the embedded page:".to_string());
    let caption = format!(
        "{} {}",
        crate::render::safe::markdown_text(&sub),
        markdown_link(&src, &src)
    );
    let frame = Frame {
        kind: "iframe",
        src,
        title,
        attributes,
        class: named_text(sc, "class").map_or(String::new(), |c| class_list(&c)),
        caption,
    };
    write_frame(&frame, out);
}

fn write_frame(frame: &Frame, out: &mut String) {
    let iframe_class = if frame.class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", frame.class)
    };
    let open = format!(
        "<figure class=\"hugo-embed hugo-embed-{}\">\n<div class=\"hugo-embed-frame\"><iframe{iframe_class} src=\"{}\" title=\"{}\"{}></iframe></div>\n<figcaption class=\"hugo-embed-link\">",
        frame.kind,
        escape_attr(&frame.src),
        escape_attr(&frame.title),
        frame.attributes
    );
    html_with_markdown(out, &open, &frame.caption, "</figcaption>\n</figure>");
}

/// Hugo's `x` (and the older `twitter`/`tweet`): `user`, `id` (or the id alone, positional).
pub(crate) fn x_post(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let (user, id) = match (
        sc.params.text("user", usize::MAX),
        sc.params.text("id", usize::MAX),
    ) {
        (user, Some(id)) => (user.map(|u| u.into_owned()), id.into_owned()),
        _ => match (sc.params.positional(0), sc.params.positional(1)) {
            (Some(user), Some(id)) => {
                (Some(user.as_text().into_owned()), id.as_text().into_owned())
            }
            (Some(id), None) => (None, id.as_text().into_owned()),
            _ => {
                ctx.error(at, format!("{}: missing the post's `id`", sc.name));
                return;
            }
        },
    };
    let valid_user = user.as_deref().is_none_or(|u| {
        !u.is_empty() && u.len() <= 15 && u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if !id.bytes().all(|b| b.is_ascii_digit()) || id.is_empty() || !valid_user {
        ctx.error(
            at,
            format!("{}: {id:?} by {user:?} is not a post on X", sc.name),
        );
        return;
    }
    let (href, title) = match &user {
        Some(user) => (
            format!("https://x.com/{user}/status/{id}"),
            format!("Post by @{user} on X"),
        ),
        None => (
            format!("https://x.com/i/status/{id}"),
            "Post on X".to_string(),
        ),
    };
    let card = embed_card(href, title, "fa-brands fa-twitter", "x.com");
    write_link_card(ctx, &card, out);
}

/// Hugo's `instagram`: the post's id (0).
pub(crate) fn instagram(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(id) = video_id(ctx, sc) else { return };
    let card = embed_card(
        format!("https://www.instagram.com/p/{id}/"),
        "Post on Instagram".to_string(),
        "fa-brands fa-instagram",
        "instagram.com",
    );
    write_link_card(ctx, &card, out);
}

/// Hugo's `gist`: user (0), id (1), file (2).
pub(crate) fn gist(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let user = sc.params.text("user", 0).map(|u| u.into_owned());
    let id = sc.params.text("id", 1).map(|i| i.into_owned());
    let file = sc.params.text("file", 2).map(|f| f.into_owned());
    let (Some(user), Some(id)) = (user, id) else {
        ctx.error(at, "gist: needs the user (0) and the gist id (1)");
        return;
    };
    if !is_token(&user) || !is_token(&id) {
        ctx.error(at, format!("gist: {user:?}/{id:?} is not a GitHub gist"));
        return;
    }
    let mut href = format!("https://gist.github.com/{user}/{id}");
    let title = match &file {
        Some(file) => {
            let anchor = crate::render::ascii_slug(file);
            href.push_str(&format!("#file-{anchor}"));
            format!("{file} — gist by {user}")
        }
        None => format!("Gist by {user}"),
    };
    let card = embed_card(href, title, "fa-brands fa-github", "gist.github.com");
    write_link_card(ctx, &card, out);
}

/// A link card for an embed: its title, the site, and the brand icon.
fn embed_card(href: String, title: String, icon: &str, site: &str) -> LinkCard {
    let icon = icons::resolve(icon).ok().flatten().map(|i| i.to_html());
    LinkCard {
        description: Some(format!("Open the original on {site}")),
        action: Some(format!("{} →", href.trim_start_matches("https://"))),
        href,
        title,
        icon,
        class: Some("hugo-embed-card".to_string()),
        target: None,
        rel: None,
    }
}

/// The video or post id (`id` or positional 0), which must be a plain token.
fn video_id(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>) -> Option<String> {
    let Some(id) = sc.params.text("id", 0) else {
        ctx.error(sc.open.start, format!("{}: missing the `id`", sc.name));
        return None;
    };
    if !is_token(&id) {
        ctx.error(
            sc.open.start,
            format!("{}: {:?} is not a valid id", sc.name, id.as_ref()),
        );
        return None;
    }
    Some(id.into_owned())
}

fn named_text(sc: &Shortcode<'_>, key: &str) -> Option<String> {
    sc.params
        .named(key)
        .map(|v| v.as_text().trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A named boolean; `default` when absent.
fn flag(sc: &Shortcode<'_>, key: &str, default: bool) -> bool {
    sc.params.named(key).map_or(default, Value::is_truthy)
}

/// A named number of seconds; anything else is a warning.
fn seconds(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, key: &str) -> Option<u32> {
    let value = sc.params.named(key)?;
    match value.as_text().trim().parse::<u32>() {
        Ok(seconds) => Some(seconds),
        Err(_) => {
            ctx.warn(
                sc.open.start,
                format!("{}: `{key}` must be a number of seconds; ignored", sc.name),
            );
            None
        }
    }
}

fn with_query(mut url: String, query: &[String]) -> String {
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}
