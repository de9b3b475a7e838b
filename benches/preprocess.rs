//! The full preprocessor run over two large synthetic books, each against the floor every
//! preprocessor pays, in the same criterion group: a do-nothing preprocessor that parses the
//! whole input with `serde_json::from_slice` into the context and the `Book` and writes the
//! book back through one large buffered writer.
//!
//! - `plain`: 2,000 chapters of plain Markdown with no Hugo markup (nothing for us to do).
//! - `hugo`: 2,000 chapters with front matter, shortcodes, cards and site links.
//!
//! `cargo bench --bench preprocess`; the figures to compare are the floor and the full run
//! of one book in the same run (their ratio, or MB/s). `scripts/speed.py` times the same
//! books as whole processes.

mod synth;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mdbook_hugo::HugoPreprocessor;
use mdbook_hugo::preprocessor::run_protocol;
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::hint::black_box;
use std::io::{BufWriter, Write};

/// 2,000 chapters of about 20 KB: about 40 MB of Markdown per book.
const CHAPTERS: usize = 2_000;

/// The do-nothing preprocessor of `examples/noop_preprocessor.rs`, in process.
fn floor(payload: &[u8]) -> Vec<u8> {
    let (_ctx, book): (PreprocessorContext, Book) = serde_json::from_slice(payload).unwrap();
    let mut out = BufWriter::with_capacity(1 << 20, Vec::with_capacity(payload.len()));
    serde_json::to_writer(&mut out, &book).unwrap();
    out.flush().unwrap();
    out.into_inner().unwrap()
}

/// mdbook-hugo's protocol as the binary runs it, with the same buffered writer.
fn full_run(preprocessor: &HugoPreprocessor, payload: &[u8]) -> Vec<u8> {
    let mut out = BufWriter::with_capacity(1 << 20, Vec::with_capacity(payload.len()));
    let mut messages = Vec::new();
    run_protocol(preprocessor, &mut &payload[..], &mut out, &mut messages).unwrap();
    out.into_inner().unwrap()
}

fn bench(c: &mut Criterion) {
    let books = [
        ("plain", synth::plain_book(CHAPTERS, synth::CHAPTER_SIZE)),
        ("hugo", synth::book(CHAPTERS, synth::CHAPTER_SIZE)),
    ];
    let preprocessor = HugoPreprocessor::new();
    let mut group = c.benchmark_group("book-40MB");
    group.sample_size(10);
    for (name, book) in &books {
        let payload = synth::payload(book);
        group.throughput(Throughput::Bytes(payload.len() as u64));
        group.bench_function(
            format!("{name}/floor: from_slice + buffered write-back"),
            |b| b.iter(|| black_box(floor(black_box(&payload)))),
        );
        group.bench_function(format!("{name}/mdbook-hugo: full preprocessor run"), |b| {
            b.iter(|| black_box(full_run(&preprocessor, black_box(&payload))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
