//! Formulas in pages: when `$$…$$`, `\[…\]` and `\(…\)` are math (the book's `math` switch,
//! a math shortcode or code block on the page), what stays text (code, a page without
//! math), and bad TeX (a located warning, the source kept).

mod common;

use common::{Converted, convert_one, convert_site_with};
use mdbook_hugo::{HugoConfig, Severity};

fn with_math(text: &str) -> Converted {
    let config = HugoConfig::from_table(Some(
        serde_json::json!({"math": true})
            .as_object()
            .cloned()
            .unwrap(),
    ))
    .unwrap();
    convert_site_with(&[("page.md", text)], &config, None)
}

#[test]
fn delimiters_are_math_only_when_the_book_or_the_page_says_so() {
    let text = "Sum: $$\\sum_i x_i$$ and \\(a\\,b\\).\n";
    let plain = convert_one(text);
    assert!(!plain.page(0).contains("<math"), "{}", plain.page(0));
    assert!(plain.page(0).contains("$$\\sum_i x_i$$"));
    let on = with_math(text);
    let page = on.page(0);
    assert_eq!(page.matches("<math").count(), 2, "{page}");
    assert!(page.contains("<math display=\"block\""), "{page}");
    assert!(page.contains("<math display=\"inline\""), "{page}");
    assert!(page.contains("<mspace"), "`\\,` is a thin space: {page}");
    let shortcode = convert_one(&format!("{{{{< katex />}}}}\n\n{text}"));
    assert_eq!(shortcode.page(0).matches("<math").count(), 2);
    let fence = convert_one(&format!("```katex\nx^2\n```\n\n{text}"));
    assert_eq!(fence.page(0).matches("<math").count(), 3);
}

#[test]
fn code_stays_code() {
    let page = with_math("`$$x$$` and\n\n```\n$$y$$\n```\n\n    $$z$$\n");
    assert!(!page.page(0).contains("<math"), "{}", page.page(0));
}

#[test]
fn a_formula_in_a_table_cell_keeps_the_row() {
    let page = with_math("| a | b |\n| - | - |\n| \\(x \\mid y\\) | 2 |\n");
    let html = page.page(0);
    let row = html.lines().find(|l| l.contains("<math")).unwrap();
    assert_eq!(row.matches('|').count(), 3, "no `|` but the row's: {row}");
}

#[test]
fn bad_tex_is_a_located_warning_and_stays_visible() {
    let page = with_math("# T\n\nFine.\n\nBad: $$\\frac{a}{b$$ here.\n");
    assert!(
        page.page(0)
            .contains("<code class=\"hugo-math-error\">\\frac{a}{b</code>"),
        "{}",
        page.page(0)
    );
    let warnings = page.messages(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/page.md:5:6: math: the TeX does not parse"),
        "{warnings:?}"
    );
}

#[test]
fn the_math_switch_must_be_a_boolean() {
    let error = HugoConfig::from_table(Some(
        serde_json::json!({"math": "yes"})
            .as_object()
            .cloned()
            .unwrap(),
    ))
    .unwrap_err();
    assert!(error.to_string().contains("math"), "{error}");
}

/// A page whose only markup is a diagram or formula fence still goes through the pass (the
/// pre-check and the untouched-page fast path must not skip it).
#[test]
fn a_page_with_only_a_mermaid_or_math_fence_is_typeset() {
    let converted = common::convert_one("```mermaid\ngraph LR\n  A --> B\n```\n");
    assert!(
        converted
            .page(0)
            .contains("<pre class=\"mermaid hugo-mermaid\">"),
        "{}",
        converted.page(0)
    );
    let converted = common::convert_one("```math\nx^2\n```\n");
    assert!(converted.page(0).contains("<math"), "{}", converted.page(0));
}
