//! The `[preprocessor.hugo]` table of `book.toml`, read into a typed config.

use crate::markdown::ParserOptions;
pub use crate::render::site::hooks::HookKind;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// What `[preprocessor.hugo]` may say.
///
/// The table's keys are read by serde ([`Table`]); the two fields that are not keys
/// (`book_root`, `markdown`) are filled in by the readers below.
#[derive(Debug, Clone, PartialEq)]
pub struct HugoConfig {
    /// Warnings become errors (default false).
    pub strict: bool,
    /// Keep `draft: true` pages in the book (default false).
    pub keep_drafts: bool,
    /// Site parameters for the `param` shortcode (Hugo's `site.Params`).
    pub params: Map<String, Value>,
    /// `shortcodes-dir`: the folder of the book's own shortcode templates, relative to the
    /// book's root; `None` means the default, `shortcodes`, which may be missing.
    pub shortcodes_dir: Option<PathBuf>,
    /// `aliases`: other names for shortcodes, with default parameters.
    pub aliases: BTreeMap<String, AliasConfig>,
    /// The book's root folder (where `book.toml` is), when known. Not a key of the table:
    /// set by whoever reads the config ([`HugoConfig::with_book_root`]).
    pub book_root: Option<PathBuf>,
    /// `site`: the Hugo site whose own shortcode and partial templates the book runs
    /// (resolved against the book's root); `None` runs the built-in handlers only.
    pub site: Option<PathBuf>,
    /// The book's Markdown switches (`[output.html]`). Not a key of the table: read with
    /// the rest of mdBook's config ([`HugoConfig::from_mdbook`]).
    pub markdown: ParserOptions,
    /// `math`: `$$…$$`, `\[…\]` and `\(…\)` in every page are formulas, as with Hugo's
    /// passthrough extension (`markup.goldmark.extensions.passthrough`) set up for math
    /// (default false: then only pages that use a math shortcode have them).
    pub math: bool,
    /// `emoji`: `:name:` emoji shortcodes in the text of every page become their emoji,
    /// as Hugo does with the site's `enableEmoji` (default false; `import` sets it from
    /// the site).
    pub emoji: bool,
    /// `render-hooks`: the kinds of the site's render hooks that apply (`link`, `image`,
    /// `heading`, `codeblock`, `blockquote`, `passthrough`, `table`; default all). An
    /// element of a kind left out is rendered by Markdown, as in a site without the hook.
    pub render_hooks: Vec<HookKind>,
}

/// One entry of `[preprocessor.hugo.aliases]`: `note = { shortcode = "alert", params =
/// { color = "info" }, positional = ["title"] }`, or just `note = "alert"`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasConfig {
    /// The shortcode the alias stands for.
    #[serde(default)]
    pub shortcode: String,
    /// Parameters used when the call does not give them.
    #[serde(default)]
    pub params: Map<String, Value>,
    /// Names for the call's positional parameters, so they can combine with `params`.
    #[serde(default)]
    pub positional: Vec<String>,
}

impl Default for HugoConfig {
    fn default() -> Self {
        HugoConfig {
            strict: false,
            keep_drafts: false,
            params: Map::new(),
            shortcodes_dir: None,
            aliases: BTreeMap::new(),
            book_root: None,
            site: None,
            markdown: ParserOptions::default(),
            math: false,
            emoji: false,
            render_hooks: HookKind::ALL.to_vec(),
        }
    }
}

/// The folder of user templates when `shortcodes-dir` is not set.
pub const DEFAULT_SHORTCODES_DIR: &str = "shortcodes";

/// The keys of `[preprocessor.hugo]` as written in `book.toml` (kebab-case, with the
/// snake_case spellings accepted too). mdBook's own keys of a preprocessor table
/// (`command`, `before`, `after`, `renderers`, `optional`: mdBook's "Configuring
/// preprocessors") are accepted and ignored; any other key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
struct Table {
    strict: bool,
    #[serde(alias = "keep_drafts")]
    keep_drafts: bool,
    math: bool,
    emoji: bool,
    params: Map<String, Value>,
    #[serde(alias = "shortcodes_dir")]
    shortcodes_dir: Option<PathBuf>,
    aliases: BTreeMap<String, AliasEntry>,
    site: Option<PathBuf>,
    #[serde(alias = "render_hooks")]
    render_hooks: Option<Vec<HookKind>>,
    command: IgnoredAny,
    before: IgnoredAny,
    after: IgnoredAny,
    renderers: IgnoredAny,
    optional: IgnoredAny,
}

