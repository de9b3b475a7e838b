//! Page URLs as Hugo computes them (pretty URLs unless `uglyURLs`).
//!
//! - Each folder's URL segment is its name urlized ([`urlize`]), or the `slug` of its
//!   `_index.md` (a section's slug renames the folder for everything below it too).
//! - A page is `FOLDER/SEGMENT/`, with `slug` (which may hold `/`) or the urlized file name
//!   (a leaf bundle's folder name) as `SEGMENT`; with `uglyURLs`, `FOLDER/SEGMENT.html` and a
//!   section `FOLDER/index.html`, the home page `/index.html` (Hugo 0.168).
//! - `url` replaces the whole path as written (case kept, no language prefix).
//! - `permalinks` patterns (`/:section/:year/:slug/`) apply to the regular pages of the
//!   section they name (legacy `permalinks.SECTION` and `permalinks.page.SECTION`) or to the
//!   section pages (`permalinks.section.SECTION`); the most specific key wins.
//! - Pages of a language other than the default, or of every language when
//!   `defaultContentLanguageInSubdir`, are under `/LANG/`.
//! - `aliases`: absolute ones are kept (under the language prefix), relative ones resolve
//!   against the folder of the page's URL; `..` never climbs above the root.
//!
//! URLs here are site paths: they start with `/` and do not include the path of `baseURL`.

use super::config::SiteConfig;
use super::content::{Content, ContentPage, Kind, parent};
use serde_json::Value;
use std::collections::HashMap;

/// Hugo's path sanitizer and lowercasing (`URLize` of file names, slugs and titles):
/// `link::urlize_path`; without `lower` (`disablePathToLower`), the same sanitizer
/// keeping the case: letters, digits, marks and `.` `_` `-` `/` `#` `+` `~` `@` `%` stay,
/// whitespace becomes `-`, anything else is dropped.
pub fn urlize(text: &str, lower: bool) -> String {
    if lower {
        return crate::link::urlize_path(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '/' | '_' | '-' | '#' | '+' | '~' | '@' | '%') {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// The settings URLs depend on, read once from the (language's) config.
#[derive(Debug, Clone, Default)]
pub struct UrlRules {
    /// `/fr` for a prefixed language, `` otherwise.
    pub language_prefix: String,
    /// `uglyURLs`.
    pub ugly: bool,
    /// Whether paths are lowercased (not `disablePathToLower`).
    pub lower: bool,
    /// `permalinks` for regular pages: (section path, pattern).
    pub page_patterns: Vec<(String, String)>,
    /// `permalinks.section`: (section path, pattern).
    pub section_patterns: Vec<(String, String)>,
}

impl UrlRules {
    /// The rules of language `lang` of a site (see the module doc).
    pub fn new(config: &SiteConfig, lang: &str) -> Self {
        let in_subdir =
            lang != config.default_language() || config.flag("defaultcontentlanguageinsubdir");
        let mut rules = UrlRules {
            language_prefix: if in_subdir {
                format!("/{lang}")
            } else {
                String::new()
            },
            ugly: config.flag("uglyurls"),
            lower: !config.flag("disablepathtolower"),
            ..UrlRules::default()
        };
        if let Some(Value::Object(map)) = config.get("permalinks") {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (_, Value::String(pattern)) => {
                        rules.page_patterns.push((key.clone(), pattern.clone()))
                    }
                    ("page" | "section", Value::Object(inner)) => {
                        let list = if key == "page" {
                            &mut rules.page_patterns
                        } else {
                            &mut rules.section_patterns
                        };
                        list.extend(
                            inner
                                .iter()
                                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))),
                        );
                    }
                    _ => {}
                }
            }
        }
        rules
    }
}

