//! `mdbook-hugo redirects`: the `[output.html.redirect]` table of book.toml agrees with the
//! content, a disagreeing one fails `--check` with the differences, `--write` repairs it
//! keeping the rest of book.toml, and the built book answers every old Hugo URL.

mod common;

use common::book::{copy_repo_book, mdbook_build};
use common::repo_root;
use std::path::Path;
use std::process::{Command, Output};

fn redirects(args: &[&str], book_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
        .arg("redirects")
        .args(args)
        .arg(book_dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// This is the test that fails when book.toml and the content disagree.
#[test]
fn the_repository_book_toml_agrees_with_the_content() {
    let output = redirects(&["--check"], &repo_root());
    assert!(
        output.status.success(),
        "book.toml's redirects disagree with book-src/ (run `cargo run -- redirects --write`):\n{}",
        stderr(&output)
    );
    let computed = mdbook_hugo::redirects::for_book(&repo_root()).unwrap();
    assert!(
        computed.warnings.is_empty(),
        "old URLs that cannot redirect: {:?}",
        computed.warnings
    );
    let from: Vec<&str> = computed.entries.iter().map(|r| r.from.as_str()).collect();
    assert!(
        from.contains(&"/what/roles/index.html"),
        "the roles chapter's pretty URL redirects: {from:?}"
    );
}

/// A small book whose `book.toml` says other redirects than its content needs.
fn disagreeing_book(dir: &Path) -> String {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("what")).unwrap();
    std::fs::write(
        src.join("SUMMARY.md"),
        "# Summary\n\n[Home](_index.md)\n\n- [What](what/_index.md)\n    - [Roles](what/roles.md)\n",
    )
    .unwrap();
    std::fs::write(src.join("_index.md"), "---\ntitle: Home\n---\nHi.\n").unwrap();
    std::fs::write(src.join("what/_index.md"), "---\ntitle: What\n---\nW.\n").unwrap();
    std::fs::write(
        src.join("what/roles.md"),
        "---\ntitle: Roles\naliases: [/roles/]\n---\nR.\n",
    )
    .unwrap();
    let toml = format!(
        "[book]\ntitle = \"T\"   # a comment kept as written\nsrc = \"src\"\n\n\
         {}\n[output.html.redirect]\n\"/what/roles/index.html\" = \"../old.html\"\n\
         \"/gone/index.html\" = \"../gone.html\"\n{}\n\n[output.html]\nsite-url = \"/x/\"\n",
        mdbook_hugo::redirects::BEGIN_MARKER,
        mdbook_hugo::redirects::END_MARKER
    );
    std::fs::write(dir.join("book.toml"), &toml).unwrap();
    toml
}

#[test]
fn check_fails_with_the_differences_and_write_repairs_only_the_block() {
    let dir = tempfile::tempdir().unwrap();
    let before = disagreeing_book(dir.path());

    let check = redirects(&["--check"], dir.path());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let message = stderr(&check);
    for line in [
        "- \"/gone/index.html\" = \"../gone.html\"",
        "- \"/what/roles/index.html\" = \"../old.html\"",
        "+ \"/roles/index.html\" = \"../what/roles.html\"",
        "+ \"/what/roles/index.html\" = \"../roles.html\"",
        "redirects --write",
    ] {
        assert!(message.contains(line), "missing {line:?} in:\n{message}");
    }

    let printed = redirects(&[], dir.path());
    assert!(printed.status.success());
    let block = String::from_utf8(printed.stdout).unwrap();
    assert!(
        block.starts_with(mdbook_hugo::redirects::BEGIN_MARKER),
        "{block}"
    );

    let write = redirects(&["--write"], dir.path());
    assert!(write.status.success(), "{}", stderr(&write));
    let after = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let start = before.find(mdbook_hugo::redirects::BEGIN_MARKER).unwrap();
    let end = before.find(mdbook_hugo::redirects::END_MARKER).unwrap()
        + mdbook_hugo::redirects::END_MARKER.len()
        + 1;
    assert_eq!(
        after,
        format!("{}{block}{}", &before[..start], &before[end..]),
        "only the generated block changes"
    );
    let again = redirects(&["--check"], dir.path());
    assert!(again.status.success(), "{}", stderr(&again));

    let both = redirects(&["--check", "--write"], dir.path());
    assert!(
        !both.status.success(),
        "--check and --write exclude each other"
    );
}

#[test]
fn the_built_book_has_a_redirect_page_for_every_old_url() {
    let dir = tempfile::tempdir().unwrap();
    copy_repo_book(dir.path());
    let build = mdbook_build(dir.path());
    assert!(build.success, "{}", build.stderr);
    let computed = mdbook_hugo::redirects::for_book(dir.path()).unwrap();
    assert!(!computed.entries.is_empty());
    for redirect in &computed.entries {
        let file = build.book_dir.join(redirect.from.trim_start_matches('/'));
        let html = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("no redirect page {}", file.display()));
        let refresh = format!("content=\"0; URL={}\"", redirect.to);
        assert!(
            html.contains(&refresh),
            "{} does not refresh to {}",
            file.display(),
            redirect.to
        );
        let target = file.parent().unwrap().join(&redirect.to);
        let chapter = std::fs::read_to_string(&target)
            .unwrap_or_else(|_| panic!("{} leads to a missing {}", redirect.from, redirect.to));
        assert!(
            chapter.contains("<main>"),
            "{} leads to {}, which is not a chapter",
            redirect.from,
            target.display()
        );
    }
}
