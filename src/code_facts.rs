//! Facts from the code: when a reference names its Python source (`python = "…"` in
//! `reference.toml`), the fields' names, annotations, defaults and choices come from the class
//! on every build, and the content supplies groups, labels, texts and enums.
//!
//! - A fact also written in the content that disagrees with the code is a warning at the TOML
//!   key (the site shows the code's value).
//! - A field of the code that no group documents goes into the group [`UNDOCUMENTED_GROUP`],
//!   showing its upstream help quoted from the source, and is reported as a warning at its line
//!   in the `.py` file.
//! - A content field the code does not have is an error (see `validate`).
//! - `init=False` fields are not constructor arguments, so they are left out.

use crate::diagnostics::{Diagnostic, Origin, SourceFile};
use crate::model::{Field, FieldDefault, FieldText, Group, GroupText, UndocumentedHelp};
use crate::python::annotation::{self, TypeExpr};
use crate::python::diff::{canonical_type, choices_text, default_text, same_default};
use crate::python::literal::Literal;
use crate::python::reader::one_line;
use crate::python::reader::{Choices, ImportedField};
use crate::source::raw::RawField;
use std::collections::BTreeMap;

/// The id of the group that holds fields the code has and the content does not document.
pub const UNDOCUMENTED_GROUP: &str = "undocumented";

/// The fields of the code a reference documents: every `__init__` field, in code order.
pub fn init_fields(fields: &[ImportedField]) -> impl Iterator<Item = &ImportedField> {
    fields.iter().filter(|f| f.init)
}

/// The content's facts of a field in the shape the Python reader gives, for comparing.
fn content_facts(raw: &RawField, annotation: &str) -> ImportedField {
    let text = |s: &Option<serde_spanned::Spanned<String>>| s.as_ref().map(|v| v.get_ref().clone());
    ImportedField {
        name: raw.name.get_ref().clone(),
        annotation: annotation.to_string(),
        default: text(&raw.default_expr).or_else(|| text(&raw.default)),
        default_factory: text(&raw.default_factory),
        init: true,
        help: None,
        choices: match (&raw.choices_expr, &raw.choices) {
            (Some(expr), _) => Some(Choices::Expr(expr.get_ref().clone())),
            (None, Some(values)) => Some(Choices::Values(
                values.iter().map(|v| v.get_ref().clone()).collect(),
            )),
            (None, None) => None,
        },
        metadata: Vec::new(),
        doc: None,
        extra: Default::default(),
        origin: Origin {
            path: Default::default(),
            line: 1,
            col: 1,
        },
        class: String::new(),
    }
}

/// Warnings for every fact the content writes that the code contradicts, each at its TOML key
/// with both values.
pub fn disagreements(file: &SourceFile, raw: &RawField, code: &ImportedField) -> Vec<Diagnostic> {
    let name = raw.name.get_ref();
    let at_code = format!(
        "{}:{}:{}",
        code.origin.path.display(),
        code.origin.line,
        code.origin.col
    );
    let mut out = Vec::new();
    let mut warn = |offset: usize, what: &str, ours: String, theirs: String, key: &str| {
        out.push(
            file.error_at(
                offset,
                format!("the {what} of `{name}` is `{ours}` here but `{theirs}` in the code ({at_code}); the site shows the code's"),
            )
            .with_hint(format!(
                "update `{key}` to the code's value, or remove it: the facts are read from the Python source"
            ))
            .drift(),
        );
    };
    if let Some(annotation) = &raw.annotation {
        // Equal annotations have equal canonical forms: only differing ones are parsed.
        if *annotation.get_ref() != code.annotation
            && canonical_type(annotation.get_ref()) != canonical_type(&code.annotation)
        {
            warn(
                annotation.span().start,
                "type",
                one_line(annotation.get_ref()),
                one_line(&code.annotation),
                "type",
            );
        }
    }
    let ours = content_facts(raw, "");
    let wrote_default =
        raw.default.is_some() || raw.default_expr.is_some() || raw.default_factory.is_some();
    if wrote_default && !same_default(&ours, code) {
        let (offset, key) = [
            (&raw.default_expr, "default-expr"),
            (&raw.default, "default"),
            (&raw.default_factory, "default-factory"),
        ]
        .into_iter()
        .find_map(|(v, k)| v.as_ref().map(|v| (v.span().start, k)))
        .unwrap_or((raw.name.span().start, "default"));
        let none = || "(required)".to_string();
        warn(
            offset,
            "default",
            default_text(&ours).unwrap_or_else(none),
            default_text(code).unwrap_or_else(none),
            key,
        );
    }
    if raw.choices.is_some() || raw.choices_expr.is_some() {
        let (mine, theirs) = (choices_text(&ours.choices), choices_text(&code.choices));
        // `choices` beside `choices-expr` holds what the expression gives: compare the expression.
        if mine != theirs {
            let offset = raw
                .choices_expr
                .as_ref()
                .map(|c| c.span().start)
                .or_else(|| {
                    raw.choices
                        .as_ref()
                        .and_then(|c| c.first())
                        .map(|c| c.span().start)
                })
                .unwrap_or(raw.name.span().start);
            let none = || "(none)".to_string();
            warn(
                offset,
                "choices",
                mine.unwrap_or_else(none),
                theirs.unwrap_or_else(none),
                "choices",
            );
        }
    }
    out
}

