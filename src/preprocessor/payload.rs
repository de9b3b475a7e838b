//! mdBook's preprocessor payload as JSON, read with the chapters' contents decoded on all
//! cores and written with SIMD escaping or as the very JSON text a chapter came as.
//!
//! mdBook pipes `[context, book]` to a preprocessor and reads the book back
//! ([mdBook docs: preprocessors](https://rust-lang.github.io/mdBook/for_developers/preprocessors.html)).
//! Almost all of those bytes are chapter contents, and unescaping and escaping them is most
//! of what reading and writing the payload costs. A plain `serde_json::from_slice` into
//! mdBook's `Book` and `serde_json::to_writer` back do all of it on one thread. Here one
//! scan cuts the contents out of the payload ([`skeleton`]), handing each, as soon as it
//! is found, to the other cores to unescape, and `serde_json` parses what is left, the
//! structure, with each content replaced by its number. On the way out the structure is laid out on
//! one thread and the contents are escaped on all cores with SIMD (`json-escape-simd`,
//! several times faster than serde_json's byte loop, with the same bytes) into a few
//! reused buffers, written out in order.
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
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::mpsc;

use super::skeleton;

/// `[context, book]` as its [`skeleton`] has it: every chapter's content a number.
#[derive(Deserialize)]
struct RawPayload(PreprocessorContext, RawBook);

/// mdBook's [`Book`], contents cut out.
#[derive(Deserialize)]
struct RawBook {
    items: Vec<RawItem>,
}

/// mdBook's [`BookItem`], contents cut out.
#[derive(Deserialize)]
enum RawItem {
    Chapter(MapChapter),
    Separator,
    PartTitle(String),
}

/// A [`RawChapter`] written as a JSON object only. In a chapter written as an array
/// (serde's sequence form of a struct, which mdBook's types read too) the scan cuts no
/// content out, and a number there is no content's index: mdBook's types refuse it, and
/// so must this, for the caller to read the payload with `serde_json` alone.
struct MapChapter(RawChapter);

