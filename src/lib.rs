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
//! The pipeline for one chapter is [`convert::convert_page`]:
//! [`frontmatter`] → [`shortcode::parse`] → [`render`] → [`markdown`] (links, cards, icons,
//! anchors in one pass over the Markdown).

pub(crate) mod anchors;
pub(crate) mod cards;
pub mod config;
pub mod convert;
pub mod diagnostic;
pub mod frontmatter;
pub(crate) mod highlight;
pub(crate) mod html;
pub mod hugo;
pub(crate) mod icons;
pub mod includes;
pub(crate) mod link;
pub mod load;
pub mod markdown;
pub mod math;
pub mod preprocessor;
pub mod redirects;
pub mod render;
pub mod shortcode;
pub mod site;
pub mod site_templates;
pub mod source;
pub mod template;

pub use config::HugoConfig;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use preprocessor::HugoPreprocessor;
