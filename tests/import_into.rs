//! `fieldbook import FILE.py --class NAME --into content/<ref-id>` on a copy of the fixture book
//! in `tests/fixtures/python/into/`: facts updated in place, everything a person wrote (texts,
//! comments, order) kept byte for byte, new fields appended to `groups/99-imported.toml`, fields
//! gone from the code reported and kept.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/python/into";

fn fieldbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run fieldbook")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn import_into_updates_facts_keeps_prose_and_adds_new_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    copy_dir(&root.join(FIXTURE).join("book"), &book);
    let group = book.join("content/cfg/groups/01-main.toml");
    let before = fs::read_to_string(&group).unwrap();

    let content = book.join("content/cfg");
    let out = fieldbook(&[
        "import",
        &format!("{FIXTURE}/config.py"),
        "--class",
        "Config",
        "--into",
        content.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("`old_field` is in the content but no longer in `Config`"),
        "{stderr}"
    );

    // Exactly the facts changed: the default (its trailing comment kept) and the choices.
    let after = fs::read_to_string(&group).unwrap();
    let expected = before
        .replace(
            "default = \"5e-5\"   # the old default",
            "default = \"1e-4\"   # the old default",
        )
        .replace(
            "choices = [\"fast\", \"slow\"]",
            "choices = [\"fast\", \"slow\", \"auto\"]",
        );
    assert_eq!(after, expected);
    assert!(after.contains("Indented line, trailing spaces   \n"));
    assert!(after.contains("name = \"old_field\"   # gone from the code"));

    // The new field, with its facts and its English text.
    let imported = fs::read_to_string(book.join("content/cfg/groups/99-imported.toml")).unwrap();
    assert!(
        imported.starts_with("id = \"imported\"\norder = 99\n"),
        "{imported}"
    );
    assert!(imported.contains("title.zh = \"新导入的参数\""));
    assert!(
        imported.contains("name = \"steps\"\ntype = \"Optional[int]\"\ndefault = \"None\"\n"),
        "{imported}"
    );
    assert!(imported.contains("summary.en = \"How many steps. None: until done.\""));
    // Only the English: no placeholder passes for a Chinese translation.
    assert!(
        imported.contains("explanation.en = \"\"\"\nHow many steps.\nNone: until done.\"\"\""),
        "{imported}"
    );
    assert!(!imported.contains("summary.zh"), "{imported}");
    assert!(!imported.contains("explanation.zh"), "{imported}");
    assert!(!imported.contains("name = \"lr\""));

    // The book still checks, and a second import changes nothing.
    let check = fieldbook(&["check", book.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let again = fieldbook(&[
        "import",
        &format!("{FIXTURE}/config.py"),
        "--class",
        "Config",
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert_eq!(fs::read_to_string(&group).unwrap(), after);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("updated the facts of 0 fields, added 0 new fields"),
        "{stdout}"
    );
}
