//! Stage six: the in-memory site to disk, all or nothing.
//!
//! The site is written to a staging folder beside the output folder, synced, and
//! swapped in with one atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`; two renames
//! elsewhere). At every instant the output folder is the complete old site or the
//! complete new one: a build killed after the first of two renames leaves a lone
//! `.<out>.waymark-previous`, which the next build moves back before anything else.
//! The old site is then kept as `.<out>.waymark-spare`, the next build's staging
//! folder, which it rewrites only where the new site differs ([`spare`]).
//! Builds into one output folder take turns through an advisory lock on
//! `.<out>.waymark-lock`, removed again when the build ends, done or failed. Nothing is
//! written or deleted outside the output folder and these siblings, and nothing at all
//! (no folder, no lock) before the output folder has passed every check
//! ([`Target::check`]).

pub mod minify;
pub mod sink;
pub mod spare;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};

pub use sink::{
    content_hash, Discard, EarlierBuild, FileEntry, Folder, Generated, Memory, SharedFiles, Sink,
    Writer,
};
use spare::Spare;

/// A file Waymark leaves in every output folder, so it can tell its own output
/// (safe to replace) from a folder of someone's files (never touched).
pub const MARKER: &str = ".waymark";

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
    let staged = Output::open(root, out)?.stage()?;
    for (path, bytes) in files {
        staged.sink().put(path, bytes.clone())?;
    }
    staged.publish()
}

/// An output folder checked for a build, before anything is created: the sources are
/// not in its way, it is a folder (or nothing yet), and Waymark may replace it. A build
/// whose output is refused here leaves no folder, lock or staging folder behind.
pub struct Target {
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Target {
    /// Checks `out` for a build of the site at `root`, reading the disk only.
    pub fn check(root: &Path, out: &Path) -> Result<Target> {
        check_out_dir(root, out)?;
        let out = absolute(out)?;
        if fs::symlink_metadata(&out).is_ok() && !out.exists() {
            bail!(
                "`{}` is a symbolic link that points to nothing; remove it or choose another `--out`",
                out.display()
            );
        }
        if out.exists() && !out.is_dir() {
            bail!(
                "`{}` is a file, not a folder; choose another `--out`",
                out.display()
            );
        }
        refuse_foreign(&out)?;
        let parent = out
            .parent()
            .context("the output folder has no parent folder")?
            .to_path_buf();
        let name = out
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        Ok(Target { out, parent, name })
    }

    fn sibling(&self, what: &str) -> PathBuf {
        self.parent.join(format!(".{}.waymark-{what}", self.name))
    }

    /// Whether a killed build left the old site aside, for [`Target::open`] to put back.
    pub fn has_leftovers(&self) -> bool {
        !self.out.exists() && self.sibling("previous").is_dir()
    }

    /// Takes the output folder's lock (waiting for another build that holds it) and
    /// restores a site a killed build left aside, so even a build that then fails
    /// leaves the output folder in place. The first step that writes anything.
    pub fn open(self) -> Result<Output> {
        fs::create_dir_all(&self.parent)
            .with_context(|| format!("cannot create `{}`", self.parent.display()))?;
        let lock = lock(&self.sibling("lock"), &self.out)?;
        let (staging, previous) = (self.sibling("staging"), self.sibling("previous"));
        let (spare, ledger) = (self.sibling("spare"), self.sibling("ledger"));
        let pages = self.sibling("pages");
        recover(&self.out, &previous)?;
        refuse_foreign(&self.out)?;
        Ok(Output {
            out: self.out,
            staging,
            previous,
            spare,
            ledger,
            pages,
            _lock: lock,
        })
    }
}

/// Refuses to replace a folder someone else's files are in.
fn refuse_foreign(out: &Path) -> Result<()> {
    if out.exists() && !is_replaceable(out)? {
        bail!(
            "refusing to replace `{}`: it is not empty and was not written by Waymark; empty it or choose another `--out`",
            out.display()
        );
    }
    Ok(())
}

/// An output folder held for one build: locked against other builds, with whatever a
/// killed build left put right.
pub struct Output {
    out: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// The site before last, kept for the next build to rewrite.
    spare: PathBuf,
    /// What the spare and the output folder hold ([`spare::Ledger`]).
    ledger: PathBuf,
    /// What the last build made of each page ([`crate::reuse`]).
    pages: PathBuf,
    _lock: Lock,
}

impl Output {
    /// Checks `out` ([`Target::check`]), then takes its lock and puts right what a
    /// killed build left ([`Target::open`]).
    pub fn open(root: &Path, out: &Path) -> Result<Output> {
        Target::check(root, out)?.open()
    }

