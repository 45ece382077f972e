//! Putting a dataclass together: finding the class, resolving its bases (in the same file, in a
//! file named by a relative import, or in the file's own package), linearising them as Python does
//! (C3) and collecting the fields the way `dataclasses` does — bases first, a redefined field
//! keeping its first position.

use super::pyfile::{error_at, parse_file, Binding, ClassInfo, Decorator, ModuleInfo};
use super::{ClassDoc, ClassKind, DocumentedParam, ImportedClass, ImportedField, UnresolvedBase};
use crate::diagnostics::did_you_mean;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How many `from x import y` re-exports are followed to find one class.
const MAX_REEXPORTS: usize = 8;
/// How deep a class hierarchy may be.
const MAX_DEPTH: usize = 64;

/// A class in the hierarchy: one we read, or a base we could not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    Class(PathBuf, usize),
    Unresolved(String),
}

/// Parsed files, each read once.
#[derive(Default)]
pub(crate) struct Loader {
    pub modules: HashMap<PathBuf, Rc<ModuleInfo>>,
    /// Extra folders absolute imports are looked up in (`--python-path`).
    search: Vec<PathBuf>,
    unresolved: Vec<UnresolvedBase>,
}

/// Reads `class` from `path` with everything it inherits.
pub(crate) fn read(
    path: &Path,
    class: &str,
    search: &[PathBuf],
) -> Result<ImportedClass, Diagnostics> {
    let mut loader = Loader::with_search(search);
    let module = loader.load(path)?;
    let Some(index) = module.class(class) else {
        return Err(not_found(&module, class).into());
    };
    let info = &module.classes[index];
    let me = Key::Class(path.to_path_buf(), index);
    let mut memo = HashMap::new();
    let mro = loader.linearize(&me, &mut Vec::new(), &mut memo)?;
    let kind = match info.decorator {
        Decorator::Dataclass => ClassKind::Dataclass,
        Decorator::Attrs { .. } => ClassKind::Attrs,
        Decorator::Plain if mro.iter().any(is_pydantic_root) => ClassKind::Pydantic,
        Decorator::Plain => {
            let mut d = error_at(
                &module,
                info.name_offset,
                format!("class `{class}` is not a dataclass, a pydantic model or an attrs class"),
            );
            d.hint = Some(
                "fieldbook reads classes decorated with `@dataclass` or attrs' `@define` / `@attr.s`, and subclasses of pydantic's `BaseModel` / `BaseSettings`"
                    .to_string(),
            );
            return Err(d.into());
        }
    };
    let classes: Vec<&ClassInfo> = mro
        .iter()
        .filter_map(|key| match key {
            Key::Class(file, i) => Some(&loader.modules[file].classes[*i]),
            _ => None,
        })
        .collect();
    let mut fields = match kind {
        ClassKind::Dataclass => dataclass_fields(&loader, &mro),
        ClassKind::Pydantic => pydantic_fields(&classes),
        ClassKind::Attrs => attrs_fields(&classes),
    };
    // Docs: the nearest class in the MRO whose docstring documents the field (the first entry
    // of a name in one docstring).
    let docs: Vec<HashMap<&str, &_>> = mro
        .iter()
        .filter_map(|key| match key {
            Key::Class(file, i) => Some(&loader.modules[file].classes[*i]),
            _ => None,
        })
        .map(|c| {
            let mut entries = HashMap::new();
            for e in &c.doc_entries {
                entries.entry(e.name.as_str()).or_insert(&e.doc);
            }
            entries
        })
        .collect();
    for f in &mut fields {
        f.doc = docs
            .iter()
            .find_map(|entries| entries.get(f.name.as_str()).map(|&doc| doc.clone()));
    }
    let documented = info
        .doc_entries
        .iter()
        .map(|e| DocumentedParam {
            name: e.name.clone(),
            doc: e.doc.clone(),
            origin: Origin {
                path: module.file.path.clone(),
                line: info.doc_start.0 + e.line,
                col: e.col + 1,
            },
            heading: e.heading.clone(),
        })
        .collect();
    let declaring = classes
        .iter()
        .map(|c| ClassDoc {
            name: c.name.clone(),
            docstring: c.docstring.clone(),
        })
        .collect();
    Ok(ImportedClass {
        name: class.to_string(),
        kind,
        declaring,
        origin: module.file.origin(info.name_offset),
        fields,
        documented,
        unresolved_bases: loader.unresolved,
    })
}

