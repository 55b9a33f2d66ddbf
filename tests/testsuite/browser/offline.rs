//! Reading a hosted guide with no signal: the service worker over http, under a
//! sub-path, from the test server and from Debian's nginx. "No signal" is nothing
//! listening on the site's port: the test servers close every connection after its
//! answer, so once stopped the browser reaches nothing, as a phone in a basement.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::search::type_query;
use super::server::StaticServer;
use super::{chromium, file_url, Session};
use crate::common::TestSite;

/// Where the tests host the guide below the server's root.
const SUB_PATH: &str = "guides/tmall/";

/// The titles of the site's reading pages, from their `<title>`, by path.
fn titles(site: &waymark::Site) -> Vec<(String, String)> {
    let manifest: Value =
        serde_json::from_slice(&site.files[waymark::paths::FILE_MANIFEST]).expect("manifest");
    manifest["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            let path = p.as_str().unwrap().to_string();
            let html = String::from_utf8_lossy(&site.files[&path]).into_owned();
            let title = html
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap_or_default()
                .replace("&amp;", "&")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"");
            (path, title)
        })
        .collect()
}

/// Writes `site` (built from `root`) below `www/guides/tmall/`.
fn host(site: &waymark::Site, root: &Path, www: &Path) -> PathBuf {
    let public = www.join(SUB_PATH);
    std::fs::create_dir_all(public.parent().unwrap()).unwrap();
    site.write(root, &public).expect("write the site");
    public
}

/// A guide served under [`SUB_PATH`] by the test server, which closes every
/// connection (drop `server` and the guide is out of reach).
struct Hosted {
    www: tempfile::TempDir,
    server: StaticServer,
    /// The guide's address, ending in `/`.
    base: String,
}

/// Hosts `site` (built from `root`).
fn hosted(site: &waymark::Site, root: &Path) -> Hosted {
    let www = tempfile::tempdir().unwrap();
    host(site, root, www.path());
    let server = StaticServer::start_closing(www.path(), 0);
    let base = format!("{}{SUB_PATH}", server.base);
    Hosted { www, server, base }
}

/// Stops `server` and waits until nothing listens on its port (its listener closes on
/// a thread of its own): from then on, no signal.
fn go_offline(server: StaticServer) {
    let port = server.port;
    drop(server);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "port {port} stays open"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the page says how much of the guide is saved (`ready`, `partial`).
fn wait_saved(session: &Session, state: &str) {
    wait_long(
        session,
        &format!("document.documentElement.dataset.offline === '{state}'"),
        &format!("the guide to be saved ({state})"),
    );
}

/// Waits up to a minute for `js` to hold (saving a site runs in the background).
fn wait_long(session: &Session, js: &str, what: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let test = format!("(async () => !!(await ({js})))()");
        if session.tab.evaluate(&test, true) == Ok(Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what} (`{js}`)");
}

/// The paths (below the site) held by this site's caches.
fn cached(session: &Session, base: &str) -> Vec<String> {
    let js = format!(
        "(async () => {{ const out = []; for (const n of await caches.keys()) {{ if (!n.startsWith('waymark ') || n.endsWith(' clients')) continue; \
           for (const r of await (await caches.open(n)).keys()) out.push(decodeURIComponent(r.url.slice({}.length)).split('?')[0]); }} \
           return [...new Set(out)].sort(); }})()",
        json!(base)
    );
    session
        .eval(&js)
        .as_array()
        .expect("cache keys")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The reader's visit: the home page until the guide is saved, a step ticked; then,
/// once `go_offline` has run, every page of the site by its address, step anchors,
/// search, and a page that was never saved.
fn read_offline(session: &Session, site: &waymark::Site, base: &str, go_offline: impl FnOnce()) {
    let start = Instant::now();
    session.open(&format!("{base}index.html"));
    wait_saved(session, "ready");
    eprintln!(
        "saved for offline reading {:?} after the first visit",
        start.elapsed()
    );
    assert_eq!(
        session.eval("document.querySelector('.offline-status').textContent"),
        "已可离线阅读：没有网络时也能打开本指南"
    );
    let channel = "channels/app.html";
    session.open(&format!("{base}{channel}"));
    session.eval("document.querySelector('#step-2 input[type=checkbox]').click()");

    go_offline();

    let pages = titles(site);
    assert!(pages.len() >= 20, "{pages:?}");
    for (path, title) in &pages {
        session.open(&format!("{base}{path}"));
        assert_eq!(
            session.eval("document.title"),
            json!(title),
            "{path} offline"
        );
        assert!(
            session
                .eval("getComputedStyle(document.body).fontFamily + document.styleSheets.length")
                .as_str()
                .is_some_and(|s| !s.ends_with('0')),
            "{path}: its stylesheet is there"
        );
    }
    session.open(&format!("{base}{channel}#step-3"));
    assert_eq!(
        session.eval("document.getElementById('step-3') !== null && location.hash"),
        "#step-3"
    );
    assert_eq!(
        session.eval("document.querySelector('#step-2 input[type=checkbox]').checked"),
        true,
        "a ticked step stays ticked offline"
    );
    session.open_ready(&format!("{base}index.html"));
    for query in ["9510211", "小蜜"] {
        type_query(session, query);
        let found = session.eval("document.querySelectorAll('#search-results a').length");
        assert!(
            found.as_u64().unwrap_or(0) > 0,
            "`{query}` finds something offline"
        );
        session.open_ready(&format!("{base}index.html"));
    }
    // An address the guide never had: its not-found page, from the saved copy.
    session.open(&format!("{base}never-written.html"));
    assert_eq!(
        session.eval("document.querySelector('main h1').textContent"),
        "找不到这个页面"
    );
    // The offline page lists what is saved, in its language only.
    session.open(&format!("{base}offline.html"));
    assert_eq!(
        session.eval("document.querySelector('main h1').textContent"),
        "现在没有网络"
    );
    wait_long(
        session,
        "document.querySelectorAll('[data-offline-saved] li a').length > 10",
        "the saved pages to be listed",
    );
    super::save_screenshot(session, "offline-page-phone.png");
    let listed = session.eval(
        "[...document.querySelectorAll('[data-offline-saved] a')].map(a => a.getAttribute('href'))",
    );
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|h| !h.as_str().unwrap().contains("/en/")),
        "the Chinese offline page lists Chinese pages: {listed}"
    );
    session.follow("[data-offline-saved] li:nth-child(2) a");
    assert_eq!(session.eval("document.documentElement.lang"), "zh-CN");
}

