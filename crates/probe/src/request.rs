//! A crafted request, exactly as it goes on the wire.

use serde::Serialize;
use std::fmt::Write as _;

/// The HTTP version written in the request line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Version {
    /// `HTTP/1.0`: no Host header unless one is set.
    Http10,
    /// `HTTP/1.1`.
    Http11,
}

impl Version {
    /// The request-line token.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
}

/// What the `Host` header says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Host {
    /// The origin's own authority.
    Origin,
    /// A value of the probe's choosing (bad Host).
    Custom(String),
    /// No Host header at all.
    Omit,
}

/// One request of the battery: method, raw request target, headers and body as written.
#[derive(Debug, Clone, Serialize)]
pub struct CraftedRequest {
    /// The probe that built it, such as `malformed_json`.
    pub probe: &'static str,
    /// The endpoint it targets, as `METHOD /template`.
    pub endpoint: String,
    /// The method token, written verbatim (may be invalid on purpose).
    pub method: String,
    /// The request target (path and query), written verbatim.
    pub target: String,
    /// Request-line version.
    pub version: Version,
    /// The Host header.
    pub host: Host,
    /// Headers besides Host, Content-Length and Connection, in order.
    pub headers: Vec<(String, String)>,
    /// The body; a Content-Length is written when it is not empty or the method is POST.
    #[serde(skip)]
    pub body: Vec<u8>,
    /// Whether the request is a client mistake that deserves a 4xx, never a 5xx.
    pub client_mistake: bool,
    /// Whether the run's canary rides in a credential header (Authorization, Cookie).
    pub canary_in_credential: bool,
}

impl CraftedRequest {
    /// A well-formed request from `probe` to `endpoint`.
    pub fn new(probe: &'static str, endpoint: &str, method: &str, target: String) -> Self {
        Self {
            probe,
            endpoint: endpoint.to_owned(),
            method: method.to_owned(),
            target,
            version: Version::Http11,
            host: Host::Origin,
            headers: Vec::new(),
            body: Vec::new(),
            client_mistake: true,
            canary_in_credential: false,
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets the body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of header `name`, if the request has it.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the method is one that changes state (DELETE, PUT, PATCH).
    pub fn is_unsafe_method(&self) -> bool {
        ["DELETE", "PUT", "PATCH"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&self.method))
    }

    /// The bytes written to the socket, with `authority` as the origin's Host.
    pub fn to_wire(&self, authority: &str) -> Vec<u8> {
        let mut head = format!(
            "{} {} {}\r\n",
            self.method,
            self.target,
            self.version.as_str()
        );
        match &self.host {
            Host::Origin => {
                let _ = write!(head, "Host: {authority}\r\n");
            }
            Host::Custom(value) => {
                let _ = write!(head, "Host: {value}\r\n");
            }
            Host::Omit => {}
        }
        for (name, value) in &self.headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        if !self.body.is_empty() || self.method == "POST" {
            let _ = write!(head, "Content-Length: {}\r\n", self.body.len());
        }
        // One connection per request keeps every exchange independent and framing simple.
        head.push_str("Connection: close\r\n\r\n");
        let mut wire = head.into_bytes();
        wire.extend_from_slice(&self.body);
        wire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_is_verbatim() {
        let mut request =
            CraftedRequest::new("http10", "GET /", "GET", "/a%2e?b".into()).header("Accept", "*/*");
        request.version = Version::Http10;
        request.host = Host::Omit;
        let wire = String::from_utf8(request.to_wire("127.0.0.1:1")).unwrap();
        assert_eq!(
            wire,
            "GET /a%2e?b HTTP/1.0\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        let post = CraftedRequest::new("x", "POST /", "POST", "/".into()).body("{");
        let wire = String::from_utf8(post.to_wire("h:1")).unwrap();
        assert!(wire.starts_with("POST / HTTP/1.1\r\nHost: h:1\r\nContent-Length: 1\r\n"));
        assert!(wire.ends_with("\r\n\r\n{"));
    }
}
