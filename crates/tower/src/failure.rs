//! The error path: whatever went wrong inside becomes a catalog problem outside and an
//! incident inside. Runs only for 4xx/5xx, panics and service errors.

use crate::error::ErrorReport;
use crate::exchange::Exchange;
use crate::incident;
use crate::inspect::{self, Inspection};
use crate::respond::{self, Ask};
use crate::service::Shared;
use http::{HeaderMap, Method, Response};
use http_body::Body;
use std::sync::Arc;
use tightlip_core::{Problem, RequestId};
use tightlip_detect::{Policy, Verdict};
use tightlip_incident::capture::{capture_response, finding_records};
use tightlip_incident::{ErrorOrigin, IncidentKind};

/// The boxed error type of services and bodies.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the inner service produced, once it is known not to be a plain success.
pub(crate) enum Outcome<B> {
    /// A 4xx/5xx response.
    Response(Response<B>),
    /// The service returned an error instead of a response.
    Error(BoxError),
    /// The service panicked, with the panic message.
    Panic(String),
}

/// Turns `outcome` into the response the caller sees, recording an incident if it is one.
pub(crate) async fn respond<B>(
    shared: Arc<Shared>,
    exchange: Exchange,
    outcome: Outcome<B>,
) -> Response<B>
where
    B: Body<Data = bytes::Bytes> + From<bytes::Bytes>,
    B::Error: Into<BoxError>,
{
    match outcome {
        Outcome::Panic(message) => {
            let chain = vec![format!("panic: {message}")];
            own_error(&shared, &exchange, IncidentKind::Panic, "panic", &chain)
        }
        Outcome::Error(error) => {
            let chain = crate::error::error_chain(&*error);
            own_error(
                &shared,
                &exchange,
                IncidentKind::ServiceError,
                "service_error",
                &chain,
            )
        }
        Outcome::Response(mut response) => {
            match response.extensions_mut().remove::<ErrorReport>() {
                Some(report) => vetted(&shared, &exchange, response.headers(), &report),
                None => inspected(&shared, &exchange, response).await,
            }
        }
    }
}

/// A generic 500 for a panic or a service error, with an incident holding the chain.
fn own_error<B: From<bytes::Bytes>>(
    shared: &Shared,
    exchange: &Exchange,
    kind: IncidentKind,
    reason: &str,
    chain: &[String],
) -> Response<B> {
    let problem = problem_for(shared, exchange, |catalog, language| {
        catalog.problem_for_status(500, language)
    });
    let chain = incident::masked_chain(shared, chain);
    let debug = shared.development.then_some(chain.as_slice());
    let reply = reply(shared, exchange, &problem, HeaderMap::new(), debug);
    let origin = ErrorOrigin::Own {
        reason: reason.to_owned(),
    };
    let mut record = incident::base(
        shared,
        exchange,
        kind,
        origin,
        problem.status,
        &problem.code,
    );
    record.error_chain = chain;
    incident::record(shared, record);
    reply
}

/// A response built from an [`ErrorReport`]: vetted by construction, rendered again with
/// this request's ID, format, language and the layer's catalog.
fn vetted<B: From<bytes::Bytes>>(
    shared: &Shared,
    exchange: &Exchange,
    headers: &HeaderMap,
    report: &ErrorReport,
) -> Response<B> {
    let problem = problem_for(shared, exchange, |catalog, language| {
        report.problem(catalog, language)
    });
    let chain = incident::masked_chain(shared, report.chain());
    let debug = (shared.development && !chain.is_empty()).then_some(chain.as_slice());
    let reply = reply(
        shared,
        exchange,
        &problem,
        respond::kept_on_error(headers),
        debug,
    );
    if report.is_incident(problem.status) {
        let kind = match report.cause() {
            crate::Cause::LoginFailure | crate::Cause::Limited => IncidentKind::AuthFailure,
            _ => IncidentKind::ServiceError,
        };
        let origin = ErrorOrigin::Own {
            reason: report.cause().as_str().to_owned(),
        };
        let mut record = incident::base(
            shared,
            exchange,
            kind,
            origin,
            problem.status,
            &problem.code,
        );
        record.error_chain = chain;
        incident::record(shared, record);
    }
    reply
}