/// The URL of every page of `content` (same order), and each page's aliases as site paths.
pub fn compute(content: &Content, rules: &UrlRules) -> Vec<PageUrls> {
    let section_slugs: HashMap<&str, String> = content
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Section)
        .filter_map(|p| Some((p.dir(), urlize(&p.string("slug")?, rules.lower))))
        .collect();
    let dir_url = |dir: &str| folder_url(dir, &section_slugs, rules);
    content
        .pages
        .iter()
        .map(|page| {
            let url = clean_path(&page_url(page, &dir_url, rules));
            let aliases = page
                .aliases()
                .iter()
                .map(|a| resolve_alias(&url, a, &rules.language_prefix))
                .collect();
            PageUrls { url, aliases }
        })
        .collect()
}

/// A page's URL and its aliases, site paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrls {
    /// The page's URL (`/docs/a/`).
    pub url: String,
    /// Its aliases, resolved (`/old/`).
    pub aliases: Vec<String>,
}

/// `/docs/sub` for folder `docs/sub`, with section slugs applied, without the language prefix.
fn folder_url(dir: &str, slugs: &HashMap<&str, String>, rules: &UrlRules) -> String {
    if dir.is_empty() {
        return String::new();
    }
    let mut url = String::new();
    let mut current = String::new();
    for name in dir.split('/') {
        if !current.is_empty() {
            current.push('/');
        }
        current.push_str(name);
        url.push('/');
        match slugs.get(current.as_str()) {
            Some(slug) => url.push_str(slug.trim_matches('/')),
            None => url.push_str(&urlize(name, rules.lower)),
        }
    }
    url
}

fn page_url(page: &ContentPage, dir_url: &dyn Fn(&str) -> String, rules: &UrlRules) -> String {
    if let Some(url) = page.string("url") {
        return explicit_url(&url);
    }
    let prefix = &rules.language_prefix;
    match page.kind {
        Kind::Home if rules.ugly => format!("{prefix}/index.html"),
        Kind::Home => format!("{prefix}/"),
        Kind::Section => match pattern_for(&rules.section_patterns, page.dir()) {
            Some(pattern) => format!("{prefix}{}", expand(pattern, page, rules)),
            None if rules.ugly => format!("{prefix}{}/index.html", dir_url(page.dir())),
            None => format!("{prefix}{}/", dir_url(page.dir())),
        },
        Kind::Page => {
            let container = page.container_dir();
            if let Some(pattern) = pattern_for(&rules.page_patterns, container) {
                return format!("{prefix}{}", expand(pattern, page, rules));
            }
            let segment = match page.string("slug") {
                Some(slug) => urlize(&slug, rules.lower),
                None => urlize(page.base_name(), rules.lower),
            };
            let segment = segment.trim_matches('/');
            if rules.ugly {
                format!("{prefix}{}/{segment}.html", dir_url(container))
            } else {
                format!("{prefix}{}/{segment}/", dir_url(container))
            }
        }
    }
}

/// A front matter `url`: kept as written, with a leading `/`, and a trailing one when the
/// last segment has no extension.
fn explicit_url(url: &str) -> String {
    let trimmed = url.trim();
    let mut out = if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    };
    let last = out.rsplit('/').next().unwrap_or_default();
    if !last.is_empty() && !last.contains('.') {
        out.push('/');
    }
    out
}

/// The pattern of the most specific `permalinks` key that contains folder `dir`.
fn pattern_for<'a>(patterns: &'a [(String, String)], dir: &str) -> Option<&'a str> {
    patterns
        .iter()
        .filter(|(key, _)| {
            let key = key.trim_matches('/');
            !key.is_empty() && (dir == key || dir.starts_with(&format!("{key}/")))
        })
        .max_by_key(|(key, _)| key.len())
        .map(|(_, pattern)| pattern.as_str())
}

