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

/// A file name with a space: every link we write to it is a valid Markdown destination, and
/// its Hugo URL (`/my-notes/`, urlized as Hugo 0.168 does) resolves.
#[test]
fn links_to_a_file_with_a_space_are_valid_destinations() {
    let converted = convert_site(&[
        ("my notes.md", "Notes\n"),
        (
            "page.md",
            "[a](/my%20notes.md) [b]({{< ref \"my notes\" >}}) [c](/my-notes/#top) [d]({{< relref \"my notes.md#x y\" >}})\n",
        ),
    ]);
    assert_eq!(
        converted.page(1),
        "[a](my%20notes.md) [b](my%20notes.md) [c](my%20notes.md#top) [d](my%20notes.md#x%20y)\n"
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
}

/// A backslash escape in a destination is still a site link: rewritten when it resolves,
/// reported when it does not.
#[test]
fn a_destination_with_a_backslash_escape_is_rewritten_or_reported() {
    let converted = convert_site(&[
        ("what/a_b.md", "x\n"),
        ("page.md", "[ab](/what/a\\_b/) [gone](/what/c\\_d/)\n"),
    ]);
    assert_eq!(
        converted.page(1),
        "[ab](what/a_b.md) [gone](/what/c\\_d/)\n"
    );
    assert_eq!(
        converted.problems(),
        ["src/page.md:1:26: link to `/what/c_d/` does not lead to any page or file of the book"]
    );
}

/// Spaces around `=` in an HTML attribute do not hide the link.
#[test]
fn an_html_link_with_spaces_around_the_equals_sign_is_rewritten() {
    let converted = convert_site(&[("b.md", "x\n"), ("page.md", "<a href = \"/b/\">x</a>\n")]);
    assert_eq!(converted.page(1), "<a href = \"b.md\">x</a>\n");
}

/// The query is kept (on the `.html` file, which mdBook leaves alone: its own `.md` rewrite
/// drops a query), and a title holding `](` is not taken for the destination.
#[test]
fn queries_are_kept_and_titles_left_alone() {
    let converted = convert_site(&[
        ("b.md", "x\n"),
        ("page.md", "[x](/b/?tab=2#a) [y](/b/ \"](/b/\")\n"),
    ]);
    assert_eq!(
        converted.page(1),
        "[x](b.html?tab=2#a) [y](b.md \"](/b/\")\n"
    );
}

/// Two pages with the same `url`: the second is told, at its file.
#[test]
fn two_pages_with_the_same_url_are_reported() {
    let converted = convert_site(&[
        ("a.md", "---\nurl: /same/\n---\n"),
        ("b.md", "---\nurl: /Same\n---\n"),
    ]);
    assert_eq!(
        converted.problems(),
        ["src/b.md: the URL /Same/ is already the URL of src/a.md; links to it lead there"]
    );
}

/// A folder's `_index.md` and a `README.md` page beside it (Docsy's site mounts its
/// repository's README there, with its own `url`) are both written by mdBook to the
/// folder's `index.html`: the page that disappears is told, not dropped silently.
#[test]
fn two_chapters_written_to_the_same_file_are_reported() {
    let converted = convert_site(&[
        (
            "repo/_index.md",
            "---\ntitle: Repo files\n---\n- [README.md](README.md)\n",
        ),
        ("repo/README.md", "---\nurl: /repo/readme/\n---\n# Readme\n"),
    ]);
    assert_eq!(
        converted.problems(),
        [
            "src/repo/README.md: mdBook writes this chapter and src/repo/_index.md to the same \
             file, repo/index.html: one replaces the other in the built book; rename one of the \
             two files"
        ]
    );
}

/// Redirect pages sit exactly where Hugo writes pages for these URLs (checked with Hugo
/// 0.168): a relative alias against the folder of the page's URL, case and spaces kept, and
/// file names urlized.
#[test]
fn redirects_answer_the_paths_hugo_writes() {
    use mdbook_hugo::site::{Page, Site};
    let page = |path: &str, text: &str| Page::new(path, std::path::Path::new(path), text.into());
    let site = Site::new(
        vec![
            page(
                "blog/post.md",
                "---\naliases: [../archive/2019/post.html, \"/legacy/Post Name/\", rel]\n---\n",
            ),
            page("my notes.md", ""),
        ],
        None,
    );
    let redirects = mdbook_hugo::redirects::compute(&site);
    let from: Vec<&str> = redirects.entries.iter().map(|r| r.from.as_str()).collect();
    assert_eq!(
        from,
        [
            "/archive/2019/post.html",
            "/blog/post/index.html",
            "/blog/rel/index.html",
            "/legacy/Post Name/index.html",
            "/my-notes/index.html",
        ]
    );
}

/// A draft chapter with children: the children take its place and its number, and the
/// chapters after it keep counting (`1. A`, `2. Child`, `3. Z`).
#[test]
fn a_left_out_draft_leaves_no_gap_in_the_numbering() {
    use mdbook_hugo::HugoConfig;
    use mdbook_hugo::render::Registry;
    use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
    let chapter = |name: &str, text: &str, number: Vec<u32>, parents: Vec<String>| {
        let mut c = Chapter::new(name, text.into(), format!("{name}.md"), parents);
        c.number = Some(SectionNumber::new(number));
        c
    };
    let mut draft = chapter("d", "---\ndraft: true\n---\n", vec![2], vec![]);
    draft.sub_items.push(BookItem::Chapter(chapter(
        "child",
        "x",
        vec![2, 1],
        vec!["d".into()],
    )));
    let book = Book::new_with_items(vec![
        BookItem::Chapter(chapter("a", "x", vec![1], vec![])),
        BookItem::Chapter(draft),
        BookItem::Chapter(chapter("z", "x", vec![3], vec![])),
    ]);
    let dir = std::path::Path::new("src");
    let (book, _) = mdbook_hugo::preprocessor::convert_book(
        book,
        dir,
        dir,
        &HugoConfig::default(),
        &Registry::builtin(),
    );
    let numbers: Vec<String> = book
        .items
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(c) => Some(format!(
                "{} {} {:?}",
                c.number.clone().unwrap(),
                c.name,
                c.parent_names
            )),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, ["1. a []", "2. child []", "3. z []"]);
}

