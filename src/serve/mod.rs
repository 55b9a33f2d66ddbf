//! `waymark serve`: the author's loop. Builds with exactly the pipeline of `build`,
//! serves the result from memory on 127.0.0.1, rebuilds when a source changes, and
//! tells open pages to reload.
//!
//! - The served bytes are the built files plus, in HTML pages, one `<script>` tag that
//!   loads [`LIVE_SCRIPT`]; paths are looked up in the in-memory map only, so nothing
//!   outside the built site can be read.
//! - Pages learn of a new build by long-polling `/__waymark/wait?build=N`, one request
//!   at a time per tab (see `live.js` for why not server-sent events).
//! - A failed rebuild keeps the last good site; its diagnostics go to the terminal and,
//!   as an overlay, to open pages, until a build succeeds again.
//! - An edit of one page's body is redone for that page alone, with the layout of the
//!   last build ([`session`], [`incremental`]); the search index follows on its own
//!   thread once edits pause.

pub mod http;
pub mod incremental;
pub mod session;
pub mod watch;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::output::SharedFiles;
use crate::{BuildError, BuildOptions, Site};
use http::Response;
use session::{Session, Update};

/// The client script, served at [`LIVE_PATH`].
pub const LIVE_SCRIPT: &str = include_str!("live.js");
/// Where pages load the client script from.
pub const LIVE_PATH: &str = "/__waymark/live.js";
/// Where pages wait for the next build.
pub const WAIT_PATH: &str = "/__waymark/wait";
/// How long the sources must stay still after a page was redone alone before the
/// search index is made again.
const SEARCH_PAUSE: Duration = Duration::from_millis(400);
/// How long a wait request is held before it is answered with "no change".
const WAIT_LIMIT: Duration = Duration::from_secs(25);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The port to try first; 0 lets the OS choose.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Watch by polling instead of native file events.
    pub poll: bool,
}

/// What is being served now.
struct State {
    /// Incremented by every build attempt; pages carry the number they were served with.
    build: u64,
    /// The last good site, as built (the reload script is added as pages are served).
    files: Arc<SharedFiles>,
    /// The last attempt's diagnostics, if it failed.
    errors: Option<String>,
}

impl Shared {
    /// How many times the site has changed (builds, and pages redone alone).
    fn generation(&self) -> u64 {
        self.state.lock().map_or(0, |s| s.build)
    }
}

