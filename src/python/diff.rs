//! Drift between a dataclass's docstring and its code: fields the docstring does not mention,
//! docstring entries with no field, defaults that differ by value (not by spelling), types that
//! differ and nullability that differs (reported on its own). Everything is a warning.

use crate::diagnostics::{Diagnostic, Origin};
use crate::model::changes::{AddedField, Change, ClassDiff, Renamed};
use crate::python::annotation::{self, TypeExpr};
use crate::python::literal::{comparable_value, Value};
use crate::python::reader::one_line;
use crate::python::reader::{ImportedClass, ImportedField};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Every docstring-vs-code drift in `class`, as warnings, in field order (docstring entries with
/// no field last).
pub fn docstring_drift(class: &ImportedClass) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let any_doc = !class.documented.is_empty() || class.fields.iter().any(|f| f.doc.is_some());
    if !any_doc {
        out.push(
            class
                .origin
                .error(format!(
                    "`{}` has no `Args:`/`Parameters:` section in its docstring",
                    class.name
                ))
                .with_hint(
                    "document each field as `name (`type`, *optional*, defaults to `value`):`",
                )
                .drift(),
        );
        return out;
    }
    // The first docstring entry of each name, and the fields by name: look-ups, not scans.
    let mut entries: HashMap<&str, &Origin> = HashMap::new();
    for d in &class.documented {
        entries.entry(d.name.as_str()).or_insert(&d.origin);
    }
    let fields: HashSet<&str> = class.fields.iter().map(|f| f.name.as_str()).collect();
    for field in &class.fields {
        if field.name.starts_with('_') || !field.init {
            continue;
        }
        let Some(doc) = &field.doc else {
            out.push(
                field
                    .origin
                    .error(format!(
                        "`{}` is not documented in the class docstring",
                        field.name
                    ))
                    .with_hint("add an entry for it to the docstring's `Args:` section")
                    .drift(),
            );
            continue;
        };
        // Report at the docstring entry when the class documents the field itself.
        let at: &Origin = entries
            .get(field.name.as_str())
            .copied()
            .unwrap_or(&field.origin);
        if let Some(d) = default_drift(field, doc.default.as_deref()) {
            out.push(
                at.error(d)
                    .with_hint("make the docstring's \"defaults to\" match the code")
                    .drift(),
            );
        }
        if let Some(type_text) = &doc.type_text {
            for d in type_drift(&field.annotation, type_text, doc.default.as_deref()) {
                out.push(
                    at.error(d)
                        .with_hint("make the docstring's type match the annotation")
                        .drift(),
                );
            }
        }
    }
    let names: Vec<&str> = class.fields.iter().map(|f| f.name.as_str()).collect();
    for entry in &class.documented {
        if !fields.contains(entry.name.as_str()) {
            let mut d = entry
                .origin
                .error(format!(
                    "the docstring documents `{}`, which is not a field of `{}`",
                    entry.name, class.name
                ))
                .drift();
            if let Some(near) = crate::diagnostics::did_you_mean(&entry.name, &names) {
                d = d.with_hint(format!("did you mean `{near}`?"));
            } else {
                d = d.with_hint("remove the entry or add the field");
            }
            out.push(d);
        }
    }
    out
}

/// The value of a default as a docstring or the code writes it, for comparing by value; `None`
/// for anything that is not a literal (prose, names, expressions). A docstring may put the value
/// in backticks and spell `None`, `True` and `False` in lowercase (or `null`).
pub fn literal_value(text: &str) -> Option<Value> {
    let t = text.trim();
    let t = t
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(t)
        .trim();
    match t {
        "none" | "null" => Some(Value::None),
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        _ => comparable_value(t),
    }
}

