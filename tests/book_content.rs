//! The book itself: enough chapters and words, every chapter with front matter and takeaways
//! (section index pages need none), every diagram used, and every internal link and anchor of
//! the built book resolving.

mod common;

use common::book::{copy_repo_book, html_files, mdbook_build};
use common::repo_root;
use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The chapter files `SUMMARY.md` lists, in order.
fn summary_chapters() -> Vec<String> {
    let summary = std::fs::read_to_string(repo_root().join("book-src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| {
            let start = line.find("](")? + 2;
            let end = start + line[start..].find(')')?;
            Some(line[start..end].to_string())
        })
        .collect()
}

/// The words a reader reads: no front matter, shortcode tags, HTML tags or code fences.
fn prose_words(text: &str) -> usize {
    let body = mdbook_hugo::frontmatter::split(text).map_or(text, |s| &text[s.body_start..]);
    let mut words = 0;
    let mut in_fence = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut cleaned = String::new();
        let mut depth = 0usize;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    depth += 1;
                    chars.next();
                }
                '}' if chars.peek() == Some(&'}') && depth > 0 => {
                    depth -= 1;
                    chars.next();
                }
                '<' => depth += 1,
                '>' if depth > 0 => depth -= 1,
                c if depth == 0 => cleaned.push(c),
                _ => {}
            }
        }
        words += cleaned
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    words
}

#[test]
fn the_book_has_enough_chapters_and_words() {
    let chapters = summary_chapters();
    let mut total = 0;
    println!("{:<34} {:>6}", "chapter", "words");
    for chapter in &chapters {
        let text = std::fs::read_to_string(repo_root().join("book-src").join(chapter)).unwrap();
        let words = prose_words(&text);
        println!("{chapter:<34} {words:>6}");
        total += words;
        let front = mdbook_hugo::frontmatter::split(&text).unwrap().front_matter;
        assert!(front.title.is_some(), "{chapter} has a title");
        assert!(
            front.description.is_some() || chapter == "_index.md",
            "{chapter} has a description"
        );
        if chapter != "_index.md" {
            assert!(front.weight.is_some(), "{chapter} has a weight");
        }
        // Section index pages (`_index.md`, `what/_index.md`, ...) introduce a section and
        // the colophon describes the book itself: they need no takeaways; every other
        // chapter ends with them.
        if !is_section_index(chapter) && chapter != "colophon.md" {
            assert!(
                text.contains("## Key takeaways"),
                "{chapter} ends with its key takeaways"
            );
        }
    }
    println!("{} chapters, {total} words", chapters.len());
    assert!(
        chapters.len() >= 40,
        "at least 40 chapters, found {}",
        chapters.len()
    );
    assert!(total >= 50_000, "at least 50,000 words, found {total}");
}

/// `_index.md` and `<section>/_index.md`: the pages that introduce a section.
fn is_section_index(chapter: &str) -> bool {
    Path::new(chapter)
        .file_name()
        .is_some_and(|name| name == "_index.md")
}

#[test]
fn the_book_has_enough_diagrams_and_every_one_is_used() {
    let src = repo_root().join("book-src");
    let mut svgs: Vec<String> = std::fs::read_dir(src.join("images"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".svg"))
        .collect();
    svgs.sort();
    assert!(
        svgs.len() >= 9,
        "at least 9 SVG diagrams in book-src/images, found {}",
        svgs.len()
    );
    let texts: Vec<String> = summary_chapters()
        .iter()
        .map(|chapter| std::fs::read_to_string(src.join(chapter)).unwrap())
        .collect();
    let unused: Vec<&String> = svgs
        .iter()
        .filter(|svg| {
            let path = format!("images/{svg}");
            !texts.iter().any(|text| text.contains(&path))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "diagrams no chapter references: {unused:?}"
    );
}

#[test]
fn every_internal_link_and_anchor_of_the_built_book_resolves() {
    let dir = tempfile::tempdir().unwrap();
    copy_repo_book(dir.path());
    let output = mdbook_build(dir.path());
    assert!(output.success, "{}", output.stderr);
    let book = output.book_dir;
    // The user guide is published inside the book, at guide/, as scripts/build-book.sh does:
    // the links between the two books are checked with the rest.
    let guide = std::process::Command::new("mdbook")
        .args(["build", "docs", "-d"])
        .arg(book.join("guide"))
        .current_dir(repo_root())
        .output()
        .expect("mdbook runs");
    assert!(
        guide.status.success(),
        "{}",
        String::from_utf8_lossy(&guide.stderr)
    );
    let files = html_files(&book);
    let any = Selector::parse("[id]").unwrap();
    let links = Selector::parse("main a[href], main img[src]").unwrap();
    let ids: HashMap<PathBuf, HashSet<String>> = files
        .iter()
        .map(|file| {
            let html = Html::parse_document(&std::fs::read_to_string(file).unwrap());
            let ids = html
                .select(&any)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect();
            (file.clone(), ids)
        })
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let html = Html::parse_document(&std::fs::read_to_string(file).unwrap());
        for element in html.select(&links) {
            let target = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if target.contains("://")
                || target.starts_with("mailto:")
                || target.starts_with("javascript:")
            {
                continue;
            }
            checked += 1;
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                normalize(&file.parent().unwrap().join(path))
            };
            let page = file.strip_prefix(&book).unwrap().display().to_string();
            if !resolved.is_file() {
                broken.push(format!("{page}: {target} (no such file)"));
            } else if !fragment.is_empty() && resolved.extension().is_some_and(|e| e == "html") {
                let has = ids.get(&resolved).is_some_and(|ids| ids.contains(fragment));
                if !has {
                    broken.push(format!("{page}: {target} (no such anchor)"));
                }
            }
        }
    }
    println!("checked {checked} internal links in {} pages", files.len());
    assert!(checked > 100, "the check saw the book's links ({checked})");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
