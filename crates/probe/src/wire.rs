//! Sending one crafted request over a plain TCP connection and reading the answer.
//!
//! A raw socket, not an HTTP client: the battery writes what clients refuse to (HTTP/1.0
//! without Host, invalid methods, oversized heads, unnormalised paths).

use crate::request::CraftedRequest;
use crate::target::Target;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The most response bytes read; the rest is cut off (and the body is then suspect).
const MAX_RESPONSE: usize = 8 << 20;
/// The most bytes a compressed body may decode to.
const MAX_DECODED: usize = 16 << 20;

/// An answer, with its body decoded.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names and raw values, in order.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body, de-chunked and content-decoded.
    pub body: Vec<u8>,
    /// From the first byte written to the last byte read.
    pub elapsed: Duration,
}

impl Response {
    /// The first value of header `name` as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    }

    /// The media type of the body, lowercased, without parameters (`""` if none).
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default()
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Why no answer came back.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum WireError {
    /// The connection could not be opened.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The server closed or reset the connection without a response.
    #[error("connection closed without a response")]
    NoAnswer,
    /// No complete response before the timeout.
    #[error("no response within {0:?}")]
    Timeout(Duration),
    /// The bytes are not an HTTP response.
    #[error("malformed response: {0}")]
    Malformed(String),
}

/// Sends `request` to `target` and reads the whole answer (the connection is closed by
/// the server after one response, as the request asks).
pub fn send(
    target: &Target,
    request: &CraftedRequest,
    timeout: Duration,
) -> Result<Response, WireError> {
    let started = Instant::now();
    let mut stream = TcpStream::connect_timeout(&target.addr, timeout)
        .map_err(|error| WireError::Connect(error.to_string()))?;
    let _ = stream.set_nodelay(true);
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|error| WireError::Connect(error.to_string()))?;
    // A server may answer (413, 431) and close before reading everything: keep reading.
    let _ = stream.write_all(&request.to_wire(&target.authority()));
    let raw = read_all(&mut stream, started, timeout)?;
    let elapsed = started.elapsed();
    if raw.is_empty() {
        return Err(WireError::NoAnswer);
    }
    let parsed = tightlip_detect::parse_response(&raw)
        .map_err(|error| WireError::Malformed(error.to_string()))?;
    let encoding = parsed
        .header("content-encoding")
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::to_ascii_lowercase);
    let body = if request.method.eq_ignore_ascii_case("HEAD") {
        Vec::new()
    } else {
        tightlip_detect::decode_body(encoding.as_deref(), &parsed.body, MAX_DECODED)
            .unwrap_or(parsed.body)
    };
    Ok(Response {
        status: parsed.status,
        headers: parsed.headers,
        body,
        elapsed,
    })
}

fn read_all(
    stream: &mut TcpStream,
    started: Instant,
    timeout: Duration,
) -> Result<Vec<u8>, WireError> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 << 10];
    loop {
        if started.elapsed() > timeout {
            return Err(WireError::Timeout(timeout));
        }
        match stream.read(&mut buffer) {
            Ok(0) => return Ok(raw),
            Ok(read) => {
                raw.extend_from_slice(&buffer[..read]);
                if raw.len() >= MAX_RESPONSE {
                    return Ok(raw);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(WireError::Timeout(timeout));
            }
            // A reset after a complete answer still leaves the answer.
            Err(_) => return Ok(raw),
        }
    }
}
