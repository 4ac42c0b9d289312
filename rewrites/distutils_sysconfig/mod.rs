use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-sysconfig
    ///
    /// ## What it does
    /// Replaces `distutils.sysconfig` with the standard `sysconfig` module and `sys`:
    /// `get_config_var(s)`, `get_makefile_filename`, `get_config_h_filename` and
    /// `get_python_version` keep their names, `get_python_inc()` becomes
    /// `sysconfig.get_path("include")` (`"platinclude"` with `plat_specific`),
    /// `get_python_lib()` becomes `sysconfig.get_path("purelib")` (`"platlib"`, `"stdlib"`,
    /// `"platstdlib"` for the flags, `vars={"base": p, "platbase": p}` for `prefix=p`), and
    /// `PREFIX`/`EXEC_PREFIX`/`BASE_PREFIX`/`BASE_EXEC_PREFIX` become the `sys` attributes.
    /// `from distutils import sysconfig` becomes `import sysconfig` when every use moves.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632); `sysconfig` has been the supported
    /// interface since Python 3.2.
    ///
    /// ## Example
    /// ```python
    /// from distutils import sysconfig
    /// include = sysconfig.get_python_inc()
    /// ```
    /// becomes
    /// ```python
    /// import sysconfig
    /// include = sysconfig.get_path("include")
    /// ```
    ///
    /// ## Fix safety
    /// Safe, except `get_python_lib`: on Debian and Ubuntu system Pythons
    /// `distutils.sysconfig.get_python_lib()` returned `…/dist-packages` of the system scheme
    /// while `sysconfig.get_path("purelib")` returns the `posix_local` scheme directory, so
    /// that fix is unsafe. Non-literal flags, and `prefix=` together with `standard_lib` or
    /// `get_python_inc`, are reported. `customize_compiler` and the Makefile parsers have no
    /// replacement and are reported.
    DistutilsSysconfig {
        id: "distutils-sysconfig",
        group: "distutils",
        summary: "distutils.sysconfig -> sysconfig / sys",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("distutils", r#"`get_config_var(s)`, `get_makefile_filename`, `get_config_h_filename`, `get_python_version` → `sysconfig`; `get_python_inc()` → `sysconfig.get_path("include")`; `get_python_lib()` → `sysconfig.get_path("purelib")` (flags and `prefix=` mapped); `PREFIX` & co → `sys.prefix` & co; `from distutils import sysconfig` → `import sysconfig`"#, "safe, except `get_python_lib` (unsafe: Debian/Ubuntu system Pythons differ); `customize_compiler` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.sysconfig",
    members: &[
        Member::rename("get_config_var", "sysconfig.get_config_var"),
        Member::rename("get_config_vars", "sysconfig.get_config_vars"),
        Member::rename("get_makefile_filename", "sysconfig.get_makefile_filename"),
        Member::rename("get_config_h_filename", "sysconfig.get_config_h_filename"),
        Member::rename("get_python_version", "sysconfig.get_python_version"),
        Member::rename("PREFIX", "sys.prefix"),
        Member::rename("EXEC_PREFIX", "sys.exec_prefix"),
        Member::rename("BASE_PREFIX", "sys.base_prefix"),
        Member::rename("BASE_EXEC_PREFIX", "sys.base_exec_prefix"),
        Member::call(
            "get_python_lib",
            get_python_lib,
            "use `sysconfig.get_path(\"purelib\")` (or \"platlib\", \"stdlib\", \"platstdlib\")",
        ),
        Member::call(
            "get_python_inc",
            get_python_inc,
            "use `sysconfig.get_path(\"include\")` (or \"platinclude\")",
        ),
        Member::report(
            "customize_compiler",
            "no stdlib replacement: let setuptools' `build_ext` configure the compiler",
        ),
        Member::report(
            "parse_makefile",
            "no public replacement; read `sysconfig.get_config_vars()` instead",
        ),
        Member::report("parse_config_h", "use `sysconfig.parse_config_h`"),
        Member::report("expand_makefile_vars", "no public replacement"),
    ],
    other_members: "use the standard `sysconfig` module",
    successor: Some("sysconfig"),
    shared_state: false,
}];

/// A flag argument: absent or a literal; anything else cannot be mapped to a scheme key.
fn flag(site: &CallSite<'_, '_>, index: usize, name: &str) -> Result<bool, String> {
    match site.param(index, name) {
        None => Ok(false),
        Some(arg) => site.literal_bool(arg).ok_or_else(|| {
            format!("`{name}` is not a literal; choose the `sysconfig` path by hand")
        }),
    }
}

fn get_python_lib(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["plat_specific", "standard_lib", "prefix"])?;
    let plat = flag(site, 0, "plat_specific")?;
    let stdlib = flag(site, 1, "standard_lib")?;
    let key = match (plat, stdlib) {
        (false, false) => "purelib",
        (true, false) => "platlib",
        (false, true) => "stdlib",
        (true, true) => "platstdlib",
    };
    let get_path = site.require("sysconfig.get_path")?;
    let q = site.quote();
    let prefix = match site.param(2, "prefix") {
        Some(p) if p.text != "None" => {
            if stdlib {
                return Err(
                    "`prefix` with `standard_lib` has no direct `sysconfig` equivalent".into(),
                );
            }
            format!(
                ", vars={{{q}base{q}: {p}, {q}platbase{q}: {p}}}",
                p = p.text
            )
        }
        _ => String::new(),
    };
    Ok(CallFix::unsafe_(
        format!("{get_path}({q}{key}{q}{prefix})"),
        "Debian and Ubuntu system Pythons return a different directory from `sysconfig`",
    ))
}

fn get_python_inc(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["plat_specific", "prefix"])?;
    if site.param(1, "prefix").is_some_and(|p| p.text != "None") {
        return Err("`prefix` has no direct `sysconfig` equivalent; use `sysconfig.get_path(\"include\", vars=...)`".into());
    }
    let key = if flag(site, 0, "plat_specific")? {
        "platinclude"
    } else {
        "include"
    };
    let get_path = site.require("sysconfig.get_path")?;
    let q = site.quote();
    Ok(CallFix::safe(format!("{get_path}({q}{key}{q})")))
}

impl Check for DistutilsSysconfig {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
