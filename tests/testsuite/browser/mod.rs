//! Browser tests: the built site in a real headless Chromium (Debian's `chromium`),
//! driven over the DevTools protocol (`tests/support/chromium.rs`), from `file://` and
//! from `http://127.0.0.1`.
//!
//! Where Chromium is absent these tests say so loudly and pass without running,
//! unless `WAYMARK_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes absence a failure.

mod a11y;
mod facts;
mod hostile;
mod layout;
mod live;
mod navigation;
mod offline;
mod redirect;
mod search;
mod server;
mod steps;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::TestSite;

#[path = "../../support/chromium.rs"]
mod launcher;

pub use launcher::CTRL;

/// The one headless Chromium every browser test of this process shares. Each test
/// works in a browser context of its own (separate storage, like a private window), so
/// tests cannot see each other's ticked steps or search state.
pub struct Chromium {
    pub browser: launcher::Browser,
    _profile: TempDir,
}

static SHARED: OnceLock<Option<Chromium>> = OnceLock::new();
/// Process id of the shared browser, for the exit handler that stops it.
static PID: AtomicU32 = AtomicU32::new(0);

/// Stops the shared browser when the test process exits: a static is never dropped,
/// and a browser left running would hold the test's output pipes open.
extern "C" fn stop_browser() {
    let pid = PID.load(Ordering::SeqCst);
    if pid != 0 {
        // SAFETY: kill(2) with a pid we started; no memory is touched.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    }
}

/// Browser tests take turns in the one browser: up to [`turns`] tests at a time, each
/// in a context of its own (they spend much of their time waiting on the browser, and
/// two at once keep both cores of a CI machine busy). A test that waits for a turn
/// holds one of the test harness's threads, so there are as many turns as a 2-core
/// machine runs tests at once.
struct Turns {
    /// Turns not taken; `None` until the first test asks.
    free: Mutex<Option<usize>>,
    changed: Condvar,
}

static TURNS: Turns = Turns {
    free: Mutex::new(None),
    changed: Condvar::new(),
};

/// How many browser tests may run at once: `WAYMARK_BROWSER_TURNS`, 2 by default.
fn turns() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| {
        std::env::var("WAYMARK_BROWSER_TURNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n >= 1)
            .unwrap_or(2)
    })
}

impl Turns {
    fn take(&'static self) -> TurnGuard {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free.get_or_insert_with(turns) == 0 {
            free = self.changed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free.get_or_insert_with(turns) -= 1;
        TurnGuard { turns: self }
    }
}

/// Turns held by a running test, given back when it ends (even by a panic).
struct TurnGuard {
    turns: &'static Turns,
}

impl Drop for TurnGuard {
    fn drop(&mut self) {
        let mut free = self.turns.free.lock().unwrap_or_else(|e| e.into_inner());
        *free.get_or_insert_with(turns) += 1;
        self.turns.changed.notify_all();
    }
}

/// The shared Chromium for the duration of one test.
pub struct Turn {
    chrome: &'static Chromium,
    _turn: TurnGuard,
}

impl std::ops::Deref for Turn {
    type Target = Chromium;

    fn deref(&self) -> &Chromium {
        self.chrome
    }
}

/// The shared Chromium, once it is this test's turn, or explains loudly why the
/// calling test is skipped.
pub fn chromium(test: &str) -> Option<Turn> {
    let shared = SHARED.get_or_init(|| {
        let path = launcher::chromium_path()?;
        let profile = tempfile::tempdir().expect("profile dir");
        let browser = launcher::Browser::launch(&path, profile.path());
        PID.store(browser.pid(), Ordering::SeqCst);
        // SAFETY: registers a plain function with no captured state.
        unsafe {
            libc::atexit(stop_browser);
        }
        Some(Chromium {
            browser,
            _profile: profile,
        })
    });
    if shared.is_none() {
        if std::env::var("WAYMARK_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("WAYMARK_REQUIRE_BROWSER=1 but no Chromium was found; install Debian's `chromium` package");
        }
        eprintln!("\n*** SKIPPED browser test `{test}`: Chromium not found (install `chromium` or set WAYMARK_CHROMIUM) ***\n");
    }
    let chrome = shared.as_ref()?;
    Some(Turn {
        chrome,
        _turn: TURNS.take(),
    })
}

