//! Hugo's pure string, HTML, URL, path, encoding and time functions.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::{LazyLock, Mutex};

use super::encoding::{jsonify, unmarshal};
use super::funcs::{FnResult, to_int, to_string};
use super::timefmt::parse_time;
use super::urls::{
    Url, anchorize, path_base, path_clean, path_dir, path_ext, path_join, query_escape, urlize,
};
use super::value::{SafeKind, Value};

const NOT_FOUND: &str = "\u{0}not found";

fn s(v: &Value) -> String {
    to_string(v)
}

fn want(a: &[Value], n: usize, name: &str) -> Result<(), String> {
    if a.len() < n {
        return Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            a.len()
        ));
    }
    Ok(())
}

fn canonical(name: &str) -> &str {
    match name {
        "strings.Replace" => "replace",
        "strings.ReplaceRE" => "replaceRE",
        "strings.FindRE" => "findRE",
        "strings.FindRESubmatch" => "findRESubmatch",
        "strings.Split" => "split",
        "strings.Trim" => "trim",
        "strings.ToLower" => "lower",
        "strings.ToUpper" => "upper",
        "strings.Title" => "title",
        "strings.Truncate" => "truncate",
        "strings.HasPrefix" => "hasPrefix",
        "strings.HasSuffix" => "hasSuffix",
        "strings.Chomp" => "chomp",
        "strings.CountWords" => "countwords",
        "strings.CountRunes" => "countrunes",
        "strings.SliceString" => "slicestr",
        "strings.Substr" => "substr",
        "strings.RuneCount" => "strings.RuneCount",
        "inflect.Humanize" => "humanize",
        "transform.Plainify" => "plainify",
        "transform.HTMLEscape" => "htmlEscape",
        "transform.HTMLUnescape" => "htmlUnescape",
        "transform.Emojify" => "emojify",
        "transform.Markdownify" => "markdownify",
        "transform.Unmarshal" => "unmarshal",
        "safe.HTML" => "safeHTML",
        "safe.HTMLAttr" => "safeHTMLAttr",
        "safe.URL" => "safeURL",
        "safe.CSS" => "safeCSS",
        "safe.JS" => "safeJS",
        "urls.URLize" => "urlize",
        "urls.Anchorize" => "anchorize",
        "encoding.Jsonify" => "jsonify",
        "encoding.Base64Encode" => "base64Encode",
        "encoding.Base64Decode" => "base64Decode",
        "time.Format" => "dateFormat",
        "time.AsTime" => "time",
        other => other,
    }
}

/// Calls a string-ish function; `Some(Err(NOT_FOUND))` when unknown.
pub fn call(name: &str, a: &[Value]) -> Option<FnResult> {
    let name = canonical(name);
    let r = strings(name, a)
        .or_else(|| strings_query(name, a))
        .or_else(|| html_url(name, a))
        .unwrap_or_else(|| Err(NOT_FOUND.into()));
    Some(r)
}

fn str_fn(a: &[Value], n: usize, name: &str, f: impl Fn(&[Value]) -> FnResult) -> Option<FnResult> {
    Some(want(a, n, name).and_then(|_| f(a)))
}

