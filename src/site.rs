//! The whole book as Hugo sees it: pages, their Hugo URLs, and link/ref resolution.

use crate::frontmatter::{self, FrontMatter, FrontMatterError};
use crate::link;
use crate::source::SourceFile;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use table::{StringList, StringMap};

mod table;

/// The front matter key under which `mdbook-hugo import` writes the params a page gets
/// from a section's `cascade` (the preprocessor reads one page at a time and does not see
/// its sections'): `param` and templates' `.Param` look there after the page's own.
pub const CASCADE_KEY: &str = "mdbook_hugo_cascade";

/// One chapter with its front matter read.
#[derive(Debug)]
pub struct Page {
    /// The original text, for positions.
    pub source: SourceFile,
    /// Path relative to the book's source folder, `/`-separated (`what/_index.md`).
    pub source_path: String,
    /// The path mdBook writes it at, `.md` (`what/index.md`).
    pub output_path: String,
    /// The front matter (default when there is none or it is malformed).
    pub front_matter: FrontMatter,
    /// Where the body starts in `source.text`.
    pub body_start: usize,
    /// The body's length in bytes, kept while the text itself is moved out for
    /// conversion ([`Site::take_sources`]).
    pub body_len: usize,
    /// Why the front matter could not be read, if it could not.
    pub front_matter_error: Option<FrontMatterError>,
    /// The page's parent chapter (index into [`Site::pages`]): from the book's structure
    /// when there is one ([`Site::set_parents`]), else from the folders.
    pub parent: Option<usize>,
}

impl Page {
    /// Reads the front matter of `text` found at `source_path` (relative to the source folder).
    /// `display_path` is what diagnostics show.
    pub fn new(source_path: &str, display_path: &Path, text: String) -> Self {
        let source_path = source_path.replace('\\', "/");
        // `SourceFile::new` normalizes the text (line endings, byte order mark) once.
        let source = SourceFile::new(display_path, text);
        let (split, front_matter_error) = match frontmatter::split(&source.text) {
            Ok(split) => (split, None),
            Err(e) => (frontmatter::Split::default(), Some(e)),
        };
        let body_len = source.text.len().saturating_sub(split.body_start);
        Page {
            output_path: output_path_for(&source_path),
            source,
            source_path,
            front_matter: split.front_matter,
            body_start: split.body_start,
            body_len,
            front_matter_error,
            parent: None,
        }
    }

    /// The page's URL path as Hugo writes it: from the front matter `url` as written (case
    /// and spaces kept), or from the file's path urlized (`link::urlize_path`) with `slug`
    /// for the last segment; with a leading `/`, and a trailing `/` for a pretty URL.
    pub fn hugo_url(&self) -> String {
        if let Some(url) = &self.front_matter.url {
            return url_form(url);
        }
        let (dir, stem) = split_dir_stem(&self.source_path);
        let mut url = String::from("/");
        if !dir.is_empty() {
            url.push_str(&link::urlize_path(dir));
            url.push('/');
        }
        if !is_section_index(stem) {
            url.push_str(&link::urlize_path(
                self.front_matter.slug.as_deref().unwrap_or(stem),
            ));
            url.push('/'); // a pretty URL: a folder, even when the name has a dot
        }
        url
    }

    /// The page's aliases as Hugo writes them: absolute ones as written, relative ones
    /// against the folder of the page's URL (`rel` on `/a/b/page/` is `/a/b/rel/`,
    /// `../x.html` is `/a/x.html`), case and spaces kept; an alias is a folder unless it
    /// names an `.html` file, dots or not (`/v0.7` is `/v0.7/`) (checked with Hugo 0.168).
    pub fn alias_urls(&self) -> Vec<String> {
        let url = self.hugo_url();
        let folder = url.trim_end_matches('/');
        let folder = &folder[..folder.rfind('/').map_or(0, |i| i + 1)];
        self.front_matter
            .aliases
            .iter()
            .map(|alias| {
                let joined = link::join(folder, alias.trim());
                let is_file = joined.ends_with(".html") || joined.ends_with(".htm");
                url_form(&if is_file {
                    joined
                } else {
                    format!("{joined}/")
                })
            })
            .collect()
    }

    /// The folder of the page's output path (`""` at the root).
    pub fn output_dir(&self) -> &str {
        parent_dir(&self.output_path)
    }

    /// The folder of the page's source path (`""` at the root).
    pub fn source_dir(&self) -> &str {
        parent_dir(&self.source_path)
    }

    /// Whether the page is a Hugo section page or a bundle index.
    pub fn is_index(&self) -> bool {
        is_section_index(split_dir_stem(&self.source_path).1)
    }
}

fn is_section_index(stem: &str) -> bool {
    matches!(stem, "_index" | "index") || stem.eq_ignore_ascii_case("readme")
}

/// `what/_index.md` → (`what`, `_index`).
fn split_dir_stem(path: &str) -> (&str, &str) {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    (dir, stem)
}

