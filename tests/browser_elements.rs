//! Math, Mermaid and the hugo-book and Learn/Relearn elements in a real browser: the fixture
//! book `tests/fixtures/theme-book` gets its theme files from `mdbook-hugo install`, is
//! built by the real `mdbook` and opened in headless Chromium, in each of mdBook's five
//! themes.
//!
//! What it covers: formulas are MathML that the browser typesets (a superscript sits above
//! its base, a fraction's numerator above its denominator), in a paragraph, a block and a
//! table cell, with no TeX left as text; the Mermaid diagrams (two shortcodes and a fence)
//! become SVG, in Mermaid's dark theme on coal, navy and ayu, and are drawn again when the
//! reader switches between a light and a dark theme; the section and toc lists, the
//! recording's and the specification's notes, the attachments (a link that downloads), the
//! badges and buttons each in its own colour, the cards; Doks' steps, preview, file tree,
//! image and inline icon; Docsy's tied tabs with a disabled label, code tabs, code card and
//! API boxes; WCAG AA contrast of all of them;
//! the print page with every formula and diagram; no console error and no failed request;
//! screenshots of each chapter in each theme
//! (`target/screenshots/elements-*.png`).
//!
//! Left out of a bare `cargo test` like `tests/browser.rs`; `scripts/test.sh` runs it
//! (`cargo test --test browser_elements -- --ignored`).

mod common;

use common::book::{copy_dir, foreign_stderr_lines, mdbook_build, point_at_test_binary};
use common::page_checks::{AA_CONTRAST, RESOURCE_PROBLEMS, contrast_failures};
use common::serve::Server;
use common::webdriver::Browser;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Where the book is served.
const PREFIX: &str = "/elements/";
/// How long a page, or a diagram, gets to settle.
const SETTLE: Duration = Duration::from_secs(15);
/// mdBook's five themes; the last three are dark.
const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];
/// The elements measured for contrast, by chapter.
const CONTRAST_TARGETS: [(&str, &str); 13] = [
    ("math.html", "math.hugo-math"),
    ("hugo-book.html", "blockquote.blockquote-tag"),
    ("hugo-book.html", "main ul"),
    ("learn.html", ".hugo-badge"),
    ("learn.html", ".hugo-button"),
    ("learn.html", ".hugo-card"),
    ("learn.html", "blockquote.blockquote-tag"),
    ("mermaid.html", "pre.hugo-mermaid .nodeLabel"),
    ("mermaid.html", "pre.hugo-mermaid text.actor"),
    ("doks.html", ".hugo-preview figcaption"),
    ("doks.html", ".hugo-tree"),
    ("docsy.html", ".hugo-tab-disabled"),
    ("docsy.html", ".hugo-openapi"),
];
/// The chapters, in the book's order.
const CHAPTERS: [&str; 6] = [
    "math.html",
    "mermaid.html",
    "hugo-book.html",
    "learn.html",
    "doks.html",
    "docsy.html",
];

#[test]
#[ignore = "slow, needs Chromium: scripts/test.sh runs it with --ignored"]
fn theme_elements_work_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let book_dir = install_and_build(dir.path());
    let page = Page {
        server: Server::start(&book_dir, PREFIX),
        browser: Browser::start(),
    };
    page.browser.set_window_size(1280, 900);
    let mut failures = Vec::new();
    for theme in THEMES {
        page.open_in_theme("math.html", theme);
        page.math_is_typeset(theme);
        page.open_in_theme("mermaid.html", theme);
        page.diagrams_are_drawn(theme);
        page.open_in_theme("hugo-book.html", theme);
        page.hugo_book_elements(theme);
        page.open_in_theme("learn.html", theme);
        page.learn_elements(theme);
        page.open_in_theme("doks.html", theme);
        page.doks_elements(theme);
        page.open_in_theme("docsy.html", theme);
        page.docsy_elements(theme);
        for chapter in CHAPTERS {
            page.open_in_theme(chapter, theme);
            if chapter == "mermaid.html" {
                page.diagrams_are_drawn(theme);
            }
            for (target, selector) in CONTRAST_TARGETS {
                if target == chapter {
                    failures.extend(contrast_failures(&page.browser, theme, chapter, selector));
                }
            }
            let name = format!("elements-{}-{theme}.png", chapter.trim_end_matches(".html"));
            page.browser
                .screenshot_full_page_png(&screenshot_dir().join(name));
            page.assert_clean(&format!("{chapter} in {theme}"));
        }
    }
    assert!(
        failures.is_empty(),
        "text below WCAG AA contrast ({AA_CONTRAST}:1):\n{}",
        failures.join("\n")
    );
    page.diagrams_follow_a_theme_switch();
    page.print_page_has_math_and_diagrams();
}

