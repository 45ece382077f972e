//! Edits of the user's files that happen all together or not at all: `stamp` and `import --into`
//! read every file they change, compute every new text, and only then write.
//!
//! An [`EditSet`] holds the new text of each file. [`EditSet::commit`] first writes every new text
//! to a temporary file beside the file it replaces; only when all of them are written does it
//! rename them over the originals, one after another. A failure before the renames leaves every
//! file as it was (the temporary files are removed). Each file keeps how it was stored: a file
//! with Windows line ends (`\r\n`) gets them on every line, new lines too; a byte-order mark is
//! kept; a symlink stays a symlink and the file it points to is updated; permissions are kept.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use std::path::{Path, PathBuf};

/// A file read for editing: its text as every stage sees it (LF line ends, no byte-order mark)
/// and how it was stored, so that the new text is written back the same way.
#[derive(Debug)]
pub struct EditableFile {
    /// The text, positions for diagnostics, and the path shown in them.
    pub file: SourceFile,
    /// Where the file is on disk (`root` joined with the shown path).
    path: PathBuf,
    /// The file used `\r\n` line ends.
    crlf: bool,
    /// The file started with a UTF-8 byte-order mark.
    bom: bool,
}

impl EditableFile {
    /// Reads `root/shown` through the book's one file reader (regular files only, size cap,
    /// UTF-8), remembering its line ends and byte-order mark.
    pub fn read(root: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        let path = root.join(shown);
        let bytes = crate::source::read_bytes(root, shown)?;
        let crlf = bytes.windows(2).any(|w| w == b"\r\n");
        let bom = bytes.starts_with("\u{feff}".as_bytes());
        Ok(EditableFile {
            file: SourceFile::from_bytes(bytes, shown)?,
            path,
            crlf,
            bom,
        })
    }

    /// Parses the text with toml_edit (the same TOML version `build` reads), for editing in
    /// place; a syntax error is reported at its line and column.
    pub fn parse_toml(&self) -> Result<toml_edit::DocumentMut, Diagnostic> {
        self.file.text.parse().map_err(|e: toml_edit::TomlError| {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().lines().next().unwrap_or("").to_string();
            self.file
                .error_at(offset, format!("cannot parse the TOML: {message}"))
                .with_hint("fix the TOML syntax (see https://toml.io); nothing was written")
        })
    }
}

/// One planned write.
#[derive(Debug)]
struct Edit {
    /// The path shown in messages.
    shown: PathBuf,
    /// The file the bytes go to (a symlink's target).
    target: PathBuf,
    /// The bytes as stored.
    bytes: Vec<u8>,
}

/// New texts for a set of files, written all together by [`EditSet::commit`].
#[derive(Debug, Default)]
pub struct EditSet {
    edits: Vec<Edit>,
}

impl EditSet {
    /// Plans to replace `original`'s text with `text` (LF line ends; written back with the
    /// file's own line ends and byte-order mark). Nothing is planned when the text is unchanged.
    /// Returns whether a write was planned.
    pub fn replace(&mut self, original: &EditableFile, text: &str) -> bool {
        if text == original.file.text {
            return false;
        }
        let mut stored = String::with_capacity(text.len() + 3);
        if original.bom {
            stored.push('\u{feff}');
        }
        if original.crlf {
            stored.push_str(&text.replace('\n', "\r\n"));
        } else {
            stored.push_str(text);
        }
        // A symlink stays one: the file it points to gets the new text.
        let target = std::fs::canonicalize(&original.path).unwrap_or(original.path.clone());
        self.edits.push(Edit {
            shown: original.file.path.clone(),
            target,
            bytes: stored.into_bytes(),
        });
        true
    }

    /// Plans to create the file `root/shown` with `text`.
    pub fn create(&mut self, root: &Path, shown: &Path, text: String) {
        self.edits.push(Edit {
            shown: shown.to_path_buf(),
            target: root.join(shown),
            bytes: text.into_bytes(),
        });
    }

    /// The files a commit writes, as shown in messages, in the order they were planned.
    pub fn files(&self) -> Vec<PathBuf> {
        self.edits.iter().map(|e| e.shown.clone()).collect()
    }

    /// Writes every planned file, or none: each new text goes to a temporary file beside its
    /// target first; if any of those writes fails, the temporary files are removed and no file
    /// is changed. Then each temporary file is renamed over its target (an atomic replace).
    pub fn commit(self) -> Result<(), Diagnostics> {
        let mut written: Vec<(PathBuf, &Edit)> = Vec::new();
        let mut failure = None;
        for edit in &self.edits {
            match write_temporary(edit) {
                Ok(tmp) => written.push((tmp, edit)),
                Err(d) => {
                    failure = Some(d);
                    break;
                }
            }
        }
        if let Some(d) = failure {
            for (tmp, _) in &written {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(d.into());
        }
        let mut problems = Diagnostics::default();
        for (tmp, edit) in &written {
            if let Err(e) = std::fs::rename(tmp, &edit.target) {
                let _ = std::fs::remove_file(tmp);
                problems.push(
                    Diagnostic::file(&edit.shown, format!("cannot replace the file: {e}"))
                        .with_hint("check that the folder is writable, then run the command again"),
                );
            }
        }
        problems.into_result(())
    }
}

/// Writes an edit's bytes to a hidden temporary file beside its target (hidden, so a build that
/// runs meanwhile does not read it), with the target's permissions; returns its path.
fn write_temporary(edit: &Edit) -> Result<PathBuf, Diagnostic> {
    let name = edit
        .target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let tmp = edit
        .target
        .with_file_name(format!(".{name}.fieldbook-tmp-{}", std::process::id()));
    let result =
        std::fs::write(&tmp, &edit.bytes).and_then(|()| match std::fs::metadata(&edit.target) {
            Ok(meta) => std::fs::set_permissions(&tmp, meta.permissions()),
            Err(_) => Ok(()),
        });
    result.map(|()| tmp.clone()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::file(&edit.shown, format!("cannot write the file: {e}"))
            .with_hint("check that the folder is writable; no file was changed")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_changes_no_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "a = 1\n").unwrap();
        let a = EditableFile::read(dir.path(), Path::new("a.toml")).unwrap();
        let mut set = EditSet::default();
        assert!(set.replace(&a, "a = 2\n"));
        // Its folder does not exist: this write fails after `a.toml`'s temporary file is written.
        set.create(dir.path(), Path::new("gone/b.toml"), "b = 1\n".to_string());
        let err = set.commit().unwrap_err();
        assert!(
            err.0[0].message.starts_with("cannot write the file"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.toml")).unwrap(),
            "a = 1\n"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.toml")]);
    }

    #[test]
    fn crlf_and_byte_order_mark_are_kept_on_every_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "\u{feff}a = 1\r\nb = 2\r\n").unwrap();
        let a = EditableFile::read(dir.path(), Path::new("a.toml")).unwrap();
        assert_eq!(a.file.text, "a = 1\nb = 2\n");
        let mut set = EditSet::default();
        set.replace(&a, "a = 1\nb = 3\nc = 4\n");
        set.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.toml")).unwrap(),
            "\u{feff}a = 1\r\nb = 3\r\nc = 4\r\n"
        );
    }

    #[test]
    fn an_unchanged_text_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "a = 1\r\n").unwrap();
        let a = EditableFile::read(dir.path(), Path::new("a.toml")).unwrap();
        let mut set = EditSet::default();
        assert!(!set.replace(&a, "a = 1\n"));
        assert!(set.files().is_empty());
    }
}
