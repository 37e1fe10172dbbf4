//! One request through the gateway: screen, route, forward, then let no error leak.

use crate::body::{self, Body};
use crate::hygiene;
use crate::mapping::{self, Observed};
use crate::record::{Exchange, Peer, base_incident, own_error};
use crate::respond::problem_response;
use crate::routes::Route;
use crate::state::State;
use crate::upstream::Pool;
use crate::{passage, screening};
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use std::sync::Arc;
use tightlip_detect::decode_body;
use tightlip_detect::{Policy, Verdict};
use tightlip_incident::capture::{CapturedBody, finding_records, with_headers};
use tightlip_incident::{ErrorOrigin, IncidentKind};

/// Handles one request; never fails: every failure becomes a catalog problem.
/// `pool` is the calling worker's upstream pool.
pub async fn handle(
    state: Arc<State>,
    pool: Pool,
    request: Request<Incoming>,
    peer: Peer,
) -> Response<Body> {
    let exchange = Exchange::new(&state, &request, peer);
    let started = exchange.started;
    let response = admit(&state, &pool, exchange, request).await;
    state
        .metrics
        .response(response.status().as_u16(), started.elapsed());
    response
}

/// Screening, routing and the in-flight limit, then forwarding.
async fn admit(
    state: &Arc<State>,
    pool: &Pool,
    mut exchange: Exchange,
    request: Request<Incoming>,
) -> Response<Body> {
    if let Err((status, reason)) = screening::screen(&request, state.config.limits.header_size) {
        return own_error(state, &exchange, status, reason);
    }
    let host = screening::host_of(&request).ok().flatten();
    let Some((index, _)) = state.routes.select(host, request.uri().path()) else {
        return own_error(state, &exchange, 404, "no_route");
    };
    exchange.route = Some(index);
    let Some(_slot) = state.in_flight.admit(state.config.limits.max_in_flight) else {
        return own_error(state, &exchange, 503, "too_many_in_flight");
    };
    forward(state, pool, exchange, request).await
}

/// Answers every request of a connection over `max_connections` with 503 and closes it.
pub fn refuse_connection(state: &State, request: &Request<Incoming>, peer: Peer) -> Response<Body> {
    let exchange = Exchange::new(state, request, peer);
    let mut response = own_error(state, &exchange, 503, "too_many_connections");
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    state.metrics.response(503, exchange.started.elapsed());
    response
}

async fn forward(
    state: &Arc<State>,
    pool: &Pool,
    exchange: Exchange,
    request: Request<Incoming>,
) -> Response<Body> {
    let limits = state.config.limits;
    let route = route_of(state, &exchange);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.request_body) {
        return own_error(state, &exchange, 413, "request_body_too_large");
    }
    let (mut parts, incoming) = request.into_parts();
    let limit = usize::try_from(limits.request_body).unwrap_or(usize::MAX);
    parts.uri = route
        .upstream
        .uri(&route.upstream_path(&exchange.path_and_query));
    hygiene::strip_hop_by_hop(&mut parts.headers);
    let upstream_headers = &mut parts.headers;
    if let Ok(host) = HeaderValue::from_str(route.upstream.authority.as_str()) {
        upstream_headers.insert(header::HOST, host);
    }
    set(upstream_headers, "x-request-id", exchange.id.as_str());
    if let Ok(traceparent) = HeaderValue::from_bytes(&exchange.trace.encode()) {
        upstream_headers.insert(HeaderName::from_static("traceparent"), traceparent);
    }
    set(
        upstream_headers,
        "x-forwarded-for",
        &exchange.peer.client.ip().to_string(),
    );
    let proto = if exchange.peer.secure {
        "https"
    } else {
        "http"
    };
    set(upstream_headers, "x-forwarded-proto", proto);
    parts.version = http::Version::HTTP_11;
    let upstream_request = Request::from_parts(parts, Limited::new(incoming, limit));
    let sent = tokio::time::timeout(limits.upstream_timeout, pool.request(upstream_request)).await;
    match sent {
        Err(_) => own_error(state, &exchange, 504, "upstream_timeout"),
        Ok(Err(error)) if too_large(&error) => {
            own_error(state, &exchange, 413, "request_body_too_large")
        }
        Ok(Err(_)) => own_error(state, &exchange, 502, "upstream_unreachable"),
        Ok(Ok(response)) if response.status().as_u16() < 400 => {
            passage::pass(state, exchange, route, response).await
        }
        Ok(Ok(response)) => on_upstream_error(state, &exchange, route, response).await,
    }
}

/// The route chosen for the exchange (set before forwarding).
pub fn route_of<'a>(state: &'a State, exchange: &Exchange) -> &'a Route {
    exchange
        .route
        .and_then(|index| state.routes.get(index))
        .expect("forwarded exchanges have a route")
}

/// Sets a header when the value is valid.
pub fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
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

