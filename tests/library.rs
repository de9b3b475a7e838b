//! The shortcode library: snapshots of every dialect, a book's own templates and aliases,
//! hostile input, and a real mdBook build of a book that uses every shortcode.

mod common;

use common::book::{copy_dir, foreign_stderr_lines, mdbook_build, point_at_test_binary};
use common::search::{search_docs, urls_containing};
use common::{
    Converted, assert_snapshot, convert_site_with, page_inputs, repo_root,
    snapshot_with_diagnostics,
};
use mdbook_hugo::config::AliasConfig;
use mdbook_hugo::convert::convert_pages;
use mdbook_hugo::render::Registry;
use mdbook_hugo::{HugoConfig, Severity};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The fixture book of `tests/fixtures/library`.
fn fixture_root() -> PathBuf {
    repo_root().join("tests/fixtures/library")
}

fn site_params() -> Map<String, Value> {
    json!({
        "site_name": "Example Site",
        "buildCondition": "print",
        "author": {"name": "Ann"}
    })
    .as_object()
    .cloned()
    .unwrap()
}

fn aliases() -> BTreeMap<String, AliasConfig> {
    BTreeMap::from([
        (
            "note".to_string(),
            AliasConfig {
                shortcode: "alert".into(),
                params: json!({"color": "info"}).as_object().cloned().unwrap(),
                positional: vec!["title".into()],
            },
        ),
        (
            "tip".to_string(),
            AliasConfig {
                shortcode: "notice".into(),
                params: json!({"style": "tip"}).as_object().cloned().unwrap(),
                positional: Vec::new(),
            },
        ),
    ])
}

/// The fixture book's config; `templates` turns on its `templates/` shortcodes and aliases.
fn library_config(templates: bool) -> HugoConfig {
    HugoConfig {
        params: site_params(),
        shortcodes_dir: templates.then(|| PathBuf::from("templates")),
        aliases: if templates {
            aliases()
        } else {
            BTreeMap::new()
        },
        ..HugoConfig::default()
    }
    .with_book_root(&fixture_root())
}

