//! A build replaces DEST whole, so it may only replace a folder that is missing, empty or a site
//! fieldbook wrote; everything else is refused with exit 1 and left byte for byte.

use crate::common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

/// Asserts that the build failed with exit 1 and an error that contains `why`.
fn assert_refused(out: &Output, why: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(why), "expected {why:?} in:\n{stderr}");
    assert!(
        stderr.contains("hint:"),
        "a hint says how to proceed:\n{stderr}"
    );
}

/// A folder with a file a user cares about.
fn victim(at: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fs::create_dir_all(at).unwrap();
    fs::write(at.join("id_ed25519"), "KEY\n").unwrap();
    read_tree(at)
}

#[test]
fn book_toml_cannot_aim_the_build_outside_the_book() {
    let (dir, root) = book_copy("minimal");
    let outside = dir.path().join("victim");
    let before = victim(&outside);
    edit(&root, "book.toml", "dest = \"out\"", "dest = \"../victim\"");
    let out = fieldbook(&["build"], &root);
    assert_refused(&out, "`[build] dest` points outside the book");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("book.toml:11:8: error:"),
        "located at the value:\n{stderr}"
    );
    assert_eq!(read_tree(&outside), before);
    // The same folder named on the command line is the user's own choice, but it is still
    // not a site fieldbook wrote.
    let out = fieldbook(&["build", "-d", outside.to_str().unwrap()], &root);
    assert_refused(&out, "is not empty and is not a site fieldbook wrote");
    assert_eq!(read_tree(&outside), before);
}

#[test]
fn a_symlinked_dest_inside_the_book_cannot_reach_outside() {
    let (dir, root) = book_copy("minimal");
    let outside = dir.path().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
    edit(&root, "book.toml", "dest = \"out\"", "dest = \"link/site\"");
    let out = fieldbook(&["build"], &root);
    assert_refused(&out, "points outside the book");
    assert!(fs::read_dir(&outside).unwrap().next().is_none());
}

#[test]
fn a_folder_fieldbook_did_not_write_is_never_replaced() {
    let (dir, root) = book_copy("minimal");
    let notes = dir.path().join("notes");
    let before = victim(&notes);
    let out = fieldbook(&["build", "-d", notes.to_str().unwrap()], &root);
    assert_refused(&out, "it has no `.fieldbook-site` file");
    assert_eq!(read_tree(&notes), before);
}

#[test]
fn the_python_sources_a_book_reads_are_never_dest() {
    let (_dir, root) = book_copy("from-source");
    let before = read_tree(&root.join("src"));
    let out = fieldbook(&["build", "-d", "src"], &root);
    assert_refused(&out, "a Python source the book reads");
    assert_eq!(read_tree(&root.join("src")), before);
    assert!(fieldbook(&["build", "-q"], &root).status.success());
}

#[test]
fn the_current_folder_and_its_parents_are_never_dest() {
    let (dir, root) = book_copy("minimal");
    let cwd = dir.path().join("work");
    let before = victim(&cwd);
    let out = fieldbook(&["build", root.to_str().unwrap(), "-d", "."], &cwd);
    assert_refused(&out, "it is the current folder");
    let out = fieldbook(&["build", root.to_str().unwrap(), "-d", ".."], &cwd);
    assert_refused(&out, "contains");
    assert_eq!(read_tree(&cwd), before);
}

#[test]
fn git_and_symlinks_are_never_dest() {
    let (dir, root) = book_copy("minimal");
    fs::create_dir(root.join(".git")).unwrap();
    let out = fieldbook(&["build", "-d", ".git/site"], &root);
    assert_refused(&out, "it is inside `.git/`");
    let site = dir.path().join("site");
    assert!(
        fieldbook(&["build", "-q", "-d", site.to_str().unwrap()], &root)
            .status
            .success()
    );
    std::os::unix::fs::symlink(&site, dir.path().join("site-link")).unwrap();
    let link = dir.path().join("site-link");
    let out = fieldbook(&["build", "-d", link.to_str().unwrap()], &root);
    assert_refused(&out, "it is a symbolic link");
}

#[test]
fn empty_missing_and_own_sites_are_replaced() {
    let (dir, root) = book_copy("minimal");
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    for dest in [&empty, &dir.path().join("missing/deeper")] {
        let out = fieldbook(&["build", "-q", "-d", dest.to_str().unwrap()], &root);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dest.join(".fieldbook-site").is_file());
        // A second build replaces the site it wrote.
        fs::write(dest.join("stale.html"), "old").unwrap();
        assert!(
            fieldbook(&["build", "-q", "-d", dest.to_str().unwrap()], &root)
                .status
                .success()
        );
        assert!(!dest.join("stale.html").exists());
    }
}

#[test]
fn a_site_written_before_the_marker_existed_is_recognised() {
    let (dir, root) = book_copy("minimal");
    let site = dir.path().join("site");
    assert!(
        fieldbook(&["build", "-q", "-d", site.to_str().unwrap()], &root)
            .status
            .success()
    );
    fs::remove_file(site.join(".fieldbook-site")).unwrap();
    let out = fieldbook(&["build", "-q", "-d", site.to_str().unwrap()], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without fields.json's `schema` key it is just a folder with an index.html.
    fs::remove_file(site.join(".fieldbook-site")).unwrap();
    fs::write(site.join("fields.json"), "{\"notes\": 1}").unwrap();
    let out = fieldbook(&["build", "-q", "-d", site.to_str().unwrap()], &root);
    assert_refused(&out, "is not a site fieldbook wrote");
}

#[test]
fn a_users_folder_named_like_a_staging_folder_is_left_alone() {
    let (dir, root) = book_copy("minimal");
    let notes = dir.path().join(".out.fieldbook-notes");
    let before = victim(&notes);
    let lookalike = dir.path().join(".out.fieldbook-new-12");
    let before_lookalike = victim(&lookalike);
    let out = fieldbook(&["build", "-q", "-d", "../out"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read_tree(&notes), before);
    assert_eq!(read_tree(&lookalike), before_lookalike);
}

#[test]
fn concurrent_builds_into_one_dest_all_succeed() {
    let (dir, root) = book_copy("minimal");
    let dest = dir.path().join("site");
    for _round in 0..3 {
        let builds: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_fieldbook"))
                    .args(["build", "-q", "-d", dest.to_str().unwrap()])
                    .current_dir(&root)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let out = build.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(dest.join("index.html").is_file());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains("fieldbook-"))
            .collect();
        assert!(names.is_empty(), "staging folders left: {names:?}");
    }
}