/// The default the code gives a field. A computed default (`default_optim`) keeps the literal
/// the content gives as its value, or shows the expression when the content gives none.
pub fn code_default(code: &ImportedField, raw: Option<&RawField>) -> FieldDefault {
    match (&code.default, &code.default_factory) {
        (Some(default), _) => {
            let text = one_line(default);
            match Literal::parse(&text) {
                Ok(literal) => FieldDefault::Value {
                    literal,
                    expr: None,
                },
                // The content's `default`, already checked to be a literal, gives the value.
                Err(_) => match raw
                    .and_then(|r| r.default.as_ref())
                    .and_then(|d| Literal::parse(d.get_ref()).ok())
                {
                    Some(literal) => FieldDefault::Value {
                        literal,
                        expr: Some(text),
                    },
                    None => FieldDefault::Computed(text),
                },
            }
        }
        (None, Some(factory)) => FieldDefault::Factory(one_line(factory)),
        (None, None) => FieldDefault::Required,
    }
}

/// The choices the code gives a field: the values, or the expression (with the values the
/// content lists beside it).
pub fn code_choices(
    code: &ImportedField,
    raw: Option<&RawField>,
) -> (Option<Vec<String>>, Option<String>) {
    match &code.choices {
        Some(Choices::Values(values)) => (Some(values.clone()), None),
        Some(Choices::Expr(expr)) => (
            raw.and_then(|r| r.choices.as_ref())
                .map(|c| c.iter().map(|v| v.get_ref().clone()).collect()),
            Some(one_line(expr)),
        ),
        None => (None, None),
    }
}

/// The code's annotation parsed. An annotation the type reader cannot follow, or a name that
/// is neither built in nor an enum of `enums.toml`, is shown as written and reported as a
/// warning at the field's line in the `.py` file.
pub fn code_type(
    code: &ImportedField,
    known: &dyn Fn(&str) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> TypeExpr {
    let name = &code.name;
    match annotation::parse(&one_line(&code.annotation)) {
        Ok(t) => {
            for type_name in t.type_names() {
                if !known(type_name) {
                    warnings.push(
                        code.origin
                            .error(format!("the type of `{name}` uses `{type_name}`, which is neither a built-in type nor an enum or class this book documents"))
                            .with_hint(format!("if `{type_name}` is an enum, define it in the reference's enums.toml to document its members; if it is a configuration class, document it as a reference of its own (`fieldbook new` does so for the classes it finds); the field's page shows the type as written meanwhile"))
                            .warning(),
                    );
                }
            }
            t
        }
        Err(e) => {
            warnings.push(
                code.origin
                    .error(format!(
                        "the annotation of `{name}` cannot be read: {}",
                        e.message
                    ))
                    .with_hint("fieldbook shows it as written; simplify the annotation to have it explained")
                    .warning(),
            );
            TypeExpr::Name("Any".to_string())
        }
    }
}

/// The group that holds the fields the content does not document.
pub fn undocumented_group(origin: Origin) -> Group {
    Group {
        id: UNDOCUMENTED_GROUP.to_string(),
        order: i64::MAX,
        text: GroupText::Undocumented,
        fields: Vec::new(),
        origin,
    }
}

/// Constraints in [`CONSTRAINTS`] order (the last of a repeated key wins).
pub fn ordered_constraints(mut given: Vec<(String, String)>) -> Vec<(String, String)> {
    given.reverse();
    crate::model::CONSTRAINTS
        .iter()
        .filter_map(|k| given.iter().find(|(g, _)| g == k).cloned())
        .collect()
}

/// The entry of a field the content does not document: its facts from the code, and as its
/// text the upstream help and where the field is, for the renderer to quote.
pub fn undocumented_field(
    code: &ImportedField,
    type_expr: TypeExpr,
    is_enum: &dyn Fn(&str) -> bool,
) -> Field {
    let help = code.help.as_deref().map(one_line).filter(|h| !h.is_empty());
    let place = format!("{}:{}", code.origin.path.display(), code.origin.line);
    let (choices, choices_expr) = code_choices(code, None);
    Field {
        name: code.name.clone(),
        label: None,
        annotation: one_line(&code.annotation),
        classification: annotation::classify(&type_expr, is_enum),
        type_expr,
        default: code_default(code, None),
        choices,
        choices_expr,
        deprecation: None,
        see_also: Vec::new(),
        aliases: Vec::new(),
        old_names: Vec::new(),
        alias: code.extra.alias.clone(),
        constraints: ordered_constraints(code.extra.constraints.clone()),
        example: None,
        text: FieldText::Undocumented(UndocumentedHelp { help, place }),
        translations: BTreeMap::new(),
        origin: code.origin.clone(),
    }
}
