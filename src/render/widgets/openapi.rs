//! API references drawn in the browser by a script from the web: Docsy's `swaggerui` and
//! `redoc`. Offline, and without that script, they become a clear box that says what the
//! page would show and links to the specification itself.

use super::markup::html_with_markdown;
use crate::render::RenderContext;
use crate::render::safe::{checked_url, markdown_link};
use crate::shortcode::Shortcode;

/// What draws the reference, for the box's text.
pub(crate) struct Viewer {
    /// The viewer's name (`Swagger UI`).
    pub name: &'static str,
    /// Where the specification's URL is: the named parameter and the position.
    pub key: &'static str,
    /// The position of the URL when the call is positional.
    pub position: usize,
}

/// Writes the box for `viewer`: its title, why it is not drawn, and a link to the
/// specification. A missing URL is an error.
pub(crate) fn reference_box(
    ctx: &mut RenderContext<'_>,
    sc: &Shortcode<'_>,
    viewer: &Viewer,
    out: &mut String,
) {
    let at = sc.open.start;
    let Some(url) = sc.params.text(viewer.key, viewer.position) else {
        ctx.error(
            at,
            format!("{}: missing the specification (`{}`)", sc.name, viewer.key),
        );
        return;
    };
    let Some(url) = checked_url(ctx, at, sc.name, viewer.key, url.trim()) else {
        return;
    };
    let file = url
        .rsplit('/')
        .find(|part| !part.is_empty())
        .unwrap_or(&url);
    let body = format!(
        "**API reference**\n\nThis API reference is drawn by {} from a script on the web, \
         which this book does not load. Read the OpenAPI specification: {}",
        viewer.name,
        markdown_link(file, &url)
    );
    html_with_markdown(out, "<div class=\"hugo-openapi\">", &body, "</div>");
}

/// Docsy's `swaggerui`: `src`.
pub(crate) fn swaggerui(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let viewer = Viewer {
        name: "Swagger UI",
        key: "src",
        position: usize::MAX,
    };
    reference_box(ctx, sc, &viewer, out);
}

/// Docsy's `redoc`: the specification (0; a URL or a file); Redoc's options (1) only
/// change the drawing, which the book does not do.
pub(crate) fn redoc(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let viewer = Viewer {
        name: "Redoc",
        key: "src",
        position: 0,
    };
    reference_box(ctx, sc, &viewer, out);
}
