//! The tag lexer: finds `{{<`/`{{%` and reads one tag at a time, with Hugo's error messages.

use super::ast::{Delim, Escaped, Params, Span, Value};
use memchr::memmem;
use std::borrow::Cow;
use std::fmt;

/// A shortcode syntax error at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the error is.
    pub offset: usize,
    /// Hugo's message, without the "failed to extract shortcode" prefix.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", super::ERROR_PREFIX, self.message)
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
pub(super) fn tokenize(source: &str, start: usize) -> LexResult<Vec<Token<'_>>> {
    let bytes = source.as_bytes();
    let finder = memmem::Finder::new(b"{{");
    let mut tokens = Vec::new();
    let mut text_start = start;
    let mut pos = start;
    while let Some(found) = finder.find(&bytes[pos..]) {
        let at = pos + found;
        let delim = match bytes.get(at + 2) {
            Some(b'<') => Delim::Angle,
            Some(b'%') => Delim::Percent,
            _ => {
                pos = at + 1;
                continue;
            }
        };
        if text_start < at {
            tokens.push(Token::Text(text_start..at));
        }
        let (token, end) = TagLexer::new(source, at, delim).lex()?;
        tokens.push(token);
        pos = end;
        text_start = end;
    }
    if text_start < source.len() {
        tokens.push(Token::Text(text_start..source.len()));
    }
    Ok(tokens)
}

/// Reads one tag starting at a `{{<` or `{{%`.
struct TagLexer<'s> {
    source: &'s str,
    start: usize,
    pos: usize,
    delim: Delim,
}

impl<'s> TagLexer<'s> {
    fn new(source: &'s str, start: usize, delim: Delim) -> Self {
        TagLexer {
            source,
            start,
            pos: start + 3,
            delim,
        }
    }

    fn lex(mut self) -> LexResult<(Token<'s>, usize)> {
        if self.rest().starts_with("/*") {
            return self.lex_escape();
        }
        self.skip_whitespace();
        if self.peek() == Some('/') {
            self.pos += 1;
            return self.lex_closing_tag();
        }
        self.lex_opening_tag()
    }

    fn rest(&self) -> &'s str {
        &self.source[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> LexResult<T> {
        Err(ParseError {
            offset,
            message: message.into(),
        })
    }

    fn at_close_delim(&self) -> bool {
        self.rest().starts_with(self.delim.close())
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches(is_tag_whitespace).len();
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

    /// `{{< /name >}}`: only whitespace may follow the name.
    fn lex_closing_tag(mut self) -> LexResult<(Token<'s>, usize)> {
        self.skip_whitespace();
        if self.at_close_delim() {
            return self.error(self.start, "shortcode has no name");
        }
        let name = self.lex_name()?;
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
        let mut params = Params::Positional(Vec::new());
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
                        return match self.peek() {
                            None => self.error(self.pos, "unclosed shortcode action"),
                            Some(_) => self.error(self.pos, "unclosed shortcode"),
                        };
                    }
                    self_closing = true;
                    break;
                }
                Some('"') | Some('`') => self.lex_quoted_positional(&mut params)?,
                Some(c) if is_alphanumeric_or_hyphen(c) => self.lex_word_param(&mut params)?,
                Some(c) => return self.unrecognized(c),
            }
        }
        let end = self.pos + 3;
        let tag = OpenTag {
            name,
            delim: self.delim,
            params,
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
        for (i, c) in self.rest().char_indices() {
            let at = self.pos + i;
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

    fn lex_quoted_positional(&mut self, params: &mut Params<'s>) -> LexResult<()> {
        if matches!(params, Params::Named(pairs) if !pairs.is_empty()) {
            return self.error(
                self.pos,
                "got quoted positional parameter. Cannot mix named and positional parameters",
            );
        }
        let value = self.lex_string_value()?;
        push_positional(params, value);
        Ok(())
    }

    /// A bare positional value, or `key=value`.
    fn lex_word_param(&mut self, params: &mut Params<'s>) -> LexResult<()> {
        let word_start = self.pos;
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(is_alphanumeric_or_hyphen(c) || c == '.'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        self.pos += len;
        if self.peek() == Some('=') {
            if matches!(params, Params::Positional(values) if !values.is_empty()) {
                return self.error(
                    word_start,
                    format!(
                        "got named parameter '{word}'. Cannot mix named and positional parameters"
                    ),
                );
            }
            self.pos += 1;
            let rest = self.rest();
            self.pos += rest.len() - rest.trim_start().len();
            let value = match self.peek() {
                Some('"') | Some('`') => self.lex_string_value()?,
                _ => self.lex_unquoted_named_value(),
            };
            match params {
                Params::Named(pairs) => pairs.push((word, value)),
                Params::Positional(_) => *params = Params::Named(vec![(word, value)]),
            }
            return Ok(());
        }
        if matches!(params, Params::Named(pairs) if !pairs.is_empty()) {
            return self.error(
                word_start,
                format!(
                    "got positional parameter '{word}'. Cannot mix named and positional parameters"
                ),
            );
        }
        push_positional(params, typed_bare_value(word));
        Ok(())
    }

    /// An unquoted named value runs to the next whitespace.
    fn lex_unquoted_named_value(&mut self) -> Value<'s> {
        let rest = self.rest();
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.pos += len;
        typed_bare_value(&rest[..len])
    }

    /// `"..."` (only `\"` is an escape; no newline) or `` `...` `` (no escapes, newlines allowed).
    fn lex_string_value(&mut self) -> LexResult<Value<'s>> {
        let quote = self.peek();
        self.pos += 1;
        let content_start = self.pos;
        if quote == Some('`') {
            return match self.rest().find('`') {
                Some(len) => {
                    self.pos += len + 1;
                    Ok(Value::String(Cow::Borrowed(
                        &self.source[content_start..content_start + len],
                    )))
                }
                None => self.error(
                    content_start - 1,
                    format!(
                        "unterminated raw string in shortcode parameter-argument: '{}'",
                        first_line(self.rest())
                    ),
                ),
            };
        }
        let mut has_escape = false;
        let bytes = self.source.as_bytes();
        let mut i = content_start;
        loop {
            match bytes.get(i) {
                None | Some(b'\n') => {
                    return self.error(
                        content_start - 1,
                        format!(
                            "unterminated quoted string in shortcode parameter-argument: '{}'",
                            first_line(&self.source[content_start..])
                        ),
                    );
                }
                Some(b'\\') if bytes.get(i + 1) == Some(&b'"') => {
                    has_escape = true;
                    i += 2;
                }
                Some(b'\\') if bytes.get(i + 1) == Some(&b'`') => {
                    return self.error(i, "unrecognized escape character");
                }
                Some(b'"') => break,
                Some(_) => i += 1,
            }
        }
        self.pos = i + 1;
        let raw = &self.source[content_start..i];
        Ok(Value::String(if has_escape {
            Cow::Owned(raw.replace("\\\"", "\""))
        } else {
            Cow::Borrowed(raw)
        }))
    }
}

fn push_positional<'s>(params: &mut Params<'s>, value: Value<'s>) {
    match params {
        Params::Positional(values) => values.push(value),
        Params::Named(_) => *params = Params::Positional(vec![value]),
    }
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("")
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

/// The whitespace between the start of the line and `offset`, if there is only whitespace.
fn indent_before(source: &str, offset: usize) -> &str {
    let line_start = memchr::memrchr(b'\n', &source.as_bytes()[..offset]).map_or(0, |i| i + 1);
    let before = &source[line_start..offset];
    if before.bytes().all(|b| b == b' ' || b == b'\t') {
        before
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
