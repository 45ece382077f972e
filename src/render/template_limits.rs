//! Limits on what templates may ask of Tera, which has none of its own: a macro that calls itself
//! (directly, through other macros or through `{% include %}`) would recurse until the process
//! overflows its stack, and Tera's `range` builds any list it is asked for. Recursion is refused
//! when the templates load, at the macro in its file; `range` is replaced by a bounded one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::ast::{Expr, ExprVal, Node};
use tera::{Tera, Value};

/// The most numbers one `range(...)` call may produce.
pub const RANGE_LIMIT: usize = 10_000;

/// A macro or a template's own body (outside its macros), as a node of the call graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Callee {
    /// `(template, macro name)`.
    Macro(String, String),
    /// A template's top-level body, entered by `{% include %}` or `{% extends %}`.
    Body(String),
}

/// A cycle of calls, found in the loaded templates: the first element is where to report it.
#[derive(Debug)]
pub struct Recursion {
    /// The calls, from the reported one back to it.
    pub cycle: Vec<Callee>,
}

impl Recursion {
    /// The cycle as `a → b → a`, with macros as `file::name`.
    pub fn describe(&self) -> String {
        let name = |c: &Callee| match c {
            Callee::Macro(file, name) => format!("`{file}::{name}`"),
            Callee::Body(file) => format!("`{file}`"),
        };
        let mut parts: Vec<String> = self.cycle.iter().map(name).collect();
        parts.push(name(&self.cycle[0]));
        parts.join(" → ")
    }

    /// The template file and the text to point at in it: `macro NAME` or the include's name.
    pub fn anchor(&self) -> (&str, String) {
        match &self.cycle[0] {
            Callee::Macro(file, name) => (file, format!("macro {name}")),
            Callee::Body(file) => (file, "include".to_string()),
        }
    }
}

/// Finds a cycle in the calls between the macros and templates of `tera`, if any. Deterministic:
/// templates and macros are visited in name order.
pub fn find_recursion(tera: &Tera) -> Option<Recursion> {
    let mut edges: BTreeMap<Callee, BTreeSet<Callee>> = BTreeMap::new();
    for (file, template) in &tera.templates {
        let namespaces: HashMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(path, namespace)| (namespace.as_str(), path.as_str()))
            .collect();
        let resolve = |namespace: &str| match namespace {
            "self" => Some(file.as_str()),
            other => namespaces.get(other).copied(),
        };
        let mut body = BTreeSet::new();
        if let Some(parent) = &template.parent {
            body.insert(Callee::Body(parent.clone()));
        }
        calls_in_nodes(&template.ast, &resolve, &mut body);
        edges.insert(Callee::Body(file.clone()), body);
        for (name, definition) in &template.macros {
            let mut calls = BTreeSet::new();
            calls_in_nodes(&definition.body, &resolve, &mut calls);
            edges.insert(Callee::Macro(file.clone(), name.clone()), calls);
        }
    }
    // Depth-first search; a node met again while still on the path closes a cycle.
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        let mut path: Vec<Callee> = Vec::new();
        if let Some(cycle) = visit(start, &edges, &mut path, &mut done) {
            return Some(Recursion { cycle });
        }
    }
    None
}

