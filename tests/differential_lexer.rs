//! Lexer differential: seeded tag-soup inputs (`differential/lexgen.rs`) go to the real
//! Hugo, as pages of a site whose stand-in shortcodes print what they receive (`sc`,
//! `sc-x`: name, position and params; `sc1`, `sc2`, `sc/y`: also `.Inner`, so they take
//! bodies), and to `mdbook-hugo parse --json`. Both must accept or both reject; when both
//! accept, the shortcode trees (names, `line:col` of top-level calls, typed params, bodies,
//! text) must match; when both reject, the message and `line:col` must match.
//!
//! `tests/differential/known-lexer-differences.toml` lists the inputs that differ today,
//! keyed by a hash of the input (FNV-1a 64), with the input, the kind and what each tool
//! said. `UPDATE_KNOWN=1` rewrites it from the run: review the diff before committing.

#[path = "differential/expect.rs"]
mod expect;
#[path = "differential/hugo.rs"]
mod hugo;
#[path = "differential/lexgen.rs"]
mod lexgen;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Empty front matter before every input: Hugo reads a page that starts with `{` as JSON
/// front matter, which is not what this test is about. Lines count from the file's start.
const PREFIX: &str = "---\n---\n";

/// Generated inputs per run, besides the fixed ones.
const GENERATED: u64 = 600;

/// Pages per Hugo run; Hugo stops at a failing page, which is taken out before a rerun.
const BATCH: usize = 25;

/// Inputs from the issue tracker, always compared.
const FIXED: &[&str] = &[
    "{{< sc param1=\\\"Hello World\\\" >}}",
    "{{< sc a=`x` >}}",
    "{{< sc a=\\`x\\` >}}",
    "\n{{< sc1 >}}{{< /another >}}",
    "{{< sc1 / keyword>}}",
    "{{< sc1 >}}body{{< /sc1 >}}",
    "{{</* sc */>}} and {{%/* sc1 */%}}",
];

/// What one tool made of one input.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Accepted(Vec<Item>),
    Rejected {
        message: String,
        line: usize,
        col: usize,
    },
}

/// Text, or a shortcode call as its template saw it.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Text(String),
    Call {
        name: String,
        /// Where the call starts, `line:col`.
        at: String,
        params: Value,
        inner: Option<Vec<Item>>,
    },
}

/// The shortcode templates: each prints its name, position, `.Params` as JSON and maybe
/// `.Inner`.
fn write_site(site: &Path) {
    // Only the case pages: the home and section pages would hold every input again.
    let disabled = [hugo::DISABLED_KINDS, &["home", "section"]].concat();
    let extra = "[security]\nallowContent = ['.*']\n"; // HTML content files, see `PREFIX`
    hugo::write_config(site, &disabled, extra);
    hugo::write_page_layouts(site);
    let dir = site.join("layouts/_shortcodes");
    std::fs::create_dir_all(&dir).unwrap();
    // Hex keeps the output of `{{% %}}` calls, which Hugo renders as Markdown even in an
    // HTML page, intact: only the `<p>` around it is added, and removed when read.
    let call = "⟦{{ .Name }}@{{ .Position.LineNumber }}:{{ .Position.ColumnNumber }}|\
                {{ printf \"%x\" (.Params | jsonify) }}";
    let bodiless = format!("{call}⟧");
    let body = format!("{call}|{{{{ printf \"%x\" .Inner }}}}⟧");
    for (names, template) in [(lexgen::BODILESS, &bodiless), (lexgen::WITH_BODY, &body)] {
        for name in names {
            let file = dir.join(format!("{name}.html"));
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, template).unwrap();
        }
    }
}

