//! Go `html/template` contextual auto-escaping.
//!
//! Go computes each action's context statically from the template text.
//! Here the context is tracked at run time from the literal text actually
//! emitted (action output never changes the context, as in Go), which gives
//! the same result for templates Go accepts. HTML comments in literal text
//! are removed, as Go does.

use super::encoding::json_marshal;
use super::value::{SafeKind, Value};

/// Parser state between template text and an action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum State {
    #[default]
    Text,
    /// Inside a tag, between attributes.
    Tag,
    /// Inside an attribute name.
    AttrName,
    /// After an attribute name, before `=`.
    AfterName,
    /// After `=`, before the value.
    BeforeValue,
    /// Inside an HTML comment (elided).
    HtmlCmt,
    /// Inside `<textarea>`/`<title>`.
    Rcdata,
    /// A plain attribute value.
    Attr,
    /// A URL attribute value.
    Url,
    /// A `srcset` attribute value.
    Srcset,
    Js,
    JsDq,
    JsSq,
    JsTmpl,
    /// Inside a JS regexp literal.
    JsRegexp,
    JsLineCmt,
    JsBlockCmt,
    Css,
    CssDq,
    CssSq,
    CssCmt,
    /// Inside CSS `url(…)` without quotes.
    CssUrl,
    CssDqUrl,
    CssSqUrl,
}

/// How an attribute value is delimited.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Delim {
    /// Not in an attribute value.
    #[default]
    None,
    Double,
    Single,
    /// Unquoted: ends at whitespace or `>`.
    Space,
}

/// The content type of the current attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum AttrKind {
    #[default]
    Plain,
    Url,
    Srcset,
    Js,
    Css,
}

/// Special elements whose content is not HTML text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Elem {
    #[default]
    None,
    Script,
    Style,
    Rcdata,
}

/// Position inside a URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum UrlPart {
    #[default]
    Start,
    PreQuery,
    QueryOrFrag,
}

/// The escaping context, advanced by literal template text.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    state: State,
    delim: Delim,
    attr: AttrKind,
    elem: Elem,
    url: UrlPart,
    /// The name of the element or attribute being read.
    name: String,
    /// The literal value of a `<script type=…>` attribute being read.
    script_type: Option<String>,
    /// What precedes the position in JS code (regexp vs division).
    js: JsTail,
    /// Inside `[…]` of a JS regexp literal.
    charset: bool,
    /// Open `${` substitutions of JS template literals, each with its
    /// depth of nested `{`.
    tmpl_braces: Vec<u32>,
}

/// The tail of the JS code seen so far, enough to decide whether a `/`
/// starts a regexp literal or is a division (Go's `nextJSCtx`).
#[derive(Clone, Debug, Default)]
struct JsTail {
    /// A value (string, regexp, template action) just ended: `/` divides.
    after_value: bool,
    last: Option<u8>,
    prev: Option<u8>,
    /// Adjacent repeats of `last` (`++` vs `+`).
    run: usize,
    /// Whitespace since `last`.
    space: bool,
    /// The trailing identifier, if `last` ends one.
    ident: String,
}

const REGEXP_KEYWORDS: &[&str] = &[
    "break",
    "case",
    "continue",
    "delete",
    "do",
    "else",
    "finally",
    "in",
    "instanceof",
    "return",
    "throw",
    "try",
    "typeof",
    "void",
];

impl JsTail {
    fn push(&mut self, c: u8) {
        if c.is_ascii_whitespace() {
            self.space = true;
            return;
        }
        let ident = c == b'_' || c == b'$' || c.is_ascii_alphanumeric() || c >= 0x80;
        let was_ident = self
            .last
            .is_some_and(|l| l == b'_' || l == b'$' || l.is_ascii_alphanumeric() || l >= 0x80);
        if !ident || !was_ident || self.space {
            self.ident.clear();
        }
        if ident {
            self.ident.push(c as char);
        }
        self.run = if self.last == Some(c) && !self.space {
            self.run + 1
        } else {
            1
        };
        self.prev = if self.space { None } else { self.last };
        self.last = Some(c);
        self.space = false;
        self.after_value = false;
    }

