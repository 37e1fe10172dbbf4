//! The `[incidents]` configuration and starting a recorder from it.

use crate::sink::{
    IncidentSink, JsonlConfig, JsonlSink, Reopening, SinkError, SqliteSink, StderrSink, SyslogSink,
    SyslogTarget,
};
use crate::{PipelineConfig, Recorder, Retention, units};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// What to do when the embedded store cannot be opened at start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnStoreFailure {
    /// Start anyway: incidents go to stderr, health reports degraded, retries continue.
    #[default]
    Degrade,
    /// Refuse to start.
    Refuse,
}

/// The `[incidents]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentConfig {
    /// Path of the embedded store; `store = ""` turns it off.
    #[serde(default = "default_store")]
    pub store: PathBuf,
    /// What to do if the store cannot be opened.
    #[serde(default)]
    pub on_store_failure: OnStoreFailure,
    /// Incidents each sink's queue holds before dropping.
    #[serde(default = "default_queue")]
    pub queue_capacity: usize,
    /// Bytes each sink's queue holds before dropping, like `2MiB`.
    #[serde(default = "default_queue_bytes", deserialize_with = "queue_size")]
    pub queue_bytes: u64,
    /// Most bytes of an upstream body kept in an incident.
    #[serde(default = "default_capture", deserialize_with = "required_size")]
    pub capture_limit: u64,
    /// Retention of the embedded store.
    #[serde(default)]
    pub retention: RetentionConfig,
    /// Further sinks.
    #[serde(default)]
    pub sinks: Vec<SinkConfig>,
}

/// Retention limits in human units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    /// Oldest incident kept, like `30d`.
    #[serde(default, deserialize_with = "units::duration")]
    pub max_age: Option<Duration>,
    /// Most incidents kept.
    #[serde(default)]
    pub max_rows: Option<u64>,
    /// Most bytes kept, like `1GiB`.
    #[serde(default, deserialize_with = "units::size")]
    pub max_bytes: Option<u64>,
}

/// One extra sink.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SinkConfig {
    /// JSON Lines file with rotation.
    Jsonl {
        /// Live file path.
        path: PathBuf,
        /// Rotate at this size (default 100MiB).
        #[serde(default, deserialize_with = "units::size")]
        max_bytes: Option<u64>,
        /// Rotated files kept (default 5).
        #[serde(default)]
        keep: Option<u32>,
    },
    /// RFC 5424 syslog or journald.
    Syslog {
        /// `unix:///dev/log`, `udp://host:514`, `tcp://host:601` or `journald`.
        target: String,
    },
    /// OpenTelemetry logs over OTLP.
    Otlp {
        /// Collector endpoint, such as `http://127.0.0.1:4318` (HTTP) or `http://127.0.0.1:4317` (gRPC).
        endpoint: String,
        /// `http` (protobuf over HTTP, default) or `grpc`.
        #[serde(default)]
        protocol: crate::sink::OtlpProtocol,
    },
}

fn default_store() -> PathBuf {
    PathBuf::from("./tightlip-data/incidents.db")
}

fn default_queue() -> usize {
    PipelineConfig::default().queue_capacity
}

fn default_queue_bytes() -> u64 {
    PipelineConfig::default().queue_bytes
}

fn queue_size<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    units::size(deserializer).map(|size| size.unwrap_or_else(default_queue_bytes))
}

fn default_capture() -> u64 {
    crate::capture::DEFAULT_CAPTURE_LIMIT as u64
}

fn required_size<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    units::size(deserializer).map(|size| size.unwrap_or_else(default_capture))
}

impl Default for IncidentConfig {
    fn default() -> Self {
        Self {
            store: default_store(),
            on_store_failure: OnStoreFailure::default(),
            queue_capacity: default_queue(),
            queue_bytes: default_queue_bytes(),
            capture_limit: default_capture(),
            retention: RetentionConfig::default(),
            sinks: Vec::new(),
        }
    }
}

/// Starting the pipeline failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The store failed and the configuration says refuse.
    #[error(
        "incident store {path} cannot be opened: {source} (set on_store_failure = \"degrade\" to start anyway)"
    )]
    Store {
        /// The store path.
        path: PathBuf,
        /// Why.
        source: SinkError,
    },
    /// A sink's settings are invalid.
    #[error("incident sink: {0}")]
    Sink(String),
}

