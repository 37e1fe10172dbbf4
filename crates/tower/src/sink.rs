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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Mutex;
    use tightlip_incident::{ErrorOrigin, IncidentKind};

    /// A `tracing` writer into a shared buffer.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn incident() -> Incident {
        Incident {
            id: "3f2c8a9e-1b4d-4c7e-9f3a-000000000007".to_owned(),
            short_ref: "7K3M-9QXD-2F".to_owned(),
            client_request_id: None,
            at_ns: 0,
            kind: IncidentKind::Panic,
            origin: ErrorOrigin::Own {
                reason: "panic".to_owned(),
            },
            route: None,
            method: "GET".to_owned(),
            path: "/orders/7".to_owned(),
            client_addr: None,
            upstream_addr: None,
            upstream_status: None,
            public_status: 500,
            code: "INTERNAL_ERROR".to_owned(),
            findings: Vec::new(),
            upstream: None,
            error_chain: vec!["panic: index out of bounds".to_owned()],
            trace_id: None,
            duration_us: 12,
            host: "test".to_owned(),
        }
    }

    #[test]
    fn each_incident_is_one_error_event_with_the_whole_incident() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            TracingSink.write_batch(&[Arc::new(incident())]).unwrap();
        });
        let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(output.lines().count(), 1, "{output}");
        assert!(output.contains("ERROR tightlip::incident"), "{output}");
        assert!(output.contains("3f2c8a9e-1b4d-4c7e-9f3a-000000000007"));
        assert!(output.contains("kind=panic"), "{output}");
        assert!(output.contains("index out of bounds"), "{output}");
    }
}
