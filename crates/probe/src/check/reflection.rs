//! Reflection: the run's canary, sent in the request, must not come back.

use super::Checker;
use crate::finding::{Check, Finding, Findings, Scope};
use crate::schedule::Exchange;
use tightlip_detect::Severity;

/// Finds the canary (and evaluated template expressions) in `exchange`'s answer.
///
/// Severity follows what an echo can do: a credential echoed is high; an echo a browser
/// may render (HTML, text, or no `nosniff`) is medium; inside JSON served with `nosniff`
/// it is low. The RFC 9457 `instance` member names the request by design and is not
/// counted.
pub fn check(checker: &Checker, exchange: &Exchange, findings: &mut Findings) {
    let Some(response) = exchange.response() else {
        return;
    };
    let canary = checker.canary.as_bytes();
    let evaluated = format!("{}49", checker.canary);
    if let Some(at) = find(&response.body, evaluated.as_bytes()) {
        let finding = Finding::new(
            Check::TemplateEvaluated,
            &exchange.request,
            Some(response.status),
            "7*7 in a template expression came back as 49",
            checker.evidence(&response.body, at..at + evaluated.len()),
        );
        findings.add(finding, Scope::Endpoint, "");
    }
    for (name, value) in &response.headers {
        if find(value, canary).is_some() {
            let severity = if exchange.request.canary_in_credential {
                Severity::High
            } else {
                Severity::Medium
            };
            let finding = Finding::new(
                Check::Reflection,
                &exchange.request,
                Some(response.status),
                format!("the canary comes back in header {name}"),
                checker.header_evidence(name, value),
            )
            .with_severity(severity);
            findings.add(
                finding,
                Scope::Endpoint,
                &format!("header:{}", name.to_ascii_lowercase()),
            );
        }
    }
    let body = without_instance(response);
    let Some(at) = find(&body, canary) else {
        return;
    };
    let media = response.media_type();
    let renderable = !media.contains("json")
        || !response
            .header("x-content-type-options")
            .is_some_and(|v| v.eq_ignore_ascii_case("nosniff"));
    let (severity, what) = if exchange.request.canary_in_credential {
        (Severity::High, "a credential sent in the request is echoed")
    } else if renderable {
        (
            Severity::Medium,
            "request input is echoed where a browser may render it",
        )
    } else {
        (Severity::Low, "request input is echoed inside JSON")
    };
    let media_shown = if media.is_empty() {
        "no content type"
    } else {
        media.as_str()
    };
    let finding = Finding::new(
        Check::Reflection,
        &exchange.request,
        Some(response.status),
        format!("{what} ({media_shown})"),
        checker.evidence(&body, at..at + canary.len()),
    )
    .with_severity(severity);
    findings.add(
        finding,
        Scope::Endpoint,
        &format!("body:{}", exchange.request.probe),
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The body, with a problem document's `instance` member blanked.
fn without_instance(response: &crate::wire::Response) -> Vec<u8> {
    if response.media_type() != "application/problem+json" {
        return response.body.clone();
    }
    match response.json() {
        Some(serde_json::Value::Object(mut problem)) => {
            problem.remove("instance");
            serde_json::Value::Object(problem).to_string().into_bytes()
        }
        _ => response.body.clone(),
    }
}
