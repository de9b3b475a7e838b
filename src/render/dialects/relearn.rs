//! Learn/Relearn's shortcodes: `notice`, `expand`, `children`, `button`, `include`,
//! `siteparam`, and `tabs`/`tab`.

use crate::render::RenderContext;
use crate::render::params::{lookup_param, param_text};
use crate::render::registry::Entry;
use crate::render::widgets::admonition::Callout;
use crate::render::widgets::{admonition, button, collapsible, files, tabs};
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
];

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