/// Replacing, splitting, trimming and case functions.
fn strings(name: &str, a: &[Value]) -> Option<FnResult> {
    match name {
        "replace" => str_fn(a, 3, name, |a| {
            let (src, old, new) = (s(&a[0]), s(&a[1]), s(&a[2]));
            let n = match a.get(3) {
                Some(l) => to_int(l)?,
                None => -1,
            };
            Ok(Value::from(if n < 0 {
                src.replace(&old, &new)
            } else {
                src.replacen(&old, &new, n as usize)
            }))
        }),
        "replaceRE" => str_fn(a, 3, name, |a| {
            let re = regex(&s(&a[0]))?;
            let n = match a.get(3) {
                Some(l) => to_int(l)?,
                None => -1,
            };
            let src = s(&a[2]);
            let rep = s(&a[1]);
            let out = if n < 0 {
                re.replace_all(&src, rep.as_str())
            } else {
                re.replacen(&src, n as usize, rep.as_str())
            };
            Ok(Value::from(out.into_owned()))
        }),
        "findRE" => str_fn(a, 2, name, |a| {
            let re = regex(&s(&a[0]))?;
            let src = s(&a[1]);
            let lim = limit(a.get(2))?;
            Ok(Value::from(
                re.find_iter(&src)
                    .take(lim)
                    .map(|m| Value::from(m.as_str()))
                    .collect::<Vec<_>>(),
            ))
        }),
        "findRESubmatch" => str_fn(a, 2, name, |a| {
            let re = regex(&s(&a[0]))?;
            let src = s(&a[1]);
            let lim = limit(a.get(2))?;
            let caps = re.captures_iter(&src).take(lim).map(|c| {
                Value::from(
                    c.iter()
                        .map(|g| Value::from(g.map_or("", |m| m.as_str())))
                        .collect::<Vec<_>>(),
                )
            });
            Ok(Value::from(caps.collect::<Vec<_>>()))
        }),
        "split" => str_fn(a, 2, name, |a| {
            let (src, d) = (s(&a[0]), s(&a[1]));
            let parts: Vec<Value> = if d.is_empty() {
                src.chars().map(|c| Value::from(c.to_string())).collect()
            } else {
                src.split(d.as_str()).map(Value::from).collect()
            };
            Ok(Value::from(parts))
        }),
        "trim" => str_fn(a, 2, name, |a| {
            let cut: Vec<char> = s(&a[1]).chars().collect();
            Ok(Value::from(s(&a[0]).trim_matches(cut.as_slice())))
        }),
        "strings.TrimLeft" => str_fn(a, 2, name, |a| {
            let cut: Vec<char> = s(&a[0]).chars().collect();
            Ok(Value::from(s(&a[1]).trim_start_matches(cut.as_slice())))
        }),
        "strings.TrimRight" => str_fn(a, 2, name, |a| {
            let cut: Vec<char> = s(&a[0]).chars().collect();
            Ok(Value::from(s(&a[1]).trim_end_matches(cut.as_slice())))
        }),
        "strings.TrimPrefix" => str_fn(a, 2, name, |a| {
            let (p, src) = (s(&a[0]), s(&a[1]));
            Ok(Value::from(src.strip_prefix(p.as_str()).unwrap_or(&src)))
        }),
        "strings.TrimSuffix" => str_fn(a, 2, name, |a| {
            let (p, src) = (s(&a[0]), s(&a[1]));
            Ok(Value::from(src.strip_suffix(p.as_str()).unwrap_or(&src)))
        }),
        "strings.TrimSpace" => str_fn(a, 1, name, |a| Ok(Value::from(s(&a[0]).trim()))),
        "lower" => str_fn(a, 1, name, |a| Ok(Value::from(s(&a[0]).to_lowercase()))),
        "upper" => str_fn(a, 1, name, |a| Ok(Value::from(s(&a[0]).to_uppercase()))),
        "strings.FirstUpper" => str_fn(a, 1, name, |a| Ok(Value::from(first_upper(&s(&a[0]))))),
        "title" => str_fn(a, 1, name, |a| Ok(Value::from(ap_title(&s(&a[0]))))),
        "humanize" => str_fn(a, 1, name, |a| Ok(Value::from(humanize(&a[0])))),
        "inflect.Singularize" => str_fn(a, 1, name, |a| {
            Ok(Value::from(super::inflect::singularize(&s(&a[0]))))
        }),
        "inflect.Pluralize" => str_fn(a, 1, name, |a| {
            Ok(Value::from(super::inflect::pluralize(&s(&a[0]))))
        }),
        "truncate" => str_fn(a, 2, name, truncate),
        _ => None,
    }
}

