//! Fuzzes whole-chapter conversion (front matter, shortcodes, rendering, links, cards,
//! icons, anchors): `convert_pages` must never panic on any UTF-8 chapter, and every
//! diagnostic it reports must render with `Display`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_hugo::HugoConfig;
use mdbook_hugo::convert::{PageInput, convert_pages};
use mdbook_hugo::render::Registry;
use std::sync::LazyLock;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let inputs = vec![
        PageInput {
            source_path: "a/page.md".into(),
            display_path: "src/a/page.md".into(),
            text: text.to_string(),
        },
        PageInput {
            source_path: "_index.md".into(),
            display_path: "src/_index.md".into(),
            text: "---\ntitle: Home\n---\nhi".into(),
        },
    ];
    let conversion = convert_pages(inputs, None, &HugoConfig::default(), &REGISTRY);
    for diagnostic in conversion.diagnostics.items() {
        std::hint::black_box(diagnostic.to_string());
    }
    std::hint::black_box(conversion.outputs);
});
