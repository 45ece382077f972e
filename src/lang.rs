//! The languages a book can be written in: English and Chinese, whose interface strings ship
//! with fieldbook, and any other BCP 47 language whose strings the book supplies.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// A language of a book. `Copy` and cheap: another language is a pointer to its interned
/// definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
    /// Any other language, with the interface strings its book supplies (`[ui.<lang>]`).
    Other(Tag),
}

/// A language other than `en` and `zh`: its tag and the book's interface strings, interned once
/// per distinct definition (a process that builds many books keeps one copy of each).
/// Compared, ordered and hashed by its code.
#[derive(Clone, Copy)]
pub struct Tag(&'static TagDef);

#[derive(PartialEq, Eq)]
struct TagDef {
    /// The tag lowercased: paths, URLs, `book.toml` keys.
    code: String,
    /// The tag as written in `book.toml`: `<html lang>`, `hreflang`.
    tag: String,
    /// Interface strings by key (snake_case).
    ui: BTreeMap<String, String>,
}

static INTERNED: Mutex<Vec<&'static TagDef>> = Mutex::new(Vec::new());

impl Lang {
    /// The languages fieldbook ships interface strings for.
    pub const BUILT_IN: [Lang; 2] = [Lang::En, Lang::Zh];

    /// A language fieldbook ships strings for, by its code (`"en"`, `"zh"`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language of `languages` whose code is `code` (case-insensitive, as BCP 47 tags are).
    pub fn find(languages: &[Lang], code: &str) -> Option<Lang> {
        languages
            .iter()
            .copied()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// Another language: `tag` as written in `book.toml` (well-formed, see [`tag_problem`]) and
    /// its interface strings by key.
    pub fn other(tag: &str, ui: BTreeMap<String, String>) -> Lang {
        let def = TagDef {
            code: tag.to_ascii_lowercase(),
            tag: tag.to_string(),
            ui,
        };
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        let def = match interned.iter().find(|d| ***d == def) {
            Some(d) => *d,
            None => {
                let leaked: &'static TagDef = Box::leak(Box::new(def));
                interned.push(leaked);
                leaked
            }
        };
        Lang::Other(Tag(def))
    }

    /// The code used in paths and in `book.toml` keys: the tag lowercased.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Other(t) => &t.0.code,
        }
    }

    /// The BCP 47 tag for `<html lang>` and `hreflang`.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::Other(t) => &t.0.tag,
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
            Lang::Other(t) => t.ui("language_name").unwrap_or(&t.0.tag),
        }
    }

    /// Whether the language takes full-width punctuation (`：`): Chinese (any variety) and
    /// Japanese.
    pub fn full_width_punctuation(self) -> bool {
        match self {
            Lang::En => false,
            Lang::Zh => true,
            Lang::Other(t) => matches!(
                t.0.code.split('-').next(),
                Some("zh" | "ja" | "yue" | "cmn" | "wuu" | "hak" | "nan")
            ),
        }
    }
}

impl Tag {
    /// The book's interface string `key` (snake_case) for this language.
    pub fn ui(self, key: &str) -> Option<&'static str> {
        self.0.ui.get(key).map(String::as_str)
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Tag) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for Tag {}

