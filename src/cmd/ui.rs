//! `fieldbook ui LANG`: the `[ui.<lang>]` table a book needs for a language fieldbook does not
//! ship, with the English strings to translate.

use super::finish;
use std::process::ExitCode;

/// Prints the table for `tag`, or says why there is none (a malformed tag, or `en`/`zh`).
pub fn run(tag: &str) -> ExitCode {
    finish(crate::ui::template(tag), false)
}
