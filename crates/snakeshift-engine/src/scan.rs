//! A fast token scan of Python source: its logical lines and how they nest into statements.
//!
//! Parsing with tree-sitter costs ~100 ns per byte; this scan costs a few. It knows just
//! enough of Python's lexical rules (strings and their prefixes, f-string replacement fields,
//! comments, brackets, backslash continuations, indentation) to cut a file into logical lines
//! and to group them into statements: a header with its body and its `elif` / `else` /
//! `except` / `finally` clauses, decorators with what they decorate. The masked parse
//! ([`crate::mask`]) uses it to hand tree-sitter only the statements a run needs.
//!
//! The scan never fails: on text that is not valid Python it still returns lines, and the
//! parse that follows reports the error.

use std::ops::Range;

/// One logical line: a physical line and its continuations (open brackets, backslashes,
/// multi-line strings). Blank and comment-only lines are not logical lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Start of the first physical line (its indentation included).
    pub start: usize,
    /// First byte of code.
    pub code: usize,
    /// Just past the line's newline (or the end of the text).
    pub end: usize,
    /// Length of the newline that ends it (0 at the end of the text, 1 or 2).
    pub newline: usize,
    /// Indentation width (tabs to the next multiple of 8, as Python counts them).
    pub indent: usize,
    pub kind: Kind,
    /// Ends with `:` at bracket depth 0: its body follows on the next lines.
    pub opens_block: bool,
}

/// What a logical line starts with, as far as statement structure goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `if`, `for`, `while`, `try`, `with`, `def`, `class`, `async …`, `match`: starts a
    /// compound statement when it opens a block (or has an inline body).
    Header,
    /// `elif`, `else`, `except`, `finally`: continues the compound statement before it.
    Clause,
    /// `case` inside a `match`.
    Case,
    /// `@decorator`.
    Decorator,
    /// `import …` or `from … import …`.
    Import,
    /// Anything else.
    Simple,
    /// Starts with a string literal (a docstring when it is a block's first statement).
    Str,
}

/// A statement: logical lines `first..=last`, and for a compound one its clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    pub first: usize,
    pub last: usize,
    pub clauses: Vec<Clause>,
}

/// A clause of a compound statement: its header line and the statements of its body (empty
/// for an inline body such as `if x: return`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub header: usize,
    pub body: Vec<Stmt>,
}

impl Stmt {
    pub fn is_compound(&self) -> bool {
        !self.clauses.is_empty()
    }
}

/// The scanned file.
#[derive(Debug, Default)]
pub struct Scan {
    pub lines: Vec<Line>,
    /// Every comment (`#` to the end of its line), in order.
    pub comments: Vec<Range<usize>>,
    /// Every string literal that is not an f- or t-string (whose replacement fields hold
    /// code), quotes included, in order.
    pub strings: Vec<Range<usize>>,
    /// The module's statements.
    pub body: Vec<Stmt>,
    /// The indentation is not Python's (an indented first statement, an unexpected indent, a
    /// dedent to no enclosing level), or a lone carriage return ends a line: only a parse of
    /// the whole file can say what it means.
    pub irregular: bool,
}

impl Scan {
    pub fn new(text: &str) -> Scan {
        Scan::from_bytes(text.as_bytes())
    }

    /// The scan of bytes that may not be UTF-8 (a BOM is skipped; offsets are the bytes').
    pub fn from_bytes(b: &[u8]) -> Scan {
        let mut comments = Vec::new();
        let mut strings = Vec::new();
        let lines = logical_lines(b, &mut comments, &mut strings);
        let mut next = 0;
        let mut irregular = lines.first().is_some_and(|l| l.indent > 0);
        let body = block(&lines, &mut next, None, &mut irregular);
        irregular |= next < lines.len();
        // A lone carriage return ends a line for Python but not for tree-sitter: only the
        // whole parse reads such a file consistently.
        irregular |= memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
        Scan {
            lines,
            comments,
            strings,
            body,
            irregular,
        }
    }

