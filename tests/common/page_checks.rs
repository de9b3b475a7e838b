//! Scripts that check a page in the browser, shared by the browser tests: resources that
//! failed to load, and the WCAG contrast of text.

use super::webdriver::Browser;
use serde_json::json;

/// WCAG 2 AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

/// Every piece of text inside `selector` on the current page whose contrast is below AA,
/// described for the report (`THEME PAGE SELECTOR: <tag> "text" is FG on BG = R:1`); panics
/// when the selector matches no visible text, since the check would then be empty.
pub fn contrast_failures(
    browser: &Browser,
    theme: &str,
    page: &str,
    selector: &str,
) -> Vec<String> {
    let measured = browser.execute(CONTRAST, &[json!(selector)]);
    let measured = measured.as_array().expect("contrast measurements");
    assert!(
        !measured.is_empty(),
        "no visible text matches {selector} on {page} in {theme}"
    );
    measured
        .iter()
        .filter(|m| m["ratio"].as_f64().is_none_or(|r| r < AA_CONTRAST))
        .map(|m| {
            format!(
                "{theme} {page} {selector}: <{}> {:?} is {} on {} = {}:1",
                m["tag"].as_str().unwrap_or_default(),
                m["text"].as_str().unwrap_or_default(),
                m["fg"],
                m["bg"],
                m["ratio"]
            )
        })
        .collect()
}

/// Lists the page's resources that failed: HTTP errors in the resource timing entries
/// (`responseStatus`, where the browser reports it), images without pixels, stylesheets
/// without a sheet (except the highlight themes mdBook disables), scripts never fetched.
pub const RESOURCE_PROBLEMS: &str = "
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

/// Measures, for every element inside `arguments[0]` (and the matches themselves) that
/// shows text of its own, the WCAG contrast of its computed colour against the effective
/// background: the first non-transparent `background-color` up its ancestors, semi-
/// transparent layers composited, white under everything (the canvas).
pub const CONTRAST: &str = "
    const parse = (c) => {
        let m = c.match(/^rgba?\\(([^)]*)\\)$/);
        if (m) {
            const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
            return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
        }
        m = c.match(/^color\\(srgb ([^)]*)\\)$/);
        if (m) {
            const p = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number);
            return {r: p[0] * 255, g: p[1] * 255, b: p[2] * 255, a: p.length > 3 ? p[3] : 1};
        }
        return null;
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
    });
    const background = (el) => {
        const layers = [];
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
            const bg = parse(getComputedStyle(node).backgroundColor);
            if (bg === null) return null;
            if (bg.a > 0) layers.push(bg);
            if (bg.a >= 1) break;
        }
        return layers.reverse().reduce((acc, layer) => over(layer, acc), {r: 255, g: 255, b: 255, a: 1});
    };
    const luminance = (c) => {
        const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
    };
    const css = (c) => c && `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
    const out = [];
    for (const root of document.querySelectorAll(arguments[0])) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
            const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
            if (!own || el.getClientRects().length === 0) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden') continue;
            const bg = background(el);
            const fgRaw = parse(style.color);
            const fg = bg && fgRaw && over(fgRaw, bg);
            const ratio = fg && bg ? (() => {
                const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
                return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
            })() : null;
            out.push({tag: el.tagName.toLowerCase(), text: own.slice(0, 40), fg: css(fg) ?? style.color,
                      bg: css(bg) ?? 'unreadable', ratio});
        }
    }
    return out;";
