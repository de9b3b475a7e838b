//! Robustness: random token soup must never panic, hang or overflow the
//! stack in the parser or the executor.

use std::sync::Arc;

use mdbook_hugo::template::{Kind, Limits, NoHost, Templates, Value};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "{{",
    "}}",
    "{{-",
    "-}}",
    " ",
    "\n",
    "{{ end }}",
    "{{ else }}",
    "{{ if ",
    "{{ with ",
    "{{ range ",
    "{{ else if ",
    "{{ else with ",
    "{{ break }}",
    "{{ continue }}",
    "{{ define \"d\" }}",
    "{{ template \"d\" . }}",
    "{{ block \"b\" . }}",
    "$x := ",
    "$x = ",
    "$i, $e := ",
    "$",
    "$x",
    ".",
    ".A",
    ".A.B",
    "(",
    ")",
    "|",
    ",",
    "\"s\"",
    "`raw`",
    "'c'",
    "1",
    "-2",
    "3.5",
    "1e3",
    "0x1f",
    "true",
    "false",
    "nil",
    "printf \"%d %s %v\" ",
    "add ",
    "sub ",
    "div ",
    "mod ",
    "len ",
    "index ",
    "slice ",
    "dict ",
    "seq ",
    "where ",
    "sort ",
    "first ",
    "last ",
    "and ",
    "or ",
    "not ",
    "eq ",
    "lt ",
    "default ",
    "print ",
    "split ",
    "replaceRE ",
    "\"[\" ",
    "findRE ",
    "substr ",
    "slicestr ",
    "truncate ",
    "jsonify ",
    "transform.Unmarshal ",
    "urls.Parse ",
    "path.Join ",
    "time.Format ",
    "safeHTML ",
    "safeURL ",
    "<a href=\"",
    "\">",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<p title=",
    "<!--",
    "-->",
    "'",
    "\"",
    "<",
    ">",
    "=",
    "é",
    "\u{2028}",
    "{{/* c */}}",
    "/*",
    "*/",
    "{{ return . }}",
    "partial \"p\" ",
];

/// Complete actions (always parse) and HTML/JS/CSS text fragments, so the
/// executor and the escaper run in many contexts.
const VALID: &[&str] = &[
    "{{ . }}",
    "{{ .A }}",
    "{{ $x := 1 }}{{ $x }}",
    "{{ if .A }}a{{ else }}b{{ end }}",
    "{{ range $i, $e := .A }}{{ $i }}{{ $e }}{{ else }}none{{ end }}",
    "{{ printf \"%v|%q\" .A \"s\" }}",
    "{{ with .B }}{{ . }}{{ else with 1 }}{{ . }}{{ end }}",
    "{{ index .A 0 }}",
    "{{ len .A }}",
    "{{ .A | jsonify }}",
    "{{ \"<x>\" | safeHTML }}",
    "{{ \"javascript:x\" }}",
    "{{ \"a b&c\" | safeURL }}",
    "{{ \"color:red\" | safeCSS }}",
    "{{ \"f()\" | safeJS }}",
    "{{ \"k=v\" | safeHTMLAttr }}",
    "{{ 1.5 }}",
    "{{ .Missing | default \"d\" }}",
    "{{ dict \"a\" 1 }}",
    "{{ range seq 3 }}{{ if eq . 2 }}{{ break }}{{ end }}{{ . }}{{ end }}",
    "{{ truncate 3 \"abc def\" }}",
    "<a href=\"",
    "<a href=",
    "\">",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<p title='",
    "'",
    "\"",
    ">",
    "<",
    "<!--",
    "-->",
    "/*",
    "*/",
    "//",
    "\n",
    "url(",
    ")",
    "?",
    "#",
    "`",
    "<textarea>",
    "</textarea>",
    "<img srcset=\"",
    "<b onclick=\"",
    " style=\"",
    "=",
    " ",
    "é",
];

fn limits() -> Limits {
    Limits {
        max_depth: 20,
        max_steps: 20_000,
        max_nesting: 300,
    }
}

fn data() -> Value {
    let mut m = mdbook_hugo::template::Map::new();
    m.insert(
        "A".into(),
        Value::from(vec![Value::Int(1), Value::from("x")]),
    );
    Value::Map(Arc::new(m))
}

fn check(src: &str) {
    for kind in [Kind::Html, Kind::Text] {
        let mut t = Templates::new();
        t.set_limits(limits());
        if t.parse("f", src, kind).is_ok() {
            let _ = t.execute("f", &data(), &NoHost);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(0..FRAGMENTS.len(), 0..40)) {
        let src: String = parts.iter().map(|&i| FRAGMENTS[i]).collect();
        check(&src);
    }

    #[test]
    fn valid_actions_in_random_contexts_never_panic(parts in prop::collection::vec(0..VALID.len(), 0..30)) {
        let src: String = parts.iter().map(|&i| VALID[i]).collect();
        let mut t = Templates::new();
        t.set_limits(limits());
        prop_assert!(t.parse("f", &src, Kind::Html).is_ok(), "{src}");
        let _ = t.execute("f", &data(), &NoHost);
    }

    #[test]
    fn random_text_never_panics(src in "\\PC{0,80}") {
        check(&src);
    }
}

#[test]
fn deep_if_nesting_is_bounded() {
    let src = format!("{}x{}", "{{ if 1 }}".repeat(5000), "{{ end }}".repeat(5000));
    check(&src);
}

#[test]
fn deep_paren_nesting_is_bounded() {
    let src = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    check(&src);
}

#[test]
fn deep_recursion_with_nesting_is_bounded() {
    // Deeply nested blocks inside a template that recurses to the limit.
    let body = format!(
        "{}{{{{ template \"r\" . }}}}{}",
        "{{ if 1 }}".repeat(150),
        "{{ end }}".repeat(150)
    );
    let src = format!("{{{{ define \"r\" }}}}{body}{{{{ end }}}}{{{{ template \"r\" . }}}}");
    let mut t = Templates::new();
    t.parse("f", &src, Kind::Html).unwrap();
    assert!(t.execute("f", &Value::Nil, &NoHost).is_err());
}

#[test]
fn templates_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Templates>();
    assert_send_sync::<Value>();
}
