//! `fieldbook serve`: serves only the site, on 127.0.0.1, rebuilds after saves (debounced), keeps
//! the last good site when a save does not build, and tells open pages to reload.

use crate::common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(["serve", root.to_str().unwrap(), "-p", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(at) = line.find("http://") {
            break line[at + 7..].split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, address }
}

/// A raw HTTP/1.0 GET (the path is sent exactly as given): status and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn generation(server: &Server, since: Option<u64>) -> (u64, Option<String>) {
    let path = match since {
        Some(g) => format!("/__fieldbook/poll?since={g}"),
        None => "/__fieldbook/poll".to_string(),
    };
    let (_, body) = get(server, &path);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    (
        json["generation"].as_u64().unwrap(),
        json["errors"].as_str().map(String::from),
    )
}

#[test]
fn binds_loopback_and_serves_only_the_site() {
    let (_dir, root) = book_copy("minimal");
    let server = start(&root);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let (status, body) = get(&server, "/en/trainer/basics.html");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"epochs\"") && body.contains("/__fieldbook/live.js"));
    assert_eq!(get(&server, "/en/p/epochs.html").0, 200);
    for attack in [
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/en/%2E%2E/%2e%2e/book.toml",
        "/..%2fbook.toml",
        "/..%5cbook.toml",
        "/..\\book.toml",
        "/content/trainer/reference.toml",
        "//etc/passwd",
        "/%00",
    ] {
        let (status, body) = get(&server, attack);
        assert_ne!(status, 200, "{attack} must not be served");
        assert!(
            !body.contains("import-path") && !body.contains("root:"),
            "{attack} leaked a file"
        );
    }
}

#[test]
fn a_save_rebuilds_once_and_a_bad_save_keeps_the_last_good_site() {
    let (_dir, root) = book_copy("minimal");
    let server = start(&root);
    let (first, errors) = generation(&server, None);
    assert_eq!(errors, None);
    let file = "content/trainer/groups/01-basics.toml";

    // A burst of saves, written the way editors do (write a temporary file, rename it over).
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    for i in 0..10 {
        let tmp = root.join(format!("content/trainer/groups/.01-basics.toml.tmp{i}"));
        std::fs::write(
            &tmp,
            text.replace(
                "Kept for old scripts.",
                &format!("Kept for old scripts, edit {i}."),
            ),
        )
        .unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    let (after_burst, errors) = generation(&server, Some(first));
    assert_eq!(errors, None);
    assert_eq!(
        after_burst,
        first + 1,
        "a burst of saves ends in one rebuild"
    );
    assert!(get(&server, "/en/trainer/basics.html")
        .1
        .contains("Kept for old scripts, edit 9."));
    assert!(started.elapsed() < Duration::from_secs(10));

    // A half-written file does not build: the old site stays, the error is reported for the overlay.
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    let (broken, errors) = generation(&server, Some(after_burst));
    let errors = errors.expect("the failed build is reported");
    assert!(errors.contains(file), "{errors}");
    assert!(get(&server, "/en/trainer/basics.html")
        .1
        .contains("Kept for old scripts, edit 9."));

    // The next good save clears it.
    std::fs::write(&path, &text).unwrap();
    let (_, errors) = generation(&server, Some(broken));
    assert_eq!(errors, None);
    assert!(get(&server, "/en/trainer/basics.html")
        .1
        .contains("Kept for old scripts."));
}

/// Waits for the build after `since` and returns its generation and errors.
fn next_build(server: &Server, since: u64) -> (u64, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (now, errors) = generation(server, Some(since));
        if now != since {
            return (now, errors);
        }
        assert!(Instant::now() < deadline, "no rebuild after {since}");
    }
}

/// A field edit the minimal book's English page shows.
fn edit_basics(root: &Path, words: &str) {
    let path = root.join("content/trainer/groups/01-basics.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("Kept for old scripts").unwrap();
    let end = at + text[at..].find('.').unwrap() + 1;
    let edited = format!("{}{words}{}", &text[..at], &text[end..]);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
}

fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("Threads:")).unwrap();
    line[8..].trim().parse().unwrap()
}

