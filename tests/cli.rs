//! The `mdbook-hugo` binary: mdBook's protocol, bad input, and the subcommands for people.

mod common;

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = binary()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `[context, book]` payload as mdBook would send it.
fn payload(mdbook_version: &str, chapters: &[(&str, &str)], hugo: Option<(&str, bool)>) -> Vec<u8> {
    let mut config = Config::default();
    config.set("book.src", "src").unwrap();
    if let Some((key, value)) = hugo {
        config
            .set(format!("preprocessor.hugo.{key}"), value)
            .unwrap();
    }
    let mut ctx =
        PreprocessorContext::new(PathBuf::from("/nonexistent-book"), config, "html".into());
    ctx.mdbook_version = mdbook_version.to_string();
    let items = chapters
        .iter()
        .map(|(path, content)| {
            BookItem::Chapter(Chapter::new(path, content.to_string(), *path, Vec::new()))
        })
        .collect();
    serde_json::to_vec(&(ctx, Book::new_with_items(items))).unwrap()
}

#[test]
fn supports_every_renderer() {
    for renderer in ["html", "markdown", "epub", "anything"] {
        let status = binary().args(["supports", renderer]).status().unwrap();
        assert!(status.success(), "{renderer}");
    }
}

#[test]
fn the_protocol_converts_chapters_and_prints_only_the_book() {
    let input = payload(
        "0.5.4",
        &[
            (
                "_index.md",
                "---\ntitle: Home\n---\nSee [roles](/what/roles/).",
            ),
            ("what/roles.md", "## PgM and TPM"),
        ],
        None,
    );
    let output = run_with_stdin(&[], &input);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    let book: Book =
        serde_json::from_slice(&output.stdout).expect("stdout is exactly the book JSON");
    let chapters: Vec<&Chapter> = book.chapters().collect();
    assert_eq!(chapters[0].content, "# Home\n\nSee [roles](what/roles.md).");
    assert_eq!(chapters[0].path.as_deref(), Some(Path::new("index.md")));
    assert_eq!(
        chapters[0].source_path.as_deref(),
        Some(Path::new("_index.md"))
    );
}

#[test]
fn an_mdbook_outside_0_5_gets_one_warning() {
    let input = payload("0.6.1", &[("a.md", "x")], None);
    let output = run_with_stdin(&[], &input);
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("built for mdBook >=0.5.0, <0.6.0, but is being run by mdBook 0.6.1"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_shortcode_fails_with_the_diagnostic_on_stderr() {
    let input = payload(
        "0.5.4",
        &[("a.md", "ok"), ("b.md", "line\n{{< alert >}}\n")],
        None,
    );
    let output = run_with_stdin(&[], &input);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "error: failed to extract shortcode: shortcode \"alert\" must be closed or self-closed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/b.md:2:1"), "{stderr}");
    assert!(
        stderr.contains("mdbook-hugo found 1 error and 0 warnings"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn strict_from_book_toml_fails_on_warnings() {
    let input = payload(
        "0.5.4",
        &[("a.md", "{{< mystery >}}")],
        Some(("strict", true)),
    );
    let output = run_with_stdin(&[], &input);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("unknown shortcode \"mystery\""));
}

#[test]
fn a_wrongly_typed_option_names_the_key() {
    let mut config = Config::default();
    config.set("preprocessor.hugo.strict", "yes").unwrap();
    let ctx = PreprocessorContext::new(PathBuf::from("/x"), config, "html".into());
    let input = serde_json::to_vec(&(ctx, Book::new())).unwrap();
    let output = run_with_stdin(&[], &input);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`preprocessor.hugo.strict` in book.toml: invalid type"),
        "{stderr}"
    );
}

#[test]
fn garbage_on_stdin_gives_one_clear_message_and_no_panic() {
    let mut old_context: serde_json::Value =
        serde_json::from_slice(&payload("0.4.52", &[], None)).unwrap();
    old_context[1] = serde_json::json!({"sections": [], "__non_exhaustive": null});
    let old = serde_json::to_vec(&old_context).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "no input"),
        ("blank", b"  \n".to_vec(), "no input"),
        ("not json", b"hello there".to_vec(), "the input is not JSON"),
        ("binary", vec![0xff, 0xfe, 0x00], "the input is not JSON"),
        (
            "an object",
            b"{\"a\": 1}".to_vec(),
            "not mdBook's `[context, book]` array",
        ),
        (
            "wrong length",
            b"[1, 2, 3]".to_vec(),
            "a JSON array of 3 items",
        ),
        (
            "wrong shape",
            b"[{\"root\": 1}, {\"items\": 2}]".to_vec(),
            "does not have the shape",
        ),
        ("mdBook 0.4", old, "mdBook 0.4.52"),
    ];
    for (name, input, expected) in cases {
        let output = run_with_stdin(&[], &input);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{name}: one message: {stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn parse_json_prints_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.md");
    std::fs::write(&file, "---\ntitle: x\n---\nA {{< alert color=\"info\" n=3 >}}*b*{{< /alert >}} {{< details x />}} {{</* e */>}}").unwrap();
    let output = binary()
        .args(["parse", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let tree: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        tree,
        serde_json::json!([
            {"kind": "text", "text": "A "},
            {"kind": "shortcode", "name": "alert", "delim": "<",
             "params": {"named": {"color": "info", "n": 3}}, "self_closing": false,
             "inner": [{"kind": "text", "text": "*b*"}], "line": 4, "col": 3},
            {"kind": "text", "text": " "},
            {"kind": "shortcode", "name": "details", "delim": "<", "params": {"positional": ["x"]},
             "self_closing": true, "inner": null, "line": 4, "col": 51},
            {"kind": "text", "text": " "},
            {"kind": "text", "text": "{{< e >}}"}
        ])
    );
}

#[test]
fn parse_errors_go_to_stderr_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.md");
    std::fs::write(&file, "ok\n\n  {{< x a=1 b >}}").unwrap();
    let output = binary()
        .args(["parse", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"error": {
            "message": "got positional parameter 'b'. Cannot mix named and positional parameters",
            "line": 3, "col": 13
        }})
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: got positional parameter 'b'"),
        "{stderr}"
    );
    assert!(stderr.contains(":3:13\n"), "{stderr}");
    assert!(
        stderr.contains("3 |   {{< x a=1 b >}}\n  |             ^"),
        "{stderr}"
    );
}

