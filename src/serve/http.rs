//! The HTTP/1.1 server under `serve` (and the browser tests): one thread per
//! connection, requests parsed by `httparse`, keep-alive honoured.
//!
//! A thread per connection is the point. tiny_http, used before, hands connections
//! to a pool that wakes one idle worker per new connection but counts the idle ones
//! before any has woken: when a browser opens more connections at once than the pool
//! has idle workers (a page with five scripts does), the extra connections wait until
//! a kept-alive one closes, and the page hangs on a script for seconds or minutes.
//! Here every accepted connection is served at once; a connection idle for
//! [`IDLE_LIMIT`] is closed.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a kept-alive connection may wait for its next request.
pub const IDLE_LIMIT: Duration = Duration::from_secs(30);
/// The largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body read (and ignored): the server only answers GET and HEAD.
const MAX_BODY: usize = 1024 * 1024;

/// A request, as a handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`…
    pub method: String,
    /// The request target as sent: path and query (`/a.html?x=1`).
    pub target: String,
}

/// A complete response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header fields other than `Content-Length` and `Connection`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response of `status` with a body of type `content_type`.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
        }
    }

    /// The response with one more header field. Names and values are cleaned of line
    /// breaks, so nothing can be smuggled into the head.
    pub fn header(mut self, name: &str, value: &str) -> Response {
        let clean = |s: &str| s.replace(['\r', '\n'], " ");
        self.headers.push((clean(name), clean(value)));
        self
    }
}

/// A listening socket and what stops it.
pub struct Server {
    listener: TcpListener,
    stop: Arc<AtomicBool>,
}

/// Stops a running [`Server`] when asked or dropped.
pub struct Stopper {
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Stopper {
    /// Makes the server stop accepting connections.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Server {
    /// Listens on 127.0.0.1 at `port` (0: any free port).
    pub fn bind(port: u16) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(("127.0.0.1", port))?,
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }

    /// What stops this server from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper {
            stop: self.stop.clone(),
            port: self.port(),
        }
    }

    /// Answers every request with `handler`, each connection on its own thread, until
    /// stopped.
    pub fn run(self, handler: impl Fn(&Request) -> Response + Send + Sync + 'static) {
        let handler = Arc::new(handler);
        for stream in self.listener.incoming() {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok(stream) = stream else { continue };
            let handler = handler.clone();
            std::thread::spawn(move || {
                let _ = connection(stream, handler.as_ref());
            });
        }
    }
}

/// Serves the requests of one connection until the client closes it, asks to, or
/// stays idle past [`IDLE_LIMIT`].
fn connection(mut stream: TcpStream, handler: &impl Fn(&Request) -> Response) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_LIMIT))?;
    stream.set_nodelay(true)?;
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if buf.len() > MAX_HEAD {
                return refuse(&mut stream, 431);
            }
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let mut fields = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut fields);
        if !matches!(
            parsed.parse(&buf[..head_end]),
            Ok(httparse::Status::Complete(_))
        ) {
            return refuse(&mut stream, 400);
        }
        let field = |name: &str| {
            parsed
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
        };
        let body_len: usize = match field("content-length").map(|v| v.trim().parse()) {
            None => 0,
            Some(Ok(n)) if n <= MAX_BODY => n,
            Some(_) => return refuse(&mut stream, 413),
        };
        let close =
            parsed.version == Some(0) || field("connection").is_some_and(|v| v.contains("close"));
        let request = Request {
            method: parsed.method.unwrap_or("GET").to_string(),
            target: parsed.path.unwrap_or("/").to_string(),
        };
        while buf.len() < head_end + body_len {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..head_end + body_len);
        let mut response = handler(&request);
        // A handler may close the connection too (a test server that can go offline).
        let closing = response
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        response
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("connection"));
        let close = close || closing;
        write(&mut stream, &response, request.method == "HEAD", close)?;
        if close {
            return Ok(());
        }
    }
}

fn refuse(stream: &mut TcpStream, status: u16) -> io::Result<()> {
    let response = Response::new(status, "text/plain; charset=utf-8", reason(status).into());
    write(stream, &response, false, true)?;
    stream.shutdown(Shutdown::Both)
}

fn write(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(port: u16, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(raw).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn answers_kept_alive_requests_in_order_and_many_connections_at_once() {
        let server = Server::bind(0).unwrap();
        let port = server.port();
        let stopper = server.stopper();
        std::thread::spawn(move || {
            server.run(|r| Response::new(200, "text/plain", r.target.clone().into_bytes()))
        });
        let two = exchange(
            port,
            b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert!(
            two.starts_with("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
            "{two}"
        );
        assert!(two.contains("\r\n\r\n/aHTTP/1.1 200 OK"), "{two}");
        assert!(
            two.ends_with("Connection: close\r\n\r\n"),
            "HEAD has no body: {two}"
        );
        // Ten idle kept-alive connections do not hold up an eleventh.
        let idle: Vec<TcpStream> = (0..10)
            .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect();
        let answer = exchange(port, b"GET /c HTTP/1.0\r\n\r\n");
        assert!(answer.ends_with("/c"), "{answer}");
        assert!(exchange(port, b"NOT HTTP\r\n\r\n").starts_with("HTTP/1.1 400"));
        drop(idle);
        drop(stopper);
    }

    #[test]
    fn header_values_cannot_break_the_head() {
        let r = Response::new(200, "text/plain", Vec::new()).header("X-A", "1\r\nSet-Cookie: x");
        assert_eq!(r.headers[1].1, "1  Set-Cookie: x");
    }
}
