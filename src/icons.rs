//! Font Awesome 4/5 markup to the Font Awesome 6 icons mdBook 0.5 inlines as SVG.
//!
//! mdBook turns an *empty* `<i class="fa-solid fa-NAME">` into an inline SVG; it reads any
//! other `fa-*` class as the icon name, so size modifiers such as `fa-2x` become our own
//! `hugo-icon-*` classes. Every name is checked against the icon set mdBook ships.

use font_awesome_as_a_crate as fa;

/// The Font Awesome 6 style sets mdBook ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconStyle {
    /// `fa-solid`.
    Solid,
    /// `fa-regular`.
    Regular,
    /// `fa-brands`.
    Brands,
}

impl IconStyle {
    fn class(self) -> &'static str {
        match self {
            IconStyle::Solid => "fa-solid",
            IconStyle::Regular => "fa-regular",
            IconStyle::Brands => "fa-brands",
        }
    }

    fn fa_type(self) -> fa::Type {
        match self {
            IconStyle::Solid => fa::Type::Solid,
            IconStyle::Regular => fa::Type::Regular,
            IconStyle::Brands => fa::Type::Brands,
        }
    }
}

/// An icon resolved to a Font Awesome 6 name that mdBook can draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// The style set.
    pub style: IconStyle,
    /// The Font Awesome 6 name (`users-gear`).
    pub name: String,
    /// Our size/width classes (`hugo-icon-2x`, `hugo-icon-fw`).
    pub modifiers: Vec<String>,
    /// Classes that are not Font Awesome's, kept as they were.
    pub other_classes: Vec<String>,
}

impl Icon {
    /// The empty `<i>` mdBook turns into an SVG.
    pub fn to_html(&self) -> String {
        let mut classes = format!("{} fa-{}", self.style.class(), self.name);
        for class in self.modifiers.iter().chain(&self.other_classes) {
            classes.push(' ');
            classes.push_str(class);
        }
        format!(
            "<i class=\"{}\" aria-hidden=\"true\"></i>",
            crate::html::escape_attr(&classes)
        )
    }
}

/// Why a Font Awesome class list could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownIcon {
    /// The name as written (`fa-unicorn-ship`).
    pub written: String,
}

/// Whether a class list is Font Awesome markup at all.
pub fn is_font_awesome(classes: &str) -> bool {
    let mut has_prefix = false;
    let mut has_name = false;
    for class in classes.split_ascii_whitespace() {
        if style_for_prefix(class).is_some() {
            has_prefix = true;
        } else if let Some(name) = class.strip_prefix("fa-") {
            has_name |= modifier_class(name).is_none();
        }
    }
    has_prefix && has_name
}

/// Maps a Font Awesome 4/5/6 class list to a Font Awesome 6 icon that exists in mdBook.
///
/// Returns `Ok(None)` when the classes are not Font Awesome markup.
pub fn resolve(classes: &str) -> Result<Option<Icon>, UnknownIcon> {
    if !is_font_awesome(classes) {
        return Ok(None);
    }
    let mut style = None;
    let mut written = None;
    let mut modifiers = Vec::new();
    let mut other_classes = Vec::new();
    for class in classes.split_ascii_whitespace() {
        if let Some(prefix_style) = style_for_prefix(class) {
            style = style.or(Some(prefix_style));
        } else if let Some(name) = class.strip_prefix("fa-") {
            match modifier_class(name) {
                Some(Some(ours)) => modifiers.push(ours.to_string()),
                Some(None) => {}
                None => written = written.or(Some(name)),
            }
        } else {
            other_classes.push(class.to_string());
        }
    }
    let written = written.unwrap_or_default();
    let (name, preferred) = fa6_name(written, style.unwrap_or(IconStyle::Solid));
    let tried = [
        preferred,
        IconStyle::Solid,
        IconStyle::Regular,
        IconStyle::Brands,
    ];
    let found = tried
        .into_iter()
        .find(|candidate| fa::svg(candidate.fa_type(), name).is_ok());
    match found {
        Some(style) => Ok(Some(Icon {
            style,
            name: name.to_string(),
            modifiers,
            other_classes,
        })),
        None => Err(UnknownIcon {
            written: format!("fa-{written}"),
        }),
    }
}

