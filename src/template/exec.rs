//! Tree-walking executor (Go `text/template/exec.go` semantics).

use std::sync::Arc;

/// The largest string a template may build or write (64 MiB): doubling a string in a loop
/// would otherwise exhaust memory long before the step budget ends it.
const MAX_VALUE_BYTES: usize = 64 << 20;

use super::escape::Ctx;
use super::funcs;
use super::parse::{Arg, Branch, BranchKind, Cmd, List, Node, Pipe};
use super::value::{SafeKind, Value};
use super::{Error, File, Host, Kind, Templates, Tmpl};

/// A call's evaluated arguments: Go template calls rarely take more than four, which then
/// need no allocation.
type Args = smallvec::SmallVec<[Value; 4]>;

/// Non-local control flow out of a list.
enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

/// An execution error: a message at a byte offset of a file.
struct Fail {
    file: Option<Arc<File>>,
    pos: usize,
    msg: String,
    /// Already converted (from a nested template/partial).
    located: Option<Error>,
}

type R<T> = Result<T, Fail>;

/// Executes template `name` of `set`.
pub fn execute(
    set: &Templates,
    name: &str,
    data: &Value,
    host: &dyn Host,
) -> Result<String, Error> {
    let Some(t) = set.get(name) else {
        return Err(Error {
            name: name.to_string(),
            line: 0,
            col: 0,
            message: format!("no such template \"{name}\""),
        });
    };
    let mut ex = Exec {
        set,
        host,
        steps: 0,
        depth: 0,
        nesting: 0,
    };
    ex.run(t, data)
        .map(|(out, _)| out)
        .map_err(|f| to_error(f, t))
}

fn to_error(f: Fail, t: &Tmpl) -> Error {
    if let Some(e) = f.located {
        return e;
    }
    let file = f.file.unwrap_or_else(|| t.file.clone());
    file.error(f.pos, f.msg)
}

struct Exec<'a> {
    set: &'a Templates,
    host: &'a dyn Host,
    steps: u64,
    depth: usize,
    nesting: usize,
}

/// Per-template-invocation state: variables, output and escaping context.
struct Frame {
    file: Arc<File>,
    vars: Vec<(String, Value)>,
    out: String,
    esc: Option<Ctx>,
}

impl Frame {
    fn fail(&self, pos: usize, msg: impl Into<String>) -> Fail {
        Fail {
            file: Some(self.file.clone()),
            pos,
            msg: msg.into(),
            located: None,
        }
    }
}

impl<'a> Exec<'a> {
    /// Runs a template in a fresh output stream; returns the output and
    /// an optional `return` value.
    fn run(&mut self, t: &Tmpl, data: &Value) -> R<(String, Option<Value>)> {
        let mut fr = Frame {
            file: t.file.clone(),
            vars: vec![("$".to_string(), data.clone())],
            out: String::new(),
            esc: (t.file.kind == Kind::Html).then(Ctx::default),
        };
        let flow = self.list(&mut fr, &t.body, data)?;
        let ret = match flow {
            Flow::Return(v) => Some(v),
            _ => None,
        };
        Ok((fr.out, ret))
    }

    /// Counts one evaluation against the step budget; the output must stay under
    /// [`MAX_VALUE_BYTES`] too, so a template cannot exhaust memory.
    fn step(&mut self, fr: &Frame, pos: usize) -> R<()> {
        if fr.out.len() > MAX_VALUE_BYTES {
            return Err(fr.fail(pos, "the output grew past 64 MiB"));
        }
        self.steps += 1;
        if self.steps > self.set.limits.max_steps {
            return Err(fr.fail(pos, "execution step budget exceeded"));
        }
        Ok(())
    }

