//! The Python dataclass reader behind `fieldbook import`: the input is written to a `.py` file
//! in a package folder and the first class it names (or `Config`) is read. Whatever the source
//! says, the result is the fields or positioned diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Package {
    _dir: tempfile::TempDir,
    file: PathBuf,
}

fn package() -> &'static Package {
    static PACKAGE: OnceLock<Package> = OnceLock::new();
    PACKAGE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("__init__.py"), "").unwrap();
        std::fs::write(
            pkg.join("base.py"),
            "from dataclasses import dataclass, field\n\n@dataclass\nclass Base:\n    seed: int = 42\n",
        )
        .unwrap();
        Package {
            file: pkg.join("config.py"),
            _dir: dir,
        }
    })
}

/// The name after the first `class ` in the text, or `Config`.
fn class_name(text: &str) -> &str {
    text.split("class ")
        .nth(1)
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c == '_' || c.is_alphanumeric()))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|name| !name.is_empty())
        .unwrap_or("Config")
}

fuzz_target!(|data: &[u8]| {
    let package = package();
    std::fs::write(&package.file, data).unwrap();
    let text = String::from_utf8_lossy(data);
    let class = class_name(&text);
    match fieldbook::python::reader::read_dataclass(&package.file, class) {
        Ok(imported) => {
            let _ = fieldbook::python::reader::to_json(&imported.fields);
            let _ = fieldbook::python::reader::to_table(&imported.fields);
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "an error without a diagnostic");
            let _ = problems.to_string();
        }
    }
    let _ = fieldbook::python::reader::parse_param_section(&text);
});
