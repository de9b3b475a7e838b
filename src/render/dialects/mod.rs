//! The built-in library by dialect: Hugo's own shortcodes and those of four themes, each a
//! table of names mapped onto the widgets (`super::widgets`), registered together.
//!
//! A name several dialects share (`details`, `tabs`, `tab`, `card`, `button`, `expand`)
//! has one handler that understands every dialect's parameters.

mod children;
mod docsy;
mod doks;
mod hugo;
mod hugobook;
mod netlify;
mod relearn;
mod shared;

use crate::render::Registry;
use crate::render::registry::Entry;
#[cfg(test)]
use crate::shortcode::BodyKind;

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
pub(crate) fn register_all(registry: &mut Registry) {
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
