//! Hugo's highlight options in mdBook's terms, for the `highlight` shortcode, the code
//! shortcodes of themes and fenced code with attributes (```` ```go {hl_lines=[2]} ````).
//!
//! mdBook highlights fenced code but cannot number or mark lines. Line numbers
//! (`linenos`, `linenostart`) and marked lines (`hl_lines`) become classes on the fence
//! (```` ```go,hugo-linenos,hugo-hl-2-3 ````) that `theme/hugo-tabs.js` draws beside the
//! code; any other option is a warning. Option names and forms: Hugo's `highlight`
//! documentation and `transform.Highlight`.

/// The most `hl_lines` ranges one block may mark.
const MAX_RANGES: usize = 64;

/// The fence info string for code in `lang` with Hugo's `options`
/// (`linenos=table,hl_lines=2 4-5`), and a warning for each option mdBook cannot show.
pub fn fence_info(lang: &str, options: &str) -> (String, Vec<String>) {
    let mut info = language(lang);
    let mut warnings = Vec::new();
    let classes = option_classes(options, &mut warnings);
    if !classes.is_empty() {
        if info.is_empty() {
            info.push_str("text");
        }
        for class in classes {
            info.push(',');
            info.push_str(&class);
        }
    }
    (info, warnings)
}

/// Hugo's highlighting options (`transform.Highlight`, `markup.highlight`): on a fence, any
/// other attribute is for the site's code block render hook (Doks' `frame`, for one), which
/// Hugo's own highlighter ignores, and so does the conversion, silently.
pub(crate) const HIGHLIGHT_OPTIONS: &[&str] = &[
    "linenos",
    "linenostart",
    "hl_lines",
    "hl_inline",
    "anchorlinenos",
    "lineanchors",
    "linenumbersintable",
    "style",
    "noclasses",
    "tabwidth",
    "guesssyntax",
    "codefences",
    "wrapperclass",
];

/// A fence's Goldmark attributes (`{title="main.go" linenos=true hl_lines=[2,"4-5"]}`) as
/// Hugo's option string (`linenos=true,hl_lines=[2,"4-5"]`, Hugo's highlighting options
/// only) and the `title`, if any. `.class` and `#id` entries and a render hook's own
/// attributes are dropped: mdBook's fences carry no other classes.
pub fn fence_attributes(attributes: &str) -> (String, Option<String>) {
    let inner = attributes
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}');
    let mut options = Vec::new();
    let mut title = None;
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let end = attribute_end(rest);
        let item = &rest[..end];
        rest = rest[end..].trim_start_matches([' ', ',', '\t']);
        let Some((key, value)) = item.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let key = key.trim();
        if key.eq_ignore_ascii_case("title") {
            title = Some(unquoted.to_string());
        } else if HIGHLIGHT_OPTIONS.contains(&key.to_ascii_lowercase().as_str()) {
            options.push(format!("{key}={value}"));
        }
    }
    (options.join(","), title)
}