    /// The logical line holding byte `offset`, if it is inside one.
    pub fn line_at(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|l| l.end <= offset);
        self.lines
            .get(i)
            .filter(|l| l.start <= offset && offset < l.end)
            .map(|_| i)
    }

    /// Whether byte `offset` is code: not in a comment, nor in a string literal other than an
    /// f-string (an f-string counts as code, for the code of its replacement fields).
    pub fn in_code(&self, offset: usize) -> bool {
        let inside = |ranges: &[Range<usize>]| {
            let i = ranges.partition_point(|r| r.end <= offset);
            ranges.get(i).is_some_and(|r| r.start <= offset)
        };
        !inside(&self.comments) && !inside(&self.strings)
    }

    /// The byte range of logical lines `first..=last`.
    pub fn span(&self, first: usize, last: usize) -> Range<usize> {
        self.lines[first].start..self.lines[last].end
    }
}

/// Groups lines `*next..` into the statements of one block: the module (`parent` = None) or
/// the body of a header at indentation `parent`.
fn block(
    lines: &[Line],
    next: &mut usize,
    parent: Option<usize>,
    irregular: &mut bool,
) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    let Some(first) = lines.get(*next) else {
        return stmts;
    };
    if parent.is_some_and(|p| first.indent <= p) {
        return stmts;
    }
    let indent = first.indent;
    while let Some(line) = lines.get(*next) {
        if line.indent < indent || parent.is_some_and(|p| line.indent <= p) {
            break;
        }
        if line.indent > indent {
            // Unexpected indentation: keep it with the statement before, as a parse would
            // fail here anyway.
            *irregular = true;
            *next += 1;
            if let Some(last) = stmts.last_mut() {
                extend_to(last, *next - 1);
            } else {
                stmts.push(Stmt {
                    first: *next - 1,
                    last: *next - 1,
                    clauses: Vec::new(),
                });
            }
            continue;
        }
        stmts.push(statement(lines, next, irregular));
    }
    stmts
}

fn extend_to(stmt: &mut Stmt, last: usize) {
    stmt.last = last;
}

/// One statement starting at `*next` (decorators, a header and its clauses, or a simple line).
fn statement(lines: &[Line], next: &mut usize, irregular: &mut bool) -> Stmt {
    let first = *next;
    let indent = lines[first].indent;
    while lines
        .get(*next)
        .is_some_and(|l| l.kind == Kind::Decorator && l.indent == indent)
    {
        *next += 1;
    }
    let Some(head) = lines.get(*next).filter(|l| l.indent == indent) else {
        // Decorators at the end of the block: a parse error later.
        *irregular = true;
        return Stmt {
            first,
            last: *next - 1,
            clauses: Vec::new(),
        };
    };
    if !(head.opens_block || head.kind == Kind::Header) {
        *next += 1;
        return Stmt {
            first,
            last: *next - 1,
            clauses: Vec::new(),
        };
    }
    let mut clauses = Vec::new();
    loop {
        let header = *next;
        *next += 1;
        let body = if lines[header].opens_block {
            let body = block(lines, next, Some(indent), irregular);
            // A header without its indented block.
            *irregular |= body.is_empty();
            body
        } else {
            Vec::new()
        };
        clauses.push(Clause { header, body });
        match lines.get(*next) {
            Some(l) if l.indent == indent && l.kind == Kind::Clause => continue,
            _ => break,
        }
    }
    Stmt {
        first,
        last: *next - 1,
        clauses,
    }
}

/// What the scanner is inside of.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// Brackets opened in code (or in an f-string replacement field, `field` set, whose own
    /// closing brace ends the field).
    Code { depth: u32, field: bool },
    /// A string literal: its quote byte, whether triple-quoted, whether an f/t-string.
    Str {
        quote: u8,
        triple: bool,
        formatted: bool,
    },
    /// The format spec of a replacement field (`{x:>{width}}`), ended by `}`.
    Spec,
}

