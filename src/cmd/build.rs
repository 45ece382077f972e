//! `fieldbook build`: load, validate, render and swap the new site into DEST.

use super::{count, finish};
use crate::term::tell;
use crate::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Builds the book at `root` into `dest` (book.toml's `[build] dest` when `None`) and prints
/// the warnings and a summary line.
pub fn run(root: &Path, dest: Option<PathBuf>, quiet: bool) -> ExitCode {
    let result = build(root, &BuildOptions { dest, write: true }).map(|r| {
        for warning in &r.warnings {
            tell(&warning.to_string());
        }
        format!(
            "built {} for {} in {} into {} in {} ms",
            count(r.pages, "page"),
            count(r.fields, "field"),
            count(r.languages, "language"),
            r.dest.display(),
            r.elapsed.as_millis()
        )
    });
    finish(result, quiet)
}
