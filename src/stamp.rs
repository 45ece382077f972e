//! `fieldbook stamp`: records, next to each translation, the hash of the default-language text it
//! matches (`translated-from.<lang> = "…"`), so a later change of that text shows up as a stale
//! translation. Rewrites group files with toml_edit, keeping comments, order and formatting, and
//! writes each file atomically.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::drift::text_hash;
use crate::model::Lang;
use std::path::Path;
use toml_edit::{DocumentMut, Item, Table};

/// Stamps every field's translation(s) in the book at `root`; returns how many were written.
pub fn stamp(root: &Path, only: Option<&str>) -> Result<usize, Diagnostics> {
    let book = crate::load_book(root, None)?;
    let default = book.config.default_language;
    let langs: Vec<Lang> = match only {
        Some(code) => match Lang::from_code(code)
            .filter(|l| book.config.languages.contains(l) && *l != default)
        {
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
    let mut stamped = 0;
    for reference in &book.references {
        let groups_dir = root.join("content").join(&reference.id).join("groups");
        let mut files: Vec<_> = std::fs::read_dir(&groups_dir)
            .map_err(|e| Diagnostic::file(&groups_dir, format!("cannot read the folder: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Diagnostic::file(&path, format!("cannot read the file: {e}")))?;
            let mut doc: DocumentMut = text
                .parse()
                .map_err(|e| Diagnostic::file(&path, format!("cannot parse: {e}")))?;
            let Some(fields) = doc.get_mut("field").and_then(Item::as_array_of_tables_mut) else {
                continue;
            };
            let mut changed = false;
            for table in fields.iter_mut() {
                let Some(name) = table.get("name").and_then(Item::as_str) else {
                    continue;
                };
                let Some((_, field)) = reference.field(name) else {
                    continue;
                };
                let hash = text_hash(field.summary.get(default), field.explanation.get(default));
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
                for &lang in &langs {
                    if target.get(lang.code()).and_then(Item::as_str) != Some(hash.as_str()) {
                        target.insert(lang.code(), toml_edit::value(hash.clone()));
                        changed = true;
                        stamped += 1;
                    }
                }
            }
            if changed {
                write_atomically(&path, doc.to_string().as_bytes())?;
            }
        }
    }
    Ok(stamped)
}

/// Writes a file by writing a sibling temporary file and renaming it over the original, so a
/// killed process leaves the old file or the new one, never a truncated one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.fieldbook-tmp-{}", std::process::id()));
    let fail = |e: std::io::Error| Diagnostic::file(path, format!("cannot write the file: {e}"));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