/// mdBook's `index` step renames any `readme.md`, whatever its case, to `index.md`.
#[test]
fn a_readme_in_any_case_is_written_as_index() {
    let converted = convert_site(&[
        ("what/readme.md", "x\n"),
        ("page.md", "[r](/what/readme.md)\n"),
    ]);
    assert_eq!(
        converted.outputs[0].as_ref().unwrap().output_path,
        "what/index.md"
    );
    assert_eq!(converted.page(1), "[r](what/index.md)\n");
}

/// A class list with a quote cannot break out of the attribute it is written into.
#[test]
fn an_icon_class_with_a_quote_stays_one_attribute() {
    let converted = convert_one("<i class='fa fa-home x\"y'></i>\n");
    assert_eq!(
        converted.page(0),
        "<i class=\"fa-solid fa-house x&quot;y\" aria-hidden=\"true\"></i>\n"
    );
}

/// A callout whose body is an indented code block keeps it a code block.
#[test]
fn a_callout_body_keeps_its_first_indentation() {
    let converted = convert_one("{{< hint info >}}\n    code line\n{{< /hint >}}\n");
    assert_eq!(converted.page(0), "> [!NOTE]\n>     code line\n\n");
}

/// Tabs on `a/x.md` and on `a-x.md` get different ids (the print page holds both).
#[test]
fn tabs_on_pages_whose_paths_look_alike_get_different_ids() {
    let tabs = "{{< tabs >}}{{< tab \"One\" >}}1{{< /tab >}}{{< /tabs >}}\n";
    let converted = convert_site(&[("a/x.md", tabs), ("a-x.md", tabs)]);
    let id = |page: &str| {
        let start = page.find("id=\"").unwrap() + 4;
        page[start..start + page[start..].find('"').unwrap()].to_string()
    };
    assert_ne!(id(converted.page(0)), id(converted.page(1)));
}

/// Block output keeps its place: an alert inside item 1 leaves one list of three items; a
/// figure in a table cell leaves the table whole (Hugo keeps both in place).
#[test]
fn block_output_stays_in_its_list_item_quote_and_table_cell() {
    use pulldown_cmark::{Event, Parser, Tag};
    let page = "1. First step.\n\n   {{< alert title=\"Warning\" color=\"warning\" >}}\n   This is a **warning**.\n   {{< /alert >}}\n\n2. Second step.\n3. Third step.\n\n| Key | What |\n|-----|------|\n| {{< figure src=\"https://example.org/help.png\" alt=\"Help\" >}} | Toggles help. |\n\n> {{< hint warning >}}\n> quoted\n> {{< /hint >}}\n";
    let converted = convert_one(page);
    let markdown = converted.page(0);
    let events: Vec<Event> = Parser::new_ext(markdown, mdbook_hugo::markdown::options()).collect();
    let count = |wanted: fn(&Event) -> bool| events.iter().filter(|e| wanted(e)).count();
    assert_eq!(
        count(|e| matches!(e, Event::Start(Tag::List(_)))),
        1,
        "{markdown}"
    );
    assert_eq!(
        count(|e| matches!(e, Event::Start(Tag::Item))),
        3,
        "{markdown}"
    );
    assert_eq!(
        count(|e| matches!(e, Event::Start(Tag::TableRow))),
        1,
        "{markdown}"
    );
    assert_eq!(
        count(|e| matches!(e, Event::Start(Tag::TableCell))),
        4,
        "{markdown}"
    );
    assert!(
        markdown.contains("   > [!WARNING]\n   > **Warning**\n"),
        "{markdown}"
    );
    assert!(markdown.contains("> > [!WARNING]\n"), "{markdown}");
}

