//! Hugo front matter: YAML (`---`), TOML (`+++`) or JSON (`{`), removed from the output.

use serde_json::{Map, Value};

/// The front matter fields the converter uses, plus every field for `param`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `title`: becomes the page's H1 when the body has none.
    pub title: Option<String>,
    /// `weight`: Hugo's ordering hint (mdBook orders by `SUMMARY.md`).
    pub weight: Option<i64>,
    /// `draft: true` drops the page unless drafts are kept.
    pub draft: bool,
    /// `slug`: replaces the last URL segment.
    pub slug: Option<String>,
    /// `url`: replaces the whole URL path.
    pub url: Option<String>,
    /// `aliases`: other URLs that lead to this page.
    pub aliases: Vec<String>,
    /// `description`.
    pub description: Option<String>,
    /// Every field, for the `param` shortcode.
    pub fields: Map<String, Value>,
}

/// Front matter that cannot be read, at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// The front matter and where the body starts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    /// The parsed fields (empty when the page has none).
    pub front_matter: FrontMatter,
    /// Byte offset of the first body byte.
    pub body_start: usize,
}

/// Finds, parses and measures the front matter at the top of `text`.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let head = &text[bom..];
    if let Some(fence) = ["---", "+++"].into_iter().find(|f| opens_fence(head, f)) {
        return split_fenced(text, bom, fence);
    }
    // JSON front matter is an object; a page that opens with a shortcode (`{{<`) is not.
    if head.starts_with('{') && head[1..].trim_start().starts_with(['"', '}']) {
        return split_json(text, bom);
    }
    Ok(Split::default())
}

fn opens_fence(head: &str, fence: &str) -> bool {
    head.strip_prefix(fence).is_some_and(|rest| {
        rest.trim_start_matches([' ', '\t'])
            .starts_with(['\n', '\r'])
    })
}

fn split_fenced(text: &str, bom: usize, fence: &str) -> Result<Split, FrontMatterError> {
    let content_start = bom + text[bom..].find('\n').map_or(text.len() - bom, |i| i + 1);
    let mut line_start = content_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == fence {
            let body_start = (line_end + 1).min(text.len());
            let raw = &text[content_start..line_start];
            let fields = if fence == "---" {
                parse_yaml(raw, content_start)?
            } else {
                parse_toml(raw, content_start)?
            };
            return Ok(Split {
                front_matter: FrontMatter::from_fields(fields, bom)?,
                body_start,
            });
        }
        line_start = line_end + 1;
    }
    Err(FrontMatterError {
        offset: bom,
        message: format!(
            "front matter starting with `{fence}` is never closed by a `{fence}` line"
        ),
    })
}

fn split_json(text: &str, bom: usize) -> Result<Split, FrontMatterError> {
    let mut stream = serde_json::Deserializer::from_str(&text[bom..]).into_iter::<Value>();
    match stream.next() {
        Some(Ok(Value::Object(fields))) => {
            let end = bom + stream.byte_offset();
            let body_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Ok(Split {
                front_matter: FrontMatter::from_fields(fields, bom)?,
                body_start,
            })
        }
        Some(Err(e)) => Err(FrontMatterError {
            offset: bom + offset_of_line_col(&text[bom..], e.line(), e.column()),
            message: format!("invalid JSON front matter: {e}"),
        }),
        _ => Ok(Split::default()),
    }
}

fn parse_yaml(raw: &str, base: usize) -> Result<Map<String, Value>, FrontMatterError> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some(fields) = flat_yaml(raw) {
        return Ok(fields);
    }
    match serde_yaml_ng::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(FrontMatterError {
            offset: base,
            message: "YAML front matter must be a mapping of keys to values".into(),
        }),
        Err(e) => Err(FrontMatterError {
            offset: base + e.location().map_or(0, |l| l.index()),
            message: format!(
                "invalid YAML front matter: {}",
                strip_location(&e.to_string())
            ),
        }),
    }
}