    /// Makes the staging folder a build writes into while the output folder stays as
    /// it was: the spare (or what a killed build left), checked, else a new folder.
    pub fn stage(self) -> Result<Staged> {
        let (staging, spare) = Staging::open(&self.staging, &self.spare, &self.ledger)?;
        // Only a spare holds pages to take over; a new build records its own.
        let earlier = (spare.known() > 0).then_some(self.pages.as_path());
        let pages = crate::reuse::PageCache::open(earlier, &self.pages);
        let sink = Folder::reusing(staging.path.clone(), spare, Some(pages));
        Ok(Staged {
            output: self,
            staging,
            sink,
        })
    }
}

/// A build's staging folder, held with its output folder's lock. Dropped without
/// [`Staged::publish`], it is removed and the output folder is left as it was.
pub struct Staged {
    output: Output,
    staging: Staging,
    sink: Folder,
}

impl Staged {
    /// The sink writing into the staging folder.
    pub fn sink(&self) -> &Folder {
        &self.sink
    }

    /// Marks the staged site as Waymark's, removes what the new site does not have,
    /// records what it holds, syncs it and swaps it in.
    pub fn publish(self) -> Result<()> {
        fs::write(
            self.staging.path.join(MARKER),
            b"This folder is written by Waymark and replaced on every build.\n",
        )
        .context("cannot write the output marker")?;
        let (dir, spare, pages) = self.sink.into_parts();
        spare.finish(&dir, &self.output.out, &self.output.ledger)?;
        if let Some(pages) = pages {
            // Without a record the next build makes every page again; it is not a
            // reason to fail this one.
            if pages.write(&self.output.pages).is_err() {
                let _ = fs::remove_file(&self.output.pages);
            }
        }
        sync(&self.staging.path)?;
        swap(self.staging, &self.output)
    }
}

/// The advisory lock of one output folder, held until dropped. Its file is removed on
/// drop, while still locked, so a build that ends (done or failed) leaves nothing
/// beside the output folder; only a killed build leaves the lock file, which the next
/// build reuses.
struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed before `_file` closes and so unlocks: a build waiting on this file
        // wakes to find its path gone or naming a new file, and locks again.
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the lock of one output folder; waits (and says so) while another build
/// holds it.
fn lock(path: &Path, out: &Path) -> Result<Lock> {
    let mut said = false;
    loop {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(|| format!("cannot create the lock file `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                if !said {
                    eprintln!(
                        "waiting for another Waymark build to finish writing `{}`…",
                        out.display()
                    );
                    said = true;
                }
                file.lock()
                    .with_context(|| format!("cannot lock `{}`", path.display()))?;
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()))
            }
        }
        // The build that held the lock removed its file as it let go: this lock is
        // on a file no other build can open any more, so take the one at `path` now.
        if is_same_file(&file, path) {
            return Ok(Lock {
                path: path.to_path_buf(),
                _file: file,
            });
        }
    }
}

