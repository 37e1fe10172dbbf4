//! What a run reports: findings of named checks, with the request that shows each.

use crate::request::CraftedRequest;
use serde::Serialize;
use tightlip_detect::{Category, Severity};

/// What a check is about; `Leak` is what a guard in front of the API must make empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Internal detail reaches the caller.
    Leak,
    /// The status code is wrong for what happened.
    Status,
    /// A protective header is missing.
    Hygiene,
    /// Errors differ in shape or break their own standard.
    Format,
    /// Accounts can be told apart.
    Enumeration,
}

/// A named check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The detector found a leak of this category in the headers or body.
    Leak(Category),
    /// A version banner in a header of an error.
    VersionBanner,
    /// `X-Powered-By` on an error.
    PoweredBy,
    /// 403 for a resource where an unknown sibling gets 404: existence shows.
    ExistenceLeak,
    /// The run's canary comes back in the answer.
    Reflection,
    /// A template expression in the request was evaluated.
    TemplateEvaluated,
    /// A 2xx whose body says it is an error.
    ErrorIn2xx,
    /// A 5xx in answer to a client mistake.
    ServerErrorForClientMistake,
    /// The connection was closed without an answer.
    NoAnswer,
    /// An error without `Cache-Control: no-store`.
    NoStore,
    /// An error without `X-Content-Type-Options: nosniff`.
    NoSniff,
    /// An error whose shape differs from the API's usual error shape.
    OddShape,
    /// An `application/problem+json` body that breaks RFC 9457.
    Rfc9457,
    /// An error without a request ID.
    RequestId,
    /// A login tells existing accounts from unknown ones.
    LoginEnumeration,
}

impl Check {
    /// Every check, in report order.
    pub fn all() -> Vec<Check> {
        let mut all: Vec<Check> = Category::ALL.into_iter().map(Check::Leak).collect();
        all.extend([
            Check::VersionBanner,
            Check::PoweredBy,
            Check::ExistenceLeak,
            Check::Reflection,
            Check::TemplateEvaluated,
            Check::ErrorIn2xx,
            Check::ServerErrorForClientMistake,
            Check::NoAnswer,
            Check::NoStore,
            Check::NoSniff,
            Check::OddShape,
            Check::Rfc9457,
            Check::RequestId,
            Check::LoginEnumeration,
        ]);
        all
    }

    /// Stable id, such as `leak.stack_trace` or `status.403_vs_404`.
    pub fn id(self) -> String {
        match self {
            Check::Leak(category) => format!("leak.{}", category.as_str()),
            other => other.fixed_id().to_owned(),
        }
    }

