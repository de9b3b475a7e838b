//! Math typeset at build time: TeX (what KaTeX and MathJax read) becomes MathML Core, which
//! browsers draw natively, so the book needs no script, no font download and no network.
//!
//! The TeX is parsed and rendered by `pulldown-latex` (a KaTeX-like subset of LaTeX and
//! amsmath). Its MathML is written into Markdown: inside a paragraph or a table cell, so
//! every character of its text that Markdown reads (`*`, `_`, `|`, `\`, ...) is written as
//! an entity, and the output has no blank line. The TeX source rides along as the
//! `application/x-tex` annotation (copy and paste, assistive technology).
//!
//! The delimiters of [`find_delimited`] are those of Hugo's documented passthrough set-up
//! (`markup.goldmark.extensions.passthrough`: `\[…\]` and `$$…$$` for blocks, `\(…\)`
//! inline), which are also KaTeX auto-render's defaults (hugo-book's `katex`).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};
use std::ops::Range;

/// How a formula sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// In the line (`\(…\)`, a `katex` shortcode without `display`).
    Inline,
    /// On its own line, centred (`$$…$$`, `\[…\]`, `display=true`).
    Block,
}

/// TeX that does not parse: the parser's first message (one line, without its context
/// drawing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TexError(pub String);

impl std::fmt::Display for TexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The MathML of `tex` as one line of HTML safe inside Markdown text (see the module
/// documentation); `class` is added to the `<math>` element when not empty.
pub fn to_mathml(tex: &str, display: Display, class: &str) -> Result<String, TexError> {
    // pulldown-latex says it needs more testing: a panic inside it is a located warning
    // here, not a crash of the build.
    std::panic::catch_unwind(|| render(tex, display, class)).unwrap_or_else(|_| {
        Err(TexError(
            "the TeX renderer failed on this formula".to_string(),
        ))
    })
}

fn render(tex: &str, display: Display, class: &str) -> Result<String, TexError> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        let message = error.to_string();
        let first = message.lines().next().unwrap_or("").trim();
        return Err(TexError(first.to_string()));
    }
    let config = RenderConfig {
        display_mode: match display {
            Display::Inline => DisplayMode::Inline,
            Display::Block => DisplayMode::Block,
        },
        ..RenderConfig::default()
    };
    let mut raw = String::new();
    push_mathml(&mut raw, events.into_iter(), config)
        .map_err(|e| TexError(format!("cannot write MathML: {e}")))?;
    let body = raw
        .strip_prefix(match display {
            Display::Inline => "<math display=\"inline\">",
            Display::Block => "<math display=\"block\">",
        })
        .and_then(|r| r.strip_suffix("</math>"))
        .ok_or_else(|| TexError("unexpected MathML from the TeX renderer".to_string()))?;
    let mut out = String::with_capacity(body.len() + tex.len() + 96);
    let display_name = match display {
        Display::Inline => "inline",
        Display::Block => "block",
    };
    out.push_str(&format!("<math display=\"{display_name}\""));
    if !class.is_empty() {
        out.push_str(&format!(" class=\"{class}\""));
    }
    out.push_str("><semantics><mrow>");
    write_safe_markup(&mut out, body);
    out.push_str("</mrow><annotation encoding=\"application/x-tex\">");
    write_safe_text(&mut out, tex.trim());
    out.push_str("</annotation></semantics></math>");
    Ok(out)
}

/// The MathML Core element names the renderer writes: a `<` that starts one of these is a
/// tag, any other `<` is text (the renderer leaves `<`, `>` and `&` in `<mo>` and `<mi>`
/// unescaped).
const ELEMENTS: &[&str] = &[
    "annotation",
    "maction",
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
];

/// The length of the tag at the start of `rest`, if it is one of [`ELEMENTS`].
fn tag_length(rest: &str) -> Option<usize> {
    let name_start = if rest.starts_with("</") { 2 } else { 1 };
    let after = &rest[name_start..];
    let name_end = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let name = &after[..name_end];
    let next = after[name_end..].chars().next();
    if !ELEMENTS.contains(&name) || !matches!(next, Some(' ' | '>' | '/')) {
        return None;
    }
    rest.find('>').map(|end| end + 1)
}

/// Copies MathML, its tags as they are and its text through [`write_safe_text`].
fn write_safe_markup(out: &mut String, markup: &str) {
    let mut rest = markup;
    while !rest.is_empty() {
        if rest.starts_with('<')
            && let Some(length) = tag_length(rest)
        {
            out.push_str(&rest[..length]);
            rest = &rest[length..];
            continue;
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
        write_safe_text(out, &unescape_entities(&rest[..end]));
        rest = &rest[end..];
    }
}

/// Text with the renderer's own escapes undone (`&lt;`, `&gt;`, `&amp;`), so that
/// [`write_safe_text`] escapes every character once.
fn unescape_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Writes text for an HTML element inside Markdown: HTML's specials and every character
/// Markdown or a table row reads are numeric entities, and a line break is `&#10;` (so a
/// formula never ends a paragraph).
fn write_safe_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '_' | '[' | ']' | '`' | '|' | '$' | '~' | '{' | '}' | '!' | '\n'
            | '\r' => out.push_str(&format!("&#{};", u32::from(c))),
            c => out.push(c),
        }
    }
}

/// A formula found in Markdown text by [`find_delimited`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delimited {
    /// The whole formula with its delimiters.
    pub span: Range<usize>,
    /// The TeX between the delimiters.
    pub tex: Range<usize>,
    /// Block (`$$`, `\[`) or inline (`\(`).
    pub display: Display,
}