/// Copies the fixture into `root`, runs `mdbook-hugo install` and `mdbook build` there;
/// the built book's folder.
fn install_and_build(root: &Path) -> PathBuf {
    let fixture = common::repo_root().join("tests/fixtures/theme-book");
    copy_dir(&fixture, root);
    let toml = std::fs::read_to_string(fixture.join("book.toml")).unwrap();
    std::fs::write(root.join("book.toml"), point_at_test_binary(&toml)).unwrap();
    let install = Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
        .arg("install")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "install failed: {}",
        String::from_utf8_lossy(&install.stderr)
    );
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    assert!(
        toml.contains(
            "additional-js = [\"theme/hugo-tabs.js\", \"theme/mermaid.min.js\", \"theme/hugo-mermaid.js\"]"
        ),
        "install lists the scripts in order: {toml}"
    );
    assert!(root.join("theme/mermaid.LICENSE").is_file());
    let build = mdbook_build(root);
    assert!(build.success, "mdbook build failed:\n{}", build.stderr);
    assert_eq!(
        foreign_stderr_lines(&build.stderr),
        [] as [String; 0],
        "the fixture builds without a warning: {}",
        build.stderr
    );
    build.book_dir
}

/// The served book in the browser.
struct Page {
    server: Server,
    browser: Browser,
}

impl Page {
    /// Opens `path` with `theme` stored the way mdBook stores it.
    fn open_in_theme(&self, path: &str, theme: &str) {
        self.browser.goto(&self.server.url(path));
        self.wait_for_load();
        self.browser.execute(
            "localStorage.setItem('mdbook-theme', arguments[0]);",
            &[json!(theme)],
        );
        self.browser.refresh();
        self.wait_for_load();
        let applied = self.browser.wait_for(
            "return document.documentElement.classList.contains(arguments[0]);",
            &[json!(theme)],
            SETTLE,
        );
        assert!(applied, "theme {theme} is not applied on {path}");
    }

    /// Formulas are MathML that Chromium lays out as math: the shortcodes' and the
    /// delimiters', in the text, on their own line and in a table cell; no TeX is left
    /// as text outside code.
    fn math_is_typeset(&self, theme: &str) {
        let report = self.js(
            "const all = [...document.querySelectorAll('main math.hugo-math')];
             const display = all.map(m => getComputedStyle(m).display);
             const sup = document.querySelector('main msup');
             const frac = document.querySelector('main td mfrac');
             const box = (e) => e.getBoundingClientRect();
             const text = document.querySelector('main').cloneNode(true);
             text.querySelectorAll('code, annotation').forEach(e => e.remove());
             return {
                 count: all.length,
                 blocks: all.filter(m => m.getAttribute('display') === 'block').length,
                 inCells: document.querySelectorAll('main td math').length,
                 display,
                 supAbove: box(sup.children[1]).bottom < box(sup.children[0]).bottom,
                 fracStacked: box(frac.children[0]).bottom <= box(frac.children[1]).top + 1,
                 rawTex: ['\\\\frac', '\\\\int', '$$', '\\\\(', '\\\\pi', '\\\\,']
                     .filter(t => text.textContent.includes(t)),
                 thinSpaces: document.querySelectorAll('main mspace').length,
             };",
        );
        assert_eq!(report["count"], json!(7), "{theme}: {report}");
        assert_eq!(report["blocks"], json!(3), "{theme}: {report}");
        assert_eq!(report["inCells"], json!(2), "{theme}: {report}");
        let displays = report["display"].as_array().unwrap();
        assert!(
            displays
                .iter()
                .all(|d| d == "math" || d == "block math" || d == "inline math"),
            "{theme}: Chromium lays out every formula as math: {report}"
        );
        assert_eq!(report["supAbove"], json!(true), "{theme}: {report}");
        assert_eq!(report["fracStacked"], json!(true), "{theme}: {report}");
        assert_eq!(report["rawTex"], json!([]), "{theme}: {report}");
        assert!(
            report["thinSpaces"].as_u64().unwrap_or(0) >= 4,
            "{theme}: `\\,` is a thin space: {report}"
        );
    }

