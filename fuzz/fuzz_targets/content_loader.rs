//! The content loader, validator and renderer: the input replaces one file of a copy of
//! `tests/fixtures/minimal` (the low three bits of the first byte pick which) and the book is
//! loaded and validated; when the first byte's high bit is set it is also rendered in memory, as
//! `fieldbook check` does (with the built-in templates compiled once, not per input). Rendering
//! costs ~50 times more than loading, hence the switch: the fuzzer keeps both kinds of input.
//! Whatever the bytes, the result is a site or a list of positioned diagnostics, never a panic.
#![no_main]

use fieldbook::diagnostics::Diagnostics;
use fieldbook::render::templates::Templates;
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
    templates: Templates,
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
        let templates = Templates::load(&root).unwrap_or_else(|e| panic!("{e}"));
        Book {
            _dir: dir,
            root,
            originals,
            templates,
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
    let problems = match fieldbook::source::load(&book.root) {
        Err(problems) => problems,
        Ok(loaded) => match fieldbook::validate::validate(&loaded, None) {
            (None, problems) => problems,
            (Some(_), problems) if selector & 0x80 == 0 => match problems.is_empty() {
                true => return,
                false => problems,
            },
            // Like `render_book`: render even with problems, so broken links join them.
            (Some(b), mut problems) => match fieldbook::render::render(&b, &book.templates) {
                Ok(files) if problems.is_empty() => {
                    assert!(files.iter().any(|f| f.path == "fields.json"));
                    return;
                }
                Ok(_) => problems,
                Err(more) => {
                    problems.0.extend(more.0);
                    problems
                }
            },
        },
    };
    check(&problems);
});

/// Every failure names at least one problem, with a 1-based position when it has one.
fn check(problems: &Diagnostics) {
    assert!(!problems.is_empty(), "a failure without a diagnostic");
    for d in &problems.0 {
        if let Some((line, col)) = d.position {
            assert!(line >= 1 && col >= 1, "position {line}:{col} in {d}");
        }
    }
    let _ = problems.to_string();
}