    /// Whether a `/` here starts a regexp literal.
    fn regexp_ok(&self) -> bool {
        if self.after_value {
            return false;
        }
        match self.last {
            None => true,
            Some(b'+' | b'-') => self.run % 2 == 1,
            Some(b'.') => !self.prev.is_some_and(|p| p.is_ascii_digit()),
            Some(
                b',' | b'<' | b'>' | b'=' | b'*' | b'%' | b'&' | b'|' | b'^' | b'?' | b'!' | b'~'
                | b'(' | b'[' | b':' | b';' | b'{' | b'}' | b'/',
            ) => true,
            Some(_) => REGEXP_KEYWORDS.contains(&self.ident.as_str()),
        }
    }

    fn value_ended(&mut self) {
        self.after_value = true;
    }
}

const FAILSAFE: &str = "ZgotmplZ";

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn find_ci(s: &str, needle: &str) -> Option<usize> {
    (0..s.len()).find(|&i| s.is_char_boundary(i) && starts_with_ci(&s[i..], needle))
}

impl Ctx {
    /// Advances the context over literal text, appending the text to emit (HTML comments
    /// removed) to `out`.
    pub fn feed(&mut self, text: &str, out: &mut String) {
        out.reserve(text.len());
        let mut rest = text;
        let mut guard = 0usize;
        while !rest.is_empty() {
            guard += 1;
            if guard > text.len() * 4 + 16 {
                out.push_str(rest);
                break;
            }
            let n = if self.delim == Delim::None {
                self.step(rest, out)
            } else {
                self.step_attr(rest, out)
            };
            rest = &rest[n.min(rest.len())..];
        }
    }

    /// One step outside attribute values; returns bytes consumed.
    fn step(&mut self, s: &str, out: &mut String) -> usize {
        match self.state {
            State::Text => self.text(s, out),
            State::HtmlCmt => match s.find("-->") {
                Some(i) => {
                    self.state = State::Text;
                    i + 3
                }
                None => s.len(),
            },
            State::Tag => self.tag(s, out),
            State::AttrName => self.attr_name(s, out),
            State::AfterName => self.after_name(s, out),
            State::BeforeValue => self.before_value(s, out),
            State::Rcdata => self.until_end_tag(s, out),
            _ => {
                if matches!(self.state, State::Js | State::Css)
                    && let Some(n) = self.end_tag_at(s, out)
                {
                    return n;
                }
                self.raw_text(s, out)
            }
        }
    }