/// Predicates, counts and slicing.
fn strings_query(name: &str, a: &[Value]) -> Option<FnResult> {
    match name {
        "hasPrefix" => str_fn(a, 2, name, |a| {
            Ok(Value::Bool(s(&a[0]).starts_with(&s(&a[1]))))
        }),
        "hasSuffix" => str_fn(a, 2, name, |a| {
            Ok(Value::Bool(s(&a[0]).ends_with(&s(&a[1]))))
        }),
        "strings.Contains" => str_fn(a, 2, name, |a| {
            Ok(Value::Bool(s(&a[0]).contains(&s(&a[1]))))
        }),
        "strings.ContainsAny" => str_fn(a, 2, name, |a| {
            let set = s(&a[1]);
            Ok(Value::Bool(s(&a[0]).chars().any(|c| set.contains(c))))
        }),
        "strings.ContainsNonSpace" => str_fn(a, 1, name, |a| {
            Ok(Value::Bool(s(&a[0]).chars().any(|c| !c.is_whitespace())))
        }),
        "strings.Repeat" => str_fn(a, 2, name, |a| {
            let n = to_int(&a[0])?;
            if !(0..=100_000).contains(&n) {
                return Err("the count must be a non-negative number".into());
            }
            Ok(Value::from(s(&a[1]).repeat(n as usize)))
        }),
        "strings.Count" => str_fn(a, 2, name, |a| {
            let (sub, src) = (s(&a[0]), s(&a[1]));
            let n = if sub.is_empty() {
                src.chars().count() + 1
            } else {
                src.matches(sub.as_str()).count()
            };
            Ok(Value::Int(n as i64))
        }),
        "strings.RuneCount" => str_fn(a, 1, name, |a| {
            Ok(Value::Int(s(&a[0]).chars().count() as i64))
        }),
        "chomp" => str_fn(a, 1, name, |a| {
            let out = s(&a[0]).trim_end_matches(['\r', '\n']).to_string();
            Ok(match &a[0] {
                Value::Safe(k, _) => Value::Safe(*k, out.into()),
                _ => Value::from(out),
            })
        }),
        "countwords" => str_fn(a, 1, name, |a| {
            Ok(Value::Int(count_words(&plainify(&s(&a[0])))))
        }),
        "countrunes" => str_fn(a, 1, name, |a| {
            Ok(Value::Int(
                plainify(&s(&a[0]))
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count() as i64,
            ))
        }),
        "slicestr" => str_fn(a, 1, name, slicestr),
        "substr" => str_fn(a, 1, name, substr),
        _ => None,
    }
}

fn limit(v: Option<&Value>) -> Result<usize, String> {
    match v {
        Some(l) => {
            let n = to_int(l)?;
            Ok(if n < 0 { usize::MAX } else { n as usize })
        }
        None => Ok(usize::MAX),
    }
}

/// The compiled form of the template regular expression `pat` (Go's RE2 syntax, which the
/// `regex` crate shares), at most 1 MiB compiled. Compiled once per pattern and process:
/// a site's render hook calls `replaceRE` or `findRE` with the same pattern for every
/// link or code block of every page, and compiling is most of such a call's cost.
///
/// # Errors
/// The pattern's syntax error, or that it is too large, as text.
pub(crate) fn regex(pat: &str) -> Result<regex::Regex, String> {
    /// Patterns kept; past this many the cache starts over (templates use a handful).
    const MAX_PATTERNS: usize = 512;
    static COMPILED: LazyLock<Mutex<HashMap<String, regex::Regex>>> =
        LazyLock::new(Default::default);
    let cached = |cache: &HashMap<String, regex::Regex>| cache.get(pat).cloned();
    if let Some(re) = cached(&COMPILED.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(re);
    }
    let re = regex::RegexBuilder::new(pat)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| e.to_string())?;
    let mut cache = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= MAX_PATTERNS {
        cache.clear();
    }
    cache.insert(pat.to_string(), re.clone());
    Ok(re)
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}", to_title(f), c.as_str()),
        None => String::new(),
    }
}

/// Go's `unicode.ToTitle` of one character: its title case where that is one character
/// (`ǆ` → `ǅ`, `a` → `A`), else the character itself (`ß`, `ﬁ` stay: their upper case is
/// two characters).
fn to_title(c: char) -> char {
    match c {
        'Ǆ' | 'ǅ' | 'ǆ' => 'ǅ',
        'Ǉ' | 'ǈ' | 'ǉ' => 'ǈ',
        'Ǌ' | 'ǋ' | 'ǌ' => 'ǋ',
        'Ǳ' | 'ǲ' | 'ǳ' => 'ǲ',
        _ => {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        }
    }
}

