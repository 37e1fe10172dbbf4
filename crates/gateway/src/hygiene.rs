//! Header hygiene: what never goes back to the caller, and what a replaced error keeps.

use http::HeaderMap;
use http::header::{self, HeaderName};

/// Hop-by-hop headers (RFC 9110 7.6.1) that a proxy must not forward.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "proxy-authenticate",
];

/// Removes hop-by-hop headers, including those the `Connection` header names.
pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
}

/// Removes banners (`Server`, `X-Powered-By`, `X-AspNet-Version`, `X-Debug-*`, ...) and
/// the configured `extra` names.
pub fn strip_revealing(headers: &mut HeaderMap, extra: &[String]) {
    for name in tightlip_core::REVEALING_HEADERS {
        headers.remove(name);
    }
    let debug: Vec<HeaderName> = headers
        .keys()
        .filter(|name| name.as_str().starts_with("x-debug"))
        .cloned()
        .collect();
    for name in debug {
        headers.remove(name);
    }
    for name in extra {
        if let Ok(name) = HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()) {
            headers.remove(name);
        }
    }
}

/// Whether [`strip_revealing`] removes the header `name`.
pub fn is_stripped(name: &str, extra: &[String]) -> bool {
    let name = name.to_ascii_lowercase();
    tightlip_core::error_page::is_revealing_header(&name)
        || extra.iter().any(|e| e.eq_ignore_ascii_case(&name))
}

/// The allowlisted upstream headers a replaced error starts from: nothing unknown leaks.
pub fn kept_on_error(upstream: &HeaderMap, extra: &[String]) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for (name, value) in upstream {
        let name_text = name.as_str();
        let allowed = tightlip_core::error_page::is_kept_on_error(name_text)
            || extra.iter().any(|e| e.eq_ignore_ascii_case(name_text));
        if allowed {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn replaced_errors_keep_only_the_allowlist() {
        let mut upstream = HeaderMap::new();
        upstream.insert("server", HeaderValue::from_static("gunicorn/20.1.0"));
        upstream.insert("x-internal-host", HeaderValue::from_static("db-7.corp"));
        upstream.insert("retry-after", HeaderValue::from_static("5"));
        upstream.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        let kept = kept_on_error(&upstream, &[]);
        let names: Vec<&str> = kept.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["retry-after", "access-control-allow-origin"]);
    }

    #[test]
    fn banners_and_debug_headers_go() {
        let mut headers = HeaderMap::new();
        headers.insert("server", HeaderValue::from_static("nginx/1.18.0"));
        headers.insert("x-powered-by", HeaderValue::from_static("Express"));
        headers.insert(
            "x-debug-token-link",
            HeaderValue::from_static("/_profiler/1"),
        );
        headers.insert("x-backend", HeaderValue::from_static("api-3"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        strip_revealing(&mut headers, &["X-Backend".to_owned()]);
        let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["content-type"]);
    }
}
