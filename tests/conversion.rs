//! Page conversion: the seed's snapshot and behaviour checks (the golden pairs are in
//! `tests/golden.rs`).

mod common;

use common::{
    assert_snapshot, convert_one, convert_site, convert_site_with, repo_root,
    snapshot_with_diagnostics,
};
use mdbook_hugo::{HugoConfig, Severity};
use std::path::Path;

/// Every `.md` under `dir`, as (path relative to `dir`, text), sorted.
fn load_site(dir: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("SUMMARY.md") {
                let relative = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut pages = Vec::new();
    walk(dir, dir, &mut pages);
    pages.sort();
    pages
}

/// Converts a site from disk; returns each page's output with its diagnostics appended.
fn convert_dir(dir: &Path) -> Vec<(String, String)> {
    let pages = load_site(dir);
    let borrowed: Vec<(&str, &str)> = pages
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let conversion = convert_site_with(&borrowed, &HugoConfig::default(), Some(dir.to_path_buf()));
    pages
        .iter()
        .zip(&conversion.outputs)
        .map(|((path, _), output)| {
            let text = output
                .as_ref()
                .map_or("(left out)".to_string(), |o| o.markdown.clone());
            let display = format!("src/{path}");
            let diagnostics = conversion.diagnostics.iter();
            let own = diagnostics.filter(|d| d.file == Path::new(&display));
            (path.clone(), snapshot_with_diagnostics(text, own))
        })
        .collect()
}

#[test]
fn seed_home_page_snapshot() {
    let src = repo_root().join("book-src");
    use sha2::{Digest, Sha256};
    let seed = std::fs::read(repo_root().join("book-src/_index.md")).unwrap();
    // The SHA-256 of ../shared/seeds/000_ff53773a47aa9d65.txt, so the check holds where
    // shared/ is not beside the clone; where it is, the bytes are compared too.
    let digest: String = Sha256::digest(&seed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest, "bb78ec720d6e5a4d5b3d6275b9d7f966bd5b22c32d962a2828d86880015c0ccc",
        "book-src/_index.md must be the seed byte for byte"
    );
    let shared = repo_root().join("../shared/seeds/000_ff53773a47aa9d65.txt");
    if let Ok(original) = std::fs::read(&shared) {
        assert_eq!(
            seed, original,
            "book-src/_index.md must be the seed byte for byte"
        );
    }
    let outputs = convert_dir(&src);
    let (_, home) = outputs.iter().find(|(p, _)| p == "_index.md").unwrap();
    assert_snapshot("seed-home.md", home);
}

#[test]
fn the_seed_comes_out_as_the_issue_asks() {
    let outputs = convert_dir(&repo_root().join("book-src"));
    let (_, home) = outputs.iter().find(|(p, _)| p == "_index.md").unwrap();
    assert!(
        home.starts_with("# On being a Technical Program Manager\n"),
        "{home}"
    );
    assert!(!home.contains("date:") && !home.contains("{{<") && !home.contains("fa-2x"));
    assert!(home.contains("<div class=\"hugo-lead\">"));
    assert!(home.contains("[here](what/roles.md#pgm-and-tpm)"));
    assert_eq!(
        home.matches("<a class=\"hugo-card\" href=\"what/index.md\">")
            .count(),
        1
    );
    assert_eq!(
        home.matches("<a class=\"hugo-card\" href=\"how/index.md\">")
            .count(),
        1
    );
    assert!(
        home.contains("fa-solid fa-users-gear") && home.contains("fa-solid fa-diagram-project")
    );
    assert!(
        !home.contains("<!-- diagnostics"),
        "no diagnostics on the seed: {home}"
    );
}

#[test]
fn unknown_shortcodes_stay_visible_with_a_located_warning() {
    let converted = convert_one("---\ntitle: T\n---\nA {{< mystery x=1 >}}in{{< /mystery >}} b\n");
    assert!(
        converted
            .page(0)
            .contains("A {{< mystery x=1 >}}in{{< /mystery >}} b")
    );
    assert_eq!(
        converted.problems(),
        ["src/page.md:4:3: unknown shortcode \"mystery\": left in the page as written"]
    );
}

#[test]
fn strict_turns_warnings_into_errors() {
    let config = HugoConfig {
        strict: true,
        ..HugoConfig::default()
    };
    let converted = convert_site_with(&[("page.md", "{{< mystery >}}")], &config, None);
    assert_eq!(converted.messages(Severity::Error).len(), 1);
    assert!(converted.messages(Severity::Warning).is_empty());
    let conversion = mdbook_hugo::convert::convert_pages(
        common::page_inputs(&[("page.md", "{{< mystery >}}")]),
        None,
        &config,
        &mdbook_hugo::render::Registry::builtin(),
    );
    assert_eq!(
        conversion.diagnostics.summary(true),
        "mdbook-hugo found 1 error and 0 warnings (warnings are errors because `strict` is on)"
    );
}

#[test]
fn inline_shortcodes_render_nothing_with_a_warning() {
    let converted = convert_one("a{{< now.inline >}}{{ now }}{{< /now.inline >}}b");
    assert_eq!(converted.page(0), "ab");
    assert!(converted.problems()[0].contains("inline shortcode \"now.inline\" is disabled"));
}

#[test]
fn drafts_are_left_out_unless_kept() {
    let pages = [("a.md", "---\ndraft: true\n---\nx"), ("b.md", "[a](/a/)")];
    let converted = convert_site(&pages);
    assert!(converted.outputs[0].is_none());
    assert!(converted.messages(Severity::Note)[0].contains("draft page left out"));
    // The draft is not in the URL map either, so the link to it is dead.
    assert!(converted.problems()[0].contains("link to `/a/` does not lead to any page"));
    let keep = HugoConfig {
        keep_drafts: true,
        ..HugoConfig::default()
    };
    let kept = convert_site_with(&pages, &keep, None);
    assert_eq!(kept.page(0), "x");
    assert_eq!(kept.page(1), "[a](a.md)");
}

#[test]
fn ref_not_found_and_param_not_found_are_located_errors() {
    let converted = convert_one("x\n[a]({{< relref \"missing.md\" >}}) {{< param nope >}}");
    assert_eq!(
        converted.messages(Severity::Error),
        [
            "src/page.md:2:5: REF_NOT_FOUND: Ref \"missing.md\": page not found",
            "src/page.md:2:34: Param \"nope\" not found",
        ]
    );
}

#[test]
fn malformed_front_matter_is_an_error_at_its_line() {
    let converted = convert_one("---\ntitle: ok\nlist: [a, b\n---\nbody");
    let errors = converted.messages(Severity::Error);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("src/page.md:"), "{}", errors[0]);
    assert!(
        errors[0].contains("invalid YAML front matter"),
        "{}",
        errors[0]
    );
    let line: usize = errors[0].split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (2..=4).contains(&line),
        "the error points into the front matter: {}",
        errors[0]
    );
}

