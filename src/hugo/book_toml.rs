//! Editing a book's `book.toml` for `import` and `install`, keeping the user's comments,
//! order and formatting (`toml_edit`).
//!
//! What is written:
//! - always: `[preprocessor.hugo]` with `command = "mdbook-hugo"` and `after = ["links",
//!   "index"]` unless set (mdBook runs preprocessors alphabetically otherwise: `hugo` would
//!   run before `{{#include}}`), and `theme/hugo.css` / the scripts (`hugo-tabs.js`,
//!   `mermaid.min.js`, `hugo-mermaid.js`) in `output.html.additional-css` /
//!   `additional-js` unless listed;
//! - by `import`: `[book]` title, description, language, `src`; `output.html` `site-url`,
//!   `git-repository-url`, `edit-url-template`, `no-section-label` (Hugo sites have no
//!   chapter numbers), each only when the book does not set it yet (the user's edits win),
//!   `[preprocessor.hugo]` `math = true` when the site enables the passthrough extension,
//!   and `[preprocessor.hugo.params]`, the site's params, replaced on every import (the site
//!   is their source); then the generated redirect block ([`crate::redirects`]).

use anyhow::{Context, Result};
use serde_json::{Map, Value};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// The theme files of this repository, embedded: (path in the book, content). Mermaid
/// (`mermaid.min.js`, 11.6.0, MIT, from the npm package `mermaid@11.6.0`; see
/// `theme/README.md`) ships with its licence.
pub const THEME_FILES: &[(&str, &str)] = &[
    (CSS_FILE, include_str!("../../theme/hugo.css")),
    (
        "theme/hugo-tabs.js",
        include_str!("../../theme/hugo-tabs.js"),
    ),
    (
        "theme/mermaid.min.js",
        include_str!("../../theme/mermaid.min.js"),
    ),
    (
        "theme/mermaid.LICENSE",
        include_str!("../../theme/mermaid.LICENSE"),
    ),
    (
        "theme/hugo-mermaid.js",
        include_str!("../../theme/hugo-mermaid.js"),
    ),
];

/// The style sheet, in `output.html.additional-css`.
const CSS_FILE: &str = "theme/hugo.css";

/// The scripts, in `output.html.additional-js`, in the order they must load (Mermaid
/// before the script that draws with it).
const JS_FILES: &[&str] = &[
    "theme/hugo-tabs.js",
    "theme/mermaid.min.js",
    "theme/hugo-mermaid.js",
];

/// What the import knows about the book from the site.
#[derive(Debug, Clone, Default)]
pub struct BookSettings {
    /// `book.title`.
    pub title: Option<String>,
    /// `book.description`.
    pub description: Option<String>,
    /// `book.language`.
    pub language: String,
    /// `book.src`.
    pub src: String,
    /// `output.html.site-url` (the path of `baseURL`).
    pub site_url: String,
    /// `output.html.git-repository-url`.
    pub repository: Option<String>,
    /// `output.html.edit-url-template`.
    pub edit_url_template: Option<String>,
    /// `preprocessor.hugo.params`.
    pub params: Map<String, Value>,
    /// `preprocessor.hugo.site`: the site's folder, relative to the book's, so the site's
    /// own shortcode templates run.
    pub site_dir: Option<String>,
    /// `build.extra-watch-dirs`: the site's folders read in place (templates, data, config),
    /// relative to the book's, so `mdbook serve` rebuilds when one changes.
    pub watch_dirs: Vec<String>,
    /// `preprocessor.hugo.math`: the site enables Goldmark's passthrough extension
    /// (`markup.goldmark.extensions.passthrough.enable`), which Hugo's documentation sets
    /// up for math.
    pub math: bool,
    /// `preprocessor.hugo.emoji`: the site's `enableEmoji`.
    pub emoji: bool,
}

