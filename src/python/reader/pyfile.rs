//! One Python file: parsed with ruff's parser, then boiled down to what the importer needs (the
//! classes with their bases, own fields and docstring entries, and the names its imports bind).

use super::{Choices, ImportedField};
use crate::diagnostics::{Diagnostic, Diagnostics, Origin, SourceFile};
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

/// A class definition.
pub(crate) struct ClassInfo {
    pub name: String,
    /// Byte offset of the class name.
    pub name_offset: usize,
    /// Decorated with `@dataclass` (or `@dataclasses.dataclass(...)`, or an alias of it).
    pub is_dataclass: bool,
    pub bases: Vec<BaseRef>,
    /// Its own fields, in declaration order, without docs.
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
    };
    for (bound, binding) in &imports {
        match binding {
            Binding::Module { module } if module == "dataclasses" => {
                aliases.modules.push(bound.clone())
            }
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
fn dotted(expr: &Expr) -> Option<Vec<String>> {
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
    let is_dataclass = class.decorator_list.iter().any(|d| {
        let target = match &d.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        names(target, "dataclass", &aliases.dataclass, &aliases.modules)
    });
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

    let (doc_entries, doc_start) = match class.body.first() {
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
                )
            }
            _ => (Vec::new(), (0, 0)),
        },
        _ => (Vec::new(), (0, 0)),
    };

    let mut fields = Vec::new();
    let mut bare = Vec::new();
    for stmt in &class.body {
        if let Stmt::AnnAssign(assign) = stmt {
            if let Some(field) = read_field(file, class.name.as_str(), assign, aliases) {
                if assign.value.is_none() {
                    bare.push(field.name.clone());
                }
                fields.push(field);
            }
        }
    }
    ClassInfo {
        name: class.name.as_str().to_string(),
        name_offset: class.name.range.start().to_usize(),
        is_dataclass,
        bases,
        fields,
        bare,
        doc_entries,
        doc_start,
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

fn read_field(
    file: &SourceFile,
    class: &str,
    assign: &ast::StmtAnnAssign,
    aliases: &Aliases,
) -> Option<ImportedField> {
    let Expr::Name(target) = &*assign.target else {
        return None;
    };
    if is_pseudo_field(&assign.annotation) {
        return None;
    }
    let start = target.range.start().to_usize();
    let (line, col) = file.line_col(start);
    let mut field = ImportedField {
        name: target.id.as_str().to_string(),
        annotation: text(file, assign.annotation.range()).to_string(),
        default: None,
        default_factory: None,
        init: true,
        help: None,
        choices: None,
        metadata: Vec::new(),
        doc: None,
        origin: Origin {
            path: file.path.clone(),
            line,
            col,
        },
        class: class.to_string(),
    };
    let Some(value) = &assign.value else {
        return Some(field);
    };
    let call = match &**value {
        Expr::Call(call) if names(&call.func, "field", &aliases.field, &aliases.modules) => call,
        other => {
            field.default = Some(text(file, other.range()).to_string());
            return Some(field);
        }
    };
    for keyword in &call.arguments.keywords {
        let Some(arg) = &keyword.arg else { continue };
        let value_text = text(file, keyword.value.range()).to_string();
        match arg.as_str() {
            "default" => field.default = Some(value_text),
            "default_factory" => field.default_factory = Some(value_text),
            "init" => {
                field.init = !matches!(
                    keyword.value,
                    Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
                )
            }
            "metadata" => read_metadata(file, &keyword.value, &mut field),
            _ => {}
        }
    }
    Some(field)
}

/// Reads `metadata={...}` (or `metadata=dict(...)`) into help, choices and the other keys.
fn read_metadata(file: &SourceFile, value: &Expr, field: &mut ImportedField) {
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
            Some(other) => push_metadata(field, other.to_string(), source),
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

/// A diagnostic at a byte offset of a module's file.
pub(crate) fn error_at(
    module: &ModuleInfo,
    offset: usize,
    message: impl Into<String>,
) -> Diagnostic {
    module.file.error_at(offset, message)
}
