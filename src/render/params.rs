//! Hugo's params as shortcodes read them: dotted names looked up case-insensitively, and a
//! value printed as a template prints it.

use serde_json::{Map, Value};
use std::borrow::Cow;

/// A dotted parameter name (`a.b`) looked up in `map`; keys match case-insensitively, as
/// Hugo's params do.
pub(crate) fn lookup_param<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    let get = |map: &'m Map<String, Value>, key: &str| {
        map.get(key).or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
    };
    let mut parts = name.split('.');
    let first = get(map, parts.next()?)?;
    parts.try_fold(first, |value, part| get(value.as_object()?, part))
}

/// Hugo's `.Param NAME`: the page's front matter, its `params` table, the params its
/// sections' `cascade` gives it ([`crate::site::CASCADE_KEY`], written by the import), then
/// the site's params.
pub(crate) fn page_param<'m>(
    page: &'m Map<String, Value>,
    site: &'m Map<String, Value>,
    name: &str,
) -> Option<&'m Value> {
    let table = |key: &str| page.get(key).and_then(Value::as_object);
    lookup_param(page, name)
        .or_else(|| table("params").and_then(|p| lookup_param(p, name)))
        .or_else(|| table(crate::site::CASCADE_KEY).and_then(|p| lookup_param(p, name)))
        .or_else(|| lookup_param(site, name))
}

/// A parameter value as a template prints it: strings as they are, anything else as JSON.
pub(crate) fn param_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}
