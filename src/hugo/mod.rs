//! The Hugo site model: what a Hugo site on disk says, read as Hugo reads it.
//!
//! - [`config`]: the merged site configuration (`hugo.toml`, `config/_default/`, themes).
//! - [`content`]: the pages of one language, with front matter, bundles and build options.
//! - [`urls`]: each page's URL as Hugo computes it (urlize, `slug`, `url`, `permalinks`).
//! - [`order`]: Hugo's default page order.
//! - [`import`]: turns a site into an mdBook book (`mdbook-hugo import`).

pub mod config;
