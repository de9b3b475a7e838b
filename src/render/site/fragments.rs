//! A page's `.Fragments` as Hugo 0.168 gives them to templates (`tableofcontents.Fragments`):
//! `.Identifiers` (`Contains ID`, `Count ID`, and the list) and `.HeadingsMap` (id → `ID`,
//! `Level`, `Title`). `.Headings` (Hugo's nested tree) is not given. Headings are read from the page's Markdown body
//! (headings a shortcode writes are not seen); an id is the heading's `{#id}`, else Hugo's
//! GitHub-style id, made unique on the page with `-1`, `-2` … as Hugo makes it; with the
//! site's `autoDefinitionTermID`, definition terms get ids the same way (level 0).

use crate::markdown::anchors::{UniqueIds, hugo_id};
use crate::template::{Map, Object, Value};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::sync::Arc;

/// `.Fragments` of a page whose Markdown body is `body`; with `term_ids` (the site's
/// `markup.goldmark.parser.autoDefinitionTermID`), definition terms have ids too.
pub(super) fn fragments(body: &str, term_ids: bool) -> Value {
    let mut headings = Vec::new();
    let mut current: Option<(u32, Option<String>, String)> = None;
    let mut ids = UniqueIds::default();
    for event in Parser::new_ext(body, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((level as u32, id.map(|i| i.to_string()), String::new()));
            }
            Event::Start(Tag::DefinitionListTitle) if term_ids => {
                current = Some((0, None, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                if let Some((level, id, title)) = current.take() {
                    let id = id.unwrap_or_else(|| ids.claim(hugo_id(&title)));
                    headings.push((id, level, title));
                }
            }
            _ => {}
        }
    }
    let identifiers = Value::Object(Arc::new(Identifiers(
        headings.iter().map(|(id, _, _)| id.clone()).collect(),
    )));
    Value::Object(Arc::new(Fragments {
        headings,
        identifiers,
    }))
}

struct Fragments {
    /// `(id, level, title)` in page order.
    headings: Vec<(String, u32, String)>,
    /// `.Identifiers`, made once: a render hook asks for it at every link.
    identifiers: Value,
}

impl Fragments {
    fn heading(id: &str, level: u32, title: &str) -> Value {
        Value::from(Map::from([
            ("ID".to_string(), Value::from(id)),
            ("Level".to_string(), Value::from(i64::from(level))),
            ("Title".to_string(), Value::from(title)),
        ]))
    }
}

impl Object for Fragments {
    fn type_name(&self) -> &str {
        "*tableofcontents.Fragments"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Identifiers" => self.identifiers.clone(),
            "HeadingsMap" => Value::from(
                self.headings
                    .iter()
                    .map(|(id, level, title)| (id.clone(), Self::heading(id, *level, title)))
                    .collect::<Map>(),
            ),
            _ => return None,
        })
    }
}

/// `.Fragments.Identifiers`: the page's heading ids.
struct Identifiers(Vec<String>);

impl Object for Identifiers {
    fn type_name(&self) -> &str {
        "tableofcontents.Identifiers"
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let id = args.first().map(Value::to_go_string).unwrap_or_default();
        let count = self.0.iter().filter(|i| **i == id).count() as i64;
        match name {
            "Contains" => Some(Ok(Value::from(count > 0))),
            "Count" => Some(Ok(Value::from(count))),
            _ => None,
        }
    }

    fn to_list(&self) -> Option<Vec<Value>> {
        Some(self.0.iter().map(|i| Value::from(i.as_str())).collect())
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }
}
