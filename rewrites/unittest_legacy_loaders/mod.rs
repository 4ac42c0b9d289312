use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # unittest-legacy-loaders
    ///
    ///
    /// ## What it does
    /// | old | becomes |
    /// | --- | --- |
    /// | `unittest.makeSuite(TestClass)` | `unittest.defaultTestLoader.loadTestsFromTestCase(TestClass)` |
    /// | `unittest.findTestCases(module)` | `unittest.defaultTestLoader.loadTestsFromModule(module)` |
    /// | `unittest.getTestCaseNames(TestClass, "test")` | `unittest.defaultTestLoader.getTestCaseNames(TestClass)` |
    /// | `unittest._TextTestResult` (removed in 3.12) | `unittest.TextTestResult` |
    ///
    /// Calls with another prefix, sort function or suite class are reported: they need a
    /// `unittest.TestLoader()` with `testMethodPrefix`, `sortTestMethodsUsing` and `suiteClass`
    /// set. `unittest.TestProgram.usageExit` is reported.
    ///
    /// ## Why
    /// The functions were deprecated in Python 3.11 and removed in 3.13.
    ///
    /// ## Example
    /// ```python
    /// suite = unittest.makeSuite(MathTest)
    /// ```
    /// becomes
    /// ```python
    /// suite = unittest.defaultTestLoader.loadTestsFromTestCase(MathTest)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: with default arguments the old functions built a `TestLoader` with exactly the
    /// default loader's settings.
    UnittestLegacyLoaders {
        id: "unittest-legacy-loaders",
        group: "unittest",
        summary: "unittest.makeSuite/findTestCases/getTestCaseNames -> unittest.defaultTestLoader.loadTestsFromTestCase/loadTestsFromModule/getTestCaseNames (safe); non-default arguments and TestProgram.usageExit reported",
        query: include_str!("query.scm"),
        triggers: &["makeSuite", "findTestCases", "getTestCaseNames", "usageExit", "_TextTestResult"],
        removed_in: Some(PyVersion::new(3, 13)),
        fix: FixSafety::Safe,
        readme: ("unittest", "`unittest.makeSuite` / `findTestCases` / `getTestCaseNames` → `unittest.defaultTestLoader.*`, `unittest._TextTestResult` → `unittest.TextTestResult`; non-default prefixes and `TestProgram.usageExit` reported", "safe"),
        removed_apis: &[&MODULES],
    }
}

const LOADER: &str = "use `unittest.defaultTestLoader` (or a `unittest.TestLoader()` with `testMethodPrefix`, `sortTestMethodsUsing` and `suiteClass` set)";

static MODULES: [RemovedModule; 2] = [
    RemovedModule {
        module: "unittest",
        members: &[
            Member::call("makeSuite", make_suite, LOADER),
            Member::call("findTestCases", find_test_cases, LOADER),
            Member::call("getTestCaseNames", get_test_case_names, LOADER),
            Member::rename("_TextTestResult", "unittest.TextTestResult")
                .removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "unittest.TestProgram",
        members: &[Member::report(
            "usageExit",
            "print the usage message and call `sys.exit(2)` yourself",
        )],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

/// `unittest.defaultTestLoader.<method>(<first argument>)`, when the other arguments are the
/// defaults.
fn loader_call(
    site: &CallSite<'_, '_>,
    params: &[&str],
    method: &str,
    prefix_required: bool,
) -> Result<CallFix, String> {
    site.expect_params(params)?;
    let first = site
        .param(0, params[0])
        .ok_or("called without a test class or module")?;
    match site.param(1, "prefix") {
        Some(p) if p.text.trim_matches(['"', '\'']) == "test" && p.text.len() == 6 => {}
        None if !prefix_required => {}
        _ => return Err(format!("called with a method prefix: {LOADER}")),
    }
    if params[2..]
        .iter()
        .enumerate()
        .any(|(i, p)| site.param(i + 2, p).is_some())
    {
        return Err(format!(
            "called with a sort function or suite class: {LOADER}"
        ));
    }
    let loader = site.require("unittest.defaultTestLoader")?;
    Ok(CallFix::safe(format!("{loader}.{method}({})", first.text)))
}

fn make_suite(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    loader_call(
        site,
        &["testCaseClass", "prefix", "sortUsing", "suiteClass"],
        "loadTestsFromTestCase",
        false,
    )
}

fn find_test_cases(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    loader_call(
        site,
        &["module", "prefix", "sortUsing", "suiteClass"],
        "loadTestsFromModule",
        false,
    )
}

fn get_test_case_names(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    loader_call(
        site,
        &["testCaseClass", "prefix", "sortUsing", "testNamePatterns"],
        "getTestCaseNames",
        true,
    )
}

impl Check for UnittestLegacyLoaders {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
