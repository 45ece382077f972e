//! `fieldbook po import`: translations from PO files into the book's TOML, all or nothing.
//!
//! Each non-empty, non-fuzzy `msgstr` whose `msgid` is still the current default-language text
//! is written to its key with toml_edit (comments, order, formatting, line ends and symlinks
//! kept, see [`crate::edit_set`]) and recorded in the translation memory. An entry translated
//! from an earlier text is a warning and is not written; an unknown key or a malformed file
//! is an error and nothing is written.

use super::catalog::{self, Made, Step, Text};
use super::format::{self, Entry};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::edit_set::{EditSet, EditableFile};
use crate::lang::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, TableLike};

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// Translations written.
    pub written: usize,
    /// Entries equal to the book's translation, left as they are.
    pub unchanged: usize,
    /// Entries skipped because they are marked fuzzy.
    pub fuzzy: usize,
    /// Entries skipped because they have no translation.
    pub empty: usize,
    /// Entries not written because the text changed since they were exported.
    pub warnings: Vec<Diagnostic>,
    /// The book's files written, as shown in messages.
    pub files: Vec<PathBuf>,
}

/// One translation to write.
struct Write<'a> {
    text: &'a Text,
    lang: Lang,
    translation: String,
}

/// Imports `files` into the book at `root`.
pub fn import(root: &Path, files: &[PathBuf]) -> Result<Imported, Diagnostics> {
    let (loaded, book) = super::load(root)?;
    let default = book.config.default_language;
    let mut problems = Diagnostics::default();
    let mut done = Imported::default();
    let mut catalogs: BTreeMap<Lang, Vec<Text>> = BTreeMap::new();
    let mut parsed = Vec::new();
    for path in files {
        let file = match SourceFile::read(path, path) {
            Ok(file) => file,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match format::parse(&file).and_then(|entries| language(&file, &entries, &book.config)) {
            Ok((lang, entries)) => {
                catalogs
                    .entry(lang)
                    .or_insert_with(|| catalog::texts(&loaded, default, lang));
                parsed.push((file, lang, entries));
            }
            Err(d) => problems.push(d),
        }
    }
    let mut seen: BTreeMap<(Lang, &str), (&Path, usize)> = BTreeMap::new();
    let mut writes = Vec::new();
    for (file, lang, entries) in &parsed {
        let texts = &catalogs[lang];
        let by_key: BTreeMap<&str, &Text> = texts.iter().map(|t| (t.key.as_str(), t)).collect();
        for entry in entries
            .iter()
            .filter(|e| e.msgctxt.is_some() || !e.msgid.is_empty())
        {
            let at = |message: String| Diagnostic::at(&file.path, entry.line, 1, message);
            let Some(key) = entry.msgctxt.as_deref() else {
                problems.push(at(format!("the entry `{}` has no `msgctxt`", short(&entry.msgid)))
                    .with_hint("fieldbook finds each text by its `msgctxt` key: export the PO file again with `fieldbook po export`"));
                continue;
            };
            let Some(&text) = by_key.get(key) else {
                let keys: Vec<&str> = by_key.keys().copied().collect();
                let hint = match did_you_mean(key, &keys) {
                    Some(near) => format!("did you mean `{near}`? Keys name the texts of this book; export again to get the current ones"),
                    None => "keys name the texts of this book: export again with `fieldbook po export` to get the current ones".to_string(),
                };
                problems.push(at(format!("unknown key `{key}`")).with_hint(hint));
                continue;
            };
            if let Some((other, line)) = seen.insert((*lang, key), (&file.path, entry.line)) {
                problems.push(
                    at(format!(
                        "the key `{key}` is also at {}:{line}",
                        other.display()
                    ))
                    .with_hint("keep one entry per key"),
                );
                continue;
            }
            if entry.fuzzy {
                done.fuzzy += 1;
                continue;
            }
            let translation = entry.msgstr.trim_end();
            if translation.is_empty() {
                done.empty += 1;
                continue;
            }
            if entry.msgid.trim_end() != text.source {
                done.warnings.push(
                    at(format!(
                        "`{key}`: the English changed since this was exported; not imported"
                    ))
                    .with_hint("export again, translate the entry from the new text, then import")
                    .warning(),
                );
                continue;
            }
            let same = text.translation.as_deref() == Some(translation);
            if same && !matches!(text.made, Made::Stale(_)) {
                done.unchanged += 1;
                continue;
            }
            writes.push(Write {
                text,
                lang: *lang,
                translation: translation.to_string(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut edits = EditSet::default();
    let mut by_file: BTreeMap<&Path, Vec<&Write>> = BTreeMap::new();
    for write in &writes {
        by_file.entry(&write.text.file).or_default().push(write);
    }
    for (shown, writes) in by_file {
        let file = EditableFile::read(root, shown)?;
        let mut doc = file.parse_toml()?;
        for write in &writes {
            set(&mut doc, &write.text.path, write.lang, &write.translation).ok_or_else(|| {
                Diagnostic::at(
                    shown,
                    write.text.line,
                    1,
                    format!("cannot find `{}` in the file", write.text.key),
                )
                .with_hint("the file changed while importing; run the import again")
            })?;
        }
        edits.replace(&file, &doc.to_string());
    }
    type Updates = BTreeMap<PathBuf, BTreeMap<String, String>>;
    let mut memories: BTreeMap<Lang, Updates> = BTreeMap::new();
    for write in &writes {
        memories
            .entry(write.lang)
            .or_default()
            .entry(write.text.file.clone())
            .or_default()
            .insert(write.text.key.clone(), write.text.source.clone());
    }
    let mut planned = crate::memory::Planned::default();
    for (lang, updates) in &memories {
        let more = crate::memory::plan(root, *lang, updates, &mut edits)?;
        planned.folders.extend(more.folders);
    }
    crate::memory::make_folders(&planned)?;
    done.written = writes.len();
    done.files = edits.files();
    edits.commit()?;
    Ok(done)
}

/// The first line of a text, shortened, for messages.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// The translated language a PO file's header names (`Language: zh`), with its entries.
fn language(
    file: &SourceFile,
    entries: &[Entry],
    config: &crate::model::BookConfig,
) -> Result<(Lang, Vec<Entry>), Diagnostic> {
    let header = entries
        .iter()
        .find(|e| e.msgctxt.is_none() && e.msgid.is_empty());
    let code = header.and_then(|h| {
        h.msgstr
            .lines()
            .find_map(|l| l.strip_prefix("Language:"))
            .map(str::trim)
    });
    let line = header.map_or(1, |h| h.line);
    match code {
        Some(code) => super::translated_language(config, code)
            .map(|lang| (lang, entries.to_vec()))
            .map_err(|d| {
                Diagnostic::at(&file.path, line, 1, d.message)
                    .with_hint(d.hint.unwrap_or_default())
            }),
        None => Err(Diagnostic::at(&file.path, line, 1, "the header names no `Language:`")
            .with_hint("the header entry (`msgid \"\"`) needs a line `Language: zh\\n`, as `fieldbook po export` writes it")),
    }
}

/// Sets `lang`'s text of the per-language table at `path`, keeping the old value's spacing;
/// `None` when the path is not in the document.
fn set(doc: &mut DocumentMut, path: &[Step], lang: Lang, text: &str) -> Option<()> {
    let table = locate(doc.as_table_mut(), path)?;
    let parsed: DocumentMut = format!("v = {}", crate::memory::string(text))
        .parse()
        .ok()?;
    let mut value = parsed.get("v")?.as_value()?.clone();
    match table.get_mut(lang.code()) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(lang.code(), Item::Value(value));
        }
    }
    Some(())
}

/// The table at `path` below `table`.
fn locate<'a>(table: &'a mut dyn TableLike, path: &[Step]) -> Option<&'a mut dyn TableLike> {
    match path {
        [] => Some(table),
        [Step::Key(key), Step::Index(i), rest @ ..] => {
            let array = table.get_mut(key)?.as_array_of_tables_mut()?;
            locate(array.get_mut(*i)?, rest)
        }
        [Step::Key(key), rest @ ..] => locate(table.get_mut(key)?.as_table_like_mut()?, rest),
        [Step::Index(_), ..] => None,
    }
}
