//! The expectations files: which cases differ from Hugo today, and why. A case that differs
#![allow(dead_code)] // shared by the two differential tests, which use different parts
//! and is not listed fails the test; so does a listed case that no longer differs (the fix
//! must take it off the list).

use std::collections::BTreeMap;
use std::path::Path;

/// One listed difference.
#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// The kind of fault (`grammar`, `render`, `links`, `anchors`, ...).
    pub kind: String,
    /// One line saying what differs and what Hugo does.
    pub reason: String,
    /// The input itself, for the lexer file (its key is a hash of it).
    #[serde(default)]
    pub input: Option<String>,
}

/// Reads `[KEY]` tables of `Known` from `path`.
pub fn load(path: &Path) -> BTreeMap<String, Known> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The outcome of one case: its key and, when it differs, a readable report.
pub struct Outcome {
    pub key: String,
    pub difference: Option<String>,
}

/// Checks the outcomes against the listed differences; returns the failures, each readable.
pub fn check(outcomes: &[Outcome], known: &BTreeMap<String, Known>, file: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for outcome in outcomes {
        match (&outcome.difference, known.get(&outcome.key)) {
            (Some(report), None) => failures.push(format!(
                "{}: differs from Hugo and is not listed in {file}\n{report}",
                outcome.key
            )),
            (None, Some(entry)) => failures.push(format!(
                "{}: listed in {file} ({}: {}) but now matches Hugo: take it off the list",
                outcome.key, entry.kind, entry.reason
            )),
            _ => {}
        }
    }
    for (key, entry) in known {
        if !outcomes.iter().any(|o| &o.key == key) {
            let input = entry.input.as_ref().map(|i| format!(" (input {i:?})"));
            failures.push(format!(
                "{key}: listed in {file} but there is no such case{}",
                input.unwrap_or_default()
            ));
        }
    }
    failures
}

/// A line diff of two outlines: `-` Hugo only, `+` mdBook only, ` ` both.
pub fn diff(hugo: &[String], ours: &[String]) -> String {
    let (n, m) = (hugo.len(), ours.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if hugo[i] == ours[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && hugo[i] == ours[j] {
            out.push_str(&format!("    {}\n", hugo[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("  - {}\n", hugo[i]));
            i += 1;
        } else {
            out.push_str(&format!("  + {}\n", ours[j]));
            j += 1;
        }
    }
    out
}
