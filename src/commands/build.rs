//! `waymark build`: the site into its output folder, all or nothing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::progress::Progress;
use super::{fail, plural, report, report_failure, site_folder, summary};
use crate::{BuildError, BuildOptions};

/// Builds the site at `root` into `out` (`<root>/public` by default). Everything that
/// can be refused is refused before the output folder's lock or any folder is made;
/// a failed build leaves the output folder as it was.
pub fn build(
    root: PathBuf,
    out: Option<PathBuf>,
    drafts: bool,
    minify: bool,
    quiet: bool,
    verbose: bool,
) -> ExitCode {
    let out = out.unwrap_or_else(|| root.join("public"));
    let started = Instant::now();
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let target = match crate::output::Target::check(&root, &out) {
        Ok(target) => target,
        Err(e) => return fail(&e),
    };
    if let Err(diagnostics) = crate::config::load_checked(&root) {
        if target.has_leftovers() {
            // A killed build left the old site aside: put it back even so.
            if let Err(e) = target.open() {
                return fail(&e);
            }
        }
        report_failure(&BuildError::Invalid(diagnostics));
        eprintln!("nothing was written; `{}` is unchanged", out.display());
        return ExitCode::FAILURE;
    }
    let output = match target.open() {
        Ok(output) => output,
        Err(e) => return fail(&e),
    };
    let progress = (!quiet).then(Progress::start);
    let options = BuildOptions {
        root,
        drafts,
        minify,
        progress: progress
            .as_ref()
            .map(|_| Progress::stage as crate::Progress),
        serve: false,
    };
    let staged = match output.stage() {
        Ok(staged) => staged,
        Err(e) => return fail(&e),
    };
    let built = match crate::build_into(&options, staged.sink()) {
        Ok(built) => built,
        Err(e) => {
            drop(progress);
            drop(staged);
            report_failure(&e);
            eprintln!("nothing was written; `{}` is unchanged", out.display());
            return ExitCode::FAILURE;
        }
    };
    Progress::stage("publishing");
    let published = staged.publish();
    drop(progress);
    if let Err(e) = published {
        return fail(&e);
    }
    if !quiet {
        report(&built.warnings);
        if verbose {
            report(&built.lints);
        }
        let advice = if built.lints.is_empty() || verbose {
            String::new()
        } else {
            format!(
                "; {} (see `waymark check`)",
                plural(built.lints.len(), "suggestion", "suggestions")
            )
        };
        eprintln!(
            "built {} into {}{advice}",
            summary(&built, started),
            out.display()
        );
    }
    // The process ends here: freeing a large site's index and pages one by one took
    // a quarter of a second, and the system frees them at once.
    std::mem::forget(built);
    ExitCode::SUCCESS
}
