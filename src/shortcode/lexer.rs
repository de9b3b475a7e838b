//! The tag lexer: finds `{{<`/`{{%` and reads one tag at a time, with Hugo's error messages.

use super::ast::{Delim, Escaped, Params, Span, Value};
use memchr::memmem;
use std::borrow::Cow;
use std::fmt;

/// The parameters of the tag being read, and which kind Hugo's lexer counts them as.
struct TagParams<'s> {
    name: &'s str,
    params: Params<'s>,
    elements: Elements,
    /// Hugo's extraction error for named and positional values given together, reported
    /// once the tag is read (a lexer error later in the tag comes first).
    invalid: Option<ParseError>,
}

/// Hugo's `paramElements`: no parameter yet, positional, or named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elements {
    None,
    Positional,
    Named,
}

/// A shortcode syntax error at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the error is.
    pub offset: usize,
    /// Hugo's message, without the "failed to extract shortcode" prefix.
    pub message: String,
    /// Which of Hugo's stages reports it (it decides the prefix).
    pub stage: Stage,
}

/// Hugo's two stages: its page lexer reports a message as it is; the shortcode extraction
/// that pairs tags prefixes it with "failed to extract shortcode" (Hugo 0.168).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading a tag (`pageparser`).
    Lexer,
    /// Pairing tags into bodies (`extractShortcode`).
    Parser,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stage {
            Stage::Lexer => write!(f, "{}", self.message),
            Stage::Parser => write!(f, "{}: {}", super::ERROR_PREFIX, self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// An opening tag, before pairing.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OpenTag<'s> {
    pub name: &'s str,
    pub delim: Delim,
    pub params: Params<'s>,
    pub self_closing: bool,
    pub inline: bool,
    pub span: Span,
    pub indent: &'s str,
}

/// A closing tag `{{< /name >}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CloseTag<'s> {
    pub name: &'s str,
    pub span: Span,
}

/// The flat token stream the parser pairs into a tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'s> {
    Text(Span),
    Escaped(Escaped),
    Open(OpenTag<'s>),
    Close(CloseTag<'s>),
}

type LexResult<T> = Result<T, ParseError>;

/// Splits `source[start..]` into text, escapes and tags.
/// Every token up to the first lexer error, and that error: Hugo extracts shortcodes while
/// it lexes, so an error the pairing finds in the tokens before a lexer error comes first.
pub(super) fn tokenize(source: &str, start: usize) -> (Vec<Token<'_>>, Option<ParseError>) {
    let bytes = source.as_bytes();
    let mut tokens = Vec::with_capacity(token_estimate(source.len() - start));
    let mut opened = OpenedNames::default();
    let mut text_start = start;
    let mut pos = start;
    // A `{` is rare in prose: finding it with `memchr` and then looking at the next bytes
    // costs less than a two-byte search.
    while let Some(found) = memchr::memchr(b'{', &bytes[pos..]) {
        let at = pos + found;
        let delim = match bytes.get(at + 1..at + 3) {
            Some(b"{<") => Delim::Angle,
            Some(b"{%") => Delim::Percent,
            _ => {
                pos = at + 1;
                continue;
            }
        };
        if text_start < at {
            tokens.push(Token::Text(text_start..at));
        }
        let (token, end) = match TagLexer::new(source, at, delim, &opened).lex() {
            Ok(lexed) => lexed,
            Err(error) => return (tokens, Some(error)),
        };
        if let Token::Open(tag) = &token {
            opened.insert(tag.name);
        }
        tokens.push(token);
        pos = end;
        text_start = end;
    }
    if text_start < source.len() {
        tokens.push(Token::Text(text_start..source.len()));
    }
    (tokens, None)
}

/// About as many tokens as a page of `len` bytes dense with shortcodes has (a text and a
/// tag every 128 bytes), so that the list rarely moves as it grows; counting the `{{`
/// first would cost a second scan of the text.
fn token_estimate(len: usize) -> usize {
    len / 64 + 1
}

/// The names of the shortcodes opened so far in a file. A file opens a handful of distinct
/// names, found faster in a list than by hashing each name; past [`OpenedNames::FEW`] they
/// go into a set hashed with rustc's Fx hash (the standard SipHash costs more than the rest
/// of reading a short tag), so a file of many names is not scanned name by name.
#[derive(Default)]
struct OpenedNames<'s> {
    /// The first distinct names, in the order opened.
    few: Vec<&'s str>,
    /// The distinct names after the first [`OpenedNames::FEW`].
    many: rustc_hash::FxHashSet<&'s str>,
}

