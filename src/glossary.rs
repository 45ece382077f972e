//! The book's terminology (`glossary.toml`): one translation per concept and the variants to
//! avoid, and how a text is searched for them. Validation checks every translation against it
//! (`validate::glossary`); `po export` shows the terms of each English text to translators.
//!
//! Text inside code (`` `epoch` ``, fenced blocks) is never matched: code keeps its own names.

use crate::diagnostics::Origin;
use crate::lang::Lang;
use std::collections::BTreeMap;

/// The validated glossary; empty when the book has none.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The terms in file order.
    pub terms: Vec<Term>,
}

/// One concept and how each language names it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term in the default language, as written (`epoch`).
    pub term: String,
    /// Every form matched in the default language, lowercase: the term and its `forms`.
    pub forms: Vec<String>,
    /// Per language: the translations to use, the first preferred.
    pub preferred: BTreeMap<Lang, Vec<String>>,
    /// Per language: variants never to use.
    pub avoid: BTreeMap<Lang, Vec<String>>,
    /// Why, for translators.
    pub note: Option<String>,
    /// Where the term is in `glossary.toml`.
    pub origin: Origin,
}

impl Glossary {
    /// The terms a default-language text uses (outside code), in glossary order. Longer forms
    /// are matched first and take their words: "batch size" in a text is the term `batch size`,
    /// not also `batch`.
    pub fn terms_in<'a>(&'a self, text: &str) -> Vec<&'a Term> {
        let mut prose = mask_code(text).to_lowercase();
        let mut forms: Vec<(usize, &str)> = self
            .terms
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.forms.iter().map(move |f| (i, f.as_str())))
            .collect();
        forms.sort_by_key(|&(i, f)| (std::cmp::Reverse(f.len()), i));
        let mut used = vec![false; self.terms.len()];
        for (i, form) in forms {
            while let Some(at) = find_word(&prose, form, true) {
                used[i] = true;
                // Blank the match (ASCII spaces keep every offset and boundary after it).
                prose.replace_range(at..at + form.len(), &" ".repeat(form.len()));
            }
        }
        self.terms
            .iter()
            .zip(used)
            .filter_map(|(t, used)| used.then_some(t))
            .collect()
    }

    /// One line per term `english` uses that has a translation into `lang`, for translators:
    /// `epoch → 轮 / 训练轮数 (not 时代, 纪元)`.
    pub fn hints(&self, english: &str, lang: Lang) -> Vec<String> {
        self.terms_in(english)
            .into_iter()
            .filter_map(|t| {
                let preferred = t.preferred.get(&lang)?;
                let mut line = format!("{} → {}", t.term, preferred.join(" / "));
                if let Some(avoid) = t.avoid.get(&lang).filter(|a| !a.is_empty()) {
                    line.push_str(&format!(" (not {})", avoid.join(", ")));
                }
                Some(line)
            })
            .collect()
    }
}

impl Term {
    /// Whether `translation` (in `lang`) uses one of the preferred forms, outside code; true
    /// when the glossary gives `lang` none.
    pub fn is_used_in(&self, translation: &str, lang: Lang) -> bool {
        let Some(preferred) = self.preferred.get(&lang) else {
            return true;
        };
        let prose = mask_code(translation).to_lowercase();
        preferred
            .iter()
            .any(|p| find_variant(&prose, &p.to_lowercase()).is_some())
    }

    /// The first variant to avoid in `translation` (in `lang`), outside code and other than in
    /// brackets right after a preferred form (`批次（batch）` gives the original word on first
    /// use): its byte offset in `translation` and the variant as the glossary writes it.
    pub fn avoided_in<'a>(&'a self, translation: &str, lang: Lang) -> Option<(usize, &'a str)> {
        let prose = mask_code(translation);
        let lower = prose.to_lowercase();
        // Lowercasing keeps byte offsets only where it keeps byte lengths; otherwise search
        // the text as written.
        let haystack = if lower.len() == prose.len() {
            &lower
        } else {
            &prose
        };
        self.avoid
            .get(&lang)?
            .iter()
            .filter_map(|v| {
                let v_lower = v.to_lowercase();
                let mut from = 0;
                while let Some(at) = find_variant(&haystack[from..], &v_lower).map(|a| from + a) {
                    if !self.bracketed_after_preferred(haystack, at, v_lower.len(), lang) {
                        return Some((at, v.as_str()));
                    }
                    from = at + v_lower.len();
                }
                None
            })
            .min_by_key(|&(at, _)| at)
    }
    /// Whether `text[at..at + len]` stands in brackets right after one of the preferred forms:
    /// `批次（batch）`.
    fn bracketed_after_preferred(&self, text: &str, at: usize, len: usize, lang: Lang) -> bool {
        let before = text[..at]
            .strip_suffix('（')
            .or_else(|| text[..at].strip_suffix('('));
        let closed = text[at + len..].starts_with('）') || text[at + len..].starts_with(')');
        match (before, self.preferred.get(&lang)) {
            (Some(before), Some(preferred)) if closed => preferred
                .iter()
                .any(|p| before.ends_with(&p.to_lowercase())),
            _ => false,
        }
    }
}

