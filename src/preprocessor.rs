//! The mdBook side: the [`Preprocessor`] implementation, the stdin/stdout protocol and the
//! version check.

use crate::config::HugoConfig;
use crate::convert::{BookConversion, PageInput, convert_pages_with_parents};
use crate::render::Registry;
use anyhow::{Context, Result, bail};
use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use semver::{Version, VersionReq};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub mod payload;
mod skeleton;

/// The mdBook versions this preprocessor is built for.
pub const SUPPORTED_MDBOOK: &str = ">=0.5.0, <0.6.0";

/// The `hugo` preprocessor.
#[derive(Clone, Default)]
pub struct HugoPreprocessor {
    registry: Option<Registry>,
}

impl HugoPreprocessor {
    /// A preprocessor with the built-in shortcode handlers.
    pub fn new() -> Self {
        HugoPreprocessor {
            registry: Some(Registry::builtin()),
        }
    }

    /// A preprocessor with a custom handler registry.
    pub fn with_registry(registry: Registry) -> Self {
        HugoPreprocessor {
            registry: Some(registry),
        }
    }

    fn registry(&self) -> Registry {
        self.registry.clone().unwrap_or_else(Registry::builtin)
    }
}

impl Preprocessor for HugoPreprocessor {
    fn name(&self) -> &str {
        "hugo"
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        self.convert(ctx, book)
    }

    /// Every renderer gets converted chapters: raw Hugo shortcodes are never better.
    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

impl HugoPreprocessor {
    /// [`Preprocessor::run`]: converts every chapter of `book`, and prints the diagnostics.
    ///
    /// # Errors
    /// A bad `[preprocessor.hugo]` table, or errors in the chapters (warnings too under
    /// `strict`); the diagnostics are printed first.
    pub fn convert(&self, ctx: &PreprocessorContext, book: Book) -> Result<Book> {
        let config = HugoConfig::from_mdbook(&ctx.config)?.with_book_root(&ctx.root);
        let src_dir = ctx.root.join(&ctx.config.book.src);
        let display_root = ctx.config.book.src.clone();
        let chapters = chapter_files(&book, &display_root);
        let (book, mut conversion) =
            convert_book(book, &src_dir, &display_root, &config, &self.registry());
        let files: Vec<_> = chapters
            .iter()
            .map(|(source, display)| crate::includes::ChapterFile {
                source_path: source,
                display_path: display,
            })
            .collect();
        crate::includes::remap(
            conversion.diagnostics.items_mut(),
            &files,
            &src_dir,
            &display_root,
            ctx,
        );
        conversion.diagnostics.emit();
        if conversion.diagnostics.fails(config.strict) {
            bail!("{}", conversion.diagnostics.summary(config.strict));
        }
        Ok(book)
    }
}

/// Converts every chapter of `book`: content, output path (`_index.md` → `index.md`),
/// drafts removed. Diagnostics are returned, not printed.
pub fn convert_book(
    mut book: Book,
    src_dir: &Path,
    display_root: &Path,
    config: &HugoConfig,
    registry: &Registry,
) -> (Book, BookConversion) {
    let mut inputs = Vec::new();
    book.for_each_chapter_mut(|chapter| {
        if let Some(path) = chapter_source(chapter) {
            inputs.push(PageInput {
                source_path: path_to_slash(&path),
                display_path: display_root.join(&path),
                text: std::mem::take(&mut chapter.content),
            });
        }
    });
    let keys: Vec<String> = inputs.iter().map(|i| i.source_path.clone()).collect();
    let parents = chapter_parents(&book.items, &keys);
    let mut conversion = convert_pages_with_parents(
        inputs,
        Some(parents),
        Some(src_dir.to_path_buf()),
        config,
        registry,
    );
    let mut outputs: HashMap<String, Option<_>> = keys
        .into_iter()
        .zip(std::mem::take(&mut conversion.outputs))
        .collect();
    book.items = apply_outputs(std::mem::take(&mut book.items), &mut outputs);
    (book, conversion)
}

/// Every chapter's source path and the path its diagnostics show (under `display_root`).
pub fn chapter_files(book: &Book, display_root: &Path) -> Vec<(PathBuf, PathBuf)> {
    book.iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => chapter_source(chapter),
            _ => None,
        })
        .map(|path| (display_root.join(&path), path))
        .map(|(display, path)| (path, display))
        .collect()
}