/// Every chapter under `src` (not `includes/`), as (path, text), sorted.
fn chapters(src: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() && relative != "includes" {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "md") && relative != "SUMMARY.md" {
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut pages = Vec::new();
    walk(src, src, &mut pages);
    pages.sort();
    pages
}

/// Converts the fixture book; each page's output with its diagnostics appended.
fn convert_library(templates: bool) -> BTreeMap<String, String> {
    let src = fixture_root().join("src");
    let pages = chapters(&src);
    let borrowed: Vec<(&str, &str)> = pages
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let converted = convert_site_with(&borrowed, &library_config(templates), Some(src));
    pages
        .iter()
        .enumerate()
        .map(|(index, (path, _))| {
            let text = converted.page(index).to_string();
            let display = format!("src/{path}");
            // Template errors are reported at the template file: they belong to user.md.
            let own = converted.diagnostics.iter().filter(|d| {
                d.file == Path::new(&display) || !d.file.starts_with("src") && path == "user.md"
            });
            (path.clone(), snapshot_with_diagnostics(text, own))
        })
        .collect()
}

#[test]
fn dialect_snapshots() {
    let outputs = convert_library(false);
    for (page, snapshot) in [
        ("hugo.md", "hugo.md"),
        ("docsy.md", "docsy.md"),
        ("hugobook.md", "hugobook.md"),
        ("relearn/_index.md", "relearn.md"),
        ("doks.md", "doks.md"),
    ] {
        assert_snapshot(&format!("library/{snapshot}"), &outputs[page]);
    }
}

#[test]
fn user_templates_and_aliases_snapshot() {
    let outputs = convert_library(true);
    let user = &outputs["user.md"];
    assert_snapshot("library/user.md", user);
    assert!(
        user.contains("![picture](sunset.svg)"),
        "the book's own figure wins over the built-in: {user}"
    );
    assert!(user.contains("> [!NOTE]\n> **From an alias**"), "{user}");
    assert!(user.contains("> [!TIP]\n> Tip via alias."), "{user}");
}

#[test]
fn converting_converted_output_changes_nothing() {
    for templates in [false, true] {
        let config = library_config(templates);
        let first = convert_library(templates);
        let pages: Vec<(String, String)> = first
            .iter()
            .map(|(path, text)| {
                let body = text.split("\n<!-- diagnostics").next().unwrap().to_string();
                (path.replace("_index.md", "index.md"), body)
            })
            .collect();
        let refs: Vec<(&str, &str)> = pages
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let again = convert_site_with(&refs, &config, Some(fixture_root().join("src")));
        for (i, (path, once)) in pages.iter().enumerate() {
            assert_eq!(again.page(i), once, "{path} changed when converted again");
        }
    }
}

#[test]
fn every_built_in_shortcode_is_documented_and_used_in_a_fixture() {
    let docs = std::fs::read_to_string(repo_root().join("docs/shortcodes.md")).unwrap();
    let fixtures: String = chapters(&fixture_root().join("src"))
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    for (dialect, names) in mdbook_hugo::render::dialects() {
        for name in names {
            assert!(
                docs.contains(&format!("`{name}`")),
                "docs/shortcodes.md documents `{name}` ({dialect})"
            );
            let used = ["{{< ", "{{% "].iter().any(|open| {
                fixtures.contains(&format!("{open}{name} "))
                    || fixtures.contains(&format!("{open}{name}%}}"))
                    || fixtures.contains(&format!("{open}{name} >}}"))
            });
            assert!(used, "a library fixture uses `{name}` ({dialect})");
        }
    }
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    assert!(
        readme.contains("docs/shortcodes.md"),
        "the README links the reference"
    );
}

#[test]
fn children_follow_the_book_structure_not_the_folders() {
    let pages = [
        ("_index.md", "{{< children >}}"),
        ("a.md", "---\ntitle: A\n---\n{{< children >}}"),
        ("b.md", "---\ntitle: B\n---\n"),
        ("c/_index.md", "---\ntitle: C\n---\n{{< children >}}"),
        ("c/d.md", "---\ntitle: D\n---\n"),
    ];
    let inputs = page_inputs(&pages);
    // SUMMARY.md puts b.md under a.md and c/d.md at the top level.
    let parents = vec![None, None, Some(1), None, None];
    let conversion = mdbook_hugo::convert::convert_pages_with_parents(
        inputs.clone(),
        Some(parents),
        None,
        &HugoConfig::default(),
        &Registry::builtin(),
    );
    let page = |i: usize| conversion.outputs[i].as_ref().unwrap().markdown.clone();
    let end = "\n<!-- end of children -->\n";
    assert_eq!(page(1), format!("# A\n\n- [B](<b.md>)\n{end}"));
    assert_eq!(page(3), "# C\n\n");
    assert_eq!(
        page(0),
        format!("- [A](<a.md>)\n- [C](<c/index.md>)\n- [D](<c/d.md>)\n{end}"),
        "the home page lists the top-level chapters"
    );
    // Without a book, the folders decide.
    let folders = convert_pages(inputs, None, &HugoConfig::default(), &Registry::builtin());
    let page = |i: usize| folders.outputs[i].as_ref().unwrap().markdown.clone();
    assert_eq!(page(1), "# A\n\n");
    assert_eq!(page(3), format!("# C\n\n- [D](<d.md>)\n{end}"));
}

/// Converts a section `c/_index.md` with `text` and two children, by folders.
fn convert_children(text: &str) -> Converted {
    let pages = [
        ("c/_index.md", text),
        ("c/d.md", "---\ntitle: D\ndescription: About D.\n---\n"),
        ("c/e.md", "---\ntitle: E\n---\n"),
    ];
    convert_site_with(&pages, &HugoConfig::default(), None)
}

/// `markdown` as HTML, rendered as mdBook renders it.
fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, mdbook_hugo::markdown::options()),
    );
    html
}

#[test]
fn children_sort_orders_every_level_and_an_unknown_sort_is_a_warning() {
    // By folders, the book's order is the file names': a.md, b.md, c.md.
    let pages = [
        ("s/_index.md", ""),
        (
            "s/a.md",
            "---\ntitle: zebra\ndate: 2024-03-01\n---\nmuch longer text here",
        ),
        (
            "s/b.md",
            "---\ntitle: Apple\ndate: 2024-01-01\n---\nmid text",
        ),
        ("s/c.md", "---\ntitle: mango\ndate: 2023-12-31\n---\n"),
    ];
    let order = |sort: &str| {
        let mut pages = pages;
        let text = format!("{{{{% children sort=\"{sort}\" %}}}}");
        pages[0].1 = &text;
        let converted = convert_site_with(&pages, &HugoConfig::default(), None);
        let page = converted.page(0).to_string();
        let titles: Vec<String> = page
            .lines()
            .filter_map(|l| l.strip_prefix("- ["))
            .map(|l| l.split(']').next().unwrap().to_string())
            .collect();
        (titles.join(" "), converted.problems().len())
    };
    assert_eq!(order("Weight"), ("zebra Apple mango".into(), 0));
    assert_eq!(order("Name"), ("Apple mango zebra".into(), 0));
    assert_eq!(order("title"), ("Apple mango zebra".into(), 0));
    assert_eq!(order("Date"), ("mango Apple zebra".into(), 0));
    assert_eq!(order("length"), ("mango Apple zebra".into(), 0));
    assert_eq!(order("sideways"), ("zebra Apple mango".into(), 1));
    // Titles compare with the language's collation, as Hugo 0.168's `.ByTitle` orders
    // them: `Éclair` between `collection` and `zebra`, not after `Zulu`.
    let accented = [
        ("s/_index.md", "{{% children sort=\"Name\" %}}"),
        ("s/a.md", "---\ntitle: Zulu\n---\n"),
        ("s/b.md", "---\ntitle: Éclair\n---\n"),
        ("s/c.md", "---\ntitle: collection\n---\n"),
        ("s/d.md", "---\ntitle: zebra\n---\n"),
    ];
    let page = convert_site_with(&accented, &HugoConfig::default(), None)
        .page(0)
        .to_string();
    let titles: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix("- ["))
        .filter_map(|l| l.split(']').next())
        .collect();
    assert_eq!(titles, ["collection", "Éclair", "zebra", "Zulu"]);
}