    fn text(&mut self, s: &str, out: &mut String) -> usize {
        let Some(i) = s.find('<') else {
            out.push_str(s);
            return s.len();
        };
        out.push_str(&s[..i]);
        let r = &s[i..];
        if r.starts_with("<!--") {
            self.state = State::HtmlCmt;
            return i + 4;
        }
        let name_start = if r.starts_with("</") { 2 } else { 1 };
        let name_len = r[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
            .count();
        if name_len == 0 || !r.as_bytes()[name_start].is_ascii_alphabetic() {
            // Go escapes a `<` that does not start a tag (but not a doctype).
            out.push_str(if starts_with_ci(r, "<!doctype") {
                "<"
            } else {
                "&lt;"
            });
            return i + 1;
        }
        let name = r[name_start..name_start + name_len].to_ascii_lowercase();
        self.elem = if name_start == 2 {
            Elem::None
        } else {
            match name.as_str() {
                "script" => Elem::Script,
                "style" => Elem::Style,
                "textarea" | "title" => Elem::Rcdata,
                _ => Elem::None,
            }
        };
        self.state = State::Tag;
        out.push_str(&r[..name_start + name_len]);
        i + name_start + name_len
    }

    fn tag(&mut self, s: &str, out: &mut String) -> usize {
        let ws = s
            .bytes()
            .take_while(|b| b.is_ascii_whitespace() || *b == b'/')
            .count();
        out.push_str(&s[..ws]);
        let r = &s[ws..];
        if r.is_empty() {
            return ws;
        }
        if r.starts_with('>') {
            out.push('>');
            self.state = match self.elem {
                Elem::None => State::Text,
                Elem::Script => State::Js,
                Elem::Style => State::Css,
                Elem::Rcdata => State::Rcdata,
            };
            return ws + 1;
        }
        self.state = State::AttrName;
        self.name.clear();
        ws
    }

    fn attr_name(&mut self, s: &str, out: &mut String) -> usize {
        let n = s
            .bytes()
            .take_while(|b| !b.is_ascii_whitespace() && *b != b'=' && *b != b'>' && *b != b'/')
            .count();
        self.name.push_str(&s[..n]);
        out.push_str(&s[..n]);
        if n < s.len() {
            self.attr = attr_kind(&self.name.to_ascii_lowercase());
            self.state = State::AfterName;
        }
        n
    }

    fn after_name(&mut self, s: &str, out: &mut String) -> usize {
        let ws = s.bytes().take_while(u8::is_ascii_whitespace).count();
        out.push_str(&s[..ws]);
        let r = &s[ws..];
        if r.starts_with('=') {
            out.push('=');
            self.state = State::BeforeValue;
            return ws + 1;
        }
        if !r.is_empty() {
            self.state = State::Tag;
        }
        ws
    }

    fn before_value(&mut self, s: &str, out: &mut String) -> usize {
        let ws = s.bytes().take_while(u8::is_ascii_whitespace).count();
        out.push_str(&s[..ws]);
        let r = &s[ws..];
        let Some(c) = r.chars().next() else { return ws };
        let (delim, used) = match c {
            '"' => (Delim::Double, 1),
            '\'' => (Delim::Single, 1),
            '>' => {
                self.state = State::Tag;
                return ws;
            }
            _ => (Delim::Space, 0),
        };
        out.push_str(&r[..used]);
        self.enter_value(delim);
        ws + used
    }

    fn enter_value(&mut self, delim: Delim) {
        self.delim = delim;
        let is_type = self.elem == Elem::Script && self.name.eq_ignore_ascii_case("type");
        self.script_type = is_type.then(String::new);
        self.url = UrlPart::Start;
        self.reset_js();
        self.state = value_state(self.attr);
    }

    /// Inside an attribute value: consume up to (and including) the
    /// closing delimiter.
    fn step_attr(&mut self, s: &str, out: &mut String) -> usize {
        let end = match self.delim {
            Delim::Double => s.find('"'),
            Delim::Single => s.find('\''),
            _ => s.find(|c: char| c.is_ascii_whitespace() || c == '>'),
        };
        let body = &s[..end.unwrap_or(s.len())];
        self.value_text(body);
        if let Some(t) = &mut self.script_type {
            t.push_str(body);
        }
        out.push_str(body);
        let Some(e) = end else { return s.len() };
        // `<script type="text/template">`: the content is not JS (Go).
        if self.script_type.take().is_some_and(|t| !is_js_type(&t)) {
            self.elem = Elem::None;
        }
        let used = if self.delim == Delim::Space { 0 } else { 1 };
        out.push_str(&s[e..e + used]);
        self.delim = Delim::None;
        self.state = State::Tag;
        e + used
    }

    fn value_text(&mut self, body: &str) {
        match self.state {
            State::Url if !body.is_empty() => {
                if body.contains(['?', '#']) {
                    self.url = UrlPart::QueryOrFrag;
                } else if self.url == UrlPart::Start && !body.trim().is_empty() {
                    self.url = UrlPart::PreQuery;
                }
            }
            State::Js
            | State::JsDq
            | State::JsSq
            | State::JsTmpl
            | State::JsRegexp
            | State::JsLineCmt
            | State::JsBlockCmt
            | State::Css
            | State::CssDq
            | State::CssSq
            | State::CssCmt
            | State::CssUrl
            | State::CssDqUrl
            | State::CssSqUrl => {
                let mut sink = String::new();
                self.raw_text(body, &mut sink);
            }
            _ => {}
        }
    }

    /// `</script`, `</style` close the raw-text element.
    fn end_tag_at(&mut self, s: &str, out: &mut String) -> Option<usize> {
        let tag = if self.elem == Elem::Script {
            "</script"
        } else {
            "</style"
        };
        if starts_with_ci(s, tag) {
            out.push_str(&s[..tag.len()]);
            self.state = State::Tag;
            self.elem = Elem::None;
            self.reset_js();
            return Some(tag.len());
        }
        None
    }

    fn until_end_tag(&mut self, s: &str, out: &mut String) -> usize {
        let end = ["</textarea", "</title"]
            .iter()
            .filter_map(|tag| find_ci(s, tag).map(|i| (i, tag.len())))
            .min();
        let body = &s[..end.map_or(s.len(), |e| e.0)];
        out.push_str(&body.replace('<', "&lt;"));
        let Some((i, n)) = end else { return s.len() };
        out.push_str(&s[i..i + n]);
        self.state = State::Tag;
        self.elem = Elem::None;
        i + n
    }

    fn is_comment(&self) -> bool {
        matches!(
            self.state,
            State::JsLineCmt | State::JsBlockCmt | State::CssCmt
        )
    }

    /// Advances the JS or CSS sub-state over `s` up to a closing
    /// `</script`/`</style` (returned length). Outside attributes, comment
    /// text is dropped from the output, as Go does.
    fn raw_text(&mut self, s: &str, out: &mut String) -> usize {
        let b = s.as_bytes();
        let strip = self.delim == Delim::None;
        // Start of the unwritten text, or of the comment being dropped.
        let mut from = 0;
        let mut i = 0;
        while i < b.len() {
            if matches!(self.state, State::Js | State::Css) {
                let tag = if self.state == State::Js {
                    "</script"
                } else {
                    "</style"
                };
                if strip && b[i] == b'<' && starts_with_ci(&s[i..], tag) {
                    break;
                }
            }
            let was_comment = self.is_comment();
            let was_line = self.state == State::JsLineCmt;
            let used = self.raw_byte(b, i);
            if strip && !was_comment && self.is_comment() {
                out.push_str(&s[from..i]);
                from = i;
            } else if strip && was_comment && !self.is_comment() {
                // A line comment keeps its newline.
                if was_line {
                    from = i;
                } else {
                    out.push_str(comment_replacement(
                        &s[from..i + used],
                        self.state == State::Js,
                    ));
                    from = i + used;
                }
            }
            i += used;
        }
        if !strip || !self.is_comment() {
            out.push_str(&s[from..i]);
        } else if self.state != State::JsLineCmt && i > from {
            let js = self.state == State::JsBlockCmt;
            out.push_str(comment_replacement(&s[from..i], js));
        }
        i
    }

    /// Consumes one token (1 or 2 bytes) at `b[i]`, updating the state.
    fn raw_byte(&mut self, b: &[u8], i: usize) -> usize {
        match self.state {
            State::Css
            | State::CssDq
            | State::CssSq
            | State::CssCmt
            | State::CssUrl
            | State::CssDqUrl
            | State::CssSqUrl => self.css_byte(b, i),
            _ => self.js_byte(b, i),
        }
    }

    /// One JS token: strings, comments, regexp literals, template literals.
    fn js_byte(&mut self, b: &[u8], i: usize) -> usize {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match (self.state, c, next) {
            (State::Js, b'"', _) => self.state = State::JsDq,
            (State::Js, b'\'', _) => self.state = State::JsSq,
            (State::Js, b'`', _) => self.state = State::JsTmpl,
            (State::Js, b'/', Some(b'/')) => {
                self.state = State::JsLineCmt;
                return 2;
            }
            (State::Js, b'/', Some(b'*')) => {
                self.state = State::JsBlockCmt;
                return 2;
            }
            (State::Js, b'/', _) if self.js.regexp_ok() => {
                self.state = State::JsRegexp;
                self.charset = false;
            }
            (State::Js, b'{' | b'}', _) if !self.tmpl_braces.is_empty() => self.tmpl_brace(c),
            (State::Js, _, _) => self.js.push(c),
            (State::JsDq | State::JsSq | State::JsTmpl | State::JsRegexp, b'\\', _) => {
                return if next.is_some() { 2 } else { 1 };
            }
            (State::JsRegexp, b'[', _) => self.charset = true,
            (State::JsRegexp, b']', _) => self.charset = false,
            (State::JsRegexp, b'/', _) if !self.charset => {
                self.state = State::Js;
                self.js.value_ended();
            }
            (State::JsDq, b'"', _) | (State::JsSq, b'\'', _) | (State::JsTmpl, b'`', _) => {
                self.state = State::Js;
                self.js.value_ended();
            }
            (State::JsTmpl, b'$', Some(b'{')) => {
                self.tmpl_braces.push(0);
                self.state = State::Js;
                self.js = JsTail::default();
                return 2;
            }
            (State::JsLineCmt, b'\n', _) => self.state = State::Js,
            (State::JsBlockCmt, b'*', Some(b'/')) => {
                self.state = State::Js;
                return 2;
            }
            _ => {}
        }
        1
    }

    /// `{`/`}` inside a template literal's `${…}`: the matching `}` returns
    /// to the literal.
    fn tmpl_brace(&mut self, c: u8) {
        match (c, self.tmpl_braces.last_mut()) {
            (b'}', Some(0)) => {
                self.tmpl_braces.pop();
                self.state = State::JsTmpl;
            }
            (b'}', Some(d)) => {
                *d -= 1;
                self.js.push(c);
            }
            (_, Some(d)) => {
                *d += 1;
                self.js.push(c);
            }
            (_, None) => self.js.push(c),
        }
    }

    /// One CSS token: strings, comments and `url(…)`.
    fn css_byte(&mut self, b: &[u8], i: usize) -> usize {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match (self.state, c, next) {
            (State::Css, b'/', Some(b'*')) => {
                self.state = State::CssCmt;
                return 2;
            }
            (State::Css, b'"', _) => self.state = State::CssDq,
            (State::Css, b'\'', _) => self.state = State::CssSq,
            (State::Css, b'(', _) if i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"url") => {
                return self.css_url(b, i);
            }
            (State::CssDq | State::CssSq, b'\\', _) => return if next.is_some() { 2 } else { 1 },
            (State::CssDq, b'"', _)
            | (State::CssSq, b'\'', _)
            | (State::CssDqUrl, b'"', _)
            | (State::CssSqUrl, b'\'', _)
            | (State::CssUrl, b')', _) => self.state = State::Css,
            (
                State::CssDq | State::CssSq | State::CssUrl | State::CssDqUrl | State::CssSqUrl,
                _,
                _,
            ) => self.url_advance(c),
            (State::CssCmt, b'*', Some(b'/')) => {
                self.state = State::Css;
                return 2;
            }
            _ => {}
        }
        1
    }

