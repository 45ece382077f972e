//! `fieldbook new DIR --from FILE.py --class NAME`: a complete, buildable book for one real
//! configuration class, and nothing else.
//!
//! The class is read with the Python reader (dataclasses, pydantic models, attrs classes, with
//! what they inherit). The book gets one reference per class — the class itself and every
//! configuration class its annotations name (a nested config) — whose `python` key points at
//! the source, so every build takes the facts (types, defaults, choices) from the code; the
//! content holds the groups and the English texts from the source, the enums annotations use,
//! and a short guide. Other languages are left to translators: `new` writes no text in them.

mod package;
mod text;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::python::annotation;
use crate::python::reader::{
    one_line, read_config_class, resolve_named, unresolved_warnings, ClassKind, ImportedClass,
    ImportedEnum, ImportedField, NamedType,
};
use package::package_of;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use text::{field_text, split_summary, to_markdown};

/// No group gets more fields than this; a longer run is split into parts.
const MAX_GROUP: usize = 40;
/// At most this many references (the class and the config classes it nests).
const MAX_REFERENCES: usize = 16;

/// What `fieldbook new` is asked to do.
#[derive(Debug, Clone)]
pub struct NewBook {
    /// The book's folder (created when missing).
    pub dir: PathBuf,
    /// The Python file that defines the class.
    pub from: PathBuf,
    /// The class name.
    pub class: String,
    /// Extra folders imports are looked up in.
    pub python_path: Vec<PathBuf>,
    /// The book's languages; the texts are written in English, the others are left missing.
    pub languages: Vec<String>,
    /// The branch a GitHub Pages workflow publishes from; `None` writes no workflow.
    pub workflow_branch: Option<String>,
}

/// What `new` wrote and what it noticed.
#[derive(Debug)]
pub struct Created {
    /// Each reference: its folder id, class name and number of fields.
    pub references: Vec<(String, String, usize)>,
    /// The files written, relative to the book folder.
    pub files: Vec<PathBuf>,
    /// Things the reader could not do (bases not found, fields with no text), and a workflow
    /// left alone.
    pub warnings: Vec<Diagnostic>,
    /// The GitHub Actions workflow written, when one was.
    pub workflow: Option<PathBuf>,
}

/// One reference to write.
struct Planned {
    id: String,
    source: PathBuf,
    class: ImportedClass,
    enums: Vec<ImportedEnum>,
}

