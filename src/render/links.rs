//! The link table: where every field, enum and guide heading lives in one language, for
//! resolving `param:`, `enum:` and guide links.

use super::paths;
use crate::lang::Lang;
use crate::markdown::{self, LinkTable, ParsedTexts, ReferenceLinks};
use crate::model::Book;
use std::sync::Arc;

/// Where every field and enum lives in one language; its Markdown is parsed into `parsed`.
pub(super) fn link_table(book: &Book, lang: Lang, parsed: &Arc<ParsedTexts>) -> LinkTable {
    let mut table = LinkTable {
        parsed: Arc::clone(parsed),
        ..LinkTable::default()
    };
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
            anchors: parsed
                .get(&guide.body.get(lang).markdown)
                .heading_ids
                .iter()
                .cloned()
                .collect(),
        };
        table.guides.insert(guide.slug.clone(), links);
    }
    table
}
