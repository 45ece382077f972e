//! `Raw*` → [`Book`]: checks every reference, group, field, enum and guide, collecting every
//! problem with its `path:line:col` before failing.

mod versions;

use crate::code_facts;
use crate::config::{book_config, localized};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::model::TranslationState;
use crate::model::{
    Book, EnumDef, EnumMember, Field, FieldDefault, FieldText, Group, GroupText, Guide, GuideBody,
    GuideSection, Lang, Localized, Reference, VersionChange, VersionEntry,
};
use crate::python::reader::ImportedField;
use crate::python::{annotation, literal};
use crate::source::raw::{RawEnumFile, RawField, RawGroup};
use crate::source::{LoadedBook, LoadedCode, LoadedGuide, LoadedReference, LoadedVersion, Parsed};
use rayon::prelude::*;
use serde_spanned::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use versions::version_key;

/// Type names any annotation may use without declaring them.
const KNOWN_TYPES: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "bytes",
    "complex",
    "dict",
    "list",
    "tuple",
    "set",
    "frozenset",
    "object",
    "None",
    "type",
    "Any",
    "Optional",
    "Union",
    "List",
    "Dict",
    "Tuple",
    "Set",
    "FrozenSet",
    "Literal",
    "Sequence",
    "Mapping",
    "Iterable",
    "Callable",
    "Type",
    "typing.Any",
    "typing.Optional",
    "typing.Union",
    "typing.List",
    "typing.Dict",
    "typing.Literal",
    "typing.Tuple",
];

/// Python keywords, which cannot be field names.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Page names a group id may not take: the pages and folders of a reference's own folder.
const RESERVED_PAGES: &[&str] = &[
    "index", "defaults", "enums", "p", "search", "assets", "v", "changes",
];

/// Names a reference id may not take: the folders and files beside the references in a
/// language's folder (`<lang>/p/` permalinks, `<lang>/guides/`, `<lang>/index.html`, …) and the
/// site's root (`assets/`, the language folders).
const RESERVED_REFERENCES: &[&str] = &[
    "p", "guides", "index", "404", "assets", "search", "objects", "en", "zh",
];

/// The longest id, slug or version name: it becomes a file or folder name (`<id>.html`), and
/// file systems refuse names above 255 bytes.
pub const MAX_NAME: usize = 100;

