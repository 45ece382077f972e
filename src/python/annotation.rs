//! Python type annotations as written in dataclass source.
//!
//! [`parse`] turns an annotation such as `Optional[Union[dict, str]]` into a
//! [`TypeExpr`], [`classify`] says how the type is shaped (plain, optional,
//! enum-or-string, ...), and [`describe`] reads it out for humans in English
//! or Chinese ("dict or string, or None" / "字典或字符串，或 None").
//!
//! Annotations are parsed with ruff's Python parser; all offsets are counted in characters,
//! not bytes.

use crate::lang::{fill_in, Lang, Tag};
use crate::python::literal::{char_offset, expression, lowercase_first, with_parsed};
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{self as ast, Expr, Mod, Operator, UnaryOp};
use ruff_python_parser::{LexicalErrorType, ParseError as RuffError, ParseErrorType, Parsed};
use ruff_text_size::Ranged;
use std::fmt;

/// The deepest nesting of brackets, parentheses and quoted forward references
/// the parser accepts; deeper input is rejected before recursing.
const MAX_DEPTH: usize = 64;

/// A parsed annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A (possibly dotted) name: `int`, `str`, `None`, `IntervalStrategy`, `typing.Any`, `Any`.
    Name(String),
    /// `base[args]`: `Optional[int]`, `List[str]`, `Dict[str, Any]`, `Union[A, B]`, `Literal["a", "b"]`, `Tuple[int, ...]`.
    Subscript {
        /// The subscripted name, as written (`Optional`, `typing.List`).
        base: String,
        /// The comma-separated arguments inside the brackets (never empty).
        args: Vec<TypeExpr>,
    },
    /// PEP 604 union `a | b | c` (flattened).
    BitOr(Vec<TypeExpr>),
    /// A string literal (inside Literal[...]): the decoded value.
    Str(String),
    /// An int/float/bool literal as written (inside Literal[...]).
    Number(String),
    /// `...`
    Ellipsis,
}

