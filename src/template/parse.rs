//! Parser from tokens to the template AST (Go `text/template/parse`).

use std::collections::HashMap;

use super::lexer::{Tok, Token, lex};
use super::value::Value;

/// A sequence of nodes.
pub type List = Vec<Node>;

/// A template AST node. `pos` fields are byte offsets into the source.
#[derive(Debug, Clone)]
pub enum Node {
    /// Literal text.
    Text(String),
    /// `{{ pipeline }}`.
    Action(Pipe),
    /// `{{ if }}` / `{{ with }}` / `{{ range }}` with their branches.
    Branch(Box<Branch>),
    /// `{{ template "name" pipeline }}`.
    Template {
        /// Offset of the action.
        pos: usize,
        /// Called template name.
        name: String,
        /// Optional data pipeline.
        pipe: Option<Pipe>,
    },
    /// `{{ break }}`.
    Break(#[allow(dead_code)] usize),
    /// `{{ continue }}`.
    Continue(#[allow(dead_code)] usize),
}

/// The kind of a branching action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchKind {
    /// `if`.
    If,
    /// `with`.
    With,
    /// `range`.
    Range,
}

/// `if`/`with`/`range` with an optional `else` list (`else if`/`else with`
/// chains are nested branches in the else list).
#[derive(Debug, Clone)]
pub struct Branch {
    /// Which keyword.
    pub kind: BranchKind,
    /// The condition / data pipeline.
    pub pipe: Pipe,
    /// Executed when true / for each element.
    pub list: List,
    /// Executed when false / empty.
    pub else_list: Option<List>,
}

/// A pipeline: optional variable declarations and `|`-separated commands.
#[derive(Debug, Clone)]
pub struct Pipe {
    /// Offset of the action.
    pub pos: usize,
    /// Declared or assigned variables (`$x`, or `$i, $e` in range).
    pub decl: Vec<String>,
    /// `=` (assignment) rather than `:=`.
    pub is_assign: bool,
    /// The commands.
    pub cmds: Vec<Cmd>,
}

/// One command: a function/method call or a single operand.
#[derive(Debug, Clone)]
pub struct Cmd {
    /// Offset of the command.
    pub pos: usize,
    /// Operands; the first may be a function name.
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `.`.
    Dot,
    /// `.A.B`.
    Field(Vec<String>),
    /// `$x.A.B` (empty chain for a bare variable).
    Var(String, Vec<String>),
    /// A function name.
    Ident(String),
    /// `(pipeline).A.B`.
    Chain(Box<Pipe>, Vec<String>),
    /// A constant.
    Const(Value),
}

/// A parse error at a byte offset.
#[derive(Debug)]
pub struct ParseError {
    /// Byte offset.
    pub pos: usize,
    /// Message.
    pub msg: String,
}

/// A parsed template file: its main body and the `define`d templates.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The top-level list.
    pub root: List,
    /// `define`/`block` bodies by name.
    pub defines: HashMap<String, List>,
}

const MAX_NESTING: usize = 200;

/// Parses `src`.
pub fn parse(src: &str) -> Result<Parsed, ParseError> {
    let toks = lex(src).map_err(|e| ParseError {
        pos: e.pos,
        msg: e.msg,
    })?;
    let mut p = Parser {
        toks,
        i: 0,
        defines: HashMap::new(),
        vars: vec![vec!["$".to_string()]],
        depth: 0,
        loops: 0,
    };
    let (root, end) = p.list()?;
    if let Some(e) = end {
        return Err(p.err_at(e.pos, &format!("unexpected {{{{{}}}}}", e.word)));
    }
    Ok(Parsed {
        root,
        defines: p.defines,
    })
}

/// How a list ended: `{{end}}`, `{{else …}}`.
struct End {
    pos: usize,
    word: String,
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    defines: HashMap<String, List>,
    vars: Vec<Vec<String>>,
    depth: usize,
    loops: usize,
}

type PResult<T> = Result<T, ParseError>;

impl Parser {
    fn err_at(&self, pos: usize, msg: &str) -> ParseError {
        ParseError {
            pos,
            msg: msg.to_string(),
        }
    }

    fn err(&self, msg: &str) -> ParseError {
        self.err_at(self.pos(), msg)
    }

