//! Python literals (defaults and examples): `None`, `True`, numbers, strings, bytes, and lists,
//! tuples, sets or dicts of those, parsed with ruff's parser into a [`Literal`]: the typed
//! [`Value`] together with the text it was written as (pages print defaults as written).

use ruff_python_ast::{self as ast, Expr, Mod, Number as AstNumber, UnaryOp};
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions, Parsed};
use ruff_text_size::Ranged;
use std::fmt::Write;

/// Nesting deeper than this is refused (defaults are short; this keeps recursion bounded).
const MAX_DEPTH: usize = 32;

/// Texts longer than this are parsed on a thread with a deep stack: only they can nest deeply
/// enough for the syntax tree's recursive drop to need more than a worker thread's stack.
pub(crate) const SHALLOW_TEXT: usize = 2_000;

/// A Python literal: its value and the text it was written as.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    text: String,
    value: Value,
}

/// The value of a Python literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An int, float or complex number.
    Number(Number),
    /// A string literal's value (escapes decoded, implicit concatenation joined).
    Str(String),
    /// A bytes literal's value.
    Bytes(Vec<u8>),
    /// `[a, b]`.
    List(Vec<Value>),
    /// `(a, b)`.
    Tuple(Vec<Value>),
    /// `{a, b}`.
    Set(Vec<Value>),
    /// `{k: v}`, in source order.
    Dict(Vec<(Value, Value)>),
}

/// A number: its text as written (sign included) and its value.
#[derive(Debug, Clone)]
pub struct Number {
    /// The source text, e.g. `5e-5`, `-1`, `0x10`, `1j`.
    pub text: String,
    /// The value (the imaginary part for a complex number).
    pub value: f64,
    /// Whether it is an imaginary number (`1j`).
    pub imaginary: bool,
}

impl PartialEq for Number {
    /// Numbers compare by value: `0` = `0.0`, `5e-5` = `5e-05`.
    fn eq(&self, other: &Number) -> bool {
        self.value == other.value && self.imaginary == other.imaginary
    }
}

/// Why a text is not a Python literal: the character offset and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    /// Character offset into the checked text.
    pub offset: usize,
    /// What was expected and found.
    pub message: String,
}

impl Literal {
    /// Parses `text` as one Python literal.
    pub fn parse(text: &str) -> Result<Literal, LiteralError> {
        // An expression may not start with whitespace (it would be an indented line).
        let body = text.trim_start();
        let value = with_expression(body, |expr| match expr {
            Ok(expr) => Value::from_expr(body, expr, 0),
            Err(e) => Err(e),
        })
        .map_err(|mut e| {
            e.offset += char_offset(text, text.len() - body.len());
            e
        })?;
        Ok(Literal {
            text: text.to_string(),
            value,
        })
    }

    /// The text as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value.
    pub fn value(&self) -> &Value {
        &self.value
    }
}

/// Checks `text` is one Python literal.
pub fn check(text: &str) -> Result<(), LiteralError> {
    Literal::parse(text).map(|_| ())
}

/// The value of `text` for comparing defaults by value: a literal, or an empty container written
/// as a call (`dict()`, `list()`, `tuple()`, `set()`); `None` for anything else.
pub fn comparable_value(text: &str) -> Option<Value> {
    let text = text.trim_start();
    with_expression(text, |expr| {
        let expr = expr.ok()?;
        match expr {
            Expr::Call(call)
                if call.arguments.args.is_empty() && call.arguments.keywords.is_empty() =>
            {
                match &*call.func {
                    Expr::Name(n) => match n.id.as_str() {
                        "dict" => Some(Value::Dict(Vec::new())),
                        "list" => Some(Value::List(Vec::new())),
                        "tuple" => Some(Value::Tuple(Vec::new())),
                        "set" => Some(Value::Set(Vec::new())),
                        _ => None,
                    },
                    _ => None,
                }
            }
            other => Value::from_expr(text, other, 0).ok(),
        }
    })
}

/// Parses `text` as one Python expression with ruff's parser and hands it to `f`, or the first
/// syntax error at its character offset, its message starting in lowercase.
fn with_expression<T: Send>(
    text: &str,
    f: impl FnOnce(Result<&Expr, LiteralError>) -> T + Send,
) -> T {
    with_parsed(text, move |parsed| match parsed.errors().first() {
        None => f(Ok(expression(parsed))),
        Some(e) => f(Err(LiteralError {
            offset: char_offset(text, e.location.start().to_usize()),
            message: lowercase_first(&e.error.to_string()),
        })),
    })
}

