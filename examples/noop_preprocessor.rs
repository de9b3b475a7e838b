//! The floor for timing mdbook-hugo as a whole process: an mdBook preprocessor that does
//! nothing, as fast as one can. It reads standard input whole, parses it with
//! `serde_json::from_slice` into mdBook's context and `Book`, and writes the book back
//! through one large buffered writer. `supports RENDERER` answers yes, so `mdbook build`
//! can run it in mdbook-hugo's place (`scripts/speed.sh` does both).
//!
//! It is an example of this crate rather than a binary so that `cargo build --release
//! --examples` builds it with the same profile and dependency versions as `mdbook-hugo`,
//! and users never install it.

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return ExitCode::SUCCESS;
    }
    let mut raw = Vec::new();
    if let Err(error) = std::io::stdin().lock().read_to_end(&mut raw) {
        eprintln!("noop_preprocessor: cannot read standard input: {error}");
        return ExitCode::FAILURE;
    }
    let book = match serde_json::from_slice::<(PreprocessorContext, Book)>(&raw) {
        Ok((_ctx, book)) => book,
        Err(error) => {
            eprintln!("noop_preprocessor: not mdBook's [context, book]: {error}");
            return ExitCode::FAILURE;
        }
    };
    drop(raw);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let written = serde_json::to_writer(&mut out, &book)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("noop_preprocessor: cannot write the book: {error}");
            ExitCode::FAILURE
        }
    }
}