fn logical_lines(
    b: &[u8],
    comments: &mut Vec<Range<usize>>,
    strings: &mut Vec<Range<usize>>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut stack = Vec::new();
    let mut i = 0;
    // Skip a BOM; the engine hands decoded text, but be safe.
    if b.starts_with(b"\xEF\xBB\xBF") {
        i = 3;
    }
    while i < b.len() {
        let start = i;
        let mut indent = 0;
        while i < b.len() {
            match b[i] {
                b' ' => indent += 1,
                b'\t' => indent = (indent / 8 + 1) * 8,
                b'\x0c' => indent = 0,
                _ => break,
            }
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        match b[i] {
            b'\n' => {
                i += 1;
                continue;
            }
            b'\r' => {
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                continue;
            }
            b'#' => {
                let end = skip_comment(b, i);
                comments.push(i..end);
                i = end;
                continue;
            }
            b'\\' if is_newline_at(b, i + 1) => {
                // A continuation on an otherwise empty line joins the next one.
                i += 1 + newline_len(b, i + 1);
                continue;
            }
            _ => {}
        }
        let code = i;
        let (end, newline, last_significant) = line_end(b, i, &mut stack, comments, strings);
        let opens_block = last_significant == Some(b':');
        lines.push(Line {
            start,
            code,
            end,
            newline,
            indent,
            kind: kind_of(b, code, opens_block),
            opens_block,
        });
        i = end;
    }
    lines
}

fn is_newline_at(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), Some(b'\n' | b'\r'))
}

fn newline_len(b: &[u8], i: usize) -> usize {
    match (b.get(i), b.get(i + 1)) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (Some(b'\n' | b'\r'), _) => 1,
        _ => 0,
    }
}

/// The end of the comment starting at `i` (the newline is not included).
fn skip_comment(b: &[u8], i: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n)
}

