//! One field of a group file: its name, type, default, choices, example, texts and
//! translation stamps.

use super::names::is_identifier;
use super::TypeNames;
use crate::code_facts;
use crate::config::localized;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::lang::Lang;
use crate::model::TranslationState;
use crate::model::{Field, FieldDefault, FieldText, Localized};
use crate::python::reader::ImportedField;
use crate::python::{annotation, literal};
use crate::source::raw::RawField;
use serde_spanned::Spanned;
use std::collections::BTreeMap;

/// Type names any annotation may use without declaring them.
pub(crate) const KNOWN_TYPES: &[&str] = &[
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
    // The standard library's and pydantic's value types that configuration classes use: read
    // as written, nothing to document.
    "Path",
    "PurePath",
    "PathLike",
    "pathlib.Path",
    "os.PathLike",
    "datetime",
    "date",
    "time",
    "timedelta",
    "datetime.datetime",
    "datetime.timedelta",
    "Decimal",
    "UUID",
    "Pattern",
    "re.Pattern",
    "Iterator",
    "Generator",
    "MutableMapping",
    "MutableSequence",
    "AbstractSet",
    "DefaultDict",
    "OrderedDict",
    "Deque",
    "SecretStr",
    "SecretBytes",
    "AnyUrl",
    "AnyHttpUrl",
    "HttpUrl",
    "EmailStr",
    "Json",
];

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
pub(super) fn field(
    file: &SourceFile,
    raw: &RawField,
    langs: &[Lang],
    default_language: Lang,
    names: &TypeNames,
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
    let is_enum = |n: &str| names.is_enum(n);
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
            let known = |n: &str| names.is_known(n);
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
            content_type(file, name, annotation, names, problems),
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
        super::versions::deprecation(file, d.get_ref(), at, name, langs, problems)
    });
    let (alias, constraints) = match code {
        Some(code) => (
            code.extra.alias.clone(),
            code_facts::ordered_constraints(code.extra.constraints.clone()),
        ),
        None => (
            raw.alias.as_ref().map(|a| a.get_ref().clone()),
            content_constraints(file, raw, problems),
        ),
    };
    let mut field = Field {
        alias,
        constraints,
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
        field.translations = translations(
            file,
            raw,
            summary,
            explanation,
            langs,
            default_language,
            problems,
        );
    }
    field
}

/// Where a field's translation into each non-default language of `langs` stands: missing where
/// its summary or explanation has no text in that language, else current or stale by its
/// `translated-from` stamp against the default-language text, else unstamped. An unknown
/// language code in `translated-from` is a problem.
pub(super) fn translations(
    file: &SourceFile,
    raw: &RawField,
    summary: &Localized<String>,
    explanation: &Localized<String>,
    langs: &[Lang],
    default: Lang,
    problems: &mut Diagnostics,
) -> BTreeMap<Lang, TranslationState> {
    let mut stamps = BTreeMap::new();
    for (code, hash) in &raw.translated_from {
        match Lang::find(langs, code).or(Lang::from_code(code)) {
            Some(lang) => {
                stamps.insert(lang, hash.get_ref().as_str());
            }
            None => problems.push(
                file.error_at(
                    hash.span().start,
                    format!("unsupported language `{code}` in `translated-from`"),
                )
                .with_hint("use a language listed in book.toml"),
            ),
        }
    }
    let current = (!stamps.is_empty())
        .then(|| crate::drift::text_hash(summary.get(default), explanation.get(default)));
    langs
        .iter()
        .filter(|&&lang| lang != default)
        .map(|&lang| {
            let state = if summary.is_missing(lang) || explanation.is_missing(lang) {
                TranslationState::Missing
            } else {
                match stamps.get(&lang) {
                    None => TranslationState::Unstamped,
                    Some(hash) if current.as_deref() == Some(*hash) => TranslationState::Current,
                    Some(_) => TranslationState::Stale,
                }
            };
            (lang, state)
        })
        .collect()
}

/// A content field's `constraints = { ge = 0, … }`: known keys only, numbers (or a string for
/// `pattern`), as the values are written.
fn content_constraints(
    file: &SourceFile,
    raw: &RawField,
    problems: &mut Diagnostics,
) -> Vec<(String, String)> {
    let Some(table) = &raw.constraints else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.get_ref() {
        let ok = match (key.as_str(), value) {
            ("pattern", toml::Value::String(s)) => Some(s.clone()),
            (k, toml::Value::Integer(_) | toml::Value::Float(_))
                if crate::model::CONSTRAINTS.contains(&k) && k != "pattern" =>
            {
                Some(value.to_string())
            }
            _ => None,
        };
        match ok {
            Some(v) => out.push((key.clone(), v)),
            None => problems.push(
                file.error_at(
                    table.span().start,
                    format!("`constraints` of `{}` has `{key} = {value}`, which is not a constraint fieldbook knows", raw.name.get_ref()),
                )
                .with_hint(format!(
                    "use {} with a number (`pattern` with a string), e.g. `constraints = {{ ge = 0 }}`",
                    crate::model::CONSTRAINTS.join(", ")
                )),
            ),
        }
    }
    code_facts::ordered_constraints(out)
}

/// Parses a content field's `type`; an annotation that does not parse or names an unknown type
/// is an error at its place in the TOML.
fn content_type(
    file: &SourceFile,
    name: &str,
    annotation: &Spanned<String>,
    names: &TypeNames,
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
    for type_name in type_expr.type_names() {
        if !names.is_known(type_name) {
            let mut candidates: Vec<&str> = names.enums.iter().copied().collect();
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

/// Byte offset in `file` of the character `char_offset` of a TOML string's value, walking the
/// string as written: escapes (`\u0069`, `\"`) count as the one character they stand for, and a
/// multi-line string's first newline and line-ending backslashes count as nothing.
pub(super) fn string_value_offset(
    file: &SourceFile,
    value: &Spanned<String>,
    char_offset: usize,
) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