/// AP-style title case (Hugo's default `titleCaseStyle`): small words
/// stay lower case unless first or last.
/// Hugo's `title` in its default AP style (`titleCaseStyle = "ap"`).
pub(crate) fn ap_title(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on",
        "or", "per", "the", "to", "v", "v.", "vs", "vs.", "via",
    ];
    let words: Vec<&str> = s.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let mut out = Vec::with_capacity(words.len());
    let mut after_colon = false;
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        if i != 0 && i != last && !after_colon && SMALL.contains(&lw.as_str()) {
            out.push(lw);
        } else {
            // Each part of a hyphenated word is capitalized.
            out.push(w.split('-').map(first_upper).collect::<Vec<_>>().join("-"));
        }
        if !w.is_empty() {
            after_colon = w.ends_with(':');
        }
    }
    out.join(" ")
}

/// The acronyms Hugo's `humanize` writes in capitals: the words of `baseAcronyms` in
/// gobuffalo/flect's `acronyms.go` (which Hugo's `inflect` namespace uses) that flect can
/// match, since it looks a word up by its upper case.
const ACRONYMS: &[&str] = &[
    "ACK", "ACL", "ADSL", "AES", "ANSI", "API", "ARP", "ATM", "BGP", "BSS", "CCITT", "CHAP",
    "CIDR", "CIR", "CLI", "CMOS", "CPE", "CPU", "CRC", "CRT", "CSMA", "DCE", "DEC", "DES", "DHCP",
    "DMI", "DNS", "DRAM", "DSL", "DSLAM", "DTE", "EHA", "EIA", "EIGRP", "EOF", "ESS", "FCC", "FCS",
    "FDDI", "FTP", "GBIC", "GEPOF", "HDLC", "HTML", "HTTP", "HTTPS", "IANA", "ICMP", "ID", "IDF",
    "IDS", "IEEE", "IETF", "IMAP", "IP", "IPS", "ISDN", "ISP", "JSON", "JWT", "LACP", "LAN",
    "LAPB", "LAPF", "LLC", "MAC", "MC", "MDF", "MIB", "MPLS", "MTU", "NAC", "NAT", "NBMA", "NIC",
    "NRZ", "NRZI", "NVRAM", "OK", "OSI", "OSPF", "OUI", "PAP", "PAT", "PC", "PCM", "PDU", "PIM",
    "POP3", "POTS", "PPP", "PPTP", "PTT", "PVST", "RAM", "RARP", "RCP", "RFC", "RIP", "RLL", "ROM",
    "RSTP", "RTP", "SDLC", "SFD", "SFP", "SLARP", "SLIP", "SMTP", "SNA", "SNAP", "SNMP", "SOF",
    "SQL", "SRAM", "SSH", "SSID", "STP", "SYN", "TDM", "TFTP", "TIA", "TOFU", "UDP", "URI", "URL",
    "USB", "UTF8", "UTP", "UUID", "VC", "VLAN", "VLSM", "VPN", "W3C", "WAN", "WEP", "WPA", "WWW",
];

fn humanize(v: &Value) -> String {
    humanize_text(&s(v))
}

/// Hugo's `humanize` of a string (`my-first_post` → `My first post`, `7` → `7th`).
pub(crate) fn humanize_text(text: &str) -> String {
    if text.trim().is_empty() {
        // flect returns a blank string as it is.
        return text.to_string();
    }
    if let Ok(n) = text.parse::<i64>() {
        let abs = n.unsigned_abs();
        let suffix = match (abs % 100, abs % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix}");
    }
    // Hugo's `humanize` is flect's Humanize, applied again to the lower-cased result: the
    // words are split as flect splits an identifier, then lower-cased but for acronyms.
    let words: Vec<String> = flect_parts(text)
        .join(" ")
        .to_lowercase()
        .split(is_flect_space)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let upper = w.to_uppercase();
            if is_acronym(&upper) {
                upper
            } else {
                w.to_string()
            }
        })
        .collect();
    first_upper(&words.join(" "))
}