#[test]
fn convert_prints_what_the_preprocessor_would() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.md");
    std::fs::write(
        &file,
        "---\ntitle: Page\n---\n{{< hint warning >}}\nCareful.\n{{< /hint >}}\n",
    )
    .unwrap();
    let output = binary()
        .args(["convert", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "# Page\n\n> [!WARNING]\n> Careful.\n\n"
    );
    let again = dir.path().join("again.md");
    std::fs::write(&again, &output.stdout).unwrap();
    let second = binary()
        .args(["convert", again.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        second.stdout, output.stdout,
        "converting converted output changes nothing"
    );
}

#[test]
fn check_reports_every_problem_of_a_book_and_fails_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/sub")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\nsrc = \"content\"\n[preprocessor.hugo]\ncommand = \"x\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/SUMMARY.md"),
        "[a](a.md)\n\n- [b](sub/b.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/a.md"),
        "[b](/sub/b/) {{< unknown >}}\n\n{{#include snippet.txt}}\n",
    )
    .unwrap();
    std::fs::write(root.join("content/snippet.txt"), "[c](/gone/)").unwrap();
    std::fs::write(root.join("content/sub/b.md"), "{{< /oops >}}").unwrap();
    // Not chapters: neither is checked (mdBook never converts them).
    std::fs::write(root.join("content/404.md"), "{{< /broken >}}").unwrap();
    std::fs::write(root.join("content/sub/notes.md"), "{{< /broken >}}").unwrap();
    let output = binary()
        .args(["check", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("--> content/a.md:1:14"), "{stderr}");
    assert!(stderr.contains("--> content/sub/b.md:1:5"), "{stderr}");
    assert!(
        stderr.contains("checked 2 chapters: 1 error, 2 warnings"),
        "{stderr}"
    );

    std::fs::write(root.join("content/sub/b.md"), "fine").unwrap();
    let lenient = binary()
        .args(["check", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(lenient.status.success(), "{}", text(&lenient.stderr));
    let strict = binary()
        .args(["check", "--strict", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn convert_resolves_links_among_its_files_and_separates_their_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("what")).unwrap();
    std::fs::write(
        dir.path().join("_index.md"),
        "[r]({{< relref \"/what/roles.md#pgm-and-tpm\" >}}) [s]({{< relref \"roles\" >}}) [t](/what/roles/)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("what/roles.md"), "## PgM and TPM\n").unwrap();
    let output = binary()
        .current_dir(dir.path())
        .args(["convert", "_index.md", "what/roles.md"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "<!-- mdbook-hugo: _index.md -->\n[r](what/roles.md#pgm-and-tpm) [s](what/roles.md) [t](what/roles.md)\n\
         <!-- mdbook-hugo: what/roles.md -->\n## PgM and TPM\n"
    );
}

/// `site` naming no folder is an error, not a silent build without the site's templates.
#[test]
fn a_site_that_is_not_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[preprocessor.hugo]\ncommand = \"x\"\nsite = \"nonexistent\"\n",
    )
    .unwrap();
    std::fs::write(root.join("src/SUMMARY.md"), "- [a](a.md)\n").unwrap();
    std::fs::write(root.join("src/a.md"), "Text.\n").unwrap();
    let output = binary()
        .args(["check", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`preprocessor.hugo.site` names ")
            && stderr.contains("nonexistent, which is not a folder"),
        "{stderr}"
    );
}

/// `convert --book DIR` applies the book's `[preprocessor.hugo]` (here an alias and a
/// param), as the preprocessor does in a build; without it, the defaults.
#[test]
fn convert_applies_the_books_config_when_given_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[preprocessor.hugo]\ncommand = \"x\"\naliases.note = \"alert\"\nparams.version = \"2.4\"\n",
    )
    .unwrap();
    let page = root.join("src/a.md");
    std::fs::write(
        &page,
        "{{< note >}}Hi.{{< /note >}}\n\nv{{< param version >}}\n",
    )
    .unwrap();
    let with_book = binary()
        .args([
            "convert",
            "--book",
            root.to_str().unwrap(),
            page.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(with_book.status.success(), "{}", text(&with_book.stderr));
    let out = text(&with_book.stdout);
    assert!(out.contains("> [!NOTE]") && out.contains("v2.4"), "{out}");
    let without = binary()
        .args(["convert", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        text(&without.stderr).contains("note"),
        "without the book, `note` is unknown: {}",
        text(&without.stderr)
    );
}