/// Expands a permalink pattern's `:tokens` for `page`, then sanitizes the path.
pub fn expand(pattern: &str, page: &ContentPage, rules: &UrlRules) -> String {
    let (year, month, day) = page.date_day().unwrap_or((1, 1, 1));
    let title = urlize(&page.title(), rules.lower);
    let slug = page.string("slug").map(|s| urlize(&s, rules.lower));
    let base = urlize(page.base_name(), rules.lower);
    let section_path = page.container_dir();
    let section = section_path
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let token_len = rest[start + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(rest.len() - start - 1);
        let token = &rest[start + 1..start + 1 + token_len];
        let value = match token {
            "year" => format!("{year:04}"),
            "month" => format!("{month:02}"),
            "day" => format!("{day:02}"),
            "section" => section.clone(),
            "sections" => section_path.to_string(),
            "title" => title.clone(),
            "slug" => slug.clone().unwrap_or_else(|| title.clone()),
            "filename" | "contentbasename" => base.clone(),
            "slugorfilename" | "slugorcontentbasename" => {
                slug.clone().unwrap_or_else(|| base.clone())
            }
            _ => format!(":{token}"),
        };
        out.push_str(&value);
        rest = &rest[start + 1 + token_len..];
    }
    out.push_str(rest);
    let mut url = urlize(&out, rules.lower);
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    if !url.starts_with('/') {
        url.insert(0, '/');
    }
    url
}

/// `path` with `.` and `..` segments resolved, never above the root (a `url` or `slug` with
/// `..` cannot lead out of the site), keeping a trailing `/`.
pub fn clean_path(path: &str) -> String {
    if !path.split('/').any(|p| p == "." || p == "..") {
        return path.to_string();
    }
    crate::link::join("/", path)
}

/// An alias as a site path: absolute ones under the language prefix (`/fr`, or `""`),
/// relative ones against the folder of the page's URL (`link::join`: `..` stops at
/// the root); an alias without an extension is a folder (`/old` is `/old/`).
pub fn resolve_alias(page_url: &str, alias: &str, language_prefix: &str) -> String {
    let dir = format!("{}/", parent(page_url.trim_end_matches('/')));
    let already = alias == language_prefix || alias.starts_with(&format!("{language_prefix}/"));
    let alias = if alias.starts_with('/') && !already {
        format!("{language_prefix}{alias}")
    } else {
        alias.to_string()
    };
    let mut out = crate::link::join(&dir, &alias);
    let last = out.rsplit('/').next().unwrap_or_default();
    if !last.is_empty() && !last.ends_with(".html") {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlize_follows_hugos_sanitizer() {
        assert_eq!(urlize("My Page", true), "my-page");
        assert_eq!(urlize("Ça va & tu?", true), "ça-va--tu");
        assert_eq!(urlize("a b/c", true), "a-b/c");
        assert_eq!(urlize("Hello World!", true), "hello-world");
    }

    #[test]
    fn aliases_resolve_against_the_page_folder() {
        assert_eq!(resolve_alias("/zz/Q R/", "rel", ""), "/zz/rel/");
        assert_eq!(resolve_alias("/zz/Q R/", "../up", ""), "/up/");
        assert_eq!(resolve_alias("/a/", "../../../x", ""), "/x/");
        assert_eq!(resolve_alias("/a/", "/Abs/X", ""), "/Abs/X/");
        assert_eq!(resolve_alias("/a/", "/old.html", ""), "/old.html");
        assert_eq!(resolve_alias("/fr/a/", "/vieux/", "/fr"), "/fr/vieux/");
        assert_eq!(resolve_alias("/fr/a/", "/fr/vieux/", "/fr"), "/fr/vieux/");
    }

    #[test]
    fn dot_segments_cannot_leave_the_root() {
        assert_eq!(clean_path("/docs/../../etc/"), "/etc/");
        assert_eq!(clean_path("/a/./b.html"), "/a/b.html");
        assert_eq!(clean_path("/../"), "/");
    }

    #[test]
    fn explicit_urls_keep_their_case() {
        assert_eq!(explicit_url("/zz/Q R/"), "/zz/Q R/");
        assert_eq!(explicit_url("templates/charter"), "/templates/charter/");
        assert_eq!(explicit_url("/feed.xml"), "/feed.xml");
    }
}
