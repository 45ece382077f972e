//! Building fixture books end to end: golden output, determinism, atomic replacement, the CLI.

mod common;

use common::*;
use std::fs;

/// Files of the minimal fixture's output compared byte for byte with `expected/`.
const GOLDEN: &[&str] = &[
    "fields.json",
    "en/trainer/schedule.html",
    "zh/trainer/schedule.html",
    "en/trainer/defaults.html",
];

#[test]
fn can_build_the_minimal_fixture_matching_its_expected_output() {
    let (dir, root) = book_copy("minimal");
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "-q prints nothing");
    let expected_dir = fixture("minimal").join("expected");
    for file in GOLDEN {
        let got = fs::read_to_string(root.join("out").join(file)).unwrap();
        let expected_path = expected_dir.join(file);
        if std::env::var_os("FIELDBOOK_BLESS").is_some() {
            fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "missing {}; run with FIELDBOOK_BLESS=1 and review",
                expected_path.display()
            )
        });
        assert!(got == expected, "{file} differs from tests/fixtures/minimal/expected/{file}; if the change is intended, rerun with FIELDBOOK_BLESS=1 and review the diff");
    }
    drop(dir);
}

#[test]
fn builds_are_byte_identical() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q", "-d", "first"], &root)
        .status
        .success());
    assert!(fieldbook(&["build", "-q", "-d", "second"], &root)
        .status
        .success());
    let first = read_tree(&root.join("first"));
    assert!(first.len() > 10);
    assert_eq!(first, read_tree(&root.join("second")));
}

#[test]
fn summary_line_names_pages_fields_languages_and_time() {
    let (_dir, root) = book_copy("minimal");
    let out = fieldbook(&["build"], &root);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("built 15 pages for 7 fields in 2 languages into "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
}

#[test]
fn pages_carry_language_switch_hreflang_and_same_anchor_in_both_languages() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let en = fs::read_to_string(root.join("out/en/trainer/schedule.html")).unwrap();
    let zh = fs::read_to_string(root.join("out/zh/trainer/schedule.html")).unwrap();
    assert!(en.contains("<html lang=\"en\">") && zh.contains("<html lang=\"zh-CN\">"));
    for page in [&en, &zh] {
        assert!(page.contains("id=\"save_strategy\""));
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.org/docs/zh/trainer/schedule.html\">"));
        assert!(page.contains("<a href=\"../../zh/trainer/schedule.html\" hreflang=\"zh-CN\""));
    }
    // No English chrome on the Chinese page.
    for english in [
        "Default",
        "Command line",
        "Allowed values",
        "All defaults",
        "See also",
        "required",
    ] {
        assert!(
            !zh.contains(&format!(">{english}<")),
            "Chinese page shows {english:?}"
        );
    }
}

#[test]
fn enum_union_and_choices_notes_list_every_value() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let en = fs::read_to_string(root.join("out/en/trainer/schedule.html")).unwrap();
    let section = |name: &str| {
        let start = en.find(&format!("id=\"{name}\"")).unwrap();
        let end = en[start..].find("</section>").unwrap();
        en[start..start + end].to_string()
    };
    let save = section("save_strategy");
    assert!(
        save.contains(
            "<code>Strategy.EPOCH</code> and <code>&quot;epoch&quot;</code> mean the same thing"
        ),
        "{save}"
    );
    for value in ["no", "steps", "epoch"] {
        assert!(
            save.contains(&format!("<code>&quot;{value}&quot;</code>")),
            "{value}"
        );
    }
    assert!(save.contains("Other values raise <code>ValueError</code>."));
    assert!(
        save.contains("href=\"../../en/guides/types.html\""),
        "links the concept page"
    );
    let extra = section("extra");
    assert!(
        extra.contains("Accepted forms")
            && extra.contains("<code>dict</code> — a Python dict, used as given")
            && extra.contains("<code>None</code> — leave it unset"),
        "{extra}"
    );
    let backend = section("backend");
    assert!(
        backend.contains("<code>&quot;nccl&quot;</code>")
            && backend.contains("<code>&quot;gloo&quot;</code>")
    );
    let precision = section("precision");
    assert!(precision.contains("<code>&quot;bf16&quot;</code>"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let before = read_tree(&root.join("out"));
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "default = \"3.0\"",
        "default = \"three\"",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read_tree(&root.join("out")), before);
    let siblings: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        siblings.iter().all(|n| !n.contains(".fieldbook-")),
        "no temporary folders left: {siblings:?}"
    );
}

#[test]
fn check_writes_nothing_and_reports_the_same_problems() {
    let (_dir, root) = book_copy("minimal");
    let ok = fieldbook(&["check"], &root);
    assert!(ok.status.success());
    assert!(!root.join("out").exists(), "check wrote output");
    edit(
        &root,
        "content/guides/types.md",
        "param:save_strategy",
        "param:save_stratgy",
    );
    let check = fieldbook(&["check"], &root);
    let build = fieldbook(&["build"], &root);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(check.stderr, build.stderr);
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        fieldbook(&["build", "--no-such-flag"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        fieldbook(&["frobnicate"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn init_scaffolds_a_book_that_builds_without_edits() {
    let dir = tempfile::tempdir().unwrap();
    let out = fieldbook(&["init", "mybook"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build = fieldbook(&["build", "mybook"], dir.path());
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page =
        fs::read_to_string(dir.path().join("mybook/book/en/experiment/training.html")).unwrap();
    assert!(
        page.contains("id=\"learning_rate\"")
            && page.contains("id=\"schedule\"")
            && page.contains("id=\"run_name\"")
    );
    let again = fieldbook(&["init", "mybook"], dir.path());
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses to overwrite a book"
    );
}