#[test]
fn a_parse_error_is_reported_with_hugos_words_and_position() {
    let converted = convert_one("---\ntitle: x\n---\n\n{{< alert >}}\nno end");
    assert_eq!(
        converted.messages(Severity::Error),
        [
            "src/page.md:5:1: failed to extract shortcode: shortcode \"alert\" must be closed or self-closed"
        ]
    );
}

#[test]
fn one_bad_chapter_does_not_hide_the_others() {
    let converted = convert_site(&[
        ("a.md", "{{< /x >}}"),
        ("b.md", "{{< y >}}"),
        ("c.md", "[z](/nope/)"),
    ]);
    assert_eq!(converted.problems().len(), 3, "{:?}", converted.problems());
}

#[test]
fn section_pages_and_bundles_get_index_paths() {
    let converted = convert_site(&[
        ("_index.md", "[w](/what/) [b](/bundle/) [r](/what/roles/)"),
        ("what/_index.md", "[home](/) [r](roles.md) [up](/)"),
        ("what/roles.md", "[s](/what/)"),
        ("bundle/index.md", ""),
    ]);
    let paths: Vec<_> = converted
        .outputs
        .iter()
        .map(|o| o.as_ref().unwrap().output_path.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "index.md",
            "what/index.md",
            "what/roles.md",
            "bundle/index.md"
        ]
    );
    assert_eq!(
        converted.page(0),
        "[w](what/index.md) [b](bundle/index.md) [r](what/roles.md)"
    );
    assert_eq!(
        converted.page(1),
        "[home](../index.md) [r](roles.md) [up](../index.md)"
    );
    assert_eq!(converted.page(2), "[s](index.md)");
}

