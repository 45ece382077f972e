//! The bad-input corpus: every folder under `tests/invalid/` is a small book that must fail to
//! build with exactly the diagnostics its `expected.txt` lists, exit code 1, no panic, a hint
//! after every error, and an existing DEST left byte for byte as it was.
//!
//! A case folder holds the book plus:
//! - `expected.txt`: the `path:line:col: error: message` lines, in order (hints are not listed,
//!   but every error must be followed by one). `{ROOT}` stands for the case's book root and
//!   `{TMP}` for the temporary folder holding it.
//! - `dest.txt` (optional): DEST on its first line (default `{TMP}/dest`); a second line
//!   `no-good-build` skips building the good site into DEST first, for a DEST that cannot hold
//!   one (the root itself, a path under a file, an unwritable place).
//!
//! Inputs that are not small plain files are written at run time by [`prepare`]. After an
//! intended change of a message, rerun with `FIELDBOOK_BLESS=1` and review the diff.

use crate::common;

use common::{fixture, read_tree, repo};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Files of a case folder that are about the test, not part of the book.
const CASE_FILES: &[&str] = &["expected.txt", "dest.txt"];

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
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Copies a case's book (not its test files) to `to`.
fn copy_book(from: &Path, to: &Path, top: bool) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if top && CASE_FILES.iter().any(|f| name == *f) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_book(&entry.path(), &to.join(&name), false);
        } else {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
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
fn check_case(case: &str, bless: bool) -> Result<(), String> {
    let source = corpus_dir().join(case);
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = fs::canonicalize(tmp.path()).unwrap();
    let root = tmp_path.join("book");
    copy_book(&source, &root, true);
    prepare(case, &root);

    let dest_spec = fs::read_to_string(source.join("dest.txt")).unwrap_or_default();
    let mut spec_lines = dest_spec.lines();
    let fill = |text: &str| {
        text.replace("{ROOT}", &root.to_string_lossy())
            .replace("{TMP}", &tmp_path.to_string_lossy())
    };
    let dest = PathBuf::from(fill(spec_lines.next().unwrap_or("{TMP}/dest")));
    let good_build = !spec_lines.any(|l| l.trim() == "no-good-build");

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
    let expected_path = source.join("expected.txt");
    if bless {
        let mut text = errors.join("\n");
        text.push('\n');
        fs::write(&expected_path, text).unwrap();
    } else {
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        if expected != errors {
            problems.push(format!(
                "diagnostics differ\n--- expected\n{}\n--- got\n{}",
                expected.join("\n"),
                errors.join("\n")
            ));
        }
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
    let bless = std::env::var_os("FIELDBOOK_BLESS").is_some();
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
                            check_case(name, bless).err().map(|why| (name.clone(), why))
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
