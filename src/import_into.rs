//! `fieldbook import FILE.py --class NAME --into content/<ref-id>`: brings a reference's content
//! up to date with the code. Facts (`type`, `default`, `default-expr`, `default-factory`,
//! `choices`, `choices-expr`) of fields already in a group file are updated in place with
//! toml_edit, so every explanation, summary, label, comment and the order of keys are kept byte
//! for byte; fields new in the code are appended to `groups/99-imported.toml` with placeholder
//! texts taken from their help; fields no longer in the code are reported, never deleted. All
//! files are written together or none (see [`crate::edit_set`]).

use crate::diagnostics::Diagnostics;
use crate::edit_set::{EditSet, EditableFile};
use crate::python::reader::one_line;
use crate::python::reader::{Choices, ImportedField};
use std::path::{Path, PathBuf};
use toml_edit::{Array, Item, Table, Value};

/// What `import --into` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IntoReport {
    /// Fields whose facts were updated.
    pub updated: Vec<String>,
    /// Fields added to the imported group file.
    pub added: Vec<String>,
    /// Fields in the content that the code no longer has.
    pub removed: Vec<String>,
    /// Files written.
    pub written: Vec<PathBuf>,
    /// True when `cli = "hf-argparser"` was added to `reference.toml`.
    pub cli_set: bool,
}

/// The keys of a `[[field]]` that state facts of the code.
const FACT_KEYS: [&str; 6] = [
    "type",
    "default",
    "default-expr",
    "default-factory",
    "choices",
    "choices-expr",
];

/// The name of the group file new fields go to.
pub const IMPORTED_GROUP: &str = "99-imported.toml";

/// Sets `key` to `new` unless it already holds that value, keeping the old value's decor
/// (spacing, trailing comment). Returns whether anything changed.
fn set(table: &mut Table, key: &str, new: Value) -> bool {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if old.to_string().trim() == new.to_string().trim() || same(old, &new) {
                return false;
            }
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
            true
        }
        _ => {
            table.insert(key, Item::Value(new));
            true
        }
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        _ => false,
    }
}

fn remove(table: &mut Table, key: &str) -> bool {
    table.remove(key).is_some()
}

fn choices_array(values: &[String]) -> Value {
    let mut array = Array::new();
    for v in values {
        array.push(v.as_str());
    }
    Value::Array(array)
}

/// Brings the facts of one `[[field]]` table in line with the code; returns whether it changed.
fn update_facts(table: &mut Table, field: &ImportedField) -> bool {
    let mut changed = set(table, "type", Value::from(one_line(&field.annotation)));
    match (&field.default, &field.default_factory) {
        (Some(default), _) => {
            let text = one_line(default);
            if crate::python::literal::check(&text).is_ok() {
                changed |= set(table, "default", Value::from(text));
                changed |= remove(table, "default-expr");
            } else {
                // A computed default: the expression; the author keeps the value in `default`.
                changed |= set(table, "default-expr", Value::from(text));
            }
            changed |= remove(table, "default-factory");
        }
        (None, Some(factory)) => {
            changed |= set(table, "default-factory", Value::from(one_line(factory)));
            changed |= remove(table, "default");
            changed |= remove(table, "default-expr");
        }
        (None, None) => {
            changed |= remove(table, "default");
            changed |= remove(table, "default-expr");
            changed |= remove(table, "default-factory");
        }
    }
    match &field.choices {
        Some(Choices::Values(values)) => {
            changed |= set(table, "choices", choices_array(values));
            changed |= remove(table, "choices-expr");
        }
        Some(Choices::Expr(expr)) => {
            // `choices` may hold the values the expression evaluates to: kept, as with
            // `default` beside `default-expr`.
            changed |= set(table, "choices-expr", Value::from(one_line(expr)));
        }
        None => {
            changed |= remove(table, "choices");
            changed |= remove(table, "choices-expr");
        }
    }
    changed
}

fn quote(s: &str) -> String {
    Value::from(s).to_string().trim().to_string()
}

