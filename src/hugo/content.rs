//! The content of one language of a Hugo site: its pages (with front matter, `cascade`,
//! build options and publication dates applied) and the other files that are published
//! with them (bundle resources). Where the files come from is [`super::mounts`]; `cascade`
//! is [`super::cascade`].
//!
//! Hugo's rules followed here:
//! - `_index.md` makes its folder a section (at the root: the home page); `x/index.md` makes
//!   `x/` a leaf bundle: every other file under `x/` is a resource of that page, Markdown
//!   included; top-level folders are sections even without `_index.md`;
//! - front matter keys are case-insensitive;
//! - `draft`, a future `publishDate` (else `date`) and a past `expiryDate` leave a page out
//!   (unless `buildDrafts`, `buildFuture`, `buildExpired`), and so does an unpublished
//!   section for everything below it; `headless: true` means `build: {render: never,
//!   list: never}`; `build` (older `_build`) sets `render: always|never|link` and
//!   `list: always|never|local`.

use super::cascade::apply_cascade;
use super::config::SiteConfig;
use super::dates;
use super::mounts::{Found, language_files};
use crate::frontmatter;
use anyhow::{Context, Result};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a page is in Hugo's page tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md` at the content root.
    Home,
    /// `_index.md` of a folder.
    Section,
    /// Any other page: `x.md` or a leaf bundle's `x/index.md`.
    Page,
}

/// `build.render`: whether the page is rendered to its own URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Rendered (the default).
    Always,
    /// Not rendered and without a URL.
    Never,
    /// Not rendered, but it keeps its URL (link-only pages).
    Link,
}

/// `build.list`: whether the page is in its section's page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Listed (the default).
    Always,
    /// In no list.
    Never,
    /// In its section's lists only.
    Local,
}

/// One page of the language being read.
#[derive(Debug, Clone)]
pub struct ContentPage {
    /// The path inside the content tree, `/`-separated, language part removed
    /// (`docs/_index.md`, `docs/a.md`, `docs/b/index.md`).
    pub path: String,
    /// The file on disk.
    pub file: PathBuf,
    /// The file relative to the site root, as `hugo list` prints it (`content/docs/a.md`).
    pub site_path: String,
    /// Home, section or page.
    pub kind: Kind,
    /// The file's text.
    pub text: String,
    /// Every front matter key, lowercased, with `cascade` values filled in.
    pub params: Map<String, Value>,
    /// `weight` (0 when unset).
    pub weight: i64,
    /// `date`, else `publishDate`, `lastmod` (seconds since the epoch).
    pub date: Option<i64>,
    /// `build.render`.
    pub render: Render,
    /// `build.list`.
    pub list: List,
}

impl ContentPage {
    /// The page's `title`, empty when it has none (Hugo 0.168 gives a section without a
    /// `title` no made-up one either).
    pub fn title(&self) -> String {
        self.params
            .get("title")
            .and_then(scalar)
            .unwrap_or_default()
    }

    /// `linkTitle`, else the title: the label in menus and the sidebar.
    pub fn link_title(&self) -> String {
        self.params
            .get("linktitle")
            .and_then(scalar)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| self.title())
    }

    /// A string front matter value (`slug`, `url`).
    pub fn string(&self, key: &str) -> Option<String> {
        self.params
            .get(key)
            .and_then(scalar)
            .filter(|s| !s.is_empty())
    }

    /// The folder the page stands for: a section's or bundle's own folder, else the
    /// page's folder.
    pub fn dir(&self) -> &str {
        parent(&self.path)
    }

    /// Whether the page is a leaf bundle (`x/index.md`).
    pub fn is_leaf_bundle(&self) -> bool {
        self.kind == Kind::Page && file_name(&self.path) == "index.md"
    }

    /// The folder of the section the page belongs to (a section's parent for sections).
    pub fn container_dir(&self) -> &str {
        match self.kind {
            Kind::Home => "",
            Kind::Section => parent(self.dir()),
            Kind::Page if self.is_leaf_bundle() => parent(self.dir()),
            Kind::Page => self.dir(),
        }
    }

    /// The file's name without extension, or a leaf bundle's folder name (Hugo's
    /// `:contentbasename`).
    pub fn base_name(&self) -> &str {
        if self.kind != Kind::Page || self.is_leaf_bundle() {
            return file_name(self.dir());
        }
        let name = file_name(&self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// Hugo's logical path of the page (`/docs/a`, `/docs`, `/`), which cascade targets match.
    pub fn logical_path(&self) -> String {
        let path = match self.kind {
            Kind::Page if !self.is_leaf_bundle() => {
                let dir = self.dir();
                if dir.is_empty() {
                    self.base_name().to_string()
                } else {
                    format!("{dir}/{}", self.base_name())
                }
            }
            _ => self.dir().to_string(),
        };
        format!("/{}", path.to_lowercase())
    }

    /// The day the page's date is written with (see [`dates::written_day`]).
    pub fn date_day(&self) -> Option<(i64, u32, u32)> {
        DATE_KEYS
            .iter()
            .find_map(|k| self.params.get(*k).and_then(dates::written_day))
    }

    /// `aliases`, as written.
    pub fn aliases(&self) -> Vec<String> {
        match self.params.get("aliases") {
            Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    }
}

/// A file published with the pages (a bundle resource, an image next to a page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// The path inside the content tree (`docs/b/diagram.png`).
    pub path: String,
    /// The file on disk.
    pub file: PathBuf,
}

/// The pages and files of one language.
#[derive(Debug, Default)]
pub struct Content {
    /// The published pages (drafts, future and expired pages left out), in path order;
    /// headless and `render: never` pages included (see [`ContentPage::render`]).
    pub pages: Vec<ContentPage>,
    /// Resources and other non-page files of those pages (headless bundles' included).
    pub files: Vec<ContentFile>,
    /// Pages left out, with the reason (`content/a.md: draft`).
    pub excluded: Vec<String>,
    /// Problems that did not stop the reading (a missing mount, a symlink leaving the site).
    pub warnings: Vec<String>,
}

/// Reads the content of language `lang` of the site at `root`. `now` decides what is
/// future or expired (seconds since the epoch).
pub fn load(root: &Path, config: &SiteConfig, lang: &str, now: i64) -> Result<Content> {
    let mut content = Content::default();
    let found = language_files(root, config, lang, &mut content.warnings)?;
    build(root, config, lang, now, found, &mut content)?;
    Ok(content)
}

/// Whether a file is a page (Markdown).
pub(super) fn is_content_file(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".markdown")
}

