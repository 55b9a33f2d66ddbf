//! Debian's headless Chromium, started and driven the same way in tests and benchmarks:
//! over the DevTools protocol, through a pipe (`--remote-debugging-pipe`: JSON messages
//! ended by a NUL byte, commands on the browser's file descriptor 3, answers and events
//! on 4).
//!
//! A command's answer is handed over the moment it arrives. (headless_chrome, used
//! before, read its WebSocket in 100 ms slices while holding it, so every call took
//! about a tenth of a second: its issue #446. A page audit makes thousands of calls.)
//! With a pipe there is also no debugging port to find, and nothing else on the machine
//! can connect to the browser.
//!
//! Shared by the browser tests, the search benchmark and the screenshot example; each
//! uses part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};

/// Where to find Chromium: `WAYMARK_CHROMIUM`, then the usual Debian paths.
pub fn chromium_path() -> Option<PathBuf> {
    std::env::var_os("WAYMARK_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .map(PathBuf::from),
        )
        .find(|p| p.is_file())
}

/// How long one command may take before the call fails (an `axe.run`, a wait that
/// polls in the page for five seconds, a PDF: all well under it).
const ANSWER_WITHIN: Duration = Duration::from_secs(120);

/// Told each event of a page: its method and its parameters.
type Listener = Box<dyn Fn(&str, &Value) + Send>;

/// The pipe to the browser, shared by the browser and its pages.
struct Connection {
    to_browser: Mutex<File>,
    next_id: AtomicU64,
    /// Commands sent and not answered yet, by id.
    waiting: Mutex<HashMap<u64, Sender<Result<Value, String>>>>,
    /// Event listeners, by the page's session id.
    listeners: Mutex<HashMap<String, Listener>>,
}

impl Connection {
    fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = Value::from(session);
        }
        let (answer, answered) = channel();
        self.waiting.lock().unwrap().insert(id, answer);
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        if let Err(e) = self.to_browser.lock().unwrap().write_all(&bytes) {
            self.waiting.lock().unwrap().remove(&id);
            return Err(format!("{method}: the browser is gone ({e})"));
        }
        match answered.recv_timeout(ANSWER_WITHIN) {
            Ok(result) => result.map_err(|e| format!("{method}: {e}")),
            Err(_) => {
                self.waiting.lock().unwrap().remove(&id);
                Err(format!("{method}: no answer within {ANSWER_WITHIN:?}"))
            }
        }
    }

    /// Reads the browser's messages until the pipe closes: answers go to whoever waits
    /// for them, events to their page's listener.
    fn dispatch(&self, from_browser: impl std::io::Read) {
        let mut reader = BufReader::new(from_browser);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match reader.read_until(0, &mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if buffer.last() == Some(&0) {
                buffer.pop();
            }
            let Ok(message) = serde_json::from_slice::<Value>(&buffer) else {
                continue;
            };
            if let Some(id) = message["id"].as_u64() {
                if let Some(answer) = self.waiting.lock().unwrap().remove(&id) {
                    let result = match message.get("error") {
                        Some(error) => Err(error["message"]
                            .as_str()
                            .map_or_else(|| error.to_string(), str::to_string)),
                        None => Ok(message["result"].clone()),
                    };
                    let _ = answer.send(result);
                }
            } else if let (Some(method), Some(session)) =
                (message["method"].as_str(), message["sessionId"].as_str())
            {
                if let Some(listener) = self.listeners.lock().unwrap().get(session) {
                    listener(method, &message["params"]);
                }
            }
        }
        // The browser is gone: every caller still waiting hears so.
        self.waiting.lock().unwrap().clear();
    }
}

/// A running headless Chromium, stopped when dropped.
pub struct Browser {
    connection: Arc<Connection>,
    child: Mutex<Child>,
}