fn style_for_prefix(class: &str) -> Option<IconStyle> {
    match class {
        "fa" | "fas" | "fa-solid" | "fal" | "fa-light" | "fad" | "fa-duotone" | "fat"
        | "fa-thin" => Some(IconStyle::Solid),
        "far" | "fa-regular" => Some(IconStyle::Regular),
        "fab" | "fa-brands" => Some(IconStyle::Brands),
        _ => None,
    }
}

/// `Some(Some(ours))` for a size class we keep as our own, `Some(None)` for a modifier we
/// drop, `None` when `name` is an icon name.
fn modifier_class(name: &str) -> Option<Option<&'static str>> {
    Some(match name {
        "xs" | "2xs" => Some("hugo-icon-xs"),
        "sm" => Some("hugo-icon-sm"),
        "lg" | "xl" => Some("hugo-icon-lg"),
        "2x" | "2xl" => Some("hugo-icon-2x"),
        "3x" => Some("hugo-icon-3x"),
        "4x" | "5x" | "6x" | "7x" | "8x" | "9x" | "10x" => Some("hugo-icon-4x"),
        "fw" => Some("hugo-icon-fw"),
        "1x" | "spin" | "pulse" | "spin-pulse" | "beat" | "fade" | "bounce" | "shake"
        | "border" | "pull-left" | "pull-right" | "inverse" | "rotate-90" | "rotate-180"
        | "rotate-270" | "flip-horizontal" | "flip-vertical" | "flip-both" | "stack"
        | "stack-1x" | "stack-2x" | "li" | "ul" => None,
        _ => return None,
    })
}

/// The Font Awesome 6 name for a 4/5 name, and the style it is drawn in.
fn fa6_name(written: &str, style: IconStyle) -> (&str, IconStyle) {
    // Font Awesome 4's outline variants ("-o") live in the regular set.
    if let Some(base) = written.strip_suffix("-o") {
        return (renamed(base).unwrap_or(base), IconStyle::Regular);
    }
    (renamed(written).unwrap_or(written), style)
}

