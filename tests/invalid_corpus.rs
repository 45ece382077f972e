//! The bad-input corpus: every `tests/invalid/<case>.toml` describes a small book that must fail
//! to build with exactly the diagnostics it lists, exit code 1, no panic, a hint after every
//! error, and an existing DEST left byte for byte as it was.
//!
//! Each case is the book `tests/fixtures/minimal` with a few changes, so a change of the content
//! format is one edit of that fixture. A case file holds:
//! - `expected`: the `path:line:col: error: message` lines, in order (hints are not listed, but
//!   every error must be followed by one). `{ROOT}` stands for the case's book root and `{TMP}`
//!   for the temporary folder holding it.
//! - `dest` (optional): DEST (default `{TMP}/dest`); `good-build = false` skips building the good
//!   site into DEST first, for a DEST that cannot hold one (the root itself, a path under a file,
//!   an unwritable place).
//! - the changes, applied in this order: `[copy]` (book path = path under `tests/`), `[write]`
//!   (book path = text), `[[edit]]` (`file`, `find`, `replace`: the first occurrence of `find`,
//!   which must be there) and `remove` (files or folders).
//!
//! Inputs that are not small plain texts are written at run time by [`prepare`]. After an
//! intended change of a message, rerun with `FIELDBOOK_BLESS=1` (it rewrites `expected`) and
//! review the diff.

use crate::common;

use common::{fixture, read_tree, repo};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One case file of `tests/invalid/`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Case {
    /// The error lines the build must print, in order.
    expected: Vec<String>,
    /// DEST, with `{ROOT}` and `{TMP}` placeholders.
    dest: Option<String>,
    /// Whether a good site is built into DEST before the bad build (to see it left untouched).
    #[serde(default = "yes")]
    good_build: bool,
    /// Book path -> path under `tests/` of a file copied there.
    #[serde(default)]
    copy: BTreeMap<String, String>,
    /// Book path -> the whole text written there.
    #[serde(default)]
    write: BTreeMap<String, String>,
    /// Replacements inside the book's files.
    #[serde(default)]
    edit: Vec<Edit>,
    /// Book paths (files or folders) removed.
    #[serde(default)]
    remove: Vec<String>,
}

/// The first occurrence of `find` in `file` replaced by `replace`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

fn yes() -> bool {
    true
}

fn read_case(name: &str) -> Case {
    let path = corpus_dir().join(format!("{name}.toml"));
    let text = fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes a case's book into `root`: the minimal fixture with the case's changes.
fn make_book(name: &str, case: &Case, root: &Path) {
    common::copy_tree(&fixture("minimal"), root);
    let place = |path: &str| {
        let full = root.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        full
    };
    for (to, from) in &case.copy {
        fs::copy(repo().join("tests").join(from), place(to)).unwrap();
    }
    for (to, text) in &case.write {
        fs::write(place(to), text).unwrap();
    }
    for edit in &case.edit {
        let path = root.join(&edit.file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(&edit.find),
            "tests/invalid/{name}.toml: {} does not contain {:?}",
            edit.file,
            edit.find
        );
        fs::write(&path, text.replacen(&edit.find, &edit.replace, 1)).unwrap();
    }
    for path in &case.remove {
        let full = root.join(path);
        if full.is_dir() {
            fs::remove_dir_all(full).unwrap();
        } else {
            fs::remove_file(full).unwrap();
        }
    }
}

/// Cases the runner completes at run time, with what it writes.
fn prepare(case: &str, root: &Path) {
    let basics = root.join("content/trainer/groups/01-basics.toml");
    match case {
        // An annotation nested 10,000 levels deep: an error, not a stack overflow.
        "annotation-nested-10000" => {
            let deep = format!("{}int{}", "List[".repeat(10_000), "]".repeat(10_000));
            replace_in(
                &basics,
                b"type = \"float\"",
                format!("type = \"{deep}\"").as_bytes(),
            );
        }
        // A byte that is not UTF-8 in the middle of a group title.
        "non-utf8-bytes" => replace_in(&basics, b"\"Basics\"", b"\"Bas\xffics\""),
        // A 10 MiB group file (kept out of git).
        "content-file-10mb" => {
            let line = "# padding to make the file large\n";
            let text = line.repeat(10 * 1024 * 1024 / line.len() + 1);
            fs::write(root.join("content/trainer/groups/03-big.toml"), text).unwrap();
        }
        _ => {}
    }
}

fn replace_in(path: &Path, from: &[u8], to: &[u8]) {
    let bytes = fs::read(path).unwrap();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} does not contain {from:?}", path.display()));
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[at + from.len()..]);
    fs::write(path, out).unwrap();
}

fn corpus_dir() -> PathBuf {
    repo().join("tests/invalid")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".toml").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Rewrites a case file's `expected` with the errors of this run (`FIELDBOOK_BLESS=1`),
/// keeping the rest of the file as written.
fn bless(name: &str, errors: &[&str]) {
    let path = corpus_dir().join(format!("{name}.toml"));
    let mut doc: toml_edit::DocumentMut = fs::read_to_string(&path).unwrap().parse().unwrap();
    let mut lines = toml_edit::Array::new();
    for error in errors {
        lines.push(*error);
    }
    for line in lines.iter_mut() {
        line.decor_mut().set_prefix("\n    ");
    }
    lines.set_trailing_comma(true);
    lines.set_trailing("\n");
    doc["expected"] = toml_edit::value(lines);
    fs::write(&path, doc.to_string()).unwrap();
}

