//! mdBook's preprocessor payload as JSON, read with the chapters' contents decoded on all
//! cores and written with SIMD escaping.
//!
//! mdBook pipes `[context, book]` to a preprocessor and reads the book back
//! ([mdBook docs: preprocessors](https://rust-lang.github.io/mdBook/for_developers/preprocessors.html)).
//! Almost all of those bytes are chapter contents, and unescaping and escaping them is most
//! of what reading and writing the payload costs. A plain `serde_json::from_slice` into
//! mdBook's `Book` and `serde_json::to_writer` back do all of it on one thread, after
//! reading the whole input into memory. Here the input is read through a few windows of a
//! quarter of a megabyte, used again and again ([`skeleton`]): one scan cuts the contents
//! out of each window as it comes, and hands the window to the other cores to unescape its
//! contents, while `serde_json` parses what is left, the structure, with each content
//! replaced by its number. The input is never in memory whole, and memory the process has
//! not touched yet costs a page fault for every 4 KiB of it. On the way out the structure
//! is laid out on one thread and the contents are escaped on all cores with SIMD
//! (`json-escape-simd`, several times faster than serde_json's byte loop, with the same
//! bytes) into a few reused buffers, written out in order.
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
use std::io::{Read, Write};
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
/// [`skeleton::Skeleton::numbers`].
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

/// mdBook's payload, read by [`read`].
pub struct Payload {
    /// The preprocessor context.
    pub ctx: PreprocessorContext,
    /// The book, as mdBook's own serde would read it.
    pub book: Book,
}

/// What [`read`] gives.
pub enum Reading {
    /// The payload, read.
    Payload(Box<Payload>),
    /// Input that is not JSON as mdBook writes it ([`skeleton`]), or not mdBook's payload,
    /// or that has a content that does not decode: the whole input, byte for byte, for
    /// `serde_json` to read or to explain.
    Refused(Vec<u8>),
}

/// Reads mdBook's `[context, book]` from `input`: the same values as
/// `serde_json::from_reader::<(PreprocessorContext, Book)>`, with the chapters' contents
/// unescaped on all cores.
///
/// The input is read through windows and the contents are cut out of them on this thread
/// ([`skeleton::scan`]); each window is handed to the pool's threads to decode its
/// contents while the reading goes on, and `serde_json` parses the skeleton here at the
/// end. The input is checked as UTF-8 (JSON text is UTF-8, RFC 8259) in pieces: the
/// skeleton here, each content by the thread that decodes it.
///
/// # Errors
/// The error of `input`'s `read`.
pub fn read(input: &mut dyn Read) -> std::io::Result<Reading> {
    read_through(input, skeleton::WINDOW)
}

/// [`read`] through a window of `window` bytes at first, not [`skeleton::WINDOW`] (for
/// tests: the smaller the window, the more strings its end cuts).
///
/// # Errors
/// The error of `input`'s `read`.
pub fn read_through(input: &mut dyn Read, window: usize) -> std::io::Result<Reading> {
    let (sender, receiver) = mpsc::channel();
    let (skeleton, structure) = rayon::in_place_scope(|scope| {
        let mut decoding = Decoding::new(scope, sender);
        let skeleton = skeleton::scan(input, window, &mut decoding)?;
        // Parsed here while the last contents are decoded.
        let structure = match (&skeleton.refused, std::str::from_utf8(&skeleton.json)) {
            (None, Ok(json)) => serde_json::from_str::<RawPayload>(json).ok(),
            _ => None,
        };
        Ok::<_, std::io::Error>((skeleton, structure))
    })?;
    let mut decoded: Vec<Option<Decoded>> = Vec::new();
    decoded.resize_with(skeleton.numbers.len(), || None);
    for (index, content) in receiver.into_iter().flatten() {
        decoded[index] = Some(content);
    }
    let mut decoded: Vec<Decoded> = decoded.into_iter().flatten().collect();
    let all_decoded = decoded.iter().all(|content| content.content.is_some());
    if let Some(RawPayload(ctx, book)) = structure.filter(|_| all_decoded)
        && let Some(payload) = assemble(ctx, book, &mut decoded)
    {
        return Ok(Reading::Payload(Box::new(payload)));
    }
    Ok(Reading::Refused(put_together(&skeleton, &decoded)))
}

