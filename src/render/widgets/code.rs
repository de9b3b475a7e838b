//! Code blocks: Hugo's `highlight`, and every shortcode that shows code (Docsy's code tabs
//! and cards, `readfile code=true`), with Hugo's highlight options.
//!
//! mdBook highlights fenced code but cannot number or mark lines. Line numbers
//! (`linenos`, `linenostart`) and marked lines (`hl_lines`) become classes on the fence
//! (```` ```go,hugo-linenos,hugo-hl-2-3 ````) that `theme/hugo-tabs.js` draws beside the
//! code; any other option is a warning.

use super::markup::{deindent, fenced_code};
use crate::render::RenderContext;
use crate::shortcode::Shortcode;

/// The most `hl_lines` ranges one block may mark.
const MAX_RANGES: usize = 64;

/// Hugo's `highlight`: language (0) and options (1), the body as code.
pub(crate) fn highlight(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let lang = sc.params.text("lang", 0).unwrap_or_default().into_owned();
    let options = sc
        .params
        .text("options", 1)
        .unwrap_or_default()
        .into_owned();
    let body = ctx.render_inner(sc);
    let code = deindent(body.trim_start_matches('\n').trim_end(), sc.indent);
    code_block(ctx, sc.open.start, sc.name, &lang, &options, &code, out);
}

/// Writes `code` as a fenced block in `lang` with Hugo's highlight `options` applied as far
/// as mdBook allows; the rest are warnings at `offset`.
pub(crate) fn code_block(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    lang: &str,
    options: &str,
    code: &str,
    out: &mut String,
) {
    let mut info = language(lang);
    let classes = option_classes(ctx, offset, name, options);
    if !classes.is_empty() {
        if info.is_empty() {
            info.push_str("text");
        }
        for class in classes {
            info.push(',');
            info.push_str(&class);
        }
    }
    fenced_code(out, &info, code);
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
fn option_classes(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    options: &str,
) -> Vec<String> {
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
                Err(_) => ctx.warn(
                    offset,
                    format!("{name}: `linenostart={value}` is not a line number; ignored"),
                ),
            },
            "hl_lines" => line_ranges(ctx, offset, name, &value, &mut classes),
            _ => ctx.warn(
                offset,
                format!(
                    "{name}: mdBook cannot apply the highlight option `{key}={value}`; \
                     the code is shown without it"
                ),
            ),
        }
    }
    classes
}

/// `2 4-5` (or `"2","4-5"`) → `hugo-hl-2`, `hugo-hl-4-5`.
fn line_ranges(
    ctx: &mut RenderContext<'_>,
    offset: usize,
    name: &str,
    value: &str,
    classes: &mut Vec<String>,
) {
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
                ctx.warn(
                    offset,
                    format!(
                        "{name}: more than {MAX_RANGES} `hl_lines` ranges; the rest are ignored"
                    ),
                );
                return;
            }
            Some((a, b)) if a == b => classes.push(format!("hugo-hl-{a}")),
            Some((a, b)) if a < b => classes.push(format!("hugo-hl-{a}-{b}")),
            _ => ctx.warn(
                offset,
                format!("{name}: `hl_lines` range {range:?} is not `N` or `N-M`; ignored"),
            ),
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
}
