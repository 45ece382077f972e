//! `fieldbook stamp`: records, next to each translation, the hash of the default-language text it
//! matches (`translated-from.<lang> = "…"`), so a later change of that text shows up as a stale
//! translation. Rewrites group files with toml_edit, keeping comments, order and formatting; every
//! file is read and edited before any is written, and all are written together or none
//! (see [`crate::edit_set`]).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::drift::text_hash;
use crate::edit_set::{EditSet, EditableFile};
use crate::lang::Lang;
use crate::model::{Field, FieldText, TranslationState};
use std::path::Path;
use toml_edit::{Item, Table};

/// Stamps every field's translation(s) in the book at `root`; returns how many were written.
pub fn stamp(root: &Path, only: Option<&str>) -> Result<usize, Diagnostics> {
    let book = crate::load_book(root, None)?;
    let default = book.config.default_language;
    let langs: Vec<Lang> = match only {
        Some(code) => match Lang::find(&book.config.languages, code).filter(|l| *l != default) {
            Some(lang) => vec![lang],
            None => {
                return Err(Diagnostic::file(
                    "book.toml",
                    format!("`{code}` is not a translated language of this book"),
                )
                .with_hint("pass one of the non-default languages listed in book.toml")
                .into())
            }
        },
        None => book
            .config
            .languages
            .iter()
            .copied()
            .filter(|&l| l != default)
            .collect(),
    };
    // Every group file is read and edited first; only then is anything written, all together.
    let mut stamped = 0;
    let mut edits = EditSet::default();
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
                        stamped += 1;
                    }
                }
            }
            edits.replace(&file, &doc.to_string());
        }
    }
    edits.commit()?;
    Ok(stamped)
}
