//! Loading a book exactly as `mdbook build` hands it to this preprocessor, for the
//! subcommands that work without a build (`check`, `redirects`): mdBook's own config loader
//! (with `MDBOOK_*` overrides), its `SUMMARY.md` parser and chapter loader
//! (`mdbook-driver`), then its `links` (`{{#include}}`) and `index` (`README.md` →
//! `index.md`) steps, which this preprocessor runs after.

use crate::config::HugoConfig;
use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::config::Config;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::path::{Path, PathBuf};

/// A book as the preprocessor receives it.
pub struct LoadedBook {
    /// The book's root folder (where `book.toml` is).
    pub root: PathBuf,
    /// The `[preprocessor.hugo]` options and the book's Markdown switches.
    pub config: HugoConfig,
    /// The source folder (`[book] src`), absolute or relative as `root` is.
    pub src_dir: PathBuf,
    /// The chapters of `SUMMARY.md`, after mdBook's `links` and `index` steps.
    pub book: Book,
    /// The context mdBook would give a preprocessor for the HTML renderer.
    pub ctx: PreprocessorContext,
}

/// Loads the book at `root`. Never writes: chapters `SUMMARY.md` lists without a file are
/// an error, as `mdbook build` with `create-missing = false` has it.
///
/// # Errors
/// An unreadable or malformed `book.toml` or `SUMMARY.md`, a missing chapter file, a bad
/// `{{#include}}`, or an invalid `[preprocessor.hugo]` table.
pub fn load(root: &Path) -> Result<LoadedBook> {
    let toml_path = root.join("book.toml");
    let mut mdbook_config = Config::from_disk(&toml_path)
        .with_context(|| format!("cannot read {}", toml_path.display()))?;
    mdbook_config
        .update_from_env()
        .with_context(|| format!("cannot apply MDBOOK_* variables to {}", toml_path.display()))?;
    mdbook_config.build.create_missing = false;
    let config = HugoConfig::from_mdbook(&mdbook_config)?.with_book_root(root);
    let src_dir = root.join(&mdbook_config.book.src);
    let mdbook = MDBook::load_with_config(root, mdbook_config.clone())
        .with_context(|| format!("cannot load the book at {}", root.display()))?;
    let ctx = PreprocessorContext::new(root.to_path_buf(), mdbook_config, "html".into());
    let book = LinkPreprocessor::new()
        .run(&ctx, mdbook.book)
        .context("mdBook's links step ({{#include}}) failed")?;
    let book = IndexPreprocessor::new()
        .run(&ctx, book)
        .context("mdBook's index step failed")?;
    Ok(LoadedBook {
        root: root.to_path_buf(),
        config,
        src_dir,
        book,
        ctx,
    })
}