#[test]
fn children_end_their_list_before_an_indented_code_block() {
    // Issue 15: the code block after the list became part of its last item.
    let converted = convert_children("{{% children %}}\n\n\tsome code\n");
    let html = to_html(converted.page(0));
    let list_end = html.find("</ul>").expect("a list");
    let code = html.find("<pre><code>some code").expect("a code block");
    assert!(list_end < code, "{html}");
    assert!(!html[..list_end].contains("some code"), "{html}");
}

#[test]
fn children_as_headings_are_headings_with_one_link() {
    // Issue 15: `## [D](d.md)` is a link inside mdBook's link to the heading.
    let converted = convert_children("{{% children style=\"h2\" description=true %}}");
    let page = converted.page(0);
    assert!(
        page.contains(
            "<h2 class=\"hugo-children-heading\"><a href=\"d.md\">D</a></h2>\n\nAbout D."
        ),
        "{page}"
    );
    assert!(!page.contains("## ["), "{page}");
}

#[test]
fn children_as_cards_are_link_cards_and_an_unknown_type_is_a_warning() {
    let converted = convert_children("{{% children type=\"card\" description=true %}}");
    let page = converted.page(0);
    assert!(page.starts_with("<div class=\"hugo-cards\">\n"), "{page}");
    for (href, title) in [("d.md", "D"), ("e.md", "E")] {
        assert!(
            page.contains(&format!(
                "<a class=\"hugo-card hugo-link-card\" href=\"{href}\">\n<div class=\"hugo-card-main\">\n<div class=\"hugo-card-body\">\n<div class=\"hugo-card-title\">{title}</div>"
            )),
            "{page}"
        );
    }
    assert!(
        page.contains("<div class=\"hugo-card-text\">About D.</div>"),
        "{page}"
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    let list = convert_children("{{% children type=\"list\" %}}");
    assert!(
        list.page(0).starts_with("- [D](<d.md>)\n- [E](<e.md>)\n"),
        "{}",
        list.page(0)
    );
    let odd = convert_children("{{% children type=\"tree\" %}}");
    assert!(odd.page(0).starts_with("- [D](<d.md>)"), "{}", odd.page(0));
    assert_eq!(
        odd.messages(Severity::Warning),
        ["src/c/_index.md:1:1: children: type \"tree\" is not list or card; shown as a list"]
    );
}

/// A temporary book whose root holds `files` (and an empty `src/`).
fn book_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    dir
}

/// Converts `text` as `src/page.md` of the book at `root`.
fn convert_in(root: &Path, text: &str) -> Converted {
    let config = HugoConfig {
        params: site_params(),
        ..HugoConfig::default()
    }
    .with_book_root(root);
    convert_site_with(&[("page.md", text)], &config, Some(root.join("src")))
}

/// Converts one page inside a temporary book whose root holds `files`.
fn convert_in_book(text: &str, files: &[(&str, &str)]) -> (Converted, tempfile::TempDir) {
    let dir = book_with(files);
    (convert_in(dir.path(), text), dir)
}

fn convert(text: &str) -> Converted {
    convert_in_book(text, &[]).0
}

