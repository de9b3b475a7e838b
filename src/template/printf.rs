//! Go `fmt` formatting: `Sprintf` verbs, `Sprint` and `Sprintln`.

use super::value::{Value, format_float_g};
use std::str::Chars;

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Value| v.as_str().is_some();
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&a.to_go_string());
    }
    out
}

/// Go's `fmt.Sprintln`: always spaces, trailing newline.
pub fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(Value::to_go_string).collect();
    format!("{}\n", parts.join(" "))
}

/// `printf`-style call: the first argument is the format.
pub fn sprintf_args(args: &[Value]) -> String {
    match args.split_first() {
        Some((f, rest)) => match f.as_str() {
            Some(format) => sprintf(format, rest),
            None => sprintf(&f.to_go_string(), rest),
        },
        None => String::new(),
    }
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Go's `fmt.Sprintf` for the verbs `v s d q f F e E g G t x X o b c U %`. The text between
/// directives is copied whole.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 16 * args.len());
    let mut state = Directives {
        args,
        next: 0,
        reordered: false,
    };
    let mut rest = format;
    while let Some(percent) = rest.find('%') {
        out.push_str(&rest[..percent]);
        let mut chars = rest[percent + 1..].chars();
        let more = state.directive(&mut chars, &mut out);
        rest = chars.as_str();
        if !more {
            break;
        }
    }
    out.push_str(rest);
    if !state.reordered && state.next < args.len() {
        let extra: Vec<String> = args[state.next..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), a.to_go_string()))
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

/// Where [`sprintf`] is in its arguments.
struct Directives<'a> {
    args: &'a [Value],
    /// The argument the next verb takes.
    next: usize,
    /// After an explicit index (`%[2]s`), Go does not report unused arguments.
    reordered: bool,
}

impl Directives<'_> {
    /// Formats the directive after a `%` (`chars` starts after it) into `out`; false when
    /// the format ends before its verb.
    fn directive(&mut self, chars: &mut Chars<'_>, out: &mut String) -> bool {
        let mut spec = Spec::default();
        while let Some(f) = peek(chars) {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        let mut bad_index = !self.arg_index(chars);
        spec.width = read_num(chars);
        if peek(chars) == Some('.') {
            chars.next();
            spec.prec = Some(read_num(chars).unwrap_or(0));
        }
        bad_index |= !self.arg_index(chars);
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            return false;
        };
        if verb == '%' {
            out.push('%');
            return true;
        }
        if bad_index {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            return true;
        }
        let Some(arg) = self.args.get(self.next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            return true;
        };
        self.next += 1;
        let s = format_one(verb, &spec, arg);
        pad_into(out, &s, &spec, Fill::of(verb, &spec, arg));
        true
    }

    /// Reads Go's explicit argument index (`[n]`, 1-based) if one is next, pointing `next`
    /// at it; false when the index is malformed or out of range.
    fn arg_index(&mut self, chars: &mut Chars<'_>) -> bool {
        if peek(chars) != Some('[') {
            return true;
        }
        chars.next();
        self.reordered = true;
        let n = read_num(chars);
        if chars.next() != Some(']') {
            return false;
        }
        match n {
            Some(n) if n >= 1 && n <= self.args.len() => {
                self.next = n - 1;
                true
            }
            _ => false,
        }
    }
}

/// The character `chars` gives next, without taking it.
fn peek(chars: &Chars<'_>) -> Option<char> {
    chars.clone().next()
}

fn read_num(chars: &mut Chars<'_>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = peek(chars).and_then(|c| c.to_digit(10)) {
        n = Some(
            n.unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize)
                .min(10_000),
        );
        chars.next();
    }
    n
}

/// What fills a directive's text to its width on the left when the `0` flag is given.
#[derive(Clone, Copy, PartialEq)]
enum Fill {
    /// Spaces: no `0` flag, or an integer with a precision (Go's `fmtInteger` ignores the
    /// flag then).
    Spaces,
    /// Zeros before the whole text (Go's `padString`: `%05s` of `-a` is `000-a`).
    Zeros,
    /// Zeros after the sign (`-`, `+` or the space flag's space) of a number.
    ZerosAfterSign,
}