/// Where the attribute at the start of `text` ends: at a space or comma outside quotes and
/// brackets.
pub(crate) fn attribute_end(text: &str) -> usize {
    let (mut quoted, mut depth) = (false, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ' ' | '\t' | ',' if !quoted && depth == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

/// The language as a fence may carry it (no backticks, spaces or commas).
fn language(lang: &str) -> String {
    lang.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-'))
        .collect()
}

/// Splits Hugo's option string (`linenos=table,hl_lines=2 4-5` or `hl_lines=[2,"4-5"]`)
/// into `(key, value)` pairs.
fn split_options(options: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = options.trim();
    while !rest.is_empty() {
        let (key, after_key) = match rest.find(['=', ',']) {
            Some(i) if rest.as_bytes()[i] == b'=' => (&rest[..i], &rest[i + 1..]),
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (value, after_value) = if let Some(list) = after_key.strip_prefix('[') {
            let end = list.find(']').unwrap_or(list.len());
            (&list[..end], list.get(end + 1..).unwrap_or(""))
        } else if after_key.starts_with(',') || after_key.is_empty() {
            ("true", after_key)
        } else {
            let end = after_key.find(',').unwrap_or(after_key.len());
            (&after_key[..end], &after_key[end..])
        };
        let key = key.trim().to_ascii_lowercase();
        if !key.is_empty() {
            pairs.push((key, value.trim().to_string()));
        }
        rest = after_value.trim_start_matches([',', ' ']);
    }
    pairs
}

/// The fence classes for the options mdBook can show, warning about the others.
fn option_classes(options: &str, warnings: &mut Vec<String>) -> Vec<String> {
    let mut classes = Vec::new();
    for (key, value) in split_options(options) {
        match key.as_str() {
            "linenos" => {
                if matches!(value.as_str(), "true" | "table" | "inline") {
                    classes.push("hugo-linenos".to_string());
                }
            }
            "linenostart" => match value.parse::<u32>() {
                Ok(start) => classes.push(format!("hugo-linenostart-{start}")),
                Err(_) => warnings.push(format!(
                    "`linenostart={value}` is not a line number; ignored"
                )),
            },
            "hl_lines" => line_ranges(&value, &mut classes, warnings),
            _ => warnings.push(format!(
                "mdBook cannot apply the highlight option `{key}={value}`; \
                 the code is shown without it"
            )),
        }
    }
    classes
}

/// `2 4-5` (or `"2","4-5"`) → `hugo-hl-2`, `hugo-hl-4-5`.
fn line_ranges(value: &str, classes: &mut Vec<String>, warnings: &mut Vec<String>) {
    let ranges = value
        .split([' ', ','])
        .map(|r| r.trim().trim_matches(['"', '\'']))
        .filter(|r| !r.is_empty());
    for (count, range) in ranges.enumerate() {
        let parsed = match range.split_once('-') {
            Some((a, b)) => a.parse::<u32>().ok().zip(b.parse::<u32>().ok()),
            None => range.parse::<u32>().ok().map(|a| (a, a)),
        };
        match parsed {
            Some(_) if count >= MAX_RANGES => {
                warnings.push(format!(
                    "more than {MAX_RANGES} `hl_lines` ranges; the rest are ignored"
                ));
                return;
            }
            Some((a, b)) if a == b => classes.push(format!("hugo-hl-{a}")),
            Some((a, b)) if a < b => classes.push(format!("hugo-hl-{a}-{b}")),
            _ => warnings.push(format!(
                "`hl_lines` range {range:?} is not `N` or `N-M`; ignored"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_split_like_hugo() {
        assert_eq!(
            split_options("linenos=table,hl_lines=8 15-17,linenostart=199"),
            [
                ("linenos".to_string(), "table".to_string()),
                ("hl_lines".to_string(), "8 15-17".to_string()),
                ("linenostart".to_string(), "199".to_string())
            ]
        );
        assert_eq!(
            split_options("hl_lines=[2,\"4-5\"], lineNos"),
            [
                ("hl_lines".to_string(), "2,\"4-5\"".to_string()),
                ("linenos".to_string(), "true".to_string())
            ]
        );
        assert!(split_options("").is_empty());
    }

    #[test]
    fn languages_cannot_break_the_fence() {
        assert_eq!(language("go"), "go");
        assert_eq!(language("c++ ```\n<x>"), "c++x");
    }

    #[test]
    fn fence_attributes_become_options_and_a_title() {
        assert_eq!(
            fence_attributes(
                "{title=\"main.go\" linenos=true hl_lines=[2, \"4-5\"] .x frame=none}"
            ),
            (
                "linenos=true,hl_lines=[2, \"4-5\"]".to_string(),
                Some("main.go".to_string())
            )
        );
        let (info, warnings) = fence_info("go", "linenos=true,hl_lines=[2]");
        assert_eq!(info, "go,hugo-linenos,hugo-hl-2");
        assert!(warnings.is_empty());
    }
}
