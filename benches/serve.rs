//! The author's loop: how long from saving a page to the reload signal open pages wait
//! for, with `waymark serve` (release build) on a copy of a site.
//!
//! `cargo bench --bench serve -- [--root DIR] [--edits N] [--title] [--page REL]`
//!
//! Copies the site (default: this repository's own) to a temporary folder, starts
//! `waymark serve --port 0` on it, and N times (default 20) appends one paragraph to a
//! page (with `--title`, changes its title instead: a front-matter edit, which needs a
//! full build) and times the write until `/__waymark/wait` answers with the next build.
//! `--page` names the page under `content/` (default: the second in path order).
//! Prints the median and the spread. The time includes the watcher's debounce (see
//! `src/serve/watch.rs`), which lets an editor's burst of writes finish first.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let source =
        value("--root").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let edits: usize = value("--edits").and_then(|n| n.parse().ok()).unwrap_or(20);
    let title = args.iter().any(|a| a == "--title");
    let status = Command::new("cargo")
        .args(["build", "--release", "--bin", "waymark"])
        .status()
        .expect("cargo build");
    assert!(status.success());
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/waymark");
    let site = tempfile::tempdir().expect("temp dir");
    copy(&source.join("site.yml"), &site.path().join("site.yml"));
    for folder in ["content", "theme"] {
        if source.join(folder).is_dir()
            && !(folder == "theme" && source == Path::new(env!("CARGO_MANIFEST_DIR")))
        {
            copy_dir(&source.join(folder), &site.path().join(folder));
        }
    }
    let page = match value("--page") {
        Some(rel) => site.path().join("content").join(rel),
        None => find_page(&site.path().join("content")),
    };
    let mut child = Command::new(&binary)
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("the URL");
    let mut build = state(port, None);
    let mut times = Vec::new();
    for i in 0..edits {
        let mut text = std::fs::read_to_string(&page).unwrap();
        if title {
            text = text.replacen("title: ", &format!("title: 第 {i} 次改 "), 1);
        } else {
            text.push_str(&format!("\n第 {i} 次编辑加上的一段话。\n"));
        }
        let started = Instant::now();
        std::fs::write(&page, text).unwrap();
        let next = state(port, Some(build));
        times.push(started.elapsed());
        assert_ne!(next, build, "no rebuild after edit {i}");
        build = next;
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} edit to reload signal over {edits} edits of {}: median {:.0} ms, min {:.0} ms, max {:.0} ms",
        if title { "title" } else { "body" },
        page.strip_prefix(site.path()).unwrap().display(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

/// The build number the server reports, waiting for the one after `known` if given.
fn state(port: u16, known: Option<u64>) -> u64 {
    let path = match known {
        Some(n) => format!("/__waymark/wait?build={n}"),
        None => "/__waymark/wait?now=1".to_string(),
    };
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let body = raw.split("\r\n\r\n").nth(1).unwrap();
    let start = body.find("\"build\":").unwrap() + 8;
    body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

fn find_page(dir: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.into_iter().nth(1).expect("a page")
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
