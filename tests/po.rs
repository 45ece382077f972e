//! `po export` and `po import`: PO files that GNU gettext's msgfmt, Python's polib and the
//! gettext-parser npm package accept; a translator's edits (made with polib) reaching exactly
//! the expected pages; a round trip without edits changing no byte; a text whose English
//! changed, an unknown key, a malformed file and CRLF files; and stale translated guides.
//!
//! polib and gettext-parser come from `tests/po/requirements.txt` and `tests/po/package.json`:
//! `.ci/run` installs both and sets `FIELDBOOK_PO_TOOLS=required` (and `FIELDBOOK_PO_PYTHON`
//! to its venv's Python); elsewhere a test that needs a missing one says so and skips that part.

use crate::common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BASICS: &str = "content/trainer/groups/01-basics.toml";

/// A temporary copy of the repository's own book (book.toml, content, sources).
fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    fs::create_dir_all(&root).unwrap();
    fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
    fs::copy(repo().join("glossary.toml"), root.join("glossary.toml")).unwrap();
    copy_tree(&repo().join("content"), &root.join("content"));
    copy_tree(&repo().join("sources"), &root.join("sources"));
    (dir, root)
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn export(root: &Path, out: &Path) -> Vec<PathBuf> {
    ok(&fieldbook(
        &["po", "export", "--lang", "zh", "-o", out.to_str().unwrap()],
        root,
    ));
    let mut files: Vec<PathBuf> = fs::read_dir(out.join("zh"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn import(root: &Path, files: &[&Path]) -> std::process::Output {
    let mut args = vec!["po", "import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    fieldbook(&args, root)
}

/// Replaces the `msgstr` of the entry with `msgctxt` `key`.
fn set_msgstr(po: &str, key: &str, text: &str) -> String {
    let start = po
        .find(&format!("msgctxt \"{key}\"\n"))
        .unwrap_or_else(|| panic!("no entry {key}"));
    let msgstr = start + po[start..].find("\nmsgstr ").unwrap() + 1;
    let end = po[msgstr..]
        .find("\n\n")
        .map_or(po.len(), |i| msgstr + i + 1);
    let escaped = text.replace('"', "\\\"").replace('\n', "\\n");
    format!("{}msgstr \"{escaped}\"\n{}", &po[..msgstr], &po[end..])
}

/// The 1-based line where the entry with `msgctxt` `key` starts (its first comment).
fn entry_line(po: &str, key: &str) -> usize {
    let at = po.find(&format!("msgctxt \"{key}\"\n")).unwrap();
    let start = po[..at].rfind("\n\n").map_or(0, |i| i + 2);
    po[..start].matches('\n').count() + 1
}

/// Whether the PO tools must be present (CI) rather than skipped when missing.
fn required() -> bool {
    std::env::var("FIELDBOOK_PO_TOOLS").as_deref() == Ok("required")
}

/// Runs `program args` when `program` is usable (`probe` succeeds); `None` (a note on stderr)
/// when it is not and the tools are not required.
fn run_tool(what: &str, program: &str, probe: &[&str], args: &[&str]) -> Option<String> {
    let usable = Command::new(program)
        .args(probe)
        .current_dir(repo().join("tests/po"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !usable {
        assert!(!required(), "{what} is missing (see tests/po/)");
        eprintln!("note: {what} is not installed here: that check is skipped (CI runs it)");
        return None;
    }
    let out = Command::new(program)
        .args(args)
        .current_dir(repo().join("tests/po"))
        .output()
        .unwrap();
    Some(ok(&out))
}

fn polib(script: &str, args: &[&str]) -> Option<String> {
    let python = std::env::var("FIELDBOOK_PO_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut all = vec![script];
    all.extend(args);
    run_tool("Python's polib", &python, &["-c", "import polib"], &all)
}

fn gettext_parser(args: &[&str]) -> Option<String> {
    let mut all = vec!["validate.mjs"];
    all.extend(args);
    let probe = ["-e", "require.resolve('gettext-parser')"];
    run_tool("the gettext-parser npm package", "node", &probe, &all)
}

/// `(language, entries, fuzzy)` of each JSON line a loader printed.
fn loaded(lines: &str) -> Vec<(String, u64, u64)> {
    lines
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let n = |k: &str| v[k].as_u64().unwrap();
            (
                v["language"].as_str().unwrap().to_string(),
                n("entries"),
                n("fuzzy"),
            )
        })
        .collect()
}

/// msgfmt, polib and gettext-parser all accept `files`, each holding `entries` and `fuzzy`
/// entries (polib also sees a `#| msgid` on `previous` of them).
fn assert_accepted(files: &[PathBuf], lang: &str, expected: &[(u64, u64)], previous: u64) {
    if run_tool(
        "GNU gettext's msgfmt",
        "msgfmt",
        &["--version"],
        &["--version"],
    )
    .is_some()
    {
        for file in files {
            let out = Command::new("msgfmt")
                .args(["--check-format", "--check", "-o", "/dev/null"])
                .arg(file)
                .output()
                .unwrap();
            // No problem, and no warning either (a header field missing, …).
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{}: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let paths: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let want: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|&(n, f)| (lang.to_string(), n, f))
        .collect();
    if let Some(out) = polib("polib_check.py", &paths) {
        assert_eq!(loaded(&out), want, "polib");
        let seen: u64 = out
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["previous"]
                    .as_u64()
                    .unwrap()
            })
            .sum();
        assert_eq!(seen, previous, "polib's previous msgids");
    }
    if let Some(out) = gettext_parser(&paths) {
        assert_eq!(loaded(&out), want, "gettext-parser");
    }
}

#[test]
fn the_bundled_export_is_stable_and_accepted_by_msgfmt_polib_and_gettext_parser() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(&repo(), &dir.path().join("a"));
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["book.po", "training-args.po"]);
    export(&repo(), &dir.path().join("b"));
    assert_eq!(
        read_tree(&dir.path().join("a")),
        read_tree(&dir.path().join("b")),
        "the same book exports the same bytes"
    );
    let po = fs::read_to_string(&files[1]).unwrap();
    assert!(
        po.starts_with("msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: transformers 4.40.2\\n\"\n"),
        "{po}"
    );
    for line in [
        "\"Language: zh\\n\"",
        "\"Plural-Forms: nplurals=1; plural=0;\\n\"",
        "\"Content-Type: text/plain; charset=UTF-8\\n\"",
    ] {
        assert!(po.contains(line), "{line}");
    }
    let entry = &po[po.find("#. field `learning_rate`").unwrap()..];
    assert!(
        entry.starts_with(
            "#. field `learning_rate`, type: float, default: 5e-5\n\
         #. group: Optimizer and scheduler (optimizer)\n\
         #. glossary: learning rate → 学习率\n\
         #: content/training-args/groups/02-optimizer.toml:10\n\
         msgctxt \"training-args/learning_rate/label\"\n\
         msgid \"Learning rate\"\n\
         msgstr \"学习率\"\n"
        ),
        "{entry}"
    );
    // The glossary's terms the English uses, for the translator.
    assert!(po.contains("#. group: Basic training setup (basics)\n#. glossary: checkpoint → 检查点\n#: content/training-args/groups/01-basics.toml:14\nmsgctxt \"training-args/output_dir/summary\"\n"), "{po}");
    let book = fs::read_to_string(&files[0]).unwrap();
    assert!(book.contains("#. enum member `IntervalStrategy.NO` = \"no\"\n#: content/training-args/enums.toml:12\nmsgctxt \"training-args/enum/IntervalStrategy/NO\"\n"));
    assert!(book.contains("msgctxt \"book/title\"\nmsgid \"fieldbook · TrainingArguments\"\n"));
    let entries = |text: &str| text.matches("\nmsgctxt \"").count() as u64;
    assert_accepted(&files, "zh", &[(entries(&book), 0), (entries(&po), 0)], 0);
}

#[test]
fn a_stale_translation_is_fuzzy_with_the_english_it_was_made_from() {
    let (dir, root) = bundled_copy();
    ok(&fieldbook(&["stamp", "--lang", "zh"], &root));
    // The memory keeps one file per content file.
    let memory = fs::read_to_string(
        root.join("content/translations/zh/training-args/groups/02-optimizer.toml"),
    )
    .unwrap();
    assert!(memory.contains("\"training-args/learning_rate/summary\" = \"Base learning rate handed to the optimizer; with warmup, the peak reached when warmup ends.\"\n"), "{memory}");
    edit(
        &root,
        "content/training-args/groups/02-optimizer.toml",
        "summary.en = \"Base learning rate handed to the optimizer;",
        "summary.en = \"The learning rate handed to the optimizer;",
    );
    let files = export(&root, &dir.path().join("po"));
    let po = fs::read_to_string(&files[1]).unwrap();
    let entry = &po[po
        .find("#: content/training-args/groups/02-optimizer.toml:15")
        .unwrap()..];
    assert!(
        entry.starts_with(
            "#: content/training-args/groups/02-optimizer.toml:15\n\
         #, fuzzy\n\
         #| msgid \"\"\n\
         #| \"Base learning rate handed to the optimizer; with warmup, the peak reached \"\n\
         #| \"when warmup ends.\"\n\
         msgctxt \"training-args/learning_rate/summary\"\n\
         msgid \"\"\n\
         \"The learning rate handed to the optimizer; with warmup, the peak reached \"\n\
         \"when warmup ends.\"\n\
         msgstr \"传给优化器的基础学习率；有预热时，即预热结束时达到的峰值。\"\n"
        ),
        "{entry}"
    );
    // The explanation of the same field did not change: not fuzzy.
    assert_eq!(po.matches("#, fuzzy").count(), 1);
    let entries = |text: &str| text.matches("\nmsgctxt \"").count() as u64;
    let book = fs::read_to_string(&files[0]).unwrap();
    assert_accepted(&files, "zh", &[(entries(&book), 0), (entries(&po), 1)], 1);
    // check warns about that text alone, at its translation.
    let check = fieldbook(&["check"], &root);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("content/training-args/groups/02-optimizer.toml:16:14: warning: the `zh` translation of the summary of `learning_rate` was made from an earlier `en` text"), "{stderr}");
    assert_eq!(stderr.matches(": warning: ").count(), 1, "{stderr}");
}

#[test]
fn an_old_field_stamp_that_no_longer_matches_gives_fuzzy_entries_without_a_previous_msgid() {
    let (dir, root) = book_copy("minimal");
    edit(
        &root,
        BASICS,
        "summary.zh = \"训练轮数（epoch）。\"",
        "summary.zh = \"训练轮数（epoch）。\"\ntranslated-from.zh = \"00000000\"",
    );
    let files = export(&root, &dir.path().join("po"));
    let po = fs::read_to_string(&files[1]).unwrap();
    // The old stamp covers the summary and the explanation; which one changed is unknown.
    assert_eq!(
        po.matches("#, fuzzy\nmsgctxt \"trainer/epochs/").count(),
        2,
        "{po}"
    );
    assert!(!po.contains("#|"), "{po}");
}

#[test]
fn a_polib_edit_imports_and_changes_exactly_the_expected_pages() {
    let (dir, root) = bundled_copy();
    let before = dir.path().join("before");
    ok(&fieldbook(
        &["build", "-q", "-d", before.to_str().unwrap()],
        &root,
    ));
    let files = export(&root, &dir.path().join("po"));
    let po = files[1].to_str().unwrap();
    let edited = polib(
        "polib_edit.py",
        &[
            po,
            "training-args/learning_rate/summary=新的学习率摘要。",
            "training-args/weight_decay/explanation=第一段。\\n\\n第二段，带 \"引号\"。",
            "training-args/adam_beta1/summary=不应导入。",
        ],
    );
    if edited.is_none() {
        return;
    }
    let out = ok(&import(&root, &[&files[0], &files[1]]));
    assert!(
        out.starts_with("imported 2 translations into 1 file; 472 unchanged, skipped 1 fuzzy entry and 0 empty entries; 0 warnings"),
        "{out}"
    );
    let group =
        fs::read_to_string(root.join("content/training-args/groups/02-optimizer.toml")).unwrap();
    assert!(group.contains("summary.zh = \"新的学习率摘要。\"\n"));
    assert!(
        group.contains("explanation.zh = \"\"\"\n第一段。\n\n第二段，带 \"引号\"。\n\"\"\"\n"),
        "{group}"
    );
    assert!(!group.contains("不应导入"));
    let after = dir.path().join("after");
    ok(&fieldbook(
        &["build", "-q", "-d", after.to_str().unwrap()],
        &root,
    ));
    let (a, b) = (read_tree(&before), read_tree(&after));
    let changed: Vec<&String> = b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    let pages: Vec<&str> = changed
        .iter()
        .filter(|k| k.ends_with(".html"))
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        pages,
        [
            "zh/training-args/defaults.html",
            "zh/training-args/optimizer.html",
            "zh/training-args/v/4.39.3/defaults.html",
            "zh/training-args/v/4.39.3/optimizer.html",
            "zh/training-args/v/4.41.2/defaults.html",
            "zh/training-args/v/4.41.2/optimizer.html",
        ],
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|k| k.starts_with("zh/")
            || k.starts_with("assets/search/")
            || *k == "fields.json"),
        "{changed:?}"
    );
    let page = read(&after, "zh/training-args/optimizer.html");
    assert!(page.contains("新的学习率摘要。") && page.contains("第二段，带 \"引号\"。"));
    // The imported texts are recorded as translated from today's English: not stale.
    let check = fieldbook(&["check"], &root);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!stderr.contains("was made from an earlier"), "{stderr}");
}

