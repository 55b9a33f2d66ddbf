//! Browser tests: the built site in a real headless Chromium (Debian's `chromium`),
//! driven over the DevTools protocol, from `file://` and from `http://127.0.0.1`.
//!
//! Where Chromium is absent these tests say so loudly and pass without running,
//! unless `WAYMARK_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes absence a failure.

mod a11y;
mod hostile;
mod layout;
mod live;
mod navigation;
mod search;
mod server;
mod steps;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Runtime};
use headless_chrome::{Browser, Tab};
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::TestSite;

#[path = "../../support/chromium.rs"]
mod launcher;

/// The one headless Chromium every browser test of this process shares. Each test
/// works in a browser context of its own (separate storage, like a private window), so
/// tests cannot see each other's ticked steps or search state.
pub struct Chromium {
    pub browser: Browser,
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

/// Browser tests take turns: one browser, one test at a time, so no test's timing
/// depends on what another is doing in the same browser.
static TURN: Mutex<()> = Mutex::new(());

/// The shared Chromium for the duration of one test.
pub struct Turn {
    chrome: &'static Chromium,
    _turn: std::sync::MutexGuard<'static, ()>,
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
        let browser = launcher::launch(&path, profile.path());
        if let Some(pid) = browser.get_process_id() {
            PID.store(pid, Ordering::SeqCst);
            // SAFETY: registers a plain function with no captured state.
            unsafe {
                libc::atexit(stop_browser);
            }
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
    let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    Some(Turn {
        chrome,
        _turn: turn,
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
    pub tab: Arc<Tab>,
    pub observed: Arc<Mutex<Observed>>,
}

impl Chromium {
    /// Opens a tab, in a browser context of its own, that records errors and requests.
    pub fn session(&self) -> Session {
        let tab = self
            .browser
            .new_context()
            .expect("new browser context")
            .new_tab()
            .expect("new tab");
        tab.set_default_timeout(Duration::from_secs(20));
        let observed = Arc::new(Mutex::new(Observed::default()));
        let sink = observed.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let mut o = sink.lock().unwrap();
            match event {
                Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
                    o.errors.push(format!("console.error: {:?}", e.params.args));
                }
                Event::RuntimeExceptionThrown(e) => {
                    o.errors
                        .push(format!("exception: {:?}", e.params.exception_details));
                }
                Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => {
                    o.errors.push(format!(
                        "log: {} {:?}",
                        e.params.entry.text, e.params.entry.url
                    ));
                }
                Event::NetworkRequestWillBeSent(e) => o.requests.push(e.params.request.url.clone()),
                _ => {}
            }
        }))
        .expect("listen");
        let enable: Network::Enable = serde_json::from_value(json!({})).unwrap();
        tab.call_method(enable).expect("Network.enable");
        tab.call_method(Runtime::Enable(None))
            .expect("Runtime.enable");
        tab.enable_log().expect("Log.enable");
        Session { tab, observed }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}

impl Session {
    /// Opens `url` and waits for it to load.
    pub fn open(&self, url: &str) {
        self.tab
            .navigate_to(url)
            .expect("navigate")
            .wait_until_navigated()
            .expect("load");
    }

    /// Opens `url` and waits until the page's own script has run.
    pub fn open_ready(&self, url: &str) {
        self.open(url);
        self.wait_for(
            "document.documentElement.dataset.waymark",
            "the page's script",
        );
    }

    /// Evaluates a JavaScript expression and returns its JSON value.
    pub fn eval(&self, js: &str) -> Value {
        let result = self
            .tab
            .evaluate(js, true)
            .unwrap_or_else(|e| panic!("evaluate {js}: {e}"));
        result.value.unwrap_or(Value::Null)
    }

    /// Waits until the JavaScript expression is truthy.
    pub fn wait_for(&self, js: &str, what: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if self.eval(&format!("!!({js})")) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
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
            self.tab.get_url()
        );
    }

    /// Clicks the element matching `selector` and waits for the next page to load.
    pub fn follow(&self, selector: &str) {
        let before = self.tab.get_url();
        self.eval(&format!(
            "document.querySelector({}).click()",
            json!(selector)
        ));
        let start = Instant::now();
        while self.tab.get_url() == before && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.tab.wait_until_navigated().expect("load after click");
        self.wait_for("document.readyState === 'complete'", "the page to load");
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
        let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(json!({
            "width": width, "height": height, "deviceScaleFactor": if mobile { 2 } else { 1 },
            "mobile": mobile
        }))
        .unwrap();
        self.tab.call_method(metrics).expect("device metrics");
    }

    /// Emulates `media` (`"screen"` or `"print"`) and the system colour scheme
    /// (`"light"` or `"dark"`).
    pub fn media(&self, media: &str, scheme: &str) {
        let emulated: Emulation::SetEmulatedMedia = serde_json::from_value(json!({
            "media": media,
            "features": [{ "name": "prefers-color-scheme", "value": scheme }]
        }))
        .unwrap();
        self.tab.call_method(emulated).expect("emulated media");
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

/// Builds a fixture site into a temporary `public/` and returns the site and its path.
pub fn published(fixture: &str) -> (TestSite, PathBuf) {
    let site = TestSite::fixture(fixture);
    let built = site.build_with(false, true).expect("fixture builds");
    let out = site.root().join("public");
    built.write(site.root(), &out).expect("write site");
    (site, out)
}

/// The repository's own site, built (minified) into a temporary folder: the holder
/// that keeps the folder, its `public/`, and the built site.
pub fn published_default() -> (TestSite, PathBuf, waymark::Site) {
    let holder = TestSite::empty();
    let site = crate::common::default_site(true);
    let out = holder.root().join("public");
    site.write(env!("CARGO_MANIFEST_DIR").as_ref(), &out)
        .expect("write");
    (holder, out, site)
}

/// `file://` URL of a file below `dir`.
pub fn file_url(dir: &Path, rel: &str) -> String {
    format!("file://{}/{rel}", dir.display())
}

/// Saves a screenshot of the viewport under the target folder, for people to look at.
pub fn save_screenshot(session: &Session, name: &str) {
    use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
    let png = session
        .tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}