/// The fields of the most common YAML front matter, read without a YAML parser: each line
/// a `key: value` with a plain key (a letter or `_`, then letters, digits, `_`, `-`; at
/// most 64 bytes) and a value that is a double-quoted string without escapes (nor white
/// space other than spaces, controls or non-characters), a decimal integer without leading
/// zeros (at most nine digits), `true`/`false`, a plain string ([`plain_string`]) or a
/// flow sequence of strings on the line (`[]`, `[/a/, "b"]`); no key twice; lines of
/// spaces skipped.
/// `None` for anything else, which `serde_yaml_ng` reads. A property test holds both
/// readings equal; YAML's own rule is
/// [YAML 1.2 core schema](https://yaml.org/spec/1.2.2/#1032-tag-resolution).
fn flat_yaml(raw: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    for line in raw.lines() {
        // A line of spaces is blank to YAML; one with a tab or other white space may not be.
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let plain_key = key.len() <= 64
            && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && !is_yaml_keyword(key);
        if !plain_key || !value.starts_with(' ') {
            return None;
        }
        let value = flat_yaml_scalar(value.trim_matches(' '))?;
        if fields.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(fields)
}

/// A plain YAML scalar that is not a string (`null`, `y`, `on`: YAML 1.1 words too, as a
/// key that may read as something else is left to the parser).
fn is_yaml_keyword(word: &str) -> bool {
    ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|keyword| word.eq_ignore_ascii_case(keyword))
}

/// A [`flat_yaml`] value.
fn flat_yaml_scalar(value: &str) -> Option<Value> {
    if let Some(text) = double_quoted(value) {
        return Some(Value::String(text.to_string()));
    }
    match value {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        return flow_strings(items);
    }
    if let Some(text) = plain_string(value) {
        return Some(Value::String(text.to_string()));
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    let integer = (1..=9).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    integer.then(|| value.parse::<i64>().ok().map(Value::from))?
}

/// The text of `value` when it is a double-quoted YAML string whose characters all stand
/// for themselves ([`is_plain_in_quotes`]).
fn double_quoted(value: &str) -> Option<&str> {
    let text = value.strip_prefix('"')?.strip_suffix('"')?;
    text.chars().all(is_plain_in_quotes).then_some(text)
}

/// `value` when YAML reads it as a plain scalar that is a string: it starts with a letter
/// or `/`, holds only letters, digits, spaces and `.,'()/_-?!+`, and is none of YAML's
/// words ([`is_yaml_keyword`]). Such a scalar has no indicator, comment or mapping in it,
/// and no schema reads it as a null, boolean or number
/// ([YAML 1.2 plain scalars](https://yaml.org/spec/1.2.2/#733-plain-style),
/// [core schema](https://yaml.org/spec/1.2.2/#1032-tag-resolution)).
fn plain_string(value: &str) -> Option<&str> {
    let mut chars = value.chars();
    let first = chars.next()?;
    let allowed = |c: char| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | ',' | '\'' | '(' | ')' | '/' | '_' | '-' | '?' | '!' | '+'
            )
    };
    let string = (first.is_alphabetic() || first == '/')
        && chars.all(allowed)
        && !value.ends_with(' ')
        && !is_yaml_keyword(value);
    string.then_some(value)
}

/// The items of a one-line flow sequence (`items` is the text between `[` and `]`) when
/// each is a string [`double_quoted`] or [`plain_string`]; an empty sequence for `[]`.
/// Items are split at every `,`, so none holds one (a flow collection forbids it in a
/// plain scalar, and a quoted item with a comma is left to the parser).
fn flow_strings(items: &str) -> Option<Value> {
    if items.bytes().all(|b| b == b' ') {
        return Some(Value::Array(Vec::new()));
    }
    items
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            let text = double_quoted(item).or_else(|| plain_string(item))?;
            Some(Value::String(text.to_string()))
        })
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// Whether a character stands for itself in a double-quoted YAML string on one line: not
/// a quote or backslash, a control character, white space other than the space (YAML folds
/// or breaks lines at some, such as U+2028), a byte order mark or a non-character.
fn is_plain_in_quotes(c: char) -> bool {
    let white_or_control = c != ' ' && (c.is_whitespace() || c.is_control());
    let special = matches!(c, '"' | '\\' | '\u{feff}' | '\u{fdd0}'..='\u{fdef}')
        || (c as u32 & 0xfffe) == 0xfffe;
    !white_or_control && !special
}

fn parse_toml(raw: &str, base: usize) -> Result<Map<String, Value>, FrontMatterError> {
    match raw.parse::<toml::Table>() {
        Ok(table) => Ok(table
            .into_iter()
            .map(|(k, v)| (k, toml_to_json(v)))
            .collect()),
        Err(e) => Err(FrontMatterError {
            offset: base + e.span().map_or(0, |s| s.start),
            message: format!("invalid TOML front matter: {}", e.message()),
        }),
    }
}

/// TOML to JSON; dates become their RFC 3339 text (Hugo reads both the same).
pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// serde_yaml_ng appends " at line L column C"; the diagnostic shows the place itself.
fn strip_location(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The value of front matter key `key` (in lower case) as Hugo reads it: keys ignore case,
/// and a spelling with capitals (`Title`) wins over the key in lower case, as Hugo 0.168
/// lowercases the keys it reads with those already in lower case first (between two
/// spellings with capitals it takes either; this takes the first in byte order).
pub(crate) fn field<'f>(fields: &'f Map<String, Value>, key: &str) -> Option<&'f Value> {
    fields
        .iter()
        .find(|(k, _)| k.as_str() != key && k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
        .or_else(|| fields.get(key))
}

