//! Images and videos of Doks' modules: `img` and `picture` (@thulite/images), `inline-svg`
//! (@thulite/inline-svg) and `video` (doks-core).
//!
//! Hugo processes these images (resizing, `srcset`s, placeholders); mdBook has no image
//! processing, so the original image is shown with the attributes that still mean
//! something to a browser. Nothing is fetched: a remote `src` stays a remote URL, as a
//! Markdown image would.

use super::markup::html_block;
use super::tree::tabler_to_font_awesome;
use crate::html::{escape_attr, escape_text};
use crate::icons;
use crate::render::RenderContext;
use crate::render::safe::{checked_url, class_list, css_length};
use crate::shortcode::Shortcode;
use crate::site::LinkTarget;
use std::path::Path;

/// The attributes of `img`/`picture` copied onto the `<img>` as written.
const IMG_ATTRIBUTES: &[&str] = &["alt", "title", "loading", "decoding", "fetchpriority"];

/// Doks' `img` and `picture`: `src`, `alt`, `title`, `class`, `width`, `loading`,
/// `decoding`, `fetchpriority`; the processing parameters (`process`, `lqip`, `formats`,
/// `sizes`) need Hugo's image processing and are not applied.
pub(crate) fn image(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = sc.params.text("src", 0).map(|s| s.into_owned()) else {
        ctx.error(at, format!("{}: missing the `src` parameter", sc.name));
        return;
    };
    let Some(src) = checked_url(ctx, at, sc.name, "src", &src) else {
        return;
    };
    let mut img = format!("<img src=\"{}\"", escape_attr(&src));
    for key in IMG_ATTRIBUTES {
        if let Some(value) = sc.params.named(key) {
            img.push_str(&format!(" {key}=\"{}\"", escape_attr(&value.as_text())));
        }
    }
    if let Some(width) = sc.params.named("width") {
        match css_size(&width.as_text()) {
            Some(width) => img.push_str(&format!(" style=\"width: {width}\"")),
            None => ctx.warn(
                at,
                format!("{}: `width` is not a length; left out", sc.name),
            ),
        }
    }
    let class = sc
        .params
        .named("class")
        .map_or(String::new(), |c| format!(" {}", class_list(&c.as_text())));
    img.push('>');
    html_block(
        out,
        &format!("<p class=\"hugo-img{}\">{img}</p>", class.trim_end()),
    );
}

/// Doks' `inline-svg`: `src` (0) is an SVG file (found next to the page, then from the
/// source folder) shown as an image, or the name of an icon (Doks' Tabler set), drawn as
/// the Font Awesome icon of that name; `title` is the alt text and `width`, `height`,
/// `class` carry over. Stroke and fill settings are not applied.
pub(crate) fn inline_svg(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = sc.params.text("src", 0).map(|s| s.trim().to_string()) else {
        ctx.error(at, "inline-svg: missing the `src` parameter");
        return;
    };
    let title = sc.params.named("title").map(|t| t.as_text().into_owned());
    let class = sc
        .params
        .named("class")
        .map_or(String::new(), |c| format!(" {}", class_list(&c.as_text())));
    if let Some(file) = find_svg(ctx, &src) {
        let link = ctx
            .site
            .relative_link(ctx.page_index, &LinkTarget::File(file));
        let mut img = format!(
            "<img class=\"hugo-inline-svg{}\" src=\"{}\" alt=\"{}\"",
            class.trim_end(),
            escape_attr(&link),
            escape_attr(title.as_deref().unwrap_or_default())
        );
        img.push_str(&size_style(sc));
        img.push('>');
        out.push_str(&img);
        return;
    }
    let name = src.trim_end_matches(".svg");
    let name = name.rsplit('/').next().unwrap_or(name);
    match tabler_to_font_awesome(name).and_then(|c| icons::resolve(&c).ok().flatten()) {
        Some(icon) => {
            out.push_str(&icon.to_html());
            if let Some(title) = title {
                out.push_str(&format!(
                    "<span class=\"hugo-sr-only\">{}</span>",
                    escape_text(&title)
                ));
            }
        }
        None => {
            ctx.warn(
                at,
                format!(
                    "inline-svg: {src:?} is neither an SVG file next to the page or in the \
                     source folder nor an icon mdBook has; its title (or name) is shown instead"
                ),
            );
            out.push_str(&escape_text(title.as_deref().unwrap_or(&src)));
        }
    }
}

/// A CSS length for a size parameter: a bare number is pixels, as in HTML's `width`.
fn css_size(value: &str) -> Option<String> {
    let length = css_length(value)?;
    Some(if length.chars().all(|c| c.is_ascii_digit() || c == '.') {
        format!("{length}px")
    } else {
        length
    })
}

