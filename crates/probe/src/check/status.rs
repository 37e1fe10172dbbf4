//! Status codes: 5xx for client mistakes, 2xx that carry errors, silent hang-ups, and
//! 403 against 404.

use super::{Checker, EndpointRun};
use crate::finding::{Check, Finding, Findings, Scope};
use crate::schedule::Exchange;
use crate::wire::{Response, WireError};
use serde_json::Value;

/// The per-answer status checks. A 5xx counts against a client mistake only when the
/// endpoint's baseline did not fail already.
pub fn check(
    checker: &Checker,
    exchange: &Exchange,
    baseline: Option<&Response>,
    findings: &mut Findings,
) {
    let request = &exchange.request;
    let response = match &exchange.outcome {
        Ok(response) => response,
        Err(WireError::NoAnswer) => {
            let finding = Finding::new(
                Check::NoAnswer,
                request,
                None,
                format!("no answer to the {} probe", request.probe),
                "the connection was closed without a response",
            );
            findings.add(finding, Scope::Endpoint, request.probe);
            return;
        }
        Err(_) => return,
    };
    let baseline_failed = baseline.is_some_and(|b| b.status >= 500);
    if request.client_mistake && response.status >= 500 && !baseline_failed {
        let body = checker.excerpt(&response.body);
        let finding = Finding::new(
            Check::ServerErrorForClientMistake,
            request,
            Some(response.status),
            format!("{} to the {} probe", response.status, request.probe),
            body,
        );
        findings.add(finding, Scope::Endpoint, request.probe);
    }
    if (200..300).contains(&response.status) {
        if let Some(marker) = error_marker(response) {
            let finding = Finding::new(
                Check::ErrorIn2xx,
                request,
                Some(response.status),
                format!("{} with an error body ({marker})", response.status),
                checker.excerpt(&response.body),
            );
            findings.add(finding, Scope::Endpoint, marker);
        }
    }
}

/// Why a 2xx body reads as an error, if it does.
fn error_marker(response: &Response) -> Option<&'static str> {
    let Some(Value::Object(object)) = response.json() else {
        return None;
    };
    if object
        .get("error")
        .is_some_and(|e| !e.is_null() && e != &Value::Bool(false))
    {
        return Some("an `error` member");
    }
    if object
        .get("errors")
        .and_then(Value::as_array)
        .is_some_and(|errors| !errors.is_empty())
    {
        return Some("a non-empty `errors` member");
    }
    if object.get("success") == Some(&Value::Bool(false))
        || object.get("ok") == Some(&Value::Bool(false))
    {
        return Some("`success: false`");
    }
    if object
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("error"))
    {
        return Some("`status: \"error\"`");
    }
    None
}

/// 403 (or 401) on the endpoint but 404 on an unknown sibling: the status tells which
/// resources exist.
pub fn check_existence(run: &EndpointRun, findings: &mut Findings) {
    let Some(baseline) = run.exchanges.first() else {
        return;
    };
    let Some(denied) = baseline
        .response()
        .filter(|r| r.status == 403 || r.status == 401)
    else {
        return;
    };
    let unknown = run
        .exchanges
        .iter()
        .filter(|e| e.request.probe == "unknown_route")
        .find_map(|e| e.response().filter(|r| r.status == 404).map(|_| e));
    if let Some(unknown) = unknown {
        let finding = Finding::new(
            Check::ExistenceLeak,
            &baseline.request,
            Some(denied.status),
            format!(
                "{} for {} but 404 for {}",
                denied.status, baseline.request.target, unknown.request.target
            ),
            format!(
                "{} {} -> {}; {} {} -> 404",
                baseline.request.method,
                baseline.request.target,
                denied.status,
                unknown.request.method,
                unknown.request.target
            ),
        );
        findings.add(finding, Scope::Endpoint, "");
    }
}
