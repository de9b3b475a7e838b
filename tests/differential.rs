//! Differential test: every page of `tests/differential/cases/` is built by the real Hugo
//! (one minimal site, theme shortcodes as small stand-in templates in
//! `tests/differential/layouts/`) and by mdBook through our preprocessor (one book), and
//! the two `<main>` elements must read the same once normalised (`differential/normalise.rs`):
//!
//! - visible text, whitespace collapsed; emphasis is not compared;
//! - blocks: paragraphs (inline runs between blocks, as in tight list items, count as
//!   paragraphs), headings with level and the id Hugo's links use (on mdBook's side our
//!   `span.hugo-anchor` when the preprocessor adds one, else the heading's id), lists with
//!   their start number and nesting, tables cell by cell, quotes, definition lists,
//!   figures with captions, `details` with summary and `open`, footnotes;
//! - code blocks: exact text, language, line numbers, marked lines (Chroma's spans on Hugo's
//!   side, our `hugo-linenos` / `hugo-hl-N` fence classes on mdBook's);
//! - links as `page.md#fragment` of the case they reach (through Hugo's alias pages,
//!   which redirect), files as `site:/path`; on
//!   mdBook's side a root-absolute URL (`/x/`) is marked `root-absolute:`, since the book
//!   must work under any sub-path (Hugo's are fine: its site is served at `baseURL`);
//! - mdBook's chrome is dropped: the `a.header` wrappers of headings, the admonition label
//!   ("Note"), icons, footnote back links; and the H1 the preprocessor makes from the front
//!   matter title when the page has none (Hugo's layout, not `.Content`, prints the title:
//!   ours is `<main>{{ .Content }}</main>`, so that H1 is dropped when Hugo has no such H1);
//! - widgets are compared by kind, title and body: admonitions (`box KIND title=..`: our
//!   bold first line is the title), tabs, columns; video frames by host and id (our
//!   fallback link under the frame is dropped).
//!
//! `tests/differential/known-differences.toml` lists the cases that differ today, with the
//! reason: an unlisted difference fails, and so does a listed case that matches.

#[path = "differential/expect.rs"]
mod expect;
#[path = "common/fs.rs"]
mod fs;
#[path = "differential/hugo.rs"]
mod hugo;
#[path = "differential/normalise.rs"]
mod normalise;
#[path = "differential/resolve.rs"]
mod resolve;

use fs::copy_dir;
use normalise::{Side, outline};
use resolve::Resolver;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hugo::ORIGIN;

/// Site params, the same in `hugo.toml` and in `[preprocessor.hugo.params]`.
const PARAMS: &str = "version = \"1.2.3\"\nproduct = \"Widget\"\n";

/// A path under `tests/differential/`.
fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/differential")
        .join(path)
}

/// The cases: file names under `cases/`, sorted.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

