//! Error responses the caller sees: a catalog problem in the negotiated format with the
//! hardened header set, the same as the gateway serves.

use bytes::Bytes;
use http::StatusCode;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use tightlip_core::error_page::{HTML_CSP, html_page, wants_html};
use tightlip_core::{Format, Problem, RequestId, error_headers, negotiate_format};

/// How the caller asked for the error.
pub(crate) struct Ask<'a> {
    /// The `Accept` header.
    pub accept: Option<&'a str>,
    /// The catalog's format for `application/json`.
    pub json_default: Format,
    /// Whether the request was HEAD (headers only).
    pub head: bool,
}

/// A rendered error: status, headers and body bytes.
pub(crate) struct Rendered {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// Renders `problem` for `ask`; `keep` are allowlisted headers of the replaced response
/// (`Retry-After`, `WWW-Authenticate`, CORS) and `debug` the internal chain, shown only in
/// development mode.
pub(crate) fn render(
    problem: &Problem,
    id: &RequestId,
    ask: &Ask<'_>,
    keep: HeaderMap,
    debug: Option<&[String]>,
) -> Rendered {
    let html = wants_html(ask.accept);
    let format = negotiate_format(ask.accept, ask.json_default);
    let bytes = if html {
        html_page(problem)
    } else {
        let body = problem.render(format);
        match debug {
            Some(chain) => with_debug_member(body, chain),
            None => body,
        }
    };
    let mut headers = keep;
    for (name, value) in error_headers(format, id) {
        let value = HeaderValue::from_str(&value).expect("error header values are ASCII");
        headers.insert(HeaderName::from_static(name), value);
    }
    if html {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(HTML_CSP),
        );
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if ask.head {
        Bytes::new()
    } else {
        Bytes::from(bytes)
    };
    Rendered {
        status,
        headers,
        body,
    }
}

/// Adds `"debug": {"chain": [...]}` to a rendered JSON body (development mode only).
fn with_debug_member(body: Vec<u8>, chain: &[String]) -> Vec<u8> {
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(&body) else {
        return body;
    };
    object.insert("debug".to_owned(), serde_json::json!({ "chain": chain }));
    serde_json::to_vec(&object).unwrap_or(body)
}

/// The allowlisted headers of a response an error replaces.
pub(crate) fn kept_on_error(headers: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for (name, value) in headers {
        if tightlip_core::error_page::is_kept_on_error(name.as_str()) {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

/// Removes banners and `x-debug-*` headers, without allocating when there are none.
pub(crate) fn strip_revealing(headers: &mut HeaderMap) {
    // One pass over the names present (a success has two or three) rather than a map
    // lookup per banner name: the lookups parse and hash each name, on every success.
    while let Some(name) = headers
        .keys()
        .find(|name| tightlip_core::error_page::is_revealing_header(name.as_str()))
        .cloned()
    {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(accept: Option<&str>, head: bool) -> Ask<'_> {
        Ask {
            accept,
            json_default: Format::Problem,
            head,
        }
    }

    #[test]
    fn head_gets_headers_but_no_body() {
        let id = RequestId::parse_inbound("abc").unwrap();
        let problem = Problem::new(404, "NOT_FOUND", "Not found").with_request_id("abc");
        let rendered = render(&problem, &id, &ask(None, true), HeaderMap::new(), None);
        assert!(rendered.body.is_empty());
        assert_eq!(
            rendered.headers[header::CONTENT_LENGTH],
            problem.render(Format::Problem).len().to_string().as_str()
        );
        assert_eq!(rendered.headers["cache-control"], "no-store");
        assert_eq!(rendered.headers["x-request-id"], "abc");
    }

    #[test]
    fn debug_member_only_when_asked_and_never_in_html() {
        let id = RequestId::parse_inbound("abc").unwrap();
        let problem = Problem::new(500, "INTERNAL_ERROR", "Internal error");
        let chain = ["db: connection refused".to_owned()];
        let json = render(
            &problem,
            &id,
            &ask(None, false),
            HeaderMap::new(),
            Some(&chain),
        );
        let value: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
        assert_eq!(value["debug"]["chain"][0], "db: connection refused");
        let html = render(
            &problem,
            &id,
            &ask(Some("text/html"), false),
            HeaderMap::new(),
            Some(&chain),
        );
        assert!(!String::from_utf8_lossy(&html.body).contains("connection refused"));
        assert_eq!(html.headers[header::CONTENT_SECURITY_POLICY], HTML_CSP);
    }

    #[test]
    fn stripping_removes_banners_and_debug_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("server", HeaderValue::from_static("axum/0.8"));
        headers.insert("x-debug-token", HeaderValue::from_static("1"));
        headers.insert("x-debug-link", HeaderValue::from_static("/_p"));
        headers.insert("content-type", HeaderValue::from_static("text/plain"));
        strip_revealing(&mut headers);
        let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["content-type"]);
    }
}
