//! Build-time syntax highlighting with syntect: HTML with CSS classes, plus the stylesheet for
//! light and dark themes. The syntax set and themes are loaded once per process.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted snippets kept for the life of the process, so that `serve` re-highlights only the
/// code that changed. Cleared when it grows past `CACHE_LIMIT` entries.
fn cache() -> &'static Mutex<HashMap<(String, String), String>> {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), String>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

const CACHE_LIMIT: usize = 50_000;

/// Highlights `code` written in `lang` (a Markdown fence tag such as `python`, `toml`, `bash`).
/// Returns the inner HTML of a `<code>` element, escaped; unknown languages come back plain.
pub fn highlight(code: &str, lang: &str) -> String {
    let key = (lang.to_string(), code.to_string());
    if let Some(html) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return html.clone();
    }
    let html = highlight_uncached(code, lang);
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, html.clone());
    html
}

fn highlight_uncached(code: &str, lang: &str) -> String {
    let set = syntaxes();
    let syntax = match lang.trim() {
        "" => None,
        "sh" | "shell" | "console" => set.find_syntax_by_token("bash"),
        token => set.find_syntax_by_token(token),
    };
    let Some(syntax) = syntax else {
        return escape_html(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape_html(code);
        }
    }
    generator.finalize()
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_gets_classes_not_inline_styles() {
        let html = highlight("x: int = field(default=1)\n", "python");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(highlight("<b>", "no-such-language"), "&lt;b&gt;");
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
    }
}
