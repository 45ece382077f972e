//! Where a Python file stands in its package: the module path users import the class from, the
//! library, and its version (from a `*.dist-info` folder beside the package, else the package's
//! `__version__`).

use crate::python::reader::module_binds;
use std::path::{Path, PathBuf};

/// What `new` learns about the package a source file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `peft.LoraConfig`: the shortest module path of the package that binds the class (a
    /// package `__init__.py` that re-exports it), else the file's own module.
    pub import_path: String,
    /// The top package's name, when the file is inside a package.
    pub library: Option<String>,
    /// The library's version, when a `*.dist-info` folder or `__version__` gives it.
    pub version: Option<String>,
}

/// The package facts of class `class` defined in `file`.
pub fn package_of(file: &Path, class: &str) -> Package {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The package folders from the file's up to the top one.
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut dir = file.parent().map(Path::to_path_buf);
    while let Some(d) = dir {
        if !d.join("__init__.py").is_file() {
            break;
        }
        dir = d.parent().map(Path::to_path_buf);
        folders.push(d);
    }
    folders.reverse();
    let names: Vec<String> = folders
        .iter()
        .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let mut module: Vec<String> = names.clone();
    if stem != "__init__" {
        module.push(stem);
    }
    // The shortest package prefix whose `__init__.py` binds the class.
    let import_module = (1..=names.len())
        .find(|&n| module_binds(&folders[n - 1].join("__init__.py"), class))
        .map_or(module.clone(), |n| names[..n].to_vec());
    let import_path = if import_module.is_empty() {
        class.to_string()
    } else {
        format!("{}.{class}", import_module.join("."))
    };
    let library = names.first().cloned();
    let version = folders
        .first()
        .zip(library.as_deref())
        .and_then(|(top, name)| dist_info_version(top, name).or_else(|| dunder_version(top)));
    Package {
        import_path,
        library,
        version,
    }
}

/// The version in the name of `<name>-<version>.dist-info` beside the package folder `top`.
fn dist_info_version(top: &Path, name: &str) -> Option<String> {
    let normalized = name.replace('-', "_").to_lowercase();
    let mut found: Vec<String> = std::fs::read_dir(top.parent()?)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| {
            let stem = n.strip_suffix(".dist-info")?;
            let (dist, version) = stem.split_once('-')?;
            (dist.replace('-', "_").to_lowercase() == normalized).then(|| version.to_string())
        })
        .collect();
    found.sort();
    found.pop()
}

/// `__version__ = "x"` in the package's `__init__.py`.
fn dunder_version(top: &Path) -> Option<String> {
    let text = std::fs::read_to_string(top.join("__init__.py")).ok()?;
    text.lines().find_map(|line| {
        let value = line
            .strip_prefix("__version__")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let inner = &value[1..];
        Some(inner[..inner.find(quote)?].to_string())
    })
}