impl TypeExpr {
    /// Every type name the annotation uses (subscript bases included, `Literal` values not),
    /// in order of first appearance.
    pub fn type_names(&self) -> Vec<&str> {
        fn walk<'a>(t: &'a TypeExpr, out: &mut Vec<&'a str>) {
            match t {
                TypeExpr::Name(name) => {
                    if !out.contains(&name.as_str()) {
                        out.push(name);
                    }
                }
                TypeExpr::Subscript { base, args } => {
                    if !out.contains(&base.as_str()) {
                        out.push(base);
                    }
                    if !is_literal(base) {
                        args.iter().for_each(|a| walk(a, out));
                    }
                }
                TypeExpr::BitOr(items) => items.iter().for_each(|i| walk(i, out)),
                TypeExpr::Str(_) | TypeExpr::Number(_) | TypeExpr::Ellipsis => {}
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// Renders the annotation canonically: arguments joined with `", "`,
    /// unions with `" | "`, strings in double quotes. `parse(t.to_python())`
    /// gives back `t` for every `t` that `parse` produced.
    pub fn to_python(&self) -> String {
        match self {
            TypeExpr::Name(text) | TypeExpr::Number(text) => text.clone(),
            TypeExpr::Subscript { base, args } => format!("{base}[{}]", join_python(args, ", ")),
            TypeExpr::BitOr(members) => join_python(members, " | "),
            TypeExpr::Str(value) => quote(value),
            TypeExpr::Ellipsis => "...".to_string(),
        }
    }
}

impl fmt::Display for TypeExpr {
    /// Same text as [`TypeExpr::to_python`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_python())
    }
}

fn join_python(items: &[TypeExpr], separator: &str) -> String {
    let parts: Vec<String> = items.iter().map(TypeExpr::to_python).collect();
    parts.join(separator)
}

/// Writes `value` as a double-quoted Python string literal.
fn quote(value: &str) -> String {
    let mut out = String::from('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Other control characters (a NUL cannot stand in Python source) as escapes.
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Why an annotation could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset (not byte) into the input where the problem is.
    /// Inside a quoted forward reference the offset assumes the string has no
    /// escape sequences.
    pub offset: usize,
    /// Lowercase explanation saying what was expected and what was found.
    pub message: String,
}

impl ParseError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    /// `"<message> (at column <offset + 1>)"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ParseError {}

// ----- Parser -----

/// Where an expression appears; decides what strings, numbers and `...` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// The whole annotation: strings are forward references, numbers are errors.
    Top,
    /// A subscript argument: numbers and `...` are allowed.
    Arg,
    /// A `Literal[...]` argument: strings stay strings.
    LiteralArg,
}

/// Called with every type name as it is read: the name, its character offset and how many
/// quoted forward references it stands in.
type Visit<'v> = dyn FnMut(&str, usize, usize) + Send + 'v;

/// Parses a Python type annotation with ruff's parser into a [`TypeExpr`].
///
/// Names (dotted or not), subscripts, `|` unions, `None`, and inside subscripts numbers and
/// `...`. A string is a quoted forward reference (its contents are parsed as an annotation)
/// except directly inside `Literal[...]`.
pub fn parse(src: &str) -> Result<TypeExpr, ParseError> {
    parse_at(src, 0, 0, &mut |_, _, _| {})
}

/// The character offset of the first use of the type name `name` in the annotation `src`
/// (outside quotes first, then inside quoted forward references), for pointing diagnostics at it.
pub fn name_offset(src: &str, name: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut visit = |found: &str, offset: usize, quotes: usize| {
        if found == name && best.is_none_or(|b| (quotes, offset) < b) {
            best = Some((quotes, offset));
        }
    };
    parse_at(src, 0, 0, &mut visit).ok()?;
    best.map(|(_, offset)| offset)
}

/// Parses an annotation whose first character is at character offset `base` of the whole
/// annotation, already nested `depth` levels deep.
fn parse_at(
    src: &str,
    base: usize,
    depth: usize,
    visit: &mut Visit<'_>,
) -> Result<TypeExpr, ParseError> {
    if src.trim().is_empty() {
        return Err(ParseError::new(base, "empty annotation: expected a type"));
    }
    // An expression may not start with whitespace (it would be an indented line).
    let body = src.trim_start();
    let (src, base) = (body, base + char_offset(src, src.len() - body.len()));
    with_parsed(src, |parsed| {
        if let Some(error) = parsed.errors().first() {
            return Err(syntax_error(src, base, parsed, error));
        }
        let mut reader = Reader {
            src,
            base,
            quotes: depth,
            visit,
        };
        reader.read(expression(parsed), Context::Top, depth)
    })
}

/// Turns ruff's syntax tree of one annotation into a [`TypeExpr`].
struct Reader<'s, 'v, 'w> {
    src: &'s str,
    base: usize,
    /// Quoted forward references around this text.
    quotes: usize,
    visit: &'w mut Visit<'v>,
}