impl RetentionConfig {
    /// The limits, with defaults for those not set.
    pub fn resolve(&self) -> Retention {
        let defaults = Retention::default();
        Retention {
            max_age: self.max_age.or(defaults.max_age),
            max_rows: self.max_rows.or(defaults.max_rows),
            max_bytes: self.max_bytes.or(defaults.max_bytes),
        }
    }
}

impl IncidentConfig {
    /// Opens every sink and starts the pipeline.
    ///
    /// A store that cannot be opened degrades (stderr fallback, retried every 10 s)
    /// unless `on_store_failure = "refuse"`. Other sinks that cannot connect start
    /// degraded and retry the same way; only invalid settings fail.
    pub fn start(&self) -> Result<Recorder, StartError> {
        let mut sinks: Vec<(Box<dyn IncidentSink>, Option<String>)> = Vec::new();
        if !self.store.as_os_str().is_empty() {
            let path = self.store.clone();
            let retention = self.retention.resolve();
            match SqliteSink::open(&path, retention) {
                Ok(sink) => sinks.push((Box::new(sink), None)),
                Err(source) if self.on_store_failure == OnStoreFailure::Refuse => {
                    return Err(StartError::Store { path, source });
                }
                Err(error) => {
                    let reason = format!("store {}: {error}", path.display());
                    let reopening = Reopening::new("sqlite", &error, RETRY, move || {
                        SqliteSink::open(&path, retention)
                    });
                    sinks.push((Box::new(reopening), Some(reason)));
                }
            }
        }
        for sink in &self.sinks {
            sinks.push(start_sink(sink)?);
        }
        if sinks.is_empty() {
            sinks.push((Box::new(StderrSink), None));
        }
        let pipeline = PipelineConfig {
            queue_capacity: self.queue_capacity,
            queue_bytes: self.queue_bytes,
            ..PipelineConfig::default()
        };
        Ok(Recorder::start_with_states(sinks, pipeline))
    }
}

const RETRY: Duration = Duration::from_secs(10);

fn start_sink(config: &SinkConfig) -> Result<(Box<dyn IncidentSink>, Option<String>), StartError> {
    fn degraded<S: IncidentSink>(
        name: &'static str,
        opened: Result<S, SinkError>,
        open: impl FnMut() -> Result<S, SinkError> + Send + 'static,
    ) -> (Box<dyn IncidentSink>, Option<String>) {
        match opened {
            Ok(sink) => (Box::new(sink), None),
            Err(error) => {
                let reason = error.to_string();
                (
                    Box::new(Reopening::new(name, &error, RETRY, open)),
                    Some(reason),
                )
            }
        }
    }
    Ok(match config {
        SinkConfig::Jsonl {
            path,
            max_bytes,
            keep,
        } => {
            let mut jsonl = JsonlConfig::new(path);
            jsonl.max_bytes = max_bytes.unwrap_or(jsonl.max_bytes);
            jsonl.keep = keep.unwrap_or(jsonl.keep);
            // One SIGHUP registration for the life of the sink, however often it reopens.
            let sighup = JsonlSink::open(jsonl.clone()).and_then(JsonlSink::reopen_on_sighup);
            let flag = if let Ok(sink) = &sighup {
                sink.reopen_flag()
            } else {
                let flag = Arc::new(AtomicBool::new(false));
                #[cfg(unix)]
                signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&flag))
                    .map_err(|error| StartError::Sink(format!("registering SIGHUP: {error}")))?;
                flag
            };
            let open = move || {
                JsonlSink::open(jsonl.clone()).map(|sink| sink.with_reopen_flag(flag.clone()))
            };
            degraded("jsonl", sighup, open)
        }
        SinkConfig::Syslog { target } => {
            let target = SyslogTarget::parse(target).map_err(StartError::Sink)?;
            let open = move || SyslogSink::connect(target.clone());
            let first = open.clone();
            degraded("syslog", first(), open)
        }
        SinkConfig::Otlp { endpoint, protocol } => {
            let exporter =
                crate::sink::OtlpSink::new(endpoint, *protocol).map_err(StartError::Sink)?;
            (Box::new(exporter), None)
        }
    })
}
