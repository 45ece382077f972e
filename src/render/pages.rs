//! The pages of one language: their template data, and rendering each (home, reference,
//! group, defaults, enums, guides, permalink redirects, 404) into the sink.

use super::templates::Templates;
use super::view::{Chrome, EnumView, GroupView, LinkView, ReferenceView};
use super::{field, i18n, paths, wording, Detail, Emitted, RenderCtx, SiteRenderer};
use crate::cache::RebuildCache;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::markdown::{self, LinkTable};
use crate::model::{Book, Guide, Reference};
use crate::output::Sink;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct HomePage<'a> {
    chrome: &'a Chrome,
    references: Vec<ReferenceView>,
    guides: Vec<LinkView>,
    concepts: Vec<LinkView>,
}

#[derive(Serialize)]
struct ReferencePage<'a> {
    chrome: &'a Chrome,
    reference: ReferenceView,
}

#[derive(Serialize)]
struct GroupPage<'a> {
    chrome: &'a Chrome,
    reference: ReferenceView,
    group: GroupView,
    previous: Option<LinkView>,
    next: Option<LinkView>,
}

#[derive(Serialize)]
struct DefaultsPage<'a> {
    chrome: &'a Chrome,
    reference: ReferenceView,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct EnumsPage<'a> {
    chrome: &'a Chrome,
    reference: ReferenceView,
    enums: Vec<EnumView>,
}

#[derive(Serialize)]
struct RedirectPage<'a> {
    html_lang: &'a str,
    name: &'a str,
    site_title: &'a str,
    target: String,
    canonical: String,
}

#[derive(Serialize)]
struct NotFoundPage<'a> {
    chrome: &'a Chrome,
}

#[derive(Serialize)]
struct GuidePage<'a> {
    chrome: &'a Chrome,
    title: String,
    body_html: String,
    toc: Vec<LinkView>,
    /// For a translation made from an earlier default-language guide: a link to today's.
    stale: Option<LinkView>,
}

impl<'a> SiteRenderer<'a> {
    pub(super) fn new(
        book: &'a Book,
        templates: &'a Templates,
        cache: Option<&'a RebuildCache>,
        lang: Lang,
        links: &'a LinkTable,
        snippets: &'a field::Snippets,
        sink: &'a dyn Sink,
    ) -> Self {
        SiteRenderer {
            book,
            templates,
            cache,
            lang,
            links,
            snippets,
            sink,
            reference_views: Default::default(),
        }
    }

    /// Every page of every reference of the book, in parallel.
    pub(super) fn render_references(&self) -> Vec<Emitted> {
        self.book
            .references
            .par_iter()
            .map(|reference| self.render_reference(reference))
            .collect()
    }

