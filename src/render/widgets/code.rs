//! Code blocks: Hugo's `highlight`, and every shortcode that shows code (Docsy's code tabs
//! and cards, `readfile code=true`), with Hugo's highlight options.
//!
//! The options become fence classes as [`crate::highlight`] says.

use super::markup::{deindent, fenced_code};
use crate::render::RenderContext;
use crate::shortcode::Shortcode;

/// Hugo's `highlight`: language (0) and options (1), the body as code.
pub(crate) fn highlight(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let lang = sc.params.text("lang", 0).unwrap_or_default().into_owned();
    let options = sc
        .params
        .text("options", 1)
        .unwrap_or_default()
        .into_owned();
    let body = ctx.render_inner(sc);
    let code = deindent(body.trim_start_matches('\n').trim_end(), sc.indent);
    code_block(ctx, sc.open.start, sc.name, &lang, &options, &code, out);
}

/// Writes `code` as a fenced block in `lang` with Hugo's highlight `options` applied as far
/// as mdBook allows; the rest are warnings at `offset`.
pub(crate) fn code_block(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    lang: &str,
    options: &str,
    code: &str,
    out: &mut String,
) {
    let (info, warnings) = crate::highlight::fence_info(lang, options);
    for warning in warnings {
        ctx.warn(offset, format!("{name}: {warning}"));
    }
    fenced_code(out, &info, code);
}
