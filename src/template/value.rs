//! Dynamic values flowing through templates, with Go's truthiness and
//! `fmt.Sprint` printing rules.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A string map; iterates in sorted key order like Go's template `range`.
pub type Map = BTreeMap<String, Value>;

/// The content type of a string marked safe (Go's `template.HTML` etc.).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeKind {
    /// `template.HTML` (`safeHTML`).
    Html,
    /// `template.HTMLAttr` (`safeHTMLAttr`).
    HtmlAttr,
    /// `template.URL` (`safeURL`).
    Url,
    /// `template.CSS` (`safeCSS`).
    Css,
    /// `template.JS` (`safeJS`).
    Js,
}

/// A host object (Hugo's `.Page`, `.Site`, a shortcode context …).
///
/// `field` answers `.Name`; `method` answers `.Name arg…`. Returning `None`
/// means "no such field/method", which becomes a located execution error.
pub trait Object: Send + Sync {
    /// A short type name used in error messages.
    fn type_name(&self) -> &str {
        "object"
    }
    /// The value of field `name`, if the object has one.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls method `name` with `args`; `None` if there is no such method.
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }
    /// The elements when the object is a collection (Hugo's `Pages`), so
    /// `range`, `len`, `first`, `where`, `sort` … accept it.
    fn to_list(&self) -> Option<Vec<Value>> {
        None
    }
    /// The same kind of collection holding `items` (Hugo's `union`, `where`, `first` …
    /// of `Pages` give `Pages`, with their methods); `None` when the object is none.
    fn with_items(&self, items: Vec<Value>) -> Option<Value> {
        let _ = items;
        None
    }
    /// Go truthiness of the object (non-nil pointers are true).
    fn truthy(&self) -> bool {
        true
    }
    /// How `{{ . }}` prints the object (Go's `String()` method).
    fn display(&self) -> String {
        format!("<{}>", self.type_name())
    }
    /// The object as `Any`, for a host that needs its own concrete type back (an image
    /// filter handed to `.Filter`); `None` by default.
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// A dynamic template value.
#[derive(Clone, Default)]
pub enum Value {
    /// Go's untyped `nil` (also a missing map key).
    #[default]
    Nil,
    /// A boolean.
    Bool(bool),
    /// An integer (Go `int`).
    Int(i64),
    /// A float (Go `float64`).
    Float(f64),
    /// A plain string.
    String(Arc<str>),
    /// A string of a trusted content type, passed through by the escaper in
    /// its own context.
    Safe(SafeKind, Arc<str>),
    /// A slice.
    List(Arc<Vec<Value>>),
    /// A map with string keys.
    Map(Arc<Map>),
    /// A host object.
    Object(Arc<dyn Object>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Safe(k, s) => write!(f, "{k:?}({s:?})"),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m) => f.debug_map().entries(m.iter()).finish(),
            Value::Object(o) => write!(f, "<{}>", o.type_name()),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Nil, Nil) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a == b,
            (Int(a), Float(b)) | (Float(b), Int(a)) => (*a as f64) == *b,
            (String(a) | Safe(_, a), String(b) | Safe(_, b)) => a == b,
            (List(a), List(b)) => a == b,
            (Map(a), Map(b)) => a == b,
            (Object(a), Object(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::List(Arc::new(v))
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Map(Arc::new(m))
    }
}

impl From<&serde_json::Value> for Value {
    /// JSON numbers become `Int` when integral, else `Float` (Hugo decodes
    /// JSON numbers to float64, but prints integral ones without a dot).
    fn from(j: &serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::from(s.as_str()),
            serde_json::Value::Array(a) => {
                Value::from(a.iter().map(Value::from).collect::<Vec<_>>())
            }
            serde_json::Value::Object(o) => Value::from(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from(v)))
                    .collect::<Map>(),
            ),
        }
    }
}

impl Value {
    /// Builds a string value.
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// Go truthiness: false, 0, nil, empty string/list/map are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(x) => *x != 0.0,
            Value::String(s) | Value::Safe(_, s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.truthy(),
        }
    }

    /// The string content of string-like values.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Safe(_, s) => Some(s),
            _ => None,
        }
    }

    /// The number as f64 for Int/Float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(x) => Some(*x),
            _ => None,
        }
    }

    /// Whether the value is Int or Float.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_))
    }

    /// Go-ish type name for error messages.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Safe(SafeKind::Html, _) => "template.HTML",
            Value::Safe(SafeKind::HtmlAttr, _) => "template.HTMLAttr",
            Value::Safe(SafeKind::Url, _) => "template.URL",
            Value::Safe(SafeKind::Css, _) => "template.CSS",
            Value::Safe(SafeKind::Js, _) => "template.JS",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => o.type_name(),
        }
    }

    /// Looks up `.name` on a map or object (`None` when not applicable).
    ///
    /// Maps: a missing key yields `Nil` (Go's zero value for interface maps).
    pub fn get_field(&self, name: &str) -> Option<Value> {
        match self {
            Value::Map(m) => Some(lookup_key(m, name).cloned().unwrap_or(Value::Nil)),
            Value::Object(o) => o.field(name),
            _ => None,
        }
    }

    /// Go's `fmt.Sprint` of a single value (`%v`).
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        self.write_go(&mut out);
        out
    }

    fn write_go(&self, out: &mut String) {
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(x) => out.push_str(&format_float_g(*x)),
            Value::String(s) | Value::Safe(_, s) => out.push_str(s),
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write_go(out);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out);
                }
                out.push(']');
            }
            Value::Object(o) => out.push_str(&o.display()),
        }
    }
}

/// Map lookup: the exact key, then, for maps whose keys are all lower
/// case (Hugo's `maps.Params`, which Hugo looks up case-insensitively), the
/// lower-cased key.
pub fn lookup_key<'a>(m: &'a Map, name: &str) -> Option<&'a Value> {
    m.get(name).or_else(|| {
        let params_like = m.keys().all(|k| !k.chars().any(char::is_uppercase));
        if params_like {
            m.get(&name.to_lowercase())
        } else {
            None
        }
    })
}

/// Go's `%v` for float64: shortest representation, exponent form when the
/// decimal exponent is < -4 or >= 6 (`strconv` 'g' with precision -1).
pub fn format_float_g(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let e = format!("{x:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        return format!("{x}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}
