//! `fieldbook import FILE.py --class NAME --into content/<ref-id>`: brings a reference's content
//! up to date with the code. Facts (`type`, `default`, `default-expr`, `default-factory`,
//! `choices`, `choices-expr`) of fields already in a group file are updated in place with
//! toml_edit, so every explanation, summary, label, comment and the order of keys are kept byte
//! for byte; fields new in the code are appended to `groups/99-imported.toml` with placeholder
//! texts taken from their help; fields no longer in the code are reported, never deleted. Each
//! file is written atomically.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::python::reader::one_line;
use crate::python::reader::{Choices, ImportedField};
use crate::stamp::write_atomically;
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

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
}

/// The name of the group file new fields go to.
pub const IMPORTED_GROUP: &str = "99-imported.toml";

/// Marker in front of a Chinese placeholder: the text still needs translating.
pub const UNTRANSLATED: &str = "（待翻译）";

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

/// The `[[field]]` text of a field new to the content, placeholders marked.
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
    t.push_str("# Imported from the help text: review the English, translate the Chinese.\n");
    t.push_str(&format!("summary.en = {}\n", quote(&summary)));
    t.push_str(&format!(
        "summary.zh = {}\n",
        quote(&format!("{UNTRANSLATED}{summary}"))
    ));
    t.push_str(&format!("explanation.en = {}\n", quote(help)));
    t.push_str(&format!(
        "explanation.zh = {}\n",
        quote(&format!("{UNTRANSLATED}{help}"))
    ));
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

/// Updates the content folder `content` (holding `groups/`) from `fields`.
pub fn import_into(fields: &[ImportedField], content: &Path) -> Result<IntoReport, Diagnostics> {
    let groups = content.join("groups");
    let mut report = IntoReport::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&groups)
        .map_err(|e| Diagnostic::file(&groups, format!("cannot read the folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut seen: Vec<String> = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::file(path, format!("cannot read the file: {e}")))?;
        let mut doc: DocumentMut = text
            .parse()
            .map_err(|e| Diagnostic::file(path, format!("cannot parse: {e}")))?;
        let mut changed = false;
        if let Some(tables) = doc.get_mut("field").and_then(Item::as_array_of_tables_mut) {
            for table in tables.iter_mut() {
                let Some(name) = table.get("name").and_then(Item::as_str).map(String::from) else {
                    continue;
                };
                match fields.iter().find(|f| f.name == name) {
                    Some(field) => {
                        if update_facts(table, field) {
                            changed = true;
                            report.updated.push(name.clone());
                        }
                    }
                    None => report.removed.push(name.clone()),
                }
                seen.push(name);
            }
        }
        if changed {
            write_atomically(path, doc.to_string().as_bytes())?;
            report.written.push(path.clone());
        }
    }
    let new: Vec<&ImportedField> = fields
        .iter()
        .filter(|f| f.init && !f.name.starts_with('_') && !seen.contains(&f.name))
        .collect();
    if !new.is_empty() {
        let path = groups.join(IMPORTED_GROUP);
        let mut text = match std::fs::read_to_string(&path) {
            Ok(existing) => existing,
            Err(_) => IMPORTED_HEADER.to_string(),
        };
        for field in new {
            text.push_str(&new_field_text(field));
            report.added.push(field.name.clone());
        }
        write_atomically(&path, text.as_bytes())?;
        report.written.push(path);
    }
    Ok(report)
}
