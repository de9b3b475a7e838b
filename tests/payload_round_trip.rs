//! mdBook's payload read and written by `preprocessor::payload` against `serde_json`, for
//! random books in other layouts of the same JSON (pretty-printed, keys in reverse order),
//! on rayon pools of one to three threads; errors on every pool, concurrent and nested
//! parses, and a writer that fails. Written by a reviewer of the parallel reading and
//! writing, who had not seen the code before.

use mdbook_hugo::preprocessor::payload::{Payload, Reading, read_through, write};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use proptest::prelude::*;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// Bigger than one of the writer's batches of contents (half a megabyte).
const BATCH: usize = 1 << 19;

fn context_json() -> String {
    let ctx = PreprocessorContext::new(
        "/book".into(),
        mdbook_preprocessor::config::Config::default(),
        "html".into(),
    );
    serde_json::to_string(&ctx).expect("a context serialises")
}

fn payload_of(book: &Book) -> String {
    format!(
        "[{},{}]",
        context_json(),
        serde_json::to_string(book).unwrap()
    )
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "(?s).{0,40}",
        "[a-z\"\\\\/\n\t\r\u{0}-\u{1f}\u{7f}é😀\u{2028}]{0,40}",
        Just(String::new()),
    ]
}

fn chapter_leaf() -> impl Strategy<Value = Chapter> {
    (
        text(),
        text(),
        proptest::option::of(proptest::collection::vec(0u32..5, 0..3)),
        proptest::option::of("[a-z/é]{1,8}"),
        proptest::option::of("[a-z/é]{1,8}"),
        proptest::collection::vec(text(), 0..2),
    )
        .prop_map(|(name, content, number, path, source, parents)| Chapter {
            name,
            content,
            number: number.map(SectionNumber::new),
            sub_items: Vec::new(),
            path: path.map(PathBuf::from),
            source_path: source.map(PathBuf::from),
            parent_names: parents,
        })
}

fn item() -> impl Strategy<Value = BookItem> {
    let leaf = prop_oneof![
        4 => chapter_leaf().prop_map(BookItem::Chapter),
        1 => Just(BookItem::Separator),
        1 => text().prop_map(BookItem::PartTitle),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        (chapter_leaf(), proptest::collection::vec(inner, 0..5)).prop_map(|(mut chapter, sub)| {
            chapter.sub_items = sub;
            BookItem::Chapter(chapter)
        })
    })
}

fn book() -> impl Strategy<Value = Book> {
    proptest::collection::vec(item(), 0..8).prop_map(|items| Book { items })
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool")
}

/// `value` with each object's keys in reverse order (and pretty-printed).
fn reversed_keys(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| {
                    format!(
                        "\n  {} :\t{}",
                        serde_json::to_string(k).unwrap(),
                        reversed_keys(v)
                    )
                })
                .collect();
            format!("{{{}\n}}", fields.join(" , "))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed_keys).collect();
            format!("[ {} ]", items.join(" ,\n"))
        }
        other => serde_json::to_string(other).unwrap(),
    }
}

/// `raw` read through a window of `window` bytes at first; a refused input comes back
/// byte for byte.
fn parse_through(raw: &[u8], window: usize) -> Result<Payload, ()> {
    match read_through(&mut &raw[..], window).expect("a slice reads") {
        Reading::Payload(payload) => Ok(*payload),
        Reading::Refused(input) => {
            assert!(input == raw, "the refused input comes back as it was");
            Err(())
        }
    }
}

/// `raw` read through the usual window.
fn parse(raw: &[u8]) -> Result<Payload, ()> {
    parse_through(raw, 1 << 18)
}

