//! `waymark check`: the site checked as `build` would, writing nothing, with advice.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::{build_for_report, plural, report, site_folder, summary};

/// Checks the site at `root` and prints its warnings and advice; fails on an error,
/// or on a warning with `deny_warnings`.
pub fn check(root: PathBuf, drafts: bool, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let Some(site) = build_for_report(root, drafts) else {
        return ExitCode::FAILURE;
    };
    let mut warnings = site.warnings.clone();
    warnings.extend(site.lints.iter().cloned());
    crate::diagnostic::sort(&mut warnings);
    report(&warnings);
    eprintln!(
        "checked {}; {}",
        summary(&site, started),
        plural(warnings.len(), "warning", "warnings")
    );
    if deny_warnings && !warnings.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
