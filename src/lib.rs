//! fieldbook: bilingual reference sites for configuration classes.
//!
//! The pipeline, one stage per module:
//! [`source`] reads files into `Raw*` values with spans → [`validate`] checks them into a
//! [`model::Book`] → [`render`] turns the book into pages and data files → [`output`] swaps the
//! finished site into DEST.

pub mod code_facts;
pub mod config;
pub mod diagnostics;
pub mod drift;
pub mod drift_python;
pub mod highlight;
pub mod r#import;
pub mod import_into;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pyliteral;
pub mod render;
pub mod search;
pub mod serve;
pub mod source;
pub mod stamp;
pub mod typeexpr;
pub mod validate;

use diagnostics::Diagnostics;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build should do besides rendering.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder; `[build] dest` of book.toml when `None`.
    pub dest: Option<PathBuf>,
    /// False for `check`: render everything, write nothing.
    pub write: bool,
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages rendered.
    pub pages: usize,
    /// Fields documented, over all references.
    pub fields: usize,
    /// References documented.
    pub references: usize,
    /// Languages built.
    pub languages: usize,
    /// Where the site was (or would be) written.
    pub dest: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Problems that do not stop the build (stale translations, drift).
    pub warnings: Vec<diagnostics::Diagnostic>,
    /// Translation coverage per reference, group and language.
    pub coverage: drift::CoverageReport,
}

/// Loads and validates a book without rendering it.
pub fn load_book(root: &Path, dest: Option<&Path>) -> Result<model::Book, Diagnostics> {
    let loaded = source::load(root)?;
    match validate::validate(&loaded, dest) {
        (Some(book), problems) => problems.into_result(book),
        (None, problems) => Err(problems),
    }
}

/// Builds the book at `root`: every problem is reported together, and on any problem DEST is
/// left exactly as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Report, Diagnostics> {
    let (report, files) = render_book(root, options)?;
    if options.write {
        output::write_site(&report.dest, &files)?;
    }
    Ok(report)
}

/// Loads, validates and renders the book at `root` in memory, without writing anything.
pub fn render_book(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Report, Vec<render::OutputFile>), Diagnostics> {
    let started = Instant::now();
    let loaded = source::load(root)?;
    let (book, mut problems) = validate::validate(&loaded, options.dest.as_deref());
    let Some(book) = book else {
        return Err(problems);
    };
    let dest = book.config.dest.clone();
    if options.write {
        if let Err(d) = output::check_dest(root, &dest) {
            problems.push(d);
        }
    }
    // Render even when validation found problems, so that broken links are reported with them.
    let files = match render::templates::Templates::load(root) {
        Ok(templates) => render::render(&book, &templates).unwrap_or_else(|more| {
            problems.0.extend(more.0);
            Vec::new()
        }),
        Err(more) => {
            problems.0.extend(more.0);
            Vec::new()
        }
    };
    let files = problems.into_result(files)?;
    let report = Report {
        pages: files
            .iter()
            .filter(|f| f.path.ends_with(".html") && !f.path.contains("/p/"))
            .count(),
        fields: book.references.iter().map(|r| r.fields().count()).sum(),
        references: book.references.len(),
        languages: book.config.languages.len(),
        dest,
        elapsed: started.elapsed(),
        warnings: {
            let mut warnings: Vec<_> = book
                .references
                .iter()
                .flat_map(|r| r.warnings.iter().cloned())
                .collect();
            warnings.extend(drift::stale_translations(&book));
            warnings
        },
        coverage: drift::coverage(&book),
    };
    Ok((report, files))
}
