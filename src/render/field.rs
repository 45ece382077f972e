//! A field's section as the page shows it: default, command line, snippet, and the generated
//! Union/Enum note, all in the page's language.

use super::i18n::text;
use super::paths;
use super::view::{DeprecationView, FieldRow, FieldView, LinkView, NoteRow, NoteView};
use super::RenderCtx;
use crate::cache::RebuildCache;
use crate::highlight::{escape_html, highlight_cached};
use crate::model::{Book, EnumDef, Field, FieldDefault, Group, Lang, Reference};
use crate::typeexpr::{self, Shape, TypeExpr};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The highlighted code of every field's snippets, computed once per build (the code is the
/// same in every language), keyed by reference id and field name.
#[derive(Debug, Default)]
pub struct Snippets(BTreeMap<(String, String), SnippetHtml>);

/// One field's highlighted declaration and usage example.
#[derive(Debug, Clone, Default)]
pub struct SnippetHtml {
    /// `name: type = field(...)`.
    pub declaration: String,
    /// `args = Class(name=...)`.
    pub usage: String,
}

impl Snippets {
    /// Highlights every field's snippets, in parallel. The import line is the same for every
    /// field of a reference, so it is highlighted once per reference.
    pub fn new(book: &Book, cache: Option<&RebuildCache>) -> Snippets {
        let imports: BTreeMap<&str, String> = book
            .references
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    highlight_cached(cache, &import_line(r), "python"),
                )
            })
            .collect();
        let fields: Vec<(&Reference, &Field)> = book
            .references
            .iter()
            .flat_map(|r| r.fields().map(move |(_, f)| (r, f)))
            .collect();
        let map: Vec<_> = fields
            .par_iter()
            .map(|&(reference, field)| {
                let example = example_value(reference, field);
                let html = SnippetHtml {
                    declaration: highlight_cached(cache, &declaration(field), "python"),
                    usage: format!(
                        "{}\n{}",
                        imports[reference.id.as_str()],
                        highlight_cached(cache, &usage(reference, field, &example), "python")
                    ),
                };
                ((reference.id.clone(), field.name.clone()), html)
            })
            .collect();
        Snippets(map.into_iter().collect())
    }

    fn get(&self, reference: &Reference, field: &Field) -> SnippetHtml {
        self.0
            .get(&(reference.id.clone(), field.name.clone()))
            .cloned()
            .unwrap_or_default()
    }
}

/// The row of a field in a defaults table.
pub fn field_row(ctx: &RenderCtx, reference: &Reference, group: &Group, field: &Field) -> FieldRow {
    let lang = ctx.lang;
    let is_enum = |n: &str| reference.enum_def(n).is_some();
    let (default_code, default_note_html) = default_display(lang, &field.default);
    FieldRow {
        name: field.name.clone(),
        label: field.label.as_ref().map(|l| l.get(lang).clone()),
        href: format!(
            "{}{}#{}",
            ctx.root,
            paths::group(lang, &reference.id, &group.id),
            field.name
        ),
        annotation: field.annotation.clone(),
        reading: typeexpr::describe(&field.type_expr, lang, &is_enum),
        required: field.default == FieldDefault::Required,
        default_code,
        default_note_html,
        summary: field.summary.get(lang).clone(),
        deprecated: field.deprecation.is_some(),
    }
}

