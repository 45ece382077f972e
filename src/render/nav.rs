//! What every page shares: the chrome (title, language and version switches) and the
//! navigation.

use super::view::{AlternateView, Chrome, LinkView, NavItem, NavSection};
use super::{i18n, paths, versions, wording, RenderCtx, SiteRenderer};
use crate::model::{Guide, GuideSection};

impl<'a> SiteRenderer<'a> {
    pub(super) fn chrome(&self, ctx: &RenderCtx, path: &str, page_title: String) -> Chrome {
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

    pub(super) fn nav(&self, ctx: &RenderCtx, current: &str) -> Vec<NavSection> {
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

    pub(super) fn guide_links(&self, ctx: &RenderCtx) -> (Vec<LinkView>, Vec<LinkView>) {
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
}