fn check_parse(payload: &str, book: &Book) {
    for (threads, window) in [(1, 1 << 18), (2, 1 << 18), (3, 1 << 18), (1, 5), (2, 64)] {
        let parsed = pool(threads)
            .install(|| parse_through(payload.as_bytes(), window))
            .expect("parses");
        assert_eq!(&parsed.book, book);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_books_round_trip(book in book()) {
        let payload = payload_of(&book);
        check_parse(&payload, &book);
        // Pretty-printed, and with every object's keys reversed (sub_items before content).
        let value: serde_json::Value = serde_json::from_str(&payload).unwrap();
        check_parse(&serde_json::to_string_pretty(&value).unwrap(), &book);
        check_parse(&reversed_keys(&value), &book);
        let expected = serde_json::to_vec(&book).unwrap();
        for threads in [1, 2, 3] {
            let mut written = Vec::new();
            pool(threads).install(|| write(&book, &mut written)).unwrap();
            prop_assert!(written == expected);
        }
    }
}

fn bad_payloads() -> Vec<Vec<u8>> {
    let chapter = |content: &str| {
        format!(
            r#"{{"Chapter":{{"name":"a","content":{content},"number":null,"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}}}"#
        )
    };
    let good = chapter(r#""ok\n""#);
    let mut out = Vec::new();
    for content in [
        r#""\ud800""#,
        r#""\udc00x""#,
        r#""\q""#,
        // A control character as itself: JSON strings may not hold one (RFC 8259 section 7).
        "\"a\u{1}b\"",
        "\"line\nbreak\"",
        "5",
        "null",
        r#"["a"]"#,
    ] {
        out.push(
            format!(
                "[{},{{\"items\":[{good},{},{good}]}}]",
                context_json(),
                chapter(content)
            )
            .into_bytes(),
        );
    }
    let whole = format!("[{},{{\"items\":[{good},{good}]}}]", context_json());
    for cut in [1, 10, whole.len() / 2, whole.len() - 1] {
        out.push(whole.as_bytes()[..cut].to_vec());
    }
    let mut invalid = whole.clone().into_bytes();
    let at = whole.find("ok").unwrap();
    invalid[at] = 0xff;
    out.push(invalid);
    // A bad content before a structure error later on.
    out.push(
        format!(
            "[{},{{\"items\":[{},{good}],\"x\":}}]",
            context_json(),
            chapter(r#""\ud800""#)
        )
        .into_bytes(),
    );
    out.push(b"".to_vec());
    out.push(b"[]".to_vec());
    out
}

#[test]
fn errors_are_reported_on_every_pool_and_the_next_parse_works() {
    let good_book = Book {
        items: vec![BookItem::Chapter(Chapter::new(
            "a",
            "é\n".into(),
            "a.md",
            vec![],
        ))],
    };
    let good = payload_of(&good_book);
    for threads in [1, 2, 3] {
        let pool = pool(threads);
        for (bad, window) in bad_payloads()
            .iter()
            .flat_map(|bad| [(bad, 1 << 18), (bad, 3)])
        {
            let ours = pool.install(|| parse_through(bad, window)).is_err();
            let serde = serde_json::from_slice::<(PreprocessorContext, Book)>(bad).is_err();
            assert!(ours && serde, "{}", String::from_utf8_lossy(bad));
            // The same threads parse a good payload afterwards.
            let parsed = pool.install(|| parse(good.as_bytes())).unwrap();
            assert_eq!(parsed.book, good_book);
        }
    }
}

/// Many parses at once on small pools, nested in parallel iterators.
#[test]
fn concurrent_and_nested_parses_finish() {
    let books: Vec<Book> = (0..16)
        .map(|i| Book {
            items: (0..50)
                .map(|j| {
                    BookItem::Chapter(Chapter::new(
                        &format!("c{i}-{j}"),
                        format!("text {i} {j} \"q\"\n").repeat(j * 50),
                        format!("c{j}.md"),
                        vec![],
                    ))
                })
                .collect(),
        })
        .collect();
    let payloads: Vec<String> = books.iter().map(payload_of).collect();
    for threads in [1, 2, 3] {
        pool(threads).install(|| {
            payloads.par_iter().zip(&books).for_each(|(payload, book)| {
                // Each parse runs a parallel iterator of parses in turn.
                let inner = [100, 4096]
                    .par_iter()
                    .all(|&window| parse_through(payload.as_bytes(), window).is_ok());
                assert!(inner);
                let parsed = parse_through(payload.as_bytes(), 4096).unwrap();
                assert_eq!(&parsed.book, book);
            });
        });
    }
}

struct Failing(usize);
impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0 < buf.len() {
            return Err(std::io::Error::other("disk full"));
        }
        self.0 -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn writing_errors_are_reported() {
    let book = Book {
        items: (0..40)
            .map(|j| {
                BookItem::Chapter(Chapter::new(
                    "c",
                    "x\n".repeat(BATCH / 8),
                    format!("c{j}.md"),
                    vec![],
                ))
            })
            .collect(),
    };
    for limit in [0, 10, BATCH, 3 * BATCH] {
        assert!(write(&book, &mut Failing(limit)).is_err());
    }
}

/// A small deterministic source of choices for [`Layout`] (splitmix64).
struct Choices(u64);

impl Choices {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// Chapter's fields in mdBook's order: the order of its sequence form.
const CHAPTER_FIELDS: [&str; 7] = [
    "name",
    "content",
    "number",
    "sub_items",
    "path",
    "source_path",
    "parent_names",
];

/// Writes a payload's JSON value in an odd layout: whitespace anywhere, characters `\u`
/// escaped, keys shuffled, unknown fields holding `content` keys, chapters and books in
/// their sequence form; with `broken`, also values swapped for others of the wrong type
/// and duplicate keys. Records in `plain` whether the layout is one the fast reading must
/// take (no escaped key, no chapter in sequence form, nothing broken).
struct Layout {
    choices: Choices,
    broken: bool,
    plain: bool,
    /// Whether unknown fields may be added (mdBook's config has none).
    extras: bool,
}

impl Layout {
    fn space(&mut self) -> &'static str {
        ["", "", " ", "\n", "\t", "\r\n  "][self.choices.below(6) as usize]
    }

    fn string(&mut self, text: &str, key: bool) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            let escape = if key {
                self.choices.one_in(40)
            } else {
                self.choices.one_in(6)
            };
            let mut units = [0u16; 2];
            match c {
                '"' | '\\' | '\u{0}'..='\u{1f}' if !escape => {
                    let literal = serde_json::to_string(&c.to_string()).unwrap();
                    out.push_str(&literal[1..literal.len() - 1]);
                }
                '/' if escape && self.choices.one_in(2) => out.push_str("\\/"),
                _ if escape => {
                    if key {
                        self.plain = false;
                    }
                    for unit in c.encode_utf16(&mut units) {
                        let hex = format!("\\u{unit:04x}");
                        if self.choices.one_in(2) {
                            out.push_str(&hex.to_uppercase().replace("\\U", "\\u"));
                        } else {
                            out.push_str(&hex);
                        }
                    }
                }
                _ => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// Something of another type, or a content key where none belongs.
    fn wrong_value(&mut self) -> String {
        [
            "0",
            "1",
            "-1",
            "null",
            "[]",
            "{}",
            r#""content""#,
            r#"{"content":"x"}"#,
            r#""\ud800""#,
            r#"["content"]"#,
        ][self.choices.below(10) as usize]
            .to_string()
    }

    fn value(&mut self, value: &serde_json::Value, parent_key: &str) -> String {
        use serde_json::Value;
        // Broken mostly in the book, once or twice, so that a fault stands alone.
        if self.broken && self.choices.one_in(if self.extras { 40 } else { 400 }) {
            return self.wrong_value();
        }
        match value {
            Value::String(text) => self.string(text, false),
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.value(v, "")).collect();
                self.sequence(&items)
            }
            Value::Object(map) if parent_key == "Chapter" && self.choices.one_in(4) => {
                self.plain = false;
                let mut items: Vec<String> = CHAPTER_FIELDS
                    .iter()
                    .map(|field| self.value(&map[*field], field))
                    .collect();
                if self.broken && self.choices.one_in(2) {
                    // A content that is no string: a number, as the fast reading's own.
                    items[1] = self.choices.below(3).to_string();
                }
                self.sequence(&items)
            }
            Value::Object(map) if parent_key == "<book>" && self.choices.one_in(4) => {
                let items = [self.value(&map["items"], "items")];
                self.sequence(&items)
            }
            Value::Object(map) => {
                let mut fields: Vec<(String, String)> = map
                    .iter()
                    .map(|(k, v)| (self.string(k, true), self.value(v, k)))
                    .collect();
                // An enum's map holds its variant alone.
                let is_enum = map.contains_key("Chapter") || map.contains_key("PartTitle");
                let extras = if self.extras && !is_enum { 3 } else { 0 };
                for _ in 0..self.choices.below(extras + 1) {
                    // Unknown fields, some holding a content of their own.
                    let extra = [
                        r#"{"content": "not a chapter's \"content\": \\"}"#,
                        r#"[{"content":""}, {"content" : "\n\\\\"}]"#,
                        r#""content""#,
                        r#"{"Chapter":{"content":"x"}}"#,
                    ][self.choices.below(4) as usize];
                    let at = self.choices.below(fields.len() as u64 + 1) as usize;
                    fields.insert(at, (format!("\"extra{at}\""), extra.to_string()));
                }
                if self.broken && !fields.is_empty() && self.choices.one_in(40) {
                    let twice = fields[self.choices.below(fields.len() as u64) as usize].clone();
                    fields.push(twice);
                }
                for i in (1..fields.len()).rev() {
                    let j = self.choices.below(i as u64 + 1) as usize;
                    fields.swap(i, j);
                }
                let mut out = String::from("{");
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let (a, b, c) = (self.space(), self.space(), self.space());
                    out.push_str(&format!("{a}{k}{b}:{c}{v}"));
                }
                out.push_str(self.space());
                out.push('}');
                out
            }
            other => other.to_string(),
        }
    }

    fn sequence(&mut self, items: &[String]) -> String {
        let mut out = String::from("[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(self.space());
            out.push_str(item);
            out.push_str(self.space());
        }
        out.push(']');
        out
    }
}

/// Names, paths and contents that spell JSON a scan might take for structure.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        1 => Just("content".to_string()),
        1 => Just(r#""content": "x"#.to_string()),
        1 => "(content|\\\\|\"|:|\\{|\\}|,|\\[|a|é|😀){0,8}",
        1 => "[a-z]{0,4}\\\\{1,5}",
    ]
}