/// Decodes each window of contents that [`skeleton::scan`] finds on the pool's threads,
/// sending the contents by their index, and gives the windows back to the scan once
/// decoded, so that the input is read into the same few windows again and again. When
/// every window is in use (the decoding is behind), the scan waits for one to come back;
/// it decodes the window itself only where it should not wait, or when none comes back
/// soon ([`Decoding::wait_for_spare`]).
///
/// Every content is decoded on the pool's threads where it can be because glibc's malloc
/// gives each thread an arena of its own: a content decoded on the scan's thread lives in
/// the main arena, whose memory, freed when the chapter is converted, the pool's threads
/// never use again. When the scan's thread decoded the windows it could not hand off (63
/// of the 158 of the 2,000-chapter Hugo benchmark book), the whole run faulted in about
/// 17,900 fresh pages of memory (6,500 of them converting); now about 14,900 (4,300 to
/// 5,800 converting), with the same wall time, 13 ms less system time and 12 MB less peak
/// memory.
struct Decoding<'a, 'scope> {
    scope: &'a rayon::Scope<'scope>,
    decoded: mpsc::Sender<Vec<(usize, Decoded)>>,
    /// Windows decoded on the pool, for the scan to use again.
    done: (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Vec<u8>>),
    /// Windows decoded and back.
    spares: Vec<Vec<u8>>,
    /// How many windows there are (the first is the scan's own).
    windows: usize,
    /// How many windows there may be: two for each of the pool's threads, and two more.
    /// More let the scan run further ahead, each new window memory to fault in (a fixed
    /// cost that a small book feels: 8 MiB of windows made the 500-chapter plain book's
    /// cost per megabyte rise against the larger books'); fewer make the scan wait more.
    most_windows: usize,
}

impl<'a, 'scope> Decoding<'a, 'scope> {
    fn new(scope: &'a rayon::Scope<'scope>, decoded: mpsc::Sender<Vec<(usize, Decoded)>>) -> Self {
        Decoding {
            scope,
            decoded,
            done: mpsc::channel(),
            spares: Vec::new(),
            windows: 1,
            most_windows: 2 * rayon::current_num_threads() + 2,
        }
    }

    /// Whether a window is spare, once those decoded on the pool are taken back.
    fn has_spare(&mut self) -> bool {
        self.spares.extend(self.done.1.try_iter());
        !self.spares.is_empty()
    }

    /// Waits for the pool to give a window back, when the scan runs outside a pool of two
    /// threads or more. It does not wait on a thread of the pool (with one thread, nothing
    /// would run the decoding), nor beside a pool of one thread, where the scan's thread is
    /// the only other decoder (waiting there made the benchmark books 10% to 25% slower).
    /// `false` when it does not wait, or no window came back in [`WAIT_FOR_WINDOW`] (a
    /// window of a huge chapter, a pool busy with other work, or a decoding that panicked,
    /// whose panic the scope raises at its end): the scan then decodes the window itself.
    fn wait_for_spare(&mut self) -> bool {
        if rayon::current_thread_index().is_some() || rayon::current_num_threads() < 2 {
            return false;
        }
        match self.done.1.recv_timeout(WAIT_FOR_WINDOW) {
            Ok(window) => {
                self.spares.push(window);
                true
            }
            Err(_) => false,
        }
    }
}

/// How long the scan waits for a window to come back from the pool before it decodes the
/// next window itself: a 256 KiB window takes well under a millisecond to decode (the
/// 158 windows of the 2,000-chapter Hugo benchmark book, about 30 ms on two threads).
const WAIT_FOR_WINDOW: std::time::Duration = std::time::Duration::from_millis(10);

impl skeleton::Contents for Decoding<'_, '_> {
    fn found(&mut self, batch: skeleton::Batch) {
        if self.windows >= self.most_windows && !self.has_spare() && !self.wait_for_spare() {
            let (decoded, window) = decode_batch(batch);
            let _ = self.decoded.send(decoded);
            self.spares.push(window);
            return;
        }
        let (decoded, done) = (self.decoded.clone(), self.done.0.clone());
        self.scope.spawn(move |_| {
            let (contents, window) = decode_batch(batch);
            // The contents' receiver outlives the scope. The windows' goes when the scan
            // has ended, and a window sent after that is freed.
            let _ = decoded.send(contents);
            let _ = done.send(window);
        });
    }

    fn spare(&mut self) -> Vec<u8> {
        if !self.has_spare() {
            self.windows += 1;
        }
        self.spares.pop().unwrap_or_default()
    }
}

/// Decodes the contents of a window; gives them by index, and the window.
fn decode_batch(batch: skeleton::Batch) -> (Vec<(usize, Decoded)>, Vec<u8>) {
    let contents = batch
        .contents
        .into_iter()
        .map(|(index, place)| (index, decode_content(&batch.bytes[place])))
        .collect();
    (contents, batch.bytes)
}