#[test]
fn held_polls_and_a_connection_flood_take_bounded_threads() {
    let (_dir, root) = book_copy("minimal");
    let server = start(&root);
    let (first, _) = generation(&server, None);
    let started = Instant::now();
    // 400 reload polls held at once (each waits for the next build), all on loopback.
    let mut polls = Vec::new();
    for _ in 0..400 {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        // A connection the server already answered 503 and closed may refuse the request.
        let _ = write!(
            stream,
            "GET /__fieldbook/poll?since={first} HTTP/1.1\r\nHost: x\r\n\r\n"
        );
        polls.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let threads = threads_of(server.child.id());
    assert!(
        threads <= 24,
        "{threads} threads for 400 held polls: serve must use a fixed pool"
    );
    // The site is still served while they wait.
    let (status, body) = get(&server, "/en/trainer/basics.html");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"epochs\""));
    // Polls beyond the bound were told to come back (503), not left hanging on a thread each.
    let mut busy = 0;
    let mut held = Vec::new();
    for mut stream in polls {
        stream
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let mut head = [0u8; 12];
        if stream.read_exact(&mut head).is_ok() && head.ends_with(b"503") {
            busy += 1;
        } else {
            held.push(stream);
        }
    }
    assert!(busy >= 300, "only {busy} of 400 polls answered 503");
    // A rebuild answers the held ones with the new generation.
    edit_basics(&root, "Kept for old scripts, flood.");
    for mut stream in held {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(
            response.contains(&format!("\"generation\":{}", first + 1)),
            "{response}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(threads_of(server.child.id()) <= 24);
}

#[test]
fn a_templates_folder_created_after_start_is_watched() {
    let (_dir, root) = book_copy("minimal");
    let server = start(&root);
    let (first, _) = generation(&server, None);
    let root_page = std::fs::read_to_string(repo().join("templates/root.html")).unwrap();
    std::fs::create_dir(root.join("templates")).unwrap();
    let write = |marker: &str| {
        std::fs::write(
            root.join("templates/root.html"),
            root_page.replace("<h1>", &format!("<h1>{marker} ")),
        )
        .unwrap()
    };
    write("override-one");
    let (second, errors) = next_build(&server, first);
    assert_eq!(errors, None);
    assert!(get(&server, "/").1.contains("override-one"));
    // A later save inside the new folder is seen too.
    std::thread::sleep(Duration::from_millis(300));
    write("override-two");
    let (_, errors) = next_build(&server, second);
    assert_eq!(errors, None);
    assert!(get(&server, "/").1.contains("override-two"));
}

#[test]
fn content_moved_away_and_back_is_still_watched() {
    let (_dir, root) = book_copy("minimal");
    let server = start(&root);
    let (first, _) = generation(&server, None);
    std::fs::rename(root.join("content"), root.join("content-away")).unwrap();
    let (away, errors) = next_build(&server, first);
    assert!(errors.is_some(), "a book without content/ does not build");
    std::fs::rename(root.join("content-away"), root.join("content")).unwrap();
    let (back, errors) = next_build(&server, away);
    assert_eq!(errors, None);
    std::thread::sleep(Duration::from_millis(300));
    edit_basics(&root, "Kept for old scripts, after the move.");
    let (_, errors) = next_build(&server, back);
    assert_eq!(errors, None);
    assert!(get(&server, "/en/trainer/basics.html")
        .1
        .contains("Kept for old scripts, after the move."));
}

#[test]
fn a_closed_stdout_does_not_stop_rebuilds() {
    let (_dir, root) = book_copy("minimal");
    // As `fieldbook serve | head -n 1`: the reader goes away after the address line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(["serve", root.to_str().unwrap(), "-p", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines
        .map(|l| l.unwrap())
        .find(|l| l.contains("http://"))
        .unwrap();
    let address = line[line.find("http://").unwrap() + 7..]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let stderr = child.stderr.take().unwrap();
    let server = Server { child, address };
    let (first, _) = generation(&server, None);
    // The first rebuild's summary line meets the closed pipe; the rebuilds after it still happen.
    edit_basics(&root, "Kept for old scripts, closed once.");
    let (second, errors) = next_build(&server, first);
    assert_eq!(errors, None);
    std::thread::sleep(Duration::from_millis(300));
    edit_basics(&root, "Kept for old scripts, closed twice.");
    let (_, errors) = next_build(&server, second);
    assert_eq!(errors, None);
    assert!(get(&server, "/en/trainer/basics.html")
        .1
        .contains("closed twice."));
    drop(server);
    let mut errors = String::new();
    BufReader::new(stderr).read_to_string(&mut errors).unwrap();
    assert!(!errors.contains("panicked"), "{errors}");
}