/// `{{< param >}}` output is placed as HTML after Markdown in Hugo, so a value holding
/// Markdown shows as written (a script link stays text); in code it is the plain value, and
/// `{{% param %}}` is Markdown rendered with the page.
#[test]
fn a_param_holding_markdown_shows_as_written_under_angle_brackets() {
    let mut config = mdbook_hugo::HugoConfig::default();
    config
        .params
        .insert("x".into(), "[a](javascript:alert(1))".into());
    let page = "{{< param x >}}\n\n`{{< param x >}}`\n\n{{% param x %}}\n";
    let converted = common::convert_site_with(&[("page.md", page)], &config, None);
    assert_eq!(
        converted.page(0),
        "\\[a\\](javascript:alert(1))\n\n`[a](javascript:alert(1))`\n\n[a](javascript:alert(1))\n"
    );
}

/// 20,000 nested shortcodes are refused at the first one too deep, with its position,
/// instead of overflowing the stack; the deepest allowed nesting still renders.
#[test]
fn deep_nesting_is_refused_with_a_located_error() {
    let nested = |n: usize| {
        format!(
            "{}body\n{}",
            "{{< details summary=\"x\" >}}\n".repeat(n),
            "{{< /details >}}\n".repeat(n)
        )
    };
    let converted = convert_one(&nested(20_000));
    assert_eq!(
        converted.problems(),
        [
            "src/page.md:129:1: failed to extract shortcode: shortcode \"details\" is nested more than 128 levels deep"
        ]
    );
    let converted = convert_one(&nested(128));
    assert!(converted.problems().is_empty());
}

/// A file saved with Windows line endings and a byte order mark converts exactly as the
/// same file with `\n`: no blank first code line, the right line highlighted.
#[test]
fn crlf_and_a_bom_convert_as_lf_does() {
    let lf = "---\ntitle: T\n---\n{{< highlight go \"hl_lines=2\" >}}\nline1\nline2\n{{< /highlight >}}\n\n## Head\n";
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    assert_eq!(convert_one(&crlf).page(0), convert_one(lf).page(0));
    assert!(
        convert_one(lf)
            .page(0)
            .contains("```go,hugo-hl-2\nline1\nline2\n```")
    );
}

/// A fenced code block indented two spaces in a `details` body: Hugo's template hands
/// `.Inner` to Markdown as written, so the fence keeps its indentation and the code shows
/// without the two spaces (the body was trimmed, leaving the code two spaces deeper).
#[test]
fn an_indented_fence_in_a_details_body_keeps_its_shape() {
    let page = "{{< details summary=\"More\" >}}\n  ```go\n  func a() {\n      b()\n  }\n  ```\n{{< /details >}}\n";
    let converted = convert_one(page);
    assert!(
        converted
            .page(0)
            .contains("\n  ```go\n  func a() {\n      b()\n  }\n  ```\n"),
        "{}",
        converted.page(0)
    );
}

/// Callouts beyond GitHub's five: another type becomes the nearest admonition, a custom
/// title a bold first line, a foldable one a `<details>` whose links are still fixed.
#[test]
fn theme_callouts_become_mdbook_admonitions_or_details() {
    let page = "> [!INFO]\n> text\n\n> [!CAUTION] Custom title\n> body\n\n> [!NOTE]- Fold me\n> see [b](/b/)\n";
    let converted = convert_site(&[("b.md", "x\n"), ("page.md", page)]);
    assert_eq!(
        converted.page(1),
        "> [!NOTE]\n> text\n\n> [!CAUTION]\n> **Custom title**\n>\n> body\n\n<details class=\"hugo-callout hugo-callout-note\">\n<summary>Fold me</summary>\n\nsee [b](b.md)\n\n</details>\n"
    );
}

