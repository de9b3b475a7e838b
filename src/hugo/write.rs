//! Writing a planned import into a book, and comparing a book with a plan: only files whose
//! content changed are written; the previous import's files that the plan no longer has are
//! removed; a file the import did not write is never replaced.

use super::import::Plan;
use super::manifest::{Manifest, sha256_hex};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Where a planned file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Generated text.
    Text(String),
    /// A file of the site, copied as it is.
    Copy(PathBuf),
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

/// Writes `plan` into `book_dir`: changed and new files, `book.toml`, the manifest (with
/// each file's hash); removes the files of the previous import that the plan no longer has
/// (never other files). Errors, writing nothing, when a file to write exists but is not the
/// previous import's, or (unless `force`) when a file of the previous import that would be
/// replaced or removed was edited in the book since.
pub fn apply(plan: &Plan, book_dir: &Path, force: bool) -> Result<Applied> {
    let previous = Manifest::read(book_dir)?;
    refuse_overwriting(plan, book_dir, &previous)?;
    if !force {
        refuse_losing_edits(plan, book_dir, &previous)?;
    }
    let mut applied = Applied::default();
    let mut manifest = plan.manifest.clone();
    for (path, output) in &plan.files {
        let dest = book_dir.join(path);
        let bytes = output_bytes(output)?;
        manifest.hashes.insert(path.clone(), sha256_hex(&bytes));
        if std::fs::read(&dest).is_ok_and(|existing| existing == *bytes) {
            applied.unchanged += 1;
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&dest, &bytes)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        applied.written += 1;
    }
    let book_canon = book_dir.canonicalize()?;
    for stale in previous
        .files
        .iter()
        .filter(|f| !plan.files.contains_key(*f))
    {
        let path = book_dir.join(stale);
        // The manifest is a file in the book anyone can edit: only a plain path inside
        // the book, reached without leaving it through a link, is ever removed.
        if !is_inside(&book_canon, stale, &path) {
            continue;
        }
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
    manifest.write(book_dir)?;
    Ok(applied)
}

/// The bytes `output` writes.
fn output_bytes(output: &Output) -> Result<std::borrow::Cow<'_, [u8]>> {
    Ok(match output {
        Output::Text(text) => text.as_bytes().into(),
        Output::Copy(from) => std::fs::read(from)
            .with_context(|| format!("cannot read {}", from.display()))?
            .into(),
    })
}

/// The previous import's files that were edited in the book since it wrote them and that
/// this import would replace (with other content) or remove, with what it would do.
fn edited_since(
    plan: &Plan,
    book_dir: &Path,
    previous: &Manifest,
) -> Result<Vec<(String, &'static str)>> {
    let mut edited = Vec::new();
    let Ok(book_canon) = book_dir.canonicalize() else {
        return Ok(edited);
    };
    for path in &previous.files {
        let dest = book_dir.join(path);
        // An entry leading out of the book is never touched (see `apply`).
        if !is_inside(&book_canon, path, &dest) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&dest) else {
            continue;
        };
        // A manifest of an earlier version has no hashes: its files cannot be told
        // unedited, so they count as edited (`--force` replaces them once).
        let hash = previous.hashes.get(path);
        if hash.is_some_and(|hash| sha256_hex(&bytes) == *hash) {
            continue;
        }
        let unknown = hash.is_none();
        match plan.files.get(path) {
            Some(output) if is_current(&dest, output)? => {}
            Some(_) if unknown => edited.push((path.clone(), "would be replaced; no hash")),
            Some(_) => edited.push((path.clone(), "would be replaced")),
            None if unknown => edited.push((path.clone(), "would be removed; no hash")),
            None => edited.push((path.clone(), "would be removed")),
        }
    }
    Ok(edited)
}

/// Errors, naming them, when files the import wrote were edited in the book since and the
/// import would replace or remove them: the edits would be lost.
fn refuse_losing_edits(plan: &Plan, book_dir: &Path, previous: &Manifest) -> Result<()> {
    let edited = edited_since(plan, book_dir, previous)?;
    if edited.is_empty() {
        return Ok(());
    }
    let no_hash = if edited.iter().any(|(_, what)| what.ends_with("no hash")) {
        " (\"no hash\": the manifest was written by an earlier mdbook-hugo, which kept no \
         hashes, so an edit cannot be told from a change in the site)"
    } else {
        ""
    };
    bail!(
        "{} has files edited since the last import: {}{no_hash}; the book is generated from \
         the site, so make those changes in the site (or keep a copy), then run again with \
         --force to replace them",
        book_dir.display(),
        edited
            .iter()
            .map(|(path, what)| format!("{path} ({what})"))
            .collect::<Vec<_>>()
            .join(", ")
    )
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
    let previous = Manifest::read(book_dir)?;
    let edited = edited_since(plan, book_dir, &previous)?;
    let is_edited = |path: &str| edited.iter().any(|(p, _)| p == path);
    for (path, output) in &plan.files {
        let dest = book_dir.join(path);
        if !dest.exists() {
            lines.push(format!("missing: {path}"));
        } else if !is_edited(path) && !is_current(&dest, output)? {
            lines.push(format!("changed: {path}"));
        }
    }
    for stale in previous
        .files
        .iter()
        .filter(|f| !plan.files.contains_key(*f))
    {
        if book_dir.join(stale).is_file() {
            lines.push(format!("stale: {stale} (no longer in the site)"));
        }
    }
    for (path, what) in &edited {
        lines.push(format!(
            "edited in the book since the last import: {path} ({what})"
        ));
    }
    Ok(lines)
}

pub(super) fn is_current(dest: &Path, output: &Output) -> Result<bool> {
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

/// Whether `relative` (a manifest entry) is a plain path below the book and `path`, its
/// place on disk, really is inside the book's canonical folder.
fn is_inside(book_canon: &Path, relative: &str, path: &Path) -> bool {
    let plain = Path::new(relative)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let parent_inside = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|p| p.starts_with(book_canon));
    let not_a_link = std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink());
    plain && parent_inside && not_a_link
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

/// The text of `path`, empty when the file does not exist.
pub(super) fn read_optional(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}
