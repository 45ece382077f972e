//! One Python file: parsed with ruff's parser, then boiled down to what the importer needs (the
//! classes with their bases, own fields and docstring entries, and the names its imports bind).

use super::fields::{comment_header, is_field_call, member_comment, read_field};
use super::ImportedField;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::python::docstring::{parse_param_section, DocEntry};
use ruff_python_ast::{self as ast, Expr, PySourceType, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::path::Path;

/// A parsed Python file.
pub(crate) struct ModuleInfo {
    /// The file's text and its path as shown in diagnostics.
    pub file: SourceFile,
    /// Classes defined at the top level (also inside top-level `if` / `try`), in source order.
    pub classes: Vec<ClassInfo>,
    /// Names bound by imports, in source order (a name may be bound more than once).
    pub imports: Vec<(String, Binding)>,
}

impl ModuleInfo {
    /// The class that `name` is bound to at the end of the module (the last definition wins).
    pub fn class(&self, name: &str) -> Option<usize> {
        self.classes.iter().rposition(|c| c.name == name)
    }
}

/// What an import statement binds a name to.
#[derive(Debug, Clone)]
pub(crate) enum Binding {
    /// `from MODULE import NAME` (relative when `level > 0`).
    From {
        level: u32,
        module: Option<String>,
        name: String,
    },
    /// `import a.b as x` binds `x` to `a.b`; `import a.b` binds `a` to `a`.
    Module { module: String },
}

impl Binding {
    /// The module as written (`.x`, `..`, `pkg.mod`).
    pub fn module_text(&self) -> String {
        match self {
            Binding::From { level, module, .. } => {
                format!(
                    "{}{}",
                    ".".repeat(*level as usize),
                    module.as_deref().unwrap_or("")
                )
            }
            Binding::Module { module } => module.clone(),
        }
    }
}

/// Which library's decorator makes a class a configuration class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decorator {
    /// None: a plain class (a pydantic model, an enum, a mixin, …).
    Plain,
    /// `@dataclass` (or `@dataclasses.dataclass(...)`, or an alias of it).
    Dataclass,
    /// attrs: `@define`, `@frozen`, `@attr.s`, `@attrs.define(...)`; `auto_attribs` as given
    /// (`None`: detect, as `@define` does).
    Attrs { auto_attribs: Option<bool> },
}

/// One member of an enum-like class body: `NAME = value`.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The member's name.
    pub name: String,
    /// Its value as source text.
    pub value: String,
    /// Its comment (same line or the lines above) or attribute docstring.
    pub doc: Option<String>,
}

/// A class definition.
pub(crate) struct ClassInfo {
    pub name: String,
    /// Byte offset of the class name.
    pub name_offset: usize,
    /// The decorator that makes it a configuration class.
    pub decorator: Decorator,
    /// The class docstring's text, when it has one.
    pub docstring: Option<String>,
    /// `NAME = value` assignments of its body (an enum's members), in order.
    pub members: Vec<Member>,
    /// Fields declared as plain assignments of a field call (`x = attr.ib()`), kept apart
    /// because only attrs (without `auto_attribs`) reads them.
    pub assigned: Vec<ImportedField>,
    pub bases: Vec<BaseRef>,
    /// Its own annotated fields, in declaration order, without docs.
    pub fields: Vec<ImportedField>,
    /// Its own fields declared without a value (`x: int`): they take a default a base defines.
    pub bare: Vec<String>,
    /// The parameter section of its docstring.
    pub doc_entries: Vec<DocEntry>,
    /// 1-based line and column where the docstring's text starts.
    pub doc_start: (usize, usize),
}

/// A base class expression.
pub(crate) struct BaseRef {
    /// Its source text.
    pub text: String,
    /// `a.b.C` as `["a", "b", "C"]`, when it is a plain dotted name.
    pub dotted: Option<Vec<String>>,
    /// Byte offset of the expression.
    pub offset: usize,
}

/// The names this module uses for `dataclasses.field` and `dataclasses.dataclass`.
struct Aliases {
    /// Names bound to the `dataclasses` module.
    modules: Vec<String>,
    /// Names bound to `field`.
    field: Vec<String>,
    /// Names bound to `dataclass`.
    dataclass: Vec<String>,
    /// Names bound to the `attr` / `attrs` modules.
    attrs_modules: Vec<String>,
    /// Names bound to attrs' class decorators, with the decorator's own name.
    attrs: Vec<(String, String)>,
}

