//! A static file server on 127.0.0.1 for the browser tests, stopped when dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Serves one folder on a free loopback port.
pub struct StaticServer {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    /// `http://127.0.0.1:PORT/`
    pub base: String,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        StaticServer::start_with(dir, &[])
    }

    /// Serves `dir` with `headers` added to every response (a Content-Security-Policy).
    pub fn start_with(dir: &Path, headers: &[(&str, &str)]) -> StaticServer {
        let extra: Vec<tiny_http::Header> = headers
            .iter()
            .map(|(k, v)| tiny_http::Header::from_bytes(*k, *v).expect("header"))
            .collect();
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let dir: PathBuf = dir.to_path_buf();
        let worker = server.clone();
        let thread = std::thread::spawn(move || {
            for request in worker.incoming_requests() {
                let dir = dir.clone();
                let extra = extra.clone();
                // One thread per request, as `waymark serve` does, so no response waits
                // behind another's connection.
                std::thread::spawn(move || {
                    let path = request
                        .url()
                        .split(['?', '#'])
                        .next()
                        .unwrap_or("/")
                        .to_string();
                    let rel = waymark::paths::percent_decode(path.trim_start_matches('/'));
                    let file = if rel.split('/').any(|p| p == "..") {
                        None
                    } else {
                        Some(dir.join(&rel))
                    };
                    let response = match file.filter(|f| f.is_file()).map(std::fs::read) {
                        Some(Ok(bytes)) => {
                            let kind = match rel.rsplit('.').next() {
                                Some("html") => "text/html; charset=utf-8",
                                Some("js") => "text/javascript; charset=utf-8",
                                Some("css") => "text/css; charset=utf-8",
                                Some("png") => "image/png",
                                _ => "application/octet-stream",
                            };
                            let header =
                                tiny_http::Header::from_bytes("Content-Type", kind).unwrap();
                            // Each response closes its connection (see the module notes).
                            let close =
                                tiny_http::Header::from_bytes("Connection", "close").unwrap();
                            let mut response = tiny_http::Response::from_data(bytes)
                                .with_header(header)
                                .with_header(close);
                            for h in &extra {
                                response.add_header(h.clone());
                            }
                            response.boxed()
                        }
                        _ => tiny_http::Response::from_string("not found")
                            .with_status_code(404)
                            .boxed(),
                    };
                    let _ = request.respond(response);
                });
            }
        });
        StaticServer {
            server,
            thread: Some(thread),
            base: format!("http://127.0.0.1:{port}/"),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
