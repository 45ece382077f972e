//! Writing the site: build beside DEST, then swap it in, so DEST is always a whole old site or
//! a whole new one. Refuses DEST paths that would overwrite the book itself.

use crate::diagnostics::{Diagnostic, Origin};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks the temporary folders fieldbook creates beside DEST.
const TEMP_MARK: &str = ".fieldbook-";

/// The file every site fieldbook writes carries at its top, so that a later build knows the
/// folder is one it may replace. A folder without it is never deleted.
pub const SITE_MARKER: &str = ".fieldbook-site";

/// What [`SITE_MARKER`] holds.
const SITE_MARKER_TEXT: &str = concat!(
    "This folder is a site built by fieldbook ",
    env!("CARGO_PKG_VERSION"),
    ".\nfieldbook replaces it whole on the next build; keep nothing else in it.\n"
);

/// What a DEST must keep clear of, besides the book's own folders.
#[derive(Debug, Default)]
pub struct DestRules<'a> {
    /// Where `book.toml` sets `[build] dest`, when DEST comes from there: DEST must then stay
    /// inside the book (an untrusted book cannot aim a build at the reader's other folders).
    pub set_in_book: Option<&'a Origin>,
    /// Files the book reads from outside `content/` (the Python sources its references name):
    /// DEST may not be or contain any of them.
    pub sources: Vec<PathBuf>,
}

/// Refuses a DEST that a build may not replace: the book root or a folder that contains it,
/// the current folder or one that contains it, anything inside the book's own folders
/// (`content/`, `templates/`, `.git/`), a folder holding a Python source the book reads, a
/// path outside the book when book.toml chose it, a symbolic link, and any existing folder
/// that is neither empty nor a site fieldbook wrote.
pub fn check_dest(root: &Path, dest: &Path, rules: &DestRules) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let dest_abs = absolute(dest);
    let shown = dest.display().to_string();
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    let refuse = |why: &str, hint: &str| {
        Err(
            Diagnostic::file(shown, format!("refusing to write the site here: {why}"))
                .with_hint(hint.to_string()),
        )
    };
    const OWN_FOLDER: &str = "pick an output folder of its own, e.g. `-d book` (the default)";
    if let Some(origin) = rules.set_in_book {
        if !dest_abs.starts_with(&root_abs) {
            return Err(origin
                .error(format!(
                    "`[build] dest` points outside the book: `{shown}`"
                ))
                .with_hint("a book may only write inside its own folder: set e.g. `dest = \"book\"`; to write the site elsewhere, pass `-d PATH` on the command line"));
        }
    }
    if dest_abs == root_abs {
        return refuse("it is the book's root folder", OWN_FOLDER);
    }
    if root_abs.starts_with(&dest_abs) {
        return refuse("it contains the book's root folder", OWN_FOLDER);
    }
    for source in ["content", "templates", ".git"] {
        if dest_abs.starts_with(root_abs.join(source)) {
            return refuse(&format!("it is inside `{source}/`"), OWN_FOLDER);
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        let cwd = absolute(&cwd);
        if cwd.starts_with(&dest_abs) {
            let why = if cwd == dest_abs {
                "it is the current folder"
            } else {
                "it contains the current folder"
            };
            return refuse(why, "a build replaces DEST whole: pick a folder of its own, e.g. `-d book`, or run fieldbook from another folder");
        }
    }
    for source in &rules.sources {
        if absolute(&root.join(source)).starts_with(&dest_abs) {
            return refuse(
                &format!(
                    "it holds `{}`, a Python source the book reads",
                    source.display()
                ),
                OWN_FOLDER,
            );
        }
    }
    match fs::symlink_metadata(dest) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return refuse(
                "it is a symbolic link (a build would replace the link, not the folder it points to)",
                "pass the folder the link points to with `-d`",
            );
        }
        Ok(meta) if !meta.is_dir() => return refuse("it is a file", OWN_FOLDER),
        Ok(_) if !replaceable(&dest_abs) => {
            return refuse(
                &format!("it is not empty and is not a site fieldbook wrote (it has no `{SITE_MARKER}` file)"),
                "a build replaces DEST whole, deleting what is in it: pick a new or empty folder with `-d`, or move that folder's files elsewhere first",
            );
        }
        _ => {}
    }
    // The nearest part of the path that exists must be a folder, or nothing can be created.
    let mut ancestor = dest_abs.parent();
    while let Some(dir) = ancestor {
        if dir.exists() {
            if !dir.is_dir() {
                return refuse(
                    &format!("`{}` is a file, not a folder", dir.display()),
                    OWN_FOLDER,
                );
            }
            break;
        }
        ancestor = dir.parent();
    }
    Ok(())
}

