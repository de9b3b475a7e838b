//! `mdbook-hugo import SITE_DIR BOOK_DIR`: a Hugo site as an mdBook book.
//!
//! The content is **copied** into the book's source folder (named after the site's content
//! folder, `content` by default), not read in place: mdBook needs `SUMMARY.md` inside its
//! `src` folder and the import never writes inside the site; a copy also lets the import
//! merge mounts, one language's files and `static/` into one tree that mdBook serves as the
//! site did. A re-run brings content edits over (`mdbook serve` shows them on its next
//! rebuild); `--check` says when the book is out of date.
//!
//! What is written ([`plan`]): the chapters ([`super::chapters`]), the files besides pages
//! ([`super::site_files`]), `SUMMARY.md` ([`super::summary`]), this repository's theme files,
//! and `book.toml` ([`super::book_toml`]) with the redirect table for the site's URLs and
//! aliases. [`super::write`](mod@super::write) writes it; [`super::manifest`] records the files so a re-run
//! removes only its own stale files.

use super::HugoSite;
use super::book_toml::{self, BookSettings, THEME_FILES};
use super::chapters::{add_chapters, unprefixed_alias};
use super::config::inside_site;
use super::manifest::Manifest;
use super::site_files::{add_content_files, add_named_files, add_static};
use super::summary;
pub use super::write::{Applied, Output, apply, differences};
use super::write::{is_current, read_optional};
use crate::diagnostic::counted;
use crate::site::{Page, Site};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything one import writes.
#[derive(Debug)]
pub struct Plan {
    /// Files by path relative to the book's root (`content/docs/a.md`).
    pub files: BTreeMap<String, Output>,
    /// The new `book.toml`.
    pub book_toml: String,
    /// The number of chapters.
    pub chapters: usize,
    /// The number of redirects in `book.toml`.
    pub redirects: usize,
    /// Problems worth telling (missing mounts, links out of the site, URL clashes).
    pub warnings: Vec<String>,
    /// Pages left out, with the reason.
    pub excluded: Vec<String>,
    /// The manifest to write.
    pub manifest: Manifest,
}

/// Computes the import of `site_dir` (language `language`, default when `None`) into
/// `book_dir` without writing anything. Errors when one folder is inside the other, when the
/// site cannot be read, or when `book.toml` cannot be parsed.
pub fn plan(site_dir: &Path, book_dir: &Path, language: Option<&str>) -> Result<Plan> {
    refuse_nesting(site_dir, book_dir)?;
    let site = HugoSite::load(site_dir, language)?;
    let current_toml = read_optional(&book_dir.join("book.toml"))?;
    let src = book_toml::current_src(&current_toml).unwrap_or_else(|| default_src(&site));
    inside_site(book_dir, &src).context("book.src")?;
    let mut files = BTreeMap::new();
    let mut warnings = site.content.warnings.clone();
    let chapter_paths = add_chapters(&site, &src, &mut files);
    add_content_files(&site, &src, &mut files);
    add_static(&site, &src, &mut files, &mut warnings)?;
    add_named_files(&site, &src, &mut files)?;
    for (path, text) in THEME_FILES {
        files.insert(path.to_string(), Output::Text(text.to_string()));
    }
    let summary_text = summary::render(&site, &|i| chapter_paths[&i].clone());
    files.insert(format!("{src}/SUMMARY.md"), Output::Text(summary_text));
    let redirects = redirects_for(&site, &src, &chapter_paths, book_dir);
    warnings.extend(redirects.warnings.iter().cloned());
    // The same problem found by two readers (a mount read for content and for static
    // files, or once per language) is told once.
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let mut settings = settings_for(&site, &src);
    let site_in_book = site_dir_from_book(site_dir, book_dir)?;
    settings.watch_dirs = ["layouts", "data", "i18n", "config", "themes"]
        .iter()
        .filter(|dir| site_dir.join(dir).is_dir())
        .map(|dir| format!("{site_in_book}/{dir}"))
        .collect();
    settings.site_dir = Some(site_in_book);
    let book_toml = book_toml::update(
        &current_toml,
        Some(&settings),
        Some(&redirects.to_toml_block()),
    )?;
    let manifest = Manifest {
        site: site_dir.display().to_string(),
        language: site.language.clone(),
        files: files.keys().cloned().collect(),
        hashes: Default::default(),
    };
    Ok(Plan {
        chapters: chapter_paths.len(),
        redirects: redirects.entries.len(),
        files,
        book_toml,
        warnings,
        excluded: site.content.excluded.clone(),
        manifest,
    })
}

