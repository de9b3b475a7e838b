//! Hugo's `ref`/`relref` lookup for shortcodes (`ref`, `relref`, buttons): the page is
//! found as Hugo finds it ([`crate::site::Site::resolve_ref`]) and the link is written by
//! the link layer ([`crate::link`]).

use crate::render::RenderContext;
use crate::site::{LinkTarget, RefError};

impl RenderContext<'_> {
    /// Hugo's `ref` lookup from the page being rendered: the relative link, or `None` after
    /// reporting `REF_NOT_FOUND`.
    pub(crate) fn resolve_ref(&mut self, offset: usize, target: &str) -> Option<String> {
        let ctx = self;
        let parts = crate::link::split(target);
        match ctx.site.resolve_ref(ctx.page_index, parts.path) {
            // A bare "#anchor" stays on the page; anything else names the target file.
            Ok(_) if parts.path.is_empty() && parts.fragment.is_some() => Some(format!(
                "#{}",
                crate::link::encode(parts.fragment.unwrap_or(""))
            )),
            Ok(index) => Some(crate::link::link_to(
                ctx.site,
                ctx.page_index,
                &LinkTarget::Page(index),
                parts,
            )),
            Err(RefError::NotFound) => {
                ctx.error(
                    offset,
                    format!("REF_NOT_FOUND: Ref {target:?}: page not found"),
                );
                None
            }
            Err(RefError::Ambiguous(paths)) => {
                ctx.error(
                    offset,
                    format!(
                        "REF_NOT_FOUND: Ref {target:?}: page reference is ambiguous: {}",
                        paths.join(", ")
                    ),
                );
                None
            }
        }
    }
}