/// Whether a build may replace the existing folder `dir`: it is empty, carries
/// [`SITE_MARKER`], or is a site written before the marker existed (an `index.html` beside a
/// `fields.json` that opens with fieldbook's `schema` key).
fn replaceable(dir: &Path) -> bool {
    let Ok(mut entries) = fs::read_dir(dir) else {
        return false;
    };
    if entries.next().is_none() || dir.join(SITE_MARKER).is_file() {
        return true;
    }
    if !dir.join("index.html").is_file() {
        return false;
    }
    let mut head = [0u8; 64];
    let read = fs::File::open(dir.join("fields.json"))
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    head.trim_start()
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"schema\""))
}

/// One file of the finished site: its path under DEST and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to DEST, with `/` separators.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Where finished files go, as soon as each is rendered: kept in memory ([`Collect`]) or written
/// to the staging folder ([`Staging`]). Called from several threads at once.
pub trait Sink: Sync {
    /// Takes one finished file; `path` is relative to DEST, with `/` separators.
    fn put(&self, path: &str, bytes: Vec<u8>);
}

/// A sink that keeps every file in memory (for `serve`, `check` and tests).
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files collected, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(OutputFile {
                path: path.to_string(),
                bytes,
            });
    }
}

/// A path made absolute and lexically normalised (`..` and `.` resolved, symlinks of existing
/// ancestors followed), without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = joined.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for name in tail.into_iter().rev() {
        match name.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(name),
        }
    }
    out
}

/// A fresh folder beside DEST that the build writes into as pages are rendered (it is a
/// [`Sink`]). [`Staging::commit`] swaps it in whole; dropped without a commit, it is removed
/// and DEST stays exactly as it was.
pub struct Staging {
    /// DEST as the user gave it, for messages.
    shown: PathBuf,
    /// DEST, absolute.
    dest: PathBuf,
    /// The folder being written.
    dir: PathBuf,
    /// Folders already created in `dir`.
    made: Mutex<HashSet<PathBuf>>,
    /// The first write that failed: the file and why.
    failed: Mutex<Option<(PathBuf, std::io::Error)>>,
    committed: bool,
    /// The lock on DEST's parent folder, released when the staging is done with.
    _lock: fs::File,
}

impl Staging {
    /// Creates the staging folder beside `dest`, after cleaning up what a killed build left.
    /// Holds a lock on DEST's parent folder until the site is swapped in or dropped, so that
    /// builds into the same place take turns (the later one's site wins) and none removes a
    /// folder another running build is writing.
    pub fn create(dest: &Path) -> Result<Staging, Diagnostic> {
        let shown = dest.to_path_buf();
        let dest = absolute(dest);
        let parent = dest
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = short_name(dest.file_name().and_then(|n| n.to_str()).unwrap_or("book"));
        fs::create_dir_all(&parent).map_err(|e| {
            write_error(
                &shown,
                format!("cannot create the folder `{}`", parent.display()),
                &e,
            )
        })?;
        let lock = lock_folder(&parent).map_err(|e| {
            write_error(
                &shown,
                format!("cannot lock the folder `{}`", parent.display()),
                &e,
            )
        })?;
        recover_interrupted(&parent, &name, &dest);
        let dir = parent.join(format!(".{name}{TEMP_MARK}new-{}", std::process::id()));
        let made =
            fs::create_dir(&dir).and_then(|()| fs::write(dir.join(SITE_MARKER), SITE_MARKER_TEXT));
        if let Err(e) = made {
            let _ = fs::remove_dir_all(&dir);
            return Err(write_error(
                &shown,
                format!("cannot create a temporary folder in `{}`", parent.display()),
                &e,
            ));
        }
        Ok(Staging {
            shown,
            dest,
            dir,
            made: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            committed: false,
            _lock: lock,
        })
    }

