//! Writes the benchmark's synthetic `[context, book]` payload to stdout, to measure the
//! binary's peak memory: `cargo run --release --example synth_book > /tmp/book.json`, then
//! `/usr/bin/time -v target/release/mdbook-hugo < /tmp/book.json > /dev/null`.

#[path = "../benches/synth.rs"]
mod synth;

use std::io::Write;

fn main() {
    let chapters = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000);
    let payload = synth::payload(&synth::book(chapters, 20_000));
    std::io::stdout().lock().write_all(&payload).unwrap();
}