fn run(args: &[&Path], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .arg("build")
        .arg("-q")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// The names in a folder (empty when it is not a folder).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Runs one case; returns what went wrong, or nothing.
fn check_case(name: &str, blessing: bool) -> Result<(), String> {
    let case = read_case(name);
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = fs::canonicalize(tmp.path()).unwrap();
    let root = tmp_path.join("book");
    make_book(name, &case, &root);
    prepare(name, &root);

    let fill = |text: &str| {
        text.replace("{ROOT}", &root.to_string_lossy())
            .replace("{TMP}", &tmp_path.to_string_lossy())
    };
    let dest = PathBuf::from(fill(case.dest.as_deref().unwrap_or("{TMP}/dest")));
    let good_build = case.good_build;

    if good_build {
        let good = run(&[&fixture("minimal"), Path::new("-d"), &dest], &tmp_path);
        if !good.status.success() {
            return Err(format!(
                "the good fixture did not build into {}:\n{}",
                dest.display(),
                String::from_utf8_lossy(&good.stderr)
            ));
        }
    }
    let dest_before = read_tree(&dest);
    let root_before = read_tree(&root);
    // What lies beside DEST, when that is a folder of this case alone (not `/tmp` itself).
    let beside = dest.parent().filter(|p| p.starts_with(&tmp_path));
    let beside_before = beside.map(listing).unwrap_or_default();

    let out = run(&[&root, Path::new("-d"), &dest], &tmp_path);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", out.status.code()));
    }
    if stderr.contains("panicked") {
        problems.push("fieldbook panicked".to_string());
    }

    // The stderr lines with the temporary paths put back as placeholders.
    let shown = stderr
        .replace(&*root.to_string_lossy(), "{ROOT}")
        .replace(&*tmp_path.to_string_lossy(), "{TMP}");
    let lines: Vec<&str> = shown.lines().collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(": error: "))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let is_error = line.contains(": error: ");
        let is_hint = line.starts_with("  hint: ");
        let is_summary = i + 1 == lines.len() && line.ends_with(" found");
        if is_error && !lines.get(i + 1).is_some_and(|l| l.starts_with("  hint: ")) {
            problems.push(format!("no hint after: {line}"));
        }
        if !is_error && !is_hint && !is_summary {
            problems.push(format!("unexpected stderr line: {line}"));
        }
    }
    let n = errors.len();
    let summary = format!("{n} problem{} found", if n == 1 { "" } else { "s" });
    if lines.last() != Some(&summary.as_str()) {
        problems.push(format!("the last line is not `{summary}`"));
    }
    if blessing {
        bless(name, &errors);
    } else if case.expected != errors {
        problems.push(format!(
            "diagnostics differ\n--- expected\n{}\n--- got\n{}",
            case.expected.join("\n"),
            errors.join("\n")
        ));
    }

    if read_tree(&dest) != dest_before {
        problems.push(format!("DEST {} changed", dest.display()));
    }
    if read_tree(&root) != root_before {
        problems.push("the book's own files changed".to_string());
    }
    if beside.map(listing).unwrap_or_default() != beside_before {
        problems.push("the build left something beside DEST".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n(full stderr)\n{stderr}", problems.join("\n")))
    }
}

#[test]
fn errors_on_every_case_of_the_bad_input_corpus() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the corpus has {} cases, fewer than 40",
        cases.len()
    );
    let blessing = std::env::var_os("FIELDBOOK_BLESS").is_some();
    let threads = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
    let chunk = cases.len().div_ceil(threads);
    let failures: BTreeMap<String, String> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|names| {
                scope.spawn(move || {
                    names
                        .iter()
                        .filter_map(|name| {
                            check_case(name, blessing)
                                .err()
                                .map(|why| (name.clone(), why))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    if !failures.is_empty() {
        let report: Vec<String> = failures
            .iter()
            .map(|(name, why)| format!("=== tests/invalid/{name}\n{why}"))
            .collect();
        panic!(
            "{} of {} cases failed:\n{}",
            failures.len(),
            cases.len(),
            report.join("\n")
        );
    }
}

/// A rewrite of a file's text.
type Change = dyn Fn(&str) -> String;

/// Every text file of the book rewritten by `change`.
fn rewrite_all(dir: &Path, change: &Change) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rewrite_all(&path, change);
        } else {
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, change(&text)).unwrap();
        }
    }
}

#[test]
fn bom_and_crlf_files_build_the_same_site() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain-site");
    let out = run(&[&fixture("minimal"), Path::new("-d"), &plain], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = read_tree(&plain);
    let variants: [(&str, &Change); 3] = [
        ("bom", &|t| format!("\u{feff}{t}")),
        ("crlf", &|t| t.replace('\n', "\r\n")),
        ("bom-crlf", &|t| {
            format!("\u{feff}{}", t.replace('\n', "\r\n"))
        }),
    ];
    for (name, change) in variants {
        let root = tmp.path().join(name);
        common::copy_tree(&fixture("minimal"), &root);
        rewrite_all(&root, change);
        let dest = tmp.path().join(format!("{name}-site"));
        let out = run(&[&root, Path::new("-d"), &dest], tmp.path());
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            read_tree(&dest) == expected,
            "{name}: the site differs from the one built from LF files without a BOM"
        );
    }
}
