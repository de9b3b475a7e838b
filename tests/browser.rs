//! The built book in a real browser: headless Chromium through ChromeDriver, the book served
//! under `/tpm-guide/` like a project site on GitHub Pages. One test, so the book builds once
//! and one browser starts. Needs Debian's `chromium` and `chromium-driver` (the README's test
//! command installs them).
//!
//! What it covers: every page loads with no console error and no failed request; print.html
//! holds every chapter in order; the home cards and the "here" deep link land; keyboard
//! access to the cards and to the tabs; search finds the expected chapter (card and lead
//! text included); every old Hugo URL redirects to its chapter; a missing page gets the
//! book's 404 page, working under the sub-path; the theme switcher, and WCAG AA contrast of
//! cards, leads, callouts and tabs in all five themes; the phone layout; screenshots of the
//! home page and a chapter in every theme (`target/screenshots/`).
//!
//! Like mdBook's own GUI tests it is left out of a bare `cargo test`; the README's test
//! command runs it (`cargo test --test browser -- --ignored`).

mod common;

use common::book::{copy_repo_book, html_files, mdbook_build};
use common::page_checks::{AA_CONTRAST, RESOURCE_PROBLEMS, contrast_failures};
use common::search::{SearchDoc, search_docs, urls_containing};
use common::serve::Server;
use common::webdriver::{ARROW_RIGHT, Browser, ENTER, SPACE, TAB};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the book is served, as on GitHub Pages for a project site (book.toml's site-url).
const PREFIX: &str = "/tpm-guide/";
/// How long a page gets to load or settle.
const SETTLE: Duration = Duration::from_secs(10);
/// Tab presses allowed to reach the cards: past the header and the sidebar's ~55 chapters.
const MAX_TABS: usize = 150;
/// Tab presses allowed to reach a tab list further down a chapter (past the sidebar).
const MAX_TABS_CHAPTER: usize = 200;
/// The home page's `<h1>`.
const HOME_TITLE: &str = "On being a Technical Program Manager";
/// (name, width, height) of the screenshot viewports.
const DESKTOP: (&str, u32, u32) = ("desktop", 1280, 900);
const PHONE: (&str, u32, u32) = ("phone", 390, 844);
/// mdBook's five themes, as its theme buttons and `<html>` classes name them.
const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];
/// The chapter with tabs and callouts, screenshotted and measured in every theme.
const TABS_CHAPTER: &str = "how/communication.html";
/// Searches and the chapter each must find (besides the card and lead words picked from the
/// home page): words from different chapters, a chapter title word (boosted) and a
/// two-word query (every word must match).
const SEARCHES: [(&str, &str); 5] = [
    ("RACI", "toolkit/raci.html"),
    ("postmortem", "how/retrospectives.html"),
    ("launch checklist", "toolkit/launch-checklist.html"),
    ("influence", "how/influence.html"),
    ("communication", "how/communication.html"),
];
/// The text measured for contrast: (page, selector).
/// print.html has every kind of callout the book uses.
const CONTRAST_TARGETS: [(&str, &str); 7] = [
    ("", ".hugo-card-title"),
    ("", ".hugo-card-text"),
    ("", ".hugo-lead"),
    (TABS_CHAPTER, "blockquote.blockquote-tag"),
    (TABS_CHAPTER, ".hugo-tablist"),
    ("print.html", "blockquote.blockquote-tag"),
    ("print.html", ".hugo-card"),
];

