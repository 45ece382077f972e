//! Book → pages: view models per language, rendered with Tera, plus `fields.json`.

mod export;
mod field;
mod i18n;
mod inventory;
pub mod paths;
pub mod search;
mod template_limits;
pub mod templates;
mod versions;
pub mod view;
pub mod wording;

use crate::cache::RebuildCache;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::markdown::{self, LinkTable, MarkdownContext, ReferenceLinks};
use crate::model::{Book, Guide, GuideSection, Lang, Reference};
use crate::output::{Collect, OutputFile, Sink};
use rayon::prelude::*;
use serde::Serialize;
use templates::Templates;
use view::{
    AlternateView, Chrome, EnumView, FieldView, GroupView, LinkView, MemberView, NavItem,
    NavSection, ReferenceView,
};

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
    let ((), (per_language, versions)) = rayon::join(
        || book_files(book, templates, sink),
        || {
            let (snippets, links) = rayon::join(
                || field::Snippets::new(book, cache),
                || {
                    book.config
                        .languages
                        .par_iter()
                        .map(|&lang| link_table(book, lang))
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
fn book_files(book: &Book, templates: &Templates, sink: &dyn Sink) {
    let default = book.config.default_language;
    rayon::scope(|s| {
        s.spawn(|_| sink.put("fields.json", export::fields_json(book).into_bytes()));
        s.spawn(|_| {
            for (path, script) in search::search_files(book) {
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

/// Where every field and enum lives in one language.
fn link_table(book: &Book, lang: Lang) -> LinkTable {
    let mut table = LinkTable::default();
    for reference in &book.references {
        let mut links = ReferenceLinks::default();
        for (group, field) in reference.fields() {
            links.fields.insert(
                field.name.clone(),
                format!(
                    "{}#{}",
                    paths::group(lang, &reference.id, &group.id),
                    field.name
                ),
            );
        }
        let enums_page = paths::enums(lang, &reference.id);
        for e in &reference.enums {
            links
                .enums
                .insert(e.name.clone(), format!("{enums_page}#{}", e.name));
            for m in &e.members {
                let key = format!("{}.{}", e.name, m.name);
                links
                    .enums
                    .insert(key.clone(), format!("{enums_page}#{key}"));
            }
        }
        table.references.insert(reference.id.clone(), links);
    }
    for guide in &book.guides {
        let links = markdown::GuideLinks {
            url: paths::guide(lang, &guide.slug),
            anchors: markdown::heading_ids(&guide.body.get(lang).markdown)
                .into_iter()
                .collect(),
        };
        table.guides.insert(guide.slug.clone(), links);
    }
    table
}

/// State while rendering one page: its language, its way back to the root, and problems found.
pub struct RenderCtx<'a> {
    /// The page's language.
    pub lang: Lang,
    /// Relative prefix back to the site root.
    pub root: String,
    /// The book being rendered.
    pub book: &'a Book,
    links: &'a LinkTable,
    snippets: &'a field::Snippets,
    cache: Option<&'a RebuildCache>,
    current_reference: Option<&'a str>,
    current_guide: Option<&'a str>,
    problems: Vec<Diagnostic>,
}

impl<'a> RenderCtx<'a> {
    /// Renders Markdown; broken links become diagnostics at `origin`.
    pub fn markdown(&mut self, text: &str, origin: &Origin, what: &str) -> String {
        let (html, errors) = markdown::render(text, &self.markdown_context());
        self.report(errors, origin, what);
        html
    }

    /// Renders one paragraph of Markdown without the `<p>`.
    pub fn markdown_inline(&mut self, text: &str, origin: &Origin, what: &str) -> String {
        let (html, errors) = markdown::render_inline(text, &self.markdown_context());
        self.report(errors, origin, what);
        html
    }

    fn markdown_context(&self) -> MarkdownContext<'_> {
        MarkdownContext {
            links: self.links,
            current_reference: self.current_reference,
            root: &self.root,
            current_guide: self.current_guide,
            cache: self.cache,
        }
    }

    fn report(&mut self, errors: Vec<markdown::LinkError>, origin: &Origin, what: &str) {
        for e in errors {
            self.problems.push(
                origin
                    .error(format!("in {what}: {}", e.message))
                    .with_hint(e.hint),
            );
        }
    }

    /// A link to a field of `reference` from this page.
    pub fn field_link(&self, reference: &Reference, name: &str) -> LinkView {
        let href = match self
            .links
            .references
            .get(&reference.id)
            .and_then(|r| r.fields.get(name))
        {
            Some(url) => format!("{}{url}", self.root),
            None => String::new(),
        };
        LinkView {
            label: name.to_string(),
            href,
        }
    }

    /// The link to the "Union vs Enum" concept page, when the book names one.
    pub fn union_concept_link(&self) -> Option<LinkView> {
        let slug = self.book.config.union_note_page.as_ref()?;
        let guide = self.book.guides.iter().find(|g| &g.slug == slug)?;
        Some(LinkView {
            label: guide.title.get(self.lang).clone(),
            href: format!("{}{}", self.root, paths::guide(self.lang, slug)),
        })
    }
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
}

impl<'a> SiteRenderer<'a> {
    fn new(
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
    fn render_references(&self) -> Vec<Emitted> {
        self.book
            .references
            .par_iter()
            .map(|reference| self.render_reference(reference))
            .collect()
    }

    fn ctx(&self, path: &str, current_reference: Option<&'a str>) -> RenderCtx<'a> {
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
    fn emit(
        &self,
        out: &mut Emitted,
        path: String,
        template: &str,
        ctx: RenderCtx,
        data: &dyn erased::Page,
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
    fn render_language(&self) -> Emitted {
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
        let (html, errors) = markdown::render(&body.markdown, &ctx.markdown_context());
        for e in errors {
            let before = &body.markdown[..e.offset.min(body.markdown.len())];
            let line = body.first_line + before.matches('\n').count();
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ctx.problems
                .push(Diagnostic::at(&body.path, line, col, e.message).with_hint(e.hint));
        }
        let toc = html
            .match_indices("<h2 id=\"")
            .filter_map(|(i, _)| {
                let rest = &html[i + 8..];
                let id = &rest[..rest.find('"')?];
                let label_start = rest.find('>')? + 1;
                let label = &rest[label_start..rest.find("</h2>")?];
                Some(LinkView {
                    label: markdown::strip_tags(label),
                    href: format!("#{id}"),
                })
            })
            .collect();
        (html, toc)
    }

    fn chrome(&self, ctx: &RenderCtx, path: &str, page_title: String) -> Chrome {
        let config = &self.book.config;
        let lang = self.lang;
        let (versions, changes) = versions::switch(self.book, ctx, path);
        let alternates = config
            .languages
            .iter()
            .map(|&l| AlternateView {
                code: l.code().into(),
                tag: l.html_tag().into(),
                name: l.native_name().into(),
                href: format!("{}{}", ctx.root, paths::in_language(path, l)),
                url: format!("{}{}", config.site_url, paths::in_language(path, l)),
                current: l == lang,
            })
            .collect();
        Chrome {
            lang: lang.code().into(),
            html_lang: lang.html_tag().into(),
            t: i18n::strings(lang),
            root: ctx.root.clone(),
            site_title: config.title.get(lang).clone(),
            description: config.description.get(lang).clone(),
            home_href: format!("{}{}", ctx.root, paths::home(lang)),
            nav: self.nav(ctx, path),
            alternates,
            canonical: format!("{}{path}", config.site_url),
            page_title,
            versions,
            changes,
        }
    }

    fn nav(&self, ctx: &RenderCtx, current: &str) -> Vec<NavSection> {
        let lang = self.lang;
        let item = |label: String, target: String, badge: Option<String>| NavItem {
            current: target == current,
            href: format!("{}{target}", ctx.root),
            label,
            badge,
        };
        let mut sections: Vec<NavSection> = self
            .book
            .references
            .iter()
            .map(|r| {
                let mut items = vec![item(
                    r.class_name.clone(),
                    paths::reference(lang, &r.id),
                    r.version.clone(),
                )];
                // Only the reader's current reference lists its pages (every reference when the
                // book has one): a sidebar of every group of many references would make every
                // page, and the whole site, grow with the square of the book.
                let expanded =
                    self.book.references.len() == 1 || ctx.current_reference == Some(r.id.as_str());
                if !expanded {
                    return NavSection {
                        title: r.title.get(lang).clone(),
                        items,
                    };
                }
                items.extend(r.groups.iter().map(|g| {
                    item(
                        wording::group_title(g, lang).to_string(),
                        paths::group(lang, &r.id, &g.id),
                        Some(g.fields.len().to_string()),
                    )
                }));
                items.push(item(
                    i18n::text(lang, "all_defaults").into(),
                    paths::defaults(lang, &r.id),
                    None,
                ));
                if !r.enums.is_empty() {
                    items.push(item(
                        i18n::text(lang, "enums").into(),
                        paths::enums(lang, &r.id),
                        None,
                    ));
                }
                NavSection {
                    title: r.title.get(lang).clone(),
                    items,
                }
            })
            .collect();
        for (section, key) in [
            (GuideSection::Guides, "guides"),
            (GuideSection::Concepts, "concepts"),
        ] {
            let items: Vec<NavItem> = self
                .book
                .guides
                .iter()
                .filter(|g| g.section == section)
                .map(|g| item(g.title.get(lang).clone(), paths::guide(lang, &g.slug), None))
                .collect();
            if !items.is_empty() {
                sections.push(NavSection {
                    title: i18n::text(lang, key).into(),
                    items,
                });
            }
        }
        sections
    }

    fn guide_links(&self, ctx: &RenderCtx) -> (Vec<LinkView>, Vec<LinkView>) {
        let link = |g: &Guide| LinkView {
            label: g.title.get(self.lang).clone(),
            href: format!("{}{}", ctx.root, paths::guide(self.lang, &g.slug)),
        };
        let pick = |s: GuideSection| {
            self.book
                .guides
                .iter()
                .filter(|g| g.section == s)
                .map(link)
                .collect()
        };
        (pick(GuideSection::Guides), pick(GuideSection::Concepts))
    }

    /// The reference as its pages show it, built once per root prefix (the intros' link
    /// problems are reported with the first page that builds it).
    fn reference_view(&self, ctx: &mut RenderCtx, reference: &Reference) -> ReferenceView {
        let key = (reference.id.clone(), ctx.root.clone());
        let cached = self
            .reference_views
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        cached.unwrap_or_else(|| {
            let view = self.build_reference_view(ctx, reference);
            self.reference_views
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, view.clone());
            view
        })
    }

    fn build_reference_view(&self, ctx: &mut RenderCtx, reference: &Reference) -> ReferenceView {
        let lang = self.lang;
        let intro_html = ctx.markdown(
            reference.intro.get(lang),
            &reference.origin,
            &format!("the `{lang}` intro of the reference"),
        );
        let groups = reference
            .groups
            .iter()
            .map(|g| self.group_view(ctx, reference, g, Detail::Count))
            .collect();
        ReferenceView {
            title: reference.title.get(lang).clone(),
            class_name: reference.class_name.clone(),
            import_path: reference.import_path.clone(),
            library: reference.library.clone(),
            version: reference.version.clone(),
            intro_html,
            href: format!("{}{}", ctx.root, paths::reference(lang, &reference.id)),
            defaults_href: format!("{}{}", ctx.root, paths::defaults(lang, &reference.id)),
            enums_href: (!reference.enums.is_empty())
                .then(|| format!("{}{}", ctx.root, paths::enums(lang, &reference.id))),
            groups,
            field_count: reference.groups.iter().map(|g| g.fields.len()).sum(),
            coverage: self.coverage(reference),
        }
    }

    fn coverage(&self, reference: &Reference) -> Vec<view::CoverageView> {
        let default = self.book.config.default_language;
        self.book
            .config
            .languages
            .iter()
            .filter(|&&l| l != default)
            .map(|&lang| {
                let mut view = view::CoverageView {
                    language: lang.native_name().to_string(),
                    fields: 0,
                    current: 0,
                    stale: 0,
                    unstamped: 0,
                };
                for (_, field) in reference.fields() {
                    view.fields += 1;
                    match crate::drift::translation_state(field, lang) {
                        crate::model::TranslationState::Current => view.current += 1,
                        crate::model::TranslationState::Stale => view.stale += 1,
                        crate::model::TranslationState::Unstamped => view.unstamped += 1,
                    }
                }
                view
            })
            .collect()
    }

    fn group_view(
        &self,
        ctx: &mut RenderCtx,
        reference: &Reference,
        group: &crate::model::Group,
        detail: Detail,
    ) -> GroupView {
        let lang = self.lang;
        let rows = match detail {
            Detail::Count => Vec::new(),
            Detail::Rows | Detail::Sections => group
                .fields
                .iter()
                .map(|f| field::field_row(ctx, reference, group, f))
                .collect(),
        };
        let fields: Vec<FieldView> = match detail {
            Detail::Sections => group
                .fields
                .iter()
                .map(|f| field::field_view(ctx, reference, group, f))
                .collect(),
            Detail::Count | Detail::Rows => Vec::new(),
        };
        GroupView {
            id: group.id.clone(),
            title: wording::group_title(group, lang).to_string(),
            intro_html: ctx.markdown(
                wording::group_intro(group, lang),
                &group.origin,
                &format!("the `{lang}` intro of group `{}`", group.id),
            ),
            href: format!(
                "{}{}",
                ctx.root,
                paths::group(lang, &reference.id, &group.id)
            ),
            rows,
            fields,
            count: group.fields.len(),
        }
    }

    fn enum_view(
        &self,
        ctx: &mut RenderCtx,
        reference: &Reference,
        e: &crate::model::EnumDef,
    ) -> EnumView {
        let lang = self.lang;
        let members = e
            .members
            .iter()
            .map(|m| MemberView {
                name: m.name.clone(),
                value: m.value.clone(),
                anchor: format!("{}.{}", e.name, m.name),
                text_html: ctx.markdown_inline(
                    m.text.get(lang),
                    &e.origin,
                    &format!("the `{lang}` text of `{}.{}`", e.name, m.name),
                ),
            })
            .collect();
        let used_by = reference
            .fields()
            .filter(|(_, f)| f.classification.enums.contains(&e.name))
            .map(|(_, f)| ctx.field_link(reference, &f.name))
            .collect();
        EnumView {
            name: e.name.clone(),
            import_path: e.import_path.clone(),
            summary_html: ctx.markdown_inline(
                e.summary.get(lang),
                &e.origin,
                &format!("the `{lang}` summary of `{}`", e.name),
            ),
            members,
            used_by,
        }
    }
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
