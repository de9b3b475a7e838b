//! Callouts to mdBook's native admonitions (`> [!NOTE]`): Docsy's `alert`, Relearn's
//! `notice`, hugo-book's `hint` and Doks' `callout`.
//!
//! mdBook's admonitions have no custom title, so a title becomes a bold first line.

use crate::render::safe::markdown_param;
use crate::render::{RenderContext, start_block};
use crate::shortcode::Shortcode;
use std::borrow::Cow;

/// The mdBook admonition kinds.
const NOTE: &str = "NOTE";
const TIP: &str = "TIP";
const IMPORTANT: &str = "IMPORTANT";
const WARNING: &str = "WARNING";
const CAUTION: &str = "CAUTION";

/// Docsy `alert` (`title`, `color`), Relearn `notice` (`style`/0, `title`/1, `icon`/2),
/// hugo-book `hint` (kind/0, `title`), Doks `callout` (`context`/0, `title`, `icon`).
pub(crate) fn admonition(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let (style, title) = style_and_title(sc);
    let kind = kind_for(ctx, sc, style.as_deref());
    let title = title
        .filter(|t| !t.trim().is_empty())
        .map(|t| markdown_param(ctx, sc.open.start, sc.name, &t));
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str("> [!");
    out.push_str(kind);
    out.push_str("]\n");
    if let Some(title) = title {
        out.push_str("> **");
        out.push_str(&title);
        out.push_str("**\n>\n");
    }
    for line in trim_blank_lines(&body).lines() {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// `text` without its leading and trailing blank lines; the first line keeps its
/// indentation (an indented code block stays one).
fn trim_blank_lines(text: &str) -> &str {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    text[start..].trim_end()
}

/// Each dialect's names for the style and title parameters.
fn style_and_title<'a>(sc: &'a Shortcode<'_>) -> (Option<Cow<'a, str>>, Option<Cow<'a, str>>) {
    let named_only = usize::MAX;
    match sc.name {
        "alert" => (
            sc.params.text("color", named_only),
            sc.params.text("title", named_only),
        ),
        "notice" => (sc.params.text("style", 0), sc.params.text("title", 1)),
        "hint" => (
            sc.params.text("type", 0),
            sc.params.text("title", named_only),
        ),
        _ => (
            sc.params.text("context", 0),
            sc.params.text("title", named_only),
        ),
    }
}

/// The admonition kind for a dialect's style name; an unknown one is a note, with a warning.
fn kind_for(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, style: Option<&str>) -> &'static str {
    let style = style.map(|s| s.trim().to_ascii_lowercase());
    if sc.name == "callout" && style.as_deref() == Some("caution") {
        // Doks' caution is amber, a warning; elsewhere caution is GitHub's red.
        return WARNING;
    }
    match style.as_deref() {
        None
        | Some(
            "" | "primary" | "info" | "note" | "secondary" | "light" | "dark" | "default" | "blue"
            | "grey" | "gray" | "cyan" | "magenta" | "transparent" | "code",
        ) => NOTE,
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
    }
}