fn is_acronym(upper: &str) -> bool {
    ACRONYMS.binary_search(&upper).is_ok()
}

/// flect's word separators (`_`, space, `:`, `-`, `/`, and Unicode white space).
fn is_flect_space(c: char) -> bool {
    matches!(c, '_' | ' ' | ':' | '-' | '/') || c.is_whitespace()
}

/// flect's `toParts`: words split at separators, at a capital after a non-capital, and
/// after an acronym (`myAPIKey` → `my`, `API`, `Key`); other symbols end a word and go.
fn flect_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut word = String::new();
    let mut prev = '\0';
    let push = |word: &mut String, parts: &mut Vec<String>| {
        let trimmed = word.trim_matches(is_flect_space);
        if !trimmed.is_empty() {
            parts.push(trimmed.to_string());
        }
        word.clear();
    };
    for c in text.trim().chars() {
        let upper = c.is_uppercase();
        if is_flect_space(c)
            || (upper && !prev.is_uppercase())
            || (upper && is_acronym(&word.to_uppercase()))
        {
            push(&mut word, &mut parts);
            word.push(c);
        } else if c.is_alphanumeric() || is_go_punct(c) || c == '`' {
            word.push(c);
        } else {
            push(&mut word, &mut parts);
        }
        prev = c;
    }
    push(&mut word, &mut parts);
    parts
}

/// Go's `unicode.IsPunct` for the characters that matter here (ASCII punctuation that is
/// not a symbol: Go counts `$+<=>^|~` and the backtick as symbols).
fn is_go_punct(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
    } else {
        unicode_properties::UnicodeGeneralCategory::general_category_group(c)
            == unicode_properties::GeneralCategoryGroup::Punctuation
    }
}

/// Hugo's `truncate SIZE [ELLIPSIS] TEXT`: cuts at a word boundary and
/// appends the ellipsis (default ` …`); HTML input keeps its tags and has
/// the open ones closed, plain input is HTML-escaped. Returns template.HTML.
fn truncate(a: &[Value]) -> FnResult {
    let size = to_int(&a[0])?;
    let (ellipsis, text) = match a.len() {
        2 => (" …".to_string(), &a[1]),
        _ => (s(&a[1]), &a[2]),
    };
    let is_html = matches!(text, Value::Safe(SafeKind::Html, _));
    let t = s(text);
    let esc = |x: &str| {
        if is_html {
            x.to_string()
        } else {
            html_escape(x)
        }
    };
    let mut count = 0i64;
    let (mut last_word, mut last_non_space) = (0usize, 0usize);
    let mut skip_to = 0usize;
    for (i, c) in t.char_indices() {
        if i < skip_to {
            continue;
        }
        if is_html && c == '<' {
            skip_to = t[i..].find('>').map_or(t.len(), |e| i + e + 1);
            continue;
        }
        count += 1;
        if c.is_whitespace() {
            last_word = last_non_space;
        } else if !is_cjk(c) {
            last_non_space = i + c.len_utf8();
        }
        if count > size {
            let end = if last_word == 0 { i } else { last_word };
            let open = if is_html {
                open_tags(&t[..end])
            } else {
                Vec::new()
            };
            let closing: String = open.iter().rev().map(|t| format!("</{t}>")).collect();
            let out = format!("{}{ellipsis}{closing}", esc(&t[..end]));
            return Ok(Value::Safe(SafeKind::Html, out.into()));
        }
        // A CJK character is a word of its own; it becomes a cut point only
        // after the limit check (as observed in Hugo).
        if is_cjk(c) {
            last_word = i + c.len_utf8();
        }
    }
    Ok(Value::Safe(SafeKind::Html, esc(&t).into()))
}

/// The tags left open at the end of `html`.
fn open_tags(html: &str) -> Vec<String> {
    let mut open = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        track_tag(&rest[i..end], &mut open);
        rest = &rest[end..];
    }
    open
}