/// Turns the files found into pages and resources; applies cascade and the publication rules.
fn build(
    root: &Path,
    config: &SiteConfig,
    lang: &str,
    now: i64,
    found: Vec<Found>,
    content: &mut Content,
) -> Result<()> {
    // Pages are read and their front matter parsed on all cores (on threads of their own:
    // the site's page tree is read inside a one-time initialisation, `crate::parallel`);
    // the first error in file order is the one reported, as when read one by one.
    let read: Vec<Result<ContentPage>> =
        crate::parallel::map_on_own_threads(classify(found, &mut content.files), |item| {
            read_page(root, item)
        });
    let mut pages = read.into_iter().collect::<Result<Vec<_>>>()?;
    apply_cascade(&mut pages, config, lang);
    let hidden_dirs = publish(pages, &Publication::from_config(config, now), content);
    // Files of left-out pages (drafts, ...) go with them; those of headless bundles stay:
    // pages include them.
    content
        .files
        .retain(|f| !hidden_dirs.iter().any(|d| is_under(parent(&f.path), d)));
    Ok(())
}

/// The page files among `found`; the others (resources, and every file inside a leaf
/// bundle but its `index.md`) go to `files`.
fn classify(found: Vec<Found>, files: &mut Vec<ContentFile>) -> Vec<Found> {
    let leaf_dirs: HashSet<String> = found
        .iter()
        .filter(|f| file_name(&f.path) == "index.md")
        .map(|f| parent(&f.path).to_string())
        .collect();
    let in_leaf = |path: &str| {
        let mut dir = parent(path);
        if file_name(path) == "index.md" && leaf_dirs.contains(dir) {
            match parent_or_none(dir) {
                Some(above) => dir = above,
                None => return false,
            }
        }
        ancestors(dir).any(|d| leaf_dirs.contains(d))
    };
    let mut pages = Vec::new();
    for item in found {
        if is_content_file(&item.path) && !in_leaf(&item.path) {
            pages.push(item);
        } else {
            files.push(ContentFile {
                path: item.path,
                file: item.file,
            });
        }
    }
    pages
}

/// Moves the pages Hugo publishes into `content.pages` (path order) and the others, with
/// the reason, into `content.excluded`; everything below an unpublished section or bundle
/// goes with it. Returns the folders of those unpublished sections and bundles.
fn publish(mut pages: Vec<ContentPage>, flags: &Publication, content: &mut Content) -> Vec<String> {
    let mut hidden_dirs: Vec<String> = Vec::new();
    // Sections before what is below them.
    pages.sort_by_key(|p| {
        (
            p.dir().matches('/').count(),
            p.kind != Kind::Section,
            p.path.clone(),
        )
    });
    for mut page in pages {
        finish_page(&mut page);
        let under_hidden = hidden_dirs.iter().any(|d| {
            is_under(page.container_dir(), d)
                || (page.kind == Kind::Page && is_under(page.dir(), d))
        });
        let reason = if under_hidden {
            Some("in an unpublished section")
        } else {
            flags.exclusion(&page)
        };
        match reason {
            Some(reason) => {
                content
                    .excluded
                    .push(format!("{}: {reason}", page.site_path));
                if page.kind != Kind::Page || page.is_leaf_bundle() {
                    hidden_dirs.push(page.dir().to_string());
                }
            }
            None => content.pages.push(page),
        }
    }
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
    hidden_dirs
}