/// Reads and parses `path`; a file that does not parse yields one diagnostic per syntax error.
pub(crate) fn parse_file(path: &Path) -> Result<ModuleInfo, Diagnostics> {
    let file = SourceFile::read(path, path)?;
    let parsed = ruff_python_parser::parse_unchecked_source(&file.text, PySourceType::Python);
    // Only the first syntax error: the ones after it are mostly the parser recovering.
    if let Some(error) = parsed.errors().first() {
        return Err(file
            .error_at(
                error.location.start().to_usize(),
                format!("the file is not valid Python: {}", error.error),
            )
            .with_hint("fieldbook reads Python 3 source as CPython would; fix this syntax error")
            .into());
    }
    let module = parsed.into_syntax();
    let mut imports = Vec::new();
    let mut class_defs = Vec::new();
    collect(&module.body, &mut imports, &mut class_defs);

    let mut aliases = Aliases {
        modules: vec!["dataclasses".to_string()],
        field: vec!["field".to_string()],
        dataclass: vec!["dataclass".to_string()],
        attrs_modules: Vec::new(),
        attrs: Vec::new(),
    };
    for (bound, binding) in &imports {
        match binding {
            Binding::Module { module } if module == "dataclasses" => {
                aliases.modules.push(bound.clone())
            }
            Binding::Module { module } if module == "attr" || module == "attrs" => {
                aliases.attrs_modules.push(bound.clone())
            }
            Binding::From {
                level: 0,
                module: Some(m),
                name,
            } if m == "attr" || m == "attrs" => aliases.attrs.push((bound.clone(), name.clone())),
            Binding::From {
                level: 0,
                module: Some(m),
                name,
            } if m == "dataclasses" => match name.as_str() {
                "field" => aliases.field.push(bound.clone()),
                "dataclass" => aliases.dataclass.push(bound.clone()),
                _ => {}
            },
            _ => {}
        }
    }
    let classes = class_defs
        .into_iter()
        .map(|c| class_info(&file, c, &aliases))
        .collect();
    Ok(ModuleInfo {
        file,
        classes,
        imports,
    })
}

/// Walks module-level statements, descending into `if` and `try` blocks.
fn collect<'a>(
    body: &'a [Stmt],
    imports: &mut Vec<(String, Binding)>,
    classes: &mut Vec<&'a ast::StmtClassDef>,
) {
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => classes.push(c),
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    imports.push((
                        bound.as_str().to_string(),
                        Binding::From {
                            level: i.level,
                            module: i.module.as_ref().map(|m| m.as_str().to_string()),
                            name: alias.name.as_str().to_string(),
                        },
                    ));
                }
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.as_str();
                    let (bound, module) = match &alias.asname {
                        Some(asname) => (asname.as_str(), full),
                        None => {
                            let first = full.split('.').next().unwrap_or(full);
                            (first, first)
                        }
                    };
                    imports.push((
                        bound.to_string(),
                        Binding::Module {
                            module: module.to_string(),
                        },
                    ));
                }
            }
            Stmt::If(s) => {
                collect(&s.body, imports, classes);
                for clause in &s.elif_else_clauses {
                    collect(&clause.body, imports, classes);
                }
            }
            Stmt::Try(s) => {
                collect(&s.body, imports, classes);
                for ast::ExceptHandler::ExceptHandler(h) in &s.handlers {
                    collect(&h.body, imports, classes);
                }
                collect(&s.orelse, imports, classes);
                collect(&s.finalbody, imports, classes);
            }
            _ => {}
        }
    }
}

/// The source text of a node.
pub(crate) fn text(file: &SourceFile, range: TextRange) -> &str {
    &file.text[range.start().to_usize()..range.end().to_usize()]
}

/// `a.b.c` as `["a", "b", "c"]`; `None` for anything but names and attribute chains.
pub(crate) fn dotted(expr: &Expr) -> Option<Vec<String>> {
    // Iterative: an attribute chain may be arbitrarily long.
    let mut parts = Vec::new();
    let mut current = expr;
    loop {
        match current {
            Expr::Name(n) => {
                parts.push(n.id.as_str().to_string());
                parts.reverse();
                return Some(parts);
            }
            Expr::Attribute(a) => {
                parts.push(a.attr.as_str().to_string());
                current = &a.value;
            }
            _ => return None,
        }
    }
}

/// True when `expr` names `what` (directly through one of `names`, or as `module.what`).
fn names(expr: &Expr, what: &str, names: &[String], modules: &[String]) -> bool {
    match dotted(expr).as_deref() {
        Some([single]) => names.contains(single),
        Some([module, attr]) => attr == what && modules.contains(module),
        // `pydantic.dataclasses.dataclass` and the like.
        Some([.., module, attr]) => attr == what && module == "dataclasses",
        _ => false,
    }
}

