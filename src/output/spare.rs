//! The site before last, kept so the next build rewrites only what changed.
//!
//! After the swap the old site is not deleted: it waits beside the output folder as
//! `.<out>.waymark-spare` and becomes the next build's staging folder. A ledger beside
//! it, `.<out>.waymark-ledger`, lists each folder's files (the folder and each file
//! named by inode) with size, status-change time and content hash. The next build
//! trusts a file of the spare only while all of these still match, checking by its
//! bytes a file changed no earlier than two seconds before the ledger was written
//! (git's rule for "racily clean" entries: a coarse clock can give a later write the
//! same time). Every other file is deleted before anything is written, so a spare
//! that was edited, damaged or left half-written by a killed build only makes the
//! build slower, never wrong. Writing, the build skips each file whose bytes the
//! spare already holds (and, for generated files, the minifying too when their input
//! is the same); at the end it deletes what the new site does not have.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};

use super::sink::{content_hash, FileEntry};
use super::MARKER;

/// How recent a file may be, against the ledger's time, and still be trusted by its
/// size and time alone (the coarsest file-system clock is FAT's, two seconds).
const RACY: Duration = Duration::from_secs(2);

/// What the ledger knows of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// [`content_hash`] of its bytes.
    pub hash: String,
    /// The hash of what it was made from, for a generated file: the same input makes
    /// the same file, so it need not be made again.
    pub source: Option<String>,
    /// Bytes.
    pub size: u64,
    ino: u64,
    /// Status-change time (see [`stat`]), in nanoseconds since 1970.
    changed: i128,
}

/// Each folder's files, by the folder's inode (which a rename or an exchange keeps).
#[derive(Debug, Default)]
pub struct Ledger {
    folders: Vec<(u64, BTreeMap<String, Entry>)>,
    /// When it was written, in nanoseconds since 1970.
    written: i128,
}

const HEADER: &str = "waymark ledger 2";

impl Ledger {
    /// The ledger at `path`; an unreadable or malformed one is an empty ledger.
    pub fn read(path: &Path) -> Ledger {
        fs::read_to_string(path)
            .ok()
            .and_then(|text| Ledger::parse(&text))
            .unwrap_or_default()
    }

    fn parse(text: &str) -> Option<Ledger> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let written = lines.next()?.strip_prefix("written ")?.parse().ok()?;
        let mut ledger = Ledger {
            folders: Vec::new(),
            written,
        };
        for line in lines {
            if let Some(ino) = line.strip_prefix("folder ") {
                ledger.folders.push((ino.parse().ok()?, BTreeMap::new()));
                continue;
            }
            let mut fields = line.splitn(6, ' ');
            let mut next = || fields.next();
            let (ino, size, changed, hash, source, path) =
                (next()?, next()?, next()?, next()?, next()?, next()?);
            let entry = Entry {
                hash: hash.to_string(),
                source: (source != "-").then(|| source.to_string()),
                size: size.parse().ok()?,
                ino: ino.parse().ok()?,
                changed: changed.parse().ok()?,
            };
            ledger.folders.last_mut()?.1.insert(path.to_string(), entry);
        }
        Some(ledger)
    }

    fn folder(&self, ino: u64) -> Option<&BTreeMap<String, Entry>> {
        self.folders.iter().find(|(i, _)| *i == ino).map(|(_, f)| f)
    }

    /// Writes the ledger to `path` through a temporary file and a rename, so it is
    /// always one whole ledger (a torn one would only be ignored).
    fn write(&self, path: &Path) -> Result<()> {
        let mut text = format!("{HEADER}\nwritten {}\n", self.written);
        for (ino, files) in &self.folders {
            text.push_str(&format!("folder {ino}\n"));
            for (path, e) in files {
                // A name with a line break cannot be listed; its file is written anew
                // by every build.
                if path.contains(['\n', '\r']) {
                    continue;
                }
                let source = e.source.as_deref().unwrap_or("-");
                text.push_str(&format!(
                    "{} {} {} {} {source} {path}\n",
                    e.ino, e.size, e.changed, e.hash
                ));
            }
        }
        super::replace_file(path, text.as_bytes())
    }
}