/// The default-value drift of a field against its docstring's "defaults to", if any.
fn default_drift(field: &ImportedField, doc_default: Option<&str>) -> Option<String> {
    let doc_text = doc_default?.trim();
    let code_value = match (&field.default, &field.default_factory) {
        (Some(d), _) => literal_value(d)?,
        (None, Some(factory)) => match factory.trim() {
            "list" => Value::List(Vec::new()),
            "dict" => Value::Dict(Vec::new()),
            "tuple" => Value::Tuple(Vec::new()),
            _ => return None,
        },
        (None, None) => {
            return literal_value(doc_text).map(|_| {
                format!(
                    "the docstring says `{}` defaults to `{doc_text}`, but the field is required",
                    field.name
                )
            })
        }
    };
    // Prose, or a bare word such as `passive` (a string default or a name): not compared.
    let doc_value = literal_value(doc_text)?;
    if doc_value == code_value {
        return None;
    }
    let code_text = field
        .default
        .clone()
        .unwrap_or_else(|| format!("{}()", field.default_factory.as_deref().unwrap_or("")));
    Some(format!(
        "the docstring says `{}` defaults to `{doc_text}`, the code says `{}`",
        field.name,
        one_line(&code_text)
    ))
}

/// `text` on one line in backticks, unless it has backticks of its own.
fn code_quote(text: &str) -> String {
    let text = one_line(text);
    if text.contains('`') {
        text
    } else {
        format!("`{text}`")
    }
}

/// Union members of a type as canonical names, and whether `None` is one of them.
fn members(t: &TypeExpr, out: &mut BTreeSet<String>) -> bool {
    let (ms, nullable) = annotation::union_members(t);
    for m in ms {
        match m {
            TypeExpr::Name(n) => {
                out.insert(canonical(n));
            }
            TypeExpr::Subscript { base, .. } => {
                out.insert(canonical(base));
            }
            _ => {}
        }
    }
    nullable
}

fn canonical(name: &str) -> String {
    let simple = name
        .trim_start_matches('~')
        .rsplit('.')
        .next()
        .unwrap_or(name);
    match simple {
        "List" | "Sequence" => "list".into(),
        "Dict" | "Mapping" => "dict".into(),
        "Tuple" => "tuple".into(),
        "Set" => "set".into(),
        "FrozenSet" => "frozenset".into(),
        "Type" => "type".into(),
        other => other.to_string(),
    }
}

/// Reads a docstring type such as `` `str` or [`~trainer_utils.IntervalStrategy`] ``,
/// `` `bool`, `str` or list of [`FSDPOption`] `` or `Optional[float]` into canonical member
/// names and nullability; `None` when it is prose.
pub fn doc_type(text: &str) -> Option<(BTreeSet<String>, bool)> {
    // `[`~a.B`]` (a Markdown reference) → `B`; backticks and quotes dropped.
    let mut s = String::new();
    let chars: Vec<char> = text.chars().collect();
    for &c in &chars {
        match c {
            '`' | '\'' | '~' => {}
            '[' => {
                let prev = s.chars().last();
                if prev.is_none_or(|p| p.is_whitespace() || p == ',') {
                    continue; // a link, not a subscript
                }
                s.push(c);
            }
            ']' => {
                // close of a link: no open `[` pending in `s`
                let open = s.matches('[').count();
                let close = s.matches(']').count();
                if open > close {
                    s.push(c);
                }
            }
            _ => s.push(c),
        }
    }
    // Split at top level on `,` and ` or `.
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    let mut pieces = Vec::new();
    for p in parts {
        for q in p.split(" or ") {
            let q = q.trim();
            let q = q.strip_prefix("or ").unwrap_or(q).trim();
            if !q.is_empty() {
                pieces.push(q.to_string());
            }
        }
    }
    if pieces.is_empty() {
        return None;
    }
    let mut out = BTreeSet::new();
    let mut nullable = false;
    for p in pieces {
        let lower = p.to_lowercase();
        let p = if lower.starts_with("list of ") {
            "list".to_string()
        } else if lower.starts_with("dict of ") {
            "dict".to_string()
        } else {
            p
        };
        let t = annotation::parse(&p).ok()?;
        nullable |= members(&t, &mut out);
    }
    Some((out, nullable))
}