/// What a page did that a reader would not want: console errors, uncaught
/// exceptions, and requests to anything but the allowed URL prefix.
#[derive(Default, Debug, Clone)]
pub struct Observed {
    pub errors: Vec<String>,
    pub requests: Vec<String>,
}

/// A tab whose console errors and network requests are recorded.
pub struct Session {
    pub tab: launcher::Page,
    pub observed: Arc<Mutex<Observed>>,
    /// Whether the page's scripts (and so its timers) are turned off.
    scripts_off: Cell<bool>,
}

impl Chromium {
    /// Opens a tab, in a browser context of its own, that records errors and requests.
    pub fn session(&self) -> Session {
        Chromium::recorded(self.browser.new_page())
    }

    /// A tab in the browser's profile rather than a private context of its own (an
    /// app is installable only from there), recording likewise.
    pub fn session_in_profile(&self) -> Session {
        Chromium::recorded(self.browser.new_page_in_profile())
    }

    fn recorded(tab: launcher::Page) -> Session {
        let observed = Arc::new(Mutex::new(Observed::default()));
        let sink = observed.clone();
        tab.on_event(move |method, params| {
            let mut o = sink.lock().unwrap();
            match method {
                "Runtime.consoleAPICalled" if params["type"] == "error" => {
                    o.errors.push(format!("console.error: {}", params["args"]));
                }
                "Runtime.exceptionThrown" => {
                    o.errors
                        .push(format!("exception: {}", params["exceptionDetails"]));
                }
                "Log.entryAdded" if params["entry"]["level"] == "error" => {
                    o.errors.push(format!(
                        "log: {} {}",
                        params["entry"]["text"], params["entry"]["url"]
                    ));
                }
                "Network.requestWillBeSent" => {
                    if let Some(url) = params["request"]["url"].as_str() {
                        o.requests.push(url.to_string());
                    }
                }
                _ => {}
            }
        });
        for domain in ["Page", "Network", "Runtime", "Log"] {
            tab.call(&format!("{domain}.enable"), json!({}))
                .unwrap_or_else(|e| panic!("{domain}.enable: {e}"));
        }
        // Two tests may have a tab open at once; each page behaves as the focused one
        // (focus styles, `document.hasFocus()`), as a reader's page does.
        tab.call(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        )
        .expect("focus emulation");
        Session {
            tab,
            observed,
            scripts_off: Cell::new(false),
        }
    }
}

impl Session {
    /// Opens `url` and waits until its document has loaded (`readyState` complete).
    /// `Page.navigate` says whether the navigation makes a new document (a `loaderId`)
    /// or stays in this one (a change of fragment only); a new one is told from the old
    /// by a mark the old one carries.
    pub fn open(&self, url: &str) {
        self.navigate(url, "true");
    }

    /// Opens `url` and waits until the page's own script has run.
    pub fn open_ready(&self, url: &str) {
        self.navigate(url, "document.documentElement.dataset.waymark");
    }

    /// Opens `url` and waits until it has loaded and `ready` holds.
    fn navigate(&self, url: &str, ready: &str) {
        self.leave();
        let navigated = self
            .tab
            .call("Page.navigate", json!({ "url": url }))
            .unwrap_or_else(|e| panic!("navigate to {url}: {e}"));
        if let Some(error) = navigated["errorText"].as_str() {
            panic!("navigate to {url}: {error}");
        }
        let new_document = if navigated["loaderId"].is_string() {
            "!window.__waymarkLeft && "
        } else {
            ""
        };
        self.wait_for(
            &format!("{new_document}document.readyState === 'complete' && ({ready})"),
            &format!("{url} to load"),
        );
    }

    /// Reloads the page and waits until the new copy has loaded.
    pub fn reload(&self) {
        self.leave();
        self.call("Page.reload", json!({}));
        self.wait_for_next_document("the reload");
    }