/// An alias is a shortcode name or a table ([`AliasConfig`]).
#[derive(Debug)]
struct AliasEntry(AliasConfig);

impl<'de> Deserialize<'de> for AliasEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameOrTable;
        impl<'de> Visitor<'de> for NameOrTable {
            type Value = AliasEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a shortcode name or a table with `shortcode`, `params`, `positional`")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<AliasEntry, E> {
                Ok(AliasEntry(AliasConfig {
                    shortcode: name.to_string(),
                    ..AliasConfig::default()
                }))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<AliasEntry, M::Error> {
                let de = de::value::MapAccessDeserializer::new(map);
                AliasConfig::deserialize(de).map(AliasEntry)
            }
        }
        deserializer.deserialize_any(NameOrTable)
    }
}

impl HugoConfig {
    /// Reads the table (already converted to JSON values); `None` means the defaults.
    ///
    /// Errors name the key (`preprocessor.hugo.aliases.note.params`) and what was wrong:
    /// an unknown key, a value of the wrong type, or an empty value where one is needed.
    pub fn from_table(table: Option<Map<String, Value>>) -> Result<Self> {
        let value = Value::Object(table.unwrap_or_default());
        let table: Table = serde_path_to_error::deserialize(value).map_err(|err| {
            let path = err.path().to_string();
            let key = if path == "." {
                "preprocessor.hugo".to_string()
            } else {
                format!("preprocessor.hugo.{path}")
            };
            anyhow::anyhow!("`{key}` in book.toml: {}", err.into_inner())
        })?;
        let aliases = table
            .aliases
            .into_iter()
            .map(|(name, AliasEntry(alias))| check_alias(&name, &alias).map(|()| (name, alias)))
            .collect::<Result<_>>()?;
        Ok(HugoConfig {
            strict: table.strict,
            keep_drafts: table.keep_drafts,
            math: table.math,
            emoji: table.emoji,
            params: table.params,
            shortcodes_dir: non_empty("shortcodes-dir", table.shortcodes_dir)?,
            aliases,
            book_root: None,
            site: non_empty("site", table.site)?,
            markdown: ParserOptions::default(),
            render_hooks: table.render_hooks.unwrap_or_else(|| HookKind::ALL.to_vec()),
        })
    }

    /// The same config for a book whose root folder (where `book.toml` is) is `root`.
    pub fn with_book_root(mut self, root: &Path) -> Self {
        self.book_root = Some(root.to_path_buf());
        if let Some(site) = self.site.take() {
            self.site = Some(root.join(site));
        }
        self
    }

    /// Where the book's shortcode templates are, when the book's root is known.
    pub fn shortcodes_path(&self) -> Option<PathBuf> {
        let dir = self
            .shortcodes_dir
            .as_deref()
            .unwrap_or(Path::new(DEFAULT_SHORTCODES_DIR));
        self.book_root.as_ref().map(|root| root.join(dir))
    }

    /// Reads the config from mdBook's parsed `book.toml`: the `[preprocessor.hugo]` table
    /// and the Markdown switches of `[output.html]`.
    pub fn from_mdbook(config: &mdbook_preprocessor::config::Config) -> Result<Self> {
        let table = config
            .get::<Map<String, Value>>("preprocessor.hugo")
            .context("`[preprocessor.hugo]` in book.toml must be a table")?;
        let mut hugo = Self::from_table(table)?;
        hugo.markdown = ParserOptions::from_mdbook(config);
        Ok(hugo)
    }