/// The payload from its structure and its contents, each chapter taking the content its
/// number names; `None` when a number is not a content's, or names one twice.
fn assemble(ctx: PreprocessorContext, book: RawBook, decoded: &mut [Decoded]) -> Option<Payload> {
    let mut indexes = Vec::new();
    collect_contents(&book.items, &mut indexes);
    let mut contents = Vec::with_capacity(indexes.len());
    for index in indexes {
        contents.push(decoded.get_mut(index)?.content.take()?);
    }
    let items = build_items(book.items, &mut contents.into_iter());
    Some(Payload {
        ctx,
        book: Book { items },
    })
}

/// The input again, byte for byte, from its skeleton and its contents: each number
/// replaced by its content's JSON text, as it came or, when not kept, encoded again (which
/// gives the same bytes: [`decode_content`] keeps every other text).
fn put_together(skeleton: &skeleton::Skeleton, decoded: &[Decoded]) -> Vec<u8> {
    let mut input = Vec::new();
    let mut from = 0;
    for (number, content) in skeleton.numbers.iter().zip(decoded) {
        input.extend_from_slice(&skeleton.json[from..number.start]);
        match (&content.raw, &content.content) {
            (Some(raw), _) => input.extend_from_slice(raw),
            (None, Some(text)) => encode_into(text, &mut input),
            (None, None) => {}
        }
        from = number.end;
    }
    input.extend_from_slice(&skeleton.json[from..]);
    input.extend(skeleton.refused.iter().flatten());
    input
}

/// A content's JSON text ([`decode_content`]), decoded.
struct Decoded {
    /// Its value; `None` when the text is not a JSON string.
    content: Option<String>,
    /// The text as it came, copied out of its window when it does not decode, or when
    /// encoding the value again might not give it back (an escape beyond serde_json's
    /// two-character ones, or a control character as itself): for [`put_together`].
    raw: Option<Vec<u8>>,
}

/// Decodes `raw`, a content's JSON text (quotes included).
fn decode_content(raw: &[u8]) -> Decoded {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Decoded {
            content: None,
            raw: Some(raw.to_vec()),
        };
    };
    let short = decode_short_escapes(text).filter(|_| !has_control_character(text));
    let encodes_back = short.is_some();
    // serde_json decodes the rest, or refuses it (a control character, which JSON strings
    // may not hold, RFC 8259 section 7; an escape that is none).
    let content = short.or_else(|| serde_json::from_str(text).ok());
    Decoded {
        content,
        raw: (!encodes_back).then(|| raw.to_vec()),
    }
}

/// Whether `text` holds a control character (U+0000 to U+001F). Every byte is looked at,
/// without an early return, so that the compiler checks many at a time.
fn has_control_character(text: &str) -> bool {
    text.bytes().fold(false, |seen, byte| seen | (byte < 0x20))
}

/// The value of `raw`, a JSON string literal (closed, its control characters checked by
/// the caller), when its only escapes are the two-character ones that `serde_json` writes
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`); `None` for anything else (a `\u` escape
/// above all, and `\/`), which `serde_json` decodes instead. So a value decoded here
/// encodes back to `raw` exactly ([`encode_into`]).
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
/// book)`, the contents escaped with SIMD ([`encode_into`]).
///
/// The book's structure is laid out on one thread ([`Layout`]); the contents, almost all
/// of the bytes, are then encoded on all cores, a batch of about [`BATCH`] bytes per core
/// at a time, and written out in order.
///
/// # Errors
/// When `output` fails.
pub fn write(book: &Book, output: &mut dyn Write) -> Result<()> {
    let mut layout = Layout::default();
    layout.skeleton.extend_from_slice(b"{\"items\":");
    layout
        .write_items(&book.items)
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
/// tree is walked, and the chapters' contents, left to be encoded later.
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
}

