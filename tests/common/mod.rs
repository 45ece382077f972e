//! Helpers shared by the integration tests: copying fixture books, running the CLI, reading
//! whole output trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture book under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder tree (files only, no symlinks) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "expected" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of a fixture book; the returned folder holds it at `book/`.
pub fn book_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    copy_tree(&fixture(name), &root);
    (dir, root)
}

/// Runs the `fieldbook` binary.
pub fn fieldbook(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Replaces `from` with `to` in a file of the book, failing the test if `from` is absent.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The arguments of a search index script, `fieldbookSearchLoaded(KIND,INDEX,DATA);\n`: kind,
/// index and data, each a JSON value.
pub fn search_script(script: &str) -> [serde_json::Value; 3] {
    let args = script
        .strip_prefix("fieldbookSearchLoaded(")
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a search index script: {script:.80}"));
    let args: Vec<serde_json::Value> = serde_json::from_str(&format!("[{args}]")).unwrap();
    args.try_into().expect("three arguments")
}

/// The search shard of `term` given the manifest's keys: the last whose first term is not after
/// it, in UTF-16 order (as the search box compares strings).
pub fn shard_of(keys: &[serde_json::Value], term: &str) -> Option<usize> {
    keys.iter().rposition(|k| {
        k.as_str()
            .unwrap()
            .encode_utf16()
            .cmp(term.encode_utf16())
            .is_le()
    })
}

/// The postings of `term` in the search index under `site` (a built site's folder):
/// (document, score × 100), found in the last shard whose first term is not after it (in
/// UTF-16 order, as the search box compares).
pub fn search_postings(site: &Path, term: &str) -> Vec<(u64, u64)> {
    let read = |name: &str| {
        search_script(&fs::read_to_string(site.join("assets/search").join(name)).unwrap())
    };
    let [_, _, manifest] = read("manifest.js");
    let Some(shard) = shard_of(manifest["keys"].as_array().unwrap(), term) else {
        return Vec::new();
    };
    let [_, _, data] = read(&format!("t{shard}.js"));
    let Some(flat) = data["terms"][term].as_array() else {
        return Vec::new();
    };
    let mut doc = 0;
    flat.chunks(2)
        .map(|p| {
            doc += p[0].as_u64().unwrap();
            (doc, p[1].as_u64().unwrap())
        })
        .collect()
}

/// Builds the bundled book (the repository's own) into a temporary folder: (its guard, DEST).
pub fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("site");
    let out = fieldbook(&["build", "-q", "-d", dest.to_str().unwrap()], &repo());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, dest)
}

/// A page of a built site.
pub fn read(dest: &Path, page: &str) -> String {
    fs::read_to_string(dest.join(page)).unwrap_or_else(|_| panic!("missing page {page}"))
}
