//! What a request must satisfy before it is routed: a bounded head, a usable target and
//! exactly one valid host. A refusal is the gateway's own 431 or 400.

use http::header::{self, HeaderMap};
use http::{Method, Request, Version};

/// Why a request is refused: the public status and the incident's reason.
pub type Refusal = (u16, &'static str);

/// Checks `request` against the head limit and the request-target rules of RFC 9112.
pub fn screen<B>(request: &Request<B>, header_limit: u64) -> Result<(), Refusal> {
    if head_size(request) > header_limit {
        return Err((431, "header_too_large"));
    }
    if request.method() == Method::CONNECT {
        return Err((400, "connect_not_supported"));
    }
    if !request.uri().path().starts_with('/') {
        return Err((400, "malformed_target"));
    }
    host_of(request).map(|_| ())
}

/// The host a request is for: the URI's authority (HTTP/2, absolute form) or the single
/// `Host` header. HTTP/1.1 without one is malformed; HTTP/1.0 may go without.
pub fn host_of<B>(request: &Request<B>) -> Result<Option<&str>, Refusal> {
    if let Some(authority) = request.uri().authority() {
        return Ok(Some(authority.as_str()));
    }
    let mut hosts = request.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(_), Some(_)) => Err((400, "duplicate_host")),
        (Some(value), None) => {
            let text = value.to_str().map_err(|_| (400, "malformed_host"))?;
            text.parse::<http::uri::Authority>()
                .map_err(|_| (400, "malformed_host"))?;
            Ok(Some(text))
        }
        (None, _) if request.version() == Version::HTTP_11 => Err((400, "missing_host")),
        (None, _) => Ok(None),
    }
}

/// Bytes of the request head as sent: request line and header lines.
fn head_size<B>(request: &Request<B>) -> u64 {
    let line = request.method().as_str().len()
        + request
            .uri()
            .path_and_query()
            .map_or(1, |pq| pq.as_str().len())
        + 12;
    let size = line + headers_size(request.headers());
    u64::try_from(size).unwrap_or(u64::MAX)
}

fn headers_size(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(build: http::request::Builder) -> Request<()> {
        build.body(()).unwrap()
    }

    #[test]
    fn head_limits_and_targets() {
        let ok = request(Request::get("/x").header("host", "a.test"));
        assert_eq!(screen(&ok, 1024), Ok(()));
        let big = request(
            Request::get("/x")
                .header("host", "a")
                .header("x-big", "v".repeat(2000)),
        );
        assert_eq!(screen(&big, 1024), Err((431, "header_too_large")));
        let no_host = request(Request::get("/x"));
        assert_eq!(screen(&no_host, 1024), Err((400, "missing_host")));
        let old = request(Request::get("/x").version(Version::HTTP_10));
        assert_eq!(screen(&old, 1024), Ok(()));
        let two = request(Request::get("/x").header("host", "a").header("host", "b"));
        assert_eq!(screen(&two, 1024), Err((400, "duplicate_host")));
        let bad = request(Request::get("/x").header("host", "a b"));
        assert_eq!(screen(&bad, 1024), Err((400, "malformed_host")));
        let star = request(Request::options("*").header("host", "a"));
        assert_eq!(screen(&star, 1024), Err((400, "malformed_target")));
    }
}
