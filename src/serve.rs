//! `fieldbook serve`: builds the book in memory, serves it on 127.0.0.1, watches the sources and
//! rebuilds on change, and reloads open pages (keeping their scroll position and anchor). A failed
//! rebuild keeps the last good site and shows its diagnostics over the open pages.

use crate::render::OutputFile;
use crate::{render_book, BuildOptions};
use notify::{RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
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

type Shared = Arc<(Mutex<Live>, Condvar)>;

/// Serves the book until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let root = options.root.clone();
    crate::render::templates::enable_page_cache();
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    rebuild(&root, &shared);

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
    for dir in ["content", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    // Python sources named by references: their folders, so that editors that replace the
    // file (write a temporary file, rename it over) are seen too.
    for dir in crate::source::python_sources(&root)
        .iter()
        .filter_map(|p| p.parent())
    {
        if dir.is_dir() {
            watcher
                .watch(dir, RecursiveMode::NonRecursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    let watched_root = root.clone();
    let rebuild_state = shared.clone();
    std::thread::spawn(move || watch_loop(&watched_root, &rx, &rebuild_state));

    let server = tiny_http::Server::http((options.bind.as_str(), options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let url = format!("http://{address}/");
    println!("serving {} on {url} (Ctrl+C to stop)", root.display());
    if options.open {
        if let Err(why) = crate::browser::open(&url) {
            eprintln!("note: could not open a browser: {why}");
        }
    }
    for request in server.incoming_requests() {
        let state = shared.clone();
        std::thread::spawn(move || respond(request, &state));
    }
    drop(watcher);
    Ok(())
}

/// Waits for changes to the sources and rebuilds after they settle.
fn watch_loop(root: &Path, events: &mpsc::Receiver<Vec<PathBuf>>, shared: &Shared) {
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
        rebuild(root, shared);
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
fn rebuild(root: &Path, shared: &Shared) {
    let started = Instant::now();
    let result = render_book(
        root,
        &BuildOptions {
            dest: None,
            write: false,
        },
    );
    let (lock, changed) = &**shared;
    let mut live = lock.lock().unwrap_or_else(|e| e.into_inner());
    live.generation += 1;
    match result {
        Ok((report, files)) => {
            live.files = files
                .into_iter()
                .map(|OutputFile { path, bytes }| (path, Arc::new(bytes)))
                .collect();
            live.errors = None;
            println!(
                "rebuilt {} pages in {} ms",
                report.pages,
                started.elapsed().as_millis()
            );
        }
        Err(problems) => {
            let text = problems.to_string();
            eprintln!("{text}\n(still serving the last good build)");
            live.errors = Some(text);
        }
    }
    changed.notify_all();
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

fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let (status, content_type, body) = if url == "/__fieldbook/live.js" {
        (
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        )
    } else if let Some(query) = url.strip_prefix("/__fieldbook/poll") {
        (200, "application/json", poll(query, shared))
    } else {
        page(&url, shared)
    };
    let header =
        tiny_http::Header::from_bytes("Content-Type", content_type).expect("static header");
    let no_cache =
        tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("static header");
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header)
        .with_header(no_cache);
    let _ = request.respond(response);
}

/// Answers a reload poll: waits until the generation differs from `since`, then reports it.
fn poll(query: &str, shared: &Shared) -> Vec<u8> {
    let since: Option<u64> = query
        .split("since=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .and_then(|s| s.parse().ok());
    let (lock, changed) = &**shared;
    let live = lock.lock().unwrap_or_else(|e| e.into_inner());
    let live = match since {
        Some(since) => changed
            .wait_timeout_while(live, POLL_TIMEOUT, |l| l.generation == since)
            .map(|(l, _)| l)
            .unwrap_or_else(|e| e.into_inner().0),
        None => live,
    };
    serde_json::json!({ "generation": live.generation, "errors": live.errors })
        .to_string()
        .into_bytes()
}

fn page(url: &str, shared: &Shared) -> (u16, &'static str, Vec<u8>) {
    let Some(path) = site_path(url) else {
        return (
            400,
            "text/plain; charset=utf-8",
            b"bad request path".to_vec(),
        );
    };
    let live = shared.0.lock().unwrap_or_else(|e| e.into_inner());
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
    drop(live);
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        inject_live_script(&bytes)
    } else {
        bytes.to_vec()
    };
    (status, content_type, body)
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
