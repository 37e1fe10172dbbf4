//! SARIF 2.1.0: one run, one rule per check, one result per finding with the web
//! request and response it came from.

use super::Report;
use crate::battery::is_credential_header;
use crate::finding::{Check, Finding};
use serde_json::{Value, json};
use tightlip_detect::Severity;

/// The schema the output claims (and is tested against).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Request bodies are shown up to this many characters.
const MAX_BODY: usize = 2048;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// The CVSS-like score code-scanning dashboards sort by.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "8.0",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
    }
}

fn rule(check: Check) -> Value {
    json!({
        "id": check.id(),
        "name": check.id().replace(['.', '_'], " "),
        "shortDescription": { "text": check.id() },
        "fullDescription": { "text": check.description() },
        "help": { "text": check.description() },
        "defaultConfiguration": { "level": level(check.default_severity()) },
        "properties": {
            "tags": ["security", "error-handling"],
            "security-severity": security_severity(check.default_severity()),
        },
    })
}

fn result(finding: &Finding, rule_index: usize) -> Value {
    let request = &finding.request;
    let headers: serde_json::Map<String, Value> = request
        .headers
        .iter()
        .map(|(name, value)| {
            let shown = if is_credential_header(name) {
                "<masked>"
            } else {
                value
            };
            (name.clone(), Value::from(shown))
        })
        .collect();
    let mut body = String::from_utf8_lossy(&request.body).into_owned();
    if body.chars().count() > MAX_BODY {
        body = format!(
            "{}… ({} bytes)",
            body.chars().take(MAX_BODY).collect::<String>(),
            request.body.len()
        );
    }
    let mut web_request = json!({
        "protocol": "HTTP",
        "version": request.version.as_str().trim_start_matches("HTTP/"),
        "target": finding.url,
        "method": request.method,
        "headers": headers,
    });
    if !request.body.is_empty() {
        web_request["body"] = json!({ "text": body });
    }
    let mut result = json!({
        "ruleId": finding.check,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": format!("{}: {} ({})", finding.endpoint, finding.title, finding.evidence) },
        "locations": [{
            "physicalLocation": { "artifactLocation": { "uri": finding.url } },
        }],
        "partialFingerprints": { "tightlipProbe/v1": finding.fingerprint },
        "webRequest": web_request,
        "properties": {
            "id": finding.id,
            "probe": finding.probe,
            "occurrences": finding.occurrences,
            "curl": finding.curl,
            "evidence": finding.evidence,
            "security-severity": security_severity(finding.severity),
        },
    });
    if let Some(status) = finding.status {
        result["webResponse"] =
            json!({ "protocol": "HTTP", "version": "1.1", "statusCode": status });
    }
    result
}

/// Renders `report` as a SARIF 2.1.0 log.
pub fn render(report: &Report) -> String {
    let checks = Check::all();
    let rules: Vec<Value> = checks.iter().map(|c| rule(*c)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let index = checks.iter().position(|c| *c == finding.kind).unwrap_or(0);
            result(finding, index)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tightlip probe",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tightlip/tightlip",
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "startTimeUtc": report.started_at,
            }],
            "properties": {
                "target": report.target,
                "requests": report.requests,
            },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("a SARIF log serialises") + "\n"
}
