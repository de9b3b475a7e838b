//! Which of a Hugo site's own shortcodes take a body, read from their templates as Hugo
//! decides it: a template that uses `.Inner` or `.InnerDeindent` needs a closing tag (or
//! `/>`), one that does not must not get one (Hugo 0.168, `shortcode.go`).
//!
//! Templates are looked up where Hugo looks: `layouts/_shortcodes/` (Hugo 0.146 and
//! later) and `layouts/shortcodes/` of the site, then of its themes under `themes/`; the
//! site's template wins over a theme's of the same name. A name is the template's path
//! below that folder without its extensions (`blocks/lead.html` is `blocks/lead`,
//! `note.en.html` and `note.html.html` are `note`).

use crate::shortcode::BodyKind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The body kind of every shortcode template of the site at `site`, by name.
pub fn body_kinds(site: &Path) -> BTreeMap<String, BodyKind> {
    let mut kinds = BTreeMap::new();
    for root in template_roots(site) {
        let mut files = Vec::new();
        collect(&root, &mut files);
        for file in files {
            let Some(name) = shortcode_name(&root, &file) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let kind = if text.contains(".Inner") {
                BodyKind::Required
            } else {
                BodyKind::None
            };
            // The first root that defines a name wins (site over theme); within one
            // root, any variant using `.Inner` makes it take a body.
            kinds
                .entry(name)
                .and_modify(|k| {
                    if kind == BodyKind::Required {
                        *k = kind;
                    }
                })
                .or_insert(kind);
        }
    }
    kinds
}

/// Every shortcode template file of the site, as `(name, file)`, in Hugo's lookup order:
/// the site's `_shortcodes/` and `shortcodes/`, then each theme's; the first of a name wins.
pub fn shortcode_files(site: &Path) -> Vec<(String, PathBuf)> {
    named_files(template_roots(site))
}

/// Every partial template file, as `(name with extension, file)`, site first
/// (`layouts/_partials/`, `layouts/partials/`, then the themes').
pub fn partial_files(site: &Path) -> Vec<(String, PathBuf)> {
    let roots = layout_dirs(site)
        .into_iter()
        .flat_map(|l| [l.join("_partials"), l.join("partials")])
        .filter(|d| d.is_dir());
    files_named(roots, |root, file| {
        let relative = file.strip_prefix(root).ok()?;
        Some(crate::source::path_to_slash(relative))
    })
}

fn named_files(roots: Vec<PathBuf>) -> Vec<(String, PathBuf)> {
    files_named(roots, shortcode_name)
}

/// Every file under each root (roots in order, files sorted within a root), with the name
/// `name_of(root, file)` gives it; files it names `None` are skipped.
fn files_named(
    roots: impl IntoIterator<Item = PathBuf>,
    name_of: impl Fn(&Path, &Path) -> Option<String>,
) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for root in roots {
        let mut files = Vec::new();
        collect(&root, &mut files);
        files.sort();
        for file in files {
            if let Some(name) = name_of(&root, &file) {
                found.push((name, file));
            }
        }
    }
    found
}

/// The site's `layouts/` (or the folders `module.mounts` mounts as `layouts`, in order),
/// then each theme's and module's, in the order the site's configuration names them
/// (`theme`, `module.imports`, under `themesDir` or `_vendor/`, inside the site), as the
/// import reads them; a site whose configuration cannot be read gets the folders under
/// `themes/`.
fn layout_dirs(site: &Path) -> Vec<PathBuf> {
    let Ok(mut config) = crate::hugo::config::SiteConfig::load(site) else {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(site.join("themes"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path().join("layouts"))
                    .collect()
            })
            .unwrap_or_default();
        dirs.sort();
        dirs.insert(0, site.join("layouts"));
        return dirs;
    };
    // The import reports refused mounts; here they are only left out.
    let mut ignored = Vec::new();
    let mounted = crate::hugo::mounts::component_mounts(site, &config, "layouts", &mut ignored);
    let mut layouts: Vec<PathBuf> = mounted
        .into_iter()
        .filter(|(_, sub)| sub.is_empty())
        .map(|(dir, _)| dir)
        .collect();
    if layouts.is_empty() {
        layouts.push(site.join("layouts"));
    }
    let themes = config.theme_dirs(site);
    layouts.extend(themes.into_iter().map(|t| t.join("layouts")));
    layouts
}

