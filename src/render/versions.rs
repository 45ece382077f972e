//! Other versions of a reference (`[[versions]]`): their pages under
//! `<lang>/<ref>/v/<version>/`, the version switch on every page of the reference, and a
//! "What changed" page per pair of consecutive versions at
//! `<lang>/<ref>/changes/<old>-to-<new>.html`.
//!
//! Only the main version gets permalinks, search entries, `fields.json`, inventory and sitemap
//! entries; another version's pages are the reference's pages built once more over that
//! version's code, with their Markdown problems left to the main version to report.

use super::{
    field, i18n, link_table, paths, Chrome, Emitted, LinkView, NavItem, ReferenceView, RenderCtx,
    Sink, SiteRenderer, Templates,
};
use crate::cache::RebuildCache;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::markdown::LinkTable;
use crate::model::{Book, Reference, VersionEntry};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// Renders every other version's pages and every "What changed" page, in every language, into
/// `sink` (`links`: the main version's link table per language, in the book's language order);
/// returns the pages written and the problems of the "What changed" pages.
pub(super) fn render(
    book: &Book,
    templates: &Templates,
    cache: Option<&RebuildCache>,
    snippets: &field::Snippets,
    links: &[LinkTable],
    sink: &dyn Sink,
) -> Emitted {
    let versions: Vec<(&Reference, &Reference)> = book
        .references
        .iter()
        .flat_map(|r| r.other_versions.iter().map(move |v| (r, v)))
        .collect();
    let parsed = links
        .first()
        .map(|l| Arc::clone(&l.parsed))
        .unwrap_or_default();
    let version_pages: Vec<Vec<String>> = versions
        .par_iter()
        .map(|&(_, version)| {
            let derived = Book {
                config: book.config.clone(),
                references: vec![version.clone()],
                guides: book.guides.clone(),
                glossary: Default::default(),
                warnings: Vec::new(),
                stale: Vec::new(),
            };
            let version_snippets = field::Snippets::new(&derived, cache);
            let pages: Vec<Vec<String>> = book
                .config
                .languages
                .par_iter()
                .map(|&lang| {
                    let links = link_table(&derived, lang, &parsed);
                    let snippets = &version_snippets;
                    SiteRenderer::new(&derived, templates, cache, lang, &links, snippets, sink)
                        .render_references()
                        .into_iter()
                        .flat_map(|emitted| emitted.pages)
                        .collect::<Vec<_>>()
                })
                .collect();
            pages.into_iter().flatten().collect()
        })
        .collect();
    type Change<'b> = (
        &'b Reference,
        Lang,
        &'b LinkTable,
        &'b VersionEntry,
        &'b VersionEntry,
    );
    let changes: Vec<Change> = book
        .references
        .iter()
        .filter(|r| !r.versions.is_empty())
        .flat_map(|r| {
            book.config
                .languages
                .iter()
                .zip(links)
                .flat_map(move |(&lang, links)| {
                    pairs(&r.versions).map(move |(old, new)| (r, lang, links, old, new))
                })
        })
        .collect();
    let change_pages: Vec<Result<String, Diagnostic>> = changes
        .par_iter()
        .map(|&(reference, lang, links, old, new)| {
            let site = SiteRenderer::new(book, templates, cache, lang, links, snippets, sink);
            let path = paths::changes(lang, &reference.id, &old.name, &new.name);
            let html = changes_page(&site, reference, old, new, &path)?;
            sink.put(&path, html.into_bytes());
            Ok(path)
        })
        .collect();
    let mut out = Emitted {
        pages: version_pages.into_iter().flatten().collect(),
        problems: Vec::new(),
    };
    for page in change_pages {
        match page {
            Ok(path) => out.pages.push(path),
            Err(d) => out.problems.push(d),
        }
    }
    out
}

/// Consecutive versions, oldest pair first.
fn pairs(versions: &[VersionEntry]) -> impl Iterator<Item = (&VersionEntry, &VersionEntry)> {
    versions.windows(2).map(|w| (&w[0], &w[1]))
}

