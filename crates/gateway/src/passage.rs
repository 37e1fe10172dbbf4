//! Upstream 1xx–3xx on their way to the caller: streamed through unbuffered with header
//! hygiene, watched for an upstream that dies mid-body, and (small JSON 2xx only)
//! sniffed for an error in disguise.

use crate::body::{Body, BodyError};
use crate::disguise::{self, DisguiseMode};
use crate::handler::{header_pairs, pass_buffered, set};
use crate::hygiene;
use crate::mapping::{self, Observed};
use crate::record::{Exchange, base_incident, own_error};
use crate::respond::problem_response;
use crate::routes::Route;
use crate::state::State;
use bytes::Bytes;
use http::{Method, Response};
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tightlip_detect::Policy;
use tightlip_incident::capture::{capture_response, finding_records};
use tightlip_incident::{ErrorOrigin, IncidentKind};

/// Sends a non-error upstream response on.
pub async fn pass(
    state: &Arc<State>,
    exchange: Exchange,
    route: &Route,
    response: Response<Incoming>,
) -> Response<Body> {
    let sniff = route.disguised_errors != DisguiseMode::Off
        && response.status().is_success()
        && exchange.method != Method::HEAD
        && disguise::worth_sniffing(response.headers(), state.config.limits.disguise_body);
    if sniff {
        sniff_disguise(state, &exchange, route, response).await
    } else {
        stream_through(state, exchange, response)
    }
}

/// Streams the body through untouched; only the headers are cleaned.
fn stream_through(
    state: &Arc<State>,
    exchange: Exchange,
    response: Response<Incoming>,
) -> Response<Body> {
    let (mut parts, incoming) = response.into_parts();
    hygiene::strip_hop_by_hop(&mut parts.headers);
    hygiene::strip_revealing(&mut parts.headers, &state.config.strip_headers);
    set(&mut parts.headers, "x-request-id", exchange.id.as_str());
    parts.version = http::Version::default();
    let watched = Watched {
        inner: incoming,
        watch: Some(Box::new(Watch {
            state: Arc::clone(state),
            exchange,
            status: parts.status.as_u16(),
        })),
    };
    Response::from_parts(parts, watched.boxed_unsync())
}

/// A streamed upstream body that records an incident if the upstream dies mid-body.
/// The error goes on to hyper, which aborts the caller's connection (HTTP/1.1) or stream
/// (HTTP/2): a partial body never gets error text appended.
struct Watched {
    inner: Incoming,
    watch: Option<Box<Watch>>,
}

struct Watch {
    state: Arc<State>,
    exchange: Exchange,
    status: u16,
}

impl Watch {
    fn record(self, error: &hyper::Error) {
        let Watch {
            state,
            exchange,
            status,
        } = self;
        state.metrics.upstream_error();
        let mut incident = base_incident(
            &state,
            &exchange,
            IncidentKind::UpstreamError,
            ErrorOrigin::Own {
                reason: "upstream_died_mid_body".to_owned(),
            },
            status,
            String::new(),
        );
        incident.upstream_status = Some(status);
        incident.error_chain = vec![format!("upstream body: {error}")];
        state.recorder.record(incident);
    }
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Err(error))) => {
                if let Some(watch) = self.watch.take() {
                    watch.record(&error);
                }
                Poll::Ready(Some(Err(Box::new(error))))
            }
            Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(Ok(frame))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Buffers a small JSON 2xx (its length is declared and bounded), and records it as a
/// `status_mismatch` if it is an error in disguise; with `rewrite`, a mapping rule that
/// matches turns it into that rule's catalog problem.
async fn sniff_disguise(
    state: &Arc<State>,
    exchange: &Exchange,
    route: &Route,
    response: Response<Incoming>,
) -> Response<Body> {
    let (parts, incoming) = response.into_parts();
    let limit = usize::try_from(state.config.limits.disguise_body).unwrap_or(usize::MAX);
    let raw = match Limited::new(incoming, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        // Nothing has been sent yet, so the caller can still get a clean 502.
        Err(_) => return own_error(state, exchange, 502, "upstream_died_mid_body"),
    };
    let Some(why) = disguise::disguised(&raw) else {
        return pass_buffered(state, exchange, false, parts, raw);
    };
    let status = parts.status.as_u16();
    let header_pairs = header_pairs(&parts.headers);
    let mut findings = state.detector.scan_headers(&header_pairs);
    findings.extend(state.detector.scan_body(&raw));
    let observed = Observed {
        status,
        headers: &parts.headers,
        body: &raw,
    };
    let rewrite =
        route.disguised_errors == DisguiseMode::Rewrite && route.policy != Policy::Monitor;
    let mapped = rewrite
        .then(|| mapping::first_match(&route.mapping, &observed))
        .flatten();
    let mut incident = base_incident(
        state,
        exchange,
        IncidentKind::StatusMismatch,
        ErrorOrigin::PassedThrough,
        status,
        String::new(),
    );
    incident.upstream_status = Some(status);
    incident.findings = finding_records(&findings);
    incident.error_chain = vec![format!("{status} body is an error in disguise: {why}")];
    let capture = usize::try_from(state.config.incidents.capture_limit).unwrap_or(usize::MAX);
    incident.upstream = Some(capture_response(
        &state.redactor,
        &header_pairs,
        &raw,
        capture,
    ));
    let reply = match mapped {
        Some(code) => {
            state.metrics.replaced();
            let problem = exchange.problem_for_code(state, code);
            let keep = hygiene::kept_on_error(&parts.headers, &state.config.keep_headers);
            incident.origin = ErrorOrigin::Replaced {
                reason: "status_mismatch".to_owned(),
            };
            incident.public_status = problem.status;
            incident.code.clone_from(&problem.code);
            problem_response(&problem, &exchange.id, &exchange.ask(state), keep)
        }
        None => pass_buffered(state, exchange, false, parts, raw),
    };
    state.recorder.record(incident);
    reply
}
