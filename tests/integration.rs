//! Every integration test, as modules of one test binary: each test binary links the whole
//! crate and its dependencies, so one binary instead of two dozen saves most of a cold
//! `cargo test`'s linking (see README, "Two commands"). Run one file's tests with
//! `cargo test --test integration site_build::`.
//!
//! A new test file in `tests/` is declared here; [`every_test_file_is_a_module`] fails until it
//! is (Cargo.toml sets `autotests = false`, so Cargo would not build it on its own).

mod common;

mod bounded_cost;
mod build_from_source;
mod bundled_site;
mod dest_safety;
mod drift;
mod edits;
mod fuzz_lock;
mod glossary;
mod hostile;
mod import_cli;
mod import_into;
mod interrupt;
mod invalid_corpus;
mod languages;
mod missing_translation;
mod new_book;
mod po;
mod properties;
mod publish;
mod python_drift;
mod python_values;
mod rebuild_cache;
mod search_index;
mod serve;
mod site_build;
mod usage_forms;
mod validation;
mod version_text;
mod versions;

/// Every `tests/*.rs` file is one of the modules above, so none is silently left unbuilt.
#[test]
fn every_test_file_is_a_module() {
    let tests = common::repo().join("tests");
    let this = std::fs::read_to_string(tests.join("integration.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name.strip_suffix(".rs") {
            if module != "integration" && !this.contains(&format!("\nmod {module};\n")) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "declare these test files in tests/integration.rs (`mod <name>;`): {missing:?}"
    );
}