/// The files of a staging folder that an earlier build wrote and that still hold what
/// it wrote, and the files this build has written or kept so far.
#[derive(Default)]
pub struct Spare {
    known: HashMap<String, Entry>,
    made: Mutex<BTreeMap<String, Entry>>,
    /// Folders seen in the spare, to remove those left empty.
    folders: Vec<PathBuf>,
    /// Files deleted from it.
    deleted: usize,
}

impl Spare {
    /// Checks the spare in `dir` against `ledger`: keeps what it may trust and
    /// deletes every other file in it.
    pub fn check(dir: &Path, ledger: &Ledger) -> Result<Spare> {
        let empty = BTreeMap::new();
        let listed = identity(dir)
            .and_then(|ino| ledger.folder(ino))
            .unwrap_or(&empty);
        let mut spare = Spare::default();
        for item in walkdir::WalkDir::new(dir).min_depth(1) {
            let item = item.with_context(|| format!("cannot read `{}`", dir.display()))?;
            if item.file_type().is_dir() {
                spare.folders.push(item.path().to_path_buf());
                continue;
            }
            let rel = item
                .path()
                .strip_prefix(dir)
                .ok()
                .and_then(Path::to_str)
                .map(|s| s.replace('\\', "/"));
            if rel.as_deref() == Some(MARKER) {
                continue;
            }
            let trusted = rel.as_ref().and_then(|rel| {
                let entry = listed.get(rel)?;
                let meta = item.metadata().ok()?;
                let same = item.file_type().is_file()
                    && stat(&meta) == Some((entry.ino, entry.size, entry.changed))
                    && (entry.changed + RACY.as_nanos() as i128 <= ledger.written
                        || fs::read(item.path()).is_ok_and(|b| content_hash(&b) == entry.hash));
                same.then(|| (rel.clone(), entry.clone()))
            });
            match trusted {
                Some((rel, entry)) => {
                    spare.known.insert(rel, entry);
                }
                None => {
                    fs::remove_file(item.path())
                        .with_context(|| format!("cannot remove `{}`", item.path().display()))?;
                    spare.deleted += 1;
                }
            }
        }
        Ok(spare)
    }

    /// How many files the spare holds that may be kept.
    pub fn known(&self) -> usize {
        self.known.len()
    }

    /// The file at `path` as it is, when an earlier build made it from the same
    /// input (`source`): it is kept as this build's.
    pub fn made_before(&self, path: &str, source: &str) -> Option<FileEntry> {
        let entry = self.known.get(path)?;
        if entry.source.as_deref() != Some(source) {
            return None;
        }
        self.keep(path, entry.clone());
        Some(FileEntry {
            path: path.to_string(),
            size: entry.size,
            hash: entry.hash.clone(),
        })
    }

    /// Whether the spare holds a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.known.contains_key(path)
    }

    /// Whether [`Spare::made_before`] would keep the file at `path`.
    pub fn holds_made(&self, path: &str, source: &str) -> bool {
        self.known
            .get(path)
            .is_some_and(|e| e.source.as_deref() == Some(source))
    }

    /// Whether the spare already holds exactly these bytes at `path`; if so they are
    /// kept as this build's (with `source`, what they were made from).
    pub fn holds(&self, path: &str, hash: &str, source: Option<&str>) -> bool {
        match self.known.get(path) {
            Some(entry) if entry.hash == hash => {
                let mut entry = entry.clone();
                entry.source = source.map(str::to_string);
                self.keep(path, entry);
                true
            }
            _ => false,
        }
    }

    fn keep(&self, path: &str, entry: Entry) {
        self.made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), entry);
    }

    /// Notes a file this build wrote at `target` (`path` in the site).
    pub fn wrote(&self, path: &str, target: &Path, hash: String, source: Option<&str>) {
        if let Some((ino, size, changed)) = fs::symlink_metadata(target).ok().and_then(|m| stat(&m))
        {
            let entry = Entry {
                hash,
                source: source.map(str::to_string),
                size,
                ino,
                changed,
            };
            self.keep(path, entry);
        }
    }

    /// Deletes from `dir` the files this build did not make and the folders left
    /// empty, then records what it holds in the ledger at `ledger_path`, beside the
    /// record of the output folder `out` (the next build's spare).
    pub fn finish(self, dir: &Path, out: &Path, ledger_path: &Path) -> Result<()> {
        let made = self.made.into_inner().unwrap_or_else(|p| p.into_inner());
        for path in self.known.keys().filter(|p| !made.contains_key(*p)) {
            let target = dir.join(path);
            match fs::remove_file(&target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot remove `{}`", target.display()))
                }
            }
        }
        let mut folders = self.folders;
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders {
            // Fails, as it should, for every folder that still has something in it.
            let _ = fs::remove_dir(&folder);
        }
        let previous = Ledger::read(ledger_path);
        let mut ledger = Ledger {
            folders: Vec::new(),
            written: now(),
        };
        if let Some(ino) = identity(out) {
            if let Some(files) = previous.folder(ino) {
                ledger.folders.push((ino, files.clone()));
            }
        }
        if let Some(ino) = identity(dir) {
            ledger.folders.push((ino, made));
        }
        // A ledger that cannot be written only makes the next build write more: every
        // entry of an older one is checked against its file.
        let _ = ledger.write(ledger_path);
        Ok(())
    }
}

