//! The incident record: the whole story behind one request ID, secrets already masked.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What happened, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncidentKind {
    /// An upstream error leaked internals and was replaced.
    LeakBlocked,
    /// An upstream error was recorded (passed through clean or replaced by policy).
    UpstreamError,
    /// The gateway itself failed the request: unreachable upstream, timeout, limits.
    GatewayError,
    /// A success status carried an error in disguise.
    StatusMismatch,
    /// Authentication or authorisation failed.
    AuthFailure,
    /// A handler panicked.
    Panic,
    /// A service reported an error through the library integration.
    ServiceError,
}

impl IncidentKind {
    /// Every kind.
    pub const ALL: [IncidentKind; 7] = [
        IncidentKind::LeakBlocked,
        IncidentKind::UpstreamError,
        IncidentKind::GatewayError,
        IncidentKind::StatusMismatch,
        IncidentKind::AuthFailure,
        IncidentKind::Panic,
        IncidentKind::ServiceError,
    ];

    /// The snake_case name stored and queried.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentKind::LeakBlocked => "leak_blocked",
            IncidentKind::UpstreamError => "upstream_error",
            IncidentKind::GatewayError => "gateway_error",
            IncidentKind::StatusMismatch => "status_mismatch",
            IncidentKind::AuthFailure => "auth_failure",
            IncidentKind::Panic => "panic",
            IncidentKind::ServiceError => "service_error",
        }
    }
}

impl fmt::Display for IncidentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name is not an incident kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown incident kind `{0}`; expected one of leak_blocked, upstream_error, gateway_error, status_mismatch, auth_failure, panic, service_error"
)]
pub struct UnknownKind(pub String);

impl FromStr for IncidentKind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownKind(name.to_owned()))
    }
}

/// Where the error the caller saw came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum ErrorOrigin {
    /// The gateway or service produced the error itself.
    Own {
        /// Why, e.g. `upstream_timeout`.
        reason: String,
    },
    /// An upstream error went through unchanged because nothing leaked.
    PassedThrough,
    /// An upstream error was replaced by a catalog problem.
    Replaced {
        /// Why, e.g. `leak_detected`, `policy_strict`, `server_error`, `mapping_rule`.
        reason: String,
    },
    /// Nothing was changed (monitor policy).
    Observed,
}

/// One detector finding as the incident keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    /// Category name, such as `stack_trace`.
    pub category: String,
    /// Rule id, such as `python.traceback`.
    pub rule: String,
    /// Byte offset where the finding starts in the decoded body (or header value).
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The header it was found in, if not the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

/// The upstream response as the incident keeps it: masked and capped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapturedResponse {
    /// Headers, values masked.
    pub headers: Vec<(String, String)>,
    /// The decoded body, masked, as text (invalid UTF-8 replaced).
    pub body: String,
    /// Whether the body was cut at the capture limit.
    pub truncated: bool,
    /// The body's full size before capping.
    pub original_len: usize,
}

/// The whole story behind one request ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// The request ID the caller saw.
    pub id: String,
    /// The short reference (`7K3M-9QXD-2F`) derived from the ID.
    pub short_ref: String,
    /// A valid `X-Request-ID` the client sent, kept apart from the ID it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
    /// When it happened, nanoseconds since the Unix epoch, UTC.
    pub at_ns: i64,
    /// What happened.
    pub kind: IncidentKind,
    /// Where the error the caller saw came from.
    pub origin: ErrorOrigin,
    /// The route name or pattern that handled the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Request method.
    pub method: String,
    /// Request path; query values masked.
    pub path: String,
    /// Client socket address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_addr: Option<String>,
    /// Upstream address the request went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_addr: Option<String>,
    /// Status the upstream answered with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_status: Option<u16>,
    /// Status the caller saw.
    pub public_status: u16,
    /// Catalog code the caller saw.
    pub code: String,
    /// Detector findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingRecord>,
    /// The upstream response, masked and capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<CapturedResponse>,
    /// Error chain or message from the service, masked (library integration).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_chain: Vec<String>,
    /// W3C trace ID, 32 hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Request duration in microseconds.
    pub duration_us: u64,
    /// Host name of the machine that recorded it.
    pub host: String,
}

impl Incident {
    /// The distinct finding categories, sorted.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = self
            .findings
            .iter()
            .map(|finding| finding.category.as_str())
            .collect();
        categories.sort_unstable();
        categories.dedup();
        categories
    }

    /// The incident as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("incidents are plain data")
    }
}

impl Incident {
    /// A realistic sample incident with the given ID, for examples, tests and benches.
    pub fn example(id: &str) -> Self {
        let short_ref = tightlip_core::RequestId::parse_inbound(id)
            .map(|id| id.short_ref().to_string())
            .unwrap_or_default();
        Self {
            id: id.to_owned(),
            short_ref,
            client_request_id: None,
            at_ns: crate::now_ns(),
            kind: IncidentKind::LeakBlocked,
            origin: ErrorOrigin::Replaced {
                reason: "leak_detected".to_owned(),
            },
            route: Some("/payments".to_owned()),
            method: "POST".to_owned(),
            path: "/payments?card=[REDACTED]".to_owned(),
            client_addr: Some("203.0.113.7:52144".to_owned()),
            upstream_addr: Some("127.0.0.1:3000".to_owned()),
            upstream_status: Some(500),
            public_status: 500,
            code: "INTERNAL_ERROR".to_owned(),
            findings: vec![FindingRecord {
                category: "stack_trace".to_owned(),
                rule: "python.traceback".to_owned(),
                start: 0,
                end: 35,
                header: None,
            }],
            upstream: Some(CapturedResponse {
                headers: vec![("content-type".to_owned(), "text/plain".to_owned())],
                body: "Traceback (most recent call last):\n  File \"/app/pay.py\", line 12, in charge\nZeroDivisionError: division by zero".to_owned(),
                truncated: false,
                original_len: 102,
            }),
            error_chain: Vec::new(),
            trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".to_owned()),
            duration_us: 1830,
            host: "api-1".to_owned(),
        }
    }
}