/// The render hook templates of the site and its themes, as `(name, file)` in Hugo's
/// lookup order, the first of a name winning: `layouts/_markup/` (Hugo 0.146 and later),
/// then the older `layouts/_default/_markup/`, site first. The name is the file's name
/// before its first `.` (`render-link`, `render-codeblock-mermaid`).
pub fn markup_files(site: &Path) -> Vec<(String, PathBuf)> {
    let roots = layout_dirs(site)
        .into_iter()
        .flat_map(|l| [l.join("_markup"), l.join("_default").join("_markup")])
        .filter(|d| d.is_dir());
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for (name, file) in files_named(roots, |root, file| {
        let relative = file.strip_prefix(root).ok()?;
        let name = relative.to_str()?.split('.').next()?.to_string();
        let is_html = file.extension().is_some_and(|e| e == "html");
        (name.starts_with("render-") && !name.contains('/') && is_html).then_some(name)
    }) {
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, file));
        }
    }
    found
}

/// The translation folders (`i18n/`) beside each layouts folder, the site's first (a
/// site's and each theme's or module's own `i18n/`, as Hugo mounts them by default).
pub fn i18n_dirs(site: &Path) -> Vec<PathBuf> {
    component_dirs(site, "i18n")
}

/// The `data/` folders of the site and its themes and modules, the site's first (Hugo's
/// `.Site.Data` and `hugo.Data` merge them: see `render::site::shortcodes`).
pub fn data_dirs(site: &Path) -> Vec<PathBuf> {
    component_dirs(site, "data")
}

/// The `assets/` folders of the site and its themes and modules, the site's first.
pub fn assets_dirs(site: &Path) -> Vec<PathBuf> {
    component_dirs(site, "assets")
}

/// The folder `name` of the site and of each component beside its layouts folder, the
/// site's first; those that exist.
fn component_dirs(site: &Path, name: &str) -> Vec<PathBuf> {
    let mut dirs = vec![site.join(name)];
    for layouts in layout_dirs(site) {
        if let Some(component) = layouts.parent() {
            let dir = component.join(name);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// The shortcode template folders, the site's first.
fn template_roots(site: &Path) -> Vec<PathBuf> {
    layout_dirs(site)
        .into_iter()
        .flat_map(|l| [l.join("_shortcodes"), l.join("shortcodes")])
        .filter(|d| d.is_dir())
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link {
            continue; // a link could lead out of the site
        } else if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// `blocks/lead.html` → `blocks/lead`; the part of the file name before its first `.`.
fn shortcode_name(root: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root).ok()?;
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.split('.').next().filter(|s| !s.is_empty())?;
    parts.push(stem.to_string());
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_mounted_by_module_mounts_are_searched_in_order() {
        // Doks-style sites mount their theme's layouts from node_modules.
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "hugo.toml",
            "[[module.mounts]]\nsource = \"layouts\"\ntarget = \"layouts\"\n\
             [[module.mounts]]\nsource = \"node_modules/theme/layouts\"\ntarget = \"layouts\"\n",
        );
        write("layouts/_shortcodes/note.html", "site");
        write("node_modules/theme/layouts/_shortcodes/note.html", "theme");
        write("node_modules/theme/layouts/_shortcodes/step.html", "theme");
        let files = shortcode_files(dir.path());
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["note", "note", "step"]);
        assert!(files[0].1.starts_with(dir.path().join("layouts")));
    }

    #[test]
    fn templates_using_inner_take_a_body_and_the_site_wins() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("layouts/_shortcodes/note.html", "<div>{{ .Inner }}</div>");
        write("layouts/shortcodes/blocks/lead.en.html", "{{ .Get 0 }}");
        write("themes/t/layouts/shortcodes/note.html", "no body");
        write(
            "themes/t/layouts/shortcodes/button.html",
            "{{ .InnerDeindent }}",
        );
        let kinds = body_kinds(dir.path());
        assert_eq!(kinds["note"], BodyKind::Required);
        assert_eq!(kinds["blocks/lead"], BodyKind::None);
        assert_eq!(kinds["button"], BodyKind::Required);
    }
}
