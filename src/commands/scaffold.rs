//! `waymark init`, `new` and `theme`: the commands that write sources, not a site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fail;
use crate::scaffold::{self, Kind};

/// Creates a new site in `dir` and says what to run next.
pub fn init(dir: PathBuf, title: &str, language: &str) -> ExitCode {
    if !crate::config::is_language_tag(language) {
        return fail(&anyhow::anyhow!(
            "`{language}` is not a BCP 47 language tag; write it like `zh-CN` or `en`"
        ));
    }
    match scaffold::init(&dir, title, language) {
        Ok(files) => {
            for f in &files {
                println!("created {}", f.display());
            }
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!("next: {cd}waymark serve --open");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Adds a page (or a channel chapter) at `path` below `content/`.
pub fn new(root: &Path, path: &str, kind: Kind, title: Option<&str>) -> ExitCode {
    match scaffold::new_page(root, path, kind, title) {
        Ok(path) => {
            println!("created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Copies the default theme's `files` (all when none) into the site's `theme/`.
pub fn theme(root: &Path, files: &[String]) -> ExitCode {
    match scaffold::copy_theme(root, files) {
        Ok((written, kept)) => {
            for path in &written {
                println!("created {}", path.display());
            }
            for path in &kept {
                println!(
                    "kept    {} (already there; not overwritten)",
                    path.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