/// Dataclass fields: bases first (reverse MRO), a redefinition replacing the field where it
/// stands.
fn dataclass_fields(loader: &Loader, mro: &[Key]) -> Vec<ImportedField> {
    // Look-ups by name go through maps, so that a class of thousands of fields costs no more
    // than a few passes over them.
    let mut fields: Vec<ImportedField> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for key in mro.iter().rev() {
        let Key::Class(file, i) = key else { continue };
        let c = &loader.modules[file].classes[*i];
        if c.decorator != Decorator::Dataclass {
            continue;
        }
        let bare: HashSet<&str> = c.bare.iter().map(String::as_str).collect();
        for f in &c.fields {
            let mut f = f.clone();
            if bare.contains(f.name.as_str()) {
                // `x: int` with no value: `dataclasses` takes the class attribute a base left
                // (the default of the base's field, if it has one).
                f.default = inherited_default(loader, mro, key, &f.name);
            }
            place(&mut fields, &mut position, f);
        }
    }
    fields
}

/// Adds `f`, or replaces the field of that name where it stands.
fn place(fields: &mut Vec<ImportedField>, position: &mut HashMap<String, usize>, f: ImportedField) {
    match position.get(&f.name) {
        Some(&at) => fields[at] = f,
        None => {
            position.insert(f.name.clone(), fields.len());
            fields.push(f);
        }
    }
}

/// Pydantic fields: the annotations of every class in the MRO, bases first, a redefinition
/// keeping its first position (pydantic collects type hints over the reversed MRO into one
/// dict); private `_x` attributes and `model_config` are not fields.
fn pydantic_fields(classes: &[&ClassInfo]) -> Vec<ImportedField> {
    let mut fields = Vec::new();
    let mut position = HashMap::new();
    for c in classes.iter().rev() {
        if c.decorator != Decorator::Plain {
            continue;
        }
        for f in &c.fields {
            if f.name.starts_with('_') || f.name == "model_config" {
                continue;
            }
            place(&mut fields, &mut position, f.clone());
        }
    }
    fields
}

/// The attributes an attrs class declares itself: its annotated fields with `auto_attribs`
/// (detected as `@define` does: on unless some `attr.ib()` has no annotation), otherwise its
/// `x = attr.ib()` assignments.
fn own_attrs(c: &ClassInfo) -> &[ImportedField] {
    let Decorator::Attrs { auto_attribs } = c.decorator else {
        return &[];
    };
    if auto_attribs.unwrap_or(c.assigned.is_empty()) {
        &c.fields
    } else {
        &c.assigned
    }
}

/// Attrs fields: the bases' attributes (reverse MRO, each name at its last definition, names the
/// class redefines left out), then the class's own, as `attrs` collects them.
fn attrs_fields(classes: &[&ClassInfo]) -> Vec<ImportedField> {
    let Some((me, bases)) = classes.split_first() else {
        return Vec::new();
    };
    let own = own_attrs(me);
    let taken: HashSet<&str> = own.iter().map(|f| f.name.as_str()).collect();
    let inherited: Vec<&ImportedField> = bases
        .iter()
        .rev()
        .flat_map(|c| own_attrs(c))
        .filter(|f| !taken.contains(f.name.as_str()))
        .collect();
    let mut seen = HashSet::new();
    let mut kept: Vec<ImportedField> = inherited
        .iter()
        .rev()
        .filter(|f| seen.insert(f.name.as_str()))
        .map(|f| (*f).clone())
        .collect();
    kept.reverse();
    kept.extend(own.iter().cloned());
    kept
}