#[test]
fn export_then_import_without_edits_changes_no_byte() {
    let (dir, root) = bundled_copy();
    let before = read_tree(&root);
    let files = export(&root, &dir.path().join("po"));
    let out = ok(&import(&root, &[&files[0], &files[1]]));
    assert!(
        out.starts_with("imported 0 translations into 0 files"),
        "{out}"
    );
    assert_eq!(read_tree(&root), before);
}

#[test]
fn an_entry_whose_english_changed_is_a_warning_and_the_others_are_written() {
    let (dir, root) = book_copy("minimal");
    let files = export(&root, &dir.path().join("po"));
    let text = fs::read_to_string(&files[1]).unwrap();
    let text = set_msgstr(&text, "trainer/epochs/summary", "遍历数据的次数。");
    let text = set_msgstr(&text, "trainer/output_dir/summary", "新的输出目录摘要。");
    // Tools such as Poedit write gettext's form of the tag.
    let text = text.replace("\"Language: zh\\n\"", "\"Language: zh_CN\\n\"");
    assert!(text.contains("Language: zh_CN"));
    fs::write(&files[1], &text).unwrap();
    edit(
        &root,
        BASICS,
        "How many passes over the data.",
        "How many full passes over the data.",
    );
    let out = import(&root, &[&files[1]]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = entry_line(&text, "trainer/epochs/summary");
    assert!(stderr.contains(&format!("{}:{line}:1: warning: `trainer/epochs/summary`: the English changed since this was exported; not imported", files[1].display())), "{stderr}");
    let basics = fs::read_to_string(root.join(BASICS)).unwrap();
    assert!(basics.contains("summary.zh = \"新的输出目录摘要。\""));
    assert!(
        basics.contains("summary.zh = \"训练轮数（epoch）。\""),
        "not overwritten"
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("imported 1 translation into 2 files"));
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion_and_nothing_is_written() {
    let (dir, root) = book_copy("minimal");
    let files = export(&root, &dir.path().join("po"));
    let text = fs::read_to_string(&files[1]).unwrap();
    let text = set_msgstr(&text, "trainer/output_dir/summary", "新的输出目录摘要。");
    let text = text.replace(
        "msgctxt \"trainer/epochs/summary\"",
        "msgctxt \"trainer/epoch/summary\"",
    );
    fs::write(&files[1], &text).unwrap();
    let before = read_tree(&root);
    let out = import(&root, &[&files[1]]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = entry_line(&text, "trainer/epoch/summary");
    assert!(stderr.contains(&format!("{}:{line}:1: error: unknown key `trainer/epoch/summary`\n  hint: did you mean `trainer/epochs/summary`?", files[1].display())), "{stderr}");
    assert_eq!(read_tree(&root), before, "nothing written");
}

#[test]
fn a_malformed_po_file_is_an_error_at_its_line_and_column() {
    let (dir, root) = book_copy("minimal");
    let bad = dir.path().join("bad.po");
    fs::write(&bad, "msgid \"\"\nmsgstr \"Language: zh\\n\"\n\nmsgctxt \"trainer/epochs/summary\"\nmsgid \"How many passes over the data.\nmsgstr \"\"\n").unwrap();
    let before = read_tree(&root);
    let out = import(&root, &[&bad]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "{}:5:38: error: the string is not closed\n  hint: ",
            bad.display()
        )),
        "{stderr}"
    );
    assert_eq!(read_tree(&root), before);
}

#[test]
fn a_crlf_group_file_keeps_its_line_ends_and_its_other_lines() {
    let (dir, root) = book_copy("minimal");
    let basics = root.join(BASICS);
    let crlf = fs::read_to_string(&basics).unwrap().replace('\n', "\r\n");
    fs::write(&basics, &crlf).unwrap();
    let files = export(&root, &dir.path().join("po"));
    let text = fs::read_to_string(&files[1]).unwrap();
    fs::write(
        &files[1],
        set_msgstr(&text, "trainer/epochs/explanation", "第一段。\n\n第二段。"),
    )
    .unwrap();
    ok(&import(&root, &[&files[1]]));
    let after = fs::read_to_string(&basics).unwrap();
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
    assert!(
        after.contains("explanation.zh = \"\"\"\r\n第一段。\r\n\r\n第二段。\r\n\"\"\"\r\n"),
        "{after}"
    );
    let old = "explanation.zh = \"\"\"\r\n小数表示在最后一轮中途停止。\r\n\"\"\"\r\n";
    assert_eq!(
        after.replace(
            "explanation.zh = \"\"\"\r\n第一段。\r\n\r\n第二段。\r\n\"\"\"\r\n",
            old
        ),
        crlf
    );
}

#[test]
fn a_translated_guide_is_stale_when_its_english_changes() {
    let (_dir, root) = book_copy("minimal");
    ok(&fieldbook(&["stamp"], &root));
    let zh = fs::read_to_string(root.join("content/guides/types.zh.md")).unwrap();
    assert!(
        zh.starts_with("+++\ntitle = \"类型\"\nsection = \"concepts\"\ntranslated-from = \""),
        "{zh}"
    );
    assert!(ok(&fieldbook(&["check", "--strict"], &root)).contains("0 warnings"));
    let guide = root.join("content/guides/types.md");
    fs::write(
        &guide,
        fs::read_to_string(&guide).unwrap() + "\nOne more paragraph.\n",
    )
    .unwrap();
    let check = fieldbook(&["check"], &root);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("content/guides/types.zh.md:1:1: warning: the `zh` translation of guide `types` was made from an earlier `en` text"), "{stderr}");
    ok(&fieldbook(&["build", "-q"], &root));
    let page = fs::read_to_string(root.join("out/zh/guides/types.html")).unwrap();
    assert!(page.contains("<p class=\"callout stale\" role=\"note\">此译文可能已过时：原文在翻译之后有过修改。 阅读原文： <a href=\"../../en/guides/types.html\">English</a></p>"), "{page}");
    let en = fs::read_to_string(root.join("out/en/guides/types.html")).unwrap();
    assert!(!en.contains("callout stale"));
}

