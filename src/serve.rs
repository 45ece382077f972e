//! `fieldbook serve`: builds the book in memory, serves it on 127.0.0.1, watches the sources and
//! rebuilds on change, and reloads open pages (keeping their scroll position and anchor). A failed
//! rebuild keeps the last good site and shows its diagnostics over the open pages.

mod http;

use crate::cache::RebuildCache;
use crate::output::OutputFile;
use crate::term;
use crate::{render_book, BuildOptions};
use notify::{RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the sources must stay quiet before a rebuild starts: a burst of saves, an editor's
/// write-to-temp-then-rename, or a file being written in pieces all end in one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(120);

/// How long a reload poll waits for a new build before answering anyway.
const POLL_TIMEOUT: Duration = Duration::from_secs(20);

/// The script injected into every served HTML page.
const LIVE_JS: &str = include_str!("../templates/assets/live.js");

/// Options of `fieldbook serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book's root folder.
    pub root: PathBuf,
    /// Address to bind (`127.0.0.1` unless told otherwise).
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// The site as currently served.
#[derive(Default)]
struct Live {
    /// Page path → bytes, from the last good build.
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Bumped by every build, good or bad; pages poll for a change.
    generation: u64,
    /// The diagnostics of the last build when it failed.
    errors: Option<String>,
}

/// What the HTTP server serves: the live site and the reload polls waiting on it.
#[derive(Default)]
struct State {
    live: Mutex<Live>,
    polls: Arc<http::Polls>,
}

impl State {
    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl http::Site for State {
    fn answer(&self, target: &str) -> http::Answer {
        if target == "/__fieldbook/live.js" {
            return http::Answer::Now(http::Response {
                status: 200,
                content_type: "text/javascript; charset=utf-8",
                body: LIVE_JS.as_bytes().to_vec(),
            });
        }
        if let Some(query) = target.strip_prefix("/__fieldbook/poll") {
            let since: Option<u64> = query
                .split("since=")
                .nth(1)
                .and_then(|s| s.split('&').next())
                .and_then(|s| s.parse().ok());
            return match since {
                Some(since) => http::Answer::Hold(since),
                None => http::Answer::Now(self.poll_reply()),
            };
        }
        http::Answer::Now(page(target, &self.live()))
    }

    fn generation(&self) -> u64 {
        self.live().generation
    }

    fn poll_reply(&self) -> http::Response {
        let live = self.live();
        http::Response {
            status: 200,
            content_type: "application/json",
            body: serde_json::json!({ "generation": live.generation, "errors": live.errors })
                .to_string()
                .into_bytes(),
        }
    }
}

/// Serves the book until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let root = options.root.clone();
    let state = Arc::new(State::default());
    // Rebuilds reuse the highlighted code and pages of the build before them.
    let cache = RebuildCache::default();
    rebuild(&root, &state, &cache);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| format!("cannot watch the book: {e}"))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut watches = Watches::default();
    watches.sync(&mut watcher, &root);
    let listener = std::net::TcpListener::bind((options.bind.as_str(), options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let watched_root = root.clone();
    let rebuild_state = state.clone();
    std::thread::spawn(move || {
        watch_loop(
            &watched_root,
            &rx,
            &rebuild_state,
            &cache,
            &mut watcher,
            &mut watches,
        )
    });

    let url = format!("http://{address}/");
    term::say(&format!(
        "serving {} on {url} (Ctrl+C to stop)",
        root.display()
    ));
    if options.open {
        if let Err(why) = crate::browser::open(&url) {
            eprintln!("note: could not open a browser: {why}");
        }
    }
    let polls = state.polls.clone();
    http::run(listener, state, polls, POLL_TIMEOUT);
    Ok(())
}

/// The folders watched besides the root itself, each with the identity (device and inode) it had
/// when its watch was set, so that a folder created, replaced or moved away and back after start
/// is watched again.
#[derive(Default)]
struct Watches {
    dirs: HashMap<PathBuf, (u64, u64)>,
}

impl Watches {
    /// Watches `content/`, `templates/` and the folders of the Python sources as they are now:
    /// new folders get a watch, replaced ones a fresh watch, gone ones lose theirs.
    fn sync(&mut self, watcher: &mut impl Watcher, root: &Path) {
        let mut wanted: Vec<(PathBuf, RecursiveMode)> = ["content", "templates"]
            .iter()
            .map(|d| (root.join(d), RecursiveMode::Recursive))
            .collect();
        // Python sources named by references: their folders, so that editors that replace the
        // file (write a temporary file, rename it over) are seen too.
        for dir in crate::source::python_sources(root)
            .iter()
            .filter_map(|p| p.parent())
        {
            if dir != root && !wanted.iter().any(|(w, _)| w == dir) {
                wanted.push((dir.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        let gone: Vec<PathBuf> = self
            .dirs
            .keys()
            .filter(|d| !wanted.iter().any(|(w, _)| w == *d))
            .cloned()
            .collect();
        for dir in gone {
            let _ = watcher.unwatch(&dir);
            self.dirs.remove(&dir);
        }
        for (dir, mode) in wanted {
            let identity = std::fs::metadata(&dir)
                .ok()
                .filter(|m| m.is_dir())
                .map(|m| {
                    use std::os::unix::fs::MetadataExt;
                    (m.dev(), m.ino())
                });
            if identity.is_some() && self.dirs.get(&dir) == identity.as_ref() {
                continue;
            }
            if self.dirs.remove(&dir).is_some() {
                let _ = watcher.unwatch(&dir);
            }
            if let Some(identity) = identity {
                if watcher.watch(&dir, mode).is_ok() {
                    self.dirs.insert(dir, identity);
                }
            }
        }
    }
}

/// Waits for changes to the sources and rebuilds after they settle; before each rebuild the
/// watched folders are brought up to date with the disk.
fn watch_loop(
    root: &Path,
    events: &mpsc::Receiver<Vec<PathBuf>>,
    state: &State,
    cache: &RebuildCache,
    watcher: &mut impl Watcher,
    watches: &mut Watches,
) {
    while let Ok(paths) = events.recv() {
        if !paths.iter().any(|p| is_source(root, p)) {
            continue;
        }
        // Debounce: keep draining until the sources have been quiet for DEBOUNCE.
        loop {
            match events.recv_timeout(DEBOUNCE) {
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        watches.sync(watcher, root);
        rebuild(root, state, cache);
    }
}

/// Whether a changed path can affect the site (not DEST, not editor swap files).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let first = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    let temporary = name.ends_with('~') || name.ends_with(".swp") || name.starts_with(".#");
    let python = relative.extension().is_some_and(|e| e == "py");
    (first == "content" || first == "templates" || first == "book.toml" || python) && !temporary
}

/// Builds in memory and swaps the result in; on failure keeps the old site and records why.
/// What it prints goes through [`term`]: a closed stdout or stderr is no reason to stop.
fn rebuild(root: &Path, state: &State, cache: &RebuildCache) {
    let started = Instant::now();
    let result = render_book(
        root,
        &BuildOptions {
            dest: None,
            write: false,
            site_url: None,
        },
        Some(cache),
    );
    cache.finish_build();
    let mut live = state.live();
    live.generation += 1;
    match result {
        Ok((report, files)) => {
            live.files = files
                .into_iter()
                .map(|OutputFile { path, bytes }| (path, Arc::new(bytes)))
                .collect();
            live.errors = None;
            drop(live);
            for warning in &report.warnings {
                term::tell(&warning.to_string());
            }
            term::say(&format!(
                "rebuilt {} pages in {} ms",
                report.pages,
                started.elapsed().as_millis()
            ));
        }
        Err(problems) => {
            let text = problems.to_string();
            live.errors = Some(text.clone());
            drop(live);
            term::tell(&format!("{text}\n(still serving the last good build)"));
        }
    }
    state.polls.notify();
}

/// Maps a request URL to a site path, refusing anything that could leave the site:
/// `..` segments (also percent-encoded), backslashes, NUL bytes and invalid encodings.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if joined.is_empty() || decoded.ends_with('/') {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The page at `url` from the live site (with the reload script injected into HTML), its
/// folder's `index.html`, or the site's 404 page.
fn page(url: &str, live: &Live) -> http::Response {
    let Some(path) = site_path(url) else {
        return http::Response::text(400, "bad request path");
    };
    let (status, path, bytes) = match live.files.get(&path) {
        Some(bytes) => (200, path, bytes.clone()),
        None => match live.files.get(&format!("{path}/index.html")) {
            Some(bytes) => (200, format!("{path}/index.html"), bytes.clone()),
            None => match live.files.get("404.html") {
                Some(bytes) => (404, "404.html".to_string(), bytes.clone()),
                None => (
                    404,
                    "404.html".to_string(),
                    Arc::new(b"<!DOCTYPE html><title>fieldbook</title><body></body>".to_vec()),
                ),
            },
        },
    };
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        inject_live_script(&bytes)
    } else {
        bytes.to_vec()
    };
    http::Response {
        status,
        content_type,
        body,
    }
}

fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = "<script src=\"/__fieldbook/live.js\"></script>";
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::{is_source, site_path};
    use std::path::Path;

    #[test]
    fn python_sources_trigger_rebuilds() {
        let root = Path::new("/b");
        assert!(is_source(root, Path::new("/b/sources/v1/args.py")));
        assert!(is_source(root, Path::new("/b/content/r/groups/a.toml")));
        assert!(!is_source(root, Path::new("/b/sources/v1/args.py~")));
        assert!(!is_source(root, Path::new("/b/book/en/index.html")));
    }

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(
            site_path("/en/p/seed.html?x=1#a").as_deref(),
            Some("en/p/seed.html")
        );
        assert_eq!(
            site_path("/zh/guides/a.html").as_deref(),
            Some("zh/guides/a.html")
        );
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../book.toml",
            "/%2e%2e/book.toml",
            "/en/%2E%2E/%2e%2e/x",
            "/..%2fbook.toml",
            "/..%5cbook.toml",
            "/a\\..\\b",
            "/%00",
            "/%zz",
            "/%c3",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        // An absolute path is read relative to the site, never the disk.
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
    }
}