fn class_info(file: &SourceFile, class: &ast::StmtClassDef, aliases: &Aliases) -> ClassInfo {
    let decorator = class
        .decorator_list
        .iter()
        .find_map(|d| decorator_kind(&d.expression, aliases))
        .unwrap_or(Decorator::Plain);
    let bases = class
        .arguments
        .as_ref()
        .map(|args| {
            args.args
                .iter()
                .map(|b| BaseRef {
                    text: text(file, b.range()).to_string(),
                    dotted: dotted(b),
                    offset: b.range().start().to_usize(),
                })
                .collect()
        })
        .unwrap_or_default();

    let (doc_entries, doc_start, docstring) = match class.body.first() {
        Some(Stmt::Expr(ast::StmtExpr { value, .. })) => match &**value {
            Expr::StringLiteral(s) => {
                // The value's first line starts after the prefix and the opening quotes.
                let start = s
                    .value
                    .iter()
                    .next()
                    .map_or(s.range.start(), |part| part.content_range().start());
                (
                    parse_param_section(s.value.to_str()),
                    file.line_col(start.to_usize()),
                    Some(s.value.to_str().to_string()),
                )
            }
            _ => (Vec::new(), (0, 0), None),
        },
        _ => (Vec::new(), (0, 0), None),
    };

    let name = class.name.as_str();
    let mut fields: Vec<ImportedField> = Vec::new();
    let mut assigned: Vec<ImportedField> = Vec::new();
    let mut members = Vec::new();
    let mut bare = Vec::new();
    // Where the previous statement ended: comment headers stand between statements.
    let mut after = class
        .body
        .first()
        .map_or(0, |s| s.range().start().to_usize());
    let mut after_first = false;
    for (i, stmt) in class.body.iter().enumerate() {
        let start = stmt.range().start().to_usize();
        let header = if after_first {
            comment_header(file, after, start)
        } else {
            None
        };
        after = stmt.range().end().to_usize();
        after_first = true;
        // An attribute docstring: a string statement right after the declaration.
        let attr_doc = match class.body.get(i + 1) {
            Some(Stmt::Expr(ast::StmtExpr { value, .. })) => match &**value {
                Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
                _ => None,
            },
            _ => None,
        };
        match stmt {
            Stmt::AnnAssign(assign) => {
                let Expr::Name(target) = &*assign.target else {
                    continue;
                };
                if is_pseudo_field(&assign.annotation) {
                    continue;
                }
                let mut field = read_field(
                    file,
                    name,
                    target.id.as_str(),
                    target.range.start().to_usize(),
                    Some(&assign.annotation),
                    assign.value.as_deref(),
                    &aliases.field,
                );
                field.extra.attr_doc = attr_doc;
                field.extra.section = header;
                if assign.value.is_none() {
                    bare.push(field.name.clone());
                }
                fields.push(field);
            }
            Stmt::Assign(assign) => {
                let [Expr::Name(target)] = assign.targets.as_slice() else {
                    continue;
                };
                match &*assign.value {
                    Expr::Call(call) if is_field_call(&call.func, &aliases.field) => {
                        let mut field = read_field(
                            file,
                            name,
                            target.id.as_str(),
                            target.range.start().to_usize(),
                            None,
                            Some(&assign.value),
                            &aliases.field,
                        );
                        field.extra.attr_doc = attr_doc;
                        field.extra.section = header;
                        assigned.push(field);
                    }
                    value if !target.id.as_str().starts_with('_') => members.push(Member {
                        name: target.id.as_str().to_string(),
                        value: text(file, value.range()).to_string(),
                        doc: member_comment(file, start, stmt.range().end().to_usize())
                            .or(attr_doc),
                    }),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    ClassInfo {
        name: name.to_string(),
        name_offset: class.name.range.start().to_usize(),
        decorator,
        docstring,
        members,
        assigned,
        bases,
        fields,
        bare,
        doc_entries,
        doc_start,
    }
}

/// The kind of configuration class a decorator makes, if any.
fn decorator_kind(expression: &Expr, aliases: &Aliases) -> Option<Decorator> {
    let (target, keywords) = match expression {
        Expr::Call(call) => (&*call.func, &call.arguments.keywords[..]),
        other => (other, &[][..]),
    };
    if names(target, "dataclass", &aliases.dataclass, &aliases.modules) {
        return Some(Decorator::Dataclass);
    }
    let auto_attribs = keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "auto_attribs"))
        .map(|k| {
            !matches!(
                k.value,
                Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
            )
        });
    let attrs_name = match dotted(target).as_deref() {
        Some([single]) => aliases
            .attrs
            .iter()
            .find(|(bound, _)| bound == single)
            .map(|(_, name)| name.clone()),
        Some([module, attr]) if aliases.attrs_modules.contains(module) => Some(attr.clone()),
        _ => None,
    }?;
    match attrs_name.as_str() {
        "define" | "frozen" | "mutable" => Some(Decorator::Attrs { auto_attribs }),
        "s" | "attrs" => Some(Decorator::Attrs {
            auto_attribs: Some(auto_attribs.unwrap_or(false)),
        }),
        "dataclass" => Some(Decorator::Attrs {
            auto_attribs: Some(true),
        }),
        _ => None,
    }
}

/// True for annotations that `dataclasses` does not turn into fields.
fn is_pseudo_field(annotation: &Expr) -> bool {
    const PSEUDO: [&str; 3] = ["ClassVar", "InitVar", "KW_ONLY"];
    let head = match annotation {
        Expr::Subscript(s) => &*s.value,
        Expr::StringLiteral(s) => {
            let text = s.value.to_str().trim_start();
            let word: String = text
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let last = word.rsplit('.').next().unwrap_or("");
            return PSEUDO.contains(&last);
        }
        other => other,
    };
    matches!(dotted(head).as_deref(), Some([.., last]) if PSEUDO.contains(&last.as_str()))
}

/// A diagnostic at a byte offset of a module's file.
pub(crate) fn error_at(
    module: &ModuleInfo,
    offset: usize,
    message: impl Into<String>,
) -> Diagnostic {
    module.file.error_at(offset, message)
}