/// Scans one logical line from its first code byte: returns its end (past the newline), the
/// newline's length, and the last significant byte at bracket depth 0 outside strings and
/// comments.
/// `stack` is scratch space, kept across lines so that a line costs no allocation.
fn line_end(
    b: &[u8],
    mut i: usize,
    stack: &mut Vec<Frame>,
    comments: &mut Vec<Range<usize>>,
    strings: &mut Vec<Range<usize>>,
) -> (usize, usize, Option<u8>) {
    stack.clear();
    stack.push(Frame::Code {
        depth: 0,
        field: false,
    });
    let mut last = None;
    // The start of the plain string literal being read, when it is one outside any f-string.
    let mut plain_string: Option<usize> = None;
    while i < b.len() {
        let c = b[i];
        let top = *stack.last().expect("the bottom frame is never popped");
        // Runs of bytes that change nothing but the last significant byte are skipped at once.
        let run = match top {
            Frame::Code { .. } => b[i..].iter().position(|&c| CODE_STOPS[usize::from(c)]),
            Frame::Str {
                quote,
                triple: true,
                formatted: false,
            } => memchr::memchr2(quote, b'\\', &b[i..]),
            Frame::Str {
                quote,
                triple: true,
                formatted: true,
            } => memchr::memchr3(quote, b'\\', b'{', &b[i..]),
            _ => Some(0),
        };
        let skipped = run.unwrap_or(b.len() - i);
        if skipped > 0 {
            if let Frame::Code { depth: 0, .. } = top
                && stack.len() == 1
                && let Some(&c) = b[i..i + skipped]
                    .iter()
                    .rev()
                    .find(|c| !matches!(c, b' ' | b'\t' | b'\x0c'))
            {
                last = Some(c);
            }
            i += skipped;
            continue;
        }
        match top {
            Frame::Code { depth, field } => match c {
                b'\n' | b'\r' => {
                    if depth == 0 && stack.len() == 1 {
                        let n = newline_len(b, i);
                        return (i + n, n, last);
                    }
                    i += newline_len(b, i);
                    continue;
                }
                b'#' => {
                    let end = skip_comment(b, i);
                    comments.push(i..end);
                    i = end;
                    continue;
                }
                b'\\' if is_newline_at(b, i + 1) => {
                    i += 1 + newline_len(b, i + 1);
                    continue;
                }
                b'(' | b'[' | b'{' => set_depth(stack, depth + 1, field),
                b')' | b']' => set_depth(stack, depth.saturating_sub(1), field),
                b'}' => {
                    if field && depth == 0 {
                        stack.pop();
                    } else {
                        set_depth(stack, depth.saturating_sub(1), field);
                    }
                }
                b':' if field && depth == 0 => {
                    // `!=`-free colon at the top of a replacement field starts its format spec.
                    stack.pop();
                    stack.push(Frame::Spec);
                }
                b'\'' | b'"' => {
                    let formatted = string_prefix_is_formatted(b, i);
                    let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                    if stack.len() == 1 && !formatted {
                        plain_string = Some(i);
                    }
                    stack.push(Frame::Str {
                        quote: c,
                        triple,
                        formatted,
                    });
                    i += if triple { 3 } else { 1 };
                    if stack.len() == 2 {
                        last = Some(c);
                    }
                    continue;
                }
                b' ' | b'\t' | b'\x0c' => {}
                _ => {
                    if depth == 0 && stack.len() == 1 {
                        last = Some(c);
                    }
                }
            },
            Frame::Str {
                quote,
                triple,
                formatted,
            } => match c {
                b'\\' => {
                    i += 1 + newline_len(b, i + 1).max(usize::from(i + 1 < b.len()));
                    continue;
                }
                b'\n' | b'\r' if !triple => {
                    // An unterminated single-quoted string: the line ends here.
                    stack.truncate(1);
                    if let Some(start) = plain_string.take() {
                        strings.push(start..i);
                    }
                    continue;
                }
                b'{' if formatted => {
                    if b.get(i + 1) == Some(&b'{') {
                        i += 2;
                        continue;
                    }
                    stack.push(Frame::Code {
                        depth: 0,
                        field: true,
                    });
                }
                _ if c == quote => {
                    let end = if !triple {
                        i + 1
                    } else if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                        i + 3
                    } else {
                        i += 1;
                        continue;
                    };
                    stack.pop();
                    if stack.len() == 1
                        && let Some(start) = plain_string.take()
                    {
                        strings.push(start..end);
                    }
                    i = end;
                    continue;
                }
                _ => {}
            },
            Frame::Spec => match c {
                b'{' => stack.push(Frame::Code {
                    depth: 0,
                    field: true,
                }),
                b'}' => {
                    stack.pop();
                }
                b'\n' | b'\r' => {
                    // Only a triple-quoted string allows this; let the string frame decide.
                    stack.pop();
                    continue;
                }
                _ if matches!(
                    stack.iter().rev().find(|f| matches!(f, Frame::Str { .. })),
                    Some(Frame::Str { quote, triple: false, .. }) if *quote == c
                ) =>
                {
                    // The string ends inside an unfinished spec: unwind to it.
                    stack.pop();
                    continue;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if let Some(start) = plain_string {
        strings.push(start..b.len());
    }
    (b.len(), 0, last)
}

/// The bytes code frames look at one by one: line ends, comments, continuations, brackets,
/// colons and quotes. Any other byte only becomes the last significant one (unless blank).
static CODE_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let special = b"\n\r#\\([{)]}:'\"";
    let mut k = 0;
    while k < special.len() {
        stops[special[k] as usize] = true;
        k += 1;
    }
    stops
};

fn set_depth(stack: &mut [Frame], depth: u32, field: bool) {
    if let Some(top) = stack.last_mut() {
        *top = Frame::Code { depth, field };
    }
}

/// Whether the quote at `i` opens an f-string or t-string (its prefix holds `f` or `t`).
fn string_prefix_is_formatted(b: &[u8], i: usize) -> bool {
    let mut j = i;
    while j > 0 && b[j - 1].is_ascii_alphabetic() && i - j < 2 {
        j -= 1;
    }
    if j > 0 && is_ident_byte(b[j - 1]) {
        return false;
    }
    let prefix = &b[j..i];
    prefix.iter().all(|c| b"rRbBuUfFtT".contains(c)) && prefix.iter().any(|c| b"fFtT".contains(c))
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The first word of the line at `code`; `opens_block` tells the soft keywords `match` and
/// `case` from names (`match = 1`).
fn kind_of(b: &[u8], code: usize, opens_block: bool) -> Kind {
    if b[code] == b'@' {
        return Kind::Decorator;
    }
    if b[code] == b'\'' || b[code] == b'"' {
        return Kind::Str;
    }
    let end = b[code..]
        .iter()
        .position(|&c| !is_ident_byte(c))
        .map_or(b.len(), |n| code + n);
    let word = &b[code..end];
    if matches!(b.get(end), Some(b'\'' | b'"')) && word.len() <= 2 && string_prefix_is_valid(word) {
        return Kind::Str;
    }
    match word {
        b"import" | b"from" => Kind::Import,
        b"elif" | b"else" | b"except" | b"finally" => Kind::Clause,
        b"if" | b"for" | b"while" | b"try" | b"with" | b"def" | b"class" | b"async" => Kind::Header,
        b"match" if opens_block => Kind::Header,
        b"case" if opens_block => Kind::Case,
        _ => Kind::Simple,
    }
}

fn string_prefix_is_valid(word: &[u8]) -> bool {
    !word.is_empty() && word.iter().all(|c| b"rRbBuUfFtT".contains(c))
}

/// The name an import statement binds in the clause holding byte `at` of its text (a
/// trigger word): `c` for `import a.b as c`, `y` for `from m import (x as y, z)` with the word
/// in `x as y`; nothing for a word in the module of a `from` import, or a star import.
pub fn import_names_at(statement: &str, at: usize) -> Vec<&str> {
    // Identifiers, `*` and `,` with their offsets.
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let b = statement.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            i = skip_comment(b, i);
        } else if c == b';' {
            break;
        } else if is_ident_byte(c) {
            let start = i;
            while i < b.len() && is_ident_byte(b[i]) {
                i += 1;
            }
            tokens.push((start, &statement[start..i]));
        } else {
            if matches!(c, b'*' | b',') {
                tokens.push((i, &statement[i..i + 1]));
            }
            i += 1;
        }
    }
    let names_start = match tokens.first() {
        Some((_, "import")) => 1,
        Some((_, "from")) => match tokens.iter().skip(1).position(|t| t.1 == "import") {
            Some(k) => k + 2,
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let mut names = Vec::new();
    for group in tokens[names_start..].split(|t| t.1 == ",") {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let holds_word = first.0 <= at && at < last.0 + last.1.len();
        if !holds_word {
            continue;
        }
        match group {
            [(_, "*")] => {}
            [.., (_, "as"), (_, alias)] => names.push(*alias),
            [(_, first), ..] => names.push(*first),
            [] => {}
        }
    }
    names
}

/// The identifiers of `line` that may be bound there (assigned, defined, imported, loop or
/// `as` targets, declared `global`…), as byte ranges, judged from the line's tokens. It errs
/// towards yes; identifiers inside strings and comments are never bound.
pub fn bound_identifiers(text: &str, line: &Line) -> Vec<Range<usize>> {
    let tokens = tokens(&text.as_bytes()[..line.end], line.code);
    let mut bound = Vec::new();
    for stmt in tokens.split(|t| t.kind == Tok::Semicolon) {
        let targets = targets(text, stmt);
        for (k, t) in stmt.iter().enumerate() {
            let binds = t.kind == Tok::Ident
                && (k > 0
                    && stmt[k - 1].kind == Tok::Ident
                    && &text[stmt[k - 1].start..stmt[k - 1].end] == "as"
                    || stmt.get(k + 1).is_some_and(|t| t.kind == Tok::Walrus)
                    || targets.contains(&k));
            if binds {
                bound.push(t.start..t.end);
            }
        }
    }
    bound
}

/// The tokens of one statement that its form binds (besides `as` and `:=` targets): the
/// name of a `def`/`class`, every name of `global`/`import`/`del`/`case`, the targets of a
/// `for`, of an assignment and of an annotation. Computed once per statement, so that a huge
/// statement (a generated table) costs linear time.
fn targets(text: &str, stmt: &[Token]) -> Range<usize> {
    let word = |t: &Token| &text[t.start..t.end];
    let lead = usize::from(stmt.first().is_some_and(|t| word(t) == "async"));
    match stmt.get(lead).map(word) {
        Some("def" | "class") => return lead + 1..lead + 2,
        Some("global" | "nonlocal" | "del" | "import" | "from" | "case") => return 0..stmt.len(),
        Some("for") => {
            let end = stmt
                .iter()
                .position(|t| t.depth == 0 && word(t) == "in")
                .unwrap_or(stmt.len());
            return 0..end;
        }
        Some(
            "if" | "elif" | "else" | "while" | "with" | "try" | "except" | "finally" | "return"
            | "match" | "assert" | "raise" | "yield" | "lambda" | "pass" | "break" | "continue",
        ) => return 0..0,
        _ => {}
    }
    let top = |kind: Tok| stmt.iter().position(|t| t.depth == 0 && t.kind == kind);
    match (top(Tok::Colon), top(Tok::Assign)) {
        // `x: T = v`: the target is before the annotation.
        (Some(colon), assign) if assign.is_none_or(|a| colon < a) => 0..colon,
        (_, Some(_)) => {
            0..stmt
                .iter()
                .rposition(|t| t.depth == 0 && t.kind == Tok::Assign)
                .unwrap_or(0)
        }
        _ => 0..0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Ident,
    /// `=` or an augmented assignment (`+=`…).
    Assign,
    Walrus,
    Colon,
    Semicolon,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
    /// Bracket depth (replacement fields of f-strings count as brackets).
    depth: u32,
}

/// The code tokens of a logical line from `i` to the end of `b`: strings and comments are
/// skipped (but the code in f-string replacement fields is not).
fn tokens(b: &[u8], mut i: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = vec![Frame::Code {
        depth: 0,
        field: false,
    }];
    let depth_of = |stack: &[Frame]| -> u32 {
        stack
            .iter()
            .map(|f| match f {
                Frame::Code { depth, field } => depth + u32::from(*field),
                _ => 1,
            })
            .sum()
    };
    while i < b.len() {
        let c = b[i];
        let top = *stack.last().expect("the bottom frame is never popped");
        let start = i;
        match top {
            Frame::Code { depth, field } => {
                let kind = match c {
                    b'#' => {
                        i = skip_comment(b, i);
                        continue;
                    }
                    b'\'' | b'"' => {
                        let formatted = string_prefix_is_formatted(b, i);
                        let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                        stack.push(Frame::Str {
                            quote: c,
                            triple,
                            formatted,
                        });
                        i += if triple { 3 } else { 1 };
                        continue;
                    }
                    b'(' | b'[' | b'{' => {
                        set_depth(&mut stack, depth + 1, field);
                        Tok::Other
                    }
                    b')' | b']' => {
                        set_depth(&mut stack, depth.saturating_sub(1), field);
                        Tok::Other
                    }
                    b'}' => {
                        if field && depth == 0 {
                            stack.pop();
                        } else {
                            set_depth(&mut stack, depth.saturating_sub(1), field);
                        }
                        Tok::Other
                    }
                    b':' if b.get(i + 1) == Some(&b'=') => {
                        i += 1;
                        Tok::Walrus
                    }
                    b':' if field && depth == 0 => {
                        stack.pop();
                        stack.push(Frame::Spec);
                        Tok::Other
                    }
                    b':' => Tok::Colon,
                    b';' => Tok::Semicolon,
                    b'=' if b.get(i + 1) == Some(&b'=') => {
                        i += 1;
                        Tok::Other
                    }
                    b'=' => Tok::Assign,
                    b'!' | b'<' | b'>' if b.get(i + 1) == Some(&b'=') => {
                        i += 1;
                        Tok::Other
                    }
                    b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@' | b'<' | b'>' => {
                        while i + 1 < b.len() && b"*/<>".contains(&b[i + 1]) && b[i + 1] == c {
                            i += 1;
                        }
                        if b.get(i + 1) == Some(&b'=') {
                            i += 1;
                            Tok::Assign
                        } else {
                            Tok::Other
                        }
                    }
                    _ if is_ident_byte(c) => {
                        while i + 1 < b.len() && is_ident_byte(b[i + 1]) {
                            i += 1;
                        }
                        // A string prefix belongs to the string.
                        if matches!(b.get(i + 1), Some(b'\'' | b'"'))
                            && i + 1 - start <= 2
                            && string_prefix_is_valid(&b[start..=i])
                        {
                            i += 1;
                            continue;
                        }
                        Tok::Ident
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                i += 1;
                out.push(Token {
                    kind,
                    start,
                    end: i,
                    depth: depth_of(&stack),
                });
            }
            Frame::Str {
                quote,
                triple,
                formatted,
            } => {
                match c {
                    b'\\' => i += 1,
                    b'{' if formatted => {
                        if b.get(i + 1) == Some(&b'{') {
                            i += 1;
                        } else {
                            stack.push(Frame::Code {
                                depth: 0,
                                field: true,
                            });
                        }
                    }
                    _ if c == quote => {
                        if !triple {
                            stack.pop();
                        } else if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                            stack.pop();
                            i += 2;
                        }
                    }
                    b'\n' | b'\r' if !triple => {
                        stack.truncate(1);
                    }
                    _ => {}
                }
                i += 1;
            }
            Frame::Spec => {
                match c {
                    b'{' => stack.push(Frame::Code {
                        depth: 0,
                        field: true,
                    }),
                    b'}' => {
                        stack.pop();
                    }
                    _ if c == b'\'' || c == b'"' => {
                        stack.pop();
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        }
    }
    out
}

/// Every whole-word occurrence of `word` (an identifier) in `text`.
pub fn word_occurrences<'a>(text: &'a [u8], word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(text, word).filter(move |&at| {
        let before = at.checked_sub(1).map(|i| text[i]);
        let after = text.get(at + word.len()).copied();
        !before.is_some_and(is_ident_byte) && !after.is_some_and(is_ident_byte)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(&str, Kind, bool)> {
        Scan::new(text)
            .lines
            .iter()
            .map(|l| (text[l.code..l.end].trim_end(), l.kind, l.opens_block))
            .collect()
    }

    #[test]
    fn cuts_logical_lines() {
        let text = "import os\n\n# comment\nx = (1,\n     2)  # c\ny = 'a:'\nif x:\n    pass\n";
        assert_eq!(
            lines(text),
            vec![
                ("import os", Kind::Import, false),
                ("x = (1,\n     2)  # c", Kind::Simple, false),
                ("y = 'a:'", Kind::Simple, false),
                ("if x:", Kind::Header, true),
                ("pass", Kind::Simple, false),
            ]
        );
    }

    #[test]
    fn strings_hide_brackets_comments_and_newlines() {
        let text = "a = '''(\n# not a comment\n'''\nb = \"#\" + ')'\nc = r'\\'\nd = 1\n";
        let l = lines(text);
        assert_eq!(l.len(), 4);
        assert_eq!(l[3].0, "d = 1");
    }

    #[test]
    fn f_strings_nest_quotes_and_fields() {
        let text = "x = f\"{d[\"k\"]:>{w}} {{ }}\"\ny = f'{a!r}' if b else t'{c}'\nz = 2\n";
        let l = lines(text);
        assert_eq!(l.len(), 3, "{l:?}");
        assert_eq!(l[2].0, "z = 2");
        let text = "s = f'''{\n  x  # comment\n}'''\nz = 2\n";
        assert_eq!(lines(text).len(), 2);
    }

    #[test]
    fn continuations_crlf_and_tabs() {
        let text = "x = 1 + \\\r\n    2\r\nif a:\r\n\tb = 3\r\n";
        let scan = Scan::new(text);
        assert_eq!(scan.lines.len(), 3);
        assert_eq!(scan.lines[0].newline, 2);
        assert_eq!(scan.lines[2].indent, 8);
        assert_eq!(scan.body.len(), 2);
    }

    #[test]
    fn groups_statements_with_clauses_and_decorators() {
        let text = "\
@dec
@dec2(x)
def f():
    if a:
        pass
    elif b: pass
    else:
        try:
            x
        except E:
            y
        finally:
            z
    return 1
x = 2
";
        let scan = Scan::new(text);
        assert_eq!(scan.body.len(), 2);
        let f = &scan.body[0];
        assert_eq!((f.first, f.clauses[0].header), (0, 2));
        let body = &f.clauses[0].body;
        assert_eq!(body.len(), 2);
        assert_eq!(body[0].clauses.len(), 3);
        assert!(body[0].clauses[1].body.is_empty());
        let try_stmt = &body[0].clauses[2].body[0];
        assert_eq!(try_stmt.clauses.len(), 3);
        assert_eq!(scan.lines[body[1].first].code, text.find("return").unwrap());
    }

    #[test]
    fn soft_keywords() {
        let text = "match = 1\nmatch x:\n    case [a]:\n        pass\n    case _:\n        pass\ncase(1)\n";
        let k: Vec<Kind> = Scan::new(text).lines.iter().map(|l| l.kind).collect();
        assert_eq!(
            k,
            vec![
                Kind::Simple,
                Kind::Header,
                Kind::Case,
                Kind::Simple,
                Kind::Case,
                Kind::Simple,
                Kind::Simple
            ]
        );
        assert_eq!(Scan::new(text).body.len(), 3);
    }

    #[test]
    fn docstrings_and_prefixed_strings() {
        assert_eq!(lines("'''doc'''\n")[0].1, Kind::Str);
        assert_eq!(lines("rb'x'\n")[0].1, Kind::Str);
        assert_eq!(lines("rx = 1\n")[0].1, Kind::Simple);
    }

    #[test]
    fn names_bound_by_imports() {
        let plain = "import a.b as c, d.e  # x";
        assert_eq!(
            import_names_at(plain, plain.find("d.e").unwrap()),
            vec!["d"]
        );
        let from = "from .m import (\n    x as y,  # c\n    z,\n)";
        assert!(import_names_at(from, 6).is_empty());
        assert_eq!(import_names_at(from, from.find('x').unwrap()), vec!["y"]);
        assert_eq!(import_names_at("from . import x; y = 1", 14), vec!["x"]);
        assert!(import_names_at("from m import *", 5).is_empty());
    }

    /// For each occurrence of `name`, whether it may be bound there.
    fn binds(text: &str, name: &str) -> Vec<bool> {
        let scan = Scan::new(text);
        word_occurrences(text.as_bytes(), name.as_bytes())
            .map(|at| {
                let line = &scan.lines[scan.line_at(at).unwrap()];
                bound_identifiers(text, line).iter().any(|r| r.start == at)
            })
            .collect()
    }

    #[test]
    fn binding_positions() {
        let yes = [
            "x = 1",
            "a, x = f()",
            "x: int = 1",
            "x += 1",
            "y = x = 2",
            "def x(a): pass",
            "class x: pass",
            "for i, x in y: pass",
            "with f() as x: pass",
            "if (x := f()): pass",
            "global x",
            "import a as x",
            "case Point(x=x): pass",
            "a = 1; x = 2",
            "x[0] = 1",
            "type x = int",
        ];
        for line in yes {
            let found = binds(&format!("{line}\n"), "x");
            assert!(found.iter().any(|b| *b), "{line}: {found:?}");
        }
        let no = [
            "print(x)",
            "y = x",
            "y = f(x=1)",
            "if x == 1: pass",
            "def f(a=x): pass",
            "s = 'x = 1'  # x = 2",
            "y = f'{x}'",
            "return x",
            "y: x = 1",
            "z = [x for a in b]",
            "y = lambda a: x",
            "x.attr",
        ];
        for line in no {
            let found = binds(&format!("{line}\n"), "x");
            assert!(found.iter().all(|b| !*b), "{line}: {found:?}");
        }
    }

    #[test]
    fn line_lookup_and_words() {
        let text = "import a\n\nb = a.c(ab)\n";
        let scan = Scan::new(text);
        assert_eq!(scan.line_at(text.find("a.c").unwrap()), Some(1));
        assert_eq!(scan.line_at(9), None);
        let found: Vec<usize> = word_occurrences(text.as_bytes(), b"a").collect();
        assert_eq!(found, vec![7, 14]);
    }
}