    /// The three diagrams become SVG, in Mermaid's dark theme exactly on the dark themes.
    fn diagrams_are_drawn(&self, theme: &str) {
        let drawn = self.browser.wait_for(
            "const pres = document.querySelectorAll('main pre.mermaid');
             return pres.length === 3 && [...pres].every(p => p.querySelector('svg'));",
            &[],
            SETTLE,
        );
        let state = self.diagram_state();
        assert!(drawn, "{theme}: the diagrams are not drawn: {state}");
        let dark = matches!(theme, "coal" | "navy" | "ayu");
        assert_eq!(
            state["darkDiagrams"],
            json!(dark),
            "{theme}: Mermaid's theme follows mdBook's: {state}"
        );
    }

    /// What the diagrams look like: their count, whether their nodes are dark-themed
    /// (light text), and the first SVG's markup length.
    fn diagram_state(&self) -> Value {
        self.js("const luminance = (c) => {
                 const m = c.match(/\\d+(\\.\\d+)?/g);
                 if (!m) return null;
                 const [r, g, b] = m.slice(0, 3).map(Number);
                 return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
             };
             const label = document.querySelector('main pre.mermaid .nodeLabel');
             const svgs = document.querySelectorAll('main pre.mermaid svg');
             const light = label ? luminance(getComputedStyle(label).color) : null;
             return {svgs: svgs.length, labelLuminance: light,
                     darkDiagrams: light === null ? null : light > 0.5,
                     firstSvg: svgs.length ? svgs[0].outerHTML.length : 0};")
    }

    /// Picks `theme` with mdBook's theme button (its click handler, which changes the
    /// theme in place; tests/browser.rs drives the menu itself).
    fn switch_theme(&self, theme: &str) {
        let clicked = self.browser.execute(
            "const button = document.getElementById('mdbook-theme-' + arguments[0]);
             if (!button) return false;
             button.click();
             return true;",
            &[json!(theme)],
        );
        assert_eq!(clicked, json!(true), "mdBook has a button for {theme}");
        let applied = self.browser.wait_for(
            "return document.documentElement.classList.contains(arguments[0]);",
            &[json!(theme)],
            SETTLE,
        );
        assert!(applied, "the button did not apply {theme}");
    }

