//! The preprocessor protocol's output, byte for byte: for hand-written payloads of every
//! shape mdBook (or a preprocessor before this one) can send, the binary prints exactly
//! what `serde_json::to_writer` writes for the book that `HugoPreprocessor::run` gives back
//! for mdBook's own parse of the payload, though the protocol reads and writes the JSON its
//! own way ([`mdbook_hugo::preprocessor::payload`]).

use mdbook_hugo::preprocessor::HugoPreprocessor;
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run_binary(stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(stdin)
        .expect("the payload is written");
    child.wait_with_output().expect("the binary ends")
}

/// mdBook's context as JSON, with `[preprocessor.hugo] strict` when asked.
fn context(strict: bool) -> String {
    let hugo = if strict {
        r#","preprocessor":{"hugo":{"strict":true}}"#
    } else {
        ""
    };
    format!(
        r#"{{"root":"/nonexistent-book","config":{{"book":{{"src":"src"}}{hugo}}},"renderer":"html","mdbook_version":"0.5.4"}}"#
    )
}

/// A chapter item; `content` is JSON text written by hand (any escapes), `path` and
/// `source_path` JSON values (`null` or a string), `number` a JSON value.
fn chapter(
    name: &str,
    content: &str,
    path: &str,
    source_path: &str,
    number: &str,
    sub_items: &[String],
) -> String {
    format!(
        r#"{{"Chapter":{{"name":"{name}","content":{content},"number":{number},"sub_items":[{}],"path":{path},"source_path":{source_path},"parent_names":[]}}}}"#,
        sub_items.join(",")
    )
}

/// A chapter whose `path` and `source_path` are both `file`.
fn page(name: &str, content: &str, file: &str) -> String {
    let file = format!("\"{file}\"");
    chapter(name, content, &file, &file, "null", &[])
}

fn payload(strict: bool, items: &[String]) -> String {
    format!(
        "[{}, {{\"items\": [{}]}}]",
        context(strict),
        items.join(", ")
    )
}

/// The binary's output for `payload` is what `serde_json` writes for the converted book.
fn assert_output_is_serde_jsons(payload: &str) {
    let output = run_binary(payload.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let (ctx, book): (PreprocessorContext, Book) =
        serde_json::from_str(payload).expect("mdBook reads the payload");
    let book = HugoPreprocessor::new()
        .run(&ctx, book)
        .expect("the book converts");
    let expected = serde_json::to_vec(&book).expect("the book is written");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&expected),
        "{payload}"
    );
}

