//! Reading the book's files into `Raw*` values, keeping every file's text for error positions.

pub mod raw;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use raw::{RawBookToml, RawEnumFile, RawFrontMatter, RawGroup, RawReference};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

pub use crate::diagnostics::MAX_FILE_BYTES;

/// The folder under `content/` that holds guides and concept pages.
pub const GUIDES_DIR: &str = "guides";

/// The folder under `content/` that holds the translation memories, `<lang>/…`: for each
/// translated text, the default-language text it was translated from (see [`crate::memory`]).
pub const TRANSLATIONS_DIR: &str = "translations";

/// A parsed file together with its text.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The file, for turning spans into line and column.
    pub file: SourceFile,
    /// What it says.
    pub value: T,
}

/// One reference folder, `content/<id>/`.
#[derive(Debug)]
pub struct LoadedReference {
    /// The folder name; used in URLs.
    pub id: String,
    /// `reference.toml`.
    pub reference: Parsed<RawReference>,
    /// `groups/*.toml`, sorted by file name.
    pub groups: Vec<Parsed<RawGroup>>,
    /// `enums.toml`, when present.
    pub enums: Option<Parsed<RawEnumFile>>,
    /// The class read from the reference's `python` source, when it names one.
    pub code: Option<LoadedCode>,
    /// The other versions (`[[versions]]`) whose source could be read, in the file's order.
    pub versions: Vec<LoadedVersion>,
}

/// One other version of a reference, read from its own source.
#[derive(Debug)]
pub struct LoadedVersion {
    /// The version's name as written.
    pub name: serde_spanned::Spanned<String>,
    /// Its class.
    pub code: LoadedCode,
}

/// A class read from a reference's Python source.
#[derive(Debug)]
pub struct LoadedCode {
    /// The `.py` file as written in `reference.toml` (relative to the book root).
    pub path: PathBuf,
    /// What the Python reader found; diagnostics name `path`.
    pub class: crate::python::reader::ImportedClass,
}

