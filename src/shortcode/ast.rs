//! The parse tree: text, escaped shortcodes and shortcodes with their parameters and bodies.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::ops::Range;

/// A byte range into the original file.
pub type Span = Range<usize>;

/// Which delimiters a tag uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    /// `{{< ... >}}`: output goes into the page after Markdown rendering.
    Angle,
    /// `{{% ... %}}`: output is Markdown, rendered with the page.
    Percent,
}

impl Delim {
    /// The opening delimiter.
    pub fn open(self) -> &'static str {
        match self {
            Delim::Angle => "{{<",
            Delim::Percent => "{{%",
        }
    }

    /// The closing delimiter.
    pub fn close(self) -> &'static str {
        match self {
            Delim::Angle => ">}}",
            Delim::Percent => "%}}",
        }
    }

    /// `"<"` or `"%"`, as the parse tree JSON writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Delim::Angle => "<",
            Delim::Percent => "%",
        }
    }
}

/// A parameter value, typed as Hugo types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
    /// A quoted or raw value, or a bare one that is not a number or boolean.
    String(Cow<'s, str>),
    /// A bare `[-+]?\d+`.
    Int(i64),
    /// A bare `[-+]?\d*\.\d+`.
    Float(f64),
    /// A bare `true` or `false`.
    Bool(bool),
}

impl Value<'_> {
    /// The value as text, the way a template would print it.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Value::String(s) => Cow::Borrowed(s.as_ref()),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }

    /// Whether the value is truthy in a Go template sense (`false`, `0`, `""` are not).
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::String(s) => !s.is_empty() && s != "false",
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Bool(b) => *b,
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::String(s) => serializer.serialize_str(s),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::Bool(b) => serializer.serialize_bool(*b),
        }
    }
}

/// A shortcode's parameters: all positional or all named, never mixed.
#[derive(Debug, Clone, PartialEq)]
pub enum Params<'s> {
    /// `{{< x a "b" >}}`; also used when there are no parameters.
    Positional(Vec<Value<'s>>),
    /// `{{< x a=1 b="c" >}}`, in source order.
    Named(Vec<(&'s str, Value<'s>)>),
}

impl<'s> Params<'s> {
    /// A named parameter.
    pub fn named(&self, key: &str) -> Option<&Value<'s>> {
        match self {
            Params::Named(pairs) => pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            Params::Positional(_) => None,
        }
    }

    /// A positional parameter.
    pub fn positional(&self, index: usize) -> Option<&Value<'s>> {
        match self {
            Params::Positional(values) => values.get(index),
            Params::Named(_) => None,
        }
    }

    /// Hugo's `.Get`: a named parameter, or else the positional one at `index`.
    pub fn get(&self, key: &str, index: usize) -> Option<&Value<'s>> {
        self.named(key).or_else(|| self.positional(index))
    }

    /// [`Params::get`] as text.
    pub fn text(&self, key: &str, index: usize) -> Option<Cow<'_, str>> {
        self.get(key, index).map(Value::as_text)
    }

    /// Whether there are no parameters at all.
    pub fn is_empty(&self) -> bool {
        match self {
            Params::Positional(v) => v.is_empty(),
            Params::Named(v) => v.is_empty(),
        }
    }
}

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Named<'a, 's>(&'a [(&'s str, Value<'s>)]);
        impl Serialize for Named<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (key, value) in self.0 {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Params::Positional(values) => map.serialize_entry("positional", values)?,
            Params::Named(pairs) => map.serialize_entry("named", &Named(pairs))?,
        }
        map.end()
    }
}

/// `{{</* x */>}}`: Hugo outputs it as the literal `{{< x >}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escaped {
    /// The whole escape, `{{</*` to `*/>}}`.
    pub span: Span,
    /// What sits between `/*` and `*/`, spacing kept.
    pub inner: Span,
    /// The delimiter kind.
    pub delim: Delim,
}

impl Escaped {
    /// The literal text Hugo outputs for this escape.
    pub fn literal(&self, source: &str) -> String {
        let inner = &source[self.inner.clone()];
        let mut out = String::with_capacity(inner.len() + 6);
        out.push_str(self.delim.open());
        out.push_str(inner);
        out.push_str(self.delim.close());
        out
    }
}

/// One shortcode call, with its body when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode<'s> {
    /// The name, `/` allowed (`blocks/lead`), `.inline` included for inline shortcodes.
    pub name: &'s str,
    /// The delimiter kind of the opening tag.
    pub delim: Delim,
    /// The parameters.
    pub params: Params<'s>,
    /// `{{< x />}}`.
    pub self_closing: bool,
    /// `{{< x.inline >}}`: disabled in Hugo by default.
    pub inline: bool,
    /// The body between the tags, parsed; `None` when the call has no closing tag.
    pub inner: Option<Vec<Node<'s>>>,
    /// The opening tag.
    pub open: Span,
    /// The closing tag, when there is one.
    pub close: Option<Span>,
    /// Whitespace between the start of the line and the opening tag, when only whitespace.
    pub indent: &'s str,
}

impl<'s> Shortcode<'s> {
    /// The whole call, opening tag to closing tag.
    pub fn span(&self) -> Span {
        let end = self.close.as_ref().map_or(self.open.end, |c| c.end);
        self.open.start..end
    }

    /// The raw source between the tags (Hugo's `.Inner` for `{{< >}}`).
    pub fn inner_source<'a>(&self, source: &'a str) -> Option<&'a str> {
        self.close
            .as_ref()
            .map(|close| &source[self.open.end..close.start])
    }
}

/// A node of the parse tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'s> {
    /// Plain text, passed through.
    Text(Span),
    /// An escaped shortcode, output as literal text.
    Escaped(Escaped),
    /// A shortcode call.
    Shortcode(Shortcode<'s>),
}

/// Serialises a list of nodes as the `parse --json` tree.
pub struct JsonTree<'a, 's> {
    /// The nodes.
    pub nodes: &'a [Node<'s>],
    /// The file the spans point into.
    pub source: &'a crate::source::SourceFile,
}

impl Serialize for JsonTree<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.nodes.iter().map(|node| JsonNode {
            node,
            source: self.source,
        }))
    }
}

struct JsonNode<'a, 's> {
    node: &'a Node<'s>,
    source: &'a crate::source::SourceFile,
}

impl Serialize for JsonNode<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = &self.source.text;
        match self.node {
            Node::Text(span) => {
                let mut s = serializer.serialize_struct("Text", 2)?;
                s.serialize_field("kind", "text")?;
                s.serialize_field("text", &text[span.clone()])?;
                s.end()
            }
            Node::Escaped(escaped) => {
                let mut s = serializer.serialize_struct("Text", 2)?;
                s.serialize_field("kind", "text")?;
                s.serialize_field("text", &escaped.literal(text))?;
                s.end()
            }
            Node::Shortcode(sc) => {
                let position = self.source.position(sc.open.start);
                let mut s = serializer.serialize_struct("Shortcode", 8)?;
                s.serialize_field("kind", "shortcode")?;
                s.serialize_field("name", sc.name)?;
                s.serialize_field("delim", sc.delim.symbol())?;
                s.serialize_field("params", &sc.params)?;
                s.serialize_field("self_closing", &sc.self_closing)?;
                let inner = sc.inner.as_ref().map(|nodes| JsonTree {
                    nodes,
                    source: self.source,
                });
                s.serialize_field("inner", &inner)?;
                s.serialize_field("line", &position.line)?;
                s.serialize_field("col", &position.col)?;
                s.end()
            }
        }
    }
}