    /// Reads `book.toml` from disk with mdBook's own config loader (so `MDBOOK_*`
    /// environment overrides apply as in a build): the config and the book's source folder.
    pub fn from_book_toml(book_root: &Path) -> Result<(Self, PathBuf)> {
        let path = book_root.join("book.toml");
        let mut mdbook = mdbook_preprocessor::config::Config::from_disk(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        mdbook
            .update_from_env()
            .with_context(|| format!("cannot apply MDBOOK_* variables to {}", path.display()))?;
        let config = Self::from_mdbook(&mdbook)?.with_book_root(book_root);
        Ok((config, book_root.join(&mdbook.book.src)))
    }
}

/// A folder key that is present must name a folder.
fn non_empty(key: &str, dir: Option<PathBuf>) -> Result<Option<PathBuf>> {
    match dir {
        Some(dir) if dir.as_os_str().to_string_lossy().trim().is_empty() => {
            bail!(
                "`preprocessor.hugo.{key}` in book.toml must name a folder, found an empty string"
            )
        }
        dir => Ok(dir),
    }
}

/// What serde cannot say about an alias: it needs a target, and its default parameters
/// are scalars (a shortcode parameter is a string, number or boolean in Hugo).
fn check_alias(name: &str, alias: &AliasConfig) -> Result<()> {
    let key = format!("preprocessor.hugo.aliases.{name}");
    if alias.shortcode.trim().is_empty() {
        bail!("`{key}` in book.toml needs `shortcode`, the shortcode it stands for");
    }
    for (param, value) in &alias.params {
        if matches!(value, Value::Array(_) | Value::Object(_) | Value::Null) {
            bail!(
                "`{key}.params.{param}` in book.toml must be a string, number or boolean, found {value}"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(value: Value) -> Option<Map<String, Value>> {
        value.as_object().cloned()
    }

    #[test]
    fn defaults_and_mdbook_keys_are_accepted() {
        let config = HugoConfig::from_table(table(json!({
            "command": "cargo run", "after": ["links"], "optional": true, "renderers": ["html"],
            "before": []
        })))
        .unwrap();
        assert_eq!(config, HugoConfig::default());
    }

    #[test]
    fn wrong_types_name_the_key() {
        let err = HugoConfig::from_table(table(json!({"strict": "yes"}))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`preprocessor.hugo.strict` in book.toml: invalid type: string \"yes\", expected a boolean"
        );
        let err = HugoConfig::from_table(table(json!({"stric": true}))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("`preprocessor.hugo.stric` in book.toml: unknown field `stric`, expected one of `strict`"),
            "{err}"
        );
    }

    #[test]
    fn reads_shortcodes_dir_and_aliases() {
        let config = HugoConfig::from_table(table(json!({
            "shortcodes-dir": "layouts/shortcodes",
            "aliases": {
                "note": {"shortcode": "alert", "params": {"color": "info"}, "positional": ["title"]},
                "warn": "alert"
            }
        })))
        .unwrap()
        .with_book_root(Path::new("/book"));
        assert_eq!(
            config.shortcodes_path(),
            Some(PathBuf::from("/book/layouts/shortcodes"))
        );
        assert_eq!(config.aliases["note"].shortcode, "alert");
        assert_eq!(config.aliases["note"].params["color"], "info");
        assert_eq!(config.aliases["note"].positional, ["title"]);
        assert_eq!(config.aliases["warn"].shortcode, "alert");
    }

    #[test]
    fn bad_values_name_their_key() {
        for (bad, message) in [
            (
                json!({"aliases": {"n": {"shortcode": "a", "x": 1}}}),
                "`preprocessor.hugo.aliases.n.x` in book.toml: unknown field `x`",
            ),
            (
                json!({"aliases": {"n": {"params": {"a": 1}}}}),
                "`preprocessor.hugo.aliases.n` in book.toml needs `shortcode`",
            ),
            (
                json!({"aliases": {"n": {"shortcode": "a", "params": {"a": [1]}}}}),
                "`preprocessor.hugo.aliases.n.params.a` in book.toml must be a string",
            ),
            (
                json!({"aliases": {"n": 3}}),
                "`preprocessor.hugo.aliases.n` in book.toml: invalid type: integer `3`",
            ),
            (
                json!({"shortcodes-dir": 3}),
                "`preprocessor.hugo.shortcodes-dir` in book.toml: invalid type",
            ),
            (
                json!({"site": " "}),
                "`preprocessor.hugo.site` in book.toml must name a folder",
            ),
            (
                json!({"keep_drafts": "no"}),
                "`preprocessor.hugo.keep_drafts` in book.toml: invalid type: string",
            ),
        ] {
            let err = HugoConfig::from_table(table(bad.clone())).unwrap_err();
            assert!(err.to_string().starts_with(message), "{bad}: {err}");
        }
    }

    #[test]
    fn reads_strict_drafts_and_params() {
        let config = HugoConfig::from_table(table(json!({
            "strict": true, "keep-drafts": true, "params": {"version": "1.2"}
        })))
        .unwrap();
        assert!(config.strict && config.keep_drafts);
        assert_eq!(config.params["version"], "1.2");
    }
}
