//! Reading a configuration dataclass straight from its Python source.
//!
//! The file is parsed with ruff's Python parser (a real Python 3 grammar, no interpreter): every
//! annotated field of the class in declaration order, with the fields it inherits from dataclass
//! bases — in the same file, in a file named by a relative import (`from .base import Base`), or
//! in another module of the package the file lives in (`from peft.config import PeftConfig`).
//! Bases that cannot be found (another package's class) are listed in
//! [`ImportedClass::unresolved_bases`]. For each field: the annotation and default as source
//! text, `default_factory`, `init`, and from `metadata=` the help string's value, the choices and
//! every other key as source text; plus what the class docstring's `Parameters:` / `Args:` section
//! says about it.

mod dataclass;
mod fields;
mod named;
mod pyfile;

pub use named::{module_binds, resolve_named, ImportedEnum, ImportedMember, NamedType};

pub use crate::python::docstring::{parse_param_section, DocEntry, FieldDoc};

use crate::diagnostics::{Diagnostics, Origin};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::path::{Path, PathBuf};

/// One field of a dataclass as its source declares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedField {
    /// The field's name.
    pub name: String,
    /// The annotation exactly as written (may span lines).
    pub annotation: String,
    /// The default as source text: `x: int = 5` or `field(default=5)`; `None` when there is none.
    pub default: Option<String>,
    /// `field(default_factory=...)` as source text.
    pub default_factory: Option<String>,
    /// False for `field(init=False)`.
    pub init: bool,
    /// The value of `metadata={"help": ...}` when it is a string literal (implicit concatenation
    /// joined, escapes decoded, `%%` kept as written).
    pub help: Option<String>,
    /// `metadata={"choices": ...}`.
    pub choices: Option<Choices>,
    /// The other metadata keys with their values as source text, in source order. A `**spread`
    /// entry, or a metadata value that is not a dict, is kept under the key `**`; a `help` that is
    /// not a string literal is kept here under `help`.
    #[serde(serialize_with = "ordered_map")]
    pub metadata: Vec<(String, String)>,
    /// What the class docstring says about the field (the nearest class in the MRO that
    /// documents it).
    pub doc: Option<FieldDoc>,
    /// What pydantic and attrs add, and where the field stands in its class body.
    #[serde(flatten)]
    pub extra: FieldExtra,
    /// Where the field is declared.
    #[serde(skip)]
    pub origin: Origin,
    /// The class that declares it (a base class for inherited fields).
    #[serde(skip)]
    pub class: String,
}

/// Facts of a field beyond what dataclasses know: pydantic's alias and constraints, an
/// attribute docstring, the comment header it stands under. Empty for most dataclass fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FieldExtra {
    /// The name users write in config files (pydantic `alias=` / `validation_alias=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Pydantic constraints (`ge`, `le`, `gt`, `lt`, `multiple_of`, `min_length`, `max_length`,
    /// `pattern`) with their values as source text, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "ordered_map")]
    pub constraints: Vec<(String, String)>,
    /// `metadata={"doc": …}` or `{"description": …}` (as attrs projects write it), when a string.
    #[serde(skip)]
    pub metadata_doc: Option<String>,
    /// The string statement right after the declaration (an attribute docstring).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attr_doc: Option<String>,
    /// The comment header the declaration stands under in its class body.
    #[serde(skip)]
    pub section: Option<String>,
}

/// `metadata={"choices": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Choices {
    /// A list or tuple of string literals, as values.
    Values(Vec<String>),
    /// Any other expression (`trainer_log_levels.keys()`), as source text.
    Expr(String),
}

/// A parameter documented in the class's own docstring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedParam {
    /// The parameter's name.
    pub name: String,
    /// What the entry says.
    pub doc: FieldDoc,
    /// Where the entry stands in the Python file.
    pub origin: Origin,
    /// The `> Heading` it stands under.
    pub heading: Option<String>,
}

