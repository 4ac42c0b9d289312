//! Closer looks at a file once a rewrite's trigger word is found in it (see
//! `snakeshift_engine::activation`): each says whether the rewrite can match at all, from the
//! token scan alone. They may say yes where the query then finds nothing, never no where it
//! would find something: the fixtures of every rewrite run through them.

use crate::kit::moves::RemovedModule;
use snakeshift_engine::activation::Probe;

/// A trigger word can name a `typing` (or `typing_extensions`) member: it is imported from one
/// of them by name (or `*`), or it follows a name an `import` of one of them binds
/// (`typing.List`, `t.List` in code or in a string annotation).
pub fn names_a_typing_member(p: &Probe<'_>) -> bool {
    const MODULES: [&str; 2] = ["typing", "typing_extensions"];
    let text = p.text();
    // The names `import typing` (or `typing_extensions`) binds, found once, not per hit.
    let bound: Vec<&[u8]> = MODULES.iter().flat_map(|m| p.module_names(m)).collect();
    p.hits().iter().any(|hit| {
        let name = std::str::from_utf8(&text[hit.clone()]).unwrap_or_default();
        follows_one_of(text, hit.start, &bound) || MODULES.iter().any(|m| p.imports_name(m, name))
    })
}

/// The file can use a member of one of `modules` through an import: `from m import member`
/// (or `*`), or `m.member` through a name `import m` binds (for a submodule `a.b`, any
/// `.member` in code, since `a.b` can be reached many ways); for a
/// module that is removed or moved as a whole (guidance for its other members, or a
/// successor), importing it is enough.
pub fn uses_members(p: &Probe<'_>, modules: &[RemovedModule]) -> bool {
    modules.iter().any(|m| {
        let whole = !m.other_members.is_empty() || m.successor.is_some();
        whole && imports_module(p, m.module)
            || m.members
                .iter()
                .any(|member| uses_member(p, m.module, member.name))
    })
}

/// Whether the file can use `module.name` through an import: `from module import name` (or
/// `*`, or `name as x`), or `.name` after a name `import module` binds; for a submodule
/// (`a.b`, reached many ways: `from a import b`) any `.name` in code, with `a` imported.
pub fn uses_member(p: &Probe<'_>, module: &str, name: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    p.imports(top)
        && (p
            .names_from(module)
            .iter()
            .any(|n| *n == name.as_bytes() || *n == b"*")
            || p.imports_renamed(module, name)
            || if module.contains('.') {
                p.has_attribute(name)
            } else {
                let modules = p.module_names(module);
                snakeshift_engine::scan::word_occurrences(p.text(), name.as_bytes())
                    .any(|at| p.in_code(at) && follows_one_of(p.text(), at, &modules))
            })
}

pub use snakeshift_engine::activation::follows_one_of;

/// Whether the file imports `module` itself (`import a.b`, `from a.b import x`) or binds it
/// from its parent package (`from a import b`).
fn imports_module(p: &Probe<'_>, module: &str) -> bool {
    p.imports(module)
        || module
            .rsplit_once('.')
            .is_some_and(|(parent, name)| p.imports_name(parent, name))
}

/// Whether the identifier around a trigger occurrence is an attribute (`x.name`) whose name
/// `wanted` accepts (the trigger `Equals` in `self.assertEquals`).
pub fn is_attribute_named(
    text: &[u8],
    hit: &std::ops::Range<usize>,
    wanted: impl Fn(&[u8]) -> bool,
) -> bool {
    let name = identifier_at(text, hit);
    let start = name.as_ptr() as usize - text.as_ptr() as usize;
    before(text, start).ends_with(b".") && wanted(name)
}

/// The identifier around a trigger occurrence (`assertEquals` for the trigger `Equals`).
pub fn identifier_at<'a>(text: &'a [u8], hit: &std::ops::Range<usize>) -> &'a [u8] {
    let ident = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80;
    let start = text[..hit.start]
        .iter()
        .rposition(|c| !ident(c))
        .map_or(0, |p| p + 1);
    let end = text[hit.start..]
        .iter()
        .position(|c| !ident(c))
        .map_or(text.len(), |n| hit.start + n);
    &text[start..end]
}