/// Creates the book, refusing to write into a folder that already holds one.
pub fn create(request: &NewBook) -> Result<Created, Diagnostics> {
    let dir = &request.dir;
    for existing in ["book.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(
                Diagnostic::file(dir.join(existing), "a book already exists here")
                    .with_hint("run `fieldbook new` with a new or empty folder")
                    .into(),
            );
        }
    }
    if request.languages.first().map(String::as_str) != Some("en") {
        return Err(Diagnostic::file(
            &request.from,
            "`new` writes the texts it reads from the source in English: `--lang` must start with `en`",
        )
        .with_hint("for example `--lang en` or `--lang en,zh`")
        .into());
    }
    let search = &request.python_path;
    let mut warnings = Vec::new();
    let mut planned: Vec<Planned> = Vec::new();
    let mut queue: Vec<(PathBuf, String)> = vec![(request.from.clone(), request.class.clone())];
    let mut seen: BTreeSet<(PathBuf, String)> = queue.iter().cloned().collect();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    while let Some((source, name)) = (!queue.is_empty()).then(|| queue.remove(0)) {
        let class = match read_config_class(&source, &name, search) {
            Ok(c) => c,
            // The main class must read; a nested one that does not is only left out.
            Err(e) if planned.is_empty() => return Err(e),
            Err(e) => {
                warnings.extend(e.0.into_iter().map(Diagnostic::warning));
                continue;
            }
        };
        warnings.extend(unresolved_warnings(&class));
        let mut enums: Vec<ImportedEnum> = Vec::new();
        let mut resolved: HashMap<(PathBuf, String), Option<NamedType>> = HashMap::new();
        for f in class.fields.iter().filter(|f| f.init) {
            let Ok(t) = annotation::parse(&one_line(&f.annotation)) else {
                continue;
            };
            for type_name in t.type_names() {
                let key = (f.origin.path.clone(), type_name.to_string());
                let named = resolved
                    .entry(key)
                    .or_insert_with(|| resolve_named(&f.origin.path, type_name, search));
                match named {
                    Some(NamedType::Enum(e))
                        if type_name == e.name && !enums.iter().any(|x| x.name == e.name) =>
                    {
                        enums.push(e.clone())
                    }
                    Some(NamedType::Config { path, class })
                        if type_name == class
                            && planned.len() + queue.len() + 1 < MAX_REFERENCES
                            && seen.insert((path.clone(), class.clone())) =>
                    {
                        queue.push((path.clone(), class.clone()));
                    }
                    _ => {}
                }
            }
        }
        // Nested classes' ids start with the main class's, so the main reference comes first
        // (references are ordered by id) and its nested ones follow it.
        let mut id = match planned.first() {
            Some(main) => format!("{}-{}", main.id, kebab(&class.name)),
            None => kebab(&class.name),
        };
        while !ids.insert(id.clone()) {
            id.push_str("-2");
        }
        planned.push(Planned {
            id,
            source,
            class,
            enums,
        });
    }

    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let main = &planned[0];
    files.push((PathBuf::from("book.toml"), book_toml(request, &main.class)));
    let mut references = Vec::new();
    for p in &planned {
        let folder = PathBuf::from("content").join(&p.id);
        files.push((folder.join("reference.toml"), reference_toml(request, p)));
        let fields: Vec<&ImportedField> = p.class.fields.iter().filter(|f| f.init).collect();
        let silent = fields.iter().filter(|f| source_text(f).is_none()).count();
        if silent > 0 {
            warnings.push(
                Diagnostic::file(
                    &p.source,
                    format!(
                        "{silent} of the {} fields of `{}` have no help text or docstring entry in the source",
                        fields.len(),
                        p.class.name
                    ),
                )
                .with_hint("their summary says so; write their texts in the group files")
                .warning(),
            );
        }
        for (i, group) in groups(&p.class, &fields).iter().enumerate() {
            let name = format!("{:02}-{}.toml", i + 1, group.id);
            files.push((folder.join("groups").join(name), group_toml(group, i + 1)));
        }
        if !p.enums.is_empty() {
            files.push((folder.join("enums.toml"), enums_toml(&p.enums)));
        }
        references.push((p.id.clone(), p.class.name.clone(), fields.len()));
    }
    files.push((
        PathBuf::from("content/guides/getting-started.md"),
        guide(main),
    ));

    let mut written = Vec::new();
    for (path, text) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::file(parent, format!("cannot create the folder: {e}")))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| Diagnostic::file(&target, format!("cannot write the file: {e}")))?;
        written.push(path.clone());
    }
    // The publish workflow goes to the git repository holding the book (GitHub reads workflows
    // only there); one already there is left alone, with a warning.
    let workflow = match &request.workflow_branch {
        None => None,
        Some(branch) => match crate::publish::write_github_workflow(dir, branch) {
            Ok(path) => Some(path),
            Err(problems) => {
                warnings.extend(problems.0.into_iter().map(Diagnostic::warning));
                None
            }
        },
    };
    Ok(Created {
        references,
        files: written,
        warnings,
        workflow,
    })
}