/// `"…/content/p12.html:5:17": message` in Hugo's output: (12, message, 5, 17).
fn hugo_errors(output: &str) -> Vec<(usize, String, usize, usize)> {
    let mut found = Vec::new();
    for line in output.lines() {
        let Some(at) = line.find("/content/p") else {
            continue;
        };
        let rest = &line[at + "/content/p".len()..];
        let Some((page, rest)) = rest.split_once(".html:") else {
            continue;
        };
        let Some((pos, message)) = rest.split_once("\": ") else {
            continue;
        };
        let mut pos = pos.split(':').map(|n| n.parse::<usize>().unwrap_or(0));
        let (Ok(page), Some(l), Some(c)) = (page.parse(), pos.next(), pos.next()) else {
            continue;
        };
        found.push((page, message.trim().to_string(), l, c));
    }
    found
}

/// Runs Hugo on a batch of `(index, input)`; takes rejected pages out and reruns until
/// the rest builds.
fn hugo_batch(hugo: &Path, site: &Path, inputs: &[(usize, String)]) -> Vec<(usize, Verdict)> {
    write_site(site);
    let content = site.join("content");
    std::fs::create_dir_all(&content).unwrap();
    for (i, input) in inputs {
        std::fs::write(
            content.join(format!("p{i}.html")),
            format!("{PREFIX}{input}"),
        )
        .unwrap();
    }
    let mut verdicts = Vec::new();
    let mut left: Vec<usize> = inputs.iter().map(|(i, _)| *i).collect();
    loop {
        let out = hugo::build(hugo, site);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.success() {
            break;
        }
        let before = left.len();
        for (page, message, line, col) in hugo_errors(&text) {
            if left.contains(&page) {
                left.retain(|p| *p != page);
                let _ = std::fs::remove_file(content.join(format!("p{page}.html")));
                verdicts.push((page, Verdict::Rejected { message, line, col }));
            }
        }
        assert!(
            left.len() < before,
            "hugo failed without a new page error:\n{text}"
        );
    }
    for i in left {
        let html = std::fs::read_to_string(site.join(format!("public/p{i}/index.html"))).unwrap();
        let main = &html[html.find("<main>").unwrap() + 6..html.rfind("</main>").unwrap()];
        verdicts.push((i, accepted(parse_rendered(main))));
    }
    verdicts
}

/// An accepted input's items, positions of nested calls cleared.
fn accepted(mut items: Vec<Item>) -> Verdict {
    forget_nested_positions(&mut items);
    Verdict::Accepted(items)
}

/// Reads the stand-ins' output back into items.
fn parse_rendered(text: &str) -> Vec<Item> {
    let text = text
        .replace("<p>⟦", "⟦")
        .replace("⟧</p>\n", "⟧")
        .replace("⟧</p>", "⟧");
    let mut items = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('⟦') {
        items.push(Item::Text(rest[..start].to_string()));
        let end = rest[start..].find('⟧').expect("⟧") + start;
        items.push(parse_call(&rest[start + '⟦'.len_utf8()..end]));
        rest = &rest[end + '⟧'.len_utf8()..];
    }
    items.push(Item::Text(rest.to_string()));
    merge(items)
}

/// `name|hex(json)` or `name|hex(json)|hex(inner)`.
fn parse_call(text: &str) -> Item {
    let mut parts = text.split('|');
    let (name, at) = parts
        .next()
        .unwrap()
        .split_once('@')
        .expect("name@line:col");
    let (name, at) = (html_unescape(name), at.to_string());
    let json = unhex(parts.next().expect("params"));
    let params = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json:?}"));
    let inner = parts.next().map(|hex| parse_rendered(&unhex(hex)));
    Item::Call {
        name,
        at,
        params: normalise_params(params),
        inner,
    }
}

