//! A page's files listed as links in a box: Learn/Relearn's `attachments` (the files of the
//! page's `NAME.files/` folder) and `resources` (the files of its page bundle). The files
//! are in the book's source folder (the import copies them with the page), so mdBook copies
//! them into the built book and the links work there.

use super::admonition::write_admonition;
use crate::render::RenderContext;
use crate::render::safe::markdown_link;
use std::path::Path;

/// One file to list: its path relative to the page's folder and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attachment {
    /// `/`-separated, relative to the page's folder.
    pub path: String,
    /// In bytes.
    pub size: u64,
}

/// The files under `dir` (recursively when `recursive`), not Markdown, whose file name
/// matches `pattern` (a regular expression; all when `None`), sorted by name (`descending`
/// reverses), with paths relative to `base`.
pub(crate) fn list_files(
    dir: &Path,
    base: &Path,
    recursive: bool,
    pattern: Option<&regex::Regex>,
    descending: bool,
) -> Vec<Attachment> {
    let mut found = Vec::new();
    collect(dir, base, recursive, pattern, &mut found);
    found.sort_by(|a, b| file_name(&a.path).cmp(file_name(&b.path)));
    if descending {
        found.reverse();
    }
    found
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn collect(
    dir: &Path,
    base: &Path,
    recursive: bool,
    pattern: Option<&regex::Regex>,
    found: &mut Vec<Attachment>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            if recursive {
                collect(&path, base, recursive, pattern, found);
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let markdown = path.extension().is_some_and(|e| e == "md");
        if markdown || pattern.is_some_and(|p| !p.is_match(&name)) {
            continue;
        }
        let Ok(relative) = path.strip_prefix(base) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        found.push(Attachment {
            path: relative,
            size: meta.len(),
        });
    }
}

/// A size as Relearn writes it: whole bytes, KB or MB (1024-based, rounded down).
pub(crate) fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{} MB", b / 1024 / 1024),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} B"),
    }
}

/// Writes the box: an admonition of `kind` titled `title` (Markdown) listing `files` as
/// links relative to the page, then `body` (Markdown). No file is said in the box.
pub(crate) fn write_box(
    ctx: &RenderContext<'_>,
    kind: &str,
    title: &str,
    files: &[Attachment],
    body: &str,
    out: &mut String,
) {
    let mut list = String::new();
    let prefix = relative_prefix(ctx);
    for file in files {
        let name = file_name(&file.path);
        let href = format!("{prefix}{}", file.path);
        list.push_str(&format!(
            "- {} ({})\n",
            markdown_link(name, &href),
            human_size(file.size)
        ));
    }
    if files.is_empty() {
        list.push_str("*No files.*\n");
    }
    if !body.trim().is_empty() {
        list.push('\n');
        list.push_str(body.trim());
        list.push('\n');
    }
    write_admonition(kind, Some(title), &list, out);
}

/// The way from the page's output folder to its source folder (the same folder unless the
/// two differ), `/`-terminated or empty.
fn relative_prefix(ctx: &RenderContext<'_>) -> String {
    let page = ctx.page();
    let path = crate::site::relative_path(page.output_dir(), page.source_dir());
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{}/", path.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_down_like_relearn() {
        assert_eq!(human_size(10), "10 B");
        assert_eq!(human_size(2047), "1 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 5), "3 MB");
    }
}
