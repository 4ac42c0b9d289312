use std::ops::Range;
use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::{ancestry_names, defines_in_lineage, method_class, module_classes};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # unittest-aliases
    ///
    /// ## What it does
    /// Renames the `unittest.TestCase` method aliases removed in Python 3.12 to their real
    /// names, wherever they are reached through a test class: `self.assertEquals(...)` inside
    /// a `TestCase` subclass, `cls.…` in its class methods, `MyTest.assertEquals`,
    /// `unittest.TestCase.assertEquals`.
    ///
    /// | alias | becomes |
    /// | --- | --- |
    /// | `failUnless`, `assert_` | `assertTrue` |
    /// | `failIf` | `assertFalse` |
    /// | `failUnlessEqual`, `assertEquals` | `assertEqual` |
    /// | `failIfEqual`, `assertNotEquals` | `assertNotEqual` |
    /// | `failUnlessAlmostEqual`, `assertAlmostEquals` | `assertAlmostEqual` |
    /// | `failIfAlmostEqual`, `assertNotAlmostEquals` | `assertNotAlmostEqual` |
    /// | `failUnlessRaises` | `assertRaises` |
    /// | `assertRaisesRegexp` | `assertRaisesRegex` |
    /// | `assertRegexpMatches` | `assertRegex` |
    /// | `assertNotRegexpMatches` | `assertNotRegex` |
    /// | `assertItemsEqual` (Python 2) | `assertCountEqual` |
    /// | `assertDictContainsSubset(subset, d)` | `assertLessEqual(subset.items(), d.items())` (unsafe: only the failure message differs) |
    ///
    /// `getattr(self, "assertEquals")` is renamed the same way. A class without bases that a
    /// test class of the file derives from (a mixin) gets the rename as an unsafe fix, so that
    /// the test class is not half-migrated.
    ///
    /// A class that defines a method of the alias's name itself (or inherits one from a class
    /// of the same file) keeps it.
    ///
    /// ## Why
    /// The aliases were deprecated since Python 3.1–3.5 and removed in 3.12 (also from
    /// `IsolatedAsyncioTestCase` and doctest's `DocTestCase`): old test suites fail with
    /// `AttributeError`.
    ///
    /// ## Example
    /// ```python
    /// class T(unittest.TestCase):
    ///     def test(self):
    ///         self.assertEquals(f(), 1)
    /// ```
    /// becomes
    /// ```python
    /// class T(unittest.TestCase):
    ///     def test(self):
    ///         self.assertEqual(f(), 1)
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the class derives from a class whose name ends in `TestCase` (directly or
    /// through classes of the same file), or the file imports `unittest`: the aliases were the
    /// same methods under another name. When the class's bases come from elsewhere and the
    /// file does not import `unittest`, the fix is unsafe: the base might define the name.
    UnittestAliases {
        id: "unittest-aliases",
        group: "unittest",
        summary: "self.assertEquals/failUnless/assert_/assertRaisesRegexp/assertRegexpMatches/... -> assertEqual/assertTrue/...",
        query: include_str!("query.scm"),
        triggers: &[
            "failUnless", "assert_", "failIf", "Equals", "Regexp", "assertItemsEqual",
            "assertDictContainsSubset",
        ],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("unittest", r#"`self.assertEquals`, `failUnless`, `assert_`, `assertRaisesRegexp`, `assertRegexpMatches`, … (and `assertItemsEqual`) → `assertEqual`, `assertTrue`, `assertRaisesRegex`, `assertRegex`, `assertCountEqual` in `TestCase` subclasses (not where the class defines the name), also `getattr(self, "assertEquals")`, and in a base-less mixin of a test class of the module (unsafe); `assertDictContainsSubset(subset, d)` → `assertLessEqual(subset.items(), d.items())`"#, "safe (unsafe when the class's bases are unknown, for `assertItemsEqual` and `assertDictContainsSubset`, whose failure message changes)"),
        reads_strings: true,
        activate: uses_an_alias,
        removed_apis: &[&METHODS],
    }
}

/// Whether an alias is used as an attribute (`self.assertEquals`), or named in a string on a
/// line calling `getattr` (`getattr(self, "assertEquals")`).
fn uses_an_alias(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    let alias = |name: &[u8]| {
        METHODS[0]
            .members
            .iter()
            .any(|m| m.short_name().as_bytes() == name)
    };
    p.hit_lines().any(|(h, line)| {
        if p.in_code(h.start) {
            crate::kit::activation::is_attribute_named(p.text(), &h, alias)
                && may_be_a_test_receiver(p, &h)
        } else {
            crate::kit::activation::has_word(line, "getattr")
                && alias(crate::kit::activation::identifier_at(p.text(), &h))
        }
    })
}

/// Whether the object of the attribute around a trigger occurrence can stand for a test
/// class (see `receiver_class`): a dotted name or anything but a plain name is left to the
/// query; a plain name counts when an import binds it (`TestCase`), a class of that name is
/// defined, or it is the first parameter of a function (`self`, `cls`, or any other name).
fn may_be_a_test_receiver(p: &snakeshift_engine::activation::Probe<'_>, h: &Range<usize>) -> bool {
    use crate::kit::activation::{before, definition, identifier_at, starts_with_word};
    let text = p.text();
    let name = identifier_at(text, h);
    let start = name.as_ptr() as usize - text.as_ptr() as usize;
    let Some(object) = before(text, start).strip_suffix(b".").map(<[u8]>::trim_ascii_end) else {
        return true;
    };
    if !object.last().is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80) {
        // A call or a subscript: no class a name stands for.
        return false;
    }
    let object = identifier_at(text, &(object.len() - 1..object.len()));
    let object_start = object.as_ptr() as usize - text.as_ptr() as usize;
    if before(text, object_start).ends_with(b".") || matches!(object, b"self" | b"cls") {
        return true;
    }
    p.lines().iter().any(|line| {
        let code = p.code_of(line);
        if starts_with_word(code, &["import", "from"]) {
            return snakeshift_engine::scan::word_occurrences(code, object).next().is_some();
        }
        match definition(code) {
            Some(("class", rest)) => identifier_at(rest, &(0..0)) == object,
            Some((_, rest)) => rest.iter().position(|&c| c == b'(').is_some_and(|open| {
                first_word_skipping_comments(&rest[open + 1..]) == object
            }),
            None => false,
        }
    })
}