/// Where mdBook should write a chapter: Hugo section pages and READMEs become `index.md`.
/// mdBook's `index` preprocessor renames any file whose stem is `readme` in any case
/// (`(?i)^readme$`, mdBook 0.5.4).
pub fn output_path_for(source_path: &str) -> String {
    let (dir, file) = source_path.rsplit_once('/').unwrap_or(("", source_path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    if file == "_index.md" || stem.eq_ignore_ascii_case("readme") {
        if dir.is_empty() {
            "index.md".into()
        } else {
            format!("{dir}/index.md")
        }
    } else {
        source_path.to_string()
    }
}

/// A URL path in Hugo's form: a leading `/`, `.` and `..` segments resolved (never above
/// the root, so no URL can name a file outside the book), and a trailing `/` unless the
/// last segment looks like a file name (`report.pdf`) and was not written with one
/// (`/what/release-1.0/` stays a folder); `index.html` at the end names its folder. Case
/// is kept.
pub fn url_form(path: &str) -> String {
    let is_folder = path.trim().ends_with('/');
    let resolved = link::join("/", path.trim());
    let trimmed = resolved.trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("/index.html")
        .or_else(|| trimmed.strip_suffix("index.html"))
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else if !is_folder && has_file_extension(trimmed) {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// The key a URL is looked up by: decoded, in Hugo's form, lowercased (links that differ
/// from the page's URL only in case or in percent-encoding still find it).
pub fn lookup_key(path: &str) -> String {
    plain_lookup_key(path).unwrap_or_else(|| url_form(&link::decode(path)).to_lowercase())
}

/// [`lookup_key`] in one allocation for the usual path: ASCII, nothing to decode, no
/// surrounding space, no `.`/`..` segment, not ending in `index.html`; `None` for any other.
fn plain_lookup_key(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    // The ASCII characters `char::is_whitespace` (and so `str::trim`) takes for space.
    let is_space = |b: &u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let plain = bytes.iter().all(|&b| b.is_ascii() && b != b'%')
        && !bytes.first().is_some_and(is_space)
        && !bytes.last().is_some_and(is_space)
        && !path.trim_end_matches('/').ends_with("index.html");
    if !plain {
        return None;
    }
    let mut key = String::with_capacity(path.len() + 2);
    for segment in link::segments(path).filter(|segment| !segment.is_empty()) {
        if segment == "." || segment == ".." {
            return None;
        }
        key.push('/');
        key.push_str(segment);
    }
    let is_file = !path.ends_with('/') && has_file_extension(&key);
    if key.is_empty() || !is_file {
        key.push('/');
    }
    key.make_ascii_lowercase();
    Some(key)
}

fn has_file_extension(path: &str) -> bool {
    let last = link::last_segment(path);
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// What a link points at once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A chapter, by index into [`Site::pages`].
    Page(usize),
    /// A file in the source folder (an image, a download), `/`-separated.
    File(String),
}

/// Why a `ref`/`relref` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Nothing matched.
    NotFound,
    /// A bare name matched several pages.
    Ambiguous(Vec<String>),
}

/// All pages of the book and the Hugo URL map built from them.
#[derive(Debug, Default)]
pub struct Site {
    /// Every page, in book order.
    pub pages: Vec<Page>,
    /// The book's source folder, to find static files; `None` disables file lookups.
    pub src_dir: Option<PathBuf>,
    /// Each URL's [`lookup_key`], and the page it leads to.
    urls: StringMap,
    exact_urls: Vec<(String, usize)>,
    url_conflicts: Vec<UrlConflict>,
    source_paths: StringMap,
    /// The source paths lower-cased, for `ref`: Hugo finds a page by its path in any case
    /// (`DOCS/n1.5.md` and `V1.2` find `docs/n1.5.md` and `v1.2.md`, Hugo 0.168); the
    /// first page in book order keeps a path that two spell differently.
    ref_paths: StringMap,
    /// Each page's output path, as [`Page::output_path`] was when the site was built, side
    /// by side for links to read ([`Site::relative_path_to`]).
    output_paths: StringList,
    /// Source paths of the pages the conversion left out (drafts): links to them lead
    /// nowhere even though their files exist.
    pub left_out: std::collections::HashSet<String>,
}

/// Two pages that claim the same URL (their `url`, `slug` or an alias): links go to the
/// first, in book order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlConflict {
    /// The URL, as the second page gives it.
    pub url: String,
    /// The page that keeps the URL.
    pub first: usize,
    /// The page whose claim is ignored.
    pub second: usize,
}

impl Site {
    /// Builds the URL map once for the whole book.
    pub fn new(pages: Vec<Page>, src_dir: Option<PathBuf>) -> Self {
        let mut urls = StringMap::default();
        let mut exact_urls = Vec::new();
        let mut url_conflicts = Vec::new();
        let mut source_paths = StringMap::default();
        let mut ref_paths = StringMap::default();
        let mut output_paths = StringList::default();
        // Each page's URLs and their keys are computed on all cores; the map is filled in
        // book order, so that the first claim of a URL wins as before.
        let page_urls: Vec<Vec<(String, String)>> = pages
            .par_iter()
            .map(|page| {
                std::iter::once(page.hugo_url())
                    .chain(page.alias_urls())
                    .map(|url| (lookup_key(&url), url))
                    .collect()
            })
            .collect();
        for ((index, page), keyed) in pages.iter().enumerate().zip(page_urls) {
            for (key, url) in keyed {
                match urls.insert_first(&key, index) {
                    Ok(()) => exact_urls.push((url, index)),
                    Err(first) if first != index => {
                        url_conflicts.push(UrlConflict {
                            url,
                            first,
                            second: index,
                        });
                    }
                    Err(_) => {}
                }
            }
            source_paths.insert(&page.source_path, index);
            let _ = ref_paths.insert_first(&page.source_path.to_lowercase(), index);
            output_paths.push(&page.output_path);
        }
        let mut site = Site {
            pages,
            src_dir,
            urls,
            exact_urls,
            url_conflicts,
            source_paths,
            ref_paths,
            output_paths,
            left_out: Default::default(),
        };
        let parents = site.folder_parents();
        site.set_parents(parents);
        site
    }

    /// Sets every page's parent chapter (`parents[i]` for page `i`, in book order); an index
    /// that is not a page is no parent.
    pub fn set_parents(&mut self, parents: Vec<Option<usize>>) {
        let count = self.pages.len();
        for (index, page) in self.pages.iter_mut().enumerate() {
            page.parent = parents
                .get(index)
                .copied()
                .flatten()
                .filter(|&p| p < count && p != index);
        }
    }

    /// The parents Hugo's folders give: a page's section is the `_index.md` (or `index.md`,
    /// `README.md`) of its folder, or of the nearest folder above that has one.
    fn folder_parents(&self) -> Vec<Option<usize>> {
        let sections: HashMap<&str, usize> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_index())
            .map(|(i, p)| (p.source_dir(), i))
            .collect();
        self.pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                let mut dir = Some(page.source_dir());
                if page.is_index() {
                    dir = dir.filter(|d| !d.is_empty()).map(parent_dir);
                }
                while let Some(current) = dir {
                    if let Some(&section) = sections.get(current)
                        && section != index
                    {
                        return Some(section);
                    }
                    dir = (!current.is_empty()).then(|| parent_dir(current));
                }
                None
            })
            .collect()
    }

    /// The child chapters of page `index`, in book order. The home page (`_index.md` at
    /// the root) with no children of its own has the top-level chapters, as in Hugo.
    pub fn children(&self, index: usize) -> Vec<usize> {
        let own: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].parent == Some(index))
            .collect();
        let page = &self.pages[index];
        let is_home = page.is_index() && page.source_dir().is_empty();
        if !own.is_empty() || !is_home {
            return own;
        }
        (0..self.pages.len())
            .filter(|&i| i != index && self.pages[i].parent.is_none())
            .collect()
    }

    /// The page a Hugo URL path leads to.
    pub fn page_for_url(&self, url_path: &str) -> Option<usize> {
        let found = self.urls.get(&lookup_key(url_path));
        found.or_else(|| {
            // `/what/release-1.0` names the page `/what/release-1.0/` too.
            let folder = format!("{}/", url_path.trim());
            self.urls.get(&lookup_key(&folder))
        })
    }

    /// Every Hugo URL (and alias) as Hugo writes it, with the page it leads to.
    pub fn url_map(&self) -> impl Iterator<Item = (&str, usize)> {
        self.exact_urls
            .iter()
            .map(|(url, index)| (url.as_str(), *index))
    }

    /// URLs claimed by two pages.
    pub fn url_conflicts(&self) -> &[UrlConflict] {
        &self.url_conflicts
    }

    /// Resolves a site-absolute path (no fragment): a page URL, a page's `.md`/`.html`
    /// file, or a static file in the source folder.
    pub fn resolve_site_path(&self, path: &str) -> Option<LinkTarget> {
        let decoded = link::decode(path);
        let as_page = strip_page_extension(&decoded);
        if let Some(index) = self.page_for_url(as_page) {
            return Some(LinkTarget::Page(index));
        }
        let relative = decoded.trim_start_matches('/');
        if let Some(index) = self.source_paths.get(relative) {
            return Some(LinkTarget::Page(index));
        }
        let src_dir = self.src_dir.as_ref()?;
        let file = src_dir.join(relative);
        (!relative.is_empty() && file.is_file()).then(|| LinkTarget::File(relative.to_string()))
    }

    /// The index of the page whose source path is `path` (`what/roles.md`), if any.
    pub fn page_index(&self, path: &str) -> Option<usize> {
        self.source_paths.get(path)
    }

    /// Whether a page of the book has the source path `path` (`what/roles.md`).
    pub fn has_source_path(&self, path: &str) -> bool {
        self.source_paths.contains_key(path)
    }

    /// Moves every page's text out (for converting each page on its own); the pages keep
    /// their display paths and everything read from their front matter.
    pub fn take_sources(&mut self) -> Vec<SourceFile> {
        self.pages
            .iter_mut()
            .map(|page| {
                let empty = SourceFile::new(&page.source.display_path, String::new());
                std::mem::replace(&mut page.source, empty)
            })
            .collect()
    }

    /// Hugo's `ref`/`relref` lookup: relative to the page, then from the content root, then
    /// by unique base name ([`Site::lookup_by_base_name`]) when the reference has no `/`
    /// but trailing ones, or a leading one only (then among the root's pages; Hugo 0.168,
    /// `pageFinder.getContentNodeForRef`). The extension is optional.
    pub fn resolve_ref(&self, from: usize, reference: &str) -> Result<usize, RefError> {
        let page = &self.pages[from];
        if reference.is_empty() {
            return Ok(from);
        }
        let relative_base = if reference.starts_with('/') {
            None
        } else {
            Some(page.source_dir())
        };
        if let Some(base) = relative_base
            && let Some(found) = self.lookup_source(&link::join_segments(base, reference))
        {
            return Ok(found);
        }
        if let Some(found) = self.lookup_source(&link::join_segments("", reference)) {
            return Ok(found);
        }
        // Hugo looks a name up in its reverse index only when the reference has no `/`
        // but trailing ones (`go/` is `go`); `/name` is the root's `name` only.
        let name = reference.trim_end_matches('/');
        match name.strip_prefix('/') {
            Some(root) if !root.contains('/') => self.lookup_by_base_name(root, true),
            None if !name.is_empty() && !name.contains('/') => {
                self.lookup_by_base_name(name, false)
            }
            _ => Err(RefError::NotFound),
        }
    }

    /// The page whose source path is `path`, or `path` with `.md`, `/_index.md`,
    /// `/index.md` or `/README.md`, in any case (Hugo lower-cases paths).
    fn lookup_source(&self, path: &str) -> Option<usize> {
        let path = path.trim_end_matches('/').trim_start_matches('/');
        // The same lowercasing, cheaper where it applies.
        let path = if path.is_ascii() {
            path.to_ascii_lowercase()
        } else {
            path.to_lowercase()
        };
        let path = path.as_str();
        if !path.is_empty()
            && let Some(found) = self.ref_paths.get(path)
        {
            return Some(found);
        }
        let mut candidate = String::with_capacity(path.len() + 12);
        for suffix in [".md", "/_index.md", "/index.md", "/readme.md"] {
            if path.is_empty() && suffix == ".md" {
                continue;
            }
            candidate.clear();
            candidate.push_str(path);
            candidate.push_str(suffix);
            if let Some(found) = self.ref_paths.get(candidate.trim_start_matches('/')) {
                return Some(found);
            }
        }
        None
    }

    /// The page whose base name is `name`'s, ignoring case and the extension, as Hugo's
    /// reverse index of pages has it. Hugo takes whatever follows the last `.` of the
    /// reference for an extension, known or not: `n1.5.md` and `n1.5.x` find `n1.5.md`,
    /// while `n1.5` looks for a page named `n1` (Hugo 0.168); a `/name` reference (only
    /// the root's pages) drops `.md` alone. The base name of a page is: a page file's name
    /// (`quick` for `go/quick.md`), a section's or a leaf bundle's folder name (`languages`
    /// for `docs/languages/_index.md`, `post` for `blog/post/index.md`), dots and all
    /// (`v2.0` for `docs/v2.0/_index.md`, found by `v2.0.md`). Two pages with that
    /// base name make the reference ambiguous. Case is ignored as Hugo lowercases paths,
    /// non-ASCII letters too (`Über` finds `über/_index.md`). With `root_only`, only the
    /// pages at the root of `content/` count (`/community`, which Hugo finds by its path,
    /// in any case, while `/post` does not find `blog/post/`).
    fn lookup_by_base_name(&self, name: &str, root_only: bool) -> Result<usize, RefError> {
        let wanted = if root_only {
            // `.md` in any case (`/V1.3.MD`), as Hugo lower-cases the reference.
            match name.len().checked_sub(3) {
                Some(cut)
                    if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".md") =>
                {
                    &name[..cut]
                }
                _ => name,
            }
        } else {
            strip_extension(name)
        };
        if wanted.is_empty() {
            return Err(RefError::NotFound);
        }
        let wanted = wanted.to_lowercase();
        let matches: Vec<usize> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !root_only || at_root(&p.source_path))
            .filter(|(_, p)| base_name(&p.source_path).to_lowercase() == wanted)
            .map(|(i, _)| i)
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(RefError::NotFound),
            many => Err(RefError::Ambiguous(
                many.iter()
                    .map(|&i| self.pages[i].source_path.clone())
                    .collect(),
            )),
        }
    }

    /// The path from page `from` to `target`, relative, as mdBook wants it
    /// (`../how/index.md`), not encoded: see [`Site::relative_link`].
    pub fn relative_path_to(&self, from: usize, target: &LinkTarget) -> String {
        let output_path = |index: usize| {
            // A site built with `Site::new` has every page's path; the page's own otherwise.
            self.output_paths
                .get(index)
                .unwrap_or_else(|| self.pages[index].output_path.as_str())
        };
        let target_path = match target {
            LinkTarget::Page(index) => output_path(*index),
            LinkTarget::File(path) => path.as_str(),
        };
        relative_path(parent_dir(output_path(from)), target_path)
    }

    /// A link destination from page `from` to `target`: the relative path, encoded so it is
    /// valid in Markdown and HTML (`my%20notes.md`).
    pub fn relative_link(&self, from: usize, target: &LinkTarget) -> String {
        link::encode(&self.relative_path_to(from, target)).into_owned()
    }
}