/// `float` accepts `int` (PEP 484's numeric tower): compare with `int` added wherever `float` is.
fn widen(mut set: BTreeSet<String>) -> BTreeSet<String> {
    if set.contains("float") {
        set.insert("int".into());
    }
    set
}

/// Type and nullability drift of an annotation against its docstring type.
fn type_drift(annotation: &str, doc_text: &str, doc_default: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(code) = annotation::parse(annotation) else {
        return out;
    };
    let mut code_set = BTreeSet::new();
    let code_nullable = members(&code, &mut code_set);
    let Some((doc_set, doc_type_nullable)) = doc_type(doc_text) else {
        return out;
    };
    let annotation = one_line(annotation);
    if !code_set.contains("Any")
        && !doc_set.contains("Any")
        && !doc_set.is_empty()
        && !code_set.is_empty()
        && widen(code_set.clone()) != widen(doc_set.clone())
    {
        out.push(format!(
            "the docstring gives the type as {}, the annotation is `{annotation}`",
            code_quote(doc_text)
        ));
    }
    let doc_default_none = doc_default.and_then(literal_value) == Some(Value::None);
    if (doc_type_nullable || doc_default_none) && !code_nullable {
        let why = if doc_type_nullable {
            format!("its type {}", code_quote(doc_text))
        } else {
            "its default `None`".to_string()
        };
        out.push(format!(
            "the docstring allows `None` ({why}), but the annotation `{annotation}` is not Optional"
        ));
    }
    out
}

/// A field's default on one line (`factory()` for a `default_factory`); `None` when required.
pub fn default_text(f: &ImportedField) -> Option<String> {
    match (&f.default, &f.default_factory) {
        (Some(d), _) => Some(one_line(d)),
        (None, Some(factory)) => Some(format!("{}()", one_line(factory))),
        (None, None) => None,
    }
}

/// Whether two fields have the same default, compared by value for literals.
pub fn same_default(a: &ImportedField, b: &ImportedField) -> bool {
    match (&a.default, &b.default) {
        (Some(x), Some(y)) => match (literal_value(x), literal_value(y)) {
            (Some(vx), Some(vy)) => vx == vy,
            _ => one_line(x) == one_line(y),
        },
        (None, None) => {
            a.default_factory.as_deref().map(one_line) == b.default_factory.as_deref().map(one_line)
        }
        _ => false,
    }
}

/// An annotation in a form where spellings of the same type agree: `Optional[X]`,
/// `Union[X, None]` and `X | None` alike, `List` and `list`, union members in sorted order.
pub fn canonical_type(annotation: &str) -> String {
    fn alias(name: &str) -> String {
        let simple = name.strip_prefix("typing.").unwrap_or(name);
        match simple {
            "List" => "list",
            "Dict" => "dict",
            "Tuple" => "tuple",
            "Set" => "set",
            "FrozenSet" => "frozenset",
            "Type" => "type",
            other => other,
        }
        .to_string()
    }
    fn norm(t: &TypeExpr) -> String {
        let (members, nullable) = annotation::union_members(t);
        let is_union = nullable || members.len() != 1 || !std::ptr::eq(members[0], t);
        if is_union {
            let mut parts: Vec<String> = members.iter().map(|m| norm(m)).collect();
            parts.sort();
            parts.dedup();
            if nullable {
                parts.push("None".into());
            }
            return parts.join(" | ");
        }
        match t {
            TypeExpr::Name(n) => alias(n),
            TypeExpr::Subscript { base, args } => {
                let args: Vec<String> = args.iter().map(norm).collect();
                format!("{}[{}]", alias(base), args.join(", "))
            }
            other => other.to_python(),
        }
    }
    annotation::parse(annotation)
        .map(|t| norm(&t))
        .unwrap_or_else(|_| one_line(annotation))
}