/// The decision for an upstream error: mapping rules first, then hide_forbidden, then
/// the route's policy. Returns the verdict and the problem a replacement would carry.
fn decide(
    state: &State,
    exchange: &Exchange,
    route: &Route,
    observed: &Observed<'_>,
    surviving: bool,
    suspect_reason: Option<&'static str>,
) -> (Verdict, Option<tightlip_core::Problem>) {
    let status = observed.status;
    if route.policy != Policy::Monitor {
        if let Some(code) = mapping::first_match(&route.mapping, observed) {
            let problem = exchange.problem_for_code(state, code);
            return (Verdict::Replace("mapping_rule"), Some(problem));
        }
        if route.hide_forbidden && status == 403 {
            let problem = exchange.problem_for(state, 404);
            return (Verdict::Replace("hide_forbidden"), Some(problem));
        }
    }
    let verdict = match (
        route
            .policy
            .decide(status, surviving, suspect_reason.is_some()),
        suspect_reason,
    ) {
        (Verdict::Replace("uninspectable_body"), Some(reason)) => Verdict::Replace(reason),
        (verdict, _) => verdict,
    };
    let problem =
        matches!(verdict, Verdict::Replace(_)).then(|| exchange.problem_for(state, status));
    (verdict, problem)
}

async fn on_upstream_error(
    state: &Arc<State>,
    exchange: &Exchange,
    route: &Route,
    response: Response<Incoming>,
) -> Response<Body> {
    let status = response.status().as_u16();
    state.metrics.upstream_error();
    let (parts, incoming) = response.into_parts();
    let Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        captured,
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
    let observed = Observed {
        status,
        headers: &parts.headers,
        body: &decoded,
    };
    let (verdict, problem) = decide(state, exchange, route, &observed, surviving, suspect_reason);
    let (public_status, code, origin, reply) =
        if let (Verdict::Replace(reason), Some(problem)) = (verdict, problem) {
            state.metrics.replaced();
            let keep = hygiene::kept_on_error(&parts.headers, &state.config.keep_headers);
            let reply = problem_response(&problem, &exchange.id, &exchange.ask(state), keep);
            let origin = ErrorOrigin::Replaced {
                reason: reason.to_owned(),
            };
            (problem.status, problem.code, origin, reply)
        } else {
            let monitor = route.policy == Policy::Monitor;
            let passed = pass_buffered(state, exchange, monitor, parts, raw);
            let origin = if monitor {
                ErrorOrigin::Observed
            } else {
                ErrorOrigin::PassedThrough
            };
            (status, String::new(), origin, passed)
        };
    let replaced = matches!(origin, ErrorOrigin::Replaced { .. });
    // Clean 4xx that went through unchanged are ordinary traffic, not incidents.
    if status >= 500 || !findings.is_empty() || replaced {
        let kind = if !findings.is_empty() && replaced {
            IncidentKind::LeakBlocked
        } else if status == 401 || status == 403 {
            IncidentKind::AuthFailure
        } else {
            IncidentKind::UpstreamError
        };
        let mut incident = base_incident(state, exchange, kind, origin, public_status, code);
        incident.upstream_status = Some(status);
        incident.findings = finding_records(&findings);
        incident.upstream = Some(with_headers(&state.redactor, &header_pairs, captured));
        state.recorder.record(incident);
    }
    reply
}

/// An upstream error as the gateway saw it.
pub struct Inspection {
    /// The body as received (still encoded), empty if it could not be read whole.
    pub raw: Bytes,
    /// The decoded body the detector ran on.
    pub decoded: Vec<u8>,
    /// The upstream headers as name/value pairs.
    pub header_pairs: Vec<(String, Vec<u8>)>,
    /// Everything the detector found, in headers and body.
    pub findings: Vec<tightlip_detect::Finding>,
    /// The decoded body as the incident keeps it, secrets masked.
    pub captured: CapturedBody,
    /// Why the body could not be inspected, if it could not.
    pub suspect_reason: Option<&'static str>,
}

/// Buffers (bounded), decodes (bounded) and scans an upstream response.
pub async fn inspect(state: &State, headers: &HeaderMap, incoming: Incoming) -> Inspection {
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
    let header_pairs = header_pairs(headers);
    let mut findings = state.detector.scan_headers(&header_pairs);
    let capture_limit = usize::try_from(state.config.incidents.capture_limit).unwrap_or(usize::MAX);
    let body =
        state
            .recent_bodies
            .inspect(&state.detector, &state.redactor, &decoded, capture_limit);
    findings.extend(body.findings);
    for finding in &findings {
        state.metrics.leak(finding.category);
    }
    Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        captured: body.captured,
        suspect_reason,
    }
}

/// The upstream headers as the detector and the incident capture take them.
pub fn header_pairs(headers: &HeaderMap) -> Vec<(String, Vec<u8>)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect()
}

/// Sends a buffered upstream response on unchanged but for header hygiene (banners stay
/// when `monitor`ing).
pub fn pass_buffered(
    state: &State,
    exchange: &Exchange,
    monitor: bool,
    mut parts: http::response::Parts,
    raw: Bytes,
) -> Response<Body> {
    if !monitor {
        hygiene::strip_revealing(&mut parts.headers, &state.config.strip_headers);
    }
    hygiene::strip_hop_by_hop(&mut parts.headers);
    set(&mut parts.headers, "x-request-id", exchange.id.as_str());
    // An error passed on clean is still an error: no cache keeps it, no browser sniffs it.
    if !monitor && parts.status.as_u16() >= 400 {
        set(&mut parts.headers, "cache-control", "no-store");
        set(&mut parts.headers, "x-content-type-options", "nosniff");
    }
    // A HEAD answer keeps the length the upstream declared for the body it did not send.
    if exchange.method != Method::HEAD {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(raw.len()));
    }
    // The caller's protocol version applies, not the upstream's (an HTTP/1.0 backend).
    parts.version = http::Version::default();
    let body = if exchange.method == Method::HEAD {
        body::empty()
    } else {
        body::full(raw)
    };
    Response::from_parts(parts, body)
}
