//! Watching a site's sources: `site.yml`, `content/` and `theme/`, never the output.
//!
//! Events are debounced (40 ms of quiet, checked every 5 ms) by notify-debouncer-full, which also pairs the
//! rename halves of editors' atomic saves. Editor leftovers (`.swp`, `~`, `.#x`,
//! `*.tmp`, JetBrains' `___jb_tmp___`, vim's `4913` probe) are ignored. Native events
//! are used where the OS gives them; `--poll`, or a file system without them (network
//! drives, WSL's `/mnt/c`), falls back to polling every 500 ms, comparing contents.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::Duration;

use anyhow::{Context as _, Result};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a burst of events must be quiet before a rebuild starts: long enough for
/// an editor's save (temp file, rename, backup: their events come within a few
/// milliseconds of each other) to finish, short enough not to be felt. A save that
/// is seen in two halves costs a second rebuild, never a wrong one: each rebuild reads
/// the sources as they are then.
pub const DEBOUNCE: Duration = Duration::from_millis(40);
/// How often the debouncer looks for bursts that have gone quiet.
const TICK: Duration = Duration::from_millis(5);
/// How often the polling watcher looks.
pub const POLL_EVERY: Duration = Duration::from_millis(500);

/// The folders and file of a site that are sources.
const WATCHED: &[&str] = &["content", "theme"];

/// Starts watching `root`; each message is the list of source paths (relative to the
/// root) that changed in one debounced burst.
pub fn start(root: &Path, poll: bool) -> Result<Receiver<Vec<String>>> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot watch `{}`", root.display()))?;
    let (raw_tx, raw_rx) = channel::<DebounceEventResult>();
    let (tx, rx) = channel();
    let watcher = if poll {
        Sources::Poll(polling(raw_tx)?)
    } else {
        match native(raw_tx.clone(), &root) {
            Ok(w) => Sources::Native(w),
            Err(e) => {
                eprintln!(
                    "native file events are not available here ({e}); watching by polling every {} ms",
                    POLL_EVERY.as_millis()
                );
                Sources::Poll(polling(raw_tx)?)
            }
        }
    };
    let mut watcher = watcher;
    let mut watching = Vec::new();
    // Watches are in place before this returns, so no edit made after the server
    // announces itself can be missed.
    add_watches(&mut watcher, &root, &mut watching);
    std::thread::spawn(move || forward(watcher, root, watching, raw_rx, tx));
    Ok(rx)
}

/// The debouncer, over whichever watcher could be set up; kept by the forwarding
/// thread, which adds watches as `content/` or `theme/` appear.
enum Sources {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Sources {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Sources::Native(d) => d.watch(path, mode),
            Sources::Poll(d) => d.watch(path, mode),
        }
    }
}

fn native(
    tx: Sender<DebounceEventResult>,
    root: &Path,
) -> notify::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let mut d = new_debouncer_opt(
        DEBOUNCE,
        Some(TICK),
        tx,
        RecommendedCache::new(),
        notify::Config::default(),
    )?;
    // Fails here, not later, where the file system gives no events.
    d.watch(root, RecursiveMode::NonRecursive)?;
    Ok(d)
}

fn polling(tx: Sender<DebounceEventResult>) -> Result<Debouncer<PollWatcher, RecommendedCache>> {
    new_debouncer_opt(
        DEBOUNCE,
        Some(TICK),
        tx,
        RecommendedCache::new(),
        notify::Config::default()
            .with_poll_interval(POLL_EVERY)
            .with_compare_contents(true),
    )
    .context("cannot start the polling watcher")
}

/// Watches the root (for `site.yml` and new source folders) and every source folder
/// that exists and is not watched yet.
fn add_watches(sources: &mut Sources, root: &Path, watching: &mut Vec<&'static str>) {
    if watching.is_empty() {
        let _ = sources.watch(root, RecursiveMode::NonRecursive);
    }
    for folder in WATCHED {
        if !watching.contains(folder) && root.join(folder).is_dir() {
            if let Err(e) = sources.watch(&root.join(folder), RecursiveMode::Recursive) {
                eprintln!("cannot watch `{folder}/`: {e}");
            } else {
                watching.push(folder);
            }
        }
    }
}

fn forward(
    mut sources: Sources,
    root: PathBuf,
    mut watching: Vec<&'static str>,
    raw: Receiver<DebounceEventResult>,
    tx: Sender<Vec<String>>,
) {
    for result in raw {
        let Ok(events) = result else { continue };
        let mut changed: Vec<String> = events
            .iter()
            .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| relevant(&root, p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        add_watches(&mut sources, &root, &mut watching);
        if tx.send(changed).is_err() {
            return;
        }
    }
}

/// The path relative to the site root, if a change there can change the site.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    let top = rel.split('/').next()?;
    if rel != "site.yml" && !WATCHED.contains(&top) {
        return None;
    }
    let name = rel.rsplit('/').next()?;
    let editor_leftover = name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name == "4913";
    (!editor_leftover).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_editor_files_do_not() {
        let root = Path::new("/site");
        let r = |p: &str| relevant(root, &root.join(p));
        assert_eq!(r("content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(r("site.yml").as_deref(), Some("site.yml"));
        assert_eq!(
            r("theme/templates/page.html").as_deref(),
            Some("theme/templates/page.html")
        );
        for ignored in [
            "public/index.html",
            "content/.a.md.swp",
            "content/a.md~",
            "content/.#a.md",
            "content/a.md.tmp",
            "content/a.md___jb_tmp___",
            "content/4913",
            "notes.txt",
        ] {
            assert_eq!(r(ignored), None, "{ignored}");
        }
    }
}
