//! `fieldbook init`: create a small working book.

use super::finish;
use std::path::Path;
use std::process::ExitCode;

/// Creates the sample book in `dir` and says how to build it.
pub fn run(dir: &Path, quiet: bool) -> ExitCode {
    let result = crate::init::scaffold(dir).map(|()| {
        format!(
            "created a book in {}; build it with `fieldbook build {}`",
            dir.display(),
            dir.display()
        )
    });
    finish(result, quiet)
}
