//! mdBook's preprocessor payload as JSON, read with the chapters' contents decoded on all
//! cores and written with SIMD escaping or as the very JSON text a chapter came as.
//!
//! mdBook pipes `[context, book]` to a preprocessor and reads the book back
//! ([mdBook docs: preprocessors](https://rust-lang.github.io/mdBook/for_developers/preprocessors.html)).
//! Almost all of those bytes are chapter contents, and unescaping and escaping them is most
//! of what reading and writing the payload costs. A plain `serde_json::from_slice` into
//! mdBook's `Book` and `serde_json::to_writer` back do all of it on one thread. Here the
//! structure is parsed on one thread with each chapter's content left as its JSON text
//! ([`RawValue`], borrowed from the input) and the contents are unescaped in parallel. On
//! the way out each content is escaped with SIMD (`json-escape-simd`, several times
//! faster than serde_json's byte loop, with the same bytes) into one reused buffer.
//!
//! A chapter that the preprocessor gives back unchanged is written as the very JSON text
//! it came as, when that text is what `serde_json` itself writes ([`is_serde_json_form`]),
//! so that a book with nothing to convert is neither decoded nor encoded twice.
//!
//! The reading mirror types and the writer follow exactly the fields, order and serde
//! shape of mdBook's [`Book`], [`BookItem`] and [`Chapter`] (mdbook-core 0.5: plain
//! `derive`s without serde attributes); the tests hold both directions byte for byte
//! against mdBook's own serde.

use anyhow::{Context, Result};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

/// `[context, book]` with every chapter's content still JSON text.
#[derive(Deserialize)]
struct RawPayload<'a>(PreprocessorContext, #[serde(borrow)] RawBook<'a>);

/// mdBook's [`Book`], contents undecoded.
#[derive(Deserialize)]
struct RawBook<'a> {
    #[serde(borrow)]
    items: Vec<RawItem<'a>>,
}

/// mdBook's [`BookItem`], contents undecoded.
#[derive(Deserialize)]
enum RawItem<'a> {
    Chapter(#[serde(borrow)] RawChapter<'a>),
    Separator,
    PartTitle(String),
}

/// mdBook's [`Chapter`], its content undecoded.
#[derive(Deserialize)]
struct RawChapter<'a> {
    name: String,
    #[serde(borrow)]
    content: &'a RawValue,
    number: Option<SectionNumber>,
    #[serde(borrow)]
    sub_items: Vec<RawItem<'a>>,
    path: Option<PathBuf>,
    source_path: Option<PathBuf>,
    parent_names: Vec<String>,
}

/// mdBook's payload, read by [`parse`].
pub struct Payload {
    /// The preprocessor context.
    pub ctx: PreprocessorContext,
    /// The book, as mdBook's own serde would read it.
    pub book: Book,
    /// For each chapter, in the order of `book.iter()` (depth first): where in the input
    /// its content's JSON text lies, when the caller may want it back and that text is
    /// exactly what `serde_json` writes for the content ([`is_serde_json_form`]), so that
    /// it can be written back as it is.
    pub raw_contents: Vec<Option<Range<usize>>>,
}