/// The book's source folder when `book.toml` does not name one: the language's content
/// folder (`content`, or `content/en` for a language with a folder of its own) when the
/// language's pages all come from it and its path is plain (`a/b`, no `.` or `..`), so
/// that mdBook's edit links (`{path}`) are the pages' paths in the site's repository; else
/// `content`.
fn default_src(site: &HugoSite) -> String {
    let dir = site
        .config
        .string("contentdir")
        .unwrap_or_else(|| "content".into());
    let plain = !dir.is_empty()
        && !dir.contains('\\')
        && dir
            .split('/')
            .all(|segment| !segment.is_empty() && !segment.starts_with('.'));
    let mounts = super::mounts::mounts(
        &site.root,
        &site.site_config,
        &site.language,
        &mut Vec::new(),
    );
    let only_this_folder = mounts.is_ok_and(|mounts| {
        matches!(mounts.as_slice(), [one] if one.target.is_empty() && one.source == site.root.join(&dir))
    });
    if plain && (only_this_folder || !dir.contains('/')) {
        dir
    } else {
        "content".into()
    }
}

/// Neither folder may contain the other: the import never writes inside the site.
fn refuse_nesting(site_dir: &Path, book_dir: &Path) -> Result<()> {
    let site = site_dir
        .canonicalize()
        .with_context(|| format!("cannot read the site folder {}", site_dir.display()))?;
    let book = absolute(book_dir)?;
    if book.starts_with(&site) {
        bail!(
            "the book folder {} is inside the site folder {}: the import never writes inside \
             the site; choose a book folder outside it",
            book_dir.display(),
            site_dir.display()
        );
    }
    if site.starts_with(&book) {
        bail!(
            "the site folder {} is inside the book folder {}; choose a book folder beside the site",
            site_dir.display(),
            book_dir.display()
        );
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor (the book may not exist yet).
fn absolute(path: &Path) -> Result<PathBuf> {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name() else {
            break;
        };
        rest.push(name.to_os_string());
        existing = existing
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
    }
    let mut out = existing
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", path.display()))?;
    out.extend(rest.iter().rev());
    Ok(out)
}

/// The redirect table for the planned chapters, from the URLs and aliases Hugo computes
/// (resolved and cleaned: no `..` can put a redirect file outside the book's output), and
/// the aliases the import adds ([`unprefixed_alias`]).
fn redirects_for(
    site: &HugoSite,
    src: &str,
    chapters: &BTreeMap<usize, String>,
    book_dir: &Path,
) -> crate::redirects::Redirects {
    let prefix = super::urls::UrlRules::new(&site.config, &site.language).language_prefix;
    let pages = chapters
        .iter()
        .map(|(&index, path)| {
            let mut page = Page::new(path, &Path::new(src).join(path), String::new());
            page.front_matter.url = Some(site.urls[index].url.clone());
            page.front_matter.aliases = site.urls[index].aliases.clone();
            page.front_matter
                .aliases
                .extend(unprefixed_alias(site, index, &prefix));
            page
        })
        .collect();
    let site = Site::new(pages, Some(book_dir.join(src)));
    crate::redirects::compute(&site)
}

/// `book.toml` settings from the site's config.
/// The site's folder as `book.toml` names it: relative to the book's folder, so the pair
/// can move together, with `/` separators.
fn site_dir_from_book(site_dir: &Path, book_dir: &Path) -> Result<String> {
    let site = std::path::absolute(site_dir).context("the site's folder")?;
    let book = std::path::absolute(book_dir).context("the book's folder")?;
    let relative = pathdiff::diff_paths(&site, &book).unwrap_or(site);
    Ok(crate::source::path_to_slash(&relative))
}

fn settings_for(site: &HugoSite, src: &str) -> BookSettings {
    let params = site
        .config
        .get("params")
        .and_then(|p| p.as_object())
        .cloned()
        .unwrap_or_default();
    let description = params
        .get("description")
        .and_then(|d| d.as_str())
        .map(String::from)
        .or_else(|| site.config.string("description"));
    let (repository, edit_url_template) = super::repo::links(&params, src);
    BookSettings {
        title: site.config.string("title"),
        description,
        language: site.language.clone(),
        src: src.to_string(),
        site_url: site.base_path(),
        repository,
        edit_url_template,
        params,
        site_dir: None,
        watch_dirs: Vec::new(),
        math: site
            .config
            .flag("markup.goldmark.extensions.passthrough.enable"),
        emoji: site.config.flag("enableemoji"),
    }
}

/// Runs `mdbook-hugo import`: prints what it did (or, in [`RunMode::Check`], how the book differs)
/// on `log`; returns whether the book is (now) up to date.
pub fn run(
    site_dir: &Path,
    book_dir: &Path,
    language: Option<&str>,
    mode: RunMode,
    log: &mut dyn std::io::Write,
) -> Result<bool> {
    let check = mode == RunMode::Check;
    let started = std::time::Instant::now();
    let plan = plan(site_dir, book_dir, language)?;
    for warning in &plan.warnings {
        writeln!(log, "warning: {warning}")?;
    }
    if !plan.excluded.is_empty() {
        writeln!(
            log,
            "left out {} Hugo does not publish:",
            counted(plan.excluded.len(), "page")
        )?;
        for excluded in &plan.excluded {
            writeln!(log, "  {excluded}")?;
        }
    }
    if check {
        let lines = differences(&plan, book_dir)?;
        if lines.is_empty() {
            writeln!(
                log,
                "{} is up to date with {}",
                book_dir.display(),
                site_dir.display()
            )?;
            return Ok(true);
        }
        writeln!(
            log,
            "error: {} is out of date with {}:",
            book_dir.display(),
            site_dir.display()
        )?;
        for line in &lines {
            writeln!(log, "  {line}")?;
        }
        let force = if lines.iter().any(|l| l.starts_with("edited")) {
            " --force"
        } else {
            ""
        };
        writeln!(
            log,
            "run `mdbook-hugo import {} {}{force}` to update it",
            site_dir.display(),
            book_dir.display()
        )?;
        return Ok(false);
    }
    let applied = apply(&plan, book_dir, mode == RunMode::Force)?;
    writeln!(
        log,
        "imported {} and {} into {} in {:.2?}: {} written, {} unchanged, {} removed",
        counted(plan.chapters, "chapter"),
        counted(plan.redirects, "redirect"),
        book_dir.display(),
        started.elapsed(),
        counted(applied.written, "file"),
        applied.unchanged,
        applied.removed
    )?;
    Ok(true)
}

/// How [`run`] treats the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// Write the changes; refuse (writing nothing) when a file the import wrote was edited
    /// in the book since, or a file it would write is not its own.
    Write,
    /// Like `Write`, but replace files edited in the book since the last import.
    Force,
    /// Write nothing; report how the book differs (`--check`).
    Check,
}

/// Runs `mdbook-hugo install`: writes the theme files into the book at `book_dir` and wires
/// them and `[preprocessor.hugo]` into its `book.toml` (idempotent). Errors when the book has
/// no `book.toml`.
pub fn install(book_dir: &Path, log: &mut dyn std::io::Write) -> Result<()> {
    let toml_path = book_dir.join("book.toml");
    let current = std::fs::read_to_string(&toml_path).with_context(|| {
        format!(
            "cannot read {} (is {} a book?)",
            toml_path.display(),
            book_dir.display()
        )
    })?;
    let mut written = 0;
    for (path, text) in THEME_FILES {
        let dest = book_dir.join(path);
        if !is_current(&dest, &Output::Text(text.to_string()))? {
            std::fs::create_dir_all(dest.parent().expect("theme files are in a folder"))?;
            std::fs::write(&dest, text)
                .with_context(|| format!("cannot write {}", dest.display()))?;
            written += 1;
        }
    }
    let updated = book_toml::update(&current, None, None)?;
    if updated != current {
        std::fs::write(&toml_path, updated)
            .with_context(|| format!("cannot write {}", toml_path.display()))?;
        written += 1;
    }
    writeln!(log, "{}: {written} files written", book_dir.display())?;
    Ok(())
}
