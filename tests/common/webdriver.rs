//! Headless Chromium through ChromeDriver, driven with the `fantoccini` WebDriver client.
//!
//! [`Browser::start`] launches `chromedriver` on a free port and opens one session with a
//! fresh profile; [`Drop`] ends the session and kills the driver. fantoccini is async: a
//! single-threaded tokio runtime owned by the [`Browser`] runs each call to completion, so
//! the tests call a small synchronous API. Two ChromeDriver extensions fantoccini has no
//! method for are sent as custom commands: the console log (`/se/log`) and DevTools
//! commands (`/goog/cdp/execute`).
#![allow(dead_code)]

use base64::Engine;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::error::{CmdError, NewSessionError};
use fantoccini::wd::{Capabilities, TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::key::Key;

/// The Chromium binary Debian's `chromium` package installs.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver Debian's `chromium-driver` package installs.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Tab, for [`Browser::send_keys`] (`TAB.to_string()`).
pub const TAB: Key = Key::Tab;
/// Enter.
pub const ENTER: Key = Key::Enter;
/// Space.
pub const SPACE: Key = Key::Space;
/// The right arrow.
pub const ARROW_RIGHT: Key = Key::Right;

/// How long ChromeDriver gets to accept the new session.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);
/// The WebDriver page-load timeout (`goto`, `refresh`, `back`).
const PAGE_LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// The WebDriver script timeout (`execute`).
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(10);

/// An element of the current page (fantoccini's, for what this API lacks).
#[derive(Clone, Debug)]
pub struct Element(pub fantoccini::elements::Element);

impl Element {
    /// The element as a script argument (`arguments[i]` is then the DOM element).
    pub fn to_arg(&self) -> Value {
        serde_json::to_value(&self.0).expect("an element reference serializes")
    }
}

/// One browser console entry.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// ChromeDriver's level: `SEVERE`, `WARNING`, `INFO`, ...
    pub level: String,
    pub message: String,
}

/// A headless Chromium session.
pub struct Browser {
    /// Runs fantoccini's futures; its session task advances while a call is blocked on.
    runtime: tokio::runtime::Runtime,
    client: Client,
    driver: Child,
    /// Holds the Chromium profile (`profile/`) and the driver's log (`chromedriver.log`).
    scratch: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session. Panics with an install hint
    /// when Chromium or ChromeDriver is missing, and with the driver's log when the
    /// session cannot start.
    pub fn start() -> Browser {
        require_binaries();
        let scratch = tempfile::tempdir().expect("temp dir for the Chromium profile");
        let port = free_port();
        let log = scratch.path().join("chromedriver.log");
        let mut driver = spawn_driver(port, &log);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime for the WebDriver client");
        let profile = scratch.path().join("profile");
        let url = format!("http://127.0.0.1:{port}");
        let client = connect(&runtime, &mut driver, &url, &profile).unwrap_or_else(|e| {
            let _ = driver.kill();
            let _ = driver.wait();
            panic!("{e}; chromedriver's log:\n{}", read_log(&log))
        });
        let browser = Browser {
            runtime,
            client,
            driver,
            scratch,
        };
        let timeouts =
            TimeoutConfiguration::new(Some(SCRIPT_TIMEOUT), Some(PAGE_LOAD_TIMEOUT), None);
        browser.run("set timeouts", browser.client.update_timeouts(timeouts));
        browser
    }

    /// The fantoccini client, for what this API lacks (run its futures with [`Self::run`]).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs a fantoccini `future` to completion; panics with `what` and the WebDriver
    /// error when it fails.
    pub fn run<T>(&self, what: &str, future: impl Future<Output = Result<T, CmdError>>) -> T {
        self.runtime
            .block_on(future)
            .unwrap_or_else(|e| panic!("WebDriver {what} failed: {e}"))
    }