/// Parses mdBook's `[context, book]` from `raw`: the same values as
/// `serde_json::from_slice::<(PreprocessorContext, Book)>`, with the chapters' contents
/// unescaped on all cores. `keep_raw` says for a content whether its JSON text may be
/// wanted for writing ([`Payload::raw_contents`]).
///
/// # Errors
/// The error of `serde_json` when `raw` is not that payload (the caller explains it).
pub fn parse(
    raw: &[u8],
    keep_raw: impl Fn(&str) -> bool + Sync,
) -> Result<Payload, serde_json::Error> {
    let RawPayload(ctx, book) = serde_json::from_slice(raw)?;
    let mut raw_contents = Vec::new();
    collect_contents(&book.items, &mut raw_contents);
    let offset_in_raw = |text: &str| text.as_ptr() as usize - raw.as_ptr() as usize;
    let decoded: Vec<(String, Option<Range<usize>>)> = raw_contents
        .into_par_iter()
        .map(|raw| {
            let text = raw.get();
            let content = match decode_short_escapes(text) {
                Some(content) => content,
                None => serde_json::from_str(text)?,
            };
            let kept = keep_raw(&content) && is_serde_json_form(text);
            let start = offset_in_raw(text);
            Ok((content, kept.then(|| start..start + text.len())))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let (contents, raw_contents): (Vec<String>, Vec<Option<Range<usize>>>) =
        decoded.into_iter().unzip();
    let items = build_items(book.items, &mut contents.into_iter());
    Ok(Payload {
        ctx,
        book: Book { items },
        raw_contents,
    })
}

/// The value of `raw`, a JSON string literal that `serde_json` has already checked (a
/// [`RawValue`]), when its only escapes are the two-character ones (`\"`, `\\`, `\/`,
/// `\b`, `\f`, `\n`, `\r`, `\t`); `None` for anything else (a `\u` escape above all),
/// which `serde_json` decodes instead.
///
/// The text between escapes is copied whole (found with `memchr`), into a string sized
/// once, where `serde_json` checks byte by byte and copies through a growing scratch buffer:
/// a book's contents escape every line end, so this is most of reading the payload.
fn decode_short_escapes(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'\\', &bytes[from..]) {
        let escape = from + found;
        // A backslash is ASCII: the text before it ends at a character boundary.
        out.push_str(&inner[from..escape]);
        out.push(match bytes.get(escape + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => return None,
        });
        from = escape + 2;
    }
    out.push_str(&inner[from..]);
    Some(out)
}

/// Whether `raw`, a JSON string literal, is written as `serde_json` writes its value: the
/// only escapes are `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` and `\u00XX` (lower-case
/// hex) for the other control characters (serde_json's `format_escaped_str`). A string
/// written so can be copied to the output instead of being decoded and encoded again.
pub fn is_serde_json_form(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    // Without a `\u` or `\/` anywhere, every escape is one of serde_json's short forms.
    if memchr::memmem::find(bytes, b"\\u").is_none()
        && memchr::memmem::find(bytes, b"\\/").is_none()
    {
        return true;
    }
    escapes_are_serde_jsons(bytes)
}

/// [`is_serde_json_form`] escape by escape.
fn escapes_are_serde_jsons(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'\\', &bytes[from..]) {
        let escape = from + found + 1;
        from = escape + 1;
        match bytes.get(escape) {
            Some(b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't') => {}
            Some(b'u') => {
                let value = match bytes.get(escape + 1..escape + 5) {
                    Some([b'0', b'0', high, low]) => lower_hex(*high)
                        .zip(lower_hex(*low))
                        .map(|(high, low)| high * 16 + low),
                    _ => None,
                };
                // serde_json writes `\u00XX` only for control characters without a short form.
                let written_as_u = value
                    .is_some_and(|v| v < 0x20 && !matches!(v, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d));
                if !written_as_u {
                    return false;
                }
                from = escape + 5;
            }
            _ => return false,
        }
    }
    true
}

/// The value of a lower-case hex digit.
fn lower_hex(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

/// The raw contents of `items`' chapters, depth first, as [`build_items`] takes them.
fn collect_contents<'a>(items: &[RawItem<'a>], out: &mut Vec<&'a RawValue>) {
    for item in items {
        if let RawItem::Chapter(chapter) = item {
            out.push(chapter.content);
            collect_contents(&chapter.sub_items, out);
        }
    }
}

