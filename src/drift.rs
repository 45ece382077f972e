//! Drift between what was written and what it was written from: translations made from an
//! earlier version of the default-language text ("stale"), and translation coverage.

use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::model::{Book, Field, TranslationState};
use serde::Serialize;
use std::collections::BTreeMap;

/// A short, stable hash of a field's default-language text (summary and explanation), recorded
/// by `fieldbook stamp` next to each translation as `translated-from.<lang>`.
pub fn text_hash(summary: &str, explanation: &str) -> String {
    // FNV-1a, 64 bits, shown as 8 hex digits: stable across versions and platforms.
    // Three plain loops rather than one over chained iterators: the chain's bookkeeping per
    // byte cost more than the hashing.
    fn feed(mut hash: u64, bytes: &[u8]) -> u64 {
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }
    let hash = feed(0xcbf2_9ce4_8422_2325, summary.trim().as_bytes());
    let hash = feed(hash, b"\n");
    let hash = feed(hash, explanation.trim().as_bytes());
    format!("{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

/// The state of `field`'s translation into `lang` (never called for the default language), as
/// validation found it.
pub fn translation_state(field: &Field, lang: Lang) -> TranslationState {
    field
        .translations
        .get(&lang)
        .copied()
        .unwrap_or(TranslationState::Unstamped)
}

/// Counts per group and language.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Coverage {
    /// Fields in the group.
    pub fields: usize,
    /// Translations stamped from the current text.
    pub current: usize,
    /// Translations stamped from an older text.
    pub stale: usize,
    /// Translations never stamped.
    pub unstamped: usize,
    /// Fields with no text in the language (pages show the default language's).
    pub missing: usize,
}

impl Coverage {
    /// Counts one field whose translation is in `state`.
    pub fn count(&mut self, state: TranslationState) {
        self.fields += 1;
        match state {
            TranslationState::Current => self.current += 1,
            TranslationState::Stale => self.stale += 1,
            TranslationState::Unstamped => self.unstamped += 1,
            TranslationState::Missing => self.missing += 1,
        }
    }
}

/// Translation coverage: reference id → group id → language code → counts.
pub type CoverageReport = BTreeMap<String, BTreeMap<String, BTreeMap<&'static str, Coverage>>>;

/// Coverage of every translated language, per reference and group.
pub fn coverage(book: &Book) -> CoverageReport {
    let default = book.config.default_language;
    let mut report = CoverageReport::new();
    for reference in &book.references {
        let groups = report.entry(reference.id.clone()).or_default();
        for group in &reference.groups {
            let langs = groups.entry(group.id.clone()).or_default();
            for &lang in book.config.languages.iter().filter(|&&l| l != default) {
                let c = langs.entry(lang.code()).or_default();
                for field in &group.fields {
                    c.count(translation_state(field, lang));
                }
            }
        }
    }
    report
}

/// A warning for every stale translation, one per text (summary, explanation, label, …, or a
/// whole guide) at the translation.
pub fn stale_translations(book: &Book) -> Vec<Diagnostic> {
    let default = book.config.default_language;
    book.stale
        .iter()
        .map(|stale| {
            let lang = stale.lang;
            stale
                .origin
                .error(format!(
                    "the `{lang}` translation of {} was made from an earlier `{default}` text",
                    stale.what
                ))
                .with_hint(format!("update it, then run `fieldbook stamp --lang {lang}` to record it (`fieldbook po import` records what it imports)"))
                .warning()
        })
        .collect()
}

/// A warning per reference and language for the fields with no text in that language (pages
/// show the default language's), at the first such field, and one per guide not yet translated.
pub fn missing_translations(book: &Book) -> Vec<Diagnostic> {
    let default = book.config.default_language;
    let mut warnings = Vec::new();
    for &lang in book.config.languages.iter().filter(|&&l| l != default) {
        for reference in &book.references {
            let missing: Vec<&Field> = reference
                .fields()
                .map(|(_, f)| f)
                .filter(|f| translation_state(f, lang) == TranslationState::Missing)
                .collect();
            let Some(first) = missing.first() else {
                continue;
            };
            let total = reference.fields().count();
            let shown: Vec<String> = missing
                .iter()
                .take(5)
                .map(|f| format!("`{}`", f.name))
                .collect();
            let more = match missing.len().saturating_sub(shown.len()) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            warnings.push(
                first
                    .origin
                    .error(format!(
                        "{} of {total} fields of `{}` have no `{lang}` text: {}{more}",
                        missing.len(),
                        reference.class_name,
                        shown.join(", ")
                    ))
                    .with_hint(format!(
                        "add `summary.{lang}` and `explanation.{lang}` to each; until then the `{lang}` pages show the `{default}` text marked as not translated"
                    ))
                    .warning(),
            );
        }
        for guide in &book.guides {
            if guide.body.is_missing(lang) {
                let main = guide.body.get(default);
                warnings.push(
                    crate::diagnostics::Diagnostic::at(&main.path, 1, 1, format!(
                        "guide `{}` has no `{lang}` version",
                        guide.slug
                    ))
                    .with_hint(format!(
                        "add content/guides/{}.{lang}.md; until then its `{lang}` page shows the `{default}` text marked as not translated",
                        guide.slug
                    ))
                    .warning(),
                );
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::text_hash;

    #[test]
    fn hash_is_stable_and_ignores_surrounding_whitespace() {
        assert_eq!(
            text_hash("Peak rate.", "Text.\n"),
            text_hash(" Peak rate.", "Text.")
        );
        assert_ne!(
            text_hash("Peak rate.", "Text."),
            text_hash("Peak rate.", "Text!")
        );
        assert_eq!(text_hash("a", "b").len(), 8);
    }
}