#[test]
fn a_hosted_guide_is_read_offline_after_one_visit() {
    let Some(chrome) = chromium("a_hosted_guide_is_read_offline_after_one_visit") else {
        return;
    };
    let site = crate::common::default_site(true);
    let Hosted {
        www: _www,
        server,
        base,
    } = hosted(site, env!("CARGO_MANIFEST_DIR").as_ref());
    let session = chrome.session();
    session.phone(390, 844);
    read_offline(&session, site, &base, || go_offline(server));
    let errors: Vec<String> = session.observed.lock().unwrap().errors.clone();
    assert!(
        errors
            .iter()
            .all(|e| e.contains("ERR_CONNECTION_REFUSED") || e.contains("Failed to load resource")),
        "{errors:#?}"
    );
}

#[test]
fn a_new_build_reaches_open_pages_and_its_old_files_leave_the_cache() {
    let Some(chrome) = chromium("a_new_build_reaches_open_pages_and_its_old_files_leave_the_cache")
    else {
        return;
    };
    let site = TestSite::fixture("guide");
    let first = site.build_with(false, true).expect("builds");
    let Hosted { www, server, base } = hosted(&first, site.root());
    let session = chrome.session();
    session.open(&format!("{base}index.html"));
    wait_saved(&session, "ready");
    // A page no other page links to, so the second build may leave it out.
    let gone = "escape.html".to_string();
    let before = cached(&session, &base);
    assert!(before.contains(&gone), "{gone} saved: {before:?}");

    // The new build: the home page's text changes, a page goes, the stylesheet changes.
    let index = site.root().join("content/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen("\n\n", "\n\nA sentence of the second build.\n\n", 1),
    )
    .unwrap();
    let gone_source = site
        .root()
        .join("content")
        .join(gone.replace(".html", ".md"));
    std::fs::remove_file(&gone_source).unwrap_or_else(|e| panic!("{}: {e}", gone_source.display()));
    std::fs::create_dir_all(site.root().join("theme/static")).unwrap();
    std::fs::write(
        site.root().join("theme/static/extra.css"),
        "body { outline: 0 }\n",
    )
    .unwrap();
    let second = site.build_with(false, true).expect("the second build");
    host(&second, site.root(), www.path());

    session.phone(390, 844);
    // The open page hears of it once the browser looks for an update.
    session
        .eval("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)");
    wait_long(
        &session,
        "document.querySelector('.offline-update button')",
        "the update notice",
    );
    super::save_screenshot(&session, "offline-update-notice.png");
    assert_eq!(
        session.eval("document.querySelector('.offline-update').textContent.startsWith('本指南已更新') || document.querySelector('.offline-update').textContent"),
        true
    );
    session.eval("document.querySelector('.offline-update button').click()");
    std::thread::sleep(Duration::from_millis(300));
    session.open(&format!("{base}index.html"));
    assert!(
        session.eval("document.body.textContent.includes('A sentence of the second build.')")
            == json!(true),
        "the new text after one reload"
    );
    wait_saved(&session, "ready");
    let version: Value =
        serde_json::from_slice(&second.files[waymark::paths::FILE_MANIFEST]).unwrap();
    let version = version["version"].as_str().unwrap().to_string();
    wait_long(
        &session,
        &format!("caches.keys().then(k => k.filter(n => n.startsWith('waymark ') && !n.endsWith(' clients')).join() === {})", json!(format!("waymark {base} {version}"))),
        "only the new build's cache",
    );
    let after = cached(&session, &base);
    assert!(!after.contains(&gone), "{gone} left the cache: {after:?}");
    assert!(after.contains(&"assets/extra.css".to_string()), "{after:?}");
    // Offline, the new build is what is read.
    go_offline(server);
    session.open(&format!("{base}index.html"));
    assert_eq!(
        session.eval("document.body.textContent.includes('A sentence of the second build.')"),
        true
    );
}