/// Maintains the stack of open tags for `truncate`.
fn track_tag(tag: &str, open: &mut Vec<String>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    if inner.ends_with('/') || inner.starts_with('!') {
        return;
    }
    if let Some(name) = inner.strip_prefix('/') {
        let name = name.trim().to_lowercase();
        if let Some(p) = open.iter().rposition(|t| *t == name) {
            open.truncate(p);
        }
        return;
    }
    let name: String = inner
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    const VOID: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr",
    ];
    if !name.is_empty() && !VOID.contains(&name.as_str()) {
        open.push(name);
    }
}

/// Hugo's `base64Encode`: the text's UTF-8 bytes in standard, padded Base64.
fn base64_encode(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Hugo's `base64Decode`: standard, padded Base64 to text. Go's error for bad input; bytes
/// that are not UTF-8 text are an error here (templates hold text).
fn base64_decode(text: &str) -> Result<String, String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("illegal base64 data: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "the decoded bytes are not UTF-8 text".to_string())
}

/// Hugo's word count (`countwords`, `.WordCount`): whitespace-separated words, each CJK
/// character a word.
pub fn count_words(s: &str) -> i64 {
    let mut n = 0i64;
    for w in s.split_whitespace() {
        let cjk = w.chars().filter(|c| is_cjk(*c)).count() as i64;
        n += if cjk > 0 { cjk } else { 1 };
    }
    n
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3040..=0x30FF | 0xAC00..=0xD7AF | 0x3400..=0x4DBF)
}

fn slicestr(a: &[Value]) -> FnResult {
    let chars: Vec<char> = s(&a[0]).chars().collect();
    let n = chars.len() as i64;
    let start = match a.get(1) {
        Some(v) => to_int(v)?,
        None => 0,
    };
    let end = match a.get(2) {
        Some(v) => to_int(v)?,
        None => n,
    };
    if start < 0 || end > n || start > end {
        return Err("slice bounds out of range".into());
    }
    Ok(Value::from(
        chars[start as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

fn substr(a: &[Value]) -> FnResult {
    let chars: Vec<char> = s(&a[0]).chars().collect();
    let n = chars.len() as i64;
    let mut start = match a.get(1) {
        Some(v) => to_int(v)?,
        None => 0,
    };
    if start < 0 {
        start = n.saturating_add(start).max(0);
    }
    let start = start.min(n);
    let mut end = match a.get(2) {
        Some(v) => {
            let l = to_int(v)?;
            if l < 0 {
                n.saturating_add(l)
            } else {
                start.saturating_add(l)
            }
        }
        None => n,
    };
    end = end.clamp(start, n);
    Ok(Value::from(
        chars[start as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

/// Hugo's `plainify`: HTML tags removed.
pub fn plainify(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let pre = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    super::escape::strip_tags(&pre)
}

fn html_url(name: &str, a: &[Value]) -> Option<FnResult> {
    match name {
        "safeHTML" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Html, s(&a[0]).into()))
        }),
        "safeHTMLAttr" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::HtmlAttr, s(&a[0]).into()))
        }),
        "safeURL" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Url, s(&a[0]).into()))
        }),
        "safeCSS" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Css, s(&a[0]).into()))
        }),
        "safeJS" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Js, s(&a[0]).into()))
        }),
        "htmlEscape" => str_fn(a, 1, name, |a| Ok(Value::from(html_escape(&s(&a[0]))))),
        "htmlUnescape" => str_fn(a, 1, name, |a| Ok(Value::from(html_unescape(&s(&a[0]))))),
        // html/template treats the `html` builtin as its own HTML escaper.
        "html" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Html, html_escape(&s(&a[0])).into()))
        }),
        "plainify" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Html, plainify(&s(&a[0])).into()))
        }),
        "urlize" => str_fn(a, 1, name, |a| Ok(Value::from(urlize(&s(&a[0]))))),
        "anchorize" => str_fn(a, 1, name, |a| Ok(Value::from(anchorize(&s(&a[0]))))),
        "urlquery" => Some(Ok(Value::from(query_escape(&super::printf::sprint(a))))),
        "urls.Parse" => str_fn(a, 1, name, |a| {
            Ok(Value::Object(Arc::new(Url::parse(&s(&a[0])))))
        }),
        "urls.JoinPath" => Some(Ok(Value::from(super::urls::url_join_path(a)))),
        "path.Base" => str_fn(a, 1, name, |a| Ok(Value::from(path_base(&s(&a[0]))))),
        "path.Dir" => str_fn(a, 1, name, |a| Ok(Value::from(path_dir(&s(&a[0]))))),
        "path.Ext" => str_fn(a, 1, name, |a| Ok(Value::from(path_ext(&s(&a[0]))))),
        "path.Clean" => str_fn(a, 1, name, |a| {
            Ok(Value::from(path_clean(&s(&a[0]).replace('\\', "/"))))
        }),
        "path.Join" => Some(Ok(Value::from(path_join(a)))),
        "path.BaseName" => str_fn(a, 1, name, |a| {
            let b = path_base(&s(&a[0]));
            let e = path_ext(&b);
            Ok(Value::from(b[..b.len() - e.len()].to_string()))
        }),
        "jsonify" => str_fn(a, 1, name, jsonify),
        "base64Encode" => str_fn(a, 1, name, |a| Ok(Value::from(base64_encode(&s(&a[0]))))),
        "base64Decode" => str_fn(a, 1, name, |a| base64_decode(&s(&a[0])).map(Value::from)),
        "unmarshal" => str_fn(a, 1, name, |a| unmarshal(a.last().unwrap_or(&Value::Nil))),
        "emojify" => str_fn(a, 1, name, |a| {
            Ok(Value::Safe(SafeKind::Html, emojify(&s(&a[0])).into()))
        }),
        "dateFormat" => str_fn(a, 2, name, |a| {
            let t = parse_time(&a[1])?;
            Ok(Value::from(t.format(&s(&a[0]))))
        }),
        "time" => str_fn(a, 1, name, |a| {
            Ok(Value::Object(Arc::new(parse_time(&a[0])?)))
        }),
        "time.Now" => None,
        _ => None,
    }
}

