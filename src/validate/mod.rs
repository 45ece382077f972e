//! `Raw*` → [`Book`]: checks every reference, group, field, enum and guide, collecting every
//! problem with its `path:line:col` before failing.
//!
//! This file runs the checks in order; each file beside it checks one thing: `reference.rs`
//! (a reference and its groups), `field.rs`, `enums.rs`, `guides.rs`, `versions.rs` (a
//! reference's other versions and their text) and `names.rs` (what a name may be).

mod enums;
mod field;
mod glossary;
mod guides;
mod names;
mod reference;
mod versions;

pub use names::{is_slug, MAX_NAME};

use crate::config::book_config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Book, Reference};
use crate::source::LoadedBook;
use guides::guides;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use versions::with_versions;

/// The type names a reference's annotations may use beside the built-in ones: its enums, and
/// the classes the book's references document.
pub(crate) struct TypeNames<'a> {
    /// The enums of the reference's `enums.toml`.
    pub enums: BTreeSet<&'a str>,
    /// The classes of every reference of the book.
    pub classes: &'a BTreeSet<&'a str>,
}

impl TypeNames<'_> {
    /// True for an enum of the reference.
    pub fn is_enum(&self, name: &str) -> bool {
        self.enums.contains(name)
    }

    /// True for a built-in type, an enum of the reference or a class the book documents.
    pub fn is_known(&self, name: &str) -> bool {
        field::KNOWN_TYPES.contains(&name) || self.is_enum(name) || self.classes.contains(name)
    }
}

/// Validates a loaded book; `dest_override` is the `-d` flag.
///
/// Returns the book as far as it could be built (so later stages can find their own problems
/// too) with every problem found; the book is `None` only when `book.toml` itself is unusable.
pub fn validate(loaded: &LoadedBook, dest_override: Option<&Path>) -> (Option<Book>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let Some(config) = book_config(&loaded.config, &loaded.root, dest_override, &mut problems)
    else {
        return (None, problems);
    };
    let langs = config.languages.clone();
    let default = config.default_language;
    // The classes the book documents: an annotation naming one (a nested config) links to its
    // reference rather than asking for an enum.
    let classes: BTreeSet<&str> = loaded
        .references
        .iter()
        .map(|r| r.reference.value.class.get_ref().as_str())
        .collect();
    // References are independent: validated in parallel, their problems kept in book order.
    let validated: Vec<(Reference, Diagnostics)> = loaded
        .references
        .par_iter()
        .map(|r| {
            let mut found = Diagnostics::default();
            (
                with_versions(r, &langs, default, &classes, &mut found),
                found,
            )
        })
        .collect();
    let mut references = Vec::with_capacity(validated.len());
    for (reference, found) in validated {
        references.push(reference);
        problems.0.extend(found.0);
    }
    let guides = guides(
        &loaded.guides,
        &langs,
        config.default_language,
        &mut problems,
    );
    if let Some(page) = &config.union_note_page {
        // Compare with the guide files, not the guides that validated: a guide with a problem of
        // its own is reported for that problem, not again as missing here.
        if !loaded.guides.iter().any(|g| &g.slug == page) {
            let file = &loaded.config.file;
            let at = loaded
                .config
                .value
                .book
                .union_note_page
                .as_ref()
                .map_or(0, |p| p.span().start);
            problems.push(
                file.error_at(
                    at,
                    format!(
                        "`union-note-page` names `{page}`, but there is no guide with that name"
                    ),
                )
                .with_hint(format!(
                    "create `content/guides/{page}.md`, or remove the key"
                )),
            );
        }
    }
    stray_folders(loaded, &config.dest, &mut problems);
    let glossary = glossary::glossary(loaded.glossary.as_ref(), &langs, default, &mut problems);
    let warnings = glossary::check(loaded, &glossary, &langs, default);
    let mut book = Book {
        config,
        references,
        guides,
        glossary,
        warnings,
        stale: Vec::new(),
    };
    crate::memory::apply(loaded, &mut book);
    crate::memory::check_files(loaded, &book, &mut problems);
    (Some(book), problems)
}

/// Reports folders in `content/` that document nothing, except DEST itself, which the DEST
/// check reports with the real problem.
fn stray_folders(loaded: &LoadedBook, dest: &Path, problems: &mut Diagnostics) {
    let dest = std::fs::canonicalize(dest).ok();
    for shown in &loaded.stray_folders {
        let folder = std::fs::canonicalize(loaded.root.join(shown)).ok();
        if folder.is_some() && folder == dest {
            continue;
        }
        problems.push(
            Diagnostic::file(shown, "this folder has no `reference.toml`").with_hint(format!(
                "every folder in `content/` except `{}/` documents one class: add `reference.toml` (or fix its name), or move the folder out of `content/`",
                crate::source::GUIDES_DIR
            )),
        );
    }
}
