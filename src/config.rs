//! The `[preprocessor.hugo]` table of `book.toml`, read into a typed config.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};
use std::path::PathBuf;

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
}

impl Default for HugoConfig {
    fn default() -> Self {
        HugoConfig {
            strict: false,
            keep_drafts: false,
            params: Map::new(),
        }
    }
}

impl HugoConfig {
    /// Reads the table (already converted to JSON values); `None` means the defaults.
    pub fn from_table(table: Option<Map<String, Value>>) -> Result<Self> {
        let mut config = HugoConfig::default();
        for (key, value) in table.unwrap_or_default() {
            match key.as_str() {
                "strict" => config.strict = expect_bool(&key, &value)?,
                "keep-drafts" | "keep_drafts" => config.keep_drafts = expect_bool(&key, &value)?,
                "params" => match value {
                    Value::Object(map) => config.params = map,
                    other => bail!(
                        "`preprocessor.hugo.params` must be a table, found {}",
                        type_name(&other)
                    ),
                },
                k if MDBOOK_KEYS.contains(&k) => {}
                other => bail!(
                    "unknown key `preprocessor.hugo.{other}` in book.toml \
                     (known keys: strict, keep-drafts, params, and mdBook's {})",
                    MDBOOK_KEYS.join(", ")
                ),
            }
        }
        Ok(config)
    }

    /// Reads the config from mdBook's parsed `book.toml`.
    pub fn from_mdbook(config: &mdbook_preprocessor::config::Config) -> Result<Self> {
        let table = config
            .get::<Map<String, Value>>("preprocessor.hugo")
            .context("`[preprocessor.hugo]` in book.toml must be a table")?;
        Self::from_table(table)
    }

    /// Reads `book.toml` from disk: the config and the book's source folder.
    pub fn from_book_toml(book_root: &std::path::Path) -> Result<(Self, PathBuf)> {
        let path = book_root.join("book.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let doc: toml::Table = text
            .parse()
            .with_context(|| format!("cannot parse {}", path.display()))?;
        let json = serde_json::to_value(&doc).context("book.toml is not representable")?;
        let table = json
            .pointer("/preprocessor/hugo")
            .map(|v| match v {
                Value::Object(map) => Ok(map.clone()),
                other => bail!(
                    "`[preprocessor.hugo]` must be a table, found {}",
                    type_name(other)
                ),
            })
            .transpose()?;
        let src = json
            .pointer("/book/src")
            .and_then(Value::as_str)
            .unwrap_or("src");
        Ok((Self::from_table(table)?, book_root.join(src)))
    }
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
    fn reads_strict_drafts_and_params() {
        let config = HugoConfig::from_table(table(json!({
            "strict": true, "keep-drafts": true, "params": {"version": "1.2"}
        })))
        .unwrap();
        assert!(config.strict && config.keep_drafts);
        assert_eq!(config.params["version"], "1.2");
    }
}
