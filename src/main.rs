//! The `fieldbook` command line.

use clap::{Parser, Subcommand};
use fieldbook::{build, init, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: rendering allocates and frees many small strings
/// and values, and mimalloc does that markedly faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (include/mimalloc.h), the version the
/// `mimalloc` crate builds; `libmimalloc-sys` names no constant for it. Checked by a test.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory that rendering frees for the next allocations instead of handing it back to the
/// OS after mimalloc's purge delay: a large book allocates and frees far more than it ever holds,
/// and every page handed back was zeroed again by the kernel on its next use (at 20,000 fields,
/// ~30,000 page faults and ~5% of the build's time; ~700 faults without purging, for ~40 MB more
/// peak RSS).
fn keep_freed_memory() {
    // SAFETY: sets a process-wide option of the allocator; any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Build bilingual reference sites for configuration classes.
#[derive(Parser)]
#[command(name = "fieldbook", version, about)]
struct Cli {
    /// Print nothing on success.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// Output format of `check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into DEST (default: `[build] dest` of book.toml, or `book`).
    Build {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output folder.
        #[arg(short = 'd', long = "dest")]
        dest: Option<PathBuf>,
        /// Open the site in a browser (where there is none, a note says so; the build succeeds).
        #[arg(long)]
        open: bool,
    },
    /// Load, validate and render the book without writing anything.
    Check {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// `text` for people, `json` for machines.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// Check a dataclass's docstring against its code in this Python file instead of a book.
        #[arg(long, value_name = "FILE.py", requires = "class")]
        python: Option<PathBuf>,
        /// The dataclass to check (with `--python`).
        #[arg(long = "class", value_name = "NAME", requires = "python")]
        class: Option<String>,
    },
    /// Record that every translation is up to date with the default-language text
    /// (writes `translated-from.<lang>` into the group files, keeping their formatting).
    Stamp {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Only this language (default: every non-default language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind; the default only accepts connections from this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a small working book in DIR.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// List what changed in a dataclass between two versions of its Python source.
    Diff {
        /// The old version's file.
        old: PathBuf,
        /// The new version's file.
        new: PathBuf,
        /// The dataclass to compare.
        #[arg(long = "class", value_name = "NAME")]
        class: String,
        /// `text` for people, `json` for machines.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Read a dataclass's fields from its Python source and print them.
    Import {
        /// The Python file that defines the class.
        file: PathBuf,
        /// The dataclass to read.
        #[arg(long = "class", value_name = "NAME")]
        class: String,
        /// Print a JSON array, one object per field, instead of a table.
        #[arg(long)]
        json: bool,
        /// Update this content folder (`content/<ref-id>`) instead of printing: facts of known
        /// fields updated in place, new fields added to `groups/99-imported.toml`.
        #[arg(long, value_name = "DIR", conflicts_with = "json")]
        into: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build { root, dest, open } => build(
            root,
            &BuildOptions {
                dest: dest.clone(),
                write: true,
            },
        )
        .map(|r| {
            for warning in &r.warnings {
                eprintln!("{warning}");
            }
            let index = fieldbook::browser::file_url(&r.dest.join("index.html"));
            if *open {
                if let Err(why) = fieldbook::browser::open(&index) {
                    eprintln!("note: could not open a browser: {why}");
                }
            }
            format!(
                "built {} pages for {} fields in {} language{} into {} in {} ms\nopen {index}",
                r.pages,
                r.fields,
                r.languages,
                if r.languages == 1 { "" } else { "s" },
                r.dest.display(),
                r.elapsed.as_millis()
            )
        }),
        Command::Serve { root, port, bind, open } => {
            let options = fieldbook::serve::ServeOptions { root: root.clone(), bind: bind.clone(), port: *port, open: *open };
            return match fieldbook::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Command::Check { root, format, strict, python, class } => {
            return match (python, class) {
                (Some(file), Some(class)) => check_python(file, class, *format, *strict, cli.quiet),
                _ => check(root, *format, *strict, cli.quiet),
            }
        }
        Command::Stamp { root, lang } => fieldbook::stamp::stamp(root, lang.as_deref()).map(|n| format!("stamped {n} translations as up to date")),
        Command::Import {
            file,
            class,
            into: Some(into),
            ..
        } => fieldbook::r#import::read_class(file, class).and_then(|fields| {
            let r = fieldbook::import_into::import_into(&fields, into)?;
            for name in &r.removed {
                eprintln!(
                    "{}: note: `{name}` is in the content but no longer in `{class}`; it was not deleted",
                    into.display()
                );
            }
            Ok(format!(
                "updated the facts of {} field{}, added {} new field{} to groups/{}, {} field{} no longer in the code; wrote {} file{}",
                r.updated.len(),
                if r.updated.len() == 1 { "" } else { "s" },
                r.added.len(),
                if r.added.len() == 1 { "" } else { "s" },
                fieldbook::import_into::IMPORTED_GROUP,
                r.removed.len(),
                if r.removed.len() == 1 { "" } else { "s" },
                r.written.len(),
                if r.written.len() == 1 { "" } else { "s" },
            ))
        }),
        Command::Import {
            file, class, json, ..
        } => {
            let output = fieldbook::r#import::read_dataclass(file, class).map(|c| {
                for base in &c.unresolved_bases {
                    let from = base
                        .module
                        .as_ref()
                        .map(|m| format!(" (imported from `{m}`)"))
                        .unwrap_or_default();
                    eprintln!(
                        "{}:{}:{}: note: base class `{}`{from} was not found; its fields are not included",
                        base.origin.path.display(),
                        base.origin.line,
                        base.origin.col,
                        base.name
                    );
                }
                if *json {
                    fieldbook::r#import::to_json(&c.fields)
                } else {
                    fieldbook::r#import::to_table(&c.fields)
                }
            });
            match output {
                // The fields are the output: printed even with --quiet.
                Ok(text) => {
                    say(&text);
                    return ExitCode::SUCCESS;
                }
                Err(problems) => Err(problems),
            }
        }
        Command::Diff { old, new, class, format } => {
            let read = |p: &PathBuf| fieldbook::r#import::read_class(p, class);
            match (read(old), read(new)) {
                (Ok(o), Ok(n)) => {
                    // The diff is the output: printed even with --quiet.
                    let d = fieldbook::drift_python::diff(&o, &n);
                    if *format == Format::Json {
                        say(&serde_json::to_string_pretty(&d).unwrap_or_default());
                    } else {
                        say(&d.to_text());
                    }
                    return ExitCode::SUCCESS;
                }
                (o, n) => {
                    let mut all = fieldbook::diagnostics::Diagnostics::default();
                    for problems in [o.err(), n.err()].into_iter().flatten() {
                        all.0.extend(problems.0);
                    }
                    Err(all)
                }
            }
        }
        Command::Init { dir } => init::scaffold(dir).map(|()| {
            format!(
                "created a book in {}; build it with `fieldbook build {}`",
                dir.display(),
                dir.display()
            )
        }),
    };
    match result {
        Ok(summary) => {
            if !cli.quiet {
                say(&summary);
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::from(1)
        }
    }
}

/// Prints a line to standard output. A closed pipe (`fieldbook import … | head`) is not an
/// error worth a panic: the reader has what it wanted.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn diagnostic_json(d: &fieldbook::diagnostics::Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "path": d.path.to_string_lossy(),
        "line": d.position.map(|p| p.0),
        "column": d.position.map(|p| p.1),
        "severity": if d.severity == fieldbook::diagnostics::Severity::Warning { "warning" } else { "error" },
        "message": d.message,
        "hint": d.hint,
    })
}

