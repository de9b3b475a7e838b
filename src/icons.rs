//! Font Awesome 4/5 markup to the Font Awesome 6 icons mdBook 0.5 inlines as SVG.
//!
//! mdBook turns an *empty* `<i class="fa-solid fa-NAME">` into an inline SVG; it reads any
//! other `fa-*` class as the icon name, so size modifiers such as `fa-2x` become our own
//! `hugo-icon-*` classes. Every name is checked against the icon set mdBook ships.

use font_awesome_as_a_crate as fa;

mod fa6_aliases;

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
    // Font Awesome reads the classes in order (`getCanonicalIcon` in its 6.2.0 scripts):
    // the last prefix sets the style, the last icon name wins, and a name is shimmed when
    // the prefix before it is version 4's `fa`, the shim setting the style in turn.
    let mut style = None;
    let mut prefix_is_fa = false;
    let mut written = None;
    let mut shimmed = None;
    let mut modifiers = Vec::new();
    let mut other_classes = Vec::new();
    for class in classes.split_ascii_whitespace() {
        if let Some(prefix_style) = style_for_prefix(class) {
            style = Some(prefix_style);
            prefix_is_fa = class == "fa";
        } else if let Some(name) = class.strip_prefix("fa-") {
            match modifier_class(name) {
                Some(Some(ours)) => modifiers.push(ours.to_string()),
                Some(None) => {}
                None => {
                    written = Some(name);
                    shimmed = v4_shim(name).filter(|_| prefix_is_fa);
                    if let Some((_, shim_style)) = shimmed {
                        style = Some(shim_style);
                    }
                }
            }
        } else {
            other_classes.push(class.to_string());
        }
    }
    let written = written.unwrap_or_default();
    let style = style.unwrap_or(IconStyle::Solid);
    let (name, preferred) = match shimmed {
        Some((name, _)) => (name, style),
        None => fa6_name(written, style),
    };
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

/// The Font Awesome 6 name and style Font Awesome's own version 4 shims draw `fa fa-NAME`
/// with, when they have a row for `NAME` ([`fa6_aliases::V4_SHIMS`], from Font Awesome
/// 6.2.0's `metadata/shims.json`): `hand-o-up` is regular `hand-point-up`, `facebook`
/// brands `facebook-f`, `eye` regular `eye`. The shims apply only under the version 4
/// prefix `fa` alone, as in Font Awesome (`fab fa-facebook` is the brands `facebook`).
fn v4_shim(written: &str) -> Option<(&'static str, IconStyle)> {
    let shims = fa6_aliases::V4_SHIMS;
    shims
        .binary_search_by(|(old, _, _)| (*old).cmp(written))
        .ok()
        .map(|found| (shims[found].2, shims[found].1))
}

/// The Font Awesome 6 name for a 4/5 name, and the style it is drawn in.
fn fa6_name(written: &str, style: IconStyle) -> (&str, IconStyle) {
    // Font Awesome 4's outline variants ("-o") live in the regular set.
    if let Some(base) = written.strip_suffix("-o") {
        let name = renamed(written).or_else(|| renamed(base)).unwrap_or(base);
        return (name, IconStyle::Regular);
    }
    (renamed(written).unwrap_or(written), style)
}

