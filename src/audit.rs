pub fn audit(_: &crate::args::AuditArgs) -> Result<std::process::ExitCode, String> {
    Err("todo".into())
}
