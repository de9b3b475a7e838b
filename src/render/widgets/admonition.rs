//! Callouts to mdBook's native admonitions (`> [!NOTE]`), whichever theme names them: each
//! dialect reads its own parameters into a [`Callout`].
//!
//! mdBook's admonitions have no custom title, so a title becomes a bold first line.

use super::markup::{lines, trim_blank_lines};
use crate::render::safe::markdown_param;
use crate::render::{RenderContext, start_block};
use crate::shortcode::Shortcode;
use std::borrow::Cow;

/// The mdBook admonition kinds.
pub(crate) const NOTE: &str = "NOTE";
const TIP: &str = "TIP";
const IMPORTANT: &str = "IMPORTANT";
const WARNING: &str = "WARNING";
const CAUTION: &str = "CAUTION";

/// What a dialect's callout says, read from its own parameters.
pub(crate) struct Callout<'a> {
    /// The style or colour name (`warning`, `danger`, `info`, ...).
    pub style: Option<Cow<'a, str>>,
    /// The title, Markdown.
    pub title: Option<Cow<'a, str>>,
    /// Whether `caution` is amber (a warning) in this theme rather than GitHub's red.
    pub caution_is_warning: bool,
}

/// Writes `callout`, with the body of `sc`, as an mdBook admonition.
pub(crate) fn admonition(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    callout: Callout<'_>,
    out: &mut String,
) {
    let Callout {
        style,
        title,
        caution_is_warning,
    } = callout;
    let kind = kind_for(ctx, sc, style.as_deref(), caution_is_warning);
    let title = title
        .filter(|t| !t.trim().is_empty())
        .map(|t| markdown_param(ctx, sc.open.start, sc.name, &t));
    let body = ctx.render_inner(sc);
    write_admonition(kind, title.as_deref(), &body, out);
}

/// Writes an admonition of `kind` (`NOTE`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`) with a
/// bold `title` (Markdown) and the Markdown `body`.
pub(crate) fn write_admonition(kind: &str, title: Option<&str>, body: &str, out: &mut String) {
    start_block(out);
    out.push_str("> [!");
    out.push_str(kind);
    out.push_str("]\n");
    if let Some(title) = title {
        out.push_str("> **");
        out.push_str(title);
        out.push_str("**\n>\n");
    }
    for line in lines(trim_blank_lines(body)) {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The admonition kind for a dialect's style name; an unknown one is a note, with a warning.
pub(crate) fn kind_for(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    style: Option<&str>,
    caution_is_warning: bool,
) -> &'static str {
    let style = style.map(|s| {
        let s = s.trim();
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    });
    if caution_is_warning && style.as_deref() == Some("caution") {
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
