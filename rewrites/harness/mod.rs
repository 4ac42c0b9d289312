//! The test harnesses: the fixture runners of file and project rewrites, and the invariants
//! every input must keep (checked by the fuzz targets and the mutation test).

#[cfg(test)]
pub mod fixtures;
pub mod invariants;
#[cfg(test)]
pub mod project_fixtures;
