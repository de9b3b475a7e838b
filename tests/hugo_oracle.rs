//! Differential tests: the Hugo site model against the real Hugo (0.168) on the fixture
//! sites of `tests/fixtures/sites/`. Config merging against `hugo config`, every page's
//! permalink against `hugo list all`, and the order of every list against Hugo's `.Pages`.
//! They fail, saying how to install it, when Hugo is missing.

mod common;

use common::hugo;
use mdbook_hugo::hugo::HugoSite;
use mdbook_hugo::hugo::content::{Kind, List, Render};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Every fixture site and language the differential tests cover.
const SITES: &[(&str, &[&str])] = &[
    ("basic", &["en"]),
    ("multilang", &["en", "fr", "de"]),
    ("mounts", &["en"]),
    ("configforms", &["en"]),
    ("langdirs", &["en"]),
];

fn base_url(site: &HugoSite) -> String {
    site.config
        .string("baseurl")
        .unwrap()
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn merged_config_matches_hugo_config() {
    for (name, _) in SITES {
        let scratch = hugo::scratch_site(name);
        let oracle = hugo::config(scratch.path());
        let site = HugoSite::load(scratch.path(), None).unwrap();
        for key in [
            "title",
            "baseurl",
            "params",
            "menus",
            "uglyurls",
            "defaultcontentlanguage",
        ] {
            let ours = site.config.get(key).cloned().unwrap_or(Value::Null);
            let theirs = oracle.get(key).cloned().unwrap_or(Value::Null);
            let theirs = match (&ours, theirs) {
                // Hugo prints defaults we do not set; compare only what the site says.
                (Value::Null, _) => continue,
                (_, theirs) => theirs,
            };
            assert_eq!(
                ours, theirs,
                "{name}: config key `{key}` differs from `hugo config`"
            );
        }
        let unsafe_html = site.config.get("markup.goldmark.renderer.unsafe");
        if let Some(value) = unsafe_html {
            assert_eq!(
                Some(value),
                oracle.pointer("/markup/goldmark/renderer/unsafe"),
                "{name}"
            );
        }
    }
}

#[test]
fn every_permalink_matches_hugo_list() {
    let mut compared = 0;
    for (name, languages) in SITES {
        let scratch = hugo::scratch_site(name);
        let rows = hugo::list_all(scratch.path());
        let by_path: HashMap<&str, &hugo::Listed> =
            rows.iter().map(|r| (r.path.as_str(), r)).collect();
        for lang in *languages {
            let site = HugoSite::load(scratch.path(), Some(lang)).unwrap();
            assert!(site.content.pages.len() > 1, "{name}/{lang}: no pages read");
            let base = base_url(&site);
            for (page, urls) in site.content.pages.iter().zip(&site.urls) {
                if page.render == Render::Never || page.list == List::Never {
                    continue; // not in `hugo list`; the build test checks list-never pages
                }
                let row = by_path.get(page.site_path.as_str()).unwrap_or_else(|| {
                    panic!("{name}/{lang}: hugo list has no {}", page.site_path)
                });
                assert_eq!(
                    format!("{base}{}", urls.url),
                    hugo::percent_decode(&row.permalink),
                    "{name}/{lang}: permalink of {}",
                    page.site_path
                );
                compared += 1;
            }
            if languages.len() == 1 {
                assert_no_page_missing(name, &site, &rows);
            }
        }
    }
    eprintln!("{compared} permalinks agree with hugo list all");
    assert!(compared >= 30, "only {compared} pages compared");
}

/// Every page Hugo publishes is one of ours, or one we left out for a reason Hugo shares.
fn assert_no_page_missing(name: &str, site: &HugoSite, rows: &[hugo::Listed]) {
    for row in rows.iter().filter(|r| !r.draft && !r.path.is_empty()) {
        let ours = site.content.pages.iter().any(|p| p.site_path == row.path);
        let excluded = site
            .content
            .excluded
            .iter()
            .any(|e| e.starts_with(&format!("{}:", row.path)));
        assert!(
            ours || excluded,
            "{name}: hugo publishes {} ({}), the model does not know it",
            row.path,
            row.kind
        );
    }
    for excluded in &site.content.excluded {
        let path = excluded.split(':').next().unwrap();
        let published = rows.iter().any(|r| r.path == path && !r.draft);
        assert!(
            !published || excluded.contains("future") || excluded.contains("expired"),
            "{name}: the model leaves out {excluded}, Hugo publishes it"
        );
    }
}

#[test]
fn every_list_is_in_hugos_order() {
    let mut lists = 0;
    for (name, languages) in SITES {
        let scratch = hugo::scratch_site(name);
        let out = tempfile::tempdir().unwrap();
        hugo::build(scratch.path(), out.path());
        for lang in *languages {
            let site = HugoSite::load(scratch.path(), Some(lang)).unwrap();
            lists += compare_lists(name, lang, &site, out.path());
        }
    }
    eprintln!("{lists} lists are in Hugo's order");
    assert!(lists >= 8, "only {lists} lists compared");
}

/// The file Hugo writes for a site path.
fn output_file(out: &Path, url: &str) -> std::path::PathBuf {
    let relative = out.join(url.trim_start_matches('/'));
    if url.ends_with(".html") {
        relative
    } else {
        relative.join("index.html")
    }
}

/// Compares the `.Pages` of every section and home page of `site` with the built `out`.
fn compare_lists(name: &str, lang: &str, site: &HugoSite, out: &Path) -> usize {
    let base_path = site.base_path();
    let base_path = base_path.trim_end_matches('/');
    let implicit: Vec<String> = site
        .tree
        .orphans
        .iter()
        .map(|(folder, _)| {
            format!(
                "{base_path}/{}/",
                mdbook_hugo::hugo::urls::urlize(folder, true)
            )
        })
        .collect();
    let mut lists = 0;
    for (index, page) in site.content.pages.iter().enumerate() {
        let aliases = if site.config.flag("disablealiases") {
            &[][..]
        } else {
            &site.urls[index].aliases[..]
        };
        for alias in aliases {
            let file = output_file(out, alias);
            assert!(
                file.is_file(),
                "{name}/{lang}: Hugo wrote no alias {alias} of {}",
                page.site_path
            );
        }
        let file = output_file(out, &site.urls[index].url);
        if page.list == List::Never && page.render == Render::Always {
            assert!(
                file.is_file(),
                "{name}/{lang}: {} is not at {}",
                page.site_path,
                file.display()
            );
        }
        // A `layout` of its own means the oracle's list template does not print it.
        if page.kind == Kind::Page
            || page.render != Render::Always
            || page.string("layout").is_some()
        {
            continue;
        }
        // Hugo writes no file for an empty list.
        let html = std::fs::read_to_string(&file).unwrap_or_default();
        let theirs: Vec<String> = html
            .lines()
            .map(|l| hugo::percent_decode(&unescape_html(l)))
            .filter(|l| !l.trim().is_empty() && !implicit.contains(l))
            .collect();
        let ours: Vec<String> = site.tree.children[index]
            .iter()
            .filter(|&&c| site.content.pages[c].render != Render::Never)
            .map(|&c| format!("{base_path}{}", site.urls[c].url))
            .collect();
        assert_eq!(
            ours, theirs,
            "{name}/{lang}: the pages of {}",
            page.site_path
        );
        lists += 1;
    }
    lists
}

/// Permalinks of real sites against `hugo list all`, opt in: `MDBOOK_HUGO_ORACLE_SITES`
/// lists site folders (`:`-separated) that real Hugo can list (themes and modules in place;
/// Hugo may write its lock file and caches into them, so pass copies). Every page of the
/// default language must have Hugo's permalink. Without the variable this test does nothing.
#[test]
fn real_sites_from_the_environment_match_hugo_list() {
    let Some(sites) = std::env::var_os("MDBOOK_HUGO_ORACLE_SITES") else {
        eprintln!("MDBOOK_HUGO_ORACLE_SITES is not set: no real site compared");
        return;
    };
    let mut failures = Vec::new();
    for site_dir in std::env::split_paths(&sites) {
        let rows = hugo::list_all(&site_dir);
        let default = HugoSite::load(&site_dir, None).unwrap();
        let oracle = hugo::config(&site_dir);
        for key in ["title", "baseurl", "params"] {
            // `hugo config` leaves zero values (false, "", []) out of its JSON.
            let ours = without_zero_values(default.config.get(key).cloned().unwrap_or(Value::Null));
            if ours != without_zero_values(oracle[key].clone()) {
                failures.push(format!(
                    "{}: config `{key}` differs from hugo config: {}",
                    site_dir.display(),
                    differences(&ours, &oracle[key], key).join("; ")
                ));
            }
        }
        let languages = default.site_config.languages();
        let (mut compared, mut differ) = (0, 0);
        let mut known: Vec<String> = Vec::new();
        for lang in &languages {
            let site = HugoSite::load(&site_dir, Some(lang)).unwrap();
            let base = base_url(&site);
            known.extend(site.content.pages.iter().map(|p| p.site_path.clone()));
            known.extend(
                site.content
                    .excluded
                    .iter()
                    .filter_map(|e| e.split(": ").next().map(String::from)),
            );
            for (page, urls) in site.content.pages.iter().zip(&site.urls) {
                let candidates: Vec<String> = rows
                    .iter()
                    .filter(|r| r.path == page.site_path)
                    .map(|r| hugo::percent_decode(&r.permalink))
                    .collect();
                if candidates.is_empty() {
                    continue; // not rendered or not listed (list: never)
                }
                compared += 1;
                let ours = format!("{base}{}", urls.url);
                if !candidates.contains(&ours) {
                    differ += 1;
                    failures.push(format!(
                        "{lang} {}: {ours} ≠ {candidates:?}",
                        page.site_path
                    ));
                }
            }
        }
        let unknown: Vec<&str> = rows
            .iter()
            .filter(|r| !r.draft && r.path.ends_with(".md") && !known.contains(&r.path))
            .map(|r| r.path.as_str())
            .collect();
        failures.extend(
            unknown
                .iter()
                .map(|p| format!("{p}: Hugo lists it, the model does not")),
        );
        let scratch = hugo::order_oracle_copy(&site_dir);
        let out = tempfile::tempdir().unwrap();
        hugo::build(scratch.path(), out.path());
        let mut lists = 0;
        for lang in &languages {
            let site = HugoSite::load(scratch.path(), Some(lang)).unwrap();
            let result =
                std::panic::catch_unwind(|| compare_lists("real", lang, &site, out.path()));
            match result {
                Ok(count) => lists += count,
                Err(e) => failures.push(format!("{}: {}", site_dir.display(), panic_text(&e))),
            }
        }
        eprintln!(
            "{} ({}): {lists} lists compared with Hugo's .Pages",
            site_dir.display(),
            languages.join(", ")
        );
        eprintln!(
            "{} ({}): {compared} permalinks compared, {differ} differ, {} pages only Hugo knows",
            site_dir.display(),
            languages.join(", "),
            unknown.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where two JSON values differ: `path: ours ≠ theirs`, one line per leaf.
fn differences(ours: &Value, theirs: &Value, path: &str) -> Vec<String> {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .flat_map(|k| {
                    let (x, y) = (
                        a.get(k).unwrap_or(&Value::Null),
                        b.get(k).unwrap_or(&Value::Null),
                    );
                    differences(x, y, &format!("{path}.{k}"))
                })
                .collect()
        }
        (a, b) if a == b => Vec::new(),
        (a, b) => vec![format!("{path}: {a} ≠ {b}")],
    }
}

/// `value` without `false`, `""`, `0`, `[]` and tables left empty, as `hugo config` prints.
fn without_zero_values(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let kept: serde_json::Map<String, Value> = map
                .into_iter()
                .map(|(k, v)| (k, without_zero_values(v)))
                .filter(|(_, v)| !v.is_null())
                .collect();
            if kept.is_empty() {
                Value::Null
            } else {
                Value::Object(kept)
            }
        }
        Value::Bool(false) => Value::Null,
        Value::String(s) if s.is_empty() => Value::Null,
        Value::Array(a) if a.is_empty() => Value::Null,
        Value::Number(n) if n.as_f64() == Some(0.0) => Value::Null,
        other => other,
    }
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Undoes the HTML escaping of a URL printed by a template (`&#43;` for `+`, `&amp;`).
fn unescape_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find(';') else { break };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
