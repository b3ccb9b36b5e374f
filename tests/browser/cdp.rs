//! A small client of the Chrome DevTools Protocol over `--remote-debugging-pipe`, for
//! what the command line cannot do: a viewport narrower than a headless window may be
//! (500 px), print media for the page's own checks, a screenshot of a chosen region, a
//! PDF the way the print dialog makes it (no backgrounds unless the page asks).
//!
//! Chromium reads commands on its file descriptor 3 and writes answers and events on 4,
//! each message JSON followed by a NUL; `sh` connects them to our pipes. Every run has
//! its own profile and no network services, and `timeout` ends a browser that hangs, so
//! a read never waits forever.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

/// A browser, and the messages it sent that no call has read yet.
pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
    next: u64,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
    log: tempfile::NamedTempFile,
}

impl Browser {
    /// Starts `binary` headless.
    pub fn start(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec timeout 300 \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2")
            .arg(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(File::create(log.path()).unwrap()))
            .spawn()
            .expect("start chromium");
        let to = child.stdin.take().unwrap();
        let from = BufReader::new(child.stdout.take().unwrap());
        Browser { child, to, from, next: 0, events: Vec::new(), _profile: profile, log }
    }

    /// The next message from the browser.
    fn receive(&mut self) -> Value {
        let mut buf = Vec::new();
        let n = self.from.read_until(0, &mut buf).unwrap();
        assert!(n > 0 && buf.ends_with(&[0]), "the browser closed its pipe:\n{}", self.log());
        buf.pop();
        serde_json::from_slice(&buf).unwrap()
    }

    /// Sends `method` (to the page of `session`, if any) and returns its result; panics
    /// on a protocol error.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        self.to.flush().unwrap();
        loop {
            let m = self.receive();
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none(), "{method}: {}", m["error"]);
                return m["result"].clone();
            }
            self.events.push(m);
        }
    }

    /// Waits for the event `method` of `session`, and takes it.
    fn event(&mut self, session: &str, method: &str) -> Value {
        loop {
            if let Some(i) = self.events.iter().position(|m| m["method"] == method && m["sessionId"] == session) {
                return self.events.remove(i);
            }
            let m = self.receive();
            self.events.push(m);
        }
    }

    /// A new tab whose viewport is `width` × `height` CSS pixels; `mobile` as a phone
    /// (the page's viewport meta applies).
    pub fn page(&mut self, width: u32, height: u32, mobile: bool) -> Page<'_> {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached =
            self.call(None, "Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }));
        let session = attached["sessionId"].as_str().unwrap().to_owned();
        for method in ["Page.enable", "Runtime.enable"] {
            self.call(Some(&session), method, json!({}));
        }
        self.call(
            Some(&session),
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
        Page { browser: self, session }
    }

    /// What the browser wrote on its standard error.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.to.write_all(b"{\"id\":0,\"method\":\"Browser.close\"}\0");
        let _ = self.to.flush();
        let _ = self.child.wait();
    }
}

/// One tab.
pub struct Page<'b> {
    browser: &'b mut Browser,
    session: String,
}

impl Page<'_> {
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Loads `url` and waits until the page and its script have run.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.browser.event(&self.session.clone(), "Page.loadEventFired");
    }

    /// The value of a JavaScript expression (returned by value: JSON).
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Lays the page out for `media` ("print", or "" for the screen).
    pub fn media(&mut self, media: &str) {
        self.call("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// Emulates media features, as `[("forced-colors", "active")]`.
    pub fn media_features(&mut self, features: &[(&str, &str)]) {
        let list: Vec<Value> = features.iter().map(|(name, value)| json!({ "name": name, "value": value })).collect();
        self.call("Emulation.setEmulatedMedia", json!({ "features": list }));
    }

    /// Console messages and uncaught exceptions so far.
    pub fn console(&mut self) -> Vec<String> {
        let session = self.session.clone();
        self.browser
            .events
            .iter()
            .filter(|m| m["sessionId"] == session.as_str())
            .filter(|m| m["method"] == "Runtime.consoleAPICalled" || m["method"] == "Runtime.exceptionThrown")
            .map(|m| m["params"].to_string())
            .collect()
    }

    /// A PNG of the region `y..y + height` of the page, the page's full width.
    pub fn screenshot(&mut self, png: &Path, y: f64, height: f64) {
        let width = self.eval("document.documentElement.clientWidth").as_f64().unwrap();
        let r = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": y, "width": width, "height": height, "scale": 1 },
            }),
        );
        let bytes = base64(r["data"].as_str().unwrap());
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG image");
        assert!(bytes.len() > 20_000, "a page, not a blank image ({} bytes)", bytes.len());
        std::fs::write(png, bytes).unwrap();
    }

    /// The page printed to an A4 PDF as the print dialog does by default: the page's
    /// margins, no headers, backgrounds only where the page asks for them.
    pub fn pdf(&mut self, pdf: &Path) {
        let r = self.call(
            "Page.printToPDF",
            json!({ "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true, "printBackground": false }),
        );
        std::fs::write(pdf, base64(r["data"].as_str().unwrap())).unwrap();
    }
}

/// Decodes standard base64 (the protocol's binary data).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes_what_the_protocol_sends() {
    assert_eq!(base64("TWFu"), b"Man");
    assert_eq!(base64("TWE="), b"Ma");
    assert_eq!(base64("TQ=="), b"M");
    assert_eq!(base64("iVBORw0KGgo="), b"\x89PNG\r\n\x1a\n");
}
