//! `fieldbook workflow`: write the GitHub Actions workflow that publishes a book.

use super::finish;
use std::path::Path;
use std::process::ExitCode;

/// Writes `.github/workflows/docs.yml` for the book at `root` and says what to do next.
pub fn run(root: &Path, branch: &str, quiet: bool) -> ExitCode {
    let result = crate::publish::write_github_workflow(root, branch).map(|path| {
        format!(
            "wrote {}; set the repository variable FIELDBOOK_GIT to the git URL to install fieldbook from, and choose Settings > Pages > Source: GitHub Actions",
            path.display()
        )
    });
    finish(result, quiet)
}
