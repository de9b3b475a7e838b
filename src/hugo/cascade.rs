//! Front matter `cascade`, as Hugo applies it: a section's (or the home page's, or the site
//! config's) `cascade`, a table or a list of tables with an optional `_target`/`target`
//! (`path`, `kind`, `lang`, `environment` globs), fills the keys of the page that declares it
//! and of every page below it that does not set them; the nearest cascade wins.

use super::config::{ENVIRONMENT, SiteConfig, merge_under};
use super::content::{ContentPage, Kind, ancestors, lowercase_keys};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Fills every page's params from the cascades of its sections (its own first when it is
/// a section, then the nearest above) and of the site config.
pub(super) fn apply_cascade(pages: &mut [ContentPage], config: &SiteConfig, lang: &str) {
    let mut by_dir: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
    for page in pages.iter().filter(|p| p.kind != Kind::Page) {
        if let Some(cascade) = page.params.get("cascade") {
            by_dir.insert(page.dir().to_string(), cascade_entries(cascade));
        }
    }
    let site_cascade = config
        .get("cascade")
        .map(cascade_entries)
        .unwrap_or_default();
    for page in pages.iter_mut() {
        let start = if page.kind == Kind::Page {
            page.container_dir().to_string()
        } else {
            page.dir().to_string()
        };
        let kind = match page.kind {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
        };
        let path = page.logical_path();
        let dirs: Vec<String> = ancestors(&start).map(str::to_string).collect();
        let entries = dirs
            .iter()
            .filter_map(|d| by_dir.get(d))
            .flatten()
            .chain(&site_cascade);
        for entry in entries {
            if cascade_matches(entry, &path, kind, lang) {
                let mut values = entry.clone();
                values.remove("_target");
                values.remove("target");
                merge_under(&mut page.params, values);
            }
        }
    }
}

/// A `cascade` value as a list of tables.
fn cascade_entries(value: &Value) -> Vec<Map<String, Value>> {
    match value {
        Value::Object(map) => vec![lowercase_keys(map.clone())],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|m| lowercase_keys(m.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a cascade entry's `_target` (or `target`) accepts the page.
fn cascade_matches(entry: &Map<String, Value>, path: &str, kind: &str, lang: &str) -> bool {
    let Some(target) = entry.get("_target").or_else(|| entry.get("target")) else {
        return true;
    };
    let field = |key: &str| {
        target
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    field("path").is_none_or(|g| glob_matches(&g.to_lowercase(), path))
        && field("kind").is_none_or(|k| glob_matches(&k.to_lowercase(), kind))
        && field("lang").is_none_or(|l| glob_matches(&l.to_lowercase(), lang))
        && field("environment").is_none_or(|e| glob_matches(e, ENVIRONMENT))
}

/// A glob as Hugo's cascade targets use it: `**` any text, `*` any text without `/`,
/// `{a,b}` either.
pub fn glob_matches(glob: &str, text: &str) -> bool {
    if let Some(open) = glob.find('{')
        && let Some(close) = glob[open..].find('}')
    {
        let (head, rest) = (&glob[..open], &glob[open + close + 1..]);
        return glob[open + 1..open + close]
            .split(',')
            .any(|alt| glob_matches(&format!("{head}{alt}{rest}"), text));
    }
    match glob.strip_prefix("**") {
        Some(rest) => (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .any(|i| glob_matches(rest, &text[i..])),
        None => match glob.strip_prefix('*') {
            Some(rest) => (0..=text.len())
                .filter(|&i| text.is_char_boundary(i) && !text[..i].contains('/'))
                .any(|i| glob_matches(rest, &text[i..])),
            None => match (glob.chars().next(), text.chars().next()) {
                (None, None) => true,
                (Some(g), Some(t)) if g == t => {
                    glob_matches(&glob[g.len_utf8()..], &text[t.len_utf8()..])
                }
                _ => false,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_hugos_targets() {
        assert!(glob_matches("/docs/**", "/docs/a/b"));
        assert!(glob_matches("/docs/*", "/docs/a"));
        assert!(!glob_matches("/docs/*", "/docs/a/b"));
        assert!(glob_matches("{/docs,/docs/**}", "/docs"));
        assert!(!glob_matches("/blog/**", "/docs/a"));
    }
}