/// The version switch and the "What changed" links for a page of the current reference.
pub(super) fn switch(book: &Book, ctx: &RenderCtx, path: &str) -> (Vec<NavItem>, Vec<NavItem>) {
    let lang = ctx.lang;
    let Some(current) = ctx.current_reference else {
        return (Vec::new(), Vec::new());
    };
    let Some(reference) = book.references.iter().find(|r| r.id == current) else {
        return (Vec::new(), Vec::new());
    };
    let versions = &reference.versions;
    let Some(main) = versions.iter().find(|v| v.main) else {
        return (Vec::new(), Vec::new());
    };
    let base = versions.iter().find(|v| v.id == current).unwrap_or(main);
    let rest = path
        .strip_prefix(&format!("{lang}/{}/", base.id))
        .unwrap_or("index.html");
    let switch = versions
        .iter()
        .map(|v| {
            // The same page where that version has it; a group keeps its page when the
            // version documents a field in it (the reader's #anchor is carried by a script).
            let same = matches!(rest, "index.html" | "defaults.html" | "enums.html")
                || rest
                    .strip_suffix(".html")
                    .is_some_and(|g| v.fields.values().any(|group| group == g));
            let page = if same { rest } else { "index.html" };
            NavItem {
                label: v.name.clone(),
                href: format!("{}{lang}/{}/{page}", ctx.root, v.id),
                current: v.id == base.id && !rest.starts_with("changes/"),
                badge: None,
            }
        })
        .collect();
    let changes = pairs(versions)
        .map(|(old, new)| {
            let target = paths::changes(lang, &main.id, &old.name, &new.name);
            NavItem {
                label: format!("{} → {}", old.name, new.name),
                current: target == path,
                href: format!("{}{target}", ctx.root),
                badge: None,
            }
        })
        .collect();
    (switch, changes)
}

/// One row of a "What changed" page.
#[derive(Serialize)]
struct ChangeRow {
    /// `added`, `removed`, `renamed`, `default`, `type` or `choices`.
    kind: &'static str,
    /// The kind in the page's language.
    kind_label: &'static str,
    /// The field in the older version.
    old_link: Option<LinkView>,
    /// The field in the newer version.
    new_link: Option<LinkView>,
    /// The old value (source text).
    old_value: Option<String>,
    /// The new value (source text).
    new_value: Option<String>,
    /// For renames: inferred from look-alike fields rather than read from a deprecation.
    inferred: bool,
}

#[derive(Serialize)]
struct ChangesPage<'a> {
    chrome: &'a Chrome,
    reference: ReferenceView,
    title: String,
    old: String,
    new: String,
    rows: Vec<ChangeRow>,
}

/// A link to field `name` where version `v` documents it, from the page at `ctx`; no `href`
/// for a field the version does not document (an `init=False` field).
fn field_in(ctx: &RenderCtx, v: &VersionEntry, name: &str) -> Option<LinkView> {
    let href = v.fields.get(name).map_or(String::new(), |group| {
        format!(
            "{}{}#{name}",
            ctx.root,
            paths::group(ctx.lang, &v.id, group)
        )
    });
    Some(LinkView {
        label: name.to_string(),
        href,
    })
}

fn changes_page(
    site: &SiteRenderer,
    reference: &Reference,
    old: &VersionEntry,
    new: &VersionEntry,
    path: &str,
) -> Result<String, crate::diagnostics::Diagnostic> {
    let lang = site.lang;
    let mut ctx = site.ctx(path, Some(&reference.id));
    let reference_view = site.reference_view(&mut ctx, reference);
    let title = format!(
        "{} {} → {}",
        i18n::text(lang, "what_changed"),
        old.name,
        new.name
    );
    let mut rows = Vec::new();
    if let Some(change) = reference
        .changes
        .iter()
        .find(|c| c.old == old.name && c.new == new.name)
    {
        let d = &change.diff;
        for a in &d.added {
            rows.push(ChangeRow {
                kind: "added",
                kind_label: i18n::text(lang, "change_added"),
                old_link: None,
                new_link: field_in(&ctx, new, &a.name),
                old_value: None,
                new_value: Some(match &a.default {
                    Some(default) => format!("{} = {default}", a.annotation),
                    None => a.annotation.clone(),
                }),
                inferred: false,
            });
        }
        for r in &d.removed {
            rows.push(ChangeRow {
                kind: "removed",
                kind_label: i18n::text(lang, "change_removed"),
                old_link: field_in(&ctx, old, r),
                new_link: None,
                old_value: None,
                new_value: None,
                inferred: false,
            });
        }
        for r in &d.renamed {
            rows.push(ChangeRow {
                kind: "renamed",
                kind_label: i18n::text(lang, "change_renamed"),
                old_link: field_in(&ctx, old, &r.from),
                new_link: field_in(&ctx, new, &r.to),
                old_value: Some(r.from.clone()),
                new_value: Some(r.to.clone()),
                inferred: r.inferred,
            });
        }
        for c in &d.changed {
            let (kind, key) = match c.what {
                "default" => ("default", "change_default"),
                "type" => ("type", "change_type"),
                _ => ("choices", "change_choices"),
            };
            rows.push(ChangeRow {
                kind,
                kind_label: i18n::text(lang, key),
                old_link: field_in(&ctx, old, &c.name),
                new_link: field_in(&ctx, new, &c.name),
                old_value: c.old.clone(),
                new_value: c.new.clone(),
                inferred: false,
            });
        }
    }
    let chrome = site.chrome(&ctx, path, format!("{title} · {}", reference.class_name));
    site.templates.render(
        "changes.html",
        &ChangesPage {
            chrome: &chrome,
            reference: reference_view,
            title,
            old: old.name.clone(),
            new: new.name.clone(),
            rows,
        },
        site.cache,
    )
}