#[test]
fn a_translation_memory_for_a_language_the_book_does_not_translate_is_an_error() {
    let (_dir, root) = book_copy("minimal");
    fs::create_dir_all(root.join("content/translations/fr")).unwrap();
    let memory = "\"book/title\" = \"Trainer reference\"\n";
    fs::write(root.join("content/translations/fr/book.toml"), memory).unwrap();
    let out = fieldbook(&["check"], &root);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with(
        "content/translations/fr: error: `fr` is not a translated language of this book\n  hint: "
    ));
    // The old one-file layout is refused with a hint rather than ignored.
    fs::remove_dir_all(root.join("content/translations/fr")).unwrap();
    fs::write(root.join("content/translations/zh.toml"), memory).unwrap();
    let out = fieldbook(&["check"], &root);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with(
        "content/translations/zh.toml: error: a file outside a language's folder\n  hint: "
    ));
}

#[test]
fn a_missing_translation_exports_empty_and_import_adds_its_key_beside_the_english() {
    let (dir, root) = book_copy("minimal");
    edit(&root, BASICS, "summary.zh = \"训练轮数（epoch）。\"\n", "");
    let files = export(&root, &dir.path().join("po"));
    let text = fs::read_to_string(&files[1]).unwrap();
    assert!(text.contains("msgctxt \"trainer/epochs/summary\"\nmsgid \"How many passes over the data.\"\nmsgstr \"\"\n"));
    fs::write(
        &files[1],
        set_msgstr(&text, "trainer/epochs/summary", "遍历数据的次数。"),
    )
    .unwrap();
    let out = ok(&import(&root, &[&files[1]]));
    assert!(
        out.starts_with("imported 1 translation into 2 files"),
        "{out}"
    );
    let basics = fs::read_to_string(root.join(BASICS)).unwrap();
    assert!(basics.contains("summary.en = \"How many passes over the data.\"\nsummary.zh = \"遍历数据的次数。\"\nexplanation.en"), "{basics}");
    assert!(ok(&fieldbook(&["check", "--strict"], &root)).contains("0 warnings"));
}