/// mdBook's items for `items`, each chapter taking the next of `contents` (in
/// [`collect_contents`]'s order).
fn build_items(
    items: Vec<RawItem<'_>>,
    contents: &mut impl Iterator<Item = String>,
) -> Vec<BookItem> {
    items
        .into_iter()
        .map(|item| match item {
            RawItem::Chapter(chapter) => {
                let content = contents.next().unwrap_or_default();
                BookItem::Chapter(Chapter {
                    name: chapter.name,
                    content,
                    number: chapter.number,
                    sub_items: build_items(chapter.sub_items, contents),
                    path: chapter.path,
                    source_path: chapter.source_path,
                    parent_names: chapter.parent_names,
                })
            }
            RawItem::Separator => BookItem::Separator,
            RawItem::PartTitle(title) => BookItem::PartTitle(title),
        })
        .collect()
}

/// Writes `book` as JSON to `output`: the same bytes as `serde_json::to_writer(output,
/// book)`. A chapter for which `raw_content` gives its content's JSON text is written with
/// that text; the others are escaped with SIMD ([`encode_into`]).
///
/// # Errors
/// When `output` fails.
pub fn write<'r>(
    book: &Book,
    raw_content: impl Fn(&Chapter) -> Option<&'r [u8]>,
    output: &mut dyn Write,
) -> Result<()> {
    let mut chapters = ChapterWriter {
        raw_content,
        buffer: Vec::with_capacity(FLUSH_AT + (FLUSH_AT >> 2)),
        output,
    };
    chapters.buffer.extend_from_slice(b"{\"items\":");
    chapters
        .write_items(&book.items)
        .and_then(|()| {
            chapters.buffer.push(b'}');
            chapters.flush()
        })
        .and_then(|()| chapters.output.flush())
        .context("cannot write the book to standard output")
}

/// How many bytes [`ChapterWriter`] gathers before it writes them out.
const FLUSH_AT: usize = 1 << 20;

/// Appends `text` to `out` as a JSON string literal, byte for byte as `serde_json` writes
/// it (`json-escape-simd`, sonic-rs's escaping; a test holds the two equal).
pub fn encode_into(text: &str, out: &mut Vec<u8>) {
    json_escape_simd::escape_into(text, out);
}

/// Writes chapters into one buffer, written out by the megabyte: each content is encoded
/// straight into it, or copied from its raw JSON text when there is one (a raw text of a
/// megabyte or more goes straight to the output).
struct ChapterWriter<'o, F> {
    raw_content: F,
    buffer: Vec<u8>,
    output: &'o mut dyn Write,
}

