//! Error responses the caller sees: a catalog problem in the negotiated format, with the
//! hardened header set and nothing else.

use crate::body::{self, Body};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Response, StatusCode};
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

/// Whether the caller is a browser asking for HTML first.
fn wants_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept else { return false };
    let first = accept.split(',').next().unwrap_or_default();
    first.trim().to_ascii_lowercase().starts_with("text/html")
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
        // A self-contained page: no scripts, styles only inline.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
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

/// A minimal HTML page with the same content as the problem.
fn html_page(problem: &Problem) -> Vec<u8> {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let detail = problem.detail.as_deref().map(escape).unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status} {title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#222}}\
         code{{background:#f3f3f3;padding:.1em .3em}}</style></head><body><h1>{title}</h1><p>{detail}</p>\
         <p>Reference: <code>{id}</code></p></body></html>",
        status = problem.status,
        title = escape(&problem.title),
        id = escape(&problem.request_id),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything() {
        let problem = Problem::new(404, "NOT_FOUND", "<b>")
            .with_detail("\"x\" & 'y'")
            .with_request_id("id<");
        let page = String::from_utf8(html_page(&problem)).unwrap();
        assert!(page.contains("<h1>&lt;b&gt;</h1>"));
        assert!(page.contains("&quot;x&quot; &amp; &#39;y&#39;"));
        assert!(page.contains("<code>id&lt;</code>"));
    }

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