/// `entries` with the keys already in lower case first, in the order Hugo 0.168 lowercases
/// front matter keys: collected into a map under lowercased keys, a spelling with capitals
/// then replaces the lower-case key, as [`field`] reads it.
pub(crate) fn lower_case_keys_first<K: AsRef<str>, V>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> impl Iterator<Item = (K, V)> {
    let is_lower = |key: &str| key.chars().flat_map(char::to_lowercase).eq(key.chars());
    let (lower, capitalised): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(key, _)| is_lower(key.as_ref()));
    lower.into_iter().chain(capitalised)
}

impl FrontMatter {
    fn from_fields(fields: Map<String, Value>, offset: usize) -> Result<Self, FrontMatterError> {
        let text = |key: &str| field(&fields, key).and_then(scalar_text);
        let draft = match field(&fields, "draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
            Some(other) => {
                return Err(FrontMatterError {
                    offset,
                    message: format!("front matter `draft` must be true or false, found {other}"),
                });
            }
        };
        let aliases = match field(&fields, "aliases") {
            Some(Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        Ok(FrontMatter {
            title: text("title"),
            weight: field(&fields, "weight").and_then(Value::as_i64),
            draft,
            slug: text("slug"),
            url: text("url"),
            aliases,
            description: text("description"),
            fields,
        })
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Front matter read without the YAML parser reads as the parser reads it.
        #[test]
        fn flat_yaml_reads_as_serde_yaml_reads(
            lines in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        4 => "[a-z_][a-zA-Z0-9_-]{0,5}",
                        1 => "(null|Yes|on|y|N|9x| t|a b)",
                    ],
                    proptest::prop_oneof![4 => ": ", 1 => "( :|:  |:\t|:)"],
                    proptest::prop_oneof![
                        3 => r#""[a-zé #:'{}\[\]-]{0,6}""#,
                        1 => "\"[a\u{a0}\u{2028}\u{2029}\u{85}\u{feff}\u{fffe}\u{ffff}\u{3000}]{1,3}\"",
                        3 => "-?[0-9]{1,11}",
                        2 => "(true|false)",
                        2 => r#"("a\\nb"|"[a\t]"|True|~|yes|plain|"x" # c|'q'|\[1\]|1\.5|0x1f|-0|010)"#,
                        3 => "[a-zA-Z/é][a-zA-Z0-9 é.,'()/_?!+#:\\\"\t-]{0,8}",
                        1 => "(NULL|No|Off|inf|nan|Infinity|e5|a #b|a: b|a:|x\u{a0}y|x\u{2028}|a\u{feff}|/)",
                        3 => "\\[( |[a-z/\"][a-z0-9 ,/\"'#:{}\\[\\]-]{0,8})\\]",
                        1 => r#"(\[\]|\[ \]|\[a,\]|\[,\]|\[a, /b\]|\["a,b"\]|\["x", y\]|\[a b\]|\[1, a\]|\[a\]b\]|\[\[a\]\])"#,
                    ],
                    proptest::prop_oneof![4 => "", 1 => " "],
                )
                    .prop_map(|(key, sep, value, end)| format!("{key}{sep}{value}{end}")),
                0..5,
            ),
            blank in proptest::prop_oneof![3 => "", 1 => "\n(  |\t|\u{a0}| \t |\u{3000})"],
        ) {
            let raw = format!("{}{blank}", lines.join("\n"));
            if let Some(fields) = flat_yaml(&raw) {
                let parsed = serde_yaml_ng::from_str::<Value>(&raw).ok();
                let expected = match parsed {
                    Some(Value::Object(map)) => Some(map),
                    Some(Value::Null) => Some(Map::new()),
                    _ => None,
                };
                proptest::prop_assert_eq!(Some(fields), expected, "{}", raw);
            }
        }
    }

    #[test]
    fn flat_yaml_reads_the_usual_front_matter_and_leaves_the_rest() {
        let fields = flat_yaml("title: \"Chapter 0.4\"\nweight: 10\ndraft: false\n").unwrap();
        assert_eq!(fields["title"], "Chapter 0.4");
        assert_eq!(fields["weight"], 10);
        assert_eq!(fields["draft"], false);
        let fields =
            flat_yaml("title: Hugo's docs, quickly\ntags: []\naliases: [/a/, \"b\"]\n").unwrap();
        assert_eq!(fields["title"], "Hugo's docs, quickly");
        assert_eq!(fields["tags"], serde_json::json!([]));
        assert_eq!(fields["aliases"], serde_json::json!(["/a/", "b"]));
        for raw in [
            "title: Yes",
            "title: a #b",
            "title: a: b",
            "tags: [a, 1]",
            "tags: [a,]",
            "tags: [\"a,b\"]",
            "url: https://x.org",
            "a: 1\na: 2",
            "date: 2024-01-01",
            "weight: 010",
            "title: \"a\\nb\"",
            "  title: \"x\"",
            "title: \"x\" # comment",
            "title: \"T\"\n\t\ndraft: false",
            "title: \"T\"\n\u{a0}\ndraft: false",
            "title: \"a\u{fffe}\"",
            "title: \"a \u{2028} b\"",
            "title: \"a\u{a0}b\"",
        ] {
            assert_eq!(flat_yaml(raw), None, "{raw}");
        }
    }

    /// Hugo 0.168 printed `{{ .Title }}|{{ .Weight }}` as `Upper Title|3`, `LAST` and
    /// `FIRST` for these pages, and wrote no page for one with `Draft: true`: keys ignore
    /// case, and a spelling with capitals wins over the lower-case key wherever it stands.
    #[test]
    fn front_matter_keys_ignore_case_as_in_hugo() {
        let upper = split("---\nTitle: Upper Title\nWeight: 3\nDraft: true\n---\nBody").unwrap();
        assert_eq!(upper.front_matter.title.as_deref(), Some("Upper Title"));
        assert_eq!(upper.front_matter.weight, Some(3));
        assert!(upper.front_matter.draft);
        let last = split("---\ntitle: lower\nTITLE: LAST\n---\n").unwrap();
        assert_eq!(last.front_matter.title.as_deref(), Some("LAST"));
        let first = split("---\nTITLE: FIRST\ntitle: last\n---\n").unwrap();
        assert_eq!(first.front_matter.title.as_deref(), Some("FIRST"));
    }

    #[test]
    fn keys_in_lower_case_come_first_so_capitals_win() {
        let entries = [("TITLE", 1), ("title", 2), ("Weight", 3), ("draft", 4)];
        let keys: Vec<_> = lower_case_keys_first(entries).map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "draft", "TITLE", "Weight"]);
    }

    #[test]
    fn yaml_front_matter_is_read_and_measured() {
        let text =
            "---\ntitle: 'On being a TPM'\ndate: 2018-11-28T15:14:39+10:00\nweight: 3\n---\n\nBody";
        let split = split(text).unwrap();
        assert_eq!(split.front_matter.title.as_deref(), Some("On being a TPM"));
        assert_eq!(split.front_matter.weight, Some(3));
        assert_eq!(&text[split.body_start..], "\nBody");
    }

    #[test]
    fn toml_and_json_front_matter() {
        let toml = "+++\ntitle = \"T\"\ndraft = true\naliases = [\"/old/\"]\n+++\nBody";
        let split_toml = split(toml).unwrap();
        assert_eq!(split_toml.front_matter.title.as_deref(), Some("T"));
        assert!(split_toml.front_matter.draft);
        assert_eq!(split_toml.front_matter.aliases, vec!["/old/".to_string()]);
        assert_eq!(&toml[split_toml.body_start..], "Body");

        let json = "{\n  \"title\": \"J\",\n  \"slug\": \"jay\"\n}\nBody";
        let split_json = split(json).unwrap();
        assert_eq!(split_json.front_matter.slug.as_deref(), Some("jay"));
        assert_eq!(&json[split_json.body_start..], "Body");
    }

    #[test]
    fn no_front_matter_means_body_starts_at_zero() {
        assert_eq!(split("# Hi\n---\n").unwrap().body_start, 0);
        assert_eq!(split("{{< lead >}}x{{< /lead >}}").unwrap().body_start, 0);
        assert_eq!(split("----\nx").unwrap().body_start, 0);
    }

    #[test]
    fn malformed_front_matter_is_located() {
        let text = "---\ntitle: ok\nbad: [unclosed\n---\n";
        let err = split(text).unwrap_err();
        assert!(
            err.message.starts_with("invalid YAML front matter"),
            "{}",
            err.message
        );
        assert!(
            err.offset >= 4,
            "points inside the front matter: {}",
            err.offset
        );

        let err = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(err.message.contains("never closed"));

        let err = split("+++\ntitle = \n+++\n").unwrap_err();
        assert!(err.message.starts_with("invalid TOML front matter"));
        assert!(err.offset >= 4);
    }
}
