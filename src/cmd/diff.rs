//! `fieldbook diff`: what changed in a class between two versions of its Python source.

use super::{fail, Format};
use crate::diagnostics::Diagnostics;
use crate::model::changes::ClassDiff;
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
                say(&diff_text(&d));
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

/// `fieldbook diff`'s text: one line per change, then a count line.
fn diff_text(d: &ClassDiff) -> String {
    let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".to_string());
    let mut out = String::new();
    for a in &d.added {
        let default = a
            .default
            .as_ref()
            .map(|d| format!(" = {d}"))
            .unwrap_or_default();
        out.push_str(&format!("added    {}: {}{default}\n", a.name, a.annotation));
    }
    for r in &d.removed {
        out.push_str(&format!("removed  {r}\n"));
    }
    for r in &d.renamed {
        let inferred = if r.inferred {
            " (inferred: same type and default, similar help)"
        } else {
            ""
        };
        out.push_str(&format!("renamed  {} → {}{inferred}\n", r.from, r.to));
    }
    for c in &d.changed {
        out.push_str(&format!(
            "{:<8} {}: {} → {}\n",
            c.what,
            c.name,
            or_none(&c.old),
            or_none(&c.new)
        ));
    }
    out.push_str(&format!(
        "{} added, {} removed, {} renamed, {} changed",
        d.added.len(),
        d.removed.len(),
        d.renamed.len(),
        d.changed.len()
    ));
    out
}