/// Builds the whole section of one field for a page in `ctx.lang`.
pub fn field_view(
    ctx: &mut RenderCtx,
    reference: &Reference,
    group: &Group,
    field: &Field,
) -> FieldView {
    let lang = ctx.lang;
    let explanation_html = ctx.markdown(
        field.explanation.get(lang),
        &field.origin,
        &format!("the `{lang}` explanation of `{}`", field.name),
    );
    let deprecation = field.deprecation.as_ref().map(|d| DeprecationView {
        since: d.since.clone(),
        removed_in: d.removed_in.clone(),
        replacement: d.replacement.as_ref().map(|r| ctx.field_link(reference, r)),
        note_html: d.note.as_ref().map(|n| {
            ctx.markdown_inline(
                n.get(lang),
                &field.origin,
                &format!("the `{lang}` deprecation note of `{}`", field.name),
            )
        }),
    });
    let see_also = field
        .see_also
        .iter()
        .map(|name| ctx.field_link(reference, name))
        .collect();
    let note = type_note(ctx, reference, field);
    let snippet = ctx.snippets.get(reference, field);
    let declaration_title = match (&reference.library, &reference.version) {
        (Some(lib), Some(v)) => format!("{} {lib} {v}", text(lang, "declared_in")),
        _ => text(lang, "declaration").to_string(),
    };
    let default = ctx.book.config.default_language;
    let stale = (lang != default
        && crate::drift::translation_state(field, lang) == crate::model::TranslationState::Stale)
        .then(|| LinkView {
            label: default.native_name().to_string(),
            href: format!(
                "{}{}#{}",
                ctx.root,
                paths::group(default, &reference.id, &group.id),
                field.name
            ),
        });
    FieldView {
        stale,
        row: field_row(ctx, reference, group, field),
        explanation_html,
        cli: cli_form(field, &example_value(reference, field)),
        declaration_title,
        declaration_html: snippet.declaration,
        usage_html: snippet.usage,
        deprecation,
        see_also,
        note,
    }
}

/// The default as shown in tables: code text, plus a note for computed and factory defaults.
fn default_display(lang: Lang, default: &FieldDefault) -> (Option<String>, Option<String>) {
    match default {
        FieldDefault::Required => (None, None),
        FieldDefault::Value {
            literal,
            expr: None,
        } => (Some(literal.clone()), None),
        FieldDefault::Value {
            literal,
            expr: Some(expr),
        } => (
            Some(literal.clone()),
            Some(format!(
                "{} <code>{}</code>",
                text(lang, "computed_default"),
                escape_html(expr)
            )),
        ),
        FieldDefault::Factory(factory) => (
            Some(format!("{factory}()")),
            Some(format!(
                "{} <code>default_factory={}</code>",
                text(lang, "factory_default"),
                escape_html(factory)
            )),
        ),
    }
}

fn is_bool(field: &Field) -> bool {
    matches!(field.classification.shape, Shape::Plain | Shape::Optional)
        && field.type_expr.to_python().contains("bool")
}

fn default_literal(field: &Field) -> Option<&str> {
    match &field.default {
        FieldDefault::Value { literal, .. } => Some(literal),
        _ => None,
    }
}

/// A Python expression to show the field being set: the content's `example`, else something
/// other than the default where the type makes one obvious, else the default.
fn example_value(reference: &Reference, field: &Field) -> String {
    if let Some(example) = &field.example {
        return example.clone();
    }
    let default = default_literal(field).unwrap_or("None");
    if is_bool(field) {
        return if default == "True" {
            "False".into()
        } else {
            "True".into()
        };
    }
    let quoted_default = default.trim_matches(|c| c == '"' || c == '\'');
    let other =
        |values: Vec<&str>| telling_value(&values, quoted_default).map(|v| format!("\"{v}\""));
    if let Some(e) = field
        .classification
        .enums
        .first()
        .and_then(|n| reference.enum_def(n))
    {
        if let Some(v) = other(e.members.iter().map(|m| m.value.as_str()).collect()) {
            return v;
        }
    }
    if let Some(choices) = &field.choices {
        if let Some(v) = other(choices.iter().map(String::as_str).collect()) {
            return v;
        }
    }
    match &field.default {
        FieldDefault::Required => placeholder(&field.type_expr).to_string(),
        FieldDefault::Factory(f) => format!("{f}()"),
        FieldDefault::Value { literal, .. } => literal.clone(),
    }
}

/// The value to show in examples: not the default, and preferably one that switches something on
/// rather than `"no"`/`"none"`.
fn telling_value<'v>(values: &[&'v str], default: &str) -> Option<&'v str> {
    let mut candidates = values.iter().copied().filter(|v| *v != default);
    let fallback = candidates.clone().next();
    candidates
        .find(|v| !matches!(*v, "no" | "none" | ""))
        .or(fallback)
}

fn placeholder(t: &TypeExpr) -> &'static str {
    let python = t.to_python();
    if python.contains("int") {
        "1"
    } else if python.contains("float") {
        "0.1"
    } else {
        "\"...\""
    }
}

