//! Reading other files into the page: Docsy's `readfile` and Relearn's `include`.
//!
//! A file is looked for next to the page, then from the source folder, then from the
//! book's root (a leading `/` skips the first). Only files inside the book's root are read:
//! a path that climbs out of it, or a link that leads out of it, is an error. The file's
//! shortcodes are expanded, and its problems are reported at its own lines.

use super::code::code_block;
use super::markup::start_block;
use crate::render::RenderContext;
use crate::shortcode::{Shortcode, Value};
use crate::source::SourceFile;
use std::path::{Component, Path, PathBuf};

/// The largest file a shortcode may read.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Docsy's `readfile`: `file` (0), `code`, `lang`. Markdown is rendered with the page;
/// `code=true` shows the file as a code block.
pub(crate) fn readfile(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(file) = sc.params.text("file", 0).map(|f| f.into_owned()) else {
        ctx.error(sc.open.start, "readfile: missing the `file` parameter");
        return;
    };
    let Some(source) = read_book_file(ctx, sc.open.start, "readfile", &file) else {
        return;
    };
    let is_code = sc.params.named("code").is_some_and(Value::is_truthy);
    if is_code {
        let lang = sc
            .params
            .text("lang", usize::MAX)
            .unwrap_or_default()
            .into_owned();
        let code = source.text.trim_end().to_string();
        code_block(ctx, sc.open.start, "readfile", &lang, "", &code, out);
        return;
    }
    if let Some(text) = ctx.render_file(sc.open.start, &source) {
        write_markdown(out, &text);
    }
}

/// Relearn's `include`: `file` (0), `hidefirstheading` (1).
pub(crate) fn include(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let Some(file) = sc.params.text("file", 0).map(|f| f.into_owned()) else {
        ctx.error(sc.open.start, "include: missing the `file` parameter");
        return;
    };
    let hide_first_heading = sc
        .params
        .get("hidefirstheading", 1)
        .is_some_and(Value::is_truthy);
    let Some(source) = read_book_file(ctx, sc.open.start, "include", &file) else {
        return;
    };
    if let Some(text) = ctx.render_file(sc.open.start, &source) {
        let text = if hide_first_heading {
            without_first_heading(&text)
        } else {
            text
        };
        write_markdown(out, &text);
    }
}

fn write_markdown(out: &mut String, text: &str) {
    start_block(out);
    out.push_str(text.trim_matches('\n'));
    out.push('\n');
}

/// Drops the first line if it is an ATX heading (Relearn hides the first heading).
fn without_first_heading(text: &str) -> String {
    let trimmed = text.trim_start_matches('\n');
    let first = trimmed.lines().next().unwrap_or("");
    if first.trim_start().starts_with('#') {
        trimmed[first.len()..]
            .trim_start_matches(['\r', '\n'])
            .to_string()
    } else {
        text.to_string()
    }
}

/// Reads `requested` for `shortcode` from inside the book's root, as a source file whose
/// display path is relative to the root. `None` after reporting why not.
pub(crate) fn read_book_file(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    shortcode: &str,
    requested: &str,
) -> Option<SourceFile> {
    let Some(root) = ctx.book_root() else {
        ctx.error(
            offset,
            format!("{shortcode}: cannot read {requested:?}: the book's folder is not known here"),
        );
        return None;
    };
    let root = match root.canonicalize() {
        Ok(root) => root,
        Err(error) => {
            ctx.error(
                offset,
                format!("{shortcode}: cannot open the book's folder: {error}"),
            );
            return None;
        }
    };
    let candidates = candidates(ctx, &root, requested);
    if candidates.is_empty() {
        ctx.error(
            offset,
            format!(
                "{shortcode}: {requested:?} leads outside the book's folder; only files inside it can be read"
            ),
        );
        return None;
    }
    for candidate in candidates {
        let Ok(real) = candidate.canonicalize() else {
            continue;
        };
        if !real.starts_with(&root) {
            ctx.error(
                offset,
                format!(
                    "{shortcode}: {requested:?} leads outside the book's folder (through a link); \
                     only files inside it can be read"
                ),
            );
            return None;
        }
        if real.is_file() {
            return read(ctx, offset, shortcode, &root, &real);
        }
    }
    ctx.error(
        offset,
        format!("{shortcode}: file {requested:?} not found next to the page, in the source folder or in the book's folder"),
    );
    None
}

/// The request as a relative path that stays inside its base, or `None` if it climbs out
/// (`..` above the base, a drive, a root other than the leading `/`).
fn confined(requested: &str) -> Option<PathBuf> {
    let trimmed = requested.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in Path::new(trimmed).components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.iter().collect())
}

/// Where to look, in order: next to the page, the source folder, the book's root. A path
/// is left out when it climbs out of its base; next to the page, the base is the book's
/// root (when the source folder is inside it), so `../x.md` from a page in a folder works.
fn candidates(ctx: &RenderContext<'_>, root: &Path, requested: &str) -> Vec<PathBuf> {
    let src = ctx
        .site
        .src_dir
        .as_deref()
        .and_then(|s| s.canonicalize().ok());
    let relative = confined(requested);
    let mut out = Vec::new();
    if let Some(src) = &src {
        if !requested.trim_start().starts_with('/') {
            let page_dir = ctx.page().source_dir();
            let (base, src_in_base) = match src.strip_prefix(root) {
                Ok(src_in_root) => (root, src_in_root.to_string_lossy().replace('\\', "/")),
                Err(_) => (src.as_path(), String::new()),
            };
            if let Some(from_page) = confined(&format!("{src_in_base}/{page_dir}/{requested}")) {
                out.push(base.join(from_page));
            }
        }
        out.extend(relative.iter().map(|r| src.join(r)));
    }
    out.extend(relative.iter().map(|r| root.join(r)));
    out
}

fn read(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    shortcode: &str,
    root: &Path,
    path: &Path,
) -> Option<SourceFile> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES);
    if too_big {
        ctx.error(
            offset,
            format!("{shortcode}: {} is larger than 4 MiB", shown.display()),
        );
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(text) => Some(SourceFile::new(shown, text)),
        Err(error) => {
            ctx.error(
                offset,
                format!("{shortcode}: cannot read {}: {error}", shown.display()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        assert_eq!(confined("a/b.md"), Some(PathBuf::from("a/b.md")));
        assert_eq!(confined("/a/./b.md"), Some(PathBuf::from("a/b.md")));
        assert_eq!(confined("a/../b.md"), Some(PathBuf::from("b.md")));
        assert_eq!(confined("../b.md"), None);
        assert_eq!(confined("a/../../etc/passwd"), None);
        assert_eq!(confined(""), None);
        assert_eq!(confined("/"), None);
    }

    #[test]
    fn the_first_heading_can_be_hidden() {
        assert_eq!(without_first_heading("\n# Title\n\nBody\n"), "Body\n");
        assert_eq!(without_first_heading("Body\n# Later\n"), "Body\n# Later\n");
    }
}
