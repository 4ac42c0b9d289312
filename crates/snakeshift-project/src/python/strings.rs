//! Python string semantics: literal escapes, `repr`, `%`-formatting and `str.format`.

use super::value::Value;

/// The prefix flags of a string literal (`rb"..."`, `f'...'`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Prefix {
    pub raw: bool,
    pub bytes: bool,
    pub format: bool,
}

/// Splits a `string_start` token (`rb'''`) into its prefix flags.
pub fn prefix(start: &str) -> Prefix {
    let letters = start.trim_end_matches(['\'', '"']).to_ascii_lowercase();
    Prefix {
        raw: letters.contains('r'),
        bytes: letters.contains('b'),
        format: letters.contains('f') || letters.contains('t'),
    }
}

/// What Python's text mode (universal newlines) makes of `\r\n` and lone `\r`: both read
/// as `\n`. CPython's tokenizer does the same to the source, so a literal in a CRLF file holds
/// no carriage returns either.
pub fn universal_newlines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Decodes the escapes of a non-raw literal's content; `None` for escapes snakeshift does not
/// decode (`\N{...}`).
pub fn unescape(raw: &str, bytes: bool) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut value = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value)?);
            }
            'x' => out.push(hex_char(&mut chars, 2)?),
            'u' if !bytes => out.push(hex_char(&mut chars, 4)?),
            'U' if !bytes => out.push(hex_char(&mut chars, 8)?),
            'N' if !bytes => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

fn hex_char(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize) -> Option<char> {
    let mut value = 0u32;
    for _ in 0..n {
        value = value * 16 + chars.next()?.to_digit(16)?;
    }
    char::from_u32(value)
}

/// Python's `repr()` of a string.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a float.
pub fn float_repr(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// Python's `repr()` of a value, when snakeshift can spell it.
pub fn repr(v: &Value) -> Option<String> {
    Some(match v {
        Value::Str(t) => repr_str(&t.s),
        Value::Bytes(t) => format!("b{}", repr_str(&t.s)),
        Value::List(items) => {
            let parts: Option<Vec<String>> =
                items.borrow().iter().map(|i| repr(&i.value)).collect();
            format!("[{}]", parts?.join(", "))
        }
        Value::Tuple(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|i| repr(&i.value)).collect();
            let parts = parts?;
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Value::Dict(entries) => {
            let parts: Option<Vec<String>> = entries
                .borrow()
                .iter()
                .map(|e| Some(format!("{}: {}", repr_str(&e.key), repr(&e.value)?)))
                .collect();
            format!("{{{}}}", parts?.join(", "))
        }
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => v.to_string(),
        _ => return None,
    })
}

/// Python's `str()` of a value, when snakeshift can spell it.
pub fn to_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(t) => Some(t.s.clone()),
        Value::Path(p) => Some(p.clone()),
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => Some(v.to_string()),
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Bytes(_) => repr(v),
        _ => None,
    }
}

/// A `%`-format conversion: flags, width and precision, then the type.
struct Spec {
    zero: bool,
    left: bool,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

fn pad(s: String, spec: &Spec) -> String {
    if s.chars().count() >= spec.width {
        return s;
    }
    let fill = spec.width - s.chars().count();
    if spec.left {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.zero && spec.kind != 's' && spec.kind != 'r' {
        let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

fn convert(v: &Value, spec: &Spec) -> Option<String> {
    let s = match spec.kind {
        's' => {
            let s = to_str(v)?;
            match spec.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            }
        }
        'r' | 'a' => repr(v)?,
        'd' | 'i' | 'u' => match v {
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => i64::from(*b).to_string(),
            Value::Float(x) => (x.trunc() as i64).to_string(),
            _ => return None,
        },
        'f' | 'F' => {
            let x = match v {
                Value::Int(i) => *i as f64,
                Value::Float(x) => *x,
                _ => return None,
            };
            format!("{:.*}", spec.precision.unwrap_or(6), x)
        }
        _ => return None,
    };
    Some(pad(s, spec))
}

/// `template % args`; `None` when a conversion is not supported or the arguments do not fit.
pub fn percent_format(template: &str, args: &Value) -> Option<String> {
    let positional: Vec<Value> = match args {
        Value::Tuple(items) => items.iter().map(|i| i.value.clone()).collect(),
        Value::Dict(_) => Vec::new(),
        v => vec![v.clone()],
    };
    let mut next = 0;
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key: Option<String> = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let mut k = String::new();
            loop {
                match chars.next()? {
                    ')' => break,
                    c => k.push(c),
                }
            }
            key = Some(k);
        }
        let mut spec = Spec {
            zero: false,
            left: false,
            width: 0,
            precision: None,
            kind: 's',
        };
        while let Some(&f) = chars.peek() {
            match f {
                '0' => spec.zero = true,
                '-' => spec.left = true,
                ' ' | '+' | '#' => return None,
                _ => break,
            }
            chars.next();
        }
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            spec.width = spec.width * 10 + d as usize;
            chars.next();
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                p = p * 10 + d as usize;
                chars.next();
            }
            spec.precision = Some(p);
        }
        spec.kind = chars.next()?;
        if spec.kind == '%' {
            out.push('%');
            continue;
        }
        let value = match &key {
            Some(k) => {
                let Value::Dict(entries) = args else {
                    return None;
                };
                entries
                    .borrow()
                    .iter()
                    .find(|e| &e.key == k)
                    .map(|e| e.value.clone())?
            }
            None => {
                let v = positional.get(next)?.clone();
                next += 1;
                v
            }
        };
        out.push_str(&convert(&value, &spec)?);
    }
    if key_free(args) && next != positional.len() {
        return None;
    }
    Some(out)
}