/// The flag as `HfArgumentParser` accepts it.
fn cli_form(field: &Field, example: &str) -> String {
    let name = &field.name;
    if is_bool(field) {
        return if default_literal(field) == Some("True") {
            format!("--no_{name}")
        } else {
            format!("--{name}")
        };
    }
    let value = shell_value(example);
    if field.classification.shape == Shape::Container
        && field.type_expr.to_python().contains("ist[")
    {
        let items = example.trim_start_matches('[').trim_end_matches(']');
        let words: Vec<String> = items
            .split(',')
            .map(|s| shell_value(s.trim()))
            .filter(|s| !s.is_empty())
            .collect();
        if !words.is_empty() {
            return format!("--{name} {}", words.join(" "));
        }
    }
    format!("--{name} {value}")
}

/// A Python literal as a shell word: strings unquoted when safe, single-quoted otherwise; dicts
/// and lists become JSON, which is what the command line accepts for them.
fn shell_value(literal: &str) -> String {
    if literal.starts_with('{') {
        return format!("'{}'", python_to_json(literal).replace('\'', "'\\''"));
    }
    let inner = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| {
            literal
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
        })
        .unwrap_or(literal);
    if !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.+/:=,".contains(c))
    {
        inner.to_string()
    } else {
        format!("'{}'", inner.replace('\'', "'\\''"))
    }
}

