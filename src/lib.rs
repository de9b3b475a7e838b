//! # mdbook-hugo
//!
//! An [mdBook](https://rust-lang.github.io/mdBook/) preprocessor that reads chapters written
//! for [Hugo](https://gohugo.io/) and turns them into mdBook-native Markdown: front matter is
//! removed (its `title` becomes the H1), `{{< shortcodes >}}` and `{{% shortcodes %}}` are
//! parsed exactly as Hugo parses them and rendered through a registry of handlers, Bootstrap
//! card HTML becomes a grid of linked cards, Font Awesome 4/5 icons become the Font Awesome 6
//! icons mdBook inlines as SVG, and site-absolute links (`/what/roles/#pgm-and-tpm`) become
//! relative `.md` links that mdBook resolves.
//!
//! The crate is a library; the `mdbook-hugo` binary is a thin command-line front end.
//!
//! ## The public API
//!
//! The facade is what this page lists at the top level, and nothing else is a promise:
//!
//! - [`HugoPreprocessor`]: the mdBook preprocessor (`mdbook_preprocessor::Preprocessor`).
//! - [`HugoConfig`] and [`AliasConfig`]: the `[preprocessor.hugo]` table of `book.toml`,
//!   with [`ParserOptions`], the Markdown switches of the book's `[output.html]`, and
//!   [`HookKind`], the kinds of the site's render hooks (`render-hooks`).
//! - [`convert_pages`], [`PageInput`], [`PageOutput`], [`BookConversion`]: converting a set
//!   of Hugo pages that link to each other, without mdBook.
//! - [`Diagnostic`], [`Diagnostics`], [`Severity`]: every problem, located at
//!   `file:line:col`; the library prints nothing (diagnostics are returned, and logged
//!   through `tracing`).
//! - [`Registry`]: the shortcode handlers (built-ins, the book's templates, aliases, the
//!   site's templates), and [`ShortcodeHandler`], [`ShortcodeCall`], [`BodyKind`] to add
//!   one's own ([`Registry::register_handler`]).
//!
//! The modules below are `#[doc(hidden)]`: the binary, the tests, the fuzz targets and the
//! benchmarks reach them, and they may change in any release. `tests/public_api.rs` holds
//! this list and `lib.rs` to each other.
//!
//! The pipeline for one chapter is `convert::convert_page`: `frontmatter` →
//! `shortcode::parse` → `render` → `markdown` (links, cards, icons, anchors in one pass
//! over the Markdown).

#![warn(missing_docs)]

pub use config::{AliasConfig, HookKind, HugoConfig};
pub use convert::{BookConversion, PageInput, PageOutput, convert_pages};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use markdown::ParserOptions;
pub use preprocessor::HugoPreprocessor;
pub use render::{Registry, ShortcodeCall, ShortcodeHandler};
pub use shortcode::BodyKind;

pub(crate) mod card;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod convert;
#[doc(hidden)]
pub mod diagnostic;
pub(crate) mod emoji;
#[doc(hidden)]
pub mod frontmatter;
pub(crate) mod highlight;
pub(crate) mod html;
#[doc(hidden)]
pub mod hugo;
pub(crate) mod icons;
#[doc(hidden)]
pub mod includes;
pub(crate) mod link;
#[doc(hidden)]
pub mod load;
#[doc(hidden)]
pub mod markdown;
#[doc(hidden)]
pub mod math;
pub(crate) mod parallel;
#[doc(hidden)]
pub mod preprocessor;
#[doc(hidden)]
pub mod redirects;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod shortcode;
#[doc(hidden)]
pub mod site;
#[doc(hidden)]
pub mod site_templates;
#[doc(hidden)]
pub mod source;
#[doc(hidden)]
pub mod template;
