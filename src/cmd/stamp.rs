//! `fieldbook stamp`: record that every translation matches the current default-language text.

use super::finish;
use std::path::Path;
use std::process::ExitCode;

/// Stamps the translations of `lang` (every non-default language when `None`).
pub fn run(root: &Path, lang: Option<&str>, quiet: bool) -> ExitCode {
    let result =
        crate::stamp::stamp(root, lang).map(|n| format!("stamped {n} translations as up to date"));
    finish(result, quiet)
}