#[test]
fn a_third_language_exports_with_its_own_header_and_imports_into_its_keys() {
    let (dir, root) = book_copy("minimal");
    edit(
        &root,
        "book.toml",
        r#"languages = ["en", "zh"]"#,
        r#"languages = ["en", "ja", "zh"]"#,
    );
    let ui = fs::read_to_string(fixture("third-language/ui-ja.toml")).unwrap();
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(root.join("book.toml"), format!("{book}\n{ui}")).unwrap();
    let out = dir.path().join("po");
    ok(&fieldbook(
        &["po", "export", "--lang", "ja", "-o", out.to_str().unwrap()],
        &root,
    ));
    let file = out.join("ja/trainer.po");
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("\"Language: ja\\n\"\n")
            && text.contains("\"Plural-Forms: nplurals=1; plural=0;\\n\"")
    );
    // Nothing is translated into Japanese yet: every msgstr is empty.
    assert_eq!(
        text.matches("\nmsgstr \"\"\n\n").count() + 1,
        text.matches("\nmsgctxt ").count()
    );
    let entries = text.matches("\nmsgctxt \"").count() as u64;
    let book_entries = fs::read_to_string(out.join("ja/book.po"))
        .unwrap()
        .matches("\nmsgctxt \"")
        .count() as u64;
    let files = [out.join("ja/book.po"), file.clone()];
    assert_accepted(&files, "ja", &[(book_entries, 0), (entries, 0)], 0);
    fs::write(
        &file,
        set_msgstr(&text, "trainer/epochs/summary", "データを何周するか。"),
    )
    .unwrap();
    let imported = ok(&import(&root, &[&file]));
    assert!(
        imported.starts_with("imported 1 translation into 2 files"),
        "{imported}"
    );
    let basics = fs::read_to_string(root.join(BASICS)).unwrap();
    assert!(basics.contains("summary.en = \"How many passes over the data.\"\nsummary.zh = \"训练轮数（epoch）。\"\nsummary.ja = \"データを何周するか。\"\n"), "{basics}");
    assert!(root
        .join("content/translations/ja/trainer/groups/01-basics.toml")
        .is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_group_file_stays_a_symlink_and_its_target_gets_the_import() {
    let (dir, root) = book_copy("minimal");
    let shared = root.join("shared");
    fs::create_dir(&shared).unwrap();
    fs::rename(root.join(BASICS), shared.join("basics.toml")).unwrap();
    std::os::unix::fs::symlink("../../../shared/basics.toml", root.join(BASICS)).unwrap();
    let files = export(&root, &dir.path().join("po"));
    let text = fs::read_to_string(&files[1]).unwrap();
    fs::write(
        &files[1],
        set_msgstr(&text, "trainer/epochs/summary", "遍历数据的次数。"),
    )
    .unwrap();
    ok(&import(&root, &[&files[1]]));
    assert!(fs::symlink_metadata(root.join(BASICS))
        .unwrap()
        .file_type()
        .is_symlink());
    let target = fs::read_to_string(shared.join("basics.toml")).unwrap();
    assert!(
        target.contains("summary.zh = \"遍历数据的次数。\"\n"),
        "{target}"
    );
    assert_eq!(
        fs::read_dir(&shared).unwrap().count(),
        1,
        "a temporary file was left"
    );
}