/// Reads a page's file and front matter.
fn read_page(root: &Path, item: Found) -> Result<ContentPage> {
    let text = std::fs::read_to_string(&item.file)
        .with_context(|| format!("cannot read {}", item.file.display()))?;
    let site_path = item
        .file
        .strip_prefix(root)
        .unwrap_or(&item.file)
        .to_string_lossy()
        .replace('\\', "/");
    let split = frontmatter::split(&text).map_err(|e| {
        let line = text[..e.offset.min(text.len())].matches('\n').count() + 1;
        anyhow::anyhow!("{site_path}:{line}: {}", e.message)
    })?;
    let params = lowercase_keys(split.front_matter.fields);
    let name = file_name(&item.path);
    let kind = match (name.starts_with("_index."), parent_or_none(&item.path)) {
        (true, None) => Kind::Home,
        (true, Some(_)) => Kind::Section,
        _ => Kind::Page,
    };
    Ok(ContentPage {
        path: item.path,
        file: item.file,
        site_path,
        kind,
        text,
        params,
        weight: 0,
        date: None,
        render: Render::Always,
        list: List::Always,
    })
}

/// Reads weight, dates and build options from the (cascaded) front matter.
fn finish_page(page: &mut ContentPage) {
    page.weight = page.params.get("weight").and_then(as_i64).unwrap_or(0);
    page.date = first_date(&page.params, DATE_KEYS);
    let build = page
        .params
        .get("build")
        .or_else(|| page.params.get("_build"));
    let headless = page
        .params
        .get("headless")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if headless {
        page.render = Render::Never;
        page.list = List::Never;
    }
    if let Some(build) = build {
        page.render = match build.get("render") {
            Some(Value::String(s)) if s.eq_ignore_ascii_case("never") => Render::Never,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("link") => Render::Link,
            Some(Value::Bool(false)) => Render::Never,
            _ => page.render,
        };
        page.list = match build.get("list") {
            Some(Value::String(s)) if s.eq_ignore_ascii_case("never") => List::Never,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("local") => List::Local,
            Some(Value::Bool(false)) => List::Never,
            _ => page.list,
        };
    }
}

/// The front matter keys of a page's date, in Hugo's order (`frontmatter.date` default).
const DATE_KEYS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];

/// `buildDrafts`, `buildFuture`, `buildExpired` and the time they are judged at.
struct Publication {
    drafts: bool,
    future: bool,
    expired: bool,
    now: i64,
}

impl Publication {
    fn from_config(config: &SiteConfig, now: i64) -> Self {
        Publication {
            drafts: config.flag("builddrafts"),
            future: config.flag("buildfuture"),
            expired: config.flag("buildexpired"),
            now,
        }
    }

    /// Why Hugo leaves the page out, if it does.
    fn exclusion(&self, page: &ContentPage) -> Option<&'static str> {
        let params = &page.params;
        if !self.drafts && params.get("draft").and_then(as_bool).unwrap_or(false) {
            return Some("draft");
        }
        let publish = first_date(params, &["publishdate", "pubdate", "published", "date"]);
        if !self.future && publish.is_some_and(|d| d > self.now) {
            return Some("publication date in the future");
        }
        let expiry = first_date(params, &["expirydate", "unpublishdate"]);
        if !self.expired && expiry.is_some_and(|d| d <= self.now) {
            return Some("expired");
        }
        None
    }
}

fn first_date(params: &Map<String, Value>, keys: &[&str]) -> Option<i64> {
    keys.iter()
        .find_map(|k| params.get(*k).and_then(dates::parse))
}

/// Lowercases a table's keys, deeply (Hugo's front matter keys are case-insensitive).
pub fn lowercase_keys(map: Map<String, Value>) -> Map<String, Value> {
    crate::frontmatter::lower_case_keys_first(map)
        .map(|(k, v)| {
            let v = match v {
                Value::Object(inner) => Value::Object(lowercase_keys(inner)),
                other => other,
            };
            (k.to_lowercase(), v)
        })
        .collect()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn as_i64(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f as i64))
        .or_else(|| value.as_str()?.trim().parse().ok())
}

fn as_bool(value: &Value) -> Option<bool> {
    value.as_bool().or_else(|| match value.as_str()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    })
}

/// `a/b/c.md` → `a/b`; `c.md` → ``.
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn parent_or_none(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(dir, _)| dir)
}

/// `a/b.md` → `b.md`.
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `a/b` then `a` then `` (the root).
pub fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(parent(current))
        };
        Some(current)
    })
}

/// Whether folder `dir` is `ancestor` or below it.
pub fn is_under(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || dir == ancestor || dir.starts_with(&format!("{ancestor}/"))
}

/// `dir/name` (`name` alone at the root; `dir` alone for an empty `name`).
pub(super) fn join(dir: &str, name: &str) -> String {
    if name.is_empty() {
        dir.to_string()
    } else if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b").collect::<Vec<_>>(), ["a/b", "a", ""]);
        assert!(is_under("a/b", "a") && !is_under("ab", "a") && is_under("x", ""));
    }
}
