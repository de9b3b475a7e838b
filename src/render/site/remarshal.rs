//! Hugo's `transform.Remarshal FORMAT INPUT`: data (JSON, TOML or YAML text, or a map)
//! written again as JSON, TOML or YAML, as Hugo 0.168 writes it.
//!
//! JSON is indented by three spaces, as Hugo's `json.MarshalIndent` call writes it.
//!
//! TOML is written as go-toml v2 writes it for Hugo (tables indented): a table's keys in
//! sorted order, plain values first, then its tables and arrays of tables; a table's
//! header indented two spaces per level below the top and its keys two more; a blank line
//! before a header that follows a value; strings and keys as literal `'…'` strings when
//! they can be, else as basic `"…"` strings; integral floats as integers; a nil map value
//! left out and a nil in an array an error (as Hugo's `toml: cannot encode a nil
//! interface`).

use crate::template::{Value, format_float_g};
use serde_json::Value as Json;

/// Runs `transform.Remarshal` on the template's arguments.
pub(super) fn remarshal(args: &[Value]) -> Result<Value, String> {
    let [format, input] = args else {
        return Err("transform.Remarshal: wants a format and the data".into());
    };
    let text = match input {
        Value::Map(_) | Value::List(_) => crate::template::to_json(input),
        other => other.to_go_string(),
    };
    let mut datetimes = Datetimes::new();
    let data: Json = serde_json::from_str(&text)
        .ok()
        .or_else(|| {
            let toml = toml::from_str::<toml::Value>(&text).ok()?;
            collect_datetimes(&toml, &mut Vec::new(), &mut datetimes);
            Some(crate::frontmatter::toml_to_json(toml))
        })
        .or_else(|| serde_yaml_ng::from_str(&text).ok())
        .ok_or("transform.Remarshal: the data is not JSON, TOML or YAML")?;
    let out = match format.to_go_string().to_ascii_lowercase().as_str() {
        "json" => to_json(&data)?,
        "toml" => to_toml(&data, &datetimes)?,
        "yaml" | "yml" => serde_yaml_ng::to_string(&data).map_err(|e| e.to_string())?,
        other => return Err(format!("transform.Remarshal: unknown format {other:?}")),
    };
    Ok(Value::from(out.as_str()))
}

/// JSON as Hugo writes it: Go's `json.MarshalIndent` with a three-space indent, keys
/// sorted, and a final line break.
fn to_json(data: &Json) -> Result<String, String> {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"   ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    data.serialize(&mut serializer).map_err(|e| e.to_string())?;
    out.push(b'\n');
    let json = String::from_utf8(out).map_err(|e| e.to_string())?;
    Ok(escape_html_in_json(&json))
}

/// Go's `encoding/json` escapes `<`, `>`, `&`, U+2028 and U+2029 in strings as `\u003c`
/// and the like; none of them can be outside a string in JSON text.
fn escape_html_in_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Where a TOML document has date and time values (offset or local date-times, local
/// dates, local times), which JSON holds as their RFC 3339 text: each as its path of keys,
/// `None` standing for any item of an array (of tables, or inline).
type Datetimes = std::collections::HashSet<Vec<Option<String>>>;

fn collect_datetimes(value: &toml::Value, path: &mut Vec<Option<String>>, found: &mut Datetimes) {
    match value {
        toml::Value::Datetime(_) => {
            found.insert(path.clone());
        }
        toml::Value::Table(table) => {
            for (key, value) in table {
                path.push(Some(key.clone()));
                collect_datetimes(value, path, found);
                path.pop();
            }
        }
        toml::Value::Array(items) => {
            path.push(None);
            for item in items {
                collect_datetimes(item, path, found);
            }
            path.pop();
        }
        _ => {}
    }
}

/// `data` (a map) as go-toml v2 writes it with indented tables, writing the strings at
/// `datetimes` as the TOML dates and times they were read from
/// (`date = 2024-01-24T18:09:49-08:00`, unquoted, as Hugo writes them).
fn to_toml(data: &Json, datetimes: &Datetimes) -> Result<String, String> {
    let Json::Object(map) = data else {
        return Err("toml: the top level must be a map".into());
    };
    let mut writer = TomlWriter {
        out: String::new(),
        last_was_value: false,
        datetimes,
    };
    writer.table(&[], &mut Vec::new(), map, 0)?;
    Ok(writer.out)
}

struct TomlWriter<'a> {
    out: String,
    last_was_value: bool,
    datetimes: &'a Datetimes,
}

/// Whether a value is written under its own header (a table, or an array of tables).
fn is_table_like(value: &Json) -> bool {
    match value {
        Json::Object(_) => true,
        Json::Array(items) => !items.is_empty() && items.iter().all(Json::is_object),
        _ => false,
    }
}

