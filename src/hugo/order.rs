//! Hugo's default page order and the section tree it orders.
//!
//! Hugo sorts a list (`.Pages`) by weight ascending with 0 (unset) last, then date newest
//! first, then `linkTitle` (else `title`, compared case-insensitively as Hugo's collator
//! does), then the file path. A section without a `date`
//! takes the newest date of the pages below it.
//!
//! A section's `.Pages` are its regular pages and leaf bundles, including those in folders
//! below it that are not sections themselves, and its direct subsections; the home page's are
//! the top-level sections and the pages at the root. Pages with `build.list: never` are in
//! no list.

use super::content::{Content, ContentPage, Kind, List, ancestors, parent};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// The section tree: for each page (index into [`Content::pages`]), its children in Hugo's
/// order, and the index of the home page.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// `children[i]`: the listed children of page `i`, sorted.
    pub children: Vec<Vec<usize>>,
    /// Pages that are not listed (`list: never`) but rendered: by their section.
    pub unlisted: Vec<Vec<usize>>,
    /// The home page, if the site has `_index.md` at the root.
    pub home: Option<usize>,
    /// Pages whose section has no page (a top-level folder without `_index.md`), by folder.
    pub orphans: Vec<(String, Vec<usize>)>,
}

/// Builds the tree of `content` in Hugo's order. `section_dates`: whether sections without a
/// `date` take the newest of their pages' (Hugo does, except with `enableGitInfo`).
pub fn tree(content: &Content, section_dates: bool) -> Tree {
    let pages = &content.pages;
    let sections: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != Kind::Page)
        .map(|(i, p)| (p.dir(), i))
        .collect();
    let dates = if section_dates {
        effective_dates(content, &sections)
    } else {
        content.pages.iter().map(|p| p.date).collect()
    };
    let mut tree = Tree {
        children: vec![Vec::new(); pages.len()],
        unlisted: vec![Vec::new(); pages.len()],
        home: sections.get("").copied(),
        orphans: Vec::new(),
    };
    let mut orphans: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.kind == Kind::Home {
            continue;
        }
        let owner = owning_section(page, &sections);
        let list = if page.list == List::Never {
            &mut tree.unlisted
        } else {
            &mut tree.children
        };
        match owner {
            Owner::Page(section) => list[section].push(index),
            Owner::Folder(folder) => orphans.entry(folder).or_default().push(index),
        }
    }
    let compare = |a: &usize, b: &usize| compare(&pages[*a], dates[*a], &pages[*b], dates[*b]);
    for list in tree.children.iter_mut().chain(tree.unlisted.iter_mut()) {
        list.sort_by(compare);
    }
    let mut orphans: Vec<(String, Vec<usize>)> = orphans.into_iter().collect();
    for (_, list) in &mut orphans {
        list.sort_by(compare);
    }
    orphans.sort();
    tree.orphans = orphans;
    tree
}

/// Where a page is listed: under a section page, or under a top-level folder that has none.
enum Owner {
    Page(usize),
    Folder(String),
}

fn owning_section(page: &ContentPage, sections: &HashMap<&str, usize>) -> Owner {
    let start = page.container_dir();
    for dir in ancestors(start) {
        if let Some(&section) = sections.get(dir) {
            // A top-level folder is a section even without `_index.md`.
            let top = start.split('/').next().unwrap_or_default();
            if dir.is_empty()
                && !top.is_empty()
                && !(page.kind == Kind::Section && start.is_empty())
            {
                return Owner::Folder(top.to_string());
            }
            return Owner::Page(section);
        }
    }
    let top = start.split('/').next().unwrap_or_default();
    Owner::Folder(top.to_string())
}

/// Each page's date for sorting: its own, or for a section the newest below it.
fn effective_dates(content: &Content, sections: &HashMap<&str, usize>) -> Vec<Option<i64>> {
    let mut dates: Vec<Option<i64>> = content.pages.iter().map(|p| p.date).collect();
    let section_dirs: HashSet<&str> = sections.keys().copied().collect();
    for (index, page) in content.pages.iter().enumerate() {
        let Some(date) = page.date else { continue };
        let start = if page.kind == Kind::Page {
            page.container_dir()
        } else {
            parent(page.dir())
        };
        if page.kind == Kind::Home {
            continue;
        }
        for dir in ancestors(start).filter(|d| section_dirs.contains(d)) {
            let section = sections[dir];
            if content.pages[section].date.is_none() && section != index {
                dates[section] = dates[section].max(Some(date));
            }
        }
    }
    dates
}

/// Titles as Hugo's language collator orders them, approximated: case-insensitive first,
/// then case decides.
fn collate(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Hugo's default order of two pages (see the module doc).
pub fn compare(
    a: &ContentPage,
    a_date: Option<i64>,
    b: &ContentPage,
    b_date: Option<i64>,
) -> Ordering {
    let weight = |w: i64| (w == 0, w);
    weight(a.weight)
        .cmp(&weight(b.weight))
        .then_with(|| b_date.unwrap_or(i64::MIN).cmp(&a_date.unwrap_or(i64::MIN)))
        .then_with(|| collate(&a.link_title(), &b.link_title()))
        .then_with(|| a.site_path.cmp(&b.site_path))
}