/// Renders converted Markdown as mdBook would and checks the HTML runs no script: no
/// `<script>` element, no event handler attribute, no script URL, no style that loads
/// anything.
fn assert_no_script(markdown: &str) {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, mdbook_hugo::markdown::options()),
    );
    let document = scraper::Html::parse_fragment(&html);
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        assert_ne!(element.name(), "script", "a script element in:\n{html}");
        for (name, value) in element.attrs() {
            let name = name.to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "an event handler `{name}` in:\n{html}"
            );
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "data" | "srcdoc"
            ) {
                assert!(
                    !mdbook_hugo::render::is_script_url(value) && name != "srcdoc",
                    "a script URL in `{name}`: {value:?} in:\n{html}"
                );
            }
            if name == "style" {
                assert!(
                    !value.contains("url(") && !value.contains("expression"),
                    "{html}"
                );
            }
        }
    }
}

#[test]
fn script_urls_are_refused_with_a_warning() {
    let cases = [
        "{{< figure src=\"javascript:alert(1)\" >}}",
        "{{< figure src=\"a.png\" link=\" JaVaScRiPt:alert(1)\" >}}",
        "{{< figure src=\"a.png\" attr=\"x\" attrlink=\"java\tscript:alert(1)\" >}}",
        "{{< figure src=\"a.png\" caption=\"[x](javascript:alert(1))\" >}}",
        "{{< button href=\"javascript:alert(1)\" >}}Go{{< /button >}}",
        "{{< link-card title=\"x\" href=\"vbscript:msgbox\" >}}",
        "{{< iframe src=\"data:text/html,<script>alert(1)</script>\" >}}",
        "{{% blocks/feature title=\"t\" url=\"javascript:alert(1)\" %}}x{{% /blocks/feature %}}",
        "{{< details summary=\"[s](javascript:alert(1))\" >}}x{{< /details >}}",
        "{{< alert title=\"[t](javascript:alert(1))\" >}}x{{< /alert >}}",
        "{{< card title=\"[t](javascript:alert(1))\" >}}x{{< /card >}}",
    ];
    for case in cases {
        let converted = convert(case);
        let page = converted.page(0);
        assert_no_script(page);
        let warnings = converted.messages(Severity::Warning);
        assert!(
            warnings.iter().any(|w| w.contains("refused")),
            "{case}: {warnings:?}\n{page}"
        );
        assert!(
            warnings.iter().all(|w| w.starts_with("src/page.md:1:1:")),
            "located at the shortcode: {warnings:?}"
        );
    }
}

#[test]
fn script_urls_spelled_with_markdown_escapes_stay_harmless() {
    // Markdown decodes entities and backslash escapes in a link destination; the URL that
    // was checked must be the URL that lands in the page.
    for src in [
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "javascript\\:alert(1)",
    ] {
        let converted = convert(&format!("{{{{< iframe src=\"{src}\" >}}}}"));
        assert_no_script(converted.page(0));
    }
    // A raw string may hold a newline, which would end the link and start a new one.
    let converted = convert("{{< iframe src=`https://e.org/\n[x](javascript:alert(1))` >}}");
    assert_no_script(converted.page(0));
}

#[test]
fn a_parameter_rendered_to_html_cannot_end_the_html_block_it_sits_in() {
    // A blank line inside rendered code would end the HTML block around it, and what
    // follows would be read as Markdown: here a script link.
    let code = "~~~\na\n\n[x](javascript:alert(1))\n~~~";
    for case in [
        format!("{{{{< details summary=`{code}` >}}}}body{{{{< /details >}}}}"),
        format!("{{{{< figure src=\"a.png\" caption=`{code}` >}}}}"),
        format!("{{{{< card title=`{code}` >}}}}body{{{{< /card >}}}}"),
        format!("{{{{< tabs >}}}}{{{{< tab `{code}` >}}}}x{{{{< /tab >}}}}{{{{< /tabs >}}}}"),
        format!("{{{{< button href=\"/x\" title=`{code}` />}}}}"),
        // Values written as text or attributes, not Markdown.
        format!("{{{{< figure src=\"a.png\" title=`{code}` alt=`{code}` >}}}}"),
        format!("{{{{< qr text=\"x\" title=`{code}` />}}}}"),
        format!("{{{{< link-card href=\"/x\" title=`{code}` description=`{code}` >}}}}"),
        format!("{{{{< blocks/cover title=`{code}` >}}}}x{{{{< /blocks/cover >}}}}"),
        format!("{{{{< details summary=\"s\" name=`{code}` >}}}}x{{{{< /details >}}}}"),
        // A button sits in a paragraph, where Markdown reads the text between tags.
        "{{< button href=\"/x\" title=\"`[x](javascript:alert(1))`\" />}}".to_string(),
    ] {
        let converted = convert(&case);
        assert_no_script(converted.page(0));
    }
}