    /// Switching from light to coal and back draws the diagrams again in the other theme,
    /// without reloading the page.
    fn diagrams_follow_a_theme_switch(&self) {
        self.open_in_theme("mermaid.html", "light");
        self.diagrams_are_drawn("light");
        self.js("window.hugoNotReloaded = true;");
        for theme in ["coal", "light"] {
            self.switch_theme(theme);
            let dark = theme == "coal";
            let redrawn = self.browser.wait_for(
                "const label = document.querySelector('main pre.mermaid .nodeLabel');
                 const m = label && getComputedStyle(label).color.match(/\\d+/g);
                 if (!m) return false;
                 const l = (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
                 return document.querySelectorAll('main pre.mermaid svg').length === 3
                     && (l > 0.5) === arguments[0];",
                &[json!(dark)],
                SETTLE,
            );
            let state = self.diagram_state();
            assert!(
                redrawn,
                "switching to {theme} redraws the diagrams: {state}"
            );
            assert_eq!(
                self.js("return window.hugoNotReloaded === true;"),
                json!(true),
                "the page was not reloaded"
            );
        }
        self.assert_clean("mermaid.html after theme switches");
    }

    /// The print page holds every chapter: its formulas and its three diagrams, drawn.
    fn print_page_has_math_and_diagrams(&self) {
        // print.html prints itself on load; a headless browser has no printer to wait for.
        self.browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.print = () => {};"}),
        );
        self.open_in_theme("print.html", "light");
        let drawn = self.browser.wait_for(
            "const pres = document.querySelectorAll('main pre.mermaid');
             return pres.length === 3 && [...pres].every(p => p.querySelector('svg'))
                 && document.querySelectorAll('main math.hugo-math').length === 7;",
            &[],
            SETTLE,
        );
        assert!(drawn, "print.html: {}", self.diagram_state());
        self.assert_clean("print.html");
    }

    /// hugo-book's image, recording note, section and toc lists, and OpenAPI note.
    fn hugo_book_elements(&self, theme: &str) {
        let report = self.js(
            "const main = document.querySelector('main');
             const links = (sel) => [...main.querySelectorAll(sel)].map(a => a.getAttribute('href'));
             const img = main.querySelector('img.hugo-image');
             return {
                 image: img && img.complete && img.naturalWidth > 0,
                 links: links('a'),
                 summaries: main.textContent.includes('Get the tools.')
                     && main.textContent.includes('Set the options.'),
                 notes: [...main.querySelectorAll('blockquote.blockquote-tag')].map(b => b.textContent.trim().split('\\n')[0]),
             };",
        );
        assert_eq!(report["image"], json!(true), "{theme}: {report}");
        let links: Vec<&str> = report["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for expected in [
            "hugo-book/install.html",
            "hugo-book/configure.html",
            "#the-sections",
            "#on-this-page",
            "demo.cast",
            "api.yaml",
        ] {
            assert!(
                links.contains(&expected),
                "{theme}: a link to {expected}: {report}"
            );
        }
        assert_eq!(report["summaries"], json!(true), "{theme}: {report}");
        assert_eq!(
            report["notes"].as_array().map(Vec::len),
            Some(2),
            "{theme}: {report}"
        );
    }

    /// Relearn's attachments (whose link downloads the file), badges and buttons (each
    /// style its own colour, none empty), icon and cards.
    fn learn_elements(&self, theme: &str) {
        let report = self.js(
            "const main = document.querySelector('main');
             const colours = (sel, prop) => [...main.querySelectorAll(sel)].map(e => getComputedStyle(e)[prop]);
             const attachment = main.querySelector('a[href=\"learn.files/manual.txt\"]');
             const request = new XMLHttpRequest();
             request.open('GET', attachment.href, false);
             request.send();
             return {
                 attachment: request.responseText,
                 badgeColours: colours('.hugo-badge-content', 'backgroundColor'),
                 buttonColours: colours('a.hugo-button', 'borderTopColor'),
                 buttonLabels: [...main.querySelectorAll('a.hugo-button')].map(b => b.textContent.trim()),
                 cards: main.querySelectorAll('.hugo-cards .hugo-card').length,
                 warningCardBand: getComputedStyle(main.querySelector('.hugo-card-warning')).borderTopColor,
                 warningBadge: getComputedStyle(main.querySelector('.hugo-badge-warning .hugo-badge-content')).backgroundColor,
                 cardLink: main.querySelector('.hugo-card-title a').getAttribute('href'),
             };",
        );
        assert_eq!(
            report["attachment"],
            json!("Read me first.\n"),
            "{theme}: {report}"
        );
        for key in ["badgeColours", "buttonColours"] {
            let colours = report[key].as_array().unwrap();
            let distinct: std::collections::HashSet<_> =
                colours.iter().filter_map(Value::as_str).collect();
            assert_eq!(colours.len(), 7, "{theme}: {key}: {report}");
            assert_eq!(
                distinct.len(),
                7,
                "{theme}: every style its colour: {key}: {report}"
            );
        }
        let labels = report["buttonLabels"].as_array().unwrap();
        assert!(
            labels
                .iter()
                .all(|l| l.as_str().is_some_and(|l| !l.is_empty())),
            "{theme}: no empty button: {report}"
        );
        assert!(labels.contains(&json!("Tip")), "{theme}: {report}");
        assert_eq!(report["cards"], json!(2), "{theme}: {report}");
        assert_eq!(
            report["warningCardBand"], report["warningBadge"],
            "{theme}: a warning card has the warning colour: {report}"
        );
        assert_eq!(report["cardLink"], json!("math.html"), "{theme}: {report}");
    }

