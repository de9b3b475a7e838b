//! `mdbook-hugo`: the command line. All logic lives in the `mdbook_hugo` library.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use mdbook_hugo::convert::{PageInput, convert_pages};
use mdbook_hugo::diagnostic::counted;
use mdbook_hugo::hugo::import::RunMode;
use mdbook_hugo::includes::ChapterFile;
use mdbook_hugo::preprocessor::{HugoPreprocessor, chapter_files, convert_book, run_protocol};
use mdbook_hugo::render::Registry;
use mdbook_hugo::shortcode::{self, JsonTree};
use mdbook_hugo::source::SourceFile;
use mdbook_hugo::{HugoConfig, Severity};
use mdbook_preprocessor::book::BookItem;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// An mdBook preprocessor for Hugo content: front matter, shortcodes, cards, site links.
///
/// Without a subcommand it runs as mdBook's preprocessor: `[context, book]` JSON on standard
/// input, the converted book on standard output.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Answers mdBook: does this preprocessor support RENDERER? (exit 0 = yes; every
    /// renderer is supported)
    Supports {
        /// The renderer's name (html, markdown, ...).
        renderer: String,
    },
    /// Prints the converted Markdown of each FILE, as the preprocessor would convert it.
    Convert {
        /// Chapters to convert; site links resolve among them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// The book whose `book.toml` applies (`[preprocessor.hugo]`: the site's and the
        /// book's templates, aliases, params, math), as in a build; without it, the
        /// defaults.
        #[arg(long)]
        book: Option<PathBuf>,
    },
    /// Prints the shortcode parse tree of FILE.
    Parse {
        /// The chapter to parse.
        file: PathBuf,
        /// Print the tree as JSON (the only format); a parse error prints
        /// `{"error": {"message", "line", "col"}}` and exits with 1.
        #[arg(long)]
        json: bool,
        /// A Hugo site whose shortcode templates say which shortcodes take a body (those
        /// using `.Inner`), as Hugo decides; without it, the built-in shortcodes say.
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Converts every chapter of a book without building it and prints every diagnostic.
    Check {
        /// The book's folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Computes the `[output.html.redirect]` table that makes a book answer its chapters' old
    /// Hugo URLs (pretty URLs, `slug`, `url`, `aliases`) and prints it.
    Redirects {
        /// The book's folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Rewrite the generated block of book.toml (the rest is kept byte for byte).
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Exit 1, listing the differences, when book.toml's table disagrees with the content.
        #[arg(long)]
        check: bool,
    },
    /// Turns a Hugo site into an mdBook book: copies its pages (in one language), bundle
    /// resources and static files, writes SUMMARY.md in Hugo's order, book.toml with the
    /// site's settings and redirects for its URLs. A re-run updates only what it wrote.
    Import {
        /// The Hugo site's folder (where hugo.toml or config/ is).
        site_dir: PathBuf,
        /// The book's folder (created when missing); never inside the site.
        book_dir: PathBuf,
        /// The language to import (default: the site's default language).
        #[arg(long)]
        language: Option<String>,
        /// Write nothing; exit 1, naming the differences, when the book is out of date.
        #[arg(long, conflicts_with = "force")]
        check: bool,
        /// Replace files the import wrote even when they were edited in the book since.
        #[arg(long)]
        force: bool,
    },
    /// Writes this preprocessor's theme files into a book and wires them and
    /// `[preprocessor.hugo]` into its book.toml (idempotent).
    Install {
        /// The book's folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The library reports through `tracing`; the binary shows each message as it is.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .without_time()
        .with_target(false)
        .with_level(false)
        .with_ansi(false)
        .init();
    let result = match cli.command {
        None => preprocess(),
        Some(Command::Supports { .. }) => Ok(ExitCode::SUCCESS),
        Some(Command::Convert {
            files,
            strict,
            book,
        }) => convert(&files, strict, book.as_deref()),
        Some(Command::Parse {
            file,
            json: _,
            site,
        }) => parse(&file, site.as_deref()),
        Some(Command::Check { book_dir, strict }) => check(&book_dir, strict),
        Some(Command::Redirects {
            book_dir,
            write,
            check,
        }) => redirects(&book_dir, write, check),
        Some(Command::Import {
            site_dir,
            book_dir,
            language,
            check,
            force,
        }) => {
            let mode = match (check, force) {
                (true, _) => RunMode::Check,
                (false, true) => RunMode::Force,
                (false, false) => RunMode::Write,
            };
            import(&site_dir, &book_dir, language.as_deref(), mode)
        }
        Some(Command::Install { book_dir }) => {
            mdbook_hugo::hugo::import::install(&book_dir, &mut std::io::stderr())
                .map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn preprocess() -> Result<ExitCode> {
    let preprocessor = HugoPreprocessor::new();
    let stdin = std::io::stdin();
    let stderr = std::io::stderr();
    let mut output = book_output()?;
    run_protocol(
        &preprocessor,
        &mut stdin.lock(),
        &mut output,
        &mut stderr.lock(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Standard output for the book, as a plain file on Unix: `run_protocol` buffers the book
/// in a few large writes itself, and Rust's line-buffered `Stdout` would search each of
/// them for a newline, a scan of the whole book.
#[cfg(unix)]
fn book_output() -> Result<std::fs::File> {
    use std::os::fd::AsFd;
    let stdout = std::io::stdout().as_fd().try_clone_to_owned();
    Ok(std::fs::File::from(
        stdout.context("cannot use standard output")?,
    ))
}

/// Standard output for the book (elsewhere than Unix, Rust's own).
#[cfg(not(unix))]
fn book_output() -> Result<std::io::StdoutLock<'static>> {
    Ok(std::io::stdout().lock())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Converts `files` as one site: each file's path relative to the folder they share is its
/// place in the site, so links and refs among them resolve as in the book. With more than
/// one file, each output starts with an HTML comment naming its file.
fn convert(files: &[PathBuf], strict: bool, book: Option<&Path>) -> Result<ExitCode> {
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).with_context(|| format!("cannot resolve {}", f.display())))
        .collect::<Result<_>>()?;
    let root = common_folder(&absolute);
    let mut inputs = Vec::new();
    for (file, path) in files.iter().zip(&absolute) {
        let relative = path.strip_prefix(&root).unwrap_or(path);
        inputs.push(PageInput {
            source_path: mdbook_hugo::preprocessor::path_to_slash(relative),
            display_path: file.clone(),
            text: read(file)?,
        });
    }
    let mut config = match book {
        Some(book) => HugoConfig::from_book_toml(book)?.0,
        None => HugoConfig::default(),
    };
    config.strict |= strict;
    let strict = config.strict;
    let conversion = convert_pages(inputs, Some(root), &config, &Registry::builtin());
    conversion
        .diagnostics
        .write_to(&mut std::io::stderr().lock())?;
    if conversion.diagnostics.fails(strict) {
        bail!("{}", conversion.diagnostics.summary(strict));
    }
    let several = files.len() > 1;
    for (file, output) in files.iter().zip(conversion.outputs) {
        let Some(output) = output else { continue };
        if several {
            println!("<!-- mdbook-hugo: {} -->", file.display());
        }
        print!("{}", output.markdown);
    }
    Ok(ExitCode::SUCCESS)
}

/// The deepest folder that holds every file of `files` (absolute paths).
fn common_folder(files: &[PathBuf]) -> PathBuf {
    let mut common = files
        .first()
        .and_then(|f| f.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for file in files {
        while !file.starts_with(&common) && common.pop() {}
    }
    common
}

fn parse(file: &Path, site: Option<&Path>) -> Result<ExitCode> {
    let source = SourceFile::new(file, read(file)?);
    let body_start = match mdbook_hugo::frontmatter::split(&source.text) {
        Ok(split) => split.body_start,
        Err(error) => {
            eprintln!(
                "{}",
                mdbook_hugo::Diagnostic::at(Severity::Error, &source, error.offset, error.message)
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let registry = Registry::builtin();
    let site_kinds = site.map(mdbook_hugo::site_templates::body_kinds);
    let body_kind = |name: &str| {
        site_kinds
            .as_ref()
            .and_then(|kinds| kinds.get(name).copied())
            .unwrap_or_else(|| registry.body_kind(name))
    };
    match shortcode::parse(&source.text, body_start, &body_kind) {
        Ok(nodes) => {
            let tree = JsonTree {
                nodes: &nodes,
                source: &source,
            };
            println!("{}", serde_json::to_string_pretty(&tree)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let diagnostic = mdbook_hugo::Diagnostic::at(
                Severity::Error,
                &source,
                error.offset,
                error.to_string(),
            );
            // The JSON form carries the message as it is (the rendering on stderr shows
            // tabs as spaces and control characters as symbols).
            let (line, col) = diagnostic.position.map_or((0, 0), |p| (p.line, p.col));
            let json = serde_json::json!({"error": {
                "message": diagnostic.message, "line": line, "col": col
            }});
            println!("{json}");
            eprintln!("{diagnostic}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn check(book_dir: &Path, strict: bool) -> Result<ExitCode> {
    let mut loaded = mdbook_hugo::load::load(book_dir)?;
    loaded.config.strict |= strict;
    let display_root = loaded
        .src_dir
        .strip_prefix(book_dir)
        .unwrap_or(&loaded.src_dir)
        .to_path_buf();
    let chapters = chapter_files(&loaded.book, &display_root);
    let (book, mut conversion) = convert_book(
        loaded.book,
        &loaded.src_dir,
        &display_root,
        &loaded.config,
        &Registry::builtin(),
    );
    let files: Vec<_> = chapters
        .iter()
        .map(|(source, display)| ChapterFile {
            source_path: source,
            display_path: display,
        })
        .collect();
    mdbook_hugo::includes::remap(
        conversion.diagnostics.items_mut(),
        &files,
        &loaded.src_dir,
        &display_root,
        &loaded.ctx,
    );
    let count = book
        .iter()
        .filter(|item| matches!(item, BookItem::Chapter(c) if c.path.is_some()))
        .count();
    let diagnostics = &conversion.diagnostics;
    diagnostics.write_to(&mut std::io::stderr().lock())?;
    eprintln!(
        "checked {}: {}, {}",
        counted(count, "chapter"),
        counted(diagnostics.count(Severity::Error), "error"),
        counted(diagnostics.count(Severity::Warning), "warning")
    );
    Ok(if diagnostics.fails(loaded.config.strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn redirects(book_dir: &Path, write: bool, check: bool) -> Result<ExitCode> {
    let computed = mdbook_hugo::redirects::for_book(book_dir)?;
    for warning in &computed.warnings {
        eprintln!("warning: {warning}");
    }
    let block = computed.to_toml_block();
    let toml_path = book_dir.join("book.toml");
    if check {
        let differences = mdbook_hugo::redirects::compare(&read(&toml_path)?, &computed)?;
        if differences.is_empty() {
            eprintln!(
                "{}: the {} redirects agree with the content",
                toml_path.display(),
                computed.entries.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "error: [output.html.redirect] in {} disagrees with the content \
             (- in book.toml but not needed, + needed but missing):",
            toml_path.display()
        );
        for line in differences {
            eprintln!("{line}");
        }
        eprintln!(
            "run `mdbook-hugo redirects --write {}` to regenerate it",
            book_dir.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    if write {
        let current = read(&toml_path)?;
        let updated = mdbook_hugo::redirects::rewrite_book_toml(&current, &block)?;
        if updated != current {
            std::fs::write(&toml_path, updated)
                .with_context(|| format!("cannot write {}", toml_path.display()))?;
        }
        eprintln!(
            "{}: {} redirects written",
            toml_path.display(),
            computed.entries.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    print!("{block}");
    Ok(ExitCode::SUCCESS)
}

fn import(
    site_dir: &Path,
    book_dir: &Path,
    language: Option<&str>,
    mode: RunMode,
) -> Result<ExitCode> {
    let up_to_date =
        mdbook_hugo::hugo::import::run(site_dir, book_dir, language, mode, &mut std::io::stderr())?;
    Ok(if up_to_date {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
