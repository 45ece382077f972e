//! The Markdown renderer and its `param:`/`enum:`/guide link rewriter: never panics, and every
//! broken link it reports points into the text.
#![no_main]

use fieldbook::markdown::{self, GuideLinks, LinkTable, MarkdownContext, ReferenceLinks};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn links() -> &'static LinkTable {
    static LINKS: OnceLock<LinkTable> = OnceLock::new();
    LINKS.get_or_init(|| {
        let mut table = LinkTable::default();
        for (reference, group) in [("trainer", "basics"), ("other", "misc")] {
            let mut r = ReferenceLinks::default();
            for field in ["output_dir", "learning_rate", "save_strategy", "学习率"] {
                r.fields.insert(
                    field.to_string(),
                    format!("en/{reference}/{group}.html#{field}"),
                );
            }
            for name in ["Strategy", "Strategy.STEPS", "Strategy.NO"] {
                r.enums.insert(
                    name.to_string(),
                    format!("en/{reference}/enums.html#{name}"),
                );
            }
            table.references.insert(reference.to_string(), r);
        }
        for slug in ["types", "union-vs-enum"] {
            table.guides.insert(
                slug.to_string(),
                GuideLinks {
                    url: format!("en/guides/{slug}.html"),
                    anchors: ["enums", "unions", "why"].map(String::from).into(),
                },
            );
        }
        table
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A table of its own per input, so that the texts it parses do not pile up.
    let links = &LinkTable {
        parsed: Default::default(),
        ..links().clone()
    };
    let ctx = MarkdownContext {
        links,
        current_reference: Some("trainer"),
        root: "../../",
        current_guide: Some("types"),
        cache: None,
    };
    let (html, errors) = markdown::render(text, &ctx);
    for e in &errors {
        assert!(
            e.offset <= text.len(),
            "link error offset {} past the end",
            e.offset
        );
    }
    let _ = markdown::strip_tags(&html);
    let ctx = MarkdownContext {
        current_reference: None,
        current_guide: None,
        ..ctx
    };
    let (_, errors) = markdown::render_inline(text, &ctx);
    for e in &errors {
        assert!(
            e.offset <= text.len(),
            "link error offset {} past the end",
            e.offset
        );
    }
    let _ = markdown::parse(text);
    let _ = markdown::slugify(text);
});