/// Decodes the stand-ins' hex output.
fn unhex(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `.Name` is HTML-escaped by the template; nothing else is.
fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Numbers as floats (Hugo prints `1.0` as `1`), no parameters as `null`.
fn normalise_params(value: Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) if a.is_empty() => Value::Null,
        Value::Object(o) if o.is_empty() => Value::Null,
        Value::Array(a) => Value::Array(a.into_iter().map(normalise_params).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, normalise_params(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Clears the positions of nested calls: Hugo's `.Position` of a call inside another
/// call's body is always 1:1, so only top-level positions are compared.
fn forget_nested_positions(items: &mut [Item]) {
    for item in items {
        if let Item::Call {
            inner: Some(inner), ..
        } = item
        {
            for nested in inner.iter_mut() {
                if let Item::Call { at, .. } = nested {
                    at.clear();
                }
            }
            forget_nested_positions(inner);
        }
    }
}

/// Joins adjacent text items; drops empty ones.
fn merge(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for item in items {
        match (out.last_mut(), item) {
            (_, Item::Text(t)) if t.is_empty() => {}
            (Some(Item::Text(last)), Item::Text(t)) => last.push_str(&t),
            (_, item) => out.push(item),
        }
    }
    out
}

/// Our `parse --json` tree as the stand-in templates would print it.
fn items_from_tree(nodes: &[Value]) -> Vec<Item> {
    let items = nodes.iter().map(|node| {
        if node["kind"] == "text" {
            return Item::Text(node["text"].as_str().unwrap().to_string());
        }
        let name = node["name"].as_str().unwrap().to_string();
        let params = node["params"]
            .as_object()
            .and_then(|p| p.values().next().cloned());
        let inner = (!lexgen::BODILESS.contains(&name.as_str())).then(|| {
            node["inner"]
                .as_array()
                .map(|n| items_from_tree(n))
                .unwrap_or_default()
        });
        let at = format!("{}:{}", node["line"], node["col"]);
        Item::Call {
            name,
            at,
            params: normalise_params(params.unwrap_or(Value::Null)),
            inner,
        }
    });
    merge(items.collect())
}

/// Runs `mdbook-hugo parse --json --site SITE` on one input: the site's templates say which
/// shortcodes take a body, as they do for Hugo.
fn ours(dir: &Path, site: &Path, i: usize, input: &str) -> Verdict {
    let file = dir.join(format!("p{i}.md"));
    std::fs::write(&file, format!("{PREFIX}{input}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-hugo"))
        .args(["parse", "--json", "--site"])
        .arg(site)
        .arg(&file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "parse printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    if out.status.success() {
        let tree: Vec<Value> = serde_json::from_value(json).unwrap();
        return accepted(items_from_tree(&tree));
    }
    let error = &json["error"];
    let message = error["message"].as_str().unwrap_or_default().to_string();
    let number = |key: &str| error[key].as_u64().unwrap_or(0) as usize;
    let (line, col) = (number("line"), number("col"));
    Verdict::Rejected { message, line, col }
}

/// Hugo's verdicts for every input, batches shared between two threads.
fn hugo_verdicts(hugo: &Path, root: &Path, inputs: &[String]) -> Vec<Verdict> {
    let indexed: Vec<(usize, String)> = inputs.iter().cloned().enumerate().collect();
    let batches: Vec<&[(usize, String)]> = indexed.chunks(BATCH).collect();
    let mut all: Vec<(usize, Verdict)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let batches = &batches;
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for (b, batch) in batches.iter().enumerate().filter(|(b, _)| b % 2 == w) {
                        out.extend(hugo_batch(hugo, &root.join(format!("site{b}")), batch));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, v)| v).collect()
}

/// FNV-1a 64 of the input, the key in the expectations file.
fn key(input: &str) -> String {
    let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    format!("h{hash:016x}")
}

/// The kind of a difference, and what each tool said; `None` when they agree.
fn difference(input: &str, hugo: &Verdict, ours: &Verdict) -> Option<(&'static str, String)> {
    use Verdict::*;
    let kind = match (hugo, ours) {
        _ if hugo == ours => return None,
        (Accepted(_), Accepted(_)) => "output",
        (Accepted(_), Rejected { .. }) => "we-reject",
        (Rejected { .. }, Accepted(_)) => "we-accept",
        (Rejected { message: a, .. }, Rejected { message: b, .. }) if a == b => "position",
        (
            Rejected {
                line: l1, col: c1, ..
            },
            Rejected {
                line: l2, col: c2, ..
            },
        ) if (l1, c1) == (l2, c2) => "message",
        _ => "message-and-position",
    };
    let said = format!("Hugo: {}; ours: {}", describe(hugo), describe(ours));
    Some((kind, format!("{}. {said}", cause(input, hugo, ours))))
}

/// The likely root cause of a difference, from what the two tools said.
fn cause(input: &str, hugo: &Verdict, ours: &Verdict) -> &'static str {
    let message = |v: &Verdict| match v {
        Verdict::Rejected { message, .. } => message.clone(),
        Verdict::Accepted(_) => String::new(),
    };
    let (theirs, mine) = (message(hugo), message(ours));
    if theirs.contains("does not evaluate .Inner") || theirs.contains("must be closed or self") {
        "body rule: `parse` knows the built-in shortcodes, not the site's templates (sc has no \
         .Inner, sc1/sc2 need closing)"
    } else if theirs.contains("does not match start tag") {
        "closer of a name that is not open: Hugo says 'closing tag for shortcode 'X' does not \
         match start tag', at the name"
    } else if mine.contains("U+003D '='") {
        "spaces before the `=` of a named parameter (`k =v`, `k = v`): Hugo accepts them"
    } else if mine.contains("U+005C")
        || theirs.contains("unrecognized escape character")
        || (input.contains("\\\"")
            && matches!(hugo, Verdict::Accepted(_))
            && matches!(ours, Verdict::Rejected { .. }))
    {
        "a backslash outside quotes: we stop at it; Hugo reads `\\\"` as a quote (or fails \
         later), and a lone one as 'unrecognized escape character'"
    } else if theirs.contains("unterminated") && mine.contains("unterminated") {
        "unterminated string: Hugo quotes the rest without a closing ' or trailing blanks, and \
         points one column further"
    } else if mine.strip_prefix("failed to extract shortcode: ") == Some(theirs.as_str()) {
        "message prefix: Hugo's lexer errors have no 'failed to extract shortcode: ' (its \
         parser's errors do)"
    } else if theirs.contains("but none is open") {
        "a closer with nothing open: Hugo reports 'got closing shortcode, but none is open' when \
         it reads the closer's name, before the rest of the tag"
    } else if matches!(hugo, Verdict::Accepted(items) if render(items).contains("</p>")) {
        "a `{{% %}}` nested in another shortcode: Hugo renders its .Inner as Markdown"
    } else {
        "other: see what each said"
    }
}

/// A verdict in a few words, for reasons and reports.
fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Accepted(items) => format!("accepted {}", render(items)),
        Verdict::Rejected { message, line, col } => format!("{message:?} at {line}:{col}"),
    }
}

