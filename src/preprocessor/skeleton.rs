//! The payload without its chapters' contents: one scan of mdBook's `[context, book]` JSON,
//! as it is read, finds each chapter's `content` string and writes everything else (the
//! context, names, paths, numbers: a few dozen bytes a chapter) as a skeleton in which each
//! content is replaced by its number, for `serde_json` to parse.
//!
//! The input is read through windows of about [`WINDOW`] bytes, never whole: a book's
//! payload is tens of megabytes, and memory the process has not touched yet costs a page
//! fault for every 4 KiB of it, far more than reading the bytes. Each window in which
//! contents were found goes to the caller ([`Contents`]), who decodes them where they lie
//! and gives the window back to be read into again. A string that a window's end cuts is
//! moved to the front of the next window and scanned again whole, the next window made
//! twice as large as it when it is more than half of one.
//!
//! The contents are almost all of the payload, and every line of them ends in an escape
//! (`\n`). `serde_json` skips a string eight bytes at a time and stops at every escape;
//! this scan jumps from quote to quote with `memchr` (32 bytes at a time).
//!
//! It recognises JSON as mdBook writes it (`serde_json`, [mdBook docs: preprocessors]
//! (https://rust-lang.github.io/mdBook/for_developers/preprocessors.html)); at a key
//! written with escapes in the book, a `content` that is not a string, a string left open
//! or a closing bracket too many it stops ([`Skeleton::refused`]) and keeps the rest of the
//! input as it is, so that the caller can put the input together again, byte for byte, for
//! `serde_json` alone. The contents are not checked here: their decoding checks them.

use std::io::{ErrorKind, Read, Write};
use std::ops::Range;

/// How many bytes the window holds at first (it grows only for a longer string).
pub const WINDOW: usize = 1 << 18;

/// The payload with its contents cut out ([`scan`]).
#[derive(Debug, Default)]
pub struct Skeleton {
    /// The payload's JSON with the value of each `content` key of the book replaced by its
    /// index (a JSON number), in the order found; not checked as UTF-8. When the scan was
    /// [`refused`](Skeleton::refused), the input as far as the scan went.
    pub json: Vec<u8>,
    /// Where in `json` each content's number lies, by index.
    pub numbers: Vec<Range<usize>>,
    /// `None` when the whole input was read as mdBook writes it; otherwise the rest of the
    /// input, after what `json` holds: `json` with each number replaced by its content's
    /// JSON text, then this, is the input byte for byte.
    pub refused: Option<Vec<u8>>,
}

/// The contents found in one window: the window's bytes, and each content's index and
/// place (its JSON string literal, quotes included) in them.
pub struct Batch {
    /// The window, as read (only the contents' places matter).
    pub bytes: Vec<u8>,
    /// Each content's index and place in `bytes`, in order.
    pub contents: Vec<(usize, Range<usize>)>,
}

/// Where [`scan`] hands the contents it finds, and gets its windows from.
pub trait Contents {
    /// The contents found in a window the scan is past, in order.
    fn found(&mut self, batch: Batch);
    /// A buffer for the next window, of any size (it is made to fit): a new one, or one
    /// handed to `found` earlier and done with.
    fn spare(&mut self) -> Vec<u8>;
}