/// pulldown-cmark keeps reference definitions in a hash map, whose order changes from run
/// to run: their warnings must still come in the order of the page.
#[test]
fn dead_reference_definitions_are_reported_in_page_order() {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let uses: String = names.iter().map(|n| format!("[{n}] ")).collect();
    let definitions: String = names
        .iter()
        .map(|n| format!("[{n}]: /gone-{n}/\n"))
        .collect();
    let converted = convert_one(&format!("{uses}\n\n{definitions}"));
    let expected: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(line, n)| {
            format!(
                "src/page.md:{}:6: link to `/gone-{n}/` does not lead to any page or file of the book",
                line + 3
            )
        })
        .collect();
    assert_eq!(converted.problems(), expected);
}

#[test]
fn a_dead_card_link_is_reported_where_it_is_written() {
    let page = "<div class=\"card\">\n<div class=\"card-body\">\n<h5 class=\"card-title\">T</h5>\n<a href=\"/gone/\" class=\"stretched-link\"></a>\n</div>\n</div>\n";
    let converted = convert_one(page);
    assert_eq!(
        converted.problems(),
        ["src/page.md:4:10: link to `/gone/` does not lead to any page or file of the book"]
    );
    assert!(
        converted
            .page(0)
            .contains("<a class=\"hugo-card\" href=\"/gone/\">")
    );
}

#[test]
fn a_card_whose_image_has_a_size_is_left_as_written() {
    // Docsy's `imgproc` writes the processed image's size; the card DOM has no room for it.
    let page = "<figure class=\"card rounded\" style=\"max-width: 410px\">\n<img class=\"card-img-top\" src=\"a.png\" width=\"400\" height=\"450\">\n</figure>\n";
    let converted = convert_one(page);
    assert!(
        converted.problems().is_empty(),
        "{:?}",
        converted.problems()
    );
    assert_eq!(converted.page(0), page);
    // Without a size, the same card becomes a book card.
    let unsized_card = page.replace(" width=\"400\" height=\"450\"", "");
    let converted = convert_one(&unsized_card);
    assert!(
        converted
            .page(0)
            .contains("<img class=\"hugo-card-img\" src=\"a.png\""),
        "{}",
        converted.page(0)
    );
}

#[test]
fn a_card_with_two_titles_or_two_images_loses_neither() {
    // Docsy's `card` template: the subtitle is a second `card-title`, and the footer holds a
    // signature image (docsy.dev's card-pane example lost "*1732 †1799" and the signature).
    let card = |footer: &str| {
        format!(
            "<div class=\"td-card card border me-4\">\n<div class=\"card-header\">George Washington</div>\n\
             <div class=\"card-body\">\n<h5 class=\"card-title\">1732 to 1799</h5>\n\
             <h6 class=\"card-title ms-2\">President: 1789 to 1797</h6>\n</div>\n{footer}</div>\n"
        )
    };
    let converted = convert_one(&card(""));
    let page = converted.page(0);
    assert!(page.contains("hugo-card"), "{page}");
    assert!(
        page.contains("1732 to 1799") && page.contains("President: 1789 to 1797"),
        "{page}"
    );
    let with_images = card(
        "<img class=\"card-img-top\" src=\"portrait.jpg\" alt=\"portrait\">\n\
         <div class=\"card-footer\"><img src=\"signature.png\" alt=\"Signature\"></div>\n",
    );
    let converted = convert_one(&with_images);
    let page = converted.page(0);
    assert!(
        page.contains("portrait.jpg") && page.contains("signature.png"),
        "{page}"
    );
}

