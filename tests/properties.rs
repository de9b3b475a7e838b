//! Properties over generated input: no panics, untouched Markdown passes through byte for
//! byte, and converting converted output changes nothing.

mod common;

use common::{convert_one, convert_site};
use mdbook_hugo::Severity;
use proptest::prelude::*;

/// Text built from the characters that matter to the grammar, so the lexer's edge cases
/// (delimiters, quotes, escapes, newlines) come up often.
fn grammar_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{{<",
        "{{%",
        ">}}",
        "%}}",
        "/*",
        "*/",
        "/",
        " ",
        "\n",
        "\t",
        "\"",
        "`",
        "\\",
        "=",
        "x",
        "alert",
        "details",
        "tab",
        "tabs",
        "a=b",
        ".inline",
        "-",
        "é",
        "{",
        "}",
        "<",
        ">",
        "%",
        "---\n",
        "+++\n",
        "[l](/what/)",
        "<div class=\"card\">",
        "<i class=\"fas fa-cog\"></i>",
        "#",
        "```\n",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Markdown with none of the things the converter changes: no shortcodes, no front matter,
/// no site-absolute links, no icons, no cards, no README links, headings Hugo and mdBook
/// give the same id.
fn untouched_markdown() -> impl Strategy<Value = String> {
    let word = "[a-zA-Z0-9]{1,8}";
    let words = prop::collection::vec(word, 1..8).prop_map(|w| w.join(" "));
    let block = prop_oneof![
        words.clone().prop_map(|w| format!("{w}.\n")),
        (1..4usize, words.clone()).prop_map(|(n, w)| format!("{} {w}\n", "#".repeat(n))),
        "[ -~\n]{0,80}".prop_map(|code| format!(
            "```text\n{}\n```\n",
            code.replace("```", "'''").replace("{{", "{ {")
        )),
        words
            .clone()
            .prop_map(|w| format!("- {w}\n- [{w}](other.md#x)\n")),
        // An external link (its destination one word: with a space it would be no link,
        // and its bare URL would be linkified, as Hugo does).
        (word, words.clone())
            .prop_map(|(u, w)| format!("See [{w}](https://example.org/{u}) and `/{w}/`.\n")),
        words
            .clone()
            .prop_map(|w| format!("<div class=\"note\">\n{w}\n</div>\n")),
        words.prop_map(|w| format!("| a | b |\n|---|---|\n| {w} | ![i](img/{w}.png) |\n")),
    ];
    prop::collection::vec(block, 0..12).prop_map(|blocks| blocks.join("\n"))
}

/// Hugo-flavoured chapters made of the pieces real sites use.
fn hugo_chapter() -> impl Strategy<Value = String> {
    let word = "[a-z]{1,8}";
    let words = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
    let block = prop_oneof![
        words.clone().prop_map(|w| format!("{w}\n")),
        words.clone().prop_map(|w| format!("## {w}!\n")),
        words.clone().prop_map(|w| format!("{{{{< lead >}}}}\n{w}\n{{{{< /lead >}}}}\n")),
        (prop::sample::select(vec!["info", "warning", "danger", "success"]), words.clone())
            .prop_map(|(c, w)| format!("{{{{< alert color=\"{c}\" title=\"{w}\" >}}}}\n{w}\n{{{{< /alert >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< details summary=\"{w}\" >}}}}\n{w}\n{{{{< /details >}}}}\n")),
        words.clone().prop_map(|w| format!("{{{{< tabs >}}}}\n{{{{< tab \"{w}\" >}}}}\n{w}\n{{{{< /tab >}}}}\n{{{{< /tabs >}}}}\n")),
        words.clone().prop_map(|w| format!("[{w}](/what/roles/#pgm-and-tpm) [{w}]({{{{< relref \"/what\" >}}}})\n")),
        words.clone().prop_map(|w| format!("Escaped {{{{</* {w} */>}}}} text.\n")),
        words.clone().prop_map(|w| format!("{{{{< mystery {w} >}}}}\n")),
        words.clone().prop_map(|w| format!(
            "<div class=\"row\"><div class=\"col\"><div class=\"card\"><div class=\"card-body\"><span class=\"fas fa-cog fa-2x\"></span><h5 class=\"card-title\">{w}</h5><p class=\"card-text\">{w}<a class=\"stretched-link\" href=\"/what\"></a></p></div></div></div></div>\n"
        )),
        words.prop_map(|w| format!("Icon <i class=\"fa fa-home\"></i> {w}\n")),
    ];
    prop::collection::vec(block, 0..10)
        .prop_map(|blocks| format!("---\ntitle: Generated\n---\n\n{}", blocks.join("\n")))
}

const SITE: &[(&str, &str)] = &[
    ("_index.md", "home"),
    ("what/_index.md", "what"),
    ("what/roles.md", "## PgM and TPM"),
];

fn convert_in_site(text: &str) -> (String, bool) {
    let mut pages = SITE.to_vec();
    pages.push(("guide/page.md", text));
    let converted = convert_site(&pages);
    let failed = !converted.messages(Severity::Error).is_empty();
    (converted.page(SITE.len()).to_string(), failed)
}

/// The characters of `text` a terminal shows as themselves: not white space, control or
/// bidirectional formatting characters (which the diagnostic renderer replaces).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_whitespace()
                && !c.is_control()
                && !('\u{202A}'..='\u{202E}').contains(&c)
                && !('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = convert_one(&text);
        let _ = common::convert_site(&[("a/b.md", &text), ("_index.md", "x")]);
    }

    #[test]
    fn never_panics_on_grammar_soup(text in grammar_soup()) {
        let converted = convert_one(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        for diagnostic in &converted.diagnostics {
            // Each is rendered with its message (the renderer, rustc's, shows tabs as spaces
            // and control characters as visible symbols), and points at a real place.
            prop_assert!(
                visible(&diagnostic.to_string()).contains(&visible(&diagnostic.message)),
                "{} not in {}", diagnostic.message, diagnostic
            );
            if let Some(position) = diagnostic.position {
                prop_assert!(position.line >= 1 && position.line <= lines.len());
                let line = lines[position.line - 1];
                prop_assert!(position.col >= 1 && position.col <= line.chars().count() + 1);
                prop_assert_eq!(diagnostic.line_text.as_str(), line.trim_end_matches('\r'));
            }
        }
    }

    #[test]
    fn untouched_markdown_passes_through_byte_for_byte(text in untouched_markdown()) {
        let converted = convert_one(&text);
        prop_assert_eq!(converted.page(0), text.as_str());
        prop_assert!(converted.problems().is_empty(), "{:?}", converted.problems());
    }

    #[test]
    fn converting_converted_output_changes_nothing(text in hugo_chapter()) {
        let (once, failed) = convert_in_site(&text);
        prop_assume!(!failed);
        let (twice, _) = convert_in_site(&once);
        prop_assert_eq!(twice, once);
    }
}
