//! One request through the gateway: forward, then let no error leak.

use crate::body::{self, Body};
use crate::hygiene;
use crate::respond::{Ask, problem_response};
use crate::state::State;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tightlip_core::{Problem, RequestId, TraceParent};
use tightlip_detect::Verdict;
use tightlip_detect::decode_body;
use tightlip_incident::capture::{capture_response, finding_records, redact_path};
use tightlip_incident::{ErrorOrigin, Incident, IncidentKind};

/// What the handler knows about the request once it has been taken apart.
struct Exchange {
    id: RequestId,
    client_request_id: Option<String>,
    trace: TraceParent,
    method: Method,
    path_and_query: String,
    accept: Option<String>,
    accept_language: Option<String>,
    client: SocketAddr,
    started: Instant,
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Handles one request; never fails: every failure becomes a catalog problem.
pub async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
    client: SocketAddr,
) -> Response<Body> {
    let started = Instant::now();
    let headers = request.headers();
    let inbound = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .and_then(RequestId::parse_inbound);
    // At the edge the gateway issues its own ID so no caller can pick an incident's key.
    let (id, client_request_id) = match (state.config.trust_request_id, inbound) {
        (true, Some(inbound)) => (inbound, None),
        (_, inbound) => (
            RequestId::generate(),
            inbound.map(|id| id.as_str().to_owned()),
        ),
    };
    let trace = headers
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| TraceParent::parse(v).ok())
        .unwrap_or_else(new_trace);
    let exchange = Exchange {
        id,
        client_request_id,
        trace,
        method: request.method().clone(),
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
        accept: header_text(headers, header::ACCEPT),
        accept_language: header_text(headers, header::ACCEPT_LANGUAGE),
        client,
        started,
    };
    let response = forward(&state, &exchange, request).await;
    state.metrics.response(response.status().as_u16());
    response
}

/// A fresh trace context when the caller sent none, from the OS CSPRNG.
fn new_trace() -> TraceParent {
    let trace_id = uuid::Uuid::new_v4().into_bytes();
    let mut parent_id = [0u8; 8];
    parent_id.copy_from_slice(&uuid::Uuid::new_v4().into_bytes()[..8]);
    TraceParent {
        trace_id,
        parent_id,
        flags: 1,
    }
}

async fn forward(
    state: &Arc<State>,
    exchange: &Exchange,
    request: Request<Incoming>,
) -> Response<Body> {
    let limits = state.config.limits;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.request_body) {
        return own_error(state, exchange, 413, "request_body_too_large");
    }
    let (mut parts, incoming) = request.into_parts();
    let limit = usize::try_from(limits.request_body).unwrap_or(usize::MAX);
    parts.uri = state.upstream.uri(&exchange.path_and_query);
    hygiene::strip_hop_by_hop(&mut parts.headers);
    let upstream_headers = &mut parts.headers;
    if let Ok(host) = HeaderValue::from_str(state.upstream.authority.as_str()) {
        upstream_headers.insert(header::HOST, host);
    }
    set(upstream_headers, "x-request-id", exchange.id.as_str());
    set(upstream_headers, "traceparent", &exchange.trace.to_string());
    set(
        upstream_headers,
        "x-forwarded-for",
        &exchange.client.ip().to_string(),
    );
    set(upstream_headers, "x-forwarded-proto", "http");
    parts.version = http::Version::HTTP_11;
    let upstream_request = Request::from_parts(parts, Limited::new(incoming, limit));
    let sent = tokio::time::timeout(
        limits.upstream_timeout,
        state.pool.request(upstream_request),
    )
    .await;
    match sent {
        Err(_) => own_error(state, exchange, 504, "upstream_timeout"),
        Ok(Err(error)) if too_large(&error) => {
            own_error(state, exchange, 413, "request_body_too_large")
        }
        Ok(Err(_)) => own_error(state, exchange, 502, "upstream_unreachable"),
        Ok(Ok(response)) => on_upstream_response(state, exchange, response).await,
    }
}

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

/// Whether a client error came from the request body limit.
fn too_large(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = current.source();
    }
    false
}