impl Fill {
    /// The fill Go's `fmt` uses for `verb` with `spec` on `arg`.
    fn of(verb: char, spec: &Spec, arg: &Value) -> Fill {
        let numeric_verb = matches!(
            verb,
            'v' | 'd' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' | 'b'
        );
        match arg {
            _ if !spec.zero || spec.minus => Fill::Spaces,
            Value::Int(_) if numeric_verb && spec.prec.is_some() => Fill::Spaces,
            Value::Int(_) | Value::Float(_) if numeric_verb => Fill::ZerosAfterSign,
            _ => Fill::Zeros,
        }
    }
}

/// Appends `s` to `out`, padded to the width: spaces on the right for the `-` flag, else
/// on the left as `fill` says.
fn pad_into(out: &mut String, s: &str, spec: &Spec, fill: Fill) {
    let count = spec
        .width
        .map_or(0, |w| w.saturating_sub(s.chars().count()));
    if count == 0 {
        out.push_str(s);
    } else if spec.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', count));
    } else if fill == Fill::Spaces {
        out.extend(std::iter::repeat_n(' ', count));
        out.push_str(s);
    } else {
        let signed = fill == Fill::ZerosAfterSign && s.starts_with(['-', '+', ' ']);
        let (sign, digits) = if signed { s.split_at(1) } else { ("", s) };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', count));
        out.push_str(digits);
    }
}

fn bad(verb: char, v: &Value) -> String {
    let tn = match v {
        Value::Nil => return format!("%!{verb}(<nil>)"),
        _ => v.type_name(),
    };
    format!("%!{verb}({tn}={})", v.to_go_string())
}

fn format_one(verb: char, spec: &Spec, v: &Value) -> String {
    // Go applies the verb to each element of a slice.
    if let Value::List(l) = v
        && !matches!(verb, 'v' | 'T' | 's')
    {
        return list_fmt(l, |e| format_one(verb, spec, e));
    }
    match verb {
        'v' => format_v(spec, v),
        'T' => v.type_name().replace("nil", "<nil>"),
        's' => match v {
            Value::String(s) | Value::Safe(_, s) => truncate_prec(s, spec.prec),
            Value::List(_) | Value::Map(_) | Value::Object(_) => v.to_go_string(),
            _ => bad(verb, v),
        },
        'q' => match v {
            Value::String(s) | Value::Safe(_, s) => go_quote(&truncate_prec(s, spec.prec)),
            Value::Int(i) => format!("'{}'", char::from_u32(*i as u32).unwrap_or('\u{fffd}')),
            _ => bad(verb, v),
        },
        'd' => match v {
            Value::Int(i) => integer(spec, *i),
            Value::List(l) => list_fmt(l, |e| format_one('d', spec, e)),
            _ => bad(verb, v),
        },
        'f' | 'F' | 'e' | 'E' | 'g' | 'G' => match v {
            Value::Float(x) => sign(
                spec,
                *x >= 0.0 || x.is_nan(),
                float_fmt(verb, spec.prec, *x),
            ),
            _ => bad(verb, v),
        },
        't' => match v {
            Value::Bool(b) => b.to_string(),
            _ => bad(verb, v),
        },
        'x' | 'X' => hex(verb, spec, v),
        'o' => match v {
            Value::Int(i) => format!("{}{:o}", if *i < 0 { "-" } else { "" }, i.unsigned_abs()),
            _ => bad(verb, v),
        },
        'b' => match v {
            Value::Int(i) => format!("{}{:b}", if *i < 0 { "-" } else { "" }, i.unsigned_abs()),
            _ => bad(verb, v),
        },
        'c' => match v {
            Value::Int(i) => char::from_u32(*i as u32).unwrap_or('\u{fffd}').to_string(),
            _ => bad(verb, v),
        },
        'U' => match v {
            // `%#U` adds the character, quoted: `U+0041 'A'`.
            Value::Int(i) => match char::from_u32(*i as u32) {
                Some(c) if spec.sharp && (c == ' ' || !(c.is_control() || c.is_whitespace())) => {
                    format!("U+{i:04X} '{c}'")
                }
                _ => format!("U+{i:04X}"),
            },
            _ => bad(verb, v),
        },
        _ => bad(verb, v),
    }
}