    fn list(&mut self, fr: &mut Frame, list: &List, dot: &Value) -> R<Flow> {
        for node in list {
            let flow = self.node(fr, node, dot)?;
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, fr: &mut Frame, node: &Node, dot: &Value) -> R<Flow> {
        match node {
            Node::Text(s) => {
                match &mut fr.esc {
                    Some(c) => c.feed(s, &mut fr.out),
                    None => fr.out.push_str(s),
                }
                Ok(Flow::Normal)
            }
            Node::Action(pipe) => self.action(fr, pipe, dot),
            Node::Branch(b) => self.branch(fr, b, dot),
            Node::Template { pos, name, pipe } => {
                self.step(fr, *pos)?;
                let data = match pipe {
                    Some(p) => self.pipe(fr, p, dot)?,
                    None => Value::Nil,
                };
                self.call_template(fr, *pos, name, &data)?;
                Ok(Flow::Normal)
            }
            Node::Break(_) => Ok(Flow::Break),
            Node::Continue(_) => Ok(Flow::Continue),
        }
    }

    fn action(&mut self, fr: &mut Frame, pipe: &Pipe, dot: &Value) -> R<Flow> {
        if let Some(v) = self.return_value(fr, pipe, dot)? {
            return Ok(Flow::Return(v));
        }
        let v = self.pipe(fr, pipe, dot)?;
        if pipe.decl.is_empty() {
            self.print(fr, &v);
        }
        Ok(Flow::Normal)
    }

    /// Hugo's `{{ return VALUE }}` in partials.
    fn return_value(&mut self, fr: &mut Frame, pipe: &Pipe, dot: &Value) -> R<Option<Value>> {
        let first = pipe.cmds.first().and_then(|c| c.args.first());
        if !pipe.decl.is_empty() || !matches!(first, Some(Arg::Ident(n)) if n == "return") {
            return Ok(None);
        }
        let cmd = &pipe.cmds[0];
        let rest = Cmd {
            pos: cmd.pos,
            args: cmd.args[1..].to_vec(),
        };
        let mut p = pipe.clone();
        if rest.args.is_empty() {
            p.cmds.remove(0);
        } else {
            p.cmds[0] = rest;
        }
        if p.cmds.is_empty() {
            return Ok(Some(Value::Nil));
        }
        Ok(Some(self.pipe(fr, &p, dot)?))
    }

    fn print(&mut self, fr: &mut Frame, v: &Value) {
        match &mut fr.esc {
            Some(c) => {
                let s = c.escape(v);
                c.after_action();
                fr.out.push_str(&s);
            }
            None => match v {
                Value::Nil => fr.out.push_str("<no value>"),
                _ => fr.out.push_str(&v.to_go_string()),
            },
        }
    }

    fn branch(&mut self, fr: &mut Frame, b: &Branch, dot: &Value) -> R<Flow> {
        self.step(fr, b.pipe.pos)?;
        self.nest(fr, b.pipe.pos)?;
        let mark = fr.vars.len();
        let flow = if b.kind == BranchKind::Range {
            self.range(fr, b, dot)
        } else {
            self.if_with(fr, b, dot)
        };
        fr.vars.truncate(mark);
        self.nesting -= 1;
        flow
    }

    /// Enters one level of native recursion (block or template call).
    fn nest(&mut self, fr: &Frame, pos: usize) -> R<()> {
        self.nesting += 1;
        if self.nesting > self.set.limits.max_nesting {
            self.nesting -= 1;
            return Err(fr.fail(pos, "maximum nesting depth exceeded"));
        }
        Ok(())
    }

    fn if_with(&mut self, fr: &mut Frame, b: &Branch, dot: &Value) -> R<Flow> {
        let v = self.pipe(fr, &b.pipe, dot)?;
        if v.truthy() {
            let new_dot = if b.kind == BranchKind::With { &v } else { dot };
            return self.list(fr, &b.list, new_dot);
        }
        match &b.else_list {
            Some(l) => self.list(fr, l, dot),
            None => Ok(Flow::Normal),
        }
    }

    fn range(&mut self, fr: &mut Frame, b: &Branch, dot: &Value) -> R<Flow> {
        let v = self.pipe_no_decl(fr, &b.pipe, dot)?;
        let items: Vec<(Value, Value)> = match &v {
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, e)| (Value::Int(i as i64), e.clone()))
                .collect(),
            Value::Map(m) => m
                .iter()
                .map(|(k, e)| (Value::from(k.as_str()), e.clone()))
                .collect(),
            Value::Int(n) if b.pipe.decl.len() > 1 => {
                return Err(fr.fail(
                    b.pipe.pos,
                    format!("can't use {n} to iterate over more than one variable"),
                ));
            }
            Value::Int(n) => (0..*n).map(|i| (Value::Int(i), Value::Int(i))).collect(),
            Value::Nil => Vec::new(),
            Value::Object(o) if o.to_list().is_some() => {
                let l = o.to_list().unwrap_or_default();
                l.into_iter()
                    .enumerate()
                    .map(|(i, e)| (Value::Int(i as i64), e))
                    .collect()
            }
            other => {
                return Err(fr.fail(
                    b.pipe.pos,
                    format!("range can't iterate over {}", other.to_go_string()),
                ));
            }
        };
        if items.is_empty() {
            return match &b.else_list {
                Some(l) => self.list(fr, l, dot),
                None => Ok(Flow::Normal),
            };
        }
        for (k, e) in items {
            self.step(fr, b.pipe.pos)?;
            let mark = fr.vars.len();
            match b.pipe.decl.as_slice() {
                [one] => fr.vars.push((one.clone(), e.clone())),
                [a, c] => {
                    fr.vars.push((a.clone(), k));
                    fr.vars.push((c.clone(), e.clone()));
                }
                _ => {}
            }
            let flow = self.list(fr, &b.list, &e)?;
            fr.vars.truncate(mark);
            match flow {
                Flow::Break => break,
                Flow::Return(v) => return Ok(Flow::Return(v)),
                _ => {}
            }
        }
        Ok(Flow::Normal)
    }

    fn call_template(&mut self, fr: &mut Frame, pos: usize, name: &str, data: &Value) -> R<()> {
        let Some(t) = self.set.get(name).cloned() else {
            return Err(fr.fail(pos, format!("template \"{name}\" not defined")));
        };
        self.enter(fr, pos)?;
        let mut sub = Frame {
            file: t.file.clone(),
            vars: vec![("$".to_string(), data.clone())],
            out: std::mem::take(&mut fr.out),
            esc: fr.esc.take(),
        };
        let r = self.list(&mut sub, &t.body, data);
        self.leave();
        fr.out = sub.out;
        fr.esc = sub.esc;
        r.map(|_| ())
    }

    /// Enters a template/partial call (depth and nesting limits).
    fn enter(&mut self, fr: &Frame, pos: usize) -> R<()> {
        self.depth += 1;
        if self.depth > self.set.limits.max_depth {
            self.depth -= 1;
            let max = self.set.limits.max_depth;
            return Err(fr.fail(pos, format!("maximum template call depth ({max}) exceeded")));
        }
        self.nest(fr, pos).inspect_err(|_| self.depth -= 1)
    }

    fn leave(&mut self) {
        self.depth -= 1;
        self.nesting -= 1;
    }

    /// `partial NAME [CONTEXT]`: runs another template in its own stream.
    fn partial(&mut self, fr: &Frame, pos: usize, args: &[Value]) -> R<Value> {
        let name = args
            .first()
            .and_then(Value::as_str)
            .ok_or_else(|| fr.fail(pos, "partial: name must be a string"))?;
        let tname = self.host.partial_template(name);
        let alt = format!("partials/{name}");
        let t = [tname.as_str(), alt.as_str(), name]
            .iter()
            .find_map(|n| self.set.get(n).cloned())
            .ok_or_else(|| fr.fail(pos, format!("partial \"{name}\" not found")))?;
        let data = args.get(1).cloned().unwrap_or(Value::Nil);
        self.enter(fr, pos)?;
        let r = self.run(&t, &data);
        self.leave();
        let (out, ret) = r.map_err(|f| Fail {
            located: Some(to_error(f, &t)),
            file: None,
            pos,
            msg: String::new(),
        })?;
        Ok(match ret {
            Some(v) => v,
            None if t.file.kind == Kind::Html => Value::Safe(SafeKind::Html, out.into()),
            None => Value::from(out),
        })
    }

    fn pipe_no_decl(&mut self, fr: &mut Frame, pipe: &Pipe, dot: &Value) -> R<Value> {
        let mut v = Value::Nil;
        let mut final_: Option<Value> = None;
        for cmd in &pipe.cmds {
            v = self.cmd(fr, cmd, dot, final_.take())?;
            if let Value::String(text) | Value::Safe(_, text) = &v
                && text.len() > MAX_VALUE_BYTES
            {
                return Err(fr.fail(cmd.pos, "a value grew past 64 MiB"));
            }
            final_ = Some(v.clone());
        }
        Ok(v)
    }

    /// Evaluates a pipeline, performing its declarations/assignments.
    fn pipe(&mut self, fr: &mut Frame, pipe: &Pipe, dot: &Value) -> R<Value> {
        let v = self.pipe_no_decl(fr, pipe, dot)?;
        if let Some(name) = pipe.decl.first() {
            if pipe.is_assign {
                match fr.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = v.clone(),
                    None => return Err(fr.fail(pipe.pos, format!("undefined variable: {name}"))),
                }
            } else {
                fr.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn cmd(&mut self, fr: &mut Frame, cmd: &Cmd, dot: &Value, final_: Option<Value>) -> R<Value> {
        self.step(fr, cmd.pos)?;
        let first = &cmd.args[0];
        let rest = &cmd.args[1..];
        match first {
            Arg::Ident(name) => self.call_ident(fr, cmd.pos, name, rest, dot, final_),
            Arg::Field(chain) => {
                let args = self.eval_args(fr, cmd.pos, rest, dot, final_)?;
                self.chain(fr, cmd.pos, dot.clone(), chain, &args)
            }
            Arg::Var(name, chain) if !chain.is_empty() => {
                let args = self.eval_args(fr, cmd.pos, rest, dot, final_)?;
                let base = self.var(fr, cmd.pos, name)?;
                self.chain(fr, cmd.pos, base, chain, &args)
            }
            Arg::Chain(p, chain) if !chain.is_empty() => {
                let args = self.eval_args(fr, cmd.pos, rest, dot, final_)?;
                let base = self.pipe(fr, p, dot)?;
                self.chain(fr, cmd.pos, base, chain, &args)
            }
            _ => {
                if !rest.is_empty() || final_.is_some() {
                    return Err(fr.fail(
                        cmd.pos,
                        format!("can't give argument to non-function {}", describe(first)),
                    ));
                }
                self.arg(fr, cmd.pos, first, dot)
            }
        }
    }

    fn eval_args(
        &mut self,
        fr: &mut Frame,
        pos: usize,
        args: &[Arg],
        dot: &Value,
        final_: Option<Value>,
    ) -> R<Args> {
        let mut out = Args::with_capacity(args.len() + 1);
        for a in args {
            out.push(self.arg(fr, pos, a, dot)?);
        }
        out.extend(final_);
        Ok(out)
    }

    fn var(&self, fr: &Frame, pos: usize, name: &str) -> R<Value> {
        fr.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| fr.fail(pos, format!("undefined variable: {name}")))
    }

    /// Evaluates one operand (a nested function name is called with no args).
    fn arg(&mut self, fr: &mut Frame, pos: usize, a: &Arg, dot: &Value) -> R<Value> {
        match a {
            Arg::Dot => Ok(dot.clone()),
            Arg::Const(v) => Ok(v.clone()),
            Arg::Field(chain) => self.chain(fr, pos, dot.clone(), chain, &[]),
            Arg::Var(name, chain) => {
                let base = self.var(fr, pos, name)?;
                self.chain(fr, pos, base, chain, &[])
            }
            Arg::Chain(p, chain) => {
                let base = self.pipe(fr, p, dot)?;
                self.chain(fr, pos, base, chain, &[])
            }
            Arg::Ident(name) => self.call_ident(fr, pos, name, &[], dot, None),
        }
    }

    /// Walks `.A.B.C`, passing `args` to the last element.
    fn chain(
        &mut self,
        fr: &Frame,
        pos: usize,
        mut v: Value,
        chain: &[String],
        args: &[Value],
    ) -> R<Value> {
        for (i, name) in chain.iter().enumerate() {
            let last = i + 1 == chain.len();
            let a: &[Value] = if last { args } else { &[] };
            v = self.field(fr, pos, &v, name, a)?;
        }
        Ok(v)
    }

    fn field(
        &mut self,
        fr: &Frame,
        pos: usize,
        recv: &Value,
        name: &str,
        args: &[Value],
    ) -> R<Value> {
        match recv {
            Value::Nil => Ok(Value::Nil),
            Value::Map(_) if args.is_empty() => Ok(recv.get_field(name).unwrap_or_default()),
            Value::Object(o) => {
                if args.is_empty()
                    && let Some(v) = o.field(name)
                {
                    return Ok(v);
                }
                match o.method(name, args) {
                    Some(r) => r.map_err(|m| fr.fail(pos, format!("error calling {name}: {m}"))),
                    None => Err(fr.fail(
                        pos,
                        format!("can't evaluate field {name} in type {}", o.type_name()),
                    )),
                }
            }
            Value::Map(_) => Err(fr.fail(pos, format!("{name} is not a method but has arguments"))),
            other => Err(fr.fail(
                pos,
                format!("can't evaluate field {name} in type {}", other.type_name()),
            )),
        }
    }

    fn call_ident(
        &mut self,
        fr: &mut Frame,
        pos: usize,
        name: &str,
        rest: &[Arg],
        dot: &Value,
        final_: Option<Value>,
    ) -> R<Value> {
        if name == "and" || name == "or" {
            return self.and_or(fr, pos, name == "and", rest, dot, final_);
        }
        if name == "try" && rest.len() == 1 && final_.is_none() {
            return Ok(self.try_arg(fr, pos, &rest[0], dot));
        }
        let args = self.eval_args(fr, pos, rest, dot, final_)?;
        self.call_func(fr, pos, name, &args)
    }

    /// Hugo's `try EXPR` (0.141): the expression's value as `.Value`, or its error's
    /// message as `.Err` (nil when it succeeded) instead of failing the template.
    fn try_arg(&mut self, fr: &mut Frame, pos: usize, arg: &Arg, dot: &Value) -> Value {
        let (value, error) = match self.arg(fr, pos, arg, dot) {
            Ok(value) => (value, Value::Nil),
            Err(fail) => {
                let message = match fail.located {
                    Some(located) => located.message,
                    None => fail.msg,
                };
                (Value::Nil, Value::from(message))
            }
        };
        Value::from(super::value::Map::from([
            ("Value".to_string(), value),
            ("Err".to_string(), error),
        ]))
    }

    /// Go's short-circuit `and`/`or`: returns the deciding argument.
    fn and_or(
        &mut self,
        fr: &mut Frame,
        pos: usize,
        is_and: bool,
        rest: &[Arg],
        dot: &Value,
        final_: Option<Value>,
    ) -> R<Value> {
        if rest.is_empty() && final_.is_none() {
            let n = if is_and { "and" } else { "or" };
            return Err(fr.fail(
                pos,
                format!("wrong number of args for {n}: want at least 1 got 0"),
            ));
        }
        let mut v = Value::Nil;
        for a in rest {
            v = self.arg(fr, pos, a, dot)?;
            if v.truthy() != is_and {
                return Ok(v);
            }
        }
        if let Some(f) = final_ {
            v = f;
        }
        Ok(v)
    }

    fn call_func(&mut self, fr: &mut Frame, pos: usize, name: &str, args: &[Value]) -> R<Value> {
        match name {
            "partial" | "partialCached" | "partials.Include" | "partials.IncludeCached" => {
                return self.partial(fr, pos, args);
            }
            "errorf" | "fmt.Errorf" => {
                let msg = super::printf::sprintf_args(args);
                self.host
                    .errorf(&msg)
                    .map_err(|m| fr.fail(pos, format!("error calling errorf: {m}")))?;
                return Ok(Value::from(""));
            }
            "warnf" | "fmt.Warnf" | "warnidf" | "fmt.Warnidf" => {
                let a = if name.ends_with("idf") {
                    args.get(1..).unwrap_or(&[])
                } else {
                    args
                };
                self.host.warnf(&super::printf::sprintf_args(a));
                return Ok(Value::from(""));
            }
            "now" | "time.Now" => return Ok(funcs::time_value(self.host.now_unix())),
            "apply" | "collections.Apply" => return self.apply(fr, pos, args),
            _ => {}
        }
        if let Some(r) = funcs::call(name, args) {
            return r.map_err(|m| fr.fail(pos, format!("error calling {name}: {m}")));
        }
        if let Some(r) = self.host.call(name, args) {
            return r.map_err(|m| fr.fail(pos, format!("error calling {name}: {m}")));
        }
        // `site.Params.x`, `now.Year`: call the head, walk the rest.
        let not_defined = || format!("function \"{name}\" not defined");
        let Some((head, tail)) = name.split_once('.') else {
            return Err(fr.fail(pos, not_defined()));
        };
        let base = self.call_func(fr, pos, head, &[]).map_err(|mut f| {
            if f.msg.ends_with("not defined") {
                f.msg = not_defined();
            }
            f
        })?;
        let chain: Vec<String> = tail.split('.').map(str::to_string).collect();
        self.chain(fr, pos, base, &chain, args)
    }
}

