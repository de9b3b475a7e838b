//! The one change the import makes to a page's text: a front matter `url` when the page's
//! Hugo URL is not the one its place in the book implies.
//!
//! The preprocessor computes a chapter's Hugo URL from its path and front matter
//! ([`crate::site::Page::hugo_url`]): it does not know the site's `permalinks`, language
//! prefix, section slugs or `uglyURLs`. Writing the URL Hugo computed into the copy makes
//! site-absolute links (`/fr/docs/page/`) and the redirect table agree with the site.

use serde_json::Value;

/// `text` with `url: URL` added to its front matter (YAML, TOML or JSON; a page without
/// front matter gets a YAML block). Pages that already set `url` are never given this.
pub fn with_url(text: &str, url: &str) -> String {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let body = &text[bom.len()..];
    let quoted = Value::String(url.to_string()).to_string();
    for (fence, line) in [
        ("---", format!("url: {quoted}")),
        ("+++", format!("url = {quoted}")),
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
        return format!("{bom}{{\"url\": {quoted}{comma}{after}");
    }
    format!("{bom}---\nurl: {quoted}\n---\n{body}")
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
            let out = with_url(text, "/fr/docs/a \"b\"/");
            assert_eq!(url_of(&out).as_deref(), Some("/fr/docs/a \"b\"/"), "{out}");
            assert!(
                out.ends_with("Body\n") || out.ends_with("Body only\n"),
                "{out}"
            );
        }
    }
}
