//! Where `{{#include}}`d text came from, so a problem in it is reported at the included
//! file's own line instead of at a line the including chapter does not have.
//!
//! mdBook's `links` step, which runs before this preprocessor, replaces each
//! `{{#include file}}` with the file's text and keeps no record of it. For a chapter with a
//! diagnostic, the original chapter file is read again and each of its `{{#...}}`
//! directives is expanded on its own by mdBook's own `links` step, which rebuilds the text
//! we converted region by region; a position inside an included region then maps to the
//! included file (found in it by its text), or to the directive when it cannot be.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A chapter as the book gives it: its source path (relative to the source folder) and
/// the path its diagnostics show.
pub struct ChapterFile<'a> {
    /// `what/roles.md`.
    pub source_path: &'a Path,
    /// `book-src/what/roles.md`.
    pub display_path: &'a Path,
}

/// Moves every diagnostic that points into included text to the included file.
pub fn remap(
    diagnostics: &mut [Diagnostic],
    chapters: &[ChapterFile<'_>],
    src_dir: &Path,
    display_root: &Path,
    ctx: &PreprocessorContext,
) {
    // Each diagnostic is remapped once, by the chapter it was reported in (found by a
    // lookup, not a scan of every diagnostic per chapter: a large book has hundreds of each).
    let mut reported_in: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if diagnostic.position.is_some() {
            reported_in
                .entry(diagnostic.file.clone())
                .or_default()
                .push(index);
        }
    }
    for chapter in chapters {
        let Some(indices) = reported_in.remove(chapter.display_path) else {
            continue;
        };
        let Some(map) = IncludeMap::build(chapter.source_path, src_dir, display_root, ctx) else {
            continue;
        };
        for index in indices {
            map.remap(&mut diagnostics[index]);
        }
    }
}

/// The chapter's text rebuilt as mdBook expanded it, with the included regions.
struct IncludeMap {
    original: SourceFile,
    expanded: SourceFile,
    regions: Vec<Region>,
}

/// Where an offset of the rebuilt text comes from.
enum Located<'a> {
    /// The chapter's own text, at this offset of the original file.
    Original(usize),
    /// An included region, this many bytes into it.
    Included(&'a Region, usize),
}

/// One directive's expansion in the rebuilt text.
struct Region {
    /// Where its text sits in the rebuilt chapter.
    expanded: Range<usize>,
    /// The included file and where the text starts in it, when it can be found there.
    file: Option<(SourceFile, usize)>,
    /// The directive in the original chapter, as a fallback.
    directive: Diagnostic,
    /// Where the directive ends in the original chapter.
    original_end: usize,
}

impl IncludeMap {
    fn build(
        source_path: &Path,
        src_dir: &Path,
        display_root: &Path,
        ctx: &PreprocessorContext,
    ) -> Option<IncludeMap> {
        let text = std::fs::read_to_string(src_dir.join(source_path)).ok()?;
        let directives = directives(&text);
        if directives.is_empty() {
            return None;
        }
        let chapter_source = SourceFile::new(display_root.join(source_path), text);
        let original = &chapter_source.text;
        let mut text = String::with_capacity(original.len());
        let mut regions = Vec::new();
        let mut copied = 0;
        for span in directives {
            text.push_str(&original[copied..span.start]);
            let directive = &original[span.clone()];
            let expansion = expand(directive, source_path, ctx)?;
            let file = included_file(directive, source_path, src_dir, display_root)
                .and_then(|file| file.text.find(&expansion).map(|at| (file, at)));
            let at = Diagnostic::at(
                crate::diagnostic::Severity::Note,
                &chapter_source,
                span.start,
                String::new(),
            );
            regions.push(Region {
                expanded: text.len()..text.len() + expansion.len(),
                file,
                directive: at,
                original_end: span.end,
            });
            text.push_str(&expansion);
            copied = span.end;
        }
        text.push_str(&original[copied..]);
        Some(IncludeMap {
            original: chapter_source,
            expanded: SourceFile::new(display_root.join(source_path), text),
            regions,
        })
    }

    /// Where byte `offset` of the rebuilt text comes from: a region, or the chapter's own
    /// text shifted by the regions before it.
    fn locate(&self, offset: usize) -> Located<'_> {
        let mut shift = (0usize, 0usize); // (rebuilt end, original end) of the last region
        for region in &self.regions {
            if region.expanded.contains(&offset) {
                return Located::Included(region, offset - region.expanded.start);
            }
            if region.expanded.start > offset {
                break;
            }
            shift = (region.expanded.end, region.original_end);
        }
        Located::Original(shift.1 + (offset - shift.0))
    }

    /// Points `diagnostic` at the included file when its position is in included text
    /// (and the rebuilt line is the line it quotes, so the rebuild is the text we saw).
    fn remap(&self, diagnostic: &mut Diagnostic) {
        let Some(position) = diagnostic.position else {
            return;
        };
        if self.expanded.line_text(position.line) != diagnostic.line_text {
            return;
        }
        let offset = self.expanded.offset(position);
        let (file, position, line_text) = match self.locate(offset) {
            Located::Original(at) => {
                let position = self.original.position(at);
                let line_text = self.original.line_text(position.line).to_string();
                (
                    self.original.display_path.clone(),
                    Some(position),
                    line_text,
                )
            }
            Located::Included(region, at) => match &region.file {
                Some((file, start)) => {
                    let position = file.position(start + at);
                    let line_text = file.line_text(position.line).to_string();
                    (file.display_path.clone(), Some(position), line_text)
                }
                None => (
                    region.directive.file.clone(),
                    region.directive.position,
                    region.directive.line_text.clone(),
                ),
            },
        };
        diagnostic.file = file;
        diagnostic.position = position;
        diagnostic.line_text = line_text;
    }
}

/// The spans of the `{{#...}}` directives of `text`, as mdBook's `links` step finds them
/// (one escaped with a backslash is text).
fn directives(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{{#") {
        let start = from + found;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        if !text[..start].ends_with('\\') {
            spans.push(start..end);
        }
        from = end;
    }
    spans
}

/// The text mdBook's `links` step puts in place of `directive` in the chapter at
/// `source_path`.
fn expand(directive: &str, source_path: &Path, ctx: &PreprocessorContext) -> Option<String> {
    let chapter = Chapter::new("include", directive.to_string(), source_path, Vec::new());
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
    let book = LinkPreprocessor::new().run(ctx, book).ok()?;
    book.iter().find_map(|item| match item {
        BookItem::Chapter(chapter) => Some(chapter.content.clone()),
        _ => None,
    })
}

/// The file an `include`, `rustdoc_include` or `playground` directive names, read.
fn included_file(
    directive: &str,
    source_path: &Path,
    src_dir: &Path,
    display_root: &Path,
) -> Option<SourceFile> {
    let inner = directive.strip_prefix("{{#")?.strip_suffix("}}")?.trim();
    let (kind, rest) = inner.split_once(char::is_whitespace)?;
    if !matches!(kind, "include" | "rustdoc_include" | "playground") {
        return None;
    }
    let path = rest.split_whitespace().next()?;
    let path = path.split_once(':').map_or(path, |(path, _)| path);
    let relative: PathBuf = source_path.parent().unwrap_or(Path::new("")).join(path);
    let text = std::fs::read_to_string(src_dir.join(&relative)).ok()?;
    Some(SourceFile::new(display_root.join(relative), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_found_unless_escaped() {
        let text = "a {{#include x.md}} b \\{{#include y.md}} {{#include z.md:2:3}}";
        let found: Vec<&str> = directives(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["{{#include x.md}}", "{{#include z.md:2:3}}"]);
    }
}
