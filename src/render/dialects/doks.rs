//! Doks' shortcodes: `callout`, `details`, `tabs`/`tab`, `card-grid`/`card` and
//! `link-card`.

use crate::render::registry::Entry;
use crate::render::widgets::{admonition, cards, collapsible, tabs};
use crate::shortcode::BodyKind;

/// Doks' shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("callout", BodyKind::Required, admonition::admonition),
    ("details", BodyKind::Required, collapsible::details),
    ("tabs", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("card-grid", BodyKind::Required, cards::card_grid),
    ("card", BodyKind::Required, cards::card),
    ("link-card", BodyKind::None, cards::link_card_shortcode),
];