    /// Marks the current document, so that [`Session::wait_for_next_document`] can tell
    /// the next one from it.
    fn leave(&self) {
        // A page that is still loading has no marker to set; the next document has none
        // either, so the wait below holds all the same.
        let _ = self.tab.evaluate("window.__waymarkLeft = true", false);
    }

    /// Waits until a document without the mark of [`Session::leave`] has loaded.
    fn wait_for_next_document(&self, what: &str) {
        self.wait_for(
            "!window.__waymarkLeft && document.readyState === 'complete'",
            &format!("{what} to load"),
        );
    }

    /// The address of the document in the tab.
    pub fn url(&self) -> String {
        self.eval("location.href")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Sends a DevTools command to the page and returns its result.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.tab
            .call(method, params)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its JSON value.
    pub fn eval(&self, js: &str) -> Value {
        self.tab
            .evaluate(js, true)
            .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
    }

    /// Runs `source` in every document the tab opens from now on, before the page's
    /// own scripts.
    pub fn add_script_on_new_document(&self, source: &str) {
        self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        );
    }

    /// Presses `key` with `modifiers` held ([`CTRL`]). (Plain keys and typing:
    /// `session.tab.press_key`, `session.tab.type_str`.)
    pub fn press_key_with(&self, key: &str, modifiers: u32) {
        self.tab
            .press_key_with(key, modifiers)
            .unwrap_or_else(|e| panic!("press {key}: {e}"));
    }

    /// Waits until the JavaScript expression is truthy.
    ///
    /// The expression is polled inside the page, every 10 ms, and the page answers once
    /// it holds (or after five seconds, to be asked again). While a navigation replaces
    /// the document an evaluation fails (its context is gone): that counts as not yet.
    /// Where the page's scripts are off, its timers are too, and the test polls.
    pub fn wait_for(&self, js: &str, what: &str) {
        let start = Instant::now();
        let test =
            format!("(() => {{ try {{ return !!({js}); }} catch (e) {{ return false; }} }})()");
        let poll = if self.scripts_off.get() {
            test.clone()
        } else {
            format!(
                "new Promise(done => {{ const until = performance.now() + 5000;\
                   (function check() {{ const ok = {test};\
                     if (ok || performance.now() > until) done(ok); else setTimeout(check, 10); }})(); }})"
            )
        };
        while start.elapsed() < Duration::from_secs(30) {
            match self.tab.evaluate(&poll, true) {
                Ok(Value::Bool(true)) => return,
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        let state = self.eval(
            "JSON.stringify({focus: document.activeElement && document.activeElement.id, \
              query: (document.getElementById('search-input') || {}).value, \
              results: ((document.getElementById('search-results') || {}).outerHTML || '').slice(0, 300), \
              loading: Object.keys((window.WaymarkSearch || {}).loading || {}), \
              loaded: Object.keys(((window.WaymarkSearch || {}).shards || {}).d || {}), meta: !!(window.WaymarkSearch || {}).metaData})",
        );
        panic!(
            "timed out waiting for {what} (`{js}`) on {}; page state: {state}",
            self.url()
        );
    }

    /// Clicks the element matching `selector`, a link to another page, and waits for
    /// that page to load.
    pub fn follow(&self, selector: &str) {
        self.leave();
        self.eval(&format!(
            "document.querySelector({}).click()",
            json!(selector)
        ));
        self.wait_for_next_document(&format!("the page `{selector}` leads to"));
    }

    /// Clicks link `i` (in document order) of the current page, a link to another
    /// page, and waits for that page to load.
    pub fn follow_link(&self, i: usize) {
        self.leave();
        self.eval(&format!(
            "document.querySelectorAll('a[href]')[{i}].click()"
        ));
        self.wait_for_next_document(&format!("the page link {i} leads to"));
    }

    /// Turns the page's scripts off, as a reader's browser can.
    pub fn disable_scripts(&self) {
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        );
        self.scripts_off.set(true);
    }

    /// Emulates a phone screen of `width`×`height` CSS pixels.
    pub fn phone(&self, width: u32, height: u32) {
        self.screen(width, height, true);
    }

    /// Emulates a desktop window of `width`×`height` CSS pixels.
    pub fn desktop(&self, width: u32, height: u32) {
        self.screen(width, height, false);
    }

    fn screen(&self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width, "height": height, "deviceScaleFactor": if mobile { 2 } else { 1 },
                "mobile": mobile
            }),
        );
    }

    /// Emulates `media` (`"screen"` or `"print"`) and the system colour scheme
    /// (`"light"` or `"dark"`).
    pub fn media(&self, media: &str, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({
                "media": media,
                "features": [{ "name": "prefers-color-scheme", "value": scheme }]
            }),
        );
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        self.tab
            .screenshot_png()
            .unwrap_or_else(|e| panic!("screenshot: {e}"))
    }

    /// Asserts no console error, exception, or request outside `allowed` prefixes so far.
    pub fn assert_clean(&self, allowed: &[&str]) {
        let o = self.observed.lock().unwrap().clone();
        assert!(o.errors.is_empty(), "console errors: {:#?}", o.errors);
        let foreign: Vec<&String> = o
            .requests
            .iter()
            .filter(|u| !allowed.iter().any(|a| u.starts_with(a)))
            .collect();
        assert!(
            foreign.is_empty(),
            "requests outside {allowed:?}: {foreign:#?}"
        );
        assert!(
            !o.requests.is_empty(),
            "no request was observed at all; the recorder is broken"
        );
    }
}

