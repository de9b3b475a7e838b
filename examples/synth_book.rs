//! Writes a benchmark book's synthetic `[context, book]` payload to stdout:
//! `cargo run --release --example synth_book -- [hugo|plain] [CHAPTERS] > book.json`
//! (default: `hugo 2000`). `scripts/speed.sh` times the binary on it.

#[path = "../benches/synth.rs"]
mod synth;

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "hugo".into());
    let chapters = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let book = match kind.as_str() {
        "hugo" => synth::book(chapters, synth::CHAPTER_SIZE),
        "plain" => synth::plain_book(chapters, synth::CHAPTER_SIZE),
        other => {
            eprintln!("synth_book: unknown book kind {other:?} (hugo or plain)");
            std::process::exit(2);
        }
    };
    std::io::stdout()
        .lock()
        .write_all(&synth::payload(&book))
        .unwrap();
}