/// `LoraConfig` → `lora-config`, `SFTConfig` → `sft-config`, `_Options` → `options`.
fn kebab(name: &str) -> String {
    let name = name.trim_start_matches('_');
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('-');
            }
        }
        if c == '_' {
            out.push('-');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A path as written into reference.toml: relative to the book when it is inside it, else
/// absolute.
fn shown_path(book: &Path, path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let book = std::fs::canonicalize(book).unwrap_or_else(|_| book.to_path_buf());
    absolute
        .strip_prefix(&book)
        .unwrap_or(&absolute)
        .to_string_lossy()
        .into_owned()
}

fn book_toml(request: &NewBook, class: &ImportedClass) -> String {
    let mut out = String::from("[book]\n");
    // The class name reads the same in every language; the English title adds a word.
    for lang in &request.languages {
        let title = if lang == "en" {
            format!("{} reference", class.name)
        } else {
            class.name.clone()
        };
        let _ = writeln!(out, "title.{lang} = {}", quote(&title));
    }
    let _ = writeln!(
        out,
        "description.en = {}",
        quote(&format!("Every field of {}, explained.", class.name))
    );
    let langs: Vec<String> = request.languages.iter().map(|l| quote(l)).collect();
    let _ = writeln!(out, "languages = [{}]", langs.join(", "));
    out.push_str("default-language = \"en\"\nsite-url = \"/\"\n\n[build]\ndest = \"book\"\n");
    // A language fieldbook ships no interface strings for gets its table, in English, to
    // translate: the book builds at once.
    for lang in &request.languages {
        if let Ok(table) = crate::ui::template(lang) {
            let _ = write!(out, "\n{table}\n");
        }
    }
    out
}

fn reference_toml(request: &NewBook, p: &Planned) -> String {
    let package = package_of(&p.source, &p.class.name);
    let mut out = String::new();
    let _ = writeln!(out, "class = {}", quote(&p.class.name));
    let _ = writeln!(out, "import-path = {}", quote(&package.import_path));
    if let Some(library) = &package.library {
        let _ = writeln!(out, "library = {}", quote(library));
    }
    if let Some(version) = &package.version {
        let _ = writeln!(out, "version = {}", quote(version));
    }
    let _ = writeln!(
        out,
        "python = {}",
        quote(&shown_path(&request.dir, &p.source))
    );
    if !request.python_path.is_empty() {
        let paths: Vec<String> = request
            .python_path
            .iter()
            .map(|d| quote(&shown_path(&request.dir, d)))
            .collect();
        let _ = writeln!(out, "python-path = [{}]", paths.join(", "));
    }
    let kind = match p.class.kind {
        ClassKind::Dataclass => "dataclass",
        ClassKind::Pydantic => "pydantic model",
        ClassKind::Attrs => "attrs class",
    };
    let intro = p
        .class
        .declaring
        .first()
        .and_then(|c| c.docstring.as_deref())
        .and_then(first_paragraph)
        .unwrap_or_else(|| format!("`{}` is a {kind}.", p.class.name));
    let _ = writeln!(out, "intro.en = {}", quote(&intro));
    out
}

/// The docstring's first paragraph as Markdown (up to a blank line or a section header).
fn first_paragraph(docstring: &str) -> Option<String> {
    let mut lines = Vec::new();
    for line in docstring.lines().map(str::trim) {
        let header = line
            .strip_suffix(':')
            .is_some_and(|w| !w.contains(' ') || w.starts_with("Example"));
        if line.is_empty() && !lines.is_empty() || header {
            break;
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    Some(to_markdown(&lines.join("\n"))).filter(|t| !t.is_empty())
}

/// The field's text from the source: its help, then its docstring entry or attribute docstring.
fn source_text(f: &ImportedField) -> Option<String> {
    let doc = f
        .doc
        .as_ref()
        .map(|d| d.description.as_str())
        .filter(|d| !d.trim().is_empty())
        .or(f.extra.attr_doc.as_deref());
    field_text(f.help.as_deref().or(f.extra.metadata_doc.as_deref()), doc)
}

/// A group to write.
struct PlannedGroup<'a> {
    id: String,
    title: String,
    intro: String,
    fields: Vec<&'a ImportedField>,
}

/// The fields grouped by the class that declares them (in field order), each class's run split
/// at the comment headers of its body and into parts of at most [`MAX_GROUP`] fields.
fn groups<'a>(class: &ImportedClass, fields: &[&'a ImportedField]) -> Vec<PlannedGroup<'a>> {
    // Runs of (declaring class, section).
    let mut runs: Vec<(String, Option<String>, Vec<&'a ImportedField>)> = Vec::new();
    let mut section_of: HashMap<&str, Option<String>> = HashMap::new();
    // A class's comments are section headers only when it has two or more of them.
    let mut headers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for f in fields {
        if let Some(s) = &f.extra.section {
            headers.entry(&f.class).or_default().insert(s);
        }
    }
    let sectioned = |class: &str| headers.get(class).is_some_and(|h| h.len() >= 2);
    for f in fields {
        let section = match f.extra.section.as_ref().filter(|_| sectioned(&f.class)) {
            Some(s) => {
                section_of.insert(&f.class, Some(s.clone()));
                Some(s.clone())
            }
            None => section_of.get(f.class.as_str()).cloned().flatten(),
        };
        match runs
            .iter_mut()
            .find(|(c, s, _)| *c == f.class && *s == section)
        {
            Some(run) => run.2.push(f),
            None => runs.push((f.class.clone(), section, vec![f])),
        }
    }
    let docstring = |name: &str| {
        class
            .declaring
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.docstring.as_deref())
            .and_then(first_paragraph)
    };
    let mut out: Vec<PlannedGroup> = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for (owner, section, run) in runs {
        let (title, intro) = match &section {
            Some(s) => (
                s.clone(),
                format!("Fields of `{owner}` under the comment “{s}” in its source."),
            ),
            None => (
                owner.clone(),
                docstring(&owner).unwrap_or_else(|| format!("Fields declared by `{owner}`.")),
            ),
        };
        // Parts of equal size: 50 fields are two groups of 25, not 40 and 10.
        let parts = run.len().div_ceil(MAX_GROUP);
        let size = run.len().div_ceil(parts.max(1));
        for (i, chunk) in run.chunks(size.max(1)).enumerate() {
            let title = if parts > 1 {
                format!("{title} ({} of {parts})", i + 1)
            } else {
                title.clone()
            };
            let mut id: String = kebab(&title)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if id.is_empty() || id == "undocumented" {
                id = format!("group-{}", out.len() + 1);
            }
            while !ids.insert(id.clone()) {
                id.push_str("-2");
            }
            out.push(PlannedGroup {
                id,
                title,
                intro: intro.clone(),
                fields: chunk.to_vec(),
            });
        }
    }
    out
}