/// Go's `html.EscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `html.UnescapeString` for numeric and common named entities.
pub fn html_unescape(s: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("copy", "©"),
        ("reg", "®"),
        ("hellip", "…"),
        ("mdash", "—"),
        ("ndash", "–"),
        ("laquo", "«"),
        ("raquo", "»"),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        let end = r.find(';').filter(|&e| e <= 32);
        let decoded = end.and_then(|e| {
            let ent = &r[..e];
            let ch = if let Some(num) = ent.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == ent)
                    .map(|(_, v)| v.to_string())
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push_str(&c);
                rest = &r[used..];
            }
            None => {
                out.push('&');
                rest = r;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Hugo's `emojify`: the `:name:` shortcodes of `s` (GitHub's names, [`crate::emoji`]).
fn emojify(s: &str) -> String {
    // Hugo's scan (helpers.Emojify), including its quirk of not adjusting
    // the scan offset after a replacement.
    const MAX_KEY: usize = 50;
    let mut src: Vec<u8> = s.as_bytes().to_vec();
    let mut start = 0usize;
    while let Some(k) = find_byte(&src[start..], b':') {
        let j = start + k;
        let upper = (j + MAX_KEY).min(src.len());
        let end_emoji = find_byte(&src[j + 1..upper], b':');
        let next_space = find_byte(&src[j..upper], b' ');
        match end_emoji {
            None => start += 1,
            Some(e) if e == 0 || next_space.is_some_and(|w| w < e) => start += e + 1,
            Some(e) => {
                let end_key = e + j + 2;
                let key = std::str::from_utf8(&src[j + 1..end_key - 1]).unwrap_or("");
                if let Some(emoji) = crate::emoji::lookup(key) {
                    src.splice(j..end_key, emoji.bytes());
                }
                start += e;
            }
        }
        if start >= src.len() {
            break;
        }
    }
    String::from_utf8(src).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn find_byte(b: &[u8], c: u8) -> Option<usize> {
    b.iter().position(|&x| x == c)
}
