//! A text with no translation is *missing*: the page in that language shows the default
//! language's text, marked, and everything that counts translations counts it as missing.

use crate::common::{book_copy, edit, fieldbook};
use std::fs;

/// The minimal book with `epochs` left untranslated (its `zh` summary and explanation removed)
/// and the `types` guide with no Chinese version.
fn book_with_a_missing_translation() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = book_copy("minimal");
    let group = "content/trainer/groups/01-basics.toml";
    edit(&root, group, "summary.zh = \"训练轮数（epoch）。\"\n", "");
    edit(
        &root,
        group,
        "explanation.zh = \"\"\"\n小数表示在最后一轮中途停止。\n\"\"\"\n",
        "",
    );
    fs::remove_file(root.join("content/guides/types.zh.md")).unwrap();
    (dir, root)
}

#[test]
fn the_page_shows_the_english_marked_and_the_index_counts_it() {
    let (_dir, root) = book_with_a_missing_translation();
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let page = fs::read_to_string(root.join("out/zh/trainer/basics.html")).unwrap();
    let section = &page[page.find("id=\"epochs\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("尚未翻译，暂以原文显示。"),
        "no visible mark: {section}"
    );
    assert!(
        section.contains("<p class=\"summary\" lang=\"en\">How many passes over the data.</p>"),
        "{section}"
    );
    assert!(
        section.contains("<div class=\"explanation\" lang=\"en\">"),
        "{section}"
    );
    // The translated field beside it has no mark.
    let output_dir = &page[page.find("id=\"output_dir\"").unwrap()..];
    let output_dir = &output_dir[..output_dir.find("</section>").unwrap()];
    assert!(!output_dir.contains("尚未翻译"), "{output_dir}");
    // The defaults table marks the English summary too.
    assert!(
        page.contains("<span lang=\"en\">How many passes over the data.</span> <span class=\"badge untranslated\">尚未翻译</span>"),
        "{page}"
    );
    // The English page is the original: nothing is marked.
    let en = fs::read_to_string(root.join("out/en/trainer/basics.html")).unwrap();
    assert!(!en.contains("untranslated"), "{en}");

    // The guide with no Chinese version shows the English, marked.
    let guide = fs::read_to_string(root.join("out/zh/guides/types.html")).unwrap();
    assert!(
        guide.contains("<div class=\"untranslated\" lang=\"en\"><p class=\"untranslated-mark\" lang=\"zh-CN\">尚未翻译，暂以原文显示。</p>"),
        "{guide}"
    );

    // The reference index counts it per language.
    let index = fs::read_to_string(root.join("out/zh/trainer/index.html")).unwrap();
    assert!(index.contains("1 尚未翻译"), "{index}");

    // fields.json: the state, and no Chinese text copied from the English.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("out/fields.json")).unwrap()).unwrap();
    let fields = json["references"][0]["fields"].as_array().unwrap();
    let epochs = fields.iter().find(|f| f["name"] == "epochs").unwrap();
    assert_eq!(epochs["translation"]["zh"], "missing");
    assert!(epochs["text"]["zh"]["summary"].is_null(), "{epochs}");
    assert!(epochs["text"]["zh"]["explanation"].is_null(), "{epochs}");
    assert_eq!(
        epochs["text"]["en"]["summary"],
        "How many passes over the data."
    );
    let output_dir = fields.iter().find(|f| f["name"] == "output_dir").unwrap();
    assert_eq!(output_dir["translation"]["zh"], "unstamped");
    assert_eq!(output_dir["text"]["zh"]["summary"], "检查点目录。");
}

#[test]
fn check_warns_strict_fails_and_json_counts_missing() {
    let (_dir, root) = book_with_a_missing_translation();
    let check = fieldbook(&["check"], &root);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/trainer/groups/01-basics.toml:22:8: warning: 1 of 7 fields of `TrainerConfig` have no `zh` text: `epochs`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("guide `types` has no `zh` version"),
        "{stderr}"
    );

    let strict = fieldbook(&["check", "--strict"], &root);
    assert_eq!(strict.status.code(), Some(1));

    let json = fieldbook(&["check", "--format", "json"], &root);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["coverage"]["trainer"]["basics"]["zh"]["missing"], 1);
    assert_eq!(report["coverage"]["trainer"]["basics"]["zh"]["fields"], 3);
}

#[test]
fn stamp_never_stamps_a_field_with_no_translation() {
    let (_dir, root) = book_with_a_missing_translation();
    let out = fieldbook(&["stamp"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let group = fs::read_to_string(root.join("content/trainer/groups/01-basics.toml")).unwrap();
    let epochs = &group[group.find("name = \"epochs\"").unwrap()..];
    let epochs = &epochs[..epochs.find("[[field]]").unwrap()];
    assert!(!epochs.contains("translated-from"), "{epochs}");
    // The translated fields were stamped.
    assert_eq!(group.matches("translated-from.zh").count(), 2, "{group}");
    // And the missing one still fails a strict check.
    let strict = fieldbook(&["check", "--strict"], &root);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn the_default_language_text_stays_required() {
    let (_dir, root) = book_copy("minimal");
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "summary.en = \"Folder for checkpoints.\"\n",
        "",
    );
    let out = fieldbook(&["build"], &root);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the summary of field `output_dir` has no `en` text"),
        "{stderr}"
    );
}
