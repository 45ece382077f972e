//! No input makes fieldbook hang or fill memory: a FIFO or a device where a file is expected is
//! refused, an oversized file is refused, Markdown too costly to parse is an error at its place
//! ("did you mean" over thousands of names: `diagnostics::tests`).

use crate::common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs fieldbook, killing it (and failing the test) after `limit`.
fn fieldbook_within(args: &[&str], cwd: &Path, limit: Duration) -> Output {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("`fieldbook {}` took more than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LIMIT: Duration = Duration::from_secs(20);

#[cfg(unix)]
#[test]
fn python_commands_refuse_fifos_devices_and_huge_files() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.py");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.py")).unwrap();
    fs::write(dir.path().join("huge.py"), vec![b'#'; 5 * 1024 * 1024]).unwrap();
    fs::write(
        dir.path().join("ok.py"),
        "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    x: int = 1\n",
    )
    .unwrap();
    let cases: [(&str, &str); 4] = [
        (
            "fifo.py",
            "fifo.py: error: cannot read the file: it is not a regular file",
        ),
        (
            "zero.py",
            "zero.py: error: cannot read the file: it is not a regular file",
        ),
        (
            "/dev/zero",
            "/dev/zero: error: cannot read the file: it is not a regular file",
        ),
        (
            "huge.py",
            "huge.py: error: the file is 5 MiB, more than the 4 MiB fieldbook reads from one file",
        ),
    ];
    for (file, expected) in cases {
        for args in [
            vec!["import", file, "--class", "C"],
            vec!["check", "--python", file, "--class", "C"],
            vec!["diff", file, "ok.py", "--class", "C"],
            vec!["diff", "ok.py", file, "--class", "C"],
        ] {
            let out = fieldbook_within(&args, dir.path(), LIMIT);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(expected),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn a_guide_too_costly_to_parse_is_an_error_at_its_place() {
    let (dir, root) = book_copy("minimal");
    let body = format!(
        "+++\ntitle = \"Stars\"\n+++\nIntro.\n\n{}\n",
        "*a_".repeat(100_000)
    );
    fs::write(root.join("content/guides/stars.md"), &body).unwrap();
    fs::write(root.join("content/guides/stars.zh.md"), &body).unwrap();
    let start = Instant::now();
    let out = fieldbook_within(&["check"], &root, LIMIT);
    // Unbounded, this took 18 s in a release build; refused, it takes well under a second.
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(1));
    // The 1,001st run of `*` and `_` is at byte 1,500 of line 6.
    assert!(
        stderr(&out).contains(
            "content/guides/stars.md:6:1501: error: this paragraph has more than 1000 runs"
        ),
        "{}",
        stderr(&out)
    );
    let dest = dir.path().join("site");
    let out = fieldbook_within(&["build", "-d", dest.to_str().unwrap()], &root, LIMIT);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dest.exists());
}
