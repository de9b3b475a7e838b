//! Hugo's URL and path functions: `urlize`, `anchorize`, `urlquery`,
//! `urls.Parse` and Go's `path` package.

use super::funcs::to_string;
use super::value::{Map, Object, Value};

/// Hugo's `urlize`: sanitized, lower-cased path, non-ASCII
/// percent-encoded.
pub fn urlize(s: &str) -> String {
    let allowed = |i: usize, c: char| {
        let hex_escape = c == '%'
            && s.as_bytes()
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        c.is_alphanumeric()
            || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || hex_escape
    };
    let mut out = String::new();
    let (mut prepend, mut was_hyphen) = (false, false);
    for (i, c) in s.char_indices() {
        if c != ' ' && allowed(i, c) {
            was_hyphen = c == '-';
            if prepend && !was_hyphen {
                out.push('-');
            }
            prepend = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend = true;
        }
    }
    let lower = out.to_lowercase();
    let mut enc = String::new();
    for c in lower.chars() {
        if c.is_ascii() {
            enc.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                enc.push_str(&format!("%{b:02X}"));
            }
        }
    }
    enc
}

/// Hugo's `anchorize` (GitHub style): lower-case letters, digits, `_`;
/// spaces and `-` become `-`; everything else is dropped.
pub fn anchorize(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c == '-' || c == ' ' {
            out.push('-');
        } else if c == '_' || c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The result of `urls.Parse`.
pub struct Url {
    scheme: String,
    host: String,
    path: String,
    raw_query: String,
    fragment: String,
    raw: String,
}

impl Url {
    /// Splits a URL into its parts (`url.Parse` for the common shapes).
    pub fn parse(raw: &str) -> Url {
        let (rest, fragment) = raw.split_once('#').unwrap_or((raw, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (scheme, rest) = match rest.split_once(':') {
            Some((sch, r))
                if !sch.is_empty()
                    && sch
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
            {
                (sch.to_ascii_lowercase(), r)
            }
            _ => (String::new(), rest),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => match r.find('/') {
                Some(i) => (&r[..i], r[i..].to_string()),
                None => (r, String::new()),
            },
            None => ("", rest.to_string()),
        };
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, h)| h)
            .to_string();
        Url {
            scheme,
            host,
            path,
            raw_query: query.to_string(),
            fragment: fragment.to_string(),
            raw: raw.to_string(),
        }
    }
}

impl Object for Url {
    fn type_name(&self) -> &str {
        "*url.URL"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let v = match name {
            "Scheme" => &self.scheme,
            "Host" => &self.host,
            "Path" => &self.path,
            "RawQuery" => &self.raw_query,
            "Fragment" => &self.fragment,
            "Hostname" => return Some(Value::from(self.host.split(':').next().unwrap_or(""))),
            "Port" => {
                return Some(Value::from(
                    self.host.split_once(':').map_or("", |(_, p)| p),
                ));
            }
            "String" => &self.raw,
            "IsAbs" => return Some(Value::Bool(!self.scheme.is_empty())),
            "Query" => {
                let mut m = Map::new();
                for kv in self.raw_query.split('&').filter(|s| !s.is_empty()) {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    m.insert(k.to_string(), Value::from(vec![Value::from(v)]));
                }
                return Some(Value::from(m));
            }
            _ => return None,
        };
        Some(Value::from(v.as_str()))
    }
    fn display(&self) -> String {
        self.raw.clone()
    }
}

/// Go's `path.Clean`.
pub fn path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

pub fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

pub fn path_dir(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => &p[..i + 1],
        None => "",
    };
    path_clean(dir)
}

pub fn path_ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

pub fn path_join(a: &[Value]) -> String {
    let items: Vec<String> = a
        .iter()
        .flat_map(|v| match v {
            Value::List(l) => l.iter().map(to_string).collect(),
            other => vec![to_string(other)],
        })
        .filter(|x| !x.is_empty())
        .collect();
    if items.is_empty() {
        return String::new();
    }
    path_clean(&items.join("/"))
}

/// Hugo's `urls.JoinPath` (Go's `url.JoinPath`): the elements (lists flattened) joined to
/// the first one's path as `path.Join` joins them, its scheme and host kept
/// (`https://h/a` and `b/c` → `https://h/a/b/c`), a trailing `/` of the last one kept.
pub fn url_join_path(a: &[Value]) -> String {
    let parts: Vec<String> = a
        .iter()
        .flat_map(|v| match v {
            Value::List(l) => l.iter().map(to_string).collect(),
            other => vec![to_string(other)],
        })
        .collect();
    let Some(base) = parts.first() else {
        return String::new();
    };
    let (origin, path) = match base.find("://") {
        Some(i) => {
            let end = base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j);
            (&base[..end], &base[end..])
        }
        None => ("", base.as_str()),
    };
    let relative = !path.starts_with('/');
    let mut elems = vec![if relative {
        format!("/{path}")
    } else {
        path.to_string()
    }];
    elems.extend(parts[1..].iter().cloned());
    let joined = path_clean(&elems.join("/"));
    let mut p = if relative {
        joined[1..].to_string()
    } else {
        joined
    };
    if parts.last().is_some_and(|l| l.ends_with('/')) && !p.ends_with('/') {
        p.push('/');
    }
    if !origin.is_empty() && !p.is_empty() && !p.starts_with('/') {
        p.insert(0, '/');
    }
    format!("{origin}{p}")
}
