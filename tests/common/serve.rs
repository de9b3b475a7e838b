//! A tiny static HTTP server for the browser tests (std only).
//!
//! It serves one folder under a URL prefix (`/tpm-guide/` like a project site on GitHub
//! Pages), answers `GET` and `HEAD`, maps a folder to its `index.html`, redirects a folder
//! requested without its trailing slash, answers a missing page with the site's `404.html`
//! (status 404) as GitHub Pages does, and logs every request with its status so a test
//! can assert that nothing failed or that a redirect happened.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    /// The request target as sent (path and query).
    pub target: String,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    prefix: String,
    log: Arc<Mutex<Vec<Served>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// The shared, read-only part every connection needs.
struct Site {
    root: PathBuf,
    prefix: String,
    log: Arc<Mutex<Vec<Served>>>,
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A file to send.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this path.
    Redirect(String),
    /// Missing, outside the prefix, or not a safe path.
    NotFound,
}

impl Server {
    /// Serves `root` under `prefix` (e.g. `/tpm-guide/`) on `127.0.0.1` at a free port.
    pub fn start(root: &Path, prefix: &str) -> Server {
        let prefix = normalize_prefix(prefix);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root: root.canonicalize().expect("the served folder exists"),
            prefix: prefix.clone(),
            log: Arc::clone(&log),
        });
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || accept_loop(&listener, &site, &stop))
        };
        Server {
            addr,
            prefix,
            log,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of the served folder, e.g. `http://127.0.0.1:PORT/tpm-guide/`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin(), self.prefix)
    }

    /// The URL of `path` relative to the served folder.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url(), path.trim_start_matches('/'))
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<Served> {
        self.log.lock().unwrap().clone()
    }

    /// Returns the requests answered so far and forgets them.
    pub fn take_requests(&self) -> Vec<Served> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the blocking `accept` so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `tpm-guide` -> `/tpm-guide/`; an empty prefix serves the folder at `/`.
fn normalize_prefix(prefix: &str) -> String {
    let inner = prefix.trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

fn accept_loop(listener: &TcpListener, site: &Arc<Site>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if let Ok(stream) = stream {
            let site = Arc::clone(site);
            std::thread::spawn(move || {
                let _ = handle(stream, &site);
            });
        }
    }
}

/// Answers one request and closes the connection.
fn handle(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some((method, target)) = read_request_head(&stream)? else {
        return Ok(());
    };
    let answer = answer(site, &method, &target);
    site.log.lock().unwrap().push(Served {
        target,
        status: answer.status,
        location: answer.location.clone(),
    });
    write_answer(&mut stream, &answer, method == "HEAD")
}

/// A response before it is written.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Answer {
    /// A plain-text answer.
    fn text(status: u16, text: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }
}

/// The answer to `method target`: a file, a redirect, a 404 or a 405.
fn answer(site: &Site, method: &str, target: &str) -> Answer {
    if method != "GET" && method != "HEAD" {
        return Answer::text(405, "405 Method Not Allowed");
    }
    match resolve(&site.root, &site.prefix, target) {
        Resolution::File(path) => match std::fs::read(&path) {
            Ok(body) => Answer {
                status: 200,
                content_type: content_type(&path),
                body,
                location: None,
            },
            Err(_) => Answer::text(404, "404 Not Found"),
        },
        Resolution::Redirect(to) => Answer {
            location: Some(to),
            ..Answer::text(301, "")
        },
        Resolution::NotFound => not_found(site, target),
    }
}

/// A 404: like GitHub Pages, the site's own `404.html` for a path under the prefix, when the
/// served folder has one; plain text otherwise.
fn not_found(site: &Site, target: &str) -> Answer {
    let page = site.root.join("404.html");
    match std::fs::read(&page) {
        Ok(body) if target.starts_with(&site.prefix) => Answer {
            status: 404,
            content_type: content_type(&page),
            body,
            location: None,
        },
        _ => Answer::text(404, "404 Not Found"),
    }
}

/// Reads the request line and skips the headers; `None` for an empty or broken request.
fn read_request_head(stream: &TcpStream) -> std::io::Result<Option<(String, String)>> {
    let mut reader = BufReader::new(stream).take(16 * 1024);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let request = (method.to_string(), target.to_string());
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok(Some(request));
        }
    }
}

/// Writes `answer` (headers only for `HEAD`); the connection closes afterwards.
fn write_answer(stream: &mut TcpStream, answer: &Answer, head_only: bool) -> std::io::Result<()> {
    let reason = match answer.status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        answer.status,
        answer.content_type,
        answer.body.len()
    );
    if let Some(location) = &answer.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

/// The `Content-Type` for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Maps a request target to a file under `root`, which must be canonical. Strips the query
/// and fragment, percent-decodes, refuses `.`/`..` segments, backslashes and NULs, and
/// checks that the canonical file is still inside `root` (no escape through symlinks).
pub fn resolve(root: &Path, prefix: &str, target: &str) -> Resolution {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path.len() + 1 == prefix.len() && prefix.starts_with(path) {
        return Resolution::Redirect(prefix.to_string());
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return Resolution::NotFound;
    };
    let Some(relative) = safe_relative_path(rest) else {
        return Resolution::NotFound;
    };
    let Ok(full) = root.join(relative).canonicalize() else {
        return Resolution::NotFound;
    };
    if !full.starts_with(root) {
        return Resolution::NotFound;
    }
    if full.is_file() {
        return Resolution::File(full);
    }
    if !path.ends_with('/') {
        return Resolution::Redirect(format!("{path}/"));
    }
    match full.join("index.html") {
        index if index.is_file() => Resolution::File(index),
        _ => Resolution::NotFound,
    }
}

/// The decoded path below the prefix, or `None` when it is not a plain relative path.
fn safe_relative_path(rest: &str) -> Option<PathBuf> {
    let decoded = percent_decode(rest)?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
