//! `fieldbook new`: a book for one real configuration class.

use super::{count, finish};
use crate::new_book::{create, NewBook};
use crate::term::tell;
use std::process::ExitCode;

/// Creates the book `request` describes, prints what the reader could not do as warnings, and
/// says how to build it.
pub fn run(request: &NewBook, quiet: bool) -> ExitCode {
    let result = create(request).map(|created| {
        for warning in &created.warnings {
            tell(&warning.to_string());
        }
        let refs: Vec<String> = created
            .references
            .iter()
            .map(|(id, class, fields)| {
                format!("{class} ({}, content/{id})", count(*fields, "field"))
            })
            .collect();
        let workflow = match &created.workflow {
            Some(path) => format!(
                "; wrote {} (set the repository variable FIELDBOOK_GIT and Settings > Pages > Source: GitHub Actions to publish)",
                path.display()
            ),
            None => String::new(),
        };
        format!(
            "created a book in {} for {}, {}; build it with `fieldbook build {}`{workflow}",
            request.dir.display(),
            refs.join(", "),
            count(created.warnings.len(), "warning"),
            request.dir.display()
        )
    });
    finish(result, quiet)
}
