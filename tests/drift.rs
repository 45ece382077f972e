//! Stale translations: `stamp` records what each translation was made from, `check` warns when
//! the original changes, `--strict` fails on it, and the site marks the outdated text.

use crate::common;

use common::*;
use std::fs;

const BASICS: &str = "content/trainer/groups/01-basics.toml";

#[test]
fn stamp_keeps_the_file_as_written_and_adds_only_the_hashes() {
    let (_dir, root) = book_copy("minimal");
    let before = fs::read_to_string(root.join(BASICS)).unwrap();
    let out = fieldbook(&["stamp"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        // 27 texts into content/translations/zh.toml, and the translated guide.
        "stamped 28 translations as up to date"
    );
    let after = fs::read_to_string(root.join(BASICS)).unwrap();
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    assert!(
        removed.is_empty(),
        "stamp changed existing lines: {removed:?}"
    );
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 3);
    assert!(
        added
            .iter()
            .all(|l| l.starts_with("translated-from.zh = \"")),
        "{added:?}"
    );
    // Stamping again changes nothing.
    assert_eq!(
        String::from_utf8_lossy(&fieldbook(&["stamp"], &root).stdout).trim(),
        "stamped 0 translations as up to date"
    );
}

#[test]
fn a_changed_original_makes_the_translation_stale() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["stamp"], &root).status.success());
    let ok = fieldbook(&["check", "--strict"], &root);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("0 warnings"));

    edit(
        &root,
        BASICS,
        "Fractions stop partway through the last pass.",
        "Fractions stop partway through the final pass.",
    );
    let check = fieldbook(&["check"], &root);
    assert!(
        check.status.success(),
        "a warning alone does not fail check"
    );
    let stderr = String::from_utf8_lossy(&check.stderr);
    // Only the explanation changed, so only its translation is stale, at the translation.
    assert!(stderr.contains(&format!("{BASICS}:32:18: warning: the `zh` translation of the explanation of `epochs` was made from an earlier `en` text")), "{stderr}");
    assert!(!stderr.contains("summary of `epochs`"), "{stderr}");
    assert_eq!(
        fieldbook(&["check", "--strict"], &root).status.code(),
        Some(1)
    );

    let json: serde_json::Value =
        serde_json::from_slice(&fieldbook(&["check", "--format", "json"], &root).stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["warnings"][0]["line"], 32);
    assert_eq!(json["coverage"]["trainer"]["basics"]["zh"]["stale"], 1);
    assert_eq!(json["coverage"]["trainer"]["basics"]["zh"]["current"], 2);

    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let zh = fs::read_to_string(root.join("out/zh/trainer/basics.html")).unwrap();
    let epochs = &zh[zh.find("id=\"epochs\"").unwrap()..];
    let epochs = &epochs[..epochs.find("</section>").unwrap()];
    assert!(
        epochs.contains("此译文可能已过时")
            && epochs.contains("href=\"../../en/trainer/basics.html#epochs\""),
        "{epochs}"
    );
    assert!(!zh[zh.find("id=\"output_dir\"").unwrap()..]
        .split("</section>")
        .next()
        .unwrap()
        .contains("此译文可能已过时"));
    let index = fs::read_to_string(root.join("out/zh/trainer/index.html")).unwrap();
    assert!(
        index.contains("<strong>中文</strong>: 6 / 7 与原文同步 · 1 可能已过时"),
        "{index}"
    );
}