/// A base class that could not be found, so its fields are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedBase {
    /// The base as written (`TrainingArguments`).
    pub name: String,
    /// The module it is imported from, as written (`transformers`), when it is imported.
    pub module: Option<String>,
    /// Where the base is named.
    pub origin: Origin,
}

/// Which library defines the class's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    /// `@dataclass`.
    Dataclass,
    /// A subclass of pydantic's `BaseModel` / `BaseSettings`.
    Pydantic,
    /// attrs: `@define`, `@frozen`, `@attr.s`.
    Attrs,
}

/// A class of the hierarchy that was read, with its docstring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDoc {
    /// The class name.
    pub name: String,
    /// Its docstring's text.
    pub docstring: Option<String>,
}

/// A configuration class with everything the importer learned about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedClass {
    /// The class name.
    pub name: String,
    /// The library that defines its fields.
    pub kind: ClassKind,
    /// The classes of its MRO whose source was read, the class itself first.
    pub declaring: Vec<ClassDoc>,
    /// Where the class name stands.
    pub origin: Origin,
    /// Every field, inherited ones first, in the order `dataclasses.fields()` gives.
    pub fields: Vec<ImportedField>,
    /// The entries of the class's own docstring parameter section, in order.
    pub documented: Vec<DocumentedParam>,
    /// Bases whose source was not found.
    pub unresolved_bases: Vec<UnresolvedBase>,
}

/// Reads every field of dataclass `class` in `path`, inherited ones included, in order.
///
/// Errors (with `path:line:col`): the file cannot be read or does not parse, there is no such
/// class (with a did-you-mean hint), the class is not a dataclass.
pub fn read_class(path: &Path, class: &str) -> Result<Vec<ImportedField>, Diagnostics> {
    read_dataclass(path, class).map(|c| c.fields)
}

/// Like [`read_class`], with the class's docstring entries and the bases that were not found.
pub fn read_dataclass(path: &Path, class: &str) -> Result<ImportedClass, Diagnostics> {
    read_config_class(path, class, &[])
}

/// Reads configuration class `class` (a dataclass, a pydantic model or an attrs class) from
/// `path`, looking absolute imports up also in each folder of `search` (`--python-path`).
pub fn read_config_class(
    path: &Path,
    class: &str,
    search: &[PathBuf],
) -> Result<ImportedClass, Diagnostics> {
    // Absurdly nested input (`a.a.a…` a hundred thousand times) needs a deep stack.
    crate::python::on_deep_stack(|| dataclass::read(path, class, search))
}

/// One warning per base class whose source was not found: which base, imported from where, and
/// that its fields are missing.
pub fn unresolved_warnings(class: &ImportedClass) -> Vec<crate::diagnostics::Diagnostic> {
    class
        .unresolved_bases
        .iter()
        .map(|base| {
            let from = base
                .module
                .as_ref()
                .map(|m| format!(" (imported from `{m}`)"))
                .unwrap_or_default();
            base.origin
                .error(format!(
                    "base class `{}`{from} of `{}` was not found; its fields are missing",
                    base.name, class.name
                ))
                .with_hint(
                    "put the package that defines it beside this one (a site-packages or unpacked-wheels folder), or add its folder to `python-path`",
                )
                .warning()
        })
        .collect()
}

/// The fields as a pretty-printed JSON array (the output of `fieldbook import --json`).
pub fn to_json(fields: &[ImportedField]) -> String {
    serde_json::to_string_pretty(fields).expect("fields serialise to JSON")
}

