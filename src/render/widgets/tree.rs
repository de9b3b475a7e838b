//! File trees: Doks' `tree` (a Markdown list whose items start with `{icon}`) and
//! Relearn's `tree` (items written `name | icon | color`).
//!
//! The list stays a Markdown list inside `<div class="hugo-tree">`, which `theme/hugo.css`
//! draws without bullets, with guide lines; each icon becomes the Font Awesome 6 icon mdBook
//! draws. Doks names Tabler icons (`folder`, `markdown`, `svg`, `file-code`): the ones
//! Font Awesome has under another name are mapped, and an icon it lacks is a generic file
//! icon (the name only hints at the file's type, so nothing is lost).

use super::markup::{fenced_code, html_with_markdown, trim_blank_lines};
use crate::icons;
use crate::render::RenderContext;
use crate::shortcode::Shortcode;

/// Doks' Tabler icon names for file types, with the Font Awesome 6 icon that draws them.
const TABLER_TO_FONT_AWESOME: &[(&str, &str)] = &[
    ("folder", "fa-solid fa-folder"),
    ("folder-open", "fa-solid fa-folder-open"),
    ("file", "fa-regular fa-file"),
    ("markdown", "fa-brands fa-markdown"),
    ("svg", "fa-regular fa-file-image"),
    ("photo", "fa-regular fa-file-image"),
    ("file-code", "fa-regular fa-file-code"),
    ("brand-javascript", "fa-brands fa-js"),
    ("brand-typescript", "fa-regular fa-file-code"),
    ("brand-html5", "fa-brands fa-html5"),
    ("brand-css3", "fa-brands fa-css3"),
    ("brand-sass", "fa-brands fa-sass"),
    ("json", "fa-regular fa-file-code"),
    ("toml", "fa-regular fa-file-lines"),
    ("file-text", "fa-regular fa-file-lines"),
    ("alert-triangle", "fa-solid fa-triangle-exclamation"),
    ("alert-circle", "fa-solid fa-circle-exclamation"),
    ("info-circle", "fa-solid fa-circle-info"),
    ("circle-check", "fa-solid fa-circle-check"),
    ("x", "fa-solid fa-xmark"),
];

/// `tree`: the body, a Markdown list, with each item's icon drawn; a body that is no list
/// (Relearn takes the output of the `tree` command as it is) is shown as preformatted text.
pub(crate) fn tree(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let body = ctx.render_inner(sc);
    if !body.lines().any(|line| list_item(line).is_some()) {
        let mut block = String::new();
        fenced_code(&mut block, "text", trim_blank_lines(&body));
        html_with_markdown(out, "<div class=\"hugo-tree\">", &block, "</div>");
        return;
    }
    let lines: Vec<String> = body.lines().map(tree_line).collect();
    html_with_markdown(
        out,
        "<div class=\"hugo-tree\">",
        &lines.join("\n"),
        "</div>",
    );
}

/// One line of the list with its icon drawn: `- {folder} name` (Doks) or
/// `- name | icon | color` (Relearn, the colour is not kept); other lines as written.
fn tree_line(line: &str) -> String {
    let Some(item) = list_item(line) else {
        return line.to_string();
    };
    let indent = &line[..line.len() - line.trim_start().len()];
    let (icon, name) = if let Some(rest) = item.strip_prefix('{') {
        match rest.split_once('}') {
            Some((icon, name)) => (Some(tabler_icon(icon.trim())), name.trim()),
            None => (None, item),
        }
    } else if let Some((name, rest)) = item.split_once(" | ") {
        let icon = rest.split(" | ").next().unwrap_or_default().trim();
        (Some(relearn_icon(icon)), name.trim())
    } else {
        (None, item)
    };
    match icon.and_then(|classes| icons::resolve(&classes).ok().flatten()) {
        Some(icon) => format!("{indent}- {} {name}", icon.to_html()),
        None => format!("{indent}- {name}"),
    }
}

/// The text of a Markdown list item line (`- x`, `* x`), without the marker.
fn list_item(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
}

/// The Font Awesome classes for a Doks (Tabler) file icon name; a generic file icon when
/// Font Awesome has none.
fn tabler_icon(name: &str) -> String {
    tabler_to_font_awesome(name).unwrap_or_else(|| "fa-regular fa-file".to_string())
}

/// The Font Awesome 6 classes that draw a Tabler icon (Doks' icon set), if mdBook has
/// one: the names of [`TABLER_TO_FONT_AWESOME`], else the Font Awesome icon of the same
/// name.
pub(crate) fn tabler_to_font_awesome(name: &str) -> Option<String> {
    if let Some((_, classes)) = TABLER_TO_FONT_AWESOME.iter().find(|(n, _)| *n == name) {
        return Some((*classes).to_string());
    }
    let guess = format!("fa-solid fa-{name}");
    matches!(icons::resolve(&guess), Ok(Some(_))).then_some(guess)
}

/// The Font Awesome classes for a Relearn icon: a bare name is a solid icon, else the
/// classes as written.
fn relearn_icon(icon: &str) -> String {
    if icon.contains("fa-") {
        icon.to_string()
    } else {
        format!("fa-solid fa-{icon}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_get_their_icons_in_either_syntax() {
        let doks = tree_line("  - {folder} content");
        assert!(doks.starts_with("  - <i class="), "{doks}");
        assert!(
            doks.contains("fa-folder") && doks.ends_with(" content"),
            "{doks}"
        );
        let relearn = tree_line("- home.php | fa-fw fab fa-php | #888cc4");
        assert!(
            relearn.contains("fa-php") && relearn.ends_with(" home.php"),
            "{relearn}"
        );
        assert_eq!(tree_line("plain text"), "plain text");
        let unknown = tree_line("- {no-such-icon-here} x");
        assert!(unknown.contains("fa-file"), "{unknown}");
    }
}
