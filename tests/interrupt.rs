//! A build killed at any moment (SIGKILL) leaves DEST as the whole old site or the whole new
//! one, never a mix, and the next build cleans up whatever the killed one left beside DEST.

use crate::common;

use common::*;
use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

/// How many builds are killed at random moments.
const KILLS: u64 = 60;

/// Switches the book's content between the old and the new version of one explanation.
fn use_version(root: &std::path::Path, new: bool) {
    let (old_text, new_text) = ("Kept for old scripts.", "Kept for old scripts (new build).");
    let (from, to) = if new {
        (old_text, new_text)
    } else {
        (new_text, old_text)
    };
    edit(root, "content/trainer/groups/01-basics.toml", from, to);
}

fn tree_of(root: &std::path::Path, dest: &str) -> BTreeMap<String, Vec<u8>> {
    let out = fieldbook(&["build", "-q", "-d", dest], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_tree(&root.join(dest))
}

#[test]
fn killed_builds_leave_the_old_or_the_new_site_never_a_mix() {
    let (_dir, root) = book_copy("minimal");
    let old = tree_of(&root, "reference-old");
    use_version(&root, true);
    let new = tree_of(&root, "reference-new");
    assert_ne!(old, new);
    // DEST starts as the old site; every killed build tries to write the new one.
    use_version(&root, false);
    assert_eq!(tree_of(&root, "out"), old);
    use_version(&root, true);

    // Time an uninterrupted build, so kill moments cover its whole life, swap included.
    let started = std::time::Instant::now();
    assert!(fieldbook(&["build", "-q", "-d", "timing"], &root)
        .status
        .success());
    let span = (started.elapsed().as_micros() as u64 * 3 / 2).max(1);
    let mut outcomes = BTreeMap::new();
    // A simple deterministic generator spreads the kill moments over the build's whole life.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..KILLS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % span);
        let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
            .args(["build", "-q"])
            .current_dir(&root)
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = read_tree(&root.join("out"));
        let which = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!(
                "kill {i} after {delay:?} left a mixed or partial site ({} files)",
                now.len()
            );
        };
        *outcomes.entry((which, status.success())).or_insert(0) += 1;
        // Put the old site back for the next round when the build got through.
        if which == "new" {
            use_version(&root, false);
            assert_eq!(tree_of(&root, "out"), old);
            use_version(&root, true);
        }
    }
    eprintln!("{KILLS} killed builds: {outcomes:?}");
    // The next build cleans up what killed builds left beside DEST.
    assert_eq!(tree_of(&root, "out"), new);
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".fieldbook-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "stray temporary folders: {leftovers:?}"
    );
}
