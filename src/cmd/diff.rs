//! `fieldbook diff`: what changed in a class between two versions of its Python source.

use super::{fail, Format};
use crate::diagnostics::Diagnostics;
use crate::python::{diff::diff, reader::read_class};
use crate::term::say;
use std::path::Path;
use std::process::ExitCode;

/// Compares `class` in `old` and `new`; the diff is the output, printed even with `--quiet`.
pub fn run(old: &Path, new: &Path, class: &str, format: Format) -> ExitCode {
    match (read_class(old, class), read_class(new, class)) {
        (Ok(o), Ok(n)) => {
            let d = diff(&o, &n);
            if format == Format::Json {
                say(&serde_json::to_string_pretty(&d).unwrap_or_default());
            } else {
                say(&d.to_text());
            }
            ExitCode::SUCCESS
        }
        (o, n) => {
            let mut all = Diagnostics::default();
            for problems in [o.err(), n.err()].into_iter().flatten() {
                all.0.extend(problems.0);
            }
            fail(&all)
        }
    }
}
