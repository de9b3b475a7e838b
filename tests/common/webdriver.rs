//! A minimal W3C WebDriver client driving headless Chromium through ChromeDriver.
//!
//! [`Browser::start`] launches `chromedriver` on a free port, opens one session with a
//! fresh profile, and [`Drop`] ends the session and kills the driver.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium binary Debian's `chromium` package installs.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver Debian's `chromium-driver` package installs.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The W3C key code of Tab.
pub const TAB: char = '\u{E004}';
/// The W3C key code of Enter.
pub const ENTER: char = '\u{E007}';
/// The W3C key code of Space.
pub const SPACE: char = '\u{E00D}';
/// The W3C key code of the right arrow.
pub const ARROW_RIGHT: char = '\u{E014}';

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long to wait for ChromeDriver to answer `/status`.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);

/// A reference to an element of the current page.
#[derive(Clone, Debug)]
pub struct Element(pub String);

impl Element {
    /// The element as a script argument (`arguments[i]` is then the DOM element).
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// One browser console entry.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

/// A headless Chromium session.
pub struct Browser {
    driver: Child,
    agent: ureq::Agent,
    session_url: String,
    /// Holds the Chromium profile (`profile/`) and the driver's log (`chromedriver.log`).
    scratch: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session. Panics with an install hint
    /// when Chromium or ChromeDriver is missing.
    pub fn start() -> Browser {
        require_binaries();
        let scratch = tempfile::tempdir().expect("temp dir for the Chromium profile");
        let port = free_port();
        let driver = spawn_driver(port, &scratch.path().join("chromedriver.log"));
        let agent = agent();
        let driver_url = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            agent,
            session_url: String::new(),
            scratch,
        };
        browser.wait_until_ready(&driver_url);
        let session = browser.request(
            &format!("{driver_url}/session"),
            Some(capabilities(&browser.scratch.path().join("profile"))),
        );
        let id = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {session}"));
        browser.session_url = format!("{driver_url}/session/{id}");
        browser.post("/timeouts", json!({"pageLoad": 30_000, "script": 10_000}));
        browser
    }

    /// Navigates to `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_string()
    }

    /// Reloads the current page.
    pub fn refresh(&self) {
        self.post("/refresh", json!({}));
    }

    /// Goes back in the history.
    pub fn back(&self) {
        self.post("/back", json!({}));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
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
    /// "xpath", ...); panics when there is none.
    pub fn find(&self, strategy: &str, value: &str) -> Element {
        let found = self.post("/element", json!({"using": strategy, "value": value}));
        element_id(&found)
    }

    /// The first element matching the CSS `selector`; panics when there is none.
    pub fn find_css(&self, selector: &str) -> Element {
        self.find("css selector", selector)
    }

    /// Every element matching the CSS `selector`.
    pub fn find_all_css(&self, selector: &str) -> Vec<Element> {
        let found = self.post(
            "/elements",
            json!({"using": "css selector", "value": selector}),
        );
        found
            .as_array()
            .map(|a| a.iter().map(element_id).collect())
            .unwrap_or_default()
    }

    /// Clicks `element` (scrolling it into view first).
    pub fn click(&self, element: &Element) {
        self.post(&format!("/element/{}/click", element.0), json!({}));
    }

    /// Types `keys` into whatever has the focus, through the W3C Actions API.
    pub fn send_keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": key.to_string()}));
            actions.push(json!({"type": "keyUp", "value": key.to_string()}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.post("/actions", body);
    }

    /// Sets the outer window size in CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({"width": width, "height": height}));
    }

    /// Saves a PNG of the viewport to `path`, creating its folder.
    pub fn screenshot_png(&self, path: &Path) {
        save_base64_png(&self.get("/screenshot"), path);
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
        let command = json!({"cmd": "Page.captureScreenshot", "params": params});
        let shot = self.post("/goog/cdp/execute", command);
        save_base64_png(&shot["data"], path);
    }

    /// Runs a Chrome DevTools Protocol command (Chromium only) and returns its result.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.post(
            "/goog/cdp/execute",
            json!({"cmd": command, "params": params}),
        )
    }

    /// The `SEVERE` console entries since the last call (ChromeDriver clears them).
    pub fn browser_logs(&self) -> Vec<LogEntry> {
        let entries = self.post("/se/log", json!({"type": "browser"}));
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

    /// `GET` on a session endpoint.
    fn get(&self, path: &str) -> Value {
        self.request(&format!("{}{path}", self.session_url), None)
    }

    /// `POST` of `body` to a session endpoint.
    fn post(&self, path: &str, body: Value) -> Value {
        self.request(&format!("{}{path}", self.session_url), Some(body))
    }

    /// Sends one WebDriver request (`POST` with a body, else `GET`) and returns its
    /// `value`; panics on a WebDriver error.
    fn request(&self, url: &str, body: Option<Value>) -> Value {
        let method = if body.is_some() { "POST" } else { "GET" };
        let response = match body {
            Some(body) => self.agent.post(url).send_json(body),
            None => self.agent.get(url).call(),
        };
        let mut response =
            response.unwrap_or_else(|e| panic!("WebDriver {method} {url} failed: {e}"));
        let status = response.status();
        let answer: Value = response
            .body_mut()
            .read_json()
            .unwrap_or_else(|e| panic!("WebDriver {method} {url}: unreadable answer: {e}"));
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if !status.is_success() {
            panic!(
                "WebDriver {method} {url} -> {status}: {} {}",
                value["error"].as_str().unwrap_or_default(),
                value["message"].as_str().unwrap_or_default()
            );
        }
        value
    }

    /// Polls ChromeDriver's `/status` until it reports ready.
    fn wait_until_ready(&mut self, driver_url: &str) {
        let start = Instant::now();
        while start.elapsed() < DRIVER_START_TIMEOUT {
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!(
                    "chromedriver exited early ({status}); log:\n{}",
                    self.driver_log()
                );
            }
            let ready = self
                .agent
                .get(format!("{driver_url}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == Value::Bool(true));
            if ready {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "chromedriver was not ready after {DRIVER_START_TIMEOUT:?}; log:\n{}",
            self.driver_log()
        );
    }

    fn driver_log(&self) -> String {
        std::fs::read_to_string(self.scratch.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session_url.is_empty() {
            let _ = self.agent.delete(&self.session_url).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
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

/// An HTTP client for the driver: no proxy, WebDriver errors read as answers.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The new-session capabilities: headless Chromium with a fresh profile and console logs.
fn capabilities(profile: &Path) -> Value {
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
    json!({"capabilities": {"alwaysMatch": {
        "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        "goog:loggingPrefs": {"browser": "ALL"},
    }}})
}

fn element_id(found: &Value) -> Element {
    let id = found[ELEMENT_KEY]
        .as_str()
        .unwrap_or_else(|| panic!("not an element reference: {found}"));
    Element(id.to_string())
}

/// Decodes a base64 PNG and writes it to `path`, creating its folder.
fn save_base64_png(encoded: &Value, path: &Path) {
    let png = base64_decode(encoded.as_str().expect("screenshot is a base64 string"))
        .expect("screenshot is valid base64");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Decodes standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let symbols: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = symbols
        .strip_suffix(b"==")
        .or_else(|| symbols.strip_suffix(b"="))
        .unwrap_or(&symbols);
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}