impl Exec<'_> {
    /// Hugo's `apply COLLECTION FUNCTION ARG…`: FUNCTION called once per element of the
    /// slice, each argument `"."` standing for the element; the results as a slice.
    fn apply(&mut self, fr: &mut Frame, pos: usize, args: &[Value]) -> R<Value> {
        let [collection, function, rest @ ..] = args else {
            return Err(fr.fail(
                pos,
                format!(
                    "wrong number of args for apply: want at least 2 got {}",
                    args.len()
                ),
            ));
        };
        let name = function.to_go_string();
        if name == "apply" {
            return Err(fr.fail(
                pos,
                "error calling apply: can't apply myself (no turtles allowed)",
            ));
        }
        let items = match collection {
            Value::List(items) => items.to_vec(),
            Value::Object(o) if o.to_list().is_some() => o.to_list().unwrap_or_default(),
            other => {
                return Err(fr.fail(
                    pos,
                    format!(
                        "error calling apply: can't apply over {}",
                        other.to_go_string()
                    ),
                ));
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let call_args: Vec<Value> = rest
                .iter()
                .map(|a| {
                    if a.as_str() == Some(".") {
                        item.clone()
                    } else {
                        a.clone()
                    }
                })
                .collect();
            out.push(self.call_func(fr, pos, &name, &call_args)?);
        }
        Ok(Value::from(out))
    }
}

fn describe(a: &Arg) -> String {
    match a {
        Arg::Const(v) => v.to_go_string(),
        Arg::Var(n, _) => n.clone(),
        Arg::Dot => ".".into(),
        _ => "operand".into(),
    }
}
