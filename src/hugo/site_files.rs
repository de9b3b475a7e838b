//! The site's files besides pages that the book needs: bundle resources and other content
//! files, the site's `static/` folders, and the files of `assets/` and of the themes that a
//! page names.

use super::HugoSite;
use super::config::inside_site;
use super::mounts::{component_mounts, walk};
use super::write::Output;
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Bundle resources and other files of the content tree, at their content path (pages name
/// them relative to themselves; [`add_named_files`] adds those named with a language
/// prefix).
pub(super) fn add_content_files(site: &HugoSite, src: &str, files: &mut BTreeMap<String, Output>) {
    for file in &site.content.files {
        files
            .entry(format!("{src}/{}", file.path))
            .or_insert_with(|| Output::Copy(file.file.clone()));
    }
}

/// The folders published at the site root: `module.mounts` with target `static[/SUB]`, else
/// `staticDir` (a name or a list; `static` by default). Content files win a clash.
pub(super) fn add_static(
    site: &HugoSite,
    src: &str,
    files: &mut BTreeMap<String, Output>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let root_canon = super::config::boundary(&site.root)?;
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
    let mut out = component_mounts(&site.root, &site.config, "static", warnings);
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
pub(super) fn add_named_files(
    site: &HugoSite,
    src: &str,
    files: &mut BTreeMap<String, Output>,
) -> Result<()> {
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
    let root = super::config::boundary(&site.root)?;
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
