//! The payload without its chapters' contents: one scan of mdBook's `[context, book]` JSON
//! finds each chapter's `content` string and writes everything else (the context, names,
//! paths, numbers: a few dozen bytes a chapter) as a skeleton in which each content is
//! replaced by its number, for `serde_json` to parse.
//!
//! The contents are almost all of the payload, and every line of them ends in an escape
//! (`\n`). `serde_json` skips a string eight bytes at a time and stops at every escape;
//! this scan jumps from quote to quote with `memchr` (32 bytes at a time),
//! and the parse of the structure, which runs on one thread while the other cores decode
//! the contents, is most of what is serial in reading the payload.
//!
//! It recognises JSON as mdBook writes it (`serde_json`, [mdBook docs: preprocessors]
//! (https://rust-lang.github.io/mdBook/for_developers/preprocessors.html)); a key written
//! with escapes in the book, a `content` that is not a string or a string left open is
//! `None`, and the caller reads the payload with `serde_json` alone. The contents are not
//! checked here: their decoding checks them (as UTF-8 too, on all cores); the skeleton is
//! checked as UTF-8 here, so that with its contents the whole input is.

use std::io::Write;
use std::ops::Range;

/// The payload with its contents cut out ([`scan`]).
#[derive(Debug)]
pub struct Skeleton {
    /// The payload's JSON with the value of each `content` key of the book replaced by its
    /// index in [`Skeleton::contents`] (a JSON number).
    pub json: String,
    /// Where each content's JSON string literal (quotes included) lies in the input, in
    /// the order of the input.
    pub contents: Vec<Range<usize>>,
}

/// Cuts the contents out of `raw`, mdBook's `[context, book]` JSON, calling `found` with
/// each content's place as soon as it is found. `None` when `raw` is not JSON as mdBook
/// writes it (see the module's documentation) or the skeleton is not UTF-8; the skeleton of
/// invalid JSON is invalid JSON.
pub fn scan(raw: &[u8], mut found: impl FnMut(Range<usize>)) -> Option<Skeleton> {
    let bytes = raw;
    let mut json = Vec::with_capacity(raw.len() / 32 + 1024);
    let mut contents = Vec::new();
    let mut copied = 0;
    let mut depth = 0usize;
    // Which item of the top-level array the scan is in: 0 is the context, 1 the book.
    let mut top_level_item = 0usize;
    // A `content` key of the book was read, its value not yet.
    let mut content_key = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' {
            let end = string_end(bytes, at)?;
            if content_key {
                json.extend_from_slice(&raw[copied..at]);
                write!(json, "{}", contents.len()).ok()?;
                contents.push(at..end);
                found(at..end);
                copied = end;
                content_key = false;
            } else if top_level_item == 1 && is_key(bytes, end) {
                let key = &bytes[at + 1..end - 1];
                if key.contains(&b'\\') {
                    return None;
                }
                content_key = key == b"content";
            }
            at = end;
            continue;
        }
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ if content_key => return None,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.checked_sub(1)?,
            b',' if depth == 1 => top_level_item += 1,
            _ => {}
        }
        at += 1;
    }
    json.extend_from_slice(&raw[copied..]);
    Some(Skeleton {
        json: String::from_utf8(json).ok()?,
        contents,
    })
}

/// The end (after the closing quote) of the JSON string whose opening quote is at `open`;
/// `None` when it is never closed.
///
/// Only quotes are searched for (`memchr`): a quote after an odd number of backslashes is
/// escaped (each pair is an escaped backslash), any other closes the string. Contents
/// hold few quotes and an escape on every line, so this stops far less often than a
/// search for both.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    loop {
        let quote = at + memchr::memchr(b'"', bytes.get(at..)?)?;
        let backslashes = bytes[..quote]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return Some(quote + 1);
        }
        at = quote + 1;
    }
}

/// Whether the string ending at `end` is an object's key: a `:` follows it.
fn is_key(bytes: &[u8], end: usize) -> bool {
    bytes[end..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(raw: &str) -> Option<(String, Vec<&str>)> {
        let mut seen = Vec::new();
        let skeleton = scan(raw.as_bytes(), |place| seen.push(place))?;
        assert_eq!(seen, skeleton.contents, "found as they are cut");
        let contents = skeleton.contents.iter().map(|r| &raw[r.clone()]).collect();
        Some((skeleton.json, contents))
    }

    #[test]
    fn the_books_contents_become_their_numbers() {
        let raw = r#"[{"content":"ctx \"keeps\" it"}, {"items":[{"Chapter":{"name":"content",
            "content" : "a \"quoted\" \\ line\n", "sub_items":[{"Chapter":{"content":""}}]}}]}]"#;
        let (json, contents) = cut(raw).expect("mdBook's form");
        assert_eq!(
            json,
            r#"[{"content":"ctx \"keeps\" it"}, {"items":[{"Chapter":{"name":"content",
            "content" : 0, "sub_items":[{"Chapter":{"content":1}}]}}]}]"#
        );
        assert_eq!(contents, [r#""a \"quoted\" \\ line\n""#, r#""""#]);
    }

    #[test]
    fn what_mdbook_never_writes_is_left_to_serde_json() {
        // A key with an escape (it may spell `content`), a content that is no string, a
        // string left open, more closing brackets than opening ones.
        for raw in [
            r#"[{}, {"items":[{"Chapter":{"con\u0074ent":"x"}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":5}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":null}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":"x"#,
            r#"[{}, {"items":[{"Chapter":{"content":"x\"#,
            r#"[{}]]]"#,
        ] {
            assert!(cut(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn keys_with_escapes_in_the_context_are_kept() {
        let raw = r#"[{"a\"b":"\\"}, {"items":[]}]"#;
        let (json, contents) = cut(raw).expect("mdBook's form");
        assert_eq!(json, raw);
        assert!(contents.is_empty());
    }
}
