//! The HTTP side of `fieldbook serve`: a small HTTP/1.1 server whose cost is bounded whatever the
//! clients do. A fixed pool of [`WORKERS`] threads reads requests and answers them; at most
//! [`QUEUE`] accepted connections wait for a worker, and a connection beyond that is answered
//! `503` at once. Reload polls that wait for the next build hold no thread: they are parked (at
//! most [`MAX_HELD_POLLS`], a poll beyond that is answered `503` and the page polls again a
//! second later) and answered by one keeper thread when the build changes or they time out.
//! Every response closes its connection, so a connection never holds a worker between requests.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Threads that read and answer requests.
pub const WORKERS: usize = 8;

/// Accepted connections that may wait for a free worker.
pub const QUEUE: usize = 64;

/// Reload polls that may wait for the next build at once.
pub const MAX_HELD_POLLS: usize = 64;

/// How long a client may take to send its request (a connection that sends nothing frees its
/// worker after this).
const READ_TIMEOUT: Duration = Duration::from_secs(3);

/// How long writing a response may take.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;

/// What the site answers to one request.
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text response.
    pub fn text(status: u16, body: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }
}

/// How the server handles a request: answer it now, or park it as a reload poll.
pub enum Answer {
    /// Answer now.
    Now(Response),
    /// A reload poll that waits until the build generation is no longer this one.
    Hold(u64),
}

/// What the server asks of the site.
pub trait Site: Send + Sync + 'static {
    /// The answer to a GET of `target` (the request target exactly as sent).
    fn answer(&self, target: &str) -> Answer;
    /// The current build generation.
    fn generation(&self) -> u64;
    /// The answer to a reload poll once it is released.
    fn poll_reply(&self) -> Response;
}

/// A parked reload poll.
struct Held {
    stream: TcpStream,
    head_only: bool,
    since: u64,
    deadline: Instant,
}

/// Parked reload polls, and the signal that the build changed.
#[derive(Default)]
pub struct Polls {
    held: Mutex<Vec<Held>>,
    changed: Condvar,
}

impl Polls {
    /// Wakes the keeper: the build generation changed.
    pub fn notify(&self) {
        let _guard = self.held.lock().unwrap_or_else(|e| e.into_inner());
        self.changed.notify_all();
    }
}

/// Serves `site` on `listener` until the process ends: starts the workers and the poll keeper,
/// then accepts connections on this thread.
pub fn run<S: Site>(
    listener: TcpListener,
    site: Arc<S>,
    polls: Arc<Polls>,
    poll_timeout: Duration,
) {
    let (jobs, queue) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let queue = Arc::new(Mutex::new(queue));
    for _ in 0..WORKERS {
        let queue = queue.clone();
        let site = site.clone();
        let polls = polls.clone();
        std::thread::spawn(move || worker(&queue, &*site, &polls, poll_timeout));
    }
    {
        let site = site.clone();
        let polls = polls.clone();
        std::thread::spawn(move || keeper(&*site, &polls));
    }
    accept(&listener, &jobs);
}

/// Hands each connection to the workers, or answers `503` when they are all busy and the queue
/// is full.
fn accept(listener: &TcpListener, jobs: &SyncSender<TcpStream>) {
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before it was accepted: try again
                // shortly rather than spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        match jobs.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(mut stream)) => {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                busy(&mut stream, false);
            }
            Err(TrySendError::Disconnected(_)) => return,
        }
    }
}

/// Reads requests off the queue and answers them, parking reload polls.
fn worker<S: Site>(queue: &Mutex<Receiver<TcpStream>>, site: &S, polls: &Polls, timeout: Duration) {
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(mut stream) = next else { return };
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let Some((method, target)) = read_head(&mut stream) else {
            write_response(&mut stream, &Response::text(400, "bad request"), false);
            continue;
        };
        let head_only = method == "HEAD";
        if method != "GET" && !head_only {
            write_response(
                &mut stream,
                &Response::text(405, "only GET and HEAD"),
                false,
            );
            continue;
        }
        match site.answer(&target) {
            Answer::Now(response) => write_response(&mut stream, &response, head_only),
            Answer::Hold(since) => {
                let mut held = polls.held.lock().unwrap_or_else(|e| e.into_inner());
                if since != site.generation() {
                    drop(held);
                    write_response(&mut stream, &site.poll_reply(), head_only);
                } else if held.len() >= MAX_HELD_POLLS {
                    drop(held);
                    busy(&mut stream, head_only);
                } else {
                    held.push(Held {
                        stream,
                        head_only,
                        since,
                        deadline: Instant::now() + timeout,
                    });
                    polls.changed.notify_all();
                }
            }
        }
    }
}

/// Answers parked polls when the build changes or their time is up.
fn keeper<S: Site>(site: &S, polls: &Polls) {
    let mut held = polls.held.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        let generation = site.generation();
        let (due, waiting): (Vec<Held>, Vec<Held>) = std::mem::take(&mut *held)
            .into_iter()
            .partition(|h| h.since != generation || h.deadline <= now);
        *held = waiting;
        if !due.is_empty() {
            drop(held);
            let reply = site.poll_reply();
            for mut poll in due {
                write_response(&mut poll.stream, &reply, poll.head_only);
            }
            held = polls.held.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        let wait = held
            .iter()
            .map(|h| h.deadline.saturating_duration_since(now))
            .min()
            .unwrap_or(Duration::from_secs(3600));
        held = polls
            .changed
            .wait_timeout(held, wait)
            .map(|(g, _)| g)
            .unwrap_or_else(|e| e.into_inner().0);
    }
}

/// Answers `503` with a hint to come back.
fn busy(stream: &mut TcpStream, head_only: bool) {
    write_response(
        stream,
        &Response::text(503, "fieldbook serve is busy; try again in a moment"),
        head_only,
    );
}

/// Reads a request head and returns its method and target; `None` when it is not HTTP, too long
/// or too slow.
fn read_head(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        if head.len() >= MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return None;
    }
    Some((method.to_string(), target.to_string()))
}

/// Writes a whole response and closes the connection; a client that went away is not an error.
fn write_response(stream: &mut TcpStream, response: &Response, head_only: bool) {
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if response.status == 503 {
        out.push_str("Retry-After: 1\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}
