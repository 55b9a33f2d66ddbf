//! Data safety of the output folder: builds killed at every stage, killed between the
//! two renames of the fallback swap, and run two at a time always leave the complete
//! old site or the complete new one, and the next build cleans up after them.
//!
//! Named `atomic` so that the harness, which starts tests in name order, starts the long
//! kill test first, beside the browser tests, rather than last and alone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{snapshot, TestSite};

/// A generated site, with two versions of one page so every build changes the output.
struct Corpus {
    site: TestSite,
    out: PathBuf,
}

impl Corpus {
    fn new(pages: usize) -> Corpus {
        let site = TestSite::empty();
        waymark_corpus::generate(site.root(), pages, 7).expect("write the corpus");
        let out = site.root().join("public");
        Corpus { site, out }
    }

    /// Switches the home page between two versions.
    fn version(&self, v: usize) {
        let home = self.site.root().join("content/index.md");
        let text = fs::read_to_string(&home).unwrap();
        let base = text.split("\n<!-- version").next().unwrap().to_string();
        fs::write(&home, format!("{base}\n<!-- version -->\n版本 {v}。\n")).unwrap();
    }

    fn build(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_waymark"));
        cmd.args(["build", "--root"])
            .arg(self.site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    fn build_ok(&self) {
        let out = self.build().output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The complete output of version `v`, built into a folder of its own.
    fn expected(&self, v: usize) -> BTreeMap<String, Vec<u8>> {
        self.version(v);
        let reference = self.site.root().join(format!("reference-{v}"));
        let out = self.build().arg("--out").arg(&reference).output().unwrap();
        assert!(out.status.success());
        let files = snapshot(&reference);
        fs::remove_dir_all(&reference).unwrap();
        files
    }

    /// Names beside the output folder other than the output, its lock, and the site
    /// before last kept for the next build with its ledger and the records of pages and
    /// of analysed search text.
    fn stray(&self) -> Vec<String> {
        let kept = [
            ".public.waymark-lock",
            ".public.waymark-spare",
            ".public.waymark-ledger",
            ".public.waymark-pages",
            ".public.waymark-pages.search",
        ];
        fs::read_dir(self.site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.") && !kept.contains(&n.as_str()))
            .collect()
    }
}

fn assert_complete(public: &Path, versions: &[&BTreeMap<String, Vec<u8>>], when: &str) {
    let now = snapshot(public);
    assert!(
        versions.iter().any(|v| **v == now),
        "{when}: the output is neither complete site ({} files, {} and {} expected)",
        now.len(),
        versions[0].len(),
        versions[1].len()
    );
}

/// A small deterministic generator, so the timed kill moments are spread but
/// reproducible.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

/// A moment in a build to kill it at. Most are told from outside by what the build
/// has written so far, so each stage of writing the output is hit on purpose rather
/// than by luck: a random moment mostly falls while pages are rendered, and rarely in
/// the few milliseconds of the sync, the swap and the removal of the old site.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// Right after the process is started, before it has done anything.
    AtOnce,
    /// A fixed delay after the start.
    After(Duration),
    /// Once this build's staging folder exists: the lock is taken and what an earlier
    /// kill left is put right.
    Staging,
    /// Once this build's staging folder holds this many files.
    Staged(usize),
    /// Once the output marker is in this build's staging folder: every file is written
    /// and the folder is being synced and swapped in.
    Marked,
    /// Once the output folder is a new one: the swap is done and the old site, now
    /// under the staging name, is being removed.
    Swapped,
}

/// What identifies one folder over time: a removed folder's inode number can be
/// reused by the next one, its creation time (where the file system keeps it) is not.
fn identity(path: &Path) -> Option<(u64, Option<std::time::SystemTime>)> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = fs::symlink_metadata(path).ok()?;
    Some((meta.ino(), meta.created().ok()))
}

impl Corpus {
    /// Starts a build and kills it at `moment` (or lets it end, if it ends first).
    /// Returns whether `moment` was seen before the build ended.
    fn kill_at(&self, moment: Moment) -> bool {
        let staging = self.site.root().join(".public.waymark-staging");
        // A staging folder an earlier kill left is not this build's.
        let leftover = identity(&staging);
        let out_before = identity(&self.out);
        let mut child = self.build().spawn().unwrap();
        let started = Instant::now();
        let reached = || -> bool {
            let ours = || identity(&staging).filter(|id| Some(*id) != leftover);
            match moment {
                Moment::AtOnce => true,
                Moment::After(delay) => started.elapsed() >= delay,
                Moment::Staging => ours().is_some(),
                Moment::Staged(files) => {
                    ours().is_some()
                        && walkdir::WalkDir::new(&staging)
                            .into_iter()
                            .filter_map(Result::ok)
                            .filter(|e| e.file_type().is_file())
                            .count()
                            >= files
                }
                Moment::Marked => ours().is_some() && staging.join(".waymark").exists(),
                Moment::Swapped => identity(&self.out).is_some_and(|id| Some(id) != out_before),
            }
        };
        let seen = loop {
            if reached() {
                break true;
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let _ = child.kill();
        let _ = child.wait();
        seen
    }
}

/// Builds killed at every stage of writing the output (at once, once the staging
/// folder exists, a third and two thirds of the way through writing it, while it is
/// synced, while the old site is removed after the swap), each twice, and at timed
/// moments spread over a whole build, always leave the complete old or new site, and
/// the next build puts right whatever the kill left.
#[test]
fn kills_at_every_stage_of_a_build_leave_a_complete_site() {
    // 250 pages, as before: a build long enough (the check below) for the timed
    // moments to fall in different stages, with hundreds of files to write and to
    // remove. With the stages hit on purpose, the thirty random kills this test had
    // (over a minute, most of them halfway through rendering) are twenty.
    let corpus = Corpus::new(250);
    let new = corpus.expected(1);
    // The old site is the first build into the output folder itself (one build fewer
    // than building it aside as well; the bytes are the same).
    corpus.version(0);
    let started = Instant::now();
    corpus.build_ok();
    let took = started.elapsed();
    let old = snapshot(&corpus.out);
    assert!(
        took > Duration::from_millis(200),
        "the build should take a while; it took {took:?}"
    );
    let files = old.len();
    let mut moments = Vec::new();
    for moment in [
        Moment::AtOnce,
        Moment::Staging,
        Moment::Staged(1),
        Moment::Staged(files / 3),
        Moment::Staged(files * 2 / 3),
        Moment::Marked,
        Moment::Swapped,
    ] {
        // Twice each: once from the old site to the new and once back.
        moments.extend([moment, moment]);
    }
    // And moments spread over the whole build and a little past it, one in each
    // sixth, by chance within it.
    let mut seed = 0x5eed;
    let span = took.as_millis() as u64 * 11 / 10;
    for sixth in 0..6 {
        let ms = (sixth * span + next(&mut seed) % span) / 6;
        moments.push(Moment::After(Duration::from_millis(ms)));
    }
    let mut unseen = Vec::new();
    for (round, moment) in moments.into_iter().enumerate() {
        corpus.version(round % 2);
        if !corpus.kill_at(moment) {
            unseen.push(moment);
        }
        assert_complete(
            &corpus.out,
            &[&old, &new],
            &format!("after a kill at {moment:?} (round {round})"),
        );
    }
    // The writing of the staging folder lasts most of a build, so it is seen; if it
    // never is, this test no longer knows where a build writes.
    assert!(
        unseen
            .iter()
            .filter(|m| matches!(m, Moment::Staged(1)))
            .count()
            < 2,
        "the staging folder was never seen being written: {unseen:?}"
    );
    corpus.version(1);
    corpus.build_ok();
    assert_eq!(snapshot(&corpus.out), new);
    assert!(corpus.stray().is_empty(), "left: {:?}", corpus.stray());
}

#[test]
fn a_kill_between_the_two_renames_is_undone_by_the_next_build() {
    let corpus = Corpus::new(20);
    let new = corpus.expected(1);
    corpus.version(0);
    corpus.build_ok();
    let old = snapshot(&corpus.out);
    // The fallback swap moves the old site aside, then the new one in; a kill between
    // the two leaves only the old site, under its "previous" name.
    let previous = corpus.site.root().join(".public.waymark-previous");
    fs::rename(&corpus.out, &previous).unwrap();
    // Even a build that fails puts the old site back first, and leaves it alone.
    corpus.site.write("content/broken.md", "no front matter\n");
    let out = corpus.build().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&corpus.out), old, "the old site is back, whole");
    assert!(corpus.stray().is_empty(), "left: {:?}", corpus.stray());
    // The same state again, and a build that succeeds: the new site, nothing stray.
    fs::remove_file(corpus.site.root().join("content/broken.md")).unwrap();
    fs::rename(&corpus.out, &previous).unwrap();
    corpus.version(1);
    corpus.build_ok();
    assert_eq!(snapshot(&corpus.out), new);
    assert!(corpus.stray().is_empty(), "left: {:?}", corpus.stray());
}

#[test]
fn two_builds_into_one_folder_both_end_well() {
    // Forty pages are enough: the second build waits for the first as long as the first
    // holds the lock, which it takes at its start and keeps to its end (a few hundred
    // milliseconds here). More pages only made both builds longer (it had 120).
    let corpus = Corpus::new(40);
    let new = corpus.expected(1);
    corpus.version(1);
    let first = corpus.build().spawn().unwrap();
    let second = corpus.build().spawn().unwrap();
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(snapshot(&corpus.out), new);
    assert!(corpus.stray().is_empty(), "left: {:?}", corpus.stray());
}

#[test]
fn a_dangling_symlink_as_output_is_refused_without_leftovers() {
    let site = TestSite::minimal();
    std::os::unix::fs::symlink(site.root().join("nowhere"), site.root().join("public")).unwrap();
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("points to nothing"), "{stderr}");
    let names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("staging")),
        "left: {names:?}"
    );
}