/// True for pydantic's model roots (`BaseModel`, `BaseSettings`, `RootModel`), which fieldbook
/// does not read but recognises.
fn is_pydantic_root(key: &Key) -> bool {
    let Key::Unresolved(text) = key else {
        return false;
    };
    let head = text.split('[').next().unwrap_or(text);
    let name = head.rsplit('.').next().unwrap_or(head);
    PYDANTIC_ROOTS.contains(&name)
}

/// True for the roots of Python's enums (`Enum`, `IntEnum`, `StrEnum`, `Flag`, `IntFlag`).
pub(crate) fn is_enum_root(key: &Key) -> bool {
    let Key::Unresolved(text) = key else {
        return false;
    };
    let name = text.rsplit('.').next().unwrap_or(text);
    ["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"].contains(&name)
}

/// The classes pydantic models derive from.
const PYDANTIC_ROOTS: [&str; 3] = ["BaseModel", "BaseSettings", "RootModel"];

/// The default that the first dataclass after `key` in `mro` gives field `name`.
fn inherited_default(loader: &Loader, mro: &[Key], key: &Key, name: &str) -> Option<String> {
    let after = mro.iter().position(|k| k == key)? + 1;
    mro[after..].iter().find_map(|k| {
        let Key::Class(file, i) = k else { return None };
        let c = &loader.modules[file].classes[*i];
        if c.decorator != Decorator::Dataclass {
            return None;
        }
        c.fields
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.default.clone())
    })
}

