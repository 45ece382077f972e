//! Showing a built site to its reader: the `file://` URL of a page on disk, and opening a URL in
//! the desktop's browser (`build --open`, `serve --open`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The program that hands a URL to the desktop's default browser.
const OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else if cfg!(windows) {
    "explorer"
} else {
    "xdg-open"
};

/// How long [`open`] waits for the opener to fail. Openers pass the URL on and exit at once
/// (`xdg-open` exits with 3 at once on a machine without a desktop); one still running after
/// this is taken to be showing the page.
const WAIT: Duration = Duration::from_secs(2);

/// The `file://` URL of `path` (made absolute), to print or to open. A path that cannot be made
/// absolute (it does not exist) is returned as written.
pub fn file_url(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .and_then(|absolute| url::Url::from_file_path(absolute).ok())
        .map_or_else(|| path.display().to_string(), String::from)
}

/// Opens `url` in a browser. The error says why it could not (no opener installed, or the
/// opener failed, as on a machine without a desktop); callers print it as a note, since the
/// site itself is fine.
pub fn open(url: &str) -> Result<(), String> {
    let mut child = Command::new(OPENER)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run `{OPENER}`: {e}"))?;
    // `explorer` exits with 1 even when it opened the page.
    if cfg!(windows) {
        return Ok(());
    }
    let start = Instant::now();
    while start.elapsed() < WAIT {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("`{OPENER}` failed ({status})")),
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("`{OPENER}`: {e}")),
        }
    }
    Ok(())
}