    /// Doks' steps (numbered, the code inside the first), preview, file tree with its
    /// icons, image and inline icon.
    fn doks_elements(&self, theme: &str) {
        let report = self.js(
            "const main = document.querySelector('main');
             const steps = [...main.querySelectorAll('ol.hugo-steps-list > li.hugo-step')];
             const img = main.querySelector('.hugo-img img');
             const warning = [...main.querySelectorAll('.hugo-sr-only')].find(s => s.textContent === 'Warning');
             return {
                 steps: steps.length,
                 numbered: getComputedStyle(main.querySelector('ol.hugo-steps-list')).listStyleType !== 'none'
                     || getComputedStyle(steps[0], '::before').content !== 'none',
                 codeInFirst: !!steps[0].querySelector('pre code'),
                 caption: main.querySelector('.hugo-preview > figcaption').textContent.trim(),
                 previewEm: !!main.querySelector('.hugo-preview-content em'),
                 treeItems: main.querySelectorAll('.hugo-tree li').length,
                 treeIcons: [...main.querySelectorAll('.hugo-tree li')].filter(li => li.querySelector(':scope > svg, :scope > span > svg, :scope > i')).length,
                 image: img && img.complete && img.naturalWidth > 0,
                 inlineIcon: !!(warning && warning.previousElementSibling),
             };",
        );
        assert_eq!(report["steps"], json!(3), "{theme}: {report}");
        assert_eq!(report["numbered"], json!(true), "{theme}: {report}");
        assert_eq!(report["codeInFirst"], json!(true), "{theme}: {report}");
        assert_eq!(report["caption"], json!("Preview"), "{theme}: {report}");
        assert_eq!(report["previewEm"], json!(true), "{theme}: {report}");
        assert_eq!(report["treeItems"], json!(5), "{theme}: {report}");
        assert_eq!(report["treeIcons"], json!(5), "{theme}: {report}");
        assert_eq!(report["image"], json!(true), "{theme}: {report}");
        assert_eq!(report["inlineIcon"], json!(true), "{theme}: {report}");
        self.bootstrap_tabs_switch(theme);
    }

    /// Bootstrap tab markup a site's own template writes (Doks' `tabs`): one pane shown,
    /// a click on another tab shows its pane instead.
    fn bootstrap_tabs_switch(&self, theme: &str) {
        let shown = || {
            self.js(
                "return [...document.querySelectorAll('.tab-content > .tab-pane')]
                     .filter(p => getComputedStyle(p).display !== 'none')
                     .map(p => p.textContent.trim());",
            )
        };
        assert_eq!(shown(), json!(["Install with apt."]), "{theme}");
        self.js("document.getElementById('os-mac-tab').click();");
        assert_eq!(shown(), json!(["Install with brew."]), "{theme}");
        assert_eq!(
            self.js("return document.getElementById('os-mac-tab').getAttribute('aria-selected');"),
            json!("true"),
            "{theme}"
        );
    }

