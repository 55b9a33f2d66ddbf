//! `waymark serve` as an author meets it: the real binary on `--port 0`, spoken to
//! over HTTP. Every wait here is for an event the server announces (a long-poll
//! answer, a line on stderr), never a fixed sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::TestSite;

/// A running `waymark serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(site: &TestSite, extra: &[&str]) -> Server {
        let port: &[&str] = if extra.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .arg("serve")
            .args(port)
            .args(extra)
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start waymark serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_string();
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        Server {
            child,
            url,
            port,
            stderr,
        }
    }

    /// Sends `GET path` exactly as written (no client-side normalising of `..`).
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut body = raw[end + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = unchunk(&body);
        }
        (status, body)
    }

    pub fn text(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        String::from_utf8(body).unwrap()
    }

    /// The server's build state: (build number, errors).
    pub fn state(&self, wait_after: Option<u64>) -> (u64, Option<String>) {
        let path = match wait_after {
            Some(n) => format!("/__waymark/wait?build={n}"),
            None => "/__waymark/wait?now=1".to_string(),
        };
        let v: serde_json::Value = serde_json::from_str(&self.text(&path)).unwrap();
        (
            v["build"].as_u64().unwrap(),
            v["errors"].as_str().map(str::to_string),
        )
    }

    /// Waits for the build after `known` to finish, as a page's script does.
    pub fn next_build(&self, known: u64) -> (u64, Option<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (n, errors) = self.state(Some(known));
            if n != known || Instant::now() > deadline {
                return (n, errors);
            }
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server has printed `text` (read by another thread, so it may
    /// arrive a moment after the build signal).
    pub fn wait_stderr(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.stderr().contains(text) {
            assert!(
                Instant::now() < deadline,
                "the server never printed {text:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().trim(), 16)
                .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[line_end + 2..line_end + 2 + size]);
        body = &body[line_end + 2 + size + 2..];
    }
}

/// The served page without the one script tag serve adds.
fn without_live_script(html: &str) -> String {
    let start = html
        .find("<script src=\"/__waymark/live.js?build=")
        .expect("the live script");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn serves_exactly_what_build_writes_plus_one_script() {
    let site = TestSite::fixture("guide");
    // What `build` writes less its offline reading files, which `serve` leaves out.
    let built = site.build_as_serve().unwrap();
    let full = site.build_with(false, true).unwrap();
    let offline: Vec<&String> = full
        .files
        .keys()
        .filter(|p| !built.files.contains_key(*p))
        .collect();
    assert_eq!(
        offline,
        [
            "assets/icon-192.png",
            "assets/icon-512.png",
            "assets/icon-maskable-512.png",
            "assets/waymark-offline-list.js",
            "assets/waymark-offline-save.js",
            "assets/waymark-offline.js",
            "manifest.webmanifest",
            "offline.html",
            "waymark-manifest.json",
            "waymark-sw.js"
        ]
    );
    let server = Server::start(&site, &[]);
    for (path, bytes) in &built.files {
        let encoded: Vec<String> = path
            .split('/')
            .map(waymark::paths::encode_segment)
            .collect();
        let (status, body) = server.get(&format!("/{}", encoded.join("/")));
        assert_eq!(status, 200, "{path}");
        if path.ends_with(".html") {
            let html = String::from_utf8(body).unwrap();
            assert_eq!(html.matches("/__waymark/").count(), 1, "{path}: one script");
            assert_eq!(
                without_live_script(&html).as_bytes(),
                bytes.as_slice(),
                "{path}"
            );
        } else {
            assert_eq!(&body, bytes, "{path}");
        }
    }
    assert_eq!(server.text("/"), server.text("/index.html"));
}

#[test]
fn unknown_paths_get_the_sites_404_and_nothing_outside_is_read() {
    let site = TestSite::fixture("guide");
    let server = Server::start(&site, &[]);
    for path in [
        "/../site.yml",
        "/%2e%2e/site.yml",
        "/site.yml",
        "/content/a.md",
        "/nope.html",
        "/d/../../site.yml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("title: 测试指南"),
            "{path} leaked the settings"
        );
        assert!(body.contains("<html"), "{path}: the site's 404 page");
    }
}

/// A missing page under a language's folder gets that language's not-found page.
#[test]
fn a_missing_page_of_a_language_gets_its_own_404() {
    let site = TestSite::fixture("languages");
    let server = Server::start(&site, &[]);
    let (status, body) = server.get("/en/nope.html");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    let (status, body) = server.get("/nope.html");
    assert_eq!(status, 404);
    let body = String::from_utf8_lossy(&body).to_string();
    assert!(body.contains("找不到"));
    assert!(
        !body.contains("<base"),
        "at its own depth its links work as written"
    );
    // Deeper, its relative links would miss the styles and the home page: the page
    // names its folder.
    let (_, body) = server.get("/ways/deep/nope.html");
    assert!(String::from_utf8_lossy(&body).contains("<head><base href=\"/\">"));
    let (_, body) = server.get("/en/ways/nope.html");
    let body = String::from_utf8_lossy(&body).to_string();
    assert!(body.contains("<base href=\"/en/\">") && body.contains("Page not found"));
}

#[test]
fn edits_rebuild_errors_show_and_clear_pages_come_and_go() {
    let site = TestSite::fixture("guide");
    let server = Server::start(&site, &[]);
    let (build, errors) = server.state(None);
    assert!(errors.is_none());

    // An edit: the reload signal fires and the new text is served.
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &format!("{a}\n新加的一段话。\n"));
    let (build, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");
    assert!(server.text("/a.html").contains("新加的一段话"));

    // Broken front matter: the old page stays, the error reaches terminal and pages.
    site.write("content/a.md", "---\ntitle: [坏了\n---\n");
    let (build, errors) = server.next_build(build);
    let errors = errors.expect("the overlay payload");
    assert!(errors.contains("content/a.md:2"), "{errors}");
    assert!(
        server.text("/a.html").contains("新加的一段话"),
        "the last good page is served"
    );
    server.wait_stderr("content/a.md:2");

    // Fixed: the overlay clears.
    site.write("content/a.md", &a);
    let (build, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");

    // A page created, then deleted.
    site.write("content/new.md", "---\ntitle: 新页\n---\n新页面。\n");
    let (build, _) = server.next_build(build);
    assert!(server.text("/new.html").contains("新页面"));
    std::fs::remove_file(site.root().join("content/new.md")).unwrap();
    let (build, _) = server.next_build(build);
    assert_eq!(server.get("/new.html").0, 404);

    // An editor's atomic save: write a temporary file, rename it over the page.
    let tmp = site.root().join("content/.a.md.tmp");
    std::fs::write(&tmp, format!("{a}\n原子保存。\n")).unwrap();
    std::fs::rename(&tmp, site.root().join("content/a.md")).unwrap();
    let (_, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");
    assert!(server.text("/a.html").contains("原子保存"));
}

#[test]
fn polling_sees_edits_too() {
    let site = TestSite::minimal();
    let server = Server::start(&site, &["--poll"]);
    let (build, _) = server.state(None);
    site.write("content/index.md", "---\ntitle: 首页\n---\n轮询看到了。\n");
    let (_, errors) = server.next_build(build);
    assert!(errors.is_none());
    assert!(server.text("/").contains("轮询看到了"));
}

#[test]
fn a_taken_port_moves_to_the_next() {
    let site = TestSite::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start(&site, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(
        server.port > port && server.port < port + 10,
        "{}",
        server.url
    );
}

/// An edit of a page's body redoes that page alone, serves exactly what a full build
/// makes of it, and the search index catches up once the edits pause; a title change
/// rebuilds everything (the navigation shows the new title).
#[test]
fn a_body_edit_redoes_one_page_and_the_index_catches_up() {
    let site = TestSite::fixture("guide");
    let server = Server::start(&site, &[]);
    let (build, _) = server.state(None);

    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &format!("{a}\n独一无二的新句子。\n"));
    let (build, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");
    server.wait_stderr("content/a.md changed; redid it alone");
    let built = site.build_as_serve().unwrap();
    let served = server.text("/a.html");
    let expected =
        String::from_utf8(waymark::serve::inject(&built.files["a.html"], build)).unwrap();
    assert_eq!(
        served, expected,
        "the page redone alone is the page a build makes"
    );

    // The index is made again after the pause, without another reload.
    let search: Vec<(&String, &Vec<u8>)> = built
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    let stale = || {
        search
            .iter()
            .find(|(path, bytes)| &server.get(&format!("/{path}")).1 != *bytes)
            .map(|(path, _)| path.to_string())
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while let Some(path) = stale() {
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never caught up with the edit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        server.state(None).0,
        build,
        "catching up is not a new build"
    );

    // A title change is not redone alone: the whole site is rebuilt.
    site.write("content/a.md", &a.replacen("title:", "title: 改名", 1));
    server.next_build(build);
    server.wait_stderr("content/a.md changed; rebuilt");
    assert!(String::from_utf8_lossy(&server.get("/assets/nav.js").1).contains("改名"));
}

/// Started on a site that does not build, every page is the list of errors with the
/// reload script, so the browser shows what to fix and reloads once it is fixed; the
/// terminal never claims a last good site there is not, and names the file whose
/// change started each failed build.
#[test]
fn a_site_that_never_built_shows_its_errors_and_reloads_when_fixed() {
    let site = TestSite::minimal();
    let good = std::fs::read_to_string(site.root().join("content/index.md")).unwrap();
    site.write("content/index.md", "---\ntitle: \"首页\n---\n正文。\n");
    let server = Server::start(&site, &[]);
    let (build, errors) = server.state(None);
    assert!(errors.is_some(), "the first build fails");
    let (status, body) = server.get("/");
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("content/index.md:2:8"), "{body}");
    assert!(
        body.contains("/__waymark/live.js"),
        "the reload script: {body}"
    );
    assert_eq!(server.get("/any/page.html").0, 503);
    server.wait_stderr("open pages show the errors until they are fixed");
    assert!(!server.stderr().contains("still serving the last good site"));

    site.write("content/index.md", &good);
    let (build, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");
    assert_eq!(server.get("/").0, 200);

    site.write("content/index.md", "---\ntitle: [坏了\n---\n");
    let (_, errors) = server.next_build(build);
    assert!(errors.is_some());
    server.wait_stderr(
        "content/index.md changed; the build failed with 1 error; still serving the last good site",
    );
}

/// `serve` keeps its layout between edits: a body edit is redone alone with the
/// templates and navigation it has; a template change compiles the templates again and
/// a new page builds the navigation again, each without the other, and every result is
/// what a fresh build makes.
#[test]
fn serve_reuses_its_layout_until_the_theme_or_the_outline_changes() {
    use waymark::serve::session::{LayoutsMade, Session, Update};
    let site = TestSite::fixture("guide");
    let mut session = Session::new(waymark::BuildOptions {
        root: site.root().to_path_buf(),
        minify: true,
        serve: true,
        ..Default::default()
    });
    let made = |templates, navigations| LayoutsMade {
        templates,
        navigations,
    };
    let fresh = || site.build_as_serve().unwrap().files;
    let change = |session: &mut Session, path: &str| session.change(&[path.to_string()]);
    session.build().unwrap();
    assert_eq!(session.layouts_made(), made(1, 1));

    // A body edit: that page alone, with the layout it has.
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &format!("{a}\n正文改了一句。\n"));
    let Update::Pages(files) = change(&mut session, "content/a.md") else {
        panic!("a body edit is redone alone");
    };
    assert_eq!(files.keys().collect::<Vec<_>>(), ["a.html"]);
    assert_eq!(files["a.html"], fresh()["a.html"]);
    assert_eq!(session.layouts_made(), made(1, 1), "nothing made again");

    // A template changed: a full build compiles the templates again, and the
    // navigation is kept.
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/templates/page.html"),
    )
    .unwrap();
    let changed = page.replacen("<div class=\"prose\">", "<div class=\"prose changed\">", 1);
    assert_ne!(changed, page);
    site.write("theme/templates/page.html", &changed);
    let Update::Site(Ok(built)) = change(&mut session, "theme/templates/page.html") else {
        panic!("a template change builds the site");
    };
    assert!(text(&built, "a.html").contains("prose changed"));
    assert_eq!(owned(&built), fresh());
    assert_eq!(session.layouts_made(), made(2, 1));

    // The next body edit is laid out with the new templates.
    site.write("content/a.md", &format!("{a}\n又改了一句。\n"));
    let Update::Pages(files) = change(&mut session, "content/a.md") else {
        panic!("a body edit is redone alone");
    };
    assert_eq!(files["a.html"], fresh()["a.html"]);
    assert_eq!(session.layouts_made(), made(2, 1));

    // A new page: the navigation is built again, the templates are kept.
    site.write("content/new.md", "---\ntitle: 新来的页\n---\n新页面。\n");
    let Update::Site(Ok(built)) = change(&mut session, "content/new.md") else {
        panic!("a new page builds the site");
    };
    assert!(built.1.contains_key("new.html"));
    assert!(text(&built, "assets/nav.js").contains("新来的页"));
    assert_eq!(owned(&built), fresh());
    assert_eq!(session.layouts_made(), made(2, 2));
}

/// A fact changed in `site.yml` reaches every page that uses it; a page that starts
/// using a fact is not redone alone, since the facts page lists its uses.
#[test]
fn a_changed_fact_reaches_every_page_and_new_uses_reach_the_facts_page() {
    let site = TestSite::fixture("facts");
    let server = Server::start(&site, &[]);
    let (build, errors) = server.state(None);
    assert!(errors.is_none(), "{errors:?}");
    assert!(server
        .text("/channels/hotline.html")
        .contains("tel:9510211"));

    let yml = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    site.write("site.yml", &yml.replace("951 0211", "951 0299"));
    let (build, errors) = server.next_build(build);
    assert!(errors.is_none(), "{errors:?}");
    for page in [
        "/index.html",
        "/channels.html",
        "/channels/hotline.html",
        "/facts.html",
    ] {
        let html = server.text(page);
        assert!(
            html.contains("951 0299") && !html.contains("951 0211"),
            "{page}"
        );
    }

    // A body edit that adds a use: rebuilt whole, and the facts page lists the new use.
    let a = std::fs::read_to_string(site.root().join("content/channels.md")).unwrap();
    site.write(
        "content/channels.md",
        &a.replace(
            "说清楚订单和问题。",
            "说清楚订单和问题，写信到 {{ mailbox }}。",
        ),
    );
    server.next_build(build);
    server.wait_stderr("content/channels.md changed; rebuilt");
    let facts = server.text("/facts.html");
    let at = facts
        .find("fact-mailbox")
        .expect("the facts page lists `mailbox`");
    let mailbox = facts[at..].split("</section>").next().unwrap();
    assert!(
        mailbox.contains("channels/hotline.html#step-2"),
        "{mailbox}"
    );
}

/// `serve`'s full builds take over what its last build made from the same input, as
/// `waymark build` does from its spare folder: after each edit that needs a full build
/// (a title, an order, a new page, a deleted page, a settings change, a failed build
/// and its fix), every file is what a fresh build makes.
#[test]
fn full_builds_in_serve_take_over_what_the_last_one_made() {
    use waymark::serve::session::{Session, Update};
    let site = TestSite::empty();
    waymark_corpus::generate(site.root(), 120, 11).unwrap();
    let mut session = Session::new(waymark::BuildOptions {
        root: site.root().to_path_buf(),
        minify: true,
        serve: true,
        ..Default::default()
    });
    session.build().unwrap();
    let pages: Vec<std::path::PathBuf> = walkdir::WalkDir::new(site.root().join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("index.md"))
        .collect();
    let rel = |p: &std::path::Path| {
        p.strip_prefix(site.root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let edit = |p: &std::path::Path, f: &dyn Fn(String) -> String| {
        std::fs::write(p, f(std::fs::read_to_string(p).unwrap())).unwrap();
        rel(p)
    };
    let fresh = || site.build_as_serve().unwrap().files;
    let full = |session: &mut Session, changed: String| match session
        .change(std::slice::from_ref(&changed))
    {
        Update::Site(Ok(built)) => owned(&built),
        Update::Site(Err(e)) => panic!("{changed}: {:?}", e.messages(false)),
        Update::Pages(_) => panic!("{changed} was redone alone"),
    };
    let changed = edit(&pages[7], &|t| t.replacen("title: ", "title: 新标题 ", 1));
    assert!(full(&mut session, changed) == fresh(), "after a title edit");
    let changed = edit(&pages[30], &|t| {
        let lines: Vec<&str> = t
            .split('\n')
            .filter(|l| !l.starts_with("order: "))
            .collect();
        lines.join("\n").replacen("---\n", "---\norder: -5\n", 1)
    });
    assert!(
        full(&mut session, changed) == fresh(),
        "after an order edit"
    );
    site.write(
        "content/s000/zz-new.md",
        "---\ntitle: 新来的页\n---\n见 [第八页](p00007.md)。\n",
    );
    assert!(
        full(&mut session, "content/s000/zz-new.md".into()) == fresh(),
        "after a new page"
    );
    // (A page nothing links to: deleting a linked one is an error.)
    std::fs::remove_file(site.root().join("content/s000/zz-new.md")).unwrap();
    assert!(
        full(&mut session, "content/s000/zz-new.md".into()) == fresh(),
        "after a deletion"
    );
    let settings = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    site.write("site.yml", &settings.replacen("title: ", "title: 改名 ", 1));
    assert!(
        full(&mut session, "site.yml".into()) == fresh(),
        "after a settings edit"
    );
    // A build that fails keeps nothing of its own; the one after it is whole.
    let broken = edit(&pages[9], &|t| t.replacen("title: ", "title: [", 1));
    assert!(matches!(
        session.change(std::slice::from_ref(&broken)),
        Update::Site(Err(_))
    ));
    let fixed = edit(&pages[9], &|t| t.replacen("title: [", "title: 修好了 ", 1));
    assert!(full(&mut session, fixed) == fresh(), "after a fix");
}

/// The files of a build `serve` made, as owned bytes (as a build in memory gives them).
fn owned(
    built: &(waymark::Site, std::sync::Arc<waymark::output::SharedFiles>),
) -> std::collections::BTreeMap<String, Vec<u8>> {
    built
        .1
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

/// One text file of a build `serve` made.
fn text<'a>(
    built: &'a (waymark::Site, std::sync::Arc<waymark::output::SharedFiles>),
    path: &str,
) -> &'a str {
    std::str::from_utf8(&built.1[path]).unwrap()
}