/// Font Awesome 4 and 5 names that Font Awesome 6 renamed.
fn renamed(name: &str) -> Option<&'static str> {
    Some(match name {
        "adjust" => "circle-half-stroke",
        "ambulance" => "truck-medical",
        "angle-double-down" => "angles-down",
        "angle-double-left" => "angles-left",
        "angle-double-right" => "angles-right",
        "angle-double-up" => "angles-up",
        "area-chart" => "chart-area",
        "arrow-circle-down" => "circle-arrow-down",
        "arrow-circle-left" => "circle-arrow-left",
        "arrow-circle-right" => "circle-arrow-right",
        "arrow-circle-up" => "circle-arrow-up",
        "arrows-alt" => "up-down-left-right",
        "arrows-alt-h" => "left-right",
        "arrows-alt-v" => "up-down",
        "balance-scale" => "scale-balanced",
        "bar-chart" => "chart-column",
        "birthday-cake" => "cake-candles",
        "book-reader" => "book-open-reader",
        "boxes" => "boxes-stacked",
        "broadcast-tower" => "tower-broadcast",
        "calendar" | "calendar-alt" => "calendar-days",
        "calendar-times" => "calendar-xmark",
        "chalkboard-teacher" => "person-chalkboard",
        "check-circle" => "circle-check",
        "check-square" => "square-check",
        "chevron-circle-down" => "circle-chevron-down",
        "chevron-circle-left" => "circle-chevron-left",
        "chevron-circle-right" => "circle-chevron-right",
        "chevron-circle-up" => "circle-chevron-up",
        "clock-o" => "clock",
        "close" | "remove" | "times" => "xmark",
        "cloud-download" | "cloud-download-alt" => "cloud-arrow-down",
        "cloud-upload" | "cloud-upload-alt" => "cloud-arrow-up",
        "coffee" => "mug-saucer",
        "cog" => "gear",
        "cogs" => "gears",
        "columns" => "table-columns",
        "comment-alt" => "message",
        "compress-arrows-alt" => "minimize",
        "cut" => "scissors",
        "dashboard" | "tachometer" => "gauge",
        "dot-circle" => "circle-dot",
        "drafting-compass" => "compass-drafting",
        "edit" => "pen-to-square",
        "envelope-square" => "square-envelope",
        "exchange" | "exchange-alt" => "right-left",
        "exclamation-circle" => "circle-exclamation",
        "exclamation-triangle" | "warning" => "triangle-exclamation",
        "expand-arrows-alt" => "maximize",
        "external-link" | "external-link-alt" => "arrow-up-right-from-square",
        "external-link-square" | "external-link-square-alt" => "square-up-right",
        "fast-backward" => "backward-fast",
        "fast-forward" => "forward-fast",
        "file-alt" | "file-text" => "file-lines",
        "file-archive" => "file-zipper",
        "file-download" => "file-arrow-down",
        "file-upload" => "file-arrow-up",
        "first-aid" => "kit-medical",
        "floppy" | "save" => "floppy-disk",
        "globe-americas" => "earth-americas",
        "globe-europe" => "earth-europe",
        "globe-asia" => "earth-asia",
        "globe-africa" => "earth-africa",
        "hand-paper" => "hand",
        "hands-helping" => "handshake-angle",
        "hard-hat" => "helmet-safety",
        "hdd" => "hard-drive",
        "heartbeat" => "heart-pulse",
        "history" => "clock-rotate-left",
        "home" => "house",
        "hourglass-o" => "hourglass",
        "info-circle" => "circle-info",
        "level-down-alt" => "turn-down",
        "level-up-alt" => "turn-up",
        "line-chart" => "chart-line",
        "long-arrow-alt-down" => "down-long",
        "long-arrow-alt-left" => "left-long",
        "long-arrow-alt-right" => "right-long",
        "long-arrow-alt-up" => "up-long",
        "magic" => "wand-magic",
        "map-marked" => "map-location",
        "map-marked-alt" => "map-location-dot",
        "map-marker" => "location-pin",
        "map-marker-alt" => "location-dot",
        "map-signs" => "signs-post",
        "medkit" => "suitcase-medical",
        "minus-circle" => "circle-minus",
        "minus-square" => "square-minus",
        "mobile-alt" => "mobile-screen-button",
        "money-bill-alt" => "money-bill-1",
        "mouse-pointer" => "arrow-pointer",
        "paint-brush" => "paintbrush",
        "pause-circle" => "circle-pause",
        "pencil-alt" => "pencil",
        "pen-square" => "square-pen",
        "percentage" => "percent",
        "phone-alt" => "phone-flip",
        "pie-chart" => "chart-pie",
        "play-circle" => "circle-play",
        "plus-circle" => "circle-plus",
        "plus-square" => "square-plus",
        "poll" => "square-poll-vertical",
        "poll-h" => "square-poll-horizontal",
        "project-diagram" => "diagram-project",
        "question-circle" => "circle-question",
        "random" => "shuffle",
        "redo" => "arrow-rotate-right",
        "redo-alt" => "rotate-right",
        "refresh" | "sync" => "arrows-rotate",
        "running" => "person-running",
        "search" => "magnifying-glass",
        "search-minus" => "magnifying-glass-minus",
        "search-plus" => "magnifying-glass-plus",
        "share-alt" => "share-nodes",
        "share-square" => "share-from-square",
        "shield-alt" => "shield-halved",
        "shipping-fast" => "truck-fast",
        "shopping-cart" => "cart-shopping",
        "sign-in" => "arrow-right-to-bracket",
        "sign-in-alt" => "right-to-bracket",
        "sign-out" => "arrow-right-from-bracket",
        "sign-out-alt" => "right-from-bracket",
        "sliders-h" => "sliders",
        "smile" => "face-smile",
        "frown" => "face-frown",
        "meh" => "face-meh",
        "sort-amount-down" => "arrow-down-wide-short",
        "sort-amount-up" => "arrow-up-wide-short",
        "star-half-alt" => "star-half-stroke",
        "sticky-note" => "note-sticky",
        "stop-circle" => "circle-stop",
        "sync-alt" => "rotate",
        "tablet-alt" => "tablet-screen-button",
        "tachometer-alt" => "gauge-high",
        "tasks" => "list-check",
        "th" => "table-cells",
        "th-large" => "table-cells-large",
        "th-list" => "table-list",
        "thermometer-half" => "temperature-half",
        "ticket-alt" => "ticket-simple",
        "times-circle" => "circle-xmark",
        "tint" => "droplet",
        "tools" => "screwdriver-wrench",
        "trash-alt" => "trash-can",
        "trash-restore" => "trash-arrow-up",
        "tshirt" => "shirt",
        "undo" => "arrow-rotate-left",
        "undo-alt" => "rotate-left",
        "university" | "institution" => "building-columns",
        "unlink" => "link-slash",
        "unlock-alt" => "unlock-keyhole",
        "user-alt" => "user-large",
        "user-cog" => "user-gear",
        "user-edit" => "user-pen",
        "user-friends" => "user-group",
        "user-md" => "user-doctor",
        "user-times" => "user-xmark",
        "users-cog" => "users-gear",
        "volume-down" => "volume-low",
        "volume-up" => "volume-high",
        "volume-mute" => "volume-xmark",
        "walking" => "person-walking",
        "window-close" => "rectangle-xmark",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(classes: &str) -> String {
        resolve(classes).unwrap().unwrap().to_html()
    }

    #[test]
    fn fa5_solid_names_are_renamed_and_sized_with_our_class() {
        assert_eq!(
            html("fas fa-users-cog fa-2x text-primary"),
            "<i class=\"fa-solid fa-users-gear hugo-icon-2x text-primary\" aria-hidden=\"true\"></i>"
        );
        assert_eq!(
            html("fas fa-project-diagram fa-2x"),
            "<i class=\"fa-solid fa-diagram-project hugo-icon-2x\" aria-hidden=\"true\"></i>"
        );
    }

    #[test]
    fn fa4_names_and_outline_variants() {
        assert!(html("fa fa-cog").contains("fa-solid fa-gear"));
        assert!(html("fa fa-envelope-o").contains("fa-regular fa-envelope"));
        assert!(html("fa fa-github").contains("fa-brands fa-github"));
        assert!(html("far fa-check-circle").contains("fa-regular fa-circle-check"));
        assert!(html("fab fa-twitter fa-fw").contains("fa-brands fa-twitter hugo-icon-fw"));
    }

    #[test]
    fn fa6_markup_is_kept_and_converting_twice_changes_nothing() {
        let once = html("fa-solid fa-users-gear hugo-icon-2x");
        assert_eq!(
            once,
            "<i class=\"fa-solid fa-users-gear hugo-icon-2x\" aria-hidden=\"true\"></i>"
        );
    }

    #[test]
    fn unknown_icons_and_non_icons() {
        assert_eq!(
            resolve("fas fa-unicorn-spaceship").unwrap_err().written,
            "fa-unicorn-spaceship"
        );
        assert_eq!(resolve("card-title text-muted").unwrap(), None);
        assert_eq!(resolve("fa-2x").unwrap(), None);
    }
}
