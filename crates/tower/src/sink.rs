//! An incident sink that emits `tracing` events, for services that ship logs already.

use std::sync::Arc;
use tightlip_incident::Incident;
use tightlip_incident::sink::{IncidentSink, SinkError};

/// Writes each incident as one `tracing` error event on target `tightlip::incident`.
///
/// Plug it into a [`Recorder`](tightlip_incident::Recorder) like any other sink; the
/// event carries the ID, kind, code, status and the whole incident as JSON.
#[derive(Debug, Default)]
pub struct TracingSink;

impl IncidentSink for TracingSink {
    fn name(&self) -> &'static str {
        "tracing"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        for incident in batch {
            tracing::error!(
                target: "tightlip::incident",
                id = %incident.id,
                short_ref = %incident.short_ref,
                kind = %incident.kind,
                code = %incident.code,
                status = incident.public_status,
                incident = %incident.to_json(),
                "incident"
            );
        }
        Ok(())
    }
}
