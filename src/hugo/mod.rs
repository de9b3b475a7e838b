//! The Hugo site model: what a Hugo site on disk says, read as Hugo reads it.
//!
//! - [`config`]: the merged site configuration (`hugo.toml`, `config/_default/`, themes).
//! - [`mounts`]: where a language's content files come from (`contentDir`, mounts).
//! - [`modules`]: imported modules replaced by local folders (`go.mod`, the environment).
//! - [`content`]: the pages of one language, with front matter, bundles and build options;
//!   [`cascade`].
//! - [`urls`]: each page's URL as Hugo computes it (urlize, `slug`, `url`, `permalinks`).
//! - [`order`]: Hugo's default page order and the section tree.
//! - [`import`]: turns a site into an mdBook book (`mdbook-hugo import`): [`chapters`],
//!   [`site_files`], [`summary`], [`book_toml`], [`write`](mod@write).
//!
//! [`HugoSite::load`] reads all of it for one language.

pub mod book_toml;
pub mod cascade;
pub mod chapters;
pub mod config;
pub mod content;
pub mod dates;
pub mod import;
pub mod manifest;
pub mod modules;
pub mod mounts;
pub mod order;
pub mod page_text;
pub mod refs;
pub mod repo;
pub mod site_files;
pub mod summary;
pub mod urls;
pub mod write;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// One language of a Hugo site, read: its config, pages, URLs and section tree.
#[derive(Debug)]
pub struct HugoSite {
    /// The site's folder.
    pub root: PathBuf,
    /// The whole merged config (all languages).
    pub site_config: config::SiteConfig,
    /// The effective config of [`HugoSite::language`].
    pub config: config::SiteConfig,
    /// The language read.
    pub language: String,
    /// Its pages and files.
    pub content: content::Content,
    /// `urls[i]`: the URL and aliases of `content.pages[i]`.
    pub urls: Vec<urls::PageUrls>,
    /// The section tree in Hugo's order.
    pub tree: order::Tree,
}

impl HugoSite {
    /// Reads the site at `root` in `language` (the default language when `None`). A language
    /// the site does not declare is an error.
    pub fn load(root: &Path, language: Option<&str>) -> Result<Self> {
        Self::load_at(root, language, dates::now())
    }

    /// [`HugoSite::load`] with the time that decides future and expired pages.
    pub fn load_at(root: &Path, language: Option<&str>, now: i64) -> Result<Self> {
        let site_config = config::SiteConfig::load(root)?;
        let languages = site_config.languages();
        let language = language
            .map(str::to_lowercase)
            .unwrap_or_else(|| site_config.default_language());
        if !languages.contains(&language) {
            bail!(
                "the site has no language `{language}` (its languages: {})",
                languages.join(", ")
            );
        }
        let config = site_config.for_language(&language);
        // Content folders need the root `contentDir` and the whole `languages` table, not
        // one language's merge.
        let mut content = content::load(root, &site_config, &language, now)?;
        content
            .warnings
            .splice(0..0, site_config.warnings.iter().cloned());
        let rules = urls::UrlRules::new(&config, &language);
        let urls = urls::compute(&content, &rules);
        let tree = order::tree(&content, !config.flag("enablegitinfo"));
        Ok(HugoSite {
            root: root.to_path_buf(),
            site_config,
            config,
            language,
            content,
            urls,
            tree,
        })
    }

    /// The path of `baseURL` (`/docs/` for `https://example.org/docs/`), `/` when it has none.
    pub fn base_path(&self) -> String {
        let base = self.config.string("baseurl").unwrap_or_default();
        let after_scheme = base
            .split_once("://")
            .map_or(base.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }
}