#[test]
fn a_private_use_character_in_the_source_is_kept_as_it_is() {
    // U+E000 is what the renderer marks escapes with; one the author wrote is just text.
    for text in [
        "\u{E000}",
        "a\u{E000}é b",
        "# T\n\u{E000}",
        "[a](/a/)\n\u{E000}",
        "x\u{E000}y {{</* z */>}}",
    ] {
        let converted = convert_site(&[("page.md", text), ("a.md", "")]);
        let out = converted.page(0);
        assert_eq!(out.matches('\u{E000}').count(), 1, "{text:?} -> {out:?}");
    }
    let converted = convert_one("x\u{E000}y {{</* z */>}}");
    assert_eq!(converted.page(0), "x\u{E000}y {{&lt; z >}}");
}

#[test]
fn site_links_are_fixed_however_their_destination_is_spaced() {
    // Nothing else on these pages calls for the Markdown pass.
    for (text, expected) in [
        ("[a][r]\n\n[r]: </b/>\n", "[a][r]\n\n[r]: <b.md>\n"),
        ("[a][r]\n\n[r]:\t/b/\n", "[a][r]\n\n[r]:\tb.md\n"),
        ("[a][r]\n\n[r]:\n  /b/\n", "[a][r]\n\n[r]:\n  b.md\n"),
        ("[a](\n/b/)\n", "[a](\nb.md)\n"),
        ("[a](  </b/>)\n", "[a](  <b.md>)\n"),
    ] {
        let converted = convert_site(&[("page.md", text), ("b.md", "")]);
        assert_eq!(converted.page(0), expected, "{text:?}");
    }
    let converted = convert_one("[a][r]\n\n[r]: </gone/>\n");
    assert_eq!(
        converted.problems().len(),
        1,
        "{text:?}",
        text = converted.page(0)
    );
}

/// A relative link to a Markdown file that is neither a chapter nor a file of the book is
/// reported (mdBook would write a link to nothing), a draft left out counts as missing,
/// and section files name the folder's index chapter.
#[test]
fn relative_links_to_missing_markdown_files_are_reported() {
    let src = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(src.path().join("a")).unwrap();
    std::fs::write(src.path().join("notes.md"), "not a chapter").unwrap();
    let pages = [
        (
            "a/_index.md",
            "[up](../b.md) [gone](../c.md) [notes](../notes.md#x)",
        ),
        (
            "b.md",
            "[a](a/README.md) [a2](a/_index.md) [typo](a/rols.md) [web](x.html)",
        ),
        ("draft.md", "---\ndraft: true\n---\nLeft out."),
        ("c2.md", "[draft](draft.md)"),
    ];
    std::fs::write(src.path().join("draft.md"), "on disk").unwrap();
    let converted = convert_site_with(&pages, &HugoConfig::default(), Some(src.path().into()));
    let problems = converted.problems();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[2].contains("link to `draft.md` does not lead"),
        "{problems:?}"
    );
    assert!(
        problems[0].contains("link to `../c.md` does not lead"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("link to `a/rols.md` does not lead"),
        "{problems:?}"
    );
    // Without a book folder (a page converted on its own) nothing can be known.
    let alone = convert_site(&[("b.md", "[typo](a/rols.md)")]);
    assert!(alone.problems().is_empty());
}