/// ` style="width: …; height: …"` from `width` and `height` (those that are lengths), or
/// nothing.
fn size_style(sc: &Shortcode<'_>) -> String {
    let declarations: Vec<String> = ["width", "height"]
        .iter()
        .filter_map(|key| {
            let size = css_size(&sc.params.named(key)?.as_text())?;
            Some(format!("{key}: {size}"))
        })
        .collect();
    if declarations.is_empty() {
        String::new()
    } else {
        format!(" style=\"{}\"", declarations.join("; "))
    }
}

/// An SVG file named `src` (`.svg` optional) next to the page, else from the source
/// folder, as a path relative to the source folder.
fn find_svg(ctx: &RenderContext<'_>, src: &str) -> Option<String> {
    let src_dir = ctx.site.src_dir.as_deref()?;
    let file = if src.ends_with(".svg") {
        src.trim_start_matches('/').to_string()
    } else {
        format!("{}.svg", src.trim_start_matches('/'))
    };
    let page_dir = ctx.page().source_dir();
    let next_to_page = if page_dir.is_empty() {
        file.clone()
    } else {
        format!("{page_dir}/{file}")
    };
    [next_to_page, file]
        .into_iter()
        .find(|candidate| src_dir.join(candidate).is_file())
}

/// Video files `video` plays, with their MIME types.
const VIDEO_TYPES: &[(&str, &str)] = &[
    ("webm", "video/webm"),
    ("ogv", "video/ogg"),
    ("mp4", "video/mp4"),
    ("m4v", "video/mp4"),
];

/// Doks' `video`: the page's video files whose names start with `src`, as a `<video>`
/// with a source per format and a download link inside; `controls` (default on),
/// `autoplay`, `loop`, `muted`, `width`, `height`; an image of the same name is the
/// poster. No such file is an error, as in Doks.
pub(crate) fn video(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let Some(src) = sc.params.text("src", 0).map(|s| s.into_owned()) else {
        ctx.error(at, "video: missing the `src` parameter");
        return;
    };
    let files = page_files_starting_with(ctx, &src);
    let sources: Vec<(&String, &str)> = files
        .iter()
        .filter_map(|file| {
            let ext = Path::new(file).extension()?.to_str()?.to_ascii_lowercase();
            let kind = VIDEO_TYPES.iter().find(|(e, _)| *e == ext)?.1;
            Some((file, kind))
        })
        .collect();
    if sources.is_empty() {
        ctx.error(
            at,
            format!("video: no video file (webm, ogv, mp4, m4v) named {src:?}* next to the page"),
        );
        return;
    }
    let link = |file: &String| {
        ctx.site
            .relative_link(ctx.page_index, &LinkTarget::File(file.clone()))
    };
    let flag = |key: &str| sc.params.named(key).is_some_and(|v| v.as_text() == "true");
    let mut html = String::from("<video class=\"hugo-video\" preload=\"metadata\" playsinline");
    if sc
        .params
        .named("controls")
        .is_none_or(|v| v.as_text() != "false")
    {
        html.push_str(" controls");
    }
    for key in ["autoplay", "loop", "muted"] {
        if flag(key) {
            html.push_str(&format!(" {key}"));
        }
    }
    html.push_str(&size_style(sc));
    let poster = files.iter().find(|f| {
        Path::new(f)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| {
                ["jpg", "jpeg", "png", "webp"].contains(&e.to_ascii_lowercase().as_str())
            })
    });
    if let Some(poster) = poster {
        html.push_str(&format!(" poster=\"{}\"", escape_attr(&link(poster))));
    }
    html.push_str(">\n");
    for (file, kind) in &sources {
        html.push_str(&format!(
            "<source src=\"{}\" type=\"{kind}\">\n",
            escape_attr(&link(file))
        ));
    }
    let last = link(sources[sources.len() - 1].0);
    html.push_str(&format!(
        "<a href=\"{}\">Download the video</a>\n</video>",
        escape_attr(&last)
    ));
    html_block(out, &html);
}

/// The files next to the page whose names start with `prefix`, sorted, as paths relative
/// to the source folder.
fn page_files_starting_with(ctx: &RenderContext<'_>, prefix: &str) -> Vec<String> {
    let Some(src_dir) = ctx.site.src_dir.as_deref() else {
        return Vec::new();
    };
    let page_dir = ctx.page().source_dir();
    let Ok(entries) = std::fs::read_dir(src_dir.join(page_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with(prefix))
        .map(|name| {
            if page_dir.is_empty() {
                name
            } else {
                format!("{page_dir}/{name}")
            }
        })
        .collect();
    files.sort();
    files
}