impl PartialOrd for Tag {
    fn partial_cmp(&self, other: &Tag) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tag {
    fn cmp(&self, other: &Tag) -> Ordering {
        self.0.code.cmp(&other.0.code)
    }
}

impl Hash for Tag {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({:?})", self.0.tag)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Fills the `{name}` placeholders of `template` from `args` in one pass (an argument's value
/// is never read again); the text between them, and a `{…}` no argument names, goes through
/// `text` (which escapes it, say) into the output.
pub fn fill_in(
    template: &str,
    args: &[(&str, &str)],
    mut text: impl FnMut(&str, &mut String),
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let arg = rest[open..].find('}').and_then(|close| {
            let name = &rest[open + 1..open + close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (open + close + 1, *value))
        });
        match arg {
            Some((end, value)) => {
                text(&rest[..open], &mut out);
                out.push_str(value);
                rest = &rest[end..];
            }
            None => {
                text(&rest[..=open], &mut out);
                rest = &rest[open + 1..];
            }
        }
    }
    text(rest, &mut out);
    out
}

/// Why `tag` is not a well-formed BCP 47 language tag (RFC 5646 §2.1: language, then optional
/// script, region, variants, extensions and private use), or `None` when it is. Grandfathered
/// tags (`i-klingon`) and a tag that is only private use (`x-…`) are not accepted.
pub fn tag_problem(tag: &str) -> Option<String> {
    let alpha = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if tag.is_empty() {
        return Some("it is empty".into());
    }
    let parts: Vec<&str> = tag.split('-').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Some("it has an empty subtag (two `-` in a row, or one at an end)".into());
    }
    if let Some(bad) = parts.iter().find(|p| !alnum(p, 1, 8)) {
        return Some(format!(
            "`{bad}` is not a subtag: subtags are 1 to 8 ASCII letters or digits, joined by `-`"
        ));
    }
    let mut rest = parts.iter().copied().peekable();
    let language = rest.next().unwrap_or_default();
    if !alpha(language, 2, 3) && !alpha(language, 5, 8) {
        return Some(format!(
            "the language subtag `{language}` must be 2 or 3 letters (an ISO 639 code such as `en`, `ja`, `yue`)"
        ));
    }
    let mut extlangs = 0;
    while language.len() <= 3 && extlangs < 3 && rest.peek().is_some_and(|p| alpha(p, 3, 3)) {
        rest.next();
        extlangs += 1;
    }
    if rest.peek().is_some_and(|p| alpha(p, 4, 4)) {
        rest.next(); // script, e.g. Hant
    }
    if rest.peek().is_some_and(|p| alpha(p, 2, 2) || digits(p, 3)) {
        rest.next(); // region, e.g. BR, 419
    }
    let is_variant = |p: &str| {
        alnum(p, 5, 8) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit() && alnum(p, 4, 4))
    };
    while rest.peek().is_some_and(|p| is_variant(p)) {
        rest.next();
    }
    while let Some(singleton) = rest.next() {
        if singleton.len() != 1 {
            return Some(format!(
                "`{singleton}` is in the wrong place: after the language come a 4-letter script (`Hant`), a region (`BR`, `419`) and variants"
            ));
        }
        let private = singleton.eq_ignore_ascii_case("x");
        let min = if private { 1 } else { 2 };
        let mut count = 0;
        while rest
            .peek()
            .is_some_and(|p| p.len() >= min && p.len() != 1 || private)
        {
            rest.next();
            count += 1;
        }
        if count == 0 {
            return Some(format!(
                "the extension `{singleton}` has no subtags after it"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_tags() {
        for tag in [
            "en",
            "ja",
            "de",
            "zh-Hant",
            "pt-BR",
            "es-419",
            "sr-Latn-RS",
            "yue",
            "zh-yue-HK",
            "de-CH-1996",
            "en-US-x-twain",
            "sl-rozaj-biske",
            "en-a-bbb-x-a-ccc",
        ] {
            assert_eq!(tag_problem(tag), None, "{tag}");
        }
    }

    #[test]
    fn malformed_tags() {
        for tag in [
            "",
            "e",
            "en_US",
            "en-",
            "-en",
            "en--US",
            "123",
            "ja-JP-x",
            "de-a",
            "pt-BR-b",
            "ab-abcdefghi",
            "日本語",
            "en US",
        ] {
            assert!(tag_problem(tag).is_some(), "{tag:?} accepted");
        }
    }

    #[test]
    fn other_languages_are_interned_and_compared_by_code() {
        let a = Lang::other("pt-BR", BTreeMap::new());
        let b = Lang::other("pt-BR", BTreeMap::new());
        assert_eq!(a, b);
        assert_eq!(a.code(), "pt-br");
        assert_eq!(a.html_tag(), "pt-BR");
        assert_eq!(Lang::find(&[Lang::En, a], "PT-br"), Some(a));
        assert!(Lang::Zh < a);
    }
}
