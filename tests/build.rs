//! Whole books built by the real mdBook: in-process through `mdbook-driver`, and by the
//! `mdbook` binary through the command in `book.toml`.

mod common;

use common::book::{
    copy_repo_book, foreign_stderr_lines, html_files, mdbook_build, point_at_test_binary,
};
use common::search::{search_docs, urls_containing};
use mdbook_driver::MDBook;
use mdbook_hugo::HugoPreprocessor;
use std::path::Path;

const BOOK_TOML: &str = r#"[book]
title = "Test book"
src = "src"

[preprocessor.hugo]
command = "mdbook-hugo"
after = ["links", "index"]

[output.html]
additional-css = ["hugo.css"]
"#;

/// Writes a small Hugo-flavoured book into `root`.
fn write_test_book(root: &Path, extra: &[(&str, &str)]) {
    let files: &[(&str, &str)] = &[
        ("book.toml", &point_at_test_binary(BOOK_TOML)),
        ("hugo.css", "/* test */"),
        (
            "src/SUMMARY.md",
            "# Summary\n\n[Home](_index.md)\n\n- [What](what/_index.md)\n    - [Roles](what/roles.md)\n- [Included](included.md)\n- [Draft](draft.md)\n",
        ),
        (
            "src/_index.md",
            "---\ntitle: Test home\n---\n\n{{< lead >}}\nA zanzibar lead.\n{{< /lead >}}\n\nSee [the roles](/what/roles/#pgm-and-tpm).\n\n<div class=\"row\"><div class=\"col\"><div class=\"card\"><div class=\"card-body\"><span class=\"fas fa-cog fa-2x\"></span><h5 class=\"card-title\">What</h5><p class=\"card-text\">Quokka card text.<a class=\"stretched-link\" href=\"/what\"></a></p></div></div></div></div>\n",
        ),
        (
            "src/what/_index.md",
            "---\ntitle: What\n---\n\n{{< alert title=\"T\" color=\"info\" >}}\nBody.\n{{< /alert >}}\n",
        ),
        (
            "src/what/roles.md",
            "---\ntitle: Roles\n---\n\n## PgM and TPM\n\nBack [home](/).\n",
        ),
        ("src/included.md", "{{#include snippet.txt}}\n"),
        (
            "src/snippet.txt",
            "{{< hint warning >}}\nIncluded hint.\n{{< /hint >}}\n",
        ),
        (
            "src/draft.md",
            "---\ntitle: Draft\ndraft: true\n---\nHidden.\n",
        ),
    ];
    for (path, text) in files.iter().chain(extra) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// What both builds must produce.
fn assert_test_book_output(book: &Path) {
    let home = read(book.join("index.html"));
    assert!(
        home.contains("<h1 id=\"test-home\">"),
        "H1 from the front matter title"
    );
    assert!(home.contains("class=\"hugo-lead\""));
    assert!(home.contains("href=\"what/roles.html#pgm-and-tpm\""));
    assert!(
        home.contains("<a class=\"hugo-card\" href=\"what/index.html\">"),
        "the card is one relative link"
    );
    assert!(
        home.contains("<span class=\"fa-svg hugo-icon-2x\""),
        "the icon became mdBook's inline SVG"
    );
    assert!(!home.contains("{{<") && !home.contains("fa-2x") && !home.contains("title: Test home"));
    assert!(read(book.join("what/index.html")).contains("blockquote-tag-note"));
    assert!(read(book.join("what/roles.html")).contains("id=\"pgm-and-tpm\""));
    let included = read(book.join("included.html"));
    assert!(
        included.contains("blockquote-tag-warning"),
        "runs after `links`, so included shortcodes convert"
    );
    assert!(!book.join("draft.html").exists(), "drafts are left out");
    let docs = search_docs(book);
    assert!(
        urls_containing(&docs, "zanzibar")
            .iter()
            .any(|u| u.starts_with("index.html"))
    );
    assert!(
        urls_containing(&docs, "quokka")
            .iter()
            .any(|u| u.starts_with("index.html"))
    );
}

#[test]
fn builds_in_process_through_mdbook_driver() {
    let dir = tempfile::tempdir().unwrap();
    write_test_book(dir.path(), &[]);
    let mut book = MDBook::load(dir.path()).unwrap();
    book.with_preprocessor(HugoPreprocessor::new());
    book.build().unwrap();
    assert_test_book_output(&dir.path().join("book"));
}

#[test]
fn builds_with_the_mdbook_binary_and_matches_the_in_process_build() {
    let dir = tempfile::tempdir().unwrap();
    write_test_book(dir.path(), &[]);
    let output = mdbook_build(dir.path());
    assert!(output.success, "{}", output.stderr);
    assert_eq!(
        foreign_stderr_lines(&output.stderr),
        [
            "note: draft page left out of the book (set `keep-drafts = true` in [preprocessor.hugo] to keep drafts)",
            " --> src/draft.md"
        ],
        "only the draft note besides mdBook's INFO lines"
    );
    assert_test_book_output(&output.book_dir);

    let in_process = tempfile::tempdir().unwrap();
    write_test_book(in_process.path(), &[]);
    let mut book = MDBook::load(in_process.path()).unwrap();
    book.with_preprocessor(HugoPreprocessor::new());
    book.build().unwrap();
    for page in [
        "index.html",
        "what/index.html",
        "what/roles.html",
        "included.html",
    ] {
        let binary_main = main_content(&read(output.book_dir.join(page)));
        let driver_main = main_content(&read(in_process.path().join("book").join(page)));
        assert!(
            binary_main == driver_main,
            "{page} has the same content either way"
        );
    }
}

#[test]
fn a_malformed_shortcode_fails_the_build_with_a_located_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write_test_book(
        dir.path(),
        &[(
            "src/what/roles.md",
            "---\ntitle: Roles\n---\n\nText {{< details summary=\"x\" >}}\nnever closed\n",
        )],
    );
    let output = mdbook_build(dir.path());
    assert!(!output.success);
    assert!(
        output.stderr.contains("error: failed to extract shortcode: shortcode \"details\" must be closed or self-closed"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("--> src/what/roles.md:5:6"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);

    let mut book = MDBook::load(dir.path()).unwrap();
    book.with_preprocessor(HugoPreprocessor::new());
    let error = format!("{:#}", book.build().unwrap_err());
    assert!(error.contains("mdbook-hugo found 1 error"), "{error}");
}

#[test]
fn the_repository_book_builds_cleanly_and_keeps_its_promises() {
    let dir = tempfile::tempdir().unwrap();
    copy_repo_book(dir.path());
    let output = mdbook_build(dir.path());
    assert!(output.success, "{}", output.stderr);
    assert_eq!(
        foreign_stderr_lines(&output.stderr),
        [] as [String; 0],
        "only mdBook's INFO lines: {}",
        output.stderr
    );
    let book = &output.book_dir;
    let home = read(book.join("index.html"));
    assert!(home.contains("<h1 id=\"on-being-a-technical-program-manager\">"));
    assert!(home.contains("class=\"hugo-lead\""));
    assert_eq!(home.matches("class=\"hugo-card\"").count(), 2);
    assert!(home.contains("<a class=\"hugo-card\" href=\"what/index.html\">"));
    assert!(home.contains("<a class=\"hugo-card\" href=\"how/index.html\">"));
    assert_eq!(
        home.matches("<span class=\"fa-svg hugo-icon-2x\"").count(),
        2
    );
    assert!(home.contains("<a href=\"what/roles.html#pgm-and-tpm\">here</a>"));
    assert!(read(book.join("what/roles.html")).contains("id=\"pgm-and-tpm\""));
    for entry in html_files(book) {
        let html = read(&entry);
        assert!(
            !html.contains("{{&lt;") && !html.contains("{{<"),
            "no shortcode left in {}",
            entry.display()
        );
        assert!(!html.contains("fa-2x"), "no fa-2x in {}", entry.display());
    }
    let docs = search_docs(book);
    for word in [
        "tangible",
        "scalable",
        "different from other leads",
        "successful at your job",
    ] {
        assert!(
            urls_containing(&docs, word)
                .iter()
                .any(|u| u.starts_with("index.html")),
            "search finds {word:?} on the home page"
        );
    }
}

/// The chapter content of a built page (`<main>`), without the theme around it.
fn main_content(html: &str) -> String {
    let start = html.find("<main>").expect("a <main> element");
    let end = html.find("</main>").expect("a </main> element");
    html[start..end].to_string()
}

/// A problem in `{{#include}}`d text is reported at the included file's line, and one
/// after the include at the chapter's own line, in the build and in `check` alike.
#[test]
fn a_problem_in_included_text_is_reported_in_the_included_file() {
    let dir = tempfile::tempdir().unwrap();
    write_test_book(
        dir.path(),
        &[
            (
                "src/included.md",
                "Intro\n\n{{#include snippet.txt}}\n\nAfter {{< unknown-after >}}\n",
            ),
            ("src/snippet.txt", "first line\n{{< unknown-inside >}}\n"),
        ],
    );
    let output = mdbook_build(dir.path());
    assert!(output.success, "{}", output.stderr);
    for stderr in [output.stderr, check_stderr(dir.path())] {
        assert!(stderr.contains("--> src/snippet.txt:2:1"), "{stderr}");
        assert!(stderr.contains("--> src/included.md:5:7"), "{stderr}");
    }
}

fn check_stderr(root: &Path) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
        .args(["check", root.to_str().unwrap()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The user guide (`docs/`, a plain mdBook published beside the TPM guide) builds with no
/// warning, and its shortcode chapter is the reference the tests keep complete.
#[test]
fn the_user_guide_builds_cleanly() {
    let root = common::repo_root();
    let out = tempfile::tempdir().unwrap();
    let output = std::process::Command::new("mdbook")
        .args(["build", "docs", "-d"])
        .arg(out.path())
        .current_dir(&root)
        .output()
        .expect("mdbook runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(foreign_stderr_lines(&stderr), [] as [String; 0], "{stderr}");
    let shortcodes = std::fs::read_to_string(out.path().join("shortcodes.html")).unwrap();
    assert!(
        shortcodes.contains("{{&lt; alert"),
        "the reference is included"
    );
}