#[test]
fn markup_in_parameters_is_escaped_for_its_context() {
    let hostile = "\\\"><script>alert(1)</script><img src=x onerror=alert(1)>";
    let cases = [
        format!(
            "{{{{< figure src=\"a.png\" alt=\"{hostile}\" title=\"{hostile}\" caption=\"{hostile}\" attr=\"{hostile}\" class=\"{hostile}\" width=\"{hostile}\" >}}}}"
        ),
        format!(
            "{{{{< details summary=\"{hostile}\" name=\"{hostile}\" >}}}}x{{{{< /details >}}}}"
        ),
        format!("{{{{< alert title=\"{hostile}\" >}}}}x{{{{< /alert >}}}}"),
        format!("{{{{< tabs >}}}}{{{{< tab \"{hostile}\" >}}}}x{{{{< /tab >}}}}{{{{< /tabs >}}}}"),
        format!(
            "{{{{< cardpane >}}}}{{{{< card header=\"{hostile}\" title=\"{hostile}\" footer=\"{hostile}\" >}}}}x{{{{< /card >}}}}{{{{< /cardpane >}}}}"
        ),
        format!(
            "{{{{< card-grid >}}}}{{{{< card title=\"{hostile}\" icon=\"{hostile}\" color=\"{hostile}\" >}}}}x{{{{< /card >}}}}{{{{< /card-grid >}}}}"
        ),
        format!(
            "{{{{< link-card title=\"{hostile}\" description=\"{hostile}\" href=\"/x\" rel=\"{hostile}\" >}}}}"
        ),
        format!("{{{{< youtube id=\"abc\" title=\"{hostile}\" class=\"{hostile}\" >}}}}"),
        format!(
            "{{{{< iframe src=\"https://e.org\" title=\"{hostile}\" name=\"{hostile}\" style=\"{hostile}\" sub=\"{hostile}\" >}}}}"
        ),
        format!("{{{{< qr text=\"{hostile}\" alt=\"{hostile}\" id=\"{hostile}\" />}}}}"),
        format!(
            "{{{{< button href=\"/x\" class=\"{hostile}\" style=\"{hostile}\" >}}}}{hostile}{{{{< /button >}}}}"
        ),
        format!(
            "{{{{< blocks/cover title=\"{hostile}\" subtitle=\"{hostile}\" color=\"{hostile}\" >}}}}x{{{{< /blocks/cover >}}}}"
        ),
        format!(
            "{{{{% blocks/feature title=\"{hostile}\" icon=\"{hostile}\" url=\"/x\" url_text=\"{hostile}\" %}}}}x{{{{% /blocks/feature %}}}}"
        ),
        format!("{{{{< pageinfo color=\"{hostile}\" >}}}}x{{{{< /pageinfo >}}}}"),
        format!("{{{{< expand \"{hostile}\" >}}}}x{{{{< /expand >}}}}"),
        format!("{{{{< columns ratio=\"{hostile}\" class=\"{hostile}\" >}}}}x{{{{< /columns >}}}}"),
        format!("{{{{< highlight \"{hostile}\" >}}}}x{{{{< /highlight >}}}}"),
    ];
    for case in &cases {
        let converted = convert(case);
        let page = converted.page(0);
        assert_no_script(page);
    }
}

#[test]
fn ids_and_names_that_would_break_a_url_are_errors() {
    for case in [
        "{{< youtube \"abc\\\" onload=\\\"x\" >}}",
        "{{< vimeo \"1/../../x\" >}}",
        "{{< x user=\"a b\" id=\"1\" >}}",
        "{{< tweet \"12x\" >}}",
        "{{< instagram \"a/b\" >}}",
        "{{< gist \"a\" \"b?c\" >}}",
    ] {
        let converted = convert(case);
        assert_eq!(
            converted.messages(Severity::Error).len(),
            1,
            "{case}: {:?}",
            converted.diagnostics
        );
        assert!(!converted.page(0).contains("<iframe"), "{case}");
        assert!(!converted.page(0).contains("href"), "{case}");
    }
}

#[test]
fn files_outside_the_book_cannot_be_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "TOP SECRET").unwrap();
    let secret = outside.path().join("secret.md");
    let secret = secret.to_string_lossy();
    let cases = [
        "{{< readfile file=\"../secret.md\" >}}".to_string(),
        "{{< readfile \"../../../../../../../../etc/passwd\" >}}".to_string(),
        "{{% include \"src/../../secret.md\" %}}".to_string(),
        format!("{{{{% include \"{secret}\" %}}}}"),
        "{{< readfile file=\"/link/secret.md\" >}}".to_string(),
    ];
    let book = book_with(&[("src/ok.md", "fine")]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), book.path().join("link")).unwrap();
    for case in &cases {
        let converted = convert_in(book.path(), case);
        let page = converted.page(0);
        assert!(!page.contains("TOP SECRET"), "{case}: {page}");
        assert!(!page.contains("root:"), "{case}: {page}");
        let errors = converted.messages(Severity::Error);
        assert_eq!(errors.len(), 1, "{case}: {errors:?}");
        assert!(
            errors[0].contains("outside the book's folder") || errors[0].contains("not found"),
            "{case}: {errors:?}"
        );
    }
    let (converted, _book) = convert_in_book(
        "{{< readfile \"ok.md\" >}} {{< readfile \"/src/ok.md\" >}}",
        &[("src/ok.md", "fine")],
    );
    assert_eq!(converted.page(0), "fine\n\nfine\n");
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
}

