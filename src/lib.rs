//! fieldbook: bilingual reference sites for configuration classes.
//!
//! The pipeline, one stage per module:
//! [`source`] reads files into `Raw*` values with spans → [`validate`] checks them into a
//! [`model::Book`] → [`render`] turns the book into pages and data files → [`output`] swaps the
//! finished site into DEST.

pub mod browser;
pub mod cache;
pub mod cmd;
pub mod code_facts;
pub mod config;
pub mod diagnostics;
pub mod drift;
pub mod edit_set;
pub mod glossary;
pub mod highlight;
pub mod import_into;
pub mod init;
pub mod lang;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod new_book;
pub mod output;
pub mod po;
pub mod publish;
pub mod python;
pub mod render;
pub mod serve;
pub mod source;
pub mod stamp;
pub mod term;
pub mod ui;
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
    /// Replaces book.toml's `site-url` (`build --site-url`; already checked by
    /// [`config::site_url`]).
    pub site_url: Option<String>,
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
/// left exactly as it was. Pages are written to a staging folder beside DEST as they are
/// rendered, and the folder is swapped in once everything succeeded.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Report, Diagnostics> {
    if !options.write {
        return render_book(root, options, None).map(|(report, _)| report);
    }
    let started = Instant::now();
    let (book, templates, mut problems) = load_for_render(root, options)?;
    let dest = book.config.dest.clone();
    if let Err(d) = output::check_dest(root, &dest, &dest_rules(&book)) {
        problems.push(d);
    }
    let staging = if problems.0.is_empty() {
        output::Staging::create(&dest)
            .map_err(|d| problems.push(d))
            .ok()
    } else {
        None
    };
    let rendered = match &staging {
        Some(staging) => render_pages(&book, templates, None, staging, &mut problems),
        // Rendered anyway, so that broken links are reported with the other problems.
        None => render_pages(
            &book,
            templates,
            None,
            &output::Collect::default(),
            &mut problems,
        ),
    };
    let rendered = problems.into_result(rendered)?;
    if let Some(staging) = staging {
        staging.commit().map_err(|d| Diagnostics(vec![d]))?;
    }
    Ok(report(&book, dest, rendered, started))
}

/// What the book's DEST must keep clear of: the Python sources its references read, and the
/// book's own folder when book.toml chose DEST.
fn dest_rules(book: &model::Book) -> output::DestRules<'_> {
    let sources = book
        .references
        .iter()
        .flat_map(|r| std::iter::once(r).chain(&r.other_versions))
        .filter_map(|r| r.python.clone())
        .collect();
    output::DestRules {
        set_in_book: book.config.dest_set_in_book.as_ref(),
        sources,
    }
}

/// Loads, validates and renders the book at `root` in memory, without writing anything. `serve`
/// passes its `cache` so that a rebuild redoes only the work whose input changed.
pub fn render_book(
    root: &Path,
    options: &BuildOptions,
    cache: Option<&cache::RebuildCache>,
) -> Result<(Report, Vec<output::OutputFile>), Diagnostics> {
    let started = Instant::now();
    let (book, templates, mut problems) = load_for_render(root, options)?;
    let files = output::Collect::default();
    let rendered = render_pages(&book, templates, cache, &files, &mut problems);
    let rendered = problems.into_result(rendered)?;
    let dest = book.config.dest.clone();
    Ok((report(&book, dest, rendered, started), files.into_files()))
}

/// Loads and validates the book while the templates compile (neither needs the other); a book that could be built comes back with the problems found so
/// far, so that rendering can add broken links to them.
fn load_for_render(
    root: &Path,
    options: &BuildOptions,
) -> Result<(model::Book, TemplatesResult, Diagnostics), Diagnostics> {
    let load_book = || {
        let loaded = source::load(root)?;
        let validated = validate::validate(&loaded, options.dest.as_deref());
        // The parsed sources are not needed any more; freeing them (a few ms for a large
        // book) need not hold up rendering.
        rayon::spawn(move || drop(loaded));
        Ok::<_, Diagnostics>(validated)
    };
    let (book, templates) = rayon::join(load_book, || render::templates::Templates::load(root));
    match book? {
        (Some(mut book), problems) => {
            if let Some(url) = &options.site_url {
                book.config.site_url = url.clone();
            }
            Ok((book, templates, problems))
        }
        (None, problems) => Err(problems),
    }
}

/// The compiled templates, or why they could not be compiled.
type TemplatesResult = Result<render::templates::Templates, Diagnostics>;

/// What rendering produced: the page count and the templates' warnings.
type Rendered = (usize, Vec<diagnostics::Diagnostic>);

/// Renders `book` into `sink`, adding what goes wrong to `problems`; returns the page count
/// and the warnings about the book's templates.
fn render_pages(
    book: &model::Book,
    templates: TemplatesResult,
    cache: Option<&cache::RebuildCache>,
    sink: &dyn output::Sink,
    problems: &mut Diagnostics,
) -> Rendered {
    let checked = output::NameCheck::new(sink);
    let rendered = templates.and_then(|templates| {
        render::render_into(book, &templates, cache, &checked)
            .map(|r| (r.pages, templates.warnings))
    });
    problems.0.extend(checked.problem());
    match rendered {
        Ok(rendered) => rendered,
        Err(more) => {
            problems.0.extend(more.0);
            (0, Vec::new())
        }
    }
}

/// The summary of a finished build.
fn report(book: &model::Book, dest: PathBuf, rendered: Rendered, started: Instant) -> Report {
    let (pages, template_warnings) = rendered;
    Report {
        pages,
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
            warnings.extend(drift::stale_translations(book));
            warnings.extend(drift::missing_translations(book));
            warnings.extend(book.warnings.iter().cloned());
            warnings.extend(template_warnings);
            warnings
        },
        coverage: drift::coverage(book),
    }
}
