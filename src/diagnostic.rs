//! Warnings and errors with their place in the source, printed in the style of rustc.

use crate::source::{Position, SourceFile};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something worth telling; never fails a build.
    Note,
    /// Something was not converted as the author meant; fails the build under `strict`.
    Warning,
    /// The chapter cannot be converted; fails the build.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One located message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The message, in Hugo's words for Hugo's errors.
    pub message: String,
    /// The chapter's source file.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// The quoted source line, when the position is known.
    pub line_text: String,
}

impl Diagnostic {
    /// A diagnostic pointing at byte `offset` of `source`.
    pub fn at(severity: Severity, source: &SourceFile, offset: usize, message: String) -> Self {
        let position = source.position(offset);
        Diagnostic {
            severity,
            message,
            file: source.display_path.clone(),
            line_text: source.line_text(position.line).to_string(),
            position: Some(position),
        }
    }

    /// A diagnostic about a whole file.
    pub fn for_file(severity: Severity, file: impl Into<PathBuf>, message: String) -> Self {
        Diagnostic {
            severity,
            message,
            file: file.into(),
            position: None,
            line_text: String::new(),
        }
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.col),
            None => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Renders as rustc does (with `annotate-snippets`, rustc's own renderer): the message,
    /// `--> file:line:col`, the line and a caret under the column, which counts in
    /// characters and lands under wide (CJK) characters and after tabs where a terminal
    /// shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let Some(position) = self.position else {
            writeln!(f, "{}: {}", self.severity, self.message)?;
            return write!(f, " --> {}", self.location());
        };
        let line = self.line_text.trim_end_matches(['\n', '\r']);
        let start = line
            .char_indices()
            .nth(position.col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let end = line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        let origin = self.file.display().to_string();
        let report = &[level.primary_title(&self.message).element(
            Snippet::source(line)
                .line_start(position.line)
                .path(&origin)
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        write!(f, "{}", Renderer::plain().render(report))
    }
}

/// Collects diagnostics over a whole book, so one bad chapter does not hide the others.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// `location: message` of each item, so the same problem at the same place is told once
    /// (a shortcode whose output repeats a problem a hundred times).
    seen: std::collections::HashSet<String>,
    /// How many warnings `strict` made errors ([`Diagnostics::promote_warnings`]).
    promoted: usize,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic, unless the same one was added already.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let key = format!("{}: {}", diagnostic.location(), diagnostic.message);
        if self.seen.insert(key) {
            self.items.push(diagnostic);
        }
    }

    /// Adds a diagnostic at `offset` of `source`.
    pub fn report(
        &mut self,
        severity: Severity,
        source: &SourceFile,
        offset: usize,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic::at(severity, source, offset, message.into()));
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
    }

    /// All diagnostics, in the order they were reported.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether the build must fail: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }

    /// How many diagnostics there are: a mark to [`Diagnostics::truncate`] to.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Drops the diagnostics added after `len` (a rendering that was thrown away).
    pub fn truncate(&mut self, len: usize) {
        for dropped in self.items.drain(len.min(self.items.len())..) {
            self.seen
                .remove(&format!("{}: {}", dropped.location(), dropped.message));
        }
    }

    /// The diagnostics, to adjust (an included file's position).
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Makes every warning an error: `strict`, applied in this one place at the end of a
    /// conversion.
    pub fn promote_warnings(&mut self) {
        for item in &mut self.items {
            if item.severity == Severity::Warning {
                item.severity = Severity::Error;
                self.promoted += 1;
            }
        }
    }

    /// Sends every diagnostic, rendered, to `tracing` at its level (error, warning, info for
    /// notes): mdBook's own log when the preprocessor runs in-process, the binary's standard
    /// error otherwise. The library prints nothing itself.
    pub fn emit(&self) {
        for diagnostic in &self.items {
            match diagnostic.severity {
                Severity::Error => tracing::error!("{diagnostic}\n"),
                Severity::Warning => tracing::warn!("{diagnostic}\n"),
                Severity::Note => tracing::info!("{diagnostic}\n"),
            }
        }
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The one-line summary used when the build fails.
    pub fn summary(&self, strict: bool) -> String {
        let errors = self.count(Severity::Error);
        let warnings = self.count(Severity::Warning);
        let mut summary = format!(
            "mdbook-hugo found {errors} error{} and {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
        if strict && warnings + self.promoted > 0 {
            summary.push_str(" (warnings are errors because `strict` is on)");
        }
        summary
    }

    /// Writes every diagnostic to `out`, separated by blank lines.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for diagnostic in &self.items {
            writeln!(out, "{diagnostic}\n")?;
        }
        Ok(())
    }
}

/// `n` and `noun` (a regular English noun, singular) agreeing in number: `1 page`,
/// `0 pages`, `5 pages`; for the command line's counts.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc_with_a_caret_under_the_column() {
        let source = SourceFile::new(
            "book-src/a.md",
            "---\ntitle: x\n---\n\tab {{< x >}}\n".into(),
        );
        let offset = source.text.find("{{<").unwrap();
        let d = Diagnostic::at(
            Severity::Warning,
            &source,
            offset,
            "unknown shortcode \"x\"".into(),
        );
        assert_eq!(
            d.to_string(),
            "warning: unknown shortcode \"x\"\n --> book-src/a.md:4:5\n  |\n4 |     ab {{< x >}}\n  |        ^"
        );
    }

    #[test]
    fn the_caret_lands_under_its_character_after_wide_text() {
        let source = SourceFile::new("a.md", "漢字 {{< x >}}\n".into());
        let offset = source.text.find("{{<").unwrap();
        let d = Diagnostic::at(Severity::Error, &source, offset, "bad".into());
        assert_eq!(
            d.to_string(),
            "error: bad\n --> a.md:1:4\n  |\n1 | 漢字 {{< x >}}\n  |      ^"
        );
    }

    #[test]
    fn strict_turns_warnings_into_failures() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::for_file(Severity::Warning, "a.md", "w".into()));
        assert!(!all.fails(false));
        assert!(all.fails(true));
        all.push(Diagnostic::for_file(Severity::Error, "b.md", "e".into()));
        assert!(all.fails(false));
        assert_eq!(
            all.summary(false),
            "mdbook-hugo found 1 error and 1 warning"
        );
    }
}