/// The first identifier of `code`, blanks, line breaks and comments skipped.
fn first_word_skipping_comments(mut code: &[u8]) -> &[u8] {
    loop {
        code = code.trim_ascii_start();
        match code.strip_prefix(b"#") {
            Some(comment) => {
                code = comment
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(&[][..], |n| &comment[n..])
            }
            None => break,
        }
    }
    let n = code
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
        .unwrap_or(code.len());
    &code[..n]
}

/// The `TestCase` methods this rewrite migrates: each alias (as `TestCase.<alias>`) and the
/// method it stood for, when it went.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "unittest",
    members: &[
        same_as("TestCase.failUnless", "unittest.TestCase.assertTrue"),
        same_as("TestCase.assert_", "unittest.TestCase.assertTrue"),
        same_as("TestCase.failIf", "unittest.TestCase.assertFalse"),
        same_as("TestCase.failUnlessEqual", "unittest.TestCase.assertEqual"),
        same_as("TestCase.assertEquals", "unittest.TestCase.assertEqual"),
        same_as("TestCase.failIfEqual", "unittest.TestCase.assertNotEqual"),
        same_as("TestCase.assertNotEquals", "unittest.TestCase.assertNotEqual"),
        same_as("TestCase.failUnlessAlmostEqual", "unittest.TestCase.assertAlmostEqual"),
        same_as("TestCase.assertAlmostEquals", "unittest.TestCase.assertAlmostEqual"),
        same_as("TestCase.failIfAlmostEqual", "unittest.TestCase.assertNotAlmostEqual"),
        same_as("TestCase.assertNotAlmostEquals", "unittest.TestCase.assertNotAlmostEqual"),
        same_as("TestCase.failUnlessRaises", "unittest.TestCase.assertRaises"),
        same_as("TestCase.assertRaisesRegexp", "unittest.TestCase.assertRaisesRegex"),
        same_as("TestCase.assertRegexpMatches", "unittest.TestCase.assertRegex"),
        same_as("TestCase.assertNotRegexpMatches", "unittest.TestCase.assertNotRegex"),
        // The Python 2 name: it never existed in Python 3.
        Member::own(
            "TestCase.assertItemsEqual",
            "unittest.TestCase.assertCountEqual",
            ApiFix::Unsafe,
        )
        .removed(PYTHON_3),
        Member::own(
            "TestCase.assertDictContainsSubset",
            "`self.assertLessEqual(subset.items(), d.items())`",
            ApiFix::Calls,
        ),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// Removed in Python 3.0: a Python 2 name.
const PYTHON_3: PyVersion = PyVersion::new(3, 0);

/// The entry of `TestCase.<name>`.
fn method(name: &str) -> Option<&'static Member> {
    METHODS[0].members.iter().find(|m| m.short_name() == name)
}

