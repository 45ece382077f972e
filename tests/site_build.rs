//! Building fixture books end to end: golden output, determinism, atomic replacement, the CLI.

use crate::common;

use common::*;
use std::fs;
use std::path::Path;

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
fn summary_line_names_pages_fields_languages_and_time_then_the_page_to_open() {
    let (_dir, root) = book_copy("minimal");
    let out = fieldbook(&["build"], &root);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("built 18 pages for 7 fields in 2 languages into "),
        "{stdout}"
    );
    assert!(lines[0].ends_with(" ms"), "{stdout}");
    assert_eq!(lines[1], format!("open {}", index_url(&root)));
}

/// The `file://` URL of the minimal book's built `out/index.html` (its temporary path holds no
/// character a URL would escape).
fn index_url(root: &Path) -> String {
    let index = fs::canonicalize(root.join("out/index.html")).unwrap();
    format!("file://{}", index.display())
}

/// `build --open` with `PATH` holding only `bin`: the build's exit code, stdout and stderr.
#[cfg(unix)]
fn build_and_open(root: &Path, bin: &Path) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(["build", "--open"])
        .current_dir(root)
        .env("PATH", bin)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

/// A fake browser opener in `bin` (under the name fieldbook runs) that records what it was given
/// in `bin/opened.txt` and exits with `code`.
#[cfg(unix)]
fn fake_opener(bin: &Path, code: i32) {
    use std::os::unix::fs::PermissionsExt;
    let name = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let script = bin.join(name);
    let record = bin.join("opened.txt");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\nexit {code}\n",
            record.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn open_hands_the_built_index_to_the_browser_and_a_missing_browser_is_only_a_note() {
    let (dir, root) = book_copy("minimal");
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();

    // A desktop: the opener gets the page the summary names; nothing on stderr.
    fake_opener(&bin, 0);
    let (code, stdout, stderr) = build_and_open(&root, &bin);
    assert_eq!(code, Some(0), "{stderr}");
    let url = index_url(&root);
    assert!(stdout.ends_with(&format!("\nopen {url}\n")), "{stdout}");
    assert_eq!(
        fs::read_to_string(bin.join("opened.txt")).unwrap(),
        format!("{url}\n")
    );
    assert_eq!(stderr, "");

    // No desktop: `xdg-open` exits with 3. The build still succeeds, with a note.
    fake_opener(&bin, 3);
    let (code, stdout, stderr) = build_and_open(&root, &bin);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.ends_with(&format!("\nopen {url}\n")), "{stdout}");
    assert!(
        stderr.starts_with("note: could not open a browser: `")
            && stderr.trim_end().ends_with("` failed (exit status: 3)"),
        "{stderr}"
    );

    // No opener installed at all.
    fs::remove_dir_all(&bin).unwrap();
    fs::create_dir(&bin).unwrap();
    let (code, _, stderr) = build_and_open(&root, &bin);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.starts_with("note: could not open a browser: cannot run `"),
        "{stderr}"
    );
    assert!(root.join("out/index.html").is_file());
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

#[test]
fn permalinks_redirect_to_the_field_and_survive_a_move_to_another_group() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let page = fs::read_to_string(root.join("out/zh/p/epochs.html")).unwrap();
    assert!(
        page.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../zh/trainer/basics.html#epochs\">"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://example.org/docs/zh/trainer/basics.html#epochs\">"
    ));
    // Move `epochs` to the other group: the permalink follows it.
    let basics = root.join("content/trainer/groups/01-basics.toml");
    let text = fs::read_to_string(&basics).unwrap();
    let start = text.find("[[field]]\nname = \"epochs\"").unwrap();
    let end = start + text[start..].find("\n[[field]]").unwrap() + 1;
    fs::write(&basics, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let schedule = root.join("content/trainer/groups/02-schedule.toml");
    fs::write(
        &schedule,
        format!(
            "{}\n{}",
            fs::read_to_string(&schedule).unwrap(),
            &text[start..end]
        ),
    )
    .unwrap();
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = fs::read_to_string(root.join("out/zh/p/epochs.html")).unwrap();
    assert!(
        page.contains("url=../../zh/trainer/schedule.html#epochs"),
        "{page}"
    );
    let json = fs::read_to_string(root.join("out/fields.json")).unwrap();
    assert!(json.contains("\"zh\": \"https://example.org/docs/zh/p/epochs.html\""));
}

#[test]
fn old_names_get_permalinks_to_the_field_they_became() {
    let (_dir, root) = book_copy("minimal");
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "aliases = [\"epoch\"]",
        "aliases = [\"epoch\"]\nold-names = [\"n_epochs\"]",
    );
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let page = fs::read_to_string(root.join("out/en/p/n_epochs.html")).unwrap();
    assert!(
        page.contains("url=../../en/trainer/basics.html#epochs"),
        "{page}"
    );
}

#[test]
fn link_inventories_for_other_sites() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let inv = fs::read(root.join("out/objects.inv")).unwrap();
    let header = "# Sphinx inventory version 2\n# Project: Trainer reference\n# Version: 1.2.0\n# The remainder of this file is compressed using zlib.\n";
    assert!(inv.starts_with(header.as_bytes()));
    let mut body = String::new();
    use std::io::Read;
    flate2::read::ZlibDecoder::new(&inv[header.len()..])
        .read_to_string(&mut body)
        .unwrap();
    assert!(
        body.contains(
            "trainer.TrainerConfig.epochs py:attribute 1 en/trainer/basics.html#epochs -\n"
        ),
        "{body}"
    );
    assert!(
        body.contains(
            "trainer.Strategy.STEPS py:attribute 1 en/trainer/enums.html#Strategy.STEPS -\n"
        ),
        "{body}"
    );
    let zh = fs::read(root.join("out/zh/objects.inv")).unwrap();
    let mut zh_body = String::new();
    flate2::read::ZlibDecoder::new(
        &zh[zh
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(3)
            .unwrap()
            .0
            + 1..],
    )
    .read_to_string(&mut zh_body)
    .unwrap();
    assert!(
        zh_body
            .contains("trainer.TrainerConfig.epochs py:attribute 1 trainer/basics.html#epochs -\n"),
        "{zh_body}"
    );
    let xref: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("out/xref.json")).unwrap()).unwrap();
    assert_eq!(
        xref["trainer.TrainerConfig.epochs"]["zh"],
        "https://example.org/docs/zh/trainer/basics.html#epochs"
    );
    assert_eq!(
        xref["trainer.Strategy"]["en"],
        "https://example.org/docs/en/trainer/enums.html#Strategy"
    );
    let sitemap = fs::read_to_string(root.join("out/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/docs/zh/trainer/basics.html</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.org/docs/zh/trainer/basics.html\"/>"));
    assert!(!sitemap.contains("/p/") && !sitemap.contains("404"));
    let not_found = fs::read_to_string(root.join("out/404.html")).unwrap();
    assert!(
        not_found.contains("Page not found")
            && not_found.contains("href=\"https://example.org/docs/assets/style.css\"")
    );
    assert!(fs::read_to_string(root.join("out/zh/404.html"))
        .unwrap()
        .contains("页面不存在"));
}