#[test]
#[ignore = "slow, needs Chromium: scripts/test.sh runs it with --ignored"]
fn the_book_works_in_a_real_browser() {
    let start = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    copy_repo_book(dir.path());
    let build = mdbook_build(dir.path());
    assert!(build.success, "mdbook build failed:\n{}", build.stderr);
    let site = Site {
        chapters: summary_chapters(dir.path()),
        redirects: mdbook_hugo::redirects::for_book(dir.path())
            .expect("redirects of the book")
            .entries,
        docs: search_docs(&build.book_dir),
        server: Server::start(&build.book_dir, PREFIX),
        browser: Browser::start(),
        book_dir: build.book_dir,
        titles: Default::default(),
    };
    // print.html prints itself on load; a headless browser has no printer to wait for.
    site.browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.print = () => {};"}),
    );
    let site = site.every_page_loads_cleanly();
    site.home_page_loads_cleanly();
    site.print_page_has_every_chapter();
    site.cards_link_to_their_sections();
    site.here_link_lands_on_its_heading();
    site.cards_are_reachable_by_keyboard();
    site.tabs_work_from_the_keyboard();
    site.search_finds_the_expected_chapters();
    site.old_hugo_urls_redirect_to_their_chapters();
    site.missing_pages_get_the_404_page();
    site.themes_switch_and_keep_aa_contrast();
    site.phone_layout_in_every_theme();
    eprintln!("browser test took {:.1?}", start.elapsed());
}

/// The chapters of `SUMMARY.md` in order, as the `.html` paths mdBook writes.
fn summary_chapters(book_root: &Path) -> Vec<String> {
    let loaded = mdbook_hugo::load::load(book_root).unwrap();
    loaded
        .book
        .iter()
        .filter_map(|item| match item {
            mdbook_preprocessor::book::BookItem::Chapter(c) => c.source_path.clone(),
            _ => None,
        })
        .map(|chapter| {
            let chapter = mdbook_hugo::preprocessor::path_to_slash(&chapter);
            let output = mdbook_hugo::site::output_path_for(&chapter);
            format!("{}.html", output.strip_suffix(".md").unwrap_or(&output))
        })
        .collect()
}

/// The served book and the browser looking at it.
struct Site {
    server: Server,
    browser: Browser,
    /// The built book on disk.
    book_dir: PathBuf,
    /// The chapters' `.html` paths in `SUMMARY.md` order.
    chapters: Vec<String>,
    /// Each chapter's `main h1`, read by [`Site::every_page_loads_cleanly`].
    titles: HashMap<String, String>,
    /// The redirects generated from the content (as in book.toml).
    redirects: Vec<mdbook_hugo::redirects::Redirect>,
    /// The built search index, to pick distinctive words.
    docs: Vec<SearchDoc>,
}

impl Site {
    /// Every page of the book (each chapter and print.html) loads with no console error and
    /// no failed request; remembers each chapter's `<h1>`.
    fn every_page_loads_cleanly(mut self) -> Self {
        let redirect_files: Vec<String> = self
            .redirects
            .iter()
            .map(|r| r.from.trim_start_matches('/').to_string())
            .collect();
        let mut pages: Vec<String> = html_files(&self.book_dir)
            .iter()
            .map(|p| path_to_slash(p.strip_prefix(&self.book_dir).unwrap()))
            // toc.html is the sidebar of readers without JavaScript, loaded in a frame of
            // every page, never on its own (alone it has no favicon link, so the browser
            // asks for the origin's /favicon.ico, outside the book); 404.html and the
            // redirect pages have tests of their own.
            .filter(|p| p != "404.html" && p != "toc.html" && !redirect_files.contains(p))
            .collect();
        pages.sort();
        for chapter in &self.chapters {
            assert!(
                pages.contains(chapter),
                "SUMMARY.md lists {chapter}, which the build did not write"
            );
        }
        for page in &pages {
            self.open(page);
            self.assert_clean(page);
            if self.chapters.contains(page) {
                let h1 =
                    self.js("return document.querySelector('main h1')?.textContent.trim() ?? '';");
                let h1 = h1.as_str().unwrap_or_default().to_string();
                assert!(!h1.is_empty(), "{page} has no main h1");
                self.titles.insert(page.clone(), h1);
            }
        }
        eprintln!("{} pages loaded cleanly", pages.len());
        self
    }