    /// `url(` at `b[i]` (the paren): enters the quoted or bare URL state.
    fn css_url(&mut self, b: &[u8], i: usize) -> usize {
        let ws = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        let (state, used) = match b.get(i + 1 + ws) {
            Some(b'"') => (State::CssDqUrl, ws + 2),
            Some(b'\'') => (State::CssSqUrl, ws + 2),
            _ => (State::CssUrl, ws + 1),
        };
        self.enter_css(state);
        used
    }

    /// A fresh JS context (new script element or event handler).
    fn reset_js(&mut self) {
        self.js = JsTail::default();
        self.tmpl_braces.clear();
        self.charset = false;
    }

    /// Records that an action's output was emitted (a JS value ends).
    pub fn after_action(&mut self) {
        if self.state == State::Js {
            self.js.value_ended();
        }
    }

    /// Escapes an action's value for the current context.
    pub fn escape(&self, v: &Value) -> String {
        let (state, delim) = match self.state {
            State::BeforeValue => (value_state(self.attr), Delim::Space),
            s => (s, self.delim),
        };
        let inner = self.escape_inner(state, delim, v);
        match (delim, inner) {
            (Delim::None, Inner::Done(s)) => s,
            (Delim::None, Inner::Str(s, _)) => s,
            (_, Inner::Done(s)) => s,
            (Delim::Space, Inner::Str(s, k)) => attr_escape(&s, k, true),
            (_, Inner::Str(s, k)) => attr_escape(&s, k, false),
        }
    }

