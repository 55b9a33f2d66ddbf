//! The spinner `waymark build` shows on a terminal while a long build runs.

use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner naming the build's stage, on a terminal only and only once a build has
/// taken a second: short builds print nothing but their summary.
pub(super) struct Progress;

static BAR: OnceLock<ProgressBar> = OnceLock::new();

impl Progress {
    pub(super) fn start() -> Progress {
        let bar = BAR.get_or_init(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress
    }

    /// Names the stage the build has reached (a [`crate::Progress`]).
    pub(super) fn stage(name: &'static str) {
        if let Some(bar) = BAR.get() {
            bar.set_message(name);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = BAR.get() {
            bar.finish_and_clear();
        }
    }
}