/// Whether the open `file` is the file now at `path`.
#[cfg(unix)]
fn is_same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is the file now at `path` (elsewhere an open file cannot
/// be removed, so it always is).
#[cfg(not(unix))]
fn is_same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Puts right what a killed build left: a lone previous copy (the kill fell between
/// the two renames of the fallback swap) goes back into place, and a previous copy
/// beside the output folder goes. (A staging folder a killed build left is reused,
/// checked like a spare.)
fn recover(out: &Path, previous: &Path) -> Result<()> {
    if !out.exists() && previous.is_dir() {
        fs::rename(previous, out).with_context(|| {
            format!(
                "cannot restore the previous site from `{}`",
                previous.display()
            )
        })?;
    }
    if fs::symlink_metadata(previous).is_ok() {
        fs::remove_dir_all(previous)
            .with_context(|| format!("cannot remove the leftover `{}`", previous.display()))?;
    }
    Ok(())
}

/// The staging folder. Dropped without being swapped in, a new one is removed and a
/// spare goes back to being the spare.
struct Staging {
    path: PathBuf,
    /// Where it goes back to when it was the spare.
    spare: Option<PathBuf>,
}

impl Staging {
    /// The staging folder at `path`: what a killed build left there, else the spare
    /// at `spare`, each checked against the ledger at `ledger`; else a new folder.
    fn open(path: &Path, spare: &Path, ledger: &Path) -> Result<(Staging, Spare)> {
        let remove = |p: &Path| -> Result<()> {
            match fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => fs::remove_dir_all(p),
                Ok(_) => fs::remove_file(p),
                Err(_) => Ok(()),
            }
            .with_context(|| format!("cannot remove the leftover `{}`", p.display()))
        };
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
            remove(path)?;
        }
        if path.is_dir() {
            remove(spare)?;
        } else if fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir()) {
            fs::rename(spare, path)
                .with_context(|| format!("cannot move `{}` into place", spare.display()))?;
        } else {
            remove(spare)?;
            fs::create_dir(path).with_context(|| format!("cannot create `{}`", path.display()))?;
            let staging = Staging {
                path: path.to_path_buf(),
                spare: None,
            };
            return Ok((staging, Spare::default()));
        }
        match Spare::check(path, &spare::Ledger::read(ledger)) {
            Ok(checked) => {
                let staging = Staging {
                    path: path.to_path_buf(),
                    spare: Some(spare.to_path_buf()),
                };
                Ok((staging, checked))
            }
            // A spare that cannot be read or cleaned is only a slower build.
            Err(_) => {
                remove(path)?;
                Staging::open(path, spare, ledger)
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let kept = self
            .spare
            .as_ref()
            .is_some_and(|spare| fs::rename(&self.path, spare).is_ok());
        if !kept {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Flushes the staging folder's file system to disk, so the swap never publishes files
/// whose data is still only in memory.
#[cfg(target_os = "linux")]
fn sync(dir: &Path) -> Result<()> {
    let handle = fs::File::open(dir).with_context(|| format!("cannot open `{}`", dir.display()))?;
    rustix::fs::syncfs(&handle).with_context(|| format!("cannot sync `{}`", dir.display()))
}

#[cfg(not(target_os = "linux"))]
fn sync(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Makes the staged site the output folder: an atomic exchange where the OS has one,
/// else two renames with the old site kept as `previous` in between. The old site
/// becomes the spare.
fn swap(mut staged: Staging, output: &Output) -> Result<()> {
    let out = &output.out;
    if !out.exists() {
        staged.spare = None;
        fs::rename(&staged.path, out)
            .with_context(|| format!("cannot move the new site into `{}`", out.display()))?;
        std::mem::forget(staged);
        return Ok(());
    }
    // From here the staging name holds the old site, which goes to the spare's name
    // when `staged` drops.
    staged.spare = Some(output.spare.clone());
    if exchange(&staged.path, out).is_ok() {
        return Ok(());
    }
    let previous = &output.previous;
    fs::rename(out, previous)
        .with_context(|| format!("cannot move the old `{}` aside", out.display()))?;
    if let Err(e) = fs::rename(&staged.path, out) {
        let _ = fs::rename(previous, out);
        return Err(e)
            .with_context(|| format!("cannot move the new site into `{}`", out.display()));
    }
    fs::rename(previous, &staged.path)
        .with_context(|| format!("cannot keep the old site at `{}`", previous.display()))
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Writes `bytes` to `path` through `<path>.new` and a rename, so `path` always holds
/// a whole file (the records kept beside the output folder).
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    // These names are Waymark's: a folder someone left at one is in the way.
    for name in [path, temporary.as_path()] {
        if fs::symlink_metadata(name).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir_all(name);
        }
    }
    fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write `{}`", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| format!("cannot write `{}`", path.display()))
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