    fn fixed_id(self) -> &'static str {
        match self {
            Check::Leak(_) => "leak",
            Check::VersionBanner => "headers.version_banner",
            Check::PoweredBy => "headers.x_powered_by",
            Check::ExistenceLeak => "status.403_vs_404",
            Check::Reflection => "reflection.canary",
            Check::TemplateEvaluated => "reflection.template_evaluated",
            Check::ErrorIn2xx => "status.error_in_2xx",
            Check::ServerErrorForClientMistake => "status.5xx_for_client_mistake",
            Check::NoAnswer => "status.no_answer",
            Check::NoStore => "headers.no_store",
            Check::NoSniff => "headers.nosniff",
            Check::OddShape => "format.odd_shape",
            Check::Rfc9457 => "format.rfc9457",
            Check::RequestId => "format.request_id",
            Check::LoginEnumeration => "enumeration.login",
        }
    }

    /// What it is about.
    pub fn family(self) -> Family {
        match self {
            Check::Leak(_)
            | Check::VersionBanner
            | Check::PoweredBy
            | Check::ExistenceLeak
            | Check::Reflection
            | Check::TemplateEvaluated => Family::Leak,
            Check::ErrorIn2xx | Check::ServerErrorForClientMistake | Check::NoAnswer => {
                Family::Status
            }
            Check::NoStore | Check::NoSniff => Family::Hygiene,
            Check::OddShape | Check::Rfc9457 | Check::RequestId => Family::Format,
            Check::LoginEnumeration => Family::Enumeration,
        }
    }

    /// The usual severity of a finding (a finding may carry another).
    pub fn default_severity(self) -> Severity {
        match self {
            Check::Leak(Category::Secret | Category::PersonalData | Category::DebugPage)
            | Check::TemplateEvaluated => Severity::High,
            Check::Leak(Category::Banner)
            | Check::VersionBanner
            | Check::PoweredBy
            | Check::ErrorIn2xx
            | Check::NoAnswer
            | Check::NoStore
            | Check::NoSniff
            | Check::OddShape
            | Check::Rfc9457
            | Check::RequestId => Severity::Low,
            _ => Severity::Medium,
        }
    }

    /// One line on what the check looks for and why it matters.
    pub fn description(self) -> String {
        match self {
            Check::Leak(category) => format!(
                "The leak detector found {} in an answer: internal detail an attacker can use.",
                category_text(category)
            ),
            Check::VersionBanner => "An error names server software and its version in a header (Server, Via, ...): it tells an attacker which exploits to try.".into(),
            Check::PoweredBy => "An error carries X-Powered-By: it names the framework for free.".into(),
            Check::ExistenceLeak => "A resource answers 403 where an unknown sibling answers 404: the status tells which resources exist.".into(),
            Check::Reflection => "A unique canary sent in the request comes back in the answer: reflected input, a cross-site scripting or header injection vector, worse when it is a credential.".into(),
            Check::TemplateEvaluated => "A template expression sent in the request came back evaluated: server-side template injection.".into(),
            Check::ErrorIn2xx => "A 2xx answer whose body reports an error: clients and monitoring take the failure for success.".into(),
            Check::ServerErrorForClientMistake => "A malformed or wrong request got a 5xx: the error path is unhandled and client mistakes look like outages.".into(),
            Check::NoAnswer => "The server closed the connection without an answer: an unhandled failure.".into(),
            Check::NoStore => "An error lacks Cache-Control: no-store, so shared caches may keep and replay it.".into(),
            Check::NoSniff => "An error lacks X-Content-Type-Options: nosniff, so a browser may render a reflected error as HTML.".into(),
            Check::OddShape => "Errors of one API should share one schema; these errors differ from the usual shape.".into(),
            Check::Rfc9457 => "An application/problem+json body that breaks RFC 9457 (not an object, wrong member types, status differs from the HTTP status).".into(),
            Check::RequestId => "An error carries no request ID (X-Request-ID, Request-Id, traceparent or a body field), so support cannot find what happened.".into(),
            Check::LoginEnumeration => "The login answers an existing account differently (status, bytes or timing) from an unknown one: accounts can be enumerated.".into(),
        }
    }
}

fn category_text(category: Category) -> &'static str {
    match category {
        Category::StackTrace => "a stack trace",
        Category::Sql => "a database error or SQL",
        Category::Path => "a server file path",
        Category::InternalAddress => "an internal address or host name",
        Category::Banner => "software with its version",
        Category::DebugPage => "a framework debug page",
        Category::Secret => "a credential",
        Category::PersonalData => "personal data",
    }
}

/// One finding: a check failed on an endpoint, with the request that shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `TP-001`, in report order.
    pub id: String,
    /// The check's id.
    pub check: String,
    /// The check itself.
    #[serde(skip)]
    pub kind: Check,
    /// How much it matters.
    pub severity: Severity,
    /// One line on what was found.
    pub title: String,
    /// `METHOD /template` of the example request.
    pub endpoint: String,
    /// Every endpoint where it was seen, the example's first.
    pub endpoints: Vec<String>,
    /// The probe whose request shows it.
    pub probe: &'static str,
    /// The request that shows it.
    #[serde(skip)]
    pub request: CraftedRequest,
    /// The absolute URL of the request.
    pub url: String,
    /// The request as a ready-to-run `curl` command.
    pub curl: String,
    /// The status of the answer, if there was one.
    pub status: Option<u16>,
    /// The part of the answer that shows it, secrets redacted.
    pub evidence: String,
    /// How many answers showed the same.
    pub occurrences: usize,
    /// Stable across runs: check, endpoint and the detail that fired.
    pub fingerprint: String,
}