fn tricky_book() -> impl Strategy<Value = Book> {
    let leaf = (
        tricky_text(),
        tricky_text(),
        proptest::collection::vec(tricky_text(), 0..2),
        proptest::option::of(tricky_text()),
    )
        .prop_map(|(name, content, parents, path)| {
            BookItem::Chapter(Chapter {
                name,
                content,
                number: Some(SectionNumber::new(vec![1, 2])),
                sub_items: Vec::new(),
                path: path.clone().map(PathBuf::from),
                source_path: path.map(PathBuf::from),
                parent_names: parents,
            })
        });
    let item = prop_oneof![
        5 => leaf,
        1 => Just(BookItem::Separator),
        1 => tricky_text().prop_map(BookItem::PartTitle),
    ];
    let nested = item.prop_recursive(6, 30, 3, |inner| {
        (tricky_text(), proptest::collection::vec(inner, 0..3)).prop_map(|(content, sub)| {
            let mut chapter = Chapter::new("parent", content, "p.md", vec![]);
            chapter.sub_items = sub;
            BookItem::Chapter(chapter)
        })
    });
    proptest::collection::vec(nested, 0..5).prop_map(|items| Book { items })
}

/// A byte change anywhere: truncation, a quote, backslash, control character, invalid
/// UTF-8 or bracket inserted, a byte dropped.
fn damage(bytes: &mut Vec<u8>, choices: &mut Choices) {
    if bytes.is_empty() {
        return;
    }
    let at = choices.below(bytes.len() as u64) as usize;
    match choices.below(4) {
        0 => bytes.truncate(at),
        1 => {
            let byte = [b'"', b'\\', 0x01, b'\n', 0xff, 0xc3, b'{', b']', b',', b'u'];
            bytes.insert(at, byte[choices.below(byte.len() as u64) as usize]);
        }
        2 => {
            bytes.remove(at);
        }
        _ => bytes[at] = [b'"', b'\\', 0x1f, 0x80][choices.below(4) as usize],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// For payloads in odd layouts, valid or not, `read_payload` gives what
    /// `serde_json::from_slice` into mdBook's types gives: the same context and book, or an
    /// error. A layout mdBook might write (keys unescaped, chapters as maps) is taken by the
    /// fast reading itself.
    #[test]
    fn odd_layouts_read_as_serde_json_reads_them(
        book in tricky_book(),
        seed in any::<u64>(),
        broken in any::<bool>(),
        damaged in 0u8..3,
    ) {
        let mut layout = Layout { choices: Choices(seed), broken, plain: !broken, extras: false };
        let context: serde_json::Value = serde_json::from_str(&context_json()).unwrap();
        let mut context = context;
        // The context's own keys named `content` are none of the book's.
        context["config"]["book"]["title"] = serde_json::json!("content");
        context["content"] = serde_json::json!({"content": "ctx \\ \"content\""});
        context["config"]["preprocessor"] = serde_json::json!({"content": {"content": "x\\"}});
        let book_value = serde_json::to_value(&book).unwrap();
        let (a, b, c, d) = (layout.space(), layout.space(), layout.space(), layout.space());
        let context = layout.value(&context, "");
        layout.extras = true;
        let payload = format!(
            "{a}[{b}{context}{c},{d}{}{a}]{b}",
            layout.value(&book_value, "<book>"),
        );
        let mut bytes = payload.into_bytes();
        let mut choices = Choices(seed ^ 0x5555);
        for _ in 0..damaged {
            damage(&mut bytes, &mut choices);
        }
        let ours = mdbook_hugo::preprocessor::read_payload(&mut bytes.as_slice());
        let theirs = serde_json::from_slice::<(PreprocessorContext, Book)>(&bytes);
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        match (ours, theirs) {
            (Ok(ours), Ok((ctx, theirs))) => {
                prop_assert_eq!(&ours.book, &theirs, "{}", shown);
                prop_assert_eq!(&ours.ctx, &ctx, "{}", shown);
            }
            (Err(_), Err(_)) => {}
            (ours, theirs) => prop_assert!(
                false,
                "read_payload ok: {}, serde_json ok: {}, for {}",
                ours.is_ok(),
                theirs.is_ok(),
                shown
            ),
        }
        if layout.plain && damaged == 0 {
            let fast = parse(&bytes);
            prop_assert!(fast.is_ok(), "the fast reading refused {}", shown);
            prop_assert_eq!(&fast.unwrap().book, &book);
        }
    }
}

/// A chapter in its sequence form whose content is a number: mdBook's types refuse it
/// (`content` is a string), and the fast reading must not take the number for the index
/// of another chapter's content.
#[test]
fn a_number_for_content_in_a_sequence_form_chapter_is_an_error() {
    let payload = format!(
        r#"[{},{{"items":[{{"Chapter":{{"name":"a","content":"first","number":null,"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}}},{{"Chapter":["b",0,null,[],"b.md","b.md",[]]}}]}}]"#,
        context_json()
    );
    let theirs = serde_json::from_str::<(PreprocessorContext, Book)>(&payload);
    assert!(theirs.is_err(), "serde_json refuses a number for a String");
    let ours = mdbook_hugo::preprocessor::read_payload(&mut payload.as_bytes());
    assert!(
        ours.is_err(),
        "read_payload took it: {:?}",
        ours.map(|p| p.book)
    );
}
