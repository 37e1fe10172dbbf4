//! Turning what the request path saw into incident fields, secrets masked on the way.

use crate::CapturedResponse;
use tightlip_detect::{Finding, Redactor};

/// Captures an upstream response for an incident: headers and body masked, the body cut
/// at `limit` bytes (on a character boundary) with the truncation recorded.
pub fn capture_response(
    redactor: &Redactor,
    headers: &[(String, Vec<u8>)],
    body: &[u8],
    limit: usize,
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
    let kept = &body[..body.len().min(limit)];
    let mut text = String::from_utf8_lossy(kept).into_owned();
    if kept.len() < body.len() {
        // A cut may split a multi-byte character into a replacement character; drop it.
        while text.ends_with('\u{FFFD}') {
            text.pop();
        }
    }
    CapturedResponse {
        headers,
        body: redactor.redact(&text),
        truncated: kept.len() < body.len(),
        original_len: body.len(),
    }
}

/// The request path with every query value masked: `/pay?card=4242…&x=1` becomes
/// `/pay?card=[REDACTED]&x=[REDACTED]`. Keys stay, as they help find the route.
pub fn redact_path(path_and_query: &str) -> String {
    let Some((path, query)) = path_and_query.split_once('?') else {
        return path_and_query.to_owned();
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) => format!("{key}=[REDACTED]"),
            None if pair.is_empty() => String::new(),
            None => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", masked.join("&"))
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
        assert_eq!(redact_path("/pay?flag"), "/pay?flag");
        assert_eq!(redact_path("/pay"), "/pay");
    }
}