/// "no class `X`", pointing at the closest class name when there is one.
fn not_found(module: &ModuleInfo, class: &str) -> Diagnostic {
    let names: Vec<&str> = module.classes.iter().map(|c| c.name.as_str()).collect();
    let message = format!("no class `{class}` in this file");
    if let Some(close) = did_you_mean(class, &names) {
        let offset = module.classes[module.class(close).unwrap_or(0)].name_offset;
        return error_at(module, offset, message)
            .with_hint(format!("did you mean `{close}` (defined here)?"));
    }
    let mut unique: Vec<&str> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    let hint = if unique.is_empty() {
        "the file defines no class at its top level".to_string()
    } else {
        format!(
            "classes defined here: {}",
            unique
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Diagnostic::file(&module.file.path, message).with_hint(hint)
}

impl Loader {
    /// A loader that also looks absolute imports up in `search`.
    pub fn with_search(search: &[PathBuf]) -> Loader {
        Loader {
            search: search.to_vec(),
            ..Loader::default()
        }
    }

    pub fn load(&mut self, path: &Path) -> Result<Rc<ModuleInfo>, Diagnostics> {
        if let Some(m) = self.modules.get(path) {
            return Ok(m.clone());
        }
        let module = Rc::new(parse_file(path)?);
        self.modules.insert(path.to_path_buf(), module.clone());
        Ok(module)
    }

    /// Python's C3 linearisation of `key` (the class itself first).
    pub fn linearize(
        &mut self,
        key: &Key,
        stack: &mut Vec<Key>,
        memo: &mut HashMap<PathBuf, HashMap<usize, Vec<Key>>>,
    ) -> Result<Vec<Key>, Diagnostics> {
        let Key::Class(path, index) = key else {
            return Ok(vec![key.clone()]);
        };
        if let Some(done) = memo.get(path).and_then(|m| m.get(index)) {
            return Ok(done.clone());
        }
        if stack.contains(key) || stack.len() > MAX_DEPTH {
            // A cycle (`class A(A)` through imports): stop here.
            return Ok(vec![key.clone()]);
        }
        stack.push(key.clone());
        let module = self.modules[path].clone();
        let mut bases = Vec::new();
        for base in &module.classes[*index].bases {
            bases.push(self.resolve_base(&module, base)?);
        }
        let mut sequences = Vec::new();
        for base in &bases {
            sequences.push(self.linearize(base, stack, memo)?);
        }
        sequences.push(bases.clone());
        stack.pop();
        let mut result = vec![key.clone()];
        match merge(sequences.clone()) {
            Some(rest) => result.extend(rest),
            // Not linearisable (Python would raise TypeError): depth-first, left to right.
            None => {
                for k in sequences.into_iter().flatten() {
                    if !result.contains(&k) {
                        result.push(k);
                    }
                }
            }
        }
        memo.entry(path.clone())
            .or_default()
            .insert(*index, result.clone());
        Ok(result)
    }

    /// The class a base expression of `module` names.
    pub fn resolve_base(
        &mut self,
        module: &Rc<ModuleInfo>,
        base: &super::pyfile::BaseRef,
    ) -> Result<Key, Diagnostics> {
        let unresolved = |loader: &mut Loader, from: Option<String>| -> Result<Key, Diagnostics> {
            if !loader.unresolved.iter().any(|u| u.name == base.text)
                && !is_fieldless_base(&base.text, from.as_deref())
            {
                loader.unresolved.push(UnresolvedBase {
                    name: base.text.clone(),
                    module: from,
                    origin: module.file.origin(base.offset),
                });
            }
            Ok(Key::Unresolved(base.text.clone()))
        };
        let Some(parts) = &base.dotted else {
            return unresolved(self, None);
        };
        // pydantic's own classes are recognised by name, never read.
        let from_pydantic = module
            .imports
            .iter()
            .rev()
            .find(|(bound, _)| *bound == parts[0])
            .is_some_and(|(_, b)| b.module_text().starts_with("pydantic"));
        if from_pydantic {
            return Ok(Key::Unresolved(base.text.clone()));
        }
        let path = &module.file.path;
        match parts.as_slice() {
            [name] => match self.find_class(path, name, 0)? {
                Some(key) => Ok(key),
                None => {
                    let from = module
                        .imports
                        .iter()
                        .rev()
                        .find(|(bound, _)| bound == name)
                        .map(|(_, b)| b.module_text());
                    unresolved(self, from)
                }
            },
            [first, middle @ .., name] => {
                // `module.Class` where `module` was imported.
                let binding = module
                    .imports
                    .iter()
                    .rev()
                    .find(|(bound, _)| bound == first)
                    .map(|(_, b)| b.clone());
                let target = match &binding {
                    Some(Binding::Module { module: m }) => {
                        let mut dotted = m.clone();
                        for part in middle {
                            dotted.push('.');
                            dotted.push_str(part);
                        }
                        resolve_module(path, 0, Some(&dotted), &self.search)
                    }
                    Some(Binding::From {
                        level,
                        module: m,
                        name: imported,
                    }) => {
                        let mut dotted = m.clone().unwrap_or_default();
                        for part in std::iter::once(imported).chain(middle) {
                            if !dotted.is_empty() {
                                dotted.push('.');
                            }
                            dotted.push_str(part);
                        }
                        resolve_module(path, *level, Some(&dotted), &self.search)
                    }
                    None => None,
                };
                if let Some(file) = target {
                    if let Some(key) = self.find_class(&file, name, 0)? {
                        return Ok(key);
                    }
                }
                unresolved(self, binding.map(|b| b.module_text()))
            }
            [] => unresolved(self, None),
        }
    }

    /// The class `name` as module `path` sees it: defined there, or imported from a module that
    /// can be found (following re-exports).
    fn find_class(
        &mut self,
        path: &Path,
        name: &str,
        depth: usize,
    ) -> Result<Option<Key>, Diagnostics> {
        if depth > MAX_REEXPORTS {
            return Ok(None);
        }
        let module = self.load(path)?;
        if let Some(index) = module.class(name) {
            return Ok(Some(Key::Class(path.to_path_buf(), index)));
        }
        for (bound, binding) in module.imports.iter().rev() {
            if bound != name {
                continue;
            }
            if let Binding::From {
                level,
                module: m,
                name: imported,
            } = binding
            {
                if let Some(file) = resolve_module(path, *level, m.as_deref(), &self.search) {
                    if let Some(key) = self.find_class(&file, imported, depth + 1)? {
                        return Ok(Some(key));
                    }
                }
            }
        }
        Ok(None)
    }
}

/// Bases that never carry dataclass fields (`object`, `Generic[T]`, `abc.ABC`, `Enum`…), which
/// are not worth a note when their source is not found.
fn is_fieldless_base(text: &str, module: Option<&str>) -> bool {
    const MODULES: [&str; 5] = [
        "typing",
        "typing_extensions",
        "abc",
        "enum",
        "collections.abc",
    ];
    const NAMES: [&str; 7] = [
        "object",
        "Generic",
        "Protocol",
        "ABC",
        "Enum",
        "NamedTuple",
        "TypedDict",
    ];
    let head = text.split('[').next().unwrap_or(text).trim();
    let (qualifier, name) = head.rsplit_once('.').unwrap_or(("", head));
    module.is_some_and(|m| MODULES.contains(&m) || m.starts_with("pydantic"))
        || MODULES.contains(&qualifier)
        || (qualifier.is_empty() && module.is_none() && NAMES.contains(&name))
}

/// C3 merge; `None` when the hierarchy cannot be linearised.
fn merge(mut sequences: Vec<Vec<Key>>) -> Option<Vec<Key>> {
    let mut out = Vec::new();
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Some(out);
        }
        let head = sequences
            .iter()
            .map(|s| &s[0])
            .find(|candidate| !sequences.iter().any(|s| s[1..].contains(candidate)))?
            .clone();
        for s in &mut sequences {
            if s[0] == head {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

/// The file of module `module` imported with `level` leading dots from `from_file`: relative
/// imports from the file's folder (and its parents), absolute ones from the file's folder, from
/// the folder holding the package the file lives in (`peft.config` from `…/peft/tuners/x.py`),
/// from the folder holding the file's top package (its sibling packages: `transformers` beside
/// `trl` in a site-packages), then from each of `search`.
pub(crate) fn resolve_module(
    from_file: &Path,
    level: u32,
    module: Option<&str>,
    search: &[PathBuf],
) -> Option<PathBuf> {
    let dir = from_file.parent().unwrap_or(Path::new(""));
    let parts: Vec<&str> = module
        .map(|m| m.split('.').filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let mut roots: Vec<PathBuf> = Vec::new();
    if level > 0 {
        let mut base = dir.to_path_buf();
        for _ in 1..level {
            base = base.parent()?.to_path_buf();
        }
        roots.push(base);
    } else {
        let first = *parts.first()?;
        roots.push(dir.to_path_buf());
        let shown = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let absolute = std::fs::canonicalize(shown).unwrap_or_else(|_| dir.to_path_buf());
        let mut ancestor = Some(absolute.as_path());
        while let Some(a) = ancestor {
            if a.file_name().is_some_and(|n| n == first) {
                if let Some(parent) = a.parent() {
                    roots.push(relative_if_possible(dir, &absolute, parent));
                }
            }
            ancestor = a.parent();
        }
        // The folder holding the top package: walk up the folders with an `__init__.py`.
        let mut top = absolute.as_path();
        while top.join("__init__.py").is_file() {
            match top.parent() {
                Some(parent) => top = parent,
                None => break,
            }
        }
        if top != absolute.as_path() {
            roots.push(relative_if_possible(dir, &absolute, top));
        }
        roots.extend(search.iter().cloned());
    }
    for root in roots {
        let mut p = normalize(&root);
        for part in &parts {
            p.push(part);
        }
        let file = p.with_extension("py");
        if !parts.is_empty() && file.is_file() {
            return Some(file);
        }
        let init = p.join("__init__.py");
        if init.is_file() {
            return Some(init);
        }
    }
    None
}

/// `target` (an ancestor of `absolute`, the canonical form of `dir`) written relative to `dir`
/// when `dir` was relative, so that diagnostics show paths as the user typed them.
fn relative_if_possible(dir: &Path, absolute: &Path, target: &Path) -> PathBuf {
    if dir.is_absolute() {
        return target.to_path_buf();
    }
    let Ok(below) = absolute.strip_prefix(target) else {
        return target.to_path_buf();
    };
    let ups = below.components().count();
    let mut p = dir.to_path_buf();
    for _ in 0..ups {
        p.push("..");
    }
    p
}

/// `a/b/../c` as `a/c` (the folders were found through the canonical path, so `..` here never
/// crosses a symbolic link the user did not write).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
