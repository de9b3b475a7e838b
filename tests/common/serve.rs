//! A static HTTP server for the browser tests, on `tiny_http`.
//!
//! It serves one folder under a URL prefix (`/tpm-guide/` like a project site on GitHub
//! Pages), answers `GET` and `HEAD`, maps a folder to its `index.html`, redirects a folder
//! requested without its trailing slash, answers a missing page with the site's `404.html`
//! (status 404) as GitHub Pages does, and logs every request with its status so a test
//! can assert that nothing failed or that a redirect happened. HTTP itself is `tiny_http`'s;
//! what is ours is the GitHub Pages behaviour.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

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

/// The shared, read-only part every request needs.
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
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind a local port");
        let addr = http
            .server_addr()
            .to_ip()
            .expect("an IP address, not a socket");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root: root.canonicalize().expect("the served folder exists"),
            prefix: prefix.clone(),
            log: Arc::clone(&log),
        });
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || serve(&http, &site, &stop))
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

/// Answers requests, each on a thread of its own, until `stop` is set (checked every
/// 50 ms).
fn serve(http: &tiny_http::Server, site: &Arc<Site>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        if let Ok(Some(request)) = http.recv_timeout(Duration::from_millis(50)) {
            let site = Arc::clone(site);
            std::thread::spawn(move || answer(&site, request));
        }
    }
}

/// Answers one request (`tiny_http` leaves the body out for `HEAD`) and logs it.
fn answer(site: &Site, request: Request) {
    let target = request.url().to_string();
    let (status, body, content_type, location) = match request.method() {
        Method::Get | Method::Head => match resolve(&site.root, &site.prefix, &target) {
            Resolution::File(path) => match std::fs::read(&path) {
                Ok(body) => (200, body, content_type(&path), None),
                Err(_) => plain(404),
            },
            Resolution::Redirect(to) => {
                let (status, body, content_type, _) = plain(301);
                (status, body, content_type, Some(to))
            }
            Resolution::NotFound => not_found(site, &target),
        },
        _ => plain(405),
    };
    site.log.lock().unwrap().push(Served {
        target,
        status,
        location: location.clone(),
    });
    let mut response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", &content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        // One request a connection: with keep-alive, Chromium's page loads stall on
        // tiny_http 0.12 (the load event never comes); the old std-only server closed too.
        .with_header(header("Connection", "close"));
    if let Some(location) = location {
        response.add_header(header("Location", &location));
    }
    let _ = request.respond(response);
}

/// A status, body, content type and redirect target.
type Answer = (u16, Vec<u8>, String, Option<String>);

/// A plain-text answer with the status's own reason as its body.
fn plain(status: u16) -> Answer {
    let text = match status {
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        _ => "",
    };
    let content_type = "text/plain; charset=utf-8".to_string();
    (status, text.as_bytes().to_vec(), content_type, None)
}

/// A 404: like GitHub Pages, the site's own `404.html` for a path under the prefix, when the
/// served folder has one; plain text otherwise.
fn not_found(site: &Site, target: &str) -> Answer {
    let page = site.root.join("404.html");
    match std::fs::read(&page) {
        Ok(body) if target.starts_with(&site.prefix) => (404, body, content_type(&page), None),
        _ => plain(404),
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// The `Content-Type` for a file, by extension (`mime_guess`), with `charset=utf-8` for text.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
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
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}