    fn escape_inner(&self, state: State, delim: Delim, v: &Value) -> Inner {
        let (s, kind) = stringify(v);
        match state {
            State::Text => Inner::Done(match kind {
                Some(SafeKind::Html) => s,
                _ => html_replace(&s, false, false),
            }),
            State::Rcdata => Inner::Done(html_replace(&s, false, kind == Some(SafeKind::Html))),
            State::Tag | State::AttrName | State::AfterName | State::BeforeValue => {
                Inner::Done(name_filter(&s, kind))
            }
            State::HtmlCmt | State::JsLineCmt | State::JsBlockCmt | State::CssCmt => {
                Inner::Done(String::new())
            }
            State::Attr => Inner::Str(s, kind),
            State::Url => Inner::Str(self.url_escape(&s, kind), None),
            State::Js => Inner::Str(js_val_escape(v), None),
            State::JsDq | State::JsSq => Inner::Str(js_str_escape(&s), None),
            State::JsTmpl => Inner::Str(js_tmpl_escape(&s), None),
            State::JsRegexp => Inner::Str(js_regexp_escape(&s), None),
            State::Css => Inner::Str(css_value_filter(&s, kind), None),
            State::CssDq | State::CssSq => Inner::Str(self.css_str_escape(&s, kind), None),
            State::CssUrl | State::CssDqUrl | State::CssSqUrl => {
                Inner::Str(self.url_escape(&s, kind), None)
            }
            State::Srcset => Inner::Str(srcset_escape(&s, kind), None),
        }
        .finish(delim)
    }

