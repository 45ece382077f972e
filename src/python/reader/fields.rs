//! One field declaration of a class body, in whichever library's style it is written:
//! dataclasses (`x: int = field(default=1, metadata={"help": …})`), pydantic
//! (`x: int = Field(1, description=…, ge=0)`, `x: Annotated[int, Field(ge=0)] = 1`) and attrs
//! (`x: int = attr.ib(default=1)`, `x = attrs.field(factory=list)`, `x: int = 1`).

use super::pyfile::{dotted, text};
use super::{Choices, FieldExtra, ImportedField};
use crate::diagnostics::{Origin, SourceFile};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::model::CONSTRAINTS;

/// True when `call` declares a field: `field(…)`, `Field(…)`, `attr.ib(…)`, `attrs.field(…)`,
/// `dataclasses.field(…)` and the like, or one of `extra` (names a module bound to `field`).
pub(crate) fn is_field_call(func: &Expr, extra: &[String]) -> bool {
    match dotted(func).as_deref() {
        Some([single]) => {
            ["field", "Field", "ib", "attrib"].contains(&single.as_str()) || extra.contains(single)
        }
        Some([.., attr]) => ["field", "Field", "ib", "attrib"].contains(&attr.as_str()),
        _ => false,
    }
}

/// A field named `name` declared at `start` with `annotation` (an `Annotated[T, Field(…)]`
/// reads as `T` plus the `Field`'s facts) and `value` (its right-hand side, if any).
pub(crate) fn read_field(
    file: &SourceFile,
    class: &str,
    name: &str,
    start: usize,
    annotation: Option<&Expr>,
    value: Option<&Expr>,
    field_names: &[String],
) -> ImportedField {
    let (line, col) = file.line_col(start);
    let mut field = ImportedField {
        name: name.to_string(),
        annotation: annotation.map_or(String::new(), |a| text(file, a.range()).to_string()),
        default: None,
        default_factory: None,
        init: true,
        help: None,
        choices: None,
        metadata: Vec::new(),
        doc: None,
        extra: FieldExtra::default(),
        origin: Origin {
            path: file.path.clone(),
            line,
            col,
        },
        class: class.to_string(),
    };
    if let Some(Expr::Subscript(s)) = annotation {
        if matches!(dotted(&s.value).as_deref(), Some([.., last]) if last == "Annotated") {
            if let Expr::Tuple(t) = &*s.slice {
                if let Some((first, rest)) = t.elts.split_first() {
                    field.annotation = text(file, first.range()).to_string();
                    for meta in rest {
                        if let Expr::Call(call) = meta {
                            if is_field_call(&call.func, field_names) {
                                read_call(file, call, &mut field);
                            }
                        }
                    }
                }
            }
        }
    }
    match value {
        None => {}
        Some(Expr::Call(call)) if is_field_call(&call.func, field_names) => {
            read_call(file, call, &mut field)
        }
        Some(other) => set_default(file, other, &mut field),
    }
    field
}

/// A default value; `...` (pydantic's "required") is no default, `Factory(list)` a factory.
fn set_default(file: &SourceFile, value: &Expr, field: &mut ImportedField) {
    match value {
        Expr::EllipsisLiteral(_) => field.default = None,
        Expr::Call(call) if matches!(dotted(&call.func).as_deref(), Some([.., f]) if f == "Factory") => {
            if let Some(first) = call.arguments.args.first() {
                field.default_factory = Some(text(file, first.range()).to_string());
            }
        }
        other => field.default = Some(text(file, other.range()).to_string()),
    }
}

/// The arguments of a field call.
fn read_call(file: &SourceFile, call: &ast::ExprCall, field: &mut ImportedField) {
    // `Field(5)` / `attr.ib(5)`: a positional default.
    if let Some(first) = call.arguments.args.first() {
        set_default(file, first, field);
    }
    for keyword in &call.arguments.keywords {
        let Some(arg) = &keyword.arg else { continue };
        let value_text = text(file, keyword.value.range()).to_string();
        let string = string_value(&keyword.value);
        match arg.as_str() {
            "default" => set_default(file, &keyword.value, field),
            "default_factory" | "factory" => field.default_factory = Some(value_text),
            // attrs: `attr.ib(type=str)` is the annotation of an unannotated attribute.
            "type" if field.annotation.is_empty() => field.annotation = value_text,
            "init" => {
                field.init = !matches!(
                    keyword.value,
                    Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
                )
            }
            "metadata" => read_metadata(file, &keyword.value, field),
            "description" => field.help = string.or(field.help.take()),
            "alias" | "validation_alias" if field.extra.alias.is_none() => {
                field.extra.alias = string
            }
            "json_schema_extra" => {
                if let Expr::Dict(dict) = &keyword.value {
                    for item in &dict.items {
                        if let (Some(Expr::StringLiteral(k)), Expr::StringLiteral(v)) =
                            (&item.key, &item.value)
                        {
                            if k.value.to_str() == "description" && field.help.is_none() {
                                field.help = Some(v.value.to_str().to_string());
                            }
                        }
                    }
                }
            }
            c if CONSTRAINTS.contains(&c) => {
                field.extra.constraints.push((c.to_string(), value_text));
            }
            _ => {}
        }
    }
}