/// Whether the page at content path `path` is at the root of `content/`: a file there
/// (`about.md`) or a bundle of a root folder (`docs/_index.md`, `post/index.md`).
fn at_root(path: &str) -> bool {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    if stem == "_index" || stem == "index" {
        !dir.contains('/')
    } else {
        dir.is_empty()
    }
}

/// Hugo's base name of the page at content path `path`: the file name without its
/// extension, or for a bundle (`_index.md`, `index.md`) its folder's name (`""` for the
/// home page).
fn base_name(path: &str) -> &str {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    if stem == "_index" || stem == "index" {
        dir.rsplit('/').next().unwrap_or(dir)
    } else {
        stem
    }
}

/// A reference's name without its extension, as Hugo parses a path: what follows the
/// last `.` goes, whatever it is (`v1.2` → `v1`, `n1.5.md` → `n1.5`, `go` → `go`).
fn strip_extension(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// `a/b` → `a`, `a` → `` (the root). A byte scan: cheaper than `rsplit_once` on short paths.
fn parent_dir(dir: &str) -> &str {
    let slash = dir.bytes().rposition(|b| b == b'/');
    slash.map_or("", |slash| &dir[..slash])
}

/// Parents given by input position (`parents[i]` is input `i`'s parent input) as parents by
/// page, for the inputs that became pages (`kept`); a left-out input's children go to its
/// own parent.
pub fn parents_of_kept(parents: &[Option<usize>], kept: &[bool]) -> Vec<Option<usize>> {
    let mut page_of_input = Vec::with_capacity(kept.len());
    let mut next = 0;
    for &keep in kept {
        page_of_input.push(keep.then_some(next));
        next += usize::from(keep);
    }
    let kept_parent = |mut input: usize| {
        let mut seen = 0;
        loop {
            let parent = (*parents.get(input)?)?;
            if let Some(Some(page)) = page_of_input.get(parent) {
                return Some(*page);
            }
            seen += 1;
            if seen > parents.len() {
                return None;
            }
            input = parent;
        }
    };
    (0..kept.len())
        .filter(|&i| kept[i])
        .map(kept_parent)
        .collect()
}

/// `/what/roles.md` → `/what/roles`, `/what/_index.md` → `/what/`.
fn strip_page_extension(path: &str) -> &str {
    let without = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path);
    for index in ["_index", "index", "README"] {
        if let Some(dir) = without.strip_suffix(index)
            && (dir.ends_with('/') || dir.is_empty())
        {
            return if dir.is_empty() { "/" } else { dir };
        }
    }
    without
}

