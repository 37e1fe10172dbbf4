//! The sink of last resort: one JSON line per incident on stderr.

use super::{IncidentSink, SinkError};
use crate::Incident;
use std::io::Write;
use std::sync::Arc;

/// Writes incidents as JSON lines to stderr, where a supervisor or journald picks them up.
#[derive(Debug, Default)]
pub struct StderrSink;

impl IncidentSink for StderrSink {
    fn name(&self) -> &'static str {
        "stderr"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        let mut out = std::io::stderr().lock();
        for incident in batch {
            writeln!(out, "{{\"tightlip_incident\":{}}}", incident.to_json())
                .map_err(|error| SinkError::io("stderr", error))?;
        }
        Ok(())
    }
}
