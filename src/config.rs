//! `book.toml` → [`BookConfig`]: languages, titles, site URL and output folder, checked.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::lang::{tag_problem, Lang};
use crate::model::{BookConfig, Localized};
use crate::source::raw::{RawBookToml, RawLocalized};
use crate::source::Parsed;
use crate::ui::{language, ui_tables_listed};
use std::collections::BTreeMap;
use std::path::Path;

/// The output folder when `[build] dest` is not set.
pub const DEFAULT_DEST: &str = "book";

/// Checks `book.toml` and turns it into settings; `dest_override` is the `-d` flag.
pub fn book_config(
    parsed: &Parsed<RawBookToml>,
    root: &Path,
    dest_override: Option<&Path>,
    problems: &mut Diagnostics,
) -> Option<BookConfig> {
    let file = &parsed.file;
    let raw = &parsed.value.book;
    let mut languages: Vec<Lang> = Vec::new();
    for code in raw.languages.get_ref() {
        let Some(lang) = language(file, code, &parsed.value.ui, problems) else {
            continue;
        };
        if languages.iter().any(|l| l.code() == lang.code()) {
            problems.push(
                file.error_at(
                    code.span().start,
                    format!("language `{lang}` is listed twice"),
                )
                .with_hint("list each language once"),
            );
        } else {
            languages.push(lang);
        }
    }
    ui_tables_listed(file, &parsed.value.ui, &languages, problems);
    if raw.languages.get_ref().is_empty() {
        problems.push(
            file.error_at(raw.languages.span().start, "`languages` is empty")
                .with_hint("list at least one language, e.g. `languages = [\"en\", \"zh\"]`"),
        );
    }
    let default_language = match &raw.default_language {
        None => languages.first().copied(),
        Some(code) => match Lang::find(&languages, code.get_ref()) {
            Some(lang) => Some(lang),
            None if tag_problem(code.get_ref()).is_none() => {
                let lang = code.get_ref();
                problems.push(
                    file.error_at(
                        code.span().start,
                        format!("default language `{lang}` is not in `languages`"),
                    )
                    .with_hint(format!("add \"{lang}\" to `languages` or pick one of them")),
                );
                None
            }
            None => {
                problems.push(unsupported_language(
                    file,
                    code.span().start,
                    code.get_ref(),
                ));
                None
            }
        },
    };
    let default_language = default_language?;
    // The default language first, the others as `languages` lists them (the language switch
    // and every list of languages follow this order).
    languages.sort_by_key(|&l| l != default_language);

    let site_url = match &raw.site_url {
        None => "/".to_string(),
        Some(url) => match site_url(url.get_ref()) {
            Ok(url) => url,
            Err(text) => {
                problems.push(
                    file.error_at(url.span().start, format!("`site-url` must be an absolute URL or a path starting with `/`, not `{text}`"))
                        .with_hint("write e.g. `site-url = \"https://user.github.io/repo/\"` or `site-url = \"/repo/\"`"),
                );
                "/".to_string()
            }
        },
    };
    let at = raw.languages.span().start;
    let title = localized(
        file,
        &raw.title,
        at,
        "the book title",
        "title",
        &languages,
        problems,
    );
    let description = match &raw.description {
        Some(d) => localized(
            file,
            d,
            at,
            "the book description",
            "description",
            &languages,
            problems,
        ),
        None => Localized::new(
            languages.iter().map(|&l| (l, String::new())).collect(),
            default_language,
        ),
    };
    let (dest, dest_set_in_book) = match (dest_override, &parsed.value.build.dest) {
        (Some(d), _) => (d.to_path_buf(), None),
        (None, Some(d)) => (root.join(d.get_ref()), Some(file.origin(d.span().start))),
        (None, None) => (root.join(DEFAULT_DEST), None),
    };
    Some(BookConfig {
        title,
        description,
        languages,
        default_language,
        site_url,
        union_note_page: raw.union_note_page.as_ref().map(|p| p.get_ref().clone()),
        dest,
        dest_set_in_book,
    })
}

/// A `site-url` as pages use it (ending in `/`), or the trimmed text when it is neither an
/// absolute `http(s)://` URL nor a path starting with `/`.
pub fn site_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with('/') || text.starts_with("https://") || text.starts_with("http://") {
        Ok(if text.ends_with('/') {
            text.to_string()
        } else {
            format!("{text}/")
        })
    } else {
        Err(text.to_string())
    }
}

fn unsupported_language(file: &SourceFile, offset: usize, code: &str) -> Diagnostic {
    let problem = tag_problem(code).unwrap_or_else(|| "it is not one of `languages`".into());
    file.error_at(
        offset,
        format!("unsupported language `{code}`: {problem}"),
    )
    .with_hint("write a BCP 47 language tag listed in `languages` of book.toml, such as `en`, `ja`, `pt-BR` or `zh-Hant`")
}

/// Checks a per-language text table: the default language (the first of `languages`) present,
/// every text non-empty, no unknown language codes. Another configured language may be absent:
/// that text is missing there and pages show the default language's. `what` names the text in
/// messages, `key` is its TOML key, and `at` is the byte offset a missing default-language text
/// is reported at (the first text present, else `at`).
pub fn localized(
    file: &SourceFile,
    raw: &RawLocalized,
    at: usize,
    what: &str,
    key: &str,
    languages: &[Lang],
    problems: &mut Diagnostics,
) -> Localized<String> {
    let mut values = BTreeMap::new();
    let at = raw.values().map(|v| v.span().start).min().unwrap_or(at);
    for (code, text) in raw {
        match Lang::find(languages, code).or_else(|| Lang::from_code(code)) {
            Some(lang) if languages.contains(&lang) => {
                if text.get_ref().trim().is_empty() {
                    problems.push(
                        file.error_at(
                            text.span().start,
                            format!("the `{lang}` text of {what} is empty"),
                        )
                        .with_hint(format!(
                            "write the text, or remove `{key}.{lang}`: a text not yet translated is left out, and pages show the default language's"
                        )),
                    );
                }
                values.insert(lang, text.get_ref().trim_end().to_string());
            }
            Some(_) => {}
            None => problems.push(unsupported_language(file, text.span().start, code)),
        }
    }
    let default = languages.first().copied().unwrap_or(Lang::En);
    if let std::collections::btree_map::Entry::Vacant(slot) = values.entry(default) {
        problems.push(
            file.error_at(at, format!("{what} has no `{default}` text"))
                .with_hint(format!(
                    "add `{key}.{default} = \"…\"`: the default language's text is required, the others may be translated later"
                )),
        );
        slot.insert(String::new());
    }
    Localized::new(values, default)
}