impl Reader<'_, '_, '_> {
    /// The character offset (in the whole annotation) of byte `at` of this text.
    fn offset(&self, at: usize) -> usize {
        self.base + char_offset(self.src, at)
    }

    fn source(&self, expr: &Expr) -> &str {
        &self.src[expr.range().start().to_usize()..expr.range().end().to_usize()]
    }

    fn error(&self, at: usize, message: String) -> ParseError {
        ParseError::new(self.offset(at), message)
    }

    fn read(
        &mut self,
        expr: &Expr,
        context: Context,
        depth: usize,
    ) -> Result<TypeExpr, ParseError> {
        let start = expr.range().start().to_usize();
        match expr {
            Expr::Name(_) | Expr::Attribute(_) | Expr::NoneLiteral(_) | Expr::BooleanLiteral(_) => {
                match dotted_name(expr) {
                    Some(name) => {
                        let at = self.offset(start);
                        (self.visit)(&name, at, self.quotes);
                        Ok(TypeExpr::Name(name))
                    }
                    None => Err(self.not_a_type(expr)),
                }
            }
            Expr::Subscript(s) => self.subscript(s, depth),
            Expr::BinOp(b) if b.op == Operator::BitOr => {
                let mut members = Vec::new();
                push_flattened(&mut members, self.read(&b.left, context, depth)?);
                push_flattened(&mut members, self.read(&b.right, context, depth)?);
                Ok(TypeExpr::BitOr(members))
            }
            Expr::StringLiteral(s) if context == Context::LiteralArg => {
                Ok(TypeExpr::Str(s.value.to_str().to_string()))
            }
            Expr::StringLiteral(s) => {
                // A quoted forward reference: parse what is inside the quotes.
                check_depth(depth + 1, self.offset(start))?;
                let content = s
                    .value
                    .iter()
                    .next()
                    .map_or(start, |part| part.content_range().start().to_usize());
                let inner = s.value.to_str().to_string();
                parse_at(&inner, self.offset(content), depth + 1, self.visit)
            }
            Expr::NumberLiteral(_) if context == Context::Top => Err(self.error(
                start,
                format!("expected a type, found number `{}`", self.source(expr)),
            )),
            Expr::NumberLiteral(_) => Ok(TypeExpr::Number(self.source(expr).to_string())),
            Expr::UnaryOp(u)
                if context != Context::Top
                    && u.op == UnaryOp::USub
                    && matches!(&*u.operand, Expr::NumberLiteral(_)) =>
            {
                let text: String = self.source(expr).split_whitespace().collect();
                Ok(TypeExpr::Number(text))
            }
            Expr::EllipsisLiteral(_) if context != Context::Top => Ok(TypeExpr::Ellipsis),
            Expr::Call(c) => Err(self.error(
                c.arguments.range().start().to_usize(),
                format!(
                    "expected a type, found a call to `{}`: calls are not allowed in annotations",
                    self.source(&c.func)
                ),
            )),
            other => Err(self.not_a_type(other)),
        }
    }

    fn not_a_type(&self, expr: &Expr) -> ParseError {
        let text = self.source(expr);
        let found = match expr {
            Expr::EllipsisLiteral(_) => "`...`".to_string(),
            _ => format!(
                "`{}`",
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
        };
        self.error(
            expr.range().start().to_usize(),
            format!("expected a type, found {found}"),
        )
    }

    /// `base[args]`.
    fn subscript(&mut self, s: &ast::ExprSubscript, depth: usize) -> Result<TypeExpr, ParseError> {
        let Some(base) = dotted_name(&s.value) else {
            return Err(self.not_a_type(&s.value));
        };
        let at = self.offset(s.value.range().start().to_usize());
        (self.visit)(&base, at, self.quotes);
        let after = s.value.range().end().to_usize();
        let open = after + self.src[after..].find('[').unwrap_or(0);
        check_depth(depth + 1, self.offset(open))?;
        let context = if simple_name(&base) == "Literal" {
            Context::LiteralArg
        } else {
            Context::Arg
        };
        let items = match &*s.slice {
            Expr::Tuple(t) if !t.parenthesized => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut args = Vec::with_capacity(items.len());
        for item in items {
            args.push(self.read(item, context, depth + 1)?);
        }
        Ok(TypeExpr::Subscript { base, args })
    }
}

/// `a.b.c` as one dotted name (`None`, `True` and `False` as names too).
fn dotted_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str().to_string()),
        Expr::NoneLiteral(_) => Some("None".to_string()),
        Expr::BooleanLiteral(b) => Some(if b.value { "True" } else { "False" }.to_string()),
        Expr::Attribute(a) => {
            let mut name = dotted_name(&a.value)?;
            name.push('.');
            name.push_str(a.attr.as_str());
            Some(name)
        }
        _ => None,
    }
}