/// Reads mdBook's `[context, book]` JSON from `input` through a window of `window` bytes
/// at first ([`WINDOW`] but in tests) and cuts its contents out, handing each window in
/// which some were found to `contents` as soon as the scan is past it. The input ends at
/// the first read that gives no byte, and no read follows that one (as with
/// `Read::read_to_end`).
///
/// # Errors
/// The error of `input`'s `read` (an interrupted read is tried again).
pub fn scan(
    input: &mut dyn Read,
    window: usize,
    contents: &mut impl Contents,
) -> std::io::Result<Skeleton> {
    let mut window = Window {
        input,
        buffer: vec![0; window.max(1)],
        end: 0,
        eof: false,
    };
    let mut cutter = Cutter::default();
    window.read_more()?;
    loop {
        let step = cutter.cut(window.bytes(), window.eof);
        let found = std::mem::take(&mut cutter.batch);
        if let Step::More(keep_from) = step {
            window.refill(keep_from, found, contents)?;
            continue;
        }
        if !found.is_empty() {
            contents.found(Batch {
                bytes: std::mem::take(&mut window.buffer),
                contents: found,
            });
        }
        if let Step::Refuse = step {
            // Every byte of the window is in the skeleton: the rest is the input's. Once a
            // read has said the input ended, nothing more is read (a terminal would wait
            // for more typing), as `read_to_end` stops there.
            let mut rest = Vec::new();
            if !window.eof {
                window.input.read_to_end(&mut rest)?;
            }
            cutter.skeleton.refused = Some(rest);
        }
        return Ok(cutter.skeleton);
    }
}

/// The part of the input in memory: `buffer[..end]`.
struct Window<'i> {
    input: &'i mut dyn Read,
    buffer: Vec<u8>,
    end: usize,
    /// The input has ended: no byte comes after `end`.
    eof: bool,
}