impl<'de> Deserialize<'de> for MapChapter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Takes a map and reads it as [`RawChapter`]'s derived form would.
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = MapChapter;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a chapter written as a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MapChapter, A::Error> {
                RawChapter::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(MapChapter)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// mdBook's [`Chapter`], its content cut out: the content's index in
/// [`skeleton::Skeleton::contents`].
#[derive(Deserialize)]
struct RawChapter {
    name: String,
    content: usize,
    number: Option<SectionNumber>,
    sub_items: Vec<RawItem>,
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

impl Payload {
    /// `ctx` and `book` read otherwise than by [`parse`] (by `serde_json` alone): no
    /// content's JSON text is known.
    pub fn without_raw_contents(ctx: PreprocessorContext, book: Book) -> Self {
        let chapters = book
            .iter()
            .filter(|item| matches!(item, BookItem::Chapter(_)))
            .count();
        Payload {
            ctx,
            book,
            raw_contents: vec![None; chapters],
        }
    }
}

/// Parses mdBook's `[context, book]` from `raw`: the same values as
/// `serde_json::from_slice::<(PreprocessorContext, Book)>`, with the chapters' contents
/// unescaped on all cores. `keep_raw` says for a content whether its JSON text may be
/// wanted for writing ([`Payload::raw_contents`]).
///
/// The contents are cut out on one thread ([`skeleton::scan`]), and each is handed at once
/// to the other cores: they are decoded while the scan goes on and while `serde_json`
/// parses the skeleton.
///
/// The input is checked as UTF-8 (JSON text is UTF-8, RFC 8259) in pieces: the skeleton
/// by the scan, each content on the core that decodes it, so that the one thread's part
/// stays small; `serde_json` reading a `&str` checks nothing again.
///
/// # Errors
/// The error of `serde_json` when `raw` is not that payload, or not JSON as mdBook writes
/// it ([`skeleton`]: the caller then reads it with `serde_json` alone, or explains it).
pub fn parse(
    raw: &[u8],
    keep_raw: impl Fn(&str) -> bool + Sync,
) -> Result<Payload, serde_json::Error> {
    let (found, receiver) = mpsc::channel();
    // The parse runs first on this thread; the decoding waits for what it finds (all of
    // it, on a pool of one thread, since the channel holds what was sent).
    let (structure, mut decoded) = rayon::join(
        || read_structure(raw, found),
        || decode_as_found(raw, receiver, &keep_raw),
    );
    let (RawPayload(ctx, book), places) = structure?;
    let mut indexes = Vec::new();
    collect_contents(&book.items, &mut indexes);
    let mut contents = Vec::with_capacity(indexes.len());
    let mut raw_contents = Vec::with_capacity(indexes.len());
    for index in indexes {
        let Some(place) = places.get(index).cloned() else {
            return Err(serde::de::Error::custom(
                "a content number the scan never gave",
            ));
        };
        let (content, kept) = match decoded.remove(&place.start) {
            Some(result) => result?,
            None => decode_content(raw, place, &keep_raw)?,
        };
        contents.push(content);
        raw_contents.push(kept);
    }
    // A content no chapter holds (under a key mdBook's types do not read) is checked too.
    if let Some(Err(error)) = decoded.into_values().find(Result::is_err) {
        return Err(error);
    }
    let items = build_items(book.items, &mut contents.into_iter());
    Ok(Payload {
        ctx,
        book: Book { items },
        raw_contents,
    })
}

/// `serde_json`'s error for `raw` (the input or a content's JSON text), which is not
/// UTF-8: it says where.
fn not_utf8(raw: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde::de::IgnoredAny>(raw) {
        Err(error) => error,
        // JSON outside strings is ASCII and serde_json checks every string's UTF-8, so
        // this is not reached; the error stays an error all the same.
        Ok(_) => serde::de::Error::custom("the input is not UTF-8"),
    }
}

/// Cuts the contents out of `raw` ([`skeleton::scan`]), sending each content's place to
/// `found` as soon as it is found, then parses the skeleton; gives the contents' places by
/// their numbers. Dropping `found` when the scan ends lets the decoding finish while the
/// skeleton is parsed.
fn read_structure(
    raw: &[u8],
    found: mpsc::Sender<Range<usize>>,
) -> Result<(RawPayload, Vec<Range<usize>>), serde_json::Error> {
    let skeleton = skeleton::scan(raw, |place| {
        // The receiver is gone only if the decoding stopped: the scan goes on.
        let _ = found.send(place);
    });
    drop(found);
    let skeleton = skeleton.ok_or_else(|| {
        serde::de::Error::custom("not JSON as mdBook writes it: left to serde_json")
    })?;
    let payload = serde_json::from_str(&skeleton.json)?;
    Ok((payload, skeleton.contents))
}

/// A content decoded, with its place in the input when it may be written back as it came
/// ([`Payload::raw_contents`]).
type Decoded = (String, Option<Range<usize>>);

/// Decodes on all cores each content whose place comes from `found`, as it comes; gives
/// them by their start in the input.
fn decode_as_found(
    raw: &[u8],
    found: mpsc::Receiver<Range<usize>>,
    keep_raw: &(impl Fn(&str) -> bool + Sync),
) -> rustc_hash::FxHashMap<usize, Result<Decoded, serde_json::Error>> {
    found
        .into_iter()
        .par_bridge()
        .map(|place| (place.start, decode_content(raw, place, keep_raw)))
        .collect()
}

/// The content whose JSON text lies at `place` in `raw`, and that place if `keep_raw`
/// wants it and the text is written as `serde_json` writes it ([`is_serde_json_form`]).
fn decode_content(
    raw: &[u8],
    place: Range<usize>,
    keep_raw: &impl Fn(&str) -> bool,
) -> Result<Decoded, serde_json::Error> {
    let text = raw.get(place.clone()).unwrap_or_default();
    let Ok(text) = std::str::from_utf8(text) else {
        return Err(not_utf8(text));
    };
    let content = match decode_short_escapes(text) {
        Some(content) if !has_control_character(text) => content,
        // serde_json decodes the rest, or says what is wrong (a control character, which
        // JSON strings may not hold, RFC 8259 section 7; an escape that is none).
        _ => serde_json::from_str(text)?,
    };
    let kept = keep_raw(&content) && is_serde_json_form(text);
    Ok((content, kept.then_some(place)))
}

/// Whether `text` holds a control character (U+0000 to U+001F). Every byte is looked at,
/// without an early return, so that the compiler checks many at a time.
fn has_control_character(text: &str) -> bool {
    text.bytes().fold(false, |seen, byte| seen | (byte < 0x20))
}

/// The value of `raw`, a JSON string literal (closed, its control characters checked by
/// the caller), when its only escapes are the two-character ones (`\"`, `\\`, `\/`,
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

/// The content numbers of `items`' chapters, depth first, as [`build_items`] takes them.
fn collect_contents(items: &[RawItem], out: &mut Vec<usize>) {
    for item in items {
        if let RawItem::Chapter(MapChapter(chapter)) = item {
            out.push(chapter.content);
            collect_contents(&chapter.sub_items, out);
        }
    }
}

/// mdBook's items for `items`, each chapter taking the next of `contents` (in
/// [`collect_contents`]'s order).
fn build_items(items: Vec<RawItem>, contents: &mut impl Iterator<Item = String>) -> Vec<BookItem> {
    items
        .into_iter()
        .map(|item| match item {
            RawItem::Chapter(MapChapter(chapter)) => {
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
/// The book's structure is laid out on one thread ([`Layout`]); the contents, almost all
/// of the bytes, are then encoded on all cores, a batch of about [`BATCH`] bytes per core
/// at a time, and written out in order.
///
/// # Errors
/// When `output` fails.
pub fn write<'r>(
    book: &Book,
    raw_content: impl Fn(&Chapter) -> Option<&'r [u8]>,
    output: &mut dyn Write,
) -> Result<()> {
    let mut layout = Layout::default();
    layout.skeleton.extend_from_slice(b"{\"items\":");
    layout
        .write_items(&book.items, &raw_content)
        .and_then(|()| {
            layout.skeleton.push(b'}');
            layout.cut();
            layout.write_out(output)
        })
        .and_then(|()| output.flush())
        .context("cannot write the book to standard output")
}

/// About how many bytes of contents one core encodes before the batches are written out.
const BATCH: usize = 1 << 19;

/// Appends `text` to `out` as a JSON string literal, byte for byte as `serde_json` writes
/// it (`json-escape-simd`, sonic-rs's escaping; a test holds the two equal).
pub fn encode_into(text: &str, out: &mut Vec<u8>) {
    json_escape_simd::escape_into(text, out);
}

/// The book's JSON in order, as pieces: the text of its structure, written while the
/// tree is walked, and the chapters' contents, left to be encoded (or copied) later.
#[derive(Default)]
struct Layout<'b> {
    /// The structure's JSON text, every piece of it.
    skeleton: Vec<u8>,
    pieces: Vec<Piece<'b>>,
    /// Where in `skeleton` the text not yet in `pieces` starts.
    cut_at: usize,
}

/// A piece of the book's JSON ([`Layout`]).
enum Piece<'b> {
    /// Structure text: a range of [`Layout::skeleton`].
    Structure(Range<usize>),
    /// A content to encode as a JSON string.
    Content(&'b str),
    /// A content's JSON text, as it came in.
    Raw(&'b [u8]),
}

impl<'b> Layout<'b> {
    /// Lays out `items` as mdBook's serde writes a `Vec<BookItem>` (externally tagged enum,
    /// fields in declaration order, no spaces).
    fn write_items<'r: 'b>(
        &mut self,
        items: &'b [BookItem],
        raw_content: &impl Fn(&Chapter) -> Option<&'r [u8]>,
    ) -> std::io::Result<()> {
        self.skeleton.push(b'[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.skeleton.push(b',');
            }
            match item {
                BookItem::Chapter(chapter) => self.write_chapter(chapter, raw_content)?,
                other => serde_json::to_writer(&mut self.skeleton, other)?,
            }
        }
        self.skeleton.push(b']');
        Ok(())
    }

    /// Lays out `{"Chapter":{...}}` with mdBook's fields in their order.
    fn write_chapter<'r: 'b>(
        &mut self,
        chapter: &'b Chapter,
        raw_content: &impl Fn(&Chapter) -> Option<&'r [u8]>,
    ) -> std::io::Result<()> {
        let skeleton = &mut self.skeleton;
        skeleton.extend_from_slice(b"{\"Chapter\":{\"name\":");
        serde_json::to_writer(&mut *skeleton, &chapter.name)?;
        skeleton.extend_from_slice(b",\"content\":");
        self.cut();
        self.pieces.push(match raw_content(chapter) {
            Some(raw) => Piece::Raw(raw),
            None => Piece::Content(&chapter.content),
        });
        let skeleton = &mut self.skeleton;
        skeleton.extend_from_slice(b",\"number\":");
        serde_json::to_writer(&mut *skeleton, &chapter.number)?;
        skeleton.extend_from_slice(b",\"sub_items\":");
        self.write_items(&chapter.sub_items, raw_content)?;
        let skeleton = &mut self.skeleton;
        skeleton.extend_from_slice(b",\"path\":");
        serde_json::to_writer(&mut *skeleton, &chapter.path)?;
        skeleton.extend_from_slice(b",\"source_path\":");
        serde_json::to_writer(&mut *skeleton, &chapter.source_path)?;
        skeleton.extend_from_slice(b",\"parent_names\":");
        serde_json::to_writer(&mut *skeleton, &chapter.parent_names)?;
        skeleton.extend_from_slice(b"}}");
        Ok(())
    }

    /// Ends the current piece of structure text (if any) here.
    fn cut(&mut self) {
        if self.cut_at < self.skeleton.len() {
            self.pieces
                .push(Piece::Structure(self.cut_at..self.skeleton.len()));
            self.cut_at = self.skeleton.len();
        }
    }

    /// The pieces in batches of about [`BATCH`] content bytes, in order; a raw content of
    /// [`BATCH`] bytes or more is a batch of its own.
    fn batches(&self) -> Vec<Range<usize>> {
        let mut batches = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (index, piece) in self.pieces.iter().enumerate() {
            let length = match piece {
                Piece::Structure(range) => range.len(),
                Piece::Content(text) => text.len(),
                Piece::Raw(raw) => raw.len(),
            };
            if matches!(piece, Piece::Raw(_)) && length >= BATCH {
                batches.extend((start < index).then_some(start..index));
                batches.push(index..index + 1);
                (start, size) = (index + 1, 0);
                continue;
            }
            size += length;
            if size >= BATCH {
                batches.push(start..index + 1);
                (start, size) = (index + 1, 0);
            }
        }
        batches.extend((start < self.pieces.len()).then_some(start..self.pieces.len()));
        batches
    }

    /// Writes the pieces to `output` in order: as many batches at a time as there are
    /// cores, each encoded into its own reused buffer, then written out.
    fn write_out(&self, output: &mut dyn Write) -> std::io::Result<()> {
        let mut buffers = vec![Vec::new(); rayon::current_num_threads().max(1)];
        for wave in self.batches().chunks(buffers.len()) {
            buffers
                .par_iter_mut()
                .zip(wave.par_iter())
                .for_each(|(buffer, batch)| {
                    buffer.clear();
                    if self.large_raw(batch).is_none() {
                        self.fill(batch.clone(), buffer);
                    }
                });
            for (buffer, batch) in buffers.iter().zip(wave) {
                output.write_all(self.large_raw(batch).unwrap_or(buffer))?;
            }
        }
        Ok(())
    }

    /// A batch's raw content that goes to the output as it is, not through a buffer.
    fn large_raw(&self, batch: &Range<usize>) -> Option<&'b [u8]> {
        match &self.pieces[batch.clone()] {
            [Piece::Raw(raw)] if raw.len() >= BATCH => Some(raw),
            _ => None,
        }
    }

    /// Appends the pieces of `batch` to `buffer`, encoding the contents.
    fn fill(&self, batch: Range<usize>, buffer: &mut Vec<u8>) {
        for piece in &self.pieces[batch] {
            match piece {
                Piece::Structure(range) => buffer.extend_from_slice(&self.skeleton[range.clone()]),
                Piece::Content(text) => encode_into(text, buffer),
                Piece::Raw(raw) => buffer.extend_from_slice(raw),
            }
        }
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
        // Longer than a batch: encoded alone, and copied straight out.
        let big = "line \"quoted\" \\ é\n".repeat(BATCH / 5);
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

    /// The parse hands contents to the decoding as it goes; on a pool of one thread, and
    /// called from inside it, the decoding still gets them all.
    #[test]
    fn parsing_on_a_pool_of_one_thread_finishes() {
        let book = every_shape();
        let payload = payload_json(&book);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool");
        let parsed = pool
            .install(|| parse(payload.as_bytes(), |_| true))
            .expect("the payload parses");
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

    /// Many batches and waves, nested chapters, and raw texts of every size among them.
    #[test]
    fn writing_many_batches_keeps_the_order() {
        let chapter = |index: usize, size: usize| {
            let line = format!("chapter {index} \"quoted\" \\ é\n");
            let mut chapter = Chapter::new(
                &format!("C{index}"),
                line.repeat(size / line.len() + 1),
                format!("c{index}.md"),
                vec![],
            );
            chapter.number = Some(SectionNumber::new(vec![index as u32]));
            chapter
        };
        let mut items = Vec::new();
        for index in 0..300 {
            let size = if index == 150 {
                3 * BATCH
            } else {
                3000 + 37 * index
            };
            let mut parent = chapter(index, size);
            if index % 7 == 0 {
                parent.sub_items = vec![BookItem::Chapter(chapter(1000 + index, 500))];
                items.push(BookItem::Separator);
            }
            items.push(BookItem::Chapter(parent));
        }
        let book = Book { items };
        let expected = serde_json::to_vec(&book).expect("mdBook writes it");
        let raw_texts: std::collections::HashMap<String, Vec<u8>> = book
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(chapter) => Some(chapter),
                _ => None,
            })
            .filter(|chapter| chapter.name.ends_with(['0', '3']))
            .map(|chapter| {
                let raw = serde_json::to_vec(&chapter.content).expect("a string");
                (chapter.name.clone(), raw)
            })
            .collect();
        let mut written = Vec::new();
        let raw_content = |chapter: &Chapter| raw_texts.get(&chapter.name).map(Vec::as_slice);
        write(&book, raw_content, &mut written).expect("the book is written");
        assert!(written == expected, "the bytes differ from serde_json's");
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
