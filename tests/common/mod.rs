//! Helpers shared by the integration tests.
#![allow(dead_code)]

use mdbook_hugo::convert::{PageInput, PageOutput, convert_pages};
use mdbook_hugo::render::Registry;
use mdbook_hugo::shortcode::{self, JsonTree};
use mdbook_hugo::source::SourceFile;
use mdbook_hugo::{Diagnostic, HugoConfig, Severity};
use std::path::PathBuf;

/// Parses `text` (no front matter handling) with the built-in registry, as JSON.
pub fn tree(text: &str) -> serde_json::Value {
    let source = SourceFile::new("t.md", text.to_string());
    let registry = Registry::builtin();
    let nodes = shortcode::parse(&source.text, 0, &|n| registry.body_kind(n))
        .unwrap_or_else(|e| panic!("unexpected parse error for {text:?}: {e}"));
    serde_json::to_value(JsonTree {
        nodes: &nodes,
        source: &source,
    })
    .unwrap()
}

/// The parse error for `text`: (message with Hugo's prefix, line, column).
pub fn parse_error(text: &str) -> (String, usize, usize) {
    let source = SourceFile::new("t.md", text.to_string());
    let registry = Registry::builtin();
    match shortcode::parse(&source.text, 0, &|n| registry.body_kind(n)) {
        Ok(_) => panic!("expected a parse error for {text:?}"),
        Err(e) => {
            let p = source.position(e.offset);
            (e.to_string(), p.line, p.col)
        }
    }
}

/// The result of converting a few pages.
pub struct Converted {
    pub outputs: Vec<Option<PageOutput>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Converted {
    /// The Markdown of page `i`.
    pub fn page(&self, i: usize) -> &str {
        &self.outputs[i].as_ref().expect("page kept").markdown
    }

    /// Every diagnostic of `severity`, rendered.
    pub fn messages(&self, severity: Severity) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    /// Warnings and errors, rendered.
    pub fn problems(&self) -> Vec<String> {
        let mut all = self.messages(Severity::Error);
        all.extend(self.messages(Severity::Warning));
        all
    }
}

/// Inputs for pages `(path relative to the source folder, text)`, shown as `src/<path>`.
pub fn page_inputs(pages: &[(&str, &str)]) -> Vec<PageInput> {
    pages
        .iter()
        .map(|(path, text)| PageInput {
            source_path: path.to_string(),
            display_path: PathBuf::from("src").join(path),
            text: text.to_string(),
        })
        .collect()
}

/// Converts pages `(path relative to the source folder, text)` as one site.
pub fn convert_site_with(
    pages: &[(&str, &str)],
    config: &HugoConfig,
    src_dir: Option<PathBuf>,
) -> Converted {
    let conversion = convert_pages(page_inputs(pages), src_dir, config, &Registry::builtin());
    Converted {
        outputs: conversion.outputs,
        diagnostics: conversion.diagnostics.items().to_vec(),
    }
}

/// Converts pages with the default config.
pub fn convert_site(pages: &[(&str, &str)]) -> Converted {
    convert_site_with(pages, &HugoConfig::default(), None)
}

/// Converts one page called `page.md`.
pub fn convert_one(text: &str) -> Converted {
    convert_site(&[("page.md", text)])
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with `tests/snapshots/NAME`; `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = repo_root().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it after review)\n--- expected\n{expected}\n--- actual\n{actual}"
        );
    }
}

pub mod book;
pub mod fs;
pub mod hugo;
pub mod page_checks;
pub mod search;
pub mod serve;
pub mod webdriver;

/// A snapshot's text: a converted page, then its diagnostics in an HTML comment.
pub fn snapshot_with_diagnostics<'a>(
    mut text: String,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> String {
    let notes: Vec<String> = diagnostics
        .into_iter()
        .map(|d| format!("{}: {}: {}", d.severity, d.location(), d.message))
        .collect();
    if !notes.is_empty() {
        text.push_str("\n<!-- diagnostics\n");
        text.push_str(&notes.join("\n"));
        text.push_str("\n-->\n");
    }
    text
}