fn visit(
    node: &Callee,
    edges: &BTreeMap<Callee, BTreeSet<Callee>>,
    path: &mut Vec<Callee>,
    done: &mut BTreeSet<Callee>,
) -> Option<Vec<Callee>> {
    if let Some(at) = path.iter().position(|n| n == node) {
        let mut cycle = path[at..].to_vec();
        // Report at a macro when the cycle has one: that is what a reader has to change.
        if let Some(first) = cycle.iter().position(|c| matches!(c, Callee::Macro(..))) {
            cycle.rotate_left(first);
        }
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.clone());
    for next in edges.get(node).into_iter().flatten() {
        if let Some(cycle) = visit(next, edges, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node.clone());
    None
}

/// Adds what `nodes` call (macros, resolved through `resolve`, and included templates) to `out`.
/// Macro definitions nested in `nodes` are not entered: they are nodes of their own.
fn calls_in_nodes<'a>(
    nodes: &[Node],
    resolve: &dyn Fn(&str) -> Option<&'a str>,
    out: &mut BTreeSet<Callee>,
) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => calls_in_expr(expr, resolve, out),
            Node::Set(_, set) => calls_in_expr(&set.value, resolve, out),
            Node::Include(_, names, _) => {
                out.extend(names.iter().map(|n| Callee::Body(n.clone())));
            }
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| calls_in_expr(e, resolve, out));
                calls_in_nodes(&section.body, resolve, out);
            }
            Node::Block(_, block, _) => calls_in_nodes(&block.body, resolve, out),
            Node::Forloop(_, forloop, _) => {
                calls_in_expr(&forloop.container, resolve, out);
                calls_in_nodes(&forloop.body, resolve, out);
                if let Some(empty) = &forloop.empty_body {
                    calls_in_nodes(empty, resolve, out);
                }
            }
            Node::If(condition, _) => {
                for (_, expr, body) in &condition.conditions {
                    calls_in_expr(expr, resolve, out);
                    calls_in_nodes(body, resolve, out);
                }
                if let Some((_, body)) = &condition.otherwise {
                    calls_in_nodes(body, resolve, out);
                }
            }
            Node::Super
            | Node::Text(_)
            | Node::MacroDefinition(..)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn calls_in_expr<'a>(
    expr: &Expr,
    resolve: &dyn Fn(&str) -> Option<&'a str>,
    out: &mut BTreeSet<Callee>,
) {
    for filter in &expr.filters {
        filter
            .args
            .values()
            .for_each(|e| calls_in_expr(e, resolve, out));
    }
    match &expr.val {
        ExprVal::MacroCall(call) => {
            if let Some(file) = resolve(&call.namespace) {
                out.insert(Callee::Macro(file.to_string(), call.name.clone()));
            }
            call.args
                .values()
                .for_each(|e| calls_in_expr(e, resolve, out));
        }
        ExprVal::FunctionCall(call) => call
            .args
            .values()
            .for_each(|e| calls_in_expr(e, resolve, out)),
        ExprVal::Math(math) => {
            calls_in_expr(&math.lhs, resolve, out);
            calls_in_expr(&math.rhs, resolve, out);
        }
        ExprVal::Logic(logic) => {
            calls_in_expr(&logic.lhs, resolve, out);
            calls_in_expr(&logic.rhs, resolve, out);
        }
        ExprVal::In(within) => {
            calls_in_expr(&within.lhs, resolve, out);
            calls_in_expr(&within.rhs, resolve, out);
        }
        ExprVal::Test(test) => test
            .args
            .iter()
            .for_each(|e| calls_in_expr(e, resolve, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| calls_in_expr(e, resolve, out)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_)
        | ExprVal::StringConcat(_) => {}
    }
}

/// Tera's `range(end=…, start=0, step_by=1)`, bounded: a step of 0 or a list of more than
/// [`RANGE_LIMIT`] numbers is an error instead of a loop without end or an unbounded allocation.
pub fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(key) {
            Some(value) => whole_number(value).ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` received {key}={value}, but `{key}` must be a whole number of at least 0"
                ))
            }),
            None => default.ok_or_else(|| tera::Error::msg("`range` needs an `end` argument")),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if let Some(unknown) = args
        .keys()
        .find(|k| !["start", "end", "step_by"].contains(&k.as_str()))
    {
        return Err(tera::Error::msg(format!(
            "`range` has no argument `{unknown}` (it takes `end`, `start` and `step_by`)"
        )));
    }
    if step == 0 {
        return Err(tera::Error::msg(
            "`range` was called with step_by=0, which never reaches `end`",
        ));
    }
    if start > end {
        return Err(tera::Error::msg(format!(
            "`range` was called with start={start} greater than end={end}"
        )));
    }
    let count = (end - start).div_ceil(step);
    if count > RANGE_LIMIT as u64 {
        return Err(tera::Error::msg(format!(
            "`range` would produce {count} numbers; at most {RANGE_LIMIT} are allowed"
        )));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

/// A number with no fractional part and not below 0 (`1e8` as well as `100000000`).
fn whole_number(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        let float = value.as_f64()?;
        (float >= 0.0 && float.fract() == 0.0 && float < u64::MAX as f64).then_some(float as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn range_gives_what_teras_does_within_the_limit() {
        let r = range(&args(&[
            ("end", 7.into()),
            ("start", 1.into()),
            ("step_by", 3.into()),
        ]));
        assert_eq!(r.unwrap(), serde_json::json!([1, 4]));
        assert_eq!(
            range(&args(&[("end", 0.into())])).unwrap(),
            serde_json::json!([])
        );
    }

    #[test]
    fn range_refuses_a_zero_step_and_huge_lists() {
        let zero = range(&args(&[("end", 5.into()), ("step_by", 0.into())]));
        assert!(zero.unwrap_err().to_string().contains("step_by=0"));
        let huge = range(&args(&[("end", 1e8.into())]));
        assert!(huge.unwrap_err().to_string().contains("100000000 numbers"));
        let big = range(&args(&[("end", 100_000_000.into())]));
        assert!(big.unwrap_err().to_string().contains("at most 10000"));
        let ok = range(&args(&[("end", (RANGE_LIMIT as u64).into())]));
        assert_eq!(ok.unwrap().as_array().map(Vec::len), Some(RANGE_LIMIT));
    }

    #[test]
    fn recursion_through_another_macro_is_found() {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            (
                "m.html",
                "{% macro a(n) %}{{ self::b(n=n) }}{% endmacro a %}\
                 {% macro b(n) %}{{ self::a(n=n) }}{% endmacro b %}\
                 {% macro c() %}{{ self::b(n=1) }}{% endmacro c %}",
            ),
            ("p.html", "{% import \"m.html\" as m %}{{ m::c() }}"),
        ])
        .unwrap();
        let found = find_recursion(&tera).expect("a cycle");
        assert_eq!(found.describe(), "`m.html::a` → `m.html::b` → `m.html::a`");
        assert_eq!(found.anchor(), ("m.html", "macro a".to_string()));
    }

    #[test]
    fn macros_calling_others_without_a_cycle_pass() {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            (
                "m.html",
                "{% macro a() %}{{ self::b() }}{{ self::b() }}{% endmacro a %}\
                 {% macro b() %}x{% endmacro b %}",
            ),
            (
                "p.html",
                "{% import \"m.html\" as m %}{{ m::a() }}{% include \"q.html\" %}",
            ),
            ("q.html", "{% import \"m.html\" as m %}{{ m::b() }}"),
        ])
        .unwrap();
        assert!(find_recursion(&tera).is_none());
    }
}
