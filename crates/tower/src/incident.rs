//! Incidents the layer records: what the request was, what the caller saw, and the whole
//! story behind it, secrets masked before it leaves the request path.

use crate::exchange::Exchange;
use crate::service::Shared;
use tightlip_core::RequestId;
use tightlip_incident::capture::{redact_lines, redact_path};
use tightlip_incident::{ErrorOrigin, Incident, IncidentKind};

/// The incident skeleton for `exchange`; the caller fills findings, capture and chain.
pub(crate) fn base(
    shared: &Shared,
    exchange: &Exchange,
    kind: IncidentKind,
    origin: ErrorOrigin,
    public_status: u16,
    code: &str,
) -> Incident {
    let id = RequestId::parse_inbound(exchange.id()).unwrap_or_else(RequestId::generate);
    Incident {
        id: id.as_str().to_owned(),
        short_ref: id.short_ref().to_string(),
        client_request_id: exchange
            .client_request_id
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        at_ns: tightlip_incident::now_ns(),
        kind,
        origin,
        route: None,
        method: exchange.method.as_str().to_owned(),
        path: redact_path(exchange.path_and_query()),
        client_addr: exchange.client.map(|addr| addr.to_string()),
        upstream_addr: None,
        upstream_status: None,
        public_status,
        code: code.to_owned(),
        findings: Vec::new(),
        upstream: None,
        error_chain: Vec::new(),
        trace_id: None,
        duration_us: u64::try_from(exchange.started.elapsed().as_micros()).unwrap_or(u64::MAX),
        host: shared.host.clone(),
    }
}

/// The internal chain as the incident and development mode show it: secrets masked.
pub(crate) fn masked_chain(shared: &Shared, chain: &[String]) -> Vec<String> {
    redact_lines(&shared.redactor, chain)
}

/// Hands `incident` to the recorder, if the layer has one.
pub(crate) fn record(shared: &Shared, incident: Incident) {
    if let Some(recorder) = &shared.recorder {
        recorder.record(incident);
    } else {
        tracing::error!(
            target: "tightlip::incident",
            id = %incident.id,
            kind = %incident.kind,
            code = %incident.code,
            status = incident.public_status,
            chain = ?incident.error_chain,
            "incident (no recorder configured)"
        );
    }
}
