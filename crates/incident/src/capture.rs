//! Turning what the request path saw into incident fields, secrets masked on the way.

use crate::CapturedResponse;
use tightlip_detect::{Finding, Redactor};

/// The default capture limit: the most bytes of an upstream body an incident keeps.
pub const DEFAULT_CAPTURE_LIMIT: usize = 64 << 10;

/// Bytes past the capture limit that are still redacted before the cut, so a secret that
/// straddles the limit (a PEM key, a card number) is recognised whole and masked, never
/// kept as a fragment the redactor could not recognise.
const REDACT_BEYOND_LIMIT: usize = 16 << 10;

/// Captures an upstream response for an incident: headers and body masked, the body cut
/// at `limit` bytes (on a character boundary) with the truncation recorded.
pub fn capture_response(
    redactor: &Redactor,
    headers: &[(String, Vec<u8>)],
    body: &[u8],
    limit: usize,
) -> CapturedResponse {
    with_headers(redactor, headers, capture_body(redactor, body, limit))
}

/// An upstream body as an incident keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedBody {
    /// The body, masked, as text (invalid UTF-8 replaced), cut at the capture limit.
    pub body: String,
    /// Whether the body was cut at the capture limit.
    pub truncated: bool,
    /// The body's full size before capping.
    pub original_len: usize,
}

/// Masks a body and cuts it at `limit` bytes (on a character boundary).
///
/// The body is redacted first and cut afterwards: cutting first could split a secret
/// into a piece that no longer looks like one and so would be stored verbatim.
pub fn capture_body(redactor: &Redactor, body: &[u8], limit: usize) -> CapturedBody {
    let window = &body[..body.len().min(limit.saturating_add(REDACT_BEYOND_LIMIT))];
    let mut masked = redactor.redact(&String::from_utf8_lossy(window));
    let truncated = window.len() < body.len() || masked.len() > limit;
    if masked.len() > limit {
        let mut cut = limit;
        while !masked.is_char_boundary(cut) {
            cut -= 1;
        }
        masked.truncate(cut);
    }
    if truncated {
        // A cut may split a multi-byte character into a replacement character; drop it.
        while masked.ends_with('\u{FFFD}') {
            masked.pop();
        }
    }
    CapturedBody {
        body: masked,
        truncated,
        original_len: body.len(),
    }
}

/// Completes a captured body with the response's headers, masked.
pub fn with_headers(
    redactor: &Redactor,
    headers: &[(String, Vec<u8>)],
    body: CapturedBody,
) -> CapturedResponse {
    let headers = headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value);
            (
                name.to_ascii_lowercase(),
                redactor.redact_header(name, &value),
            )
        })
        .collect();
    CapturedResponse {
        headers,
        body: body.body,
        truncated: body.truncated,
        original_len: body.original_len,
    }
}

/// The request path with every query item masked and the path itself redacted:
/// `/pay?card=4242…&x=1` becomes `/pay?card=[REDACTED]&x=[REDACTED]`. Keys stay, as
/// they help find the route; a bare item without `=` is masked whole, as it may be a
/// token (`/callback?eyJhbGci…`); secrets in path segments are masked by the redactor.
pub fn redact_path(path_and_query: &str) -> String {
    let redactor = default_redactor();
    let Some((path, query)) = path_and_query.split_once('?') else {
        return redactor.redact(path_and_query);
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) => format!("{}=[REDACTED]", redactor.redact(key)),
            None if pair.is_empty() => String::new(),
            None => "[REDACTED]".to_owned(),
        })
        .collect();
    format!("{}?{}", redactor.redact(path), masked.join("&"))
}

/// One redactor for the callers of [`redact_path`], built on first use.
fn default_redactor() -> &'static Redactor {
    static REDACTOR: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
    REDACTOR.get_or_init(Redactor::new)
}

/// Masks free text bound for an incident, such as an error chain.
pub fn redact_lines(redactor: &Redactor, lines: &[String]) -> Vec<String> {
    lines.iter().map(|line| redactor.redact(line)).collect()
}

/// Detector findings as the incident keeps them.
pub fn finding_records(findings: &[Finding]) -> Vec<crate::FindingRecord> {
    findings
        .iter()
        .map(|finding| crate::FindingRecord {
            category: finding.category.as_str().to_owned(),
            rule: finding.rule.clone(),
            start: finding.span.start,
            end: finding.span.end,
            header: finding.header.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_headers_and_body_are_masked() {
        let redactor = Redactor::new();
        let headers = vec![
            ("Authorization".to_owned(), b"Bearer abc.def.ghi".to_vec()),
            ("Content-Type".to_owned(), b"text/plain".to_vec()),
        ];
        let body = b"connect failed: postgres://app:hunter2@db.internal:5432/shop card 4242 4242 4242 4242";
        let captured = capture_response(&redactor, &headers, body, 1024);
        let all = format!("{captured:?}");
        assert!(!all.contains("hunter2"), "{all}");
        assert!(!all.contains("abc.def.ghi"), "{all}");
        assert!(
            captured.body.contains("**** **** **** 4242"),
            "{}",
            captured.body
        );
        assert_eq!(
            captured.headers[1],
            ("content-type".to_owned(), "text/plain".to_owned())
        );
        assert!(!captured.truncated);
    }

    #[test]
    fn bodies_are_capped_on_a_character_boundary() {
        let body = "é".repeat(10);
        let captured = capture_response(&Redactor::new(), &[], body.as_bytes(), 5);
        assert_eq!(captured.body, "éé");
        assert!(captured.truncated);
        assert_eq!(captured.original_len, 20);
    }

    #[test]
    fn query_values_are_masked() {
        assert_eq!(
            redact_path("/pay?card=4242&x=1"),
            "/pay?card=[REDACTED]&x=[REDACTED]"
        );
        assert_eq!(redact_path("/pay?flag"), "/pay?[REDACTED]");
        assert_eq!(redact_path("/pay"), "/pay");
        assert_eq!(redact_path("/pay?a=1&&b"), "/pay?a=[REDACTED]&&[REDACTED]");
    }

    #[test]
    fn secrets_in_path_segments_are_masked() {
        let path = redact_path("/cards/4242424242424242/keys/AKIAIOSFODNN7EXAMPLE?x=1");
        assert!(!path.contains("4242424242424242"), "{path}");
        assert!(!path.contains("AKIAIOSFODNN7EXAMPLE"), "{path}");
        assert!(path.ends_with("?x=[REDACTED]"), "{path}");
    }

    /// Regression: the body used to be cut before redaction, so a card number or key
    /// straddling the limit survived as an unrecognisable fragment.
    #[test]
    fn a_secret_straddling_the_limit_is_masked_not_cut() {
        let prefix = "x".repeat(90);
        let body = format!("{prefix} card 4242 4242 4242 4242 and password=hunter2hunter2 end");
        for limit in 95..body.len() {
            let captured = capture_response(&Redactor::new(), &[], body.as_bytes(), limit);
            assert!(captured.truncated, "{limit}");
            for fragment in ["4242 4242", "4242424", "hunter2h"] {
                assert!(
                    !captured.body.contains(fragment),
                    "{limit}: {}",
                    captured.body
                );
            }
            assert!(captured.body.len() <= limit);
        }
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq0qzv1xTopSecretKeyMaterial\n-----END RSA PRIVATE KEY-----";
        let body = format!("{prefix}{key}");
        let captured = capture_response(&Redactor::new(), &[], body.as_bytes(), 140);
        assert!(!captured.body.contains("TopSecret"), "{}", captured.body);
    }
}