impl Finding {
    /// A finding of `check` from `request`; id and curl are filled in by the report.
    pub fn new(
        check: Check,
        request: &CraftedRequest,
        status: Option<u16>,
        title: impl Into<String>,
        evidence: impl Into<String>,
    ) -> Self {
        Self {
            id: String::new(),
            check: check.id(),
            kind: check,
            severity: check.default_severity(),
            title: title.into(),
            endpoint: request.endpoint.clone(),
            endpoints: vec![request.endpoint.clone()],
            probe: request.probe,
            request: request.clone(),
            url: String::new(),
            curl: String::new(),
            status,
            evidence: evidence.into(),
            occurrences: 1,
            fingerprint: String::new(),
        }
    }

    /// The same finding with another severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// How far a finding is merged with its like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One finding per endpoint (a status or reflection problem of that endpoint).
    Endpoint,
    /// One finding for the whole API (the same missing header or the same leaked page
    /// everywhere), listing the endpoints it was seen on.
    Api,
}

/// Findings as they are found, merged when the same check fires the same way (thirty
/// probes of one crashing route are one finding, seen thirty times).
#[derive(Debug, Default)]
pub struct Findings {
    found: Vec<Finding>,
}

impl Findings {
    /// Adds `finding`, merged with an earlier one of the same `detail` in `scope`.
    pub fn add(&mut self, mut finding: Finding, scope: Scope, detail: &str) {
        let endpoint = match scope {
            Scope::Endpoint => finding.endpoint.as_str(),
            Scope::Api => "*",
        };
        finding.fingerprint = fingerprint(&finding.check, endpoint, detail);
        if let Some(known) = self
            .found
            .iter_mut()
            .find(|known| known.fingerprint == finding.fingerprint)
        {
            known.occurrences += 1;
            if !known.endpoints.contains(&finding.endpoint) {
                known.endpoints.push(finding.endpoint.clone());
            }
            if finding.severity > known.severity {
                let (occurrences, endpoints) =
                    (known.occurrences, std::mem::take(&mut known.endpoints));
                *known = finding;
                known.occurrences = occurrences;
                known.endpoints = endpoints;
            }
            return;
        }
        self.found.push(finding);
    }

    /// Everything found, merged.
    pub fn into_vec(self) -> Vec<Finding> {
        self.found
    }
}

/// The first 16 hex digits of SHA-256 over the parts: short and stable across runs.
fn fingerprint(check: &str, endpoint: &str, detail: &str) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    let digest = sha2::Sha256::digest([check, endpoint, detail].join("\u{1f}"));
    digest[..8].iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_are_unique_and_documented() {
        let all = Check::all();
        let mut ids: Vec<String> = all.iter().map(|c| c.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        assert!(all.iter().all(|c| !c.description().is_empty()));
    }

    #[test]
    fn the_same_finding_on_one_endpoint_is_merged() {
        let request = CraftedRequest::new("baseline", "GET /a", "GET", "/a".into());
        let mut findings = Findings::default();
        for _ in 0..3 {
            findings.add(
                Finding::new(Check::NoStore, &request, Some(500), "t", "e"),
                Scope::Api,
                "",
            );
        }
        let other = CraftedRequest::new("baseline", "GET /b", "GET", "/b".into());
        findings.add(
            Finding::new(Check::NoStore, &other, Some(404), "t", "e"),
            Scope::Api,
            "",
        );
        findings.add(
            Finding::new(Check::NoSniff, &request, Some(500), "t", "e"),
            Scope::Endpoint,
            "",
        );
        findings.add(
            Finding::new(Check::NoSniff, &other, Some(500), "t", "e"),
            Scope::Endpoint,
            "",
        );
        let merged = findings.into_vec();
        assert_eq!(merged.len(), 3);
        assert_eq!(merged[0].occurrences, 4);
        assert_eq!(merged[0].endpoints, ["GET /a", "GET /b"]);
    }
}
