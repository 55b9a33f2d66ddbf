//! The corpus of broken sites under `tests/broken/`: one folder per failure mode, each
//! with an `expected.txt` holding everything the build must print on stderr: every
//! error with its `--> file:line:col`, the quoted line, the help, and the closing
//! summary. Every site must fail with exit code 1, say exactly that, and leave a
//! previous `public/` byte for byte as it was. `WAYMARK_BLESS=1` writes what the build
//! printed into `expected.txt` instead, for a person to read over before committing.

use std::fs;
use std::path::Path;

use crate::common::{snapshot, TestSite};

/// Copies a broken site next to a sentinel `public/` and builds it with the binary.
fn check(name: &str, dir: &Path) -> Result<(), String> {
    let site = TestSite::empty();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(dir).unwrap();
        if rel == Path::new("expected.txt") {
            continue;
        }
        let target = site.root().join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    site.write("public/.waymark", "sentinel\n");
    site.write("public/index.html", "<p>the previous site</p>\n");
    let before = snapshot(&site.root().join("public"));
    let out = site.cli(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if std::env::var("WAYMARK_BLESS").as_deref() == Ok("1") {
        fs::write(dir.join("expected.txt"), stderr.as_bytes()).map_err(|e| e.to_string())?;
    }
    let expected = fs::read_to_string(dir.join("expected.txt")).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    if stderr != expected {
        problems.push(format!("expected\n{expected}\ngot\n{stderr}"));
    }
    if out.status.code() != Some(1) {
        problems.push(format!("exit code {:?}, not 1", out.status.code()));
    }
    if snapshot(&site.root().join("public")) != before {
        problems.push("the previous public/ was changed".to_string());
    }
    let stray: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("waymark-staging") || n.contains("waymark-previous"))
        .collect();
    if !stray.is_empty() {
        problems.push(format!("left behind: {stray:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("; ")))
    }
}

#[test]
fn every_broken_site_fails_with_its_exact_error_and_keeps_public() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "the corpus has {} sites", dirs.len());
    // Two at a time: each is a process of its own, and most of the time is its start.
    let (even, odd): (Vec<_>, Vec<_>) = dirs.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let run = |half: Vec<(usize, &std::path::PathBuf)>| -> Vec<(usize, String)> {
        half.into_iter()
            .filter_map(|(i, d)| {
                check(&d.file_name().unwrap().to_string_lossy(), d)
                    .err()
                    .map(|e| (i, e))
            })
            .collect()
    };
    let mut failures: Vec<(usize, String)> = std::thread::scope(|scope| {
        let other = scope.spawn(|| run(odd));
        let mut failures = run(even);
        failures.extend(other.join().expect("the other half panicked"));
        failures
    });
    failures.sort();
    let failures: Vec<String> = failures.into_iter().map(|(_, e)| e).collect();
    assert!(
        failures.is_empty(),
        "{} of {} broken sites misbehaved:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