    /// Navigates to `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.run(&format!("goto {url}"), self.client.goto(url));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.run("current url", self.client.current_url()).into()
    }

    /// Reloads the current page.
    pub fn refresh(&self) {
        self.run("refresh", self.client.refresh());
    }

    /// Goes back in the history.
    pub fn back(&self) {
        self.run("back", self.client.back());
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.run("execute", self.client.execute(script, args.to_vec()))
    }

    /// Polls `script` until it returns `true`; false when `timeout` passes first.
    pub fn wait_for(&self, script: &str, args: &[Value], timeout: Duration) -> bool {
        let start = Instant::now();
        loop {
            if self.execute(script, args) == Value::Bool(true) {
                return true;
            }
            if start.elapsed() > timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first element found with a W3C locator `strategy` ("css selector", "link text",
    /// "xpath"); panics when there is none.
    pub fn find(&self, strategy: &str, value: &str) -> Element {
        let what = format!("find {strategy} {value:?}");
        Element(self.run(&what, self.client.find(locator(strategy, value))))
    }

    /// The first element matching the CSS `selector`; panics when there is none.
    pub fn find_css(&self, selector: &str) -> Element {
        self.find("css selector", selector)
    }

    /// Every element matching the CSS `selector`.
    pub fn find_all_css(&self, selector: &str) -> Vec<Element> {
        let found = self.client.find_all(Locator::Css(selector));
        let found = self.run(&format!("find all {selector:?}"), found);
        found.into_iter().map(Element).collect()
    }

    /// Clicks `element` (scrolling it into view first).
    pub fn click(&self, element: &Element) {
        self.run("click", element.0.click());
    }

    /// Types `keys` into whatever has the focus, through the W3C Actions API (each
    /// character pressed and released; [`Key`]s as their W3C code points).
    pub fn send_keys(&self, keys: &str) {
        let actions = keys
            .chars()
            .fold(KeyActions::new("keyboard".into()), |a, key| {
                a.then(KeyAction::Down { value: key })
                    .then(KeyAction::Up { value: key })
            });
        self.run(
            &format!("send keys {keys:?}"),
            self.client.perform_actions(actions),
        );
    }

    /// Sets the outer window size in CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.run(
            "set window size",
            self.client.set_window_size(width, height),
        );
    }

    /// Saves a PNG of the viewport to `path`, creating its folder.
    pub fn screenshot_png(&self, path: &Path) {
        write_file(path, &self.run("screenshot", self.client.screenshot()));
    }

    /// Saves a PNG of the whole page at the current width to `path` (Chromium only:
    /// DevTools' `Page.captureScreenshot` through ChromeDriver).
    pub fn screenshot_full_page_png(&self, path: &Path) {
        let size = self.execute(
            "const root = document.documentElement; return [root.clientWidth, root.scrollHeight];",
            &[],
        );
        let params = json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
        });
        let shot = self.cdp("Page.captureScreenshot", params);
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data is a string"))
            .expect("screenshot data is valid base64");
        write_file(path, &png);
    }

    /// Runs a Chrome DevTools Protocol command (Chromium only) and returns its result.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        let body = json!({"cmd": command, "params": params});
        self.session_post("goog/cdp/execute", body)
    }

    /// The `SEVERE` console entries since the last call (ChromeDriver clears them).
    pub fn browser_logs(&self) -> Vec<LogEntry> {
        let entries = self.session_post("se/log", json!({"type": "browser"}));
        entries
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or_default().to_string(),
                message: e["message"].as_str().unwrap_or_default().to_string(),
            })
            .filter(|e| e.level == "SEVERE")
            .collect()
    }

    /// `POST`s `body` to the session endpoint `path` and returns the answer's `value`.
    fn session_post(&self, path: &'static str, body: Value) -> Value {
        self.run(path, self.client.issue_cmd(SessionPost { path, body }))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(self.client.clone().close());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Opens the session at `driver_url`, retrying while ChromeDriver does not listen yet.
fn connect(
    runtime: &tokio::runtime::Runtime,
    driver: &mut Child,
    driver_url: &str,
    profile: &Path,
) -> Result<Client, String> {
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities(profile));
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited early ({status})"));
        }
        match runtime.block_on(builder.connect(driver_url)) {
            Ok(client) => return Ok(client),
            Err(NewSessionError::Failed(_) | NewSessionError::FailedC(_))
                if start.elapsed() < DRIVER_START_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => {
                return Err(format!(
                    "no WebDriver session after {:?}: {e}",
                    start.elapsed()
                ));
            }
        }
    }
}

/// The driver's log, or nothing when it cannot be read.
fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A `POST` to a ChromeDriver endpoint of the session that fantoccini has no method for.
#[derive(Debug)]
struct SessionPost {
    /// The endpoint below `session/{id}/`, e.g. `se/log`.
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("a session command needs a session");
        base_url
            .join(&format!("session/{session}/"))?
            .join(self.path)
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// The fantoccini locator of a W3C strategy name; panics on one the tests do not use.
fn locator<'a>(strategy: &str, value: &'a str) -> Locator<'a> {
    match strategy {
        "css selector" => Locator::Css(value),
        "xpath" => Locator::XPath(value),
        "link text" => Locator::LinkText(value),
        other => panic!("unsupported locator strategy {other:?}"),
    }
}

/// Panics with the install hint when Chromium or ChromeDriver is missing.
fn require_binaries() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        panic!(
            "Chromium and ChromeDriver are needed: apt-get install chromium chromium-driver \
             (the README's test command installs them)"
        );
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener.local_addr().unwrap().port()
}

/// Starts ChromeDriver on `port`, its output going to `log_path`.
fn spawn_driver(port: u16, log_path: &Path) -> Child {
    let log = std::fs::File::create(log_path).expect("chromedriver log file");
    Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"))
}

/// The new-session capabilities: headless Chromium with a fresh profile and console logs.
fn capabilities(profile: &Path) -> Capabilities {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ]
    .map(str::to_string)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut capabilities = Capabilities::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({"binary": CHROMIUM, "args": args}),
    );
    capabilities.insert("goog:loggingPrefs".to_string(), json!({"browser": "ALL"}));
    capabilities
}

/// Writes `bytes` to `path`, creating its folder.
fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
