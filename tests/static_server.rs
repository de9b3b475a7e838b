//! The browser test's static server (`tests/common/serve.rs`) behaves like GitHub Pages
//! for a project site: pages and assets under the prefix with their MIME types, folders
//! by their `index.html`, redirects for folders without their slash, the site's
//! `404.html` for a missing page, nothing outside the folder, and a log of every answer.
//! Requests are written by hand on a `TcpStream` (HTTP/1.1, `Connection: close`) so the
//! exact status and headers are seen, without a client that follows redirects.

mod common;

use common::serve::{Served, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

/// A served folder with a page, a sub-folder, assets, a 404 page, and a file beside the
/// folder that must stay unreachable.
fn site(root: &Path) -> std::path::PathBuf {
    let book = root.join("book");
    for (path, text) in [
        ("index.html", "<h1>home</h1>"),
        ("what/index.html", "<h1>what</h1>"),
        ("what/roles.html", "<h1>roles</h1>"),
        ("a b.html", "<h1>spaced</h1>"),
        ("404.html", "<h1>Page not found</h1>"),
        ("css/chrome.css", "body {}"),
        ("book.js", "let x;"),
        ("searchindex.json", "{}"),
        ("favicon.svg", "<svg/>"),
        ("fonts/open-sans.woff2", "wOF2"),
    ] {
        let file = book.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    std::fs::write(root.join("secret.txt"), "secret").unwrap();
    book
}

/// One answer: status, headers (names lower-cased), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `method target` to the server and reads the whole answer.
fn request(server: &Server, method: &str, target: &str) -> Answer {
    let host = server.origin().trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&host).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete answer");
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status: status.parse().unwrap(),
        headers,
        body: body.to_string(),
    }
}

#[test]
fn pages_and_assets_have_their_mime_types() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&site(dir.path()), "/tpm-guide/");
    for (path, mime, body) in [
        ("", "text/html", "<h1>home</h1>"),
        ("index.html", "text/html", "<h1>home</h1>"),
        ("what/", "text/html", "<h1>what</h1>"),
        ("what/roles.html", "text/html", "<h1>roles</h1>"),
        ("a%20b.html", "text/html", "<h1>spaced</h1>"),
        ("css/chrome.css", "text/css", "body {}"),
        ("book.js", "text/javascript", "let x;"),
        ("searchindex.json", "application/json", "{}"),
        ("favicon.svg", "image/svg+xml", "<svg/>"),
        ("fonts/open-sans.woff2", "font/woff2", "wOF2"),
    ] {
        let answer = request(&server, "GET", &format!("/tpm-guide/{path}"));
        assert_eq!(answer.status, 200, "GET /tpm-guide/{path}");
        assert_eq!(answer.header("content-type"), Some(mime), "{path}");
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(answer.body, body, "{path}");
    }
    let head = request(&server, "HEAD", "/tpm-guide/css/chrome.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("7"));
    assert_eq!(head.body, "", "HEAD has no body");
}

#[test]
fn folders_without_their_slash_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&site(dir.path()), "tpm-guide");
    for (target, status, location) in [
        ("/tpm-guide", 301, "/tpm-guide/"),
        ("/tpm-guide/what", 307, "/tpm-guide/what/"),
    ] {
        let answer = request(&server, "GET", target);
        assert_eq!(answer.status, status, "GET {target}");
        assert_eq!(answer.header("location"), Some(location), "GET {target}");
    }
    assert_eq!(
        server.take_requests(),
        vec![
            Served {
                target: "/tpm-guide".to_string(),
                status: 301,
                location: Some("/tpm-guide/".to_string()),
            },
            Served {
                target: "/tpm-guide/what".to_string(),
                status: 307,
                location: Some("/tpm-guide/what/".to_string()),
            },
        ]
    );
    assert_eq!(server.requests(), vec![], "take_requests forgets them");
}

#[test]
fn missing_pages_get_the_sites_404_page_and_nothing_leaves_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&site(dir.path()), "/tpm-guide/");
    for target in [
        "/tpm-guide/no/such/page/",
        "/tpm-guide/missing.html",
        "/tpm-guide/what/roles.html/",
    ] {
        let answer = request(&server, "GET", target);
        assert_eq!(answer.status, 404, "GET {target}");
        assert_eq!(answer.body, "<h1>Page not found</h1>", "GET {target}");
        assert_eq!(answer.header("content-type"), Some("text/html"));
    }
    for target in [
        "/favicon.ico",
        "/tpm-guide/../secret.txt",
        "/tpm-guide/%2e%2e/secret.txt",
        "/tpm-guide/..%2fsecret.txt",
    ] {
        let answer = request(&server, "GET", target);
        assert!(
            answer.status == 404 || answer.status == 400,
            "GET {target}: {}",
            answer.status
        );
        assert!(
            !answer.body.contains("secret"),
            "GET {target} leaked a file"
        );
    }
    let outside = request(&server, "GET", "/favicon.ico");
    assert_eq!(
        outside.body, "404 Not Found",
        "outside the prefix: plain text"
    );
    let post = request(&server, "POST", "/tpm-guide/index.html");
    assert_eq!(post.status, 405, "only GET and HEAD");
}

#[test]
fn an_empty_prefix_serves_the_folder_at_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&site(dir.path()), "");
    assert_eq!(server.base_url(), format!("{}/", server.origin()));
    assert_eq!(request(&server, "GET", "/").body, "<h1>home</h1>");
    let folder = request(&server, "GET", "/what");
    assert_eq!(folder.header("location"), Some("/what/"));
    let missing = request(&server, "GET", "/nothing.html");
    assert_eq!(
        (missing.status, missing.body.as_str()),
        (404, "<h1>Page not found</h1>")
    );
}