/// A syntax error of ruff's, said as a problem with a type annotation: the bracket left open,
/// the token where a type was expected, or ruff's own words.
fn syntax_error(src: &str, base: usize, parsed: &Parsed<Mod>, error: &RuffError) -> ParseError {
    let at = error.location.start().to_usize();
    let tokens: Vec<&Token> = parsed
        .tokens()
        .iter()
        .filter(|t| !matches!(t.kind(), TokenKind::Newline | TokenKind::NonLogicalNewline))
        .collect();
    // The token where the error is; an empty one (the end of the file) is no token.
    let found_token = tokens
        .iter()
        .find(|t| t.start().to_usize() >= at)
        .filter(|t| t.kind() != TokenKind::EndOfFile && !t.range().is_empty());
    let found = match found_token {
        None => "end of annotation".to_string(),
        Some(t) => describe_token(src, t),
    };
    let found_at = found_token.map_or(src.len(), |t| t.start().to_usize());
    // The brackets still open where the error is, with the name before each `[`.
    let mut open: Vec<(usize, String)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.start().to_usize() >= at {
            break;
        }
        match t.kind() {
            TokenKind::Lsqb => {
                let mut name_start = t.start().to_usize();
                let mut j = i;
                while j > 0 && matches!(tokens[j - 1].kind(), TokenKind::Name | TokenKind::Dot) {
                    j -= 1;
                    name_start = tokens[j].start().to_usize();
                }
                open.push((
                    t.start().to_usize(),
                    src[name_start..=t.start().to_usize()].to_string(),
                ));
            }
            TokenKind::Lpar => open.push((t.start().to_usize(), "(".to_string())),
            TokenKind::Rsqb | TokenKind::Rpar => {
                open.pop();
            }
            _ => {}
        }
    }
    let offset = |byte: usize| base + char_offset(src, byte);
    let (byte, message) = match &error.error {
        ParseErrorType::ExpectedToken { .. } | ParseErrorType::Lexical(LexicalErrorType::Eof)
            if !open.is_empty() =>
        {
            let (opened, opener) = open.last().cloned().unwrap_or_default();
            let expected = match (opener.ends_with('['), found_token) {
                (true, None) => "`]`",
                (true, Some(_)) => "`,` or `]`",
                (false, _) => "`)`",
            };
            (
                found_at,
                format!(
                    "expected {expected} to close `{opener}` opened at column {}, found {found}",
                    offset(opened) + 1
                ),
            )
        }
        ParseErrorType::EmptySlice => {
            let opener = open.last().map(|(_, o)| o.clone()).unwrap_or_default();
            (
                found_at,
                format!("empty subscript: expected a type after `{opener}`, found `]`"),
            )
        }
        ParseErrorType::ExpectedExpression => (found_at, format!("expected a type, found {found}")),
        ParseErrorType::OtherError(text) if text.starts_with("Expected an expression") => {
            (found_at, format!("expected a type, found {found}"))
        }
        ParseErrorType::UnexpectedExpressionToken => (
            found_at,
            format!("expected end of annotation, found {found}"),
        ),
        other => (at, lowercase_first(&other.to_string())),
    };
    ParseError::new(offset(byte), message)
}

/// How a token is named in error messages.
fn describe_token(src: &str, token: &Token) -> String {
    let text = &src[token.start().to_usize()..token.end().to_usize()];
    match token.kind() {
        TokenKind::Name => format!("name `{text}`"),
        TokenKind::Int | TokenKind::Float | TokenKind::Complex => format!("number `{text}`"),
        TokenKind::String => format!("string {text}"),
        _ => format!("`{text}`"),
    }
}