/// A folder's or file's inode.
#[cfg(unix)]
fn identity(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    fs::symlink_metadata(path).ok().map(|m| m.ino())
}

/// Without inodes nothing is trusted: every build writes every file.
#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<u64> {
    None
}

/// A file's inode, size and status-change time (ctime: a write, a change of mode or
/// owner, a new hard link and setting the modification time back all move it, and
/// no one can set it by hand).
#[cfg(unix)]
fn stat(meta: &fs::Metadata) -> Option<(u64, u64, i128)> {
    use std::os::unix::fs::MetadataExt as _;
    let changed = meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128;
    Some((meta.ino(), meta.len(), changed))
}

#[cfg(not(unix))]
fn stat(_meta: &fs::Metadata) -> Option<(u64, u64, i128)> {
    None
}

fn now() -> i128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = BTreeMap::new();
        let entry = |source: Option<&str>| Entry {
            hash: "ab".into(),
            source: source.map(str::to_string),
            size: 3,
            ino: 9,
            changed: -5,
        };
        files.insert("a b/c d.html".to_string(), entry(Some("cd")));
        files.insert("x.css".to_string(), entry(None));
        files.insert("bad\nname".to_string(), entry(None));
        let ledger = Ledger {
            folders: vec![(7, files)],
            written: 42,
        };
        let path = dir.path().join("ledger");
        ledger.write(&path).unwrap();
        let back = Ledger::read(&path);
        assert_eq!(back.written, 42);
        let folder = back.folder(7).unwrap();
        assert_eq!(folder.len(), 2, "the name with a line break is left out");
        assert_eq!(folder["a b/c d.html"], entry(Some("cd")));
        assert_eq!(folder["x.css"], entry(None));
        fs::write(&path, "waymark ledger 2\nwritten x\n").unwrap();
        assert!(Ledger::read(&path).folders.is_empty());
    }

    #[test]
    fn a_spare_keeps_only_files_that_still_hold_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let spare_dir = dir.path().join("spare");
        let ledger_path = dir.path().join("ledger");
        fs::create_dir_all(spare_dir.join("sub")).unwrap();
        let spare = Spare::default();
        for (path, bytes) in [("a.html", "one"), ("sub/b.html", "two"), ("c.html", "3")] {
            let target = spare_dir.join(path);
            fs::write(&target, bytes).unwrap();
            spare.wrote(path, &target, content_hash(bytes.as_bytes()), Some("s"));
        }
        spare
            .finish(&spare_dir, &dir.path().join("none"), &ledger_path)
            .unwrap();
        // Edited by hand (same size), deleted, and a stranger added.
        fs::write(spare_dir.join("a.html"), "ONE").unwrap();
        fs::remove_file(spare_dir.join("c.html")).unwrap();
        fs::write(spare_dir.join("sub/stranger.html"), "x").unwrap();
        let spare = Spare::check(&spare_dir, &Ledger::read(&ledger_path)).unwrap();
        assert_eq!(spare.known(), 1);
        assert!(spare.holds("sub/b.html", &content_hash(b"two"), None));
        assert!(!spare.holds("a.html", &content_hash(b"one"), None));
        assert!(!spare_dir.join("a.html").exists());
        assert!(!spare_dir.join("sub/stranger.html").exists());
        assert!(spare.made_before("sub/b.html", "s").is_some());
        assert!(spare.made_before("sub/b.html", "t").is_none());
    }
}
