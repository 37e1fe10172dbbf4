//! One exchange as the gateway records it: who asked what, the IDs it carries, and the
//! problems and incidents the gateway makes of it.

use crate::body::Body;
use crate::respond::{Ask, problem_response};
use crate::state::State;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request};
use std::net::SocketAddr;
use std::time::Instant;
use tightlip_core::{Problem, RequestId, TraceParent};
use tightlip_incident::capture::redact_path;
use tightlip_incident::{ErrorOrigin, Incident, IncidentKind};

/// The caller's end of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Peer {
    /// The caller's address.
    pub client: SocketAddr,
    /// Whether the connection is TLS.
    pub secure: bool,
}

/// What the handler knows about the request once it has been taken apart.
pub struct Exchange {
    /// The request ID the response and incident carry.
    pub id: RequestId,
    /// A valid inbound `X-Request-ID` the gateway did not adopt.
    pub client_request_id: Option<String>,
    /// The W3C trace context, forwarded or created.
    pub trace: TraceParent,
    /// The request method.
    pub method: Method,
    /// Path and query as received.
    pub path_and_query: String,
    /// The `Accept` header.
    pub accept: Option<String>,
    /// The `Accept-Language` header.
    pub accept_language: Option<String>,
    /// Who asked.
    pub peer: Peer,
    /// When the request arrived.
    pub started: Instant,
    /// Index of the route serving it, once chosen.
    pub route: Option<usize>,
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl Exchange {
    /// Takes the request apart: IDs (at the edge the gateway issues its own, so no
    /// caller can pick an incident's key), trace context, negotiation headers.
    pub fn new<B>(state: &State, request: &Request<B>, peer: Peer) -> Self {
        let headers = request.headers();
        let inbound = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .and_then(RequestId::parse_inbound);
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
        Self {
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
            peer,
            started: Instant::now(),
            route: None,
        }
    }

    /// How the caller asked for errors.
    pub fn ask<'a>(&'a self, state: &'a State) -> Ask<'a> {
        Ask {
            method: &self.method,
            accept: self.accept.as_deref(),
            json_default: state.catalog.format(),
        }
    }

    fn finish(&self, problem: Problem) -> Problem {
        let path = self.path_and_query.split('?').next().unwrap_or("/");
        problem
            .with_request_id(self.id.as_str())
            .with_instance(path)
            .with_timestamp(time::OffsetDateTime::now_utc())
    }

    /// The catalog problem for a bare status.
    pub fn problem_for(&self, state: &State, status: u16) -> Problem {
        let problem = state
            .catalog
            .problem_for_status(status, self.accept_language.as_deref());
        self.finish(problem)
    }

    /// The catalog problem for a code a mapping rule chose (checked at load time; an
    /// unknown one falls back to the generic 500).
    pub fn problem_for_code(&self, state: &State, code: &str) -> Problem {
        match state.catalog.problem(code, self.accept_language.as_deref()) {
            Some(problem) => self.finish(problem),
            None => self.problem_for(state, 500),
        }
    }
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

/// An error the gateway raises itself (no route, limits, unreachable upstream, timeout),
/// recorded as an incident of origin `own`.
pub fn own_error(
    state: &State,
    exchange: &Exchange,
    status: u16,
    reason: &str,
) -> http::Response<Body> {
    state.metrics.own_error();
    let problem = exchange.problem_for(state, status);
    let mut keep = HeaderMap::new();
    if status == 503 {
        keep.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    let reply = problem_response(&problem, &exchange.id, &exchange.ask(state), keep);
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

/// The parts of an incident every kind shares.
pub fn base_incident(
    state: &State,
    exchange: &Exchange,
    kind: IncidentKind,
    origin: ErrorOrigin,
    public_status: u16,
    code: String,
) -> Incident {
    let route = exchange.route.and_then(|index| state.routes.get(index));
    Incident {
        id: exchange.id.as_str().to_owned(),
        short_ref: exchange.id.short_ref().to_string(),
        client_request_id: exchange.client_request_id.clone(),
        at_ns: tightlip_incident::now_ns(),
        kind,
        origin,
        route: route.map(|route| route.name.clone()),
        method: exchange.method.as_str().to_owned(),
        path: redact_path(&exchange.path_and_query),
        client_addr: Some(exchange.peer.client.to_string()),
        upstream_addr: route.map(|route| route.upstream.authority.to_string()),
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