/// Refuses to go `depth` levels deep.
fn check_depth(depth: usize, offset: usize) -> Result<(), ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError::new(
            offset,
            format!("annotation nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(())
}

/// Adds `expr` to a union's members, splicing in nested unions.
fn push_flattened(members: &mut Vec<TypeExpr>, expr: TypeExpr) {
    match expr {
        TypeExpr::BitOr(inner) => members.extend(inner),
        other => members.push(other),
    }
}

// ----- Classification -----

/// How a field's type is shaped, for the page's notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A single type: `int`, `str`, `bool`, `float`, `Any`, `dict`, one enum name, ...
    Plain,
    /// `X | None` / `Optional[X]` where `X` is plain.
    Optional,
    /// Involves an enum and `str` (e.g. `Union[IntervalStrategy, str]`), possibly optional.
    EnumOrString,
    /// A union of several non-`None` members that is not enum-or-string
    /// (`Optional[Union[dict, str]]`, `Union[None, str, List[str]]`).
    PlainUnion,
    /// `List`/`Dict`/`Tuple`/`Set`/`Sequence`/`Mapping` with arguments, possibly optional.
    Container,
    /// `Literal[...]`, possibly optional.
    Literal,
}

/// What [`classify`] found out about an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The overall shape.
    pub shape: Shape,
    /// Whether the type explicitly accepts `None` (`Optional`, `| None`, `Literal[None]`).
    pub nullable: bool,
    /// Enum names mentioned anywhere, in order of first appearance, without duplicates.
    pub enums: Vec<String>,
}

/// Strips well-known module prefixes: `typing.Optional` → `Optional`.
fn simple_name(name: &str) -> &str {
    [
        "typing.",
        "typing_extensions.",
        "collections.abc.",
        "builtins.",
    ]
    .iter()
    .find_map(|prefix| name.strip_prefix(prefix))
    .unwrap_or(name)
}

fn is_none(t: &TypeExpr) -> bool {
    matches!(t, TypeExpr::Name(name) if simple_name(name) == "None")
}

fn is_literal(base: &str) -> bool {
    simple_name(base) == "Literal"
}

/// The container families the readings know about.
enum Container {
    /// One item type: `List[X]`, `Set[X]`, `Sequence[X]`; English and Chinese nouns.
    Items(&'static str, &'static str),
    /// `Tuple[X, ...]` or `Tuple[A, B]`.
    Tuple,
    /// `Dict[K, V]`, `Mapping[K, V]`.
    Mapping,
}

fn container_kind(base: &str) -> Option<Container> {
    match simple_name(base) {
        "List" | "list" => Some(Container::Items("list", "列表")),
        "Sequence" => Some(Container::Items("sequence", "序列")),
        "Set" | "set" | "FrozenSet" | "frozenset" => Some(Container::Items("set", "集合")),
        "Tuple" | "tuple" => Some(Container::Tuple),
        "Dict" | "dict" | "Mapping" => Some(Container::Mapping),
        _ => None,
    }
}

/// Splits a type into its non-`None` union members (looking through
/// `Optional`, `Union` and `|`) and whether `None` is one of them.
pub fn union_members(t: &TypeExpr) -> (Vec<&TypeExpr>, bool) {
    fn collect<'a>(t: &'a TypeExpr, members: &mut Vec<&'a TypeExpr>, nullable: &mut bool) {
        match t {
            _ if is_none(t) => *nullable = true,
            TypeExpr::Subscript { base, args }
                if matches!(simple_name(base), "Optional" | "Union") =>
            {
                *nullable |= simple_name(base) == "Optional";
                args.iter().for_each(|arg| collect(arg, members, nullable));
            }
            TypeExpr::BitOr(items) => items
                .iter()
                .for_each(|item| collect(item, members, nullable)),
            _ => members.push(t),
        }
    }
    let mut members = Vec::new();
    let mut nullable = false;
    collect(t, &mut members, &mut nullable);
    (members, nullable)
}

/// Enum names in `t` (skipping `Literal` values), first appearance first.
fn collect_enums(t: &TypeExpr, is_enum: &dyn Fn(&str) -> bool, found: &mut Vec<String>) {
    match t {
        TypeExpr::Name(name) if is_enum(name) && !found.contains(name) => found.push(name.clone()),
        TypeExpr::Subscript { base, args } if !is_literal(base) => {
            args.iter()
                .for_each(|arg| collect_enums(arg, is_enum, found));
        }
        TypeExpr::BitOr(items) => items
            .iter()
            .for_each(|item| collect_enums(item, is_enum, found)),
        _ => {}
    }
}

