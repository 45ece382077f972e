//! `fieldbook po export` and `fieldbook po import`: translations as gettext PO files.

use super::{count, fail, finish};
use crate::term::{say, tell};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes the PO files of `lang` into `dir`.
pub fn export(root: &Path, lang: &str, dir: &Path, quiet: bool) -> ExitCode {
    let result = crate::po::export(root, lang, dir).map(|files| {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        format!(
            "wrote {}: {}",
            count(files.len(), "PO file"),
            names.join(", ")
        )
    });
    finish(result, quiet)
}

/// Imports the translations of `files` into the book at `root`.
pub fn import(root: &Path, files: &[PathBuf], quiet: bool) -> ExitCode {
    match crate::po::import::import(root, files) {
        Ok(done) => {
            for warning in &done.warnings {
                tell(&warning.to_string());
            }
            if !quiet {
                say(&format!(
                    "imported {} into {}; {} unchanged, skipped {} and {}; {}",
                    count(done.written, "translation"),
                    count(done.files.len(), "file"),
                    done.unchanged,
                    count(done.fuzzy, "fuzzy entry").replace("entrys", "entries"),
                    count(done.empty, "empty entry").replace("entrys", "entries"),
                    count(done.warnings.len(), "warning"),
                ));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => fail(&problems),
    }
}