    /// Docsy's tab panes: a disabled label that cannot be chosen, a choice tied across
    /// panes (`persist`) that a reload keeps, code tabs, the code card, the API boxes.
    fn docsy_elements(&self, theme: &str) {
        let selected = |pane: usize| {
            self.js(&format!(
                "return document.querySelectorAll('.hugo-tabs')[{pane}]
                     .querySelector('[role=tab][aria-selected=true]').textContent.trim();"
            ))
        };
        self.js("document.querySelectorAll('.hugo-tabs')[0].querySelector('.hugo-tab-disabled').click();");
        assert_eq!(
            selected(0),
            json!("English"),
            "{theme}: a label is no choice"
        );
        self.js("[...document.querySelectorAll('.hugo-tabs')[0].querySelectorAll('[role=tab]')].find(t => t.textContent === 'German').click();");
        assert_eq!(selected(1), json!("German"), "{theme}: the choice is tied");
        self.browser.refresh();
        self.wait_for_load();
        assert_eq!(selected(0), json!("German"), "{theme}: a reload keeps it");
        assert_eq!(selected(1), json!("German"), "{theme}: a reload keeps it");
        self.js("[...document.querySelectorAll('.hugo-tabs')[1].querySelectorAll('[role=tab]')].find(t => t.textContent === 'English').click();");
        assert_eq!(selected(0), json!("English"), "{theme}: tied both ways");
        let report = self.js(
            "const main = document.querySelector('main');
             return {
                 disabled: main.querySelector('.hugo-tab-disabled').disabled,
                 codeTabs: [...main.querySelectorAll('.hugo-tabs')[2].querySelectorAll('pre code')].map(c => c.className),
                 card: (main.querySelector('.hugo-card pre code.language-python') || {}).textContent,
                 api: [...main.querySelectorAll('.hugo-openapi a')].map(a => a.getAttribute('href')),
             };",
        );
        assert_eq!(report["disabled"], json!(true), "{theme}: {report}");
        let code_tabs = report["codeTabs"].as_array().unwrap();
        assert!(
            code_tabs.len() == 2
                && code_tabs[0]
                    .as_str()
                    .unwrap_or_default()
                    .contains("language-python")
                && code_tabs[1]
                    .as_str()
                    .unwrap_or_default()
                    .contains("language-go"),
            "{theme}: {report}"
        );
        assert!(
            report["card"]
                .as_str()
                .unwrap_or_default()
                .contains("def f():"),
            "{theme}: {report}"
        );
        assert_eq!(
            report["api"],
            json!([
                "https://petstore.swagger.io/v2/swagger.json",
                "https://redocly.github.io/redoc/openapi.yaml"
            ]),
            "{theme}: {report}"
        );
    }

    /// Waits until the current document has loaded.
    fn wait_for_load(&self) {
        let loaded =
            self.browser
                .wait_for("return document.readyState === 'complete';", &[], SETTLE);
        assert!(loaded, "{} did not load", self.browser.current_url());
    }

    /// No console error, no failed request, every resource loaded.
    fn assert_clean(&self, page: &str) {
        let console = self.browser.browser_logs();
        assert!(console.is_empty(), "console errors on {page}: {console:#?}");
        let failed: Vec<_> = self
            .server
            .take_requests()
            .into_iter()
            .filter(|r| r.status >= 400)
            .collect();
        assert!(failed.is_empty(), "failed requests on {page}: {failed:#?}");
        let problems = self.js(RESOURCE_PROBLEMS);
        assert_eq!(problems, json!([]), "resources that did not load on {page}");
    }

    fn js(&self, script: &str) -> Value {
        self.browser.execute(script, &[])
    }
}

/// `target/screenshots` of this repository.
fn screenshot_dir() -> PathBuf {
    common::repo_root().join("target/screenshots")
}