/// The delimiter pairs, opening first. The doubled backslashes come first: without the
/// passthrough extension Markdown turns `\\(` into the `\(` that KaTeX's auto-render
/// (hugo-book) and MathJax (Relearn) then find, so that is how those sites write them.
const DELIMITERS: &[(&str, &str, Display)] = &[
    ("$$", "$$", Display::Block),
    ("\\\\[", "\\\\]", Display::Block),
    ("\\\\(", "\\\\)", Display::Inline),
    ("\\[", "\\]", Display::Block),
    ("\\(", "\\)", Display::Inline),
];

/// The formulas in `text` outside the `skip` ranges (code, HTML blocks), in order. An
/// opening delimiter without its closing one, or with only blank space between, is text.
pub fn find_delimited(text: &str, skip: &[Range<usize>]) -> Vec<Delimited> {
    let mut found = Vec::new();
    let mut at = 0;
    let bytes = text.as_bytes();
    while let Some(offset) = memchr::memchr2(b'$', b'\\', &bytes[at..]) {
        let start = at + offset;
        if let Some(range) = skip.iter().find(|r| r.contains(&start)) {
            at = range.end.max(start + 1);
            continue;
        }
        if text[..start].ends_with('\\') && !text[..start].ends_with("\\\\") {
            // `\$$` or `\\(`: an escaped delimiter.
            at = start + 1;
            continue;
        }
        let Some(formula) = formula_at(text, start, skip) else {
            at = start + 1;
            continue;
        };
        at = formula.span.end;
        found.push(formula);
    }
    found
}

/// The formula whose opening delimiter is at `start`, if it closes.
fn formula_at(text: &str, start: usize, skip: &[Range<usize>]) -> Option<Delimited> {
    let rest = &text[start..];
    let &(open, close, display) = DELIMITERS
        .iter()
        .find(|(open, _, _)| rest.starts_with(open))?;
    let tex_start = start + open.len();
    let end = text[tex_start..].find(close)? + tex_start;
    let tex = &text[tex_start..end];
    let crosses_skip = skip.iter().any(|r| r.start > start && r.start < end);
    // A blank line ends a paragraph: a formula never spans one.
    if tex.trim().is_empty() || crosses_skip || tex.contains("\n\n") || tex.contains("\n \n") {
        return None;
    }
    Some(Delimited {
        span: start..end + close.len(),
        tex: tex_start..end,
        display,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of TeX, good and bad.
    const PIECES: &[&str] = &[
        "x",
        "^",
        "_",
        "{",
        "}",
        "\\frac",
        "\\sqrt",
        "\\left(",
        "\\right)",
        "\\begin{aligned}",
        "\\end{aligned}",
        "&",
        "\\\\",
        "\\,",
        "<",
        ">",
        "|",
        "*",
        "\\text{",
        "é",
        "∑",
        " ",
        "\n",
        "\\foo",
        "[",
        "]",
        "$",
        "\\operatorname{",
        "%",
        "\\over",
        "\\mathbb{R}",
        "2",
    ];

    proptest! {
        /// Any TeX gives MathML on one paragraph line with no raw Markdown character in
        /// its text, or an error; never a panic.
        #[test]
        fn any_tex_is_safe(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..16)) {
            let tex = pieces.concat();
            if let Ok(html) = to_mathml(&tex, Display::Block, "") {
                prop_assert!(!html.contains('\n'), "{}", html);
                let text: String = html
                    .split('<')
                    .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
                    .collect();
                prop_assert!(!text.contains(['|', '*', '_', '\\', '`']), "{}", html);
            }
        }
    }

    #[test]
    fn thin_spaces_and_markdown_characters_survive() {
        let html = to_mathml(r"a_1 * b_2 \, | x", Display::Inline, "").unwrap();
        assert!(
            html.starts_with("<math display=\"inline\"><semantics>"),
            "{html}"
        );
        assert!(html.contains("<mspace"), "`\\,` is a thin space: {html}");
        for raw in ["_", "*", "|", "\\"] {
            let text_only: String = html
                .split('<')
                .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
                .collect();
            assert!(!text_only.contains(raw), "{raw:?} is escaped in {html}");
        }
        assert!(
            html.contains("&#92;,"),
            "the annotation keeps `\\,`: {html}"
        );
    }

    #[test]
    fn less_than_in_an_operator_is_escaped() {
        let html = to_mathml("a<b", Display::Block, "x").unwrap();
        assert!(html.contains("<mo>&lt;</mo>"), "{html}");
        assert!(
            html.starts_with("<math display=\"block\" class=\"x\">"),
            "{html}"
        );
    }

    #[test]
    fn bad_tex_is_an_error_with_one_line() {
        let error = to_mathml(r"\frac{a}{b", Display::Block, "").unwrap_err();
        assert!(error.0.contains("unbalanced group"), "{error}");
        assert!(!error.0.contains('\n'));
    }

    #[test]
    fn delimiters_outside_code_are_found() {
        let text = "a $$x^2$$ b `\\(y\\)` c \\(z\\) d \\[w\\] \\\\(\\pi\\\\) $5 and $$\n\n$$";
        let code = text.find('`').unwrap()..text.rfind('`').unwrap() + 1;
        let found = find_delimited(text, &[code]);
        let tex: Vec<&str> = found.iter().map(|f| &text[f.tex.clone()]).collect();
        assert_eq!(tex, ["x^2", "z", "w", "\\pi"]);
        assert_eq!(found[1].display, Display::Inline);
        assert_eq!(found[2].display, Display::Block);
        assert_eq!(found[3].display, Display::Inline);
    }
}