/// State shared by the HTTP threads and the rebuild loop.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// Serves the site at `options.root` until the process is stopped. `ready` is called
/// with the URL once the first build is done and the port is open.
pub fn serve(options: &ServeOptions, ready: impl FnOnce(&str)) -> Result<()> {
    let mut session = Session::new(BuildOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        minify: true,
        serve: true,
        ..Default::default()
    });
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            build: 0,
            files: Arc::new(BTreeMap::new()),
            errors: None,
        }),
        changed: Condvar::new(),
    });
    let started = Instant::now();
    publish(&shared, session.build(), None, started);
    let (server, port) = bind(options.port)?;
    let events = watch::start(&options.root, options.poll)?;
    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let mut search_stale = false;
            loop {
                match events.recv_timeout(SEARCH_PAUSE) {
                    Ok(changed) => {
                        let started = Instant::now();
                        search_stale = match session.change(&changed) {
                            Update::Pages(files) => {
                                announce_redone(&changed, started);
                                update_pages(&shared, files);
                                true
                            }
                            Update::Site(result) => {
                                publish(
                                    &shared,
                                    result.map(|built| *built),
                                    Some(&changed),
                                    started,
                                );
                                false
                            }
                        };
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        let job = search_stale.then(|| session.search_job()).flatten();
                        if let Some(job) = job {
                            search_stale = false;
                            let generation = shared.generation();
                            let shared = shared.clone();
                            std::thread::spawn(move || {
                                update_search(&shared, job.run(), generation);
                            });
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
    }
    ready(&format!("http://127.0.0.1:{port}/"));
    server.run(move |request| respond(&shared, request));
    Ok(())
}

/// Binds 127.0.0.1 at `port`, or the next free one of the ten after it; port 0 takes
/// whatever the OS gives.
fn bind(port: u16) -> Result<(http::Server, u16)> {
    let tries = if port == 0 { 1 } else { 10 };
    let mut last = None;
    for p in (0..tries).map(|i| port.saturating_add(i)) {
        match http::Server::bind(p) {
            Ok(server) => {
                let bound = server.port();
                return Ok((server, bound));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(anyhow::anyhow!(
        "{}",
        last.map_or_else(|| "no port".to_string(), |e| e.to_string())
    ))
    .with_context(|| format!("cannot listen on 127.0.0.1 ports {port}–{}; pass `--port` with a free one, or `--port 0`", port.saturating_add(tries - 1)))
}

/// Publishes a build's result (or its errors) to open pages; `cause` names the
/// changed files that started it. The terminal is told first, so it never hears of a
/// build after a page has.
fn publish(
    shared: &Shared,
    result: Result<(Site, Arc<SharedFiles>), BuildError>,
    cause: Option<&[String]>,
    started: Instant,
) {
    let mut err = anstream::stderr();
    match &result {
        Ok((site, _)) => {
            for w in &site.warnings {
                let _ = writeln!(err, "{}", w.render(true));
            }
            let what = match cause {
                Some(paths) if !paths.is_empty() => {
                    format!("{} changed; rebuilt", paths.join(", "))
                }
                _ => "built".to_string(),
            };
            let _ = writeln!(
                err,
                "{what} {} pages in {} ms",
                site.stats.pages,
                started.elapsed().as_millis()
            );
        }
        Err(e) => {
            let messages = e.messages(true);
            for m in &messages {
                let _ = writeln!(err, "{m}\n");
            }
            let serving = {
                let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
                !state.files.is_empty()
            };
            let _ = writeln!(
                err,
                "{}the build failed with {} error{}; {}",
                match cause {
                    Some(paths) if !paths.is_empty() => format!("{} changed; ", paths.join(", ")),
                    _ => String::new(),
                },
                messages.len(),
                if messages.len() == 1 { "" } else { "s" },
                if serving {
                    "still serving the last good site"
                } else {
                    "open pages show the errors until they are fixed"
                }
            );
        }
    }
    let _ = err.flush();
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.build += 1;
    match result {
        Ok((_, files)) => {
            state.files = files;
            state.errors = None;
        }
        Err(e) => {
            state.errors = Some(e.messages(false).join("\n\n"));
        }
    }
    drop(state);
    shared.changed.notify_all();
}

/// Tells the terminal that the `changed` pages were redone alone.
fn announce_redone(changed: &[String], started: Instant) {
    let mut err = anstream::stderr();
    let _ = writeln!(
        err,
        "{} changed; redid {} in {} ms",
        changed.join(", "),
        if changed.len() == 1 {
            "it alone"
        } else {
            "them alone"
        },
        started.elapsed().as_millis()
    );
    let _ = err.flush();
}

/// Serves the redone pages as a new build, which open pages reload for.
fn update_pages(shared: &Shared, changed: BTreeMap<String, Vec<u8>>) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.files = replaced(&state.files, changed, |_| false);
    state.build += 1;
    state.errors = None;
    drop(state);
    shared.changed.notify_all();
}

/// Serves a search index made at `generation`, unless the site changed since (a
/// later index follows); not a new build, so no page reloads.
fn update_search(shared: &Shared, index: BTreeMap<String, Vec<u8>>, generation: u64) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    if state.build != generation {
        return;
    }
    // The new index replaces the old one whole: its shards may be fewer.
    let dir = format!("{}/", crate::paths::SEARCH_DIR);
    state.files = replaced(&state.files, index, |path| path.starts_with(&dir));
}

/// `files` without those `gone` names, with `changed` added or replacing.
fn replaced(
    files: &BTreeMap<String, Arc<Vec<u8>>>,
    changed: BTreeMap<String, Vec<u8>>,
    gone: impl Fn(&str) -> bool,
) -> Arc<BTreeMap<String, Arc<Vec<u8>>>> {
    let mut files: BTreeMap<String, Arc<Vec<u8>>> = files
        .iter()
        .filter(|(path, _)| !gone(path))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    files.extend(changed.into_iter().map(|(p, b)| (p, Arc::new(b))));
    Arc::new(files)
}

/// `html` with the live-reload script tag before `</body>` (or at the end).
pub fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}?build={build}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The not-found page at output path `page`, for the missing path `missing`. Its links
/// are relative to its own folder; asked for deeper (`channels/nope.html`), it gets a
/// `<base>` naming that folder, as `serve` knows the site is at the root, so its
/// styles and links work at any depth.
fn based<'a>(html: &'a [u8], page: &str, missing: Option<&str>) -> std::borrow::Cow<'a, [u8]> {
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    let depth = |path: &str| path.matches('/').count();
    let deeper = missing.is_some_and(|m| depth(m) > depth(page));
    let head = html
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<head"))
        .and_then(|at| {
            html[at..]
                .iter()
                .position(|b| *b == b'>')
                .map(|end| at + end + 1)
        });
    match head {
        Some(at) if deeper => {
            let base = if folder.is_empty() {
                "<base href=\"/\">".to_string()
            } else {
                format!("<base href=\"/{folder}/\">")
            };
            let mut out = Vec::with_capacity(html.len() + base.len());
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(base.as_bytes());
            out.extend_from_slice(&html[at..]);
            std::borrow::Cow::Owned(out)
        }
        _ => std::borrow::Cow::Borrowed(html),
    }
}