/// Prints a check's outcome as JSON: `ok`, `errors`, `warnings` and `coverage`.
fn say_check_json(
    failed: bool,
    errors: &[fieldbook::diagnostics::Diagnostic],
    warnings: &[fieldbook::diagnostics::Diagnostic],
    coverage: serde_json::Value,
) {
    let out = serde_json::json!({
        "ok": !failed,
        "errors": errors.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "warnings": warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "coverage": coverage,
    });
    say(&serde_json::to_string_pretty(&out).unwrap_or_default());
}

/// `fieldbook check --python FILE --class NAME`: docstring-vs-code drift of one dataclass.
fn check_python(
    file: &std::path::Path,
    class: &str,
    format: Format,
    strict: bool,
    quiet: bool,
) -> ExitCode {
    let read = fieldbook::r#import::read_dataclass(file, class);
    let (errors, warnings, fields) = match &read {
        Ok(c) => (
            Vec::new(),
            fieldbook::drift_python::docstring_drift(c),
            c.fields.len(),
        ),
        Err(problems) => (problems.0.clone(), Vec::new(), 0),
    };
    let failed = !errors.is_empty() || (strict && !warnings.is_empty());
    if format == Format::Json {
        say_check_json(failed, &errors, &warnings, serde_json::Value::Null);
    } else {
        for d in errors.iter().chain(&warnings) {
            eprintln!("{d}");
        }
        if !quiet && errors.is_empty() {
            say(&format!(
                "{}: {fields} fields of `{class}`, {} warning{}",
                if failed { "failed (--strict)" } else { "ok" },
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" },
            ));
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `fieldbook check`: every error and warning, as text or JSON; exit 1 on errors (and on
/// warnings with `--strict`).
fn check(root: &std::path::Path, format: Format, strict: bool, quiet: bool) -> ExitCode {
    let result = build(
        root,
        &BuildOptions {
            dest: None,
            write: false,
        },
    );
    let (errors, warnings, coverage) = match &result {
        Ok(report) => (Vec::new(), report.warnings.clone(), Some(&report.coverage)),
        Err(problems) => (problems.0.clone(), Vec::new(), None),
    };
    let failed = !errors.is_empty() || (strict && !warnings.is_empty());
    if format == Format::Json {
        say_check_json(failed, &errors, &warnings, serde_json::json!(coverage));
    } else {
        match &result {
            Ok(report) => {
                for warning in &report.warnings {
                    eprintln!("{warning}");
                }
                if !quiet {
                    say(&format!(
                        "{}: {} fields, {} pages in {} languages, {} warning{} ({} ms)",
                        if failed { "failed (--strict)" } else { "ok" },
                        report.fields,
                        report.pages,
                        report.languages,
                        report.warnings.len(),
                        if report.warnings.len() == 1 { "" } else { "s" },
                        report.elapsed.as_millis()
                    ));
                }
            }
            Err(problems) => eprintln!("{problems}"),
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// The option number is mimalloc's purge delay: no other option of v3 defaults to 1000 ms,
    /// and setting it takes effect.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads and sets a process-wide allocator option.
        unsafe {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            }
            super::keep_freed_memory();
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
