//! Stage six: the in-memory site to disk, all or nothing.
//!
//! The site is written to a staging folder beside the output folder and swapped in
//! with renames, so a failed or killed build leaves the previous output as it was.
//! Nothing is written or deleted outside the output folder and its staging siblings.

pub mod minify;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

/// A file Waymark leaves in every output folder, so it can tell its own output
/// (safe to replace) from a folder of someone's files (never touched).
pub const MARKER: &str = ".waymark";

/// Minifies every HTML and CSS file of the site.
pub fn minify_all(files: &mut BTreeMap<String, Vec<u8>>) {
    files.par_iter_mut().for_each(|(path, bytes)| {
        if path.ends_with(".html") {
            *bytes = minify::html(bytes);
        } else if path.ends_with(".css") {
            *bytes = minify::css(bytes);
        }
    });
}

/// Refuses output folders that would overwrite or delete the sources: the site root,
/// `content/`, `theme/`, a folder containing any of them, or one inside them.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(out)?;
    for protected in [root.clone(), root.join("content"), root.join("theme")] {
        if protected.starts_with(&out) {
            bail!(
                "refusing to write the site to `{}`: it is, or contains, `{}`; choose an output folder of its own, such as `{}`",
                out.display(),
                protected.display(),
                root.join("public").display()
            );
        }
        if protected != root && out.starts_with(&protected) {
            bail!(
                "refusing to write the site to `{}`: it is inside `{}`, whose files are sources",
                out.display(),
                protected.display()
            );
        }
    }
    Ok(())
}

/// Writes `files` to `out` through a staging folder and swaps it in.
pub fn write(root: &Path, out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    check_out_dir(root, out)?;
    let out = absolute(out)?;
    if out.exists() && !is_replaceable(&out)? {
        bail!(
            "refusing to replace `{}`: it is not empty and was not written by Waymark; empty it or choose another `--out`",
            out.display()
        );
    }
    let parent = out
        .parent()
        .context("the output folder has no parent folder")?;
    fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let name = out
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.waymark-staging"));
    let previous = parent.join(format!(".{name}.waymark-previous"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)
                .with_context(|| format!("cannot remove the leftover `{}`", leftover.display()))?;
        }
    }
    fs::create_dir(&staging).with_context(|| format!("cannot create `{}`", staging.display()))?;
    let written = write_tree(&staging, files);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(&out, &previous)
            .with_context(|| format!("cannot move the old `{}` aside", out.display()))?;
    }
    if let Err(e) = fs::rename(&staging, &out) {
        let _ = fs::rename(&previous, &out);
        return Err(e)
            .with_context(|| format!("cannot move the new site into `{}`", out.display()));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous)
            .with_context(|| format!("cannot remove the old site at `{}`", previous.display()))?;
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    for (rel, bytes) in files {
        let path = safe_join(dir, rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    fs::write(
        dir.join(MARKER),
        b"This folder is written by Waymark and replaced on every build.\n",
    )
    .context("cannot write the output marker")?;
    Ok(())
}

/// Joins a site-relative path to `dir`, refusing anything that could leave it.
fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        bail!("refusing to write `{rel}`: it would land outside the output folder");
    }
    Ok(dir.join(rel_path))
}

/// An existing output folder may be replaced if it is empty or Waymark wrote it.
fn is_replaceable(out: &Path) -> Result<bool> {
    if !out.is_dir() {
        return Ok(false);
    }
    let mut entries =
        fs::read_dir(out).with_context(|| format!("cannot read `{}`", out.display()))?;
    Ok(entries.next().is_none() || out.join(MARKER).is_file())
}

/// An absolute, lexically normalised form of `path` (symlinks of existing ancestors resolved).
fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path)
    };
    let mut normal = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut existing = normal.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => return Ok(normal),
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let dir = Path::new("/tmp/x");
        assert!(safe_join(dir, "a/b.html").is_ok());
        assert!(safe_join(dir, "../b.html").is_err());
        assert!(safe_join(dir, "/etc/passwd").is_err());
        assert!(safe_join(dir, "").is_err());
    }
}
