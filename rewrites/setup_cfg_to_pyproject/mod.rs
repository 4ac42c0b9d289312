use crate::kit::declare::{ProjectEdit, ProjectFile};
use snakeshift_engine::rewrite::FixSafety;

rewrite! {
    /// # setup-cfg-to-pyproject
    ///
    /// ## What it does
    /// Folds `setup.cfg`'s `[metadata]`, `[options]` and `[options.*]` sections into
    /// `pyproject.toml` the way setuptools reads them: `attr:` and `file:` directives become
    /// `[tool.setuptools.dynamic]`, `packages = find:` becomes
    /// `[tool.setuptools.packages.find]` with `namespaces = false`, list and dict syntaxes
    /// become TOML arrays and tables. Command sections (`[bdist_wheel]`, `[egg_info]`,
    /// `[aliases]`) and other tools' sections (`[flake8]`, `[tool:pytest]`) stay in
    /// `setup.cfg`; the file is deleted when nothing else is left. When `setup.py` also
    /// passes `setup()` arguments, both are converted together (setup.py's values win, as in
    /// setuptools).
    ///
    /// ## Why
    /// setuptools still reads `setup.cfg`, but `[project]` in `pyproject.toml` is the
    /// standard (PEP 621) every tool understands, and having both means two places that can
    /// disagree (setuptools silently prefers `[project]`).
    ///
    /// ## Example
    /// ```ini
    /// [metadata]
    /// name = demo
    /// version = attr: demo.__version__
    /// long_description = file: README.md
    /// long_description_content_type = text/markdown
    ///
    /// [options]
    /// packages = find:
    /// install_requires = click>=8
    ///
    /// [bdist_wheel]
    /// universal = 1
    /// ```
    /// becomes `setup.cfg` with only `[bdist_wheel]`, and
    /// ```toml
    /// [project]
    /// name = "demo"
    /// dynamic = ["version"]
    /// readme = "README.md"
    /// dependencies = ["click>=8"]
    ///
    /// [tool.setuptools]
    /// include-package-data = false
    ///
    /// [tool.setuptools.packages.find]
    /// namespaces = false
    ///
    /// [tool.setuptools.dynamic]
    /// version = { attr = "demo.__version__" }
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the wheel's metadata and files stay the same (tested by building both). Options
    /// setuptools ignores are reported as dropped. In a pbr project (`pbr=True` in setup.py),
    /// `[metadata]`, `[files] packages`/`scripts`/`modules`, `[entry_points]`, `[extras]` and
    /// `requirements.txt` are read pbr's way and move, while `[metadata] name`, the rest of
    /// `[files]`, `[pbr]` and `[global]` stay for pbr; `[pbr]` or `[files]` without `pbr=True`
    /// are refused.
    SetupCfgToPyproject {
        id: "setup-cfg-to-pyproject",
        group: "packaging",
        summary: "setup.cfg's [metadata]/[options] -> pyproject.toml; command sections stay",
        fix: FixSafety::Safe,
        readme: ("packaging", "`setup.cfg`'s `[metadata]`, `[options]` and `[options.*]` → `pyproject.toml`; command and tool sections (`[bdist_wheel]`, `[egg_info]`, `[aliases]`, `[flake8]`…) stay, the file goes when nothing else is left", "safe; in a pbr project, `[metadata]`, `[files] packages`/`scripts`/`modules`, `[entry_points]`, `[extras]` and `requirements.txt` move, `[metadata] name`, the rest of `[files]`, `[pbr]`, `[global]` stay for pbr"),
    }
}

impl ProjectEdit for SetupCfgToPyproject {
    fn converts(&self) -> Option<ProjectFile> {
        Some(ProjectFile::SetupCfg)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all(
            "setup_cfg_to_pyproject",
            &["setup-py-to-pyproject", "setup-cfg-to-pyproject"],
        );
    }
}