/// The bytes before `at`, blanks skipped.
pub fn before(text: &[u8], at: usize) -> &[u8] {
    text[..at].trim_ascii_end()
}

/// The bytes from `at`, blanks skipped.
pub fn after(text: &[u8], at: usize) -> &[u8] {
    text.get(at..).unwrap_or_default().trim_ascii_start()
}

/// Whether `word` occurs as a whole word in `code` (strings and comments included).
pub fn has_word(code: &[u8], word: &str) -> bool {
    snakeshift_engine::scan::word_occurrences(code, word.as_bytes())
        .next()
        .is_some()
}

/// The keyword of a logical line that starts a function or class definition (`"def"`, also
/// for `async def`, or `"class"`), with the rest of the line after it.
pub fn definition(code: &[u8]) -> Option<(&'static str, &[u8])> {
    let code = code
        .strip_prefix(b"async")
        .map_or(code, <[u8]>::trim_ascii_start);
    ["def", "class"]
        .into_iter()
        .find_map(|k| starts_with_word(code, &[k]).then(|| (k, code[k.len()..].trim_ascii_start())))
}

/// Whether a logical line starts with one of `words` (as whole words).
pub fn starts_with_word(code: &[u8], words: &[&str]) -> bool {
    let first = code
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .map_or(code, |n| &code[..n]);
    words.iter().any(|w| first == w.as_bytes())
}

/// The text inside the brackets opening at `open` (to the matching close, or the end of the
/// text), strings not told apart: enough to see whether a call has several arguments.
pub fn call_arguments(text: &[u8], open: usize) -> &[u8] {
    let mut depth = 0usize;
    for (i, c) in text.iter().enumerate().skip(open) {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open + 1..i];
                }
            }
            _ => {}
        }
    }
    &text[(open + 1).min(text.len())..]
}

/// The top-level arguments of the call whose `(` is at `open`, each trimmed (a trailing
/// comma leaves no empty one); `None` where the token scan cannot tell them apart: an
/// f-string among them (its text counts as code) or brackets that do not close.
pub fn call_args<'a>(p: &Probe<'a>, open: usize) -> Option<Vec<&'a [u8]>> {
    let text = p.text();
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, open + 1);
    for (at, c) in text.iter().enumerate().skip(open + 1) {
        if !matches!(
            c,
            b'(' | b'[' | b'{' | b')' | b']' | b'}' | b',' | b'"' | b'\''
        ) || !p.in_code(at)
        {
            continue;
        }
        match c {
            b'"' | b'\'' => return None,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' | b']' | b'}' => {
                let last = text[start..at].trim_ascii();
                if !last.is_empty() {
                    args.push(last);
                }
                return (*c == b')').then_some(args);
            }
            _ if depth == 0 => {
                args.push(text[start..at].trim_ascii());
                start = at + 1;
            }
            _ => {}
        }
    }
    None
}

/// The keyword of an argument (`filter` in `filter="data"`), if it is one.
pub fn keyword_of(arg: &[u8]) -> Option<&[u8]> {
    let end = arg
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
        .unwrap_or(arg.len());
    let rest = arg[end..].trim_ascii_start();
    (end > 0 && rest.starts_with(b"=") && !rest.starts_with(b"==")).then(|| &arg[..end])
}

/// The arguments ([`call_args`]) of every call of a method `name` in code (`x.name(…)`).
pub fn method_calls<'p, 'a>(
    p: &'p Probe<'a>,
    name: &'p str,
) -> impl Iterator<Item = Option<Vec<&'a [u8]>>> + 'p {
    let text = p.text();
    snakeshift_engine::scan::word_occurrences(text, name.as_bytes()).filter_map(move |at| {
        let rest = after(text, at + name.len());
        (p.in_code(at) && before(text, at).ends_with(b".") && rest.starts_with(b"("))
            .then(|| call_args(p, text.len() - rest.len()))
    })
}

/// The distutils rewrites follow imports of `distutils` itself: a file without one (the word
/// in a comment, `numpy.distutils`) has nothing for them.
pub fn imports_distutils(p: &Probe<'_>) -> bool {
    p.imports("distutils")
}