/// Choices on one line: a list as `["a", "b"]`, an expression as written.
pub fn choices_text(c: &Option<crate::python::reader::Choices>) -> Option<String> {
    c.as_ref().map(|c| match c {
        crate::python::reader::Choices::Values(v) => {
            let quoted: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", quoted.join(", "))
        }
        crate::python::reader::Choices::Expr(e) => one_line(e),
    })
}

/// The field a deprecated field's help points at: a name of `new` (other than the field itself)
/// right after "use", "of", "favour", "by" or "to" in a help text that says "deprecated".
pub fn rename_target<'a>(old: &ImportedField, new: &'a [ImportedField]) -> Option<&'a str> {
    let help = old.help.as_deref()?;
    if !help.to_lowercase().contains("deprecat") {
        return None;
    }
    // The name must follow "use", "use of", "in favour of", "replaced by", "pass … to": a field
    // merely mentioned ("useful only when `fsdp` is passed") is not a replacement.
    let words: Vec<&str> = help
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|pair| {
        let lead = pair[0].to_lowercase();
        if !matches!(
            lead.as_str(),
            "use" | "of" | "favor" | "favour" | "by" | "to"
        ) || pair[1] == old.name
        {
            return None;
        }
        new.iter()
            .find(|f| f.name == pair[1])
            .map(|f| f.name.as_str())
    })
}