async fn on_upstream_response(
    state: &Arc<State>,
    exchange: &Exchange,
    response: Response<Incoming>,
) -> Response<Body> {
    let status = response.status().as_u16();
    if status < 400 {
        return stream_through(state, exchange, response);
    }
    state.metrics.upstream_error();
    let (parts, incoming) = response.into_parts();
    let Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        suspect_reason,
    } = inspect(state, &parts.headers, incoming).await;
    // A banner in a header that hygiene strips anyway cannot reach the caller; only
    // findings that would survive a pass-through count against the body.
    let surviving = findings.iter().any(|finding| {
        finding
            .header
            .as_deref()
            .is_none_or(|name| !hygiene::is_stripped(name, &state.config.strip_headers))
    });
    let hide = state.config.hide_forbidden && status == 403;
    let verdict = if hide {
        Verdict::Replace("hide_forbidden")
    } else {
        state
            .config
            .policy
            .decide(status, surviving, suspect_reason.is_some())
    };
    let verdict = match (verdict, suspect_reason) {
        (Verdict::Replace("uninspectable_body"), Some(reason)) => Verdict::Replace(reason),
        (verdict, _) => verdict,
    };
    let (public_status, code, origin, reply) = match verdict {
        Verdict::PassThrough => {
            let passed = pass_buffered(state, exchange, parts.clone(), raw);
            let origin = if state.config.policy == crate::Policy::Monitor {
                ErrorOrigin::Observed
            } else {
                ErrorOrigin::PassedThrough
            };
            (status, String::new(), origin, passed)
        }
        Verdict::Replace(reason) => {
            state.metrics.replaced();
            let public = if hide { 404 } else { status };
            let problem = problem_for(state, exchange, public);
            let keep = hygiene::kept_on_error(&parts.headers, &state.config.keep_headers);
            let reply = problem_response(&problem, &exchange.id, &ask(state, exchange), keep);
            (
                public,
                problem.code.clone(),
                ErrorOrigin::Replaced {
                    reason: reason.to_owned(),
                },
                reply,
            )
        }
    };
    // Clean 4xx that went through unchanged are ordinary traffic, not incidents.
    let worth_recording =
        status >= 500 || !findings.is_empty() || matches!(verdict, Verdict::Replace(_));
    if worth_recording {
        let kind = if !findings.is_empty() && matches!(verdict, Verdict::Replace(_)) {
            IncidentKind::LeakBlocked
        } else if status == 401 || status == 403 {
            IncidentKind::AuthFailure
        } else {
            IncidentKind::UpstreamError
        };
        let mut incident = base_incident(state, exchange, kind, origin, public_status, code);
        incident.upstream_status = Some(status);
        incident.findings = finding_records(&findings);
        let capture = usize::try_from(state.config.incidents.capture_limit).unwrap_or(usize::MAX);
        incident.upstream = Some(capture_response(
            &state.redactor,
            &header_pairs,
            &decoded,
            capture,
        ));
        state.recorder.record(incident);
    }
    reply
}

/// An upstream error as the gateway saw it.
struct Inspection {
    /// The body as received (still encoded), empty if it could not be read whole.
    raw: Bytes,
    /// The decoded body the detector ran on.
    decoded: Vec<u8>,
    /// The upstream headers as name/value pairs.
    header_pairs: Vec<(String, Vec<u8>)>,
    /// Everything the detector found, in headers and body.
    findings: Vec<tightlip_detect::Finding>,
    /// Why the body could not be inspected, if it could not.
    suspect_reason: Option<&'static str>,
}

/// Buffers (bounded), decodes (bounded) and scans an upstream error.
async fn inspect(state: &State, headers: &HeaderMap, incoming: Incoming) -> Inspection {
    let limit = usize::try_from(state.config.limits.error_body).unwrap_or(usize::MAX);
    // Too large or cut off means suspect: it is replaced, never passed on unread.
    let (raw, suspect_reason) = match Limited::new(incoming, limit).collect().await {
        Ok(collected) => (collected.to_bytes(), None),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            (Bytes::new(), Some("body_over_limit"))
        }
        Err(_) => (Bytes::new(), Some("upstream_reset")),
    };
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let decoded_limit = usize::try_from(state.config.limits.decoded_body).unwrap_or(usize::MAX);
    let (decoded, suspect_reason) = match decode_body(encoding.as_deref(), &raw, decoded_limit) {
        Ok(decoded) => (decoded, suspect_reason),
        Err(_) => (Vec::new(), suspect_reason.or(Some("undecodable_body"))),
    };
    let header_pairs: Vec<(String, Vec<u8>)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let mut findings = state.detector.scan_headers(&header_pairs);
    findings.extend(state.detector.scan_body(&decoded));
    for finding in &findings {
        state.metrics.leak(finding.category);
    }
    Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        suspect_reason,
    }
}