/// Rewrites a Python dict/list literal as JSON: `True`/`False`/`None` outside strings become
/// `true`/`false`/`null`, single-quoted strings become double-quoted.
fn python_to_json(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    let mut chars = literal.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(match word.as_str() {
            "True" => "true",
            "False" => "false",
            "None" => "null",
            w => w,
        });
        word.clear();
    };
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out);
        if c == '"' || c == '\'' {
            out.push('"');
            while let Some(s) = chars.next() {
                match s {
                    '\\' => {
                        out.push(s);
                        out.extend(chars.next());
                    }
                    s if s == c => break,
                    '"' => out.push_str("\\\""),
                    s => out.push(s),
                }
            }
            out.push('"');
        } else {
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The `field(...)` declaration as the source has it (help text elided).
fn declaration(field: &Field) -> String {
    let mut args = Vec::new();
    match &field.default {
        FieldDefault::Required => {}
        FieldDefault::Value { literal, expr } => {
            args.push(format!("default={}", expr.as_deref().unwrap_or(literal)))
        }
        FieldDefault::Factory(f) => args.push(format!("default_factory={f}")),
    }
    let mut metadata = vec!["\"help\": \"...\"".to_string()];
    if let Some(expr) = &field.choices_expr {
        metadata.push(format!("\"choices\": {expr}"));
    } else if let Some(choices) = &field.choices {
        let list: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
        metadata.push(format!("\"choices\": [{}]", list.join(", ")));
    }
    args.push(format!("metadata={{{}}}", metadata.join(", ")));
    format!(
        "{}: {} = field({})\n",
        field.name,
        field.annotation,
        args.join(", ")
    )
}

/// `from module import Class`, the first line of every usage example.
fn import_line(reference: &Reference) -> String {
    match reference.import_path.rsplit_once('.') {
        Some((module, class)) => format!("from {module} import {class}\n"),
        None => format!("import {}\n", reference.import_path),
    }
}

/// A statement that creates the class with this field set (and every required field).
fn usage(reference: &Reference, field: &Field, example: &str) -> String {
    let class = reference
        .import_path
        .rsplit('.')
        .next()
        .unwrap_or(&reference.class_name);
    let mut call_args: Vec<String> = reference
        .fields()
        .filter(|(_, f)| f.default == FieldDefault::Required && f.name != field.name)
        .map(|(_, f)| format!("{}={}", f.name, example_value(reference, f)))
        .collect();
    call_args.push(format!("{}={}", field.name, example));
    format!("args = {class}({})\n", call_args.join(", "))
}

/// The generated note for enum, union, `choices` and `Literal` types.
fn type_note(ctx: &mut RenderCtx, reference: &Reference, field: &Field) -> Option<NoteView> {
    let lang = ctx.lang;
    let concept = ctx.union_concept_link();
    let default_value =
        default_literal(field).map(|d| d.trim_matches(|c| c == '"' || c == '\'').to_string());
    if field.classification.shape == Shape::EnumOrString {
        let enum_def = field
            .classification
            .enums
            .first()
            .and_then(|n| reference.enum_def(n))?;
        return Some(enum_note(
            ctx,
            reference,
            field,
            enum_def,
            default_value.as_deref(),
            concept,
        ));
    }
    if field.classification.shape == Shape::PlainUnion {
        let is_enum = |n: &str| reference.enum_def(n).is_some();
        let (members, nullable) = typeexpr::union_members(&field.type_expr);
        let mut rows: Vec<NoteRow> = members
            .iter()
            .map(|m| NoteRow {
                member: None,
                value: m.to_python(),
                text_html: escape_html(&form_text(m, lang, &is_enum)),
                is_default: false,
            })
            .collect();
        if nullable {
            rows.push(NoteRow {
                member: None,
                value: "None".into(),
                text_html: match lang {
                    Lang::En => "leave it unset".into(),
                    Lang::Zh => "不设置".into(),
                },
                is_default: default_value.as_deref() == Some("None"),
            });
        }
        let intro_html = match lang {
            Lang::En => format!("<code>{}</code> accepts any of these forms; which one you pass decides how it is read.", escape_html(&field.name)),
            Lang::Zh => format!("<code>{}</code> 可以接受下列任一种形式，传入哪一种决定了它如何被解析。", escape_html(&field.name)),
        };
        let outro_html = match lang {
            Lang::En => "On the command line every value arrives as a string, so only the string form can be passed there.".into(),
            Lang::Zh => "在命令行中所有值都以字符串传入，因此只能使用字符串形式。".into(),
        };
        return Some(NoteView {
            kind: "union",
            title: text(lang, "union_note_title").into(),
            intro_html,
            rows,
            outro_html,
            concept,
        });
    }
    let (kind, values): (&str, Vec<String>) = if let Some(choices) = &field.choices {
        ("choices", choices.clone())
    } else if field.classification.shape == Shape::Literal {
        ("literal", typeexpr::literal_values(&field.type_expr))
    } else {
        return None;
    };
    let rows = values
        .iter()
        .map(|v| NoteRow {
            member: None,
            value: format!("\"{v}\""),
            text_html: String::new(),
            is_default: default_value.as_deref() == Some(v.as_str()),
        })
        .collect();
    let (intro_html, outro_html) = match (kind, lang) {
        ("choices", Lang::En) => (
            format!("<code>{}</code> takes one of the strings below.", escape_html(&field.name)),
            "<code>HfArgumentParser</code> turns this list into the flag's <code>choices</code>, so the command line rejects any other value.".to_string(),
        ),
        ("choices", Lang::Zh) => (
            format!("<code>{}</code> 只接受下列字符串之一。", escape_html(&field.name)),
            "<code>HfArgumentParser</code> 会把这份列表设为命令行参数的 <code>choices</code>，因此命令行会拒绝其他取值。".to_string(),
        ),
        (_, Lang::En) => (
            format!("<code>{}</code> is typed <code>Literal</code>: only these values are valid.", escape_html(&field.name)),
            "<code>HfArgumentParser</code> uses them as the flag's <code>choices</code>.".to_string(),
        ),
        (_, Lang::Zh) => (
            format!("<code>{}</code> 的类型是 <code>Literal</code>，只有下列取值有效。", escape_html(&field.name)),
            "<code>HfArgumentParser</code> 会把它们作为命令行参数的 <code>choices</code>。".to_string(),
        ),
    };
    let title_key = if kind == "choices" {
        "choices_note_title"
    } else {
        "literal_note_title"
    };
    Some(NoteView {
        kind: if kind == "choices" {
            "choices"
        } else {
            "literal"
        },
        title: text(lang, title_key).into(),
        intro_html,
        rows,
        outro_html,
        concept: None,
    })
}

/// What one form of a plain union means, in words.
fn form_text(form: &TypeExpr, lang: Lang, is_enum: &dyn Fn(&str) -> bool) -> String {
    match (form.to_python().as_str(), lang) {
        ("dict", Lang::En) => "a Python dict, used as given".into(),
        ("dict", Lang::Zh) => "Python 字典，按原样使用".into(),
        ("str", Lang::En) => {
            "a string; the explanation above says what it holds (often JSON text or a file path)"
                .into()
        }
        ("str", Lang::Zh) => "字符串，内容见上文说明（通常是 JSON 文本或文件路径）".into(),
        _ => typeexpr::describe(form, lang, is_enum),
    }
}

fn enum_note(
    ctx: &mut RenderCtx,
    reference: &Reference,
    field: &Field,
    enum_def: &EnumDef,
    default_value: Option<&str>,
    concept: Option<LinkView>,
) -> NoteView {
    let lang = ctx.lang;
    let enum_href = escape_html(&format!(
        "{}{}#{}",
        ctx.root,
        paths::enums(lang, &reference.id),
        enum_def.name
    ));
    let values: Vec<&str> = enum_def.members.iter().map(|m| m.value.as_str()).collect();
    let sample_value = telling_value(&values, default_value.unwrap_or_default());
    let sample = enum_def
        .members
        .iter()
        .find(|m| Some(m.value.as_str()) == sample_value)
        .or(enum_def.members.first());
    let (member_code, value_code) = sample
        .map(|m| {
            (
                format!("{}.{}", enum_def.name, m.name),
                format!("\"{}\"", m.value),
            )
        })
        .unwrap_or_default();
    let listed = field
        .type_expr
        .to_python()
        .contains(&format!("List[{}]", enum_def.name));
    let name = escape_html(&enum_def.name);
    let intro_html = match (lang, listed) {
        (Lang::En, false) => format!(
            "Pass a member of <a href=\"{enum_href}\"><code>{name}</code></a> or its string value: <code>{}</code> and <code>{}</code> mean the same thing.",
            escape_html(&member_code),
            escape_html(&value_code)
        ),
        (Lang::Zh, false) => format!(
            "既可以传入 <a href=\"{enum_href}\"><code>{name}</code></a> 的成员，也可以直接传入它的字符串值：<code>{}</code> 与 <code>{}</code> 等价。",
            escape_html(&member_code),
            escape_html(&value_code)
        ),
        (Lang::En, true) => format!(
            "Pass a list of <a href=\"{enum_href}\"><code>{name}</code></a> members, or one string holding their values separated by spaces: <code>[{}]</code> and <code>{}</code> mean the same thing.",
            escape_html(&member_code),
            escape_html(&value_code)
        ),
        (Lang::Zh, true) => format!(
            "可以传入由 <a href=\"{enum_href}\"><code>{name}</code></a> 成员组成的列表，也可以传入一个用空格分隔各个值的字符串：<code>[{}]</code> 与 <code>{}</code> 等价。",
            escape_html(&member_code),
            escape_html(&value_code)
        ),
    };
    let rows = enum_def
        .members
        .iter()
        .map(|m| NoteRow {
            member: Some(format!("{}.{}", enum_def.name, m.name)),
            value: format!("\"{}\"", m.value),
            text_html: ctx.markdown_inline(
                m.text.get(lang),
                &enum_def.origin,
                &format!("the `{lang}` text of `{}.{}`", enum_def.name, m.name),
            ),
            is_default: default_value == Some(m.value.as_str()),
        })
        .collect();
    let outro_html = match &enum_def.on_invalid {
        Some(t) => ctx.markdown_inline(
            t.get(lang),
            &enum_def.origin,
            &format!("the `{lang}` on-invalid text of `{}`", enum_def.name),
        ),
        None => match lang {
            Lang::En => "Values outside this list are not valid for this field.".into(),
            Lang::Zh => "列表之外的取值对该参数无效。".into(),
        },
    };
    NoteView {
        kind: "enum",
        title: text(lang, "enum_note_title").into(),
        intro_html,
        rows,
        outro_html,
        concept,
    }
}

#[cfg(test)]
mod tests {
    use super::shell_value;

    #[test]
    fn shell_values_are_quoted_only_when_needed() {
        assert_eq!(shell_value("\"steps\""), "steps");
        assert_eq!(shell_value("5e-5"), "5e-5");
        assert_eq!(shell_value("\"a b\""), "'a b'");
        assert_eq!(shell_value("'{\"x\": 1}'"), "'{\"x\": 1}'");
        assert_eq!(
            shell_value("{\"use_reentrant\": False, 'a': None}"),
            "'{\"use_reentrant\": false, \"a\": null}'"
        );
    }
}