/// A 4xx/5xx the service built by hand: scanned, then passed or replaced by the policy,
/// exactly as the gateway treats an upstream error.
async fn inspected<B>(shared: &Shared, exchange: &Exchange, response: Response<B>) -> Response<B>
where
    B: Body<Data = bytes::Bytes> + From<bytes::Bytes>,
    B::Error: Into<BoxError>,
{
    let status = response.status().as_u16();
    let (mut parts, body) = response.into_parts();
    let Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        suspect_reason,
    } = inspect::inspect(shared, &parts.headers, body).await;
    // Banners in headers are stripped on every error anyway; only findings that would
    // survive a pass-through count against the response.
    let surviving = findings.iter().any(|finding| {
        finding
            .header
            .as_deref()
            .is_none_or(|name| !tightlip_core::error_page::is_revealing_header(name))
    });
    let verdict = shared
        .policy
        .decide(status, surviving, suspect_reason.is_some());
    let verdict = match (verdict, suspect_reason) {
        (Verdict::Replace("uninspectable_body"), Some(reason)) => Verdict::Replace(reason),
        (verdict, _) => verdict,
    };
    let (public_status, code, origin, reply) = match verdict {
        Verdict::PassThrough => {
            let monitor = shared.policy == Policy::Monitor;
            if !monitor {
                respond::strip_revealing(&mut parts.headers);
            }
            parts
                .headers
                .insert(crate::exchange::X_REQUEST_ID, exchange.id.clone());
            parts
                .headers
                .insert(http::header::CONTENT_LENGTH, raw.len().into());
            let origin = if monitor {
                ErrorOrigin::Observed
            } else {
                ErrorOrigin::PassedThrough
            };
            let body = if exchange.method == Method::HEAD {
                bytes::Bytes::new()
            } else {
                raw
            };
            let reply = Response::from_parts(parts, B::from(body));
            (status, String::new(), origin, reply)
        }
        Verdict::Replace(reason) => {
            let problem = problem_for(shared, exchange, |catalog, language| {
                catalog.problem_for_status(status, language)
            });
            let keep = respond::kept_on_error(&parts.headers);
            let reply = reply(shared, exchange, &problem, keep, None);
            let origin = ErrorOrigin::Replaced {
                reason: reason.to_owned(),
            };
            (problem.status, problem.code.clone(), origin, reply)
        }
    };
    // Clean 4xx that went through unchanged are ordinary traffic, not incidents.
    let replaced = matches!(verdict, Verdict::Replace(_));
    if status >= 500 || !findings.is_empty() || replaced {
        let kind = if !findings.is_empty() && replaced {
            IncidentKind::LeakBlocked
        } else if status == 401 || status == 403 {
            IncidentKind::AuthFailure
        } else {
            IncidentKind::ServiceError
        };
        let mut record = incident::base(shared, exchange, kind, origin, public_status, &code);
        record.upstream_status = Some(status);
        record.findings = finding_records(&findings);
        record.upstream = Some(capture_response(
            &shared.redactor,
            &header_pairs,
            &decoded,
            shared.limits.capture,
        ));
        incident::record(shared, record);
    }
    reply
}

/// The generic 500 when the error path itself panicked (an error body that panics while
/// it is read): no request details are left, so the incident holds only the message.
pub(crate) fn last_resort<B: From<bytes::Bytes>>(
    shared: &Shared,
    id: &http::HeaderValue,
    message: &str,
) -> Response<B> {
    let request_id = id
        .to_str()
        .ok()
        .and_then(RequestId::parse_inbound)
        .unwrap_or_else(RequestId::generate);
    let problem = shared
        .catalog
        .problem_for_status(500, None)
        .with_request_id(request_id.as_str())
        .with_timestamp(time::OffsetDateTime::now_utc());
    let ask = Ask {
        accept: None,
        json_default: shared.catalog.format(),
        head: false,
    };
    let rendered = respond::render(&problem, &request_id, &ask, HeaderMap::new(), None);
    tracing::error!(
        target: "tightlip::incident",
        id = request_id.as_str(),
        panic = %shared.redactor.redact(message),
        "panic while reading an error response"
    );
    let mut response = Response::new(B::from(rendered.body));
    *response.status_mut() = rendered.status;
    *response.headers_mut() = rendered.headers;
    response
}

/// The catalog problem `pick` chooses, stamped with this request's ID, path and time.
fn problem_for(
    shared: &Shared,
    exchange: &Exchange,
    pick: impl FnOnce(&tightlip_core::Catalog, Option<&str>) -> Problem,
) -> Problem {
    pick(&shared.catalog, exchange.accept_language())
        .with_request_id(exchange.id())
        .with_instance(exchange.path())
        .with_timestamp(time::OffsetDateTime::now_utc())
}

fn reply<B: From<bytes::Bytes>>(
    shared: &Shared,
    exchange: &Exchange,
    problem: &Problem,
    keep: HeaderMap,
    debug: Option<&[String]>,
) -> Response<B> {
    let id = RequestId::parse_inbound(exchange.id()).unwrap_or_else(RequestId::generate);
    let ask = Ask {
        accept: exchange.accept(),
        json_default: shared.catalog.format(),
        head: exchange.method == Method::HEAD,
    };
    let rendered = respond::render(problem, &id, &ask, keep, debug);
    let mut response = Response::new(B::from(rendered.body));
    *response.status_mut() = rendered.status;
    *response.headers_mut() = rendered.headers;
    response
}
