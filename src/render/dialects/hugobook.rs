//! hugo-book's shortcodes: `hint`, `details`, `tabs`/`tab`, `columns`, `button`, `steps`
//! and the older `expand`.

use crate::render::RenderContext;
use crate::render::registry::Entry;
use crate::render::widgets::admonition::Callout;
use crate::render::widgets::markup::html_with_markdown;
use crate::render::widgets::{admonition, button, collapsible, steps, tabs};
use crate::shortcode::{BodyKind, Shortcode};

/// hugo-book's shortcodes.
pub(crate) const SHORTCODES: &[Entry] = &[
    ("hint", BodyKind::Required, hint),
    ("details", BodyKind::Required, collapsible::details),
    ("tabs", BodyKind::Required, tabs::tabs),
    ("tab", BodyKind::Required, tabs::lone_tab),
    ("columns", BodyKind::Required, columns),
    ("button", BodyKind::Required, button::button),
    ("steps", BodyKind::Required, steps::steps),
    ("expand", BodyKind::Required, collapsible::expand),
];

/// hugo-book `hint`: the kind/0 (`type`), `title` (named only).
fn hint(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let callout = Callout {
        style: sc.params.text("type", 0),
        title: sc.params.text("title", usize::MAX),
        caution_is_warning: false,
    };
    admonition::admonition(ctx, sc, callout, out);
}

/// `columns`: the body split at `<--->` lines (or, in newer hugo-book, one column per
/// top-level list item), side by side; `ratio="1:2"` sizes them, `class` is kept.
fn columns(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    let parts = split_columns(&body);
    let ratio: Vec<u32> = sc
        .params
        .text("ratio", usize::MAX)
        .map(|r| r.split(':').filter_map(|p| p.trim().parse().ok()).collect())
        .unwrap_or_default();
    let class = sc
        .params
        .text("class", usize::MAX)
        .map_or(String::new(), |c| {
            format!(" {}", crate::render::safe::class_list(&c))
        });
    crate::render::start_block(out);
    out.push_str(&format!(
        "<div class=\"hugo-columns{}\">\n",
        class.trim_end()
    ));
    for (i, part) in parts.iter().enumerate() {
        let open = match ratio.get(i).filter(|r| (1..=12).contains(*r)) {
            Some(grow) => format!("<div class=\"hugo-column\" style=\"flex-grow: {grow}\">"),
            None => "<div class=\"hugo-column\">".to_string(),
        };
        html_with_markdown(out, &open, part, "</div>");
    }
    out.push_str("</div>\n");
}

/// The columns of a body: `<--->` separators, else top-level `-` list items, else one.
fn split_columns(body: &str) -> Vec<String> {
    if body.lines().any(|l| l.trim() == "<--->") {
        let mut parts = vec![String::new()];
        for line in body.lines() {
            if line.trim() == "<--->" {
                parts.push(String::new());
            } else if let Some(last) = parts.last_mut() {
                last.push_str(line);
                last.push('\n');
            }
        }
        return parts;
    }
    let trimmed = body.trim_matches('\n');
    if !trimmed.starts_with("- ") {
        return vec![body.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    for line in trimmed.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            parts.push(format!("{item}\n"));
        } else if let Some(last) = parts.last_mut() {
            last.push_str(line.strip_prefix("  ").unwrap_or(line));
            last.push('\n');
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_split_at_separators_or_list_items() {
        assert_eq!(split_columns("a\n<--->\nb\n"), ["a\n", "b\n"]);
        assert_eq!(
            split_columns("- ## A\n  text\n- ## B\n"),
            ["## A\ntext\n", "## B\n"]
        );
        assert_eq!(split_columns("just text\n"), ["just text\n"]);
    }
}
