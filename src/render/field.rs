//! A field's section as the page shows it: default, command line, snippet, and the generated
//! Union/Enum note, all in the page's language.

use super::config_forms::config_file;
use super::i18n::{self, text};
use super::paths;
use super::view::{DeprecationView, FieldRow, FieldView, LinkView, NoteRow, NoteView, UsageView};
use super::wording::{self, field_explanation, field_summary};
use super::RenderCtx;
use crate::cache::RebuildCache;
use crate::diagnostics::Origin;
use crate::highlight::{escape_html, highlight_cached};
use crate::lang::Lang;
use crate::model::{
    Book, CommandLine, EnumDef, Field, FieldDefault, Group, Localized, Reference, UsageForm,
};
use crate::python::annotation::{self, Shape, TypeExpr};
use crate::python::literal::{Literal, Value};
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
    /// One example per form of the reference: `config = Class(name=...)`, `name: value`, ….
    pub usages: Vec<(UsageForm, String)>,
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
                let usages = reference
                    .usage
                    .forms
                    .iter()
                    .map(|&form| {
                        let html = match form {
                            UsageForm::Python => format!(
                                "{}\n{}",
                                imports[reference.id.as_str()],
                                highlight_cached(
                                    cache,
                                    &usage(reference, field, &example.text),
                                    "python"
                                )
                            ),
                            _ => highlight_cached(
                                cache,
                                &file_usage(form, reference, field, &example),
                                form.name(),
                            ),
                        };
                        (form, html)
                    })
                    .collect();
                let html = SnippetHtml {
                    declaration: highlight_cached(cache, &declaration(field), "python"),
                    usages,
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

/// A per-language inline Markdown text rendered in the page's language, or in the default
/// language with a "not translated yet" badge where the page's language has none. `what` names
/// it in problems.
pub(super) fn inline_text(
    ctx: &mut RenderCtx,
    text: &Localized<String>,
    origin: &Origin,
    what: &str,
) -> String {
    let lang = ctx.lang;
    wording::mark_fallback_inline(
        ctx.markdown_inline(text.get(lang), origin, what),
        wording::fallback(text, lang),
        lang,
    )
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
        reading: annotation::describe(&field.type_expr, lang, &is_enum),
        required: field.default == FieldDefault::Required,
        default_code,
        default_note_html,
        summary: field_summary(field, lang).into_owned(),
        summary_lang: wording::summary_fallback(field, lang),
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
        &field_explanation(field, lang),
        &field.origin,
        &format!("the `{lang}` explanation of `{}`", field.name),
    );
    let deprecation = field.deprecation.as_ref().map(|d| DeprecationView {
        since: d.since.clone(),
        removed_in: d.removed_in.clone(),
        replacement: d.replacement.as_ref().map(|r| ctx.field_link(reference, r)),
        note_html: d.note.as_ref().map(|n| {
            inline_text(
                ctx,
                n,
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
    let class_links = class_links(ctx, reference, field);
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
        explanation_lang: wording::explanation_fallback(field, lang),
        stale,
        row: field_row(ctx, reference, group, field),
        explanation_html,
        cli: reference
            .usage
            .cli
            .map(|CommandLine::HfArgparser| cli_form(field, &example_value(reference, field))),
        declaration_title,
        declaration_html: snippet.declaration,
        usages: snippet
            .usages
            .into_iter()
            .map(|(form, html)| UsageView {
                title: text(
                    lang,
                    match form {
                        UsageForm::Python => "usage",
                        UsageForm::Yaml => "usage_yaml",
                        UsageForm::Toml => "usage_toml",
                    },
                )
                .to_string(),
                language: form.name(),
                html,
            })
            .collect(),
        deprecation,
        see_also,
        config_name: field.alias.clone(),
        constraints: field
            .constraints
            .iter()
            .map(|(k, v)| constraint_text(lang, k, v))
            .collect(),
        class_links,
        note,
    }
}

/// One constraint in words: `≥ 0`, `length ≤ 64`, `multiple of 8`, `matches ^a`.
fn constraint_text(lang: Lang, key: &str, value: &str) -> String {
    let zh = lang == Lang::Zh;
    match key {
        "gt" => format!("> {value}"),
        "ge" => format!("≥ {value}"),
        "lt" => format!("< {value}"),
        "le" => format!("≤ {value}"),
        "multiple_of" if zh => format!("{value} {}", text(lang, "multiple_of")),
        "multiple_of" => format!("{} {value}", text(lang, "multiple_of")),
        "min_length" => format!("{} ≥ {value}", text(lang, "length")),
        "max_length" => format!("{} ≤ {value}", text(lang, "length")),
        _ => format!("{} {value}", text(lang, "matches")),
    }
}

/// Links to the references of the book that document a class `field`'s annotation names.
fn class_links(ctx: &RenderCtx, reference: &Reference, field: &Field) -> Vec<LinkView> {
    let mut links: Vec<LinkView> = Vec::new();
    for name in field.type_expr.type_names() {
        let documented = ctx
            .book
            .references
            .iter()
            .find(|r| r.class_name == name && r.id != reference.id);
        if let Some(r) = documented {
            if !links.iter().any(|l| l.label == r.class_name) {
                links.push(LinkView {
                    label: r.class_name.clone(),
                    href: format!("{}{}", ctx.root, paths::reference(ctx.lang, &r.id)),
                });
            }
        }
    }
    links
}

/// The default as shown in tables: code text, plus a note for computed and factory defaults.
fn default_display(lang: Lang, default: &FieldDefault) -> (Option<String>, Option<String>) {
    match default {
        FieldDefault::Required => (None, None),
        FieldDefault::Value {
            literal,
            expr: None,
        } => (Some(literal.text().to_string()), None),
        FieldDefault::Value {
            literal,
            expr: Some(expr),
        } => (
            Some(literal.text().to_string()),
            Some(computed_note(lang, expr)),
        ),
        FieldDefault::Computed(expr) => (Some(expr.clone()), Some(computed_note(lang, expr))),
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

/// The note beside a default the code computes.
fn computed_note(lang: Lang, expr: &str) -> String {
    format!(
        "{} <code>{}</code>",
        text(lang, "computed_default"),
        escape_html(expr)
    )
}

fn is_bool(field: &Field) -> bool {
    matches!(field.classification.shape, Shape::Plain | Shape::Optional)
        && field.type_expr.to_python().contains("bool")
}

/// Whether the field defaults to `True`.
fn defaults_to_true(field: &Field) -> bool {
    matches!(&field.default, FieldDefault::Value { literal, .. } if *literal.value() == Value::Bool(true))
}

/// The default as a reader compares it with enum values and choices: a string's value without
/// quotes, anything else as written.
fn default_shown(field: &Field) -> Option<String> {
    match &field.default {
        FieldDefault::Value { literal, .. } => Some(match literal.value() {
            Value::Str(s) => s.clone(),
            _ => literal.text().to_string(),
        }),
        FieldDefault::Computed(expr) => Some(expr.clone()),
        FieldDefault::Required | FieldDefault::Factory(_) => None,
    }
}

/// A Python expression that sets a field in the snippets, with its value when it is a literal
/// (a factory call or a computed default is not).
#[derive(Debug, Clone)]
struct Example {
    text: String,
    value: Option<Value>,
}

impl Example {
    fn literal(literal: &Literal) -> Example {
        Example {
            text: literal.text().to_string(),
            value: Some(literal.value().clone()),
        }
    }

    fn string(value: &str) -> Example {
        Example {
            text: format!("\"{value}\""),
            value: Some(Value::Str(value.to_string())),
        }
    }

    fn code(text: String) -> Example {
        Example { text, value: None }
    }
}

/// A Python expression to show the field being set: the content's `example`, else something
/// other than the default where the type makes one obvious, else the default.
fn example_value(reference: &Reference, field: &Field) -> Example {
    if let Some(example) = &field.example {
        return Example::literal(example);
    }
    if is_bool(field) {
        let on = !defaults_to_true(field);
        return Example {
            text: if on { "True" } else { "False" }.to_string(),
            value: Some(Value::Bool(on)),
        };
    }
    let shown = default_shown(field).unwrap_or_else(|| "None".to_string());
    let other = |values: Vec<&str>| telling_value(&values, &shown).map(Example::string);
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
        FieldDefault::Required => placeholder(&field.type_expr),
        FieldDefault::Factory(f) => match Literal::parse(match f.as_str() {
            "dict" => "{}",
            "list" => "[]",
            "tuple" => "()",
            _ => "",
        }) {
            // `default_factory=dict` makes `{}`: a literal, so the command line and config
            // files can write it (never `'dict()'`).
            Ok(empty) => Example::literal(&empty),
            Err(_) => Example::code(format!("{f}()")),
        },
        FieldDefault::Computed(expr) => Example::code(expr.clone()),
        FieldDefault::Value { literal, .. } => Example::literal(literal),
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

/// An example for a required field, from its type.
fn placeholder(t: &TypeExpr) -> Example {
    let python = t.to_python();
    if python.contains("int") {
        Example {
            text: "1".to_string(),
            value: None,
        }
    } else if python.contains("float") {
        Example {
            text: "0.1".to_string(),
            value: None,
        }
    } else {
        Example::string("...")
    }
}

/// The flag as `HfArgumentParser` accepts it.
fn cli_form(field: &Field, example: &Example) -> String {
    let name = &field.name;
    if is_bool(field) {
        return if defaults_to_true(field) {
            format!("--no_{name}")
        } else {
            format!("--{name}")
        };
    }
    if field.classification.shape == Shape::Container
        && field.type_expr.to_python().contains("ist[")
    {
        if let Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) = &example.value {
            let words: Vec<String> = items.iter().map(item_word).collect();
            if !words.is_empty() {
                return format!("--{name} {}", words.join(" "));
            }
        }
    }
    match example.value {
        Some(_) => format!("--{name} {}", shell_value(example)),
        // Code (a factory call, a computed default) is not a value a flag can take.
        None => format!("--{name} {}", shell_value(&placeholder(&field.type_expr))),
    }
}

/// One item of a list flag (`nargs="+"`) as a shell word.
fn item_word(item: &Value) -> String {
    match item {
        Value::Str(s) => shell_word(s),
        Value::Number(n) => n.text.clone(),
        Value::None => "None".to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        other => shell_value(&Example {
            text: String::new(),
            value: Some(other.clone()),
        }),
    }
}

/// A value as a shell word: strings unquoted when safe, single-quoted otherwise; dicts and lists
/// become JSON, which is what the command line accepts for them.
fn shell_value(example: &Example) -> String {
    match &example.value {
        Some(Value::Str(s)) => shell_word(s),
        Some(v @ (Value::Dict(_) | Value::List(_) | Value::Tuple(_) | Value::Set(_))) => {
            match v.to_json() {
                Some(json) => single_quoted(&json),
                None => shell_word(&example.text),
            }
        }
        _ => shell_word(&example.text),
    }
}

/// `word` as it is when the shell leaves it alone, single-quoted otherwise.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.+/:=,".contains(c))
    {
        word.to_string()
    } else {
        single_quoted(word)
    }
}

fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The `field(...)` declaration as the source has it (help text elided).
fn declaration(field: &Field) -> String {
    let mut args = Vec::new();
    match &field.default {
        FieldDefault::Required => {}
        FieldDefault::Value { literal, expr } => args.push(format!(
            "default={}",
            expr.as_deref().unwrap_or(literal.text())
        )),
        FieldDefault::Computed(expr) => args.push(format!("default={expr}")),
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
        .map(|(_, f)| format!("{}={}", f.name, example_value(reference, f).text))
        .collect();
    call_args.push(format!("{}={}", field.name, example));
    format!(
        "{} = {class}({})\n",
        variable_name(reference, class),
        call_args.join(", ")
    )
}

/// The variable a usage example assigns: `args` for a class parsed from the command line (as
/// `HfArgumentParser` users write); for a class named after what it is, that word (`LoraConfig`
/// → `config`, `ServerSettings` → `settings`); else the class name in snake case.
fn variable_name(reference: &Reference, class: &str) -> String {
    if reference.usage.cli.is_some() {
        return "args".to_string();
    }
    const KINDS: [(&str, &str); 8] = [
        ("Configuration", "config"),
        ("Config", "config"),
        ("Settings", "settings"),
        ("Arguments", "args"),
        ("Args", "args"),
        ("Options", "options"),
        ("Parameters", "params"),
        ("Params", "params"),
    ];
    if let Some((_, var)) = KINDS.iter().find(|(suffix, _)| class.ends_with(suffix)) {
        return var.to_string();
    }
    let mut snake = String::new();
    for (i, c) in class.chars().enumerate() {
        if c.is_uppercase() && i > 0 && !snake.ends_with('_') {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
    }
    snake
}

/// The keys a config file sets for this field's example (and every required field).
fn file_usage(form: UsageForm, reference: &Reference, field: &Field, example: &Example) -> String {
    let required: Vec<(String, Example)> = reference
        .fields()
        .filter(|(_, f)| f.default == FieldDefault::Required && f.name != field.name)
        .map(|(_, f)| (f.name.clone(), example_value(reference, f)))
        .collect();
    let settings: Vec<(&str, Option<&Value>, &str)> = required
        .iter()
        .map(|(n, e)| (n.as_str(), e.value.as_ref(), e.text.as_str()))
        .chain([(
            field.name.as_str(),
            example.value.as_ref(),
            example.text.as_str(),
        )])
        .collect();
    config_file(form, &settings)
}

/// The generated note for enum, union, `choices` and `Literal` types.
fn type_note(ctx: &mut RenderCtx, reference: &Reference, field: &Field) -> Option<NoteView> {
    let lang = ctx.lang;
    let concept = ctx.union_concept_link();
    let default_value = default_shown(field);
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
        let (members, nullable) = annotation::union_members(&field.type_expr);
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
                text_html: i18n::html(lang, "none_unset", &[]),
                is_default: default_value.as_deref() == Some("None"),
            });
        }
        let name = escape_html(&field.name);
        let intro_html = i18n::html(lang, "union_intro", &[("name", &name)]);
        // What the command line does with it, for classes parsed from one.
        let outro_html = match reference.usage.cli {
            Some(_) => i18n::html(lang, "union_outro", &[]),
            None => String::new(),
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
        ("literal", annotation::literal_values(&field.type_expr))
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
    let name = escape_html(&field.name);
    let intro_html = i18n::html(lang, &format!("{kind}_intro"), &[("name", &name)]);
    // The outro says what `HfArgumentParser` makes of the values.
    let outro_html = match reference.usage.cli {
        Some(_) => i18n::html(lang, &format!("{kind}_outro"), &[]),
        None => String::new(),
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
    match form.to_python().as_str() {
        "dict" => text(lang, "form_dict").into(),
        "str" => text(lang, "form_str").into(),
        _ => annotation::describe(form, lang, is_enum),
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
    let enum_link = format!(
        "<a href=\"{enum_href}\"><code>{}</code></a>",
        escape_html(&enum_def.name)
    );
    let intro_html = i18n::html(
        lang,
        if listed {
            "enum_list_intro"
        } else {
            "enum_intro"
        },
        &[
            ("enum", &enum_link),
            ("member", &escape_html(&member_code)),
            ("value", &escape_html(&value_code)),
        ],
    );
    let rows = enum_def
        .members
        .iter()
        .map(|m| NoteRow {
            member: Some(format!("{}.{}", enum_def.name, m.name)),
            value: format!("\"{}\"", m.value),
            text_html: inline_text(
                ctx,
                &m.text,
                &enum_def.origin,
                &format!("the `{lang}` text of `{}.{}`", enum_def.name, m.name),
            ),
            is_default: default_value == Some(m.value.as_str()),
        })
        .collect();
    let outro_html = match &enum_def.on_invalid {
        Some(t) => inline_text(
            ctx,
            t,
            &enum_def.origin,
            &format!("the `{lang}` on-invalid text of `{}`", enum_def.name),
        ),
        None => i18n::html(lang, "enum_outro", &[]),
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
    use super::{shell_value, Example};
    use crate::python::literal::Literal;

    fn shell(text: &str) -> String {
        shell_value(&Example::literal(&Literal::parse(text).unwrap()))
    }

    #[test]
    fn shell_values_are_quoted_only_when_needed() {
        assert_eq!(shell("\"steps\""), "steps");
        assert_eq!(shell("5e-5"), "5e-5");
        assert_eq!(shell("\"a b\""), "'a b'");
        assert_eq!(shell("'{\"x\": 1}'"), "'{\"x\": 1}'");
        assert_eq!(shell("\"it's\""), "'it'\\''s'");
    }

    #[test]
    fn dicts_and_lists_become_json() {
        assert_eq!(
            shell("{\"use_reentrant\": False, 'a': None}"),
            "'{\"use_reentrant\": false, \"a\": null}'"
        );
        assert_eq!(shell("['a', 1, None]"), "'[\"a\", 1, null]'");
        assert_eq!(shell("('x', {'y': (True,)})"), "'[\"x\", {\"y\": [true]}]'");
        assert_eq!(shell("{1: 2.5}"), "'{\"1\": 2.5}'");
    }
}