impl<'s> OpenedNames<'s> {
    /// How many names the list holds before the set takes the rest.
    const FEW: usize = 16;

    /// Notes that `name` was opened.
    fn insert(&mut self, name: &'s str) {
        if self.contains(name) {
            return;
        }
        if self.few.len() < Self::FEW {
            self.few.push(name);
        } else {
            self.many.insert(name);
        }
    }

    /// Whether a shortcode named `name` was opened.
    fn contains(&self, name: &str) -> bool {
        self.few.contains(&name) || (!self.many.is_empty() && self.many.contains(name))
    }

    /// Whether no shortcode was opened.
    fn is_empty(&self) -> bool {
        self.few.is_empty()
    }
}

/// Reads one tag starting at a `{{<` or `{{%`.
struct TagLexer<'s, 'o> {
    source: &'s str,
    start: usize,
    pos: usize,
    delim: Delim,
    /// The names of the shortcodes opened so far in the file (Hugo's lexer keeps them,
    /// and checks a closing tag's name against them).
    opened: &'o OpenedNames<'s>,
}

impl<'s, 'o> TagLexer<'s, 'o> {
    fn new(source: &'s str, start: usize, delim: Delim, opened: &'o OpenedNames<'s>) -> Self {
        TagLexer {
            source,
            start,
            pos: start + 3,
            delim,
            opened,
        }
    }

    fn lex(mut self) -> LexResult<(Token<'s>, usize)> {
        if self.rest().starts_with("/*") {
            return self.lex_escape();
        }
        self.skip_whitespace();
        // Hugo's lexer skips a backslash anywhere inside a tag.
        while self.peek() == Some('\\') {
            self.pos += 1;
            self.skip_whitespace();
        }
        if self.peek() == Some('/') {
            let slash = self.pos;
            self.pos += 1;
            return self.lex_closing_tag(slash);
        }
        self.lex_opening_tag()
    }

    fn rest(&self) -> &'s str {
        &self.source[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        match self.source.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self.rest().chars().next(),
        }
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> LexResult<T> {
        Err(ParseError {
            offset,
            message: message.into(),
            stage: Stage::Lexer,
        })
    }

    fn at_close_delim(&self) -> bool {
        self.source.as_bytes()[self.pos..].starts_with(self.delim.close().as_bytes())
    }

    /// Skips [`is_tag_whitespace`], all of it ASCII.
    fn skip_whitespace(&mut self) {
        let rest = &self.source.as_bytes()[self.pos..];
        self.pos += rest
            .iter()
            .take_while(|&&b| is_tag_whitespace(char::from(b)))
            .count();
    }

    /// `{{</* anything */>}}`, running to the first `*/>}}`, across lines.
    fn lex_escape(self) -> LexResult<(Token<'s>, usize)> {
        let comment_start = self.pos;
        let terminator = match self.delim {
            Delim::Angle => "*/>}}",
            Delim::Percent => "*/%}}",
        };
        match memmem::find(self.rest().as_bytes(), terminator.as_bytes()) {
            Some(found) if found > 1 => {
                let inner_end = comment_start + found;
                let end = inner_end + terminator.len();
                let escaped = Escaped {
                    span: self.start..end,
                    inner: comment_start + 2..inner_end,
                    delim: self.delim,
                };
                Ok((Token::Escaped(escaped), end))
            }
            _ => self.error(self.start, "comment must be closed"),
        }
    }

    /// A `/` inside an opening tag that does not end it: Hugo's lexer reads what follows as
    /// the name of a closing tag (`{{< sc1 / keyword>}}`) and checks it as one.
    fn slash_inside_tag<T>(&mut self, current: &str) -> LexResult<T> {
        match self.peek() {
            None => self.error(self.pos, "unclosed shortcode action"),
            Some(c) if is_alphanumeric(c) => {
                let name_start = self.pos;
                let name = self.lex_name()?;
                if name != current && !self.opened.contains(name) {
                    return self.error(
                        name_start,
                        format!("closing tag for shortcode '{name}' does not match start tag"),
                    );
                }
                self.error(name_start, "unclosed shortcode")
            }
            Some(c) => self.unrecognized(c),
        }
    }