fn format_v(spec: &Spec, v: &Value) -> String {
    match v {
        Value::Int(i) => integer(spec, *i),
        Value::Float(x) => match spec.prec {
            Some(_) => float_fmt('g', spec.prec, *x),
            None => sign(spec, *x >= 0.0, format_float_g(*x)),
        },
        Value::String(s) | Value::Safe(_, s) => truncate_prec(s, spec.prec),
        _ => v.to_go_string(),
    }
}

fn list_fmt(l: &[Value], f: impl Fn(&Value) -> String) -> String {
    let parts: Vec<String> = l.iter().map(f).collect();
    format!("[{}]", parts.join(" "))
}

/// A decimal integer as Go's `fmtInteger` writes it: at least the precision's digits, and
/// nothing at all for a zero with precision 0 (`%.0d`).
fn integer(spec: &Spec, i: i64) -> String {
    if spec.prec == Some(0) && i == 0 {
        return String::new();
    }
    let digits = i.unsigned_abs().to_string();
    let zeros = spec.prec.unwrap_or(0).saturating_sub(digits.len());
    let digits = "0".repeat(zeros) + &digits;
    if i < 0 {
        format!("-{digits}")
    } else {
        sign(spec, true, digits)
    }
}

fn sign(spec: &Spec, nonneg: bool, s: String) -> String {
    if nonneg && spec.plus {
        format!("+{s}")
    } else if nonneg && spec.space {
        format!(" {s}")
    } else {
        s
    }
}

fn truncate_prec(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    }
}

fn hex(verb: char, spec: &Spec, v: &Value) -> String {
    let s = match v {
        Value::Int(i) => {
            let h = format!("{:x}", i.unsigned_abs());
            let pre = if spec.sharp { "0x" } else { "" };
            format!("{}{pre}{h}", if *i < 0 { "-" } else { "" })
        }
        Value::String(s) | Value::Safe(_, s) => {
            // The space flag puts a space between the bytes (`% x`).
            let gap = if spec.space { " " } else { "" };
            let bytes: Vec<String> = s.bytes().map(|b| format!("{b:02x}")).collect();
            bytes.join(gap)
        }
        Value::Float(_) => return bad(verb, v),
        _ => return bad(verb, v),
    };
    if verb == 'X' { s.to_uppercase() } else { s }
}

/// `%e`/`%f`/`%g` with Go's defaults (precision 6 for e/f; shortest for g).
pub fn float_fmt(verb: char, prec: Option<usize>, x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    match verb {
        'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), x),
        'e' | 'E' => {
            let s = exp_fmt(x, prec.unwrap_or(6));
            if verb == 'E' { s.to_uppercase() } else { s }
        }
        'G' => g_fmt(x, prec).to_uppercase(),
        _ => g_fmt(x, prec),
    }
}

/// Go-style exponent: at least two exponent digits with a sign.
fn exp_fmt(x: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

fn g_fmt(x: f64, prec: Option<usize>) -> String {
    let Some(p) = prec else {
        return format_float_g(x);
    };
    let p = p.max(1);
    if x == 0.0 {
        return "0".into();
    }
    let exp = format!("{:.*e}", p - 1, x);
    let e: i32 = exp
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    if e < -4 || e >= p as i32 {
        let s = exp_fmt(x, p - 1);
        let (m, ex) = s.split_once('e').unwrap_or((&s, ""));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        return format!("{m}e{ex}");
    }
    let decimals = (p as i32 - 1 - e).max(0) as usize;
    let s = format!("{:.*}", decimals, x);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