/// Parses `text` as one Python expression with ruff's parser (recovering from syntax errors)
/// and hands the result to `f`. Long texts are parsed on a thread with a deep stack.
pub(crate) fn with_parsed<T: Send>(text: &str, f: impl FnOnce(&Parsed<Mod>) -> T + Send) -> T {
    let run = move || f(&parse_unchecked(text, ParseOptions::from(Mode::Expression)));
    if text.len() <= SHALLOW_TEXT {
        return run();
    }
    crate::python::on_deep_stack(run)
}

/// The expression of a parse in expression mode.
pub(crate) fn expression(parsed: &Parsed<Mod>) -> &Expr {
    match parsed.syntax() {
        Mod::Expression(e) => &e.body,
        Mod::Module(_) => unreachable!("parsed in expression mode"),
    }
}

/// `text` with its first character in lowercase (ruff's messages start in uppercase).
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The character offset of byte offset `byte` in `text`.
pub(crate) fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .map_or(byte, |before| before.chars().count())
}

impl Value {
    /// The value of a literal expression; the error names the first part that is not literal.
    fn from_expr(text: &str, expr: &Expr, depth: usize) -> Result<Value, LiteralError> {
        let error = |at: usize, message: String| LiteralError {
            offset: char_offset(text, at),
            message,
        };
        let start = expr.range().start().to_usize();
        if depth > MAX_DEPTH {
            return Err(error(
                start,
                format!("literal nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        let items = |elts: &[Expr]| -> Result<Vec<Value>, LiteralError> {
            elts.iter()
                .map(|e| Value::from_expr(text, e, depth + 1))
                .collect()
        };
        Ok(match expr {
            Expr::NoneLiteral(_) => Value::None,
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NumberLiteral(n) => Value::Number(number(text, expr.range(), &n.value, false)),
            Expr::UnaryOp(u) if matches!(u.op, UnaryOp::USub | UnaryOp::UAdd) => {
                match &*u.operand {
                    Expr::NumberLiteral(n) => {
                        Value::Number(number(text, expr.range(), &n.value, u.op == UnaryOp::USub))
                    }
                    other => {
                        return Value::from_expr(text, other, depth + 1).and_then(|_| {
                            Err(error(start, "expected a number after the sign".to_string()))
                        })
                    }
                }
            }
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
            Expr::BytesLiteral(b) => Value::Bytes(b.value.bytes().collect()),
            Expr::List(l) => Value::List(items(&l.elts)?),
            Expr::Tuple(t) => Value::Tuple(items(&t.elts)?),
            Expr::Set(s) => Value::Set(items(&s.elts)?),
            Expr::Dict(d) => {
                let mut entries = Vec::new();
                for item in &d.items {
                    let Some(key) = &item.key else {
                        return Err(error(
                            item.value.range().start().to_usize(),
                            "`**` unpacking is not a literal".to_string(),
                        ));
                    };
                    entries.push((
                        Value::from_expr(text, key, depth + 1)?,
                        Value::from_expr(text, &item.value, depth + 1)?,
                    ));
                }
                Value::Dict(entries)
            }
            Expr::Name(n) => {
                return Err(error(
                    start,
                    format!("`{}` is a name, not a literal", n.id.as_str()),
                ))
            }
            Expr::Call(c) => return Value::from_expr(text, &c.func, depth + 1),
            Expr::Attribute(a) => return Value::from_expr(text, &a.value, depth + 1),
            Expr::Subscript(s) => return Value::from_expr(text, &s.value, depth + 1),
            Expr::BinOp(ast::ExprBinOp { left, .. })
            | Expr::Compare(ast::ExprCompare { left, .. }) => {
                Value::from_expr(text, left, depth + 1)?;
                let after = left.range().end().to_usize();
                let at = after + text[after..].len() - text[after..].trim_start().len();
                let found = text[at..].chars().next().unwrap_or(' ');
                return Err(error(
                    at,
                    format!("expected the end of the literal, found `{found}`"),
                ));
            }
            other => {
                let source =
                    &text[other.range().start().to_usize()..other.range().end().to_usize()];
                return Err(error(start, format!("`{source}` is not a literal")));
            }
        })
    }

    /// The value as JSON, as Python's `json.dumps` writes it (`", "` and `": "` between items);
    /// keys that are not strings become strings, as there. `None` for bytes and complex numbers,
    /// which JSON cannot hold.
    pub fn to_json(&self) -> Option<String> {
        let mut out = String::new();
        self.write_json(&mut out, false)?;
        Some(out)
    }

    fn write_json(&self, out: &mut String, as_key: bool) -> Option<()> {
        let quote = |out: &mut String, text: &str| {
            out.push_str(&serde_json::Value::from(text).to_string());
        };
        let scalar = match self {
            Value::None => "null".to_string(),
            Value::Bool(true) => "true".to_string(),
            Value::Bool(false) => "false".to_string(),
            Value::Number(n) if n.imaginary => return None,
            Value::Number(n) => {
                let written = n.text.replace('_', "");
                if serde_json::from_str::<serde_json::Number>(&written).is_ok() {
                    written
                } else {
                    serde_json::Number::from_f64(n.value)?.to_string()
                }
            }
            Value::Str(s) => {
                quote(out, s);
                return Some(());
            }
            Value::Bytes(_) => return None,
            Value::List(items) | Value::Tuple(items) | Value::Set(items) if !as_key => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_json(out, false)?;
                }
                out.push(']');
                return Some(());
            }
            Value::Dict(entries) if !as_key => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    key.write_json(out, true)?;
                    out.push_str(": ");
                    value.write_json(out, false)?;
                }
                out.push('}');
                return Some(());
            }
            // A container cannot be a dict key in Python.
            _ => return None,
        };
        if as_key {
            quote(out, &scalar);
        } else {
            let _ = write!(out, "{scalar}");
        }
        Some(())
    }
}