/// The fields as a plain-text table: name, annotation, default and the start of the help.
pub fn to_table(fields: &[ImportedField]) -> String {
    const ANNOTATION: usize = 36;
    const DEFAULT: usize = 24;
    const HELP: usize = 60;
    let rows: Vec<[String; 4]> = fields
        .iter()
        .map(|f| {
            let default = match (&f.default, &f.default_factory) {
                (Some(d), _) => one_line(d),
                (None, Some(factory))
                    if factory
                        .chars()
                        .all(|c| c == '_' || c == '.' || c.is_alphanumeric()) =>
                {
                    format!("{factory}()")
                }
                (None, Some(factory)) => format!("factory: {}", one_line(factory)),
                (None, None) => "(required)".to_string(),
            };
            let mut name = f.name.clone();
            if !f.init {
                name.push_str(" (init=False)");
            }
            [
                name,
                clip(&one_line(&f.annotation), ANNOTATION),
                clip(&default, DEFAULT),
                clip(&one_line(f.help.as_deref().unwrap_or("")), HELP),
            ]
            // Python source may hold control characters (`"\x1b[2J"` in a help string).
            .map(|cell| crate::term::escape(&cell).into_owned())
        })
        .collect();
    let header = ["name", "annotation", "default", "help"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i == 3 {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{} field{}",
        fields.len(),
        if fields.len() == 1 { "" } else { "s" }
    ));
    out
}

/// Whitespace runs (newlines included) collapsed to one space: Python source text (an
/// annotation, a default, a help string) as one line for messages and tables.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn ordered_map<S: Serializer>(
    entries: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, text).unwrap();
        p
    }

    fn field<'a>(fields: &'a [ImportedField], name: &str) -> &'a ImportedField {
        fields.iter().find(|f| f.name == name).unwrap()
    }

    const CONFIG: &str = r#"
from dataclasses import dataclass, field
from typing import ClassVar, Optional

trainer_log_levels = {"info": 1}

@dataclass
class Config:
    """
    Args:
        lr (`float`, *optional*, defaults to 5e-5):
            The learning rate.
    """

    VERSION: ClassVar[int] = 1
    name: str
    lr: float = 5e-5
    level: str = field(
        default="info",
        metadata={
            "help": (
                "The level: "
                "debug, info. 100%% sure."
            ),
            "choices": trainer_log_levels.keys(),
        },
    )
    opt: str = field(default="adamw", metadata={"help": 'Optimizer', "choices": ["adamw", "sgd"], "deprecated": True})
    kwargs: dict = field(default_factory=dict, init=False)
    tag: Optional[str] = field(default=None, metadata=dict(help="Tag\n"))
