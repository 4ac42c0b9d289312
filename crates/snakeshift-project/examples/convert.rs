use snakeshift_project::convert::{Options, ProjectInput, convert};
use snakeshift_project::files::DiskFiles;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let files = DiskFiles::new(&dir);
    let read = |n: &str| std::fs::read_to_string(format!("{dir}/{n}")).ok();
    let (py, cfg, pp) = (read("setup.py"), read("setup.cfg"), read("pyproject.toml"));
    let out = convert(
        &ProjectInput {
            files: &files,
            setup_py: py.as_deref(),
            setup_py_original: py.as_deref(),
            setup_cfg: cfg.as_deref(),
            pyproject: pp.as_deref(),
        },
        &Options {
            min: "3.10".parse().unwrap(),
            spdx: std::env::args().any(|a| a == "--spdx"),
            setup_py: true,
            setup_cfg: true,
        },
    );
    for c in &out.changes {
        println!(
            "=== {} ({})",
            c.path,
            if c.old.is_none() {
                "new"
            } else if c.new.is_none() {
                "deleted"
            } else {
                "changed"
            }
        );
        if let Some(n) = &c.new {
            print!("{n}");
        }
    }
    eprint!("{}", out.report.render(&dir));
}
