//! The site's pages as the book's chapters: which file each becomes, and the few changes
//! its text gets (`ref`s pointed at chapters, see [`super::refs`]; front matter fields, see
//! [`super::page_text`]). Pages Hugo does not render are copied as plain files.

use super::HugoSite;
use super::summary;
use super::write::Output;
use crate::site::{Page, url_form};
use std::collections::BTreeMap;
use std::path::Path;

/// Adds every chapter; returns each chapter's path in the source folder, by page index.
pub(super) fn add_chapters(
    site: &HugoSite,
    src: &str,
    files: &mut BTreeMap<String, Output>,
) -> BTreeMap<usize, String> {
    let paths: BTreeMap<usize, String> = site
        .content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| summary::is_chapter(page))
        .map(|(index, page)| (index, chapter_path(page)))
        .collect();
    let prefix = super::urls::UrlRules::new(&site.config, &site.language).language_prefix;
    for (&index, book_path) in &paths {
        let text = chapter_text(site, index, book_path, &paths, &prefix);
        files.insert(format!("{src}/{book_path}"), Output::Text(text));
    }
    add_snippets(site, src, files);
    paths
}

/// Page `index`'s text for the book: `ref`s pointed at the chapters, and the front matter
/// fields of [`super::page_text`] (the `url` when the book would infer another; the URL
/// without the language `prefix` as an alias when the page has no `aliases`).
fn chapter_text(
    site: &HugoSite,
    index: usize,
    book_path: &str,
    chapters: &BTreeMap<usize, String>,
    prefix: &str,
) -> String {
    let page = &site.content.pages[index];
    let url = &site.urls[index].url;
    let mut text = super::refs::rewrite(site, index, &page.text, chapters);
    let inferred = Page::new(book_path, Path::new(book_path), text.clone()).hugo_url();
    if page.string("url").is_none() && url_form(url) != inferred {
        text = super::page_text::with_field(&text, "url", &url.as_str().into());
    }
    if let Some(alias) = unprefixed_alias(site, index, prefix) {
        text = super::page_text::with_field(&text, "aliases", &serde_json::json!([alias]));
    }
    if let Some(cascaded) = cascaded_params(page)
        && !text.starts_with("+++")
    {
        text = super::page_text::with_field(&text, crate::site::CASCADE_KEY, &cascaded);
    }
    text
}

/// The params page `page` gets from a `cascade` above it and does not set itself, for the
/// preprocessor's `param` and templates' `.Param` (Hugo's `.Params` includes them). Written
/// as one JSON value, which YAML and JSON front matter read as it is.
fn cascaded_params(page: &super::content::ContentPage) -> Option<serde_json::Value> {
    let own = crate::frontmatter::split(&page.text)
        .ok()?
        .front_matter
        .fields;
    let own_params = own.get("params").and_then(|p| p.as_object());
    let has = |key: &str| own.keys().any(|k| k.eq_ignore_ascii_case(key));
    let has_param =
        |key: &str| own_params.is_some_and(|p| p.keys().any(|k| k.eq_ignore_ascii_case(key)));
    let mut cascaded = serde_json::Map::new();
    for (key, value) in &page.params {
        if key == "params" {
            for (k, v) in value.as_object().into_iter().flatten() {
                if !has_param(k) {
                    cascaded.insert(k.clone(), v.clone());
                }
            }
        } else if !has(key) && !CORE_KEYS.contains(&key.as_str()) {
            cascaded.insert(key.clone(), value.clone());
        }
    }
    (!cascaded.is_empty()).then_some(serde_json::Value::Object(cascaded))
}

/// Front matter keys that are Hugo's own, not params: a cascade of them shapes the page
/// (its build options, its type) and is applied by the import itself.
const CORE_KEYS: &[&str] = &[
    "title",
    "linktitle",
    "weight",
    "date",
    "lastmod",
    "publishdate",
    "expirydate",
    "draft",
    "build",
    "_build",
    "type",
    "layout",
    "url",
    "slug",
    "aliases",
    "cascade",
    "headless",
    "description",
    "menu",
    "menus",
    "outputs",
    "sitemap",
    "translationkey",
    "keywords",
    "summary",
    "markup",
    "resources",
    "isCJKLanguage",
    "iscjklanguage",
];

/// The alias the book gives page `index` in a language with a URL `prefix`: its URL without
/// the prefix, when the page has no `aliases` of its own (see [`super::page_text`]).
pub(super) fn unprefixed_alias(site: &HugoSite, index: usize, prefix: &str) -> Option<String> {
    let url = &site.urls[index].url;
    let unprefixed = url
        .strip_prefix(prefix)
        .filter(|u| !prefix.is_empty() && u.starts_with('/'));
    unprefixed
        .filter(|_| !site.content.pages[index].params.contains_key("aliases"))
        .map(str::to_string)
}

/// Pages Hugo does not render (`build.render: never`, headless branches such as
/// `_common/`) are copied as files, not chapters: pages include them (`include`,
/// `readfile`), and mdBook neither renders nor publishes a Markdown file outside
/// `SUMMARY.md`.
fn add_snippets(site: &HugoSite, src: &str, files: &mut BTreeMap<String, Output>) {
    for page in &site.content.pages {
        if page.render != super::content::Render::Always {
            files
                .entry(format!("{src}/{}", chapter_path(page)))
                .or_insert_with(|| Output::Copy(page.file.clone()));
        }
    }
}

/// A chapter's path in the source folder: its content path with the file's own name
/// (`page.en.md`: `ref "page.en.md"` keeps working), except `_index.LANG.md` and
/// `index.LANG.md`, which must be `_index.md` and `index.md` to stay a section and a bundle.
/// Chapters are not put under the language folder: mdBook copies the first chapter to the
/// root `index.html` as it is, and its relative links would break there.
fn chapter_path(page: &super::content::ContentPage) -> String {
    let own_name = page
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let logical_name = page.path.rsplit('/').next().unwrap_or(&page.path);
    let stem = logical_name.strip_suffix(".md").unwrap_or(logical_name);
    let with_language =
        |own: &str| own.len() > logical_name.len() && own.starts_with(&format!("{stem}."));
    match own_name {
        Some(own) if !matches!(logical_name, "_index.md" | "index.md") && with_language(&own) => {
            let dir = super::content::parent(&page.path);
            if dir.is_empty() {
                own
            } else {
                format!("{dir}/{own}")
            }
        }
        _ => page.path.clone(),
    }
}
