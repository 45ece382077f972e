//! One module per command. Each takes the command's arguments, runs the library's stages and
//! prints what a person (or, with `--format json`, a machine) should see; `main.rs` only parses
//! the command line and calls [`build::run`], [`check::run`], and so on.
//!
//! Exit codes: 0 success, 1 bad input (every problem listed), 2 bad usage (clap's own).

pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod init;
pub mod new;
pub mod po;
pub mod serve;
pub mod stamp;
pub mod ui;
pub mod workflow;

use crate::diagnostics::Diagnostics;
use crate::term::{say, tell};
use std::process::ExitCode;

/// How `check` and `diff` print their result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON document for machines.
    Json,
}

/// `n` and `word`, with an `s` unless `n` is 1: `1 field`, `3 fields`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Ends a command that prints a one-line summary on success (unless `quiet`) and every
/// problem on failure.
fn finish(result: Result<String, Diagnostics>, quiet: bool) -> ExitCode {
    match result {
        Ok(summary) => {
            if !quiet {
                say(&summary);
            }
            ExitCode::SUCCESS
        }
        Err(problems) => fail(&problems),
    }
}

/// Prints every problem to standard error and gives exit code 1.
fn fail(problems: &Diagnostics) -> ExitCode {
    tell(&problems.to_string());
    ExitCode::from(1)
}

/// Exit code 1 when `failed`, else 0.
fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(super::count(1, "field"), "1 field");
        assert_eq!(super::count(0, "field"), "0 fields");
        assert_eq!(super::count(12, "warning"), "12 warnings");
    }
}