/// `text` with every code span, fenced code block and Markdown link destination
/// (`[LINEAR](enum:SchedulerType.LINEAR)`) blanked out: same byte length, so offsets still
/// point into `text`.
pub fn mask_code(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"](") {
            let end = text[i..].find(')').map_or(bytes.len(), |e| i + e + 1);
            out[i..end].fill(b' ');
            i = end;
            continue;
        }
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let fence = "`".repeat(run);
        let body = i + run;
        match text[body..].find(&fence) {
            Some(len) => {
                let end = body + len + run;
                for b in &mut out[i..end] {
                    // Keep line breaks (and UTF-8 continuation bytes become spaces too: the
                    // whole span turns into ASCII, still the same length).
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            None => i = body,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The byte offset of `word` (lowercase) in `text` (lowercase) as a whole word: not inside a
/// longer word or identifier; with `plural`, also followed by `s` or `es`.
fn find_word(text: &str, word: &str, plural: bool) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before_ok = !text[..at].chars().next_back().is_some_and(is_word);
        let rest = &text[at + word.len()..];
        let rest = if plural {
            rest.strip_prefix("es")
                .filter(|r| !r.starts_with(is_word))
                .or_else(|| rest.strip_prefix('s'))
                .unwrap_or(rest)
        } else {
            rest
        };
        before_ok && !rest.starts_with(is_word)
    })
}

/// Where `variant` (lowercase) occurs in `text`: as a whole word when it is written in letters
/// that separate words with spaces (`batch`), anywhere for CJK (`时代`).
fn find_variant(text: &str, variant: &str) -> Option<usize> {
    if variant.chars().any(|c| c.is_ascii_alphabetic()) {
        find_word(text, variant, false)
    } else {
        text.find(variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term() -> Term {
        Term {
            term: "epoch".into(),
            forms: vec!["epoch".into()],
            preferred: [(Lang::Zh, vec!["轮".into(), "训练轮数".into()])].into(),
            avoid: [(Lang::Zh, vec!["时代".into(), "纪元".into()])].into(),
            note: None,
            origin: Origin {
                path: "glossary.toml".into(),
                line: 1,
                col: 1,
            },
        }
    }

    #[test]
    fn matches_whole_words_and_plurals_outside_code() {
        let glossary = Glossary {
            terms: vec![term()],
        };
        assert_eq!(glossary.terms_in("Train for 3 epochs.").len(), 1);
        assert_eq!(glossary.terms_in("One Epoch.").len(), 1);
        assert!(glossary.terms_in("See `num_train_epochs`.").is_empty());
        assert!(glossary.terms_in("epochal").is_empty());
        assert!(glossary.terms_in("```\nepoch = 1\n```").is_empty());
        assert!(glossary
            .terms_in("[the member](enum:Strategy.EPOCH)")
            .is_empty());
    }

    #[test]
    fn finds_preferred_and_avoided_variants() {
        let t = term();
        assert!(t.is_used_in("训练 3 轮。", Lang::Zh));
        assert!(!t.is_used_in("训练三个时代。", Lang::Zh));
        let text = "训练三个时代。";
        let (at, variant) = t.avoided_in(text, Lang::Zh).unwrap();
        assert_eq!((&text[at..at + variant.len()], variant), ("时代", "时代"));
        assert!(t.avoided_in("`时代`", Lang::Zh).is_none());
        // The original word in brackets after the preferred form is fine; on its own it is not.
        let mut batch = t.clone();
        batch.avoid = [(Lang::Zh, vec!["epoch".into()])].into();
        assert!(batch.avoided_in("训练轮数（epoch）", Lang::Zh).is_none());
        assert!(batch.avoided_in("每个 epoch 结束时", Lang::Zh).is_some());
        assert!(batch
            .avoided_in("训练轮数（epoch）与 epoch", Lang::Zh)
            .is_some());
        assert!(t.is_used_in("whatever", Lang::En));
    }

    #[test]
    fn masking_keeps_offsets() {
        let text = "前 `代码` 后";
        let masked = mask_code(text);
        assert_eq!(masked.len(), text.len());
        assert!(masked.starts_with("前 "));
        assert!(masked.ends_with(" 后"));
    }

    #[test]
    fn hints_name_preferred_and_avoided_forms() {
        let glossary = Glossary {
            terms: vec![term()],
        };
        assert_eq!(
            glossary.hints("Number of epochs.", Lang::Zh),
            vec!["epoch → 轮 / 训练轮数 (not 时代, 纪元)".to_string()]
        );
    }
}
