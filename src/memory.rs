//! The translation memory: `content/translations/<lang>/` records, for each translated text
//! (by its key, see [`crate::po::catalog`]), the default-language text the translation was made
//! from, in one file per content file (`content/translations/zh/training-args/groups/02-optimizer.toml`
//! for the texts of `content/training-args/groups/02-optimizer.toml`, `…/zh/book.toml` for
//! book.toml's), so that no memory file outgrows the file it records. A translation whose text differs from today's is stale, and `po export` shows the old
//! text to the translator as gettext's previous `#| msgid`. `stamp` and `po import` write it;
//! the loader reads it (see [`crate::source::LoadedMemory`]).
//!
//! A field's older stamp, `translated-from.<lang> = "<hash>"` in its group file, still counts
//! for its summary and explanation when the memory has no entry for them.

use crate::diagnostics::Diagnostics;
use crate::edit_set::{EditSet, EditableFile};
use crate::lang::Lang;
use crate::model::{Book, Guide, StaleText, TranslationState};
use crate::po::catalog::{self, Made};
use crate::source::LoadedBook;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Records in `book` what each translation was made from: every stale text (in
/// [`Book::stale`]), each field's state from its texts (stale when one of them is; a field with
/// no record keeps what its `translated-from` stamp says) and each translated guide's.
pub fn apply(loaded: &LoadedBook, book: &mut Book) {
    let default = book.config.default_language;
    let langs: Vec<Lang> = book
        .config
        .languages
        .iter()
        .copied()
        .filter(|&l| l != default)
        .collect();
    for &lang in &langs {
        // (reference, field) → the field's state in `lang`.
        let mut fields: BTreeMap<(String, String), TranslationState> = BTreeMap::new();
        // Where nothing records what a text was made from (no memory, no field stamp), every
        // text is unstamped: the catalog of every text need not be built on each build.
        let texts = if records_any(loaded, lang) {
            catalog::texts(loaded, default, lang)
        } else {
            Vec::new()
        };
        for text in texts {
            if text.translation.is_none() {
                continue;
            }
            let state = match text.made {
                Made::Current => TranslationState::Current,
                Made::Stale(_) => TranslationState::Stale,
                Made::Unstamped => continue,
            };
            if state == TranslationState::Stale {
                book.stale.push(StaleText {
                    lang,
                    what: text.what.clone(),
                    origin: text.at.clone(),
                });
            }
            if let (Some(reference), Some(field)) = (text.reference, text.field) {
                let entry = fields.entry((reference, field)).or_insert(state);
                if state == TranslationState::Stale {
                    *entry = state;
                }
            }
        }
        for reference in &mut book.references {
            let id = reference.id.clone();
            // Other versions' pages show the same texts.
            let versions = reference.other_versions.iter_mut();
            let groups = reference
                .groups
                .iter_mut()
                .chain(versions.flat_map(|v| v.groups.iter_mut()));
            for field in groups.flat_map(|g| &mut g.fields) {
                // A field with an untranslated text stays missing, whatever its other texts say.
                if field.translations.get(&lang) == Some(&TranslationState::Missing) {
                    continue;
                }
                if let Some(&state) = fields.get(&(id.clone(), field.name.clone())) {
                    field.translations.insert(lang, state);
                }
            }
        }
        for guide in &mut book.guides {
            if guide_is_stale(loaded, guide, default, lang) {
                if let Some(body) = guide.body.translated_mut(lang) {
                    body.stale = true;
                    book.stale.push(StaleText {
                        lang,
                        what: format!("guide `{}`", guide.slug),
                        origin: crate::diagnostics::Origin {
                            path: body.path.clone(),
                            line: 1,
                            col: 1,
                        },
                    });
                }
            }
        }
    }
}

/// Whether the book records for any text what its `lang` translation was made from: a memory
/// for `lang`, or a field's `translated-from.<lang>` stamp.
fn records_any(loaded: &LoadedBook, lang: Lang) -> bool {
    let code = lang.code();
    loaded.memories.iter().any(|m| m.lang_code == code)
        || loaded
            .references
            .iter()
            .flat_map(|r| &r.groups)
            .flat_map(|g| &g.value.fields)
            .any(|f| f.translated_from.contains_key(code))
}

/// A memory folder whose name is not a translated language of the book is a problem.
pub fn check_files(loaded: &LoadedBook, book: &Book, problems: &mut Diagnostics) {
    let mut seen = std::collections::BTreeSet::new();
    for memory in &loaded.memories {
        let code = &memory.lang_code;
        if crate::po::translated_language(&book.config, code).is_err() && seen.insert(code) {
            let folder = Path::new("content")
                .join(crate::source::TRANSLATIONS_DIR)
                .join(code);
            problems.push(
                crate::diagnostics::Diagnostic::file(
                    folder,
                    format!("`{code}` is not a translated language of this book"),
                )
                .with_hint("a translation memory's folder is named after a non-default language of book.toml (`content/translations/zh/`); remove or rename the folder"),
            );
        }
    }
}

/// The hash a translated guide records in `translated-from`: over the default-language guide's
/// title and body.
pub fn guide_hash(guide: &Guide, default: Lang) -> String {
    crate::drift::text_hash(guide.title.get(default), &guide.body.get(default).markdown)
}

/// Whether `guide`'s `lang` file records a `translated-from` other than today's hash.
fn guide_is_stale(loaded: &LoadedBook, guide: &Guide, default: Lang, lang: Lang) -> bool {
    if guide.body.is_missing(lang) {
        return false;
    }
    let stamp = loaded
        .guides
        .iter()
        .find(|g| g.slug == guide.slug && g.lang_code.as_deref() == Some(lang.code()))
        .and_then(|g| g.front.translated_from.as_ref());
    stamp.is_some_and(|hash| *hash.get_ref() != guide_hash(guide, default))
}

/// The memory file of `lang` for the texts of the content file `source` (both relative to the
/// book root).
pub fn path(lang: Lang, source: &Path) -> PathBuf {
    let inside = source.strip_prefix("content").unwrap_or(source);
    Path::new("content")
        .join(crate::source::TRANSLATIONS_DIR)
        .join(lang.code())
        .join(inside)
}

/// What [`plan`] planned.
#[derive(Debug, Default, Clone)]
pub struct Planned {
    /// Entries added or changed.
    pub changed: usize,
    /// Folders to create before the commit (for memory files not written before).
    pub folders: Vec<PathBuf>,
}

/// Plans the writes of `lang`'s memory: `updates` maps a content file to the entries (text key
/// → the text translated from) to merge into its memory file; nothing is planned for a file
/// whose memory does not change.
pub fn plan(
    root: &Path,
    lang: Lang,
    updates: &BTreeMap<PathBuf, BTreeMap<String, String>>,
    edits: &mut EditSet,
) -> Result<Planned, Diagnostics> {
    let mut planned = Planned::default();
    for (source, updates) in updates {
        let shown = path(lang, source);
        let existing = if root.join(&shown).exists() {
            Some(EditableFile::read(root, &shown)?)
        } else {
            None
        };
        let mut entries: BTreeMap<String, String> = match &existing {
            Some(file) => {
                crate::source::parse_toml::<BTreeMap<String, String>>(file.file.clone())?.value
            }
            None => BTreeMap::new(),
        };
        let before = planned.changed;
        for (key, text) in updates {
            let text = text.trim_end().to_string();
            if entries.get(key) != Some(&text) {
                entries.insert(key.clone(), text);
                planned.changed += 1;
            }
        }
        if planned.changed == before {
            continue;
        }
        let text = render(lang, source, &entries);
        match existing {
            Some(file) => {
                edits.replace(&file, &text);
            }
            None => {
                let folder = root.join(&shown).parent().map(Path::to_path_buf);
                planned.folders.extend(folder.filter(|f| !f.is_dir()));
                edits.create(root, &shown, text);
            }
        }
    }
    Ok(planned)
}

/// Creates the folders `planned` needs: the last step before a commit.
pub fn make_folders(planned: &Planned) -> Result<(), Diagnostics> {
    for folder in &planned.folders {
        std::fs::create_dir_all(folder).map_err(|e| {
            crate::diagnostics::Diagnostic::file(folder, format!("cannot create the folder: {e}"))
                .with_hint("check that `content/` is writable; nothing was written")
        })?;
    }
    Ok(())
}

/// The memory file's text: a comment saying what it is, then one `"key" = "text"` line per
/// entry in key order (multi-line texts as `"""` strings).
fn render(lang: Lang, source: &Path, entries: &BTreeMap<String, String>) -> String {
    let mut out = format!(
        "# Translation memory for `{lang}` of {}, written by `fieldbook stamp` and\n\
         # `fieldbook po import`: for each translated text, the default-language text its\n\
         # translation was made from. A translation whose text has changed since is stale.\n\n",
        source.display()
    );
    for (key, text) in entries {
        out.push_str(&format!("{} = {}\n", string(key), string(text)));
    }
    out
}

/// `text` as a TOML basic string: on one line, or as a `"""` string ending in a line break
/// when it has line breaks (trailing whitespace is not part of a book's texts).
pub fn string(text: &str) -> String {
    let multi = text.contains('\n');
    let mut out = String::from(if multi { "\"\"\"\n" } else { "\"" });
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            // In a `"""` string a quote needs an escape only where three would end it.
            '"' if !multi || chars.peek() == Some(&'"') => out.push_str("\\\""),
            '\n' if multi => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push_str(if multi { "\n\"\"\"" } else { "\"" });
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_read_back_as_written() {
        for text in [
            "plain",
            "a \"quote\" and \\ backslash",
            "two\nlines with \"\"\" inside\n\nand a tab\t",
            "ends with a quote\"",
            "control \u{1b} and \r",
        ] {
            let doc: toml::Table = toml::from_str(&format!("v = {}", string(text))).unwrap();
            let read = doc["v"].as_str().unwrap();
            assert_eq!(read.trim_end_matches('\n'), text, "{}", string(text));
        }
    }
}
