//! [`RenderCtx`]: the state of rendering one page (language, root prefix, link problems).

use super::view::LinkView;
use super::{field, paths};
use crate::cache::RebuildCache;
use crate::diagnostics::{Diagnostic, Origin};
use crate::lang::Lang;
use crate::markdown::{self, LinkTable, MarkdownContext};
use crate::model::{Book, Reference};

/// State while rendering one page: its language, its way back to the root, and problems found.
pub struct RenderCtx<'a> {
    /// The page's language.
    pub lang: Lang,
    /// Relative prefix back to the site root.
    pub root: String,
    /// The book being rendered.
    pub book: &'a Book,
    pub(super) links: &'a LinkTable,
    pub(super) snippets: &'a field::Snippets,
    pub(super) cache: Option<&'a RebuildCache>,
    pub(super) current_reference: Option<&'a str>,
    pub(super) current_guide: Option<&'a str>,
    pub(super) problems: Vec<Diagnostic>,
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

    pub(super) fn markdown_context(&self) -> MarkdownContext<'_> {
        MarkdownContext {
            links: self.links,
            current_reference: self.current_reference,
            root: &self.root,
            current_guide: self.current_guide,
            cache: self.cache,
        }
    }

    pub(super) fn report(&mut self, errors: Vec<markdown::LinkError>, origin: &Origin, what: &str) {
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