    /// `{{< /name >}}`: only whitespace may follow the name. As Hugo's lexer does, a `/`
    /// with no shortcode opened so far is "none is open" at once, and the name is checked
    /// against those opened before the rest is read ("does not match start tag" at the
    /// name). Pairing with the open one is the parser's.
    fn lex_closing_tag(mut self, slash: usize) -> LexResult<(Token<'s>, usize)> {
        if self.opened.is_empty() {
            return self.error(slash, "got closing shortcode, but none is open");
        }
        self.skip_whitespace();
        if self.at_close_delim() {
            return self.error(self.start, "shortcode has no name");
        }
        let name_start = self.pos;
        let name = self.lex_name()?;
        if !self.opened.contains(name) {
            return self.error(
                name_start,
                format!("closing tag for shortcode '{name}' does not match start tag"),
            );
        }
        self.skip_whitespace();
        if self.at_close_delim() {
            let end = self.pos + 3;
            return Ok((
                Token::Close(CloseTag {
                    name,
                    span: self.start..end,
                }),
                end,
            ));
        }
        if self.peek().is_none() {
            return self.error(self.pos, "unclosed shortcode action");
        }
        self.error(self.pos, "unclosed shortcode")
    }

    fn lex_opening_tag(mut self) -> LexResult<(Token<'s>, usize)> {
        if self.at_close_delim() {
            return self.error(self.start, "shortcode has no name");
        }
        match self.peek() {
            None => return self.error(self.pos, "unclosed shortcode action"),
            Some(c) if !is_alphanumeric(c) => return self.unrecognized(c),
            Some(_) => {}
        }
        let name = self.lex_name()?;
        let inline = name.ends_with(".inline");
        let mut tag = TagParams {
            name,
            params: Params::Positional(Vec::new()),
            elements: Elements::None,
            invalid: None,
        };
        let mut self_closing = false;
        loop {
            self.skip_whitespace();
            if self.at_close_delim() {
                break;
            }
            match self.peek() {
                None => return self.error(self.pos, "unclosed shortcode action"),
                Some('/') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if !self.at_close_delim() {
                        return self.slash_inside_tag(name);
                    }
                    self_closing = true;
                    break;
                }
                Some('"') | Some('`') => self.lex_quoted_positional(&mut tag, true)?,
                // A value with no key before its `=`: Hugo reads it and pairs it with
                // nothing, so it is read and dropped.
                Some('=') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    match self.peek() {
                        Some('`') => drop(self.lex_string_value()?),
                        Some(c @ ('"' | '\\')) => drop(self.lex_quoted_value(c == '"')?),
                        _ => drop(self.lex_unquoted_named_value()),
                    }
                }
                // Hugo skips a backslash here; before `"` it starts a value that an
                // escaped quote ends.
                Some('\\') => {
                    self.pos += 1;
                    if self.peek() == Some('"') {
                        self.lex_quoted_positional(&mut tag, false)?;
                    }
                }
                Some(c) if is_alphanumeric_or_hyphen(c) => self.lex_word_param(&mut tag)?,
                Some(c) => return self.unrecognized(c),
            }
        }
        if let Some(error) = tag.invalid {
            return Err(error);
        }
        let end = self.pos + 3;
        let tag = OpenTag {
            name,
            delim: self.delim,
            params: tag.params,
            self_closing,
            inline,
            span: self.start..end,
            indent: indent_before(self.source, self.start),
        };
        Ok((Token::Open(tag), end))
    }

    fn unrecognized<T>(&self, c: char) -> LexResult<T> {
        self.error(
            self.pos,
            format!(
                "unrecognized character in shortcode action: U+{:04X} '{c}'. \
                 Note: Parameters with non-alphanumeric args must be quoted",
                c as u32
            ),
        )
    }

    /// A name: `_`, letter or digit first, then also `-` and `/`; `.` only in `x.inline`.
    fn lex_name(&mut self) -> LexResult<&'s str> {
        let name_start = self.pos;
        match self.peek() {
            Some(c) if is_alphanumeric(c) => {}
            Some(c) => return self.unrecognized(c),
            None => return self.error(self.pos, "unclosed shortcode action"),
        }
        // ASCII letters, digits, `_`, `-` and `/` first, byte by byte; then any other
        // character as a `char`.
        let ascii = self.source.as_bytes()[self.pos..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/'))
            .count();
        let scan = self.pos + ascii;
        // Most names end there, at an ASCII character other than `.`.
        if let Some(b) = self.source.as_bytes().get(scan)
            && b.is_ascii()
            && *b != b'.'
        {
            self.pos = scan;
            return Ok(&self.source[name_start..scan]);
        }
        for (i, c) in self.source[scan..].char_indices() {
            let at = scan + i;
            match c {
                c if is_alphanumeric_or_hyphen(c) || c == '/' => {}
                '.' => {
                    let after = &self.source[at + 1..];
                    let ends_inline = after.strip_prefix("inline").is_some_and(|tail| {
                        tail.starts_with(is_tag_whitespace)
                            || tail.starts_with('/')
                            || tail.starts_with(self.delim.close())
                    });
                    if !ends_inline {
                        return self.error(
                            at,
                            "period in shortcode name only allowed for inline identifiers",
                        );
                    }
                    self.pos = at + 1 + "inline".len();
                    return Ok(&self.source[name_start..self.pos]);
                }
                _ => {
                    self.pos = at;
                    return Ok(&self.source[name_start..at]);
                }
            }
        }
        self.pos = self.source.len();
        Ok(&self.source[name_start..])
    }

    fn lex_quoted_positional(
        &mut self,
        tag: &mut TagParams<'s>,
        escapes_allowed: bool,
    ) -> LexResult<()> {
        if tag.elements == Elements::Named {
            return self.error(
                self.pos,
                "got quoted positional parameter. Cannot mix named and positional parameters",
            );
        }
        tag.elements = Elements::Positional;
        let value = if escapes_allowed {
            self.lex_string_value()?
        } else {
            self.lex_quoted_value(false)?
        };
        self.push_positional(tag, value)
    }

    /// A bare positional value, or `key=value`. As in Hugo's lexer, a key counts as named
    /// for the mixing rule only when `=` follows it at once; `key = value` (whitespace,
    /// newlines too, before the `=`) still pairs as named, but counts as positional.
    fn lex_word_param(&mut self, tag: &mut TagParams<'s>) -> LexResult<()> {
        let word_start = self.pos;
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(is_alphanumeric_or_hyphen(c) || c == '.'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        self.pos += len;
        let immediate = self.peek() == Some('=');
        let mix = |kind: &str| {
            format!("got {kind} parameter '{word}'. Cannot mix named and positional parameters")
        };
        match (tag.elements, immediate) {
            (Elements::Positional, true) => return self.error(word_start, mix("named")),
            (Elements::Named, false) => return self.error(word_start, mix("positional")),
            (Elements::None, true) => tag.elements = Elements::Named,
            (Elements::None, false) => tag.elements = Elements::Positional,
            _ => {}
        }
        let after = self.rest();
        let gap = after.len() - after.trim_start().len();
        if !after[gap..].starts_with('=') {
            return self.push_positional(tag, typed_bare_value(word));
        }
        self.pos += gap + 1;
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
        let value = match self.peek() {
            Some('`') => self.lex_string_value()?,
            Some(c @ ('"' | '\\')) => self.lex_quoted_value(c == '"')?,
            _ => self.lex_unquoted_named_value(),
        };
        match &mut tag.params {
            Params::Named(pairs) => pairs.push((word, value)),
            Params::Positional(values) if values.is_empty() => {
                tag.params = Params::Named(vec![(word, value)]);
            }
            Params::Positional(_) => self.invalid_state(tag, "map[string]interface {}", "map"),
        }
        Ok(())
    }

    fn push_positional(&self, tag: &mut TagParams<'s>, value: Value<'s>) -> LexResult<()> {
        match &mut tag.params {
            Params::Positional(values) => values.push(value),
            Params::Named(pairs) if pairs.is_empty() => {
                tag.params = Params::Positional(vec![value])
            }
            Params::Named(_) => self.invalid_state(tag, "[]interface {}", "slice"),
        }
        Ok(())
    }

    /// Hugo's shortcode extraction, given named and positional values in one tag by way of
    /// `key = value` (its words, at the tag's start).
    fn invalid_state(&self, tag: &mut TagParams<'s>, found: &str, expected: &str) {
        let error = ParseError {
            offset: self.start,
            message: format!(
                "invalid state: invalid param type {found} for shortcode {:?}, expected a {expected}",
                tag.name
            ),
            stage: Stage::Parser,
        };
        tag.invalid.get_or_insert(error);
    }

    /// An unquoted named value runs to the next whitespace.
    fn lex_unquoted_named_value(&mut self) -> Value<'s> {
        let rest = self.rest();
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.pos += len;
        typed_bare_value(&rest[..len])
    }

    /// A raw `` `...` `` (no escapes, newlines allowed) or a quoted value.
    fn lex_string_value(&mut self) -> LexResult<Value<'s>> {
        if self.peek() != Some('`') {
            return self.lex_quoted_value(true);
        }
        self.pos += 1;
        let content_start = self.pos;
        match self.rest().find('`') {
            Some(len) => {
                self.pos += len + 1;
                Ok(Value::String(Cow::Borrowed(
                    &self.source[content_start..content_start + len],
                )))
            }
            None => self.error(
                content_start,
                format!(
                    "unterminated raw string in shortcode parameter-argument: {}",
                    quoted_rest(&self.source[content_start..])
                ),
            ),
        }
    }

    /// Hugo's `lexShortcodeQuotedParamVal`, from `self.pos` (a `"`, or the `\` of a `\"`):
    /// the value runs from the first `"` to the next unescaped one. `\"` inside is a quote
    /// when `escapes_allowed`; otherwise (a value that opened with `\"`) it ends the value.
    /// `\`` is "unrecognized escape character"; a newline or the end of the text before
    /// the closing quote is "unterminated quoted string".
    fn lex_quoted_value(&mut self, escapes_allowed: bool) -> LexResult<Value<'s>> {
        if let Some(value) = self.lex_plain_quoted_value() {
            return Ok(value);
        }
        let bytes = self.source.as_bytes();
        let mut item_start = self.pos;
        let (mut open, mut escaped_quote, mut inner_escape) = (false, false, false);
        let mut i = self.pos;
        loop {
            match bytes.get(i) {
                Some(b'\\') if bytes.get(i + 1) == Some(&b'"') => {
                    if open && !escapes_allowed {
                        break;
                    } else if open {
                        inner_escape = true;
                        escaped_quote = true;
                    }
                    i += 1;
                }
                Some(b'\\') if bytes.get(i + 1) == Some(&b'`') => {
                    return self.error(item_start, "unrecognized escape character");
                }
                None | Some(b'\n') => {
                    return self.error(
                        item_start,
                        format!(
                            "unterminated quoted string in shortcode parameter-argument: {}",
                            quoted_rest(&self.source[item_start..])
                        ),
                    );
                }
                Some(b'"') if escaped_quote => {
                    escaped_quote = false;
                    i += 1;
                }
                Some(b'"') if open => break,
                Some(b'"') => {
                    open = true;
                    item_start = i + 1;
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
        let raw = &self.source[item_start..i];
        // The closing quote, or an escaped closing quote, is part of the value's syntax.
        self.pos = if bytes.get(i) == Some(&b'\\') {
            i + 2
        } else {
            i + 1
        };
        Ok(Value::String(if inner_escape {
            Cow::Owned(raw.replace("\\\"", "\""))
        } else {
            Cow::Borrowed(raw)
        }))
    }

    /// The common case of [`TagLexer::lex_quoted_value`], found with one `memchr3`: a value
    /// from `"` to the next `"` with no `\` or line break before it, which reads the same
    /// whether escapes are allowed or not. `None` for any other value.
    fn lex_plain_quoted_value(&mut self) -> Option<Value<'s>> {
        let content_start = self.pos + 1;
        let bytes = self.source.as_bytes();
        if bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let len = memchr::memchr3(b'"', b'\\', b'\n', &bytes[content_start..])?;
        if bytes[content_start + len] != b'"' {
            return None;
        }
        self.pos = content_start + len + 1;
        let value = &self.source[content_start..content_start + len];
        Some(Value::String(Cow::Borrowed(value)))
    }
}

