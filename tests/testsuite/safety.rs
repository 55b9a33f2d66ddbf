//! Data safety of the output folder: builds killed at any moment, killed between the
//! two renames of the fallback swap, and run two at a time always leave the complete
//! old site or the complete new one, and the next build cleans up after them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{snapshot, TestSite};

/// A generated site big enough that a build takes about a second, with two versions
/// of one page so every build changes the output.
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

    /// Names beside the output folder other than the output and its lock.
    fn stray(&self) -> Vec<String> {
        fs::read_dir(self.site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.") && n != ".public.waymark-lock")
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

/// A small deterministic generator, so the kill moments are spread but reproducible.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn thirty_kills_at_random_moments_leave_a_complete_site() {
    let corpus = Corpus::new(250);
    let new = corpus.expected(1);
    // The old site is the first build into the output folder itself (one build fewer
    // than building it aside as well; the bytes are the same).
    corpus.version(0);
    let started = Instant::now();
    corpus.build_ok();
    let took = started.elapsed().as_millis() as u64;
    let old = snapshot(&corpus.out);
    assert!(
        took > 200,
        "the build should take a while; it took {took} ms"
    );
    let mut seed = 0x5eed;
    for round in 0..30 {
        corpus.version(round % 2);
        let mut child = corpus.build().spawn().unwrap();
        let delay = next(&mut seed) % (took * 11 / 10);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert_complete(
            &corpus.out,
            &[&old, &new],
            &format!("after a kill at {delay} ms"),
        );
    }
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
    let corpus = Corpus::new(120);
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
