//! `book.toml` → [`BookConfig`]: languages, titles, site URL and output folder, checked.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::lang::Lang;
use crate::model::{BookConfig, Localized};
use crate::source::raw::{RawBookToml, RawLocalized};
use crate::source::Parsed;
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
    let mut languages = Vec::new();
    for code in raw.languages.get_ref() {
        match Lang::from_code(code.get_ref()) {
            Some(lang) if languages.contains(&lang) => problems.push(
                file.error_at(
                    code.span().start,
                    format!("language `{lang}` is listed twice"),
                )
                .with_hint("list each language once"),
            ),
            Some(lang) => languages.push(lang),
            None => problems.push(unsupported_language(
                file,
                code.span().start,
                code.get_ref(),
            )),
        }
    }
    if raw.languages.get_ref().is_empty() {
        problems.push(
            file.error_at(raw.languages.span().start, "`languages` is empty")
                .with_hint("list at least one language, e.g. `languages = [\"en\", \"zh\"]`"),
        );
    }
    let default_language = match &raw.default_language {
        None => languages.first().copied(),
        Some(code) => match Lang::from_code(code.get_ref()) {
            Some(lang) if languages.contains(&lang) => Some(lang),
            Some(lang) => {
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
    languages.sort_by_key(|&l| (l != default_language, l));

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
        None => Localized(languages.iter().map(|&l| (l, String::new())).collect()),
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
    let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    file.error_at(offset, format!("unsupported language `{code}`"))
        .with_hint(format!(
            "fieldbook has page chrome for: {}",
            known.join(", ")
        ))
}

/// Checks a per-language text table: every configured language present and non-empty, no
/// unknown language codes. `what` names the text in messages, `key` is its TOML key, and `at`
/// is the byte offset a missing translation is reported at (the first text present, else `at`).
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
        match Lang::from_code(code) {
            Some(lang) if languages.contains(&lang) => {
                if text.get_ref().trim().is_empty() {
                    problems.push(
                        file.error_at(
                            text.span().start,
                            format!("the `{lang}` text of {what} is empty"),
                        )
                        .with_hint(
                            "write the text, or remove the language from `languages` in book.toml",
                        ),
                    );
                }
                values.insert(lang, text.get_ref().trim_end().to_string());
            }
            Some(_) => {}
            None => problems.push(unsupported_language(file, text.span().start, code)),
        }
    }
    for &lang in languages {
        if let std::collections::btree_map::Entry::Vacant(slot) = values.entry(lang) {
            problems.push(
                file.error_at(at, format!("{what} has no `{lang}` text"))
                    .with_hint(format!("add `{key}.{lang} = \"…\"`")),
            );
            slot.insert(String::new());
        }
    }
    Localized(values)
}