/// How Hugo quotes the rest of an unterminated string in its message: up to and including
/// the first line break, or to the end; we give the message's first line (`'rest` when a
/// line break follows, `'rest'` at the end of the text).
fn quoted_rest(rest: &str) -> String {
    match rest.split_once('\n') {
        Some((line, _)) => format!("'{}", line.trim_end()),
        None => format!("'{rest}'"),
    }
}

/// Hugo's typing of unquoted values: bool, int, float, else string.
pub(super) fn typed_bare_value(word: &str) -> Value<'_> {
    match word {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits.is_empty() && all_digits(digits) {
        if let Ok(i) = word.parse::<i64>() {
            return Value::Int(i);
        }
    } else if let Some((int_part, frac)) = digits.split_once('.')
        && all_digits(int_part)
        && !frac.is_empty()
        && all_digits(frac)
        && let Ok(f) = word.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::String(Cow::Borrowed(word))
}

/// The whitespace between the start of the line and `offset`, if there is only whitespace
/// (read back from `offset`, so a long line before a tag is not scanned).
fn indent_before(source: &str, offset: usize) -> &str {
    let before = &source.as_bytes()[..offset];
    let blanks = before
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let start = offset - blanks;
    if start == 0 || before[start - 1] == b'\n' {
        &source[start..offset]
    } else {
        ""
    }
}

fn is_tag_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn is_alphanumeric_or_hyphen(c: char) -> bool {
    is_alphanumeric(c) || c == '-'
}