/// An alias of the method `to`: the same method under another name.
const fn same_as(name: &'static str, to: &'static str) -> Member {
    Member::own(name, to, ApiFix::Safe)
}

/// How sure we are that a class is a `TestCase`.
#[derive(PartialEq)]
enum Kind {
    TestCase,
    Unknown,
    /// A class without bases that a test class of the file derives from.
    Mixin,
    NotATest,
}

/// Whether a module-level class of the file that is a `TestCase` derives from `class`.
fn mixed_into_test<'t>(class: Node<'t>, alias: &str, ctx: &Context<'_, 't>) -> bool {
    // A partial parse must hold every class that names this one (`class T(Mixin, TestCase)`),
    // even one whose body holds nothing the run looks for.
    if let Some(name) = class.child_by_field_name("name") {
        ctx.semantic()
            .require_word(ctx.text_of(name), 0..ctx.text.len());
    }
    module_classes(ctx).into_iter().any(|(_, other)| {
        other.id() != class.id()
            && crate::kit::syntax::in_file_lineage(other, ctx)
                .iter()
                .any(|c| c.id() == class.id())
            && !ancestry_names(other, ctx).is_empty()
            && classify(other, alias, ctx) == Kind::TestCase
    })
}

fn classify<'t>(class: Node<'t>, alias: &str, ctx: &Context<'_, 't>) -> Kind {
    if defines_in_lineage(class, alias, ctx) {
        return Kind::NotATest;
    }
    let names = ancestry_names(class, ctx);
    if names.is_empty() {
        // A mixin of a test class of this file: its calls reach the same `TestCase` methods,
        // and leaving them would half-migrate the test class.
        return if mixed_into_test(class, alias, ctx) {
            Kind::Mixin
        } else {
            Kind::NotATest
        };
    }
    let test_case = names.iter().any(|n| {
        let last = n.rsplit('.').next().unwrap_or(n);
        last.ends_with("TestCase")
    });
    if test_case || crate::kit::syntax::imports_module(ctx, "unittest") {
        Kind::TestCase
    } else {
        Kind::Unknown
    }
}

/// The class the receiver stands for: `self`/`cls` of one of its methods, or its name.
fn receiver_class<'t>(object: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    if object.kind() != "identifier" {
        return None;
    }
    let sem = ctx.semantic();
    let r = sem.reference_of(object)?;
    let [b] = sem.reference(r).bindings.as_slice() else {
        return None;
    };
    let binding = sem.binding(*b);
    let param = binding.node;
    let params = param.parent().filter(|p| p.kind() == "parameters");
    if let Some(params) = params {
        let func = params.parent()?;
        let mut cursor = params.walk();
        let first = params
            .named_children(&mut cursor)
            .find(|p| p.kind() != "comment")?;
        return (first.id() == param.id())
            .then(|| method_class(func))
            .flatten();
    }
    module_classes(ctx)
        .into_iter()
        .find(|(name, c)| {
            *name == binding.name
                && c.child_by_field_name("name").map(|n| n.id()) == Some(param.id())
        })
        .map(|(_, c)| c)
}

impl Check for UnittestAliases {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let (Some(object), Some(alias)) = (m.get("object"), m.get("alias")) else {
            return;
        };
        let name = ctx.text_of(alias);
        let kind = match ctx.semantic().qualified_name(object).as_deref() {
            Some(
                "unittest.TestCase"
                | "unittest.case.TestCase"
                | "unittest.IsolatedAsyncioTestCase"
                | "unittest.async_case.IsolatedAsyncioTestCase",
            ) => Kind::TestCase,
            _ => match receiver_class(object, ctx) {
                Some(class) => classify(class, name, ctx),
                None => Kind::NotATest,
            },
        };
        let Some(method) = method(name) else {
            return;
        };
        let Some(own) = method.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Own { fix, change, .. } = own;
        let Some(gone) = change.gone_in() else {
            return;
        };
        let removed = format!("`{name}` was removed from `unittest.TestCase` in Python {gone}");
        // Its calls are rewritten as their arguments allow.
        if fix == ApiFix::Calls {
            if kind != Kind::NotATest {
                contains_subset(m.get("use"), alias, removed, ctx, out);
            }
            return;
        }
        let to = own.instead_name();
        let removed = if gone == PYTHON_3 {
            format!("`{name}` is the Python 2 name of `{to}`")
        } else {
            removed
        };
        let edits = vec![Edit::replace(alias.byte_range(), to)];
        let title = format!("Use `{to}`");
        let finding = Finding::new(Self::META.id, alias.byte_range(), removed);
        match kind {
            // `assertItemsEqual` never existed in Python 3: the call raised `AttributeError`.
            Kind::TestCase if fix == ApiFix::Unsafe => out.push(
                finding
                    .with_fix(Fix::unsafe_(title, edits))
                    .with_note("the test errored with `AttributeError` on every Python 3; with `assertCountEqual` it runs"),
            ),
            Kind::TestCase => out.push(finding.with_fix(Fix::safe(title, edits))),
            Kind::Unknown => out.push(
                finding
                    .with_fix(Fix::unsafe_(title, edits))
                    .with_note("the class's bases are not known to be `unittest.TestCase`"),
            ),
            Kind::Mixin => out.push(
                finding
                    .with_fix(Fix::unsafe_(title, edits))
                    .with_note("the class has no base of its own, but a `TestCase` of this module derives from it"),
            ),
            Kind::NotATest => {}
        }
    }
}

