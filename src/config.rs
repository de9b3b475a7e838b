//! The `[preprocessor.hugo]` table of `book.toml`, read into a typed config.

use crate::markdown::ParserOptions;
use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// mdBook's own keys, which live in the same table and are accepted as they are.
const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "renderers", "optional"];

/// What `[preprocessor.hugo]` may say.
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
}

/// One entry of `[preprocessor.hugo.aliases]`: `note = { shortcode = "alert", params =
/// { color = "info" }, positional = ["title"] }`, or just `note = "alert"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AliasConfig {
    /// The shortcode the alias stands for.
    pub shortcode: String,
    /// Parameters used when the call does not give them.
    pub params: Map<String, Value>,
    /// Names for the call's positional parameters, so they can combine with `params`.
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
        }
    }
}

/// The folder of user templates when `shortcodes-dir` is not set.
pub const DEFAULT_SHORTCODES_DIR: &str = "shortcodes";

impl HugoConfig {
    /// Reads the table (already converted to JSON values); `None` means the defaults.
    pub fn from_table(table: Option<Map<String, Value>>) -> Result<Self> {
        let mut config = HugoConfig::default();
        for (key, value) in table.unwrap_or_default() {
            match key.as_str() {
                "strict" => config.strict = expect_bool(&key, &value)?,
                "keep-drafts" | "keep_drafts" => config.keep_drafts = expect_bool(&key, &value)?,
                "math" => config.math = expect_bool(&key, &value)?,
                "params" => match value {
                    Value::Object(map) => config.params = map,
                    other => bail!(
                        "`preprocessor.hugo.params` must be a table, found {}",
                        type_name(&other)
                    ),
                },
                "shortcodes-dir" | "shortcodes_dir" => match value {
                    Value::String(dir) if !dir.trim().is_empty() => {
                        config.shortcodes_dir = Some(PathBuf::from(dir));
                    }
                    other => bail!(
                        "`preprocessor.hugo.{key}` must be a folder name, found {}",
                        type_name(&other)
                    ),
                },
                "aliases" => config.aliases = read_aliases(value)?,
                "site" => match value {
                    Value::String(dir) if !dir.trim().is_empty() => {
                        config.site = Some(PathBuf::from(dir));
                    }
                    other => bail!(
                        "`preprocessor.hugo.site` must be the Hugo site's folder, found {}",
                        type_name(&other)
                    ),
                },
                k if MDBOOK_KEYS.contains(&k) => {}
                other => bail!(
                    "unknown key `preprocessor.hugo.{other}` in book.toml \
                     (known keys: strict, keep-drafts, math, params, shortcodes-dir, aliases, site, and mdBook's {})",
                    MDBOOK_KEYS.join(", ")
                ),
            }
        }
        Ok(config)
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

/// Reads `[preprocessor.hugo.aliases]`.
fn read_aliases(value: Value) -> Result<BTreeMap<String, AliasConfig>> {
    let Value::Object(table) = value else {
        bail!(
            "`preprocessor.hugo.aliases` must be a table, found {}",
            type_name(&value)
        );
    };
    let mut aliases = BTreeMap::new();
    for (name, entry) in table {
        let alias = read_alias(&name, entry)?;
        aliases.insert(name, alias);
    }
    Ok(aliases)
}

fn read_alias(name: &str, entry: Value) -> Result<AliasConfig> {
    let key = format!("preprocessor.hugo.aliases.{name}");
    let mut alias = AliasConfig::default();
    match entry {
        Value::String(target) => alias.shortcode = target,
        Value::Object(fields) => {
            for (field, value) in fields {
                match (field.as_str(), value) {
                    ("shortcode", Value::String(target)) => alias.shortcode = target,
                    ("params", Value::Object(params)) => alias.params = params,
                    ("positional", Value::Array(names)) => {
                        for name in names {
                            match name {
                                Value::String(name) => alias.positional.push(name),
                                other => bail!(
                                    "`{key}.positional` must list parameter names, found {}",
                                    type_name(&other)
                                ),
                            }
                        }
                    }
                    ("shortcode" | "params" | "positional", other) => bail!(
                        "`{key}.{field}` has the wrong type: found {}",
                        type_name(&other)
                    ),
                    (other, _) => bail!(
                        "unknown key `{key}.{other}` (known keys: shortcode, params, positional)"
                    ),
                }
            }
        }
        other => bail!(
            "`{key}` must be a shortcode name or a table, found {}",
            type_name(&other)
        ),
    }
    if alias.shortcode.trim().is_empty() {
        bail!("`{key}` needs `shortcode`, the shortcode it stands for");
    }
    for (param, value) in &alias.params {
        if matches!(value, Value::Array(_) | Value::Object(_) | Value::Null) {
            bail!(
                "`{key}.params.{param}` must be a string, number or boolean, found {}",
                type_name(value)
            );
        }
    }
    Ok(alias)
}

fn expect_bool(key: &str, value: &Value) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => bail!(
            "`preprocessor.hugo.{key}` must be a boolean (true or false), found {}",
            type_name(other)
        ),
    }
}

fn type_name(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "a table".into(),
    }
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
            "`preprocessor.hugo.strict` must be a boolean (true or false), found the string \"yes\""
        );
        let err = HugoConfig::from_table(table(json!({"stric": true}))).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown key `preprocessor.hugo.stric`")
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
    fn bad_aliases_name_their_key() {
        let err =
            HugoConfig::from_table(table(json!({"aliases": {"n": {"shortcode": "a", "x": 1}}})))
                .unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown key `preprocessor.hugo.aliases.n.x`"),
            "{err}"
        );
        let err = HugoConfig::from_table(table(json!({"aliases": {"n": {"params": {"a": [1]}}}})))
            .unwrap_err();
        assert!(err.to_string().contains("aliases.n"), "{err}");
        let err = HugoConfig::from_table(table(json!({"shortcodes-dir": 3}))).unwrap_err();
        assert!(err.to_string().contains("shortcodes-dir"), "{err}");
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
