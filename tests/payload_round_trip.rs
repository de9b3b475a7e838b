//! mdBook's payload read and written by `preprocessor::payload` against `serde_json`, for
//! random books in other layouts of the same JSON (pretty-printed, keys in reverse order),
//! on rayon pools of one to three threads; errors on every pool, concurrent and nested
//! parses, and a writer that fails. Written by a reviewer of the parallel reading and
//! writing, who had not seen the code before.

use mdbook_hugo::preprocessor::payload::{parse, write};
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

fn check_parse(payload: &str, book: &Book) {
    for threads in [1, 2, 3] {
        let parsed = pool(threads)
            .install(|| parse(payload.as_bytes(), |_| true))
            .expect("parses");
        assert_eq!(&parsed.book, book);
        let chapters = book
            .iter()
            .filter(|item| matches!(item, BookItem::Chapter(_)))
            .count();
        assert_eq!(parsed.raw_contents.len(), chapters);
        // Every kept range is the content's JSON text as serde_json writes it.
        let contents = book.iter().filter_map(|item| match item {
            BookItem::Chapter(chapter) => Some(&chapter.content),
            _ => None,
        });
        for (content, range) in contents.zip(&parsed.raw_contents) {
            if let Some(range) = range {
                assert_eq!(
                    &payload[range.clone()],
                    serde_json::to_string(content).unwrap()
                );
            }
        }
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
            pool(threads).install(|| write(&book, |_| None, &mut written)).unwrap();
            prop_assert!(written == expected);
            // Every content copied as its serde_json text.
            let mut copied = Vec::new();
            let raws: Vec<Vec<u8>> = book.iter().filter_map(|item| match item {
                BookItem::Chapter(c) => Some(serde_json::to_vec(&c.content).unwrap()),
                _ => None,
            }).collect();
            let by_ptr: std::collections::HashMap<usize, &[u8]> = book.iter().filter_map(|item| match item {
                BookItem::Chapter(c) => Some(std::ptr::from_ref(c) as usize),
                _ => None,
            }).zip(raws.iter().map(Vec::as_slice)).collect();
            pool(threads).install(|| write(&book, |c| by_ptr.get(&(std::ptr::from_ref(c) as usize)).copied(), &mut copied)).unwrap();
            prop_assert!(copied == expected);
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
        for bad in bad_payloads() {
            let ours = pool.install(|| parse(&bad, |_| true)).is_err();
            let serde = serde_json::from_slice::<(PreprocessorContext, Book)>(&bad).is_err();
            assert!(ours && serde, "{}", String::from_utf8_lossy(&bad));
            // The same threads parse a good payload afterwards.
            let parsed = pool.install(|| parse(good.as_bytes(), |_| true)).unwrap();
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
                // keep_raw itself parses: parse inside the decoding of another parse.
                let inner = |_: &str| parse(payload.as_bytes(), |_| false).is_ok();
                let parsed = parse(payload.as_bytes(), inner).unwrap();
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
        assert!(write(&book, |_| None, &mut Failing(limit)).is_err());
    }
}
