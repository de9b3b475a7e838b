//! The built book in a real browser: headless Chromium through ChromeDriver, the book served
//! under `/tpm-guide/` like a project site. One test, so the book builds once and one
//! browser starts. Needs Debian's `chromium` and `chromium-driver` (the README's test
//! command installs them).

mod common;

use common::book::{copy_repo_book, mdbook_build};
use common::serve::Server;
use common::webdriver::{Browser, ENTER, TAB};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the book is served, as on GitHub Pages for a project site.
const PREFIX: &str = "/tpm-guide/";
/// How long a page gets to load or settle.
const SETTLE: Duration = Duration::from_secs(10);
/// Tab presses allowed to reach the cards.
const MAX_TABS: usize = 60;
/// The home page's `<h1>`.
const HOME_TITLE: &str = "On being a Technical Program Manager";
/// (name, width, height) of the screenshot viewports.
const VIEWPORTS: [(&str, u32, u32); 2] = [("desktop", 1280, 900), ("phone", 390, 844)];
/// The themes screenshotted: mdBook's default light and dark ones.
const THEMES: [&str; 2] = ["light", "navy"];

#[test]
fn the_book_works_in_a_real_browser() {
    let start = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    copy_repo_book(dir.path());
    let build = mdbook_build(dir.path());
    assert!(build.success, "mdbook build failed:\n{}", build.stderr);
    let site = Site {
        server: Server::start(&build.book_dir, PREFIX),
        browser: Browser::start(),
    };
    site.home_page_loads_cleanly();
    site.cards_link_to_their_sections();
    site.here_link_lands_on_its_heading();
    site.cards_are_reachable_by_keyboard();
    site.themes_and_widths_render();
    eprintln!("browser test took {:.1?}", start.elapsed());
}

/// The served book and the browser looking at it.
struct Site {
    server: Server,
    browser: Browser,
}

impl Site {
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

    /// e. and f. Screenshots in two themes at two widths; at phone width the cards stack
    /// and nothing overflows sideways.
    fn themes_and_widths_render(&self) {
        for (viewport, width, height) in VIEWPORTS {
            self.browser.set_window_size(width, height);
            for theme in THEMES {
                self.open_in_theme(theme);
                let name = format!("home-{theme}-{viewport}.png");
                self.browser
                    .screenshot_full_page_png(&screenshot_dir().join(&name));
                if viewport == "phone" {
                    self.assert_phone_layout(theme);
                }
            }
        }
    }

    /// Opens the home page with `theme` chosen the way mdBook stores it.
    fn open_in_theme(&self, theme: &str) {
        self.open("");
        let store = "localStorage.setItem('mdbook-theme', arguments[0]);";
        self.browser.execute(store, &[json!(theme)]);
        self.browser.refresh();
        self.wait_for_load();
        let classes = self.js("return [...document.documentElement.classList];");
        assert!(
            classes
                .as_array()
                .is_some_and(|c| c.contains(&json!(theme))),
            "theme {theme} is not applied to <html>: classes {classes}"
        );
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

/// Lists the page's resources that failed: HTTP errors in the resource timing entries
/// (`responseStatus`, where the browser reports it), images without pixels, stylesheets
/// without a sheet (except the highlight themes mdBook disables), scripts never fetched.
const RESOURCE_PROBLEMS: &str = "
    const problems = [];
    const entries = performance.getEntriesByType('resource');
    for (const e of entries) {
        if (typeof e.responseStatus === 'number' && e.responseStatus >= 400) {
            problems.push(`${e.name}: HTTP ${e.responseStatus}`);
        }
    }
    for (const img of document.images) {
        if (!img.complete || img.naturalWidth === 0) problems.push(`image ${img.src} did not load`);
    }
    for (const link of document.querySelectorAll('link[rel~=stylesheet]')) {
        if (!link.disabled && !link.sheet) problems.push(`stylesheet ${link.href} did not load`);
    }
    const fetched = new Set(entries.map(e => e.name));
    for (const script of document.querySelectorAll('script[src]')) {
        if (!fetched.has(script.src)) problems.push(`script ${script.src} was not fetched`);
    }
    return problems;";

/// `target/screenshots` of this repository.
fn screenshot_dir() -> PathBuf {
    common::repo_root().join("target/screenshots")
}