/// Why `text` cannot name a page or folder of the site (`None` when it can): not a slug, too
/// long, one of the `reserved` names, or reserved on Windows.
fn url_name_problem(text: &str, reserved: &[&str]) -> Option<String> {
    if !is_slug(text) {
        Some(
            "it must be lowercase letters, digits, `-` or `_`, starting with a letter or digit"
                .into(),
        )
    } else if text.len() > MAX_NAME {
        Some(format!(
            "it is {} characters long, at most {MAX_NAME} fit in a file name",
            text.len()
        ))
    } else if reserved.contains(&text) {
        Some(format!(
            "the site uses that name itself (reserved: {})",
            reserved
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else if is_windows_reserved(text) {
        Some("that name is reserved on Windows".into())
    } else {
        None
    }
}

/// Validates a loaded book; `dest_override` is the `-d` flag.
///
/// Returns the book as far as it could be built (so later stages can find their own problems
/// too) with every problem found; the book is `None` only when `book.toml` itself is unusable.
pub fn validate(loaded: &LoadedBook, dest_override: Option<&Path>) -> (Option<Book>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let Some(config) = book_config(&loaded.config, &loaded.root, dest_override, &mut problems)
    else {
        return (None, problems);
    };
    let langs = config.languages.clone();
    let default = config.default_language;
    // References are independent: validated in parallel, their problems kept in book order.
    let validated: Vec<(Reference, Diagnostics)> = loaded
        .references
        .par_iter()
        .map(|r| {
            let mut found = Diagnostics::default();
            (with_versions(r, &langs, default, &mut found), found)
        })
        .collect();
    let mut references = Vec::with_capacity(validated.len());
    for (reference, found) in validated {
        references.push(reference);
        problems.0.extend(found.0);
    }
    let guides = guides(
        &loaded.guides,
        &langs,
        config.default_language,
        &mut problems,
    );
    if let Some(page) = &config.union_note_page {
        // Compare with the guide files, not the guides that validated: a guide with a problem of
        // its own is reported for that problem, not again as missing here.
        if !loaded.guides.iter().any(|g| &g.slug == page) {
            let file = &loaded.config.file;
            let at = loaded
                .config
                .value
                .book
                .union_note_page
                .as_ref()
                .map_or(0, |p| p.span().start);
            problems.push(
                file.error_at(
                    at,
                    format!(
                        "`union-note-page` names `{page}`, but there is no guide with that name"
                    ),
                )
                .with_hint(format!(
                    "create `content/guides/{page}.md`, or remove the key"
                )),
            );
        }
    }
    stray_folders(loaded, &config.dest, &mut problems);
    let book = Book {
        config,
        references,
        guides,
    };
    (Some(book), problems)
}

/// Reports folders in `content/` that document nothing, except DEST itself, which the DEST
/// check reports with the real problem.
fn stray_folders(loaded: &LoadedBook, dest: &Path, problems: &mut Diagnostics) {
    let dest = std::fs::canonicalize(dest).ok();
    for shown in &loaded.stray_folders {
        let folder = std::fs::canonicalize(loaded.root.join(shown)).ok();
        if folder.is_some() && folder == dest {
            continue;
        }
        problems.push(
            Diagnostic::file(shown, "this folder has no `reference.toml`").with_hint(format!(
                "every folder in `content/` except `{}/` documents one class: add `reference.toml` (or fix its name), or move the folder out of `content/`",
                crate::source::GUIDES_DIR
            )),
        );
    }
}

/// Builds a reference from `code` (the reference's own source, or one of its other versions').
/// For another version (`main` false) content fields that version's code lacks are left out
/// silently, and checks of the content alone are skipped: the caller discards the problems and
/// warnings, which the main version reports. `default` is the book's default language.
fn reference(
    loaded: &LoadedReference,
    code: Option<&LoadedCode>,
    main: bool,
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> Reference {
    let file = &loaded.reference.file;
    let raw = &loaded.reference.value;
    if let Some(reason) = url_name_problem(&loaded.id, RESERVED_REFERENCES) {
        problems.push(
            Diagnostic::file(
                file.path.parent().unwrap_or(Path::new("content")),
                format!(
                    "the folder name `{}` cannot be a reference id: {reason}",
                    loaded.id
                ),
            )
            .with_hint("rename the folder to a short id of lowercase letters, digits, `-` and `_`, such as `training-args`"),
        );
    }
    if !is_identifier(raw.class.get_ref()) {
        problems.push(
            file.error_at(
                raw.class.span().start,
                format!(
                    "class name `{}` is not a Python identifier",
                    raw.class.get_ref()
                ),
            )
            .with_hint("write the class name as in the Python source, e.g. `TrainingArguments`"),
        );
    }
    check_import_path(file, &raw.import_path, problems);
    let title = match &raw.title {
        Some(t) => localized(
            file,
            t,
            raw.class.span().start,
            "the reference title",
            "title",
            langs,
            problems,
        ),
        None => Localized(
            langs
                .iter()
                .map(|&l| (l, raw.class.get_ref().clone()))
                .collect(),
        ),
    };
    let intro = localized(
        file,
        &raw.intro,
        raw.class.span().start,
        "the reference intro",
        "intro",
        langs,
        problems,
    );
    let enums = loaded
        .enums
        .as_ref()
        .map(|e| enums(e, langs, problems))
        .unwrap_or_default();
    let enum_names: BTreeSet<&str> = enums.iter().map(|e| e.name.as_str()).collect();

    let code_fields: BTreeMap<&str, &ImportedField> = code
        .map(|c| {
            code_facts::init_fields(&c.class.fields)
                .map(|f| (f.name.as_str(), f))
                .collect()
        })
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_ids: BTreeMap<String, (&SourceFile, usize)> = BTreeMap::new();
    let mut field_places: BTreeMap<String, (&SourceFile, usize)> = BTreeMap::new();
    // Each old name gets a permalink to its field: it may belong to one field only.
    let mut old_places: BTreeMap<String, (&SourceFile, usize, String)> = BTreeMap::new();
    for parsed in &loaded.groups {
        let g = &parsed.value;
        let gfile = &parsed.file;
        check_group_id(gfile, &g.id, problems);
        if let Some((first, at)) = group_ids.get(g.id.get_ref()) {
            let (line, col) = first.line_col(*at);
            problems.push(
                gfile
                    .error_at(
                        g.id.span().start,
                        format!("group id `{}` is used twice", g.id.get_ref()),
                    )
                    .with_hint(format!(
                        "it is first used at {}:{line}:{col}; give each group its own id",
                        first.path.display()
                    )),
            );
        } else {
            group_ids.insert(g.id.get_ref().clone(), (gfile, g.id.span().start));
        }
        let fields = g
            .fields
            .iter()
            .filter_map(|f| {
                if let Some((first, at)) = field_places.get(f.name.get_ref()) {
                    let (line, col) = first.line_col(*at);
                    problems.push(
                        gfile.error_at(f.name.span().start, format!("field `{}` is defined twice", f.name.get_ref()))
                            .with_hint(format!("it is first defined at {}:{line}:{col}; a field belongs to exactly one group", first.path.display())),
                    );
                    return None;
                }
                field_places.insert(f.name.get_ref().clone(), (gfile, f.name.span().start));
                for old in &f.old_names {
                    if let Some((first, at, owner)) = old_places.get(old.get_ref()) {
                        let (line, col) = first.line_col(*at);
                        problems.push(
                            gfile.error_at(old.span().start, format!("old name `{}` is also an old name of `{owner}`", old.get_ref()))
                                .with_hint(format!("it is first listed at {}:{line}:{col}; an old name leads to one field, so keep it on the field that replaced it", first.path.display())),
                        );
                    } else {
                        old_places.insert(old.get_ref().clone(), (gfile, old.span().start, f.name.get_ref().clone()));
                    }
                }
                let in_code = code_fields.get(f.name.get_ref().as_str()).copied();
                if let (Some(code), None) = (code, in_code) {
                    if !main {
                        return None;
                    }
                    problems.push(not_in_code(gfile, f, code, &code_fields));
                }
                let content_checks = main.then_some(&mut warnings);
                Some(field(gfile, f, langs, default, &enum_names, in_code, problems, content_checks))
            })
            .collect();
        groups.push(group(parsed, fields, langs, problems));
    }
    if code.is_some() {
        undocumented(
            &code_fields,
            &field_places,
            &enum_names,
            &mut groups,
            &mut warnings,
        );
    }
    groups.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));

    // Cross-references between fields, now that every name is known (sorted, as the map's keys).
    let names: Vec<&str> = field_places.keys().map(String::as_str).collect();
    for parsed in &loaded.groups {
        for f in &parsed.value.fields {
            for target in &f.see_also {
                check_field_ref(&parsed.file, f, target, "see-also", &names, problems);
            }
            if let Some(rep) = f
                .deprecated
                .as_ref()
                .and_then(|d| d.get_ref().replacement.as_ref())
            {
                check_field_ref(&parsed.file, f, rep, "replacement", &names, problems);
            }
        }
    }
    if loaded.groups.is_empty() {
        problems.push(
            Diagnostic::file(file.path.with_file_name("groups"), "this reference has no group files")
                .with_hint("add `groups/<id>.toml` with `id`, `order`, `title`, `intro` and `[[field]]` tables"),
        );
    }
    Reference {
        id: loaded.id.clone(),
        class_name: raw.class.get_ref().clone(),
        import_path: raw.import_path.get_ref().clone(),
        library: raw.library.as_ref().map(|s| s.get_ref().clone()),
        version: raw.version.as_ref().map(|s| s.get_ref().clone()),
        title,
        intro,
        groups,
        enums,
        origin: file.origin(0),
        python: code.map(|c| c.path.clone()),
        warnings,
        versions: Vec::new(),
        other_versions: Vec::new(),
        changes: Vec::new(),
    }
}

/// A reference with its other versions (`[[versions]]`): each built from its own code and the
/// same content, with the version list and what changed between consecutive versions.
fn with_versions(
    loaded: &LoadedReference,
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> Reference {
    let raw = &loaded.reference.value;
    let file = &loaded.reference.file;
    // Other versions need the main version's own name and code.
    let main_name = match (&raw.version, &loaded.code) {
        (Some(v), Some(_)) => Some(v.get_ref().as_str()),
        _ => None,
    };
    let (named, name_problems) = match main_name {
        Some(main_name) => named_versions(loaded, main_name),
        None => (Vec::new(), Diagnostics::default()),
    };
    // The main version and the others are built from their own code, all at once.
    let (mut main, built) = rayon::join(
        || {
            let mut r = reference(loaded, loaded.code.as_ref(), true, langs, default, problems);
            if let Some(code) = &loaded.code {
                versions::apply(&mut r, main_name, loaded, code, langs);
            }
            r
        },
        || {
            named
                .par_iter()
                .map(|v| {
                    let name = v.name.get_ref();
                    // The content's problems are the main version's, reported there.
                    let mut ignored = Diagnostics::default();
                    let mut r =
                        reference(loaded, Some(&v.code), false, langs, default, &mut ignored);
                    r.id = format!("{}/v/{name}", loaded.id);
                    r.version = Some(name.clone());
                    r.warnings.clear();
                    versions::apply(&mut r, Some(name), loaded, &v.code, langs);
                    drop_missing_links(&mut r);
                    (r, &v.code)
                })
                .collect::<Vec<(Reference, &LoadedCode)>>()
        },
    );
    let others: Vec<(&str, &LoadedCode)> = named
        .iter()
        .map(|v| (v.name.get_ref().as_str(), &v.code))
        .collect();
    versions::check_overrides(loaded, main_name, &others, langs, problems);
    if let (Some(main_name), Some(code)) = (main_name, &loaded.code) {
        let mut all = others.clone();
        all.push((main_name, code));
        main.warnings
            .extend(versions::contradictions(loaded, main_name, &all));
    }
    let Some(first) = raw.versions.first() else {
        return main;
    };
    if main_name.is_none() {
        problems.push(
            file.error_at(first.name.span().start, "`[[versions]]` needs the reference's own `version` and `python`")
                .with_hint("add `version = \"…\"` and `python = \"….py\"` for the main version; each `[[versions]]` entry adds another"),
        );
        return main;
    }
    problems.0.extend(name_problems.0);
    let Some(main_code) = loaded.code.as_ref() else {
        return main;
    };
    let mut all: Vec<(&Reference, &LoadedCode, bool)> = vec![(&main, main_code, true)];
    all.extend(built.iter().map(|(r, c)| (r, *c, false)));
    all.sort_by_cached_key(|(r, _, _)| version_key(r.version.as_deref().unwrap_or("")));
    let versions: Vec<VersionEntry> = all
        .iter()
        .map(|(r, _, is_main)| VersionEntry {
            name: r.version.clone().unwrap_or_default(),
            id: r.id.clone(),
            main: *is_main,
            fields: r
                .fields()
                .map(|(g, f)| (f.name.clone(), g.id.clone()))
                .collect(),
        })
        .collect();
    let changes = all
        .windows(2)
        .map(|pair| VersionChange {
            old: pair[0].0.version.clone().unwrap_or_default(),
            new: pair[1].0.version.clone().unwrap_or_default(),
            // All fields, as `fieldbook diff` compares them, so the page and the CLI agree.
            diff: crate::python::diff::diff(&pair[0].1.class.fields, &pair[1].1.class.fields),
        })
        .collect();
    main.other_versions = built
        .into_iter()
        .map(|(mut r, _)| {
            r.versions = versions.clone();
            r
        })
        .collect();
    main.versions = versions;
    main.changes = changes;
    main
}

/// The `[[versions]]` entries whose names can be folder names and are not taken (by the main
/// version, `main_name`, or an earlier entry), and the problems of the others.
fn named_versions<'a>(
    loaded: &'a LoadedReference,
    main_name: &str,
) -> (Vec<&'a LoadedVersion>, Diagnostics) {
    let file = &loaded.reference.file;
    let mut seen = vec![main_name];
    let mut named = Vec::new();
    let mut problems = Diagnostics::default();
    for v in &loaded.versions {
        let name = v.name.get_ref();
        let bad_name = name.is_empty()
            || name.len() > MAX_NAME
            || name.starts_with('.')
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
        if bad_name || seen.contains(&name.as_str()) {
            let why = if bad_name {
                "cannot be a folder name: use at most 100 letters, digits, `.`, `-`, `_` and `+`, not starting with `.`"
            } else {
                "is already a version of this reference"
            };
            problems.push(
                file.error_at(v.name.span().start, format!("version `{name}` {why}"))
                    .with_hint(
                        "give each version its own name, as the library spells it, e.g. `4.39.3`",
                    ),
            );
            continue;
        }
        seen.push(name);
        named.push(v);
    }
    (named, problems)
}

/// Drops the see-also entries and replacements that name fields a version does not have.
fn drop_missing_links(r: &mut Reference) {
    let names: BTreeSet<String> = r.fields().map(|(_, f)| f.name.clone()).collect();
    for field in r.groups.iter_mut().flat_map(|g| g.fields.iter_mut()) {
        field.see_also.retain(|n| names.contains(n));
        if let Some(d) = &mut field.deprecation {
            if d.replacement.as_ref().is_some_and(|n| !names.contains(n)) {
                d.replacement = None;
            }
        }
    }
}

/// The error for a content field the code does not have.
fn not_in_code(
    file: &SourceFile,
    raw: &RawField,
    code: &crate::source::LoadedCode,
    code_fields: &BTreeMap<&str, &ImportedField>,
) -> Diagnostic {
    let name = raw.name.get_ref();
    let names: Vec<&str> = code_fields.keys().copied().collect();
    let hint = match did_you_mean(name, &names) {
        Some(near) => format!("did you mean `{near}`? Otherwise remove the field: the code has no such `__init__` field"),
        None => "remove the field, or correct its name: the site documents the fields the code has".to_string(),
    };
    file.error_at(
        raw.name.span().start,
        format!(
            "`{name}` is not a field of `{}` in {}",
            code.class.name,
            code.path.display()
        ),
    )
    .with_hint(hint)
}

/// Puts every field of the code that no group documents into the group
/// [`code_facts::UNDOCUMENTED_GROUP`] (created, or the content's group of that id), in code
/// order, with a warning at its line in the `.py` file.
fn undocumented(
    code_fields: &BTreeMap<&str, &ImportedField>,
    documented: &BTreeMap<String, (&SourceFile, usize)>,
    enum_names: &BTreeSet<&str>,
    groups: &mut Vec<Group>,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut missing: Vec<&ImportedField> = code_fields
        .values()
        .copied()
        .filter(|f| !documented.contains_key(&f.name))
        .collect();
    if missing.is_empty() {
        return;
    }
    missing.sort_by_key(|f| (f.origin.path.clone(), f.origin.line, f.origin.col));
    let is_enum = |n: &str| enum_names.contains(n);
    let known = |n: &str| KNOWN_TYPES.contains(&n) || is_enum(n);
    let index = match groups
        .iter()
        .position(|g| g.id == code_facts::UNDOCUMENTED_GROUP)
    {
        Some(i) => i,
        None => {
            groups.push(code_facts::undocumented_group(missing[0].origin.clone()));
            groups.len() - 1
        }
    };
    for f in missing {
        warnings.push(
            f.origin
                .error(format!("`{}` is in the code but no group documents it; the site shows it under \"Not yet documented\" with its help quoted from the source", f.name))
                .with_hint(format!("add a `[[field]]` with `name = \"{}\"` and its texts to a group file", f.name))
                .warning(),
        );
        let type_expr = code_facts::code_type(f, &known, warnings);
        groups[index]
            .fields
            .push(code_facts::undocumented_field(f, type_expr, &is_enum));
    }
}

fn group(
    parsed: &Parsed<RawGroup>,
    fields: Vec<Field>,
    langs: &[Lang],
    problems: &mut Diagnostics,
) -> Group {
    let g = &parsed.value;
    Group {
        id: g.id.get_ref().clone(),
        order: *g.order.get_ref(),
        text: GroupText::Written {
            title: localized(
                &parsed.file,
                &g.title,
                g.id.span().start,
                "the group title",
                "title",
                langs,
                problems,
            ),
            intro: localized(
                &parsed.file,
                &g.intro,
                g.id.span().start,
                "the group intro",
                "intro",
                langs,
                problems,
            ),
        },
        fields,
        origin: parsed.file.origin(g.id.span().start),
    }
}

fn check_group_id(file: &SourceFile, id: &Spanned<String>, problems: &mut Diagnostics) {
    let text = id.get_ref();
    if let Some(reason) = url_name_problem(text, RESERVED_PAGES) {
        problems.push(
            file.error_at(
                id.span().start,
                format!("group id `{text}` cannot be a page name: {reason}"),
            )
            .with_hint("pick a short id such as `optimizer` or `logging`"),
        );
    }
}

/// The facts a field gets: annotation, parsed type, default, choices and choices expression.
type Facts = (
    String,
    annotation::TypeExpr,
    FieldDefault,
    Option<Vec<String>>,
    Option<String>,
);

/// A content field with the facts of `code` (when the reference has a source). Warnings go to
/// `warnings`; it is `None` for another version of the reference, whose warnings and content
/// problems the main version reports, and then the checks of the content alone are skipped.
/// Translations are stamped from the text in `default_language`, the book's default language.
#[allow(clippy::too_many_arguments)]
fn field(
    file: &SourceFile,
    raw: &RawField,
    langs: &[Lang],
    default_language: Lang,
    enum_names: &BTreeSet<&str>,
    code: Option<&ImportedField>,
    problems: &mut Diagnostics,
    warnings: Option<&mut Vec<Diagnostic>>,
) -> Field {
    let name = raw.name.get_ref();
    if !is_identifier(name) {
        problems.push(
            file.error_at(raw.name.span().start, format!("`{name}` is not a Python identifier"))
                .with_hint("a field name is letters, digits and `_`, does not start with a digit and is not a keyword"),
        );
    }
    let what = format!("field `{name}`");
    let is_enum = |n: &str| enum_names.contains(n);
    // Another version's content problems are reported by the main version.
    let reports_content = code.is_none() || warnings.is_some();
    let example = raw.example.as_ref().and_then(|e| {
        if reports_content {
            check_literal(file, e, &format!("the example of `{name}`"), problems)
        } else {
            literal::Literal::parse(e.get_ref()).ok()
        }
    });
    let facts: Option<Facts> = match (code, &raw.annotation) {
        (Some(code), _) => {
            let mut unreported = Vec::new();
            let warnings = match warnings {
                Some(warnings) => {
                    warnings.extend(code_facts::disagreements(file, raw, code));
                    // The content's own facts must still be well-formed, though the code's are
                    // shown.
                    let _ = field_default(file, raw, problems);
                    warnings
                }
                None => &mut unreported,
            };
            let known = |n: &str| KNOWN_TYPES.contains(&n) || is_enum(n);
            let type_expr = code_facts::code_type(code, &known, warnings);
            let (choices, choices_expr) = code_facts::code_choices(code, Some(raw));
            let annotation = code
                .annotation
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            Some((
                annotation,
                type_expr,
                code_facts::code_default(code, Some(raw)),
                choices,
                choices_expr,
            ))
        }
        (None, Some(annotation)) => Some((
            annotation.get_ref().clone(),
            content_type(file, name, annotation, enum_names, problems),
            field_default(file, raw, problems),
            raw.choices
                .as_ref()
                .map(|c| c.iter().map(|s| s.get_ref().clone()).collect()),
            raw.choices_expr.as_ref().map(|s| s.get_ref().clone()),
        )),
        (None, None) => {
            problems.push(
                file.error_at(raw.name.span().start, format!("`{name}` has no `type`"))
                    .with_hint("add `type = \"…\"` with the annotation as written in Python, or name the class's source with `python = \"….py\"` in reference.toml"),
            );
            None
        }
    };
    let any = || annotation::TypeExpr::Name("Any".to_string());
    let (annotation, type_expr, default, choices, choices_expr) =
        facts.unwrap_or_else(|| ("Any".to_string(), any(), FieldDefault::Required, None, None));
    let classification = annotation::classify(&type_expr, &is_enum);
    if let Some(choices) = &raw.choices {
        if choices.is_empty() {
            let at = raw
                .choices_expr
                .as_ref()
                .map_or(raw.name.span().start, |e| e.span().start);
            problems.push(
                file.error_at(at, format!("`choices` of `{name}` is empty"))
                    .with_hint("list the allowed values, e.g. `choices = [\"a\", \"b\"]`, or remove the key"),
            );
        }
    }
    let deprecation = raw.deprecated.as_ref().map(|d| {
        let at = raw.name.span().start;
        versions::deprecation(file, d.get_ref(), at, name, langs, problems)
    });
    let mut field = Field {
        name: name.clone(),
        label: raw.label.as_ref().map(|l| {
            localized(
                file,
                l,
                raw.name.span().start,
                &format!("the label of {what}"),
                "label",
                langs,
                problems,
            )
        }),
        annotation,
        type_expr,
        classification,
        default,
        choices,
        choices_expr,
        deprecation,
        see_also: raw.see_also.iter().map(|s| s.get_ref().clone()).collect(),
        aliases: raw.aliases.iter().map(|s| s.get_ref().clone()).collect(),
        old_names: raw
            .old_names
            .iter()
            .map(|old| {
                if !is_identifier(old.get_ref()) {
                    problems.push(
                        file.error_at(
                            old.span().start,
                            format!("old name `{}` is not a Python identifier", old.get_ref()),
                        )
                        .with_hint("list the field's earlier names exactly as they were spelled"),
                    );
                }
                old.get_ref().clone()
            })
            .collect(),
        example,
        text: FieldText::Written {
            summary: localized(
                file,
                &raw.summary,
                raw.name.span().start,
                &format!("the summary of {what}"),
                "summary",
                langs,
                problems,
            ),
            explanation: localized(
                file,
                &raw.explanation,
                raw.name.span().start,
                &format!("the explanation of {what}"),
                "explanation",
                langs,
                problems,
            ),
        },
        translations: BTreeMap::new(),
        origin: file.origin(raw.name.span().start),
    };
    if let FieldText::Written {
        summary,
        explanation,
    } = &field.text
    {
        field.translations =
            translations(file, raw, summary, explanation, default_language, problems);
    }
    field
}

/// Where each stamped translation (`translated-from`) of a field stands against the field's
/// default-language text; an unknown language code is a problem.
fn translations(
    file: &SourceFile,
    raw: &RawField,
    summary: &Localized<String>,
    explanation: &Localized<String>,
    default: Lang,
    problems: &mut Diagnostics,
) -> BTreeMap<Lang, TranslationState> {
    if raw.translated_from.is_empty() {
        return BTreeMap::new();
    }
    let current = crate::drift::text_hash(summary.get(default), explanation.get(default));
    raw.translated_from
        .iter()
        .filter_map(|(code, hash)| match Lang::from_code(code) {
            Some(lang) => {
                let state = if *hash.get_ref() == current {
                    TranslationState::Current
                } else {
                    TranslationState::Stale
                };
                Some((lang, state))
            }
            None => {
                problems.push(
                    file.error_at(
                        hash.span().start,
                        format!("unsupported language `{code}` in `translated-from`"),
                    )
                    .with_hint("use a language listed in book.toml"),
                );
                None
            }
        })
        .collect()
}

/// Parses a content field's `type`; an annotation that does not parse or names an unknown type
/// is an error at its place in the TOML.
fn content_type(
    file: &SourceFile,
    name: &str,
    annotation: &Spanned<String>,
    enum_names: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) -> annotation::TypeExpr {
    let type_expr = match annotation::parse(annotation.get_ref()) {
        Ok(t) => t,
        Err(e) => {
            let at = string_value_offset(file, annotation, e.offset);
            problems.push(
                file.error_at(
                    at,
                    format!("the type of `{name}` does not parse: {}", e.message),
                )
                .with_hint(
                    "write the annotation exactly as in the Python source, e.g. `Optional[int]`",
                ),
            );
            annotation::TypeExpr::Name("Any".to_string())
        }
    };
    let is_enum = |n: &str| enum_names.contains(n);
    for type_name in type_expr.type_names() {
        if !KNOWN_TYPES.contains(&type_name) && !is_enum(type_name) {
            let mut candidates: Vec<&str> = enum_names.iter().copied().collect();
            candidates.extend(KNOWN_TYPES);
            let hint = match did_you_mean(type_name, &candidates) {
                Some(s) => format!(
                    "did you mean `{s}`? Otherwise define the enum `{type_name}` in enums.toml"
                ),
                None => format!("define the enum `{type_name}` in this reference's enums.toml"),
            };
            let at = annotation::name_offset(annotation.get_ref(), type_name)
                .map_or(annotation.span().start, |offset| {
                    string_value_offset(file, annotation, offset)
                });
            problems.push(
                file.error_at(at, format!("the type of `{name}` uses `{type_name}`, which is neither a built-in type nor a defined enum"))
                    .with_hint(hint),
            );
        }
    }
    type_expr
}

fn field_default(file: &SourceFile, raw: &RawField, problems: &mut Diagnostics) -> FieldDefault {
    let name = raw.name.get_ref();
    match (&raw.default, &raw.default_factory) {
        (Some(literal), Some(factory)) => {
            let (line, col) = file.line_col(literal.span().start);
            problems.push(
                file.error_at(
                    factory.span().start,
                    format!("`{name}` has both `default` and `default-factory`"),
                )
                .with_hint(format!(
                    "`default` is at {}:{line}:{col}; keep the one the Python source uses",
                    file.path.display()
                )),
            );
            FieldDefault::Factory(factory.get_ref().clone())
        }
        (None, Some(factory)) => FieldDefault::Factory(factory.get_ref().clone()),
        (Some(literal), None) => {
            match check_literal(file, literal, &format!("the default of `{name}`"), problems) {
                Some(literal) => FieldDefault::Value {
                    literal,
                    expr: raw.default_expr.as_ref().map(|e| e.get_ref().clone()),
                },
                // The problem stops the build; the field is still rendered for other problems.
                None => FieldDefault::Required,
            }
        }
        (None, None) => {
            if let Some(expr) = &raw.default_expr {
                problems.push(
                    file.error_at(
                        expr.span().start,
                        format!("`{name}` has `default-expr` but no `default`"),
                    )
                    .with_hint("add `default = …` with the literal value the expression gives"),
                );
            }
            FieldDefault::Required
        }
    }
}

/// `value` parsed as a Python literal; one that is not is a problem at its place in the TOML.
fn check_literal(
    file: &SourceFile,
    value: &Spanned<String>,
    what: &str,
    problems: &mut Diagnostics,
) -> Option<literal::Literal> {
    let e = match literal::Literal::parse(value.get_ref()) {
        Ok(literal) => return Some(literal),
        Err(e) => e,
    };
    let at = string_value_offset(file, value, e.offset);
    let hint = if what.starts_with("the example") {
        "write the value as Python source: a string keeps its quotes inside the TOML string, e.g. `example = '\"out\"'`"
    } else {
        "write a literal as Python would (`5e-5`, `\"steps\"`, `None`); for a computed default keep the expression in `default-expr` and its value in `default`"
    };
    problems.push(
        file.error_at(at, format!("{what} is not a Python literal: {}", e.message))
            .with_hint(hint),
    );
    None
}

/// An import path is dotted Python identifiers: `transformers.TrainingArguments`.
fn check_import_path(file: &SourceFile, path: &Spanned<String>, problems: &mut Diagnostics) {
    let text = path.get_ref();
    if !text.split('.').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    }) {
        problems.push(
            file.error_at(
                path.span().start,
                format!("`import-path` `{text}` is not a dotted Python name"),
            )
            .with_hint("write where users import it from, e.g. `transformers.TrainingArguments`"),
        );
    }
}