fn group_toml(group: &PlannedGroup, order: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "id = {}", quote(&group.id));
    let _ = writeln!(out, "order = {order}");
    let _ = writeln!(out, "title.en = {}", quote(&group.title));
    let _ = writeln!(out, "intro.en = {}", quote(&group.intro));
    for f in &group.fields {
        let (summary, explanation) = match source_text(f) {
            Some(text) => {
                let (summary, rest) = split_summary(&text);
                let explanation = if rest.is_empty() {
                    format!("Declared in `{}`.", f.class)
                } else {
                    rest
                };
                (summary, explanation)
            }
            None => (
                "Not described in the source.".to_string(),
                format!(
                    "Declared in `{}` with no help text or docstring entry.",
                    f.class
                ),
            ),
        };
        let _ = writeln!(out, "\n[[field]]\nname = {}", quote(&f.name));
        let _ = writeln!(out, "summary.en = {}", quote(&summary));
        let _ = writeln!(out, "explanation.en = {}", quote(&explanation));
    }
    out
}

fn enums_toml(enums: &[ImportedEnum]) -> String {
    let mut out = String::new();
    for e in enums {
        let package = package_of(&e.path, &e.name);
        let summary = e
            .docstring
            .as_deref()
            .and_then(first_paragraph)
            .map(|d| split_summary(&d).0)
            .unwrap_or_else(|| format!("The members of {}.", e.name));
        let _ = writeln!(out, "[[enum]]\nname = {}", quote(&e.name));
        let _ = writeln!(out, "import-path = {}", quote(&package.import_path));
        let _ = writeln!(out, "summary.en = {}\n", quote(&summary));
        let mut values = BTreeSet::new();
        for m in &e.members {
            let value = string_value(&m.value).unwrap_or_else(|| m.value.clone());
            // A second name for a value is an alias in Python, not a member of its own.
            if !values.insert(value.clone()) {
                continue;
            }
            let text = m
                .doc
                .as_deref()
                .map(to_markdown)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("The value `{}`.", m.value));
            let _ = writeln!(out, "[[enum.member]]\nname = {}", quote(&m.name));
            let _ = writeln!(out, "value = {}", quote(&value));
            let _ = writeln!(out, "text.en = {}\n", quote(&text));
        }
    }
    out
}

/// The value of a plain string literal (`"steps"`, `'no'`), when the text is one.
fn string_value(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(['\\', quote])).then(|| inner.to_string())
}

/// A short guide: the class in use, with a few of its fields.
fn guide(main: &Planned) -> String {
    let class = &main.class;
    let package = package_of(&main.source, &class.name);
    let (module, _) = package
        .import_path
        .rsplit_once('.')
        .unwrap_or(("", &package.import_path));
    let fields: Vec<&ImportedField> = class.fields.iter().filter(|f| f.init).collect();
    let is_simple = |f: &&&ImportedField| {
        f.default.as_deref().is_some_and(|d| {
            crate::python::literal::check(d).is_ok() && d != "None" && !d.contains('\n')
        })
    };
    let required: Vec<&&ImportedField> = fields
        .iter()
        .filter(|f| f.default.is_none() && f.default_factory.is_none())
        .take(3)
        .collect();
    let shown: Vec<&&ImportedField> = required
        .iter()
        .copied()
        .chain(fields.iter().filter(is_simple).take(3))
        .collect();
    let mut call = String::new();
    for f in &shown {
        let key = f.extra.alias.as_deref().unwrap_or(&f.name);
        let value = f.default.clone().unwrap_or_else(|| "...".to_string());
        let note = if f.default.is_none() {
            "  # required"
        } else {
            "  # the default"
        };
        let _ = writeln!(call, "    {key}={value},{note}");
    }
    let import = if module.is_empty() {
        format!("import {}", class.name)
    } else {
        format!("from {module} import {}", class.name)
    };
    let links: Vec<String> = shown
        .iter()
        .map(|f| format!("[`{0}`](param:{0})", f.name))
        .collect();
    let mut out = format!(
        "+++\ntitle = \"Using {0}\"\nweight = 1\n+++\n\n`{0}` has {1} fields. Create one with the values you want to change; every other field keeps its default.\n\n```python\n{import}\n\nconfig = {0}(\n{call})\n```\n",
        class.name,
        fields.len(),
    );
    if !links.is_empty() {
        let _ = writeln!(
            out,
            "\nThe fields used above: {}. Each group of this reference lists the others with their types and defaults.",
            links.join(", ")
        );
    }
    out
}
