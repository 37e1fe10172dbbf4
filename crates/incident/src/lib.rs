//! Incidents: the whole story behind a request ID, recorded without blocking the request.
//!
//! The request path builds an [`Incident`] (secrets already masked) and calls
//! [`Recorder::record`], which only enqueues. Writer threads batch incidents into sinks:
//! the embedded SQLite [`Store`] by default, JSON Lines files, syslog, OTLP. The store
//! answers lookups by request ID or short reference, lists and stats.
//!
//! ```
//! use tightlip_incident::{Incident, IncidentKind, ErrorOrigin, PipelineConfig, Recorder, Retention, Store};
//! use tightlip_incident::sink::SqliteSink;
//! use std::time::Duration;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("incidents.db");
//! let store = SqliteSink::open(&path, Retention::default())?;
//! let recorder = Recorder::start(vec![Box::new(store)], PipelineConfig::default());
//! let incident = Incident::example("f47ac10b-58cc-4372-a567-0e02b2c3d479");
//! recorder.record(incident);
//! recorder.shutdown(Duration::from_secs(5));
//!
//! let found = Store::open(&path)?.get("f47ac10b-58cc-4372-a567-0e02b2c3d479")?.expect("stored");
//! assert_eq!(found.kind, IncidentKind::LeakBlocked);
//! assert_eq!(Store::open(&path)?.get(&found.short_ref)?.expect("by short ref").id, found.id);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod capture;
mod config;
mod pipeline;
mod record;
mod retention;
pub mod sink;
mod store;
pub mod units;

pub use config::{IncidentConfig, OnStoreFailure, RetentionConfig, SinkConfig, StartError};
pub use pipeline::{LaneStats, PipelineConfig, Recorder};
pub use record::{
    CapturedResponse, ErrorOrigin, FindingRecord, Incident, IncidentKind, UnknownKind,
};
pub use retention::Retention;
pub use store::{
    Filter, IncidentSummary, InvalidStatusFilter, LayoutError, PipelineCounters, StatusFilter,
    Store, StoreError, StoreStats,
};

/// Nanoseconds since the Unix epoch, now.
pub fn now_ns() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_nanos()).unwrap_or(i64::MAX)
}

/// This machine's host name, for incidents recorded by a fleet. Asked of the system
/// once per process (a system call per incident showed in profiles of error floods).
pub fn host_name() -> String {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| gethostname::gethostname().to_string_lossy().into_owned())
        .clone()
}