/// The Font Awesome 6 name of a Font Awesome 4 or 5 name that Font Awesome 6 renamed
/// (`cog` → `gear`, `ellipsis-h` → `ellipsis`), from Font Awesome 6.2.0's own metadata
/// ([`fa6_aliases::RENAMED`]).
fn renamed(name: &str) -> Option<&'static str> {
    fa6_aliases::RENAMED
        .binary_search_by(|(old, _)| (*old).cmp(name))
        .ok()
        .map(|found| fa6_aliases::RENAMED[found].1)
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

    /// Names from Font Awesome 6.2.0's metadata (`aliases` and the version 4 shims), among
    /// them the six our first hand-written table had wrong and `ellipsis-h`, which it
    /// lacked (gRPC's site). Under the version 4 prefix `fa` the shims decide, and they
    /// differ from the aliases (`shims.json`: `["external-link", null,
    /// "up-right-from-square"]`, `["bar-chart", null, "chart-column"]`, `["exchange",
    /// null, "right-left"]`, `["external-link-square", null, "square-up-right"]`,
    /// `["calendar", null, "calendar-days"]`, the icons closest to Font Awesome 4's).
    #[test]
    fn renamed_names_follow_font_awesome_6_metadata() {
        for (written, fa6) in [
            ("fas fa-ellipsis-h", "fa-solid fa-ellipsis"),
            (
                "fas fa-external-link-alt",
                "fa-solid fa-up-right-from-square",
            ),
            (
                "fas fa-external-link",
                "fa-solid fa-arrow-up-right-from-square",
            ),
            ("fa fa-external-link", "fa-solid fa-up-right-from-square"),
            ("fas fa-bar-chart", "fa-solid fa-chart-bar"),
            ("fa fa-bar-chart", "fa-solid fa-chart-column"),
            ("fas fa-tachometer", "fa-solid fa-gauge-simple-high"),
            ("fas fa-exchange", "fa-solid fa-arrow-right-arrow-left"),
            ("fa fa-exchange", "fa-solid fa-right-left"),
            ("fas fa-chalkboard-teacher", "fa-solid fa-chalkboard-user"),
            (
                "fas fa-external-link-square",
                "fa-solid fa-square-arrow-up-right",
            ),
            ("fa fa-external-link-square", "fa-solid fa-square-up-right"),
            ("fa fa-floppy-o", "fa-regular fa-floppy-disk"),
            ("fa fa-clock-o", "fa-regular fa-clock"),
            ("fas fa-calendar", "fa-solid fa-calendar"),
            ("fa fa-calendar", "fa-solid fa-calendar-days"),
        ] {
            assert!(html(written).contains(fa6), "{written}: {}", html(written));
        }
    }

    /// Font Awesome 6.2.0's `metadata/shims.json` rows, as `[old, prefix, new]`:
    /// `["hand-o-up", "far", "hand-point-up"]`, `["facebook", "fab", "facebook-f"]`,
    /// `["eye", "far", null]`, `["thumbs-o-up", "far", "thumbs-up"]`,
    /// `["linkedin", "fab", "linkedin-in"]`, `["youtube-play", "fab", "youtube"]`,
    /// `["star-half-empty", "far", "star-half-stroke"]`, `["credit-card", "far", null]`,
    /// `["area-chart", null, "chart-area"]`, `["bitcoin", "fab", "btc"]`. Under `fas`,
    /// `far` or `fab` the shims do not apply.
    #[test]
    fn fa4_names_are_drawn_as_font_awesomes_v4_shims_draw_them() {
        for (written, fa6) in [
            ("fa fa-hand-o-up", "fa-regular fa-hand-point-up"),
            (
                "fa fa-hand-o-right fa-fw",
                "fa-regular fa-hand-point-right hugo-icon-fw",
            ),
            ("fa fa-facebook", "fa-brands fa-facebook-f"),
            ("fa fa-eye", "fa-regular fa-eye"),
            ("fa fa-thumbs-o-up", "fa-regular fa-thumbs-up"),
            ("fa fa-linkedin", "fa-brands fa-linkedin-in"),
            ("fa fa-youtube-play", "fa-brands fa-youtube"),
            ("fa fa-star-half-empty", "fa-regular fa-star-half-stroke"),
            ("fa fa-credit-card", "fa-regular fa-credit-card"),
            ("fa fa-area-chart", "fa-solid fa-chart-area"),
            ("fa fa-bitcoin", "fa-brands fa-btc"),
            ("fab fa-facebook", "fa-brands fa-facebook"),
            ("fas fa-eye", "fa-solid fa-eye"),
            ("fab fa-linkedin", "fa-brands fa-linkedin"),
        ] {
            assert_eq!(
                html(written),
                format!("<i class=\"{fa6}\" aria-hidden=\"true\"></i>"),
                "{written}"
            );
        }
    }

    /// Several prefixes or names in one class list: Font Awesome 6.2.0's own scripts
    /// (`getCanonicalIcon`, run in node by the reviewer) take the last prefix and the last
    /// name, and shim a name after the prefix `fa`, whatever came before it.
    #[test]
    fn the_last_prefix_and_name_win_as_in_font_awesomes_scripts() {
        for (written, fa6) in [
            ("fas fa fa-eye", "fa-regular fa-eye"),
            ("fas fa fa-hand-o-up", "fa-regular fa-hand-point-up"),
            ("far fa fa-facebook", "fa-brands fa-facebook-f"),
            ("fas far fa-star", "fa-regular fa-star"),
            ("far fas fa-star", "fa-solid fa-star"),
            ("fa fa-star fa-eye", "fa-regular fa-eye"),
        ] {
            assert_eq!(
                html(written),
                format!("<i class=\"{fa6}\" aria-hidden=\"true\"></i>"),
                "{written}"
            );
        }
    }

    /// Every shim draws an icon mdBook has in the shim's style; the table is sorted.
    #[test]
    fn every_v4_shim_exists_in_mdbooks_icons() {
        let shims = fa6_aliases::V4_SHIMS;
        assert!(shims.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(shims.len() > 400, "{} shims", shims.len());
        for (old, style, new) in shims {
            assert!(
                fa::svg(style.fa_type(), new).is_ok(),
                "{old} -> {style:?} {new}"
            );
        }
    }

    /// Every renamed icon is one mdBook can draw, and the table is sorted for the search.
    #[test]
    fn every_renamed_name_exists_in_mdbooks_icons() {
        assert!(fa6_aliases::RENAMED.windows(2).all(|w| w[0].0 < w[1].0));
        for (old, new) in fa6_aliases::RENAMED {
            let drawn = [fa::Type::Solid, fa::Type::Regular, fa::Type::Brands]
                .into_iter()
                .any(|style| fa::svg(style, new).is_ok());
            assert!(drawn, "{old} -> {new}");
        }
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
