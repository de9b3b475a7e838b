//! A seeded generator of shortcode tag soup for the lexer differential: well-formed tags
//! of the stand-in shortcodes (`BODILESS` ones without a body, `WITH_BODY` ones with), then
//! often mutated with the grammar's sharp characters, so both accepted and rejected inputs
//! come out.

/// Stand-ins whose template does not use `.Inner`: a closing tag is an error.
pub const BODILESS: &[&str] = &["sc", "sc-x"];
/// Stand-ins whose template uses `.Inner`: they must be closed or self-closed.
pub const WITH_BODY: &[&str] = &["sc1", "sc2", "sc/y"];

/// SplitMix64: small, deterministic, good enough to spread the choices.
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SPACE: &[&str] = &[" ", " ", "  ", "\n", "\t", " \n "];
const BARE: &[&str] = &[
    "a", "b-c", "x_1", "v1.2", "42", "-7", "+3", "2.5", ".5", "-0.25", "true", "false", "1.", "a.b",
];
const QUOTED: &[&str] = &[
    "\"q\"",
    "\"two words\"",
    "\"with \\\"escaped\\\" quote\"",
    "\"back\\\\slash\"",
    "\"new\nline\"",
    "\"\"",
    "\"a=b\"",
    "\"{{< x >}}\"",
    "\"tab\\tx\"",
    "\"unterminated",
];
const RAW: &[&str] = &[
    "`r`",
    "`raw words`",
    "`multi\nline`",
    "`back\\slash`",
    "``",
    "`unclosed",
];
const KEYS: &[&str] = &["k", "title", "a_b", "x-y", "n1"];
const TEXT: &[&str] = &[
    "a",
    "text ",
    "\n",
    " ",
    "x y",
    "{{ .Title }}",
    "}}",
    "{{",
    "{",
    "<",
    "%",
    "*/",
];
const NOISE: &[&str] = &[
    "{{<", "{{%", ">}}", "%}}", "/", "\"", "`", "\\", "/*", "*/", "\n", "=", " ", "}}", ">", "%",
    "'", "\\\"",
];

/// One parameter value.
fn value(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => rng.pick(BARE).to_string(),
        1 => rng.pick(QUOTED).to_string(),
        _ => rng.pick(RAW).to_string(),
    }
}

/// Parameters: all positional or all named, now and then mixed (an error in Hugo).
fn params(rng: &mut Rng) -> String {
    let named = rng.chance(50);
    let mut out = String::new();
    for i in 0..rng.below(4) {
        out.push_str(rng.pick(SPACE));
        let this_named = if rng.chance(8) && i > 0 {
            !named
        } else {
            named
        };
        if this_named {
            let eq = rng.pick(&["=", "=", "= ", " =", " = "]);
            out.push_str(&format!("{}{eq}{}", rng.pick(KEYS), value(rng)));
        } else {
            out.push_str(&value(rng));
        }
    }
    out
}

/// An opening tag of `name`, self-closed or not.
fn open(rng: &mut Rng, delim: char, name: &str, self_close: bool) -> String {
    let close = if delim == '<' { ">}}" } else { "%}}" };
    let lead = if rng.chance(80) { rng.pick(SPACE) } else { "" };
    let params = params(rng);
    let slash = if self_close { " /" } else { "" };
    let trail = if rng.chance(70) { " " } else { "" };
    format!("{{{{{delim}{lead}{name}{params}{trail}{slash}{close}")
}

/// A closing tag, in one of its spellings, sometimes of the wrong name.
fn closer(rng: &mut Rng, delim: char, name: &str) -> String {
    let name = if rng.chance(8) {
        rng.pick(&["another", "sc2", "sc1"])
    } else {
        name
    };
    let close = if delim == '<' { ">}}" } else { "%}}" };
    match rng.below(6) {
        0 => format!("{{{{{delim}/{name}{close}"),
        1 => format!("{{{{{delim} / {name} {close}"),
        2 => format!("{{{{{delim}\n/{name}\n{close}"),
        3 if rng.chance(30) => format!("{{{{{delim} /{name} extra {close}"),
        _ => format!("{{{{{delim} /{name} {close}"),
    }
}

/// A tag: a bodiless one alone (maybe self-closed), or one with a body (or self-closed).
fn tag(rng: &mut Rng, depth: usize) -> String {
    let delim = if rng.chance(65) { '<' } else { '%' };
    let name = rng.pick(&["sc", "sc1", "sc2", "sc", "sc1", "sc2", "sc-x", "sc/y"]);
    if BODILESS.contains(&name) {
        let self_close = rng.chance(20);
        return open(rng, delim, name, self_close);
    }
    if rng.chance(20) {
        return open(rng, delim, name, true);
    }
    let mut out = open(rng, delim, name, false);
    out.push_str(&body(rng, depth + 1));
    out.push_str(&closer(rng, delim, name));
    out
}

/// An escaped tag `{{</* ... */>}}`, sometimes left open.
fn escape(rng: &mut Rng) -> String {
    let delim = if rng.chance(60) { '<' } else { '%' };
    let inner = rng.pick(&[" sc ", "sc1 a=\"b\"", " x >}} y ", "\n sc \n", "", " /sc2 "]);
    let end = if rng.chance(85) {
        if delim == '<' { "*/>}}" } else { "*/%}}" }
    } else {
        rng.pick(&["*/%}}", ">}}", ""])
    };
    format!("{{{{{delim}/*{inner}{end}")
}

/// Text, tags and escapes, one to three of them.
fn body(rng: &mut Rng, depth: usize) -> String {
    let mut out = String::new();
    for _ in 0..1 + rng.below(3) {
        match rng.below(10) {
            0..=3 => out.push_str(rng.pick(TEXT)),
            4..=7 if depth < 3 => out.push_str(&tag(rng, depth)),
            8 => out.push_str(&escape(rng)),
            _ => out.push_str(rng.pick(TEXT)),
        }
    }
    out
}

/// Deletes a character, inserts a sharp fragment, or cuts the input short.
fn mutate(rng: &mut Rng, text: &mut String) {
    if text.is_empty() {
        return;
    }
    let at = rng.below(text.len());
    let at = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    match rng.below(4) {
        0 => {
            text.remove(at);
        }
        1 => text.truncate(at.max(1)),
        _ => {
            let fragment = rng.pick(NOISE);
            text.insert_str(at, fragment);
        }
    }
}

/// The `i`-th input of the run: deterministic for a given `i`.
pub fn input(i: u64) -> String {
    let mut rng = Rng::new(0x5eed_0000 + i);
    let mut text = body(&mut rng, 0);
    if !text.contains("{{") {
        text.push_str(&tag(&mut rng, 0));
    }
    if rng.chance(40) {
        for _ in 0..1 + rng.below(2) {
            mutate(&mut rng, &mut text);
        }
    }
    text
}