    pub(super) fn ctx(&self, path: &str, current_reference: Option<&'a str>) -> RenderCtx<'a> {
        RenderCtx {
            lang: self.lang,
            root: paths::root_prefix(path),
            book: self.book,
            links: self.links,
            snippets: self.snippets,
            cache: self.cache,
            current_reference,
            current_guide: None,
            problems: Vec::new(),
        }
    }

    /// Renders `data` with `template` into the sink at `path`, recording the page and the
    /// problems `ctx` collected.
    pub(super) fn emit(
        &self,
        out: &mut Emitted,
        path: String,
        template: &str,
        ctx: RenderCtx,
        data: &dyn super::erased::Page,
    ) {
        out.problems.extend(ctx.problems);
        match self.templates.render(template, data, self.cache) {
            Ok(html) => {
                self.sink.put(&path, html.into_bytes());
                out.pages.push(path);
            }
            Err(d) => out.problems.push(d),
        }
    }

    /// Every page of one language.
    pub(super) fn render_language(&self) -> Emitted {
        let lang = self.lang;
        let mut out = Emitted::default();
        let path = paths::home(lang);
        let mut ctx = self.ctx(&path, None);
        let chrome = self.chrome(&ctx, &path, self.book.config.title.get(lang).clone());
        let references = self
            .book
            .references
            .iter()
            .map(|r| self.reference_view(&mut ctx, r))
            .collect();
        let (guides, concepts) = self.guide_links(&ctx);
        self.emit(
            &mut out,
            path,
            "home.html",
            ctx,
            &HomePage {
                chrome: &chrome,
                references,
                guides,
                concepts,
            },
        );
        out.extend(self.render_references());
        out.extend(
            self.book
                .guides
                .par_iter()
                .map(|guide| self.render_guide(guide))
                .collect::<Vec<_>>(),
        );
        self.render_permalinks(&mut out);

        // "Page not found": served for any missing path, so its links start from the site URL.
        let path = paths::not_found(lang);
        let mut ctx = self.ctx(&path, None);
        ctx.root = self.book.config.site_url.clone();
        let chrome = self.chrome(&ctx, &path, i18n::text(lang, "not_found_title").to_string());
        let page = NotFoundPage { chrome: &chrome };
        if lang == self.book.config.default_language {
            // The default language's copy at the root, where static hosts look for it.
            if let Ok(html) = self.templates.render("404.html", &page, self.cache) {
                self.sink.put("404.html", html.into_bytes());
                out.pages.push("404.html".into());
            }
        }
        self.emit(&mut out, path, "404.html", ctx, &page);
        out
    }

    /// A reference's index, group pages (in parallel), defaults and enums pages.
    fn render_reference(&self, reference: &Reference) -> Emitted {
        let lang = self.lang;
        let mut out = Emitted::default();
        let path = paths::reference(lang, &reference.id);
        let mut ctx = self.ctx(&path, Some(&reference.id));
        let view = self.reference_view(&mut ctx, reference);
        let chrome = self.chrome(&ctx, &path, view.title.clone());
        self.emit(
            &mut out,
            path,
            "reference.html",
            ctx,
            &ReferencePage {
                chrome: &chrome,
                reference: view,
            },
        );

        out.extend(
            reference
                .groups
                .par_iter()
                .enumerate()
                .map(|(i, group)| {
                    let mut out = Emitted::default();
                    let path = paths::group(lang, &reference.id, &group.id);
                    let mut ctx = self.ctx(&path, Some(&reference.id));
                    let reference_view = self.reference_view(&mut ctx, reference);
                    let group_view = self.group_view(&mut ctx, reference, group, Detail::Sections);
                    let link = |g: &crate::model::Group| LinkView {
                        label: wording::group_title(g, lang).to_string(),
                        href: format!("{}{}", ctx.root, paths::group(lang, &reference.id, &g.id)),
                    };
                    let previous = i.checked_sub(1).map(|p| link(&reference.groups[p]));
                    let next = reference.groups.get(i + 1).map(link);
                    let chrome = self.chrome(
                        &ctx,
                        &path,
                        format!(
                            "{} · {}",
                            wording::group_title(group, lang),
                            reference.class_name
                        ),
                    );
                    self.emit(
                        &mut out,
                        path,
                        "group.html",
                        ctx,
                        &GroupPage {
                            chrome: &chrome,
                            reference: reference_view,
                            group: group_view,
                            previous,
                            next,
                        },
                    );
                    out
                })
                .collect::<Vec<_>>(),
        );
        let path = paths::defaults(lang, &reference.id);
        let mut ctx = self.ctx(&path, Some(&reference.id));
        let reference_view = self.reference_view(&mut ctx, reference);
        let groups = reference
            .groups
            .iter()
            .map(|g| self.group_view(&mut ctx, reference, g, Detail::Rows))
            .collect();
        let chrome = self.chrome(
            &ctx,
            &path,
            format!(
                "{} · {}",
                i18n::text(lang, "all_defaults"),
                reference.class_name
            ),
        );
        self.emit(
            &mut out,
            path,
            "defaults.html",
            ctx,
            &DefaultsPage {
                chrome: &chrome,
                reference: reference_view,
                groups,
            },
        );

        if !reference.enums.is_empty() {
            let path = paths::enums(lang, &reference.id);
            let mut ctx = self.ctx(&path, Some(&reference.id));
            let reference_view = self.reference_view(&mut ctx, reference);
            let enums = reference
                .enums
                .iter()
                .map(|e| self.enum_view(&mut ctx, reference, e))
                .collect();
            let chrome = self.chrome(
                &ctx,
                &path,
                format!("{} · {}", i18n::text(lang, "enums"), reference.class_name),
            );
            self.emit(
                &mut out,
                path,
                "enums.html",
                ctx,
                &EnumsPage {
                    chrome: &chrome,
                    reference: reference_view,
                    enums,
                },
            );
        }
        out
    }

    /// One guide's page.
    fn render_guide(&self, guide: &Guide) -> Emitted {
        let lang = self.lang;
        let mut out = Emitted::default();
        let path = paths::guide(lang, &guide.slug);
        let mut ctx = self.ctx(&path, None);
        ctx.current_guide = Some(&guide.slug);
        let (body_html, toc) = self.guide_body(&mut ctx, guide);
        let title = guide.title.get(lang).clone();
        let default = self.book.config.default_language;
        let stale = guide.body.get(lang).stale.then(|| LinkView {
            label: default.native_name().to_string(),
            href: format!("{}{}", ctx.root, paths::guide(default, &guide.slug)),
        });
        let chrome = self.chrome(&ctx, &path, title.clone());
        self.emit(
            &mut out,
            path,
            "guide.html",
            ctx,
            &GuidePage {
                chrome: &chrome,
                title,
                body_html,
                toc,
                stale,
            },
        );
        out
    }

    /// Permalinks: one redirect page per field name and old name (the first reference that has
    /// a name wins), so links survive a field moving to another group.
    fn render_permalinks(&self, out: &mut Emitted) {
        let lang = self.lang;
        let mut seen = std::collections::BTreeSet::new();
        let mut redirects = Vec::new();
        for reference in &self.book.references {
            for (group, field) in reference.fields() {
                let target = format!(
                    "{}#{}",
                    paths::group(lang, &reference.id, &group.id),
                    field.name
                );
                for name in std::iter::once(&field.name).chain(&field.old_names) {
                    if seen.insert(name.as_str()) {
                        redirects.push((name.as_str(), target.clone()));
                    }
                }
            }
        }
        let problems: Vec<Vec<Diagnostic>> = redirects
            .par_iter()
            .map(|(name, target)| {
                let mut part = Emitted::default();
                let path = paths::permalink(lang, name);
                let ctx = self.ctx(&path, None);
                let page = RedirectPage {
                    html_lang: lang.html_tag(),
                    name,
                    site_title: self.book.config.title.get(lang),
                    target: format!("{}{target}", ctx.root),
                    canonical: format!("{}{target}", self.book.config.site_url),
                };
                self.emit(&mut part, path, "redirect.html", ctx, &page);
                part.problems
            })
            .collect();
        out.problems.extend(problems.into_iter().flatten());
    }

    fn guide_body(&self, ctx: &mut RenderCtx, guide: &Guide) -> (String, Vec<LinkView>) {
        let body = guide.body.get(self.lang);
        let rendered = markdown::render_with_headings(&body.markdown, &ctx.markdown_context());
        for e in rendered.errors {
            let before = &body.markdown[..e.offset.min(body.markdown.len())];
            let line = body.first_line + before.matches('\n').count();
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ctx.problems
                .push(Diagnostic::at(&body.path, line, col, e.message).with_hint(e.hint));
        }
        let toc = rendered
            .headings
            .into_iter()
            .filter(|h| h.level == 2)
            .map(|h| LinkView {
                label: h.text,
                href: format!("#{}", h.id),
            })
            .collect();
        let html = super::wording::mark_fallback_block(
            rendered.html,
            super::wording::fallback(&guide.body, self.lang),
            self.lang,
        );
        (html, toc)
    }
}
