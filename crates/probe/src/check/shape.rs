//! Error format: one schema across the API (shapes clustered, odd ones out reported),
//! RFC 9457 where claimed, and a request ID on every error.

use super::{Checker, EndpointRun};
use crate::finding::{Check, Finding, Findings, Scope};
use crate::schedule::Exchange;
use crate::wire::Response;
use serde_json::Value;
use std::collections::BTreeMap;

/// Headers that carry a request ID.
const ID_HEADERS: [&str; 6] = [
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "traceparent",
    "x-trace-id",
];
/// Body members that carry a request ID.
const ID_MEMBERS: [&str; 6] = [
    "request_id",
    "requestId",
    "trace_id",
    "traceId",
    "correlation_id",
    "correlationId",
];

/// The per-answer format checks, on errors (400 and above).
pub fn check_one(checker: &Checker, exchange: &Exchange, findings: &mut Findings) {
    let Some(response) = exchange.response().filter(|r| r.status >= 400) else {
        return;
    };
    let request = &exchange.request;
    if response.media_type() == "application/problem+json" {
        if let Err(broken) = rfc9457(response) {
            let finding = Finding::new(
                Check::Rfc9457,
                request,
                Some(response.status),
                format!("problem+json that breaks RFC 9457: {broken}"),
                checker.excerpt(&response.body),
            );
            findings.add(finding, Scope::Api, &broken);
        }
    }
    let in_header = ID_HEADERS
        .iter()
        .any(|name| response.header(name).is_some());
    let in_body = matches!(response.json(), Some(Value::Object(o)) if ID_MEMBERS.iter().any(|m| o.contains_key(*m)));
    if !in_header && !in_body {
        let finding = Finding::new(
            Check::RequestId,
            request,
            Some(response.status),
            format!("{} without a request ID", response.status),
            "no X-Request-ID/Request-Id/traceparent header and no request_id member",
        );
        findings.add(finding, Scope::Api, "");
    }
}

/// What breaks RFC 9457 section 3.1 in a problem document, if anything.
fn rfc9457(response: &Response) -> Result<(), String> {
    let Some(Value::Object(problem)) = response.json() else {
        return Err("the body is not a JSON object".into());
    };
    for member in ["type", "title", "detail", "instance"] {
        if problem.get(member).is_some_and(|v| !v.is_string()) {
            return Err(format!("`{member}` is not a string"));
        }
    }
    match problem.get("status") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(response.status)) => Ok(()),
        Some(Value::Number(n)) => Err(format!(
            "`status` {n} differs from the HTTP status {}",
            response.status
        )),
        Some(_) => Err("`status` is not a number".into()),
        None => Ok(()),
    }
}

/// The shape of an error: media type and, for JSON objects, the sorted top-level keys.
/// Values (IDs, timestamps, messages) vary; the schema should not.
fn shape(response: &Response) -> String {
    let media = response.media_type();
    let media = if media.is_empty() {
        "none".to_owned()
    } else {
        media
    };
    match response.json() {
        Some(Value::Object(object)) => {
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            format!("{media} {{{}}}", keys.join(","))
        }
        Some(Value::Array(_)) => format!("{media} [array]"),
        _ if response.body.is_empty() => format!("{media} (empty)"),
        _ => media,
    }
}

/// Clusters every error of the run by shape; every shape but the most common is an odd
/// one out, reported once per endpoint with an example.
pub fn check_clusters(checker: &Checker, runs: &[EndpointRun], findings: &mut Findings) {
    let mut clusters: BTreeMap<String, Vec<&Exchange>> = BTreeMap::new();
    // One schema is owed per negotiated format: only answers to requests for JSON count.
    let asked_json = |exchange: &&Exchange| {
        exchange
            .request
            .header_value("accept")
            .is_some_and(|accept| accept == "application/json")
    };
    for exchange in runs
        .iter()
        .flat_map(|run| &run.exchanges)
        .filter(asked_json)
    {
        if let Some(response) = exchange.response().filter(|r| r.status >= 400) {
            clusters.entry(shape(response)).or_default().push(exchange);
        }
    }
    let Some((usual, usual_count)) = clusters
        .iter()
        .max_by_key(|(shape, members)| (members.len(), std::cmp::Reverse((*shape).clone())))
        .map(|(shape, members)| (shape.clone(), members.len()))
    else {
        return;
    };
    let total: usize = clusters.values().map(Vec::len).sum();
    for (odd, members) in clusters.iter().filter(|(shape, _)| **shape != usual) {
        for exchange in members {
            let response = exchange
                .response()
                .expect("clustered exchanges have answers");
            let finding = Finding::new(
                Check::OddShape,
                &exchange.request,
                Some(response.status),
                format!(
                    "error shape `{odd}` ({} of {total} errors) differs from the usual `{usual}` ({usual_count})",
                    members.len()
                ),
                checker.excerpt(&response.body),
            );
            findings.add(finding, Scope::Api, odd);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn response(status: u16, media: &str, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), media.as_bytes().to_vec())],
            body: body.as_bytes().to_vec(),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn rfc9457_rules() {
        let ok = response(
            404,
            "application/problem+json",
            r#"{"type":"about:blank","title":"Not Found","status":404}"#,
        );
        assert_eq!(rfc9457(&ok), Ok(()));
        let wrong = response(
            404,
            "application/problem+json",
            r#"{"title":"x","status":500}"#,
        );
        assert_eq!(
            rfc9457(&wrong),
            Err("`status` 500 differs from the HTTP status 404".into())
        );
        let typed = response(400, "application/problem+json", r#"{"title":7}"#);
        assert_eq!(rfc9457(&typed), Err("`title` is not a string".into()));
        let text = response(400, "application/problem+json", "oops");
        assert!(rfc9457(&text).is_err());
    }

    #[test]
    fn shapes_ignore_values() {
        let a = response(
            404,
            "application/json; charset=utf-8",
            r#"{"error":"no such user"}"#,
        );
        let b = response(401, "application/json", r#"{"error":"wrong password"}"#);
        assert_eq!(shape(&a), shape(&b));
        assert_eq!(
            shape(&response(404, "text/html", "<h1>x</h1>")),
            "text/html"
        );
    }
}