/// A site built (minified) and written into a temporary `public/` once per test
/// process: building it is the same work for every test that reads it, and no test
/// writes into it (a test that needs a changed site publishes its own).
pub struct Published {
    /// The folder holding `public/` (and, for a fixture, the sources).
    pub holder: TestSite,
    pub public: PathBuf,
    pub site: waymark::Site,
}

/// Folders of the shared sites, removed when the test process exits (a static is
/// never dropped).
static SHARED_FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

extern "C" fn remove_shared_folders() {
    if let Ok(folders) = SHARED_FOLDERS.lock() {
        for folder in folders.iter() {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

fn share(holder: TestSite, root: &Path, site: waymark::Site) -> Published {
    let public = holder.root().join("public");
    site.write(root, &public).expect("write the site");
    let mut folders = SHARED_FOLDERS.lock().unwrap_or_else(|e| e.into_inner());
    if folders.is_empty() {
        // SAFETY: registers a plain function with no captured state.
        unsafe {
            libc::atexit(remove_shared_folders);
        }
    }
    folders.push(holder.root().to_path_buf());
    Published {
        holder,
        public,
        site,
    }
}

/// The fixture site `tests/fixtures/guide`, published once: the holder that keeps
/// its folder, and its `public/`.
pub fn published(fixture: &str) -> (&'static TestSite, PathBuf) {
    assert_eq!(fixture, "guide", "only the guide fixture is shared");
    let shared = published_guide();
    (&shared.holder, shared.public.clone())
}

/// The fixture site `tests/fixtures/guide`, published once.
pub fn published_guide() -> &'static Published {
    static GUIDE: OnceLock<Published> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let holder = TestSite::fixture("guide");
        let site = holder.build_with(false, true).expect("fixture builds");
        let root = holder.root().to_path_buf();
        share(holder, &root, site)
    })
}

/// The repository's own site, published once: the holder that keeps the folder, its
/// `public/`, and the built site.
pub fn published_default() -> (&'static TestSite, PathBuf, &'static waymark::Site) {
    static DEFAULT: OnceLock<Published> = OnceLock::new();
    let shared = DEFAULT.get_or_init(|| {
        share(
            TestSite::empty(),
            env!("CARGO_MANIFEST_DIR").as_ref(),
            crate::common::default_site(true).clone(),
        )
    });
    (&shared.holder, shared.public.clone(), &shared.site)
}

/// `file://` URL of a file below `dir`.
pub fn file_url(dir: &Path, rel: &str) -> String {
    format!("file://{}/{rel}", dir.display())
}

/// Saves a screenshot of the viewport under the target folder, for people to look at.
pub fn save_screenshot(session: &Session, name: &str) {
    let png = session.screenshot();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}
