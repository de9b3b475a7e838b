//! The full preprocessor run over a large synthetic book, against the floor every
//! preprocessor pays: mdBook's `parse_input` plus writing the book back as JSON.
//!
//! `cargo bench --bench preprocess`; the figures to compare are the two times (or MB/s)
//! of the same run.

mod synth;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mdbook_hugo::HugoPreprocessor;
use mdbook_hugo::preprocessor::run_protocol;
use std::hint::black_box;

/// 2,000 chapters of about 20 KB: about 40 MB of Markdown.
const CHAPTERS: usize = 2_000;
const CHAPTER_SIZE: usize = 20_000;

fn bench(c: &mut Criterion) {
    let payload = synth::payload(&synth::book(CHAPTERS, CHAPTER_SIZE));
    let mut group = c.benchmark_group("book-40MB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(payload.len() as u64));

    group.bench_function("floor: parse_input + JSON write-back", |b| {
        b.iter(|| {
            let (_ctx, book) = mdbook_preprocessor::parse_input(black_box(&payload[..])).unwrap();
            let mut out = Vec::with_capacity(2 * payload.len());
            serde_json::to_writer(&mut out, &book).unwrap();
            black_box(out)
        })
    });

    let preprocessor = HugoPreprocessor::new();
    group.bench_function("mdbook-hugo: full preprocessor run", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(2 * payload.len());
            let mut messages = Vec::new();
            run_protocol(
                &preprocessor,
                &mut black_box(&payload[..]),
                &mut out,
                &mut messages,
            )
            .unwrap();
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
