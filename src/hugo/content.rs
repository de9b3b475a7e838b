//! The content of one language of a Hugo site: its pages (with front matter, `cascade`,
//! build options and publication dates applied) and the other files that are published
//! with them (bundle resources).
//!
//! Hugo's rules followed here:
//! - content comes from `contentDir` (per language `languages.LANG.contentDir`) or, when the
//!   site declares content mounts, from `module.mounts` with target `content[/SUB]` (a
//!   mount's language: `lang = "xx"` or `sites.matrix.languages`); the first mount that has a
//!   path wins;
//! - `page.LANG.md` and `_index.LANG.md` belong to language `LANG`; a name without a
//!   language belongs to the mount's language, else to the default language;
//! - `_index.md` makes its folder a section (at the root: the home page); `x/index.md` makes
//!   `x/` a leaf bundle: every other file under `x/` is a resource of that page, Markdown
//!   included; top-level folders are sections even without `_index.md`;
//! - front matter keys are case-insensitive; `cascade` (a table or a list of tables with an
//!   optional `_target`/`target` of `path`, `kind`, `lang`, `environment`) fills keys of the
//!   page that declares it and of every page below it; the nearest cascade wins;
//! - `draft`, a future `publishDate` (else `date`) and a past `expiryDate` leave a page out
//!   (unless `buildDrafts`, `buildFuture`, `buildExpired`), and so does an unpublished
//!   section for everything below it; `headless: true` means `build: {render: never,
//!   list: never}`; `build` (older `_build`) sets `render: always|never|link` and
//!   `list: always|never|local`.

use super::config::{SiteConfig, inside_site};
use super::dates;
use crate::frontmatter;
use anyhow::{Context, Result};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// A folder (or one file) mounted into the content tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The folder or file on disk.
    pub source: PathBuf,
    /// Where it appears in the content tree (`""` for the root, `docs`, `repo/README.md`).
    pub target: String,
    /// The languages of its files without a language part; empty for the default language.
    pub langs: Vec<String>,
}

