//! The tables of `docs/shortcodes.md` against the registry and the themes.
//!
//! Each theme's table (after a `<!-- shortcode-table: THEME -->` marker) lists every
//! shortcode the theme ships, as recorded in `tests/fixtures/theme-shortcodes/THEME.txt`
//! by `scripts/theme-shortcodes.sh` from the theme's repository (Hugo's own, from its
//! documentation); the `other` table lists older names no theme ships. A row's status says whether the built-in
//! registry handles the name, and converting a call shows that it does.

mod common;

use common::{convert_one, repo_root};
use mdbook_hugo::Severity;
use mdbook_hugo::render::Registry;
use mdbook_hugo::shortcode::BodyKind;
use std::collections::{BTreeMap, BTreeSet};

/// What a row says happens to a shortcode.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    /// `converted` or `converted, with a warning`.
    Converted,
    /// `left raw, with a warning`.
    Raw,
}

/// One row: the shortcode's name and its status.
#[derive(Debug)]
struct Row {
    name: String,
    status: Status,
    line: usize,
}

/// The tables of `docs/shortcodes.md`: marker name → rows.
fn tables() -> BTreeMap<String, Vec<Row>> {
    let docs = std::fs::read_to_string(repo_root().join("docs/shortcodes.md")).unwrap();
    let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (index, line) in docs.lines().enumerate() {
        if let Some(name) = line
            .strip_prefix("<!-- shortcode-table: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        {
            assert!(
                !tables.contains_key(name),
                "docs/shortcodes.md:{}: a second {name} table",
                index + 1
            );
            tables.insert(name.to_string(), Vec::new());
            current = Some(name.to_string());
            continue;
        }
        let Some(table) = current.clone() else {
            continue;
        };
        if !line.starts_with('|') {
            if !line.trim().is_empty() {
                current = None;
            }
            continue;
        }
        if let Some(row) = parse_row(line, index + 1) {
            tables.get_mut(&table).unwrap().push(row);
        }
    }
    tables
}

/// A table row, or `None` for the header and the separator. Panics on a row whose
/// status is not one of the three.
fn parse_row(line: &str, number: usize) -> Option<Row> {
    let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
    let name = cells[0];
    if name == "Shortcode" || name.starts_with("---") {
        return None;
    }
    let name = name
        .strip_prefix('`')
        .and_then(|n| n.strip_suffix('`'))
        .unwrap_or_else(|| panic!("docs/shortcodes.md:{number}: the name is not `code`"));
    assert!(
        cells.len() == 4,
        "docs/shortcodes.md:{number}: a row has 4 cells: {line}"
    );
    let status = match cells[2] {
        "converted" | "converted, with a warning" => Status::Converted,
        "left raw, with a warning" => Status::Raw,
        other => panic!("docs/shortcodes.md:{number}: unknown status {other:?}"),
    };
    Some(Row {
        name: name.to_string(),
        status,
        line: number,
    })
}

/// The shortcodes a theme ships, from its fixture file (`None` without one).
fn theme_list(theme: &str) -> Option<BTreeSet<String>> {
    let path = repo_root().join(format!("tests/fixtures/theme-shortcodes/{theme}.txt"));
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn every_theme_table_lists_exactly_what_the_theme_ships() {
    let tables = tables();
    for theme in ["hugo", "docsy", "hugo-book", "learn", "relearn", "doks"] {
        let rows = tables
            .get(theme)
            .unwrap_or_else(|| panic!("docs/shortcodes.md has no {theme} table"));
        let listed: BTreeSet<String> = rows.iter().map(|r| r.name.clone()).collect();
        assert_eq!(listed.len(), rows.len(), "{theme}: a name listed twice");
        let shipped = theme_list(theme).unwrap();
        let missing: Vec<_> = shipped.difference(&listed).collect();
        let extra: Vec<_> = listed.difference(&shipped).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{theme}: the table misses {missing:?} and lists {extra:?}, which the theme \
             does not ship (tests/fixtures/theme-shortcodes/{theme}.txt)"
        );
    }
    for table in tables.keys() {
        assert!(
            theme_list(table).is_some() || table == "other",
            "a table for {table} without tests/fixtures/theme-shortcodes/{table}.txt"
        );
    }
}

#[test]
fn a_row_is_converted_exactly_when_the_registry_handles_it() {
    let registry = Registry::builtin();
    let tables = tables();
    let mut listed = BTreeSet::new();
    for (table, rows) in &tables {
        for row in rows {
            let handled = registry.names().contains(&row.name.as_str());
            assert_eq!(
                row.status == Status::Converted,
                handled,
                "docs/shortcodes.md:{}: `{}` ({table}) says {:?}, but the registry {}",
                row.line,
                row.name,
                row.status,
                if handled {
                    "handles it"
                } else {
                    "does not handle it"
                }
            );
            listed.insert(row.name.as_str());
        }
    }
    for name in registry.names() {
        assert!(
            listed.contains(name),
            "the registry handles `{name}`, which no table of docs/shortcodes.md lists"
        );
    }
}

/// A call of `name` with a body when its handler takes one.
fn call(registry: &Registry, name: &str) -> String {
    match registry.body_kind(name) {
        BodyKind::Required => format!("{{{{< {name} >}}}}\nx\n{{{{< /{name} >}}}}\n"),
        _ => format!("{{{{< {name} >}}}}\n"),
    }
}

#[test]
fn converting_a_call_does_what_the_row_says() {
    let registry = Registry::builtin();
    for (table, rows) in tables() {
        for row in rows {
            let text = call(&registry, &row.name);
            let converted = convert_one(&text);
            let warnings = converted.messages(Severity::Warning);
            let unknown = warnings
                .iter()
                .any(|w| w.contains(&format!("unknown shortcode {:?}", row.name)));
            let page = converted.page(0);
            match row.status {
                Status::Raw => {
                    assert!(unknown, "{table} `{}`: {warnings:?}", row.name);
                    assert!(
                        page.contains(&format!("{{{{< {} >}}}}", row.name)),
                        "{page}"
                    );
                }
                Status::Converted => {
                    assert!(!unknown, "{table} `{}`: {warnings:?}", row.name);
                    assert!(
                        !page.contains(&format!("{{{{< {} >}}}}", row.name)),
                        "{table} `{}` left raw: {page}",
                        row.name
                    );
                }
            }
        }
    }
}