/// Code fence attributes: the options Hugo's highlighter honours become fence classes,
/// the title a caption above the code (kept inside its list item), the rest a warning.
#[test]
fn code_fence_attributes_are_honoured_as_far_as_mdbook_allows() {
    let page = "- item\n\n  ```go {title=\"main.go\" linenos=true hl_lines=[2] style=x}\n  a\n  b\n  ```\n";
    let converted = convert_one(page);
    assert_eq!(
        converted.page(0),
        "- item\n\n  <div class=\"hugo-code-title\">main.go</div>\n\n  ```go,hugo-linenos,hugo-hl-2\n  a\n  b\n  ```\n"
    );
    assert_eq!(
        converted.problems(),
        [
            "src/page.md:3:3: code fence: mdBook cannot apply the highlight option `style=x`; the code is shown without it"
        ]
    );
}

/// No front matter URL can lead a redirect page out of the book: `..` stops at the root.
/// An alias with a dot is a folder, as Hugo writes it (`/docs/v0.7/index.html`).
#[test]
fn urls_cannot_climb_out_of_the_book_and_dotted_aliases_are_folders() {
    use mdbook_hugo::site::{Page, Site};
    let page = |path: &str, text: &str| Page::new(path, std::path::Path::new(path), text.into());
    let site = Site::new(
        vec![page(
            "a.md",
            "---\nurl: /../../out/\naliases: [/docs/v0.7, ../../../x.html]\n---\n",
        )],
        None,
    );
    let redirects = mdbook_hugo::redirects::compute(&site);
    let from: Vec<&str> = redirects.entries.iter().map(|r| r.from.as_str()).collect();
    assert_eq!(
        from,
        ["/docs/v0.7/index.html", "/out/index.html", "/x.html"]
    );
}

/// A card whose only link sits inside its text keeps every word in place.
#[test]
fn a_card_link_inside_its_text_keeps_the_words() {
    let page = "<div class=\"card\">\n<div class=\"card-body\">\n<p class=\"card-text\">Begin <a href=\"/b/\">here</a>.</p>\n</div>\n</div>\n";
    let converted = convert_site(&[("b.md", "x\n"), ("page.md", page)]);
    assert!(
        converted
            .page(1)
            .contains("<div class=\"hugo-card-text\">Begin here.</div>"),
        "{}",
        converted.page(1)
    );
}

/// A Goldmark attribute line after a paragraph is applied by Hugo and shows nothing.
#[test]
fn a_goldmark_attribute_line_is_not_shown() {
    let converted = convert_one("A paragraph.\n{.lead}\n\nNext {.not-alone}.\n");
    assert_eq!(converted.page(0), "A paragraph.\n\nNext {.not-alone}.\n");
}

/// Bare URLs become links, as Hugo's linkify makes them (`www.` ones to `https://`); in
/// code, in links and split by emphasis they stay as written.
#[test]
fn bare_urls_are_linked_as_hugo_links_them() {
    let converted = convert_one(
        "See https://example.com/docs, www.example.org and [l](https://b.org) `https://c.org`.\n",
    );
    assert_eq!(
        converted.page(0),
        "See <https://example.com/docs>, [www.example.org](https://www.example.org) and [l](https://b.org) `https://c.org`.\n"
    );
}

/// Learn's `children style="div"` (on Learn's own docs) lists the children, with no warning.
#[test]
fn children_in_a_div_style_are_a_list() {
    let converted = convert_site(&[
        ("a/_index.md", "{{% children style=\"div\" %}}\n"),
        ("a/b.md", "---\ntitle: B\n---\nText.\n"),
    ]);
    assert!(
        converted.page(0).contains("- [B](<b.md>)"),
        "{}",
        converted.page(0)
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
}

/// HTML attribute names are case-insensitive: an `HREF` or `Src` is a URL to fix like an
/// `href`, not a link left pointing at the Hugo site's path.
#[test]
fn url_attributes_are_found_in_any_case() {
    let lower = convert_site(&[
        ("b.md", "x\n"),
        (
            "page.md",
            "See <a href=\"/b/\">b</a> and <img src=\"/b/\">.\n",
        ),
    ]);
    let upper = convert_site(&[
        ("b.md", "x\n"),
        (
            "page.md",
            "See <a HREF=\"/b/\">b</a> and <img Src=\"/b/\">.\n",
        ),
    ]);
    let expected = lower
        .page(1)
        .replace("href=", "HREF=")
        .replace("src=", "Src=");
    assert_ne!(
        lower.page(1),
        "See <a href=\"/b/\">b</a> and <img src=\"/b/\">.\n"
    );
    assert_eq!(upper.page(1), expected);
    assert_eq!(upper.problems(), lower.problems());
}
