//! The search index: every field with its names, aliases, allowed values, summaries and
//! explanations in every language, written as a script that the search box loads on first use
//! (a script, not JSON, so that it also loads from `file://`).

use crate::markdown;
use crate::model::{Book, Lang};
use crate::render::paths;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct SearchData<'a> {
    /// Group titles per language, referenced by index from documents.
    groups: Vec<BTreeMap<&'static str, &'a str>>,
    /// One document per field.
    docs: Vec<SearchDoc<'a>>,
}

#[derive(Serialize)]
struct SearchDoc<'a> {
    /// Position in `docs`, MiniSearch's id.
    id: usize,
    /// Field name.
    n: &'a str,
    /// Page and anchor below the language folder: `training-args/basics.html#output_dir`.
    u: String,
    /// Index into `groups`.
    g: usize,
    /// Label per language (empty when the content gives none).
    l: BTreeMap<&'static str, &'a str>,
    /// Summary per language.
    s: BTreeMap<&'static str, &'a str>,
    /// Extra words: aliases, old names, enum names and values, choices.
    w: String,
    /// Plain text of the explanation in every language.
    t: String,
    /// 1 when deprecated (ranked a little lower).
    d: u8,
}

/// Builds `assets/search-index.js`.
pub fn search_index(book: &Book) -> String {
    let langs = &book.config.languages;
    let mut groups = Vec::new();
    let mut docs = Vec::new();
    for reference in &book.references {
        // Deprecated fields point readers at their replacement: searching the old name finds both.
        let mut old_names: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (_, field) in reference.fields() {
            if let Some(rep) = field
                .deprecation
                .as_ref()
                .and_then(|d| d.replacement.as_deref())
            {
                old_names.entry(rep).or_default().push(&field.name);
            }
        }
        for group in &reference.groups {
            let group_index = groups.len();
            groups.push(
                langs
                    .iter()
                    .map(|&l| (l.code(), group.title.get(l).as_str()))
                    .collect(),
            );
            for field in &group.fields {
                let mut words: Vec<&str> = field.aliases.iter().map(String::as_str).collect();
                words.extend(old_names.get(field.name.as_str()).into_iter().flatten());
                for enum_name in &field.classification.enums {
                    words.push(enum_name);
                    if let Some(e) = reference.enum_def(enum_name) {
                        words.extend(e.members.iter().map(|m| m.value.as_str()));
                    }
                }
                words.extend(field.choices.iter().flatten().map(String::as_str));
                let text: Vec<String> = langs
                    .iter()
                    .map(|&l| markdown::plain_text(field.explanation.get(l)))
                    .collect();
                docs.push(SearchDoc {
                    id: docs.len(),
                    n: &field.name,
                    u: page_below_language(
                        &paths::group(Lang::En, &reference.id, &group.id),
                        &field.name,
                    ),
                    g: group_index,
                    l: langs
                        .iter()
                        .map(|&l| {
                            (
                                l.code(),
                                field.label.as_ref().map_or("", |t| t.get(l).as_str()),
                            )
                        })
                        .collect(),
                    s: langs
                        .iter()
                        .map(|&l| (l.code(), field.summary.get(l).as_str()))
                        .collect(),
                    w: words.join(" "),
                    t: text.join(" "),
                    d: u8::from(field.deprecation.is_some()),
                });
            }
        }
    }
    let data = SearchData { groups, docs };
    format!(
        "window.fieldbookSearch={};\n",
        serde_json::to_string(&data).unwrap_or_default()
    )
}

/// `en/x/y.html` + `name` → `x/y.html#name` (the language folder is added by the page).
fn page_below_language(path: &str, anchor: &str) -> String {
    let below = path.split_once('/').map_or(path, |(_, rest)| rest);
    format!("{below}#{anchor}")
}

#[cfg(test)]
mod tests {
    use super::page_below_language;

    #[test]
    fn urls_drop_the_language_folder() {
        assert_eq!(
            page_below_language("en/training-args/basics.html", "seed"),
            "training-args/basics.html#seed"
        );
    }
}