impl<'b> Layout<'b> {
    /// Lays out `items` as mdBook's serde writes a `Vec<BookItem>` (externally tagged enum,
    /// fields in declaration order, no spaces).
    fn write_items(&mut self, items: &'b [BookItem]) -> std::io::Result<()> {
        self.skeleton.push(b'[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.skeleton.push(b',');
            }
            match item {
                BookItem::Chapter(chapter) => self.write_chapter(chapter)?,
                other => serde_json::to_writer(&mut self.skeleton, other)?,
            }
        }
        self.skeleton.push(b']');
        Ok(())
    }

    /// Lays out `{"Chapter":{...}}` with mdBook's fields in their order.
    fn write_chapter(&mut self, chapter: &'b Chapter) -> std::io::Result<()> {
        let skeleton = &mut self.skeleton;
        skeleton.extend_from_slice(b"{\"Chapter\":{\"name\":");
        serde_json::to_writer(&mut *skeleton, &chapter.name)?;
        skeleton.extend_from_slice(b",\"content\":");
        self.cut();
        self.pieces.push(Piece::Content(&chapter.content));
        let skeleton = &mut self.skeleton;
        skeleton.extend_from_slice(b",\"number\":");
        serde_json::to_writer(&mut *skeleton, &chapter.number)?;
        skeleton.extend_from_slice(b",\"sub_items\":");
        self.write_items(&chapter.sub_items)?;
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

    /// The pieces in batches of about [`BATCH`] content bytes, in order.
    fn batches(&self) -> Vec<Range<usize>> {
        let mut batches = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (index, piece) in self.pieces.iter().enumerate() {
            let length = match piece {
                Piece::Structure(range) => range.len(),
                Piece::Content(text) => text.len(),
            };
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
                    self.fill(batch.clone(), buffer);
                });
            for buffer in &buffers[..wave.len()] {
                output.write_all(buffer)?;
            }
        }
        Ok(())
    }

    /// Appends the pieces of `batch` to `buffer`, encoding the contents.
    fn fill(&self, batch: Range<usize>, buffer: &mut Vec<u8>) {
        for piece in &self.pieces[batch] {
            match piece {
                Piece::Structure(range) => buffer.extend_from_slice(&self.skeleton[range.clone()]),
                Piece::Content(text) => encode_into(text, buffer),
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

    /// `raw` read through a window of `window` bytes at first; a refused input must come
    /// back byte for byte.
    fn parse_through(raw: &[u8], window: usize) -> Option<Payload> {
        match read_through(&mut &raw[..], window).expect("a slice reads") {
            Reading::Payload(payload) => Some(*payload),
            Reading::Refused(input) => {
                assert!(input == raw, "the refused input comes back as it was");
                None
            }
        }
    }

    fn parse(raw: &[u8]) -> Option<Payload> {
        parse_through(raw, skeleton::WINDOW)
    }

    #[test]
    fn reading_gives_what_mdbooks_own_serde_gives_through_any_window() {
        let book = every_shape();
        let payload = payload_json(&book);
        let (_, expected): (PreprocessorContext, Book) =
            serde_json::from_str(&payload).expect("mdBook parses it");
        assert_eq!(expected, book);
        for window in [skeleton::WINDOW, 1, 2, 7, 100, 4096] {
            let parsed = parse_through(payload.as_bytes(), window);
            assert_eq!(parsed.expect("the payload is read").book, book, "{window}");
        }
    }

    /// The reading hands windows of contents to the decoding as it goes, and decodes one
    /// itself when every window is in use; on a pool of one thread, and called from inside
    /// it, it still finishes, through small windows too (many of them at once).
    #[test]
    fn reading_on_a_pool_of_one_thread_finishes() {
        let book = every_shape();
        let payload = payload_json(&book);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool");
        for window in [skeleton::WINDOW, 16] {
            let parsed = pool
                .install(|| parse_through(payload.as_bytes(), window))
                .expect("the payload is read");
            assert_eq!(parsed.book, book);
        }
        // More windows of contents than there may be at a time: the scan's thread decodes
        // some itself (the pool's one thread is busy scanning).
        let many = Book {
            items: (0..300)
                .map(|index| {
                    let content = format!("chapter {index} \"quoted\" \\ é\n").repeat(index % 7);
                    BookItem::Chapter(Chapter::new("c", content, format!("c{index}.md"), vec![]))
                })
                .collect(),
        };
        let payload = payload_json(&many);
        for window in [16, 200] {
            let parsed = pool
                .install(|| parse_through(payload.as_bytes(), window))
                .expect("the payload is read");
            assert_eq!(parsed.book, many);
        }
    }

    /// Input the fast reading refuses, after contents of every kind (some that encode back
    /// to their text, some that do not), comes back byte for byte through every window.
    #[test]
    fn refused_input_comes_back_byte_for_byte() {
        let chapter = |content: &str| {
            format!(
                r#"{{"Chapter":{{"name":"a","content":{content},"number":null,"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}}}"#
            )
        };
        let contents = [
            r#""plain \"quoted\" \\ line\n\t""#,
            r#""\u00e9 \/ slash""#,
            r#""\u0001 upper \u001F""#,
            r#""\ud83d\ude00""#,
        ];
        let good = contents.map(chapter).join(",");
        let context = context_json();
        // A key with an escape after the contents; a content that does not decode; a
        // closing bracket too many; a control character in a content; a content in
        // invalid UTF-8.
        let escaped_key =
            format!(r#"[{context},{{"items":[{good},{{"Chapter":{{"con\u0074ent":"x"}}}}]}}]"#);
        let bad_escape = format!(r#"[{context},{{"items":[{good},{}]}}]"#, chapter(r#""\q""#));
        let too_many = format!(r#"[{context},{{"items":[{good}]}}]]"#);
        let control = format!(
            r#"[{context},{{"items":[{good},{}]}}]"#,
            chapter("\"a\u{1}b\"")
        );
        let mut inputs: Vec<Vec<u8>> = [escaped_key, bad_escape, too_many, control]
            .map(String::into_bytes)
            .to_vec();
        let not_utf8 = format!(r#"[{context},{{"items":[{good},{}]}}]"#, chapter("\"a?b\""));
        let question = not_utf8.rfind('?').expect("the mark");
        let mut not_utf8 = not_utf8.into_bytes();
        not_utf8[question] = 0xff;
        inputs.push(not_utf8);
        for input in &inputs {
            for window in [skeleton::WINDOW, 1, 3, 64] {
                assert!(parse_through(input, window).is_none());
            }
            assert!(serde_json::from_slice::<(PreprocessorContext, Book)>(input).is_err());
        }
        // The same contents in mdBook's form are read, `\u` escapes and all.
        let payload = format!(r#"[{context},{{"items":[{good}]}}]"#);
        let expected: (PreprocessorContext, Book) = serde_json::from_str(&payload).unwrap();
        let parsed = parse(payload.as_bytes()).expect("mdBook's form");
        assert_eq!(parsed.book, expected.1);
    }

    #[test]
    fn writing_gives_mdbooks_own_bytes() {
        let book = every_shape();
        let expected = serde_json::to_vec(&book).expect("mdBook writes it");
        let mut encoded = Vec::new();
        write(&book, &mut encoded).expect("the book is written");
        assert_eq!(
            String::from_utf8_lossy(&encoded),
            String::from_utf8_lossy(&expected)
        );
    }

    /// Many batches and waves, nested chapters, contents of every size among them.
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
        let mut written = Vec::new();
        write(&book, &mut written).expect("the book is written");
        assert!(written == expected, "the bytes differ from serde_json's");
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

    /// Whether the JSON literal `raw` has a `\uXXXX` or a `\/` escape. A `u` after an
    /// escaped backslash (`\\u`) is a letter, not an escape.
    fn has_long_escape(raw: &str) -> bool {
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' && matches!(chars.next(), Some('u' | '/')) {
                return true;
            }
        }
        false
    }

    proptest::proptest! {
        /// A literal written any way decodes to serde_json's value, or is left to serde_json
        /// exactly when it has an escape beyond serde_json's two-character ones; what is
        /// decoded, without a control character as itself, encodes back to the literal.
        #[test]
        fn decoding_short_escapes_gives_serde_jsons_value(
            text in "[a-z\"\\\\/\n\t\r\u{8}\u{c}\u{0}-\u{1f}\u{7f}é😀\u{2028}]{0,12}",
            choices in proptest::collection::vec(0u8..8, 1..12),
        ) {
            let raw = written_any_way(&text, &choices);
            let decoded = decode_short_escapes(&raw);
            proptest::prop_assert_eq!(decoded.is_none(), has_long_escape(&raw), "{}", raw);
            if let Some(decoded) = decoded {
                let mut encoded = Vec::new();
                encode_into(&decoded, &mut encoded);
                proptest::prop_assert!(has_control_character(&raw) || encoded == raw.as_bytes());
                proptest::prop_assert_eq!(decoded, text);
            }
        }
    }

    #[test]
    fn decoding_gives_up_on_what_is_not_a_short_escape() {
        for raw in [
            r#""\u0041""#,
            r#""a\""#,
            r#""\x""#,
            "unquoted",
            r#""\"#,
            r#""\/""#,
        ] {
            assert_eq!(decode_short_escapes(raw), None, "{raw}");
        }
        assert_eq!(
            decode_short_escapes(r#""é\\n\n😀/""#).as_deref(),
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
    fn a_bad_content_string_is_refused() {
        let payload = format!(
            r#"[{}, {{"items": [{{"Chapter": {{"name": "a", "content": "\ud800", "number": null,
            "sub_items": [], "path": "a.md", "source_path": "a.md", "parent_names": []}}}}]}}]"#,
            context_json()
        );
        assert!(parse(payload.as_bytes()).is_none());
        assert!(serde_json::from_str::<(PreprocessorContext, Book)>(&payload).is_err());
    }
}
