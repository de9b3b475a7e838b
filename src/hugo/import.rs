//! `mdbook-hugo import SITE_DIR BOOK_DIR`: a Hugo site as an mdBook book.
//!
//! The content is **copied** into the book's source folder (named after the site's content
//! folder, `content` by default), not read in place: mdBook needs `SUMMARY.md` inside its
//! `src` folder and the import never writes inside the site; a copy also lets the import
//! flatten language variants (`page.fr.md` → `page.md`), mounts and `static/` into one tree
//! that mdBook serves as the site did. A re-run brings content edits over (`mdbook serve`
//! shows them on its next rebuild); `--check` says when the book is out of date.
//!
//! What is written ([`plan`]): every rendered page at its content path with its own file
//! name (`a.en.md`; `_index.en.md` becomes `_index.md`), its `ref`/`relref` calls pointed at
//! the chapters ([`super::refs`]), with a front matter
//! `url` where the book could not infer Hugo's URL, see [`super::page_text`]), bundle
//! resources and other content files (also under a language prefix, `fr/docs/a.png`, where a
//! page names them so), the site's `static/` files at the root of the source
//! folder (so `/images/a.png` resolves), files of `assets/` and of the theme's `assets/` and
//! `static/` that a page names, `SUMMARY.md`
//! ([`super::summary`]), this repository's theme files, and `book.toml`
//! ([`super::book_toml`]) with the redirect table for the site's URLs and aliases.
//! [`super::manifest`] records the files so a re-run removes only its own stale files.

use super::HugoSite;
use super::book_toml::{self, BookSettings, THEME_FILES};
use super::config::inside_site;
use super::manifest::Manifest;
use super::mounts::walk;
use super::summary;
use crate::site::{Page, Site, url_form};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Where a planned file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Generated text.
    Text(String),
    /// A file of the site, copied as it is.
    Copy(PathBuf),
}

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

