//! Building books with the real `mdbook` binary and the real `mdbook-hugo` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies `book.toml`, `book-src/` and `theme/` of this repository into `dest`, pointing
/// the preprocessor command at the `mdbook-hugo` binary cargo built for the tests.
pub fn copy_repo_book(dest: &Path) {
    let root = super::repo_root();
    copy_dir(&root.join("book-src"), &dest.join("book-src"));
    copy_dir(&root.join("theme"), &dest.join("theme"));
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    std::fs::write(dest.join("book.toml"), point_at_test_binary(&toml)).unwrap();
}

/// Replaces the `command = ...` of `[preprocessor.hugo]` with the test binary.
pub fn point_at_test_binary(book_toml: &str) -> String {
    let binary = env!("CARGO_BIN_EXE_mdbook-hugo");
    book_toml
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("command") && line.contains("mdbook-hugo") {
                format!("command = {:?}", binary)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub use super::fs::copy_dir;

/// Every `.html` file under `dir`, recursively.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out
}

/// The output of one `mdbook build`.
pub struct BuildOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub book_dir: PathBuf,
}

/// Runs the real `mdbook build` in `root`. Fails the test with a clear message when mdBook
/// is not installed (the README's test command installs it).
pub fn mdbook_build(root: &Path) -> BuildOutput {
    let output = Command::new("mdbook")
        .arg("build")
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `mdbook` ({e}); the README's test command installs mdBook 0.5")
        });
    BuildOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        book_dir: root.join("book"),
    }
}

/// Lines of mdBook's stderr that are not its own `INFO` lines.
pub fn foreign_stderr_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !strip_ansi(l).trim_start().starts_with("INFO"))
        .map(str::to_string)
        .collect()
}

fn strip_ansi(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
