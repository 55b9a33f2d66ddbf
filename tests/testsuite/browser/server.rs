//! A static file server on 127.0.0.1 for the browser tests, stopped when dropped. It
//! is the server `waymark serve` runs on (`waymark::serve::http`), serving a folder.

use std::path::{Path, PathBuf};

use waymark::serve::http::{Response, Server, Stopper};

/// Serves one folder on a free loopback port.
pub struct StaticServer {
    _stopper: Stopper,
    /// `http://127.0.0.1:PORT/`
    pub base: String,
    /// The port listened on.
    pub port: u16,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        StaticServer::start_with(dir, &[])
    }

    /// Serves `dir` with `headers` added to every response (a Content-Security-Policy).
    pub fn start_with(dir: &Path, headers: &[(&str, &str)]) -> StaticServer {
        StaticServer::start_full(dir, headers, &[])
    }

    /// Serves `dir` as if the files whose paths end in one of `missing` were not
    /// there: a page as it stands before (or without) its scripts.
    pub fn start_without(dir: &Path, missing: &[&str]) -> StaticServer {
        StaticServer::start_full(dir, &[], missing)
    }

    /// Serves `dir` on `port` (0: any free one), closing each connection after its
    /// answer: once this server is dropped, the browser finds nothing listening, as
    /// with no signal (a kept-alive connection would still answer). Started again on
    /// the same port, the site is back online at the same origin.
    pub fn start_closing(dir: &Path, port: u16) -> StaticServer {
        StaticServer::start_on(dir, &[("Connection", "close")], &[], port)
    }

    fn start_full(dir: &Path, headers: &[(&str, &str)], missing: &[&str]) -> StaticServer {
        StaticServer::start_on(dir, headers, missing, 0)
    }

    fn start_on(dir: &Path, headers: &[(&str, &str)], missing: &[&str], port: u16) -> StaticServer {
        let missing: Vec<String> = missing.iter().map(|s| s.to_string()).collect();
        let extra: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let server = Server::bind(port).expect("bind 127.0.0.1");
        let port = server.port();
        let stopper = server.stopper();
        let dir: PathBuf = dir.to_path_buf();
        std::thread::spawn(move || {
            server.run(move |request| {
                let path = request.target.split(['?', '#']).next().unwrap_or("/");
                let rel = waymark::paths::percent_decode(path.trim_start_matches('/'));
                let file = (!rel.split('/').any(|p| p == "..")
                    && !missing.iter().any(|m| rel.ends_with(m.as_str())))
                .then(|| dir.join(&rel));
                match file.filter(|f| f.is_file()).map(std::fs::read) {
                    Some(Ok(bytes)) => {
                        let kind = match rel.rsplit('.').next() {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            Some("png") => "image/png",
                            Some("svg") => "image/svg+xml",
                            Some("json") => "application/json",
                            Some("wasm") => "application/wasm",
                            Some("webmanifest") => "application/manifest+json",
                            _ => "application/octet-stream",
                        };
                        extra
                            .iter()
                            .fold(Response::new(200, kind, bytes), |r, (k, v)| r.header(k, v))
                    }
                    _ => Response::new(404, "text/plain", b"not found".to_vec()),
                }
            })
        });
        StaticServer {
            _stopper: stopper,
            base: format!("http://127.0.0.1:{port}/"),
            port,
        }
    }
}