impl<'r, F: Fn(&Chapter) -> Option<&'r [u8]>> ChapterWriter<'_, F> {
    /// Writes `items` as mdBook's serde writes a `Vec<BookItem>` (externally tagged enum,
    /// fields in declaration order, no spaces).
    fn write_items(&mut self, items: &[BookItem]) -> std::io::Result<()> {
        self.buffer.push(b'[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.buffer.push(b',');
            }
            match item {
                BookItem::Chapter(chapter) => self.write_chapter(chapter)?,
                other => serde_json::to_writer(&mut self.buffer, other)?,
            }
        }
        self.buffer.push(b']');
        Ok(())
    }

    /// Writes `{"Chapter":{...}}` with mdBook's fields in their order.
    fn write_chapter(&mut self, chapter: &Chapter) -> std::io::Result<()> {
        self.buffer.extend_from_slice(b"{\"Chapter\":{\"name\":");
        serde_json::to_writer(&mut self.buffer, &chapter.name)?;
        self.buffer.extend_from_slice(b",\"content\":");
        match (self.raw_content)(chapter) {
            Some(raw) if raw.len() >= FLUSH_AT => {
                self.flush()?;
                self.output.write_all(raw)?;
            }
            Some(raw) => self.buffer.extend_from_slice(raw),
            None => encode_into(&chapter.content, &mut self.buffer),
        }
        self.buffer.extend_from_slice(b",\"number\":");
        serde_json::to_writer(&mut self.buffer, &chapter.number)?;
        self.buffer.extend_from_slice(b",\"sub_items\":");
        self.write_items(&chapter.sub_items)?;
        self.buffer.extend_from_slice(b",\"path\":");
        serde_json::to_writer(&mut self.buffer, &chapter.path)?;
        self.buffer.extend_from_slice(b",\"source_path\":");
        serde_json::to_writer(&mut self.buffer, &chapter.source_path)?;
        self.buffer.extend_from_slice(b",\"parent_names\":");
        serde_json::to_writer(&mut self.buffer, &chapter.parent_names)?;
        self.buffer.extend_from_slice(b"}}");
        if self.buffer.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out what the buffer holds.
    fn flush(&mut self) -> std::io::Result<()> {
        self.output.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book with every kind of item and field: nested and draft chapters, numbers,
    /// separators, part titles, and contents with every kind of escape.
    fn every_shape() -> Book {
        let mut child = Chapter::new(
            "Child \"quoted\"",
            "tab\there\nquote \" backslash \\ control \u{1} \u{7f} é 😀 \u{2028}".into(),
            "a/child.md",
            vec!["Top".into()],
        );
        child.number = Some(SectionNumber::new(vec![1, 1]));
        let mut top = Chapter::new("Top", "# Top\n\n</script>".into(), "a/README.md", vec![]);
        top.path = Some("a/index.md".into());
        top.number = Some(SectionNumber::new(vec![1]));
        top.sub_items = vec![
            BookItem::Chapter(child),
            BookItem::Chapter(Chapter::new_draft("Draft", vec!["Top".into()])),
        ];
        let mut items = vec![
            BookItem::PartTitle("Part \"one\"".into()),
            BookItem::Chapter(top),
            BookItem::Separator,
            BookItem::Chapter(Chapter::new("Empty", String::new(), "e.md", vec![])),
        ];
        // Longer than the writer's buffer: flushed midway, and copied straight out.
        let big = "line \"quoted\" \\ é\n".repeat(FLUSH_AT / 10);
        items.push(BookItem::Chapter(Chapter::new(
            "Big",
            big,
            "big.md",
            vec![],
        )));
        items.push(BookItem::Chapter(Chapter::new(
            "Last",
            "x".into(),
            "l.md",
            vec![],
        )));
        Book { items }
    }

    fn context_json() -> String {
        let ctx = PreprocessorContext::new(
            "/book".into(),
            mdbook_preprocessor::config::Config::default(),
            "html".into(),
        );
        serde_json::to_string(&ctx).expect("a context serialises")
    }

    fn payload_json(book: &Book) -> String {
        format!(
            "[{}, {}]",
            context_json(),
            serde_json::to_string(book).expect("a book serialises")
        )
    }

    #[test]
    fn parsing_gives_what_mdbooks_own_serde_gives() {
        let book = every_shape();
        let payload = payload_json(&book);
        let parsed = parse(payload.as_bytes(), |_| true).expect("the payload parses");
        let (_, expected): (PreprocessorContext, Book) =
            serde_json::from_str(&payload).expect("mdBook parses it");
        assert_eq!(parsed.book, expected);
        assert_eq!(parsed.book, book);
    }

    #[test]
    fn raw_contents_follow_the_books_chapter_order() {
        let payload = payload_json(&every_shape());
        let parsed = parse(payload.as_bytes(), |content| content != "x").expect("parses");
        let chapters: Vec<&Chapter> = parsed
            .book
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(chapter) => Some(chapter),
                _ => None,
            })
            .collect();
        assert_eq!(chapters.len(), parsed.raw_contents.len());
        for (chapter, raw) in chapters.iter().zip(&parsed.raw_contents) {
            if chapter.content == "x" {
                assert_eq!(raw, &None, "a content the caller does not keep");
                continue;
            }
            let raw = &payload[raw.clone().expect("serde_json wrote every content")];
            assert_eq!(raw, serde_json::to_string(&chapter.content).unwrap());
        }
    }

    #[test]
    fn writing_gives_mdbooks_own_bytes_encoded_or_copied() {
        let book = every_shape();
        let expected = serde_json::to_vec(&book).expect("mdBook writes it");
        let mut encoded = Vec::new();
        write(&book, |_| None, &mut encoded).expect("the book is written");
        assert_eq!(
            String::from_utf8_lossy(&encoded),
            String::from_utf8_lossy(&expected)
        );
        let payload = payload_json(&book);
        let parsed = parse(payload.as_bytes(), |_| true).expect("the payload parses");
        let raw: std::collections::HashMap<String, &[u8]> = parsed
            .book
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(chapter) => Some(chapter.name.clone()),
                _ => None,
            })
            .zip(
                parsed
                    .raw_contents
                    .iter()
                    .map(|r| &payload.as_bytes()[r.clone().expect("serde_json's form")]),
            )
            .collect();
        let mut copied = Vec::new();
        write(
            &book,
            |chapter| raw.get(&chapter.name).copied(),
            &mut copied,
        )
        .expect("the book is written");
        assert_eq!(
            String::from_utf8_lossy(&copied),
            String::from_utf8_lossy(&expected)
        );
    }

    #[test]
    fn only_serde_jsons_own_escapes_count_as_its_form() {
        let written_so = [
            r#""a""#,
            r#""tab\there\n""#,
            r#""\"\\\b\f\r""#,
            r#""\u0001\u001f""#,
            r#""é😀""#,
        ];
        for raw in written_so {
            assert!(is_serde_json_form(raw), "{raw}");
            let value: String = serde_json::from_str(raw).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), raw);
        }
        let written_otherwise = [
            r#""\/""#,
            r#""\u00e9""#,
            r#""\u000a""#,
            r#""\u001F""#,
            r#""\u0020""#,
            r#""\ud83d\ude00""#,
            r#""\u007f""#,
        ];
        for raw in written_otherwise {
            assert!(!is_serde_json_form(raw), "{raw}");
            let value: String = serde_json::from_str(raw).unwrap();
            assert_ne!(serde_json::to_string(&value).unwrap(), raw);
        }
    }

    /// `text` as a JSON string literal, each character escaped (short escapes, `\u` with
    /// upper- or lower-case hex, surrogate pairs beyond the BMP, `\/`) or not as `choices`
    /// say.
    fn written_any_way(text: &str, choices: &[u8]) -> String {
        let mut out = String::from("\"");
        for (index, c) in text.chars().enumerate() {
            let choice = choices
                .get(index % choices.len().max(1))
                .copied()
                .unwrap_or(0);
            let mut units = [0u16; 2];
            let hex = |out: &mut String, units: &[u16]| {
                for unit in units {
                    let escape = format!("\\u{unit:04x}");
                    out.push_str(&if choice % 3 == 1 {
                        escape.to_uppercase().replace("\\U", "\\u")
                    } else {
                        escape
                    });
                }
            };
            match c {
                '"' | '\\' if choice % 2 == 0 => out.extend(['\\', c]),
                '/' if choice % 2 == 0 => out.push_str("\\/"),
                '\n' | '\t' | '\r' | '\u{8}' | '\u{c}' if choice % 2 == 0 => {
                    let short = match c {
                        '\n' => 'n',
                        '\t' => 't',
                        '\r' => 'r',
                        '\u{8}' => 'b',
                        _ => 'f',
                    };
                    out.extend(['\\', short]);
                }
                '"' | '\\' | '\u{0}'..='\u{1f}' => hex(&mut out, c.encode_utf16(&mut units)),
                _ if choice % 4 == 3 => hex(&mut out, c.encode_utf16(&mut units)),
                _ => out.push(c),
            }
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        /// A literal counts as serde_json's form exactly when serde_json writes its value
        /// so: copying it is then the same as decoding and encoding it.
        #[test]
        fn serde_json_form_is_exactly_what_serde_json_writes(
            text in "[a-z\"\\\\/\n\t\u{0}-\u{1f}\u{7f}é😀\u{2028}]{0,12}",
            choices in proptest::collection::vec(0u8..8, 1..12),
        ) {
            let canonical = serde_json::to_string(&text).unwrap();
            proptest::prop_assert!(is_serde_json_form(&canonical));
            let raw = written_any_way(&text, &choices);
            let value: String = serde_json::from_str(&raw).unwrap();
            proptest::prop_assert_eq!(&value, &text);
            proptest::prop_assert_eq!(is_serde_json_form(&raw), raw == canonical, "{}", raw);
        }
    }

    /// Whether the JSON literal `raw` has a `\uXXXX` escape. A `u` after an escaped
    /// backslash (`\\u`) is a letter, not an escape.
    fn has_u_escape(raw: &str) -> bool {
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.next() == Some('u') {
                return true;
            }
        }
        false
    }

    proptest::proptest! {
        /// A literal written any way decodes to serde_json's value, or is left to serde_json
        /// exactly when it has an escape beyond the two-character ones.
        #[test]
        fn decoding_short_escapes_gives_serde_jsons_value(
            text in "[a-z\"\\\\/\n\t\r\u{8}\u{c}\u{0}-\u{1f}\u{7f}é😀\u{2028}]{0,12}",
            choices in proptest::collection::vec(0u8..8, 1..12),
        ) {
            let raw = written_any_way(&text, &choices);
            let decoded = decode_short_escapes(&raw);
            proptest::prop_assert_eq!(decoded.is_none(), has_u_escape(&raw), "{}", raw);
            if let Some(decoded) = decoded {
                proptest::prop_assert_eq!(decoded, text);
            }
        }
    }

    #[test]
    fn decoding_gives_up_on_what_is_not_a_short_escape() {
        for raw in [r#""\u0041""#, r#""a\""#, r#""\x""#, "unquoted", r#""\"#] {
            assert_eq!(decode_short_escapes(raw), None, "{raw}");
        }
        assert_eq!(
            decode_short_escapes(r#""é\\n\n😀\/""#).as_deref(),
            Some("é\\n\n😀/")
        );
        // An escaped backslash before a `u` is not a `\u` escape.
        assert_eq!(decode_short_escapes(r#""\\u""#).as_deref(), Some("\\u"));
    }

    #[test]
    fn encoding_is_serde_jsons_for_every_character_class() {
        let mut every_ascii: String = (0u8..=0x7f).map(char::from).collect();
        every_ascii.push_str("é😀\u{2028}\u{feff}\u{e000} end \\\" ");
        let long = every_ascii.repeat(70);
        for text in [
            String::new(),
            every_ascii,
            long,
            "x".repeat(33),
            "\n".repeat(65),
        ] {
            let mut encoded = Vec::new();
            encode_into(&text, &mut encoded);
            assert_eq!(encoded, serde_json::to_vec(&text).unwrap(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any text encodes as serde_json encodes it.
        #[test]
        fn encoding_equals_serde_json(text in "(?s).{0,300}") {
            let mut encoded = b"prefix".to_vec();
            encode_into(&text, &mut encoded);
            let mut expected = b"prefix".to_vec();
            expected.extend(serde_json::to_vec(&text).unwrap());
            proptest::prop_assert_eq!(encoded, expected);
        }
    }

    #[test]
    fn a_bad_content_string_is_an_error() {
        let payload = format!(
            r#"[{}, {{"items": [{{"Chapter": {{"name": "a", "content": "\ud800", "number": null,
            "sub_items": [], "path": "a.md", "source_path": "a.md", "parent_names": []}}}}]}}]"#,
            context_json()
        );
        assert!(parse(payload.as_bytes(), |_| true).is_err());
        assert!(serde_json::from_str::<(PreprocessorContext, Book)>(&payload).is_err());
    }
}
