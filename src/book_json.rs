//! Writes the converted book back to mdBook as JSON.
//!
//! The chapters' text is nearly every byte of the book, and escaping it for JSON is the
//! slowest part of writing it. So each chapter's text is escaped on its own, on every core,
//! while the rest of the book (names, numbers, paths) is written by `serde_json` as usual;
//! the escaped texts are then put in their places. The bytes are exactly what
//! `serde_json::to_writer(out, &book)` writes (a test holds it to that).

use anyhow::{Context, Result, bail};
use mdbook_preprocessor::book::{Book, BookItem};
use std::io::Write;

/// Writes `book` to `out` as compact JSON, escaping the chapters' text in parallel.
pub fn write_book(mut book: Book, out: &mut dyn Write) -> Result<()> {
    let mut texts = Vec::new();
    take_texts(&mut book.items, &mut texts);
    let escaped = crate::parallel::map(texts, |text| {
        let mut json = Vec::with_capacity(text.len() + text.len() / 16 + 2);
        write_json_string(&text, &mut json);
        json
    });
    let skeleton = serde_json::to_vec(&book).context("cannot write the book as JSON")?;
    let mut copied = 0;
    for (index, text) in escaped.iter().enumerate() {
        let slot = format!("\"content\":\"{}\"", placeholder(index));
        let Some(found) = memchr::memmem::find(&skeleton[copied..], slot.as_bytes()) else {
            bail!("internal error: the text of chapter {index} has no place in the book's JSON");
        };
        let value_start = copied + found + "\"content\":".len();
        out.write_all(&skeleton[copied..value_start])?;
        out.write_all(text)?;
        copied = copied + found + slot.len();
    }
    out.write_all(&skeleton[copied..])?;
    Ok(())
}

/// Moves every chapter's text into `texts`, in the order `serde_json` writes the chapters
/// (a chapter's `content` comes before its `sub_items`), leaving a numbered placeholder.
fn take_texts(items: &mut [BookItem], texts: &mut Vec<String>) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            let text = std::mem::replace(&mut chapter.content, placeholder(texts.len()));
            texts.push(text);
            take_texts(&mut chapter.sub_items, texts);
        }
    }
}

/// Appends `text` to `out` as a JSON string, quotes included, byte for byte as
/// `serde_json` writes it. Eight bytes are checked at a time: prose rarely needs escaping
/// apart from its newlines.
fn write_json_string(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + 8).min(bytes.len());
        if end - at == 8 && !word_needs_escape(&bytes[at..end]) {
            at = end;
            continue;
        }
        for (offset, &byte) in bytes[at..end].iter().enumerate() {
            if let Some(escape) = escape_for(byte) {
                out.extend_from_slice(&bytes[copied..at + offset]);
                escape.write(out);
                copied = at + offset + 1;
            }
        }
        at = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Whether any of the 8 bytes is a control character, a quote or a backslash: the classic
/// "has a zero byte" and "has a byte less than n" word tricks, exact as yes/no answers.
fn word_needs_escape(eight: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let has_control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    has_control
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// How JSON writes one byte that cannot stand for itself.
enum Escape {
    Short(u8),
    Unicode(u8),
}

impl Escape {
    fn write(self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match self {
            Escape::Short(letter) => out.extend_from_slice(&[b'\\', letter]),
            Escape::Unicode(byte) => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ]),
        }
    }
}

fn escape_for(byte: u8) -> Option<Escape> {
    Some(match byte {
        b'"' => Escape::Short(b'"'),
        b'\\' => Escape::Short(b'\\'),
        b'\n' => Escape::Short(b'n'),
        b'\r' => Escape::Short(b'r'),
        b'\t' => Escape::Short(b't'),
        0x08 => Escape::Short(b'b'),
        0x0C => Escape::Short(b'f'),
        0x00..=0x1F => Escape::Unicode(byte),
        _ => return None,
    })
}

/// Stands for chapter `index`'s text. Written as `"content":"<placeholder>"`, which no
/// escaped string can contain (a quote inside one is always `\"`), so it is found only at
/// the chapter's own `content` key.
fn placeholder(index: usize) -> String {
    format!("mdbook-hugo-text-{index}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::Chapter;
    use std::path::PathBuf;

    fn chapter(name: &str, content: &str, path: &str, sub_items: Vec<BookItem>) -> BookItem {
        let mut chapter = Chapter::new(name, content.to_string(), PathBuf::from(path), Vec::new());
        chapter.sub_items = sub_items;
        BookItem::Chapter(chapter)
    }

    /// A book whose names and texts try to look like the placeholders and their keys.
    fn tricky_book() -> Book {
        let mut draft = Chapter::new_draft("Draft", Vec::new());
        draft.sub_items = vec![chapter(
            "Under a draft",
            "text \u{1} é 🦀",
            "d/u.md",
            vec![],
        )];
        Book::new_with_items(vec![
            BookItem::PartTitle("Part \"one\"".into()),
            chapter(
                "\"content\":\"mdbook-hugo-text-1\"",
                "mdbook-hugo-text-0 \"content\":\"mdbook-hugo-text-2\"\n\\ \t",
                "a.md",
                vec![
                    chapter(
                        "Child",
                        "",
                        "a/b.md",
                        vec![chapter("Grandchild", "x", "a/b/c.md", vec![])],
                    ),
                    BookItem::Separator,
                ],
            ),
            BookItem::Chapter(draft),
            chapter("Last", &"long text ".repeat(1000), "z.md", vec![]),
        ])
    }

    fn serde_string(text: &str) -> String {
        serde_json::to_string(text).unwrap()
    }

    fn our_string(text: &str) -> String {
        let mut out = Vec::new();
        write_json_string(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for byte in 0u8..=0x7F {
            let c = char::from(byte);
            // Alone, in a word of eight, and at every place in a longer run.
            for text in [
                c.to_string(),
                format!("abc{c}defg"),
                format!("{c}bcdefghijklmnop{c}"),
                format!("0123456{c}89abcdef"),
            ] {
                assert_eq!(our_string(&text), serde_string(&text), "{byte:#x}");
            }
        }
    }

    #[test]
    fn multibyte_text_and_every_length_match_serde_json() {
        let sample = "é 🦀 \"q\" \\ \n\t\u{1}\u{7f} ünïcödé ✓ text, with prose.\r\n";
        for end in 0..=sample.len() {
            if let Some(text) = sample.get(..end) {
                assert_eq!(our_string(text), serde_string(text), "{text:?}");
            }
        }
    }

    #[test]
    fn writes_the_same_bytes_as_serde_json() {
        for book in [
            tricky_book(),
            Book::new_with_items(vec![]),
            Book::new_with_items(
                (0..100)
                    .map(|i| {
                        chapter(
                            &format!("C{i}"),
                            &format!("text {i}\n"),
                            &format!("c{i}.md"),
                            vec![],
                        )
                    })
                    .collect(),
            ),
        ] {
            let expected = serde_json::to_vec(&book).unwrap();
            let mut written = Vec::new();
            write_book(book, &mut written).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