fn key_free(args: &Value) -> bool {
    !matches!(args, Value::Dict(_))
}

/// Looks up a `str.format` field: an index or name, then `.attr`/`[index]` parts.
fn format_field<'v>(
    field: &str,
    auto: &mut usize,
    positional: &'v [Value],
    named: &'v [(String, Value)],
) -> Option<Value> {
    let head_end = field.find(['.', '[']).unwrap_or(field.len());
    let (head, rest) = field.split_at(head_end);
    let mut value = if head.is_empty() {
        let v = positional.get(*auto)?.clone();
        *auto += 1;
        v
    } else if let Ok(i) = head.parse::<usize>() {
        positional.get(i)?.clone()
    } else {
        named.iter().find(|(n, _)| n == head)?.1.clone()
    };
    let mut rest = rest;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            let index = &r[..close];
            value = match &value {
                Value::List(_) | Value::Tuple(_) => {
                    let items = value.items()?;
                    items.get(index.parse::<usize>().ok()?)?.value.clone()
                }
                Value::Dict(entries) => entries
                    .borrow()
                    .iter()
                    .find(|e| e.key == index)?
                    .value
                    .clone(),
                _ => return None,
            };
            rest = &r[close + 1..];
        } else {
            return None;
        }
    }
    Some(value)
}

/// `template.format(*positional, **named)`; `None` for format specs snakeshift does not
/// implement.
pub fn str_format(
    template: &str,
    positional: &[Value],
    named: &[(String, Value)],
) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return None,
            '{' => {
                let mut field = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '{' => return None,
                        c => field.push(c),
                    }
                }
                let (field, spec) = field.split_once(':').unwrap_or((&field, ""));
                let (field, conversion) = field.split_once('!').unwrap_or((field, ""));
                let value = format_field(field, &mut auto, positional, named)?;
                let text = match conversion {
                    "" | "s" => to_str(&value)?,
                    "r" | "a" => repr(&value)?,
                    _ => return None,
                };
                out.push_str(&apply_format_spec(text, &value, spec)?);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// A small subset of the format-spec mini-language: empty, or `[[fill]align][0][width]` for
/// strings and integers.
pub fn apply_format_spec(text: String, value: &Value, spec: &str) -> Option<String> {
    if spec.is_empty() {
        return Some(text);
    }
    let mut chars: Vec<char> = spec.chars().collect();
    let mut fill = ' ';
    let mut align = if matches!(value, Value::Int(_) | Value::Float(_)) {
        '>'
    } else {
        '<'
    };
    if chars.len() >= 2 && matches!(chars[1], '<' | '>' | '^') {
        fill = chars[0];
        align = chars[1];
        chars.drain(..2);
    } else if !chars.is_empty() && matches!(chars[0], '<' | '>' | '^') {
        align = chars[0];
        chars.drain(..1);
    }
    if chars.first() == Some(&'0') {
        fill = '0';
        align = '>';
    }
    let rest: String = chars.into_iter().collect();
    let rest = rest.strip_suffix(['s', 'd']).unwrap_or(&rest);
    let width: usize = if rest.is_empty() {
        0
    } else {
        rest.parse().ok()?
    };
    let len = text.chars().count();
    if len >= width {
        return Some(text);
    }
    let n = width - len;
    let f = |k: usize| fill.to_string().repeat(k);
    Some(match align {
        '<' => format!("{text}{}", f(n)),
        '>' => format!("{}{text}", f(n)),
        _ => format!("{}{text}{}", f(n / 2), f(n - n / 2)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::value::{Entry, Value};

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r"a\nb\t\x41\u00e9\101\\", false).unwrap(),
            "a\nb\tAé\x41\\"
        );
        assert_eq!(unescape(r"keep \d", false).unwrap(), r"keep \d");
        assert_eq!(unescape("line\\\nnext", false).unwrap(), "linenext");
    }

    #[test]
    fn percent() {
        let v = Value::tuple(vec![Value::Int(1), Value::Int(2), Value::str("b1")]);
        assert_eq!(percent_format("%d.%d%s", &v).unwrap(), "1.2b1");
        assert_eq!(percent_format("%02d%%", &Value::Int(5)).unwrap(), "05%");
        let d = Value::dict(vec![Entry {
            key: "v".into(),
            value: Value::str("1.0"),
            sites: vec![],
        }]);
        assert_eq!(
            percent_format("x-%(v)s.tar.gz", &d).unwrap(),
            "x-1.0.tar.gz"
        );
        assert_eq!(percent_format("%s %s", &Value::str("a")), None);
    }

    #[test]
    fn format() {
        let pos = [Value::str("a"), Value::Int(3)];
        let named = [("v".to_owned(), Value::str("1.2"))];
        assert_eq!(
            str_format("{}-{}-{v}-{0!r}-{{x}}", &pos, &named).unwrap(),
            "a-3-1.2-'a'-{x}"
        );
        assert_eq!(str_format("{:>4}", &pos, &named).unwrap(), "   a");
        assert_eq!(str_format("{:.2f}", &pos, &named), None);
    }

    #[test]
    fn reprs() {
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a\nb"), "'a\\nb'");
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(0.25), "0.25");
    }
}
