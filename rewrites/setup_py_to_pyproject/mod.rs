use crate::kit::declare::{ProjectEdit, ProjectFile};
use snakeshift_engine::rewrite::FixSafety;

rewrite! {
    /// # setup-py-to-pyproject
    ///
    /// ## What it does
    /// Moves what `setup.py` passes to `setup()` into `pyproject.toml`, without running
    /// `setup.py`: a static evaluator follows constants, module-level names, dicts built with
    /// `.update()`/`**`, string formatting, `os.path.join(os.path.dirname(__file__), ...)`,
    /// reads of project files (`open(...).read()`, `io.open`, `codecs.open`, `with open(...)
    /// as f`), `__version__` pulled out of a module with a regex, `find_packages()`,
    /// `try: setuptools / except: distutils` and `sys.version_info` branches (the side the
    /// supported Pythons take). Each keyword goes to exactly one place: `[project]` or
    /// `[tool.setuptools]`; `project.dynamic` with `[tool.setuptools.dynamic]` (`attr:`
    /// versions, `file:` readmes and requirements); a minimal `setup.py` shim for what cannot
    /// be static (a `cmdclass` defined in `setup.py`, computed `ext_modules`…), every metadata
    /// field it still passes listed in `project.dynamic`; or dropped when obsolete
    /// (`tests_require`, `zip_safe`, `use_2to3`…). `setup.py` is deleted when nothing is left.
    /// A report on stderr says what happened to every keyword, and why.
    ///
    /// ## Why
    /// A `setup.py` is code run at build time; on Python 3.12+ the many that still import
    /// `distutils` cannot even start without setuptools' shim, and `setup.py install` and
    /// `setup.py develop` are gone. Static metadata in `pyproject.toml` (PEP 621) is what
    /// pip, build backends and other tools read. Converters that execute `setup.py` fail on
    /// exactly the projects that need converting, and the ones that drop `packages` or keep no
    /// shim change what gets built.
    ///
    /// ## Example
    /// ```python
    /// from setuptools import setup, find_packages
    /// setup(
    ///     name="demo",
    ///     version=read_version(),          # regex over demo/__init__.py
    ///     long_description=open("README.rst").read(),
    ///     packages=find_packages(exclude=["tests"]),
    ///     install_requires=["requests>=2"],
    ///     zip_safe=False,
    /// )
    /// ```
    /// becomes (and `setup.py` is deleted)
    /// ```toml
    /// [build-system]
    /// requires = ["setuptools>=64"]
    /// build-backend = "setuptools.build_meta"
    ///
    /// [project]
    /// name = "demo"
    /// dynamic = ["version"]
    /// readme = "README.rst"
    /// dependencies = ["requests>=2"]
    ///
    /// [tool.setuptools]
    /// include-package-data = false
    ///
    /// [tool.setuptools.packages.find]
    /// exclude = ["tests"]
    /// namespaces = false
    ///
    /// [tool.setuptools.dynamic]
    /// version = { attr = "demo.__version__" }
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the built wheel's core metadata and file list stay the same (the test suite
    /// builds real projects both ways and compares them). setuptools' pitfalls are handled:
    /// packages are always listed explicitly (never left to automatic discovery),
    /// `find_packages()` becomes `namespaces = false`, `include-package-data` is written with
    /// setup.py's default, `""` package-data keys become `"*"`, licenses stay text unless
    /// `--spdx` is given. Where the metadata does change, the report says so (a readme gains a
    /// content type, a platform-conditional requirement becomes an environment marker).
    /// A pbr `setup.py` stays as pbr's shim (the version stays dynamic), and a custom
    /// `distclass` stays in the shim while the literal metadata moves. Projects built by
    /// numpy.distutils or scikit-build, or with a `distclass` that overrides how the
    /// distribution handles its metadata, are refused: nothing is written and the reason is
    /// printed.
    SetupPyToPyproject {
        id: snakeshift_project::convert::args::SETUP_PY_REWRITE,
        group: "packaging",
        summary: "setup.py's setup() arguments -> pyproject.toml (static, with a shim only for what must run)",
        fix: FixSafety::Safe,
        readme: ("packaging", "the arguments of `setup.py`'s `setup()` call → `pyproject.toml` (`[project]`, `[tool.setuptools]`, `dynamic` + `[tool.setuptools.dynamic]`); a minimal `setup.py` shim keeps only what must run at build time, or `setup.py` is deleted", "safe; pbr projects keep `setup.py` as pbr's shim and move what pbr and setuptools agree on; numpy.distutils and scikit-build projects, and a `distclass` that touches the metadata, are refused"),
    }
}

impl ProjectEdit for SetupPyToPyproject {
    fn converts(&self) -> Option<ProjectFile> {
        Some(ProjectFile::SetupPy)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all(
            "setup_py_to_pyproject",
            &["setup-py-to-pyproject", "setup-cfg-to-pyproject"],
        );
    }
}