/// Bytes a relative path is allocated with beyond its own, for a link's `#fragment`.
const LINK_REST_ROOM: usize = 16;

/// A path from folder `from_dir` to file `to`, both relative to the source root.
pub fn relative_path(from_dir: &str, to: &str) -> String {
    let mut from = link::segments(from_dir)
        .filter(|s| !s.is_empty())
        .peekable();
    let mut to_parts = link::segments(to).filter(|s| !s.is_empty()).peekable();
    while let (Some(a), Some(b)) = (from.peek(), to_parts.peek()) {
        if a != b {
            break;
        }
        from.next();
        to_parts.next();
    }
    let ups = from.count();
    // Room for a short `#fragment` too, which most links add ([`link::link_to`]).
    let mut out = String::with_capacity(3 * ups + to.len() + LINK_REST_ROOM);
    for _ in 0..ups {
        out.push_str("../");
    }
    for (i, part) in to_parts.enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-allocation key is the general one wherever it applies.
        #[test]
        fn the_plain_lookup_key_is_the_general_one(
            path in "[ /.aZ%é]{0,3}(/?[a-zA-Z0-9._ -]{0,6}){0,4}/?(index.html)?[ ]?",
        ) {
            if let Some(plain) = plain_lookup_key(&path) {
                proptest::prop_assert_eq!(plain, url_form(&link::decode(&path)).to_lowercase());
            }
        }
    }

    #[test]
    fn plain_lookup_keys_cover_the_usual_paths() {
        for (path, key) in [
            ("/sec6/ch6/", "/sec6/ch6/"),
            ("/Sec6/CH6", "/sec6/ch6/"),
            ("/what/report.pdf", "/what/report.pdf"),
            ("/what/release-1.0/", "/what/release-1.0/"),
            ("/", "/"),
            ("", "/"),
            ("a//b", "/a/b/"),
        ] {
            assert_eq!(plain_lookup_key(path).as_deref(), Some(key), "{path}");
            assert_eq!(url_form(&link::decode(path)).to_lowercase(), key, "{path}");
        }
        for path in ["/a/../b", "/a/%20", "/a/index.html", " /a", "/é"] {
            assert_eq!(plain_lookup_key(path), None, "{path}");
        }
    }

    fn page(path: &str, text: &str) -> Page {
        Page::new(path, Path::new(path), text.to_string())
    }

    fn site() -> Site {
        Site::new(
            vec![
                page("_index.md", "---\ntitle: Home\n---\n"),
                page("what/_index.md", "---\ntitle: What\n---\n"),
                page(
                    "what/roles.md",
                    "---\ntitle: Roles\naliases: [/old-roles/]\n---\n",
                ),
                page("how/_index.md", ""),
                page("how/Planning.md", "---\nslug: plan\n---\n"),
                page("bundle/index.md", ""),
                page("toolkit/charter.md", "---\nurl: /templates/charter\n---\n"),
            ],
            None,
        )
    }

    #[test]
    fn hugo_urls_follow_hugo_rules() {
        let s = site();
        let urls: Vec<String> = s.pages.iter().map(Page::hugo_url).collect();
        assert_eq!(
            urls,
            [
                "/",
                "/what/",
                "/what/roles/",
                "/how/",
                "/how/plan/",
                "/bundle/",
                "/templates/charter/"
            ]
        );
    }

    #[test]
    fn a_dot_in_a_page_name_is_not_a_file_extension() {
        let s = Site::new(
            vec![
                page("what/release-1.0.md", ""),
                page("v.md", "---\nslug: v1.2\n---\n"),
                page("files/_index.md", ""),
            ],
            None,
        );
        let urls: Vec<String> = s.pages.iter().map(Page::hugo_url).collect();
        assert_eq!(urls, ["/what/release-1.0/", "/v1.2/", "/files/"]);
        for link in ["/what/release-1.0/", "/what/release-1.0", "/v1.2/", "/v1.2"] {
            assert!(s.page_for_url(link).is_some(), "{link}");
        }
        assert_eq!(url_form("/files/report.pdf"), "/files/report.pdf");
    }

    #[test]
    fn output_paths_turn_section_pages_into_index() {
        let s = site();
        assert_eq!(s.pages[0].output_path, "index.md");
        assert_eq!(s.pages[1].output_path, "what/index.md");
        assert_eq!(s.pages[5].output_path, "bundle/index.md");
        assert_eq!(output_path_for("a/README.md"), "a/index.md");
    }

    #[test]
    fn site_paths_resolve_in_every_spelling() {
        let s = site();
        for spelling in [
            "/what",
            "/what/",
            "/What/",
            "/what/_index.md",
            "/what/index.html",
        ] {
            assert_eq!(
                s.resolve_site_path(spelling),
                Some(LinkTarget::Page(1)),
                "{spelling}"
            );
        }
        for spelling in [
            "/what/roles/",
            "/what/roles",
            "/what/roles.md",
            "/old-roles",
        ] {
            assert_eq!(
                s.resolve_site_path(spelling),
                Some(LinkTarget::Page(2)),
                "{spelling}"
            );
        }
        assert_eq!(s.resolve_site_path("/"), Some(LinkTarget::Page(0)));
        assert_eq!(s.resolve_site_path("/how/plan/"), Some(LinkTarget::Page(4)));
        assert_eq!(s.resolve_site_path("/nowhere/"), None);
    }

    #[test]
    fn relative_links_work_from_any_folder() {
        let s = site();
        assert_eq!(s.relative_link(0, &LinkTarget::Page(1)), "what/index.md");
        assert_eq!(s.relative_link(2, &LinkTarget::Page(3)), "../how/index.md");
        assert_eq!(s.relative_link(2, &LinkTarget::Page(2)), "roles.md");
        assert_eq!(s.relative_link(1, &LinkTarget::Page(0)), "../index.md");
    }

    #[test]
    fn parents_follow_the_folders() {
        let s = site();
        let parents: Vec<Option<usize>> = s.pages.iter().map(|p| p.parent).collect();
        assert_eq!(
            parents,
            [None, Some(0), Some(1), Some(0), Some(3), Some(0), Some(0)]
        );
        assert_eq!(s.children(1), [2]);
        assert_eq!(s.children(0), [1, 3, 5, 6]);
        assert!(s.children(2).is_empty());
    }

    #[test]
    fn the_book_structure_replaces_the_folders() {
        let mut s = site();
        s.set_parents(vec![None, None, Some(1), None, Some(2), Some(99), Some(6)]);
        assert_eq!(s.children(2), [4]);
        assert_eq!(s.pages[5].parent, None);
        assert_eq!(s.pages[6].parent, None);
        // The home page without children of its own lists the top-level chapters.
        assert_eq!(s.children(0), [1, 3, 5, 6]);
    }

    #[test]
    fn left_out_inputs_hand_their_children_up() {
        // Inputs: 0 root, 1 draft under 0, 2 under the draft, 3 under 2.
        let parents = [None, Some(0), Some(1), Some(2)];
        let kept = [true, false, true, true];
        assert_eq!(parents_of_kept(&parents, &kept), [None, Some(0), Some(1)]);
    }

    #[test]
    fn refs_follow_hugos_lookup_order() {
        let s = site();
        assert_eq!(s.resolve_ref(1, "roles.md"), Ok(2));
        assert_eq!(s.resolve_ref(1, "roles"), Ok(2));
        assert_eq!(s.resolve_ref(3, "/what/roles"), Ok(2));
        assert_eq!(s.resolve_ref(3, "../what/roles.md"), Ok(2));
        assert_eq!(s.resolve_ref(0, "Planning"), Ok(4));
        assert_eq!(s.resolve_ref(0, "/what"), Ok(1));
        assert_eq!(s.resolve_ref(0, "charter.md"), Ok(6));
        assert_eq!(s.resolve_ref(0, "missing"), Err(RefError::NotFound));
    }

    /// Hugo 0.168 (`relref`, `refLinksErrorLevel = "WARNING"`) from `other/o.md` on this
    /// tree, more dotted names than the test below.
    #[test]
    fn refs_with_dotted_names_and_paths_as_hugo_0_168_resolves_them() {
        let pages = [
            "_index.md",
            "v1.2.md",
            "v1.3/_index.md",
            "docs/_index.md",
            "docs/n1.5.md",
            "docs/v2.0/_index.md",
            "docs/b1.1/index.md",
            "docs/dp.md",
            "docs/a.b.c.md",
            "docs/plain.md",
            "sub.dir/_index.md",
            "sub.dir/inner.md",
            "other/x.y.md",
            "other/o.md",
        ];
        let s = Site::new(pages.iter().map(|p| page(p, "")).collect(), None);
        let at = |path: &str| pages.iter().position(|p| *p == path).unwrap();
        let from = at("other/o.md");
        let found = [
            ("docs/n1.5", "docs/n1.5.md"),
            ("/docs/n1.5", "docs/n1.5.md"),
            ("docs/n1.5.md", "docs/n1.5.md"),
            ("../docs/n1.5", "docs/n1.5.md"),
            ("../docs/n1.5.md", "docs/n1.5.md"),
            ("n1.5.md", "docs/n1.5.md"),
            ("V1.2", "v1.2.md"),
            ("v1.2.html", "v1.2.md"),
            ("/v1.3.md", "v1.3/_index.md"),
            ("/v1.3", "v1.3/_index.md"),
            ("/V1.3/", "v1.3/_index.md"),
            ("a.b.c.md", "docs/a.b.c.md"),
            ("docs/a.b.c", "docs/a.b.c.md"),
            ("plain.txt", "docs/plain.md"),
            ("plain.html", "docs/plain.md"),
            ("sub.dir", "sub.dir/_index.md"),
            ("sub.dir/", "sub.dir/_index.md"),
            ("/sub.dir", "sub.dir/_index.md"),
            ("sub.dir/inner", "sub.dir/inner.md"),
            ("inner.x", "sub.dir/inner.md"),
            ("inner", "sub.dir/inner.md"),
            ("x.y", "other/x.y.md"),
            ("x.y.md", "other/x.y.md"),
            ("other/x.y", "other/x.y.md"),
            ("docs/V2.0/", "docs/v2.0/_index.md"),
            ("DOCS/n1.5.md", "docs/n1.5.md"),
            ("v1.3.md", "v1.3/_index.md"),
            ("docs/b1.1", "docs/b1.1/index.md"),
            ("docs/b1.1/", "docs/b1.1/index.md"),
            ("docs/b1.1/index.md", "docs/b1.1/index.md"),
            ("docs/b1.1/index", "docs/b1.1/index.md"),
            ("B1.1.md", "docs/b1.1/index.md"),
            ("/docs/", "docs/_index.md"),
            ("docs", "docs/_index.md"),
            ("Docs", "docs/_index.md"),
            ("docs.md", "docs/_index.md"),
            ("/docs.md", "docs/_index.md"),
            ("v1.3/_index.md", "v1.3/_index.md"),
            ("/v1.3/_index.md", "v1.3/_index.md"),
            ("../v1.2", "v1.2.md"),
            ("./x.y", "other/x.y.md"),
            ("x.y.html", "other/x.y.md"),
            ("x.y/", "other/x.y.md"),
            ("o", "other/o.md"),
            ("o.md", "other/o.md"),
            ("sub.dir/inner.md", "sub.dir/inner.md"),
            ("sub.dir/Inner", "sub.dir/inner.md"),
            ("/other/x.y", "other/x.y.md"),
            ("/other/x.y.md", "other/x.y.md"),
            ("/other/X.Y.MD", "other/x.y.md"),
            ("docs/dp/", "docs/dp.md"),
            ("dp/", "docs/dp.md"),
            ("a.b.c.md/", "docs/a.b.c.md"),
            ("A.B.C.MD", "docs/a.b.c.md"),
            ("/V1.3.MD", "v1.3/_index.md"),
            ("/v1.3.Md", "v1.3/_index.md"),
            ("/v1.2.MD", "v1.2.md"),
            ("/docs.MD", "docs/_index.md"),
            ("/Docs", "docs/_index.md"),
            ("/DOCS/", "docs/_index.md"),
            ("/Sub.Dir", "sub.dir/_index.md"),
            ("/sub.dir.md", "sub.dir/_index.md"),
            ("/SUB.DIR.MD", "sub.dir/_index.md"),
            ("n1.5.Md", "docs/n1.5.md"),
        ];
        let mut wrong = Vec::new();
        for (reference, page) in found {
            if s.resolve_ref(from, reference) != Ok(at(page)) {
                wrong.push(format!(
                    "{reference}: {:?} not {page}",
                    s.resolve_ref(from, reference)
                ));
            }
        }
        for reference in [
            "n1.5",
            "a.b.c",
            "a.b",
            "a.b.md",
            "plain.md.md",
            "/docs/plain.x",
            "docs/plain.x",
            "sub",
            "./plain",
            ".x.md",
            "inner.md.x",
            "/dp",
            "n1.5.md.x",
            "v1.2.md.md",
        ] {
            if s.resolve_ref(from, reference) != Err(RefError::NotFound) {
                wrong.push(format!(
                    "{reference}: {:?} not NotFound",
                    s.resolve_ref(from, reference)
                ));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Hugo 0.168 with `docs/n1.md` and `docs/x.md` beside the dotted names: the part
    /// before the last `.` is looked up by base name, where no path matches first.
    #[test]
    fn a_dotted_reference_finds_the_page_named_as_its_first_part() {
        let pages = [
            "docs/_index.md",
            "docs/n1.5.md",
            "docs/n1.md",
            "docs/x.md",
            "docs/v2.0/_index.md",
            "docs/dp.md",
            "other/x.y.md",
            "other/o.md",
        ];
        let s = Site::new(pages.iter().map(|p| page(p, "")).collect(), None);
        let at = |path: &str| pages.iter().position(|p| *p == path).unwrap();
        let cases = [
            ("other/o.md", "n1.5", Some("docs/n1.md")),
            ("other/o.md", "n1", Some("docs/n1.md")),
            ("other/o.md", "x.y", Some("other/x.y.md")),
            ("other/o.md", "x.y.md", Some("other/x.y.md")),
            ("other/o.md", "x.z", Some("docs/x.md")),
            ("other/o.md", "n1.5.md", Some("docs/n1.5.md")),
            ("other/o.md", "v2.0", None),
            ("docs/dp.md", "n1.5", Some("docs/n1.5.md")),
            ("docs/dp.md", "x.y", Some("docs/x.md")),
            ("docs/dp.md", "x.y.md", Some("other/x.y.md")),
            ("docs/dp.md", "v2.0", Some("docs/v2.0/_index.md")),
            ("docs/dp.md", "v2", None),
        ];
        for (from, reference, expected) in cases {
            let expected = expected.map(at).ok_or(RefError::NotFound);
            assert_eq!(
                s.resolve_ref(at(from), reference),
                expected,
                "{from}: {reference}"
            );
        }
    }

    /// Hugo 0.168 (`ref` shortcode, `refLinksErrorLevel = "WARNING"`) on this tree. From
    /// `other/o.md`: `v1.2`, `v1.2.md`, `v1.2/`, `/v1.2`, `/V1.2`, `/v1.2.md/` gave `/v1.2/`
    /// (found by path from the root); `v1.3`, `v1.3/`, `v1.3/_index`, `v1.3.x` gave
    /// `/v1.3/`; `n1.5` REF_NOT_FOUND while `n1.5.md`, `n1.5.x`, `n1.5.MD`, `n1.5.md/` gave
    /// `/docs/n1.5/`; `n1` REF_NOT_FOUND; `v2.0`, `v2.0/`, `v2` REF_NOT_FOUND while
    /// `v2.0.md`, `V2.0.MD`, `v2.0.md/`, `docs/v2.0/` gave `/docs/v2.0/`; `b1.1`, `b1.1/`
    /// REF_NOT_FOUND while `b1.1.md` gave `/docs/b1.1/`; `/v1.2.x`, `/v1.3.x`, `/n1.5.md`
    /// REF_NOT_FOUND, and so `.md` and `.x` (no name). From `docs/dp.md`: `n1.5`, `v2.0`,
    /// `b1.1` found by their relative path.
    #[test]
    fn refs_take_a_dotted_names_last_part_for_an_extension_as_hugo_does() {
        let pages = [
            "_index.md",
            "v1.2.md",
            "v1.3/_index.md",
            "docs/_index.md",
            "docs/n1.5.md",
            "docs/v2.0/_index.md",
            "docs/b1.1/index.md",
            "other/o.md",
            "docs/dp.md",
        ];
        let s = Site::new(pages.iter().map(|p| page(p, "")).collect(), None);
        let (other, dp) = (7, 8);
        let found = [
            ("v1.2", 1),
            ("v1.2.md", 1),
            ("v1.2/", 1),
            ("/v1.2", 1),
            ("/V1.2", 1),
            ("/v1.2.md/", 1),
            ("v1.3", 2),
            ("v1.3/", 2),
            ("v1.3/_index", 2),
            ("v1.3.x", 2),
            ("n1.5.md", 4),
            ("n1.5.x", 4),
            ("n1.5.MD", 4),
            ("n1.5.md/", 4),
            ("v2.0.md", 5),
            ("V2.0.MD", 5),
            ("v2.0.md/", 5),
            ("docs/v2.0/", 5),
            ("b1.1.md", 6),
        ];
        for (reference, page) in found {
            assert_eq!(s.resolve_ref(other, reference), Ok(page), "{reference}");
        }
        let not_found = [
            "n1.5", "n1", "v2.0", "v2.0/", "v2", "b1.1", "b1.1/", "/v1.2.x", "/v1.3.x", "/n1.5.md",
            ".md", ".x",
        ];
        for reference in not_found {
            assert_eq!(
                s.resolve_ref(other, reference),
                Err(RefError::NotFound),
                "{reference}"
            );
        }
        for (reference, page) in [("n1.5", 4), ("v2.0", 5), ("b1.1", 6)] {
            assert_eq!(s.resolve_ref(dp, reference), Ok(page), "{reference}");
        }
    }

    /// Hugo 0.168 on the same tree: from a section `community`, `relref "languages"` gave
    /// `/docs/languages/`, `"Community"` the section itself, `"go#dev"` `/docs/languages/go/#dev`,
    /// `"post"` and `"post/"` `/blog/post/`, `"Über"` `/docs/%C3%BCber/`, `"quick"` and `"quick.md"`
    /// `/docs/languages/go/quick/`, `"GO/"` `/docs/languages/go/`, `"/Community"` the
    /// section, `"/post"` REF_NOT_FOUND (a name after `/` is a root path only);
    /// with a second section `other/go`, `"go"` was "page reference \"go\" is ambiguous".
    #[test]
    fn refs_find_sections_and_bundles_by_folder_name_as_hugo_does() {
        let pages = [
            "_index.md",
            "docs/_index.md",
            "docs/languages/_index.md",
            "docs/languages/go/_index.md",
            "docs/languages/go/quick.md",
            "blog/_index.md",
            "blog/post/index.md",
            "community/_index.md",
            "docs/über/_index.md",
        ];
        let s = Site::new(pages.iter().map(|p| page(p, "")).collect(), None);
        let community = 7;
        assert_eq!(s.resolve_ref(community, "Über"), Ok(8));
        assert_eq!(s.resolve_ref(community, "languages"), Ok(2));
        assert_eq!(s.resolve_ref(community, "Community"), Ok(community));
        assert_eq!(s.resolve_ref(community, "go"), Ok(3));
        assert_eq!(s.resolve_ref(community, "post"), Ok(6));
        assert_eq!(s.resolve_ref(community, "quick"), Ok(4));
        assert_eq!(s.resolve_ref(community, "quick.md"), Ok(4));
        assert_eq!(s.resolve_ref(community, "/post"), Err(RefError::NotFound));
        assert_eq!(s.resolve_ref(community, "/Community"), Ok(community));
        assert_eq!(s.resolve_ref(community, "GO/"), Ok(3));
        assert_eq!(s.resolve_ref(community, "post/"), Ok(6));
        assert_eq!(
            s.resolve_ref(community, "blog/missing"),
            Err(RefError::NotFound)
        );
        let mut twice: Vec<Page> = pages.iter().map(|p| page(p, "")).collect();
        twice.push(page("other/go/_index.md", ""));
        let s = Site::new(twice, None);
        assert!(matches!(
            s.resolve_ref(community, "go"),
            Err(RefError::Ambiguous(_))
        ));
    }
}
