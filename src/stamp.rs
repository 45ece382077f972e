//! `fieldbook stamp`: records that every translation matches today's default-language text.
//!
//! Each translated text (summary, explanation, label, note, enum text, title, …) gets an entry
//! in the language's translation memory, `content/translations/<lang>/` (see
//! [`crate::memory`]); each field keeps its older stamp too, `translated-from.<lang> = "…"`, the
//! hash of its summary and explanation; each translated guide gets `translated-from = "…"` in
//! its front matter, the hash of the default-language guide. Group files are rewritten with
//! toml_edit, keeping comments, order and formatting; every file is read and edited before any
//! is written, and all are written together or none (see [`crate::edit_set`]).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::drift::text_hash;
use crate::edit_set::{EditSet, EditableFile};
use crate::lang::Lang;
use crate::model::{Book, Field, FieldText, TranslationState};
use crate::po::catalog;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Table};

/// Stamps every translation in the book at `root`; returns how many records were written or
/// changed (texts in the translation memories and translated guides).
pub fn stamp(root: &Path, only: Option<&str>) -> Result<usize, Diagnostics> {
    let (loaded, book) = crate::po::load(root)?;
    let default = book.config.default_language;
    let langs: Vec<Lang> = match only {
        Some(code) => vec![crate::po::translated_language(&book.config, code)?],
        None => book
            .config
            .languages
            .iter()
            .copied()
            .filter(|&l| l != default)
            .collect(),
    };
    // Every file is read and edited first; only then is anything written, all together.
    let mut edits = EditSet::default();
    field_hashes(root, &book, &langs, &mut edits)?;
    let mut stamped = 0;
    let mut planned = crate::memory::Planned::default();
    for &lang in &langs {
        let mut updates: BTreeMap<PathBuf, BTreeMap<String, String>> = BTreeMap::new();
        for text in catalog::texts(&loaded, default, lang) {
            if text.translation.is_some() {
                updates
                    .entry(text.file)
                    .or_default()
                    .insert(text.key, text.source);
            }
        }
        let more = crate::memory::plan(root, lang, &updates, &mut edits)?;
        stamped += more.changed;
        planned.folders.extend(more.folders);
        for guide in &book.guides {
            // A guide not translated into `lang` has nothing to vouch for.
            let Some(body) = guide.body.translated(lang) else {
                continue;
            };
            let file = EditableFile::read(root, &body.path)?;
            let hash = crate::memory::guide_hash(guide, default);
            if let Some(text) = with_front_matter_hash(&file.file.text, &hash) {
                if edits.replace(&file, &text) {
                    stamped += 1;
                }
            }
        }
    }
    crate::memory::make_folders(&planned)?;
    edits.commit()?;
    Ok(stamped)
}

/// Writes each field's `translated-from.<lang>`: the hash of its summary and explanation.
fn field_hashes(
    root: &Path,
    book: &Book,
    langs: &[Lang],
    edits: &mut EditSet,
) -> Result<(), Diagnostic> {
    let default = book.config.default_language;
    for reference in &book.references {
        let groups_dir = Path::new("content").join(&reference.id).join("groups");
        for shown in crate::source::group_files(root, &groups_dir)? {
            let file = EditableFile::read(root, &shown)?;
            let mut doc = file.parse_toml()?;
            let Some(fields) = doc.get_mut("field").and_then(Item::as_array_of_tables_mut) else {
                continue;
            };
            for table in fields.iter_mut() {
                let Some(name) = table.get("name").and_then(Item::as_str) else {
                    continue;
                };
                let Some((
                    _,
                    field @ Field {
                        text:
                            FieldText::Written {
                                summary,
                                explanation,
                            },
                        ..
                    },
                )) = reference.field(name)
                else {
                    continue;
                };
                // A language with no text of its own has nothing to vouch for.
                let translated: Vec<Lang> = langs
                    .iter()
                    .copied()
                    .filter(|&l| {
                        crate::drift::translation_state(field, l) != TranslationState::Missing
                    })
                    .collect();
                if translated.is_empty() {
                    continue;
                }
                let hash = text_hash(summary.get(default), explanation.get(default));
                if !table.contains_key("translated-from") {
                    let mut dotted = Table::new();
                    dotted.set_dotted(true);
                    table.insert("translated-from", Item::Table(dotted));
                }
                let Some(target) = table
                    .get_mut("translated-from")
                    .and_then(Item::as_table_like_mut)
                else {
                    continue;
                };
                for &lang in &translated {
                    if target.get(lang.code()).and_then(Item::as_str) != Some(hash.as_str()) {
                        target.insert(lang.code(), toml_edit::value(hash.clone()));
                    }
                }
            }
            edits.replace(&file, &doc.to_string());
        }
    }
    Ok(())
}

/// A guide's text with `translated-from = "<hash>"` in its `+++` front matter (the line
/// replaced, or added before the closing `+++`); `None` when the guide has no front matter.
fn with_front_matter_hash(text: &str, hash: &str) -> Option<String> {
    let after_open = text.strip_prefix("+++")?;
    let close = 3 + after_open.find("\n+++")?;
    let line = format!("translated-from = \"{hash}\"");
    let front = &text[..close];
    let existing = front
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| front[i..].starts_with("translated-from"));
    Some(match existing {
        Some(start) => {
            let end = front[start..].find('\n').map_or(close, |n| start + n);
            format!("{}{line}{}", &text[..start], &text[end..])
        }
        None => format!("{}\n{line}{}", &text[..close], &text[close..]),
    })
}

#[cfg(test)]
mod tests {
    use super::with_front_matter_hash;

    #[test]
    fn the_front_matter_gets_one_translated_from_line() {
        let text = "+++\ntitle = \"T\"\n+++\n\nBody\n";
        let stamped = with_front_matter_hash(text, "0123abcd").unwrap();
        assert_eq!(
            stamped,
            "+++\ntitle = \"T\"\ntranslated-from = \"0123abcd\"\n+++\n\nBody\n"
        );
        assert_eq!(
            with_front_matter_hash(&stamped, "ffffffff").unwrap(),
            "+++\ntitle = \"T\"\ntranslated-from = \"ffffffff\"\n+++\n\nBody\n"
        );
        assert_eq!(with_front_matter_hash("Body\n", "0123abcd"), None);
    }
}