/// The content mounts of language `lang` (see the module doc). A `contentDir` that leaves
/// the site is an error; a `module.mounts` entry whose source leaves the site is not read
/// and is a warning in `warnings` (sites mount a repository's `README.md` from `..`).
pub fn mounts(
    root: &Path,
    config: &SiteConfig,
    lang: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<Mount>> {
    if let Some(Value::Array(list)) = config.get("module.mounts") {
        let mut out = Vec::new();
        for mount in list {
            let (Some(source), Some(target)) = (
                mount.get("source").and_then(Value::as_str),
                mount.get("target").and_then(Value::as_str),
            ) else {
                continue;
            };
            let target = target.trim_matches('/');
            let Some(sub) = target.strip_prefix("content") else {
                continue;
            };
            if !(sub.is_empty() || sub.starts_with('/')) {
                continue;
            }
            match inside_site(root, source) {
                Ok(source) => out.push(Mount {
                    source,
                    target: sub.trim_matches('/').to_string(),
                    langs: mount_langs(mount),
                }),
                Err(e) => warnings.push(format!("module.mounts: {e:#}; that mount is not read")),
            }
        }
        if !out.is_empty() {
            return Ok(out);
        }
    }
    let configured = config.string("contentdir");
    let root_dir = configured.clone().unwrap_or_else(|| "content".into());
    let mut out = Vec::new();
    let own = config.string(&format!("languages.{lang}.contentdir"));
    if let Some(own) = own.filter(|d| *d != root_dir) {
        out.push(Mount {
            source: inside_site(root, &own).context("contentDir")?,
            target: String::new(),
            langs: vec![lang.to_string()],
        });
    }
    let source = inside_site(root, &root_dir).context("contentDir")?;
    // The default `content` folder may be missing when every language has its own.
    if configured.is_some() || source.is_dir() || out.is_empty() {
        out.push(Mount {
            source,
            target: String::new(),
            langs: Vec::new(),
        });
    }
    Ok(out)
}

/// A mount's languages: `lang = "fr"` or `sites.matrix.languages` (a name or a list).
fn mount_langs(mount: &Value) -> Vec<String> {
    if let Some(lang) = mount.get("lang").and_then(Value::as_str) {
        return vec![lang.to_lowercase()];
    }
    match mount.pointer("/sites/matrix/languages") {
        Some(Value::String(lang)) => vec![lang.to_lowercase()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

/// What the walk found: a file of the language read, with its content path.
struct Found {
    path: String,
    file: PathBuf,
}

/// Reads the content of language `lang` of the site at `root`. `now` decides what is
/// future or expired (seconds since the epoch).
pub fn load(root: &Path, config: &SiteConfig, lang: &str, now: i64) -> Result<Content> {
    let mut content = Content::default();
    let languages: HashSet<String> = config.languages().into_iter().collect();
    let default = config.default_language();
    let root_canon = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for mount in mounts(root, config, lang, &mut content.warnings)? {
        let files = match mount_files(&mount, &root_canon, &mut content.warnings)? {
            Some(files) => files,
            None => continue,
        };
        let files: Vec<(String, Option<String>, PathBuf)> = files
            .into_iter()
            .map(|(relative, file)| {
                let (path, file_lang) = split_language(&join(&mount.target, &relative), &languages);
                (path, file_lang, file)
            })
            .collect();
        let bundles = bundle_languages(&files, &mount, &default);
        for (path, file_lang, file) in files {
            let belongs = match &file_lang {
                Some(file_lang) => file_lang == lang,
                None if !is_content_file(&path) && bundle_of(&bundles, &path).is_some() => {
                    bundle_of(&bundles, &path).is_some_and(|langs| langs.contains(lang))
                }
                None if mount.langs.is_empty() => default == lang,
                None => mount.langs.iter().any(|l| l == lang),
            };
            if belongs {
                found.entry(path.clone()).or_insert(Found { path, file });
            }
        }
    }
    let found: Vec<Found> = found.into_values().collect();
    build(root, config, lang, now, found, &mut content)?;
    Ok(content)
}

/// For each folder of a mount with an `_index` or `index` page, the languages of those
/// pages: a resource without a language part belongs to its bundle's languages (Hugo shares
/// it among the translations of a bundle that live in the same folder).
fn bundle_languages(
    files: &[(String, Option<String>, PathBuf)],
    mount: &Mount,
    default: &str,
) -> HashMap<String, HashSet<String>> {
    let mut bundles: HashMap<String, HashSet<String>> = HashMap::new();
    for (path, file_lang, _) in files {
        if !matches!(file_name(path), "_index.md" | "index.md") {
            continue;
        }
        let langs: Vec<String> = match file_lang {
            Some(lang) => vec![lang.clone()],
            None if mount.langs.is_empty() => vec![default.to_string()],
            None => mount.langs.clone(),
        };
        bundles
            .entry(parent(path).to_string())
            .or_default()
            .extend(langs);
    }
    bundles
}

/// The languages of the nearest bundle folder holding `path`.
fn bundle_of<'a>(
    bundles: &'a HashMap<String, HashSet<String>>,
    path: &str,
) -> Option<&'a HashSet<String>> {
    ancestors(parent(path)).find_map(|dir| bundles.get(dir))
}

/// The files of a mount, relative to it (`""` for a mounted file); `None`, with a warning,
/// when its source does not exist.
fn mount_files(
    mount: &Mount,
    root_canon: &Path,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<(String, PathBuf)>>> {
    if mount.source.is_file() {
        let inside = mount
            .source
            .canonicalize()
            .is_ok_and(|t| t.starts_with(root_canon));
        if !inside {
            warnings.push(format!(
                "{} leaves the site; it is not read",
                mount.source.display()
            ));
            return Ok(None);
        }
        return Ok(Some(vec![(String::new(), mount.source.clone())]));
    }
    if !mount.source.is_dir() {
        warnings.push(format!(
            "the content folder {} does not exist; nothing is read from it",
            mount.source.display()
        ));
        return Ok(None);
    }
    let mut files = Vec::new();
    walk(&mount.source, root_canon, &mut files, warnings)?;
    Ok(Some(
        files
            .into_iter()
            .map(|file| {
                let relative = file.strip_prefix(&mount.source).unwrap_or(&file);
                (relative.to_string_lossy().replace('\\', "/"), file)
            })
            .collect(),
    ))
}

/// Every file under `dir`, sorted, skipping hidden names and symbolic links that leave the
/// site folder `root` (canonical); each such link is a warning.
pub fn walk(
    dir: &Path,
    root: &Path,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|target| target.starts_with(root));
            if !inside {
                warnings.push(format!(
                    "{} is a symbolic link that leaves the site (or is broken); it is not read",
                    path.display()
                ));
                continue;
            }
        }
        if path.is_dir() {
            if path.is_symlink() && leads_to_ancestor(&path) {
                warnings.push(format!(
                    "{} is a symbolic link to a folder above it; it is not read again",
                    path.display()
                ));
                continue;
            }
            walk(&path, root, out, warnings)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether a symbolic link to a folder leads to one of the folders it is in (a loop).
fn leads_to_ancestor(link: &Path) -> bool {
    let (Ok(target), Some(Ok(parent))) =
        (link.canonicalize(), link.parent().map(Path::canonicalize))
    else {
        return true;
    };
    parent.starts_with(&target)
}

/// `docs/a.fr.md` → (`docs/a.md`, `fr`) when `fr` is a language of the site.
fn split_language(path: &str, languages: &HashSet<String>) -> (String, Option<String>) {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() >= 3 {
        let lang = parts[parts.len() - 2].to_lowercase();
        if languages.contains(&lang) {
            let mut kept = parts.clone();
            kept.remove(parts.len() - 2);
            return (join(dir, &kept.join(".")), Some(lang));
        }
    }
    (path.to_string(), None)
}

fn is_content_file(path: &str) -> bool {
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
    let mut pages = Vec::new();
    for item in classify(found, &mut content.files) {
        pages.push(read_page(root, item)?);
    }
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

/// Fills every page's params from the cascades of its sections (its own first when it is
/// a section, then the nearest above) and of the site config.
fn apply_cascade(pages: &mut [ContentPage], config: &SiteConfig, lang: &str) {
    let mut by_dir: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
    for page in pages.iter().filter(|p| p.kind != Kind::Page) {
        if let Some(cascade) = page.params.get("cascade") {
            by_dir.insert(page.dir().to_string(), cascade_entries(cascade));
        }
    }
    let site_cascade = config
        .get("cascade")
        .map(cascade_entries)
        .unwrap_or_default();
    for page in pages.iter_mut() {
        let start = if page.kind == Kind::Page {
            page.container_dir().to_string()
        } else {
            page.dir().to_string()
        };
        let kind = match page.kind {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
        };
        let path = page.logical_path();
        let dirs: Vec<String> = ancestors(&start).map(str::to_string).collect();
        let entries = dirs
            .iter()
            .filter_map(|d| by_dir.get(d))
            .flatten()
            .chain(&site_cascade);
        for entry in entries {
            if cascade_matches(entry, &path, kind, lang) {
                let mut values = entry.clone();
                values.remove("_target");
                values.remove("target");
                super::config::merge_under(&mut page.params, values);
            }
        }
    }
}

/// A `cascade` value as a list of tables.
fn cascade_entries(value: &Value) -> Vec<Map<String, Value>> {
    match value {
        Value::Object(map) => vec![lowercase_keys(map.clone())],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|m| lowercase_keys(m.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a cascade entry's `_target` (or `target`) accepts the page.
fn cascade_matches(entry: &Map<String, Value>, path: &str, kind: &str, lang: &str) -> bool {
    let Some(target) = entry.get("_target").or_else(|| entry.get("target")) else {
        return true;
    };
    let field = |key: &str| {
        target
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    field("path").is_none_or(|g| glob_matches(&g.to_lowercase(), path))
        && field("kind").is_none_or(|k| glob_matches(&k.to_lowercase(), kind))
        && field("lang").is_none_or(|l| glob_matches(&l.to_lowercase(), lang))
        && field("environment").is_none_or(|e| glob_matches(e, super::config::ENVIRONMENT))
}

/// A glob as Hugo's cascade targets use it: `**` any text, `*` any text without `/`,
/// `{a,b}` either.
pub fn glob_matches(glob: &str, text: &str) -> bool {
    if let Some(open) = glob.find('{')
        && let Some(close) = glob[open..].find('}')
    {
        let (head, rest) = (&glob[..open], &glob[open + close + 1..]);
        return glob[open + 1..open + close]
            .split(',')
            .any(|alt| glob_matches(&format!("{head}{alt}{rest}"), text));
    }
    match glob.strip_prefix("**") {
        Some(rest) => (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .any(|i| glob_matches(rest, &text[i..])),
        None => match glob.strip_prefix('*') {
            Some(rest) => (0..=text.len())
                .filter(|&i| text.is_char_boundary(i) && !text[..i].contains('/'))
                .any(|i| glob_matches(rest, &text[i..])),
            None => match (glob.chars().next(), text.chars().next()) {
                (None, None) => true,
                (Some(g), Some(t)) if g == t => {
                    glob_matches(&glob[g.len_utf8()..], &text[t.len_utf8()..])
                }
                _ => false,
            },
        },
    }
}

fn first_date(params: &Map<String, Value>, keys: &[&str]) -> Option<i64> {
    keys.iter()
        .find_map(|k| params.get(*k).and_then(dates::parse))
}

/// Lowercases a table's keys, deeply (Hugo's front matter keys are case-insensitive).
pub fn lowercase_keys(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
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

fn file_name(path: &str) -> &str {
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

fn join(dir: &str, name: &str) -> String {
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
    fn globs_match_like_hugos_targets() {
        assert!(glob_matches("/docs/**", "/docs/a/b"));
        assert!(glob_matches("/docs/*", "/docs/a"));
        assert!(!glob_matches("/docs/*", "/docs/a/b"));
        assert!(glob_matches("{/docs,/docs/**}", "/docs"));
        assert!(!glob_matches("/blog/**", "/docs/a"));
    }

    #[test]
    fn language_parts_are_split_off() {
        let langs: HashSet<String> = ["en".to_string(), "fr".to_string()].into();
        assert_eq!(
            split_language("a/b.fr.md", &langs),
            ("a/b.md".into(), Some("fr".into()))
        );
        assert_eq!(
            split_language("a/v1.2.md", &langs),
            ("a/v1.2.md".into(), None)
        );
        assert_eq!(
            split_language("_index.en.md", &langs),
            ("_index.md".into(), Some("en".into()))
        );
    }

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b").collect::<Vec<_>>(), ["a/b", "a", ""]);
        assert!(is_under("a/b", "a") && !is_under("ab", "a") && is_under("x", ""));
    }
}