/// Checks that `target`, named by `key` of field `from`, is another field of the reference;
/// `names` holds the reference's field names, sorted.
fn check_field_ref(
    file: &SourceFile,
    from: &RawField,
    target: &Spanned<String>,
    key: &str,
    names: &[&str],
    problems: &mut Diagnostics,
) {
    let t = target.get_ref();
    if t == from.name.get_ref() {
        problems.push(
            file.error_at(
                target.span().start,
                format!("`{key}` of `{t}` names the field itself"),
            )
            .with_hint("name another field of the same reference, or remove the entry"),
        );
    } else if names.binary_search(&t.as_str()).is_err() {
        let hint = match did_you_mean(t, names) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "name a field of the same reference".to_string(),
        };
        problems.push(
            file.error_at(
                target.span().start,
                format!("`{key}` names `{t}`, which is not a field of this reference"),
            )
            .with_hint(hint),
        );
    }
}

fn enums(parsed: &Parsed<RawEnumFile>, langs: &[Lang], problems: &mut Diagnostics) -> Vec<EnumDef> {
    let file = &parsed.file;
    let first_at = |offset: usize| {
        let (line, col) = file.line_col(offset);
        format!("{}:{line}:{col}", file.path.display())
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &parsed.value.enums {
        let name = e.name.get_ref();
        if let Some(&first) = seen.get(name.as_str()) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum `{name}` is defined twice"),
                )
                .with_hint(format!(
                    "it is first defined at {}; keep one definition",
                    first_at(first)
                )),
            );
            continue;
        }
        seen.insert(name, e.name.span().start);
        if !is_identifier(name) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum name `{name}` is not a Python identifier"),
                )
                .with_hint("write the class name as in the Python source, e.g. `IntervalStrategy`"),
            );
        } else if KNOWN_TYPES.contains(&name.as_str()) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum `{name}` has the name of a built-in type"),
                )
                .with_hint(
                    "annotations could not tell the two apart; use the enum's own class name",
                ),
            );
        }
        if let Some(path) = &e.import_path {
            check_import_path(file, path, problems);
        }
        if e.members.is_empty() {
            problems.push(
                file.error_at(e.name.span().start, format!("enum `{name}` has no members"))
                    .with_hint("add its members as `[[enum.member]]` tables with `name`, `value` and `text`"),
            );
        }
        let mut member_names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut values: BTreeMap<&str, usize> = BTreeMap::new();
        let members = e
            .members
            .iter()
            .map(|m| {
                let member = m.name.get_ref();
                if let Some(&first) = member_names.get(member.as_str()) {
                    problems.push(
                        file.error_at(
                            m.name.span().start,
                            format!("member `{name}.{member}` is defined twice"),
                        )
                        .with_hint(format!(
                            "it is first defined at {}; keep one definition",
                            first_at(first)
                        )),
                    );
                } else {
                    member_names.insert(member, m.name.span().start);
                    if !is_identifier(member) {
                        problems.push(
                            file.error_at(
                                m.name.span().start,
                                format!("member name `{member}` is not a Python identifier"),
                            )
                            .with_hint("write the member as in the Python source, e.g. `STEPS`"),
                        );
                    }
                }
                if let Some(&first) = values.get(m.value.get_ref().as_str()) {
                    problems.push(
                        file.error_at(
                            m.value.span().start,
                            format!(
                                "value \"{}\" is used by two members of `{name}`",
                                m.value.get_ref()
                            ),
                        )
                        .with_hint(format!(
                            "it is first used at {}; Python would make the second an alias, so list it once",
                            first_at(first)
                        )),
                    );
                } else {
                    values.insert(m.value.get_ref(), m.value.span().start);
                }
                EnumMember {
                    name: m.name.get_ref().clone(),
                    value: m.value.get_ref().clone(),
                    text: localized(
                        file,
                        &m.text,
                        m.name.span().start,
                        &format!("member `{name}.{}`", m.name.get_ref()),
                        "text",
                        langs,
                        problems,
                    ),
                }
            })
            .collect();
        out.push(EnumDef {
            name: name.clone(),
            import_path: e.import_path.as_ref().map(|s| s.get_ref().clone()),
            summary: localized(
                file,
                &e.summary,
                e.name.span().start,
                &format!("the summary of enum `{name}`"),
                "summary",
                langs,
                problems,
            ),
            on_invalid: e.on_invalid.as_ref().map(|t| {
                localized(
                    file,
                    t,
                    e.name.span().start,
                    &format!("`on-invalid` of enum `{name}`"),
                    "on-invalid",
                    langs,
                    problems,
                )
            }),
            members,
            origin: file.origin(e.name.span().start),
        });
    }
    out
}

