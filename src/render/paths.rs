//! Where each page lives in DEST, and relative links between pages (so a site works from
//! `file://` and under any sub-path).

use crate::lang::Lang;

/// A language's home page.
pub fn home(lang: Lang) -> String {
    format!("{lang}/index.html")
}

/// A reference's index page.
pub fn reference(lang: Lang, reference: &str) -> String {
    format!("{lang}/{reference}/index.html")
}

/// A group's page.
pub fn group(lang: Lang, reference: &str, group: &str) -> String {
    format!("{lang}/{reference}/{group}.html")
}

/// A reference's "all defaults" page.
pub fn defaults(lang: Lang, reference: &str) -> String {
    format!("{lang}/{reference}/defaults.html")
}

/// A reference's enums page.
pub fn enums(lang: Lang, reference: &str) -> String {
    format!("{lang}/{reference}/enums.html")
}

/// The "What changed" page between two versions of a reference.
pub fn changes(lang: Lang, reference: &str, old: &str, new: &str) -> String {
    format!("{lang}/{reference}/changes/{old}-to-{new}.html")
}

/// A guide's page.
pub fn guide(lang: Lang, slug: &str) -> String {
    format!("{lang}/guides/{slug}.html")
}

/// A field's permalink page, which redirects to wherever the field is documented.
pub fn permalink(lang: Lang, name: &str) -> String {
    format!("{lang}/p/{name}.html")
}

/// The language's "page not found" page.
pub fn not_found(lang: Lang) -> String {
    format!("{lang}/404.html")
}

/// The relative prefix from a page at `path` back to the site root (`""`, `"../"`, …).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The same page in another language: swaps the leading language folder.
pub fn in_language(path: &str, lang: Lang) -> String {
    match path.split_once('/') {
        Some((_, rest)) => format!("{lang}/{rest}"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_climb_back_to_the_root() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix(&home(Lang::En)), "../");
        assert_eq!(
            root_prefix(&group(Lang::Zh, "training-args", "optimizer")),
            "../../"
        );
    }

    #[test]
    fn language_switch_keeps_the_page() {
        assert_eq!(
            in_language(&group(Lang::En, "ta", "logging"), Lang::Zh),
            "zh/ta/logging.html"
        );
    }
}
