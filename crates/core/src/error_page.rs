//! What an error response looks like beyond its JSON body, as data the gateway and the
//! tower layer both apply: the HTML page for browsers and which headers an error keeps.

use crate::Problem;

/// Headers a replaced error keeps from the response it replaces: they tell the client how
/// to proceed and reveal nothing about the backend (plus every `access-control-*`).
pub const KEPT_ON_ERRORS: [&str; 5] = [
    "www-authenticate",
    "retry-after",
    "vary",
    "strict-transport-security",
    "allow",
];

/// Whether a replaced error keeps the header `name` (lower-case).
pub fn is_kept_on_error(name: &str) -> bool {
    KEPT_ON_ERRORS.contains(&name) || name.starts_with("access-control-")
}

/// Whether `name` (lower-case) announces software or versions: a banner or `x-debug-*`.
pub fn is_revealing_header(name: &str) -> bool {
    crate::REVEALING_HEADERS.contains(&name) || name.starts_with("x-debug")
}

/// Whether the caller is a browser asking for HTML first.
pub fn wants_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept else { return false };
    let first = accept.split(',').next().unwrap_or_default();
    first.trim().to_ascii_lowercase().starts_with("text/html")
}

/// The `Content-Security-Policy` of [`html_page`]: no scripts, styles only inline.
pub const HTML_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// A minimal, self-contained HTML page with the same content as the problem.
pub fn html_page(problem: &Problem) -> Vec<u8> {
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
    fn allowlist_and_banners() {
        assert!(is_kept_on_error("retry-after"));
        assert!(is_kept_on_error("access-control-allow-origin"));
        assert!(!is_kept_on_error("x-internal-host"));
        assert!(is_revealing_header("server"));
        assert!(is_revealing_header("x-debug-token-link"));
        assert!(!is_revealing_header("content-type"));
        assert!(wants_html(Some("text/html,application/xhtml+xml")));
        assert!(!wants_html(Some("application/json, text/html")));
    }
}
