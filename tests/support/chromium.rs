//! Starting Debian's headless Chromium the same way in tests and benchmarks.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

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

/// Starts headless Chromium at `path` with the profile folder `profile`: no sandbox
/// (we run as root), no GPU, and nothing that reaches for the network by itself.
pub fn launch(path: &Path, profile: &Path) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        // Tests share one browser, each in its own tab; a tab that is not in front must
        // not have its timers slowed or its rendering paused.
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.to_path_buf()))
        .window_size(Some((1200, 900)))
        .idle_browser_timeout(Duration::from_secs(600))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).expect("start Chromium")
}
