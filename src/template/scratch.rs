//! Hugo's `maps.Scratch`: the writable map behind a page's or shortcode's `.Scratch` and
//! `.Store` (Hugo 0.168, `common/maps/scratch.go`).
//!
//! Its methods return the empty string (so `{{ .Scratch.Set "k" 1 }}` prints nothing), as
//! Hugo's do. Values are kept behind a mutex: the object is shared, by `Arc`, between the
//! templates of one page (a shortcode's children write into `.Parent.Scratch`).

use super::funcs;
use super::value::{Map, Object, Value};
use std::sync::Mutex;

/// A page's or a shortcode's scratch pad.
#[derive(Default)]
pub struct Scratch {
    values: Mutex<Map>,
}

impl Scratch {
    /// An empty scratch pad.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Map) -> T) -> T {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut values)
    }

    /// `Add KEY VALUE`: appended when the value at KEY is a slice, added (numbers) or
    /// concatenated (strings) otherwise; set when KEY has no value yet.
    fn add(&self, key: &str, addend: Value) -> Result<Value, String> {
        let existing = self.with(|m| m.get(key).cloned());
        let value = match existing {
            None => addend,
            Some(list @ Value::List(_)) => call("append", &[addend, list])?,
            Some(other) => call("add", &[other, addend])?,
        };
        self.with(|m| m.insert(key.to_string(), value));
        Ok(Value::from(""))
    }

    /// `SetInMap KEY MAPKEY VALUE`: the map at KEY (made when missing) gets MAPKEY.
    fn set_in_map(&self, key: &str, map_key: &str, value: Value) -> Result<Value, String> {
        self.with(|m| {
            let mut map = match m.get(key) {
                None => Map::new(),
                Some(Value::Map(map)) => (**map).clone(),
                Some(other) => {
                    return Err(format!(
                        "SetInMap: the value at {key:?} is a {}, not a map",
                        other.type_name()
                    ));
                }
            };
            map.insert(map_key.to_string(), value);
            m.insert(key.to_string(), Value::from(map));
            Ok(Value::from(""))
        })
    }

    /// `GetSortedMapValues KEY`: the values of the map at KEY, by sorted key; nil when
    /// KEY has no value.
    fn sorted_map_values(&self, key: &str) -> Result<Value, String> {
        self.with(|m| match m.get(key) {
            None | Some(Value::Nil) => Ok(Value::Nil),
            // A `Map` iterates in sorted key order.
            Some(Value::Map(map)) => Ok(Value::from(map.values().cloned().collect::<Vec<_>>())),
            Some(other) => Err(format!(
                "GetSortedMapValues: the value at {key:?} is a {}, not a map",
                other.type_name()
            )),
        })
    }
}

fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    funcs::call(name, args).unwrap_or_else(|| Err(format!("{name} is not defined")))
}

fn key_arg(name: &str, args: &[Value], index: usize) -> Result<String, String> {
    args.get(index)
        .map(Value::to_go_string)
        .ok_or_else(|| format!("{name}: missing argument {}", index + 1))
}

impl Object for Scratch {
    fn type_name(&self) -> &str {
        "*maps.Scratch"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Values" => Some(Value::from(self.with(|m| m.clone()))),
            _ => None,
        }
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let key = || key_arg(name, args, 0);
        let value = || args.get(1).cloned().unwrap_or_default();
        Some(match name {
            "Get" => key().map(|k| self.with(|m| m.get(&k).cloned().unwrap_or_default())),
            "Set" => key().map(|k| {
                self.with(|m| m.insert(k, value()));
                Value::from("")
            }),
            "Add" => key().and_then(|k| self.add(&k, value())),
            "Delete" => key().map(|k| {
                self.with(|m| m.remove(&k));
                Value::from("")
            }),
            "SetInMap" => key().and_then(|k| {
                let map_key = key_arg(name, args, 1)?;
                let value = args.get(2).cloned().unwrap_or_default();
                self.set_in_map(&k, &map_key, value)
            }),
            "DeleteInMap" => key().and_then(|k| {
                let map_key = key_arg(name, args, 1)?;
                self.with(|m| {
                    if let Some(Value::Map(map)) = m.get(&k) {
                        let mut map = (**map).clone();
                        map.remove(&map_key);
                        m.insert(k, Value::from(map));
                    }
                });
                Ok(Value::from(""))
            }),
            "GetSortedMapValues" => key().and_then(|k| self.sorted_map_values(&k)),
            _ => return None,
        })
    }
}