/// Words of a help text, lowercased, for comparing two helps.
fn help_words(f: &ImportedField) -> BTreeSet<String> {
    f.help
        .as_deref()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a removed and an added field look like one field renamed: the same annotation and
/// default, and helps sharing at least half of their words.
fn looks_renamed(old: &ImportedField, new: &ImportedField) -> bool {
    if canonical_type(&old.annotation) != canonical_type(&new.annotation) || !same_default(old, new)
    {
        return false;
    }
    let (a, b) = (help_words(old), help_words(new));
    let union = a.union(&b).count();
    union > 0 && a.intersection(&b).count() * 2 >= union
}

/// Compares two versions of a dataclass field by field.
///
/// Renames are found three ways: a removed field whose old help says it is deprecated in favour
/// of a field of the new version; a field kept only as a deprecated alias, whose new help names
/// a field new in that version (`evaluation_strategy` → `eval_strategy` in transformers 4.41);
/// and, marked `inferred`, a removed and an added field that [look alike](looks_renamed) with no
/// other candidate.
pub fn diff(old: &[ImportedField], new: &[ImportedField]) -> ClassDiff {
    let mut out = ClassDiff::default();
    let is_new = |name: &str| !old.iter().any(|o| o.name == name);
    for o in old {
        match new.iter().find(|n| n.name == o.name) {
            None => match rename_target(o, new) {
                Some(to) => out.renamed.push(Renamed {
                    from: o.name.clone(),
                    to: to.to_string(),
                    inferred: false,
                }),
                None => out.removed.push(o.name.clone()),
            },
            Some(n) => {
                if let Some(to) = rename_target(n, new).filter(|to| is_new(to)) {
                    if rename_target(o, new).is_none() {
                        out.renamed.push(Renamed {
                            from: o.name.clone(),
                            to: to.to_string(),
                            inferred: false,
                        });
                    }
                }
                if !same_default(o, n) {
                    out.changed.push(Change {
                        name: o.name.clone(),
                        what: "default",
                        old: default_text(o),
                        new: default_text(n),
                    });
                }
                // Equal annotations have equal canonical forms: only changed ones are parsed.
                if o.annotation != n.annotation
                    && canonical_type(&o.annotation) != canonical_type(&n.annotation)
                {
                    out.changed.push(Change {
                        name: o.name.clone(),
                        what: "type",
                        old: Some(one_line(&o.annotation)),
                        new: Some(one_line(&n.annotation)),
                    });
                }
                if choices_text(&o.choices) != choices_text(&n.choices) {
                    out.changed.push(Change {
                        name: o.name.clone(),
                        what: "choices",
                        old: choices_text(&o.choices),
                        new: choices_text(&n.choices),
                    });
                }
            }
        }
    }
    // Removed and added fields that look alike, one for one.
    let added: Vec<&ImportedField> = new
        .iter()
        .filter(|n| is_new(&n.name) && !out.renamed.iter().any(|r| r.to == n.name))
        .collect();
    let removed = std::mem::take(&mut out.removed);
    for r in &removed {
        let o = old.iter().find(|o| &o.name == r);
        let candidates: Vec<&&ImportedField> = added
            .iter()
            .filter(|n| o.is_some_and(|o| looks_renamed(o, n)))
            .collect();
        // One for one: the added field looks like no other removed field.
        let unique = match candidates[..] {
            [n] => {
                removed
                    .iter()
                    .filter_map(|name| old.iter().find(|f| &f.name == name))
                    .filter(|other| looks_renamed(other, n))
                    .count()
                    == 1
            }
            _ => false,
        };
        if unique {
            out.renamed.push(Renamed {
                from: r.clone(),
                to: candidates[0].name.clone(),
                inferred: true,
            });
        } else {
            out.removed.push(r.clone());
        }
    }
    for n in new {
        if is_new(&n.name) && !out.renamed.iter().any(|r| r.to == n.name) {
            out.added.push(AddedField {
                name: n.name.clone(),
                annotation: one_line(&n.annotation),
                default: default_text(n),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_by_value_not_spelling() {
        assert_eq!(literal_value("False"), literal_value("false"));
        assert_eq!(literal_value("\"no\""), literal_value("'no'"));
        assert_eq!(literal_value("5e-5"), literal_value("5e-05"));
        assert_eq!(literal_value("None"), literal_value("none"));
        assert_eq!(literal_value("0"), literal_value("0.0"));
        assert_eq!(literal_value("`1e-8`"), literal_value("0.00000001"));
        assert_eq!(literal_value("[]"), literal_value("list()"));
        assert_eq!(literal_value("{'a': [1]}"), literal_value("{\"a\": [1.0]}"));
        assert_ne!(literal_value("[1]"), literal_value("[2]"));
        assert_eq!(literal_value("the number of GPUs"), None);
        assert_eq!(literal_value("inf"), None);
    }

    #[test]
    fn docstring_types_are_read() {
        let (set, n) = doc_type("`str` or [`~trainer_utils.IntervalStrategy`]").unwrap();
        assert_eq!(set, ["IntervalStrategy", "str"].map(String::from).into());
        assert!(!n);
        let (set, _) = doc_type("`bool`, `str` or list of [`~trainer_utils.FSDPOption`]").unwrap();
        assert_eq!(set, ["bool", "list", "str"].map(String::from).into());
        let (set, n) = doc_type("Optional[float]").unwrap();
        assert_eq!(set, ["float"].map(String::from).into());
        assert!(n);
        let (set, _) = doc_type("`str` or `List[str]`").unwrap();
        assert_eq!(set, ["list", "str"].map(String::from).into());
        assert_eq!(doc_type("the usual thing"), None);
    }

    #[test]
    fn type_drift_reports_members_and_nullability_separately() {
        assert!(type_drift(
            "Union[IntervalStrategy, str]",
            "`str` or [`IntervalStrategy`]",
            None
        )
        .is_empty());
        assert!(type_drift("float", "`int` or `float`", None).is_empty());
        assert!(type_drift("Optional[int]", "int", Some("None")).is_empty());
        assert_eq!(
            type_drift("Optional[List[str]]", "`str` or `List[str]`", None).len(),
            1
        );
        let d = type_drift("int", "int", Some("`None`"));
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("not Optional"), "{d:?}");
    }
}
