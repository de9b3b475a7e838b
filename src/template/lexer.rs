//! Tokenizer for Go `text/template` source: literal text and `{{ }}`
//! actions, with `{{-`/`-}}` trimming and `{{/* */}}` comments.

/// A token kind. Literal payloads are already decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Literal text between actions (after trimming).
    Text(String),
    /// `{{` (trim markers already applied to the neighbouring text).
    Open,
    /// `}}`.
    Close,
    /// `.Name` (one field element; `.A.B` is two tokens).
    Field(String),
    /// A lone `.`.
    Dot,
    /// `$` or `$name`.
    Var(String),
    /// A bare identifier (function name or keyword).
    Ident(String),
    /// A quoted or raw string literal, decoded.
    Str(String),
    /// A number or char literal: the raw text and the decoded value.
    Number(String),
    /// `true`/`false`.
    Bool(bool),
    /// `nil`.
    Nil,
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `|`.
    Pipe,
    /// `:=`.
    Declare,
    /// `=`.
    Assign,
    /// `,`.
    Comma,
    /// Whitespace inside an action (significant between arguments).
    Space,
}

/// A token with the byte offset where it starts.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Byte offset in the source.
    pub pos: usize,
}

/// A lexing error at a byte offset.
#[derive(Debug)]
pub struct LexError {
    /// Byte offset.
    pub pos: usize,
    /// Go-like message.
    pub msg: String,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits `src` into tokens.
pub fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        i: 0,
        out: Vec::new(),
        trim_next: false,
    };
    lx.run()?;
    Ok(lx.out)
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Token>,
    trim_next: bool,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), LexError> {
        while self.i < self.b.len() {
            let start = self.i;
            let open = self.src[start..].find("{{").map(|o| start + o);
            let end = open.unwrap_or(self.b.len());
            let trim_left = open.is_some_and(|o| self.has_left_trim(o));
            self.push_text(start, end, trim_left);
            let Some(o) = open else { break };
            self.i = o + 2;
            if trim_left {
                self.i += 2;
            }
            self.action(o)?;
        }
        Ok(())
    }

    fn has_left_trim(&self, open: usize) -> bool {
        self.b.get(open + 2) == Some(&b'-') && self.b.get(open + 3).is_some_and(|&c| is_space(c))
    }

    fn push_text(&mut self, start: usize, end: usize, trim_right: bool) {
        let mut text = &self.src[start..end];
        if std::mem::take(&mut self.trim_next) {
            text = text.trim_start_matches([' ', '\t', '\r', '\n']);
        }
        if trim_right {
            text = text.trim_end_matches([' ', '\t', '\r', '\n']);
        }
        if !text.is_empty() {
            let pos = end - text.len();
            self.out.push(Token {
                tok: Tok::Text(text.to_string()),
                pos,
            });
        }
    }

    /// Checks for `}}` or ` -}}` at `self.i`; consumes it and returns true.
    fn close_delim(&mut self) -> bool {
        let rest = &self.b[self.i..];
        if rest.starts_with(b"}}") {
            self.i += 2;
            return true;
        }
        if rest.len() >= 4 && is_space(rest[0]) && rest[1..].starts_with(b"-}}") {
            self.i += 4;
            self.trim_next = true;
            return true;
        }
        false
    }

    fn action(&mut self, open: usize) -> Result<(), LexError> {
        // Comments: `{{/*` or `{{- /*` right after the delimiter.
        let save = self.i;
        while self.i < self.b.len() && is_space(self.b[self.i]) && save != open + 2 {
            self.i += 1;
        }
        if self.b[self.i..].starts_with(b"/*") {
            return self.comment(open);
        }
        self.i = save;
        self.out.push(Token {
            tok: Tok::Open,
            pos: open,
        });
        let mut depth = 0usize;
        loop {
            if self.i >= self.b.len() {
                return Err(self.err(open, "unclosed action"));
            }
            let c = self.b[self.i];
            if depth == 0 && (c == b'}' || is_space(c)) && self.close_delim() {
                self.out.push(Token {
                    tok: Tok::Close,
                    pos: self.i,
                });
                return Ok(());
            }
            if c == b'(' {
                depth += 1;
            } else if c == b')' {
                depth = depth.saturating_sub(1);
            }
            self.item()?;
        }
    }

    fn comment(&mut self, open: usize) -> Result<(), LexError> {
        let Some(end) = self.src[self.i + 2..].find("*/") else {
            return Err(self.err(open, "unclosed comment"));
        };
        self.i += 2 + end + 2;
        if !self.close_delim() {
            return Err(self.err(open, "comment ends before closing delimiter"));
        }
        Ok(())
    }

    fn err(&self, pos: usize, msg: &str) -> LexError {
        LexError {
            pos,
            msg: msg.to_string(),
        }
    }

    fn push(&mut self, tok: Tok, pos: usize) {
        self.out.push(Token { tok, pos });
    }

    fn item(&mut self) -> Result<(), LexError> {
        let start = self.i;
        let c = self.b[start];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                while self.i < self.b.len() && is_space(self.b[self.i]) {
                    if self.b[self.i..].starts_with(b"}}") {
                        break;
                    }
                    if self.b[self.i + 1..].starts_with(b"-}}") {
                        break;
                    }
                    self.i += 1;
                }
                if self.i == start {
                    self.i += 1;
                }
                self.push(Tok::Space, start);
            }
            b'(' => self.single(Tok::LParen),
            b')' => self.single(Tok::RParen),
            b'|' => self.single(Tok::Pipe),
            b',' => self.single(Tok::Comma),
            b'=' => self.single(Tok::Assign),
            b':' => {
                if self.b.get(start + 1) != Some(&b'=') {
                    return Err(self.err(start, "expected :="));
                }
                self.i += 2;
                self.push(Tok::Declare, start);
            }
            b'"' => self.quoted()?,
            b'`' => self.raw()?,
            b'\'' => self.char_lit()?,
            b'$' => {
                self.i += 1;
                let name = self.word();
                self.push(Tok::Var(format!("${name}")), start);
            }
            b'.' => {
                if self.b.get(start + 1).is_some_and(u8::is_ascii_digit) {
                    return self.number();
                }
                self.i += 1;
                let name = self.word();
                let tok = if name.is_empty() {
                    Tok::Dot
                } else {
                    Tok::Field(name)
                };
                self.push(tok, start);
            }
            b'0'..=b'9' | b'+' | b'-' => self.number()?,
            _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let w = self.word();
                if w.is_empty() {
                    let ch = self.src[start..].chars().next().unwrap_or('?');
                    return Err(self.err(start, &format!("unexpected {ch:?} in command")));
                }
                let tok = match w.as_str() {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    _ => Tok::Ident(w),
                };
                self.push(tok, start);
            }
            _ => {
                let ch = self.src[start..].chars().next().unwrap_or('?');
                return Err(self.err(start, &format!("unexpected {ch:?} in command")));
            }
        }
        Ok(())
    }

    fn single(&mut self, tok: Tok) {
        let p = self.i;
        self.i += 1;
        self.push(tok, p);
    }

    /// Reads an identifier (letters, digits, `_`, and `.`-free).
    fn word(&mut self) -> String {
        let start = self.i;
        for ch in self.src[start..].chars() {
            if ch == '_' || ch.is_alphanumeric() {
                self.i += ch.len_utf8();
            } else {
                break;
            }
        }
        self.src[start..self.i].to_string()
    }

    fn number(&mut self) -> Result<(), LexError> {
        let start = self.i;
        if matches!(self.b[self.i], b'+' | b'-') {
            self.i += 1;
        }
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let exp_sign = matches!(c, b'+' | b'-')
                && matches!(self.b[self.i - 1], b'e' | b'E' | b'p' | b'P')
                && !self.src[start..self.i].starts_with("0x");
            if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exp_sign {
                self.i += 1;
            } else {
                break;
            }
        }
        let text = &self.src[start..self.i];
        if text == "+" || text == "-" {
            return Err(self.err(start, &format!("bad number syntax: {text:?}")));
        }
        self.push(Tok::Number(text.to_string()), start);
        Ok(())
    }

    fn quoted(&mut self) -> Result<(), LexError> {
        let start = self.i;
        self.i += 1;
        loop {
            match self.b.get(self.i) {
                None | Some(b'\n') => return Err(self.err(start, "unterminated quoted string")),
                Some(b'\\') => self.i += 2,
                Some(b'"') => break,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        let raw = &self.src[start + 1..self.i - 1];
        let s = unquote(raw).map_err(|m| self.err(start, &m))?;
        self.push(Tok::Str(s), start);
        Ok(())
    }

    fn raw(&mut self) -> Result<(), LexError> {
        let start = self.i;
        let Some(end) = self.src[start + 1..].find('`') else {
            return Err(self.err(start, "unterminated raw quoted string"));
        };
        self.i = start + 1 + end + 1;
        let s = self.src[start + 1..start + 1 + end].replace('\r', "");
        self.push(Tok::Str(s), start);
        Ok(())
    }

    fn char_lit(&mut self) -> Result<(), LexError> {
        let start = self.i;
        self.i += 1;
        loop {
            match self.b.get(self.i) {
                None | Some(b'\n') => {
                    return Err(self.err(start, "unterminated character constant"));
                }
                Some(b'\\') => self.i += 2,
                Some(b'\'') => break,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        let raw = &self.src[start + 1..self.i - 1];
        let s = unquote(raw).map_err(|m| self.err(start, &m))?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                self.push(Tok::Number(format!("'{}", c as u32)), start);
                Ok(())
            }
            _ => Err(self.err(start, "malformed character constant")),
        }
    }
}

/// Decodes Go string escapes (`\n`, `\t`, `\xHH`, `\uHHHH`, octal …).
pub fn unquote(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next().ok_or("bad escape")?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' | '"' | '\'' => out.push(e),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = it.by_ref().take(n).collect();
                let code = u32::from_str_radix(&hex, 16).map_err(|_| "bad escape")?;
                push_code(&mut out, code)?;
            }
            '0'..='7' => {
                let rest: String = it.by_ref().take(2).collect();
                let code =
                    u32::from_str_radix(&format!("{e}{rest}"), 8).map_err(|_| "bad escape")?;
                push_code(&mut out, code)?;
            }
            _ => return Err(format!("unknown escape sequence: \\{e}")),
        }
    }
    Ok(out)
}

/// Pushes a code point. A `\xHH`/octal byte above 0x7f cannot be stored
/// alone in a Rust string, so it is taken as the Latin-1 code point.
fn push_code(out: &mut String, code: u32) -> Result<(), String> {
    let c = char::from_u32(code).ok_or("invalid code point")?;
    out.push(c);
    Ok(())
}
