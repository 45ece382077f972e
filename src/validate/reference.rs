//! One reference: its `reference.toml`, its groups and their fields checked against the code,
//! the fields the code has and no group documents, and links between fields.

use super::enums::enums;
use super::field::field;
use super::names::{
    check_import_path, is_identifier, url_name_problem, RESERVED_PAGES, RESERVED_REFERENCES,
};
use super::TypeNames;
use crate::code_facts;
use crate::config::localized;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::lang::Lang;
use crate::model::{CommandLine, Field, Group, GroupText, Localized, Reference, Usage, UsageForm};
use crate::python::reader::ImportedField;
use crate::source::raw::{RawField, RawGroup, RawReference};
use crate::source::{LoadedCode, LoadedReference, Parsed};
use serde_spanned::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Builds a reference from `code` (the reference's own source, or one of its other versions').
/// For another version (`main` false) content fields that version's code lacks are left out
/// silently, and checks of the content alone are skipped: the caller discards the problems and
/// warnings, which the main version reports. `default` is the book's default language.
pub(super) fn reference(
    loaded: &LoadedReference,
    code: Option<&LoadedCode>,
    main: bool,
    langs: &[Lang],
    default: Lang,
    classes: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) -> Reference {
    let file = &loaded.reference.file;
    let raw = &loaded.reference.value;
    // The book's language folders are reserved as well as fieldbook's own names.
    let mut reserved = RESERVED_REFERENCES.to_vec();
    reserved.extend(
        langs
            .iter()
            .map(|l| l.code())
            .filter(|c| !RESERVED_REFERENCES.contains(c)),
    );
    if let Some(reason) = url_name_problem(&loaded.id, &reserved) {
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
    let usage = usage(file, raw, problems);
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
        None => Localized::new(
            langs
                .iter()
                .map(|&l| (l, raw.class.get_ref().clone()))
                .collect(),
            langs.first().copied().unwrap_or(Lang::En),
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
    let names = TypeNames {
        enums: enums.iter().map(|e| e.name.as_str()).collect(),
        classes,
    };

    let code_fields: BTreeMap<&str, &ImportedField> = code
        .map(|c| {
            code_facts::init_fields(&c.class.fields)
                .map(|f| (f.name.as_str(), f))
                .collect()
        })
        .unwrap_or_default();
    let mut warnings: Vec<Diagnostic> = code
        .map(|c| crate::python::reader::unresolved_warnings(&c.class))
        .unwrap_or_default();
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
                Some(field(gfile, f, langs, default, &names, in_code, problems, content_checks))
            })
            .collect();
        groups.push(group(parsed, fields, langs, problems));
    }
    if code.is_some() {
        undocumented(
            &code_fields,
            &field_places,
            &names,
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
        usage,
    }
}

/// `cli` and `forms` of `reference.toml`: how users set the class's fields.
fn usage(file: &SourceFile, raw: &RawReference, problems: &mut Diagnostics) -> Usage {
    let mut usage = Usage::default();
    if let Some(cli) = &raw.cli {
        match cli.get_ref().as_str() {
            "hf-argparser" => usage.cli = Some(CommandLine::HfArgparser),
            other => problems.push(
                file.error_at(cli.span().start, format!("unknown `cli` `{other}`"))
                    .with_hint("write `cli = \"hf-argparser\"` for a class parsed by transformers' `HfArgumentParser`, or leave `cli` out: pages then show no command-line row"),
            ),
        }
    }
    if let Some(forms) = &raw.forms {
        usage.forms.clear();
        for form in forms.get_ref() {
            let parsed = match form.get_ref().as_str() {
                "python" => UsageForm::Python,
                "yaml" => UsageForm::Yaml,
                "toml" => UsageForm::Toml,
                other => {
                    let hint = match did_you_mean(other, &["python", "yaml", "toml"]) {
                        Some(near) => format!("did you mean `{near}`? `forms` takes `python`, `yaml` and `toml`"),
                        None => "`forms` takes `python`, `yaml` and `toml`, e.g. `forms = [\"python\", \"yaml\"]`".to_string(),
                    };
                    problems.push(
                        file.error_at(
                            form.span().start,
                            format!("unknown form `{other}` in `forms`"),
                        )
                        .with_hint(hint),
                    );
                    continue;
                }
            };
            if usage.forms.contains(&parsed) {
                problems.push(
                    file.error_at(
                        form.span().start,
                        format!("`{}` is listed twice in `forms`", parsed.name()),
                    )
                    .with_hint("list each form once"),
                );
            } else {
                usage.forms.push(parsed);
            }
        }
        if forms.get_ref().is_empty() {
            problems.push(
                file.error_at(forms.span().start, "`forms` is empty")
                    .with_hint("list at least one of `python`, `yaml` and `toml`, or leave `forms` out for `[\"python\"]`"),
            );
        }
    }
    usage
}

/// Drops the see-also entries and replacements that name fields a version does not have.
pub(super) fn drop_missing_links(r: &mut Reference) {
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
    names: &TypeNames,
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
    let is_enum = |n: &str| names.is_enum(n);
    let known = |n: &str| names.is_known(n);
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
                .drift(),
        );
        let type_expr = code_facts::code_type(f, &known, warnings);
        groups[index]
            .fields
            .push(code_facts::undocumented_field(f, type_expr, &is_enum));
    }
}

pub(super) fn group(
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
