//! Fuzzes the Go template engine (`template::Templates`): parsing any UTF-8 text must never
//! panic, a parse error must be located inside the text (`line:col` within it), and a
//! template that parses must execute (contextual HTML escaping included) without panicking,
//! within small limits, on a fixed piece of data; its error, if any, is located too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_hugo::template::{Error, Kind, Limits, Map, NoHost, Templates, Value};

/// `line:col` of `error` lies inside `text` (a column may be one past a line's end).
fn located_inside(error: &Error, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        error.line >= 1 && error.line <= lines.len(),
        "line {} outside the text: {error}",
        error.line
    );
    let width = lines[error.line - 1].chars().count();
    assert!(
        error.col >= 1 && error.col <= width + 1,
        "column {} outside line {}: {error}",
        error.col,
        error.line
    );
    std::hint::black_box(error.to_string());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the escaping: `.html` (contextual) or text templates.
    let kind = if data.first().is_some_and(|b| b % 2 == 0) {
        Kind::Html
    } else {
        Kind::Text
    };
    let mut set = Templates::new();
    set.set_limits(Limits {
        max_depth: 20,
        max_steps: 20_000,
        max_nesting: 60,
    });
    if let Err(error) = set.parse("t.html", text, kind) {
        located_inside(&error, text);
        return;
    }
    let data = Value::from(Map::from([
        ("Title".to_string(), Value::from("<b>a & b</b>")),
        ("N".to_string(), Value::Int(3)),
        (
            "List".to_string(),
            Value::from(vec![Value::from("x"), Value::Int(2), Value::Nil]),
        ),
    ]));
    match set.execute("t.html", &data, &NoHost) {
        Ok(out) => {
            std::hint::black_box(out);
        }
        Err(error) => located_inside(&error, text),
    }
});