impl Browser {
    /// Starts headless Chromium at `path` with the profile folder `profile`: no sandbox
    /// (we run as root), no GPU, and nothing that reaches for the network by itself.
    pub fn launch(path: &Path, profile: &Path) -> Browser {
        let mut args: Vec<String> = [
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",
            "--disable-setuid-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1200,900",
            // As puppeteer (and headless_chrome) start it for automation.
            "--disable-background-networking",
            "--disable-breakpad",
            "--disable-client-side-phishing-detection",
            "--disable-component-extensions-with-background-pages",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-features=TranslateUI",
            "--disable-hang-monitor",
            "--disable-ipc-flooding-protection",
            "--disable-popup-blocking",
            "--disable-prompt-on-repost",
            "--disable-sync",
            "--disable-quic",
            "--force-color-profile=srgb",
            "--metrics-recording-only",
            "--password-store=basic",
            "--use-mock-keychain",
            "--enable-automation",
            // Tests share one browser, each in its own tab; a tab that is not in front
            // must not have its timers slowed or its rendering paused.
            "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
            "--disable-renderer-backgrounding",
        ]
        .map(str::to_string)
        .to_vec();
        args.push(format!("--user-data-dir={}", profile.display()));

        let (commands_in, commands_out) = std::io::pipe().expect("pipe");
        let (events_in, events_out) = std::io::pipe().expect("pipe");
        let (read_fd, write_fd) = (commands_in.as_raw_fd(), events_out.as_raw_fd());
        let mut command = Command::new(path);
        command
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec this only calls fcntl, dup2 and close, which are
        // async-signal-safe, on descriptors this process owns.
        unsafe {
            command.pre_exec(move || {
                // Out of the way first, so that neither lands on the other's number.
                let read = libc::fcntl(read_fd, libc::F_DUPFD, 10);
                let write = libc::fcntl(write_fd, libc::F_DUPFD, 10);
                if read < 0 || write < 0 || libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(read);
                libc::close(write);
                Ok(())
            });
        }
        let child = command.spawn().expect("start Chromium");
        // The browser's ends stay with the browser only, so the pipe closes with it.
        drop(commands_in);
        drop(events_out);

        let connection = Arc::new(Connection {
            to_browser: Mutex::new(File::from(std::os::fd::OwnedFd::from(commands_out))),
            next_id: AtomicU64::new(1),
            waiting: Mutex::new(HashMap::new()),
            listeners: Mutex::new(HashMap::new()),
        });
        let reader = connection.clone();
        std::thread::spawn(move || reader.dispatch(events_in));
        let browser = Browser {
            connection,
            child: Mutex::new(child),
        };
        browser
            .call("Browser.getVersion", json!({}))
            .expect("Chromium answers on its pipe");
        browser
    }

    /// The browser's process id.
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// Sends a browser-wide command and returns its result.
    pub fn call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.connection.call(None, method, params)
    }

    /// A new tab in the browser's default context: the profile's own storage, not a
    /// private window (Chromium installs no app from one), closed when dropped.
    pub fn new_page_in_profile(&self) -> Page {
        let target = self
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .expect("new tab")["targetId"]
            .as_str()
            .unwrap()
            .to_string();
        self.attach(target, String::new())
    }

    fn attach(&self, target: String, context: String) -> Page {
        let session = self
            .call(
                "Target.attachToTarget",
                json!({ "targetId": target, "flatten": true }),
            )
            .expect("attach to the tab")["sessionId"]
            .as_str()
            .unwrap()
            .to_string();
        Page {
            connection: self.connection.clone(),
            session,
            target,
            context,
        }
    }

    /// A new tab in a browser context of its own (separate storage, like a private
    /// window), closed with its context when the page is dropped.
    pub fn new_page(&self) -> Page {
        let context = self
            .call("Target.createBrowserContext", json!({}))
            .expect("new browser context")["browserContextId"]
            .as_str()
            .unwrap()
            .to_string();
        let target = self
            .call(
                "Target.createTarget",
                json!({ "url": "about:blank", "browserContextId": context }),
            )
            .expect("new tab")["targetId"]
            .as_str()
            .unwrap()
            .to_string();
        self.attach(target, context)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Key modifiers for [`Page::press_key_with`], as the protocol numbers them.
pub const CTRL: u32 = 2;

/// One tab, attached to this process.
pub struct Page {
    connection: Arc<Connection>,
    session: String,
    target: String,
    context: String,
}

impl Page {
    /// Sends a command to this page and returns its result.
    pub fn call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.connection.call(Some(&self.session), method, params)
    }

    /// Calls `listener` with every event of this page (of the domains enabled).
    pub fn on_event(&self, listener: impl Fn(&str, &Value) + Send + 'static) {
        self.connection
            .listeners
            .lock()
            .unwrap()
            .insert(self.session.clone(), Box::new(listener));
    }

    /// Evaluates a JavaScript expression (awaiting it, if `await_promise` and it is a
    /// promise) and returns its value as JSON; a thrown exception is an error.
    pub fn evaluate(&self, js: &str, await_promise: bool) -> Result<Value, String> {
        let answer = self.call(
            "Runtime.evaluate",
            json!({ "expression": js, "returnByValue": true, "awaitPromise": await_promise }),
        )?;
        if let Some(thrown) = answer.get("exceptionDetails") {
            let text = thrown["exception"]["description"]
                .as_str()
                .or(thrown["text"].as_str())
                .unwrap_or("an exception");
            return Err(format!("threw {text}"));
        }
        Ok(answer["result"]["value"].clone())
    }

    /// Presses and releases `key` (a key name as in `KeyboardEvent.key`: "Tab",
    /// "Enter", "/", "k"…).
    pub fn press_key(&self, key: &str) -> Result<(), String> {
        self.press_key_with(key, 0)
    }

    /// Presses and releases `key` with `modifiers` held (see [`CTRL`]).
    pub fn press_key_with(&self, key: &str, modifiers: u32) -> Result<(), String> {
        let (code, key_code, text) =
            key_definition(key).ok_or_else(|| format!("no key definition for {key:?}"))?;
        let mut event = json!({
            "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
            "modifiers": modifiers,
        });
        if let Some(text) = text {
            event["text"] = Value::from(text);
        }
        self.call("Input.dispatchKeyEvent", event.clone())?;
        event["type"] = Value::from("keyUp");
        self.call("Input.dispatchKeyEvent", event)?;
        Ok(())
    }

    /// Types `text` as a reader would: a key press for each character a US keyboard
    /// has, and text input (as an input method gives it) for the others.
    pub fn type_str(&self, text: &str) -> Result<(), String> {
        for c in text.chars() {
            let s = c.to_string();
            if key_definition(&s).is_some() {
                self.press_key(&s)?;
            } else {
                self.call("Input.insertText", json!({ "text": s }))?;
            }
        }
        Ok(())
    }

    /// A PNG of the viewport.
    pub fn screenshot_png(&self) -> Result<Vec<u8>, String> {
        let answer = self.call("Page.captureScreenshot", json!({ "format": "png" }))?;
        decode(&answer["data"])
    }

    /// The page printed to PDF.
    pub fn print_to_pdf(&self) -> Result<Vec<u8>, String> {
        let answer = self.call("Page.printToPDF", json!({}))?;
        decode(&answer["data"])
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        self.connection
            .listeners
            .lock()
            .unwrap()
            .remove(&self.session);
        let _ = self.connection.call(
            None,
            "Target.closeTarget",
            json!({ "targetId": self.target }),
        );
        if !self.context.is_empty() {
            let _ = self.connection.call(
                None,
                "Target.disposeBrowserContext",
                json!({ "browserContextId": self.context }),
            );
        }
    }
}

