//! `fieldbook import`: print a class's fields read from its Python source, or bring a
//! reference's content up to date with it (`--into`).

use super::{count, fail, finish};
use crate::import_into::{import_into, IMPORTED_GROUP};
use crate::python::reader::{read_config_class, to_json, to_table};
use crate::term::{escape, say, tell};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints the fields of `class` in `file` as a table or (`json`) a JSON array. The fields are
/// the output: printed even with `--quiet`.
pub fn print(file: &Path, class: &str, search: &[PathBuf], json: bool) -> ExitCode {
    match read_config_class(file, class, search) {
        Ok(c) => {
            for warning in crate::python::reader::unresolved_warnings(&c) {
                tell(&warning.to_string());
            }
            say(&if json {
                to_json(&c.fields)
            } else {
                to_table(&c.fields)
            });
            ExitCode::SUCCESS
        }
        Err(problems) => fail(&problems),
    }
}

/// Updates the content folder `into` from `class` in `file`: facts of known fields in place,
/// new fields added, fields gone from the code reported (never deleted).
pub fn into(file: &Path, class: &str, search: &[PathBuf], into: &Path, quiet: bool) -> ExitCode {
    let result = read_config_class(file, class, search).and_then(|c| {
        for warning in crate::python::reader::unresolved_warnings(&c) {
            tell(&warning.to_string());
        }
        // A module that uses HfArgumentParser fills the class from the command line.
        let hf_argparser = std::fs::read_to_string(file)
            .map(|text| text.contains("HfArgumentParser"))
            .unwrap_or(false);
        let r = import_into(&c.fields, into, hf_argparser)?;
        if r.cli_set {
            tell(&format!(
                "{}: note: set `cli = \"hf-argparser\"`: the source uses `HfArgumentParser`, so pages show each field's command-line flag",
                escape(&into.join("reference.toml").display().to_string())
            ));
        }
        for name in &r.removed {
            tell(&format!(
                "{}: note: `{}` is in the content but no longer in `{}`; it was not deleted",
                escape(&into.display().to_string()),
                escape(name),
                escape(class)
            ));
        }
        Ok(format!(
            "updated the facts of {}, added {} to groups/{IMPORTED_GROUP}, {} no longer in the code; wrote {}",
            count(r.updated.len(), "field"),
            count(r.added.len(), "new field"),
            count(r.removed.len(), "field"),
            count(r.written.len(), "file"),
        ))
    });
    finish(result, quiet)
}