/// What [`apply`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Files written (new or changed), `book.toml` included.
    pub written: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files of an earlier import removed because the site no longer has them.
    pub removed: usize,
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
    let settings = settings_for(&site, &src);
    let book_toml = book_toml::update(
        &current_toml,
        Some(&settings),
        Some(&redirects.to_toml_block()),
    )?;
    let manifest = Manifest {
        site: site_dir.display().to_string(),
        language: site.language.clone(),
        files: files.keys().cloned().collect(),
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
/// folder name when it is a plain name (so edit links match the site), else `content`.
fn default_src(site: &HugoSite) -> String {
    let dir = site
        .config
        .string("contentdir")
        .unwrap_or_else(|| "content".into());
    let plain = !dir.is_empty() && !dir.contains(['/', '\\']) && !dir.starts_with('.');
    if plain { dir } else { "content".into() }
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

fn read_optional(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Adds every chapter; returns each chapter's path in the source folder, by page index.
fn add_chapters(
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
    let unprefixed = url
        .strip_prefix(prefix)
        .filter(|u| !prefix.is_empty() && u.starts_with('/'));
    if let Some(unprefixed) = unprefixed
        && !page.params.contains_key("aliases")
    {
        let alias = serde_json::json!([unprefixed]);
        text = super::page_text::with_field(&text, "aliases", &alias);
    }
    text
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

/// Bundle resources and other files of the content tree, at their content path (pages name
/// them relative to themselves; [`add_named_files`] adds those named with a language
/// prefix).
fn add_content_files(site: &HugoSite, src: &str, files: &mut BTreeMap<String, Output>) {
    for file in &site.content.files {
        files
            .entry(format!("{src}/{}", file.path))
            .or_insert_with(|| Output::Copy(file.file.clone()));
    }
}

/// The folders published at the site root: `module.mounts` with target `static[/SUB]`, else
/// `staticDir` (a name or a list; `static` by default). Content files win a clash.
fn add_static(
    site: &HugoSite,
    src: &str,
    files: &mut BTreeMap<String, Output>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let root_canon = site.root.canonicalize()?;
    for (dir, target) in static_dirs(site, warnings)? {
        if !dir.is_dir() {
            continue;
        }
        let mut found = Vec::new();
        walk(&dir, &root_canon, &mut found, warnings)?;
        for file in found {
            let relative = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let path = if target.is_empty() {
                relative
            } else {
                format!("{target}/{relative}")
            };
            files
                .entry(format!("{src}/{path}"))
                .or_insert(Output::Copy(file));
        }
    }
    Ok(())
}

/// (folder, target below the site root) of every static source.
fn static_dirs(site: &HugoSite, warnings: &mut Vec<String>) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    if let Some(serde_json::Value::Array(mounts)) = site.config.get("module.mounts") {
        for mount in mounts {
            let (Some(source), Some(target)) = (
                mount.get("source").and_then(|v| v.as_str()),
                mount.get("target").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            let target = target.trim_matches('/');
            if let Some(sub) = target.strip_prefix("static")
                && (sub.is_empty() || sub.starts_with('/'))
            {
                match inside_site(&site.root, source) {
                    Ok(dir) => out.push((dir, sub.trim_matches('/').to_string())),
                    Err(e) => {
                        warnings.push(format!("module.mounts: {e:#}; that mount is not read"))
                    }
                }
            }
        }
    }
    if !out.is_empty() {
        return Ok(out);
    }
    let names: Vec<String> = match site.config.get("staticdir") {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => vec!["static".into()],
    };
    for name in names {
        out.push((inside_site(&site.root, &name)?, String::new()));
    }
    Ok(out)
}

/// Files a page names by path (`images/a.png`, `/images/a.png`): content files named with
/// a language prefix (`/fr/docs/img.png`, as Hugo publishes them), and files of the site's
/// `assets/` or of a theme's `assets/` or `static/` (Hugo publishes a theme's static files;
/// the book copies only those the pages name), copied to that path unless a static or
/// content file has it. A symbolic link leaving the site is not followed.
fn add_named_files(site: &HugoSite, src: &str, files: &mut BTreeMap<String, Output>) -> Result<()> {
    let assets = site
        .config
        .string("assetdir")
        .unwrap_or_else(|| "assets".into());
    let mut dirs = vec![inside_site(&site.root, &assets)?];
    for theme in &site.site_config.themes {
        dirs.push(theme.join("assets"));
        dirs.push(theme.join("static"));
    }
    dirs.retain(|d| d.is_dir());
    let root = site.root.canonicalize()?;
    let named: std::collections::BTreeSet<&str> = site
        .content
        .pages
        .iter()
        .flat_map(|page| path_like_words(&page.text))
        .map(|word| word.trim_start_matches('/'))
        .filter(|word| !word.split('/').any(|p| p == ".." || p.is_empty()))
        .collect();
    let content_files: HashMap<&str, &PathBuf> = site
        .content
        .files
        .iter()
        .map(|f| (f.path.as_str(), &f.file))
        .collect();
    let languages = site.site_config.languages();
    for relative in named {
        // `/en/docs/img.png`: a content file as Hugo publishes it under a language prefix.
        let unprefixed = relative
            .split_once('/')
            .filter(|(first, _)| languages.iter().any(|l| l == first))
            .and_then(|(_, rest)| content_files.get(rest));
        let found = unprefixed.map(|f| f.to_path_buf()).or_else(|| {
            dirs.iter()
                .map(|d| d.join(relative))
                .find(|f| f.is_file() && f.canonicalize().is_ok_and(|c| c.starts_with(&root)))
        });
        if let Some(file) = found {
            files
                .entry(format!("{src}/{relative}"))
                .or_insert(Output::Copy(file));
        }
    }
    Ok(())
}

/// Words of `text` that look like file paths with an extension (`img/a.png`).
fn path_like_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-')))
        .filter(|w| {
            w.len() > 2
                && w.contains('.')
                && w.rsplit_once('.')
                    .is_some_and(|(_, ext)| (2..=5).contains(&ext.len()))
        })
}

/// The redirect table for the planned chapters, from the URLs and aliases Hugo computes
/// (resolved and cleaned: no `..` can put a redirect file outside the book's output).
fn redirects_for(
    site: &HugoSite,
    src: &str,
    chapters: &BTreeMap<usize, String>,
    book_dir: &Path,
) -> crate::redirects::Redirects {
    let pages = chapters
        .iter()
        .map(|(&index, path)| {
            let mut page = Page::new(path, &Path::new(src).join(path), String::new());
            page.front_matter.url = Some(site.urls[index].url.clone());
            page.front_matter.aliases = site.urls[index].aliases.clone();
            page
        })
        .collect();
    let site = Site::new(pages, Some(book_dir.join(src)));
    crate::redirects::compute(&site)
}

/// `book.toml` settings from the site's config.
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
    }
}

/// Writes `plan` into `book_dir`: changed and new files, `book.toml`, the manifest; removes
/// the files of the previous import that the plan no longer has (never other files).
/// Errors, writing nothing, when a file to write exists but is not the previous import's.
pub fn apply(plan: &Plan, book_dir: &Path) -> Result<Applied> {
    let previous = Manifest::read(book_dir)?;
    refuse_overwriting(plan, book_dir, &previous)?;
    let mut applied = Applied::default();
    for (path, output) in &plan.files {
        let dest = book_dir.join(path);
        if is_current(&dest, output)? {
            applied.unchanged += 1;
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        match output {
            Output::Text(text) => std::fs::write(&dest, text),
            Output::Copy(from) => std::fs::copy(from, &dest).map(|_| ()),
        }
        .with_context(|| format!("cannot write {}", dest.display()))?;
        applied.written += 1;
    }
    for stale in previous
        .files
        .iter()
        .filter(|f| !plan.files.contains_key(*f))
    {
        let path = book_dir.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            remove_empty_parents(&path, book_dir);
            applied.removed += 1;
        }
    }
    let toml_path = book_dir.join("book.toml");
    if read_optional(&toml_path)? != plan.book_toml {
        std::fs::write(&toml_path, &plan.book_toml)
            .with_context(|| format!("cannot write {}", toml_path.display()))?;
        applied.written += 1;
    }
    plan.manifest.write(book_dir)?;
    Ok(applied)
}

/// Errors, naming them, when files the plan would replace exist with other content and
/// were not written by the previous import: they are the user's (a `SUMMARY.md` of their
/// own, a page they added where the site now has one).
fn refuse_overwriting(plan: &Plan, book_dir: &Path, previous: &Manifest) -> Result<()> {
    let mut theirs = Vec::new();
    for (path, output) in &plan.files {
        let dest = book_dir.join(path);
        if !previous.files.contains(path) && dest.exists() && !is_current(&dest, output)? {
            theirs.push(path.as_str());
        }
    }
    if theirs.is_empty() {
        return Ok(());
    }
    let shown = theirs
        .iter()
        .take(10)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = theirs.len().saturating_sub(10);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    bail!(
        "{} has files the import would replace but did not write: {shown}{more}; \
         move them away (or import into a new folder) and run again",
        book_dir.display()
    )
}

/// How the book at `book_dir` differs from `plan`: one line per file (`missing`,
/// `changed`, `stale`); empty when it is up to date.
pub fn differences(plan: &Plan, book_dir: &Path) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    if read_optional(&book_dir.join("book.toml"))? != plan.book_toml {
        lines.push("changed: book.toml".to_string());
    }
    for (path, output) in &plan.files {
        let dest = book_dir.join(path);
        if !dest.exists() {
            lines.push(format!("missing: {path}"));
        } else if !is_current(&dest, output)? {
            lines.push(format!("changed: {path}"));
        }
    }
    let previous = Manifest::read(book_dir)?;
    for stale in previous
        .files
        .iter()
        .filter(|f| !plan.files.contains_key(*f))
    {
        if book_dir.join(stale).is_file() {
            lines.push(format!("stale: {stale} (no longer in the site)"));
        }
    }
    Ok(lines)
}

