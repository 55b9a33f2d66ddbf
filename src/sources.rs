//! Reading a site's source folders (`content/`, `theme/`) under one policy.
//!
//! - Entries whose name starts with `.` are skipped (editor and VCS files).
//! - Symbolic links are followed only while they stay inside the site folder; a link
//!   that leads out of it is refused with an error naming it, so a build never
//!   publishes a file from elsewhere on the disk.
//! - Names must be UTF-8, since they become URLs.
//! - The order is stable (by file name), so output never depends on the disk.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// A file found in a source folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the folder walked, `/`-separated (`d/b.md`).
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Every file below `<root>/<folder>`, and every problem met on the way.
pub fn walk(root: &Path, folder: &str) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let base = root.join(folder);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if fs_missing(&base) {
        return (files, errors);
    }
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let shown = |path: &Path| -> String {
        let rel = path.strip_prefix(&base).unwrap_or(path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.is_empty() {
            folder.to_string()
        } else {
            format!("{folder}/{rel}")
        }
    };
    let mut entries = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map(&shown).unwrap_or_else(|| folder.to_string());
                let message = if e.loop_ancestor().is_some() {
                    "this symbolic link leads back to a folder that contains it".to_string()
                } else if e
                    .path()
                    .is_some_and(|p| p.symlink_metadata().is_ok() && !p.exists())
                {
                    "this symbolic link points to nothing".to_string()
                } else {
                    format!(
                        "cannot read it: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    )
                };
                errors.push(
                    Diagnostic::new(at, 0, 0, message)
                        .with_help("remove the link, or replace it with the file itself"),
                );
                continue;
            }
        };
        if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize().unwrap_or_default();
            if !target.starts_with(&site) {
                errors.push(
                    Diagnostic::new(
                        shown(entry.path()),
                        0,
                        0,
                        format!(
                            "this symbolic link leads outside the site folder, to `{}`",
                            target.display()
                        ),
                    )
                    .with_help(
                        "copy the file into the site folder; Waymark reads nothing outside it",
                    ),
                );
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        match parts {
            Some(parts) => files.push(SourceFile {
                rel: parts.join("/"),
                path: entry.into_path(),
            }),
            None => errors.push(
                Diagnostic::new(
                    shown(entry.path()),
                    0,
                    0,
                    "this file name is not valid UTF-8",
                )
                .with_help("rename the file using UTF-8; its name becomes part of a URL"),
            ),
        }
    }
    (files, errors)
}

/// Whether nothing at all is at `path` (not even a broken link).
fn fs_missing(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_err()
}
