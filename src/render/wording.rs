//! The words of the texts fieldbook writes itself: the title and introduction of the group of
//! fields no group documents, and the summary and explanation of each of those fields (the
//! code's help, quoted with its place). Every page, the search index and `fields.json` read a
//! group's or a field's text through here.

use super::i18n::text;
use crate::lang::Lang;
use crate::model::{Field, FieldText, Group, GroupText, UndocumentedHelp};
use std::borrow::Cow;

/// A group's title in `lang`.
pub fn group_title(group: &Group, lang: Lang) -> &str {
    match &group.text {
        GroupText::Written { title, .. } => title.get(lang),
        GroupText::Undocumented => text(lang, "undocumented_title"),
    }
}

/// A group's introduction in `lang` (Markdown).
pub fn group_intro(group: &Group, lang: Lang) -> &str {
    match &group.text {
        GroupText::Written { intro, .. } => intro.get(lang),
        GroupText::Undocumented => text(lang, "undocumented_intro"),
    }
}

/// A field's one-line summary in `lang`: for a field no group documents, the first sentence
/// of the code's help, labelled.
pub fn field_summary(field: &Field, lang: Lang) -> Cow<'_, str> {
    match &field.text {
        FieldText::Written { summary, .. } => Cow::Borrowed(summary.get(lang)),
        FieldText::Undocumented(UndocumentedHelp { help: Some(h), .. }) => {
            let first_sentence = match h.find(". ") {
                Some(i) => &h[..=i],
                None => h,
            };
            Cow::Owned(format!(
                "{} {first_sentence}",
                text(lang, "upstream_help_short")
            ))
        }
        FieldText::Undocumented(UndocumentedHelp { help: None, .. }) => {
            Cow::Borrowed(text(lang, "no_upstream_help"))
        }
    }
}

/// The language a field's summary is shown in on a `lang` page when `lang` has none of its own
/// (the default language's html tag), else `None`.
pub fn summary_fallback(field: &Field, lang: Lang) -> Option<&'static str> {
    match &field.text {
        FieldText::Written { summary, .. } => fallback(summary, lang),
        FieldText::Undocumented(_) => None,
    }
}

/// The language a field's explanation is shown in on a `lang` page when `lang` has none of its
/// own (the default language's html tag), else `None`.
pub fn explanation_fallback(field: &Field, lang: Lang) -> Option<&'static str> {
    match &field.text {
        FieldText::Written { explanation, .. } => fallback(explanation, lang),
        FieldText::Undocumented(_) => None,
    }
}

/// The html tag of the language `text` falls back to on a `lang` page, when it is missing there.
pub fn fallback<T>(text: &crate::model::Localized<T>, lang: Lang) -> Option<&'static str> {
    text.is_missing(lang)
        .then(|| text.default_language().html_tag())
}

/// Marks a block of html shown in the default language because `lang` has no text of its own:
/// the `lang` attribute for readers and screen readers, and a visible "not translated yet" note
/// in the page's language. `shown_in` is [`fallback`]'s answer.
pub fn mark_fallback_block(html: String, shown_in: Option<&str>, lang: Lang) -> String {
    match shown_in {
        None => html,
        Some(tag) => format!(
            "<div class=\"untranslated\" lang=\"{tag}\"><p class=\"untranslated-mark\" lang=\"{}\">{}</p>{html}</div>",
            lang.html_tag(),
            text(lang, "untranslated_mark")
        ),
    }
}

/// Marks inline html shown in the default language because `lang` has no text of its own: the
/// `lang` attribute and a "not translated yet" badge. `shown_in` is [`fallback`]'s answer.
pub fn mark_fallback_inline(html: String, shown_in: Option<&str>, lang: Lang) -> String {
    match shown_in {
        None => html,
        Some(tag) => format!(
            "<span lang=\"{tag}\">{html}</span> <span class=\"badge untranslated\">{}</span>",
            text(lang, "not_translated")
        ),
    }
}

/// The language a group's introduction falls back to on a `lang` page (see [`fallback`]).
pub fn group_intro_fallback(group: &Group, lang: Lang) -> Option<&'static str> {
    match &group.text {
        GroupText::Written { intro, .. } => fallback(intro, lang),
        GroupText::Undocumented => None,
    }
}

/// A field's explanation in `lang` (Markdown): for a field no group documents, the code's help
/// quoted as written, labelled with where it is.
pub fn field_explanation(field: &Field, lang: Lang) -> Cow<'_, str> {
    match &field.text {
        FieldText::Written { explanation, .. } => Cow::Borrowed(explanation.get(lang)),
        FieldText::Undocumented(UndocumentedHelp {
            help: Some(h),
            place,
        }) => {
            let label = text(lang, "quoted_from_source");
            // Chinese and Japanese text take a full-width colon.
            let (open, close) = if lang.full_width_punctuation() {
                (" ", "：")
            } else {
                (" (", "):")
            };
            Cow::Owned(format!(
                "{label}{open}`{place}`{close}\n\n> {}\n",
                escape_markdown(h)
            ))
        }
        FieldText::Undocumented(UndocumentedHelp { help: None, .. }) => {
            Cow::Borrowed(text(lang, "no_upstream_help"))
        }
    }
}

/// Markdown that shows `text` as written: characters that would start Markdown syntax outside
/// code spans are escaped.
fn escape_markdown(text: &str) -> String {
    let escape = |part: &str, out: &mut String| {
        for c in part.chars() {
            if matches!(
                c,
                '\\' | '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' | '!' | '&' | '`'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    };
    let mut out = String::new();
    // An unmatched backtick opens no code span: then every character is shown as written.
    if text.matches('`').count() % 2 == 1 {
        escape(text, &mut out);
        return out;
    }
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            escape(part, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn quoted_help_is_shown_as_written() {
        assert_eq!(
            escape_markdown("Use `eval_steps` [x](javascript:y) <b>"),
            "Use `eval_steps` \\[x\\](javascript:y) \\<b\\>"
        );
        assert_eq!(escape_markdown("a ` b_c"), "a \\` b\\_c");
    }
}