fn guides(
    loaded: &[LoadedGuide],
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> Vec<Guide> {
    let mut by_slug: BTreeMap<&str, BTreeMap<Lang, &LoadedGuide>> = BTreeMap::new();
    for g in loaded {
        let lang = match &g.lang_code {
            None => default,
            Some(code) => match Lang::from_code(code) {
                Some(l) if langs.contains(&l) => l,
                _ => {
                    problems.push(
                        Diagnostic::file(
                            &g.file.path,
                            format!("`{code}` in the file name is not a configured language"),
                        )
                        .with_hint(format!(
                            "name translations `{}.<lang>.md` with one of: {}",
                            g.slug,
                            codes(langs)
                        )),
                    );
                    continue;
                }
            },
        };
        if let Some(reason) = url_name_problem(&g.slug, &[]) {
            problems.push(
                Diagnostic::file(
                    &g.file.path,
                    format!(
                        "the guide name `{}` cannot be a page name: {reason}",
                        g.slug
                    ),
                )
                .with_hint(
                    "rename the file to a short name of lowercase letters, digits, `-` and `_`",
                ),
            );
        }
        let versions = by_slug.entry(&g.slug).or_default();
        if let Some(other) = versions.get(&lang) {
            problems.push(
                Diagnostic::file(
                    &g.file.path,
                    format!(
                        "guide `{}` has two `{lang}` versions: this file and {}",
                        g.slug,
                        other.file.path.display()
                    ),
                )
                .with_hint(format!(
                    "keep one; the default language's version is named `{}.md`",
                    g.slug
                )),
            );
            continue;
        }
        versions.insert(lang, g);
    }
    let mut out = Vec::new();
    for (slug, versions) in by_slug {
        let Some(main) = versions.get(&default).or_else(|| versions.values().next()) else {
            continue;
        };
        let mut missing = false;
        for &lang in langs {
            if !versions.contains_key(&lang) {
                missing = true;
                let name = if lang == default {
                    format!("{slug}.md")
                } else {
                    format!("{slug}.{lang}.md")
                };
                problems.push(
                    Diagnostic::file(
                        &main.file.path,
                        format!("guide `{slug}` has no `{lang}` version"),
                    )
                    .with_hint(format!("add content/guides/{name}")),
                );
            }
        }
        let section = match main.front.section.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("guides") => GuideSection::Guides,
            Some("concepts") => GuideSection::Concepts,
            Some(other) => {
                let at = main.front.section.as_ref().map_or(0, |s| s.span().start) + 3;
                problems.push(
                    main.file
                        .error_at(at, format!("unknown section `{other}`"))
                        .with_hint("use `section = \"guides\"` or `section = \"concepts\"`"),
                );
                GuideSection::Guides
            }
        };
        let mut title = BTreeMap::new();
        let mut body = BTreeMap::new();
        for (&lang, g) in &versions {
            match &g.front.title {
                Some(t) if !t.get_ref().trim().is_empty() => {
                    title.insert(lang, t.get_ref().trim().to_string());
                }
                _ => {
                    missing = true;
                    problems.push(
                        Diagnostic::at(&g.file.path, 1, 1, "the guide has no title").with_hint(
                            "start the file with front matter: `+++` / `title = \"…\"` / `+++`",
                        ),
                    );
                }
            }
            body.insert(
                lang,
                GuideBody {
                    path: g.file.path.clone(),
                    first_line: g.file.line_col(g.body_start).0,
                    markdown: g.file.text[g.body_start..].to_string(),
                },
            );
        }
        if !missing {
            out.push(Guide {
                slug: slug.to_string(),
                section,
                weight: main.front.weight,
                title: Localized(title),
                body: Localized(body),
            });
        }
    }
    out.sort_by(|a, b| (a.section, a.weight, &a.slug).cmp(&(b.section, b.weight, &b.slug)));
    out
}

fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Byte offset in `file` of the character `char_offset` of a TOML string's value, walking the
/// string as written: escapes (`\u0069`, `\"`) count as the one character they stand for, and a
/// multi-line string's first newline and line-ending backslashes count as nothing.
fn string_value_offset(file: &SourceFile, value: &Spanned<String>, char_offset: usize) -> usize {
    let start = value.span().start.min(file.text.len());
    let end = value.span().end.clamp(start, file.text.len());
    let raw = &file.text[start..end];
    let (open, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return start;
    };
    let mut i = open;
    if open == 3 && raw[i..].starts_with('\n') {
        i += 1;
    }
    let mut remaining = char_offset;
    while let Some(c) = raw[i..].chars().next() {
        let escape = basic && c == '\\';
        // A backslash is one byte, so `i + 1` is a character boundary.
        let after = escape.then(|| raw[i + 1..].chars().next()).flatten();
        if escape && open == 3 && after.is_some_and(char::is_whitespace) {
            // A line-ending backslash: it and the whitespace after it vanish.
            i += 1;
            while let Some(w) = raw[i..].chars().next().filter(|w| w.is_whitespace()) {
                i += w.len_utf8();
            }
            continue;
        }
        if remaining == 0 {
            break;
        }
        i += match (escape, after) {
            (true, Some('u')) => 6,
            (true, Some('U')) => 10,
            (true, Some(other)) => 1 + other.len_utf8(),
            _ => c.len_utf8(),
        };
        i = i.min(raw.len());
        while !raw.is_char_boundary(i) {
            i -= 1;
        }
        remaining -= 1;
    }
    start + i
}

