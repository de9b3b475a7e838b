//! Doks' and Docsy's shortcodes that issue 15 found raw or wrong: Doks' `steps`/`step`,
//! `preview`, `tree`, `img`/`picture`, `inline-svg`, `kroki`, `video`; Docsy's
//! `swaggerui`/`redoc` and the `tabpane` options (`persist`, disabled tabs).

mod common;

use common::{Converted, convert_one, convert_site_with};
use mdbook_hugo::{HugoConfig, Severity};
use scraper::{Html, Selector};

/// The page's Markdown rendered to HTML as mdBook renders it.
fn html_of(markdown: &str) -> Html {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, mdbook_hugo::markdown::options()),
    );
    Html::parse_fragment(&html)
}

/// The elements matching `selector`, as their HTML.
fn select(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).map(|e| e.html()).collect()
}

/// Converts `text` as `src/guide/page.md` of a temporary book whose source folder holds
/// `files` (path, bytes).
fn convert_with_files(text: &str, files: &[(&str, &[u8])]) -> Converted {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for (path, bytes) in files {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::create_dir_all(src.join("guide")).unwrap();
    let config = HugoConfig::default().with_book_root(dir.path());
    convert_site_with(&[("guide/page.md", text)], &config, Some(src))
}

fn assert_no_shortcode_left(page: &str) {
    assert!(
        !page.contains("{{<") && !page.contains("{{%"),
        "a shortcode is left: {page}"
    );
}

#[test]
fn steps_with_step_children_are_one_list_with_markdown_items() {
    // Issue 15: the Doks site showed raw `{{< /step >}}` lines between the code blocks.
    let text = "{{< steps >}}\n{{< step >}}\nInstall:\n\n```bash\nnpm install\n```\n{{< /step >}}\n{{< step >}}\nRun the **server**.\n{{< /step >}}\n{{< /steps >}}\n";
    let converted = convert_one(text);
    let page = converted.page(0);
    assert_no_shortcode_left(page);
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let html = html_of(page);
    let items = select(&html, "div.hugo-steps > ol.hugo-steps-list > li.hugo-step");
    assert_eq!(items.len(), 2, "{page}");
    assert!(
        items[0].contains("<pre><code class=\"language-bash\">npm install"),
        "{}",
        items[0]
    );
    assert!(
        items[1].contains("Run the <strong>server</strong>."),
        "{}",
        items[1]
    );
}

#[test]
fn a_step_outside_steps_and_text_between_steps_are_warnings() {
    let lone = convert_one("{{< step >}}\nAlone.\n{{< /step >}}\n");
    assert_eq!(
        lone.messages(Severity::Warning),
        ["src/page.md:1:1: step: used outside `steps`; shown as a step of its own"]
    );
    assert_eq!(
        select(&html_of(lone.page(0)), "li.hugo-step").len(),
        1,
        "{}",
        lone.page(0)
    );
    let stray = convert_one(
        "{{< steps >}}\nStray text.\n{{< step >}}\nA.\n{{< /step >}}\n{{< /steps >}}\n",
    );
    assert_eq!(
        stray.messages(Severity::Warning),
        ["src/page.md:1:1: steps: content outside a `step` is shown as a step of its own"]
    );
    let items = select(&html_of(stray.page(0)), "li.hugo-step");
    assert_eq!(items.len(), 2);
    assert!(items[0].contains("Stray text."), "nothing is dropped");
}

#[test]
fn hugo_book_steps_keep_their_own_list() {
    let converted = convert_one("{{% steps %}}\n1. One\n2. Two\n{{% /steps %}}\n");
    let items = select(&html_of(converted.page(0)), "div.hugo-steps > ol > li");
    assert_eq!(items.len(), 2, "{}", converted.page(0));
}

#[test]
fn preview_and_tree_render_their_bodies() {
    let converted = convert_one(
        "{{< preview >}}\nA *preview*.\n{{< /preview >}}\n\n{{< tree >}}\n- {folder} content\n  - {markdown} index.md\n  - {no-such-tabler-icon} data.bin\n{{< /tree >}}\n",
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let html = html_of(converted.page(0));
    let preview = select(&html, "figure.hugo-preview");
    assert_eq!(preview.len(), 1);
    assert!(preview[0].contains("<figcaption>Preview</figcaption>"));
    assert!(preview[0].contains("A <em>preview</em>."), "{}", preview[0]);
    let items = select(&html, "div.hugo-tree > ul > li");
    assert_eq!(items.len(), 1, "{}", converted.page(0));
    assert!(items[0].contains("fa-folder") && items[0].contains(" content"));
    let nested = select(&html, "div.hugo-tree > ul > li > ul > li");
    assert_eq!(nested.len(), 2);
    assert!(nested[0].contains("fa-markdown") && nested[0].contains("index.md"));
    assert!(
        nested[1].contains("fa-file") && nested[1].contains("data.bin"),
        "an icon Font Awesome lacks is a file icon: {}",
        nested[1]
    );
}

#[test]
fn images_show_the_original_without_processing() {
    let converted = convert_one(
        "{{< img src=\"images/bird.jpg\" alt=\"A bird\" width=\"320\" process=\"fill 1600x900\" lqip=\"16x webp q20\" loading=\"eager\" >}}\n\n{{< picture src=\"https://example.org/p.jpg\" alt=\"Remote\" class=\"rounded-3\" width=\"50%\" >}}\n",
    );
    let page = converted.page(0);
    assert!(
        page.contains("<p class=\"hugo-img\"><img src=\"images/bird.jpg\" alt=\"A bird\" loading=\"eager\" style=\"width: 320px\"></p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"hugo-img rounded-3\"><img src=\"https://example.org/p.jpg\" alt=\"Remote\" style=\"width: 50%\"></p>"),
        "{page}"
    );
    assert!(!page.contains("fill 1600x900"), "{page}");
    let refused = convert_one("{{< img src=\"javascript:alert(1)\" >}}");
    assert!(
        !refused.page(0).contains("javascript"),
        "{}",
        refused.page(0)
    );
    assert_eq!(
        refused.messages(Severity::Warning),
        ["src/page.md:1:1: img: refused the script URL in `src` (\"javascript:alert(1)\")"]
    );
    let bad_width = convert_one("{{< img src=\"a.png\" width=\"calc(1px)\" >}}");
    assert_eq!(
        bad_width.messages(Severity::Warning),
        ["src/page.md:1:1: img: `width` is not a length; left out"]
    );
}

#[test]
fn inline_svg_is_a_file_an_icon_or_its_title_with_a_warning() {
    let svg: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let converted = convert_with_files(
        "A {{< inline-svg src=\"logo\" title=\"Logo\" width=\"32\" height=\"2em\" >}}, an {{< inline-svg \"alert-triangle\" >}}, a {{< inline-svg src=\"svgs/nothing.svg\" title=\"Missing\" >}}.",
        &[("guide/logo.svg", svg)],
    );
    let page = converted.page(0);
    assert!(
        page.contains("<img class=\"hugo-inline-svg\" src=\"logo.svg\" alt=\"Logo\" style=\"width: 32px; height: 2em\">"),
        "{page}"
    );
    assert!(
        page.contains("<i class=\"fa-solid fa-triangle-exclamation\" aria-hidden=\"true\"></i>"),
        "{page}"
    );
    assert!(page.contains("a Missing."), "{page}");
    let warnings = converted.messages(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/guide/page.md:1:")
            && warnings[0].contains("\"svgs/nothing.svg\" is neither an SVG file"),
        "{warnings:?}"
    );
    // From the source folder when not next to the page.
    let root = convert_with_files(
        "{{< inline-svg src=\"/icons/star.svg\" >}}",
        &[("icons/star.svg", svg)],
    );
    assert!(
        root.page(0).contains("src=\"../icons/star.svg\""),
        "{}",
        root.page(0)
    );
}

#[test]
fn video_plays_the_page_files_of_that_name() {
    let files: &[(&str, &[u8])] = &[
        ("guide/flower.mp4", b"mp4"),
        ("guide/flower.webm", b"webm"),
        ("guide/flower.jpg", b"jpg"),
        ("guide/other.mp4", b"mp4"),
    ];
    let converted = convert_with_files(
        "{{< video src=\"flower\" width=\"640\" muted=\"true\" >}}",
        files,
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let page = converted.page(0);
    assert!(
        page.contains("<video class=\"hugo-video\" preload=\"metadata\" playsinline controls muted style=\"width: 640px\" poster=\"flower.jpg\">\n<source src=\"flower.mp4\" type=\"video/mp4\">\n<source src=\"flower.webm\" type=\"video/webm\">\n<a href=\"flower.webm\">Download the video</a>\n</video>"),
        "{page}"
    );
    assert!(!page.contains("other.mp4"), "{page}");
    let missing = convert_with_files("{{< video src=\"nothing\" >}}", files);
    assert_eq!(
        missing.messages(Severity::Error),
        [
            "src/guide/page.md:1:1: video: no video file (webm, ogv, mp4, m4v) named \"nothing\"* next to the page"
        ]
    );
}

#[test]
fn kroki_shows_the_source_as_code_with_a_warning() {
    let converted = convert_one("{{< kroki type=\"plantuml\" >}}\nA -> B\n{{< /kroki >}}\n");
    assert_eq!(converted.page(0).trim_end(), "```plantuml\nA -> B\n```");
    assert_eq!(
        converted.messages(Severity::Warning),
        [
            "src/page.md:1:1: kroki: the plantuml diagram needs the Kroki web service; its source is shown as code"
        ]
    );
    // Mermaid draws offline, with the script the book's theme files add.
    let mermaid = convert_one("{{< kroki type=\"mermaid\" >}}\ngraph TD; A-->B\n{{< /kroki >}}\n");
    assert!(
        mermaid
            .page(0)
            .starts_with("<pre class=\"mermaid hugo-mermaid\">graph TD; A--&gt;B</pre>"),
        "{}",
        mermaid.page(0)
    );
    assert!(mermaid.problems().is_empty(), "{:?}", mermaid.problems());
    let bad = convert_one("{{< kroki type=\"x y\" >}}a{{< /kroki >}}");
    assert_eq!(
        bad.messages(Severity::Error),
        ["src/page.md:1:1: kroki: missing or invalid `type` (the diagram's language)"]
    );
}

#[test]
fn swaggerui_and_redoc_become_a_box_that_links_the_specification() {
    let converted = convert_one(
        "{{< swaggerui src=\"https://petstore.swagger.io/v2/swagger.json\" >}}\n\n{{< redoc \"https://example.org/api/openapi.yaml\" >}}\n",
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let html = html_of(converted.page(0));
    let boxes = select(&html, "div.hugo-openapi");
    assert_eq!(boxes.len(), 2, "{}", converted.page(0));
    assert!(boxes[0].contains("Swagger UI"));
    assert!(
        boxes[0]
            .contains("<a href=\"https://petstore.swagger.io/v2/swagger.json\">swagger.json</a>"),
        "{}",
        boxes[0]
    );
    assert!(boxes[1].contains("Redoc"));
    assert!(
        boxes[1].contains("<a href=\"https://example.org/api/openapi.yaml\">openapi.yaml</a>"),
        "{}",
        boxes[1]
    );
    let missing = convert_one("{{< swaggerui >}}");
    assert_eq!(
        missing.messages(Severity::Error),
        ["src/page.md:1:1: swaggerui: missing the specification (`src`)"]
    );
}

/// The `data-hugo-persist` keys of the tab buttons of `page`, in order (`-` for none).
fn persist_keys(page: &str) -> Vec<String> {
    select(&html_of(page), "button.hugo-tab")
        .iter()
        .map(|button| {
            button
                .split("data-hugo-persist=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("-")
                .to_string()
        })
        .collect()
}

#[test]
fn tabpane_persist_keys_follow_docsy() {
    // Default without `text`/`lang` on the pane: the language, or the first fence's.
    let by_lang = convert_one(
        "{{< tabpane >}}\n{{< tab header=\"Go\" lang=\"go\" >}}\nx\n{{< /tab >}}\n{{% tab header=\"Shell\" %}}\n```bash\nls\n```\n{{% /tab %}}\n{{% tab header=\"Prose\" %}}\nNo code.\n{{% /tab %}}\n{{< /tabpane >}}\n",
    );
    assert_eq!(persist_keys(by_lang.page(0)), ["go", "bash", "-"]);
    // `text=true` on the pane: the header (as text, lower case).
    let by_header = convert_one(
        "{{< tabpane text=true >}}\n{{% tab header=\"**English**\" %}}\nHi.\n{{% /tab %}}\n{{< /tabpane >}}\n",
    );
    assert_eq!(persist_keys(by_header.page(0)), ["english"]);
    let off = convert_one(
        "{{< tabpane persist=\"disabled\" lang=\"go\" >}}\n{{< tab header=\"A\" >}}\nx\n{{< /tab >}}\n{{< /tabpane >}}\n",
    );
    assert_eq!(persist_keys(off.page(0)), ["-"]);
    let odd = convert_one(
        "{{< tabpane persist=\"always\" >}}\n{{< tab header=\"A\" lang=\"go\" >}}\nx\n{{< /tab >}}\n{{< /tabpane >}}\n",
    );
    assert_eq!(persist_keys(odd.page(0)), ["-"]);
    assert_eq!(
        odd.messages(Severity::Warning),
        [
            "src/page.md:1:1: tabpane: `persist` is header, lang or disabled, not \"always\"; tabs are not tied"
        ]
    );
    // hugo-book's and Doks' tabs do not persist.
    let tabs = convert_one("{{< tabs >}}\n{{< tab \"A\" >}}\nx\n{{< /tab >}}\n{{< /tabs >}}\n");
    assert_eq!(persist_keys(tabs.page(0)), ["-"]);
}

#[test]
fn a_disabled_tab_is_a_label_that_cannot_be_chosen() {
    let converted = convert_one(
        "{{< tabpane text=true >}}\n{{% tab header=\"**Languages**:\" disabled=true /%}}\n{{% tab header=\"English\" %}}\nHi.\n{{% /tab %}}\n{{< /tabpane >}}\n",
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let html = html_of(converted.page(0));
    let buttons = select(&html, "button.hugo-tab");
    assert_eq!(buttons.len(), 2);
    assert!(
        buttons[0].contains("disabled") && buttons[0].contains("<strong>Languages</strong>:"),
        "{}",
        buttons[0]
    );
    assert!(!buttons[0].contains("aria-controls"), "{}", buttons[0]);
    assert!(
        buttons[1].contains("aria-selected=\"true\""),
        "{}",
        buttons[1]
    );
    assert_eq!(select(&html, "div.hugo-tabpanel").len(), 1);
    // With content, nothing is hidden: an ordinary tab, with a warning.
    let with_body = convert_one(
        "{{< tabpane text=true >}}\n{{% tab header=\"Old\" disabled=true %}}\nStill here.\n{{% /tab %}}\n{{< /tabpane >}}\n",
    );
    assert!(with_body.page(0).contains("Still here."));
    assert_eq!(
        with_body.messages(Severity::Warning),
        ["src/page.md:2:1: tab: a `disabled` tab with content; shown as a tab that can be chosen"]
    );
}

#[test]
fn relearn_callout_reads_its_positional_title() {
    let converted = convert_one("{{% callout warning \"Watch out\" %}}\nBody.\n{{% /callout %}}\n");
    let page = converted.page(0);
    assert!(
        page.starts_with("> [!WARNING]\n> **Watch out**\n"),
        "{page}"
    );
    let doks =
        convert_one("{{< callout context=\"tip\" title=\"Doks\" >}}\nBody.\n{{< /callout >}}\n");
    assert!(
        doks.page(0).starts_with("> [!TIP]\n> **Doks**\n"),
        "{}",
        doks.page(0)
    );
}

#[test]
fn relearn_card_links_its_title_and_shows_its_image() {
    let converted = convert_one(
        "{{< card title=\"Guide\" href=\"https://example.org/guide/\" image=\"https://example.org/pic.png\" >}}\nBody.\n{{< /card >}}\n",
    );
    let page = converted.page(0);
    assert!(
        page.contains("<img class=\"hugo-card-img\" src=\"https://example.org/pic.png\" alt=\"\">"),
        "{page}"
    );
    assert!(
        page.contains(
            "<div class=\"hugo-card-title\"><a href=\"https://example.org/guide/\">Guide</a></div>"
        ),
        "{page}"
    );
    let hostile = convert_one(
        "{{< card title=\"T\" href=\"javascript:alert(1)\" image=\"vbscript:x\" >}}\nBody.\n{{< /card >}}\n",
    );
    assert!(!hostile.page(0).contains("script:"), "{}", hostile.page(0));
    assert_eq!(hostile.messages(Severity::Warning).len(), 2);
}

#[test]
fn a_tree_of_command_output_is_preformatted() {
    // Relearn's `tree` takes the output of the `tree` command as it is.
    let converted = convert_one(
        "{{< tree >}}\nC:.\n│   index.md\n└───subdir\n        hugo.png\n{{< /tree >}}\n",
    );
    let html = html_of(converted.page(0));
    let pre = select(&html, "div.hugo-tree > pre > code");
    assert_eq!(pre.len(), 1, "{}", converted.page(0));
    assert!(
        pre[0].contains("│   index.md\n└───subdir\n        hugo.png"),
        "{}",
        pre[0]
    );
}

#[test]
fn learn_names_the_expand_label_default_and_the_icon_position_with_a_hyphen() {
    let expand = convert_one("{{% expand default=\"Show me\" %}}\nHidden.\n{{% /expand %}}\n");
    assert!(
        expand.page(0).contains("<summary>Show me</summary>"),
        "{}",
        expand.page(0)
    );
    let button = convert_one(
        "{{% button href=\"https://example.org\" icon=\"fas fa-download\" icon-position=\"right\" %}}Get{{% /button %}}",
    );
    let page = button.page(0);
    let label = page.find("Get").unwrap();
    let icon = page.find("fa-download").unwrap();
    assert!(label < icon, "the icon is on the right: {page}");
}

#[test]
fn a_script_url_in_the_build_table_is_refused() {
    let converted = convert_one(
        "{{< td/site-build-info/netlify team=\"t\" repoURL=\"javascript:alert(1)\" >}}\n",
    );
    assert!(
        !converted.page(0).contains("javascript:"),
        "{}",
        converted.page(0)
    );
    assert_eq!(
        converted.messages(Severity::Warning),
        [
            "src/page.md:1:1: td/site-build-info/netlify: refused the script URL in `repoURL` (\"javascript:alert(1)\")"
        ]
    );
}

/// Docsy drops persistence for a pane whose tabs share a key (and warns): one click
/// would otherwise choose both.
#[test]
fn tabs_with_the_same_persistence_key_are_not_tied() {
    let converted = convert_one(
        "{{< tabpane persist=header text=true >}}\n{{< tab header=\"Same\" >}}a{{< /tab >}}\n{{< tab header=\"same\" >}}b{{< /tab >}}\n{{< /tabpane >}}\n",
    );
    assert!(
        !converted.page(0).contains("data-hugo-persist"),
        "{}",
        converted.page(0)
    );
    assert_eq!(
        converted.messages(Severity::Warning),
        [
            "src/page.md:1:1: tabpane: two tabs have the persistence key \"same\"; this pane's tabs are not tied"
        ]
    );
}