/// The values of the `Literal[...]` in a type, as text (strings without quotes).
pub fn literal_values(t: &TypeExpr) -> Vec<String> {
    let (members, _) = union_members(t);
    members
        .iter()
        .filter_map(|m| match m {
            TypeExpr::Subscript { base, args } if is_literal(base) => Some(args),
            _ => None,
        })
        .flatten()
        .filter_map(|a| match a {
            TypeExpr::Str(s) => Some(s.clone()),
            TypeExpr::Number(n) => Some(n.clone()),
            TypeExpr::Name(n) if simple_name(n) != "None" => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// Classifies an annotation; `is_enum` says which names are enum classes.
pub fn classify(t: &TypeExpr, is_enum: &dyn Fn(&str) -> bool) -> Classification {
    let (members, mut nullable) = union_members(t);
    let mut enums = Vec::new();
    collect_enums(t, is_enum, &mut enums);
    let shape = match members.as_slice() {
        [] => Shape::Plain,
        [TypeExpr::Subscript { base, args }] if is_literal(base) => {
            nullable |= args.iter().any(is_none);
            Shape::Literal
        }
        [TypeExpr::Subscript { base, .. }] if container_kind(base).is_some() => Shape::Container,
        [_] if nullable => Shape::Optional,
        [_] => Shape::Plain,
        many => {
            let has_str = many
                .iter()
                .any(|m| matches!(m, TypeExpr::Name(name) if simple_name(name) == "str"));
            if has_str && !enums.is_empty() {
                Shape::EnumOrString
            } else {
                Shape::PlainUnion
            }
        }
    };
    Classification {
        shape,
        nullable,
        enums,
    }
}

// ----- Human readings -----

/// Human reading, e.g. "integer or None" / "整数或 None"; "IntervalStrategy member or string" / "IntervalStrategy 成员或字符串";
/// "list of strings" / "字符串列表"; "dict or string, or None" / "字典或字符串，或 None"; `one of "a", "b"` / `取值之一："a"、"b"`;
/// "mapping from string to any value" / "键为字符串、值为任意类型的字典"; "tuple of integers" / "整数元组".
/// `None` members are always read last. Enum names read as "<Name> member" / "<Name> 成员";
/// unknown names are kept as written.
pub fn describe(t: &TypeExpr, lang: Lang, is_enum: &dyn Fn(&str) -> bool) -> String {
    match lang {
        Lang::En => en_union(t, false, is_enum),
        Lang::Zh => zh_union(t, is_enum),
        Lang::Other(tag) => other_union(t, tag, is_enum),
    }
}

/// English reading of a whole (possibly union) type; `plural` for "list of ...".
fn en_union(t: &TypeExpr, plural: bool, is_enum: &dyn Fn(&str) -> bool) -> String {
    let (members, nullable) = union_members(t);
    let parts: Vec<String> = members
        .iter()
        .map(|m| en_member(m, plural, is_enum))
        .collect();
    let text = match parts.as_slice() {
        [] => return "None".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    match (nullable, parts.len()) {
        (false, _) => text,
        (true, 1) => format!("{text} or None"),
        (true, _) => format!("{text}, or None"),
    }
}

fn en_member(t: &TypeExpr, plural: bool, is_enum: &dyn Fn(&str) -> bool) -> String {
    let s = if plural { "s" } else { "" };
    let TypeExpr::Subscript { base, args } = t else {
        return match t {
            TypeExpr::Name(name) => en_name(name, plural, is_enum),
            other => other.to_python(),
        };
    };
    if is_literal(base) {
        let values = join_python(args, ", ");
        return if plural {
            format!("values from {values}")
        } else {
            format!("one of {values}")
        };
    }
    match (container_kind(base), args.as_slice()) {
        (Some(Container::Items(noun, _)), [item]) => {
            format!("{noun}{s} of {}", en_union(item, true, is_enum))
        }
        (Some(Container::Tuple), [item, TypeExpr::Ellipsis]) => {
            format!("tuple{s} of {}", en_union(item, true, is_enum))
        }
        (Some(Container::Tuple), items) => {
            let parts: Vec<String> = items.iter().map(|i| en_union(i, false, is_enum)).collect();
            format!("tuple{s} of ({})", parts.join(", "))
        }
        (Some(Container::Mapping), [key, value]) => format!(
            "mapping{s} from {} to {}",
            en_union(key, false, is_enum),
            en_union(value, false, is_enum)
        ),
        _ if plural => format!("{} values", t.to_python()),
        _ => t.to_python(),
    }
}

fn en_name(name: &str, plural: bool, is_enum: &dyn Fn(&str) -> bool) -> String {
    match (is_enum(name), known_name(name)) {
        (true, _) => format!("{name} member{}", if plural { "s" } else { "" }),
        (false, Some((_, many, _))) if plural => many.to_string(),
        (false, Some((one, _, _))) => one.to_string(),
        (false, None) if plural => format!("{name} values"),
        (false, None) => name.to_string(),
    }
}

/// Readings of well-known names: English singular, English plural, Chinese.
fn known_name(name: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match simple_name(name) {
        "int" => ("integer", "integers", "整数"),
        "float" => ("float", "floats", "浮点数"),
        "str" => ("string", "strings", "字符串"),
        "bool" => ("boolean", "booleans", "布尔值"),
        "dict" | "Dict" => ("dict", "dicts", "字典"),
        "list" | "List" => ("list", "lists", "列表"),
        "tuple" | "Tuple" => ("tuple", "tuples", "元组"),
        "set" | "Set" => ("set", "sets", "集合"),
        "bytes" => ("bytes", "bytes", "字节串"),
        "Any" => ("any value", "values of any type", "任意值"),
        "None" => ("None", "None", "None"),
        _ => return None,
    })
}

/// Chinese reading of a whole (possibly union) type.
fn zh_union(t: &TypeExpr, is_enum: &dyn Fn(&str) -> bool) -> String {
    let (members, nullable) = union_members(t);
    let parts: Vec<String> = members.iter().map(|m| zh_member(m, is_enum)).collect();
    let text = match parts.as_slice() {
        [] => return "None".to_string(),
        [one] => one.clone(),
        [init @ .., last] => zh_cat(&[&init.join("、"), "或", last]),
    };
    match (nullable, parts.len()) {
        (false, _) => text,
        (true, 1) => zh_cat(&[&text, "或", "None"]),
        (true, _) => zh_cat(&[&text, "，或", "None"]),
    }
}

fn zh_member(t: &TypeExpr, is_enum: &dyn Fn(&str) -> bool) -> String {
    let TypeExpr::Subscript { base, args } = t else {
        return match t {
            TypeExpr::Name(name) => zh_name(name, is_enum),
            other => other.to_python(),
        };
    };
    if is_literal(base) {
        let values: Vec<String> = args.iter().map(TypeExpr::to_python).collect();
        return format!("取值之一：{}", values.join("、"));
    }
    // "字符串列表" for a simple item, "元素为……的列表" otherwise.
    let items_of = |item: &TypeExpr, noun: &str| {
        let reading = zh_union(item, is_enum);
        if matches!(item, TypeExpr::Name(_)) {
            zh_cat(&[&reading, noun])
        } else {
            zh_cat(&["元素为", &reading, "的", noun])
        }
    };
    match (container_kind(base), args.as_slice()) {
        (Some(Container::Items(_, noun)), [item]) => items_of(item, noun),
        (Some(Container::Tuple), [item, TypeExpr::Ellipsis]) => items_of(item, "元组"),
        (Some(Container::Tuple), items) => {
            let parts: Vec<String> = items.iter().map(|i| zh_union(i, is_enum)).collect();
            zh_cat(&["由", &parts.join("、"), "组成的元组"])
        }
        (Some(Container::Mapping), [key, value]) => {
            let any_type = |t: &TypeExpr| match t {
                TypeExpr::Name(name) if simple_name(name) == "Any" => "任意类型".to_string(),
                other => zh_union(other, is_enum),
            };
            zh_cat(&["键为", &any_type(key), "、值为", &any_type(value), "的字典"])
        }
        _ => t.to_python(),
    }
}

fn zh_name(name: &str, is_enum: &dyn Fn(&str) -> bool) -> String {
    match known_name(name) {
        _ if is_enum(name) => zh_cat(&[name, "成员"]),
        Some((_, _, reading)) => reading.to_string(),
        None => name.to_string(),
    }
}

/// A reading in a language whose words the book supplies (`[ui.<lang>]` `type-…` keys).
fn other_union(t: &TypeExpr, tag: Tag, is_enum: &dyn Fn(&str) -> bool) -> String {
    let word = |key: &str| tag.ui(key).unwrap_or_default();
    let fill = |key: &str, args: &[(&str, &str)]| other_fill(tag, key, args);
    let (members, nullable) = union_members(t);
    let parts: Vec<String> = members
        .iter()
        .map(|m| other_member(m, tag, is_enum))
        .collect();
    let text = match parts.as_slice() {
        [] => return "None".to_string(),
        [one] => one.clone(),
        [init @ .., last] => fill(
            "type_or",
            &[("a", &init.join(word("type_list_separator"))), ("b", last)],
        ),
    };
    if nullable {
        fill("type_or_none", &[("type", &text)])
    } else {
        text
    }
}

/// The book's pattern `key` with its `{…}` filled in.
fn other_fill(tag: Tag, key: &str, args: &[(&str, &str)]) -> String {
    fill_in(tag.ui(key).unwrap_or_default(), args, |text, out| {
        out.push_str(text)
    })
}

fn other_member(t: &TypeExpr, tag: Tag, is_enum: &dyn Fn(&str) -> bool) -> String {
    let word = |key: &str| tag.ui(key).unwrap_or_default();
    let fill = |key: &str, args: &[(&str, &str)]| other_fill(tag, key, args);
    let TypeExpr::Subscript { base, args } = t else {
        return match t {
            TypeExpr::Name(name) if is_enum(name) => fill("type_enum_member", &[("name", name)]),
            TypeExpr::Name(name) => match known_name(name) {
                Some((english, ..)) if english == "None" => english.to_string(),
                Some(_) => word(&format!("type_{}", simple_name(name).to_lowercase())).to_string(),
                None => name.to_string(),
            },
            other => other.to_python(),
        };
    };
    let separator = word("type_list_separator");
    if is_literal(base) {
        return fill("type_one_of", &[("values", &join_python(args, separator))]);
    }
    let union = |item: &TypeExpr| other_union(item, tag, is_enum);
    match (container_kind(base), args.as_slice()) {
        (Some(Container::Items(noun, _)), [item]) => {
            let container = word(&format!("type_{noun}"));
            fill(
                "type_container_of",
                &[("container", container), ("item", &union(item))],
            )
        }
        (Some(Container::Tuple), [item, TypeExpr::Ellipsis]) => fill(
            "type_container_of",
            &[("container", word("type_tuple")), ("item", &union(item))],
        ),
        (Some(Container::Tuple), items) => {
            let parts: Vec<String> = items.iter().map(union).collect();
            fill("type_tuple_of", &[("items", &parts.join(separator))])
        }
        (Some(Container::Mapping), [key, value]) => fill(
            "type_mapping",
            &[("key", &union(key)), ("value", &union(value))],
        ),
        _ => t.to_python(),
    }
}

/// Concatenates Chinese text pieces, putting a space where a Chinese
/// character meets a Latin letter or digit ("整数或 None").
fn zh_cat(parts: &[&str]) -> String {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let is_latin = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::new();
    for part in parts {
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next()) {
            if (is_cjk(a) && is_latin(b)) || (is_latin(a) && is_cjk(b)) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests;
