//! The fuzz targets (`fuzz/`, a workspace of its own with its own lock file) test the code that
//! ships: every package both lock files hold is locked in `fuzz/` at versions and sources that
//! `Cargo.lock` holds too, and every dependency comes from the registry (no `[patch]`, no path or
//! git copies of a dependency).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

/// Package name → its (version, source) entries in a `Cargo.lock`.
fn locked(path: &str) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let text = std::fs::read_to_string(common::repo().join(path)).unwrap();
    let lock: toml::Table = text.parse().unwrap();
    let mut out: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for package in lock["package"].as_array().unwrap() {
        let field = |key: &str| package.get(key).and_then(|v| v.as_str()).unwrap_or("");
        out.entry(field("name").to_string())
            .or_default()
            .insert((field("version").to_string(), field("source").to_string()));
    }
    out
}

#[test]
fn the_fuzz_targets_build_against_the_dependencies_that_ship() {
    let main = locked("Cargo.lock");
    let fuzz = locked("fuzz/Cargo.lock");
    assert!(fuzz.contains_key("tera") && fuzz.contains_key("ruff_python_parser"));
    for (name, versions) in &fuzz {
        if let Some(shipped) = main.get(name) {
            // The main lock also holds the test-only dependencies' versions.
            assert!(
                versions.is_subset(shipped),
                "{name}: fuzz/Cargo.lock has {versions:?}, Cargo.lock {shipped:?}"
            );
        }
    }
    for (name, versions) in &main {
        for (_, source) in versions {
            let local = name == "fieldbook";
            assert!(
                local || source.starts_with("registry+"),
                "{name} is not from the registry"
            );
        }
    }
}
