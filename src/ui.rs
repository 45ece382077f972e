//! `languages` and `[ui.<lang>]` of `book.toml`: each language's tag checked, and the interface
//! strings of a language fieldbook does not ship (every key, no unknown key) read from the book.

use crate::diagnostics::{did_you_mean, Diagnostics, SourceFile};
use crate::lang::{tag_problem, Lang};
use crate::source::raw::RawUi;
use serde_spanned::Spanned;
use std::collections::{BTreeMap, BTreeSet};

/// The language one entry of `languages` names: `en` and `zh` ship with fieldbook, any other
/// well-formed BCP 47 tag takes its interface strings from `[ui.<lang>]`. `None` after
/// reporting a malformed tag; a missing, incomplete or wrong `[ui.<lang>]` is reported and the
/// language kept (with the strings it has), so its texts are not reported too.
pub fn language(
    file: &SourceFile,
    code: &Spanned<String>,
    ui: &RawUi,
    problems: &mut Diagnostics,
) -> Option<Lang> {
    let tag = code.get_ref();
    let at = code.span().start;
    if let Some(problem) = tag_problem(tag) {
        problems.push(
            file.error_at(
                at,
                format!("`{tag}` is not a BCP 47 language tag: {problem}"),
            )
            .with_hint(match tag.replace('_', "-") {
                dashed if tag_problem(&dashed).is_none() => {
                    format!("did you mean `{dashed}`? BCP 47 joins subtags with `-`")
                }
                _ => "write a language tag such as `en`, `zh`, `ja`, `de`, `pt-BR` or `zh-Hant`"
                    .to_string(),
            }),
        );
        return None;
    }
    if let Some(lang) = Lang::from_code(&tag.to_ascii_lowercase()) {
        return Some(lang);
    }
    let keys = crate::render::ui_keys();
    let Some((_, table)) = ui.iter().find(|(l, _)| l.eq_ignore_ascii_case(tag)) else {
        problems.push(
            file.error_at(
                at,
                format!("`{tag}` needs its interface strings: fieldbook ships them only for en and zh"),
            )
            .with_hint(format!(
                "add a `[ui.{tag}]` table to book.toml with every interface string translated; `fieldbook ui {tag} >> book.toml` appends one with the English texts to translate"
            )),
        );
        return Some(Lang::other(tag, BTreeMap::new()));
    };
    let known: BTreeSet<&str> = keys.iter().map(|(k, _)| *k).collect();
    let kebab: Vec<String> = keys.iter().map(|(k, _)| k.replace('_', "-")).collect();
    let kebab: Vec<&str> = kebab.iter().map(String::as_str).collect();
    let mut strings = BTreeMap::new();
    for (spanned_key, value) in table.get_ref() {
        let key = spanned_key.get_ref();
        let snake = key.replace('-', "_");
        let Some(&(_, english)) = keys.iter().find(|(k, _)| *k == snake && !key.contains('_'))
        else {
            let hint = match did_you_mean(key, &kebab) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("`fieldbook ui {tag}` lists every key"),
            };
            problems.push(
                file.error_at(
                    spanned_key.span().start,
                    format!("`{key}` is not an interface string of fieldbook"),
                )
                .with_hint(hint),
            );
            continue;
        };
        if value.get_ref().is_empty() {
            problems.push(
                file.error_at(value.span().start, format!("`{key}` is empty"))
                    .with_hint(format!(
                        "write the text of `{key}`; in English it reads {:?}",
                        english
                    )),
            );
        }
        let allowed = placeholders(english);
        if let Some(bad) = placeholders(value.get_ref())
            .into_iter()
            .find(|p| !allowed.contains(p))
        {
            let hint = if allowed.is_empty() {
                "this text takes no `{…}` placeholders".to_string()
            } else {
                let list: Vec<String> = allowed.iter().map(|p| format!("`{{{p}}}`")).collect();
                format!("this text can use {}", list.join(", "))
            };
            problems.push(
                file.error_at(
                    value.span().start,
                    format!("`{key}` uses the placeholder `{{{bad}}}`, which fieldbook does not fill in"),
                )
                .with_hint(hint),
            );
        }
        strings.insert(snake, value.get_ref().clone());
    }
    let missing: Vec<(&str, &str)> = keys
        .iter()
        .copied()
        .filter(|(k, _)| known.contains(k) && !strings.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|(k, _)| k.replace('_', "-")).collect();
        problems.push(
            file.error_at(
                table.span().start,
                format!(
                    "`[ui.{tag}]` lacks {} of fieldbook's interface strings: {}",
                    missing.len(),
                    names.join(", ")
                ),
            )
            .with_hint(if missing.len() <= 3 {
                let lines: Vec<String> = missing.iter().map(|&(k, en)| line(k, en)).collect();
                format!("add, translated: {}", lines.join("; "))
            } else {
                format!("`fieldbook ui {tag}` prints every key with the English text to translate")
            }),
        );
    }
    Some(Lang::other(tag, strings))
}

/// Reports `[ui.<lang>]` tables for a language the book does not list, or for `en` and `zh`,
/// whose strings fieldbook ships.
pub fn ui_tables_listed(
    file: &SourceFile,
    ui: &RawUi,
    languages: &[Lang],
    problems: &mut Diagnostics,
) {
    for (code, table) in ui {
        let at = table.span().start;
        if let Some(lang) = Lang::from_code(&code.to_ascii_lowercase()) {
            problems.push(
                file.error_at(at, format!("fieldbook ships the interface strings of `{lang}`; `[ui.{code}]` is not read"))
                    .with_hint(format!("remove `[ui.{code}]`")),
            );
        } else if Lang::find(languages, code).is_none() && tag_problem(code).is_none() {
            problems.push(
                file.error_at(
                    at,
                    format!("`[ui.{code}]` is for a language not in `languages`"),
                )
                .with_hint(format!(
                    "add \"{code}\" to `languages`, or remove `[ui.{code}]`"
                )),
            );
        }
    }
}

/// The `[ui.<tag>]` table a book writes for `tag`, with the English texts to translate; an
/// error for a malformed tag and for `en` and `zh`, whose strings fieldbook ships.
pub fn template(tag: &str) -> Result<String, Diagnostics> {
    let problem = match tag_problem(tag) {
        Some(problem) => format!("`{tag}` is not a BCP 47 language tag: {problem}"),
        None if Lang::from_code(&tag.to_ascii_lowercase()).is_some() => {
            format!("fieldbook ships the interface strings of `{tag}`")
        }
        None => {
            let mut out = format!(
                "# Interface strings of `{tag}`: translate each text; keep `code` in backticks and\n# the `{{…}}` placeholders, which fieldbook fills in.\n[ui.{tag}]"
            );
            for (key, english) in crate::render::ui_keys() {
                out.push('\n');
                out.push_str(&line(key, english));
            }
            return Ok(out);
        }
    };
    Err(crate::diagnostics::Diagnostic::file("book.toml", problem)
        .with_hint("name a language other than en and zh, such as `ja`, `de`, `pt-BR` or `zh-Hant`")
        .into())
}

/// `key = "text"`, the key in kebab-case and the text quoted as TOML.
fn line(key: &str, text: &str) -> String {
    let quoted = toml_edit::Value::from(text).to_string();
    format!("{} = {}", key.replace('_', "-"), quoted.trim())
}

/// The `{name}` placeholders a text uses.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_lowercase_names_in_braces() {
        let found: Vec<&str> = placeholders("`{name}` or {a}, {b} {} {X} {not one}")
            .into_iter()
            .collect();
        assert_eq!(found, ["a", "b", "name"]);
    }
}
