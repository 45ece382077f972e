//! `fields.json`: the whole model, machine-readable (schema in the README).

use super::paths;
use super::wording::{
    explanation_fallback, field_explanation, field_summary, group_title, summary_fallback,
};
use crate::model::{Book, FieldDefault, TranslationState};
use crate::python::annotation::{self, Shape};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Export<'a> {
    schema: u32,
    site_url: &'a str,
    languages: Vec<&'static str>,
    references: Vec<ReferenceOut<'a>>,
}

#[derive(Serialize)]
struct ReferenceOut<'a> {
    id: &'a str,
    class: &'a str,
    import_path: &'a str,
    library: Option<&'a str>,
    version: Option<&'a str>,
    groups: Vec<GroupOut<'a>>,
    enums: Vec<EnumOut<'a>>,
    fields: Vec<FieldOut<'a>>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    title: BTreeMap<&'static str, &'a str>,
    fields: Vec<&'a str>,
}

#[derive(Serialize)]
struct EnumOut<'a> {
    name: &'a str,
    import_path: Option<&'a str>,
    members: Vec<MemberOut<'a>>,
}

#[derive(Serialize)]
struct MemberOut<'a> {
    name: &'a str,
    value: &'a str,
    text: BTreeMap<&'static str, &'a str>,
}

#[derive(Serialize)]
struct FieldOut<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    annotation: &'a str,
    shape: &'static str,
    nullable: bool,
    enums: &'a [String],
    reading: BTreeMap<&'static str, String>,
    required: bool,
    default: Option<&'a str>,
    default_expr: Option<&'a str>,
    default_factory: Option<&'a str>,
    choices: Option<&'a [String]>,
    group: &'a str,
    deprecated: Option<DeprecatedOut<'a>>,
    see_also: &'a [String],
    aliases: &'a [String],
    text: BTreeMap<&'static str, TextOut<'a>>,
    /// Per non-default language: `current`, `stale`, `unstamped` or `missing`.
    translation: BTreeMap<&'static str, TranslationState>,
    url: BTreeMap<&'static str, String>,
    permalink: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct DeprecatedOut<'a> {
    since: Option<&'a str>,
    removed_in: Option<&'a str>,
    replacement: Option<&'a str>,
}

/// A field's text in one language: `null` for a part not translated into it (never the
/// default language's text copied in).
#[derive(Serialize)]
struct TextOut<'a> {
    summary: Option<Cow<'a, str>>,
    explanation: Option<Cow<'a, str>>,
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Plain => "plain",
        Shape::Optional => "optional",
        Shape::EnumOrString => "enum_or_string",
        Shape::PlainUnion => "union",
        Shape::Container => "container",
        Shape::Literal => "literal",
    }
}

/// Serialises the book as pretty JSON with sorted keys and a final newline.
pub fn fields_json(book: &Book) -> String {
    let langs = &book.config.languages;
    let references = book
        .references
        .iter()
        .map(|r| {
            let is_enum = |n: &str| r.enum_def(n).is_some();
            ReferenceOut {
                id: &r.id,
                class: &r.class_name,
                import_path: &r.import_path,
                library: r.library.as_deref(),
                version: r.version.as_deref(),
                groups: r
                    .groups
                    .iter()
                    .map(|g| GroupOut {
                        id: &g.id,
                        title: langs
                            .iter()
                            .map(|&l| (l.code(), group_title(g, l)))
                            .collect(),
                        fields: g.fields.iter().map(|f| f.name.as_str()).collect(),
                    })
                    .collect(),
                enums: r
                    .enums
                    .iter()
                    .map(|e| EnumOut {
                        name: &e.name,
                        import_path: e.import_path.as_deref(),
                        members: e
                            .members
                            .iter()
                            .map(|m| MemberOut {
                                name: &m.name,
                                value: &m.value,
                                text: langs
                                    .iter()
                                    .filter_map(|&l| {
                                        Some((l.code(), m.text.translated(l)?.as_str()))
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
                fields: r
                    .fields()
                    .map(|(g, f)| {
                        let (default, default_expr, default_factory) = match &f.default {
                            FieldDefault::Required => (None, None, None),
                            FieldDefault::Value { literal, expr } => {
                                (Some(literal.text()), expr.as_deref(), None)
                            }
                            FieldDefault::Computed(expr) => {
                                (Some(expr.as_str()), Some(expr.as_str()), None)
                            }
                            FieldDefault::Factory(factory) => (None, None, Some(factory.as_str())),
                        };
                        FieldOut {
                            name: &f.name,
                            annotation: &f.annotation,
                            shape: shape_name(f.classification.shape),
                            nullable: f.classification.nullable,
                            enums: &f.classification.enums,
                            reading: langs
                                .iter()
                                .map(|&l| {
                                    (l.code(), annotation::describe(&f.type_expr, l, &is_enum))
                                })
                                .collect(),
                            required: f.default == FieldDefault::Required,
                            default,
                            default_expr,
                            default_factory,
                            choices: f.choices.as_deref(),
                            group: &g.id,
                            deprecated: f.deprecation.as_ref().map(|d| DeprecatedOut {
                                since: d.since.as_deref(),
                                removed_in: d.removed_in.as_deref(),
                                replacement: d.replacement.as_deref(),
                            }),
                            see_also: &f.see_also,
                            aliases: &f.aliases,
                            text: langs
                                .iter()
                                .map(|&l| {
                                    (
                                        l.code(),
                                        TextOut {
                                            summary: (summary_fallback(f, l).is_none())
                                                .then(|| field_summary(f, l)),
                                            explanation: (explanation_fallback(f, l).is_none())
                                                .then(|| field_explanation(f, l)),
                                        },
                                    )
                                })
                                .collect(),
                            translation: langs
                                .iter()
                                .filter(|&&l| l != book.config.default_language)
                                .map(|&l| (l.code(), crate::drift::translation_state(f, l)))
                                .collect(),
                            url: langs
                                .iter()
                                .map(|&l| {
                                    (
                                        l.code(),
                                        format!(
                                            "{}{}#{}",
                                            book.config.site_url,
                                            paths::group(l, &r.id, &g.id),
                                            f.name
                                        ),
                                    )
                                })
                                .collect(),
                            permalink: langs
                                .iter()
                                .map(|&l| {
                                    (
                                        l.code(),
                                        format!("{}{l}/p/{}.html", book.config.site_url, f.name),
                                    )
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let export = Export {
        schema: 1,
        site_url: &book.config.site_url,
        languages: langs.iter().map(|l| l.code()).collect(),
        references,
    };
    let mut json = Vec::with_capacity(size_hint(book));
    if serde_json::to_writer_pretty(&mut json, &export).is_err() {
        json.clear();
    }
    json.push(b'\n');
    // serde_json writes only valid UTF-8 (it escapes nothing into invalid bytes).
    String::from_utf8(json).unwrap_or_default()
}

/// A generous guess at the size of `fields.json`: written into one buffer of this size instead
/// of one that grows by doubling (at 20,000 fields, ~80 MB of copies and fresh pages). Memory
/// reserved but never written costs nothing.
fn size_hint(book: &Book) -> usize {
    let langs = &book.config.languages;
    let field_bytes = |f: &crate::model::Field| -> usize {
        let texts: usize = langs
            .iter()
            .map(|&l| field_summary(f, l).len() + field_explanation(f, l).len())
            .sum();
        2 * texts + 1024
    };
    let fields: usize = book
        .references
        .iter()
        .flat_map(|r| r.fields())
        .map(|(_, field)| field_bytes(field))
        .sum();
    fields + 4096
}