#[test]
fn a_path_that_climbs_from_the_page_but_stays_in_the_book_is_read() {
    let book = book_with(&[("src/includes/x.md", "shared text")]);
    let config = HugoConfig::default().with_book_root(book.path());
    let converted = convert_site_with(
        &[(
            "what/page.md",
            "{{< readfile \"../includes/x.md\" >}}\n\n{{% include \"../includes/x.md\" %}}",
        )],
        &config,
        Some(book.path().join("src")),
    );
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    assert_eq!(converted.page(0).matches("shared text").count(), 2);
    // From the root of the source folder the same path leads out of the book's folder
    // only when it climbs above the book.
    let converted = convert_site_with(
        &[("what/page.md", "{{< readfile \"../../../x.md\" >}}")],
        &config,
        Some(book.path().join("src")),
    );
    let errors = converted.messages(Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("outside the book's folder"),
        "{errors:?}"
    );
}

#[test]
fn a_file_that_includes_itself_stops_with_an_error() {
    let (converted, _book) = convert_in_book(
        "{{% include \"loop.md\" %}}",
        &[("src/loop.md", "again {{% include \"loop.md\" %}}")],
    );
    let errors = converted.messages(Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("more than 8 levels deep"), "{errors:?}");
    assert!(
        errors[0].starts_with("src/loop.md:1:7:"),
        "located in the file: {errors:?}"
    );
}

#[test]
fn oversized_or_odd_input_never_panics() {
    let long = "x".repeat(8000);
    for case in [
        format!("{{{{< qr text=\"{long}\" />}}}}"),
        "{{< qr />}}".to_string(),
        "{{< qr level=\"ultra\" >}}x{{< /qr >}}".to_string(),
        "{{< highlight go \"hl_lines=99999999999999999999 3-1 ,,,=,linenostart=-1\" >}}x{{< /highlight >}}".to_string(),
        "{{< children depth=-5 style=\"h9\" >}}".to_string(),
        "{{< imgproc \"\" \"Explode\" >}}x{{< /imgproc >}}".to_string(),
        "{{< link-card >}}".to_string(),
        "{{< youtube >}}".to_string(),
        "{{< gist >}}".to_string(),
        "{{< columns >}}<--->\n<--->{{< /columns >}}".to_string(),
        "{{< tabpane >}}{{< /tabpane >}}".to_string(),
        "{{< conditional-text include-if=\"print\" exclude-if=\"print\" >}}x{{< /conditional-text >}}".to_string(),
        "{{< blocks/link-down >}}".to_string(),
        "{{< siteparam \"nope\" >}}{{< siteparam >}}".to_string(),
    ] {
        let converted = convert(&case);
        assert!(
            !converted.problems().is_empty() || !converted.page(0).is_empty(),
            "{case}"
        );
    }
}

/// The conversion warned exactly once, about a refused script URL.
fn assert_one_refused_script_url(converted: &Converted) {
    let warnings = converted.messages(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("refused the script URL"),
        "{warnings:?}"
    );
}

#[test]
fn user_templates_escape_values_and_refuse_script_urls() {
    let (converted, _book) = convert_in_book(
        "{{< card-x title=\"<script>alert(1)</script>\" url=\"javascript:alert(1)\" >}}*hi*{{< /card-x >}}",
        &[(
            "shortcodes/card-x.html",
            "<div title=\"{{ params.title }}\"><a href=\"{{ params.url | safe_url }}\">{{ params.title }}</a>{{ inner_html }}</div>",
        )],
    );
    let page = converted.page(0);
    assert_no_script(page);
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(
        page.contains("<em>hi</em>"),
        "inner_html is already HTML: {page}"
    );
    assert_one_refused_script_url(&converted);
}