    /// Entering CSS `url(`: a fresh URL position.
    fn enter_css(&mut self, state: State) {
        self.state = state;
        self.url = UrlPart::Start;
    }

    /// Go's `tURL` for one byte of URL-ish text.
    fn url_advance(&mut self, c: u8) {
        if c == b'?' || c == b'#' {
            self.url = UrlPart::QueryOrFrag;
        } else if self.url == UrlPart::Start && !c.is_ascii_whitespace() {
            self.url = UrlPart::PreQuery;
        }
    }

    /// CSS strings are URL-ish in Go: filtered at the URL start,
    /// URL-escaped after `?`/`#`, else CSS-escaped. The URL position is not
    /// reset between strings (as observed in Hugo 0.168).
    fn css_str_escape(&self, s: &str, kind: Option<SafeKind>) -> String {
        match self.url {
            UrlPart::Start if kind != Some(SafeKind::Url) && !is_safe_url(s) => {
                format!("#{FAILSAFE}")
            }
            UrlPart::QueryOrFrag => url_process(s, kind == Some(SafeKind::Url)),
            _ => css_escape(s),
        }
    }

    fn url_escape(&self, s: &str, kind: Option<SafeKind>) -> String {
        match self.url {
            UrlPart::Start => {
                if kind != Some(SafeKind::Url) && !is_safe_url(s) {
                    return format!("#{FAILSAFE}");
                }
                url_process(s, true)
            }
            UrlPart::PreQuery => url_process(s, true),
            UrlPart::QueryOrFrag => url_process(s, kind == Some(SafeKind::Url)),
        }
    }
}

/// What Go leaves for (a text-node part of) a dropped block comment: a
/// newline if a JS comment spans lines, else a space.
fn comment_replacement(comment: &str, js: bool) -> &'static str {
    if js && comment.contains('\n') {
        "\n"
    } else {
        " "
    }
}

/// Intermediate result: either final text, or a string still to be
/// attribute-escaped (with its safe kind).
enum Inner {
    Done(String),
    Str(String, Option<SafeKind>),
}

impl Inner {
    fn finish(self, delim: Delim) -> Inner {
        match (delim, self) {
            (Delim::None, Inner::Str(s, _)) => Inner::Done(s),
            (_, x) => x,
        }
    }
}

/// Go's `stringify`: the string form and safe content type of a value.
/// Untyped nil prints as the empty string.
fn stringify(v: &Value) -> (String, Option<SafeKind>) {
    match v {
        Value::Nil => (String::new(), None),
        Value::Safe(k, s) => (s.to_string(), Some(*k)),
        _ => (v.to_go_string(), None),
    }
}

/// Go's `isJSType`: script MIME types whose content is JavaScript.
fn is_js_type(mime: &str) -> bool {
    let m = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        m.as_str(),
        "" | "application/ecmascript"
            | "application/javascript"
            | "application/json"
            | "application/ld+json"
            | "application/x-ecmascript"
            | "application/x-javascript"
            | "module"
            | "text/ecmascript"
            | "text/javascript"
            | "text/javascript1.0"
            | "text/javascript1.1"
            | "text/javascript1.2"
            | "text/javascript1.3"
            | "text/javascript1.4"
            | "text/javascript1.5"
            | "text/jscript"
            | "text/livescript"
            | "text/x-ecmascript"
            | "text/x-javascript"
    )
}

