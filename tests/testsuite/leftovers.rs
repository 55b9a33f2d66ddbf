//! A build refused before it would write leaves the disk exactly as it was: no output
//! folder, no lock, no staging folder, no parent folders of `--out`. Each test lists
//! the whole tree of the temporary folder that holds the site and the output's parent
//! (every file, folder and link, with each file's bytes) before and after the failed
//! command, and asserts the two are identical.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Every entry under `dir`: `dir/`, `file` (with its bytes) or `link -> target`.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string();
            let kind = entry.file_type();
            let what = if kind.is_symlink() {
                format!("link -> {}", fs::read_link(entry.path()).unwrap().display())
            } else if kind.is_dir() {
                "folder".to_string()
            } else {
                format!("file {:?}", fs::read(entry.path()).unwrap())
            };
            (rel, what)
        })
        .collect()
}

/// A temporary folder holding `site/`, a small valid site, and room for outputs.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let place = Place {
            dir: tempfile::tempdir().unwrap(),
        };
        place.write("site/site.yml", "title: 最小站点\n");
        place.write("site/content/index.md", "---\ntitle: 首页\n---\n你好。\n");
        place
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs `waymark args…` in `cwd` (relative to the place), killed if it takes over
    /// 20 s (a `serve` that starts instead of failing).
    fn run(&self, cwd: &str, args: &[&str]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(args)
            .current_dir(self.path(cwd))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let id = child.id();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("`waymark {}` (pid {id}) did not stop", args.join(" "));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must fail with exit code 1, saying `says`, and leave the
    /// whole tree as it was.
    fn refused(&self, cwd: &str, args: &[&str], says: &str) {
        let before = tree(self.dir.path());
        let out = self.run(cwd, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let command = format!("waymark {}", args.join(" "));
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        assert!(stderr.contains(says), "{command}: {stderr}");
        assert_eq!(
            tree(self.dir.path()),
            before,
            "{command} changed the disk: {stderr}"
        );
    }
}

#[test]
fn a_root_that_does_not_exist_is_not_created() {
    let place = Place::new();
    let nosuch = place.path("nosuch");
    let nosuch = nosuch.to_str().unwrap();
    let says = "nosuch` does not exist";
    place.refused("", &["build", "--root", nosuch], says);
    place.refused("", &["build", "--root", "nosuch"], says);
    place.refused(
        "",
        &["build", "--root", "nosuch", "--out", "out/deep"],
        says,
    );
    place.refused("", &["check", "--root", "nosuch"], says);
    place.refused("", &["serve", "--root", "nosuch", "--port", "0"], says);
}

#[test]
fn a_root_that_is_a_file_is_refused_untouched() {
    let place = Place::new();
    place.write("file", "not a site\n");
    let says = "is a file, not a site folder";
    place.refused("", &["build", "--root", "file"], says);
    place.refused("", &["check", "--root", "file"], says);
    place.refused("", &["serve", "--root", "file", "--port", "0"], says);
}

#[test]
fn outside_a_site_nothing_is_written_and_init_is_suggested() {
    let place = Place::new();
    fs::create_dir(place.path("empty")).unwrap();
    let says = "there is no `site.yml` in `";
    for args in [
        &["build"][..],
        &["build", "--out", "../out/deep"],
        &["check"],
        &["serve", "--port", "0"],
    ] {
        place.refused("empty", args, says);
        let stderr = String::from_utf8_lossy(&place.run("empty", args).stderr).into_owned();
        assert!(
            stderr.contains("empty`, so it is not a Waymark site")
                && stderr.contains("run `waymark init` to create a site here"),
            "{stderr}"
        );
    }
    // `new` and `theme` write into a site, so outside one they say what they need,
    // once (not `error: error:`), and write nothing.
    for command in ["new", "theme"] {
        let args: &[&str] = if command == "new" {
            &["new", "page", "x"]
        } else {
            &["theme"]
        };
        place.refused("empty", args, "there is no `site.yml` in `.`");
        let stderr = String::from_utf8_lossy(&place.run("empty", args).stderr).into_owned();
        assert!(stderr.starts_with("error: there is no"), "{stderr}");
        assert!(!stderr.contains("error: error"), "{stderr}");
    }
    // The place itself holds `site/` but is no site either.
    place.refused("", &["build"], "run `waymark init` to create a site here");
    place.refused("", &["build", "--root", "empty"], "`waymark init empty`");
}

#[test]
fn a_refused_output_folder_leaves_no_lock_or_folder() {
    let place = Place::new();
    place.write("site/theme/static/waymark.css", "body { color: red }\n");
    place.write("file", "a file\n");
    place.write("theirs/notes.txt", "someone's notes\n");
    std::os::unix::fs::symlink(place.path("nowhere"), place.path("dangling")).unwrap();
    let cases: &[(&str, &str)] = &[
        ("site", "it is, or contains"),
        ("site/content", "it is, or contains"),
        ("site/theme", "it is, or contains"),
        ("site/content/deep/out", "whose files are sources"),
        ("site/theme/out", "whose files are sources"),
        (".", "it is, or contains"),
        ("file", "is a file, not a folder"),
        ("dangling", "points to nothing"),
        ("theirs", "was not written by Waymark"),
    ];
    for (out, says) in cases {
        let out = place.path(out);
        place.refused(
            "",
            &["build", "--root", "site", "--out", out.to_str().unwrap()],
            says,
        );
    }
    // The default output folder, refused for the same reasons.
    fs::remove_file(place.path("dangling")).unwrap();
    std::os::unix::fs::symlink(place.path("nowhere"), place.path("site/public")).unwrap();
    place.refused("site", &["build"], "points to nothing");
    fs::remove_file(place.path("site/public")).unwrap();
    place.write("site/public", "a file\n");
    place.refused("site", &["build"], "is a file, not a folder");
}

#[test]
fn broken_settings_create_no_output_parents_or_lock() {
    let place = Place::new();
    place.write("site/site.yml", "title: [\n");
    place.refused(
        "",
        &["build", "--root", "site", "--out", "out/deep"],
        "this `[` is never closed",
    );
    place.refused(
        "site",
        &["build"],
        "nothing was written; `./public` is unchanged",
    );
    fs::remove_file(place.path("site/site.yml")).unwrap();
    // `content/` without `site.yml`: a site missing its settings, told what to write.
    place.refused(
        "",
        &["build", "--root", "site", "--out", "out/deep"],
        "create `site.yml` in the site folder",
    );
}

#[test]
fn broken_settings_still_put_back_a_site_a_killed_build_left_aside() {
    let place = Place::new();
    let out = place.run("site", &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = tree(&place.path("site/public"));
    // A kill between the two renames of the fallback swap leaves the old site aside.
    fs::rename(
        place.path("site/public"),
        place.path("site/.public.waymark-previous"),
    )
    .unwrap();
    place.write("site/site.yml", "title: [\n");
    let out = place.run("site", &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        tree(&place.path("site/public")),
        built,
        "the old site is back"
    );
    assert!(!place.path("site/.public.waymark-previous").exists());
}

#[test]
fn a_build_leaves_no_lock_behind_whether_it_fails_or_succeeds() {
    let place = Place::new();
    // A content error is found after the lock is taken: the lock goes with the build.
    place.write("site/content/bad.md", "---\ntitle: x\nbogus: 1\n---\n");
    place.refused("site", &["build"], "unknown key `bogus`");
    fs::remove_file(place.path("site/content/bad.md")).unwrap();
    let out = place.run("site", &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let beside: Vec<String> = fs::read_dir(place.path("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    // The ledger of what `public/` holds and the record of its pages stay, for the
    // next build to redo only what changed; no lock.
    assert_eq!(
        beside,
        [
            ".public.waymark-ledger",
            ".public.waymark-pages",
            ".public.waymark-pages.search",
            "content",
            "public",
            "site.yml"
        ]
    );
    // Builds that take turns on one output still all finish, each removing the lock
    // only while it holds it.
    let runs: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_waymark"))
                .args(["build", "-q"])
                .current_dir(place.path("site"))
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(!place.path("site/.public.waymark-lock").exists());
    assert!(place.path("site/public/index.html").is_file());
}