/// A number literal at `range` of `text`, negated when a `-` stands before it.
fn number(text: &str, range: ruff_text_size::TextRange, n: &AstNumber, negative: bool) -> Number {
    let source = &text[range.start().to_usize()..range.end().to_usize()];
    let (value, imaginary) = match n {
        AstNumber::Int(i) => (
            i.as_i64()
                .map(|v| v as f64)
                .unwrap_or_else(|| i.to_string().parse().unwrap_or(f64::NAN)),
            false,
        ),
        AstNumber::Float(f) => (*f, false),
        AstNumber::Complex { imag, .. } => (*imag, true),
    };
    Number {
        text: source.split_whitespace().collect(),
        value: if negative { -value } else { value },
        imaginary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_defaults_of_training_arguments() {
        for text in [
            "None",
            "False",
            "True",
            "5e-5",
            "1e-8",
            "0.0",
            "-1",
            "500",
            "\"no\"",
            "\"\"",
            "'O1'",
            "1800",
            "[]",
            "{\"a\": 1}",
            "(1, 2,)",
            "{1, 2}",
            "-1.5e+3",
            "b'x'",
            "0x10",
            "1j",
        ] {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn rejects_names_calls_and_broken_literals() {
        let cases = [
            (
                "default_optim",
                0,
                "`default_optim` is a name, not a literal",
            ),
            ("dict()", 0, "`dict` is a name, not a literal"),
            ("1 2", 2, "unexpected token at the end of an expression"),
            ("3.0 + 1", 4, "expected the end of the literal, found `+`"),
            ("[1, x]", 4, "`x` is a name, not a literal"),
            ("f'{x}'", 0, "`f'{x}'` is not a literal"),
            ("-x", 1, "`x` is a name, not a literal"),
        ];
        for (text, offset, message) in cases {
            let err = check(text).unwrap_err();
            assert_eq!(
                (err.offset, err.message.as_str()),
                (offset, message),
                "{text}"
            );
        }
        for broken in ["\"steps", "[1, 2", "5e-", "{1: 2, 3}", ""] {
            let err = check(broken).unwrap_err();
            assert!(err.offset <= broken.chars().count(), "{broken}: {err:?}");
        }
    }

    #[test]
    fn values_are_typed_and_keep_their_text() {
        let l = Literal::parse("{'a': [1, None], \"b\": (True, 5e-05)}").unwrap();
        assert_eq!(l.text(), "{'a': [1, None], \"b\": (True, 5e-05)}");
        assert_eq!(
            l.value().to_json().unwrap(),
            r#"{"a": [1, null], "b": [true, 5e-05]}"#
        );
        assert_eq!(
            Literal::parse("[\"x y\", 'it\\'s']")
                .unwrap()
                .value()
                .to_json()
                .unwrap(),
            r#"["x y", "it's"]"#
        );
        assert_eq!(comparable_value("5e-5"), comparable_value("5e-05"));
        assert_eq!(comparable_value("0"), comparable_value("0.0"));
        assert_eq!(comparable_value("{}"), comparable_value("dict()"));
        assert_eq!(comparable_value("\"no\""), comparable_value("'no'"));
        assert_ne!(comparable_value("-1"), comparable_value("1"));
        assert_eq!(comparable_value("inf"), None);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(check(&text).is_err());
        let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(check(&closed).unwrap_err().message.contains("deeper"));
    }
}
