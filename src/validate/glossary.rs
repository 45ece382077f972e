//! `glossary.toml` → [`Glossary`], and the terminology check of every translation: a variant the
//! glossary rules out, or a term of the default-language text that the translation renders with
//! none of its preferred forms, is a warning at its `path:line:col` (`check --strict` fails).

use super::field::string_value_offset;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::glossary::{Glossary, Term};
use crate::lang::Lang;
use crate::source::raw::{RawGlossary, RawLocalized};
use crate::source::{LoadedBook, Parsed};
use serde_spanned::Spanned;
use std::collections::BTreeMap;

/// Checks `glossary.toml` and builds the glossary (empty when the book has none).
pub(super) fn glossary(
    parsed: Option<&Parsed<RawGlossary>>,
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> Glossary {
    let Some(parsed) = parsed else {
        return Glossary::default();
    };
    let file = &parsed.file;
    let mut terms: Vec<Term> = Vec::new();
    for raw in &parsed.value.terms {
        let name = raw.term.get_ref().trim();
        let at = raw.term.span().start;
        if name.is_empty() {
            problems.push(file.error_at(at, "the term is empty").with_hint(
                "write the term as the default language's texts use it, e.g. `term = \"epoch\"`",
            ));
            continue;
        }
        if terms.iter().any(|t| t.term.eq_ignore_ascii_case(name)) {
            problems.push(
                file.error_at(at, format!("the term `{name}` is listed twice"))
                    .with_hint("keep one `[[term]]` per concept and merge their forms"),
            );
            continue;
        }
        let mut forms = vec![name.to_lowercase()];
        forms.extend(
            raw.forms
                .iter()
                .map(|f| f.get_ref().trim().to_lowercase())
                .filter(|f| !f.is_empty()),
        );
        let preferred = per_language(file, &raw.preferred, "use", name, langs, default, problems);
        let avoid = per_language(file, &raw.avoid, "avoid", name, langs, default, problems);
        for (lang, variants) in &avoid {
            for variant in variants {
                if preferred.get(lang).is_some_and(|p| p.contains(variant)) {
                    problems.push(
                        file.error_at(
                            at,
                            format!(
                                "`{variant}` is both used and avoided for `{name}` in `{lang}`"
                            ),
                        )
                        .with_hint("keep it in one of `use` and `avoid`"),
                    );
                }
            }
        }
        terms.push(Term {
            term: name.to_string(),
            forms,
            preferred,
            avoid,
            note: raw.note.as_ref().map(|n| n.get_ref().trim().to_string()),
            origin: file.origin(at),
        });
    }
    Glossary { terms }
}

/// `use.<lang>` or `avoid.<lang>` of one term: languages of the book other than the default,
/// each with at least one non-empty form.
fn per_language(
    file: &SourceFile,
    raw: &BTreeMap<String, Vec<Spanned<String>>>,
    key: &str,
    term: &str,
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> BTreeMap<Lang, Vec<String>> {
    let mut out = BTreeMap::new();
    for (code, forms) in raw {
        let at = forms.first().map_or(0, |f| f.span().start);
        match Lang::find(langs, code) {
            Some(lang) if lang == default => problems.push(
                file.error_at(at, format!("`{key}.{code}` of `{term}` is in the default language"))
                    .with_hint("the default language's form is the term itself (and `forms`); list translations only"),
            ),
            Some(lang) => {
                let forms: Vec<String> = forms
                    .iter()
                    .map(|f| f.get_ref().trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect();
                if forms.is_empty() {
                    problems.push(
                        file.error_at(at, format!("`{key}.{code}` of `{term}` lists nothing"))
                            .with_hint("list at least one form, or remove the key"),
                    );
                } else {
                    out.insert(lang, forms);
                }
            }
            None => problems.push(
                file.error_at(at, format!("`{key}.{code}`: `{code}` is not a language of this book"))
                    .with_hint("use a language listed in `languages` in book.toml"),
            ),
        }
    }
    out
}

/// Every place a translation breaks the glossary, as warnings.
pub(super) fn check(
    loaded: &LoadedBook,
    glossary: &Glossary,
    langs: &[Lang],
    default: Lang,
) -> Vec<Diagnostic> {
    if glossary.terms.is_empty() {
        return Vec::new();
    }
    let checker = Checker {
        glossary,
        langs,
        default,
    };
    let mut warnings = Vec::new();
    let book = &loaded.config;
    checker.text(
        &book.file,
        &book.value.book.title,
        "book title",
        &mut warnings,
    );
    if let Some(d) = &book.value.book.description {
        checker.text(&book.file, d, "book description", &mut warnings);
    }
    for reference in &loaded.references {
        let r = &reference.reference;
        if let Some(t) = &r.value.title {
            checker.text(&r.file, t, "reference title", &mut warnings);
        }
        checker.text(&r.file, &r.value.intro, "reference intro", &mut warnings);
        for group in &reference.groups {
            let (file, g) = (&group.file, &group.value);
            checker.text(file, &g.title, "group title", &mut warnings);
            checker.text(file, &g.intro, "group intro", &mut warnings);
            for field in &g.fields {
                let name = field.name.get_ref();
                if let Some(label) = &field.label {
                    checker.text(file, label, &format!("label of `{name}`"), &mut warnings);
                }
                checker.text(
                    file,
                    &field.summary,
                    &format!("summary of `{name}`"),
                    &mut warnings,
                );
                checker.text(
                    file,
                    &field.explanation,
                    &format!("explanation of `{name}`"),
                    &mut warnings,
                );
                if let Some(note) = field
                    .deprecated
                    .as_ref()
                    .and_then(|d| d.get_ref().note.as_ref())
                {
                    checker.text(
                        file,
                        note,
                        &format!("deprecation note of `{name}`"),
                        &mut warnings,
                    );
                }
            }
        }
        if let Some(enums) = &reference.enums {
            for e in &enums.value.enums {
                let name = e.name.get_ref();
                checker.text(
                    &enums.file,
                    &e.summary,
                    &format!("summary of `{name}`"),
                    &mut warnings,
                );
                if let Some(t) = &e.on_invalid {
                    checker.text(
                        &enums.file,
                        t,
                        &format!("on-invalid text of `{name}`"),
                        &mut warnings,
                    );
                }
                for m in &e.members {
                    let what = format!("text of `{name}.{}`", m.name.get_ref());
                    checker.text(&enums.file, &m.text, &what, &mut warnings);
                }
            }
        }
    }
    for translated in loaded.guides.iter().filter(|g| g.lang_code.is_some()) {
        let Some(lang) = translated
            .lang_code
            .as_deref()
            .and_then(|code| Lang::find(langs, code))
        else {
            continue;
        };
        let original = loaded
            .guides
            .iter()
            .find(|g| g.slug == translated.slug && g.lang_code.is_none());
        if let Some(original) = original {
            checker.guide(original, translated, lang, &mut warnings);
        }
    }
    warnings
}

/// Checks translations against one glossary.
struct Checker<'a> {
    glossary: &'a Glossary,
    langs: &'a [Lang],
    default: Lang,
}

impl Checker<'_> {
    /// Checks each translation of one per-language text against its default-language text.
    fn text(&self, file: &SourceFile, raw: &RawLocalized, what: &str, out: &mut Vec<Diagnostic>) {
        let Some(original) = raw.get(self.default.code()) else {
            return;
        };
        let used = self.glossary.terms_in(original.get_ref());
        for (code, translation) in raw {
            let Some(lang) = Lang::find(self.langs, code).filter(|l| *l != self.default) else {
                continue;
            };
            let text = translation.get_ref();
            let at = |byte: usize| {
                let chars = text[..byte.min(text.len())].chars().count();
                string_value_offset(file, translation, chars)
            };
            self.report(text, lang, &used, what, |byte| file.origin(at(byte)), out);
        }
    }

    /// Checks a translated guide against the default language's version of it.
    fn guide(
        &self,
        original: &crate::source::LoadedGuide,
        translated: &crate::source::LoadedGuide,
        lang: Lang,
        out: &mut Vec<Diagnostic>,
    ) {
        let used = self
            .glossary
            .terms_in(&original.file.text[original.body_start..]);
        let text = &translated.file.text[translated.body_start..];
        let file = &translated.file;
        let start = translated.body_start;
        self.report(
            text,
            lang,
            &used,
            "guide",
            |byte| file.origin(start + byte),
            out,
        );
    }

    /// The warnings for one translation `text`, for each term of the original (`used`): a
    /// variant the glossary rules out for it, at its place (the variant may be right for
    /// another word: 切分 is "split", only never "shard"), and a translation that has none of
    /// its forms.
    fn report(
        &self,
        text: &str,
        lang: Lang,
        used: &[&Term],
        what: &str,
        origin: impl Fn(usize) -> crate::diagnostics::Origin,
        out: &mut Vec<Diagnostic>,
    ) {
        for term in used {
            if let Some((byte, variant)) = term.avoided_in(text, lang) {
                out.push(
                    origin(byte)
                        .error(format!(
                            "the `{lang}` {what} writes `{variant}` for “{}”, which the glossary rules out",
                            term.term
                        ))
                        .with_hint(preferred_hint(term, lang))
                        .warning(),
                );
            }
        }
        for term in used {
            if !term.is_used_in(text, lang) {
                out.push(
                    origin(0)
                        .error(format!(
                            "the `{}` {what} uses “{}”, but its `{lang}` translation has none of the glossary's forms for it",
                            self.default, term.term
                        ))
                        .with_hint(preferred_hint(term, lang))
                        .warning(),
                );
            }
        }
    }
}

fn preferred_hint(term: &Term, lang: Lang) -> String {
    let origin = &term.origin;
    match term.preferred.get(&lang) {
        Some(forms) => format!(
            "write {} (glossary.toml:{}:{})",
            forms
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" or "),
            origin.line,
            origin.col
        ),
        None => format!(
            "rephrase without it (glossary.toml:{}:{})",
            origin.line, origin.col
        ),
    }
}