/// `book.toml` text with the theme wiring (and, for an import, `settings` and the redirect
/// `block`). Errors when the current text is not TOML.
pub fn update(
    current: &str,
    settings: Option<&BookSettings>,
    block: Option<&str>,
) -> Result<String> {
    let without_block = match block {
        Some(_) => crate::redirects::rewrite_book_toml(current, "")?,
        None => current.to_string(),
    };
    let mut doc: DocumentMut = without_block.parse().context("cannot parse book.toml")?;
    if let Some(settings) = settings {
        apply_settings(&mut doc, settings);
    }
    wire_theme(&mut doc);
    let text = doc.to_string();
    match block {
        Some(block) => {
            let trimmed = format!("{}\n", text.trim_end());
            crate::redirects::rewrite_book_toml(&trimmed, block)
        }
        None => Ok(text),
    }
}

/// The `src` folder a `book.toml` names, if any.
pub fn current_src(text: &str) -> Option<String> {
    let doc: DocumentMut = text.parse().ok()?;
    doc.get("book")?.get("src")?.as_str().map(str::to_string)
}

fn wire_theme(doc: &mut DocumentMut) {
    let pre = table_at(doc, &["preprocessor", "hugo"]);
    set_default(pre, "command", value("mdbook-hugo"));
    let mut after = Array::new();
    after.push("links");
    after.push("index");
    set_default(pre, "after", value(after));
    let html = table_at(doc, &["output", "html"]);
    let wired = std::iter::once(("additional-css", CSS_FILE))
        .chain(JS_FILES.iter().map(|file| ("additional-js", *file)));
    for (key, file) in wired {
        let entry = html.entry(key).or_insert(value(Array::new()));
        if let Some(array) = entry.as_array_mut()
            && !array.iter().any(|v| v.as_str() == Some(file))
        {
            array.push(file);
        }
    }
}

fn apply_settings(doc: &mut DocumentMut, settings: &BookSettings) {
    let book = table_at(doc, &["book"]);
    if let Some(title) = &settings.title {
        set_default(book, "title", value(title.as_str()));
    }
    if let Some(description) = &settings.description {
        set_default(book, "description", value(description.as_str()));
    }
    set_default(book, "language", value(settings.language.as_str()));
    set_default(book, "src", value(settings.src.as_str()));
    let html = table_at(doc, &["output", "html"]);
    set_default(html, "site-url", value(settings.site_url.as_str()));
    set_default(html, "no-section-label", value(true));
    if let Some(repo) = &settings.repository {
        set_default(html, "git-repository-url", value(repo.as_str()));
    }
    if let Some(template) = &settings.edit_url_template {
        set_default(html, "edit-url-template", value(template.as_str()));
    }
    if let Some(site) = &settings.site_dir {
        // `mdbook serve` rebuilds when the site's templates, data or config change: they
        // are read in place (the content is copied, so a content edit needs a re-import).
        let watched: Array = settings.watch_dirs.iter().map(String::as_str).collect();
        if !watched.is_empty() {
            table_at(doc, &["build"]).insert("extra-watch-dirs", value(watched));
        }
        let pre = table_at(doc, &["preprocessor", "hugo"]);
        pre.insert("site", value(site.as_str()));
    }
    let pre = table_at(doc, &["preprocessor", "hugo"]);
    if settings.math {
        set_default(pre, "math", value(true));
    }
    if settings.emoji {
        set_default(pre, "emoji", value(true));
    }
    pre.remove("params");
    let params = params_table(&settings.params);
    if !params.is_empty() {
        pre.insert("params", Item::Table(params));
    }
}

/// The table at a dotted path, created (header-less parents) when missing.
fn table_at<'a>(doc: &'a mut DocumentMut, path: &[&str]) -> &'a mut Table {
    let mut table = doc.as_table_mut();
    for (depth, key) in path.iter().enumerate() {
        let entry = table.entry(key).or_insert_with(|| {
            let mut new = Table::new();
            new.set_implicit(depth + 1 < path.len());
            Item::Table(new)
        });
        if !entry.is_table() {
            *entry = Item::Table(Table::new());
        }
        table = entry.as_table_mut().expect("just made a table");
    }
    table
}

