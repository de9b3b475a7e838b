//! Running the real Hugo as an oracle: its binary, a scratch copy of a fixture site, and
//! the parsing of `hugo list all` and `hugo config`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The differential tests' way to find Hugo 0.168 (`$HUGO`, the venv of
/// `scripts/install-deps.sh --hugo`, `PATH`; the test fails when there is none).
#[path = "../differential/hugo.rs"]
mod finder;

/// The real Hugo binary (see [`finder::hugo`]).
pub fn hugo_binary() -> PathBuf {
    finder::hugo()
}

/// Runs Hugo in `site` with `args` (environment production) and returns its standard
/// output. Fails the test when Hugo fails.
pub fn run(site: &Path, args: &[&str]) -> String {
    let output = Command::new(hugo_binary())
        .args(args)
        .args(["--environment", "production"])
        .current_dir(site)
        .output()
        .expect("cannot run hugo");
    assert!(
        output.status.success(),
        "hugo {args:?} failed in {}:\n{}",
        site.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fixture site (`tests/fixtures/sites/NAME`) copied to a scratch folder with the oracle
/// layouts: list pages print their `.Pages` RelPermalinks, one a line.
pub fn scratch_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    super::book::copy_dir(&fixture_site(name), dir.path());
    write_oracle_layouts(dir.path());
    dir
}

/// The folder of fixture site NAME.
pub fn fixture_site(name: &str) -> PathBuf {
    super::repo_root().join("tests/fixtures/sites").join(name)
}

/// One row of `hugo list all`.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: String,
    pub draft: bool,
    pub permalink: String,
    pub kind: String,
}

/// `hugo list all`, parsed.
pub fn list_all(site: &Path) -> Vec<Listed> {
    let csv = run(site, &["list", "all"]);
    let mut rows = csv_rows(&csv).into_iter();
    let header = rows.next().expect("a CSV header");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (path, draft, permalink, kind) = (col("path"), col("draft"), col("permalink"), col("kind"));
    rows.map(|r| Listed {
        path: r[path].clone(),
        draft: r[draft] == "true",
        permalink: r[permalink].clone(),
        kind: r[kind].clone(),
    })
    .collect()
}

/// Parses CSV (quoted fields, doubled quotes).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.into_iter().filter(|r| r.len() > 1).collect()
}

/// `hugo config --format json`, parsed.
pub fn config(site: &Path) -> serde_json::Value {
    let text = run(site, &["config", "--format", "json"]);
    let start = text.find('{').expect("JSON from hugo config");
    serde_json::from_str(&text[start..]).expect("hugo config prints JSON")
}

/// Builds the site into `out` (the oracle layouts print each list's `.Pages`).
pub fn build(site: &Path, out: &Path) {
    run(site, &["--quiet", "-d", out.to_str().unwrap()]);
}

/// Decodes `%XX` escapes (Hugo percent-encodes non-ASCII URL characters).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A real site copied to a scratch folder for the order oracle: every layout file (the
/// site's, its themes' and modules') removed except shortcode templates, which become stubs
/// (`{{ .Inner }}` for those that take a body, else nothing: no template work, no network),
/// and the oracle layouts of [`scratch_site`] added.
pub fn order_oracle_copy(site: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    super::book::copy_dir(site, dir.path());
    stub_layouts(dir.path(), false);
    write_oracle_layouts(dir.path());
    dir
}

/// The oracle layouts: list pages print their `.Pages` RelPermalinks, one a line.
fn write_oracle_layouts(site: &Path) {
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "{{ range .Pages }}{{ .RelPermalink }}\n{{ end }}",
    )
    .unwrap();
    std::fs::write(layouts.join("single.html"), "single").unwrap();
}

fn stub_layouts(dir: &Path, in_layouts: bool) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "node_modules" && name != ".git" {
                stub_layouts(&path, in_layouts || name == "layouts");
            }
        } else if in_layouts {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let is_shortcode = path.components().any(|c| {
                let c = c.as_os_str();
                c == "_shortcodes" || c == "shortcodes"
            });
            if is_shortcode {
                let stub = if text.contains(".Inner") {
                    "{{ .Inner }}"
                } else {
                    ""
                };
                std::fs::write(&path, stub).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}