"#;

    #[test]
    fn reads_fields_in_order_with_defaults_help_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "config.py", CONFIG);
        let fields = read_class(&p, "Config").unwrap();
        let names: Vec<_> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["name", "lr", "level", "opt", "kwargs", "tag"]);
        assert_eq!(field(&fields, "name").default, None);
        assert_eq!(field(&fields, "lr").default.as_deref(), Some("5e-5"));
        let level = field(&fields, "level");
        assert_eq!(level.default.as_deref(), Some("\"info\""));
        assert_eq!(
            level.help.as_deref(),
            Some("The level: debug, info. 100%% sure.")
        );
        assert_eq!(
            level.choices,
            Some(Choices::Expr("trainer_log_levels.keys()".into()))
        );
        let opt = field(&fields, "opt");
        assert_eq!(
            opt.choices,
            Some(Choices::Values(vec!["adamw".into(), "sgd".into()]))
        );
        assert_eq!(opt.metadata, vec![("deprecated".into(), "True".into())]);
        let kwargs = field(&fields, "kwargs");
        assert_eq!(kwargs.default_factory.as_deref(), Some("dict"));
        assert!(!kwargs.init);
        assert_eq!(field(&fields, "tag").help.as_deref(), Some("Tag\n"));
        let doc = field(&fields, "lr").doc.as_ref().unwrap();
        assert_eq!(doc.default.as_deref(), Some("5e-5"));
        assert_eq!(field(&fields, "name").doc, None);
        assert_eq!((level.origin.line, level.origin.col), (18, 5));
    }

    #[test]
    fn json_keeps_key_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "config.py", CONFIG);
        let json = to_json(&read_class(&p, "Config").unwrap());
        let first = json.find("\"name\"").unwrap();
        let doc = json.find("\"doc\"").unwrap();
        assert!(first < doc);
        assert!(json.contains("\"choices\": \"trainer_log_levels.keys()\""));
    }

    #[test]
    fn inherits_from_sibling_files_and_redefinitions_keep_their_place() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "pkg/__init__.py", "");
        write(
            dir.path(),
            "pkg/base.py",
            "from dataclasses import dataclass\n@dataclass\nclass Base:\n    a: int = 1\n    b: int = 2\n",
        );
        let p = write(
            dir.path(),
            "pkg/child.py",
            "import dataclasses as dc\nfrom typing import Generic\nfrom .base import Base\nfrom transformers import Other\n@dc.dataclass(frozen=True)\nclass Child(Base, Other, Generic[T], object):\n    c: int = 3\n    a: int = dc.field(default=10)\n",
        );
        let class = read_dataclass(&p, "Child").unwrap();
        let got: Vec<_> = class
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.default.as_deref().unwrap(),
                    f.class.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "10", "Child"),
                ("b", "2", "Base"),
                ("c", "3", "Child")
            ]
        );
        assert_eq!(class.unresolved_bases.len(), 1);
        assert_eq!(class.unresolved_bases[0].name, "Other");
        assert_eq!(
            class.unresolved_bases[0].module.as_deref(),
            Some("transformers")
        );
    }

    #[test]
    fn absolute_imports_inside_the_package_and_reexports() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "lib/__init__.py", "from .config import Base\n");
        write(
            dir.path(),
            "lib/config.py",
            "from dataclasses import dataclass\n@dataclass\nclass Base:\n    a: int = 1\n",
        );
        let p = write(
            dir.path(),
            "lib/sub/x.py",
            "from dataclasses import dataclass\nfrom lib import Base\n@dataclass\nclass X(Base):\n    b: int = 2\n",
        );
        let fields = read_class(&p, "X").unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].name, "a");
    }

    #[test]
    fn errors_name_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "a.py",
            "class Plain:\n    x: int = 1\n\nfrom dataclasses import dataclass\n@dataclass\nclass Config:\n    x: int\n",
        );
        let e = read_class(&p, "Plain").unwrap_err();
        assert_eq!(e.0[0].position, Some((1, 7)));
        assert!(e.0[0].message.contains("not a dataclass"));
        let e = read_class(&p, "Confg").unwrap_err();
        assert_eq!(e.0[0].position, Some((6, 7)));
        assert!(e.0[0].hint.as_deref().unwrap().contains("`Config`"));
        let e = read_class(&p, "Zzzzzzzzzz").unwrap_err();
        assert_eq!(e.0[0].position, None);

        let bad = write(dir.path(), "bad.py", "class A:\n    x: int = (\n");
        let e = read_class(&bad, "A").unwrap_err();
        assert!(e.0[0].message.starts_with("the file is not valid Python"));
        assert!(e.0[0].position.is_some());
    }

    #[test]
    fn long_attribute_chains_do_not_overflow_the_stack() {
        let dir = tempfile::tempdir().unwrap();
        let chain = vec!["a"; 200_000].join(".");
        let p = write(
            dir.path(),
            "deep.py",
            &format!("from dataclasses import dataclass\n@dataclass\nclass A({chain}):\n    x: int = 1\n"),
        );
        let class = read_dataclass(&p, "A").unwrap();
        assert_eq!(class.fields.len(), 1);
        assert_eq!(class.unresolved_bases.len(), 1);
    }

    #[test]
    fn table_lists_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "config.py", CONFIG);
        let table = to_table(&read_class(&p, "Config").unwrap());
        assert!(table.starts_with("name "));
        assert!(table.contains("kwargs (init=False)"));
        assert!(table.ends_with("6 fields"));
    }
}

#[cfg(test)]
mod kinds_tests;
