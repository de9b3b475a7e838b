//! A Go `text/template` engine with Hugo's `html/template` contextual
//! escaping and Hugo's pure template functions.
//!
//! Parse once into a [`Templates`] set, then [`Templates::execute`] any
//! number of times (the set is `Send + Sync`). Site-dependent functions
//! (`partial` lookups, `relref`, `T`, `readFile`, `GetPage` …) are answered
//! by the caller's [`Host`].

mod can_highlight;
mod chroma_lexers;
mod encoding;
mod escape;
mod exec;
mod funcs;
mod hashes;
mod inflect;
mod lexer;
mod parse;
mod printf;
mod scratch;
mod strfuncs;
pub(crate) use strfuncs::{ap_title, humanize_text};
mod timefmt;
mod urls;
mod value;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use funcs::sort_cmp;
pub use funcs::time_value;
pub use scratch::Scratch;
pub use strfuncs::{count_words, html_unescape, plainify};
pub use value::{Map, Object, SafeKind, Value, format_float_g};

/// Whether a template is escaped as HTML (`html/template`) or not
/// (`text/template`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `.html` templates: contextual auto-escaping.
    Html,
    /// `.md`/text templates: no escaping.
    Text,
}

/// A parse or execution error located in a template.
///
/// Displays like Go: `template: NAME:LINE:COL: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The template (file) name.
    pub name: String,
    /// 1-based line of the action.
    pub line: usize,
    /// 1-based column (in characters) of the action.
    pub col: usize,
    /// The message.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template: {}:{}:{}: {}",
            self.name, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for Error {}

/// Site-dependent services the integrator provides.
///
/// Every method has a default, so a host only implements what it needs.
pub trait Host: Sync {
    /// Calls a site-dependent function such as `relref`, `ref`, `T`/`i18n`,
    /// `readFile`, `fileExists`, `resources.Get`, `site`, `site.GetPage`,
    /// `GetPage`. `None` means "not provided" and becomes the Go error
    /// `function "NAME" not defined`.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }
    /// The template name that `partial NAME` runs (default
    /// `_partials/NAME`, also trying `partials/NAME` in the set).
    fn partial_template(&self, name: &str) -> String {
        format!("_partials/{name}")
    }
    /// `errorf`: Hugo fails the build; return `Err` to abort execution.
    fn errorf(&self, message: &str) -> Result<(), String> {
        Err(message.to_string())
    }
    /// `warnf` / `warnidf`: a warning sink.
    fn warnf(&self, message: &str) {
        let _ = message;
    }
    /// The fixed build time for `now`, as Unix seconds (UTC).
    fn now_unix(&self) -> i64 {
        0
    }
}

/// `v` as Go's `encoding/json` writes it (for hosts that convert data, such as
/// `transform.Remarshal` given a map).
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    encoding::json_marshal(v, &mut out, false);
    out
}

/// A host with no site: only the pure functions are available.
pub struct NoHost;
impl Host for NoHost {}

/// Execution limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Max nesting of `template`/`partial` calls.
    pub max_depth: usize,
    /// Max node evaluations per `execute`.
    pub max_steps: u64,
    /// Max combined nesting of blocks (`if`/`with`/`range`) and template
    /// calls on the executor's stack. This bounds native stack use: a level
    /// costs a few KiB in debug builds, and the default (300) fits in a
    /// 2 MiB thread stack.
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 100,
            max_steps: 10_000_000,
            max_nesting: 300,
        }
    }
}

/// One named template: its body and the file it came from.
#[derive(Debug)]
struct Tmpl {
    file: Arc<File>,
    body: parse::List,
}

/// A parsed source file (for positions and escaping kind).
#[derive(Debug)]
struct File {
    name: String,
    src: String,
    kind: Kind,
}

impl File {
    fn error(&self, pos: usize, message: String) -> Error {
        let pos = pos.min(self.src.len());
        let before = self.src.get(..pos).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Error {
            name: self.name.clone(),
            line,
            col,
            message,
        }
    }
}

/// A set of parsed templates addressed by name (file names and `define`d
/// names share one namespace, as in Go).
#[derive(Default)]
pub struct Templates {
    map: HashMap<String, Arc<Tmpl>>,
    limits: Limits,
}

impl Templates {
    /// An empty set with default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the execution limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Parses `source` as template `name`, adding its `define`/`block`
    /// templates to the set. Errors are located (`template: NAME:L:C: …`).
    pub fn parse(&mut self, name: &str, source: &str, kind: Kind) -> Result<(), Error> {
        let file = Arc::new(File {
            name: name.to_string(),
            src: source.to_string(),
            kind,
        });
        let parsed = parse::parse(source).map_err(|e| file.error(e.pos, e.msg))?;
        for (def, body) in parsed.defines {
            let t = Tmpl {
                file: file.clone(),
                body,
            };
            self.map.insert(def, Arc::new(t));
        }
        let root = Tmpl {
            file,
            body: parsed.root,
        };
        self.map.insert(name.to_string(), Arc::new(root));
        Ok(())
    }

    /// Whether a template named `name` exists.
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Executes template `name` with `data` as dot, returning its output.
    pub fn execute(&self, name: &str, data: &Value, host: &dyn Host) -> Result<String, Error> {
        exec::execute(self, name, data, host)
    }

    fn get(&self, name: &str) -> Option<&Arc<Tmpl>> {
        self.map.get(name)
    }
}

#[cfg(test)]
mod tests;