#[test]
fn every_item_shape_and_escape_comes_out_as_serde_json_writes_it() {
    let child = chapter(
        "Child",
        r#""child\n""#,
        r#""a/child.md""#,
        r#""a/child.md""#,
        "[1,1]",
        &[],
    );
    let draft = chapter("Draft", r#""""#, "null", "null", "null", &[]);
    let readme = chapter(
        "Top",
        r##""# Top\n""##,
        r#""a/index.md""#,
        r#""a/README.md""#,
        "[1]",
        &[child, draft],
    );
    let items = [
        r#"{"PartTitle":"Part \u0031"}"#.to_string(),
        readme,
        r#""Separator""#.to_string(),
        page("Empty", r#""""#, "empty.md"),
        page("Accent", r#""caf\u00e9 and caf\u00E9""#, "accent.md"),
        page("Slash", r#""a \/ b""#, "slash.md"),
        page("Upper", r#""x\u001Fy""#, "upper.md"),
        page("Lower", r#""x\u001fy\u0000""#, "lower.md"),
        page("Surrogates", r#""\ud83d\ude00 and 😀""#, "surrogates.md"),
        page("Short", r#""\u000a\u0009""#, "short.md"),
        page("Delete", r#""\u007f""#, "delete.md"),
        page("Trailing", r#""ends in a backslash \\""#, "trailing.md"),
        page("Quote", r#""\"""#, "quote.md"),
        page("Matter", r#""---\ntitle: T\n---\nbody\n""#, "matter.md"),
        page(
            "Shortcode",
            r#""{{< hint >}}x{{< /hint >}}\n""#,
            "shortcode.md",
        ),
        page("Bom", r#""\ufeffbom\n""#, "bom.md"),
        page("Crlf", r#""a\r\nb\r\n""#, "crlf.md"),
        page("Cr", r#""a\rb\n""#, "cr.md"),
        page("Plain", r#""just text\n""#, "plain.md"),
        page("Link", r#""see [plain](/plain/)\n""#, "link.md"),
    ];
    assert_output_is_serde_jsons(&payload(false, &items));
}

#[test]
fn a_left_out_draft_page_lifts_and_renumbers_as_serde_json_writes_it() {
    let grandchild = page("Grandchild", r#""g\n""#, "g.md");
    let kid = chapter(
        "Kid",
        r#""kid\n""#,
        r#""k.md""#,
        r#""k.md""#,
        "[2,1]",
        &[grandchild],
    );
    let items = [
        chapter("A", r#""a\n""#, r#""a.md""#, r#""a.md""#, "[1]", &[]),
        chapter(
            "Draft",
            r#""---\ndraft: true\n---\nx\n""#,
            r#""dr.md""#,
            r#""dr.md""#,
            "[2]",
            &[kid],
        ),
        chapter("Z", r#""z\n""#, r#""z.md""#, r#""z.md""#, "[3]", &[]),
    ];
    assert_output_is_serde_jsons(&payload(false, &items));
}

#[test]
fn chapters_sharing_a_source_path_come_out_as_serde_json_writes_them() {
    let items = [
        page("First", r#""first\n""#, "a.md"),
        page("Second", r#""second\n""#, "a.md"),
        chapter(
            "Third",
            r#""third\n""#,
            r#""b.md""#,
            r#""a.md""#,
            "null",
            &[],
        ),
        chapter("Fourth", r#""fourth\n""#, r#""a.md""#, "null", "null", &[]),
    ];
    assert_output_is_serde_jsons(&payload(false, &items));
}

/// A chapter without `source_path` is keyed by its `path`, which the conversion rewrites
/// (`_index.md` → `index.md`): it must not take the text of the chapter whose `path` was
/// `index.md` all along.
#[test]
fn a_chapter_without_a_source_path_keeps_its_own_content() {
    let items = [
        chapter("A", r#""from A\n""#, r#""_index.md""#, "null", "null", &[]),
        chapter("B", r#""from B\n""#, r#""index.md""#, "null", "null", &[]),
        chapter(
            "C",
            r#""from C\n""#,
            r#""s/README.md""#,
            "null",
            "null",
            &[],
        ),
        chapter("D", r#""from D\n""#, r#""s/index.md""#, "null", "null", &[]),
    ];
    assert_output_is_serde_jsons(&payload(false, &items));
}

#[test]
fn a_strict_failure_prints_nothing_on_stdout() {
    let items = [
        page("Plain", r#""plain\n""#, "plain.md"),
        page("Bad", r#""{{< mystery >}}\n""#, "bad.md"),
    ];
    let output = run_binary(payload(true, &items).as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("unknown shortcode \"mystery\""), "{stderr}");
}

#[test]
fn a_content_that_is_not_a_string_prints_mdbooks_error_and_nothing_on_stdout() {
    let items = [page("Number", "12", "n.md")];
    let payload = payload(false, &items);
    let output = run_binary(payload.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty());
    let error = serde_json::from_str::<(PreprocessorContext, Book)>(&payload)
        .expect_err("mdBook rejects it");
    assert!(
        stderr.contains(&format!("line {} column {}", error.line(), error.column())),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// serde reads a struct from a JSON array of its fields too, so a book may come as
/// `[[items]]` and a chapter as `[name, content, …]`; an empty book has no contents at all.
#[test]
fn a_book_in_serdes_sequence_form_and_an_empty_book_come_out_as_serde_json_writes_them() {
    let sequence = format!(
        r#"[{}, [[{{"Chapter":["A","plain\n",null,[{{"Chapter":["B","b\u00e9\n",[1],[],"b.md","b.md",[]]}}],"a.md","a.md",[]]}}]]]"#,
        context(false)
    );
    assert_output_is_serde_jsons(&sequence);
    assert_output_is_serde_jsons(&payload(false, &[]));
}

/// Keys written with escapes (`con\u0074ent` is `content`), which mdBook never writes and
/// the fast reading of the payload leaves to `serde_json`: the book comes out the same.
#[test]
fn a_payload_with_escaped_keys_comes_out_as_serde_json_writes_it() {
    let escaped = format!(
        r#"[{}, {{"items": [{{"Chapter":{{"name":"A","con\u0074ent":"---\ntitle: T\n---\nbody\n","number":null,"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}}}, {}]}}]"#,
        context(false),
        page("Plain", r#""plain\n""#, "plain.md")
    );
    assert_output_is_serde_jsons(&escaped);
}