fn ask<'a>(state: &'a State, exchange: &'a Exchange) -> Ask<'a> {
    Ask {
        method: &exchange.method,
        accept: exchange.accept.as_deref(),
        json_default: state.catalog.format(),
    }
}

fn problem_for(state: &State, exchange: &Exchange, status: u16) -> Problem {
    let path = exchange.path_and_query.split('?').next().unwrap_or("/");
    state
        .catalog
        .problem_for_status(status, exchange.accept_language.as_deref())
        .with_request_id(exchange.id.as_str())
        .with_instance(path)
        .with_timestamp(time::OffsetDateTime::now_utc())
}

/// An error the gateway raises itself (unreachable upstream, timeout, limits).
fn own_error(state: &Arc<State>, exchange: &Exchange, status: u16, reason: &str) -> Response<Body> {
    state.metrics.own_error();
    let problem = problem_for(state, exchange, status);
    let mut keep = HeaderMap::new();
    if status == 503 {
        keep.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    let reply = problem_response(&problem, &exchange.id, &ask(state, exchange), keep);
    let incident = base_incident(
        state,
        exchange,
        IncidentKind::GatewayError,
        ErrorOrigin::Own {
            reason: reason.to_owned(),
        },
        status,
        problem.code.clone(),
    );
    state.recorder.record(incident);
    reply
}

fn base_incident(
    state: &State,
    exchange: &Exchange,
    kind: IncidentKind,
    origin: ErrorOrigin,
    public_status: u16,
    code: String,
) -> Incident {
    Incident {
        id: exchange.id.as_str().to_owned(),
        short_ref: exchange.id.short_ref().to_string(),
        client_request_id: exchange.client_request_id.clone(),
        at_ns: tightlip_incident::now_ns(),
        kind,
        origin,
        route: None,
        method: exchange.method.as_str().to_owned(),
        path: redact_path(&exchange.path_and_query),
        client_addr: Some(exchange.client.to_string()),
        upstream_addr: Some(state.upstream.authority.to_string()),
        upstream_status: None,
        public_status,
        code,
        findings: Vec::new(),
        upstream: None,
        error_chain: Vec::new(),
        trace_id: Some(exchange.trace.trace_id_hex()),
        duration_us: u64::try_from(exchange.started.elapsed().as_micros()).unwrap_or(u64::MAX),
        host: tightlip_incident::host_name(),
    }
}

/// Sends a buffered upstream error on unchanged but for header hygiene.
fn pass_buffered(
    state: &State,
    exchange: &Exchange,
    mut parts: http::response::Parts,
    raw: Bytes,
) -> Response<Body> {
    if state.config.policy != crate::Policy::Monitor {
        hygiene::strip_revealing(&mut parts.headers, &state.config.strip_headers);
    }
    hygiene::strip_hop_by_hop(&mut parts.headers);
    set(&mut parts.headers, "x-request-id", exchange.id.as_str());
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(raw.len()));
    // The caller's protocol version applies, not the upstream's (an HTTP/1.0 backend).
    parts.version = http::Version::default();
    let body = if exchange.method == Method::HEAD {
        body::empty()
    } else {
        body::full(raw)
    };
    Response::from_parts(parts, body)
}

/// 1xx–3xx: streamed through unbuffered; only the headers are cleaned.
fn stream_through(
    state: &State,
    exchange: &Exchange,
    response: Response<Incoming>,
) -> Response<Body> {
    let (mut parts, incoming) = response.into_parts();
    hygiene::strip_hop_by_hop(&mut parts.headers);
    hygiene::strip_revealing(&mut parts.headers, &state.config.strip_headers);
    set(&mut parts.headers, "x-request-id", exchange.id.as_str());
    parts.version = http::Version::default();
    let body = incoming
        .map_err(|error| Box::new(error) as crate::body::BodyError)
        .boxed_unsync();
    Response::from_parts(parts, body)
}