/// Items in the stand-ins' own notation, for reports.
fn render(items: &[Item]) -> String {
    items
        .iter()
        .map(|item| match item {
            Item::Text(t) => format!("{t:?}"),
            Item::Call {
                name,
                at,
                params,
                inner: None,
            } => format!("⟦{name}@{at}|{params}⟧"),
            Item::Call {
                name,
                at,
                params,
                inner: Some(i),
            } => format!("⟦{name}@{at}|{params}|{}⟧", render(i)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hugo rejects calls of a name it has no template for: not a grammar question.
fn is_unknown_template(verdict: &Verdict) -> bool {
    let missing = |m: &String| m.contains("template for shortcode");
    matches!(verdict, Verdict::Rejected { message, .. } if missing(message))
}

/// Writes the expectations file from this run's differences (`UPDATE_KNOWN=1`).
fn write_known(path: &Path, found: &BTreeMap<String, (String, &'static str, String)>) {
    let mut text = String::from(
        "# Inputs of tests/differential_lexer.rs on which `mdbook-hugo parse` and Hugo 0.168\n\
         # differ today, keyed by FNV-1a 64 of the input. Written by `UPDATE_KNOWN=1`; review\n\
         # before committing.\n\
         # kind: we-accept (Hugo rejects), we-reject (Hugo accepts), message, position,\n\
         # message-and-position (both reject), output (both accept, different trees).\n\
         # Positions count the empty front matter before each input: its first line is line 3.\n",
    );
    for (key, (input, kind, reason)) in found {
        let entry = toml::to_string(&BTreeMap::from([
            ("input", input.as_str()),
            ("kind", kind),
            ("reason", reason.as_str()),
        ]))
        .unwrap();
        text.push_str(&format!("\n[{key}]\n{entry}"));
    }
    std::fs::write(path, text).unwrap();
}

/// The lexer's expectations file.
fn known_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/differential/known-lexer-differences.toml")
}

/// What one run found: the outcomes, the differences by key, and their counts.
#[derive(Default)]
struct Run {
    outcomes: Vec<expect::Outcome>,
    found: BTreeMap<String, (String, &'static str, String)>,
    by_kind: BTreeMap<&'static str, usize>,
    by_cause: BTreeMap<String, usize>,
    skipped: usize,
}

impl Run {
    /// Compares one input's verdicts and records the outcome.
    fn record(&mut self, input: &str, hugo: &Verdict, ours: &Verdict) {
        if is_unknown_template(hugo) {
            self.skipped += 1;
            return;
        }
        let key = key(input);
        let diff = difference(input, hugo, ours);
        if let Some((kind, reason)) = &diff {
            *self.by_kind.entry(kind).or_default() += 1;
            let cause = reason.split(". Hugo:").next().unwrap().to_string();
            *self.by_cause.entry(cause).or_default() += 1;
            self.found
                .insert(key.clone(), (input.to_string(), kind, reason.clone()));
        }
        let difference = diff.map(|(kind, why)| format!("  input {input:?}\n  {kind}: {why}"));
        self.outcomes.push(expect::Outcome { key, difference });
    }

    /// Prints the counts, by kind and by cause.
    fn summary(&self, elapsed: std::time::Duration) {
        eprintln!(
            "lexer differential: {} inputs compared ({} skipped: a name without template), \
             {} differ {:?}, {elapsed:.1?}",
            self.outcomes.len(),
            self.skipped,
            self.found.len(),
            self.by_kind
        );
        for (cause, n) in &self.by_cause {
            eprintln!("  {n:4}  {cause}");
        }
    }

    /// The failures against the expectations file: unlisted, fixed, or of another kind.
    fn failures(&self, known: &BTreeMap<String, expect::Known>) -> Vec<String> {
        let file = "tests/differential/known-lexer-differences.toml";
        let mut failures = expect::check(&self.outcomes, known, file);
        for (key, (_, kind, _)) in &self.found {
            if let Some(listed) = known.get(key).filter(|k| k.kind != *kind) {
                failures.push(format!(
                    "{key}: now differs as {kind}, listed as {}",
                    listed.kind
                ));
            }
        }
        failures
    }
}

/// The fixed inputs, then the generated ones, each once.
fn inputs() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    FIXED
        .iter()
        .map(|s| s.to_string())
        .chain((0..GENERATED).map(lexgen::input))
        .filter(|input| seen.insert(input.clone()))
        .collect()
}

#[test]
fn the_lexer_accepts_and_rejects_what_hugo_does() {
    let started = std::time::Instant::now();
    let hugo = hugo::hugo();
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs();
    let theirs = hugo_verdicts(&hugo, tmp.path(), &inputs);
    let ours_dir = tmp.path().join("ours");
    std::fs::create_dir_all(&ours_dir).unwrap();
    let ours_site = tmp.path().join("ours-site");
    write_site(&ours_site);
    let mut run = Run::default();
    for (i, (input, hugo_verdict)) in inputs.iter().zip(&theirs).enumerate() {
        run.record(input, hugo_verdict, &ours(&ours_dir, &ours_site, i, input));
    }
    if std::env::var_os("UPDATE_KNOWN").is_some() {
        write_known(&known_path(), &run.found);
    }
    run.summary(started.elapsed());
    let failures = run.failures(&expect::load(&known_path()));
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
