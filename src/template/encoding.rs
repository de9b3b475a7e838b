//! Encoding functions: `jsonify` (Go's `encoding/json`) and
//! `transform.Unmarshal` (JSON, YAML, TOML, CSV).

use super::funcs::{FnResult, to_string};
use super::value::{SafeKind, Value};

fn s(v: &Value) -> String {
    to_string(v)
}

/// Hugo's `jsonify [OPTIONS] INPUT` → template.HTML.
pub fn jsonify(a: &[Value]) -> FnResult {
    let (opts, v) = match a {
        [o, v] => (Some(o), v),
        [v] => (None, v),
        _ => return Err("jsonify: too many arguments".into()),
    };
    let mut out = String::new();
    let indent = opts
        .and_then(|o| o.get_field("indent"))
        .map(|v| s(&v))
        .unwrap_or_default();
    let no_esc = opts
        .and_then(|o| o.get_field("noHTMLEscape"))
        .is_some_and(|v| v.truthy());
    json_marshal(v, &mut out, !no_esc);
    if !indent.is_empty() {
        let parsed: serde_json::Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
        out = pretty(&parsed, &indent, 0);
    }
    Ok(Value::Safe(SafeKind::Html, out.into()))
}

fn pretty(v: &serde_json::Value, ind: &str, level: usize) -> String {
    let pad = |l: usize| ind.repeat(l);
    match v {
        serde_json::Value::Array(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|e| format!("{}{}", pad(level + 1), pretty(e, ind, level + 1)))
                .collect();
            format!("[\n{}\n{}]", items.join(",\n"), pad(level))
        }
        serde_json::Value::Object(o) if !o.is_empty() => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, e)| {
                    format!(
                        "{}{}: {}",
                        pad(level + 1),
                        serde_json::Value::from(k.as_str()),
                        pretty(e, ind, level + 1)
                    )
                })
                .collect();
            format!("{{\n{}\n{}}}", items.join(",\n"), pad(level))
        }
        other => {
            let mut out = String::new();
            json_marshal(&Value::from(other), &mut out, true);
            out
        }
    }
}

/// Hugo's `transform.Unmarshal` for JSON, YAML, TOML and CSV strings
/// (format guessed from the first significant delimiter, as Hugo does).
pub fn unmarshal(v: &Value) -> FnResult {
    let text = s(v);
    let idx = |c: &str| text.find(c);
    let lowest = |i: Option<usize>, others: &[Option<usize>]| {
        i.is_some_and(|i| others.iter().all(|o| o.is_none_or(|o| i < o)))
    };
    let (csv, json, yaml, xml, toml_) = (idx(","), idx("{"), idx(":"), idx("<"), idx("="));
    if lowest(csv, &[json, yaml, xml, toml_]) {
        let rows = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| csv_row(l).map(Value::from))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::from(rows));
    }
    if lowest(json, &[yaml, xml, toml_]) {
        let j: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("failed to unmarshal JSON: {e}"))?;
        return Ok(Value::from(&j));
    }
    if lowest(yaml, &[xml, toml_]) {
        let y: serde_json::Value =
            serde_yaml_ng::from_str(&text).map_err(|e| format!("failed to unmarshal YAML: {e}"))?;
        return Ok(Value::from(&y));
    }
    if toml_.is_some() {
        let t: toml::Value =
            toml::from_str(&text).map_err(|e| format!("failed to unmarshal TOML: {e}"))?;
        return Ok(Value::from(&crate::frontmatter::toml_to_json(t)));
    }
    Err("unmarshal: unsupported or unknown format".into())
}

/// One CSV record (Go's `encoding/csv` rules: quoted fields with `""`
/// escapes; a bare quote in an unquoted field is an error).
fn csv_row(line: &str) -> Result<Vec<Value>, String> {
    let mut fields = Vec::new();
    for raw in split_csv(line) {
        let field = match raw.strip_prefix('"') {
            Some(q) => q
                .strip_suffix('"')
                .ok_or("extraneous or missing \" in quoted-field")?
                .replace("\"\"", "\""),
            None if raw.contains('"') => return Err("bare \" in non-quoted-field".into()),
            None => raw.to_string(),
        };
        fields.push(Value::from(field));
    }
    Ok(fields)
}

/// Splits on commas outside double quotes.
fn split_csv(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[start..]);
    out
}

/// Go's `encoding/json` Marshal (sorted map keys; `<>&` escaped when
/// `html_safe`).
pub fn json_marshal(v: &Value, out: &mut String, html_safe: bool) {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(x) => out.push_str(&json_float(*x)),
        Value::String(s) | Value::Safe(_, s) => json_string(s, out, html_safe),
        Value::List(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_marshal(e, out, html_safe);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out, html_safe);
                out.push(':');
                json_marshal(e, out, html_safe);
            }
            out.push('}');
        }
        Value::Object(o) => json_string(&o.display(), out, html_safe),
    }
}

/// Go's JSON float: shortest digits; exponent form outside
/// `[1e-6, 1e21)`, with `e-07` shortened to `e-7`. NaN/Inf (an error in
/// Go) become `null`.
fn json_float(x: f64) -> String {
    if !x.is_finite() {
        return "null".into();
    }
    let a = x.abs();
    if a == 0.0 || (1e-6..1e21).contains(&a) {
        return format!("{x}");
    }
    let e = format!("{x:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < 0 {
        format!("{mant}e-{}", exp.abs())
    } else {
        format!("{mant}e+{exp:02}")
    }
}

fn json_string(s: &str, out: &mut String, html_safe: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html_safe => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