/// The state inside a value of an attribute of kind `k`.
fn value_state(k: AttrKind) -> State {
    match k {
        AttrKind::Plain => State::Attr,
        AttrKind::Url => State::Url,
        AttrKind::Srcset => State::Srcset,
        AttrKind::Js => State::Js,
        AttrKind::Css => State::Css,
    }
}

/// Go's `srcsetFilterAndEscaper`: each comma-separated candidate's URL is
/// filtered and normalized; metadata must be alphanumeric.
fn srcset_escape(s: &str, kind: Option<SafeKind>) -> String {
    if kind == Some(SafeKind::Url) {
        return url_process(s, true).replace(',', "%2c");
    }
    s.split(',')
        .map(srcset_element)
        .collect::<Vec<_>>()
        .join(",")
}

fn srcset_element(e: &str) -> String {
    let start = e.len()
        - e.trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let end = e[start..]
        .find(|c: char| c.is_ascii_whitespace())
        .map_or(e.len(), |i| start + i);
    let url = &e[start..end];
    let meta_ok = e[end..]
        .bytes()
        .all(|b| b.is_ascii_whitespace() || b.is_ascii_alphanumeric());
    if is_safe_url(url) && meta_ok {
        return format!("{}{}{}", &e[..start], url_process(url, true), &e[end..]);
    }
    format!("#{FAILSAFE}")
}

/// Go's `attrType`: the content type of an attribute by name.
fn attr_kind(name: &str) -> AttrKind {
    let name = if let Some(rest) = name.strip_prefix("data-") {
        rest
    } else if let Some((prefix, short)) = name.split_once(':') {
        if prefix == "xmlns" {
            return AttrKind::Url;
        }
        short
    } else {
        name
    };
    const URL_ATTRS: &[&str] = &[
        "action",
        "archive",
        "background",
        "cite",
        "classid",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "poster",
        "profile",
        "src",
        "usemap",
        "xmlns",
    ];
    if URL_ATTRS.contains(&name) {
        return AttrKind::Url;
    }
    if name == "style" {
        return AttrKind::Css;
    }
    if name == "srcset" {
        return AttrKind::Srcset;
    }
    if name.starts_with("on") {
        return AttrKind::Js;
    }
    if name.contains("src") || name.contains("uri") || name.contains("url") {
        return AttrKind::Url;
    }
    AttrKind::Plain
}

/// Go's `htmlReplacer` with `htmlReplacementTable` (or the `Norm` table
/// that keeps `&`), or the no-space tables for unquoted attributes.
fn html_replace_table(s: &str, nospace: bool, norm: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        let rep = match c {
            '\0' if nospace => "&#xfffd;",
            '\0' => "\u{FFFD}",
            '"' => "&#34;",
            '&' if norm => "&",
            '&' => "&amp;",
            '\'' => "&#39;",
            '+' => "&#43;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\t' if nospace => "&#9;",
            '\n' if nospace => "&#10;",
            '\x0b' if nospace => "&#11;",
            '\x0c' if nospace => "&#12;",
            '\r' if nospace => "&#13;",
            ' ' if nospace => "&#32;",
            '=' if nospace => "&#61;",
            '`' if nospace => "&#96;",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(rep);
    }
    out
}

fn html_replace(s: &str, nospace: bool, norm: bool) -> String {
    html_replace_table(s, nospace, norm)
}

/// `attrescaper` (quoted) / `htmlNospaceEscaper` (unquoted). HTML-typed
/// values have their tags stripped and entities kept.
fn attr_escape(s: &str, kind: Option<SafeKind>, nospace: bool) -> String {
    if nospace && s.is_empty() {
        return FAILSAFE.to_string();
    }
    if kind == Some(SafeKind::Html) {
        return html_replace(&strip_tags(s), nospace, true);
    }
    html_replace(s, nospace, false)
}

