//! Hugo's page groups: `Pages.GroupBy FIELD [ORDER]` and `Pages.GroupByParam PARAM [ORDER]`
//! give a `page.PagesGroup`, a list of `page.PageGroup`s, each a `.Key` and the `.Pages`
//! having it. As in Hugo 0.168 (`page.Pages.GroupBy`): the groups are ordered by key,
//! ascending unless ORDER is `desc`, `rev` or `reverse` (any case); the pages of a group
//! keep the list's order; a group is also its pages (`.ByTitle`, `.Len` … of the group are
//! those of its `.Pages`, the field being embedded in Hugo's struct); an empty list gives no
//! groups; `GroupByParam` leaves out pages without the parameter, and `GroupBy` names a
//! page field (`Weight`, `Section`, `Kind` …), an error otherwise.

use crate::template::{Object, Value};
use std::sync::Arc;

/// The groups of `pages` by `key` (a field, or with `param` a parameter of the pages), in
/// the order `args` (after the key) asks; `make_pages` makes a `Pages` list of pages.
pub(super) fn group_by(
    pages: &[Value],
    param: bool,
    args: &[Value],
    make_pages: fn(Vec<Value>) -> Value,
) -> Result<Value, String> {
    let name = if param { "GroupByParam" } else { "GroupBy" };
    let (key, descending) = match args {
        [key] => (key.to_go_string(), false),
        [key, order] => {
            let order = order.to_go_string().to_lowercase();
            (
                key.to_go_string(),
                matches!(order.as_str(), "desc" | "rev" | "reverse"),
            )
        }
        _ => return Err(format!("{name} wants a key and an optional order")),
    };
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    for page in pages {
        let value = if param {
            match page_param(page, &key) {
                Some(value) => value,
                None => continue,
            }
        } else {
            page.get_field(&key)
                .ok_or_else(|| format!("{key} is neither a field nor a method of Page"))?
        };
        match groups.iter_mut().find(|(k, _)| *k == value) {
            Some((_, members)) => members.push(page.clone()),
            None => groups.push((value, vec![page.clone()])),
        }
    }
    groups.sort_by(|(a, _), (b, _)| crate::template::sort_cmp(a, b));
    if descending {
        groups.reverse();
    }
    let groups = groups
        .into_iter()
        .map(|(key, members)| {
            Value::Object(Arc::new(PageGroup {
                key,
                pages: make_pages(members),
            }))
        })
        .collect();
    Ok(Value::Object(Arc::new(PagesGroup(groups))))
}

/// The page's parameter `key` (`.Param`), `None` when unset.
fn page_param(page: &Value, key: &str) -> Option<Value> {
    let Value::Object(object) = page else {
        return None;
    };
    match object.method("Param", &[Value::from(key)])? {
        Ok(Value::Nil) | Err(_) => None,
        Ok(value) => Some(value),
    }
}

/// Hugo's `page.PagesGroup`: groups, in order.
struct PagesGroup(Vec<Value>);

impl Object for PagesGroup {
    fn type_name(&self) -> &str {
        "page.PagesGroup"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Len" => Value::Int(self.0.len() as i64),
            "Reverse" => {
                Value::Object(Arc::new(PagesGroup(self.0.iter().rev().cloned().collect())))
            }
            _ => return None,
        })
    }

    fn to_list(&self) -> Option<Vec<Value>> {
        Some(self.0.clone())
    }

    fn with_items(&self, items: Vec<Value>) -> Option<Value> {
        Some(Value::Object(Arc::new(PagesGroup(items))))
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }
}

/// Hugo's `page.PageGroup`: a key and its pages.
struct PageGroup {
    key: Value,
    /// A `page.Pages` object.
    pages: Value,
}

impl Object for PageGroup {
    fn type_name(&self) -> &str {
        "page.PageGroup"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Key" => Some(self.key.clone()),
            "Pages" => Some(self.pages.clone()),
            _ => self.pages.get_field(name),
        }
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match &self.pages {
            Value::Object(pages) => pages.method(name, args),
            _ => None,
        }
    }

    fn truthy(&self) -> bool {
        true
    }
}
