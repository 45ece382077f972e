//! The guides: front matter, slugs, languages and sections.

use super::names::url_name_problem;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::model::{Guide, GuideBody, GuideSection, Localized};
use crate::source::LoadedGuide;
use std::collections::BTreeMap;

pub(super) fn guides(
    loaded: &[LoadedGuide],
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> Vec<Guide> {
    let mut by_slug: BTreeMap<&str, BTreeMap<Lang, &LoadedGuide>> = BTreeMap::new();
    for g in loaded {
        let lang = match &g.lang_code {
            None => default,
            Some(code) => match Lang::find(langs, code) {
                Some(l) => l,
                _ => {
                    problems.push(
                        Diagnostic::file(
                            &g.file.path,
                            format!("`{code}` in the file name is not a configured language"),
                        )
                        .with_hint(format!(
                            "name translations `{}.<lang>.md` with one of: {}",
                            g.slug,
                            codes(langs)
                        )),
                    );
                    continue;
                }
            },
        };
        if let Some(reason) = url_name_problem(&g.slug, &[]) {
            problems.push(
                Diagnostic::file(
                    &g.file.path,
                    format!(
                        "the guide name `{}` cannot be a page name: {reason}",
                        g.slug
                    ),
                )
                .with_hint(
                    "rename the file to a short name of lowercase letters, digits, `-` and `_`",
                ),
            );
        }
        let versions = by_slug.entry(&g.slug).or_default();
        if let Some(other) = versions.get(&lang) {
            problems.push(
                Diagnostic::file(
                    &g.file.path,
                    format!(
                        "guide `{}` has two `{lang}` versions: this file and {}",
                        g.slug,
                        other.file.path.display()
                    ),
                )
                .with_hint(format!(
                    "keep one; the default language's version is named `{}.md`",
                    g.slug
                )),
            );
            continue;
        }
        versions.insert(lang, g);
    }
    let mut out = Vec::new();
    for (slug, versions) in by_slug {
        let Some(main) = versions.get(&default).or_else(|| versions.values().next()) else {
            continue;
        };
        // Only the default language's version is required: a guide not yet translated into
        // another language shows the default language's text there, marked as such.
        let mut missing = false;
        if !versions.contains_key(&default) {
            missing = true;
            problems.push(
                Diagnostic::file(
                    &main.file.path,
                    format!("guide `{slug}` has no `{default}` version"),
                )
                .with_hint(format!(
                    "add content/guides/{slug}.md: the default language's version is required"
                )),
            );
        }
        let section = match main.front.section.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("guides") => GuideSection::Guides,
            Some("concepts") => GuideSection::Concepts,
            Some(other) => {
                let at = main.front.section.as_ref().map_or(0, |s| s.span().start) + 3;
                problems.push(
                    main.file
                        .error_at(at, format!("unknown section `{other}`"))
                        .with_hint("use `section = \"guides\"` or `section = \"concepts\"`"),
                );
                GuideSection::Guides
            }
        };
        let mut title = BTreeMap::new();
        let mut body = BTreeMap::new();
        for (&lang, g) in &versions {
            match &g.front.title {
                Some(t) if !t.get_ref().trim().is_empty() => {
                    title.insert(lang, t.get_ref().trim().to_string());
                }
                _ => {
                    missing = true;
                    problems.push(
                        Diagnostic::at(&g.file.path, 1, 1, "the guide has no title").with_hint(
                            "start the file with front matter: `+++` / `title = \"…\"` / `+++`",
                        ),
                    );
                }
            }
            body.insert(
                lang,
                GuideBody {
                    path: g.file.path.clone(),
                    first_line: g.file.line_col(g.body_start).0,
                    markdown: g.file.text[g.body_start..].to_string(),
                    stale: false,
                },
            );
        }
        if !missing {
            out.push(Guide {
                slug: slug.to_string(),
                section,
                weight: main.front.weight,
                title: Localized::new(title, default),
                body: Localized::new(body, default),
            });
        }
    }
    out.sort_by(|a, b| (a.section, a.weight, &a.slug).cmp(&(b.section, b.weight, &b.slug)));
    out
}

fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}
