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
