//! A Hugo site's translations (`T` / `i18n` / `lang.Translate`), read from the `i18n/`
//! files of the site and its themes for the site's default language, as Hugo 0.168 reads
//! them (`langs/i18n`).
//!
//! A file is `LANG.toml`, `.yaml`/`.yml` or `.json`; each key maps to a string or to a
//! table of plural forms (`one`, `other`, …); go-i18n's older list form
//! (`- id: KEY` + `translation: …`) is read too. The site's file wins over a theme's for
//! the same key. A translation is a Go template run with the call's data: a number `N`
//! becomes `{ Count: N }`, a map is given as it is. The plural form is `one` for a count
//! of exactly 1 and `other` otherwise (English's rule, which we apply to every language;
//! languages with more forms get `other`).

use crate::template::{Host, Kind, Map, Templates, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The translations of one language: key (lowercased, as Hugo matches it) → form → text;
/// forms that hold a template are parsed once into `templates` as `KEY/FORM`.
#[derive(Default)]
pub struct Translations {
    entries: HashMap<String, HashMap<String, String>>,
    templates: Templates,
}

impl Translations {
    /// Reads the translations of `language` (`en`, `pt-br`) from `dirs`, the first folder
    /// winning; the file for the language's base (`pt` for `pt-br`) fills in what the
    /// language's own file lacks. Files that do not parse are reported in `problems`.
    pub fn load(dirs: &[PathBuf], language: &str, problems: &mut Vec<(PathBuf, String)>) -> Self {
        let language = language.to_ascii_lowercase();
        let base = language.split('-').next().unwrap_or_default().to_string();
        let mut translations = Translations::default();
        for dir in dirs {
            let own_and_base = [&language, &base];
            let languages = if base == language {
                &own_and_base[..1]
            } else {
                &own_and_base[..]
            };
            for lang in languages {
                for ext in ["toml", "yaml", "yml", "json"] {
                    let file = dir.join(format!("{lang}.{ext}"));
                    if file.is_file() {
                        translations.add_file(&file, problems);
                    }
                }
            }
        }
        translations
    }

    fn add_file(&mut self, file: &Path, problems: &mut Vec<(PathBuf, String)>) {
        match read_file(file) {
            Ok(json) => {
                for (key, forms) in entries_of(&json) {
                    let key = key.to_ascii_lowercase();
                    if self.entries.contains_key(&key) {
                        continue; // an earlier folder's, or the language's own, wins
                    }
                    for (form, text) in &forms {
                        if text.contains("{{") {
                            let name = format!("{key}/{form}");
                            if let Err(e) = self.templates.parse(&name, text, Kind::Text) {
                                problems.push((file.to_path_buf(), e.to_string()));
                            }
                        }
                    }
                    self.entries.insert(key, forms);
                }
            }
            Err(message) => problems.push((file.to_path_buf(), message)),
        }
    }

    /// Hugo's `T KEY [DATA]`: the translation, or `None` when the language has none.
    pub fn translate(
        &self,
        key: &str,
        data: &Value,
        host: &dyn Host,
    ) -> Option<Result<String, String>> {
        let key = key.to_ascii_lowercase();
        let forms = self.entries.get(&key)?;
        let form = match plural_count(data) {
            Some(count) if count == 1.0 && forms.contains_key("one") => "one",
            _ if forms.contains_key("other") => "other",
            _ => forms.keys().next()?.as_str(),
        };
        let text = forms.get(form)?;
        if !text.contains("{{") {
            return Some(Ok(text.clone()));
        }
        let data = match data {
            Value::Int(_) | Value::Float(_) => {
                Value::from(Map::from([("Count".to_string(), data.clone())]))
            }
            other => other.clone(),
        };
        let name = format!("{key}/{form}");
        Some(
            self.templates
                .execute(&name, &data, host)
                .map_err(|e| e.to_string()),
        )
    }
}

/// The count that chooses the plural form: a number, or a map's `Count`/`count`.
fn plural_count(data: &Value) -> Option<f64> {
    match data {
        Value::Int(_) | Value::Float(_) => data.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Map(map) => map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("count"))
            .and_then(|(_, v)| plural_count(v)),
        _ => None,
    }
}

fn read_file(file: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    match file.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml::from_str::<toml::Value>(&text)
            .map(crate::frontmatter::toml_to_json)
            .map_err(|e| e.to_string()),
        Some("json") => serde_json::from_str(&text).map_err(|e| e.to_string()),
        _ => serde_yaml_ng::from_str(&text).map_err(|e| e.to_string()),
    }
}

/// The `(key, forms)` of a translation file: a map of keys, or go-i18n's list of
/// `{id, translation}`.
fn entries_of(json: &serde_json::Value) -> Vec<(String, HashMap<String, String>)> {
    match json {
        serde_json::Value::Object(map) => map
            .iter()
            .filter_map(|(key, value)| Some((key.clone(), forms_of(value)?)))
            .collect(),
        serde_json::Value::Array(list) => list
            .iter()
            .filter_map(|item| {
                let id = item.get("id")?.as_str()?;
                Some((id.to_string(), forms_of(item.get("translation")?)?))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A string is the `other` form; a table gives its forms.
fn forms_of(value: &serde_json::Value) -> Option<HashMap<String, String>> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        serde_json::Value::Object(forms) => Some(
            forms
                .iter()
                .filter_map(|(form, v)| Some((form.to_ascii_lowercase(), text(v)?)))
                .collect(),
        ),
        other => Some(HashMap::from([("other".to_string(), text(other)?)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::NoHost;

    fn translations(files: &[(&str, &str)], language: &str) -> (Translations, usize) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut problems = Vec::new();
        let t = Translations::load(&[dir.path().to_path_buf()], language, &mut problems);
        (t, problems.len())
    }

    fn tr(t: &Translations, key: &str, data: Value) -> Option<String> {
        t.translate(key, &data, &NoHost).map(|r| r.unwrap())
    }

    #[test]
    fn forms_plurals_and_templates() {
        let (t, problems) = translations(
            &[(
                "en.toml",
                "hi = \"Hi\"\n[n]\none = \"one\"\nother = \"{{ .Count }} of them\"\n",
            )],
            "en",
        );
        assert_eq!(problems, 0);
        assert_eq!(tr(&t, "HI", Value::Nil).as_deref(), Some("Hi"));
        assert_eq!(tr(&t, "n", Value::Int(1)).as_deref(), Some("one"));
        assert_eq!(tr(&t, "n", Value::Int(3)).as_deref(), Some("3 of them"));
        assert_eq!(tr(&t, "missing", Value::Nil), None);
    }

    #[test]
    fn language_base_file_and_legacy_list_and_bad_files() {
        let (t, problems) = translations(
            &[
                ("pt-br.yaml", "- id: a\n  translation: \"A br\"\n"),
                ("pt.json", "{\"a\": \"A pt\", \"b\": \"B pt\"}"),
                ("en.toml", "a = [\n"),
            ],
            "pt-BR",
        );
        assert_eq!(problems, 0, "the en file is not read for pt-BR");
        assert_eq!(tr(&t, "a", Value::Nil).as_deref(), Some("A br"));
        assert_eq!(tr(&t, "b", Value::Nil).as_deref(), Some("B pt"));
        let (_, problems) = translations(&[("en.toml", "a = [\n")], "en");
        assert_eq!(problems, 1);
    }
}
