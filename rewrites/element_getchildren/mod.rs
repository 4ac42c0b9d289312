use crate::kit::method_call::MethodCall;
use crate::kit::declare::Check;
use crate::kit::{check_changed, check_removed};
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallSite, Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # element-getchildren
    ///
    ///
    /// ## What it does
    /// In files that import `xml.etree`, replaces `elem.getchildren()` with `list(elem)` and
    /// `elem.getiterator(tag)` with `elem.iter(tag)`, and reports `if elem:` where `elem` was
    /// found with `find()`: an element's truth value is its number of children, not whether it was
    /// found. Imports of `xml.etree.cElementTree` become `xml.etree.ElementTree`.
    ///
    /// ## Why
    /// `getchildren` and `getiterator` were removed in Python 3.9, and so was
    /// `xml.etree.cElementTree` (since 3.3 it only re-exported `xml.etree.ElementTree`); testing
    /// an element's truth value is deprecated since 3.12 (it warns) and will raise.
    ///
    /// ## Example
    /// ```python
    /// for child in root.getchildren():
    /// ```
    /// becomes
    /// ```python
    /// for child in list(root):
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `getchildren()` returned the list of children and `getiterator()` was `iter()`;
    /// `xml.etree.cElementTree`'s names were the `xml.etree.ElementTree` objects.
    ElementGetchildren {
        id: "element-getchildren",
        group: "xml",
        summary: "elem.getchildren() -> list(elem), elem.getiterator(tag) -> elem.iter(tag), xml.etree.cElementTree -> xml.etree.ElementTree (safe); truth tests of elements found with find() reported",
        query: include_str!("query.scm"),
        triggers: &["getchildren", "getiterator", "etree"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        readme: ("other", "`elem.getchildren()` → `list(elem)`, `getiterator()` → `iter()`; `xml.etree.cElementTree` (removed in 3.9) → `xml.etree.ElementTree`; truth tests of found elements reported", "safe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: may_use_legacy_element_apis,
        removed_apis: &[&MODULES, &METHODS],
    }
}

/// Whether the file holds a shape this rewrite reports: `xml.etree.cElementTree`, a call of
/// `getchildren` or `getiterator`, or (from 3.12) `if name:` in a file calling `.find(`.
/// (`xml.etree.ElementTree.Element` is in the table only to be followed: it reports nothing.)
fn may_use_legacy_element_apis(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    use crate::kit::activation::{method_calls, starts_with_word};
    let blank = |c: &u8| c.is_ascii_whitespace() || *c == b'\\';
    let skip_blanks = |code: &[u8]| -> usize { code.iter().position(|c| !blank(c)).unwrap_or(code.len()) };
    // `if name:` (an inline body or a comment may follow).
    let truth_test = |code: &[u8]| {
        starts_with_word(code, &["if"]) && {
            let rest = &code[2..];
            let rest = &rest[skip_blanks(rest)..];
            let name = rest
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
                .unwrap_or(rest.len());
            let rest = &rest[name..];
            name > 0 && rest[skip_blanks(rest)..].starts_with(b":")
        }
    };
    p.contains_in_code(b"cElementTree")
        || ["getchildren", "getiterator"]
            .iter()
            .any(|m| p.has_attribute(m))
        || p.versions.target >= PyVersion::new(3, 12)
            && method_calls(p, "find").next().is_some()
            && p.lines().iter().any(|l| truth_test(p.code_of(l)))
}

static MODULES: [RemovedModule; 2] = [
    RemovedModule {
        module: "xml.etree.ElementTree",
        members: &[Member::elsewhere("Element")],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    // Removed in 3.9: since 3.3 it only re-exported `xml.etree.ElementTree` (its `__all__`,
    // the same objects), so every name moves there.
    RemovedModule {
        module: "xml.etree.cElementTree",
        members: &[
            Member::rename("C14NWriterTarget", "xml.etree.ElementTree.C14NWriterTarget"),
            Member::rename("Comment", "xml.etree.ElementTree.Comment"),
            Member::rename("Element", "xml.etree.ElementTree.Element"),
            Member::rename("ElementTree", "xml.etree.ElementTree.ElementTree"),
            Member::rename("PI", "xml.etree.ElementTree.PI"),
            Member::rename("ParseError", "xml.etree.ElementTree.ParseError"),
            Member::rename(
                "ProcessingInstruction",
                "xml.etree.ElementTree.ProcessingInstruction",
            ),
            Member::rename("QName", "xml.etree.ElementTree.QName"),
            Member::rename("SubElement", "xml.etree.ElementTree.SubElement"),
            Member::rename("TreeBuilder", "xml.etree.ElementTree.TreeBuilder"),
            Member::rename("VERSION", "xml.etree.ElementTree.VERSION"),
            Member::rename("XML", "xml.etree.ElementTree.XML"),
            Member::rename("XMLID", "xml.etree.ElementTree.XMLID"),
            Member::rename("XMLParser", "xml.etree.ElementTree.XMLParser"),
            Member::rename("XMLPullParser", "xml.etree.ElementTree.XMLPullParser"),
            Member::rename("canonicalize", "xml.etree.ElementTree.canonicalize"),
            Member::rename("dump", "xml.etree.ElementTree.dump"),
            Member::rename("fromstring", "xml.etree.ElementTree.fromstring"),
            Member::rename("fromstringlist", "xml.etree.ElementTree.fromstringlist"),
            Member::rename("iselement", "xml.etree.ElementTree.iselement"),
            Member::rename("iterparse", "xml.etree.ElementTree.iterparse"),
            Member::rename("parse", "xml.etree.ElementTree.parse"),
            Member::rename(
                "register_namespace",
                "xml.etree.ElementTree.register_namespace",
            ),
            Member::rename("tostring", "xml.etree.ElementTree.tostring"),
            Member::rename("tostringlist", "xml.etree.ElementTree.tostringlist"),
        ],
        other_members: "`xml.etree.cElementTree` was removed in Python 3.9: use `xml.etree.ElementTree`",
        successor: Some("xml.etree.ElementTree"),
        shared_state: false,
    },
];

/// The methods of `Element` this rewrite replaces (removed in Python 3.9, with the rewrite).
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "xml.etree.ElementTree",
    members: &[
        Member::own("Element.getchildren", "`list(elem)`", ApiFix::Safe),
        Member::own(
            "Element.getiterator",
            "xml.etree.ElementTree.Element.iter",
            ApiFix::Safe,
        ),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl ElementGetchildren {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let name = ctx.text_of(method);
        let Some(entry) = METHODS[0].members.iter().find(|m| m.short_name() == name) else {
            return;
        };
        let Some(own) = entry.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Own { change, .. } = own;
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            format!("`{}()`{}", entry.name, change.describe()),
        );
        match name {
            "getchildren" if site.args.is_empty() => {
                let list = if ctx
                    .semantic()
                    .lookup(ctx.semantic().scope_at(call.start_byte()), "list")
                    .is_empty()
                {
                    "list"
                } else {
                    return;
                };
                out.push(finding.with_fix(Fix::safe(
                    "Use `list(elem)`",
                    vec![Edit::replace(
                        call.byte_range(),
                        format!("{list}({})", ctx.text_of(receiver)),
                    )],
                )));
            }
            "getiterator" => {
                let to = own.instead_name();
                out.push(finding.with_fix(Fix::safe(
                    format!("Use `{to}`"),
                    vec![Edit::replace(method.byte_range(), to)],
                )));
            }
            _ => {}
        }
    }

    /// `if elem:` where `elem = x.find(...)`.
    fn truth_test<'t>(&self, tested: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if !crate::kit::syntax::imports_module(ctx, "xml.etree")
            || ctx.versions.target < PyVersion::new(3, 12)
        {
            return;
        }
        let sem = ctx.semantic();
        let Some(r) = sem.reference_of(tested) else {
            return;
        };
        let [b] = sem.reference(r).bindings.as_slice() else {
            return;
        };
        let found = sem
            .binding(*b)
            .node
            .parent()
            .filter(|p| p.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("right"))
            .is_some_and(|right| {
                right.kind() == "call"
                    && right
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("attribute"))
                        .is_some_and(|a| ctx.text_of(a) == "find")
            });
        if found {
            out.push(
                Finding::new(Self::META.id, tested.byte_range(), "the truth value of an `Element` is deprecated (it warns since Python 3.12)")
                    .with_note("an element without children is false even when found: test `is not None` (or `len(elem)` for children)"),
            );
        }
    }
}

impl Check for ElementGetchildren {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES[..1], m, ctx, out);
        check_removed(&Self::META, &MODULES[1..], m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, Some("xml.etree")) {
            self.method_call(c.call, c.receiver, c.method, ctx, out);
        }
        if let (Some(_), Some(tested)) = (m.get("if"), m.get("tested")) {
            self.truth_test(tested, ctx, out);
        }
    }
}
