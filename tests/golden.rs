//! Golden pairs: every `tests/golden/NAME.in.md` is a Hugo page, converted as the chapter
//! `guide/NAME.md` of the fixture site `tests/fixtures/site` (so its site-absolute links
//! have pages to land on), and must come out as `tests/golden/NAME.out.md`: the chapter's
//! Markdown, then its diagnostics in an HTML comment. One case per file, as mdbook-toc's
//! `.in.md`/`.out.md` pairs; `UPDATE_SNAPSHOTS=1` writes the outputs after review.
//!
//! An output without its input, an input without its output, or any other file in the
//! folder fails the test, so no golden is left behind when a case is renamed or removed.

mod common;

use common::{convert_site_with, repo_root, snapshot_with_diagnostics};
use mdbook_hugo::HugoConfig;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const INPUT: &str = ".in.md";
const OUTPUT: &str = ".out.md";

fn golden_dir() -> PathBuf {
    repo_root().join("tests/golden")
}

/// The cases by name: (input text, expected output if any). Panics on a stray file.
fn cases() -> BTreeMap<String, (Option<String>, Option<String>)> {
    let mut cases: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(name) = file.strip_suffix(INPUT) {
            cases.entry(name.to_string()).or_default().0 = Some(text);
        } else if let Some(name) = file.strip_suffix(OUTPUT) {
            cases.entry(name.to_string()).or_default().1 = Some(text);
        } else {
            panic!("tests/golden/{file} is neither NAME{INPUT} nor NAME{OUTPUT}");
        }
    }
    cases
}

/// The fixture site's own pages (not the golden ones), as (path, text).
fn site_pages(site: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for dir in ["", "what", "how"] {
        for entry in std::fs::read_dir(site.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let name = path.file_name().unwrap().to_string_lossy();
                let relative = if dir.is_empty() {
                    name.into_owned()
                } else {
                    format!("{dir}/{name}")
                };
                pages.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    pages
}

/// Converts every case in one site; returns each case's snapshot text by name.
fn convert_cases(inputs: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let site = repo_root().join("tests/fixtures/site");
    let mut pages = site_pages(&site);
    let first_case = pages.len();
    for (name, text) in inputs {
        pages.push((format!("guide/{name}.md"), text.clone()));
    }
    let borrowed: Vec<(&str, &str)> = pages
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let converted = convert_site_with(&borrowed, &HugoConfig::default(), Some(site));
    inputs
        .keys()
        .enumerate()
        .map(|(offset, name)| {
            let display = PathBuf::from(format!("src/guide/{name}.md"));
            let own = converted.diagnostics.iter().filter(|d| d.file == display);
            let text = converted.page(first_case + offset).to_string();
            (name.clone(), snapshot_with_diagnostics(text, own))
        })
        .collect()
}

#[test]
fn golden_pairs() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let cases = cases();
    let mut inputs = BTreeMap::new();
    for (name, (input, output)) in &cases {
        match (input, output) {
            (None, _) => panic!("tests/golden/{name}{OUTPUT} is an orphan: no {name}{INPUT}"),
            (Some(_), None) if !update => {
                panic!(
                    "tests/golden/{name}{INPUT} has no {name}{OUTPUT}; run with UPDATE_SNAPSHOTS=1"
                )
            }
            (Some(input), _) => inputs.insert(name.clone(), input.clone()),
        };
    }
    assert!(inputs.len() >= 10, "the golden cases were not found");
    let mut failures = Vec::new();
    for (name, actual) in convert_cases(&inputs) {
        let path = golden_dir().join(format!("{name}{OUTPUT}"));
        if update {
            std::fs::write(&path, &actual).unwrap();
        } else if cases[&name].1.as_deref() != Some(actual.as_str()) {
            let expected = cases[&name].1.as_deref().unwrap_or_default();
            failures.push(format!(
                "{name}: differs (UPDATE_SNAPSHOTS=1 rewrites it after review)\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hugo_ids_are_added_where_mdbook_differs() {
    let inputs = BTreeMap::from([("anchors".to_string(), cases()["anchors"].0.clone().unwrap())]);
    let anchors = &convert_cases(&inputs)["anchors"];
    assert!(
        anchors.contains("## <span id=\"tabsinside\" class=\"hugo-anchor\"></span>Tabs\tinside"),
        "{anchors}"
    );
    assert!(
        anchors.contains("<span id=\"heading\" class=\"hugo-anchor\"></span>!!!"),
        "{anchors}"
    );
    assert!(
        !anchors.contains("id=\"plain-heading\""),
        "agreeing ids get no extra anchor"
    );
}
