//! No input makes fieldbook hang or fill memory: a FIFO or a device where a file is expected is
//! refused, an oversized file is refused, Markdown too costly to parse is an error at its place
//! ("did you mean" over thousands of names: `diagnostics::tests`).

use crate::common;

use common::*;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs fieldbook, killing it (and failing the test) after `limit`. Its output is read while it
/// runs, so that a long report never fills the pipe and stalls it.
fn fieldbook_within(args: &[&str], cwd: &Path, limit: Duration) -> Output {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("`fieldbook {}` took more than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
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
    // Unbounded, this took 18 s in a release build (minutes in a debug one, far past LIMIT);
    // refused, it takes well under a second. LIMIT is the only clock: a busy machine must not
    // fail the test.
    let out = fieldbook_within(&["check"], &root, LIMIT);
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

/// A dataclass with `n` fields (`field_<i>`) whose docstring documents `n` other names
/// (`entry_<i>`), none of them a field.
fn unmatched_class(n: usize) -> String {
    let mut py = String::from(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Big:\n    \"\"\"\n    Args:\n",
    );
    for i in 0..n {
        py.push_str(&format!(
            "        entry_{i} (`int`, *optional*, defaults to 0):\n            Not a field.\n"
        ));
    }
    py.push_str("    \"\"\"\n\n");
    for i in 0..n {
        py.push_str(&format!("    field_{i}: int = 0\n"));
    }
    py
}

#[test]
fn check_python_on_thousands_of_unmatched_names_finishes_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.py"), unmatched_class(8_000)).unwrap();
    // Every field undocumented and every entry unknown: 16,000 warnings. With linear look-ups
    // (a field's entry, an entry's field, a redefined field) this took over 45 s in a debug
    // build, past LIMIT; it now takes about a second.
    let out = fieldbook_within(
        &["check", "--python", "big.py", "--class", "Big"],
        dir.path(),
        LIMIT,
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "big.py:8:9: warning: the docstring documents `entry_0`, which is not a field of `Big`"
        ),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert_eq!(
        err.matches("is not documented in the class docstring")
            .count(),
        8_000
    );
    assert_eq!(err.matches("which is not a field of `Big`").count(), 8_000);
}

#[test]
fn a_field_explanation_too_costly_to_parse_is_an_error_in_check_and_build() {
    // Refused at the field, in `check` as in `build` (which leaves nothing behind).
    let (dir, root) = book_copy("minimal");
    let group = root.join("content/trainer/groups/01-basics.toml");
    let text = fs::read_to_string(&group).unwrap().replace(
        "Everything the run writes goes here. See `epochs`.",
        &"*a_".repeat(100_000),
    );
    fs::write(&group, text).unwrap();
    for args in [vec!["check"], vec!["build", "-d", "../site"]] {
        let start = Instant::now();
        let out = fieldbook_within(&args, &root, LIMIT);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{args:?}: {:?}",
            start.elapsed()
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "01-basics.toml:9:8: error: in the `en` explanation of `output_dir`: this paragraph has more than 1000 runs"
            ),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!dir.path().join("site").exists());
}
