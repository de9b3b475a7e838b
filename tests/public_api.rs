//! A lint for the public API: the crate's facade is the items `src/lib.rs` re-exports, and
//! every public module is `#[doc(hidden)]` (reachable by the binary, the tests, the fuzz
//! targets and the benchmarks, but not a promise). A new public item has to be added here on
//! purpose, and a module made public without `#[doc(hidden)]` fails.

use std::collections::BTreeSet;

/// The facade, as `lib.rs`'s crate documentation describes it.
const FACADE: &[&str] = &[
    "AliasConfig",
    "BodyKind",
    "BookConversion",
    "Diagnostic",
    "Diagnostics",
    "HookKind",
    "HugoConfig",
    "HugoPreprocessor",
    "PageInput",
    "PageOutput",
    "ParserOptions",
    "Registry",
    "Severity",
    "ShortcodeCall",
    "ShortcodeHandler",
    "convert_pages",
];

fn lib_rs() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap()
}

#[test]
fn the_root_re_exports_exactly_the_facade() {
    let mut exported = BTreeSet::new();
    for line in lib_rs().lines().filter(|l| l.starts_with("pub use ")) {
        let names = line
            .split_once("::")
            .map(|(_, rest)| rest.trim_end_matches(';'))
            .unwrap_or_default();
        let names = names.trim_start_matches('{').trim_end_matches('}');
        exported.extend(names.split(',').map(|n| n.trim().to_string()));
    }
    let facade: BTreeSet<String> = FACADE.iter().map(|n| n.to_string()).collect();
    assert_eq!(exported, facade, "src/lib.rs's `pub use` lines");
}

#[test]
fn every_public_module_is_hidden() {
    let lib = lib_rs();
    let lines: Vec<&str> = lib.lines().collect();
    let mut public = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("pub mod ") {
            public += 1;
            assert_eq!(
                i.checked_sub(1).map(|j| lines[j]),
                Some("#[doc(hidden)]"),
                "src/lib.rs:{}: `{line}` is public API; make it `pub(crate)` or `#[doc(hidden)]`",
                i + 1
            );
        }
        assert!(
            !line.starts_with("pub(crate) use") && !line.starts_with("pub extern"),
            "{line}"
        );
    }
    assert!(public > 0, "the hidden modules were not found");
}

#[test]
fn the_facade_is_enough_to_convert_pages() {
    use mdbook_hugo::{HugoConfig, PageInput, Registry, Severity, convert_pages};
    let input = PageInput {
        source_path: "a.md".into(),
        display_path: "src/a.md".into(),
        text: "---\ntitle: A\n---\n{{< unknown >}} [b](/b/)\n".into(),
    };
    let conversion = convert_pages(
        vec![input],
        None,
        &HugoConfig::default(),
        &Registry::builtin(),
    );
    let page = conversion.outputs[0].as_ref().unwrap();
    assert!(page.markdown.starts_with("# A\n"), "{}", page.markdown);
    let warnings: Vec<_> = conversion
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.clone())
        .collect();
    assert!(
        warnings.iter().any(|m| m.contains("unknown")),
        "{warnings:?}"
    );
}

/// A handler of the library user's, registered through the facade: it sees the call's
/// parameters and converted body, and its error is reported at the call, which stays.
#[test]
fn a_custom_handler_renders_through_the_registry() {
    use mdbook_hugo::{
        BodyKind, HugoConfig, PageInput, Registry, ShortcodeCall, ShortcodeHandler, convert_pages,
    };
    use std::sync::Arc;

    struct Shout;
    impl ShortcodeHandler for Shout {
        fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, String> {
            let who = call.get("who", 0).ok_or("missing `who`")?;
            let inner = call.inner.as_deref().unwrap_or_default().trim();
            Ok(format!(
                "**{}** says {inner} (on {})",
                who.to_uppercase(),
                call.page
            ))
        }
    }
    let mut registry = Registry::builtin();
    registry.register_handler("shout", BodyKind::Required, Arc::new(Shout));
    let input = PageInput {
        source_path: "a.md".into(),
        display_path: "src/a.md".into(),
        text: "{{< shout who=\"ann\" >}}hi {{< shout bob />}}{{< /shout >}}\n\n{{< shout />}}\n"
            .into(),
    };
    let conversion = convert_pages(vec![input], None, &HugoConfig::default(), &registry);
    let page = &conversion.outputs[0].as_ref().unwrap().markdown;
    assert!(
        page.contains("**ANN** says hi **BOB** says  (on a.md) (on a.md)"),
        "{page}"
    );
    assert!(
        page.contains("{{< shout />}}"),
        "the failed call stays: {page}"
    );
    let problems: Vec<String> = conversion
        .diagnostics
        .items()
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert_eq!(problems, ["src/a.md:3:1: shout: missing `who`"]);
}
