//! The content loader, validator and renderer: the input replaces one file of a copy of
//! `tests/fixtures/minimal` (the first byte picks which) and the book is loaded, validated and
//! rendered in memory, as `fieldbook check` does. Whatever the bytes, the result is a site or a
//! list of positioned diagnostics, never a panic.
#![no_main]

use fieldbook::BuildOptions;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file the first byte (mod 8) selects; group files get half of the inputs.
const FILES: [&str; 8] = [
    "content/trainer/groups/01-basics.toml",
    "content/trainer/groups/01-basics.toml",
    "content/trainer/groups/01-basics.toml",
    "content/trainer/groups/02-schedule.toml",
    "content/trainer/enums.toml",
    "content/trainer/reference.toml",
    "book.toml",
    "content/guides/types.md",
];

struct Book {
    _dir: tempfile::TempDir,
    root: PathBuf,
    originals: Vec<(PathBuf, Vec<u8>)>,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "expected" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        copy_dir(&fixture, &root);
        let originals = FILES
            .iter()
            .map(|f| (root.join(f), std::fs::read(root.join(f)).unwrap()))
            .collect();
        Book {
            _dir: dir,
            root,
            originals,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let book = book();
    for (path, bytes) in &book.originals {
        std::fs::write(path, bytes).unwrap();
    }
    let target = book.root.join(FILES[usize::from(selector) % FILES.len()]);
    std::fs::write(target, content).unwrap();
    let options = BuildOptions {
        dest: None,
        write: false,
    };
    match fieldbook::render_book(&book.root, &options) {
        Ok((report, files)) => {
            assert!(report.fields > 0);
            assert!(!files.is_empty());
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "an error without a diagnostic");
            for d in &problems.0 {
                if let Some((line, col)) = d.position {
                    assert!(line >= 1 && col >= 1, "position {line}:{col} in {d}");
                }
            }
            let _ = problems.to_string();
        }
    }
});
