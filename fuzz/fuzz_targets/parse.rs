//! Fuzzes the shortcode lexer/parser: `shortcode::parse` must never panic, an `Ok` tree must
//! serialise to JSON (every span must slice the source on char boundaries), and an `Err`
//! offset must map to a `line:column` position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_hugo::render::Registry;
use mdbook_hugo::shortcode::{self, JsonTree};
use mdbook_hugo::source::SourceFile;
use std::sync::LazyLock;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = &*REGISTRY;
    let source = SourceFile::new("f.md", text.to_string());
    match shortcode::parse(&source.text, 0, &|name| registry.body_kind(name)) {
        Ok(nodes) => {
            let json = serde_json::to_string(&JsonTree {
                nodes: &nodes,
                source: &source,
            })
            .expect("JSON serialisation of a parsed tree failed");
            std::hint::black_box(json);
        }
        Err(err) => {
            std::hint::black_box(source.position(err.offset));
            std::hint::black_box(err.to_string());
        }
    }
});