/// A string literal's value; also through `inspect.cleandoc("…")` / `textwrap.dedent("…")`,
/// applied as Python would (common indentation and blank first/last lines removed).
fn string_value(value: &Expr) -> Option<String> {
    match value {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        Expr::Call(call) if matches!(dotted(&call.func).as_deref(), Some([.., f]) if f == "cleandoc" || f == "dedent") =>
        {
            let [Expr::StringLiteral(s)] = &call.arguments.args[..] else {
                return None;
            };
            Some(dedent(s.value.to_str()))
        }
        _ => None,
    }
}

/// Text with its common leading indentation removed (the first line not counted, as
/// `inspect.cleandoc` does) and blank lines at both ends dropped.
pub(crate) fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim_start()
            } else {
                l.get(indent..).unwrap_or(l.trim_start())
            }
        })
        .collect();
    body.join("\n").trim_matches('\n').trim_end().to_string()
}

/// Reads `metadata={...}` (or `metadata=dict(...)`) into help, choices and the other keys.
pub(crate) fn read_metadata(file: &SourceFile, value: &Expr, field: &mut ImportedField) {
    let mut entries: Vec<(Option<String>, &Expr)> = Vec::new();
    match value {
        Expr::Dict(dict) => {
            for item in &dict.items {
                let key = item.key.as_ref().map(|k| match k {
                    Expr::StringLiteral(s) => s.value.to_str().to_string(),
                    other => text(file, other.range()).to_string(),
                });
                entries.push((key, &item.value));
            }
        }
        Expr::Call(call)
            if matches!(dotted(&call.func).as_deref(), Some([name]) if name == "dict")
                && call.arguments.args.is_empty() =>
        {
            for keyword in &call.arguments.keywords {
                entries.push((
                    keyword.arg.as_ref().map(|a| a.as_str().to_string()),
                    &keyword.value,
                ));
            }
        }
        other => {
            push_metadata(
                field,
                "**".to_string(),
                text(file, other.range()).to_string(),
            );
            return;
        }
    }
    for (key, value) in entries {
        let source = text(file, value.range()).to_string();
        match key.as_deref() {
            Some("help") => match value {
                Expr::StringLiteral(s) => {
                    field.help = Some(s.value.to_str().to_string());
                    field.metadata.retain(|(k, _)| k != "help");
                }
                _ => {
                    field.help = None;
                    push_metadata(field, "help".to_string(), source);
                }
            },
            Some("choices") => field.choices = Some(read_choices(value, source)),
            Some(other) => {
                // attrs projects document attributes in `metadata={"doc": …}`.
                if matches!(other, "doc" | "description") {
                    field.extra.metadata_doc = string_value(value).map(|s| dedent(&s));
                }
                push_metadata(field, other.to_string(), source)
            }
            None => push_metadata(field, "**".to_string(), source),
        }
    }
}

/// Later keys replace earlier ones in place, as in a Python dict.
fn push_metadata(field: &mut ImportedField, key: String, value: String) {
    match field.metadata.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => field.metadata.push((key, value)),
    }
}

fn read_choices(value: &Expr, source: String) -> Choices {
    let elements = match value {
        Expr::List(l) => &l.elts,
        Expr::Tuple(t) => &t.elts,
        _ => return Choices::Expr(source),
    };
    let strings: Option<Vec<String>> = elements
        .iter()
        .map(|e| match e {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        })
        .collect();
    match strings {
        Some(values) => Choices::Values(values),
        None => Choices::Expr(source),
    }
}

/// The comment header that stands above the statement starting at `start`, when the lines
/// between `after` (the end of the previous statement) and it hold one: a single `#` line after
/// a blank line, right above the statement, that reads as a title (starts with a capital, at
/// most 60 characters, no `.`, `=` or brackets — not a note on one field or commented-out code).
pub(crate) fn comment_header(file: &SourceFile, after: usize, start: usize) -> Option<String> {
    let between = file.text.get(after..start)?;
    // The first piece is the rest of the previous statement's line; the last is the
    // statement's own indentation.
    let lines: Vec<&str> = between.split('\n').collect();
    let [_, .., blank, header, _] = lines.as_slice() else {
        return None;
    };
    if !blank.trim().is_empty() {
        return None;
    }
    let title = header.trim().strip_prefix('#')?.trim();
    let title = title.trim_matches(|c: char| c == '-' || c == '=' || c == '#' || c.is_whitespace());
    let is_title = title.chars().next().is_some_and(char::is_uppercase)
        && title.chars().count() <= 60
        && !title.contains(['.', '=', '(', '[', '{', '`'])
        && !title.starts_with("TODO")
        && !title.starts_with("NOTE");
    is_title.then(|| title.trim_end_matches(':').to_string())
}

/// The comment on the same line after `end`, or the comment lines right above `start`.
pub(crate) fn member_comment(file: &SourceFile, start: usize, end: usize) -> Option<String> {
    let rest = &file.text[end.min(file.text.len())..];
    let line_rest = rest.split('\n').next().unwrap_or("");
    if let Some(c) = line_rest.trim().strip_prefix('#') {
        return Some(c.trim().to_string()).filter(|c| !c.is_empty());
    }
    let before = &file.text[..start.min(file.text.len())];
    let mut lines: Vec<&str> = before.split('\n').collect();
    lines.pop(); // the statement's own line, up to its start
    let mut above = Vec::new();
    while let Some(line) = lines.pop() {
        match line.trim().strip_prefix('#') {
            Some(c) => above.push(c.trim()),
            None => break,
        }
    }
    above.reverse();
    let joined = above.join(" ");
    Some(joined).filter(|c| !c.trim().is_empty())
}