#[test]
fn a_large_guide_saves_its_shell_the_pages_read_and_a_chapter_on_request() {
    let Some(chrome) =
        chromium("a_large_guide_saves_its_shell_the_pages_read_and_a_chapter_on_request")
    else {
        return;
    };
    let site = TestSite::fixture("guide");
    let yml = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    std::fs::write(
        site.root().join("site.yml"),
        format!("{yml}\noffline:\n  budget: 10KB\n"),
    )
    .unwrap();
    let built = site.build_with(false, true).expect("builds");
    let manifest: Value =
        serde_json::from_slice(&built.files[waymark::paths::FILE_MANIFEST]).unwrap();
    assert_eq!(manifest["whole"], false);
    let (chapter, files) = manifest["chapters"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v[1].clone()))
        .expect("a chapter");
    let Hosted {
        www: _www,
        server,
        base,
    } = hosted(&built, site.root());
    let session = chrome.session();
    session.open(&format!("{base}{chapter}"));
    wait_saved(&session, "partial");
    wait_long(
        &session,
        "document.querySelector('.offline-save button')",
        "the save button",
    );
    session.phone(390, 844);
    super::save_screenshot(&session, "offline-save-chapter-phone.png");
    let label = session.eval("document.querySelector('.offline-save button').textContent");
    assert!(label.as_str().unwrap().ends_with(" KB）"), "{label}");
    let mut shell: Vec<String> = manifest["shell"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    shell.push(waymark::paths::FILE_MANIFEST.to_string());
    let saved = cached(&session, &base);
    let extra: Vec<&String> = saved
        .iter()
        .filter(|p| !shell.contains(p) && **p != chapter)
        .collect();
    assert!(
        extra.is_empty(),
        "only the shell and the page read: {extra:?}"
    );
    // A page read is kept; one not read is not.
    let other = titles(&built)
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| !files.as_array().unwrap().contains(&json!(p)))
        .unwrap();
    session.eval("document.querySelector('.offline-save button').click()");
    wait_long(&session, "document.querySelector('.offline-save') && !document.querySelector('.offline-save button')", "the chapter to be saved");
    let saved = cached(&session, &base);
    for file in files.as_array().unwrap() {
        assert!(
            saved.contains(&file.as_str().unwrap().to_string()),
            "{file} saved"
        );
    }
    let beyond: Vec<&String> = saved
        .iter()
        .filter(|p| !shell.contains(p) && !files.as_array().unwrap().contains(&json!(p)))
        .collect();
    assert!(beyond.is_empty(), "exactly the chapter's files: {beyond:?}");
    go_offline(server);
    session.open(&format!("{base}{}", files[1].as_str().unwrap()));
    assert!(session
        .eval("document.querySelector('main h1').textContent")
        .as_str()
        .is_some());
    session.open(&format!("{base}{other}"));
    assert_eq!(
        session.eval("!!document.querySelector('[data-offline-saved]')"),
        true,
        "a page not saved shows the offline page"
    );
}

