//! Shared by the gateway's integration tests: a gateway on a loopback port, a scripted
//! raw-TCP upstream that sends exactly the bytes a test wants (chunked, gzip, cut off),
//! and a raw HTTP/1.1 client that sees exactly what the gateway sends.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;
use tightlip_gateway::{Gateway, GatewayConfig, RunningGateway};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the scripted upstream does for one request.
pub enum Script {
    /// Send these bytes (a whole response with `connection: close`), then close.
    Send(Vec<u8>),
    /// Send these bytes (a response cut off mid-body), then close the connection.
    Die(Vec<u8>),
    /// Wait, then send.
    Slow(Duration, Vec<u8>),
}

/// A response with a body and `connection: close`.
pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A chunked response, each chunk as given, properly terminated.
pub fn chunked(status: &str, headers: &[(&str, &str)], chunks: &[&[u8]]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nconnection: close\r\ntransfer-encoding: chunked\r\n");
    for (name, value) in headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    for chunk in chunks {
        bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        bytes.extend_from_slice(chunk);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}

/// Reads one request head; returns its request line and the whole head.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut byte).await.ok()?;
        if read == 0 {
            return None;
        }
        head.extend_from_slice(&byte[..read]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A raw upstream on a loopback port: `script` gets the request head, says what to send.
pub async fn scripted(script: fn(&str) -> Script) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let Some(head) = read_head(&mut stream).await else {
                    return;
                };
                match script(&head) {
                    Script::Send(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.shutdown().await;
                    }
                    Script::Die(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.flush().await;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        drop(stream);
                    }
                    Script::Slow(wait, bytes) => {
                        tokio::time::sleep(wait).await;
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.shutdown().await;
                    }
                }
            });
        }
    });
    addr
}

/// A started gateway with its incident store in a temporary directory.
pub struct Running {
    /// The gateway.
    pub gateway: RunningGateway,
    /// The store file.
    pub store: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts a gateway in front of `upstream` (empty for routes only), configured further by
/// `configure`.
pub async fn gateway(upstream: &str, configure: impl FnOnce(&mut GatewayConfig)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let mut config = GatewayConfig::quick(SocketAddr::from(([127, 0, 0, 1], 0)), upstream);
    config.incidents.store = dir.path().join("incidents.db");
    config.limits.upstream_timeout = Duration::from_secs(2);
    configure(&mut config);
    let store = config.incidents.store.clone();
    let gateway = Gateway::new(config).unwrap().start().await.unwrap();
    Running {
        gateway,
        store,
        _dir: dir,
    }
}

impl Running {
    /// Stops the gateway (flushing incidents) and opens the store.
    pub async fn incidents(self) -> tightlip_incident::Store {
        self.gateway.shutdown(Duration::from_secs(5)).await;
        tightlip_incident::Store::open(&self.store).unwrap()
    }
}

/// One raw response as read off the wire.
pub struct Raw {
    /// Status code.
    pub status: u16,
    /// Lower-cased header lines.
    pub headers: Vec<(String, String)>,
    /// The body bytes received (for a cut-off response, what arrived before the end).
    pub body: Vec<u8>,
    /// Whether the connection ended before the declared body was complete.
    pub truncated: bool,
}

impl Raw {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` bytes on `stream` and reads one response (content-length or chunked).
pub async fn exchange(stream: &mut TcpStream, request: &[u8], head_only: bool) -> Raw {
    stream.write_all(request).await.unwrap();
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .expect("response head in time")
            .unwrap_or(0);
        assert!(
            read > 0,
            "connection closed before a response head: {:?}",
            String::from_utf8_lossy(&buffer)
        );
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut rest = buffer[head_end..].to_vec();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let length = find("content-length").and_then(|v| v.parse::<usize>().ok());
    let is_chunked = find("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let complete = |rest: &[u8]| {
        if head_only {
            true
        } else if let Some(length) = length {
            rest.len() >= length
        } else if is_chunked {
            rest.ends_with(b"0\r\n\r\n")
        } else {
            false
        }
    };
    let mut truncated = false;
    while !complete(&rest) {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await {
            Ok(Ok(read)) if read > 0 => rest.extend_from_slice(&chunk[..read]),
            _ => {
                truncated = true;
                break;
            }
        }
    }
    Raw {
        status,
        headers,
        body: rest,
        truncated,
    }
}

/// Asserts the hardened shape of an error the caller gets (problem+json, no-store,
/// nosniff, no banner, exact length, no product name, X-Request-ID equal to the body's)
/// and returns the problem.
pub fn problem(raw: &Raw) -> serde_json::Value {
    assert_eq!(
        raw.header("content-type"),
        Some("application/problem+json"),
        "{}",
        raw.text()
    );
    assert_eq!(raw.header("cache-control"), Some("no-store"));
    assert_eq!(raw.header("x-content-type-options"), Some("nosniff"));
    assert!(raw.header("server").is_none());
    assert_eq!(
        raw.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        raw.body.len()
    );
    let text = raw.text().to_ascii_lowercase();
    for product in ["hyper", "tightlip", "rust", "tokio"] {
        assert!(!text.contains(product), "`{product}` named: {text}");
    }
    let value: serde_json::Value = serde_json::from_slice(&raw.body).unwrap();
    assert_eq!(raw.header("x-request-id"), value["request_id"].as_str());
    value
}