/// `x.assertDictContainsSubset(subset, d[, msg])` → `x.assertLessEqual(subset.items(),
/// d.items()[, msg])`: the same check (values need not be hashable), with another failure
/// message, so unsafe. Other argument shapes are reported.
fn contains_subset<'t>(
    attribute: Option<Node<'t>>,
    alias: Node<'t>,
    removed: String,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    let finding = Finding::new(UnittestAliases::META.id, alias.byte_range(), removed);
    let call = attribute
        .and_then(|a| a.parent())
        .filter(|c| c.kind() == "call");
    let args: Option<Vec<Node<'t>>> = call
        .and_then(|c| c.child_by_field_name("arguments"))
        .filter(|a| a.kind() == "argument_list")
        .map(|a| {
            let mut cursor = a.walk();
            a.named_children(&mut cursor)
                .filter(|n| n.kind() != "comment")
                .collect()
        });
    let items = |n: Node<'_>| {
        let text = ctx.text_of(n);
        match n.kind() {
            "identifier"
            | "attribute"
            | "call"
            | "subscript"
            | "dictionary"
            | "parenthesized_expression"
            | "dictionary_comprehension" => format!("{text}.items()"),
            _ => format!("({text}).items()"),
        }
    };
    let rewritten = match args.as_deref() {
        Some([subset, d]) if is_plain(*subset) && is_plain(*d) => {
            Some(format!("({}, {})", items(*subset), items(*d)))
        }
        Some([subset, d, msg])
            if is_plain(*subset)
                && is_plain(*d)
                && (is_plain(*msg) || keyword_is(*msg, "msg", ctx)) =>
        {
            Some(format!(
                "({}, {}, {})",
                items(*subset),
                items(*d),
                ctx.text_of(*msg)
            ))
        }
        _ => None,
    };
    let arguments = call.and_then(|c| c.child_by_field_name("arguments"));
    match (rewritten, arguments) {
        (Some(text), Some(arguments)) if !ctx.text_of(arguments).contains('#') => out.push(
            finding
                .with_fix(Fix::unsafe_(
                    "Use `assertLessEqual(subset.items(), d.items())`",
                    vec![Edit::replace(
                        alias.start_byte()..arguments.end_byte(),
                        format!("assertLessEqual{text}"),
                    )],
                ))
                .with_note("the check is the same; the failure message is `assertLessEqual`'s"),
        ),
        _ => out.push(finding.with_note(
            "use `self.assertLessEqual(subset.items(), d.items())` or `self.assertEqual(d, d | subset)`",
        )),
    }
}

/// A positional argument (not `*x`, `**x` or `name=x`).
fn is_plain(n: Node<'_>) -> bool {
    !matches!(
        n.kind(),
        "keyword_argument" | "list_splat" | "dictionary_splat"
    )
}

fn keyword_is(n: Node<'_>, name: &str, ctx: &Context<'_, '_>) -> bool {
    n.kind() == "keyword_argument"
        && n.child_by_field_name("name")
            .is_some_and(|k| ctx.text_of(k) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query names the methods of the table, and only those, in both of its patterns.
    #[test]
    fn the_query_names_the_methods_of_the_table() {
        let table: Vec<&str> = METHODS[0].members.iter().map(Member::short_name).collect();
        let lists = crate::kit::any_of_lists(include_str!("query.scm"), "alias");
        assert_eq!(lists, [table.clone(), table]);
    }
}