#[test]
fn from_disk_nothing_is_registered_and_nothing_is_logged() {
    let Some(chrome) = chromium("from_disk_nothing_is_registered_and_nothing_is_logged") else {
        return;
    };
    let (_, public, _) = super::published_default();
    let session = chrome.session();
    session.open_ready(&file_url(&public, "index.html"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        session.eval("document.documentElement.dataset.offline === undefined"),
        true
    );
    assert_eq!(
        session.eval("!!document.querySelector('.offline-status')"),
        false
    );
    session.assert_clean(&["file://"]);
}

#[test]
fn the_default_guide_is_installable() {
    let Some(chrome) = chromium("the_default_guide_is_installable") else {
        return;
    };
    let (_, public, _) = super::published_default();
    let server = StaticServer::start(&public);
    let session = chrome.session_in_profile();
    session.open(&format!("{}index.html", server.base));
    wait_saved(&session, "ready");
    let errors = session.call("Page.getInstallabilityErrors", json!({}));
    assert_eq!(errors["installabilityErrors"], json!([]), "{errors}");
    let manifest = session.call("Page.getAppManifest", json!({}));
    assert!(
        manifest["errors"].as_array().is_none_or(|e| e.is_empty()),
        "{manifest}"
    );
}

#[test]
fn serve_removes_a_worker_a_build_left_on_its_origin() {
    let Some(chrome) = chromium("serve_removes_a_worker_a_build_left_on_its_origin") else {
        return;
    };
    let site = TestSite::fixture("guide");
    let built = site.build_with(false, true).expect("builds");
    let www = tempfile::tempdir().unwrap();
    built.write(site.root(), www.path()).unwrap();
    let server = StaticServer::start_closing(www.path(), 0);
    let port = server.port;
    let session = chrome.session();
    session.open(&format!("{}index.html", server.base));
    wait_saved(&session, "ready");
    go_offline(server);
    let serve = crate::serve::Server::start(&site, &["--port", &port.to_string()]);
    assert!(serve.url.contains(&format!(":{port}")), "{}", serve.url);
    session.open(&format!("{}index.html", serve.url));
    wait_long(
        &session,
        "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)",
        "the leftover worker to be removed",
    );
    wait_long(
        &session,
        "caches.keys().then(k => !k.some(n => n.startsWith('waymark ')))",
        "its caches to be removed",
    );
    session.open(&format!("{}index.html", serve.url));
    assert_eq!(
        session.eval("!!document.querySelector('script[src*=\"/__waymark/live.js\"]') && !navigator.serviceWorker.controller"),
        true,
        "the page comes from serve, with live reload, and no worker answers it"
    );
    assert_eq!(
        session.eval("document.documentElement.dataset.offline === undefined"),
        true
    );
}

/// Debian's nginx serving `www` on 127.0.0.1 with its stock `mime.types`, closing each
/// connection after its answer; stopped when dropped.
struct Nginx {
    child: std::process::Child,
    base: String,
    _state: tempfile::TempDir,
}

impl Nginx {
    fn start(www: &Path) -> Option<Nginx> {
        let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| Path::new(p).is_file());
        let Some(binary) = binary else {
            if std::env::var("WAYMARK_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("WAYMARK_REQUIRE_BROWSER=1 but nginx is missing; install Debian's `nginx` package");
            }
            eprintln!(
                "\n*** SKIPPED the nginx checks: nginx not found (install Debian's `nginx`) ***\n"
            );
            return None;
        };
        let state = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = state.path().display().to_string();
        let conf = format!(
            "daemon off;\nmaster_process off;\nuser root;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n\
               client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n  fastcgi_temp_path {dir}/fastcgi;\n\
               uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n  keepalive_timeout 0;\n\
               server {{ listen 127.0.0.1:{port}; root {}; }}\n}}\n",
            www.display()
        );
        let conf_path = state.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = std::process::Command::new(binary)
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(state.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start nginx");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                std::fs::read_to_string(state.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Nginx {
            child,
            base: format!("http://127.0.0.1:{port}/"),
            _state: state,
        })
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn nginx_serves_a_guide_that_reads_offline_and_installs() {
    let Some(chrome) = chromium("nginx_serves_a_guide_that_reads_offline_and_installs") else {
        return;
    };
    let site = crate::common::default_site(true);
    let www = tempfile::tempdir().unwrap();
    host(site, env!("CARGO_MANIFEST_DIR").as_ref(), www.path());
    let Some(nginx) = Nginx::start(www.path()) else {
        return;
    };
    let base = format!("{}{SUB_PATH}", nginx.base);
    let installable = chrome.session_in_profile();
    installable.open(&format!("{base}index.html"));
    wait_long(
        &installable,
        "document.documentElement.dataset.offline === 'ready'",
        "saved",
    );
    let errors = installable.call("Page.getInstallabilityErrors", json!({}));
    assert_eq!(
        errors["installabilityErrors"],
        json!([]),
        "served by nginx: {errors}"
    );
    drop(installable);
    let session = chrome.session();
    session.phone(390, 844);
    read_offline(&session, site, &base, || drop(nginx));
}

#[test]
fn while_the_reader_saves_data_nothing_is_saved_until_asked() {
    let Some(chrome) = chromium("while_the_reader_saves_data_nothing_is_saved_until_asked") else {
        return;
    };
    let site = TestSite::fixture("guide");
    let built = site.build_with(false, true).expect("builds");
    let Hosted {
        www: _www,
        server: _server,
        base,
    } = hosted(&built, site.root());
    let session = chrome.session();
    // What a phone with data saver on tells pages.
    session.add_script_on_new_document(
        "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) });",
    );
    session.open(&format!("{base}a.html"));
    wait_long(
        &session,
        "document.querySelector('.offline-save button')",
        "the offer to save the guide",
    );
    let label = session.eval("document.querySelector('.offline-save button').textContent");
    assert!(
        label
            .as_str()
            .unwrap()
            .starts_with("保存整本指南以便离线阅读（"),
        "{label}"
    );
    assert_eq!(
        session.eval("document.documentElement.dataset.offline === undefined"),
        true
    );
    let saved = cached(&session, &base);
    assert_eq!(
        saved,
        [waymark::paths::FILE_MANIFEST],
        "nothing but the list of files"
    );
    session.open(&format!("{base}d/index.html"));
    assert_eq!(
        cached(&session, &base),
        [waymark::paths::FILE_MANIFEST],
        "pages read are not kept"
    );
    wait_long(
        &session,
        "document.querySelector('.offline-save button')",
        "the offer again",
    );
    session.eval("document.querySelector('.offline-save button').click()");
    wait_saved(&session, "ready");
    let manifest: Value =
        serde_json::from_slice(&built.files[waymark::paths::FILE_MANIFEST]).unwrap();
    let saved = cached(&session, &base);
    for path in manifest["files"].as_object().unwrap().keys() {
        assert!(saved.contains(path), "{path} saved once asked");
    }
}

#[test]
fn turning_offline_reading_off_removes_what_readers_saved() {
    let Some(chrome) = chromium("turning_offline_reading_off_removes_what_readers_saved") else {
        return;
    };
    let site = TestSite::fixture("guide");
    let www = tempfile::tempdir().unwrap();
    host(
        &site.build_with(false, true).unwrap(),
        site.root(),
        www.path(),
    );
    let server = StaticServer::start_closing(www.path(), 0);
    let base = format!("{}{SUB_PATH}", server.base);
    let session = chrome.session();
    session.open(&format!("{base}index.html"));
    wait_saved(&session, "ready");
    let yml = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    site.write("site.yml", &format!("{yml}\noffline: false\n"));
    host(
        &site.build_with(false, true).unwrap(),
        site.root(),
        www.path(),
    );
    // The next page read online comes from the host, and its script retires the worker
    // (the build has none to update it with).
    session.open(&format!("{base}a.html"));
    wait_long(
        &session,
        "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)",
        "the worker to retire",
    );
    wait_long(
        &session,
        "caches.keys().then(k => !k.some(n => n.startsWith('waymark ')))",
        "the saved copy to be deleted",
    );
    go_offline(server);
    let offline = session
        .tab
        .call("Page.navigate", json!({ "url": format!("{base}a.html") }));
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        offline.map(|r| r["errorText"].is_string()).unwrap_or(true)
            || session.eval("!document.querySelector('main h1')") == json!(true),
        "no saved copy answers once offline reading is off"
    );
}