impl TomlWriter<'_> {
    /// Writes the keys of a table at `depth` (0 for the top), then its tables; `path` is
    /// the table's keys as written in the data, `at` its place for [`Datetimes`].
    fn table(
        &mut self,
        path: &[String],
        at: &mut Vec<Option<String>>,
        map: &serde_json::Map<String, Json>,
        depth: usize,
    ) -> Result<(), String> {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        let indent = "  ".repeat(depth);
        for key in &keys {
            let value = &map[*key];
            if value.is_null() || is_table_like(value) {
                continue;
            }
            at.push(Some((*key).clone()));
            let written = self.inline(value, at);
            at.pop();
            self.out
                .push_str(&format!("{indent}{} = {}\n", toml_key(key), written?));
            self.last_was_value = true;
        }
        for key in &keys {
            let value = &map[*key];
            let mut sub = path.to_vec();
            sub.push((*key).clone());
            let header: Vec<String> = sub.iter().map(|k| toml_key(k)).collect();
            let header = header.join(".");
            at.push(Some((*key).clone()));
            match value {
                Json::Object(inner) => {
                    self.header(&format!("[{header}]"), depth);
                    self.table(&sub, at, inner, depth + 1)?;
                }
                Json::Array(items) if is_table_like(value) => {
                    at.push(None);
                    for item in items {
                        self.header(&format!("[[{header}]]"), depth);
                        if let Json::Object(inner) = item {
                            self.table(&sub, at, inner, depth + 1)?;
                        }
                    }
                    at.pop();
                }
                _ => {}
            }
            at.pop();
        }
        Ok(())
    }

    /// A value written on one line (strings, numbers, booleans, arrays, inline tables); a
    /// string at a place where the TOML had a date or time is that date, unquoted.
    fn inline(&self, value: &Json, at: &mut Vec<Option<String>>) -> Result<String, String> {
        Ok(match value {
            Json::String(text)
                if self.datetimes.contains(at) && text.parse::<toml::value::Datetime>().is_ok() =>
            {
                text.clone()
            }
            Json::Array(items) => {
                at.push(None);
                let items: Result<Vec<String>, String> =
                    items.iter().map(|item| self.inline(item, at)).collect();
                at.pop();
                format!("[{}]", items?.join(", "))
            }
            Json::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut parts = Vec::new();
                for key in keys.into_iter().filter(|key| !map[*key].is_null()) {
                    at.push(Some(key.clone()));
                    let written = self.inline(&map[key], at);
                    at.pop();
                    parts.push(format!("{} = {}", toml_key(key), written?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            scalar => scalar_inline(scalar)?,
        })
    }

    fn header(&mut self, header: &str, depth: usize) {
        if self.last_was_value {
            self.out.push('\n');
        }
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(header);
        self.out.push('\n');
        self.last_was_value = false;
    }
}

/// A scalar written on one line: a string, number or boolean (nil is an error).
fn scalar_inline(value: &Json) -> Result<String, String> {
    Ok(match value {
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            (None, Some(f)) => format_float_g(f),
            _ => n.to_string(),
        },
        Json::String(s) => toml_string(s),
        _ => return Err("toml: cannot encode a nil interface".into()),
    })
}

/// A bare key when it is one (`A-Za-z0-9_-`), else quoted as a string.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// A literal string `'…'` when it has no `'` and no control character, else a basic one.
fn toml_string(s: &str) -> String {
    if !s.contains('\'') && !s.chars().any(char::is_control) {
        return format!("'{s}'");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_is_written_as_hugo_writes_it() {
        let data: Json = serde_yaml_ng::from_str(
            "a: 1\nb:\nname: \"it's\"\nc:\n  d:\n  e: x\n  f:\n    g: [1, 2]\n    h: 1.5\n    i: 2.0\nl:\n- k: 1\n- k: 2\nemptymap: {}\n\"key with space\": true\n",
        )
        .unwrap();
        // The output of Hugo 0.168 for the same data.
        let hugo = "a = 1\n'key with space' = true\nname = \"it's\"\n\n[c]\n  e = 'x'\n\n  [c.f]\n    g = [1, 2]\n    h = 1.5\n    i = 2\n\n[emptymap]\n[[l]]\n  k = 1\n\n[[l]]\n  k = 2\n";
        assert_eq!(to_toml(&data, &Datetimes::new()).unwrap(), hugo);
        let nil_in_list: Json = serde_yaml_ng::from_str("l: [1, null]\n").unwrap();
        assert!(to_toml(&nil_in_list, &Datetimes::new()).is_err());
    }

    #[test]
    fn toml_dates_stay_dates_in_arrays_of_tables_and_inline_arrays() {
        let input = "d = 2024-01-02\n[[l]]\n  date = 2024-01-24T18:09:49-08:00\n  n = 1\n\
                     [[l]]\n  date = \"not a date\"\n  n = 2\n[t]\n  ds = [2024-01-02, 2024-03-04]\n";
        let out = remarshal(&[Value::from("toml"), Value::from(input)]).unwrap();
        // The output of Hugo 0.168 for the same input.
        let hugo = "d = 2024-01-02\n\n[[l]]\n  date = 2024-01-24T18:09:49-08:00\n  n = 1\n\n\
                    [[l]]\n  date = 'not a date'\n  n = 2\n\n[t]\n  ds = [2024-01-02, 2024-03-04]\n";
        assert_eq!(out.to_go_string(), hugo);
    }
}