#[test]
fn a_markdown_template_cannot_be_given_a_script_link() {
    let (converted, _book) = convert_in_book(
        "{{< say text=\"[click](javascript:alert(1)) and <b>x</b>\" >}}\n\n{{< say text=\"*fine*, [a](https://example.org/)\" >}}",
        &[("shortcodes/say.md", "Said: {{ params.text }}")],
    );
    let page = converted.page(0);
    assert_no_script(page);
    assert!(page.contains("&lt;b&gt;"), "{page}");
    assert!(
        page.contains("Said: *fine*, [a](https://example.org/)"),
        "values without a script link keep their Markdown: {page}"
    );
    assert_one_refused_script_url(&converted);
}

#[test]
fn template_errors_point_at_the_template_and_the_call() {
    let (converted, _book) = convert_in_book(
        "A {{< broken >}} B {{< fails x=1 >}}",
        &[
            ("shortcodes/broken.md", "ok\n{% if %}\n"),
            ("shortcodes/fails.md", "{{ params.x + \"a\" }}"),
        ],
    );
    let errors = converted.messages(Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("shortcodes/broken.md:2:1: shortcode template: syntax error")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("src/page.md:1:20: shortcode template shortcodes/fails.md:1:")),
        "{errors:?}"
    );
}

#[test]
fn aliases_to_nothing_and_clashes_are_config_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("shortcodes")).unwrap();
    std::fs::write(dir.path().join("shortcodes/mine.md"), "mine").unwrap();
    let mut config = HugoConfig::default().with_book_root(dir.path());
    config.aliases.insert(
        "x".into(),
        AliasConfig {
            shortcode: "nothing-here".into(),
            ..AliasConfig::default()
        },
    );
    config.aliases.insert(
        "mine".into(),
        AliasConfig {
            shortcode: "alert".into(),
            ..AliasConfig::default()
        },
    );
    let converted = convert_site_with(&[("page.md", "x")], &config, None);
    let errors = converted.messages(Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("aliases.x") && e.contains("neither a built-in"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("aliases.mine") && e.contains("also a template"))
    );
}

