//! What a name may be: page and file names (slugs, reserved words, length), Python
//! identifiers and dotted import paths.

use crate::diagnostics::{Diagnostics, SourceFile};
use serde_spanned::Spanned;

/// Python keywords, which cannot be field names.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Page names a group id may not take: the pages and folders of a reference's own folder.
pub(super) const RESERVED_PAGES: &[&str] = &[
    "index", "defaults", "enums", "p", "search", "assets", "v", "changes",
];

/// Names a reference id may not take: the folders and files beside the references in a
/// language's folder (`<lang>/p/` permalinks, `<lang>/guides/`, `<lang>/index.html`, …) and the
/// site's root (`assets/`, the language folders).
pub(super) const RESERVED_REFERENCES: &[&str] = &[
    "p", "guides", "index", "404", "assets", "search", "objects", "en", "zh",
];

/// The longest id, slug or version name: it becomes a file or folder name (`<id>.html`), and
/// file systems refuse names above 255 bytes.
pub const MAX_NAME: usize = 100;

/// Why `text` cannot name a page or folder of the site (`None` when it can): not a slug, too
/// long, one of the `reserved` names, or reserved on Windows.
pub(super) fn url_name_problem(text: &str, reserved: &[&str]) -> Option<String> {
    if !is_slug(text) {
        Some(
            "it must be lowercase letters, digits, `-` or `_`, starting with a letter or digit"
                .into(),
        )
    } else if text.len() > MAX_NAME {
        Some(format!(
            "it is {} characters long, at most {MAX_NAME} fit in a file name",
            text.len()
        ))
    } else if reserved.contains(&text) {
        Some(format!(
            "the site uses that name itself (reserved: {})",
            reserved
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else if is_windows_reserved(text) {
        Some("that name is reserved on Windows".into())
    } else {
        None
    }
}

/// An import path is dotted Python identifiers: `transformers.TrainingArguments`.
pub(super) fn check_import_path(
    file: &SourceFile,
    path: &Spanned<String>,
    problems: &mut Diagnostics,
) {
    let text = path.get_ref();
    if !text.split('.').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    }) {
        problems.push(
            file.error_at(
                path.span().start,
                format!("`import-path` `{text}` is not a dotted Python name"),
            )
            .with_hint("write where users import it from, e.g. `transformers.TrainingArguments`"),
        );
    }
}

/// `a-z0-9` start, then `a-z0-9-_`.
pub fn is_slug(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_windows_reserved(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit())
}

pub(super) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !PY_KEYWORDS.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_that_make_bad_file_names_are_refused() {
        for bad in ["../x", "a/b", "", "Basics", "con", "COM1"] {
            assert!(!is_slug(bad) || is_windows_reserved(bad), "{bad}");
        }
        assert!(is_slug("optimizer") && !is_windows_reserved("optimizer"));
    }

    #[test]
    fn identifiers_follow_python() {
        assert!(is_identifier("learning_rate") && is_identifier("_n_gpu"));
        assert!(!is_identifier("2fast") && !is_identifier("class") && !is_identifier("a-b"));
    }
}
