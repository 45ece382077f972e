//! `fieldbook build`: load, validate, render and swap the new site into DEST.

use super::{count, finish};
use crate::term::tell;
use crate::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Builds the book at `root` into `dest` (book.toml's `[build] dest` when `None`) and prints
/// the warnings, a summary line and the page to open; with `open`, opens it in a browser where
/// there is one (where there is none, a note says so and the build still succeeds). `site_url`
/// replaces book.toml's `site-url`.
pub fn run(
    root: &Path,
    dest: Option<PathBuf>,
    site_url: Option<String>,
    open: bool,
    quiet: bool,
) -> ExitCode {
    let options = BuildOptions {
        dest,
        write: true,
        site_url,
    };
    let result = build(root, &options).map(|r| {
        for warning in &r.warnings {
            tell(&warning.to_string());
        }
        let index = crate::browser::file_url(&r.dest.join("index.html"));
        if open {
            if let Err(why) = crate::browser::open(&index) {
                tell(&format!("note: could not open a browser: {why}"));
            }
        }
        format!(
            "built {} for {} in {} into {} in {} ms\nopen {index}",
            count(r.pages, "page"),
            count(r.fields, "field"),
            count(r.languages, "language"),
            r.dest.display(),
            r.elapsed.as_millis()
        )
    });
    finish(result, quiet)
}