/// The `[[field]]` text of a field new to the content, with its English text from the help.
fn new_field_text(field: &ImportedField) -> String {
    let help = field
        .help
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .unwrap_or("(no help text in the source)");
    let summary = one_line(help);
    let mut t = String::from("\n[[field]]\n");
    t.push_str(&format!("name = {}\n", quote(&field.name)));
    let mut table = Table::new();
    update_facts(&mut table, field);
    for (key, item) in table.iter() {
        t.push_str(&format!("{key} = {}\n", item.to_string().trim()));
    }
    // Other languages are left out: the field counts as not translated there until someone
    // writes its text (a placeholder would pass for a translation).
    t.push_str("# Imported from the help text: review the English.\n");
    t.push_str(&format!("summary.en = {}\n", quote(&summary)));
    t.push_str(&format!("explanation.en = {}\n", quote(help)));
    t
}

const IMPORTED_HEADER: &str = "\
id = \"imported\"
order = 99
title.en = \"Imported fields\"
title.zh = \"新导入的参数\"
intro.en = \"Fields found in the source code that no group documents yet. Move each to its group and review its texts.\"
intro.zh = \"源代码中尚未归入任何分组的参数。请把它们移到合适的分组，并审阅、翻译其说明。\"
";

/// Updates the content folder `content` (holding `groups/`) from `fields`. Every group file is
/// read and parsed before anything is written: one that does not read or parse stops the import
/// with every such problem listed and no file changed; then all changed files are written
/// together (see [`crate::edit_set`]). With `hf_argparser` (the class's module uses
/// `HfArgumentParser`), a `reference.toml` without `cli` gets `cli = "hf-argparser"`.
pub fn import_into(
    fields: &[ImportedField],
    content: &Path,
    hf_argparser: bool,
) -> Result<IntoReport, Diagnostics> {
    // Paths are used as the user gave them, and shown so in messages.
    let here = Path::new("");
    let groups = content.join("groups");
    let mut report = IntoReport::default();
    let mut problems = Diagnostics::default();
    let mut files = Vec::new();
    for shown in crate::source::group_files(here, &groups)? {
        let read = EditableFile::read(here, &shown);
        match read.and_then(|file| Ok((file.parse_toml()?, file))) {
            Ok(pair) => files.push(pair),
            Err(d) => problems.push(d),
        }
    }
    let reference = content.join("reference.toml");
    let mut cli_edit = None;
    if hf_argparser && reference.is_file() {
        match EditableFile::read(here, &reference).and_then(|f| Ok((f.parse_toml()?, f))) {
            Ok((mut doc, file)) if !doc.contains_key("cli") => {
                doc.insert("cli", toml_edit::value("hf-argparser"));
                cli_edit = Some((doc.to_string(), file));
            }
            Ok(_) => {}
            Err(d) => problems.push(d),
        }
    }
    let mut files = problems.into_result(files)?;
    let mut seen: Vec<String> = Vec::new();
    for (doc, _) in &mut files {
        let Some(tables) = doc.get_mut("field").and_then(Item::as_array_of_tables_mut) else {
            continue;
        };
        for table in tables.iter_mut() {
            let Some(name) = table.get("name").and_then(Item::as_str).map(String::from) else {
                continue;
            };
            match fields.iter().find(|f| f.name == name) {
                // A field written without facts (as `new` writes them: the reference's
                // `python` supplies them) is left so.
                Some(_) if !FACT_KEYS.iter().any(|k| table.contains_key(k)) => {}
                Some(field) => {
                    if update_facts(table, field) {
                        report.updated.push(name.clone());
                    }
                }
                None => report.removed.push(name.clone()),
            }
            seen.push(name);
        }
    }
    let new: Vec<&ImportedField> = fields
        .iter()
        .filter(|f| f.init && !f.name.starts_with('_') && !seen.contains(&f.name))
        .collect();
    let new_text: String = new.iter().map(|f| new_field_text(f)).collect();
    report.added = new.iter().map(|f| f.name.clone()).collect();
    let imported = groups.join(IMPORTED_GROUP);
    let mut edits = EditSet::default();
    let mut appended = false;
    for (doc, file) in &files {
        let mut text = doc.to_string();
        if file.file.path == imported {
            text.push_str(&new_text);
            appended = true;
        }
        edits.replace(file, &text);
    }
    if let Some((text, file)) = &cli_edit {
        edits.replace(file, text);
        report.cli_set = true;
    }
    if !new.is_empty() && !appended {
        edits.create(here, &imported, format!("{IMPORTED_HEADER}{new_text}"));
    }
    report.written = edits.files();
    edits.commit()?;
    Ok(report)
}
