//! The built-in library: every dialect's table of shortcodes, registered together.
//!
//! A name several dialects share (`details`, `tabs`, `tab`, `card`, `button`, `expand`)
//! has one handler that understands every dialect's parameters.

use super::{Registry, RenderFn, docsy, doks, hugo, hugobook, relearn};
use crate::shortcode::BodyKind;

/// One built-in shortcode: its name, whether it takes a body, and its handler.
pub(super) type Entry = (&'static str, BodyKind, RenderFn);

/// The dialects and their tables, in the order they are registered.
fn tables() -> [(&'static str, &'static [Entry]); 5] {
    [
        ("Hugo", hugo::SHORTCODES),
        ("Docsy", docsy::SHORTCODES),
        ("hugo-book", hugobook::SHORTCODES),
        ("Learn/Relearn", relearn::SHORTCODES),
        ("Doks", doks::SHORTCODES),
    ]
}

/// Registers every built-in handler.
pub(super) fn register_all(registry: &mut Registry) {
    for (_, table) in tables() {
        for &(name, body, render) in table {
            registry.register(name, body, render);
        }
    }
}

/// Every built-in shortcode name, grouped by the dialect that defines it.
pub fn dialects() -> Vec<(&'static str, Vec<&'static str>)> {
    tables()
        .into_iter()
        .map(|(dialect, table)| (dialect, table.iter().map(|(name, _, _)| *name).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn shared_names_agree_on_their_body() {
        let mut seen: HashMap<&str, BodyKind> = HashMap::new();
        for (dialect, table) in tables() {
            for &(name, body, _) in table {
                let first = *seen.entry(name).or_insert(body);
                assert_eq!(first, body, "{name} in {dialect}");
            }
        }
    }
}
