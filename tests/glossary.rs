//! `glossary.toml`: terminology checked in every translation, at the exact place.

use crate::common::{book_copy, edit, fieldbook, repo};
use std::fs;

const GLOSSARY: &str = r#"[[term]]
term = "checkpoint"
use.zh = ["检查点"]
avoid.zh = ["检验点", "存档点"]

[[term]]
term = "folder"
use.zh = ["目录"]
avoid.zh = ["文件夹", "folder"]
"#;

/// Line 13 of the minimal book's basics group: `summary.zh = "检查点目录。"` (the English:
/// "Folder for checkpoints.").
const GROUP: &str = "content/trainer/groups/01-basics.toml";
const SUMMARY_ZH: &str = "summary.zh = \"检查点目录。\"";

fn book_with_glossary() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = book_copy("minimal");
    fs::write(root.join("glossary.toml"), GLOSSARY).unwrap();
    (dir, root)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_book_that_follows_its_glossary_has_no_warning() {
    let (_dir, root) = book_with_glossary();
    let out = fieldbook(&["check", "--strict"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_ruled_out_variant_is_a_warning_at_its_place_and_strict_fails() {
    let (_dir, root) = book_with_glossary();
    edit(&root, GROUP, SUMMARY_ZH, "summary.zh = \"检查点文件夹。\"");
    let out = fieldbook(&["check"], &root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The value starts at column 15; the variant is its 4th character.
    assert!(
        err.contains("content/trainer/groups/01-basics.toml:13:18: warning: the `zh` summary of `output_dir` writes `文件夹` for “folder”, which the glossary rules out"),
        "{err}"
    );
    assert!(
        err.contains("hint: write `目录` (glossary.toml:7:8)"),
        "{err}"
    );
    // …and, as the summary no longer says 目录, that it has none of the preferred forms.
    assert!(
        err.contains("content/trainer/groups/01-basics.toml:13:15: warning: the `en` summary of `output_dir` uses “folder”, but its `zh` translation has none of the glossary's forms for it"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    let strict = fieldbook(&["check", "--strict"], &root);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn a_term_the_translation_leaves_out_is_a_warning_until_it_is_used() {
    let (_dir, root) = book_with_glossary();
    edit(
        &root,
        GROUP,
        SUMMARY_ZH,
        "summary.zh = \"存放检查点的位置。\"",
    );
    let err = stderr(&fieldbook(&["check"], &root));
    assert!(
        err.contains("content/trainer/groups/01-basics.toml:13:15: warning: the `en` summary of `output_dir` uses “folder”, but its `zh` translation has none of the glossary's forms for it"),
        "{err}"
    );
    edit(
        &root,
        GROUP,
        "summary.zh = \"存放检查点的位置。\"",
        "summary.zh = \"存放检查点的目录。\"",
    );
    let out = fieldbook(&["check", "--strict"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn code_and_the_original_word_in_brackets_are_not_matched() {
    let (_dir, root) = book_with_glossary();
    // The English word in brackets right after the preferred term, and in code.
    edit(
        &root,
        GROUP,
        SUMMARY_ZH,
        "summary.zh = \"检查点目录（folder），即 `folder` 参数。\"",
    );
    let out = fieldbook(&["check", "--strict"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    // The bare English word in running text is reported.
    edit(&root, GROUP, "即 `folder` 参数", "即 folder");
    let err = stderr(&fieldbook(&["check"], &root));
    assert!(
        err.contains("writes `folder` for “folder”, which the glossary rules out"),
        "{err}"
    );
}

#[test]
fn a_malformed_glossary_is_an_error_with_its_place() {
    let (_dir, root) = book_copy("minimal");
    fs::write(
        root.join("glossary.toml"),
        "[[term]]\nterm = \"epoch\"\nuse.fr = [\"époque\"]\n\n[[term]]\nterm = \"Epoch\"\nuse.en = [\"epoch\"]\n",
    )
    .unwrap();
    let out = fieldbook(&["check"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("glossary.toml:3:11: error: `use.fr`: `fr` is not a language of this book"),
        "{err}"
    );
    assert!(
        err.contains("glossary.toml:6:8: error: the term `Epoch` is listed twice"),
        "{err}"
    );
    fs::write(
        root.join("glossary.toml"),
        "[[term]]\nterm = \"epoch\"\nuze.zh = []\n",
    )
    .unwrap();
    let err = stderr(&fieldbook(&["check"], &root));
    assert!(
        err.contains("glossary.toml:3:1: error: unknown field `uze`"),
        "{err}"
    );
}

#[test]
fn the_bundled_chinese_follows_the_bundled_glossary() {
    let glossary = fs::read_to_string(repo().join("glossary.toml")).unwrap();
    for term in ["epoch", "batch", "shard", "wrap"] {
        assert!(
            glossary.contains(&format!("term = \"{term}\"")),
            "{term} missing"
        );
    }
    let out = fieldbook(&["check", "--strict", "--format", "json"], &repo());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["warnings"], serde_json::json!([]), "{report}");
    assert!(out.status.success());
}