    /// print.html holds every chapter, by its `<h1>`, in `SUMMARY.md` order.
    fn print_page_has_every_chapter(&self) {
        self.open("print.html");
        self.assert_clean("print.html");
        let printed = self
            .js("return [...document.querySelectorAll('main h1')].map(h => h.textContent.trim());");
        let printed: Vec<&str> = printed
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mut rest = printed.iter();
        for chapter in &self.chapters {
            let title = &self.titles[chapter];
            assert!(
                rest.any(|h1| h1 == title),
                "print.html lacks the chapter {chapter} (\"{title}\") after the ones before it; \
                 its h1s: {printed:?}"
            );
        }
    }

    /// a. The home page loads without errors and shows converted, not raw, content.
    fn home_page_loads_cleanly(&self) {
        self.open("");
        self.assert_clean("home page");
        let h1 = self.js("return document.querySelector('main h1')?.textContent.trim() ?? null;");
        assert_eq!(h1, json!(HOME_TITLE), "the home page's <h1> (main h1)");
        let lead = self.js("return document.querySelectorAll('main .hugo-lead').length;");
        assert_eq!(
            lead,
            json!(1),
            "the home page has one `.hugo-lead` paragraph ({{< lead >}})"
        );
        let text = self.js("return document.body.innerText;");
        let text = text.as_str().unwrap_or_default();
        for raw in ["{{<", "{{%"] {
            assert!(
                !text.contains(raw),
                "raw shortcode text `{raw}` on the home page:\n{text}"
            );
        }
    }

