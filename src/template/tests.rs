//! Unit tests for the template engine.

use super::*;

fn run(src: &str, kind: Kind, data: &Value) -> Result<String, Error> {
    let mut t = Templates::new();
    t.parse("t", src, kind)?;
    t.execute("t", data, &NoHost)
}

fn html(src: &str) -> String {
    run(src, Kind::Html, &Value::Nil).unwrap_or_else(|e| format!("ERR {e}"))
}

fn text(src: &str) -> String {
    run(src, Kind::Text, &Value::Nil).unwrap_or_else(|e| format!("ERR {e}"))
}

#[test]
fn basics() {
    assert_eq!(text("a{{ 1 }}b"), "a1b");
    assert_eq!(text("a {{- 1 -}} b"), "a1b");
    assert_eq!(text("{{/* c */}}x{{- /* c */ -}} y"), "xy");
    assert_eq!(text(r#"{{ $x := 1 }}{{ $x = add $x 2 }}{{ $x }}"#), "3");
    assert_eq!(
        text(r#"{{ range $i, $e := slice "a" "b" }}{{ $i }}{{ $e }}{{ end }}"#),
        "0a1b"
    );
    assert_eq!(text(r#"{{ range 3 }}{{ . }}{{ end }}"#), "012");
    assert_eq!(
        text(
            r#"{{ range seq 5 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}"#
        ),
        "13"
    );
    assert_eq!(
        text(r#"{{ with "" }}a{{ else with "b" }}{{ . }}{{ end }}"#),
        "b"
    );
    assert_eq!(
        text(r#"{{ if false }}a{{ else if true }}b{{ else }}c{{ end }}"#),
        "b"
    );
    assert_eq!(
        text(r#"{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" 5 }}"#),
        "[5]"
    );
    assert_eq!(text(r#"{{ block "y" 3 }}<{{ . }}>{{ end }}"#), "<3>");
    assert_eq!(
        text(r#"{{ printf "%05.2f|%-4d|%q|%v" 3.14159 7 "a" (slice 1 2) }}"#),
        "03.14|7   |\"a\"|[1 2]"
    );
    assert_eq!(text(r#"{{ and 1 0 2 }}{{ or 0 "" "x" }}"#), "0x");
}

#[test]
fn escaping() {
    assert_eq!(
        html(r#"<p>{{ "<b>&'\"" }}</p>"#),
        "<p>&lt;b&gt;&amp;&#39;&#34;</p>"
    );
    assert_eq!(
        html(r#"<a href="{{ "javascript:x" }}">"#),
        r##"<a href="#ZgotmplZ">"##
    );
    assert_eq!(
        html(r#"<a href="/p?q={{ "a b&c" }}">"#),
        r#"<a href="/p?q=a%20b%26c">"#
    );
    assert_eq!(
        html(r#"<script>var x = {{ "a<b" }};</script>"#),
        r#"<script>var x = "a\u003cb";</script>"#
    );
    assert_eq!(html(r#"{{ "<i>x</i>" | safeHTML }}"#), "<i>x</i>");
    assert_eq!(html("a<!-- c -->b"), "ab");
}

#[test]
fn errors_are_located() {
    let e = run("a\n  {{ nosuch 1 }}", Kind::Text, &Value::Nil).unwrap_err();
    assert_eq!(
        e.to_string(),
        "template: t:2:6: function \"nosuch\" not defined"
    );
    assert!(run("{{ if }}", Kind::Text, &Value::Nil).is_err());
    assert!(run("{{ end }}", Kind::Text, &Value::Nil).is_err());
}

#[test]
fn recursion_is_limited() {
    let e = run(
        r#"{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" }}"#,
        Kind::Text,
        &Value::Nil,
    )
    .unwrap_err();
    assert!(e.message.contains("depth"), "{e}");
    let e = run(r#"{{ range seq 2000 }}{{ range seq 2000 }}{{ range seq 2000 }}{{ end }}{{ end }}{{ end }}"#, Kind::Text, &Value::Nil).unwrap_err();
    assert!(e.message.contains("budget"), "{e}");
}

/// A host object exposing `.Get`, a field and a method with arguments.
struct Ctx;
impl Object for Ctx {
    fn field(&self, name: &str) -> Option<Value> {
        (name == "Name").then(|| Value::from("ctx"))
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("Get", [k]) => Some(Ok(Value::from(format!("got-{}", k.to_go_string())))),
            ("Fail", _) => Some(Err("boom".into())),
            _ => None,
        }
    }
}

struct TestHost {
    warnings: std::sync::Mutex<Vec<String>>,
}
impl Host for TestHost {
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "relref" => Some(Ok(Value::from(format!(
                "/ref/{}",
                args.last()?.to_go_string()
            )))),
            _ => None,
        }
    }
    fn warnf(&self, message: &str) {
        self.warnings.lock().unwrap().push(message.to_string());
    }
    fn now_unix(&self) -> i64 {
        86_400 * 365
    }
}

fn with_host(src: &str) -> (Result<String, Error>, Vec<String>) {
    let host = TestHost {
        warnings: Default::default(),
    };
    let mut t = Templates::new();
    t.parse("p/x.html", "<b>{{ .x }}</b>", Kind::Html).unwrap();
    t.parse(
        "_partials/ret.html",
        "{{ return (dict \"v\" .) }}",
        Kind::Html,
    )
    .unwrap();
    let r = t
        .parse("t", src, Kind::Html)
        .and_then(|_| t.execute("t", &Value::Object(Arc::new(Ctx)), &host));
    let w = host.warnings.lock().unwrap().clone();
    (r, w)
}

#[test]
fn host_objects_and_functions() {
    let (r, _) = with_host(r#"{{ .Get "a" }} {{ .Name }} {{ relref . "p.md" }}"#);
    assert_eq!(r.unwrap(), "got-a ctx /ref/p.md");
    let (r, _) = with_host(r#"{{ (partial "ret.html" 7).v }}"#);
    assert_eq!(r.unwrap(), "7");
    let (r, _) = with_host(r#"{{ partial "p/x.html" (dict "x" "<i>") }}"#);
    assert_eq!(r.unwrap(), "<b>&lt;i&gt;</b>");
    let (r, w) = with_host(r#"{{ warnf "careful %d" 3 }}{{ now.Year }}"#);
    assert_eq!(
        (r.unwrap(), w),
        ("1971".to_string(), vec!["careful 3".to_string()])
    );
    let (r, _) = with_host("\n\n  {{ .Fail 1 }}");
    assert_eq!(
        r.unwrap_err().to_string(),
        "template: t:3:6: error calling Fail: boom"
    );
    let (r, _) = with_host("{{ .Nope }}");
    assert!(r.unwrap_err().message.contains("can't evaluate field Nope"));
    let (r, _) = with_host(r#"{{ errorf "bad %s" "x" }}"#);
    assert!(r.unwrap_err().message.contains("bad x"));
}

#[test]
fn parse_errors_are_located() {
    let e = run("ok\n{{ if 1 }}\n{{ range }}", Kind::Text, &Value::Nil).unwrap_err();
    assert_eq!((e.line, e.col), (3, 1), "{e}");
    let e = run("{{ \"open }}", Kind::Text, &Value::Nil).unwrap_err();
    assert_eq!(e.to_string(), "template: t:1:4: unterminated quoted string");
    assert!(run("{{ $y }}", Kind::Text, &Value::Nil).is_err());
    assert!(run("{{ break }}", Kind::Text, &Value::Nil).is_err());
    assert!(run("{{ nil }}", Kind::Text, &Value::Nil).is_err());
}

#[test]
fn data_values_and_truthiness() {
    let data = Value::from(&serde_json::json!({"b": [1, 2], "a": {"z": 1, "y": 2}, "e": ""}));
    let out = run(
        "{{ range $k, $v := .a }}{{ $k }}{{ $v }}{{ end }} {{ if .e }}t{{ else }}f{{ end }} {{ .missing }} {{ len .b }}",
        Kind::Text,
        &data,
    );
    assert_eq!(out.unwrap(), "y2z1 f <no value> 2");
    assert!(!Value::from(Vec::new()).truthy());
    assert!(Value::Float(0.5).truthy());
    assert_eq!(format_float_g(1e6), "1e+06");
    assert_eq!(format_float_g(123456.0), "123456");
}

#[test]
fn text_templates_do_not_escape() {
    assert_eq!(text(r#"{{ "<a&b>" }}"#), "<a&b>");
    assert_eq!(html(r#"{{ "<a&b>" }}"#), "&lt;a&amp;b&gt;");
}

/// A host collection (like Hugo's `Pages`).
struct Pages;
impl Object for Pages {
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn to_list(&self) -> Option<Vec<Value>> {
        Some(vec![Value::from("p1"), Value::from("p2")])
    }
}

#[test]
fn host_collections_iterate() {
    let data = Value::Object(Arc::new(Pages));
    let out = run(
        "{{ range . }}[{{ . }}]{{ end }} {{ len . }} {{ first 1 . }}",
        Kind::Text,
        &data,
    );
    assert_eq!(out.unwrap(), "[p1][p2] 2 [p1]");
}

#[test]
fn nested_argument_errors_are_located() {
    let e = run(
        "x\n {{ printf \"%s\" (nosuch 1) }}",
        Kind::Text,
        &Value::Nil,
    )
    .unwrap_err();
    assert_eq!((e.line, e.col), (2, 18), "{e}");
    let e = run(
        "x\n {{ printf \"%s\" (index 5 1) }}",
        Kind::Text,
        &Value::Nil,
    )
    .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn a_value_or_output_that_grows_without_end_is_stopped() {
    let doubling =
        r#"{{ $s := "ab" }}{{ range seq 40 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}"#;
    assert!(
        text(doubling).contains("grew past 64 MiB"),
        "{}",
        text(doubling)
    );
    let writing = r#"{{ $s := "abcdefgh" }}{{ range seq 23 }}{{ $s = print $s $s }}{{ end }}{{ range seq 100 }}{{ $s }}{{ end }}"#;
    assert!(text(writing).contains("grew past 64 MiB"));
}

#[test]
fn scratch_follows_hugos_maps_scratch() {
    let scratch = Value::Object(std::sync::Arc::new(Scratch::new()));
    let data = Value::from(Map::from([("S".to_string(), scratch)]));
    let run_text = |src: &str| run(src, Kind::Text, &data).unwrap_or_else(|e| format!("ERR {e}"));
    // Methods print nothing; Add adds numbers, joins strings, appends to slices.
    assert_eq!(
        run_text(r#"{{ .S.Set "n" 1 }}{{ .S.Add "n" 2.5 }}{{ .S.Get "n" }}"#),
        "3.5"
    );
    assert_eq!(
        run_text(
            r#"{{ .S.Add "l" (slice 1) }}{{ .S.Add "l" 2 }}{{ .S.Add "l" (slice 3 4) }}{{ .S.Get "l" }}"#
        ),
        "[1 2 3 4]"
    );
    assert_eq!(
        run_text(
            r#"{{ .S.SetInMap "m" "z" 1 }}{{ .S.SetInMap "m" "a" 2 }}{{ .S.GetSortedMapValues "m" }}{{ .S.DeleteInMap "m" "z" }}{{ .S.Get "m" }}"#
        ),
        "[2 1]map[a:2]"
    );
    assert_eq!(
        run_text(r#"{{ .S.Delete "m" }}{{ .S.Get "m" }}|{{ .S.GetSortedMapValues "none" }}"#),
        "<no value>|<no value>"
    );
    assert!(run_text(r#"{{ .S.Set "s" "x" }}{{ .S.Add "s" 1 }}"#).starts_with("ERR"));
    assert!(run_text(r#"{{ .S.SetInMap "s" "k" 1 }}"#).starts_with("ERR"));
}

#[test]
fn apply_calls_a_function_per_element() {
    assert_eq!(text(r#"{{ apply (slice "a" "b") "upper" "." }}"#), "[A B]");
    assert_eq!(text(r#"{{ apply (slice 1 2) "add" 10 "." }}"#), "[11 12]");
    assert!(text(r#"{{ apply (slice 1) "apply" "." }}"#).starts_with("ERR"));
    assert!(text(r#"{{ apply 3 "upper" "." }}"#).starts_with("ERR"));
    assert!(text(r#"{{ apply (slice 1) "no-such" "." }}"#).contains("not defined"));
}
