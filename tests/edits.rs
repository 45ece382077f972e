//! Edits of the user's files (`stamp`, `import --into`) are all or nothing, keep how each file
//! is stored (CRLF, symlinks), and read TOML as `build` does.

use crate::common;

use common::*;
use std::fs;
use std::path::Path;

const BASICS: &str = "content/trainer/groups/01-basics.toml";
const SCHEDULE: &str = "content/trainer/groups/02-schedule.toml";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const OUTPUT_DIR: &str = "name = \"output_dir\"\nlabel.en = \"Output directory\"\nlabel.zh = \"输出目录\"\ntype = \"str\"";

/// A copy of the bundled book's training-args content (the groups only) with the 4.40.2
/// source it documents.
fn bundled_content() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content/training-args");
    copy_tree(&repo().join("content/training-args"), &content);
    (dir, content)
}

fn import_into(content: &Path) -> std::process::Output {
    fieldbook(
        &[
            "import",
            "sources/transformers-4.40.2/training_args.py",
            "--class",
            "TrainingArguments",
            "--into",
            content.to_str().unwrap(),
        ],
        &repo(),
    )
}

#[test]
fn a_book_with_a_multi_line_inline_table_builds_and_stamps() {
    let (dir, root) = book_copy("minimal");
    // TOML 1.1: an inline table over several lines, with a trailing comma.
    edit(
        &root,
        SCHEDULE,
        "summary.en = \"When to save.\"\nsummary.zh = \"何时保存。\"",
        "summary = {\n  en = \"When to save.\",\n  zh = \"何时保存。\",\n}",
    );
    let dest = dir.path().join("site");
    let out = fieldbook(&["build", "-d", dest.to_str().unwrap()], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = fieldbook(&["stamp"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(root.join(SCHEDULE)).unwrap();
    assert!(
        text.contains("summary = {\n  en = \"When to save.\",\n"),
        "{text}"
    );
    assert!(text.contains("translated-from.zh = \""), "{text}");
    let out = fieldbook(&["check", "--strict"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn import_into_writes_nothing_when_one_group_file_does_not_parse() {
    let (_dir, content) = bundled_content();
    let groups = content.join("groups");
    // The import would change a fact in the first group file and add a new field: make the code
    // disagree with it.
    let first = groups.join("01-basics.toml");
    let text = fs::read_to_string(&first).unwrap();
    let changed = text.replacen(OUTPUT_DIR, &OUTPUT_DIR.replace("\"str\"", "\"int\""), 1);
    assert_ne!(changed, text);
    fs::write(&first, &changed).unwrap();
    let last = fs::read_dir(&groups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .max()
        .unwrap();
    let mut broken = fs::read_to_string(&last).unwrap();
    broken.push_str("\n[[field]\n");
    fs::write(&last, &broken).unwrap();
    let before = read_tree(&content);

    let out = import_into(&content);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let name = last.file_name().unwrap().to_str().unwrap();
    let lines = broken.lines().count();
    assert!(
        stderr(&out).contains(&format!("groups/{name}:{lines}:")),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("error: cannot parse the TOML"));
    assert!(read_tree(&content) == before, "a file changed");

    // Fixed, the same import writes the fact back.
    fs::write(&last, broken.trim_end_matches("\n[[field]\n")).unwrap();
    let out = import_into(&content);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&first).unwrap(), text);
}

#[test]
fn a_crlf_group_file_keeps_crlf_on_every_line() {
    let (_dir, content) = bundled_content();
    let first = content.join("groups/01-basics.toml");
    let text = fs::read_to_string(&first).unwrap();
    let changed = text.replacen(OUTPUT_DIR, &OUTPUT_DIR.replace("\"str\"", "\"int\""), 1);
    fs::write(&first, &changed).unwrap();
    // Every group file in CRLF, and a CRLF imported-group file that gets new fields appended.
    let groups = content.join("groups");
    fs::write(
        groups.join("99-imported.toml"),
        "id = \"imported\"\norder = 99\ntitle.en = \"I\"\ntitle.zh = \"I\"\n",
    )
    .unwrap();
    for entry in fs::read_dir(&groups).unwrap() {
        let path = entry.unwrap().path();
        let lf = fs::read_to_string(&path).unwrap();
        fs::write(&path, lf.replace('\n', "\r\n")).unwrap();
    }
    // 4.41.2 has fields the content lacks (they are appended) and facts that differ.
    let out = fieldbook(
        &[
            "import",
            "sources/transformers-4.41.2/training_args.py",
            "--class",
            "TrainingArguments",
            "--into",
            content.to_str().unwrap(),
        ],
        &repo(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for entry in fs::read_dir(&groups).unwrap() {
        let path = entry.unwrap().path();
        let after = fs::read_to_string(&path).unwrap();
        assert_eq!(
            after.matches('\n').count(),
            after.matches("\r\n").count(),
            "{} has mixed line ends",
            path.display()
        );
    }
    let after = fs::read_to_string(&first).unwrap();
    assert!(after.contains(&OUTPUT_DIR.replace('\n', "\r\n")), "{after}");
    let imported = fs::read_to_string(groups.join("99-imported.toml")).unwrap();
    assert!(
        imported.contains("[[field]]\r\nname = \"eval_strategy\"\r\n"),
        "{imported}"
    );

    // stamp on a CRLF file of a whole book.
    let (_dir, root) = book_copy("minimal");
    let basics = root.join(BASICS);
    fs::write(
        &basics,
        fs::read_to_string(&basics).unwrap().replace('\n', "\r\n"),
    )
    .unwrap();
    let out = fieldbook(&["stamp"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = fs::read_to_string(&basics).unwrap();
    assert!(after.contains("translated-from.zh = \""), "{after}");
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

#[cfg(unix)]
#[test]
fn a_symlinked_group_file_stays_a_symlink_with_its_target_updated() {
    let (_dir, root) = book_copy("minimal");
    let shared = root.join("shared");
    fs::create_dir(&shared).unwrap();
    fs::rename(root.join(BASICS), shared.join("basics.toml")).unwrap();
    std::os::unix::fs::symlink("../../../shared/basics.toml", root.join(BASICS)).unwrap();
    let out = fieldbook(&["stamp"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::symlink_metadata(root.join(BASICS))
        .unwrap()
        .file_type()
        .is_symlink());
    let target = fs::read_to_string(shared.join("basics.toml")).unwrap();
    assert!(target.contains("translated-from.zh = \""), "{target}");
    assert!(
        fs::read_dir(&shared).unwrap().count() == 1,
        "a temporary file was left"
    );
}

#[test]
fn stamp_reads_the_same_group_files_as_build() {
    let (_dir, root) = book_copy("minimal");
    // A hidden file is not part of the book: build skips it, so stamp leaves it alone.
    let hidden = root.join("content/trainer/groups/.01-basics.toml");
    fs::copy(root.join(BASICS), &hidden).unwrap();
    let before = fs::read(&hidden).unwrap();
    let out = fieldbook(&["stamp"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(&hidden).unwrap(), before);
}
