//! `mdbook-hugo import` and `install` end to end: fixture sites of `tests/fixtures/sites/`
//! imported by the real binary and built by the real `mdbook`.

mod common;

use common::book::{copy_dir, foreign_stderr_lines, mdbook_build, point_at_test_binary};
use common::hugo::fixture_site;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
}

/// Runs `mdbook-hugo import SITE BOOK [args]`.
fn import(site: &Path, book: &Path, args: &[&str]) -> Output {
    binary()
        .arg("import")
        .arg(site)
        .arg(book)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Imports `site` into a new book folder, points its preprocessor at the test binary and
/// builds it; returns the book folder.
fn import_and_build(site: &Path, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let out = import(site, &book, args);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(book.join("book.toml"), point_at_test_binary(&toml)).unwrap();
    let build = mdbook_build(&book);
    assert!(build.success, "mdbook build failed:\n{}", build.stderr);
    let foreign = foreign_stderr_lines(&build.stderr);
    assert!(
        foreign.is_empty(),
        "the build printed:\n{}",
        foreign.join("\n")
    );
    (dir, book)
}

/// Imports `site` into `book` and builds it with this binary, whatever the build prints
/// (for tests that read its warnings).
fn import_then_build(site: &Path, book: &Path) -> common::book::BuildOutput {
    let out = import(site, book, &[]);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(book.join("book.toml"), point_at_test_binary(&toml)).unwrap();
    mdbook_build(book)
}

/// A copy of the `basic` fixture site imported into a book beside it: the folder that
/// holds both, the site and the book.
fn basic_site_imported() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let book = dir.path().join("book");
    copy_dir(&fixture_site("basic"), &site);
    assert!(import(&site, &book, &[]).status.success());
    (dir, site, book)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn a_site_becomes_a_book_in_hugos_order() {
    let (_dir, book) = import_and_build(&fixture_site("basic"), &[]);
    let summary = read(&book.join("content/SUMMARY.md"));
    let expected = "\
# Summary

[Home](_index.md)

- [Docs](docs/_index.md)
  - [Getting Started](<docs/Getting Started.md>)
  - [Install](docs/install.md)
  - [Custom slug](docs/CustomSlug.md)
  - [Explicit URL](docs/explicit.md)
  - [Guide](docs/guide/_index.md)
    - [One](docs/guide/one.md)
    - [Nested in a plain folder](docs/guide/deep/nested.md)
    - [Sub Section](<docs/guide/Sub Section/_index.md>)
      - [Inside](<docs/guide/Sub Section/inside.md>)
  - [A Bundle](docs/bundle/index.md)
  - [Same title](docs/same-a.md)
  - [Same title](docs/same-b.md)
  - [Zulu new](docs/dated-new.md)
  - [Zulu old](docs/dated-old.md)
  - [Alpha by title](docs/zeta.md)
  - [apple lowercase](docs/apple.md)
  - [Beta](docs/beta.md)
  - [Hidden from lists](docs/hidden.md)
- [Blog](blog/_index.md)
  - [Second Post](blog/second.md)
  - [First Post](blog/first-post.md)
- [About](about.md)
- [News](news/_index.md)
  - [Small Update](news/Small_Update.md)
  - [The Big Launch: Part 1!](news/big-launch/index.md)
- [Unrendered section]()
  - [Child of an unrendered section](unrendered/child.md)
- [Notes](notes/_index.md)
  - [Über Café Notes](notes/first.md)
- [Misc]()
  - [Loose page](misc/loose.md)
";
    assert_eq!(summary, expected);
    let html = book.join("book");
    // Drafts, future, expired, headless, render-never pages and 404.md are not chapters.
    for absent in [
        "docs/draft.html",
        "docs/future.html",
        "docs/expired.html",
        "docs/never.html",
        "404.md",
    ] {
        assert!(
            !html.join(absent).exists() || absent == "404.md",
            "{absent}"
        );
    }
    // A headless bundle is no chapter, but its files are there for pages to include.
    assert!(!summary.contains("headless") && !html.join("headless-res/index.html").exists());
    assert!(book.join("content/headless-res/snippet.md").is_file());
    // Static files, bundle resources, links.
    assert!(html.join("images/logo.png").is_file());
    assert!(
        html.join("unrendered/child.html").is_file()
            && !html.join("unrendered/index.html").exists()
    );
    assert!(html.join("docs/bundle/diagram.svg").is_file());
    // An `assets/` file a page names (Hugo's figure finds global resources too).
    assert!(html.join("img/asset.png").is_file());
    // A theme's static file a page names is copied; the others are not.
    assert!(html.join("theme-img/pic.png").is_file());
    assert!(!html.join("theme-img/unused.png").exists());
    assert!(read(&html.join("about.html")).contains(r#"src="img/asset.png""#));
    let home = read(&html.join("index.html"));
    assert!(home.contains(r#"href="docs/guide/index.html""#), "{home}");
    assert!(home.contains(r#"src="images/logo.png""#));
    // Old URLs: permalinks, slugs, aliases (relative, absolute, with `..`), url.
    for (old, target) in [
        ("blog/2020/03/the-second/index.html", "../../../second.html"),
        ("docs/my-slug/index.html", "../CustomSlug.html"),
        ("docs/start/index.html", "../Getting Started.html"),
        ("old/start/index.html", "../../docs/Getting Started.html"),
        ("legacy/explicit/index.html", "../../docs/explicit.html"),
        ("reference/explicit/index.html", "../../docs/explicit.html"),
        (
            "docs/guide/subsec/inside/index.html",
            "../../Sub Section/inside.html",
        ),
        (
            "n/2022/12/31/big-launch/index.html",
            "../../../../../news/big-launch/index.html",
        ),
        ("news-index/index.html", "../news/index.html"),
        ("notes/über-café-notes/index.html", "../first.html"),
    ] {
        let page = read(&html.join(old));
        assert!(
            page.contains(target),
            "{old} should lead to {target}:\n{page}"
        );
    }
    assert!(
        !book.join("legacy").exists(),
        "a redirect left the book's output"
    );
    let toml = read(&book.join("book.toml"));
    for line in [
        "title = \"Basic Site\"",
        "src = \"content\"",
        "site-url = \"/manual/\"",
        "edit-url-template = \"https://github.com/example/manual/edit/main/{path}\"",
        "after = [\"links\", \"index\"]",
        "themeonly = \"from the theme\"",
        "color = \"green\"",
    ] {
        assert!(toml.contains(line), "book.toml lacks {line}:\n{toml}");
    }
}

#[test]
fn a_rerun_updates_only_what_it_wrote_and_check_says_when_stale() {
    let (_dir, site, book) = basic_site_imported();
    let again = import(&site, &book, &[]);
    assert!(
        stderr(&again).contains("0 files written"),
        "{}",
        stderr(&again)
    );
    assert!(import(&site, &book, &["--check"]).status.success());

    std::fs::write(book.join("content/mine.md"), "my own file").unwrap();
    std::fs::write(
        site.join("content/docs/install.md"),
        "---\ntitle: Install\nweight: 2\n---\nEdited.\n",
    )
    .unwrap();
    std::fs::remove_file(site.join("content/docs/beta.md")).unwrap();
    let check = import(&site, &book, &["--check"]);
    assert!(!check.status.success());
    let report = stderr(&check);
    assert!(
        report.contains("changed: content/docs/install.md"),
        "{report}"
    );
    assert!(report.contains("stale: content/docs/beta.md"), "{report}");
    assert!(report.contains("changed: content/SUMMARY.md"), "{report}");

    assert!(import(&site, &book, &[]).status.success());
    assert!(read(&book.join("content/docs/install.md")).contains("Edited."));
    assert!(!book.join("content/docs/beta.md").exists());
    assert_eq!(read(&book.join("content/mine.md")), "my own file");
    assert!(import(&site, &book, &["--check"]).status.success());

    // A file of the user's where the site now has a page is never replaced.
    std::fs::write(site.join("content/mine.md"), "---\ntitle: Mine\n---\n").unwrap();
    let refused = import(&site, &book, &[]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("did not write: content/mine.md"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(read(&book.join("content/mine.md")), "my own file");
}

#[test]
fn one_language_per_book() {
    let site = fixture_site("multilang");
    let (_dir, fr) = import_and_build(&site, &["--language", "fr"]);
    let summary = read(&fr.join("content.fr/SUMMARY.md"));
    assert_eq!(
        summary,
        "# Summary\n\n[Accueil](_index.md)\n\n- [Documentation](docs/_index.md)\n  - [Autre](docs/autre.md)\n  - [Page FR](docs/page.md)\n  - [Explicite](docs/explicite.md)\n  - [Fichier](docs/fichier.fr.md)\n"
    );
    let toml = read(&fr.join("book.toml"));
    assert!(
        toml.contains("language = \"fr\"") && toml.contains("title = \"Multilingue\""),
        "{toml}"
    );
    assert!(toml.contains("greeting = \"Bonjour\""), "{toml}");
    assert!(read(&fr.join("book/fr/docs/ancienne/index.html")).contains("../../../docs/page.html"));
    assert!(read(&fr.join("book/fr/vieux/autre/index.html")).contains("../../../docs/autre.html"));
    // `url` is not under the language prefix (Hugo does not add it), and keeps its case.
    let special = read(&fr.join("book/Special-FR/page/index.html"));
    assert!(special.contains("../../docs/explicite.html"), "{special}");
    assert!(
        read(&fr.join("content.fr/docs/page.md")).starts_with("---\nurl: \"/fr/docs/page/\"\n")
    );

    let (_dir, de) = import_and_build(&site, &["--language", "de"]);
    let summary = read(&de.join("content/SUMMARY.md"));
    assert!(
        summary.contains("[Docs DE](docs/_index.md)")
            && summary.contains("[Seite](docs/page.de.md)"),
        "{summary}"
    );
    // `ref`s written for Hugo (with the language part, to `_index.de.md`) lead to chapters.
    let seite = read(&de.join("book/docs/page.de.html"));
    assert!(
        seite.contains(r#"href="page.de.html""#) && seite.contains(r#"href="index.html#oben""#),
        "{seite}"
    );
    assert!(!summary.contains("Home"), "{summary}");
    // A resource without a language part is shared by the translations in its folder (de),
    // not by another language's own content folder (fr).
    assert!(de.join("content/docs/shared.png").is_file());
    assert!(!fr.join("content.fr/docs/shared.png").exists());

    let out = import(
        &site,
        &tempfile::tempdir().unwrap().path().join("b"),
        &["--language", "xx"],
    );
    assert!(
        stderr(&out).contains("the site has no language `xx` (its languages: en, fr, de)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mounts_and_ugly_urls() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let out = import(&fixture_site("mounts"), &book, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert_eq!(log.matches("missing-folder").count(), 1, "{log}");
    let summary = read(&book.join("content/SUMMARY.md"));
    assert!(summary.contains("- [Docs](docs/_index.md)\n  - [Guide](docs/guide/_index.md)\n    - [Step](docs/guide/step.md)\n  - [Mounted Page](docs/page.md)\n  - [Mounted File](docs/single.md)"), "{summary}");
    assert!(book.join("content/extra/readme.txt").is_file());
    let toml = read(&book.join("book.toml"));
    assert!(toml.contains("frommodule = \"module default\""), "{toml}");
}

#[test]
fn the_site_is_never_written_to_nor_read_past() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture_site("basic"), &site);
    let out = import(&site, &site.join("book"), &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is inside the site folder"),
        "{}",
        stderr(&out)
    );

    std::fs::write(dir.path().join("secret.md"), "---\ntitle: Secret\n---\n").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.md"),
        site.join("content/docs/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.join("content"), site.join("content/docs/loop")).unwrap();
    std::fs::write(
        site.join("content/docs/escape.md"),
        "---\ntitle: Escape\nurl: /../../../outside/\naliases: [../../../../gone]\n---\n",
    )
    .unwrap();
    let mut config = read(&site.join("hugo.yaml"));
    config.push_str("module:\n  mounts:\n    - {source: content, target: content}\n");
    config.push_str("    - {source: ../secret.md, target: content/docs/leak.md}\n");
    std::fs::write(site.join("hugo.yaml"), config).unwrap();
    let book = dir.path().join("book");
    let out = import(&site, &book, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert!(
        log.contains("secret.md is a symbolic link that leaves the site"),
        "{log}"
    );
    assert!(
        log.contains("the path `../secret.md` leaves the site folder"),
        "{log}"
    );
    assert!(
        log.contains("loop is a symbolic link to a folder above it"),
        "{log}"
    );
    assert!(!book.join("content/docs/secret.md").exists());
    assert!(!book.join("content/docs/leak.md").exists());
    let toml = read(&book.join("book.toml"));
    assert!(
        toml.contains("\"/outside/index.html\"") && toml.contains("\"/gone/index.html\""),
        "{toml}"
    );
    let keys_with_dots = toml
        .lines()
        .filter(|l| l.starts_with("\"/") && l.split(" = ").next().unwrap().contains(".."));
    assert_eq!(keys_with_dots.count(), 0, "{toml}");

    std::fs::write(site.join("hugo.yaml"), "title: x\nparams: [\n").unwrap();
    let out = import(&site, &book, &[]);
    assert!(stderr(&out).contains("hugo.yaml:3:"), "{}", stderr(&out));
}

#[test]
fn install_wires_the_theme_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path();
    std::fs::write(
        book.join("book.toml"),
        "# mine\n[book]\ntitle = \"T\"\n\n[output.html]\nadditional-css = [\"a.css\"]\n",
    )
    .unwrap();
    let run = || binary().arg("install").arg(book).output().unwrap();
    assert!(run().status.success());
    let first = read(&book.join("book.toml"));
    assert!(
        first.starts_with("# mine\n") && first.contains("[\"a.css\", \"theme/hugo.css\"]"),
        "{first}"
    );
    assert!(book.join("theme/hugo.css").is_file() && book.join("theme/hugo-tabs.js").is_file());
    assert!(stderr(&run()).contains("0 files written"));
    assert_eq!(read(&book.join("book.toml")), first);
}

/// The visible text of `<main>`, whitespace collapsed; the H1 mdBook's page gets from the
/// front matter title is left out (Hugo's layout here prints only `.Content`).
fn main_text(html: &str) -> String {
    let page = scraper::Html::parse_document(html);
    let main = scraper::Selector::parse("main").unwrap();
    let title = scraper::Selector::parse("main > h1").unwrap();
    let Some(main) = page.select(&main).next() else {
        return String::new();
    };
    let skip: Vec<String> = main.select(&title).map(|h| h.text().collect()).collect();
    let mut text: String = main.text().collect::<Vec<_>>().join(" ");
    for heading in skip {
        text = text.replacen(&heading, "", 1);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A site's own shortcode templates (context fields, site and page params, data, partials,
/// `.md` templates, `relref`, `GetPage`, a template overriding a built-in, scratch pads,
/// `.Parent`, translations, page collections, render hooks) run unchanged: the pages read
/// as Hugo 0.168 renders them.
#[test]
fn a_sites_own_shortcode_templates_render_as_hugo_renders_them() {
    let site = fixture_site("templates");
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(&site, hugo_out.path());
    let hugo = std::fs::read_to_string(hugo_out.path().join("page/index.html")).unwrap();
    let (_dir, book) = import_and_build(&site, &[]);
    let ours = std::fs::read_to_string(book.join("book/page.html")).unwrap();
    let expected = main_text(&hugo);
    assert!(
        expected.contains("Version 2.1/deep/TEAL here."),
        "{expected}"
    );
    assert_eq!(main_text(&ours), expected);
    // The link Hugo resolves to the page's URL is the chapter's file in the book.
    assert!(
        ours.contains("<a href=\"other.html\">The Other Page</a>"),
        "{ours}"
    );
    // `.Store`/`.Scratch` of the page and of a call, `.Parent` (children run first and
    // write into their parent's scratch), `page.RenderString`, `.RenderString` with
    // options, `apply`, and `T` from the site's `i18n/`.
    let hugo = std::fs::read_to_string(hugo_out.path().join("scratch/index.html")).unwrap();
    let ours = std::fs::read_to_string(book.join("book/scratch.html")).unwrap();
    let expected = main_text(&hugo);
    for shown in [
        "call 2 seen A,B",
        // `.Ordinal`: among the page's top-level shortcodes, and among the parent's.
        "tabs ordinal 2",
        "npm #0: Run npm .",
        "yarn #1: Run yarn .",
        "n=3 w=ab l=x+y+z+w gone= m=[1 2] same=true parent=none",
        "inline text| block text |a b",
        "A-B Hello from i18n / One minute / 5 minutes / 2 items of fruit /",
        "After call 3 seen A,B,C",
        // `.Inner` is HTML, printed as it is.
        "raw & inner Wrapped step .",
        // Block output stays one HTML block: its blank lines and indented lines (the
        // children's output in `.Inner`) are no Markdown.
        "First card Second card",
        // A `{{% %}}` call nested in another shortcode hands it its body rendered.
        "A nested Markdown body: answer = 42 Second one .",
    ] {
        assert!(expected.contains(shown), "{shown:?} not in {expected}");
    }
    assert_eq!(main_text(&ours), expected);
    assert!(!ours.contains("<pre><code>"), "{ours}");
    // Page collections and relatives: `.RegularPages`, `.Pages`, `.Sections` in Hugo's
    // order, `.ByTitle`, `.Parent`, `.CurrentSection`, `.Path`, `.BundleType`, one object
    // per page (`in`, `eq`), `site.RegularPages`/`Sections`/`Home`; drafts and
    // `build.list: never` pages left out.
    let hugo = std::fs::read_to_string(hugo_out.path().join("collections/index.html")).unwrap();
    let ours = std::fs::read_to_string(book.join("book/collections.html")).unwrap();
    let expected = main_text(&hugo);
    assert!(
        expected.contains("regular=Beta,Alpha,Charlie, pages=Beta,Alpha,Cee,Sub, sections=Sub,"),
        "{expected}"
    );
    assert!(expected.contains("in=true eq=true leaf=leaf"), "{expected}");
    // Titles sort with the language's collation; a weight of 0 sorts last.
    assert!(
        expected.contains(
            "glossary bytitle=action,chain,CI/CD,Some Term,Zeta, \
             byweight=Zeta,action,chain,CI/CD,Some Term, \
             sorted=action,chain,CI/CD,Some Term,Zeta,"
        ),
        "{expected}"
    );
    // `union`, `first` and `where` of pages are pages, with their sorts.
    assert!(
        expected.contains(
            "union=action,Alpha,Beta,chain,Charlie,CI/CD,Some Term,Zeta, \
             firsttwo=Zeta,action, whereweight=chain,action,"
        ),
        "{expected}"
    );
    // A bundle's `.Resources` (`Get`, `Match`, `GetMatch`, `ByType`, media types) and
    // `resources.Get` from `assets/`.
    assert!(
        expected.contains("get=note match=1 getmatch=data.csv bytype=2 none="),
        "{expected}"
    );
    assert!(
        expected.contains("from assets json nil min=from assets"),
        "{expected}"
    );
    // `transform.Remarshal` writes TOML, JSON and YAML as Hugo does, to the character.
    for format in [
        "toml",
        "json",
        "yaml",
        "toml-dates",
        "json-dates",
        "yaml-dates",
    ] {
        let block = |html: &str| {
            let page = scraper::Html::parse_document(html);
            let pre = scraper::Selector::parse(&format!("pre.{format}")).unwrap();
            let text: String = page.select(&pre).next().unwrap().text().collect();
            text
        };
        let mut expected = block(&hugo);
        if format == "yaml-dates" {
            // A known difference (README): Hugo's YAML writer quotes a string that reads
            // as a timestamp, here the TOML local date; serde_yaml_ng does not.
            assert!(expected.contains("day: '2024-01-24'\n"), "{expected}");
            expected = expected.replace("day: '2024-01-24'", "day: 2024-01-24");
        }
        assert_eq!(block(&ours), expected, "{format}");
    }
    // The known difference above, in the whole page.
    let expected = expected.replace("day: '2024-01-24'", "day: 2024-01-24");
    assert_eq!(main_text(&ours), expected);
    // The site's render hooks render its links and images (a glossary link `[term](g)`,
    // `.PageInner.GetPage`, `.Title`, `.Ordinal`), and the links they write are the
    // book's relative links.
    let hugo = std::fs::read_to_string(hugo_out.path().join("links/index.html")).unwrap();
    let ours = std::fs::read_to_string(book.join("book/links.html")).unwrap();
    assert_eq!(main_text(&ours), main_text(&hugo));
    // `.Page.String` (the file's absolute path) and `.Fragments` (the heading ids).
    assert!(
        main_text(&hugo).contains(
            "content/links.md ids=a-heading,dup,dup-1,my-id,my-term has=true/false dup=1 self=true map=my-id:2:Custom title"
        ),
        "{hugo}"
    );
    for link in [
        r#"<a href="other.html" data-ordinal="0">the <em>other</em> page</a>"#,
        r#"<a href="glossary/some-term.html" data-ordinal="1">Some Term</a>"#,
        r#"<a href="https://example.org/a?b=1&amp;c=2" title="Out there" data-ordinal="2">out</a>"#,
        r#"<a href="docs/a.html" data-ordinal="3">reference</a>"#,
        r#"<img src="pic.png" alt="a picture_of x" data-ordinal="0">"#,
    ] {
        assert!(ours.contains(link), "{link} not in {ours}");
    }
}

/// A page's `.Fragments` hold the headings and definition terms its `{{% %}}` shortcodes
/// write (also through `.RenderShortcodes` of another page), and not those of `{{< >}}`
/// output or of raw HTML; duplicates are numbered in page order and the list is sorted; a
/// term is no entry of `.HeadingsMap`. Another page's shortcode and render hook read them
/// as Hugo 0.168 gives them (the values in the assertion are Hugo's).
#[test]
fn fragments_hold_what_markdown_shortcodes_write_as_in_hugo() {
    let site = fixture_site("fragments");
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(&site, hugo_out.path());
    let expected = main_text(&read(&hugo_out.path().join("a/index.html")));
    for shown in [
        "ids=from-shortcode-included,from-shortcode-one,from-shortcode-one-1,\
         heading-in-a-heading,inside-wrap,intro,intro-1,locale,written-term count=1/1 \
         from-shortcode-included:2:From Shortcode included",
        "inside-wrap:2:Inside Wrap intro:2:Intro intro-1:2:Intro locale:2:Locale Links:",
        "one (found: true), two (found: false), raw (found: false), locale (found: true), \
         term (found: true), wrap (found: true)",
    ] {
        assert!(expected.contains(shown), "{shown} not in {expected}");
    }
    let (_dir, book) = import_and_build(&site, &[]);
    let ours = read(&book.join("book/a.html"));
    assert_eq!(main_text(&ours), expected);
}

/// `.TableOfContents`, `.Fragments.ToHTML` and `Pages.GroupBy` / `GroupByParam`, in a
/// site's shortcodes, give what Hugo 0.168 gives: the same HTML (nesting of skipped levels,
/// a second `h1` row, titles with inline markup, the headings `{{% %}}` shortcodes write,
/// an empty page's `<nav>`) and the same groups in the same order.
#[test]
fn tables_of_contents_and_page_groups_are_hugos() {
    let site = fixture_site("toc");
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(&site, hugo_out.path());
    let (_dir, book) = import_and_build(&site, &[]);
    let shown = |html: &str| {
        let page = scraper::Html::parse_document(html);
        let pre = scraper::Selector::parse("pre").unwrap();
        let toc = scraper::Selector::parse("div.toc").unwrap();
        let mut shown: Vec<String> = page
            .select(&pre)
            .map(|p| p.text().collect::<String>())
            .collect();
        shown.extend(
            page.select(&toc)
                .map(|d| d.inner_html().split_whitespace().collect::<String>()),
        );
        shown
    };
    for (hugo_page, book_page, count) in [
        ("docs/index.html", "docs/index.html", 1),
        ("docs/contents/index.html", "docs/contents.html", 4),
        ("docs/empty/index.html", "docs/empty.html", 4),
    ] {
        let expected = shown(&read(&hugo_out.path().join(hugo_page)));
        assert_eq!(expected.len(), count, "{expected:?}");
        assert_eq!(shown(&read(&book.join("book").join(book_page))), expected);
    }
    let groups = shown(&read(&hugo_out.path().join("docs/index.html")));
    assert!(
        groups[0].starts_with("[0: Delta][1: Bravo Echo][2: Alpha Charlie]"),
        "{groups:?}"
    );
}

/// Pages whose `{{% %}}` shortcodes ask for `.Fragments` of their own page, or of a page
/// asking for theirs, convert without waiting for each other (Hugo 0.168 hangs on the first
/// case): a page being expanded for its fragments that is asked again gets those of its
/// body as written, so each page's count is the same whichever page the conversion asks
/// first. What a page's shortcodes report is reported once, at that page, however often
/// its fragments are made.
#[test]
fn fragments_asked_again_while_they_are_made_fall_back_to_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let build = import_then_build(&fixture_site("fragments-cycle"), &book);
    assert!(build.success, "{}", build.stderr);
    for (title, at) in [("C", "c.md:8:1"), ("D", "d.md:6:1")] {
        let warning = format!("warning: peer: peer of {title}\n");
        assert_eq!(
            build.stderr.matches(&warning).count(),
            1,
            "{}",
            build.stderr
        );
        let located = format!("{warning} --> content/{at}");
        assert!(build.stderr.contains(&located), "{}", build.stderr);
    }
    let headings = |page: &str| {
        let html = read(&book.join("book").join(page));
        let page = scraper::Html::parse_document(&html);
        let h2 = scraper::Selector::parse("main h2").unwrap();
        page.select(&h2)
            .map(|h| h.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    // c: its own body has 1 heading, so `self` writes "Self 1" and d (whose `peer` sees c
    // as written, or c with "Self 1" and "Peer 1") has 2; c then has 3.
    assert_eq!(headings("c.html"), ["First", "Self 3", "Peer 2"]);
    assert_eq!(headings("d.html"), ["First", "Peer 3"]);
}

/// `.Content`, `.Summary`, `.Plain`, `.WordCount` and `.ReadingTime` of a page whose body
/// calls a `{{< >}}` shortcode writing HTML and a `{{% %}}` one writing Markdown, asked for
/// by another page's shortcode, read as Hugo 0.168 gives them: the shortcodes run in their
/// page's context (`.Page.Title` is the source page's), Markdown rendered, HTML kept. A
/// shortcode's `.Page` has no content (empty, 0 words) on the page being converted and on
/// the page being expanded, as in Hugo.
#[test]
fn content_of_a_page_calling_shortcodes_is_hugos() {
    let site = fixture_site("content");
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(&site, hugo_out.path());
    let hugo = read(&hugo_out.path().join("reader/index.html"));
    let expected = main_text(&hugo);
    for shown in [
        "Before. Intro with emphasis and a box: Inline of Source Block of Source Note from \
         Source: a Markdown note A heading Last paragraph.",
        "words=29 minutes=1 plain=Intro with emphasis",
        "own: content=[] words=0 plain=[] summary=[] minutes=0 truncated=false After.",
    ] {
        assert!(expected.contains(shown), "{shown} not in {expected}");
    }
    let (_dir, book) = import_and_build(&site, &[]);
    let ours = read(&book.join("book/reader.html"));
    assert_eq!(main_text(&ours), expected);
    let marked = "section strong, section em, section h2";
    let tags = |html: &str| {
        let page = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse(marked).unwrap();
        page.select(&selector)
            .map(|e| format!("{}:{}", e.value().name(), e.text().collect::<String>()))
            .collect::<Vec<_>>()
    };
    let hugo_tags = tags(&hugo);
    assert_eq!(hugo_tags.len(), 12, "{hugo_tags:?}");
    assert_eq!(tags(&ours), hugo_tags);
}

/// A page whose shortcodes ask for its own `.Content`, and two pages asking for each
/// other's, convert (Hugo 0.168 never ends on either): the request is refused with a
/// warning reported once, at the shortcode asking, which is left as written.
#[test]
fn content_asked_for_while_it_is_made_is_refused_once() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let build = import_then_build(&fixture_site("content-cycle"), &book);
    assert!(build.success, "{}", build.stderr);
    for (page, asked, at) in [
        ("self", "self", "4:5"),
        ("p", "q", "4:4"),
        ("q", "p", "4:4"),
    ] {
        let warning = format!("error calling Content: the content of {asked}.md needs itself");
        assert_eq!(
            build.stderr.matches(&warning).count(),
            1,
            "{}",
            build.stderr
        );
        let located = format!("--> content/{page}.md:{at}");
        assert!(build.stderr.contains(&located), "{}", build.stderr);
        let html = read(&book.join("book").join(format!("{page}.html")));
        assert!(
            html.contains(&format!("{{{{&lt; content-of “/{asked}” &gt;}}}}")),
            "{html}"
        );
    }
}

/// The elements Hugo renders in the regions `selector` picks: each one's attributes and
/// its text with whitespace normalised.
fn regions(html: &str, selector: &str) -> Vec<(Vec<(String, String)>, String)> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).unwrap();
    page.select(&selector)
        .map(|element| {
            let mut attributes: Vec<(String, String)> = element
                .value()
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            attributes.sort();
            let text: String = element.text().collect::<Vec<_>>().join(" ");
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (attributes, text)
        })
        .collect()
}

/// A site's render hooks for headings, code blocks (and `render-codeblock-mermaid` before
/// `render-codeblock`), blockquotes (`render-blockquote-alert` before
/// `render-blockquote`), passthrough elements and tables run as Hugo 0.168 runs them, with
/// every context field: region by region, the page reads as Hugo's.
#[test]
fn a_sites_block_render_hooks_render_as_hugo_renders_them() {
    let site = fixture_site("hooks");
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(&site, hugo_out.path());
    let hugo = std::fs::read_to_string(hugo_out.path().join("page/index.html")).unwrap();
    let (_dir, book) = import_and_build(&site, &[]);
    let ours = std::fs::read_to_string(book.join("book/page.html")).unwrap();
    for selector in [
        "main h2",
        "main h3",
        ".hk-code",
        ".hk-meta",
        ".hk-inner",
        "pre.mermaid",
        "blockquote.hk-quote",
        ".hk-alert",
        "table.hk-table",
        "table.hk-table th",
        "table.hk-table td",
        ".hk-math",
    ] {
        let expected = regions(&hugo, selector);
        assert!(!expected.is_empty(), "Hugo has no {selector}");
        // Hugo's smart apostrophe is a character reference; mdBook's the character.
        let fix = |text: &str| text.replace('\u{2019}', "'");
        let strip = |regions: Vec<(Vec<(String, String)>, String)>| {
            regions
                .into_iter()
                .map(|(a, t)| (a, fix(&t)))
                .collect::<Vec<_>>()
        };
        let expected = strip(expected);
        let found = strip(regions(&ours, selector));
        // Hugo's `.Wrapped` is Chroma's markup, ours mdBook's `<pre><code>`: the code
        // blocks are compared by their code below.
        if selector == ".hk-code" {
            let attributes = |r: &[(Vec<(String, String)>, String)]| {
                r.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>()
            };
            assert_eq!(attributes(&found), attributes(&expected), "{selector}");
            continue;
        }
        assert_eq!(found, expected, "{selector}");
    }
    // `transform.HighlightCodeBlock`'s `.Wrapped` holds the code in its language's class.
    let code = |html: &str| {
        let page = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse(".hk-code code.language-go").unwrap();
        page.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(code(&ours), code(&hugo));
    assert_eq!(code(&ours).len(), 1);
    // The hooked headings keep their ids: in mdBook's search index and as link targets.
    let index = std::fs::read_dir(book.join("book"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("searchindex"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    for id in ["first-heading-here", "custom-id", "last-heading"] {
        assert!(index.contains(&format!("page.html#{id}")), "{id}");
    }
    // The links in hooked blockquotes and tables go through the site's link hook, in
    // Hugo's order, and are the book's links.
    let links = |html: &str, site_absolute: bool| {
        let page = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse("main a[data-ordinal]").unwrap();
        page.select(&selector)
            .map(|a| {
                let href = a.value().attr("href").unwrap_or_default();
                let href = match site_absolute {
                    true => href.replace("/other/", "other.html"),
                    false => href.to_string(),
                };
                let ordinal = a.value().attr("data-ordinal").unwrap_or_default();
                (href, ordinal.to_string(), a.text().collect::<String>())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(links(&ours, false), links(&hugo, true));
    assert_eq!(links(&ours, false).len(), 5);
}

/// What a link hook reports about a link inside a hooked blockquote or table is said
/// once, at the link (not lost with the visitors' reports the block hook replaces).
#[test]
fn link_hook_reports_inside_block_hooks_are_kept_at_the_link() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    copy_dir(&fixture_site("hooks"), &site);
    std::fs::write(
        site.join("layouts/_markup/render-link.html"),
        "{{ warnf \"LINKWARN %s\" .Destination }}<a href=\"{{ .Destination }}\">{{ .Text }}</a>",
    )
    .unwrap();
    let book = top.path().join("book");
    let build = import_then_build(&site, &book);
    assert!(build.success, "{}", build.stderr);
    for at in [
        "page.md:26:26",
        "page.md:28:24",
        "page.md:31:21",
        "page.md:39:3",
    ] {
        assert_eq!(
            build.stderr.matches(at).count(),
            1,
            "{at}: {}",
            build.stderr
        );
    }
    assert_eq!(
        build.stderr.matches("LINKWARN").count(),
        5,
        "{}",
        build.stderr
    );
}

/// `render-hooks` in `[preprocessor.hugo]` leaves the kinds it does not list to
/// Markdown (mdBook's headings, with their header links); an unknown kind is an error
/// naming the key.
#[test]
fn render_hooks_lists_the_kinds_that_apply() {
    let top = tempfile::tempdir().unwrap();
    let book = top.path().join("book");
    assert!(import(&fixture_site("hooks"), &book, &[]).status.success());
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let toml = point_at_test_binary(&toml).replace(
        "[preprocessor.hugo]\n",
        "[preprocessor.hugo]\nrender-hooks = [\"codeblock\", \"table\"]\n",
    );
    std::fs::write(book.join("book.toml"), &toml).unwrap();
    let build = mdbook_build(&book);
    assert!(build.success, "{}", build.stderr);
    let page = std::fs::read_to_string(book.join("book/page.html")).unwrap();
    assert!(
        page.contains(r#"<h2 id="first-heading-here" class="wide""#)
            || page.contains(r##"<a class="header" href="#first-heading-here">"##),
        "{page}"
    );
    assert!(
        !page.contains("hk-quote") && !page.contains("hk-math"),
        "{page}"
    );
    assert!(
        page.contains("hk-table") && page.contains("hk-code"),
        "{page}"
    );
    std::fs::write(
        book.join("book.toml"),
        toml.replace("\"table\"]", "\"tables\"]"),
    )
    .unwrap();
    let build = mdbook_build(&book);
    assert!(!build.success);
    assert!(
        build
            .stderr
            .contains("`preprocessor.hugo.render-hooks[1]` in book.toml: unknown variant `tables`"),
        "{}",
        build.stderr
    );
}

/// A hooked table's cells get the page's emoji (with `enableEmoji`); a table that refers
/// to a footnote is left to Markdown, so that mdBook writes the footnote's text (a
/// reference inside hook HTML would leave it out of the page).
#[test]
fn hooked_tables_keep_emoji_and_footnotes() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    copy_dir(&fixture_site("hooks"), &site);
    let config = std::fs::read_to_string(site.join("hugo.toml")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        format!("enableEmoji = true\n{config}"),
    )
    .unwrap();
    std::fs::write(
        site.join("content/tables.md"),
        "---\ntitle: Tables\n---\n\n| A | B |\n| - | - |\n| done | :white_check_mark: |\n\n\
         | Host | Deep |\n| - | - |\n| Pages | no [^1] |\n\n[^1]: Set the fetch depth to zero.\n",
    )
    .unwrap();
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/tables.html"));
    assert!(
        page.contains("hk-table") && page.contains("\u{2705}"),
        "{page}"
    );
    assert!(!page.contains(":white_check_mark:"), "{page}");
    assert!(page.contains("Set the fetch depth to zero."), "{page}");
}

/// Params a section's `cascade` gives its pages reach `param` in them, as in Hugo (the
/// preprocessor reads one page at a time, so the import writes them into the page).
#[test]
fn cascaded_params_reach_the_param_shortcode() {
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"S\"\n",
    );
    write(
        "content/blog/_index.md",
        "---\ntitle: Blog\ncascade:\n  params:\n    badge: Shiny\n---\n",
    );
    write(
        "content/blog/post.md",
        "---\ntitle: Post\n---\nBadge: {{< param badge >}}.\n",
    );
    let (_dir, book) = import_and_build(site.path(), &[]);
    let post = std::fs::read_to_string(book.join("book/blog/post.html")).unwrap();
    assert!(post.contains("Badge: Shiny."), "{post}");
}

/// A site may read files of its own git repository outside its folder (Docsy's site
/// mounts `../README.md`); outside the repository nothing is read.
#[test]
fn a_site_reads_its_own_repository_but_nothing_beyond() {
    let top = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = top.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "repo/README.md",
        "---\ntitle: Readme\n---\nFrom the repository.\n",
    );
    write(
        "repo/site/hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"S\"\n[[module.mounts]]\nsource = \"content\"\ntarget = \"content\"\n[[module.mounts]]\nsource = \"../README.md\"\ntarget = \"content/readme-page.md\"\n",
    );
    write("repo/site/content/_index.md", "---\ntitle: Home\n---\n");
    let site = top.path().join("repo/site");
    // Not a repository yet: the mount leaves the site and is not read.
    let (_dir, book) = import_and_build(&site, &[]);
    assert!(!book.join("book/readme-page.html").exists());
    std::fs::create_dir_all(top.path().join("repo/.git")).unwrap();
    let (_dir, book) = import_and_build(&site, &[]);
    let page = std::fs::read_to_string(book.join("book/readme-page.html")).unwrap();
    assert!(page.contains("From the repository."), "{page}");
}

/// A re-run of `import` removes only its own files inside the book: a manifest entry
/// that leads out of the book (edited by hand or by a pull request) is ignored.
#[test]
fn a_manifest_cannot_make_import_remove_files_outside_the_book() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = \"https://e.org/\"\n").unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: H\n---\n").unwrap();
    let book = top.path().join("book");
    assert!(import(&site, &book, &[]).status.success());
    let victim = top.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let manifest_path = book.join(".mdbook-hugo-import");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let victim_path = victim.to_str().unwrap().replace('\\', "/");
    let edited = manifest.replacen(
        "\"files\": [",
        &format!("\"files\": [\"../victim.txt\", \"{victim_path}\", "),
        1,
    );
    assert_ne!(edited, manifest, "the manifest lists its files");
    std::fs::write(&manifest_path, edited).unwrap();
    assert!(import(&site, &book, &[]).status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

/// A site template's `readFile` does not follow a symbolic link out of the site.
#[cfg(unix)]
#[test]
fn a_site_template_cannot_read_through_a_link_out_of_the_site() {
    let top = tempfile::tempdir().unwrap();
    let secret = top.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let site = top.path().join("site");
    for dir in ["content", "layouts/_shortcodes"] {
        std::fs::create_dir_all(site.join(dir)).unwrap();
    }
    std::fs::write(site.join("hugo.toml"), "baseURL = \"https://e.org/\"\n").unwrap();
    std::os::unix::fs::symlink(&secret, site.join("leak.txt")).unwrap();
    std::fs::write(
        site.join("layouts/_shortcodes/leak.html"),
        "[{{ readFile \"leak.txt\" }}]",
    )
    .unwrap();
    std::fs::write(
        site.join("content/_index.md"),
        "---\ntitle: H\n---\nx {{< leak >}} y\n",
    )
    .unwrap();
    let book = top.path().join("book");
    let build = import_then_build(&site, &book);
    assert!(build.success, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("readFile \"leak.txt\": outside the site"),
        "{}",
        build.stderr
    );
    let home = std::fs::read_to_string(book.join("book/index.html")).unwrap();
    assert!(!home.contains("TOP-SECRET"), "{home}");
}

/// `mdbook watch` (as `mdbook serve`) rebuilds an imported book when one of the site's own
/// shortcode templates changes: the import lists the site's folders read in place in
/// `build.extra-watch-dirs`.
#[test]
fn a_template_edit_reaches_a_watched_book() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    common::book::copy_dir(&fixture_site("templates"), &site);
    let (_dir, book) = import_and_build(&site, &[]);
    let page = book.join("book/page.html");
    let mut watch = Command::new("mdbook")
        .arg("watch")
        .current_dir(&book)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("mdbook watch runs");
    let template = site.join("layouts/_shortcodes/items.html");
    // Written again every second, in case the watcher was not listening yet.
    let rebuilt = (0..100).any(|i| {
        if i % 5 == 0 {
            std::fs::write(&template, "<ul><li>edited while watching</li></ul>\n").unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        std::fs::read_to_string(&page).is_ok_and(|html| html.contains("edited while watching"))
    });
    watch.kill().ok();
    watch.wait().ok();
    assert!(
        rebuilt,
        "the book was rebuilt with the edited template within 20 s"
    );
}

/// A problem two readers meet (a mount outside the site, read for content and for static
/// files) is told once.
#[test]
fn a_refused_mount_is_reported_once() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(top.path().join("outside")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "title = \"S\"\n[[module.mounts]]\nsource = \"../outside\"\ntarget = \"static\"\n[[module.mounts]]\nsource = \"../outside\"\ntarget = \"content\"\n",
    )
    .unwrap();
    std::fs::write(site.join("content/a.md"), "---\ntitle: A\n---\nA.\n").unwrap();
    let output = import(&site, &top.path().join("book"), &[]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    assert_eq!(log.matches("that mount is not read").count(), 1, "{log}");
}

/// A theme that exists outside the site and its repository is named as such, not as
/// missing: the user sees why it is not read.
#[test]
fn a_theme_outside_the_site_is_told_apart_from_a_missing_one() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(top.path().join("themes/there")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "title = \"S\"\nthemesDir = \"../themes\"\ntheme = [\"there\", \"nowhere\"]\n",
    )
    .unwrap();
    std::fs::write(site.join("content/a.md"), "---\ntitle: A\n---\nA.\n").unwrap();
    let output = import(&site, &top.path().join("book"), &[]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("`there` is at") && log.contains("outside the site and its repository"),
        "{log}"
    );
    assert!(
        log.contains("`nowhere` is not in ../themes/ or _vendor/ inside the site"),
        "{log}"
    );
}

/// An untitled page or section is labelled as the themes label it (hugo-book's
/// `docs/title` partial): its file or folder name, humanized and title-cased.
#[test]
fn untitled_pages_are_labelled_by_their_humanized_names() {
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"S\"\n",
    );
    write("content/user-guide/_index.md", "Section text.\n");
    write(
        "content/user-guide/getting_started-with-the-api.md",
        "Page text.\n",
    );
    write("content/user-guide/page-bundle/index.md", "Bundle text.\n");
    let (_dir, book) = import_and_build(site.path(), &[]);
    let summary = read(&book.join("content/SUMMARY.md"));
    for label in [
        "[User Guide]",
        "[Getting Started With the API]",
        "[Page Bundle]",
    ] {
        assert!(summary.contains(label), "{label} in:\n{summary}");
    }
}

/// A file the import wrote and the user then edited in the book is neither replaced nor
/// removed by a re-run unless `--force` says so; `--check` names it.
#[test]
fn a_rerun_keeps_edits_made_in_the_book_unless_forced() {
    let (_dir, site, book) = basic_site_imported();
    let install = book.join("content/docs/install.md");
    let beta = book.join("content/docs/beta.md");
    std::fs::write(&install, "my edit").unwrap();
    std::fs::write(&beta, "my other edit").unwrap();

    // Unchanged in the site: the edit is kept and reported, nothing is written.
    let check = import(&site, &book, &["--check"]);
    assert!(!check.status.success());
    assert!(
        stderr(&check).contains(
            "edited in the book since the last import: content/docs/install.md (would be replaced)"
        ),
        "{}",
        stderr(&check)
    );
    assert!(
        !stderr(&check).contains("changed: content/docs/install.md"),
        "listed once: {}",
        stderr(&check)
    );
    assert!(
        stderr(&check).contains(" --force` to update it"),
        "{}",
        stderr(&check)
    );
    std::fs::remove_file(site.join("content/docs/beta.md")).unwrap();
    let refused = import(&site, &book, &[]);
    assert!(!refused.status.success());
    let report = stderr(&refused);
    assert!(
        report.contains("content/docs/install.md (would be replaced)")
            && report.contains("content/docs/beta.md (would be removed)")
            && report.contains("--force"),
        "{report}"
    );
    assert_eq!(read(&install), "my edit");
    assert_eq!(read(&beta), "my other edit");

    let forced = import(&site, &book, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(read(&install), "my edit");
    assert!(!beta.exists());
    assert!(import(&site, &book, &["--check"]).status.success());
}

/// A manifest written before hashes were kept cannot tell an edit from a change in the
/// site: a file it lists that a re-run would change counts as edited (named, `--force`
/// replaces it); an unchanged site re-imports as before.
#[test]
fn a_manifest_without_hashes_protects_its_files_until_forced() {
    let (_dir, site, book) = basic_site_imported();
    let manifest_path = book.join(".mdbook-hugo-import");
    let mut manifest: serde_json::Value = serde_json::from_str(&read(&manifest_path)).unwrap();
    assert!(manifest.as_object_mut().unwrap().remove("hashes").is_some());
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let rerun = import(&site, &book, &[]);
    assert!(rerun.status.success(), "unchanged site: {}", stderr(&rerun));

    let install = site.join("content/docs/install.md");
    std::fs::write(&install, read(&install) + "\nNew line in the site.\n").unwrap();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let refused = import(&site, &book, &[]);
    assert!(!refused.status.success());
    let report = stderr(&refused);
    assert!(
        report.contains("content/docs/install.md (would be replaced; no hash)")
            && report.contains("earlier mdbook-hugo"),
        "{report}"
    );
    let forced = import(&site, &book, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(read(&book.join("content/docs/install.md")).contains("New line in the site."));
}

/// A template in `_markup/` that is no render hook Hugo runs (here `render-foo`) is said,
/// at its file; a hook that fails leaves its element to Markdown with a warning naming the
/// template's line and column and the element's place in the page.
#[test]
fn render_hooks_we_do_not_run_are_said() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    common::book::copy_dir(&fixture_site("templates"), &site);
    std::fs::write(
        site.join("layouts/_markup/render-foo.html"),
        "<h{{ .Level }}>{{ .Text }}</h{{ .Level }}>",
    )
    .unwrap();
    std::fs::write(
        site.join("layouts/_markup/render-image.html"),
        "{{ .NoSuchField }}",
    )
    .unwrap();
    std::fs::write(
        site.join("layouts/_markup/render-heading.html"),
        "<h{{ .Level }} id=\"{{ .Anchor }}\">\n{{ .Nope }}</h{{ .Level }}>",
    )
    .unwrap();
    let book = top.path().join("book");
    let build = import_then_build(&site, &book);
    assert!(build.success, "{}", build.stderr);
    assert!(
        build.stderr.contains("render-foo.html")
            && build
                .stderr
                .contains("render-foo is no render hook Hugo 0.168 runs"),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("render-image: the site's hook failed")
            && build.stderr.contains("content/links.md:6:29"),
        "{}",
        build.stderr
    );
    // The heading hook fails at its line 2, column 4 (the field); the heading is Markdown's.
    assert!(
        build
            .stderr
            .contains("render-heading: the site's hook failed (template: layouts/_markup/render-heading.html:2:4"),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains("content/links.md:10:1"),
        "{}",
        build.stderr
    );
    let links = std::fs::read_to_string(book.join("book/links.html")).unwrap();
    assert!(
        links.contains(
            r##"<h2 id="a-heading"><a class="header" href="#a-heading">A heading</a></h2>"##
        ),
        "{links}"
    );
    assert!(
        links.contains(r#"<img src="pic.png" title="P" alt="a picture_of x">"#),
        "{links}"
    );
}

/// Image processing (`.Resize`, `.Fit`, `.Fill`, `.Crop`, `.Process`, `.Filter`,
/// `images.Filter` and filters), resource metadata from the page's `resources`, `.Content`/`.Plain`/`.WordCount`/`.ReadingTime` of other
/// pages, and the `os` functions (`readFile` from the project and through a content mount,
/// `fileExists`, `os.Stat`, `readDir`, `getenv` under the site's security policy): the page
/// reads as Hugo 0.168 renders it. The image files are the originals, but every size a
/// template prints, `width=`/`height=` included, is Hugo's.
#[test]
fn image_sizes_page_content_and_os_functions_are_hugos() {
    // A copy: Hugo writes processed images and a lock file into the site.
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture_site("files"), site.path());
    let hugo_out = tempfile::tempdir().unwrap();
    common::hugo::build(site.path(), hugo_out.path());
    let hugo = read(&hugo_out.path().join("gallery/index.html"));
    let (_dir, book) = import_and_build(site.path(), &[]);
    let ours = read(&book.join("book/gallery/index.html"));
    let expected = main_text(&hugo);
    for shown in [
        "orig=333x217 tall=41x97 resize(100x)=100x65 resize(x50)=77x50",
        "fit(50x20 TopLeft)=31x20 tallfit(50x20 TopLeft)=8x20",
        "crop(1000x1000)=217x217 crop(400x300)=289x217",
        "process(resize 90x r90 webp q50)=90x138 process(r270)=217x333",
        "filter=70x49 imagesfilter=81x117 chain=78x120 same=true type=image/png exif tags=0 lat=0 date=0001-01-01 00:00:00 +0000 UTC",
        "plain=The docs section has an intro of seven words here. words=10 minutes=1",
        "Page A says hi.",
        r#"readme="The project readme." slash="The project readme." mounted="Notes from a mount.""#,
        "exists=true,true,true,true,false stat=README.md,20,false statdir=docs,true",
        "dir:_index.md,false dir:a.md,false home=true",
        // The page's `resources` front matter: names with `:counter`, titles, params.
        "photo.png|The photo|Me|second|png; tall-1.png|Image #1||second|png; get=Image #1",
        // `.Summary`: whole paragraphs up to 70 words, the text before `<!--more-->`, the
        // front matter's `summary`.
        "omega one two three four five. Before the divider . A given summary.",
    ] {
        assert!(expected.contains(shown), "{shown:?} not in {expected}");
    }
    assert!(!expected.contains("Third paragraph"), "{expected}");
    assert_eq!(main_text(&ours), expected);
    // The `<img>` keeps the original file, with the processed size.
    assert!(
        ours.contains(r#"<img src="photo.png" width="100" height="65" alt="photo">"#),
        "{ours}"
    );
    assert!(book.join("book/gallery/photo.png").is_file());
}

/// A repository (`top`) holding a site whose theme `t` lies beside it in `top/themes/`, as a
/// theme's example site has it (`hugo --themesDir ../themes`): the theme's `hi` shortcode
/// writes `hi`, its `hugo.toml` is `theme_config`, and the page `a.md` calls `hi`.
fn site_with_a_theme_beside(hi: &str, theme_config: &str) -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| common::fs::write_file(top.path(), path, text);
    write(".git/HEAD", "");
    write("themes/t/layouts/_shortcodes/hi.html", hi);
    write("themes/t/hugo.toml", theme_config);
    write("site/hugo.toml", "title = \"S\"\ntheme = \"t\"\n");
    write("site/content/a.md", "---\ntitle: A\n---\n{{< hi >}}\n");
    let site = top.path().join("site");
    (top, site)
}

/// Imports `site` into `book` with `HUGO_THEMESDIR=themes_dir`, its book.toml pointed at the
/// binary under test; the import's output.
fn import_with_themes_dir(site: &Path, book: &Path, themes_dir: &std::ffi::OsStr) -> Output {
    let out = binary()
        .arg("import")
        .arg(site)
        .arg(book)
        .env("HUGO_THEMESDIR", themes_dir)
        .output()
        .unwrap();
    if out.status.success() {
        let toml = read(&book.join("book.toml"));
        std::fs::write(book.join("book.toml"), point_at_test_binary(&toml)).unwrap();
    }
    out
}

/// `mdbook build` of `book` with `HUGO_THEMESDIR` set to `themes_dir` (or unset): the
/// build's log and the built `a.html`.
fn build_with_themes_dir(book: &Path, themes_dir: Option<&std::ffi::OsStr>) -> (String, String) {
    let mut command = Command::new("mdbook");
    command.arg("build").current_dir(book);
    match themes_dir {
        Some(dir) => command.env("HUGO_THEMESDIR", dir),
        None => command.env_remove("HUGO_THEMESDIR"),
    };
    let output = command.output().unwrap();
    (stderr(&output), read(&book.join("book/a.html")))
}

/// A site whose theme is found only with `HUGO_THEMESDIR` (built with `hugo --themesDir`)
/// gets its theme's templates in `mdbook build` with the same variable; without it the
/// build says that the theme's templates are not used and how to fix it, rather than
/// silently rendering with the built-ins.
#[test]
fn a_theme_found_through_hugo_themesdir_is_needed_by_the_build_too() {
    let (top, site) = site_with_a_theme_beside("<p>THEME SAYS HI</p>", "");
    let book = top.path().join("book");
    let themes_dir = std::ffi::OsStr::new("../themes");
    let out = import_with_themes_dir(&site, &book, themes_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let (log, page) = build_with_themes_dir(&book, None);
    assert!(
        log.contains("theme or module `t` is not in themes/")
            && log.contains("needs `HUGO_THEMESDIR=DIR` for `mdbook build` too"),
        "{log}"
    );
    assert!(!page.contains("THEME SAYS HI"), "{page}");
    let (log, page) = build_with_themes_dir(&book, Some(themes_dir));
    assert!(page.contains("<p>THEME SAYS HI</p>"), "{log}\n{page}");
    assert!(!log.contains("HUGO_THEMESDIR"), "{log}");
}

/// An absolute `HUGO_THEMESDIR` (`$PWD/../..`) finds the theme its relative form finds, for
/// `import` and for `mdbook build`; one outside the site's repository is still not read.
#[test]
fn an_absolute_hugo_themesdir_finds_the_theme_its_relative_form_finds() {
    let (top, site) = site_with_a_theme_beside(
        "<p>{{ site.Params.greeting }}</p>",
        "[params]\ngreeting = \"THEME SAYS HI\"\n",
    );
    let themes = std::path::absolute(top.path().join("themes")).unwrap();
    let book = top.path().join("book");
    let out = import_with_themes_dir(&site, &book, themes.as_os_str());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("theme or module"),
        "{}",
        stderr(&out)
    );
    let toml = read(&book.join("book.toml"));
    assert!(
        toml.contains("THEME SAYS HI"),
        "the theme's params are imported:\n{toml}"
    );
    let (log, page) = build_with_themes_dir(&book, Some(themes.as_os_str()));
    assert!(page.contains("<p>THEME SAYS HI</p>"), "{log}\n{page}");

    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(elsewhere.path().join("t")).unwrap();
    let out = import_with_themes_dir(
        &site,
        &top.path().join("book2"),
        elsewhere.path().as_os_str(),
    );
    assert!(
        stderr(&out).contains("outside the site and its repository"),
        "{}",
        stderr(&out)
    );
}

/// Hugo's `now` in a site's template is the build's time (or `SOURCE_DATE_EPOCH`), not
/// the Unix epoch: Docsy's `release-summary` looks up this year's posts with `now.Year`.
#[test]
fn now_in_a_site_template_is_the_build_time() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("layouts/_shortcodes")).unwrap();
    std::fs::write(site.join("hugo.toml"), "title = \"S\"\n").unwrap();
    std::fs::write(
        site.join("layouts/_shortcodes/built.html"),
        "<span>built at {{ now.Unix }}</span>",
    )
    .unwrap();
    std::fs::write(
        site.join("content/a.md"),
        "---\ntitle: A\n---\n{{< built >}}\n",
    )
    .unwrap();
    let expected = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(fixed) => fixed.trim().parse::<i64>().unwrap(),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    };
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/a.html"));
    let at: i64 = page
        .split("built at ")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no time in {page}"));
    assert!(
        (at - expected).abs() < 600,
        "now.Unix is {at}, the build ran at {expected}"
    );
}

/// A site template's `{{< >}}` output in a code block or a code span is its text as Hugo
/// 0.168 shows it (`[5]`), not escaped for Markdown text (`&#91;5&#93;` shown as is).
#[test]
fn a_site_template_in_code_gives_its_output_as_it_is() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("layouts/_shortcodes")).unwrap();
    std::fs::write(site.join("hugo.toml"), "title = \"S\"\n").unwrap();
    std::fs::write(site.join("layouts/_shortcodes/o.html"), "[{{ .Get 0 }}]").unwrap();
    std::fs::write(
        site.join("content/a.md"),
        "---\ntitle: A\n---\n```\n{{< o 5 >}}\n```\n\nSpan `{{< o 6 >}}` and text {{< o 7 >}}.\n",
    )
    .unwrap();
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/a.html"));
    assert!(page.contains("<code>[5]\n</code>"), "{page}");
    assert!(page.contains("<code>[6]</code>"), "{page}");
    assert!(main_text(&page).contains("and text [7]."), "{page}");
}

/// `Page.GetPage` with a relative path looks in the page's own folder first, as Hugo 0.168
/// does (Docsy's `release-summary` asks the blog section for `2026/0.16.0`); the output
/// is Hugo's for the same site: `[X|B|Blog|X|B]`.
#[test]
fn page_get_page_resolves_relative_paths_from_the_page() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    let write = |path: &str, text: &str| common::fs::write_file(&site, path, text);
    write("hugo.toml", "title = \"S\"\n");
    write("content/blog/_index.md", "---\ntitle: Blog\n---\n");
    write("content/blog/2026/x.md", "---\ntitle: X\n---\n");
    write("content/docs/_index.md", "---\ntitle: Docs\n---\n");
    write("content/docs/b.md", "---\ntitle: B\n---\n");
    write("content/docs/a.md", "---\ntitle: A\n---\n{{< g >}}\n");
    write(
        "layouts/_shortcodes/g.html",
        "<p>[{{ with (site.GetPage \"/blog\").GetPage \"2026/x\" }}{{ .Title }}{{ end }}|\
         {{- with .Page.GetPage \"b\" }}{{ .Title }}{{ end }}|\
         {{- with .Page.GetPage \"blog\" }}{{ .Title }}{{ end }}|\
         {{- with .Page.GetPage \"../blog/2026/x\" }}{{ .Title }}{{ end }}|\
         {{- with .Page.GetPage \"./b\" }}{{ .Title }}{{ end }}]</p>",
    );
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/docs/a.html"));
    assert!(main_text(&page).contains("[X|B|Blog|X|B]"), "{page}");
}

/// Hugo's collection functions keep a `Pages` a `Pages` (Learn's `children` template sorts
/// `.Page.Pages | union .Page.Sections` with `.ByWeight`); the output is Hugo 0.168's for
/// the same site.
#[test]
fn collection_functions_keep_pages_pages() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    let write = |path: &str, text: &str| common::fs::write_file(&site, path, text);
    write("hugo.toml", "title = \"S\"\n");
    write("content/s/_index.md", "---\ntitle: S\n---\n{{< u >}}\n");
    write("content/s/a.md", "---\ntitle: A\nweight: 2\n---\n");
    write("content/s/b.md", "---\ntitle: B\nweight: 1\n---\n");
    write(
        "content/s/sub/_index.md",
        "---\ntitle: Sub\nweight: 3\n---\n",
    );
    write(
        "layouts/_shortcodes/u.html",
        "<p>{{ range (.Page.Pages | union .Page.Sections).ByWeight }}[{{ .Title }}]{{ end }} \
         {{ range (where .Page.Pages \"Kind\" \"page\").ByTitle }}({{ .Title }}){{ end }} \
         {{ (first 1 .Page.Pages.ByWeight).Len }}</p>",
    );
    // Equal weights: Hugo orders by link title, the section among the pages.
    write("content/t/_index.md", "---\ntitle: T\n---\n{{< v >}}\n");
    write("content/t/a.md", "---\ntitle: A\nweight: 1\n---\n");
    write("content/t/b.md", "---\ntitle: B\nweight: 1\n---\n");
    write(
        "content/t/sub/_index.md",
        "---\ntitle: Aardvark\nweight: 1\n---\n",
    );
    write(
        "layouts/_shortcodes/v.html",
        "<p>{{ range (.Page.Pages | union .Page.Sections).ByWeight }}[{{ .Title }}]{{ end }}</p>",
    );
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/s/index.html"));
    assert!(main_text(&page).contains("[B][A][Sub] (A)(B) 1"), "{page}");
    let page = read(&book.join("book/t/index.html"));
    assert!(main_text(&page).contains("[A][Aardvark][B]"), "{page}");
}

/// `.Summary` and `.Truncated` of other pages are Hugo 0.168's (Learn's `children` shows
/// the summary of a child without a description): the output below is Hugo's for the same
/// site, with the words of the long paragraphs left out.
#[test]
fn summaries_of_pages_are_hugos() {
    let top = tempfile::tempdir().unwrap();
    let site = top.path().join("site");
    let write = |path: &str, text: &str| common::fs::write_file(&site, path, text);
    let words = |n: usize, p: &str| {
        (0..n)
            .map(|i| format!("{p}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    write("hugo.toml", "title = \"S\"\n");
    write("content/s/_index.md", "---\ntitle: S\n---\n{{< sm >}}\n");
    write(
        "content/s/a.md",
        &format!(
            "---\ntitle: A\nweight: 1\n---\n{}\n\n{}\n\n{}\n",
            words(40, "a"),
            words(40, "b"),
            words(10, "c")
        ),
    );
    write(
        "content/s/b.md",
        "---\ntitle: B\nweight: 2\n---\nFirst *part*.\n\n<!--more-->\n\nRest.\n",
    );
    write(
        "content/s/c.md",
        "---\ntitle: C\nweight: 3\nsummary: Given *here*\n---\nBody.\n",
    );
    write(
        "content/s/d.md",
        "---\ntitle: D\nweight: 4\n---\nShort only.\n",
    );
    write(
        "layouts/_shortcodes/sm.html",
        "{{ range .Page.Pages.ByWeight }}<div>{{ .Title }}|{{ .Summary }}|{{ .Truncated }}</div>{{ end }}",
    );
    let (_dir, book) = import_and_build(&site, &[]);
    let page = read(&book.join("book/s/index.html"));
    // Whitespace between tags differs (mdBook's placement), so it is left out on both sides.
    let main = main_text_html(&page);
    for expected in [
        format!(
            "<div>A|<p>{}</p><p>{}</p>|true</div>",
            words(40, "a"),
            words(40, "b")
        ),
        "<div>B|<p>First <em>part</em>.</p>|true</div>".to_string(),
        "<div>C|Given <em>here</em>|false</div>".to_string(),
        "<div>D|<p>Short only.</p>|false</div>".to_string(),
    ] {
        let expected: String = expected.split_whitespace().collect();
        assert!(main.contains(&expected), "{expected} not in {main}");
    }
    assert!(!main.contains("c0"), "{main}");
}

/// The HTML of a built page's `<main>`, without any whitespace.
fn main_text_html(page: &str) -> String {
    let start = page.find("<main>").expect("a <main>");
    let end = page.find("</main>").expect("a </main>");
    page[start..end].split_whitespace().collect()
}

/// A site whose language has a content folder of its own (`languages.en.contentDir:
/// content/en`, as gRPC's site): the book's source folder is that folder, so mdBook's edit
/// link of a chapter (`{path}`) is the page's path in the site's repository, and the rest
/// of `content/` (which Hugo does not read) stays out of the book.
#[test]
fn a_language_content_folder_is_the_books_source_folder() {
    let (_dir, book) = import_and_build(&fixture_site("langdirs"), &[]);
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(toml.contains("src = \"content/en\""), "{toml}");
    let summary = std::fs::read_to_string(book.join("content/en/SUMMARY.md")).unwrap();
    assert!(summary.contains("(docs/install.md)"), "{summary}");
    assert!(
        !summary.contains("stray") && !summary.contains("note"),
        "{summary}"
    );
    assert!(!book.join("content/en/stray.md").exists());
    assert!(book.join("book/docs/install.html").is_file());
}