    /// b. Two card links, each complete, leading to the two section pages.
    fn cards_link_to_their_sections(&self) {
        self.open("");
        let cards = self.js(
            "return [...document.querySelectorAll('a.hugo-card')].map(c => ({
                href: c.getAttribute('href'),
                svg: c.querySelector('.hugo-card-icon svg') !== null,
                title: c.querySelector('.hugo-card-title')?.textContent.trim() ?? '',
                text: c.querySelector('.hugo-card-text')?.textContent.trim() ?? '',
            }));",
        );
        let cards = cards.as_array().expect("card list");
        assert_eq!(
            cards.len(),
            2,
            "expected two a.hugo-card links on the home page: {cards:?}"
        );
        for card in cards {
            assert_eq!(
                card["svg"],
                json!(true),
                "card without an inline SVG icon: {card}"
            );
            assert_ne!(
                card["title"],
                json!(""),
                "card without a .hugo-card-title: {card}"
            );
            assert_ne!(
                card["text"],
                json!(""),
                "card without a .hugo-card-text: {card}"
            );
        }
        for (index, target) in ["what/index.html", "how/index.html"].iter().enumerate() {
            self.open("");
            let card = &self.browser.find_all_css("a.hugo-card")[index];
            self.browser.click(card);
            self.assert_navigated_to(target, &format!("clicking card {}", index + 1));
            self.assert_clean(target);
        }
    }

    /// c. The "here" link lands on the PgM-and-TPM heading of the roles page, in view.
    fn here_link_lands_on_its_heading(&self) {
        self.open("");
        let link = self
            .browser
            .find("xpath", "//main//a[normalize-space()='here']");
        self.browser.click(&link);
        self.assert_navigated_to("what/roles.html#pgm-and-tpm", "clicking the \"here\" link");
        self.assert_clean("what/roles.html");
        let geometry = "const el = document.getElementById('pgm-and-tpm');
            if (!el) return null;
            const r = el.getBoundingClientRect();
            return {tag: el.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth};";
        let in_view = format!("return ((() => {{ {geometry} }})() || {{}}).inView === true;");
        self.browser.wait_for(&in_view, &[], SETTLE);
        let heading = self.js(geometry);
        assert!(
            !heading.is_null(),
            "what/roles.html has no element #pgm-and-tpm"
        );
        let tag = heading["tag"].as_str().unwrap_or_default();
        assert!(
            matches!(tag, "H1" | "H2" | "H3" | "H4" | "H5" | "H6"),
            "#pgm-and-tpm is a <{tag}>, not a heading"
        );
        assert_eq!(
            heading["inView"],
            json!(true),
            "#pgm-and-tpm is not within the viewport: {heading}"
        );
    }

    /// d. Tab reaches every card; Enter on the first one opens its section.
    fn cards_are_reachable_by_keyboard(&self) {
        self.open("");
        let count = self.browser.find_all_css("a.hugo-card").len();
        let mut reached = vec![false; count];
        for _ in 0..MAX_TABS {
            if reached.iter().all(|&r| r) {
                break;
            }
            if let Some(i) = self.tab_to_next() {
                reached[i] = true;
            }
        }
        assert!(
            reached.iter().all(|&r| r),
            "{MAX_TABS} Tab presses did not focus every a.hugo-card (reached: {reached:?})"
        );
        self.open("");
        let focused = (0..MAX_TABS).any(|_| self.tab_to_next() == Some(0));
        assert!(
            focused,
            "after a reload, Tab never focused the first card again"
        );
        self.browser.send_keys(&ENTER.to_string());
        self.assert_navigated_to("what/index.html", "pressing Enter on the first card");
    }

    /// Keyboard only on the tabs of a chapter: Tab reaches every tab list (its selected
    /// tab), ArrowRight selects and focuses the next tab without turning the page, and
    /// Enter and Space select a focused tab.
    fn tabs_work_from_the_keyboard(&self) {
        self.open(TABS_CHAPTER);
        let groups = self.js("return document.querySelectorAll('.hugo-tabs-ready').length;");
        let groups = groups.as_u64().unwrap_or(0) as usize;
        assert!(groups > 0, "{TABS_CHAPTER} has no ready .hugo-tabs group");
        for group in 0..groups {
            let focused = format!(
                "const g = document.querySelectorAll('.hugo-tabs-ready')[{group}];
                 return document.activeElement?.closest('.hugo-tablist')?.parentElement === g;"
            );
            assert!(
                self.tab_until(&focused, MAX_TABS_CHAPTER),
                "{MAX_TABS_CHAPTER} Tab presses did not reach tab list {group} of {TABS_CHAPTER}"
            );
            let tabs = self.tab_state(group);
            let count = tabs["count"].as_u64().unwrap_or(0);
            assert!(
                count >= 2,
                "tab list {group} has fewer than two tabs: {tabs}"
            );
            assert_eq!(
                tabs["focused"], tabs["selected"],
                "Tab focused a tab that is not the selected one: {tabs}"
            );
            let first = tabs["selected"].as_u64().unwrap();
            self.browser.send_keys(&ARROW_RIGHT.to_string());
            let next = (first + 1) % count;
            let after = self.tab_state(group);
            assert!(
                !after.is_null(),
                "ArrowRight on a tab left {TABS_CHAPTER} for {} (mdBook turns the page on \
                 arrow keys unless the tab list keeps them)",
                self.browser.current_url()
            );
            assert_eq!(
                (after["focused"].as_u64(), after["selected"].as_u64()),
                (Some(next), Some(next)),
                "ArrowRight did not move to tab {next}: {after}"
            );
            assert_eq!(
                after["visiblePanels"],
                json!([next]),
                "after ArrowRight only panel {next} should show: {after}"
            );
            assert_eq!(
                self.browser.current_url(),
                self.server.url(TABS_CHAPTER),
                "ArrowRight on a tab turned the page"
            );
            for (key, name) in [(ENTER, "Enter"), (SPACE, "Space")] {
                let target = (self.tab_state(group)["selected"].as_u64().unwrap() + 1) % count;
                let focus = format!(
                    "document.querySelectorAll('.hugo-tabs-ready')[{group}]
                        .querySelectorAll('.hugo-tab')[{target}].focus();"
                );
                self.js(&focus);
                self.browser.send_keys(&key.to_string());
                let state = self.tab_state(group);
                assert_eq!(
                    state["selected"].as_u64(),
                    Some(target),
                    "{name} on focused tab {target} did not select it: {state}"
                );
                assert_eq!(state["visiblePanels"], json!([target]), "{name}: {state}");
            }
        }
        self.assert_clean(TABS_CHAPTER);
    }

    /// Which tab of tab group `group` has the focus and which is selected, and which
    /// panels show.
    fn tab_state(&self, group: usize) -> Value {
        self.js(&format!(
            "const g = document.querySelectorAll('.hugo-tabs-ready')[{group}];
             if (!g) return null;
             const tabs = [...g.querySelectorAll(':scope > .hugo-tablist > .hugo-tab')];
             const panels = tabs.map(t => document.getElementById(t.getAttribute('aria-controls')));
             return {{count: tabs.length,
                     focused: tabs.indexOf(document.activeElement),
                     selected: tabs.findIndex(t => t.getAttribute('aria-selected') === 'true'),
                     visiblePanels: panels.flatMap((p, i) => p && !p.hidden && p.offsetHeight > 0 ? [i] : [])}};"
        ))
    }

    /// The search box (opened with `s`) finds the expected chapter for words from different
    /// chapters, a word only in the home page's card text and one only in its lead.
    fn search_finds_the_expected_chapters(&self) {
        let card_word = self.distinctive_home_word(".hugo-card");
        let lead_word = self.distinctive_home_word(".hugo-lead");
        eprintln!("search: card word {card_word:?}, lead word {lead_word:?}");
        let mut searches: Vec<(String, &str)> =
            vec![(card_word, "index.html"), (lead_word, "index.html")];
        searches.extend(SEARCHES.iter().map(|(q, page)| (q.to_string(), *page)));
        for (query, expected) in &searches {
            let found = self.search(query);
            assert!(
                found.iter().any(|page| page == expected),
                "searching {query:?} did not list {expected}; results: {found:?}"
            );
        }
    }

    /// A word of the home page's `selector` text found nowhere else on the home page,
    /// the one in the fewest search documents (the most telling search).
    fn distinctive_home_word(&self, selector: &str) -> String {
        self.open("");
        let texts = self.browser.execute(
            "const main = document.querySelector('main');
             const inside = [...main.querySelectorAll(arguments[0])].map(e => e.textContent).join(' ');
             const copy = main.cloneNode(true);
             copy.querySelectorAll(arguments[0]).forEach(e => e.remove());
             return [inside, copy.textContent];",
            &[json!(selector)],
        );
        let words = |text: &Value| -> Vec<String> {
            text.as_str()
                .unwrap_or_default()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 5)
                .map(str::to_lowercase)
                .collect()
        };
        let (inside, outside) = (words(&texts[0]), words(&texts[1]));
        let mut candidates: Vec<(usize, String)> = inside
            .into_iter()
            .filter(|w| !outside.contains(w))
            .map(|w| (urls_containing(&self.docs, &w).len(), w))
            .collect();
        candidates.sort();
        candidates.dedup();
        candidates
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no word of the home page's {selector} is only there"))
            .1
    }

    /// Opens the home page, presses `s`, types `query` and returns the result pages (paths
    /// relative to the book, without query or fragment), in order.
    fn search(&self, query: &str) -> Vec<String> {
        self.open("");
        self.browser.send_keys("s");
        let opened = self.browser.wait_for(
            "return document.activeElement?.id === 'mdbook-searchbar';",
            &[],
            SETTLE,
        );
        assert!(opened, "pressing s did not open and focus the search box");
        self.browser.send_keys(query);
        let done = self.browser.wait_for(
            "const header = document.getElementById('mdbook-searchresults-header');
             return document.querySelectorAll('#mdbook-searchresults li').length > 0
                 && header.textContent.includes(arguments[0]);",
            &[json!(query)],
            SETTLE,
        );
        let header =
            self.js("return document.getElementById('mdbook-searchresults-header').textContent;");
        assert!(done, "no search results for {query:?} (header: {header})");
        let base = self.server.base_url();
        let hrefs = self.js(
            "return [...document.querySelectorAll('#mdbook-searchresults a')].map(a => a.href);",
        );
        self.assert_clean(&format!("the search for {query:?}"));
        hrefs
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .map(|href| {
                let page = href.split(['?', '#']).next().unwrap_or(href);
                page.strip_prefix(&base).unwrap_or(page).to_string()
            })
            .collect()
    }

    /// Every old Hugo URL (pretty URLs, slugs, `url` and aliases, from the generated
    /// redirects) ends on its chapter; so do a section URL, one without its trailing
    /// slash, and one with a fragment.
    fn old_hugo_urls_redirect_to_their_chapters(&self) {
        let mut cases: Vec<(String, String)> = self
            .redirects
            .iter()
            .map(|r| {
                let file = r.from.trim_start_matches('/');
                let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
                let old = file.strip_suffix("index.html").unwrap_or(file).to_string();
                (old, resolve_relative(dir, &r.to))
            })
            .collect();
        for (old, new) in [
            ("what/roles/", "what/roles.html"),
            ("how/planning/", "how/planning.html"),
            ("what/", "what/"),
            ("what", "what/"),
            ("what/roles/#pgm-and-tpm", "what/roles.html#pgm-and-tpm"),
        ] {
            cases.push((old.to_string(), new.to_string()));
        }
        for (old, new) in &cases {
            self.open(old);
            let expected = self.server.url(new);
            let arrived = self.browser.wait_for(
                "return location.href === arguments[0] && document.readyState === 'complete';",
                &[json!(expected)],
                SETTLE,
            );
            assert!(
                arrived,
                "the old URL {PREFIX}{old} ended on {} instead of {expected}",
                self.browser.current_url()
            );
            let chapter = if new.ends_with('/') {
                format!("{new}index.html")
            } else {
                new.split('#').next().unwrap().to_string()
            };
            let h1 = self.js("return document.querySelector('main h1')?.textContent.trim() ?? '';");
            assert_eq!(
                h1.as_str(),
                self.titles.get(&chapter).map(String::as_str),
                "{PREFIX}{old} shows the wrong page"
            );
            self.assert_clean(&format!("the old URL {PREFIX}{old}"));
        }
        eprintln!("{} old Hugo URLs land on their chapters", cases.len());
    }

    /// A missing page gets the book's 404 page with status 404, styled and scripted (its
    /// assets load under the sub-path), with links that lead into the book.
    fn missing_pages_get_the_404_page(&self) {
        let missing = "no/such/page/";
        self.open(missing);
        let h1 = self.js("return document.querySelector('main h1')?.textContent.trim() ?? '';");
        assert_eq!(h1, json!("Page not found"), "the 404 page's h1");
        let console: Vec<_> = self
            .browser
            .browser_logs()
            .into_iter()
            .filter(|e| !e.message.contains("404"))
            .collect();
        assert!(
            console.is_empty(),
            "console errors on the 404 page: {console:#?}"
        );
        let failed: Vec<_> = self
            .server
            .take_requests()
            .into_iter()
            .filter(|r| r.status >= 400 && !r.target.ends_with(missing))
            .collect();
        assert!(
            failed.is_empty(),
            "failed requests on the 404 page: {failed:#?}"
        );
        let problems = self.js(RESOURCE_PROBLEMS);
        let problems: Vec<&str> = problems
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .filter(|p| !p.contains(missing))
            .collect();
        assert!(
            problems.is_empty(),
            "resources that did not load on the 404 page: {problems:?}"
        );
        let links = self
            .js("return [...document.querySelectorAll('main a:not(.header)')].map(a => a.href);");
        let base = self.server.base_url();
        let links: Vec<&str> = links
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            links.len() >= 5,
            "the 404 page offers too few ways on: {links:?}"
        );
        for link in &links {
            let page = link.split('#').next().unwrap_or(link);
            let page = page.strip_prefix(&base).unwrap_or_else(|| {
                panic!("a 404 link leaves the book ({link}); is site-url {PREFIX}?")
            });
            assert!(
                page.is_empty() || self.book_dir.join(page).is_file(),
                "the 404 page links to {link}, which the book does not have"
            );
        }
        self.browser
            .screenshot_full_page_png(&screenshot_dir().join("not-found-desktop.png"));
        let glossary = self
            .browser
            .find("xpath", "//main//a[normalize-space()='Glossary']");
        self.browser.click(&glossary);
        self.assert_navigated_to("glossary.html", "the 404 page's Glossary link");
        self.assert_clean("glossary.html after the 404 page");
    }

    /// For each theme: the theme switcher applies it; the text of cards, the lead, callouts
    /// and tabs keeps WCAG AA contrast against its background; screenshots of the home page
    /// and of the tabs chapter.
    fn themes_switch_and_keep_aa_contrast(&self) {
        let (viewport, width, height) = DESKTOP;
        self.browser.set_window_size(width, height);
        let mut failures = Vec::new();
        for theme in THEMES {
            self.open("");
            self.switch_theme(theme);
            for page in ["", TABS_CHAPTER, "print.html"] {
                self.open(page);
                self.assert_theme(theme, page);
                for (target_page, selector) in CONTRAST_TARGETS {
                    if target_page == page {
                        failures.extend(contrast_failures(&self.browser, theme, page, selector));
                    }
                }
                let name = match page {
                    "" => Some(format!("home-{theme}-{viewport}.png")),
                    TABS_CHAPTER => Some(format!("chapter-communication-{theme}-{viewport}.png")),
                    _ => None,
                };
                if let Some(name) = name {
                    self.browser
                        .screenshot_full_page_png(&screenshot_dir().join(name));
                }
                self.assert_clean(&format!("{page} in {theme}"));
            }
        }
        assert!(
            failures.is_empty(),
            "text below WCAG AA contrast ({AA_CONTRAST}:1):\n{}",
            failures.join("\n")
        );
    }

    /// Opens the theme menu and picks `theme`, as a reader does.
    fn switch_theme(&self, theme: &str) {
        let toggle = self.browser.find_css("#mdbook-theme-toggle");
        self.browser.click(&toggle);
        let shown = self.browser.wait_for(
            "const list = document.getElementById('mdbook-theme-list');
             return list.offsetHeight > 0 && getComputedStyle(list).display !== 'none';",
            &[],
            SETTLE,
        );
        assert!(shown, "the theme button did not open the theme list");
        let button = self.browser.find_css(&format!("#mdbook-theme-{theme}"));
        self.browser.click(&button);
        self.assert_theme(theme, "the page where it was picked");
        let stored = self.js("return localStorage.getItem('mdbook-theme');");
        assert_eq!(stored, json!(theme), "the picked theme is not remembered");
    }

    /// `<html>` has the class of `theme` and of no other theme.
    fn assert_theme(&self, theme: &str, page: &str) {
        let applied = self.browser.wait_for(
            "const c = document.documentElement.classList;
             return c.contains(arguments[0]) && arguments[1].every(t => t === arguments[0] || !c.contains(t));",
            &[json!(theme), json!(THEMES)],
            SETTLE,
        );
        let classes = self.js("return document.documentElement.className;");
        assert!(
            applied,
            "theme {theme} is not applied on {page:?}: <html class={classes}>"
        );
    }

    /// e. and f. At phone width in every theme: the cards stack, nothing overflows sideways;
    /// a screenshot each.
    fn phone_layout_in_every_theme(&self) {
        let (viewport, width, height) = PHONE;
        self.browser.set_window_size(width, height);
        for theme in THEMES {
            self.open_in_theme(theme);
            let name = format!("home-{theme}-{viewport}.png");
            self.browser
                .screenshot_full_page_png(&screenshot_dir().join(&name));
            self.assert_phone_layout(theme);
        }
        let (_, width, height) = DESKTOP;
        self.browser.set_window_size(width, height);
    }

    /// Presses Tab until `script` returns true; false after `limit` presses.
    fn tab_until(&self, script: &str, limit: usize) -> bool {
        (0..limit).any(|_| {
            self.browser.send_keys(&TAB.to_string());
            self.js(script) == Value::Bool(true)
        })
    }

    /// Opens the home page with `theme` chosen the way mdBook stores it.
    fn open_in_theme(&self, theme: &str) {
        self.open("");
        let store = "localStorage.setItem('mdbook-theme', arguments[0]);";
        self.browser.execute(store, &[json!(theme)]);
        self.browser.refresh();
        self.wait_for_load();
        self.assert_theme(theme, "the home page");
        self.assert_clean(&format!("home page in {theme}"));
    }

    /// f. Cards one above the other and no horizontal overflow.
    fn assert_phone_layout(&self, theme: &str) {
        let layout = self.js(
            "const cards = [...document.querySelectorAll('a.hugo-card')].map(c => c.getBoundingClientRect());
             return {innerWidth, scrollWidth: document.documentElement.scrollWidth,
                     firstBottom: cards[0].bottom, secondTop: cards[1].top};",
        );
        let number = |key: &str| layout[key].as_f64().unwrap_or(f64::NAN);
        assert!(
            number("innerWidth") <= 600.0,
            "the phone viewport is not phone-sized: {layout}"
        );
        assert!(
            number("secondTop") >= number("firstBottom"),
            "at phone width ({theme}) the cards do not stack: {layout}"
        );
        assert!(
            number("scrollWidth") <= number("innerWidth"),
            "at phone width ({theme}) the page overflows horizontally: {layout}"
        );
    }

    /// Presses Tab; the index of the card that then has the focus, if any.
    fn tab_to_next(&self) -> Option<usize> {
        self.browser.send_keys(&TAB.to_string());
        let index = self.js(
            "return [...document.querySelectorAll('a.hugo-card')].indexOf(document.activeElement);",
        );
        index.as_u64().map(|i| i as usize)
    }

    /// Loads `path` (relative to the book) and waits for it.
    fn open(&self, path: &str) {
        self.browser.goto(&self.server.url(path));
        self.wait_for_load();
    }

    /// Waits until the page after a click is loaded and checks its URL.
    fn assert_navigated_to(&self, path: &str, action: &str) {
        let expected = self.server.url(path);
        self.browser.wait_for(
            "return location.href === arguments[0];",
            &[json!(expected)],
            SETTLE,
        );
        self.wait_for_load();
        assert_eq!(
            self.browser.current_url(),
            expected,
            "{action} led elsewhere"
        );
    }

    /// Waits until the current document has loaded.
    fn wait_for_load(&self) {
        let loaded =
            self.browser
                .wait_for("return document.readyState === 'complete';", &[], SETTLE);
        assert!(
            loaded,
            "{} did not finish loading",
            self.browser.current_url()
        );
    }

    /// No SEVERE console entries, no failed requests, every image, stylesheet and script
    /// loaded. Clears the console and request logs.
    fn assert_clean(&self, page: &str) {
        let console = self.browser.browser_logs();
        assert!(console.is_empty(), "console errors on {page}: {console:#?}");
        let failed: Vec<_> = self
            .server
            .take_requests()
            .into_iter()
            .filter(|r| r.status >= 400)
            .collect();
        assert!(
            failed.is_empty(),
            "failed requests while loading {page}: {failed:#?}"
        );
        let problems = self.js(RESOURCE_PROBLEMS);
        assert_eq!(problems, json!([]), "resources that did not load on {page}");
    }

    /// Runs `script` in the page without arguments.
    fn js(&self, script: &str) -> Value {
        self.browser.execute(script, &[])
    }
}

/// A relative path with `/` separators.
fn path_to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Resolves `relative` (with `..`) against the folder `dir`, both relative to the book.
fn resolve_relative(dir: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// `target/screenshots` of this repository.
fn screenshot_dir() -> PathBuf {
    common::repo_root().join("target/screenshots")
}
