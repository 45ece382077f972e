//! `fieldbook po export` and `po import`: a book's translations as gettext PO files, for
//! translation tools (Weblate, Crowdin, Poedit, …) and back.
//!
//! Export writes `DIR/<lang>/book.po` with the book-wide texts (book title and description,
//! reference and group titles and introductions, enum texts) and `DIR/<lang>/<ref>.po` per
//! reference with its fields' texts. Each text is one entry: `msgctxt` its stable key (see
//! [`catalog`]), `msgid` the default-language text, `msgstr` the translation or empty. A
//! translation made from an earlier text is `#, fuzzy`, with that text as `#| msgid` when the
//! translation memory keeps it (see [`crate::memory`]).

pub mod catalog;
pub mod format;
pub mod import;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::model::{Book, BookConfig, FieldDefault, GroupText};
use catalog::{Made, Text};
use format::Entry;
use std::path::{Path, PathBuf};

/// The translated language `code` names: configured in book.toml and not the default. Tags
/// compare case-insensitively, `_` as `-` (gettext writes `zh_CN`), and a language's HTML tag
/// names it too (`zh-CN` is the book's `zh`).
pub fn translated_language(config: &BookConfig, code: &str) -> Result<Lang, Diagnostic> {
    let tag = code.replace('_', "-");
    config
        .languages
        .iter()
        .copied()
        .filter(|l| *l != config.default_language)
        .find(|l| l.code().eq_ignore_ascii_case(&tag) || l.html_tag().eq_ignore_ascii_case(&tag))
        .ok_or_else(|| {
            Diagnostic::file(
                "book.toml",
                format!("`{code}` is not a translated language of this book"),
            )
            .with_hint("pass one of the non-default languages listed in book.toml")
        })
}

/// Loads and validates the book at `root`, keeping what was read (the catalog's input).
pub fn load(root: &Path) -> Result<(crate::source::LoadedBook, Book), Diagnostics> {
    let loaded = crate::source::load(root)?;
    match crate::validate::validate(&loaded, None) {
        (Some(book), problems) => problems.into_result((loaded, book)),
        (None, problems) => Err(problems),
    }
}

/// Writes the PO files of `code` into `dir` (made when missing); returns their paths.
pub fn export(root: &Path, code: &str, dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let (loaded, book) = load(root)?;
    let lang = translated_language(&book.config, code)?;
    let default = book.config.default_language;
    let texts = catalog::texts(&loaded, default, lang);
    let mut files: Vec<(String, String, Vec<Entry>)> = vec![(
        "book".to_string(),
        book.config.title.get(default).clone(),
        Vec::new(),
    )];
    for reference in &book.references {
        let name = if reference.id == "book" {
            "book.reference".to_string()
        } else {
            reference.id.clone()
        };
        let project = match (&reference.library, &reference.version) {
            (Some(library), Some(version)) => format!("{library} {version}"),
            (Some(library), None) => library.clone(),
            _ => reference.class_name.clone(),
        };
        files.push((name, project, Vec::new()));
    }
    for text in &texts {
        let at = match (&text.reference, &text.field) {
            (Some(id), Some(_)) => book
                .references
                .iter()
                .position(|r| &r.id == id)
                .map_or(0, |i| i + 1),
            _ => 0,
        };
        files[at].2.push(entry(&book, text, lang));
    }
    let out = dir.join(lang.code());
    std::fs::create_dir_all(&out).map_err(|e| {
        Diagnostic::file(&out, format!("cannot create the folder: {e}"))
            .with_hint("pass a writable folder with `-o`")
    })?;
    let mut written = Vec::new();
    for (name, project, entries) in files {
        let mut all = vec![header(&project, lang)];
        all.extend(entries);
        let path = out.join(format!("{name}.po"));
        std::fs::write(&path, format::write(&all)).map_err(|e| {
            Diagnostic::file(&path, format!("cannot write the file: {e}"))
                .with_hint("pass a writable folder with `-o`")
        })?;
        written.push(path);
    }
    Ok(written)
}

/// The header entry: no dates (and no translator: tools fill those in), so the same book gives
/// the same bytes.
fn header(project: &str, lang: Lang) -> Entry {
    let code = lang.code();
    Entry {
        msgstr: format!(
            "Project-Id-Version: {project}\n\
             PO-Revision-Date: \n\
             Last-Translator: \n\
             Language-Team: \n\
             Language: {code}\n\
             MIME-Version: 1.0\n\
             Content-Type: text/plain; charset=UTF-8\n\
             Content-Transfer-Encoding: 8bit\n\
             Plural-Forms: {}\n\
             X-Generator: fieldbook\n",
            plural_forms(code)
        ),
        ..Entry::default()
    }
}

/// gettext's `Plural-Forms` for a language (by its primary subtag); fieldbook's texts have no
/// plurals, but tools read the header.
pub fn plural_forms(code: &str) -> &'static str {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    match primary {
        "zh" | "ja" | "ko" | "vi" | "th" | "id" | "ms" | "lo" | "my" => "nplurals=1; plural=0;",
        "fr" => "nplurals=2; plural=(n > 1);",
        "pt" if code.eq_ignore_ascii_case("pt-br") => "nplurals=2; plural=(n > 1);",
        "ru" | "uk" | "be" | "sr" | "hr" | "bs" => "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        "pl" => "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        "cs" | "sk" => "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
        "ar" => "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
        _ => "nplurals=2; plural=(n != 1);",
    }
}

/// One text as a PO entry; its `#.` lines give a field's type, default and group, and the
/// glossary's terms the English uses (`glossary: epoch → 轮 / 训练轮数 (not 时代, 纪元)`).
fn entry(book: &Book, text: &Text, lang: Lang) -> Entry {
    let translation = text.translation.clone().unwrap_or_default();
    let (fuzzy, previous_msgid) = match &text.made {
        Made::Stale(previous) if !translation.is_empty() => (true, previous.clone()),
        _ => (false, None),
    };
    let mut extracted = text.context.clone();
    extracted.extend(context(book, text));
    let hints = book.glossary.hints(&text.source, lang);
    extracted.extend(hints.into_iter().map(|h| format!("glossary: {h}")));
    Entry {
        extracted,
        references: vec![format!("{}:{}", text.file.display(), text.line)],
        fuzzy,
        previous_msgid,
        msgctxt: Some(text.key.clone()),
        msgid: text.source.clone(),
        msgstr: translation,
        line: 0,
    }
}

/// The `#.` lines of a field's text: its type, default and group.
fn context(book: &Book, text: &Text) -> Vec<String> {
    let (Some(id), Some(name)) = (&text.reference, &text.field) else {
        return Vec::new();
    };
    let Some((group, field)) = book
        .references
        .iter()
        .find(|r| &r.id == id)
        .and_then(|r| r.field(name))
    else {
        return Vec::new();
    };
    let default = match &field.default {
        FieldDefault::Required => "required (no default)".to_string(),
        FieldDefault::Value { literal, .. } => format!("default: {}", literal.text()),
        FieldDefault::Computed(expr) => format!("default: computed by `{expr}`"),
        FieldDefault::Factory(factory) => format!("default: {factory}()"),
    };
    let group_title = match &group.text {
        GroupText::Written { title, .. } => {
            format!("{} ({})", title.get(book.config.default_language), group.id)
        }
        GroupText::Undocumented => group.id.clone(),
    };
    vec![
        format!("field `{name}`, type: {}, {default}", field.annotation),
        format!("group: {group_title}"),
    ]
}
