//! The changes the import makes to a page's front matter: a `url` when the page's Hugo URL
//! is not the one its place in the book implies, and, in a language with a URL prefix, an
//! alias without the prefix.
//!
//! The preprocessor computes a chapter's Hugo URL from its path and front matter
//! ([`crate::site::Page::hugo_url`]): it does not know the site's `permalinks`, language
//! prefix, section slugs or `uglyURLs`. Writing the URL Hugo computed into the copy makes
//! site-absolute links (`/fr/docs/page/`) resolve to the chapter. Content shared by the
//! languages links without the prefix (`/docs/page/`, Hugo's default-language page); in a
//! one-language book the alias leads such a link to this language's page.

use serde_json::Value;

/// `text` with `key: value` added to its front matter (YAML, TOML or JSON; a page without
/// front matter gets a YAML block). `value` is a string or a list of strings, which read
/// the same in all three forms. The caller makes sure the page does not set `key` already.
pub fn with_field(text: &str, key: &str, value: &Value) -> String {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let body = &text[bom.len()..];
    let written = value.to_string();
    for (fence, line) in [
        ("---", format!("{key}: {written}")),
        ("+++", format!("{key} = {written}")),
    ] {
        if let Some(rest) = body.strip_prefix(fence)
            && let Some(newline) = rest.find('\n')
            && rest[..newline].trim().is_empty()
        {
            let split = fence.len() + newline + 1;
            return format!("{bom}{}{line}\n{}", &body[..split], &body[split..]);
        }
    }
    if body.starts_with('{') && crate::frontmatter::split(text).is_ok_and(|s| s.body_start > 0) {
        let after = &body[1..];
        let comma = if after.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        return format!("{bom}{{\"{key}\": {written}{comma}{after}");
    }
    format!("{bom}---\n{key}: {written}\n---\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::split;

    fn url_of(text: &str) -> Option<String> {
        split(text).unwrap().front_matter.url
    }

    #[test]
    fn every_front_matter_form_gets_the_url() {
        for text in [
            "---\ntitle: A\n---\nBody\n",
            "+++\ntitle = 'A'\n+++\nBody\n",
            "{\n\"title\": \"A\"\n}\nBody\n",
            "{}\nBody\n",
            "Body only\n",
            "\u{feff}---\ntitle: A\n---\nBody\n",
        ] {
            let out = with_field(text, "url", &Value::from("/fr/docs/a \"b\"/"));
            let out = with_field(&out, "aliases", &serde_json::json!(["/docs/a/"]));
            let aliases = split(&out).unwrap().front_matter.aliases;
            assert_eq!(aliases, ["/docs/a/"], "{out}");
            assert_eq!(url_of(&out).as_deref(), Some("/fr/docs/a \"b\"/"), "{out}");
            assert!(
                out.ends_with("Body\n") || out.ends_with("Body only\n"),
                "{out}"
            );
        }
    }
}
