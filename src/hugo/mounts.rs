//! Where the content of one language comes from, as Hugo mounts it.
//!
//! - Content comes from `contentDir` (per language `languages.LANG.contentDir`; the root
//!   folder only when some language has no folder of its own) or, when the
//!   site declares content mounts, from `module.mounts` with target `content[/SUB]` (a
//!   folder or a single file; a mount's languages: `lang = "xx"` or
//!   `sites.matrix.languages`); the first mount that has a path wins.
//! - `page.LANG.md` and `_index.LANG.md` belong to language `LANG`; a page without a
//!   language part belongs to the mount's languages, else to the default language; a
//!   resource without one belongs to the languages of its bundle's pages in that folder.
//! - Nothing outside the site is read: a symbolic link leaving it is skipped with a warning,
//!   so is a mount whose source leaves it; a link to a folder above itself is not followed.

use super::config::{SiteConfig, inside_site};
use super::content::{ancestors, file_name, is_content_file, join, parent};
use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

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

/// The `module.mounts` entries of one component (`static`, `layouts`) as (source folder,
/// target below the component: `""` or `images`), in the configuration's order. A source
/// that leaves the site (and its repository) is not read: a warning in `warnings`. Empty
/// when the configuration mounts nothing into the component, so the component keeps its
/// default folder (Hugo's rule: project mounts replace the defaults of their component).
pub fn component_mounts(
    root: &Path,
    config: &SiteConfig,
    component: &str,
    warnings: &mut Vec<String>,
) -> Vec<(PathBuf, String)> {
    mount_entries(root, config, component, warnings)
        .into_iter()
        .map(|(dir, sub, _)| (dir, sub))
        .collect()
}

/// The `module.mounts` entries whose target is `component` or below it: (source folder
/// inside the site, target below the component, the entry itself); see
/// [`component_mounts`].
fn mount_entries<'c>(
    root: &Path,
    config: &'c SiteConfig,
    component: &str,
    warnings: &mut Vec<String>,
) -> Vec<(PathBuf, String, &'c Value)> {
    let Some(Value::Array(list)) = config.get("module.mounts") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for mount in list {
        let (Some(source), Some(target)) = (
            mount.get("source").and_then(Value::as_str),
            mount.get("target").and_then(Value::as_str),
        ) else {
            continue;
        };
        let target = target.trim_matches('/');
        let Some(sub) = target.strip_prefix(component) else {
            continue;
        };
        if !(sub.is_empty() || sub.starts_with('/')) {
            continue;
        }
        match inside_site(root, source) {
            Ok(dir) => out.push((dir, sub.trim_matches('/').to_string(), mount)),
            Err(e) => warnings.push(format!("module.mounts: {e:#}; that mount is not read")),
        }
    }
    out
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
    let out: Vec<Mount> = mount_entries(root, config, "content", warnings)
        .into_iter()
        .map(|(source, target, mount)| Mount {
            source,
            target,
            langs: mount_langs(mount),
        })
        .collect();
    if !out.is_empty() {
        return Ok(out);
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
    // Hugo 0.168 mounts the root folder only for the languages without a folder of their
    // own: a site whose every language has one (`languages.en.contentDir: content/en`)
    // does not read the rest of `content/`, even with `contentDir` set at the top.
    let root_used = out.is_empty()
        || config.languages().iter().any(|other| {
            config
                .string(&format!("languages.{other}.contentdir"))
                .is_none_or(|dir| dir == root_dir)
        });
    let source = inside_site(root, &root_dir).context("contentDir")?;
    // The default `content` folder may be missing when every language has its own.
    if root_used && (configured.is_some() || source.is_dir() || out.is_empty()) {
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
pub(super) struct Found {
    /// The content path, language part removed.
    pub path: String,
    /// The file on disk.
    pub file: PathBuf,
}

/// The files of language `lang` of the site at `root` from all its content mounts, by
/// content path (the first mount with a path wins). Problems that do not stop the reading
/// go to `warnings`.
pub(super) fn language_files(
    root: &Path,
    config: &SiteConfig,
    lang: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<Found>> {
    let languages: HashSet<String> = config.languages().into_iter().collect();
    let default = config.default_language();
    let root_canon =
        super::config::boundary(root).with_context(|| format!("cannot read {}", root.display()))?;
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for mount in mounts(root, config, lang, warnings)? {
        let files = match mount_files(&mount, &root_canon, warnings)? {
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
    Ok(found.into_values().collect())
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