fn is_current(dest: &Path, output: &Output) -> Result<bool> {
    let Ok(existing) = std::fs::read(dest) else {
        return Ok(false);
    };
    Ok(match output {
        Output::Text(text) => existing == text.as_bytes(),
        Output::Copy(from) => {
            existing
                == std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?
        }
    })
}

fn remove_empty_parents(file: &Path, stop: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == stop || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// Runs `mdbook-hugo import`: prints what it did (or, with `check`, how the book differs)
/// on `log`; returns whether the book is (now) up to date.
pub fn run(
    site_dir: &Path,
    book_dir: &Path,
    language: Option<&str>,
    check: bool,
    log: &mut dyn std::io::Write,
) -> Result<bool> {
    let started = std::time::Instant::now();
    let plan = plan(site_dir, book_dir, language)?;
    for warning in &plan.warnings {
        writeln!(log, "warning: {warning}")?;
    }
    if !plan.excluded.is_empty() {
        writeln!(
            log,
            "left out {} pages Hugo does not publish:",
            plan.excluded.len()
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
        writeln!(
            log,
            "run `mdbook-hugo import {} {}` to update it",
            site_dir.display(),
            book_dir.display()
        )?;
        return Ok(false);
    }
    let applied = apply(&plan, book_dir)?;
    writeln!(
        log,
        "imported {} chapters and {} redirects into {} in {:.2?}: {} files written, {} unchanged, {} removed",
        plan.chapters,
        plan.redirects,
        book_dir.display(),
        started.elapsed(),
        applied.written,
        applied.unchanged,
        applied.removed
    )?;
    Ok(true)
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