/// For each input (`keys` are their source paths), the input index of its parent chapter
/// in the book's tree; chapters without a file pass their children to their own parent.
fn chapter_parents(items: &[BookItem], keys: &[String]) -> Vec<Option<usize>> {
    fn walk(
        items: &[BookItem],
        parent: Option<usize>,
        index: &HashMap<&str, usize>,
        parents: &mut [Option<usize>],
    ) {
        for item in items {
            if let BookItem::Chapter(chapter) = item {
                let own = chapter_source(chapter)
                    .and_then(|path| index.get(path_to_slash(&path).as_str()).copied());
                if let Some(own) = own {
                    parents[own] = parent;
                }
                walk(&chapter.sub_items, own.or(parent), index, parents);
            }
        }
    }
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| (key.as_str(), i))
        .collect();
    let mut parents = vec![None; keys.len()];
    walk(items, None, &index, &mut parents);
    parents
}

/// The chapter's path relative to the source folder, if it has a file.
fn chapter_source(chapter: &Chapter) -> Option<PathBuf> {
    chapter.source_path.clone().or_else(|| chapter.path.clone())
}

pub use crate::source::path_to_slash;

/// Puts converted content back; a left-out draft's sub-chapters take its place, and from
/// there on the numbered chapters of that level are numbered again, as if the draft had
/// never been in `SUMMARY.md` (`1. A`, `2. Child`, `3. Z`, not `2.1. Child`).
fn apply_outputs(
    items: Vec<BookItem>,
    outputs: &mut HashMap<String, Option<crate::convert::PageOutput>>,
) -> Vec<BookItem> {
    let mut result = Vec::with_capacity(items.len());
    let mut next_number: Option<Vec<u32>> = None;
    for item in items {
        let BookItem::Chapter(mut chapter) = item else {
            result.push(item);
            continue;
        };
        chapter.sub_items = apply_outputs(std::mem::take(&mut chapter.sub_items), outputs);
        let key = chapter_source(&chapter).map(|p| path_to_slash(&p));
        let lifted = match key.and_then(|k| outputs.remove(&k)) {
            Some(Some(output)) => {
                chapter.content = output.markdown;
                chapter.path = Some(PathBuf::from(output.output_path));
                vec![BookItem::Chapter(chapter)]
            }
            Some(None) => {
                if next_number.is_none() {
                    next_number = chapter.number.as_ref().map(|n| n.to_vec());
                }
                let parents = chapter.parent_names.clone();
                let mut children = chapter.sub_items;
                for child in &mut children {
                    if let BookItem::Chapter(child) = child {
                        child.parent_names = parents.clone();
                    }
                }
                children
            }
            None => vec![BookItem::Chapter(chapter)],
        };
        for mut item in lifted {
            if let (Some(number), BookItem::Chapter(chapter)) = (next_number.as_mut(), &mut item)
                && chapter.number.is_some()
            {
                renumber(chapter, number.clone());
                if let Some(last) = number.last_mut() {
                    *last += 1;
                }
            }
            result.push(item);
        }
    }
    result
}

/// Gives `chapter` the number `number` and its numbered descendants numbers under it.
fn renumber(chapter: &mut Chapter, number: Vec<u32>) {
    let mut child_number = 0;
    for item in &mut chapter.sub_items {
        if let BookItem::Chapter(child) = item
            && child.number.is_some()
        {
            child_number += 1;
            let mut numbers = number.clone();
            numbers.push(child_number);
            renumber(child, numbers);
        }
    }
    chapter.number = Some(SectionNumber::new(number));
}

