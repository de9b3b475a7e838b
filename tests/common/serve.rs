//! A static HTTP server for the browser tests: tower-http's `ServeDir` on axum (hyper).
//!
//! It serves one folder under a URL prefix (`/tpm-guide/` like a project site on GitHub
//! Pages). `ServeDir` does the file serving: `GET` and `HEAD`, MIME types from the
//! extension, percent-decoding, refusing paths that climb out of the folder, a folder's
//! `index.html`, and a redirect for a folder asked for without its trailing slash (307).
//! What is ours is GitHub Pages' behaviour around it: the bare prefix redirects to the
//! prefix with its slash (301), a missing page under the prefix gets the site's `404.html`
//! with status 404 (plain text outside the prefix), nothing is cached (`no-store`), and
//! every request is logged with its status so a test can assert that nothing failed or
//! that a redirect happened.
#![allow(dead_code)]

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

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
    /// Runs the server on a worker thread of its own; dropping it stops the server.
    runtime: tokio::runtime::Runtime,
}

/// What the request logger needs.
#[derive(Clone)]
struct Site {
    /// The normalized prefix, e.g. `/tpm-guide/`.
    prefix: String,
    log: Arc<Mutex<Vec<Served>>>,
}

impl Server {
    /// Serves `root` under `prefix` (e.g. `/tpm-guide/`) on `127.0.0.1` at a free port.
    pub fn start(root: &Path, prefix: &str) -> Server {
        let prefix = normalize_prefix(prefix);
        let log = Arc::new(Mutex::new(Vec::new()));
        let site = Site {
            prefix: prefix.clone(),
            log: Arc::clone(&log),
        };
        let app = router(root, site);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the static server");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move { axum::serve(listener, app).await });
        Server {
            addr,
            prefix,
            log,
            runtime,
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

/// `tpm-guide` -> `/tpm-guide/`; an empty prefix serves the folder at `/`.
fn normalize_prefix(prefix: &str) -> String {
    let inner = prefix.trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

/// The routes: `root` under the prefix through `ServeDir` (with `404.html` for what is
/// missing), plain-text 404s elsewhere, every answer logged and marked `no-store`.
fn router(root: &Path, site: Site) -> Router {
    let mount = site.prefix.trim_end_matches('/').to_string();
    let files = ServeDir::new(root)
        .redirect_path_prefix(mount.clone())
        .not_found_service(ServeFile::new(root.join("404.html")));
    let routes = if mount.is_empty() {
        Router::new().fallback_service(files)
    } else {
        Router::new()
            .nest_service(&mount, files)
            .fallback(|| async { (StatusCode::NOT_FOUND, "404 Not Found") })
    };
    routes
        .layer(middleware::from_fn_with_state(site, log_request))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Answers the bare prefix (`/tpm-guide`) with a redirect to the prefix, as GitHub Pages
/// does, passes every other request on, and logs the answer.
async fn log_request(State(site): State<Site>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    let target = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string());
    let response = if site.prefix.len() > 1 && uri.path() == site.prefix.trim_end_matches('/') {
        let location = HeaderValue::from_str(&site.prefix).expect("the prefix is a header value");
        (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response()
    } else {
        next.run(request).await
    };
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_string);
    site.log.lock().unwrap().push(Served {
        target,
        status: response.status().as_u16(),
        location,
    });
    response
}