/// The files of the integration book, copied next to its `book.toml`.
fn write_integration_book(root: &Path) {
    let fixture = repo_root().join("tests/fixtures/library-book");
    copy_dir(&fixture, root);
    copy_dir(&repo_root().join("theme"), &root.join("theme"));
    let toml = std::fs::read_to_string(fixture.join("book.toml")).unwrap();
    std::fs::write(root.join("book.toml"), point_at_test_binary(&toml)).unwrap();
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

#[test]
fn a_book_using_every_shortcode_builds_cleanly_with_mdbook() {
    let dir = tempfile::tempdir().unwrap();
    write_integration_book(dir.path());
    let output = mdbook_build(dir.path());
    assert!(output.success, "{}", output.stderr);
    assert_eq!(
        foreign_stderr_lines(&output.stderr),
        [] as [String; 0],
        "no warnings: {}",
        output.stderr
    );
    let book = &output.book_dir;
    let hugo = read(book.join("hugo.html"));
    for expected in [
        "<figure class=\"hugo-figure",
        "title=\"A tooltip\" open=\"\"",
        "class=\"language-go hugo-linenos",
        "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc",
        "https://player.vimeo.com/video/55073825?dnt=1",
        "href=\"https://x.com/SanDiegoZoo/status/1453110110599868418\"",
        "href=\"https://gist.github.com/spf13/7896402#file-img-html\"",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hugo-qr-code\"",
        "href=\"docsy.html#tabs\"",
    ] {
        assert!(hugo.contains(expected), "hugo.html has {expected}");
    }
    let docsy = read(book.join("docsy.html"));
    for expected in [
        "class=\"hugo-cover hugo-cover-primary\"",
        "blockquote-tag-tip",
        "blockquote-tag-caution",
        "class=\"hugo-tabs\"",
        "class=\"hugo-cards\"",
        "class=\"hugo-pageinfo hugo-pageinfo-warning\"",
        "Shown for the print build.",
        "<span class=\"fa-svg\"",
    ] {
        assert!(docsy.contains(expected), "docsy.html has {expected}");
    }
    assert!(!docsy.contains("Hidden for the print build."));
    let relearn = read(book.join("relearn/index.html"));
    assert!(
        relearn.contains("<a href=\"first.html\">First child</a>"),
        "children link to the SUMMARY's sub-chapters"
    );
    assert!(
        relearn.contains("Shared text from the book"),
        "include reads from the book's root"
    );
    let doks = read(book.join("doks.html"));
    assert!(
        doks.contains("class=\"hugo-card hugo-link-card\" href=\"hugo.html\""),
        "link cards link to chapters"
    );
    let user = read(book.join("user.html"));
    assert!(
        user.contains("class=\"note-box note-box-info\""),
        "the book's template rendered"
    );
    assert!(
        user.contains("blockquote-tag-note"),
        "the alias rendered as an alert"
    );
    for page in [
        "hugo.html",
        "docsy.html",
        "hugobook.html",
        "relearn/index.html",
        "doks.html",
        "user.html",
    ] {
        let html = read(book.join(page));
        assert!(
            !html.contains("{{&lt;") && !html.contains("{{<") && !html.contains("{{%"),
            "no shortcode left in {page}"
        );
    }
    let docs = search_docs(book);
    assert!(
        urls_containing(&docs, "pnpmsearchable")
            .iter()
            .any(|u| u.starts_with("doks.html")),
        "every tab panel is in the search index"
    );
    let print = read(book.join("print.html"));
    assert!(print.contains("pnpmsearchable"), "tab panels are printed");
    let mut ids: Vec<&str> = print
        .match_indices(" id=\"")
        .map(|(at, m)| {
            let rest = &print[at + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .filter(|id| id.starts_with("hugo-"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert!(count > 10, "the print page holds the tabs' ids");
    assert_eq!(ids.len(), count, "no id appears twice on the print page");
}

/// Chapters made of the library's shortcodes with generated words.
fn library_chapter() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let word = "[a-z]{1,8}";
    let words = prop::collection::vec(word, 1..5).prop_map(|w| w.join(" "));
    let block = prop_oneof![
        words.clone().prop_map(|w| format!("{w}\n")),
        words.clone().prop_map(|w| format!("{{{{< figure src=\"/sunset.svg\" caption=\"*{w}*\" title=\"{w}\" >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< highlight go \"linenos=true,hl_lines=1\" >}}}}\n{w}\n{{{{< /highlight >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< youtube id=\"abc\" title=\"{w}\" >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< x user=\"a\" id=\"1\" >}}}}\n{w}\n")),
        words.clone().prop_map(|w| format!("{{{{< qr text=\"{w}\" />}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< pageinfo >}}}}\n{w}\n{{{{< /pageinfo >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< tabpane lang=\"go\" >}}}}\n{{{{< tab \"{w}\" >}}}}\n{w}\n{{{{< /tab >}}}}\n{{{{< /tabpane >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< cardpane >}}}}\n{{{{< card header=\"{w}\" >}}}}\n{w}\n{{{{< /card >}}}}\n{{{{< /cardpane >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< card-grid >}}}}\n{{{{< card title=\"{w}\" icon=\"rocket\" >}}}}{w}{{{{< /card >}}}}\n{{{{< link-card title=\"{w}\" href=\"/guide/\" >}}}}\n{{{{< /card-grid >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{% blocks/section type=\"row\" %}}}}\n{{{{% blocks/feature title=\"{w}\" url=\"/guide/\" %}}}}\n{w}\n{{{{% /blocks/feature %}}}}\n{{{{% /blocks/section %}}}}\n{{{{< blocks/link-down >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< blocks/cover title=\"{w}\" >}}}}\n{w}\n{{{{< /blocks/cover >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{% columns %}}}}\n{w}\n<--->\n{w}\n{{{{% /columns %}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< button href=\"/guide/\" >}}}}{w}{{{{< /button >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{% steps %}}}}\n1. {w}\n2. {w}\n{{{{% /steps %}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{% expand \"{w}\" %}}}}\n{w}\n{{{{% /expand %}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{% notice tip \"{w}\" %}}}}\n{w}\n{{{{% /notice %}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< callout context=\"caution\" title=\"{w}\" >}}}}\n{w}\n{{{{< /callout >}}}}\n")),
        Just("{{% children depth=2 description=true %}}\n".to_string()),
        words.prop_map(|w| format!("{{{{< details \"{w}\" open >}}}}\n{w}\n{{{{< /details >}}}}\n")),
    ];
    prop::collection::vec(block, 0..8)
        .prop_map(|blocks| format!("---\ntitle: Generated\n---\n\n{}", blocks.join("\n")))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn converting_generated_library_pages_twice_changes_nothing(text in library_chapter()) {
        let site = |page: &str| {
            let pages = [
                ("_index.md", "home"),
                ("guide/_index.md", "---\ntitle: Guide\n---\n"),
                ("guide/page.md", page),
                ("guide/child.md", "---\ntitle: Child\ndescription: A child.\n---\n"),
            ];
            let config = library_config(false);
            let converted = convert_site_with(&pages, &config, Some(fixture_root().join("src")));
            (converted.page(2).to_string(), converted.messages(Severity::Error).is_empty())
        };
        let (once, ok) = site(&text);
        proptest::prop_assume!(ok);
        let (twice, _) = site(&once);
        proptest::prop_assert_eq!(twice, once);
    }
}