impl Window<'_> {
    fn bytes(&self) -> &[u8] {
        &self.buffer[..self.end]
    }

    /// Keeps the bytes from `keep_from` on, moved to the front of the next window, and
    /// reads after them. The window in which `found` lie goes to `contents`, which gives
    /// the next one; a window without contents is used again. The next window is at least
    /// as large as this one, and twice as large as what is kept, so that every refill reads
    /// at least half a window.
    fn refill(
        &mut self,
        keep_from: usize,
        found: Vec<(usize, Range<usize>)>,
        contents: &mut impl Contents,
    ) -> std::io::Result<()> {
        let kept = self.end - keep_from;
        let size = self.buffer.len().max(kept * 2);
        if found.is_empty() {
            self.buffer.copy_within(keep_from..self.end, 0);
            self.buffer.resize(size, 0);
        } else {
            let mut next = contents.spare();
            if next.len() < size {
                next.resize(size, 0);
            }
            next[..kept].copy_from_slice(&self.buffer[keep_from..self.end]);
            let bytes = std::mem::replace(&mut self.buffer, next);
            contents.found(Batch {
                bytes,
                contents: found,
            });
        }
        self.end = kept;
        self.read_more()
    }

    /// Reads until the window is full or the input ends.
    fn read_more(&mut self) -> std::io::Result<()> {
        while self.end < self.buffer.len() {
            match self.input.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(read) => self.end += read,
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

/// What [`Cutter::cut`] asks for next.
enum Step {
    /// The input is read to its end, as mdBook writes it.
    Done,
    /// The window's bytes from this one on are not cut yet (a string the window's end
    /// cuts, or none): read more after them.
    More(usize),
    /// The input is not JSON as mdBook writes it; every byte of the window is in the
    /// skeleton.
    Refuse,
}

/// The scan's state between windows.
#[derive(Default)]
struct Cutter {
    skeleton: Skeleton,
    depth: usize,
    /// Which item of the top-level array the scan is in: 0 is the context, 1 the book.
    top_level_item: usize,
    /// A `content` key of the book was read, its value not yet.
    content_key: bool,
    /// The contents found in the window so far: index and place.
    batch: Vec<(usize, Range<usize>)>,
}

impl Cutter {
    /// Cuts `bytes`, the window, from its start: copies them to the skeleton and notes
    /// each content's place in the batch, up to the end or to a string the window's end cuts
    /// (unless `eof`: then such a string is left open, and refused).
    fn cut(&mut self, bytes: &[u8], eof: bool) -> Step {
        let json = &mut self.skeleton.json;
        let mut copied = 0;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            if byte == b'"' {
                let Some(end) = string_end(bytes, at) else {
                    if eof {
                        json.extend_from_slice(&bytes[copied..]);
                        return Step::Refuse;
                    }
                    json.extend_from_slice(&bytes[copied..at]);
                    return Step::More(at);
                };
                if self.content_key {
                    json.extend_from_slice(&bytes[copied..at]);
                    let index = self.skeleton.numbers.len();
                    let start = json.len();
                    // Writing to a `Vec` cannot fail.
                    let _ = write!(json, "{index}");
                    self.skeleton.numbers.push(start..json.len());
                    self.batch.push((index, at..end));
                    copied = end;
                    self.content_key = false;
                } else if self.top_level_item == 1 {
                    match next_byte(bytes, end) {
                        None if !eof => {
                            json.extend_from_slice(&bytes[copied..at]);
                            return Step::More(at);
                        }
                        Some(b':') => {
                            let key = &bytes[at + 1..end - 1];
                            if key.contains(&b'\\') {
                                json.extend_from_slice(&bytes[copied..]);
                                return Step::Refuse;
                            }
                            self.content_key = key == b"content";
                        }
                        _ => {}
                    }
                }
                at = end;
                continue;
            }
            let refused = match byte {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => false,
                _ if self.content_key => true,
                b'[' | b'{' => {
                    self.depth += 1;
                    false
                }
                b']' | b'}' => match self.depth.checked_sub(1) {
                    Some(depth) => {
                        self.depth = depth;
                        false
                    }
                    None => true,
                },
                b',' if self.depth == 1 => {
                    self.top_level_item += 1;
                    false
                }
                _ => false,
            };
            if refused {
                json.extend_from_slice(&bytes[copied..]);
                return Step::Refuse;
            }
            at += 1;
        }
        json.extend_from_slice(&bytes[copied..]);
        if eof {
            Step::Done
        } else {
            Step::More(bytes.len())
        }
    }
}

/// The end (after the closing quote) of the JSON string whose opening quote is at `open`;
/// `None` when `bytes` end first.
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

/// The first byte from `at` on that is not JSON whitespace; `None` when `bytes` end first.
fn next_byte(bytes: &[u8], at: usize) -> Option<u8> {
    bytes[at..]
        .iter()
        .copied()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Collects the contents, and gives the windows back for the next ones (so that what a
    /// window held before must not show).
    #[derive(Default)]
    struct Collect {
        contents: Vec<Vec<u8>>,
        spares: Vec<Vec<u8>>,
    }

    impl Contents for Collect {
        fn found(&mut self, batch: Batch) {
            for (index, place) in batch.contents {
                assert_eq!(index, self.contents.len(), "in order");
                self.contents.push(batch.bytes[place].to_vec());
            }
            self.spares.push(batch.bytes);
        }

        fn spare(&mut self) -> Vec<u8> {
            self.spares.pop().unwrap_or_default()
        }
    }

    /// `raw` scanned through a window of `window` bytes at first: the skeleton, its
    /// contents, in order.
    fn scanned(raw: &str, window: usize) -> (Skeleton, Vec<Vec<u8>>) {
        let mut collect = Collect::default();
        let skeleton = scan(&mut raw.as_bytes(), window, &mut collect).expect("a slice reads");
        for (index, number) in skeleton.numbers.iter().enumerate() {
            assert_eq!(skeleton.json[number.clone()], *index.to_string().as_bytes());
        }
        (skeleton, collect.contents)
    }

    /// The input again, from a skeleton and its contents.
    fn put_together(skeleton: &Skeleton, contents: &[Vec<u8>]) -> Vec<u8> {
        let mut input = Vec::new();
        let mut from = 0;
        for (number, content) in skeleton.numbers.iter().zip(contents) {
            input.extend_from_slice(&skeleton.json[from..number.start]);
            input.extend_from_slice(content);
            from = number.end;
        }
        input.extend_from_slice(&skeleton.json[from..]);
        input.extend(skeleton.refused.iter().flatten());
        input
    }

    /// The skeleton's text and contents of `raw`, the same through windows of every size
    /// (`None` when refused); the input put together again is `raw` in every case.
    fn cut(raw: &str) -> Option<(String, Vec<String>)> {
        let (first, contents) = scanned(raw, WINDOW);
        for window in [1, 2, 3, 5, 8, 13, 64] {
            let (skeleton, these) = scanned(raw, window);
            assert_eq!(put_together(&skeleton, &these), raw.as_bytes(), "{window}");
            assert_eq!(
                skeleton.refused.is_some(),
                first.refused.is_some(),
                "{window}"
            );
            if first.refused.is_none() {
                assert_eq!((&skeleton.json, &these), (&first.json, &contents));
            }
        }
        if first.refused.is_some() {
            return None;
        }
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
        Some((text(first.json), contents.into_iter().map(text).collect()))
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
    fn what_mdbook_never_writes_is_refused_and_kept() {
        // A key with an escape (it may spell `content`), a content that is no string, a
        // string left open, more closing brackets than opening ones.
        for raw in [
            r#"[{}, {"items":[{"Chapter":{"con\u0074ent":"x"}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":5}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":null}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":"x"#,
            r#"[{}, {"items":[{"Chapter":{"content":"x\"#,
            r#"[{}, {"items":[{"Chapter":{"content":"a"}}, {"Chapter":{"content":5}}]}]"#,
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

    #[test]
    fn a_string_longer_than_the_window_grows_it() {
        let long = "line \\\"quoted\\\" \\\\\\n".repeat(5000);
        let raw = format!(r#"[{{}}, {{"items":[{{"Chapter":{{"content":"{long}"}}}}]}}]"#);
        let (skeleton, contents) = scanned(&raw, 16);
        assert_eq!(contents, [format!("\"{long}\"").into_bytes()]);
        assert_eq!(put_together(&skeleton, &contents), raw.as_bytes());
    }

    /// Standard input from a terminal: its input ends (a read gives 0) where the user typed
    /// the end of input (Ctrl-D), and a read after that waits for more typing.
    struct Terminal<'t> {
        typed: &'t [u8],
        ended: bool,
    }

    impl Read for Terminal<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            assert!(!self.ended, "read again after the input ended");
            let read = self.typed.len().min(buffer.len());
            buffer[..read].copy_from_slice(&self.typed[..read]);
            self.typed = &self.typed[read..];
            self.ended = read == 0;
            Ok(read)
        }
    }

    /// Once a read has said the input ended, the scan reads no more, refused or not (as
    /// `read_to_end`, which the whole input was read with before, stops there): the input
    /// is what came before, whatever the scan met in it.
    #[test]
    fn nothing_is_read_after_the_input_ended() {
        for typed in [
            r#"[{}]]"#,
            r#"[{}, {"items":[{"Chapter":{"content":5}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"con\u0074ent":"x"}}]}]"#,
            r#"[{}, {"items":[{"Chapter":{"content":"x"#,
            r#"[{}, {"items":[{"Chapter":{"content":"a\nb"}}]}]"#,
        ] {
            for window in [1, 3, 64, WINDOW] {
                let mut terminal = Terminal {
                    typed: typed.as_bytes(),
                    ended: false,
                };
                let mut collect = Collect::default();
                let skeleton = scan(&mut terminal, window, &mut collect).expect("it reads");
                let input = put_together(&skeleton, &collect.contents);
                assert_eq!(input, typed.as_bytes(), "{window}");
            }
        }
    }
    proptest! {
        /// Any text, JSON or not, is cut the same through windows of every size, and a
        /// refused one is kept byte for byte.
        #[test]
        fn every_window_cuts_alike(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("\"content\"".to_owned()),
                    Just("\"con\\u0074ent\"".to_owned()),
                    Just("\"items\"".to_owned()),
                    "\"[a-z\\\\\" é]{0,6}\"",
                    "[\\[\\]{}:, \n\"\\\\x5é]",
                ],
                0..40,
            ),
            book in proptest::bool::ANY,
        ) {
            let raw = format!("{}{}", if book { "[{}," } else { "" }, pieces.concat());
            let _ = cut(&raw);
        }
    }
}
