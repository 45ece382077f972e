//! What a name in an annotation stands for: an enum (imported with its members) or another
//! configuration class (documented as a reference of its own), found the way the reader finds
//! base classes — in the same file, through imports, in sibling packages and `--python-path`.

use super::dataclass::{is_enum_root, Key, Loader};
use super::pyfile::BaseRef;
use std::path::{Path, PathBuf};

/// A named type an annotation uses, found in the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedType {
    /// An `Enum` subclass (`str, Enum`, transformers' `ExplicitEnum`, …).
    Enum(ImportedEnum),
    /// A dataclass, pydantic model or attrs class: `path` defines class `class`.
    Config {
        /// The file that defines it.
        path: PathBuf,
        /// The class name.
        class: String,
    },
}

/// An enum read from its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEnum {
    /// The class name.
    pub name: String,
    /// The file that defines it.
    pub path: PathBuf,
    /// Its docstring's text.
    pub docstring: Option<String>,
    /// Its members in order.
    pub members: Vec<ImportedMember>,
}

/// One member of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMember {
    /// The member's name.
    pub name: String,
    /// Its value as source text (`"steps"`, `1`).
    pub value: String,
    /// Its comment or attribute docstring.
    pub doc: Option<String>,
}

/// What `name` (`IntervalStrategy`, `trainer_utils.IntervalStrategy`) means in the module
/// `from`, when it is an enum or a configuration class whose source can be found.
pub fn resolve_named(from: &Path, name: &str, search: &[PathBuf]) -> Option<NamedType> {
    crate::python::on_deep_stack(|| {
        let mut loader = Loader::with_search(search);
        let module = loader.load(from).ok()?;
        let base = BaseRef {
            text: name.to_string(),
            dotted: Some(name.split('.').map(str::to_string).collect()),
            offset: 0,
        };
        let key = loader.resolve_base(&module, &base).ok()?;
        let Key::Class(path, index) = &key else {
            return None;
        };
        let mro = loader
            .linearize(&key, &mut Vec::new(), &mut Default::default())
            .ok()?;
        let info = &loader.modules[path].classes[*index];
        if mro.iter().any(is_enum_root) {
            return Some(NamedType::Enum(ImportedEnum {
                name: info.name.clone(),
                path: path.clone(),
                docstring: info.docstring.clone(),
                members: info
                    .members
                    .iter()
                    .map(|m| ImportedMember {
                        name: m.name.clone(),
                        value: m.value.clone(),
                        doc: m.doc.clone(),
                    })
                    .collect(),
            }));
        }
        let class = info.name.clone();
        let path = path.clone();
        super::read_config_class(&path, &class, search)
            .ok()
            .map(|_| NamedType::Config { path, class })
    })
}

/// True when the module in `path` defines or imports a name `name` at its top level (also
/// inside `if TYPE_CHECKING:` and `try` blocks): `from .tuners import LoraConfig` re-exports it.
pub fn module_binds(path: &Path, name: &str) -> bool {
    crate::python::on_deep_stack(|| {
        super::pyfile::parse_file(path).is_ok_and(|m| {
            m.class(name).is_some() || m.imports.iter().any(|(bound, _)| bound == name)
        })
    })
}