fn decode(data: &Value) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(data.as_str().unwrap_or_default())
        .map_err(|e| e.to_string())
}

/// The key code, `code` and text of a key on a US keyboard, as puppeteer's layout
/// gives them (the keys these tests and benchmarks press).
fn key_definition(key: &str) -> Option<(&'static str, u32, Option<&'static str>)> {
    let named = match key {
        "Tab" => Some(("Tab", 9, None)),
        "Enter" => Some(("Enter", 13, Some("\r"))),
        "Escape" => Some(("Escape", 27, None)),
        "Backspace" => Some(("Backspace", 8, None)),
        "ArrowUp" => Some(("ArrowUp", 38, None)),
        "ArrowDown" => Some(("ArrowDown", 40, None)),
        " " => Some(("Space", 32, Some(" "))),
        "/" => Some(("Slash", 191, Some("/"))),
        "-" => Some(("Minus", 189, Some("-"))),
        "." => Some(("Period", 190, Some("."))),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let mut chars = key.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    // Letters and digits: the text is the character itself.
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const DIGITS: &str = "0123456789";
    const LETTER_CODES: [&str; 26] = [
        "KeyA", "KeyB", "KeyC", "KeyD", "KeyE", "KeyF", "KeyG", "KeyH", "KeyI", "KeyJ", "KeyK",
        "KeyL", "KeyM", "KeyN", "KeyO", "KeyP", "KeyQ", "KeyR", "KeyS", "KeyT", "KeyU", "KeyV",
        "KeyW", "KeyX", "KeyY", "KeyZ",
    ];
    const DIGIT_CODES: [&str; 10] = [
        "Digit0", "Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7", "Digit8",
        "Digit9",
    ];
    const LOWER_TEXT: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    const UPPER_TEXT: [&str; 26] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
        "S", "T", "U", "V", "W", "X", "Y", "Z",
    ];
    const DIGIT_TEXT: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    if let Some(i) = LOWER.find(c) {
        return Some((LETTER_CODES[i], 65 + i as u32, Some(LOWER_TEXT[i])));
    }
    if let Some(i) = LOWER
        .find(c.to_ascii_lowercase())
        .filter(|_| c.is_ascii_uppercase())
    {
        return Some((LETTER_CODES[i], 65 + i as u32, Some(UPPER_TEXT[i])));
    }
    if let Some(i) = DIGITS.find(c) {
        return Some((DIGIT_CODES[i], 48 + i as u32, Some(DIGIT_TEXT[i])));
    }
    None
}
