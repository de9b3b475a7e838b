//! One test per reproduced bug of the architecture review (issue 9) and the Hugo-exactness
//! review (issue 10). Each expected value was checked against Hugo 0.168 or mdBook 0.5.4.

mod common;

use common::{convert_one, convert_site};

/// Hugo's typographer turns `--` into an en dash before the id is made, as mdBook's smart
/// punctuation does: both write `go--no-go` (checked with Hugo 0.168), so no anchor is
/// needed; where the ids differ for another reason, the anchor is Hugo's `a--b`, not the
/// four dashes of the raw text.
#[test]
fn a_heading_with_double_dashes_gets_the_id_after_smart_punctuation() {
    let converted = convert_one("## Go -- no go\n");
    assert_eq!(converted.page(0), "## Go -- no go\n");
    let converted = convert_one("## A -- B²\n");
    assert_eq!(
        converted.page(0),
        "## <span id=\"a--b\" class=\"hugo-anchor\"></span>A -- B²\n"
    );
}

/// `²` is no digit for Hugo (`x-scaling`) and alphanumeric for mdBook (`x²-scaling`).
#[test]
fn a_heading_with_a_superscript_gets_hugos_id_as_an_anchor() {
    let converted = convert_one("## x² scaling\n");
    assert_eq!(
        converted.page(0),
        "## <span id=\"x-scaling\" class=\"hugo-anchor\"></span>x² scaling\n"
    );
}

/// A heading inside a list item is a heading too: Hugo gives `- ## !!!` the id `heading`.
#[test]
fn a_heading_in_a_list_item_gets_its_anchor_without_other_triggers() {
    let converted = convert_one("- ## !!!\n");
    assert_eq!(
        converted.page(0),
        "- ## <span id=\"heading\" class=\"hugo-anchor\"></span>!!!\n"
    );
}

/// Hugo's title is not a heading of the content, so `## GS` on a page titled "GS" has the id
/// `gs`; the H1 written for the title must not take it (mdBook would number the H2 `gs-1`).
#[test]
fn a_title_equal_to_a_heading_leaves_the_heading_its_id() {
    let converted = convert_one("---\ntitle: GS\n---\n## GS\n\n[top](#gs)\n");
    assert_eq!(
        converted.page(0),
        "# GS {#gs-title}\n\n## GS\n\n[top](#gs)\n"
    );
}

/// A title over several lines is one heading, not a heading and a paragraph.
#[test]
fn a_title_with_line_breaks_stays_one_heading() {
    let converted = convert_one("---\ntitle: \"One\\nTwo\"\n---\nBody\n");
    assert_eq!(converted.page(0), "# One Two\n\nBody\n");
}

/// Two headings: both tools number the second `-1`.
#[test]
fn duplicate_headings_are_numbered_alike() {
    let converted = convert_site(&[("a.md", "## Same\n\n## Same\n")]);
    assert_eq!(converted.page(0), "## Same\n\n## Same\n");
}
