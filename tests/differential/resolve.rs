//! Resolving a page's links and images to comparable targets: `case.md#fragment` for a
//! page of the site, `site:/path` for a file of the site, the URL as written elsewhere.

use std::collections::HashMap;
use std::path::Path;

/// Resolves URLs written in one page.
pub struct Resolver<'m> {
    /// The page's own URL path (`/a/` for Hugo, `/a.html` for mdBook).
    pub page_url: String,
    /// The page's case key, for fragment-only links.
    pub page_key: String,
    /// URL path -> case key, for every page of the site.
    pub pages: &'m HashMap<String, String>,
    /// The site's own origin, stripped from absolute URLs (Hugo's `ref` writes them).
    pub origin: &'m str,
    /// Whether a root-absolute URL (`/x/`) is marked: a book must work under any sub-path,
    /// where such a URL misses, so on mdBook's side it reads `root-absolute:` + target.
    pub mark_root_absolute: bool,
    /// Hugo's output folder, where an alias is a page that redirects (`meta refresh`).
    pub aliases_in: Option<&'m Path>,
}

impl Resolver<'_> {
    /// Where the alias page at `path` (`/old/`) redirects, when it is one.
    fn alias_target(&self, path: &str) -> Option<String> {
        let file = self
            .aliases_in?
            .join(path.trim_start_matches('/'))
            .join("index.html");
        let html = std::fs::read_to_string(file).ok()?;
        let refresh = html.split("http-equiv=\"refresh\"").nth(1)?;
        let url = refresh.split("url=").nth(1)?.split('"').next()?;
        Some(url.to_string())
    }

    /// `target`, marked when `url` is root-absolute and such URLs are marked.
    fn mark(&self, url: &str, target: String) -> String {
        let root_absolute = url.starts_with('/') && !url.starts_with("//");
        if self.mark_root_absolute && root_absolute {
            format!("root-absolute:{target}")
        } else {
            target
        }
    }
}

impl Resolver<'_> {
    /// The site path `href` points at (joined with the page's folder, `.`/`..` resolved),
    /// with its `?query#fragment` tail, both percent-decoded; `None` when it leaves the site.
    fn site_path(&self, href: &str) -> Option<(String, String)> {
        let href = href
            .strip_prefix(self.origin)
            .map_or(href, |rest| if rest.starts_with('/') { rest } else { href });
        if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
            return None;
        }
        let cut = href.find(['?', '#']).unwrap_or(href.len());
        let (path, tail) = href.split_at(cut);
        let joined = if path.starts_with('/') {
            path.to_string()
        } else if path.is_empty() {
            self.page_url.clone()
        } else {
            let dir = &self.page_url[..self.page_url.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{path}")
        };
        // Browsers match fragments decoded: Hugo writes `#%C3%BC`, mdBook `#ü`.
        Some((
            percent_decode(&normalise_dots(&joined)),
            percent_decode(tail),
        ))
    }
}

impl crate::normalise::Resolve for Resolver<'_> {
    fn link(&self, href: &str) -> String {
        let Some((path, tail)) = self.site_path(href) else {
            return href.to_string();
        };
        if href.starts_with('#') {
            return format!("{}{tail}", self.page_key);
        }
        let with_slash = format!("{}/", path.trim_end_matches('/'));
        let page = self
            .pages
            .get(&path)
            .or_else(|| self.pages.get(&with_slash));
        if let (None, Some(target)) = (page, self.alias_target(&with_slash)) {
            return self.link(&format!("{target}{tail}"));
        }
        match page {
            Some(key) => self.mark(href, format!("{key}{tail}")),
            // Dead on either side; whether root-absolute does not matter.
            None => format!("site:{path}{tail}"),
        }
    }

    fn image(&self, src: &str) -> String {
        match self.site_path(src) {
            Some((path, tail)) => self.mark(src, format!("site:{path}{tail}")),
            None => src.to_string(),
        }
    }
}

/// Resolves `.` and `..` segments of an absolute path.
fn normalise_dots(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i != 0 && i != segments.len() - 1 => {}
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Decodes `%XX` escapes (invalid ones are kept).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