/// Warns (once) when the calling mdBook is outside [`SUPPORTED_MDBOOK`].
pub fn version_warning(mdbook_version: &str) -> Option<String> {
    let required = VersionReq::parse(SUPPORTED_MDBOOK).expect("a valid requirement");
    match Version::parse(mdbook_version) {
        Ok(version) if required.matches(&version) => None,
        Ok(version) => Some(format!(
            "warning: mdbook-hugo {} is built for mdBook {SUPPORTED_MDBOOK}, but is being run by mdBook {version}",
            env!("CARGO_PKG_VERSION")
        )),
        Err(_) => Some(format!(
            "warning: mdbook-hugo cannot read the mdBook version {mdbook_version:?}; it is built for mdBook {SUPPORTED_MDBOOK}"
        )),
    }
}

/// The preprocessor protocol: `[context, book]` JSON on `input`, the book JSON on `output`,
/// messages on `messages`.
///
/// # Errors
/// When `input` cannot be read or is not mdBook's payload, when the conversion fails
/// ([`HugoPreprocessor::convert`]), or when `output` cannot be written.
pub fn run_protocol(
    preprocessor: &HugoPreprocessor,
    input: &mut dyn Read,
    output: &mut dyn Write,
    messages: &mut dyn Write,
) -> Result<()> {
    let payload::Payload { ctx, book } = read_payload(input)?;
    if let Some(warning) = version_warning(&ctx.mdbook_version) {
        writeln!(messages, "{warning}")?;
    }
    let book = preprocessor.convert(&ctx, book)?;
    payload::write(&book, output)
}

/// Reads mdBook's payload from `input` ([`payload::read`]), with one clear message for each
/// way it can be wrong. JSON that the fast reading does not take (a key written with
/// escapes, which mdBook never writes) is read by mdBook's own types, as a whole.
///
/// # Errors
/// When `input` cannot be read, or is not mdBook's payload (the message says why and where).
pub fn read_payload(input: &mut dyn Read) -> Result<payload::Payload> {
    let raw = match payload::read(input).context("cannot read the book from standard input")? {
        payload::Reading::Payload(payload) => return Ok(*payload),
        payload::Reading::Refused(raw) => raw,
    };
    // mdBook's own types give the message, as they would have without the fast path.
    match serde_json::from_slice::<(PreprocessorContext, Book)>(&raw) {
        Ok((ctx, book)) => Ok(payload::Payload { ctx, book }),
        Err(error) => Err(explain_bad_payload(&raw, error)),
    }
}

/// Says what is wrong with input that is not mdBook's payload.
fn explain_bad_payload(raw: &[u8], error: serde_json::Error) -> anyhow::Error {
    match diagnose_payload(raw) {
        Err(explained) => explained,
        Ok(()) => anyhow::anyhow!(
            "the input does not have the shape of mdBook's `[context, book]`: {error}"
        ),
    }
}

/// Finds the most helpful reason the payload is wrong, as an error.
fn diagnose_payload(raw: &[u8]) -> Result<()> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        bail!(
            "no input: mdbook-hugo is an mdBook preprocessor and expects mdBook to pipe \
             `[context, book]` JSON on standard input (run `mdbook build`, or see `mdbook-hugo --help`)"
        );
    }
    let value: serde_json::Value = serde_json::from_slice(raw)
        .context("the input is not JSON; mdBook sends `[context, book]` as JSON")?;
    let serde_json::Value::Array(parts) = &value else {
        bail!("the input is JSON but not mdBook's `[context, book]` array");
    };
    if parts.len() != 2 {
        bail!(
            "the input is a JSON array of {} items, expected mdBook's `[context, book]`",
            parts.len()
        );
    }
    if let Some(version) = parts[0].get("mdbook_version").and_then(|v| v.as_str())
        && (version.starts_with("0.4.") || version.starts_with("0.3."))
    {
        bail!(
            "this input comes from mdBook {version}; mdbook-hugo needs mdBook {SUPPORTED_MDBOOK} \
                 (its book format changed in 0.5)"
        );
    }
    if parts[1].get("sections").is_some() && parts[1].get("items").is_none() {
        bail!(
            "this book JSON uses mdBook 0.4's `sections`; mdbook-hugo needs mdBook {SUPPORTED_MDBOOK}"
        );
    }
    Ok(())
}