/// Removes HTML tags (and comments) from `s`, roughly as Go's `stripTags`.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let r = &rest[i..];
        let is_tag = r[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !is_tag {
            out.push('<');
            rest = &r[1..];
            continue;
        }
        match r.find('>') {
            Some(j) => rest = &r[j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Go's `htmlNameFilter` for actions in tag/attribute-name position.
fn name_filter(s: &str, kind: Option<SafeKind>) -> String {
    if kind == Some(SafeKind::HtmlAttr) {
        return s.to_string();
    }
    let lower = s.to_ascii_lowercase();
    if lower.is_empty()
        || attr_kind(&lower) != AttrKind::Plain
        || !lower.chars().all(char::is_alphanumeric)
    {
        return FAILSAFE.to_string();
    }
    lower
}

/// Go's `isSafeURL`: only http, https and mailto schemes (or none).
fn is_safe_url(s: &str) -> bool {
    match s.split_once(':') {
        Some((proto, _)) if !proto.contains('/') => ["http", "https", "mailto"]
            .iter()
            .any(|p| proto.eq_ignore_ascii_case(p)),
        _ => true,
    }
}

/// Go's `processURLOnto`: percent-encodes bytes (lowercase hex); with
/// `norm`, reserved characters and existing `%` escapes are kept.
fn url_process(s: &str, norm: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let keep = match c {
            b'!' | b'#' | b'$' | b'&' | b'*' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?'
            | b'@' | b'[' | b']' => norm,
            b'-' | b'.' | b'_' | b'~' => true,
            // When normalizing, keep valid escapes only.
            b'%' => {
                norm && b.len() > i + 2
                    && b[i + 1].is_ascii_hexdigit()
                    && b[i + 2].is_ascii_hexdigit()
            }
            _ => c.is_ascii_alphanumeric(),
        };
        if keep {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02x}"));
        }
    }
    out
}

/// Go's `jsValEscaper`: JSON with HTML-safe escapes, padded with spaces
/// when it starts or ends with an identifier character.
fn js_val_escape(v: &Value) -> String {
    if let Value::Safe(SafeKind::Js, s) = v {
        return s.to_string();
    }
    let mut j = String::new();
    json_marshal(v, &mut j, true);
    if j.is_empty() {
        return " null ".into();
    }
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    let pad = ident(j.chars().next()) || ident(j.chars().last());
    let j = j
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    if pad { format!(" {j} ") } else { j }
}

/// Go's `jsStrEscaper` for values inside JS string literals.
fn js_str_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push_str("\\u0000"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0b' => out.push_str("\\u000b"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\u0022"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '+' => out.push_str("\\u002b"),
            '/' => out.push_str("\\/"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\u0060"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Go's `jsRegexpEscaper`: regexp specials backslashed, HTML specials
/// hex-escaped; an empty value becomes `(?:)`.
fn js_regexp_escape(s: &str) -> String {
    if s.is_empty() {
        return "(?:)".into();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '$' | '(' | ')' | '*' | '-' | '.' | '?' | '[' | ']' | '^' | '{' | '|' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push_str(&js_str_escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// Go's `jsTmplLitEscaper`: like the string escaper, also escaping `${`.
fn js_tmpl_escape(s: &str) -> String {
    js_str_escape(s)
        .replace('$', "\\u0024")
        .replace('{', "\\u007b")
        .replace('}', "\\u007d")
}

/// Go's `cssValueFilter`: passes safe CSS, else rejects dangerous values.
fn css_value_filter(s: &str, kind: Option<SafeKind>) -> String {
    if kind == Some(SafeKind::Css) {
        return s.to_string();
    }
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            0 | b'"' | b'\'' | b'(' | b')' | b'/' | b';' | b'@' | b'[' | b'\\' | b']' | b'`'
            | b'{' | b'}' | b'<' | b'>' => return FAILSAFE.into(),
            b'-' if i > 0 && b[i - 1] == b'-' => return FAILSAFE.into(),
            _ => {}
        }
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("expression") || lower.contains("mozbinding") {
        return FAILSAFE.into();
    }
    s.to_string()
}

/// Go's `cssEscaper` for values inside CSS strings: hex escapes, followed
/// by a space at the end or before a hex digit or CSS space.
fn css_escape(s: &str) -> String {
    let mut out = String::new();
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let hex = match c {
            '\\' => {
                out.push_str("\\\\");
                continue;
            }
            '\0' | '\t' | '\n' | '\x0c' | '\r' | '"' | '&' | '\'' | '(' | ')' | '+' | '/' | ':'
            | ';' | '<' | '>' | '{' | '}' => format!("\\{:x}", c as u32),
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(&hex);
        let next = b.get(i + c.len_utf8());
        if next.is_none_or(|n| {
            n.is_ascii_hexdigit() || matches!(n, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
        }) {
            out.push(' ');
        }
    }
    out
}