    /// Swaps the finished folder in for DEST (atomically where the system allows), then
    /// removes the old site. Fails, leaving DEST as it was, if any file could not be written.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if let Some((path, e)) = lock(&self.failed).take() {
            let rel = path.strip_prefix(&self.dir).unwrap_or(&path);
            return Err(write_error(
                &self.shown,
                format!("cannot write `{}`", rel.display()),
                &e,
            ));
        }
        self.committed = true;
        let (dest, staging) = (&self.dest, &self.dir);
        let fail = |what: &str, e: std::io::Error| write_error(&self.shown, what.to_string(), &e);
        // DEST was checked before rendering; look again under the lock, just before replacing it.
        let is_link = fs::symlink_metadata(dest).is_ok_and(|m| m.file_type().is_symlink());
        if is_link || (dest.exists() && !replaceable(dest)) {
            remove_tree(staging);
            return Err(Diagnostic::file(
                &self.shown,
                "refusing to write the site here: it changed during the build and is no longer empty or a site fieldbook wrote",
            )
            .with_hint("pick a new or empty folder with `-d`"));
        }
        if !dest.exists() {
            return fs::rename(staging, dest).map_err(|e| {
                remove_tree(staging);
                fail("cannot move the new site into place", e)
            });
        }
        if exchange(staging, dest).is_ok() {
            remove_tree(staging);
            return Ok(());
        }
        // No atomic exchange on this system: move the old site aside, then the new one in.
        let old = staging.with_file_name(
            staging
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .replace("new-", "old-"),
        );
        if let Err(e) = fs::rename(dest, &old) {
            remove_tree(staging);
            return Err(fail("cannot move the old site aside", e));
        }
        if let Err(e) = fs::rename(staging, dest) {
            let _ = fs::rename(&old, dest);
            remove_tree(staging);
            return Err(fail("cannot move the new site into place", e));
        }
        remove_tree(&old);
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if lock(&self.failed).is_some() {
            return;
        }
        let path = self.dir.join(path);
        let written = (|| {
            if let Some(folder) = path.parent() {
                if !lock(&self.made).contains(folder) {
                    fs::create_dir_all(folder)?;
                    lock(&self.made).insert(folder.to_path_buf());
                }
            }
            fs::write(&path, &bytes)
        })();
        if let Err(e) = written {
            lock(&self.failed).get_or_insert((path, e));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Locks a mutex, also after a panic elsewhere (the data stays usable).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes a site fieldbook wrote (a replaced site, a staging folder), its top-level entries in
/// parallel and its [`SITE_MARKER`] last: a removal cut short by a kill leaves a folder that
/// still says it is fieldbook's, so the next build can finish the job.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name() != SITE_MARKER)
            .map(|e| e.path())
            .collect();
        entries.par_iter().for_each(|entry| {
            if entry.is_dir() {
                let _ = fs::remove_dir_all(entry);
            } else {
                let _ = fs::remove_file(entry);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// The error for a site that could not be written.
fn write_error(shown: &Path, what: String, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file(shown, format!("cannot write the site: {what}: {}", io_reason(e)))
        .with_hint("check that the output folder's parent exists and is writable, or pick another output folder with `-d`")
}

/// DEST's name, cut so that the temporary names built from it stay within the 255 bytes a file
/// name may have.
fn short_name(name: &str) -> String {
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_string()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Cleans up after a build that was killed: restores a site moved aside if DEST is missing,
/// and removes half-written staging folders. Runs under the parent folder's lock, so no other
/// build is writing one; only folders with exactly the names fieldbook gives them
/// (`.NAME.fieldbook-new-PID`, `.NAME.fieldbook-old-PID`) that hold a fieldbook site or
/// nothing are touched.
fn recover_interrupted(parent: &Path, name: &str, dest: &Path) {
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file_name = e.file_name();
            let rest = file_name.to_str()?.strip_prefix(&prefix)?;
            let (is_old, pid) = match rest.split_once('-')? {
                ("new", pid) => (false, pid),
                ("old", pid) => (true, pid),
                _ => return None,
            };
            let is_pid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
            let path = e.path();
            let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            (is_pid && is_dir && replaceable(&path)).then_some((is_old, path))
        })
        .collect();
    leftovers.sort();
    for (is_old, path) in leftovers {
        if is_old && !dest.exists() && fs::rename(&path, dest).is_ok() {
            continue;
        }
        remove_tree(&path);
    }
}

/// Opens `dir` and takes an exclusive lock on it, waiting while another build holds it. The
/// lock goes with the returned handle (and with the process, if it is killed).
fn lock_folder(dir: &Path) -> std::io::Result<fs::File> {
    let handle = fs::File::open(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: the descriptor is open for as long as `handle` lives.
        if unsafe { libc::flock(handle.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(handle)
}

/// Atomically swaps two directories (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated C strings that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// The longest file or folder name most file systems accept, in bytes.
const MAX_FILE_NAME: usize = 255;

/// A sink that passes every file on and notes the first (by path order) whose path has a part the file system
/// would refuse (longer than [`MAX_FILE_NAME`] bytes): `check`, which writes nothing, then
/// finds what `build` would.
pub struct NameCheck<'a> {
    inner: &'a dyn Sink,
    refused: Mutex<Option<String>>,
}

impl<'a> NameCheck<'a> {
    /// Checks the paths of the files going to `inner`.
    pub fn new(inner: &'a dyn Sink) -> Self {
        NameCheck {
            inner,
            refused: Mutex::new(None),
        }
    }

    /// The problem with the first refused path, if any.
    pub fn problem(self) -> Option<Diagnostic> {
        let path = self
            .refused
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())?;
        Some(
            Diagnostic::file(
                &path,
                format!("the output file name is longer than {MAX_FILE_NAME} bytes, which file systems refuse"),
            )
            .with_hint("shorten the name it is made from (a field name, id or slug)"),
        )
    }
}

impl Sink for NameCheck<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if path.split('/').any(|part| part.len() > MAX_FILE_NAME) {
            let mut refused = lock(&self.refused);
            if refused.as_deref().is_none_or(|first| path < first) {
                *refused = Some(path.to_string());
            }
            return;
        }
        self.inner.put(path, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` as one build does.
    fn write_site(dest: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        let staging = Staging::create(dest)?;
        for file in files {
            staging.put(&file.path, file.bytes.clone());
        }
        staging.commit()
    }

    #[test]
    fn refuses_dest_that_would_overwrite_the_book() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("content")).unwrap();
        for bad in [
            root.path().to_path_buf(),
            root.path().join("content"),
            root.path().join("content/out"),
            root.path()
                .join("..")
                .join(root.path().file_name().unwrap()),
        ] {
            assert!(
                check_dest(root.path(), &bad, &DestRules::default()).is_err(),
                "{}",
                bad.display()
            );
        }
        assert!(check_dest(
            root.path(),
            &root.path().join("book"),
            &DestRules::default()
        )
        .is_ok());
        fs::write(root.path().join("notes.txt"), "x").unwrap();
        let under_a_file = check_dest(
            root.path(),
            &root.path().join("notes.txt/site/book"),
            &DestRules::default(),
        );
        assert!(under_a_file
            .unwrap_err()
            .message
            .ends_with("notes.txt` is a file, not a folder"));
    }

    #[test]
    fn a_long_dest_name_still_gets_a_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("b".repeat(250));
        let file = OutputFile {
            path: "a.html".into(),
            bytes: b"new".to_vec(),
        };
        write_site(&dest, std::slice::from_ref(&file)).unwrap();
        write_site(&dest, &[file]).unwrap();
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "new");
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        let file = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        };
        write_site(&dest, &[file("a.html", "old"), file("x/old.html", "old")]).unwrap();
        write_site(&dest, &[file("a.html", "new")]).unwrap();
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "new");
        assert!(!dest.join("x/old.html").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("book")],
            "no temporary folder is left behind"
        );
    }
}