    fn pos(&self) -> usize {
        self.toks
            .get(self.i)
            .or(self.toks.last())
            .map_or(0, |t| t.pos)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn peek_non_space(&mut self) -> Option<&Tok> {
        self.skip_space();
        self.peek()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(Tok::Space)) {
            self.i += 1;
        }
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.i).cloned();
        self.i += 1;
        t
    }

    /// Parses nodes until `{{end}}`/`{{else}}` (returned) or EOF (None).
    fn list(&mut self) -> PResult<(List, Option<End>)> {
        let mut out = List::new();
        while let Some(t) = self.next() {
            match t.tok {
                Tok::Text(s) => out.push(Node::Text(s)),
                Tok::Open => {
                    if let Some(end) = self.action(t.pos, &mut out)? {
                        return Ok((out, Some(end)));
                    }
                }
                _ => return Err(self.err_at(t.pos, "unexpected token")),
            }
        }
        Ok((out, None))
    }

    /// Parses one action after `{{`. Returns `Some` for `end`/`else`.
    fn action(&mut self, pos: usize, out: &mut List) -> PResult<Option<End>> {
        self.skip_space();
        let word = match self.peek() {
            Some(Tok::Ident(w)) => w.clone(),
            _ => {
                let pipe = self.pipeline(pos, true)?;
                out.push(Node::Action(pipe));
                return Ok(None);
            }
        };
        match word.as_str() {
            "end" | "else" => {
                self.i += 1;
                if word == "end" {
                    self.close()?;
                }
                Ok(Some(End { pos, word }))
            }
            "if" | "with" | "range" => {
                self.i += 1;
                let node = self.branch(pos, &word)?;
                out.push(node);
                Ok(None)
            }
            "define" | "block" => {
                self.i += 1;
                let node = self.define(pos, word == "block")?;
                out.extend(node);
                Ok(None)
            }
            "template" => {
                self.i += 1;
                out.push(self.template(pos)?);
                Ok(None)
            }
            "break" | "continue" => {
                self.i += 1;
                if self.loops == 0 {
                    return Err(self.err_at(pos, &format!("{{{{{word}}}}} outside {{{{range}}}}")));
                }
                self.close()?;
                out.push(if word == "break" {
                    Node::Break(pos)
                } else {
                    Node::Continue(pos)
                });
                Ok(None)
            }
            _ => {
                let pipe = self.pipeline(pos, true)?;
                out.push(Node::Action(pipe));
                Ok(None)
            }
        }
    }

    fn close(&mut self) -> PResult<()> {
        self.skip_space();
        match self.next() {
            Some(Token {
                tok: Tok::Close, ..
            }) => Ok(()),
            Some(t) => Err(self.err_at(t.pos, &format!("unexpected {} in end", describe(&t.tok)))),
            None => Err(self.err("unclosed action")),
        }
    }

    fn branch(&mut self, pos: usize, word: &str) -> PResult<Node> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.err_at(pos, "nesting too deep"));
        }
        let kind = match word {
            "if" => BranchKind::If,
            "with" => BranchKind::With,
            _ => BranchKind::Range,
        };
        self.vars.push(Vec::new());
        let pipe = self.pipeline(pos, true)?;
        if pipe.cmds.is_empty() {
            return Err(self.err_at(pos, &format!("missing value for {word}")));
        }
        if kind == BranchKind::Range {
            self.loops += 1;
        }
        let (list, end) = self.list()?;
        if kind == BranchKind::Range {
            self.loops -= 1;
        }
        let end = end.ok_or_else(|| self.err_at(pos, &format!("unexpected EOF in {word}")))?;
        let else_list = if end.word == "else" {
            Some(self.else_part(end.pos, word)?)
        } else {
            None
        };
        self.vars.pop();
        self.depth -= 1;
        Ok(Node::Branch(Box::new(Branch {
            kind,
            pipe,
            list,
            else_list,
        })))
    }

    /// After `{{else`: either `}}` then a list until `{{end}}`, or a chained
    /// `if`/`with` that shares this branch's `{{end}}`.
    fn else_part(&mut self, pos: usize, word: &str) -> PResult<List> {
        self.skip_space();
        if let Some(Tok::Ident(w)) = self.peek() {
            let w = w.clone();
            if (w == "if" || w == "with") && word != "range" {
                self.i += 1;
                return Ok(vec![self.branch(pos, &w)?]);
            }
        }
        self.close()?;
        let (list, end) = self.list()?;
        match end {
            Some(e) if e.word == "end" => Ok(list),
            Some(e) => Err(self.err_at(e.pos, "expected end; found {{else}}")),
            None => Err(self.err_at(pos, &format!("unexpected EOF in {word}"))),
        }
    }

    fn string_arg(&mut self, ctx: &str) -> PResult<String> {
        self.skip_space();
        match self.next() {
            Some(Token {
                tok: Tok::Str(s), ..
            }) => Ok(s),
            Some(t) => Err(self.err_at(
                t.pos,
                &format!("unexpected {} in {ctx} clause", describe(&t.tok)),
            )),
            None => Err(self.err(&format!("unexpected EOF in {ctx} clause"))),
        }
    }

    fn define(&mut self, pos: usize, block: bool) -> PResult<Option<Node>> {
        let ctx = if block { "block" } else { "define" };
        let name = self.string_arg(ctx)?;
        let pipe = if block {
            Some(self.pipeline(pos, false)?)
        } else {
            self.close()?;
            None
        };
        let saved_vars = std::mem::replace(&mut self.vars, vec![vec!["$".to_string()]]);
        let saved_loops = std::mem::take(&mut self.loops);
        let (body, end) = self.list()?;
        self.vars = saved_vars;
        self.loops = saved_loops;
        match end {
            Some(e) if e.word == "end" => {}
            _ => return Err(self.err_at(pos, &format!("unexpected EOF in {ctx}"))),
        }
        self.defines.insert(name.clone(), body);
        Ok(block.then_some(Node::Template { pos, name, pipe }))
    }

    fn template(&mut self, pos: usize) -> PResult<Node> {
        let name = self.string_arg("template")?;
        self.skip_space();
        let pipe = if matches!(self.peek(), Some(Tok::Close)) {
            self.i += 1;
            None
        } else {
            Some(self.pipeline(pos, false)?)
        };
        Ok(Node::Template { pos, name, pipe })
    }

    fn declared(&self, name: &str) -> bool {
        self.vars.iter().any(|s| s.iter().any(|v| v == name))
    }

    /// Parses a pipeline up to and including `}}` (or `)` when nested).
    fn pipeline(&mut self, pos: usize, allow_decl: bool) -> PResult<Pipe> {
        let mut pipe = Pipe {
            pos,
            decl: Vec::new(),
            is_assign: false,
            cmds: Vec::new(),
        };
        if allow_decl {
            self.declarations(&mut pipe)?;
        }
        self.commands(&mut pipe, false)?;
        Ok(pipe)
    }

    /// Recognizes `$x :=`, `$x =`, `$i, $e :=` at the pipeline start.
    fn declarations(&mut self, pipe: &mut Pipe) -> PResult<()> {
        let start = self.i;
        self.skip_space();
        let mut names = Vec::new();
        while let Some(Tok::Var(v)) = self.peek().cloned() {
            self.i += 1;
            names.push(v);
            self.skip_space();
            match self.peek() {
                Some(Tok::Comma) if names.len() == 1 => {
                    self.i += 1;
                    self.skip_space();
                }
                Some(Tok::Declare) | Some(Tok::Assign) => {
                    let assign = matches!(self.peek(), Some(Tok::Assign));
                    self.i += 1;
                    for n in &names {
                        if assign && !self.declared(n) {
                            return Err(self.err(&format!("undefined variable \"{n}\"")));
                        }
                    }
                    pipe.is_assign = assign;
                    pipe.decl = names;
                    return Ok(());
                }
                _ => break,
            }
        }
        self.i = start;
        Ok(())
    }

    fn declare_vars(&mut self, pipe: &Pipe) {
        if !pipe.is_assign
            && let Some(scope) = self.vars.last_mut()
        {
            scope.extend(pipe.decl.iter().cloned());
        }
    }

    fn commands(&mut self, pipe: &mut Pipe, nested: bool) -> PResult<()> {
        loop {
            self.skip_space();
            let t = self.next().ok_or_else(|| self.err("unclosed action"))?;
            match t.tok {
                Tok::Close if !nested => break,
                Tok::RParen if nested => break,
                Tok::Close | Tok::RParen => {
                    return Err(self.err_at(t.pos, &format!("unexpected {}", describe(&t.tok))));
                }
                _ => {
                    self.i -= 1;
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                    self.skip_space();
                    if matches!(self.peek(), Some(Tok::Pipe)) {
                        self.i += 1;
                        continue;
                    }
                }
            }
            match self.peek_non_space() {
                Some(Tok::Close) | Some(Tok::RParen) => {}
                Some(_) => return Err(self.err("unexpected token in operand")),
                None => return Err(self.err("unclosed action")),
            }
        }
        if pipe.cmds.is_empty() && pipe.decl.is_empty() {
            return Err(self.err_at(pipe.pos, "missing value for command"));
        }
        if pipe.cmds.is_empty() {
            return Err(self.err_at(pipe.pos, "missing value for command"));
        }
        self.declare_vars(pipe);
        Ok(())
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.pos();
        let mut args = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::RParen) | Some(Tok::Pipe) => break,
                _ => {}
            }
            let before = self.i;
            args.push(self.operand()?);
            // Operands must be separated by spaces.
            match self.peek() {
                Some(Tok::Space) | Some(Tok::Close) | Some(Tok::RParen) | Some(Tok::Pipe)
                | None => {}
                Some(t) => {
                    let d = describe(t);
                    return Err(self.err(&format!("unexpected {d} in operand")));
                }
            }
            if self.i == before {
                return Err(self.err("parser stalled"));
            }
        }
        if args.is_empty() {
            return Err(self.err_at(pos, "empty command"));
        }
        if args.len() == 1 && matches!(args[0], Arg::Const(Value::Nil)) {
            return Err(self.err_at(pos, "nil is not a command"));
        }
        Ok(Cmd { pos, args })
    }

    fn fields(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(Tok::Field(f)) = self.peek() {
            out.push(f.clone());
            self.i += 1;
        }
        out
    }

    fn operand(&mut self) -> PResult<Arg> {
        let t = self.next().ok_or_else(|| self.err("unexpected EOF"))?;
        let arg = match t.tok {
            Tok::Dot => Arg::Dot,
            Tok::Field(f) => {
                let mut chain = vec![f];
                chain.extend(self.fields());
                Arg::Field(chain)
            }
            Tok::Var(v) => {
                if !self.declared(&v) {
                    return Err(self.err_at(t.pos, &format!("undefined variable \"{v}\"")));
                }
                Arg::Var(v, self.fields())
            }
            Tok::Ident(name) => {
                // `strings.ToLower`, `site.Params.x`: a namespaced name.
                let chain = self.fields();
                let full = std::iter::once(name).chain(chain).collect::<Vec<_>>();
                Arg::Ident(full.join("."))
            }
            Tok::Str(s) => Arg::Const(Value::from(s)),
            Tok::Bool(b) => Arg::Const(Value::Bool(b)),
            Tok::Nil => Arg::Const(Value::Nil),
            Tok::Number(n) => Arg::Const(parse_number(&n).map_err(|m| self.err_at(t.pos, &m))?),
            Tok::LParen => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(self.err_at(t.pos, "nesting too deep"));
                }
                let mut pipe = Pipe {
                    pos: t.pos,
                    decl: Vec::new(),
                    is_assign: false,
                    cmds: Vec::new(),
                };
                self.declarations(&mut pipe)?;
                self.commands(&mut pipe, true)?;
                self.depth -= 1;
                let chain = self.fields();
                Arg::Chain(Box::new(pipe), chain)
            }
            other => {
                return Err(self.err_at(
                    t.pos,
                    &format!("unexpected {} in operand", describe(&other)),
                ));
            }
        };
        Ok(arg)
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Close => "\"}}\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::LParen => "\"(\"".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::Comma => "\",\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Str(s) => format!("{s:?}"),
        Tok::Number(n) => format!("<{n}>"),
        Tok::Ident(i) => format!("<{i}>"),
        Tok::Field(f) => format!("<.{f}>"),
        Tok::Var(v) => format!("<{v}>"),
        other => format!("{other:?}"),
    }
}

/// Parses a Go number literal: ints (decimal, hex, octal, binary, with `_`),
/// floats, and char constants (encoded by the lexer as `'N`).
fn parse_number(text: &str) -> Result<Value, String> {
    if let Some(code) = text.strip_prefix('\'') {
        return code
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|e| e.to_string());
    }
    let clean = text.replace('_', "");
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.trim_start_matches('+').to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let radix = if lower.starts_with("0x") {
        Some((16, &body[2..]))
    } else if lower.starts_with("0b") {
        Some((2, &body[2..]))
    } else if lower.starts_with("0o") {
        Some((8, &body[2..]))
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        Some((8, &body[1..]))
    } else if body.bytes().all(|b| b.is_ascii_digit()) && !body.is_empty() {
        Some((10, body.as_str()))
    } else {
        None
    };
    let bad = || format!("bad number syntax: {text:?}");
    if let Some((r, digits)) = radix {
        let v = i64::from_str_radix(digits, r).map_err(|_| bad())?;
        return Ok(Value::Int(if neg { -v } else { v }));
    }
    let f: f64 = body.parse().map_err(|_| bad())?;
    Ok(Value::Float(if neg { -f } else { f }))
}
