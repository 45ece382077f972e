//! The view models of reference pages: the reference, its groups with their fields, its enums
//! and its translation coverage.

use super::view::{EnumView, FieldView, GroupView, MemberView, ReferenceView};
use super::{field, paths, view, wording, Detail, RenderCtx, SiteRenderer};
use crate::model::Reference;

impl<'a> SiteRenderer<'a> {
    /// The reference as its pages show it, built once per root prefix (the intros' link
    /// problems are reported with the first page that builds it).
    pub(super) fn reference_view(
        &self,
        ctx: &mut RenderCtx,
        reference: &Reference,
    ) -> ReferenceView {
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
        let intro_html = wording::mark_fallback_block(
            ctx.markdown(
                reference.intro.get(lang),
                &reference.origin,
                &format!("the `{lang}` intro of the reference"),
            ),
            wording::fallback(&reference.intro, lang),
            lang,
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

    pub(super) fn coverage(&self, reference: &Reference) -> Vec<view::CoverageView> {
        let default = self.book.config.default_language;
        self.book
            .config
            .languages
            .iter()
            .filter(|&&l| l != default)
            .map(|&lang| {
                let mut counts = crate::drift::Coverage::default();
                for (_, field) in reference.fields() {
                    counts.count(crate::drift::translation_state(field, lang));
                }
                view::CoverageView {
                    language: lang.native_name().to_string(),
                    counts,
                }
            })
            .collect()
    }

    pub(super) fn group_view(
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
            intro_html: wording::mark_fallback_block(
                ctx.markdown(
                    wording::group_intro(group, lang),
                    &group.origin,
                    &format!("the `{lang}` intro of group `{}`", group.id),
                ),
                wording::group_intro_fallback(group, lang),
                lang,
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

    pub(super) fn enum_view(
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
                text_html: field::inline_text(
                    ctx,
                    &m.text,
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
            summary_html: field::inline_text(
                ctx,
                &e.summary,
                &e.origin,
                &format!("the `{lang}` summary of `{}`", e.name),
            ),
            members,
            used_by,
        }
    }
}
