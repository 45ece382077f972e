//! The translation memory: `content/translations/<lang>.toml` records, for each translated text
//! (by its key, see [`crate::po::catalog`]), the default-language text the translation was made
//! from. A translation whose text differs from today's is stale, and `po export` shows the old
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
        for text in catalog::texts(loaded, default, lang) {
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

/// A memory file whose name is not a translated language of the book is a problem.
pub fn check_files(loaded: &LoadedBook, book: &Book, problems: &mut Diagnostics) {
    for memory in &loaded.memories {
        let code = &memory.lang_code;
        if crate::po::translated_language(&book.config, code).is_err() {
            problems.push(
                crate::diagnostics::Diagnostic::file(
                    &memory.parsed.file.path,
                    format!("`{code}` is not a translated language of this book"),
                )
                .with_hint("a translation memory is named after a non-default language of book.toml (`zh.toml`); remove or rename the file"),
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

/// Where the memory of `lang` is, relative to the book root.
pub fn path(lang: Lang) -> PathBuf {
    Path::new("content")
        .join(crate::source::TRANSLATIONS_DIR)
        .join(format!("{}.toml", lang.code()))
}

/// What [`plan`] planned.
#[derive(Debug, Default, Clone, Copy)]
pub struct Planned {
    /// Entries added or changed.
    pub changed: usize,
    /// The `content/translations/` folder must be created before the commit.
    pub make_folder: bool,
}

/// Plans the write of `lang`'s memory with `updates` (key → the text translated from) merged
/// into what it records; nothing is planned when nothing changes.
pub fn plan(
    root: &Path,
    lang: Lang,
    updates: &BTreeMap<String, String>,
    edits: &mut EditSet,
) -> Result<Planned, Diagnostics> {
    let mut planned = Planned::default();
    if updates.is_empty() {
        return Ok(planned);
    }
    let shown = path(lang);
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
    for (key, text) in updates {
        let text = text.trim_end().to_string();
        if entries.get(key) != Some(&text) {
            entries.insert(key.clone(), text);
            planned.changed += 1;
        }
    }
    if planned.changed == 0 {
        return Ok(planned);
    }
    let text = render(lang, &entries);
    match existing {
        Some(file) => {
            edits.replace(&file, &text);
        }
        None => {
            edits.create(root, &shown, text);
            planned.make_folder = !root.join(&shown).parent().is_some_and(Path::is_dir);
        }
    }
    Ok(planned)
}

/// Creates `content/translations/` when `planned` says so: the last step before a commit.
pub fn make_folder(root: &Path, planned: Planned) -> Result<(), Diagnostics> {
    if !planned.make_folder {
        return Ok(());
    }
    let folder = root.join("content").join(crate::source::TRANSLATIONS_DIR);
    std::fs::create_dir_all(&folder).map_err(|e| {
        crate::diagnostics::Diagnostic::file(&folder, format!("cannot create the folder: {e}"))
            .with_hint("check that `content/` is writable; nothing was written")
            .into()
    })
}

/// The memory file's text: a comment saying what it is, then one `"key" = "text"` line per
/// entry in key order (multi-line texts as `"""` strings).
fn render(lang: Lang, entries: &BTreeMap<String, String>) -> String {
    let mut out = format!(
        "# Translation memory for `{lang}`, written by `fieldbook stamp` and `fieldbook po import`:\n\
         # for each translated text, the default-language text its translation was made from.\n\
         # A translation whose text has changed since is stale.\n\n"
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
