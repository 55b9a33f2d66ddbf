//! The bodies of `waymark`'s commands: what each prints and the exit status it ends
//! with. `main.rs` parses the command line and calls one of these; everything a
//! command prints is decided here, so the CLI transcripts (`tests/cmd/`) test this
//! module.

mod build;
mod check;
mod progress;
mod scaffold;
mod search;
mod serve;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::{BuildError, BuildOptions, Diagnostic, Report};

pub use build::build;
pub use check::check;
pub use scaffold::{init, new, theme};
pub use search::search;
pub use serve::serve;

/// Prints a failure that is not the sources' (a folder, a file, the network).
fn fail(e: &anyhow::Error) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "error: {e:#}");
    ExitCode::FAILURE
}

/// Prints diagnostics to stderr, in colour where the terminal wants it (`NO_COLOR`
/// and pipes get plain text).
fn report(diagnostics: &[Diagnostic]) {
    let mut err = anstream::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}\n", d.render(true));
    }
}

/// Prints every problem of a failed build and how many there were.
fn report_failure(e: &BuildError) {
    let messages = e.messages(true);
    let mut err = anstream::stderr().lock();
    for m in &messages {
        let _ = writeln!(err, "{m}\n");
    }
    drop(err);
    let n = messages.len();
    let _ = writeln!(
        anstream::stderr(),
        "the build failed with {n} error{}",
        if n == 1 { "" } else { "s" }
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `154.0 KB`, `84.6 MB`.
fn size(bytes: usize) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{kb:.1} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

/// One line saying what a build made.
fn summary(report: &Report, started: Instant) -> String {
    let s = report.stats;
    // The counts are the default language's; the others say what they translate.
    let others: Vec<String> = report
        .languages
        .iter()
        .skip(1)
        .map(|l| {
            format!(
                "{} {} translated",
                l.tag,
                plural(l.pages - l.fallbacks, "page", "pages")
            )
        })
        .collect();
    let languages = if others.is_empty() {
        String::new()
    } else {
        format!(" ({})", others.join(", "))
    };
    format!(
        "{}{languages}, {}, {}, {}: {}, {} in {} ms",
        plural(s.pages, "page", "pages"),
        plural(s.channels, "channel", "channels"),
        plural(s.steps, "step", "steps"),
        plural(
            report.search.docs.len(),
            "search document",
            "search documents"
        ),
        plural(report.written.files, "file", "files"),
        size(report.written.bytes),
        started.elapsed().as_millis()
    )
}

/// Why `--root` is not a site folder: what is wrong and what to do.
struct NotASite {
    problem: String,
    help: String,
}

impl NotASite {
    fn fail(&self) -> ExitCode {
        let _ = writeln!(
            anstream::stderr(),
            "error: {}\n  = help: {}",
            self.problem,
            self.help
        );
        ExitCode::FAILURE
    }
}

/// Checks that `root` is a site folder (it exists and holds `site.yml` or `content/`)
/// before a command reads it or writes beside it. A folder with `content/` but no
/// `site.yml` passes, for `site.yml`'s own error to say what to write in it.
fn site_folder(root: &Path) -> Result<(), NotASite> {
    let here = root == Path::new(".") || root.as_os_str().is_empty();
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let init = if here {
        "run `waymark init` to create a site here".to_string()
    } else {
        format!(
            "run `waymark init {}` to create a site there",
            root.display()
        )
    };
    let other = "or pass `--root <site folder>`";
    let problem = match std::fs::metadata(root) {
        Err(_) => format!("the site folder `{}` does not exist", shown.display()),
        Ok(meta) if !meta.is_dir() => {
            return Err(NotASite {
                problem: format!("`{}` is a file, not a site folder", shown.display()),
                help: "pass `--root <site folder>`".to_string(),
            })
        }
        Ok(_) if root.join("site.yml").exists() || root.join("content").is_dir() => return Ok(()),
        Ok(_) => format!(
            "there is no `site.yml` in `{}`, so it is not a Waymark site",
            shown.display()
        ),
    };
    Err(NotASite {
        problem,
        help: format!("{init}, {other}"),
    })
}

/// Builds unminified, keeping no file, as `check` and `search` need; reports a failure.
fn build_for_report(root: PathBuf, drafts: bool) -> Option<Report> {
    let options = BuildOptions {
        root,
        drafts,
        ..BuildOptions::default()
    };
    crate::build_into(&options, &crate::output::Discard)
        .map_err(|e| report_failure(&e))
        .ok()
}