/// The output path a request path names: percent-decoded, `index.html` for folders.
/// `None` for anything that could climb out of the site.
pub fn lookup_path(url_path: &str) -> Option<String> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::paths::percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|s| s == ".." || s == ".") || rel.contains('\\') {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') {
        Some(format!("{rel}index.html"))
    } else {
        Some(rel.to_string())
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(shared: &Shared, request: &http::Request) -> Response {
    let url = request.target.as_str();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == LIVE_PATH {
        reply(
            200,
            "text/javascript; charset=utf-8",
            LIVE_SCRIPT.as_bytes().to_vec(),
        )
    } else if path == WAIT_PATH {
        wait(shared, query)
    } else if path.ends_with(&format!("/{}", crate::paths::WORKER)) {
        // A browser that once opened a `build` served on this origin checks its worker
        // for updates and gets one that retires: saved pages never hide live reload.
        reply(
            200,
            "text/javascript; charset=utf-8",
            crate::offline::RETIRING_WORKER.as_bytes().to_vec(),
        )
    } else {
        let (files, build) = {
            let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            (state.files.clone(), state.build)
        };
        match lookup_path(path) {
            Some(rel) if files.contains_key(&rel) => {
                let bytes = &files[&rel];
                let body = if rel.ends_with(".html") {
                    inject(bytes, build)
                } else {
                    bytes.to_vec()
                };
                reply(200, content_type(&rel), body)
            }
            Some(rel) if files.contains_key(&format!("{rel}/index.html")) => {
                Response::new(301, "text/plain; charset=utf-8", Vec::new())
                    .header("Location", &format!("{path}/"))
            }
            _ if files.is_empty() => {
                // No good build yet: every page is the errors, with the reload script,
                // so the browser shows them and reloads by itself once they are fixed.
                let errors = shared
                    .state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .errors
                    .clone()
                    .unwrap_or_default();
                reply(
                    503,
                    "text/html; charset=utf-8",
                    inject(&error_page(&errors), build),
                )
            }
            missing => {
                // A language's own not-found page for a path in its folder (`en/…`).
                let own = missing
                    .as_deref()
                    .and_then(|rel| rel.split_once('/'))
                    .map(|(folder, _)| format!("{folder}/{}", crate::paths::NOT_FOUND))
                    .filter(|page| files.contains_key(page));
                let page = own.as_deref().unwrap_or(crate::paths::NOT_FOUND);
                let body = files
                    .get(page)
                    .map(|b| inject(&based(b, page, missing.as_deref()), build))
                    .unwrap_or_else(|| {
                        b"<!DOCTYPE html><title>404</title><p>Not found.</p>".to_vec()
                    });
                reply(404, "text/html; charset=utf-8", body)
            }
        }
    }
}

/// The page served in place of every page while the site has never built: the errors
/// as text (escaped), so the reader of the browser sees what to fix.
fn error_page(errors: &str) -> Vec<u8> {
    let escaped = errors
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>The site does not build yet</title></head><body>\
         <h1>The site does not build yet</h1>\
         <p>Fix what is listed below; this page reloads by itself once the site builds.</p>\
         <pre id=\"waymark-serve-first-errors\">{escaped}</pre></body></html>"
    )
    .into_bytes()
}

/// Answers a page's wait: at once if the build it knows is not the current one (or it
/// asks `now`), else when the next build finishes or [`WAIT_LIMIT`] passes.
fn wait(shared: &Shared, query: &str) -> Response {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
    };
    let known: u64 = param("build").and_then(|b| b.parse().ok()).unwrap_or(0);
    let now = param("now").is_some();
    let guard = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let state = if now || guard.build != known {
        guard
    } else {
        shared
            .changed
            .wait_timeout_while(guard, WAIT_LIMIT, |s| s.build == known)
            .map(|(s, _)| s)
            .unwrap_or_else(|e| e.into_inner().0)
    };
    let body = serde_json::json!({ "build": state.build, "errors": state.errors });
    Response::new(200, "application/json", body.to_string().into_bytes())
        .header("Cache-Control", "no-store")
}

fn reply(status: u16, kind: &str, body: Vec<u8>) -> Response {
    Response::new(status, kind, body).header("Cache-Control", "no-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_into_the_site_only() {
        assert_eq!(lookup_path("/").as_deref(), Some("index.html"));
        assert_eq!(lookup_path("/d/").as_deref(), Some("d/index.html"));
        assert_eq!(lookup_path("/a%20b.html?x=1").as_deref(), Some("a b.html"));
        assert_eq!(lookup_path("/../site.yml"), None);
        assert_eq!(lookup_path("/%2e%2e/site.yml"), None);
        assert_eq!(lookup_path("/a/../../x"), None);
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__waymark/live.js?build=7\"></script></body></html>"
        );
    }
}