/// One guide file, `content/guides/<slug>[.<lang>].md`.
#[derive(Debug)]
pub struct LoadedGuide {
    /// The file name without language and extension.
    pub slug: String,
    /// The language code from the file name; `None` for the default language.
    pub lang_code: Option<String>,
    /// The whole file.
    pub file: SourceFile,
    /// Its front matter.
    pub front: RawFrontMatter,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Everything read from a book root, not yet validated.
#[derive(Debug)]
pub struct LoadedBook {
    /// The book root folder.
    pub root: PathBuf,
    /// `book.toml`.
    pub config: Parsed<RawBookToml>,
    /// The references, sorted by id.
    pub references: Vec<LoadedReference>,
    /// The guides, sorted by slug then language.
    pub guides: Vec<LoadedGuide>,
    /// Folders in `content/` that are neither `guides/` nor hold a `reference.toml`, as shown in
    /// diagnostics (`content/<name>`); validation reports them.
    pub stray_folders: Vec<PathBuf>,
    /// `glossary.toml`, when the book has one.
    pub glossary: Option<Parsed<raw::RawGlossary>>,
    /// The files of the translation memories, `content/translations/<lang>/…`.
    pub memories: Vec<LoadedMemory>,
}

/// One file of a translation memory, `content/translations/<lang>/<file>.toml`: text key → the
/// default-language text its translation was made from.
#[derive(Debug)]
pub struct LoadedMemory {
    /// The language code: the name of the folder below `content/translations/`.
    pub lang_code: String,
    /// The file and what it records.
    pub parsed: Parsed<std::collections::BTreeMap<String, serde_spanned::Spanned<String>>>,
}

/// What one folder of `content/` holds.
enum Folder {
    /// `guides/`: its guides.
    Guides(Vec<LoadedGuide>),
    /// `translations/`: its translation memories.
    Memories(Vec<LoadedMemory>),
    /// A folder with a `reference.toml`: the reference, when it could be read.
    Reference(Option<Box<LoadedReference>>),
    /// Any other folder, as shown in diagnostics.
    Stray(PathBuf),
}

/// The book's terminology file, beside `book.toml` (optional).
pub const GLOSSARY_FILE: &str = "glossary.toml";

/// Reads `book.toml` and everything under `content/`, reporting every file that does not parse.
pub fn load(root: &Path) -> Result<LoadedBook, Diagnostics> {
    let mut problems = Diagnostics::default();
    let config = read_file(root, Path::new("book.toml")).and_then(parse_toml);
    let glossary = root
        .join(GLOSSARY_FILE)
        .exists()
        .then(|| read_file(root, Path::new(GLOSSARY_FILE)).and_then(parse_toml))
        .transpose()
        .unwrap_or_else(|d| {
            problems.push(d);
            None
        });
    let content_dir = root.join("content");
    let mut references = Vec::new();
    let mut guides = Vec::new();
    let mut stray_folders = Vec::new();
    let mut memories = Vec::new();
    match list_dir(&content_dir, Path::new("content")) {
        Err(d) => problems
            .push(d.with_hint("create `content/` with one folder per reference (see the README)")),
        Ok(entries) => {
            // The folders are read in parallel (a reference's files need not wait for the
            // previous reference's); what they hold and their problems keep the folders' order.
            let folders: Vec<(Folder, Diagnostics)> = entries
                .into_par_iter()
                .filter(|(_, path)| path.is_dir())
                .map(|(name, path)| {
                    let shown = Path::new("content").join(&name);
                    let mut found = Diagnostics::default();
                    let folder = if name == GUIDES_DIR {
                        let mut guides = Vec::new();
                        load_guides(root, &shown, &mut guides, &mut found);
                        Folder::Guides(guides)
                    } else if name == TRANSLATIONS_DIR {
                        Folder::Memories(load_memories(root, &shown, &mut found))
                    } else if path.join("reference.toml").is_file() {
                        Folder::Reference(
                            load_reference(root, &name, &shown, &mut found).map(Box::new),
                        )
                    } else {
                        Folder::Stray(shown)
                    };
                    (folder, found)
                })
                .collect();
            for (folder, found) in folders {
                problems.0.extend(found.0);
                match folder {
                    Folder::Guides(found) => guides.extend(found),
                    Folder::Memories(found) => memories.extend(found),
                    Folder::Reference(reference) => references.extend(reference.map(|r| *r)),
                    Folder::Stray(shown) => stray_folders.push(shown),
                }
            }
            if references.is_empty() && problems.is_empty() {
                problems.push(
                    Diagnostic::file("content", "no reference found in `content/`")
                        .with_hint("add `content/<name>/reference.toml` and `content/<name>/groups/*.toml` (or run `fieldbook init` to see an example)"),
                );
            }
        }
    }
    match config {
        Ok(config) => problems.into_result(LoadedBook {
            root: root.to_path_buf(),
            config,
            references,
            guides,
            stray_folders,
            glossary,
            memories,
        }),
        Err(d) => {
            problems.push(d);
            Err(problems.into_result(()).unwrap_err())
        }
    }
}

fn load_reference(
    root: &Path,
    id: &str,
    shown: &Path,
    problems: &mut Diagnostics,
) -> Option<LoadedReference> {
    let reference =
        read_file(root, &shown.join("reference.toml")).and_then(parse_toml::<RawReference>);
    // The Python sources (the reference's and its versions') are read while the group files
    // parse; problems are reported in the order of the files: groups, enums, then the sources in
    // the order of their keys.
    let ((groups, enums, content_problems), code) = rayon::join(
        || load_content(root, shown),
        || reference.as_ref().ok().map(|r| load_sources(root, r)),
    );
    problems.0.extend(content_problems.0);
    match reference {
        Ok(reference) => {
            // Read whenever `reference.toml` parsed.
            let (code, versions, source_problems) = code.unwrap_or_default();
            problems.0.extend(source_problems.0);
            Some(LoadedReference {
                id: id.to_string(),
                code,
                versions,
                reference,
                groups,
                enums,
            })
        }
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

/// A reference's group files (`groups/*.toml`, in the folder's order) and `enums.toml`, with
/// the problems of the files that could not be read or parsed.
fn load_content(
    root: &Path,
    shown: &Path,
) -> (
    Vec<Parsed<RawGroup>>,
    Option<Parsed<RawEnumFile>>,
    Diagnostics,
) {
    let mut problems = Diagnostics::default();
    let mut groups = Vec::new();
    let groups_dir = shown.join("groups");
    match group_files(root, &groups_dir) {
        Ok(files) => {
            // Group files are read and parsed in parallel; results keep the folder's order.
            let parsed: Vec<Result<_, Diagnostic>> = files
                .into_par_iter()
                .map(|shown| read_file(root, &shown).and_then(parse_toml))
                .collect();
            for result in parsed {
                match result {
                    Ok(g) => groups.push(g),
                    Err(d) => problems.push(d),
                }
            }
        }
        Err(d) => problems.push(d.with_hint("put one TOML file per group in this folder")),
    }
    let enums_path = shown.join("enums.toml");
    let enums = if root.join(&enums_path).is_file() {
        match read_file(root, &enums_path).and_then(parse_toml) {
            Ok(e) => Some(e),
            Err(d) => {
                problems.push(d);
                None
            }
        }
    } else {
        None
    };
    (groups, enums, problems)
}

/// The classes a reference's Python sources define: its own (`python`) and its other versions'
/// (`[[versions]]`, those whose source could be read), read in parallel, with their problems in
/// the order of the keys.
fn load_sources(
    root: &Path,
    reference: &Parsed<RawReference>,
) -> (Option<LoadedCode>, Vec<LoadedVersion>, Diagnostics) {
    let class = reference.value.class.get_ref();
    let search: Vec<PathBuf> = reference
        .value
        .python_path
        .iter()
        .map(|p| root.join(p.get_ref()))
        .collect();
    let load = |python| {
        let mut found = Diagnostics::default();
        let code = load_code(root, &reference.file, python, class, &search, &mut found);
        (code, found)
    };
    let ((code, mut problems), versions) = rayon::join(
        || match &reference.value.python {
            Some(python) => load(python),
            None => (None, Diagnostics::default()),
        },
        || {
            reference
                .value
                .versions
                .par_iter()
                .map(|v| (v.name.clone(), load(&v.python)))
                .collect::<Vec<_>>()
        },
    );
    let versions = versions
        .into_iter()
        .filter_map(|(name, (code, found))| {
            problems.0.extend(found.0);
            Some(LoadedVersion { name, code: code? })
        })
        .collect();
    (code, versions, problems)
}

/// Reads class `class` from the Python file `python` names: relative to `root`, or absolute.
/// Sources outside the book are allowed (a package in site-packages): they are only read, never
/// written. A missing file is reported at the key in `file`; problems inside the Python file at
/// their place in it.
pub fn load_code(
    root: &Path,
    file: &crate::diagnostics::SourceFile,
    python: &serde_spanned::Spanned<String>,
    class: &str,
    search: &[PathBuf],
    problems: &mut Diagnostics,
) -> Option<LoadedCode> {
    let shown = PathBuf::from(python.get_ref());
    let path = root.join(&shown);
    if !path.is_file() {
        let what = if path.exists() {
            "is not a file"
        } else {
            "does not exist"
        };
        problems.push(
            file.error_at(
                python.span().start,
                format!("the Python source `{}` {what}", python.get_ref()),
            )
            .with_hint(
                "give the path of the `.py` file that defines the class, relative to the book root (the folder of book.toml) or absolute",
            ),
        );
        return None;
    }
    match crate::python::reader::read_config_class(&path, class, search) {
        Ok(mut class) => {
            for origin in std::iter::once(&mut class.origin)
                .chain(class.fields.iter_mut().map(|f| &mut f.origin))
                .chain(class.unresolved_bases.iter_mut().map(|b| &mut b.origin))
            {
                if let Ok(relative) = origin.path.strip_prefix(root) {
                    origin.path = relative.to_path_buf();
                }
            }
            Some(LoadedCode { path: shown, class })
        }
        Err(more) => {
            // The reader names files as it opened them; show them from the book root.
            for mut d in more.0 {
                if let Ok(relative) = d.path.strip_prefix(root) {
                    d.path = relative.to_path_buf();
                }
                problems.push(d);
            }
            None
        }
    }
}

/// The Python files the book's references name (`python` keys), as paths under `root`; for
/// `serve` to watch. Files that do not read or parse are skipped: the build reports them.
pub fn python_sources(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = list_dir(&root.join("content"), Path::new("content")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .into_iter()
        .filter_map(|(name, _)| {
            read_file(
                root,
                &Path::new("content").join(name).join("reference.toml"),
            )
            .ok()
        })
        .filter_map(|file| toml::from_str::<RawReference>(&file.text).ok())
        .flat_map(|r| {
            r.python
                .into_iter()
                .chain(r.versions.into_iter().map(|v| v.python))
                .map(|p| root.join(p.get_ref()))
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn load_guides(
    root: &Path,
    shown: &Path,
    guides: &mut Vec<LoadedGuide>,
    problems: &mut Diagnostics,
) {
    let entries = match list_dir(&root.join(shown), shown) {
        Ok(entries) => entries,
        Err(d) => return problems.push(d),
    };
    for (name, _) in entries {
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        let (slug, lang_code) = match stem.rsplit_once('.') {
            Some((slug, lang)) => (slug.to_string(), Some(lang.to_string())),
            None => (stem.to_string(), None),
        };
        let file = match read_file(root, &shown.join(&name)) {
            Ok(f) => f,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match split_front_matter(&file) {
            Ok((front, body_start)) => guides.push(LoadedGuide {
                slug,
                lang_code,
                file,
                front,
                body_start,
            }),
            Err(d) => problems.push(d),
        }
    }
}

/// Reads the memory files of every `content/translations/<lang>/`; a file directly in
/// `content/translations/` is a problem.
fn load_memories(root: &Path, shown: &Path, problems: &mut Diagnostics) -> Vec<LoadedMemory> {
    let mut memories = Vec::new();
    match list_dir(&root.join(shown), shown) {
        Ok(entries) => {
            for (name, path) in entries {
                let at = shown.join(&name);
                if path.is_dir() {
                    load_memory_dir(root, &name, &at, 0, &mut memories, problems);
                } else {
                    problems.push(Diagnostic::file(&at, "a file outside a language's folder").with_hint(
                        "the translation memory of a language is in `content/translations/<lang>/`, one file per content file; move or remove this file",
                    ));
                }
            }
        }
        Err(d) => problems.push(d),
    }
    memories
}

/// Reads the `.toml` files of `content/translations/<lang>/` and its folders (at most three
/// levels deep: `<ref>/groups/<file>.toml`).
fn load_memory_dir(
    root: &Path,
    lang_code: &str,
    shown: &Path,
    depth: usize,
    memories: &mut Vec<LoadedMemory>,
    problems: &mut Diagnostics,
) {
    let entries = match list_dir(&root.join(shown), shown) {
        Ok(entries) => entries,
        Err(d) => return problems.push(d),
    };
    for (name, path) in entries {
        let at = shown.join(&name);
        if path.is_dir() {
            if depth < 2 {
                load_memory_dir(root, lang_code, &at, depth + 1, memories, problems);
            }
        } else if name.ends_with(".toml") {
            match read_file(root, &at).and_then(parse_toml) {
                Ok(parsed) => memories.push(LoadedMemory {
                    lang_code: lang_code.to_string(),
                    parsed,
                }),
                Err(d) => problems.push(d),
            }
        }
    }
}

/// Splits `+++`-delimited TOML front matter from a Markdown file.
fn split_front_matter(file: &SourceFile) -> Result<(RawFrontMatter, usize), Diagnostic> {
    let text = &file.text;
    let Some(after_open) = text.strip_prefix("+++") else {
        return Ok((RawFrontMatter::default(), 0));
    };
    let open_len = text.len() - after_open.len();
    let Some(close) = after_open.find("\n+++") else {
        return Err(file
            .error_at(0, "front matter opened with `+++` is never closed")
            .with_hint("end the front matter with a line holding only `+++`"));
    };
    let toml_text = &after_open[..close];
    let body_start = {
        let rest = &after_open[close + 4..];
        let skip = rest.find('\n').map_or(rest.len(), |i| i + 1);
        open_len + close + 4 + skip
    };
    match toml::from_str::<RawFrontMatter>(toml_text) {
        Ok(front) => Ok((front, body_start)),
        Err(e) => {
            let offset = open_len + e.span().map_or(0, |s| s.start);
            Err(file
                .error_at(
                    offset,
                    format!("front matter: {}", toml_message(file, offset, e.message())),
                )
                .with_hint(toml_hint(file, offset, e.message())))
        }
    }
}

/// Reads `root/shown` as UTF-8 through the one file reader ([`SourceFile::read`]: regular files
/// only, at most [`MAX_FILE_BYTES`]); messages name `shown`.
pub fn read_file(root: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
    SourceFile::read(&root.join(shown), shown).map_err(with_book_hint)
}

/// The bytes of `root/shown`, read by the same rules as [`read_file`], for a file that is
/// written back as it was stored (see `edit_set`).
pub fn read_bytes(root: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::diagnostics::read_bytes(&root.join(shown), shown).map_err(with_book_hint)
}

/// A missing `book.toml` says how to find or make a book.
fn with_book_hint(d: Diagnostic) -> Diagnostic {
    if d.path == Path::new("book.toml")
        && d.position.is_none()
        && d.message.contains("it does not exist")
    {
        d.with_hint("run fieldbook in a book's root folder, pass the root as an argument, or create one with `fieldbook init`")
    } else {
        d
    }
}

/// Parses a TOML file into `T`, turning serde's error into a positioned diagnostic.
pub fn parse_toml<T: DeserializeOwned>(file: SourceFile) -> Result<Parsed<T>, Diagnostic> {
    match toml::from_str(&file.text) {
        Ok(value) => Ok(Parsed { file, value }),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            Err(file
                .error_at(offset, toml_message(&file, offset, e.message()))
                .with_hint(toml_hint(&file, offset, e.message())))
        }
    }
}

/// A TOML error in one line, with serde's Rust words put in TOML's. Detail lines join the
/// message, except what TOML expected, which goes into the hint (see [`toml_hint`]); a
/// duplicate key is named from the text at `offset`.
fn toml_message(file: &SourceFile, offset: usize, message: &str) -> String {
    let mut lines = message.trim().lines().map(str::trim);
    let first = lines.next().unwrap_or("");
    let mut line = syntax_expected(first)
        .map_or(first, |(what, _)| what)
        .to_string();
    for detail in lines.filter(|l| !l.is_empty() && !l.starts_with("expected ")) {
        line.push_str(": ");
        line.push_str(detail);
    }
    if line == "duplicate key" {
        let key: String = file.text[offset.min(file.text.len())..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if !key.is_empty() {
            line = format!("duplicate key `{key}`");
        }
        if on_header(file, offset) {
            line = format!("invalid table header: {line}");
        }
    }
    if line == "missing escaped value" {
        line = "invalid escape sequence".to_string();
    }
    let line = match line.find("expected struct Raw") {
        Some(i) => format!("{}expected a table", &line[..i]),
        None => line,
    };
    line.replace("expected a map", "expected a table")
        .replace("expected a sequence", "expected an array")
        .replace("invalid type: map", "invalid type: table")
        .replace("invalid type: sequence", "invalid type: array")
        .replace("floating point", "float")
}

/// A TOML syntax error's line split into what is wrong and what TOML expected there
/// (`"extra `=`, expected nothing"`); `None` for serde's errors about a value's type or keys.
fn syntax_expected(first: &str) -> Option<(&str, &str)> {
    let serde = [
        "invalid type:",
        "invalid value:",
        "invalid length",
        "unknown ",
        "missing field",
    ];
    if serde.iter().any(|p| first.starts_with(p)) {
        return None;
    }
    first.split_once(", expected ")
}

/// How to fix a TOML error: what TOML expected, the known key closest to an unknown one, or the
/// kind of value a key takes.
fn toml_hint(file: &SourceFile, offset: usize, message: &str) -> String {
    let message = message.trim();
    let first = message.lines().next().unwrap_or("");
    let details: Vec<&str> = message.lines().skip(1).map(str::trim).collect();
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let (key, known) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
        return match did_you_mean(key, &known) {
            Some(close) => format!("did you mean `{close}`? Otherwise remove the key"),
            None => "remove the key or correct its spelling".to_string(),
        };
    }
    if let Some(rest) = first.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return format!("add `{key} = …` to this table");
    }
    let syntax = syntax_expected(first);
    if let Some((_, expected)) = first.split_once(", expected ").filter(|_| syntax.is_none()) {
        let key = key_at(file, offset);
        let last = key
            .as_deref()
            .and_then(|k| k.rsplit('.').next())
            .unwrap_or("");
        let texts = [
            "title",
            "description",
            "intro",
            "summary",
            "explanation",
            "text",
            "note",
            "on-invalid",
        ];
        let what = match expected {
            "i64" | "u64" | "i32" | "u32" => "a whole number, e.g. `1`".to_string(),
            "a string" => "a quoted string, e.g. `\"…\"`".to_string(),
            "a boolean" => "`true` or `false`".to_string(),
            "an array" | "a sequence" => "an array, e.g. `[\"a\", \"b\"]`".to_string(),
            _ if expected.contains("map") || expected.contains("struct") => {
                if texts.contains(&last) {
                    format!("one text per language, e.g. `{last}.en = \"…\"`")
                } else {
                    "a table, e.g. `{ key = \"…\" }`".to_string()
                }
            }
            _ => "the kind of value the message names".to_string(),
        };
        return match key {
            Some(key) => format!("`{key}` takes {what}"),
            None => format!("write {what}"),
        };
    }
    if first.contains("recursion limit") || first.contains("max recursion depth") {
        return "the value nests too deeply; write it flatter".to_string();
    }
    if first.contains("too large") {
        return "write a smaller number".to_string();
    }
    if first.starts_with("duplicate key") && on_header(file, offset) {
        return "this table is already defined above; every entry of a list of tables, such as a field, starts with `[[…]]`".to_string();
    }
    if first.starts_with("duplicate key") {
        return "each key may appear once per table; remove or rename one of them".to_string();
    }
    if details.iter().any(|d| d.starts_with("duplicate key")) {
        return "this table is already defined above; every entry of a list of tables, such as a field, starts with `[[…]]`".to_string();
    }
    let expected = details
        .iter()
        .find_map(|d| d.strip_prefix("expected "))
        .or(syntax.map(|(_, e)| e))
        .filter(|e| *e != "nothing")
        .map(|e| format!("TOML expected {e} here; "))
        .unwrap_or_default();
    let what = syntax.map_or(first, |(what, _)| what);
    let strings = if what.contains("must be quoted") {
        "put the text in quotes, e.g. `\"…\"`; ".to_string()
    } else if let Some(extra) = what.strip_prefix("extra ") {
        format!("remove the extra {extra}; ")
    } else if what.contains("string") {
        "close every string on the line it opens (use `\"\"\"` for text over several lines); "
            .to_string()
    } else if what.contains("array") {
        "close every array with `]`; ".to_string()
    } else {
        String::new()
    };
    format!("{expected}{strings}fix the TOML syntax (see https://toml.io)")
}

/// Whether the line holding `offset` is a table header (`[…]` or `[[…]]`).
fn on_header(file: &SourceFile, offset: usize) -> bool {
    let offset = offset.min(file.text.len());
    let start = file.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    file.text[start..].trim_start().starts_with('[')
}

/// The key of the `key = value` line at `offset`, when the line has that shape.
fn key_at(file: &SourceFile, offset: usize) -> Option<String> {
    let start = file.text[..offset.min(file.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = &file.text[start..offset.min(file.text.len())];
    let (key, between) = before.split_once('=')?;
    if !between.trim().is_empty() {
        return None;
    }
    let key = key.trim();
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| key.to_string())
}

/// The group files of a reference, `groups/*.toml` (names starting with `.` skipped, as
/// everywhere), sorted by name, as shown in messages (`groups_dir` joined with the name);
/// `groups_dir` is relative to `root`. `build`, `stamp` and `import --into` read the same files.
pub fn group_files(root: &Path, groups_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    Ok(list_dir(&root.join(groups_dir), groups_dir)?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".toml"))
        .map(|(name, _)| groups_dir.join(name))
        .collect())
}

/// Lists a folder's entries sorted by name (only names that are valid UTF-8).
fn list_dir(dir: &Path, shown: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::file(
            shown,
            format!(
                "cannot read the folder: {}",
                crate::diagnostics::io_reason(&e)
            ),
        )
    })?;
    let mut entries: Vec<(String, PathBuf)> = read
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| Some((entry.file_name().into_string().ok()?, entry.path())))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serve asks for the Python sources before every rebuild: a `reference.toml` that is a
    /// FIFO is skipped by the one file reader instead of blocking it.
    #[test]
    fn python_sources_skip_a_reference_that_is_not_a_regular_file() {
        let root = tempfile::tempdir().unwrap();
        for (name, python) in [("good", "src/a.py"), ("fifo", "")] {
            let dir = root.path().join("content").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let toml = dir.join("reference.toml");
            if python.is_empty() {
                let c = std::ffi::CString::new(toml.to_str().unwrap()).unwrap();
                // SAFETY: a valid NUL-terminated path.
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
            } else {
                std::fs::write(
                    &toml,
                    format!("class = \"A\"\nimport-path = \"a.A\"\npython = \"{python}\"\nintro.en = \"x\"\n"),
                )
                .unwrap();
            }
        }
        assert_eq!(
            python_sources(root.path()),
            vec![root.path().join("src/a.py")]
        );
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let file = SourceFile::new(
            "g.md",
            "+++\ntitle = \"Hi\"\nweight = 2\n+++\n# Body\n".to_string(),
        );
        let (front, start) = split_front_matter(&file).unwrap();
        assert_eq!(front.title.unwrap().into_inner(), "Hi");
        assert_eq!(front.weight, 2);
        assert_eq!(&file.text[start..], "# Body\n");
    }

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x.md")).unwrap();
        let d = read_file(dir.path(), Path::new("x.md")).unwrap_err();
        assert_eq!(d.message, "cannot read the file: it is a folder");
        let big = vec![b'#'; MAX_FILE_BYTES as usize + 1];
        std::fs::write(dir.path().join("big.toml"), big).unwrap();
        let d = read_file(dir.path(), Path::new("big.toml")).unwrap_err();
        assert_eq!(
            d.message,
            "the file is 4.0 MiB, more than the 4 MiB fieldbook reads from one file"
        );
        assert_eq!(crate::diagnostics::human_size(10 * 1024 * 1024), "10 MiB");
        assert_eq!(crate::diagnostics::human_size(812), "812 bytes");
    }

    #[test]
    fn toml_errors_get_hints_in_toml_words() {
        let parse = |text: &str| {
            parse_toml::<RawFrontMatter>(SourceFile::new("g.toml", text.to_string())).unwrap_err()
        };
        let d = parse("titel = \"x\"\n");
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean `title`? Otherwise remove the key")
        );
        let d = parse("weight = \"heavy\"\n");
        assert_eq!(
            d.hint.as_deref(),
            Some("`weight` takes a whole number, e.g. `1`")
        );
        let d = parse("title = [\"a\"\n");
        assert!(d.hint.unwrap().starts_with("TOML expected `]` here"));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let file = SourceFile::new("g.md", "+++\ntitle = \"Hi\"\ncolour = 1\n+++\n".to_string());
        let d = split_front_matter(&file).unwrap_err();
        assert_eq!(d.position, Some((3, 1)));
        assert!(
            d.message.contains("unknown field `colour`"),
            "{}",
            d.message
        );
    }
}
