//! A page's `.Fragments` as Hugo 0.168 gives them to templates (`tableofcontents.Fragments`):
//! `.Identifiers` (`Contains ID`, `Count ID`, and the list, sorted as Hugo sorts it) and
//! `.HeadingsMap` (id → `ID`, `Level`, `Title`). `.Headings` (Hugo's nested tree) is not
//! given.
//!
//! Hugo reads them from the page's rendered Markdown, so headings written by `{{% %}}`
//! shortcodes (Markdown, rendered with the page) count, and headings in `{{< >}}` output
//! (HTML, placed after rendering) or in raw HTML do not (checked with Hugo 0.168). Here a
//! page whose body calls `{{% %}}` shortcodes has them expanded in its own context first,
//! by the book's conversion ([`MarkdownShortcodes`]); a page without one is read as it is.
//! An id is the heading's `{#id}`, else Hugo's GitHub-style id, made unique on the page with
//! `-1`, `-2` … in page order, as Hugo makes it; with the site's `autoDefinitionTermID`,
//! definition terms get ids the same way, in `.Identifiers` but not in `.HeadingsMap`
//! (Hugo 0.168).
//!
//! A heading holding a `{{< >}}` call gets an id with Hugo's placeholder word in it, as in
//! Hugo, but the word's page number is not Hugo's: such ids differ.

use crate::markdown::anchors::{UniqueIds, hugo_id};
use crate::template::{Map, Object, Value};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::sync::Arc;

/// What [`MarkdownShortcodes::expand`] expands of a page's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expand {
    /// The `{{% %}}` calls, each `{{< >}}` call a placeholder word: the body as Hugo's
    /// Markdown renderer sees it, for `.Fragments`.
    Markdown,
    /// Every call, `{{< >}}` output placed as the page's conversion places it: the body
    /// whose rendering is the page's `.Content`.
    All,
}

/// Expands the shortcodes of a page of the site for its `.Fragments` or its `.Content`.
/// The book's conversion provides it (`crate::convert`): only it has the book's pages,
/// options and shortcodes.
pub(crate) trait MarkdownShortcodes: Send + Sync {
    /// The Markdown body of the page at content path `path` (`docs/a.md`) whose file's text
    /// (front matter included) is `text`, with the calls `what` says expanded in the page's
    /// context, with `page` as their `.Page`. `None` when the page is not one of the book's
    /// or its shortcodes do not parse. What the expansion reports is not shown (the page's
    /// own conversion reports it).
    fn expand(&self, path: &str, text: &str, page: Value, what: Expand) -> Option<String>;
}

/// `.Fragments` of a page whose Markdown body is `body`; with `term_ids` (the site's
/// `markup.goldmark.parser.autoDefinitionTermID`), definition terms have ids too.
pub(super) fn fragments(body: &str, term_ids: bool) -> Value {
    let mut headings = Vec::new();
    let mut current: Option<Heading> = None;
    let mut ids = UniqueIds::default();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some(Heading {
                    id: id.map(|i| i.to_string()).unwrap_or_default(),
                    level: level as u32,
                    title: String::new(),
                    source: body[range].to_string(),
                });
            }
            Event::Start(Tag::DefinitionListTitle) if term_ids => {
                current = Some(Heading::default());
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                if let Some(mut heading) = current.take() {
                    if heading.id.is_empty() {
                        heading.id = ids.claim(hugo_id(&heading.title));
                    }
                    headings.push(heading);
                }
            }
            _ => {}
        }
    }
    let mut ids: Vec<String> = headings.iter().map(|h| h.id.clone()).collect();
    ids.sort();
    let identifiers = Value::Object(Arc::new(Identifiers(ids)));
    Value::Object(Arc::new(Fragments {
        headings,
        identifiers,
    }))
}

/// A heading of the page (or, with level 0, a definition term).
#[derive(Default)]
struct Heading {
    id: String,
    /// 1 to 6; 0 for a definition term.
    level: u32,
    /// The heading's text (`.Title` of `.HeadingsMap`).
    title: String,
    /// The heading's Markdown (`## A *b*`), for its HTML in a table of contents.
    source: String,
}

struct Fragments {
    /// In page order.
    headings: Vec<Heading>,
    /// `.Identifiers`, made once: a render hook asks for it at every link.
    identifiers: Value,
}

impl Fragments {
    fn heading(heading: &Heading) -> Value {
        Value::from(Map::from([
            ("ID".to_string(), Value::from(heading.id.as_str())),
            ("Level".to_string(), Value::from(i64::from(heading.level))),
            ("Title".to_string(), Value::from(heading.title.as_str())),
        ]))
    }

    /// `.ToHTML START END ORDERED` (Hugo's `tableofcontents.Fragments.ToHTML`).
    fn to_html(args: &[Value], headings: &[Heading]) -> Result<Value, String> {
        let [start, end, ordered] = args else {
            return Err(format!(
                "ToHTML wants a start level, an end level and whether the list is ordered, got {} arguments",
                args.len()
            ));
        };
        let level = |v: &Value| match v {
            Value::Int(n) => Ok(*n),
            Value::String(s) => s
                .trim()
                .parse()
                .map_err(|_| format!("level {s:?} is no number")),
            other => Err(format!("level of type {} is no number", other.type_name())),
        };
        let list: Vec<(&str, u32, String)> = headings
            .iter()
            .filter(|h| h.level > 0)
            .map(|h| (h.id.as_str(), h.level, super::toc::title_html(&h.source)))
            .collect();
        let html = super::toc::to_html(&list, level(start)?, level(end)?, ordered.truthy());
        Ok(Value::Safe(crate::template::SafeKind::Html, html.into()))
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
                    .filter(|h| h.level > 0)
                    .map(|h| (h.id.clone(), Self::heading(h)))
                    .collect::<Map>(),
            ),
            _ => return None,
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (name == "ToHTML").then(|| Self::to_html(args, &self.headings))
    }
}

/// `.Fragments.Identifiers`: the page's heading ids, sorted once, as Hugo 0.168 lists
/// them (its `Contains` searches them so).
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
        let first = self.0.partition_point(|i| *i < id);
        let count = self.0[first..].iter().take_while(|i| **i == id).count() as i64;
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
