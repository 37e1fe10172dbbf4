//! Error responses the caller sees: a catalog problem in the negotiated format, with the
//! hardened header set and nothing else.

use crate::body::{self, Body};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Response, StatusCode};
use tightlip_core::error_page::{HTML_CSP, html_page, wants_html};
use tightlip_core::{Format, Problem, RequestId, error_headers, negotiate_format};

/// How the caller asked for the error.
pub struct Ask<'a> {
    /// The request method (HEAD gets no body).
    pub method: &'a Method,
    /// The `Accept` header.
    pub accept: Option<&'a str>,
    /// The catalog's format for `application/json`.
    pub json_default: Format,
}

/// Builds the response for `problem`; `keep` are upstream headers allowed through
/// (`WWW-Authenticate`, `Retry-After`, CORS, HSTS).
pub fn problem_response(
    problem: &Problem,
    id: &RequestId,
    ask: &Ask<'_>,
    keep: HeaderMap,
) -> Response<Body> {
    let html = wants_html(ask.accept);
    let format = negotiate_format(ask.accept, ask.json_default);
    let bytes = if html {
        html_page(problem)
    } else {
        problem.render(format)
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
    let body = if *ask.method == Method::HEAD {
        body::empty()
    } else {
        body::full(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_gets_headers_but_no_body() {
        let id = RequestId::parse_inbound("abc").unwrap();
        let problem = Problem::new(404, "NOT_FOUND", "Not found").with_request_id("abc");
        let ask = Ask {
            method: &Method::HEAD,
            accept: None,
            json_default: Format::Problem,
        };
        let response = problem_response(&problem, &id, &ask, HeaderMap::new());
        let length: usize = response.headers()[header::CONTENT_LENGTH]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(length, problem.render(Format::Problem).len());
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["x-request-id"], "abc");
    }
}
