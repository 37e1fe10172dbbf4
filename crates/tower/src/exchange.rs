//! What the layer keeps of a request until its response is decided: cheap clones only, so
//! the success path allocates nothing.

use crate::request_id;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request};
use std::net::SocketAddr;
use std::time::Instant;

/// The header the request ID travels in, both ways.
pub(crate) const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// One request as the layer remembers it.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub id: HeaderValue,
    pub client_request_id: Option<HeaderValue>,
    pub method: Method,
    pub target: Target,
    pub accept: Option<HeaderValue>,
    pub accept_language: Option<HeaderValue>,
    pub client: Option<SocketAddr>,
    pub started: Instant,
}

impl Exchange {
    /// Assigns or keeps the request ID (the [`CurrentRequestId`](crate::CurrentRequestId)
    /// marker in the extensions unless turned off) and remembers the request.
    pub fn begin<B>(request: &mut Request<B>, trust_inbound: bool, extension: bool) -> Self {
        let started = Instant::now();
        let inbound = request
            .headers()
            .get(&X_REQUEST_ID)
            .and_then(request_id::valid_inbound);
        let (id, client_request_id) = match (trust_inbound, inbound) {
            (true, Some(inbound)) => (inbound, None),
            (_, inbound) => (request_id::generate(), inbound),
        };
        let headers = request.headers();
        let accept = headers.get(header::ACCEPT).cloned();
        let accept_language = headers.get(header::ACCEPT_LANGUAGE).cloned();
        let client = client_addr(request);
        if extension {
            request_id::mark(request.extensions_mut());
        }
        Self {
            id,
            client_request_id,
            method: request.method().clone(),
            target: Target::copy(request.uri()),
            accept,
            accept_language,
            client,
            started,
        }
    }

    /// The `Accept` header as text.
    pub fn accept(&self) -> Option<&str> {
        self.accept.as_ref().and_then(|v| v.to_str().ok())
    }

    /// The `Accept-Language` header as text.
    pub fn accept_language(&self) -> Option<&str> {
        self.accept_language.as_ref().and_then(|v| v.to_str().ok())
    }

    /// The request ID as text.
    pub fn id(&self) -> &str {
        self.id.to_str().expect("request IDs are ASCII")
    }

    /// The request path, without its query.
    pub fn path(&self) -> &str {
        let target = self.target.as_str();
        target.split('?').next().unwrap_or(target)
    }

    /// The path with its query, for the incident (masked there).
    pub fn path_and_query(&self) -> &str {
        self.target.as_str()
    }
}

/// Longest request target kept; longer ones are cut (incidents mark nothing is lost but
/// the tail of an over-long query).
const TARGET_LEN: usize = 512;

/// The request target (path and query), copied inline: cloning the `Uri` could allocate
/// when its bytes are not shared, and the success path never reads it.
pub(crate) struct Target {
    bytes: [u8; TARGET_LEN],
    len: usize,
}

impl Target {
    fn copy(uri: &http::Uri) -> Self {
        let text = uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str);
        let mut len = text.len().min(TARGET_LEN);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0u8; TARGET_LEN];
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Self { bytes, len }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("/")
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "axum")]
fn client_addr<B>(request: &Request<B>) -> Option<SocketAddr> {
    request
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0)
        .or_else(|| request.extensions().get::<SocketAddr>().copied())
}

#[cfg(not(feature = "axum"))]
fn client_addr<B>(request: &Request<B>) -> Option<SocketAddr> {
    request.extensions().get::<SocketAddr>().copied()
}