/// `a-z0-9` start, then `a-z0-9-_`.
pub fn is_slug(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_windows_reserved(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit())
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !PY_KEYWORDS.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_that_make_bad_file_names_are_refused() {
        for bad in ["../x", "a/b", "", "Basics", "con", "COM1"] {
            assert!(!is_slug(bad) || is_windows_reserved(bad), "{bad}");
        }
        assert!(is_slug("optimizer") && !is_windows_reserved("optimizer"));
    }

    #[test]
    fn offsets_inside_strings_follow_escapes_and_multiline_forms() {
        #[derive(serde::Deserialize)]
        struct One {
            v: Spanned<String>,
        }
        let at = |toml_text: &str, char_offset: usize| {
            let file = SourceFile::new("a.toml", toml_text.to_string());
            let one: One = toml::from_str(&file.text).unwrap();
            file.line_col(string_value_offset(&file, &one.v, char_offset))
        };
        // `v = "` is 5 characters: the value starts at column 6.
        assert_eq!(at("v = \"List[int\"", 8), (1, 14));
        assert_eq!(at("v = \"\\u0069nt]\"", 3), (1, 14));
        assert_eq!(at("v = \"a\\\"b\"", 2), (1, 9));
        assert_eq!(at("v = 'Größe]'", 5), (1, 11));
        assert_eq!(at("v = \"\"\"\nDict[str,\n  int\"\"\"", 15), (3, 6));
        assert_eq!(at("v = \"\"\"\nDict[\\\n   str\"\"\"", 5), (3, 4));
        assert_eq!(at("v = '''\nx'''", 1), (2, 2));
    }

    #[test]
    fn identifiers_follow_python() {
        assert!(is_identifier("learning_rate") && is_identifier("_n_gpu"));
        assert!(!is_identifier("2fast") && !is_identifier("class") && !is_identifier("a-b"));
    }
}