fn set_default(table: &mut Table, key: &str, item: Item) {
    if !table.contains_key(key) {
        table.insert(key, item);
    }
}

/// The site's params as a TOML table (`null` values dropped, nested tables inline).
fn params_table(params: &Map<String, Value>) -> Table {
    let mut table = Table::new();
    for (key, json) in params {
        if let Some(v) = toml_value(json) {
            table.insert(key, value(v));
        }
    }
    table
}

fn toml_value(json: &Value) -> Option<toml_edit::Value> {
    Some(match json {
        Value::Null => return None,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64()?.into(),
        },
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => {
            let mut array = Array::new();
            items
                .iter()
                .filter_map(toml_value)
                .for_each(|v| array.push(v));
            array.into()
        }
        Value::Object(map) => {
            let mut inline = toml_edit::InlineTable::new();
            for (k, v) in map {
                if let Some(v) = toml_value(v) {
                    inline.insert(k, v);
                }
            }
            inline.into()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiring_is_idempotent_and_keeps_the_users_lines() {
        let current = "# my book\n[book]\ntitle = \"Mine\" # keep\n\n[output.html]\nadditional-css = [\"custom.css\"]\n";
        let once = update(current, None, None).unwrap();
        assert!(
            once.contains("# my book") && once.contains("title = \"Mine\" # keep"),
            "{once}"
        );
        assert!(
            once.contains("\"custom.css\", \"theme/hugo.css\""),
            "{once}"
        );
        assert!(once.contains("after = [\"links\", \"index\"]"), "{once}");
        assert!(
            once.contains(
                "\"theme/hugo-tabs.js\", \"theme/mermaid.min.js\", \"theme/hugo-mermaid.js\""
            ),
            "Mermaid loads before the script that draws with it: {once}"
        );
        assert_eq!(update(&once, None, None).unwrap(), once);
    }

    #[test]
    fn a_site_with_passthrough_gets_math() {
        let with = BookSettings {
            math: true,
            ..BookSettings::default()
        };
        let toml = update("", Some(&with), None).unwrap();
        assert!(toml.contains("math = true"), "{toml}");
        let without = update("", Some(&BookSettings::default()), None).unwrap();
        assert!(!without.contains("math"), "{without}");
    }

    #[test]
    fn a_site_with_enable_emoji_gets_emoji() {
        let with = BookSettings {
            emoji: true,
            ..BookSettings::default()
        };
        let toml = update("", Some(&with), None).unwrap();
        assert!(toml.contains("emoji = true"), "{toml}");
        let without = update("", Some(&BookSettings::default()), None).unwrap();
        assert!(!without.contains("emoji"), "{without}");
    }

    #[test]
    fn import_settings_fill_in_and_params_are_replaced() {
        let settings = BookSettings {
            title: Some("Site".into()),
            language: "en".into(),
            src: "content".into(),
            site_url: "/docs/".into(),
            params: serde_json::from_str(r#"{"a": 1, "n": {"x": "y"}, "z": null}"#).unwrap(),
            ..BookSettings::default()
        };
        let block = "# BEGIN mdbook-hugo redirects (generated by `mdbook-hugo redirects --write`; do not edit)\n[output.html.redirect]\n\"/a/index.html\" = \"../a.html\"\n# END mdbook-hugo redirects\n";
        let once = update("[book]\ntitle = \"Kept\"\n", Some(&settings), Some(block)).unwrap();
        assert!(
            once.contains("title = \"Kept\"") && !once.contains("\"Site\""),
            "{once}"
        );
        assert!(
            once.contains("[preprocessor.hugo.params]\na = 1\nn = { x = \"y\" }"),
            "{once}"
        );
        assert!(once.ends_with(block), "{once}");
        assert_eq!(update(&once, Some(&settings), Some(block)).unwrap(), once);
        let parsed: toml::Table = once.parse().unwrap();
        assert_eq!(
            parsed["output"]["html"]["site-url"].as_str(),
            Some("/docs/")
        );
    }
}