/// Builds the Hugo site; returns URL path -> case for every case page.
fn build_hugo(hugo: &Path, site: &Path) -> HashMap<String, String> {
    // Block attributes: the Goldmark-attributes case is about them. Chroma classes: the
    // comparison reads marked lines and line numbers from them.
    let extra = format!(
        "[markup.goldmark.parser.attribute]\nblock = true\n\
         [markup.highlight]\nnoClasses = false\n[params]\n{PARAMS}"
    );
    hugo::write_config(site, hugo::DISABLED_KINDS, &extra);
    // Emoji shortcodes on, as `emoji = true` in the book (a top-level key: first).
    let config = std::fs::read_to_string(site.join("hugo.toml")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        format!("enableEmoji = true\n{config}"),
    )
    .unwrap();
    copy_dir(&fixture("layouts"), &site.join("layouts"));
    hugo::write_page_layouts(site);
    copy_dir(&fixture("cases"), &site.join("content"));
    copy_dir(&fixture("static"), &site.join("static"));
    let out = hugo::build(hugo, site);
    assert!(
        out.status.success(),
        "hugo failed on the cases:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    hugo::permalinks(hugo, site)
        .into_iter()
        .filter_map(|(path, link)| {
            let case = path.strip_prefix("content/")?.to_string();
            Some((link.strip_prefix(ORIGIN)?.to_string(), case))
        })
        .collect()
}

/// Builds the book through our preprocessor; returns URL path -> case, and our
/// diagnostics by case.
fn build_book(root: &Path, cases: &[String]) -> (HashMap<String, String>, Diagnostics) {
    let src = root.join("src");
    copy_dir(&fixture("cases"), &src);
    copy_dir(&fixture("static"), &src);
    let summary: String = cases
        .iter()
        .map(|c| format!("- [{}](<{c}>)\n", c.trim_end_matches(".md")))
        .collect();
    std::fs::write(src.join("SUMMARY.md"), format!("# Summary\n\n{summary}")).unwrap();
    let book_toml = format!(
        "[book]\ntitle = \"Differential\"\nsrc = \"src\"\n\n\
         [preprocessor.hugo]\ncommand = {:?}\nafter = [\"links\", \"index\"]\nemoji = true\n\n\
         [preprocessor.hugo.params]\n{PARAMS}\n\
         [output.html.search]\nenable = false\n",
        env!("CARGO_BIN_EXE_mdbook-hugo")
    );
    std::fs::write(root.join("book.toml"), book_toml).unwrap();
    let out = std::process::Command::new("mdbook")
        .arg("build")
        .current_dir(root)
        .output()
        .expect("cannot run `mdbook`: scripts/install-deps.sh installs mdBook 0.5.4");
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = cases
        .iter()
        .map(|c| (format!("/{}", c.replace(".md", ".html")), c.clone()))
        .collect();
    (pages, diagnostics(&String::from_utf8_lossy(&out.stderr)))
}

/// Our warnings and errors by case: `L:C severity: message`.
type Diagnostics = HashMap<String, Vec<String>>;

/// Reads mdBook's stderr: a `warning: ...` or `error: ...` line, then ` --> src/CASE:L:C`.
fn diagnostics(stderr: &str) -> Diagnostics {
    let mut found = Diagnostics::new();
    let mut message = None;
    for line in stderr.lines() {
        if line.starts_with("warning: ") || line.starts_with("error: ") {
            message = Some(line.to_string());
        } else if let Some(at) = line.trim_start().strip_prefix("--> src/") {
            let (case, position) = at.split_once(".md:").unwrap_or((at, ""));
            if let Some(message) = message.take() {
                let entry = found.entry(format!("{case}.md")).or_default();
                entry.push(format!("{position} {message}"));
            }
        }
    }
    found
}

/// The front matter `title` of a case (YAML `title:`, TOML `title =`, JSON `"title":`).
fn title(text: &str) -> Option<String> {
    text.lines().take_while(|l| !l.is_empty()).find_map(|l| {
        let l = l.trim_start_matches('\u{feff}').trim_start();
        let rest = ["title:", "title =", "\"title\":"]
            .iter()
            .find_map(|key| l.strip_prefix(key))?;
        Some(
            rest.trim()
                .trim_end_matches(',')
                .trim_matches(['"', '\''])
                .to_string(),
        )
    })
}

/// Drops mdBook's leading `h1` that is the front matter title, unless Hugo has it too.
fn drop_title_h1(ours: &mut Vec<String>, hugo: &[String], title: Option<String>) {
    let Some(title) = title else { return };
    let Some(first) = ours.first() else { return };
    let is_title = first.starts_with("h1 ") && first.ends_with(&format!(" {title:?}"));
    if is_title && hugo.first() != Some(first) {
        ours.remove(0);
    }
}

/// The two builds of the cases: Hugo's site and our book, with URL path -> case maps.
struct Builds {
    site: PathBuf,
    book: PathBuf,
    hugo_pages: HashMap<String, String>,
    book_pages: HashMap<String, String>,
    /// What our preprocessor said about each case, shown with its diff.
    diagnostics: Diagnostics,
}

impl Builds {
    /// The outline of `case` as Hugo rendered it.
    fn hugo_outline(&self, case: &str) -> Vec<String> {
        let url = self
            .hugo_pages
            .iter()
            .find_map(|(url, c)| (c == case).then(|| url.clone()))
            .unwrap_or_else(|| panic!("Hugo has no page for {case}"));
        let public = self.site.join("public");
        let file = public.join(&url[1..]).join("index.html");
        let resolver = Resolver {
            page_url: url,
            page_key: case.into(),
            pages: &self.hugo_pages,
            origin: ORIGIN,
            mark_root_absolute: false,
            aliases_in: Some(&public),
        };
        outline(&read(&file), Side::Hugo, &resolver)
    }

    /// The outline of `case` as mdBook rendered it after our preprocessor.
    fn book_outline(&self, case: &str) -> Vec<String> {
        let url = format!("/{}", case.replace(".md", ".html"));
        let file = self.book.join("book").join(&url[1..]);
        let resolver = Resolver {
            page_url: url,
            page_key: case.into(),
            pages: &self.book_pages,
            origin: ORIGIN,
            mark_root_absolute: true,
            aliases_in: None,
        };
        outline(&read(&file), Side::Mdbook, &resolver)
    }

    /// Compares one case: `Err(report)` when it differs, else `Ok(the common outline)`.
    fn compare(&self, case: &str) -> Result<String, String> {
        let theirs = self.hugo_outline(case);
        let mut ours = self.book_outline(case);
        let source = std::fs::read(fixture("cases").join(case)).unwrap();
        drop_title_h1(&mut ours, &theirs, title(&String::from_utf8_lossy(&source)));
        if theirs == ours {
            Ok(theirs.iter().map(|l| format!("    {l}\n")).collect())
        } else {
            let said = self.diagnostics.get(case).map_or(String::new(), |d| {
                format!("  our diagnostics:\n    {}\n", d.join("\n    "))
            });
            Err(format!(
                "  (- Hugo, + mdBook)\n{}{said}",
                expect::diff(&theirs, &ours)
            ))
        }
    }
    /// Every case's outcome; with `show`, each case's outline or diff is printed.
    fn outcomes(&self, cases: &[String], show: bool) -> Vec<expect::Outcome> {
        let outcome = |case: &String| {
            let key = case.trim_end_matches(".md").to_string();
            let result = self.compare(case);
            if show {
                let (verdict, text) = match &result {
                    Ok(outline) => ("same", outline),
                    Err(diff) => ("differs", diff),
                };
                eprintln!("== {key} ({verdict})\n{text}");
            }
            expect::Outcome {
                key,
                difference: result.err(),
            }
        };
        cases.iter().map(outcome).collect()
    }
}

/// A built page, read.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn pages_render_as_hugo_renders_them() {
    let started = std::time::Instant::now();
    let hugo = hugo::hugo();
    let tmp = tempfile::tempdir().unwrap();
    let (site, book) = (tmp.path().join("site"), tmp.path().join("book"));
    let cases = case_names();
    let (book_pages, diagnostics) = build_book(&book, &cases);
    let builds = Builds {
        hugo_pages: build_hugo(&hugo, &site),
        book_pages,
        diagnostics,
        site,
        book,
    };
    let outcomes = builds.outcomes(&cases, std::env::var_os("DIFFERENTIAL_SHOW").is_some());
    if std::env::var_os("DIFFERENTIAL_KEEP").is_some() {
        eprintln!(
            "differential: site and book kept in {}",
            tmp.keep().display()
        );
    }
    let known = expect::load(&fixture("known-differences.toml"));
    let failures = expect::check(
        &outcomes,
        &known,
        "tests/differential/known-differences.toml",
    );
    let differing = outcomes.iter().filter(|o| o.difference.is_some()).count();
    eprintln!(
        "differential: {} cases, {differing} differ from Hugo ({} listed), {:.1?}",
        outcomes.len(),
        known.len(),
        started.elapsed()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn our_diagnostics_are_read_by_case() {
    let stderr = " INFO Book building has started\n\
        warning: link to `/x/` does not lead to any page or file of the book\n \
        --> src/Getting Started.md:5:11\n  |\n5 | - [x](/x/)\n  |  ^\n\n\
        error: failed to extract shortcode: unclosed shortcode\n --> src/a.md:1:2\n";
    let found = diagnostics(stderr);
    assert_eq!(
        found["Getting Started.md"],
        ["5:11 warning: link to `/x/` does not lead to any page or file of the book"]
    );
    assert_eq!(
        found["a.md"],
        ["1:2 error: failed to extract shortcode: unclosed shortcode"]
    );
}
