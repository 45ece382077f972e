//! Book → pages: view models per language, rendered with Tera, plus `fields.json`.

mod breaks;
mod config_forms;
mod contexts;
mod ctx;
mod export;
mod field;
mod i18n;
pub use i18n::ui_keys;
mod inventory;
mod links;
mod nav;
mod pages;
pub mod paths;
pub mod search;
mod template_limits;
pub mod templates;
mod versions;
pub mod view;
pub mod wording;

pub use ctx::RenderCtx;
use links::link_table;

use crate::cache::RebuildCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::markdown::{self, LinkTable, ParsedTexts};
use crate::model::Book;
use crate::output::{Collect, OutputFile, Sink};
use rayon::prelude::*;
use std::sync::Arc;
use templates::Templates;
use view::{Chrome, LinkView, NavItem, ReferenceView};

/// What a render produced besides its files.
#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML pages, not counting permalink redirects.
    pub pages: usize,
}

/// Renders the whole site in memory: every page of every language, `fields.json` and the
/// assets, sorted by path.
pub fn render(book: &Book, templates: &Templates) -> Result<Vec<OutputFile>, Diagnostics> {
    let sink = Collect::default();
    render_into(book, templates, None, &sink)?;
    Ok(sink.into_files())
}

/// Renders the whole site into `sink`. Pages are rendered in parallel (languages, references
/// and groups at once) and each goes to the sink as soon as it is done, so a large book is never
/// held in memory whole. Problems are returned in the same order on every run. With a `cache`
/// (`serve`), work an earlier build did for the same input is reused.
pub fn render_into(
    book: &Book,
    templates: &Templates,
    cache: Option<&RebuildCache>,
    sink: &dyn Sink,
) -> Result<Rendered, Diagnostics> {
    // The book-wide files need no page, and the other versions' pages none of the main pages,
    // so each is made while the others render.
    let parsed = &Arc::new(markdown::ParsedTexts::default());
    let ((), (per_language, versions)) = rayon::join(
        || book_files(book, templates, sink, parsed),
        || {
            let (snippets, links) = rayon::join(
                || field::Snippets::new(book, cache),
                || {
                    book.config
                        .languages
                        .par_iter()
                        .map(|&lang| link_table(book, lang, parsed))
                        .collect::<Vec<LinkTable>>()
                },
            );
            rayon::join(
                || {
                    book.config
                        .languages
                        .par_iter()
                        .zip(&links)
                        .map(|(&lang, links)| {
                            SiteRenderer::new(book, templates, cache, lang, links, &snippets, sink)
                                .render_language()
                        })
                        .collect::<Vec<Emitted>>()
                },
                || versions::render(book, templates, cache, &snippets, &links, sink),
            )
        },
    );
    let default = book.config.default_language;
    let mut problems = Diagnostics::default();
    let mut pages = 0;
    let mut default_pages = Vec::new();
    for (emitted, &lang) in per_language.into_iter().zip(&book.config.languages) {
        problems.0.extend(emitted.problems);
        pages += emitted.pages.len();
        if lang == default {
            default_pages = emitted.pages;
        }
    }
    problems.0.extend(versions.problems);
    pages += versions.pages.len();
    let default_prefix = format!("{default}/");
    default_pages.extend(
        versions
            .pages
            .into_iter()
            .filter(|p| p.starts_with(&default_prefix)),
    );
    sink.put(
        "index.html",
        templates.render_root(book, &mut problems).into_bytes(),
    );
    pages += 1;
    default_pages.retain(|p| !p.ends_with("404.html"));
    default_pages.sort();
    for (name, xml) in inventory::sitemaps(book, &default_pages) {
        sink.put(&name, xml.into_bytes());
    }
    problems.into_result(Rendered { pages })
}

/// The files of the whole book that are not pages: `fields.json`, the assets, the search index
/// and the link inventories, each made in parallel.
fn book_files(book: &Book, templates: &Templates, sink: &dyn Sink, parsed: &ParsedTexts) {
    let default = book.config.default_language;
    rayon::scope(|s| {
        s.spawn(|_| sink.put("fields.json", export::fields_json(book).into_bytes()));
        s.spawn(|_| {
            for (path, script) in search::search_files(book, parsed) {
                sink.put(&path, script_safe(&script).into_bytes());
            }
        });
        s.spawn(|_| {
            let entries = &inventory::entries(book);
            rayon::scope(|s| {
                s.spawn(move |_| {
                    sink.put(
                        "objects.inv",
                        inventory::objects_inv(book, entries, default, ""),
                    )
                });
                for &lang in &book.config.languages {
                    s.spawn(move |_| {
                        sink.put(
                            &format!("{lang}/objects.inv"),
                            inventory::objects_inv(book, entries, lang, &format!("{lang}/")),
                        )
                    });
                }
                sink.put(
                    "xref.json",
                    inventory::xref_json(book, entries).into_bytes(),
                );
            });
        });
        for (name, bytes) in &templates.assets {
            sink.put(&format!("assets/{name}"), bytes.clone());
        }
    });
}

/// What one part of a language's rendering emitted: the paths of its pages (permalink
/// redirects aside) and the problems found, in order.
#[derive(Default)]
struct Emitted {
    pages: Vec<String>,
    problems: Vec<Diagnostic>,
}

impl Emitted {
    /// Appends the output of parts rendered after this one.
    fn extend(&mut self, parts: impl IntoIterator<Item = Emitted>) {
        for part in parts {
            self.pages.extend(part.pages);
            self.problems.extend(part.problems);
        }
    }
}

/// JSON written into a script: U+2028 and U+2029, which JSON allows raw in strings but
/// JavaScript before ES2019 reads as line ends, are written as `\u` escapes. (JSON puts them
/// nowhere but inside strings, so the replacement keeps the value.) `</script>` needs no care:
/// the index is a file of its own, loaded with `<script src>`.
fn script_safe(json_script: &str) -> String {
    json_script
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// How much of a group's fields a page shows.
#[derive(Clone, Copy)]
enum Detail {
    /// Only how many there are.
    Count,
    /// A defaults-table row each.
    Rows,
    /// Rows plus each field's whole section.
    Sections,
}

/// Renders the pages of one language (its methods live in pages.rs, nav.rs and contexts.rs).
struct SiteRenderer<'a> {
    book: &'a Book,
    templates: &'a Templates,
    cache: Option<&'a RebuildCache>,
    lang: Lang,
    links: &'a LinkTable,
    snippets: &'a field::Snippets,
    sink: &'a dyn Sink,
    /// Reference views already built, by reference id and root prefix: every page of a
    /// reference shows the same one.
    reference_views: std::sync::Mutex<std::collections::HashMap<(String, String), ReferenceView>>,
}

/// Lets page data of different types go through one `emit` closure.
mod erased {
    /// Any serializable page data.
    pub trait Page {
        /// The data as a JSON value (a Tera context is made from it).
        fn value(&self) -> Result<serde_json::Value, serde_json::Error>;
    }

    impl<T: serde::Serialize> Page for T {
        fn value(&self) -> Result<serde_json::Value, serde_json::Error> {
            serde_json::to_value(self)
        }
    }
}
