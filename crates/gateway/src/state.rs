//! What every request handler shares: configuration, catalog, detector, recorder, pool.

use crate::config::{ConfigError, GatewayConfig};
use crate::upstream::{self, Pool, Upstream};
use tightlip_core::Catalog;
use tightlip_detect::{Detector, Redactor};
use tightlip_incident::{Recorder, StartError};

/// Shared, read-only state of a running gateway.
pub struct State {
    /// The configuration it was started with.
    pub config: GatewayConfig,
    /// The backend.
    pub upstream: Upstream,
    /// Keep-alive connections to the backend.
    pub pool: Pool,
    /// The error catalog.
    pub catalog: Catalog,
    /// The leak detector.
    pub detector: Detector,
    /// Masks secrets before anything is recorded.
    pub redactor: Redactor,
    /// Records incidents without blocking.
    pub recorder: Recorder,
    /// Request and response counters for `/metrics`.
    pub metrics: crate::metrics::Metrics,
}

/// The gateway could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The catalog is unreadable or invalid.
    #[error("{0}")]
    Catalog(String),
    /// The incident pipeline refused to start.
    #[error(transparent)]
    Incidents(#[from] StartError),
}

impl State {
    /// Builds the state; the caller runs it inside a Tokio runtime.
    pub fn new(config: GatewayConfig) -> Result<Self, SetupError> {
        let upstream = Upstream::parse(&config.upstream).map_err(|message| {
            SetupError::Config(ConfigError::Invalid {
                origin: "upstream".to_owned(),
                line: 1,
                column: 1,
                message,
            })
        })?;
        let catalog = match &config.catalog {
            None => Catalog::builtin(),
            Some(path) => {
                let source = std::fs::read_to_string(path).map_err(|error| {
                    SetupError::Catalog(format!("{}: cannot read: {error}", path.display()))
                })?;
                Catalog::from_toml(&source, &path.display().to_string())
                    .map_err(|error| SetupError::Catalog(error.to_string()))?
            }
        };
        let recorder = config.incidents.start()?;
        Ok(Self {
            upstream,
            pool: upstream::pool(),
            catalog,
            detector: Detector::builtin(),
            redactor: Redactor::new(),
            recorder,
            metrics: crate::metrics::Metrics::default(),
            config,
        })
    }
}
