//! `ref` and `relref` as Hugo resolves them on the site, rewritten for the book.
//!
//! Hugo looks a reference up relative to the page's folder, then from the content root, then
//! (a bare name) by unique name (a file's name, a section's or bundle's folder name); the extension is optional and a language part
//! (`page.en.md`) may be given or not. The book's copy may put pages under a language folder
//! and keeps file names with their language part, so a reference Hugo resolves can miss in
//! the book: the import rewrites each `ref`/`relref` it resolves to the chapter's path from
//! the book's source root (`{{< relref "/en/cont/archetypes.en.md#top" >}}`), which the
//! preprocessor resolves. References Hugo would not resolve are left as written (the
//! preprocessor reports them).

use super::HugoSite;
use super::content::{ContentPage, Kind, parent};
use crate::shortcode::{self, Node};
use std::collections::BTreeMap;

/// The page `reference` (fragment removed) leads to from page `from`, as Hugo finds it.
pub fn resolve(site: &HugoSite, from: usize, reference: &str) -> Option<usize> {
    let page = &site.content.pages[from];
    let target = reference.split('#').next().unwrap_or_default().trim();
    if target.is_empty() {
        return Some(from);
    }
    let base = match page.kind {
        Kind::Page if !page.is_leaf_bundle() => parent(&page.path),
        _ => page.dir(),
    };
    let mut tries = Vec::new();
    if !target.starts_with('/') {
        tries.push(crate::link::join_segments("", &format!("{base}/{target}")));
    }
    tries.push(crate::link::join_segments("", target));
    for path in &tries {
        if let Some(found) = find_path(site, path) {
            return Some(found);
        }
    }
    if !target.contains('/') {
        return by_file_name(site, target);
    }
    None
}

/// The page at content path `path` (`docs/a`, `docs/a.md`, `docs/a.en.md`, `docs`).
fn find_path(site: &HugoSite, path: &str) -> Option<usize> {
    let path = path.trim_matches('/');
    let stripped = strip_language(path, &site.language);
    let candidates = [path.to_string(), stripped.clone()];
    site.content
        .pages
        .iter()
        .position(|page| candidates.iter().any(|c| matches_path(page, c)))
}

fn matches_path(page: &ContentPage, candidate: &str) -> bool {
    let without_ext = page.path.strip_suffix(".md").unwrap_or(&page.path);
    let candidate = candidate.strip_suffix(".md").unwrap_or(candidate);
    if without_ext == candidate {
        return true;
    }
    match page.kind {
        Kind::Page if !page.is_leaf_bundle() => false,
        _ => page.dir() == candidate,
    }
}

/// `a/b.en.md` → `a/b.md` for language `en`.
fn strip_language(path: &str, language: &str) -> String {
    path.replace(&format!(".{language}.md"), ".md")
}

fn by_file_name(site: &HugoSite, name: &str) -> Option<usize> {
    let name = strip_language(name, &site.language);
    let name = name.strip_suffix(".md").unwrap_or(&name);
    let mut found = site
        .content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.base_name() == name);
    let first = found.next().map(|(i, _)| i);
    if found.next().is_some() { None } else { first }
}

/// `text` (page `from`) with each `ref`/`relref` Hugo resolves rewritten to the target's
/// path in the book (`chapters[target]`, relative to the source folder), fragment kept.
/// Text that does not parse is returned as it is.
pub fn rewrite(
    site: &HugoSite,
    from: usize,
    text: &str,
    chapters: &BTreeMap<usize, String>,
) -> String {
    let Ok(split) = crate::frontmatter::split(text) else {
        return text.to_string();
    };
    let registry = crate::render::Registry::builtin();
    let Ok(nodes) = shortcode::parse(text, split.body_start, &|n| registry.body_kind(n)) else {
        return text.to_string();
    };
    let mut edits = Vec::new();
    collect(
        &nodes,
        &mut |sc| {
            let reference = sc.params.text("path", 0)?;
            let target = resolve(site, from, &reference)?;
            let fragment = reference
                .split_once('#')
                .map(|(_, f)| format!("#{f}"))
                .unwrap_or_default();
            let path = format!("/{}{fragment}", chapters.get(&target)?);
            let quoted = serde_json::Value::String(path).to_string();
            let call = format!(
                "{} {} {quoted} {}",
                sc.delim.open(),
                sc.name,
                sc.delim.close()
            );
            Some((sc.open.clone(), call))
        },
        &mut edits,
    );
    let mut out = text.to_string();
    for (span, call) in edits.into_iter().rev() {
        out.replace_range(span, &call);
    }
    out
}

/// A replacement: the byte range of a call and its new text.
type Edit = (shortcode::Span, String);

/// Visits every `ref`/`relref` call in document order.
fn collect(
    nodes: &[Node<'_>],
    edit: &mut dyn FnMut(&shortcode::Shortcode<'_>) -> Option<Edit>,
    edits: &mut Vec<Edit>,
) {
    for node in nodes {
        if let Node::Shortcode(sc) = node {
            if matches!(sc.name, "ref" | "relref") && sc.inner.is_none() {
                edits.extend(edit(sc));
            }
            if let Some(inner) = &sc.inner {
                collect(inner, edit, edits);
            }
        }
    }
}
