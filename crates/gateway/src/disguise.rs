//! Errors in disguise: a 2xx JSON body that says it failed (`{"error": ...}`,
//! `"success": false`). Only small JSON bodies of known length are sniffed, so every other
//! success still streams through unbuffered.

use http::HeaderMap;
use http::header;
use serde::Deserialize;

/// What a route does with a 2xx that is an error in disguise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisguiseMode {
    /// Do not look at 2xx bodies at all.
    Off,
    /// Record a `status_mismatch` incident; the response goes through unchanged.
    #[default]
    Record,
    /// Record, and when a mapping rule matches the body answer with its catalog problem.
    Rewrite,
}

/// Whether a 2xx response is worth sniffing: JSON with a declared length up to `limit`.
pub fn worth_sniffing(headers: &HeaderMap, limit: u64) -> bool {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let essence = v.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
                || essence.to_ascii_lowercase().ends_with("+json")
        });
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|length| length <= limit);
    // A compressed body would need decoding first; it streams through unread.
    json && small && !headers.contains_key(header::CONTENT_ENCODING)
}

/// Why `body` is an error in disguise, or `None` when it reads as a success.
pub fn disguised(body: &[u8]) -> Option<&'static str> {
    // Cheap pre-filter: most successes mention none of the keys.
    let finder = |needle: &str| memchr::memmem::find(body, needle.as_bytes()).is_some();
    if !finder("\"error") && !finder("\"success\"") && !finder("\"ok\"") {
        return None;
    }
    let serde_json::Value::Object(object) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let present = |value: &serde_json::Value| match value {
        serde_json::Value::Null | serde_json::Value::Bool(false) => false,
        serde_json::Value::String(text) => !text.is_empty(),
        serde_json::Value::Array(items) => !items.is_empty(),
        serde_json::Value::Object(map) => !map.is_empty(),
        _ => true,
    };
    if object.get("error").is_some_and(present) {
        return Some("error_field");
    }
    if object.get("errors").is_some_and(present) {
        return Some("errors_field");
    }
    if object.get("success") == Some(&serde_json::Value::Bool(false)) {
        return Some("success_false");
    }
    if object.get("ok") == Some(&serde_json::Value::Bool(false)) {
        return Some("ok_false");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_in_disguise_are_named() {
        assert_eq!(
            disguised(br#"{"error":"card declined"}"#),
            Some("error_field")
        );
        assert_eq!(
            disguised(br#"{"success":false,"data":null}"#),
            Some("success_false")
        );
        assert_eq!(
            disguised(br#"{"errors":[{"m":"x"}]}"#),
            Some("errors_field")
        );
        assert_eq!(disguised(br#"{"ok":false}"#), Some("ok_false"));
    }

    #[test]
    fn successes_are_not() {
        assert_eq!(disguised(br#"{"error":null,"id":1}"#), None);
        assert_eq!(disguised(br#"{"errors":[],"success":true}"#), None);
        assert_eq!(disguised(br#"[{"error":"x"}]"#), None);
        assert_eq!(disguised(br#"{"id":42}"#), None);
        assert_eq!(disguised(b"not json \"error\""), None);
    }

    #[test]
    fn only_small_plain_json_is_sniffed() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            "application/json; charset=utf-8".parse().unwrap(),
        );
        headers.insert("content-length", "120".parse().unwrap());
        assert!(worth_sniffing(&headers, 1024));
        assert!(!worth_sniffing(&headers, 100));
        headers.insert("content-encoding", "gzip".parse().unwrap());
        assert!(!worth_sniffing(&headers, 1024));
        headers.remove("content-encoding");
        headers.remove("content-length");
        assert!(!worth_sniffing(&headers, 1024), "chunked streams through");
    }
}
