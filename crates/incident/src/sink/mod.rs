//! Where incidents go: the trait every sink implements, and the sinks tightlip ships.

mod checkpoint;
mod fallback;

mod jsonl;
mod otlp;
mod reopen;
mod sqlite;
mod syslog;

pub use fallback::StderrSink;

pub use jsonl::{JsonlConfig, JsonlSink};
pub use otlp::{OtlpProtocol, OtlpSink};
pub use reopen::Reopening;
pub use sqlite::SqliteSink;
pub use syslog::{SyslogSink, SyslogTarget};

use crate::Incident;
use crate::pipeline::LaneStats;
use std::sync::Arc;

/// A destination for incidents, driven by its own writer thread.
///
/// Writers hand over batches; a sink may fail a batch, and the pipeline then sends that
/// batch to the fallback (stderr JSON lines) so nothing is lost silently.
pub trait IncidentSink: Send + 'static {
    /// Short name for stats and metrics, such as `sqlite` or `jsonl`.
    fn name(&self) -> &str;

    /// Writes a batch durably enough for this sink's promise.
    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError>;

    /// Periodic upkeep between batches (retention, reopening rotated files), with the
    /// lane's counters so a sink can persist them.
    fn maintain(&mut self, _stats: &LaneStats) -> Result<(), SinkError> {
        Ok(())
    }
}

/// A sink failed to write.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    /// The embedded store failed.
    #[error("store: {0}")]
    Store(#[from] rusqlite::Error),
    /// The embedded store has a layout this version does not write.
    #[error("store: {0}")]
    Layout(#[from] crate::LayoutError),
    /// The sink could not be opened and is waiting to retry.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A file or socket failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path or address.
        context: String,
        /// The OS error.
        source: std::io::Error,
    },
}

impl SinkError {
    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        SinkError::Io {
            context: context.into(),
            source,
        }
    }
}
