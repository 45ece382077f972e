//! `fieldbook check`: every error and warning of a book (or of one class's docstring against
//! its code, with `--python`), as text or JSON, writing nothing.

use super::{count, exit_code, Format};
use crate::diagnostics::{Diagnostic, Severity};
use crate::drift::CoverageReport;
use crate::python::{diff::docstring_drift, reader::read_dataclass};
use crate::term::{say, tell};
use crate::{build, BuildOptions};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// `check --format json`: the whole outcome. Keys in alphabetical order, as the output has
/// always had them.
#[derive(Serialize)]
struct CheckJson<'a> {
    /// Translation coverage of the book (null for `--python`).
    coverage: Option<&'a CoverageReport>,
    errors: Vec<DiagnosticJson<'a>>,
    ok: bool,
    warnings: Vec<DiagnosticJson<'a>>,
}

/// One problem in `check --format json`.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    column: Option<usize>,
    hint: Option<&'a str>,
    line: Option<usize>,
    message: &'a str,
    path: String,
    severity: &'static str,
}

impl<'a> From<&'a Diagnostic> for DiagnosticJson<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        DiagnosticJson {
            column: d.position.map(|p| p.1),
            hint: d.hint.as_deref(),
            line: d.position.map(|p| p.0),
            message: &d.message,
            path: d.path.to_string_lossy().into_owned(),
            severity: match d.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            },
        }
    }
}

/// Which warnings make `check` fail (exit 1); errors always do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strictness {
    /// None: warnings are reported only.
    Lenient,
    /// Those saying the class and its docs disagree (`--deny drift`), not, say, stale
    /// translations: what a pull request check of the docs wants.
    Drift,
    /// Every warning (`--strict`).
    Strict,
}

impl Strictness {
    /// Whether these warnings fail the check.
    fn fails(self, warnings: &[Diagnostic]) -> bool {
        match self {
            Strictness::Lenient => false,
            Strictness::Drift => warnings.iter().any(|w| w.drift),
            Strictness::Strict => !warnings.is_empty(),
        }
    }

    /// What the summary line says when warnings failed the check.
    fn failed_label(self) -> &'static str {
        match self {
            Strictness::Drift => "failed (--deny drift)",
            _ => "failed (--strict)",
        }
    }
}

/// Prints a check's outcome as JSON.
fn say_json(
    failed: bool,
    errors: &[Diagnostic],
    warnings: &[Diagnostic],
    coverage: Option<&CoverageReport>,
) {
    let out = CheckJson {
        coverage,
        errors: errors.iter().map(DiagnosticJson::from).collect(),
        ok: !failed,
        warnings: warnings.iter().map(DiagnosticJson::from).collect(),
    };
    say(&serde_json::to_string_pretty(&out).unwrap_or_default());
}

/// `fieldbook check`: exit 1 on errors, and on the warnings `strictness` denies.
pub fn run(root: &Path, format: Format, strictness: Strictness, quiet: bool) -> ExitCode {
    let options = BuildOptions {
        dest: None,
        write: false,
        site_url: None,
    };
    let result = build(root, &options);
    let (errors, warnings): (&[Diagnostic], &[Diagnostic]) = match &result {
        Ok(report) => (&[], &report.warnings),
        Err(problems) => (&problems.0, &[]),
    };
    let failed = !errors.is_empty() || strictness.fails(warnings);
    if format == Format::Json {
        let coverage = result.as_ref().ok().map(|r| &r.coverage);
        say_json(failed, errors, warnings, coverage);
        return exit_code(failed);
    }
    match &result {
        Ok(report) => {
            for warning in &report.warnings {
                tell(&warning.to_string());
            }
            if !quiet {
                say(&format!(
                    "{}: {}, {} in {}, {} ({} ms)",
                    if failed {
                        strictness.failed_label()
                    } else {
                        "ok"
                    },
                    count(report.fields, "field"),
                    count(report.pages, "page"),
                    count(report.languages, "language"),
                    count(report.warnings.len(), "warning"),
                    report.elapsed.as_millis()
                ));
            }
        }
        Err(problems) => tell(&problems.to_string()),
    }
    exit_code(failed)
}

/// `fieldbook check --python FILE --class NAME`: docstring-vs-code drift of one class.
pub fn python(
    file: &Path,
    class: &str,
    format: Format,
    strictness: Strictness,
    quiet: bool,
) -> ExitCode {
    let (errors, warnings, fields) = match read_dataclass(file, class) {
        Ok(c) => {
            let mut warnings = crate::python::reader::unresolved_warnings(&c);
            warnings.extend(docstring_drift(&c));
            (Vec::new(), warnings, c.fields.len())
        }
        Err(problems) => (problems.0, Vec::new(), 0),
    };
    let failed = !errors.is_empty() || strictness.fails(&warnings);
    if format == Format::Json {
        say_json(failed, &errors, &warnings, None);
        return exit_code(failed);
    }
    for d in errors.iter().chain(&warnings) {
        tell(&d.to_string());
    }
    if !quiet && errors.is_empty() {
        say(&format!(
            "{}: {fields} fields of `{class}`, {}",
            if failed {
                strictness.failed_label()
            } else {
                "ok"
            },
            count(warnings.len(), "warning"),
        ));
    }
    exit_code(failed)
}
